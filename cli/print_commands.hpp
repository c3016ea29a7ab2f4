// cli/print_commands.hpp — `jiebang print form`: the filed form as an A4 PDF, and optionally on a CUPS printer.
// One narrow entry point so the dispatcher (cli/main.cpp) needs one line, whatever parser it moves to.
// Exit codes as every command: 0 done, 1 the input is invalid (bad submission, receipt mismatch, unknown
// printer), 2 usage, 3 the tool could not work (assets, font, PDF not writable, CUPS not running).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace jiebang::cli {

int print_command(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& error);

}  // namespace jiebang::cli

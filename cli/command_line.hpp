// cli/command_line.hpp — `jiebang`'s whole command line, parsed with CLI11: the core commands
// (cli/core_commands.hpp) and the staff commands over an aggregator's store (cli/staff/). `--help` works on
// the tool, every group and every command; an unknown command or option, a missing option and a value that
// does not parse (`--limit abc`, `--from xyz`, `--month 2026-1x`) are usage errors (exit 2) that name the
// option. Exit codes are in cli/command_context.hpp.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace jiebang::cli {

// Runs one command line (without the program name) and returns the exit code. Used by main() and by
// tests and benchmarks that drive the staff commands in-process.
int run_command_line(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& error);

}  // namespace jiebang::cli

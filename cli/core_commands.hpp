// cli/core_commands.hpp — the `jiebang` subcommands that need only the core library.
// Each returns the process exit code: 0 success, 1 the input is invalid (and says why), 2 usage error,
// 3 the tool itself could not work (assets missing, file unreadable). Output is JSON where a program may read
// it, and every error names the field id and its stable code.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace jiebang::cli {

using Arguments = std::vector<std::string>;

int check_command(const Arguments& arguments, std::ostream& out, std::ostream& error);
int validate_command(const Arguments& arguments, std::ostream& out, std::ostream& error);
int funding_command(const Arguments& arguments, std::ostream& out, std::ostream& error);
int keygen_command(const Arguments& arguments, std::ostream& out, std::ostream& error);
int receipt_command(const Arguments& arguments, std::ostream& out, std::ostream& error);
int profiles_command(const Arguments& arguments, std::ostream& out, std::ostream& error);
int forms_command(const Arguments& arguments, std::ostream& out, std::ostream& error);

}  // namespace jiebang::cli

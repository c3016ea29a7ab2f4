// cli/main.cpp — `jiebang`: the core on the command line and the staff's work on an aggregator's store.
// Everything is in cli/command_line.hpp; main only sets a private umask (stores, keys and exports it creates
// are 0600, folders 0700: issue 9 item 6) and hands over the arguments.
#include <sys/stat.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/command_line.hpp"

int main(int argument_count, char** argument_values) {
    ::umask(077);
    std::vector<std::string> arguments(argument_values + 1, argument_values + argument_count);
    return jiebang::cli::run_command_line(arguments, std::cout, std::cerr);
}

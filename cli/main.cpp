// cli/main.cpp — `jiebang`, the command-line face of the core and of the staff's work on an aggregator store.
// It dispatches the first word to a command; every command returns an exit code (0 ok, 1 invalid input,
// 2 usage, 3 the tool could not work) and writes errors to stderr with their stable codes.
#include <iostream>
#include <string>
#include <vector>

#include "cli/core_commands.hpp"
#include "cli/print_commands.hpp"
#ifdef JIEBANG_HAS_STAFF_COMMANDS
#include "sync/staff/staff_commands.hpp"
#endif

namespace {

const char* const usage_text =
    "usage: jiebang COMMAND ...\n"
    "\n"
    "Core (no network, no display):\n"
    "  check uscc CODE [--profile NAME]          exit 0 if valid; 1 and the reason if not\n"
    "  validate demand|bid FILE.json --profile NAME [--board BOARD.json] [--locale zh|en]\n"
    "                                            every error with field id and code (JSON); exit 1 if any\n"
    "  funding --profile NAME --amount WAN [--type TYPE] [--county CODE] [--kind KIND]\n"
    "                                            subsidy, tranches and cost shares as JSON\n"
    "  keygen [--out FILE]                       new Ed25519 receipt-signing key; prints the public key\n"
    "  receipt verify PAYLOAD --pubkey KEY       verify a receipt QR payload offline\n"
    "  receipt parse NUMBER                      check a typed receipt number\n"
    "  profiles                                  list the city profiles\n"
    "  forms show demand|bid --profile NAME      list a form's steps and fields under a profile\n"
    "  print form --submission F --profile NAME --receipt NUMBER --out F.pdf [--printer NAME]\n"
    "                                            the filed form as an A4 PDF; via CUPS with --printer\n"
#ifdef JIEBANG_HAS_STAFF_COMMANDS
    "\n"
    "Staff (on an aggregator's store, --store PATH):\n"
    "  terminal | submissions | board | bids | export | report | feed   (jiebang GROUP --help)\n"
#endif
    "\n"
    "Assets are read from $JIEBANG_ASSETS, else the source tree's assets/.\n";

}  // namespace

int main(int argument_count, char** argument_values) {
    std::vector<std::string> arguments(argument_values + 1, argument_values + argument_count);
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help") {
        std::cout << usage_text;
        return arguments.empty() ? 2 : 0;
    }
    const std::string command = arguments[0];
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    using namespace jiebang::cli;
    if (command == "check")
        return check_command(rest, std::cout, std::cerr);
    if (command == "validate")
        return validate_command(rest, std::cout, std::cerr);
    if (command == "funding")
        return funding_command(rest, std::cout, std::cerr);
    if (command == "keygen")
        return keygen_command(rest, std::cout, std::cerr);
    if (command == "receipt")
        return receipt_command(rest, std::cout, std::cerr);
    if (command == "profiles")
        return profiles_command(rest, std::cout, std::cerr);
    if (command == "forms")
        return forms_command(rest, std::cout, std::cerr);
    if (command == "print")
        return print_command(rest, std::cout, std::cerr);
#ifdef JIEBANG_HAS_STAFF_COMMANDS
    for (const auto& group : jiebang::sync::staff_command_groups()) {
        if (group == command)
            return jiebang::sync::run_staff_command(arguments, std::cout, std::cerr);
    }
#endif
    std::cerr << "jiebang: unknown command '" << command << "'\n\n" << usage_text;
    return 2;
}

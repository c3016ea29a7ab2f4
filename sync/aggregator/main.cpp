// sync/aggregator/main.cpp — the jiebang-aggregator executable: parses flags/config (exit 2 naming the
// option, key or file when they are wrong; --help prints the options and exits 0), handles SIGTERM/SIGINT
// by asking the server loop to stop (it finishes the round in progress, so nothing half-acknowledged),
// prints the public key with --print-public-key (for enrolment at the next tier), and checks the store's
// integrity with --check-store (exit 0 sound, 1 damaged or unreadable).
#include <csignal>
#include <iostream>

#include "sync/aggregator/aggregator.hpp"
#include "sync/transport/zmq_support.hpp"

namespace {
std::atomic<bool> stop_requested{false};
extern "C" void request_stop(int) {
    stop_requested = true;
}
}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> arguments(argv + 1, argv + argc);
    auto config = jiebang::sync::parse_aggregator_arguments(arguments);
    if (!config) {
        std::cerr << "jiebang-aggregator: " << config.error().code << " " << config.error().field << ": "
                  << config.error().detail << "\n"
                  << "run jiebang-aggregator --help for the options\n";
        return 2;
    }
    if (config->help) {
        std::cout << jiebang::sync::aggregator_help();
        return 0;
    }
    if (config->print_public_key) {
        auto keys = jiebang::sync::CurveKeyPair::load_or_create(config->key_file());
        if (!keys) {
            std::cerr << "jiebang-aggregator: " << keys.error().code << " " << keys.error().field << ": "
                      << keys.error().detail << "\n";
            return 1;
        }
        std::cout << keys->public_key << "\n";
        return 0;
    }
    if (config->check_store)
        return jiebang::sync::check_aggregator_store(config.value(), std::cout, std::cerr);
    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
    return jiebang::sync::run_aggregator(config.value(), stop_requested, std::cerr);
}

// sync/aggregator/main.cpp — the jiebang-aggregator executable: parses flags/config (exit 2 naming the
// option, key or file when they are wrong; --help prints the options and exits 0), handles SIGTERM/SIGINT
// by asking the server loop to stop (it finishes the round in progress, so nothing half-acknowledged),
// prints the public key with --print-public-key (for enrolment at the next tier), checks the store's
// integrity with --check-store (exit 0 sound, 1 damaged or unreadable), writes one online backup with
// --backup-now and restores one with --restore FILE (exit 0 done, 1 refused or failed: nothing changed;
// sync/aggregator/backup.hpp, docs/operations.md).
#include <csignal>
#include <ctime>
#include <iostream>

#include "sync/aggregator/aggregator.hpp"
#include "sync/aggregator/backup.hpp"
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
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    if (config->backup_now) {
        auto written = jiebang::sync::write_backup(config->store_file(), config->backup_dir, now);
        if (!written) {
            std::cerr << "jiebang-aggregator: backup failed: " << written.error().code << " "
                      << written.error().field << ": " << written.error().detail << "\n";
            return 1;
        }
        std::cout << "backup written: " << written->path.string() << " (" << written->bytes << " bytes)\n";
        return 0;
    }
    if (!config->restore_file.empty()) {
        auto restored =
            jiebang::sync::restore_backup(config->restore_file, config->data_dir, config->store_file(), now);
        if (!restored) {
            std::cerr << "jiebang-aggregator: restore refused: " << restored.error().code << " "
                      << restored.error().field << ": " << restored.error().detail
                      << "\nnothing was changed\n";
            return 1;
        }
        std::cout << "restored " << config->restore_file.string() << " as " << restored->restored.string()
                  << " (" << restored->submissions << " submissions, schema "
                  << restored->schema_version_before << " -> " << restored->schema_version_after << ")\n";
        if (!restored->kept_aside.empty())
            std::cout << "the replaced store is kept as " << restored->kept_aside.string() << "\n";
        std::cout << "next: start the aggregator; terminals send again what the backup lacks "
                     "(docs/operations.md, restore drill)\n";
        return 0;
    }
    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
    return jiebang::sync::run_aggregator(config.value(), stop_requested, std::cerr);
}

// sync/agent/main.cpp — jiebang-sync-agent: the terminal's sync agent as its own process (tests, headless
// terminals). Flags override the optional TOML file (assets/config/terminal.toml shows every key).
//   jiebang-sync-agent --store FILE --key-file FILE --endpoint ENDPOINT --server-key Z85
//                      [--config FILE] [--assets DIR] [--retention-days N] [--window N]
//                      [--heartbeat-interval-ms N] [--reply-timeout-ms N] [--exit-when-drained]
//                      [--max-seconds N] [--print-public-key]
// --print-public-key creates the CURVE key file if needed and prints the public key (for enrolment).
// A key file that group or others can read is refused (key.permissions: names the file and "chmod 600").
// --assets (default: $JIEBANG_ASSETS, else the source tree's assets/ when run from the build tree) is where
// the forms are: the agent needs them to know which fields are personal and purge them after retention, so
// without them it refuses to start (sync.assets_unavailable, exit 1) rather than keep personal data forever.
// --exit-when-drained exits 0 once the outbox has nothing pending after contact with the aggregator.
// Logs: one state line on change (counts and codes only), on stderr.
#include <toml++/toml.h>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <thread>

#include "sync/agent/sync_agent.hpp"

namespace {
std::atomic<bool> stop_requested{false};
extern "C" void request_stop(int) {
    stop_requested = true;
}

int usage(const std::string& message) {
    std::cerr
        << "jiebang-sync-agent: " << message << "\n"
        << "usage: jiebang-sync-agent --store FILE --key-file FILE --endpoint ENDPOINT --server-key Z85\n"
           "       [--config FILE] [--assets DIR] [--retention-days N] [--window N]\n"
           "       [--heartbeat-interval-ms N] [--reply-timeout-ms N] [--exit-when-drained]\n"
           "       [--max-seconds N] [--print-public-key]\n";
    return 2;
}

bool parse_number(const std::string& text, long long& out) {
    if (text.empty() || text.size() > 12)
        return false;
    out = 0;
    for (char character : text) {
        if (character < '0' || character > '9')
            return false;
        out = out * 10 + (character - '0');
    }
    return true;
}
}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> options;
    bool exit_when_drained = false;
    bool print_public_key = false;
    static const std::vector<std::string> valued = {"--store",
                                                    "--key-file",
                                                    "--endpoint",
                                                    "--server-key",
                                                    "--config",
                                                    "--assets",
                                                    "--retention-days",
                                                    "--window",
                                                    "--heartbeat-interval-ms",
                                                    "--reply-timeout-ms",
                                                    "--max-seconds"};
    for (int index = 1; index < argc; ++index) {
        const std::string argument = argv[index];
        if (argument == "--exit-when-drained") {
            exit_when_drained = true;
        } else if (argument == "--print-public-key") {
            print_public_key = true;
        } else if (std::find(valued.begin(), valued.end(), argument) != valued.end() && index + 1 < argc) {
            options[argument] = argv[++index];
        } else {
            return usage("unknown option or missing value: " + argument);
        }
    }
    // TOML first, flags win.
    std::map<std::string, std::string> settings;
    if (options.count("--config") > 0) {
        try {
            toml::table table = toml::parse_file(options["--config"]);
            static const std::map<std::string, std::string> keys = {
                {"store", "--store"},
                {"key_file", "--key-file"},
                {"assets", "--assets"},
                {"endpoint", "--endpoint"},
                {"server_public_key", "--server-key"},
                {"retention_days", "--retention-days"},
                {"window", "--window"},
                {"heartbeat_interval_ms", "--heartbeat-interval-ms"},
                {"reply_timeout_ms", "--reply-timeout-ms"}};
            const toml::table* sync = table["sync"].as_table();
            if (sync == nullptr)
                return usage("config.key sync: the file needs a [sync] table");
            for (const auto& [key, node] : *sync) {
                auto found = keys.find(std::string(key.str()));
                if (found == keys.end())
                    return usage("config.key sync." + std::string(key.str()) + ": unknown key");
                if (node.is_string()) {
                    settings[found->second] = node.value<std::string>().value_or("");
                } else if (node.is_integer()) {
                    settings[found->second] = std::to_string(node.value<std::int64_t>().value_or(0));
                } else {
                    return usage("config.value sync." + std::string(key.str()) +
                                 ": expected text or a number");
                }
            }
        } catch (const toml::parse_error& error) {
            return usage("config.file " + options["--config"] + ": " + std::string(error.description()));
        }
    }
    for (const auto& [key, value] : options)
        settings[key] = value;

    for (const char* required : {"--key-file"}) {
        if (settings.count(required) == 0)
            return usage(std::string(required) + " is required");
    }
    auto keys = jiebang::sync::CurveKeyPair::load_or_create(settings["--key-file"]);
    if (!keys) {
        std::cerr << "jiebang-sync-agent: " << keys.error().code << " " << keys.error().field << ": "
                  << keys.error().detail << "\n";
        return 1;
    }
    if (print_public_key) {
        std::cout << keys->public_key << "\n";
        return 0;
    }
    for (const char* required : {"--store", "--endpoint", "--server-key"}) {
        if (settings.count(required) == 0)
            return usage(std::string(required) + " is required");
    }
    jiebang::sync::SyncAgentConfig config;
    config.aggregator_endpoint = settings["--endpoint"];
    config.aggregator_public_key = settings["--server-key"];
    config.terminal_keys = keys.value();
    config.terminal_store_path = settings["--store"];
    if (settings.count("--assets") > 0)
        config.assets_directory = settings["--assets"];
    long long number = 0;
    long long max_seconds = 0;
    for (const auto& [flag, target] :
         std::map<std::string, int*>{{"--window", &config.window},
                                     {"--heartbeat-interval-ms", &config.heartbeat_interval_ms},
                                     {"--reply-timeout-ms", &config.reply_timeout_ms}}) {
        if (settings.count(flag) == 0)
            continue;
        if (!parse_number(settings[flag], number) || number <= 0 || number > 10000000) {
            return usage(flag + " needs a positive whole number");
        }
        *target = static_cast<int>(number);
    }
    if (settings.count("--retention-days") > 0) {
        if (!parse_number(settings["--retention-days"], number))
            return usage("--retention-days needs a number");
        config.retention_seconds = number * 24 * 3600;
    }
    if (settings.count("--max-seconds") > 0 && !parse_number(settings["--max-seconds"], max_seconds)) {
        return usage("--max-seconds needs a number");
    }

    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
    jiebang::sync::SyncAgent agent(config);
    if (auto started = agent.start(); !started) {
        std::cerr << "jiebang-sync-agent: " << started.error().code << " " << started.error().field << ": "
                  << started.error().detail << "\n";
        return 1;
    }
    const auto began = std::chrono::steady_clock::now();
    std::string last_line;
    int exit_code = 0;
    while (!stop_requested.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto state = agent.snapshot();
        const std::string line =
            std::string(state.online ? "online" : "offline") + " pending=" + std::to_string(state.pending) +
            " quarantined=" + std::to_string(state.quarantined) +
            " board=" + std::to_string(state.board_version) +
            " status=" + std::to_string(state.status_sequence) + " error=" + state.last_error_code;
        if (line != last_line) {
            std::cerr << "jiebang-sync-agent: " << line << std::endl;
            last_line = line;
        }
        if (exit_when_drained && state.online && state.pending == 0 && state.last_contact_at > 0)
            break;
        if (max_seconds > 0 && std::chrono::steady_clock::now() - began > std::chrono::seconds(max_seconds)) {
            exit_code = 3;
            break;
        }
    }
    agent.stop();
    return exit_code;
}

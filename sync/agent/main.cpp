// sync/agent/main.cpp — jiebang-sync-agent: the terminal's sync agent as its own process (tests, headless
// terminals). Arguments are parsed with CLI11 (`--help` lists them); flags override the optional TOML file
// (assets/config/terminal.toml shows every key); a number out of its range, from a flag or from the file, is a
// usage error (exit 2) naming the option or the key.
//   jiebang-sync-agent --store FILE --key-file FILE --endpoint ENDPOINT --server-key Z85
//                      [--config FILE] [--assets DIR] [--retention-days N] [--window N]
//                      [--heartbeat-interval-ms N] [--reply-timeout-ms N] [--exit-when-drained]
//                      [--max-seconds N] [--print-public-key] [--clock-offset SECONDS]
// --clock-offset (tests and drills only) moves this terminal's clock by SECONDS (negative: back) wherever the
// agent compares it with the county's (the skew it keeps in the store, docs/protocol.md 19.1); pass the
// kiosk's own --clock-offset.
// --print-public-key creates the CURVE key file if needed and prints the public key (for enrolment).
// A key file that group or others can read is refused (key.permissions: names the file and "chmod 600").
// --assets (default: $JIEBANG_ASSETS, else the source tree's assets/ when run from the build tree) is where
// the forms are: the agent needs them to know which fields are personal and purge them after retention, so
// without them it refuses to start (sync.assets_unavailable, exit 1) rather than keep personal data forever.
// --exit-when-drained exits 0 once the outbox has nothing pending after contact with the aggregator and the
// terminal's conditions were reported (or the county does not take them, docs/protocol.md 19).
// Logs: one state line on change (counts and codes only), on stderr.
#include <toml++/toml.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include "sync/agent/sync_agent.hpp"

namespace {
std::atomic<bool> stop_requested{false};
extern "C" void request_stop(int) {
    stop_requested = true;
}

int usage(const std::string& message) {
    std::cerr << "jiebang-sync-agent: " << message << "\n(see jiebang-sync-agent --help)\n";
    return 2;
}

// A setting: its flag, its key in the [sync] table, and for numbers the accepted range.
struct Setting {
    const char* flag;
    const char* key;
    const char* help;
    long long minimum = 0;  // minimum == maximum == 0: text
    long long maximum = 0;
};

const std::vector<Setting>& settings_known() {
    static const std::vector<Setting> known = {
        {"--store", "store", "the terminal's SQLite store"},
        {"--key-file", "key_file", "the terminal's CURVE key file (created 0600 if missing)"},
        {"--endpoint", "endpoint", "the county aggregator's endpoint, e.g. tcp://county:7700"},
        {"--server-key", "server_public_key", "the aggregator's Z85 CURVE public key"},
        {"--assets", "assets", "assets folder (forms); default $JIEBANG_ASSETS"},
        {"--retention-days", "retention_days", "days contact data stays after the county has it", 0, 3650},
        {"--window", "window", "SUBMITs in flight", 1, 4096},
        {"--heartbeat-interval-ms", "heartbeat_interval_ms", "heartbeat interval", 100, 3600000},
        {"--reply-timeout-ms", "reply_timeout_ms", "how long a reply may take", 100, 3600000},
    };
    return known;
}

// An error message naming `what`, or nothing when `text` is a whole number in the setting's range.
std::optional<std::string> number_problem(const Setting& setting, const std::string& text,
                                          const std::string& what) {
    const std::string expected = "expected a whole number from " + std::to_string(setting.minimum) + " to " +
                                 std::to_string(setting.maximum);
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
        return what + ": " + expected + ", got '" + text + "'";
    const long long value = std::stoll(text);
    if (value < setting.minimum || value > setting.maximum)
        return what + ": " + expected + ", got " + text;
    return std::nullopt;
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App app(
        "jiebang-sync-agent: the terminal's sync agent (uploads receipted submissions, brings the board "
        "and progress down)",
        "jiebang-sync-agent");
    std::map<std::string, std::string> flags;
    std::string config_file;
    std::string max_seconds_text;
    bool exit_when_drained = false;
    bool print_public_key = false;
    app.add_option("--config", config_file, "TOML file with a [sync] table (flags win)");
    for (const Setting& setting : settings_known()) {
        auto* option = app.add_option(setting.flag, flags[setting.flag], setting.help);
        if (setting.maximum > 0) {
            const Setting copy = setting;
            option->check(CLI::Validator(
                [copy](std::string& value) { return number_problem(copy, value, "value").value_or(""); }, "N",
                "whole number"));
        }
    }
    app.add_option("--max-seconds", max_seconds_text, "exit with 3 after this many seconds (tests)")
        ->check(CLI::Validator(
            [](std::string& value) {
                return number_problem(Setting{"--max-seconds", "", "", 1, 100000000}, value, "value")
                    .value_or("");
            },
            "N", "whole number"));
    long long clock_offset = 0;
    app.add_option("--clock-offset", clock_offset, "move this terminal's clock by SECONDS (tests and drills)")
        ->check(CLI::Range(-1'600'000'000LL, 1'600'000'000LL));
    app.add_flag("--exit-when-drained", exit_when_drained, "exit 0 once nothing is pending after contact");
    app.add_flag("--print-public-key", print_public_key,
                 "create the key file if needed, print its public key");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::ParseError& error) {
        return usage(error.what());
    }
    // TOML first, flags win.
    std::map<std::string, std::string> settings;
    if (!config_file.empty()) {
        try {
            toml::table table = toml::parse_file(config_file);
            const toml::table* sync = table["sync"].as_table();
            if (sync == nullptr)
                return usage("config.key sync: the file needs a [sync] table");
            for (const auto& [key, node] : *sync) {
                const Setting* found = nullptr;
                for (const Setting& setting : settings_known()) {
                    if (key.str() == setting.key)
                        found = &setting;
                }
                if (found == nullptr)
                    return usage("config.key sync." + std::string(key.str()) + ": unknown key");
                std::string value;
                if (node.is_string()) {
                    value = node.value<std::string>().value_or("");
                } else if (node.is_integer()) {
                    value = std::to_string(node.value<std::int64_t>().value_or(0));
                } else {
                    return usage("config.value sync." + std::string(key.str()) +
                                 ": expected text or a number");
                }
                if (found->maximum > 0) {
                    if (auto problem =
                            number_problem(*found, value, "config.value sync." + std::string(key.str())))
                        return usage(*problem);
                }
                settings[found->flag] = value;
            }
        } catch (const toml::parse_error& error) {
            return usage("config.file " + config_file + ": " + std::string(error.description()));
        }
    }
    for (const auto& [flag, value] : flags) {
        if (app.count(flag) > 0)
            settings[flag] = value;
    }

    if (settings.count("--key-file") == 0)
        return usage("--key-file is required");
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
    for (const auto& [flag, target] :
         std::map<std::string, int*>{{"--window", &config.window},
                                     {"--heartbeat-interval-ms", &config.heartbeat_interval_ms},
                                     {"--reply-timeout-ms", &config.reply_timeout_ms}}) {
        if (settings.count(flag) > 0)
            *target = std::stoi(settings[flag]);  // checked against its range above
    }
    if (settings.count("--retention-days") > 0)
        config.retention_seconds = std::stoll(settings["--retention-days"]) * 24 * 3600;
    config.clock_offset_seconds = clock_offset;
    const long long max_seconds = max_seconds_text.empty() ? 0 : std::stoll(max_seconds_text);

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
        if (exit_when_drained && state.online && state.pending == 0 && state.last_contact_at > 0 &&
            state.conditions_settled)
            break;
        if (max_seconds > 0 && std::chrono::steady_clock::now() - began > std::chrono::seconds(max_seconds)) {
            exit_code = 3;
            break;
        }
    }
    agent.stop();
    return exit_code;
}

// kiosk/app/options.cpp — command-line parsing (see options.hpp).
#include "kiosk/app/options.hpp"

#include <toml++/toml.h>
#include <charconv>
#include <map>

namespace jiebang::kiosk {

namespace {

bool parse_int(const std::string& text, int& out, int minimum, int maximum) {
    int value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size())
        return false;
    if (value < minimum || value > maximum)
        return false;
    out = value;
    return true;
}

// Reads --config FILE into `options` (flags are applied afterwards and win).
Status apply_config_file(const std::string& file, KioskOptions& options) {
    try {
        const toml::table table = toml::parse_file(file);
        for (const auto& [section, node] : table) {
            const std::string section_name(section.str());
            const toml::table* entries = node.as_table();
            if (entries == nullptr || (section_name != "sync" && section_name != "kiosk")) {
                return Error("config.key", section_name, file + ": unknown table [" + section_name + "]");
            }
            for (const auto& [key, value] : *entries) {
                const std::string name = section_name + "." + std::string(key.str());
                const auto text = value.value<std::string>();
                const auto number = value.value<std::int64_t>();
                const auto need_text = [&]() -> Result<std::string> {
                    if (!text)
                        return Error("config.value", name, file + ": " + name + " must be text");
                    return *text;
                };
                const auto need_number = [&](int minimum, int maximum) -> Result<int> {
                    if (!number || *number < minimum || *number > maximum) {
                        return Error("config.value", name,
                                     file + ": " + name + " must be a whole number from " +
                                         std::to_string(minimum) + " to " + std::to_string(maximum));
                    }
                    return static_cast<int>(*number);
                };
                std::map<std::string, std::string*> text_keys = {
                    {"sync.endpoint", &options.sync_endpoint},
                    {"sync.server_public_key", &options.sync_server_key},
                    {"kiosk.profile", &options.profile_id},
                    {"kiosk.county", &options.county_admin_code},
                    {"kiosk.hall", &options.hall_name},
                    {"kiosk.printer", &options.printer_target},
                    {"kiosk.a4_printer", &options.a4_printer}};
                std::map<std::string, std::pair<int*, std::pair<int, int>>> number_keys = {
                    {"sync.retention_days", {&options.sync_retention_days, {0, 3650}}},
                    {"sync.window", {&options.sync_window, {1, 10000}}},
                    {"sync.heartbeat_interval_ms", {&options.sync_heartbeat_interval_ms, {10, 600000}}},
                    {"sync.reply_timeout_ms", {&options.sync_reply_timeout_ms, {10, 600000}}},
                    {"kiosk.terminal_number", {&options.terminal_number, {1, 999}}},
                    {"kiosk.clock_skew_limit_seconds", {&options.clock_skew_limit_seconds, {1, 86400}}}};
                if (auto found = text_keys.find(name); found != text_keys.end()) {
                    auto got = need_text();
                    if (!got)
                        return got.error();
                    *found->second = *got;
                } else if (auto counted = number_keys.find(name); counted != number_keys.end()) {
                    auto got = need_number(counted->second.second.first, counted->second.second.second);
                    if (!got)
                        return got.error();
                    *counted->second.first = *got;
                } else if (name == "sync.key_file" || name == "sync.store" || name == "kiosk.data_dir") {
                    auto got = need_text();
                    if (!got)
                        return got.error();
                    if (name == "sync.key_file")
                        options.sync_key_file = *got;
                    // The terminal keeps its store in its data directory: [sync] store names that file.
                    if (name == "sync.store")
                        options.data_directory = std::filesystem::path(*got).parent_path();
                    if (name == "kiosk.data_dir")
                        options.data_directory = *got;
                } else if (name == "kiosk.idle_warning_seconds" || name == "kiosk.idle_countdown_seconds" ||
                           name == "kiosk.elder_idle_warning_seconds" ||
                           name == "kiosk.elder_idle_countdown_seconds") {
                    auto got = need_number(1, 86400);
                    if (!got)
                        return got.error();
                    double& target = name == "kiosk.idle_warning_seconds"     ? options.idle_warning_seconds
                                     : name == "kiosk.idle_countdown_seconds" ? options.idle_countdown_seconds
                                     : name == "kiosk.elder_idle_warning_seconds"
                                         ? options.elder_idle_warning_seconds
                                         : options.elder_idle_countdown_seconds;
                    target = *got;
                } else if (name == "kiosk.elder_mode") {
                    const auto flag = value.value<bool>();
                    if (!flag)
                        return Error("config.value", name, file + ": " + name + " must be true or false");
                    options.elder_mode_default = *flag;
                } else if (name == "kiosk.admin_pin") {
                    return Error(
                        "config.key", name,
                        file +
                            ": kiosk.admin_pin is no longer read: the terminal asks for a PIN on its "
                            "first start and keeps only its hash (or use --set-admin-pin)");
                } else {
                    return Error("config.key", name, file + ": unknown key " + name);
                }
            }
        }
    } catch (const toml::parse_error& error) {
        return Error("config.file", file, file + ": " + std::string(error.description()));
    }
    return ok_status();
}

}  // namespace

std::string options_usage() {
    return "usage: jiebang-kiosk [--windowed] [--size WxH] [--data-dir DIR] [--assets DIR] [--profile ID]\n"
           "                     [--county CODE] [--terminal-number N] [--hall NAME] [--printer "
           "DEVICE_OR_FILE]\n"
           "                     [--a4-printer CUPS_QUEUE] [--clock-skew-limit SECONDS]\n"
           "                     [--set-admin-pin] [--idle-warning SECONDS] [--idle-countdown SECONDS] "
           "[--elder-mode]\n"
           "                     [--accelerated] [--sync-endpoint ENDPOINT --sync-server-key Z85 "
           "[--sync-key-file FILE]]\n"
           "                     [--script FILE --screenshots DIR [--screenshot-divisor N]] [--bench-report "
           "FILE] [--print-public-key] [--config FILE]\n"
           "                     [--store-busy-timeout-ms MS]\n";
}

Result<KioskOptions> parse_options(const std::vector<std::string>& arguments) {
    KioskOptions options;
    for (std::size_t index = 0; index + 1 < arguments.size(); ++index) {
        if (arguments[index] == "--config") {
            if (auto loaded = apply_config_file(arguments[index + 1], options); !loaded)
                return loaded.error();
        }
    }
    for (std::size_t index = 0; index < arguments.size(); ++index) {
        const std::string& flag = arguments[index];
        const auto value = [&]() -> Result<std::string> {
            if (index + 1 >= arguments.size())
                return Error("options.value", flag, flag + " needs a value");
            return arguments[++index];
        };
        const auto number = [&](int& out, int minimum, int maximum) -> Status {
            auto text = value();
            if (!text)
                return text.error();
            if (!parse_int(*text, out, minimum, maximum)) {
                return Error("options.value", flag,
                             flag + " needs a whole number from " + std::to_string(minimum) + " to " +
                                 std::to_string(maximum) + ", got '" + *text + "'");
            }
            return ok_status();
        };
        Status status;
        if (flag == "--windowed") {
            options.fullscreen = false;
        } else if (flag == "--accelerated") {
            options.accelerated_renderer = true;
        } else if (flag == "--print-public-key") {
            options.print_public_key = true;
        } else if (flag == "--elder-mode") {
            options.elder_mode_default = true;
        } else if (flag == "--set-admin-pin") {
            options.set_admin_pin = true;
        } else if (flag == "--admin-pin") {
            return Error(
                "options.unknown", flag,
                "--admin-pin is no longer accepted (a PIN on the command line shows in the process list): "
                "the terminal asks for a PIN on its first start, or use --set-admin-pin, which reads it "
                "from standard input");
        } else if (flag == "--help" || flag == "-h") {
            options.show_help = true;
        } else if (flag == "--size") {
            auto text = value();
            if (!text)
                return text.error();
            const auto cross = text->find('x');
            if (cross == std::string::npos || !parse_int(text->substr(0, cross), options.width, 320, 7680) ||
                !parse_int(text->substr(cross + 1), options.height, 240, 4320)) {
                return Error("options.value", flag,
                             "--size needs WIDTHxHEIGHT, e.g. 1920x1080, got '" + *text + "'");
            }
        } else if (flag == "--screenshot-divisor") {
            status = number(options.screenshot_divisor, 1, 4);
        } else if (flag == "--terminal-number") {
            status = number(options.terminal_number, 1, 999);
        } else if (flag == "--clock-skew-limit") {
            status = number(options.clock_skew_limit_seconds, 1, 86400);
        } else if (flag == "--store-busy-timeout-ms") {
            status = number(options.store_busy_timeout_ms, 0, 600000);
        } else if (flag == "--idle-warning" || flag == "--idle-countdown") {
            int seconds = 0;
            status = number(seconds, 1, 86400);
            (flag == "--idle-warning" ? options.idle_warning_seconds : options.idle_countdown_seconds) =
                seconds;
        } else {
            static const char* const text_flags[] = {
                "--data-dir",    "--assets",        "--profile",         "--county",        "--hall",
                "--printer",     "--sync-endpoint", "--sync-server-key", "--sync-key-file", "--script",
                "--screenshots", "--bench-report",  "--config",          "--a4-printer"};
            bool known = false;
            for (const char* text_flag : text_flags)
                known = known || flag == text_flag;
            if (!known)
                return Error("options.unknown", flag, "unknown option " + flag + "\n" + options_usage());
            auto text = value();
            if (!text)
                return text.error();
            if (flag == "--data-dir")
                options.data_directory = *text;
            if (flag == "--assets")
                options.assets_directory = *text;
            if (flag == "--profile")
                options.profile_id = *text;
            if (flag == "--county")
                options.county_admin_code = *text;
            if (flag == "--hall")
                options.hall_name = *text;
            if (flag == "--printer")
                options.printer_target = *text;
            if (flag == "--a4-printer")
                options.a4_printer = *text;
            if (flag == "--sync-endpoint")
                options.sync_endpoint = *text;
            if (flag == "--sync-server-key")
                options.sync_server_key = *text;
            if (flag == "--sync-key-file")
                options.sync_key_file = *text;
            if (flag == "--script")
                options.script_file = *text;
            if (flag == "--screenshots")
                options.screenshots_directory = *text;
            if (flag == "--bench-report")
                options.bench_report_file = *text;
        }
        if (!status)
            return status.error();
    }
    if (options.sync_endpoint.empty() != options.sync_server_key.empty()) {
        return Error("options.value", "--sync-endpoint", "--sync-endpoint and --sync-server-key go together");
    }
    return options;
}

}  // namespace jiebang::kiosk

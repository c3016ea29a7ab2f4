// kiosk/app/options.cpp — command-line parsing with CLI11 (see options.hpp; issue 9 item 7).
// Invariants: the TOML file (--config) is read first and every flag given wins; a number out of its range or
// not a number is a usage error naming the option (options.value), an unknown option names itself
// (options.unknown); --help shows every option. main.cpp exits 2 on either.
//
// Index: [SECTION] Config file  [SECTION] Command line
#include "kiosk/app/options.hpp"

#include <toml++/toml.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <limits>
#include <map>
#include <utility>

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

// [SECTION] Config file
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

// [SECTION] Command line
// Every flag as CLI11 parses it: text as given, so that the TOML file (read first) and the defaults are kept
// for every flag not given, and a flag given wins.
struct Flags {
    std::map<std::string, std::string> text;  // flag -> value, for the flags given
    bool windowed = false;
    bool accelerated = false;
    bool print_public_key = false;
    bool elder_mode = false;
    bool set_admin_pin = false;
    std::string config;
};

struct NumberFlag {
    const char* flag;
    const char* help;
    int minimum;
    int maximum;
};

const std::vector<NumberFlag>& number_flags() {
    static const std::vector<NumberFlag> flags = {
        {"--terminal-number", "this terminal's number in its county (first start only)", 1, 999},
        {"--clock-skew-limit", "seconds the clock may differ from the county's before no receipt is issued",
         1, 86400},
        {"--clock-offset", "move this terminal's clock by SECONDS, negative: back (tests and drills only)",
         -1'600'000'000, 1'600'000'000},
        {"--idle-warning", "seconds without a touch before the idle warning", 1, 86400},
        {"--idle-countdown", "seconds of the idle countdown before the form is wiped", 1, 86400},
        {"--store-busy-timeout-ms", "how long a save waits for another program's write lock", 0, 600000},
        {"--screenshot-divisor", "screenshots at 1/N of the panel's size", 1, 4},
    };
    return flags;
}

struct TextFlag {
    const char* flag;
    const char* help;
};

const std::vector<TextFlag>& text_flags() {
    static const std::vector<TextFlag> flags = {
        {"--size", "the panel's size WIDTHxHEIGHT (default 1920x1080)"},
        {"--data-dir", "the terminal's data folder (store, keys)"},
        {"--assets", "the assets folder (forms, profiles, strings, fonts)"},
        {"--profile", "the city profile (first start only)"},
        {"--county", "the county's administrative code (first start only)"},
        {"--hall", "the hall's name on receipts"},
        {"--printer", "the receipt printer: an ESC/POS device or a file"},
        {"--a4-printer", "the hall's A4 printer: a CUPS queue"},
        {"--sync-endpoint", "the county aggregator's endpoint (with --sync-server-key)"},
        {"--sync-server-key", "the county aggregator's public key (Z85)"},
        {"--sync-key-file", "this terminal's CURVE key file (default <data dir>/curve.key)"},
        {"--script", "run this script instead of a person (with --screenshots)"},
        {"--screenshots", "where the script's screenshots go"},
        {"--bench-report", "write frame timings to this file"},
        {"--speech-wav", "voice guidance into this WAV file (and FILE.log) instead of the loudspeaker"},
    };
    return flags;
}

// "a whole number from MIN to MAX" problems, for CLI11's validator (empty when fine).
std::string number_problem(const std::string& text, int minimum, int maximum) {
    int value = 0;
    if (!parse_int(text, value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()) ||
        value < minimum || value > maximum) {
        return "expected a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum) +
               ", got '" + text + "'";
    }
    return {};
}

void build_app(CLI::App& app, Flags& flags) {
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--config", flags.config, "TOML file with [sync] and [kiosk] tables (flags win)");
    app.add_flag("--windowed", flags.windowed, "a window instead of the full screen");
    app.add_flag("--accelerated", flags.accelerated, "use the GPU renderer");
    app.add_flag("--print-public-key", flags.print_public_key,
                 "create the keys if needed, print the public keys (for enrolment) and exit");
    app.add_flag("--elder-mode", flags.elder_mode, "every applicant starts in the large-print mode");
    app.add_flag("--set-admin-pin", flags.set_admin_pin,
                 "read a new admin PIN from standard input, store its hash and exit");
    for (const NumberFlag& number : number_flags()) {
        const int minimum = number.minimum;
        const int maximum = number.maximum;
        app.add_option(number.flag, flags.text[number.flag], number.help)
            ->check(CLI::Validator(
                [minimum, maximum](std::string& value) { return number_problem(value, minimum, maximum); },
                "N", "whole number"));
    }
    for (const TextFlag& text : text_flags())
        app.add_option(text.flag, flags.text[text.flag], text.help);
    app.get_option("--size")->check(CLI::Validator(
        [](std::string& value) {
            int width = 0;
            int height = 0;
            const auto cross = value.find('x');
            if (cross == std::string::npos || !parse_int(value.substr(0, cross), width, 320, 7680) ||
                !parse_int(value.substr(cross + 1), height, 240, 4320))
                return "expected WIDTHxHEIGHT, e.g. 1920x1080, got '" + value + "'";
            return std::string();
        },
        "WxH", "size"));
}

// The option a CLI11 message names ("--terminal-number: expected ..."), or "" when it names none.
std::string option_named_in(const std::string& message) {
    const auto start = message.find("--");
    if (start == std::string::npos)
        return {};
    const auto end = message.find_first_of(" :=,", start);
    return message.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

std::string options_usage() {
    CLI::App app("jiebang-kiosk: the hall terminal (touch screen, receipts, sync with the county)",
                 "jiebang-kiosk");
    Flags flags;
    build_app(app, flags);
    return app.help();
}

Result<KioskOptions> parse_options(const std::vector<std::string>& arguments) {
    KioskOptions options;
    for (const std::string& argument : arguments) {
        if (argument == "--admin-pin" || argument.rfind("--admin-pin=", 0) == 0) {
            return Error(
                "options.unknown", "--admin-pin",
                "--admin-pin is no longer accepted (a PIN on the command line shows in the process list): "
                "the terminal asks for a PIN on its first start, or use --set-admin-pin, which reads it "
                "from standard input");
        }
    }
    CLI::App app("jiebang-kiosk: the hall terminal (touch screen, receipts, sync with the county)",
                 "jiebang-kiosk");
    Flags flags;
    build_app(app, flags);
    // CLI11 reads its arguments last first.
    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        options.show_help = true;
        return options;
    } catch (const CLI::ExtrasError& error) {
        const std::string message = error.what();
        const auto named = message.find(": ");
        const std::string extra = named == std::string::npos ? std::string() : message.substr(named + 2);
        return Error("options.unknown", extra, "unknown option " + extra + "\n(see jiebang-kiosk --help)");
    } catch (const CLI::ParseError& error) {
        const std::string message = error.what();
        return Error("options.value", option_named_in(message), message + "\n(see jiebang-kiosk --help)");
    }
    // The file first; every flag given wins.
    if (!flags.config.empty()) {
        if (auto loaded = apply_config_file(flags.config, options); !loaded)
            return loaded.error();
    }
    const auto given = [&](const char* flag) { return app.get_option(flag)->count() > 0; };
    const auto text = [&](const char* flag) -> const std::string& { return flags.text[flag]; };
    options.fullscreen = !flags.windowed;
    options.accelerated_renderer = flags.accelerated;
    options.print_public_key = flags.print_public_key;
    options.set_admin_pin = flags.set_admin_pin;
    if (flags.elder_mode)
        options.elder_mode_default = true;
    if (given("--size")) {
        const auto cross = text("--size").find('x');
        parse_int(text("--size").substr(0, cross), options.width, 320, 7680);
        parse_int(text("--size").substr(cross + 1), options.height, 240, 4320);
    }
    const std::map<std::string, int*> integers = {{"--terminal-number", &options.terminal_number},
                                                  {"--clock-skew-limit", &options.clock_skew_limit_seconds},
                                                  {"--store-busy-timeout-ms", &options.store_busy_timeout_ms},
                                                  {"--screenshot-divisor", &options.screenshot_divisor}};
    for (const auto& [flag, target] : integers) {
        if (given(flag.c_str()))
            parse_int(text(flag.c_str()), *target, 0, std::numeric_limits<int>::max());
    }
    if (given("--clock-offset"))
        parse_int(text("--clock-offset"), options.clock_offset_seconds, -1'600'000'000, 1'600'000'000);
    for (const auto& [flag, target] :
         {std::pair<const char*, double*>{"--idle-warning", &options.idle_warning_seconds},
          {"--idle-countdown", &options.idle_countdown_seconds}}) {
        int seconds = 0;
        if (given(flag) && parse_int(text(flag), seconds, 1, 86400))
            *target = seconds;
    }
    const std::map<std::string, std::string*> texts = {{"--profile", &options.profile_id},
                                                       {"--county", &options.county_admin_code},
                                                       {"--hall", &options.hall_name},
                                                       {"--printer", &options.printer_target},
                                                       {"--a4-printer", &options.a4_printer},
                                                       {"--sync-endpoint", &options.sync_endpoint},
                                                       {"--sync-server-key", &options.sync_server_key}};
    for (const auto& [flag, target] : texts) {
        if (given(flag.c_str()))
            *target = text(flag.c_str());
    }
    const std::map<std::string, std::filesystem::path*> paths = {
        {"--data-dir", &options.data_directory},           {"--assets", &options.assets_directory},
        {"--sync-key-file", &options.sync_key_file},       {"--script", &options.script_file},
        {"--screenshots", &options.screenshots_directory}, {"--bench-report", &options.bench_report_file},
        {"--speech-wav", &options.speech_wav_file}};
    for (const auto& [flag, target] : paths) {
        if (given(flag.c_str()))
            *target = text(flag.c_str());
    }
    if (options.sync_endpoint.empty() != options.sync_server_key.empty()) {
        return Error("options.value", "--sync-endpoint", "--sync-endpoint and --sync-server-key go together");
    }
    return options;
}

}  // namespace jiebang::kiosk

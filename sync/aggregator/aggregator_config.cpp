// sync/aggregator/aggregator_config.cpp — reads jiebang-aggregator's flags (CLI11) and TOML file (toml++)
// into an AggregatorConfig (see the header for the order and the invariants). Both libraries throw; every
// exception is caught here and becomes an Error, so nothing throws out of this file.
//
// Index: [SECTION] Settings  [SECTION] TOML file  [SECTION] Flags
#include "sync/aggregator/aggregator_config.hpp"

#include <toml++/toml.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

// [SECTION] Settings
const std::vector<NumericSetting>& numeric_settings() {
    static const std::vector<NumericSetting> settings = {
        {"window", "--window", &AggregatorConfig::window, 1, 4096,
         "SUBMITs a client may have unanswered (sent in WELCOME)"},
        {"batch_max", "--batch-max", &AggregatorConfig::batch_max, 1, 100000,
         "SUBMITs written in one transaction at most"},
        {"heartbeat_interval_ms", "--heartbeat-interval-ms", &AggregatorConfig::heartbeat_interval_ms, 100,
         600000, "how often idle clients send HEARTBEAT, ms (sent in WELCOME)"},
        {"handshake_timeout_ms", "--handshake-timeout-ms", &AggregatorConfig::handshake_timeout_ms, 100,
         600000, "a CURVE handshake taking longer is dropped, ms"},
        {"max_clock_ahead_days", "--max-clock-ahead-days", &AggregatorConfig::max_clock_ahead_days, 1, 36500,
         "a submission created further ahead of this server's clock is refused, days"},
        {"backup_interval_minutes", "--backup-interval-minutes", &AggregatorConfig::backup_interval_minutes,
         1, 10080, "minutes between scheduled backups into backup_dir"},
        {"backup_keep_days", "--backup-keep-days", &AggregatorConfig::backup_keep_days, 1, 3650,
         "backups older than this are removed (never the newest), days"},
        {"metrics_interval_seconds", "--metrics-interval-seconds",
         &AggregatorConfig::metrics_interval_seconds, 1, 3600, "seconds between rewrites of metrics_file"},
        {"upstream.reply_timeout_ms", "--upstream-reply-timeout-ms",
         &AggregatorConfig::upstream_reply_timeout_ms, 100, 600000,
         "county role: how long to wait for the city's reply, ms"},
    };
    return settings;
}

namespace {

std::string range_text(const NumericSetting& setting) {
    return "expected a whole number from " + std::to_string(setting.minimum) + " to " +
           std::to_string(setting.maximum);
}

Status check_config(const AggregatorConfig& config) {
    if (config.data_dir.empty())
        return Error("config.usage", "--data-dir", "--data-dir is required");
    if (config.role != "county" && config.role != "city") {
        return Error("config.value", "role", "role must be county or city");
    }
    if (!config.upstream_endpoint.empty() && config.role != "county") {
        return Error("config.value", "upstream.endpoint", "only a county aggregator has an upstream");
    }
    if (!config.upstream_endpoint.empty() && !is_valid_curve_key_text(config.upstream_public_key)) {
        return Error("config.value", "upstream.server_public_key",
                     "the city's 40-character Z85 CURVE public key");
    }
    if (!config.area_code.empty() &&
        (config.area_code.size() != 6 ||
         config.area_code.find_first_not_of("0123456789") != std::string::npos)) {
        return Error("config.value", "area_code", "a 6-digit administrative code");
    }
    if (!config.staff_listen.empty() && config.staff_listen == config.listen &&
        config.listen.find('*') == std::string::npos) {
        return Error("config.value", "staff_listen", "the staff endpoint must differ from listen");
    }
    if (config.backup_now && config.backup_dir.empty())
        return Error("config.usage", "--backup-now",
                     "--backup-now needs --backup-dir (or backup_dir in the file)");
    if (config.backup_now && !config.restore_file.empty())
        return Error("config.usage", "--restore", "--backup-now and --restore cannot be combined");
    return ok_status();
}

// Reads a regular file of at most max_config_file_bytes (invariant 2).
Result<std::string> read_config_file(const std::filesystem::path& file) {
    std::error_code error_code;
    const auto status = std::filesystem::status(file, error_code);
    if (error_code || !std::filesystem::exists(status))
        return Error("config.file", file.string(), "there is no such file");
    if (!std::filesystem::is_regular_file(status)) {
        return Error("config.file", file.string(), "not a regular file (a folder or a device?)");
    }
    const auto size = std::filesystem::file_size(file, error_code);
    if (error_code)
        return Error("config.file", file.string(), "cannot read the file size: " + error_code.message());
    if (size > max_config_file_bytes) {
        return Error("config.file", file.string(),
                     "larger than " + std::to_string(max_config_file_bytes) + " bytes")
            .with("limit", std::to_string(max_config_file_bytes));
    }
    std::ifstream input(file, std::ios::binary);
    if (!input)
        return Error("config.file", file.string(), "cannot open the file for reading");
    std::string text(static_cast<std::size_t>(size), '\0');
    input.read(text.data(), static_cast<std::streamsize>(size));
    if (input.gcount() != static_cast<std::streamsize>(size) || input.peek() != EOF) {
        return Error("config.file", file.string(), "the file changed while it was read");
    }
    return text;
}

}  // namespace

// [SECTION] TOML file
Status apply_aggregator_toml(AggregatorConfig& config, const std::filesystem::path& file) {
    auto text = read_config_file(file);
    if (!text)
        return text.error();
    toml::table table;
    try {
        table = toml::parse(text.value(), file.string());
    } catch (const toml::parse_error& error) {
        return Error("config.file", file.string(), std::string(error.description()))
            .with("line", std::to_string(error.source().begin.line));
    }
    static const std::vector<std::string> top_keys = {"role",
                                                      "listen",
                                                      "data_dir",
                                                      "assets",
                                                      "window",
                                                      "heartbeat_interval_ms",
                                                      "handshake_timeout_ms",
                                                      "batch_max",
                                                      "max_clock_ahead_days",
                                                      "staff_listen",
                                                      "area_code",
                                                      "backup_dir",
                                                      "backup_interval_minutes",
                                                      "backup_keep_days",
                                                      "metrics_file",
                                                      "metrics_interval_seconds",
                                                      "upstream"};
    for (const auto& [key, node] : table) {
        if (std::find(top_keys.begin(), top_keys.end(), std::string(key.str())) == top_keys.end()) {
            return Error("config.key", std::string(key.str()), "unknown key in " + file.string());
        }
    }
    if (auto upstream = table["upstream"]; upstream) {
        if (!upstream.is_table())
            return Error("config.value", "upstream", "expected a table [upstream]");
        for (const auto& [key, node] : *upstream.as_table()) {
            const std::string name(key.str());
            if (name != "endpoint" && name != "server_public_key" && name != "reply_timeout_ms") {
                return Error("config.key", "upstream." + name, "unknown key in " + file.string());
            }
        }
    }
    auto text_value = [&](const char* key, std::string& out) -> Status {
        const auto view = table.at_path(key);
        if (!view)
            return ok_status();
        if (!view.is_string())
            return Error("config.value", key, "expected text in " + file.string());
        out = view.value<std::string>().value_or("");
        return ok_status();
    };
    std::string data_dir;
    std::string assets;
    std::string backup_dir;
    std::string metrics_file;
    for (auto status :
         {text_value("role", config.role), text_value("listen", config.listen),
          text_value("data_dir", data_dir), text_value("assets", assets),
          text_value("backup_dir", backup_dir), text_value("metrics_file", metrics_file),
          text_value("staff_listen", config.staff_listen), text_value("area_code", config.area_code),
          text_value("upstream.endpoint", config.upstream_endpoint),
          text_value("upstream.server_public_key", config.upstream_public_key)}) {
        if (!status)
            return status;
    }
    if (!data_dir.empty())
        config.data_dir = data_dir;
    if (!assets.empty())
        config.assets_directory = assets;
    if (!backup_dir.empty())
        config.backup_dir = backup_dir;
    if (!metrics_file.empty())
        config.metrics_file = metrics_file;
    for (const NumericSetting& setting : numeric_settings()) {
        const auto view = table.at_path(setting.key);
        if (!view)
            continue;
        const std::optional<std::int64_t> number =
            view.is_integer() ? view.value<std::int64_t>() : std::nullopt;
        if (!number || *number < setting.minimum || *number > setting.maximum) {
            return Error("config.value", setting.key, range_text(setting) + " in " + file.string())
                .with("min", std::to_string(setting.minimum))
                .with("max", std::to_string(setting.maximum));
        }
        config.*setting.member = static_cast<int>(*number);
    }
    return ok_status();
}

// [SECTION] Flags
namespace {

// The flag values as given (unset ones stay empty), and the CLI11 app that reads them.
struct Flags {
    std::optional<std::string> data_dir, config, listen, role, upstream, upstream_key, assets, staff_listen,
        area_code, backup_dir, metrics_file, restore;
    std::vector<std::optional<int>> numbers = std::vector<std::optional<int>>(numeric_settings().size());
    bool print_public_key = false;
    bool check_store = false;
    bool backup_now = false;
};

void describe(CLI::App& app, Flags& flags) {
    const AggregatorConfig defaults;
    app.add_option("--data-dir", flags.data_dir, "data folder: aggregator.sqlite and curve.key (required)");
    app.add_option("--config", flags.config,
                   "TOML file read before the flags (assets/config/aggregator.toml)");
    app.add_option("--listen", flags.listen, "ROUTER endpoint (default " + defaults.listen + ")");
    app.add_option("--role", flags.role, "county (terminals connect) or city (counties connect)")
        ->check(CLI::IsMember({"county", "city"}));
    app.add_option("--upstream", flags.upstream, "county role: the city's endpoint");
    app.add_option("--upstream-key", flags.upstream_key, "county role: the city's Z85 CURVE public key");
    app.add_option("--assets", flags.assets, "assets folder with forms/ and profiles/");
    app.add_option("--staff-listen", flags.staff_listen,
                   "the staff endpoint (docs/protocol.md 17), e.g. tcp://0.0.0.0:5580; none by default");
    app.add_option("--area-code", flags.area_code,
                   "this aggregator's county or city administrative code (6 digits), shown to staff");
    app.add_option("--backup-dir", flags.backup_dir,
                   "folder for scheduled online backups of the store (docs/operations.md); none by default");
    app.add_option(
        "--metrics-file", flags.metrics_file,
        "Prometheus text file rewritten atomically (node_exporter's textfile collector); none by default");
    const auto& settings = numeric_settings();
    for (std::size_t index = 0; index < settings.size(); ++index) {
        const NumericSetting& setting = settings[index];
        app.add_option(setting.flag, flags.numbers[index],
                       std::string(setting.description) + " (default " +
                           std::to_string(defaults.*setting.member) + ")")
            ->check(CLI::Range(setting.minimum, setting.maximum));
    }
    app.add_flag("--print-public-key", flags.print_public_key, "print this server's public key and exit");
    app.add_flag("--check-store", flags.check_store, "check the store's integrity and exit (0 sound, 1 not)");
    app.add_flag("--backup-now", flags.backup_now,
                 "write one online backup into --backup-dir and exit (safe while the daemon runs)");
    app.add_option(
        "--restore", flags.restore,
        "restore this backup as the store and exit (the daemon must be stopped; the replaced store "
        "is kept aside)");
}

}  // namespace

std::string aggregator_help() {
    CLI::App app("jiebang-aggregator: the JBSP/1 server of a county or a city", "jiebang-aggregator");
    Flags flags;
    describe(app, flags);
    return app.help();
}

Result<AggregatorConfig> parse_aggregator_arguments(const std::vector<std::string>& arguments) {
    AggregatorConfig config;
    CLI::App app("jiebang-aggregator", "jiebang-aggregator");
    Flags flags;
    describe(app, flags);
    try {
        app.parse(std::vector<std::string>(arguments.rbegin(), arguments.rend()));
    } catch (const CLI::CallForHelp&) {
        config.help = true;
        return config;
    } catch (const CLI::ParseError& error) {
        // CLI11's message starts with the option it is about ("--window: Value 0 not in range 1 to 4096");
        // an argument it did not expect ends the message.
        std::string message = error.what();
        std::string option;
        if (const auto colon = message.find(": ");
            message.rfind("--", 0) == 0 && colon != std::string::npos) {
            option = message.substr(0, colon);
            message = message.substr(colon + 2);
            if (message.rfind(option + ": ", 0) == 0)
                message = message.substr(option.size() + 2);
        } else if (const auto last = message.rfind(' '); last != std::string::npos) {
            option = message.substr(last + 1);
        }
        for (const NumericSetting& setting : numeric_settings()) {
            if (option == setting.flag)
                message = range_text(setting);
        }
        return Error("config.usage", option, message);
    }
    if (flags.config) {
        if (auto status = apply_aggregator_toml(config, *flags.config); !status)
            return status.error();
    }
    if (flags.data_dir)
        config.data_dir = *flags.data_dir;
    if (flags.listen)
        config.listen = *flags.listen;
    if (flags.role)
        config.role = *flags.role;
    if (flags.upstream)
        config.upstream_endpoint = *flags.upstream;
    if (flags.upstream_key)
        config.upstream_public_key = *flags.upstream_key;
    if (flags.assets)
        config.assets_directory = *flags.assets;
    if (flags.staff_listen)
        config.staff_listen = *flags.staff_listen;
    if (flags.area_code)
        config.area_code = *flags.area_code;
    if (flags.backup_dir)
        config.backup_dir = *flags.backup_dir;
    if (flags.metrics_file)
        config.metrics_file = *flags.metrics_file;
    if (flags.restore)
        config.restore_file = *flags.restore;
    const auto& settings = numeric_settings();
    for (std::size_t index = 0; index < settings.size(); ++index) {
        if (flags.numbers[index])
            config.*settings[index].member = *flags.numbers[index];
    }
    config.print_public_key = flags.print_public_key;
    config.check_store = flags.check_store;
    config.backup_now = flags.backup_now;
    if (auto status = check_config(config); !status)
        return status.error();
    return config;
}

}  // namespace jiebang::sync

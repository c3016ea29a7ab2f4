// sync/aggregator/aggregator_config.cpp — reads jiebang-aggregator's flags and TOML file into an
// AggregatorConfig (see the header for the order and the invariants).
#include "sync/aggregator/aggregator_config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <map>

#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

namespace {
Result<int> parse_positive(std::string_view key, std::string_view text) {
    int value = 0;
    for (char character : text) {
        if (character < '0' || character > '9' || value > 100000000) {
            return Error("config.value", std::string(key), "expected a positive whole number");
        }
        value = value * 10 + (character - '0');
    }
    if (text.empty() || value <= 0)
        return Error("config.value", std::string(key), "expected a positive whole number");
    return value;
}

Status check_config(const AggregatorConfig& config) {
    if (config.data_dir.empty())
        return Error("config.usage", "data_dir", "--data-dir is required");
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
    return ok_status();
}
}  // namespace

Status apply_aggregator_toml(AggregatorConfig& config, const std::filesystem::path& file) {
    toml::table table;
    try {
        table = toml::parse_file(file.string());
    } catch (const toml::parse_error& error) {
        return Error("config.file", file.string(), std::string(error.description()))
            .with("line", std::to_string(error.source().begin.line));
    }
    static const std::vector<std::string> top_keys = {
        "role",      "listen",  "data_dir", "window", "heartbeat_interval_ms", "handshake_timeout_ms",
        "batch_max", "upstream"};
    for (const auto& [key, node] : table) {
        if (std::find(top_keys.begin(), top_keys.end(), std::string(key.str())) == top_keys.end()) {
            return Error("config.key", std::string(key.str()), "unknown key in " + file.string());
        }
    }
    auto text = [&](const toml::node_view<toml::node> view, const char* key, std::string& out) -> Status {
        if (!view)
            return ok_status();
        if (!view.is_string())
            return Error("config.value", key, "expected text");
        out = view.value<std::string>().value_or("");
        return ok_status();
    };
    auto number = [&](const toml::node_view<toml::node> view, const char* key, int& out) -> Status {
        if (!view)
            return ok_status();
        if (!view.is_integer() || view.value<std::int64_t>().value_or(0) <= 0) {
            return Error("config.value", key, "expected a positive whole number");
        }
        out = static_cast<int>(view.value<std::int64_t>().value_or(1));
        return ok_status();
    };
    std::string data_dir;
    for (auto status :
         {text(table["role"], "role", config.role), text(table["listen"], "listen", config.listen),
          text(table["data_dir"], "data_dir", data_dir), number(table["window"], "window", config.window),
          number(table["heartbeat_interval_ms"], "heartbeat_interval_ms", config.heartbeat_interval_ms),
          number(table["handshake_timeout_ms"], "handshake_timeout_ms", config.handshake_timeout_ms),
          number(table["batch_max"], "batch_max", config.batch_max)}) {
        if (!status)
            return status;
    }
    if (!data_dir.empty())
        config.data_dir = data_dir;
    if (auto upstream = table["upstream"]; upstream) {
        if (!upstream.is_table())
            return Error("config.value", "upstream", "expected a table [upstream]");
        for (const auto& [key, node] : *upstream.as_table()) {
            const std::string name(key.str());
            if (name != "endpoint" && name != "server_public_key" && name != "reply_timeout_ms") {
                return Error("config.key", "upstream." + name, "unknown key in " + file.string());
            }
        }
        for (auto status :
             {text(upstream["endpoint"], "upstream.endpoint", config.upstream_endpoint),
              text(upstream["server_public_key"], "upstream.server_public_key", config.upstream_public_key),
              number(upstream["reply_timeout_ms"], "upstream.reply_timeout_ms",
                     config.upstream_reply_timeout_ms)}) {
            if (!status)
                return status;
        }
    }
    return ok_status();
}

Result<AggregatorConfig> parse_aggregator_arguments(const std::vector<std::string>& arguments) {
    AggregatorConfig config;
    std::map<std::string, std::string> flags;
    for (std::size_t index = 0; index < arguments.size(); ++index) {
        const std::string& argument = arguments[index];
        if (argument == "--print-public-key") {
            config.print_public_key = true;
            continue;
        }
        if (argument == "--check-store") {
            config.check_store = true;
            continue;
        }
        static const std::vector<std::string> known = {"--data-dir",
                                                       "--config",
                                                       "--listen",
                                                       "--role",
                                                       "--upstream",
                                                       "--upstream-key",
                                                       "--window",
                                                       "--batch-max",
                                                       "--heartbeat-interval-ms",
                                                       "--handshake-timeout-ms"};
        if (std::find(known.begin(), known.end(), argument) == known.end()) {
            return Error("config.usage", argument, "unknown option " + argument);
        }
        if (index + 1 >= arguments.size())
            return Error("config.usage", argument, argument + " needs a value");
        flags[argument] = arguments[++index];
    }
    if (auto found = flags.find("--config"); found != flags.end()) {
        if (auto status = apply_aggregator_toml(config, found->second); !status)
            return status.error();
    }
    for (const auto& [flag, value] : flags) {
        if (flag == "--data-dir")
            config.data_dir = value;
        if (flag == "--listen")
            config.listen = value;
        if (flag == "--role")
            config.role = value;
        if (flag == "--upstream")
            config.upstream_endpoint = value;
        if (flag == "--upstream-key")
            config.upstream_public_key = value;
        int* target = flag == "--window"                  ? &config.window
                      : flag == "--batch-max"             ? &config.batch_max
                      : flag == "--heartbeat-interval-ms" ? &config.heartbeat_interval_ms
                      : flag == "--handshake-timeout-ms"  ? &config.handshake_timeout_ms
                                                          : nullptr;
        if (target != nullptr) {
            auto number = parse_positive(flag, value);
            if (!number)
                return number.error();
            *target = number.value();
        }
    }
    if (auto status = check_config(config); !status)
        return status.error();
    return config;
}

}  // namespace jiebang::sync

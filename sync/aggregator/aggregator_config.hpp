// sync/aggregator/aggregator_config.hpp — jiebang-aggregator's configuration: embedded defaults, then an
// optional TOML file, then command-line flags (highest wins):
//   jiebang-aggregator --data-dir DIR [--config FILE] [--listen tcp://127.0.0.1:5570] [--role county|city]
//                      [--upstream ENDPOINT --upstream-key Z85] [--print-public-key] [--check-store]
// TOML keys (all optional): role, listen, data_dir, window, heartbeat_interval_ms, handshake_timeout_ms,
// batch_max, [upstream] endpoint, server_public_key, reply_timeout_ms.
// Invariants:
//  1. A configuration is returned only when every key and flag was understood and checked: an unknown key,
//     a value of the wrong type or out of range is an error naming the key, never a silent default.
//  2. A county has an upstream only with the city's 40-character CURVE key; a city has no upstream.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::sync {

struct AggregatorConfig {
    std::filesystem::path data_dir;  // holds aggregator.sqlite and curve.key
    std::string role = "county";     // "county" or "city"
    std::string listen = "tcp://127.0.0.1:5570";
    int window = 64;
    int heartbeat_interval_ms = 2000;
    int handshake_timeout_ms = 5000;
    int batch_max = 1024;           // SUBMITs gathered into one transaction at most
    std::string upstream_endpoint;  // county role: the city's endpoint
    std::string upstream_public_key;
    int upstream_reply_timeout_ms = 5000;
    bool print_public_key = false;
    bool check_store = false;

    std::filesystem::path store_file() const { return data_dir / "aggregator.sqlite"; }
    std::filesystem::path key_file() const { return data_dir / "curve.key"; }
};

// Parses flags (and the TOML file named by --config). Errors: config.usage, config.file, config.key
// (field: the key), config.value (field: the key).
Result<AggregatorConfig> parse_aggregator_arguments(const std::vector<std::string>& arguments);
Status apply_aggregator_toml(AggregatorConfig& config, const std::filesystem::path& file);

}  // namespace jiebang::sync

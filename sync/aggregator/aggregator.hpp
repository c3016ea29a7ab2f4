// sync/aggregator/aggregator.hpp — jiebang-aggregator: the JBSP/1 server (county or city role).
// A CURVE ROUTER with a ZAP handler that allow-lists enrolled keys (fail closed), group-committed durable
// ACKs, board and status serving; in the county role also an upstream client of the city that forwards
// what staff forwarded and relays board and status down.
// Configuration: embedded defaults, then an optional TOML file, then command-line flags (highest wins):
//   jiebang-aggregator --data-dir DIR [--config FILE] [--listen tcp://127.0.0.1:5570] [--role county|city]
//                      [--upstream ENDPOINT --upstream-key Z85] [--print-public-key] [--check-store]
// --check-store runs SQLite's integrity_check over the whole store and exits (0 sound, 1 damaged or not
// readable, with SQLite's first findings); it reads a snapshot, so it is safe while the daemon runs. The
// daemon itself does not scan the store at start-up (that time would grow with the store): damage shows as
// store.corrupt in the log where a statement meets it, and nothing is acknowledged that was not committed.
// TOML keys (all optional): role, listen, data_dir, window, heartbeat_interval_ms, handshake_timeout_ms,
// batch_max, [upstream] endpoint, server_public_key, reply_timeout_ms.
#pragma once

#include <atomic>
#include <filesystem>
#include <iosfwd>
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

// Runs until `stop` is set; returns the process exit code. Logs (no personal data) go to `log`.
int run_aggregator(const AggregatorConfig& config, const std::atomic<bool>& stop, std::ostream& log);

// --check-store: the integrity check of config.store_file(). "store ok" on `out` and 0, or the findings on
// `log` and 1 (also when there is no store: the check never creates one).
int check_aggregator_store(const AggregatorConfig& config, std::ostream& out, std::ostream& log);

}  // namespace jiebang::sync

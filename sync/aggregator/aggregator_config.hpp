// sync/aggregator/aggregator_config.hpp — jiebang-aggregator's configuration: embedded defaults, then an
// optional TOML file, then command-line flags (highest wins). Flags are parsed by CLI11:
//   jiebang-aggregator --data-dir DIR [--config FILE] [--listen tcp://127.0.0.1:5570] [--role county|city]
//                      [--upstream ENDPOINT --upstream-key Z85] [--assets DIR] [--window N] [--batch-max N]
//                      [--heartbeat-interval-ms N] [--handshake-timeout-ms N] [--upstream-reply-timeout-ms N]
//                      [--max-clock-ahead-days N] [--staff-listen ENDPOINT] [--area-code CODE]
//                      [--backup-dir DIR] [--backup-interval-minutes N] [--backup-keep-days N]
//                      [--metrics-file FILE] [--metrics-interval-seconds N]
//                      [--print-public-key] [--check-store] [--backup-now] [--restore FILE] [--help]
// TOML keys (all optional): role, listen, data_dir, assets, window, heartbeat_interval_ms,
// handshake_timeout_ms, batch_max, max_clock_ahead_days, staff_listen, area_code, backup_dir,
// backup_interval_minutes, backup_keep_days, metrics_file, metrics_interval_seconds, [upstream] endpoint,
// server_public_key, reply_timeout_ms.
// Invariants:
//  1. A configuration is returned only when every key and flag was understood and checked: an unknown key
//     or option, a value of the wrong type, or a number outside its range (numeric_settings()) is an error
//     naming the key or option, never a silent default, cast or truncation.
//  2. The TOML file must be a regular file of at most max_config_file_bytes; anything else (a folder, a
//     device, a bigger file) is config.file naming the file.
//  3. A county has an upstream only with the city's 40-character CURVE key; a city has no upstream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::sync {

inline constexpr std::size_t max_config_file_bytes = 64 * 1024;

struct AggregatorConfig {
    std::filesystem::path data_dir;  // holds aggregator.sqlite and curve.key
    std::string role = "county";     // "county" or "city"
    std::string listen = "tcp://127.0.0.1:5570";
    std::filesystem::path assets_directory;  // forms and profiles; empty = default_assets_directory()
    int window = 64;
    int heartbeat_interval_ms = 2000;
    int handshake_timeout_ms = 5000;
    int batch_max = 1024;            // SUBMITs gathered into one transaction at most
    int max_clock_ahead_days = 366;  // a created_at further ahead of this server's clock is refused
    std::string upstream_endpoint;   // county role: the city's endpoint
    std::string upstream_public_key;
    int upstream_reply_timeout_ms = 5000;
    std::string staff_listen;  // the staff endpoint (docs/protocol.md 17); empty: none
    std::string area_code;     // this aggregator's county or city administrative code (6 digits), for staff
    std::filesystem::path backup_dir;  // scheduled backups (sync/aggregator/backup.hpp); empty: none
    int backup_interval_minutes = 1440;
    int backup_keep_days = 14;
    std::filesystem::path metrics_file;  // Prometheus text file (sync/aggregator/metrics.hpp); empty: none
    int metrics_interval_seconds = 15;
    bool print_public_key = false;
    bool check_store = false;
    bool backup_now = false;             // --backup-now: one backup into backup_dir, then exit
    std::filesystem::path restore_file;  // --restore FILE: restore that backup as the store, then exit
    bool help = false;                   // --help: print aggregator_help() and exit 0

    std::filesystem::path store_file() const { return data_dir / "aggregator.sqlite"; }
    std::filesystem::path key_file() const { return data_dir / "curve.key"; }
};

// One numeric setting: its TOML key, its flag, and the inclusive range it must lie in.
struct NumericSetting {
    const char* key;   // "window", "upstream.reply_timeout_ms"
    const char* flag;  // "--window"
    int AggregatorConfig::*member;
    std::int64_t minimum;
    std::int64_t maximum;
    const char* description;  // for --help
};
const std::vector<NumericSetting>& numeric_settings();

// Parses flags (and the TOML file named by --config). Errors: config.usage (field: the option, detail:
// what is wrong), config.file (field: the file), config.key (field: the key), config.value (field: the key).
Result<AggregatorConfig> parse_aggregator_arguments(const std::vector<std::string>& arguments);
Status apply_aggregator_toml(AggregatorConfig& config, const std::filesystem::path& file);

// The --help text (options, defaults, ranges).
std::string aggregator_help();

}  // namespace jiebang::sync

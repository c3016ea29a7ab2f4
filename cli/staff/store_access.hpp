// cli/staff/store_access.hpp — what the staff commands share: the --store option, opening a store that must
// exist, who acts (the host's administrator when working on the file), and times for people.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "shared/base/result.hpp"
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::cli {

// Adds the required `--store FILE` option.
CLI::Option* add_store_option(CLI::App* command, std::string& store_path);
// Never creates a store (staff.store_missing, staff.not_a_store, store.corrupt).
Result<sync::AggregatorStore> open_existing_store(const std::string& store_path);
// The host's administrator, working on the store file directly.
sync::ActingStaff host_administrator();
// "2026-11-22 14:05" in the host's local time zone; "-" for 0.
std::string local_time(std::int64_t seconds);
// "2026-11-22T06:05:00Z" for machine-read output (feed, JSON).
std::string utc_time(std::int64_t seconds);
std::int64_t now_seconds();

}  // namespace jiebang::cli

// sync/aggregator/aggregator.hpp — jiebang-aggregator: the JBSP/1 server (county or city role).
// A CURVE ROUTER with a ZAP handler that allow-lists enrolled keys (fail closed), group-committed durable
// ACKs, board and status serving; in the county role also an upstream client of the city that forwards
// what staff forwarded and relays board and status down.
// Configuration: sync/aggregator/aggregator_config.hpp.
// --check-store runs SQLite's integrity_check over the whole store and exits (0 sound, 1 damaged or not
// readable, with SQLite's first findings); it reads a snapshot, so it is safe while the daemon runs. The
// daemon itself does not scan the store at start-up (that time would grow with the store): damage shows as
// store.corrupt in the log where a statement meets it, and nothing is acknowledged that was not committed.
#pragma once

#include <atomic>
#include <iosfwd>

#include "sync/aggregator/aggregator_config.hpp"

namespace jiebang::sync {

// Runs until `stop` is set; returns the process exit code. Logs (no personal data) go to `log`.
int run_aggregator(const AggregatorConfig& config, const std::atomic<bool>& stop, std::ostream& log);

// --check-store: the integrity check of config.store_file(). "store ok" on `out` and 0, or the findings on
// `log` and 1 (also when there is no store: the check never creates one).
int check_aggregator_store(const AggregatorConfig& config, std::ostream& out, std::ostream& log);

}  // namespace jiebang::sync

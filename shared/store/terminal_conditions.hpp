// shared/store/terminal_conditions.hpp — what the terminal keeps about its own conditions in its store
// (terminal migration 3): the last skew between its clock and the county aggregator's, learned by the sync
// agent at every exchange (docs/protocol.md 5.2, 5.7, 19), and the open call for the hall attendant
// (呼叫工作人员). Both survive a restart; both work on any connection to the terminal store (the kiosk's
// store worker, the agent's own connection).
// Invariants: (1) there is at most one clock reading and at most one open call (singleton rows); (2) a
// reading is replaced whole, never merged; (3) raising an open call again keeps its first raised_at.
#pragma once

#include <cstdint>
#include <optional>

#include "shared/base/result.hpp"
#include "shared/store/database.hpp"

namespace jiebang::store {

struct ClockReading {
    std::int64_t skew_seconds = 0;  // county's clock minus this terminal's, at learned_at
    std::int64_t server_time = 0;   // the county's Unix seconds as it said them
    std::int64_t learned_at = 0;    // this terminal's Unix seconds when it learned them
};

Status save_clock_reading(Database& database, const ClockReading& reading);
Result<std::optional<ClockReading>> load_clock_reading(Database& database);

// The open call's raised_at (this terminal's Unix seconds), or nothing.
Result<std::optional<std::int64_t>> open_attendant_call(Database& database);
Status raise_attendant_call(Database& database, std::int64_t now);
Status clear_attendant_call(Database& database);

}  // namespace jiebang::store

// sync/aggregator/aggregator_store_conditions.cpp — each terminal's conditions as it last reported them
// (TERMINAL-CONDITION, docs/protocol.md 19): its clock's skew against this server, an open call for the hall
// attendant (呼叫工作人员), printer problems, a low disk. Read by `jiebang terminal list` and the metrics.
// Migration 15.
// Invariants:
//  1. One row per terminal node; the newest report replaces the last whole (no merge).
//  2. The skew is this server's clock at receipt minus the terminal's clock in the message (the terminal's own
//     estimate is not trusted); the call's time is moved onto this server's clock by the same skew.
//  3. Nothing personal is kept: ids, times, flags, a byte count.
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

const std::string& terminal_conditions_migration() {
    static const std::string sql = R"sql(
CREATE TABLE terminal_conditions (
  node_id TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL,
  terminal_time INTEGER NOT NULL,
  clock_skew_seconds INTEGER NOT NULL,
  call_since INTEGER NOT NULL DEFAULT 0,
  condition_flags INTEGER NOT NULL DEFAULT 0,
  free_disk_bytes INTEGER NOT NULL DEFAULT 0
);
)sql";
    return sql;
}

Status AggregatorStore::record_terminal_condition(const TerminalConditionRecord& condition) {
    return database_.execute(
        "INSERT INTO terminal_conditions (node_id, received_at, terminal_time, clock_skew_seconds, "
        "call_since, "
        "condition_flags, free_disk_bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (node_id) DO "
        "UPDATE "
        "SET received_at = excluded.received_at, terminal_time = excluded.terminal_time, "
        "clock_skew_seconds = excluded.clock_skew_seconds, call_since = excluded.call_since, "
        "condition_flags = excluded.condition_flags, free_disk_bytes = excluded.free_disk_bytes",
        condition.node_id, condition.received_at, condition.terminal_time, condition.clock_skew_seconds,
        condition.call_since, static_cast<std::int64_t>(condition.condition_flags),
        condition.free_disk_bytes);
}

Result<std::vector<TerminalConditionRecord>> AggregatorStore::terminal_conditions() {
    return database_.query_rows(
        "SELECT node_id, received_at, terminal_time, clock_skew_seconds, call_since, condition_flags, "
        "free_disk_bytes FROM terminal_conditions ORDER BY node_id",
        [](const store::Statement& row) {
            return TerminalConditionRecord{row.column_text(0), row.column_int(1),
                                           row.column_int(2),  row.column_int(3),
                                           row.column_int(4),  static_cast<std::uint32_t>(row.column_int(5)),
                                           row.column_int(6)};
        });
}

}  // namespace jiebang::sync

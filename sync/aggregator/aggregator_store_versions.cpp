// sync/aggregator/aggregator_store_versions.cpp — the software version each node (terminal or county)
// announced in its last HELLO (docs/protocol.md 19.3), so staff see which terminals still run an older
// release (the console's fleet view, `jiebang terminal list`). Migration 19.
// Invariants:
//  1. One row per node; the newest HELLO's version replaces the last (a downgrade shows as it is).
//  2. Written in the round's group commit with the node's contact (aggregator.cpp), never on its own.
//  3. Nothing personal is kept: a node id, a version text of at most 64 octets (HELLO's limit), a time.
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

const std::string& node_software_migration() {
    static const std::string sql = R"sql(
CREATE TABLE node_software (
  node_id TEXT PRIMARY KEY,
  software_version TEXT NOT NULL,
  reported_at INTEGER NOT NULL
);
)sql";
    return sql;
}

Status AggregatorStore::record_node_software(std::string_view node_id, std::string_view software_version,
                                             std::int64_t now) {
    return database_.execute(
        "INSERT INTO node_software (node_id, software_version, reported_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (node_id) DO UPDATE SET software_version = excluded.software_version, "
        "reported_at = excluded.reported_at",
        node_id, software_version, now);
}

Result<std::vector<NodeSoftwareRecord>> AggregatorStore::node_software() {
    return database_.query_rows(
        "SELECT node_id, software_version, reported_at FROM node_software ORDER BY node_id",
        [](const store::Statement& row) {
            return NodeSoftwareRecord{row.column_text(0), row.column_text(1), row.column_int(2)};
        });
}

}  // namespace jiebang::sync

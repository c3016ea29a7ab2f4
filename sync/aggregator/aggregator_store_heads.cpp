// sync/aggregator/aggregator_store_heads.cpp — the audit head exchange of AggregatorStore (docs/backoffice.md
// section 3, docs/protocol.md 5.11). A county reports the newest entry of its audit trail to its city
// (AUDIT-HEAD); the city keeps every head it is told, per county; `jiebang audit verify --heads-from`
// checks that each head the city holds is still an entry of the county's trail with that hash, so a county
// cannot rewrite or cut off history the city has seen a head of. Migration 8.
// Invariants:
//  1. The city keeps every head a county reported (never updated or deleted); a head repeated unchanged is
//     kept once.
//  2. The county's own record of what its city kept ('upstream_audit_head': "sequence hash") changes only
//     after the city's AUDIT-HEAD-OK, so a lost reply means the head is sent again.
//
// Index: [SECTION] Schema  [SECTION] County side  [SECTION] City side  [SECTION] Checking a trail
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

// [SECTION] Schema
const std::string& audit_heads_schema_migration() {
    static const std::string sql = R"sql(
CREATE TABLE audit_heads (
  number INTEGER PRIMARY KEY,
  node_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  hash TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX audit_heads_node ON audit_heads (node_id, sequence);
INSERT INTO settings (key, value) VALUES ('upstream_audit_head', '') ON CONFLICT (key) DO NOTHING;
)sql";
    return sql;
}

// [SECTION] County side
Result<std::optional<AuditHead>> AggregatorStore::audit_head() {
    return database_.query_row("SELECT sequence, hash, at FROM audit ORDER BY sequence DESC LIMIT 1",
                               [](const store::Statement& row) {
                                   return AuditHead{row.column_int(0), row.column_text(1), row.column_int(2)};
                               });
}

Result<std::optional<AuditHead>> AggregatorStore::audit_head_to_report() {
    auto head = audit_head();
    if (!head || !head->has_value())
        return head;
    JIEBANG_TRY_ASSIGN(const std::string kept, setting("upstream_audit_head"));
    if (kept == std::to_string((**head).sequence) + " " + (**head).hash_hex)
        return std::optional<AuditHead>();
    return head;
}

Status AggregatorStore::audit_head_reported(const AuditHead& head) {
    return set_setting("upstream_audit_head", std::to_string(head.sequence) + " " + head.hash_hex);
}

// [SECTION] City side
Result<HeadReceipt> AggregatorStore::keep_audit_head(std::string_view node_id, const AuditHead& head,
                                                     std::int64_t now) {
    HeadReceipt receipt;
    // What the county said before, to tell staff at once when it now says something that cannot follow.
    JIEBANG_TRY_ASSIGN(
        auto latest,
        database_.query_row(
            "SELECT sequence, hash FROM audit_heads WHERE node_id = ?1 ORDER BY sequence DESC, number DESC "
            "LIMIT 1",
            [](const store::Statement& row) {
                return std::pair<std::int64_t, std::string>{row.column_int(0), row.column_text(1)};
            },
            node_id));
    if (latest) {
        const auto& [sequence, hash] = *latest;
        if (sequence == head.sequence && hash == head.hash_hex)
            return receipt;  // invariant 1: kept once
        if (head.sequence < sequence)
            receipt.problem =
                "went back from entry " + std::to_string(sequence) + " to " + std::to_string(head.sequence);
    }
    JIEBANG_TRY_ASSIGN(
        const std::int64_t same_sequence,
        database_.query_int(
            "SELECT count(*) FROM audit_heads WHERE node_id = ?1 AND sequence = ?2 AND hash != ?3", node_id,
            head.sequence, head.hash_hex));
    if (same_sequence > 0)
        receipt.problem = "entry " + std::to_string(head.sequence) + " has another hash than before";
    JIEBANG_TRY(database_.execute(
        "INSERT INTO audit_heads (node_id, received_at, sequence, hash, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        node_id, now, head.sequence, head.hash_hex, head.at));
    receipt.stored = true;
    return receipt;
}

Result<std::vector<KeptAuditHead>> AggregatorStore::audit_heads_of(std::string_view node_id) {
    return database_.query_rows(
        "SELECT node_id, received_at, sequence, hash, at FROM audit_heads WHERE node_id = ?1 ORDER BY number",
        [](const store::Statement& row) {
            return KeptAuditHead{row.column_text(0), row.column_int(1),
                                 AuditHead{row.column_int(2), row.column_text(3), row.column_int(4)}};
        },
        node_id);
}

// [SECTION] Checking a trail
Result<std::optional<audit::ChainProblem>> AggregatorStore::check_against_heads(
    const std::vector<KeptAuditHead>& heads) {
    for (const KeptAuditHead& kept : heads) {
        JIEBANG_TRY_ASSIGN(auto hash, database_.query_row(
                                          "SELECT hash FROM audit WHERE sequence = ?1",
                                          [](const store::Statement& row) { return row.column_text(0); },
                                          kept.head.sequence));
        if (!hash.has_value()) {
            return std::optional<audit::ChainProblem>(
                audit::ChainProblem{kept.head.sequence, "missing: the city holds this entry as a head"});
        }
        if (*hash != kept.head.hash_hex) {
            return std::optional<audit::ChainProblem>(
                audit::ChainProblem{kept.head.sequence, "rewritten: the city holds another hash for it"});
        }
    }
    return std::optional<audit::ChainProblem>();
}

}  // namespace jiebang::sync

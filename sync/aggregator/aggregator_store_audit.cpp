// sync/aggregator/aggregator_store_audit.cpp — the audit trail of AggregatorStore: one hash-chained row per
// staff action, enrolment, revocation, export and read of personal data (docs/backoffice.md section 3;
// the chain itself is shared/audit/audit_chain.hpp). Migration 4.
// Invariants: an entry is appended in the transaction of the change it records (a rolled-back change leaves
// no entry, a committed one always has its entry); entries are never updated or deleted by this program;
// the head (last sequence and hash) is read inside that transaction, so concurrent writers chain in order.
//
// Index: [SECTION] Schema  [SECTION] Appending  [SECTION] Reading and verifying
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

// [SECTION] Schema
const std::string& audit_schema_migration() {
    static const std::string sql = R"sql(
CREATE TABLE audit (
  sequence INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  staff_id TEXT NOT NULL,
  staff_name TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  state_before TEXT NOT NULL,
  state_after TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
)sql";
    return sql;
}

const std::string& AggregatorStore::select_audit() {
    static const std::string text =
        "SELECT sequence, at, staff_id, staff_name, role, action, target, reason, state_before, state_after, "
        "previous_hash, hash FROM audit ";
    return text;
}

audit::AuditEntry AggregatorStore::read_audit_row(const store::Statement& row) {
    audit::AuditEntry entry;
    entry.sequence = row.column_int(0);
    entry.at = row.column_int(1);
    entry.staff_id = row.column_text(2);
    entry.staff_name = row.column_text(3);
    entry.role = row.column_text(4);
    entry.action = row.column_text(5);
    entry.target = row.column_text(6);
    entry.reason = row.column_text(7);
    entry.state_before = row.column_text(8);
    entry.state_after = row.column_text(9);
    entry.previous_hash = row.column_text(10);
    entry.hash = row.column_text(11);
    return entry;
}

// [SECTION] Appending
Status AggregatorStore::append_audit(const ActingStaff& staff, std::string_view action,
                                     std::string_view target, std::string_view reason,
                                     std::string_view state_before, std::string_view state_after,
                                     std::int64_t now) {
    JIEBANG_TRY_ASSIGN(
        auto head, database_.query_row(
                       "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1",
                       [](const store::Statement& row) {
                           return std::pair<std::int64_t, std::string>{row.column_int(0), row.column_text(1)};
                       }));
    const std::int64_t previous_sequence = head ? head->first : 0;
    const std::string previous_hash = head ? head->second : std::string(audit::genesis_hash);
    audit::AuditEntry entry;
    entry.at = now;
    entry.staff_id = staff.staff_id;
    entry.staff_name = staff.name;
    entry.role = std::string(review::actor_name(staff.actor));
    entry.action = std::string(action);
    entry.target = std::string(target);
    entry.reason = std::string(reason);
    entry.state_before = std::string(state_before);
    entry.state_after = std::string(state_after);
    audit::seal(entry, previous_sequence, previous_hash);
    return database_.execute(
        "INSERT INTO audit (sequence, at, staff_id, staff_name, role, action, target, reason, state_before, "
        "state_after, previous_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        entry.sequence, entry.at, entry.staff_id, entry.staff_name, entry.role, entry.action, entry.target,
        entry.reason, entry.state_before, entry.state_after, entry.previous_hash, entry.hash);
}

Status AggregatorStore::record_audit(const ActingStaff& staff, std::string_view action,
                                     std::string_view target, std::string_view reason, std::int64_t now) {
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY(append_audit(staff, action, target, reason, "", "", now));
    return transaction.commit();
}

Status AggregatorStore::record_audit_in_transaction(const ActingStaff& staff, std::string_view action,
                                                    std::string_view target, std::string_view reason,
                                                    std::string_view state_before,
                                                    std::string_view state_after, std::int64_t now) {
    return append_audit(staff, action, target, reason, state_before, state_after, now);
}

// [SECTION] Reading and verifying
Result<std::vector<audit::AuditEntry>> AggregatorStore::audit_entries(std::int64_t after_sequence,
                                                                      int limit) {
    return database_.query_rows(select_audit() + "WHERE sequence > ?1 ORDER BY sequence LIMIT ?2",
                                read_audit_row, after_sequence,
                                static_cast<std::int64_t>(limit > 0 ? limit : -1));
}

Result<AggregatorStore::AuditVerification> AggregatorStore::verify_audit() {
    // Stepped by hand (the one loop the row helpers do not serve): reading stops at the first problem, so
    // a damaged page after it is not reached and a long trail is not read to its end.
    JIEBANG_TRY_ASSIGN(auto statement, database_.prepare(select_audit() + "ORDER BY sequence"));
    audit::ChainVerifier verifier;
    for (;;) {
        JIEBANG_TRY_ASSIGN(const bool has_row, statement.step());
        if (!has_row || !verifier.add(read_audit_row(statement)))
            break;
    }
    return AuditVerification{verifier.count(), verifier.head_hash(), verifier.problem()};
}

}  // namespace jiebang::sync

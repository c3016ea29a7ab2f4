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

namespace {

constexpr const char* audit_columns =
    "SELECT sequence, at, staff_id, staff_name, role, action, target, reason, state_before, state_after, "
    "previous_hash, hash FROM audit ";

audit::AuditEntry read_entry(const store::Statement& row) {
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

}  // namespace

// [SECTION] Appending
Status AggregatorStore::append_audit(const ActingStaff& staff, std::string_view action,
                                     std::string_view target, std::string_view reason,
                                     std::string_view state_before, std::string_view state_after,
                                     std::int64_t now) {
    auto head = database_.prepare_cached("SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1");
    if (!head)
        return head.error();
    auto row = head->step();
    if (!row)
        return row.error();
    const std::int64_t previous_sequence = row.value() ? head->column_int(0) : 0;
    const std::string previous_hash = row.value() ? head->column_text(1) : std::string(audit::genesis_hash);
    head->reset();
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
    auto insert = database_.prepare_cached(
        "INSERT INTO audit (sequence, at, staff_id, staff_name, role, action, target, reason, state_before, "
        "state_after, previous_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!insert)
        return insert.error();
    insert->bind(1, entry.sequence)
        .bind(2, entry.at)
        .bind(3, entry.staff_id)
        .bind(4, entry.staff_name)
        .bind(5, entry.role)
        .bind(6, entry.action)
        .bind(7, entry.target)
        .bind(8, entry.reason)
        .bind(9, entry.state_before)
        .bind(10, entry.state_after)
        .bind(11, entry.previous_hash)
        .bind(12, entry.hash);
    return insert->run();
}

Status AggregatorStore::record_audit(const ActingStaff& staff, std::string_view action,
                                     std::string_view target, std::string_view reason, std::int64_t now) {
    auto transaction = store::Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    if (auto status = append_audit(staff, action, target, reason, "", "", now); !status)
        return status;
    return transaction->commit();
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
    auto statement = database_.prepare_cached(std::string(audit_columns) +
                                              "WHERE sequence > ?1 ORDER BY sequence LIMIT ?2");
    if (!statement)
        return statement.error();
    statement->bind(1, after_sequence).bind(2, static_cast<std::int64_t>(limit > 0 ? limit : -1));
    std::vector<audit::AuditEntry> entries;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        entries.push_back(read_entry(statement.value()));
    }
    return entries;
}

Result<AggregatorStore::AuditVerification> AggregatorStore::verify_audit() {
    auto statement = database_.prepare(std::string(audit_columns) + "ORDER BY sequence");
    if (!statement)
        return statement.error();
    audit::ChainVerifier verifier;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        if (!verifier.add(read_entry(statement.value())))
            break;
    }
    return AuditVerification{verifier.count(), verifier.head_hash(), verifier.problem()};
}

}  // namespace jiebang::sync

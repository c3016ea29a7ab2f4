// sync/aggregator/aggregator_store_refusals.cpp — SUBMITs this aggregator refused for good, kept so that staff see
// them (issue 9 defect 5). The applicant holds a receipt for each (the terminal quarantines the item, docs/
// protocol.md 5.3), but the store never holds its content; without this record the item was invisible: backlog
// 0, no row. Migration 13.
// Invariants:
//  1. Every permanent refusal of a SUBMIT (section 5.3's refusals and CONFLICT) is recorded in the round's
//     transaction, one row per sending node and submission, with the latest error and the number of tries;
//     transient answers (store_unavailable) are not refusals.
//  2. A refused submission stored later (the cause fixed, the item sent again) leaves this record in the same
//     transaction that stores it, so staff see exactly what is still missing.
//  3. Nothing personal is kept: ids, the receipt number, the error code.
//  4. Requeue (migration 14, docs/protocol.md 22): a county reviewer or the host's administrator asks for a
//     refused item to be sent again; the request is kept on its row with its audit entry `requeue` in one
//     transaction, and handed to the refused node when it asks (REQUEUE-REQUEST). The next SUBMIT of the item
//     ends it: stored, the row goes (invariant 2); refused again, the row shows the new refusal and no
//     request. Identity from keys: a node is handed only requests for its own refusals.
//
// Index: [SECTION] Schema  [SECTION] Recording  [SECTION] Reading  [SECTION] Requeue
#include "sync/aggregator/aggregator_store.hpp"

#include "shared/receipt/receipt.hpp"

namespace jiebang::sync {

namespace {

constexpr const char* refusal_columns =
    "node_id, submission_id, receipt_number, error_code, first_at, last_at, attempts, requeue_requested_at, "
    "requeue_requested_by";

RefusedSubmission read_refusal(const store::Statement& row) {
    return RefusedSubmission{row.column_text(0), row.column_text(1), row.column_text(2),
                             row.column_text(3), row.column_int(4),  row.column_int(5),
                             row.column_int(6),  row.column_int(7),  row.column_text(8)};
}

}  // namespace

// [SECTION] Schema
const std::string& refusals_schema_migration() {
    static const std::string sql = R"sql(
CREATE TABLE refused_submissions (
  node_id TEXT NOT NULL,
  submission_id TEXT NOT NULL,
  receipt_number TEXT NOT NULL,
  error_code TEXT NOT NULL,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (node_id, submission_id)
);
)sql";
    return sql;
}

const std::string& refusals_requeue_migration() {
    static const std::string sql = R"sql(
ALTER TABLE refused_submissions ADD COLUMN requeue_requested_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refused_submissions ADD COLUMN requeue_requested_by TEXT NOT NULL DEFAULT '';
)sql";
    return sql;
}

// [SECTION] Recording
Status AggregatorStore::record_refusal(const std::string& node_id, const std::string& submission_id,
                                       const std::string& receipt_number, const std::string& error_code,
                                       std::int64_t now) {
    return database_.execute(
        "INSERT INTO refused_submissions (node_id, submission_id, receipt_number, error_code, first_at, "
        "last_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (node_id, submission_id) DO UPDATE SET error_code = "
        "excluded.error_code, receipt_number = excluded.receipt_number, last_at = excluded.last_at, attempts "
        "= attempts + 1, requeue_requested_at = 0, requeue_requested_by = ''",
        node_id, submission_id, receipt_number, error_code, now);
}

Status AggregatorStore::clear_refusal(const std::string& submission_id) {
    return database_.execute("DELETE FROM refused_submissions WHERE submission_id = ?1", submission_id);
}

// [SECTION] Reading
Result<std::vector<RefusedSubmission>> AggregatorStore::refused_submissions(int limit) {
    return database_.query_rows(
        std::string("SELECT ") + refusal_columns +
            " FROM refused_submissions ORDER BY first_at, node_id, submission_id LIMIT ?1",
        read_refusal, static_cast<std::int64_t>(limit));
}

Result<std::int64_t> AggregatorStore::refused_submissions_total() {
    return database_.query_int("SELECT count(*) FROM refused_submissions");
}

// [SECTION] Requeue
Result<std::vector<RefusedSubmission>> AggregatorStore::request_requeue(std::string_view receipt,
                                                                        const ActingStaff& staff,
                                                                        std::int64_t now) {
    if (staff.actor != review::Actor::Reviewer && staff.actor != review::Actor::HostAdministrator) {
        return Error("staff.not_permitted", "requeue", "only a county reviewer requeues a terminal's item")
            .with("actor", std::string(review::actor_name(staff.actor)))
            .with("action", "requeue");
    }
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const review::Tier tier_now, tier());
    if (tier_now != review::Tier::County) {
        return Error("requeue.wrong_tier", "receipt",
                     "a city's refusals are requeued at the county that forwarded them (submissions requeue)")
            .with("receipt", std::string(receipt));
    }
    std::string number(receipt);
    if (auto parsed = ReceiptNumber::parse(receipt); parsed)
        number = parsed->text();
    JIEBANG_TRY_ASSIGN(auto rows,
                       database_.query_rows(std::string("SELECT ") + refusal_columns +
                                                " FROM refused_submissions WHERE receipt_number = ?1 "
                                                "ORDER BY node_id, submission_id",
                                            read_refusal, number));
    if (rows.empty()) {
        return Error("requeue.unknown_receipt", "receipt",
                     "no submission refused here has this receipt number")
            .with("receipt", std::string(receipt));
    }
    for (RefusedSubmission& row : rows) {
        JIEBANG_TRY(database_.execute(
            "UPDATE refused_submissions SET requeue_requested_at = ?1, requeue_requested_by = ?2 WHERE "
            "node_id = ?3 AND submission_id = ?4",
            now, staff.staff_id, row.node_id, row.submission_id));
        JIEBANG_TRY(append_audit(staff, "requeue", row.receipt_number,
                                 "terminal " + row.node_id + " refused: " + row.error_code, "refused",
                                 "requeue_requested", now));
        row.requeue_requested_at = now;
        row.requeue_requested_by = staff.staff_id;
    }
    JIEBANG_TRY(transaction.commit());
    return rows;
}

Result<std::vector<std::string>> AggregatorStore::requeue_requests(const std::string& node_id, int limit) {
    return database_.query_rows(
        "SELECT submission_id FROM refused_submissions WHERE node_id = ?1 AND requeue_requested_at > 0 ORDER "
        "BY "
        "first_at, submission_id LIMIT ?2",
        [](const store::Statement& row) { return row.column_text(0); }, node_id,
        static_cast<std::int64_t>(limit));
}

}  // namespace jiebang::sync

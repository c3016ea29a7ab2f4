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
//
// Index: [SECTION] Schema  [SECTION] Recording  [SECTION] Reading
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

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

// [SECTION] Recording
Status AggregatorStore::record_refusal(const std::string& node_id, const std::string& submission_id,
                                       const std::string& receipt_number, const std::string& error_code,
                                       std::int64_t now) {
    return database_.execute(
        "INSERT INTO refused_submissions (node_id, submission_id, receipt_number, error_code, first_at, "
        "last_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (node_id, submission_id) DO UPDATE SET error_code = "
        "excluded.error_code, receipt_number = excluded.receipt_number, last_at = excluded.last_at, attempts "
        "= "
        "attempts + 1",
        node_id, submission_id, receipt_number, error_code, now);
}

Status AggregatorStore::clear_refusal(const std::string& submission_id) {
    return database_.execute("DELETE FROM refused_submissions WHERE submission_id = ?1", submission_id);
}

// [SECTION] Reading
Result<std::vector<RefusedSubmission>> AggregatorStore::refused_submissions(int limit) {
    return database_.query_rows(
        "SELECT node_id, submission_id, receipt_number, error_code, first_at, last_at, attempts FROM "
        "refused_submissions ORDER BY first_at, node_id, submission_id LIMIT ?1",
        [](const store::Statement& row) {
            return RefusedSubmission{row.column_text(0), row.column_text(1), row.column_text(2),
                                     row.column_text(3), row.column_int(4),  row.column_int(5),
                                     row.column_int(6)};
        },
        static_cast<std::int64_t>(limit));
}

Result<std::int64_t> AggregatorStore::refused_submissions_total() {
    return database_.query_int("SELECT count(*) FROM refused_submissions");
}

}  // namespace jiebang::sync

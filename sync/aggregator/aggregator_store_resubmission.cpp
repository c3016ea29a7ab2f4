// sync/aggregator/aggregator_store_resubmission.cpp — the revisions part of AggregatorStore: a corrected
// resubmission linked to the returned item it names (docs/review.md R12, C27, C28, M7), the chain of an
// item's revisions, and the applicant's access code that a terminal presents to fetch a returned item's
// content for correction (docs/protocol.md section 18). Migration 8 of the store is defined here.
// Invariants:
//  V1 A resubmission is linked in the transaction that stores it: its revision row and the original's
//     resubmission_received transition commit together or not at all.
//  V2 An item's revisions share the first filing's id (original_id) and are numbered 1, 2, 3 ... without
//     gaps: revision n+1 names revision n; a resubmission naming an item that is not returned (stale), of
//     another county, or unknown here is stored unlinked and flagged, never refused (the applicant holds
//     its receipt).
//  V3 The access code is compared only with the hash in the item's signed content; after
//     access_code_attempts wrong codes in a row the receipt is locked for access_code_lock_seconds (a locked
//     receipt answers Locked without looking at the code); a right code resets the count.
//  V4 Content leaves the store only to an enrolled terminal of the item's county, for a returned item, with
//     the right code, and each such read appends an audit entry naming the terminal.
//
// Index: [SECTION] Schema  [SECTION] Linking  [SECTION] Chain  [SECTION] Access codes
#include <sodium.h>

#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

using review::Actor;
using review::ReviewAction;
using review::ReviewState;

// [SECTION] Schema
const std::string& resubmission_schema_migration() {
    static const std::string sql = R"sql(
CREATE TABLE submission_revisions (
  submission_id TEXT PRIMARY KEY,
  original_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  resubmission_of TEXT NOT NULL,
  linked_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX submission_revisions_chain ON submission_revisions (original_id, revision);
CREATE TABLE access_code_attempts (
  receipt_number TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
);
)sql";
    return sql;
}

namespace {

// The item a submission belongs to and its revision number (itself and 1 when it was never linked).
Result<std::pair<std::string, std::int64_t>> chain_position(store::Database& database,
                                                            const std::string& submission_id) {
    JIEBANG_TRY_ASSIGN(auto row,
                       database.query_row(
                           "SELECT original_id, revision FROM submission_revisions WHERE submission_id = ?1",
                           [](const store::Statement& statement) {
                               return std::pair<std::string, std::int64_t>{statement.column_text(0),
                                                                           statement.column_int(1)};
                           },
                           submission_id));
    return row.value_or(std::pair<std::string, std::int64_t>{submission_id, 1});
}

}  // namespace

// [SECTION] Linking
Result<std::string> AggregatorStore::link_resubmission(const StoredSubmission& submission, std::int64_t now) {
    JIEBANG_TRY_ASSIGN(const review::Tier tier_now, tier());
    JIEBANG_TRY_ASSIGN(auto found, find(submission.resubmission_of));
    if (!found.has_value()) {
        // At the city an item the county returned never arrived: the correction is simply new there.
        return std::string(tier_now == review::Tier::County ? "resubmission_unknown" : "");
    }
    const StoredSubmission& original = *found;
    if (original.county_admin_code != submission.county_admin_code)
        return std::string("resubmission_other_county");
    auto from = review::state_from_name(original.review_stage);
    if (!from)
        return Error("store.corrupt", "review_stage", "unknown review stage in the store");
    JIEBANG_TRY_ASSIGN(
        const review::Outcome outcome,
        review::apply(tier_now, *from, ReviewAction::ResubmissionReceived, Actor::Terminal, ""));
    if (outcome.ignored)  // not returned (any more): R3, the new item stands alone, flagged for staff
        return std::string("resubmission_stale");
    JIEBANG_TRY(write_review(original, tier_now, ReviewAction::ResubmissionReceived, outcome, "", 0, now));
    JIEBANG_TRY_ASSIGN(auto position, chain_position(database_, original.submission_id));
    JIEBANG_TRY(database_.execute(
        "INSERT INTO submission_revisions (submission_id, original_id, revision, "
        "resubmission_of, linked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        submission.submission_id, position.first, position.second + 1, original.submission_id, now));
    return std::string();
}

// [SECTION] Chain
Result<std::vector<RevisionRecord>> AggregatorStore::revisions(std::string_view submission_id_or_receipt) {
    JIEBANG_TRY_ASSIGN(auto found, find(submission_id_or_receipt));
    if (!found.has_value())
        return std::vector<RevisionRecord>{};
    JIEBANG_TRY_ASSIGN(auto position, chain_position(database_, found->submission_id));
    auto read = [](const store::Statement& row) {
        RevisionRecord record;
        record.submission_id = row.column_text(0);
        record.receipt_number = row.column_text(1);
        record.original_id = row.column_text(2);
        record.revision = row.column_int(3);
        record.resubmission_of = row.column_text(4);
        record.review_state = row.column_text(5);
        record.review_stage = row.column_text(6);
        record.review_reason = row.column_text(7);
        record.received_at = row.column_int(8);
        return record;
    };
    return database_.query_rows(
        "SELECT s.submission_id, s.receipt_number, ?1, coalesce(r.revision, 1), coalesce(r.resubmission_of, "
        "''), "
        "s.review_state, s.review_stage, s.review_reason, s.received_at FROM submissions AS s "
        "LEFT JOIN submission_revisions AS r ON r.submission_id = s.submission_id "
        "WHERE s.submission_id = ?1 OR r.original_id = ?1 ORDER BY coalesce(r.revision, 1)",
        read, position.first);
}

// [SECTION] Access codes
Result<AccessCheck> AggregatorStore::check_access_code(std::string_view receipt_number,
                                                       std::string_view typed_code, const NodeRecord& node,
                                                       std::int64_t now) {
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    AccessCheck check;
    JIEBANG_TRY_ASSIGN(auto found, find(receipt_number));
    if (!found.has_value() || found->receipt_number != receipt_number) {
        check.outcome = AccessOutcome::Unknown;
        return check;
    }
    if (found->county_admin_code != node.county_admin_code) {
        check.outcome = AccessOutcome::OtherCounty;
        return check;
    }
    JIEBANG_TRY_ASSIGN(
        auto attempts,
        database_.query_row(
            "SELECT failures, locked_until FROM access_code_attempts WHERE receipt_number = ?1",
            [](const store::Statement& row) {
                return std::pair<std::int64_t, std::int64_t>{row.column_int(0), row.column_int(1)};
            },
            found->receipt_number));
    std::int64_t failures = attempts ? attempts->first : 0;
    if (attempts && attempts->second > now) {
        check.outcome = AccessOutcome::Locked;
        check.locked_until = attempts->second;
        return check;
    }
    auto content = submission_from_json(found->canonical_content);
    if (!content)
        return Error("store.corrupt", "canonical_content", "a stored submission does not parse");
    if (content->access_code_hash.empty()) {
        check.outcome = AccessOutcome::NoCode;
        return check;
    }
    const std::string code = normalise_access_code(typed_code);
    const std::string typed_hash =
        code.empty() ? std::string(64, 'x') : access_code_hash_of(found->submission_id, code);
    const bool matches =
        typed_hash.size() == content->access_code_hash.size() &&
        sodium_memcmp(typed_hash.data(), content->access_code_hash.data(), typed_hash.size()) == 0;
    if (!matches) {
        failures += 1;
        std::int64_t locked_until = 0;
        if (failures >= access_code_attempts) {
            locked_until = now + access_code_lock_seconds;
            failures = 0;
        }
        JIEBANG_TRY(database_.execute(
            "INSERT INTO access_code_attempts (receipt_number, failures, locked_until) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (receipt_number) DO UPDATE SET failures = ?2, locked_until = ?3",
            found->receipt_number, failures, locked_until));
        JIEBANG_TRY(transaction.commit());
        if (locked_until > 0) {
            check.outcome = AccessOutcome::Locked;
            check.locked_until = locked_until;
        } else {
            check.outcome = AccessOutcome::WrongCode;
            check.attempts_left = access_code_attempts - failures;
        }
        return check;
    }
    JIEBANG_TRY(database_.execute("DELETE FROM access_code_attempts WHERE receipt_number = ?1",
                                  found->receipt_number));
    JIEBANG_TRY_ASSIGN(auto position, chain_position(database_, found->submission_id));
    check.revision = position.second;
    const bool returned = found->review_stage == "returned" || found->review_stage == "city_returned";
    if (!returned) {
        check.outcome = AccessOutcome::NotReturned;
        check.submission = std::move(found);
        JIEBANG_TRY(transaction.commit());
        return check;
    }
    ActingStaff terminal;
    terminal.actor = Actor::Terminal;
    terminal.staff_id = node.node_id;
    terminal.name = "terminal " + node.node_id;
    JIEBANG_TRY(
        append_audit(terminal, "content_read_for_correction", found->receipt_number, "", "", "", now));
    JIEBANG_TRY(transaction.commit());
    check.outcome = AccessOutcome::Granted;
    check.submission = std::move(found);
    return check;
}

}  // namespace jiebang::sync

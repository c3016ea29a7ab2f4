// sync/aggregator/aggregator_store_duplicates.cpp — possible duplicates, found when a submission is stored
// (docs/review.md "Flags"): staff see `possible_duplicate:<receipt number of the earlier one>` on an item
// that repeats an earlier one, so a clerk screening a hundred items does not accept the same demand twice.
// Migration 22 keeps each submission's comparison keys (shared/text/comparison_key.hpp) in submission_keys.
// Invariants:
//  D1 A demand repeats an earlier demand with the same unit USCC or the same title; a bid repeats an
//     earlier bid on the same listing with the same title (one unit may bid with several teams, so a bid's
//     USCC alone is no duplicate). Titles and USCCs compare by their comparison keys; a title key of fewer
//     than min_title_key_characters characters is compared with nothing.
//  D2 The revisions of one item are never duplicates of each other: a resubmission is not compared with
//     the item it corrects or that item's other revisions.
//  D3 The flag names the earliest such submission and is written with the row, in the transaction that
//     stores it; nothing is ever refused for it (it is a hint to staff, not a rule).
//  D4 Every submission has one submission_keys row: new ones get it when stored, those stored before
//     migration 22 when the store is next opened (a pending task, done once, in one transaction).
#include "shared/text/comparison_key.hpp"
#include "shared/text/utf8.hpp"
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

namespace {

constexpr std::size_t min_title_key_characters = 4;

std::string title_key_of(const std::string& title) {
    std::string key = text::comparison_key(title);
    const auto characters = utf8::count_code_points(key);
    return characters && *characters >= min_title_key_characters ? key : std::string();
}

}  // namespace

const std::string& comparison_keys_migration() {
    static const std::string sql = R"sql(
CREATE TABLE submission_keys (
  sequence INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  listing_id TEXT NOT NULL,
  uscc_key TEXT NOT NULL,
  title_key TEXT NOT NULL
);
CREATE INDEX submission_keys_uscc ON submission_keys (kind, uscc_key) WHERE uscc_key != '';
CREATE INDEX submission_keys_title ON submission_keys (kind, listing_id, title_key) WHERE title_key != '';
CREATE TRIGGER submission_keys_delete AFTER DELETE ON submissions BEGIN
  DELETE FROM submission_keys WHERE sequence = old.sequence;
END;
CREATE TABLE store_tasks (name TEXT PRIMARY KEY);
INSERT INTO store_tasks (name) VALUES ('comparison_keys');
)sql";
    return sql;
}

Result<std::string> AggregatorStore::possible_duplicate_of(const StoredSubmission& submission) {
    const bool bid = submission.kind == "bid";
    const std::string uscc_key = bid ? std::string() : text::comparison_key(submission.unit_uscc);
    const std::string title_key = title_key_of(submission.project_name);
    if (uscc_key.empty() && title_key.empty())
        return std::string();
    // D2: the item a resubmission corrects (and so its other revisions) is its own chain.
    std::string own_chain = "-";
    if (!submission.resubmission_of.empty()) {
        JIEBANG_TRY_ASSIGN(auto corrected, find(submission.resubmission_of));
        if (corrected.has_value()) {
            JIEBANG_TRY_ASSIGN(auto chain, database_.query_row(
                                               "SELECT coalesce((SELECT original_id FROM "
                                               "submission_revisions WHERE submission_id = ?1), ?1)",
                                               [](const store::Statement& row) { return row.column_text(0); },
                                               corrected->submission_id));
            own_chain = chain.value_or(corrected->submission_id);
        }
    }
    // "key != ''" repeats the partial indexes' condition, which SQLite needs in the query to use them (with
    // a bound value it cannot prove it): without it each insert scanned every earlier key.
    static const std::string chosen =
        "SELECT s.receipt_number, k.sequence FROM submission_keys k JOIN submissions s ON s.sequence = "
        "k.sequence "
        "LEFT JOIN submission_revisions r ON r.submission_id = s.submission_id WHERE k.kind = ?1 AND "
        "coalesce(r.original_id, s.submission_id) != ?2 AND ";
    std::optional<std::pair<std::int64_t, std::string>> earliest;
    auto keep = [&earliest](std::optional<std::pair<std::int64_t, std::string>> found) {
        if (found && (!earliest || found->first < earliest->first))
            earliest = std::move(found);
    };
    auto read = [](const store::Statement& row) {
        return std::pair<std::int64_t, std::string>{row.column_int(1), row.column_text(0)};
    };
    if (!uscc_key.empty()) {
        JIEBANG_TRY_ASSIGN(
            auto found,
            database_.query_row(chosen + "k.uscc_key = ?3 AND k.uscc_key != '' ORDER BY k.sequence LIMIT 1",
                                read, submission.kind, own_chain, uscc_key));
        keep(std::move(found));
    }
    if (!title_key.empty()) {
        JIEBANG_TRY_ASSIGN(auto found,
                           database_.query_row(chosen + "k.listing_id = ?3 AND k.title_key = ?4 AND "
                                                        "k.title_key != '' ORDER BY k.sequence LIMIT 1",
                                               read, submission.kind, own_chain,
                                               bid ? submission.listing_id : "", title_key));
        keep(std::move(found));
    }
    return earliest ? earliest->second : std::string();
}

Status AggregatorStore::store_comparison_keys(std::int64_t sequence, const StoredSubmission& submission) {
    const bool bid = submission.kind == "bid";
    return database_.execute(
        "INSERT INTO submission_keys (sequence, kind, listing_id, uscc_key, title_key) VALUES (?1, ?2, ?3, "
        "?4, "
        "?5) ON CONFLICT (sequence) DO NOTHING",
        sequence, submission.kind, bid ? submission.listing_id : "",
        bid ? std::string() : text::comparison_key(submission.unit_uscc),
        title_key_of(submission.project_name));
}

Status AggregatorStore::backfill_comparison_keys() {
    JIEBANG_TRY_ASSIGN(
        const std::int64_t pending,
        database_.query_int("SELECT count(*) FROM store_tasks WHERE name = 'comparison_keys'"));
    if (pending == 0)
        return {};
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(
        const std::int64_t still_pending,
        database_.query_int("SELECT count(*) FROM store_tasks WHERE name = 'comparison_keys'"));
    if (still_pending == 0)
        return {};  // another connection did it meanwhile
    JIEBANG_TRY_ASSIGN(
        auto rows,
        database_.query_rows("SELECT sequence, kind, listing_id, unit_uscc, project_name FROM submissions",
                             [](const store::Statement& row) {
                                 StoredSubmission submission;
                                 submission.sequence = row.column_int(0);
                                 submission.kind = row.column_text(1);
                                 submission.listing_id = row.column_text(2);
                                 submission.unit_uscc = row.column_text(3);
                                 submission.project_name = row.column_text(4);
                                 return submission;
                             }));
    for (const StoredSubmission& submission : rows)
        JIEBANG_TRY(store_comparison_keys(submission.sequence, submission));
    JIEBANG_TRY(database_.execute("DELETE FROM store_tasks WHERE name = 'comparison_keys'"));
    return transaction.commit();
}

}  // namespace jiebang::sync

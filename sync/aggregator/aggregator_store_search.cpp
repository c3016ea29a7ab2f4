// sync/aggregator/aggregator_store_search.cpp — the queries of the staff channel (docs/protocol.md 17) on
// AggregatorStore: a page of submissions by filters and free text, a submission's audit history and feed
// events, the county's refused forwards, bid counts per listing, the feed joined with its submissions.
// Migration 7 adds what makes them fast on 100,000 rows (docs/benchmarks.md):
//  - submission_search: one narrow row per submission (the filter columns only), kept equal to
//    submissions by triggers, so a filter scans a few MB instead of every submission's content;
//  - submission_text: an FTS5 table with the trigram tokenizer over title, unit name and USCC, so that a
//    Chinese substring of three or more characters is found through the index;
//  - indexes on audit(target) and feed(submission_id) for a submission's history.
// Invariants:
//  1. submission_search and submission_text hold exactly one row per submission, with the submission's
//     current values (triggers on insert, update and delete of submissions, whoever writes the row).
//  2. SQL is made only from fixed fragments; every value is bound.
//  3. A page is read in one read transaction, so total, rows and next_after agree.
//
// Index: [SECTION] Schema  [SECTION] Search  [SECTION] History  [SECTION] Fleet and bids  [SECTION] Feed
#include <string>
#include <variant>

#include "shared/receipt/receipt.hpp"
#include "shared/text/utf8.hpp"
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

// [SECTION] Schema
const std::string& search_schema_migration() {
    static const std::string sql = R"sql(
CREATE TABLE submission_search (
  sequence INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  county_admin_code TEXT NOT NULL,
  via_node TEXT NOT NULL,
  review_state TEXT NOT NULL,
  review_stage TEXT NOT NULL,
  forward_state TEXT NOT NULL,
  forward_batch INTEGER NOT NULL,
  industry_id TEXT NOT NULL,
  listing_id TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
INSERT INTO submission_search
  SELECT sequence, kind, county_admin_code, via_node, review_state, review_stage, forward_state, forward_batch,
         industry_id, listing_id, received_at FROM submissions;
CREATE INDEX submission_search_stage ON submission_search (review_stage);
CREATE INDEX submission_search_listing ON submission_search (listing_id) WHERE listing_id != '';
CREATE VIRTUAL TABLE submission_text USING fts5(title, unit_name, unit_uscc, tokenize = 'trigram');
INSERT INTO submission_text (rowid, title, unit_name, unit_uscc)
  SELECT sequence, project_name, unit_name, unit_uscc FROM submissions;
CREATE TRIGGER submission_search_insert AFTER INSERT ON submissions BEGIN
  INSERT INTO submission_search VALUES (new.sequence, new.kind, new.county_admin_code, new.via_node,
    new.review_state, new.review_stage, new.forward_state, new.forward_batch, new.industry_id, new.listing_id,
    new.received_at);
  INSERT INTO submission_text (rowid, title, unit_name, unit_uscc)
    VALUES (new.sequence, new.project_name, new.unit_name, new.unit_uscc);
END;
CREATE TRIGGER submission_search_update AFTER UPDATE ON submissions BEGIN
  UPDATE submission_search SET kind = new.kind, county_admin_code = new.county_admin_code,
    via_node = new.via_node, review_state = new.review_state, review_stage = new.review_stage,
    forward_state = new.forward_state, forward_batch = new.forward_batch, industry_id = new.industry_id,
    listing_id = new.listing_id, received_at = new.received_at
  WHERE sequence = new.sequence;
END;
CREATE TRIGGER submission_text_update AFTER UPDATE OF project_name, unit_name, unit_uscc ON submissions BEGIN
  UPDATE submission_text SET title = new.project_name, unit_name = new.unit_name, unit_uscc = new.unit_uscc
  WHERE rowid = new.sequence;
END;
CREATE TRIGGER submission_search_delete AFTER DELETE ON submissions BEGIN
  DELETE FROM submission_search WHERE sequence = old.sequence;
  DELETE FROM submission_text WHERE rowid = old.sequence;
END;
CREATE INDEX audit_target ON audit (target);
CREATE INDEX feed_submission ON feed (submission_id) WHERE submission_id != '';
)sql";
    return sql;
}

namespace {

// An FTS5 string: the text between double quotes, inner quotes doubled; so every character is literal.
std::string fts_phrase(std::string_view text) {
    std::string phrase = "\"";
    for (char character : text) {
        if (character == '"')
            phrase += '"';
        phrase += character;
    }
    return phrase + "\"";
}

// A LIKE pattern matching `text` anywhere, with % _ and \ taken literally (ESCAPE '\').
std::string like_anywhere(std::string_view text) {
    std::string pattern = "%";
    for (char character : text) {
        if (character == '%' || character == '_' || character == '\\')
            pattern += '\\';
        pattern += character;
    }
    return pattern + "%";
}

// The WHERE fragments of a search over submission_search s, with their values bound to ?1, ?2, ... in
// order ('@' in a fragment stands for the value's own number, so a fragment may name it more than once).
struct Filter {
    std::string where;
    std::vector<std::variant<std::string, std::int64_t>> values;
    void add(std::string_view fragment, std::variant<std::string, std::int64_t> value) {
        values.push_back(std::move(value));
        const std::string placeholder = "?" + std::to_string(values.size());
        for (char character : fragment) {
            if (character == '@')
                where += placeholder;
            else
                where += character;
        }
    }
    int count() const { return static_cast<int>(values.size()); }
    void bind(store::Statement& statement) const {
        for (std::size_t index = 0; index < values.size(); ++index) {
            const int number = static_cast<int>(index + 1);
            if (const auto* text = std::get_if<std::string>(&values[index]))
                statement.bind(number, *text);
            else
                statement.bind(number, std::get<std::int64_t>(values[index]));
        }
    }
};

Result<Filter> build_filter(const SubmissionSearch& search) {
    Filter filter;
    if (!search.state.empty())
        filter.add(" AND s.review_state = @", search.state);
    if (!search.stage.empty())
        filter.add(" AND s.review_stage = @", search.stage);
    if (!search.kind.empty())
        filter.add(" AND s.kind = @", search.kind);
    if (!search.county.empty())
        filter.add(" AND s.county_admin_code = @", search.county);
    if (!search.via_node.empty())
        filter.add(" AND s.via_node = @", search.via_node);
    if (!search.industry.empty())
        filter.add(" AND s.industry_id = @", search.industry);
    if (!search.listing.empty())
        filter.add(" AND s.listing_id = @", search.listing);
    if (search.batch > 0)
        filter.add(" AND s.forward_batch = @", search.batch);
    if (search.received_from > 0)
        filter.add(" AND s.received_at >= @", search.received_from);
    if (search.received_until > 0)
        filter.add(" AND s.received_at < @", search.received_until);
    if (!search.text.empty()) {
        const auto characters = utf8::count_code_points(search.text);
        if (!characters || *characters > max_search_text_characters)
            return Error("staff_channel.bad_filter", "text", "free text is 1 to 100 characters of UTF-8");
        if (*characters >= 3) {
            // The trigram index finds every row holding the substring (case-insensitive).
            filter.add(" AND s.sequence IN (SELECT rowid FROM submission_text WHERE submission_text MATCH @)",
                       fts_phrase(search.text));
        } else {
            // Fewer than three characters make no trigram: scan the (small) text table instead.
            filter.add(
                " AND s.sequence IN (SELECT rowid FROM submission_text WHERE title LIKE @ ESCAPE '\\' OR "
                "unit_name LIKE @ ESCAPE '\\' OR unit_uscc LIKE @ ESCAPE '\\')",
                like_anywhere(search.text));
        }
    }
    return filter;
}

}  // namespace

// [SECTION] Search
Result<SearchPage> AggregatorStore::search(const SubmissionSearch& search) {
    if (search.page_size < 1 || search.page_size > 1000)
        return Error("staff_channel.bad_filter", "page_size", "a page holds 1 to 1000 rows");
    auto filter = build_filter(search);
    if (!filter)
        return filter.error();
    // One read transaction: the count, the sequences and the rows see the same snapshot (invariant 3).
    if (auto status = database_.execute("BEGIN"); !status)
        return status.error();
    struct EndRead {
        store::Database& database;
        ~EndRead() { (void)database.execute("COMMIT"); }
    } end_read{database_};

    SearchPage page;
    if (search.count_total) {
        auto count =
            database_.prepare_cached("SELECT count(*) FROM submission_search s WHERE 1" + filter->where);
        if (!count)
            return count.error();
        filter->bind(count.value());
        auto row = count->step();
        if (!row)
            return row.error();
        page.total = row.value() ? count->column_int(0) : 0;
    }
    const int after_number = filter->count() + 1;
    const int limit_number = filter->count() + 2;
    std::string sql = "SELECT s.sequence FROM submission_search s WHERE 1" + filter->where;
    if (search.after > 0) {
        sql += (search.newest_first ? " AND s.sequence < ?" : " AND s.sequence > ?") +
               std::to_string(after_number);
    }
    sql += search.newest_first ? " ORDER BY s.sequence DESC" : " ORDER BY s.sequence";
    sql += " LIMIT ?" + std::to_string(limit_number);
    auto statement = database_.prepare_cached(sql);
    if (!statement)
        return statement.error();
    filter->bind(statement.value());
    if (search.after > 0)
        statement->bind(after_number, search.after);
    statement->bind(limit_number, static_cast<std::int64_t>(search.page_size) + 1);
    std::vector<std::int64_t> sequences;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        sequences.push_back(statement->column_int(0));
    }
    statement->reset();
    if (sequences.size() > static_cast<std::size_t>(search.page_size)) {
        sequences.resize(static_cast<std::size_t>(search.page_size));
        page.next_after = sequences.back();
    }
    auto read = database_.prepare_cached(select_submissions() + "WHERE sequence = ?1");
    if (!read)
        return read.error();
    for (std::int64_t sequence : sequences) {
        read->bind(1, sequence);
        auto row = read->step();
        if (!row)
            return row.error();
        if (row.value())
            page.rows.push_back(read_submission_row(read.value()));
        read->reset();
    }
    return page;
}

// [SECTION] History
Result<std::vector<audit::AuditEntry>> AggregatorStore::audit_entries_for(std::string_view target,
                                                                          int limit) {
    auto statement = database_.prepare_cached(
        "SELECT sequence, at, staff_id, staff_name, role, action, target, reason, state_before, state_after, "
        "previous_hash, hash FROM audit WHERE target = ?1 ORDER BY sequence DESC LIMIT ?2");
    if (!statement)
        return statement.error();
    statement->bind(1, target).bind(2, static_cast<std::int64_t>(limit));
    std::vector<audit::AuditEntry> entries;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        audit::AuditEntry entry;
        entry.sequence = statement->column_int(0);
        entry.at = statement->column_int(1);
        entry.staff_id = statement->column_text(2);
        entry.staff_name = statement->column_text(3);
        entry.role = statement->column_text(4);
        entry.action = statement->column_text(5);
        entry.target = statement->column_text(6);
        entry.reason = statement->column_text(7);
        entry.state_before = statement->column_text(8);
        entry.state_after = statement->column_text(9);
        entry.previous_hash = statement->column_text(10);
        entry.hash = statement->column_text(11);
        entries.push_back(std::move(entry));
    }
    return entries;
}

Result<std::vector<FeedEvent>> AggregatorStore::feed_for(std::string_view submission_id, int limit) {
    auto statement = database_.prepare_cached(
        "SELECT sequence, at, event, submission_id, receipt_number, reason FROM feed WHERE submission_id = "
        "?1 "
        "AND submission_id != '' ORDER BY sequence DESC LIMIT ?2");
    if (!statement)
        return statement.error();
    statement->bind(1, submission_id).bind(2, static_cast<std::int64_t>(limit));
    std::vector<FeedEvent> events;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        events.push_back(FeedEvent{statement->column_int(0), statement->column_int(1),
                                   statement->column_text(2), statement->column_text(3),
                                   statement->column_text(4), statement->column_text(5)});
    }
    return events;
}

// [SECTION] Fleet and bids
Result<std::vector<std::pair<std::string, std::int64_t>>> AggregatorStore::refused_forwards_per_node() {
    return database_.query_rows(
        "SELECT via_node, count(*) FROM submission_search WHERE review_stage = 'forward_refused' GROUP BY "
        "via_node",
        [](const store::Statement& row) { return std::make_pair(row.column_text(0), row.column_int(1)); });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> AggregatorStore::bid_counts_per_listing() {
    return database_.query_rows(
        "SELECT listing_id, count(*) FROM submission_search WHERE kind = 'bid' AND listing_id != '' GROUP BY "
        "listing_id ORDER BY listing_id",
        [](const store::Statement& row) { return std::make_pair(row.column_text(0), row.column_int(1)); });
}

// [SECTION] Feed
Result<std::vector<FeedWithSubmission>> AggregatorStore::feed_with_submissions(std::int64_t after,
                                                                               int limit) {
    return database_.query_rows(
        "SELECT f.sequence, f.at, f.event, f.submission_id, f.receipt_number, f.reason, coalesce(s.kind, "
        "''), "
        "coalesce(s.county_admin_code, ''), coalesce(s.project_name, ''), coalesce(s.listing_id, '') FROM "
        "feed f "
        "LEFT JOIN submissions s ON f.submission_id != '' AND s.submission_id = f.submission_id "
        "WHERE f.sequence > ?1 ORDER BY f.sequence LIMIT ?2",
        [](const store::Statement& row) {
            FeedWithSubmission event;
            event.event = FeedEvent{row.column_int(0),  row.column_int(1),  row.column_text(2),
                                    row.column_text(3), row.column_text(4), row.column_text(5)};
            event.kind = row.column_text(6);
            event.county_admin_code = row.column_text(7);
            event.title = row.column_text(8);
            event.listing_id = row.column_text(9);
            return event;
        },
        after, static_cast<std::int64_t>(limit));
}

Result<std::int64_t> AggregatorStore::latest_feed_sequence() {
    return database_.query_int("SELECT coalesce(max(sequence), 0) FROM feed");
}

}  // namespace jiebang::sync

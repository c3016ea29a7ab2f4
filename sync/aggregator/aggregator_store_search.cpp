// sync/aggregator/aggregator_store_search.cpp — the queries of the staff channel (docs/protocol.md 17) on
// AggregatorStore: a page of submissions by filters and free text, a submission's audit history and feed
// events, the county's refused forwards, bid counts per listing, the feed joined with its submissions.
// Migration 7 adds what makes them fast on 100,000 rows (docs/benchmarks.md):
//  - submission_search: one narrow row per submission (the filter columns, with indexes for the usual
//    filters), kept equal to submissions by triggers, so a filter reads an index or a few MB instead of
//    every submission's content;
//  - submission_text: an FTS5 table with the trigram tokenizer over title, unit name and USCC, each
//    followed by two U+001F, so that every occurrence of every character starts a trigram: a substring of
//    three or more characters is a phrase query, one of one or two characters a range of the table's terms
//    (submission_text_terms, fts5vocab) that start with it;
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
CREATE INDEX submission_search_state ON submission_search (review_state, kind);
CREATE INDEX submission_search_stage ON submission_search (review_stage, kind);
CREATE INDEX submission_search_listing ON submission_search (listing_id) WHERE listing_id != '';
CREATE INDEX submission_search_batch ON submission_search (forward_batch) WHERE forward_batch > 0;
CREATE VIRTUAL TABLE submission_text USING fts5(title, unit_name, unit_uscc, tokenize = 'trigram');
CREATE VIRTUAL TABLE submission_text_terms USING fts5vocab(submission_text, instance);
INSERT INTO submission_text (rowid, title, unit_name, unit_uscc)
  SELECT sequence, project_name || char(31, 31), unit_name || char(31, 31), unit_uscc || char(31, 31)
  FROM submissions;
CREATE TRIGGER submission_search_insert AFTER INSERT ON submissions BEGIN
  INSERT INTO submission_search VALUES (new.sequence, new.kind, new.county_admin_code, new.via_node,
    new.review_state, new.review_stage, new.forward_state, new.forward_batch, new.industry_id, new.listing_id,
    new.received_at);
  INSERT INTO submission_text (rowid, title, unit_name, unit_uscc) VALUES (new.sequence,
    new.project_name || char(31, 31), new.unit_name || char(31, 31), new.unit_uscc || char(31, 31));
END;
CREATE TRIGGER submission_search_update AFTER UPDATE ON submissions BEGIN
  UPDATE submission_search SET kind = new.kind, county_admin_code = new.county_admin_code,
    via_node = new.via_node, review_state = new.review_state, review_stage = new.review_stage,
    forward_state = new.forward_state, forward_batch = new.forward_batch, industry_id = new.industry_id,
    listing_id = new.listing_id, received_at = new.received_at
  WHERE sequence = new.sequence;
END;
CREATE TRIGGER submission_text_update AFTER UPDATE OF project_name, unit_name, unit_uscc ON submissions BEGIN
  UPDATE submission_text SET title = new.project_name || char(31, 31), unit_name = new.unit_name || char(31, 31),
    unit_uscc = new.unit_uscc || char(31, 31)
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

// The WHERE fragments of a search over submission_search s, with their values bound to ?1, ?2, ... in
// order ('@' in a fragment stands for the value's own number, so a fragment may name it more than once).
// A search by free text alone reads the text index only; with other filters, the narrow table joins it.
struct Filter {
    std::string from = " FROM submission_search s";
    std::string page_from;             // when the page reads other than the count ("" = from)
    std::string key = "s.sequence";    // the submission's sequence in `from`
    std::string counted = "count(*)";  // how `from` counts submissions
    std::string selected = "s.sequence";
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
        const bool text_alone = filter.values.empty();
        if (*characters >= 3) {
            // The trigram index finds every row holding the substring (case-insensitive).
            if (text_alone) {
                filter.from = " FROM submission_text";
                filter.key = filter.selected = "rowid";
                filter.add(" AND submission_text MATCH @", fts_phrase(search.text));
            } else {
                filter.add(
                    " AND s.sequence IN (SELECT rowid FROM submission_text WHERE submission_text MATCH @)",
                    fts_phrase(search.text));
            }
        } else {
            // One or two characters: the documents with a term (trigram) that starts with them. The
            // tokenizer folds case; ASCII is enough here (a USCC's letters).
            std::string folded = search.text;
            for (char& character : folded) {
                if (character >= 'A' && character <= 'Z')
                    character = static_cast<char>(character - 'A' + 'a');
            }
            const std::string after_every_continuation = folded + "\xF4\x8F\xBF\xBF";  // U+10FFFF
            if (text_alone) {
                filter.from = " FROM submission_text_terms";
                filter.key = "doc";
                filter.counted = "count(DISTINCT doc)";
                filter.selected = "DISTINCT doc";
                filter.add(" AND term >= @", folded);
                filter.add(" AND term < @", after_every_continuation);
            } else {
                // "+" keeps the planner from driving by the (often large) set of documents: the count reads
                // the other filters' index and looks each candidate up in the set; the page walks the table
                // in sequence order (no sort of every match) and stops at its last row.
                filter.page_from = " FROM submission_search s NOT INDEXED";
                filter.add(" AND +s.sequence IN (SELECT doc FROM submission_text_terms WHERE term >= @",
                           folded);
                filter.add(" AND term < @)", after_every_continuation);
            }
        }
    }
    return filter;
}

}  // namespace

// [SECTION] Search
Result<SearchPage> AggregatorStore::search(const SubmissionSearch& search) {
    if (search.page_size < 1 || search.page_size > 1000)
        return Error("staff_channel.bad_filter", "page_size", "a page holds 1 to 1000 rows");
    JIEBANG_TRY_ASSIGN(const Filter filter, build_filter(search));
    // One read transaction: the count, the sequences and the rows see the same snapshot (invariant 3).
    JIEBANG_TRY(database_.execute("BEGIN"));
    struct EndRead {
        store::Database& database;
        ~EndRead() { (void)database.execute("COMMIT"); }
    } end_read{database_};

    SearchPage page;
    std::vector<std::int64_t> sequences;
    const std::size_t wanted = static_cast<std::size_t>(search.page_size) + 1;  // one more: is there a next?
    if (search.count_total) {
        // The filter's values are a run-time list, so these statements bind through Filter::bind.
        JIEBANG_TRY_ASSIGN(auto count, database_.prepare_cached("SELECT " + filter.counted + filter.from +
                                                                " WHERE 1" + filter.where));
        filter.bind(count);
        JIEBANG_TRY_ASSIGN(const bool counted, count.step());
        page.total = counted ? count.column_int(0) : 0;
    }
    const int after_number = filter.count() + 1;
    const int limit_number = filter.count() + 2;
    std::string sql = "SELECT " + filter.selected +
                      (filter.page_from.empty() ? filter.from : filter.page_from) + " WHERE 1" + filter.where;
    if (search.after > 0)
        sql += " AND " + filter.key + (search.newest_first ? " < ?" : " > ?") + std::to_string(after_number);
    sql += " ORDER BY " + filter.key + (search.newest_first ? " DESC" : "");
    sql += " LIMIT ?" + std::to_string(limit_number);
    {
        JIEBANG_TRY_ASSIGN(auto statement, database_.prepare_cached(sql));
        filter.bind(statement);
        if (search.after > 0)
            statement.bind(after_number, search.after);
        statement.bind(limit_number, static_cast<std::int64_t>(wanted));
        for (;;) {
            JIEBANG_TRY_ASSIGN(const bool has_row, statement.step());
            if (!has_row)
                break;
            sequences.push_back(statement.column_int(0));
        }
    }
    if (sequences.size() > static_cast<std::size_t>(search.page_size)) {
        sequences.resize(static_cast<std::size_t>(search.page_size));
        page.next_after = sequences.back();
    }
    for (std::int64_t sequence : sequences) {
        JIEBANG_TRY_ASSIGN(auto row, database_.query_row(select_submissions() + "WHERE sequence = ?1",
                                                         read_submission_row, sequence));
        if (row.has_value())
            page.rows.push_back(std::move(*row));
    }
    return page;
}

// [SECTION] History
Result<std::vector<audit::AuditEntry>> AggregatorStore::audit_entries_for(std::string_view target,
                                                                          int limit) {
    return database_.query_rows(select_audit() + "WHERE target = ?1 ORDER BY sequence DESC LIMIT ?2",
                                read_audit_row, target, static_cast<std::int64_t>(limit));
}

Result<std::vector<FeedEvent>> AggregatorStore::feed_for(std::string_view submission_id, int limit) {
    return database_.query_rows(
        "SELECT sequence, at, event, submission_id, receipt_number, reason FROM feed WHERE submission_id = "
        "?1 AND submission_id != '' ORDER BY sequence DESC LIMIT ?2",
        read_feed_row, submission_id, static_cast<std::int64_t>(limit));
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
            event.event = read_feed_row(row);
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

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
// Migration 21 adds what a sorted search needs (docs/protocol.md 17.2 SORTED-SEARCH): submission_search
// also holds the title, the unit's name, the stage's place in docs/review.md's order and the kinds of the
// submission's flags (a bit each), with an index per sort key; an index on a column is ordered by (column,
// sequence), which is the sorted search's keyset.
// Invariants:
//  1. submission_search and submission_text hold exactly one row per submission, with the submission's
//     current values (triggers on insert, update and delete of submissions, whoever writes the row).
//  2. SQL is made only from fixed fragments; every value is bound.
//  3. A page is read in one read transaction, so total, rows and next_after agree.
//  4. A sorted page is ordered by (sort key, sequence), both ascending or both descending, and the next page
//     starts strictly after the last row's (key, sequence): no row is shown twice or skipped, whatever
//     rows share a key.
//
// Index: [SECTION] Schema  [SECTION] Search  [SECTION] History  [SECTION] Fleet and bids  [SECTION] Feed
#include <charconv>
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

// The kinds of a flags text (bits of the SORTED-SEARCH flag filter, docs/protocol.md 17.2): 1 the unit's
// USCC (its region or its form), 2 the receipt (another content under its number, the terminal's clock, a
// resubmission naming no item it may correct), 4 a possible duplicate, 8 the city's current policy or board
// (an option or a listing it no longer has).
std::string flag_kinds_of(const std::string& flags) {
    auto has = [&flags](const char* flag) { return "instr(" + flags + ", '" + flag + "') > 0"; };
    return "((" + has("uscc_") + ") | ((" + has("receipt_duplicate") + " OR " + has("clock_ahead") + " OR " +
           has("resubmission_") + ") << 1) | ((" + has("possible_duplicate") + ") << 2) | ((" +
           has("choice.unknown") + " OR " + has("listing.unknown") + ") << 3))";
}

// The place of a review stage in docs/review.md's order, as the console's counts show the stages.
std::string stage_order_of(const std::string& stage) {
    static const char* const stages[] = {"received",        "accepted",      "forward_queued", "forward_sent",
                                         "forward_refused", "forwarded",     "returned",       "rejected",
                                         "city_accepted",   "city_returned", "city_rejected",  "published",
                                         "resubmitted"};
    std::string expression = "(CASE " + stage;
    int place = 1;
    for (const char* name : stages)
        expression += " WHEN '" + std::string(name) + "' THEN " + std::to_string(place++);
    return expression + " ELSE " + std::to_string(place) + " END)";
}

}  // namespace

const std::string& sorted_search_migration() {
    static const std::string sql = [] {
        const std::string text_insert =
            "  INSERT INTO submission_text (rowid, title, unit_name, unit_uscc) VALUES (new.sequence, "
            "new.project_name || char(31, 31), new.unit_name || char(31, 31), new.unit_uscc || char(31, "
            "31));\n";
        return "ALTER TABLE submission_search ADD COLUMN title TEXT NOT NULL DEFAULT '';\n"
               "ALTER TABLE submission_search ADD COLUMN unit_name TEXT NOT NULL DEFAULT '';\n"
               "ALTER TABLE submission_search ADD COLUMN stage_order INTEGER NOT NULL DEFAULT 0;\n"
               "ALTER TABLE submission_search ADD COLUMN flag_kinds INTEGER NOT NULL DEFAULT 0;\n"
               "UPDATE submission_search SET (title, unit_name, stage_order, flag_kinds) = (SELECT "
               "s.project_name, s.unit_name, " +
               stage_order_of("s.review_stage") + ", " + flag_kinds_of("s.flags") +
               " FROM submissions s WHERE s.sequence = submission_search.sequence);\n"
               "DROP TRIGGER submission_search_insert;\n"
               "CREATE TRIGGER submission_search_insert AFTER INSERT ON submissions BEGIN\n"
               "  INSERT INTO submission_search (sequence, kind, county_admin_code, via_node, review_state, "
               "review_stage, forward_state, forward_batch, industry_id, listing_id, received_at, title, "
               "unit_name, stage_order, flag_kinds) VALUES (new.sequence, new.kind, new.county_admin_code, "
               "new.via_node, new.review_state, new.review_stage, new.forward_state, new.forward_batch, "
               "new.industry_id, new.listing_id, new.received_at, new.project_name, new.unit_name, " +
               stage_order_of("new.review_stage") + ", " + flag_kinds_of("new.flags") + ");\n" + text_insert +
               "END;\n"
               "DROP TRIGGER submission_search_update;\n"
               "CREATE TRIGGER submission_search_update AFTER UPDATE ON submissions BEGIN\n"
               "  UPDATE submission_search SET kind = new.kind, county_admin_code = new.county_admin_code, "
               "via_node = new.via_node, review_state = new.review_state, review_stage = new.review_stage, "
               "forward_state = new.forward_state, forward_batch = new.forward_batch, industry_id = "
               "new.industry_id, listing_id = new.listing_id, received_at = new.received_at, title = "
               "new.project_name, unit_name = new.unit_name, stage_order = " +
               stage_order_of("new.review_stage") + ", flag_kinds = " + flag_kinds_of("new.flags") +
               " WHERE sequence = new.sequence;\n"
               "END;\n"
               "CREATE INDEX submission_search_by_stage ON submission_search (stage_order);\n"
               "CREATE INDEX submission_search_by_county ON submission_search (county_admin_code);\n"
               "CREATE INDEX submission_search_by_title ON submission_search (title);\n"
               "CREATE INDEX submission_search_by_unit ON submission_search (unit_name);\n"
               "CREATE INDEX submission_search_flagged ON submission_search (flag_kinds) WHERE flag_kinds != "
               "0;\n";
    }();
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
    if (search.flag_kinds != 0) {
        // Flagged rows are few: read them from their partial index and sort them, rather than walk a sort
        // key's index over every row (without statistics the planner would: 157 ms p95 at 100,000 rows, in
        // docs/benchmarks-staff-channel.md). "flag_kinds != 0" is the index's own condition.
        filter.from = " FROM submission_search s INDEXED BY submission_search_flagged";
        filter.add(" AND s.flag_kinds != 0 AND (s.flag_kinds & @) != 0",
                   static_cast<std::int64_t>(search.flag_kinds));
    }
    if (!search.text.empty()) {
        const auto characters = utf8::count_code_points(search.text);
        if (!characters || *characters > max_search_text_characters)
            return Error("staff_channel.bad_filter", "text", "free text is 1 to 100 characters of UTF-8");
        // Sorted by a column, the rows come from submission_search's index of that column.
        const bool by_arrival = search.sort == SearchSort::Received;
        const bool text_alone = filter.values.empty() && by_arrival;
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
                if (by_arrival)
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
    // Sorted by a column: (column, sequence) is the keyset, both ascending or both descending (invariant 4).
    const char* column = nullptr;
    bool integer_key = false;
    switch (search.sort) {
        case SearchSort::Received:
            break;
        case SearchSort::Stage:
            column = "s.stage_order";
            integer_key = true;
            break;
        case SearchSort::County:
            column = "s.county_admin_code";
            break;
        case SearchSort::Title:
            column = "s.title";
            break;
        case SearchSort::Unit:
            column = "s.unit_name";
            break;
    }
    std::int64_t after_integer_key = 0;
    if (column != nullptr && integer_key && search.after > 0) {
        const auto& key = search.after_key;
        const auto parsed = std::from_chars(key.data(), key.data() + key.size(), after_integer_key);
        if (key.empty() || parsed.ec != std::errc() || parsed.ptr != key.data() + key.size())
            return Error("staff_channel.bad_filter", "after_key",
                         "the page cursor is not one this server gave");
    }
    const char* direction = search.newest_first ? " DESC" : "";
    const int after_number = filter.count() + 1;
    const int key_number = filter.count() + 2;
    const int limit_number = filter.count() + 3;
    std::string sql = "SELECT " + filter.selected + (column != nullptr ? std::string(", ") + column : "") +
                      (filter.page_from.empty() ? filter.from : filter.page_from) + " WHERE 1" + filter.where;
    if (search.after > 0 && column == nullptr)
        sql += " AND " + filter.key + (search.newest_first ? " < ?" : " > ?") + std::to_string(after_number);
    if (search.after > 0 && column != nullptr) {
        sql += std::string(" AND (") + column + ", s.sequence) " + (search.newest_first ? "<" : ">") + " (?" +
               std::to_string(key_number) + ", ?" + std::to_string(after_number) + ")";
    }
    if (column == nullptr)
        sql += " ORDER BY " + filter.key + direction;
    else
        sql += std::string(" ORDER BY ") + column + direction + ", s.sequence" + direction;
    sql += " LIMIT ?" + std::to_string(limit_number);
    std::vector<std::string> keys;
    {
        JIEBANG_TRY_ASSIGN(auto statement, database_.prepare_cached(sql));
        filter.bind(statement);
        if (search.after > 0) {
            statement.bind(after_number, search.after);
            if (column != nullptr && integer_key)
                statement.bind(key_number, after_integer_key);
            else if (column != nullptr)
                statement.bind(key_number, search.after_key);
        }
        statement.bind(limit_number, static_cast<std::int64_t>(wanted));
        for (;;) {
            JIEBANG_TRY_ASSIGN(const bool has_row, statement.step());
            if (!has_row)
                break;
            sequences.push_back(statement.column_int(0));
            if (column != nullptr)
                keys.push_back(integer_key ? std::to_string(statement.column_int(1))
                                           : statement.column_text(1));
        }
    }
    if (sequences.size() > static_cast<std::size_t>(search.page_size)) {
        sequences.resize(static_cast<std::size_t>(search.page_size));
        page.next_after = sequences.back();
        if (column != nullptr)
            page.next_after_key = keys[sequences.size() - 1];
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

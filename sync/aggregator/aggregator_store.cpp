// sync/aggregator/aggregator_store.cpp — schema and queries of the aggregator's store (see the header for
// the invariants). Every SQL statement binds values; nothing is concatenated from input.
//
// The review state machine's part of the store (review, forwarding, city decisions, publishing, migration 2)
// is in aggregator_store_review.cpp.
//
// Index: [SECTION] Schema  [SECTION] Helpers  [SECTION] Settings  [SECTION] Nodes  [SECTION] Submissions
//        [SECTION] Status  [SECTION] Boards  [SECTION] Feed
#include "sync/aggregator/aggregator_store.hpp"

#include "shared/receipt/receipt.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <set>

namespace jiebang::sync {

// [SECTION] Schema
namespace {
const std::vector<store::Migration>& migrations() {
    static const std::vector<store::Migration> list = {
        {1, R"sql(
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes (
  node_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('terminal', 'county')),
  curve_public_key TEXT NOT NULL UNIQUE,
  signing_public_key TEXT NOT NULL DEFAULT '',
  county_admin_code TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0,
  last_seen_at INTEGER NOT NULL DEFAULT 0,
  backlog INTEGER NOT NULL DEFAULT 0,
  oldest_pending_created_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE submissions (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  receipt_number TEXT NOT NULL,
  content_hash BLOB NOT NULL,
  signature BLOB NOT NULL,
  canonical_content TEXT NOT NULL,
  origin_signing_key TEXT NOT NULL,
  via_node TEXT NOT NULL,
  county_admin_code TEXT NOT NULL,
  flags TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL,
  review_state TEXT NOT NULL DEFAULT 'received',
  review_reason TEXT NOT NULL DEFAULT '',
  reviewed_at INTEGER NOT NULL DEFAULT 0,
  forward_state TEXT NOT NULL DEFAULT '',
  forward_error TEXT NOT NULL DEFAULT '',
  listing_id TEXT NOT NULL DEFAULT '',
  profile_id TEXT NOT NULL DEFAULT '',
  project_name TEXT NOT NULL DEFAULT '',
  industry_id TEXT NOT NULL DEFAULT '',
  unit_name TEXT NOT NULL DEFAULT '',
  unit_uscc TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submissions_receipt ON submissions (receipt_number);
CREATE INDEX submissions_review ON submissions (review_state, kind);
CREATE INDEX submissions_forward ON submissions (forward_state);
CREATE TABLE status_entries (
  node_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  submission_id TEXT NOT NULL,
  receipt_number TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (node_id, sequence)
);
CREATE TABLE feed (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  event TEXT NOT NULL,
  submission_id TEXT NOT NULL DEFAULT '',
  receipt_number TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE boards (
  version INTEGER PRIMARY KEY,
  hash_hex TEXT NOT NULL,
  board_json TEXT NOT NULL,
  published_at INTEGER NOT NULL
);
CREATE TABLE upstream_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), status_sequence INTEGER NOT NULL);
INSERT INTO upstream_cursor (id, status_sequence) VALUES (1, 0);
)sql"},
        // A counter that changes whenever a node's admission changes (enrolment, revocation, new keys), so
        // that the daemon notices a revocation by reading one row instead of every node (invariant 6).
        {2, R"sql(
INSERT INTO settings (key, value) VALUES ('nodes_generation', '0') ON CONFLICT (key) DO NOTHING;
CREATE TRIGGER nodes_generation_insert AFTER INSERT ON nodes BEGIN
  UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'nodes_generation';
END;
CREATE TRIGGER nodes_generation_update AFTER UPDATE ON nodes
WHEN old.revoked_at IS NOT new.revoked_at OR old.kind IS NOT new.kind
  OR old.curve_public_key IS NOT new.curve_public_key OR old.signing_public_key IS NOT new.signing_public_key
  OR old.county_admin_code IS NOT new.county_admin_code OR old.enrolled_at IS NOT new.enrolled_at BEGIN
  UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'nodes_generation';
END;
CREATE TRIGGER nodes_generation_delete AFTER DELETE ON nodes BEGIN
  UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'nodes_generation';
END;
)sql"},
        // Receipt numbers unique per store (invariant 7). Stores written before this check may hold a number
        // twice: no row is dropped or rewritten; every row sharing a number is flagged receipt_duplicate for
        // staff, and each later one records the earliest one's sequence, so the unique index holds for them
        // and binds every row stored from now on (receipt_duplicate_of = 0).
        {3, R"sql(
ALTER TABLE submissions ADD COLUMN receipt_duplicate_of INTEGER NOT NULL DEFAULT 0;
UPDATE submissions SET flags = CASE WHEN flags = '' THEN 'receipt_duplicate' ELSE flags || ',receipt_duplicate' END
WHERE receipt_number IN (SELECT receipt_number FROM submissions GROUP BY receipt_number HAVING count(*) > 1);
UPDATE submissions SET receipt_duplicate_of =
  (SELECT min(earliest.sequence) FROM submissions AS earliest WHERE earliest.receipt_number = submissions.receipt_number)
WHERE sequence >
  (SELECT min(earliest.sequence) FROM submissions AS earliest WHERE earliest.receipt_number = submissions.receipt_number);
DROP INDEX submissions_receipt;
CREATE UNIQUE INDEX submissions_receipt_unique ON submissions (receipt_number, receipt_duplicate_of);
)sql"},
        {4, review_schema_migration()},            // the review state machine's columns and 报送 batches
        {5, staff_schema_migration()},             // staff members and their roles
        {6, audit_schema_migration()},             // the hash-chained audit trail
        {7, search_schema_migration()},            // the staff channel's search tables and history indexes
        {8, audit_heads_schema_migration()},       // audit heads: what a city keeps of its counties' trails
        {9, resubmission_schema_migration()},      // revisions of an item, access-code attempts
        {11, monthly_reports_schema_migration()},  // 月报: a county's outbox, a city's received reports
        {13, refusals_schema_migration()},         // SUBMITs refused for good, for staff
        {14, refusals_requeue_migration()},        // staff's requeue of those (docs/protocol.md 22)
        {15, terminal_conditions_migration()},     // terminals' conditions (docs/protocol.md 19)
        {19, node_software_migration()},           // each node's software version (docs/protocol.md 19.3)
        {20, listing_curation_migration()},        // listings withdrawn, deadlines set (17.2 BOARD-WITHDRAW)
        {21, sorted_search_migration()},           // sort keys and flag kinds (17.2 SORTED-SEARCH)
        {22, comparison_keys_migration()},         // titles and USCCs compared for possible duplicates
        {23, project_stages_migration()},          // a county's receipts' project stages (protocol.md 21)
    };
    return list;
}

}  // namespace

const std::vector<store::Migration>& aggregator_store_migrations() {
    return migrations();
}

namespace {

// [SECTION] Helpers
constexpr const char* submission_columns =
    "sequence, submission_id, kind, receipt_number, content_hash, signature, canonical_content, "
    "origin_signing_key, via_node, county_admin_code, flags, received_at, review_state, review_reason, "
    "reviewed_at, forward_state, forward_error, listing_id, profile_id, project_name, industry_id, "
    "unit_name, unit_uscc, review_stage, forward_batch, county_decided_at, city_decided_at";

// A hash or signature of another size than its type's is store.corrupt, never padded or cut (header
// invariant 3: the stored hash is what a duplicate is compared with).
Result<StoredSubmission> read_submission(const store::Statement& row) {
    StoredSubmission value;
    value.sequence = row.column_int(0);
    value.submission_id = row.column_text(1);
    value.kind = row.column_text(2);
    value.receipt_number = row.column_text(3);
    JIEBANG_TRY_ASSIGN(value.content_hash, row.column_bytes<std::tuple_size_v<HashBytes>>(4));
    JIEBANG_TRY_ASSIGN(value.signature, row.column_bytes<std::tuple_size_v<SignatureBytes>>(5));
    value.canonical_content = row.column_text(6);
    value.origin_signing_key = row.column_text(7);
    value.via_node = row.column_text(8);
    value.county_admin_code = row.column_text(9);
    value.flags = row.column_text(10);
    value.received_at = row.column_int(11);
    value.review_state = row.column_text(12);
    value.review_reason = row.column_text(13);
    value.reviewed_at = row.column_int(14);
    value.forward_state = row.column_text(15);
    value.forward_error = row.column_text(16);
    value.listing_id = row.column_text(17);
    value.profile_id = row.column_text(18);
    value.project_name = row.column_text(19);
    value.industry_id = row.column_text(20);
    value.unit_name = row.column_text(21);
    value.unit_uscc = row.column_text(22);
    value.review_stage = row.column_text(23);
    value.forward_batch = row.column_int(24);
    value.county_decided_at = row.column_int(25);
    value.city_decided_at = row.column_int(26);
    return value;
}

NodeRecord read_node(const store::Statement& row) {
    NodeRecord node;
    node.node_id = row.column_text(0);
    node.kind = row.column_text(1);
    node.curve_public_key = row.column_text(2);
    node.signing_public_key = row.column_text(3);
    node.county_admin_code = row.column_text(4);
    node.enrolled_at = row.column_int(5);
    node.revoked_at = row.column_int(6);
    node.last_seen_at = row.column_int(7);
    node.backlog = row.column_int(8);
    node.oldest_pending_created_at = row.column_int(9);
    return node;
}
std::string read_first_text(const store::Statement& row) {
    return row.column_text(0);
}

Result<HashBytes> read_stored_hash(const store::Statement& row) {
    return row.column_bytes<std::tuple_size_v<HashBytes>>(0);
}

constexpr const char* node_columns =
    "node_id, kind, curve_public_key, signing_public_key, county_admin_code, enrolled_at, revoked_at, "
    "last_seen_at, backlog, oldest_pending_created_at";

}  // namespace

FeedEvent AggregatorStore::read_feed_row(const store::Statement& row) {
    return FeedEvent{row.column_int(0),  row.column_int(1),  row.column_text(2),
                     row.column_text(3), row.column_text(4), row.column_text(5)};
}

const std::string& AggregatorStore::select_submissions() {
    static const std::string text = std::string("SELECT ") + submission_columns + " FROM submissions ";
    return text;
}

Result<StoredSubmission> AggregatorStore::read_submission_row(const store::Statement& row) {
    return read_submission(row);
}

Result<AggregatorStore> AggregatorStore::open(const std::filesystem::path& database_file) {
    std::error_code error_code;
    if (database_file.has_parent_path() &&
        !std::filesystem::exists(database_file.parent_path(), error_code)) {
        std::filesystem::create_directories(database_file.parent_path(), error_code);
        std::filesystem::permissions(database_file.parent_path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, error_code);
    }
    // Created 0600 before SQLite opens it, so the WAL and shared-memory files SQLite makes beside it get the
    // same mode: applicants' names and mobiles are not readable by other local users.
    if (const int descriptor = ::open(database_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        descriptor >= 0) {
        ::close(descriptor);
    }
    // No page-by-page scan at open: the store grows without bound and is opened by the daemon's threads and
    // by every staff command. Damage surfaces as store.corrupt where a statement meets it, and
    // `jiebang-aggregator --check-store` scans the whole file on request.
    JIEBANG_TRY_ASSIGN(
        auto database,
        store::Database::open(database_file, migrations(),
                              store::OpenOptions{store::Durability::Full, store::IntegrityCheck::OnDemand}));
    // A statement that fires triggers (the search tables of migration 7) keeps a statement journal to undo
    // itself on a constraint failure; in memory it costs a copy, in a temporary file a write per page and
    // per row (measured: 33 writes per ingested submission). It holds one statement's pages only.
    JIEBANG_TRY(database.execute("PRAGMA temp_store = MEMORY"));
    AggregatorStore store(std::move(database));
    JIEBANG_TRY(store.backfill_comparison_keys());
    return store;
}

Result<AggregatorStore> AggregatorStore::open_existing(const std::filesystem::path& database_file) {
    const std::string name = database_file.string();
    std::error_code error_code;
    const auto status = std::filesystem::status(database_file, error_code);
    if (!std::filesystem::exists(status))
        return Error("staff.store_missing", name, "no aggregator store at this path");
    auto not_a_store = [&name](const char* why) {
        return Error("staff.not_a_store", name, why).with("file", name).with("reason", why);
    };
    if (!std::filesystem::is_regular_file(status))
        return not_a_store("not a regular file");
    if (std::filesystem::file_size(database_file, error_code) == 0 || error_code)
        return not_a_store("the file is empty");
    {
        char header[16] = {};
        const int descriptor = ::open(database_file.c_str(), O_RDONLY | O_CLOEXEC);
        if (descriptor < 0)
            return Error("store.cannot_open", name, "cannot read the file");
        const ssize_t count = ::read(descriptor, header, sizeof header);
        ::close(descriptor);
        if (count != static_cast<ssize_t>(sizeof header) || std::memcmp(header, "SQLite format 3", 16) != 0)
            return not_a_store("not an SQLite database");
    }
    // Read-only look at the schema: an SQLite file of something else (a terminal's store) is not migrated
    // into an aggregator's.
    sqlite3* handle = nullptr;
    if (sqlite3_open_v2(name.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(handle);
        return Error("store.cannot_open", name, "cannot open the file read-only");
    }
    sqlite3_stmt* statement = nullptr;
    int tables = -1;
    int result = sqlite3_prepare_v2(handle,
                                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                    "('nodes', 'submissions', 'feed', 'upstream_cursor', 'settings')",
                                    -1, &statement, nullptr);
    if (result == SQLITE_OK && (result = sqlite3_step(statement)) == SQLITE_ROW)
        tables = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(handle);
    if (result == SQLITE_CORRUPT || result == SQLITE_NOTADB)
        return Error("store.corrupt", name, "the store's schema cannot be read");
    if (tables != 5)
        return not_a_store("an SQLite file without the aggregator's tables");
    return open(database_file);
}

// [SECTION] Settings
Status AggregatorStore::set_setting(std::string_view key, std::string_view value) {
    return database_.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = "
        "excluded.value",
        key, value);
}

Result<std::string> AggregatorStore::setting(std::string_view key) {
    JIEBANG_TRY_ASSIGN(
        auto value, database_.query_row("SELECT value FROM settings WHERE key = ?1", read_first_text, key));
    return value.value_or(std::string());
}

Result<std::int64_t> AggregatorStore::data_version() {
    return database_.query_int("PRAGMA data_version");
}

// [SECTION] Nodes
Result<std::int64_t> AggregatorStore::nodes_generation() {
    return database_.query_int("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'nodes_generation'");
}

Status AggregatorStore::enroll(const NodeRecord& node, const ActingStaff& by) {
    JIEBANG_TRY(backoffice::check_permission(by.actor, backoffice::Permission::AdministerTerminals));
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(auto existing, this->node(node.node_id));
    if (existing.has_value() && existing->revoked_at == 0) {
        return Error("sync.node_exists", node.node_id, "a node with this id is enrolled")
            .with("node", node.node_id);
    }
    auto status = database_.execute(
        "INSERT INTO nodes (node_id, kind, curve_public_key, signing_public_key, county_admin_code, "
        "enrolled_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (node_id) DO UPDATE SET kind = excluded.kind, "
        "curve_public_key = excluded.curve_public_key, signing_public_key = excluded.signing_public_key, "
        "county_admin_code = excluded.county_admin_code, enrolled_at = excluded.enrolled_at, revoked_at = 0",
        node.node_id, node.kind, node.curve_public_key, node.signing_public_key, node.county_admin_code,
        node.enrolled_at);
    if (!status && status.error().code == "store.constraint") {
        return Error("sync.key_in_use", "curve_public_key", "this CURVE key is enrolled for another node");
    }
    JIEBANG_TRY(status);
    JIEBANG_TRY(append_audit(by, "enrol_" + node.kind, node.node_id, "county " + node.county_admin_code, "",
                             "active", node.enrolled_at));
    return transaction.commit();
}

Status AggregatorStore::revoke(std::string_view node_id, std::int64_t now, const ActingStaff& by) {
    JIEBANG_TRY(backoffice::check_permission(by.actor, backoffice::Permission::AdministerTerminals));
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY(database_.execute("UPDATE nodes SET revoked_at = ?2 WHERE node_id = ?1 AND revoked_at = 0",
                                  node_id, now));
    if (database_.changes() == 0) {
        return Error("sync.unknown_node", std::string(node_id), "no active node with this id")
            .with("node", std::string(node_id));
    }
    JIEBANG_TRY(append_audit(by, "revoke_node", node_id, "", "active", "revoked", now));
    return transaction.commit();
}

Result<std::vector<NodeRecord>> AggregatorStore::nodes() {
    return database_.query_rows(std::string("SELECT ") + node_columns + " FROM nodes ORDER BY node_id",
                                read_node);
}

Result<std::optional<NodeRecord>> AggregatorStore::node(std::string_view node_id) {
    return database_.query_row(std::string("SELECT ") + node_columns + " FROM nodes WHERE node_id = ?1",
                               read_node, node_id);
}

Result<std::optional<NodeRecord>> AggregatorStore::active_node_by_curve_key(
    std::string_view curve_public_key) {
    return database_.query_row(
        std::string("SELECT ") + node_columns + " FROM nodes WHERE curve_public_key = ?1 AND revoked_at = 0",
        read_node, curve_public_key);
}

Status AggregatorStore::record_contact(std::string_view node_id, std::int64_t now, std::int64_t backlog,
                                       std::int64_t oldest_pending_created_at, bool with_backlog) {
    if (!with_backlog)
        return database_.execute("UPDATE nodes SET last_seen_at = ?2 WHERE node_id = ?1", node_id, now);
    return database_.execute(
        "UPDATE nodes SET last_seen_at = ?2, backlog = ?3, oldest_pending_created_at = ?4 WHERE node_id = ?1",
        node_id, now, backlog, oldest_pending_created_at);
}

// [SECTION] Submissions
Result<InsertOutcome> AggregatorStore::insert_submission(const StoredSubmission& submission,
                                                         HashBytes* stored_hash) {
    JIEBANG_TRY_ASSIGN(auto existing,
                       database_.query_row("SELECT content_hash FROM submissions WHERE submission_id = ?1",
                                           read_stored_hash, submission.submission_id));
    if (existing.has_value()) {
        if (stored_hash != nullptr)
            *stored_hash = *existing;
        return *existing == submission.content_hash ? InsertOutcome::Duplicate : InsertOutcome::Conflict;
    }
    // Another submission under this receipt number (invariant 7); the unique index is the backstop.
    JIEBANG_TRY_ASSIGN(const std::int64_t taken,
                       database_.query_int(
                           "SELECT 1 FROM submissions WHERE receipt_number = ?1 AND receipt_duplicate_of = 0",
                           submission.receipt_number));
    if (taken != 0)
        return InsertOutcome::ReceiptInUse;
    // A possible duplicate is flagged with the row itself (D3): no second write of the row.
    JIEBANG_TRY_ASSIGN(const std::string repeated, possible_duplicate_of(submission));
    std::string flags = submission.flags;
    if (!repeated.empty())
        flags += (flags.empty() ? "possible_duplicate:" : ",possible_duplicate:") + repeated;
    JIEBANG_TRY(database_.execute(
        "INSERT INTO submissions (submission_id, kind, receipt_number, content_hash, signature, "
        "canonical_content, "
        "origin_signing_key, via_node, county_admin_code, flags, received_at, listing_id, profile_id, "
        "project_name, industry_id, unit_name, unit_uscc, review_state, forward_state) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, '')",
        submission.submission_id, submission.kind, submission.receipt_number, submission.content_hash,
        submission.signature, submission.canonical_content, submission.origin_signing_key,
        submission.via_node, submission.county_admin_code, flags, submission.received_at,
        submission.listing_id, submission.profile_id, submission.project_name, submission.industry_id,
        submission.unit_name, submission.unit_uscc,
        submission.review_state.empty() ? std::string_view("received")
                                        : std::string_view(submission.review_state)));
    JIEBANG_TRY(store_comparison_keys(database_.last_insert_rowid(), submission));
    JIEBANG_TRY(append_feed("received", submission.submission_id, submission.receipt_number, "",
                            submission.received_at));
    if (!submission.resubmission_of.empty()) {
        JIEBANG_TRY_ASSIGN(const std::string unlinked, link_resubmission(submission, submission.received_at));
        if (!unlinked.empty()) {
            JIEBANG_TRY(database_.execute(
                "UPDATE submissions SET flags = CASE WHEN flags = '' THEN ?2 ELSE flags || ',' || ?2 END "
                "WHERE submission_id = ?1",
                submission.submission_id, unlinked));
        }
    }
    return InsertOutcome::Stored;
}

Result<std::optional<StoredSubmission>> AggregatorStore::find(std::string_view submission_id_or_receipt) {
    // A receipt number as people type it is normalised (docs/protocol.md 13.3) and then looked up exactly,
    // so both lookups use an index (issue 9 defect 7: comparing upper() scanned the whole table).
    std::string receipt(submission_id_or_receipt);
    if (auto number = ReceiptNumber::parse(submission_id_or_receipt); number)
        receipt = number->text();
    return database_.query_row(std::string("SELECT ") + submission_columns +
                                   " FROM submissions WHERE submission_id = ?1 OR receipt_number = ?2 "
                                   "ORDER BY sequence LIMIT 1",
                               read_submission, submission_id_or_receipt, receipt);
}

Result<std::vector<StoredSubmission>> AggregatorStore::submissions_after(const std::string& county_admin_code,
                                                                         std::int64_t after, int limit) {
    return database_.query_rows(std::string("SELECT ") + submission_columns +
                                    " FROM submissions WHERE (?1 = '' OR county_admin_code = ?1) AND "
                                    "sequence > ?2 ORDER BY sequence LIMIT ?3",
                                read_submission, county_admin_code, after, static_cast<std::int64_t>(limit));
}

Result<std::vector<StoredSubmission>> AggregatorStore::list(const SubmissionFilter& filter) {
    return database_.query_rows(
        std::string("SELECT ") + submission_columns +
            " FROM submissions WHERE (?1 = '' OR review_state = ?1) AND (?2 = '' OR kind = ?2) AND "
            "(?3 = '' OR county_admin_code = ?3) AND (?4 = '' OR listing_id = ?4) ORDER BY sequence LIMIT ?5",
        read_submission, filter.review_state, filter.kind, filter.county_admin_code, filter.listing_id,
        static_cast<std::int64_t>(filter.limit > 0 ? filter.limit : -1));
}

// [SECTION] Status
Status AggregatorStore::append_status(const StoredSubmission& submission, std::string_view state,
                                      std::string_view reason, std::int64_t now) {
    return database_.execute(
        "INSERT INTO status_entries (node_id, sequence, submission_id, receipt_number, state, reason, "
        "updated_at) "
        "VALUES (?1, (SELECT coalesce(max(sequence), 0) + 1 FROM status_entries WHERE node_id = ?1), ?2, ?3, "
        "?4, "
        "?5, ?6)",
        submission.via_node, submission.submission_id, submission.receipt_number, state, reason, now);
}

Result<std::vector<StatusEntry>> AggregatorStore::status_since(std::string_view node_id, std::int64_t since,
                                                               int limit) {
    return database_.query_rows(
        "SELECT sequence, submission_id, receipt_number, state, reason, updated_at FROM status_entries "
        "WHERE node_id = ?1 AND sequence > ?2 ORDER BY sequence LIMIT ?3",
        [](const store::Statement& row) {
            return StatusEntry{row.column_int(0),  row.column_text(1), row.column_text(2),
                               row.column_text(3), row.column_text(4), row.column_int(5)};
        },
        node_id, since, static_cast<std::int64_t>(limit));
}

Result<std::int64_t> AggregatorStore::latest_status_sequence(std::string_view node_id) {
    return database_.query_int("SELECT coalesce(max(sequence), 0) FROM status_entries WHERE node_id = ?1",
                               node_id);
}

Result<std::int64_t> AggregatorStore::upstream_status_sequence() {
    return database_.query_int("SELECT status_sequence FROM upstream_cursor WHERE id = 1");
}

// [SECTION] Boards
Result<std::optional<BoardRecord>> AggregatorStore::latest_board() {
    return database_.query_row(
        "SELECT version, hash_hex, board_json, published_at FROM boards ORDER BY version DESC LIMIT 1",
        [](const store::Statement& row) {
            return BoardRecord{row.column_int(0), row.column_text(1), row.column_text(2), row.column_int(3)};
        });
}

Result<std::int64_t> AggregatorStore::latest_board_version() {
    return database_.query_int("SELECT coalesce(max(version), 0) FROM boards");
}

Status AggregatorStore::store_board(const BoardRecord& board) {
    JIEBANG_TRY(database_.execute(
        "INSERT INTO boards (version, hash_hex, board_json, published_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (version) DO NOTHING",
        board.version, board.hash_hex, board.board_json, board.published_at));
    if (database_.changes() > 0)
        return append_feed("board", "", "", std::to_string(board.version), board.published_at);
    return ok_status();
}

// [SECTION] Feed
Status AggregatorStore::append_feed(std::string_view event, std::string_view submission_id,
                                    std::string_view receipt, std::string_view reason, std::int64_t now) {
    return database_.execute(
        "INSERT INTO feed (at, event, submission_id, receipt_number, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        now, event, submission_id, receipt, reason);
}

Result<std::vector<FeedEvent>> AggregatorStore::feed_since(std::int64_t sequence, int limit) {
    return database_.query_rows(
        "SELECT sequence, at, event, submission_id, receipt_number, reason FROM feed WHERE sequence > ?1 "
        "ORDER BY sequence LIMIT ?2",
        read_feed_row, sequence, static_cast<std::int64_t>(limit > 0 ? limit : -1));
}

}  // namespace jiebang::sync

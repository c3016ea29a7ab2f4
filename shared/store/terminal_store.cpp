// shared/store/terminal_store.cpp — the terminal's database: identity, receipt sequences, submissions,
// outbox, board and status updates.
// Invariants: those numbered in terminal_store.hpp. 1 and 2: one BEGIN IMMEDIATE transaction per
// commit_submission, holding the day's sequence bump, the submission row and its outbox row; the receipt is
// returned only after COMMIT.
// The signature is Ed25519 (deterministic) over the number and the hash of exactly the content written in
// that transaction, so it is computed inside it and leaves this file only once COMMIT has succeeded.
// Triggers in the schema enforce the outbox rules even against a buggy caller: a pending row cannot be
// deleted and an acknowledged row cannot go back.
//
// Index:
//   [SECTION] Schema
//   [SECTION] Helpers
//   [SECTION] Open and identity
//   [SECTION] Commit a submission
//   [SECTION] Progress lookup
//   [SECTION] Outbox
//   [SECTION] Purge of personal data
//   [SECTION] Board
//   [SECTION] Status updates
#include "shared/store/terminal_store.hpp"

#include <cassert>

#include "shared/forms/role_values.hpp"
#include "shared/text/utf8.hpp"

namespace jiebang::store {

// [SECTION] Schema

namespace {

const std::vector<Migration>& terminal_migrations() {
    static const std::vector<Migration> migrations = {
        {1, R"sql(
CREATE TABLE identity (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    terminal_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    city_code TEXT NOT NULL,
    county_admin_code TEXT NOT NULL,
    county_code TEXT NOT NULL,
    terminal_number INTEGER NOT NULL CHECK (terminal_number BETWEEN 1 AND 999)
);
CREATE TABLE receipt_sequence (
    local_date INTEGER PRIMARY KEY,
    last_sequence INTEGER NOT NULL CHECK (last_sequence BETWEEN 1 AND 9999)
);
CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('demand', 'bid')),
    receipt_number TEXT NOT NULL UNIQUE,
    local_date INTEGER NOT NULL,
    sequence INTEGER NOT NULL CHECK (sequence BETWEEN 1 AND 9999),
    title TEXT NOT NULL,
    canonical_content TEXT NOT NULL,
    content_hash BLOB NOT NULL CHECK (length(content_hash) = 32),
    signature BLOB NOT NULL CHECK (length(signature) = 64),
    created_at INTEGER NOT NULL,
    purged INTEGER NOT NULL DEFAULT 0 CHECK (purged IN (0, 1)),
    UNIQUE (local_date, sequence)
);
CREATE TABLE outbox (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL UNIQUE REFERENCES submissions(id),
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acknowledged', 'quarantined')),
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_attempt_at INTEGER NOT NULL DEFAULT 0,
    acknowledged_at INTEGER NOT NULL DEFAULT 0,
    quarantined_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_by_state ON outbox (state, position);
CREATE TRIGGER outbox_pending_never_deleted BEFORE DELETE ON outbox WHEN OLD.state = 'pending'
BEGIN
    SELECT RAISE(ABORT, 'an outbox row that is still pending is never deleted');
END;
CREATE TRIGGER outbox_acknowledged_is_final BEFORE UPDATE OF state ON outbox
WHEN OLD.state = 'acknowledged' AND NEW.state <> 'acknowledged'
BEGIN
    SELECT RAISE(ABORT, 'an acknowledged outbox row stays acknowledged');
END;
CREATE TABLE board (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    version INTEGER NOT NULL,
    profile_id TEXT NOT NULL,
    hash_hex TEXT NOT NULL
);
CREATE TABLE listings (
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    profile_id TEXT NOT NULL,
    title TEXT NOT NULL,
    industry_id TEXT NOT NULL,
    sub_direction_id TEXT NOT NULL,
    project_type_id TEXT NOT NULL,
    mechanism TEXT NOT NULL,
    issuer_name TEXT NOT NULL,
    issuer_kind TEXT NOT NULL,
    problem TEXT NOT NULL,
    targets TEXT NOT NULL,
    bounty_wan TEXT NOT NULL,
    deadline TEXT NOT NULL,
    published_at INTEGER NOT NULL
);
CREATE TABLE status_updates (
    sequence INTEGER PRIMARY KEY,
    receipt_number TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'demand' CHECK (kind IN ('demand', 'bid'))
);
CREATE INDEX status_by_receipt ON status_updates (receipt_number, sequence);
)sql"},
        // 2: the re-send after the county restored its store from a backup (docs/operations.md): while a row
        // is here, the agent sends every acknowledged submission after `after_position` again.
        {2, R"sql(
CREATE TABLE outbox_resend (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    after_position INTEGER NOT NULL,
    started_at INTEGER NOT NULL
);
)sql"},
        // 3: the terminal's conditions (shared/store/terminal_conditions.hpp): the last skew learned from the
        // county's clock, and the open call for the hall attendant.
        {3, R"sql(
CREATE TABLE clock_reading (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    skew_seconds INTEGER NOT NULL,
    server_time INTEGER NOT NULL,
    learned_at INTEGER NOT NULL
);
CREATE TABLE attendant_call (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    raised_at INTEGER NOT NULL
);
)sql"},
        // 4: board schema 2 (docs/protocol.md 14.1): the board's schema (what its stored hash covers) and each
        // listing's issuer USCC. A board stored before keeps schema 1 and an empty USCC, as it was hashed.
        {4, R"sql(
ALTER TABLE board ADD COLUMN schema INTEGER NOT NULL DEFAULT 1;
ALTER TABLE listings ADD COLUMN issuer_uscc TEXT NOT NULL DEFAULT '';
)sql"},
    };
    return migrations;
}

// [SECTION] Helpers

Error corrupt_row(std::string_view what) {
    return Error("store.corrupt", "", "a stored row is damaged: " + std::string(what));
}

// The schema's CHECK constraints allow only known names; anything else is damage, never a default.
Result<SubmissionKind> kind_from_column(const std::string& text) {
    const auto kind = submission_kind_from_name(text);
    if (!kind)
        return corrupt_row("unknown submission kind");
    return *kind;
}

// Receipt number parts from the identity and a YYYYMMDD date, without the sequence.
ReceiptNumber number_for(const TerminalIdentity& identity, int local_date, int sequence) {
    ReceiptNumber number;
    number.city_code = identity.city_code;
    number.county_code = identity.county_code;
    number.terminal_number = identity.terminal_number;
    number.year = local_date / 10000;
    number.month = (local_date / 100) % 100;
    number.day = local_date % 100;
    number.sequence = sequence;
    return number;
}

Status check_identity(const TerminalIdentity& identity) {
    if (identity.terminal_id.empty())
        return Error("identity.terminal_id", "terminal_id", "terminal id is empty");
    if (identity.profile_id.empty())
        return Error("identity.profile_id", "profile_id", "profile id is empty");
    return number_for(identity, 20260101, 1).validate();
}

}  // namespace

std::string_view outbox_state_name(OutboxState state) {
    switch (state) {
        case OutboxState::Pending:
            return "pending";
        case OutboxState::Acknowledged:
            return "acknowledged";
        case OutboxState::Quarantined:
            return "quarantined";
    }
    return "pending";
}

namespace {

Result<OutboxState> outbox_state_from_name(const std::string& name) {
    for (const OutboxState state :
         {OutboxState::Pending, OutboxState::Acknowledged, OutboxState::Quarantined}) {
        if (outbox_state_name(state) == name)
            return state;
    }
    return corrupt_row("unknown outbox state");
}

}  // namespace

// [SECTION] Open and identity

Result<TerminalStore> TerminalStore::open(const std::filesystem::path& database_file,
                                          int busy_timeout_milliseconds) {
    OpenOptions options;
    options.busy_timeout_milliseconds = busy_timeout_milliseconds;
    JIEBANG_TRY_ASSIGN(Database database, Database::open(database_file, terminal_migrations(), options));
    // Deleted or overwritten content (purged contact data) is zeroed on disk, not just unlinked.
    JIEBANG_TRY(database.execute("PRAGMA secure_delete = ON"));
    return TerminalStore(std::move(database));
}

Status TerminalStore::save_identity(const TerminalIdentity& identity) {
    JIEBANG_TRY(check_identity(identity));
    return database_.execute(
        "INSERT OR REPLACE INTO identity (singleton, terminal_id, profile_id, city_code, county_admin_code, "
        "county_code, terminal_number) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
        identity.terminal_id, identity.profile_id, identity.city_code, identity.county_admin_code,
        identity.county_code, identity.terminal_number);
}

Result<std::optional<TerminalIdentity>> TerminalStore::identity() {
    return database_.query_row(
        "SELECT terminal_id, profile_id, city_code, county_admin_code, county_code, terminal_number "
        "FROM identity WHERE singleton = 1",
        [](const Statement& row) {
            TerminalIdentity identity;
            identity.terminal_id = row.column_text(0);
            identity.profile_id = row.column_text(1);
            identity.city_code = row.column_text(2);
            identity.county_admin_code = row.column_text(3);
            identity.county_code = row.column_text(4);
            identity.terminal_number = static_cast<int>(row.column_int(5));
            return identity;
        });
}

// [SECTION] Commit a submission

Result<std::optional<CommittedSubmission>> TerminalStore::committed_submission(
    std::string_view submission_id) {
    return database_.query_row(
        "SELECT canonical_content, receipt_number, content_hash, signature FROM submissions WHERE id = ?1",
        [](const Statement& row) -> Result<CommittedSubmission> {
            auto submission = submission_from_json(row.column_text(0));
            if (!submission)
                return corrupt_row("submission content does not parse (" + submission.error().code + ")");
            auto number = ReceiptNumber::parse(row.column_text(1));
            if (!number)
                return corrupt_row("receipt number does not parse");
            CommittedSubmission committed;
            committed.submission = std::move(submission.value());
            committed.receipt.number = number.value();
            JIEBANG_TRY_ASSIGN(committed.receipt.content_hash, row.column_bytes<32>(2));
            JIEBANG_TRY_ASSIGN(committed.receipt.signature, row.column_bytes<64>(3));
            return committed;
        },
        submission_id);
}

Result<CommittedSubmission> TerminalStore::commit_submission(Submission submission,
                                                             const FormDefinition& form,
                                                             const TerminalIdentity& identity,
                                                             const SigningKey& key, int local_date) {
    if (form.id != submission_kind_name(submission.kind)) {
        return Error("submission.wrong_form", "kind", "the form given is not the submission's form")
            .with("form", form.id)
            .with("kind", std::string(submission_kind_name(submission.kind)));
    }
    JIEBANG_TRY(check_identity(identity));
    JIEBANG_TRY(number_for(identity, local_date, 1).validate());
    if (submission.id.empty())
        submission.id = new_submission_id();
    if (!is_submission_id(submission.id)) {
        return Error("submission.id_format", "id", "submission id must be a lower-case UUID (36 characters)");
    }
    if (submission.terminal_id.empty())
        submission.terminal_id = identity.terminal_id;
    if (submission.terminal_id != identity.terminal_id) {
        return Error("submission.terminal_mismatch", "terminal", "the submission names another terminal");
    }
    if (submission.profile_id.empty())
        submission.profile_id = identity.profile_id;

    // What goes on the wire must parse again at the county: refuse invalid UTF-8 here, never repair it.
    for (const auto& [field_id, value] : submission.values) {
        bool valid = utf8::is_valid(field_id);
        if (const auto* text = std::get_if<std::string>(&value))
            valid = valid && utf8::is_valid(*text);
        if (const auto* lines = std::get_if<std::vector<std::string>>(&value)) {
            for (const std::string& line : *lines)
                valid = valid && utf8::is_valid(line);
        }
        if (!valid)
            return Error("field.invalid_utf8", field_id, "the text is not valid UTF-8");
    }
    if (!utf8::is_valid(submission.profile_id) || !utf8::is_valid(submission.terminal_id))
        return Error("field.invalid_utf8", "profile", "the envelope is not valid UTF-8");

    const std::string canonical = canonical_encoding(submission);
    const ContentHash hash = content_hash_of_encoding(canonical);

    JIEBANG_TRY_ASSIGN(Transaction transaction, Transaction::begin(database_));

    // A second commit of the same submission (double tap, retry after a lost reply) files nothing new.
    JIEBANG_TRY_ASSIGN(const auto stored_hash,
                       database_.query_row(
                           "SELECT content_hash FROM submissions WHERE id = ?1",
                           [](const Statement& row) { return row.column_bytes<32>(0); }, submission.id));
    if (stored_hash) {
        if (*stored_hash != hash) {
            return Error("submission.id_conflict", "id",
                         "a different submission with this id is already saved");
        }
        JIEBANG_TRY_ASSIGN(auto found, committed_submission(submission.id));
        if (!found)
            return corrupt_row("submission vanished inside a transaction");
        return std::move(*found);
    }

    // No row yet for this date: 0, so the day's first receipt is number 1.
    JIEBANG_TRY_ASSIGN(
        const std::int64_t last,
        database_.query_int("SELECT last_sequence FROM receipt_sequence WHERE local_date = ?1", local_date));
    const std::int64_t sequence = last + 1;
    if (sequence > 9999) {
        return Error("receipt.sequence_exhausted", "",
                     "this terminal has issued 9999 receipts today; no more can be numbered until tomorrow")
            .with("date", std::to_string(local_date));
    }
    JIEBANG_TRY(
        database_.execute("INSERT INTO receipt_sequence (local_date, last_sequence) VALUES (?1, ?2) "
                          "ON CONFLICT (local_date) DO UPDATE SET last_sequence = excluded.last_sequence",
                          local_date, sequence));

    assert(sequence >= 1 && sequence <= 9999);  // invariant 2
    const ReceiptNumber number = number_for(identity, local_date, static_cast<int>(sequence));
    // The title the progress lookup shows, read by role: a bid's is its listing's title on the stored board.
    Status listing_lookup = ok_status();
    const std::string title =
        submission_title(form, submission.values, [&](std::string_view listing_id) -> std::string {
            auto listing_title = database_.query_row(
                "SELECT title FROM listings WHERE id = ?1",
                [](const Statement& row) { return row.column_text(0); }, listing_id);
            if (!listing_title) {
                listing_lookup = listing_title.error();
                return {};
            }
            return listing_title->value_or(std::string());
        });
    JIEBANG_TRY(listing_lookup);
    Receipt receipt = sign_receipt(number, hash, key);

    JIEBANG_TRY(database_.execute(
        "INSERT INTO submissions (id, kind, receipt_number, local_date, sequence, title, canonical_content, "
        "content_hash, signature, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        submission.id, submission_kind_name(submission.kind), number.text(), local_date, sequence, title,
        canonical, std::span<const unsigned char>(hash), std::span<const unsigned char>(receipt.signature),
        submission.created_at));
    JIEBANG_TRY(database_.execute("INSERT INTO outbox (submission_id, created_at) VALUES (?1, ?2)",
                                  submission.id, submission.created_at));
    JIEBANG_TRY(transaction.commit());
    return CommittedSubmission{std::move(submission), std::move(receipt)};
}

// [SECTION] Progress lookup

Result<std::optional<ProgressRecord>> TerminalStore::progress(const ReceiptNumber& number) {
    const std::string number_text = number.text();
    // What this terminal holds itself: "saved", or "received" once the county acknowledged it.
    JIEBANG_TRY_ASSIGN(
        std::optional<ProgressRecord> record,
        database_.query_row(
            "SELECT s.kind, s.title, s.created_at, o.state, o.acknowledged_at FROM submissions s "
            "LEFT JOIN outbox o ON o.submission_id = s.id WHERE s.receipt_number = ?1",
            [&](const Statement& row) -> Result<ProgressRecord> {
                ProgressRecord local;
                local.receipt_number = number_text;
                JIEBANG_TRY_ASSIGN(local.kind, kind_from_column(row.column_text(0)));
                local.title = row.column_text(1);
                local.created_at = row.column_int(2);
                local.updated_at = local.created_at;
                if (row.column_text(3) == "acknowledged") {
                    local.state = ProgressState::ReceivedByCounty;
                    local.updated_at = row.column_int(4);
                }
                return local;
            },
            number_text));
    // The latest status update from the county wins (by sequence); it may concern a submission filed
    // elsewhere, whose title and kind it carries.
    JIEBANG_TRY_ASSIGN(
        const auto latest,
        database_.query_row(
            "SELECT state, reason, updated_at, title, kind FROM status_updates WHERE receipt_number = ?1 "
            "ORDER BY sequence DESC LIMIT 1",
            [&](const Statement& row) -> Result<ProgressRecord> {
                ProgressRecord update;
                const auto state = progress_state_from_code(row.column_text(0));
                if (!state)
                    return corrupt_row("unknown progress state in status_updates");
                update.state = *state;
                update.reason = row.column_text(1);
                update.updated_at = row.column_int(2);
                update.title = row.column_text(3);
                JIEBANG_TRY_ASSIGN(update.kind, kind_from_column(row.column_text(4)));
                return update;
            },
            number_text));
    if (latest) {
        if (!record) {
            record = *latest;
            record->receipt_number = number_text;
            record->created_at = 0;
        } else {
            record->state = latest->state;
            record->reason = latest->reason;
            record->updated_at = latest->updated_at;
        }
    }
    return record;
}

// [SECTION] Outbox

namespace {

// The columns every outbox query below selects, then its condition; and the reader of such a row.
std::string outbox_query(std::string_view condition) {
    return "SELECT o.submission_id, s.receipt_number, s.kind, s.canonical_content, s.content_hash, "
           "s.signature, "
           "o.state, o.attempts, o.created_at, o.acknowledged_at, o.last_error, o.position FROM outbox o "
           "JOIN submissions s ON s.id = o.submission_id " +
           std::string(condition);
}

Result<OutboxItem> read_outbox_row(const Statement& row) {
    OutboxItem item;
    item.submission_id = row.column_text(0);
    item.receipt_number = row.column_text(1);
    JIEBANG_TRY_ASSIGN(item.kind, kind_from_column(row.column_text(2)));
    item.canonical_content = row.column_text(3);
    JIEBANG_TRY_ASSIGN(item.content_hash, row.column_bytes<32>(4));
    JIEBANG_TRY_ASSIGN(item.signature, row.column_bytes<64>(5));
    JIEBANG_TRY_ASSIGN(item.state, outbox_state_from_name(row.column_text(6)));
    item.attempts = static_cast<int>(row.column_int(7));
    item.created_at = row.column_int(8);
    item.acknowledged_at = row.column_int(9);
    item.last_error = row.column_text(10);
    item.position = row.column_int(11);
    return item;
}

}  // namespace

Result<std::vector<OutboxItem>> TerminalStore::pending_outbox(int limit) {
    static const std::string sql = outbox_query("WHERE o.state = 'pending' ORDER BY o.position LIMIT ?1");
    return database_.query_rows(sql, read_outbox_row, limit < 0 ? 0 : limit);
}

Result<std::vector<OutboxItem>> TerminalStore::newest_acknowledged(int limit) {
    static const std::string sql = outbox_query(
        "WHERE o.state = 'acknowledged' AND s.purged = 0 AND o.acknowledged_at = (SELECT "
        "max(acknowledged_at) "
        "FROM outbox WHERE state = 'acknowledged') ORDER BY o.position DESC LIMIT ?1");
    return database_.query_rows(sql, read_outbox_row, limit < 0 ? 0 : limit);
}

Status TerminalStore::begin_resend(std::int64_t now) {
    return database_.execute(
        "INSERT OR IGNORE INTO outbox_resend (singleton, after_position, started_at) "
        "VALUES (1, 0, ?1)",
        now);
}

Result<std::vector<OutboxItem>> TerminalStore::resend_page(int limit) {
    auto cursor = database_.query_row("SELECT after_position FROM outbox_resend WHERE singleton = 1",
                                      [](const Statement& row) { return row.column_int(0); });
    if (!cursor)
        return cursor.error();
    if (!cursor->has_value())
        return std::vector<OutboxItem>{};
    static const std::string sql = outbox_query(
        "WHERE o.state = 'acknowledged' AND s.purged = 0 AND o.position > ?1 ORDER BY o.position LIMIT ?2");
    auto page = database_.query_rows(sql, read_outbox_row, **cursor, limit < 1 ? 1 : limit);
    if (page && page->empty()) {
        if (auto finished = database_.execute("DELETE FROM outbox_resend WHERE singleton = ?1", 1); !finished)
            return finished.error();
    }
    return page;
}

Status TerminalStore::resend_done_through(std::int64_t position) {
    return database_.execute(
        "UPDATE outbox_resend SET after_position = max(after_position, ?1) WHERE singleton = 1", position);
}

Result<bool> TerminalStore::resend_in_progress() {
    auto rows = database_.query_int("SELECT count(*) FROM outbox_resend");
    if (!rows)
        return rows.error();
    return rows.value() > 0;
}

namespace {

// The outbox state of one submission, or empty when it has no outbox row.
Result<std::optional<OutboxState>> outbox_state_of(Database& database, std::string_view submission_id) {
    return database.query_row(
        "SELECT state FROM outbox WHERE submission_id = ?1",
        [](const Statement& row) { return outbox_state_from_name(row.column_text(0)); }, submission_id);
}

Error not_found(std::string_view submission_id) {
    return Error("outbox.not_found", "", "no outbox row for this submission id")
        .with("submission_id", std::string(submission_id));
}

// Error codes from the wire are stored for diagnosis; keep them short and printable.
std::string bounded_code(std::string_view code) {
    std::string text(code.substr(0, 100));
    for (char& character : text) {
        if (static_cast<unsigned char>(character) < 0x20 || static_cast<unsigned char>(character) > 0x7e)
            character = '?';
    }
    return text;
}

}  // namespace

namespace {

// Each outbox transition is one UPDATE limited to the states it may leave (invariant 3). When it changed no
// row: no row at all is outbox.not_found, otherwise `when_unchanged` is what the caller hears.
template <typename... Values>
Status outbox_transition(Database& database, std::string_view sql, std::string_view submission_id,
                         const Status& when_unchanged, const Values&... values) {
    JIEBANG_TRY(database.execute(sql, values...));
    if (database.changes() > 0)
        return ok_status();
    JIEBANG_TRY_ASSIGN(const auto state, outbox_state_of(database, submission_id));
    if (!state)
        return not_found(submission_id);
    return when_unchanged;
}

}  // namespace

Status TerminalStore::mark_acknowledged(std::string_view submission_id, std::int64_t now) {
    // Already acknowledged: a repeated ACK is harmless.
    return outbox_transition(database_,
                             "UPDATE outbox SET state = 'acknowledged', acknowledged_at = ?1 "
                             "WHERE submission_id = ?2 AND state IN ('pending', 'quarantined')",
                             submission_id, ok_status(), now, submission_id);
}

Result<int> TerminalStore::requeue_quarantined(const std::vector<std::string>& submission_ids) {
    auto transaction = Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    int moved = 0;
    for (const std::string& submission_id : submission_ids) {
        if (auto status = database_.execute("UPDATE outbox SET state = 'pending', quarantined_at = 0 WHERE "
                                            "submission_id = ?1 AND state = "
                                            "'quarantined'",
                                            submission_id);
            !status) {
            return status.error();
        }
        moved += database_.changes();
    }
    if (auto committed = transaction->commit(); !committed)
        return committed.error();
    return moved;
}

Status TerminalStore::mark_quarantined(std::string_view submission_id, std::string_view error_code,
                                       std::int64_t now) {
    return outbox_transition(
        database_,
        "UPDATE outbox SET state = 'quarantined', quarantined_at = ?1, last_error = ?2 "
        "WHERE submission_id = ?3 AND state IN ('pending', 'quarantined')",
        submission_id,
        Error("outbox.already_acknowledged", "", "the county already acknowledged this submission")
            .with("submission_id", std::string(submission_id)),
        now, bounded_code(error_code), submission_id);
}

Status TerminalStore::record_attempt(std::string_view submission_id, std::string_view error_code,
                                     std::int64_t now) {
    // No longer pending: nothing to count.
    return outbox_transition(database_,
                             "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?1, "
                             "last_error = ?2 WHERE submission_id = ?3 AND state = 'pending'",
                             submission_id, ok_status(), now, bounded_code(error_code), submission_id);
}

Result<OutboxCounts> TerminalStore::outbox_counts() {
    JIEBANG_TRY_ASSIGN(
        const auto counts,
        database_.query_row("SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'), "
                            "(SELECT count(*) FROM outbox WHERE state = 'acknowledged'), "
                            "(SELECT count(*) FROM outbox WHERE state = 'quarantined'), "
                            "(SELECT coalesce(min(created_at), 0) FROM outbox WHERE state = 'pending')",
                            [](const Statement& row) {
                                OutboxCounts read;
                                read.pending = row.column_int(0);
                                read.acknowledged = row.column_int(1);
                                read.quarantined = row.column_int(2);
                                read.oldest_pending_created_at = row.column_int(3);
                                return read;
                            }));
    return counts.value_or(OutboxCounts{});
}

// [SECTION] Purge of personal data

Result<int> TerminalStore::purge_personal_data(std::int64_t acknowledged_before,
                                               const FormDefinition& demand_form,
                                               const FormDefinition& bid_form) {
    int purged = 0;
    {
        JIEBANG_TRY_ASSIGN(Transaction transaction, Transaction::begin(database_));
        // id, content without personal fields
        JIEBANG_TRY_ASSIGN(
            const auto rewrites,
            database_.query_rows(
                "SELECT s.id, s.canonical_content FROM submissions s JOIN outbox o ON o.submission_id = s.id "
                "WHERE o.state = 'acknowledged' AND o.acknowledged_at < ?1 AND s.purged = 0 ORDER BY "
                "o.position",
                [&](const Statement& row) -> Result<std::pair<std::string, std::string>> {
                    const std::string submission_id = row.column_text(0);
                    auto submission = submission_from_json(row.column_text(1));
                    if (!submission) {
                        return Error("store.corrupt", "",
                                     "stored submission content does not parse (" + submission.error().code +
                                         ")")
                            .with("submission_id", submission_id);
                    }
                    const FormDefinition& form =
                        submission->kind == SubmissionKind::Demand ? demand_form : bid_form;
                    submission->values = without_personal_fields(submission->values, form);
                    return std::pair{submission_id, canonical_encoding(submission.value())};
                },
                acknowledged_before));
        for (const auto& [submission_id, content] : rewrites) {
            JIEBANG_TRY(
                database_.execute("UPDATE submissions SET canonical_content = ?1, purged = 1 WHERE id = ?2",
                                  content, submission_id));
            ++purged;
        }
        JIEBANG_TRY(transaction.commit());
    }
    // Push the old page images out of the write-ahead log too; a busy checkpoint is retried next purge.
    if (purged > 0)
        (void)database_.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    return purged;
}

// [SECTION] Board

namespace {

constexpr std::string_view listing_columns =
    "id, profile_id, title, industry_id, sub_direction_id, project_type_id, mechanism, issuer_name, "
    "issuer_kind, problem, targets, bounty_wan, deadline, published_at, issuer_uscc";

Listing read_listing(const Statement& row) {
    Listing listing;
    listing.id = row.column_text(0);
    listing.profile_id = row.column_text(1);
    listing.title = row.column_text(2);
    listing.industry_id = row.column_text(3);
    listing.sub_direction_id = row.column_text(4);
    listing.project_type_id = row.column_text(5);
    listing.mechanism = row.column_text(6);
    listing.issuer_name = row.column_text(7);
    listing.issuer_kind = row.column_text(8);
    listing.problem = row.column_text(9);
    listing.targets = row.column_text(10);
    listing.bounty_wan = row.column_text(11);
    listing.deadline = row.column_text(12);
    listing.published_at = row.column_int(13);
    listing.issuer_uscc = row.column_text(14);
    return listing;
}

}  // namespace

Result<Board> TerminalStore::board() {
    JIEBANG_TRY_ASSIGN(
        auto stored,
        database_.query_row("SELECT version, profile_id, hash_hex, schema FROM board WHERE singleton = 1",
                            [](const Statement& row) {
                                Board meta;
                                meta.version = row.column_int(0);
                                meta.profile_id = row.column_text(1);
                                meta.hash_hex = row.column_text(2);
                                meta.schema = static_cast<int>(row.column_int(3));
                                return meta;
                            }));
    if (!stored)
        return Board{};
    Board board = std::move(*stored);
    JIEBANG_TRY_ASSIGN(board.listings, database_.query_rows("SELECT " + std::string(listing_columns) +
                                                                " FROM listings ORDER BY position",
                                                            read_listing));
    if (board_hash_hex(board) != board.hash_hex)
        return corrupt_row("the stored board does not match its hash");
    return board;
}

Status TerminalStore::replace_board(const Board& board) {
    const std::string hash = board_hash_hex(board);
    if (!board.hash_hex.empty() && board.hash_hex != hash) {
        return Error("board.hash_mismatch", "hash", "the board's hash does not match its content");
    }
    JIEBANG_TRY_ASSIGN(Transaction transaction, Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const auto stored_version,
                       database_.query_row("SELECT version FROM board WHERE singleton = 1",
                                           [](const Statement& row) { return row.column_int(0); }));
    if (stored_version && *stored_version > board.version) {
        return Error("board.older_version", "version", "the stored board is newer than this one")
            .with("stored_version", std::to_string(*stored_version))
            .with("offered_version", std::to_string(board.version));
    }
    JIEBANG_TRY(database_.execute("DELETE FROM listings"));
    std::int64_t position = 0;
    for (const Listing& listing : board.listings) {
        Status inserted = database_.execute(
            "INSERT INTO listings (position, " + std::string(listing_columns) +
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            position++, listing.id, listing.profile_id, listing.title, listing.industry_id,
            listing.sub_direction_id, listing.project_type_id, listing.mechanism, listing.issuer_name,
            listing.issuer_kind, listing.problem, listing.targets, listing.bounty_wan, listing.deadline,
            listing.published_at, listing.issuer_uscc);
        if (!inserted && inserted.error().code == "store.constraint") {
            return Error("board.duplicate_listing", "listings", "listing id appears twice on the board")
                .with("listing", listing.id);
        }
        JIEBANG_TRY(inserted);
    }
    JIEBANG_TRY(
        database_.execute("INSERT OR REPLACE INTO board (singleton, version, profile_id, hash_hex, schema) "
                          "VALUES (1, ?1, ?2, ?3, "
                          "?4)",
                          board.version, board.profile_id, hash, static_cast<std::int64_t>(board.schema)));
    return transaction.commit();
}

// [SECTION] Status updates

Status TerminalStore::apply_status_updates(const std::vector<StatusUpdate>& updates) {
    JIEBANG_TRY_ASSIGN(Transaction transaction, Transaction::begin(database_));
    for (const StatusUpdate& update : updates) {
        auto number = ReceiptNumber::parse(update.receipt_number);
        if (!number) {
            Error error = number.error();
            error.detail = "status update " + std::to_string(update.sequence) + ": " + error.detail;
            return error;
        }
        if (update.sequence <= 0) {
            return Error("status.sequence", "sequence", "status update sequence numbers start at 1");
        }
        JIEBANG_TRY(database_.execute(
            "INSERT OR IGNORE INTO status_updates (sequence, receipt_number, state, reason, updated_at, "
            "title, "
            "kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            update.sequence, number->text(), progress_state_code(update.state), update.reason,
            update.updated_at, update.title, submission_kind_name(update.kind)));
    }
    return transaction.commit();
}

Result<std::int64_t> TerminalStore::last_status_sequence() {
    return database_.query_int("SELECT coalesce(max(sequence), 0) FROM status_updates");
}

// Added for the terminal's admin page (kiosk/, #13): reprinting and a cheap board poll.
Result<std::vector<ReceiptSummary>> TerminalStore::recent_receipts(int limit) {
    auto statement = database_.prepare(
        "SELECT id, receipt_number, kind, title, created_at FROM submissions ORDER BY rowid DESC LIMIT ?");
    if (!statement)
        return statement.error();
    statement->bind(1, static_cast<std::int64_t>(limit));
    std::vector<ReceiptSummary> receipts;
    while (true) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            return receipts;
        ReceiptSummary summary;
        summary.submission_id = statement->column_text(0);
        summary.receipt_number = statement->column_text(1);
        summary.kind = statement->column_text(2) == "bid" ? SubmissionKind::Bid : SubmissionKind::Demand;
        summary.title = statement->column_text(3);
        summary.created_at = statement->column_int(4);
        receipts.push_back(std::move(summary));
    }
}

Result<std::int64_t> TerminalStore::board_version() {
    return database_.query_int("SELECT coalesce(max(version), 0) FROM board");
}

}  // namespace jiebang::store

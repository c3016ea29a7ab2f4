// shared/store/terminal_store.cpp — the terminal's database: identity, receipt sequences, submissions,
// outbox, board and status updates.
// Invariants (see terminal_store.hpp): one BEGIN IMMEDIATE transaction per commit_submission, holding the
// day's sequence bump, the submission row and its outbox row; the receipt is returned only after COMMIT.
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

#include <cstring>

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
    };
    return migrations;
}

// [SECTION] Helpers

template <std::size_t N>
bool copy_blob(const std::vector<unsigned char>& blob, std::array<unsigned char, N>& target) {
    if (blob.size() != N)
        return false;
    std::memcpy(target.data(), blob.data(), N);
    return true;
}

Error corrupt_row(std::string_view what) {
    return Error("store.corrupt", "", "a stored row is damaged: " + std::string(what));
}

SubmissionKind kind_from_column(const std::string& text) {
    return submission_kind_from_name(text).value_or(SubmissionKind::Demand);
}

std::string text_value(const FieldValues& values, std::string_view field_id) {
    const auto found = values.find(field_id);
    if (found == values.end())
        return {};
    if (const auto* text = std::get_if<std::string>(&found->second))
        return *text;
    return {};
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
OutboxState outbox_state_from_name(const std::string& name) {
    if (name == "acknowledged")
        return OutboxState::Acknowledged;
    if (name == "quarantined")
        return OutboxState::Quarantined;
    return OutboxState::Pending;
}
}  // namespace

// [SECTION] Open and identity

Result<TerminalStore> TerminalStore::open(const std::filesystem::path& database_file) {
    auto database = Database::open(database_file, terminal_migrations(), Durability::Full);
    if (!database)
        return database.error();
    // Deleted or overwritten content (purged contact data) is zeroed on disk, not just unlinked.
    auto secure = database->execute("PRAGMA secure_delete = ON");
    if (!secure)
        return secure.error();
    return TerminalStore(std::move(database.value()));
}

Status TerminalStore::save_identity(const TerminalIdentity& identity) {
    auto valid = check_identity(identity);
    if (!valid)
        return valid.error();
    auto statement = database_.prepare(
        "INSERT OR REPLACE INTO identity (singleton, terminal_id, profile_id, city_code, county_admin_code, "
        "county_code, terminal_number) VALUES (1, ?, ?, ?, ?, ?, ?)");
    if (!statement)
        return statement.error();
    statement->bind(1, identity.terminal_id)
        .bind(2, identity.profile_id)
        .bind(3, identity.city_code)
        .bind(4, identity.county_admin_code)
        .bind(5, identity.county_code)
        .bind(6, std::int64_t{identity.terminal_number});
    return statement->run();
}

Result<std::optional<TerminalIdentity>> TerminalStore::identity() {
    auto statement = database_.prepare(
        "SELECT terminal_id, profile_id, city_code, county_admin_code, county_code, terminal_number FROM "
        "identity "
        "WHERE singleton = 1");
    if (!statement)
        return statement.error();
    auto row = statement->step();
    if (!row)
        return row.error();
    if (!row.value())
        return std::optional<TerminalIdentity>();
    TerminalIdentity identity;
    identity.terminal_id = statement->column_text(0);
    identity.profile_id = statement->column_text(1);
    identity.city_code = statement->column_text(2);
    identity.county_admin_code = statement->column_text(3);
    identity.county_code = statement->column_text(4);
    identity.terminal_number = static_cast<int>(statement->column_int(5));
    return std::optional<TerminalIdentity>(std::move(identity));
}

// [SECTION] Commit a submission

Result<std::optional<CommittedSubmission>> TerminalStore::committed_submission(
    std::string_view submission_id) {
    auto statement = database_.prepare(
        "SELECT canonical_content, receipt_number, content_hash, signature FROM submissions WHERE id = ?");
    if (!statement)
        return statement.error();
    statement->bind(1, submission_id);
    auto row = statement->step();
    if (!row)
        return row.error();
    if (!row.value())
        return std::optional<CommittedSubmission>();
    auto submission = submission_from_json(statement->column_text(0));
    if (!submission)
        return corrupt_row("submission content does not parse (" + submission.error().code + ")");
    auto number = ReceiptNumber::parse(statement->column_text(1));
    if (!number)
        return corrupt_row("receipt number does not parse");
    CommittedSubmission committed;
    committed.submission = std::move(submission.value());
    committed.receipt.number = number.value();
    if (!copy_blob(statement->column_blob(2), committed.receipt.content_hash) ||
        !copy_blob(statement->column_blob(3), committed.receipt.signature)) {
        return corrupt_row("hash or signature has the wrong size");
    }
    return std::optional<CommittedSubmission>(std::move(committed));
}

Result<CommittedSubmission> TerminalStore::commit_submission(Submission submission,
                                                             const TerminalIdentity& identity,
                                                             const SigningKey& key, int local_date) {
    auto valid_identity = check_identity(identity);
    if (!valid_identity)
        return valid_identity.error();
    auto valid_date = number_for(identity, local_date, 1).validate();
    if (!valid_date)
        return valid_date.error();
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

    auto transaction = Transaction::begin(database_);
    if (!transaction)
        return transaction.error();

    // A second commit of the same submission (double tap, retry after a lost reply) files nothing new.
    {
        auto existing = database_.prepare("SELECT content_hash FROM submissions WHERE id = ?");
        if (!existing)
            return existing.error();
        existing->bind(1, submission.id);
        auto row = existing->step();
        if (!row)
            return row.error();
        if (row.value()) {
            ContentHash stored{};
            const bool same = copy_blob(existing->column_blob(0), stored) && stored == hash;
            if (!same) {
                return Error("submission.id_conflict", "id",
                             "a different submission with this id is already saved");
            }
            auto found = committed_submission(submission.id);
            if (!found)
                return found.error();
            if (!found->has_value())
                return corrupt_row("submission vanished inside a transaction");
            return std::move(**found);
        }
    }

    // No row yet for this date: 0, so the day's first receipt is number 1.
    auto last = database_.query_int("SELECT last_sequence FROM receipt_sequence WHERE local_date = ?",
                                    std::int64_t{local_date});
    if (!last)
        return last.error();
    const std::int64_t sequence = *last + 1;
    if (sequence > 9999) {
        return Error("receipt.sequence_exhausted", "",
                     "this terminal has issued 9999 receipts today; no more can be numbered until tomorrow")
            .with("date", std::to_string(local_date));
    }
    {
        auto bump = database_.prepare(
            "INSERT INTO receipt_sequence (local_date, last_sequence) VALUES (?, ?) "
            "ON CONFLICT (local_date) DO UPDATE SET last_sequence = excluded.last_sequence");
        if (!bump)
            return bump.error();
        bump->bind(1, std::int64_t{local_date}).bind(2, std::int64_t{sequence});
        auto bumped = bump->run();
        if (!bumped)
            return bumped.error();
    }

    const ReceiptNumber number = number_for(identity, local_date, static_cast<int>(sequence));
    const std::string number_text = number.text();
    std::string title;
    if (submission.kind == SubmissionKind::Demand) {
        title = text_value(submission.values, "project_name");
    } else {
        const std::string listing_id = text_value(submission.values, "listing_id");
        title = listing_id;
        auto listing = database_.prepare("SELECT title FROM listings WHERE id = ?");
        if (!listing)
            return listing.error();
        listing->bind(1, listing_id);
        auto row = listing->step();
        if (!row)
            return row.error();
        if (row.value())
            title = listing->column_text(0);
    }
    Receipt receipt = sign_receipt(number, hash, key);

    {
        auto insert = database_.prepare(
            "INSERT INTO submissions (id, kind, receipt_number, local_date, sequence, title, "
            "canonical_content, "
            "content_hash, signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bind(1, submission.id)
            .bind(2, submission_kind_name(submission.kind))
            .bind(3, number_text)
            .bind(4, std::int64_t{local_date})
            .bind(5, std::int64_t{sequence})
            .bind(6, title)
            .bind(7, canonical)
            .bind_blob(8, hash.data(), hash.size())
            .bind_blob(9, receipt.signature.data(), receipt.signature.size())
            .bind(10, submission.created_at);
        auto inserted = insert->run();
        if (!inserted)
            return inserted.error();
    }
    {
        auto outbox = database_.prepare("INSERT INTO outbox (submission_id, created_at) VALUES (?, ?)");
        if (!outbox)
            return outbox.error();
        outbox->bind(1, submission.id).bind(2, submission.created_at);
        auto queued = outbox->run();
        if (!queued)
            return queued.error();
    }
    auto committed = transaction->commit();
    if (!committed)
        return committed.error();
    return CommittedSubmission{std::move(submission), std::move(receipt)};
}

// [SECTION] Progress lookup

Result<std::optional<ProgressRecord>> TerminalStore::progress(const ReceiptNumber& number) {
    const std::string number_text = number.text();
    ProgressRecord record;
    record.receipt_number = number_text;
    bool known = false;
    {
        auto local = database_.prepare(
            "SELECT s.kind, s.title, s.created_at, o.state, o.acknowledged_at FROM submissions s "
            "LEFT JOIN outbox o ON o.submission_id = s.id WHERE s.receipt_number = ?");
        if (!local)
            return local.error();
        local->bind(1, number_text);
        auto row = local->step();
        if (!row)
            return row.error();
        if (row.value()) {
            known = true;
            record.kind = kind_from_column(local->column_text(0));
            record.title = local->column_text(1);
            record.created_at = local->column_int(2);
            record.updated_at = record.created_at;
            if (local->column_text(3) == "acknowledged") {
                record.state = ProgressState::ReceivedByCounty;
                record.updated_at = local->column_int(4);
            }
        }
    }
    {
        auto latest = database_.prepare(
            "SELECT state, reason, updated_at, title, kind FROM status_updates WHERE receipt_number = ? "
            "ORDER BY sequence DESC LIMIT 1");
        if (!latest)
            return latest.error();
        latest->bind(1, number_text);
        auto row = latest->step();
        if (!row)
            return row.error();
        if (row.value()) {
            const auto state = progress_state_from_code(latest->column_text(0));
            if (!state)
                return corrupt_row("unknown progress state in status_updates");
            record.state = *state;
            record.reason = latest->column_text(1);
            record.updated_at = latest->column_int(2);
            if (!known) {
                record.title = latest->column_text(3);
                record.kind = kind_from_column(latest->column_text(4));
            }
            known = true;
        }
    }
    if (!known)
        return std::optional<ProgressRecord>();
    return std::optional<ProgressRecord>(std::move(record));
}

// [SECTION] Outbox

Result<std::vector<OutboxItem>> TerminalStore::pending_outbox(int limit) {
    auto statement = database_.prepare(
        "SELECT o.submission_id, s.receipt_number, s.kind, s.canonical_content, s.content_hash, s.signature, "
        "o.state, o.attempts, o.created_at, o.acknowledged_at, o.last_error FROM outbox o "
        "JOIN submissions s ON s.id = o.submission_id WHERE o.state = 'pending' ORDER BY o.position LIMIT ?");
    if (!statement)
        return statement.error();
    statement->bind(1, std::int64_t{limit < 0 ? 0 : limit});
    std::vector<OutboxItem> items;
    while (true) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        OutboxItem item;
        item.submission_id = statement->column_text(0);
        item.receipt_number = statement->column_text(1);
        item.kind = kind_from_column(statement->column_text(2));
        item.canonical_content = statement->column_text(3);
        if (!copy_blob(statement->column_blob(4), item.content_hash) ||
            !copy_blob(statement->column_blob(5), item.signature)) {
            return corrupt_row("hash or signature has the wrong size");
        }
        item.state = outbox_state_from_name(statement->column_text(6));
        item.attempts = static_cast<int>(statement->column_int(7));
        item.created_at = statement->column_int(8);
        item.acknowledged_at = statement->column_int(9);
        item.last_error = statement->column_text(10);
        items.push_back(std::move(item));
    }
    return items;
}

namespace {

// The outbox state of one submission, or empty when it has no outbox row.
Result<std::optional<std::string>> outbox_state_of(Database& database, std::string_view submission_id) {
    auto statement = database.prepare("SELECT state FROM outbox WHERE submission_id = ?");
    if (!statement)
        return statement.error();
    statement->bind(1, submission_id);
    auto row = statement->step();
    if (!row)
        return row.error();
    if (!row.value())
        return std::optional<std::string>();
    return std::optional<std::string>(statement->column_text(0));
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

Status TerminalStore::mark_acknowledged(std::string_view submission_id, std::int64_t now) {
    auto statement = database_.prepare(
        "UPDATE outbox SET state = 'acknowledged', acknowledged_at = ? WHERE submission_id = ? "
        "AND state IN ('pending', 'quarantined')");
    if (!statement)
        return statement.error();
    statement->bind(1, now).bind(2, submission_id);
    auto updated = statement->run();
    if (!updated)
        return updated.error();
    if (database_.changes() > 0)
        return ok_status();
    auto state = outbox_state_of(database_, submission_id);
    if (!state)
        return state.error();
    if (!state->has_value())
        return not_found(submission_id);
    return ok_status();  // already acknowledged: a repeated ACK is harmless
}

Status TerminalStore::mark_quarantined(std::string_view submission_id, std::string_view error_code,
                                       std::int64_t now) {
    auto statement = database_.prepare(
        "UPDATE outbox SET state = 'quarantined', quarantined_at = ?, last_error = ? WHERE submission_id = ? "
        "AND state IN ('pending', 'quarantined')");
    if (!statement)
        return statement.error();
    statement->bind(1, now).bind(2, bounded_code(error_code)).bind(3, submission_id);
    auto updated = statement->run();
    if (!updated)
        return updated.error();
    if (database_.changes() > 0)
        return ok_status();
    auto state = outbox_state_of(database_, submission_id);
    if (!state)
        return state.error();
    if (!state->has_value())
        return not_found(submission_id);
    return Error("outbox.already_acknowledged", "", "the county already acknowledged this submission")
        .with("submission_id", std::string(submission_id));
}

Status TerminalStore::record_attempt(std::string_view submission_id, std::string_view error_code,
                                     std::int64_t now) {
    auto statement = database_.prepare(
        "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE submission_id "
        "= ? "
        "AND state = 'pending'");
    if (!statement)
        return statement.error();
    statement->bind(1, now).bind(2, bounded_code(error_code)).bind(3, submission_id);
    auto updated = statement->run();
    if (!updated)
        return updated.error();
    if (database_.changes() > 0)
        return ok_status();
    auto state = outbox_state_of(database_, submission_id);
    if (!state)
        return state.error();
    if (!state->has_value())
        return not_found(submission_id);
    return ok_status();  // no longer pending: nothing to count
}

Result<OutboxCounts> TerminalStore::outbox_counts() {
    auto statement = database_.prepare(
        "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'), "
        "(SELECT count(*) FROM outbox WHERE state = 'acknowledged'), "
        "(SELECT count(*) FROM outbox WHERE state = 'quarantined'), "
        "(SELECT coalesce(min(created_at), 0) FROM outbox WHERE state = 'pending')");
    if (!statement)
        return statement.error();
    auto row = statement->step();
    if (!row)
        return row.error();
    OutboxCounts counts;
    if (row.value()) {
        counts.pending = statement->column_int(0);
        counts.acknowledged = statement->column_int(1);
        counts.quarantined = statement->column_int(2);
        counts.oldest_pending_created_at = statement->column_int(3);
    }
    return counts;
}

// [SECTION] Purge of personal data

Result<int> TerminalStore::purge_personal_data(std::int64_t acknowledged_before,
                                               const FormDefinition& demand_form,
                                               const FormDefinition& bid_form) {
    int purged = 0;
    {
        auto transaction = Transaction::begin(database_);
        if (!transaction)
            return transaction.error();
        auto select = database_.prepare(
            "SELECT s.id, s.canonical_content FROM submissions s JOIN outbox o ON o.submission_id = s.id "
            "WHERE o.state = 'acknowledged' AND o.acknowledged_at < ? AND s.purged = 0 ORDER BY o.position");
        if (!select)
            return select.error();
        select->bind(1, acknowledged_before);
        std::vector<std::pair<std::string, std::string>> rewrites;  // id, content without personal fields
        while (true) {
            auto row = select->step();
            if (!row)
                return row.error();
            if (!row.value())
                break;
            const std::string submission_id = select->column_text(0);
            auto submission = submission_from_json(select->column_text(1));
            if (!submission) {
                return Error("store.corrupt", "",
                             "stored submission content does not parse (" + submission.error().code + ")")
                    .with("submission_id", submission_id);
            }
            const FormDefinition& form = submission->kind == SubmissionKind::Demand ? demand_form : bid_form;
            submission->values = without_personal_fields(submission->values, form);
            rewrites.emplace_back(submission_id, canonical_encoding(submission.value()));
        }
        auto update =
            database_.prepare("UPDATE submissions SET canonical_content = ?, purged = 1 WHERE id = ?");
        if (!update)
            return update.error();
        for (const auto& [submission_id, content] : rewrites) {
            update->reset();
            update->bind(1, content).bind(2, submission_id);
            auto updated = update->run();
            if (!updated)
                return updated.error();
            ++purged;
        }
        auto committed = transaction->commit();
        if (!committed)
            return committed.error();
    }
    // Push the old page images out of the write-ahead log too; a busy checkpoint is retried next purge.
    if (purged > 0)
        (void)database_.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    return purged;
}

// [SECTION] Board

Result<Board> TerminalStore::board() {
    Board board;
    {
        auto meta = database_.prepare("SELECT version, profile_id, hash_hex FROM board WHERE singleton = 1");
        if (!meta)
            return meta.error();
        auto row = meta->step();
        if (!row)
            return row.error();
        if (!row.value())
            return board;
        board.version = meta->column_int(0);
        board.profile_id = meta->column_text(1);
        board.hash_hex = meta->column_text(2);
    }
    auto statement = database_.prepare(
        "SELECT id, profile_id, title, industry_id, sub_direction_id, project_type_id, mechanism, "
        "issuer_name, "
        "issuer_kind, problem, targets, bounty_wan, deadline, published_at FROM listings ORDER BY position");
    if (!statement)
        return statement.error();
    while (true) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        Listing listing;
        listing.id = statement->column_text(0);
        listing.profile_id = statement->column_text(1);
        listing.title = statement->column_text(2);
        listing.industry_id = statement->column_text(3);
        listing.sub_direction_id = statement->column_text(4);
        listing.project_type_id = statement->column_text(5);
        listing.mechanism = statement->column_text(6);
        listing.issuer_name = statement->column_text(7);
        listing.issuer_kind = statement->column_text(8);
        listing.problem = statement->column_text(9);
        listing.targets = statement->column_text(10);
        listing.bounty_wan = statement->column_text(11);
        listing.deadline = statement->column_text(12);
        listing.published_at = statement->column_int(13);
        board.listings.push_back(std::move(listing));
    }
    if (board_hash_hex(board) != board.hash_hex)
        return corrupt_row("the stored board does not match its hash");
    return board;
}

Status TerminalStore::replace_board(const Board& board) {
    const std::string hash = board_hash_hex(board);
    if (!board.hash_hex.empty() && board.hash_hex != hash) {
        return Error("board.hash_mismatch", "hash", "the board's hash does not match its content");
    }
    auto transaction = Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    {
        auto current = database_.prepare("SELECT version FROM board WHERE singleton = 1");
        if (!current)
            return current.error();
        auto row = current->step();
        if (!row)
            return row.error();
        if (row.value() && current->column_int(0) > board.version) {
            return Error("board.older_version", "version", "the stored board is newer than this one")
                .with("stored_version", std::to_string(current->column_int(0)))
                .with("offered_version", std::to_string(board.version));
        }
    }
    auto cleared = database_.execute("DELETE FROM listings");
    if (!cleared)
        return cleared.error();
    auto insert = database_.prepare(
        "INSERT INTO listings (position, id, profile_id, title, industry_id, sub_direction_id, "
        "project_type_id, "
        "mechanism, issuer_name, issuer_kind, problem, targets, bounty_wan, deadline, published_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    std::int64_t position = 0;
    for (const Listing& listing : board.listings) {
        insert->reset();
        insert->bind(1, position++)
            .bind(2, listing.id)
            .bind(3, listing.profile_id)
            .bind(4, listing.title)
            .bind(5, listing.industry_id)
            .bind(6, listing.sub_direction_id)
            .bind(7, listing.project_type_id)
            .bind(8, listing.mechanism)
            .bind(9, listing.issuer_name)
            .bind(10, listing.issuer_kind)
            .bind(11, listing.problem)
            .bind(12, listing.targets)
            .bind(13, listing.bounty_wan)
            .bind(14, listing.deadline)
            .bind(15, listing.published_at);
        auto inserted = insert->run();
        if (!inserted) {
            Error error = inserted.error();
            if (error.code == "store.constraint") {
                return Error("board.duplicate_listing", "listings", "listing id appears twice on the board")
                    .with("listing", listing.id);
            }
            return error;
        }
    }
    auto meta = database_.prepare(
        "INSERT OR REPLACE INTO board (singleton, version, profile_id, hash_hex) VALUES (1, ?, ?, ?)");
    if (!meta)
        return meta.error();
    meta->bind(1, board.version).bind(2, board.profile_id).bind(3, hash);
    auto stored = meta->run();
    if (!stored)
        return stored.error();
    return transaction->commit();
}

// [SECTION] Status updates

Status TerminalStore::apply_status_updates(const std::vector<StatusUpdate>& updates) {
    auto transaction = Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    auto insert = database_.prepare(
        "INSERT OR IGNORE INTO status_updates (sequence, receipt_number, state, reason, updated_at, title, "
        "kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
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
        insert->reset();
        insert->bind(1, update.sequence)
            .bind(2, number->text())
            .bind(3, progress_state_code(update.state))
            .bind(4, update.reason)
            .bind(5, update.updated_at)
            .bind(6, update.title)
            .bind(7, submission_kind_name(update.kind));
        auto inserted = insert->run();
        if (!inserted)
            return inserted.error();
    }
    return transaction->commit();
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

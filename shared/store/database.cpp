// shared/store/database.cpp — RAII SQLite connection, statements, transactions, migrations, typed errors.
// Invariants (besides those numbered in database.hpp; tests cite these as "database.cpp invariant N"):
//  1. open() either returns a connection in WAL mode with the requested synchronous level, foreign keys on,
//     the requested busy timeout, a passing quick_check (IntegrityCheck::AtOpen) and every migration
//     applied — or an Error; never half of it.
//  2. All pending migrations run in ONE BEGIN IMMEDIATE transaction together with the user_version bump, so
//     an upgrade that fails or crashes leaves the store exactly at the version it had before (docs/operations.md,
//     upgrades); the version is read before anything else, so a newer store is refused before a byte changes.
//  3. Every SQLite failure becomes a store.* code (see database.hpp); details carry SQLite's message and the
//     context, never bound values.
//  4. A statement kept by the cache is idle: reset, bindings cleared. It is finalized before the connection
//     closes; a cached Statement destroyed after that finalizes its own.
//
// Index:
//   [SECTION] Error mapping
//   [SECTION] Statement cache
//   [SECTION] Statement
//   [SECTION] Database: open, pragmas, integrity, migrations
//   [SECTION] Transaction
#include "shared/store/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <map>

namespace jiebang::store {

// [SECTION] Error mapping

namespace {

std::string_view code_for_result(int result_code) {
    switch (result_code & 0xff) {
        case SQLITE_FULL:
            return "store.disk_full";
        case SQLITE_READONLY:
            return "store.read_only";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return "store.corrupt";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return "store.busy";
        case SQLITE_IOERR:
            return "store.io";
        case SQLITE_CONSTRAINT:
            return "store.constraint";
        case SQLITE_CANTOPEN:
            return "store.cannot_open";
        default:
            return "store.sql";
    }
}

Error error_for(int result_code, sqlite3* handle, std::string_view context) {
    std::string detail(context);
    detail += ": ";
    detail += handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(result_code);
    detail += " (SQLite " + std::to_string(result_code) + ")";
    return Error(std::string(code_for_result(result_code)), "", std::move(detail))
        .with("sqlite_code", std::to_string(result_code));
}

}  // namespace

Error Database::last_error(std::string_view context) const {
    return error_for(database_ != nullptr ? sqlite3_extended_errcode(database_) : SQLITE_MISUSE, database_,
                     context);
}

// [SECTION] Statement cache

// One idle compiled statement per SQL text (the text SQLite reports for it), at most max_kept texts.
class StatementCache {
  public:
    StatementCache() = default;
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() { close(); }

    // An idle statement for exactly this text, or nullptr.
    sqlite3_stmt* take(std::string_view sql) {
        auto found = idle_.find(sql);
        if (found == idle_.end())
            return nullptr;
        return std::exchange(found->second, nullptr);
    }

    // Resets the statement and clears its bindings, then keeps it, or finalizes it when the connection is
    // closing, its text already has an idle statement, or the cache is full.
    void give_back(sqlite3_stmt* statement) {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        const char* sql = sqlite3_sql(statement);
        if (open_ && sql != nullptr) {
            auto found = idle_.find(std::string_view(sql));
            if (found != idle_.end() && found->second == nullptr) {
                found->second = statement;
                return;
            }
            if (found == idle_.end() && idle_.size() < max_kept) {
                idle_.emplace(sql, statement);
                return;
            }
        }
        sqlite3_finalize(statement);
    }

    // Finalizes every idle statement; statements handed back later are finalized at once.
    void close() {
        for (auto& [sql, statement] : idle_) {
            if (statement != nullptr)
                sqlite3_finalize(statement);
        }
        idle_.clear();
        open_ = false;
    }

  private:
    static constexpr std::size_t max_kept = 64;
    std::map<std::string, sqlite3_stmt*, std::less<>> idle_;  // nullptr: in use by a Statement
    bool open_ = true;
};

// [SECTION] Statement

Statement::Statement(Statement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      cache_(std::move(other.cache_)),
      bind_status_(std::move(other.bind_status_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        release();
        statement_ = std::exchange(other.statement_, nullptr);
        cache_ = std::move(other.cache_);
        bind_status_ = std::move(other.bind_status_);
    }
    return *this;
}

Statement::~Statement() {
    release();
}

void Statement::release() {
    if (statement_ == nullptr)
        return;
    if (cache_ != nullptr)
        cache_->give_back(statement_);
    else
        sqlite3_finalize(statement_);
    statement_ = nullptr;
    cache_.reset();
}

namespace {
void remember_bind_error(Status& status, int result_code, sqlite3_stmt* statement, int index) {
    if (result_code != SQLITE_OK && status.ok()) {
        status = error_for(result_code, sqlite3_db_handle(statement),
                           "binding parameter " + std::to_string(index));
    }
}
}  // namespace

Statement& Statement::bind(int index, std::int64_t value) {
    remember_bind_error(bind_status_, sqlite3_bind_int64(statement_, index, value), statement_, index);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    remember_bind_error(bind_status_, sqlite3_bind_double(statement_, index, value), statement_, index);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    remember_bind_error(
        bind_status_,
        sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        statement_, index);
    return *this;
}

Statement& Statement::bind_blob(int index, const void* bytes, std::size_t size) {
    remember_bind_error(
        bind_status_, sqlite3_bind_blob64(statement_, index, size == 0 ? "" : bytes, size, SQLITE_TRANSIENT),
        statement_, index);
    return *this;
}

Statement& Statement::bind_null(int index) {
    remember_bind_error(bind_status_, sqlite3_bind_null(statement_, index), statement_, index);
    return *this;
}

Result<bool> Statement::step() {
    if (statement_ == nullptr)
        return Error("store.sql", "", "step on an empty statement");
    if (!bind_status_.ok())
        return bind_status_.error();
    const int result_code = sqlite3_step(statement_);
    if (result_code == SQLITE_ROW)
        return true;
    if (result_code == SQLITE_DONE)
        return false;
    const char* sql = sqlite3_sql(statement_);
    std::string context = "running '";
    context += sql != nullptr ? std::string(sql).substr(0, 60) : std::string("?");
    context += "'";
    // sqlite3_step (v2 interface) returns the specific code; the handle has the matching message.
    return error_for(sqlite3_extended_errcode(sqlite3_db_handle(statement_)), sqlite3_db_handle(statement_),
                     context);
}

Status Statement::run() {
    while (true) {
        auto row = step();
        if (!row)
            return row.error();
        if (!row.value())
            return ok_status();
    }
}

void Statement::reset() {
    if (statement_ == nullptr)
        return;
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    bind_status_ = ok_status();
}

std::int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(statement_, column);
}

double Statement::column_double(int column) const {
    return sqlite3_column_double(statement_, column);
}

std::string Statement::column_text(int column) const {
    const auto* text = sqlite3_column_text(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    if (text == nullptr)
        return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::vector<unsigned char> Statement::column_blob(int column) const {
    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(statement_, column));
    const int size = sqlite3_column_bytes(statement_, column);
    if (bytes == nullptr)
        return {};
    return std::vector<unsigned char>(bytes, bytes + size);
}

bool Statement::column_is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

// [SECTION] Database: open, pragmas, integrity, migrations

Database::Database(sqlite3* handle) : database_(handle), cache_(std::make_shared<StatementCache>()) {}

Database::Database(Database&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)), cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        database_ = std::exchange(other.database_, nullptr);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

Database::~Database() {
    close();
}

void Database::close() {
    if (cache_ != nullptr)
        cache_->close();  // statements still held by a caller are finalized when they are destroyed
    cache_.reset();
    if (database_ != nullptr)
        sqlite3_close_v2(database_);  // a zombie until those statements are finalized
    database_ = nullptr;
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* statement = nullptr;
    const int result_code =
        sqlite3_prepare_v2(database_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    if (result_code != SQLITE_OK) {
        if (statement != nullptr)
            sqlite3_finalize(statement);
        return error_for(result_code, database_, "preparing '" + std::string(sql.substr(0, 60)) + "'");
    }
    return Statement(statement, nullptr);
}

Result<Statement> Database::prepare_cached(std::string_view sql) {
    if (cache_ != nullptr) {
        if (sqlite3_stmt* kept = cache_->take(sql); kept != nullptr)
            return Statement(kept, cache_);
    }
    auto statement = prepare(sql);
    if (!statement)
        return statement.error();
    statement->cache_ = cache_;
    return statement;
}

Status Database::execute(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    const int result_code = sqlite3_exec(database_, text.c_str(), nullptr, nullptr, &message);
    if (message != nullptr)
        sqlite3_free(message);
    if (result_code != SQLITE_OK) {
        return error_for(sqlite3_extended_errcode(database_), database_,
                         "executing '" + text.substr(0, 60) + "'");
    }
    return ok_status();
}

int Database::user_version() const {
    sqlite3_stmt* statement = nullptr;
    int version = -1;
    if (sqlite3_prepare_v2(database_, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
        version = sqlite3_column_int(statement, 0);
    }
    sqlite3_finalize(statement);
    return version;
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(database_);
}

int Database::changes() const {
    return sqlite3_changes(database_);
}

namespace {

// Runs a pragma that returns one text row and gives that text.
Result<std::string> pragma_text(Database& database, std::string_view sql) {
    auto statement = database.prepare(sql);
    if (!statement)
        return statement.error();
    auto row = statement->step();
    if (!row)
        return row.error();
    std::string text = row.value() ? statement->column_text(0) : std::string();
    // Drain so the statement holds no read lock.
    while (row.ok() && row.value())
        row = statement->step();
    return text;
}

// Runs an integrity pragma (quick_check or integrity_check, limited to a few findings).
Status scan_for_damage(Database& database, std::string_view pragma, const std::string& file_name) {
    auto statement = database.prepare(pragma);
    if (!statement) {
        Error error = statement.error();
        error.field = file_name;
        return error;
    }
    std::vector<std::string> problems;
    while (true) {
        auto row = statement->step();
        if (!row) {
            Error error = row.error();
            error.field = file_name;
            return error;
        }
        if (!row.value())
            break;
        const std::string line = statement->column_text(0);
        if (line != "ok")
            problems.push_back(line);
    }
    if (!problems.empty()) {
        std::string detail = "the database file failed its integrity check: " + problems.front();
        if (problems.size() > 1)
            detail += " (and " + std::to_string(problems.size() - 1) + " more problems)";
        return Error("store.corrupt", file_name, detail);
    }
    return ok_status();
}

int latest_version(const std::vector<Migration>& migrations) {
    return migrations.empty() ? 0 : migrations.back().version;
}

Error schema_too_new(int current, int latest, const std::string& file_name) {
    return Error("store.schema_too_new", file_name,
                 "the database has schema version " + std::to_string(current) +
                     " but this program knows only " + std::to_string(latest) + "; use a newer program")
        .with("database_version", std::to_string(current))
        .with("program_version", std::to_string(latest));
}

Status apply_migrations(Database& database, const std::vector<Migration>& migrations,
                        const std::string& file_name) {
    int latest = 0;
    for (std::size_t index = 0; index < migrations.size(); ++index) {
        if (migrations[index].version <= latest) {
            return Error("store.sql", file_name, "migrations must have increasing versions above 0");
        }
        latest = migrations[index].version;
    }
    const int current = database.user_version();
    if (current < 0)
        return database.last_error("reading user_version");
    if (current > latest)
        return schema_too_new(current, latest, file_name);
    if (current == latest)
        return ok_status();
    // Every pending migration and the user_version bump in ONE transaction (invariant 2): an upgrade that
    // fails anywhere leaves the store exactly as the older program left it, never between two versions.
    auto transaction = Transaction::begin(database);
    if (!transaction)
        return transaction.error();
    for (const Migration& migration : migrations) {
        if (migration.version <= current)
            continue;
        auto applied = database.execute(migration.sql);
        if (!applied) {
            Error error = applied.error();
            error.detail =
                "migration to version " + std::to_string(migration.version) + " failed: " + error.detail;
            return error.with("database_version", std::to_string(current))
                .with("program_version", std::to_string(latest));
        }
    }
    auto version_set = database.execute("PRAGMA user_version = " + std::to_string(latest));
    if (!version_set)
        return version_set.error();
    return transaction->commit();
}

}  // namespace

Result<Database> Database::open(const std::filesystem::path& file, const std::vector<Migration>& migrations,
                                Durability durability) {
    OpenOptions options;
    options.durability = durability;
    return open(file, migrations, options);
}

Status Database::check_integrity() {
    const char* file = database_ != nullptr ? sqlite3_db_filename(database_, "main") : nullptr;
    return scan_for_damage(*this, "PRAGMA integrity_check(5)", file != nullptr ? file : "");
}

Result<Database> Database::open(const std::filesystem::path& file, const std::vector<Migration>& migrations,
                                OpenOptions options) {
    const std::string file_name = file.string();
    sqlite3* handle = nullptr;
    const int result_code =
        sqlite3_open_v2(file_name.c_str(), &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    Database database(handle);  // closes the handle on every early return
    auto with_file = [&](Error error) {
        error.field = file_name;
        return error;
    };
    if (result_code != SQLITE_OK) {
        return with_file(error_for(result_code, handle, "opening the database"));
    }
    sqlite3_extended_result_codes(handle, 1);
    if (options.busy_timeout_milliseconds < 0) {
        return Error("store.sql", file_name, "the busy timeout cannot be negative");
    }
    sqlite3_busy_timeout(handle, options.busy_timeout_milliseconds);
    if (sqlite3_db_readonly(handle, "main") == 1) {
        return Error(
            "store.read_only", file_name,
            "the database file can only be read (file or file system is read-only); nothing can be saved");
    }
    // The schema version is read before anything is written (not even the switch to WAL): a store made by a
    // newer program is refused while it is byte for byte as that program left it (database.hpp invariant 2).
    // A file that is not a database reads as -1 here and is refused by the next step with its own code.
    if (const int current = database.user_version(); current > latest_version(migrations))
        return schema_too_new(current, latest_version(migrations), file_name);
    // The first read of the header tells a non-database file apart.
    auto journal_mode = pragma_text(database, "PRAGMA journal_mode = WAL");
    if (!journal_mode)
        return with_file(journal_mode.error());
    if (journal_mode.value() != "wal") {
        return Error("store.io", file_name,
                     "the database could not switch to WAL mode (got '" + journal_mode.value() + "')");
    }
    auto synchronous = database.execute(
        options.durability == Durability::Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    if (!synchronous)
        return with_file(synchronous.error());
    auto foreign_keys = database.execute("PRAGMA foreign_keys = ON");
    if (!foreign_keys)
        return with_file(foreign_keys.error());
    if (options.integrity == IntegrityCheck::AtOpen) {
        auto integrity = scan_for_damage(database, "PRAGMA quick_check(5)", file_name);
        if (!integrity)
            return integrity.error();
    } else {
        // Still read the header and the schema (a few pages): a file that is not a database, or whose
        // schema is damaged, is refused here rather than at the first statement.
        auto schema = pragma_text(database, "SELECT count(*) FROM sqlite_schema");
        if (!schema)
            return with_file(schema.error());
    }
    auto migrated = apply_migrations(database, migrations, file_name);
    if (!migrated)
        return with_file(migrated.error());
    return database;
}

// [SECTION] Transaction

Result<Transaction> Transaction::begin(Database& database) {
    auto begun = database.execute("BEGIN IMMEDIATE");
    if (!begun)
        return begun.error();
    return Transaction(&database);
}

Transaction::Transaction(Transaction&& other) noexcept : database_(std::exchange(other.database_, nullptr)) {}

Transaction::~Transaction() {
    if (database_ != nullptr && sqlite3_get_autocommit(database_->handle()) == 0) {
        sqlite3_exec(database_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

Status Transaction::commit() {
    if (database_ == nullptr)
        return Error("store.sql", "", "commit of a transaction that is already finished");
    auto committed = database_->execute("COMMIT");
    if (!committed)
        return committed.error();  // the destructor rolls back what is left
    database_ = nullptr;
    return ok_status();
}

}  // namespace jiebang::store

// shared/store/database.hpp — a thin, typed RAII layer over SQLite.
// Every database Jiebang opens runs in WAL mode with synchronous=FULL, foreign keys on and a busy timeout,
// so a transaction that returned ok is on disk (fsync) before anyone is told it is saved.
// Schema migrations are numbered SQL scripts applied in one transaction each, tracked by PRAGMA user_version;
// a database newer than the program refuses to open (store.schema_too_new) rather than being damaged.
// Errors map SQLite result codes to stable codes: store.disk_full, store.read_only, store.corrupt,
// store.busy, store.io, store.constraint, store.cannot_open, store.schema_too_new, store.sql.
// open() also refuses a file it could only read (store.read_only) and one that is not a database
// (store.corrupt). How far open() looks for damage inside the file is an open option (OpenOptions):
//  - IntegrityCheck::AtOpen (default; the terminal store): PRAGMA quick_check reads every page, and a file
//    that fails it is refused (store.corrupt, detail = SQLite's first finding) before anything is written.
//  - IntegrityCheck::OnDemand (the aggregator, whose store grows without bound): no scan, so opening takes
//    the same time at any size; damage is reported as store.corrupt by the first statement that reaches
//    it, and check_integrity() scans the whole file when asked (jiebang-aggregator --check-store).
// A Database is used by one thread at a time (the connection is opened without SQLite's mutex): give each
// thread its own connection to the same file; BEGIN IMMEDIATE then waits up to the busy timeout (5 s) for
// the other writer before store.busy.
// Statements run often come from prepare_cached(): the connection keeps them compiled, and a cached
// Statement is reset and has its bindings cleared when it is destroyed, so a kept statement never holds a
// read snapshot open and never keeps a bound value (personal data included) after its use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "shared/base/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace jiebang::store {

class Database;
class StatementCache;  // database.cpp: the compiled statements a connection keeps for prepare_cached()

class Statement {
  public:
    Statement() = default;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Parameters are 1-based like SQLite's.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, const void* bytes, std::size_t size);
    Statement& bind_null(int index);

    // Steps once: true while a row is available, false when done; errors as store.* codes.
    Result<bool> step();
    // Runs to completion (for statements returning no rows).
    Status run();
    void reset();

    std::int64_t column_int(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::vector<unsigned char> column_blob(int column) const;
    bool column_is_null(int column) const;

  private:
    friend class Database;
    Statement(sqlite3_stmt* statement, std::shared_ptr<StatementCache> cache)
        : statement_(statement), cache_(std::move(cache)) {}
    void release();  // finalizes, or hands a cached statement back (reset, bindings cleared)
    sqlite3_stmt* statement_ = nullptr;
    std::shared_ptr<StatementCache> cache_;  // set when the statement came from prepare_cached()
    Status bind_status_;                     // first binding error, reported by step()
};

struct Migration {
    int version;      // user_version after this script
    std::string sql;  // one or more statements
};

enum class Durability { Full, Normal };  // Full for anything a person is told is saved

enum class IntegrityCheck { AtOpen, OnDemand };  // see the top of this file

struct OpenOptions {
    Durability durability = Durability::Full;
    IntegrityCheck integrity = IntegrityCheck::AtOpen;
};

class Database {
  public:
    static Result<Database> open(const std::filesystem::path& file, const std::vector<Migration>& migrations,
                                 OpenOptions options);
    // The same with the integrity check at open.
    static Result<Database> open(const std::filesystem::path& file, const std::vector<Migration>& migrations,
                                 Durability durability = Durability::Full);
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    Result<Statement> prepare(std::string_view sql);
    // Like prepare(), but the compiled statement is kept by the connection and reused by the next call with
    // the same text; destroying the Statement resets it and clears its bindings. For SQL text fixed in the
    // code (the text is the key; a bounded number are kept, the rest are finalized as usual). Two Statements
    // with the same text may be alive at once (the second is compiled afresh).
    Result<Statement> prepare_cached(std::string_view sql);
    Status execute(std::string_view sql);  // one or more statements, no results
    // The first column of the first row as an integer, 0 when there is no row or it is NULL: for counts,
    // maxima and cursors. `values` are bound to ?1, ?2, ... (integers, floating point, text). Uses
    // prepare_cached, so the same rule holds: SQL text fixed in the code.
    template <typename... Values>
    Result<std::int64_t> query_int(std::string_view sql, const Values&... values);
    // PRAGMA integrity_check over the whole file (every page, and every index against its table): ok, or
    // store.corrupt with SQLite's first finding (field: the file). Reads everything: seconds on a large file.
    Status check_integrity();
    int user_version() const;
    std::int64_t last_insert_rowid() const;
    int changes() const;
    sqlite3* handle() { return database_; }

    // Maps the current SQLite error to an Error with a stable store.* code.
    Error last_error(std::string_view context) const;

  private:
    explicit Database(sqlite3* handle);
    void close();
    sqlite3* database_ = nullptr;
    std::shared_ptr<StatementCache> cache_;  // shared with cached Statements, which may outlive a move
};

namespace detail {
template <typename Value>
void bind_value(Statement& statement, int index, const Value& value) {
    if constexpr (std::is_integral_v<Value>)
        statement.bind(index, static_cast<std::int64_t>(value));
    else if constexpr (std::is_floating_point_v<Value>)
        statement.bind(index, static_cast<double>(value));
    else
        statement.bind(index, std::string_view(value));
}
}  // namespace detail

template <typename... Values>
Result<std::int64_t> Database::query_int(std::string_view sql, const Values&... values) {
    auto statement = prepare_cached(sql);
    if (!statement)
        return statement.error();
    int index = 0;
    (detail::bind_value(statement.value(), ++index, values), ...);
    auto row = statement->step();
    if (!row)
        return row.error();
    return row.value() ? statement->column_int(0) : std::int64_t{0};
}

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit() succeeded.
class Transaction {
  public:
    static Result<Transaction> begin(Database& database);
    Transaction(Transaction&& other) noexcept;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Status commit();

  private:
    explicit Transaction(Database* database) : database_(database) {}
    Database* database_ = nullptr;
};

}  // namespace jiebang::store

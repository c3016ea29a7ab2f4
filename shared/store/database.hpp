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
// the other writer before store.busy (OpenOptions::busy_timeout_milliseconds; tests shorten it).
// Statements run often come from prepare_cached(): the connection keeps them compiled, and a cached
// Statement is reset and has its bindings cleared when it is destroyed, so a kept statement never holds a
// read snapshot open and never keeps a bound value (personal data included) after its use.
// Most code never steps a statement by hand: execute(sql, values...) runs one statement with values bound
// to ?1, ?2, ...; query_int / query_row / query_rows / for_each_row read rows through a row reader (a
// function of the Statement positioned on the row, returning the row's value, a Result of it, or a Status).
// Invariants (tests cite them as "database.hpp invariant N"):
//  1. A transaction that returned ok is on disk (synchronous=FULL unless Durability::Normal was asked).
//  2. A database newer than the program is refused (store.schema_too_new) and left untouched.
//  3. A statement the cache keeps holds no bound value and no read snapshot once its Statement is gone.
//  4. The row helpers stop at the first error — of a step or of the row reader — and return it unchanged;
//     they never return the rows read before it.
//  5. column_bytes<N>() is strict: a blob of any other size than N is store.corrupt, never padded or cut.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
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
    // A blob of exactly N bytes (hashes, signatures, keys); any other size is store.corrupt (invariant 5).
    template <std::size_t N>
    Result<std::array<unsigned char, N>> column_bytes(int column) const;
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

constexpr int default_busy_timeout_milliseconds = 5000;

struct OpenOptions {
    Durability durability = Durability::Full;
    IntegrityCheck integrity = IntegrityCheck::AtOpen;
    // How long a statement waits for another connection's write lock before store.busy.
    int busy_timeout_milliseconds = default_busy_timeout_milliseconds;
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
    Status execute(std::string_view sql);  // one or more statements, no results, nothing bound
    // The helpers below run ONE statement through prepare_cached (so: SQL text fixed in the code) with
    // `values` bound to ?1, ?2, ...: integers, floating point, text (anything a string_view takes), blobs
    // (std::span<const unsigned char>) and std::nullopt for NULL.
    // Runs a statement that returns no rows (INSERT, UPDATE, DELETE); changes() tells how many rows.
    template <typename First, typename... Values>
    Status execute(std::string_view sql, const First& first, const Values&... values);
    // The first column of the first row as an integer, 0 when there is no row or it is NULL: for counts,
    // maxima and cursors.
    template <typename... Values>
    Result<std::int64_t> query_int(std::string_view sql, const Values&... values);
    // Calls read_row(const Statement&) for each row, in order; it returns void or a Status (an error stops
    // the loop and is returned).
    template <typename RowReader, typename... Values>
    Status for_each_row(std::string_view sql, RowReader&& read_row, const Values&... values);
    // Every row read by read_row(const Statement&), which returns a T or a Result<T>.
    template <typename RowReader, typename... Values>
    auto query_rows(std::string_view sql, RowReader&& read_row, const Values&... values);
    // The first row read by read_row, or nullopt when there is none (further rows are not read).
    template <typename RowReader, typename... Values>
    auto query_row(std::string_view sql, RowReader&& read_row, const Values&... values);
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
inline constexpr bool is_blob_v = std::is_convertible_v<const Value&, std::span<const unsigned char>>;

template <typename Value>
void bind_value(Statement& statement, int index, const Value& value) {
    if constexpr (std::is_same_v<Value, std::nullopt_t>) {
        statement.bind_null(index);
    } else if constexpr (std::is_same_v<Value, bool>) {
        statement.bind(index, static_cast<std::int64_t>(value ? 1 : 0));
    } else if constexpr (std::is_integral_v<Value>) {
        statement.bind(index, static_cast<std::int64_t>(value));
    } else if constexpr (std::is_floating_point_v<Value>) {
        statement.bind(index, static_cast<double>(value));
    } else if constexpr (is_blob_v<Value>) {
        const std::span<const unsigned char> bytes(value);
        statement.bind_blob(index, bytes.data(), bytes.size());
    } else {
        statement.bind(index, std::string_view(value));
    }
}

template <typename... Values>
void bind_values(Statement& statement, const Values&... values) {
    int index = 0;
    (bind_value(statement, ++index, values), ...);
}

template <typename T>
struct is_result : std::false_type {};
template <typename T>
struct is_result<Result<T>> : std::true_type {};

// The plain value of what a row reader returns: T for T and for Result<T>.
template <typename T>
struct unwrapped {
    using type = T;
};
template <typename T>
struct unwrapped<Result<T>> {
    using type = T;
};
template <typename RowReader>
using row_value_t = typename unwrapped<std::invoke_result_t<RowReader&, const Statement&>>::type;

// Reads one row into `out`; an error of a reader that returns a Result is returned.
template <typename RowReader, typename T>
Status read_one(RowReader& read_row, const Statement& row, std::optional<T>& out) {
    if constexpr (is_result<std::invoke_result_t<RowReader&, const Statement&>>::value) {
        auto value = read_row(row);
        if (!value)
            return value.error();
        out.emplace(std::move(value).value());
    } else {
        out.emplace(read_row(row));
    }
    return ok_status();
}

}  // namespace detail

template <std::size_t N>
Result<std::array<unsigned char, N>> Statement::column_bytes(int column) const {
    const std::vector<unsigned char> blob = column_blob(column);
    if (blob.size() != N) {
        return Error("store.corrupt", "",
                     "a stored value has " + std::to_string(blob.size()) + " bytes where " +
                         std::to_string(N) + " belong (column " + std::to_string(column) + ")");
    }
    std::array<unsigned char, N> bytes{};
    std::memcpy(bytes.data(), blob.data(), N);
    return bytes;
}

template <typename First, typename... Values>
Status Database::execute(std::string_view sql, const First& first, const Values&... values) {
    auto statement = prepare_cached(sql);
    if (!statement)
        return statement.error();
    detail::bind_values(statement.value(), first, values...);
    return statement->run();
}

template <typename... Values>
Result<std::int64_t> Database::query_int(std::string_view sql, const Values&... values) {
    auto statement = prepare_cached(sql);
    if (!statement)
        return statement.error();
    detail::bind_values(statement.value(), values...);
    auto row = statement->step();
    if (!row)
        return row.error();
    return row.value() ? statement->column_int(0) : std::int64_t{0};
}

template <typename RowReader, typename... Values>
Status Database::for_each_row(std::string_view sql, RowReader&& read_row, const Values&... values) {
    auto statement = prepare_cached(sql);
    if (!statement)
        return statement.error();
    detail::bind_values(statement.value(), values...);
    while (true) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            return ok_status();
        if constexpr (std::is_same_v<std::invoke_result_t<RowReader&, const Statement&>, Status>) {
            if (Status status = read_row(static_cast<const Statement&>(statement.value())); !status)
                return status;
        } else {
            read_row(static_cast<const Statement&>(statement.value()));
        }
    }
}

template <typename RowReader, typename... Values>
auto Database::query_rows(std::string_view sql, RowReader&& read_row, const Values&... values) {
    using Row = detail::row_value_t<RowReader>;
    std::vector<Row> rows;
    Status status = for_each_row(
        sql,
        [&](const Statement& statement) -> Status {
            std::optional<Row> row;
            if (Status read = detail::read_one(read_row, statement, row); !read)
                return read;
            rows.push_back(std::move(*row));
            return ok_status();
        },
        values...);
    if (!status)
        return Result<std::vector<Row>>(status.error());
    return Result<std::vector<Row>>(std::move(rows));
}

template <typename RowReader, typename... Values>
auto Database::query_row(std::string_view sql, RowReader&& read_row, const Values&... values) {
    using Row = detail::row_value_t<RowReader>;
    using Answer = Result<std::optional<Row>>;
    auto statement = prepare_cached(sql);
    if (!statement)
        return Answer(statement.error());
    detail::bind_values(statement.value(), values...);
    auto stepped = statement->step();
    if (!stepped)
        return Answer(stepped.error());
    std::optional<Row> row;
    if (stepped.value()) {
        if (Status read = detail::read_one(read_row, static_cast<const Statement&>(statement.value()), row);
            !read)
            return Answer(read.error());
    }
    return Answer(std::move(row));
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

// tests/core/test_database.cpp — the SQLite layer on real files: pragmas, migrations by user_version,
// and the typed errors a person would otherwise meet as a silent loss: disk full, read-only file,
// corrupt file (refused at open, or met later and found on request when the check at open is off), a
// database from a newer program, constraint and SQL errors, rollback on scope exit, the statement cache.
#include <doctest/doctest.h>

#include <fstream>
#include <optional>

#include "shared/store/database.hpp"
#include "store_test_support.hpp"
#include "tests/support/damaged_database.hpp"

using namespace jiebang;
using namespace jiebang::store;
namespace support = jiebang::test_support;

namespace {

const std::vector<Migration> version_one = {
    {1, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE);"},
};
const std::vector<Migration> version_two = {
    {1, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE);"},
    {2,
     "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown';"
     "CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes(id), tag TEXT NOT NULL);"},
};

std::int64_t single_integer(Database& database, std::string_view sql) {
    auto statement = database.prepare(sql);
    REQUIRE(statement.ok());
    auto row = statement->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    return statement->column_int(0);
}

std::string single_text(Database& database, std::string_view sql) {
    auto statement = database.prepare(sql);
    REQUIRE(statement.ok());
    auto row = statement->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    return statement->column_text(0);
}

Status insert_note(Database& database, std::string_view body) {
    auto statement = database.prepare("INSERT INTO notes (body) VALUES (?)");
    if (!statement)
        return statement.error();
    statement->bind(1, body);
    return statement->run();
}

// A notes database of `count` rows of about 215 bytes, its write-ahead log moved into the file.
void write_notes(const std::filesystem::path& file, int count) {
    auto database = Database::open(file, version_one);
    REQUIRE(database.ok());
    auto transaction = Transaction::begin(*database);
    REQUIRE(transaction.ok());
    for (int index = 0; index < count; ++index)
        REQUIRE(insert_note(*database, "note number " + std::to_string(index) + std::string(200, 'x')).ok());
    REQUIRE(transaction->commit().ok());
    REQUIRE(database->execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
}

}  // namespace

// checks database.hpp invariant 1 and database.cpp invariant 1
TEST_CASE("open sets WAL, synchronous FULL, foreign keys and applies migrations") {
    support::TemporaryDirectory directory;
    auto database = Database::open(directory / "a.db", version_one);
    REQUIRE(database.ok());
    CHECK(single_text(*database, "PRAGMA journal_mode") == "wal");
    CHECK(single_integer(*database, "PRAGMA synchronous") == 2);  // FULL
    CHECK(single_integer(*database, "PRAGMA foreign_keys") == 1);
    CHECK(single_integer(*database, "PRAGMA busy_timeout") > 0);
    CHECK(database->user_version() == 1);
    auto normal = Database::open(directory / "b.db", version_one, Durability::Normal);
    REQUIRE(normal.ok());
    CHECK(single_integer(*normal, "PRAGMA synchronous") == 1);
}

TEST_CASE("statements bind, step and read every column type") {
    support::TemporaryDirectory directory;
    auto database =
        Database::open(directory / "a.db", {{1, "CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB);"}});
    REQUIRE(database.ok());
    auto insert = database->prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
    REQUIRE(insert.ok());
    const unsigned char bytes[] = {0, 1, 2, 255};
    insert->bind(1, std::int64_t{9007199254740993}).bind(2, 12.5).bind(3, std::string_view("揭榜\0挂帅", 10));
    insert->bind_blob(4, bytes, sizeof bytes);
    REQUIRE(insert->run().ok());
    CHECK(database->changes() == 1);
    CHECK(database->last_insert_rowid() == 1);
    insert->reset();
    insert->bind_null(1).bind_null(2).bind_null(3).bind_null(4);
    REQUIRE(insert->run().ok());
    auto select = database->prepare("SELECT i, d, s, b FROM t ORDER BY rowid");
    REQUIRE(select.ok());
    REQUIRE(select->step().value());
    CHECK(select->column_int(0) == 9007199254740993);
    CHECK(select->column_double(1) == 12.5);
    CHECK(select->column_text(2) == std::string("揭榜\0挂帅", 10));
    CHECK(select->column_blob(3) == std::vector<unsigned char>{0, 1, 2, 255});
    REQUIRE(select->step().value());
    CHECK(select->column_is_null(0));
    CHECK(select->column_text(2).empty());
    CHECK_FALSE(select->step().value());
    auto out_of_range = database->prepare("SELECT ?");
    REQUIRE(out_of_range.ok());
    out_of_range->bind(2, std::int64_t{1});
    CHECK(out_of_range->step().error().code == "store.sql");
}

TEST_CASE("migrations: an old database is migrated in place and keeps its data") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    {
        auto old_database = Database::open(file, version_one);
        REQUIRE(old_database.ok());
        REQUIRE(insert_note(*old_database, "written by version 1").ok());
    }
    auto database = Database::open(file, version_two);
    REQUIRE(database.ok());
    CHECK(database->user_version() == 2);
    CHECK(single_text(*database, "SELECT body || '/' || author FROM notes") ==
          "written by version 1/unknown");
    // Foreign keys are enforced on the migrated schema.
    auto orphan = database->execute("INSERT INTO tags VALUES (999, 'x')");
    REQUIRE_FALSE(orphan.ok());
    CHECK(orphan.error().code == "store.constraint");
}

// checks database.hpp invariant 2
TEST_CASE("migrations: a database newer than the program is refused and left untouched") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    {
        auto database = Database::open(file, version_two);
        REQUIRE(database.ok());
        REQUIRE(insert_note(*database, "kept").ok());
    }
    auto older_program = Database::open(file, version_one);
    REQUIRE_FALSE(older_program.ok());
    CHECK(older_program.error().code == "store.schema_too_new");
    CHECK(older_program.error().field == file.string());
    CHECK(older_program.error().argument("database_version") == "2");
    auto again = Database::open(file, version_two);
    REQUIRE(again.ok());
    CHECK(again->user_version() == 2);
    CHECK(single_text(*again, "SELECT body FROM notes") == "kept");
}

// checks database.cpp invariant 2
TEST_CASE("migrations: a failing migration rolls back whole and keeps the previous version") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    { REQUIRE(Database::open(file, version_two).ok()); }
    std::vector<Migration> broken = version_two;
    broken.push_back({3, "CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);"});
    auto failed = Database::open(file, broken);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == "store.sql");
    CHECK(failed.error().detail.find("version 3") != std::string::npos);
    auto database = Database::open(file, version_two);
    REQUIRE(database.ok());
    CHECK(database->user_version() == 2);
    CHECK(single_integer(*database, "SELECT count(*) FROM sqlite_master WHERE name = 'half'") == 0);
    std::vector<Migration> unordered = {{2, "SELECT 1;"}, {1, "SELECT 1;"}};
    CHECK_FALSE(Database::open(directory / "other.db", unordered).ok());
}

TEST_CASE("a read-only database file is store.read_only and its data survives") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    {
        auto database = Database::open(file, version_one);
        REQUIRE(database.ok());
        REQUIRE(insert_note(*database, "before read-only").ok());
        REQUIRE(database->execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    }
    REQUIRE(support::make_read_only(file));
    auto read_only = Database::open(file, version_one);
    support::make_writable(file);
    REQUIRE_FALSE(read_only.ok());
    CHECK(read_only.error().code == "store.read_only");
    CHECK(read_only.error().field == file.string());
    auto database = Database::open(file, version_one);
    REQUIRE(database.ok());
    CHECK(single_text(*database, "SELECT body FROM notes") == "before read-only");
}

TEST_CASE("a file of garbage is store.corrupt, not an empty new database") {
    support::TemporaryDirectory directory;
    const auto file = directory / "garbage.db";
    {
        std::ofstream out(file, std::ios::binary);
        for (int index = 0; index < 8192; ++index)
            out.put(static_cast<char>((index * 131 + 7) % 251));
    }
    auto database = Database::open(file, version_one);
    REQUIRE_FALSE(database.ok());
    CHECK(database.error().code == "store.corrupt");
    CHECK(std::filesystem::file_size(file) == 8192);  // nothing overwritten
}

TEST_CASE("a damaged page inside a real database fails the integrity check at open") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    write_notes(file, 400);
    REQUIRE(std::filesystem::file_size(file) > 10 * 4096);
    support::damage_page(file, 6);
    auto database = Database::open(file, version_one);
    REQUIRE_FALSE(database.ok());
    CHECK(database.error().code == "store.corrupt");
    CHECK_FALSE(database.error().detail.empty());
}

TEST_CASE("without the check at open a damaged page is reported by the read that meets it and on request") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    write_notes(file, 400);
    const std::int64_t page = support::leaf_page_of(file, "notes", 10);
    REQUIRE(page > 0);
    support::damage_page(file, page);

    auto checked_at_open = Database::open(file, version_one);  // the default: IntegrityCheck::AtOpen
    REQUIRE_FALSE(checked_at_open.ok());
    CHECK(checked_at_open.error().code == "store.corrupt");

    auto database =
        Database::open(file, version_one, OpenOptions{Durability::Full, IntegrityCheck::OnDemand});
    REQUIRE_MESSAGE(database.ok(), database.error().code << " " << database.error().detail);
    CHECK(single_text(*database, "SELECT substr(body, 1, 13) FROM notes WHERE id = 1") == "note number 0");
    auto scan = database->prepare("SELECT count(*) FROM notes NOT INDEXED WHERE length(body) > 0");
    REQUIRE(scan.ok());
    auto row = scan->step();
    REQUIRE_FALSE(row.ok());
    CHECK(row.error().code == "store.corrupt");

    auto checked = database->check_integrity();
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.error().code == "store.corrupt");
    CHECK(checked.error().field == file.string());
    CHECK_FALSE(checked.error().detail.empty());
}

TEST_CASE("a sound database passes check_integrity whichever way it was opened") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    {
        auto database = Database::open(file, version_one);
        REQUIRE(database.ok());
        REQUIRE(insert_note(*database, "sound").ok());
        CHECK(database->check_integrity().ok());
    }
    auto database =
        Database::open(file, version_one, OpenOptions{Durability::Full, IntegrityCheck::OnDemand});
    REQUIRE(database.ok());
    CHECK(database->check_integrity().ok());
    CHECK(single_text(*database, "SELECT body FROM notes") == "sound");
}

TEST_CASE("a file of garbage is refused at open even without the integrity check") {
    support::TemporaryDirectory directory;
    const auto file = directory / "garbage.db";
    { std::ofstream(file, std::ios::binary) << std::string(8192, '\x7f'); }
    auto database =
        Database::open(file, version_one, OpenOptions{Durability::Full, IntegrityCheck::OnDemand});
    REQUIRE_FALSE(database.ok());
    CHECK(database.error().code == "store.corrupt");
    CHECK(std::filesystem::file_size(file) == 8192);
}

TEST_CASE("a full disk is store.disk_full and the failed transaction leaves nothing behind") {
    support::TemporaryDirectory directory;
    auto database = Database::open(directory / "notes.db", version_one);
    REQUIRE(database.ok());
    REQUIRE(insert_note(*database, "first").ok());
    const auto pages = single_integer(*database, "PRAGMA page_count");
    REQUIRE(database->execute("PRAGMA max_page_count = " + std::to_string(pages + 2)).ok());
    Status failure;
    {
        auto transaction = Transaction::begin(*database);
        REQUIRE(transaction.ok());
        for (int index = 0; index < 200 && failure.ok(); ++index) {
            failure = insert_note(*database, std::to_string(index) + std::string(3000, 'y'));
        }
        REQUIRE_FALSE(failure.ok());
    }  // rolled back here
    CHECK(failure.error().code == "store.disk_full");
    CHECK(single_integer(*database, "SELECT count(*) FROM notes") == 1);
    REQUIRE(database->execute("PRAGMA max_page_count = 1000000").ok());
    CHECK(insert_note(*database, "after space came back").ok());
}

// checks database.cpp invariant 3
TEST_CASE("constraint, SQL and cannot-open errors have their own codes") {
    support::TemporaryDirectory directory;
    auto database = Database::open(directory / "notes.db", version_one);
    REQUIRE(database.ok());
    REQUIRE(insert_note(*database, "unique").ok());
    auto duplicate = insert_note(*database, "unique");
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().code == "store.constraint");
    auto bad_sql = database->prepare("SELEC nothing");
    REQUIRE_FALSE(bad_sql.ok());
    CHECK(bad_sql.error().code == "store.sql");
    CHECK(database->execute("INSERT INTO missing VALUES (1)").error().code == "store.sql");
    auto missing_folder = Database::open(directory / "no" / "such" / "folder.db", version_one);
    REQUIRE_FALSE(missing_folder.ok());
    CHECK(missing_folder.error().code == "store.cannot_open");
}

TEST_CASE("a transaction rolls back unless committed, and a second connection waits then sees it") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    auto database = Database::open(file, version_one);
    REQUIRE(database.ok());
    {
        auto transaction = Transaction::begin(*database);
        REQUIRE(transaction.ok());
        REQUIRE(insert_note(*database, "abandoned").ok());
    }
    CHECK(single_integer(*database, "SELECT count(*) FROM notes") == 0);
    {
        auto transaction = Transaction::begin(*database);
        REQUIRE(transaction.ok());
        REQUIRE(insert_note(*database, "kept").ok());
        REQUIRE(transaction->commit().ok());
        CHECK_FALSE(transaction->commit().ok());
    }
    auto second = Database::open(file, version_one);
    REQUIRE(second.ok());
    CHECK(single_text(*second, "SELECT body FROM notes") == "kept");
}

// checks database.hpp invariant 3 and database.cpp invariant 4
TEST_CASE("a cached statement is reused, yet after use it holds no snapshot and keeps no bound value") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    auto database = Database::open(file, version_one);
    REQUIRE(database.ok());
    REQUIRE(insert_note(*database, "first").ok());
    REQUIRE(insert_note(*database, "second").ok());
    {
        // Left with a row still to read: an uncached statement in this state would pin a read snapshot.
        auto listing = database->prepare_cached("SELECT body FROM notes ORDER BY id");
        REQUIRE(listing.ok());
        auto row = listing->step();
        REQUIRE(row.ok());
        CHECK(row.value());
        CHECK(listing->column_text(0) == "first");
    }
    auto writer = Database::open(file, version_one);
    REQUIRE(writer.ok());
    REQUIRE(insert_note(*writer, "third, from another connection").ok());
    // A full checkpoint succeeds only when no connection still reads an older snapshot.
    auto checkpoint = writer->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    REQUIRE(checkpoint.ok());
    REQUIRE(checkpoint->step().ok());
    CHECK(checkpoint->column_int(0) == 0);  // 0: not blocked
    {
        auto listing = database->prepare_cached("SELECT body FROM notes ORDER BY id");
        REQUIRE(listing.ok());
        int rows = 0;
        for (auto row = listing->step(); row.ok() && row.value(); row = listing->step())
            rows++;
        CHECK(rows == 3);
    }

    {
        auto echo = database->prepare_cached("SELECT ?1");
        REQUIRE(echo.ok());
        echo->bind(1, std::string_view("13800138000"));
        REQUIRE(echo->step().ok());
        CHECK(echo->column_text(0) == "13800138000");
    }
    auto again = database->prepare_cached("SELECT ?1");
    REQUIRE(again.ok());
    auto second_copy = database->prepare_cached("SELECT ?1");  // same text while the first is in use
    REQUIRE(second_copy.ok());
    second_copy->bind(1, std::int64_t{7});
    REQUIRE(again->step().ok());
    CHECK(again->column_is_null(0));  // the earlier value was cleared, not carried over
    REQUIRE(second_copy->step().ok());
    CHECK(second_copy->column_int(0) == 7);
}

// checks database.cpp invariant 4
TEST_CASE("a cached statement destroyed after its connection closed is finalized without harm") {
    support::TemporaryDirectory directory;
    std::optional<Statement> survivor;
    {
        auto database = Database::open(directory / "notes.db", version_one);
        REQUIRE(database.ok());
        auto moved = std::move(database.value());  // the cache follows the connection
        auto statement = moved.prepare_cached("SELECT count(*) FROM notes");
        REQUIRE(statement.ok());
        REQUIRE(statement->step().ok());
        survivor.emplace(std::move(statement.value()));
    }
    survivor.reset();
    auto reopened = Database::open(directory / "notes.db", version_one);
    REQUIRE(reopened.ok());
    CHECK(single_integer(*reopened, "SELECT count(*) FROM notes") == 0);
}

TEST_CASE(
    "query_int gives the first integer of a query, 0 for no row or NULL, and binds its values in order") {
    support::TemporaryDirectory directory;
    auto database = Database::open(directory / "notes.db", version_one);
    REQUIRE(database.ok());
    REQUIRE(insert_note(*database, "alpha").ok());
    REQUIRE(insert_note(*database, "beta").ok());

    auto count = database->query_int("SELECT count(*) FROM notes");
    REQUIRE(count.ok());
    CHECK(count.value() == 2);
    auto by_body = database->query_int("SELECT id FROM notes WHERE body = ?1", std::string("beta"));
    REQUIRE(by_body.ok());
    CHECK(by_body.value() == 2);
    auto mixed = database->query_int("SELECT count(*) FROM notes WHERE id >= ?1 AND body <> ?2", 1,
                                     std::string_view("alpha"));
    REQUIRE(mixed.ok());
    CHECK(mixed.value() == 1);
    auto none = database->query_int("SELECT id FROM notes WHERE body = ?1", "gamma");
    REQUIRE(none.ok());
    CHECK(none.value() == 0);
    auto null = database->query_int("SELECT max(id) FROM notes WHERE body = 'gamma'");
    REQUIRE(null.ok());
    CHECK(null.value() == 0);

    auto wrong = database->query_int("SELECT count(*) FROM no_such_table");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == "store.sql");
}

// checks database.hpp invariant 4
TEST_CASE("row helpers: execute binds every value type, query_row and query_rows read through a reader") {
    support::TemporaryDirectory directory;
    auto database = Database::open(
        directory / "values.db",
        {{1,
          "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, digest BLOB, flag INTEGER)"}});
    REQUIRE(database.ok());
    const std::array<unsigned char, 4> digest = {1, 2, 0, 255};
    REQUIRE(database
                ->execute("INSERT INTO items (id, name, price, digest, flag) VALUES (?1, ?2, ?3, ?4, ?5)", 7,
                          std::string("螺丝"), 2.5, std::span<const unsigned char>(digest), true)
                .ok());
    REQUIRE(database
                ->execute("INSERT INTO items (id, name, price, digest, flag) VALUES (?1, ?2, ?3, ?4, ?5)",
                          std::int64_t{8}, std::string_view("nut"), 0.25, std::nullopt, false)
                .ok());
    CHECK(database->changes() == 1);

    struct Item {
        std::int64_t id;
        std::string name;
        double price;
        bool has_digest;
        std::int64_t flag;
    };
    const auto read_item = [](const Statement& row) {
        return Item{row.column_int(0), row.column_text(1), row.column_double(2), !row.column_is_null(3),
                    row.column_int(4)};
    };
    auto items =
        database->query_rows("SELECT id, name, price, digest, flag FROM items ORDER BY id", read_item);
    REQUIRE(items.ok());
    REQUIRE(items->size() == 2);
    CHECK((*items)[0].name == "螺丝");
    CHECK((*items)[0].price == 2.5);
    CHECK((*items)[0].has_digest);
    CHECK((*items)[0].flag == 1);
    CHECK((*items)[1].id == 8);
    CHECK_FALSE((*items)[1].has_digest);
    CHECK((*items)[1].flag == 0);

    auto one =
        database->query_row("SELECT id, name, price, digest, flag FROM items WHERE id = ?1", read_item, 7);
    REQUIRE(one.ok());
    REQUIRE(one->has_value());
    CHECK((*one)->name == "螺丝");
    auto none =
        database->query_row("SELECT id, name, price, digest, flag FROM items WHERE id = ?1", read_item, 9);
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
    CHECK(database->query_int("SELECT count(*) FROM items WHERE price > ?1", 1.0).value() == 1);

    // A reader returning a Result stops the rows at its first error, which comes back unchanged.
    int calls = 0;
    auto failing =
        database->query_rows("SELECT id FROM items ORDER BY id", [&](const Statement& row) -> Result<int> {
            ++calls;
            if (row.column_int(0) == 7)
                return Error("test.reader", "id", "row seven").with("row", "7");
            return static_cast<int>(row.column_int(0));
        });
    REQUIRE_FALSE(failing.ok());
    CHECK(failing.error().code == "test.reader");
    CHECK(failing.error().argument("row") == "7");
    CHECK(calls == 1);

    // for_each_row with a Status reader stops the same way; a plain reader sees every row.
    std::vector<std::int64_t> seen;
    CHECK(database
              ->for_each_row("SELECT id FROM items ORDER BY id",
                             [&](const Statement& row) { seen.push_back(row.column_int(0)); })
              .ok());
    CHECK(seen == std::vector<std::int64_t>{7, 8});
    Status stopped = database->for_each_row(
        "SELECT id FROM items ORDER BY id",
        [&](const Statement&) -> Status { return Error("test.stop", "", "stop at once"); });
    CHECK(stopped.error().code == "test.stop");

    // SQL errors of the helpers are the store.* codes.
    CHECK(database->execute("INSERT INTO items (id) VALUES (?1)", 7).error().code == "store.constraint");
    CHECK(database->query_rows("SELECT nothing FROM nowhere", read_item).error().code == "store.sql");
}

// checks database.hpp invariant 5
TEST_CASE("row helpers: column_bytes takes a blob of exactly its size, anything else is store.corrupt") {
    support::TemporaryDirectory directory;
    auto database =
        Database::open(directory / "blobs.db", {{1, "CREATE TABLE blobs (id INTEGER, bytes BLOB)"}});
    REQUIRE(database.ok());
    const std::vector<unsigned char> four = {9, 8, 7, 6};
    const std::vector<unsigned char> three = {9, 8, 7};
    const std::vector<unsigned char> five = {9, 8, 7, 6, 5};
    REQUIRE(
        database->execute("INSERT INTO blobs VALUES (1, ?1), (2, ?2), (3, ?3), (4, NULL)", four, three, five)
            .ok());
    const auto bytes_of = [&](int id) {
        return database->query_row(
            "SELECT bytes FROM blobs WHERE id = ?1",
            [](const Statement& row) { return row.column_bytes<4>(0); }, id);
    };
    auto exact = bytes_of(1);
    REQUIRE(exact.ok());
    CHECK(**exact == std::array<unsigned char, 4>{9, 8, 7, 6});
    for (int id : {2, 3, 4}) {
        CAPTURE(id);
        auto wrong = bytes_of(id);
        REQUIRE_FALSE(wrong.ok());
        CHECK(wrong.error().code == "store.corrupt");
    }
}

namespace {

Result<int> half_of(int number) {
    if (number % 2 != 0)
        return Error("test.odd", "number", "odd").with("number", std::to_string(number));
    return number / 2;
}

// Three uses of the macros: a Status, a value into a declaration, a value into an existing variable.
Result<int> quarter_of(int number, int& evaluations) {
    JIEBANG_TRY(Status(++evaluations > 0 ? ok_status() : Status(Error("test.never", ""))));
    JIEBANG_TRY_ASSIGN(const int half, half_of(number));
    int quarter = 0;
    JIEBANG_TRY_ASSIGN(quarter, half_of(half));
    return quarter;
}

}  // namespace

// checks result.hpp invariant 3
TEST_CASE("JIEBANG_TRY and JIEBANG_TRY_ASSIGN evaluate once and return the error unchanged") {
    int evaluations = 0;
    CHECK(quarter_of(12, evaluations).value() == 3);
    CHECK(evaluations == 1);
    const auto odd = quarter_of(6, evaluations);  // 6 / 2 = 3 is odd: the second half_of fails
    REQUIRE_FALSE(odd.ok());
    CHECK(odd.error().code == "test.odd");
    CHECK(odd.error().field == "number");
    CHECK(odd.error().detail == "odd");
    CHECK(odd.error().argument("number") == "3");
    CHECK(evaluations == 2);
}

// checks database.cpp invariant 1
TEST_CASE("the busy timeout is an open option, so a blocked writer gives store.busy when the caller says") {
    support::TemporaryDirectory directory;
    const auto file = directory / "notes.db";
    OpenOptions quick;
    quick.busy_timeout_milliseconds = 50;
    auto blocker = Database::open(file, version_one);
    REQUIRE(blocker.ok());
    CHECK(single_integer(*blocker, "PRAGMA busy_timeout") == default_busy_timeout_milliseconds);
    auto waiting = Database::open(file, version_one, quick);
    REQUIRE(waiting.ok());
    CHECK(single_integer(*waiting, "PRAGMA busy_timeout") == 50);
    auto held = Transaction::begin(*blocker);
    REQUIRE(held.ok());
    auto blocked = Transaction::begin(*waiting);
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().code == "store.busy");
    OpenOptions negative;
    negative.busy_timeout_milliseconds = -1;
    CHECK(Database::open(file, version_one, negative).error().code == "store.sql");
}

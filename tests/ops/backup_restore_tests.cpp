// tests/ops/backup_restore_tests.cpp — backups of the aggregator's store and the restore drill (issue 16 item 3,
// docs/operations.md "Backups and the restore drill"), with real processes: jiebang-aggregator, terminals'
// jiebang-sync-agent on loopback, real SQLite files. Checks backup.hpp invariants 1-4 and the drill: every
// receipted submission is present exactly once after a restore and the terminals' re-sends.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <map>

#include "sync/aggregator/backup.hpp"
#include "tests/ops/ops_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;
using jiebang::ops::test::aggregator_command;
using jiebang::ops::test::file_digest;

namespace {

std::vector<BackupFile> backups_in(const std::filesystem::path& folder) {
    auto backups = list_backups(folder);
    REQUIRE(backups.ok());
    return backups.value();
}

std::string quick_check(const std::filesystem::path& file) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    std::string answer = "no answer";
    if (sqlite3_prepare_v2(handle, "PRAGMA quick_check", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
        answer = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    sqlite3_close_v2(handle);
    return answer;
}

// Every submission committed by the terminals, by id, with its content hash.
using Committed = std::map<std::string, ContentHash>;

void commit_demands(Terminal& terminal, int count, const std::string& label, Committed& committed) {
    for (int index = 0; index < count; ++index) {
        auto made = terminal.commit(Terminal::demand(label + " " + std::to_string(index)));
        committed[made.submission.id] = made.receipt.content_hash;
    }
}

bool all_acknowledged(Terminal& terminal, std::int64_t expected) {
    const auto counts = terminal.counts();
    return counts.pending == 0 && counts.acknowledged == expected;
}

}  // namespace

// checks backup.hpp invariants 1, 2 and 4; docs/operations.md "Backups and the restore drill"
TEST_CASE(
    "restore drill: ingest, back up online, keep ingesting, lose the store, restore, terminals re-send") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal first(temp, 21);
    Terminal second(temp, 22);
    first.enroll(aggregator);
    second.enroll(aggregator);
    aggregator.start();
    const std::filesystem::path data_dir = aggregator.store_file().parent_path();
    const std::filesystem::path backup_folder = temp / "backups";

    Committed committed;
    commit_demands(first, 3, "before backup A", committed);
    commit_demands(second, 3, "before backup B", committed);
    first.start_agent(aggregator);
    second.start_agent(aggregator);
    REQUIRE(wait_until([&] { return all_acknowledged(first, 3) && all_acknowledged(second, 3); }, 60));

    // An online backup while the daemon runs (its own process, its own connection).
    auto backed_up = aggregator_command(
        {"--data-dir", data_dir.string(), "--backup-dir", backup_folder.string(), "--backup-now"});
    REQUIRE_MESSAGE(backed_up.exit_code == 0, backed_up.output);
    const auto backups = backups_in(backup_folder);
    REQUIRE(backups.size() == 1);
    const std::filesystem::path backup = backups.front().path;
    CHECK((std::filesystem::status(backup).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(quick_check(backup) == "ok");
    for (const auto& entry : std::filesystem::directory_iterator(backup_folder))  // no partial file left
        CHECK(entry.path().filename().string().find("partial") == std::string::npos);

    // Ingest goes on after the backup: these are acknowledged by the county but not in the backup.
    commit_demands(first, 2, "after backup A", committed);
    commit_demands(second, 2, "after backup B", committed);
    REQUIRE(wait_until([&] { return all_acknowledged(first, 5) && all_acknowledged(second, 5); }, 60));
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 10);

    // A restore is refused while the daemon holds the store, and changes nothing.
    const auto store_digest = file_digest(aggregator.store_file());
    auto refused = aggregator_command({"--data-dir", data_dir.string(), "--restore", backup.string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("backup.store_in_use") != std::string::npos);
    CHECK(file_digest(aggregator.store_file()) == store_digest);
    CHECK(aggregator.process().running());

    // The county's disk dies: the daemon is gone, and so is its store.
    aggregator.process().kill_hard();
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(aggregator.store().append(suffix));
    // Terminals keep taking submissions while the county is down.
    commit_demands(first, 1, "during outage A", committed);
    commit_demands(second, 1, "during outage B", committed);

    auto restored = aggregator_command({"--data-dir", data_dir.string(), "--restore", backup.string()});
    REQUIRE_MESSAGE(restored.exit_code == 0, restored.output);
    CHECK(restored.output.find("6 submissions") != std::string::npos);
    CHECK(quick_check(backup) == "ok");  // the backup itself is untouched and still whole
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 6);

    // Back up: the terminals reconnect, find the county lacks what it acknowledged, and send it again.
    aggregator.start();
    const bool complete = wait_until(
        [&] {
            return all_acknowledged(first, 6) && all_acknowledged(second, 6) &&
                   aggregator.count("SELECT count(*) FROM submissions") == 12;
        },
        120);
    REQUIRE_MESSAGE(complete, "stored " << aggregator.count("SELECT count(*) FROM submissions")
                                        << "; pending " << first.counts().pending << "/"
                                        << second.counts().pending << "\naggregator log:\n"
                                        << aggregator.log() << "\nagent log:\n"
                                        << first.agent_log());
    // Exactly once each, with the content the terminal receipted.
    auto store = AggregatorStore::open(aggregator.store_file());
    REQUIRE(store.ok());
    CHECK(store->database().query_int("SELECT count(DISTINCT submission_id) FROM submissions").value() == 12);
    CHECK(store->database().query_int("SELECT count(DISTINCT receipt_number) FROM submissions").value() ==
          12);
    for (const auto& [submission_id, hash] : committed) {
        auto found = store->find(submission_id);
        REQUIRE(found.ok());
        REQUIRE_MESSAGE(found->has_value(), "missing after the drill: " << submission_id);
        CHECK((**found).content_hash == hash);
    }
    CHECK(store->setting("restored_from").value() == backup.filename().string());
    // The agents re-sent because the county had lost acknowledged items, and end the re-send once a page comes
    // back empty (after the last page's ACKs, so possibly just after the store holds all 12).
    CHECK(wait_until(
        [&] {
            return !first.open_store().resend_in_progress().value() &&
                   !second.open_store().resend_in_progress().value();
        },
        60));
    // The logs name ids, codes and counts only: no applicant's mobile number, no project name.
    for (const std::string& log : {aggregator.log(), first.agent_log(), second.agent_log()}) {
        CHECK(log.find("13800138000") == std::string::npos);
        CHECK(log.find("before backup") == std::string::npos);
        CHECK(log.find("during outage") == std::string::npos);
    }
}

// checks backup.hpp invariant 4
TEST_CASE(
    "restore refuses a damaged backup and a database that is not a store, and keeps the store as it is") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 23);
    terminal.enroll(aggregator);  // the store has content: one node and its audit entry
    const std::filesystem::path data_dir = aggregator.store_file().parent_path();
    const std::filesystem::path backup_folder = temp / "backups";
    auto backed_up = aggregator_command(
        {"--data-dir", data_dir.string(), "--backup-dir", backup_folder.string(), "--backup-now"});
    REQUIRE_MESSAGE(backed_up.exit_code == 0, backed_up.output);
    const std::filesystem::path good = backups_in(backup_folder).front().path;
    const auto store_digest = file_digest(aggregator.store_file());

    // A backup with one damaged page: the root page of the nodes table, which holds the enrolled terminal (the
    // last page of the file may be an empty table's, where garbage past its header is never read).
    const std::filesystem::path damaged = temp / "damaged.sqlite";
    std::filesystem::copy_file(good, damaged);
    std::int64_t nodes_page = 0;
    std::int64_t page_size = 0;
    {
        sqlite3* database = nullptr;
        REQUIRE(sqlite3_open_v2(good.c_str(), &database, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(database,
                                   "SELECT (SELECT rootpage FROM sqlite_schema WHERE name = 'nodes'), "
                                   "(SELECT page_size FROM pragma_page_size)",
                                   -1, &statement, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
        nodes_page = sqlite3_column_int64(statement, 0);
        page_size = sqlite3_column_int64(statement, 1);
        sqlite3_finalize(statement);
        sqlite3_close(database);
    }
    REQUIRE(nodes_page > 1);
    REQUIRE(page_size >= 4096);
    {
        std::fstream file(damaged, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>((nodes_page - 1) * page_size + 8));
        const std::string garbage(2000, '\x5a');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    auto refused = aggregator_command({"--data-dir", data_dir.string(), "--restore", damaged.string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("backup.check") != std::string::npos);
    CHECK(refused.output.find("nothing was changed") != std::string::npos);
    CHECK(file_digest(aggregator.store_file()) == store_digest);

    // A sound database that is not an aggregator's store (a terminal's).
    const std::filesystem::path terminal_store = temp / "terminal-23.sqlite";
    auto not_a_store =
        aggregator_command({"--data-dir", data_dir.string(), "--restore", terminal_store.string()});
    CHECK(not_a_store.exit_code == 1);
    CHECK(not_a_store.output.find("backup.not_a_store") != std::string::npos);
    CHECK(file_digest(aggregator.store_file()) == store_digest);

    // A missing file.
    auto missing =
        aggregator_command({"--data-dir", data_dir.string(), "--restore", (temp / "none").string()});
    CHECK(missing.exit_code == 1);
    CHECK(missing.output.find("backup.missing") != std::string::npos);
    CHECK(file_digest(aggregator.store_file()) == store_digest);
    // Nothing was left behind by the refusals.
    CHECK_FALSE(std::filesystem::exists(aggregator.store() + ".restoring"));

    // The good backup replaces the store, which is kept aside whole.
    auto restored = aggregator_command({"--data-dir", data_dir.string(), "--restore", good.string()});
    REQUIRE_MESSAGE(restored.exit_code == 0, restored.output);
    int kept = 0;
    for (const auto& entry : std::filesystem::directory_iterator(data_dir)) {
        if (entry.path().filename().string().rfind("aggregator.sqlite.replaced-", 0) == 0 &&
            entry.path().filename().string().find("-wal") == std::string::npos &&
            entry.path().filename().string().find("-shm") == std::string::npos) {
            kept++;
            CHECK(file_digest(entry.path()) == store_digest);
        }
    }
    CHECK(kept == 1);
    CHECK(aggregator.count("SELECT count(*) FROM nodes") == 1);
}

// checks backup.hpp invariants 1-3
TEST_CASE("the daemon writes scheduled backups and prunes old ones, never the newest nor other files") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    const std::filesystem::path backup_folder = temp / "backups";
    std::filesystem::create_directories(backup_folder);
    // Old backups (by their names) and a file that is not a backup.
    for (const char* name : {"aggregator-20200101T000000Z.sqlite", "aggregator-20200102T000000Z.sqlite"})
        std::ofstream(backup_folder / name) << "old";
    std::ofstream(backup_folder / "notes.txt") << "an operator's file";

    aggregator.start({"--backup-dir", backup_folder.string(), "--backup-keep-days", "14"});
    REQUIRE(aggregator.process().running());
    // The newest backup is older than the interval (a day): one is written at start, then the old ones go.
    REQUIRE(wait_until([&] { return backups_in(backup_folder).size() == 1; }, 60));
    const auto backups = backups_in(backup_folder);
    CHECK(backups.front().taken_at > 1700000000);
    CHECK(quick_check(backups.front().path) == "ok");
    CHECK(std::filesystem::exists(backup_folder / "notes.txt"));
    CHECK(aggregator.process().stop() == 0);
    CHECK(aggregator.log().find("backup written: " + backups.front().path.filename().string()) !=
          std::string::npos);

    // Pruning keeps the newest even when it is older than the limit.
    const std::filesystem::path lonely = temp / "lonely";
    std::filesystem::create_directories(lonely);
    std::ofstream(lonely / "aggregator-20200101T000000Z.sqlite") << "old";
    std::ofstream(lonely / "aggregator-20190101T000000Z.sqlite") << "older";
    auto pruned = prune_backups(lonely, 14, 1800000000);
    REQUIRE(pruned.ok());
    CHECK(pruned.value() == 1);
    CHECK(std::filesystem::exists(lonely / "aggregator-20200101T000000Z.sqlite"));
}

TEST_CASE("a second daemon on the same data folder is refused while the first runs") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    aggregator.start();
    REQUIRE(aggregator.process().running());
    auto second = aggregator_command(
        {"--data-dir", aggregator.store_file().parent_path().string(), "--listen", "tcp://127.0.0.1:*"});
    CHECK(second.exit_code == 1);
    CHECK(second.output.find("backup.store_in_use") != std::string::npos);
    CHECK(aggregator.process().running());
}

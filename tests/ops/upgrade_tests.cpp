// tests/ops/upgrade_tests.cpp — upgrades keep every store (issue 16 item 4; docs/operations.md "Upgrades"):
// the stores an earlier build made (tests/fixtures/stores/, written by make_store_fixtures.cpp) open with this
// build, migrate forward in one transaction and keep what they held; a store newer than this build is refused
// with store.schema_too_new (lifecycle.schema_too_new for lifecycle tables) and left byte for byte unchanged;
// and peers one protocol version apart get the answers docs/protocol.md section 4 names.
// Checks database.hpp invariant 2 and database.cpp invariant 2.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <regex>

#include "shared/lifecycle/lifecycle_store.hpp"
#include "shared/store/terminal_store.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "tests/ops/ops_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;
using jiebang::ops::test::file_digest;

namespace {

const std::filesystem::path fixtures_folder = JIEBANG_STORE_FIXTURES_DIR;

// The fixtures of one kind ("terminal", "aggregator", "project-lifecycle") by schema version.
std::map<int, std::filesystem::path> fixtures_of(const std::string& kind) {
    std::map<int, std::filesystem::path> found;
    const std::regex name(kind + "-v([0-9]+)\\.sqlite");
    for (const auto& entry : std::filesystem::directory_iterator(fixtures_folder)) {
        std::smatch match;
        const std::string file_name = entry.path().filename().string();
        if (std::regex_match(file_name, match, name))
            found[std::stoi(match[1].str())] = entry.path();
    }
    return found;
}

// A copy of a fixture in `temp` (the fixture in the repository is never opened for writing).
std::filesystem::path copy_of(const TempDir& temp, const std::filesystem::path& fixture) {
    const auto copy = temp / fixture.filename().string();
    std::filesystem::copy_file(fixture, copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(copy,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return copy;
}

int raw_user_version(const std::filesystem::path& file) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    int version = -1;
    if (sqlite3_prepare_v2(handle, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
        version = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close_v2(handle);
    return version;
}

// Sets user_version as a newer program would have left it (then closes: the WAL is checkpointed away).
void make_newer(const std::filesystem::path& file, int version) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(handle, ("PRAGMA user_version = " + std::to_string(version)).c_str(), nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    sqlite3_close_v2(handle);
}

int latest_migration(const std::vector<store::Migration>& migrations) {
    return migrations.back().version;
}

bool hash_matches_content(const std::string& canonical, const ContentHash& hash) {
    return content_hash_of_encoding(canonical) == hash;
}

}  // namespace

TEST_CASE("upgrade: every terminal store fixture opens, migrates to this build's schema and keeps its data") {
    const auto fixtures = fixtures_of("terminal");
    REQUIRE_FALSE(fixtures.empty());
    for (const auto& [version, fixture] : fixtures) {
        CAPTURE(fixture.filename().string());
        TempDir temp;
        const auto file = copy_of(temp, fixture);
        CHECK(raw_user_version(file) == version);
        auto store = store::TerminalStore::open(file);
        REQUIRE_MESSAGE(store.ok(), store.error().code << " " << store.error().detail);
        const int current = store->database().user_version();
        CHECK(current >= version);
        auto identity = store->identity();
        REQUIRE(identity.ok());
        REQUIRE(identity->has_value());
        CHECK((**identity).terminal_id == "440703-007");
        auto counts = store->outbox_counts();
        REQUIRE(counts.ok());
        CHECK(counts->pending == 1);
        CHECK(counts->acknowledged == 1);
        // The pending item is still the content its receipt was signed over.
        auto pending = store->pending_outbox(10);
        REQUIRE(pending.ok());
        REQUIRE(pending->size() == 1);
        CHECK(hash_matches_content(pending->front().canonical_content, pending->front().content_hash));
        auto progress = store->progress(
            ReceiptNumber::parse(store->newest_acknowledged(1).value().front().receipt_number).value());
        REQUIRE(progress.ok());
        REQUIRE(progress->has_value());
        CHECK((**progress).state == ProgressState::AcceptedByCounty);
        // Opened again: nothing left to migrate.
        store = store::TerminalStore::open(file);
        REQUIRE(store.ok());
        CHECK(store->database().user_version() == current);
    }
}

TEST_CASE(
    "upgrade: every aggregator store fixture opens, migrates and keeps its submissions, staff and trail") {
    const auto fixtures = fixtures_of("aggregator");
    REQUIRE_FALSE(fixtures.empty());
    for (const auto& [version, fixture] : fixtures) {
        CAPTURE(fixture.filename().string());
        TempDir temp;
        const auto file = copy_of(temp, fixture);
        CHECK(raw_user_version(file) == version);
        auto store = AggregatorStore::open(file);
        REQUIRE_MESSAGE(store.ok(), store.error().code << " " << store.error().detail);
        CHECK(store->database().user_version() == latest_migration(aggregator_store_migrations()));
        CHECK(store->setting("role").value() == "county");
        auto nodes = store->nodes();
        REQUIRE(nodes.ok());
        REQUIRE(nodes->size() == 1);
        CHECK(nodes->front().node_id == "440703-007");
        auto submissions = store->list(SubmissionFilter{});
        REQUIRE(submissions.ok());
        REQUIRE(submissions->size() == 1);
        const StoredSubmission& stored = submissions->front();
        CHECK(hash_matches_content(stored.canonical_content, stored.content_hash));
        CHECK(stored.review_state == "accepted");
        auto staff = store->staff_members();
        REQUIRE(staff.ok());
        CHECK(staff->size() == 1);
        auto trail = store->verify_audit();
        REQUIRE(trail.ok());
        CHECK_FALSE(trail->problem.has_value());
        CHECK(trail->entries >= 3);  // enrolment, acceptance, staff member
        auto software = store->node_software();
        REQUIRE(software.ok());
        if (version >= 19) {  // the terminal's last HELLO said 0.0.9 (docs/protocol.md 19.3)
            REQUIRE(software->size() == 1);
            CHECK(software->front().software_version == "0.0.9");
        } else {
            CHECK(software->empty());  // migration 19 made the table; nothing is invented for older stores
        }
        CHECK(store->database().check_integrity().ok());
    }
}

TEST_CASE("upgrade: every project store fixture opens and keeps its lifecycle tables and projects") {
    const auto fixtures = fixtures_of("project-lifecycle");
    REQUIRE_FALSE(fixtures.empty());
    for (const auto& [version, fixture] : fixtures) {
        CAPTURE(fixture.filename().string());
        TempDir temp;
        const auto file = copy_of(temp, fixture);
        auto database = store::Database::open(file, {});
        REQUIRE(database.ok());
        REQUIRE(lifecycle::LifecycleStore::install(database.value()).ok());
        CHECK(database->query_int("SELECT version FROM lifecycle_schema").value() >= version);
        lifecycle::LifecycleStore store(database.value());
        auto project = store.load("JDZ-2026-901");
        REQUIRE(project.ok());
        CHECK(project->has_value());
        auto timeline = store.timeline("JDZ-2026-901");
        REQUIRE(timeline.ok());
        CHECK(timeline->size() == 1);
    }
}

TEST_CASE("upgrade: the fixtures include one of this build's schema for every store kind") {
    // A new migration needs a new fixture: run tests/fixtures/stores/make-fixtures and commit what it writes.
    const auto terminal = fixtures_of("terminal");
    const auto aggregator = fixtures_of("aggregator");
    REQUIRE_FALSE(terminal.empty());
    REQUIRE_FALSE(aggregator.empty());
    TempDir temp;
    auto fresh_terminal = store::TerminalStore::open(temp / "fresh-terminal.sqlite");
    REQUIRE(fresh_terminal.ok());
    CHECK(terminal.rbegin()->first == fresh_terminal->database().user_version());
    CHECK(aggregator.rbegin()->first == latest_migration(aggregator_store_migrations()));
    auto project = store::Database::open(temp / "fresh-project.sqlite", {});
    REQUIRE(project.ok());
    REQUIRE(lifecycle::LifecycleStore::install(project.value()).ok());
    const auto lifecycle_fixtures = fixtures_of("project-lifecycle");
    REQUIRE_FALSE(lifecycle_fixtures.empty());
    CHECK(lifecycle_fixtures.rbegin()->first ==
          project->query_int("SELECT version FROM lifecycle_schema").value());
}

// checks database.hpp invariant 2
TEST_CASE(
    "upgrade: a store newer than this build is refused with its code and left byte for byte unchanged") {
    TempDir temp;
    {
        const auto file = copy_of(temp, fixtures_of("terminal").rbegin()->second);
        auto current = store::TerminalStore::open(file);
        REQUIRE(current.ok());
        const int newer = current->database().user_version() + 1;
        current = Error("test.closed", "", "");
        make_newer(file, newer);
        const auto before = file_digest(file);
        auto refused = store::TerminalStore::open(file);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "store.schema_too_new");
        CHECK(refused.error().argument("database_version") == std::to_string(newer));
        CHECK(file_digest(file) == before);
        CHECK(raw_user_version(file) == newer);
    }
    {
        const auto file = copy_of(temp, fixtures_of("aggregator").rbegin()->second);
        const int newer = latest_migration(aggregator_store_migrations()) + 1;
        { REQUIRE(AggregatorStore::open(file).ok()); }
        make_newer(file, newer);
        const auto before = file_digest(file);
        auto refused = AggregatorStore::open(file);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "store.schema_too_new");
        CHECK(refused.error().argument("program_version") == std::to_string(newer - 1));
        CHECK(file_digest(file) == before);
        // The daemon refuses to start on it, with the code in its log, and leaves it as it is.
        const std::filesystem::path data_dir = temp / "newer-county";
        std::filesystem::create_directories(data_dir);
        std::filesystem::copy_file(file, data_dir / "aggregator.sqlite");
        auto started = jiebang::ops::test::aggregator_command(
            {"--data-dir", data_dir.string(), "--listen", "tcp://127.0.0.1:*"});
        CHECK(started.exit_code == 1);
        CHECK(started.output.find("store.schema_too_new") != std::string::npos);
        CHECK(file_digest(data_dir / "aggregator.sqlite") == before);
    }
    {
        const auto file = copy_of(temp, fixtures_of("project-lifecycle").rbegin()->second);
        {
            auto database = store::Database::open(file, {});
            REQUIRE(database.ok());
            REQUIRE(database->execute("UPDATE lifecycle_schema SET version = version + 1").ok());
        }
        const auto before = file_digest(file);
        auto database = store::Database::open(file, {});
        REQUIRE(database.ok());
        const Status refused = lifecycle::LifecycleStore::install(database.value());
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "lifecycle.schema_too_new");
        database = Error("test.closed", "", "");
        CHECK(file_digest(file) == before);
    }
}

// checks database.cpp invariant 2
TEST_CASE(
    "upgrade: the migrations from an older store run in one transaction: a failure leaves the old version") {
    TempDir temp;
    const auto file = copy_of(temp, fixtures_of("aggregator").begin()->second);
    const int old_version = raw_user_version(file);
    // This build's migrations plus two more, the second of which fails: neither may stay.
    std::vector<store::Migration> migrations = aggregator_store_migrations();
    const int latest = latest_migration(migrations);
    migrations.push_back({latest + 1, "CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY);"});
    migrations.push_back({latest + 2, "INSERT INTO no_such_table VALUES (1);"});
    auto failed = store::Database::open(file, migrations);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == "store.sql");
    CHECK(failed.error().detail.find("version " + std::to_string(latest + 2)) != std::string::npos);
    CHECK(raw_user_version(file) == old_version);
    auto reopened = AggregatorStore::open(file);
    REQUIRE(reopened.ok());
    CHECK(reopened->database()
              .query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'upgrade_probe'")
              .value() == 0);
}

// docs/protocol.md section 4 (versioning) and 4.2 (order of the checks)
TEST_CASE(
    "protocol versions: a peer one version apart gets the documented answers, and the link stays usable") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 31);
    terminal.enroll(aggregator);
    aggregator.start();
    ZmqContext context;
    ZmqSocket client(context, ZMQ_DEALER);
    REQUIRE(configure_client(client, terminal.curve(), aggregator.keys().public_key, 3000).ok());
    REQUIRE(client.connect(aggregator.endpoint()).ok());
    auto request = [&](std::vector<std::string> frames) -> std::optional<Message> {
        REQUIRE(client.send_frames(frames).ok());
        auto reply = client.receive_frames(10000);
        REQUIRE(reply.ok());
        if (reply->empty())
            return std::nullopt;
        std::vector<std::string_view> views(reply->begin(), reply->end());
        auto decoded = decode(views);
        REQUIRE(decoded.ok());
        return decoded.value();
    };
    auto hello = encode(Message{7, Hello{NodeKind::Terminal, "0.1.0", 0, 0}}).value();

    // A newer peer (version 2) and an older one (version 0): UNSUPPORTED_VERSION with the peer's correlation
    // id, the body not read (a body version 1 could not decode is answered the same).
    for (const std::uint8_t version : {std::uint8_t{2}, std::uint8_t{0}}) {
        CAPTURE(static_cast<int>(version));
        auto frames = hello;
        frames[0][2] = static_cast<char>(version);
        auto answer = request(frames);
        REQUIRE(answer.has_value());
        REQUIRE(std::holds_alternative<ErrorReply>(answer->body));
        CHECK(std::get<ErrorReply>(answer->body).error == WireError::UnsupportedVersion);
        CHECK(answer->correlation_id == 7);
        frames[1] = "a version-2 body this server cannot read";
        auto unread = request(frames);
        REQUIRE(unread.has_value());
        CHECK(std::get<ErrorReply>(unread->body).error == WireError::UnsupportedVersion);
    }
    // A command a later version of JBSP/1 adds (one this server does not know): UNKNOWN_COMMAND.
    auto newer_command = hello;
    newer_command[0][3] = static_cast<char>(0x1F);  // 0x16 and 0x1C were taken by later sections
    auto unknown = request(newer_command);
    REQUIRE(unknown.has_value());
    CHECK(std::get<ErrorReply>(unknown->body).error == WireError::UnknownCommand);
    CHECK(unknown->correlation_id == 7);
    // The same connection, back in version 1, is served: the peer can fall back.
    auto welcome = request(hello);
    REQUIRE(welcome.has_value());
    REQUIRE(std::holds_alternative<Welcome>(welcome->body));
    CHECK(std::get<Welcome>(welcome->body).node_id == terminal.identity().terminal_id);
    CHECK(aggregator.process().running());
}

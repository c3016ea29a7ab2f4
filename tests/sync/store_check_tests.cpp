// tests/sync/store_check_tests.cpp — the aggregator's store is not scanned at start-up (that time would grow
// with the store): with one damaged page the daemon still starts and acknowledges new submissions, a
// staff command that reads the damaged rows fails with store.corrupt, and `jiebang-aggregator
// --check-store` says the store is sound before the damage and names the damage after it.
#include <doctest/doctest.h>

#include "sync_test_support.hpp"
#include "tests/support/damaged_database.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

// Runs `jiebang-aggregator --data-dir DIR --check-store`; returns its exit code and what it wrote.
int check_store(const TempDir& temp, const Aggregator& aggregator, std::string& said) {
    const auto log = temp / "check.log";
    std::filesystem::remove(log);
    Process check(binary("jiebang-aggregator"),
                  {"--data-dir", aggregator.store_file().parent_path().string(), "--check-store"}, log);
    const int code = check.wait(120);
    said = read_file(log);
    return code;
}

// Fills the store with `count` received demands of about 1.5 KB each, as the daemon would store them.
void fill(const Aggregator& aggregator, int count) {
    auto store = AggregatorStore::open(aggregator.store_file());
    REQUIRE(store.ok());
    auto transaction = store::Transaction::begin(store->database());
    REQUIRE(transaction.ok());
    for (int index = 0; index < count; ++index) {
        StoredSubmission submission;
        submission.submission_id = new_submission_id();
        submission.kind = "demand";
        submission.receipt_number = "JM-03-007-20261122-" + std::to_string(1000 + index) + "-0";
        submission.content_hash.fill(static_cast<unsigned char>(index));
        submission.canonical_content = std::string(1500, 'c');
        submission.origin_signing_key = "key";
        submission.via_node = "440703-007";
        submission.county_admin_code = "440703";
        submission.received_at = 1795000000 + index;
        auto outcome = store->insert_submission(submission, nullptr);
        REQUIRE(outcome.ok());
        CHECK(outcome.value() == InsertOutcome::Stored);
    }
    REQUIRE(transaction->commit().ok());
}

}  // namespace

TEST_CASE(
    "a damaged county store still serves, staff reading the damage get store.corrupt, the check names it") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 7);
    terminal.enroll(aggregator);
    fill(aggregator, 200);

    std::string said;
    CHECK_MESSAGE(check_store(temp, aggregator, said) == 0, said);
    CHECK(said.find("store ok") != std::string::npos);

    const std::int64_t page = test_support::leaf_page_of(aggregator.store_file(), "submissions", 40);
    REQUIRE(page > 0);
    test_support::damage_page(aggregator.store_file(), page);

    // The daemon starts without reading the whole file and keeps acknowledging what it commits.
    aggregator.start();
    terminal.commit(Terminal::demand("damaged store, new demand"));
    terminal.start_agent(aggregator, {"--exit-when-drained", "--max-seconds", "60"});
    CHECK_MESSAGE(terminal.agent().wait(90) == 0, aggregator.log() << terminal.agent_log());
    CHECK(terminal.counts().acknowledged == 1);

    // Staff listing every submission meet the damaged page and are told so.
    std::string out, error;
    CHECK(staff({"submissions", "list", "--store", aggregator.store()}, &out, &error) != 0);
    CHECK(error.find("store.corrupt") != std::string::npos);

    CHECK(check_store(temp, aggregator, said) == 1);
    CHECK_MESSAGE(said.find("store.corrupt") != std::string::npos, said);
    CHECK(aggregator.process().stop() == 0);
}

TEST_CASE("--check-store on a data folder without a store says so and creates nothing") {
    TempDir temp;
    const auto data_dir = temp / "empty";
    std::filesystem::create_directories(data_dir);
    Process check(binary("jiebang-aggregator"), {"--data-dir", data_dir.string(), "--check-store"},
                  temp / "check.log");
    CHECK(check.wait(60) == 1);
    CHECK(read_file(temp / "check.log").find("no store") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(data_dir / "aggregator.sqlite"));
}

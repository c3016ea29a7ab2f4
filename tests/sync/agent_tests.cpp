// tests/sync/agent_tests.cpp — the SyncAgent class as jiebang-kiosk uses it (in-process thread): its snapshot
// reports online, pending and the board version while the county is up, and offline with an error code and
// a growing oldest-pending age when the county goes away — and it uploads what was filed meanwhile once the
// county is back.
#include <doctest/doctest.h>

#include "sync/agent/sync_agent.hpp"
#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

TEST_CASE("the in-process sync agent's snapshot follows the county going away and coming back") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 41);
    terminal.enroll(aggregator);
    terminal.commit(Terminal::demand("第一份"));
    aggregator.start();

    SyncAgentConfig config;
    config.aggregator_endpoint = aggregator.endpoint();
    config.aggregator_public_key = aggregator.keys().public_key;
    config.terminal_keys = terminal.curve();
    config.terminal_store_path = temp / "terminal-41.sqlite";
    config.heartbeat_interval_ms = 200;
    config.reply_timeout_ms = 1000;
    config.backoff_initial_ms = 100;
    config.backoff_max_ms = 500;
    SyncAgent agent(config);
    REQUIRE(agent.start().ok());
    CHECK(wait_until([&] {
        const auto state = agent.snapshot();
        return state.online && state.pending == 0 && state.last_contact_at > 0;
    }));
    CHECK(agent.snapshot().running);
    CHECK(agent.snapshot().last_error_code.empty());

    aggregator.process().kill_hard();
    terminal.commit(Terminal::demand("离线时提交"));
    CHECK(wait_until([&] {
        const auto state = agent.snapshot();
        return !state.online && state.pending == 1 && !state.last_error_code.empty();
    }));

    aggregator.start();
    CHECK(wait_until([&] {
        const auto state = agent.snapshot();
        return state.online && state.pending == 0;
    }));
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 2);
    agent.stop();
    CHECK_FALSE(agent.snapshot().running);

    SyncAgentConfig bad = config;
    bad.aggregator_public_key = "too short";
    SyncAgent refused(bad);
    auto started = refused.start();
    REQUIRE_FALSE(started.ok());
    CHECK(started.error().code == "sync.key");
}

TEST_CASE("by default contact details leave the terminal as soon as the county acknowledged them") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 42);
    terminal.enroll(aggregator);
    auto committed = terminal.commit(Terminal::demand("联系方式清除"));
    auto unsent = committed.submission.id;
    aggregator.start();

    SyncAgentConfig config;
    config.aggregator_endpoint = aggregator.endpoint();
    config.aggregator_public_key = aggregator.keys().public_key;
    config.terminal_keys = terminal.curve();
    config.terminal_store_path = temp / "terminal-42.sqlite";
    config.assets_directory = JIEBANG_SOURCE_ASSETS_DIR;
    config.housekeeping_interval_ms = 200;  // retention left at its default
    auto content_of = [&](const std::string& id) {
        auto store = terminal.open_store();
        auto statement =
            store.database().prepare("SELECT canonical_content, purged FROM submissions WHERE id = ?1");
        REQUIRE(statement.ok());
        statement->bind(1, id);
        auto row = statement->step();
        REQUIRE(row.ok());
        REQUIRE(row.value());
        return std::make_pair(statement->column_text(0), statement->column_int(1));
    };
    CHECK(content_of(unsent).first.find("13800138000") != std::string::npos);  // kept while not acknowledged
    SyncAgent agent(config);
    REQUIRE(agent.start().ok());
    CHECK(wait_until([&] { return content_of(unsent).second == 1; }));
    const auto [content, purged] = content_of(unsent);
    CHECK(content.find("13800138000") == std::string::npos);
    CHECK(content.find("李明") == std::string::npos);
    CHECK(content.find("联系方式清除") != std::string::npos);  // the project name stays for the lookup
    agent.stop();
    // The county still has the full submission (staff need the contact).
    auto store = AggregatorStore::open(aggregator.store_file());
    REQUIRE(store.ok());
    auto found = store->find(unsent);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((**found).canonical_content.find("13800138000") != std::string::npos);
}

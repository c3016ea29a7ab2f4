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

// tests/sync/reliability_tests.cpp — crash tests with real processes: the aggregator is killed with SIGKILL
// at random moments while several terminals stream submissions (and one terminal's agent is killed
// mid-upload); after restarts, every submission a terminal gave a receipt for is stored exactly once with its
// content hash, and every terminal's outbox ends fully acknowledged — nothing lost, nothing doubled.
#include <doctest/doctest.h>

#include <random>

#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

TEST_CASE("kill -9 of the aggregator and of a terminal mid-stream loses and doubles nothing") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    std::vector<std::unique_ptr<Terminal>> terminals;
    for (int number = 21; number <= 23; ++number) {
        terminals.push_back(std::make_unique<Terminal>(temp, number));
        terminals.back()->enroll(aggregator);
    }
    std::map<std::string, ContentHash> receipted;  // every submission a receipt was printed for
    auto commit_some = [&](int count) {
        for (auto& terminal : terminals) {
            for (int index = 0; index < count; ++index) {
                auto committed =
                    terminal->commit(Terminal::demand("项目" + std::to_string(receipted.size())));
                receipted[committed.submission.id] = committed.receipt.content_hash;
            }
        }
    };
    commit_some(20);
    aggregator.start({"--batch-max", "16"});
    for (auto& terminal : terminals)
        terminal->start_agent(aggregator, {"--window", "8"});

    std::mt19937 random(20261122);
    std::uniform_int_distribution<int> pause_ms(50, 700);
    for (int round = 0; round < 4; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
        commit_some(5);
        aggregator.process().kill_hard();
        if (round == 1) {
            terminals[0]->agent().kill_hard();  // a terminal dies mid-upload too
            terminals[0]->start_agent(aggregator, {"--window", "8"});
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
        aggregator.start({"--batch-max", "16"});
    }
    commit_some(5);

    const bool drained = wait_until(
        [&] {
            for (auto& terminal : terminals) {
                if (terminal->counts().pending != 0)
                    return false;
            }
            return true;
        },
        120);
    CHECK_MESSAGE(drained, terminals[0]->agent_log());
    for (auto& terminal : terminals) {
        const auto counts = terminal->counts();
        CHECK(counts.pending == 0);
        CHECK(counts.quarantined == 0);
        CHECK(counts.acknowledged == 45);
    }
    CHECK(aggregator.count("SELECT count(*) FROM submissions") ==
          static_cast<std::int64_t>(receipted.size()));
    CHECK(aggregator.count("SELECT count(DISTINCT submission_id) FROM submissions") ==
          static_cast<std::int64_t>(receipted.size()));
    auto store = AggregatorStore::open(aggregator.store_file());
    REQUIRE(store.ok());
    int missing_or_different = 0;
    for (const auto& [id, hash] : receipted) {
        auto found = store->find(id);
        REQUIRE(found.ok());
        if (!found->has_value() || (**found).content_hash != hash)
            ++missing_or_different;
    }
    CHECK(missing_or_different == 0);
    for (auto& terminal : terminals)
        CHECK(terminal->agent().stop() == 0);
    CHECK(aggregator.process().stop() == 0);
}

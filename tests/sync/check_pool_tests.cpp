// tests/sync/check_pool_tests.cpp — the aggregator's check pool (sync/aggregator/check_pool.hpp) without
// processes or sockets: every SUBMIT of every posted round is checked exactly once (invariant 1), finish()
// returns with all of its round done whether the pool helped or not (invariant 2), pool threads really
// check while the caller does something else, and the real submission check gives the same answers
// through the pool as called directly.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <memory>

#include "signed_submit.hpp"
#include "sync/aggregator/check_pool.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

// A round of `count` SUBMITs whose ids are all different (their content is not looked at).
std::unique_ptr<CheckRound> round_of(std::size_t count, std::int64_t now) {
    auto round = std::make_unique<CheckRound>();
    round->now = now;
    for (std::size_t index = 0; index < count; ++index) {
        PendingCheck pending;
        pending.message_index = index;
        pending.submit.submission_id = new_submission_id();
        round->submits.push_back(std::move(pending));
    }
    return round;
}

}  // namespace

TEST_CASE("every SUBMIT of every posted round is checked exactly once, by pool and caller together") {
    for (std::size_t threads : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
        CAPTURE(threads);
        std::mutex mutex;
        std::map<std::string, int> checks;  // submission id -> times checked
        CheckPool pool(threads, [&](const Submit& submit, const NodeRecord&, std::int64_t now, const Board*) {
            std::lock_guard lock(mutex);
            checks[submit.submission_id]++;
            Checked checked;
            checked.stored.submission_id = submit.submission_id;
            checked.stored.received_at = now;
            return checked;
        });
        std::vector<std::unique_ptr<CheckRound>> rounds;
        for (int index = 0; index < 4; ++index) {
            rounds.push_back(round_of(250, 1795000000 + index));
            pool.post(*rounds.back());
        }
        for (auto& round : rounds)
            pool.finish(*round);
        CHECK(checks.size() == 1000);
        for (const auto& [id, times] : checks)
            CHECK(times == 1);
        for (const auto& round : rounds) {
            CHECK(round->checks_done.load() == round->submits.size());
            CHECK(round->workers == 0);
            for (const PendingCheck& pending : round->submits) {
                CHECK(pending.checked.stored.submission_id == pending.submit.submission_id);
                CHECK(pending.checked.stored.received_at == round->now);
            }
        }
        auto empty = round_of(0, 0);
        pool.post(*empty);
        pool.finish(*empty);  // a round without SUBMITs finishes at once
    }
}

TEST_CASE("a pool thread checks while the caller checks another SUBMIT of the same round") {
    // The first check waits for the second to start: with one pool thread and the caller's finish() both
    // working the round, both checks run at the same time and neither has to give up waiting.
    std::atomic<bool> first_started{false};
    std::atomic<bool> second_started{false};
    std::atomic<bool> first_saw_second{false};
    CheckPool pool(1, [&](const Submit& submit, const NodeRecord&, std::int64_t, const Board*) {
        Checked checked;
        if (submit.receipt_number == "first") {
            first_started = true;
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (!second_started.load() && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            first_saw_second = second_started.load();
        } else {
            second_started = true;
        }
        return checked;
    });
    auto round = round_of(2, 0);
    round->submits[0].submit.receipt_number = "first";
    round->submits[1].submit.receipt_number = "second";
    pool.post(*round);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!first_started.load() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(first_started.load());  // the pool thread took the first SUBMIT
    pool.finish(*round);            // the caller takes the second, then waits for the first
    CHECK(first_saw_second.load());
    CHECK(round->checks_done.load() == 2);
}

TEST_CASE("the real submission check gives the same answers through the pool as called directly") {
    SigningTerminal terminal(7);
    SigningTerminal stranger(8);
    const SubmissionRules rules = rules_for("county");
    CheckPool pool(2, [&](const Submit& submit, const NodeRecord& node, std::int64_t now,
                          const Board* board) { return check_submission(submit, node, rules, now, board); });
    CheckRound round;
    round.now = terminal.created_at + 100;
    for (int index = 0; index < 40; ++index) {
        PendingCheck pending;
        // Every third SUBMIT is signed by a key the enrolment does not hold.
        const SigningTerminal& signer = index % 3 == 0 ? stranger : terminal;
        pending.submit = signer.submit(terminal.demand("项目" + std::to_string(index)),
                                       terminal.receipt_number(index + 1));
        pending.node = terminal.node;
        round.submits.push_back(std::move(pending));
    }
    pool.post(round);
    pool.finish(round);
    for (const PendingCheck& pending : round.submits) {
        const Checked direct = check_submission(pending.submit, pending.node, rules, round.now);
        REQUIRE(direct.error.has_value() == pending.checked.error.has_value());
        if (direct.error)
            CHECK(direct.error->error == pending.checked.error->error);
        else
            CHECK(direct.stored.submission_id == pending.checked.stored.submission_id);
    }
    std::size_t refused = 0;
    for (const PendingCheck& pending : round.submits)
        refused += pending.checked.error.has_value() ? 1 : 0;
    CHECK(refused == 14);
}

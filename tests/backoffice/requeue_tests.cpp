// tests/backoffice/requeue_tests.cpp — issue 9 defect 5's last part: staff requeue a submission the county
// refused for good (docs/protocol.md 22). Real processes on loopback: a county jiebang-aggregator with a staff
// endpoint, a terminal's jiebang-sync-agent on its own store, `jiebang terminal requeue` on the store file and
// over the channel. The refusal is real (the county allows one day of clock drift, the terminal's clock ran
// three days ahead), so is the fix (the county restarted with the default allowance), and the test watches the
// item go round: quarantined, requeued, refused again and shown again, fixed, requeued, stored exactly once.
#include <doctest/doctest.h>

#include "remote_county.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;

namespace {

std::int64_t count(Aggregator& aggregator, const std::string& sql) {
    return aggregator.count(sql);
}

}  // namespace

TEST_CASE("a refused submission is requeued by staff, re-sent by its terminal and stored exactly once") {
    RemoteCounty remote(42, {"--max-clock-ahead-days", "1"});
    Aggregator& county = remote.county;
    Terminal& terminal = remote.terminal;
    // Receipted at a terminal whose clock ran three days ahead: this county allows one day, so it refuses
    // the SUBMIT for good (submission.created_at_range) and the terminal quarantines it.
    Submission ahead = Terminal::demand("时钟超前的终端提交的需求");
    ahead.created_at += 3 * 24 * 3600;
    const std::string receipt = terminal.commit(ahead).receipt.number.text();
    const std::string other = terminal.commit(Terminal::demand("同一终端的正常需求")).receipt.number.text();
    terminal.start_agent(county);
    REQUIRE_MESSAGE(wait_until([&] {
                        const auto counts = terminal.counts();
                        return counts.pending == 0 && counts.quarantined == 1 && counts.acknowledged == 1;
                    }),
                    terminal.agent_log() << county.log());
    const std::string refused_row = "SELECT count(*) FROM refused_submissions WHERE receipt_number = '" +
                                    receipt + "' AND error_code = 'sync.invalid_content'";
    REQUIRE(count(county, refused_row) == 1);
    const std::int64_t audit_before = count(county, "SELECT count(*) FROM audit");

    {
        // A receipt nothing was refused under, and roles that may not requeue: clear errors, nothing changes.
        auto unknown = remote.as("reviewer", {"terminal", "requeue", other});
        CHECK(unknown.exit_code == 1);
        CHECK(unknown.error.find("requeue.unknown_receipt") != std::string::npos);
        for (const char* role : {"auditor", "admin"}) {
            CAPTURE(role);
            auto refused = remote.as(role, {"terminal", "requeue", receipt});
            CHECK(refused.exit_code == 1);
            CHECK(refused.error.find("staff.not_permitted") != std::string::npos);
        }
        CHECK(count(county, "SELECT count(*) FROM audit") == audit_before);
        CHECK(count(county, "SELECT count(*) FROM refused_submissions WHERE requeue_requested_at > 0") == 0);
    }

    // Requeued before its cause is fixed: the terminal sends it again, the county refuses it again, and it shows
    // again with the refusal (the request is spent: the terminal is not asked a second time).
    auto early = remote.as("reviewer", {"terminal", "requeue", receipt});
    REQUIRE(early.exit_code == 0);
    CHECK(early.out.find("requeue " + receipt + " (sync.invalid_content): terminal " +
                         terminal.identity().terminal_id) != std::string::npos);
    REQUIRE_MESSAGE(wait_until([&] {
                        return count(county,
                                     "SELECT count(*) FROM refused_submissions WHERE attempts = 2 AND "
                                     "requeue_requested_at = 0") == 1 &&
                               terminal.counts().quarantined == 1 && terminal.counts().pending == 0;
                    }),
                    terminal.agent_log() << county.log());
    std::string quarantine;
    REQUIRE(jiebang::sync::test::staff({"terminal", "quarantine", "--store", county.store()}, &quarantine) ==
            0);
    CHECK(quarantine.find(receipt + "\t" + terminal.identity().terminal_id + "\tsync.invalid_content") !=
          std::string::npos);
    CHECK(count(county, "SELECT count(*) FROM submissions") == 1);

    // The cause fixed (the county restarted with the default allowance), the host's administrator requeues it
    // on the store file: the terminal sends it again and the county stores it, once; the refusal is gone.
    REQUIRE(county.process().stop() == 0);
    remote.start();
    std::string requeued;
    REQUIRE(jiebang::sync::test::staff({"terminal", "requeue", "--store", county.store(), receipt},
                                       &requeued) == 0);
    REQUIRE_MESSAGE(wait_until([&] {
                        const auto counts = terminal.counts();
                        return counts.pending == 0 && counts.quarantined == 0 && counts.acknowledged == 2;
                    }),
                    terminal.agent_log() << county.log());
    CHECK(count(county, "SELECT count(*) FROM submissions WHERE receipt_number = '" + receipt + "'") == 1);
    CHECK(count(county, "SELECT count(*) FROM submissions") == 2);
    CHECK(count(county, "SELECT count(*) FROM refused_submissions") == 0);
    REQUIRE(jiebang::sync::test::staff({"terminal", "quarantine", "--store", county.store()}, &quarantine) ==
            0);
    CHECK(quarantine.find(receipt) == std::string::npos);
    // Each requeue is on the audit trail under who asked: the reviewer over the channel, the host's
    // administrator on the file.
    CHECK(count(county, "SELECT count(*) FROM audit WHERE action = 'requeue' AND target = '" + receipt +
                            "' AND staff_id = 'staff-0001' AND role = 'reviewer'") == 1);
    CHECK(count(county, "SELECT count(*) FROM audit WHERE action = 'requeue' AND target = '" + receipt +
                            "' AND staff_id = 'host-admin'") == 1);
    auto verified = remote.as("auditor", {"audit", "verify"});
    CHECK(verified.exit_code == 0);
    // Stored now: there is nothing left to requeue under that number.
    auto again = remote.as("reviewer", {"terminal", "requeue", receipt});
    CHECK(again.exit_code == 1);
    CHECK(again.error.find("requeue.unknown_receipt") != std::string::npos);
}

TEST_CASE("a city does not requeue a county's refused SUBMIT: the county requeues its forward") {
    TempDir temp;
    Aggregator city(temp, "city", "city");
    {
        auto store = sync::AggregatorStore::open(city.store_file());
        REQUIRE(store.ok());
        REQUIRE(store->set_setting("role", "city").ok());
        REQUIRE(store
                    ->record_refusal("440703", "3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b",
                                     "JM-03-007-20261119-0001-D", "sync.bad_signature", 1795000000)
                    .ok());
    }
    std::string error;
    CHECK(jiebang::sync::test::staff(
              {"terminal", "requeue", "--store", city.store(), "JM-03-007-20261119-0001-D"}, nullptr,
              &error) == 1);
    CHECK(error.find("requeue.wrong_tier") != std::string::npos);
    CHECK(city.count("SELECT count(*) FROM refused_submissions WHERE requeue_requested_at > 0") == 0);
    CHECK(city.count("SELECT count(*) FROM audit") == 0);
}

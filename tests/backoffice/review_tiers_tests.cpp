// tests/backoffice/review_tiers_tests.cpp — the review state machine (docs/review.md) across three tiers
// with real processes: a terminal's sync agent, a county aggregator and a city aggregator on loopback, staff
// working with the real `jiebang` binary on each store, and the city going away and coming back.
// Regression tests for defects 1 and 2 of issue 9, and the transitions that need the wire (C6-C13, C20-C26,
// M1-M6). Every "never" is proven by a later event (a later item arriving, a later status applied), never by
// waiting out a timeout.
#include <doctest/doctest.h>

#include "backoffice_test_support.hpp"
#include "shared/lifecycle/calendar_date.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;

namespace {

// terminal -> county -> city, with the county enrolled at the city and the terminal at the county.
struct Tiers {
    TempDir temp;
    Aggregator city{temp, "city", "city"};
    Aggregator county{temp, "county", "county"};
    Terminal terminal{temp, 41};

    Tiers() {
        REQUIRE(jiebang_cli({"terminal", "enroll", "--store", city.store(), "--id", "440703", "--kind",
                             "county", "--county", "440703", "--curve-key", county.keys().public_key})
                    .exit_code == 0);
        terminal.enroll(county);
    }
    // Starts and stops the city once, so that its port (chosen by the kernel) is known and a county can be
    // configured to reach a city that is not running; the city's next start binds the same port.
    void learn_city_endpoint() {
        city.start();
        REQUIRE(city.process().stop() == 0);
    }
    void start_county() {
        county.start({"--upstream", city.endpoint(), "--upstream-key", city.keys().public_key});
    }
    std::string file(const std::string& title) {
        return terminal.commit(Terminal::demand(title)).receipt.number.text();
    }
    // Waits for the county to hold `count` submissions.
    void wait_county_has(std::int64_t count) {
        REQUIRE_MESSAGE(
            wait_until([&] { return county.count("SELECT count(*) FROM submissions") == count; }, 60),
            county.log() << terminal.agent_log());
    }
    int staff(Aggregator& tier, std::vector<std::string> arguments) {
        arguments.insert(arguments.begin() + 2, {"--store", tier.store()});
        return jiebang_cli(arguments).exit_code;
    }
    std::string stage(Aggregator& tier, const std::string& receipt) {
        return column(tier, receipt, "review_stage");
    }
    bool stage_becomes(Aggregator& tier, const std::string& receipt, const std::string& expected) {
        return wait_until([&] { return stage(tier, receipt) == expected; }, 60);
    }
    bool terminal_shows(const std::string& receipt, const std::string& expected) {
        return wait_until([&] { return progress(terminal, receipt) == expected; }, 60);
    }
};

}  // namespace

TEST_CASE(
    "R7 and defect 1: returning a queued forward while the city is away cancels it - the city never gets "
    "it") {
    Tiers tiers;
    const std::string returned = tiers.file("精密减速器寿命提升");
    const std::string rejected = tiers.file("伺服驱动器国产化");
    const std::string recalled = tiers.file("陶瓷基板激光切割");
    tiers.learn_city_endpoint();
    tiers.start_county();  // the city is not running: the county's uplink cannot reach it
    tiers.terminal.start_agent(tiers.county);
    tiers.wait_county_has(3);

    for (const std::string& receipt : {returned, rejected, recalled})
        REQUIRE(tiers.staff(tiers.county, {"submissions", "accept", receipt}) == 0);
    // One batch of all three (C6): queued for a city that is away.
    auto batch = jiebang_cli(
        {"submissions", "forward", "--store", tiers.county.store(), returned, rejected, recalled});
    REQUIRE(batch.exit_code == 0);
    CHECK(batch.out.find("forward batch 1 with 3 items") != std::string::npos);
    for (const std::string& receipt : {returned, rejected, recalled}) {
        CHECK(tiers.stage(tiers.county, receipt) == "forward_queued");
        CHECK(column(tiers.county, receipt, "forward_batch") == "1");
    }

    // The county returns one (C8), rejects one (C9) and recalls one (C7) while the forward is still queued.
    REQUIRE(tiers.staff(tiers.county, {"submissions", "return", returned, "--reason", "请补充技术指标"}) ==
            0);
    REQUIRE(tiers.staff(tiers.county, {"submissions", "reject", rejected, "--reason", "不属于征集范围"}) ==
            0);
    REQUIRE(tiers.staff(tiers.county, {"submissions", "recall", recalled}) == 0);
    CHECK(tiers.stage(tiers.county, returned) == "returned");
    CHECK(column(tiers.county, returned, "forward_state").empty());
    CHECK(column(tiers.county, returned, "forward_batch") == "0");
    CHECK(tiers.stage(tiers.county, rejected) == "rejected");
    CHECK(tiers.stage(tiers.county, recalled) == "accepted");
    CHECK(tiers.terminal_shows(returned, "returned|请补充技术指标"));
    CHECK(tiers.terminal_shows(rejected, "rejected|不属于征集范围"));

    // The recalled one goes again in a second batch; then the city comes up.
    auto second = jiebang_cli({"submissions", "forward", "--store", tiers.county.store(), recalled});
    REQUIRE(second.exit_code == 0);
    CHECK(second.out.find("forward batch 2 with 1 items") != std::string::npos);
    tiers.city.start();
    REQUIRE_MESSAGE(tiers.stage_becomes(tiers.county, recalled, "forwarded"), tiers.county.log()
                                                                                  << tiers.city.log());
    // The uplink has read the queue and sent the later item: the returned and rejected ones (filed and queued
    // before it) were not in the queue, and the city holds only the one forwarded.
    CHECK(tiers.city.count("SELECT count(*) FROM submissions") == 1);
    CHECK(column(tiers.city, returned, "review_stage").empty());
    CHECK(column(tiers.city, rejected, "review_stage").empty());

    // The city accepts and publishes what it got; the county's return stands on the county and at the
    // terminal after the city's decisions have come down (the event that proves the relay ran).
    REQUIRE(tiers.staff(tiers.city, {"submissions", "accept", recalled}) == 0);
    REQUIRE(tiers.staff(tiers.city, {"board", "publish"}) == 0);
    CHECK(tiers.stage_becomes(tiers.county, recalled, "published"));
    CHECK(tiers.terminal_shows(recalled, "published|"));
    CHECK(tiers.stage(tiers.county, returned) == "returned");
    CHECK(progress(tiers.terminal, returned) == "returned|请补充技术指标");
    CHECK(progress(tiers.terminal, rejected) == "rejected|不属于征集范围");

    CHECK(tiers.terminal.agent().stop() == 0);
    CHECK(tiers.county.process().stop() == 0);
    CHECK(tiers.city.process().stop() == 0);
}

TEST_CASE(
    "R5 and defect 2: after the city returns an item the county can neither accept nor forward it again") {
    Tiers tiers;
    const std::string receipt = tiers.file("高分子材料回收工艺");
    tiers.city.start();
    tiers.start_county();
    tiers.terminal.start_agent(tiers.county);
    tiers.wait_county_has(1);
    REQUIRE(tiers.staff(tiers.county, {"submissions", "accept", receipt}) == 0);
    REQUIRE(tiers.staff(tiers.county, {"submissions", "forward", receipt}) == 0);
    REQUIRE_MESSAGE(tiers.stage_becomes(tiers.county, receipt, "forwarded"), tiers.county.log());
    CHECK(tiers.terminal_shows(receipt, "forwarded|"));

    // While the city has not decided, the county cannot change its mind (R5).
    auto too_late =
        jiebang_cli({"submissions", "return", "--store", tiers.county.store(), receipt, "--reason", "x"});
    CHECK(too_late.exit_code == 1);
    CHECK(too_late.error.find("review.transition") != std::string::npos);
    CHECK(tiers.staff(tiers.county, {"submissions", "recall", receipt}) == 1);

    // The city returns it (M2); the decision and its reason come down to the county (C21) and the terminal.
    REQUIRE(tiers.staff(tiers.city, {"submissions", "return", receipt, "--reason", "市级：指标不够具体"}) ==
            0);
    REQUIRE_MESSAGE(tiers.stage_becomes(tiers.county, receipt, "city_returned"), tiers.county.log());
    CHECK(column(tiers.county, receipt, "review_reason") == "市级：指标不够具体");
    CHECK(tiers.terminal_shows(receipt, "returned|市级：指标不够具体"));

    // Defect 2: the county can neither accept nor forward it again; nothing changes anywhere.
    auto accept = jiebang_cli({"submissions", "accept", "--store", tiers.county.store(), receipt});
    CHECK(accept.exit_code == 1);
    CHECK(accept.error.find("review.transition") != std::string::npos);
    CHECK(tiers.staff(tiers.county, {"submissions", "forward", receipt}) == 1);
    CHECK(tiers.stage(tiers.county, receipt) == "city_returned");
    CHECK(tiers.stage(tiers.city, receipt) == "returned");
    CHECK(progress(tiers.terminal, receipt) == "returned|市级：指标不够具体");
    // Nor can the city take its return back (R6).
    CHECK(tiers.staff(tiers.city, {"submissions", "accept", receipt}) == 1);

    CHECK(tiers.terminal.agent().stop() == 0);
    CHECK(tiers.county.process().stop() == 0);
    CHECK(tiers.city.process().stop() == 0);
}

TEST_CASE(
    "R8 and R10: the city decides while it is away from the county - its decisions arrive when it is back") {
    Tiers tiers;
    const std::string accepted_then_published = tiers.file("智能产线视觉检测");
    const std::string accepted_then_rejected = tiers.file("储能电池热管理");
    const std::string queued_while_away = tiers.file("海上风电防腐涂层");
    tiers.city.start();
    tiers.start_county();
    tiers.terminal.start_agent(tiers.county);
    tiers.wait_county_has(3);
    for (const std::string& receipt : {accepted_then_published, accepted_then_rejected, queued_while_away})
        REQUIRE(tiers.staff(tiers.county, {"submissions", "accept", receipt}) == 0);
    REQUIRE(tiers.staff(tiers.county, {"submissions", "forward", accepted_then_published}) == 0);
    REQUIRE(tiers.staff(tiers.county, {"submissions", "forward", accepted_then_rejected}) == 0);
    REQUIRE(tiers.stage_becomes(tiers.county, accepted_then_published, "forwarded"));
    REQUIRE(tiers.stage_becomes(tiers.county, accepted_then_rejected, "forwarded"));

    // The city goes away. Its staff keep working on its store (the host's administrator); the county
    // forwards one more meanwhile, which waits in the queue.
    CHECK(tiers.city.process().stop() == 0);
    REQUIRE(tiers.staff(tiers.city, {"submissions", "accept", accepted_then_published}) == 0);     // M1
    REQUIRE(tiers.staff(tiers.city, {"submissions", "accept", accepted_then_rejected}) == 0);      // M1
    REQUIRE(tiers.staff(tiers.city, {"submissions", "reject", accepted_then_rejected, "--reason",  // M5
                                     "与已发榜项目重复"}) == 0);
    REQUIRE(tiers.staff(tiers.city, {"board", "publish"}) == 0);  // M6
    REQUIRE(tiers.staff(tiers.county, {"submissions", "forward", queued_while_away}) == 0);
    // The uplink may not have noticed yet that the city is gone: then it has taken the item (forward_sent)
    // and will send it again when the city is back; otherwise the item waits in the queue.
    const std::string waiting = tiers.stage(tiers.county, queued_while_away);
    CHECK((waiting == "forward_queued" || waiting == "forward_sent"));
    CHECK(tiers.stage(tiers.county, accepted_then_published) == "forwarded");

    // The city comes back: the queued item goes up, the decisions come down in the city's order
    // (accepted, then published / rejected), and nothing older overwrites them.
    tiers.city.start();
    REQUIRE_MESSAGE(tiers.stage_becomes(tiers.county, accepted_then_published, "published"),
                    tiers.county.log());
    CHECK(tiers.stage_becomes(tiers.county, accepted_then_rejected, "city_rejected"));
    CHECK(tiers.stage_becomes(tiers.county, queued_while_away, "forwarded"));
    CHECK(tiers.terminal_shows(accepted_then_published, "published|"));
    CHECK(tiers.terminal_shows(accepted_then_rejected, "rejected|与已发榜项目重复"));
    CHECK(tiers.terminal_shows(queued_while_away, "forwarded|"));
    CHECK(tiers.stage(tiers.city, queued_while_away) == "received");

    // County and city agree on every item the city holds (R10).
    for (const std::string& receipt : {accepted_then_published, accepted_then_rejected}) {
        CHECK(column(tiers.county, receipt, "review_state") == column(tiers.city, receipt, "review_state"));
    }
    // The county applied the city's status entries once each: accepted, then rejected (two status entries
    // for the terminal after "forwarded"), never accepted again after the rejection.
    CHECK(
        tiers.county.count("SELECT count(*) FROM status_entries WHERE state = 'accepted' AND reason = '' AND "
                           "submission_id = (SELECT submission_id FROM submissions WHERE review_stage = "
                           "'city_rejected')") == 2);  // the county's own acceptance and the city's

    CHECK(tiers.terminal.agent().stop() == 0);
    CHECK(tiers.county.process().stop() == 0);
    CHECK(tiers.city.process().stop() == 0);
}

TEST_CASE("C12 and C13: a city that refuses forwards quarantines them - the county requeues after the fix") {
    Tiers tiers;
    const std::string receipt = tiers.file("新型显示材料");
    // Staff at the city enrolled the county under the wrong county code by mistake: the city refuses its
    // forwards for good (RECEIPT_MISMATCH, docs/protocol.md 5.3.1), the county sets them aside.
    auto enrol_county_as = [&](const std::string& county_code) {
        REQUIRE(
            jiebang_cli({"terminal", "revoke", "--store", tiers.city.store(), "--id", "440703"}).exit_code ==
            0);
        REQUIRE(
            jiebang_cli({"terminal", "enroll", "--store", tiers.city.store(), "--id", "440703", "--kind",
                         "county", "--county", county_code, "--curve-key", tiers.county.keys().public_key})
                .exit_code == 0);
    };
    enrol_county_as("440704");
    tiers.city.start();
    tiers.start_county();
    tiers.terminal.start_agent(tiers.county);
    tiers.wait_county_has(1);
    REQUIRE(tiers.staff(tiers.county, {"submissions", "accept", receipt}) == 0);
    REQUIRE(tiers.staff(tiers.county, {"submissions", "forward", receipt}) == 0);
    REQUIRE_MESSAGE(tiers.stage_becomes(tiers.county, receipt, "forward_refused"), tiers.county.log());
    CHECK(column(tiers.county, receipt, "forward_state") == "quarantined");
    CHECK(tiers.terminal_shows(receipt, "accepted|"));  // the applicant is not told about plumbing

    // Requeue is a county reviewer's action (C13), once the city's staff have enrolled the county right.
    enrol_county_as("440703");
    REQUIRE(tiers.staff(tiers.county, {"submissions", "requeue", receipt}) == 0);
    REQUIRE_MESSAGE(tiers.stage_becomes(tiers.county, receipt, "forwarded"), tiers.county.log());
    CHECK(tiers.stage(tiers.city, receipt) == "received");
    CHECK(tiers.terminal_shows(receipt, "forwarded|"));

    CHECK(tiers.terminal.agent().stop() == 0);
    CHECK(tiers.county.process().stop() == 0);
    CHECK(tiers.city.process().stop() == 0);
}

// Board curation (docs/protocol.md 17.2 BOARD-WITHDRAW, BOARD-SET-DEADLINE; issue 10 item 7): the city takes a
// listing off the board and sets another's deadline; each is a new board version that reaches the terminal
// through the county, a later publish does not bring the withdrawn listing back, and bad requests change
// nothing (proven by the board version staying where it was).
TEST_CASE("board curation: a withdrawn listing leaves every terminal's board and a deadline reaches them") {
    Tiers tiers;
    const std::string kept = tiers.file("高精度光栅尺国产化");
    const std::string withdrawn = tiers.file("废旧锂电池回收工艺");
    tiers.city.start();
    tiers.start_county();
    tiers.terminal.start_agent(tiers.county);
    tiers.wait_county_has(2);
    for (const std::string& receipt : {kept, withdrawn})
        REQUIRE(tiers.staff(tiers.county, {"submissions", "accept", receipt}) == 0);
    REQUIRE(
        jiebang_cli({"submissions", "forward", "--store", tiers.county.store(), kept, withdrawn}).exit_code ==
        0);
    REQUIRE_MESSAGE(wait_until([&] { return tiers.city.count("SELECT count(*) FROM submissions") == 2; }, 60),
                    tiers.county.log() << tiers.city.log());
    for (const std::string& receipt : {kept, withdrawn})
        REQUIRE(tiers.staff(tiers.city, {"submissions", "accept", receipt}) == 0);
    REQUIRE(tiers.staff(tiers.city, {"board", "publish"}) == 0);
    const std::string kept_listing = column(tiers.city, kept, "listing_id");
    const std::string withdrawn_listing = column(tiers.city, withdrawn, "listing_id");
    REQUIRE_FALSE(kept_listing.empty());
    REQUIRE_FALSE(withdrawn_listing.empty());

    // What the terminal holds (its store, written by its real agent).
    auto terminal_board = [&] {
        auto store = tiers.terminal.open_store();
        auto board = store.board();
        REQUIRE(board.ok());
        return board.value();
    };
    auto terminal_has_version = [&](std::int64_t version) {
        return wait_until([&] { return terminal_board().version == version; }, 60);
    };
    REQUIRE_MESSAGE(terminal_has_version(1), tiers.county.log() << tiers.terminal.agent_log());
    CHECK(terminal_board().listings.size() == 2);

    auto withdrawal = jiebang_cli({"board", "withdraw", "--store", tiers.city.store(), "--listing",
                                   withdrawn_listing, "--reason", "发榜企业已自行解决"});
    REQUIRE_MESSAGE(withdrawal.exit_code == 0, withdrawal.error);
    CHECK(withdrawal.out.find("published board version 2 with 1 listings") != std::string::npos);
    REQUIRE_MESSAGE(terminal_has_version(2), tiers.county.log() << tiers.terminal.agent_log());
    CHECK(terminal_board().listing(withdrawn_listing) == nullptr);
    CHECK(terminal_board().listing(kept_listing) != nullptr);

    // A deadline a month from now (China's date, as the server checks it).
    const auto today = lifecycle::CalendarDate::in_china_at(static_cast<std::int64_t>(std::time(nullptr)));
    const std::string deadline = today.plus_days(30).to_string();
    auto dated = jiebang_cli(
        {"board", "deadline", "--store", tiers.city.store(), "--listing", kept_listing, "--date", deadline});
    REQUIRE_MESSAGE(dated.exit_code == 0, dated.error);
    REQUIRE_MESSAGE(terminal_has_version(3), tiers.county.log() << tiers.terminal.agent_log());
    REQUIRE(terminal_board().listing(kept_listing) != nullptr);
    CHECK(terminal_board().listing(kept_listing)->deadline == deadline);

    // Refused, each by name, and nothing published: the city's board stays at version 3.
    const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
        {{"deadline", "--listing", kept_listing, "--date", "2027-02-30"}, "board.deadline_invalid"},
        {{"deadline", "--listing", kept_listing, "--date", today.plus_days(-1).to_string()},
         "board.deadline_past"},
        {{"withdraw", "--listing", withdrawn_listing, "--reason", "再撤一次"}, "board.listing_withdrawn"},
        {{"withdraw", "--listing", "JM-2026-999", "--reason", "不存在"}, "board.unknown_listing"},
        {{"withdraw", "--listing", kept_listing, "--reason", "   "}, "board.reason_missing"},
    };
    for (const auto& [words, code] : refused) {
        std::vector<std::string> arguments = {"board"};
        arguments.insert(arguments.end(), words.begin(), words.end());
        arguments.insert(arguments.end(), {"--store", tiers.city.store()});
        auto result = jiebang_cli(arguments);
        CAPTURE(code);
        CHECK(result.exit_code == 1);
        CHECK(result.error.find(code) != std::string::npos);
    }
    // A county has no board of its own to curate: the tier refuses it.
    auto at_county = jiebang_cli({"board", "withdraw", "--store", tiers.county.store(), "--listing",
                                  kept_listing, "--reason", "县区不能撤榜"});
    CHECK(at_county.exit_code == 1);
    CHECK(tiers.city.count("SELECT max(version) FROM boards") == 3);

    // A later publish keeps the withdrawal and the deadline.
    REQUIRE(tiers.staff(tiers.city, {"board", "publish"}) == 0);
    REQUIRE_MESSAGE(terminal_has_version(4), tiers.county.log() << tiers.terminal.agent_log());
    CHECK(terminal_board().listing(withdrawn_listing) == nullptr);
    REQUIRE(terminal_board().listing(kept_listing) != nullptr);
    CHECK(terminal_board().listing(kept_listing)->deadline == deadline);

    // Both are in the city's audit trail, with who and why.
    CHECK(tiers.city.count("SELECT count(*) FROM audit WHERE action = 'withdraw_listing' AND target = '" +
                           withdrawn_listing + "' AND reason = '发榜企业已自行解决'") == 1);
    CHECK(tiers.city.count("SELECT count(*) FROM audit WHERE action = 'set_deadline' AND state_after = '" +
                           deadline + "'") == 1);

    CHECK(tiers.terminal.agent().stop() == 0);
    CHECK(tiers.county.process().stop() == 0);
    CHECK(tiers.city.process().stop() == 0);
}

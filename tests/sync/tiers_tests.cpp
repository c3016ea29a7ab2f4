// tests/sync/tiers_tests.cpp — three tiers on loopback: terminal -> county aggregator -> city aggregator,
// with staff working through the staff commands at each tier; a return reaches the applicant's progress
// lookup, a forwarded demand reaches the city, the city's board comes back down to the terminal, and the
// county's exports (summary table CSV/XLSX, full data) and monthly report hold what was filed.
#include <doctest/doctest.h>

#include <ctime>

#include "sync/aggregator/monthly_report.hpp"
#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

TEST_CASE("terminal to county to city, and the board and progress back down to the terminal") {
    TempDir temp;
    Aggregator city(temp, "city", "city");
    Aggregator county(temp, "county", "county");
    REQUIRE(staff({"terminal", "enroll", "--store", city.store(), "--id", "440703", "--kind", "county",
                   "--county", "440703", "--curve-key", county.keys().public_key}) == 0);
    Terminal terminal(temp, 31);
    terminal.enroll(county);
    auto forwarded = terminal.commit(Terminal::demand("高端装备精密减速器"));
    auto returned = terminal.commit(Terminal::demand("待补充的需求"));

    city.start();
    county.start({"--upstream", city.endpoint(), "--upstream-key", city.keys().public_key});
    terminal.start_agent(county);
    REQUIRE_MESSAGE(wait_until([&] { return county.count("SELECT count(*) FROM submissions") == 2; }, 60),
                    county.log() << terminal.agent_log());

    // County staff: accept and forward one, return the other with a reason.
    const std::string first = forwarded.receipt.number.text();
    const std::string second = returned.receipt.number.text();
    CHECK(staff({"submissions", "forward", "--store", county.store(), first}) == 1);  // not accepted yet
    REQUIRE(staff({"submissions", "accept", "--store", county.store(), first}) == 0);
    REQUIRE(staff({"submissions", "forward", "--store", county.store(), first}) == 0);
    REQUIRE(staff({"submissions", "return", "--store", county.store(), second, "--reason",
                   "请补充技术指标"}) == 0);

    REQUIRE_MESSAGE(wait_until([&] { return city.count("SELECT count(*) FROM submissions") == 1; }, 60),
                    county.log() << city.log());
    CHECK(
        city.count(
            "SELECT count(*) FROM submissions WHERE county_admin_code = '440703' AND via_node = '440703'") ==
        1);
    CHECK(wait_until([&] {
        return county.count("SELECT count(*) FROM submissions WHERE review_state = 'forwarded'") == 1;
    }));

    // The return reaches the applicant's progress lookup at the terminal.
    CHECK(wait_until([&] {
        auto store = terminal.open_store();
        auto progress = store.progress(returned.receipt.number);
        return progress.ok() && progress->has_value() &&
               (**progress).state == ProgressState::ReturnedForCorrection &&
               (**progress).reason == "请补充技术指标";
    }));

    // City staff: accept and publish; the board comes down to the terminal, and the progress says published.
    REQUIRE(staff({"submissions", "accept", "--store", city.store(), first}) == 0);
    std::string published;
    REQUIRE(staff({"board", "publish", "--store", city.store()}, &published) == 0);
    CHECK(published.find("version 1 with 1 listings") != std::string::npos);
    CHECK(staff({"board", "publish", "--store", county.store()}) == 1);  // a county does not publish

    REQUIRE_MESSAGE(wait_until(
                        [&] {
                            auto store = terminal.open_store();
                            auto board = store.board();
                            return board.ok() && board->version == 1;
                        },
                        60),
                    county.log() << terminal.agent_log());
    auto store = terminal.open_store();
    auto board = store.board();
    REQUIRE(board.ok());
    REQUIRE(board->listings.size() == 1);
    CHECK(board->listings[0].title == "高端装备精密减速器");
    CHECK(board->listings[0].bounty_wan == "300");
    CHECK(wait_until([&] {
        auto lookup = terminal.open_store();
        auto progress = lookup.progress(forwarded.receipt.number);
        return progress.ok() && progress->has_value() && (**progress).state == ProgressState::Published;
    }));

    // County staff exports and reports what was filed there.
    const std::string csv = (temp / "summary.csv").string();
    REQUIRE(staff({"export", "summary", "--store", county.store(), "--batch", "1", "--format", "csv", "--out",
                   csv}) == 0);
    const std::string csv_text = read_file(csv);
    CHECK(csv_text.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv_text.find("重大技术需求（难题）题目") != std::string::npos);
    CHECK(csv_text.find("高端装备精密减速器") != std::string::npos);
    CHECK(csv_text.find("待补充的需求") == std::string::npos);  // returned: not recommended
    const std::string xlsx = (temp / "summary.xlsx").string();
    REQUIRE(staff({"export", "summary", "--store", county.store(), "--batch", "1", "--format", "xlsx",
                   "--out", xlsx}) == 0);
    CHECK(read_file(xlsx).rfind("PK", 0) == 0);
    const std::string full = (temp / "full.xlsx").string();
    CHECK(staff({"export", "full", "--store", county.store(), "--format", "xlsx", "--out", full}) == 0);
    // A format the summary has not (pdf it has, since the console prints it) and one `full` has not.
    CHECK(staff({"export", "summary", "--store", county.store(), "--batch", "1", "--format", "odt", "--out",
                 csv}) == 2);
    CHECK(staff({"export", "full", "--store", county.store(), "--format", "pdf", "--out", csv}) == 2);
    CHECK(staff({"export", "summary", "--store", county.store(), "--format", "csv", "--out", csv}) == 2);
    CHECK(staff({"export", "summary", "--store", county.store(), "--batch", "2", "--format", "csv", "--out",
                 csv}) == 1);  // no such batch

    std::time_t now = std::time(nullptr) + 8 * 3600;
    std::tm local{};
    gmtime_r(&now, &local);
    char month[8];
    std::strftime(month, sizeof month, "%Y-%m", &local);
    std::string report;
    REQUIRE(staff({"report", "monthly", "--store", county.store(), "--county", "440703", "--month", month,
                   "--format", "json"},
                  &report) == 0);
    // One of each submission (monthly_report.hpp invariant 1): two demands received, one returned by the county,
    // one on the city's board; no bid.
    auto parsed = jiebang::sync::monthly_report_from_json(report);
    REQUIRE(parsed.ok());
    CHECK(parsed->demand.received_in_month == 2);
    CHECK(parsed->demand.total_received == 2);
    CHECK(parsed->demand.stages_at_end ==
          std::map<std::string, std::int64_t>{{"published", 1}, {"returned", 1}});
    CHECK(parsed->bid.total_received == 0);
    REQUIRE(parsed->listings.size() == 1);  // the published listing, with no bids (invariant 3)
    CHECK(parsed->listings[0].title == "高端装备精密减速器");
    CHECK(parsed->listings[0].bids_total == 0);

    // The county sends it to the city (docs/protocol.md 20); the city lists and shows it as the county made it.
    REQUIRE(staff({"report", "monthly", "--store", county.store(), "--county", "440703", "--month", month,
                   "--send"}) == 0);
    CHECK(staff({"report", "monthly", "--store", city.store(), "--county", "440703", "--month", month,
                 "--send"}) == 1);  // a city sends no monthly report
    REQUIRE_MESSAGE(
        wait_until(
            [&] {
                return city.count(
                           "SELECT count(*) FROM monthly_reports WHERE county_admin_code = '440703'") == 1;
            },
            60),
        county.log() << city.log());
    CHECK(wait_until(
        [&] { return county.count("SELECT count(*) FROM monthly_reports_outbox WHERE sent_at > 0") == 1; }));
    std::string listed;
    REQUIRE(staff({"report", "list", "--store", city.store()}, &listed) == 0);
    CHECK(listed.find(std::string(month) + "  440703") != std::string::npos);
    std::string shown;
    REQUIRE(staff({"report", "show", "--store", city.store(), "--county", "440703", "--month", month,
                   "--format", "json"},
                  &shown) == 0);
    auto received = jiebang::sync::monthly_report_from_json(shown);
    REQUIRE(received.ok());
    CHECK(received->demand.stages_at_end == parsed->demand.stages_at_end);
    CHECK(received->listings.size() == 1);
    CHECK(staff({"report", "show", "--store", city.store(), "--county", "440704", "--month", month}) == 1);

    std::string feed;
    REQUIRE(staff({"feed", "tail", "--store", city.store(), "--from", "0"}, &feed) == 0);
    CHECK(feed.find("\"event\":\"received\"") != std::string::npos);
    CHECK(feed.find("\"event\":\"published\"") != std::string::npos);
    std::string later;
    REQUIRE(staff({"feed", "tail", "--store", city.store(), "--from", "1000"}, &later) == 0);
    CHECK(later.empty());

    std::string terminals;
    REQUIRE(staff({"terminal", "list", "--store", county.store()}, &terminals) == 0);
    CHECK(terminals.find("440703-031") != std::string::npos);
    CHECK(staff({"submissions", "show", "--store", county.store(), "no-such-receipt"}) == 1);
    CHECK(staff({"submissions", "frobnicate", "--store", county.store(), first}) == 2);

    CHECK(terminal.agent().stop() == 0);
    CHECK(county.process().stop() == 0);
    CHECK(city.process().stop() == 0);
}

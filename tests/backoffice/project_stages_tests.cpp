// tests/backoffice/project_stages_tests.cpp — project stages down to the county and the applicant's terminal
// (docs/protocol.md section 21, sync/aggregator/project_stages.hpp P1-P5) with real processes: a terminal's
// sync agent, a county and a city jiebang-aggregator on loopback; the demand and two bids are filed at the
// terminal and travel up; city staff run the project with the real `jiebang project … --remote` and their own
// keys; the county's uplink pulls the stages; the terminal asks its county for them by receipt number.
#include <doctest/doctest.h>

#include "backoffice_test_support.hpp"
#include "shared/forms/form.hpp"
#include "shared/lifecycle/calendar_date.hpp"
#include "sync/agent/county_requests.hpp"
#include "sync/aggregator/monthly_report.hpp"
#include "sync/aggregator/project_stages.hpp"
#include "tests/support/fixtures.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;

namespace {

const std::string passphrase = "city-staff-2026";

// A city with three staff members and a staff endpoint, a county enrolled at it, a terminal at the county.
struct ProjectTiers {
    TempDir temp;
    Aggregator city{temp, "city", "city"};
    Aggregator county{temp, "county", "county"};
    Terminal terminal{temp, 41};
    std::string staff_endpoint;

    ProjectTiers() {
        REQUIRE(jiebang_cli({"terminal", "enroll", "--store", city.store(), "--id", "440703", "--kind",
                             "county", "--county", "440703", "--curve-key", county.keys().public_key})
                    .exit_code == 0);
        terminal.enroll(county);
        for (const char* role : {"reviewer", "publisher", "admin"}) {
            auto added = jiebang_cli({"staff", "add", "--store", city.store(), "--name", "张伟", "--role",
                                      role, "--key-out", key(role)},
                                     {{"JIEBANG_PASSPHRASE", passphrase}});
            REQUIRE(added.exit_code == 0);
        }
        city.start({"--staff-listen", "tcp://127.0.0.1:*", "--area-code", "440700"});
        const auto file = city.store_file().parent_path() / "staff-listening.endpoint";
        REQUIRE(wait_until([&] { return std::filesystem::exists(file); }, 30));
        staff_endpoint = jiebang::sync::test::read_file(file);
        while (!staff_endpoint.empty() && (staff_endpoint.back() == '\n' || staff_endpoint.back() == '\r'))
            staff_endpoint.pop_back();
        start_county();
        terminal.start_agent(county);
    }
    void start_county() {
        county.start({"--upstream", city.endpoint(), "--upstream-key", city.keys().public_key});
    }
    std::string key(const std::string& role) const { return (temp / (role + ".key")).string(); }
    // `jiebang project WORDS... --remote` as the city's staff member of `role`; must succeed.
    void project(const std::string& role, std::vector<std::string> words) {
        words.insert(words.begin(), "project");
        words.insert(words.end(), {"--remote", staff_endpoint, "--server-key", city.keys().public_key,
                                   "--staff-key", key(role)});
        auto result = jiebang_cli(words, {{"JIEBANG_PASSPHRASE", passphrase}});
        INFO("jiebang " << words[1] << ": " << result.error);
        REQUIRE(result.exit_code == 0);
    }
    void wait_for(Aggregator& tier, std::int64_t count) {
        REQUIRE_MESSAGE(
            wait_until([&] { return tier.count("SELECT count(*) FROM submissions") == count; }, 60),
            county.log() << city.log() << terminal.agent_log());
    }
    // A bid on `listing` with its own title, filed at the terminal.
    std::string file_bid(const std::string& listing, const std::string& title) {
        auto forms = FormCatalog::load(default_assets_directory());
        REQUIRE(forms.ok());
        Submission bid;
        bid.kind = SubmissionKind::Bid;
        bid.form_version = 1;
        bid.created_at = static_cast<std::int64_t>(std::time(nullptr));
        bid.values = test_support::complete_bid("jiangmen");
        bid.values[std::string(forms->bid().field_id(FieldRole::Listing))] = listing;
        bid.values[std::string(forms->bid().field_id(FieldRole::Title))] = title;
        return terminal.commit(std::move(bid)).receipt.number.text();
    }
    // The county's stage of a receipt ("" none).
    std::string county_stage(const std::string& receipt) {
        auto store = sync::AggregatorStore::open(county.store_file());
        REQUIRE(store.ok());
        auto state = store->database().query_row(
            "SELECT state FROM county_project_stages WHERE receipt_number = ?1",
            [](const store::Statement& row) { return row.column_text(0); }, receipt);
        REQUIRE(state.ok());
        return state->value_or("");
    }
    // What the terminal learns from its county (the applicant's lookup, P5).
    sync::ProjectProgressReply ask(const std::string& receipt) {
        auto reply = sync::ask_project_progress(
            sync::CountyLink{county.endpoint(), county.keys().public_key, terminal.curve(), 5000}, receipt);
        REQUIRE_MESSAGE(reply.ok(), (reply.ok() ? "" : reply.error().code));
        return reply.value();
    }
};

}  // namespace

TEST_CASE(
    "project stages: a listing's issuer and both solvers see their project's stage at the terminal and the "
    "county keeps its share - a restarted county resumes") {
    ProjectTiers tiers;
    // The demand goes up, is accepted at both tiers and published: the listing.
    const std::string demand =
        tiers.terminal.commit(Terminal::demand("高精度光栅尺国产化")).receipt.number.text();
    tiers.wait_for(tiers.county, 1);
    REQUIRE(jiebang_cli({"submissions", "accept", "--store", tiers.county.store(), demand}).exit_code == 0);
    REQUIRE(jiebang_cli({"submissions", "forward", "--store", tiers.county.store(), demand}).exit_code == 0);
    tiers.wait_for(tiers.city, 1);
    REQUIRE(jiebang_cli({"submissions", "accept", "--store", tiers.city.store(), demand}).exit_code == 0);
    REQUIRE(jiebang_cli({"board", "publish", "--store", tiers.city.store()}).exit_code == 0);
    const std::string listing = column(tiers.city, demand, "listing_id");
    REQUIRE_FALSE(listing.empty());
    REQUIRE_MESSAGE(wait_until(
                        [&] {
                            auto board = tiers.terminal.open_store().board();
                            return board.ok() && board->listing(listing) != nullptr;
                        },
                        60),
                    tiers.terminal.agent_log());

    // Two bids on it from this county's terminal go up too.
    const std::string chosen = tiers.file_bid(listing, "光栅尺团队甲");
    const std::string other = tiers.file_bid(listing, "光栅尺团队乙");
    tiers.wait_for(tiers.county, 3);
    for (const std::string& bid : {chosen, other})
        REQUIRE(jiebang_cli({"submissions", "accept", "--store", tiers.county.store(), bid}).exit_code == 0);
    REQUIRE(
        jiebang_cli({"submissions", "forward", "--store", tiers.county.store(), chosen, other}).exit_code ==
        0);
    tiers.wait_for(tiers.city, 3);
    // Before any project: the county holds no stage and the terminal is told nothing (found = 0).
    CHECK_FALSE(tiers.ask(demand).found);

    // The city runs the project (the demand chose 赛马): both solvers chosen, contracts, 入库, notice, 立项,
    // plan, the advance paid.
    tiers.project("publisher",
                  {"create", "--listing", listing, "--county", "440703", "--date", "2026-06-10"});
    for (const auto& [bid_id, receipt] : {std::pair{"S1", chosen}, std::pair{"S2", other}}) {
        tiers.project("reviewer", {"bid", listing, "--bid", bid_id, "--solver", "五邑大学", "--receipt",
                                   receipt, "--date", "2026-07-01"});
        tiers.project("reviewer", {"score", listing, "--bid", bid_id, "--expert", "E1", "--score", "85",
                                   "--date", "2026-07-05"});
        tiers.project("reviewer", {"recommend", listing, "--bid", bid_id, "--yes", "--date", "2026-07-05"});
    }
    tiers.project("publisher",
                  {"select", listing, "--bids", "S1,S2", "--issuer-consent", "--date", "2026-07-20"});
    for (const char* bid_id : {"S1", "S2"}) {
        tiers.project("publisher", {"agree", listing, "--bid", bid_id, "--start", "2026-10-01", "--end",
                                    "2029-09-30", "--value", "200", "--date", "2026-08-20"});
    }
    tiers.project("publisher", {"register", listing, "--date", "2026-08-25"});
    tiers.project("publisher", {"notice", listing, "--date", "2026-09-01"});
    tiers.project("admin", {"approve", listing, "--date", "2026-09-08"});
    tiers.project("publisher", {"plan", listing, "--date", "2026-09-08"});
    tiers.project("admin", {"pay", listing, "--tranche", "advance", "--date", "2026-09-15"});

    // The county's uplink pulls the stages of its own receipts (P1, P4): the issuer's and both solvers'
    // project is under way, and the advance paid shows in the county's share (the last change made).
    auto county_paid = [&] {
        return tiers.county.count(
                   "SELECT count(*) FROM county_project_stages WHERE shares_json LIKE "
                   "'%\"paid\":\"%' AND shares_json NOT LIKE '%\"paid\":\"0\"%'") == 3;
    };
    REQUIRE_MESSAGE(
        wait_until([&] { return tiers.county_stage(other) == "in_progress" && county_paid(); }, 60),
        tiers.county.log() << tiers.city.log());
    CHECK(tiers.county_stage(demand) == "in_progress");
    CHECK(tiers.county_stage(chosen) == "in_progress");
    {
        auto store = sync::AggregatorStore::open(tiers.county.store_file());
        REQUIRE(store.ok());
        auto stages = sync::county_project_stages(store.value());
        REQUIRE(stages.ok());
        REQUIRE(stages->size() == 3);
        // P2: the county's own share, due and paid, and nothing of the city's.
        for (const auto& stage : stages.value()) {
            CAPTURE(stage.receipt_number);
            CHECK(stage.project_id == listing);
            CHECK(stage.project_number.rfind("JMJB-", 0) == 0);
            REQUIRE(stage.shares.size() == 1);
            CHECK(stage.shares[0].party == "county");
            CHECK_FALSE(stage.shares[0].due.empty());
            CHECK(stage.shares[0].paid != "0");
        }
    }

    // The county's 月报 carries the project's progress with the county's share (monthly_report.hpp invariant 5).
    const auto month = lifecycle::CalendarDate::in_china_at(static_cast<std::int64_t>(std::time(nullptr)));
    const auto report =
        jiebang_cli({"report", "monthly", "--store", tiers.county.store(), "--county", "440703", "--month",
                     month.to_string().substr(0, 7), "--format", "json"});
    REQUIRE_MESSAGE(report.exit_code == 0, report.error);
    auto parsed = sync::monthly_report_from_json(report.out);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->projects.size() == 1);
    CHECK(parsed->projects[0].project_id == listing);
    CHECK(parsed->projects[0].state == "in_progress");
    CHECK(parsed->projects[0].receipts == 3);
    CHECK_FALSE(parsed->projects[0].county_due.empty());
    CHECK(parsed->projects[0].county_paid != "0");

    // County staff list them (COUNTY-PROJECTS): the project, its state, three receipts of this county.
    const auto listed = jiebang_cli({"report", "projects", "--store", tiers.county.store()});
    REQUIRE_MESSAGE(listed.exit_code == 0, listed.error);
    CHECK(listed.out.find(listing + "\tJMJB-") != std::string::npos);
    CHECK(listed.out.find("\tin_progress\t3\t") != std::string::npos);

    // The applicant at the terminal: each receipt tells its own project's stage and number (P5).
    const sync::ProjectProgressReply issuer = tiers.ask(demand);
    CHECK(issuer.found);
    CHECK(issuer.state == "in_progress");
    CHECK(issuer.project_number.rfind("JMJB-", 0) == 0);
    CHECK(tiers.ask(chosen).state == "in_progress");
    CHECK(tiers.ask(other).state == "in_progress");
    CHECK_FALSE(tiers.ask("JM-03-041-20260101-0001-2").found);

    // A restarted county resumes at its cursor: a later change at the city (the mid-term review eliminates
    // the second solver) arrives, and the rows already applied are not applied twice.
    const std::int64_t cursor_before = tiers.county.count("SELECT after FROM project_stage_cursor");
    CHECK(cursor_before > 0);
    REQUIRE(tiers.county.process().stop() == 0);
    tiers.project("reviewer",
                  {"midterm", listing, "--outcome", "continue", "--eliminate", "S2", "--date", "2027-09-20"});
    tiers.start_county();
    REQUIRE_MESSAGE(wait_until([&] { return tiers.county_stage(other) == "eliminated"; }, 60),
                    tiers.county.log() << tiers.city.log());
    CHECK(tiers.county_stage(chosen) == "in_progress");
    CHECK(tiers.county_stage(demand) == "in_progress");
    CHECK(tiers.county.count("SELECT after FROM project_stage_cursor") > cursor_before);
    CHECK(tiers.county.count("SELECT count(*) FROM county_project_stages") == 3);
    CHECK(tiers.ask(other).state == "eliminated");

    CHECK(tiers.terminal.agent().stop() == 0);
    CHECK(tiers.county.process().stop() == 0);
    CHECK(tiers.city.process().stop() == 0);
}

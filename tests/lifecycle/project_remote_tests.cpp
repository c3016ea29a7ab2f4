// tests/lifecycle/project_remote_tests.cpp — the seeds' cases (issue 14 item 4) through real processes: a city
// jiebang-aggregator keeps the projects in its own store and staff act with `jiebang project … --remote`, each
// with their own key; the aggregator checks their role (docs/protocol.md 17.20 J1), writes the audit trail in the
// same transaction (J2) and refuses bad input with the same codes as a store file (J3). Figures are the seeds':
// Jingdezhen 002 第九条 (≤ 60 % of the bounty, ≤ 200万, 50/30/20; acceptance fails below 80 %; a contract not
// signed in time is forfeited), Jiangmen 001/003 (赛马 eliminates at mid-term; 台山 1:1, 蓬江 3:7 of 70万), Jiaxing
// 004 (enterprise-key 25 % of the contract, at most 300万, city/district 50/50, paid by results).
#include <doctest/doctest.h>

#include "tests/lifecycle/lifecycle_city_support.hpp"

using namespace jiebang;
using namespace jiebang::lifecycle::test;

TEST_CASE(
    "seed 002 through the city's aggregator: 300万 gives 180万 in 90/54/36, acceptance at 80 % releases the "
    "last "
    "tranche, at 79 % withholds it") {
    City city("jingdezhen", "360200",
              {board_listing("jingdezhen", "JDZ-2026-001", "300"),
               board_listing("jingdezhen", "JDZ-2026-002", "300")});
    for (const char* id : {"JDZ-2026-001", "JDZ-2026-002"}) {
        CAPTURE(id);
        jingdezhen_contract(city, id);
        const nlohmann::json contract =
            city.record("admin", {"pay", id, "--tranche", "contract", "--date", "2026-03-25"});
        CHECK(contract["action"] == "pay_tranche");
        CHECK(contract["actor"] == "staff-0004");  // the admin's key, not anything the command line said
        CHECK(contract["role"] == "admin");
        CHECK(contract["after"]["amount"] == "90");
        // A tranche before its condition is refused by the aggregator with the core's code (I5).
        auto early = city.as("admin", {"pay", id, "--tranche", "midterm", "--date", "2026-03-25"});
        CHECK(early.exit_code == 1);
        CHECK(early.error.find("lifecycle.tranche_not_due") != std::string::npos);
        CHECK(early.out.empty());
        city.must("reviewer", {"midterm", id, "--outcome", "continue", "--date", "2027-09-15"});
        CHECK(city.record("admin", {"pay", id, "--tranche", "midterm", "--date",
                                    "2027-09-20"})["after"]["amount"] == "54");
    }
    const nlohmann::json passed =
        city.record("reviewer", {"accept", "JDZ-2026-001", "--completion", "80", "--applied", "2029-04-10",
                                 "--met", jingdezhen_conditions, "--date", "2029-04-20"});
    CHECK(passed["state_after"] == "accepted");
    CHECK(city.record("admin", {"pay", "JDZ-2026-001", "--tranche", "acceptance", "--date",
                                "2029-05-01"})["after"]["amount"] == "36");
    const nlohmann::json failed =
        city.record("reviewer", {"accept", "JDZ-2026-002", "--completion", "79", "--applied", "2029-04-10",
                                 "--met", jingdezhen_conditions, "--date", "2029-04-20"});
    CHECK(failed["state_after"] == "acceptance_failed");
    CHECK(failed["after"]["tranche.acceptance"] == "withheld");
    auto withheld =
        city.as("admin", {"pay", "JDZ-2026-002", "--tranche", "acceptance", "--date", "2029-05-01"});
    CHECK(withheld.exit_code == 1);
    CHECK(withheld.error.find("lifecycle.tranche_withheld") != std::string::npos);

    const nlohmann::json accepted = city.show("JDZ-2026-001");
    CHECK(accepted["project_number"] == "JDZJB-2026-001");
    CHECK(accepted["funding"]["subsidy_wan"] == "180");
    CHECK(accepted["paid_wan"] == "180");
    CHECK(accepted["tranches"][2]["state"] == "paid");
    const nlohmann::json refused = city.show("JDZ-2026-002");
    CHECK(refused["paid_wan"] == "144");
    CHECK(refused["tranches"][2]["state"] == "withheld");
    CHECK(refused["timeline"].back()["action"] == "accept");

    // J2: every transition is one audit entry of the member who made it, in the aggregator's trail.
    CHECK(city.count(
              "SELECT count(*) FROM audit WHERE action = 'project_pay_tranche' AND staff_id = 'staff-0004' "
              "AND role = 'admin'") == 5);
    CHECK(city.count(
              "SELECT count(*) FROM audit WHERE action = 'project_accept' AND target = 'JDZ-2026-002' AND "
              "state_after = 'acceptance_failed'") == 1);
    CHECK(city.count("SELECT count(*) FROM audit WHERE action LIKE 'project_%'") ==
          city.count("SELECT count(*) FROM lifecycle_events"));
    auto verified = city.run({"audit", "verify", "--store", city.aggregator().store()});
    CHECK(verified.exit_code == 0);

    // The register and the year's count against the limit (Jingdezhen: 5 a year), as the command line prints it.
    const std::string listed = city.must("reviewer", {"list", "--year", "2026"});
    CHECK(listed.find("JDZ-2026-001\tJDZJB-2026-001\taccepted\t360203\tsingle\t180\t180") !=
          std::string::npos);
    CHECK(listed.find("JDZ-2026-002\tJDZJB-2026-002\tacceptance_failed\t360203\tsingle\t180\t144") !=
          std::string::npos);
    CHECK(listed.find("# jingdezhen 2026: 2 / 5") != std::string::npos);
}

TEST_CASE("project --remote: the server checks roles and input, refusals change nothing (J1, J3, I14)") {
    City city("jingdezhen", "360200",
              {board_listing("jingdezhen", "JDZ-2026-010", "200", "single", "non_enterprise")});
    // An auditor reads but makes no transition; a reviewer may not create (the lifecycle's role table).
    auto by_auditor = city.as("auditor", {"create", "--listing", "JDZ-2026-010", "--county", "360203"});
    CHECK(by_auditor.exit_code == 1);
    CHECK(by_auditor.error.find("staff.not_permitted") != std::string::npos);
    auto by_reviewer = city.as("reviewer", {"create", "--listing", "JDZ-2026-010", "--county", "360203"});
    CHECK(by_reviewer.exit_code == 1);
    CHECK(by_reviewer.error.find("lifecycle.role_not_allowed") != std::string::npos);
    // Only listings of the aggregator's own newest board.
    auto not_listed = city.as("publisher", {"create", "--listing", "JDZ-2026-999", "--county", "360203"});
    CHECK(not_listed.exit_code == 1);
    CHECK(not_listed.error.find("project.listing_not_on_board") != std::string::npos);
    CHECK(city.count("SELECT count(*) FROM audit WHERE action LIKE 'project_%'") == 0);

    city.must("publisher",
              {"create", "--listing", "JDZ-2026-010", "--county", "city_level", "--date", "2026-02-01"});
    // Who acts comes from the key: --actor and --role are refused with --remote (usage, exit 2), nothing sent.
    auto impersonating =
        city.as("reviewer", {"approve", "JDZ-2026-010", "--actor", "staff-0004", "--role", "admin"});
    CHECK(impersonating.exit_code == 2);
    CHECK(impersonating.error.find("who acts comes from your staff key") != std::string::npos);
    auto by_publisher = city.as("publisher", {"approve", "JDZ-2026-010", "--date", "2026-03-10"});
    CHECK(by_publisher.exit_code == 1);
    CHECK(by_publisher.error.find("lifecycle.role_not_allowed") != std::string::npos);
    auto bad_score =
        city.as("reviewer", {"score", "JDZ-2026-010", "--bid", "B1", "--expert", "E1", "--score", "many"});
    CHECK(bad_score.exit_code == 1);
    CHECK(bad_score.error.find("project.bad_value") != std::string::npos);
    auto unknown = city.as("admin", {"pay", "JDZ-2026-404", "--tranche", "contract"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.error.find("lifecycle.unknown_project") != std::string::npos);
    // Nothing but the create was recorded, in the trail and in the project's timeline.
    CHECK(city.count("SELECT count(*) FROM audit WHERE action LIKE 'project_%'") == 1);
    CHECK(city.show("JDZ-2026-010")["timeline"].size() == 1);
    CHECK(city.show("JDZ-2026-010")["timeline"][0]["actor"] == "staff-0002");
}

TEST_CASE("seed 002 through the city's aggregator: a contract not signed by its deadline is forfeited (I4)") {
    City city("jingdezhen", "360200",
              {board_listing("jingdezhen", "JDZ-2026-020", "200", "single", "non_enterprise")});
    const std::string id = "JDZ-2026-020";
    city.must("publisher", {"create", "--listing", id, "--county", "360202", "--date", "2026-02-01"});
    city.must("reviewer", {"bid", id, "--bid", "B1", "--solver", "示例研究院", "--date", "2026-02-10"});
    city.must("reviewer",
              {"score", id, "--bid", "B1", "--expert", "E1", "--score", "90", "--date", "2026-02-11"});
    city.must("reviewer", {"recommend", id, "--bid", "B1", "--yes", "--date", "2026-02-12"});
    city.must("publisher", {"select", id, "--bids", "B1", "--date", "2026-03-01"});
    city.must("admin", {"approve", id, "--date", "2026-03-10"});
    // The deadline is 30 days after 立项: the sweep the day before changes nothing; on the day it forfeits.
    CHECK(city.must("publisher", {"forfeit-overdue", "--profile", "jingdezhen", "--date", "2026-04-09"})
              .empty());
    auto late = city.as("publisher", {"agree", id, "--bid", "B1", "--start", "2026-05-01", "--end",
                                      "2029-04-30", "--value", "200", "--date", "2026-04-10"});
    CHECK(late.exit_code == 1);
    CHECK(late.error.find("lifecycle.signing_deadline_passed") != std::string::npos);
    const nlohmann::json swept = nlohmann::json::parse(
        city.must("publisher", {"forfeit-overdue", "--profile", "jingdezhen", "--date", "2026-04-10"}));
    CHECK(swept["state_after"] == "forfeited");
    CHECK(swept["actor"] == "staff-0002");
    CHECK(city.show(id)["bids"][0]["state"] == "forfeited");
    CHECK(city.count(
              "SELECT count(*) FROM audit WHERE action = 'project_forfeit' AND target = 'JDZ-2026-020' AND "
              "state_after = 'forfeited'") == 1);
    // A forfeited project frees its place in the year's count.
    CHECK(city.must("auditor", {"list"}).find("forfeited") != std::string::npos);
}

TEST_CASE(
    "seeds 001 and 003 through the city's aggregator: a 赛马 in 蓬江 (3:7) eliminates one of three solvers "
    "at "
    "mid-term, a project in 台山 shares 1:1") {
    City city("jiangmen", "440700",
              {board_listing("jiangmen", "JM-2026-007", "500", "race"),
               board_listing("jiangmen", "JM-2026-101", "400")});
    const std::string race = "JM-2026-007";
    city.must("publisher", {"create", "--listing", race, "--county", "440703", "--date", "2026-06-10"});
    for (const char* solver : {"S1", "S2", "S3"}) {
        city.must("reviewer",
                  {"bid", race, "--bid", solver, "--solver", "示例研究院", "--date", "2026-07-01"});
        city.must("reviewer", {"score", race, "--bid", solver, "--expert", "E1", "--score", "85", "--date",
                               "2026-07-05"});
        city.must("reviewer", {"recommend", race, "--bid", solver, "--yes", "--date", "2026-07-05"});
    }
    city.must("publisher",
              {"select", race, "--bids", "S1,S2,S3", "--issuer-consent", "--date", "2026-07-20"});
    for (const char* solver : {"S1", "S2", "S3"}) {
        city.must("publisher", {"agree", race, "--bid", solver, "--start", "2026-10-01", "--end",
                                "2028-09-30", "--value", "200", "--date", "2026-08-20"});
    }
    city.must("publisher", {"register", race, "--date", "2026-08-25"});
    city.must("publisher", {"notice", race, "--date", "2026-09-01"});
    city.must("admin", {"approve", race, "--date", "2026-09-08"});
    const nlohmann::json plan = city.record("publisher", {"plan", race, "--date", "2026-09-08"});
    CHECK(plan["after"]["subsidy"] == "70");
    CHECK(plan["after"]["share.city"] == "21");
    CHECK(plan["after"]["share.county"] == "49");
    city.must("admin", {"pay", race, "--tranche", "advance", "--date", "2026-09-15"});
    const nlohmann::json review = city.record(
        "reviewer", {"midterm", race, "--outcome", "continue", "--eliminate", "S3", "--date", "2027-09-20"});
    CHECK(review["after"]["eliminated"] == "S3");
    CHECK(review["after"]["continuing"] == "S1,S2");
    const nlohmann::json raced = city.show(race);
    CHECK(raced["bids"][2]["state"] == "eliminated");
    CHECK(raced["bids"][0]["state"] == "selected");
    CHECK(raced["tranches"][0]["shares"][0]["amount_wan"] == "21");
    CHECK(raced["tranches"][0]["shares"][1]["amount_wan"] == "49");

    const std::string taishan = "JM-2026-101";
    city.must("publisher", {"create", "--listing", taishan, "--county", "440781", "--date", "2026-06-10"});
    city.must("reviewer", {"bid", taishan, "--bid", "S1", "--solver", "五邑大学", "--date", "2026-07-01"});
    city.must("reviewer",
              {"score", taishan, "--bid", "S1", "--expert", "E1", "--score", "88", "--date", "2026-07-05"});
    city.must("reviewer", {"recommend", taishan, "--bid", "S1", "--yes", "--date", "2026-07-05"});
    city.must("publisher", {"select", taishan, "--bids", "S1", "--issuer-consent", "--date", "2026-07-20"});
    city.must("publisher", {"agree", taishan, "--bid", "S1", "--start", "2026-10-01", "--end", "2029-09-30",
                            "--value", "400", "--date", "2026-08-20"});
    city.must("publisher", {"register", taishan, "--date", "2026-08-25"});
    city.must("publisher", {"notice", taishan, "--date", "2026-09-01"});
    city.must("admin", {"approve", taishan, "--date", "2026-09-08"});
    const nlohmann::json shared = city.record("publisher", {"plan", taishan, "--date", "2026-09-08"});
    CHECK(shared["after"]["share.city"] == "35");
    CHECK(shared["after"]["share.county"] == "35");
    city.must("admin", {"pay", taishan, "--tranche", "advance", "--date", "2026-09-15"});
    CHECK(city.show(taishan)["paid_wan"] == "70");
    CHECK(city.must("auditor", {"list", "--county", "440781"})
              .find("JM-2026-101\tJMJB-2026-002\tin_progress\t440781") != std::string::npos);

    // The XLSX register and ledger over the channel: written by the client, the export audited at the city.
    const std::string xlsx = (city.folder() / "jiangmen.xlsx").string();
    const std::string exported = city.must("reviewer", {"export", "--out", xlsx});
    CHECK(exported.find("2 projects, 4 ledger lines") != std::string::npos);
    CHECK(std::filesystem::exists(xlsx));
    CHECK(city.count(
              "SELECT count(*) FROM audit WHERE action = 'export_projects' AND staff_id = 'staff-0001'") ==
          1);
}

TEST_CASE(
    "seed 004 through the city's aggregator: an enterprise-key project at 25 % is capped at 300万, paid by "
    "results") {
    City city("jiaxing", "330400",
              {board_listing("jiaxing", "JX-2026-005", "1500", "single", "enterprise", "enterprise_key")});
    const std::string id = "JX-2026-005";
    city.must("publisher", {"create", "--listing", id, "--county", "330402", "--date", "2026-05-01"});
    city.must("reviewer", {"bid", id, "--bid", "S1", "--solver", "浙江示例研究院", "--date", "2026-05-10"});
    city.must("reviewer",
              {"score", id, "--bid", "S1", "--expert", "E1", "--score", "88", "--date", "2026-05-20"});
    city.must("reviewer", {"recommend", id, "--bid", "S1", "--yes", "--date", "2026-05-20"});
    city.must("publisher", {"select", id, "--bids", "S1", "--issuer-consent", "--date", "2026-06-01"});
    auto unregistered = city.as("publisher", {"agree", id, "--bid", "S1", "--start", "2026-07-01", "--end",
                                              "2028-06-30", "--value", "1500", "--date", "2026-06-10"});
    CHECK(unregistered.exit_code == 1);
    CHECK(unregistered.error.find("lifecycle.contract_registration_required") != std::string::npos);
    city.must("publisher",
              {"agree", id, "--bid", "S1", "--start", "2026-07-01", "--end", "2028-06-30", "--value", "1500",
               "--registration", "330402-2026-000123", "--date", "2026-06-10"});
    city.must("admin", {"approve", id, "--date", "2026-06-20"});
    const nlohmann::json plan = city.record("publisher", {"plan", id, "--date", "2026-06-20"});
    CHECK(plan["after"]["base"] == "1500");
    CHECK(plan["after"]["subsidy"] == "300");  // 25 % would be 375
    CHECK(plan["after"]["capped"] == "true");
    CHECK(plan["after"]["share.city"] == "150");
    CHECK(plan["after"]["share.district"] == "150");
    auto early = city.as("admin", {"pay", id, "--tranche", "lump_sum", "--date", "2026-07-01"});
    CHECK(early.exit_code == 1);
    CHECK(early.error.find("lifecycle.tranche_not_due") != std::string::npos);
    city.must("reviewer", {"accept", id, "--completion", "90", "--date", "2028-07-15"});
    city.must("admin", {"pay", id, "--tranche", "lump_sum", "--date", "2028-07-30"});
    const nlohmann::json document = city.show(id);
    CHECK(document["paid_wan"] == "300");
    CHECK(document["tranches"][0]["shares"][0]["amount_wan"] == "150");
    CHECK(document["tranches"][0]["shares"][1]["amount_wan"] == "150");
}

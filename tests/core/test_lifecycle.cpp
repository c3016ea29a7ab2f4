// tests/core/test_lifecycle.cpp — the seeds' own cases driven through the project lifecycle on a real SQLite
// file: Jingdezhen 300万 bounty (subsidy 180万, tranches 90/54/36) accepted at 80 % and failed at 79 %; a
// Jiangmen 赛马 with three solvers where the mid-term review eliminates one; Jiangmen shares 1:1 (台山) and
// 3:7 (蓬江); Jiaxing enterprise-key at 25 % capped at 300万; a contract not signed by its deadline; the sixth
// Jingdezhen project of a year refused. Invariants cited (I1..I18) are those of docs/lifecycle.md.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/core/test_lifecycle_support.hpp"

using namespace jiebang;
using namespace jiebang::lifecycle;
using namespace jiebang::lifecycle::test;

namespace {

const std::string two_teams_uscc = "91440703MA4U111142";  // one unit, two teams (seed 002 article 5)

// A Jingdezhen listing through review, selection (the enterprise issuer agrees) and 立项, and the contract.
void jingdezhen_to_contract(LifecycleFixture& fixture, const std::string& id) {
    const Profile& profile = shipped_profile("jingdezhen");
    fixture.create(profile, listing(profile, id, "single", "300"), "360203", "2026-02-01");
    fixture.must(
        profile, id, reviewer(),
        AddBid{"B1", "JDZ-03-2026-000001-K", "景德镇陶瓷大学", two_teams_uscc, "釉料团队", "2026-02-10"});
    fixture.must(
        profile, id, reviewer(),
        AddBid{"B2", "JDZ-03-2026-000002-M", "景德镇陶瓷大学", two_teams_uscc, "窑炉团队", "2026-02-10"});
    for (const char* bid : {"B1", "B2"}) {
        fixture.must(profile, id, reviewer(), RecordScore{bid, "E1", 88, "2026-02-20"});
        fixture.must(profile, id, reviewer(), RecordScore{bid, "E2", 84, "2026-02-20"});
    }
    fixture.must(profile, id, reviewer(), RecordRecommendation{"B1", true, "", "2026-02-21"});
    fixture.must(profile, id, reviewer(), RecordRecommendation{"B2", false, "", "2026-02-21"});
    fixture.must(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", true, ""});
    fixture.must(profile, id, admin(), ApproveProject{"2026-03-10", "", false, ""});
    fixture.must(profile, id, publisher(), PlanFunding{"2026-03-10", std::nullopt});
    fixture.must(profile, id, publisher(),
                 SignAgreement{"B1", "2026-03-20", "2026-04-01", "2029-03-31", MoneyWan::from_wan(300), ""});
}

}  // namespace

TEST_CASE("Jingdezhen 300万 bounty: 180万 in 90/54/36, each tranche only after its condition, 80 % passes") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const std::string id = "JDZ-2026-001";
    jingdezhen_to_contract(fixture, id);

    Project project = fixture.project(id);
    CHECK(project.state == ProjectState::InProgress);
    CHECK(project.project_number == "JDZJB-2026-001");
    CHECK(project.signing_deadline == "2026-04-09");  // 立项 + the profile's 30 days
    CHECK(money(project.funding.subsidy) == "180");
    REQUIRE(project.tranches.size() == 3);
    CHECK(money(project.tranches[0].amount) == "90");
    CHECK(money(project.tranches[1].amount) == "54");
    CHECK(money(project.tranches[2].amount) == "36");
    CHECK(project.tranches[0].state == TrancheState::Due);  // the task contract is signed
    CHECK(project.tranches[1].state == TrancheState::Planned);
    // Two teams of one unit bid independently; only one was selected (I3).
    CHECK(project.bids.size() == 2);
    CHECK(project.bid("B2")->state == BidState::NotSelected);

    // I5: the mid-term and acceptance tranches cannot be released before their conditions.
    CHECK(fixture.refused(profile, id, admin(), PayTranche{"midterm", "2026-03-25"}) ==
          "lifecycle.tranche_not_due");
    CHECK(fixture.refused(profile, id, admin(), PayTranche{"acceptance", "2026-03-25"}) ==
          "lifecycle.tranche_not_due");
    const LifecycleAuditRecord paid =
        fixture.must(profile, id, admin(), PayTranche{"contract", "2026-03-25"});
    CHECK(value_of(paid.after, "amount") == "90");
    CHECK(paid.actor_id == "staff-a1");
    CHECK(paid.state_before == "in_progress");
    CHECK(fixture.refused(profile, id, admin(), PayTranche{"contract", "2026-03-26"}) ==
          "lifecycle.tranche_paid");

    // Acceptance needs the mid-term review first (seed 002 article 7).
    CHECK(fixture.refused(profile, id, reviewer(),
                          RecordAcceptance{"2029-04-10",
                                           "2029-04-20",
                                           9000,
                                           {"documents_genuine", "no_unresolved_disputes",
                                            "funds_used_properly", "no_integrity_problems"},
                                           {},
                                           ""}) == "lifecycle.midterm_review_missing");
    fixture.must(profile, id, reviewer(), RecordMidtermReview{"2027-09-15", "continue", {}, ""});
    fixture.must(profile, id, admin(), PayTranche{"midterm", "2027-09-20"});
    CHECK(fixture.refused(profile, id, admin(), PayTranche{"acceptance", "2027-09-20"}) ==
          "lifecycle.tranche_not_due");

    // Every condition of article 14 must be answered.
    CHECK(
        fixture.refused(profile, id, reviewer(),
                        RecordAcceptance{"2029-04-10", "2029-04-20", 8000, {"documents_genuine"}, {}, ""}) ==
        "lifecycle.condition_unanswered");
    // Article 13: the application comes within a month of the end (2029-03-31 -> 2029-04-30).
    CHECK(fixture.refused(profile, id, reviewer(),
                          RecordAcceptance{"2029-05-01",
                                           "2029-05-10",
                                           8000,
                                           {"documents_genuine", "no_unresolved_disputes",
                                            "funds_used_properly", "no_integrity_problems"},
                                           {},
                                           ""}) == "lifecycle.acceptance_application_late");
    const LifecycleAuditRecord accepted = fixture.must(
        profile, id, reviewer(),
        RecordAcceptance{
            "2029-04-30",
            "2029-05-10",
            8000,
            {"documents_genuine", "no_unresolved_disputes", "funds_used_properly", "no_integrity_problems"},
            {},
            ""});
    CHECK(accepted.state_after == "accepted");
    CHECK(value_of(accepted.after, "passed") == "true");
    CHECK(value_of(accepted.after, "threshold_percent") == "80");
    CHECK(fixture.refused(profile, id, publisher(), CloseProject{"2029-05-11", ""}) ==
          "lifecycle.tranche_outstanding");
    fixture.must(profile, id, admin(), PayTranche{"acceptance", "2029-05-15"});
    fixture.must(profile, id, publisher(), CloseProject{"2029-05-16", ""});

    project = fixture.project(id);
    CHECK(project.state == ProjectState::Closed);
    CHECK(money(project.paid_total()) == "180");
    CHECK(money(project.paid_to("B1")) == "180");
    CHECK(money(project.paid_by("city")) == "180");
    // I17: nothing after closure.
    CHECK(fixture.refused(profile, id, admin(), PayTranche{"acceptance", "2029-06-01"}) ==
          "lifecycle.wrong_state");
}

TEST_CASE(
    "Jingdezhen 300万 bounty accepted at 79 %: acceptance fails and the last tranche is withheld (I7)") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const std::string id = "JDZ-2026-002";
    jingdezhen_to_contract(fixture, id);
    fixture.must(profile, id, admin(), PayTranche{"contract", "2026-03-25"});
    fixture.must(profile, id, reviewer(), RecordMidtermReview{"2027-09-15", "continue", {}, ""});
    fixture.must(profile, id, admin(), PayTranche{"midterm", "2027-09-20"});
    const LifecycleAuditRecord failed = fixture.must(
        profile, id, reviewer(),
        RecordAcceptance{
            "2029-04-10",
            "2029-04-20",
            7900,
            {"documents_genuine", "no_unresolved_disputes", "funds_used_properly", "no_integrity_problems"},
            {},
            ""});
    CHECK(failed.state_after == "acceptance_failed");
    CHECK(value_of(failed.after, "passed") == "false");
    CHECK(value_of(failed.after, "tranche.acceptance") == "withheld");
    CHECK(fixture.refused(profile, id, admin(), PayTranche{"acceptance", "2029-05-15"}) ==
          "lifecycle.tranche_withheld");
    fixture.must(profile, id, publisher(), CloseProject{"2029-05-16", ""});
    const Project project = fixture.project(id);
    CHECK(project.state == ProjectState::Closed);
    CHECK(money(project.paid_total()) == "144");  // 90 + 54; the 36 was never released
    CHECK(project.tranche("acceptance")->state == TrancheState::Withheld);
    CHECK(project.tranche("acceptance")->paid_on.empty());
}

TEST_CASE("Jingdezhen: 80 % with false documents still fails (article 14 (2) 2)") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const std::string id = "JDZ-2026-003";
    jingdezhen_to_contract(fixture, id);
    fixture.must(profile, id, reviewer(), RecordMidtermReview{"2027-09-15", "continue", {}, ""});
    const LifecycleAuditRecord failed = fixture.must(
        profile, id, reviewer(),
        RecordAcceptance{"2029-04-10",
                         "2029-04-20",
                         8000,
                         {"no_unresolved_disputes", "funds_used_properly", "no_integrity_problems"},
                         {"documents_genuine"},
                         ""});
    CHECK(failed.state_after == "acceptance_failed");
    CHECK(value_of(failed.after, "conditions_failed") == "documents_genuine");
    // The unpaid mid-term tranche is withheld too.
    CHECK(fixture.project(id).tranche("midterm")->state == TrancheState::Withheld);
}

TEST_CASE(
    "Jiangmen 赛马: three solvers, the mid-term review eliminates one, who receives nothing further (I3, "
    "I10)") {
    const Profile& profile = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    const std::string id = "JM-2026-007";
    fixture.create(profile, listing(profile, id, "race", "500"), "440703", "2026-06-10");
    fixture.review_bids(profile, id, {"S1", "S2", "S3", "S4"}, {true, true, true, false}, "2026-07-05");
    // I3: a race chooses at least the profile's minimum (2); the issuer's consent is recorded (会同发榜方).
    CHECK(fixture.refused(profile, id, publisher(), SelectSolvers{{"S1"}, "2026-07-20", true, ""}) ==
          "lifecycle.selection_count");
    CHECK(fixture.refused(profile, id, publisher(),
                          SelectSolvers{{"S1", "S2", "S3"}, "2026-07-20", false, ""}) ==
          "lifecycle.issuer_consent_required");
    CHECK(fixture.refused(profile, id, publisher(), SelectSolvers{{"S1", "S4"}, "2026-07-20", true, ""}) ==
          "lifecycle.bid_not_recommended");
    fixture.must(profile, id, publisher(), SelectSolvers{{"S1", "S2", "S3"}, "2026-07-20", true, ""});
    for (const char* solver : {"S1", "S2", "S3"}) {
        fixture.must(
            profile, id, publisher(),
            SignAgreement{solver, "2026-08-20", "2026-10-01", "2028-09-30", MoneyWan::from_wan(200), ""});
    }
    CHECK(fixture.project(id).state == ProjectState::Agreed);
    fixture.must(profile, id, publisher(), RegisterProject{"2026-08-25"});
    fixture.must(profile, id, publisher(), OpenNotice{"2026-09-01"});
    fixture.must(profile, id, admin(), ApproveProject{"2026-09-08", "", false, ""});
    fixture.must(profile, id, publisher(), PlanFunding{"2026-09-08", std::nullopt});
    fixture.must(profile, id, admin(), PayTranche{"advance", "2026-09-15"});
    Project project = fixture.project(id);
    // The 70万 advance is shared equally among the three solvers active when it is paid.
    CHECK(money(project.paid_to("S1")) == "23.33");
    CHECK(money(project.paid_to("S2")) == "23.33");
    CHECK(money(project.paid_to("S3")) == "23.34");

    const LifecycleAuditRecord review = fixture.must(
        profile, id, reviewer(), RecordMidtermReview{"2027-09-20", "continue", {"S3"}, "阶段性考核"});
    CHECK(value_of(review.after, "eliminated") == "S3");
    CHECK(value_of(review.after, "continuing") == "S1,S2");
    CHECK(value_of(review.after, "shared_by") == "2");
    project = fixture.project(id);
    CHECK(project.bid("S3")->state == BidState::Eliminated);
    CHECK(project.bid("S3")->eliminated_in_review == 1);
    CHECK(project.active_solvers().size() == 2);
    // An eliminated solver cannot be eliminated again or go on; a single-solver project cannot eliminate.
    CHECK(
        fixture.refused(profile, id, reviewer(), RecordMidtermReview{"2028-03-01", "continue", {"S3"}, ""}) ==
        "lifecycle.solver_not_active");
    CHECK(fixture.refused(profile, id, reviewer(),
                          RecordMidtermReview{"2028-03-01", "continue", {"S1", "S2"}, ""}) ==
          "lifecycle.no_solver_continues");
    fixture.must(profile, id, reviewer(), RecordAcceptance{"", "2028-10-20", 9500, {}, {}, ""});
    fixture.must(profile, id, publisher(), CloseProject{"2028-10-30", ""});
    project = fixture.project(id);
    CHECK(money(project.paid_to("S3")) == "23.34");  // nothing after the elimination
    CHECK(money(project.paid_total()) == "70");
}

TEST_CASE("赛马 funding is concentrated on the solvers that go on (a race with staged tranches, I10)") {
    // The shipped Jiangmen profile pays one advance; here the same profile with three tranches (the seeds give
    // Jiangmen's staging to its implementing rules) shows where the later tranches go.
    const Profile& shipped = shipped_profile("jiangmen");
    jiebang::test_support::TemporaryDirectory folder;
    std::string text;
    {
        std::ifstream stream(shipped.source_file);
        std::stringstream buffer;
        buffer << stream.rdbuf();
        text = buffer.str();
    }
    const std::string advance =
        R"({"id": "advance", "name": {"zh": "事前资助，一次拨付", "en": "Paid in advance, in one payment"}, "percent": 100})";
    const std::string staged =
        R"({"id": "advance", "name": {"zh": "立项后", "en": "After approval"}, "percent": 50},
           {"id": "midterm", "name": {"zh": "中期检查后", "en": "After the mid-term check"}, "percent": 30},
           {"id": "acceptance", "name": {"zh": "验收后", "en": "After acceptance"}, "percent": 20})";
    REQUIRE(text.find(advance) != std::string::npos);
    text.replace(text.find(advance), advance.size(), staged);
    const std::string conditions = R"({"tranche": "advance", "condition": "approved"})";
    REQUIRE(text.find(conditions) != std::string::npos);
    text.replace(text.find(conditions), conditions.size(),
                 std::string(conditions) + R"(, {"tranche": "midterm", "condition": "midterm_passed"},
                 {"tranche": "acceptance", "condition": "acceptance_passed"})");
    std::ofstream(folder / "jiangmen.json") << text;
    Result<Profile> loaded = ProfileCatalog::load_file(folder / "jiangmen.json");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().detail));
    const Profile& profile = loaded.value();

    LifecycleFixture fixture;
    const std::string id = "JM-2026-011";
    fixture.create(profile, listing(profile, id, "race", "500"), "440781", "2026-06-10");
    fixture.review_bids(profile, id, {"S1", "S2", "S3"}, {true, true, true}, "2026-07-05");
    fixture.must(profile, id, publisher(), SelectSolvers{{"S1", "S2", "S3"}, "2026-07-20", true, ""});
    for (const char* solver : {"S1", "S2", "S3"}) {
        fixture.must(
            profile, id, publisher(),
            SignAgreement{solver, "2026-08-20", "2026-10-01", "2028-09-30", MoneyWan::from_wan(200), ""});
    }
    fixture.must(profile, id, publisher(), RegisterProject{"2026-08-25"});
    fixture.must(profile, id, admin(), ApproveProject{"2026-09-08", "", true, "涉密项目"});
    fixture.must(profile, id, publisher(), PlanFunding{"2026-09-08", std::nullopt});
    fixture.must(profile, id, admin(), PayTranche{"advance", "2026-09-15"});  // 35万 among three
    const LifecycleAuditRecord review =
        fixture.must(profile, id, reviewer(), RecordMidtermReview{"2027-09-20", "continue", {"S2"}, ""});
    CHECK(value_of(review.after, "unpaid") == "35");  // 21 + 14 still to pay, now between two
    CHECK(value_of(review.after, "shared_by") == "2");
    fixture.must(profile, id, admin(), PayTranche{"midterm", "2027-09-25"});  // 21万 between two
    fixture.must(profile, id, reviewer(), RecordAcceptance{"", "2028-10-20", 9000, {}, {}, ""});
    fixture.must(profile, id, admin(), PayTranche{"acceptance", "2028-10-25"});  // 14万 between two
    const Project project = fixture.project(id);
    // The advance (35 = 17.5 city + 17.5 county) in thirds; the later 21 and 14 in halves between S1 and S3.
    CHECK(money(project.paid_to("S2")) == "11.66");  // its third of the advance, nothing after
    CHECK(money(project.paid_to("S1")) == "29.16");  // 11.66 + 10.5 + 7
    CHECK(money(project.paid_to("S3")) == "29.18");  // 11.68 + 10.5 + 7
    for (const Payment& payment : project.payments) {
        if (payment.tranche_id != "advance")
            CHECK(payment.bid_id != "S2");
    }
    CHECK(money(project.paid_total()) == "70");
}

TEST_CASE(
    "Jiangmen cost shares: 台山 pays 1:1, 蓬江 3:7 of the 70万 (seed 003), in the ledger and the payments") {
    const Profile& profile = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    struct Case {
        std::string id;
        std::string county;
        std::string city_share;
        std::string county_share;
    };
    for (const Case& entry :
         {Case{"JM-2026-101", "440781", "35", "35"}, Case{"JM-2026-102", "440703", "21", "49"}}) {
        CAPTURE(entry.county);
        fixture.create(profile, listing(profile, entry.id, "single", "400"), entry.county, "2026-06-10");
        fixture.review_bids(profile, entry.id, {"S1"}, {true}, "2026-07-05");
        fixture.must(profile, entry.id, publisher(), SelectSolvers{{"S1"}, "2026-07-20", true, ""});
        fixture.must(
            profile, entry.id, publisher(),
            SignAgreement{"S1", "2026-08-20", "2026-10-01", "2029-09-30", MoneyWan::from_wan(400), ""});
        fixture.must(profile, entry.id, publisher(), RegisterProject{"2026-08-25"});
        fixture.must(profile, entry.id, publisher(), OpenNotice{"2026-09-01"});
        fixture.must(profile, entry.id, admin(), ApproveProject{"2026-09-08", "", false, ""});
        const LifecycleAuditRecord plan =
            fixture.must(profile, entry.id, publisher(), PlanFunding{"2026-09-08", {}});
        CHECK(value_of(plan.after, "subsidy") == "70");
        CHECK(value_of(plan.after, "share.city") == entry.city_share);
        CHECK(value_of(plan.after, "share.county") == entry.county_share);
        fixture.must(profile, entry.id, admin(), PayTranche{"advance", "2026-09-15"});
        const Project project = fixture.project(entry.id);
        REQUIRE(project.tranches.size() == 1);
        REQUIRE(project.tranches[0].shares.size() == 2);
        CHECK(money(project.tranches[0].shares[0].amount) == entry.city_share);
        CHECK(money(project.tranches[0].shares[1].amount) == entry.county_share);
        CHECK(money(project.paid_by("city")) == entry.city_share);
        CHECK(money(project.paid_by("county")) == entry.county_share);
    }
    CHECK(fixture.project("JM-2026-101").project_number == "JMJB-2026-001");
    CHECK(fixture.project("JM-2026-102").project_number == "JMJB-2026-002");
}

TEST_CASE(
    "Jiaxing enterprise-key project: 25 % of the contract capped at 300万, paid by results, city/district "
    "50/50") {
    const Profile& profile = shipped_profile("jiaxing");
    LifecycleFixture fixture;
    const std::string id = "JX-2026-005";
    fixture.create(profile, listing(profile, id, "single", "1500", "enterprise", "enterprise_key"), "330402",
                   "2026-05-01");
    fixture.review_bids(profile, id, {"S1"}, {true}, "2026-05-20");
    fixture.must(profile, id, publisher(), SelectSolvers{{"S1"}, "2026-06-01", true, ""});
    // The technology contract is registered at the technology market (seed 004 二(二)3).
    CHECK(fixture.refused(
              profile, id, publisher(),
              SignAgreement{"S1", "2026-06-10", "2026-07-01", "2028-06-30", MoneyWan::from_wan(1500), ""}) ==
          "lifecycle.contract_registration_required");
    fixture.must(profile, id, publisher(),
                 SignAgreement{"S1", "2026-06-10", "2026-07-01", "2028-06-30", MoneyWan::from_wan(1500),
                               "330402-2026-000123"});
    fixture.must(profile, id, admin(), ApproveProject{"2026-06-20", "", false, ""});
    const LifecycleAuditRecord plan = fixture.must(profile, id, publisher(), PlanFunding{"2026-06-20", {}});
    CHECK(value_of(plan.after, "base") == "1500");
    CHECK(value_of(plan.after, "subsidy") == "300");  // 25 % would be 375
    CHECK(value_of(plan.after, "capped") == "true");
    CHECK(value_of(plan.after, "share.city") == "150");
    CHECK(value_of(plan.after, "share.district") == "150");
    // By results: the one payment falls due at acceptance, not before.
    CHECK(fixture.refused(profile, id, admin(), PayTranche{"lump_sum", "2026-07-01"}) ==
          "lifecycle.tranche_not_due");
    // Jiaxing states no extension: the profile does not offer it.
    CHECK(fixture.refused(profile, id, admin(), ExtendProject{"2027-01-01", "2028-12-31", "原因"}) ==
          "lifecycle.step_not_in_profile");
    fixture.must(profile, id, publisher(), RecordProgress{"2026-Q3", "2026-10-05", 3000, ""});
    CHECK(fixture.refused(profile, id, publisher(), RecordProgress{"2026-10", "2026-10-05", 3000, ""}) ==
          "lifecycle.period_format");  // Jiaxing reports by quarter
    fixture.must(profile, id, reviewer(), RecordAcceptance{"", "2028-07-15", 9000, {}, {}, ""});
    fixture.must(profile, id, admin(), PayTranche{"lump_sum", "2028-07-30"});
    const Project project = fixture.project(id);
    CHECK(money(project.paid_total()) == "300");
    CHECK(money(project.paid_by("city")) == "150");
    CHECK(money(project.paid_by("district")) == "150");
}

TEST_CASE("A contract not signed by its deadline is forfeited, never before the deadline (I4)") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const std::string id = "JDZ-2026-020";
    fixture.create(profile, listing(profile, id, "single", "150", "non_enterprise"), "", "2026-02-01");
    fixture.review_bids(profile, id, {"B1"}, {true}, "2026-02-20");
    // A non-enterprise listing: the bureau chooses; no issuer consent is needed.
    const LifecycleAuditRecord selected =
        fixture.must(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", false, ""});
    CHECK(value_of(selected.after, "decided_by") == "bureau");
    fixture.must(profile, id, admin(), ApproveProject{"2026-03-10", "", false, ""});
    CHECK(fixture.project(id).signing_deadline == "2026-04-09");
    CHECK(fixture.refused(profile, id, publisher(), ForfeitUnsigned{"2026-04-09"}) ==
          "lifecycle.signing_deadline_not_passed");
    CHECK(fixture.refused(profile, id, publisher(),
                          SignAgreement{"B1", "2026-04-10", "2026-05-01", "2029-04-30",
                                        MoneyWan::from_wan(150), ""}) == "lifecycle.signing_deadline_passed");
    const LifecycleAuditRecord forfeited =
        fixture.must(profile, id, publisher(), ForfeitUnsigned{"2026-04-10"});
    CHECK(forfeited.state_after == "forfeited");
    CHECK(value_of(forfeited.after, "forfeited") == "B1");
    const Project project = fixture.project(id);
    CHECK(project.state == ProjectState::Forfeited);
    CHECK(project.bid("B1")->state == BidState::Forfeited);
    CHECK(project.ended_reason == "contract_not_signed");
    CHECK(fixture.refused(profile, id, publisher(), PlanFunding{"2026-04-11", {}}) ==
          "lifecycle.wrong_state");

    // The sweep finds overdue projects by itself.
    const std::string other = "JDZ-2026-021";
    fixture.create(profile, listing(profile, other, "single", "150", "non_enterprise"), "", "2026-02-01");
    fixture.review_bids(profile, other, {"B1"}, {true}, "2026-02-20");
    fixture.must(profile, other, publisher(), SelectSolvers{{"B1"}, "2026-03-01", false, "2026-03-31"});
    fixture.must(profile, other, admin(), ApproveProject{"2026-03-10", "", false, ""});
    CHECK(fixture.project(other).signing_deadline == "2026-03-31");  // set by staff at the selection
    Result<std::vector<LifecycleAuditRecord>> early =
        fixture.store().forfeit_overdue(profile, publisher(), "2026-03-31", 1);
    REQUIRE(early.ok());
    CHECK(early->empty());
    Result<std::vector<LifecycleAuditRecord>> swept =
        fixture.store().forfeit_overdue(profile, publisher(), "2026-04-01", 2);
    REQUIRE(swept.ok());
    REQUIRE(swept->size() == 1);
    CHECK((*swept)[0].project_id == other);
    CHECK(fixture.project(other).state == ProjectState::Forfeited);
}

TEST_CASE(
    "Jingdezhen: the sixth 立项 of a year is refused, forfeited and withdrawn projects free their place "
    "(I11)") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const auto prepare = [&](const std::string& id) {
        fixture.create(profile, listing(profile, id, "single", "200", "non_enterprise"), "360222",
                       "2026-02-01");
        fixture.review_bids(profile, id, {"B1"}, {true}, "2026-02-20");
        fixture.must(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", false, ""});
    };
    for (int number = 1; number <= 6; ++number)
        prepare("JDZ-2026-10" + std::to_string(number));
    for (int number = 1; number <= 5; ++number)
        fixture.must(profile, "JDZ-2026-10" + std::to_string(number), admin(),
                     ApproveProject{"2026-03-10", "", false, ""});
    Result<int> count = fixture.store().approved_in_year("jingdezhen", 2026);
    REQUIRE(count.ok());
    CHECK(*count == 5);
    Result<LifecycleAuditRecord> sixth =
        fixture.act(profile, "JDZ-2026-106", admin(), ApproveProject{"2026-11-30", "", false, ""});
    REQUIRE_FALSE(sixth.ok());
    CHECK(sixth.error().code == "lifecycle.yearly_limit_reached");
    CHECK(sixth.error().argument("limit") == "5");
    CHECK(sixth.error().argument("value") == "2026");
    // The next year counts afresh.
    const LifecycleAuditRecord next_year =
        fixture.must(profile, "JDZ-2026-106", admin(), ApproveProject{"2027-01-05", "", false, ""});
    CHECK(value_of(next_year.after, "project_number") == "JDZJB-2027-001");
    // A withdrawn project (nothing paid) frees its place in its year.
    prepare("JDZ-2026-107");
    fixture.must(profile, "JDZ-2026-101", admin(), WithdrawProject{"2026-04-01", "发榜方撤回需求"});
    const LifecycleAuditRecord replaced =
        fixture.must(profile, "JDZ-2026-107", admin(), ApproveProject{"2026-12-01", "", false, ""});
    CHECK(value_of(replaced.after, "project_number") == "JDZJB-2026-006");  // numbers are never reused
}

// tests/core/test_lifecycle_json.cpp — a project's JSON read back (shared/lifecycle/lifecycle_json.hpp
// invariants 1 and 2: what the aggregator sends in PROJECT-REGISTER / PROJECT-COPY is what a client shows), and
// the one builder of actions from named arguments (lifecycle_request.hpp: the command line and PROJECT-ACT).
#include <doctest/doctest.h>

#include "shared/lifecycle/lifecycle_json.hpp"
#include "shared/lifecycle/lifecycle_request.hpp"
#include "tests/core/test_lifecycle_support.hpp"

using namespace jiebang;
using namespace jiebang::lifecycle;
using namespace jiebang::lifecycle::test;

TEST_CASE(
    "lifecycle JSON: a project with its ledger and timeline reads back as it was written (invariant 1)") {
    const Profile& profile = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    const std::string id = "JM-2026-007";
    fixture.create(profile, listing(profile, id, "race", "500"), "440703", "2026-06-10");
    for (const char* solver : {"S1", "S2", "S3"}) {
        fixture.must(profile, id, reviewer(), AddBid{solver, "", "示例研究院", "", "团队", "2026-07-01"});
        fixture.must(profile, id, reviewer(), RecordScore{solver, "E1", 85, "2026-07-05"});
        fixture.must(profile, id, reviewer(), RecordRecommendation{solver, true, "推荐", "2026-07-05"});
    }
    fixture.must(profile, id, publisher(), SelectSolvers{{"S1", "S2", "S3"}, "2026-07-20", true, ""});
    for (const char* solver : {"S1", "S2", "S3"}) {
        fixture.must(
            profile, id, publisher(),
            SignAgreement{solver, "2026-08-20", "2026-10-01", "2028-09-30", MoneyWan::from_wan(200), ""});
    }
    fixture.must(profile, id, publisher(), RegisterProject{"2026-08-25"});
    fixture.must(profile, id, publisher(), OpenNotice{"2026-09-01"});
    fixture.must(profile, id, publisher(), FileObjection{"2026-09-03", "对资质有疑问"});
    fixture.must(profile, id, admin(), ResolveObjection{1, false, "2026-09-06", "资质齐全"});
    fixture.must(profile, id, admin(), ApproveProject{"2026-09-08", "", false, ""});
    fixture.must(profile, id, publisher(), PlanFunding{"2026-09-08", std::nullopt});
    fixture.must(profile, id, admin(), PayTranche{"advance", "2026-09-15"});
    fixture.must(profile, id, reviewer(), RecordProgress{"2027-03", "2027-04-02", 4050, "进展顺利"});
    fixture.must(profile, id, reviewer(), RecordMidtermReview{"2027-09-20", "continue", {"S3"}, ""});
    fixture.must(profile, id, admin(), ExtendProject{"2028-06-01", "2029-03-31", "设备到货延迟"});
    fixture.must(profile, id, reviewer(), RecordAcceptance{"", "2029-04-10", 9250, {}, {}, ""});

    const Project project = fixture.project(id);
    auto timeline = fixture.store().timeline(id);
    REQUIRE(timeline.ok());
    const std::string written = project_to_json(project, *timeline);
    Result<ProjectDocument> read = project_from_json(written);
    REQUIRE_MESSAGE(read.ok(), (read.ok() ? std::string() : read.error().field + " " + read.error().detail));
    CHECK(project_to_json(read->project, read->timeline) == written);
    CHECK(read->project.approval_year == 2026);
    CHECK(read->project.bid("S3")->state == BidState::Eliminated);
    CHECK(read->project.bid("S3")->eliminated_in_review == 1);
    CHECK(read->project.bid("S1")->recommendation_note == "推荐");
    CHECK(read->project.funding.shares.size() == 2);
    CHECK(read->project.paid_total().hundredths == project.paid_total().hundredths);
    CHECK(read->timeline.size() == timeline->size());
    CHECK(read->timeline.back().after == timeline->back().after);
    Result<LifecycleAuditRecord> record = audit_record_from_json(audit_record_to_json(timeline->front()));
    REQUIRE(record.ok());
    CHECK(record->action == "create");
    CHECK(record->actor_id == timeline->front().actor_id);
}

TEST_CASE("lifecycle JSON: what the reader does not understand is refused naming the key (invariant 2)") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    fixture.create(profile, listing(profile, "JDZ-2026-001", "single", "300"), "360203", "2026-02-01");
    const std::string written = project_to_json(fixture.project("JDZ-2026-001"), {});
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string changed = written;
        const auto at = changed.find(from);
        REQUIRE(at != std::string::npos);
        changed.replace(at, from.size(), to);
        return project_from_json(changed);
    };
    Result<ProjectDocument> state = replaced("\"state\": \"review\"", "\"state\": \"dreaming\"");
    REQUIRE_FALSE(state.ok());
    CHECK(state.error().code == "lifecycle.document_invalid");
    CHECK(state.error().field == "state");
    Result<ProjectDocument> money = replaced("\"bounty_wan\": \"300\"", "\"bounty_wan\": \"三百\"");
    REQUIRE_FALSE(money.ok());
    CHECK(money.error().field == "bounty_wan");
    Result<ProjectDocument> missing = replaced("\"mechanism\": \"single\",", "");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().field == "mechanism");
    Result<ProjectDocument> garbage = project_from_json("{\"project\": ");
    REQUIRE_FALSE(garbage.ok());
    CHECK(garbage.error().code == "lifecycle.document_invalid");
}

TEST_CASE(
    "lifecycle requests: one builder for the command line and PROJECT-ACT refuses what a command does not "
    "take") {
    ActionArguments arguments;
    arguments.values = {{"bid", "B1"}, {"expert", "E1"}, {"score", "86"}};
    Result<LifecycleAction> score = action_from_arguments("score", arguments, "2026-02-20");
    REQUIRE(score.ok());
    CHECK(std::get<RecordScore>(*score).score == 86);
    CHECK(std::get<RecordScore>(*score).on == "2026-02-20");

    arguments.values["amount"] = "9";
    Result<LifecycleAction> extra = action_from_arguments("score", arguments, "2026-02-20");
    REQUIRE_FALSE(extra.ok());
    CHECK(extra.error().code == "project.unknown_option");
    CHECK(extra.error().field == "--amount");

    ActionArguments flagged;
    flagged.values = {{"bid", "B1"}};
    flagged.flags = {"yes", "no"};
    Result<LifecycleAction> both = action_from_arguments("recommend", flagged, "2026-02-21");
    REQUIRE_FALSE(both.ok());
    CHECK(both.error().code == "project.bad_value");
    flagged.flags = {"upheld"};
    CHECK(action_from_arguments("recommend", flagged, "2026-02-21").error().code == "project.unknown_option");

    ActionArguments money;
    money.values = {{"bid", "B1"}, {"start", "2026-04-01"}, {"end", "2029-03-31"}, {"value", "3百"}};
    Result<LifecycleAction> agreement = action_from_arguments("agree", money, "2026-03-20");
    REQUIRE_FALSE(agreement.ok());
    CHECK(agreement.error().field == "--value");
    CHECK(action_from_arguments("fund", {}, "2026-03-20").error().code == "project.unknown_command");
    ActionArguments missing;
    CHECK(action_from_arguments("pay", missing, "2026-03-20").error().code == "project.missing_option");
    // Every command of the table has a usage line that starts with its name.
    for (const ActionCommand& command : action_commands()) {
        CAPTURE(command.name);
        CHECK(command.usage.rfind(command.name + " ", 0) == 0);
    }
}

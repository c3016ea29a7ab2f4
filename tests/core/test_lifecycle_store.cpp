// tests/core/test_lifecycle_store.cpp — the lifecycle store on real SQLite files: all or nothing (I1), the
// caller's transaction (joined, and rolled back with it), the timeline as the audit trail (I15), roles (I14),
// final states (I17), stage order and dates (I16), public notice and objections (I8), termination and recovery
// (I13), extension, withdrawal, re-planning (I12), the ledger adding up (I9), and a store kept in another
// program's database without touching its tables or its schema version.
#include <doctest/doctest.h>

#include "tests/core/test_lifecycle_support.hpp"

using namespace jiebang;
using namespace jiebang::lifecycle;
using namespace jiebang::lifecycle::test;

namespace {

// A Jiangmen single project up to 立项 (through the public notice), funding planned.
void jiangmen_approved(LifecycleFixture& fixture, const std::string& id, const std::string& county) {
    const Profile& profile = shipped_profile("jiangmen");
    fixture.create(profile, listing(profile, id, "single", "400"), county, "2026-06-10");
    fixture.review_bids(profile, id, {"S1"}, {true}, "2026-07-05");
    fixture.must(profile, id, publisher(), SelectSolvers{{"S1"}, "2026-07-20", true, ""});
    fixture.must(profile, id, publisher(),
                 SignAgreement{"S1", "2026-08-20", "2026-10-01", "2029-09-30", MoneyWan::from_wan(400), ""});
    fixture.must(profile, id, publisher(), RegisterProject{"2026-08-25"});
    fixture.must(profile, id, publisher(), OpenNotice{"2026-09-01"});
    fixture.must(profile, id, admin(), ApproveProject{"2026-09-08", "", false, ""});
    fixture.must(profile, id, publisher(), PlanFunding{"2026-09-08", {}});
}

std::int64_t count_rows(store::Database& database, const std::string& table) {
    Result<std::int64_t> count = database.query_int("SELECT COUNT(*) FROM " + table);
    REQUIRE(count.ok());
    return *count;
}

}  // namespace

TEST_CASE("lifecycle store: a refused action changes nothing, on disk or in the timeline (I1)") {
    const Profile& profile = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    jiangmen_approved(fixture, "JM-2026-201", "440703");
    const Project before = fixture.project("JM-2026-201");
    Result<std::vector<LifecycleAuditRecord>> timeline_before = fixture.store().timeline("JM-2026-201");
    REQUIRE(timeline_before.ok());
    // Refused for several reasons: a tranche that does not exist, a role, a final-state action.
    CHECK(fixture.refused(profile, "JM-2026-201", admin(), PayTranche{"midterm", "2026-09-10"}) ==
          "lifecycle.unknown_tranche");
    CHECK(fixture.refused(profile, "JM-2026-201", publisher(), PayTranche{"advance", "2026-09-10"}) ==
          "lifecycle.role_not_allowed");
    CHECK(fixture.refused(profile, "JM-2026-201", admin(),
                          TerminateProject{"2026-10-01", "不可抗力", {{"unspent", MoneyWan::from_wan(1)}}}) ==
          "lifecycle.recovery_exceeds_paid");
    const Project after = fixture.project("JM-2026-201");
    CHECK(after.state == before.state);
    CHECK(after.tranches[0].state == TrancheState::Due);
    CHECK(after.payments.empty());
    Result<std::vector<LifecycleAuditRecord>> timeline_after = fixture.store().timeline("JM-2026-201");
    REQUIRE(timeline_after.ok());
    CHECK(timeline_after->size() == timeline_before->size());
}

TEST_CASE("lifecycle store: every transition is one timeline entry, the same record the caller gets (I15)") {
    const Profile& profile = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    jiangmen_approved(fixture, "JM-2026-202", "440781");
    const LifecycleAuditRecord paid =
        fixture.must(profile, "JM-2026-202", admin(), PayTranche{"advance", "2026-09-15"});
    Result<std::vector<LifecycleAuditRecord>> timeline = fixture.store().timeline("JM-2026-202");
    REQUIRE(timeline.ok());
    // create, 1 bid x (add, 2 scores, recommend), select, agree, register, notice, approve, plan, pay.
    REQUIRE(timeline->size() == 12);
    CHECK(timeline->front().action == "create");
    CHECK(timeline->front().state_before.empty());
    CHECK(timeline->front().state_after == "review");
    const LifecycleAuditRecord& last = timeline->back();
    CHECK(last.sequence == paid.sequence);
    CHECK(last.action == "pay_tranche");
    CHECK(last.actor_id == "staff-a1");
    CHECK(last.actor_role == "admin");
    CHECK(last.at == paid.at);
    CHECK(last.before == paid.before);
    CHECK(last.after == paid.after);
    CHECK(value_of(last.before, "tranche_state") == "due");
    CHECK(value_of(last.after, "tranche_state") == "paid");
    // Times are strictly increasing, states chain: each entry starts where the previous ended.
    for (std::size_t position = 1; position < timeline->size(); ++position) {
        CHECK((*timeline)[position].sequence > (*timeline)[position - 1].sequence);
        CHECK((*timeline)[position].state_before == (*timeline)[position - 1].state_after);
    }
    // No personal data in the audit values: the solver's and issuer's names never appear.
    for (const LifecycleAuditRecord& record : *timeline) {
        for (const auto* pairs : {&record.before, &record.after}) {
            for (const auto& [key, value] : *pairs) {
                CHECK(value.find("示例") == std::string::npos);
            }
        }
    }
}

TEST_CASE("lifecycle store: inside the caller's transaction the writes join it and roll back with it (I1)") {
    const Profile& profile = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    jiangmen_approved(fixture, "JM-2026-203", "440703");
    REQUIRE(fixture.database().execute("CREATE TABLE caller_audit (entry TEXT NOT NULL)").ok());
    {
        Result<store::Transaction> transaction = store::Transaction::begin(fixture.database());
        REQUIRE(transaction.ok());
        REQUIRE(fixture.database().execute("INSERT INTO caller_audit VALUES ('before')").ok());
        fixture.must(profile, "JM-2026-203", admin(), PayTranche{"advance", "2026-09-15"});
        // A refused action inside the same transaction undoes only itself.
        CHECK(fixture.refused(profile, "JM-2026-203", admin(), PayTranche{"advance", "2026-09-16"}) ==
              "lifecycle.tranche_paid");
        CHECK(fixture.project("JM-2026-203").payments.size() == 2);
        // The caller gives up: nothing of the payment remains.
    }
    CHECK(fixture.project("JM-2026-203").payments.empty());
    CHECK(count_rows(fixture.database(), "caller_audit") == 0);
    {
        Result<store::Transaction> transaction = store::Transaction::begin(fixture.database());
        REQUIRE(transaction.ok());
        const LifecycleAuditRecord record =
            fixture.must(profile, "JM-2026-203", admin(), PayTranche{"advance", "2026-09-15"});
        REQUIRE(fixture.database().execute("INSERT INTO caller_audit VALUES ('" + record.action + "')").ok());
        REQUIRE(transaction->commit().ok());
    }
    // Reopened from the file: the payment and the caller's row are both there.
    store::Database reopened = LifecycleFixture::open_database(fixture.file());
    LifecycleStore store(reopened);
    Result<std::optional<Project>> loaded = store.load("JM-2026-203");
    REQUIRE(loaded.ok());
    REQUIRE(loaded->has_value());
    CHECK(money((*loaded)->paid_total()) == "70");
    CHECK(count_rows(reopened, "caller_audit") == 1);
}

TEST_CASE("lifecycle store: lives in another program's database without touching its tables or version") {
    jiebang::test_support::TemporaryDirectory folder;
    const std::vector<store::Migration> host_migrations = {
        {1, "CREATE TABLE host_things (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"},
        {2, "ALTER TABLE host_things ADD COLUMN note TEXT NOT NULL DEFAULT '';"}};
    Result<store::Database> opened = store::Database::open(folder / "host.sqlite", host_migrations);
    REQUIRE(opened.ok());
    store::Database& database = opened.value();
    REQUIRE(database.execute("INSERT INTO host_things (name) VALUES ('kept')").ok());
    REQUIRE(LifecycleStore::install(database).ok());
    REQUIRE(LifecycleStore::install(database).ok());  // idempotent
    CHECK(database.user_version() == 2);
    CHECK(count_rows(database, "host_things") == 1);
    Result<std::int64_t> version = database.query_int("SELECT version FROM lifecycle_schema");
    REQUIRE(version.ok());
    CHECK(*version == 1);
    // A newer lifecycle schema is refused, not damaged.
    REQUIRE(database.execute("UPDATE lifecycle_schema SET version = 99").ok());
    const Status refused = LifecycleStore::install(database);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "lifecycle.schema_too_new");
}

TEST_CASE("lifecycle: roles — county staff see only, reviewers review, admins approve and pay (I14)") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const std::string id = "JDZ-2026-301";
    fixture.create(profile, listing(profile, id, "single", "300"), "360202", "2026-02-01");
    Result<LifecycleAuditRecord> by_county = fixture.store().create(
        profile, county_viewer(),
        CreateProject{listing(profile, "JDZ-2026-302", "single", "300"), "360202", "2026-02-01"}, 1);
    REQUIRE_FALSE(by_county.ok());
    CHECK(by_county.error().code == "lifecycle.role_not_allowed");
    CHECK(fixture.refused(profile, id, county_viewer(), AddBid{"B1", "", "示例大学", "", "", "2026-02-10"}) ==
          "lifecycle.role_not_allowed");
    fixture.must(profile, id, reviewer(), AddBid{"B1", "", "示例大学", "", "", "2026-02-10"});
    CHECK(fixture.refused(profile, id, publisher(), RecordScore{"B1", "E1", 90, "2026-02-11"}) ==
          "lifecycle.role_not_allowed");
    fixture.must(profile, id, reviewer(), RecordScore{"B1", "E1", 90, "2026-02-11"});
    fixture.must(profile, id, reviewer(), RecordRecommendation{"B1", true, "", "2026-02-12"});
    CHECK(fixture.refused(profile, id, reviewer(), SelectSolvers{{"B1"}, "2026-03-01", true, ""}) ==
          "lifecycle.role_not_allowed");
    fixture.must(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", true, ""});
    CHECK(fixture.refused(profile, id, publisher(), ApproveProject{"2026-03-10", "", false, ""}) ==
          "lifecycle.role_not_allowed");
    fixture.must(profile, id, admin(), ApproveProject{"2026-03-10", "", false, ""});
    for (Role role : {Role::Reviewer, Role::Publisher, Role::Admin, Role::County}) {
        CAPTURE(role_code(role));
        CHECK(role_may(role, "pay_tranche") == (role == Role::Admin));
        CHECK(role_may(role, "select") == (role == Role::Publisher || role == Role::Admin));
        CHECK_FALSE(role_may(Role::County, "progress_report"));
    }
}

TEST_CASE(
    "lifecycle: the review comes first — scores in range, a score before a recommendation, all reviewed "
    "(I2)") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const std::string id = "JDZ-2026-310";
    fixture.create(profile, listing(profile, id, "single", "300"), "360202", "2026-02-01");
    CHECK(fixture.refused(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", true, ""}) ==
          "lifecycle.bids_not_reviewed");
    fixture.must(profile, id, reviewer(), AddBid{"B1", "", "示例大学", "", "", "2026-02-10"});
    fixture.must(profile, id, reviewer(), AddBid{"B2", "", "示例研究院", "", "", "2026-02-10"});
    CHECK(fixture.refused(profile, id, reviewer(), AddBid{"B1", "", "示例大学", "", "", "2026-02-10"}) ==
          "lifecycle.bid_exists");
    CHECK(fixture.refused(profile, id, reviewer(),
                          AddBid{"B3", "", "示例", "91440703MA4U111143", "", "2026-02-10"}) ==
          "uscc.check_character");
    CHECK(fixture.refused(profile, id, reviewer(), RecordScore{"B1", "E1", 101, "2026-02-11"}) ==
          "lifecycle.score_range");
    CHECK(fixture.refused(profile, id, reviewer(), RecordRecommendation{"B1", true, "", "2026-02-11"}) ==
          "lifecycle.bid_not_scored");
    fixture.must(profile, id, reviewer(), RecordScore{"B1", "E1", 70, "2026-02-11"});
    // A correction keeps the old score in the audit record.
    const LifecycleAuditRecord corrected =
        fixture.must(profile, id, reviewer(), RecordScore{"B1", "E1", 75, "2026-02-12"});
    CHECK(value_of(corrected.before, "score") == "70");
    CHECK(value_of(corrected.after, "score") == "75");
    CHECK(fixture.project(id).bid("B1")->scores.size() == 1);
    fixture.must(profile, id, reviewer(), RecordRecommendation{"B1", true, "", "2026-02-12"});
    CHECK(fixture.refused(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", true, ""}) ==
          "lifecycle.bids_not_reviewed");  // B2 has no recommendation yet
    fixture.must(profile, id, reviewer(), RecordScore{"B2", "E1", 60, "2026-02-11"});
    fixture.must(profile, id, reviewer(), RecordRecommendation{"B2", true, "", "2026-02-12"});
    CHECK(fixture.refused(profile, id, publisher(), SelectSolvers{{"B1", "B2"}, "2026-03-01", true, ""}) ==
          "lifecycle.selection_single");
    CHECK(fixture.refused(profile, id, publisher(), SelectSolvers{{"B1", "B1"}, "2026-03-01", true, ""}) ==
          "lifecycle.bid_named_twice");
    fixture.must(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", true, ""});
    CHECK(fixture.refused(profile, id, reviewer(), RecordScore{"B2", "E2", 60, "2026-03-02"}) ==
          "lifecycle.wrong_state");
}

TEST_CASE("lifecycle: stages follow the profile's order and never go back in time (I16)") {
    const Profile& profile = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    const std::string id = "JM-2026-320";
    fixture.create(profile, listing(profile, id, "single", "400"), "440703", "2026-06-10");
    fixture.review_bids(profile, id, {"S1"}, {true}, "2026-07-05");
    CHECK(
        fixture.refused(profile, id, publisher(), SelectSolvers{{"S1"}, "2026-07-20", true, "2026-08-31"}) ==
        "lifecycle.step_not_in_profile");
    fixture.must(profile, id, publisher(), SelectSolvers{{"S1"}, "2026-07-20", true, ""});
    // Jiangmen forfeits nothing, so it sets no signing deadline and has no forfeiture sweep.
    CHECK(fixture.refused(profile, "JM-2026-320", publisher(), ForfeitUnsigned{"2026-09-01"}) ==
          "lifecycle.step_not_in_profile");
    Result<std::vector<LifecycleAuditRecord>> sweep =
        fixture.store().forfeit_overdue(profile, publisher(), "2026-09-01", 1);
    REQUIRE_FALSE(sweep.ok());
    CHECK(sweep.error().code == "lifecycle.step_not_in_profile");
    // Jiangmen: contract, then 入库, then 立项.
    CHECK(fixture.refused(profile, id, publisher(), RegisterProject{"2026-08-25"}) ==
          "lifecycle.stage_order");
    CHECK(fixture.refused(profile, id, admin(), ApproveProject{"2026-08-25", "", false, ""}) ==
          "lifecycle.stage_order");
    CHECK(fixture.refused(
              profile, id, publisher(),
              SignAgreement{"S1", "2026-07-19", "2026-10-01", "2029-09-30", MoneyWan::from_wan(400), ""}) ==
          "lifecycle.date_before_previous_step");
    CHECK(fixture.refused(
              profile, id, publisher(),
              SignAgreement{"S1", "2026-08-20", "2026-10-01", "2029-10-02", MoneyWan::from_wan(400), ""}) ==
          "lifecycle.period_too_long");  // more than 3 years (seed 001 五(三))
    CHECK(fixture.refused(profile, id, publisher(),
                          SignAgreement{"S1", "2026-08-20", "2026-10-01", "2029-02-30",
                                        MoneyWan::from_wan(400), ""}) == "lifecycle.date_format");
    fixture.must(profile, id, publisher(),
                 SignAgreement{"S1", "2026-08-20", "2026-10-01", "2029-09-30", MoneyWan::from_wan(400), ""});
    CHECK(fixture.refused(profile, id, publisher(),
                          SignAgreement{"S1", "2026-08-21", "2026-10-01", "2029-09-30",
                                        MoneyWan::from_wan(400), ""}) == "lifecycle.stage_order");
    fixture.must(profile, id, publisher(), RegisterProject{"2026-08-25"});
    CHECK(fixture.project(id).state == ProjectState::Registered);
}

TEST_CASE("lifecycle: 立项 after a public notice without open or upheld objections (I8)") {
    const Profile& profile = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    const std::string id = "JM-2026-330";
    fixture.create(profile, listing(profile, id, "single", "400"), "440705", "2026-06-10");
    fixture.review_bids(profile, id, {"S1"}, {true}, "2026-07-05");
    fixture.must(profile, id, publisher(), SelectSolvers{{"S1"}, "2026-07-20", true, ""});
    fixture.must(profile, id, publisher(),
                 SignAgreement{"S1", "2026-08-20", "2026-10-01", "2029-09-30", MoneyWan::from_wan(400), ""});
    fixture.must(profile, id, publisher(), RegisterProject{"2026-08-25"});
    CHECK(fixture.refused(profile, id, admin(), ApproveProject{"2026-09-08", "", false, ""}) ==
          "lifecycle.notice_not_opened");
    const LifecycleAuditRecord opened = fixture.must(profile, id, publisher(), OpenNotice{"2026-09-01"});
    CHECK(value_of(opened.after, "notice_end") == "2026-09-07");  // 7 days (assumed in the profile)
    CHECK(fixture.refused(profile, id, publisher(), FileObjection{"2026-09-08", "异议内容"}) ==
          "lifecycle.objection_outside_notice");
    fixture.must(profile, id, publisher(), FileObjection{"2026-09-03", "揭榜方知识产权存在争议"});
    CHECK(fixture.refused(profile, id, admin(), ApproveProject{"2026-09-07", "", false, ""}) ==
          "lifecycle.notice_running");
    CHECK(fixture.refused(profile, id, admin(), ApproveProject{"2026-09-08", "", false, ""}) ==
          "lifecycle.objection_open");
    fixture.must(profile, id, admin(), ResolveObjection{1, true, "2026-09-06", "经核实，争议属实"});
    CHECK(fixture.refused(profile, id, admin(), ApproveProject{"2026-09-08", "", false, ""}) ==
          "lifecycle.objection_upheld");
    const LifecycleAuditRecord withdrawn =
        fixture.must(profile, id, admin(), WithdrawProject{"2026-09-10", "公示异议成立"});
    CHECK(withdrawn.state_after == "withdrawn");
    CHECK(fixture.refused(profile, id, admin(), ApproveProject{"2026-09-11", "", false, ""}) ==
          "lifecycle.wrong_state");
    // An explicit project number is checked for use by another project.
    jiangmen_approved(fixture, "JM-2026-331", "440705");
    fixture.create(profile, listing(profile, "JM-2026-332", "single", "400"), "440705", "2026-06-10");
    fixture.review_bids(profile, "JM-2026-332", {"S1"}, {true}, "2026-07-05");
    fixture.must(profile, "JM-2026-332", publisher(), SelectSolvers{{"S1"}, "2026-07-20", true, ""});
    fixture.must(profile, "JM-2026-332", publisher(),
                 SignAgreement{"S1", "2026-08-20", "2026-10-01", "2029-09-30", MoneyWan::from_wan(400), ""});
    fixture.must(profile, "JM-2026-332", publisher(), RegisterProject{"2026-08-25"});
    fixture.must(profile, "JM-2026-332", publisher(), OpenNotice{"2026-09-01"});
    CHECK(fixture.refused(profile, "JM-2026-332", admin(),
                          ApproveProject{"2026-09-08", "JMJB-2026-001", false, ""}) ==
          "lifecycle.project_number_taken");
    fixture.must(profile, "JM-2026-332", admin(), ApproveProject{"2026-09-08", "JMKJ-2026-A17", false, ""});
    CHECK(fixture.project("JM-2026-332").project_number == "JMKJ-2026-A17");
}

TEST_CASE("lifecycle: termination recovers what the city's rules allow, never more than paid (I6, I13)") {
    const Profile& jiangmen = shipped_profile("jiangmen");
    LifecycleFixture fixture;
    jiangmen_approved(fixture, "JM-2026-340", "440703");
    fixture.must(jiangmen, "JM-2026-340", admin(), PayTranche{"advance", "2026-09-15"});
    CHECK(
        fixture.refused(jiangmen, "JM-2026-340", admin(),
                        TerminateProject{"2027-03-01", "不可抗力", {{"unspent", MoneyWan::from_wan(71)}}}) ==
        "lifecycle.recovery_exceeds_paid");
    CHECK(
        fixture.refused(jiangmen, "JM-2026-340", admin(),
                        TerminateProject{"2027-03-01", "不可抗力", {{"interest", MoneyWan::from_wan(1)}}}) ==
        "lifecycle.recovery_not_applicable");
    const LifecycleAuditRecord terminated = fixture.must(
        jiangmen, "JM-2026-340", admin(),
        TerminateProject{
            "2027-03-01", "不可抗力", {{"unspent", MoneyWan::from_wan(20)}, {"misused", MoneyWan{500}}}});
    CHECK(terminated.state_after == "terminated");
    CHECK(value_of(terminated.after, "recovered.unspent") == "20");
    CHECK(value_of(terminated.after, "recovered.misused") == "5");
    const Project project = fixture.project("JM-2026-340");
    REQUIRE(project.recoveries.size() == 2);
    // 蓬江 paid 3:7, so the recovery goes back 3:7.
    CHECK(money(project.recoveries[0].shares[0].amount) == "6");
    CHECK(money(project.recoveries[0].shares[1].amount) == "14");
    CHECK(money(project.recoveries[1].shares[0].amount) == "1.5");
    CHECK(money(project.recoveries[1].shares[1].amount) == "3.5");
    CHECK(money(project.recovered_total()) == "25");
    fixture.must(jiangmen, "JM-2026-340", publisher(), CloseProject{"2027-03-10", ""});

    // Jingdezhen recovers only misused funds (articles 11 and 12); a stopped project's tranches are cancelled.
    const Profile& jingdezhen = shipped_profile("jingdezhen");
    const std::string id = "JDZ-2026-341";
    fixture.create(jingdezhen, listing(jingdezhen, id, "single", "300", "non_enterprise"), "360202",
                   "2026-02-01");
    fixture.review_bids(jingdezhen, id, {"B1"}, {true}, "2026-02-20");
    fixture.must(jingdezhen, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", false, ""});
    fixture.must(jingdezhen, id, admin(), ApproveProject{"2026-03-10", "", false, ""});
    fixture.must(jingdezhen, id, publisher(),
                 SignAgreement{"B1", "2026-03-20", "2026-04-01", "2029-03-31", MoneyWan::from_wan(300), ""});
    fixture.must(jingdezhen, id, publisher(), PlanFunding{"2026-03-21", {}});
    fixture.must(jingdezhen, id, admin(), PayTranche{"contract", "2026-03-25"});
    const LifecycleAuditRecord stopped = fixture.must(
        jingdezhen, id, reviewer(), RecordMidtermReview{"2027-09-15", "stop", {}, "进度严重滞后"});
    CHECK(stopped.state_after == "stopped");
    CHECK(fixture.project(id).tranche("midterm")->state == TrancheState::Cancelled);
    CHECK(fixture.refused(jingdezhen, id, admin(), PayTranche{"midterm", "2027-09-20"}) ==
          "lifecycle.tranche_cancelled");
    CHECK(fixture.refused(
              jingdezhen, id, admin(),
              TerminateProject{"2027-10-01", "中期评估不再支持", {{"unspent", MoneyWan::from_wan(10)}}}) ==
          "lifecycle.recovery_not_applicable");
    fixture.must(jingdezhen, id, admin(), TerminateProject{"2027-10-01", "中期评估不再支持", {}});
    CHECK(money(fixture.project(id).paid_total()) == "90");
}

TEST_CASE("lifecycle: an extension moves the end and the acceptance window with it") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const std::string id = "JDZ-2026-350";
    fixture.create(profile, listing(profile, id, "single", "300", "non_enterprise"), "360281", "2026-02-01");
    fixture.review_bids(profile, id, {"B1"}, {true}, "2026-02-20");
    fixture.must(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", false, ""});
    fixture.must(profile, id, admin(), ApproveProject{"2026-03-10", "", false, ""});
    fixture.must(profile, id, publisher(),
                 SignAgreement{"B1", "2026-03-20", "2026-04-01", "2029-03-31", MoneyWan::from_wan(300), ""});
    fixture.must(profile, id, reviewer(), RecordMidtermReview{"2027-09-15", "continue", {}, ""});
    CHECK(fixture.refused(profile, id, admin(), ExtendProject{"2029-01-10", "2029-03-31", "设备到货延迟"}) ==
          "lifecycle.extension_not_later");
    const LifecycleAuditRecord extended =
        fixture.must(profile, id, admin(), ExtendProject{"2029-01-10", "2029-09-30", "设备到货延迟"});
    CHECK(value_of(extended.before, "end_on") == "2029-03-31");
    CHECK(value_of(extended.after, "end_on") == "2029-09-30");
    // Applying in October 2029 is within a month of the new end.
    fixture.must(profile, id, reviewer(),
                 RecordAcceptance{"2029-10-20",
                                  "2029-10-25",
                                  8500,
                                  {"documents_genuine", "no_unresolved_disputes", "funds_used_properly",
                                   "no_integrity_problems"},
                                  {},
                                  ""});
    const Project project = fixture.project(id);
    CHECK(project.state == ProjectState::Accepted);
    CHECK(project.original_end_on == "2029-03-31");
    CHECK(project.extensions.size() == 1);
}

TEST_CASE(
    "lifecycle: the ledger adds up to the cent for awkward amounts, and the plan is fixed once paid (I9, "
    "I12)") {
    const Profile& profile = shipped_profile("jingdezhen");
    LifecycleFixture fixture;
    const std::string id = "JDZ-2026-360";
    fixture.create(profile, listing(profile, id, "single", "123.45", "non_enterprise"), "360202",
                   "2026-02-01");
    fixture.review_bids(profile, id, {"B1"}, {true}, "2026-02-20");
    fixture.must(profile, id, publisher(), SelectSolvers{{"B1"}, "2026-03-01", false, ""});
    const LifecycleAuditRecord planned =
        fixture.must(profile, id, publisher(), PlanFunding{"2026-03-02", {}});
    CHECK(value_of(planned.after, "subsidy") == "74.07");
    fixture.must(profile, id, admin(), ApproveProject{"2026-03-10", "", false, ""});
    fixture.must(profile, id, publisher(),
                 SignAgreement{"B1", "2026-03-20", "2026-04-01", "2029-03-31", MoneyWan::from_wan(300), ""});
    // Re-planning before any payment is allowed and recorded with the old value.
    const LifecycleAuditRecord replanned =
        fixture.must(profile, id, publisher(), PlanFunding{"2026-03-21", {}});
    CHECK(value_of(replanned.before, "subsidy") == "74.07");
    fixture.must(profile, id, admin(), PayTranche{"contract", "2026-03-25"});
    CHECK(fixture.refused(profile, id, publisher(), PlanFunding{"2026-03-26", {}}) ==
          "lifecycle.funding_already_paid");
    const Project project = fixture.project(id);
    std::int64_t tranches = 0;
    for (const LedgerTranche& tranche : project.tranches) {
        std::int64_t shares = 0;
        for (const PartyAmount& share : tranche.shares)
            shares += share.amount.hundredths;
        CHECK(shares == tranche.amount.hundredths);
        tranches += tranche.amount.hundredths;
    }
    CHECK(tranches == project.funding.subsidy.hundredths);
    CHECK(money(project.tranches[0].amount) == "37.04");  // 50 % of 74.07, half-up
    CHECK(money(project.paid_total()) == "37.04");
}

// tests/core/test_lifecycle_profile.cpp — the `lifecycle` section of the city profiles: what the three shipped
// profiles say (from the seeds), and that a malformed section fails the profile's load naming the file, the key
// path and the reason (lifecycle_profile.hpp invariants 1-3). Also the civil dates the lifecycle counts with.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "shared/lifecycle/calendar_date.hpp"
#include "shared/lifecycle/lifecycle_profile.hpp"
#include "tests/core/test_lifecycle_support.hpp"

using namespace jiebang;
using namespace jiebang::lifecycle;
using namespace jiebang::lifecycle::test;

namespace {

// Loads a copy of a shipped profile with its lifecycle section changed by `change`.
Result<Profile> load_changed(const std::string& id, const std::function<void(nlohmann::json&)>& change) {
    std::ifstream stream(std::filesystem::path(JIEBANG_SOURCE_ASSETS_DIR) / "profiles" / (id + ".json"));
    nlohmann::json document = nlohmann::json::parse(stream);
    change(document["lifecycle"]);
    static jiebang::test_support::TemporaryDirectory folder;
    std::ofstream(folder / (id + ".json")) << document.dump(2);
    return ProfileCatalog::load_file(folder / (id + ".json"));
}

void check_failure(const Result<Profile>& loaded, const std::string& code, const std::string& key) {
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == code);
    CHECK(loaded.error().field == key);
    CHECK(loaded.error().argument("key") == key);
    CHECK(loaded.error().argument("file").ends_with(".json"));
    CHECK_FALSE(loaded.error().argument("reason").empty());
}

}  // namespace

TEST_CASE("lifecycle profiles: the three cities' procedures as the seeds state them") {
    const LifecyclePolicy& jingdezhen = *shipped_profile("jingdezhen").lifecycle;
    CHECK(jingdezhen.stages == std::vector<std::string>{"approval", "agreement"});
    CHECK(jingdezhen.enterprise_listing_selection == "issuer_with_bureau");
    CHECK(jingdezhen.non_enterprise_listing_selection == "bureau");
    CHECK(jingdezhen.forfeit_when_unsigned);
    CHECK(jingdezhen.tranche_condition("midterm", "") == "midterm_passed");
    CHECK(jingdezhen.acceptance_conditions.size() == 4);
    CHECK(jingdezhen.acceptance_application_months == 1);
    CHECK(jingdezhen.recoverable == std::vector<std::string>{"misused"});
    CHECK(shipped_profile("jingdezhen").limits.projects_per_year_max == 5);
    CHECK(shipped_profile("jingdezhen").limits.acceptance_minimum_completion_basis_points == 8000);

    const LifecyclePolicy& jiangmen = *shipped_profile("jiangmen").lifecycle;
    CHECK(jiangmen.stages == std::vector<std::string>{"agreement", "registration", "approval"});
    CHECK(jiangmen.public_notice_days == 7);
    CHECK(std::find(jiangmen.assumed.begin(), jiangmen.assumed.end(), "approval.public_notice_days") !=
          jiangmen.assumed.end());
    CHECK(jiangmen.tranche_condition("advance", "") == "approved");
    CHECK(jiangmen.recoverable == std::vector<std::string>{"unspent", "misused"});
    CHECK(shipped_profile("jiangmen").limits.race_minimum_solvers == 2);

    const LifecyclePolicy& jiaxing = *shipped_profile("jiaxing").lifecycle;
    CHECK(jiaxing.contract_registration_required);
    CHECK(jiaxing.tranche_condition("lump_sum", "industry_common") == "approved");
    CHECK(jiaxing.tranche_condition("lump_sum", "enterprise_key") == "acceptance_passed");
    CHECK(jiaxing.progress_report_period == "quarterly");
    CHECK_FALSE(jiaxing.extension_allowed);
}

TEST_CASE("lifecycle profiles: a malformed section fails the load with the key path") {
    check_failure(load_changed("jingdezhen",
                               [](nlohmann::json& section) { section["stage"] = nlohmann::json::array(); }),
                  "profile.unknown_key", "lifecycle.stage");
    check_failure(load_changed("jingdezhen", [](nlohmann::json& section) { section.erase("review"); }),
                  "profile.missing_key", "lifecycle.review");
    check_failure(
        load_changed("jingdezhen", [](nlohmann::json& section) { section["stages"] = {"approval"}; }),
        "profile.missing_key", "lifecycle.stages");
    check_failure(load_changed("jingdezhen",
                               [](nlohmann::json& section) {
                                   section["stages"] = {"approval", "agreement", "approval"};
                               }),
                  "profile.duplicate_code", "lifecycle.stages[2]");
    check_failure(load_changed("jingdezhen",
                               [](nlohmann::json& section) {
                                   section["stages"] = {"approval", "agreement", "payment"};
                               }),
                  "profile.invalid_value", "lifecycle.stages[2]");
    check_failure(
        load_changed("jingdezhen",
                     [](nlohmann::json& section) { section["agreement"]["signing_period_days"] = "30"; }),
        "profile.wrong_type", "lifecycle.agreement.signing_period_days");
    check_failure(
        load_changed("jingdezhen",
                     [](nlohmann::json& section) { section["selection"]["enterprise_listing"] = "issuer"; }),
        "profile.invalid_value", "lifecycle.selection.enterprise_listing");
    // Invariant 2: every tranche has a condition, and conditions name real tranches.
    check_failure(
        load_changed("jingdezhen",
                     [](nlohmann::json& section) { section["funding"]["tranche_conditions"].erase(1); }),
        "profile.missing_key", "lifecycle.funding.tranche_conditions");
    check_failure(load_changed("jingdezhen",
                               [](nlohmann::json& section) {
                                   section["funding"]["tranche_conditions"][1]["tranche"] = "mid_term";
                               }),
                  "profile.unknown_reference", "lifecycle.funding.tranche_conditions[1].tranche");
    check_failure(load_changed("jingdezhen",
                               [](nlohmann::json& section) {
                                   section["funding"]["tranche_conditions"][0]["condition"] = "signed";
                               }),
                  "profile.invalid_value", "lifecycle.funding.tranche_conditions[0].condition");
    check_failure(load_changed("jiaxing",
                               [](nlohmann::json& section) {
                                   section["funding"]["tranche_conditions"][0]["project_type"] = "common";
                               }),
                  "profile.unknown_reference", "lifecycle.funding.tranche_conditions[0].project_type");
    // Invariant 3: `assumed` names keys of the section.
    check_failure(
        load_changed("jiangmen", [](nlohmann::json& section) { section["assumed"] = {"approval.days"}; }),
        "profile.unknown_reference", "lifecycle.assumed[0]");
    check_failure(load_changed("jiangmen",
                               [](nlohmann::json& section) {
                                   section["implementation"]["recoverable"] = {"interest"};
                               }),
                  "profile.invalid_value", "lifecycle.implementation.recoverable[0]");
    check_failure(
        load_changed("jiaxing",
                     [](nlohmann::json& section) { section["implementation"]["recoverable"] = {"unspent"}; }),
        "profile.invalid_value", "lifecycle.implementation.recoverable");
    check_failure(
        load_changed("jingdezhen",
                     [](nlohmann::json& section) { section["agreement"]["signing_period_days"] = 0; }),
        "profile.invalid_value", "lifecycle.agreement.signing_period_days");
    // Comments are allowed anywhere, as in the rest of the profile.
    Result<Profile> commented =
        load_changed("jingdezhen", [](nlohmann::json& section) { section["_note"] = "ok"; });
    CHECK(commented.ok());
}

TEST_CASE(
    "lifecycle profiles: a profile without the section loads, and the lifecycle says it is not configured") {
    Result<Profile> loaded = load_changed("jiaxing", [](nlohmann::json&) {});
    REQUIRE(loaded.ok());
    std::ifstream stream(std::filesystem::path(JIEBANG_SOURCE_ASSETS_DIR) / "profiles" / "jiaxing.json");
    nlohmann::json document = nlohmann::json::parse(stream);
    document.erase("lifecycle");
    jiebang::test_support::TemporaryDirectory folder;
    std::ofstream(folder / "jiaxing.json") << document.dump(2);
    Result<Profile> without = ProfileCatalog::load_file(folder / "jiaxing.json");
    REQUIRE(without.ok());
    CHECK(without->lifecycle == nullptr);
    LifecycleFixture fixture;
    Result<LifecycleAuditRecord> created = fixture.store().create(
        *without, publisher(),
        CreateProject{listing(*without, "JX-1", "single", "100", "enterprise", "enterprise_key"), "",
                      "2026-01-01"},
        1);
    REQUIRE_FALSE(created.ok());
    CHECK(created.error().code == "lifecycle.not_configured");
}

TEST_CASE("calendar dates: parsing is strict, months keep the day or take the month's last") {
    CHECK(CalendarDate::parse("2026-09-30", "d")->to_string() == "2026-09-30");
    for (const char* bad :
         {"2026-02-29", "2026-13-01", "2026-9-1", "2026/09/30", "", "20260930", "2026-00-10"}) {
        CAPTURE(bad);
        Result<CalendarDate> parsed = CalendarDate::parse(bad, "on");
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == "lifecycle.date_format");
        CHECK(parsed.error().field == "on");
    }
    CHECK(CalendarDate::parse("2028-02-29", "d").ok());
    const CalendarDate end = CalendarDate::parse("2029-01-31", "d").value();
    CHECK(end.plus_months(1).to_string() == "2029-02-28");
    CHECK(CalendarDate::parse("2028-01-31", "d")->plus_months(1).to_string() == "2028-02-29");
    CHECK(CalendarDate::parse("2026-03-10", "d")->plus_days(30).to_string() == "2026-04-09");
    CHECK(CalendarDate::parse("2026-12-31", "d")->plus_days(1).to_string() == "2027-01-01");
    CHECK(CalendarDate::parse("2026-10-01", "d")->plus_months(36).to_string() == "2029-10-01");
    CHECK(CalendarDate::from_day_number(0).to_string() == "1970-01-01");
    CHECK(CalendarDate::parse("2026-09-30", "d")->day_number() == 20726);
    // 2026-09-30 16:00 UTC is already 1 October in China.
    CHECK(CalendarDate::in_china_at(1790784000).to_string() == "2026-10-01");
    CHECK(CalendarDate::in_china_at(1790755200).to_string() == "2026-09-30");
}

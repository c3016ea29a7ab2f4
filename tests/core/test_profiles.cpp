// tests/core/test_profiles.cpp — the shipped city profiles load with the facts the seeds state, every
// string key they name exists in both languages, and a malformed profile fails naming file, key and reason.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "shared/policy/profile.hpp"

using namespace jiebang;

namespace {

const std::filesystem::path assets_directory{JIEBANG_SOURCE_ASSETS_DIR};

nlohmann::json read_json(const std::filesystem::path& file) {
    std::ifstream stream(file);
    return nlohmann::json::parse(stream);
}

// A folder of its own under the system temp folder, removed at the end of the test.
struct TemporaryFolder {
    std::filesystem::path path;
    TemporaryFolder() {
        static int counter = 0;
        path = std::filesystem::temp_directory_path() /
               ("jiebang-profiles-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(path);
    }
    ~TemporaryFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

// Writes a changed copy of jingdezhen.json and loads it.
template <class Change>
Result<Profile> load_changed_jingdezhen(const TemporaryFolder& folder, Change change) {
    nlohmann::json document = read_json(assets_directory / "profiles" / "jingdezhen.json");
    change(document);
    const auto file = folder.path / "jingdezhen.json";
    std::ofstream(file) << document.dump(2);
    return ProfileCatalog::load_file(file);
}

void check_failure(const Result<Profile>& result, const std::string& code, const std::string& key) {
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == code);
    CHECK(result.error().field == key);
    CHECK(result.error().argument("file") == "jingdezhen.json");
    CHECK(result.error().detail.find("jingdezhen.json") != std::string::npos);
    CHECK(result.error().detail.find(key) != std::string::npos);
}

}  // namespace

// checks profile.hpp invariant 1
TEST_CASE("the three shipped profiles load") {
    Result<ProfileCatalog> catalog = ProfileCatalog::load(assets_directory);
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? std::string() : catalog.error().detail));
    CHECK(catalog->all().size() == 3);
    for (const char* id : {"jiangmen", "jingdezhen", "jiaxing"}) {
        const Profile* profile = catalog->profile(id);
        REQUIRE(profile != nullptr);
        CHECK(profile->source_file.filename() == std::string(id) + ".json");
        CHECK_FALSE(profile->explainer_paragraphs.empty());
        for (const LocalText& paragraph : profile->explainer_paragraphs) {
            CHECK_FALSE(paragraph.chinese.empty());
            CHECK_FALSE(paragraph.english.empty());
        }
        std::set<std::string> kinds;
        for (const ChoiceOption& kind : profile->solver_kinds)
            kinds.insert(kind.id);
        CHECK(kinds == std::set<std::string>{"university", "institute", "enterprise", "consortium"});
        CHECK(profile->has_mechanism("single"));
    }
    CHECK(catalog->profile("shenzhen") == nullptr);
}

TEST_CASE(
    "Jiangmen profile: counties, cost-share groups, industries, eligibility and timetable from seeds "
    "001/003") {
    Result<Profile> loaded = ProfileCatalog::load_file(assets_directory / "profiles" / "jiangmen.json");
    REQUIRE(loaded.ok());
    const Profile& profile = loaded.value();
    CHECK(profile.city_name.chinese == "江门市");
    CHECK(profile.city_admin_code == "440700");
    CHECK(profile.receipt_city_code == "JM");
    REQUIRE(profile.counties.size() == 7);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"440703", "inner"}, {"440704", "inner"}, {"440705", "inner"}, {"440781", "outer"},
        {"440783", "outer"}, {"440784", "inner"}, {"440785", "outer"}};
    for (const auto& [code, group] : expected) {
        const County* county = profile.county_by_code(code);
        REQUIRE_MESSAGE(county != nullptr, code);
        CHECK(county->cost_share_group == group);
        CHECK(county->receipt_code.size() == 2);
    }
    CHECK(profile.county_by_code("440703")->name.chinese == "蓬江区");
    const auto& jianghai_names = profile.county_by_code("440704")->also_known_as;
    CHECK(std::find(jianghai_names.begin(), jianghai_names.end(), "高新区") != jianghai_names.end());
    CHECK(profile.county_by_code("440700") == nullptr);

    CHECK(profile.industries.size() ==
          22);  // 双碳 + 4 pillar + 4 emerging + 12 strategic + social governance
    REQUIRE(profile.industry("laser_additive_manufacturing") != nullptr);
    CHECK(profile.industry("laser_additive_manufacturing")->name.chinese == "激光与增材制造");
    CHECK(profile.industry("blockchain_quantum")->group.chinese == "十二大战略性产业集群");
    CHECK(profile.project_types.empty());
    CHECK(profile.mechanisms == std::vector<std::string>{"single", "race"});
    CHECK(profile.limits.race_minimum_solvers == 2);
    CHECK(profile.limits.implementation_period_months == 36);

    std::vector<int> months;
    for (const ProfileCalendarEntry& step : profile.calendar)
        months.push_back(step.month);
    CHECK(months == std::vector<int>{4, 6, 7, 8, 9, 10});
    CHECK(profile.calendar.front().name.chinese == "需求征集");

    const auto demand_rules = profile.rules_for("demand");
    const auto scale = std::find_if(demand_rules.begin(), demand_rules.end(),
                                    [](const ProfileRule* rule) { return rule->kind == "issuer_scale"; });
    REQUIRE(scale != demand_rules.end());
    CHECK((*scale)->number_parameter("minimum_revenue_wan") == 50000 * 100);
    CHECK((*scale)->number_parameter("minimum_rnd_percent") == 1000);
    CHECK(profile.funding.scheme("", "") != nullptr);
    CHECK(profile.funding.scheme("", "")->fixed_amount == MoneyWan::from_wan(70));
    CHECK(profile.funding.scheme("platform", "")->fixed_amount == MoneyWan::from_wan(50));
}

TEST_CASE("Jingdezhen profile: limits, funding formula and collection from seed 002") {
    Result<Profile> loaded = ProfileCatalog::load_file(assets_directory / "profiles" / "jingdezhen.json");
    REQUIRE(loaded.ok());
    const Profile& profile = loaded.value();
    CHECK(profile.city_admin_code == "360200");
    CHECK(profile.receipt_city_code == "JDZ");
    std::set<std::string> codes;
    for (const County& county : profile.counties)
        codes.insert(county.admin_code);
    CHECK(codes == std::set<std::string>{"360202", "360203", "360222", "360281"});
    for (const char* industry : {"ceramics", "aviation", "fine_chemicals", "advanced_manufacturing"}) {
        CHECK_MESSAGE(profile.industry(industry) != nullptr, industry);
    }
    CHECK(profile.industry("ceramics")->name.chinese == "陶瓷");
    CHECK(profile.mechanisms == std::vector<std::string>{"single"});
    CHECK(profile.limits.projects_per_year_max == 5);
    CHECK(profile.limits.acceptance_minimum_completion_basis_points == 8000);
    CHECK(profile.collection.county_summary_deadline == "2022-09-25");
    CHECK(profile.collection.non_enterprise_demands_direct_to_city);

    const FundingScheme* scheme = profile.funding.scheme("", "");
    REQUIRE(scheme != nullptr);
    CHECK(scheme->rate_basis_points == 6000);
    CHECK(scheme->cap == MoneyWan::from_wan(200));
    CHECK(scheme->minimum_amount == MoneyWan::from_wan(100));
    REQUIRE(scheme->tranches.size() == 3);
    CHECK(scheme->tranches[0].id == "contract");
    CHECK(scheme->tranches[0].basis_points == 5000);
    CHECK(scheme->tranches[1].basis_points == 3000);
    CHECK(scheme->tranches[2].basis_points == 2000);
}

TEST_CASE("Jiaxing profile: three project types, continuous collection and monthly reports from seed 004") {
    Result<Profile> loaded = ProfileCatalog::load_file(assets_directory / "profiles" / "jiaxing.json");
    REQUIRE(loaded.ok());
    const Profile& profile = loaded.value();
    CHECK(profile.city_admin_code == "330400");
    CHECK(profile.receipt_city_code == "JX");
    REQUIRE(profile.counties.size() == 7);
    CHECK(profile.county_by_code("330402")->cost_share_group == "district");
    CHECK(profile.county_by_code("330411")->cost_share_group == "district");
    for (const char* code : {"330421", "330424", "330481", "330482", "330483"}) {
        CHECK(profile.county_by_code(code)->cost_share_group == "county");
    }
    std::vector<std::string> types;
    for (const ProjectType& type : profile.project_types)
        types.push_back(type.id);
    CHECK(types == std::vector<std::string>{"industry_common", "enterprise_key", "achievement_transfer"});
    CHECK(profile.collection.mode == "continuous");
    CHECK(profile.collection.county_report_period == "monthly");
    // The seed names no industries: the catalogue is marked as assumed, except what the seed does name.
    CHECK(profile.industry("new_energy")->assumed);
    CHECK_FALSE(profile.industry("social_development")->assumed);
    CHECK(profile.funding.scheme("", "industry_common")->rate_basis_points == 5000);
    CHECK(profile.funding.scheme("", "enterprise_key")->rate_basis_points == 2500);
    CHECK(profile.funding.scheme("", "achievement_transfer")->cap == MoneyWan::from_wan(300));
}

TEST_CASE(
    "every string key the profiles name exists in Chinese and English, and every rule code has a message") {
    // Explanations live in policy.json, error messages in errors.json (the string catalogue merges both).
    nlohmann::json chinese = read_json(assets_directory / "strings" / "zh-CN" / "policy.json");
    chinese.update(read_json(assets_directory / "strings" / "zh-CN" / "errors.json"));
    nlohmann::json english = read_json(assets_directory / "strings" / "en" / "policy.json");
    english.update(read_json(assets_directory / "strings" / "en" / "errors.json"));
    Result<ProfileCatalog> catalog = ProfileCatalog::load(assets_directory);
    REQUIRE(catalog.ok());
    std::set<std::string> keys{"policy.funding.capped"};
    for (const Profile& profile : catalog->all()) {
        for (const FundingScheme& scheme : profile.funding.schemes) {
            keys.insert(scheme.explanation_keys.begin(), scheme.explanation_keys.end());
            for (const CostShareGroup& group : scheme.cost_shares)
                keys.insert(group.explanation_key);
        }
        for (const ProfileRule& rule : profile.rules)
            keys.insert("error." + rule.error_code);
    }
    for (const char* code :
         {"bid.local_host_outside_city", "bid.consortium_member_duplicate", "bid.consortium_member_is_solver",
          "bid.solver_outside_city", "funding.below_minimum", "funding.unknown_county",
          "acceptance.below_threshold", "profile.missing_key", "profile.shares_not_100",
          "profile.tranches_not_100", "profile.duplicate_key"}) {
        keys.insert(std::string("error.") + code);
    }
    for (const std::string& key : keys) {
        CHECK_MESSAGE(chinese.contains(key), key);
        CHECK_MESSAGE(english.contains(key), key);
    }
}

TEST_CASE("money in hundredths of wan is written without trailing zeros") {
    CHECK(format_money_wan(MoneyWan::from_wan(180)) == "180");
    CHECK(format_money_wan(MoneyWan{1250}) == "12.5");
    CHECK(format_money_wan(MoneyWan{1}) == "0.01");
    CHECK(format_money_wan(MoneyWan{0}) == "0");
    CHECK(format_money_wan(MoneyWan{10005}) == "100.05");
    CHECK(format_money_wan(MoneyWan{-150}) == "-1.5");
}

// checks profile.hpp invariant 2
TEST_CASE("a malformed profile fails naming the file, the key and what is wrong") {
    TemporaryFolder folder;

    SUBCASE("missing key") {
        check_failure(
            load_changed_jingdezhen(folder, [](auto& document) { document["city"].erase("admin_code"); }),
            "profile.missing_key", "city.admin_code");
    }
    SUBCASE("wrong type") {
        check_failure(load_changed_jingdezhen(
                          folder, [](auto& document) { document["counties"][1]["receipt_code"] = 3; }),
                      "profile.wrong_type", "counties[1].receipt_code");
    }
    SUBCASE("duplicate county code") {
        check_failure(load_changed_jingdezhen(
                          folder, [](auto& document) { document["counties"][3]["admin_code"] = "360202"; }),
                      "profile.duplicate_code", "counties[3].admin_code");
    }
    SUBCASE("county not in the city") {
        check_failure(load_changed_jingdezhen(
                          folder, [](auto& document) { document["counties"][0]["admin_code"] = "440703"; }),
                      "profile.county_outside_city", "counties[0].admin_code");
    }
    SUBCASE("cost shares not summing to 100 %") {
        const auto result = load_changed_jingdezhen(folder, [](auto& document) {
            document["funding"]["schemes"][0]["cost_shares"]["county_area"]["shares"][0]["percent"] = 90;
        });
        check_failure(result, "profile.shares_not_100", "funding.schemes[0].cost_shares.county_area.shares");
        CHECK(result.error().argument("reason").find("90") != std::string::npos);
    }
    SUBCASE("tranches not summing to 100 %") {
        check_failure(
            load_changed_jingdezhen(
                folder,
                [](auto& document) { document["funding"]["schemes"][0]["tranches"][2]["percent"] = 25; }),
            "profile.tranches_not_100", "funding.schemes[0].tranches");
    }
    SUBCASE("receipt code with an ambiguous letter") {
        check_failure(
            load_changed_jingdezhen(folder, [](auto& document) { document["city"]["receipt_code"] = "JDL"; }),
            "profile.receipt_code_invalid", "city.receipt_code");
        check_failure(load_changed_jingdezhen(
                          folder, [](auto& document) { document["counties"][2]["receipt_code"] = "O2"; }),
                      "profile.receipt_code_invalid", "counties[2].receipt_code");
    }
    SUBCASE("two counties with the same receipt code") {
        check_failure(load_changed_jingdezhen(
                          folder, [](auto& document) { document["counties"][2]["receipt_code"] = "02"; }),
                      "profile.duplicate_code", "counties[2].receipt_code");
    }
    SUBCASE("a misspelt key is refused, not ignored") {
        check_failure(load_changed_jingdezhen(
                          folder, [](auto& document) { document["funding"]["schemes"][0]["cap_wn"] = 200; }),
                      "profile.unknown_key", "funding.schemes[0].cap_wn");
    }
    SUBCASE("a rule of an unknown kind or with a missing parameter") {
        check_failure(load_changed_jingdezhen(
                          folder, [](auto& document) { document["rules"][1]["kind"] = "bounty_min"; }),
                      "profile.invalid_value", "rules[1].kind");
        check_failure(
            load_changed_jingdezhen(
                folder, [](auto& document) { document["rules"][1]["parameters"].erase("minimum_wan"); }),
            "profile.missing_key", "rules[1].parameters.minimum_wan");
        check_failure(
            load_changed_jingdezhen(
                folder, [](auto& document) { document["rules"][1]["parameters"]["minimum_wan"] = "100"; }),
            "profile.wrong_type", "rules[1].parameters.minimum_wan");
    }
    SUBCASE("a county whose cost-share group does not exist") {
        check_failure(
            load_changed_jingdezhen(
                folder, [](auto& document) { document["counties"][0]["cost_share_group"] = "inner"; }),
            "profile.unknown_reference", "counties[0].cost_share_group");
    }
    SUBCASE("money with more than two decimals") {
        check_failure(
            load_changed_jingdezhen(
                folder, [](auto& document) { document["funding"]["schemes"][0]["cap_wan"] = 200.005; }),
            "profile.invalid_value", "funding.schemes[0].cap_wan");
    }
    SUBCASE("id not matching the file name") {
        check_failure(load_changed_jingdezhen(folder, [](auto& document) { document["id"] = "jingde"; }),
                      "profile.id_mismatch", "id");
    }
}

// checks profile.hpp invariant 2
TEST_CASE("a profile that is not JSON or not there fails with the file named") {
    TemporaryFolder folder;
    const auto file = folder.path / "broken.json";
    std::ofstream(file) << "{\"id\": \"broken\",";
    Result<Profile> broken = ProfileCatalog::load_file(file);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == "profile.syntax");
    CHECK(broken.error().detail.find("broken.json") != std::string::npos);

    // A key written twice in one object would silently lose one value.
    std::stringstream buffer;
    buffer << std::ifstream(assets_directory / "profiles" / "jingdezhen.json").rdbuf();
    std::string text = buffer.str();
    const auto position = text.find("\"version\": 1,");
    REQUIRE(position != std::string::npos);
    text.insert(position, "\"version\": 2, ");
    const auto twice = folder.path / "jingdezhen.json";
    std::ofstream(twice) << text;
    Result<Profile> duplicated = ProfileCatalog::load_file(twice);
    REQUIRE_FALSE(duplicated.ok());
    CHECK(duplicated.error().code == "profile.duplicate_key");
    CHECK(duplicated.error().field == "version");
    CHECK(duplicated.error().detail.find("jingdezhen.json") != std::string::npos);

    Result<Profile> missing = ProfileCatalog::load_file(folder.path / "absent.json");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "profile.unreadable");

    Result<ProfileCatalog> empty = ProfileCatalog::load(folder.path);
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == "profile.directory_missing");
}

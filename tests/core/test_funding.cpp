// tests/core/test_funding.cpp — the funding calculator on the shipped profiles, with the worked examples
// of the seeds: Jingdezhen 60 % capped at 200万 paid 50/30/20, Jiaxing 50 % / 25 % capped at 300万 with
// city:district 50/50 or the county alone, Jiangmen fixed 70万 / 50万 split 3:7, 1:1 or 6:4.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "shared/policy/funding.hpp"

using namespace jiebang;

namespace {

const Profile& shipped(const char* id) {
    static const ProfileCatalog catalog = [] {
        Result<ProfileCatalog> loaded = ProfileCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().detail));
        return std::move(loaded).value();
    }();
    const Profile* profile = catalog.profile(id);
    REQUIRE(profile != nullptr);
    return *profile;
}

FundingRequest request(MoneyWan amount, std::string county = {}, std::string type = {},
                       std::string kind = {}) {
    FundingRequest result;
    result.amount = amount;
    result.county_admin_code = std::move(county);
    result.project_type_id = std::move(type);
    result.subsidy_kind = std::move(kind);
    return result;
}

std::vector<std::string> tranche_amounts(const FundingResult& result) {
    std::vector<std::string> amounts;
    for (const FundingTranche& tranche : result.tranches)
        amounts.push_back(format_money_wan(tranche.amount));
    return amounts;
}

std::vector<std::pair<std::string, std::string>> share_amounts(const FundingResult& result) {
    std::vector<std::pair<std::string, std::string>> amounts;
    for (const FundingShare& share : result.shares)
        amounts.emplace_back(share.party, format_money_wan(share.amount));
    return amounts;
}

bool has_key(const FundingResult& result, const std::string& key) {
    return std::find(result.rule_keys.begin(), result.rule_keys.end(), key) != result.rule_keys.end();
}

}  // namespace

TEST_CASE("Jingdezhen: a 300万 bounty gets 180万, paid 90 / 54 / 36") {
    Result<FundingResult> result =
        calculate_funding(shipped("jingdezhen"), request(MoneyWan::from_wan(300), "360203"));
    REQUIRE(result.ok());
    CHECK(format_money_wan(result->subsidy) == "180");
    CHECK_FALSE(result->capped);
    CHECK(result->rate_basis_points == 6000);
    CHECK(tranche_amounts(*result) == std::vector<std::string>{"90", "54", "36"});
    CHECK(result->tranches[1].id == "midterm");
    CHECK(share_amounts(*result) == std::vector<std::pair<std::string, std::string>>{{"city", "180"}});
    CHECK(has_key(*result, "policy.jingdezhen.funding.rate"));
    CHECK(has_key(*result, "policy.jingdezhen.funding.tranches"));
}

TEST_CASE("Jingdezhen: a 400万 bounty is capped at 200万, paid 100 / 60 / 40") {
    Result<FundingResult> result = calculate_funding(shipped("jingdezhen"), request(MoneyWan::from_wan(400)));
    REQUIRE(result.ok());
    CHECK(format_money_wan(result->subsidy) == "200");
    CHECK(result->capped);
    CHECK(has_key(*result, "policy.funding.capped"));
    CHECK(tranche_amounts(*result) == std::vector<std::string>{"100", "60", "40"});
}

TEST_CASE("Jingdezhen: a bounty below 100万 gets no subsidy, exactly 100万 gets 60万") {
    Result<FundingResult> below = calculate_funding(shipped("jingdezhen"), request(MoneyWan{9999}));
    REQUIRE_FALSE(below.ok());
    CHECK(below.error().code == "funding.below_minimum");
    CHECK(below.error().argument("minimum") == "100");
    CHECK(below.error().argument("value") == "99.99");

    Result<FundingResult> at_minimum =
        calculate_funding(shipped("jingdezhen"), request(MoneyWan::from_wan(100)));
    REQUIRE(at_minimum.ok());
    CHECK(format_money_wan(at_minimum->subsidy) == "60");
}

TEST_CASE("rounding is half-up to 0.01万 and the last tranche takes the remainder") {
    // 123.45万 x 60 % = 74.07万; tranches 37.035 -> 37.04, 22.221 -> 22.22, remainder 14.81.
    Result<FundingResult> result = calculate_funding(shipped("jingdezhen"), request(MoneyWan{12345}));
    REQUIRE(result.ok());
    CHECK(format_money_wan(result->subsidy) == "74.07");
    CHECK(tranche_amounts(*result) == std::vector<std::string>{"37.04", "22.22", "14.81"});
    std::int64_t total = 0;
    for (const FundingTranche& tranche : result->tranches)
        total += tranche.amount.hundredths;
    CHECK(total == result->subsidy.hundredths);
    // 100.01万 x 60 % = 60.006 -> 60.01.
    Result<FundingResult> half = calculate_funding(shipped("jingdezhen"), request(MoneyWan{10001}));
    REQUIRE(half.ok());
    CHECK(format_money_wan(half->subsidy) == "60.01");
}

TEST_CASE("Jiaxing: industry-common 50 % of the contract capped at 300万, enterprise-key 25 %") {
    Result<FundingResult> common =
        calculate_funding(shipped("jiaxing"), request(MoneyWan::from_wan(800), "330402", "industry_common"));
    REQUIRE(common.ok());
    CHECK(format_money_wan(common->subsidy) == "300");
    CHECK(common->capped);
    CHECK(common->amount_basis == "contract_amount");

    Result<FundingResult> key =
        calculate_funding(shipped("jiaxing"), request(MoneyWan::from_wan(400), "330402", "enterprise_key"));
    REQUIRE(key.ok());
    CHECK(format_money_wan(key->subsidy) == "100");
    CHECK_FALSE(key->capped);

    Result<FundingResult> transfer = calculate_funding(
        shipped("jiaxing"), request(MoneyWan::from_wan(90), "330483", "achievement_transfer"));
    REQUIRE(transfer.ok());
    CHECK(format_money_wan(transfer->subsidy) == "22.5");
}

TEST_CASE("Jiaxing: city-level projects are split city:district 50/50, county projects paid by the county") {
    Result<FundingResult> district =
        calculate_funding(shipped("jiaxing"), request(MoneyWan::from_wan(400), "330411", "enterprise_key"));
    REQUIRE(district.ok());
    CHECK(share_amounts(*district) ==
          std::vector<std::pair<std::string, std::string>>{{"city", "50"}, {"district", "50"}});
    CHECK(has_key(*district, "policy.jiaxing.funding.shares_city_district"));

    Result<FundingResult> county =
        calculate_funding(shipped("jiaxing"), request(MoneyWan::from_wan(400), "330481", "enterprise_key"));
    REQUIRE(county.ok());
    CHECK(share_amounts(*county) == std::vector<std::pair<std::string, std::string>>{{"county", "100"}});
    CHECK(has_key(*county, "policy.jiaxing.funding.shares_county"));
}

TEST_CASE("Jiaxing needs a known project type, cities without types refuse one") {
    Result<FundingResult> none = calculate_funding(shipped("jiaxing"), request(MoneyWan::from_wan(400)));
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().code == "funding.unknown_project_type");
    Result<FundingResult> unknown =
        calculate_funding(shipped("jiaxing"), request(MoneyWan::from_wan(400), "", "key_technology"));
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "funding.unknown_project_type");
    Result<FundingResult> typed =
        calculate_funding(shipped("jingdezhen"), request(MoneyWan::from_wan(400), "", "enterprise_key"));
    REQUIRE_FALSE(typed.ok());
    CHECK(typed.error().code == "funding.unknown_project_type");
}

TEST_CASE("Jiangmen: the fixed 70万 subsidy is split 3:7 in Pengjiang and 1:1 in Taishan") {
    Result<FundingResult> pengjiang = calculate_funding(shipped("jiangmen"), request(MoneyWan{}, "440703"));
    REQUIRE(pengjiang.ok());
    CHECK(format_money_wan(pengjiang->subsidy) == "70");
    CHECK(pengjiang->method == "fixed");
    CHECK(share_amounts(*pengjiang) ==
          std::vector<std::pair<std::string, std::string>>{{"city", "21"}, {"county", "49"}});
    CHECK(has_key(*pengjiang, "policy.jiangmen.funding.shares_3_7"));

    Result<FundingResult> taishan = calculate_funding(shipped("jiangmen"), request(MoneyWan{}, "440781"));
    REQUIRE(taishan.ok());
    CHECK(share_amounts(*taishan) ==
          std::vector<std::pair<std::string, std::string>>{{"city", "35"}, {"county", "35"}});

    // The High-tech Zone is administered with Jianghai and shares 3:7 like Pengjiang.
    Result<FundingResult> jianghai = calculate_funding(shipped("jiangmen"), request(MoneyWan{}, "440704"));
    REQUIRE(jianghai.ok());
    CHECK(share_amounts(*jianghai) ==
          std::vector<std::pair<std::string, std::string>>{{"city", "21"}, {"county", "49"}});

    Result<FundingResult> city_level = calculate_funding(shipped("jiangmen"), request(MoneyWan{}));
    REQUIRE(city_level.ok());
    CHECK(share_amounts(*city_level) == std::vector<std::pair<std::string, std::string>>{{"city", "70"}});
}

TEST_CASE("Jiangmen: a 50万 platform subsidy in Kaiping is split 6:4, in Heshan 3:7") {
    Result<FundingResult> kaiping =
        calculate_funding(shipped("jiangmen"), request(MoneyWan{}, "440783", "", "platform"));
    REQUIRE(kaiping.ok());
    CHECK(format_money_wan(kaiping->subsidy) == "50");
    CHECK(share_amounts(*kaiping) ==
          std::vector<std::pair<std::string, std::string>>{{"city", "30"}, {"county", "20"}});
    Result<FundingResult> heshan =
        calculate_funding(shipped("jiangmen"), request(MoneyWan{}, "440784", "", "platform"));
    REQUIRE(heshan.ok());
    CHECK(share_amounts(*heshan) ==
          std::vector<std::pair<std::string, std::string>>{{"city", "15"}, {"county", "35"}});
}

TEST_CASE("unknown county, unknown subsidy kind and negative amounts are errors, not guesses") {
    Result<FundingResult> county = calculate_funding(shipped("jiangmen"), request(MoneyWan{}, "360203"));
    REQUIRE_FALSE(county.ok());
    CHECK(county.error().code == "funding.unknown_county");
    CHECK(county.error().argument("county") == "360203");
    Result<FundingResult> kind =
        calculate_funding(shipped("jingdezhen"), request(MoneyWan::from_wan(300), "", "", "platform"));
    REQUIRE_FALSE(kind.ok());
    CHECK(kind.error().code == "funding.unknown_subsidy_kind");
    Result<FundingResult> negative = calculate_funding(shipped("jingdezhen"), request(MoneyWan{-100}));
    REQUIRE_FALSE(negative.ok());
    CHECK(negative.error().code == "money.negative");
    Result<FundingResult> huge =
        calculate_funding(shipped("jingdezhen"), request(MoneyWan{std::numeric_limits<std::int64_t>::max()}));
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().code == "money.too_large");
}

TEST_CASE("the funding JSON gives amounts as 万 strings and basis points as numbers") {
    Result<FundingResult> result =
        calculate_funding(shipped("jingdezhen"), request(MoneyWan{12345}, "360281"));
    REQUIRE(result.ok());
    const nlohmann::json document = nlohmann::json::parse(funding_result_to_json(*result));
    CHECK(document["subsidy_wan"] == "74.07");
    CHECK(document["amount_wan"] == "123.45");
    CHECK(document["rate_basis_points"] == 6000);
    CHECK(document["cap_wan"] == "200");
    CHECK(document["capped"] == false);
    CHECK(document["county_admin_code"] == "360281");
    REQUIRE(document["tranches"].size() == 3);
    CHECK(document["tranches"][0]["id"] == "contract");
    CHECK(document["tranches"][0]["basis_points"] == 5000);
    CHECK(document["tranches"][0]["amount_wan"] == "37.04");
    CHECK(document["tranches"][0]["name_zh"] == "任务书签订当年");
    CHECK(document["cost_shares"][0]["party"] == "city");
    CHECK(document["cost_shares"][0]["amount_wan"] == "74.07");
    CHECK(document["rule_keys"].is_array());

    Result<FundingResult> fixed = calculate_funding(shipped("jiangmen"), request(MoneyWan{}, "440785"));
    REQUIRE(fixed.ok());
    const nlohmann::json fixed_document = nlohmann::json::parse(funding_result_to_json(*fixed));
    CHECK(fixed_document["cap_wan"].is_null());
    CHECK(fixed_document["method"] == "fixed");
    CHECK(fixed_document["cost_shares"][1]["amount_wan"] == "35");
}

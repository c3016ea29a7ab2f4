// tests/core/test_validation.cpp — validating form values: one field, one step, a whole submission, against
// the shipped forms and city profiles. Limits count characters (500 Chinese characters pass, 501 fail),
// invalid UTF-8 is refused, hidden fields are not required, fields of another city are refused, and every
// error renders as a complete message in both languages.
#include <doctest/doctest.h>

#include <string>

#include "shared/forms/validation.hpp"
#include "shared/text/strings.hpp"
#include "tests/support/fixtures.hpp"

using namespace jiebang;
namespace support = jiebang::test_support;

namespace {

const std::filesystem::path source_assets = JIEBANG_SOURCE_ASSETS_DIR;

std::string repeat(std::string_view piece, int times) {
    std::string out;
    for (int index = 0; index < times; ++index)
        out.append(piece);
    return out;
}

// A small hand-made profile with no cross-field rules, so these tests see only the per-field checks.
Profile test_profile(const std::string& id) {
    Profile profile;
    profile.id = id;
    profile.city_admin_code = "440700";
    County pengjiang;
    pengjiang.admin_code = "440703";
    pengjiang.name = {"蓬江区", "Pengjiang"};
    profile.counties = {pengjiang};
    Industry appliances;
    appliances.id = "smart_home_appliances";
    appliances.name = {"智能家电", "Smart home appliances"};
    profile.industries = {appliances};
    profile.mechanisms = {"single", "race"};
    profile.solver_kinds = {{"university", {"高校", "University"}},
                            {"institute", {"科研机构", "Research institute"}},
                            {"enterprise", {"企业", "Enterprise"}},
                            {"consortium", {"联合体", "Consortium"}}};
    if (id == "jiaxing") {
        ProjectType common;
        common.id = "industry_common";
        common.name = {"产业共性技术项目", "Industry-common technology"};
        profile.project_types = {common};
    }
    return profile;
}

struct Fixture {
    FormCatalog forms = FormCatalog::load(source_assets).value();
    StringCatalog strings = StringCatalog::load(source_assets).value();
};

std::vector<std::string> codes_of(const std::vector<Error>& errors) {
    std::vector<std::string> codes;
    for (const Error& error : errors)
        codes.push_back(error.code + "@" + error.field);
    return codes;
}

// Every error must render as a finished sentence in both languages: a message exists, no "{...}" is left.
void check_messages_complete(const StringCatalog& strings, const std::vector<Error>& errors) {
    for (const Error& error : errors) {
        CAPTURE(error.code);
        CHECK(strings.has("error." + error.code));
        const std::string chinese = strings.message(error);
        const std::string english = strings.message(error, Locale::English);
        CHECK(chinese.find('{') == std::string::npos);
        CHECK(english.find('{') == std::string::npos);
    }
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "validation: a complete demand passes") {
    const Profile profile = test_profile("jiangmen");
    const ValidationContext context{&forms.demand(), &profile, nullptr};
    const auto errors = validate_submission(context, support::complete_demand("jiangmen"));
    CAPTURE(codes_of(errors));
    CHECK(errors.empty());
}

// checks validation.cpp invariant 3
TEST_CASE_FIXTURE(Fixture,
                  "validation: 500 Chinese characters pass, 501 fail with the numbers in the message") {
    const Profile profile = test_profile("jiangmen");
    const ValidationContext context{&forms.demand(), &profile, nullptr};
    FieldValues values = support::complete_demand("jiangmen");
    values["technical_problem"] = repeat("难", 500);
    CHECK(validate_field(context, "technical_problem", values).empty());

    values["technical_problem"] = repeat("难", 501);
    const auto errors = validate_field(context, "technical_problem", values);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "field.too_long");
    CHECK(errors[0].field == "technical_problem");
    CHECK(errors[0].argument("limit") == "500");
    CHECK(errors[0].argument("count") == "501");
    CHECK(errors[0].argument("over") == "1");
    const std::string message = strings.message(errors[0]);
    CHECK(message.find("最多500字") != std::string::npos);
    CHECK(message.find("501") != std::string::npos);
    CHECK(message.find("技术难题概述") != std::string::npos);  // the field's own label
    check_messages_complete(strings, errors);

    // Characters, not bytes: 300 characters of 4-byte emoji in the 300-character field pass.
    values["expected_benefits"] = repeat("\xF0\x9F\x98\x80", 300);
    CHECK(validate_field(context, "expected_benefits", values).empty());
    values["project_name"] = repeat("a", 50);
    CHECK(validate_field(context, "project_name", values).empty());
    values["project_name"] = repeat("a", 51);
    CHECK(codes_of(validate_field(context, "project_name", values)) ==
          std::vector<std::string>{"field.too_long@project_name"});
}

TEST_CASE_FIXTURE(Fixture, "validation: invalid UTF-8 and control characters are refused, never cut") {
    const Profile profile = test_profile("jiangmen");
    const ValidationContext context{&forms.demand(), &profile, nullptr};
    FieldValues values = support::complete_demand("jiangmen");
    values["technical_problem"] = std::string("难题\xE6\x8F");  // truncated character at the end
    CHECK(codes_of(validate_field(context, "technical_problem", values)) ==
          std::vector<std::string>{"field.invalid_utf8@technical_problem"});
    values["project_name"] = std::string("\xC0\xAF");  // overlong
    CHECK(codes_of(validate_field(context, "project_name", values)) ==
          std::vector<std::string>{"field.invalid_utf8@project_name"});
    values["issuer_uscc"] = std::string("\xED\xA0\x80");  // surrogate
    CHECK(codes_of(validate_field(context, "issuer_uscc", values)) ==
          std::vector<std::string>{"field.invalid_utf8@issuer_uscc"});
    values["co_demand_enterprises"] = std::vector<std::string>{"好的", "\xFF"};
    const auto list_errors = validate_field(context, "co_demand_enterprises", values);
    REQUIRE(list_errors.size() == 1);
    CHECK(list_errors[0].code == "field.invalid_utf8");
    CHECK(list_errors[0].argument("item") == "2");

    values["project_name"] = std::string("第一行\n第二行");  // one-line field
    CHECK(codes_of(validate_field(context, "project_name", values)) ==
          std::vector<std::string>{"field.control_character@project_name"});
    values["technical_problem"] = std::string("第一段\n第二段\r\n第三段");  // paragraphs are fine
    CHECK(validate_field(context, "technical_problem", values).empty());
}

TEST_CASE_FIXTURE(Fixture, "validation: required fields, consent and declarations") {
    const Profile profile = test_profile("jiangmen");
    const ValidationContext context{&forms.demand(), &profile, nullptr};
    FieldValues values = support::complete_demand("jiangmen");
    values.erase("project_name");
    values["issuer_name"] = std::string(" \xE3\x80\x80\xE3\x80\x80 ");  // ASCII and ideographic spaces only
    values["contact_email"] = std::monostate{};
    values["consent_personal_data"] = false;
    values["credit_declaration"] = false;
    values.erase("self_funding_commitment");
    values.erase("contact_title");  // optional
    const auto errors = validate_submission(context, values);
    CHECK(codes_of(errors) ==
          std::vector<std::string>{"consent.required@consent_personal_data", "field.required@issuer_name",
                                   "field.required@contact_email", "field.required@project_name",
                                   "declaration.required@self_funding_commitment",
                                   "declaration.required@credit_declaration"});
    for (const Error& error : errors) {
        CHECK_FALSE(error.argument("label").empty());
        CHECK_FALSE(error.argument("label_en").empty());
    }
    CHECK(strings.message(errors[1]) == "请填写“技术需求单位”。");
    CHECK(strings.message(errors[1], Locale::English) == "Please fill in \"Issuing organisation\".");
    check_messages_complete(strings, errors);
}

// checks validation.cpp invariant 1
TEST_CASE_FIXTURE(Fixture,
                  "validation: visible_when hides a field, and then it is neither required nor checked") {
    const Profile profile = test_profile("jingdezhen");
    const ValidationContext context{&forms.bid(), &profile, nullptr};
    const FieldDefinition& members = *forms.bid().field("consortium_members");
    FieldValues values{{"solver_kind", std::string("enterprise")}};
    CHECK_FALSE(field_visible(context, members, values));
    CHECK(validate_field(context, "consortium_members", values).empty());
    values["consortium_members"] = std::vector<std::string>(30, "");  // ignored while hidden
    CHECK(validate_field(context, "consortium_members", values).empty());

    values["solver_kind"] = std::string("consortium");
    CHECK(field_visible(context, members, values));
    values.erase("consortium_members");
    CHECK(codes_of(validate_field(context, "consortium_members", values)) ==
          std::vector<std::string>{"field.required@consortium_members"});
    values["consortium_members"] = std::vector<std::string>(11, "景德镇示例科技有限公司");
    const auto too_many = validate_field(context, "consortium_members", values);
    REQUIRE(too_many.size() == 1);
    CHECK(too_many[0].code == "list.too_many");
    CHECK(too_many[0].argument("limit") == "10");
    CHECK(too_many[0].argument("count") == "11");

    const Profile jiangmen = test_profile("jiangmen");
    const ValidationContext demand_context{&forms.demand(), &jiangmen, nullptr};
    FieldValues demand = support::complete_demand("jiangmen");
    demand["host_enterprise_suggestion"] = repeat("企", 101);
    CHECK(
        validate_field(demand_context, "host_enterprise_suggestion", demand).empty());  // enterprise: hidden
    demand["issuer_kind"] = std::string("non_enterprise");
    CHECK(codes_of(validate_field(demand_context, "host_enterprise_suggestion", demand)) ==
          std::vector<std::string>{"field.too_long@host_enterprise_suggestion"});
    demand.erase("host_enterprise_suggestion");  // optional when shown
    CHECK(validate_field(demand_context, "host_enterprise_suggestion", demand).empty());
}

// checks validation.cpp invariant 2
TEST_CASE_FIXTURE(Fixture, "validation: fields of another city's profile are refused, not silently dropped") {
    const Profile jingdezhen = test_profile("jingdezhen");
    const ValidationContext context{&forms.demand(), &jingdezhen, nullptr};
    FieldValues values = support::complete_demand("jiangmen");
    values["mechanism"] = std::string("single");
    auto errors = validate_submission(context, values);
    CHECK(codes_of(errors) == std::vector<std::string>{"field.not_allowed@last_year_revenue_wan",
                                                       "field.not_allowed@last_year_rnd_wan"});
    check_messages_complete(strings, errors);
    // An unticked Jiangmen-only box is no value at all.
    values.erase("last_year_revenue_wan");
    values.erase("last_year_rnd_wan");
    CHECK(validate_submission(context, values).empty());
    // Jiaxing needs the project type; Jiangmen does not have it.
    const Profile jiaxing = test_profile("jiaxing");
    const ValidationContext jiaxing_context{&forms.demand(), &jiaxing, nullptr};
    CHECK(codes_of(validate_submission(jiaxing_context, values)) ==
          std::vector<std::string>{"field.required@project_type"});
    values["project_type"] = std::string("industry_common");
    CHECK(validate_submission(jiaxing_context, values).empty());
    const Profile jiangmen = test_profile("jiangmen");
    const ValidationContext jiangmen_context{&forms.demand(), &jiangmen, nullptr};
    CHECK(codes_of(validate_field(jiangmen_context, "project_type", values)) ==
          std::vector<std::string>{"field.not_allowed@project_type"});
    // Values for ids the form does not know are reported too.
    values["budget_total"] = std::string("300");
    CHECK(codes_of(validate_submission(jiaxing_context, values)) ==
          std::vector<std::string>{"field.unknown@budget_total"});
}

TEST_CASE_FIXTURE(Fixture, "validation: choices come from the profile, listings from the board") {
    Profile profile = test_profile("jingdezhen");
    profile.mechanisms = {"single"};
    const ValidationContext context{&forms.demand(), &profile, nullptr};
    FieldValues values = support::complete_demand("jiangmen");
    values.erase("last_year_revenue_wan");
    values.erase("last_year_rnd_wan");
    values["industry_field"] = std::string("aviation");
    values["mechanism"] = std::string("race");
    values["ip_ownership"] = std::string("everyone");
    CHECK(codes_of(validate_submission(context, values)) ==
          std::vector<std::string>{"choice.unknown@industry_field", "choice.unknown@ip_ownership",
                                   "choice.unknown@mechanism"});
    const auto mechanisms = field_options(context, *forms.demand().field("mechanism"), values);
    REQUIRE(mechanisms.size() == 1);
    CHECK(mechanisms[0].id == "single");
    CHECK(mechanisms[0].label.chinese == "揭榜挂帅");  // label from the form for a profile id
    const auto industries = field_options(context, *forms.demand().field("industry_field"), values);
    REQUIRE(industries.size() == 1);
    CHECK(industries[0].label.chinese == "智能家电");

    Board board;
    board.version = 3;
    board.profile_id = "jingdezhen";
    Listing listing;
    listing.id = "JDZ-2026-001";
    listing.title = "高性能陶瓷材料烧结工艺";
    board.listings = {listing};
    const ValidationContext bid_context{&forms.bid(), &profile, &board};
    FieldValues bid{{"listing_id", std::string("JDZ-2026-001")}};
    CHECK(validate_field(bid_context, "listing_id", bid).empty());
    const auto listings = field_options(bid_context, *forms.bid().field("listing_id"), bid);
    REQUIRE(listings.size() == 1);
    CHECK(listings[0].label.chinese == "高性能陶瓷材料烧结工艺");
    bid["listing_id"] = std::string("JDZ-2026-999");
    CHECK(codes_of(validate_field(bid_context, "listing_id", bid)) ==
          std::vector<std::string>{"listing.unknown@listing_id"});
    const ValidationContext no_board{&forms.bid(), &profile, nullptr};
    bid["listing_id"] = std::string("JDZ-2026-001");
    CHECK(codes_of(validate_field(no_board, "listing_id", bid)) ==
          std::vector<std::string>{"listing.unknown@listing_id"});
}

TEST_CASE_FIXTURE(Fixture, "validation: lists, numbers, money and codes inside the form") {
    const Profile profile = test_profile("jiangmen");
    const ValidationContext context{&forms.demand(), &profile, nullptr};
    FieldValues values = support::complete_demand("jiangmen");

    values["co_demand_enterprises"] = std::vector<std::string>(21, "同行企业");
    auto errors = validate_field(context, "co_demand_enterprises", values);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "list.too_many");
    CHECK(errors[0].argument("limit") == "20");
    values["co_demand_enterprises"] = std::vector<std::string>{"甲公司", " ", repeat("乙", 101)};
    errors = validate_field(context, "co_demand_enterprises", values);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].code == "list.empty_item");
    CHECK(errors[0].argument("item") == "2");
    CHECK(errors[1].code == "list.item_too_long");
    CHECK(errors[1].argument("item") == "3");
    CHECK(strings.message(errors[1]).find("第3行") != std::string::npos);
    check_messages_complete(strings, errors);
    values["co_demand_enterprises"] = std::vector<std::string>{};  // optional list, empty
    CHECK(validate_field(context, "co_demand_enterprises", values).empty());

    for (const char* months : {"0", "61"}) {
        values["time_limit_months"] = std::string(months);
        errors = validate_field(context, "time_limit_months", values);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].code == "integer.range");
        CHECK(errors[0].argument("min") == "1");
        CHECK(errors[0].argument("max") == "60");
    }
    values["time_limit_months"] = std::string("两年");
    CHECK(codes_of(validate_field(context, "time_limit_months", values)) ==
          std::vector<std::string>{"integer.format@time_limit_months"});

    values["budget_total_wan"] = std::string("12.345");
    errors = validate_field(context, "budget_total_wan", values);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "money.too_many_decimals");
    CHECK(errors[0].field == "budget_total_wan");
    CHECK(errors[0].argument("label") == "预计项目经费（万元）");

    values["issuer_uscc"] = std::string("91440703MA4U111143");  // last character mistyped
    errors = validate_field(context, "issuer_uscc", values);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "uscc.check_character");
    CHECK(errors[0].field == "issuer_uscc");
    values["contact_mobile"] = std::string("1381234567");
    values["contact_email"] = std::string("lisi@example");
    CHECK(codes_of(validate_step(context, "contact", values)) ==
          std::vector<std::string>{"mobile.format@contact_mobile", "email.format@contact_email"});
    check_messages_complete(strings, validate_step(context, "contact", values));
}

TEST_CASE_FIXTURE(Fixture, "validation: steps, wrong value types and missing context") {
    const Profile profile = test_profile("jiangmen");
    const ValidationContext context{&forms.demand(), &profile, nullptr};
    FieldValues values = support::complete_demand("jiangmen");
    values["project_name"] = true;
    values["credit_declaration"] = std::string("true");
    values["issuer_name"] = std::vector<std::string>{"单位"};
    CHECK(codes_of(validate_step(context, "unit", values)) ==
          std::vector<std::string>{"field.wrong_type@issuer_name"});
    CHECK(codes_of(validate_step(context, "content", values)) ==
          std::vector<std::string>{"field.wrong_type@project_name"});
    CHECK(codes_of(validate_step(context, "benefits", values)) ==
          std::vector<std::string>{"field.wrong_type@credit_declaration"});
    CHECK(codes_of(validate_step(context, "checkout", values)) ==
          std::vector<std::string>{"form.unknown_step@checkout"});
    CHECK(codes_of(validate_field(context, "issuer_phone", values)) ==
          std::vector<std::string>{"field.unknown@issuer_phone"});
    const ValidationContext empty_context{};
    CHECK(codes_of(validate_submission(empty_context, values)) ==
          std::vector<std::string>{"form.missing_context@"});
}

// checks validation.cpp invariant 4 and rules.hpp invariant 3
TEST_CASE_FIXTURE(Fixture,
                  "validation: the shipped city profiles' cross-field rules run after the field checks") {
    const auto profiles = ProfileCatalog::load(source_assets);
    REQUIRE_MESSAGE(profiles.ok(), (profiles.ok() ? std::string() : profiles.error().detail));
    const Profile* jiangmen = profiles->profile("jiangmen");
    REQUIRE(jiangmen != nullptr);
    const ValidationContext context{&forms.demand(), jiangmen, nullptr};
    FieldValues values = support::complete_demand("jiangmen");
    values["industry_field"] = jiangmen->industries.front().id;
    const auto passing = validate_submission(context, values);
    CAPTURE(codes_of(passing));
    CHECK(passing.empty());

    values["budget_solver_wan"] = std::string("600");  // more than the 500 total
    const auto errors = validate_submission(context, values);
    CHECK(codes_of(errors) == std::vector<std::string>{"money.share_exceeds_total@budget_solver_wan"});
    check_messages_complete(strings, errors);

    // A field error and a rule about the same field: one mistake, one message.
    values["budget_solver_wan"] = std::string("6OO");
    CHECK(codes_of(validate_submission(context, values)) ==
          std::vector<std::string>{"money.format@budget_solver_wan"});
}

TEST_CASE_FIXTURE(Fixture, "validation: a Jingdezhen bid needs a local host when the rule says so") {
    const auto profiles = ProfileCatalog::load(source_assets);
    REQUIRE(profiles.ok());
    const Profile* jingdezhen = profiles->profile("jingdezhen");
    REQUIRE(jingdezhen != nullptr);
    // The shared Jingdezhen bid, on a listing of a non-enterprise (第五条(五)), by an enterprise registered
    // in Beijing: outside the city.
    Board board = support::fixture_board("jingdezhen");
    REQUIRE(board.listings.size() == 1);
    board.listings.front().issuer_kind = "non_enterprise";
    const ValidationContext context{&forms.bid(), jingdezhen, &board};
    FieldValues bid = support::complete_bid("jingdezhen");
    bid["solver_name"] = std::string("北京小米科技有限责任公司");
    bid["solver_uscc"] = std::string("91110108551385082Q");
    const auto missing_host = validate_submission(context, bid);
    REQUIRE_FALSE(missing_host.empty());
    CHECK(missing_host[0].code == "bid.local_host_required");
    check_messages_complete(strings, missing_host);

    bid["local_host_name"] = std::string("景德镇示例陶瓷有限公司");
    bid["local_host_uscc"] = std::string("91360203MA3522222A");  // a Jingdezhen district (珠山区 360203)
    const auto with_host = validate_submission(context, bid);
    CAPTURE(codes_of(with_host));
    CHECK(with_host.empty());

    bid["local_host_uscc"] = std::string("91360203MA3522222B");  // mistyped: the field check reports it
    CHECK(codes_of(validate_submission(context, bid)) ==
          std::vector<std::string>{"uscc.check_character@local_host_uscc"});
}

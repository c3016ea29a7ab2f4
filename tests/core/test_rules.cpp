// tests/core/test_rules.cpp — each city's cross-field rules as its profile states them: solver share within
// the total, Jiangmen issuer eligibility and total R&D, duration, Jingdezhen minimum bounty and local host
// enterprise, consortium members, Jiaxing achievement transfer taken up by local enterprises.
// USCC fixtures carry real check characters (GB 32100 and GB 11714); the first test proves they are valid.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "shared/forms/form.hpp"
#include "shared/forms/validation.hpp"
#include "shared/policy/rules.hpp"
#include "shared/validate/validators.hpp"
#include "tests/support/fixtures.hpp"

using namespace jiebang;

namespace {

// Units registered in Jingdezhen (昌江区, 珠山区), Jiangmen (蓬江区), Jiaxing (平湖市), Beijing and Suzhou.
const std::string changjiang_enterprise = "91360202MA35A1B20F";
const std::string zhushan_enterprise = "91360203705512348M";
const std::string pengjiang_enterprise = "91440703MA4UJK122J";
const std::string pinghu_enterprise = "91330482MA2B3C4D1J";
const std::string beijing_institution = "121101084000035501";
const std::string suzhou_enterprise = "91320506MA1N2P3Q02";

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

FormDefinition form_named(const char* id) {
    FormDefinition form;
    form.id = id;
    return form;
}

Board board_for(const char* profile_id) {
    Board board;
    board.version = 1;
    board.profile_id = profile_id;
    Listing university_listing;
    university_listing.id = "L-UNIVERSITY";
    university_listing.profile_id = profile_id;
    university_listing.issuer_name = "景德镇陶瓷大学";
    university_listing.issuer_kind = "non_enterprise";
    Listing enterprise_listing;
    enterprise_listing.id = "L-ENTERPRISE";
    enterprise_listing.profile_id = profile_id;
    enterprise_listing.issuer_name = "景德镇某陶瓷有限公司";
    enterprise_listing.issuer_kind = "enterprise";
    Listing transfer_listing;
    transfer_listing.id = "L-TRANSFER";
    transfer_listing.profile_id = profile_id;
    transfer_listing.issuer_name = "某大学";
    transfer_listing.issuer_kind = "non_enterprise";
    transfer_listing.project_type_id = "achievement_transfer";
    Listing key_listing = transfer_listing;
    key_listing.id = "L-KEY";
    key_listing.project_type_id = "enterprise_key";
    board.listings = {university_listing, enterprise_listing, transfer_listing, key_listing};
    return board;
}

std::vector<Error> check_demand(const char* profile_id, const FieldValues& values) {
    const FormDefinition form = form_named("demand");
    ValidationContext context{&form, &shipped(profile_id), nullptr};
    return check_profile_rules(context, values);
}

std::vector<Error> check_bid(const char* profile_id, const FieldValues& values) {
    const FormDefinition form = form_named("bid");
    const Board board = board_for(profile_id);
    ValidationContext context{&form, &shipped(profile_id), &board};
    return check_profile_rules(context, values);
}

// A Jiangmen demand that passes every rule; tests change one thing at a time.
FieldValues jiangmen_demand() {
    return FieldValues{
        {"issuer_uscc", pengjiang_enterprise},           {"issuer_kind", std::string("enterprise")},
        {"last_year_revenue_wan", std::string("60000")}, {"last_year_rnd_wan", std::string("1000")},
        {"innovation_model_enterprise", false},          {"time_limit_months", std::string("36")},
        {"budget_total_wan", std::string("500")},        {"budget_solver_wan", std::string("300")}};
}

FieldValues jingdezhen_demand() {
    return FieldValues{{"issuer_uscc", changjiang_enterprise},
                       {"issuer_kind", std::string("enterprise")},
                       {"time_limit_months", std::string("24")},
                       {"budget_total_wan", std::string("300")},
                       {"budget_solver_wan", std::string("150")}};
}

FieldValues bid(const std::string& listing, const std::string& kind, const std::string& uscc) {
    return FieldValues{{"listing_id", listing},
                       {"solver_name", std::string("某大学")},
                       {"solver_kind", kind},
                       {"solver_uscc", uscc}};
}

std::vector<std::pair<std::string, std::string>> codes_and_fields(const std::vector<Error>& errors) {
    std::vector<std::pair<std::string, std::string>> result;
    for (const Error& error : errors)
        result.emplace_back(error.code, error.field);
    return result;
}

using Expected = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("the USCC fixtures are valid codes registered where the tests say") {
    for (const std::string& code : {changjiang_enterprise, zhushan_enterprise, pengjiang_enterprise,
                                    pinghu_enterprise, beijing_institution, suzhou_enterprise}) {
        Result<UsccInfo> info = check_uscc(code);
        CHECK_MESSAGE(info.ok(), code);
    }
    CHECK(uscc_region(check_uscc(changjiang_enterprise).value(), shipped("jingdezhen")).ok());
    CHECK_FALSE(uscc_region(check_uscc(suzhou_enterprise).value(), shipped("jingdezhen")).ok());
}

TEST_CASE("complete demands pass every city's rules") {
    CHECK(check_demand("jiangmen", jiangmen_demand()).empty());
    CHECK(check_demand("jingdezhen", jingdezhen_demand()).empty());
    FieldValues jiaxing = jingdezhen_demand();
    jiaxing["issuer_uscc"] = pinghu_enterprise;
    CHECK(check_demand("jiaxing", jiaxing).empty());
}

TEST_CASE("the solver's share above the total budget is refused in every city") {
    for (const char* city : {"jiangmen", "jingdezhen", "jiaxing"}) {
        FieldValues values = std::string(city) == "jiangmen" ? jiangmen_demand() : jingdezhen_demand();
        values["issuer_uscc"] = std::string(city) == "jiangmen"  ? pengjiang_enterprise
                                : std::string(city) == "jiaxing" ? pinghu_enterprise
                                                                 : changjiang_enterprise;
        values["budget_total_wan"] = std::string("400");
        values["budget_solver_wan"] = std::string("400.01");
        const auto errors = check_demand(city, values);
        REQUIRE_MESSAGE(errors.size() == 1, city);
        CHECK(errors[0].code == "money.share_exceeds_total");
        CHECK(errors[0].field == "budget_solver_wan");
        CHECK(errors[0].argument("share") == "400.01");
        CHECK(errors[0].argument("total") == "400");
        values["budget_solver_wan"] = std::string("400");
        CHECK_MESSAGE(check_demand(city, values).empty(), city);
    }
}

TEST_CASE("Jiangmen issuer: revenue >= 5亿 or R&D >= 10 % of revenue or 创新标兵") {
    FieldValues values = jiangmen_demand();
    values["last_year_revenue_wan"] = std::string("30000");
    values["last_year_rnd_wan"] = std::string("2999.99");
    CHECK(codes_and_fields(check_demand("jiangmen", values)) ==
          Expected{{"eligibility.revenue_or_rnd", "last_year_revenue_wan"}});
    CHECK(check_demand("jiangmen", values)[0].argument("minimum_revenue") == "50000");

    values["last_year_rnd_wan"] = std::string("3000");  // exactly 10 %
    CHECK(check_demand("jiangmen", values).empty());

    values["last_year_rnd_wan"] = std::string("0");
    values["last_year_revenue_wan"] = std::string("50000");  // exactly 5亿元
    CHECK(check_demand("jiangmen", values).empty());

    values["last_year_revenue_wan"] = std::string("49999.99");
    CHECK(codes_and_fields(check_demand("jiangmen", values)) ==
          Expected{{"eligibility.revenue_or_rnd", "last_year_revenue_wan"}});
    values["innovation_model_enterprise"] = true;
    CHECK(check_demand("jiangmen", values).empty());

    // A revenue the field check refuses is not reported twice.
    values["innovation_model_enterprise"] = false;
    values["last_year_revenue_wan"] = std::string("lots");
    CHECK(check_demand("jiangmen", values).empty());
}

TEST_CASE("Jiangmen: total R&D below 300万 and durations above 36 months are refused, other cities differ") {
    FieldValues values = jiangmen_demand();
    values["budget_total_wan"] = std::string("299.99");
    values["budget_solver_wan"] = std::string("200");
    CHECK(codes_and_fields(check_demand("jiangmen", values)) ==
          Expected{{"eligibility.total_rnd_minimum", "budget_total_wan"}});
    values["budget_total_wan"] = std::string("300");
    CHECK(check_demand("jiangmen", values).empty());

    values["time_limit_months"] = std::string("37");
    const auto errors = check_demand("jiangmen", values);
    CHECK(codes_and_fields(errors) == Expected{{"duration.too_long", "time_limit_months"}});
    CHECK(errors[0].argument("maximum") == "36");

    FieldValues jiaxing = jingdezhen_demand();
    jiaxing["issuer_uscc"] = pinghu_enterprise;
    jiaxing["time_limit_months"] = std::string("60");
    jiaxing["budget_total_wan"] = std::string("50");
    jiaxing["budget_solver_wan"] = std::string("20");
    CHECK(check_demand("jiaxing", jiaxing).empty());
}

TEST_CASE("Jingdezhen: a bounty below 100万 is refused") {
    FieldValues values = jingdezhen_demand();
    values["budget_solver_wan"] = std::string("99.99");
    const auto errors = check_demand("jingdezhen", values);
    CHECK(codes_and_fields(errors) == Expected{{"eligibility.bounty_minimum", "budget_solver_wan"}});
    CHECK(errors[0].argument("minimum") == "100");
    values["budget_solver_wan"] = std::string("100");
    CHECK(check_demand("jingdezhen", values).empty());
}

TEST_CASE("issuers registered outside the city are refused where the seeds require a local issuer") {
    FieldValues jiangmen = jiangmen_demand();
    jiangmen["issuer_uscc"] = suzhou_enterprise;
    CHECK(codes_and_fields(check_demand("jiangmen", jiangmen)) ==
          Expected{{"eligibility.issuer_outside_city", "issuer_uscc"}});

    FieldValues jingdezhen = jingdezhen_demand();
    jingdezhen["issuer_uscc"] = suzhou_enterprise;
    CHECK(codes_and_fields(check_demand("jingdezhen", jingdezhen)) ==
          Expected{{"eligibility.issuer_outside_city", "issuer_uscc"}});
    // Jingdezhen asks only enterprises to be local; a university may raise a demand from anywhere.
    jingdezhen["issuer_kind"] = std::string("non_enterprise");
    jingdezhen["issuer_uscc"] = beijing_institution;
    CHECK(check_demand("jingdezhen", jingdezhen).empty());
}

TEST_CASE(
    "Jingdezhen 第五条(五): a university bidding on a non-enterprise listing names a local host enterprise") {
    FieldValues values = bid("L-UNIVERSITY", "university", beijing_institution);
    auto errors = check_bid("jingdezhen", values);
    CHECK(codes_and_fields(errors) == Expected{{"bid.local_host_required", "local_host_name"},
                                               {"bid.local_host_required", "local_host_uscc"}});
    CHECK(errors[0].argument("city") == "景德镇市");

    values["local_host_name"] = std::string("景德镇某陶瓷有限公司");
    values["local_host_uscc"] = zhushan_enterprise;
    CHECK(check_bid("jingdezhen", values).empty());

    values["local_host_uscc"] = suzhou_enterprise;
    CHECK(codes_and_fields(check_bid("jingdezhen", values)) ==
          Expected{{"bid.local_host_outside_city", "local_host_uscc"}});
}

TEST_CASE(
    "Jingdezhen local host: enterprises from outside the city need one, local ones and enterprise listings "
    "do not") {
    CHECK(codes_and_fields(check_bid("jingdezhen", bid("L-UNIVERSITY", "enterprise", suzhou_enterprise)))
              .size() == 2);
    CHECK(codes_and_fields(check_bid("jingdezhen", bid("L-UNIVERSITY", "consortium", suzhou_enterprise)))
              .front() == std::pair<std::string, std::string>{"bid.local_host_required", "local_host_name"});
    CHECK(check_bid("jingdezhen", bid("L-UNIVERSITY", "enterprise", changjiang_enterprise)).empty());
    CHECK(check_bid("jingdezhen", bid("L-ENTERPRISE", "university", beijing_institution)).empty());
    // Jiangmen's seeds have no such rule.
    CHECK(check_bid("jiangmen", bid("L-UNIVERSITY", "university", beijing_institution)).empty());
    // A listing id that is not on the board is left to the listing field's own check.
    CHECK(check_bid("jingdezhen", bid("L-GONE", "university", beijing_institution)).empty());
}

TEST_CASE("consortium bids name their other members once each") {
    FieldValues values = bid("L-ENTERPRISE", "consortium", zhushan_enterprise);
    CHECK(codes_and_fields(check_bid("jiangmen", values)) ==
          Expected{{"bid.consortium_members_required", "consortium_members"}});

    values["consortium_members"] = std::vector<std::string>{"南昌大学", " 南昌大学 "};
    CHECK(codes_and_fields(check_bid("jiangmen", values)) ==
          Expected{{"bid.consortium_member_duplicate", "consortium_members"}});

    values["consortium_members"] = std::vector<std::string>{"南昌大学", "某大学"};
    CHECK(codes_and_fields(check_bid("jiaxing", values)) ==
          Expected{{"bid.consortium_member_is_solver", "consortium_members"}});

    values["consortium_members"] = std::vector<std::string>{"南昌大学", "景德镇某研究所"};
    CHECK(check_bid("jiangmen", values).empty());

    // Members typed before switching to a single unit are not the consortium rule's concern.
    FieldValues single = bid("L-ENTERPRISE", "university", beijing_institution);
    single["consortium_members"] = std::vector<std::string>{};
    CHECK(check_bid("jiangmen", single).empty());
}

TEST_CASE("Jingdezhen: the issuer cannot bid on its own listing") {
    FieldValues values = bid("L-ENTERPRISE", "enterprise", changjiang_enterprise);
    values["solver_name"] = std::string("景德镇某陶瓷有限公司 ");
    CHECK(codes_and_fields(check_bid("jingdezhen", values)) ==
          Expected{{"bid.solver_is_issuer", "solver_name"}});
}

TEST_CASE("[12.5c] Jingdezhen: a branch of the issuer, however the brackets are typed, is the issuer") {
    const auto solver_is_issuer = [](const std::string& solver_name) {
        FieldValues values = bid("L-ENTERPRISE", "enterprise", changjiang_enterprise);
        values["solver_name"] = solver_name;
        return codes_and_fields(check_bid("jingdezhen", values)) ==
               Expected{{"bid.solver_is_issuer", "solver_name"}};
    };
    // The listing's issuer is 景德镇某陶瓷有限公司.
    CHECK(solver_is_issuer("景德镇某陶瓷有限公司（珠山分公司）"));  // full-width brackets
    CHECK(solver_is_issuer("景德镇某陶瓷有限公司(珠山分公司)"));    // ASCII brackets
    CHECK(solver_is_issuer("景德镇某陶瓷有限公司 （景德镇某陶瓷有限公司珠山办事处）"));
    CHECK(solver_is_issuer("景德镇某陶瓷有限公司珠山分公司"));    // no brackets at all
    CHECK(solver_is_issuer("景德镇某陶瓷有限公司\xE3\x80\x80"));  // an ideographic space
    CHECK(solver_is_issuer("景德镇某陶瓷有限公司第二分厂"));
    // Other organisations, and brackets that name no branch, are not the issuer.
    CHECK_FALSE(solver_is_issuer("景德镇某陶瓷科技有限公司"));
    CHECK_FALSE(solver_is_issuer("景德镇某陶瓷有限公司（筹）"));
    CHECK_FALSE(solver_is_issuer("珠山分公司"));
    // Jiangmen and Jiaxing state no such rule.
    FieldValues branch = bid("L-ENTERPRISE", "enterprise", changjiang_enterprise);
    branch["solver_name"] = std::string("景德镇某陶瓷有限公司（珠山分公司）");
    CHECK(check_bid("jiangmen", branch).empty());
}

TEST_CASE("[12.5c] Jingdezhen: the issuer under another name is caught by its USCC from a schema-2 board") {
    const FormDefinition form = form_named("bid");
    Board board = board_for("jingdezhen");
    board.schema = latest_board_schema;
    for (Listing& listing : board.listings) {
        if (listing.id == "L-ENTERPRISE")
            listing.issuer_uscc = zhushan_enterprise;
    }
    const auto errors_for = [&](const std::string& solver_name, const std::string& uscc) {
        FieldValues values = bid("L-ENTERPRISE", "enterprise", uscc);
        values["solver_name"] = solver_name;
        ValidationContext context{&form, &shipped("jingdezhen"), &board};
        return codes_and_fields(check_profile_rules(context, values));
    };
    // A name that shares nothing with the issuer's, but the issuer's USCC: the same unit.
    CHECK(errors_for("景德镇新名字科技有限公司", zhushan_enterprise) ==
          Expected{{"bid.solver_is_issuer", "solver_uscc"}});
    // Typed in lower case with full-width characters, as a keyboard may give it: still the same code.
    std::string typed = "９１３６０２０３７０５５１２３４８ｍ";
    CHECK(errors_for("景德镇新名字科技有限公司", typed) == Expected{{"bid.solver_is_issuer", "solver_uscc"}});
    // Another unit's USCC and another name: no finding.
    CHECK(errors_for("景德镇新名字科技有限公司", changjiang_enterprise).empty());
    // A schema-1 board says nothing of the issuer's USCC: only the name is compared.
    for (Listing& listing : board.listings)
        listing.issuer_uscc.clear();
    CHECK(errors_for("景德镇新名字科技有限公司", zhushan_enterprise).empty());
}

TEST_CASE("[12.5e] the local host fields are shown only where Jingdezhen's rule asks for them") {
    FormCatalog forms = FormCatalog::load(JIEBANG_SOURCE_ASSETS_DIR).value();
    const FormDefinition& form = forms.bid();
    const FieldDefinition* host_name = form.field("local_host_name");
    const FieldDefinition* host_uscc = form.field("local_host_uscc");
    REQUIRE(host_name != nullptr);
    REQUIRE(host_uscc != nullptr);
    CHECK(host_name->asked_by_rule == "local_host_required");
    const auto shown = [&](const char* profile_id, const FieldValues& values) {
        const Board board = board_for(profile_id);
        const ValidationContext context{&form, &shipped(profile_id), &board};
        const bool name_shown = field_visible(context, *host_name, values);
        CHECK(field_visible(context, *host_uscc, values) == name_shown);
        return name_shown;
    };
    // A non-enterprise's listing and a university, or an enterprise from outside the city: asked.
    CHECK(shown("jingdezhen", bid("L-UNIVERSITY", "university", beijing_institution)));
    CHECK(shown("jingdezhen", bid("L-UNIVERSITY", "enterprise", suzhou_enterprise)));
    // An enterprise of the city, an enterprise's listing, no listing yet, no USCC yet: not asked.
    CHECK_FALSE(shown("jingdezhen", bid("L-UNIVERSITY", "enterprise", changjiang_enterprise)));
    CHECK_FALSE(shown("jingdezhen", bid("L-ENTERPRISE", "university", beijing_institution)));
    CHECK_FALSE(shown("jingdezhen", FieldValues{{"solver_kind", std::string("university")}}));
    CHECK_FALSE(shown("jingdezhen", bid("L-UNIVERSITY", "enterprise", "")));
    // Cities without the rule never ask.
    CHECK_FALSE(shown("jiangmen", bid("L-UNIVERSITY", "university", beijing_institution)));
    CHECK_FALSE(shown("jiaxing", bid("L-UNIVERSITY", "university", beijing_institution)));

    // A listing this board does not hold (it left the board): the rule cannot tell, the fields are asked.
    CHECK(shown("jingdezhen", bid("L-GONE", "enterprise", changjiang_enterprise)));
    // A value typed before the answers changed (or filed by an earlier release) keeps the field shown and
    // checked: nothing is dropped unseen.
    FieldValues typed = bid("L-UNIVERSITY", "enterprise", changjiang_enterprise);
    typed["local_host_uscc"] = std::string("not a code");
    const Board board = board_for("jingdezhen");
    const ValidationContext context{&form, &shipped("jingdezhen"), &board};
    CHECK(field_visible(context, *host_uscc, typed));
    CHECK_FALSE(field_visible(context, *host_name, typed));
    const auto errors = validate_field(context, "local_host_uscc", typed);
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().code == "uscc.length");
}

TEST_CASE("[12.5d] Jiaxing's achievement-transfer demands and bids ask a transfer's questions") {
    FormCatalog forms = FormCatalog::load(JIEBANG_SOURCE_ASSETS_DIR).value();
    const Board board = board_for("jiaxing");
    const ValidationContext demand{&forms.demand(), &shipped("jiaxing"), nullptr};
    const FieldDefinition& problem = *forms.demand().field("technical_problem");
    FieldValues transfer{{"project_type", std::string("achievement_transfer")}};
    FieldValues key{{"project_type", std::string("enterprise_key")}};
    CHECK(worded_field(demand, problem, transfer).label.chinese == "成果简介（限500字以内）");
    CHECK(worded_field(demand, problem, key).label.chinese == problem.label.chinese);
    CHECK(problem.label.chinese.find("技术难题") != std::string::npos);
    // The same field, id, kind and limit: only the words change (the form version keeps its contract).
    const FieldDefinition worded = worded_field(demand, problem, transfer);
    CHECK(worded.id == problem.id);
    CHECK(worded.max_chars == problem.max_chars);
    // Errors carry the words the applicant read.
    const auto errors = validate_field(demand, "technical_problem", transfer);
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().argument("label") == "成果简介（限500字以内）");

    const ValidationContext bid_context{&forms.bid(), &shipped("jiaxing"), &board};
    const FieldDefinition& plan = *forms.bid().field("feasible_plan");
    CHECK(worded_field(bid_context, plan, FieldValues{{"listing_id", std::string("L-TRANSFER")}})
              .label.chinese == "成果承接转化方案（限1000字以内）");
    CHECK(worded_field(bid_context, plan, FieldValues{{"listing_id", std::string("L-KEY")}}).label.chinese ==
          plan.label.chinese);
    CHECK(worded_field(bid_context, plan, FieldValues{}).label.chinese == plan.label.chinese);
}

TEST_CASE("Jiaxing: achievement-transfer listings are taken up by enterprises registered in Jiaxing") {
    CHECK(codes_and_fields(check_bid("jiaxing", bid("L-TRANSFER", "university", beijing_institution))) ==
          Expected{{"bid.solver_kind_not_allowed", "solver_kind"}});
    CHECK(codes_and_fields(check_bid("jiaxing", bid("L-TRANSFER", "enterprise", suzhou_enterprise))) ==
          Expected{{"bid.solver_outside_city", "solver_uscc"}});
    CHECK(check_bid("jiaxing", bid("L-TRANSFER", "enterprise", pinghu_enterprise)).empty());
    CHECK(check_bid("jiaxing", bid("L-KEY", "university", beijing_institution)).empty());
}

TEST_CASE("rules of the other form and contexts without a profile check nothing") {
    FieldValues values = jingdezhen_demand();
    values["budget_solver_wan"] = std::string("10");
    const FormDefinition bid_form = form_named("bid");
    ValidationContext wrong_form{&bid_form, &shipped("jingdezhen"), nullptr};
    CHECK(check_profile_rules(wrong_form, values).empty());
    const FormDefinition demand_form = form_named("demand");
    ValidationContext no_profile{&demand_form, nullptr, nullptr};
    CHECK(check_profile_rules(no_profile, values).empty());
}

TEST_CASE("Jingdezhen acceptance fails below 80 % completion, Jiangmen states no threshold") {
    const Status failed = check_acceptance_completion(shipped("jingdezhen"), 7999);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == "acceptance.below_threshold");
    CHECK(failed.error().argument("minimum_percent") == "80");
    CHECK(check_acceptance_completion(shipped("jingdezhen"), 8000).ok());
    CHECK(check_acceptance_completion(shipped("jiangmen"), 1000).ok());
}

TEST_CASE("every field a profile rule names exists in its form and applies to that city") {
    Result<FormCatalog> forms = FormCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE_MESSAGE(forms.ok(), (forms.ok() ? std::string() : forms.error().detail));
    for (const char* city : {"jiangmen", "jingdezhen", "jiaxing"}) {
        const Profile& profile = shipped(city);
        for (const ProfileRule& rule : profile.rules) {
            const FormDefinition* form = forms->form(rule.form_id);
            REQUIRE(form != nullptr);
            for (const auto& [name, value] : rule.text) {
                if (!name.ends_with("_field") && name != "field")
                    continue;
                const FieldDefinition* field = form->field(value);
                CHECK_MESSAGE(field != nullptr, city, " rule ", rule.kind, " names unknown field ", value);
                if (field != nullptr) {
                    CHECK_MESSAGE(form->field_applies(*field, profile.id), city, " rule ", rule.kind,
                                  " field ", value);
                }
            }
        }
    }
}

// checks rules.hpp invariant 3
TEST_CASE(
    "through validate_submission: a complete Jingdezhen demand passes, a 99万 bounty gets exactly one rule "
    "error") {
    Result<FormCatalog> forms = FormCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(forms.ok());
    FieldValues values = test_support::complete_demand("jingdezhen");
    ValidationContext context{&forms->demand(), &shipped("jingdezhen"), nullptr};
    const auto passing = validate_submission(context, values);
    CHECK_MESSAGE(passing.empty(),
                  (passing.empty() ? std::string() : passing.front().code + " " + passing.front().field));

    values["budget_solver_wan"] = std::string("99");
    CHECK(codes_and_fields(validate_submission(context, values)) ==
          Expected{{"eligibility.bounty_minimum", "budget_solver_wan"}});
}

TEST_CASE("rules are data: a rule added to a profile file applies without any code change") {
    std::stringstream buffer;
    buffer << std::ifstream(std::filesystem::path(JIEBANG_SOURCE_ASSETS_DIR) / "profiles" / "jiaxing.json")
                  .rdbuf();
    nlohmann::json document = nlohmann::json::parse(buffer.str());
    document["rules"].push_back({{"kind", "money_minimum"},
                                 {"form", "demand"},
                                 {"code", "eligibility.bounty_minimum"},
                                 {"parameters", {{"field", "budget_solver_wan"}, {"minimum_wan", 50}}}});
    const auto folder =
        std::filesystem::temp_directory_path() / ("jiebang-rules-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "jiaxing.json") << document.dump();
    Result<Profile> changed = ProfileCatalog::load_file(folder / "jiaxing.json");
    std::filesystem::remove_all(folder);
    REQUIRE(changed.ok());

    FieldValues values = jingdezhen_demand();
    values["issuer_uscc"] = pinghu_enterprise;
    values["budget_solver_wan"] = std::string("49.99");
    const FormDefinition form = form_named("demand");
    ValidationContext shipped_context{&form, &shipped("jiaxing"), nullptr};
    CHECK(check_profile_rules(shipped_context, values).empty());
    ValidationContext changed_context{&form, &changed.value(), nullptr};
    const auto errors = check_profile_rules(changed_context, values);
    CHECK(codes_and_fields(errors) == Expected{{"eligibility.bounty_minimum", "budget_solver_wan"}});
    CHECK(errors.at(0).argument("minimum") == "50");
}

// tests/core/test_forms.cpp — the shipped demand and bid forms (agreed field ids, kinds, limits, steps) and
// strict loading: each kind of malformed form file fails naming the file, the JSON key and the reason.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "shared/forms/form.hpp"

using namespace jiebang;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

const fs::path source_assets = JIEBANG_SOURCE_ASSETS_DIR;

struct FormTempDirectory {
    fs::path path;
    FormTempDirectory() {
        std::random_device random;
        path = fs::temp_directory_path() /
               ("jiebang-forms-" + std::to_string(random()) + std::to_string(random()));
        fs::create_directories(path);
    }
    ~FormTempDirectory() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

Json shipped_form_json(const std::string& form_id) {
    std::ifstream stream(source_assets / "forms" / (form_id + ".json"), std::ios::binary);
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    return Json::parse(buffer.str());
}

Json& field_json(Json& form, const std::string& field_id) {
    for (Json& field : form["fields"]) {
        if (field["id"] == field_id)
            return field;
    }
    FAIL("no field " << field_id);
    return form;
}

// Writes `text` to a temp file and loads it; the result must be an error.
Error load_failure(const FormTempDirectory& folder, const std::string& text) {
    const fs::path file = folder.path / "form.json";
    std::ofstream(file, std::ios::binary) << text;
    auto loaded = FormCatalog::load_file(file);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().field == file.string());  // every load error names the file
    CHECK(loaded.error().argument("file") == file.string());
    return loaded.error();
}

Error mutated_demand_failure(const FormTempDirectory& folder, const std::function<void(Json&)>& mutate) {
    Json form = shipped_form_json("demand");
    mutate(form);
    return load_failure(folder, form.dump(2));
}

struct ExpectedField {
    const char* id;
    FieldKind kind;
    bool required;
    int max_chars;
};

void check_fields(const FormDefinition& form, const std::vector<ExpectedField>& expected) {
    REQUIRE(form.fields.size() == expected.size());
    for (const ExpectedField& item : expected) {
        CAPTURE(item.id);
        const FieldDefinition* field = form.field(item.id);
        REQUIRE(field != nullptr);
        CHECK(field->kind == item.kind);
        CHECK(field->required == item.required);
        CHECK(field->max_chars == item.max_chars);
        CHECK_FALSE(field->label.chinese.empty());
        CHECK_FALSE(field->label.english.empty());
    }
}

std::vector<std::string> step_ids(const FormDefinition& form) {
    std::vector<std::string> ids;
    for (const StepDefinition& step : form.steps)
        ids.push_back(step.id);
    return ids;
}

}  // namespace

// checks form.hpp invariants 1 and 2
TEST_CASE("forms: the demand form has exactly the agreed fields and steps") {
    const auto catalog = FormCatalog::load(source_assets);
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? std::string() : catalog.error().detail));
    const FormDefinition& demand = catalog->demand();
    CHECK(demand.id == "demand");
    CHECK(demand.version >= 1);
    CHECK(step_ids(demand) ==
          std::vector<std::string>{"consent", "unit", "contact", "content", "problem", "budget", "benefits"});
    using K = FieldKind;
    check_fields(demand, {
                             {"consent_personal_data", K::Consent, true, 0},
                             {"project_type", K::Choice, true, 0},
                             {"industry_field", K::Choice, true, 0},
                             {"sub_direction", K::Text, true, 60},
                             {"project_name", K::Text, true, 50},
                             {"issuer_name", K::Text, true, 100},
                             {"issuer_uscc", K::Uscc, true, 0},
                             {"issuer_kind", K::Choice, true, 0},
                             {"host_enterprise_suggestion", K::Text, false, 100},
                             {"last_year_revenue_wan", K::Money, true, 0},
                             {"last_year_rnd_wan", K::Money, true, 0},
                             {"innovation_model_enterprise", K::Declaration, false, 0},
                             {"contact_name", K::Text, true, 30},
                             {"contact_title", K::Text, false, 30},
                             {"contact_mobile", K::Mobile, true, 0},
                             {"contact_email", K::Email, true, 0},
                             {"co_demand_enterprises", K::TextList, false, 100},
                             {"technical_problem", K::Multiline, true, 500},
                             {"technical_targets", K::Multiline, true, 500},
                             {"time_limit_months", K::Integer, true, 0},
                             {"ip_ownership", K::Choice, true, 0},
                             {"mechanism", K::Choice, true, 0},
                             {"budget_total_wan", K::Money, true, 0},
                             {"budget_solver_wan", K::Money, true, 0},
                             {"expected_benefits", K::Multiline, true, 300},
                             {"self_funding_commitment", K::Declaration, true, 0},
                             {"credit_declaration", K::Declaration, true, 0},
                         });
    CHECK(demand.field("project_type")->profiles == std::vector<std::string>{"jiaxing"});
    CHECK(demand.field("project_type")->options_source == "profile.project_types");
    CHECK(demand.field("industry_field")->options_source == "profile.industries");
    CHECK(demand.field("mechanism")->options_source == "profile.mechanisms");
    CHECK(demand.field("last_year_revenue_wan")->profiles == std::vector<std::string>{"jiangmen"});
    CHECK(demand.field("innovation_model_enterprise")->profiles == std::vector<std::string>{"jiangmen"});
    CHECK(demand.field("co_demand_enterprises")->max_items == 20);
    const auto& host = demand.field("host_enterprise_suggestion")->visible_when;
    REQUIRE(host.has_value());
    CHECK(host->field == "issuer_kind");
    CHECK(host->equals_any == std::vector<std::string>{"non_enterprise"});
    for (const char* personal : {"contact_name", "contact_title", "contact_mobile", "contact_email"}) {
        CAPTURE(personal);
        CHECK(demand.field(personal)->personal);
    }
    CHECK_FALSE(demand.field("issuer_name")->personal);
    // Help texts from seed 002 附件1.
    CHECK(demand.field("technical_problem")->help.chinese.find("卡脖子") != std::string::npos);
    CHECK(demand.field("technical_targets")->help.chinese.find("边界条件") != std::string::npos);
    CHECK(demand.field("expected_benefits")->help.chinese.find("生态效益") != std::string::npos);
}

TEST_CASE("forms: the bid form has exactly the agreed fields and steps") {
    const auto catalog = FormCatalog::load(source_assets);
    REQUIRE(catalog.ok());
    const FormDefinition& bid = catalog->bid();
    CHECK(bid.id == "bid");
    CHECK(step_ids(bid) ==
          std::vector<std::string>{"consent", "listing", "solver", "team", "plan", "declarations"});
    using K = FieldKind;
    check_fields(bid, {
                          {"consent_personal_data", K::Consent, true, 0},
                          {"listing_id", K::Listing, true, 0},
                          {"solver_name", K::Text, true, 100},
                          {"solver_uscc", K::Uscc, true, 0},
                          {"solver_kind", K::Choice, true, 0},
                          {"consortium_members", K::TextList, true, 100},
                          {"team_name", K::Text, true, 50},
                          {"team_lead_name", K::Text, true, 30},
                          {"team_lead_title", K::Text, false, 30},
                          {"contact_mobile", K::Mobile, true, 0},
                          {"contact_email", K::Email, true, 0},
                          {"feasible_plan", K::Multiline, true, 1000},
                          {"technical_approach", K::Multiline, true, 1000},
                          {"milestones", K::TextList, true, 100},
                          {"own_ip", K::Multiline, true, 500},
                          {"track_record", K::Multiline, false, 500},
                          {"declaration_not_affiliated", K::Declaration, true, 0},
                          {"credit_declaration", K::Declaration, true, 0},
                          {"local_host_name", K::Text, false, 100},
                          {"local_host_uscc", K::Uscc, false, 0},
                      });
    CHECK(bid.field("listing_id")->options_source == "board.listings");
    CHECK(bid.field("solver_kind")->options_source == "profile.solver_kinds");
    const FieldDefinition* members = bid.field("consortium_members");
    CHECK(members->min_items == 1);
    CHECK(members->max_items == 10);
    REQUIRE(members->visible_when.has_value());
    CHECK(members->visible_when->field == "solver_kind");
    CHECK(members->visible_when->equals_any == std::vector<std::string>{"consortium"});
    CHECK(bid.field("milestones")->min_items == 1);
    CHECK(bid.field("milestones")->max_items == 12);
    CHECK(bid.field("team_lead_name")->personal);
}

TEST_CASE("forms: steps and fields per city profile") {
    const auto catalog = FormCatalog::load(source_assets);
    REQUIRE(catalog.ok());
    const FormDefinition& demand = catalog->demand();
    const FieldDefinition& project_type = *demand.field("project_type");
    const FieldDefinition& revenue = *demand.field("last_year_revenue_wan");
    CHECK(demand.field_applies(project_type, "jiaxing"));
    CHECK_FALSE(demand.field_applies(project_type, "jiangmen"));
    CHECK(demand.field_applies(revenue, "jiangmen"));
    CHECK_FALSE(demand.field_applies(revenue, "jingdezhen"));
    CHECK(demand.steps_for("jingdezhen").size() == demand.steps.size());  // every step keeps some field
    CHECK(demand.field("no_such_field") == nullptr);
    CHECK(catalog->form("bid") == &catalog->bid());
    CHECK(catalog->form("other") == nullptr);
    CHECK(field_kind_from_name("text_list") == FieldKind::TextList);
    CHECK(field_kind_name(FieldKind::MultiChoice) == "multi_choice");
    CHECK_FALSE(field_kind_from_name("textlist").has_value());
}

// checks form.hpp invariants 1, 2 and 4
TEST_CASE("forms: malformed form files fail naming the key and the reason") {
    FormTempDirectory folder;

    SUBCASE("unknown kind") {
        const Error error = mutated_demand_failure(
            folder, [](Json& form) { field_json(form, "issuer_uscc")["kind"] = "usc"; });
        CHECK(error.code == "form.unknown_kind");
        CHECK(error.argument("key") == "fields[issuer_uscc].kind");
        CHECK(error.argument("reason").find("usc") != std::string::npos);
    }
    SUBCASE("unknown key (a typo)") {
        const Error error = mutated_demand_failure(folder, [](Json& form) {
            Json& field = field_json(form, "project_name");
            field.erase("required");
            field["requird"] = true;
        });
        CHECK(error.code == "form.unknown_key");
        CHECK(error.argument("key") == "fields[project_name].requird");
    }
    SUBCASE("unknown key at the top") {
        const Error error = mutated_demand_failure(folder, [](Json& form) { form["extra"] = 1; });
        CHECK(error.code == "form.unknown_key");
        CHECK(error.argument("key") == "extra");
    }
    SUBCASE("duplicate field id") {
        const Error error = mutated_demand_failure(folder, [](Json& form) {
            Json copy = field_json(form, "project_name");
            form["fields"].push_back(copy);
        });
        CHECK(error.code == "form.duplicate_field");
        CHECK(error.argument("reason").find("project_name") != std::string::npos);
    }
    SUBCASE("a step names a missing field") {
        const Error error = mutated_demand_failure(
            folder, [](Json& form) { form["steps"][1]["fields"].push_back("issuer_phone"); });
        CHECK(error.code == "form.step_unknown_field");
        CHECK(error.argument("key") == "steps[unit].fields");
        CHECK(error.argument("reason").find("issuer_phone") != std::string::npos);
    }
    SUBCASE("a field in no step, and a field in two steps") {
        const Error orphan = mutated_demand_failure(folder, [](Json& form) {
            Json& fields = form["steps"][2]["fields"];  // contact
            fields.erase(fields.begin() + 1);           // contact_title
        });
        CHECK(orphan.code == "form.field_without_step");
        CHECK(orphan.argument("key") == "fields[contact_title]");
        const Error twice = mutated_demand_failure(
            folder, [](Json& form) { form["steps"][0]["fields"].push_back("contact_name"); });
        CHECK(twice.code == "form.field_in_two_steps");
    }
    SUBCASE("bad visible_when") {
        const Error missing = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "host_enterprise_suggestion")["visible_when"]["field"] = "issuer_type";
        });
        CHECK(missing.code == "form.bad_visible_when");
        CHECK(missing.argument("key") == "fields[host_enterprise_suggestion].visible_when.field");
        const Error value = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "host_enterprise_suggestion")["visible_when"]["equals_any"] =
                Json::array({"university"});
        });
        CHECK(value.code == "form.bad_visible_when");
        CHECK(value.argument("reason").find("university") != std::string::npos);
        const Error not_choice = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "host_enterprise_suggestion")["visible_when"]["field"] = "issuer_name";
        });
        CHECK(not_choice.code == "form.bad_visible_when");
        const Error later = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "issuer_name")["visible_when"] =
                Json{{"field", "ip_ownership"}, {"equals_any", {"shared"}}};
        });
        CHECK(later.code == "form.bad_visible_when");
        const Error empty = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "host_enterprise_suggestion")["visible_when"]["equals_any"] = Json::array();
        });
        CHECK(empty.code == "form.bad_visible_when");
    }
    SUBCASE("wrong types and values") {
        const Error type = mutated_demand_failure(
            folder, [](Json& form) { field_json(form, "technical_problem")["max_chars"] = "500"; });
        CHECK(type.code == "form.wrong_type");
        CHECK(type.argument("key") == "fields[technical_problem].max_chars");
        const Error negative = mutated_demand_failure(
            folder, [](Json& form) { field_json(form, "technical_problem")["max_chars"] = -1; });
        CHECK(negative.code == "form.bad_value");
        const Error no_english = mutated_demand_failure(
            folder, [](Json& form) { field_json(form, "project_name")["label"].erase("en"); });
        CHECK(no_english.code == "form.missing_key");
        CHECK(no_english.argument("key") == "fields[project_name].label.en");
        const Error no_label = mutated_demand_failure(
            folder, [](Json& form) { field_json(form, "project_name").erase("label"); });
        CHECK(no_label.code == "form.missing_key");
        const Error limit_on_money = mutated_demand_failure(
            folder, [](Json& form) { field_json(form, "budget_total_wan")["max_chars"] = 10; });
        CHECK(limit_on_money.code == "form.bad_value");
        const Error bad_id = mutated_demand_failure(
            folder, [](Json& form) { field_json(form, "project_name")["id"] = "Project Name"; });
        CHECK(bad_id.code == "form.bad_value");
    }
    SUBCASE("options") {
        const Error source = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "industry_field")["options_source"] = "profile.industry";
        });
        CHECK(source.code == "form.unknown_options_source");
        const Error none = mutated_demand_failure(
            folder, [](Json& form) { field_json(form, "ip_ownership").erase("options"); });
        CHECK(none.code == "form.missing_options");
        const Error duplicate = mutated_demand_failure(folder, [](Json& form) {
            Json& options = field_json(form, "ip_ownership")["options"];
            options.push_back(options[0]);
        });
        CHECK(duplicate.code == "form.bad_value");
    }
    SUBCASE("JSON syntax, duplicate keys, missing file") {
        const Error syntax = load_failure(folder, R"({"form": "demand", "version": 1,})");
        CHECK(syntax.code == "form.parse");
        const Error duplicate_key = load_failure(folder, R"({"form": "demand", "form": "bid"})");
        CHECK(duplicate_key.code == "form.bad_value");
        CHECK(duplicate_key.argument("key") == "form");
        const Error not_object = load_failure(folder, "[]");
        CHECK(not_object.code == "form.wrong_type");
        const auto missing = FormCatalog::load_file(folder.path / "absent.json");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().code == "form.cannot_read");
    }
    SUBCASE("the catalogue refuses a file whose form id does not match its name") {
        fs::create_directories(folder.path / "forms");
        Json bid_as_demand = shipped_form_json("bid");
        std::ofstream(folder.path / "forms" / "demand.json") << bid_as_demand.dump();
        std::ofstream(folder.path / "forms" / "bid.json") << bid_as_demand.dump();
        const auto catalog = FormCatalog::load(folder.path);
        REQUIRE_FALSE(catalog.ok());
        CHECK(catalog.error().code == "form.wrong_form");
    }
}

TEST_CASE("[12.5d][12.5e][12.6] forms: asked_by_rule, wordings and help_when_retained are checked at load") {
    FormTempDirectory folder;
    SUBCASE("asked_by_rule names a rule kind that asks for fields") {
        const Error error = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "host_enterprise_suggestion")["asked_by_rule"] = "money_minimum";
        });
        CHECK(error.code == "form.bad_value");
        CHECK(error.argument("key") == "fields[host_enterprise_suggestion].asked_by_rule");
    }
    SUBCASE("a wording's field is a choice field of the form") {
        const Error error = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "technical_problem")["wordings"][0]["when"]["field"] = "project_name";
        });
        CHECK(error.code == "form.bad_value");
        CHECK(error.argument("key") == "fields[technical_problem].wordings[0].when.field");
    }
    SUBCASE("a wording says when: by a field or by the listing, not both") {
        const Error error = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "technical_problem")["wordings"][0]["when"]["listing_project_types"] =
                Json::array({"achievement_transfer"});
        });
        CHECK(error.code == "form.bad_value");
        CHECK(error.argument("key") == "fields[technical_problem].wordings[0].when");
    }
    SUBCASE("help_when_retained only on consent, and it says {days}") {
        Error error = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "project_name")["help_when_retained"] = Json{{"zh", "{days}"}, {"en", "{days}"}};
        });
        CHECK(error.code == "form.bad_value");
        error = mutated_demand_failure(folder, [](Json& form) {
            field_json(form, "consent_personal_data")["help_when_retained"]["zh"] = "保留一段时间";
        });
        CHECK(error.code == "form.bad_value");
        CHECK(error.argument("key") == "fields[consent_personal_data].help_when_retained");
    }
}

TEST_CASE("[12.6] forms: the consent text says what the terminal's retention does") {
    auto forms = FormCatalog::load(source_assets);
    REQUIRE(forms.ok());
    const std::string deleted_on_arrival = "资料送达科技局后，本机会删除这些联系信息";
    for (const FormDefinition* form : {&forms->demand(), &forms->bid()}) {
        const FieldDefinition* consent = form->field_with_role(FieldRole::Consent);
        REQUIRE(consent != nullptr);
        CHECK(consent->help.chinese.find(deleted_on_arrival) != std::string::npos);
        CHECK(consent->help.chinese.find("{days}") == std::string::npos);
    }
    FormCatalog immediate = *forms;
    immediate.apply_contact_retention(0);
    CHECK(immediate.demand().field_with_role(FieldRole::Consent)->help.chinese ==
          forms->demand().field_with_role(FieldRole::Consent)->help.chinese);
    FormCatalog kept = *forms;
    kept.apply_contact_retention(3);
    for (const FormDefinition* form : {&kept.demand(), &kept.bid()}) {
        const FieldDefinition* consent = form->field_with_role(FieldRole::Consent);
        CHECK(consent->help.chinese.find("资料送达科技局3天后，本机会删除这些联系信息") != std::string::npos);
        CHECK(consent->help.chinese.find(deleted_on_arrival) == std::string::npos);
        CHECK(consent->help.english.find("3 days after the bureau has received") != std::string::npos);
    }
}

// shared/policy/profile.cpp — loading a city's policy profile (assets/profiles/<id>.json) strictly.
// Every key is checked for presence and type, unknown keys are refused (keys starting with "_" are
// comments), and the whole profile is checked for consistency before it is returned: codes unique, every
// county inside the city, receipt codes without I/L/O, every cost-share group defined by every scheme with
// shares summing to 100 %, tranches summing to 100 %, rules of known kinds with parameters of the types
// their kind's table gives (the registry in shared/policy/rules.cpp).
// Invariants: those of profile.hpp; a failure names the file, the JSON key path ("counties[3].admin_code")
// and what is wrong.
//
// Index
//   [SECTION] money formatting
//   [SECTION] lookups
//   [SECTION] JSON reading with key paths
//   [SECTION] profile parts
//   [SECTION] rules
//   [SECTION] consistency checks
//   [SECTION] loading files and the catalog
#include "shared/policy/profile.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "shared/base/strict_json.hpp"
#include "shared/lifecycle/lifecycle_profile.hpp"
#include "shared/policy/rules.hpp"

namespace jiebang {

// [SECTION] money formatting

std::string format_money_wan(MoneyWan amount) {
    std::int64_t hundredths = amount.hundredths;
    std::string sign;
    std::uint64_t magnitude = 0;
    if (hundredths < 0) {
        sign = "-";
        magnitude = static_cast<std::uint64_t>(-(hundredths + 1)) + 1;
    } else {
        magnitude = static_cast<std::uint64_t>(hundredths);
    }
    std::string text = sign + std::to_string(magnitude / 100);
    const std::uint64_t fraction = magnitude % 100;
    if (fraction != 0) {
        text += '.';
        text += static_cast<char>('0' + fraction / 10);
        if (fraction % 10 != 0) {
            text += static_cast<char>('0' + fraction % 10);
        }
    }
    return text;
}

// [SECTION] lookups

const County* Profile::county_by_code(std::string_view admin_code) const {
    for (const County& county : counties) {
        if (county.admin_code == admin_code)
            return &county;
    }
    return nullptr;
}

const Industry* Profile::industry(std::string_view industry_id) const {
    for (const Industry& entry : industries) {
        if (entry.id == industry_id)
            return &entry;
    }
    return nullptr;
}

const ProjectType* Profile::project_type(std::string_view type_id) const {
    for (const ProjectType& entry : project_types) {
        if (entry.id == type_id)
            return &entry;
    }
    return nullptr;
}

bool Profile::has_mechanism(std::string_view mechanism) const {
    return std::find(mechanisms.begin(), mechanisms.end(), mechanism) != mechanisms.end();
}

const ChoiceOption* Profile::solver_kind(std::string_view kind_id) const {
    for (const ChoiceOption& option : solver_kinds) {
        if (option.id == kind_id)
            return &option;
    }
    return nullptr;
}

std::vector<const ProfileRule*> Profile::rules_for(std::string_view form_id) const {
    std::vector<const ProfileRule*> matching;
    for (const ProfileRule& rule : rules) {
        if (rule.form_id == form_id)
            matching.push_back(&rule);
    }
    return matching;
}

const CostShareGroup* FundingScheme::cost_share_group(std::string_view group_id) const {
    for (const CostShareGroup& group : cost_shares) {
        if (group.group_id == group_id)
            return &group;
    }
    return nullptr;
}

const FundingScheme* FundingPolicy::scheme(std::string_view subsidy_kind,
                                           std::string_view project_type_id) const {
    const std::string_view kind =
        subsidy_kind.empty() ? std::string_view(default_subsidy_kind) : subsidy_kind;
    const FundingScheme* any_type = nullptr;
    for (const FundingScheme& candidate : schemes) {
        if (candidate.subsidy_kind != kind)
            continue;
        if (candidate.project_type_id == project_type_id)
            return &candidate;
        if (candidate.project_type_id.empty() && any_type == nullptr)
            any_type = &candidate;
    }
    return any_type;
}

const std::string& ProfileRule::text_parameter(std::string_view name) const {
    static const std::string empty;
    const auto found = text.find(name);
    return found == text.end() ? empty : found->second;
}

std::int64_t ProfileRule::number_parameter(std::string_view name) const {
    const auto found = numbers.find(name);
    return found == numbers.end() ? 0 : found->second;
}

const std::vector<std::string>& ProfileRule::list_parameter(std::string_view name) const {
    static const std::vector<std::string> empty;
    const auto found = lists.find(name);
    return found == lists.end() ? empty : found->second;
}

// [SECTION] JSON reading with key paths

namespace {

using Json = strict_json::Json;

// The core's strict reader (shared/base/strict_json.hpp) with the profile.* codes, keys starting with "_"
// as comments, errors naming the file and the key path (field = the key path), plus the profile's value
// kinds: money and percentages with at most two decimals, ids, zh/en texts.
class ProfileReader : public strict_json::Reader {
  public:
    explicit ProfileReader(std::string file_name)
        : Reader(
              {"profile.missing_key", "profile.unknown_key", "profile.wrong_type", "profile.invalid_value"},
              [file_name](const std::string& code, const std::string& key_path, const std::string& reason) {
                  return profile_error(file_name, code, key_path, reason);
              },
              "_") {}

    static Error profile_error(const std::string& file_name, const std::string& code,
                               const std::string& key_path, const std::string& reason) {
        Error error(code, key_path,
                    file_name + ": " + (key_path.empty() ? "(top level)" : key_path) + ": " + reason);
        error.with("file", file_name).with("key", key_path).with("reason", reason);
        return error;
    }

    static std::string index(const std::string& path, std::size_t position) {
        return strict_json::index(path, position);
    }

    int integer_member(const Json& object, const std::string& path, std::string_view key, int minimum,
                       int maximum) const {
        return static_cast<int>(
            integer(member(object, path, key), strict_json::join(path, key), minimum, maximum));
    }

    // A JSON number with at most two decimals, scaled by 100 (wan -> hundredths; percent -> basis points).
    std::int64_t hundredths(const Json& value, const std::string& path, std::int64_t maximum) const {
        if (!value.is_number()) {
            fail("profile.wrong_type", path,
                 std::string("expected a number, found ") + strict_json::type_name(value));
        }
        std::int64_t scaled = 0;
        if (value.is_number_integer()) {
            if (value.is_number_unsigned() && !strict_json::is_int64(value))
                fail("profile.invalid_value", path, "too large");
            const std::int64_t whole = value.get<std::int64_t>();
            if (whole < 0)
                fail("profile.invalid_value", path, "must not be negative");
            if (whole > maximum / 100)
                fail("profile.invalid_value", path, "too large");
            scaled = whole * 100;
        } else {
            const double number = value.get<double>();
            if (!(number >= 0))
                fail("profile.invalid_value", path, "must not be negative");
            if (number * 100 > static_cast<double>(maximum))
                fail("profile.invalid_value", path, "too large");
            scaled = std::llround(number * 100);
            if (std::fabs(number * 100 - static_cast<double>(scaled)) > 1e-6) {
                fail("profile.invalid_value", path, "at most two decimals");
            }
        }
        if (scaled > maximum)
            fail("profile.invalid_value", path, "too large");
        return scaled;
    }
    MoneyWan money(const Json& value, const std::string& path) const {
        return MoneyWan{hundredths(value, path, std::int64_t{100'000'000'000})};  // up to 10^9 wan
    }
    int percent_basis_points(const Json& value, const std::string& path) const {
        return static_cast<int>(hundredths(value, path, 10000));
    }

    // {"zh": "...", "en": "..."}, both non-empty.
    LocalText local_text(const Json& value, const std::string& path) const {
        only_keys(value, path, {"zh", "en"});
        LocalText result;
        result.chinese = text_member(value, path, "zh");
        result.english = text_member(value, path, "en");
        return result;
    }
    LocalText local_text_member(const Json& object, const std::string& path, std::string_view key) const {
        return local_text(member(object, path, key), strict_json::join(path, key));
    }

    // Ids: lower-case ASCII letters, digits and underscores (they are JSON values and wire values).
    std::string identifier(const Json& value, const std::string& path) const {
        std::string id = text(value, path);
        for (char character : id) {
            const bool allowed = (character >= 'a' && character <= 'z') ||
                                 (character >= '0' && character <= '9') || character == '_';
            if (!allowed)
                fail("profile.invalid_value", path, "an id uses only a-z, 0-9 and _");
        }
        return id;
    }
    std::string identifier_member(const Json& object, const std::string& path, std::string_view key) const {
        return identifier(member(object, path, key), strict_json::join(path, key));
    }
};

bool is_digits(std::string_view text, std::size_t length) {
    return text.size() == length && std::all_of(text.begin(), text.end(), [](char character) {
               return character >= '0' && character <= '9';
           });
}

// Receipt code characters: digits and capitals without I, L, O (they read like 1 and 0).
bool is_receipt_character(char character, bool letters_only) {
    if (character >= '0' && character <= '9')
        return !letters_only;
    if (character < 'A' || character > 'Z')
        return false;
    return character != 'I' && character != 'L' && character != 'O';
}

// [SECTION] profile parts

void read_city(const ProfileReader& reader, const Json& root, Profile& profile) {
    const std::string path = "city";
    const Json& city = reader.member(root, "", "city");
    reader.expect_object(city, path);
    reader.only_keys(city, path, {"name", "admin_code", "receipt_code", "city_level_receipt_code"});
    profile.city_name = reader.local_text_member(city, path, "name");
    profile.city_admin_code = reader.text_member(city, path, "admin_code");
    if (!is_digits(profile.city_admin_code, 6) || profile.city_admin_code.substr(4) != "00") {
        reader.fail("profile.invalid_value", path + ".admin_code",
                    "a city's administrative-division code has 6 digits ending in 00");
    }
    profile.receipt_city_code = reader.text_member(city, path, "receipt_code");
    if (profile.receipt_city_code.size() < 2 || profile.receipt_city_code.size() > 4 ||
        !std::all_of(profile.receipt_city_code.begin(), profile.receipt_city_code.end(),
                     [](char character) { return is_receipt_character(character, true); })) {
        reader.fail("profile.receipt_code_invalid", path + ".receipt_code",
                    "2 to 4 capital letters, never I, L or O");
    }
    profile.city_level_receipt_code = reader.text_member(city, path, "city_level_receipt_code");
}

void read_counties(const ProfileReader& reader, const Json& root, Profile& profile) {
    const Json& counties = reader.list_member(root, "", "counties");
    if (counties.empty())
        reader.fail("profile.invalid_value", "counties", "a city has at least one county");
    for (std::size_t position = 0; position < counties.size(); ++position) {
        const std::string path = ProfileReader::index("counties", position);
        const Json& entry = counties[position];
        reader.expect_object(entry, path);
        reader.only_keys(entry, path,
                         {"admin_code", "name", "receipt_code", "cost_share_group", "also_known_as"});
        County county;
        county.admin_code = reader.text_member(entry, path, "admin_code");
        county.name = reader.local_text_member(entry, path, "name");
        county.receipt_code = reader.text_member(entry, path, "receipt_code");
        county.cost_share_group = reader.identifier_member(entry, path, "cost_share_group");
        if (const Json* names = reader.optional_member(entry, path, "also_known_as")) {
            county.also_known_as = reader.text_list(*names, path + ".also_known_as");
        }
        profile.counties.push_back(std::move(county));
    }
}

std::vector<ChoiceOption> read_options(const ProfileReader& reader, const Json& list,
                                       const std::string& path) {
    if (!list.is_array())
        reader.fail("profile.wrong_type", path, "expected a list");
    std::vector<ChoiceOption> options;
    for (std::size_t position = 0; position < list.size(); ++position) {
        const std::string item_path = ProfileReader::index(path, position);
        reader.expect_object(list[position], item_path);
        reader.only_keys(list[position], item_path, {"id", "label"});
        ChoiceOption option;
        option.id = reader.identifier_member(list[position], item_path, "id");
        option.label = reader.local_text_member(list[position], item_path, "label");
        options.push_back(std::move(option));
    }
    return options;
}

void read_industries(const ProfileReader& reader, const Json& root, Profile& profile) {
    const Json& industries = reader.list_member(root, "", "industries");
    if (industries.empty())
        reader.fail("profile.invalid_value", "industries", "the catalogue is empty");
    for (std::size_t position = 0; position < industries.size(); ++position) {
        const std::string path = ProfileReader::index("industries", position);
        const Json& entry = industries[position];
        reader.expect_object(entry, path);
        reader.only_keys(entry, path, {"id", "name", "group", "assumed", "sub_directions"});
        Industry industry;
        industry.id = reader.identifier_member(entry, path, "id");
        industry.name = reader.local_text_member(entry, path, "name");
        if (reader.optional_member(entry, path, "group") != nullptr) {
            industry.group = reader.local_text_member(entry, path, "group");
        }
        if (const Json* assumed = reader.optional_member(entry, path, "assumed")) {
            industry.assumed = reader.boolean(*assumed, path + ".assumed");
        }
        if (const Json* directions = reader.optional_member(entry, path, "sub_directions")) {
            industry.sub_directions = read_options(reader, *directions, path + ".sub_directions");
        }
        profile.industries.push_back(std::move(industry));
    }
}

void read_project_types(const ProfileReader& reader, const Json& root, Profile& profile) {
    const Json& types = reader.list_member(root, "", "project_types");
    for (std::size_t position = 0; position < types.size(); ++position) {
        const std::string path = ProfileReader::index("project_types", position);
        reader.expect_object(types[position], path);
        reader.only_keys(types[position], path, {"id", "name", "description"});
        ProjectType type;
        type.id = reader.identifier_member(types[position], path, "id");
        type.name = reader.local_text_member(types[position], path, "name");
        type.description = reader.local_text_member(types[position], path, "description");
        profile.project_types.push_back(std::move(type));
    }
}

void read_mechanisms_and_solvers(const ProfileReader& reader, const Json& root, Profile& profile) {
    const Json& mechanisms = reader.list_member(root, "", "mechanisms");
    if (mechanisms.empty())
        reader.fail("profile.invalid_value", "mechanisms", "at least one mechanism");
    for (std::size_t position = 0; position < mechanisms.size(); ++position) {
        const std::string path = ProfileReader::index("mechanisms", position);
        std::string mechanism = reader.identifier(mechanisms[position], path);
        if (mechanism != "single" && mechanism != "race") {
            reader.fail("profile.invalid_value", path, "a mechanism is \"single\" or \"race\"");
        }
        profile.mechanisms.push_back(std::move(mechanism));
    }
    profile.solver_kinds = read_options(reader, reader.list_member(root, "", "solver_kinds"), "solver_kinds");
    if (profile.solver_kinds.empty())
        reader.fail("profile.invalid_value", "solver_kinds", "at least one solver kind");
}

void read_limits_and_collection(const ProfileReader& reader, const Json& root, Profile& profile) {
    const Json& limits = reader.member(root, "", "limits");
    reader.expect_object(limits, "limits");
    reader.only_keys(limits, "limits",
                     {"projects_per_year_max", "acceptance_minimum_completion_percent",
                      "race_minimum_solvers", "implementation_period_months"});
    profile.limits.projects_per_year_max =
        reader.integer_member(limits, "limits", "projects_per_year_max", 0, 10000);
    profile.limits.acceptance_minimum_completion_basis_points =
        reader.percent_basis_points(reader.member(limits, "limits", "acceptance_minimum_completion_percent"),
                                    "limits.acceptance_minimum_completion_percent");
    profile.limits.race_minimum_solvers =
        reader.integer_member(limits, "limits", "race_minimum_solvers", 0, 100);
    profile.limits.implementation_period_months =
        reader.integer_member(limits, "limits", "implementation_period_months", 0, 240);

    const Json& collection = reader.member(root, "", "collection");
    const std::string path = "collection";
    reader.expect_object(collection, path);
    reader.only_keys(collection, path,
                     {"mode", "county_report_period", "county_visit_period", "county_summary_deadline",
                      "non_enterprise_demands_direct_to_city"});
    profile.collection.mode = reader.identifier_member(collection, path, "mode");
    if (profile.collection.mode != "annual" && profile.collection.mode != "continuous") {
        reader.fail("profile.invalid_value", path + ".mode", "\"annual\" or \"continuous\"");
    }
    profile.collection.county_report_period =
        reader.identifier_member(collection, path, "county_report_period");
    profile.collection.county_visit_period =
        reader.identifier_member(collection, path, "county_visit_period");
    for (const auto& [key, value] :
         {std::pair{"county_report_period", profile.collection.county_report_period},
          std::pair{"county_visit_period", profile.collection.county_visit_period}}) {
        if (value != "none" && value != "monthly" && value != "quarterly") {
            reader.fail("profile.invalid_value", path + "." + key, "\"none\", \"monthly\" or \"quarterly\"");
        }
    }
    profile.collection.county_summary_deadline =
        reader.optional_text_member(collection, path, "county_summary_deadline");
    profile.collection.non_enterprise_demands_direct_to_city =
        reader.boolean(reader.member(collection, path, "non_enterprise_demands_direct_to_city"),
                       path + ".non_enterprise_demands_direct_to_city");
}

void read_calendar_and_explainer(const ProfileReader& reader, const Json& root, Profile& profile) {
    const Json& calendar = reader.list_member(root, "", "calendar");
    for (std::size_t position = 0; position < calendar.size(); ++position) {
        const std::string path = ProfileReader::index("calendar", position);
        const Json& entry = calendar[position];
        reader.expect_object(entry, path);
        reader.only_keys(entry, path, {"step_id", "name", "when", "month", "date"});
        ProfileCalendarEntry step;
        step.step_id = reader.identifier_member(entry, path, "step_id");
        step.name = reader.local_text_member(entry, path, "name");
        step.when = reader.local_text_member(entry, path, "when");
        if (const Json* month = reader.optional_member(entry, path, "month")) {
            step.month = static_cast<int>(reader.integer(*month, path + ".month", 1, 12));
        }
        step.date = reader.optional_text_member(entry, path, "date");
        if (!step.date.empty()) {
            const bool iso = step.date.size() == 10 && step.date[4] == '-' && step.date[7] == '-' &&
                             is_digits(step.date.substr(0, 4), 4) && is_digits(step.date.substr(5, 2), 2) &&
                             is_digits(step.date.substr(8, 2), 2);
            if (!iso)
                reader.fail("profile.invalid_value", path + ".date", "a date is written YYYY-MM-DD");
        }
        profile.calendar.push_back(std::move(step));
    }
    const Json& explainer = reader.list_member(root, "", "explainer");
    if (explainer.empty())
        reader.fail("profile.invalid_value", "explainer", "at least one paragraph");
    for (std::size_t position = 0; position < explainer.size(); ++position) {
        profile.explainer_paragraphs.push_back(
            reader.local_text(explainer[position], ProfileReader::index("explainer", position)));
    }
    const Json& sources = reader.list_member(root, "", "sources");
    profile.sources = reader.text_list(sources, "sources");
}

std::vector<CostShare> read_shares(const ProfileReader& reader, const Json& list, const std::string& path) {
    if (!list.is_array())
        reader.fail("profile.wrong_type", path, "expected a list");
    std::vector<CostShare> shares;
    int total = 0;
    for (std::size_t position = 0; position < list.size(); ++position) {
        const std::string item_path = ProfileReader::index(path, position);
        reader.expect_object(list[position], item_path);
        reader.only_keys(list[position], item_path, {"party", "name", "percent"});
        CostShare share;
        share.party = reader.identifier_member(list[position], item_path, "party");
        share.name = reader.local_text_member(list[position], item_path, "name");
        share.basis_points = reader.percent_basis_points(reader.member(list[position], item_path, "percent"),
                                                         item_path + ".percent");
        for (const CostShare& earlier : shares) {
            if (earlier.party == share.party)
                reader.fail("profile.duplicate_code", item_path + ".party", "party named twice");
        }
        total += share.basis_points;
        shares.push_back(std::move(share));
    }
    if (total != 10000) {
        reader.fail("profile.shares_not_100", path,
                    "shares add up to " + format_money_wan(MoneyWan{total}) + " %, not 100 %");
    }
    return shares;
}

FundingScheme read_scheme(const ProfileReader& reader, const Json& entry, const std::string& path) {
    reader.expect_object(entry, path);
    reader.only_keys(
        entry, path,
        {"subsidy_kind", "project_type", "name", "method", "amount_basis", "rate_percent", "cap_wan",
         "minimum_amount_wan", "fixed_wan", "tranches", "cost_shares", "explanation_keys"});
    FundingScheme scheme;
    scheme.subsidy_kind = reader.identifier_member(entry, path, "subsidy_kind");
    if (const Json* type = reader.optional_member(entry, path, "project_type")) {
        scheme.project_type_id = reader.identifier(*type, path + ".project_type");
    }
    scheme.name = reader.local_text_member(entry, path, "name");
    scheme.method = reader.identifier_member(entry, path, "method");
    scheme.amount_basis = reader.identifier_member(entry, path, "amount_basis");
    if (scheme.method == "percent_of_amount") {
        scheme.rate_basis_points =
            reader.percent_basis_points(reader.member(entry, path, "rate_percent"), path + ".rate_percent");
        if (scheme.rate_basis_points == 0)
            reader.fail("profile.invalid_value", path + ".rate_percent", "must be above 0");
        if (const Json* cap = reader.optional_member(entry, path, "cap_wan")) {
            scheme.cap = reader.money(*cap, path + ".cap_wan");
        }
        if (const Json* minimum = reader.optional_member(entry, path, "minimum_amount_wan")) {
            scheme.minimum_amount = reader.money(*minimum, path + ".minimum_amount_wan");
        }
        if (scheme.amount_basis != "bounty" && scheme.amount_basis != "contract_amount") {
            reader.fail("profile.invalid_value", path + ".amount_basis", "\"bounty\" or \"contract_amount\"");
        }
        if (reader.optional_member(entry, path, "fixed_wan") != nullptr) {
            reader.fail("profile.invalid_value", path + ".fixed_wan", "only for method \"fixed\"");
        }
    } else if (scheme.method == "fixed") {
        scheme.fixed_amount = reader.money(reader.member(entry, path, "fixed_wan"), path + ".fixed_wan");
        for (const char* key : {"rate_percent", "cap_wan", "minimum_amount_wan"}) {
            if (reader.optional_member(entry, path, key) != nullptr) {
                reader.fail("profile.invalid_value", path + "." + key,
                            "only for method \"percent_of_amount\"");
            }
        }
    } else {
        reader.fail("profile.invalid_value", path + ".method", "\"percent_of_amount\" or \"fixed\"");
    }

    const Json& tranches = reader.list_member(entry, path, "tranches");
    int tranche_total = 0;
    for (std::size_t position = 0; position < tranches.size(); ++position) {
        const std::string item_path = ProfileReader::index(path + ".tranches", position);
        reader.expect_object(tranches[position], item_path);
        reader.only_keys(tranches[position], item_path, {"id", "name", "percent"});
        FundingTrancheRule tranche;
        tranche.id = reader.identifier_member(tranches[position], item_path, "id");
        tranche.name = reader.local_text_member(tranches[position], item_path, "name");
        tranche.basis_points = reader.percent_basis_points(
            reader.member(tranches[position], item_path, "percent"), item_path + ".percent");
        for (const FundingTrancheRule& earlier : scheme.tranches) {
            if (earlier.id == tranche.id)
                reader.fail("profile.duplicate_code", item_path + ".id", "tranche named twice");
        }
        tranche_total += tranche.basis_points;
        scheme.tranches.push_back(std::move(tranche));
    }
    if (tranche_total != 10000) {
        reader.fail("profile.tranches_not_100", path + ".tranches",
                    "tranches add up to " + format_money_wan(MoneyWan{tranche_total}) + " %, not 100 %");
    }

    const Json& shares = reader.member(entry, path, "cost_shares");
    reader.expect_object(shares, path + ".cost_shares");
    for (const auto& [group_id, group_value] : shares.items()) {
        if (reader.is_comment(group_id))
            continue;
        const std::string group_path = path + ".cost_shares." + group_id;
        reader.expect_object(group_value, group_path);
        reader.only_keys(group_value, group_path, {"shares", "explanation_key"});
        CostShareGroup group;
        group.group_id = group_id;
        group.shares =
            read_shares(reader, reader.member(group_value, group_path, "shares"), group_path + ".shares");
        group.explanation_key = reader.text_member(group_value, group_path, "explanation_key");
        scheme.cost_shares.push_back(std::move(group));
    }
    scheme.explanation_keys =
        reader.text_list(reader.member(entry, path, "explanation_keys"), path + ".explanation_keys");
    return scheme;
}

void read_funding(const ProfileReader& reader, const Json& root, Profile& profile) {
    const Json& funding = reader.member(root, "", "funding");
    reader.expect_object(funding, "funding");
    reader.only_keys(funding, "funding", {"default_subsidy_kind", "cost_share_groups", "schemes"});
    profile.funding.default_subsidy_kind =
        reader.identifier_member(funding, "funding", "default_subsidy_kind");
    const Json& groups = reader.list_member(funding, "funding", "cost_share_groups");
    for (std::size_t position = 0; position < groups.size(); ++position) {
        const std::string path = ProfileReader::index("funding.cost_share_groups", position);
        reader.expect_object(groups[position], path);
        reader.only_keys(groups[position], path, {"id", "name"});
        CostShareGroupInfo group;
        group.id = reader.identifier_member(groups[position], path, "id");
        group.name = reader.local_text_member(groups[position], path, "name");
        for (const CostShareGroupInfo& earlier : profile.funding.cost_share_groups) {
            if (earlier.id == group.id)
                reader.fail("profile.duplicate_code", path + ".id", "group defined twice");
        }
        profile.funding.cost_share_groups.push_back(std::move(group));
    }
    const Json& schemes = reader.list_member(funding, "funding", "schemes");
    if (schemes.empty())
        reader.fail("profile.invalid_value", "funding.schemes", "at least one scheme");
    for (std::size_t position = 0; position < schemes.size(); ++position) {
        profile.funding.schemes.push_back(
            read_scheme(reader, schemes[position], ProfileReader::index("funding.schemes", position)));
    }
}

// [SECTION] rules

// Reads the rules against the registry of rule kinds (shared/policy/rules.hpp): the kind's table says
// which parameters exist, which are required and what type each is (rules.hpp invariants 1 and 2).
void read_rules(const ProfileReader& reader, const Json& root, Profile& profile,
                const std::vector<RuleKind>& kinds) {
    const Json& rules = reader.list_member(root, "", "rules");
    for (std::size_t position = 0; position < rules.size(); ++position) {
        const std::string path = ProfileReader::index("rules", position);
        const Json& entry = rules[position];
        reader.only_keys(entry, path, {"kind", "form", "code", "parameters"});
        ProfileRule rule;
        rule.kind = reader.identifier_member(entry, path, "kind");
        const RuleKind* kind = find_rule_kind(kinds, rule.kind);
        if (kind == nullptr)
            reader.fail("profile.invalid_value", path + ".kind", "unknown rule kind");
        if (kind->check == nullptr) {
            reader.fail(
                "profile.rule_without_check", path + ".kind",
                "rule kind " + rule.kind + " has no check in this program; it would never be applied");
        }
        rule.form_id = reader.identifier_member(entry, path, "form");
        if (rule.form_id != "demand" && rule.form_id != "bid") {
            reader.fail("profile.invalid_value", path + ".form", "\"demand\" or \"bid\"");
        }
        if (!kind->form_id.empty() && kind->form_id != rule.form_id) {
            reader.fail("profile.invalid_value", path + ".form",
                        "rule kind " + rule.kind + " applies to the " + std::string(kind->form_id) + " form");
        }
        rule.error_code = reader.optional_text_member(entry, path, "code");
        if (rule.error_code.empty())
            rule.error_code = std::string(kind->default_code);
        if (rule.error_code.empty())
            reader.fail("profile.missing_key", path + ".code",
                        "missing (this rule kind has no default code)");

        const std::string parameters_path = path + ".parameters";
        const Json& parameters = reader.member(entry, path, "parameters");
        reader.expect_object(parameters, parameters_path);
        for (const auto& [key, value] : parameters.items()) {
            if (reader.is_comment(key))
                continue;
            const bool known =
                std::any_of(kind->parameters.begin(), kind->parameters.end(),
                            [&](const RuleParameter& parameter) { return parameter.name == key; });
            if (!known)
                reader.fail("profile.unknown_key", parameters_path + "." + key,
                            "unknown parameter for " + rule.kind);
        }
        for (const RuleParameter& parameter : kind->parameters) {
            const std::string name(parameter.name);
            const std::string parameter_path = parameters_path + "." + name;
            const Json* value = reader.optional_member(parameters, parameters_path, name);
            if (value == nullptr) {
                if (parameter.required)
                    reader.fail("profile.missing_key", parameter_path, "missing");
                continue;
            }
            switch (parameter.type) {
                case RuleParameterType::Field:
                    rule.text[name] = reader.identifier(*value, parameter_path);
                    break;
                case RuleParameterType::Text:
                    rule.text[name] = reader.text(*value, parameter_path);
                    break;
                case RuleParameterType::Money:
                    rule.numbers[name] = reader.money(*value, parameter_path).hundredths;
                    break;
                case RuleParameterType::Percent:
                    rule.numbers[name] = reader.percent_basis_points(*value, parameter_path);
                    break;
                case RuleParameterType::Integer:
                    rule.numbers[name] = reader.integer(*value, parameter_path, 0, 100000);
                    break;
                case RuleParameterType::List:
                    rule.lists[name] = reader.text_list(*value, parameter_path);
                    break;
                case RuleParameterType::SolverKinds:
                    rule.lists[name] = reader.text_list(*value, parameter_path);
                    for (const std::string& item : rule.lists[name]) {
                        if (profile.solver_kind(item) == nullptr) {
                            reader.fail("profile.unknown_reference", parameter_path,
                                        "solver kind " + item + " is not in solver_kinds");
                        }
                    }
                    break;
                case RuleParameterType::ProjectTypes:
                    rule.lists[name] = reader.text_list(*value, parameter_path);
                    for (const std::string& item : rule.lists[name]) {
                        if (profile.project_type(item) == nullptr) {
                            reader.fail("profile.unknown_reference", parameter_path,
                                        "project type " + item + " is not in project_types");
                        }
                    }
                    break;
            }
        }
        profile.rules.push_back(std::move(rule));
    }
}

// [SECTION] consistency checks

void check_consistency(const ProfileReader& reader, const Profile& profile) {
    const std::string city_prefix = profile.city_admin_code.substr(0, 4);
    std::set<std::string> admin_codes;
    std::set<std::string> receipt_codes{profile.city_level_receipt_code};
    const auto valid_county_receipt_code = [](const std::string& code) {
        return code.size() == 2 && std::all_of(code.begin(), code.end(), [](char character) {
                   return is_receipt_character(character, false);
               });
    };
    if (!valid_county_receipt_code(profile.city_level_receipt_code)) {
        reader.fail("profile.receipt_code_invalid", "city.city_level_receipt_code",
                    "2 characters from 0-9 and capitals, never I, L or O");
    }
    for (std::size_t position = 0; position < profile.counties.size(); ++position) {
        const County& county = profile.counties[position];
        const std::string path = ProfileReader::index("counties", position);
        if (!is_digits(county.admin_code, 6)) {
            reader.fail("profile.invalid_value", path + ".admin_code",
                        "an administrative-division code has 6 digits");
        }
        if (county.admin_code.substr(0, 4) != city_prefix || county.admin_code == profile.city_admin_code) {
            reader.fail("profile.county_outside_city", path + ".admin_code",
                        "county " + county.admin_code + " is not inside city " + profile.city_admin_code);
        }
        if (!admin_codes.insert(county.admin_code).second) {
            reader.fail("profile.duplicate_code", path + ".admin_code",
                        "duplicate county code " + county.admin_code);
        }
        if (!valid_county_receipt_code(county.receipt_code)) {
            reader.fail("profile.receipt_code_invalid", path + ".receipt_code",
                        "2 characters from 0-9 and capitals, never I, L or O");
        }
        if (!receipt_codes.insert(county.receipt_code).second) {
            reader.fail("profile.duplicate_code", path + ".receipt_code",
                        "receipt code " + county.receipt_code + " used twice");
        }
        const auto& groups = profile.funding.cost_share_groups;
        if (std::none_of(groups.begin(), groups.end(), [&](const CostShareGroupInfo& group) {
                return group.id == county.cost_share_group;
            })) {
            reader.fail(
                "profile.unknown_reference", path + ".cost_share_group",
                "cost-share group " + county.cost_share_group + " is not in funding.cost_share_groups");
        }
    }

    const auto check_unique_ids = [&](const auto& items, const std::string& list_path, auto id_of) {
        std::set<std::string> seen;
        for (std::size_t position = 0; position < items.size(); ++position) {
            if (!seen.insert(id_of(items[position])).second) {
                reader.fail("profile.duplicate_code", ProfileReader::index(list_path, position) + ".id",
                            "id " + id_of(items[position]) + " used twice");
            }
        }
    };
    check_unique_ids(profile.industries, "industries", [](const Industry& item) { return item.id; });
    check_unique_ids(profile.project_types, "project_types", [](const ProjectType& item) { return item.id; });
    check_unique_ids(profile.solver_kinds, "solver_kinds", [](const ChoiceOption& item) { return item.id; });
    for (std::size_t position = 0; position < profile.industries.size(); ++position) {
        check_unique_ids(profile.industries[position].sub_directions,
                         ProfileReader::index("industries", position) + ".sub_directions",
                         [](const ChoiceOption& item) { return item.id; });
    }

    const auto& groups = profile.funding.cost_share_groups;
    if (std::none_of(groups.begin(), groups.end(),
                     [](const CostShareGroupInfo& group) { return group.id == "city_level"; })) {
        reader.fail("profile.missing_key", "funding.cost_share_groups",
                    "the group \"city_level\" (city level) is missing");
    }
    std::set<std::pair<std::string, std::string>> scheme_keys;
    bool default_kind_present = false;
    for (std::size_t position = 0; position < profile.funding.schemes.size(); ++position) {
        const FundingScheme& scheme = profile.funding.schemes[position];
        const std::string path = ProfileReader::index("funding.schemes", position);
        if (!scheme.project_type_id.empty() && profile.project_type(scheme.project_type_id) == nullptr) {
            reader.fail("profile.unknown_reference", path + ".project_type",
                        "project type " + scheme.project_type_id + " is not in project_types");
        }
        if (!scheme_keys.insert({scheme.subsidy_kind, scheme.project_type_id}).second) {
            reader.fail("profile.duplicate_code", path,
                        "a scheme for this subsidy kind and project type exists already");
        }
        if (scheme.subsidy_kind == profile.funding.default_subsidy_kind)
            default_kind_present = true;
        for (const CostShareGroupInfo& group : groups) {
            if (scheme.cost_share_group(group.id) == nullptr) {
                reader.fail("profile.missing_key", path + ".cost_shares." + group.id,
                            "no split for cost-share group " + group.id);
            }
        }
        for (const CostShareGroup& group : scheme.cost_shares) {
            if (std::none_of(groups.begin(), groups.end(),
                             [&](const CostShareGroupInfo& known) { return known.id == group.group_id; })) {
                reader.fail("profile.unknown_reference", path + ".cost_shares." + group.group_id,
                            "not in funding.cost_share_groups");
            }
        }
    }
    if (!default_kind_present) {
        reader.fail("profile.unknown_reference", "funding.default_subsidy_kind",
                    "no scheme has this subsidy kind");
    }
    // Cities with project types need a scheme for each type under the default subsidy kind.
    for (const ProjectType& type : profile.project_types) {
        if (profile.funding.scheme(profile.funding.default_subsidy_kind, type.id) == nullptr) {
            reader.fail("profile.missing_key", "funding.schemes", "no scheme for project type " + type.id);
        }
    }
}

Profile read_profile(const ProfileReader& reader, const Json& root, const std::vector<RuleKind>& kinds) {
    reader.expect_object(root, "");
    reader.only_keys(
        root, "",
        {"id", "version", "sources", "city", "counties", "industries", "project_types", "mechanisms",
         "solver_kinds", "limits", "collection", "rules", "funding", "calendar", "explainer", "lifecycle",
         // read by shared/paper/after_submission.cpp (what to do after filing), checked there
         "after_submission"});
    Profile profile;
    profile.id = reader.identifier_member(root, "", "id");
    profile.version = reader.integer_member(root, "", "version", 1, 1000000);
    read_city(reader, root, profile);
    read_counties(reader, root, profile);
    read_industries(reader, root, profile);
    read_project_types(reader, root, profile);
    read_mechanisms_and_solvers(reader, root, profile);
    read_limits_and_collection(reader, root, profile);
    read_rules(reader, root, profile, kinds);
    read_funding(reader, root, profile);
    read_calendar_and_explainer(reader, root, profile);
    check_consistency(reader, profile);
    return profile;
}

}  // namespace

// [SECTION] loading files and the catalog

Result<Profile> ProfileCatalog::load_file(const std::filesystem::path& profile_file) {
    return load_file(profile_file, rule_kinds());
}

Result<Profile> ProfileCatalog::load_file(const std::filesystem::path& profile_file,
                                          const std::vector<RuleKind>& kinds) {
    const std::string file_name = profile_file.filename().string();
    const auto content = strict_json::read_document(profile_file);
    if (!content) {
        return Error("profile.unreadable", profile_file.string(),
                     profile_file.string() + ": cannot be opened")
            .with("file", file_name);
    }
    auto root = strict_json::parse(*content, file_name);
    if (!root && root.error().code == "json.duplicate_key") {
        // A key written twice would silently lose one of its values.
        const std::string& key_path = root.error().argument("path");
        return Error("profile.duplicate_key", key_path,
                     file_name + ": " + key_path + ": the key appears twice in one object")
            .with("file", file_name)
            .with("key", key_path)
            .with("reason", "defined twice");
    }
    if (!root) {
        return Error("profile.syntax", profile_file.string(),
                     file_name + ": not valid JSON at byte " + root.error().argument("position"))
            .with("file", file_name);
    }
    try {
        ProfileReader reader(file_name);
        Profile profile = read_profile(reader, root.value(), kinds);
        if (profile.id != profile_file.stem().string()) {
            reader.fail("profile.id_mismatch", "id",
                        "the id must match the file name (" + profile_file.stem().string() + ")");
        }
        if (const Json* lifecycle = reader.optional_member(root.value(), "", "lifecycle")) {
            Result<LifecyclePolicy> policy = parse_lifecycle_section(lifecycle->dump(), profile, file_name);
            if (!policy)
                return policy.error();
            profile.lifecycle = std::make_shared<const LifecyclePolicy>(std::move(policy).value());
        }
        profile.source_file = profile_file;
        return profile;
    } catch (const strict_json::ReadFailure& failure) {
        return failure.error;
    } catch (const std::exception& failure) {  // a reading step the checks did not foresee
        return Error("profile.invalid_value", profile_file.string(), file_name + ": " + failure.what())
            .with("file", file_name);
    }
}

Result<ProfileCatalog> ProfileCatalog::load(const std::filesystem::path& assets_directory) {
    const std::filesystem::path directory = assets_directory / "profiles";
    std::error_code error_code;
    if (!std::filesystem::is_directory(directory, error_code)) {
        return Error("profile.directory_missing", directory.string(),
                     directory.string() + ": no such folder");
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error_code)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(entry.path());
    }
    if (error_code) {
        return Error("profile.unreadable", directory.string(),
                     directory.string() + ": " + error_code.message());
    }
    std::sort(files.begin(), files.end());
    if (files.empty())
        return Error("profile.directory_missing", directory.string(), directory.string() + ": no profiles");
    ProfileCatalog catalog;
    for (const auto& file : files) {
        Result<Profile> profile = load_file(file);
        if (!profile)
            return profile.error();
        catalog.profiles_.push_back(std::move(profile).value());
    }
    return catalog;
}

const Profile* ProfileCatalog::profile(std::string_view profile_id) const {
    for (const Profile& candidate : profiles_) {
        if (candidate.id == profile_id)
            return &candidate;
    }
    return nullptr;
}

}  // namespace jiebang

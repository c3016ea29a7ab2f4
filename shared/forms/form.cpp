// shared/forms/form.cpp — loading the forms (assets/forms/demand.json, bid.json) strictly.
// The file layout is described in form.hpp. Loading checks every key it reads and refuses keys it does not
// know, so a typo in an asset ("requird") fails at start-up with the file, the JSON path and the reason
// instead of silently making a field optional.
// Invariants after a successful load: those numbered in form.hpp (ids unique, steps complete, roles known,
// unique, of the right kind and present where the code needs them), plus: ids are well-formed,
// visible_when refers to an earlier Choice/Declaration field with values it can take, and option sources
// are ones validation knows.
//
// Index: [SECTION] kinds  [SECTION] roles  [SECTION] strict JSON reading  [SECTION] fields
//        [SECTION] steps and form  [SECTION] catalogue  [SECTION] FormDefinition queries
#include "shared/forms/form.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>
#include <set>

#include "shared/base/strict_json.hpp"
#include "shared/policy/rules.hpp"

namespace jiebang {

// [SECTION] kinds

namespace {

constexpr std::array<std::pair<FieldKind, std::string_view>, 14> kind_names = {{
    {FieldKind::Text, "text"},
    {FieldKind::Multiline, "multiline"},
    {FieldKind::Uscc, "uscc"},
    {FieldKind::Mobile, "mobile"},
    {FieldKind::Email, "email"},
    {FieldKind::Money, "money"},
    {FieldKind::Integer, "integer"},
    {FieldKind::Percent, "percent"},
    {FieldKind::Choice, "choice"},
    {FieldKind::MultiChoice, "multi_choice"},
    {FieldKind::TextList, "text_list"},
    {FieldKind::Declaration, "declaration"},
    {FieldKind::Consent, "consent"},
    {FieldKind::Listing, "listing"},
}};

constexpr std::array<std::string_view, 7> known_options_sources = {
    "profile.industries", "profile.sub_directions", "profile.project_types", "profile.mechanisms",
    "profile.counties",   "profile.solver_kinds",   "board.listings",
};

}  // namespace

std::string_view field_kind_name(FieldKind kind) {
    for (const auto& [known_kind, name] : kind_names) {
        if (known_kind == kind)
            return name;
    }
    return "unknown";
}

std::optional<FieldKind> field_kind_from_name(std::string_view name) {
    for (const auto& [kind, known_name] : kind_names) {
        if (known_name == name)
            return kind;
    }
    return std::nullopt;
}

// [SECTION] roles

namespace {

struct RoleSpecification {
    FieldRole role;
    std::string_view name;
    std::vector<FieldKind> kinds;  // the kinds a field playing the role may have
    bool demand_needs;             // looked up by the code in the demand form
    bool bid_needs;                // ... in the bid form
};

// Every role, the kinds that can play it and which forms must have it. "Needed" means some code reads the
// role: receipt titles and the terminal store (title, listing), the aggregator's stored summary (title,
// unit name and USCC, industry, listing), the board built from accepted demands (title ... bounty),
// validation (industry keys the sub-directions), the kiosk (consent, listing).
const std::vector<RoleSpecification>& role_specifications() {
    using enum FieldKind;
    static const std::vector<RoleSpecification> specifications = {
        {FieldRole::Consent, "consent", {FieldKind::Consent}, true, true},
        {FieldRole::Title, "title", {Text}, true, true},
        {FieldRole::UnitName, "unit_name", {Text}, true, true},
        {FieldRole::UnitUscc, "unit_uscc", {Uscc}, true, true},
        {FieldRole::UnitKind, "unit_kind", {Choice}, true, false},
        {FieldRole::Industry, "industry", {Choice}, true, false},
        {FieldRole::SubDirection, "sub_direction", {Text, Choice}, true, false},
        {FieldRole::ProjectType, "project_type", {Choice}, true, false},
        {FieldRole::Mechanism, "mechanism", {Choice}, true, false},
        {FieldRole::Problem, "problem", {Multiline, Text}, true, false},
        {FieldRole::Targets, "targets", {Multiline, Text}, true, false},
        {FieldRole::Bounty, "bounty", {Money}, true, false},
        {FieldRole::Listing, "listing", {FieldKind::Listing}, false, true},
        {FieldRole::ContactName, "contact_name", {Text}, false, false},
        {FieldRole::ContactMobile, "contact_mobile", {Mobile}, false, false},
        {FieldRole::ContactEmail, "contact_email", {Email}, false, false},
    };
    return specifications;
}

const RoleSpecification& specification_of(FieldRole role) {
    for (const RoleSpecification& specification : role_specifications()) {
        if (specification.role == role)
            return specification;
    }
    // Every enumerator has a row (checked by the forms tests); reaching here is a programming error.
    std::abort();
}

}  // namespace

std::string_view field_role_name(FieldRole role) {
    return specification_of(role).name;
}

std::optional<FieldRole> field_role_from_name(std::string_view name) {
    for (const RoleSpecification& specification : role_specifications()) {
        if (specification.name == name)
            return specification.role;
    }
    return std::nullopt;
}

std::vector<FieldRole> required_field_roles(std::string_view form_id) {
    std::vector<FieldRole> roles;
    for (const RoleSpecification& specification : role_specifications()) {
        if ((form_id == "demand" && specification.demand_needs) ||
            (form_id == "bid" && specification.bid_needs))
            roles.push_back(specification.role);
    }
    return roles;
}

// [SECTION] strict JSON reading

namespace {

using Json = strict_json::Json;

// The core's strict reader (shared/base/strict_json.hpp) with the form.* codes and errors that name the
// file (field = the file; arguments "file", "key", "reason"), plus the optional members forms have.
class FormReader : public strict_json::Reader {
  public:
    explicit FormReader(std::filesystem::path file)
        : Reader({"form.missing_key", "form.unknown_key", "form.wrong_type", "form.bad_value"},
                 [file](const std::string& code, const std::string& key, const std::string& reason) {
                     return form_error(file, code, key, reason);
                 }),
          file_(std::move(file)) {}

    static Error form_error(const std::filesystem::path& file, const std::string& code,
                            const std::string& key, const std::string& reason) {
        Error error(code, file.string(), file.string() + ": " + key + ": " + reason);
        error.with("file", file.string()).with("key", key).with("reason", reason);
        return error;
    }

    using Reader::fail;
    // A failure about a field role: the role is the argument "role".
    [[noreturn]] void fail(const std::string& code, const std::string& key, const std::string& reason,
                           const std::string& role) const {
        Error error = form_error(file_, code, key, reason);
        error.with("role", role);
        throw strict_json::ReadFailure{std::move(error)};
    }

    // `required`: absent or empty is an error; otherwise absent reads as "".
    std::string string(const Json& object, const std::string& path, std::string_view key,
                       bool required) const {
        return required ? text_member(object, path, key) : optional_text_member(object, path, key);
    }

    std::optional<std::int64_t> optional_integer(const Json& object, const std::string& path,
                                                 std::string_view key) const {
        const Json* value = optional_member(object, path, key);
        if (value == nullptr)
            return std::nullopt;
        return integer(*value, strict_json::join(path, key), std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max());
    }

    // A count (limits): 0..1000000, 0 when absent.
    int count(const Json& object, const std::string& path, std::string_view key) const {
        const Json* value = optional_member(object, path, key);
        return value == nullptr
                   ? 0
                   : static_cast<int>(integer(*value, strict_json::join(path, key), 0, 1'000'000));
    }

    // {"zh": "...", "en": "..."}: both present; Chinese must not be empty when the text is required.
    LocalText text(const Json& object, const std::string& path, std::string_view key, bool required) const {
        const Json* value = optional_member(object, path, key);
        if (value == nullptr) {
            if (required)
                fail(codes().missing_key, strict_json::join(path, key), "required key is missing");
            return {};
        }
        const std::string text_path = strict_json::join(path, key);
        only_keys(*value, text_path, {"zh", "en"});
        LocalText local;
        local.chinese = text_member(*value, text_path, "zh", !required);
        local.english = text_member(*value, text_path, "en", true);
        return local;
    }

    // A list of distinct, non-empty strings; empty when absent.
    std::vector<std::string> string_list(const Json& object, const std::string& path,
                                         std::string_view key) const {
        const Json* value = optional_member(object, path, key);
        return value == nullptr ? std::vector<std::string>()
                                : text_list(*value, strict_json::join(path, key), true);
    }

  private:
    std::filesystem::path file_;
};

bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 64)
        return false;
    if (!(text.front() >= 'a' && text.front() <= 'z'))
        return false;
    return std::all_of(text.begin(), text.end(), [](char character) {
        return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') ||
               character == '_';
    });
}

// [SECTION] fields

bool kind_has_options(FieldKind kind) {
    return kind == FieldKind::Choice || kind == FieldKind::MultiChoice || kind == FieldKind::Listing;
}
bool kind_has_text_limit(FieldKind kind) {
    return kind == FieldKind::Text || kind == FieldKind::Multiline || kind == FieldKind::TextList;
}
bool kind_has_items(FieldKind kind) {
    return kind == FieldKind::TextList || kind == FieldKind::MultiChoice;
}

FieldDefinition read_field(const FormReader& reader, const Json& value, std::size_t index) {
    std::string path = "fields[" + std::to_string(index) + "]";
    reader.expect_object(value, path);
    FieldDefinition field;
    field.id = reader.string(value, path, "id", true);
    if (!is_identifier(field.id))
        reader.fail("form.bad_value", path + ".id", "ids are lower_snake_case");
    path = "fields[" + field.id + "]";  // from here on errors name the field by id
    reader.only_keys(value, path, {"id",
                                   "kind",
                                   "label",
                                   "help",
                                   "placeholder",
                                   "required",
                                   "personal",
                                   "max_chars",
                                   "min_items",
                                   "max_items",
                                   "min_value",
                                   "max_value",
                                   "options_source",
                                   "options",
                                   "profiles",
                                   "visible_when",
                                   "role",
                                   "asked_by_rule",
                                   "help_when_retained",
                                   "wordings"});

    const std::string kind_name = reader.string(value, path, "kind", true);
    const auto kind = field_kind_from_name(kind_name);
    if (!kind)
        reader.fail("form.unknown_kind", path + ".kind", "unknown kind '" + kind_name + "'");
    field.kind = *kind;
    field.label = reader.text(value, path, "label", true);
    field.help = reader.text(value, path, "help", false);
    field.placeholder = reader.text(value, path, "placeholder", false);
    field.help_when_retained = reader.text(value, path, "help_when_retained", false);
    field.required = reader.optional_boolean_member(value, path, "required", false);
    field.personal = reader.optional_boolean_member(value, path, "personal", false);
    field.max_chars = reader.count(value, path, "max_chars");
    field.min_items = reader.count(value, path, "min_items");
    field.max_items = reader.count(value, path, "max_items");
    field.min_value = reader.optional_integer(value, path, "min_value");
    field.max_value = reader.optional_integer(value, path, "max_value");
    field.options_source = reader.string(value, path, "options_source", false);
    field.profiles = reader.string_list(value, path, "profiles");
    field.asked_by_rule = reader.string(value, path, "asked_by_rule", false);
    if (value.contains("asked_by_rule")) {
        const RuleKind* rule_kind = find_rule_kind(rule_kinds(), field.asked_by_rule);
        if (rule_kind == nullptr || rule_kind->asks_for_field == nullptr) {
            reader.fail("form.bad_value", path + ".asked_by_rule",
                        "'" + field.asked_by_rule + "' is no rule kind that asks for fields");
        }
    }
    const std::string role_name = reader.string(value, path, "role", false);
    if (value.contains("role")) {
        field.role = field_role_from_name(role_name);
        if (!field.role)
            reader.fail("form.unknown_role", path + ".role", "unknown role '" + role_name + "'");
        const std::vector<FieldKind>& kinds = specification_of(*field.role).kinds;
        if (std::find(kinds.begin(), kinds.end(), field.kind) == kinds.end()) {
            reader.fail("form.role_wrong_kind", path + ".role",
                        "a " + std::string(field_kind_name(field.kind)) + " field cannot play the role '" +
                            role_name + "'");
        }
    }

    if (value.contains("help_when_retained")) {
        if (field.kind != FieldKind::Consent)
            reader.fail("form.bad_value", path + ".help_when_retained", "only consent fields have it");
        if (field.help_when_retained.chinese.find("{days}") == std::string::npos ||
            field.help_when_retained.english.find("{days}") == std::string::npos)
            reader.fail("form.bad_value", path + ".help_when_retained", "must say {days} in both languages");
    }
    if (value.contains("max_chars") && !kind_has_text_limit(field.kind)) {
        reader.fail("form.bad_value", path + ".max_chars",
                    "only text, multiline and text_list fields have max_chars");
    }
    if ((value.contains("min_items") || value.contains("max_items")) && !kind_has_items(field.kind)) {
        reader.fail("form.bad_value", path + ".min_items",
                    "only text_list and multi_choice fields have item counts");
    }
    if (field.max_items > 0 && field.min_items > field.max_items) {
        reader.fail("form.bad_value", path + ".min_items", "min_items is larger than max_items");
    }
    if ((field.min_value || field.max_value) && field.kind != FieldKind::Integer) {
        reader.fail("form.bad_value", path + ".min_value", "only integer fields have min_value / max_value");
    }
    if (field.min_value && field.max_value && *field.min_value > *field.max_value) {
        reader.fail("form.bad_value", path + ".min_value", "min_value is larger than max_value");
    }

    // Options: inline, from a source, or both (inline ones then label the source's ids).
    if (value.contains("options")) {
        if (!kind_has_options(field.kind)) {
            reader.fail("form.bad_value", path + ".options", "only choice fields have options");
        }
        const Json& options = value.at("options");
        if (!options.is_array())
            reader.fail("form.wrong_type", path + ".options", "must be a list");
        for (std::size_t option_index = 0; option_index < options.size(); ++option_index) {
            const std::string option_path = path + ".options[" + std::to_string(option_index) + "]";
            reader.expect_object(options[option_index], option_path);
            reader.only_keys(options[option_index], option_path, {"id", "label"});
            ChoiceOption option;
            option.id = reader.string(options[option_index], option_path, "id", true);
            option.label = reader.text(options[option_index], option_path, "label", true);
            for (const ChoiceOption& earlier : field.options) {
                if (earlier.id == option.id) {
                    reader.fail("form.bad_value", option_path + ".id",
                                "option '" + option.id + "' is listed twice");
                }
            }
            field.options.push_back(std::move(option));
        }
    }
    if (!field.options_source.empty()) {
        if (!kind_has_options(field.kind)) {
            reader.fail("form.bad_value", path + ".options_source",
                        "only choice fields have an options source");
        }
        if (std::find(known_options_sources.begin(), known_options_sources.end(), field.options_source) ==
            known_options_sources.end()) {
            reader.fail("form.unknown_options_source", path + ".options_source",
                        "unknown options source '" + field.options_source + "'");
        }
    }
    if (field.kind == FieldKind::Listing && field.options_source.empty())
        field.options_source = "board.listings";
    if (field.kind == FieldKind::Listing && field.options_source != "board.listings") {
        reader.fail("form.bad_value", path + ".options_source",
                    "a listing field takes its options from board.listings");
    }
    if (kind_has_options(field.kind) && field.options.empty() && field.options_source.empty()) {
        reader.fail("form.missing_options", path + ".options",
                    "a choice field needs options or options_source");
    }

    if (value.contains("wordings")) {
        const Json& wordings = value.at("wordings");
        if (!wordings.is_array())
            reader.fail("form.wrong_type", path + ".wordings", "must be a list");
        for (std::size_t wording_index = 0; wording_index < wordings.size(); ++wording_index) {
            const std::string wording_path = path + ".wordings[" + std::to_string(wording_index) + "]";
            const Json& entry = wordings[wording_index];
            reader.expect_object(entry, wording_path);
            reader.only_keys(entry, wording_path, {"when", "label", "help", "placeholder"});
            FieldWording wording;
            wording.label = reader.text(entry, wording_path, "label", true);
            wording.help = reader.text(entry, wording_path, "help", false);
            wording.placeholder = reader.text(entry, wording_path, "placeholder", false);
            if (!entry.contains("when"))
                reader.fail("form.missing_key", wording_path + ".when", "missing");
            const Json& when = entry.at("when");
            const std::string when_path = wording_path + ".when";
            reader.expect_object(when, when_path);
            reader.only_keys(when, when_path, {"field", "equals_any", "listing_project_types"});
            wording.field = reader.string(when, when_path, "field", false);
            wording.equals_any = reader.string_list(when, when_path, "equals_any");
            wording.listing_project_types = reader.string_list(when, when_path, "listing_project_types");
            const bool names_field = !wording.field.empty() || !wording.equals_any.empty();
            const bool names_listing = !wording.listing_project_types.empty();
            const bool by_field = !wording.field.empty() && !wording.equals_any.empty() && !names_listing;
            const bool by_listing = names_listing && !names_field;
            if (!by_field && !by_listing) {
                reader.fail("form.bad_value", when_path,
                            "either field with equals_any, or listing_project_types");
            }
            field.wordings.push_back(std::move(wording));
        }
    }

    if (value.contains("visible_when")) {
        const Json& condition = value.at("visible_when");
        const std::string condition_path = path + ".visible_when";
        reader.expect_object(condition, condition_path);
        reader.only_keys(condition, condition_path, {"field", "equals_any"});
        VisibilityCondition visibility;
        visibility.field = reader.string(condition, condition_path, "field", true);
        visibility.equals_any = reader.string_list(condition, condition_path, "equals_any");
        if (visibility.equals_any.empty()) {
            reader.fail("form.bad_visible_when", condition_path + ".equals_any", "needs at least one value");
        }
        field.visible_when = std::move(visibility);
    }
    return field;
}

// A wording chosen by a field's value names a choice field of the form.
void check_wordings(const FormReader& reader, const std::vector<FieldDefinition>& fields, std::size_t index) {
    const FieldDefinition& field = fields[index];
    for (std::size_t wording_index = 0; wording_index < field.wordings.size(); ++wording_index) {
        const FieldWording& wording = field.wordings[wording_index];
        if (wording.field.empty())
            continue;
        const auto target = std::find_if(fields.begin(), fields.end(), [&](const FieldDefinition& candidate) {
            return candidate.id == wording.field;
        });
        if (target == fields.end() || target->kind != FieldKind::Choice) {
            reader.fail("form.bad_value",
                        "fields[" + field.id + "].wordings[" + std::to_string(wording_index) + "].when.field",
                        "'" + wording.field + "' is not a choice field of the form");
        }
    }
}

// visible_when must name an earlier field (so conditions cannot form a cycle) whose values it can match.
void check_visibility(const FormReader& reader, const std::vector<FieldDefinition>& fields,
                      std::size_t index) {
    const FieldDefinition& field = fields[index];
    if (!field.visible_when)
        return;
    const std::string path = "fields[" + field.id + "].visible_when";
    const VisibilityCondition& condition = *field.visible_when;
    const auto target =
        std::find_if(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(index),
                     [&](const FieldDefinition& earlier) { return earlier.id == condition.field; });
    if (target == fields.begin() + static_cast<std::ptrdiff_t>(index)) {
        const bool exists = std::any_of(fields.begin(), fields.end(), [&](const FieldDefinition& any) {
            return any.id == condition.field;
        });
        reader.fail("form.bad_visible_when", path + ".field",
                    exists ? "'" + condition.field + "' must come before the field it controls"
                           : "no field '" + condition.field + "'");
    }
    const bool boolean_target = target->kind == FieldKind::Declaration || target->kind == FieldKind::Consent;
    if (target->kind != FieldKind::Choice && !boolean_target) {
        reader.fail("form.bad_visible_when", path + ".field",
                    "'" + condition.field + "' is not a choice or declaration field");
    }
    for (const std::string& expected : condition.equals_any) {
        if (boolean_target) {
            if (expected != "true" && expected != "false") {
                reader.fail("form.bad_visible_when", path + ".equals_any",
                            "a declaration is 'true' or 'false'");
            }
        } else if (!target->options.empty()) {
            // Inline options (or the inline labels of a sourced choice) must contain the value.
            const bool known = std::any_of(target->options.begin(), target->options.end(),
                                           [&](const ChoiceOption& option) { return option.id == expected; });
            if (!known) {
                reader.fail("form.bad_visible_when", path + ".equals_any",
                            "'" + expected + "' is not an option of '" + condition.field + "'");
            }
        }
    }
}

// Invariant 3 of form.hpp: a role is played by at most one field, and every role the code needs for this
// form by exactly one.
void check_roles(const FormReader& reader, const FormDefinition& form) {
    std::map<FieldRole, std::string> player;
    for (const FieldDefinition& field : form.fields) {
        if (!field.role)
            continue;
        const auto [existing, inserted] = player.emplace(*field.role, field.id);
        if (!inserted) {
            const std::string role_name(field_role_name(*field.role));
            reader.fail("form.duplicate_role", "fields[" + field.id + "].role",
                        "the role '" + role_name + "' is already played by '" + existing->second + "'",
                        role_name);
        }
    }
    for (const FieldRole role : required_field_roles(form.id)) {
        if (!player.contains(role)) {
            const std::string role_name(field_role_name(role));
            reader.fail("form.missing_role", "fields",
                        "no field plays the role '" + role_name + "', which the " + form.id + " form needs",
                        role_name);
        }
    }
}

// [SECTION] steps and form

FormDefinition read_form(const FormReader& reader, const Json& document) {
    reader.expect_object(document, "(top)");
    reader.only_keys(document, "", {"form", "version", "title", "steps", "fields"});
    FormDefinition form;
    form.id = reader.string(document, "", "form", true);
    if (!is_identifier(form.id))
        reader.fail("form.bad_value", "form", "form ids are lower_snake_case");
    const auto version = reader.optional_integer(document, "", "version");
    if (!version)
        reader.fail("form.missing_key", "version", "required key is missing");
    if (*version < 1 || *version > 1'000'000)
        reader.fail("form.bad_value", "version", "must be 1 or more");
    form.version = static_cast<int>(*version);
    form.title = reader.text(document, "", "title", true);

    const Json& fields = reader.member(document, "", "fields");
    if (!fields.is_array() || fields.empty())
        reader.fail("form.wrong_type", "fields", "must be a non-empty list");
    std::set<std::string> field_ids;
    for (std::size_t index = 0; index < fields.size(); ++index) {
        FieldDefinition field = read_field(reader, fields[index], index);
        if (!field_ids.insert(field.id).second) {
            reader.fail("form.duplicate_field", "fields[" + std::to_string(index) + "].id",
                        "field id '" + field.id + "' is used twice");
        }
        form.fields.push_back(std::move(field));
    }
    for (std::size_t index = 0; index < form.fields.size(); ++index) {
        check_visibility(reader, form.fields, index);
        check_wordings(reader, form.fields, index);
    }
    check_roles(reader, form);

    const Json& steps = reader.member(document, "", "steps");
    if (!steps.is_array() || steps.empty())
        reader.fail("form.wrong_type", "steps", "must be a non-empty list");
    std::set<std::string> step_ids;
    std::map<std::string, std::string> step_of_field;
    for (std::size_t index = 0; index < steps.size(); ++index) {
        std::string path = "steps[" + std::to_string(index) + "]";
        const Json& value = steps[index];
        reader.expect_object(value, path);
        StepDefinition step;
        step.id = reader.string(value, path, "id", true);
        if (!is_identifier(step.id))
            reader.fail("form.bad_value", path + ".id", "ids are lower_snake_case");
        path = "steps[" + step.id + "]";
        reader.only_keys(value, path, {"id", "title", "hint", "fields", "profiles"});
        if (!step_ids.insert(step.id).second) {
            reader.fail("form.duplicate_step", path + ".id", "step id '" + step.id + "' is used twice");
        }
        step.title = reader.text(value, path, "title", true);
        step.hint = reader.text(value, path, "hint", false);
        step.profiles = reader.string_list(value, path, "profiles");
        if (!value.contains("fields"))
            reader.fail("form.missing_key", path + ".fields", "required key is missing");
        step.field_ids = reader.string_list(value, path, "fields");
        if (step.field_ids.empty())
            reader.fail("form.bad_value", path + ".fields", "a step needs at least one field");
        for (const std::string& field_id : step.field_ids) {
            if (!field_ids.contains(field_id)) {
                reader.fail("form.step_unknown_field", path + ".fields", "no field '" + field_id + "'");
            }
            const auto [existing, inserted] = step_of_field.emplace(field_id, step.id);
            if (!inserted) {
                reader.fail("form.field_in_two_steps", path + ".fields",
                            "'" + field_id + "' is already in step '" + existing->second + "'");
            }
        }
        form.steps.push_back(std::move(step));
    }
    for (const FieldDefinition& field : form.fields) {
        if (!step_of_field.contains(field.id)) {
            reader.fail("form.field_without_step", "fields[" + field.id + "]", "the field is in no step");
        }
    }
    return form;
}

}  // namespace

Result<FormDefinition> FormCatalog::load_file(const std::filesystem::path& form_file) {
    const auto content = strict_json::read_document(form_file);
    if (!content) {
        Error error("form.cannot_read", form_file.string(), "cannot open " + form_file.string());
        error.with("file", form_file.string());
        return error;
    }
    const FormReader reader(form_file);
    auto document = strict_json::parse(*content, form_file.string());
    if (!document) {
        // A key given twice would silently lose a value: a bad value, at the key's path.
        if (document.error().code == "json.duplicate_key") {
            return FormReader::form_error(
                form_file, "form.bad_value", document.error().argument("path"),
                "key '" + document.error().argument("key") + "' appears twice in one object");
        }
        return FormReader::form_error(form_file, "form.parse", "(syntax)",
                                      "JSON syntax: " + document.error().detail);
    }
    try {
        return read_form(reader, document.value());
    } catch (const strict_json::ReadFailure& failure) {
        return failure.error;
    } catch (const std::exception& exception) {  // a reading step the checks above did not foresee
        return FormReader::form_error(form_file, "form.parse", "", exception.what());
    }
}

// [SECTION] catalogue

Result<FormCatalog> FormCatalog::load(const std::filesystem::path& assets_directory) {
    FormCatalog catalog;
    for (const std::string_view form_id : {std::string_view("demand"), std::string_view("bid")}) {
        const std::filesystem::path file = assets_directory / "forms" / (std::string(form_id) + ".json");
        auto form = load_file(file);
        if (!form)
            return form.error();
        if (form->id != form_id) {
            Error error("form.wrong_form", file.string(), "file declares form '" + form->id + "'");
            error.with("file", file.string())
                .with("key", "form")
                .with("reason", "expected '" + std::string(form_id) + "'");
            return error;
        }
        (form_id == "demand" ? catalog.demand_ : catalog.bid_) = std::move(form.value());
    }
    return catalog;
}

void FormCatalog::apply_contact_retention(int days) {
    const auto filled = [days](std::string text) {
        const std::string placeholder = "{days}";
        for (std::size_t at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at))
            text.replace(at, placeholder.size(), std::to_string(days));
        return text;
    };
    for (FormDefinition* form : {&demand_, &bid_}) {
        for (FieldDefinition& field : form->fields) {
            if (field.kind != FieldKind::Consent || days <= 0 || field.help_when_retained.chinese.empty())
                continue;
            field.help =
                LocalText{filled(field.help_when_retained.chinese), filled(field.help_when_retained.english)};
        }
    }
}

const FormDefinition* FormCatalog::form(std::string_view form_id) const {
    if (form_id == "demand")
        return &demand_;
    if (form_id == "bid")
        return &bid_;
    return nullptr;
}

// [SECTION] FormDefinition queries

const FieldDefinition* FormDefinition::field(std::string_view field_id) const {
    for (const FieldDefinition& candidate : fields) {
        if (candidate.id == field_id)
            return &candidate;
    }
    return nullptr;
}

const FieldDefinition* FormDefinition::field_with_role(FieldRole role) const {
    for (const FieldDefinition& candidate : fields) {
        if (candidate.role == role)
            return &candidate;
    }
    return nullptr;
}

std::string_view FormDefinition::field_id(FieldRole role) const {
    const FieldDefinition* found = field_with_role(role);
    return found != nullptr ? std::string_view(found->id) : std::string_view();
}

bool FormDefinition::field_applies(const FieldDefinition& candidate, std::string_view profile_id) const {
    if (!candidate.profiles.empty() && std::find(candidate.profiles.begin(), candidate.profiles.end(),
                                                 profile_id) == candidate.profiles.end()) {
        return false;
    }
    // A field inside a step limited to other profiles does not apply either.
    for (const StepDefinition& step : steps) {
        if (std::find(step.field_ids.begin(), step.field_ids.end(), candidate.id) == step.field_ids.end())
            continue;
        if (!step.profiles.empty() &&
            std::find(step.profiles.begin(), step.profiles.end(), profile_id) == step.profiles.end()) {
            return false;
        }
    }
    return true;
}

std::vector<const StepDefinition*> FormDefinition::steps_for(std::string_view profile_id) const {
    std::vector<const StepDefinition*> applying;
    for (const StepDefinition& step : steps) {
        if (!step.profiles.empty() &&
            std::find(step.profiles.begin(), step.profiles.end(), profile_id) == step.profiles.end()) {
            continue;
        }
        const bool has_field =
            std::any_of(step.field_ids.begin(), step.field_ids.end(), [&](const std::string& field_id) {
                const FieldDefinition* candidate = field(field_id);
                return candidate != nullptr && field_applies(*candidate, profile_id);
            });
        if (has_field)
            applying.push_back(&step);
    }
    return applying;
}

}  // namespace jiebang

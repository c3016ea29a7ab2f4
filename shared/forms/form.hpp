// shared/forms/form.hpp — the demand and bid forms as data (assets/forms/demand.json, bid.json).
// The terminal's wizard steps, the validation, the CLI's JSON and the exports are all driven from these
// definitions; no screen or exporter hard-codes a field. A field may be limited to some city profiles,
// and may be shown only when another field has a given value (visible_when).
// Code never names a field by its id: it asks for the field that plays a role ("title", "unit_uscc",
// "listing", ...), given in the form file ("role" key). Renaming a field id in the file therefore changes
// no receipt title, board listing or summary.
// Invariants (after a successful load; tests cite them as "form.hpp invariant N"):
//  1. Field ids are unique and stable (they are the JSON keys of submissions and of the wire format).
//  2. Every field a step names exists, and every field sits in exactly one step.
//  3. Each role a field plays is a known role, is played by at most one field, and by a field of a kind the
//     role allows; each role the code needs for the form ("demand", "bid": required_field_roles()) is
//     played by exactly one field.
//  4. Loading a malformed form fails with the file, the JSON key and the reason; nothing is guessed.
// File layout (one JSON object): "form", "version", "title" {zh,en}, "steps" [{id, title, hint?, fields
// [ids], profiles?}], "fields" [{id, kind (snake_case of FieldKind: text, multiline, uscc, mobile, email,
// money, integer, percent, choice, multi_choice, text_list, declaration, consent, listing), label, help?,
// placeholder?, required?, personal?, max_chars?, min_items?, max_items?, min_value?, max_value?,
// options_source?, options? [{id, label}], profiles?, visible_when? {field, equals_any [..]}, role?,
// asked_by_rule?, help_when_retained? (consent only), wordings? [{when {field, equals_any} or
// {listing_project_types}, label, help?, placeholder?}]}]; texts
// are {"zh": "...", "en": "..."}.
// Load errors (field = the file, arguments "file", "key" = JSON path such as "fields[issuer_uscc].kind"):
// form.cannot_read, form.parse, form.missing_key, form.unknown_key, form.wrong_type, form.bad_value,
// form.unknown_kind, form.duplicate_field, form.duplicate_step, form.step_unknown_field (a step names a
// field that does not exist), form.field_without_step, form.field_in_two_steps, form.bad_visible_when
// (missing, later or non-choice field, or a value it cannot take), form.unknown_options_source,
// form.missing_options, form.wrong_form, form.unknown_role, form.role_wrong_kind, form.duplicate_role,
// form.missing_role (these two with argument "role").
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang {

struct LocalText {
    std::string chinese;
    std::string english;
};

enum class FieldKind {
    Text,       // one line of text
    Multiline,  // a paragraph (problem, targets, benefits, plan)
    Uscc,       // unified social credit code (GB 32100), 18 characters
    Mobile,     // mainland mobile number, 11 digits starting 1[3-9]
    Email,
    Money,        // wan yuan, non-negative, at most two decimals, typed as text ("300", "12.5")
    Integer,      // whole number (months, team size, year)
    Percent,      // 0..100 with at most two decimals
    Choice,       // one option id
    MultiChoice,  // several option ids
    TextList,     // 0..n lines of text (co-demand enterprises, consortium members, milestones)
    Declaration,  // a statement the applicant must affirm (true)
    Consent,      // the personal-data consent (must be true)
    Listing,      // a listing id on the current board (bids)
};

std::string_view field_kind_name(FieldKind kind);
std::optional<FieldKind> field_kind_from_name(std::string_view name);

// What a field means to the code. A role is played by at most one field of a form (invariant 3).
enum class FieldRole {
    Consent,        // the personal-data consent (a bid started from a listing keeps the session's consent)
    Title,          // what the submission is called: demand project name, bid team / project name
    UnitName,       // the issuing (demand) or solving (bid) organisation's name
    UnitUscc,       // that organisation's unified social credit code
    UnitKind,       // enterprise / non-enterprise (demand), solver kind (bid)
    Industry,       // the industry field id chosen from the profile (also keys the sub-directions)
    SubDirection,   // the sub-direction within the industry
    ProjectType,    // the profile's project type (cities that use types)
    Mechanism,      // single solver or horse race
    Problem,        // the technical problem (board listing)
    Targets,        // the technical targets (board listing)
    Bounty,         // the money offered to the solver, in wan (board listing)
    Listing,        // the listing a bid answers
    ContactName,    // contact person (personal)
    ContactMobile,  // contact mobile number (personal)
    ContactEmail,   // contact email (personal)
};

std::string_view field_role_name(FieldRole role);  // "title", "unit_uscc", ...
std::optional<FieldRole> field_role_from_name(std::string_view name);
// The roles the code looks up in a form with this id ("demand", "bid"); empty for any other id.
std::vector<FieldRole> required_field_roles(std::string_view form_id);

struct ChoiceOption {
    std::string id;
    LocalText label;
};

// Shown (and required, if required) only while `field` has value `equals` (for Choice/Declaration "true").
struct VisibilityCondition {
    std::string field;
    std::vector<std::string> equals_any;
};

// Other wording of a field under some answers — a Jiaxing achievement-transfer demand (project_type), a bid
// on a transfer listing (the chosen listing's project type): the same field, id, kind and limits; only what
// the applicant reads changes, so a form version keeps its fields and limits (docs/protocol.md 5.3.2).
struct FieldWording {
    std::string field;                               // a choice field whose value selects it, or ""
    std::vector<std::string> equals_any;             // with `field`
    std::vector<std::string> listing_project_types;  // or: the project type of the listing the bid answers
    LocalText label;
    LocalText help;         // empty = no help under this wording
    LocalText placeholder;  // empty = none
};

struct FieldDefinition {
    std::string id;
    FieldKind kind = FieldKind::Text;
    LocalText label;
    LocalText help;         // shown under the label; may be empty
    LocalText placeholder;  // may be empty
    // Consent fields: the help text for a terminal that keeps contact data `{days}` days after the county has
    // it (help itself says it is deleted as soon as the county has it, the default). Chosen by
    // FormCatalog::apply_contact_retention(), so what the applicant reads is what the terminal does.
    LocalText help_when_retained;
    bool required = false;
    bool personal = false;  // contact data: purged from the terminal once the aggregator has it
    int max_chars = 0;      // code points; 0 = no limit (per item for TextList)
    int min_items = 0;      // TextList / MultiChoice
    int max_items = 0;      // TextList / MultiChoice; 0 = no limit
    std::optional<std::int64_t> min_value;  // Integer: smallest accepted value (integer.range)
    std::optional<std::int64_t> max_value;  // Integer: largest accepted value (integer.range)
    // Where Choice options come from: "" = `options` below; "profile.industries", "profile.sub_directions"
    // (of the chosen industry), "profile.project_types", "profile.mechanisms", "profile.counties",
    // "profile.solver_kinds", "board.listings". With a source, inline `options` may still be given: they
    // supply the labels of ids the source names without labels (e.g. mechanisms "single", "race").
    std::string options_source;
    std::vector<ChoiceOption> options;
    std::vector<std::string> profiles;  // empty = every profile
    std::optional<VisibilityCondition> visible_when;
    std::optional<FieldRole> role;
    // A rule kind of the city profiles ("local_host_required"): the field is shown only while a rule of this
    // kind in the profile asks for it (rule_asks_for_field() in shared/policy/rules.hpp), or while it holds a
    // value (never dropped unseen), so a city without such a rule never asks for it.
    std::string asked_by_rule;
    // Other wordings, the first whose condition holds wins (worded_field() in shared/forms/validation.hpp).
    std::vector<FieldWording> wordings;
};

struct StepDefinition {
    std::string id;
    LocalText title;
    LocalText hint;
    std::vector<std::string> field_ids;
    std::vector<std::string> profiles;  // empty = every profile
};

struct FormDefinition {
    std::string id;  // "demand" or "bid"
    int version = 0;
    LocalText title;
    std::vector<StepDefinition> steps;
    std::vector<FieldDefinition> fields;

    const FieldDefinition* field(std::string_view field_id) const;
    // The field playing `role`, or nullptr when no field does (never for a required role of a loaded form).
    const FieldDefinition* field_with_role(FieldRole role) const;
    // Its id, or "" when no field plays the role.
    std::string_view field_id(FieldRole role) const;
    // The steps (and within them the fields) that apply under a profile, in order.
    std::vector<const StepDefinition*> steps_for(std::string_view profile_id) const;
    bool field_applies(const FieldDefinition& field, std::string_view profile_id) const;
};

// A submission's content: field id -> value, as typed. Money and numbers stay text until validated so
// that "12.50" is never silently rounded; lists are lists of lines; declarations are booleans.
using FieldValue = std::variant<std::monostate, std::string, bool, std::vector<std::string>>;
using FieldValues = std::map<std::string, FieldValue, std::less<>>;

class FormCatalog {
  public:
    static Result<FormCatalog> load(const std::filesystem::path& assets_directory);
    static Result<FormDefinition> load_file(const std::filesystem::path& form_file);

    const FormDefinition* form(std::string_view form_id) const;
    // Makes every consent field's help say what the terminal does with contact data: with `days` > 0 its
    // help_when_retained with {days} filled in, otherwise (deleted as soon as the county has it) its help.
    // The terminal calls this with its configured retention, so the two cannot drift apart.
    void apply_contact_retention(int days);
    const FormDefinition& demand() const { return demand_; }
    const FormDefinition& bid() const { return bid_; }

  private:
    FormDefinition demand_;
    FormDefinition bid_;
};

}  // namespace jiebang

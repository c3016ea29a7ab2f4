// shared/policy/rules.hpp — a city's cross-field rules, read from its profile: demand eligibility
// (e.g. Jiangmen: last-year revenue >= 50000 wan, or R&D >= 10 % of revenue, or the "innovation model"
// title; total R&D >= 300 wan), minimum bounty (Jingdezhen >= 100 wan), solver share <= total budget, the
// local host enterprise a solver outside the city needs for a non-enterprise listing (Jingdezhen rules,
// article 5 (5)), consortium members, etc. validate_submission() calls check_profile_rules() after the
// per-field checks.
// The rule kinds form one registry (rule_kinds()): each kind's parameter table sits beside the check that
// applies it, and the profile loader reads parameters from the same table.
// Invariants (tests cite them as "rules.hpp invariant N"):
//  1. A profile can name only a kind of the registry, with the parameters of its table, typed as the
//     table says (the profile fails to load otherwise).
//  2. A kind without a check fails every profile that names it at load (profile.rule_without_check); a
//     rule whose kind has no check at validation time (a hand-built profile) is an error
//     (rule.unknown_kind), never silently skipped: a rule never fails open.
//  3. A rule whose inputs are missing or malformed stays silent: the per-field check reports those.
#pragma once

#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/forms/validation.hpp"

namespace jiebang {

// What a rule parameter holds, checked when the profile loads.
enum class RuleParameterType {
    Field,         // a form field id
    Text,          // non-empty text
    Money,         // wan, at most two decimals (kept in hundredths)
    Percent,       // at most two decimals (kept in basis points)
    Integer,       // 0..100000
    List,          // a list of texts
    SolverKinds,   // a list of ids of the profile's solver_kinds
    ProjectTypes,  // a list of ids of the profile's project_types
};

struct RuleParameter {
    std::string_view name;
    RuleParameterType type;
    bool required;
};

using RuleCheck = void (*)(const ProfileRule& rule, const ValidationContext& context,
                           const FieldValues& values, std::vector<Error>& errors);
// Whether the rule, given the values so far, asks the applicant for `field_id` (forms: asked_by_rule).
using RuleAsksForField = bool (*)(const ProfileRule& rule, const ValidationContext& context,
                                  const FieldValues& values, std::string_view field_id);

struct RuleKind {
    std::string_view kind;          // the profile's "kind"
    std::string_view form_id;       // "demand", "bid", or "" for either
    std::string_view default_code;  // the code reported when the profile gives none; "" = it must give one
    std::vector<RuleParameter> parameters;
    RuleCheck check;                            // applies the rule (invariant 2)
    RuleAsksForField asks_for_field = nullptr;  // kinds that ask for fields only some applicants fill in
};

// The registry: every rule kind with its parameter table and its check.
const std::vector<RuleKind>& rule_kinds();
const RuleKind* find_rule_kind(const std::vector<RuleKind>& kinds, std::string_view kind);

// The rules of context.profile for context.form (profile "rules"); empty when either is missing. Field-level
// problems (missing, malformed values) are left to the per-field checks (invariant 3).
std::vector<Error> check_profile_rules(const ValidationContext& context, const FieldValues& values);

// Whether a rule of `kind` that context.profile lists for context.form asks for `field_id` given `values`
// (a form field with asked_by_rule is shown only then). False without such a rule, or when the kind asks for
// no field.
bool rule_asks_for_field(const ValidationContext& context, const FieldValues& values, std::string_view kind,
                         std::string_view field_id);

// Acceptance: completion below the profile's threshold fails (Jingdezhen rules, article 14: below 80 %).
// Code acceptance.below_threshold; always passes when the profile states no threshold.
Status check_acceptance_completion(const Profile& profile, int completion_basis_points);

}  // namespace jiebang

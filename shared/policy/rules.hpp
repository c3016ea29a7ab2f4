// shared/policy/rules.hpp — a city's cross-field rules, read from its profile: demand eligibility
// (e.g. Jiangmen: last-year revenue >= 50000 wan, or R&D >= 10 % of revenue, or the "innovation model"
// title; total R&D >= 300 wan), minimum bounty (Jingdezhen >= 100 wan), solver share <= total budget, the
// local host enterprise a solver outside the city needs for a non-enterprise listing (Jingdezhen rules,
// article 5 (5)), consortium members, etc. validate_submission() calls check_profile_rules() after the
// per-field checks.
#pragma once

#include <vector>

#include "shared/base/result.hpp"
#include "shared/forms/validation.hpp"

namespace jiebang {

// The rules of context.profile for context.form (profile "rules", kinds listed in rules.cpp); empty when
// either is missing. Field-level problems (missing, malformed values) are left to the per-field checks.
std::vector<Error> check_profile_rules(const ValidationContext& context, const FieldValues& values);

// Acceptance: completion below the profile's threshold fails (Jingdezhen rules, article 14: below 80 %).
// Code acceptance.below_threshold; always passes when the profile states no threshold.
Status check_acceptance_completion(const Profile& profile, int completion_basis_points);

}  // namespace jiebang

// shared/policy/rules.hpp — a city's cross-field rules, read from its profile: demand eligibility
// (e.g. Jiangmen: last-year revenue >= 5亿元, or R&D >= 10 % of revenue, or 创新标兵; total R&D >= 300万),
// minimum bounty (Jingdezhen >= 100万), solver share <= total budget, the local host enterprise a solver
// outside the city needs for a non-enterprise listing (Jingdezhen 第五条(五)), consortium members, etc.
// validate_submission() calls check_profile_rules() after the per-field checks.
#pragma once

#include <vector>

#include "shared/base/result.hpp"
#include "shared/forms/validation.hpp"

namespace jiebang {

// The rules of context.profile for context.form (profile "rules", kinds listed in rules.cpp); empty when
// either is missing. Field-level problems (missing, malformed values) are left to the per-field checks.
std::vector<Error> check_profile_rules(const ValidationContext& context, const FieldValues& values);

// Acceptance (验收): completion below the profile's threshold fails (Jingdezhen 第十四条: below 80 %).
// Code acceptance.below_threshold; always passes when the profile states no threshold.
Status check_acceptance_completion(const Profile& profile, int completion_basis_points);

}  // namespace jiebang

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

std::vector<Error> check_profile_rules(const ValidationContext& context, const FieldValues& values);

}  // namespace jiebang

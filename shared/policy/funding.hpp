// shared/policy/funding.hpp — the funding calculator: subsidy, tranches and cost shares from a profile.
// Examples from the seeds: Jingdezhen 300 wan bounty -> 180 wan subsidy (60 %, cap 200 wan) paid
// 90/54/36; Jiaxing industry-common 50 % of the contract, enterprise-key / transfer 25 %, cap 300 wan,
// city:district 50/50 for city-level projects; Jiangmen city:county 3:7 or 1:1 (open competition, 2023
// guide) and 3:7 or 6:4 (platforms). Arithmetic is exact in hundredths of wan yuan (1 wan = 10,000 yuan);
// rounding is half-up to 0.01 wan and tranches always add up to the subsidy (the last takes the remainder).
#pragma once

#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/policy/profile.hpp"

namespace jiebang {

struct FundingRequest {
    std::string project_type_id;  // empty when the city has no types
    std::string subsidy_kind;     // e.g. "open_competition" (default), "platform"
    MoneyWan amount;  // bounty (the amount paid to the solver) or technical-contract amount, per the profile
    std::string county_admin_code;  // for cost shares; empty = city level
};

struct FundingTranche {
    std::string id;  // "contract", "midterm", "acceptance"
    LocalText name;
    int basis_points = 0;
    MoneyWan amount;
};

struct FundingShare {
    std::string party;  // "city", "county"
    LocalText name;
    int basis_points = 0;
    MoneyWan amount;
};

struct FundingResult {
    std::string subsidy_kind;     // the scheme used ("open_competition", "platform")
    std::string project_type_id;  // as requested (empty for cities without types)
    LocalText scheme_name;
    std::string method;             // "percent_of_amount" or "fixed"
    std::string amount_basis;       // "bounty", "contract_amount", "none"
    std::string county_admin_code;  // empty = city level
    std::string cost_share_group;   // the county's group, or "city_level"
    MoneyWan base;                  // the amount the rate applies to
    int rate_basis_points = 0;
    MoneyWan cap;  // 0 = no cap
    MoneyWan subsidy;
    bool capped = false;
    std::vector<FundingTranche> tranches;
    std::vector<FundingShare> shares;
    std::vector<std::string> rule_keys;  // string-catalogue keys explaining each rule applied
};

// Errors: funding.below_minimum (e.g. Jingdezhen bounty < 100 wan), funding.unknown_project_type,
// funding.unknown_county, funding.unknown_subsidy_kind, money.negative.
Result<FundingResult> calculate_funding(const Profile& profile, const FundingRequest& request);
// JSON for staff and the CLI: amounts in wan yuan as strings ("180", "12.5"), basis points as numbers.
std::string funding_result_to_json(const FundingResult& result);

}  // namespace jiebang

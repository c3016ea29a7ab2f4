// shared/validate/validators.hpp — single-value validators with stable error codes.
// USCC (GB 32100-2015): 18 characters from 0-9 A-H J-N P-R T-U W-Y; char 1 registration authority,
// char 2 entity type, chars 3-8 the administrative-division code, chars 9-17 the organisation code
// (GB 11714, its own check character at position 17), char 18 the check character (weights 3^(i) mod 31).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shared/base/result.hpp"
#include "shared/policy/profile.hpp"

namespace jiebang {

struct UsccInfo {
    std::string code;                 // upper-cased, trimmed
    std::string admin_division_code;  // chars 3-8
    std::string organisation_code;    // chars 9-17
};

// Codes: uscc.length, uscc.charset, uscc.organization_check, uscc.check_character.
Result<UsccInfo> check_uscc(std::string_view text);
// Where a valid USCC was registered within a profile: the county, or the city itself (市本级), or neither
// (uscc.region_outside_city).
struct UsccRegion {
    const County* county = nullptr;  // null when registered at city level
    bool city_level = false;
};
Result<UsccRegion> uscc_region(const UsccInfo& uscc, const Profile& profile);

Status check_mobile(std::string_view text);  // mobile.format
Status check_email(std::string_view text);   // email.format
// Codes: money.format, money.negative, money.too_many_decimals, money.too_large.
Result<MoneyWan> parse_money_wan(std::string_view text);
Result<std::int64_t> parse_integer(std::string_view text);        // integer.format
Result<std::int64_t> parse_percent_basis_points(std::string_view text);  // percent.format, percent.range

}  // namespace jiebang

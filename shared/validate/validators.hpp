// shared/validate/validators.hpp — single-value validators with stable error codes.
// USCC (GB 32100-2015): 18 characters from 0-9 A-H J-N P-R T-U W-Y; char 1 registration authority,
// char 2 entity type, chars 3-8 the administrative-division code, chars 9-17 the organisation code
// (GB 11714, its own check character at position 17), char 18 the check character (weights 3^(i-1) mod 31).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/base/result.hpp"
#include "shared/policy/profile.hpp"

namespace jiebang {

// Full-width forms (U+FF01..U+FF5E: digits, letters, '@', '.', '+', '-', brackets) and the ideographic space
// U+3000 as their ASCII characters, the way a Chinese input method or a pasted text gives them; every other
// character unchanged. nullopt for invalid UTF-8. Every check below reads its input through this, and the
// terminal applies it as codes, amounts, phone numbers and e-mail addresses are typed.
std::optional<std::string> to_half_width(std::string_view text);

struct UsccInfo {
    std::string code;                 // upper-cased, trimmed
    std::string admin_division_code;  // chars 3-8
    std::string organisation_code;    // chars 9-17
};

// Codes: uscc.length, uscc.charset, uscc.organization_check, uscc.check_character.
// Lower case, full-width characters and surrounding spaces are accepted. Arguments: "count"/"limit" (length), "position" (1-based
// character that failed: the bad character for charset, 17 for the organisation check, 18 for the check
// character), "character" (charset, when printable ASCII).
Result<UsccInfo> check_uscc(std::string_view text);
// Where a valid USCC was registered within a profile: the county, or the city itself (city level), or neither
// (uscc.region_outside_city, argument "division"). A code under the city's prefecture prefix that names no
// county of the profile (the city-districts code "xx01", renumbered districts) counts as city level.
struct UsccRegion {
    const County* county = nullptr;  // null when registered at city level
    bool city_level = false;
};
Result<UsccRegion> uscc_region(const UsccInfo& uscc, const Profile& profile);

// Mainland mobile: 11 digits 1[3-9]..., spaces and dashes allowed, optional +86 / 0086 / 86, full-width
// digits read as digits.
Status check_mobile(std::string_view text);  // mobile.format
// The 11 digits of a valid mobile number ("+86 138-1234-5678" -> "13812345678"); mobile.format otherwise.
Result<std::string> normalize_mobile(std::string_view text);
// Practical RFC 5321 subset: dot-atom local part (<=64), one @, a domain of >=2 labels (<=63 each, letters,
// digits, inner hyphens), alphabetic top-level domain, <=254 in all. Full-width characters are read
// as ASCII; other non-ASCII addresses are refused.
Status check_email(std::string_view text);  // email.format
// Codes: money.format, money.negative, money.too_many_decimals (argument "decimals"), money.too_large
// (argument "max", in wan yuan). "300", "12.5", "0.01", "007" pass; "1e3", "1,000", ".5", "5.", "12.345",
// "-1" fail. Full-width digits and the full-width point are read as ASCII.
Result<MoneyWan> parse_money_wan(std::string_view text);
// The largest amount any money field accepts: 100 000 000 wan yuan (one trillion yuan); more is a typing
// mistake. It must stay above any real issuer's revenue (Jiangmen asks for last year's revenue, and a group's
// can exceed 10 billion yuan), so it catches runaway zeros, not large enterprises.
inline constexpr std::int64_t maximum_money_wan_hundredths = 10'000'000'000;
std::string format_money_limit();  // maximum_money_wan_hundredths in wan yuan, as text
Result<std::int64_t> parse_integer(std::string_view text);  // integer.format
// Percent 0..100, at most two decimals, an optional trailing "%": "12.5" -> 1250 basis points.
Result<std::int64_t> parse_percent_basis_points(std::string_view text);  // percent.format, percent.range

}  // namespace jiebang

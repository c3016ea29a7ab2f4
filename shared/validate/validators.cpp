// shared/validate/validators.cpp — the single-value checks behind the forms: USCC, mobile, email, money,
// integers and percentages. Each returns a stable error code and the arguments its message template needs;
// the caller (forms validation) adds the field id. Input is what a person typed: surrounding spaces are
// ignored, full-width digits from Chinese input methods are read as digits, nothing else is guessed.
// Invariant: a value is either accepted exactly as meant or refused with a reason; never rounded or cut.
//
// Index: [SECTION] typed-text helpers  [SECTION] full-width forms  [SECTION] USCC  [SECTION] USCC region  [SECTION] mobile
//        [SECTION] email  [SECTION] numbers (money, integer, percent)
#include "shared/validate/validators.hpp"

#include <array>
#include <cstdint>

#include "shared/text/utf8.hpp"

namespace jiebang {

namespace {

// [SECTION] typed-text helpers

bool is_ascii_space(char character) {
    return character == ' ' || character == '\t' || character == '\r' || character == '\n';
}

// Removes ASCII whitespace and the ideographic space U+3000 (E3 80 80) from both ends.
std::string_view trim(std::string_view text) {
    constexpr std::string_view ideographic_space = "\xE3\x80\x80";
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        if (is_ascii_space(text.front())) {
            text.remove_prefix(1);
            changed = true;
        } else if (text.starts_with(ideographic_space)) {
            text.remove_prefix(ideographic_space.size());
            changed = true;
        }
        if (text.empty())
            break;
        if (is_ascii_space(text.back())) {
            text.remove_suffix(1);
            changed = true;
        } else if (text.ends_with(ideographic_space)) {
            text.remove_suffix(ideographic_space.size());
            changed = true;
        }
    }
    return text;
}

bool is_digit(char character) {
    return character >= '0' && character <= '9';
}

Error value_error(std::string code, std::string detail) {
    return Error(std::move(code), "", std::move(detail));
}

}  // namespace

// [SECTION] full-width forms

std::optional<std::string> to_half_width(std::string_view text) {
    const auto code_points = utf8::decode(text);
    if (!code_points)
        return std::nullopt;
    std::string out;
    out.reserve(text.size());
    for (char32_t code_point : *code_points) {
        if (code_point >= 0xFF01 && code_point <= 0xFF5E) {
            out.push_back(static_cast<char>(code_point - 0xFF01 + 0x21));
        } else if (code_point == 0x3000) {
            out.push_back(' ');
        } else {
            utf8::append(out, code_point);
        }
    }
    return out;
}

namespace {

// [SECTION] USCC

// GB 32100-2015 alphabet: the 31 characters of the code, in value order (no I, O, Z, S, V).
constexpr std::string_view uscc_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// Weights of positions 1..17 for the check character: 3^(i-1) mod 31.
constexpr std::array<int, 17> uscc_weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
// GB 11714 organisation code: weights of its eight body characters (USCC positions 9..16).
constexpr std::array<int, 8> organisation_weights = {3, 7, 9, 10, 5, 8, 4, 2};

int uscc_value(char character) {
    const std::size_t index = uscc_alphabet.find(character);
    return index == std::string_view::npos ? -1 : static_cast<int>(index);
}

// GB 11714 values: digits 0..9, letters A=10 .. Z=35.
int organisation_value(char character) {
    if (is_digit(character))
        return character - '0';
    if (character >= 'A' && character <= 'Z')
        return character - 'A' + 10;
    return -1;
}

}  // namespace

Result<UsccInfo> check_uscc(std::string_view text) {
    // A code typed on a Chinese input method (or pasted) in full-width letters and digits is the same code.
    const auto half_width = to_half_width(text);
    const std::string_view trimmed = trim(half_width ? std::string_view(*half_width) : text);
    const auto count = utf8::count_code_points(trimmed);
    if (!count) {
        // Name the character where the bad bytes start, counted like the ones before it.
        const std::size_t offset = utf8::first_invalid_offset(trimmed).value_or(0);
        const std::size_t position = utf8::count_code_points(trimmed.substr(0, offset)).value_or(0) + 1;
        return value_error("uscc.charset", "not valid UTF-8").with("position", std::to_string(position));
    }
    if (*count != 18) {
        return value_error("uscc.length", "a USCC has 18 characters, got " + std::to_string(*count))
            .with("count", std::to_string(*count))
            .with("limit", "18");
    }
    // 18 code points in 18 bytes means plain ASCII; otherwise some character is outside the alphabet.
    std::string code;
    code.reserve(18);
    for (std::size_t index = 0; index < trimmed.size(); ++index) {
        char character = trimmed[index];
        if (character >= 'a' && character <= 'z')
            character = static_cast<char>(character - 'a' + 'A');
        if (static_cast<unsigned char>(character) >= 0x80 || uscc_value(character) < 0) {
            // Position in characters, not bytes: count the code points before this byte.
            const std::size_t position =
                utf8::count_code_points(trimmed.substr(0, index)).value_or(index) + 1;
            Error error = value_error(
                "uscc.charset", "character " + std::to_string(position) + " is not in the GB 32100 alphabet");
            error.with("position", std::to_string(position));
            if (static_cast<unsigned char>(character) < 0x80)
                error.with("character", std::string(1, character));
            return error;
        }
        code.push_back(character);
    }
    if (code.size() != 18) {
        return value_error("uscc.charset", "characters outside the GB 32100 alphabet").with("position", "0");
    }

    // Organisation code (positions 9..17): GB 11714 check character at position 17.
    int organisation_sum = 0;
    for (std::size_t index = 0; index < organisation_weights.size(); ++index) {
        organisation_sum += organisation_value(code[8 + index]) * organisation_weights[index];
    }
    const int organisation_check = 11 - organisation_sum % 11;
    const char expected_organisation_check = organisation_check == 10 ? 'X'
                                             : organisation_check == 11
                                                 ? '0'
                                                 : static_cast<char>('0' + organisation_check);
    if (code[16] != expected_organisation_check) {
        return value_error("uscc.organization_check",
                           "character 17 does not match the GB 11714 check over characters 9-16")
            .with("position", "17");
    }

    // Check character (position 18) over positions 1..17.
    int sum = 0;
    for (std::size_t index = 0; index < uscc_weights.size(); ++index) {
        sum += uscc_value(code[index]) * uscc_weights[index];
    }
    const int check_value = (31 - sum % 31) % 31;
    if (code[17] != uscc_alphabet[static_cast<std::size_t>(check_value)]) {
        return value_error("uscc.check_character",
                           "character 18 does not match the GB 32100 check over characters 1-17")
            .with("position", "18");
    }

    UsccInfo info;
    info.admin_division_code = code.substr(2, 6);
    info.organisation_code = code.substr(8, 9);
    info.code = std::move(code);
    return info;
}

// [SECTION] USCC region

Result<UsccRegion> uscc_region(const UsccInfo& uscc, const Profile& profile) {
    const std::string& division = uscc.admin_division_code;
    for (const County& county : profile.counties) {
        if (county.admin_code == division)
            return UsccRegion{&county, false};
    }
    if (division == profile.city_admin_code)
        return UsccRegion{nullptr, true};
    // Another code under the same prefecture (its first four digits): the city-districts code ("xx01") and
    // districts renumbered since registration are still inside the city, registered at city level.
    if (division.size() == 6 && profile.city_admin_code.size() == 6 &&
        division.compare(0, 4, profile.city_admin_code, 0, 4) == 0 &&
        profile.city_admin_code.ends_with("00")) {
        return UsccRegion{nullptr, true};
    }
    return Error("uscc.region_outside_city", "",
                 "division " + division + " is not in " + profile.city_admin_code + " or its counties")
        .with("division", division);
}

// [SECTION] mobile

Result<std::string> normalize_mobile(std::string_view text) {
    const auto half_width = to_half_width(trim(text));
    if (!half_width)
        return value_error("mobile.format", "not valid UTF-8");
    std::string digits;
    bool plus = false;
    for (std::size_t index = 0; index < half_width->size(); ++index) {
        const char character = (*half_width)[index];
        if (character == ' ' || character == '-')
            continue;
        if (character == '+' && digits.empty() && !plus) {
            plus = true;
            continue;
        }
        if (!is_digit(character))
            return value_error("mobile.format", "only digits, spaces, dashes and +86");
        digits.push_back(character);
    }
    if (plus) {
        if (!digits.starts_with("86"))
            return value_error("mobile.format", "only the +86 country code");
        digits.erase(0, 2);
    } else if (digits.size() == 15 && digits.starts_with("0086")) {
        digits.erase(0, 4);
    } else if (digits.size() == 13 && digits.starts_with("86")) {
        digits.erase(0, 2);
    }
    if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3' || digits[1] > '9') {
        return value_error("mobile.format", "a mainland mobile number has 11 digits starting 13-19")
            .with("count", std::to_string(digits.size()));
    }
    return digits;
}

Status check_mobile(std::string_view text) {
    auto normalized = normalize_mobile(text);
    if (!normalized)
        return normalized.error();
    return ok_status();
}

// [SECTION] email

namespace {

bool is_atom_character(char character) {
    if ((character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
        is_digit(character)) {
        return true;
    }
    constexpr std::string_view specials = "!#$%&'*+/=?^_`{|}~-";
    return specials.find(character) != std::string_view::npos;
}

bool is_letter_or_digit(char character) {
    return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
           is_digit(character);
}

}  // namespace

Status check_email(std::string_view text) {
    // Full-width letters, digits, '@' and '.' from a Chinese input method are the same address.
    const auto half_width = to_half_width(text);
    if (!half_width)
        return value_error("email.format", "not valid UTF-8");
    const std::string_view address = trim(*half_width);
    if (address.empty())
        return value_error("email.format", "empty");
    if (address.size() > 254)
        return value_error("email.format", "longer than 254 characters").with("limit", "254");
    const std::size_t at = address.find('@');
    if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) {
        return value_error("email.format", "needs exactly one @");
    }
    const std::string_view local = address.substr(0, at);
    const std::string_view domain = address.substr(at + 1);
    // Local part: dot-atom (RFC 5321), 1..64 characters, no leading, trailing or doubled dots.
    if (local.empty() || local.size() > 64)
        return value_error("email.format", "local part must be 1-64 characters");
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
        return value_error("email.format", "misplaced dot in the local part");
    }
    for (char character : local) {
        if (character != '.' && !is_atom_character(character)) {
            return value_error("email.format", "character not allowed in the local part");
        }
    }
    // Domain: at least two labels of letters, digits and inner hyphens, each 1..63; the last not numeric.
    if (domain.empty() || domain.size() > 253)
        return value_error("email.format", "domain must be 1-253 characters");
    std::size_t label_start = 0;
    std::size_t label_count = 0;
    std::string_view last_label;
    while (label_start <= domain.size()) {
        std::size_t label_end = domain.find('.', label_start);
        if (label_end == std::string_view::npos)
            label_end = domain.size();
        const std::string_view label = domain.substr(label_start, label_end - label_start);
        if (label.empty() || label.size() > 63)
            return value_error("email.format", "empty or long domain label");
        if (label.front() == '-' || label.back() == '-')
            return value_error("email.format", "hyphen at label edge");
        for (char character : label) {
            if (character != '-' && !is_letter_or_digit(character)) {
                return value_error("email.format", "character not allowed in the domain");
            }
        }
        ++label_count;
        last_label = label;
        label_start = label_end + 1;
    }
    if (label_count < 2)
        return value_error("email.format", "domain needs a dot (example.com)");
    bool top_level_has_letter = false;
    for (char character : last_label) {
        if (!is_digit(character) && character != '-')
            top_level_has_letter = true;
    }
    if (!top_level_has_letter || last_label.size() < 2) {
        return value_error("email.format", "top-level domain must be at least two letters");
    }
    return ok_status();
}

// [SECTION] numbers (money, integer, percent)

namespace {

// A non-negative decimal "digits[.digits]" with at most `maximum_decimals`, scaled by 10^maximum_decimals.
// Codes use `family` ("money" or "percent"); integer parts above 12 digits are too large for any field.
struct DecimalParse {
    std::int64_t scaled = 0;
};

Result<DecimalParse> parse_scaled_decimal(std::string_view text, std::string_view family,
                                          int maximum_decimals) {
    const std::string family_name(family);
    const auto half_width = to_half_width(trim(text));
    if (!half_width)
        return value_error(family_name + ".format", "not valid UTF-8");
    std::string_view number = trim(*half_width);
    if (number.empty())
        return value_error(family_name + ".format", "empty");
    bool negative = false;
    if (number.front() == '-') {
        negative = true;
        number.remove_prefix(1);
    }
    const std::size_t dot = number.find('.');
    const std::string_view whole = number.substr(0, dot);
    const std::string_view fraction =
        dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
    const auto all_digits = [](std::string_view part) {
        for (char character : part) {
            if (!is_digit(character))
                return false;
        }
        return true;
    };
    if (whole.empty() || !all_digits(whole) || !all_digits(fraction) ||
        (dot != std::string_view::npos && fraction.empty())) {
        return value_error(family_name + ".format", "expected digits with an optional decimal point");
    }
    // Leading zeros do not count towards the size.
    std::size_t first_significant = whole.find_first_not_of('0');
    const std::size_t significant_digits =
        first_significant == std::string_view::npos ? 0 : whole.size() - first_significant;
    if (negative) {
        bool is_zero = significant_digits == 0 && fraction.find_first_not_of('0') == std::string_view::npos;
        if (!is_zero)
            return value_error(family_name + ".negative", "negative amount");
    }
    if (fraction.size() > static_cast<std::size_t>(maximum_decimals)) {
        return value_error(family_name + ".too_many_decimals", "more decimals than allowed")
            .with("decimals", std::to_string(maximum_decimals));
    }
    if (significant_digits > 12)
        return value_error(family_name + ".too_large", "too many digits");
    std::int64_t scaled = 0;
    for (char character : whole)
        scaled = scaled * 10 + (character - '0');
    for (int index = 0; index < maximum_decimals; ++index) {
        const int digit = static_cast<std::size_t>(index) < fraction.size()
                              ? fraction[static_cast<std::size_t>(index)] - '0'
                              : 0;
        scaled = scaled * 10 + digit;
    }
    return DecimalParse{scaled};
}

}  // namespace

Result<MoneyWan> parse_money_wan(std::string_view text) {
    auto parsed = parse_scaled_decimal(text, "money", 2);
    if (!parsed) {
        Error error = parsed.error();
        if (error.code == "money.too_large")
            error.with("max", format_money_limit());
        return error;
    }
    if (parsed->scaled > maximum_money_wan_hundredths) {
        return value_error("money.too_large", "above the largest amount a form accepts")
            .with("max", format_money_limit());
    }
    return MoneyWan{parsed->scaled};
}

std::string format_money_limit() {
    return std::to_string(maximum_money_wan_hundredths / 100);
}

Result<std::int64_t> parse_integer(std::string_view text) {
    const auto half_width = to_half_width(trim(text));
    if (!half_width)
        return value_error("integer.format", "not valid UTF-8");
    std::string_view number = trim(*half_width);
    bool negative = false;
    if (!number.empty() && (number.front() == '-' || number.front() == '+')) {
        negative = number.front() == '-';
        number.remove_prefix(1);
    }
    if (number.empty())
        return value_error("integer.format", "expected a whole number");
    const std::size_t first_significant = number.find_first_not_of('0');
    const std::size_t significant_digits =
        first_significant == std::string_view::npos ? 0 : number.size() - first_significant;
    std::int64_t value = 0;
    for (char character : number) {
        if (!is_digit(character))
            return value_error("integer.format", "expected a whole number");
    }
    if (significant_digits > 15)
        return value_error("integer.format", "too many digits");
    for (char character : number)
        value = value * 10 + (character - '0');
    return negative ? -value : value;
}

Result<std::int64_t> parse_percent_basis_points(std::string_view text) {
    const auto half_width = to_half_width(trim(text));
    if (!half_width)
        return value_error("percent.format", "not valid UTF-8");
    std::string_view number = trim(*half_width);
    if (number.ends_with('%'))
        number = trim(number.substr(0, number.size() - 1));
    auto parsed = parse_scaled_decimal(number, "percent", 2);
    if (!parsed) {
        const Error& error = parsed.error();
        // Negative or huge percentages are out of range; other failures are format errors.
        if (error.code == "percent.negative" || error.code == "percent.too_large") {
            return value_error("percent.range", "outside 0..100").with("min", "0").with("max", "100");
        }
        if (error.code == "percent.too_many_decimals") {
            return value_error("percent.format", "at most two decimals").with("decimals", "2");
        }
        return error;
    }
    if (parsed->scaled > 10000) {
        return value_error("percent.range", "outside 0..100").with("min", "0").with("max", "100");
    }
    return parsed->scaled;
}

}  // namespace jiebang

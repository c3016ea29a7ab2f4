// shared/text/utf8.hpp — UTF-8 as the applicant sees it: code points, not bytes.
// Limits on the forms ("at most 500 characters") count Unicode code points of valid UTF-8. Invalid UTF-8 (overlongs,
// surrogates, truncated sequences, > U+10FFFF) is refused, never repaired or cut mid-character.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jiebang::utf8 {

// Number of code points, or nullopt if `text` is not valid UTF-8.
std::optional<std::size_t> count_code_points(std::string_view text);

bool is_valid(std::string_view text);

// Byte offset of the first invalid sequence, or nullopt when valid.
std::optional<std::size_t> first_invalid_offset(std::string_view text);

// Decodes valid UTF-8 into code points; nullopt if invalid.
std::optional<std::vector<char32_t>> decode(std::string_view text);

// Appends the UTF-8 encoding of one code point (must be a valid scalar value).
void append(std::string& out, char32_t code_point);

// Removes the last code point of valid UTF-8 (for backspace); no-op on empty.
void pop_back_code_point(std::string& text);

// The first `count` code points of valid UTF-8 (never splits a character).
std::string prefix(std::string_view text, std::size_t count);

}  // namespace jiebang::utf8

// tests/core/test_utf8.cpp — strict UTF-8: what counts as one character for the forms' limits, and which
// byte sequences are refused (overlongs, surrogates, > U+10FFFF, truncated, stray continuation bytes).
#include <doctest/doctest.h>

#include <string>

#include "shared/text/utf8.hpp"

using namespace jiebang;

TEST_CASE("utf8: counts code points, not bytes") {
    CHECK(utf8::count_code_points("") == 0u);
    CHECK(utf8::count_code_points("abc") == 3u);
    CHECK(utf8::count_code_points("揭榜挂帅") == 4u);              // 3 bytes each
    CHECK(utf8::count_code_points("\xF0\x9F\x98\x80") == 1u);      // U+1F600, 4 bytes
    CHECK(utf8::count_code_points("\xC3\xA9") == 1u);              // é, 2 bytes
    CHECK(utf8::count_code_points(std::string("a\0b", 3)) == 3u);  // NUL is a character
}

TEST_CASE("utf8: boundary code points are accepted") {
    CHECK(utf8::is_valid("\x7F"));              // U+007F
    CHECK(utf8::is_valid("\xC2\x80"));          // U+0080, smallest 2-byte
    CHECK(utf8::is_valid("\xDF\xBF"));          // U+07FF
    CHECK(utf8::is_valid("\xE0\xA0\x80"));      // U+0800, smallest 3-byte
    CHECK(utf8::is_valid("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
    CHECK(utf8::is_valid("\xEE\x80\x80"));      // U+E000, just above them
    CHECK(utf8::is_valid("\xEF\xBF\xBF"));      // U+FFFF
    CHECK(utf8::is_valid("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte
    CHECK(utf8::is_valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST_CASE("utf8: invalid sequences are refused with the offset of the first bad byte") {
    struct Case {
        const char* name;
        std::string bytes;
        std::size_t offset;
    };
    const Case cases[] = {
        {"overlong 2-byte slash", "ab\xC0\xAF", 2},
        {"overlong C1", "\xC1\xBF", 0},
        {"overlong 3-byte", "\xE0\x80\xAF", 0},
        {"overlong 3-byte U+07FF", "\xE0\x9F\xBF", 0},
        {"overlong 4-byte", "\xF0\x80\x80\xAF", 0},
        {"overlong 4-byte U+FFFF", "\xF0\x8F\xBF\xBF", 0},
        {"high surrogate", "x\xED\xA0\x80", 1},
        {"low surrogate", "\xED\xBF\xBF", 0},
        {"above U+10FFFF", "\xF4\x90\x80\x80", 0},
        {"F5 lead", "\xF5\x80\x80\x80", 0},
        {"FF byte", "\xFF", 0},
        {"stray continuation", "a\x80", 1},
        {"truncated 2-byte", "\xC3", 0},
        {"truncated 3-byte", "\xE6\x8F", 0},
        {"truncated 4-byte", "\xF0\x9F\x98", 0},
        {"bad continuation", "\xE6\x41\x41", 0},
        {"Chinese then truncated", "揭榜\xE6\x8F", 6},
    };
    for (const Case& item : cases) {
        CAPTURE(item.name);
        CHECK_FALSE(utf8::is_valid(item.bytes));
        CHECK_FALSE(utf8::count_code_points(item.bytes).has_value());
        CHECK_FALSE(utf8::decode(item.bytes).has_value());
        CHECK(utf8::first_invalid_offset(item.bytes) == item.offset);
    }
}

TEST_CASE("utf8: decode and append round-trip") {
    const std::string text = "A揭\xF0\x9F\x98\x80\xC3\xA9";
    const auto code_points = utf8::decode(text);
    REQUIRE(code_points.has_value());
    REQUIRE(code_points->size() == 4);
    CHECK((*code_points)[0] == U'A');
    CHECK((*code_points)[1] == U'\u63ED');  // 揭
    CHECK((*code_points)[2] == U'\U0001F600');
    std::string rebuilt;
    for (char32_t code_point : *code_points)
        utf8::append(rebuilt, code_point);
    CHECK(rebuilt == text);

    std::string refused;
    utf8::append(refused, 0xD800);    // a surrogate is not a scalar value
    utf8::append(refused, 0x110000);  // beyond Unicode
    CHECK(refused.empty());
}

TEST_CASE("utf8: backspace removes one whole character") {
    std::string text = "a揭\xF0\x9F\x98\x80";
    utf8::pop_back_code_point(text);
    CHECK(text == "a揭");
    utf8::pop_back_code_point(text);
    CHECK(text == "a");
    utf8::pop_back_code_point(text);
    CHECK(text.empty());
    utf8::pop_back_code_point(text);  // no-op on empty
    CHECK(text.empty());

    std::string broken = "a\xE6\x8F";  // truncated at the end: one byte goes, never a valid character
    utf8::pop_back_code_point(broken);
    CHECK(broken == "a\xE6");
}

TEST_CASE("utf8: prefix never splits a character") {
    CHECK(utf8::prefix("揭榜挂帅", 2) == "揭榜");
    CHECK(utf8::prefix("揭榜挂帅", 0).empty());
    CHECK(utf8::prefix("揭榜挂帅", 10) == "揭榜挂帅");
    CHECK(utf8::prefix("ab\xE6\x8F", 5) == "ab");  // stops before an invalid tail
}

// tests/input/field_editor_tests.cpp — field limits in code points and the numeric pad grammar.
#include <doctest/doctest.h>

#include <string>

#include "kiosk/input/field_editor.hpp"

using namespace jiebang::input;
using jiebang::FieldKind;

namespace {

// Types `keys` one character at a time as the numeric pad does; returns the field text.
std::string type_on_pad(FieldKind kind, const std::string& keys) {
    const FieldRules rules = field_rules_for(kind, 0, false);
    std::string text;
    for (char key : keys)
        (void)append_to_field(text, std::string(1, key), rules);
    return text;
}

}  // namespace

TEST_CASE("a limit-500 field refuses the 501st character and stays valid") {
    const FieldRules rules = field_rules_for(FieldKind::Multiline, 500, false);
    std::string text;
    for (int index = 0; index < 499; ++index)
        REQUIRE(append_to_field(text, "技", rules).ok());
    CHECK(remaining_characters(text, rules) == 1);
    // A two-character commit does not fit into one remaining place: refused whole, never cut.
    const auto too_long = append_to_field(text, "中国", rules);
    REQUIRE_FALSE(too_long.ok());
    CHECK(too_long.error().code == "input.field.too_long");
    CHECK(too_long.error().argument("limit") == "500");
    REQUIRE(append_to_field(text, "术", rules).ok());
    CHECK(text.size() == 500 * 3);  // 500 code points of three bytes each
    const auto refused = append_to_field(text, "a", rules);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "input.field.too_long");
    CHECK(remaining_characters(text, rules) == 0);
    CHECK(text.size() == 1500);
}

TEST_CASE("invalid UTF-8 is never written into a field") {
    const FieldRules rules = field_rules_for(FieldKind::Text, 10, false);
    std::string text = "ab";
    for (const std::string& bad : {std::string("\xe4\xb8"), std::string("\xc0\xaf"),
                                   std::string("\xed\xa0\x80"), std::string("\xff")}) {
        const auto refused = append_to_field(text, bad, rules);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "input.field.invalid_utf8");
        CHECK(text == "ab");
    }
}

TEST_CASE("backspace removes a whole character") {
    std::string text = "a中";
    CHECK(backspace_field(text));
    CHECK(text == "a");
    CHECK(backspace_field(text));
    CHECK(text.empty());
    CHECK_FALSE(backspace_field(text));
}

TEST_CASE("line breaks only go into multi-line fields") {
    std::string text;
    CHECK(append_to_field(text, "\n", field_rules_for(FieldKind::Text, 0, false)).error().code ==
          "input.field.line_break");
    CHECK(append_to_field(text, "\n", field_rules_for(FieldKind::Multiline, 0, false)).ok());
}

TEST_CASE("the numeric pad grammar for money") {
    CHECK(type_on_pad(FieldKind::Money, "300") == "300");
    CHECK(type_on_pad(FieldKind::Money, "12.5") == "12.5");
    CHECK(type_on_pad(FieldKind::Money, "12.345") == "12.34");  // third decimal refused
    CHECK(type_on_pad(FieldKind::Money, "1..5") == "1.5");      // second point refused
    CHECK(type_on_pad(FieldKind::Money, ".5") == "5");          // no leading point
    CHECK(type_on_pad(FieldKind::Money, "007") == "0");         // no leading zeros
    CHECK(type_on_pad(FieldKind::Money, "0.07") == "0.07");
    CHECK(type_on_pad(FieldKind::Money, "-5") == "5");
    CHECK(accepts_partial(NumericGrammar::Money, "12."));
    CHECK_FALSE(accepts_complete(NumericGrammar::Money, "12."));
    CHECK(accepts_complete(NumericGrammar::Money, "12.50"));
}

TEST_CASE("the numeric pad grammar for integers and percentages") {
    CHECK(type_on_pad(FieldKind::Integer, "36") == "36");
    CHECK(type_on_pad(FieldKind::Integer, "3.6") == "36");
    CHECK(type_on_pad(FieldKind::Integer, "1234567890") == "123456789");
    CHECK(type_on_pad(FieldKind::Percent, "87.25") == "87.25");
    CHECK(type_on_pad(FieldKind::Percent, "100") == "100");
    CHECK(type_on_pad(FieldKind::Percent, "101") == "10");
    CHECK(type_on_pad(FieldKind::Percent, "100.5") == "100.");
    CHECK_FALSE(accepts_complete(NumericGrammar::Percent, "100."));
    CHECK(accepts_complete(NumericGrammar::Percent, "100.00"));
    CHECK_FALSE(accepts_complete(NumericGrammar::Percent, "100.01"));
}

TEST_CASE("the numeric pad grammar for mainland mobile numbers") {
    CHECK(type_on_pad(FieldKind::Mobile, "13800138000") == "13800138000");
    CHECK(type_on_pad(FieldKind::Mobile, "138001380001") == "13800138000");  // twelfth digit refused
    CHECK(type_on_pad(FieldKind::Mobile, "2345") == "");                     // must start with 1
    CHECK(type_on_pad(FieldKind::Mobile, "12") == "1");                      // second digit 3..9
    CHECK(type_on_pad(FieldKind::Mobile, "1.3") == "13");
    CHECK(accepts_complete(NumericGrammar::Mobile, "19912345678"));
    CHECK_FALSE(accepts_complete(NumericGrammar::Mobile, "1991234567"));
    const auto refused = [] {
        std::string text = "1";
        return append_to_field(text, "2", field_rules_for(FieldKind::Mobile, 11, false));
    }();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "input.field.not_allowed");
}

TEST_CASE("the numeric pad is chosen for number, money, percent and phone fields only") {
    CHECK(uses_numeric_pad(FieldKind::Money));
    CHECK(uses_numeric_pad(FieldKind::Integer));
    CHECK(uses_numeric_pad(FieldKind::Percent));
    CHECK(uses_numeric_pad(FieldKind::Mobile));
    CHECK_FALSE(uses_numeric_pad(FieldKind::Text));
    CHECK_FALSE(uses_numeric_pad(FieldKind::Email));
    CHECK_FALSE(uses_numeric_pad(FieldKind::Uscc));
}

TEST_CASE("[12.5a] full-width digits, letters and @ become ASCII as they are typed into code-like fields") {
    // "１３８", "ＡＢ", "＠", "．" — what a Chinese input method gives.
    const FieldRules mobile = field_rules_for(FieldKind::Mobile, 0, false);
    std::string phone;
    REQUIRE(append_to_field(phone, "\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98", mobile).ok());
    CHECK(phone == "138");
    const FieldRules money = field_rules_for(FieldKind::Money, 0, false);
    std::string amount;
    REQUIRE(append_to_field(amount, "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x8E\xEF\xBC\x95", money).ok());
    CHECK(amount == "12.5");
    const FieldRules uscc = field_rules_for(FieldKind::Uscc, 0, false);
    std::string code;
    REQUIRE(append_to_field(code, "\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\xA1\xEF\xBC\xA2", uscc).ok());
    CHECK(code == "91AB");
    const FieldRules email = field_rules_for(FieldKind::Email, 0, false);
    std::string address = "li";
    REQUIRE(append_to_field(address, "\xEF\xBC\xA0", email).ok());
    CHECK(address == "li@");
    // Text fields keep what was typed: full-width punctuation is right in Chinese prose.
    const FieldRules text = field_rules_for(FieldKind::Text, 0, false);
    std::string name;
    REQUIRE(append_to_field(name, "\xEF\xBC\x88\xEF\xBC\x91\xEF\xBC\x89", text).ok());
    CHECK(name == "\xEF\xBC\x88\xEF\xBC\x91\xEF\xBC\x89");
    // The numeric pad's grammar judges the ASCII form: a full-width letter in a money field is still refused.
    std::string refused = "12";
    CHECK(append_to_field(refused, "\xEF\xBD\x81", money).error().code == "input.field.not_allowed");
    CHECK(refused == "12");
}

TEST_CASE("[12.5b] characters the fonts cannot draw are refused whole, with their code point") {
    // Fonts holding ASCII and the CJK block only.
    const FontCharacters characters({{0x20, 0x7E}, {0x4E00, 0x9FFF}});
    FieldRules rules = field_rules_for(FieldKind::Text, 100, false);
    rules.characters = &characters;
    std::string text = "abc";
    CHECK(append_to_field(text, "中文", rules).ok());
    const auto emoji = append_to_field(text, "好\xF0\x9F\x98\x80", rules);  // 好😀: refused as a whole
    REQUIRE_FALSE(emoji.ok());
    CHECK(emoji.error().code == "input.field.undrawable");
    CHECK(emoji.error().argument("code_point") == "U+1F600");
    const auto thai = append_to_field(text, "\xE0\xB8\x81", rules);  // U+0E01, outside these fonts
    REQUIRE_FALSE(thai.ok());
    CHECK(thai.error().argument("code_point") == "U+0E01");
    CHECK(text == "abc中文");
    // Without the fonts read, only what 16-bit ImGui can never draw is refused.
    const FontCharacters unknown;
    CHECK(unknown.drawable(0x0E01));
    CHECK_FALSE(unknown.drawable(0x1F600));
    CHECK(unknown.first_undrawable("a\n\tb") == std::nullopt);
    CHECK(characters.first_undrawable("ok\xE2\x98\x83") == std::optional<char32_t>(0x2603));  // ☃
}

// kiosk/input/field_editor.cpp — code-point limits and the numeric pad grammar.
#include "kiosk/input/field_editor.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "shared/text/utf8.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang::input {

namespace {

bool is_digit(char character) {
    return character >= '0' && character <= '9';
}

// Decimal number with at most `max_integer_digits` before the point and `max_decimals` after it; no leading
// zeros ("0" and "0.5" are fine, "05" is not). `partial` accepts a trailing point and an empty text.
bool decimal_shape(std::string_view text, std::size_t max_integer_digits, std::size_t max_decimals,
                   bool partial) {
    if (text.empty())
        return partial;
    const std::size_t point = text.find('.');
    const std::string_view integer_part = text.substr(0, point);
    if (integer_part.empty() || integer_part.size() > max_integer_digits)
        return false;
    if (!std::all_of(integer_part.begin(), integer_part.end(), is_digit))
        return false;
    if (integer_part.size() > 1 && integer_part.front() == '0')
        return false;
    if (point == std::string_view::npos)
        return true;
    if (max_decimals == 0)
        return false;
    const std::string_view decimals = text.substr(point + 1);
    if (decimals.size() > max_decimals)
        return false;
    if (!std::all_of(decimals.begin(), decimals.end(), is_digit))
        return false;
    return partial || !decimals.empty();
}

bool percent_in_range(std::string_view text) {
    const std::size_t point = text.find('.');
    const std::string_view integer_part = text.substr(0, point);
    if (integer_part.size() < 3)
        return true;
    if (integer_part != "100")
        return false;
    if (point == std::string_view::npos)
        return true;
    const std::string_view decimals = text.substr(point + 1);
    return std::all_of(decimals.begin(), decimals.end(), [](char character) { return character == '0'; });
}

bool mobile_shape(std::string_view text, bool partial) {
    if (text.size() > 11)
        return false;
    if (!partial && text.size() != 11)
        return false;
    if (!std::all_of(text.begin(), text.end(), is_digit))
        return false;
    if (!text.empty() && text[0] != '1')
        return false;
    if (text.size() >= 2 && (text[1] < '3' || text[1] > '9'))
        return false;
    return true;
}

bool grammar_accepts(NumericGrammar grammar, std::string_view text, bool partial) {
    switch (grammar) {
        case NumericGrammar::None:
            return true;
        case NumericGrammar::Money:
            return decimal_shape(text, 9, 2, partial);
        case NumericGrammar::Integer:
            return decimal_shape(text, 9, 0, partial);
        case NumericGrammar::Percent:
            return decimal_shape(text, 3, 2, partial) && percent_in_range(text);
        case NumericGrammar::Mobile:
            return mobile_shape(text, partial);
    }
    return false;
}

}  // namespace

NumericGrammar numeric_grammar_for(FieldKind kind) {
    switch (kind) {
        case FieldKind::Money:
            return NumericGrammar::Money;
        case FieldKind::Integer:
            return NumericGrammar::Integer;
        case FieldKind::Percent:
            return NumericGrammar::Percent;
        case FieldKind::Mobile:
            return NumericGrammar::Mobile;
        default:
            return NumericGrammar::None;
    }
}

bool uses_numeric_pad(FieldKind kind) {
    return numeric_grammar_for(kind) != NumericGrammar::None;
}

bool accepts_partial(NumericGrammar grammar, std::string_view text) {
    return grammar_accepts(grammar, text, true);
}

bool accepts_complete(NumericGrammar grammar, std::string_view text) {
    return grammar_accepts(grammar, text, false);
}

bool folds_full_width(FieldKind kind) {
    switch (kind) {
        case FieldKind::Uscc:
        case FieldKind::Mobile:
        case FieldKind::Email:
        case FieldKind::Money:
        case FieldKind::Integer:
        case FieldKind::Percent:
            return true;
        default:
            return false;
    }
}

FieldRules field_rules_for(FieldKind kind, int max_chars, bool multiline) {
    FieldRules rules;
    rules.max_chars = max_chars;
    rules.grammar = numeric_grammar_for(kind);
    rules.multiline = multiline || kind == FieldKind::Multiline;
    rules.half_width = folds_full_width(kind);
    return rules;
}

Status append_to_field(std::string& text, std::string_view typed, const FieldRules& rules) {
    std::string folded;
    if (rules.half_width) {
        auto half_width = to_half_width(typed);
        if (!half_width)
            return Error("input.field.invalid_utf8", "", "refused text that is not valid UTF-8");
        folded = std::move(*half_width);
        typed = folded;
    }
    const std::string_view addition = typed;
    const auto added_count = utf8::count_code_points(addition);
    if (!added_count) {
        return Error("input.field.invalid_utf8", "", "refused text that is not valid UTF-8");
    }
    if (!rules.multiline && addition.find_first_of("\r\n") != std::string_view::npos) {
        return Error("input.field.line_break", "", "one-line field");
    }
    if (rules.characters != nullptr) {
        if (const auto undrawable = rules.characters->first_undrawable(addition)) {
            char code_point[16];
            std::snprintf(code_point, sizeof code_point, "U+%04X", static_cast<unsigned>(*undrawable));
            return Error("input.field.undrawable", "", "the fonts have no glyph for this character")
                .with("code_point", code_point);
        }
    }
    const auto existing_count = utf8::count_code_points(text);
    if (!existing_count) {
        return Error("input.field.invalid_utf8", "", "field holds invalid UTF-8; refusing to edit");
    }
    if (rules.max_chars > 0 && *existing_count + *added_count > static_cast<std::size_t>(rules.max_chars)) {
        return Error("input.field.too_long", "", "limit in code points reached")
            .with("limit", std::to_string(rules.max_chars));
    }
    if (rules.grammar != NumericGrammar::None) {
        std::string candidate = text;
        candidate.append(addition);
        if (!accepts_partial(rules.grammar, candidate)) {
            return Error("input.field.not_allowed", "", "numeric pad grammar")
                .with("text", std::string(addition));
        }
    }
    text.append(addition);
    return ok_status();
}

bool backspace_field(std::string& text) {
    if (text.empty())
        return false;
    utf8::pop_back_code_point(text);
    return true;
}

int remaining_characters(std::string_view text, const FieldRules& rules) {
    if (rules.max_chars <= 0)
        return std::numeric_limits<int>::max();
    const auto count = utf8::count_code_points(text);
    if (!count)
        return 0;
    return std::max(0, rules.max_chars - static_cast<int>(*count));
}

}  // namespace jiebang::input

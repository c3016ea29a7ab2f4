// kiosk/input/field_editor.hpp — how keyboard input may change a field's text, independent of any UI.
// A field has a limit in code points ("at most 500 characters") and, for numbers, a grammar the numeric pad
// enforces while typing: the text must always be a prefix of a valid value (money "12.5", integer "36",
// percent "87.25", mainland mobile "1[3-9]" + 9 digits). Appending is all-or-nothing: text that would exceed
// the limit, break the grammar, add a line break to a one-line field, carry invalid UTF-8 or a character the
// fonts cannot draw (an emoji) is refused with an Error and the field stays unchanged. In codes, amounts,
// phone numbers and e-mail addresses full-width letters, digits and signs (a Chinese input method's) become
// ASCII as they are typed (the core's validators read them the same way: to_half_width()).
// Invariant: a field edited only through these functions is valid UTF-8 within its limit, holds only
// characters the terminal can draw, and its code-like kinds hold no full-width forms.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/input/glyph_coverage.hpp"
#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"

namespace jiebang::input {

enum class NumericGrammar { None, Money, Integer, Percent, Mobile };

// The grammar the numeric pad enforces for a field kind (None for text kinds).
NumericGrammar numeric_grammar_for(FieldKind kind);
// Fields edited with the numeric pad instead of the letter layouts.
bool uses_numeric_pad(FieldKind kind);

// Whether `text` is a valid value or can still become one by appending (e.g. "12." for money, "13" for
// mobile).
bool accepts_partial(NumericGrammar grammar, std::string_view text);
// Whether `text` is a complete valid value (e.g. "12.5"; not "12." and not "138").
bool accepts_complete(NumericGrammar grammar, std::string_view text);

// Kinds whose full-width forms are typed as ASCII: USCC, mobile, e-mail, money, integer, percent.
bool folds_full_width(FieldKind kind);

struct FieldRules {
    int max_chars = 0;  // code points; 0 = no limit
    NumericGrammar grammar = NumericGrammar::None;
    bool multiline = false;
    bool half_width = false;                     // full-width forms become ASCII before the other checks
    const FontCharacters* characters = nullptr;  // null: no check of what can be drawn
};

FieldRules field_rules_for(FieldKind kind, int max_chars, bool multiline);

// Appends `addition` to `text`. Errors (text unchanged): input.field.invalid_utf8, input.field.too_long
// (arguments: limit), input.field.line_break, input.field.not_allowed (grammar; argument: text),
// input.field.undrawable (argument code_point: "U+1F600").
Status append_to_field(std::string& text, std::string_view addition, const FieldRules& rules);

// Removes the last character (code point); false when the field was already empty.
bool backspace_field(std::string& text);

// Code points that may still be added (negative never; a large number when unlimited).
int remaining_characters(std::string_view text, const FieldRules& rules);

}  // namespace jiebang::input

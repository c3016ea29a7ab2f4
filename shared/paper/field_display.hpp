// shared/paper/field_display.hpp — a filed value as a person reads it on paper: option names instead of ids,
// money in 万元, declarations as the statement affirmed, a listing by its title, lists item by item.
// Used by the printout (platform/print) and by the next steps; any screen may use it too.
// Invariants:
//  1. Nothing the applicant entered is dropped or shortened: an id that names no option (an industry removed
//     from the profile, a listing no longer on the board) is shown as the id itself; money that does not
//     parse is shown as typed.
//  2. Words come from assets/strings (print.value.*); the code holds no Chinese.
//  3. A required declaration (or the consent) reads "confirmed" / "not confirmed"; an optional one, whose
//     label is the statement, reads "yes" / "no". `empty` is true for a declaration not affirmed.
#pragma once

#include <string>
#include <vector>

#include "shared/forms/form.hpp"
#include "shared/forms/validation.hpp"
#include "shared/text/strings.hpp"

namespace jiebang {

struct DisplayedValue {
    // One text for a single value (a paragraph may hold line breaks); one text per item for lists.
    std::vector<std::string> items;
    bool list = false;  // TextList / MultiChoice: `items` are the entries in order
    bool empty = true;  // nothing was entered (or a declaration was not affirmed)
};

DisplayedValue displayed_value(const ValidationContext& context, const FieldDefinition& field,
                               const FieldValues& values, const StringCatalog& strings,
                               Locale locale = Locale::Chinese);

// The same as one text: list items joined with the catalogue's separator; "" when empty.
std::string displayed_text(const ValidationContext& context, const FieldDefinition& field,
                           const FieldValues& values, const StringCatalog& strings,
                           Locale locale = Locale::Chinese);

// The field's label in the locale (Chinese when the English one is missing).
const std::string& field_label(const FieldDefinition& field, Locale locale);
const std::string& local_text(const LocalText& text, Locale locale);

}  // namespace jiebang

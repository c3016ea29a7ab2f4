// kiosk/widgets/field_widget.hpp — one form field drawn from its FieldDefinition (label, help, required mark,
// input by kind, live character counter, the field's errors in plain Chinese right under it).
// Widget ids: "field.<id>" (text box / declaration), "field.<id>.<option id>" (choices),
// "field.<id>.<n>" / "field.<id>.add" / "field.<id>.remove.<n>" (text lists), "field.<id>.change" (listing).
#pragma once

#include <string>
#include <vector>

#include "kiosk/app/form_session.hpp"
#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

// A value as the review page shows it (choice labels, yes/no, list items joined by newlines).
std::string display_value(const ScreenContext& context, const FieldDefinition& field);

void draw_field(const ScreenContext& context, const FieldDefinition& field, const std::vector<Error>& errors,
                bool show_errors);

}  // namespace jiebang::kiosk

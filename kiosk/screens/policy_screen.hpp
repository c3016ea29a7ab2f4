// kiosk/screens/policy_screen.hpp — the city's policy in plain language, generated from its profile: the
// explainer paragraphs, the mechanisms, a worked funding example from calculate_funding(), the calendar.
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_policy_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

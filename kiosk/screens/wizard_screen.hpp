// kiosk/screens/wizard_screen.hpp — one step of the demand or bid form: the step's question group with inline
// errors, a progress bar, and wizard.back / wizard.next (wizard.review once the review page was seen).
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_wizard_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

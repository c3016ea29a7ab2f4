// kiosk/screens/progress_screen.hpp — look up where a submission stands by its receipt number
// (progress.number, progress.lookup); the number is checked (format and check character) before the lookup.
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_progress_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

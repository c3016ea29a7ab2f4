// kiosk/screens/idle_overlay.hpp — the idle warning drawn over any screen: a countdown to the wipe and
// idle.continue to keep the session.
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_idle_overlay(const ScreenContext& context, int seconds_left);

}  // namespace jiebang::kiosk

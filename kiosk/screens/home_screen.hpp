// kiosk/screens/home_screen.hpp — the attract/home screen: which hall this is (city, county, hall name), the
// four journeys (ids home.demand, home.bid, home.progress, home.policy), and the admin corner (admin.corner,
// top-left, five taps within a few seconds).
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_home_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

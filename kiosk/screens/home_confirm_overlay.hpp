// kiosk/screens/home_confirm_overlay.hpp — the question 返回首页 asks on a half-filled form: throw the answers
// away (home_confirm.discard) or keep filling (home_confirm.keep). Drawn over the wizard or the review page
// while session.confirming_home is set; the idle warning still comes (and its wipe still wipes).
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_home_confirm_overlay(const ScreenContext& context);

}  // namespace jiebang::kiosk

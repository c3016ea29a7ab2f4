// kiosk/screens/clock_refused_screen.hpp — what the applicant sees when submit was refused because the
// terminal's clock cannot be trusted (kiosk/app/clock_trust.hpp): no receipt was issued, please ask the
// attendant; the answers are kept (clock_refused.back returns to the review page, where submit can be tried
// again once the clock is right). The admin page tells the attendant what is wrong (terminal time, county
// time, skew). Also the attendant overlay: 呼叫工作人员 raised, help is coming (attendant.continue keeps the
// call and closes the overlay; attendant.cancel clears the call).
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_clock_refused_screen(const ScreenContext& context);
void draw_attendant_overlay(const ScreenContext& context);

}  // namespace jiebang::kiosk

// kiosk/screens/screen_frame.hpp — the frame every screen but the attract screen shares: a top bar with the
// screen's title and a way home, a scrolling body, and a bottom bar for the main actions.
// Ids: "nav.home" (top-right, abandons the session after nothing more than one tap: the wipe is the point).
#pragma once

#include <string_view>

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

float top_bar_height();
float bottom_bar_height();

void draw_top_bar(const ScreenContext& context, std::string_view title, std::string_view subtitle,
                  bool show_home);
// Body between the bars; `with_bottom_bar` reserves the bottom bar. Always end_body().
void begin_body(const ScreenContext& context, bool with_bottom_bar);
void end_body();
void begin_bottom_bar(const ScreenContext& context);
void end_bottom_bar();

}  // namespace jiebang::kiosk

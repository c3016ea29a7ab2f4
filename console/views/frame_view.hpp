// console/views/frame_view.hpp — the frame around every view while signed in: the top bar (the views one may
// switch to for one's role, lock and sign out) and the status bar (who is signed in, with which role, at
// which aggregator, online or not, the last action's outcome).
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

float top_bar_height();
float status_bar_height();
void draw_top_bar(const ViewContext& context);
void draw_status_bar(const ViewContext& context);

}  // namespace jiebang::console

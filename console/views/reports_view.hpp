// console/views/reports_view.hpp — the counties' monthly reports as they arrived at the city (issue 10
// item 7, docs/protocol.md 20): every report kept, newest month first (a county's resend of a month is a row
// of its own, the newest one is what counts), and the chosen county's month as the county made it:
// submissions received, each review stage at the end of the month before and of this month, bids per listing.
// Reads ConsoleState::reports; pushes RefreshReports and OpenReport. Invariant: the report shown is the one
// whose county and month are selected (a late answer for another row is dropped by the application).
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_reports_view(const ViewContext& context);

}  // namespace jiebang::console

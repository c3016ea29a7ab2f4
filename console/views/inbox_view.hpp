// console/views/inbox_view.hpp — every submission of the aggregator's jurisdiction in one table: free-text
// search (titles, unit names, USCCs), filters (kind, county at the city, industry, terminal, date range,
// flags), counts per state that filter by a click, sortable columns, and rows drawn with ImGuiListClipper
// from pages the server cut (the view asks for the rows it shows; 100,000 rows cost what 40 do). New arrivals
// appear without a reload (the application polls) and are tinted until the person looks again.
// Keys: J/↓ and K/↑ move the selection, Enter opens it.
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_inbox_view(const ViewContext& context);

}  // namespace jiebang::console

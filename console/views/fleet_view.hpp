// console/views/fleet_view.hpp — the terminals (and, at the city, the counties) of this aggregator: online or
// not, last seen, software version, backlog, oldest pending item, quarantined items. An offline or stalled
// node is highlighted. Refreshed on opening, on the poll while shown, and by the refresh button.
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_fleet_view(const ViewContext& context);

}  // namespace jiebang::console

// console/views/board_view.hpp — the city's board: publish a new version from the accepted demands
// (publisher), with a confirmation; what the last publication made.
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_board_view(const ViewContext& context);

}  // namespace jiebang::console

// console/views/batches_view.hpp — forwarding batches (county): choose accepted demands, forward them to the
// city as one numbered batch after a confirmation that names how many and which number it will get, and
// follow the batches made: each batch's items with what the city has done with them (forwarded, accepted,
// returned, rejected, published). An auditor sees the same without the forward controls.
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_batches_view(const ViewContext& context);

}  // namespace jiebang::console

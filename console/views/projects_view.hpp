// console/views/projects_view.hpp — the project register (docs/lifecycle.md): every project the signed-in
// member may see (county staff: their county's), the year's count of approved projects against the profile's limit, and the
// chosen project's solvers, funding ledger (each tranche with its city and county cells) and timeline.
// Reads ConsoleState::projects; pushes RefreshProjects and OpenProject. Makes no transition: those are
// `jiebang project … --remote` (docs/protocol.md 17.20).
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_projects_view(const ViewContext& context);

}  // namespace jiebang::console

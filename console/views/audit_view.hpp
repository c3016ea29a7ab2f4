// console/views/audit_view.hpp — the audit trail (auditor and admin): whether the hash chain verifies (and
// the first bad entry when it does not), and the entries, newest first: who did what to which item, when,
// why, and the state before and after.
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_audit_view(const ViewContext& context);

}  // namespace jiebang::console

// console/views/detail_view.hpp — one submission as the reviewer reads it: every field under its step with
// the form's Chinese label (model/submission_reading), option names, money in wan yuan, local times, long
// texts wrapped in full; the receipt's content hash and signature checked on this machine; the whole history
// from the audit trail (who, when, what, why). The review actions the state machine allows for the signed-in
// role open a confirmation that names the item (and takes the reason the applicant will read, from templates
// or typed). Keys: J/K next/previous, A accept, R return, X reject, C recall, Esc back, Ctrl+Enter confirm.
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_detail_view(const ViewContext& context);
// The confirmation of a review action, drawn above every view while ConsoleState::dialog is open.
void draw_action_dialog(const ViewContext& context);

}  // namespace jiebang::console

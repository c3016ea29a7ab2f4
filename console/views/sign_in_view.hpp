// console/views/sign_in_view.hpp — sign-in and unlock: the staff key file and its passphrase. Shows why the
// console is locked (idle, or by the person) and why the last attempt failed (a wrong passphrase, a key the
// aggregator does not admit, an aggregator out of reach), in the catalogue's words.
#pragma once

#include "console/views/view_context.hpp"

namespace jiebang::console {

void draw_sign_in_view(const ViewContext& context);

}  // namespace jiebang::console

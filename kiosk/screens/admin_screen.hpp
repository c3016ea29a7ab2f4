// kiosk/screens/admin_screen.hpp — staff mode: the PIN pad (admin.pin.<digit>, admin.pin.clear, admin.pin.ok,
// admin.pin.cancel) and, once unlocked, the terminal's state (terminal id, county, sync state and the sync
// agent's last error in words with its code, outbox counts, board version, free disk, software version) with
// admin.test_print, admin.close and admin.quit.
// The PIN's digits are never drawn, only one dot per digit.
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_admin_pin_screen(const ScreenContext& context);
void draw_admin_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

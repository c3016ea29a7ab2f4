// kiosk/screens/admin_screen.hpp — staff mode: the PIN pad (admin.pin.<digit>, admin.pin.clear, admin.pin.ok,
// admin.pin.cancel) and, once unlocked, the terminal's state — first what needs the attendant (the last
// action's outcome, the printer's problems, the sync agent's last error in words with its code, the outbox),
// the last receipts with a reprint button each (admin.reprint.<n>), then terminal id, county, board version,
// free disk, software version — with admin.test_print, admin.close and admin.quit.
// The first-start screen (setup.pin.<digit>, setup.pin.clear, setup.pin.ok) where the technician sets the PIN
// (twice, 6-12 digits) before the terminal serves anyone. While a PIN is locked out after wrong attempts the pad
// is disabled and says for how long; a damaged PIN file keeps it disabled and says what to do.
// The PIN's digits are never drawn, only one dot per digit.
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_admin_pin_screen(const ScreenContext& context);
void draw_admin_screen(const ScreenContext& context);
void draw_setup_pin_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

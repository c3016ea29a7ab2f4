// kiosk/screens/receipt_screen.hpp — the proof: the receipt number in large type, its QR code (number,
// content hash, Ed25519 signature), receipt.print and receipt.done (which wipes the session).
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_receipt_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

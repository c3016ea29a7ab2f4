// kiosk/screens/listing_screen.hpp — one listing in full (problem, targets, bounty, deadline, mechanism) with
// listing.bid (start the bid form on it) and listing.back.
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_listing_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

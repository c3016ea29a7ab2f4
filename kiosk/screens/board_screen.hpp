// kiosk/screens/board_screen.hpp — the published board (the list of open demands) where a bid starts: filter by industry
// (board.filter.all, board.filter.<industry id>), search words (board.search), one card per listing
// (board.listing.<listing id>).
#pragma once

#include <string>
#include <vector>

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

// Listings matching the session's industry filter and search words (case-insensitive for Latin letters).
std::vector<const Listing*> filtered_listings(const Board& board, std::string_view industry_id,
                                              std::string_view search);
void draw_board_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk

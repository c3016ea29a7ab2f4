// kiosk/keyboard/font_characters.hpp — reads which characters the terminal's font files hold (their character
// maps, through stb_truetype from libimgui-dev), so the input can refuse a character no face can draw instead
// of letting it become '?' on the screen, the receipt, the board and the county's tables.
// Invariants: only the faces that show applicant text count (a face without asset text shows digits only);
// a character counts as drawable only when every such face has it; reading maps the files read-only and
// touches only their character-map pages; no ImGui context state is used.
#pragma once

#include <vector>

#include "kiosk/input/glyph_coverage.hpp"
#include "platform/fonts/font_set.hpp"
#include "shared/base/result.hpp"

namespace jiebang::kiosk {

// The code points up to U+FFFF that every text face holds. Errors: fonts.read (a file that cannot be mapped
// or is no font; field = the file).
Result<input::FontCharacters> read_font_characters(const std::vector<platform::FontFace>& faces);

}  // namespace jiebang::kiosk

// kiosk/widgets/panel_layout.hpp — the sizes of everything on a given panel. Service halls use 1080x1920
// portrait kiosks (立式一体机, the common case), 1920x1080 landscape panels and smaller 1366x768 and 1280x1024
// ones; a single 1920x1080 design scaled by min(w/1920, h/1080) made body text 18 px and buttons 47 px on a
// portrait panel. Here each orientation has its own design (fonts.json: pixel_size for landscape,
// portrait_pixel_size for portrait), spacing scales with the panel, and text and touch targets have floors.
// Invariants (tests/kiosk/test_layouts.cpp): (1) body and small text are never below 28 px, touch targets never
// below 64 px, on any panel; (2) portrait is laid out for its width (scale = width / 1080), not shrunk from the
// landscape design; (3) the elder-friendly mode multiplies text and targets by 1.5 (适老化: larger type and
// targets); (4) the keyboard's keys are at least 64 px high and its band takes no more than 55 % of the panel's
// height unless 64 px keys need more (1366x768: 56 %), so the field being edited keeps room above it.
#pragma once

#include <vector>

#include "platform/fonts/font_set.hpp"

namespace jiebang::kiosk {

constexpr float elder_scale = 1.5f;
constexpr float minimum_touch_pixels = 64.0f;

struct PanelLayout {
    int width = 1920;
    int height = 1080;
    bool portrait = false;
    bool elder = false;
    float scale = 1.0f;          // design pixels (1920x1080 landscape or 1080x1920 portrait) to panel pixels
    float touch_height = 84.0f;  // buttons, rows, keys
    float keyboard_key_height = 68.0f;
    float keyboard_gap = 8.0f;
};

PanelLayout panel_layout(int width, int height, bool elder);

// The configured faces at this panel's sizes (FontFace::pixel_size is the final size: build with scale 1).
std::vector<platform::FontFace> faces_for_panel(const std::vector<platform::FontFace>& faces,
                                                const PanelLayout& layout);

}  // namespace jiebang::kiosk

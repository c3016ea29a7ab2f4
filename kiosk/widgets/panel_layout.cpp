// kiosk/widgets/panel_layout.cpp — sizes per panel (see panel_layout.hpp).
#include "kiosk/widgets/panel_layout.hpp"

#include <algorithm>
#include <cmath>

namespace jiebang::kiosk {

PanelLayout panel_layout(int width, int height, bool elder) {
    PanelLayout layout;
    layout.width = std::max(width, 1);
    layout.height = std::max(height, 1);
    layout.portrait = height > width;
    layout.elder = elder;
    const float w = static_cast<float>(layout.width);
    const float h = static_cast<float>(layout.height);
    // [2] Portrait panels are designed at 1080 px wide; landscape at 1920x1080.
    layout.scale = layout.portrait ? std::min(w / 1080.0f, h / 1920.0f) : std::min(w / 1920.0f, h / 1080.0f);
    const float design_touch = layout.portrait ? 96.0f : 84.0f;
    const float factor = elder ? elder_scale : 1.0f;
    layout.touch_height = std::round(std::max(minimum_touch_pixels, design_touch * layout.scale) * factor);
    // [4] Keys: the touch height where the band fits in 55 % of the panel (candidate bar + five rows + gaps),
    // never below 64 px.
    layout.keyboard_gap = std::max(4.0f, std::round(8.0f * layout.scale));
    const float design_key = (layout.portrait ? 96.0f : 68.0f) * layout.scale * factor;
    const float fitting_key = (0.55f * h - 7.0f * layout.keyboard_gap) / 6.0f;
    layout.keyboard_key_height =
        std::max(minimum_touch_pixels,
                 std::min(std::round(std::max(design_key, minimum_touch_pixels)), std::floor(fitting_key)));
    return layout;
}

std::vector<platform::FontFace> faces_for_panel(const std::vector<platform::FontFace>& faces,
                                                const PanelLayout& layout) {
    std::vector<platform::FontFace> sized = faces;
    for (auto& face : sized) {
        const float design =
            layout.portrait && face.portrait_pixel_size > 0 ? face.portrait_pixel_size : face.pixel_size;
        // [1] The floor applies before the elder factor: elder text is 1.5x of what the panel shows anyway.
        const float size =
            std::max(face.minimum_pixel_size, design * layout.scale) * (layout.elder ? elder_scale : 1.0f);
        face.pixel_size = std::round(size);
    }
    return sized;
}

}  // namespace jiebang::kiosk

// kiosk/screens/idle_overlay.cpp — idle warning (see idle_overlay.hpp). Drawn last and on top, it blocks taps
// on the screen behind it (ImGui gives the topmost window the hover).
#include "kiosk/screens/idle_overlay.hpp"

#include <algorithm>
#include <string>

#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_idle_overlay(const ScreenContext& context, int seconds_left) {
    // One full-screen window (dimmed) holding the white box: a single focused window, so a press on its
    // button is never cleared by focusing a second overlay window.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ui::begin_overlay_panel("idle_overlay", ImVec2(0, 0), display, IM_COL32(20, 24, 32, 150));
    const ui::Theme& theme = ui::theme();
    const float padding = theme.px(32);
    const float box_width =
        std::min(std::max(theme.px(900), display.x * 0.5f), display.x - theme.margin() * 2);
    // Tall enough for the title, the countdown (wrapped at the box's width) and the button.
    const std::string countdown =
        context.format("kiosk.idle.countdown", {{"seconds", std::to_string(seconds_left)}});
    const float title_height =
        theme.fonts.title != nullptr ? theme.fonts.title->FontSize : ImGui::GetFontSize();
    const float text_height =
        ImGui::CalcTextSize(countdown.c_str(), nullptr, false, box_width - padding * 2).y;
    const ImVec2 box(box_width, padding * 2 + title_height + text_height + theme.px(40) +
                                    theme.touch_height() + ImGui::GetStyle().ItemSpacing.y * 3);
    const ImVec2 corner((display.x - box.x) / 2, (display.y - box.y) / 2);
    ImGui::GetWindowDrawList()->AddRectFilled(corner, ImVec2(corner.x + box.x, corner.y + box.y),
                                              IM_COL32(255, 255, 255, 255));
    ImGui::SetCursorScreenPos(ImVec2(corner.x + padding, corner.y + padding));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(corner.x + box.x - padding);
    ui::title(context.text("kiosk.idle.title"));
    ui::paragraph(countdown);
    ImGui::Dummy(ImVec2(0, ui::theme().px(20)));
    if (ui::button("idle.continue", context.text("kiosk.idle.continue"), ui::ButtonKind::Primary,
                   box.x - padding * 2)) {
        context.intents.push(IntentKind::ContinueSession);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ui::end_panel();
}

}  // namespace jiebang::kiosk

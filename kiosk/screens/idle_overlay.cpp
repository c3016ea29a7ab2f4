// kiosk/screens/idle_overlay.cpp — idle warning (see idle_overlay.hpp). Drawn last and on top, it blocks taps
// on the screen behind it (ImGui gives the topmost window the hover).
#include "kiosk/screens/idle_overlay.hpp"

#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_idle_overlay(const ScreenContext& context, int seconds_left) {
    // One full-screen window (dimmed) holding the white box: a single focused window, so a press on its
    // button is never cleared by focusing a second overlay window.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ui::begin_overlay_panel("idle_overlay", ImVec2(0, 0), display, IM_COL32(20, 24, 32, 150));
    const ImVec2 box(ui::theme().px(900), ui::theme().px(320));
    const ImVec2 corner((display.x - box.x) / 2, (display.y - box.y) / 2);
    ImGui::GetWindowDrawList()->AddRectFilled(corner, ImVec2(corner.x + box.x, corner.y + box.y),
                                              IM_COL32(255, 255, 255, 255));
    const float padding = ui::theme().px(32);
    ImGui::SetCursorScreenPos(ImVec2(corner.x + padding, corner.y + padding));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(corner.x + box.x - padding);
    ui::title(context.text("kiosk.idle.title"));
    ui::paragraph(context.format("kiosk.idle.countdown", {{"seconds", std::to_string(seconds_left)}}));
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

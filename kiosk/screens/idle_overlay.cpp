// kiosk/screens/idle_overlay.cpp — idle warning (see idle_overlay.hpp). Drawn last and on top, it blocks taps on
// the screen behind it (ImGui gives the topmost window the hover).
#include "kiosk/screens/idle_overlay.hpp"

#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_idle_overlay(const ScreenContext& context, int seconds_left) {
    ui::begin_overlay_panel("idle_dim", ImVec2(0, 0), ImGui::GetIO().DisplaySize, IM_COL32(20, 24, 32, 150));
    const ImVec2 box(ui::theme().px(900), ui::theme().px(420));
    ui::end_panel();
    ui::begin_overlay_panel("idle_box",
                    ImVec2((ImGui::GetIO().DisplaySize.x - box.x) / 2, (ImGui::GetIO().DisplaySize.y - box.y) / 2), box,
                    IM_COL32(255, 255, 255, 255));
    ui::title(context.text("kiosk.idle.title"));
    ui::paragraph(context.format("kiosk.idle.countdown", {{"seconds", std::to_string(seconds_left)}}));
    ImGui::Dummy(ImVec2(0, ui::theme().px(20)));
    if (ui::button("idle.continue", context.text("kiosk.idle.continue"), ui::ButtonKind::Primary, box.x - ui::theme().px(64))) {
        context.intents.push(IntentKind::ContinueSession);
    }
    ui::end_panel();
}

}  // namespace jiebang::kiosk

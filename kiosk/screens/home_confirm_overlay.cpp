// kiosk/screens/home_confirm_overlay.cpp — the confirmation before a half-filled form is thrown away (see
// home_confirm_overlay.hpp). One full-screen dimmed window holding a white box, like the idle warning, so it
// takes every tap while it is open. "Keep filling" is the primary (larger, first) choice: a mistaken tap on
// 返回首页 must not cost the applicant their answers.
#include "kiosk/screens/home_confirm_overlay.hpp"

#include <algorithm>
#include <string>

#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_home_confirm_overlay(const ScreenContext& context) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ui::begin_overlay_panel("home_confirm_overlay", ImVec2(0, 0), display, IM_COL32(20, 24, 32, 150));
    const ui::Theme& theme = ui::theme();
    const float padding = theme.px(32);
    const float box_width =
        std::min(std::max(theme.px(900), display.x * 0.5f), display.x - theme.margin() * 2);
    const std::string explanation = context.text("kiosk.home_confirm.text");
    const float title_height =
        theme.fonts.title != nullptr ? theme.fonts.title->FontSize : ImGui::GetFontSize();
    const float text_height =
        ImGui::CalcTextSize(explanation.c_str(), nullptr, false, box_width - padding * 2).y;
    const ImVec2 box(box_width, padding * 2 + title_height + text_height + theme.px(40) +
                                    theme.touch_height() * 2 + ImGui::GetStyle().ItemSpacing.y * 4);
    const ImVec2 corner((display.x - box.x) / 2, (display.y - box.y) / 2);
    ImGui::GetWindowDrawList()->AddRectFilled(corner, ImVec2(corner.x + box.x, corner.y + box.y),
                                              IM_COL32(255, 255, 255, 255));
    ImGui::SetCursorScreenPos(ImVec2(corner.x + padding, corner.y + padding));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(corner.x + box.x - padding);
    ui::title(context.text("kiosk.home_confirm.title"));
    ui::paragraph(explanation);
    ImGui::Dummy(ImVec2(0, theme.px(20)));
    if (ui::button("home_confirm.keep", context.text("kiosk.home_confirm.keep"), ui::ButtonKind::Primary,
                   box.x - padding * 2)) {
        context.intents.push(IntentKind::KeepFilling);
    }
    if (ui::button("home_confirm.discard", context.text("kiosk.home_confirm.discard"),
                   ui::ButtonKind::Secondary, box.x - padding * 2)) {
        context.intents.push(IntentKind::ConfirmGoHome);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ui::end_panel();
}

}  // namespace jiebang::kiosk

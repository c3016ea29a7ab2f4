// kiosk/screens/clock_refused_screen.cpp — the "ask the attendant" screen after a refused submit and the
// 呼叫工作人员 overlay (see clock_refused_screen.hpp). Invariants: (1) neither touches the store: the
// application raised or cleared the call and kept the draft; (2) the overlay, like the idle warning, is one
// full-screen dimmed window, so it takes every tap while it is open.
#include "kiosk/screens/clock_refused_screen.hpp"

#include <algorithm>
#include <string>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_clock_refused_screen(const ScreenContext& context) {
    draw_top_bar(context, context.text("kiosk.clock_refused.title"), context.form.title.chinese, true);
    begin_body(context, true);
    ui::error_text(context.text("kiosk.clock_refused.headline"));
    ui::paragraph(context.text("kiosk.clock_refused.text"));
    ui::paragraph(context.text("kiosk.clock_refused.kept"));
    end_body();
    draw_bottom_bar(context, {BarButton("clock_refused.back", context.text("kiosk.clock_refused.back"),
                                        IntentKind::OpenReview)
                                  .primary()
                                  .wide()
                                  .right()});
}

void draw_attendant_overlay(const ScreenContext& context) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ui::begin_overlay_panel("attendant_overlay", ImVec2(0, 0), display, IM_COL32(20, 24, 32, 150));
    const ui::Theme& theme = ui::theme();
    const float padding = theme.px(32);
    const float box_width =
        std::min(std::max(theme.px(900), display.x * 0.5f), display.x - theme.margin() * 2);
    const std::string explanation = context.text("kiosk.attendant.text");
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
    ui::title(context.text("kiosk.attendant.title"));
    ui::paragraph(explanation);
    ImGui::Dummy(ImVec2(0, theme.px(20)));
    if (ui::button("attendant.continue", context.text("kiosk.attendant.continue"), ui::ButtonKind::Primary,
                   box.x - padding * 2)) {
        context.intents.push(IntentKind::CloseAttendantOverlay);
    }
    if (ui::button("attendant.cancel", context.text("kiosk.attendant.cancel"), ui::ButtonKind::Secondary,
                   box.x - padding * 2)) {
        context.intents.push(IntentKind::CancelAttendantCall);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ui::end_panel();
}

}  // namespace jiebang::kiosk

// kiosk/screens/screen_frame.cpp — shared top bar / body / bottom bar (see screen_frame.hpp).
#include "kiosk/screens/screen_frame.hpp"

#include "kiosk/widgets/ui.hpp"

#include <string>

namespace jiebang::kiosk {

float top_bar_height() {
    return ui::theme().px(132);
}
float bottom_bar_height() {
    return ui::theme().px(128);
}

void draw_top_bar(const ScreenContext& context, std::string_view title, std::string_view subtitle,
                  bool show_home) {
    ui::begin_panel("top_bar", context.origin, ImVec2(context.size.x, top_bar_height()),
                    IM_COL32(255, 255, 255, 255));
    const float home_width = ui::theme().px(260);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(context.size.x - home_width - ui::theme().margin());
    ui::title(title);
    if (!subtitle.empty())
        ui::muted(subtitle);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (show_home) {
        ImGui::SetCursorPos(ImVec2(context.size.x - home_width - ui::theme().px(32),
                                   (top_bar_height() - ui::theme().touch_height()) / 2));
        if (ui::button("nav.home", context.text("kiosk.nav.home"), ui::ButtonKind::Secondary, home_width,
                       !context.state.session.submitting)) {
            context.intents.push(IntentKind::GoHome);
        }
    }
    ui::end_panel();
}

void begin_body(const ScreenContext& context, bool with_bottom_bar) {
    const float top = top_bar_height();
    const float bottom = with_bottom_bar ? bottom_bar_height() : 0.0f;
    ui::begin_panel("body", ImVec2(context.origin.x, context.origin.y + top),
                    ImVec2(context.size.x, context.size.y - top - bottom));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::theme().margin(), ui::theme().px(24)));
    // One scroll position per screen (and per wizard step) and per applicant: a new screen starts at the top,
    // going back to a step finds it where it was, the next applicant starts fresh.
    const ApplicantSession& session = context.state.session;
    const std::string scroll_id = "body." + std::string(screen_name(context.state.screen)) + "." +
                                  std::to_string(session.step_index) + "." +
                                  std::to_string(context.state.wipe_count);
    ui::begin_scroll_area(scroll_id.c_str(), 0);
    ImGui::PopStyleVar();
    ImGui::Indent(ui::theme().px(24));
    ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - ui::theme().px(24));
}

void end_body() {
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, ui::theme().px(32)));
    ImGui::Unindent(ui::theme().px(24));
    ui::end_scroll_area();
    ui::end_panel();
}

void begin_bottom_bar(const ScreenContext& context) {
    ui::begin_panel("bottom_bar",
                    ImVec2(context.origin.x, context.origin.y + context.size.y - bottom_bar_height()),
                    ImVec2(context.size.x, bottom_bar_height()), IM_COL32(255, 255, 255, 255));
    ImGui::SetCursorPosY((bottom_bar_height() - ui::theme().touch_height()) / 2);
}

void end_bottom_bar() {
    ui::end_panel();
}

}  // namespace jiebang::kiosk

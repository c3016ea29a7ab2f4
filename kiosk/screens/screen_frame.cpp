// kiosk/screens/screen_frame.cpp — shared top bar / body / bottom bar (see screen_frame.hpp).
#include "kiosk/screens/screen_frame.hpp"

#include <algorithm>
#include <string>

namespace jiebang::kiosk {

namespace {

float font_size(ImFont* font) {
    return font != nullptr ? font->FontSize : ImGui::GetFontSize();
}

float bar_padding() {
    return std::max(10.0f, ui::theme().px(20));
}

// A button's width from its share, never narrower than its label.
float label_width(const std::string& label) {
    return ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
}

}  // namespace

std::vector<UtilityButton> utility_buttons(const ScreenContext& context) {
    std::vector<UtilityButton> buttons;
    // 长辈版 / 标准版: one tap from every screen.
    buttons.push_back(
        {"mode.elder",
         context.strings.text(context.state.elder_mode ? "kiosk.mode.standard" : "kiosk.mode.elder"),
         IntentKind::ToggleElderMode, context.state.elder_mode});
    // Voice guidance (on with 长辈版): the speaker button, one tap from every screen.
    buttons.push_back(
        {"mode.voice",
         context.strings.text(context.state.voice_on ? "kiosk.voice.turn_off" : "kiosk.voice.turn_on"),
         IntentKind::ToggleVoice, context.state.voice_on});
    // 呼叫工作人员: raises a call the attendant sees on the admin page and at the county (drawn as active
    // while one is open; a second tap shows again that help is coming).
    const ScreenId screen = context.state.screen;
    if (screen == ScreenId::Admin || screen == ScreenId::AdminPin || screen == ScreenId::SetupPin)
        return buttons;  // the attendant is already there
    const bool called = context.state.status.attendant_call_raised_at.has_value();
    buttons.push_back({"nav.call_attendant",
                       context.strings.text(called ? "kiosk.attendant.called" : "kiosk.attendant.call"),
                       IntentKind::CallAttendant, called});
    return buttons;
}

namespace {

struct TopBarPlan {
    std::vector<UtilityButton> utilities;
    std::vector<float> utility_widths;
    float utilities_width = 0;
    float home_width = 0;
    bool two_rows = false;  // the utilities under the title (portrait panels)
    float row_height = 0;
    float height = 0;
};

TopBarPlan plan_top_bar(const ScreenContext& context, bool show_home) {
    const ui::Theme& theme = ui::theme();
    TopBarPlan plan;
    plan.utilities = utility_buttons(context);
    for (const auto& button : plan.utilities) {
        plan.utility_widths.push_back(std::max(theme.touch_height() * 1.6f, label_width(button.label)));
        plan.utilities_width += plan.utility_widths.back() + theme.gap();
    }
    plan.home_width =
        show_home ? std::max(theme.touch_height() * 2.2f, label_width(context.text("kiosk.nav.home"))) : 0.0f;
    const float text = font_size(theme.fonts.title) + font_size(theme.fonts.small) + theme.px(8);
    plan.row_height = std::max(theme.touch_height(), text) + bar_padding() * 2;
    const float title_room = context.size.x - theme.margin() * 2 - plan.home_width - plan.utilities_width;
    plan.two_rows = title_room < context.size.x * 0.4f;
    // Typing on a landscape panel (1366x768 in 长辈版): the keyboard takes half the height, and the field being
    // edited matters more than the whole title, so the utilities stay on the title's row (the title is elided)
    // as long as it keeps a fifth of the width.
    if (plan.two_rows && context.keyboard_open && context.size.x > context.size.y &&
        title_room >= context.size.x * 0.2f)
        plan.two_rows = false;
    plan.height = plan.two_rows ? plan.row_height + theme.touch_height() + bar_padding() : plan.row_height;
    return plan;
}

}  // namespace

float top_bar_height(const ScreenContext& context) {
    return plan_top_bar(context, true).height;
}

float bottom_bar_height() {
    return ui::theme().touch_height() + bar_padding() * 2;
}

bool bottom_bar_visible(const ScreenContext& context) {
    if (!context.keyboard_open)
        return true;
    // With the keyboard open the bar stays only if the body keeps room for a whole field above it: heading,
    // help, box, counter and an error line (about three and a half touch heights).
    const float body = context.size.y - top_bar_height(context) - bottom_bar_height();
    return body >= ui::theme().touch_height() * 3.5f;
}

void draw_utility_buttons(const ScreenContext& context, const std::vector<UtilityButton>& buttons,
                          ImVec2 position, const std::vector<float>& widths) {
    const ui::Theme& theme = ui::theme();
    float x = position.x;
    for (std::size_t index = 0; index < buttons.size(); ++index) {
        const UtilityButton& button = buttons[index];
        ImGui::SetCursorPos(ImVec2(x, position.y));
        const float width = index < widths.size()
                                ? widths[index]
                                : std::max(theme.touch_height() * 1.6f, label_width(button.label));
        if (ui::option_button(button.id, button.label, button.active, width))
            context.intents.push(button.intent);
        x += width + theme.gap();
    }
}

void draw_top_bar(const ScreenContext& context, std::string_view title, std::string_view subtitle,
                  bool show_home) {
    const ui::Theme& theme = ui::theme();
    const TopBarPlan plan = plan_top_bar(context, show_home);
    // The bar keeps the same height with or without the home button, so the body does not jump.
    const float height = top_bar_height(context);
    ui::begin_panel("top_bar", context.origin, ImVec2(context.size.x, height), IM_COL32(255, 255, 255, 255));
    const float right_width = plan.home_width + (plan.two_rows ? 0.0f : plan.utilities_width);
    const float text_width =
        context.size.x - theme.margin() * 2 - right_width - (right_width > 0 ? theme.gap() : 0);
    const float text_height =
        font_size(theme.fonts.title) + (subtitle.empty() ? 0 : font_size(theme.fonts.small));
    ImGui::SetCursorPos(ImVec2(theme.margin(), (plan.row_height - text_height) / 2));
    ImGui::BeginGroup();
    // One line each (ellipsis): a long form title must not push the bar's height.
    ui::single_line(title, text_width, ui::TextStyle::Title);
    if (!subtitle.empty())
        ui::single_line(subtitle, text_width, ui::TextStyle::Small);
    ImGui::EndGroup();
    const float button_y = (plan.row_height - theme.touch_height()) / 2;
    if (show_home) {
        ImGui::SetCursorPos(ImVec2(context.size.x - plan.home_width - theme.margin(), button_y));
        if (ui::button("nav.home", context.text("kiosk.nav.home"), ui::ButtonKind::Secondary, plan.home_width,
                       !context.state.session.submitting)) {
            context.intents.push(IntentKind::GoHome);
        }
    }
    if (plan.two_rows) {
        draw_utility_buttons(context, plan.utilities,
                             ImVec2(theme.margin(), plan.row_height - bar_padding() / 2),
                             plan.utility_widths);
    } else {
        const float start = context.size.x - theme.margin() - plan.home_width - plan.utilities_width;
        draw_utility_buttons(context, plan.utilities, ImVec2(start, button_y), plan.utility_widths);
    }
    ui::end_panel();
}

void begin_body(const ScreenContext& context, bool with_bottom_bar) {
    const float top = top_bar_height(context);
    const float bottom = with_bottom_bar && bottom_bar_visible(context) ? bottom_bar_height() : 0.0f;
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

void draw_bottom_bar(const ScreenContext& context, const std::vector<BarButton>& buttons) {
    if (!bottom_bar_visible(context) || buttons.empty())
        return;
    const ui::Theme& theme = ui::theme();
    const float height = bottom_bar_height();
    ui::begin_panel("bottom_bar", ImVec2(context.origin.x, context.origin.y + context.size.y - height),
                    ImVec2(context.size.x, height), IM_COL32(255, 255, 255, 255));
    // Each button gets its share of a unit up to the design's 300 px, at least its label; if the bar is too
    // narrow for the shares, they shrink together (labels still fit: they are short by design).
    const float available = context.size.x - theme.margin() * 2;
    float weights = 0;
    for (const auto& button : buttons)
        weights += button.weight;
    const float gaps = theme.gap() * static_cast<float>(buttons.size() - 1) + theme.gap() * 2;
    const float unit = std::min(theme.px(300) * (theme.elder() ? 1.2f : 1.0f), (available - gaps) / weights);
    std::vector<float> widths;
    for (const auto& button : buttons)
        widths.push_back(std::max(unit * button.weight, label_width(button.label)));
    float left = theme.margin();
    float right_total = 0;
    int right_count = 0;
    for (std::size_t index = 0; index < buttons.size(); ++index) {
        if (buttons[index].at_right) {
            right_total += widths[index];
            ++right_count;
        }
    }
    if (right_count > 1)
        right_total += theme.gap() * static_cast<float>(right_count - 1);
    const float right = context.size.x - theme.margin() - right_total;
    float right_cursor = right;
    const float y = (height - theme.touch_height()) / 2;
    for (std::size_t index = 0; index < buttons.size(); ++index) {
        const BarButton& button = buttons[index];
        float x = 0;
        if (button.at_right) {
            x = right_cursor;
            right_cursor += widths[index] + theme.gap();
        } else {
            x = left;
            left += widths[index] + theme.gap();
        }
        ImGui::SetCursorPos(ImVec2(x, y));
        if (ui::button(button.id, button.label, button.kind, widths[index], button.enabled))
            context.intents.push(button.intent, {}, button.number);
    }
    ui::end_panel();
}

}  // namespace jiebang::kiosk

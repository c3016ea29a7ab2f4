// console/widgets/console_ui.cpp — desktop widgets of the staff console (see console_ui.hpp).
//
// Index: [SECTION] theme  [SECTION] text  [SECTION] controls  [SECTION] keys
#include "console/widgets/console_ui.hpp"

#include <SDL_scancode.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "platform/script/frame_record.hpp"

namespace jiebang::console::ui {

namespace {

Theme current_theme;

ImVec4 vector_of(ImU32 colour) {
    return ImGui::ColorConvertU32ToFloat4(colour);
}

void push_id(std::string_view id) {
    ImGui::PushID(id.data(), id.data() + id.size());
}

}  // namespace

// [SECTION] theme

void set_theme(const Theme& theme) {
    current_theme = theme;
}

const Theme& theme() {
    return current_theme;
}

void apply_style(const Theme& theme) {
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(theme.px(12), theme.px(10));
    style.FramePadding = ImVec2(theme.px(8), theme.px(5));
    style.CellPadding = ImVec2(theme.px(6), theme.px(4));
    style.ItemSpacing = ImVec2(theme.px(8), theme.px(6));
    style.ItemInnerSpacing = ImVec2(theme.px(6), theme.px(4));
    style.ScrollbarSize = theme.px(14);
    style.GrabMinSize = theme.px(12);
    // Square corners: on SDL's software renderer a rectangle is one blit, a rounded one many triangles.
    style.FrameRounding = 0;
    style.WindowRounding = 0;
    style.ChildRounding = 0;
    style.PopupRounding = 0;
    style.ScrollbarRounding = 0;
    style.GrabRounding = 0;
    style.TabRounding = 0;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.PopupBorderSize = 1;
    style.FrameBorderSize = 1;
    style.Colors[ImGuiCol_Text] = vector_of(colour::text);
    style.Colors[ImGuiCol_TextDisabled] = vector_of(IM_COL32(150, 158, 170, 255));
    style.Colors[ImGuiCol_WindowBg] = vector_of(IM_COL32(245, 247, 250, 0));
    style.Colors[ImGuiCol_ChildBg] = vector_of(IM_COL32(0, 0, 0, 0));
    style.Colors[ImGuiCol_PopupBg] = vector_of(colour::panel);
    style.Colors[ImGuiCol_Border] = vector_of(IM_COL32(200, 207, 218, 255));
    style.Colors[ImGuiCol_FrameBg] = vector_of(colour::panel);
    style.Colors[ImGuiCol_FrameBgHovered] = vector_of(IM_COL32(240, 245, 252, 255));
    style.Colors[ImGuiCol_FrameBgActive] = vector_of(IM_COL32(232, 240, 252, 255));
    style.Colors[ImGuiCol_Button] = vector_of(IM_COL32(228, 233, 241, 255));
    style.Colors[ImGuiCol_ButtonHovered] = vector_of(IM_COL32(212, 222, 236, 255));
    style.Colors[ImGuiCol_ButtonActive] = vector_of(IM_COL32(190, 205, 226, 255));
    style.Colors[ImGuiCol_Header] = vector_of(IM_COL32(214, 228, 248, 255));
    style.Colors[ImGuiCol_HeaderHovered] = vector_of(IM_COL32(226, 236, 250, 255));
    style.Colors[ImGuiCol_HeaderActive] = vector_of(IM_COL32(200, 218, 244, 255));
    style.Colors[ImGuiCol_TableHeaderBg] = vector_of(IM_COL32(232, 237, 244, 255));
    style.Colors[ImGuiCol_TableRowBg] = vector_of(IM_COL32(255, 255, 255, 255));
    style.Colors[ImGuiCol_TableRowBgAlt] = vector_of(IM_COL32(247, 249, 252, 255));
    style.Colors[ImGuiCol_ScrollbarBg] = vector_of(IM_COL32(236, 239, 244, 255));
    style.Colors[ImGuiCol_ScrollbarGrab] = vector_of(IM_COL32(170, 180, 196, 255));
    style.Colors[ImGuiCol_CheckMark] = vector_of(colour::primary);
    style.Colors[ImGuiCol_ModalWindowDimBg] = vector_of(IM_COL32(20, 24, 32, 120));
    ImGui::GetStyle() = style;
}

// [SECTION] text

void text(std::string_view words, ImU32 colour) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(words.data(), words.data() + words.size());
    ImGui::PopStyleColor();
    platform::note_text(words);
}

void wrapped(std::string_view words, ImU32 colour) {
    // Wrap at the window's edge unless the caller set a narrower wrap position.
    const bool wrap_set = ImGui::GetCurrentWindowRead()->DC.TextWrapPos >= 0.0f;
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    if (!wrap_set)
        ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(words.data(), words.data() + words.size());
    if (!wrap_set)
        ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    platform::note_text(words);
}

void muted(std::string_view words) {
    ImGui::PushFont(current_theme.fonts.small);
    wrapped(words, colour::muted);
    ImGui::PopFont();
}

void heading(std::string_view words) {
    ImGui::PushFont(current_theme.fonts.title);
    wrapped(words, colour::text);
    ImGui::PopFont();
}

void title(std::string_view words) {
    ImGui::PushFont(current_theme.fonts.huge);
    wrapped(words, colour::text);
    ImGui::PopFont();
}

void error_text(std::string_view words) {
    wrapped(words, colour::danger);
}

void label_value(std::string_view label, std::string_view value, ImU32 value_colour) {
    muted(label);
    wrapped(value.empty() ? std::string_view("—") : value, value_colour);
}

void tag(std::string_view words, ImU32 colour) {
    const std::string label(words);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const float padding = current_theme.px(4);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRect(origin, ImVec2(origin.x + size.x + padding * 2, origin.y + size.y), colour);
    draw->AddText(ImVec2(origin.x + padding, origin.y), colour, label.c_str());
    ImGui::Dummy(ImVec2(size.x + padding * 2, size.y));
    platform::note_text(words);
}

void fitted_text(std::string_view words, ImU32 colour) {
    const float available = ImGui::GetContentRegionAvail().x;
    const char* begin = words.data();
    const char* end = words.data() + words.size();
    platform::note_text(words);
    if (ImGui::CalcTextSize(begin, end).x <= available) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::TextUnformatted(begin, end);
        ImGui::PopStyleColor();
        return;
    }
    // The longest prefix of whole characters that fits with the ellipsis.
    const char* ellipsis = "\xe2\x80\xa6";
    const float ellipsis_width = ImGui::CalcTextSize(ellipsis).x;
    const char* cut = begin;
    const char* cursor = begin;
    while (cursor < end) {
        unsigned int code_point = 0;
        const int length = ImTextCharFromUtf8(&code_point, cursor, end);
        const char* next = cursor + (length > 0 ? length : 1);
        if (ImGui::CalcTextSize(begin, next).x + ellipsis_width > available)
            break;
        cut = next;
        cursor = next;
    }
    std::string shown(begin, cut);
    shown += ellipsis;
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(begin, end);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void divider() {
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float top = std::floor(start.y);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(std::floor(start.x), top),
                                              ImVec2(std::floor(start.x + width), top + 1.0f),
                                              IM_COL32(200, 207, 218, 255));
    ImGui::Dummy(ImVec2(width, 1.0f));
}

// [SECTION] controls

void remember(std::string_view id, bool enabled) {
    platform::note_widget(id, enabled);
    if (platform::FrameRecord::current().take_scroll_request(id))
        ImGui::SetScrollHereY(0.5f);
}

bool button(std::string_view id, std::string_view label, ButtonKind kind, bool enabled, float width) {
    int colours = 0;
    if (kind == ButtonKind::Primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, colour::primary);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(30, 104, 196, 255));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(12, 64, 136, 255));
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
        colours = 4;
    } else if (kind == ButtonKind::Danger) {
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(252, 230, 230, 255));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(248, 214, 214, 255));
        ImGui::PushStyleColor(ImGuiCol_Text, colour::danger);
        colours = 3;
    } else if (kind == ButtonKind::Quiet) {
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_Text, colour::primary);
        colours = 3;
    }
    if (!enabled)
        ImGui::BeginDisabled();
    push_id(id);
    const std::string text_label(label);
    const bool pressed = ImGui::Button(text_label.c_str(), ImVec2(width, 0));
    ImGui::PopID();
    if (!enabled)
        ImGui::EndDisabled();
    ImGui::PopStyleColor(colours);
    remember(id, enabled);
    platform::note_text(label);
    return pressed && enabled;
}

bool toggle(std::string_view id, std::string_view label, bool selected) {
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(214, 228, 248, 255));
        ImGui::PushStyleColor(ImGuiCol_Border, colour::primary);
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(12, 64, 136, 255));
    }
    const bool pressed = button(id, label, ButtonKind::Normal);
    if (selected)
        ImGui::PopStyleColor(3);
    return pressed;
}

bool checkbox(std::string_view id, std::string_view label, bool checked) {
    push_id(id);
    bool value = checked;
    const std::string text_label(label);
    const bool pressed = ImGui::Checkbox(text_label.c_str(), &value);
    ImGui::PopID();
    remember(id);
    platform::note_text(label);
    return pressed;
}

bool input_text(std::string_view id, std::string_view hint, std::string& value, float width) {
    push_id(id);
    ImGui::SetNextItemWidth(width);
    const std::string hint_text(hint);
    const bool entered =
        ImGui::InputTextWithHint("##text", hint_text.c_str(), &value, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopID();
    remember(id);
    platform::note_text(value.empty() ? hint : std::string_view(value));
    return entered;
}

bool input_multiline(std::string_view id, std::string& value, ImVec2 size) {
    push_id(id);
    const bool changed = ImGui::InputTextMultiline("##text", &value, size);
    ImGui::PopID();
    remember(id);
    platform::note_text(value);
    return changed;
}

bool input_password(std::string_view id, std::string_view hint, char* buffer, std::size_t size, float width) {
    push_id(id);
    ImGui::SetNextItemWidth(width);
    const std::string hint_text(hint);
    const bool entered =
        ImGui::InputTextWithHint("##secret", hint_text.c_str(), buffer, size,
                                 ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopID();
    remember(id);
    platform::note_text(hint);  // the hint only: what is typed is never recorded
    return entered;
}

bool combo(std::string_view id, std::string_view label,
           const std::vector<std::pair<std::string, std::string>>& options, const std::string& current,
           std::string& chosen, float width) {
    std::string preview;
    for (const auto& [value, name] : options) {
        if (value == current)
            preview = name;
    }
    push_id(id);
    ImGui::SetNextItemWidth(width);
    const std::string combo_label = std::string(label);
    bool picked = false;
    const bool open = ImGui::BeginCombo("##combo", preview.c_str(), ImGuiComboFlags_HeightLarge);
    remember(id);
    platform::note_text(preview);
    if (open) {
        for (const auto& [value, name] : options) {
            const bool selected = value == current;
            if (ImGui::Selectable(name.c_str(), selected)) {
                chosen = value;
                picked = true;
            }
            remember(std::string(id) + "." + (value.empty() ? std::string("any") : value));
            platform::note_text(name);
        }
        ImGui::EndCombo();
    }
    ImGui::PopID();
    (void)combo_label;
    return picked;
}

// [SECTION] keys

bool shortcut(Key key) {
    const ImGuiIO& io = ImGui::GetIO();
    const bool typing = io.WantTextInput;
    const auto pressed = [](int scancode) { return ImGui::IsKeyPressed(scancode, false); };
    switch (key) {
        case Key::None:
            return false;
        case Key::Next:
            return !typing && !io.KeyCtrl && (pressed(SDL_SCANCODE_J) || pressed(SDL_SCANCODE_DOWN));
        case Key::Previous:
            return !typing && !io.KeyCtrl && (pressed(SDL_SCANCODE_K) || pressed(SDL_SCANCODE_UP));
        case Key::Open:
            return !typing && !io.KeyCtrl && (pressed(SDL_SCANCODE_RETURN) || pressed(SDL_SCANCODE_KP_ENTER));
        case Key::Back:
            return !typing && pressed(SDL_SCANCODE_ESCAPE);
        case Key::Accept:
            return !typing && !io.KeyCtrl && pressed(SDL_SCANCODE_A);
        case Key::Return:
            return !typing && !io.KeyCtrl && pressed(SDL_SCANCODE_R);
        case Key::Reject:
            return !typing && !io.KeyCtrl && pressed(SDL_SCANCODE_X);
        case Key::Recall:
            return !typing && !io.KeyCtrl && pressed(SDL_SCANCODE_C);
        case Key::Confirm:
            return io.KeyCtrl && (pressed(SDL_SCANCODE_RETURN) || pressed(SDL_SCANCODE_KP_ENTER));
        case Key::Lock:
            return io.KeyCtrl && pressed(SDL_SCANCODE_L);
    }
    return false;
}

}  // namespace jiebang::console::ui

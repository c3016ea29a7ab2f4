// kiosk/widgets/ui.cpp — touch widgets (see ui.hpp). Colours and sizes are tuned for a 1920x1080
// portrait-less hall display seen from 50-70 cm; everything scales with Theme::scale.
//
// Index: [SECTION] theme  [SECTION] layout  [SECTION] text  [SECTION] controls
#include "kiosk/widgets/ui.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "platform/script/frame_record.hpp"

namespace jiebang::kiosk::ui {

namespace {

Theme current_theme;

constexpr ImU32 colour_text = IM_COL32(28, 34, 46, 255);
constexpr ImU32 colour_muted = IM_COL32(92, 102, 120, 255);
constexpr ImU32 colour_primary = IM_COL32(18, 88, 178, 255);
constexpr ImU32 colour_primary_active = IM_COL32(12, 64, 136, 255);
constexpr ImU32 colour_error = IM_COL32(190, 30, 30, 255);
constexpr ImU32 colour_box = IM_COL32(255, 255, 255, 255);
constexpr ImU32 colour_border = IM_COL32(150, 160, 176, 255);
constexpr ImU32 colour_selected = IM_COL32(220, 234, 252, 255);

ImVec4 to_vector(ImU32 colour) {
    return ImGui::ColorConvertU32ToFloat4(colour);
}

void remember(std::string_view id, bool enabled = true) {
    platform::note_widget(id, enabled);
    honour_scroll_request(id);
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
    style.WindowPadding = ImVec2(theme.px(32), theme.px(24));
    style.FramePadding = ImVec2(theme.px(24), theme.px(16));
    style.ItemSpacing = ImVec2(theme.px(20), theme.px(16));
    style.ItemInnerSpacing = ImVec2(theme.px(12), theme.px(8));
    style.ScrollbarSize = theme.px(28);
    style.GrabMinSize = theme.px(48);
    // Square corners throughout: on SDL's software renderer an axis-aligned rectangle is one blit, a rounded
    // one is rasterised triangle by triangle (the review page's frame went from 9.0 to 5.5 ms of CPU).
    style.FrameRounding = 0;
    style.WindowRounding = 0;
    style.ChildRounding = 0;
    style.ScrollbarRounding = 0;
    style.GrabRounding = 0;
    style.PopupRounding = 0;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.TouchExtraPadding = ImVec2(theme.px(4), theme.px(4));
    style.Colors[ImGuiCol_Text] = to_vector(colour_text);
    // Panels without a colour of their own draw no background: the renderer's clear colour is the same, and
    // on the software renderer a full-screen fill costs milliseconds a frame.
    style.Colors[ImGuiCol_WindowBg] = to_vector(IM_COL32(245, 247, 250, 0));
    style.Colors[ImGuiCol_ChildBg] = to_vector(IM_COL32(0, 0, 0, 0));
    style.Colors[ImGuiCol_Button] = to_vector(IM_COL32(228, 233, 241, 255));
    style.Colors[ImGuiCol_ButtonHovered] = to_vector(IM_COL32(214, 222, 234, 255));
    style.Colors[ImGuiCol_ButtonActive] = to_vector(IM_COL32(190, 204, 224, 255));
    style.Colors[ImGuiCol_ScrollbarBg] = to_vector(IM_COL32(232, 236, 242, 255));
    style.Colors[ImGuiCol_ScrollbarGrab] = to_vector(IM_COL32(160, 172, 190, 255));
    style.Colors[ImGuiCol_ModalWindowDimBg] = to_vector(IM_COL32(20, 24, 32, 140));
    ImGui::GetStyle() = style;
}

// [SECTION] layout

void begin_panel(const char* window_name, ImVec2 position, ImVec2 size, ImU32 background) {
    ImGui::SetNextWindowPos(position);
    ImGui::SetNextWindowSize(size);
    if (background != 0)
        ImGui::PushStyleColor(ImGuiCol_WindowBg, background);
    ImGui::Begin(window_name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
    if (background != 0)
        ImGui::PopStyleColor();
}

void end_panel() {
    ImGui::End();
}

void begin_overlay_panel(const char* window_name, ImVec2 position, ImVec2 size, ImU32 background) {
    ImGui::SetNextWindowPos(position);
    ImGui::SetNextWindowSize(size);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, background);
    ImGui::Begin(window_name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoNav);
    ImGui::PopStyleColor();
}

void begin_scroll_area(const char* id, float height) {
    ImGui::BeginChild(id, ImVec2(0, height), false, ImGuiWindowFlags_NoNav);
    // Touch: dragging anywhere in the area scrolls it (and cancels the press on the item under the finger).
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                               ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        ImGui::IsMouseDragging(ImGuiMouseButton_Left, current_theme.px(14))) {
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
        ImGui::ClearActiveID();
    }
}

void end_scroll_area() {
    ImGui::EndChild();
}

// [SECTION] text

namespace {

void wrapped(std::string_view text, ImFont* font, ImU32 colour) {
    if (font != nullptr)
        ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    platform::note_text(text);  // while the font is pushed: the record keeps the smallest size drawn
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (font != nullptr)
        ImGui::PopFont();
}

}  // namespace

void title(std::string_view text) {
    wrapped(text, current_theme.fonts.title, colour_text);
}
void heading(std::string_view text) {
    wrapped(text, current_theme.fonts.title, colour_primary_active);
}
void paragraph(std::string_view text) {
    wrapped(text, nullptr, colour_text);
}
void divider() {
    // A whole-pixel filled rectangle: ImGui's Separator is a line at a half-pixel position, which the software
    // renderer splits across two rows in two halves.
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float thickness = std::max(1.0f, std::floor(current_theme.px(2)));
    const float top = std::floor(start.y);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(std::floor(start.x), top),
                                              ImVec2(std::floor(start.x + width), top + thickness),
                                              colour_border);
    ImGui::Dummy(ImVec2(width, thickness));
}
void muted(std::string_view text) {
    wrapped(text, current_theme.fonts.small, colour_muted);
}
void error_text(std::string_view text) {
    wrapped(text, nullptr, colour_error);
}
void huge_text(std::string_view text) {
    wrapped(text, current_theme.fonts.huge, colour_text);
}

void label_value(std::string_view label, std::string_view value) {
    wrapped(label, current_theme.fonts.small, colour_muted);
    wrapped(value, nullptr, colour_text);
}

void single_line(std::string_view text, float width, TextStyle style) {
    const bool small = style == TextStyle::Small;
    ImFont* font = ImGui::GetFont();
    if (small && current_theme.fonts.small != nullptr)
        font = current_theme.fonts.small;
    if (style == TextStyle::Title && current_theme.fonts.title != nullptr)
        font = current_theme.fonts.title;
    ImGui::PushFont(font);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float height = ImGui::GetTextLineHeight();
    const std::string owned(text);
    ImGui::PushStyleColor(ImGuiCol_Text, small ? colour_muted : colour_text);
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), origin, ImVec2(origin.x + width, origin.y + height),
                              origin.x + width, origin.x + width, owned.c_str(), owned.c_str() + owned.size(),
                              nullptr);
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(width, height));
    platform::note_text(text);
    ImGui::PopFont();
}

// [SECTION] controls

bool button(std::string_view id, std::string_view label, ButtonKind kind, float width, bool enabled) {
    ImGui::PushID(id.data(), id.data() + id.size());
    int colours = 0;
    if (kind == ButtonKind::Primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, colour_primary);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colour_primary);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, colour_primary_active);
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
        colours = 4;
    } else if (kind == ButtonKind::Danger) {
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(252, 228, 228, 255));
        ImGui::PushStyleColor(ImGuiCol_Text, colour_error);
        colours = 2;
    } else if (kind == ButtonKind::Quiet) {
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_Text, colour_primary);
        colours = 2;
    }
    if (!enabled)
        ImGui::BeginDisabled();
    const std::string text(label);
    const float minimum_width = current_theme.touch_height() * 1.5f;
    const float natural_width = ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    const float chosen_width = width > 0 ? width : std::max(minimum_width, natural_width);
    const bool pressed = ImGui::Button(text.c_str(), ImVec2(chosen_width, current_theme.touch_height()));
    if (!enabled)
        ImGui::EndDisabled();
    ImGui::PopStyleColor(colours);
    ImGui::PopID();
    remember(id, enabled);
    platform::note_text(label);
    return pressed && enabled;
}

bool option_button(std::string_view id, std::string_view label, bool selected, float width) {
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, colour_selected);
        ImGui::PushStyleColor(ImGuiCol_Border, colour_primary);
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, current_theme.px(3));
    }
    const bool pressed = button(id, label, ButtonKind::Secondary, width);
    if (selected) {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(2);
    }
    return pressed;
}

bool check_row(std::string_view id, std::string_view label, bool checked) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float box = current_theme.px(48);
    const float padding = current_theme.px(18);
    const std::string text(label);
    const float text_width = width - box - padding * 3;
    const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, text_width);
    const float height = std::max(current_theme.touch_height(), text_size.y + padding * 2);
    ImGui::PushID(id.data(), id.data() + id.size());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("row", ImVec2(width, height));
    ImGui::PopID();
    remember(id);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height),
                        checked ? colour_selected : colour_box);
    draw->AddRect(origin, ImVec2(origin.x + width, origin.y + height),
                  checked ? colour_primary : colour_border, 0.0f, 0, current_theme.px(2));
    const ImVec2 box_min(origin.x + padding, origin.y + (height - box) / 2);
    const ImVec2 box_max(box_min.x + box, box_min.y + box);
    draw->AddRectFilled(box_min, box_max, checked ? colour_primary : colour_box);
    draw->AddRect(box_min, box_max, colour_primary, 0.0f, 0, current_theme.px(3));
    if (checked) {
        const float unit = box / 10.0f;
        const ImVec2 points[3] = {ImVec2(box_min.x + 2 * unit, box_min.y + 5 * unit),
                                  ImVec2(box_min.x + 4.2f * unit, box_min.y + 7.5f * unit),
                                  ImVec2(box_min.x + 8 * unit, box_min.y + 2.5f * unit)};
        draw->AddPolyline(points, 3, IM_COL32(255, 255, 255, 255), 0, current_theme.px(5));
    }
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                  ImVec2(box_max.x + padding, origin.y + (height - text_size.y) / 2), colour_text,
                  text.c_str(), nullptr, text_width);
    platform::note_text(label);
    return pressed;
}

bool text_box(std::string_view id, std::string_view value, std::string_view placeholder, bool focused,
              bool multiline, bool has_error, float requested_width, int lines) {
    const float width = requested_width > 0 ? requested_width : ImGui::GetContentRegionAvail().x;
    const float padding = current_theme.px(16);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float height = multiline ? std::max(current_theme.touch_height(),
                                              line * static_cast<float>(std::max(1, lines)) + padding * 2)
                                   : current_theme.touch_height();
    ImGui::PushID(id.data(), id.data() + id.size());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("box", ImVec2(width, height));
    ImGui::PopID();
    remember(id);
    const ImVec2 corner(origin.x + width, origin.y + height);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, corner, colour_box);
    const ImU32 border = has_error ? colour_error : focused ? colour_primary : colour_border;
    draw->AddRect(origin, corner, border, 0.0f, 0, current_theme.px(focused ? 4 : 2));
    const std::string shown(value.empty() ? placeholder : value);
    const float wrap_width = multiline ? width - padding * 2 : 0.0f;
    ImVec2 text_size = ImGui::CalcTextSize(shown.c_str(), nullptr, false, multiline ? wrap_width : -1.0f);
    ImGui::PushClipRect(ImVec2(origin.x + padding / 2, origin.y + 2),
                        ImVec2(corner.x - padding / 2, corner.y - 2), true);
    ImVec2 text_position(origin.x + padding, multiline ? origin.y + padding : origin.y + (height - line) / 2);
    // Long values keep their end (where the caret is) in view; nothing is cut from the value itself.
    if (multiline && text_size.y > height - padding * 2)
        text_position.y -= text_size.y - (height - padding * 2);
    if (!multiline && text_size.x > width - padding * 2)
        text_position.x -= text_size.x - (width - padding * 3);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), text_position,
                  value.empty() ? colour_muted : colour_text, shown.c_str(), nullptr, wrap_width);
    if (focused) {
        // Caret after the last character (editing happens at the end, like the on-screen keyboard does).
        ImVec2 caret = text_position;
        if (!value.empty()) {
            if (multiline) {
                const ImVec2 all = ImGui::CalcTextSize(shown.c_str(), nullptr, false, wrap_width);
                const char* last_line = shown.c_str();
                // Width of the last wrapped line: measure from the start of the final line.
                const char* cursor = shown.c_str();
                const char* end = shown.c_str() + shown.size();
                while (cursor < end) {
                    const char* next = ImGui::GetFont()->CalcWordWrapPositionA(1.0f, cursor, end, wrap_width);
                    if (next == cursor)
                        next = cursor + 1;
                    if (next >= end) {
                        last_line = cursor;
                        break;
                    }
                    cursor = next;
                    while (cursor < end && (*cursor == ' ' || *cursor == '\n'))
                        ++cursor;
                    last_line = cursor;
                }
                caret.x += ImGui::CalcTextSize(last_line, end).x;
                caret.y += all.y - line;
            } else {
                caret.x += text_size.x;
            }
        }
        draw->AddRectFilled(ImVec2(caret.x + 2, caret.y),
                            ImVec2(caret.x + current_theme.px(4), caret.y + line), colour_primary);
    }
    ImGui::PopClipRect();
    if (!value.empty())
        platform::note_text(value);
    return pressed;
}

void progress_bar(float fraction, std::string_view caption) {
    const std::string text(caption);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, colour_primary);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(220, 226, 236, 255));
    ImGui::ProgressBar(std::clamp(fraction, 0.0f, 1.0f), ImVec2(-1, current_theme.px(14)), "");
    ImGui::PopStyleColor(2);
    if (!text.empty())
        muted(text);
}

bool invisible_area(std::string_view id, ImVec2 size) {
    ImGui::PushID(id.data(), id.data() + id.size());
    const bool pressed = ImGui::InvisibleButton("area", size);
    ImGui::PopID();
    remember(id);
    return pressed;
}

void honour_scroll_request(std::string_view id) {
    if (platform::FrameRecord::current().take_scroll_request(id))
        ImGui::SetScrollHereY(0.45f);
}

}  // namespace jiebang::kiosk::ui

namespace jiebang::kiosk::ui {

bool tile(std::string_view id, std::string_view title_text, std::string_view description, ImVec2 size) {
    ImGui::PushID(id.data(), id.data() + id.size());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("tile", size);
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    remember(id);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 corner(origin.x + size.x, origin.y + size.y);
    // Outlined card with an accent bar rather than a filled one: on the software renderer every filled pixel
    // costs, and four filled tiles tripled the home screen's frame time.
    if (held)
        draw->AddRectFilled(origin, corner, colour_selected);
    draw->AddRect(origin, corner, colour_primary, 0.0f, 0, current_theme.px(3));
    draw->AddRectFilled(ImVec2(origin.x + current_theme.px(3), origin.y + current_theme.px(24)),
                        ImVec2(origin.x + current_theme.px(15), corner.y - current_theme.px(24)),
                        colour_primary);
    const Theme& theme = current_theme;
    const std::string heading_text(title_text);
    const std::string description_text(description);
    ImFont* title_font = theme.fonts.title != nullptr ? theme.fonts.title : ImGui::GetFont();
    const float padding = theme.px(40);
    const ImVec2 title_size =
        title_font->CalcTextSizeA(title_font->FontSize, FLT_MAX, 0, heading_text.c_str());
    const float wrap = size.x - padding * 2;
    const ImVec2 description_size =
        ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, wrap, description_text.c_str());
    const float block = title_size.y + theme.px(16) + description_size.y;
    const float top = origin.y + (size.y - block) / 2;
    draw->AddText(title_font, title_font->FontSize, ImVec2(origin.x + padding, top), colour_primary_active,
                  heading_text.c_str());
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                  ImVec2(origin.x + padding, top + title_size.y + theme.px(16)), colour_text,
                  description_text.c_str(), nullptr, wrap);
    platform::note_text(title_text);
    platform::note_text(description);
    return pressed;
}

void qr_code(int modules_per_side, const std::vector<bool>& modules, float side) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(side, side));
    if (modules_per_side <= 0)
        return;
    const int total = modules_per_side + 8;
    // Whole pixels per module keep the code sharp for cameras and for zbar on screenshots.
    const float module =
        std::max(1.0f, static_cast<float>(static_cast<int>(side / static_cast<float>(total))));
    const float drawn = module * static_cast<float>(total);
    const ImVec2 start(static_cast<float>(static_cast<int>(origin.x + (side - drawn) / 2)),
                       static_cast<float>(static_cast<int>(origin.y + (side - drawn) / 2)));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(start, ImVec2(start.x + drawn, start.y + drawn), IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < modules_per_side; ++y) {
        for (int x = 0; x < modules_per_side; ++x) {
            if (!modules[static_cast<std::size_t>(y * modules_per_side + x)])
                continue;
            const ImVec2 minimum(start.x + (x + 4) * module, start.y + (y + 4) * module);
            draw->AddRectFilled(minimum, ImVec2(minimum.x + module, minimum.y + module),
                                IM_COL32(0, 0, 0, 255));
        }
    }
}

int choice_dialog(const char* window_name, const std::string& title_text, const std::string& text,
                  std::string_view first_id, std::string_view first_label, std::string_view second_id,
                  std::string_view second_label) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    begin_overlay_panel(window_name, ImVec2(0, 0), display, IM_COL32(20, 24, 32, 150));
    const Theme& theme = current_theme;
    const float padding = theme.px(32);
    const float box_width =
        std::min(std::max(theme.px(900), display.x * 0.5f), display.x - theme.margin() * 2);
    const float title_height =
        theme.fonts.title != nullptr ? theme.fonts.title->FontSize : ImGui::GetFontSize();
    const float text_height = ImGui::CalcTextSize(text.c_str(), nullptr, false, box_width - padding * 2).y;
    const ImVec2 box(box_width, padding * 2 + title_height + text_height + theme.px(40) +
                                    theme.touch_height() * 2 + ImGui::GetStyle().ItemSpacing.y * 4);
    const ImVec2 corner((display.x - box.x) / 2, (display.y - box.y) / 2);
    ImGui::GetWindowDrawList()->AddRectFilled(corner, ImVec2(corner.x + box.x, corner.y + box.y),
                                              IM_COL32(255, 255, 255, 255));
    ImGui::SetCursorScreenPos(ImVec2(corner.x + padding, corner.y + padding));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(corner.x + box.x - padding);
    title(title_text);
    paragraph(text);
    ImGui::Dummy(ImVec2(0, theme.px(20)));
    int pressed = 0;
    if (button(first_id, first_label, ButtonKind::Primary, box.x - padding * 2))
        pressed = 1;
    if (button(second_id, second_label, ButtonKind::Secondary, box.x - padding * 2))
        pressed = 2;
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    end_panel();
    return pressed;
}

}  // namespace jiebang::kiosk::ui

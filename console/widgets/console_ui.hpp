// console/widgets/console_ui.hpp — the staff console's desktop widgets on top of Dear ImGui: mouse and
// keyboard, compact, scaled by the monitor's DPI (Theme::scale). Like the terminal's widgets (kiosk/widgets),
// every interactive widget notes a stable id ("inbox.row.3", "detail.accept", "filter.stage.received") and its
// rectangle in platform::FrameRecord, and every widget notes the words it draws, so scripted runs can click by
// id and expect text. Invariant: widgets never change application state; they return what the person did.
// Index: [SECTION] theme  [SECTION] text  [SECTION] controls  [SECTION] keys
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "platform/fonts/font_set.hpp"

namespace jiebang::console::ui {

// [SECTION] theme

struct Theme {
    float scale = 1.0f;
    platform::FontSet fonts;
    float px(float design_pixels) const { return design_pixels * scale; }
};

void apply_style(const Theme& theme);
const Theme& theme();
void set_theme(const Theme& theme);

namespace colour {
inline constexpr ImU32 text = IM_COL32(28, 34, 46, 255);
inline constexpr ImU32 muted = IM_COL32(96, 106, 122, 255);
inline constexpr ImU32 primary = IM_COL32(18, 88, 178, 255);
inline constexpr ImU32 danger = IM_COL32(186, 32, 32, 255);
inline constexpr ImU32 warning = IM_COL32(168, 98, 0, 255);
inline constexpr ImU32 good = IM_COL32(22, 122, 60, 255);
inline constexpr ImU32 bar = IM_COL32(232, 237, 244, 255);
inline constexpr ImU32 panel = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 highlight = IM_COL32(255, 244, 214, 255);
}  // namespace colour

// [SECTION] text
void text(std::string_view words, ImU32 colour = colour::text);
void wrapped(std::string_view words, ImU32 colour = colour::text);
void muted(std::string_view words);
void heading(std::string_view words);
void title(std::string_view words);
void error_text(std::string_view words);
// A label in muted small type over its value (wrapped to the column).
void label_value(std::string_view label, std::string_view value, ImU32 value_colour = colour::text);
// A small coloured tag (a state, a flag).
void tag(std::string_view words, ImU32 colour);
// One line cut to the width left (ending in "…", the whole text in a tooltip on hover): table cells.
void fitted_text(std::string_view words, ImU32 colour = colour::text);
// A horizontal rule of whole pixels (ImGui's Separator sits on a half pixel, which the software renderer
// draws as two half-rows).
void divider();

// [SECTION] controls
enum class ButtonKind { Normal, Primary, Danger, Quiet };
bool button(std::string_view id, std::string_view label, ButtonKind kind = ButtonKind::Normal,
            bool enabled = true, float width = 0);
// A tab-like toggle (view switcher, state counts).
bool toggle(std::string_view id, std::string_view label, bool selected);
bool checkbox(std::string_view id, std::string_view label, bool checked);
// One-line text field editing `value` in place; returns true when Enter was pressed in it.
bool input_text(std::string_view id, std::string_view hint, std::string& value, float width);
bool input_multiline(std::string_view id, std::string& value, ImVec2 size);
// A password field over a fixed buffer; returns true when Enter was pressed in it. The text is never noted.
bool input_password(std::string_view id, std::string_view hint, char* buffer, std::size_t size, float width);
// A combo box of (value, label) pairs; the option widgets are noted as "<id>.<value>" ("<id>.any" for "").
// Returns true and sets `chosen` when an option was picked.
bool combo(std::string_view id, std::string_view label,
           const std::vector<std::pair<std::string, std::string>>& options, const std::string& current,
           std::string& chosen, float width);

// Notes the last ImGui item under `id` (and honours a scripted scroll request for it).
void remember(std::string_view id, bool enabled = true);

// [SECTION] keys
// Shortcuts work only while no text field has the keyboard.
enum class Key { None, Next, Previous, Open, Back, Accept, Return, Reject, Recall, Confirm, Lock };
bool shortcut(Key key);

}  // namespace jiebang::console::ui

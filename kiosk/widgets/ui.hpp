// kiosk/widgets/ui.hpp — the terminal's touch widgets on top of Dear ImGui.
// Every interactive widget has a stable id (e.g. "home.demand", "field.project_name", "wizard.next") that it
// notes in platform::FrameRecord together with its rectangle, and every widget notes the words it draws, so
// scripted runs can tap by id and assert on the text on screen. Touch targets are at least 64 px high on
// every panel (Theme::touch_height(), from kiosk/widgets/panel_layout.hpp).
// Invariants: widgets never change application state; they return what the applicant did this frame.
// Index: [SECTION] windows and layout  [SECTION] text  [SECTION] controls
#pragma once

#include <imgui.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/widgets/panel_layout.hpp"
#include "platform/fonts/font_set.hpp"

namespace jiebang::kiosk::ui {

struct Theme {
    PanelLayout
        layout;  // the panel's orientation, spacing scale, touch height (kiosk/widgets/panel_layout.hpp)
    platform::FontSet fonts;

    float px(float design_pixels) const { return design_pixels * layout.scale; }
    float touch_height() const { return layout.touch_height; }
    float margin() const { return std::max(20.0f, px(48)); }
    float gap() const { return std::max(12.0f, px(20)); }
    bool portrait() const { return layout.portrait; }
    bool elder() const { return layout.elder; }
};

void apply_style(const Theme& theme);
const Theme& theme();
void set_theme(const Theme& theme);

enum class ButtonKind { Primary, Secondary, Quiet, Danger };

// [SECTION] windows and layout
void begin_panel(const char* window_name, ImVec2 position, ImVec2 size, ImU32 background = 0);
void end_panel();
// A panel drawn above every other window (idle warning): focused and brought to front each frame.
void begin_overlay_panel(const char* window_name, ImVec2 position, ImVec2 size, ImU32 background);
// A vertically scrolling area of `height` (touch drag scrolls it); always call end_scroll_area().
void begin_scroll_area(const char* id, float height);
void end_scroll_area();

// [SECTION] text
void title(std::string_view text);
void heading(std::string_view text);
void paragraph(std::string_view text);
void divider();  // a horizontal rule across the content width
void muted(std::string_view text);
void error_text(std::string_view text);
void huge_text(std::string_view text);
void label_value(std::string_view label, std::string_view value);
enum class TextStyle { Body, Small, Title };
// One line of `width` pixels: text that does not fit ends in "…" (bars and list rows that keep one height).
void single_line(std::string_view text, float width, TextStyle style = TextStyle::Body);

// [SECTION] controls
bool button(std::string_view id, std::string_view label, ButtonKind kind = ButtonKind::Secondary,
            float width = 0, bool enabled = true);
// A centred white box over the dimmed screen (an overlay panel): a title, a wrapped explanation and two buttons
// the box's width, the first primary. Returns 1 or 2 for the button pressed this frame, 0 otherwise.
int choice_dialog(const char* window_name, const std::string& title, const std::string& text,
                  std::string_view first_id, std::string_view first_label, std::string_view second_id,
                  std::string_view second_label);
bool option_button(std::string_view id, std::string_view label, bool selected, float width = 0);
bool check_row(std::string_view id, std::string_view label, bool checked);
// A tappable box showing `value` (or the greyed placeholder); draws a caret when focused. A multiline box is
// `lines` lines high (fewer while the keyboard takes the lower part of the screen).
bool text_box(std::string_view id, std::string_view value, std::string_view placeholder, bool focused,
              bool multiline, bool has_error, float width = 0, int lines = 5);
void progress_bar(float fraction, std::string_view caption);
// An invisible touch area (admin corner).
bool invisible_area(std::string_view id, ImVec2 size);

// Scroll the widget with this id into view if a scroll was requested for it (call right after the widget).
void honour_scroll_request(std::string_view id);

}  // namespace jiebang::kiosk::ui

namespace jiebang::kiosk::ui {

// A large home-screen tile: title over a one-line description.
bool tile(std::string_view id, std::string_view title_text, std::string_view description, ImVec2 size);
// The receipt's QR code drawn as dark squares with a 4-module quiet zone, `side` pixels wide.
void qr_code(int modules_per_side, const std::vector<bool>& modules, float side);

}  // namespace jiebang::kiosk::ui

// kiosk/screens/screen_frame.hpp — the frame every screen but the attract screen shares: a top bar with the
// screen's title and the buttons every screen offers (home, and those the application adds), a scrolling body,
// and a bottom bar for the main actions. Sizes come from the panel's layout (kiosk/widgets/panel_layout.hpp):
// bar heights follow the fonts and the touch height; buttons share the bar's width and never shrink below their
// label. While the on-screen keyboard is open on a short panel there is no bottom bar: its room goes to the
// body, so the field being edited, its counter and its error stay visible above the keyboard.
// Ids: "nav.home" (top-right, abandons the session after nothing more than one tap: the wipe is the point),
// "mode.elder" (长辈版) and "mode.voice" (voice guidance, the speaker button).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/screens/screen_context.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

// The buttons every screen offers beside "home" (长辈版; read aloud and call staff where enabled), also drawn
// on the attract screen. `active`: drawn as selected (the mode is on).
struct UtilityButton {
    std::string id;
    std::string label;
    IntentKind intent = IntentKind::Activity;
    bool active = false;
};
std::vector<UtilityButton> utility_buttons(const ScreenContext& context);
// From `position` (window coordinates) left to right; `widths` as planned (empty: each from its label).
void draw_utility_buttons(const ScreenContext& context, const std::vector<UtilityButton>& buttons,
                          ImVec2 position, const std::vector<float>& widths = {});

float top_bar_height(const ScreenContext& context);
float bottom_bar_height();
// False while the keyboard is open on a panel too short for a field and the bar above it (1366x768).
bool bottom_bar_visible(const ScreenContext& context);

void draw_top_bar(const ScreenContext& context, std::string_view title, std::string_view subtitle,
                  bool show_home);
// Body between the bars; `with_bottom_bar` reserves the bottom bar (not while the keyboard is open). Always
// end_body().
void begin_body(const ScreenContext& context, bool with_bottom_bar);
void end_body();

// One action of a bottom bar: BarButton("wizard.next", label, IntentKind::NextStep).primary().wide().right().
// `weight`: its share of the width (the main action is wider); `at_right`: aligned to the right edge (the
// forward action), the others from the left.
struct BarButton {
    BarButton(std::string button_id, std::string button_label, IntentKind button_intent)
        : id(std::move(button_id)), label(std::move(button_label)), intent(button_intent) {}
    BarButton& primary() {
        kind = ui::ButtonKind::Primary;
        return *this;
    }
    BarButton& danger() {
        kind = ui::ButtonKind::Danger;
        return *this;
    }
    BarButton& wide(float share = 1.3f) {
        weight = share;
        return *this;
    }
    BarButton& right() {
        at_right = true;
        return *this;
    }
    BarButton& enable(bool on) {
        enabled = on;
        return *this;
    }
    BarButton& with_number(int value) {
        number = value;
        return *this;
    }

    std::string id;
    std::string label;
    IntentKind intent;
    ui::ButtonKind kind = ui::ButtonKind::Secondary;
    float weight = 1.0f;
    bool at_right = false;
    bool enabled = true;
    int number = 0;
};
// The bottom bar with these buttons (nothing while the keyboard is open).
void draw_bottom_bar(const ScreenContext& context, const std::vector<BarButton>& buttons);

}  // namespace jiebang::kiosk

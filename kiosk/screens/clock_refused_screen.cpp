// kiosk/screens/clock_refused_screen.cpp — the "ask the attendant" screen after a refused submit and the
// 呼叫工作人员 overlay (see clock_refused_screen.hpp). Invariants: (1) neither touches the store: the
// application raised or cleared the call and kept the draft; (2) the overlay, like the idle warning, is one
// full-screen dimmed window, so it takes every tap while it is open.
#include "kiosk/screens/clock_refused_screen.hpp"

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
    const int pressed = ui::choice_dialog("attendant_overlay", context.text("kiosk.attendant.title"),
                                          context.text("kiosk.attendant.text"), "attendant.continue",
                                          context.text("kiosk.attendant.continue"), "attendant.cancel",
                                          context.text("kiosk.attendant.cancel"));
    if (pressed == 1)
        context.intents.push(IntentKind::CloseAttendantOverlay);
    if (pressed == 2)
        context.intents.push(IntentKind::CancelAttendantCall);
}

}  // namespace jiebang::kiosk

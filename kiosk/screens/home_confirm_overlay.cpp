// kiosk/screens/home_confirm_overlay.cpp — the confirmation before a half-filled form is thrown away (see
// home_confirm_overlay.hpp). One full-screen dimmed window holding a white box, like the idle warning, so it
// takes every tap while it is open. "Keep filling" is the primary (larger, first) choice: a mistaken tap on
// 返回首页 must not cost the applicant their answers.
#include "kiosk/screens/home_confirm_overlay.hpp"

#include <string>

#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_home_confirm_overlay(const ScreenContext& context) {
    const int pressed = ui::choice_dialog("home_confirm_overlay", context.text("kiosk.home_confirm.title"),
                                          context.text("kiosk.home_confirm.text"), "home_confirm.keep",
                                          context.text("kiosk.home_confirm.keep"), "home_confirm.discard",
                                          context.text("kiosk.home_confirm.discard"));
    if (pressed == 1)
        context.intents.push(IntentKind::KeepFilling);
    if (pressed == 2)
        context.intents.push(IntentKind::ConfirmGoHome);
}

}  // namespace jiebang::kiosk

// kiosk/screens/progress_screen.cpp — progress lookup (see progress_screen.hpp).
#include "kiosk/screens/progress_screen.hpp"

#include <algorithm>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_progress_screen(const ScreenContext& context) {
    const ApplicantSession& session = context.state.session;
    draw_top_bar(context, context.text("kiosk.progress.title"), context.text("kiosk.progress.subtitle"),
                 true);
    begin_body(context, false);
    ui::heading(context.text("kiosk.progress.number_label"));
    ui::muted(context.text("kiosk.progress.number_help"));
    if (ui::text_box("progress.number", session.progress_number,
                     context.text("kiosk.progress.number_placeholder"), session.focused == "progress.number",
                     false, !session.progress_message.empty())) {
        context.intents.push(IntentKind::Focus, "progress.number");
    }
    if (ui::button("progress.lookup", context.text("kiosk.progress.lookup"), ui::ButtonKind::Primary,
                   std::max(ui::theme().px(300), ui::theme().touch_height() * 3.0f),
                   !session.looking_up_progress)) {
        context.intents.push(IntentKind::LookupProgress);
    }
    ImGui::Dummy(ImVec2(0, ui::theme().px(16)));
    if (session.looking_up_progress)
        ui::muted(context.text("kiosk.progress.looking_up"));
    if (!session.progress_message.empty())
        ui::error_text(session.progress_message);
    if (session.progress_result) {
        const store::ProgressRecord& record = *session.progress_result;
        ui::label_value(context.text("kiosk.progress.receipt"), record.receipt_number);
        ui::label_value(context.text("kiosk.progress.item"), record.title);
        ui::heading(context.text("kiosk.progress.state." + std::string(progress_state_code(record.state))));
        ui::paragraph(
            context.text("kiosk.progress.explain." + std::string(progress_state_code(record.state))));
        if (!record.reason.empty())
            ui::label_value(context.text("kiosk.progress.reason"), record.reason);
    } else if (session.progress_looked_up && session.progress_message.empty() &&
               !session.looking_up_progress) {
        ui::error_text(context.text("kiosk.progress.not_found"));
    }
    end_body();
}

}  // namespace jiebang::kiosk

// kiosk/screens/progress_screen.cpp — progress lookup (see progress_screen.hpp).
#include "kiosk/screens/progress_screen.hpp"

#include <algorithm>
#include <ctime>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

namespace {

// "2026-11-19 14:05" in the hall's time zone; "" for 0 (never known).
std::string local_time_text(std::int64_t unix_seconds) {
    if (unix_seconds <= 0)
        return {};
    const auto seconds = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

// 修改并重新提交: the button, then the access code the receipt shows (docs/protocol.md 18.3).
void draw_correction(const ScreenContext& context) {
    const ApplicantSession& session = context.state.session;
    ImGui::Dummy(ImVec2(0, ui::theme().px(12)));
    if (!session.correction_code_open) {
        if (ui::button("progress.correct", context.text("kiosk.progress.correct"), ui::ButtonKind::Primary,
                       std::max(ui::theme().px(360), ui::theme().touch_height() * 3.5f))) {
            context.intents.push(IntentKind::OpenCorrection);
        }
        return;
    }
    ui::heading(context.text("kiosk.correction.code_label"));
    ui::muted(context.text("kiosk.correction.code_help"));
    if (ui::text_box("progress.code", session.correction_code,
                     context.text("kiosk.correction.code_placeholder"), session.focused == "progress.code",
                     false, !session.correction_message.empty())) {
        context.intents.push(IntentKind::Focus, "progress.code");
    }
    if (ui::button("progress.code_submit", context.text("kiosk.correction.open"), ui::ButtonKind::Primary,
                   std::max(ui::theme().px(360), ui::theme().touch_height() * 3.5f),
                   !session.fetching_correction)) {
        context.intents.push(IntentKind::SubmitCorrectionCode);
    }
    if (session.fetching_correction)
        ui::muted(context.text("kiosk.correction.fetching"));
    if (!session.correction_message.empty())
        ui::error_text(session.correction_message);
}

}  // namespace

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
    const CountyProgress& county = session.progress_county;
    if (county.other_county && session.progress_looked_up && !session.looking_up_progress) {
        // Issued in another county: it is never here (docs/protocol.md 18.2); say where to ask.
        ui::paragraph(context.format("kiosk.progress.other_county", {{"code", county.other_county_code}}));
    }
    if (session.progress_result) {
        const store::ProgressRecord& record = *session.progress_result;
        ui::label_value(context.text("kiosk.progress.receipt"), record.receipt_number);
        if (!record.title.empty())
            ui::label_value(context.text("kiosk.progress.item"), record.title);
        if (county.revision > 1) {
            ui::label_value(context.text("kiosk.progress.revision"),
                            context.format("kiosk.progress.revision_value",
                                           {{"revision", std::to_string(county.revision)}}));
        }
        ui::heading(context.text("kiosk.progress.state." + std::string(progress_state_code(record.state))));
        ui::paragraph(
            context.text("kiosk.progress.explain." + std::string(progress_state_code(record.state))));
        if (!record.reason.empty())
            ui::label_value(context.text("kiosk.progress.reason"), record.reason);
        if (county.project_found) {
            // After the board: the project this receipt belongs to, as the city's bureau recorded it.
            if (!county.project_number.empty())
                ui::label_value(context.text("kiosk.progress.project_number"), county.project_number);
            const bool bid_ended = county.project_state == "eliminated" ||
                                   county.project_state == "forfeited" ||
                                   county.project_state == "not_selected";
            const std::string stage_key =
                (bid_ended ? "lifecycle.bid_state." : "lifecycle.state.") + county.project_state;
            ui::label_value(context.text("kiosk.progress.project_stage"),
                            context.format("kiosk.progress.project_stage_value",
                                           {{"stage", context.text(stage_key)},
                                            {"when", local_time_text(county.project_updated_at)}}));
        }
        if (!county.unreachable_code.empty()) {
            ui::error_text(context.format(
                "kiosk.progress.offline",
                {{"when", local_time_text(record.updated_at > 0 ? record.updated_at : record.created_at)}}));
        }
        if (!county.latest_receipt.empty()) {
            ui::paragraph(context.format("kiosk.progress.corrected_as", {{"number", county.latest_receipt}}));
        } else if (record.state == ProgressState::ReturnedForCorrection && county.answered) {
            draw_correction(context);
        }
    } else if (session.progress_looked_up && session.progress_message.empty() &&
               !session.looking_up_progress && !county.other_county) {
        ui::error_text(context.text(county.unreachable_code.empty() ? "kiosk.progress.not_found"
                                                                    : "kiosk.progress.not_found_offline"));
    }
    end_body();
}

}  // namespace jiebang::kiosk

// kiosk/screens/admin_screen.cpp — PIN pad and staff status page (see admin_screen.hpp).
#include "kiosk/screens/admin_screen.hpp"

#include <algorithm>
#include <ctime>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

namespace {

std::string megabytes(std::uint64_t bytes) {
    return std::to_string(bytes / (1024 * 1024));
}

// The sync agent's last error as the technician reads it: the catalogue's message for the code, then the code
// in brackets. The status carries the code only, not the error's arguments, so a message whose template needs
// arguments ({field}, {node} ...) cannot be filled in here: then the code alone, as before.
std::string sync_error_line(const ScreenContext& context, const std::string& code) {
    const std::string bracketed = "[" + code + "]";
    const std::string key = "error." + code;
    if (!context.strings.has(key))
        return bracketed;
    const std::string& message = context.text(key);
    if (message.find('{') != std::string::npos)
        return bracketed;
    return message + "  " + bracketed;
}

}  // namespace

namespace {

// Dots for the digits typed so far (never the digits) and a 3x4 keypad; ids "<prefix>.<digit>",
// "<prefix>.clear", "<prefix>.ok".
void draw_pin_pad(const ScreenContext& context, const std::string& prefix, bool enabled) {
    const AppState& state = context.state;
    std::string dots;
    for (std::size_t index = 0; index < state.pin_entry.size(); ++index)
        dots += "* ";
    ui::huge_text(dots.empty() ? std::string(" ") : dots);
    const float key = std::max(ui::theme().touch_height() * 1.6f, ui::theme().px(150));
    // The pad in the middle of the body, where a finger expects it on a tall or a wide panel.
    const float pad_width = key * 3 + ImGui::GetStyle().ItemSpacing.x * 2;
    const float indent = std::max(0.0f, (ImGui::GetContentRegionAvail().x - pad_width) / 2);
    const char* rows[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"clear", "0", "ok"}};
    for (const auto& row : rows) {
        for (int column = 0; column < 3; ++column) {
            const std::string name = row[column];
            if (column > 0) {
                ImGui::SameLine();
            } else {
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
            }
            if (name == "clear") {
                if (ui::button(prefix + ".clear", context.text("kiosk.admin.pin_clear"),
                               ui::ButtonKind::Secondary, key, enabled)) {
                    context.intents.push(IntentKind::PinClear);
                }
            } else if (name == "ok") {
                if (ui::button(prefix + ".ok", context.text("kiosk.admin.pin_ok"), ui::ButtonKind::Primary,
                               key, enabled)) {
                    context.intents.push(IntentKind::PinSubmit);
                }
            } else if (ui::button(prefix + "." + name, name, ui::ButtonKind::Secondary, key, enabled)) {
                context.intents.push(IntentKind::PinDigit, name);
            }
        }
    }
}

// The printer line of the admin page: where it is, and what it last said (problems in red).
void draw_printer_state(const ScreenContext& context, const PrinterState& printer) {
    if (printer.kind == PrinterKind::None) {
        ui::label_value(context.text("kiosk.admin.printer"), context.text("kiosk.admin.no_printer"));
        return;
    }
    const std::string where = printer.kind == PrinterKind::File
                                  ? context.format("kiosk.admin.printer_file", {{"file", printer.target}})
                                  : printer.target;
    ui::label_value(context.text("kiosk.admin.printer"), where);
    if (printer.kind == PrinterKind::File)
        return;
    if (!printer.checked) {
        ui::muted(context.text("kiosk.printer.state.checking"));
        return;
    }
    if (!printer.error_code.empty()) {
        ui::error_text(context.text("kiosk.printer.state.unreachable") + "  [" + printer.error_code + "]");
        return;
    }
    if (!printer.answered) {
        ui::error_text(context.text("kiosk.printer.state.no_answer"));
        return;
    }
    if (printer.problems.empty()) {
        ui::paragraph(context.text("kiosk.printer.state.ready"));
        return;
    }
    for (const auto& code : printer.problems) {
        const std::string key = "kiosk.printer.state." + code.substr(code.find('.') + 1);
        ui::error_text(context.strings.has(key) ? context.text(key) : code);
    }
}

// The hall's A4 printer (CUPS): the last job's outcome; a receipt whose papers did not print is named, so the
// attendant reprints them (admin.reprint_paper.<n>).
void draw_paper_printer_state(const ScreenContext& context, const PaperPrinterState& paper) {
    ui::label_value(context.text("kiosk.admin.paper_printer"),
                    paper.queue.empty() ? context.text("kiosk.admin.no_printer") : paper.queue);
    if (paper.queue.empty())
        return;
    if (!paper.error_code.empty()) {
        ui::error_text(context.format("kiosk.admin.paper_state.failed",
                                      {{"number", paper.failed_receipt}, {"reason", paper.reason}}));
    } else if (paper.checked) {
        ui::muted(context.text("kiosk.admin.paper_state.ready"));
    } else {
        ui::muted(context.text("kiosk.admin.paper_state.unchecked"));
    }
}

// The last receipts this terminal issued, each with a reprint button (admin.reprint.<n>, newest first).
void draw_recent_receipts(const ScreenContext& context) {
    const auto& receipts = context.state.recent_receipts;
    ui::divider();
    ui::heading(context.text("kiosk.admin.recent_receipts"));
    if (receipts.empty()) {
        ui::muted(context.text("kiosk.admin.no_receipts"));
        return;
    }
    for (std::size_t index = 0; index < receipts.size(); ++index) {
        const store::ReceiptSummary& receipt = receipts[index];
        if (ui::button("admin.reprint." + std::to_string(index), context.text("kiosk.admin.reprint"),
                       ui::ButtonKind::Secondary)) {
            context.intents.push(IntentKind::ReprintReceipt, receipt.submission_id);
        }
        ImGui::SameLine();
        if (!context.state.status.paper_printer.queue.empty() &&
            ui::button("admin.reprint_paper." + std::to_string(index),
                       context.text("kiosk.admin.reprint_paper"), ui::ButtonKind::Secondary)) {
            context.intents.push(IntentKind::ReprintPaper, receipt.submission_id);
        }
        ImGui::SameLine();
        ImGui::BeginGroup();
        ui::paragraph(receipt.receipt_number);
        ui::paragraph(receipt.title);  // applicant text: only the body face has every character they may type
        ImGui::EndGroup();
    }
}

// Unix seconds as the hall reads them (local time, to the second).
std::string local_time_text(std::int64_t unix_seconds) {
    const auto seconds = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
}

// The open 呼叫工作人员 call first (with admin.clear_call), then the clock: the terminal's time, the county's
// time as last learned, the skew and whether receipts are refused (kiosk/app/clock_trust.hpp).
void draw_attendant_and_clock(const ScreenContext& context, const TerminalStatus& status) {
    if (status.attendant_call_raised_at) {
        ui::error_text(context.format("kiosk.admin.call_open",
                                      {{"since", local_time_text(*status.attendant_call_raised_at)}}));
        if (ui::button("admin.clear_call", context.text("kiosk.admin.clear_call"), ui::ButtonKind::Primary)) {
            context.intents.push(IntentKind::ClearAttendantCall);
        }
    }
    const std::string verdict = status.clock_verdict_key.empty() ? std::string("kiosk.clock.verdict.unknown")
                                                                 : status.clock_verdict_key;
    if (status.clock_refuses_receipts)
        ui::error_text(context.text(verdict));
    else
        ui::label_value(context.text("kiosk.admin.clock"), context.text(verdict));
    ui::label_value(context.text("kiosk.admin.terminal_time"), local_time_text(status.terminal_time));
    if (status.clock_skew_known) {
        ui::label_value(context.text("kiosk.admin.county_time"),
                        local_time_text(status.terminal_time + status.clock_skew_seconds));
        ui::label_value(context.text("kiosk.admin.clock_skew"),
                        context.format("kiosk.admin.clock_skew_value",
                                       {{"seconds", std::to_string(status.clock_skew_seconds)},
                                        {"learned", local_time_text(status.clock_learned_at)}}));
    } else {
        ui::label_value(context.text("kiosk.admin.county_time"),
                        context.text("kiosk.admin.county_time_unknown"));
    }
}

}  // namespace

void draw_admin_pin_screen(const ScreenContext& context) {
    const AppState& state = context.state;
    draw_top_bar(context, context.text("kiosk.admin.pin_title"), context.text("kiosk.admin.pin_subtitle"),
                 false);
    begin_body(context, false);
    const bool locked = state.pin_locked_seconds > 0;
    if (state.pin_unreadable) {
        ui::error_text(context.text("kiosk.admin.pin_unreadable"));
    } else if (locked) {
        ui::error_text(context.format("kiosk.admin.pin_locked",
                                      {{"seconds", std::to_string(state.pin_locked_seconds)}}));
    } else if (state.pin_checking) {
        ui::muted(context.text("kiosk.admin.pin_checking"));
    } else if (state.pin_rejected) {
        ui::error_text(context.text("kiosk.admin.pin_wrong"));
    }
    draw_pin_pad(context, "admin.pin", !locked && !state.pin_checking && !state.pin_unreadable);
    ImGui::Dummy(ImVec2(0, ui::theme().px(16)));
    if (ui::button("admin.pin.cancel", context.text("kiosk.admin.cancel"), ui::ButtonKind::Quiet)) {
        context.intents.push(IntentKind::CloseAdmin);
    }
    end_body();
}

void draw_setup_pin_screen(const ScreenContext& context) {
    const AppState& state = context.state;
    draw_top_bar(context, context.text("kiosk.setup.title"), context.text("kiosk.setup.subtitle"), false);
    begin_body(context, false);
    const bool confirming = !state.setup_first_pin.empty();
    ui::heading(context.text(confirming ? "kiosk.setup.confirm" : "kiosk.setup.enter"));
    const std::string& message = state.setup_message_key;
    if (!message.empty() && message != "kiosk.setup.confirm") {
        if (message == "kiosk.setup.saving") {
            ui::muted(context.text(message));
        } else {
            ui::error_text(context.text(message));
        }
    }
    draw_pin_pad(context, "setup.pin", !state.pin_checking);
    ui::muted(context.text("kiosk.setup.hint"));
    end_body();
}

void draw_admin_screen(const ScreenContext& context) {
    const AppState& state = context.state;
    const TerminalStatus& status = state.status;
    draw_top_bar(context, context.text("kiosk.admin.title"), status.identity.terminal_id, false);
    begin_body(context, true);
    // What needs the attendant comes first: the outcome of the last action, the printer, the sync error.
    if (!state.admin_message.empty()) {
        const std::string message =
            context.format(state.admin_message, {{"what", state.admin_message_what},
                                                 {"reason", state.admin_message_reason},
                                                 {"file", status.printer.target}});
        if (state.admin_message == "kiosk.admin.print_failed" ||
            state.admin_message == "kiosk.admin.print_no_printer" ||
            state.admin_message == "kiosk.admin.paper_failed" ||
            state.admin_message == "kiosk.admin.paper_unconfirmed" ||
            state.admin_message == "kiosk.admin.paper_no_printer") {
            ui::error_text(message);
        } else {
            ui::heading(message);
        }
    }
    draw_attendant_and_clock(context, status);
    draw_printer_state(context, status.printer);
    draw_paper_printer_state(context, status.paper_printer);
    const std::string_view sync_state_key =
        status.sync_state_key.empty() ? std::string_view("kiosk.sync.unknown") : status.sync_state_key;
    ui::label_value(context.text("kiosk.admin.sync_state"), context.text(sync_state_key));
    if (!status.sync_detail.empty())
        ui::error_text(sync_error_line(context, status.sync_detail));  // wraps at the body's right edge
    ui::label_value(context.text("kiosk.admin.outbox"),
                    status.outbox_known
                        ? context.format("kiosk.admin.outbox_counts",
                                         {{"pending", std::to_string(status.outbox.pending)},
                                          {"acknowledged", std::to_string(status.outbox.acknowledged)},
                                          {"quarantined", std::to_string(status.outbox.quarantined)}})
                        : context.text("kiosk.admin.unknown"));
    // Voice guidance: whether the terminal can speak (it runs silently when it cannot).
    const std::string voice =
        context.format(state.voice_status_key,
                       {{"code", state.voice_unavailable_code},
                        {"reason", context.strings.message(Error(state.voice_unavailable_code, "", ""))}});
    if (state.voice_status_key == "kiosk.admin.voice_unavailable") {
        ui::error_text(voice);
    } else {
        ui::label_value(context.text("kiosk.admin.voice"), voice);
    }
    draw_recent_receipts(context);
    ui::divider();
    ui::label_value(context.text("kiosk.admin.terminal_id"), status.identity.terminal_id);
    ui::label_value(context.text("kiosk.admin.county"),
                    status.county_name + " (" + status.identity.county_admin_code + ")");
    ui::label_value(context.text("kiosk.admin.board_version"), std::to_string(status.board_version));
    ui::label_value(context.text("kiosk.admin.free_disk"),
                    status.free_disk_bytes ? context.format("kiosk.admin.megabytes",
                                                            {{"amount", megabytes(*status.free_disk_bytes)}})
                                           : context.text("kiosk.admin.unknown"));
    ui::label_value(context.text("kiosk.admin.version"), status.software_version);
    ui::label_value(context.text("kiosk.admin.data_directory"), status.data_directory);
    ui::label_value(context.text("kiosk.admin.sessions_wiped"), std::to_string(state.wipe_count));
    end_body();
    draw_bottom_bar(
        context,
        {BarButton("admin.test_print", context.text("kiosk.admin.test_print"), IntentKind::TestPrint),
         BarButton("admin.quit", context.text("kiosk.admin.quit"), IntentKind::QuitApplication).danger(),
         BarButton("admin.close", context.text("kiosk.admin.close"), IntentKind::CloseAdmin)
             .primary()
             .right()});
}

}  // namespace jiebang::kiosk

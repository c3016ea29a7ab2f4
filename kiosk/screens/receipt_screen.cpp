// kiosk/screens/receipt_screen.cpp — receipt after a committed submission (see receipt_screen.hpp).
#include "kiosk/screens/receipt_screen.hpp"

#include <algorithm>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

namespace {

// A numbered step ("3. text", the catalogue's next_steps.numbered) with a hanging indent, so a long first
// word never leaves the number alone on its line; any other text as a plain paragraph.
void draw_numbered(const std::string& step) {
    const auto dot = step.find(". ");
    const bool numbered = dot != std::string::npos && dot > 0 && dot <= 3 &&
                          std::all_of(step.begin(), step.begin() + static_cast<std::ptrdiff_t>(dot),
                                      [](char character) { return character >= '0' && character <= '9'; });
    if (!numbered) {
        ui::paragraph(step);
        return;
    }
    ui::paragraph(step.substr(0, dot + 1));
    ImGui::SameLine();
    ui::paragraph(step.substr(dot + 2));
}

}  // namespace

void draw_receipt_screen(const ScreenContext& context) {
    if (!context.state.receipt)
        return;
    const ReceiptView& receipt = *context.state.receipt;
    const ui::Theme& theme = ui::theme();
    draw_top_bar(context, context.text("kiosk.receipt.title"), context.text("kiosk.receipt.subtitle"), false);
    begin_body(context, true);
    const bool has_printer = context.state.status.printer.kind != PrinterKind::None;
    const std::string& print_key =
        has_printer ? receipt.print_message_key : std::string("kiosk.receipt.print.no_printer");
    const auto draw_text = [&]() {
        ui::muted(context.text("kiosk.receipt.number_label"));
        ui::huge_text(receipt.number);
        ImGui::Dummy(ImVec2(0, theme.px(12)));
        ui::label_value(context.text(receipt.kind == FormKind::Demand ? "kiosk.receipt.demand_title"
                                                                      : "kiosk.receipt.bid_title"),
                        receipt.title);
        ImGui::Dummy(ImVec2(0, theme.px(12)));
        ui::paragraph(context.text("kiosk.receipt.saved_explanation"));
        ui::paragraph(context.text("kiosk.receipt.keep_it"));
    };
    // The access code (docs/protocol.md 18.1): shown once here and on the paper, never in the QR.
    const auto draw_access_code = [&]() {
        if (!receipt.corrects_receipt.empty()) {
            ui::label_value(context.text("kiosk.receipt.corrects"), receipt.corrects_receipt);
        }
        if (receipt.access_code.empty())
            return;
        ui::label_value(context.text("kiosk.receipt.access_code"), receipt.access_code);
        ui::muted(context.text("kiosk.receipt.access_code_help"));
    };
    const auto draw_print_message = [&]() {
        if (print_key.empty())
            return;
        const std::string message = context.format(print_key, {{"reason", receipt.print_reason}});
        if (print_key == "kiosk.receipt.print.failed" || print_key == "kiosk.receipt.print.no_printer" ||
            print_key == "kiosk.receipt.print.unconfirmed") {
            ui::error_text(message);
        } else {
            ui::heading(message);
        }
    };
    // The A4 papers the bureau requires (printed through CUPS), and what to do with them: the next steps.
    const auto draw_paper_message = [&]() {
        if (receipt.paper_message_key.empty())
            return;
        const std::string message =
            context.format(receipt.paper_message_key, {{"reason", receipt.paper_reason}});
        if (receipt.paper_message_key == "kiosk.receipt.paper.printing" ||
            receipt.paper_message_key == "kiosk.receipt.paper.done") {
            ui::heading(message);
        } else {
            ui::error_text(message);
        }
    };
    const auto draw_next_steps = [&]() {
        ui::divider();
        if (!receipt.next_steps) {
            if (!receipt.next_steps_error.empty())
                ui::error_text(receipt.next_steps_error);
            return;
        }
        const NextSteps& next = *receipt.next_steps;
        ui::heading(next.heading);
        for (const std::string& step : next.steps)
            draw_numbered(step);
        if (!next.then.empty()) {
            ui::heading(next.then_heading);
            for (const std::string& paragraph : next.then)
                ui::paragraph(paragraph);
        }
        if (!next.progress.empty())
            ui::muted(next.progress);
    };
    const float body_height = context.size.y - top_bar_height(context) - bottom_bar_height();
    if (theme.portrait()) {
        // Portrait: the number, the code under it in the middle, then the words.
        const float qr_side =
            std::min({theme.px(640), ImGui::GetContentRegionAvail().x * 0.8f, body_height * 0.32f});
        ui::muted(context.text("kiosk.receipt.number_label"));
        ui::huge_text(receipt.number);
        draw_access_code();
        draw_print_message();
        draw_paper_message();
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - qr_side) / 2);
        ui::qr_code(receipt.qr.size, receipt.qr.modules, qr_side);
        ui::label_value(context.text(receipt.kind == FormKind::Demand ? "kiosk.receipt.demand_title"
                                                                      : "kiosk.receipt.bid_title"),
                        receipt.title);
        ImGui::Dummy(ImVec2(0, theme.px(12)));
        ui::paragraph(context.text("kiosk.receipt.saved_explanation"));
        ui::paragraph(context.text("kiosk.receipt.keep_it"));
        draw_next_steps();
    } else {
        const float qr_side = std::min(theme.px(520), body_height - theme.px(80));
        const float text_width = ImGui::GetContentRegionAvail().x - qr_side - theme.px(60);
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_width);
        draw_text();
        draw_access_code();
        draw_print_message();
        draw_paper_message();
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        ImGui::SameLine(ImGui::GetContentRegionMax().x - qr_side);
        ui::qr_code(receipt.qr.size, receipt.qr.modules, qr_side);
        draw_next_steps();
    }
    end_body();

    std::vector<BarButton> buttons;
    if (context.state.status.printer.kind != PrinterKind::None) {
        buttons.push_back(
            BarButton("receipt.print", context.text("kiosk.receipt.print"), IntentKind::PrintReceipt)
                .enable(receipt.print_message_key != "kiosk.receipt.print.printing"));
    }
    if (receipt.filed && !context.state.status.paper_printer.queue.empty()) {
        buttons.push_back(
            BarButton("receipt.paper", context.text("kiosk.receipt.paper"), IntentKind::PrintPaper)
                .enable(receipt.paper_message_key != "kiosk.receipt.paper.printing"));
    }
    buttons.push_back(BarButton("receipt.done", context.text("kiosk.receipt.done"), IntentKind::FinishReceipt)
                          .primary()
                          .wide(1.1f)
                          .right());
    draw_bottom_bar(context, buttons);
}

}  // namespace jiebang::kiosk

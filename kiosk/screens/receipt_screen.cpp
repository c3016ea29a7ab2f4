// kiosk/screens/receipt_screen.cpp — receipt after a committed submission (see receipt_screen.hpp).
#include "kiosk/screens/receipt_screen.hpp"

#include <algorithm>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_receipt_screen(const ScreenContext& context) {
    if (!context.state.receipt)
        return;
    const ReceiptView& receipt = *context.state.receipt;
    const ui::Theme& theme = ui::theme();
    draw_top_bar(context, context.text("kiosk.receipt.title"), context.text("kiosk.receipt.subtitle"), false);
    begin_body(context, true);
    const float qr_side =
        std::min(theme.px(520), context.size.y - top_bar_height() - bottom_bar_height() - theme.px(80));
    const float text_width = ImGui::GetContentRegionAvail().x - qr_side - theme.px(60);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_width);
    ui::muted(context.text("kiosk.receipt.number_label"));
    ui::huge_text(receipt.number);
    ImGui::Dummy(ImVec2(0, theme.px(12)));
    ui::label_value(context.text(receipt.kind == FormKind::Demand ? "kiosk.receipt.demand_title"
                                                                  : "kiosk.receipt.bid_title"),
                    receipt.title);
    ImGui::Dummy(ImVec2(0, theme.px(12)));
    ui::paragraph(context.text("kiosk.receipt.saved_explanation"));
    ui::paragraph(context.text("kiosk.receipt.keep_it"));
    const bool has_printer = context.state.status.printer.kind != PrinterKind::None;
    const std::string& print_key =
        has_printer ? receipt.print_message_key : std::string("kiosk.receipt.print.no_printer");
    if (!print_key.empty()) {
        const std::string message = context.format(print_key, {{"reason", receipt.print_reason}});
        if (print_key == "kiosk.receipt.print.failed" || print_key == "kiosk.receipt.print.no_printer" ||
            print_key == "kiosk.receipt.print.unconfirmed") {
            ui::error_text(message);
        } else {
            ui::heading(message);
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine(ImGui::GetContentRegionMax().x - qr_side);
    ui::qr_code(receipt.qr.size, receipt.qr.modules, qr_side);
    end_body();

    begin_bottom_bar(context);
    const float width = theme.px(340);
    ImGui::SetCursorPosX(theme.margin());
    if (context.state.status.printer.kind != PrinterKind::None) {
        const bool printing = receipt.print_message_key == "kiosk.receipt.print.printing";
        if (ui::button("receipt.print", context.text("kiosk.receipt.print"), ui::ButtonKind::Secondary, width,
                       !printing)) {
            context.intents.push(IntentKind::PrintReceipt);
        }
        ImGui::SameLine();
    }
    ImGui::SetCursorPosX(context.size.x - width - theme.margin());
    if (ui::button("receipt.done", context.text("kiosk.receipt.done"), ui::ButtonKind::Primary, width)) {
        context.intents.push(IntentKind::FinishReceipt);
    }
    end_bottom_bar();
}

}  // namespace jiebang::kiosk

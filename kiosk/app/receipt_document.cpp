// kiosk/app/receipt_document.cpp — ESC/POS receipt and test page (see receipt_document.hpp).
#include "kiosk/app/receipt_document.hpp"

#include <ctime>

#include "platform/printer/escpos.hpp"

namespace jiebang::kiosk {

namespace {

std::string local_time_text(std::int64_t unix_seconds) {
    const std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&time, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

}  // namespace

Result<std::string> build_receipt_document(const ReceiptView& receipt, const TerminalStatus& status,
                                           const StringCatalog& strings) {
    platform::EscPosDocument document;
    document.align(platform::PrintAlignment::Centre);
    document.emphasis(true);
    document.character_size(2, 2);
    JIEBANG_TRY(document.text_line(strings.text("kiosk.print.heading")));
    document.character_size(1, 1);
    document.emphasis(false);
    JIEBANG_TRY(document.text_line(status.city_name + " " + status.county_name));
    JIEBANG_TRY(document.text_line(status.hall_name));
    document.feed(1);
    JIEBANG_TRY(document.text_line(strings.text("kiosk.receipt.number_label")));
    document.emphasis(true);
    JIEBANG_TRY(document.text_line(receipt.number));
    document.emphasis(false);
    // The access code is printed as text only, never in the QR (docs/protocol.md 18.1).
    if (!receipt.access_code.empty()) {
        JIEBANG_TRY(
            document.text_line(strings.text("kiosk.receipt.access_code") + " " + receipt.access_code));
    }
    if (!receipt.corrects_receipt.empty()) {
        JIEBANG_TRY(
            document.text_line(strings.text("kiosk.receipt.corrects") + " " + receipt.corrects_receipt));
    }
    document.feed(1);
    document.raster(platform::MonochromeImage::from_modules(receipt.qr.size, receipt.qr.modules, 6, 4));
    document.feed(1);
    document.align(platform::PrintAlignment::Left);
    JIEBANG_TRY(
        document.text_line(strings.text(receipt.kind == FormKind::Demand ? "kiosk.receipt.demand_title"
                                                                         : "kiosk.receipt.bid_title") +
                           ": " + receipt.title));
    JIEBANG_TRY(document.text_line(
        strings.format("kiosk.print.time", {{"time", local_time_text(receipt.created_at)}})));
    JIEBANG_TRY(document.text_line(
        strings.format("kiosk.print.terminal", {{"terminal", status.identity.terminal_id}})));
    JIEBANG_TRY(document.text_line(strings.text("kiosk.print.next_steps")));
    document.cut();
    return document.bytes();
}

Result<std::string> build_test_page(const TerminalStatus& status, const StringCatalog& strings,
                                    std::int64_t now) {
    platform::EscPosDocument document;
    document.align(platform::PrintAlignment::Centre);
    JIEBANG_TRY(document.text_line(strings.text("kiosk.print.test_heading")));
    JIEBANG_TRY(document.text_line(status.identity.terminal_id + " " + status.software_version));
    JIEBANG_TRY(document.text_line(local_time_text(now)));
    document.cut();
    return document.bytes();
}

}  // namespace jiebang::kiosk

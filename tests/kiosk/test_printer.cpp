// tests/kiosk/test_printer.cpp — a printer that tells the truth: the terminal asks the ESC/POS printer's
// status (DLE EOT 1..4) before and after a print, tells the applicant what really happened, shows the
// attendant the printer's problems, reports a failed test print as failed and reprints recent receipts. The
// printer is a pseudo-terminal answering status bytes (fake_printer.hpp); the whole-process case runs the real
// jiebang-kiosk against it. Numbers in brackets are the invariants of platform/printer/printer_device.hpp.
#include <doctest/doctest.h>

#include "application_harness.hpp"
#include "fake_printer.hpp"
#include "platform/printer/printer_device.hpp"

using jiebang::kiosk::IntentKind;
using jiebang::kiosk::ScreenId;
using kiosk_test::ApplicationHarness;
using kiosk_test::FakePrinter;

namespace {

jiebang::kiosk::KioskOptions with_printer(const std::string& target) {
    jiebang::kiosk::KioskOptions options;
    options.printer_target = target;
    return options;
}

// A demand committed and its receipt on screen.
void reach_receipt(ApplicationHarness& harness) {
    harness.apply(IntentKind::StartDemand);
    harness.set_all(kiosk_test::complete_demand());
    harness.apply(IntentKind::Submit);
    REQUIRE(harness.state().screen == ScreenId::Receipt);
}

void open_admin(ApplicationHarness& harness) {
    for (int tap = 0; tap < 5; ++tap)
        harness.apply(IntentKind::CornerTap);
    for (char digit : kiosk_test::test_admin_pin)
        harness.apply(IntentKind::PinDigit, std::string(1, digit));
    harness.apply(IntentKind::PinSubmit);
    REQUIRE(harness.state().screen == ScreenId::Admin);
}

bool has(const std::vector<std::string>& codes, const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

TEST_CASE("[2] status bytes decode only with the fixed bits - each problem has its code") {
    using jiebang::platform::decode_printer_status;
    const auto healthy = decode_printer_status({0x12, 0x12, 0x12, 0x12});
    CHECK(healthy.answered);
    CHECK(healthy.ready());
    CHECK(healthy.problem_codes().empty());
    const auto paper_out = decode_printer_status({0x12, 0x32, 0x12, 0x72});
    CHECK(paper_out.paper_out);
    CHECK_FALSE(paper_out.ready());
    CHECK(has(paper_out.problem_codes(), "printer.paper_out"));
    const auto cover = decode_printer_status({0x1A, 0x16, 0x12, 0x12});
    CHECK(cover.offline);
    CHECK(cover.cover_open);
    const auto near_end = decode_printer_status({0x12, 0x12, 0x12, 0x1E});
    CHECK(near_end.ready());  // near end still prints
    CHECK(has(near_end.problem_codes(), "printer.paper_near_end"));
    const auto cutter = decode_printer_status({0x12, 0x52, 0x1A, 0x12});
    CHECK(cutter.error);
    CHECK_FALSE(decode_printer_status({0x00, 0x12, 0x12, 0x12}).answered);  // bit 1 and 4 missing
    CHECK_FALSE(decode_printer_status({0x92, 0x12, 0x12, 0x12}).answered);  // bit 7 set
    CHECK_FALSE(decode_printer_status({0x12, 0x12, 0x12}).answered);
    CHECK(decode_printer_status({}).problem_codes() == std::vector<std::string>{"printer.no_answer"});
}

TEST_CASE("[1] paper out: nothing is sent, the applicant is told to collect the receipt at the window") {
    FakePrinter printer;
    printer.set_status(FakePrinter::paper_out);
    ApplicationHarness harness(with_printer(printer.device_path()));
    reach_receipt(harness);
    harness.apply(IntentKind::PrintReceipt);
    REQUIRE(harness.state().receipt.has_value());
    CHECK(harness.state().receipt->print_message_key == "kiosk.receipt.print.failed");
    CHECK(harness.state().receipt->print_reason.find("打印纸用完了") != std::string::npos);
    const std::string told = harness.services().strings.format(
        "kiosk.receipt.print.failed", {{"reason", harness.state().receipt->print_reason}});
    CHECK(told.find("服务窗口") != std::string::npos);
    CHECK(printer.status_requests() == 4);
    CHECK(printer.received().find(harness.state().receipt->number) == std::string::npos);
    CHECK(has(harness.state().status.printer.problems, "printer.paper_out"));

    // The paper is refilled: the same button prints, asked before and after.
    printer.set_status(FakePrinter::healthy);
    harness.apply(IntentKind::PrintReceipt);
    CHECK(harness.state().receipt->print_message_key == "kiosk.receipt.print.done");
    CHECK(printer.status_requests() == 12);
    CHECK(printer.received().find(harness.state().receipt->number) != std::string::npos);
    CHECK(printer.received().find("\x1d\x76\x30") != std::string::npos);  // the QR as GS v 0
    CHECK(harness.state().status.printer.problems.empty());
}

TEST_CASE("a printer that never answers: the receipt is sent and the applicant is told it is unconfirmed") {
    FakePrinter printer;
    printer.set_silent();
    ApplicationHarness harness(with_printer(printer.device_path()));
    reach_receipt(harness);
    harness.apply(IntentKind::PrintReceipt);
    CHECK(harness.state().receipt->print_message_key == "kiosk.receipt.print.unconfirmed");
    CHECK(printer.status_requests() == 1);  // one unanswered request is enough to know
    CHECK(printer.received().find(harness.state().receipt->number) != std::string::npos);
}

TEST_CASE("a missing printer device and a terminal without a printer say so instead of 'printed'") {
    ApplicationHarness missing(with_printer("/dev/usb/no-such-lp9"));
    reach_receipt(missing);
    missing.apply(IntentKind::PrintReceipt);
    CHECK(missing.state().receipt->print_message_key == "kiosk.receipt.print.failed");
    CHECK(missing.state().status.printer.error_code == "printer.open");
    CHECK_FALSE(std::filesystem::exists("/dev/usb/no-such-lp9"));  // never created as a file

    ApplicationHarness none;
    reach_receipt(none);
    none.apply(IntentKind::PrintReceipt);
    CHECK(none.state().receipt->print_message_key == "kiosk.receipt.print.no_printer");
    none.apply(IntentKind::FinishReceipt);
    open_admin(none);
    none.apply(IntentKind::TestPrint);
    CHECK(none.state().admin_message == "kiosk.admin.print_no_printer");
}

TEST_CASE(
    "the admin page shows the printer's problem, a failed test print as failed, and reprints receipts") {
    FakePrinter printer;
    printer.set_status(FakePrinter::cover_open);
    ApplicationHarness harness(with_printer(printer.device_path()));
    reach_receipt(harness);
    const std::string number = harness.state().receipt->number;
    harness.apply(IntentKind::FinishReceipt);
    open_admin(harness);
    const auto& status = harness.state().status.printer;
    CHECK(status.checked);
    CHECK(has(status.problems, "printer.cover_open"));
    harness.apply(IntentKind::TestPrint);
    CHECK(harness.state().admin_message == "kiosk.admin.print_failed");
    CHECK(harness.state().admin_message_reason.find("纸仓盖没有盖好") != std::string::npos);

    printer.set_status(FakePrinter::paper_near_end);
    harness.advance(16);  // the page asks again every 15 s
    CHECK(has(harness.state().status.printer.problems, "printer.paper_near_end"));
    CHECK_FALSE(has(harness.state().status.printer.problems, "printer.cover_open"));
    harness.apply(IntentKind::TestPrint);
    CHECK(harness.state().admin_message == "kiosk.admin.print_done");

    REQUIRE(harness.state().recent_receipts.size() == 1);
    CHECK(harness.state().recent_receipts[0].receipt_number == number);
    CHECK(harness.state().recent_receipts[0].title == "高精度焊缝视觉识别系统");
    const auto before = printer.received().size();
    harness.apply(IntentKind::ReprintReceipt, harness.state().recent_receipts[0].submission_id);
    CHECK(harness.state().admin_message == "kiosk.admin.print_done");
    CHECK(harness.state().admin_message_what.find(number) != std::string::npos);
    CHECK(printer.received().substr(before).find(number) != std::string::npos);
    harness.apply(IntentKind::ReprintReceipt, "00000000-0000-4000-8000-000000000000");
    CHECK(harness.state().admin_message == "kiosk.admin.print_failed");
}

TEST_CASE("the real terminal with a printer out of paper tells the applicant and the attendant") {
    FakePrinter printer;
    printer.set_status(FakePrinter::paper_out);
    kiosk_test::TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), kiosk_test::demand_steps + R"(
tap review.submit
expect-text 提交成功
tap receipt.print
expect-text 打印机现在不能出纸（打印纸用完了）
expect-text 请记下或拍下回执编号，到服务窗口请工作人员为您打印
screenshot receipt-printer-paper-out
tap receipt.done
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.pin.2
tap admin.pin.4
tap admin.pin.6
tap admin.pin.8
tap admin.pin.1
tap admin.pin.0
tap admin.pin.ok
expect-text 缺纸：请更换打印纸。
tap admin.test_print
expect-text 测试页没有打印出来：打印纸用完了。
expect-widget admin.reprint.0
screenshot admin-printer-paper-out
)",
                                           "--printer " + kiosk_test::quote(printer.device_path()));
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    kiosk_test::keep_screenshots(data.path());
    CHECK(printer.status_requests() >= 12);  // before each print and on the admin page
    CHECK(printer.received().empty());       // nothing but status requests reached it
}

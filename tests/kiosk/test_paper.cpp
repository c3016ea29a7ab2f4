// tests/kiosk/test_paper.cpp — issue 12 items 3-4 at the terminal: after submitting, the receipt screen shows the
// profile's next steps (shared/paper), and the terminal prints the A4 papers the bureau requires through a real
// CUPS scheduler of the test's own onto a cups-pdf queue; the PDF cups-pdf wrote is read back (pages rendered with
// poppler, the receipt's QR code decoded with zbar). A stopped queue is a failure the applicant and the attendant
// are told about, and the attendant reprints the papers behind the PIN. Numbers in brackets are the invariants of
// kiosk/app/paper_printing.hpp.
#include <doctest/doctest.h>
#include <stdlib.h>

#include "application_harness.hpp"
#include "tests/support/cups_scheduler.hpp"

using jiebang::kiosk::IntentKind;
using jiebang::kiosk::ScreenId;
using kiosk_test::ApplicationHarness;

namespace {

namespace fs = std::filesystem;

void reach_receipt(ApplicationHarness& harness) {
    harness.apply(IntentKind::StartDemand);
    harness.set_all(kiosk_test::complete_demand());
    harness.apply(IntentKind::Submit);
    REQUIRE(harness.state().screen == ScreenId::Receipt);
    REQUIRE(harness.state().receipt.has_value());
}

void open_admin(ApplicationHarness& harness) {
    for (int tap = 0; tap < 5; ++tap)
        harness.apply(IntentKind::CornerTap);
    for (char digit : kiosk_test::test_admin_pin)
        harness.apply(IntentKind::PinDigit, std::string(1, digit));
    harness.apply(IntentKind::PinSubmit);
    REQUIRE(harness.state().screen == ScreenId::Admin);
}

std::vector<std::string> qr_codes_on(const fs::path& pdf, const fs::path& scratch) {
    fs::create_directories(scratch);
    const auto rendered = jiebang::test::run_process(
        "/usr/bin/pdftoppm", {"-r", "200", "-png", pdf.string(), (scratch / "page").string()});
    REQUIRE_MESSAGE(rendered.exit_code == 0, rendered.error);
    std::vector<std::string> payloads;
    for (const auto& entry : fs::directory_iterator(scratch)) {
        if (entry.path().extension() != ".png")
            continue;
        const auto read = jiebang::test::run_process(
            "/usr/bin/zbarimg",
            {"--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", entry.path().string()});
        std::istringstream lines(read.out);
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty())
                payloads.push_back(line);
        }
    }
    return payloads;
}

int pdf_files_in(const fs::path& folder) {
    int count = 0;
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(folder, ignored))
        count += entry.path().extension() == ".pdf" ? 1 : 0;
    return count;
}

}  // namespace

TEST_CASE("paper: the receipt screen says what to do now, from the profile's after_submission section") {
    ApplicationHarness harness;  // no A4 printer configured
    reach_receipt(harness);
    const auto& receipt = *harness.state().receipt;
    REQUIRE(receipt.next_steps.has_value());
    const jiebang::NextSteps& next = *receipt.next_steps;
    const auto& policy = harness.services().after_submission;
    // Jiangmen's demand: the papers go sealed to the bureau of the unit's county (USCC 440703 = 蓬江区).
    CHECK(next.seal_required == policy.demand.seal_required);
    CHECK(next.paper_copies == policy.demand.paper_copies);
    CHECK(next.documents == policy.demand.documents);
    CHECK_FALSE(next.steps.empty());
    std::string all;
    for (const auto& step : next.steps)
        all += step + "\n";
    CHECK(all.find(next.recipient.name.chinese) != std::string::npos);
    CHECK(next.progress.find(receipt.number) != std::string::npos);
    // No A4 printer: the applicant is told where to get the papers instead of a button that cannot work.
    CHECK(receipt.paper_message_key == "kiosk.receipt.paper.no_printer");
    harness.apply(IntentKind::PrintPaper);
    CHECK(harness.state().receipt->paper_message_key == "kiosk.receipt.paper.no_printer");
    // The wipe takes the filed copy with the receipt.
    harness.apply(IntentKind::FinishReceipt);
    CHECK_FALSE(harness.state().receipt.has_value());
}

TEST_CASE(
    "paper: [1] [2] [3] the A4 papers print on a cups-pdf queue, a stopped queue is told and reprinted") {
    jiebang::test::PrivateScheduler scheduler;
    if (!scheduler.running()) {
        MESSAGE("SKIPPED: cupsd could not be started here, so the terminal's A4 papers were not tested: "
                << scheduler.why_not());
        return;
    }
    const std::string queue = "jiebang-hall-a4";
    const auto added = jiebang::test::run_process(
        "/usr/sbin/lpadmin",
        {"-p", queue, "-E", "-v", "cups-pdf:/", "-P", "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"},
        scheduler.environment());
    REQUIRE_MESSAGE(added.exit_code == 0, added.error);
    // libcups reads CUPS_SERVER when a thread first uses it: the terminal's paper worker starts after this.
    ::setenv("CUPS_SERVER", scheduler.socket().c_str(), 1);

    jiebang::kiosk::KioskOptions options;
    options.a4_printer = queue;
    ApplicationHarness harness(options);
    reach_receipt(harness);
    const std::string number = harness.state().receipt->number;
    const std::string qr_payload = harness.state().receipt->qr_payload;
    CHECK(harness.state().receipt->paper_message_key.empty());
    harness.apply(IntentKind::PrintPaper);
    INFO(scheduler.log());
    REQUIRE(harness.state().receipt.has_value());
    CHECK(harness.state().receipt->paper_reason == "");
    REQUIRE(harness.state().receipt->paper_message_key == "kiosk.receipt.paper.done");  // [1] CUPS: completed
    CHECK(harness.state().status.paper_printer.checked);
    CHECK(harness.state().status.paper_printer.error_code.empty());
    CHECK(pdf_files_in(harness.data_directory() / "paper") == 0);  // [2]

    // [3] The job's title is the receipt number: cups-pdf names its file after it. Read the paper back.
    const auto output = jiebang::test::find_cups_pdf_output(number, 0);
    REQUIRE_MESSAGE(output.has_value(), "cups-pdf wrote no file for " << number);
    const fs::path scratch = harness.data_directory() / "read-back";
    const auto codes = qr_codes_on(*output, scratch);
    REQUIRE_FALSE(codes.empty());
    for (const auto& code : codes)
        CHECK(code == qr_payload);  // every page carries the receipt's signed QR
    std::error_code ignored;
    fs::remove(*output, ignored);

    // A stopped queue: the applicant is told, with the reason, and the attendant sees which receipt's papers.
    const auto disabled =
        jiebang::test::run_process("/usr/sbin/cupsdisable", {queue}, scheduler.environment());
    REQUIRE_MESSAGE(disabled.exit_code == 0, disabled.error);
    harness.apply(IntentKind::PrintPaper);
    CHECK(harness.state().receipt->paper_message_key == "kiosk.receipt.paper.failed");
    CHECK(harness.state().receipt->paper_reason.find(queue) != std::string::npos);
    CHECK(harness.state().status.paper_printer.error_code == "print.job_failed");
    CHECK(harness.state().status.paper_printer.failed_receipt == number);
    harness.apply(IntentKind::FinishReceipt);
    // The failure outlives the applicant's session: the attendant finds it on the admin page.
    CHECK(harness.state().status.paper_printer.failed_receipt == number);

    // The attendant fixes the printer and reprints the papers behind the PIN.
    const auto enabled = jiebang::test::run_process("/usr/sbin/cupsenable", {queue}, scheduler.environment());
    REQUIRE_MESSAGE(enabled.exit_code == 0, enabled.error);
    open_admin(harness);
    REQUIRE_FALSE(harness.state().recent_receipts.empty());
    CHECK(harness.state().recent_receipts.front().receipt_number == number);
    harness.apply(IntentKind::ReprintPaper, harness.state().recent_receipts.front().submission_id);
    CHECK(harness.state().admin_message == "kiosk.admin.paper_done");
    CHECK(harness.state().admin_message_what.find(number) != std::string::npos);
    CHECK(harness.state().status.paper_printer.failed_receipt.empty());
    const auto reprinted = jiebang::test::find_cups_pdf_output(number, 0);
    REQUIRE(reprinted.has_value());
    fs::remove(*reprinted, ignored);

    // A queue that does not exist is named to the attendant, and nothing is claimed printed.
    harness.application().apply(jiebang::kiosk::Intent{IntentKind::CloseAdmin, {}, {}, 0, {}});
    jiebang::kiosk::KioskOptions wrong = options;
    wrong.a4_printer = "no-such-queue";
    harness.start(wrong);
    reach_receipt(harness);
    harness.apply(IntentKind::PrintPaper);
    CHECK(harness.state().receipt->paper_message_key == "kiosk.receipt.paper.failed");
    CHECK(harness.state().status.paper_printer.error_code == "print.printer_unknown");
    CHECK(harness.state().receipt->paper_reason.find("no-such-queue") != std::string::npos);
    ::unsetenv("CUPS_SERVER");
}

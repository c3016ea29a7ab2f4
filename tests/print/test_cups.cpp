// tests/print/test_cups.cpp — printing through a real CUPS scheduler (platform/print/cups_printer.hpp invariant 1):
// the test starts its own cupsd (its own configuration, spool and socket in a temporary folder, so it neither needs
// nor disturbs the machine's scheduler), adds a cups-pdf virtual printer with lpadmin, prints a form with
// `jiebang print form --printer`, follows the job to "completed" and finds the PDF cups-pdf wrote (root's jobs go to
// ~/PDF, anonymous ones to /var/spool/cups-pdf/ANONYMOUS) and reads the receipt's QR code back off its pages. Then: an unknown queue and a scheduler that is not
// running are each told apart by their code and exit status. The scheduler is stopped at the end of each case.
// Only when cupsd cannot start at all does the case stop early, saying why in its output.
#include <cups/cups.h>
#include <doctest/doctest.h>

#include <thread>

#include "platform/print/cups_printer.hpp"
#include "print_test_support.hpp"
#include "tests/support/cups_scheduler.hpp"

using namespace jiebang;
using namespace jiebang::print_test;
using jiebang::test::find_cups_pdf_output;
using jiebang::test::PrivateScheduler;

namespace {

std::vector<std::string> print_arguments(const TemporaryDirectory& folder, const Submission& submission,
                                         const std::string& receipt, const std::string& printer) {
    return {"print",        "form",
            "--submission", folder.write("submission.json", submission_to_json(submission)),
            "--profile",    submission.profile_id,
            "--receipt",    receipt,
            "--out",        (folder.path / "form.pdf").string(),
            "--printer",    printer};
}

}  // namespace

TEST_CASE("cups: the form prints on a cups-pdf queue of a real scheduler, and an unknown queue is named") {
    PrivateScheduler scheduler;
    if (!scheduler.running()) {
        MESSAGE("SKIPPED: cupsd could not be started here, so printing through CUPS was not tested: "
                << scheduler.why_not());
        return;
    }
    const std::string printer = "jiebang-test-pdf";
    const auto added = test::run_process(
        "/usr/sbin/lpadmin",
        {"-p", printer, "-E", "-v", "cups-pdf:/", "-P", "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"},
        scheduler.environment());
    INFO(added.error);
    REQUIRE(added.exit_code == 0);

    TemporaryDirectory folder;
    const Submission demand = sample("jingdezhen", "demand");
    // A sequence of its own per run, so an old file from an earlier run can never be taken for this one.
    const int sequence = 1000 + static_cast<int>(getpid() % 8000);
    const std::string receipt = receipt_for(demand, sequence);
    const auto printed = test::run_process(cli_path, print_arguments(folder, demand, receipt, printer),
                                           scheduler.environment());
    INFO(printed.error);
    REQUIRE(printed.exit_code == 0);
    const auto report = nlohmann::json::parse(printed.out);
    REQUIRE(report.contains("job_id"));
    const int job_id = report.at("job_id").get<int>();
    CHECK(job_id > 0);
    CHECK(report.at("printer") == printer);

    // Follow the job through the scheduler until it ends.
    cupsSetServer(scheduler.socket().c_str());
    std::optional<print::CupsJobState> final_state;
    for (int attempt = 0; attempt < 1200 && !final_state; ++attempt) {
        auto state = print::cups_job_state(printer, job_id);
        REQUIRE_MESSAGE(state.ok(), (state.ok() ? "" : state.error().detail));
        if (*state == print::CupsJobState::Completed || *state == print::CupsJobState::Aborted ||
            *state == print::CupsJobState::Canceled || *state == print::CupsJobState::Stopped) {
            final_state = *state;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    INFO(scheduler.log());
    REQUIRE(final_state.has_value());
    REQUIRE(print::cups_job_state_name(*final_state) == "completed");

    const auto output = find_cups_pdf_output(receipt, job_id);
    REQUIRE_MESSAGE(output.has_value(), "cups-pdf wrote no file for job " << job_id);
    MESSAGE("cups-pdf wrote " << output->string());
    CHECK(pdf_page_count(*output) == pdf_page_count(folder.path / "form.pdf"));
    // cups-pdf re-renders through PostScript (the text becomes outlines), so what proves it is our printout is the
    // QR code on each printed page, read back by zbar: it carries the receipt number.
    fs::create_directories(folder.path / "printed");
    const auto printed_pages = render_pages(*output, folder.path / "printed", 150);
    REQUIRE_FALSE(printed_pages.empty());
    for (const fs::path& page : printed_pages) {
        CAPTURE(page.filename().string());
        CHECK(decode_qr_codes(page) == std::vector<std::string>{receipt});
    }
    std::error_code ignored;
    fs::remove(*output, ignored);

    // A queue that does not exist: named, exit 1 (the printer name is wrong), the PDF is still there.
    const auto unknown = test::run_process(
        cli_path, print_arguments(folder, demand, receipt, "no-such-printer"), scheduler.environment());
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.error.find("print.printer_unknown") != std::string::npos);
    CHECK(unknown.error.find("no-such-printer") != std::string::npos);
    CHECK(fs::is_regular_file(folder.path / "form.pdf"));
    auto missing_job = print::cups_job_state(printer, job_id + 1000);
    REQUIRE_FALSE(missing_job.ok());
    CHECK(missing_job.error().code == "print.job_failed");
}

TEST_CASE("cups: a scheduler that is not running is told apart, and the PDF is kept") {
    TemporaryDirectory folder;
    const Submission demand = sample("jiaxing", "demand");
    const std::string receipt = receipt_for(demand);
    const auto result = test::run_process(cli_path, print_arguments(folder, demand, receipt, "hall-a4"),
                                          {{"CUPS_SERVER", (folder.path / "no-scheduler.sock").string()}});
    CHECK(result.exit_code == 3);
    CHECK(result.error.find("print.cups_unavailable") != std::string::npos);
    CHECK(result.error.find("no-scheduler.sock") != std::string::npos);
    CHECK(fs::is_regular_file(folder.path / "form.pdf"));
    const auto report = nlohmann::json::parse(result.out);
    CHECK_FALSE(report.contains("job_id"));
    CHECK(report.at("receipt_number") == receipt);

    // The library call itself: a file that cannot be read is refused before anything is sent.
    print::CupsJobRequest request;
    request.printer = "hall-a4";
    request.file = folder.path / "not-there.pdf";
    auto job = print::print_with_cups(request);
    REQUIRE_FALSE(job.ok());
    CHECK(job.error().code == "file.unreadable");
}

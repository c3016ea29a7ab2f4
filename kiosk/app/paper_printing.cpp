// kiosk/app/paper_printing.cpp — render, hand to CUPS, follow the job (see paper_printing.hpp).
#include "kiosk/app/paper_printing.hpp"

#include <sys/stat.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "platform/print/cups_printer.hpp"
#include "platform/print/form_printout.hpp"

namespace jiebang::kiosk {

namespace {

PaperJobResult failed(PaperJobResult result, const Error& error, const StringCatalog& strings) {
    result.outcome = PaperOutcome::Failed;
    result.error_code = error.code;
    result.reason = strings.message(error);
    return result;
}

}  // namespace

PaperJobResult run_paper_job(const PaperJob& job) {
    PaperJobResult result;
    result.kind = job.kind;
    result.receipt_number = job.receipt_number;
    result.session = job.session;
    const StringCatalog& strings = *job.strings;
    std::error_code filesystem_error;
    std::filesystem::create_directories(job.work_directory, filesystem_error);
    ::chmod(job.work_directory.c_str(), 0700);
    const std::filesystem::path pdf = job.work_directory / (job.receipt_number + ".pdf");
    print::PrintRequest request;
    request.submission = job.submission.get();
    request.forms = job.forms;
    request.profile = job.profile;
    request.policy = job.policy;
    request.strings = job.strings;
    request.board = job.board.get();
    request.assets_directory = job.assets_directory;
    request.receipt_number = job.receipt_number;
    request.qr_payload = job.qr_payload;
    request.terminal_county_code = job.terminal_county_code;
    auto rendered = print::render_submission_pdf(request, pdf);
    if (!rendered)
        return failed(result, rendered.error(), strings);
    result.pages = rendered->page_count;
    print::CupsJobRequest cups;
    cups.printer = job.queue;
    cups.file = pdf;
    cups.title = rendered->receipt_number;  // [3]
    cups.copies = std::max(1, job.copies);
    auto job_id = print::print_with_cups(cups);
    // [2] CUPS keeps its own spool copy once the job is accepted; ours goes either way.
    std::filesystem::remove(pdf, filesystem_error);
    if (!job_id)
        return failed(result, job_id.error(), strings);
    result.job_id = *job_id;
    // [1] Follow the job until CUPS says how it ended.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(job.wait_seconds);
    while (true) {
        auto state = print::cups_job_state(job.queue, *job_id);
        if (!state)
            return failed(result, state.error(), strings);
        switch (*state) {
            case print::CupsJobState::Completed:
                result.outcome = PaperOutcome::Printed;
                return result;
            case print::CupsJobState::Aborted:
            case print::CupsJobState::Canceled:
            case print::CupsJobState::Stopped: {
                const std::string state_name(print::cups_job_state_name(*state));
                return failed(result,
                              Error("print.job_failed", job.queue, "job " + state_name)
                                  .with("value", job.queue)
                                  .with("reason", state_name),
                              strings);
            }
            case print::CupsJobState::Pending:
            case print::CupsJobState::Held:
            case print::CupsJobState::Processing:
                break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            result.outcome = PaperOutcome::Unconfirmed;
            const Error error = Error("print.job_unconfirmed", job.queue, "job still queued")
                                    .with("value", job.queue)
                                    .with("state", std::string(print::cups_job_state_name(*state)));
            result.error_code = error.code;
            result.reason = strings.message(error);
            return result;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace jiebang::kiosk

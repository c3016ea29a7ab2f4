// kiosk/app/paper_printing.hpp — the papers the bureau requires (seed 002 annex 1, the bid intention form, Jiangmen's
// commitment letter), printed at the terminal on the hall's A4 printer through CUPS: the same PDF `jiebang print
// form` renders (platform/print/form_printout.hpp), in as many copies as the profile asks for (three copies).
// A job runs on the paper worker, never on the frame thread, and reports back as IntentKind::PaperFinished.
// Invariants (tests/kiosk/test_paper.cpp cites them):
//  1. Printer truth: a job is reported printed only when CUPS says the job completed; a queue that refuses it, a
//     scheduler that cannot be reached, a job CUPS aborts, cancels or stops is a failure with its error code;
//     a job still queued when the wait ends is "unconfirmed" (print.job_unconfirmed) — never "printed".
//  2. The PDF holds personal data: it is written under <data dir>/paper (0700) and removed as soon as CUPS has
//     its own copy (or the job failed); nothing of it stays on the terminal.
//  3. The job title CUPS shows is the receipt number (no personal data in the queue).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/paper/after_submission.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::kiosk {

enum class PaperJobKind { Applicant, Reprint };

// What the paper worker needs: copies of everything the frame thread may change, references to what never
// changes (the catalogues, the profile and its policy live as long as the Application).
struct PaperJob {
    PaperJobKind kind = PaperJobKind::Applicant;
    std::shared_ptr<const Submission> submission;
    std::shared_ptr<const Board> board;  // bids: the listing's title and deadline; may be null
    std::string receipt_number;
    std::string qr_payload;
    std::string queue;  // CUPS queue
    int copies = 1;
    std::string terminal_county_code;
    std::filesystem::path assets_directory;
    std::filesystem::path work_directory;  // <data dir>/paper
    const FormCatalog* forms = nullptr;
    const Profile* profile = nullptr;
    const AfterSubmissionPolicy* policy = nullptr;
    const StringCatalog* strings = nullptr;
    double wait_seconds = 120;  // how long to follow the job before calling it unconfirmed
    int session = 0;            // the applicant session that asked (Applicant)
};

enum class PaperOutcome { Printed, Unconfirmed, Failed };

struct PaperJobResult {
    PaperJobKind kind = PaperJobKind::Applicant;
    std::string receipt_number;
    int session = 0;
    PaperOutcome outcome = PaperOutcome::Failed;
    std::string error_code;  // Failed / Unconfirmed: print.*, receipt.*, file.*
    std::string reason;      // the catalogue's message for the error, in words
    int job_id = 0;
    int pages = 0;
};

// Renders, prints and follows one job (invariants 1-3). Runs on a worker thread.
PaperJobResult run_paper_job(const PaperJob& job);

}  // namespace jiebang::kiosk

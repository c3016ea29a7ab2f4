// kiosk/app/app_state.hpp — everything the terminal's screens show, owned by the Application.
// Screens read this state and emit intents (kiosk/app/intent.hpp); only the Application changes it, and only
// the Application talks to the store, the sync agent and the printer.
// Invariants: everything an applicant entered lives in `session` (plus the keyboard's own buffers) so that
// one wipe clears it all; `session` survives back/forward and a failed submit untouched; the receipt screen
// is reachable only with a receipt that came back from a committed transaction.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/paper/next_steps.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/store/terminal_store.hpp"

namespace jiebang::kiosk {

enum class ScreenId {
    Home,
    Wizard,
    Review,
    Receipt,
    Board,
    Listing,
    Progress,
    Policy,
    AdminPin,
    Admin,
    SetupPin,      // first start: the technician sets the admin PIN before the terminal serves anyone
    ClockRefused,  // submit refused: the terminal's clock cannot be trusted (kiosk/app/clock_trust.hpp)
};
std::string_view screen_name(ScreenId screen);

// A listing past its deadline (`today` and the deadline are "YYYY-MM-DD"): shown, but it takes no bid.
bool listing_closed(const Listing& listing, const std::string& today);

enum class FormKind { Demand, Bid };

// An edit target names a text being edited: "<field id>" or "<field id>#<item>" for a list item, or one of
// the screen-level texts "board.search", "progress.number", "progress.code", "admin.pin".
struct EditTarget {
    std::string field_id;
    int item = -1;  // TextList item, -1 otherwise
    std::string name() const;
    static EditTarget parse(std::string_view name);
};

// A returned submission being corrected (docs/protocol.md section 18): what the county gave back for it.
struct CorrectionContext {
    std::string original_id;       // the returned submission; the new one names it (resubmission_of)
    std::string original_receipt;  // its receipt number, shown on the new receipt
    std::string reason;            // the staff's reason, shown above the form
    int revision = 1;              // the returned one's revision; the new one is revision + 1
};

// What the county said about a number (PROGRESS-REPLY), or why it could not say.
struct CountyProgress {
    bool answered = false;          // the county answered (found or not)
    bool other_county = false;      // the number was issued in another county (CC of the number)
    std::string other_county_code;  // its receipt county code ("04")
    std::string latest_receipt;     // a newer revision's number, when the item was corrected
    int revision = 0;
    std::string unreachable_code;  // sync.county_unreachable ... when the county did not answer
    // The project this receipt belongs to (PROJECT-PROGRESS-REPLY, docs/protocol.md 21): status only.
    bool project_found = false;
    std::string project_number;  // empty before approval
    std::string project_state;   // a project state code, or a solver's ended bid state (eliminated ...)
    std::int64_t project_updated_at = 0;
};

// One applicant's session: the form being filled in and everything typed on any screen.
struct ApplicantSession {
    FormKind kind = FormKind::Demand;
    FieldValues values;
    int step_index = 0;
    int question_index = 0;  // elder-friendly mode: which visible field of the step is asked (one a page)
    std::set<std::string> attempted_steps;  // steps whose Next was pressed: show every error there
    std::set<std::string> touched_fields;   // fields edited at least once: show their errors live
    bool visited_review = false;            // steps show a "back to review" button once review was seen
    std::string focused;                    // EditTarget name, empty when nothing is focused
    std::string board_search;
    std::string board_industry;    // "" = all industries
    std::string selected_listing;  // listing id shown on the listing screen
    std::string progress_number;   // receipt number typed for the lookup
    bool progress_looked_up = false;
    std::optional<store::ProgressRecord> progress_result;
    std::string progress_message;  // plain-language error of the lookup
    CountyProgress progress_county;
    bool correction_code_open = false;  // the progress screen asks for the receipt's access code
    std::string correction_code;        // the access code typed (never stored, never logged)
    std::string correction_message;     // wrong code, locked, ... in words
    bool fetching_correction = false;
    std::optional<CorrectionContext> correction;  // set while a returned submission is being corrected
    std::string submit_message;                   // why the last submit failed and what to do
    std::string input_notice;         // why the last typed text was refused (a character the fonts lack)
    std::string input_notice_target;  // the edit target it concerns
    bool confirming_home = false;     // the home button on a half-filled form: the question is open
    bool submit_blocked_by_errors = false;
    bool submitting = false;  // the commit runs on the store worker: Submit and Home wait for it
    bool looking_up_progress = false;
};

struct ReceiptView {
    std::string number;
    std::string title;  // project name or listing title
    FormKind kind = FormKind::Demand;
    QrMatrix qr;
    std::string qr_payload;
    std::int64_t created_at = 0;
    std::string print_message_key;  // kiosk.receipt.print.* : printing, done, unconfirmed, failed, no_printer
    std::string print_reason;       // failed: what the printer said, in words (paper out, cover open ...)
    std::string access_code;        // proves the holder at correction (never in the QR, never stored here)
    std::string corrects_receipt;   // the returned submission's number this one corrects, or empty
    // What to do now (shared/paper): the same lines the A4 printout carries; empty when the profile's policy
    // could not say (next_steps_error names why).
    std::optional<NextSteps> next_steps;
    std::string next_steps_error;
    // The filed submission, for the A4 papers (kiosk/app/paper_printing.hpp); gone with the receipt at the
    // wipe.
    std::shared_ptr<const Submission> filed;
    std::string paper_message_key;  // kiosk.receipt.paper.* : printing, done, unconfirmed, failed, no_printer
    std::string paper_reason;       // failed / unconfirmed: what CUPS said, in words (for the attendant)
};

enum class PrinterKind { None, File, Device };

// What the terminal knows about its receipt printer, for the admin page and the sync heartbeat.
struct PrinterState {
    std::string target;  // device path or file; empty = no printer configured
    PrinterKind kind = PrinterKind::None;
    bool checked = false;               // a status request or a print has reported at least once
    bool answered = false;              // the printer answers DLE EOT status requests
    std::vector<std::string> problems;  // printer.paper_out, printer.cover_open ... (empty: ready)
    std::string error_code;             // the last open/write failure, e.g. printer.open
    int jobs_in_flight = 0;
};

// The hall's A4 printer (a CUPS queue) for the papers the bureau requires, for the admin page and the
// heartbeat.
struct PaperPrinterState {
    std::string queue;           // empty = none configured
    bool checked = false;        // a job has reported at least once
    std::string error_code;      // the last job's failure (print.*), empty after a job printed
    std::string reason;          // in words
    std::string failed_receipt;  // the receipt whose papers did not print (the attendant reprints them)
    int jobs_in_flight = 0;
};

struct TerminalStatus {
    store::TerminalIdentity identity;
    std::string county_name;
    std::string hall_name;
    std::string city_name;
    store::OutboxCounts outbox;
    bool outbox_known = false;
    std::int64_t board_version = 0;
    std::string sync_state_key;  // kiosk.sync.* string key
    std::string sync_detail;     // short technical detail (error code), no personal data
    std::optional<std::uint64_t> free_disk_bytes;
    std::string software_version;
    std::string data_directory;
    PrinterState printer;
    PaperPrinterState paper_printer;
    // The clock (kiosk/app/clock_trust.hpp, docs/protocol.md 19.1): the last skew learned from the county.
    std::int64_t terminal_time = 0;  // this terminal's Unix seconds at the last status poll
    bool clock_skew_known = false;
    std::int64_t clock_skew_seconds = 0;  // the county's clock minus this terminal's
    std::int64_t clock_learned_at = 0;    // this terminal's Unix seconds when it was learned
    std::string clock_verdict_key;        // kiosk.clock.verdict.* at the last poll
    bool clock_refuses_receipts = false;
    // The open call for the hall attendant (the call-staff button): this terminal's Unix seconds it was
    // raised, or none.
    std::optional<std::int64_t> attendant_call_raised_at;
};

struct AppState {
    ScreenId screen = ScreenId::Home;
    ApplicantSession session;
    std::optional<ReceiptView> receipt;
    Board board;
    TerminalStatus status;

    // Clock (seconds, real or the script's virtual clock) and idle handling.
    double now = 0;
    std::string today;  // "YYYY-MM-DD", the terminal's local date by its (trusted) clock: listings' deadlines
    double last_activity = 0;
    bool idle_warning = false;
    double idle_warning_after_seconds = 120;
    double idle_countdown_seconds = 30;

    // Admin gesture and PIN (the PIN typed so far is never drawn, only its length).
    int corner_taps = 0;
    double first_corner_tap_at = 0;
    std::string pin_entry;
    bool pin_rejected = false;
    bool pin_checking = false;            // an Argon2id check or hash is running on a worker
    bool pin_unreadable = false;          // the PIN file is damaged: the admin page stays closed
    std::int64_t pin_locked_seconds = 0;  // lockout left after repeated wrong PINs
    std::string setup_first_pin;          // SetupPin: the first entry, waiting for its confirmation
    std::string setup_message_key;        // kiosk.setup.* : what the technician must do next
    std::string admin_message;            // kiosk.admin.* key of the last admin action's outcome
    std::string admin_message_what;       // what it was about (the test page, a receipt number)
    std::string admin_message_reason;     // why it failed, in words
    std::vector<store::ReceiptSummary> recent_receipts;  // admin page: the last receipts, to reprint

    // The call-staff button: the applicant's overlay saying help is coming (the call itself is in status).
    bool attendant_overlay = false;

    int wipe_count = 0;       // how many sessions were wiped (admin, tests)
    bool elder_mode = false;  // elder mode: larger text and targets, one question a page, longer idle time
    bool elder_mode_default = false;  // what each new applicant starts with (configuration)
    // Voice guidance (kiosk/app/speech_cues.hpp): on in elder mode, toggled by the speaker button for this
    // applicant.
    bool voice_on = false;
    std::string voice_status_key =
        "kiosk.admin.voice_not_started";  // kiosk.admin.voice_*: for the admin page
    std::string voice_unavailable_code;   // speech.* when unavailable
    bool quit_requested = false;
};

}  // namespace jiebang::kiosk

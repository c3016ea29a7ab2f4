// kiosk/app/application.hpp — the terminal's flow state machine. It owns AppState, applies the screens'
// intents through the core (validation, TerminalStore, receipts), the sync agent and the printer, runs the
// idle timer and the wipe, and exposes the focused text so the keyboard (on-screen, physical or scripted) can
// edit it. Invariants: a receipt is shown only after commit_submission() returned it; a failed commit leaves
// the session untouched and says what to do; wipe() clears every trace of the applicant (values, typed texts,
// focus, receipt, print queue) and calls on_wipe so the keyboard and ImGui drop their buffers too; the admin
// page opens only after an Argon2id check of the PIN on a worker (kiosk/app/admin_access.hpp), and a terminal
// without a PIN shows the set-up screen instead of serving anyone; voice guidance is said off the frame thread
// (platform/speech) from cues the state gives (kiosk/app/speech_cues.hpp), and the wipe silences it first.
//
// Index: [SECTION] intents  [SECTION] text editing  [SECTION] timers and status  [SECTION] voice guidance
//        [SECTION] printing  [SECTION] admin access
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/app/admin_access.hpp"
#include "kiosk/app/app_state.hpp"
#include "kiosk/app/background_worker.hpp"
#include "kiosk/app/clock.hpp"
#include "kiosk/app/clock_trust.hpp"
#include "kiosk/app/intent.hpp"
#include "kiosk/app/options.hpp"
#include "kiosk/app/paper_printing.hpp"
#include "kiosk/app/terminal_services.hpp"
#include "kiosk/input/glyph_coverage.hpp"
#include "platform/printer/printer_device.hpp"
#include "platform/speech/speech_engine.hpp"
#include "shared/forms/validation.hpp"
#include "sync/protocol/codec.hpp"

namespace jiebang::sync {
class SyncAgent;
}

namespace jiebang::kiosk {

// What the keyboard needs to know about the focused text.
struct FocusedFieldInfo {
    std::string target;  // EditTarget name
    FieldKind kind = FieldKind::Text;
    int max_chars = 0;
    bool multiline = false;
};

enum class PrintJobKind { Receipt, TestPage, Reprint };

// What a print job on the printer worker reports back (IntentKind::PrintFinished).
struct PrintJobResult {
    PrintJobKind kind = PrintJobKind::Receipt;
    std::string label;  // the receipt number printed (Receipt, Reprint)
    int session = 0;    // the applicant session that asked (Receipt): a later session ignores the result
    platform::PrintReport report;
};

// The store worker's poll (IntentKind::StatusPolled): outbox counts, the board when its version changed.
struct StatusPoll {
    Result<store::OutboxCounts> counts = store::OutboxCounts{};
    // Only when the stored version differs from the one shown; shared, so the intent carrying it copies cheaply.
    std::shared_ptr<Board> board;
    std::optional<std::uint64_t> free_disk_bytes;
    // The last clock reading the sync agent kept (kiosk/app/clock_trust.hpp) and the open attendant call.
    Result<std::optional<store::ClockReading>> clock_reading = std::optional<store::ClockReading>{};
    Result<std::optional<std::int64_t>> attendant_call = std::optional<std::int64_t>{};
};

// A raise or clear of the attendant call on the store worker (IntentKind::AttendantCallStored): the open
// call as stored afterwards.
struct AttendantCallResult {
    Result<std::optional<std::int64_t>> call = std::optional<std::int64_t>{};
};

// A commit on the store worker (IntentKind::SubmitFinished).
struct SubmitOutcome {
    Result<store::CommittedSubmission> committed = Error("store.not_run", "", "");
    std::string access_code;       // printed and shown on the receipt, never stored
    std::string corrects_receipt;  // the returned number this corrects, or empty
    int session = 0;  // the session that submitted: a wiped session's result is not shown to the next person
    std::chrono::steady_clock::time_point started;
    std::string title;  // for the receipt view
    // The clock check made on the store worker just before the commit (kiosk/app/clock_trust.hpp): when it
    // refuses, nothing was committed and no receipt exists.
    ClockVerdict clock_verdict = ClockVerdict::SkewUnknown;
    std::optional<store::ClockReading> clock_reading;
    std::int64_t terminal_time = 0;
};

// A progress lookup on the store worker (IntentKind::ProgressFound): the county's answer when it gave one
// (docs/protocol.md 18.2), and this terminal's own record (its last known state) either way.
struct ProgressOutcome {
    Result<std::optional<store::ProgressRecord>> record = std::optional<store::ProgressRecord>{};
    std::optional<Result<sync::ProgressReply>> county;  // empty: not asked (no sync, another county)
    // The project's stage, asked after a found item that was not returned or rejected (docs/protocol.md 21);
    // empty: not asked. A county of an older version answers sync.unknown_command: nothing is shown.
    std::optional<Result<sync::ProjectProgressReply>> project;
    int session = 0;
};

// A CORRECTION-REQUEST on the store worker (IntentKind::CorrectionFetched).
struct CorrectionFetch {
    Result<sync::CorrectionReply> reply = Error("sync.not_run", "", "");
    std::string receipt_number;
    int session = 0;
};

class Application {
  public:
    // `clock` is the only time source the state machine reads (a VirtualClock in scripted runs and tests).
    Application(TerminalServices& services, const KioskOptions& options, const Clock& clock);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    const AppState& state() const { return state_; }
    const TerminalServices& services() const { return services_; }
    const FormDefinition& session_form() const;
    std::vector<const StepDefinition*> session_steps() const;
    ValidationContext validation_context() const;

    // Starts the sync agent when configured. Errors: the agent's (the terminal still works offline).
    Status start_sync(const KioskOptions& options);

    // [SECTION] intents
    void apply(std::vector<Intent> intents);
    void apply(const Intent& intent);

    // [SECTION] text editing (the focused target)
    std::optional<FocusedFieldInfo> focused_field() const;
    std::string* focused_text();  // null when nothing editable is focused
    void finish_text_edit();      // after edits through focused_text(): drop empties, mark touched
    // Folds full-width forms in code-like fields and refuses characters the fonts lack (kiosk/input), as the
    // on-screen keyboard does; a refusal leaves the field as it was and sets session.input_notice.
    void type_text(std::string_view text);
    // What the fonts can draw (kiosk/keyboard/font_characters.hpp); until set only characters above U+FFFF
    // are refused.
    void set_font_characters(std::shared_ptr<const input::FontCharacters> characters);
    void press_backspace();
    void press_enter();

    // [SECTION] timers and status
    const Clock& clock() const { return clock_; }
    void note_activity();
    // Applies the results background work delivered, then idle warning/wipe, status refresh, print queue.
    // Returns true when something on screen changed.
    bool tick();
    // Waits until no background job is queued or running and every result is applied (scripted runs and
    // tests, so a screen shows the outcome of what was just done; never in the interactive loop).
    void finish_background_work();
    // Called from a worker thread whenever a result arrives (the interactive loop's wake-up).
    void set_result_wake(std::function<void()> wake) { inbox_.set_wake(std::move(wake)); }
    void refresh_status();
    void wipe();

    std::function<void()> on_wipe;                             // keyboard + ImGui buffers
    std::function<void(const std::string&)> on_focus_changed;  // "" = released

    // Submit latencies in milliseconds (intent to receipt), for the benchmark.
    const std::vector<double>& submit_latencies() const { return submit_latencies_; }

  private:
    void start_session(FormKind kind);
    // Whether the applicant has answered anything on the form (the consent and a bid's listing aside): then
    // The home button asks before it throws the form away.
    bool session_has_answers() const;
    // The applicant is done or gone (home, receipt finished, idle): wipe, back to the attract screen and to
    // the configured text size.
    void end_session();
    void set_elder_mode(bool on);
    // [SECTION] voice guidance
    // Says what is new on the page (each cue once per page); reads the engine's availability for the admin page.
    bool update_speech();
    void speak_count(const std::string& field_id);
    void previous_question();
    void set_focus(const std::string& target);
    void next_step();
    void submit();
    void lookup_progress();
    void open_correction();
    void submit_correction_code();
    void correction_fetched(const CorrectionFetch& fetch);
    // [SECTION] printing
    void print_document(PrintJobKind kind, std::string bytes, std::string label);
    void print_finished(const PrintJobResult& result);
    void check_printer();
    void printer_checked(const Result<platform::PrinterStatus>& status);
    void note_printer_status(const platform::PrinterStatus& status);
    std::string printer_problem_words(const std::vector<std::string>& codes) const;
    // The A4 papers through CUPS (kiosk/app/paper_printing.hpp), on the paper worker.
    void print_paper();
    void post_paper_job(PaperJobKind kind, std::shared_ptr<const Submission> submission,
                        std::string receipt_number, std::string qr_payload);
    void paper_loaded(const std::string& submission_id,
                      const Result<std::optional<store::CommittedSubmission>>& loaded);
    void paper_finished(const PaperJobResult& result);
    void load_recent_receipts();
    void reprint_loaded(const std::string& submission_id,
                        const Result<std::optional<store::CommittedSubmission>>& loaded);
    void set_value(const std::string& field_id, const FieldValue& value);
    void read_clock();
    void submit_finished(const SubmitOutcome& outcome);
    void progress_found(const ProgressOutcome& outcome);
    void status_polled(const StatusPoll& poll);
    void note_clock(std::int64_t terminal_time, const std::optional<store::ClockReading>& reading);
    // The call-staff button (raise: true raises, false clears), on the store worker.
    void store_attendant_call(bool raise);
    bool apply_background_results();
    // [SECTION] admin access
    void open_pin_pad();
    void submit_admin_pin();
    void submit_setup_pin();
    void pin_checked(bool matched);
    void pin_stored(const Result<std::string>& stored);
    void refresh_pin_lock();

    TerminalServices& services_;
    const Clock& clock_;
    AppState state_;
    AdminAccess admin_access_;
    std::string printer_target_;
    std::string paper_queue_;  // the hall's A4 printer (CUPS queue), empty = none
    double last_printer_check_ = -1000;
    double idle_warning_seconds_ = 120;
    double idle_countdown_seconds_ = 30;
    double elder_idle_warning_seconds_ = 240;
    double elder_idle_countdown_seconds_ = 60;
    int session_serial_ = 0;  // bumped by every wipe: results for an earlier applicant are dropped
    double last_status_refresh_ = -1000;
    int clock_skew_limit_seconds_ = 300;  // --clock-skew-limit
    std::int64_t earliest_plausible_time_ = software_build_day();
    bool status_poll_in_flight_ = false;
    std::vector<double> submit_latencies_;
    std::unique_ptr<sync::SyncAgent> sync_agent_;
    std::shared_ptr<const input::FontCharacters> font_characters_ =
        std::make_shared<const input::FontCharacters>();
    ResultInbox inbox_;
    std::unique_ptr<platform::SpeechEngine> speech_;
    std::string spoken_page_;                // the page whose cues were said
    std::set<std::string> spoken_cue_keys_;  // what was said on it
    // The store worker's own connection (SQLite connections stay on one thread); null if it could not open.
    std::unique_ptr<store::TerminalStore> worker_store_;
    // Declared last: destroyed first, so no job outlives what it reports to or the connection it uses.
    std::unique_ptr<BackgroundWorker> security_worker_;
    std::unique_ptr<BackgroundWorker> printer_worker_;
    std::unique_ptr<BackgroundWorker> paper_worker_;  // renders and follows A4 jobs (seconds each)
    std::unique_ptr<BackgroundWorker> store_worker_;
    std::vector<BackgroundWorker*> workers() const;
    double today_read_at_ = 0;  // when state_.today was last read (monotonic seconds; read_clock)
};

}  // namespace jiebang::kiosk

// console/app/console_application.hpp — the staff console's flow state machine (docs/console.md section 2).
// It owns ConsoleState, applies the views' intents, unseals the staff key (shared/staff), and reaches the
// aggregator only through a StaffService on its model worker (console/model). It runs the idle lock and the
// poll for new arrivals.
// Invariants (docs/console.md cites them as A1..A6):
//  A1  Views never reach the aggregator: every StaffService call runs on the model worker, posted from here.
//  A2  A lock or sign-out clears every piece of personal data (ConsoleState invariant S1), zeroes the
//      passphrase buffer, drops the session (its key pair is wiped with it) and bumps the session
//      generation, so answers to requests sent before the lock are dropped when they arrive.
//  A3  The passphrase is copied out of its buffer once, the buffer zeroed at once, and the copy zeroed after
//      the key file was opened (sodium_memzero), whatever the outcome.
//  A4  An action is sent only from the confirmation dialog and only for the item the dialog names (S4); the
//      buttons offer only what review::apply() allows for the item's state and the signed-in role, and the
//      aggregator decides again (a refusal is shown in the dialog, which stays open).
//  A5  Every failure reaches the screen as a sentence from the string catalogue (StringCatalog::message);
//      nothing fails silently, nothing throws through the frame loop.
//  A6  After `idle_lock_seconds` without input in the Working state, the console locks (A2).
//
// Index: [SECTION] intents  [SECTION] timers  [SECTION] session  [SECTION] inbox
//        [SECTION] detail and actions  [SECTION] other views
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "console/app/console_intent.hpp"
#include "console/app/console_options.hpp"
#include "console/app/console_state.hpp"
#include "console/model/model_worker.hpp"
#include "console/model/staff_model.hpp"
#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::console {

// What the console reads from assets/ once at start.
struct ConsoleCatalogues {
    std::filesystem::path assets_directory;
    StringCatalog strings;
    FormCatalog forms;
    ProfileCatalog profiles;

    // Errors: those of the catalogues' loaders (strings.*, form.*, profile.*).
    static Result<std::unique_ptr<ConsoleCatalogues>> load(const std::filesystem::path& assets_directory);
};

class ConsoleApplication {
  public:
    ConsoleApplication(const ConsoleCatalogues& catalogues, const ConsoleOptions& options,
                       std::unique_ptr<model::StaffServiceFactory> factory);
    ~ConsoleApplication();
    ConsoleApplication(const ConsoleApplication&) = delete;
    ConsoleApplication& operator=(const ConsoleApplication&) = delete;

    const ConsoleState& state() const { return state_; }
    // The texts views edit in place (ConsoleState's one exception, see console_state.hpp).
    EditBuffers& edits() { return state_.edits; }
    const ConsoleCatalogues& catalogues() const { return catalogues_; }

    // [SECTION] intents
    void apply(const Intent& intent);

    // [SECTION] timers
    void set_clock(double now_seconds);
    void note_activity();
    // Runs finished requests' completions, the idle lock and the poll. True when the state changed.
    bool tick();
    // True while a request is queued or running or its answer waits (scripted runs wait for it).
    bool busy() const { return !worker_.idle(); }
    void wait_for_progress(int milliseconds);

    // What the runner wipes when personal data is cleared (ImGui's text-field copies).
    std::function<void()> on_clear;

    // Names of things for views: a review stage, a role, a county code, an industry id.
    std::string stage_label(std::string_view stage) const;
    std::string role_label(backoffice::Role role) const;
    std::string county_label(std::string_view admin_code) const;
    std::string industry_label(std::string_view industry_id) const;
    std::string aggregator_label() const;
    const Profile* profile() const;
    // Whether the signed-in role may make `action` on an item in `stage` at this tier (review::apply).
    bool action_allowed(std::string_view stage, review::ReviewAction action) const;

  private:
    // [SECTION] session
    void sign_in();
    void end_session(FlowState next, std::string_view lock_reason_key);
    void clear_personal_data(bool keep_key_file);
    // Posts a request for the current session; `on_answer` runs on the UI thread only if the session is
    // still the one it was asked for (A2).
    void post(std::function<std::function<void()>(model::StaffService&)> request);
    void note_failure(const Error& error);
    void note_contact();

    // [SECTION] inbox
    void restart_query();
    void reset_pages();
    void request_visible_pages();
    void fetch_page(std::int64_t page_number);
    void count_new_arrivals();
    void refresh_counts();
    void apply_filter_texts();
    void poll();
    std::string profile_for_area(std::string_view area_code) const;

    // [SECTION] detail and actions
    void open_submission(const std::string& submission_id);
    void step_submission(int direction);
    void begin_action(review::ReviewAction action);
    void confirm_action();

    // [SECTION] other views
    void refresh_fleet();
    void refresh_audit();
    void publish_board();
    void curate_listing();
    void refresh_batches();
    void open_batch(std::int64_t number);
    // The summary table of a batch: previewed, exported (XLSX and PDF), printed; each asks the aggregator for
    // the batch (an audited export) and does the paper work on the model worker.
    void preview_summary(std::int64_t batch, int page);
    void preview_selection(int page);
    // Builds the table on the model worker (`table_of`), renders `page` and shows it (a batch's or,
    // provisional, the chosen items').
    void post_preview(std::function<Result<SummaryTable>(model::StaffService&)> table_of, std::int64_t number,
                      int page, bool provisional);
    void export_summary(std::int64_t batch);
    void print_summary(std::int64_t batch);
    std::filesystem::path export_folder() const;
    void forward_chosen();
    void refresh_bids(const std::string& listing_id);
    void refresh_projects();
    void export_projects();
    void open_project(const std::string& project_id);
    void refresh_reports();
    void open_report(const std::string& county_admin_code, const std::string& month);

    struct SessionSlot;

    const ConsoleCatalogues& catalogues_;
    ConsoleOptions options_;
    std::unique_ptr<model::StaffServiceFactory> factory_;
    std::shared_ptr<SessionSlot> session_;
    int session_generation_ = 0;
    bool poll_in_flight_ = false;
    std::int64_t pending_open_index_ = -1;  // next/previous waiting for its page
    ConsoleState state_;
    model::ModelWorker worker_;  // last: joined first, before what its jobs reference goes away
};

}  // namespace jiebang::console

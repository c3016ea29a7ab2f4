// console/app/console_application.cpp — the staff console's flow state machine (see
// console_application.hpp and docs/console.md).
//
// Index: [SECTION] set-up  [SECTION] intents  [SECTION] timers  [SECTION] session  [SECTION] inbox
//        [SECTION] detail and actions  [SECTION] other views  [SECTION] the summary table  [SECTION] labels
#include "console/app/console_application.hpp"

#include <sodium.h>

#include <algorithm>
#include <ctime>

#include "console/model/submission_reading.hpp"
#include "platform/print/cups_printer.hpp"
#include "platform/tables/tables.hpp"
#include "shared/lifecycle/calendar_date.hpp"
#include "shared/lifecycle/project_export.hpp"
#include "shared/text/utf8.hpp"

namespace jiebang::console {

// The StaffService of the signed-in session. Touched on the model worker only (model_worker.hpp invariant 1).
struct ConsoleApplication::SessionSlot {
    std::unique_ptr<model::StaffService> service;
};

namespace {

// A copy of the passphrase that zeroes itself (invariant A3).
class SecretText {
  public:
    explicit SecretText(std::string_view text) : text_(text) {}
    ~SecretText() { wipe(); }
    SecretText(const SecretText&) = delete;
    SecretText& operator=(const SecretText&) = delete;
    std::string_view view() const { return text_; }
    void wipe() {
        if (!text_.empty())
            sodium_memzero(text_.data(), text_.size());
        text_.clear();
    }

  private:
    std::string text_;
};

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::string_view flow_state_name(FlowState state) {
    switch (state) {
        case FlowState::SignedOut:
            return "signed_out";
        case FlowState::Unsealing:
            return "unsealing";
        case FlowState::Working:
            return "working";
        case FlowState::Locked:
            return "locked";
    }
    return "?";
}

std::string_view view_name(ViewId view) {
    switch (view) {
        case ViewId::Inbox:
            return "inbox";
        case ViewId::Detail:
            return "detail";
        case ViewId::Fleet:
            return "fleet";
        case ViewId::Audit:
            return "audit";
        case ViewId::Board:
            return "board";
        case ViewId::Batches:
            return "batches";
        case ViewId::Projects:
            return "projects";
        case ViewId::Reports:
            return "reports";
    }
    return "?";
}

const model::InboxRow* InboxState::row_at(std::int64_t index) const {
    if (index < 0)
        return nullptr;
    const auto page = pages.find(index / page_size);
    if (page == pages.end())
        return nullptr;
    const auto within = static_cast<std::size_t>(index % page_size);
    return within < page->second.size() ? &page->second[within] : nullptr;
}

std::int64_t InboxState::index_of(const std::string& submission_id) const {
    for (const auto& [number, rows] : pages) {
        for (std::size_t index = 0; index < rows.size(); ++index) {
            if (rows[index].submission_id == submission_id)
                return number * page_size + static_cast<std::int64_t>(index);
        }
    }
    return -1;
}

// [SECTION] set-up

Result<std::unique_ptr<ConsoleCatalogues>> ConsoleCatalogues::load(
    const std::filesystem::path& assets_directory) {
    auto strings = StringCatalog::load(assets_directory);
    if (!strings)
        return strings.error();
    auto forms = FormCatalog::load(assets_directory);
    if (!forms)
        return forms.error();
    auto profiles = ProfileCatalog::load(assets_directory);
    if (!profiles)
        return profiles.error();
    auto catalogues = std::unique_ptr<ConsoleCatalogues>(new ConsoleCatalogues{
        assets_directory, std::move(*strings), std::move(*forms), std::move(*profiles)});
    return catalogues;
}

ConsoleApplication::ConsoleApplication(const ConsoleCatalogues& catalogues, const ConsoleOptions& options,
                                       std::unique_ptr<model::StaffServiceFactory> factory)
    : catalogues_(catalogues),
      options_(options),
      factory_(std::move(factory)),
      session_(std::make_shared<SessionSlot>()) {
    state_.idle_lock_seconds = options.idle_lock_minutes * 60.0;
    state_.connection.endpoint = options.server_endpoint;
    state_.edits.key_file = options.staff_key_file.string();
}

ConsoleApplication::~ConsoleApplication() {
    sodium_memzero(state_.edits.passphrase.data(), state_.edits.passphrase.size());
}

// [SECTION] intents

void ConsoleApplication::apply(const Intent& intent) {
    auto& inbox = state_.inbox;
    const bool working = state_.flow == FlowState::Working;
    switch (intent.kind) {
        case IntentKind::SignIn:
            if (state_.flow == FlowState::SignedOut || state_.flow == FlowState::Locked)
                sign_in();
            return;
        case IntentKind::SignOut:
            end_session(FlowState::SignedOut, "");
            return;
        case IntentKind::Lock:
            if (working)
                end_session(FlowState::Locked, "console.lock.by_user");
            return;
        case IntentKind::Quit:
            state_.quit_requested = true;
            return;
        default:
            break;
    }
    if (!working)
        return;  // S2: nothing but signing in is possible outside a session
    switch (intent.kind) {
        case IntentKind::ShowView: {
            const auto view = static_cast<ViewId>(intent.number);
            if (view == ViewId::Detail && state_.detail.submission_id.empty())
                return;
            state_.view = view;
            if (view == ViewId::Fleet)
                refresh_fleet();
            if (view == ViewId::Audit && !state_.audit.page)
                refresh_audit();
            if (view == ViewId::Batches)
                refresh_batches();
            if (view == ViewId::Board)
                refresh_bids(state_.bids.overview ? state_.bids.overview->listing_id : std::string());
            if (view == ViewId::Projects)
                refresh_projects();
            if (view == ViewId::Reports)
                refresh_reports();
            return;
        }
        case IntentKind::ApplyFilters:
            apply_filter_texts();
            return;
        case IntentKind::ClearFilters: {
            // The order is no filter: it stays.
            const bool newest_first = inbox.query.newest_first;
            const std::string sort = inbox.query.sort;
            inbox.query = model::InboxQuery{};
            inbox.query.newest_first = newest_first;
            inbox.query.sort = sort;
            state_.edits.search.clear();
            state_.edits.terminal.clear();
            state_.edits.date_from.clear();
            state_.edits.date_until.clear();
            inbox.filter_problem.clear();
            restart_query();
            return;
        }
        case IntentKind::SetStage:
            inbox.query.review_stage = intent.text;
            restart_query();
            return;
        case IntentKind::SetKind:
            inbox.query.kind = intent.text;
            restart_query();
            return;
        case IntentKind::SetCounty:
            inbox.query.county_admin_code = intent.text;
            restart_query();
            return;
        case IntentKind::SetIndustry:
            inbox.query.industry_id = intent.text;
            restart_query();
            return;
        case IntentKind::SetOrder:
            inbox.query.newest_first = intent.flag;
            if (!intent.text.empty())
                inbox.query.sort = intent.text;
            restart_query();
            return;
        case IntentKind::SetFlagFilter:
            inbox.query.flag_kinds = static_cast<unsigned>(intent.number);
            restart_query();
            return;
        case IntentKind::AcknowledgeArrivals:
            inbox.baseline_sequence = inbox.newest_sequence;
            inbox.new_arrivals = 0;
            return;
        case IntentKind::ShowRows:
            inbox.visible_first = std::max<std::int64_t>(0, intent.number);
            inbox.visible_last = std::max(inbox.visible_first, intent.second);
            request_visible_pages();
            return;
        case IntentKind::SelectRow:
            inbox.selected_id = intent.text;
            return;
        case IntentKind::OpenSubmission:
            open_submission(intent.text);
            return;
        case IntentKind::NextSubmission:
            step_submission(+1);
            return;
        case IntentKind::PreviousSubmission:
            step_submission(-1);
            return;
        case IntentKind::BackToInbox:
            state_.view = ViewId::Inbox;
            return;
        case IntentKind::BeginAction:
            begin_action(static_cast<review::ReviewAction>(intent.number));
            return;
        case IntentKind::UseReasonTemplate:
            if (state_.dialog.open)
                state_.edits.reason = catalogues_.strings.text(intent.text);
            return;
        case IntentKind::ConfirmAction:
            confirm_action();
            return;
        case IntentKind::CancelAction:
            if (!state_.dialog.sending) {
                state_.dialog = ActionDialog{};
                state_.edits.reason.clear();
            }
            return;
        case IntentKind::ShowListingBids:
            refresh_bids(intent.text);
            return;
        case IntentKind::RefreshProjects:
            refresh_projects();
            return;
        case IntentKind::OpenProject:
            open_project(intent.text);
            return;
        case IntentKind::RefreshReports:
            refresh_reports();
            return;
        case IntentKind::OpenReport: {
            const auto space = intent.text.find(' ');
            if (space != std::string::npos)
                open_report(intent.text.substr(0, space), intent.text.substr(space + 1));
            return;
        }
        case IntentKind::RefreshFleet:
            refresh_fleet();
            return;
        case IntentKind::RefreshAudit:
            refresh_audit();
            return;
        case IntentKind::AskPublishBoard:
            state_.board.confirming = true;
            state_.board.problem.clear();
            return;
        case IntentKind::CancelPublishBoard:
            state_.board.confirming = false;
            return;
        case IntentKind::ConfirmPublishBoard:
            publish_board();
            return;
        case IntentKind::AskCurateListing:
            state_.board.curation =
                intent.number == 1 ? ListingCuration::Withdraw : ListingCuration::Deadline;
            state_.board.curated_listing = intent.text;
            state_.board.curation_problem.clear();
            state_.edits.listing_reason.clear();
            state_.edits.listing_deadline.clear();
            return;
        case IntentKind::CancelCurateListing:
            state_.board.curation = ListingCuration::None;
            state_.board.curation_problem.clear();
            return;
        case IntentKind::ConfirmCurateListing:
            curate_listing();
            return;
        case IntentKind::ToggleForwardItem: {
            auto& chosen = state_.batches.chosen;
            if (!chosen.erase(intent.text))
                chosen.insert(intent.text);
            state_.batches.confirming = false;
            if (state_.batches.preview && state_.batches.preview->provisional)
                state_.batches.preview.reset();  // it showed another selection
            return;
        }
        case IntentKind::ChooseAllForward:
            state_.batches.chosen.clear();
            if (intent.flag) {
                for (const auto& row : state_.batches.candidates)
                    state_.batches.chosen.insert(row.submission_id);
            }
            state_.batches.confirming = false;
            if (state_.batches.preview && state_.batches.preview->provisional)
                state_.batches.preview.reset();  // it showed another selection
            return;
        case IntentKind::AskForward:
            if (!state_.batches.chosen.empty())
                state_.batches.confirming = true;
            return;
        case IntentKind::CancelForward:
            state_.batches.confirming = false;
            return;
        case IntentKind::ConfirmForward:
            if (state_.batches.preview && state_.batches.preview->provisional)
                state_.batches.preview.reset();  // the batch made replaces the selection's preview
            forward_chosen();
            return;
        case IntentKind::OpenBatch:
            open_batch(intent.number);
            return;
        case IntentKind::PreviewSummary:
            preview_summary(intent.number, static_cast<int>(intent.second));
            return;
        case IntentKind::PreviewSelection:
            preview_selection(static_cast<int>(intent.second));
            return;
        case IntentKind::ClosePreview:
            state_.batches.preview.reset();
            return;
        case IntentKind::ExportSummary:
            export_summary(intent.number);
            return;
        case IntentKind::ExportProjects:
            export_projects();
            return;
        case IntentKind::PrintSummary:
            print_summary(intent.number);
            return;
        case IntentKind::RefreshBatches:
            refresh_batches();
            return;
        default:
            return;
    }
}

// [SECTION] timers

void ConsoleApplication::set_clock(double now_seconds) {
    state_.now = now_seconds;
    if (state_.last_activity == 0)
        state_.last_activity = now_seconds;
}

void ConsoleApplication::note_activity() {
    state_.last_activity = state_.now;
}

void ConsoleApplication::wait_for_progress(int milliseconds) {
    worker_.wait_for_progress(std::chrono::milliseconds(milliseconds));
}

bool ConsoleApplication::tick() {
    bool changed = worker_.drain() > 0;
    if (state_.flow == FlowState::Working) {
        if (state_.now - state_.last_activity >= state_.idle_lock_seconds) {
            end_session(FlowState::Locked, "console.lock.idle");  // A6
            return true;
        }
        if (state_.now - state_.inbox.last_poll >= options_.poll_seconds && !poll_in_flight_ &&
            state_.identity->role != backoffice::Role::Admin)
            poll();
    }
    return changed;
}

// [SECTION] session

void ConsoleApplication::post(std::function<std::function<void()>(model::StaffService&)> request) {
    auto slot = session_;
    const int generation = session_generation_;
    worker_.post([this, slot, generation, request = std::move(request)]() -> model::ModelWorker::Completion {
        if (!slot->service) {
            return [this, generation] {
                if (generation == session_generation_)
                    note_failure(Error("console.not_connected", ""));
            };
        }
        auto completion = request(*slot->service);
        return [this, generation, completion = std::move(completion)] {
            if (generation == session_generation_ &&
                completion)  // A2: an answer from before a lock is dropped
                completion();
        };
    });
}

void ConsoleApplication::sign_in() {
    state_.sign_in_problem.clear();
    const std::string key_file = trimmed(state_.edits.key_file);
    // A3: one copy of the passphrase, the buffer zeroed at once.
    auto passphrase = std::make_shared<SecretText>(std::string_view(state_.edits.passphrase.data()));
    sodium_memzero(state_.edits.passphrase.data(), state_.edits.passphrase.size());
    if (key_file.empty()) {
        state_.sign_in_problem = catalogues_.strings.text("console.sign_in.no_key_file");
        return;
    }
    if (options_.server_endpoint.empty()) {
        state_.sign_in_problem = catalogues_.strings.text("console.sign_in.no_server");
        return;
    }
    if (passphrase->view().empty()) {
        state_.sign_in_problem = catalogues_.strings.text("console.sign_in.no_passphrase");
        return;
    }
    const FlowState before = state_.flow;
    state_.flow = FlowState::Unsealing;
    model::ConnectionSettings settings;
    settings.endpoint = options_.server_endpoint;
    settings.server_public_key = options_.server_public_key;
    auto slot = session_;
    const int generation = session_generation_;
    auto* factory = factory_.get();
    worker_.post([this, slot, generation, key_file, settings, passphrase, before,
                  factory]() -> model::ModelWorker::Completion {
        const auto failed = [this, generation, before](Error error) -> model::ModelWorker::Completion {
            return [this, generation, before, error = std::move(error)] {
                if (generation != session_generation_)
                    return;
                state_.flow = before;
                state_.sign_in_problem = catalogues_.strings.message(error);
            };
        };
        auto service = factory->connect(settings, key_file, passphrase->view());
        passphrase->wipe();  // A3
        if (!service)
            return failed(service.error());
        auto identity = (*service)->whoami();
        if (!identity)
            return failed(identity.error());
        slot->service = std::move(*service);
        return [this, generation, identity = std::move(*identity)] {
            if (generation != session_generation_)
                return;
            state_.identity = identity;
            state_.identity->profile_id = profile_for_area(identity.area_code);
            state_.flow = FlowState::Working;
            state_.lock_reason_key.clear();
            state_.last_activity = state_.now;
            note_contact();
            if (identity.role == backoffice::Role::Admin) {
                state_.view = ViewId::Fleet;  // an administrator reads no submissions (docs/backoffice.md)
                refresh_fleet();
            } else {
                state_.view = ViewId::Inbox;
                restart_query();
            }
        };
    });
}

void ConsoleApplication::end_session(FlowState next, std::string_view lock_reason_key) {
    ++session_generation_;
    auto slot = session_;
    worker_.post([slot]() -> model::ModelWorker::Completion {
        slot->service.reset();  // disconnects; the session's key pair is wiped with it
        return {};
    });
    clear_personal_data(next == FlowState::Locked);
    state_.flow = next;
    state_.lock_reason_key = std::string(lock_reason_key);
    poll_in_flight_ = false;
    pending_open_index_ = -1;
}

void ConsoleApplication::clear_personal_data(bool keep_key_file) {
    const std::string key_file = keep_key_file ? state_.edits.key_file : std::string();
    sodium_memzero(state_.edits.passphrase.data(), state_.edits.passphrase.size());
    state_.edits = EditBuffers{};
    state_.edits.key_file = key_file;
    state_.identity.reset();
    state_.inbox = InboxState{};
    state_.detail = DetailState{};
    state_.dialog = ActionDialog{};
    state_.fleet = FleetState{};
    state_.audit = AuditState{};
    state_.board = BoardState{};
    state_.batches = BatchesState{};
    state_.bids = BidsState{};
    state_.projects = ProjectsState{};
    state_.reports = ReportsState{};
    state_.notice.clear();
    state_.view = ViewId::Inbox;
    state_.connection.online = false;
    state_.connection.problem.clear();
    ++state_.clear_count;
    if (on_clear)
        on_clear();
}

void ConsoleApplication::note_failure(const Error& error) {
    const std::string message = catalogues_.strings.message(error);
    // A failure to reach the aggregator at all marks it offline; a refusal is an answer (it is online).
    const bool unreachable = error.code.rfind("sync.", 0) == 0 || error.code == "console.not_connected" ||
                             error.code.rfind("staff_channel.", 0) == 0;
    if (unreachable) {
        state_.connection.online = false;
        state_.connection.problem = message;
    } else {
        note_contact();
    }
}

void ConsoleApplication::note_contact() {
    state_.connection.online = true;
    state_.connection.last_contact = state_.now;
    state_.connection.problem.clear();
}

// [SECTION] inbox

void ConsoleApplication::apply_filter_texts() {
    auto& inbox = state_.inbox;
    const auto& edits = state_.edits;
    inbox.filter_problem.clear();
    std::int64_t from = 0, before = 0;
    const std::string from_text = trimmed(edits.date_from);
    const std::string until_text = trimmed(edits.date_until);
    if (!from_text.empty()) {
        auto parsed = model::parse_local_date(from_text);
        if (!parsed) {
            inbox.filter_problem =
                catalogues_.strings.format("console.inbox.bad_date", {{"text", from_text}});
            return;
        }
        from = *parsed;
    }
    if (!until_text.empty()) {
        auto parsed = model::parse_local_date(until_text);
        if (!parsed) {
            inbox.filter_problem =
                catalogues_.strings.format("console.inbox.bad_date", {{"text", until_text}});
            return;
        }
        before = *parsed + 24 * 3600;  // the whole last day (the next local midnight on DST-free zones)
    }
    if (from != 0 && before != 0 && before <= from) {
        inbox.filter_problem = catalogues_.strings.text("console.inbox.dates_reversed");
        return;
    }
    const std::string text = trimmed(edits.search);
    if (utf8::count_code_points(text).value_or(0) > 100) {
        inbox.filter_problem = catalogues_.strings.text("console.inbox.search_too_long");
        return;
    }
    inbox.query.text = text;
    inbox.query.terminal_id = trimmed(edits.terminal);
    inbox.query.received_from = from;
    inbox.query.received_before = before;
    restart_query();
}

void ConsoleApplication::reset_pages() {
    auto& inbox = state_.inbox;
    ++inbox.generation;
    inbox.pages.clear();
    inbox.cursors.assign(1, InboxState::Cursor{});
    inbox.end_seen = false;
    inbox.pages_in_flight.clear();
    pending_open_index_ = -1;
}

void ConsoleApplication::restart_query() {
    auto& inbox = state_.inbox;
    reset_pages();
    inbox.total_known = false;
    inbox.problem.clear();
    inbox.visible_first = 0;
    inbox.visible_last = 0;
    inbox.newest_sequence = 0;
    inbox.baseline_sequence = 0;
    inbox.new_arrivals = 0;
    inbox.last_poll = state_.now;
    fetch_page(0);
    refresh_counts();
}

void ConsoleApplication::request_visible_pages() {
    auto& inbox = state_.inbox;
    const std::int64_t size = InboxState::page_size;
    const std::int64_t first = inbox.visible_first / size;
    const std::int64_t last = inbox.visible_last / size + 1;  // one page ahead
    // Far pages go (their cursors stay): memory is a few pages, however far the person scrolled.
    for (auto it = inbox.pages.begin(); it != inbox.pages.end();)
        it = (it->first < first - 2 || it->first > last + 2) ? inbox.pages.erase(it) : std::next(it);
    for (std::int64_t page = first; page <= last; ++page) {
        if (inbox.pages.count(page) != 0 || inbox.pages_in_flight.count(page) != 0)
            continue;
        const auto known = static_cast<std::int64_t>(inbox.cursors.size());
        if (page < known) {
            fetch_page(page);
            continue;
        }
        // Its cursor is not known yet: walk on from the last page whose cursor is (one page at a time).
        if (!inbox.end_seen && inbox.pages_in_flight.count(known - 1) == 0 &&
            inbox.pages.count(known - 1) == 0)
            fetch_page(known - 1);
        break;
    }
}

void ConsoleApplication::fetch_page(std::int64_t page_number) {
    auto& inbox = state_.inbox;
    if (page_number < 0 || page_number >= static_cast<std::int64_t>(inbox.cursors.size()))
        return;
    model::InboxQuery query = inbox.query;
    query.after = inbox.cursors[static_cast<std::size_t>(page_number)].after;
    query.after_key = inbox.cursors[static_cast<std::size_t>(page_number)].key;
    query.page_size = InboxState::page_size;
    const int query_generation = inbox.generation;
    inbox.pages_in_flight.insert(page_number);
    post([this, query, query_generation, page_number](model::StaffService& service) -> std::function<void()> {
        auto page = service.search(query);
        return [this, query_generation, page_number, page = std::move(page)] {
            auto& current = state_.inbox;
            if (query_generation != current.generation)
                return;  // S3: the answer to an older query
            current.pages_in_flight.erase(page_number);
            if (!page) {
                current.problem = catalogues_.strings.message(page.error());
                note_failure(page.error());
                return;
            }
            note_contact();
            current.problem.clear();
            current.total = page->total;
            current.total_known = true;
            if (page_number + 1 == static_cast<std::int64_t>(current.cursors.size())) {
                if (page->next_after != 0)
                    current.cursors.push_back(InboxState::Cursor{page->next_after, page->next_after_key});
                else
                    current.end_seen = true;
            }
            for (const auto& row : page->rows)
                current.newest_sequence = std::max(current.newest_sequence, row.sequence);
            if (current.baseline_sequence == 0)
                current.baseline_sequence = current.newest_sequence;
            current.pages[page_number] = std::move(page->rows);
            count_new_arrivals();
            if (pending_open_index_ >= 0) {
                if (const auto* row = current.row_at(pending_open_index_)) {
                    pending_open_index_ = -1;
                    open_submission(row->submission_id);
                }
            }
            request_visible_pages();
        };
    });
}

void ConsoleApplication::count_new_arrivals() {
    auto& inbox = state_.inbox;
    inbox.new_arrivals = 0;
    for (const auto& [number, rows] : inbox.pages) {
        for (const auto& row : rows)
            inbox.new_arrivals += row.sequence > inbox.baseline_sequence ? 1 : 0;
    }
}

void ConsoleApplication::refresh_counts() {
    auto& inbox = state_.inbox;
    const int generation = ++inbox.counts_generation;
    model::InboxQuery query = inbox.query;
    query.review_stage.clear();
    query.sort = "received";  // a count needs no order
    query.after = 0;
    query.after_key.clear();
    query.page_size = 1;
    std::vector<std::string> stages;
    for (const auto& transition : review::transitions()) {
        if (state_.identity && transition.tier == state_.identity->tier) {
            for (auto stage : {transition.from, transition.to}) {
                const std::string name(review::state_name(stage));
                if (std::find(stages.begin(), stages.end(), name) == stages.end())
                    stages.push_back(name);
            }
        }
    }
    post([this, query, stages, generation](model::StaffService& service) -> std::function<void()> {
        std::map<std::string, std::int64_t> counts;
        auto all = service.search(query);
        std::optional<Error> failure;
        if (!all)
            failure = all.error();
        for (const auto& stage : stages) {
            if (failure)
                break;
            model::InboxQuery one = query;
            one.review_stage = stage;
            auto page = service.search(one);
            if (!page) {
                failure = page.error();
                break;
            }
            counts[stage] = page->total;
        }
        const std::int64_t total = all ? all->total : 0;
        return [this, counts, total, generation, failure] {
            auto& shown = state_.inbox;
            if (generation != shown.counts_generation)
                return;
            if (failure) {
                note_failure(*failure);
                return;
            }
            shown.stage_counts = counts;
            shown.all_count = total;
        };
    });
}

void ConsoleApplication::poll() {
    auto& inbox = state_.inbox;
    inbox.last_poll = state_.now;
    poll_in_flight_ = true;
    model::InboxQuery query = inbox.query;
    query.sort = "received";  // the newest arrival under the filters
    query.newest_first = true;
    query.after = 0;
    query.after_key.clear();
    query.page_size = 1;
    const int query_generation = inbox.generation;
    post([this, query, query_generation](model::StaffService& service) -> std::function<void()> {
        auto page = service.search(query);
        return [this, query_generation, page = std::move(page)] {
            poll_in_flight_ = false;
            auto& shown = state_.inbox;
            if (!page) {
                note_failure(page.error());
                return;
            }
            note_contact();
            if (query_generation != shown.generation)
                return;
            const std::int64_t newest = page->rows.empty() ? 0 : page->rows.front().sequence;
            if (page->total == shown.total && newest <= shown.newest_sequence)
                return;
            // New arrivals or decisions moved the rows: read what is in view again (no reload, the scroll
            // position stays) and the counts with it.
            reset_pages();
            request_visible_pages();
            if (shown.pages_in_flight.empty())
                fetch_page(0);
            refresh_counts();
        };
    });
    if (state_.view == ViewId::Fleet && !state_.fleet.loading)
        refresh_fleet();
}

std::string ConsoleApplication::profile_for_area(std::string_view area_code) const {
    for (const auto& profile : catalogues_.profiles.all()) {
        if (profile.city_admin_code == area_code || profile.county_by_code(area_code) != nullptr)
            return profile.id;
    }
    return {};
}

// [SECTION] detail and actions

void ConsoleApplication::open_submission(const std::string& submission_id) {
    if (submission_id.empty())
        return;
    state_.inbox.selected_id = submission_id;
    state_.detail = DetailState{};
    state_.detail.submission_id = submission_id;
    state_.detail.loading = true;
    state_.view = ViewId::Detail;
    const ConsoleCatalogues& catalogues = catalogues_;
    post([this, submission_id, &catalogues](model::StaffService& service) -> std::function<void()> {
        auto record = service.open(submission_id);
        std::optional<Result<model::ReadableSubmission>> readable;
        if (record)
            readable =
                model::read_submission(*record, {catalogues.forms, catalogues.profiles, catalogues.strings});
        // A resubmission is shown beside the filing it corrects: the chain, then that filing in full. Neither
        // is needed to act on the item, so a failure here leaves the detail as it is (no chain shown).
        std::vector<model::RevisionSummary> chain;
        std::optional<model::ReadableSubmission> previous;
        std::int64_t previous_revision = 0;
        if (record) {
            if (auto revisions = service.revisions(submission_id); revisions && revisions->size() > 1) {
                chain = *revisions;
                const auto self =
                    std::find_if(chain.begin(), chain.end(), [&](const model::RevisionSummary& entry) {
                        return entry.submission_id == record->row.submission_id;
                    });
                if (self != chain.end() && !self->resubmission_of.empty()) {
                    const auto corrected =
                        std::find_if(chain.begin(), chain.end(), [&](const model::RevisionSummary& entry) {
                            return entry.submission_id == self->resubmission_of;
                        });
                    if (corrected != chain.end()) {
                        if (auto earlier = service.open(corrected->submission_id)) {
                            auto earlier_readable = model::read_submission(
                                *earlier, {catalogues.forms, catalogues.profiles, catalogues.strings});
                            if (earlier_readable) {
                                previous = std::move(earlier_readable.value());
                                previous_revision = corrected->revision;
                            }
                        }
                    }
                }
            }
        }
        return [this, submission_id, record = std::move(record), readable = std::move(readable),
                chain = std::move(chain), previous = std::move(previous), previous_revision] {
            auto& detail = state_.detail;
            if (detail.submission_id != submission_id)
                return;  // another item was opened meanwhile
            detail.loading = false;
            if (!record) {
                detail.problem = catalogues_.strings.message(record.error());
                note_failure(record.error());
                return;
            }
            note_contact();
            detail.record = *record;
            detail.revisions = chain;
            detail.previous = previous;
            detail.previous_revision = previous_revision;
            if (readable && *readable) {
                detail.readable = readable->value();
            } else if (readable) {
                detail.problem = catalogues_.strings.message(readable->error());
            }
        };
    });
}

void ConsoleApplication::step_submission(int direction) {
    auto& inbox = state_.inbox;
    const std::string current =
        state_.view == ViewId::Detail ? state_.detail.submission_id : inbox.selected_id;
    std::int64_t index = inbox.index_of(current);
    if (index < 0)
        index = direction > 0 ? -1 : 0;
    const std::int64_t target = index + direction;
    if (target < 0 || (inbox.total_known && target >= inbox.total))
        return;
    const model::InboxRow* row = inbox.row_at(target);
    if (state_.view != ViewId::Detail) {
        if (row != nullptr) {
            inbox.selected_id = row->submission_id;
            ++inbox.selection_serial;
        }
        return;
    }
    if (row != nullptr) {
        open_submission(row->submission_id);
        return;
    }
    // Its page is not here yet: fetch it and open the item when it arrives.
    pending_open_index_ = target;
    inbox.visible_last = std::max(inbox.visible_last, target);
    request_visible_pages();
}

bool ConsoleApplication::action_allowed(std::string_view stage, review::ReviewAction action) const {
    if (!state_.identity)
        return false;
    const auto from = review::state_from_name(stage);
    if (!from)
        return false;
    const auto outcome = review::apply(state_.identity->tier, *from, action,
                                       backoffice::review_actor(state_.identity->role), "-");
    return outcome.ok() && !outcome->ignored;
}

void ConsoleApplication::begin_action(review::ReviewAction action) {
    const auto& detail = state_.detail;
    if (state_.view != ViewId::Detail || !detail.record || state_.dialog.open)
        return;
    const auto& row = detail.record->row;
    if (!action_allowed(row.review_stage, action))
        return;
    ActionDialog dialog;
    dialog.open = true;
    dialog.action = action;
    dialog.submission_id = row.submission_id;
    dialog.receipt_number = row.receipt_number;
    dialog.title = row.title;
    for (const auto& transition : review::transitions()) {
        if (transition.tier == state_.identity->tier && transition.action == action &&
            review::state_name(transition.from) == row.review_stage)
            dialog.needs_reason = transition.reason_required;
    }
    state_.dialog = dialog;
    state_.edits.reason.clear();
}

void ConsoleApplication::confirm_action() {
    auto& dialog = state_.dialog;
    if (!dialog.open || dialog.sending)
        return;
    model::ActionRequest request;
    request.submission_id = dialog.submission_id;  // S4: the item the dialog names
    request.action = dialog.action;
    request.reason = dialog.needs_reason ? trimmed(state_.edits.reason) : std::string();
    if (dialog.needs_reason && request.reason.empty()) {
        dialog.problem = catalogues_.strings.message(Error("review.reason_required", ""));
        return;
    }
    if (request.reason.size() > review::max_reason_bytes) {
        dialog.problem = catalogues_.strings.message(
            Error("review.reason_too_long", "").with("limit", std::to_string(review::max_reason_bytes)));
        return;
    }
    dialog.problem.clear();
    dialog.sending = true;
    const std::string receipt = dialog.receipt_number;
    post([this, request, receipt](model::StaffService& service) -> std::function<void()> {
        auto outcome = service.act(request);
        return [this, request, receipt, outcome = std::move(outcome)] {
            auto& open_dialog = state_.dialog;
            open_dialog.sending = false;
            if (!outcome) {
                open_dialog.problem =
                    catalogues_.strings.message(outcome.error());  // the dialog stays open (A4)
                note_failure(outcome.error());
                return;
            }
            note_contact();
            const std::string action_key =
                "console.action.done." + std::string(review::action_name(request.action));
            state_.notice = catalogues_.strings.format(action_key, {{"receipt", receipt}});
            state_.notice_at = state_.now;
            open_dialog = ActionDialog{};
            state_.edits.reason.clear();
            // The item and the rows around it changed: read them again.
            if (state_.detail.submission_id == request.submission_id)
                open_submission(request.submission_id);
            reset_pages();
            request_visible_pages();
            if (state_.inbox.pages_in_flight.empty())
                fetch_page(0);
            refresh_counts();
        };
    });
}

// [SECTION] other views

void ConsoleApplication::refresh_fleet() {
    state_.fleet.loading = true;
    post([this](model::StaffService& service) -> std::function<void()> {
        auto report = service.fleet();
        return [this, report = std::move(report)] {
            auto& fleet = state_.fleet;
            fleet.loading = false;
            if (!report) {
                fleet.problem = catalogues_.strings.message(report.error());
                note_failure(report.error());
                return;
            }
            note_contact();
            fleet.problem.clear();
            fleet.report = *report;
            fleet.fetched_at = state_.now;
        };
    });
}

void ConsoleApplication::refresh_bids(const std::string& listing_id) {
    state_.bids.loading = true;
    post([this, listing_id](model::StaffService& service) -> std::function<void()> {
        auto overview = service.bids(listing_id);
        return [this, overview = std::move(overview)] {
            auto& bids = state_.bids;
            bids.loading = false;
            if (!overview) {
                bids.problem = catalogues_.strings.message(overview.error());
                note_failure(overview.error());
                return;
            }
            note_contact();
            bids.problem.clear();
            bids.overview = *overview;
        };
    });
}

void ConsoleApplication::refresh_projects() {
    state_.projects.loading = true;
    if (state_.identity && state_.identity->tier == review::Tier::County) {
        post([this](model::StaffService& service) -> std::function<void()> {
            auto county = service.county_projects();
            return [this, county = std::move(county)] {
                auto& projects = state_.projects;
                projects.loading = false;
                if (!county) {
                    projects.problem = catalogues_.strings.message(county.error());
                    note_failure(county.error());
                    return;
                }
                note_contact();
                projects.problem.clear();
                projects.county = *county;
            };
        });
        return;
    }
    post([this](model::StaffService& service) -> std::function<void()> {
        auto listing = service.projects();
        return [this, listing = std::move(listing)] {
            auto& projects = state_.projects;
            projects.loading = false;
            if (!listing) {
                projects.problem = catalogues_.strings.message(listing.error());
                note_failure(listing.error());
                return;
            }
            note_contact();
            projects.problem.clear();
            projects.listing = *listing;
            // The open project follows the register: read again, or chosen as the first one.
            if (projects.selected.empty() && !listing->projects.empty())
                projects.selected = listing->projects.front().project_id;
            if (!projects.selected.empty())
                open_project(projects.selected);
        };
    });
}

void ConsoleApplication::open_project(const std::string& project_id) {
    state_.projects.selected = project_id;
    state_.projects.opening = true;
    post([this, project_id](model::StaffService& service) -> std::function<void()> {
        auto file = service.project(project_id);
        return [this, project_id, file = std::move(file)] {
            auto& projects = state_.projects;
            if (projects.selected != project_id)
                return;  // another project was chosen meanwhile
            projects.opening = false;
            if (!file) {
                projects.problem = catalogues_.strings.message(file.error());
                projects.open.reset();
                note_failure(file.error());
                return;
            }
            note_contact();
            projects.problem.clear();
            projects.open = *file;
        };
    });
}

void ConsoleApplication::refresh_reports() {
    state_.reports.loading = true;
    post([this](model::StaffService& service) -> std::function<void()> {
        auto received = service.received_reports();
        return [this, received = std::move(received)] {
            auto& reports = state_.reports;
            reports.loading = false;
            if (!received) {
                reports.problem = catalogues_.strings.message(received.error());
                note_failure(received.error());
                return;
            }
            note_contact();
            reports.problem.clear();
            reports.received = *received;
            // The open report follows the list: read again, or the newest one chosen.
            if (reports.selected_county.empty() && !received->empty()) {
                reports.selected_county = received->front().county_admin_code;
                reports.selected_month = received->front().month;
            }
            if (!reports.selected_county.empty())
                open_report(reports.selected_county, reports.selected_month);
        };
    });
}

void ConsoleApplication::open_report(const std::string& county_admin_code, const std::string& month) {
    state_.reports.selected_county = county_admin_code;
    state_.reports.selected_month = month;
    state_.reports.opening = true;
    post([this, county_admin_code, month](model::StaffService& service) -> std::function<void()> {
        auto report = service.received_report(county_admin_code, month);
        return [this, county_admin_code, month, report = std::move(report)] {
            auto& reports = state_.reports;
            if (reports.selected_county != county_admin_code || reports.selected_month != month)
                return;  // another report was chosen meanwhile
            reports.opening = false;
            if (!report) {
                reports.problem = catalogues_.strings.message(report.error());
                reports.open.reset();
                note_failure(report.error());
                return;
            }
            note_contact();
            reports.problem.clear();
            reports.open = *report;
        };
    });
}

void ConsoleApplication::refresh_audit() {
    state_.audit.loading = true;
    post([this](model::StaffService& service) -> std::function<void()> {
        auto page = service.audit(500);
        return [this, page = std::move(page)] {
            auto& audit = state_.audit;
            audit.loading = false;
            if (!page) {
                audit.problem = catalogues_.strings.message(page.error());
                note_failure(page.error());
                return;
            }
            note_contact();
            audit.problem.clear();
            audit.page = *page;
        };
    });
}

void ConsoleApplication::publish_board() {
    auto& board = state_.board;
    if (!board.confirming || board.publishing)
        return;
    board.publishing = true;
    post([this](model::StaffService& service) -> std::function<void()> {
        auto published = service.publish_board();
        return [this, published = std::move(published)] {
            auto& shown = state_.board;
            shown.publishing = false;
            shown.confirming = false;
            if (!published) {
                shown.problem = catalogues_.strings.message(published.error());
                note_failure(published.error());
                return;
            }
            note_contact();
            shown.problem.clear();
            shown.last = *published;
            state_.notice = catalogues_.strings.format("console.board.published",
                                                       {{"version", std::to_string(published->version)},
                                                        {"count", std::to_string(published->listings)}});
            state_.notice_at = state_.now;
        };
    });
}

// The form is checked here first (a reason, a real date not before today in China), so a slip is said at
// once; the aggregator checks it again with the role and the listing.
void ConsoleApplication::curate_listing() {
    auto& board = state_.board;
    if (board.curation == ListingCuration::None || board.curating)
        return;
    const bool withdraw = board.curation == ListingCuration::Withdraw;
    const std::string reason = withdraw ? state_.edits.listing_reason : std::string();
    const std::string deadline = withdraw ? std::string() : state_.edits.listing_deadline;
    if (withdraw && reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        board.curation_problem = catalogues_.strings.message(Error("board.reason_missing", "reason"));
        return;
    }
    if (!withdraw) {
        auto date = lifecycle::CalendarDate::parse(deadline, "deadline");
        if (!date ||
            *date < lifecycle::CalendarDate::in_china_at(static_cast<std::int64_t>(std::time(nullptr)))) {
            board.curation_problem = catalogues_.strings.message(
                Error(date ? "board.deadline_past" : "board.deadline_invalid", "deadline")
                    .with("value", deadline));
            return;
        }
    }
    board.curating = true;
    const std::string listing = board.curated_listing;
    post([this, listing, reason, deadline, withdraw](model::StaffService& service) -> std::function<void()> {
        auto published = service.curate_listing(listing, reason, deadline);
        return [this, listing, deadline, withdraw, published = std::move(published)] {
            auto& shown = state_.board;
            shown.curating = false;
            if (!published) {
                shown.curation_problem = catalogues_.strings.message(published.error());
                note_failure(published.error());
                return;
            }
            note_contact();
            shown.curation = ListingCuration::None;
            shown.curation_problem.clear();
            shown.last = *published;
            state_.notice = catalogues_.strings.format(
                withdraw ? "console.board.withdrawn" : "console.board.deadline_set",
                {{"listing", listing},
                 {"deadline", deadline},
                 {"version", std::to_string(published->version)}});
            state_.notice_at = state_.now;
            refresh_bids(withdraw ? std::string() : listing);
        };
    });
}

namespace {

// Every row of `query`, page after page, at most `limit` (a batch holds at most 500 items, C6).
Result<std::vector<model::InboxRow>> all_rows(model::StaffService& service, model::InboxQuery query,
                                              std::size_t limit, std::int64_t* total) {
    std::vector<model::InboxRow> rows;
    query.after = 0;
    query.page_size = 200;
    while (rows.size() < limit) {
        auto page = service.search(query);
        if (!page)
            return page.error();
        if (total != nullptr)
            *total = page->total;
        for (auto& row : page->rows) {
            if (rows.size() < limit)
                rows.push_back(std::move(row));
        }
        if (page->next_after == 0)
            break;
        query.after = page->next_after;
        query.after_key = page->next_after_key;
    }
    return rows;
}

}  // namespace

void ConsoleApplication::refresh_batches() {
    state_.batches.loading = true;
    const std::int64_t open = state_.batches.open_batch;
    post([this](model::StaffService& service) -> std::function<void()> {
        model::InboxQuery accepted;
        accepted.review_stage = "accepted";
        accepted.kind = "demand";
        accepted.newest_first = false;
        std::int64_t total = 0;
        auto candidates = all_rows(service, accepted, 500, &total);
        Result<std::vector<model::BatchSummary>> batches =
            candidates ? service.batches() : Result<std::vector<model::BatchSummary>>(candidates.error());
        return [this, candidates = std::move(candidates), batches = std::move(batches), total] {
            auto& shown = state_.batches;
            shown.loading = false;
            if (!candidates || !batches) {
                const Error& error = !candidates ? candidates.error() : batches.error();
                shown.problem = catalogues_.strings.message(error);
                note_failure(error);
                return;
            }
            note_contact();
            shown.problem.clear();
            shown.candidates = *candidates;
            shown.candidates_total = total;
            shown.batches = *batches;
            // What was chosen and is no longer a candidate (decided elsewhere meanwhile) is not chosen now.
            std::set<std::string> still;
            for (const auto& row : shown.candidates) {
                if (shown.chosen.count(row.submission_id) != 0)
                    still.insert(row.submission_id);
            }
            shown.chosen = std::move(still);
        };
    });
    if (open != 0)
        open_batch(open);
}

void ConsoleApplication::open_batch(std::int64_t number) {
    state_.batches.open_batch = number;
    post([this, number](model::StaffService& service) -> std::function<void()> {
        model::InboxQuery query;
        query.batch = number;
        query.newest_first = false;
        auto rows = all_rows(service, query, 500, nullptr);
        return [this, number, rows = std::move(rows)] {
            auto& shown = state_.batches;
            if (shown.open_batch != number)
                return;
            if (!rows) {
                shown.problem = catalogues_.strings.message(rows.error());
                note_failure(rows.error());
                return;
            }
            shown.batch_rows = *rows;
        };
    });
}

// [SECTION] the summary table

namespace {

// The summary table of `batch` from the aggregator (an audited export with `note`), built by the core.
Result<SummaryTable> summary_table_of(model::StaffService& service, const ConsoleCatalogues& catalogues,
                                      std::int64_t batch, const std::string& note) {
    auto rows = service.summary_batch(batch, note);
    if (!rows)
        return rows.error();
    return build_summary_table(*rows, "", "", catalogues.strings, catalogues.profiles, catalogues.forms);
}

// A file the console writes: the folder made (0700) when missing.
Status make_private_folder(const std::filesystem::path& folder) {
    std::error_code error_code;
    if (std::filesystem::is_directory(folder, error_code))
        return ok_status();
    std::filesystem::create_directories(folder, error_code);
    if (error_code) {
        return Error("print.pdf_write", folder.string(), error_code.message())
            .with("file", folder.string())
            .with("reason", error_code.message());
    }
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error_code);
    return ok_status();
}

}  // namespace

std::filesystem::path ConsoleApplication::export_folder() const {
    if (!options_.export_folder.empty())
        return options_.export_folder;
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr && home[0] != '\0' ? home : ".") / "jiebang-exports";
}

void ConsoleApplication::preview_summary(std::int64_t batch, int page) {
    if (batch <= 0)
        return;
    post_preview(
        [this, batch](model::StaffService& service) {
            return summary_table_of(service, catalogues_, batch, "preview");
        },
        batch, page, false);
}

// Before forwarding: the table the chosen items would make, numbered as the confirmation names the batch.
// Built from the rows on screen (no request: nothing is exported), rendered on the worker like a batch's.
void ConsoleApplication::preview_selection(int page) {
    const auto& batches = state_.batches;
    if (batches.chosen.empty())
        return;
    const Profile* city = profile();
    SummaryBatch selection;
    selection.number = batches.batches.empty() ? 1 : batches.batches.back().number + 1;
    selection.created_at = static_cast<std::int64_t>(std::time(nullptr));
    for (const auto& row : batches.candidates) {  // the order the person saw, as forward_chosen sends it
        if (batches.chosen.count(row.submission_id) != 0) {
            selection.items.push_back(SummaryItem{row.kind == "demand",
                                                  city != nullptr ? city->id : std::string(),
                                                  row.county_admin_code, row.industry_id, row.title});
        }
    }
    post_preview(
        [this, selection](model::StaffService&) {
            return build_summary_table(selection, "", "", catalogues_.strings, catalogues_.profiles,
                                       catalogues_.forms);
        },
        selection.number, page, true);
}

void ConsoleApplication::post_preview(std::function<Result<SummaryTable>(model::StaffService&)> table_of,
                                      std::int64_t number, int page, bool provisional) {
    auto& batches = state_.batches;
    if (batches.paper_busy)
        return;
    batches.paper_busy = true;
    batches.paper_problem.clear();
    post([this, table_of = std::move(table_of), number, page,
          provisional](model::StaffService& service) -> std::function<void()> {
        auto table = table_of(service);
        Result<print::PageImage> image = Error("print.page_unknown", "", "");
        const bool office_known = table && table->office_known;
        if (!table)
            image = table.error();
        else
            image = print::render_table_page(table->sheet, page, 1.5, catalogues_.assets_directory,
                                             catalogues_.strings);
        return [this, number, page, office_known, provisional, image = std::move(image)]() mutable {
            auto& shown = state_.batches;
            shown.paper_busy = false;
            if (!image) {
                shown.paper_problem = catalogues_.strings.message(image.error());
                return;
            }
            const int generation = shown.preview ? shown.preview->generation + 1 : 1;
            shown.preview =
                BatchesState::Preview{number, page, generation, std::move(*image), office_known, provisional};
        };
    });
}

void ConsoleApplication::export_summary(std::int64_t batch) {
    auto& batches = state_.batches;
    if (batch <= 0 || batches.paper_busy)
        return;
    batches.paper_busy = true;
    batches.paper_problem.clear();
    batches.paper_result.clear();
    const std::filesystem::path folder = export_folder();
    const std::string stem = "summary-batch-" + std::to_string(batch);
    post([this, batch, folder, stem](model::StaffService& service) -> std::function<void()> {
        const std::filesystem::path xlsx = folder / (stem + ".xlsx");
        const std::filesystem::path pdf = folder / (stem + ".pdf");
        Status written = make_private_folder(folder);
        if (written) {
            auto table =
                summary_table_of(service, catalogues_, batch, "xlsx+pdf " + (folder / stem).string());
            if (!table) {
                written = table.error();
            } else {
                written = tables::write_xlsx(xlsx, {table->sheet});
                if (written) {
                    auto printed = print::write_table_pdf(table->sheet, pdf, catalogues_.assets_directory,
                                                          catalogues_.strings);
                    if (!printed)
                        written = printed.error();
                }
            }
        }
        return [this, written, xlsx, pdf] {
            auto& shown = state_.batches;
            shown.paper_busy = false;
            if (!written) {
                shown.paper_problem = catalogues_.strings.message(written.error());
                return;
            }
            shown.paper_result = catalogues_.strings.format("console.batches.exported",
                                                            {{"xlsx", xlsx.string()}, {"pdf", pdf.string()}});
        };
    });
}

void ConsoleApplication::print_summary(std::int64_t batch) {
    auto& batches = state_.batches;
    if (batch <= 0 || batches.paper_busy)
        return;
    batches.paper_busy = true;
    batches.paper_problem.clear();
    batches.paper_result.clear();
    const std::filesystem::path folder = export_folder();
    const std::string printer = options_.printer;
    post([this, batch, folder, printer](model::StaffService& service) -> std::function<void()> {
        Result<int> job = Error("print.job_failed", "", "");
        // The PDF handed to CUPS is written in the private export folder and removed once CUPS has its copy.
        const std::filesystem::path pdf = folder / (".print-summary-batch-" + std::to_string(batch) + ".pdf");
        if (Status made = make_private_folder(folder); !made) {
            job = made.error();
        } else if (auto table =
                       summary_table_of(service, catalogues_, batch,
                                        "print " + (printer.empty() ? std::string("default") : printer));
                   !table) {
            job = table.error();
        } else if (auto printed = print::write_table_pdf(table->sheet, pdf, catalogues_.assets_directory,
                                                         catalogues_.strings);
                   !printed) {
            job = printed.error();
        } else {
            print::CupsJobRequest request;
            request.printer = printer;
            request.file = pdf;
            request.title = table->sheet.title;
            job = print::print_with_cups(request);
            std::error_code ignored;
            std::filesystem::remove(pdf, ignored);
        }
        return [this, job, printer] {
            auto& shown = state_.batches;
            shown.paper_busy = false;
            if (!job) {
                shown.paper_problem = catalogues_.strings.message(job.error());
                return;
            }
            shown.paper_result = catalogues_.strings.format(
                "console.batches.printed",
                {{"printer",
                  printer.empty() ? catalogues_.strings.text("console.batches.default_printer") : printer},
                 {"job", std::to_string(*job)}});
        };
    });
}

void ConsoleApplication::export_projects() {
    auto& projects = state_.projects;
    if (projects.exporting)
        return;
    projects.exporting = true;
    projects.export_result.clear();
    const std::filesystem::path folder = export_folder();
    post([this, folder](model::StaffService& service) -> std::function<void()> {
        const lifecycle::CalendarDate today = lifecycle::CalendarDate::in_china_at(std::time(nullptr));
        const std::filesystem::path file = folder / ("projects-" + today.to_string() + ".xlsx");
        Status written = make_private_folder(folder);
        std::size_t count = 0;
        if (written) {
            auto listing = service.projects_for_export();
            if (!listing) {
                written = listing.error();
            } else {
                count = listing->projects.size();
                written = tables::write_xlsx(
                    file, lifecycle::project_export_sheets(listing->projects, catalogues_.strings,
                                                           catalogues_.profiles));
            }
        }
        return [this, written, file, count] {
            auto& shown = state_.projects;
            shown.exporting = false;
            if (!written) {
                shown.problem = catalogues_.strings.message(written.error());
                return;
            }
            shown.export_result = catalogues_.strings.format(
                "console.projects.exported", {{"file", file.string()}, {"count", std::to_string(count)}});
        };
    });
}

void ConsoleApplication::forward_chosen() {
    auto& batches = state_.batches;
    if (!batches.confirming || batches.forwarding || batches.chosen.empty())
        return;
    batches.forwarding = true;
    // The order the person saw (oldest first), exactly the items chosen (all or nothing at the server).
    std::vector<std::string> ids;
    for (const auto& row : batches.candidates) {
        if (batches.chosen.count(row.submission_id) != 0)
            ids.push_back(row.submission_id);
    }
    post([this, ids](model::StaffService& service) -> std::function<void()> {
        auto made = service.forward(ids);
        return [this, made = std::move(made)] {
            auto& shown = state_.batches;
            shown.forwarding = false;
            shown.confirming = false;
            if (!made) {
                shown.problem = catalogues_.strings.message(made.error());
                note_failure(made.error());
                return;
            }
            note_contact();
            shown.problem.clear();
            shown.chosen.clear();
            state_.notice = catalogues_.strings.format(
                "console.batches.made",
                {{"number", std::to_string(made->number)}, {"count", std::to_string(made->item_count)}});
            state_.notice_at = state_.now;
            shown.open_batch = made->number;
            refresh_batches();
            reset_pages();
            request_visible_pages();
            if (state_.inbox.pages_in_flight.empty())
                fetch_page(0);
            refresh_counts();
        };
    });
}

// [SECTION] labels

const Profile* ConsoleApplication::profile() const {
    if (state_.identity && !state_.identity->profile_id.empty())
        return catalogues_.profiles.profile(state_.identity->profile_id);
    return nullptr;
}

std::string ConsoleApplication::stage_label(std::string_view stage) const {
    const std::string key = "console.stage." + std::string(stage);
    return catalogues_.strings.has(key) ? catalogues_.strings.text(key) : std::string(stage);
}

std::string ConsoleApplication::role_label(backoffice::Role role) const {
    return catalogues_.strings.text("console.role." + std::string(backoffice::role_name(role)));
}

std::string ConsoleApplication::county_label(std::string_view admin_code) const {
    if (const Profile* city = profile()) {
        if (const County* county = city->county_by_code(admin_code))
            return county->name.chinese;
    }
    return std::string(admin_code);
}

std::string ConsoleApplication::industry_label(std::string_view industry_id) const {
    if (const Profile* city = profile()) {
        if (const Industry* industry = city->industry(industry_id))
            return industry->name.chinese;
    }
    return std::string(industry_id);
}

std::string ConsoleApplication::aggregator_label() const {
    if (!state_.identity)
        return {};
    const auto& identity = *state_.identity;
    std::string area = identity.area_name;
    if (area.empty()) {
        const Profile* city = profile();
        if (identity.tier == review::Tier::City && city != nullptr)
            area = city->city_name.chinese;
        else
            area = county_label(identity.area_code);
    }
    return catalogues_.strings.format(
        identity.tier == review::Tier::City ? "console.status.city_bureau" : "console.status.county_bureau",
        {{"area", area}});
}

}  // namespace jiebang::console

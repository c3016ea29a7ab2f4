// kiosk/app/application.cpp — intents, submit, idle wipe, status and printing (see application.hpp).
//
// Index: [SECTION] construction  [SECTION] sessions and focus  [SECTION] intents  [SECTION] submit
//        [SECTION] text editing  [SECTION] timers and status  [SECTION] printing
#include "kiosk/app/application.hpp"

#include <algorithm>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>

#include "kiosk/app/form_session.hpp"
#include "kiosk/app/receipt_document.hpp"
#include "platform/printer/escpos.hpp"
#include "platform/script/frame_record.hpp"
#include "platform/system/paths.hpp"
#include "shared/base/version.hpp"
#include "shared/forms/role_values.hpp"
#include "shared/text/utf8.hpp"
#include "sync/agent/sync_agent.hpp"

namespace jiebang::kiosk {

// [SECTION] construction

std::string_view screen_name(ScreenId screen) {
    switch (screen) {
        case ScreenId::Home:
            return "home";
        case ScreenId::Wizard:
            return "wizard";
        case ScreenId::Review:
            return "review";
        case ScreenId::Receipt:
            return "receipt";
        case ScreenId::Board:
            return "board";
        case ScreenId::Listing:
            return "listing";
        case ScreenId::Progress:
            return "progress";
        case ScreenId::Policy:
            return "policy";
        case ScreenId::AdminPin:
            return "admin_pin";
        case ScreenId::Admin:
            return "admin";
    }
    return "?";
}

std::string EditTarget::name() const {
    return item < 0 ? field_id : field_id + "#" + std::to_string(item);
}

EditTarget EditTarget::parse(std::string_view name) {
    EditTarget target;
    const auto hash = name.find('#');
    if (hash == std::string_view::npos) {
        target.field_id = std::string(name);
        return target;
    }
    target.field_id = std::string(name.substr(0, hash));
    target.item = 0;
    for (char digit : name.substr(hash + 1)) {
        if (digit < '0' || digit > '9')
            return EditTarget{std::string(name), -1};
        target.item = target.item * 10 + (digit - '0');
    }
    return target;
}

Application::Application(TerminalServices& services, const KioskOptions& options)
    : services_(services), admin_pin_(options.admin_pin) {
    printer_target_ = options.printer_target.empty() ? (services.data_directory / "printer.escpos").string()
                                                     : options.printer_target;
    state_.idle_warning_after_seconds = options.idle_warning_seconds;
    state_.idle_countdown_seconds = options.idle_countdown_seconds;
    TerminalStatus& status = state_.status;
    status.identity = services.identity;
    status.city_name = services.profile->city_name.chinese;
    const County* county = services.profile->county_by_code(services.identity.county_admin_code);
    status.county_name = county != nullptr ? county->name.chinese : services.identity.county_admin_code;
    status.hall_name = options.hall_name.empty()
                           ? services.strings.format("kiosk.home.hall_name", {{"county", status.county_name}})
                           : options.hall_name;
    status.software_version = std::string(software_version);
    status.data_directory = services.data_directory.string();
    status.printer_target = printer_target_;
    status.sync_state_key = "kiosk.sync.not_configured";
    refresh_status();
}

Application::~Application() {
    if (sync_agent_)
        sync_agent_->stop();
}

Status Application::start_sync(const KioskOptions& options) {
    if (options.sync_endpoint.empty())
        return ok_status();
    const auto key_file =
        options.sync_key_file.empty() ? services_.data_directory / "curve.key" : options.sync_key_file;
    auto keys = sync::CurveKeyPair::load_or_create(key_file);
    if (!keys)
        return keys.error();
    // The CURVE public key next to the Ed25519 one, for enrolment at the county (jiebang terminal enroll).
    std::ofstream(services_.data_directory / "curve.pub", std::ios::trunc) << keys->public_key << "\n";
    sync::SyncAgentConfig config;
    config.aggregator_endpoint = options.sync_endpoint;
    config.aggregator_public_key = options.sync_server_key;
    config.terminal_keys = *keys;
    config.terminal_store_path = services_.database_file();
    config.assets_directory = services_.assets_directory;
    config.retention_seconds = static_cast<std::int64_t>(options.sync_retention_days) * 24 * 3600;
    config.window = options.sync_window;
    config.heartbeat_interval_ms = options.sync_heartbeat_interval_ms;
    config.reply_timeout_ms = options.sync_reply_timeout_ms;
    sync_agent_ = std::make_unique<sync::SyncAgent>(config);
    if (auto started = sync_agent_->start(); !started) {
        sync_agent_.reset();
        return started.error();
    }
    refresh_status();
    return ok_status();
}

const FormDefinition& Application::session_form() const {
    return state_.session.kind == FormKind::Demand ? services_.forms.demand() : services_.forms.bid();
}

std::vector<const StepDefinition*> Application::session_steps() const {
    return session_form().steps_for(services_.profile->id);
}

ValidationContext Application::validation_context() const {
    return ValidationContext{&session_form(), services_.profile, &state_.board};
}

// [SECTION] sessions and focus

void Application::wipe() {
    state_.session = ApplicantSession{};
    state_.receipt.reset();
    state_.pin_entry.clear();
    state_.pin_rejected = false;
    state_.admin_message.clear();
    state_.corner_taps = 0;
    state_.idle_warning = false;
    print_queue_.clear();
    state_.pending_print_jobs = 0;
    ++state_.wipe_count;
    if (on_focus_changed)
        on_focus_changed("");
    if (on_wipe)
        on_wipe();
}

void Application::start_session(FormKind kind) {
    wipe();
    state_.session.kind = kind;
    state_.screen = ScreenId::Wizard;
}

std::string widget_id_for_target(const std::string& target) {
    const EditTarget parsed = EditTarget::parse(target);
    if (parsed.field_id == "board.search" || parsed.field_id == "progress.number")
        return parsed.field_id;
    return parsed.item < 0 ? "field." + parsed.field_id
                           : "field." + parsed.field_id + "." + std::to_string(parsed.item);
}

void Application::set_focus(const std::string& target) {
    if (state_.session.focused == target)
        return;
    if (!state_.session.focused.empty())
        state_.session.touched_fields.insert(EditTarget::parse(state_.session.focused).field_id);
    state_.session.focused = target;
    if (!target.empty())
        platform::FrameRecord::current().request_scroll_to(widget_id_for_target(target));
    if (on_focus_changed)
        on_focus_changed(target);
}

void Application::set_value(const std::string& field_id, const FieldValue& value) {
    if (std::holds_alternative<std::monostate>(value)) {
        state_.session.values.erase(field_id);
    } else {
        state_.session.values[field_id] = value;
    }
    state_.session.touched_fields.insert(field_id);
    state_.session.submit_message.clear();
}

// [SECTION] intents

void Application::apply(std::vector<Intent> intents) {
    for (const auto& intent : intents)
        apply(intent);
}

void Application::apply(const Intent& intent) {
    ApplicantSession& session = state_.session;
    note_activity();
    switch (intent.kind) {
        case IntentKind::Activity:
            break;
        case IntentKind::GoHome:
        case IntentKind::FinishReceipt:
            wipe();
            state_.screen = ScreenId::Home;
            break;
        case IntentKind::StartDemand:
            start_session(FormKind::Demand);
            break;
        case IntentKind::OpenBoard:
            wipe();
            session.kind = FormKind::Bid;
            state_.screen = ScreenId::Board;
            break;
        case IntentKind::OpenProgress:
            wipe();
            state_.screen = ScreenId::Progress;
            break;
        case IntentKind::OpenPolicy:
            wipe();
            state_.screen = ScreenId::Policy;
            break;
        case IntentKind::Focus:
            set_focus(intent.text);
            break;
        case IntentKind::SetValue:
            set_focus("");
            set_value(intent.text, intent.value);
            break;
        case IntentKind::AddListItem: {
            std::vector<std::string> list = value_list(session.values, intent.text);
            list.emplace_back();
            const int item = static_cast<int>(list.size()) - 1;
            session.values[intent.text] = std::move(list);
            set_focus(EditTarget{intent.text, item}.name());
            break;
        }
        case IntentKind::RemoveListItem: {
            set_focus("");
            auto found = session.values.find(intent.text);
            if (found == session.values.end())
                break;
            if (auto* list = std::get_if<std::vector<std::string>>(&found->second)) {
                if (intent.number >= 0 && intent.number < static_cast<int>(list->size())) {
                    list->erase(list->begin() + intent.number);
                }
                if (list->empty())
                    session.values.erase(found);
            }
            session.touched_fields.insert(intent.text);
            break;
        }
        case IntentKind::NextStep:
            next_step();
            break;
        case IntentKind::PreviousStep:
            set_focus("");
            if (session.step_index > 0)
                --session.step_index;
            break;
        case IntentKind::GoToStep:
            set_focus("");
            session.step_index = std::clamp(intent.number, 0, static_cast<int>(session_steps().size()) - 1);
            state_.screen = ScreenId::Wizard;
            break;
        case IntentKind::OpenReview:
            set_focus("");
            session.visited_review = true;
            state_.screen = ScreenId::Review;
            break;
        case IntentKind::Submit:
            submit();
            break;
        case IntentKind::PrintReceipt:
            if (state_.receipt) {
                auto document = build_receipt_document(*state_.receipt, state_.status, services_.strings);
                if (document) {
                    state_.receipt->print_message_key = "kiosk.receipt.print.queued";
                    queue_print(std::move(*document));
                } else {
                    state_.receipt->print_message_key = "kiosk.receipt.print.failed";
                }
            }
            break;
        case IntentKind::FilterIndustry:
            session.board_industry = intent.text;
            break;
        case IntentKind::OpenListing:
            set_focus("");
            session.selected_listing = intent.text;
            state_.screen = ScreenId::Listing;
            break;
        case IntentKind::BackToBoard:
            set_focus("");
            state_.screen = ScreenId::Board;
            break;
        case IntentKind::StartBid: {
            const FormDefinition& bid_form = services_.forms.bid();
            const bool continuing = session.kind == FormKind::Bid &&
                                    session.values.count(bid_form.field_id(FieldRole::Consent)) > 0;
            session.kind = FormKind::Bid;
            const std::string listing_field(bid_form.field_id(FieldRole::Listing));
            set_value(listing_field, session.selected_listing);
            const int listing_step = step_of_field(session_steps(), listing_field);
            session.step_index = continuing && listing_step >= 0 ? listing_step : 0;
            state_.screen = ScreenId::Wizard;
            break;
        }
        case IntentKind::LookupProgress:
            lookup_progress();
            break;
        case IntentKind::ContinueSession:
            state_.idle_warning = false;
            break;
        case IntentKind::CornerTap:
            if (state_.now - state_.first_corner_tap_at > 4.0) {
                state_.corner_taps = 0;
                state_.first_corner_tap_at = state_.now;
            }
            if (++state_.corner_taps >= 5) {
                state_.corner_taps = 0;
                state_.pin_entry.clear();
                state_.pin_rejected = false;
                state_.screen = ScreenId::AdminPin;
            }
            break;
        case IntentKind::PinDigit:
            if (state_.pin_entry.size() < 12)
                state_.pin_entry += intent.text;
            state_.pin_rejected = false;
            break;
        case IntentKind::PinClear:
            state_.pin_entry.clear();
            break;
        case IntentKind::PinSubmit: {
            // Compare every character so the time taken does not tell how much of the PIN was right.
            bool same = state_.pin_entry.size() == admin_pin_.size();
            for (std::size_t index = 0; index < admin_pin_.size(); ++index) {
                same &= index < state_.pin_entry.size() && state_.pin_entry[index] == admin_pin_[index];
            }
            state_.pin_entry.clear();
            state_.pin_rejected = !same;
            if (same) {
                refresh_status();
                state_.screen = ScreenId::Admin;
            }
            break;
        }
        case IntentKind::CloseAdmin:
            wipe();
            state_.screen = ScreenId::Home;
            break;
        case IntentKind::TestPrint: {
            auto document = build_test_page(state_.status, services_.strings);
            if (document)
                queue_print(std::move(*document));
            state_.admin_message =
                document ? "kiosk.admin.test_print_queued" : "kiosk.admin.test_print_failed";
            break;
        }
        case IntentKind::QuitApplication:
            if (state_.screen == ScreenId::Admin)
                state_.quit_requested = true;
            break;
    }
}

void Application::next_step() {
    ApplicantSession& session = state_.session;
    set_focus("");
    const auto steps = session_steps();
    if (steps.empty())
        return;
    const int index = std::clamp(session.step_index, 0, static_cast<int>(steps.size()) - 1);
    const auto errors =
        errors_for_step(validation_context(), *steps[static_cast<std::size_t>(index)], session.values);
    if (!errors.empty()) {
        session.attempted_steps.insert(steps[static_cast<std::size_t>(index)]->id);
        platform::FrameRecord::current().request_scroll_to(widget_id_for_target(errors.front().field));
        return;
    }
    if (index + 1 < static_cast<int>(steps.size())) {
        session.step_index = index + 1;
    } else {
        session.visited_review = true;
        state_.screen = ScreenId::Review;
    }
}

// [SECTION] submit

namespace {

int local_date_number(std::time_t now) {
    std::tm local{};
    localtime_r(&now, &local);
    return (local.tm_year + 1900) * 10000 + (local.tm_mon + 1) * 100 + local.tm_mday;
}

}  // namespace

void Application::submit() {
    const auto started = std::chrono::steady_clock::now();
    ApplicantSession& session = state_.session;
    set_focus("");
    const ValidationContext context = validation_context();
    const auto errors = validate_submission(context, session.values);
    if (!errors.empty()) {
        session.submit_blocked_by_errors = true;
        session.submit_message = services_.strings.text("kiosk.review.blocked");
        for (const StepDefinition* step : session_steps())
            session.attempted_steps.insert(step->id);
        return;
    }
    session.submit_blocked_by_errors = false;

    Submission submission;
    submission.id = new_submission_id();
    submission.kind = session.kind == FormKind::Demand ? SubmissionKind::Demand : SubmissionKind::Bid;
    submission.form_version = session_form().version;
    submission.profile_id = services_.profile->id;
    submission.terminal_id = services_.identity.terminal_id;
    const std::time_t now = std::time(nullptr);
    submission.created_at = static_cast<std::int64_t>(now);
    // Only what the applicant could see is filed: values of fields hidden by a later answer are left out.
    for (const StepDefinition* step : session_steps()) {
        for (const FieldDefinition* field : visible_fields(context, *step, session.values)) {
            const auto found = session.values.find(field->id);
            if (found != session.values.end())
                submission.values[field->id] = found->second;
        }
    }
    auto committed = services_.store.commit_submission(submission, session_form(), services_.identity,
                                                       services_.signing_key, local_date_number(now));
    if (!committed) {
        session.submit_message = services_.strings.message(committed.error()) + " " +
                                 services_.strings.text("kiosk.submit.what_to_do");
        std::cerr << "jiebang-kiosk: submit failed: " << committed.error().code << "\n";
        return;
    }
    ReceiptView receipt;
    receipt.number = committed->receipt.number.text();
    receipt.kind = session.kind;
    receipt.created_at = submission.created_at;
    receipt.qr_payload = committed->receipt.qr_payload();
    receipt.title = submission_title(session_form(), submission.values, state_.board);
    auto qr = encode_qr(receipt.qr_payload);
    if (qr)
        receipt.qr = std::move(*qr);
    // The applicant's input has done its job: it is on disk; the screen keeps only the receipt.
    wipe();
    --state_.wipe_count;  // not an abandoned session
    state_.receipt = std::move(receipt);
    state_.screen = ScreenId::Receipt;
    refresh_status();
    submit_latencies_.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
}

void Application::lookup_progress() {
    ApplicantSession& session = state_.session;
    set_focus("");
    session.progress_result.reset();
    session.progress_message.clear();
    session.progress_looked_up = true;
    auto number = ReceiptNumber::parse(session.progress_number);
    if (!number) {
        session.progress_message = services_.strings.message(number.error());
        return;
    }
    auto record = services_.store.progress(*number);
    if (!record) {
        session.progress_message = services_.strings.message(record.error());
        return;
    }
    session.progress_result = *record;
}

// [SECTION] text editing

std::optional<FocusedFieldInfo> Application::focused_field() const {
    const std::string& target = state_.session.focused;
    if (target.empty())
        return std::nullopt;
    FocusedFieldInfo info;
    info.target = target;
    const EditTarget parsed = EditTarget::parse(target);
    if (parsed.field_id == "board.search")
        return info;
    if (parsed.field_id == "progress.number") {
        info.kind = FieldKind::Text;
        info.max_chars = 40;
        return info;
    }
    const FieldDefinition* field = session_form().field(parsed.field_id);
    if (field == nullptr)
        return std::nullopt;
    info.kind = parsed.item >= 0 ? FieldKind::Text : field->kind;
    info.max_chars = field->max_chars;
    info.multiline = field->kind == FieldKind::Multiline;
    return info;
}

std::string* Application::focused_text() {
    ApplicantSession& session = state_.session;
    if (session.focused.empty())
        return nullptr;
    const EditTarget target = EditTarget::parse(session.focused);
    if (target.field_id == "board.search")
        return &session.board_search;
    if (target.field_id == "progress.number")
        return &session.progress_number;
    const FieldDefinition* field = session_form().field(target.field_id);
    if (field == nullptr)
        return nullptr;
    FieldValue& value = session.values[target.field_id];
    if (target.item >= 0) {
        auto* list = std::get_if<std::vector<std::string>>(&value);
        if (list == nullptr || target.item >= static_cast<int>(list->size()))
            return nullptr;
        return &(*list)[static_cast<std::size_t>(target.item)];
    }
    if (std::holds_alternative<std::monostate>(value))
        value = std::string();
    return std::get_if<std::string>(&value);
}

void Application::finish_text_edit() {
    ApplicantSession& session = state_.session;
    if (session.focused.empty())
        return;
    const EditTarget target = EditTarget::parse(session.focused);
    session.submit_message.clear();
    if (target.field_id == "board.search" || target.field_id == "progress.number") {
        session.progress_looked_up = false;
        return;
    }
    session.touched_fields.insert(target.field_id);
    const auto found = session.values.find(target.field_id);
    if (found == session.values.end())
        return;
    if (const auto* text = std::get_if<std::string>(&found->second); text != nullptr && text->empty()) {
        session.values.erase(found);
    } else if (std::holds_alternative<std::monostate>(found->second)) {
        session.values.erase(found);
    }
}

void Application::type_text(std::string_view text) {
    note_activity();
    std::string* target = focused_text();
    if (target == nullptr || !utf8::is_valid(text))
        return;
    const auto info = focused_field();
    for (char character : text) {
        if (character == '\n' && !(info && info->multiline))
            continue;
        target->push_back(character);
    }
    finish_text_edit();
}

void Application::press_backspace() {
    note_activity();
    std::string* target = focused_text();
    if (target == nullptr)
        return;
    utf8::pop_back_code_point(*target);
    finish_text_edit();
}

void Application::press_enter() {
    note_activity();
    const auto info = focused_field();
    if (info && info->multiline) {
        type_text("\n");
        return;
    }
    if (info && info->target == "progress.number") {
        lookup_progress();
        return;
    }
    set_focus("");
}

// [SECTION] timers and status

void Application::set_clock(double now_seconds) {
    state_.now = now_seconds;
    if (state_.last_activity == 0)
        state_.last_activity = now_seconds;
}

void Application::note_activity() {
    state_.last_activity = state_.now;
    state_.idle_warning = false;
}

bool Application::tick() {
    bool changed = false;
    if (state_.screen != ScreenId::Home) {
        const double idle = state_.now - state_.last_activity;
        if (idle >= state_.idle_warning_after_seconds + state_.idle_countdown_seconds) {
            std::cerr << "jiebang-kiosk: idle timeout, session wiped\n";
            wipe();
            state_.screen = ScreenId::Home;
            changed = true;
        } else if (idle >= state_.idle_warning_after_seconds) {
            state_.idle_warning = true;
            changed = true;  // the countdown moves
        }
    }
    if (state_.now - last_status_refresh_ >= 2.0) {
        const std::string before = state_.status.sync_state_key;
        const auto version = state_.board.version;
        const auto pending = state_.status.outbox.pending;
        refresh_status();
        changed = changed || before != state_.status.sync_state_key || version != state_.board.version ||
                  pending != state_.status.outbox.pending;
    }
    process_print_queue();
    return changed;
}

void Application::refresh_status() {
    last_status_refresh_ = state_.now;
    TerminalStatus& status = state_.status;
    if (auto counts = services_.store.outbox_counts(); counts) {
        status.outbox = *counts;
        status.outbox_known = true;
    }
    if (auto board = services_.store.board(); board && board->version != state_.board.version) {
        state_.board = std::move(*board);
    }
    status.board_version = state_.board.version;
    status.free_disk_bytes = platform::free_disk_bytes(services_.data_directory);
    status.sync_detail.clear();
    if (sync_agent_) {
        const auto snapshot = sync_agent_->snapshot();
        status.sync_state_key = !snapshot.online       ? "kiosk.sync.offline"
                                : snapshot.pending > 0 ? "kiosk.sync.uploading"
                                                       : "kiosk.sync.online";
        status.sync_detail = snapshot.last_error_code;
        return;
    }
    status.sync_state_key =
        status.outbox.pending > 0 ? "kiosk.sync.not_configured_pending" : "kiosk.sync.not_configured";
}

// [SECTION] printing

void Application::queue_print(std::string bytes) {
    print_queue_.push_back(std::move(bytes));
    state_.pending_print_jobs = static_cast<int>(print_queue_.size());
    last_print_attempt_ = -1000;
    process_print_queue();
}

void Application::process_print_queue() {
    if (print_queue_.empty() || state_.now - last_print_attempt_ < 5.0)
        return;
    last_print_attempt_ = state_.now;
    while (!print_queue_.empty()) {
        auto sent = platform::send_to_printer(printer_target_, print_queue_.front());
        if (!sent) {
            std::cerr << "jiebang-kiosk: printer: " << sent.error().code << "\n";
            if (state_.receipt)
                state_.receipt->print_message_key = "kiosk.receipt.print.failed";
            break;
        }
        print_queue_.erase(print_queue_.begin());
        if (state_.receipt)
            state_.receipt->print_message_key = "kiosk.receipt.print.done";
        if (state_.screen == ScreenId::Admin)
            state_.admin_message = "kiosk.admin.test_print_done";
    }
    state_.pending_print_jobs = static_cast<int>(print_queue_.size());
}

}  // namespace jiebang::kiosk

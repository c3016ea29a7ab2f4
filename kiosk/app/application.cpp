// kiosk/app/application.cpp — intents, submit, idle wipe, status and printing (see application.hpp).
//
// Index: [SECTION] construction  [SECTION] sessions and focus  [SECTION] intents  [SECTION] submit
//        [SECTION] correction  [SECTION] text editing  [SECTION] timers and status  [SECTION] voice guidance
//        [SECTION] printing  [SECTION] admin access
#include "kiosk/app/application.hpp"

#include <algorithm>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>

#include "kiosk/app/form_session.hpp"
#include "kiosk/app/receipt_document.hpp"
#include "kiosk/app/speech_cues.hpp"
#include "kiosk/input/field_editor.hpp"
#include "platform/printer/escpos.hpp"
#include "platform/printer/printer_device.hpp"
#include "platform/script/frame_record.hpp"
#include "platform/system/paths.hpp"
#include "shared/base/version.hpp"
#include "shared/forms/role_values.hpp"
#include "shared/text/utf8.hpp"
#include "sync/agent/sync_agent.hpp"

namespace jiebang::kiosk {

// [SECTION] construction

bool listing_closed(const Listing& listing, const std::string& today) {
    // "YYYY-MM-DD" dates order as text.
    return !listing.deadline.empty() && !today.empty() && today > listing.deadline;
}

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
        case ScreenId::SetupPin:
            return "setup_pin";
        case ScreenId::ClockRefused:
            return "clock_refused";
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

Application::Application(TerminalServices& services, const KioskOptions& options, const Clock& clock)
    : services_(services),
      clock_(clock),
      admin_access_(AdminAccess::load(services.data_directory)),
      printer_target_(options.printer_target),
      paper_queue_(options.a4_printer) {
    if (auto opened = store::TerminalStore::open(services.database_file()); opened) {
        worker_store_ = std::make_unique<store::TerminalStore>(std::move(*opened));
    } else {
        std::cerr << "jiebang-kiosk: " << opened.error().code << ": the store worker has no connection\n";
    }
    security_worker_ = std::make_unique<BackgroundWorker>("kiosk-security", inbox_);
    printer_worker_ = std::make_unique<BackgroundWorker>("kiosk-printer", inbox_);
    paper_worker_ = std::make_unique<BackgroundWorker>("kiosk-paper", inbox_);
    store_worker_ = std::make_unique<BackgroundWorker>("kiosk-store", inbox_);
    platform::SpeechOptions speech_options;
    speech_options.wav_file = options.speech_wav_file;
    if (!options.speech_wav_file.empty())
        speech_options.log_file = options.speech_wav_file.string() + ".log";
    speech_ = std::make_unique<platform::SpeechEngine>(std::move(speech_options));
    read_clock();
    state_.last_activity = state_.now;
    // No PIN yet: the technician sets one before the terminal serves anyone (no PIN ships with it).
    if (admin_access_.pin_state() == AdminPinState::NotSet)
        state_.screen = ScreenId::SetupPin;
    state_.pin_unreadable = admin_access_.pin_state() == AdminPinState::Unreadable;
    if (const auto& error = admin_access_.load_error())
        std::cerr << "jiebang-kiosk: " << error->code << ": the admin page stays closed\n";
    // What the consent text tells the applicant about their contact data is what this terminal's sync agent
    // does with it: one setting, read in one place.
    services_.forms.apply_contact_retention(options.sync_retention_days);
    clock_skew_limit_seconds_ = options.clock_skew_limit_seconds;
    idle_warning_seconds_ = options.idle_warning_seconds;
    idle_countdown_seconds_ = options.idle_countdown_seconds;
    elder_idle_warning_seconds_ = options.elder_idle_warning_seconds;
    elder_idle_countdown_seconds_ = options.elder_idle_countdown_seconds;
    state_.elder_mode_default = options.elder_mode_default;
    set_elder_mode(options.elder_mode_default);
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
    status.printer.target = printer_target_;
    status.paper_printer.queue = paper_queue_;
    switch (platform::printer_target_kind(printer_target_)) {
        case platform::PrinterTargetKind::None:
            status.printer.kind = PrinterKind::None;
            break;
        case platform::PrinterTargetKind::File:
            status.printer.kind = PrinterKind::File;
            break;
        case platform::PrinterTargetKind::Device:
            status.printer.kind = PrinterKind::Device;
            break;
    }
    status.sync_state_key = "kiosk.sync.not_configured";
    refresh_status();
}

std::vector<BackgroundWorker*> Application::workers() const {
    return {security_worker_.get(), printer_worker_.get(), paper_worker_.get(), store_worker_.get()};
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
    config.clock_offset_seconds = options.clock_offset_seconds;
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
    // Silence first: nothing of this applicant is heard after the wipe (platform/speech invariant 2).
    speech_->stop("wipe");
    spoken_page_.clear();
    spoken_cue_keys_.clear();
    state_.session = ApplicantSession{};
    state_.receipt.reset();
    state_.pin_entry.clear();
    state_.pin_rejected = false;
    state_.setup_first_pin.clear();
    state_.setup_message_key.clear();
    state_.admin_message.clear();
    state_.corner_taps = 0;
    state_.idle_warning = false;
    state_.attendant_overlay = false;
    state_.admin_message_what.clear();
    state_.admin_message_reason.clear();
    state_.recent_receipts.clear();
    ++session_serial_;
    ++state_.wipe_count;
    if (on_focus_changed)
        on_focus_changed("");
    if (on_wipe)
        on_wipe();
}

void Application::end_session() {
    wipe();
    state_.screen = ScreenId::Home;
    set_elder_mode(state_.elder_mode_default);
}

void Application::set_elder_mode(bool on) {
    state_.elder_mode = on;
    // Voice guidance comes with elder mode (the speaker button can still turn it off or on).
    if (state_.voice_on != on) {
        state_.voice_on = on;
        if (!on)
            speech_->stop("off");
        spoken_page_.clear();
        spoken_cue_keys_.clear();
    }
    // Elder mode gives more time: reading large type, and answering one question a page, is slower.
    state_.idle_warning_after_seconds = on ? elder_idle_warning_seconds_ : idle_warning_seconds_;
    state_.idle_countdown_seconds = on ? elder_idle_countdown_seconds_ : idle_countdown_seconds_;
}

void Application::start_session(FormKind kind) {
    wipe();
    state_.session.kind = kind;
    state_.screen = ScreenId::Wizard;
}

std::string widget_id_for_target(const std::string& target) {
    const EditTarget parsed = EditTarget::parse(target);
    if (parsed.field_id == "board.search" || parsed.field_id == "progress.number" ||
        parsed.field_id == "progress.code")
        return parsed.field_id;
    return parsed.item < 0 ? "field." + parsed.field_id
                           : "field." + parsed.field_id + "." + std::to_string(parsed.item);
}

void Application::set_focus(const std::string& target) {
    if (state_.session.focused == target)
        return;
    state_.session.input_notice.clear();
    state_.session.input_notice_target.clear();
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
    read_clock();
    note_activity();
    // Before the PIN is set only the PIN pad works: the terminal serves no one yet.
    if (state_.screen == ScreenId::SetupPin && intent.kind != IntentKind::PinDigit &&
        intent.kind != IntentKind::PinClear && intent.kind != IntentKind::PinSubmit &&
        intent.kind != IntentKind::PinStored && intent.kind != IntentKind::Activity) {
        return;
    }
    switch (intent.kind) {
        case IntentKind::Activity:
            break;
        case IntentKind::GoHome:
            if (session.submitting)
                break;  // the receipt of a commit under way is this applicant's: wait for it
            if ((state_.screen == ScreenId::Wizard || state_.screen == ScreenId::Review) &&
                session_has_answers()) {
                // A half-filled form is not thrown away on one tap: the applicant confirms first. (The idle
                // wipe still wipes: nobody is there to ask.)
                session.confirming_home = true;
                set_focus("");
                break;
            }
            end_session();
            break;
        case IntentKind::ConfirmGoHome:
            if (session.submitting)
                break;
            end_session();
            break;
        case IntentKind::KeepFilling:
            session.confirming_home = false;
            break;
        case IntentKind::FinishReceipt:
            if (session.submitting)
                break;  // the receipt of a commit under way is this applicant's: wait for it
            end_session();
            break;
        case IntentKind::ToggleElderMode:
            set_elder_mode(!state_.elder_mode);
            session.question_index = 0;  // the page shows a whole step again, or its first question
            if (!session.focused.empty())
                platform::FrameRecord::current().request_scroll_to(widget_id_for_target(session.focused));
            break;
        case IntentKind::ToggleVoice:
            state_.voice_on = !state_.voice_on;
            spoken_page_.clear();  // on: the page is read from its start
            spoken_cue_keys_.clear();
            if (!state_.voice_on)
                speech_->stop("off");
            break;
        case IntentKind::SpeakCount:
            speak_count(intent.text);
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
            if (state_.elder_mode) {
                previous_question();
            } else if (session.step_index > 0) {
                --session.step_index;
            }
            break;
        case IntentKind::GoToStep:
            set_focus("");
            session.question_index = 0;
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
            if (!state_.receipt || state_.receipt->print_message_key == "kiosk.receipt.print.printing")
                break;
            if (state_.status.printer.kind == PrinterKind::None) {
                state_.receipt->print_message_key = "kiosk.receipt.print.no_printer";
                break;
            }
            if (auto document = build_receipt_document(*state_.receipt, state_.status, services_.strings)) {
                state_.receipt->print_message_key = "kiosk.receipt.print.printing";
                state_.receipt->print_reason.clear();
                print_document(PrintJobKind::Receipt, std::move(*document), state_.receipt->number);
            } else {
                std::cerr << "jiebang-kiosk: receipt document: " << document.error().code << "\n";
                state_.receipt->print_message_key = "kiosk.receipt.print.failed";
            }
            break;
        case IntentKind::PrintPaper:
            print_paper();
            break;
        case IntentKind::ReprintPaper: {
            if (state_.screen != ScreenId::Admin || worker_store_ == nullptr)
                break;
            state_.admin_message_reason.clear();
            state_.admin_message_what.clear();
            if (paper_queue_.empty()) {
                state_.admin_message = "kiosk.admin.paper_no_printer";
                break;
            }
            state_.admin_message = "kiosk.admin.print_printing";
            store::TerminalStore* store = worker_store_.get();
            store_worker_->post([store, id = intent.text]() {
                Intent result{IntentKind::PaperLoaded, id, {}, 0, {}};
                result.payload = store->committed_submission(id);
                return std::vector<Intent>{std::move(result)};
            });
            break;
        }
        case IntentKind::PaperLoaded:
            if (const auto* loaded =
                    std::any_cast<Result<std::optional<store::CommittedSubmission>>>(&intent.payload))
                paper_loaded(intent.text, *loaded);
            break;
        case IntentKind::PaperFinished:
            if (const auto* finished = std::any_cast<PaperJobResult>(&intent.payload))
                paper_finished(*finished);
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
            // A listing past its deadline takes no bid (the listing screen shows no button; this holds anyway).
            if (const Listing* listing = state_.board.listing(session.selected_listing);
                listing != nullptr && listing_closed(*listing, state_.today))
                break;
            const FormDefinition& bid_form = services_.forms.bid();
            const bool continuing = session.kind == FormKind::Bid &&
                                    session.values.count(bid_form.field_id(FieldRole::Consent)) > 0;
            session.kind = FormKind::Bid;
            const std::string listing_field(bid_form.field_id(FieldRole::Listing));
            set_value(listing_field, session.selected_listing);
            const int listing_step = step_of_field(session_steps(), listing_field);
            session.step_index = continuing && listing_step >= 0 ? listing_step : 0;
            session.question_index = 0;
            state_.screen = ScreenId::Wizard;
            break;
        }
        case IntentKind::LookupProgress:
            lookup_progress();
            break;
        case IntentKind::OpenCorrection:
            open_correction();
            break;
        case IntentKind::SubmitCorrectionCode:
            submit_correction_code();
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
                open_pin_pad();
            }
            break;
        case IntentKind::PinDigit:
            refresh_pin_lock();
            if (state_.pin_checking || (state_.screen == ScreenId::AdminPin && state_.pin_locked_seconds > 0))
                break;
            if (state_.pin_entry.size() < static_cast<std::size_t>(AdminAccess::maximum_digits))
                state_.pin_entry += intent.text;
            state_.pin_rejected = false;
            break;
        case IntentKind::PinClear:
            state_.pin_entry.clear();
            break;
        case IntentKind::PinSubmit:
            if (state_.screen == ScreenId::SetupPin) {
                submit_setup_pin();
            } else if (state_.screen == ScreenId::AdminPin) {
                submit_admin_pin();
            }
            break;
        case IntentKind::PinChecked:
            pin_checked(intent.number == 1);
            break;
        case IntentKind::PinStored:
            if (const auto* stored = std::any_cast<Result<std::string>>(&intent.payload))
                pin_stored(*stored);
            break;
        case IntentKind::CloseAdmin:
            if (state_.screen == ScreenId::SetupPin)
                break;  // the terminal serves no one before it has a PIN
            end_session();
            break;
        case IntentKind::TestPrint: {
            if (state_.screen != ScreenId::Admin)
                break;
            state_.admin_message_what = services_.strings.text("kiosk.admin.what_test_page");
            state_.admin_message_reason.clear();
            if (state_.status.printer.kind == PrinterKind::None) {
                state_.admin_message = "kiosk.admin.print_no_printer";
                break;
            }
            auto document = build_test_page(state_.status, services_.strings, clock_.unix_seconds());
            if (!document) {
                state_.admin_message = "kiosk.admin.print_failed";
                state_.admin_message_reason = services_.strings.message(document.error());
                break;
            }
            state_.admin_message = "kiosk.admin.print_printing";
            print_document(PrintJobKind::TestPage, std::move(*document), {});
            break;
        }
        case IntentKind::ReprintReceipt: {
            if (state_.screen != ScreenId::Admin || worker_store_ == nullptr)
                break;
            state_.admin_message = "kiosk.admin.print_printing";
            state_.admin_message_reason.clear();
            state_.admin_message_what.clear();
            store::TerminalStore* store = worker_store_.get();
            store_worker_->post([store, id = intent.text]() {
                Intent result{IntentKind::ReprintLoaded, id, {}, 0, {}};
                result.payload = store->committed_submission(id);
                return std::vector<Intent>{std::move(result)};
            });
            break;
        }
        case IntentKind::PrintFinished:
            if (const auto* finished = std::any_cast<PrintJobResult>(&intent.payload))
                print_finished(*finished);
            break;
        case IntentKind::PrinterChecked:
            if (const auto* checked = std::any_cast<Result<platform::PrinterStatus>>(&intent.payload))
                printer_checked(*checked);
            break;
        case IntentKind::RecentReceiptsLoaded:
            if (const auto* loaded =
                    std::any_cast<Result<std::vector<store::ReceiptSummary>>>(&intent.payload)) {
                if (*loaded) {
                    state_.recent_receipts = loaded->value();
                } else {
                    std::cerr << "jiebang-kiosk: recent receipts: " << loaded->error().code << "\n";
                }
            }
            break;
        case IntentKind::StatusPolled:
            if (const auto* poll = std::any_cast<StatusPoll>(&intent.payload))
                status_polled(*poll);
            break;
        case IntentKind::CallAttendant:
            state_.attendant_overlay = true;
            store_attendant_call(true);
            break;
        case IntentKind::CancelAttendantCall:
            state_.attendant_overlay = false;
            store_attendant_call(false);
            break;
        case IntentKind::CloseAttendantOverlay:
            state_.attendant_overlay = false;
            break;
        case IntentKind::ClearAttendantCall:
            if (state_.screen == ScreenId::Admin)
                store_attendant_call(false);
            break;
        case IntentKind::AttendantCallStored:
            if (const auto* stored = std::any_cast<AttendantCallResult>(&intent.payload)) {
                if (stored->call)
                    state_.status.attendant_call_raised_at = *stored->call;
                else
                    std::cerr << "jiebang-kiosk: attendant call: " << stored->call.error().code << "\n";
            }
            break;
        case IntentKind::SubmitFinished:
            if (const auto* outcome = std::any_cast<SubmitOutcome>(&intent.payload))
                submit_finished(*outcome);
            break;
        case IntentKind::ProgressFound:
            if (const auto* outcome = std::any_cast<ProgressOutcome>(&intent.payload))
                progress_found(*outcome);
            break;
        case IntentKind::CorrectionFetched:
            if (const auto* fetch = std::any_cast<CorrectionFetch>(&intent.payload))
                correction_fetched(*fetch);
            break;
        case IntentKind::ReprintLoaded:
            if (const auto* loaded =
                    std::any_cast<Result<std::optional<store::CommittedSubmission>>>(&intent.payload))
                reprint_loaded(intent.text, *loaded);
            break;
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
    const StepDefinition& step = *steps[static_cast<std::size_t>(index)];
    const auto errors = errors_for_step(validation_context(), step, session.values);
    if (state_.elder_mode) {
        // One question a page: Next checks the question on screen and moves to the step's next question.
        const auto fields = visible_fields(validation_context(), step, session.values);
        if (!fields.empty()) {
            const int question = std::clamp(session.question_index, 0, static_cast<int>(fields.size()) - 1);
            const FieldDefinition& field = *fields[static_cast<std::size_t>(question)];
            if (!errors_for_field(errors, field.id).empty()) {
                session.attempted_steps.insert(step.id + "/" + field.id);
                platform::FrameRecord::current().request_scroll_to(widget_id_for_target(field.id));
                return;
            }
            if (question + 1 < static_cast<int>(fields.size())) {
                session.question_index = question + 1;
                return;
            }
        }
    } else if (!errors.empty()) {
        session.attempted_steps.insert(step.id);
        platform::FrameRecord::current().request_scroll_to(widget_id_for_target(errors.front().field));
        return;
    }
    session.question_index = 0;
    if (index + 1 < static_cast<int>(steps.size())) {
        session.step_index = index + 1;
    } else {
        session.visited_review = true;
        state_.screen = ScreenId::Review;
    }
}

void Application::previous_question() {
    ApplicantSession& session = state_.session;
    if (session.question_index > 0) {
        --session.question_index;
        return;
    }
    if (session.step_index <= 0)
        return;
    --session.step_index;
    const auto steps = session_steps();
    const int index = std::clamp(session.step_index, 0, static_cast<int>(steps.size()) - 1);
    const auto fields =
        visible_fields(validation_context(), *steps[static_cast<std::size_t>(index)], session.values);
    session.question_index = std::max(0, static_cast<int>(fields.size()) - 1);
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
    if (session.submitting)
        return;  // a double tap files once
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
    session.submit_message.clear();

    Submission submission;
    submission.id = new_submission_id();
    submission.kind = session.kind == FormKind::Demand ? SubmissionKind::Demand : SubmissionKind::Bid;
    submission.form_version = session_form().version;
    submission.profile_id = services_.profile->id;
    submission.terminal_id = services_.identity.terminal_id;
    const auto now = static_cast<std::time_t>(clock_.unix_seconds());
    submission.created_at = static_cast<std::int64_t>(now);
    // The access code proves the holder of the receipt at a correction (docs/protocol.md 18.1): only its
    // hash is filed; the code itself is shown and printed once and kept nowhere.
    const std::string access_code = new_access_code();
    submission.access_code_hash = access_code_hash_of(submission.id, access_code);
    if (session.correction)
        submission.resubmission_of = session.correction->original_id;
    // Only what the applicant could see is filed: values of fields hidden by a later answer are left out.
    for (const StepDefinition* step : session_steps()) {
        for (const FieldDefinition* field : visible_fields(context, *step, session.values)) {
            const auto found = session.values.find(field->id);
            if (found != session.values.end())
                submission.values[field->id] = found->second;
        }
    }
    SubmitOutcome outcome;
    outcome.session = session_serial_;
    outcome.started = started;
    outcome.title = submission_title(session_form(), submission.values, state_.board);
    outcome.access_code = access_code;
    if (session.correction)
        outcome.corrects_receipt = session.correction->original_receipt;
    if (worker_store_ == nullptr) {
        outcome.committed = Error("store.cannot_open", services_.database_file().string(),
                                  "the store worker has no connection");
        submit_finished(outcome);
        return;
    }
    // The durable commit (fsync, and up to the busy timeout if another connection holds the write lock) runs
    // on the store worker; the screen says it is saving and keeps drawing.
    session.submitting = true;
    store_worker_->post([store = worker_store_.get(), identity = services_.identity,
                         key = services_.signing_key, form = &session_form(),
                         submission = std::move(submission), date = local_date_number(now),
                         outcome = std::move(outcome), limit = clock_skew_limit_seconds_,
                         earliest = earliest_plausible_time_]() mutable {
        // The clock that stamps the receipt is checked first, against the last skew the agent kept
        // (kiosk/app/clock_trust.hpp): a clock that cannot be trusted files nothing and issues no receipt.
        outcome.terminal_time = submission.created_at;
        auto reading = store::load_clock_reading(store->database());
        if (!reading) {
            outcome.committed = reading.error();
        } else {
            outcome.clock_reading = *reading;
            outcome.clock_verdict = check_terminal_clock(submission.created_at, *reading, limit, earliest);
            if (!receipts_allowed(outcome.clock_verdict)) {
                outcome.committed = Error("terminal.clock_untrusted", "",
                                          std::string(clock_verdict_key(outcome.clock_verdict)));
            } else {
                outcome.committed =
                    store->commit_submission(std::move(submission), *form, identity, key, date);
            }
        }
        Intent result{IntentKind::SubmitFinished, {}, {}, 0, {}};
        result.payload = std::move(outcome);
        return std::vector<Intent>{std::move(result)};
    });
}

void Application::submit_finished(const SubmitOutcome& outcome) {
    if (outcome.session != session_serial_) {
        // The applicant left before the commit finished: it is filed (or not) all the same, but nobody is
        // there to see the receipt.
        std::cerr << "jiebang-kiosk: a commit finished after its session ended ("
                  << (outcome.committed ? "filed" : outcome.committed.error().code) << ")\n";
        return;
    }
    ApplicantSession& session = state_.session;
    session.submitting = false;
    const auto& committed = outcome.committed;
    if (!receipts_allowed(outcome.clock_verdict)) {
        // Nothing was filed: the draft stays in the session (the applicant goes back to it once the attendant
        // has set the clock right); the screen sends them to the attendant, the admin page says why.
        note_clock(outcome.terminal_time, outcome.clock_reading);
        std::cerr << "jiebang-kiosk: no receipt: " << clock_verdict_key(outcome.clock_verdict) << "\n";
        state_.screen = ScreenId::ClockRefused;
        return;
    }
    if (!committed) {
        session.submit_message = services_.strings.message(committed.error()) + " " +
                                 services_.strings.text("kiosk.submit.what_to_do");
        std::cerr << "jiebang-kiosk: submit failed: " << committed.error().code << "\n";
        return;
    }
    ReceiptView receipt;
    receipt.number = committed->receipt.number.text();
    receipt.kind = session.kind;
    receipt.created_at = committed->submission.created_at;
    receipt.qr_payload = committed->receipt.qr_payload();
    receipt.title = outcome.title;
    receipt.access_code = outcome.access_code;
    receipt.corrects_receipt = outcome.corrects_receipt;
    auto qr = encode_qr(receipt.qr_payload);
    if (qr)
        receipt.qr = std::move(*qr);
    // What to do now, from the profile (shared/paper): the same lines the A4 printout carries.
    const FormDefinition& form = committed->submission.kind == SubmissionKind::Demand
                                     ? services_.forms.demand()
                                     : services_.forms.bid();
    auto next_steps = describe_next_steps(
        next_steps_input(committed->submission, form, *services_.profile, services_.after_submission,
                         services_.identity.county_admin_code, receipt.number, &state_.board),
        services_.strings);
    if (next_steps) {
        receipt.next_steps = std::move(*next_steps);
    } else {
        receipt.next_steps_error = services_.strings.message(next_steps.error());
        std::cerr << "jiebang-kiosk: next steps: " << next_steps.error().code << "\n";
    }
    receipt.filed = std::make_shared<const Submission>(committed->submission);
    receipt.paper_message_key = paper_queue_.empty() ? "kiosk.receipt.paper.no_printer" : "";
    // The applicant's input has done its job: it is on disk; the screen keeps only the receipt.
    wipe();
    --state_.wipe_count;  // not an abandoned session
    state_.receipt = std::move(receipt);
    state_.screen = ScreenId::Receipt;
    refresh_status();
    submit_latencies_.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - outcome.started)
            .count());
}

void Application::lookup_progress() {
    ApplicantSession& session = state_.session;
    set_focus("");
    if (session.looking_up_progress)
        return;
    session.progress_result.reset();
    session.progress_message.clear();
    session.progress_looked_up = true;
    auto number = ReceiptNumber::parse(session.progress_number);
    if (!number) {
        session.progress_message = services_.strings.message(number.error());
        return;
    }
    if (worker_store_ == nullptr) {
        session.progress_message =
            services_.strings.message(Error("store.cannot_open", services_.database_file().string(), ""));
        return;
    }
    session.progress_county = CountyProgress{};
    session.correction_code_open = false;
    session.correction_code.clear();
    session.correction_message.clear();
    // A number of another county is never at this county (docs/protocol.md 18.2): say where to ask.
    const bool other_county = number->county_code != services_.identity.county_code;
    if (other_county) {
        session.progress_county.other_county = true;
        session.progress_county.other_county_code = number->county_code;
    }
    std::optional<sync::CountyLink> link;
    if (sync_agent_ != nullptr && !other_county)
        link = sync_agent_->county_link();
    session.looking_up_progress = true;
    store_worker_->post([store = worker_store_.get(), number = *number, serial = session_serial_, link]() {
        ProgressOutcome outcome;
        if (link) {
            outcome.county = sync::ask_progress(*link, number.text());
            const auto& county = *outcome.county;
            if (county && county->outcome == sync::LookupOutcome::Found && county->state != "returned" &&
                county->state != "rejected")
                outcome.project = sync::ask_project_progress(*link, number.text());
        }
        outcome.record = store->progress(number);
        outcome.session = serial;
        Intent result{IntentKind::ProgressFound, {}, {}, 0, {}};
        result.payload = std::move(outcome);
        return std::vector<Intent>{std::move(result)};
    });
}

void Application::progress_found(const ProgressOutcome& outcome) {
    if (outcome.session != session_serial_)
        return;
    ApplicantSession& session = state_.session;
    session.looking_up_progress = false;
    if (!outcome.record) {
        session.progress_message = services_.strings.message(outcome.record.error());
        return;
    }
    session.progress_result = *outcome.record;
    if (!outcome.county)
        return;
    CountyProgress& county = session.progress_county;
    if (!*outcome.county) {
        county.unreachable_code = outcome.county->error().code;  // the screen says "last known state"
        return;
    }
    const sync::ProgressReply& reply = outcome.county->value();
    county.answered = true;
    if (reply.outcome != sync::LookupOutcome::Found)
        return;  // unknown at the county: what this terminal knows (if anything) stands
    // The county's state is the newest (it follows the city's decisions, docs/review.md C16-C26).
    store::ProgressRecord record = session.progress_result.value_or(store::ProgressRecord{});
    record.receipt_number = reply.receipt_number;
    record.state = progress_state_from_code(reply.state).value_or(ProgressState::ReceivedByCounty);
    record.reason = reply.reason;
    record.updated_at = reply.updated_at;
    session.progress_result = std::move(record);
    county.revision = static_cast<int>(reply.revision);
    county.latest_receipt = reply.latest_receipt_number;
    if (outcome.project && *outcome.project && (*outcome.project)->found) {
        const sync::ProjectProgressReply& project = outcome.project->value();
        county.project_found = true;
        county.project_number = project.project_number;
        county.project_state = project.state;
        county.project_updated_at = project.updated_at;
    }
}

// [SECTION] correction
// A returned submission corrected and filed again (docs/protocol.md 18.3).

void Application::open_correction() {
    ApplicantSession& session = state_.session;
    if (!session.progress_result || session.progress_result->state != ProgressState::ReturnedForCorrection ||
        !session.progress_county.latest_receipt.empty()) {
        return;
    }
    session.correction_code_open = true;
    session.correction_code.clear();
    session.correction_message.clear();
    set_focus("progress.code");
}

void Application::submit_correction_code() {
    ApplicantSession& session = state_.session;
    set_focus("");
    if (session.fetching_correction || !session.progress_result)
        return;
    session.correction_message.clear();
    if (normalise_access_code(session.correction_code).empty()) {
        session.correction_message = services_.strings.text("kiosk.correction.code_format");
        return;
    }
    if (sync_agent_ == nullptr || worker_store_ == nullptr) {
        session.correction_message = services_.strings.text("kiosk.correction.offline");
        return;
    }
    session.fetching_correction = true;
    store_worker_->post([link = sync_agent_->county_link(), number = session.progress_result->receipt_number,
                         code = session.correction_code, serial = session_serial_]() {
        CorrectionFetch fetch;
        fetch.reply = sync::ask_correction(link, number, code);
        fetch.receipt_number = number;
        fetch.session = serial;
        Intent result{IntentKind::CorrectionFetched, {}, {}, 0, {}};
        result.payload = std::move(fetch);
        return std::vector<Intent>{std::move(result)};
    });
}

void Application::correction_fetched(const CorrectionFetch& fetch) {
    if (fetch.session != session_serial_)
        return;
    ApplicantSession& session = state_.session;
    session.fetching_correction = false;
    if (!fetch.reply) {
        session.correction_message = services_.strings.text("kiosk.correction.offline");
        std::cerr << "jiebang-kiosk: correction request failed: " << fetch.reply.error().code << "\n";
        return;
    }
    const sync::CorrectionReply& reply = fetch.reply.value();
    switch (reply.outcome) {
        case sync::CorrectionOutcome::Granted:
            break;
        case sync::CorrectionOutcome::WrongCode:
            session.correction_message = services_.strings.format(
                "kiosk.correction.wrong_code", {{"left", std::to_string(reply.attempts_left)}});
            session.correction_code.clear();
            return;
        case sync::CorrectionOutcome::Locked:
            session.correction_message = services_.strings.format(
                "kiosk.correction.locked",
                {{"minutes",
                  std::to_string(std::max<std::int64_t>(
                      1,
                      (reply.locked_until - static_cast<std::int64_t>(clock_.unix_seconds()) + 59) / 60))}});
            session.correction_code.clear();
            return;
        case sync::CorrectionOutcome::NotReturned:
            session.correction_message = services_.strings.text("kiosk.correction.not_returned");
            return;
        case sync::CorrectionOutcome::NoCode:
            session.correction_message = services_.strings.text("kiosk.correction.no_code");
            return;
        case sync::CorrectionOutcome::Unknown:
        case sync::CorrectionOutcome::OtherCounty:
            session.correction_message = services_.strings.text("kiosk.correction.unknown");
            return;
    }
    auto content = submission_from_json(reply.canonical_content);
    if (!content) {
        session.correction_message = services_.strings.message(content.error());
        return;
    }
    CorrectionContext correction;
    correction.original_id = reply.submission_id;
    correction.original_receipt = fetch.receipt_number;
    correction.reason = reply.reason;
    correction.revision = static_cast<int>(reply.revision);
    FieldValues values = std::move(content->values);
    start_session(content->kind == SubmissionKind::Bid ? FormKind::Bid : FormKind::Demand);
    state_.session.values = std::move(values);
    state_.session.correction = std::move(correction);
    state_.session.visited_review = true;  // every step shows "back to review": the rest is filled in
    std::cerr << "jiebang-kiosk: correcting " << fetch.receipt_number << " (revision " << reply.revision
              << ")\n";
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
    if (parsed.field_id == "progress.code") {
        info.kind = FieldKind::Text;
        info.max_chars = 16;
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
    if (target.field_id == "progress.code")
        return &session.correction_code;
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
    if (target.field_id == "progress.code")
        return;
    session.touched_fields.insert(target.field_id);
    // Keep the field, its counter and a new error in view above the keyboard as the applicant types.
    platform::FrameRecord::current().request_scroll_to(widget_id_for_target(session.focused));
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
    std::string addition;
    for (char character : text) {
        if (character == '\n' && !(info && info->multiline))
            continue;
        addition.push_back(character);
    }
    // The same rules as the on-screen keyboard for what a physical keyboard, a scanner or a script types:
    // full-width forms become ASCII in code-like fields, characters the fonts lack are refused with a notice.
    // (Limits and the numeric pad's grammar stay the keyboard's: the field's check reports those.)
    input::FieldRules rules;
    rules.multiline = true;
    rules.half_width = info && (input::folds_full_width(info->kind) || info->target == "progress.number" ||
                                info->target == "progress.code");
    rules.characters = font_characters_.get();
    ApplicantSession& session = state_.session;
    if (auto appended = input::append_to_field(*target, addition, rules); !appended) {
        session.input_notice = services_.strings.message(appended.error());
        session.input_notice_target = session.focused;
        // The notice goes under the box: scroll so that the counter below it stays in view too.
        platform::FrameRecord::current().request_scroll_to(widget_id_for_target(session.focused));
        return;
    }
    session.input_notice.clear();
    session.input_notice_target.clear();
    finish_text_edit();
}

void Application::set_font_characters(std::shared_ptr<const input::FontCharacters> characters) {
    font_characters_ = characters ? std::move(characters) : std::make_shared<const input::FontCharacters>();
}

bool Application::session_has_answers() const {
    const FormDefinition& form = session_form();
    for (const auto& [field_id, value] : state_.session.values) {
        const FieldDefinition* field = form.field(field_id);
        // The consent tick and the listing a bid was started from are not answers the applicant would lose.
        if (field == nullptr || field->kind == FieldKind::Consent || field->kind == FieldKind::Listing)
            continue;
        if (const auto* text = std::get_if<std::string>(&value); text != nullptr && !text->empty())
            return true;
        if (const auto* flag = std::get_if<bool>(&value); flag != nullptr && *flag)
            return true;
        if (const auto* list = std::get_if<std::vector<std::string>>(&value);
            list != nullptr && !list->empty())
            return true;
    }
    return false;
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

void Application::read_clock() {
    state_.now = clock_.monotonic_seconds();
    // The date only for listings' deadlines: read once a minute, not every frame (localtime reads the zone).
    if (!state_.today.empty() && state_.now - today_read_at_ < 60)
        return;
    today_read_at_ = state_.now;
    const std::time_t seconds = static_cast<std::time_t>(clock_.unix_seconds());
    std::tm local{};
    localtime_r(&seconds, &local);
    char date[40];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    state_.today = date;
}

void Application::note_activity() {
    read_clock();
    state_.last_activity = state_.now;
    state_.idle_warning = false;
}

bool Application::apply_background_results() {
    auto results = inbox_.take();
    for (const auto& result : results) {
        read_clock();
        // A result is not a touch: it must not hold off the idle wipe.
        const double last_activity = state_.last_activity;
        apply(result);
        state_.last_activity = last_activity;
    }
    return !results.empty();
}

void Application::finish_background_work() {
    speech_->wait_until_idle();  // scripted runs hear every utterance whole (the WAV the tests check)
    while (true) {
        for (BackgroundWorker* worker : workers())
            worker->wait_until_idle();
        if (!apply_background_results()) {
            bool all_idle = true;
            for (BackgroundWorker* worker : workers())
                all_idle = all_idle && worker->idle();
            if (all_idle && inbox_.empty())
                return;
        }
    }
}

bool Application::tick() {
    read_clock();
    bool changed = apply_background_results();
    if (state_.screen == ScreenId::AdminPin) {
        const auto before = state_.pin_locked_seconds;
        refresh_pin_lock();
        changed = changed || before != state_.pin_locked_seconds;
    }
    if (state_.screen != ScreenId::Home && state_.screen != ScreenId::SetupPin) {
        const double idle = state_.now - state_.last_activity;
        if (idle >= state_.idle_warning_after_seconds + state_.idle_countdown_seconds) {
            std::cerr << "jiebang-kiosk: idle timeout, session wiped\n";
            end_session();
            changed = true;
        } else if (idle >= state_.idle_warning_after_seconds) {
            state_.idle_warning = true;
            changed = true;  // the countdown moves
        }
    }
    if (state_.now - last_status_refresh_ >= 2.0) {
        const std::string before = state_.status.sync_state_key;
        refresh_status();  // the store's part comes back as a StatusPolled result
        changed = changed || before != state_.status.sync_state_key;
    }
    // The attendant sees the printer's state on the admin page: asked when the page opens and every 15 s.
    if (state_.screen == ScreenId::Admin && state_.now - last_printer_check_ >= 15.0)
        check_printer();
    changed = update_speech() || changed;
    return changed;
}

// [SECTION] voice guidance

bool Application::update_speech() {
    // The attendant learns on the admin page whether the terminal can speak: the engine starts when it opens.
    if (state_.screen == ScreenId::Admin)
        speech_->prepare();
    bool changed = false;
    const auto availability = speech_->availability();
    const char* key = availability == platform::SpeechAvailability::Ready      ? "kiosk.admin.voice_ready"
                      : availability == platform::SpeechAvailability::Starting ? "kiosk.admin.voice_starting"
                      : availability == platform::SpeechAvailability::Unavailable
                          ? "kiosk.admin.voice_unavailable"
                          : "kiosk.admin.voice_not_started";
    if (state_.voice_status_key != key) {
        state_.voice_status_key = key;
        state_.voice_unavailable_code = speech_->unavailable_code();
        changed = true;
    }
    if (!state_.voice_on || availability == platform::SpeechAvailability::Unavailable)
        return changed;
    const SpeechCues cues = speech_cues(state_, services_.strings, validation_context(), session_steps());
    if (cues.page != spoken_page_) {
        spoken_page_ = cues.page;
        spoken_cue_keys_.clear();
    }
    std::string text;
    for (const SpeechCue& cue : cues.cues) {
        if (spoken_cue_keys_.insert(cue.key).second)
            text += cue.text;
    }
    if (!text.empty())
        speech_->say(std::move(text));  // interrupts what was being said
    return changed;
}

void Application::speak_count(const std::string& field_id) {
    if (!state_.voice_on)
        return;
    const FieldDefinition* field = session_form().field(field_id);
    if (field == nullptr)
        return;
    const auto count = utf8::count_code_points(value_text(state_.session.values, field_id)).value_or(0);
    speech_->say(counter_utterance(services_.strings, count, field->max_chars));
}

void Application::refresh_status() {
    last_status_refresh_ = state_.now;
    TerminalStatus& status = state_.status;
    status.sync_detail.clear();
    if (sync_agent_) {
        // What the county sees of this terminal (docs/protocol.md 19): printer problems, a refused clock.
        std::uint32_t flags = status.clock_refuses_receipts ? sync::condition_clock_refused : 0;
        if (status.printer.kind == PrinterKind::Device) {
            if (!status.printer.error_code.empty())
                flags |= sync::condition_printer_offline;
            for (const std::string& code : status.printer.problems) {
                if (code == "printer.paper_out")
                    flags |= sync::condition_printer_paper_out;
                else if (code == "printer.paper_near_end")
                    flags |= sync::condition_printer_paper_near_end;
                else if (code == "printer.cover_open")
                    flags |= sync::condition_printer_cover_open;
                else
                    flags |= sync::condition_printer_offline;  // offline, no answer, error
            }
        }
        sync_agent_->set_kiosk_flags(flags);
        const auto snapshot = sync_agent_->snapshot();  // a copy under the agent's mutex: cheap
        status.sync_state_key = !snapshot.online       ? "kiosk.sync.offline"
                                : snapshot.pending > 0 ? "kiosk.sync.uploading"
                                                       : "kiosk.sync.online";
        status.sync_detail = snapshot.last_error_code;
    } else {
        status.sync_state_key =
            status.outbox.pending > 0 ? "kiosk.sync.not_configured_pending" : "kiosk.sync.not_configured";
    }
    // The store is read on the store worker: counts every time, the board only when its version changed (a
    // 1,000-listing board takes tens of milliseconds to read and must never stall a frame).
    if (status_poll_in_flight_ || worker_store_ == nullptr)
        return;
    status_poll_in_flight_ = true;
    store_worker_->post([store = worker_store_.get(), shown_version = state_.board.version,
                         directory = services_.data_directory]() {
        StatusPoll poll;
        poll.counts = store->outbox_counts();
        auto version = store->board_version();
        if (version && *version != shown_version) {
            if (auto board = store->board(); board) {
                poll.board = std::make_shared<Board>(std::move(*board));
            } else {
                std::cerr << "jiebang-kiosk: board: " << board.error().code << "\n";
            }
        }
        poll.free_disk_bytes = platform::free_disk_bytes(directory);
        poll.clock_reading = store::load_clock_reading(store->database());
        poll.attendant_call = store::open_attendant_call(store->database());
        Intent result{IntentKind::StatusPolled, {}, {}, 0, {}};
        result.payload = std::move(poll);
        return std::vector<Intent>{std::move(result)};
    });
}

void Application::status_polled(const StatusPoll& poll) {
    status_poll_in_flight_ = false;
    TerminalStatus& status = state_.status;
    if (poll.counts) {
        status.outbox = *poll.counts;
        status.outbox_known = true;
    }
    if (poll.board && poll.board->version != state_.board.version)
        state_.board = std::move(*poll.board);
    status.board_version = state_.board.version;
    status.free_disk_bytes = poll.free_disk_bytes;
    if (poll.clock_reading)
        note_clock(clock_.unix_seconds(), *poll.clock_reading);
    else
        std::cerr << "jiebang-kiosk: clock reading: " << poll.clock_reading.error().code << "\n";
    if (poll.attendant_call)
        status.attendant_call_raised_at = *poll.attendant_call;
    if (!sync_agent_) {
        status.sync_state_key =
            status.outbox.pending > 0 ? "kiosk.sync.not_configured_pending" : "kiosk.sync.not_configured";
    }
}

void Application::note_clock(std::int64_t terminal_time, const std::optional<store::ClockReading>& reading) {
    TerminalStatus& status = state_.status;
    status.terminal_time = terminal_time;
    status.clock_skew_known = reading.has_value();
    status.clock_skew_seconds = reading ? reading->skew_seconds : 0;
    status.clock_learned_at = reading ? reading->learned_at : 0;
    const ClockVerdict verdict =
        check_terminal_clock(terminal_time, reading, clock_skew_limit_seconds_, earliest_plausible_time_);
    status.clock_verdict_key = std::string(clock_verdict_key(verdict));
    status.clock_refuses_receipts = !receipts_allowed(verdict);
}

void Application::store_attendant_call(bool raise) {
    if (worker_store_ == nullptr)
        return;
    store_worker_->post([store = worker_store_.get(), raise, now = clock_.unix_seconds()]() {
        AttendantCallResult stored;
        const Status changed = raise ? store::raise_attendant_call(store->database(), now)
                                     : store::clear_attendant_call(store->database());
        stored.call = changed ? store::open_attendant_call(store->database())
                              : Result<std::optional<std::int64_t>>(changed.error());
        Intent result{IntentKind::AttendantCallStored, {}, {}, 0, {}};
        result.payload = std::move(stored);
        return std::vector<Intent>{std::move(result)};
    });
}

// [SECTION] printing

void Application::print_document(PrintJobKind kind, std::string bytes, std::string label) {
    ++state_.status.printer.jobs_in_flight;
    PrintJobResult job;
    job.kind = kind;
    job.label = std::move(label);
    job.session = session_serial_;
    printer_worker_->post(
        [target = printer_target_, bytes = std::move(bytes), job = std::move(job)]() mutable {
            job.report = platform::print_with_status(target, bytes, platform::PrinterOptions{});
            Intent result{IntentKind::PrintFinished, {}, {}, 0, {}};
            result.payload = std::move(job);
            return std::vector<Intent>{std::move(result)};
        });
}

std::string Application::printer_problem_words(const std::vector<std::string>& codes) const {
    std::string words;
    for (const auto& code : codes) {
        const std::string key = "kiosk.printer.problem." + code.substr(code.find('.') + 1);
        if (!services_.strings.has(key))
            continue;
        words += (words.empty() ? "" : services_.strings.text("kiosk.printer.problem_separator")) +
                 services_.strings.text(key);
    }
    return words;
}

void Application::note_printer_status(const platform::PrinterStatus& status) {
    PrinterState& printer = state_.status.printer;
    printer.checked = true;
    printer.answered = status.answered;
    printer.problems = status.problem_codes();
    printer.error_code.clear();
}

void Application::print_finished(const PrintJobResult& result) {
    PrinterState& printer = state_.status.printer;
    printer.jobs_in_flight = std::max(0, printer.jobs_in_flight - 1);
    const platform::PrintReport& report = result.report;
    if (report.after) {
        note_printer_status(*report.after);
    } else if (report.before) {
        note_printer_status(*report.before);
    }
    std::string reason;
    if (report.error) {
        std::cerr << "jiebang-kiosk: print: " << report.error->code << "\n";
        if (report.error->code != "printer.not_ready") {
            printer.checked = true;
            printer.error_code = report.error->code;
            reason = services_.strings.text("kiosk.printer.problem.unreachable");
        } else {
            reason = printer_problem_words(printer.problems);
        }
    }
    if (!reason.empty() || report.outcome == platform::PrintOutcome::NotPrinted) {
        if (reason.empty())
            reason = services_.strings.text("kiosk.printer.problem.unknown");
    }
    const bool printed = report.outcome == platform::PrintOutcome::Printed ||
                         report.outcome == platform::PrintOutcome::WrittenToFile;
    const bool unconfirmed = report.outcome == platform::PrintOutcome::Unconfirmed;
    if (result.kind == PrintJobKind::Receipt) {
        // A result for an applicant who has left (wiped) is not shown to the next one.
        if (result.session != session_serial_ || !state_.receipt || state_.receipt->number != result.label)
            return;
        state_.receipt->print_message_key = printed       ? "kiosk.receipt.print.done"
                                            : unconfirmed ? "kiosk.receipt.print.unconfirmed"
                                                          : "kiosk.receipt.print.failed";
        state_.receipt->print_reason = reason;
        return;
    }
    if (state_.screen != ScreenId::Admin)
        return;
    if (result.kind == PrintJobKind::Reprint)
        state_.admin_message_what =
            services_.strings.format("kiosk.admin.what_receipt", {{"number", result.label}});
    state_.admin_message = report.outcome == platform::PrintOutcome::WrittenToFile ? "kiosk.admin.print_file"
                           : printed                                               ? "kiosk.admin.print_done"
                           : unconfirmed ? "kiosk.admin.print_unconfirmed"
                                         : "kiosk.admin.print_failed";
    state_.admin_message_reason = reason;
}

void Application::check_printer() {
    last_printer_check_ = state_.now;
    if (state_.status.printer.kind != PrinterKind::Device)
        return;
    printer_worker_->post([target = printer_target_]() {
        Intent result{IntentKind::PrinterChecked, {}, {}, 0, {}};
        result.payload = platform::query_printer_status(target, platform::PrinterOptions{});
        return std::vector<Intent>{std::move(result)};
    });
}

void Application::printer_checked(const Result<platform::PrinterStatus>& status) {
    if (status) {
        note_printer_status(*status);
        return;
    }
    PrinterState& printer = state_.status.printer;
    printer.checked = true;
    printer.answered = false;
    printer.problems.clear();
    printer.error_code = status.error().code;
}

void Application::print_paper() {
    if (!state_.receipt || state_.receipt->paper_message_key == "kiosk.receipt.paper.printing")
        return;
    ReceiptView& receipt = *state_.receipt;
    receipt.paper_reason.clear();
    if (paper_queue_.empty()) {
        receipt.paper_message_key = "kiosk.receipt.paper.no_printer";
        return;
    }
    if (!receipt.filed) {
        receipt.paper_message_key = "kiosk.receipt.paper.failed";
        return;
    }
    receipt.paper_message_key = "kiosk.receipt.paper.printing";
    post_paper_job(PaperJobKind::Applicant, receipt.filed, receipt.number, receipt.qr_payload);
}

void Application::post_paper_job(PaperJobKind kind, std::shared_ptr<const Submission> submission,
                                 std::string receipt_number, std::string qr_payload) {
    PaperJob job;
    job.kind = kind;
    // A bid's papers name its listing: the board as shown now, copied for the worker.
    if (submission->kind == SubmissionKind::Bid)
        job.board = std::make_shared<const Board>(state_.board);
    job.submission = std::move(submission);
    job.receipt_number = std::move(receipt_number);
    job.qr_payload = std::move(qr_payload);
    job.queue = paper_queue_;
    job.copies = services_.after_submission.paper(job.submission->kind).paper_copies;
    job.terminal_county_code = services_.identity.county_admin_code;
    job.assets_directory = services_.assets_directory;
    job.work_directory = services_.data_directory / "paper";
    job.forms = &services_.forms;
    job.profile = services_.profile;
    job.policy = &services_.after_submission;
    job.strings = &services_.strings;
    job.session = session_serial_;
    ++state_.status.paper_printer.jobs_in_flight;
    paper_worker_->post([job = std::move(job)]() {
        Intent result{IntentKind::PaperFinished, {}, {}, 0, {}};
        result.payload = run_paper_job(job);
        return std::vector<Intent>{std::move(result)};
    });
}

void Application::paper_loaded(const std::string& submission_id,
                               const Result<std::optional<store::CommittedSubmission>>& loaded) {
    if (state_.screen != ScreenId::Admin)
        return;
    if (!loaded || !loaded->has_value()) {
        state_.admin_message = "kiosk.admin.print_failed";
        state_.admin_message_reason = loaded ? services_.strings.text("kiosk.admin.reprint_unknown")
                                             : services_.strings.message(loaded.error());
        std::cerr << "jiebang-kiosk: paper reprint " << submission_id << ": "
                  << (loaded ? "unknown" : loaded.error().code) << "\n";
        return;
    }
    const store::CommittedSubmission& committed = **loaded;
    const std::string number = committed.receipt.number.text();
    state_.admin_message_what = services_.strings.format("kiosk.admin.what_paper", {{"number", number}});
    post_paper_job(PaperJobKind::Reprint, std::make_shared<const Submission>(committed.submission), number,
                   committed.receipt.qr_payload());
}

void Application::paper_finished(const PaperJobResult& result) {
    PaperPrinterState& paper = state_.status.paper_printer;
    paper.jobs_in_flight = std::max(0, paper.jobs_in_flight - 1);
    paper.checked = true;
    if (result.outcome == PaperOutcome::Printed) {
        paper.error_code.clear();
        paper.reason.clear();
        if (paper.failed_receipt == result.receipt_number)
            paper.failed_receipt.clear();
    } else {
        // [1] Never silently lost: the attendant sees which receipt's papers did not print, and why.
        paper.error_code = result.error_code;
        paper.reason = result.reason;
        paper.failed_receipt = result.receipt_number;
        std::cerr << "jiebang-kiosk: A4 papers of " << result.receipt_number
                  << " not printed: " << result.error_code << "\n";
    }
    const char* outcome_key = result.outcome == PaperOutcome::Printed       ? "done"
                              : result.outcome == PaperOutcome::Unconfirmed ? "unconfirmed"
                                                                            : "failed";
    if (result.kind == PaperJobKind::Applicant) {
        if (result.session != session_serial_ || !state_.receipt ||
            state_.receipt->number != result.receipt_number)
            return;
        state_.receipt->paper_message_key = std::string("kiosk.receipt.paper.") + outcome_key;
        state_.receipt->paper_reason = result.reason;
        return;
    }
    if (state_.screen != ScreenId::Admin)
        return;
    state_.admin_message_what =
        services_.strings.format("kiosk.admin.what_paper", {{"number", result.receipt_number}});
    state_.admin_message = std::string("kiosk.admin.paper_") + outcome_key;
    state_.admin_message_reason = result.reason;
}

void Application::load_recent_receipts() {
    if (worker_store_ == nullptr)
        return;
    store::TerminalStore* store = worker_store_.get();
    store_worker_->post([store]() {
        Intent result{IntentKind::RecentReceiptsLoaded, {}, {}, 0, {}};
        result.payload = store->recent_receipts(5);
        return std::vector<Intent>{std::move(result)};
    });
}

void Application::reprint_loaded(const std::string& submission_id,
                                 const Result<std::optional<store::CommittedSubmission>>& loaded) {
    if (state_.screen != ScreenId::Admin)
        return;
    if (!loaded || !loaded->has_value()) {
        state_.admin_message = "kiosk.admin.print_failed";
        state_.admin_message_reason = loaded ? services_.strings.text("kiosk.admin.reprint_unknown")
                                             : services_.strings.message(loaded.error());
        std::cerr << "jiebang-kiosk: reprint " << submission_id << ": "
                  << (loaded ? "unknown" : loaded.error().code) << "\n";
        return;
    }
    const store::CommittedSubmission& committed = **loaded;
    ReceiptView view;
    view.number = committed.receipt.number.text();
    view.kind = committed.submission.kind == SubmissionKind::Demand ? FormKind::Demand : FormKind::Bid;
    view.created_at = committed.submission.created_at;
    view.qr_payload = committed.receipt.qr_payload();
    for (const auto& summary : state_.recent_receipts) {
        if (summary.submission_id == submission_id)
            view.title = summary.title;
    }
    if (auto qr = encode_qr(view.qr_payload))
        view.qr = std::move(*qr);
    state_.admin_message_what =
        services_.strings.format("kiosk.admin.what_receipt", {{"number", view.number}});
    auto document = build_receipt_document(view, state_.status, services_.strings);
    if (!document) {
        state_.admin_message = "kiosk.admin.print_failed";
        state_.admin_message_reason = services_.strings.message(document.error());
        return;
    }
    if (state_.status.printer.kind == PrinterKind::None) {
        state_.admin_message = "kiosk.admin.print_no_printer";
        return;
    }
    print_document(PrintJobKind::Reprint, std::move(*document), view.number);
}

// [SECTION] admin access

void Application::refresh_pin_lock() {
    state_.pin_locked_seconds = admin_access_.locked_for(clock_.unix_seconds());
}

void Application::open_pin_pad() {
    state_.pin_entry.clear();
    state_.pin_rejected = false;
    refresh_pin_lock();
    state_.screen = ScreenId::AdminPin;
}

void Application::submit_admin_pin() {
    refresh_pin_lock();
    if (state_.pin_checking || state_.pin_locked_seconds > 0 || state_.pin_entry.empty())
        return;
    if (admin_access_.pin_state() != AdminPinState::Set) {
        state_.pin_entry.clear();
        return;  // [3] a damaged PIN file opens nothing
    }
    state_.pin_checking = true;
    security_worker_->post([hash = admin_access_.pin_hash(), pin = std::exchange(state_.pin_entry, {})]() {
        const bool matched = AdminAccess::pin_matches(hash, pin);
        return std::vector<Intent>{Intent{IntentKind::PinChecked, {}, {}, matched ? 1 : 0, {}}};
    });
}

void Application::pin_checked(bool matched) {
    state_.pin_checking = false;
    // Every wrong PIN counts, even when the screen was left meanwhile; a right one opens the page only if the
    // person is still at the PIN pad.
    if (!matched) {
        if (auto saved = admin_access_.record_failure(clock_.unix_seconds()); !saved)
            std::cerr << "jiebang-kiosk: " << saved.error().code << ": admin lockout not saved\n";
        std::cerr << "jiebang-kiosk: wrong admin PIN (" << admin_access_.failures() << " in a row)\n";
        state_.pin_rejected = state_.screen == ScreenId::AdminPin;
        refresh_pin_lock();
        return;
    }
    if (auto saved = admin_access_.record_success(); !saved)
        std::cerr << "jiebang-kiosk: " << saved.error().code << ": admin lockout not saved\n";
    if (state_.screen != ScreenId::AdminPin)
        return;
    state_.pin_rejected = false;
    refresh_status();
    state_.screen = ScreenId::Admin;
    check_printer();
    load_recent_receipts();
}

void Application::submit_setup_pin() {
    if (state_.pin_checking)
        return;
    std::string entry = std::exchange(state_.pin_entry, {});
    if (!AdminAccess::pin_well_formed(entry)) {
        state_.setup_message_key = "kiosk.setup.pin_format";
        state_.setup_first_pin.clear();
        return;
    }
    if (state_.setup_first_pin.empty()) {
        state_.setup_first_pin = std::move(entry);
        state_.setup_message_key = "kiosk.setup.confirm";
        return;
    }
    if (entry != state_.setup_first_pin) {
        state_.setup_first_pin.clear();
        state_.setup_message_key = "kiosk.setup.pin_mismatch";
        return;
    }
    state_.setup_first_pin.clear();
    state_.setup_message_key = "kiosk.setup.saving";
    state_.pin_checking = true;
    security_worker_->post([directory = services_.data_directory, pin = std::move(entry)]() {
        Result<std::string> stored = AdminAccess::hash_pin(pin);
        if (stored) {
            if (auto written = AdminAccess::store_pin_hash(directory, *stored); !written)
                stored = written.error();
        }
        Intent result{IntentKind::PinStored, {}, {}, 0, {}};
        result.payload = std::move(stored);
        return std::vector<Intent>{std::move(result)};
    });
}

void Application::pin_stored(const Result<std::string>& stored) {
    state_.pin_checking = false;
    if (!stored) {
        std::cerr << "jiebang-kiosk: admin PIN not stored: " << stored.error().code << "\n";
        state_.setup_message_key = "kiosk.setup.pin_save_failed";
        return;
    }
    admin_access_.adopt_pin_hash(*stored);
    std::cerr << "jiebang-kiosk: admin PIN set\n";
    wipe();
    state_.screen = ScreenId::Home;
}

}  // namespace jiebang::kiosk

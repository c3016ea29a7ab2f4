// kiosk/app/kiosk_runner.cpp — frame loop, interactive and scripted (see kiosk_runner.hpp).
//
// Index: [SECTION] set-up  [SECTION] drawing  [SECTION] frame  [SECTION] interactive  [SECTION] script
#include "kiosk/app/kiosk_runner.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_internal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>

#include "kiosk/keyboard/font_atlas_extension.hpp"
#include "kiosk/keyboard/font_characters.hpp"
#include "kiosk/keyboard/on_screen_keyboard.hpp"
#include "kiosk/screens/admin_screen.hpp"
#include "kiosk/screens/board_screen.hpp"
#include "kiosk/screens/clock_refused_screen.hpp"
#include "kiosk/screens/home_confirm_overlay.hpp"
#include "kiosk/screens/home_screen.hpp"
#include "kiosk/screens/idle_overlay.hpp"
#include "kiosk/screens/listing_screen.hpp"
#include "kiosk/screens/policy_screen.hpp"
#include "kiosk/screens/progress_screen.hpp"
#include "kiosk/screens/receipt_screen.hpp"
#include "kiosk/screens/review_screen.hpp"
#include "kiosk/screens/wizard_screen.hpp"
#include "kiosk/widgets/ui.hpp"
#include "platform/display/screenshot.hpp"
#include "platform/fonts/atlas_cache.hpp"
#include "platform/script/frame_record.hpp"
#include "shared/text/utf8.hpp"

namespace jiebang::kiosk {

namespace {

std::atomic<bool> termination_requested{false};
extern "C" void request_termination(int) {
    termination_requested = true;
}

}  // namespace

// [SECTION] set-up

KioskRunner::KioskRunner(Application& application, platform::Display& display, VirtualClock* virtual_clock)
    : application_(application), display_(display), virtual_clock_(virtual_clock) {
    keyboard_ = std::make_unique<OnScreenKeyboard>();
    // Start librime (and deploy the pinyin schema on a terminal's first start) on a worker while the first
    // frame is prepared, rather than on the first applicant's first tap; without it the keyboard still offers
    // Latin and digits. frame() reports a failure once the worker is done.
    keyboard_->start_input_methods_in_background(application_.services().data_directory);
    application_.on_wipe = [this]() {
        texts_checked_for_glyphs_.clear();  // it holds what the applicant typed
        keyboard_->wipe();
        if (ImGui::GetCurrentContext() != nullptr)
            ImGui::ClearActiveID();
    };
    application_.on_focus_changed = [this](const std::string& target) {
        const auto info = application_.focused_field();
        if (target.empty() || !info) {
            keyboard_->release_focus();
        } else {
            keyboard_->request_focus(
                KeyboardTarget{info->target, info->kind, info->max_chars, info->multiline});
        }
    };
}

KioskRunner::~KioskRunner() {
    application_.on_wipe = nullptr;
    application_.on_focus_changed = nullptr;
}

Status KioskRunner::prepare() {
    const auto& services = application_.services();
    auto faces = platform::load_font_configuration(services.assets_directory);
    if (!faces)
        return faces.error();
    configured_faces_ = *faces;
    // What the fonts hold at all: the keyboard and the physical/scripted input refuse anything else.
    auto characters = read_font_characters(configured_faces_);
    if (!characters)
        return characters.error();
    const auto shared_characters = std::make_shared<const input::FontCharacters>(std::move(*characters));
    keyboard_->set_font_characters(shared_characters);
    application_.set_font_characters(shared_characters);
    code_points_ =
        platform::collect_asset_code_points(services.assets_directory, application_.state().status.hall_name);
    // The baked atlas is kept in the data folder (private to the terminal's user). It holds no applicant's
    // characters (atlas_cache.hpp invariant 3). No folder: no cache, the terminal rasterises as before.
    std::error_code folder_error;
    atlas_cache_directory_ = services.data_directory / "font-cache";
    std::filesystem::create_directories(atlas_cache_directory_, folder_error);
    if (folder_error)
        atlas_cache_directory_.clear();
    return build_fonts_for_layout();
}

Status KioskRunner::build_fonts_for_layout() {
    layout_ = panel_layout(display_.pixel_width(), display_.pixel_height(), application_.state().elder_mode);
    const auto faces = faces_for_panel(configured_faces_, layout_);
    // The extension's running build (if any) is for the old sizes: wait for it before replacing the atlas.
    atlas_extension_.reset();
    // A start after the first: the full atlas (asset text and common Chinese) of these sizes is in the cache.
    if (!atlas_cache_directory_.empty()) {
        auto key = platform::atlas_cache_key(faces, 1.0f, code_points_, platform::AtlasHeight::Tight);
        auto cached = key ? platform::load_atlas_cache(atlas_cache_directory_, *key, *ImGui::GetIO().Fonts)
                          : Result<platform::FontSet>(key.error());
        if (cached) {
            ImGui::GetIO().FontDefault = cached->body;
            install_fonts(*cached);
            ui::apply_style(ui::theme());
            keyboard_->set_metrics(KeyboardMetrics{layout_.keyboard_key_height, layout_.keyboard_gap});
            atlas_extension_ =
                std::make_unique<FontAtlasExtension>(faces, 1.0f, code_points_, atlas_cache_directory_);
            full_atlas_requested_ = true;
            first_atlas_from_cache_ = true;
            texts_checked_for_glyphs_.clear();
            return ok_status();
        }
        if (cached.error().code != "fonts.cache_missing")  // damaged: rebuilt below, and rewritten after
            std::cerr << "jiebang-kiosk: " << cached.error().code << " (" << cached.error().field << ")\n";
    }
    first_atlas_from_cache_ = false;
    // The first atlas holds what the screens show (the asset text); the common-Chinese range applicants type
    // from is baked by the extension on a worker once the first frame is on screen (frame()), and written to
    // the cache there.
    auto first_faces = faces;
    for (auto& face : first_faces)
        face.common_chinese = false;
    auto fonts = platform::build_font_set(first_faces, 1.0f, code_points_);
    if (!fonts)
        return fonts.error();
    install_fonts(*fonts);
    ui::apply_style(ui::theme());
    keyboard_->set_metrics(KeyboardMetrics{layout_.keyboard_key_height, layout_.keyboard_gap});
    atlas_extension_ =
        std::make_unique<FontAtlasExtension>(faces, 1.0f, code_points_, atlas_cache_directory_);
    full_atlas_requested_ = false;
    texts_checked_for_glyphs_.clear();
    return ok_status();
}

void KioskRunner::install_fonts(const platform::FontSet& fonts) {
    fonts_ = fonts;
    display_.rebuild_font_texture();
    platform::release_font_pixels();
    if (pending_layout_) {
        // A text-size change whose atlas was built in the background: sizes and fonts change together.
        layout_ = *pending_layout_;
        pending_layout_.reset();
        keyboard_->set_metrics(KeyboardMetrics{layout_.keyboard_key_height, layout_.keyboard_gap});
    }
    ui::Theme theme;
    theme.layout = layout_;
    theme.fonts = fonts_;
    ui::set_theme(theme);
    ui::apply_style(theme);
}

void KioskRunner::follow_text_size() {
    const bool elder = application_.state().elder_mode;
    // A build for a text size is under way: it installs first; a change back is taken up after it.
    if (pending_layout_ || elder == layout_.elder || atlas_extension_ == nullptr)
        return;
    pending_layout_ = panel_layout(display_.pixel_width(), display_.pixel_height(), elder);
    // The running extension (extra glyphs) is dropped — its build, if any, finishes first; the new one bakes the
    // new sizes with everything the screens and the applicant need, on a worker (scripted runs: at once).
    atlas_extension_ = std::make_unique<FontAtlasExtension>(
        faces_for_panel(configured_faces_, *pending_layout_), 1.0f, code_points_, atlas_cache_directory_);
    atlas_extension_->complete_in_background();
    full_atlas_requested_ = true;
    texts_checked_for_glyphs_.clear();
}

void KioskRunner::request_glyphs(std::string_view text) {
    if (atlas_extension_ == nullptr)
        return;
    if (auto code_points = utf8::decode(text))
        atlas_extension_->request(*code_points);
}

void KioskRunner::report_atlas_cache_error() const {
    // The cache is an optimisation: a damaged file or a full disk costs a rasterisation, never a screen.
    const auto& error = atlas_extension_->last_report().cache_error;
    if (!error.empty())
        std::cerr << "jiebang-kiosk: " << error << " (font-cache)\n";
}

void KioskRunner::install_new_glyphs() {
    if (atlas_extension_ == nullptr)
        return;
    atlas_extension_->request(keyboard_->take_missing_glyphs());
    // Every word drawn last frame (store content such as listing titles and progress records included) is
    // checked once against the atlas; missing characters are baked in.
    for (const auto& text : platform::FrameRecord::current().texts()) {
        if (texts_checked_for_glyphs_.size() > 20000)
            texts_checked_for_glyphs_.clear();
        if (texts_checked_for_glyphs_.insert(text).second)
            request_glyphs(text);
    }
    if (scripted_) {
        // Until every requested character is in: a build that was already running when new characters came
        // (the common-Chinese completion after the first frame) does not hold them.
        for (int round = 0; round < 4 && (atlas_extension_->building() || atlas_extension_->has_waiting());
             ++round) {
            auto fonts = atlas_extension_->build_and_install_now();
            if (!fonts)
                break;
            install_fonts(*fonts);
            report_atlas_cache_error();
        }
        return;
    }
    if (auto fonts = atlas_extension_->install_if_ready()) {
        if (*fonts) {
            install_fonts(**fonts);
            report_atlas_cache_error();
        } else {
            std::cerr << "jiebang-kiosk: " << fonts->error().code << "\n";
        }
    }
}

void KioskRunner::advance_virtual_clock(double seconds) {
    if (virtual_clock_ != nullptr)
        virtual_clock_->advance(seconds);
}

// [SECTION] drawing

void KioskRunner::draw_current_screen() {
    const AppState& state = application_.state();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    float band = 0;
    if (keyboard_->visible())
        band = keyboard_->height(display.y);
    const auto steps = application_.session_steps();
    ScreenContext context{state,
                          application_.services().strings,
                          application_.session_form(),
                          *application_.services().profile,
                          application_.validation_context(),
                          steps,
                          intents_,
                          ImVec2(0, 0),
                          ImVec2(display.x, display.y - band),
                          keyboard_->visible()};
    switch (state.screen) {
        case ScreenId::Home:
            draw_home_screen(context);
            break;
        case ScreenId::Wizard:
            draw_wizard_screen(context);
            break;
        case ScreenId::Review:
            draw_review_screen(context);
            break;
        case ScreenId::Receipt:
            draw_receipt_screen(context);
            break;
        case ScreenId::Board:
            draw_board_screen(context);
            break;
        case ScreenId::Listing:
            draw_listing_screen(context);
            break;
        case ScreenId::Progress:
            draw_progress_screen(context);
            break;
        case ScreenId::Policy:
            draw_policy_screen(context);
            break;
        case ScreenId::AdminPin:
            draw_admin_pin_screen(context);
            break;
        case ScreenId::Admin:
            draw_admin_screen(context);
            break;
        case ScreenId::SetupPin:
            draw_setup_pin_screen(context);
            break;
        case ScreenId::ClockRefused:
            draw_clock_refused_screen(context);
            break;
    }
    if (keyboard_->visible()) {
        if (std::string* text = application_.focused_text()) {
            if (keyboard_->draw(*text, display.y - band, display.x, band))
                application_.finish_text_edit();
        }
        if (!keyboard_->visible())
            intents_.push(IntentKind::Focus, "");
    } else if (!state.session.focused.empty() && application_.focused_text() != nullptr) {
        // The keyboard closed itself (kb.close / enter on a one-line field): the field loses focus.
        intents_.push(IntentKind::Focus, "");
    }
    if (state.session.confirming_home &&
        (state.screen == ScreenId::Wizard || state.screen == ScreenId::Review)) {
        draw_home_confirm_overlay(context);
    }
    if (state.attendant_overlay && state.screen != ScreenId::Admin && state.screen != ScreenId::AdminPin &&
        state.screen != ScreenId::SetupPin) {
        draw_attendant_overlay(context);
    }
    if (state.idle_warning) {
        const double left = state.idle_warning_after_seconds + state.idle_countdown_seconds -
                            (state.now - state.last_activity);
        draw_idle_overlay(context, std::max(0, static_cast<int>(left + 0.999)));
    }
}

// [SECTION] frame

Status KioskRunner::frame(const std::filesystem::path* screenshot) {
    // A scripted run shows the outcome of what it just did (a PIN check, a commit, a print): background work is
    // awaited there. Interactively its results arrive when they arrive and wake the loop.
    if (scripted_)
        application_.finish_background_work();
    application_.tick();
    follow_text_size();
    install_new_glyphs();
    display_.new_backend_frame();
    ImGuiIO& io = ImGui::GetIO();
    if (scripted_) {
        io.MousePos = pointer_.active ? ImVec2(pointer_.x, pointer_.y) : ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = pointer_.down;
        io.DeltaTime = 1.0f / 60.0f;
    }
    platform::FrameRecord::current().begin_frame();
    ImGui::NewFrame();
    draw_current_screen();
    platform::FrameRecord::current().end_frame();
    display_.render();
    Status result;
    if (screenshot != nullptr)
        result = platform::save_screenshot(display_.renderer(), *screenshot, screenshot_divisor_);
    display_.present();
    if (!full_atlas_requested_ && atlas_extension_ != nullptr) {
        full_atlas_requested_ = true;
        atlas_extension_->complete_in_background();
    }
    if (auto started = keyboard_->poll_input_methods(); started && !started->ok())
        std::cerr << "jiebang-kiosk: warning: Chinese input unavailable: " << started->error().code << "\n";
    auto intents = intents_.take();
    for (const auto& intent : intents) {
        if (intent.kind == IntentKind::Focus && intent.text.empty() &&
            application_.state().session.focused.empty()) {
            continue;
        }
        application_.apply(intent);
    }
    return result;
}

// [SECTION] interactive

int KioskRunner::run_interactive(platform::SystemdNotifier& systemd) {
    std::signal(SIGTERM, request_termination);
    std::signal(SIGINT, request_termination);
    // A worker's result wakes SDL_WaitEvent (SDL_PushEvent is thread-safe); the frame it causes applies it.
    const Uint32 result_event = SDL_RegisterEvents(1);
    application_.set_result_wake([result_event]() {
        SDL_Event event{};
        event.type = result_event;
        SDL_PushEvent(&event);
    });
    const bool windowed = (SDL_GetWindowFlags(display_.window()) & SDL_WINDOW_FULLSCREEN_DESKTOP) == 0;
    int frames_owed = 2;
    bool watchdog_failure_logged = false;
    while (!application_.state().quit_requested && !termination_requested.load()) {
        // Pinged here, on the loop's own thread, so only a loop that keeps coming round feeds the watchdog.
        // A failing socket is logged once, not on every ping.
        if (auto pinged = systemd.keep_alive(); !pinged && !watchdog_failure_logged) {
            std::cerr << "jiebang-kiosk: " << pinged.error().code << ": " << pinged.error().detail << "\n";
            watchdog_failure_logged = true;
        }
        if (frames_owed > 0) {
            if (auto drawn = frame(); !drawn)
                std::cerr << "jiebang-kiosk: " << drawn.error().code << "\n";
            --frames_owed;
            if (ImGui::IsAnyMouseDown())
                frames_owed = std::max(frames_owed, 1);
            continue;
        }
        // Nothing to draw: sleep in SDL_WaitEvent, waking once a second for the idle timer, the sync state line
        // and the watchdog, and to see a SIGTERM (a signal does not end SDL_WaitEventTimeout early) — systemd
        // stops the terminal within a second. A wake without a change draws nothing.
        const bool atlas_building = atlas_extension_ != nullptr && atlas_extension_->building();
        int timeout = 1000;
        if (atlas_building)
            timeout = 50;
        timeout = static_cast<int>(systemd.longest_wait(std::chrono::milliseconds(timeout)).count());
        SDL_Event event;
        if (SDL_WaitEventTimeout(&event, timeout) == 0) {
            if (application_.tick())
                frames_owed = 1;
            if (atlas_building && !atlas_extension_->building())
                frames_owed = 1;
            continue;
        }
        do {
            if (event.type == SDL_QUIT) {
                // A window close is honoured only in windowed (development) mode; the hall terminal leaves
                // only through the admin PIN or a signal from the system.
                if (windowed)
                    return 0;
                continue;
            }
            display_.process_event(event);
            switch (event.type) {
                case SDL_MOUSEBUTTONDOWN:
                case SDL_MOUSEBUTTONUP:
                case SDL_FINGERDOWN:
                case SDL_FINGERUP:
                case SDL_MOUSEWHEEL:
                    application_.note_activity();
                    break;
                case SDL_TEXTINPUT:
                    application_.type_text(event.text.text);
                    request_glyphs(event.text.text);
                    break;
                case SDL_KEYDOWN:
                    if (event.key.keysym.sym == SDLK_BACKSPACE)
                        application_.press_backspace();
                    if (event.key.keysym.sym == SDLK_RETURN || event.key.keysym.sym == SDLK_KP_ENTER) {
                        application_.press_enter();
                    }
                    application_.note_activity();
                    break;
                default:
                    break;
            }
        } while (SDL_PollEvent(&event) != 0);
        frames_owed = 3;  // press and release may arrive together: ImGui needs a frame for each, one to show
    }
    application_.set_result_wake(nullptr);
    return 0;
}

// [SECTION] script

Status KioskRunner::tap(const std::string& widget_id) {
    auto& record = platform::FrameRecord::current();
    const platform::WidgetRecord* widget = record.find_widget(widget_id);
    for (int attempt = 0; attempt < 3 && (widget == nullptr || !widget->fully_visible); ++attempt) {
        if (widget != nullptr)
            record.request_scroll_to(widget_id);
        if (auto drawn = frame(); !drawn)
            return drawn.error();
        if (auto drawn = frame(); !drawn)
            return drawn.error();
        widget = record.find_widget(widget_id);
    }
    if (widget == nullptr) {
        std::string ids;
        for (const auto& id : record.widget_ids())
            ids += " " + id;
        return Error("script.no_widget", widget_id,
                     "widget '" + widget_id + "' is not on screen; on screen:" + ids);
    }
    if (!widget->fully_visible)
        return Error("script.not_visible", widget_id,
                     "widget '" + widget_id + "' cannot be scrolled into view");
    if (!widget->enabled)
        return Error("script.disabled", widget_id, "widget '" + widget_id + "' is disabled");
    // A widget on a screen that just appeared may still move (a scrollbar appears, a row reflows): tap only
    // once its rectangle held still for a frame, as a person would.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const ImVec2 before_min = widget->min;
        const ImVec2 before_max = widget->max;
        if (auto drawn = frame(); !drawn)
            return drawn.error();
        widget = record.find_widget(widget_id);
        if (widget == nullptr)
            return Error("script.no_widget", widget_id, "widget '" + widget_id + "' disappeared");
        if (widget->min.x == before_min.x && widget->min.y == before_min.y && widget->max.x == before_max.x &&
            widget->max.y == before_max.y)
            break;
    }
    pointer_ = ScriptedPointer{true, (widget->min.x + widget->max.x) / 2, (widget->min.y + widget->max.y) / 2,
                               false};
    if (auto drawn = frame(); !drawn)
        return drawn.error();  // hover
    pointer_.down = true;
    if (auto drawn = frame(); !drawn)
        return drawn.error();  // press
    pointer_.down = false;
    if (auto drawn = frame(); !drawn)
        return drawn.error();  // release: the click, intents applied after it
    pointer_.active = false;
    if (auto drawn = frame(); !drawn)
        return drawn.error();  // the new state drawn
    return frame();            // and settled: a scroll asked for by the new state (a focused field) applied
}

Status KioskRunner::run_command(const platform::ScriptCommand& command,
                                const std::filesystem::path& screenshots) {
    using Kind = platform::ScriptCommandKind;
    auto& record = platform::FrameRecord::current();
    switch (command.kind) {
        case Kind::Tap:
            return tap(command.argument);
        case Kind::Type:
            if (application_.focused_text() == nullptr) {
                return Error("script.no_focus", "", "type: no text field has focus (tap one first)");
            }
            application_.type_text(command.argument);
            request_glyphs(command.argument);
            if (auto drawn = frame(); !drawn)
                return drawn;
            return frame();  // the field kept in view (a new error below it) applied
        case Kind::Key:
            if (command.argument == "backspace")
                application_.press_backspace();
            if (command.argument == "enter")
                application_.press_enter();
            if (auto drawn = frame(); !drawn)
                return drawn;
            return frame();
        case Kind::CloseKeyboard:
            if (record.find_widget("kb.close") == nullptr)
                return ok_status();
            return tap("kb.close");
        case Kind::Wait:
            for (int index = 0; index < static_cast<int>(command.number); ++index) {
                advance_virtual_clock(1.0 / 60.0);
                if (auto drawn = frame(); !drawn)
                    return drawn;
            }
            return ok_status();
        case Kind::Idle:
            advance_virtual_clock(command.number);
            if (auto drawn = frame(); !drawn)
                return drawn;
            return frame();
        case Kind::ExpectText:
            if (!record.text_visible(command.argument)) {
                return Error("script.expect_text", command.argument,
                             "expected text not on screen: '" + command.argument + "' (screen " +
                                 std::string(screen_name(application_.state().screen)) + ")");
            }
            return ok_status();
        case Kind::ExpectNoText:
            if (record.text_visible(command.argument)) {
                return Error("script.expect_no_text", command.argument,
                             "text should not be on screen but is: '" + command.argument + "' (screen " +
                                 std::string(screen_name(application_.state().screen)) + ")");
            }
            return ok_status();
        case Kind::ExpectWidget:
            if (record.find_widget(command.argument) == nullptr) {
                return Error("script.expect_widget", command.argument,
                             "expected widget not on screen: '" + command.argument + "'");
            }
            return ok_status();
        case Kind::ExpectMinTextSize: {
            const float smallest = record.smallest_text_size();
            if (smallest + 0.01f < static_cast<float>(command.number)) {
                return Error("script.expect_min_text_size", std::to_string(command.number),
                             "text drawn at " + std::to_string(smallest) + " px on screen " +
                                 std::string(screen_name(application_.state().screen)) + ", below " +
                                 std::to_string(static_cast<int>(command.number)) + " px");
            }
            return ok_status();
        }
        case Kind::ExpectMinTouchSize: {
            for (const auto& id : record.widget_ids()) {
                const platform::WidgetRecord* widget = record.find_widget(id);
                if (widget == nullptr || !widget->interactive)
                    continue;
                const float width = widget->max.x - widget->min.x;
                const float height = widget->max.y - widget->min.y;
                if (width + 0.5f < static_cast<float>(command.number) ||
                    height + 0.5f < static_cast<float>(command.number)) {
                    return Error("script.expect_min_touch_size", id,
                                 "control '" + id + "' is " + std::to_string(static_cast<int>(width)) + "x" +
                                     std::to_string(static_cast<int>(height)) + " px, below " +
                                     std::to_string(static_cast<int>(command.number)) + " px");
                }
            }
            return ok_status();
        }
        case Kind::ExpectVisible: {
            const platform::WidgetRecord* widget = record.find_widget(command.argument);
            if (widget == nullptr || !widget->wholly_visible) {
                return Error(
                    "script.expect_visible", command.argument,
                    "widget '" + command.argument + "' is " +
                        (widget == nullptr ? std::string("not drawn")
                                           : "drawn but not wholly visible (y " +
                                                 std::to_string(static_cast<int>(widget->min.y)) + ".." +
                                                 std::to_string(static_cast<int>(widget->max.y)) + ")"));
            }
            return ok_status();
        }
        case Kind::Screenshot: {
            if (screenshots.empty())
                return Error("script.no_screenshot_dir", "", "screenshot needs --screenshots DIR");
            const auto file = screenshots / (command.argument + ".png");
            return frame(&file);
        }
        case Kind::Quit:
            return ok_status();
    }
    return ok_status();
}

int KioskRunner::run_script(const std::vector<platform::ScriptCommand>& commands,
                            const std::filesystem::path& screenshots) {
    scripted_ = true;
    if (!screenshots.empty()) {
        std::error_code error;
        std::filesystem::create_directories(screenshots, error);
        if (error) {
            std::cerr << "jiebang-kiosk: cannot create " << screenshots << ": " << error.message() << "\n";
            return 1;
        }
    }
    for (int index = 0; index < 2; ++index) {
        if (auto drawn = frame(); !drawn) {
            std::cerr << "jiebang-kiosk: " << drawn.error().code << ": " << drawn.error().detail << "\n";
            return 1;
        }
    }
    for (const auto& command : commands) {
        if (command.kind == platform::ScriptCommandKind::Quit)
            break;
        if (auto status = run_command(command, screenshots); !status) {
            std::cerr << "jiebang-kiosk: script line " << command.line << " ("
                      << platform::script_command_name(command.kind) << "): " << status.error().detail
                      << "\n";
            return 1;
        }
        for (const auto& duplicate : platform::FrameRecord::current().duplicate_ids()) {
            std::cerr << "jiebang-kiosk: warning: widget id drawn twice: " << duplicate << "\n";
        }
    }
    application_.finish_background_work();  // the last utterance whole in the WAV (--speech-wav)
    return 0;
}

}  // namespace jiebang::kiosk

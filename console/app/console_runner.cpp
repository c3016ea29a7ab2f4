// console/app/console_runner.cpp — frame loop, interactive and scripted (see console_runner.hpp).
//
// Index: [SECTION] set-up  [SECTION] drawing  [SECTION] frame  [SECTION] interactive  [SECTION] script
#include "console/app/console_runner.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <thread>

#include "console/views/audit_view.hpp"
#include "console/views/batches_view.hpp"
#include "console/views/board_view.hpp"
#include "console/views/detail_view.hpp"
#include "console/views/fleet_view.hpp"
#include "console/views/frame_view.hpp"
#include "console/views/inbox_view.hpp"
#include "console/views/projects_view.hpp"
#include "console/views/reports_view.hpp"
#include "console/views/sign_in_view.hpp"
#include "console/widgets/console_ui.hpp"
#include "platform/display/screenshot.hpp"
#include "platform/script/frame_record.hpp"
#include "platform/system/process_usage.hpp"

namespace jiebang::console {

namespace {

std::atomic<bool> termination_requested{false};
extern "C" void request_termination(int) {
    termination_requested = true;
}

const auto process_start = std::chrono::steady_clock::now();

struct KeyName {
    std::string_view name;
    int scancode;
    bool control;
};

constexpr std::array<KeyName, 17> key_names{{
    {"backspace", SDL_SCANCODE_BACKSPACE, false},
    {"enter", SDL_SCANCODE_RETURN, false},
    {"escape", SDL_SCANCODE_ESCAPE, false},
    {"tab", SDL_SCANCODE_TAB, false},
    {"up", SDL_SCANCODE_UP, false},
    {"down", SDL_SCANCODE_DOWN, false},
    {"pageup", SDL_SCANCODE_PAGEUP, false},
    {"pagedown", SDL_SCANCODE_PAGEDOWN, false},
    {"j", SDL_SCANCODE_J, false},
    {"k", SDL_SCANCODE_K, false},
    {"a", SDL_SCANCODE_A, false},
    {"r", SDL_SCANCODE_R, false},
    {"x", SDL_SCANCODE_X, false},
    {"c", SDL_SCANCODE_C, false},
    {"ctrl+enter", SDL_SCANCODE_RETURN, true},
    {"ctrl+l", SDL_SCANCODE_L, true},
    {"ctrl+a", SDL_SCANCODE_A, true},
}};

// Zeroes the copies ImGui keeps of the text field being edited (console_runner.hpp invariant 4).
void wipe_imgui_text_state() {
    if (ImGui::GetCurrentContext() == nullptr)
        return;
    ImGui::ClearActiveID();
    ImGuiInputTextState& input = ImGui::GetCurrentContext()->InputTextState;
    if (!input.TextW.empty())
        std::memset(input.TextW.Data, 0, static_cast<std::size_t>(input.TextW.Size) * sizeof(ImWchar));
    if (!input.TextA.empty())
        std::memset(input.TextA.Data, 0, static_cast<std::size_t>(input.TextA.Size));
    if (!input.InitialTextA.empty())
        std::memset(input.InitialTextA.Data, 0, static_cast<std::size_t>(input.InitialTextA.Size));
    input.CurLenW = 0;
    input.CurLenA = 0;
    input.ID = 0;  // the next field to take the keyboard starts from its own (cleared) buffer
}

}  // namespace

std::span<const std::string_view> console_script_key_names() {
    static const auto names = [] {
        std::array<std::string_view, key_names.size()> list{};
        for (std::size_t index = 0; index < key_names.size(); ++index)
            list[index] = key_names[index].name;
        return list;
    }();
    return names;
}

// [SECTION] set-up

ConsoleRunner::ConsoleRunner(ConsoleApplication& application, platform::Display& display,
                             const ConsoleOptions& options)
    : application_(application), display_(display), options_(options) {
    application_.on_clear = [this] {
        wipe_imgui_text_state();
        if (font_builder_)
            font_builder_->forget_checked_words();
        platform::FrameRecord::current().begin_frame();
        update_window_title();
    };
}

ConsoleRunner::~ConsoleRunner() {
    application_.on_clear = nullptr;
    if (preview_texture_ != nullptr)
        SDL_DestroyTexture(preview_texture_);
}

Status ConsoleRunner::prepare() {
    scale_ = options_.ui_scale > 0 ? options_.ui_scale : display_.dpi_scale();
    auto builder = ConsoleFonts::load(application_.catalogues().assets_directory, scale_);
    if (!builder)
        return builder.error();
    font_builder_ = std::move(*builder);
    auto fonts = font_builder_->build_first();
    if (!fonts)
        return fonts.error();
    install_fonts(*fonts);
    ui::Theme theme;
    theme.scale = scale_;
    theme.fonts = fonts_;
    ui::apply_style(theme);
    update_window_title();
    return ok_status();
}

void ConsoleRunner::install_fonts(const platform::FontSet& fonts) {
    fonts_ = fonts;
    display_.rebuild_font_texture();
    platform::release_font_pixels();
    ui::Theme theme;
    theme.scale = scale_;
    theme.fonts = fonts_;
    ui::set_theme(theme);
}

void ConsoleRunner::install_new_glyphs() {
    font_builder_->check(platform::FrameRecord::current().texts());
    if (auto fonts = font_builder_->update(scripted_)) {
        if (*fonts) {
            install_fonts(**fonts);
        } else {
            std::cerr << "jiebang-console: " << fonts->error().code << "\n";
        }
    }
}

double ConsoleRunner::clock_seconds() const {
    if (scripted_)
        return virtual_clock_;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - process_start).count();
}

void ConsoleRunner::update_window_title() {
    const auto& state = application_.state();
    const auto& strings = application_.catalogues().strings;
    std::string title = strings.text("console.app.name");
    if (state.identity) {
        title = strings.format(
            "console.window.title_signed_in",
            {{"app", title},
             {"name", state.identity->name},
             {"role", application_.role_label(state.identity->role)},
             {"aggregator", application_.aggregator_label()},
             {"online",
              strings.text(state.connection.online ? "console.status.online" : "console.status.offline")}});
    } else if (state.flow == FlowState::Locked) {
        title = strings.format("console.window.title_locked", {{"app", title}});
    }
    if (title != window_title_) {
        window_title_ = title;
        display_.set_title(title);
    }
}

// [SECTION] drawing

void ConsoleRunner::update_preview_texture() {
    const auto& preview = application_.state().batches.preview;
    const int generation = preview ? preview->generation : 0;
    if (generation == preview_generation_)
        return;
    preview_generation_ = generation;
    if (preview_texture_ != nullptr) {
        SDL_DestroyTexture(preview_texture_);
        preview_texture_ = nullptr;
    }
    if (!preview || preview->image.rgba.empty())
        return;
    preview_texture_ =
        SDL_CreateTexture(display_.renderer(), SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                          preview->image.width, preview->image.height);
    if (preview_texture_ != nullptr) {
        SDL_UpdateTexture(preview_texture_, nullptr, preview->image.rgba.data(), preview->image.width * 4);
        SDL_SetTextureScaleMode(preview_texture_, SDL_ScaleModeLinear);  // a page shown smaller stays legible
    }
}

void ConsoleRunner::draw() {
    const auto& state = application_.state();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    update_preview_texture();
    ViewContext whole{state, application_, application_.edits(), intents_, ImVec2(0, 0), display};
    whole.summary_preview = static_cast<ImTextureID>(preview_texture_);
    if (state.flow != FlowState::Working) {
        draw_status_bar(whole);
        ViewContext body = whole;
        body.size.y = display.y - status_bar_height();
        draw_sign_in_view(body);
        return;
    }
    draw_top_bar(whole);
    draw_status_bar(whole);
    ViewContext body = whole;
    body.origin.y = top_bar_height();
    body.size.y = std::max(0.0f, display.y - top_bar_height() - status_bar_height());
    switch (state.view) {
        case ViewId::Inbox:
            draw_inbox_view(body);
            break;
        case ViewId::Detail:
            draw_detail_view(body);
            break;
        case ViewId::Fleet:
            draw_fleet_view(body);
            break;
        case ViewId::Audit:
            draw_audit_view(body);
            break;
        case ViewId::Board:
            draw_board_view(body);
            break;
        case ViewId::Batches:
            draw_batches_view(body);
            break;
        case ViewId::Projects:
            draw_projects_view(body);
            break;
        case ViewId::Reports:
            draw_reports_view(body);
            break;
    }
    draw_action_dialog(whole);
    if (ui::shortcut(ui::Key::Lock))
        intents_.push(IntentKind::Lock);
}

// [SECTION] frame

Status ConsoleRunner::frame(const std::filesystem::path* screenshot) {
    application_.set_clock(clock_seconds());
    application_.tick();
    install_new_glyphs();
    update_window_title();
    display_.new_backend_frame();
    ImGuiIO& io = ImGui::GetIO();
    if (scripted_) {
        io.MousePos = scripted_input_.pointer_active ? ImVec2(scripted_input_.x, scripted_input_.y)
                                                     : ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = scripted_input_.down;
        io.MouseWheel = scripted_input_.wheel;
        io.DeltaTime = 1.0f / 60.0f;
        for (const auto& key : key_names)
            io.KeysDown[key.scancode] = false;
        io.KeyCtrl = scripted_input_.key_control;
        if (scripted_input_.key_scancode >= 0)
            io.KeysDown[scripted_input_.key_scancode] = true;
    }
    platform::FrameRecord::current().begin_frame();
    ImGui::NewFrame();
    draw();
    platform::FrameRecord::current().end_frame();
    display_.render();
    Status result;
    if (screenshot != nullptr)
        result = platform::save_screenshot(display_.renderer(), *screenshot);
    display_.present();
    font_builder_->complete_in_background();  // after the first frame is on the screen
    for (const auto& intent : intents_.take())
        application_.apply(intent);
    return result;
}

std::vector<double> ConsoleRunner::measure_frames(int count, float wheel_lines, double* cpu_seconds) {
    scripted_ = true;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    scripted_input_ = ScriptedInput{};
    scripted_input_.pointer_active = true;
    scripted_input_.x = size.x / 2;
    scripted_input_.y = size.y / 2;
    scripted_input_.wheel = wheel_lines;
    std::vector<double> wall;
    const double cpu_before = platform::current_process_usage().cpu_seconds;
    for (int index = 0; index < count; ++index) {
        virtual_clock_ += 1.0 / 60.0;
        const auto started = std::chrono::steady_clock::now();
        (void)frame();
        wall.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    }
    if (cpu_seconds != nullptr)
        *cpu_seconds = platform::current_process_usage().cpu_seconds - cpu_before;
    scripted_input_ = ScriptedInput{};
    return wall;
}

// [SECTION] interactive

int ConsoleRunner::run_interactive() {
    std::signal(SIGTERM, request_termination);
    std::signal(SIGINT, request_termination);
    int frames_owed = 2;
    while (!application_.state().quit_requested && !termination_requested.load()) {
        if (frames_owed > 0) {
            if (auto drawn = frame(); !drawn)
                std::cerr << "jiebang-console: " << drawn.error().code << "\n";
            --frames_owed;
            if (ImGui::IsAnyMouseDown())
                frames_owed = std::max(frames_owed, 1);
            continue;
        }
        // Sleep in SDL_WaitEventTimeout; wake for answers from the aggregator, the poll, the idle lock and
        // font builds. A wake without a change draws nothing.
        const int timeout = application_.busy() || font_builder_->building() ? 30 : 250;
        SDL_Event event;
        if (SDL_WaitEventTimeout(&event, timeout) == 0) {
            application_.set_clock(clock_seconds());
            if (application_.tick() || application_.busy() || font_builder_->building())
                frames_owed = 1;
            continue;
        }
        do {
            if (event.type == SDL_QUIT)
                return 0;
            display_.process_event(event);
            switch (event.type) {
                case SDL_MOUSEBUTTONDOWN:
                case SDL_MOUSEBUTTONUP:
                case SDL_MOUSEWHEEL:
                case SDL_MOUSEMOTION:
                case SDL_KEYDOWN:
                case SDL_TEXTINPUT:
                    application_.note_activity();
                    break;
                default:
                    break;
            }
        } while (SDL_PollEvent(&event) != 0);
        frames_owed = 3;  // press and release may arrive together: ImGui needs a frame for each, one to show
    }
    return 0;
}

// [SECTION] script

Status ConsoleRunner::settle() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int frames = 0;
    while (application_.busy() || frames < 1) {
        if (std::chrono::steady_clock::now() > deadline)
            return Error("script.timeout", "", "the aggregator did not answer within 60 s");
        if (application_.busy())
            application_.wait_for_progress(50);
        if (auto drawn = frame(); !drawn)
            return drawn;
        ++frames;
    }
    return frame();  // one more: what the last answer asked for is drawn
}

Status ConsoleRunner::click(const std::string& widget_id) {
    auto& record = platform::FrameRecord::current();
    const platform::WidgetRecord* widget = record.find_widget(widget_id);
    for (int attempt = 0; attempt < 3 && (widget == nullptr || !widget->fully_visible); ++attempt) {
        if (widget != nullptr)
            record.request_scroll_to(widget_id);
        if (auto drawn = frame(); !drawn)
            return drawn;
        if (auto drawn = frame(); !drawn)
            return drawn;
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
    scripted_input_.pointer_active = true;
    scripted_input_.x = (widget->min.x + widget->max.x) / 2;
    scripted_input_.y = (widget->min.y + widget->max.y) / 2;
    scripted_input_.down = false;
    for (bool down : {false, true, false}) {  // hover, press, release: the click
        scripted_input_.down = down;
        if (auto drawn = frame(); !drawn)
            return drawn;
    }
    application_.note_activity();
    return settle();
}

Status ConsoleRunner::press_key(const std::string& name) {
    const auto found = std::find_if(key_names.begin(), key_names.end(),
                                    [&](const KeyName& key) { return key.name == name; });
    if (found == key_names.end())
        return Error("script.syntax", name, "unknown key " + name);
    scripted_input_.key_scancode = found->scancode;
    scripted_input_.key_control = found->control;
    auto drawn = frame();
    scripted_input_.key_scancode = -1;
    scripted_input_.key_control = false;
    if (!drawn)
        return drawn;
    application_.note_activity();
    return settle();
}

Status ConsoleRunner::run_command(const platform::ScriptCommand& command,
                                  const std::filesystem::path& screenshots) {
    using Kind = platform::ScriptCommandKind;
    auto& record = platform::FrameRecord::current();
    const std::string where = " (flow " + std::string(flow_state_name(application_.state().flow)) +
                              ", view " + std::string(view_name(application_.state().view)) + ")";
    switch (command.kind) {
        case Kind::Tap:
            return click(command.argument);
        case Kind::Type:
            if (!ImGui::GetIO().WantTextInput)
                return Error("script.no_focus", "", "type: no text field has the keyboard (click one first)");
            ImGui::GetIO().AddInputCharactersUTF8(command.argument.c_str());
            application_.note_activity();
            if (auto drawn = frame(); !drawn)
                return drawn;
            return settle();
        case Kind::Key:
            return press_key(command.argument);
        case Kind::Wait:
            for (int index = 0; index < static_cast<int>(command.number); ++index) {
                virtual_clock_ += 1.0 / 60.0;
                if (auto drawn = frame(); !drawn)
                    return drawn;
            }
            return settle();
        case Kind::Idle:
            virtual_clock_ += command.number;
            if (auto drawn = frame(); !drawn)
                return drawn;
            return settle();
        case Kind::ExpectText:
            if (!record.text_visible(command.argument))
                return Error("script.expect_text", command.argument,
                             "expected text not on screen: '" + command.argument + "'" + where);
            return ok_status();
        case Kind::ExpectNoText:
            if (record.text_visible(command.argument))
                return Error("script.expect_no_text", command.argument,
                             "text should not be on screen but is: '" + command.argument + "'" + where);
            return ok_status();
        case Kind::ExpectWidget:
            if (record.find_widget(command.argument) == nullptr)
                return Error("script.expect_widget", command.argument,
                             "expected widget not on screen: '" + command.argument + "'" + where);
            return ok_status();
        case Kind::Screenshot: {
            if (screenshots.empty())
                return Error("script.no_screenshot_dir", "", "screenshot needs --screenshots DIR");
            const auto file = screenshots / (command.argument + ".png");
            return frame(&file);
        }
        case Kind::ExpectVisible: {
            const platform::WidgetRecord* widget = record.find_widget(command.argument);
            if (widget == nullptr || !widget->wholly_visible)
                return Error("script.expect_visible", command.argument,
                             "widget '" + command.argument + "' is not wholly visible" + where);
            return ok_status();
        }
        case Kind::ExpectMinTextSize:
            if (record.smallest_text_size() + 0.01f < static_cast<float>(command.number))
                return Error("script.expect_min_text_size", std::to_string(command.number),
                             "text drawn at " + std::to_string(record.smallest_text_size()) + " px, below " +
                                 std::to_string(static_cast<int>(command.number)) + " px" + where);
            return ok_status();
        case Kind::ExpectMinTouchSize:
            for (const auto& id : record.widget_ids()) {
                const platform::WidgetRecord* widget = record.find_widget(id);
                if (widget == nullptr || !widget->interactive)
                    continue;
                if (widget->max.x - widget->min.x + 0.5f < static_cast<float>(command.number) ||
                    widget->max.y - widget->min.y + 0.5f < static_cast<float>(command.number))
                    return Error("script.expect_min_touch_size", id,
                                 "control '" + id + "' is smaller than " +
                                     std::to_string(static_cast<int>(command.number)) + " px" + where);
            }
            return ok_status();
        case Kind::CloseKeyboard:
            return ok_status();  // the console has no on-screen keyboard: a physical one is always there
        case Kind::Quit:
            return ok_status();
    }
    return ok_status();
}

int ConsoleRunner::run_script(const std::vector<platform::ScriptCommand>& commands,
                              const std::filesystem::path& screenshots) {
    scripted_ = true;
    if (!screenshots.empty()) {
        std::error_code error;
        std::filesystem::create_directories(screenshots, error);
        if (error) {
            std::cerr << "jiebang-console: cannot create " << screenshots << ": " << error.message() << "\n";
            return 1;
        }
    }
    if (auto settled = settle(); !settled) {
        std::cerr << "jiebang-console: " << settled.error().code << ": " << settled.error().detail << "\n";
        return 1;
    }
    for (const auto& command : commands) {
        if (command.kind == platform::ScriptCommandKind::Quit)
            break;
        if (auto status = run_command(command, screenshots); !status) {
            std::cerr << "jiebang-console: script line " << command.line << " ("
                      << platform::script_command_name(command.kind) << "): " << status.error().detail
                      << "\n";
            return 1;
        }
        for (const auto& duplicate : platform::FrameRecord::current().duplicate_ids())
            std::cerr << "jiebang-console: warning: widget id drawn twice: " << duplicate << "\n";
    }
    return 0;
}

}  // namespace jiebang::console

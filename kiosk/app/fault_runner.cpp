// kiosk/app/fault_runner.cpp — the out-of-service screen and its frame loop (see fault_runner.hpp).
//
// Index: [SECTION] cause  [SECTION] set-up  [SECTION] drawing  [SECTION] loops
#include "kiosk/app/fault_runner.hpp"

#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <map>

#include "kiosk/widgets/ui.hpp"
#include "platform/display/screenshot.hpp"
#include "platform/fonts/font_set.hpp"
#include "platform/script/frame_record.hpp"
#include "platform/system/paths.hpp"

namespace jiebang::kiosk {

namespace {

std::atomic<bool> fault_termination_requested{false};
extern "C" void request_fault_termination(int) {
    fault_termination_requested = true;
}

// Below this, a failure to write is taken for a full disk whatever SQLite or the OS called it.
constexpr std::uint64_t nearly_full_bytes = 8u * 1024u * 1024u;

// Texts of the screen when the catalogue itself cannot be read (English: the built-in font has no Chinese).
const std::map<std::string, std::string>& builtin_english() {
    static const std::map<std::string, std::string> texts = {
        {"kiosk.fault.title", "This terminal is out of service"},
        {"kiosk.fault.applicant", "Please ask at the service window; the staff there will help you."},
        {"kiosk.fault.staff_heading", "For the staff"},
        {"kiosk.fault.cause.disk", "The data folder's disk is full."},
        {"kiosk.fault.cause.store", "The terminal's database cannot be opened or is damaged."},
        {"kiosk.fault.cause.fonts", "A font the screens need is missing or unreadable."},
        {"kiosk.fault.cause.assets",
         "The terminal's asset files (texts, forms, city profiles) cannot be read."},
        {"kiosk.fault.cause.data", "The terminal's keys or identity cannot be read or written."},
        {"kiosk.fault.cause.other", "The terminal could not start."},
        {"kiosk.fault.error_line", "Error {code}: {detail}"},
        {"kiosk.fault.free_disk", "Free space in {directory}: {amount} MB"},
        {"kiosk.fault.what_to_do",
         "Nothing has been deleted. Fix the cause (or call the technician), then restart the terminal: "
         "systemctl restart jiebang-kiosk."},
        {"kiosk.fault.font_note", "Screen font: {font}"},
    };
    return texts;
}

}  // namespace

// [SECTION] cause

std::string_view fault_cause(const Error& error, std::optional<std::uint64_t> free_disk_bytes) {
    const std::string& code = error.code;
    const auto starts = [&](std::string_view prefix) { return code.rfind(prefix, 0) == 0; };
    const bool write_failure = code == "store.disk_full" || code == "store.io" ||
                               code == "key.cannot_write" || code == "terminal.public_key" ||
                               code == "paths.create";
    if (code == "store.disk_full" ||
        (write_failure && free_disk_bytes && *free_disk_bytes < nearly_full_bytes))
        return "disk";
    if (starts("store."))
        return "store";
    if (starts("fonts."))
        return "fonts";
    if (starts("strings.") || starts("form.") || starts("forms.") || starts("profile.") ||
        starts("profiles.") || starts("policy."))
        return "assets";
    if (starts("key.") || starts("terminal.") || starts("paths.") || starts("receipt."))
        return "data";
    return "other";
}

// [SECTION] set-up

FaultRunner::FaultRunner(platform::Display& display, std::filesystem::path assets_directory,
                         std::filesystem::path data_directory, Error error)
    : display_(display),
      assets_directory_(std::move(assets_directory)),
      data_directory_(std::move(data_directory)),
      error_(std::move(error)) {}

void FaultRunner::prepare() {
    if (auto strings = StringCatalog::load(assets_directory_); strings) {
        strings_ = std::move(*strings);
    } else {
        std::cerr << "jiebang-kiosk: the fault screen has no string catalogue (" << strings.error().code
                  << "): built-in English\n";
    }
    std::vector<ImWchar> code_points = platform::collect_asset_code_points(assets_directory_);
    for (ImWchar ascii = 0x20; ascii < 0x7F; ++ascii)
        code_points.push_back(ascii);
    // 1. The configured faces. 2. A CJK font the system has anyway. 3. ImGui's own (English only).
    std::vector<std::vector<platform::FontFace>> candidates;
    if (auto configured = platform::load_font_configuration(assets_directory_); configured)
        candidates.push_back(*configured);
    const std::pair<const char*, int> system_fonts[] = {
        {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},
        {"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2},
        {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0},
        {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0},
        {"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0},
        {"/usr/share/fonts/truetype/arphic/uming.ttc", 0}};
    for (const auto& [file, face_index] : system_fonts) {
        if (!std::filesystem::exists(file))
            continue;
        std::vector<platform::FontFace> faces;
        const std::pair<platform::FontRole, float> roles[] = {{platform::FontRole::Body, 32},
                                                              {platform::FontRole::Title, 44},
                                                              {platform::FontRole::Small, 28},
                                                              {platform::FontRole::Huge, 56}};
        for (const auto& [role, size] : roles) {
            platform::FontFace face;
            face.role = role;
            face.file = file;
            face.face_index = face_index;
            face.pixel_size = size;
            face.minimum_pixel_size = size * 0.875f;
            faces.push_back(face);
        }
        candidates.push_back(std::move(faces));
    }
    ui::Theme theme;
    theme.layout = panel_layout(display_.pixel_width(), display_.pixel_height(), false);
    for (const auto& faces : candidates) {
        auto fonts = platform::build_font_set(faces_for_panel(faces, theme.layout), 1.0f, code_points);
        if (!fonts)
            continue;
        display_.rebuild_font_texture();
        platform::release_font_pixels();
        theme.fonts = *fonts;
        chinese_ = strings_.has_value();
        font_note_ = faces.front().file.string();
        break;
    }
    if (!chinese_) {
        ImGui::GetIO().Fonts->Clear();
        ImFontConfig config;
        config.SizePixels = 26.0f;
        ImFont* builtin = ImGui::GetIO().Fonts->AddFontDefault(&config);
        ImGui::GetIO().Fonts->Build();
        display_.rebuild_font_texture();
        theme.fonts.body = theme.fonts.title = theme.fonts.small = theme.fonts.huge = builtin;
        font_note_ = "Dear ImGui built-in (no Chinese)";
    }
    ui::set_theme(theme);
    ui::apply_style(theme);
    std::cerr << "jiebang-kiosk: out of service (" << error_.code << "): showing the fault screen\n";
}

std::string FaultRunner::text(const std::string& key,
                              const std::vector<std::pair<std::string, std::string>>& arguments) const {
    if (chinese_ && strings_ && strings_->has(key))
        return strings_->format(key, arguments);
    std::string result = builtin_english().count(key) > 0 ? builtin_english().at(key) : key;
    for (const auto& [name, value] : arguments) {
        const std::string placeholder = "{" + name + "}";
        for (auto at = result.find(placeholder); at != std::string::npos; at = result.find(placeholder))
            result.replace(at, placeholder.size(), value);
    }
    return result;
}

// [SECTION] drawing

void FaultRunner::draw() {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ui::Theme& theme = ui::theme();
    ui::begin_panel("fault", ImVec2(0, 0), display, IM_COL32(255, 255, 255, 255));
    const float margin = std::max(theme.px(64), 24.0f);
    ImGui::SetCursorPos(ImVec2(margin, margin));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(display.x - margin);
    ui::title(text("kiosk.fault.title"));
    ImGui::Dummy(ImVec2(0, theme.px(16)));
    ui::paragraph(text("kiosk.fault.applicant"));
    ImGui::Dummy(ImVec2(0, theme.px(48)));
    ui::divider();
    ui::heading(text("kiosk.fault.staff_heading"));
    const auto free_disk = platform::free_disk_bytes(data_directory_);
    const std::string_view cause = fault_cause(error_, free_disk);
    ui::paragraph(text("kiosk.fault.cause." + std::string(cause)));
    // The catalogue's words for the code where they help the attendant (a store or disk error's message speaks
    // to an applicant whose submit failed, which is not what happened here), then the code and the detail.
    if (chinese_ && strings_ && cause != "store" && cause != "disk")
        ui::paragraph(strings_->message(error_));
    ui::error_text(
        text("kiosk.fault.error_line",
             {{"code", error_.code},
              {"detail", error_.field.empty() ? error_.detail : error_.field + " " + error_.detail}}));
    if (free_disk) {
        ui::muted(text("kiosk.fault.free_disk", {{"directory", data_directory_.string()},
                                                 {"amount", std::to_string(*free_disk / (1024 * 1024))}}));
    }
    ui::paragraph(text("kiosk.fault.what_to_do"));
    ui::muted(text("kiosk.fault.font_note", {{"font", font_note_}}));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ui::end_panel();
}

Status FaultRunner::frame(const std::filesystem::path* screenshot) {
    display_.new_backend_frame();
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    platform::FrameRecord::current().begin_frame();
    ImGui::NewFrame();
    draw();
    platform::FrameRecord::current().end_frame();
    display_.render();
    Status result;
    if (screenshot != nullptr)
        result = platform::save_screenshot(display_.renderer(), *screenshot);
    display_.present();
    return result;
}

// [SECTION] loops

int FaultRunner::run_interactive(platform::SystemdNotifier& systemd) {
    std::signal(SIGTERM, request_fault_termination);
    std::signal(SIGINT, request_fault_termination);
    const bool windowed = (SDL_GetWindowFlags(display_.window()) & SDL_WINDOW_FULLSCREEN_DESKTOP) == 0;
    while (!fault_termination_requested.load()) {
        (void)systemd.keep_alive();
        const int timeout = static_cast<int>(systemd.longest_wait(std::chrono::milliseconds(1000)).count());
        SDL_Event event;
        if (SDL_WaitEventTimeout(&event, timeout) == 0)
            continue;
        bool redraw = false;
        do {
            if (event.type == SDL_QUIT && windowed)
                return 0;
            display_.process_event(event);
            redraw = redraw || event.type == SDL_WINDOWEVENT;
        } while (SDL_PollEvent(&event) != 0);
        if (redraw)
            (void)frame();
    }
    return 0;  // stopped as asked (systemctl stop/restart)
}

int FaultRunner::run_script(const std::vector<platform::ScriptCommand>& commands,
                            const std::filesystem::path& screenshots) {
    using Kind = platform::ScriptCommandKind;
    auto& record = platform::FrameRecord::current();
    for (const auto& command : commands) {
        Status status;
        switch (command.kind) {
            case Kind::Quit:
                return 0;
            case Kind::Wait:
                for (int index = 0; index < static_cast<int>(command.number) && status; ++index)
                    status = frame();
                break;
            case Kind::ExpectText:
                if (!record.text_visible(command.argument))
                    status = Error("script.expect_text", command.argument,
                                   "expected text not on the fault screen: '" + command.argument + "'");
                break;
            case Kind::ExpectNoText:
                if (record.text_visible(command.argument))
                    status =
                        Error("script.expect_no_text", command.argument,
                              "text should not be on the fault screen but is: '" + command.argument + "'");
                break;
            case Kind::ExpectMinTouchSize:
            case Kind::CloseKeyboard:
                break;  // nothing to touch here
            case Kind::ExpectMinTextSize:
                if (record.smallest_text_size() + 0.01f < static_cast<float>(command.number))
                    status =
                        Error("script.expect_min_text_size", command.argument,
                              "text on the fault screen below " + std::to_string(command.number) + " px");
                break;
            case Kind::ExpectWidget:
            case Kind::ExpectVisible:
                if (record.find_widget(command.argument) == nullptr)
                    status = Error("script.expect_widget", command.argument,
                                   "expected widget not on the fault screen: '" + command.argument + "'");
                break;
            case Kind::Screenshot: {
                std::error_code ignored;
                std::filesystem::create_directories(screenshots, ignored);
                const auto file = screenshots / (command.argument + ".png");
                status = frame(&file);
                break;
            }
            default:
                status = Error("script.fault_screen", command.argument,
                               std::string("the terminal is out of service: '") +
                                   std::string(platform::script_command_name(command.kind)) +
                                   "' cannot run on the fault screen");
                break;
        }
        if (!status) {
            std::cerr << "jiebang-kiosk: script line " << command.line << ": " << status.error().detail
                      << "\n";
            return 1;
        }
    }
    return 0;
}

}  // namespace jiebang::kiosk

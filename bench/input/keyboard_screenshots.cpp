// bench/input/keyboard_screenshots.cpp — PNG screenshots of the on-screen keyboard in each layout for the
// README (docs/screenshots/keyboard-*.png), drawn with the terminal's real fonts and renderer (SDL offscreen,
// software renderer, 1920x1080) and driven by taps at the ids the keyboard notes, like the kiosk's scripts.
// A plain field above the band shows what the keyboard typed. Also extends the font atlas through
// FontAtlasExtension when the keyboard reports missing characters, as the kiosk's frame loop does.
// Usage: keyboard_screenshots <output-directory>
#include <SDL.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/keyboard/font_atlas_extension.hpp"
#include "kiosk/keyboard/on_screen_keyboard.hpp"
#include "platform/display/display.hpp"
#include "platform/display/screenshot.hpp"
#include "platform/fonts/font_set.hpp"
#include "platform/script/frame_record.hpp"
#include "shared/text/strings.hpp"

using namespace jiebang;

namespace {

struct Harness {
    platform::Display* display = nullptr;
    kiosk::OnScreenKeyboard* keyboard = nullptr;
    kiosk::FontAtlasExtension* extension = nullptr;
    std::string label;
    std::string text;
    ImVec2 pointer{-1000, -1000};
    bool pointer_down = false;
    int focus_count = 0;

    Status frame(const std::filesystem::path* screenshot = nullptr) {
        extension->request(keyboard->take_missing_glyphs());
        if (auto installed = extension->install_if_ready()) {
            if (!installed->ok())
                return installed->error();
            display->rebuild_font_texture();
            platform::release_font_pixels();
        }
        display->new_backend_frame();
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = pointer;
        io.MouseDown[0] = pointer_down;
        io.DeltaTime = 1.0f / 60.0f;
        platform::FrameRecord::current().begin_frame();
        ImGui::NewFrame();
        const ImVec2 size = io.DisplaySize;
        const float band = keyboard->visible() ? keyboard->height(size.y) : 0;
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(size.x, size.y - band));
        ImGui::Begin("##field", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        ImGui::SetCursorPos(ImVec2(96, 96));
        ImGui::TextUnformatted(label.c_str());
        const ImVec2 box_min(96, 160);
        const ImVec2 box_max(size.x - 96, 260);
        ImGui::GetWindowDrawList()->AddRectFilled(
            box_min, box_max, IM_COL32(255, 255, 255, 255));  // square, as on the terminal
        ImGui::GetWindowDrawList()->AddRect(box_min, box_max, IM_COL32(38, 110, 220, 255), 0.0f, 0, 3);
        ImGui::GetWindowDrawList()->AddText(ImVec2(120, 190), IM_COL32(20, 24, 32, 255),
                                            (text + "|").c_str());
        ImGui::End();
        if (keyboard->visible())
            keyboard->draw(text, size.y - band, size.x, band);
        platform::FrameRecord::current().end_frame();
        display->render();
        Status result;
        if (screenshot != nullptr)
            result = platform::save_screenshot(display->renderer(), *screenshot);
        display->present();
        return result;
    }

    bool tap(const std::string& id) {
        const platform::WidgetRecord* record = platform::FrameRecord::current().find_widget(id);
        if (record == nullptr) {
            std::fprintf(stderr, "keyboard_screenshots: widget %s not drawn\n", id.c_str());
            return false;
        }
        pointer = ImVec2((record->min.x + record->max.x) / 2, (record->min.y + record->max.y) / 2);
        (void)frame();
        pointer_down = true;
        (void)frame();
        pointer_down = false;
        (void)frame();
        pointer = ImVec2(-1000, -1000);
        (void)frame();
        return true;
    }

    bool tap_keys(const std::string& keys) {
        for (char key : keys) {
            if (!tap("kb.key." + std::string(1, key)))
                return false;
        }
        return true;
    }

    // One stroke on the pad, in the recognizer's 300x300 box.
    void stroke(const std::vector<ImVec2>& points) {
        const platform::WidgetRecord* pad = platform::FrameRecord::current().find_widget("kb.hand.pad");
        if (pad == nullptr)
            return;
        const float side = pad->max.x - pad->min.x;
        const auto screen = [&](ImVec2 point) {
            return ImVec2(pad->min.x + point.x * side / 300.0f, pad->min.y + point.y * side / 300.0f);
        };
        pointer = screen(points.front());
        (void)frame();
        pointer_down = true;
        for (const ImVec2& point : points) {
            pointer = screen(point);
            (void)frame();
        }
        pointer_down = false;
        (void)frame();
        pointer = ImVec2(-1000, -1000);
        (void)frame();
    }

    void focus(const std::string& field_label, FieldKind kind, int max_chars, std::string initial = {}) {
        label = field_label;
        text = std::move(initial);
        keyboard->request_focus(kiosk::KeyboardTarget{"field.demo." + std::to_string(++focus_count), kind,
                                                      max_chars, kind == FieldKind::Multiline});
        (void)frame();
    }
};

std::vector<ImVec2> curve(ImVec2 from, ImVec2 control, ImVec2 to) {
    std::vector<ImVec2> points;
    for (int step = 0; step <= 14; ++step) {
        const float t = static_cast<float>(step) / 14.0f;
        const float a = (1 - t) * (1 - t), b = 2 * (1 - t) * t, c = t * t;
        points.emplace_back(a * from.x + b * control.x + c * to.x, a * from.y + b * control.y + c * to.y);
    }
    return points;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: keyboard_screenshots <output-directory>\n");
        return 2;
    }
    const std::filesystem::path output = argv[1];
    std::filesystem::create_directories(output);
    std::string pattern = (std::filesystem::temp_directory_path() / "jiebang-keyboard-shots-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        return 1;
    const std::filesystem::path data_directory = pattern;

    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    platform::DisplayOptions options;
    options.fullscreen = false;
    auto display = platform::Display::open(options);
    if (!display) {
        std::fprintf(stderr, "display: %s\n", display.error().code.c_str());
        return 1;
    }
    auto faces = platform::load_font_configuration(default_assets_directory());
    if (!faces)
        return 1;
    const auto code_points = platform::collect_asset_code_points(default_assets_directory());
    auto fonts = platform::build_font_set(*faces, (*display)->scale(), code_points);
    if (!fonts)
        return 1;
    (*display)->rebuild_font_texture();
    platform::release_font_pixels();
    ImGui::GetIO().IniFilename = nullptr;

    kiosk::OnScreenKeyboard keyboard;
    if (auto started = keyboard.start_input_methods(data_directory); !started) {
        std::fprintf(stderr, "input methods: %s\n", started.error().code.c_str());
        return 1;
    }
    kiosk::FontAtlasExtension extension(*faces, (*display)->scale(), code_points);
    Harness harness;
    harness.display = display->get();
    harness.keyboard = &keyboard;
    harness.extension = &extension;
    bool ok = true;
    const auto shot = [&](const char* name) {
        // Let the atlas extension finish so characters outside the first atlas show (the UI never waits).
        for (int settle = 0; settle < 3 || extension.building() || extension.has_waiting(); ++settle) {
            (void)harness.frame();
            if (settle > 2000)
                break;
        }
        const auto file = output / (std::string("keyboard-") + name + ".png");
        if (auto saved = harness.frame(&file); !saved) {
            std::fprintf(stderr, "%s: %s\n", name, saved.error().code.c_str());
            ok = false;
        } else {
            std::printf("wrote %s\n", file.c_str());
        }
    };

    harness.focus("项目名称（限60字）", FieldKind::Text, 60, "新型");
    ok = ok && harness.tap_keys("taocicailiao");
    shot("pinyin");

    harness.focus("联系人电子邮箱", FieldKind::Email, 100);
    ok = ok && harness.tap_keys("zhang");
    ok = ok && harness.tap("kb.key.at");
    shot("latin");

    harness.focus("需解决的技术难题（限500字）", FieldKind::Multiline, 500, "能耗降低20");
    ok = ok && harness.tap("kb.layout.symbols");
    ok = ok && harness.tap("kb.key.percent");
    shot("symbols");

    harness.focus("需解决的技术难题（限500字）", FieldKind::Multiline, 500, "窑炉");
    ok = ok && harness.tap("kb.layout.handwriting");
    harness.stroke({ImVec2(50, 110), ImVec2(150, 110), ImVec2(250, 110)});
    harness.stroke(curve(ImVec2(150, 30), ImVec2(140, 220), ImVec2(50, 270)));
    harness.stroke(curve(ImVec2(150, 120), ImVec2(190, 230), ImVec2(260, 270)));
    shot("handwriting");

    harness.focus("揭榜挂帅总金额（万元）", FieldKind::Money, 0);
    for (const char* key : {"3", "0", "0", "dot", "5"})
        ok = ok && harness.tap(std::string("kb.key.") + key);
    shot("numeric");

    keyboard.wipe();
    std::error_code ignored;
    std::filesystem::remove_all(data_directory, ignored);
    return ok ? 0 : 1;
}

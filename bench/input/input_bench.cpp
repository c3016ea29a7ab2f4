// bench/input/input_bench.cpp — how fast the on-screen keyboard's input methods answer, on this machine.
// Prints a Markdown section (the numbers behind docs/benchmarks-input.md):
//  1. librime deployment at first start and at a later start (separate runs: librime is once per process),
//  2. keystroke -> candidates: RimeProcessKey plus reading the page of candidates, per key, p50/p99,
//  3. zinnia recognition of 十 人 大 after each stroke, p50/p99,
//  4. the font atlas extension with the terminal's real fonts (assets/fonts.json): the worker's build, and
//     the UI thread's part (install + texture upload with SDL's software renderer), which is the only stall.
// Usage: input_bench [terminal-data-directory]   (default: a fresh temporary directory, i.e. a first start)
// Index: [SECTION] pinyin  [SECTION] handwriting  [SECTION] atlas extension
#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/input/handwriting_recognizer.hpp"
#include "kiosk/input/input_paths.hpp"
#include "kiosk/input/pinyin_engine.hpp"
#include "kiosk/keyboard/font_atlas_extension.hpp"
#include "platform/display/display.hpp"
#include "platform/fonts/font_set.hpp"
#include "shared/text/strings.hpp"

using namespace jiebang;
using Clock = std::chrono::steady_clock;

namespace {

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double fraction) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

void print_row(const char* what, const std::vector<double>& samples) {
    std::printf("| %s | %zu | %.3f | %.3f | %.3f |\n", what, samples.size(), percentile(samples, 0.5),
                percentile(samples, 0.99), *std::max_element(samples.begin(), samples.end()));
}

// Words an applicant types on the demand form.
const std::vector<std::string> pinyin_words = {
    "zhongguo", "jishu",   "xuqiu",          "chuangxin",   "qiye",    "gongsi", "kexue",         "yanjiu",
    "shebei",   "zhineng", "zhizao",         "xinnengyuan", "cailiao", "gongyi", "shengchanxian", "zhiliang",
    "jiance",   "suanfa",  "rengongzhineng", "dianchi",     "taoci",   "shuju",  "pingtai",       "jiangmen",
};

input::Stroke straight(float x0, float y0, float x1, float y1) {
    input::Stroke stroke;
    for (int step = 0; step <= 12; ++step) {
        const float t = static_cast<float>(step) / 12.0f;
        stroke.push_back({x0 + (x1 - x0) * t, y0 + (y1 - y0) * t});
    }
    return stroke;
}

input::Stroke curved(float x0, float y0, float cx, float cy, float x1, float y1) {
    input::Stroke stroke;
    for (int step = 0; step <= 14; ++step) {
        const float t = static_cast<float>(step) / 14.0f;
        const float a = (1 - t) * (1 - t), b = 2 * (1 - t) * t, c = t * t;
        stroke.push_back({a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1});
    }
    return stroke;
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path data_directory;
    if (argc > 1) {
        data_directory = argv[1];
    } else {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "jiebang-input-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            return 1;
        data_directory = pattern;
    }
    const input::InputMethodPaths paths = input::input_method_paths(data_directory);

    // [SECTION] pinyin
    auto engine = input::PinyinEngine::start(paths);
    if (!engine) {
        std::fprintf(stderr, "pinyin: %s %s\n", engine.error().code.c_str(), engine.error().detail.c_str());
        return 1;
    }
    auto session = input::PinyinSession::open(**engine);
    if (!session)
        return 1;
    std::vector<double> key_latency;
    std::vector<double> select_latency;
    for (int round = 0; round < 20; ++round) {
        for (const std::string& word : pinyin_words) {
            for (char letter : word) {
                const auto started = Clock::now();
                session->type_character(letter);
                const input::PinyinComposition composition = session->composition();
                key_latency.push_back(milliseconds_since(started));
                if (composition.candidates.empty())
                    return 1;
            }
            const auto started = Clock::now();
            auto committed = session->select_candidate(0);
            select_latency.push_back(milliseconds_since(started));
            if (!committed)
                return 1;
            while (session->composing())
                (void)session->select_candidate(0);
        }
    }

    // [SECTION] handwriting
    auto recognizer = input::HandwritingRecognizer::open(paths.zinnia_model);
    if (!recognizer)
        return 1;
    const std::vector<std::vector<input::Stroke>> characters = {
        {straight(40, 150, 260, 150), straight(150, 30, 150, 280)},
        {curved(150, 40, 140, 200, 50, 260), curved(140, 130, 180, 230, 260, 260)},
        {straight(50, 110, 250, 110), curved(150, 30, 140, 220, 50, 270),
         curved(150, 120, 190, 230, 260, 270)},
    };
    std::vector<double> recognition;
    for (int round = 0; round < 50; ++round) {
        for (const auto& strokes : characters) {
            input::HandwritingStrokes pad(300, 300);
            for (const auto& stroke : strokes) {
                pad.add_stroke(stroke);
                const auto started = Clock::now();
                auto candidates = recognizer->recognize(pad, 10);
                recognition.push_back(milliseconds_since(started));
                if (!candidates)
                    return 1;
            }
        }
    }

    // [SECTION] atlas extension
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    platform::DisplayOptions options;
    options.fullscreen = false;
    auto display = platform::Display::open(options);
    if (!display) {
        std::fprintf(stderr, "display: %s\n", display.error().code.c_str());
        return 1;
    }
    auto faces = platform::load_font_configuration(default_assets_directory());
    if (!faces) {
        std::fprintf(stderr, "fonts: %s %s\n", faces.error().code.c_str(), faces.error().field.c_str());
        return 1;
    }
    const auto code_points = platform::collect_asset_code_points(default_assets_directory());
    auto started = Clock::now();
    auto fonts = platform::build_font_set(*faces, (*display)->scale(), code_points);
    if (!fonts)
        return 1;
    (*display)->rebuild_font_texture();
    platform::release_font_pixels();
    const double first_build = milliseconds_since(started);
    const int first_glyphs = fonts->glyph_count;

    kiosk::FontAtlasExtension extension(*faces, (*display)->scale(), code_points);
    // Rare characters outside ImGui's common-Chinese range (names of people, places and materials).
    const std::vector<char32_t> rare = {U'镕', U'喆', U'堃', U'昇', U'瑄', U'赟', U'祎', U'燊', U'淼', U'鑫'};
    std::vector<double> worker_build;
    std::vector<double> ui_stall;
    for (char32_t code_point : rare) {
        extension.request({code_point});
        while (true) {
            const auto install_started = Clock::now();
            auto installed = extension.install_if_ready();
            if (installed) {
                if (!installed->ok())
                    return 1;
                (*display)->rebuild_font_texture();
                platform::release_font_pixels();
                ui_stall.push_back(milliseconds_since(install_started));
                worker_build.push_back(extension.last_report().build_milliseconds);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a frame loop would draw here
        }
    }

    std::printf("| measurement | samples | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
    print_row("pinyin keystroke -> candidates page (librime)", key_latency);
    print_row("pinyin select candidate -> commit", select_latency);
    print_row("handwriting recognition after a stroke (zinnia, 10 candidates)", recognition);
    print_row("atlas extension: worker build (off the UI thread)", worker_build);
    print_row("atlas extension: UI thread (install + texture upload)", ui_stall);
    std::printf("\nlibrime deployment at this start: %.1f ms (full check: %s) in %s\n",
                (*engine)->deployment().deploy_milliseconds,
                (*engine)->deployment().full_check ? "yes" : "no", data_directory.c_str());
    std::printf("first atlas (assets/fonts.json, scale %.2f): %d glyphs, %dx%d, %.1f ms incl. upload\n",
                (*display)->scale(), first_glyphs, fonts->atlas_width, fonts->atlas_height, first_build);
    std::printf("extended atlas: %d glyphs, %dx%d\n", extension.last_report().glyph_count,
                extension.last_report().atlas_width, extension.last_report().atlas_height);
    if (argc <= 1) {
        std::error_code ignored;
        std::filesystem::remove_all(data_directory, ignored);
    }
    return 0;
}

// console/app/console_runner.hpp — the staff console's frame loop: draws the current view inside the frame
// (top bar, status bar) or the sign-in view, feeds input to the application, and runs interactively (SDL
// events; SDL_WaitEventTimeout idles at ~0 % CPU and wakes for the poll and the idle lock) or from a script
// (platform/script: click widgets by id, type into the focused field, press keys, idle on a virtual clock,
// expect text, screenshots).
// Invariants:
//  1. Intents are applied after the frame that produced them was rendered.
//  2. A scripted command runs only once the application is not busy (every request it caused was answered
//     and shown), within a bound of 60 s, so scripts see answers, not loading states, and never hang.
//  3. Scripted clicks use the widget rectangles of the last completed frame and fail naming the widgets on
//     screen when the id is not there.
//  4. When the application clears personal data, ImGui's copies of typed text (the active text field's
//     buffers) are zeroed too, and the set of checked words is forgotten.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "console/app/console_application.hpp"
#include "console/app/console_fonts.hpp"
#include "console/app/console_intent.hpp"
#include "platform/display/display.hpp"
#include "platform/fonts/font_set.hpp"
#include "platform/script/script.hpp"

namespace jiebang::console {

// The key names a console script's `key` command takes.
std::span<const std::string_view> console_script_key_names();

class ConsoleRunner {
  public:
    ConsoleRunner(ConsoleApplication& application, platform::Display& display, const ConsoleOptions& options);
    ~ConsoleRunner();

    // Builds fonts for the UI scale. Errors: fonts.*.
    Status prepare();
    int run_interactive();
    // 0 when every command passed; prints the first failure to stderr and returns 1.
    int run_script(const std::vector<platform::ScriptCommand>& commands,
                   const std::filesystem::path& screenshots);

    // One frame: draw, render, optional screenshot, present, apply intents.
    Status frame(const std::filesystem::path* screenshot = nullptr);

    // For the benchmark: `count` frames on the virtual clock with the pointer at the window's centre turning
    // the mouse wheel by `wheel_lines` each frame (0: a still screen); wall milliseconds of each frame, and
    // the process's CPU seconds over all of them in `cpu_seconds`. Answers are applied as they come; frames
    // never wait for them.
    std::vector<double> measure_frames(int count, float wheel_lines, double* cpu_seconds);
    // For the benchmark: runs frames until the application has no request in flight.
    Status settle_for_bench() { return settle(); }
    float ui_scale() const { return scale_; }
    const platform::FontSet& fonts() const { return fonts_; }

  private:
    struct ScriptedInput {
        bool pointer_active = false;
        float x = 0;
        float y = 0;
        bool down = false;
        int key_scancode = -1;  // held for one frame
        bool key_control = false;
        float wheel = 0;  // mouse wheel lines each frame (benchmark)
    };
    void draw();
    // The summary table preview's texture follows the application's preview (a new generation, a new texture;
    // none, none): the runner owns it, the batches view only shows it.
    void update_preview_texture();
    void update_window_title();
    void install_fonts(const platform::FontSet& fonts);
    void install_new_glyphs();
    double clock_seconds() const;
    Status settle();
    Status click(const std::string& widget_id);
    Status press_key(const std::string& name);
    Status run_command(const platform::ScriptCommand& command, const std::filesystem::path& screenshots);

    ConsoleApplication& application_;
    platform::Display& display_;
    ConsoleOptions options_;
    float scale_ = 1.0f;
    std::unique_ptr<ConsoleFonts> font_builder_;
    platform::FontSet fonts_;
    IntentQueue intents_;
    ScriptedInput scripted_input_;
    bool scripted_ = false;
    double virtual_clock_ = 1000.0;
    std::string window_title_;
    SDL_Texture* preview_texture_ = nullptr;
    int preview_generation_ = 0;
};

}  // namespace jiebang::console

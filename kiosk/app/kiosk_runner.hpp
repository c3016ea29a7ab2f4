// kiosk/app/kiosk_runner.hpp — the frame loop: draws the current screen (plus the idle overlay and the
// keyboard band), feeds input to the Application, and runs either interactively (SDL events, SDL_WaitEvent
// idling at ~0 % CPU) or from a script (platform/script: tap by widget id, type, wait, idle on a virtual
// clock, expect text, screenshots).
// Invariants: intents are applied after the frame that produced them was rendered; scripted taps use the
// widget rectangles of the last completed frame and fail with a clear message if the widget is not there.
// The interactive loop feeds systemd's watchdog itself, on its own thread, and never sleeps longer than the
// watchdog allows: if a frame hangs, the pings stop and systemd restarts the terminal.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "kiosk/app/application.hpp"
#include "kiosk/widgets/panel_layout.hpp"
#include "platform/display/display.hpp"
#include "platform/fonts/font_set.hpp"
#include "platform/script/script.hpp"
#include "platform/system/systemd_notifier.hpp"

namespace jiebang::kiosk {

class OnScreenKeyboard;
class FontAtlasExtension;

struct FrameTimings {
    double first_frame_milliseconds = 0;  // from process start to the first presented frame
    std::vector<double> frame_milliseconds;
};

class KioskRunner {
  public:
    // `virtual_clock` is the clock the Application reads in scripted runs (the script's wait and idle move it);
    // null for interactive runs on the system clock.
    KioskRunner(Application& application, platform::Display& display, VirtualClock* virtual_clock = nullptr);
    ~KioskRunner();

    // Builds fonts for the display's scale. Errors: fonts.*.
    Status prepare();
    // Until a quit (admin, windowed close box) or SIGTERM/SIGINT; sends WATCHDOG=1 through `systemd` from the
    // loop (nothing outside systemd). Returns the exit code.
    int run_interactive(platform::SystemdNotifier& systemd);
    // Returns 0 when every command passed; prints the first failure to stderr and returns 1.
    int run_script(const std::vector<platform::ScriptCommand>& commands,
                   const std::filesystem::path& screenshots);

    // One frame (public for the benchmark): draw, render, optional screenshot, present, apply intents.
    Status frame(const std::filesystem::path* screenshot = nullptr);
    const platform::FontSet& fonts() const { return fonts_; }
    // Whether the atlas on screen at the first frame came from the atlas cache (platform/fonts/atlas_cache.hpp).
    bool first_atlas_from_cache() const { return first_atlas_from_cache_; }
    void set_screenshot_divisor(int divisor) { screenshot_divisor_ = divisor; }

  private:
    struct ScriptedPointer {
        bool active = false;
        float x = 0;
        float y = 0;
        bool down = false;
    };
    void draw_current_screen();
    Status run_command(const platform::ScriptCommand& command, const std::filesystem::path& screenshots);
    Status tap(const std::string& widget_id);
    void advance_virtual_clock(double seconds);
    // Characters the atlas lacks (typed, committed by the keyboard, on the board) get baked in: off the UI
    // thread interactively, synchronously in scripted runs so screenshots never show '?'.
    void request_glyphs(std::string_view text);
    void install_new_glyphs();
    void install_fonts(const platform::FontSet& fonts);
    void report_atlas_cache_error() const;
    // Fonts, theme and keyboard sizes for the panel and the text size mode (elder-friendly or not).
    Status build_fonts_for_layout();
    // When the applicant switches elder mode on or off: the atlas at the other sizes is baked in the background and
    // installed with the matching layout (kiosk/widgets/panel_layout.hpp).
    void follow_text_size();

    Application& application_;
    platform::Display& display_;
    platform::FontSet fonts_;
    PanelLayout layout_;
    std::optional<PanelLayout> pending_layout_;         // the layout whose atlas is being built
    std::vector<platform::FontFace> configured_faces_;  // fonts.json, before the panel's sizes
    std::vector<ImWchar> code_points_;                  // the asset text
    IntentQueue intents_;
    ScriptedPointer pointer_;
    bool scripted_ = false;
    VirtualClock* virtual_clock_ = nullptr;
    int screenshot_divisor_ = 1;
    std::unique_ptr<OnScreenKeyboard> keyboard_;
    std::unique_ptr<FontAtlasExtension> atlas_extension_;
    bool full_atlas_requested_ = false;  // the common-Chinese range is baked after the first frame
    bool first_atlas_from_cache_ = false;
    std::filesystem::path atlas_cache_directory_;  // <data folder>/font-cache
    std::unordered_set<std::string> texts_checked_for_glyphs_;
};

}  // namespace jiebang::kiosk

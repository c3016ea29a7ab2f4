// kiosk/main.cpp — jiebang-kiosk: the service-hall touch terminal.
// Boots fullscreen into the attract screen; --windowed for development and the demo; --script FILE
// --screenshots DIR for headless runs (SDL's offscreen driver unless SDL_VIDEODRIVER says otherwise). With no
// display at all and no script it says so and runs the built-in tour headless, writing screenshots.
// Under systemd (NOTIFY_SOCKET set, platform/systemd/jiebang-kiosk.service) it sends READY=1 once the first
// frame is on the screen, WATCHDOG=1 from the interactive frame loop, and STOPPING=1 when it shuts down (a
// SIGTERM, the admin's quit, the end of a script); without NOTIFY_SOCKET none of that happens.
// Exit codes: 0 ok, 1 a failure (printed with its code), 2 bad command line.
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>

#include "kiosk/app/admin_access.hpp"
#include "platform/system/paths.hpp"

#include "kiosk/app/application.hpp"
#include "kiosk/app/fault_runner.hpp"
#include "kiosk/app/kiosk_runner.hpp"
#include "kiosk/app/options.hpp"
#include "kiosk/app/terminal_services.hpp"
#include "platform/display/display.hpp"
#include "platform/system/process_usage.hpp"
#include "platform/system/systemd_notifier.hpp"

namespace {

const auto started_at = std::chrono::steady_clock::now();

double milliseconds_since_start() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_at).count();
}

void report(const jiebang::Error& error) {
    std::cerr << "jiebang-kiosk: " << error.code;
    if (!error.field.empty())
        std::cerr << " (" << error.field << ")";
    if (!error.detail.empty())
        std::cerr << ": " << error.detail;
    std::cerr << "\n";
}

int fail(const jiebang::Error& error) {
    report(error);
    return 1;
}

// Renders `frames` frames of the current screen and reports wall and CPU time per frame.
void write_bench_report(jiebang::kiosk::KioskRunner& runner, const std::filesystem::path& file,
                        double first_frame_milliseconds, std::int64_t resident_after_start) {
    constexpr int frames = 120;
    const auto cpu_before = jiebang::platform::current_process_usage().cpu_seconds;
    const auto wall_before = std::chrono::steady_clock::now();
    for (int index = 0; index < frames; ++index)
        (void)runner.frame();
    const double wall =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_before).count();
    const auto usage = jiebang::platform::current_process_usage();
    std::ofstream report(file, std::ios::trunc);
    report << "{\"first_frame_ms\": " << first_frame_milliseconds
           << ", \"rss_after_start_bytes\": " << resident_after_start
           << ", \"rss_after_frames_bytes\": " << usage.resident_bytes
           << ", \"frame_wall_ms\": " << wall / frames
           << ", \"frame_cpu_ms\": " << (usage.cpu_seconds - cpu_before) * 1000.0 / frames
           << ", \"peak_rss_bytes\": " << usage.peak_resident_bytes
           << ", \"atlas_from_cache\": " << (runner.first_atlas_from_cache() ? "true" : "false")
           << ", \"glyphs\": " << runner.fonts().glyph_count << ", \"atlas\": \""
           << runner.fonts().atlas_width << "x" << runner.fonts().atlas_height << "\"}\n";
}

// --set-admin-pin: one line from standard input (not echoed on a terminal), its Argon2id hash into the data
// folder. Exit 0 when stored, 1 with the error's code otherwise.
int set_admin_pin(const jiebang::kiosk::KioskOptions& options) {
    using namespace jiebang;
    const auto data =
        options.data_directory.empty() ? platform::default_data_directory() : options.data_directory;
    if (auto created = platform::ensure_private_directory(data); !created)
        return fail(created.error());
    termios saved{};
    const bool terminal = ::isatty(STDIN_FILENO) != 0 && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        std::cerr << "new admin PIN (6-12 digits): ";
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string pin;
    std::getline(std::cin, pin);
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' '))
        pin.pop_back();
    auto stored = kiosk::AdminAccess::set_pin(data, pin);
    sodium_memzero(pin.data(), pin.size());
    if (!stored)
        return fail(stored.error());
    std::cerr << "jiebang-kiosk: admin PIN stored (Argon2id hash) in " << (data / "admin-pin").string()
              << "\n";
    return 0;
}

// "Never a dead screen": the terminal could not start its service; show why until stopped (fault_runner.hpp).
int run_fault_screen(jiebang::platform::Display& display, const std::filesystem::path& assets,
                     const std::filesystem::path& data, const jiebang::Error& error, bool headless,
                     const std::vector<jiebang::platform::ScriptCommand>& script,
                     const std::filesystem::path& screenshots) {
    using namespace jiebang;
    report(error);
    kiosk::FaultRunner fault(display, assets, data, error);
    fault.prepare();
    if (auto drawn = fault.frame(); !drawn)
        report(drawn.error());
    // The screen is up: systemd counts the unit as started (no restart loop) and the watchdog runs.
    auto systemd = platform::SystemdNotifier::from_environment();
    if (auto notified = systemd.ready(); !notified)
        report(notified.error());
    const int exit_code = headless ? fault.run_script(script, screenshots) : fault.run_interactive(systemd);
    if (auto notified = systemd.stopping(); !notified)
        report(notified.error());
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace jiebang;
    platform::use_single_malloc_arena();
    auto options = kiosk::parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!options) {
        std::cerr << "jiebang-kiosk: " << options.error().detail << "\n";
        return 2;
    }
    if (options->show_help) {
        std::cout << kiosk::options_usage();
        return 0;
    }
    if (options->set_admin_pin)
        return set_admin_pin(*options);
    auto services = kiosk::TerminalServices::open(*options);
    if (options->print_public_key) {
        if (!services)
            return fail(services.error());
        std::cout << (*services)->signing_key.public_key_text() << "\n";
        return 0;
    }
    const std::filesystem::path assets = services                            ? (*services)->assets_directory
                                         : options->assets_directory.empty() ? default_assets_directory()
                                                                             : options->assets_directory;
    const std::filesystem::path data = services                          ? (*services)->data_directory
                                       : options->data_directory.empty() ? platform::default_data_directory()
                                                                         : options->data_directory;

    std::vector<platform::ScriptCommand> script;
    std::filesystem::path screenshots = options->screenshots_directory;
    const bool headless = !options->script_file.empty() || !platform::display_environment_present();
    if (options->script_file.empty() && !platform::display_environment_present()) {
        options->script_file = assets / "config" / "kiosk-tour.script";
        if (!std::filesystem::exists(data / "admin-pin")) {
            // The tour cannot pass the first-start screen (and must never set a PIN itself).
            std::cerr
                << "jiebang-kiosk: no admin PIN is set yet, so the tour shows the first-start screen only "
                   "(set one with --set-admin-pin)\n";
            options->script_file = assets / "config" / "kiosk-first-start.script";
        }
        if (screenshots.empty())
            screenshots = data / "screenshots";
        std::cerr
            << "jiebang-kiosk: no display (DISPLAY and WAYLAND_DISPLAY are unset): running headless and "
               "writing screenshots of the tour to "
            << screenshots.string() << "\n";
    }
    if (!options->script_file.empty()) {
        auto loaded = platform::load_script(options->script_file);
        if (!loaded)
            return fail(loaded.error());
        script = std::move(*loaded);
        if (std::getenv("SDL_VIDEODRIVER") == nullptr)
            setenv("SDL_VIDEODRIVER", "offscreen", 1);
    }

    platform::DisplayOptions display_options;
    display_options.fullscreen = options->fullscreen && !headless;
    display_options.width = options->width;
    display_options.height = options->height;
    display_options.accelerated_renderer = options->accelerated_renderer;
    display_options.title = "jiebang-kiosk";
    auto display = platform::Display::open(display_options);
    if (!display)
        return fail(display.error());  // nothing to show it on: systemd restarts the terminal (bounded)
    if (!services)
        return run_fault_screen(**display, assets, data, services.error(), headless, script, screenshots);

    // Scripted runs read a virtual clock that only the script moves (wait, idle): the same script gives the
    // same screens whatever the machine's speed.
    kiosk::SystemClock system_clock(options->clock_offset_seconds);
    kiosk::VirtualClock virtual_clock(options->clock_offset_seconds);
    const kiosk::Clock& clock = headless ? static_cast<const kiosk::Clock&>(virtual_clock) : system_clock;
    kiosk::Application application(**services, *options, clock);
    if (auto synced = application.start_sync(*options); !synced) {
        std::cerr << "jiebang-kiosk: sync not started (" << synced.error().code << " " << synced.error().field
                  << ": " << synced.error().detail << "); submissions stay in the outbox until it runs\n";
    }
    std::optional<kiosk::KioskRunner> runner;
    runner.emplace(application, **display, headless ? &virtual_clock : nullptr);
    runner->set_screenshot_divisor(options->screenshot_divisor);
    if (auto prepared = runner->prepare(); !prepared) {
        runner.reset();
        return run_fault_screen(**display, assets, data, prepared.error(), headless, script, screenshots);
    }
    if (auto drawn = runner->frame(); !drawn)
        return fail(drawn.error());
    const double first_frame = milliseconds_since_start();
    const auto resident = platform::current_process_usage().resident_bytes;
    std::cerr << "jiebang-kiosk: " << (*display)->video_driver() << "/" << (*display)->renderer_name() << " "
              << (*display)->pixel_width() << "x" << (*display)->pixel_height() << ", terminal "
              << (*services)->identity.terminal_id << ", first frame " << static_cast<int>(first_frame)
              << " ms\n";

    // The first frame is presented: from here systemd may count on the terminal and starts its watchdog.
    auto systemd = platform::SystemdNotifier::from_environment();
    if (auto notified = systemd.ready(); !notified)
        report(notified.error());

    int exit_code = 0;
    if (headless) {
        exit_code = runner->run_script(script, screenshots);
    } else {
        exit_code = runner->run_interactive(systemd);
    }
    if (auto notified = systemd.stopping(); !notified)
        report(notified.error());
    if (exit_code == 0 && !options->bench_report_file.empty()) {
        write_bench_report(*runner, options->bench_report_file, first_frame, resident);
    }
    return exit_code;
}

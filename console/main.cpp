// console/main.cpp — jiebang-console: the desktop application county and city staff do their daily work in.
// Opens a resizable window (1366x768 to 4K, UI scaled by the monitor's DPI or --ui-scale), shows the
// sign-in view, and talks to the aggregator's staff endpoint only through the staff channel's client
// (console/model). --script FILE [--screenshots DIR] runs headless under SDL's offscreen driver (unless
// SDL_VIDEODRIVER says otherwise) and exits with the script's outcome. With JIEBANG_PASSPHRASE set and
// --staff-key given it signs in at start (the demo reviewer of scripts/run).
// Exit codes: 0 ok, 1 a failure (printed with its code), 2 bad command line.
#include <sodium.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "console/app/console_application.hpp"
#include "console/app/console_options.hpp"
#include "console/app/console_runner.hpp"
#include "console/model/channel_staff_service.hpp"
#include "platform/display/display.hpp"
#include "platform/system/process_usage.hpp"

namespace {

const auto started_at = std::chrono::steady_clock::now();

double milliseconds_since_start() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_at).count();
}

int fail(const jiebang::Error& error) {
    std::cerr << "jiebang-console: " << error.code;
    if (!error.field.empty())
        std::cerr << " (" << error.field << ")";
    if (!error.detail.empty())
        std::cerr << ": " << error.detail;
    std::cerr << "\n";
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace jiebang;
    platform::use_single_malloc_arena();
    if (sodium_init() < 0) {
        std::cerr << "jiebang-console: libsodium could not start\n";
        return 1;
    }
    auto options = console::parse_console_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!options) {
        std::cerr << "jiebang-console: usage error: " << options.error().detail
                  << "\n(see jiebang-console --help)\n";
        return 2;
    }
    if (options->show_help) {
        std::cout << options->help_text;
        return 0;
    }
    const auto assets =
        options->assets_directory.empty() ? default_assets_directory() : options->assets_directory;
    auto catalogues = console::ConsoleCatalogues::load(assets);
    if (!catalogues)
        return fail(catalogues.error());

    std::vector<platform::ScriptCommand> script;
    const bool scripted = !options->script_file.empty();
    if (scripted) {
        auto loaded = platform::load_script(options->script_file, console::console_script_key_names());
        if (!loaded)
            return fail(loaded.error());
        script = std::move(*loaded);
        if (options->headless || std::getenv("SDL_VIDEODRIVER") == nullptr)
            setenv("SDL_VIDEODRIVER", "offscreen", 1);
        if (!options->size_given) {
            options->width = 1920;
            options->height = 1080;
        }
    } else if (!platform::display_environment_present()) {
        std::cerr
            << "jiebang-console: no display (DISPLAY and WAYLAND_DISPLAY are unset); run it on a desktop, "
               "or headless with --script FILE --screenshots DIR\n";
        return 1;
    }

    platform::DisplayOptions display_options;
    display_options.fullscreen = false;
    display_options.resizable = true;
    display_options.minimum_width = 1024;
    display_options.minimum_height = 600;
    display_options.width = options->width;
    display_options.height = options->height;
    display_options.accelerated_renderer = options->accelerated_renderer;
    display_options.title = (*catalogues)->strings.text("console.app.name");
    auto display = platform::Display::open(display_options);
    if (!display)
        return fail(display.error());

    console::ConsoleApplication application(**catalogues, *options,
                                            console::model::make_channel_staff_service_factory());
    console::ConsoleRunner runner(application, **display, *options);
    if (auto prepared = runner.prepare(); !prepared)
        return fail(prepared.error());
    if (auto drawn = runner.frame(); !drawn)
        return fail(drawn.error());
    const double first_frame = milliseconds_since_start();
    const auto resident = platform::current_process_usage().resident_bytes;
    std::cerr << "jiebang-console: " << (*display)->video_driver() << "/" << (*display)->renderer_name()
              << " " << (*display)->pixel_width() << "x" << (*display)->pixel_height() << " scale "
              << runner.ui_scale() << ", first frame " << static_cast<int>(first_frame) << " ms\n";

    // The demo reviewer of scripts/run signs in from the environment, as `jiebang` does for scripts.
    if (const char* passphrase = std::getenv("JIEBANG_PASSPHRASE");
        passphrase != nullptr && passphrase[0] != '\0' && !options->staff_key_file.empty()) {
        auto& buffer = application.edits().passphrase;
        const std::size_t length = std::min(std::strlen(passphrase), buffer.size() - 1);
        std::memcpy(buffer.data(), passphrase, length);
        buffer[length] = '\0';
        console::Intent sign_in;
        sign_in.kind = console::IntentKind::SignIn;
        application.apply(sign_in);
    }

    const int exit_code =
        scripted ? runner.run_script(script, options->screenshots_directory) : runner.run_interactive();
    if (exit_code == 0 && !options->bench_report_file.empty()) {
        std::ofstream report(options->bench_report_file, std::ios::trunc);
        report << "{\"first_frame_ms\": " << first_frame << ", \"rss_after_start_bytes\": " << resident
               << ", \"rss_at_end_bytes\": " << platform::current_process_usage().resident_bytes << "}\n";
    }
    return exit_code;
}

// console/app/console_options.hpp — jiebang-console's command line (parsed with CLI11).
//   jiebang-console [--server ENDPOINT --server-key Z85] [--staff-key FILE] [--size WxH] [--ui-scale S]
//                   [--idle-lock-minutes M] [--poll-seconds S] [--assets DIR] [--accelerated]
//                   [--headless] [--script FILE --screenshots DIR] [--bench-report FILE]
// With --script the console runs the script under SDL's offscreen driver (unless SDL_VIDEODRIVER says
// otherwise) and exits 0 when every command passed; --headless without a script is a usage error (nothing
// would ever end the run). With JIEBANG_PASSPHRASE set and --staff-key given it signs in at start (scripts/run's
// demo reviewer); otherwise the sign-in view asks for the passphrase.
// Invariant: a malformed value is a usage error naming the option (exit 2); nothing is read before the whole
// command line parsed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::console {

struct ConsoleOptions {
    std::string server_endpoint;
    std::string server_public_key;
    std::filesystem::path staff_key_file;
    int width = 1600;
    int height = 900;
    bool size_given = false;
    float ui_scale = 0;  // 0: from the monitor's DPI
    double idle_lock_minutes = 10;
    double poll_seconds = 3;
    std::filesystem::path assets_directory;  // empty: default_assets_directory()
    bool accelerated_renderer = false;
    bool headless = false;
    std::filesystem::path script_file;
    std::filesystem::path screenshots_directory;
    std::filesystem::path bench_report_file;
    std::filesystem::path export_folder;  // exports (XLSX, PDF); empty: ~/jiebang-exports
    std::string printer;                  // the CUPS queue of the office's A4 printer; empty: CUPS' default
    bool show_help = false;
    std::string help_text;
};

// Errors: options.usage (detail: CLI11's message naming the option).
Result<ConsoleOptions> parse_console_options(const std::vector<std::string>& arguments);

}  // namespace jiebang::console

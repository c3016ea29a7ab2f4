// kiosk/app/options.hpp — jiebang-kiosk's command line.
//   jiebang-kiosk [--windowed] [--size WxH] [--data-dir DIR] [--assets DIR] [--profile ID] [--county CODE]
//                 [--terminal-number N] [--hall NAME] [--printer DEVICE_OR_FILE] [--set-admin-pin]
//                 [--idle-warning SECONDS] [--idle-countdown SECONDS] [--elder-mode] [--accelerated]
//                 [--sync-endpoint ENDPOINT --sync-server-key Z85 [--sync-key-file FILE]]
//                 [--script FILE --screenshots DIR] [--print-public-key] [--bench-report FILE]
//                 [--config FILE] [--store-busy-timeout-ms MS] [--a4-printer CUPS_QUEUE]
//                 [--clock-skew-limit SECONDS] [--clock-offset SECONDS] [--speech-wav FILE]
// --clock-offset is for tests and drills only: it moves the terminal's clock (the kiosk's clock seam,
// kiosk/app/clock.hpp, and its sync agent's) by SECONDS, negative back, as a wrong RTC would.
// The identity flags apply on first start only (the store keeps the enrolled identity afterwards).
// --config reads a TOML file: [sync] as in assets/config/terminal.toml (endpoint, server_public_key,
// key_file, store, retention_days, window, heartbeat_interval_ms, reply_timeout_ms) and an optional [kiosk]
// table (data_dir, profile, county, terminal_number, hall, printer, a4_printer, clock_skew_limit_seconds,
// idle_warning_seconds,
// idle_countdown_seconds, elder_mode, elder_idle_warning_seconds, elder_idle_countdown_seconds). Flags override
// the file; an unknown key is an error naming it.
// No admin PIN is ever given on the command line or in a file (it would sit in the unit, the process list and
// the docs): the terminal asks for one on its first start, or --set-admin-pin reads it from standard input,
// stores its Argon2id hash in the data folder and exits (kiosk/app/admin_access.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::kiosk {

struct KioskOptions {
    bool fullscreen = true;
    int width = 1920;
    int height = 1080;
    bool accelerated_renderer = false;
    std::filesystem::path data_directory;    // empty = platform default
    std::filesystem::path assets_directory;  // empty = default_assets_directory()
    std::string profile_id = "jiangmen";
    std::string county_admin_code = "440703";
    int terminal_number = 1;
    std::string hall_name;       // empty = the string catalogue's default hall name
    std::string printer_target;  // ESC/POS device (/dev/usb/lp0) or a file (development); empty = no printer
    // The hall's A4 printer: a CUPS queue name for the papers the bureau requires; empty = none (the applicant
    // is told to ask at the counter).
    std::string a4_printer;
    // A clock further than this from the county aggregator's issues no receipt (docs/protocol.md 19).
    int clock_skew_limit_seconds = 300;
    int clock_offset_seconds = 0;  // --clock-offset (tests and drills): added to the wall clock
    double idle_warning_seconds = 120;
    double idle_countdown_seconds = 30;
    // --elder-mode / [kiosk] elder_mode: every applicant starts in elder mode.
    bool elder_mode_default = false;
    // Elder mode gives more time before the idle warning and the wipe.
    double elder_idle_warning_seconds = 240;
    double elder_idle_countdown_seconds = 60;
    std::string sync_endpoint;
    std::string sync_server_key;
    std::filesystem::path sync_key_file;  // empty = <data dir>/curve.key
    // Days contact data stays on the terminal after the county acknowledged it; 0 (the default): purged as soon
    // as the county has it (at the agent's next housekeeping: at start and every minute). The consent text
    // says the same (FormCatalog::apply_contact_retention()).
    int sync_retention_days = 0;
    int sync_window = 32;
    int sync_heartbeat_interval_ms = 2000;
    int sync_reply_timeout_ms = 5000;
    // How long a save waits for another program holding the store's write lock before store.busy.
    int store_busy_timeout_ms = 5000;
    std::filesystem::path script_file;
    std::filesystem::path screenshots_directory;
    int screenshot_divisor = 1;  // --screenshot-divisor N: pictures at 1/N of the panel's size (docs)
    std::filesystem::path bench_report_file;
    // Headless voice guidance: speech is appended to this WAV file (and what was said to FILE.log) instead of
    // the audio device (tests, docs/terminal.md "Voice guidance").
    std::filesystem::path speech_wav_file;
    bool print_public_key = false;
    bool set_admin_pin = false;
    bool show_help = false;
};

// Errors: options.unknown, options.value (field = the flag).
Result<KioskOptions> parse_options(const std::vector<std::string>& arguments);
std::string options_usage();

}  // namespace jiebang::kiosk

// console/app/console_options.cpp — CLI11 parsing of jiebang-console's command line (see
// console_options.hpp).
#include "console/app/console_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>

#include "shared/staff/staff_key_file.hpp"

namespace jiebang::console {

namespace {

// "1920x1080" -> width, height (each 640..7680).
bool parse_size(const std::string& text, int& width, int& height) {
    const auto cross = text.find('x');
    if (cross == std::string::npos)
        return false;
    const auto number = [](std::string_view part, int& out) {
        const auto result = std::from_chars(part.data(), part.data() + part.size(), out);
        return result.ec == std::errc() && result.ptr == part.data() + part.size() && out >= 480 &&
               out <= 7680;
    };
    return number(std::string_view(text).substr(0, cross), width) &&
           number(std::string_view(text).substr(cross + 1), height);
}

}  // namespace

Result<ConsoleOptions> parse_console_options(const std::vector<std::string>& arguments) {
    ConsoleOptions options;
    CLI::App app{
        "jiebang-console — the staff console of the open-competition (jiebang guashuai) system: county and "
        "city staff screen "
        "submissions, forward them and curate the board, over the aggregator's staff channel.",
        "jiebang-console"};
    std::string size;
    app.add_option("--server", options.server_endpoint, "the aggregator's staff endpoint (tcp://host:port)");
    app.add_option("--server-key", options.server_public_key, "the aggregator's CURVE public key (Z85)")
        ->check([](const std::string& value) -> std::string {
            return backoffice::z85_decode_key(value) ? std::string() : "not a 40-character Z85 key";
        });
    app.add_option("--staff-key", options.staff_key_file,
                   "your staff key file (jiebang staff add --key-out)");
    app.add_option("--size", size, "window size in pixels, WxH (default 1600x900)")
        ->check([](const std::string& value) -> std::string {
            int width = 0, height = 0;
            return parse_size(value, width, height) ? std::string() : "expected WxH, e.g. 1920x1080";
        });
    app.add_option("--ui-scale", options.ui_scale, "UI scale (default: from the monitor's DPI)")
        ->check(CLI::Range(0.5f, 4.0f));
    app.add_option("--idle-lock-minutes", options.idle_lock_minutes,
                   "lock after this many minutes without input (default 10)")
        ->check(CLI::Range(0.05, 1440.0));
    app.add_option("--poll-seconds", options.poll_seconds, "how often to look for new arrivals (default 3)")
        ->check(CLI::Range(0.2, 3600.0));
    app.add_option("--assets", options.assets_directory, "the assets folder (default $JIEBANG_ASSETS)");
    app.add_flag("--accelerated", options.accelerated_renderer, "use a GPU renderer instead of software");
    app.add_flag("--headless", options.headless, "run the script without a window (needs --script)");
    app.add_option("--script", options.script_file, "run this script (docs/console.md) and exit");
    app.add_option("--screenshots", options.screenshots_directory, "where the script's screenshots go");
    app.add_option("--bench-report", options.bench_report_file, "write frame timings as JSON here");
    app.add_option("--export-folder", options.export_folder,
                   "where exports (XLSX, PDF) are written (default ~/jiebang-exports)");
    app.add_option("--printer", options.printer,
                   "the CUPS queue the summary table prints on (default: CUPS' default)");
    try {
        std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        options.show_help = true;
        options.help_text = app.help();
        return options;
    } catch (const CLI::ParseError& error) {
        return Error("options.usage", "", error.what());
    }
    if (!size.empty()) {
        parse_size(size, options.width, options.height);
        options.size_given = true;
    }
    if (options.headless && options.script_file.empty())
        return Error("options.usage", "--headless", "--headless needs --script FILE");
    if (!options.screenshots_directory.empty() && options.script_file.empty())
        return Error("options.usage", "--screenshots", "--screenshots needs --script FILE");
    if (options.server_endpoint.empty() != options.server_public_key.empty())
        return Error("options.usage", "--server", "--server and --server-key go together");
    return options;
}

}  // namespace jiebang::console

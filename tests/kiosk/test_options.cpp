// tests/kiosk/test_options.cpp — jiebang-kiosk's arguments on CLI11 (issue 9 item 7; kiosk/app/options.hpp):
// every flag still sets what it set, the TOML file (--config) is read first and the flags win, --help lists
// every option, and a bad number or an unknown option is a usage error (exit 2) naming the option — checked on
// parse_options() and on the real binary.
#include <doctest/doctest.h>

#include <fstream>

#include "kiosk/app/options.hpp"
#include "kiosk_test_support.hpp"

using jiebang::kiosk::parse_options;

TEST_CASE("kiosk options: every flag sets its value, and the file's values give way to flags") {
    auto parsed = parse_options({"--windowed",
                                 "--size",
                                 "1080x1920",
                                 "--data-dir",
                                 "/tmp/kiosk-data",
                                 "--assets",
                                 "/tmp/assets",
                                 "--profile",
                                 "jingdezhen",
                                 "--county",
                                 "360203",
                                 "--terminal-number",
                                 "41",
                                 "--hall",
                                 "珠山区政务大厅",
                                 "--printer",
                                 "/dev/usb/lp0",
                                 "--a4-printer",
                                 "hall-a4",
                                 "--clock-skew-limit",
                                 "120",
                                 "--idle-warning",
                                 "90",
                                 "--idle-countdown",
                                 "20",
                                 "--elder-mode",
                                 "--accelerated",
                                 "--sync-endpoint",
                                 "tcp://county:7700",
                                 "--sync-server-key",
                                 "K",
                                 "--sync-key-file",
                                 "/tmp/curve.key",
                                 "--script",
                                 "/tmp/s.script",
                                 "--screenshots",
                                 "/tmp/shots",
                                 "--screenshot-divisor",
                                 "2",
                                 "--bench-report",
                                 "/tmp/bench.json",
                                 "--store-busy-timeout-ms",
                                 "250",
                                 "--print-public-key"});
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().detail));
    const auto& options = parsed.value();
    CHECK_FALSE(options.fullscreen);
    CHECK(options.width == 1080);
    CHECK(options.height == 1920);
    CHECK(options.data_directory == "/tmp/kiosk-data");
    CHECK(options.assets_directory == "/tmp/assets");
    CHECK(options.profile_id == "jingdezhen");
    CHECK(options.county_admin_code == "360203");
    CHECK(options.terminal_number == 41);
    CHECK(options.hall_name == "珠山区政务大厅");
    CHECK(options.printer_target == "/dev/usb/lp0");
    CHECK(options.a4_printer == "hall-a4");
    CHECK(options.clock_skew_limit_seconds == 120);
    CHECK(options.idle_warning_seconds == 90);
    CHECK(options.idle_countdown_seconds == 20);
    CHECK(options.elder_mode_default);
    CHECK(options.accelerated_renderer);
    CHECK(options.sync_endpoint == "tcp://county:7700");
    CHECK(options.sync_server_key == "K");
    CHECK(options.sync_key_file == "/tmp/curve.key");
    CHECK(options.script_file == "/tmp/s.script");
    CHECK(options.screenshots_directory == "/tmp/shots");
    CHECK(options.screenshot_divisor == 2);
    CHECK(options.bench_report_file == "/tmp/bench.json");
    CHECK(options.store_busy_timeout_ms == 250);
    CHECK(options.print_public_key);
    CHECK_FALSE(options.set_admin_pin);
    CHECK_FALSE(options.show_help);

    // Nothing given: the defaults.
    auto defaults = parse_options({});
    REQUIRE(defaults.ok());
    CHECK(defaults->fullscreen);
    CHECK(defaults->width == 1920);
    CHECK(defaults->terminal_number == 1);
    CHECK(defaults->profile_id == "jiangmen");

    // The file is read first; a flag given wins, a flag not given leaves the file's value.
    kiosk_test::TemporaryDirectory folder;
    const auto file = folder.path() / "kiosk.toml";
    std::ofstream(file) << "[sync]\nendpoint = \"tcp://file:7700\"\nserver_public_key = \"F\"\nwindow = 8\n"
                           "[kiosk]\nterminal_number = 7\nhall = \"蓬江区大厅\"\nelder_mode = true\n";
    auto layered = parse_options({"--terminal-number", "9", "--config", file.string()});
    REQUIRE_MESSAGE(layered.ok(), (layered.ok() ? "" : layered.error().detail));
    CHECK(layered->terminal_number == 9);
    CHECK(layered->hall_name == "蓬江区大厅");
    CHECK(layered->sync_endpoint == "tcp://file:7700");
    CHECK(layered->sync_window == 8);
    CHECK(layered->elder_mode_default);
}

TEST_CASE("kiosk options: bad numbers and unknown options are errors naming the option") {
    struct Case {
        std::vector<std::string> arguments;
        std::string code;
        std::string field;
    };
    const std::vector<Case> cases = {
        {{"--terminal-number", "abc"}, "options.value", "--terminal-number"},
        {{"--terminal-number", "1000"}, "options.value", "--terminal-number"},
        {{"--idle-warning", "0"}, "options.value", "--idle-warning"},
        {{"--clock-skew-limit", "5s"}, "options.value", "--clock-skew-limit"},
        {{"--store-busy-timeout-ms", "-1"}, "options.value", "--store-busy-timeout-ms"},
        {{"--screenshot-divisor", "9"}, "options.value", "--screenshot-divisor"},
        {{"--size", "1920by1080"}, "options.value", "--size"},
        {{"--profile"}, "options.value", "--profile"},
        {{"--frobnicate"}, "options.unknown", "--frobnicate"},
        {{"--admin-pin", "246810"}, "options.unknown", "--admin-pin"},
        {{"--sync-endpoint", "tcp://county:7700"}, "options.value", "--sync-endpoint"},
    };
    for (const Case& test : cases) {
        CAPTURE(test.arguments.front());
        auto parsed = parse_options(test.arguments);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == test.code);
        CHECK(parsed.error().field == test.field);
        CHECK(parsed.error().detail.find(test.field) != std::string::npos);
    }
    auto help = parse_options({"--help"});
    REQUIRE(help.ok());
    CHECK(help->show_help);
}

TEST_CASE(
    "jiebang-kiosk --help lists every option - a bad number exits 2 naming it, before anything starts") {
    kiosk_test::TemporaryDirectory data;
    const auto help = kiosk_test::run_command(kiosk_test::quote(JIEBANG_KIOSK_BINARY) + " --help",
                                              data.path() / "help.txt");
    CHECK(help.exit_code == 0);
    for (const char* option : {"--windowed",         "--size",
                               "--data-dir",         "--assets",
                               "--profile",          "--county",
                               "--terminal-number",  "--hall",
                               "--printer",          "--a4-printer",
                               "--clock-skew-limit", "--set-admin-pin",
                               "--idle-warning",     "--idle-countdown",
                               "--elder-mode",       "--accelerated",
                               "--sync-endpoint",    "--sync-server-key",
                               "--sync-key-file",    "--script",
                               "--screenshots",      "--screenshot-divisor",
                               "--bench-report",     "--print-public-key",
                               "--config",           "--store-busy-timeout-ms"}) {
        CHECK_MESSAGE(help.output.find(option) != std::string::npos, option);
    }
    const auto bad = kiosk_test::run_command(kiosk_test::quote(JIEBANG_KIOSK_BINARY) + " --data-dir " +
                                                 kiosk_test::quote((data.path() / "kiosk").string()) +
                                                 " --terminal-number twelve --print-public-key",
                                             data.path() / "bad.txt");
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("--terminal-number") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(data.path() / "kiosk"));  // nothing was created
}

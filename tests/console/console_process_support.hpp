// tests/console/console_process_support.hpp — running the real jiebang-console binary against real
// aggregators: reading the staff endpoint an aggregator bound (<data-dir>/staff-listening.endpoint), adding a
// staff member with the real `jiebang staff add`, and running the console headless on a script under SDL's
// offscreen driver (screenshots into build/console-screenshots/<folder>/<size>).
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/backoffice/backoffice_test_support.hpp"

namespace console_test {

using jiebang::backoffice::test::Aggregator;
using jiebang::backoffice::test::TempDir;
using jiebang::backoffice::test::wait_until;

// The staff endpoint an aggregator started with --staff-listen tcp://127.0.0.1:* bound.
inline std::string staff_endpoint(Aggregator& aggregator) {
    const auto file = aggregator.store_file().parent_path() / "staff-listening.endpoint";
    REQUIRE_MESSAGE(
        bool(wait_until([&] { return std::filesystem::exists(file) || !aggregator.process().running(); }) &&
             std::filesystem::exists(file)),
        aggregator.log());
    std::string endpoint = jiebang::sync::test::read_file(file);
    while (!endpoint.empty() && (endpoint.back() == '\n' || endpoint.back() == '\r'))
        endpoint.pop_back();
    return endpoint;
}

// `jiebang staff add` on the aggregator's store; returns the key file.
inline std::filesystem::path add_staff(Aggregator& aggregator, const std::filesystem::path& key_file,
                                       const std::string& name, const std::string& role,
                                       const std::string& passphrase) {
    auto added =
        jiebang::backoffice::test::jiebang_cli({"staff", "add", "--store", aggregator.store(), "--name", name,
                                                "--role", role, "--key-out", key_file.string()},
                                               {{"JIEBANG_PASSPHRASE", passphrase}});
    REQUIRE(added.exit_code == 0);
    return key_file;
}

struct ConsoleRun {
    std::string endpoint;
    std::string server_key;
    std::filesystem::path key_file;
    std::string screenshots = "end-to-end";  // folder under build/console-screenshots
    std::string size = "1920x1080";
    std::string environment_passphrase;  // JIEBANG_PASSPHRASE, when the console signs in from it
};

inline jiebang::test::ProcessResult run_console(const TempDir& temp, const ConsoleRun& run,
                                                const std::string& script) {
    static int counter = 0;
    const auto script_file = temp / ("console-" + std::to_string(++counter) + ".script");
    std::ofstream(script_file) << script;
    std::vector<std::pair<std::string, std::string>> environment = {{"SDL_VIDEODRIVER", "offscreen"}};
    if (!run.environment_passphrase.empty())
        environment.emplace_back("JIEBANG_PASSPHRASE", run.environment_passphrase);
    return jiebang::test::run_process(
        JIEBANG_CONSOLE_BINARY,
        {"--server", run.endpoint, "--server-key", run.server_key, "--staff-key", run.key_file.string(),
         "--script", script_file.string(), "--screenshots",
         (std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / run.screenshots / run.size).string(),
         "--size", run.size, "--ui-scale", "1", "--assets", JIEBANG_SOURCE_ASSETS_DIR},
        environment);
}

}  // namespace console_test

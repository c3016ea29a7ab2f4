// tests/sync/config_tests.cpp — jiebang-aggregator's command line and configuration file, as an operator
// meets them (the real binary, its exit code and what it says): --help works; a bad number, an unknown
// option or a role it does not know is a usage error (exit 2) naming the option; a --config that names a
// folder, a file over the size bound, or a key holding a number outside its range is an error naming the
// file or the key — never a start on defaults or a silent cast (aggregator_config.hpp invariants 1 and 2).
#include <doctest/doctest.h>

#include "sync/aggregator/aggregator_config.hpp"
#include "sync_test_support.hpp"
#include "tests/support/process.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

jiebang::test::ProcessResult aggregator_with(const std::vector<std::string>& arguments) {
    return jiebang::test::run_process(binary("jiebang-aggregator"), arguments);
}

}  // namespace

TEST_CASE("--help lists the options and exits 0") {
    const auto result = aggregator_with({"--help"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("--data-dir") != std::string::npos);
    CHECK(result.out.find("--window") != std::string::npos);
    CHECK(result.out.find("[1 - 4096]") != std::string::npos);
}

TEST_CASE("bad numbers and unknown options are usage errors (exit 2) naming the option") {
    TempDir temp;
    const std::string data = (temp / "data").string();
    struct Case {
        std::vector<std::string> arguments;
        std::string named;
    };
    const std::vector<Case> cases = {
        {{"--data-dir", data, "--window", "abc"},
         "config.usage --window: expected a whole number from 1 to 4096"},
        {{"--data-dir", data, "--window", "99999999999"}, "config.usage --window:"},
        {{"--data-dir", data, "--batch-max", "0"}, "config.usage --batch-max:"},
        {{"--data-dir", data, "--heartbeat-interval-ms", "-5"}, "--heartbeat-interval-ms"},
        {{"--data-dir", data, "--handshake-timeout-ms", "1.5"}, "config.usage --handshake-timeout-ms:"},
        {{"--data-dir", data, "--role", "town"}, "config.usage --role:"},
        {{"--data-dir", data, "--frobnicate"}, "config.usage --frobnicate:"},
        {{"--listen", "tcp://127.0.0.1:1"}, "config.usage --data-dir: --data-dir is required"},
    };
    for (const Case& test : cases) {
        CAPTURE(test.named);
        const auto result = aggregator_with(test.arguments);
        CHECK(result.exit_code == 2);
        CHECK_MESSAGE(result.error.find(test.named) != std::string::npos, result.error);
    }
    CHECK_FALSE(std::filesystem::exists(temp / "data" / "aggregator.sqlite"));  // nothing started
}

TEST_CASE("a --config that is a folder, too big, or holds an out-of-range number is refused by name") {
    TempDir temp;
    const std::string data = (temp / "data").string();

    const auto folder = aggregator_with({"--data-dir", data, "--config", temp.path().string()});
    CHECK(folder.exit_code == 2);
    CHECK(folder.error.find("config.file " + temp.path().string() + ": not a regular file") !=
          std::string::npos);

    const auto missing = aggregator_with({"--data-dir", data, "--config", (temp / "absent.toml").string()});
    CHECK(missing.exit_code == 2);
    CHECK(missing.error.find("config.file " + (temp / "absent.toml").string()) != std::string::npos);

    const auto big_file = temp / "big.toml";
    {
        std::ofstream out(big_file);
        out << "role = \"county\"\n";
        for (int line = 0; line < 5000; ++line)
            out << "# padding line " << line << " of a configuration file that is far too long\n";
    }
    const auto big = aggregator_with({"--data-dir", data, "--config", big_file.string()});
    CHECK(big.exit_code == 2);
    CHECK(big.error.find("config.file " + big_file.string() + ": larger than 65536 bytes") !=
          std::string::npos);

    struct Case {
        std::string toml;
        std::string named;
    };
    const std::vector<Case> cases = {
        {"window = 99999999999\n", "config.value window: expected a whole number from 1 to 4096"},
        {"batch_max = 0\n", "config.value batch_max:"},
        {"heartbeat_interval_ms = 2000.5\n", "config.value heartbeat_interval_ms:"},
        {"max_clock_ahead_days = \"ten\"\n", "config.value max_clock_ahead_days:"},
        {"[upstream]\nreply_timeout_ms = 4294967296\n", "config.value upstream.reply_timeout_ms:"},
        {"windows = 64\n", "config.key windows:"},
        {"role = 5\n", "config.value role:"},
    };
    for (const Case& test : cases) {
        CAPTURE(test.toml);
        const auto file = temp / "aggregator.toml";
        {
            std::ofstream out(file, std::ios::trunc);
            out << test.toml;
        }
        const auto result = aggregator_with({"--data-dir", data, "--config", file.string()});
        CHECK(result.exit_code == 2);
        CHECK_MESSAGE(result.error.find(test.named) != std::string::npos, result.error);
    }
    CHECK_FALSE(std::filesystem::exists(temp / "data" / "aggregator.sqlite"));  // nothing started
}

TEST_CASE("the shipped example configuration is accepted, and flags override it") {
    TempDir temp;
    const std::string example = std::string(JIEBANG_SOURCE_ASSETS_DIR) + "/config/aggregator.toml";
    auto config = parse_aggregator_arguments(
        {"--data-dir", (temp / "data").string(), "--config", example, "--window", "9"});
    REQUIRE_MESSAGE(config.ok(), config.error().code << " " << config.error().field);
    CHECK(config->window == 9);
    CHECK(config->batch_max == 1024);
    CHECK(config->max_clock_ahead_days == 366);
    CHECK(config->role == "county");
}

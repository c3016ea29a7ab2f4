// tests/sync/startup_refusal_tests.cpp — programs that cannot do their duty safely refuse to start, loudly
// (issue #11 items 5 and 8), shown with the real executables:
//  - a secret key file that group or others can read (mode 0644) is refused by every program that reads
//    one: jiebang-sync-agent and jiebang-aggregator (CURVE key), jiebang-kiosk (Ed25519 receipt key, and its
//    CURVE key for sync), each naming the file and the fix ("chmod 600 <file>"); after chmod 600 the same
//    file is accepted;
//  - jiebang-sync-agent without its assets folder (so it could never purge applicants' contact data after
//    retention) exits 1 at start with sync.assets_unavailable naming the folder, instead of running silently.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "sync_test_support.hpp"
#include "tests/support/process.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

void make_readable_by_others(const std::filesystem::path& file) {
    REQUIRE(::chmod(file.c_str(), 0644) == 0);
}
void make_private(const std::filesystem::path& file) {
    REQUIRE(::chmod(file.c_str(), 0600) == 0);
}

// The refusal names the file and says how to fix it.
void check_names_file_and_fix(const std::string& said, const std::filesystem::path& file) {
    CHECK_MESSAGE(said.find("key.permissions") != std::string::npos, said);
    CHECK_MESSAGE(said.find(file.string()) != std::string::npos, said);
    CHECK_MESSAGE(said.find("chmod 600 " + file.string()) != std::string::npos, said);
}

const std::string some_server_key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

}  // namespace

TEST_CASE("jiebang-sync-agent refuses a CURVE key file that others can read, naming it and the fix") {
    TempDir temp;
    const auto key_file = temp / "terminal.curve";
    REQUIRE(CurveKeyPair::load_or_create(key_file).ok());
    make_readable_by_others(key_file);

    const auto printed = jiebang::test::run_process(binary("jiebang-sync-agent"),
                                                    {"--key-file", key_file.string(), "--print-public-key"});
    CHECK(printed.exit_code == 1);
    CHECK(printed.out.empty());  // no public key printed from a refused file
    check_names_file_and_fix(printed.error, key_file);

    const auto started =
        jiebang::test::run_process(binary("jiebang-sync-agent"),
                                   {"--key-file", key_file.string(), "--store", (temp / "t.sqlite").string(),
                                    "--endpoint", "tcp://127.0.0.1:1", "--server-key", some_server_key});
    CHECK(started.exit_code == 1);
    check_names_file_and_fix(started.error, key_file);
    CHECK_FALSE(std::filesystem::exists(temp / "t.sqlite"));  // it stopped before touching the store

    make_private(key_file);
    const auto accepted = jiebang::test::run_process(binary("jiebang-sync-agent"),
                                                     {"--key-file", key_file.string(), "--print-public-key"});
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.out.size() == 41);  // 40 Z85 characters and a newline
}

TEST_CASE("jiebang-aggregator refuses a CURVE key file that others can read, naming it and the fix") {
    TempDir temp;
    const auto data_dir = temp / "county";
    const auto key_file = data_dir / "curve.key";
    REQUIRE(CurveKeyPair::load_or_create(key_file).ok());
    make_readable_by_others(key_file);

    const auto printed = jiebang::test::run_process(binary("jiebang-aggregator"),
                                                    {"--data-dir", data_dir.string(), "--print-public-key"});
    CHECK(printed.exit_code == 1);
    check_names_file_and_fix(printed.error, key_file);

    const auto started = jiebang::test::run_process(
        binary("jiebang-aggregator"), {"--data-dir", data_dir.string(), "--listen", "tcp://127.0.0.1:*"});
    CHECK(started.exit_code == 1);
    check_names_file_and_fix(started.error, key_file);

    make_private(key_file);
    const auto accepted = jiebang::test::run_process(binary("jiebang-aggregator"),
                                                     {"--data-dir", data_dir.string(), "--print-public-key"});
    CHECK(accepted.exit_code == 0);
}

#ifdef JIEBANG_KIOSK_BINARY
TEST_CASE(
    "jiebang-kiosk refuses a receipt key or a CURVE key file that others can read, naming it and the fix") {
    TempDir temp;
    const auto data_dir = temp / "kiosk";
    const std::vector<std::pair<std::string, std::string>> headless = {{"SDL_VIDEODRIVER", "offscreen"}};
    const std::vector<std::string> common = {"--data-dir", data_dir.string(), "--assets",
                                             JIEBANG_SOURCE_ASSETS_DIR};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> arguments = common;
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        return arguments;
    };

    // First start makes the receipt key (0600); made readable by others, the next start refuses it.
    REQUIRE(
        jiebang::test::run_process(JIEBANG_KIOSK_BINARY, with({"--print-public-key"}), headless).exit_code ==
        0);
    const auto receipt_key = data_dir / "terminal.key";
    make_readable_by_others(receipt_key);
    const auto refused =
        jiebang::test::run_process(JIEBANG_KIOSK_BINARY, with({"--print-public-key"}), headless);
    CHECK(refused.exit_code == 1);
    check_names_file_and_fix(refused.error, receipt_key);
    make_private(receipt_key);

    // The sync key: the kiosk runs (applicants can still file; the outbox keeps everything) but does not
    // use the key, and says which file and what to do.
    const auto curve_key = data_dir / "curve.key";
    REQUIRE(CurveKeyPair::load_or_create(curve_key).ok());
    make_readable_by_others(curve_key);
    const auto script = temp / "one-frame.script";
    std::ofstream(script) << "screenshot home\n";
    const auto ran = jiebang::test::run_process(
        JIEBANG_KIOSK_BINARY,
        with({"--script", script.string(), "--screenshots", (temp / "shots").string(), "--size", "800x600",
              "--sync-endpoint", "tcp://127.0.0.1:1", "--sync-server-key", some_server_key}),
        headless);
    CHECK_MESSAGE(ran.exit_code == 0, ran.error);
    CHECK(ran.error.find("sync not started") != std::string::npos);
    check_names_file_and_fix(ran.error, curve_key);
}
#endif

TEST_CASE("jiebang-sync-agent without its assets folder refuses to start instead of never purging") {
    TempDir temp;
    const auto key_file = temp / "terminal.curve";
    const auto store_file = temp / "terminal.sqlite";
    REQUIRE(CurveKeyPair::load_or_create(key_file).ok());
    const std::vector<std::string> arguments = {
        "--key-file",        key_file.string(), "--store",       store_file.string(), "--endpoint",
        "tcp://127.0.0.1:1", "--server-key",    some_server_key, "--max-seconds",     "1"};
    const auto missing = temp / "no-assets-here";

    // The default folder (JIEBANG_ASSETS) is missing.
    const auto by_environment = jiebang::test::run_process(binary("jiebang-sync-agent"), arguments,
                                                           {{"JIEBANG_ASSETS", missing.string()}});
    CHECK(by_environment.exit_code == 1);
    CHECK_MESSAGE(by_environment.error.find("sync.assets_unavailable") != std::string::npos,
                  by_environment.error);
    CHECK(by_environment.error.find(missing.string()) != std::string::npos);
    CHECK(by_environment.error.find("purged") != std::string::npos);

    // The folder given with --assets is missing.
    std::vector<std::string> with_flag = arguments;
    with_flag.insert(with_flag.end(), {"--assets", missing.string()});
    const auto by_flag = jiebang::test::run_process(binary("jiebang-sync-agent"), with_flag);
    CHECK(by_flag.exit_code == 1);
    CHECK(by_flag.error.find("sync.assets_unavailable") != std::string::npos);
    CHECK(by_flag.error.find(missing.string()) != std::string::npos);

    // With the real folder it starts and runs (until --max-seconds: exit 3, the aggregator is unreachable).
    std::vector<std::string> with_assets = arguments;
    with_assets.insert(with_assets.end(), {"--assets", JIEBANG_SOURCE_ASSETS_DIR});
    const auto started = jiebang::test::run_process(binary("jiebang-sync-agent"), with_assets);
    CHECK_MESSAGE(started.exit_code == 3, started.error);
    CHECK(started.error.find("sync.assets_unavailable") == std::string::npos);
}

// Issue 9 item 7: the agent's arguments through CLI11 — --help lists every option, a bad number from a flag or
// from the TOML file is a usage error (exit 2) naming the option or the key, and nothing is created.
TEST_CASE("jiebang-sync-agent: --help, and bad numbers from flags or its file are usage errors naming them") {
    TempDir temp;
    const auto help = jiebang::test::run_process(binary("jiebang-sync-agent"), {"--help"});
    CHECK(help.exit_code == 0);
    for (const char* option : {"--store", "--key-file", "--endpoint", "--server-key", "--config", "--window",
                               "--retention-days", "--exit-when-drained", "--print-public-key"}) {
        CHECK_MESSAGE(help.out.find(option) != std::string::npos, option);
    }
    const auto key_file = temp / "terminal.curve";
    const std::vector<std::string> base = {
        "--key-file", key_file.string(),   "--store",      (temp / "t.sqlite").string(),
        "--endpoint", "tcp://127.0.0.1:1", "--server-key", some_server_key};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> arguments = base;
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        return jiebang::test::run_process(binary("jiebang-sync-agent"), arguments);
    };
    const auto letters = with({"--window", "abc"});
    CHECK(letters.exit_code == 2);
    CHECK_MESSAGE(letters.error.find("--window") != std::string::npos, letters.error);
    const auto zero = with({"--window", "0"});
    CHECK(zero.exit_code == 2);
    CHECK_MESSAGE(zero.error.find("from 1 to 4096") != std::string::npos, zero.error);
    const auto unknown = with({"--frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK_MESSAGE(unknown.error.find("--frobnicate") != std::string::npos, unknown.error);

    const auto config = temp / "terminal.toml";
    {
        std::ofstream file(config);
        file << "[sync]\nwindow = 0\n";
    }
    const auto from_file = with({"--config", config.string()});
    CHECK(from_file.exit_code == 2);
    CHECK_MESSAGE(from_file.error.find("sync.window") != std::string::npos, from_file.error);
    // A bad value in the file is refused even when a flag would override it: the file is wrong either way.
    CHECK(with({"--config", config.string(), "--window", "8"}).exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(temp / "t.sqlite"));  // no refusal touched the store
}

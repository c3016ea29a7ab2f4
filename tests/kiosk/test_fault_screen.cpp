// tests/kiosk/test_fault_screen.cpp — never a dead screen: the real jiebang-kiosk started on a damaged store,
// with a missing font, and on a full disk (a 512 KiB tmpfs filled up, in a private mount namespace) shows the
// out-of-service screen — the applicant is sent to the window, the attendant reads the cause and the code —
// instead of exiting; the damaged store is left exactly as found. Numbers in brackets are the invariants of
// kiosk/app/fault_runner.hpp.
#include <doctest/doctest.h>

#include "kiosk/app/fault_runner.hpp"
#include "kiosk_test_support.hpp"

using kiosk_test::TemporaryDirectory;

TEST_CASE("[1][2] a damaged store shows the out-of-service screen and is left untouched") {
    TemporaryDirectory data;
    const auto first = kiosk_test::run_kiosk(data.path(), "expect-text 发布技术需求\n");
    REQUIRE_MESSAGE(first.exit_code == 0, first.output);
    // Overwrite the database's header and first pages: SQLite no longer recognises the file.
    const auto database = data.path() / "terminal.sqlite";
    {
        std::fstream file(database, std::ios::in | std::ios::out | std::ios::binary);
        const std::string garbage(8192, '\x5a');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    std::filesystem::remove(data.path() / "terminal.sqlite-wal");
    const std::string damaged = kiosk_test::read_file(database);
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
expect-text 本机暂停服务
expect-text 请到服务窗口找工作人员办理
expect-text 本机数据库文件无法打开或已损坏
expect-text store.corrupt
expect-no-text 发布技术需求
screenshot fault-store
)");
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    kiosk_test::keep_screenshots(data.path());
    CHECK(kiosk_test::read_file(database) == damaged);
    CHECK(std::filesystem::file_size(data.path() / "shots" / "fault-store.png") > 10000);
    // There is nothing to tap on the fault screen: a script that tries fails, naming the line.
    const auto tap = kiosk_test::run_kiosk(data.path(), "tap home.demand\n");
    CHECK(tap.exit_code == 1);
    CHECK(tap.output.find("line 1") != std::string::npos);
}

TEST_CASE("a missing font shows the out-of-service screen in a font the system has") {
    TemporaryDirectory data;
    // The shipped assets, except that fonts.json names a file that is not there.
    const auto assets = data.path() / "assets";
    std::filesystem::copy(JIEBANG_SOURCE_ASSETS_DIR, assets, std::filesystem::copy_options::recursive);
    std::string fonts = kiosk_test::read_file(assets / "fonts.json");
    const std::string shipped = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    const auto at = fonts.find(shipped);
    REQUIRE(at != std::string::npos);
    fonts.replace(at, shipped.size(), "/usr/share/fonts/missing/NotoSansCJK-Regular.ttc");
    std::ofstream(assets / "fonts.json", std::ios::trunc) << fonts;
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
expect-text 本机暂停服务
expect-text 屏幕需要的字体文件缺失或无法读取
expect-text fonts.missing_file
screenshot fault-font
)",
                                           "--assets " + kiosk_test::quote(assets.string()));
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    CHECK(run.output.find("/usr/share/fonts/missing/NotoSansCJK-Regular.ttc") != std::string::npos);
    kiosk_test::keep_screenshots(data.path());
}

TEST_CASE("a full disk at start shows the out-of-service screen naming the full disk") {
    if (std::system("unshare -m true > /dev/null 2>&1") != 0) {
        MESSAGE("no private mount namespace here (needs root): skipped");
        return;
    }
    TemporaryDirectory scratch;
    const auto data = scratch.path() / "data";
    const auto shots = scratch.path() / "shots";
    std::filesystem::create_directories(data);
    const auto script = scratch.path() / "full.script";
    std::ofstream(script)
        << "expect-text 本机暂停服务\nexpect-text 本机存储空间已满\nexpect-text store.disk_full\n"
           "screenshot fault-disk\n";
    // A 512 KiB tmpfs over the data folder, filled to the last byte before the terminal starts.
    const std::string inner = "mount -t tmpfs -o size=512k tmpfs " + kiosk_test::quote(data.string()) +
                              " && (dd if=/dev/zero of=" + kiosk_test::quote((data / "filler").string()) +
                              " bs=4k > /dev/null 2>&1; true) && SDL_VIDEODRIVER=offscreen " +
                              kiosk_test::quote(JIEBANG_KIOSK_BINARY) + " --data-dir " +
                              kiosk_test::quote(data.string()) + " --assets " +
                              kiosk_test::quote(JIEBANG_SOURCE_ASSETS_DIR) + " --script " +
                              kiosk_test::quote(script.string()) + " --screenshots " +
                              kiosk_test::quote(shots.string()) + " --size 1920x1080";
    const auto run = kiosk_test::run_command("unshare -m sh -c " + kiosk_test::quote(inner),
                                             scratch.path() / "output.txt");
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    CHECK(std::filesystem::exists(shots / "fault-disk.png"));
    const char* target = std::getenv("JIEBANG_KIOSK_SCREENSHOT_DIR");
    if (target != nullptr && target[0] != '\0' && std::filesystem::exists(shots / "fault-disk.png")) {
        std::filesystem::copy_file(shots / "fault-disk.png", std::filesystem::path(target) / "fault-disk.png",
                                   std::filesystem::copy_options::overwrite_existing);
    }
}

TEST_CASE("fault causes: a write failure on a nearly full disk is the disk - store, fonts and data by code") {
    using jiebang::Error;
    using jiebang::kiosk::fault_cause;
    CHECK(fault_cause(Error("store.disk_full", "", ""), std::nullopt) == "disk");
    CHECK(fault_cause(Error("key.cannot_write", "", ""), 4096) == "disk");
    CHECK(fault_cause(Error("key.cannot_write", "", ""), std::uint64_t{1} << 34) == "data");
    CHECK(fault_cause(Error("store.corrupt", "", ""), std::uint64_t{1} << 34) == "store");
    CHECK(fault_cause(Error("fonts.missing_file", "", ""), std::nullopt) == "fonts");
    CHECK(fault_cause(Error("strings.parse", "", ""), std::nullopt) == "assets");
    CHECK(fault_cause(Error("something.else", "", ""), std::nullopt) == "other");
}

// tests/kiosk/test_journeys.cpp — whole applicant journeys through the real jiebang-kiosk under SDL's
// offscreen driver: a demand ending in a receipt whose QR (read back from the screenshot by zbarimg) verifies
// with the terminal's public key; the idle wipe; invalid input blocking Next and Submit; a bid from a seeded
// board; progress lookup; the admin PIN; one run under Xvfb.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "kiosk_test_support.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/store/terminal_store.hpp"

using kiosk_test::TemporaryDirectory;

namespace {

std::array<unsigned char, 32> terminal_public_key(const std::filesystem::path& data_directory) {
    std::string text = kiosk_test::read_file(data_directory / "terminal.pub");
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    auto key = jiebang::parse_public_key(text);
    REQUIRE_MESSAGE(key.ok(), "terminal.pub does not hold a public key: " << text);
    return key.value();
}

// Decodes the receipt QR from a screenshot and checks the signature; returns the receipt number.
std::string verified_receipt_number(const std::filesystem::path& data_directory,
                                    const std::string& screenshot) {
    const auto payload =
        kiosk_test::decode_qr(data_directory / "shots" / (screenshot + ".png"), data_directory);
    REQUIRE_MESSAGE(!payload.empty(), "zbarimg found no QR code in " << screenshot << ".png");
    auto receipt = jiebang::parse_qr_payload(payload);
    REQUIRE_MESSAGE(receipt.ok(), "QR payload does not parse: " << payload);
    CHECK(jiebang::verify_receipt(receipt.value(), terminal_public_key(data_directory)).ok());
    return receipt.value().number.text();
}

}  // namespace

TEST_CASE("a demand journey ends on a receipt whose QR verifies with the terminal's key") {
    TemporaryDirectory data;
    const auto run =
        kiosk_test::run_kiosk(data.path(), kiosk_test::demand_steps + R"(
screenshot demand-review
tap review.submit
expect-text 提交成功
expect-text 回执编号
expect-text JM-03-001-
screenshot demand-receipt
tap receipt.print
expect-text 回执已打印
tap receipt.done
expect-text 发布技术需求
expect-no-text 高精度焊缝视觉识别系统
)",
                              "--printer " + kiosk_test::quote((data.path() / "printer.escpos").string()));
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    const std::string number = verified_receipt_number(data.path(), "demand-receipt");
    CHECK(number.rfind("JM-03-001-", 0) == 0);

    // The receipt is in the store and committed: the outbox has it pending, the progress lookup finds it.
    auto store = jiebang::store::TerminalStore::open(data.path() / "terminal.sqlite");
    REQUIRE(store.ok());
    auto counts = store.value().outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts.value().pending == 1);
    auto parsed = jiebang::ReceiptNumber::parse(number);
    REQUIRE(parsed.ok());
    auto progress = store.value().progress(parsed.value());
    REQUIRE(progress.ok());
    REQUIRE(progress.value().has_value());
    CHECK(progress.value()->title == "高精度焊缝视觉识别系统");

    // The printer file holds an ESC/POS receipt with the number and a raster image (GS v 0).
    const std::string printed = kiosk_test::read_file(data.path() / "printer.escpos");
    CHECK(printed.find(number) != std::string::npos);
    CHECK(printed.find("\x1d\x76\x30") != std::string::npos);

    // The same number, typed at the terminal (lower case, no dashes), finds the submission.
    std::string typed;
    for (char character : number) {
        if (character != '-')
            typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(character))));
    }
    const auto lookup =
        kiosk_test::run_kiosk(data.path(), "tap home.progress\ntap progress.number\ntype " + typed +
                                               "\ntap progress.lookup\nexpect-text 已提交，保存在本机\n"
                                               "expect-text 高精度焊缝视觉识别系统\nscreenshot progress\n");
    CHECK_MESSAGE(lookup.exit_code == 0, lookup.output);
    kiosk_test::keep_screenshots(data.path());
}

TEST_CASE("the idle wipe leaves nothing of the previous applicant on screen or in the next session") {
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
tap home.demand
tap field.consent_personal_data
tap wizard.next
tap field.issuer_name
type 独一无二测试企业甲
tap field.issuer_uscc
type 91440703MA4U111142
expect-text 独一无二测试企业甲
idle 125
expect-text 您还在吗
expect-text 独一无二测试企业甲
screenshot idle-warning
idle 31
expect-no-text 您还在吗
expect-text 发布技术需求
expect-no-text 独一无二测试企业甲
expect-no-text 91440703MA4U111142
tap home.demand
expect-no-text 独一无二测试企业甲
tap field.consent_personal_data
tap wizard.next
expect-widget field.issuer_name
expect-no-text 独一无二测试企业甲
expect-no-text 91440703MA4U111142
)",
                                           "--idle-warning 120 --idle-countdown 30");
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    kiosk_test::keep_screenshots(data.path());
}

TEST_CASE("a touch during the idle warning keeps the session") {
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
tap home.demand
tap field.consent_personal_data
tap wizard.next
tap field.issuer_name
type 保留测试企业乙
idle 125
expect-text 您还在吗
tap idle.continue
expect-no-text 您还在吗
idle 20
expect-text 保留测试企业乙
)",
                                           "--idle-warning 120 --idle-countdown 30");
    CHECK_MESSAGE(run.exit_code == 0, run.output);
}

TEST_CASE("invalid input shows its error beside the field and blocks Next and Submit") {
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), kiosk_test::demand_steps + R"(
tap review.edit.contact
tap field.contact_mobile
key backspace
key backspace
key backspace
tap wizard.review
tap review.submit
expect-text 还有内容需要修改
expect-no-text 提交成功
tap review.edit.unit
tap field.issuer_uscc
key backspace
type 3
tap wizard.next
expect-text 请按红色提示处理
expect-text 单位信息
screenshot demand-invalid
)");
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    kiosk_test::keep_screenshots(data.path());
    auto store = jiebang::store::TerminalStore::open(data.path() / "terminal.sqlite");
    REQUIRE(store.ok());
    auto counts = store.value().outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts.value().pending == 0);
}

TEST_CASE("a commit that fails keeps every value and tells the applicant what to do") {
    TemporaryDirectory data;
    const auto first_start = kiosk_test::run_kiosk(data.path(), "expect-text 发布技术需求\n");
    REQUIRE_MESSAGE(first_start.exit_code == 0, first_start.output);
    // Another connection holds the write lock: the terminal's commit cannot happen (store.busy).
    sqlite3* blocker = nullptr;
    REQUIRE(sqlite3_open((data.path() / "terminal.sqlite").c_str(), &blocker) == SQLITE_OK);
    REQUIRE(sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto run =
        kiosk_test::run_kiosk(data.path(), kiosk_test::demand_steps + R"(
tap review.submit
expect-text 本机正忙
expect-text 您填写的内容都还在
expect-no-text 提交成功
expect-text 高精度焊缝视觉识别系统
expect-text 91440703MA4U111142
screenshot submit-failed
)",
                              "--store-busy-timeout-ms 100");  // store.busy at once, not after 5 s
    sqlite3_exec(blocker, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(blocker);
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    auto store = jiebang::store::TerminalStore::open(data.path() / "terminal.sqlite");
    REQUIRE(store.ok());
    auto counts = store.value().outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts.value().pending == 0);
    kiosk_test::keep_screenshots(data.path());
}

TEST_CASE("a failed expectation stops the run with a message naming the line") {
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), "expect-text 这段文字不在屏幕上\n");
    CHECK(run.exit_code == 1);
    CHECK(run.output.find("line 1") != std::string::npos);
    const auto missing = kiosk_test::run_kiosk(data.path(), "tap no.such.widget\n");
    CHECK(missing.exit_code == 1);
    CHECK(missing.output.find("no.such.widget") != std::string::npos);
    CHECK(missing.output.find("home.demand") != std::string::npos);  // lists what is on screen
}

TEST_CASE("a bid journey starts from the board and ends on a verified receipt") {
    TemporaryDirectory data;
    {
        auto store = jiebang::store::TerminalStore::open(data.path() / "terminal.sqlite");
        REQUIRE(store.ok());
        jiebang::Board board;
        board.version = 3;
        board.profile_id = "jiangmen";
        jiebang::Listing robots;
        robots.id = "JM-2026-001";
        robots.profile_id = "jiangmen";
        robots.title = "焊缝视觉识别攻关";
        robots.industry_id = "intelligent_robots";
        robots.mechanism = "single";
        robots.issuer_name = "江门示例装备有限公司";
        robots.issuer_kind = "enterprise";
        robots.problem = "强反光环境下焊缝误检率高。";
        robots.targets = "误检率低于0.5%。";
        robots.bounty_wan = "300";
        robots.deadline = "2027-06-30";
        jiebang::Listing materials = robots;
        materials.id = "JM-2026-002";
        materials.title = "高导热陶瓷基板";
        materials.industry_id = "advanced_materials";
        materials.problem = "大功率器件散热不足。";
        materials.targets = "热导率不低于200 W/(m·K)。";
        board.listings = {robots, materials};
        board.hash_hex = jiebang::board_hash_hex(board);
        REQUIRE(store.value().replace_board(board).ok());
    }
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
tap home.bid
expect-text 焊缝视觉识别攻关
expect-text 高导热陶瓷基板
screenshot board
tap board.filter.advanced_materials
expect-no-text 焊缝视觉识别攻关
tap board.filter.all
tap board.search
type 焊缝
expect-no-text 高导热陶瓷基板
tap board.listing.JM-2026-001
expect-text 强反光环境下焊缝误检率高
screenshot listing
tap listing.bid
tap field.consent_personal_data
tap wizard.next
expect-text 焊缝视觉识别攻关
tap wizard.next
tap field.solver_name
type 江门示例智能科技有限公司
tap field.solver_uscc
type 91440703MA4U111142
tap field.solver_kind.enterprise
tap wizard.next
tap field.team_name
type 视觉攻关一队
tap field.team_lead_name
type 王晓红
tap field.contact_mobile
type 13900139000
tap field.contact_email
type wang@example.com
tap wizard.next
tap field.feasible_plan
type 采用偏振成像与深度学习融合的方法。
tap field.technical_approach
type 多光谱采集，轻量网络部署在产线工控机。
tap field.milestones.add
type 第6个月完成样机
tap field.own_ip
type 已有发明专利2项。
screenshot bid-plan
tap wizard.next
tap field.declaration_not_affiliated
tap field.credit_declaration
tap wizard.next
expect-text 检查并提交
tap review.submit
expect-text 提交成功
expect-text 焊缝视觉识别攻关
screenshot bid-receipt
)");
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    verified_receipt_number(data.path(), "bid-receipt");
    kiosk_test::keep_screenshots(data.path());
}

TEST_CASE("admin mode opens only with the PIN and shows the terminal's state") {
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.corner
expect-text 请输入管理密码
tap admin.pin.1
tap admin.pin.2
tap admin.pin.3
tap admin.pin.4
tap admin.pin.ok
expect-text 密码不对
expect-no-text 440703-001
tap admin.pin.2
tap admin.pin.4
tap admin.pin.6
tap admin.pin.8
tap admin.pin.1
tap admin.pin.0
tap admin.pin.ok
expect-text 440703-001
expect-text 待上传0份
screenshot admin
tap admin.test_print
expect-text 测试页
tap admin.close
expect-text 发布技术需求
screenshot home
tap home.policy
expect-text 资助
screenshot policy
)");
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    kiosk_test::keep_screenshots(data.path());
}

TEST_CASE("the terminal runs under Xvfb and renders Chinese") {
    if (std::system("command -v xvfb-run > /dev/null 2>&1") != 0) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), "expect-text 发布技术需求\nscreenshot home-xvfb\n",
                                           "", "SDL_VIDEODRIVER=x11 xvfb-run -a -s '-screen 0 1920x1080x24'");
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    CHECK(run.output.find("x11") != std::string::npos);
    CHECK(std::filesystem::file_size(data.path() / "shots" / "home-xvfb.png") > 10000);
}

// Issue 5's journey on the real terminal: no physical keyboard, only taps on the on-screen keys. The
// candidate bar is closed before the last check, so the text found is the field's value, not a candidate.
TEST_CASE("an applicant types 中国 with pinyin taps on the on-screen keyboard") {
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
tap home.demand
tap field.consent_personal_data
tap wizard.next
expect-no-text 中国
tap field.issuer_name
expect-widget kb.layout.latin
tap kb.key.z
tap kb.key.h
tap kb.key.o
tap kb.key.n
tap kb.key.g
tap kb.key.g
tap kb.key.u
tap kb.key.o
expect-widget kb.candidate.0
tap kb.candidate.0
tap kb.close
expect-text 中国
screenshot pinyin-typed
tap wizard.back
tap wizard.next
expect-text 中国
)");
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
}

TEST_CASE("a first start shows the PIN set-up - the PIN set there opens the admin page after a restart") {
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
expect-text 设置管理密码
expect-no-text 发布技术需求
screenshot setup-pin
tap setup.pin.1
tap setup.pin.3
tap setup.pin.5
tap setup.pin.7
tap setup.pin.9
tap setup.pin.0
tap setup.pin.ok
expect-text 请再输入一次
tap setup.pin.1
tap setup.pin.3
tap setup.pin.5
tap setup.pin.7
tap setup.pin.9
tap setup.pin.0
tap setup.pin.ok
expect-text 发布技术需求
)",
                                           "", "SDL_VIDEODRIVER=offscreen", true);
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    kiosk_test::keep_screenshots(data.path());
    CHECK(kiosk_test::read_file(data.path() / "admin-pin").rfind("$argon2id$", 0) == 0);
    const auto again = kiosk_test::run_kiosk(data.path(), R"(
expect-text 发布技术需求
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.pin.1
tap admin.pin.3
tap admin.pin.5
tap admin.pin.7
tap admin.pin.9
tap admin.pin.0
tap admin.pin.ok
expect-text 440703-001
)");
    CHECK_MESSAGE(again.exit_code == 0, again.output);
}

TEST_CASE(
    "no admin PIN on the command line, in a config file or in the shipped files - --set-admin-pin reads "
    "standard input") {
    TemporaryDirectory data;
    const auto refused = kiosk_test::run_command(kiosk_test::quote(JIEBANG_KIOSK_BINARY) + " --data-dir " +
                                                     kiosk_test::quote(data.path().string()) +
                                                     " --admin-pin 246810 --print-public-key",
                                                 data.path() / "refused.txt");
    CHECK(refused.exit_code == 2);
    CHECK(refused.output.find("--set-admin-pin") != std::string::npos);
    std::ofstream(data.path() / "kiosk.toml") << "[kiosk]\nadmin_pin = \"246810\"\n";
    const auto config = kiosk_test::run_command(
        kiosk_test::quote(JIEBANG_KIOSK_BINARY) + " --data-dir " + kiosk_test::quote(data.path().string()) +
            " --config " + kiosk_test::quote((data.path() / "kiosk.toml").string()) + " --print-public-key",
        data.path() / "config.txt");
    CHECK(config.exit_code == 2);
    CHECK(config.output.find("kiosk.admin_pin") != std::string::npos);

    const auto stored = kiosk_test::run_command("echo 97531864 | " + kiosk_test::quote(JIEBANG_KIOSK_BINARY) +
                                                    " --data-dir " + kiosk_test::quote(data.path().string()) +
                                                    " --set-admin-pin",
                                                data.path() / "stored.txt");
    REQUIRE_MESSAGE(stored.exit_code == 0, stored.output);
    const std::string hash = kiosk_test::read_file(data.path() / "admin-pin");
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find("97531864") == std::string::npos);
    const auto short_pin =
        kiosk_test::run_command("echo 123 | " + kiosk_test::quote(JIEBANG_KIOSK_BINARY) + " --data-dir " +
                                    kiosk_test::quote(data.path().string()) + " --set-admin-pin",
                                data.path() / "short.txt");
    CHECK(short_pin.exit_code == 1);
    CHECK(short_pin.output.find("admin.pin_format") != std::string::npos);
    CHECK(kiosk_test::read_file(data.path() / "admin-pin") == hash);  // the old PIN is kept

    // The unit, the example configuration and the docs carry no PIN and no PIN option.
    const std::filesystem::path source = std::filesystem::path(JIEBANG_SOURCE_ASSETS_DIR).parent_path();
    for (const auto& shipped : {source / "platform" / "systemd" / "jiebang-kiosk.service",
                                source / "assets" / "config" / "terminal.toml",
                                source / "docs" / "terminal.md", source / "README.md"}) {
        CAPTURE(shipped);
        const std::string text = kiosk_test::read_file(shipped);
        REQUIRE_FALSE(text.empty());
        CHECK(text.find("--admin-pin") == std::string::npos);
        CHECK(text.find("admin_pin") == std::string::npos);
        CHECK(text.find("246810") == std::string::npos);
    }
}

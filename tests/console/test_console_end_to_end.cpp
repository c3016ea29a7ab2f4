// tests/console/test_console_end_to_end.cpp — the real jiebang-console process, headless under SDL's
// offscreen driver, against a real county jiebang-aggregator started with --staff-listen, a staff member added
// with the real `jiebang staff add`, and demands filed by a real terminal store and uploaded by its real sync
// agent. The console signs in with the sealed key, screens the demands, accepts one and returns one (a
// template reason, confirmed with Ctrl+Enter); the test then reads the aggregator's store and audit trail and
// the terminal's progress lookup. A wrong passphrase and a revoked key are refused on screen in words.
#include <doctest/doctest.h>

#include <ctime>
#include <fstream>

#include <sodium.h>

#include "console/app/console_application.hpp"
#include "console/app/console_runner.hpp"
#include "console/model/channel_staff_service.hpp"
#include "console_process_support.hpp"
#include "platform/display/display.hpp"
#include "platform/script/frame_record.hpp"
#include "shared/base/version.hpp"
#include "shared/store/terminal_conditions.hpp"
#include "shared/text/strings.hpp"
#include "sync/aggregator/project_stages.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;

namespace {

const std::string passphrase = "county-clerk-2026";

// A county aggregator with a staff endpoint, one enrolled terminal and one reviewer.
struct CountyWithStaff {
    TempDir temp;
    Aggregator county{temp, "county", "county"};
    Terminal terminal{temp, 7};
    std::filesystem::path reviewer_key = temp / "li-ming.key";

    CountyWithStaff() {
        terminal.enroll(county);
        auto added = jiebang_cli({"staff", "add", "--store", county.store(), "--name", "李明", "--role",
                                  "reviewer", "--key-out", reviewer_key.string()},
                                 {{"JIEBANG_PASSPHRASE", passphrase}});
        REQUIRE(added.exit_code == 0);
        county.start({"--staff-listen", "tcp://127.0.0.1:*", "--area-code", "440703"});
    }

    std::string file(const std::string& title) {
        return terminal.commit(Terminal::demand(title)).receipt.number.text();
    }

    // Runs the console on `script` as the reviewer; screenshots into build/console-screenshots/end-to-end.
    jiebang::test::ProcessResult run_console(const std::string& script, const std::string& size = "1920x1080",
                                             const std::string& environment_passphrase = {}) {
        console_test::ConsoleRun run;
        run.endpoint = console_test::staff_endpoint(county);
        run.server_key = county.keys().public_key;
        run.key_file = reviewer_key;
        run.size = size;
        run.environment_passphrase = environment_passphrase;
        return console_test::run_console(temp, run, script);
    }
};

}  // namespace

TEST_CASE(
    "console end to end: a county reviewer signs in, accepts one demand and returns one - store, audit trail "
    "and the applicant's terminal agree") {
    CountyWithStaff county;
    const std::string accepted = county.file("高精度伺服系统温漂补偿");
    const std::string returned = county.file("陶瓷基板激光切割工艺");
    const std::string untouched = county.file("农产品冷链温控");
    county.terminal.start_agent(county.county);
    REQUIRE_MESSAGE(
        wait_until([&] { return county.county.count("SELECT count(*) FROM submissions") == 3; }, 60),
        county.county.log() << county.terminal.agent_log());

    auto strings = StringCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(strings.ok());
    const std::string reason = strings->text("console.reason.return.1");
    const std::string script = R"(
expect-text 登录工作台
tap signin.passphrase
type )" + passphrase + R"(
key enter
expect-text 共 3 件
expect-text 李明（staff-0001，审核员）
expect-text 蓬江区科技局
expect-text 在线
expect-text 待审 3
screenshot inbox
tap inbox.search
type 温漂
key enter
expect-text 共 1 件
tap inbox.row.)" + accepted + R"(
expect-text 高精度伺服系统温漂补偿
expect-text 本机重算内容哈希，与回执一致
expect-text 万元
screenshot detail
tap detail.accept
expect-text 确认受理
expect-text )" + accepted + R"(
tap dialog.confirm
expect-text 已受理 )" + accepted +
                               R"(
expect-text 李明（staff-0001）受理
key escape
tap filter.clear
expect-text 共 3 件
tap inbox.row.)" + returned + R"(
expect-text 陶瓷基板激光切割工艺
key r
tap dialog.confirm
expect-text 请填写理由
tap dialog.template.1
key ctrl+enter
expect-text 已退回 )" + returned +
                               R"(
expect-text 理由：)" + reason + R"(
screenshot detail-returned
key escape
expect-text 已受理 1
expect-text 已退回 1
expect-text 待审 1
screenshot inbox-after
)";
    auto run = county.run_console(script);
    INFO(run.error);
    REQUIRE(run.exit_code == 0);

    // The aggregator's store holds both decisions, with the reason the applicant reads.
    CHECK(column(county.county, accepted, "review_stage") == "accepted");
    CHECK(column(county.county, returned, "review_stage") == "returned");
    CHECK(column(county.county, returned, "review_reason") == reason);
    CHECK(column(county.county, untouched, "review_stage") == "received");
    // The audit trail names the reviewer for each action and for each read of personal data.
    CHECK(county.county.count(
              "SELECT count(*) FROM audit WHERE staff_id = 'staff-0001' AND action = 'accept' AND "
              "target = '" +
              accepted + "'") == 1);
    CHECK(county.county.count(
              "SELECT count(*) FROM audit WHERE staff_id = 'staff-0001' AND action = 'return' AND "
              "target = '" +
              returned + "'") == 1);
    CHECK(county.county.count(
              "SELECT count(*) FROM audit WHERE staff_id = 'staff-0001' AND action = 'read'") >= 2);
    // The applicant's terminal learns both (its agent pulls the status entries).
    REQUIRE_MESSAGE(
        wait_until([&] { return progress(county.terminal, returned) == "returned|" + reason; }, 60),
        progress(county.terminal, returned) << "\n"
                                            << county.terminal.agent_log());
    CHECK(wait_until([&] { return progress(county.terminal, accepted) == "accepted|"; }, 60));
}

TEST_CASE(
    "console end to end: a wrong passphrase and a revoked key are refused in words, and nothing is read") {
    CountyWithStaff county;
    county.file("高精度伺服系统温漂补偿");
    auto strings = StringCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(strings.ok());
    const auto reads_before = county.county.count("SELECT count(*) FROM audit WHERE action = 'read'");
    auto wrong = county.run_console(R"(
tap signin.passphrase
type not-the-passphrase
key enter
expect-text 口令打不开密钥文件
expect-no-text 共 
screenshot wrong-passphrase
)");
    INFO(wrong.error);
    CHECK(wrong.exit_code == 0);

    auto revoked = jiebang_cli({"staff", "revoke", "--store", county.county.store(), "--id", "staff-0001"});
    REQUIRE(revoked.exit_code == 0);
    // The refusal comes from the aggregator's ZAP answer (status 400), reported by the client's socket monitor.
    const std::string refused = strings->message(Error("staff_channel.refused", "").with("status", "400"));
    auto run = county.run_console(R"(
tap signin.passphrase
type )" + passphrase + R"(
key enter
expect-text )" + refused.substr(0, refused.find("（")) +
                                  R"(
expect-text 登录工作台
screenshot revoked-key
)");
    INFO(run.error);
    CHECK(run.exit_code == 0);
    CHECK(county.county.count("SELECT count(*) FROM audit WHERE action = 'read'") == reads_before);
}

TEST_CASE(
    "console end to end: scripts/run's demo reviewer signs in from JIEBANG_PASSPHRASE - a lock clears the "
    "screen") {
    CountyWithStaff county;
    const std::string receipt = county.file("焊缝视觉识别");
    county.terminal.start_agent(county.county);
    REQUIRE_MESSAGE(
        wait_until([&] { return county.county.count("SELECT count(*) FROM submissions") == 1; }, 60),
        county.county.log() << county.terminal.agent_log());
    // No text field is ever touched: the lock must still wipe ImGui's (empty) text state safely.
    auto run = county.run_console(R"(
expect-text 共 1 件
expect-text 焊缝视觉识别
expect-text )" + receipt + R"(
key j
key enter
expect-text 回执校验
tap nav.lock
expect-text 工作台已锁定
expect-no-text 焊缝视觉识别
expect-no-text 李明
screenshot locked-after-demo
)",
                                  "1366x768", passphrase);
    INFO(run.error);
    CHECK(run.exit_code == 0);
}

TEST_CASE("console end to end: a demand filed while the inbox is open appears without a reload (the poll)") {
    CountyWithStaff county;
    county.file("高精度伺服系统温漂补偿");
    county.terminal.start_agent(county.county);
    REQUIRE(wait_until([&] { return county.county.count("SELECT count(*) FROM submissions") == 1; }, 60));
    REQUIRE(sodium_init() >= 0);
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    auto catalogues = console::ConsoleCatalogues::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(catalogues.ok());
    console::ConsoleOptions options;
    options.server_endpoint = console_test::staff_endpoint(county.county);
    options.server_public_key = county.county.keys().public_key;
    options.staff_key_file = county.reviewer_key;
    options.ui_scale = 1;
    options.poll_seconds = 2;
    platform::DisplayOptions display_options;
    display_options.fullscreen = false;
    auto display = platform::Display::open(display_options);
    REQUIRE(display.ok());
    console::ConsoleApplication application(**catalogues, options,
                                            console::model::make_channel_staff_service_factory());
    console::ConsoleRunner runner(application, **display, options);
    REQUIRE(runner.prepare().ok());
    auto signed_in = platform::parse_script(
        "tap signin.passphrase\ntype " + passphrase + "\nkey enter\nexpect-text 共 1 件\n", "test",
        console::console_script_key_names());
    REQUIRE(signed_in.ok());
    REQUIRE(runner.run_script(*signed_in, {}) == 0);
    CHECK(application.state().inbox.new_arrivals == 0);

    // The applicant files a second demand; the agent uploads it while the console shows the inbox.
    const std::string later = county.file("陶瓷基板激光切割工艺");
    REQUIRE(wait_until([&] { return county.county.count("SELECT count(*) FROM submissions") == 2; }, 60));
    runner.measure_frames(150, 0, nullptr);  // 2.5 s on the console's clock: one poll
    REQUIRE(runner.settle_for_bench().ok());
    const auto& inbox = application.state().inbox;
    CHECK(inbox.total == 2);
    CHECK(inbox.new_arrivals == 1);
    REQUIRE(inbox.row_at(0) != nullptr);
    CHECK(inbox.row_at(0)->receipt_number == later);
    CHECK(platform::FrameRecord::current().text_visible(later));
    CHECK(platform::FrameRecord::current().text_visible("新到 1 件"));
}

TEST_CASE(
    "console end to end: a corrected resubmission opens beside the filing it corrects with the changes "
    "marked") {
    CountyWithStaff county;
    auto original = county.terminal.commit(Terminal::demand("陶瓷基板激光切割工艺"));
    const std::string original_number = original.receipt.number.text();
    county.terminal.start_agent(county.county);
    REQUIRE_MESSAGE(
        wait_until([&] { return county.county.count("SELECT count(*) FROM submissions") == 1; }, 60),
        county.county.log() << county.terminal.agent_log());
    REQUIRE(jiebang_cli({"submissions", "return", "--store", county.county.store(), original_number,
                         "--reason", "项目名称请写明工艺对象"})
                .exit_code == 0);
    // The applicant corrects the project name at the terminal; the resubmission names the returned filing.
    Submission corrected = Terminal::demand("氮化铝陶瓷基板激光切割工艺");
    corrected.resubmission_of = original.submission.id;
    const std::string corrected_number = county.terminal.commit(corrected).receipt.number.text();
    REQUIRE_MESSAGE(
        wait_until([&] { return county.county.count("SELECT count(*) FROM submissions") == 2; }, 60),
        county.county.log() << county.terminal.agent_log());
    REQUIRE(county.county.count("SELECT count(*) FROM submissions WHERE receipt_number = '" +
                                original_number + "' AND review_stage = 'resubmitted'") == 1);

    const std::string script = R"(
tap signin.passphrase
type )" + passphrase + R"(
key enter
expect-text 共 2 件
tap inbox.row.)" + corrected_number +
                               R"(
expect-text 修订记录
expect-text 第 1 版  )" + original_number +
                               R"(
expect-text 第 2 版  )" + corrected_number +
                               R"(
expect-text 项目名称请写明工艺对象
expect-text 与第 1 版对照：改动 1 项
expect-text 陶瓷基板激光切割工艺
expect-text 氮化铝陶瓷基板激光切割工艺
screenshot detail-revisions
tap revisions.open.)" + original_number +
                               R"(
expect-text 第 2 版  )" + corrected_number +
                               R"(
expect-no-text 与第 1 版对照
quit
)";
    const auto result = county.run_console(script, "1366x768");
    CHECK_MESSAGE(result.exit_code == 0, result.out << result.error);
    // Both filings were read to show them side by side: each read is on the record (backoffice invariant 3).
    for (const std::string& number : {original_number, corrected_number}) {
        CHECK(county.county.count("SELECT count(*) FROM audit WHERE action = 'read' AND target = '" + number +
                                  "' AND staff_id = 'staff-0001'") >= 1);
    }
}

TEST_CASE("console end to end: a terminal's attendant call shows highlighted in the fleet view") {
    CountyWithStaff county;
    {
        // The applicant pressed 呼叫工作人员 (the kiosk keeps the call in its store; the sync agent reports it to
        // the county with TERMINAL-CONDITION, docs/protocol.md 19).
        auto store = county.terminal.open_store();
        REQUIRE(store::raise_attendant_call(store.database(), static_cast<std::int64_t>(std::time(nullptr)))
                    .ok());
    }
    county.terminal.start_agent(county.county);
    REQUIRE_MESSAGE(wait_until(
                        [&] {
                            return county.county.count(
                                       "SELECT count(*) FROM terminal_conditions WHERE call_since > 0") == 1;
                        },
                        60),
                    county.county.log() << county.terminal.agent_log());
    const std::string script = R"(
tap signin.passphrase
type )" + passphrase + R"(
key enter
tap nav.fleet
expect-text 终端状况
expect-text 呼叫工作人员（
screenshot fleet-call
quit
)";
    const auto result = county.run_console(script, "1366x768");
    CHECK_MESSAGE(result.exit_code == 0, result.out << result.error);
}

// docs/protocol.md 19.3: the county keeps the version of each node's last HELLO; a terminal still on an older
// release is marked in the fleet view (amber, with the newest named) and in `jiebang terminal list`.
TEST_CASE("console end to end: a terminal on an older release is marked in the fleet view and the CLI") {
    CountyWithStaff county;
    county.terminal.start_agent(county.county);  // says HELLO with this build's version
    Terminal older(county.temp, 8);
    older.enroll(county.county);
    sync::ZmqContext context;
    sync::test::RawClient client(context, older.curve(), county.county);
    const auto welcome = client.request(sync::Hello{sync::NodeKind::Terminal, "0.0.9", 0, 0});
    REQUIRE(welcome.has_value());
    REQUIRE(std::holds_alternative<sync::Welcome>(welcome->body));
    REQUIRE_MESSAGE(
        wait_until([&] { return county.county.count("SELECT count(*) FROM node_software") == 2; }, 60),
        county.county.log() << county.terminal.agent_log());
    CHECK(county.county.count("SELECT count(*) FROM node_software WHERE node_id = '440703-008' AND "
                              "software_version = '0.0.9'") == 1);

    // The CLI on the store file: the older one is named as such, the agent's is the newest.
    const std::string current(jiebang::software_version);
    auto listed = jiebang_cli({"terminal", "list", "--store", county.county.store()});
    REQUIRE_MESSAGE(listed.exit_code == 0, listed.error);
    CHECK(listed.out.find("440703-008\t0.0.9\t") != std::string::npos);
    CHECK(listed.out.find("older (newest " + current + ")") != std::string::npos);
    CHECK(listed.out.find("440703-007\t" + current + "\t") != std::string::npos);

    const std::string script = R"(
tap signin.passphrase
type )" + passphrase + R"(
key enter
tap nav.fleet
expect-text 软件版本
expect-text 0.0.9（较旧，最新 )" +
                               current + R"(）
expect-text 1 台运行较旧版本
screenshot fleet-versions
quit
)";
    const auto result = county.run_console(script, "1366x768");
    CHECK_MESSAGE(result.exit_code == 0, result.out << result.error);
}

TEST_CASE(
    "console end to end: a header click sorts the whole inbox on the server and the flag filter shows the "
    "possible duplicates naming the items they repeat") {
    // docs/protocol.md 17.2 SORTED-SEARCH; docs/review.md section 8; aggregator_store_duplicates.cpp D1.
    CountyWithStaff county;
    const std::string ceramic =
        county.terminal.commit(Terminal::demand("陶瓷基板激光切割", "91440703MA4U111142"))
            .receipt.number.text();
    const std::string servo =
        county.terminal.commit(Terminal::demand("高精度伺服系统温漂补偿", "91440703MA4UJK122J"))
            .receipt.number.text();
    const std::string servo_again =
        county.terminal.commit(Terminal::demand("高精度 伺服系统（温漂补偿）", "9144070310000018XH"))
            .receipt.number.text();
    const std::string battery =
        county.terminal.commit(Terminal::demand("新型储能电池管理", "91440703MA4U111142"))
            .receipt.number.text();
    county.terminal.start_agent(county.county);
    REQUIRE_MESSAGE(
        wait_until([&] { return county.county.count("SELECT count(*) FROM submissions") == 4; }, 60),
        county.county.log() << county.terminal.agent_log());
    REQUIRE(sodium_init() >= 0);
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    auto catalogues = console::ConsoleCatalogues::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(catalogues.ok());

    for (const auto& [width, height] : {std::pair{1366, 768}, std::pair{1920, 1080}}) {
        CAPTURE(width);
        console::ConsoleOptions options;
        options.server_endpoint = console_test::staff_endpoint(county.county);
        options.server_public_key = county.county.keys().public_key;
        options.staff_key_file = county.reviewer_key;
        options.ui_scale = 1;
        platform::DisplayOptions display_options;
        display_options.fullscreen = false;
        display_options.resizable = true;
        display_options.width = width;
        display_options.height = height;
        auto display = platform::Display::open(display_options);
        REQUIRE(display.ok());
        console::ConsoleApplication application(**catalogues, options,
                                                console::model::make_channel_staff_service_factory());
        console::ConsoleRunner runner(application, **display, options);
        REQUIRE(runner.prepare().ok());
        const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / "inbox-sorted" /
                           (std::to_string(width) + "x" + std::to_string(height));
        auto run = [&](const std::string& script) {
            auto commands = platform::parse_script(script, "test", console::console_script_key_names());
            REQUIRE(commands.ok());
            REQUIRE(runner.run_script(*commands, shots) == 0);
        };
        const auto& inbox = application.state().inbox;
        auto shown = [&inbox] {
            std::vector<std::string> receipts;
            for (std::int64_t index = 0; index < inbox.total; ++index) {
                if (const auto* row = inbox.row_at(index))
                    receipts.push_back(row->receipt_number);
            }
            return receipts;
        };

        // A click on the title's header: every row in the order of the titles' text, ascending.
        run("tap signin.passphrase\ntype " + passphrase +
            "\nkey enter\nexpect-text 共 4 件\ntap inbox.column.title\nexpect-text 升序\nscreenshot "
            "sorted\n");
        CHECK(inbox.query.sort == "title");
        CHECK(shown() == std::vector<std::string>{battery, ceramic, servo_again, servo});
        // A second click turns it round.
        run("tap inbox.column.title\nexpect-text 降序\n");
        CHECK(shown() == std::vector<std::string>{servo, servo_again, ceramic, battery});

        // The flag filter: the two that repeat an earlier item, marked in the table.
        run("tap filter.flags\ntap filter.flags.4\nexpect-text 共 2 件\nexpect-text 疑似重复\nscreenshot "
            "duplicates\n");
        CHECK(shown() == std::vector<std::string>{servo_again, battery});
        // The detail names the item it repeats, so the clerk can look it up.
        run("tap inbox.row." + battery + "\nexpect-text 疑似与 " + ceramic + " 重复\nscreenshot detail\n");
        // The flag filter clears and the state's header sorts too (the order of docs/review.md).
        run("key escape\ntap filter.flags\ntap filter.flags.0\nexpect-text 共 4 件\ntap inbox.column.state\n"
            "expect-text 升序\n");
        CHECK(inbox.query.sort == "stage");
        CHECK(shown().size() == 4);
    }
}

TEST_CASE(
    "console end to end: a county clerk previews the summary table of the chosen demands before forwarding "
    "and of the batch after - exports it as XLSX and PDF - and a printer that cannot be reached is named") {
    // shared/paper/summary_table.hpp; platform/print/table_printout.hpp; each read is an audited export.
    CountyWithStaff county;
    const std::string servo = county.file("高精度伺服系统温漂补偿");
    const std::string ceramic = county.file("陶瓷基板激光切割工艺");
    county.terminal.start_agent(county.county);
    REQUIRE(wait_until([&] { return county.county.count("SELECT count(*) FROM submissions") == 2; }, 60));
    for (const std::string& receipt : {servo, ceramic})
        REQUIRE(jiebang_cli({"submissions", "accept", "--store", county.county.store(), receipt}).exit_code ==
                0);

    REQUIRE(sodium_init() >= 0);
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    // No scheduler answers here: the print must say so in words, naming what failed.
    setenv("CUPS_SERVER", (county.temp / "no-cups.sock").c_str(), 1);
    auto catalogues = console::ConsoleCatalogues::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(catalogues.ok());
    console::ConsoleOptions options;
    options.server_endpoint = console_test::staff_endpoint(county.county);
    options.server_public_key = county.county.keys().public_key;
    options.staff_key_file = county.reviewer_key;
    options.ui_scale = 1;
    options.export_folder = county.temp / "exports";
    options.printer = "hall-a4";
    platform::DisplayOptions display_options;
    display_options.fullscreen = false;
    display_options.width = 1366;
    display_options.height = 768;
    auto display = platform::Display::open(display_options);
    REQUIRE(display.ok());
    console::ConsoleApplication application(**catalogues, options,
                                            console::model::make_channel_staff_service_factory());
    console::ConsoleRunner runner(application, **display, options);
    REQUIRE(runner.prepare().ok());
    const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / "summary-table";
    auto script = platform::parse_script(
        "tap signin.passphrase\ntype " + passphrase +
            "\nkey enter\nexpect-text 共 2 件\ntap nav.batches\n"
            // Before forwarding: the table the two chosen demands would make, numbered as batch 1 will be.
            "tap batches.all\ntap batches.preview_selection\n"
            "expect-text 报送前预览：第 1 批汇总表（批次号以报送时为准；第 1 页，共 1 页）\n"
            "screenshot selection\ntap batches.forward\ntap batches.confirm\nexpect-text 已生成第 1 批报送\n"
            "expect-no-text 报送前预览\n"
            "tap batches.open.1\ntap batches.preview\n"
            "expect-text 第 1 批汇总表（打印效果，第 1 页，共 1 页）\n"
            "expect-text 受理处室”一栏留空\nscreenshot preview\ntap batches.export\nexpect-text 已导出\n"
            "tap batches.print\nexpect-text 没有运行或连不上\nscreenshot after\n",
        "test", console::console_script_key_names());
    REQUIRE(script.ok());
    REQUIRE(runner.run_script(*script, shots) == 0);
    unsetenv("CUPS_SERVER");

    // The preview is the printed page: the runner made a texture of the page's pixels.
    const auto& preview = application.state().batches.preview;
    REQUIRE(preview.has_value());
    CHECK(preview->image.width > preview->image.height);
    // Both files, private to the clerk, holding both titles.
    const auto xlsx = options.export_folder / "summary-batch-1.xlsx";
    const auto pdf = options.export_folder / "summary-batch-1.pdf";
    for (const auto& file : {xlsx, pdf}) {
        CAPTURE(file);
        REQUIRE(std::filesystem::exists(file));
        CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
              (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    }
    const auto text = jiebang::test::run_process("/usr/bin/pdftotext", {pdf.string(), "-"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("高精度伺服系统温漂补偿") != std::string::npos);
    CHECK(text.out.find("陶瓷基板激光切割工艺") != std::string::npos);
    CHECK(text.out.find("第 1 批") != std::string::npos);
    // The batch holds exactly the two the preview showed.
    CHECK(county.county.count("SELECT count(*) FROM submissions WHERE forward_batch = 1") == 2);
    // Every read of the batch for paper is on the aggregator's audit trail under the reviewer, saying what for.
    CHECK(county.county.count(
              "SELECT count(*) FROM audit WHERE action = 'export' AND staff_id = 'staff-0001' AND "
              "reason LIKE 'preview%'") == 1);
    CHECK(county.county.count(
              "SELECT count(*) FROM audit WHERE action = 'export' AND staff_id = 'staff-0001' AND "
              "reason LIKE 'xlsx+pdf %'") == 1);
    CHECK(county.county.count(
              "SELECT count(*) FROM audit WHERE action = 'export' AND staff_id = 'staff-0001' AND "
              "reason LIKE 'print hall-a4%'") == 1);
}

TEST_CASE(
    "console end to end: county staff see the projects of their county's receipts as the city told it") {
    // docs/protocol.md 21: the county's table (applied here with the uplink's own function, as a page from the
    // city would be) read by COUNTY-PROJECTS-REQUEST; status and the county's share only.
    CountyWithStaff county;
    {
        auto store = sync::AggregatorStore::open(county.county.store_file());
        REQUIRE(store.ok());
        sync::ProjectStages page;
        page.latest = 9;
        page.rows = {{9,
                      "JM-03-007-20261119-0001-D",
                      "JM-2026-007",
                      "JMJB-2026-001",
                      sync::ProjectRoleCode::Issuer,
                      "in_progress",
                      1795000700,
                      {{"county", "49", "14.7"}}},
                     {9,
                      "JM-03-007-20261201-0003-7",
                      "JM-2026-007",
                      "JMJB-2026-001",
                      sync::ProjectRoleCode::Solver,
                      "eliminated",
                      1795000700,
                      {{"county", "49", "14.7"}}},
                     {7,
                      "JM-03-007-20261120-0002-4",
                      "JM-2026-011",
                      "",
                      sync::ProjectRoleCode::Issuer,
                      "review",
                      1794000000,
                      {}}};
        REQUIRE(sync::apply_project_stages(store.value(), page, 1795000800).ok());
    }
    const auto run = county.run_console(R"(
tap signin.passphrase
type )" + passphrase + R"(
key enter
expect-text 共 0 件
tap nav.projects
expect-text 本县区的揭榜挂帅项目
expect-text JMJB-2026-001
expect-text 实施中
expect-text 揭榜论证（评审中）
expect-text 14.7
screenshot county-projects
)",
                                        "1366x768");
    INFO(run.error);
    REQUIRE(run.exit_code == 0);
    // A read of status, not of personal data or an export: no such entry on the trail.
    CHECK(county.county.count(
              "SELECT count(*) FROM audit WHERE staff_id = 'staff-0001' AND action IN ('read', 'export')") ==
          0);
}

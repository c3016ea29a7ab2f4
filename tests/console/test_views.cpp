// tests/console/test_views.cpp — the console's views drawn by the real frame loop (ConsoleRunner) under SDL's
// offscreen driver, driven by scripts like a person with mouse and keyboard, over the stand-in service:
// sign-in, inbox, detail, the return dialog with a template, keyboard next/previous, fleet, audit, lock.
// Screenshots of every view at 1920x1080 and 1366x768 go to build/console-screenshots/<size>/ (look at them:
// tests/console/README in docs/console.md). A 20,000-row inbox draws only the rows in view.
#include <doctest/doctest.h>
#include <sodium.h>

#include <cstdlib>
#include <functional>

#include "console/app/console_application.hpp"
#include "console/app/console_runner.hpp"
#include "console_test_support.hpp"
#include "platform/display/display.hpp"
#include "platform/script/frame_record.hpp"

using namespace console_test;

namespace {

struct ViewRun {
    int exit_code = -1;
    ConsoleState final_state;
    int atlas_height = 0;
};

// Runs `script` in-process on a fresh window of `width` x `height`, screenshots into `shots`.
ViewRun run_views(const std::shared_ptr<StandInAggregator>& aggregator, const std::filesystem::path& key_file,
                  const std::string& script, int width, int height, const std::filesystem::path& shots,
                  const std::function<void(ConsoleRunner&, ConsoleApplication&)>& after = {},
                  float scale = 1.0f) {
    REQUIRE(sodium_init() >= 0);
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    auto catalogues = ConsoleCatalogues::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(catalogues.ok());
    ConsoleOptions options;
    options.server_endpoint = "tcp://127.0.0.1:1";
    options.server_public_key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
    options.staff_key_file = key_file;
    options.ui_scale = scale;
    platform::DisplayOptions display_options;
    display_options.fullscreen = false;
    display_options.resizable = true;
    display_options.width = width;
    display_options.height = height;
    auto display = platform::Display::open(display_options);
    REQUIRE_MESSAGE(display.ok(), (display.ok() ? "" : display.error().detail));
    ConsoleApplication application(**catalogues, options, std::make_unique<StandInFactory>(aggregator));
    ConsoleRunner runner(application, **display, options);
    REQUIRE(runner.prepare().ok());
    auto commands = platform::parse_script(script, "test", console_script_key_names());
    REQUIRE_MESSAGE(commands.ok(), (commands.ok() ? "" : commands.error().detail));
    ViewRun run;
    run.exit_code = runner.run_script(*commands, shots);
    if (after)
        after(runner, application);
    run.final_state = application.state();
    run.atlas_height = runner.fonts().atlas_height;
    return run;
}

std::string receipt_of(const StandInAggregator& aggregator, std::int64_t sequence) {
    return aggregator.records.at(static_cast<std::size_t>(sequence - 1)).row.receipt_number;
}

}  // namespace

TEST_CASE(
    "views: a county reviewer signs in, screens, returns one with a template, and locks - every view on "
    "film") {
    TemporaryDirectory directory;
    const auto key_file = write_test_key(directory.path(), "reviewer");
    for (const auto& [width, height] : std::vector<std::pair<int, int>>{{1920, 1080}, {1366, 768}}) {
        CAPTURE(width);
        auto aggregator = std::make_shared<StandInAggregator>();
        aggregator->fill(450);
        aggregator->identity = county_reviewer();
        const std::string newest = receipt_of(*aggregator, 450);
        const std::string second = receipt_of(*aggregator, 449);
        const std::string script = R"(
expect-text 登录工作台
screenshot sign-in
tap signin.passphrase
type wrong passphrase
key enter
expect-text 口令打不开密钥文件
screenshot sign-in-error
tap signin.passphrase
type correct horse battery
key enter
expect-text 共 450 件
expect-text 李明（staff-0001，审核员）
expect-text 蓬江区科技局
expect-text 在线
screenshot inbox
tap inbox.row.)" + newest + R"(
expect-text 回执校验
expect-text 本机重算内容哈希，与回执一致
expect-text 高效变频压缩机控制技术 第450号
expect-text 智能家电
expect-text 300 万元
screenshot detail
key r
expect-text 退回修改
expect-text )" + newest + R"(
tap dialog.template.1
screenshot dialog-return
tap dialog.confirm
expect-text 已退回 )" + newest + R"(
key j
expect-text )" + second + R"(
key k
expect-text 理由：请补充技术指标的量化数值
screenshot detail-returned
key escape
expect-text 已退回 1
tap nav.fleet
expect-text 终端运行情况
expect-text 离线
screenshot fleet
tap nav.lock
expect-text 工作台已锁定
expect-no-text 高效变频压缩机
screenshot locked
)";
        const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) /
                           (std::to_string(width) + "x" + std::to_string(height));
        const auto run = run_views(aggregator, key_file, script, width, height, shots);
        CHECK(run.exit_code == 0);
        CHECK(run.final_state.flow == FlowState::Locked);
        REQUIRE(aggregator->acted.size() == 1);
        CHECK(aggregator->acted[0].action == review::ReviewAction::Return);
        for (const char* name : {"sign-in", "inbox", "detail", "dialog-return", "fleet", "locked"})
            CHECK(std::filesystem::exists(shots / (std::string(name) + ".png")));
    }
}

TEST_CASE("views: an auditor sees the audit trail and its verification, and no review buttons") {
    TemporaryDirectory directory;
    const auto key_file = write_test_key(directory.path(), "auditor");
    auto aggregator = std::make_shared<StandInAggregator>();
    aggregator->fill(3);
    aggregator->identity = county_reviewer();
    aggregator->identity.role = backoffice::Role::Auditor;
    const std::string script = R"(
tap signin.passphrase
type correct horse battery
key enter
tap inbox.row.)" + receipt_of(*aggregator, 3) +
                               R"(
expect-text 此状态下您没有可做的审核操作
tap nav.audit
expect-text 审计记录完整：共 1 条
screenshot audit
)";
    const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / "1920x1080";
    const auto run = run_views(aggregator, key_file, script, 1920, 1080, shots);
    CHECK(run.exit_code == 0);
    CHECK(aggregator->acted.empty());
}

TEST_CASE("views: a 20,000-row inbox draws only the rows in view, and a jump to the end walks there") {
    TemporaryDirectory directory;
    const auto key_file = write_test_key(directory.path(), "reviewer");
    auto aggregator = std::make_shared<StandInAggregator>();
    aggregator->fill(20000);
    aggregator->identity = county_reviewer();
    // A character outside the first atlas (焊 is not in ImGui's common-Chinese range) makes it grow.
    aggregator->records.back().row.title = "焊缝识别-第20000号";
    const std::string script = R"(
tap signin.passphrase
type correct horse battery
key enter
expect-text 共 20000 件
)";
    const auto run = run_views(aggregator, key_file, script, 1920, 1080, {});
    CHECK(run.exit_code == 0);
    int rows_drawn = 0;
    for (const auto& id : platform::FrameRecord::current().widget_ids())
        rows_drawn += id.rfind("inbox.row.", 0) == 0 ? 1 : 0;
    CHECK(rows_drawn > 10);
    CHECK(rows_drawn < 80);
    CHECK(run.final_state.inbox.pages.size() <= 4);
    // The grown atlas is a power of two tall (console_fonts.hpp): the hyphens of receipt numbers survive SDL's
    // software renderer.
    CHECK(run.atlas_height > 0);
    CHECK((run.atlas_height & (run.atlas_height - 1)) == 0);
}

TEST_CASE(
    "views: scrolling a 20,000-row inbox with the wheel walks the pages and holds only those near the view "
    "(S3)") {
    TemporaryDirectory directory;
    const auto key_file = write_test_key(directory.path(), "reviewer");
    auto aggregator = std::make_shared<StandInAggregator>();
    aggregator->fill(20000);
    aggregator->identity = county_reviewer();
    std::size_t most_pages = 0;
    const auto run =
        run_views(aggregator, key_file, "tap signin.passphrase\ntype correct horse battery\nkey enter\n",
                  1920, 1080, {}, [&](ConsoleRunner& runner, ConsoleApplication& application) {
                      for (int round = 0; round < 30; ++round) {
                          runner.measure_frames(10, -30, nullptr);
                          REQUIRE(runner.settle_for_bench().ok());
                          most_pages = std::max(most_pages, application.state().inbox.pages.size());
                      }
                  });
    CHECK(run.exit_code == 0);
    const auto& inbox = run.final_state.inbox;
    CHECK(inbox.visible_first > 2000);  // far down: several pages walked by cursor
    REQUIRE(inbox.row_at(inbox.visible_first) != nullptr);
    CHECK(inbox.row_at(inbox.visible_first)->sequence == 20000 - inbox.visible_first);
    CHECK(inbox.row_at(0) == nullptr);  // page 0 was dropped
    CHECK(most_pages <= 6);
}

TEST_CASE(
    "views: on a 4K screen at UI scale 2 the inbox, the detail and the dialog are drawn at twice the size") {
    TemporaryDirectory directory;
    const auto key_file = write_test_key(directory.path(), "reviewer");
    auto aggregator = std::make_shared<StandInAggregator>();
    aggregator->fill(60);
    aggregator->identity = county_reviewer();
    const std::string script = R"(
tap signin.passphrase
type correct horse battery
key enter
expect-text 共 60 件
screenshot inbox-4k
key j
key enter
expect-text 回执校验
key r
tap dialog.template.2
screenshot dialog-4k
)";
    const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / "3840x2160";
    int atlas_height = 0;
    const auto run = run_views(
        aggregator, key_file, script, 3840, 2160, shots,
        [&](ConsoleRunner& runner, ConsoleApplication&) { atlas_height = runner.fonts().atlas_height; },
        2.0f);
    CHECK(run.exit_code == 0);
    CHECK(std::filesystem::exists(shots / "inbox-4k.png"));
    CHECK(std::filesystem::exists(shots / "dialog-4k.png"));
    CHECK((atlas_height & (atlas_height - 1)) == 0);
}

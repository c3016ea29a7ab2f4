// tests/console/test_console_city_views.cpp — the console's city views (issue 10 item 7, issue 14 item 2) with the
// real ConsoleApplication and its real staff-channel model against a real city jiebang-aggregator: the project
// register (项目库) with the year's count against the profile's limit, a project's funding ledger with the city
// and county cells of every tranche and its timeline, and the bids per listing (listings with no bid included).
// The projects were made by staff with `jiebang project … --remote` (tests/lifecycle). Screenshots at 1366x768
// (UI scale 1) and 3840x2160 (UI scale 2) into build/console-screenshots/city-views/. Also the counties' 月报 as the
// city keeps them (city-reports/): every copy listed, the current copy of a county's month shown in full.
#include <doctest/doctest.h>

#include <sodium.h>

#include "console/app/console_application.hpp"
#include "console/app/console_runner.hpp"
#include "console/model/channel_staff_service.hpp"
#include "platform/display/display.hpp"
#include "platform/script/script.hpp"
#include "shared/lifecycle/calendar_date.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/aggregator/monthly_report.hpp"
#include "tests/lifecycle/lifecycle_city_support.hpp"

using namespace jiebang;
using namespace jiebang::console;
using namespace jiebang::lifecycle::test;

namespace {

struct CityRun {
    int exit_code = -1;
    ConsoleState final_state;
};

// The real application and runner on `script`, signed in with the reviewer's key at the city.
CityRun run_city_console(City& city, const std::string& script, int width, int height, float scale,
                         const std::filesystem::path& shots, const std::string& role = "reviewer",
                         const std::filesystem::path& export_folder = {}) {
    REQUIRE(sodium_init() >= 0);
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    auto catalogues = ConsoleCatalogues::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(catalogues.ok());
    ConsoleOptions options;
    options.server_endpoint = city.endpoint();
    options.server_public_key = city.aggregator().keys().public_key;
    options.staff_key_file = city.key(role);
    options.ui_scale = scale;
    options.export_folder = export_folder.empty() ? city.folder() / "exports" : export_folder;
    platform::DisplayOptions display_options;
    display_options.fullscreen = false;
    display_options.resizable = true;
    display_options.width = width;
    display_options.height = height;
    auto display = platform::Display::open(display_options);
    REQUIRE_MESSAGE(display.ok(), (display.ok() ? "" : display.error().detail));
    ConsoleApplication application(**catalogues, options, model::make_channel_staff_service_factory());
    ConsoleRunner runner(application, **display, options);
    REQUIRE(runner.prepare().ok());
    auto commands = platform::parse_script(script, "test", console_script_key_names());
    REQUIRE_MESSAGE(commands.ok(), (commands.ok() ? "" : commands.error().detail));
    CityRun run;
    run.exit_code = runner.run_script(*commands, shots);
    run.final_state = application.state();
    return run;
}

}  // namespace

TEST_CASE(
    "console city views against a real city aggregator: the register with the year's count, a ledger with "
    "city "
    "and county shares, the timeline, and bids per listing") {
    City city("jingdezhen", "360200",
              {board_listing("jingdezhen", "JDZ-2026-001", "300"),
               board_listing("jingdezhen", "JDZ-2026-002", "300"),
               board_listing("jingdezhen", "JDZ-2026-003", "120")});
    jingdezhen_accepted_at(city, "JDZ-2026-001", "80");
    city.must("admin", {"pay", "JDZ-2026-001", "--tranche", "acceptance", "--date", "2029-05-01"});
    jingdezhen_accepted_at(city, "JDZ-2026-002", "79");
    city.must("publisher",
              {"create", "--listing", "JDZ-2026-003", "--county", "360202", "--date", "2026-04-01"});

    const std::string script = R"(
tap signin.passphrase
type )" + staff_passphrase + R"(
key enter
expect-text 张伟（staff-0001，审核员）
tap nav.projects
expect-text 项目库
expect-text 共 3 个项目
expect-text 景德镇市 2026 年立项 2 / 5 项
expect-text JDZJB-2026-001
expect-text 验收不合格
tap projects.row.JDZ-2026-002
expect-text 资金台账
expect-text 不予拨付
expect-text 验收合格后
expect-text 中期评估通过后
expect-text 项目进程
expect-text 景德镇陶瓷大学（釉料团队）
screenshot projects
tap projects.row.JDZ-2026-001
expect-text 已拨付 180 万元
tap nav.board
expect-text 各榜单的揭榜情况
expect-text JDZ-2026-003
expect-text 示例陶瓷有限公司
expect-text 揭榜截止
expect-text 2026-12-31
tap bids.listing.JDZ-2026-003
expect-text 该榜单还没有揭榜方案。
screenshot board-bids
)";
    for (const auto& [width, height, scale] :
         std::vector<std::tuple<int, int, float>>{{1366, 768, 1.0f}, {3840, 2160, 2.0f}}) {
        CAPTURE(width);
        const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / "city-views" /
                           (std::to_string(width) + "x" + std::to_string(height));
        const CityRun run = run_city_console(city, script, width, height, scale, shots);
        CHECK(run.exit_code == 0);
        CHECK(std::filesystem::exists(shots / "projects.png"));
        CHECK(std::filesystem::exists(shots / "board-bids.png"));
        // What the views showed came from the aggregator: three projects, the failed one's last tranche withheld.
        const auto& projects = run.final_state.projects;
        REQUIRE(projects.listing.has_value());
        CHECK(projects.listing->total == 3);
        REQUIRE(projects.listing->years.size() == 1);
        CHECK(projects.listing->years[0].approved == 2);
        CHECK(projects.listing->years[0].limit == 5);
        REQUIRE(run.final_state.bids.overview.has_value());
        CHECK(run.final_state.bids.overview->listings.size() == 3);
        for (const auto& listing : run.final_state.bids.overview->listings)
            CHECK(listing.bid_count == 0);
        CHECK(run.final_state.bids.overview->board.listings.size() == 3);
    }
    // Reading the register is not a change: the console appended nothing to the city's trail.
    CHECK(city.count(
              "SELECT count(*) FROM audit WHERE staff_id = 'staff-0001' AND action NOT LIKE 'project_%'") ==
          0);
}

TEST_CASE(
    "console city views: the project register and the ledger export as one XLSX - audited as an export") {
    City city("jingdezhen", "360200", {board_listing("jingdezhen", "JDZ-2026-001", "300")});
    jingdezhen_accepted_at(city, "JDZ-2026-001", "80");
    const auto folder = city.folder() / "exports";
    const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / "city-views" / "export";
    const CityRun run = run_city_console(city, R"(
tap signin.passphrase
type )" + staff_passphrase + R"(
key enter
tap nav.projects
expect-text JDZJB-2026-001
tap projects.export
expect-text 已导出 1 个项目的项目库和资金台账
screenshot projects-exported
)",
                                         1366, 768, 1.0f, shots, "reviewer", folder);
    REQUIRE(run.exit_code == 0);
    std::filesystem::path file;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        file = entry.path();
    REQUIRE(file.extension() == ".xlsx");
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    // Both sheets, the project and its three tranches (the same builder as `jiebang project export`).
    const auto strings = jiebang::test::run_process(
        "/usr/bin/python3", {"-c",
                             "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("
                             "'xl/sharedStrings.xml').decode())",
                             file.string()});
    REQUIRE(strings.exit_code == 0);
    for (const char* expected : {"JDZJB-2026-001", "揭榜挂帅项目库", "资金拨付台账", "验收合格后"}) {
        CAPTURE(expected);
        CHECK(strings.out.find(expected) != std::string::npos);
    }
    // The read for the export is on the city's trail under the reviewer (the register's plain reads are not).
    CHECK(city.count(
              "SELECT count(*) FROM audit WHERE staff_id = 'staff-0001' AND action = 'export_projects'") ==
          1);
}

namespace {

// A county's 月报 as the county's aggregator makes it (sync/aggregator/monthly_report.hpp), kept by the city as
// its uplink does on MONTHLY-REPORT (docs/protocol.md 20).
void keep_report(City& city, const std::string& county, const std::string& month, std::int64_t made_at,
                 std::int64_t received_demands, const std::string& listing_title,
                 const std::vector<sync::MonthlyProject>& projects = {}) {
    sync::MonthlyReport report;
    report.county_admin_code = county;
    report.month = month;
    report.made_at = made_at;
    report.demand.received_in_month = received_demands;
    report.demand.total_received = received_demands + 4;
    report.demand.stages_at_start = {{"received", 4}};
    report.demand.stages_at_end = {{"received", 1}, {"forwarded", 3 + received_demands}};
    report.bid.received_in_month = 2;
    report.bid.total_received = 2;
    report.bid.stages_at_end = {{"received", 2}};
    report.listings.push_back(sync::MonthlyListing{"JM-2026-001", listing_title, 2, 2});
    report.projects = projects;  // project progress (monthly_report.hpp invariant 5) of a county with stages
    auto store = sync::AggregatorStore::open(city.aggregator().store_file());
    REQUIRE(store.ok());
    REQUIRE(store
                ->keep_monthly_report(
                    county, sync::MonthlyReportSend{month, made_at, sync::monthly_report_to_json(report)},
                    made_at + 60)
                .ok());
}

}  // namespace

TEST_CASE(
    "console city view of the counties' monthly reports: newest first and the current copy of a month shown "
    "in "
    "full") {
    City city("jiangmen", "440700", {board_listing("jiangmen", "JM-2026-001", "100")});
    keep_report(city, "440703", "2026-10", 1793000000, 5, "陶瓷釉料低温烧成技术");
    keep_report(city, "440781", "2026-11", 1795500000, 7, "台山海上风电运维装备");
    // Pengjiang sent its November report twice: the newer copy (made later) is the one that counts.
    keep_report(city, "440703", "2026-11", 1795400000, 6, "旧版标题");
    keep_report(city, "440703", "2026-11", 1795600000, 9, "新会柑皮精深加工",
                {{"JM-2026-001", "JMJB-2026-003", "in_progress", 3, "49", "14.7"}});

    const std::string script = R"(
tap signin.passphrase
type )" + staff_passphrase + R"(
key enter
expect-text 张伟（staff-0001，审核员）
tap nav.reports
expect-text 各县区月报
expect-text 共 4 份
expect-text 台山市
expect-text 已被更新的一份取代
tap reports.row.440703.2026-11
expect-text 蓬江区 2026-11 月报
expect-text 新会柑皮精深加工
expect-no-text 旧版标题
expect-text 本月收到
expect-text 累计揭榜数
expect-text 已报送
expect-text 项目进展
expect-text JMJB-2026-003
expect-text 14.7
screenshot reports
tap reports.row.440781.2026-11
expect-text 台山市 2026-11 月报
expect-text 台山海上风电运维装备
)";
    for (const auto& [width, height, scale] :
         std::vector<std::tuple<int, int, float>>{{1366, 768, 1.0f}, {3840, 2160, 2.0f}}) {
        CAPTURE(width);
        const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / "city-reports" /
                           (std::to_string(width) + "x" + std::to_string(height));
        const CityRun run = run_city_console(city, script, width, height, scale, shots);
        CHECK(run.exit_code == 0);
        CHECK(std::filesystem::exists(shots / "reports.png"));
        const auto& reports = run.final_state.reports;
        INFO(reports.problem);
        REQUIRE(reports.received.has_value());
        CHECK(reports.received->size() == 4);
        CHECK(reports.received->front().month == "2026-11");  // newest month first
        REQUIRE(reports.open.has_value());
        CHECK(reports.open->county_admin_code == "440781");
        CHECK(reports.open->demand.received_in_month == 7);
    }
}

// Board curation from the console (issue 10 item 7; docs/protocol.md 17.2 BOARD-WITHDRAW, BOARD-SET-DEADLINE): the
// city's publisher withdraws a listing with a reason and sets another's deadline; a date that does not exist is
// said on screen and sends nothing. The aggregator's next board versions are what the console asked for.
TEST_CASE("console city views: the publisher withdraws a listing and sets a deadline") {
    City city("jingdezhen", "360200",
              {board_listing("jingdezhen", "JDZ-2026-001", "300"),
               board_listing("jingdezhen", "JDZ-2026-002", "300")});
    const auto latest_board = [&] {
        auto store = sync::AggregatorStore::open(city.aggregator().store_file());
        REQUIRE(store.ok());
        auto record = store->latest_board();
        REQUIRE(record.ok());
        REQUIRE(record->has_value());
        auto board = board_from_json((**record).board_json);
        REQUIRE(board.ok());
        return board.value();
    };
    const std::int64_t first_version = latest_board().version;
    const std::string deadline =
        lifecycle::CalendarDate::in_china_at(static_cast<std::int64_t>(std::time(nullptr)))
            .plus_days(45)
            .to_string();
    const std::string script = R"(
tap signin.passphrase
type )" + staff_passphrase + R"(
key enter
tap nav.board
tap bids.listing.JDZ-2026-002
tap board.withdraw
expect-text 确定撤下此榜？
tap board.withdraw_reason
type 发榜单位已自行攻克该技术难题
screenshot board-withdraw
tap board.curate_confirm
expect-text 已撤下 JDZ-2026-002
tap bids.listing.JDZ-2026-001
tap board.deadline
tap board.deadline_date
type 2027-02-30
tap board.curate_confirm
expect-text 不是有效日期
tap board.deadline_date
key ctrl+a
type )" + deadline + R"(
screenshot board-deadline
tap board.curate_confirm
expect-text 截止日期设为 )" + deadline +
                               R"(
)";
    const auto shots = std::filesystem::path(JIEBANG_CONSOLE_SCREENSHOT_DIR) / "city-curation" / "1366x768";
    const CityRun run = run_city_console(city, script, 1366, 768, 1.0f, shots, "publisher");
    CHECK(run.exit_code == 0);
    const Board board = latest_board();
    CHECK(board.version == first_version + 2);  // one version each; the refused date sent nothing
    CHECK(board.listing("JDZ-2026-002") == nullptr);
    REQUIRE(board.listing("JDZ-2026-001") != nullptr);
    CHECK(board.listing("JDZ-2026-001")->deadline == deadline);
    CHECK(
        city.count("SELECT count(*) FROM audit WHERE action = 'withdraw_listing' AND target = 'JDZ-2026-002' "
                   "AND reason = '发榜单位已自行攻克该技术难题'") == 1);
}

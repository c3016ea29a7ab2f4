// tests/console/test_console_county_day.cpp — a whole county day through the real jiebang-console, with real
// processes on loopback: a terminal's store and sync agent, a county jiebang-aggregator forwarding to a city
// jiebang-aggregator, both with staff endpoints, a reviewer at each added with the real `jiebang staff add`.
// The county's clerk screens five demands (accepts three, returns one, rejects one) and forwards the three as
// batch 1; the city's reviewer accepts one and returns one; the county's console then shows both city decisions
// in the batch, and the applicant's terminal shows every decision with its reason.
#include <doctest/doctest.h>

#include "console_process_support.hpp"
#include "shared/text/strings.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;

namespace {

const std::string county_passphrase = "county-clerk-2026";
const std::string city_passphrase = "city-bureau-2026";

struct CountyDay {
    TempDir temp;
    Aggregator city{temp, "city", "city"};
    Aggregator county{temp, "county", "county"};
    Terminal terminal{temp, 12};
    std::filesystem::path county_key = temp / "county-reviewer.key";
    std::filesystem::path city_key = temp / "city-reviewer.key";

    CountyDay() {
        REQUIRE(jiebang_cli({"terminal", "enroll", "--store", city.store(), "--id", "440703", "--kind",
                             "county", "--county", "440703", "--curve-key", county.keys().public_key})
                    .exit_code == 0);
        terminal.enroll(county);
        console_test::add_staff(county, county_key, "李明", "reviewer", county_passphrase);
        console_test::add_staff(city, city_key, "王芳", "reviewer", city_passphrase);
        city.start({"--staff-listen", "tcp://127.0.0.1:*", "--area-code", "440700"});
        county.start({"--upstream", city.endpoint(), "--upstream-key", city.keys().public_key,
                      "--staff-listen", "tcp://127.0.0.1:*", "--area-code", "440703"});
    }

    jiebang::test::ProcessResult console_at(Aggregator& tier, const std::filesystem::path& key,
                                            const std::string& script) {
        console_test::ConsoleRun run;
        run.endpoint = console_test::staff_endpoint(tier);
        run.server_key = tier.keys().public_key;
        run.key_file = key;
        run.screenshots = "county-day";
        return console_test::run_console(temp, run, script);
    }

    std::string sign_in(const std::string& passphrase) {
        return "tap signin.passphrase\ntype " + passphrase + "\nkey enter\n";
    }
};

std::string act(const std::string& receipt, const std::string& key, bool with_reason,
                const std::string& done) {
    std::string lines = "tap inbox.row." + receipt + "\nexpect-text 回执校验\nkey " + key + "\n";
    if (with_reason)
        lines += "tap dialog.template.1\n";
    lines += "key ctrl+enter\nexpect-text " + done + " " + receipt + "\nkey escape\n";
    return lines;
}

}  // namespace

TEST_CASE(
    "console county day: screen five, forward a batch, the city decides, both decisions reach the county's "
    "console and the applicant") {
    CountyDay day;
    std::vector<std::string> receipts;
    for (const char* title : {"高精度伺服系统温漂补偿", "陶瓷基板激光切割工艺", "农产品冷链温控",
                              "精密减速器寿命提升", "伺服驱动器国产化"})
        receipts.push_back(day.terminal.commit(Terminal::demand(title)).receipt.number.text());
    day.terminal.start_agent(day.county);
    REQUIRE_MESSAGE(wait_until([&] { return day.county.count("SELECT count(*) FROM submissions") == 5; }, 60),
                    day.county.log() << day.terminal.agent_log());
    auto strings = StringCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(strings.ok());
    const std::string return_reason = strings->text("console.reason.return.1");
    const std::string reject_reason = strings->text("console.reason.reject.1");

    // The county's clerk: accept three, return one, reject one, forward the three as batch 1.
    std::string county_script = day.sign_in(county_passphrase) + "expect-text 待审 5\n";
    for (int index = 0; index < 3; ++index)
        county_script += act(receipts[static_cast<std::size_t>(index)], "a", false, "已受理");
    county_script += act(receipts[3], "r", true, "已退回");
    county_script += act(receipts[4], "x", true, "已不予受理");
    county_script += R"(
expect-text 已受理 3
expect-text 已退回 1
expect-text 不予受理 1
screenshot county-inbox
tap nav.batches
expect-text 已受理、待报送的需求：3 件
tap batches.all
tap batches.forward
expect-text 将所选 3 件需求作为第 1 批报送市局
screenshot county-forward-confirm
tap batches.confirm
expect-text 已生成第 1 批报送，共 3 件
screenshot county-batch-made
)";
    auto county_run = day.console_at(day.county, day.county_key, county_script);
    INFO(county_run.error);
    REQUIRE(county_run.exit_code == 0);
    CHECK(column(day.county, receipts[4], "review_reason") == reject_reason);
    CHECK(column(day.county, receipts[0], "forward_batch") == "1");

    // The uplink carries the batch to the city.
    REQUIRE_MESSAGE(wait_until([&] { return day.city.count("SELECT count(*) FROM submissions") == 3; }, 60),
                    day.county.log() << day.city.log());

    // The city's reviewer: accept the first, return the second.
    const std::string city_script = day.sign_in(city_passphrase) + R"(
expect-text 共 3 件
expect-text 王芳（staff-0001，审核员）
expect-text 江门市科技局
screenshot city-inbox
)" + act(receipts[0], "a", false, "已受理") +
                                    act(receipts[1], "r", true, "已退回") + R"(
screenshot city-after
)";
    auto city_run = day.console_at(day.city, day.city_key, city_script);
    INFO(city_run.error);
    REQUIRE(city_run.exit_code == 0);

    // The county pulls the city's decisions; its console shows them in the batch.
    REQUIRE_MESSAGE(wait_until(
                        [&] {
                            return column(day.county, receipts[0], "review_stage") == "city_accepted" &&
                                   column(day.county, receipts[1], "review_stage") == "city_returned";
                        },
                        60),
                    day.county.log());
    const std::string follow_script = day.sign_in(county_passphrase) + R"(
tap nav.batches
tap batches.open.1
expect-text 第 1 批的需求
expect-text 市局已受理
expect-text 市局退回
screenshot county-batch-city-decisions
)";
    auto follow_run = day.console_at(day.county, day.county_key, follow_script);
    INFO(follow_run.error);
    REQUIRE(follow_run.exit_code == 0);

    // The applicant's terminal shows every decision and the reason of each return and rejection.
    CHECK(wait_until([&] { return progress(day.terminal, receipts[0]) == "accepted|"; }, 60));
    CHECK(wait_until([&] { return progress(day.terminal, receipts[1]) == "returned|" + return_reason; }, 60));
    CHECK(wait_until([&] { return progress(day.terminal, receipts[3]) == "returned|" + return_reason; }, 60));
    CHECK(wait_until([&] { return progress(day.terminal, receipts[4]) == "rejected|" + reject_reason; }, 60));
    INFO(progress(day.terminal, receipts[2]));
    CHECK(wait_until([&] { return progress(day.terminal, receipts[2]).rfind("forwarded|", 0) == 0; }, 60));
}

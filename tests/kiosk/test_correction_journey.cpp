// tests/kiosk/test_correction_journey.cpp — issue 12 items 1 and 2 end to end: two real jiebang-kiosk
// processes (under SDL's offscreen driver) of one county, a real jiebang-aggregator on loopback, the real
// jiebang-sync-agent draining each terminal's outbox after its run, and county staff returning the demand
// through the real `jiebang submissions return` (cli::run_command_line). Terminal 1 files a demand and
// prints its receipt (the access code is on the paper, never in the QR); staff return it; terminal 2 — a
// new process that never saw the filing — looks the number up, shows the staff's reason, refuses a wrong
// access code with the tries left, opens the wizard prefilled under the reason with the right code, and
// files the correction: the county then holds revision 2 of the same item (docs/protocol.md 18,
// docs/review.md C27 and R13), and terminal 1's number says it was corrected.
#include <doctest/doctest.h>

#include <regex>

#include "kiosk_test_support.hpp"
#include "sync/aggregator/project_stages.hpp"
#include "sync_test_support.hpp"

namespace {

namespace sync_test = jiebang::sync::test;

// The access code printed after the label on the ESC/POS receipt (ASCII, 8 characters of the alphabet).
std::string printed_access_code(const std::string& escpos, const std::string& number) {
    const std::size_t after_number = escpos.find(number);
    if (after_number == std::string::npos)
        return {};
    static const std::regex code(" ([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8})[\r\n]");
    std::smatch match;
    const std::string rest = escpos.substr(after_number + number.size());
    return std::regex_search(rest, match, code) ? match[1].str() : std::string();
}

// A terminal's data folder with its CURVE key, enrolled at the county under 440703-00N.
struct KioskTerminal {
    std::filesystem::path data;
    int number = 0;
    std::string sync_flags;

    KioskTerminal(const sync_test::TempDir& temp, int terminal_number, const sync_test::Aggregator& county)
        : data(temp / ("kiosk-" + std::to_string(terminal_number))), number(terminal_number) {
        std::filesystem::create_directories(data);
        auto keys = jiebang::sync::CurveKeyPair::load_or_create(data / "curve.key");
        REQUIRE(keys.ok());
        // The first start writes the terminal's signing key; --print-public-key prints it.
        const auto printed = kiosk_test::run_command(
            kiosk_test::quote(JIEBANG_KIOSK_BINARY) + " --data-dir " + kiosk_test::quote(data.string()) +
                " --assets " + kiosk_test::quote(JIEBANG_SOURCE_ASSETS_DIR) + " --terminal-number " +
                std::to_string(number) + " --print-public-key",
            data / "public-key.txt");
        REQUIRE_MESSAGE(printed.exit_code == 0, printed.output);
        std::string signing_key = printed.output;
        while (!signing_key.empty() && (signing_key.back() == '\n' || signing_key.back() == ' '))
            signing_key.pop_back();
        REQUIRE(
            sync_test::staff({"terminal", "enroll", "--store", county.store(), "--id", node_id(), "--county",
                              "440703", "--curve-key", keys->public_key, "--signing-key", signing_key}) == 0);
        sync_flags = "--terminal-number " + std::to_string(number) + " --sync-endpoint " + county.endpoint() +
                     " --sync-server-key " + kiosk_test::quote(county.keys().public_key) +
                     " --sync-key-file " + kiosk_test::quote((data / "curve.key").string());
    }
    std::string node_id() const { return "440703-00" + std::to_string(number); }

    // Drains the outbox with the real sync agent (the kiosk's own agent thread stops with its process): it
    // exits 0 once it is online with nothing pending.
    void upload(const sync_test::Aggregator& county, sync_test::TempDir& temp) {
        const auto log = temp / ("agent-" + std::to_string(number) + ".log");
        sync_test::Process agent;
        agent.start(
            sync_test::binary("jiebang-sync-agent"),
            {"--store", (data / "terminal.sqlite").string(), "--key-file", (data / "curve.key").string(),
             "--endpoint", county.endpoint(), "--server-key", county.keys().public_key, "--assets",
             JIEBANG_SOURCE_ASSETS_DIR, "--heartbeat-interval-ms", "300", "--exit-when-drained"},
            log);
        REQUIRE_MESSAGE(agent.wait(60) == 0, sync_test::read_file(log));
    }
};

}  // namespace

TEST_CASE("[12.1][12.2] a returned demand is looked up, corrected and resubmitted at another terminal") {
    sync_test::TempDir temp;
    sync_test::Aggregator county(temp, "county", "county");
    county.start();
    KioskTerminal filing(temp, 1, county);
    KioskTerminal other(temp, 2, county);

    // Terminal 1: the demand, its receipt on screen and on paper.
    const auto printer = filing.data / "printer.escpos";
    const auto filed =
        kiosk_test::run_kiosk(filing.data, kiosk_test::demand_steps + R"(
tap review.submit
expect-text 提交成功
expect-text 查询码
screenshot correction-receipt-with-code
tap receipt.print
expect-text 回执已打印
tap receipt.done
)",
                              filing.sync_flags + " --printer " + kiosk_test::quote(printer.string()));
    REQUIRE_MESSAGE(filed.exit_code == 0, filed.output);
    auto filing_store = jiebang::store::TerminalStore::open(filing.data / "terminal.sqlite");
    REQUIRE(filing_store.ok());
    auto receipts = filing_store->recent_receipts(1);
    REQUIRE(receipts.ok());
    REQUIRE(receipts->size() == 1);
    const std::string number = receipts->front().receipt_number;
    const std::string code = printed_access_code(kiosk_test::read_file(printer), number);
    REQUIRE_MESSAGE(code.size() == 8, "no access code printed after " << number);
    // Never in the QR: the receipt's QR payload is JB1|number|hash|signature only.
    const auto qr =
        kiosk_test::decode_qr(filing.data / "shots" / "correction-receipt-with-code.png", filing.data);
    CHECK(qr.rfind("JB1|" + number + "|", 0) == 0);
    CHECK(qr.find(code) == std::string::npos);

    filing.upload(county, temp);
    REQUIRE(sync_test::staff({"submissions", "return", "--store", county.store(), number, "--reason",
                              "请在项目名称中注明修订版本"}) == 0);

    // Terminal 2: lookup, a wrong code, the right one, the correction.
    std::string wrong = code;
    wrong[0] = wrong[0] == '2' ? '3' : '2';
    const auto corrected = kiosk_test::run_kiosk(other.data, R"(
tap home.progress
tap progress.number
type )" + number + R"(
tap progress.lookup
expect-text 退回修改
expect-text 请在项目名称中注明修订版本
screenshot correction-progress-returned
tap progress.correct
expect-text 请输入回执上的查询码
tap progress.code
type )" + wrong + R"(
tap progress.code_submit
expect-text 还可以再试4次
screenshot correction-wrong-code
tap progress.code
type )" + code + R"(
tap progress.code_submit
expect-text 正在修改退回的申报
expect-text 请在项目名称中注明修订版本
screenshot correction-wizard-prefilled
tap wizard.next
tap wizard.next
expect-no-text 退回原因提到下面这一项
tap wizard.next
expect-text 高精度焊缝视觉识别系统
expect-text 退回原因提到下面这一项
screenshot correction-field-named
tap field.project_name
type （修订版）
tap wizard.review
expect-text 高精度焊缝视觉识别系统（修订版）
tap review.submit
expect-text 提交成功
expect-text 修改自回执号
expect-text )" + number + R"(
screenshot correction-new-receipt
tap receipt.done
)",
                                                 other.sync_flags);
    REQUIRE_MESSAGE(corrected.exit_code == 0, corrected.output);
    other.upload(county, temp);

    // The county: one item, two revisions; the original is resubmitted, the correction received.
    auto store = jiebang::sync::AggregatorStore::open(county.store_file());
    REQUIRE(store.ok());
    auto chain = store->revisions(number);
    REQUIRE(chain.ok());
    REQUIRE(chain->size() == 2);
    CHECK(chain->at(0).receipt_number == number);
    CHECK(chain->at(0).review_stage == "resubmitted");
    CHECK(chain->at(1).revision == 2);
    CHECK(chain->at(1).review_stage == "received");
    CHECK(chain->at(1).resubmission_of == chain->at(0).submission_id);
    CHECK(chain->at(1).receipt_number.rfind("JM-03-002-", 0) == 0);
    auto revised = store->find(chain->at(1).submission_id);
    REQUIRE(revised.ok());
    REQUIRE(revised->has_value());
    CHECK((**revised).project_name == "高精度焊缝视觉识别系统（修订版）");
    CHECK(
        county.count("SELECT count(*) FROM audit WHERE action = 'content_read_for_correction' AND staff_id = "
                     "'440703-002'") == 1);

    // Terminal 1 again (a restart): its number now points to the correction.
    const auto looked_up = kiosk_test::run_kiosk(filing.data, R"(
tap home.progress
tap progress.number
type )" + number + R"(
tap progress.lookup
expect-text 已修改并重新提交
expect-text )" + chain->at(1).receipt_number + R"(
screenshot correction-original-points-to-new
)",
                                                 filing.sync_flags);
    REQUIRE_MESSAGE(looked_up.exit_code == 0, looked_up.output);
    kiosk_test::keep_screenshots(filing.data);
    kiosk_test::keep_screenshots(other.data);
    CHECK(county.process().stop() == 0);
}

TEST_CASE("[12.1] offline, a lookup shows the last known state and says from when") {
    sync_test::TempDir temp;
    sync_test::Aggregator county(temp, "county", "county");
    county.start();
    KioskTerminal filing(temp, 3, county);
    const auto filed = kiosk_test::run_kiosk(filing.data, kiosk_test::demand_steps + R"(
tap review.submit
expect-text 提交成功
tap receipt.done
)",
                                             filing.sync_flags);
    REQUIRE_MESSAGE(filed.exit_code == 0, filed.output);
    auto filing_store = jiebang::store::TerminalStore::open(filing.data / "terminal.sqlite");
    REQUIRE(filing_store.ok());
    auto receipts = filing_store->recent_receipts(1);
    REQUIRE(receipts.ok());
    REQUIRE(receipts->size() == 1);
    const std::string number = receipts->front().receipt_number;
    CHECK(county.process().stop() == 0);  // the county is gone: its port refuses connections

    const auto looked_up = kiosk_test::run_kiosk(filing.data, R"(
tap home.progress
tap progress.number
type )" + number + R"(
tap progress.lookup
expect-text 暂时连不上县区服务器
expect-text 最后得知的状态
screenshot correction-progress-offline
)",
                                                 filing.sync_flags);
    REQUIRE_MESSAGE(looked_up.exit_code == 0, looked_up.output);
    // Another county's number (county code 04): the terminal says where to ask instead of asking.
    jiebang::ReceiptNumber elsewhere_number{"JM", "04", 1, 2026, 11, 19, 1};
    const auto elsewhere = kiosk_test::run_kiosk(filing.data, R"(
tap home.progress
tap progress.number
type )" + elsewhere_number.text() + R"(
tap progress.lookup
expect-text 由其他县区
expect-no-text 没有找到
screenshot correction-progress-other-county
)",
                                                 filing.sync_flags);
    REQUIRE_MESSAGE(elsewhere.exit_code == 0, elsewhere.output);
    kiosk_test::keep_screenshots(filing.data);
}

TEST_CASE("[14.3] after the board a receipt's lookup shows its project's number and stage from the county") {
    // docs/protocol.md 21 P5: the county holds its receipts' stages (applied here with the county uplink's own
    // function, as a page from the city would be); the terminal asks after the item's progress.
    sync_test::TempDir temp;
    sync_test::Aggregator county(temp, "county", "county");
    county.start();
    KioskTerminal filing(temp, 4, county);
    const auto filed = kiosk_test::run_kiosk(filing.data, kiosk_test::demand_steps + R"(
tap review.submit
expect-text 提交成功
tap receipt.done
)",
                                             filing.sync_flags);
    REQUIRE_MESSAGE(filed.exit_code == 0, filed.output);
    auto filing_store = jiebang::store::TerminalStore::open(filing.data / "terminal.sqlite");
    REQUIRE(filing_store.ok());
    auto receipts = filing_store->recent_receipts(1);
    REQUIRE(receipts.ok());
    REQUIRE(receipts->size() == 1);
    const std::string number = receipts->front().receipt_number;
    filing.upload(county, temp);

    // Before a project: the lookup shows the item's progress and no project.
    const auto before = kiosk_test::run_kiosk(filing.data, R"(
tap home.progress
tap progress.number
type )" + number + R"(
tap progress.lookup
expect-text 回执编号
expect-no-text 项目编号
)",
                                              filing.sync_flags);
    REQUIRE_MESSAGE(before.exit_code == 0, before.output);
    {
        auto store = jiebang::sync::AggregatorStore::open(county.store_file());
        REQUIRE(store.ok());
        jiebang::sync::ProjectStages page;
        page.latest = 12;
        page.rows.push_back(jiebang::sync::ProjectStageRow{12,
                                                           number,
                                                           "JM-2026-001",
                                                           "JMJB-2026-001",
                                                           jiebang::sync::ProjectRoleCode::Issuer,
                                                           "in_progress",
                                                           1795000700,
                                                           {{"county", "4321.5", "1234.25"}}});
        REQUIRE(jiebang::sync::apply_project_stages(store.value(), page, 1795000800).ok());
    }
    // Landscape and portrait panels (a hall has both).
    for (const std::string panel : {"1920x1080", "1080x1920"}) {
        CAPTURE(panel);
        const auto after = kiosk_test::run_kiosk(filing.data, R"(
tap home.progress
tap progress.number
type )" + number + R"(
tap progress.lookup
expect-text 项目编号
expect-text JMJB-2026-001
expect-text 实施中
expect-no-text 4321.5
expect-no-text 1234.25
screenshot progress-project-stage-)" + panel + R"(
)",
                                                 filing.sync_flags + " --size " + panel);
        // Nothing of the county's share reaches the applicant's screen (the expect-no-text lines: status only).
        REQUIRE_MESSAGE(after.exit_code == 0, after.output);
    }
    kiosk_test::keep_screenshots(filing.data);
    CHECK(county.process().stop() == 0);
}

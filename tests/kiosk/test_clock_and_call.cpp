// tests/kiosk/test_clock_and_call.cpp — issue 16 item 5 (time you can trust) and issue 13 item 4
// (呼叫工作人员) end to end: the real jiebang-kiosk under SDL's offscreen driver, the real jiebang-sync-agent
// and a real county jiebang-aggregator on loopback. The terminal's clock is moved with --clock-offset (the
// kiosk's clock seam and its agent's). Refusals are proven by what happened: the refusal screen's text in the
// script, no receipt and nothing in the outbox in the store; acceptance by the receipt.
#include <doctest/doctest.h>

#include <ctime>
#include <regex>

#include "kiosk_test_support.hpp"
#include "shared/store/terminal_conditions.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync_test_support.hpp"

namespace {

namespace sync_test = jiebang::sync::test;

// A terminal's data folder with its CURVE key, enrolled at the county as 440703-00N (as in
// test_correction_journey.cpp).
struct ClockTerminal {
    std::filesystem::path data;
    int number = 0;
    std::string sync_flags;

    ClockTerminal(const sync_test::TempDir& temp, int terminal_number, const sync_test::Aggregator& county)
        : data(temp / ("kiosk-" + std::to_string(terminal_number))), number(terminal_number) {
        std::filesystem::create_directories(data);
        auto keys = jiebang::sync::CurveKeyPair::load_or_create(data / "curve.key");
        REQUIRE(keys.ok());
        const auto printed = kiosk_test::run_command(
            kiosk_test::quote(JIEBANG_KIOSK_BINARY) + " --data-dir " + kiosk_test::quote(data.string()) +
                " --assets " + kiosk_test::quote(JIEBANG_SOURCE_ASSETS_DIR) + " --terminal-number " +
                std::to_string(number) + " --print-public-key",
            data / "public-key.txt");
        REQUIRE_MESSAGE(printed.exit_code == 0, printed.output);
        std::string signing_key = printed.output;
        while (!signing_key.empty() && (signing_key.back() == '\n' || signing_key.back() == ' '))
            signing_key.pop_back();
        REQUIRE(sync_test::staff({"terminal", "enroll", "--store", county.store(), "--id",
                                  "440703-00" + std::to_string(number), "--county", "440703", "--curve-key",
                                  keys->public_key, "--signing-key", signing_key}) == 0);
        sync_flags = "--sync-endpoint " + county.endpoint() + " --sync-server-key " +
                     kiosk_test::quote(county.keys().public_key) + " --sync-key-file " +
                     kiosk_test::quote((data / "curve.key").string());
    }

    // The real sync agent with the terminal's clock moved by `offset`: it exits once it has met the county
    // (WELCOME carries the county's time) with nothing pending, so the store holds the skew it learned.
    void meet_county(const sync_test::Aggregator& county, sync_test::TempDir& temp, long long offset) {
        const auto log = temp / ("agent-" + std::to_string(number) + "-" + std::to_string(offset) + ".log");
        sync_test::Process agent;
        agent.start(
            sync_test::binary("jiebang-sync-agent"),
            {"--store", (data / "terminal.sqlite").string(), "--key-file", (data / "curve.key").string(),
             "--endpoint", county.endpoint(), "--server-key", county.keys().public_key, "--assets",
             JIEBANG_SOURCE_ASSETS_DIR, "--heartbeat-interval-ms", "300", "--clock-offset",
             std::to_string(offset), "--exit-when-drained"},
            log);
        REQUIRE_MESSAGE(agent.wait(60) == 0, sync_test::read_file(log));
    }

    // What the county keeps of this terminal's conditions (docs/protocol.md 19), written by the real aggregator.
    jiebang::sync::TerminalConditionRecord condition_at(const sync_test::Aggregator& county) const {
        auto store = jiebang::sync::AggregatorStore::open(county.store_file());
        REQUIRE(store.ok());
        auto conditions = store->terminal_conditions();
        REQUIRE(conditions.ok());
        for (const auto& condition : *conditions) {
            if (condition.node_id == "440703-00" + std::to_string(number))
                return condition;
        }
        FAIL("the county holds no conditions of terminal " << number);
        return {};
    }

    jiebang::store::TerminalStore store() const {
        auto opened = jiebang::store::TerminalStore::open(data / "terminal.sqlite");
        REQUIRE(opened.ok());
        return std::move(*opened);
    }
};

const std::string refused_journey = kiosk_test::demand_steps + R"(
tap review.submit
expect-text 暂时不能出具回执
expect-text 您填写的内容都还在
expect-no-text 提交成功
screenshot clock-refused
tap clock_refused.back
expect-text 高精度焊缝视觉识别系统
)";

}  // namespace

TEST_CASE("[16.5] a terminal clock two hours off the county's issues no receipt, in bound it receipts") {
    sync_test::TempDir temp;
    sync_test::Aggregator county(temp, "county", "county");
    county.start();
    ClockTerminal terminal(temp, 1, county);
    const long long two_hours = 2 * 3600;

    // The agent meets the county with the clock two hours ahead: the store keeps a skew of about -2 h.
    terminal.meet_county(county, temp, two_hours);
    {
        auto store = terminal.store();
        auto reading = jiebang::store::load_clock_reading(store.database());
        REQUIRE(reading.ok());
        REQUIRE(reading->has_value());
        CHECK((*reading)->skew_seconds <= -two_hours + 5);
        CHECK((*reading)->skew_seconds >= -two_hours - 5);
    }
    // The county measured the same skew from the terminal's report.
    const auto ahead = terminal.condition_at(county);
    CHECK(ahead.clock_skew_seconds <= -two_hours + 5);
    CHECK(ahead.clock_skew_seconds >= -two_hours - 5);
    CHECK(ahead.call_since == 0);
    std::string listed;
    REQUIRE(sync_test::staff({"terminal", "list", "--store", county.store()}, &listed) == 0);
    CHECK(listed.find("clock_skew_seconds") != std::string::npos);
    CHECK(listed.find("440703-001\t") != std::string::npos);
    CHECK(std::regex_search(listed, std::regex("\t-7(19[5-9]|20[0-5])\t")));  // -7200 within 5 s
    const auto refused = kiosk_test::run_kiosk(
        terminal.data, refused_journey, terminal.sync_flags + " --clock-offset " + std::to_string(two_hours));
    REQUIRE_MESSAGE(refused.exit_code == 0, refused.output);
    CHECK(refused.output.find("no receipt: kiosk.clock.verdict.too_far") != std::string::npos);
    {
        auto store = terminal.store();
        auto receipts = store.recent_receipts(5);
        REQUIRE(receipts.ok());
        CHECK(receipts->empty());
        auto counts = store.outbox_counts();
        REQUIRE(counts.ok());
        CHECK(counts->pending == 0);
        CHECK(counts->acknowledged == 0);
    }

    // The attendant's view: terminal time, county time, the skew and why no receipt is issued.
    const auto admin = kiosk_test::run_kiosk(terminal.data, R"(
tap nav.call_attendant
tap attendant.continue
)" + kiosk_test::open_admin_page() + R"(wait 3
expect-text 本机时间与县级平台相差过大
expect-text 县级平台时间减本机时间
expect-text 有人呼叫工作人员
screenshot admin-clock-skew-and-call
tap admin.clear_call
)",
                                             "--clock-offset " + std::to_string(two_hours));
    REQUIRE_MESSAGE(admin.exit_code == 0, admin.output);

    // The clock set right: the agent learns a skew within the limit and the same journey receipts.
    terminal.meet_county(county, temp, 0);
    const auto right = terminal.condition_at(county);
    CHECK(right.clock_skew_seconds <= 5);
    CHECK(right.clock_skew_seconds >= -5);
    const auto accepted = kiosk_test::run_kiosk(terminal.data, kiosk_test::demand_steps + R"(
tap review.submit
expect-text 提交成功
)",
                                                terminal.sync_flags);
    REQUIRE_MESSAGE(accepted.exit_code == 0, accepted.output);
    auto store = terminal.store();
    auto receipts = store.recent_receipts(5);
    REQUIRE(receipts.ok());
    CHECK(receipts->size() == 1);
    kiosk_test::keep_screenshots(terminal.data);
}

TEST_CASE("[16.5] a clock in the year 2000 is refused even when the county was never reached") {
    sync_test::TempDir temp;
    const auto data = temp / "kiosk";
    const long long to_2000 = 946684800LL + 12 * 3600 - static_cast<long long>(std::time(nullptr));
    const auto refused =
        kiosk_test::run_kiosk(data, refused_journey, "--clock-offset " + std::to_string(to_2000));
    REQUIRE_MESSAGE(refused.exit_code == 0, refused.output);
    CHECK(refused.output.find("no receipt: kiosk.clock.verdict.before_build") != std::string::npos);
    auto store = jiebang::store::TerminalStore::open(data / "terminal.sqlite");
    REQUIRE(store.ok());
    auto receipts = store->recent_receipts(5);
    REQUIRE(receipts.ok());
    CHECK(receipts->empty());
    // The admin page tells the attendant what is wrong.
    const auto admin = kiosk_test::run_kiosk(data, R"(
)" + kiosk_test::open_admin_page() + R"(wait 3
expect-text 本机时间早于软件发布日期
expect-text 2000-01-01
screenshot admin-clock-before-build
)",
                                             "--clock-offset " + std::to_string(to_2000));
    REQUIRE_MESSAGE(admin.exit_code == 0, admin.output);
    kiosk_test::keep_screenshots(data);
}

TEST_CASE("[13.4] 呼叫工作人员 raises a call the admin page shows and clears") {
    sync_test::TempDir temp;
    const auto data = temp / "kiosk";
    const auto called = kiosk_test::run_kiosk(data, R"(
tap home.demand
screenshot call-button-wizard-1920x1080
tap nav.call_attendant
expect-text 已通知工作人员
screenshot attendant-overlay
tap attendant.continue
expect-text 已呼叫工作人员
expect-no-text 已通知工作人员
screenshot attendant-called-wizard
)");
    REQUIRE_MESSAGE(called.exit_code == 0, called.output);
    {
        auto store = jiebang::store::TerminalStore::open(data / "terminal.sqlite");
        REQUIRE(store.ok());
        auto call = jiebang::store::open_attendant_call(store->database());
        REQUIRE(call.ok());
        CHECK(call->has_value());
    }
    const auto cleared = kiosk_test::run_kiosk(data, R"(
wait 3
)" + kiosk_test::open_admin_page() + R"(wait 3
expect-text 有人呼叫工作人员
screenshot admin-call-open
tap admin.clear_call
expect-no-text 有人呼叫工作人员
)");
    REQUIRE_MESSAGE(cleared.exit_code == 0, cleared.output);
    auto store = jiebang::store::TerminalStore::open(data / "terminal.sqlite");
    REQUIRE(store.ok());
    auto call = jiebang::store::open_attendant_call(store->database());
    REQUIRE(call.ok());
    CHECK(!call->has_value());
    kiosk_test::keep_screenshots(data);
}

TEST_CASE("[13.4] the call button on a portrait panel's wizard step") {
    sync_test::TempDir temp;
    const auto data = temp / "kiosk";
    const auto run = kiosk_test::run_kiosk(data, R"(
tap home.demand
expect-text 呼叫工作人员
screenshot call-button-wizard-1080x1920
tap nav.call_attendant
expect-text 已通知工作人员
screenshot attendant-overlay-1080x1920
)",
                                           "--size 1080x1920");
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    kiosk_test::keep_screenshots(data);
}

TEST_CASE("[13.4] the applicant can cancel a call") {
    sync_test::TempDir temp;
    const auto data = temp / "kiosk";
    const auto run = kiosk_test::run_kiosk(data, R"(
tap nav.call_attendant
expect-text 已通知工作人员
tap attendant.cancel
expect-no-text 已通知工作人员
expect-text 呼叫工作人员
)");
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    auto store = jiebang::store::TerminalStore::open(data / "terminal.sqlite");
    REQUIRE(store.ok());
    auto call = jiebang::store::open_attendant_call(store->database());
    REQUIRE(call.ok());
    CHECK(!call->has_value());
}

TEST_CASE("[13.4] an attendant call reaches the county through the sync agent, and its clearing too") {
    sync_test::TempDir temp;
    sync_test::Aggregator county(temp, "county", "county");
    county.start();
    ClockTerminal terminal(temp, 2, county);
    const auto called = kiosk_test::run_kiosk(terminal.data, R"(
tap nav.call_attendant
expect-text 已通知工作人员
)",
                                              terminal.sync_flags);
    REQUIRE_MESSAGE(called.exit_code == 0, called.output);
    terminal.meet_county(county, temp, 0);
    const auto open = terminal.condition_at(county);
    CHECK(open.call_since > 0);
    std::string listed;
    REQUIRE(sync_test::staff({"terminal", "list", "--store", county.store()}, &listed) == 0);
    CHECK(listed.find("CALL ") != std::string::npos);
    const auto cleared = kiosk_test::run_kiosk(terminal.data, R"(
wait 3
)" + kiosk_test::open_admin_page() + R"(wait 3
expect-text 有人呼叫工作人员
tap admin.clear_call
expect-no-text 有人呼叫工作人员
)",
                                               terminal.sync_flags);
    REQUIRE_MESSAGE(cleared.exit_code == 0, cleared.output);
    terminal.meet_county(county, temp, 1);  // a new agent: it reports at once
    CHECK(terminal.condition_at(county).call_since == 0);
}

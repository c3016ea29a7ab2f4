// tests/kiosk/test_applicant_input.cpp — issue 12 items 5 and 6 on the real jiebang-kiosk under SDL's offscreen
// driver: full-width codes, phone numbers and e-mail addresses are typed as ASCII and filed so; an emoji is
// refused at the field with a message and never reaches the store; 返回首页 on a half-filled form asks first
// (the idle wipe still wipes); Jingdezhen's local-host fields appear only when its rule asks for them;
// Jiaxing's achievement-transfer listings ask a transfer's questions; and the consent text says what the
// terminal's retention does — checked against a real county aggregator and the real sync agent: contact data
// leaves the terminal once the county has it (default), or stays the configured days.
// Screenshots at 1920x1080 and 1080x1920 (JIEBANG_KIOSK_SCREENSHOT_DIR keeps them).
#include <doctest/doctest.h>

#include <ctime>
#include <sstream>
#include <thread>

#include "kiosk_test_support.hpp"
#include "shared/store/terminal_store.hpp"
#include "shared/text/utf8.hpp"
#include "sync_test_support.hpp"

using kiosk_test::TemporaryDirectory;

namespace {

namespace sync_test = jiebang::sync::test;

const std::vector<std::string> panels = {"1920x1080", "1080x1920"};

// `ascii` as a Chinese input method types it in full width ("91" -> "９１").
std::string full_width(const std::string& ascii) {
    std::string text;
    for (char character : ascii)
        jiebang::utf8::append(text, static_cast<char32_t>(0xFF01 + (character - '!')));
    return text;
}

std::string replaced(std::string script, const std::string& from, const std::string& to) {
    const std::size_t at = script.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "the script has no line '" << from << "'");
    return script.replace(at, from.size(), to);
}

// The demand journey of kiosk_test::demand_steps without its screenshots (those are the docs' pictures of other
// journeys: a kept run of these tests must not replace them).
std::string demand_steps_unfilmed() {
    std::string script;
    std::istringstream lines(kiosk_test::demand_steps);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("screenshot ", 0) != 0)
            script += line + "\n";
    }
    return script;
}

// The one submission a terminal holds.
jiebang::Submission only_submission(const std::filesystem::path& data_directory) {
    auto store = jiebang::store::TerminalStore::open(data_directory / "terminal.sqlite");
    REQUIRE(store.ok());
    auto receipts = store->recent_receipts(5);
    REQUIRE(receipts.ok());
    REQUIRE(receipts->size() == 1);
    auto committed = store->committed_submission(receipts->front().submission_id);
    REQUIRE(committed.ok());
    REQUIRE(committed->has_value());
    return (*committed)->submission;
}

std::string text_value(const jiebang::Submission& submission, const std::string& field_id) {
    const auto found = submission.values.find(field_id);
    if (found == submission.values.end())
        return {};
    const auto* text = std::get_if<std::string>(&found->second);
    return text != nullptr ? *text : std::string();
}

void seed_board(const std::filesystem::path& data_directory, const jiebang::Board& board) {
    std::filesystem::create_directories(data_directory);
    auto store = jiebang::store::TerminalStore::open(data_directory / "terminal.sqlite");
    REQUIRE(store.ok());
    jiebang::Board hashed = board;
    hashed.hash_hex = jiebang::board_hash_hex(hashed);
    REQUIRE(store->replace_board(hashed).ok());
}

// A Jingdezhen board of one single-solver listing (version 2, schema 1 unless the caller says otherwise).
jiebang::Board jingdezhen_board(const std::string& listing_id, const std::string& title,
                                const std::string& issuer_name, const std::string& issuer_kind) {
    jiebang::Board board;
    board.version = 2;
    board.profile_id = "jingdezhen";
    jiebang::Listing listing;
    listing.id = listing_id;
    listing.profile_id = "jingdezhen";
    listing.title = title;
    listing.industry_id = "ceramics";
    listing.mechanism = "single";
    listing.issuer_name = issuer_name;
    listing.issuer_kind = issuer_kind;
    listing.bounty_wan = "200";
    board.listings = {listing};
    return board;
}

}  // namespace

TEST_CASE(
    "[12.5a][12.5b] full-width codes are typed as ASCII - an emoji is refused at the field, never filed") {
    for (const std::string& panel : panels) {
        CAPTURE(panel);
        TemporaryDirectory data;
        std::string script = demand_steps_unfilmed();
        script =
            replaced(script, "type 91440703MA4U111142\n", R"(type )" + full_width("91440703MA4U111142") + R"(
expect-no-text 统一社会信用代码第
expect-text 91440703MA4U111142
screenshot full-width-uscc-)" + panel + "\n");
        script = replaced(script, "type 13800138000\n", "type " + full_width("13800138000") + "\n");
        script =
            replaced(script, "type liming@example.com\n", "type " + full_width("liming@example.com") + "\n");
        script = replaced(script, "type 高精度焊缝视觉识别系统\n", R"(type 高精度焊缝视觉识别系统
type 😀
expect-text 本机无法显示这个字符
expect-text 高精度焊缝视觉识别系统
expect-visible field.project_name.counter
screenshot undrawable-refused-)" + panel + R"(
type 二期
expect-no-text 本机无法显示这个字符
)");
        script += R"(
expect-text 高精度焊缝视觉识别系统二期
expect-text liming@example.com
expect-text 13800138000
tap review.submit
expect-text 提交成功
)";
        const auto run = kiosk_test::run_kiosk(data.path(), script, "--size " + panel);
        REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        const jiebang::Submission filed = only_submission(data.path());
        CHECK(text_value(filed, "issuer_uscc") == "91440703MA4U111142");
        CHECK(text_value(filed, "contact_mobile") == "13800138000");
        CHECK(text_value(filed, "contact_email") == "liming@example.com");
        CHECK(text_value(filed, "project_name") == "高精度焊缝视觉识别系统二期");
        kiosk_test::keep_screenshots(data.path());
    }
}

TEST_CASE(
    "[12.5f] 返回首页 on a half-filled form asks first - keeping returns to the form, the idle wipe wipes") {
    for (const std::string& panel : panels) {
        CAPTURE(panel);
        TemporaryDirectory data;
        const auto run = kiosk_test::run_kiosk(data.path(), R"(
tap home.demand
tap nav.home
expect-widget home.demand
tap home.demand
tap field.consent_personal_data
tap wizard.next
tap field.issuer_name
type 江门市蓬江区示例机器人有限公司
close-keyboard
tap nav.home
expect-text 要放弃已填写的内容吗？
expect-widget home_confirm.keep
expect-widget home_confirm.discard
screenshot home-confirm-)" + panel + R"(
tap home_confirm.keep
expect-no-text 要放弃已填写的内容吗？
expect-text 江门市蓬江区示例机器人有限公司
tap nav.home
tap home_confirm.discard
expect-widget home.demand
expect-no-text 江门市蓬江区示例机器人有限公司
tap home.demand
expect-no-text 江门市蓬江区示例机器人有限公司
tap field.consent_personal_data
tap wizard.next
tap field.issuer_name
type 江门市蓬江区示例机器人有限公司
close-keyboard
tap nav.home
expect-text 要放弃已填写的内容吗？
idle 125
expect-text 您还在吗？
idle 40
expect-widget home.demand
expect-no-text 要放弃已填写的内容吗？
tap home.demand
expect-no-text 江门市蓬江区示例机器人有限公司
)",
                                               "--size " + panel);
        REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        kiosk_test::keep_screenshots(data.path());
    }
}

TEST_CASE("[12.5e] Jingdezhen's local host fields appear only when its rule asks for them") {
    for (const std::string& panel : panels) {
        CAPTURE(panel);
        TemporaryDirectory data;
        jiebang::Board board =
            jingdezhen_board("JDZ-2026-001", "高温陶瓷釉面缺陷检测", "景德镇陶瓷大学", "non_enterprise");
        board.listings[0].problem = "釉面微裂纹人工检出率低。";
        board.listings[0].targets = "检出率不低于99%。";
        seed_board(data.path(), board);
        const auto run =
            kiosk_test::run_kiosk(data.path(), R"(
tap home.bid
tap board.listing.JDZ-2026-001
tap listing.bid
tap field.consent_personal_data
tap wizard.next
tap wizard.next
tap field.solver_name
type 景德镇市昌江区示例陶瓷科技有限公司
tap field.solver_uscc
type 91360202MA35A1B20F
close-keyboard
tap field.solver_kind.enterprise
expect-no-text 项目承接企业
expect-no-text 承接企业统一社会信用代码
tap field.solver_kind.university
expect-text 项目承接企业
expect-text 承接企业统一社会信用代码
tap wizard.next
expect-text 要确定一家景德镇市市域内的单位作为项目承接企业
screenshot local-host-asked-)" + panel + R"(
tap field.solver_kind.enterprise
expect-no-text 项目承接企业
tap wizard.next
expect-text 攻关团队与联系人
)",
                                  "--size " + panel +
                                      " --profile jingdezhen --county 360202 --terminal-number 1");
        REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        kiosk_test::keep_screenshots(data.path());
    }
}

TEST_CASE("[12.5c] a bid from the issuer under another name is stopped by the issuer's USCC on the board") {
    for (const std::string& panel : panels) {
        CAPTURE(panel);
        TemporaryDirectory data;
        jiebang::Board board =
            jingdezhen_board("JDZ-2026-002", "日用陶瓷釉料配方优化", "景德镇某陶瓷有限公司", "enterprise");
        board.schema = jiebang::latest_board_schema;  // the issuer's USCC travels with the listing
        board.listings[0].issuer_uscc = "91360202MA35A1B20F";
        seed_board(data.path(), board);
        std::string erase_code;
        for (int stroke = 0; stroke < 18; ++stroke)
            erase_code += "key backspace\n";
        const auto run =
            kiosk_test::run_kiosk(data.path(), R"(
tap home.bid
tap board.listing.JDZ-2026-002
tap listing.bid
tap field.consent_personal_data
tap wizard.next
tap wizard.next
tap field.solver_name
type 景德镇瓷都新材料科技有限公司
tap field.solver_uscc
type 91360202ma35a1b20f
close-keyboard
tap field.solver_kind.enterprise
tap wizard.next
expect-text 揭榜单位不能是发布这个榜单的单位自己或其分支机构
screenshot issuer-uscc-refused-)" + panel + R"(
tap field.solver_uscc
)" + erase_code + R"(type 91360203705512348M
close-keyboard
tap wizard.next
expect-no-text 揭榜单位不能是发布这个榜单的单位自己或其分支机构
expect-text 攻关团队与联系人
)",
                                  "--size " + panel +
                                      " --profile jingdezhen --county 360202 --terminal-number 1");
        REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        kiosk_test::keep_screenshots(data.path());
    }
}

// A listing past its deadline (set by the city, docs/protocol.md 17.2 BOARD-SET-DEADLINE) is still shown with
// its deadline, says bids are closed and offers no 揭榜 button; an open listing beside it still takes bids.
TEST_CASE("a listing past its deadline says bids are closed and takes none") {
    for (const std::string& panel : panels) {
        CAPTURE(panel);
        TemporaryDirectory data;
        jiebang::Board board =
            jingdezhen_board("JDZ-2026-010", "高温窑炉余热回收技术", "景德镇陶瓷大学", "non_enterprise");
        board.listings.front().deadline = "2026-01-31";
        jiebang::Listing open = board.listings.front();
        open.id = "JDZ-2026-011";
        open.deadline = "2099-12-31";
        board.listings.push_back(open);
        seed_board(data.path(), board);
        const auto run =
            kiosk_test::run_kiosk(data.path(), R"(
tap home.bid
tap board.listing.JDZ-2026-010
expect-text 揭榜已于 2026-01-31 截止，不再受理揭榜。
expect-no-text 我要揭这个榜
screenshot listing-closed-)" + panel + R"(
tap listing.back
tap board.listing.JDZ-2026-011
expect-no-text 不再受理揭榜
expect-text 我要揭这个榜
tap listing.bid
tap field.consent_personal_data
)",
                                  "--size " + panel +
                                      " --profile jingdezhen --county 360202 --terminal-number 1");
        REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        kiosk_test::keep_screenshots(data.path());
    }
}

TEST_CASE("[12.5d] Jiaxing's achievement-transfer listings ask a transfer's questions") {
    for (const std::string& panel : panels) {
        CAPTURE(panel);
        TemporaryDirectory data;
        jiebang::Board board;
        board.version = 4;
        board.profile_id = "jiaxing";
        jiebang::Listing transfer;
        transfer.id = "JX-2026-003";
        transfer.profile_id = "jiaxing";
        transfer.title = "高性能氢燃料电池催化剂制备技术";
        transfer.industry_id = "new_energy";
        transfer.project_type_id = "achievement_transfer";
        transfer.mechanism = "single";
        transfer.issuer_name = "某大学材料学院";
        transfer.issuer_kind = "non_enterprise";
        transfer.problem = "低铂催化剂，已完成中试，拥有发明专利3项。";
        transfer.targets = "适用于车用燃料电池电堆企业，需具备洁净车间。";
        transfer.bounty_wan = "500";
        board.listings = {transfer};
        seed_board(data.path(), board);
        const auto run = kiosk_test::run_kiosk(data.path(), R"(
tap home.bid
tap board.listing.JX-2026-003
expect-text 成果持有单位
expect-text 成果简介
expect-text 应用前景和承接条件
expect-no-text 技术难题
screenshot transfer-listing-)" + panel + R"(
tap listing.bid
tap field.consent_personal_data
tap wizard.next
tap wizard.next
tap field.solver_name
type 平湖示例新能源有限公司
tap field.solver_uscc
type 91330482MA2B3C4D1J
close-keyboard
tap field.solver_kind.enterprise
tap wizard.next
expect-text 转化团队名称
tap field.team_name
type 催化剂转化组
tap field.team_lead_name
type 陈立
tap field.contact_mobile
type 13900139000
tap field.contact_email
type chen@example.com
close-keyboard
tap wizard.next
expect-text 成果承接转化方案
expect-text 本企业的承接条件
expect-text 转化进度安排
expect-no-text 可行性方案
expect-no-text 技术路线
screenshot transfer-bid-plan-)" + panel + R"(
)",
                                               "--size " + panel +
                                                   " --profile jiaxing --county 330482 --terminal-number 1");
        REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        kiosk_test::keep_screenshots(data.path());
    }
    // A transfer demand: the content and problem steps word the fields as the offer of a result.
    TemporaryDirectory data;
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
tap home.demand
tap field.consent_personal_data
tap wizard.next
tap field.issuer_name
type 某大学材料学院
tap field.issuer_uscc
type 91330482MA2B3C4D1J
close-keyboard
tap field.issuer_kind.enterprise
tap wizard.next
tap field.contact_name
type 陈立
tap field.contact_mobile
type 13900139000
tap field.contact_email
type chen@example.com
close-keyboard
tap wizard.next
expect-text 重大技术需求项目名称
tap field.project_type.achievement_transfer
expect-text 科技成果名称
expect-no-text 重大技术需求项目名称
tap field.industry_field.new_energy
tap field.sub_direction
type 燃料电池
tap field.project_name
type 低铂氢燃料电池催化剂
close-keyboard
tap wizard.next
expect-text 成果简介
expect-text 应用前景和承接条件
expect-no-text 技术难题概述
screenshot transfer-demand-problem
)",
                                           "--profile jiaxing --county 330482 --terminal-number 1");
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    kiosk_test::keep_screenshots(data.path());
}

namespace {

// A terminal of county 440703 enrolled at a real county aggregator (as in test_correction_journey.cpp).
struct EnrolledTerminal {
    std::filesystem::path data;
    std::string sync_flags;

    EnrolledTerminal(const sync_test::TempDir& temp, const std::string& name,
                     const sync_test::Aggregator& county, int number)
        : data(temp / name) {
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
        sync_flags = "--terminal-number " + std::to_string(number) + " --sync-endpoint " + county.endpoint() +
                     " --sync-server-key " + kiosk_test::quote(county.keys().public_key) +
                     " --sync-key-file " + kiosk_test::quote((data / "curve.key").string());
    }

    // Uploads the outbox with the real sync agent, told to keep contact data (so only the kiosk's own agent,
    // with the kiosk's retention, can purge it); returns once the county acknowledged everything.
    void upload_keeping_contacts(const sync_test::Aggregator& county, const sync_test::TempDir& temp) {
        const auto log = temp / "agent.log";
        sync_test::Process agent;
        agent.start(sync_test::binary("jiebang-sync-agent"),
                    {"--store", (data / "terminal.sqlite").string(), "--key-file",
                     (data / "curve.key").string(), "--endpoint", county.endpoint(), "--server-key",
                     county.keys().public_key, "--assets", JIEBANG_SOURCE_ASSETS_DIR, "--retention-days",
                     "3650", "--heartbeat-interval-ms", "300", "--exit-when-drained"},
                    log);
        REQUIRE_MESSAGE(agent.wait(60) == 0, sync_test::read_file(log));
        // The purge takes rows acknowledged before the current second: let the clock pass this one.
        const std::time_t acknowledged_by = std::time(nullptr);
        while (std::time(nullptr) <= acknowledged_by)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
};

// Files the demand of kiosk_test::demand_steps at `terminal` with its sync agent running.
void file_demand(const EnrolledTerminal& terminal) {
    const auto filed = kiosk_test::run_kiosk(terminal.data, demand_steps_unfilmed() + R"(
tap review.submit
expect-text 提交成功
tap receipt.done
)",
                                             terminal.sync_flags);
    REQUIRE_MESSAGE(filed.exit_code == 0, filed.output);
}

}  // namespace

TEST_CASE("[12.6] by default the consent says contact data leaves once the county has it, and it does") {
    sync_test::TempDir temp;
    sync_test::Aggregator county(temp, "county", "county");
    county.start();
    EnrolledTerminal terminal(temp, "kiosk", county, 1);
    file_demand(terminal);
    terminal.upload_keeping_contacts(county, temp);
    // Acknowledged by the county, still whole here: nothing purged it yet.
    CHECK(text_value(only_submission(terminal.data), "contact_mobile") == "13800138000");

    // The next start of the terminal (its agent's housekeeping) removes it; the consent says just that.
    const auto restarted = kiosk_test::run_kiosk(terminal.data, R"(
tap home.demand
expect-text 资料送达科技局后，本机会删除这些联系信息
expect-no-text 天后，本机会删除
screenshot consent-retention-immediate
)",
                                                 terminal.sync_flags);
    REQUIRE_MESSAGE(restarted.exit_code == 0, restarted.output);
    const jiebang::Submission kept = only_submission(terminal.data);
    CHECK(text_value(kept, "contact_mobile").empty());
    CHECK(text_value(kept, "contact_email").empty());
    CHECK(text_value(kept, "contact_name").empty());
    CHECK(text_value(kept, "project_name") == "高精度焊缝视觉识别系统");  // only contact data goes
    kiosk_test::keep_screenshots(terminal.data);
}

TEST_CASE("[12.6] a terminal configured to keep contact data says how long, and keeps it that long") {
    sync_test::TempDir temp;
    sync_test::Aggregator county(temp, "county", "county");
    county.start();
    EnrolledTerminal terminal(temp, "kiosk", county, 1);
    const auto config = terminal.data / "terminal.toml";
    std::ofstream(config) << "[sync]\nretention_days = 3\n";
    const std::string flags = terminal.sync_flags + " --config " + kiosk_test::quote(config.string());
    const auto filed = kiosk_test::run_kiosk(terminal.data, demand_steps_unfilmed() + R"(
tap review.submit
expect-text 提交成功
)",
                                             flags);
    REQUIRE_MESSAGE(filed.exit_code == 0, filed.output);
    terminal.upload_keeping_contacts(county, temp);
    const auto restarted = kiosk_test::run_kiosk(terminal.data, R"(
tap home.demand
expect-text 资料送达科技局3天后，本机会删除这些联系信息
screenshot consent-retention-days
)",
                                                 flags);
    REQUIRE_MESSAGE(restarted.exit_code == 0, restarted.output);
    CHECK(text_value(only_submission(terminal.data), "contact_mobile") == "13800138000");
    kiosk_test::keep_screenshots(terminal.data);
}

// tests/kiosk/application_harness.hpp — the terminal's Application driven directly, without a display: real
// TerminalServices (catalogues from assets/, a real SQLite store in a temporary data folder) and a
// VirtualClock the test moves. Intents go in exactly as the screens push them; `settle()` lets the
// background work (store, printer, PIN checks) finish and hands its results back, as a frame would.
// Also the shared fixtures of the kiosk tests: one complete Jiangmen demand, one bid, a two-listing board.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "kiosk/app/application.hpp"
#include "kiosk/app/clock.hpp"
#include "kiosk/app/terminal_services.hpp"
#include "kiosk_test_support.hpp"
#include "shared/domain/board.hpp"

namespace kiosk_test {

inline jiebang::FieldValues complete_demand() {
    return jiebang::FieldValues{
        {"consent_personal_data", true},
        {"issuer_name", std::string("江门市蓬江区示例机器人有限公司")},
        {"issuer_uscc", std::string("91440703MA4U111142")},
        {"issuer_kind", std::string("enterprise")},
        {"last_year_revenue_wan", std::string("60000")},
        {"last_year_rnd_wan", std::string("1000")},
        {"contact_name", std::string("李明远")},
        {"contact_mobile", std::string("13800138000")},
        {"contact_email", std::string("liming@example.com")},
        {"industry_field", std::string("intelligent_robots")},
        {"sub_direction", std::string("工业机器人视觉")},
        {"project_name", std::string("高精度焊缝视觉识别系统")},
        {"technical_problem",
         std::string("现有焊缝识别在强反光环境下误检率高，无法满足汽车零部件产线要求。")},
        {"technical_targets", std::string("误检率由5%降到0.5%以下，单帧处理时间不超过20毫秒。")},
        {"budget_total_wan", std::string("500")},
        {"budget_solver_wan", std::string("300")},
        {"time_limit_months", std::string("24")},
        {"ip_ownership", std::string("shared")},
        {"mechanism", std::string("single")},
        {"expected_benefits", std::string("年节约质检成本约300万元。")},
        {"self_funding_commitment", true},
        {"credit_declaration", true}};
}

// Every bid field but the listing (StartBid sets it from the listing chosen on the board).
inline jiebang::FieldValues complete_bid_without_listing() {
    return jiebang::FieldValues{{"consent_personal_data", true},
                                {"solver_name", std::string("江门示例智能科技有限公司")},
                                {"solver_uscc", std::string("91440703MA4U111142")},
                                {"solver_kind", std::string("enterprise")},
                                {"team_name", std::string("视觉攻关一队")},
                                {"team_lead_name", std::string("王晓红")},
                                {"contact_mobile", std::string("13900139000")},
                                {"contact_email", std::string("wang@example.com")},
                                {"feasible_plan", std::string("采用偏振成像与深度学习融合的方法。")},
                                {"technical_approach", std::string("多光谱采集，轻量网络部署在产线工控机。")},
                                {"milestones", std::vector<std::string>{"第6个月完成样机"}},
                                {"own_ip", std::string("已有发明专利2项。")},
                                {"declaration_not_affiliated", true},
                                {"credit_declaration", true}};
}

inline jiebang::Board two_listing_board(std::int64_t version = 3) {
    jiebang::Board board;
    board.version = version;
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
    return board;
}

// The admin PIN the tests set up (a test fixture: no PIN ships with the terminal).
inline const std::string test_admin_pin = "246810";

class ApplicationHarness {
  public:
    // `with_admin_pin`: set test_admin_pin before the start, as a technician would have (otherwise the
    // Application starts on the first-start PIN screen).
    explicit ApplicationHarness(jiebang::kiosk::KioskOptions options = {}, bool with_admin_pin = true) {
        if (with_admin_pin) {
            auto stored = jiebang::kiosk::AdminAccess::set_pin(data_.path(), test_admin_pin);
            REQUIRE_MESSAGE(stored.ok(), stored.error().code);
        }
        start(std::move(options));
    }

    // (Re)starts the Application on the same data folder, as a restart of the terminal would.
    void start(jiebang::kiosk::KioskOptions options) {
        application_.reset();
        services_.reset();
        options.data_directory = data_.path();
        options.assets_directory = JIEBANG_SOURCE_ASSETS_DIR;
        options_ = options;
        auto services = jiebang::kiosk::TerminalServices::open(options);
        REQUIRE_MESSAGE(services.ok(), services.error().code << ": " << services.error().detail);
        services_ = std::move(services.value());
        application_ = std::make_unique<jiebang::kiosk::Application>(*services_, options, clock_);
        application_->on_wipe = [this]() { ++wipes_seen_; };
        settle();
    }

    jiebang::kiosk::Application& application() { return *application_; }
    const jiebang::kiosk::AppState& state() const { return application_->state(); }
    jiebang::kiosk::TerminalServices& services() { return *services_; }
    jiebang::kiosk::VirtualClock& clock() { return clock_; }
    const std::filesystem::path& data_directory() const { return data_.path(); }
    int wipes_seen() const { return wipes_seen_; }

    void apply(jiebang::kiosk::IntentKind kind, std::string text = {}, int number = 0) {
        application_->apply(jiebang::kiosk::Intent{kind, std::move(text), {}, number, {}});
        settle();
    }
    void set(const std::string& field_id, jiebang::FieldValue value) {
        application_->apply(
            jiebang::kiosk::Intent{jiebang::kiosk::IntentKind::SetValue, field_id, std::move(value), 0, {}});
    }
    void set_all(const jiebang::FieldValues& values) {
        for (const auto& [field, value] : values)
            set(field, value);
    }
    // Moves the virtual clock without input, then runs the timers as the frame loop would.
    void advance(double seconds) {
        clock_.advance(seconds);
        application_->tick();
        settle();
    }
    // Background work done and its results applied.
    void settle() {
        application_->finish_background_work();
        application_->tick();
    }

  private:
    TemporaryDirectory data_;
    jiebang::kiosk::VirtualClock clock_;
    jiebang::kiosk::KioskOptions options_;
    std::unique_ptr<jiebang::kiosk::TerminalServices> services_;
    std::unique_ptr<jiebang::kiosk::Application> application_;
    int wipes_seen_ = 0;
};

}  // namespace kiosk_test

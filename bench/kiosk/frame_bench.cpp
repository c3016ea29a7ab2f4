// bench/kiosk/frame_bench.cpp — frame times of the real terminal (Application + KioskRunner, SDL offscreen,
// software renderer) while slow work happens: a 1,000-listing board arrives and is applied, a receipt prints
// to a slow device (a pseudo-terminal accepting 2,000 bytes a second, like a 19,200-baud serial printer), and
// another connection holds the store's write lock while the applicant submits. Each is reported beside the
// same screen's idle frames measured in the same run (the baseline), and beside what the work itself takes
// when done directly (what a frame cost when it ran on the frame thread).
// usage: kiosk_frame_bench DATA_DIR   (a fresh directory). Prints one JSON object.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "kiosk/app/application.hpp"
#include "kiosk/app/kiosk_runner.hpp"
#include "kiosk/app/terminal_services.hpp"
#include "platform/display/display.hpp"
#include "platform/printer/printer_device.hpp"
#include "platform/system/paths.hpp"
#include "tests/kiosk/fake_printer.hpp"

namespace {

using namespace jiebang;
using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double fraction) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

struct Series {
    std::vector<double> frames;
    std::string json(const std::string& name) const {
        char text[256];
        std::snprintf(text, sizeof text,
                      "\"%s\": {\"frames\": %zu, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}",
                      name.c_str(), frames.size(), percentile(frames, 0.5), percentile(frames, 0.99),
                      percentile(frames, 1.0));
        return text;
    }
};

// Frames back to back for `seconds` (or until `until` says stop), each one timed.
template <typename Stop>
Series run_frames(kiosk::KioskRunner& runner, double seconds, Stop until) {
    Series series;
    const auto start = Clock::now();
    while (milliseconds_since(start) < seconds * 1000.0 && !until()) {
        const auto frame_start = Clock::now();
        (void)runner.frame();
        series.frames.push_back(milliseconds_since(frame_start));
    }
    return series;
}
Series run_frames(kiosk::KioskRunner& runner, double seconds) {
    return run_frames(runner, seconds, []() { return false; });
}

FieldValues complete_demand() {
    return FieldValues{{"consent_personal_data", true},
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
                       {"technical_problem", std::string("现有焊缝识别在强反光环境下误检率高。")},
                       {"technical_targets", std::string("误检率由5%降到0.5%以下。")},
                       {"budget_total_wan", std::string("500")},
                       {"budget_solver_wan", std::string("300")},
                       {"time_limit_months", std::string("24")},
                       {"ip_ownership", std::string("shared")},
                       {"mechanism", std::string("single")},
                       {"expected_benefits", std::string("年节约质检成本约300万元。")},
                       {"self_funding_commitment", true},
                       {"credit_declaration", true}};
}

Board big_board(std::int64_t version, int listings) {
    Board board;
    board.version = version;
    board.profile_id = "jiangmen";
    const char* industries[] = {"intelligent_robots", "advanced_materials"};
    for (int index = 0; index < listings; ++index) {
        Listing listing;
        char id[32];
        std::snprintf(id, sizeof id, "JM-2026-%04d", index + 1);
        listing.id = id;
        listing.profile_id = "jiangmen";
        listing.title = "焊缝视觉识别攻关第" + std::to_string(index + 1) + "号";
        listing.industry_id = industries[index % 2];
        listing.mechanism = "single";
        listing.issuer_name = "江门示例装备有限公司";
        listing.issuer_kind = "enterprise";
        listing.problem = "强反光环境下焊缝误检率高，需要新的识别方法。";
        listing.targets = "误检率低于0.5%。";
        listing.bounty_wan = "300";
        listing.deadline = "2027-06-30";
        board.listings.push_back(std::move(listing));
    }
    board.hash_hex = board_hash_hex(board);
    return board;
}

void apply(kiosk::Application& application, kiosk::IntentKind kind, std::string text = {}) {
    application.apply(kiosk::Intent{kind, std::move(text), {}, 0, {}});
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: kiosk_frame_bench DATA_DIR\n";
        return 2;
    }
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    kiosk_test::FakePrinter printer;
    printer.set_slow(2000);
    kiosk::KioskOptions options;
    options.data_directory = argv[1];
    options.printer_target = printer.device_path();
    if (auto created = platform::ensure_private_directory(options.data_directory); !created) {
        std::cerr << argv[0] << ": " << created.error().code << "\n";
        return 1;
    }
    if (auto pin = kiosk::AdminAccess::set_pin(options.data_directory, "13572468"); !pin) {
        std::cerr << "kiosk_frame_bench: " << pin.error().code << "\n";
        return 1;
    }
    auto services = kiosk::TerminalServices::open(options);
    if (!services) {
        std::cerr << "kiosk_frame_bench: " << services.error().code << " " << services.error().detail << "\n";
        return 1;
    }
    platform::DisplayOptions display_options;
    display_options.fullscreen = false;
    auto display = platform::Display::open(display_options);
    if (!display) {
        std::cerr << "kiosk_frame_bench: " << display.error().code << "\n";
        return 1;
    }
    kiosk::SystemClock clock;
    kiosk::Application application(**services, options, clock);
    kiosk::KioskRunner runner(application, **display);
    if (auto prepared = runner.prepare(); !prepared) {
        std::cerr << "kiosk_frame_bench: " << prepared.error().code << "\n";
        return 1;
    }
    (void)run_frames(runner, 2.0);  // the first frames, the full atlas baked on its worker
    application.finish_background_work();

    // 1. A 1,000-listing board arrives while the board screen is open.
    if (auto small = (*services)->store.replace_board(big_board(1, 2)); !small) {
        std::cerr << "kiosk_frame_bench: " << small.error().code << "\n";
        return 1;
    }
    (void)run_frames(runner, 3.0, [&]() { return application.state().board.version == 1; });
    apply(application, kiosk::IntentKind::OpenBoard);
    const Series board_idle = run_frames(runner, 2.0);
    const Board thousand = big_board(2, 1000);
    std::thread writer([&]() {
        auto other = store::TerminalStore::open((*services)->database_file());
        if (other)
            (void)other->replace_board(thousand);
    });
    Series board_arrival = run_frames(runner, 10.0, [&]() { return application.state().board.version == 2; });
    writer.join();
    const Series board_after = run_frames(runner, 2.0);  // 1,000 listings on the screen
    // The same read done directly: what a frame cost when the poll ran on the frame thread.
    const auto read_start = Clock::now();
    auto read = (*services)->store.board();
    const double board_read_ms = milliseconds_since(read_start);
    if (!read || read->listings.size() != 1000) {
        std::cerr << "kiosk_frame_bench: the board did not arrive\n";
        return 1;
    }
    apply(application, kiosk::IntentKind::GoHome);

    // 2. A receipt prints to a slow device.
    apply(application, kiosk::IntentKind::StartDemand);
    for (const auto& [field, value] : complete_demand())
        application.apply(kiosk::Intent{kiosk::IntentKind::SetValue, field, value, 0, {}});
    apply(application, kiosk::IntentKind::Submit);
    application.finish_background_work();
    if (application.state().screen != kiosk::ScreenId::Receipt) {
        std::cerr << "kiosk_frame_bench: no receipt\n";
        return 1;
    }
    const Series receipt_idle = run_frames(runner, 2.0);
    const auto print_start = Clock::now();
    apply(application, kiosk::IntentKind::PrintReceipt);
    const Series printing = run_frames(runner, 60.0, [&]() {
        return application.state().receipt &&
               application.state().receipt->print_message_key != "kiosk.receipt.print.printing";
    });
    const double print_ms = milliseconds_since(print_start);
    const std::string print_outcome =
        application.state().receipt ? application.state().receipt->print_message_key : "";
    apply(application, kiosk::IntentKind::FinishReceipt);

    // 3. Another connection holds the write lock while the applicant submits (released after 3 s).
    apply(application, kiosk::IntentKind::StartDemand);
    for (const auto& [field, value] : complete_demand())
        application.apply(kiosk::Intent{kiosk::IntentKind::SetValue, field, value, 0, {}});
    apply(application, kiosk::IntentKind::OpenReview);
    const Series review_idle = run_frames(runner, 2.0);
    sqlite3* blocker = nullptr;
    sqlite3_open((*services)->database_file().c_str(), &blocker);
    sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    const auto submit_start = Clock::now();
    apply(application, kiosk::IntentKind::Submit);
    const Series locked = run_frames(runner, 3.0);
    sqlite3_exec(blocker, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(blocker);
    const Series unlocked =
        run_frames(runner, 10.0, [&]() { return application.state().screen == kiosk::ScreenId::Receipt; });
    const double submit_ms = milliseconds_since(submit_start);
    Series locked_all = locked;
    locked_all.frames.insert(locked_all.frames.end(), unlocked.frames.begin(), unlocked.frames.end());

    std::printf(
        "{%s, %s, %s, \"board_read_direct_ms\": %.1f,\n %s, %s, \"print_ms\": %.0f, "
        "\"print_outcome\": \"%s\", \"printed_bytes\": %zu,\n %s, %s, \"submit_under_lock_ms\": %.0f, "
        "\"receipt_reached\": %s}\n",
        board_idle.json("board_idle").c_str(), board_arrival.json("board_arrival").c_str(),
        board_after.json("board_1000_shown").c_str(), board_read_ms,
        receipt_idle.json("receipt_idle").c_str(), printing.json("printing_slow_device").c_str(), print_ms,
        print_outcome.c_str(), printer.received().size(), review_idle.json("review_idle").c_str(),
        locked_all.json("submit_under_write_lock").c_str(), submit_ms,
        application.state().screen == kiosk::ScreenId::Receipt ? "true" : "false");
    return 0;
}

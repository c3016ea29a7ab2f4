// bench/kiosk/submit_latency.cpp — submit-to-receipt latency through the real kiosk Application (validation,
// the durable commit with synchronous=FULL on the store worker and the hand-over of its result, Ed25519
// receipt, QR encoding, session wipe), against a baseline of
// TerminalStore::commit_submission alone on the same disk in the same run.
// usage: kiosk_submit_bench DATA_DIR [COUNT]   (DATA_DIR is created; use a fresh one)
// Prints one JSON object: p50/p99/max in milliseconds for both, and their ratio.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "kiosk/app/application.hpp"
#include "kiosk/app/terminal_services.hpp"
#include "platform/system/paths.hpp"

namespace {

using namespace jiebang;

FieldValues valid_demand() {
    return FieldValues{
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

double percentile(std::vector<double> values, double fraction) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: kiosk_submit_bench DATA_DIR [COUNT]\n";
        return 2;
    }
    const int count = argc > 2 ? std::max(10, std::atoi(argv[2])) : 300;
    kiosk::KioskOptions options;
    options.data_directory = argv[1];
    auto services = kiosk::TerminalServices::open(options);
    if (!services) {
        std::cerr << "kiosk_submit_bench: " << services.error().code << " " << services.error().detail
                  << "\n";
        return 1;
    }
    // A terminal past its first start (otherwise it waits on the PIN set-up screen).
    if (auto created = platform::ensure_private_directory(options.data_directory); !created) {
        std::cerr << argv[0] << ": " << created.error().code << "\n";
        return 1;
    }
    if (auto pin = kiosk::AdminAccess::set_pin(options.data_directory, "13572468"); !pin) {
        std::cerr << "kiosk_submit_bench: " << pin.error().code << "\n";
        return 1;
    }
    kiosk::SystemClock clock;
    kiosk::Application application(**services, options, clock);
    for (int index = 0; index < count; ++index) {
        application.apply(kiosk::Intent{kiosk::IntentKind::StartDemand, {}, {}, 0, {}});
        for (const auto& [field, value] : valid_demand()) {
            application.apply(kiosk::Intent{kiosk::IntentKind::SetValue, field, value, 0, {}});
        }
        application.apply(kiosk::Intent{kiosk::IntentKind::Submit, {}, {}, 0, {}});
        application.finish_background_work();  // the commit runs on the store worker
        if (application.state().screen != kiosk::ScreenId::Receipt) {
            std::cerr << "kiosk_submit_bench: submit did not reach the receipt: "
                      << application.state().session.submit_message << "\n";
            return 1;
        }
    }
    const auto& application_latencies = application.submit_latencies();

    // Baseline: the store's durable commit alone, same content, same disk.
    std::vector<double> store_latencies;
    for (int index = 0; index < count; ++index) {
        Submission submission;
        submission.id = new_submission_id();
        submission.kind = SubmissionKind::Demand;
        submission.form_version = (*services)->forms.demand().version;
        submission.profile_id = (*services)->profile->id;
        submission.terminal_id = (*services)->identity.terminal_id;
        submission.created_at = std::time(nullptr);
        submission.values = valid_demand();
        const auto started = std::chrono::steady_clock::now();
        auto committed =
            (*services)->store.commit_submission(submission, (*services)->forms.demand(),
                                                 (*services)->identity, (*services)->signing_key, 20260101);
        store_latencies.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        if (!committed) {
            std::cerr << "kiosk_submit_bench: baseline commit failed: " << committed.error().code << "\n";
            return 1;
        }
    }
    const double p50 = percentile(application_latencies, 0.50);
    const double p99 = percentile(application_latencies, 0.99);
    const double base_p50 = percentile(store_latencies, 0.50);
    const double base_p99 = percentile(store_latencies, 0.99);
    std::printf(
        "{\"count\": %d, \"submit_p50_ms\": %.3f, \"submit_p99_ms\": %.3f, \"submit_max_ms\": %.3f, "
        "\"store_commit_p50_ms\": %.3f, \"store_commit_p99_ms\": %.3f, \"ratio_p50\": %.2f}\n",
        count, p50, p99, percentile(application_latencies, 1.0), base_p50, base_p99,
        base_p50 > 0 ? p50 / base_p50 : 0.0);
    return 0;
}

// tests/kiosk/kiosk_test_support.hpp — running the real jiebang-kiosk on a script in a temporary data
// directory, decoding a receipt QR from a screenshot with zbarimg, and seeding a board into the terminal's
// store.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "kiosk/app/admin_access.hpp"

namespace kiosk_test {

class TemporaryDirectory {
  public:
    TemporaryDirectory() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("jiebang-kiosk-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

inline std::string quote(const std::string& text) {
    std::string quoted = "'";
    for (char character : text) {
        if (character == '\'') {
            quoted += "'\\''";
        } else {
            quoted.push_back(character);
        }
    }
    return quoted + "'";
}

inline std::string read_file(const std::filesystem::path& file) {
    std::ifstream input(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << input.rdbuf();
    return buffer.str();
}

struct RunResult {
    int exit_code = -1;
    std::string output;  // stdout + stderr
};

inline RunResult run_command(const std::string& command, const std::filesystem::path& output_file) {
    const int status = std::system((command + " > " + quote(output_file.string()) + " 2>&1").c_str());
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.output = read_file(output_file);
    return result;
}

// A script filling every demand step for a Jiangmen enterprise in Pengjiang; ends on the review page.
inline const std::string demand_steps = R"(
tap home.demand
expect-text 个人信息使用说明
screenshot demand-consent
tap field.consent_personal_data
tap wizard.next
expect-text 单位信息
tap field.issuer_name
type 江门市蓬江区示例机器人有限公司
tap field.issuer_uscc
type 91440703MA4U111142
screenshot demand-unit-keyboard
tap field.issuer_kind.enterprise
tap field.last_year_revenue_wan
type 60000
tap field.last_year_rnd_wan
type 1000
tap wizard.next
expect-text 联系人
tap field.contact_name
type 李明远
tap field.contact_mobile
type 13800138000
tap field.contact_email
type liming@example.com
tap wizard.next
tap field.industry_field.intelligent_robots
tap field.sub_direction
type 工业机器人视觉
tap field.project_name
type 高精度焊缝视觉识别系统
tap wizard.next
tap field.technical_problem
type 现有焊缝识别在强反光环境下误检率高，无法满足汽车零部件产线要求。
tap field.technical_targets
type 误检率由5%降到0.5%以下，单帧处理时间不超过20毫秒。
tap wizard.next
tap field.budget_total_wan
type 500
tap field.budget_solver_wan
type 300
tap field.time_limit_months
type 24
tap field.ip_ownership.shared
tap field.mechanism.single
tap wizard.next
tap field.expected_benefits
type 年节约质检成本约300万元。
tap field.self_funding_commitment
tap field.credit_declaration
tap wizard.next
expect-text 检查并提交
expect-text 高精度焊缝视觉识别系统
)";

// The PIN the journeys' technician set (a test fixture; no PIN ships with the terminal).
inline const char* const journey_admin_pin = "246810";

// Script lines that open the admin page the way an attendant does: five taps on the hidden corner, then the
// journeys' PIN on the pad.
inline std::string open_admin_page() {
    std::string lines =
        "tap admin.corner\ntap admin.corner\ntap admin.corner\ntap admin.corner\ntap admin.corner\n";
    for (const char* digit = journey_admin_pin; *digit != '\0'; ++digit)
        lines += std::string("tap admin.pin.") + *digit + "\n";
    return lines + "tap admin.pin.ok\n";
}

// Runs jiebang-kiosk on `script` with data in `data_directory`, screenshots into `data_directory`/shots.
// `prefix` goes before the binary (environment, xvfb-run). Unless `first_start`, the admin PIN is set first
// (as after installation), so the terminal starts on its attract screen rather than the PIN set-up.
inline RunResult run_kiosk(const std::filesystem::path& data_directory, const std::string& script,
                           const std::string& extra_arguments = {},
                           const std::string& prefix = "SDL_VIDEODRIVER=offscreen",
                           bool first_start = false) {
    static int counter = 0;
    if (!first_start && !std::filesystem::exists(data_directory / "admin-pin")) {
        std::filesystem::create_directories(data_directory);
        if (!jiebang::kiosk::AdminAccess::set_pin(data_directory, journey_admin_pin).ok())
            return RunResult{-1, "could not set the test's admin PIN"};
    }
    const auto script_file = data_directory / ("script-" + std::to_string(++counter) + ".txt");
    std::ofstream(script_file) << script;
    const std::string command = prefix + " " + quote(JIEBANG_KIOSK_BINARY) + " --data-dir " +
                                quote(data_directory.string()) + " --script " + quote(script_file.string()) +
                                " --screenshots " + quote((data_directory / "shots").string()) +
                                " --size 1920x1080 --assets " + quote(JIEBANG_SOURCE_ASSETS_DIR) + " " +
                                extra_arguments;
    return run_command(command, data_directory / ("output-" + std::to_string(counter) + ".txt"));
}

// With JIEBANG_KIOSK_SCREENSHOT_DIR set (e.g. docs/screenshots), copies a run's screenshots there: the docs'
// pictures of every screen come from the same journeys the tests check.
inline void keep_screenshots(const std::filesystem::path& data_directory) {
    const char* target = std::getenv("JIEBANG_KIOSK_SCREENSHOT_DIR");
    if (target == nullptr || target[0] == '\0')
        return;
    std::error_code error;
    std::filesystem::create_directories(target, error);
    for (const auto& entry : std::filesystem::directory_iterator(data_directory / "shots", error)) {
        if (entry.path().extension() == ".png") {
            std::filesystem::copy_file(entry.path(), std::filesystem::path(target) / entry.path().filename(),
                                       std::filesystem::copy_options::overwrite_existing, error);
        }
    }
}

// The text zbarimg reads from a PNG (empty when no code was found).
inline std::string decode_qr(const std::filesystem::path& png, const std::filesystem::path& scratch) {
    const auto result = run_command(
        "zbarimg --nodbus -q --raw -Sdisable -Sqrcode.enable " + quote(png.string()), scratch / "zbar.txt");
    std::string text = result.exit_code == 0 ? result.output : std::string();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

}  // namespace kiosk_test

// tests/kiosk/test_layouts.cpp — layouts for real hall panels: portrait 1080x1920 (立式一体机), landscape
// 1920x1080, 1366x768 and 1280x1024. The real terminal walks every screen on each panel and checks, on each,
// that no text is drawn below 28 px and no control is smaller than 64 px (expect-min-text-size,
// expect-min-touch-size), and that a field being edited — with its counter and its error — is wholly visible
// above the on-screen keyboard (expect-visible). Numbers in brackets are the invariants of
// kiosk/widgets/panel_layout.hpp. With JIEBANG_KIOSK_SCREENSHOT_DIR set, the pictures (half size) go to
// <dir>/layouts/<panel>/.
#include <doctest/doctest.h>

#include <regex>

#include "application_harness.hpp"
#include "kiosk/widgets/panel_layout.hpp"
#include "platform/fonts/font_set.hpp"
#include "shared/store/terminal_store.hpp"

using kiosk_test::TemporaryDirectory;

namespace {

const char* const panels[] = {"1080x1920", "1920x1080", "1366x768", "1280x1024"};

// Before every screenshot: the size floors hold on that screen. Before every step change: the keyboard is put
// away, as a person does on a panel where it covers the step's buttons (1366x768).
std::string with_size_checks(const std::string& script) {
    const std::string checked =
        std::regex_replace(script, std::regex("\nscreenshot "),
                           "\nexpect-min-text-size 28\nexpect-min-touch-size 64\nscreenshot ");
    return std::regex_replace(checked, std::regex("\ntap wizard\\.(next|review|back)"),
                              "\nclose-keyboard\ntap wizard.$1");
}

const std::string every_screen = R"(
screenshot home
)" + kiosk_test::demand_steps + R"(
screenshot demand-review
tap review.edit.unit
tap field.issuer_uscc
key backspace
type 3
expect-visible field.issuer_uscc
expect-visible field.issuer_uscc.error
tap field.issuer_name
expect-visible field.issuer_name
expect-visible field.issuer_name.counter
tap field.issuer_uscc
expect-visible field.issuer_uscc.error
screenshot demand-invalid-keyboard
key backspace
type 2
tap kb.close
tap wizard.review
tap review.submit
expect-text 提交成功
screenshot demand-receipt
tap receipt.done
tap home.bid
screenshot board
tap board.listing.JM-2026-001
screenshot listing
tap listing.bid
tap field.consent_personal_data
tap wizard.next
tap wizard.next
tap field.solver_name
type 江门示例智能科技有限公司
tap field.solver_uscc
type 91440703MA4U111142
tap field.solver_kind.enterprise
tap wizard.next
tap field.team_name
type 视觉攻关一队
tap field.team_lead_name
type 王晓红
tap field.contact_mobile
type 13900139000
tap field.contact_email
type wang@example.com
tap wizard.next
tap field.feasible_plan
type 采用偏振成像与深度学习融合的方法。
expect-visible field.feasible_plan
expect-visible field.feasible_plan.counter
screenshot bid-plan-keyboard
tap kb.close
tap nav.home
tap home_confirm.discard
tap home.progress
tap progress.number
type JM0300120260101
tap kb.close
tap progress.lookup
screenshot progress
tap nav.home
tap home.policy
screenshot policy
idle 125
screenshot idle-warning
tap idle.continue
tap nav.home
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.corner
tap admin.corner
screenshot admin-pin
tap admin.pin.2
tap admin.pin.4
tap admin.pin.6
tap admin.pin.8
tap admin.pin.1
tap admin.pin.0
tap admin.pin.ok
expect-text 440703-001
screenshot admin
)";

void run_every_screen(const std::string& panel) {
    TemporaryDirectory data;
    {
        auto store = jiebang::store::TerminalStore::open(data.path() / "terminal.sqlite");
        REQUIRE(store.ok());
        REQUIRE(store.value().replace_board(kiosk_test::two_listing_board()).ok());
    }
    const auto run = kiosk_test::run_kiosk(data.path(), with_size_checks(every_screen),
                                           "--size " + panel + " --screenshot-divisor 2");
    REQUIRE_MESSAGE(run.exit_code == 0, panel << ": " << run.output);
    const char* target = std::getenv("JIEBANG_KIOSK_SCREENSHOT_DIR");
    if (target != nullptr && target[0] != '\0') {
        const auto directory = std::filesystem::path(target) / "layouts" / panel;
        std::filesystem::create_directories(directory);
        for (const auto& entry : std::filesystem::directory_iterator(data.path() / "shots")) {
            std::filesystem::copy_file(entry.path(), directory / entry.path().filename(),
                                       std::filesystem::copy_options::overwrite_existing);
        }
    }
}

}  // namespace

TEST_CASE(
    "[1][2][4] panel sizes: text, targets and keys keep their floors - portrait is laid out for its width") {
    auto faces = jiebang::platform::load_font_configuration(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(faces.ok());
    for (const char* panel : panels) {
        const std::string name = panel;
        const int width = std::stoi(name.substr(0, name.find('x')));
        const int height = std::stoi(name.substr(name.find('x') + 1));
        for (bool elder : {false, true}) {
            CAPTURE(name);
            CAPTURE(elder);
            const auto layout = jiebang::kiosk::panel_layout(width, height, elder);
            CHECK(layout.touch_height >= 64.0f);
            CHECK(layout.keyboard_key_height >= 64.0f);
            for (const auto& face : jiebang::kiosk::faces_for_panel(faces.value(), layout)) {
                if (face.role == jiebang::platform::FontRole::Body ||
                    face.role == jiebang::platform::FontRole::Small) {
                    CHECK(face.pixel_size >= 28.0f);
                }
            }
            const float band = 6 * layout.keyboard_key_height + 7 * layout.keyboard_gap;
            if (layout.keyboard_key_height > 64.0f)
                CHECK(band <= 0.55f * static_cast<float>(height) + 1.0f);
        }
    }
    const auto portrait = jiebang::kiosk::panel_layout(1080, 1920, false);
    CHECK(portrait.portrait);
    CHECK(portrait.scale == doctest::Approx(1.0));  // not min(1080/1920, 1920/1080) = 0.56
    const auto normal = jiebang::kiosk::panel_layout(1920, 1080, false);
    const auto elder = jiebang::kiosk::panel_layout(1920, 1080, true);
    CHECK(elder.touch_height == doctest::Approx(normal.touch_height * 1.5f).epsilon(0.02));  // [3]
}

TEST_CASE("every screen on a portrait 1080x1920 panel") {
    run_every_screen("1080x1920");
}

TEST_CASE("every screen on a landscape 1920x1080 panel") {
    run_every_screen("1920x1080");
}

TEST_CASE("every screen on a 1366x768 panel") {
    run_every_screen("1366x768");
}

TEST_CASE("every screen on a 1280x1024 panel") {
    run_every_screen("1280x1024");
}

// 长辈版 on a portrait and a landscape panel: 1.5x text (42 px floor) and targets (96 px floor away from the
// keyboard, whose keys keep 64 px so the field stays in view), one question a page.
void run_elder_mode(const std::string& panel) {
    TemporaryDirectory data;
    const std::string script = R"(
tap mode.elder
expect-min-text-size 42
expect-min-touch-size 96
screenshot elder-home
tap home.demand
expect-text 第1题，共1题
tap field.consent_personal_data
tap wizard.next
expect-text 第1题，共
expect-widget field.issuer_name
expect-no-text 统一社会信用代码
tap wizard.next
expect-text 还要改一下
tap field.issuer_name
type 江门市蓬江区示例机器人有限公司
expect-visible field.issuer_name
expect-visible field.issuer_name.counter
expect-min-text-size 42
screenshot elder-question-keyboard
close-keyboard
tap wizard.next
expect-text 统一社会信用代码
expect-min-touch-size 96
screenshot elder-question
tap mode.elder
expect-min-text-size 28
expect-text 统一社会信用代码
expect-text 技术需求单位
)";
    const auto run =
        kiosk_test::run_kiosk(data.path(), script, "--size " + panel + " --screenshot-divisor 2");
    REQUIRE_MESSAGE(run.exit_code == 0, panel << ": " << run.output);
    const char* target = std::getenv("JIEBANG_KIOSK_SCREENSHOT_DIR");
    if (target != nullptr && target[0] != '\0') {
        const auto directory = std::filesystem::path(target) / "layouts" / panel;
        std::filesystem::create_directories(directory);
        for (const auto& entry : std::filesystem::directory_iterator(data.path() / "shots")) {
            std::filesystem::copy_file(entry.path(), directory / entry.path().filename(),
                                       std::filesystem::copy_options::overwrite_existing);
        }
    }
}

TEST_CASE("[3] 长辈版 on a portrait 1080x1920 panel") {
    run_elder_mode("1080x1920");
}

TEST_CASE("[3] 长辈版 on a landscape 1920x1080 panel") {
    run_elder_mode("1920x1080");
}

TEST_CASE("[3] 长辈版 on a 1366x768 panel") {
    run_elder_mode("1366x768");
}

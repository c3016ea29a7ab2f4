// tests/kiosk/test_application.cpp — the terminal's state machine (kiosk::Application) driven directly, on a
// virtual clock, with a real store: the admin gesture and PIN, the idle timer and the wipe, list fields, the
// bid's continuation from the board, submit and progress lookup. The whole-process journeys in
// test_journeys.cpp stay; these run in milliseconds and pin down each rule on its own. Numbers in brackets are
// the invariants of docs/terminal.md's state table ("Application states").
#include <doctest/doctest.h>

#include "application_harness.hpp"
#include "kiosk/app/form_session.hpp"

#include <sqlite3.h>

using jiebang::kiosk::IntentKind;
using jiebang::kiosk::ScreenId;
using kiosk_test::ApplicationHarness;

namespace {

void tap_corner(ApplicationHarness& harness, int times) {
    for (int index = 0; index < times; ++index)
        harness.apply(IntentKind::CornerTap);
}

void type_pin(ApplicationHarness& harness, const std::string& digits) {
    for (char digit : digits)
        harness.apply(IntentKind::PinDigit, std::string(1, digit));
    harness.apply(IntentKind::PinSubmit);
}

}  // namespace

TEST_CASE("[A1] five corner taps within four seconds open the PIN pad - slower taps do not") {
    ApplicationHarness harness;
    tap_corner(harness, 4);
    CHECK(harness.state().screen == ScreenId::Home);
    harness.advance(4.5);  // the window closed: the fifth tap starts a new count
    tap_corner(harness, 1);
    CHECK(harness.state().screen == ScreenId::Home);
    tap_corner(harness, 3);
    CHECK(harness.state().screen == ScreenId::Home);
    tap_corner(harness, 1);
    CHECK(harness.state().screen == ScreenId::AdminPin);
}

TEST_CASE("[A2] the PIN pad opens the admin page only for the right PIN - the digits are kept to twelve") {
    ApplicationHarness harness;
    tap_corner(harness, 5);
    REQUIRE(harness.state().screen == ScreenId::AdminPin);
    type_pin(harness, "1234");
    CHECK(harness.state().screen == ScreenId::AdminPin);
    CHECK(harness.state().pin_rejected);
    CHECK(harness.state().pin_entry.empty());
    for (int index = 0; index < 20; ++index)
        harness.apply(IntentKind::PinDigit, "7");
    CHECK(harness.state().pin_entry.size() == 12);
    harness.apply(IntentKind::PinClear);
    CHECK(harness.state().pin_entry.empty());
    // Quit is refused anywhere but on the admin page.
    harness.apply(IntentKind::QuitApplication);
    CHECK_FALSE(harness.state().quit_requested);
    type_pin(harness, "246810");
    CHECK(harness.state().screen == ScreenId::Admin);
    CHECK_FALSE(harness.state().pin_rejected);
    harness.apply(IntentKind::QuitApplication);
    CHECK(harness.state().quit_requested);
}

TEST_CASE("[A3] the idle warning comes after the configured quiet time and the wipe after the countdown") {
    jiebang::kiosk::KioskOptions options;
    options.idle_warning_seconds = 120;
    options.idle_countdown_seconds = 30;
    ApplicationHarness harness(options);
    harness.advance(1000);  // the attract screen never warns
    CHECK_FALSE(harness.state().idle_warning);
    CHECK(harness.state().screen == ScreenId::Home);

    harness.apply(IntentKind::StartDemand);
    harness.set("consent_personal_data", true);
    harness.advance(119);
    CHECK_FALSE(harness.state().idle_warning);
    harness.advance(2);
    CHECK(harness.state().idle_warning);
    harness.apply(IntentKind::ContinueSession);  // any touch keeps the session
    CHECK_FALSE(harness.state().idle_warning);
    harness.advance(140);
    CHECK(harness.state().idle_warning);
    CHECK(harness.state().screen == ScreenId::Wizard);
    CHECK(harness.state().session.values.count("consent_personal_data") == 1);
    const int wipes = harness.wipes_seen();
    harness.advance(11);
    CHECK(harness.state().screen == ScreenId::Home);
    CHECK_FALSE(harness.state().idle_warning);
    CHECK(harness.state().session.values.empty());
    CHECK(harness.wipes_seen() == wipes + 1);
}

TEST_CASE("[A4] the wipe clears every trace of the applicant: values, typed texts, focus, receipt") {
    ApplicationHarness harness;
    harness.apply(IntentKind::StartDemand);
    harness.set_all(kiosk_test::complete_demand());
    harness.apply(IntentKind::Focus, "project_name");
    harness.application().type_text("再加几个字");
    CHECK(harness.state().session.focused == "project_name");
    std::string released_to;
    harness.application().on_focus_changed = [&](const std::string& target) { released_to = target + "|"; };
    const int wipes = harness.state().wipe_count;
    harness.apply(IntentKind::GoHome);  // a half-filled form: the applicant is asked first (issue 12 item 5f)
    CHECK(harness.state().session.confirming_home);
    harness.apply(IntentKind::ConfirmGoHome);
    CHECK(harness.state().screen == ScreenId::Home);
    CHECK(harness.state().session.values.empty());
    CHECK(harness.state().session.focused.empty());
    CHECK(harness.state().session.touched_fields.empty());
    CHECK(released_to == "|");
    CHECK(harness.state().wipe_count == wipes + 1);

    harness.apply(IntentKind::OpenProgress);
    harness.apply(IntentKind::Focus, "progress.number");
    harness.application().type_text("JM0300120260101");
    harness.apply(IntentKind::GoHome);
    CHECK(harness.state().session.progress_number.empty());
}

TEST_CASE("[A5] list fields: add focuses the new item, typing fills it, removing the last drops the value") {
    ApplicationHarness harness;
    harness.services().store.replace_board(kiosk_test::two_listing_board()).ok();
    harness.advance(3);  // the status refresh picks the board up
    harness.apply(IntentKind::OpenBoard);
    harness.apply(IntentKind::OpenListing, "JM-2026-001");
    harness.apply(IntentKind::StartBid);
    harness.apply(IntentKind::AddListItem, "milestones");
    CHECK(harness.state().session.focused == "milestones#0");
    harness.application().type_text("第6个月完成样机");
    harness.apply(IntentKind::AddListItem, "milestones");
    CHECK(harness.state().session.focused == "milestones#1");
    harness.application().type_text("第12个月小批量试产");
    auto list = jiebang::kiosk::value_list(harness.state().session.values, "milestones");
    REQUIRE(list.size() == 2);
    CHECK(list[1] == "第12个月小批量试产");
    harness.apply(IntentKind::RemoveListItem, "milestones", 0);
    list = jiebang::kiosk::value_list(harness.state().session.values, "milestones");
    REQUIRE(list.size() == 1);
    CHECK(list[0] == "第12个月小批量试产");
    CHECK(harness.state().session.focused.empty());
    harness.apply(IntentKind::RemoveListItem, "milestones", 0);
    CHECK(harness.state().session.values.count("milestones") == 0);
    harness.apply(IntentKind::RemoveListItem, "milestones", 5);  // nothing there: nothing happens
    CHECK(harness.state().session.values.count("milestones") == 0);
}

TEST_CASE("[A6] a bid started again from another listing keeps what was typed and goes to the listing step") {
    ApplicationHarness harness;
    REQUIRE(harness.services().store.replace_board(kiosk_test::two_listing_board()).ok());
    harness.advance(3);
    REQUIRE(harness.state().board.listings.size() == 2);
    harness.apply(IntentKind::OpenBoard);
    CHECK(harness.state().screen == ScreenId::Board);
    harness.apply(IntentKind::OpenListing, "JM-2026-001");
    CHECK(harness.state().screen == ScreenId::Listing);
    harness.apply(IntentKind::StartBid);
    CHECK(harness.state().screen == ScreenId::Wizard);
    CHECK(harness.state().session.step_index == 0);  // a new bid starts with the consent
    CHECK(jiebang::kiosk::value_text(harness.state().session.values, "listing_id") == "JM-2026-001");
    harness.set("consent_personal_data", true);
    harness.set("solver_name", std::string("江门示例智能科技有限公司"));
    harness.apply(IntentKind::BackToBoard);
    harness.apply(IntentKind::OpenListing, "JM-2026-002");
    harness.apply(IntentKind::StartBid);
    const auto steps = harness.application().session_steps();
    CHECK(harness.state().session.step_index == jiebang::kiosk::step_of_field(steps, "listing_id"));
    CHECK(jiebang::kiosk::value_text(harness.state().session.values, "listing_id") == "JM-2026-002");
    CHECK(jiebang::kiosk::value_text(harness.state().session.values, "solver_name") ==
          "江门示例智能科技有限公司");
}

TEST_CASE("[A7] Next refuses a step with errors and marks it attempted - a clean step moves on") {
    ApplicationHarness harness;
    harness.apply(IntentKind::StartDemand);
    harness.apply(IntentKind::NextStep);
    CHECK(harness.state().session.step_index == 0);
    CHECK(harness.state().session.attempted_steps.count("consent") == 1);
    harness.set("consent_personal_data", true);
    harness.apply(IntentKind::NextStep);
    CHECK(harness.state().session.step_index == 1);
    harness.apply(IntentKind::PreviousStep);
    CHECK(harness.state().session.step_index == 0);
    harness.apply(IntentKind::GoToStep, {}, 99);  // clamped to the last step
    CHECK(harness.state().session.step_index ==
          static_cast<int>(harness.application().session_steps().size()) - 1);
}

TEST_CASE("[A8] submit files a complete demand and shows its receipt - an incomplete one is refused whole") {
    ApplicationHarness harness;
    harness.apply(IntentKind::StartDemand);
    auto demand = kiosk_test::complete_demand();
    demand.erase("project_name");
    harness.set_all(demand);
    harness.apply(IntentKind::OpenReview);
    harness.apply(IntentKind::Submit);
    CHECK(harness.state().screen == ScreenId::Review);
    CHECK(harness.state().session.submit_blocked_by_errors);
    CHECK_FALSE(harness.state().session.submit_message.empty());
    CHECK(harness.state().session.attempted_steps.size() == harness.application().session_steps().size());
    CHECK_FALSE(harness.state().receipt.has_value());

    harness.set("project_name", std::string("高精度焊缝视觉识别系统"));
    harness.apply(IntentKind::Submit);
    REQUIRE(harness.state().screen == ScreenId::Receipt);
    REQUIRE(harness.state().receipt.has_value());
    CHECK(harness.state().receipt->number.rfind("JM-03-001-", 0) == 0);
    CHECK(harness.state().receipt->title == "高精度焊缝视觉识别系统");
    CHECK(harness.state().receipt->created_at == harness.clock().unix_seconds());
    CHECK(harness.state().receipt->qr.size > 0);
    CHECK(harness.state().session.values.empty());  // the input did its job: it is on disk
    auto counts = harness.services().store.outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts.value().pending == 1);

    // The number, typed in lower case without dashes, finds it again.
    const std::string number = harness.state().receipt->number;
    harness.apply(IntentKind::FinishReceipt);
    CHECK(harness.state().screen == ScreenId::Home);
    CHECK_FALSE(harness.state().receipt.has_value());
    harness.apply(IntentKind::OpenProgress);
    harness.apply(IntentKind::Focus, "progress.number");
    std::string typed;
    for (char character : number) {
        if (character != '-')
            typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(character))));
    }
    harness.application().type_text(typed);
    harness.apply(IntentKind::LookupProgress);
    REQUIRE(harness.state().session.progress_result.has_value());
    CHECK(harness.state().session.progress_result->title == "高精度焊缝视觉识别系统");
    CHECK(harness.state().session.progress_message.empty());
}

TEST_CASE("[A9] a one-line field ignores newlines - enter on the progress number looks it up") {
    ApplicationHarness harness;
    harness.apply(IntentKind::StartDemand);
    harness.apply(IntentKind::Focus, "issuer_name");
    harness.application().type_text("第一行\n第二行");
    CHECK(jiebang::kiosk::value_text(harness.state().session.values, "issuer_name") == "第一行第二行");
    harness.application().press_backspace();
    CHECK(jiebang::kiosk::value_text(harness.state().session.values, "issuer_name") == "第一行第二");
    harness.application().type_text("\xff");  // not UTF-8: refused whole
    CHECK(jiebang::kiosk::value_text(harness.state().session.values, "issuer_name") == "第一行第二");

    harness.apply(IntentKind::OpenProgress);
    harness.apply(IntentKind::Focus, "progress.number");
    harness.application().type_text("not a number");
    harness.application().press_enter();
    harness.settle();
    CHECK(harness.state().session.progress_looked_up);
    CHECK_FALSE(harness.state().session.progress_message.empty());
}

TEST_CASE("[A10] wrong PINs lock the pad with growing delays that survive a restart - the right PIN resets") {
    ApplicationHarness harness;
    tap_corner(harness, 5);
    type_pin(harness, "111111");
    type_pin(harness, "222222");
    CHECK(harness.state().pin_locked_seconds == 0);  // two free attempts
    type_pin(harness, "333333");
    CHECK(harness.state().pin_locked_seconds == 30);
    // Locked: digits are not taken, the right PIN is not even checked.
    harness.apply(IntentKind::PinDigit, "2");
    CHECK(harness.state().pin_entry.empty());
    type_pin(harness, kiosk_test::test_admin_pin);
    CHECK(harness.state().screen == ScreenId::AdminPin);
    harness.advance(31);
    CHECK(harness.state().pin_locked_seconds == 0);
    type_pin(harness, "444444");
    CHECK(harness.state().pin_locked_seconds == 60);
    CHECK(jiebang::kiosk::AdminAccess::lockout_seconds(5) == 120);
    CHECK(jiebang::kiosk::AdminAccess::lockout_seconds(40) == 3600);

    // A restart does not lift the lockout.
    harness.start({});
    tap_corner(harness, 5);
    CHECK(harness.state().screen == ScreenId::AdminPin);
    CHECK(harness.state().pin_locked_seconds > 50);
    harness.advance(61);
    type_pin(harness, kiosk_test::test_admin_pin);
    CHECK(harness.state().screen == ScreenId::Admin);
    harness.apply(IntentKind::CloseAdmin);
    tap_corner(harness, 5);
    type_pin(harness, "555555");  // the count starts again after the right PIN
    CHECK(harness.state().pin_locked_seconds == 0);
    CHECK(harness.state().pin_rejected);
}

TEST_CASE("[A11] a first start asks for a PIN before serving anyone and keeps only its Argon2id hash") {
    ApplicationHarness harness({}, false);
    CHECK(harness.state().screen == ScreenId::SetupPin);
    harness.apply(IntentKind::StartDemand);  // nothing else works yet
    CHECK(harness.state().screen == ScreenId::SetupPin);
    harness.advance(10000);  // and the idle wipe does not skip it
    CHECK(harness.state().screen == ScreenId::SetupPin);
    type_pin(harness, "1234");
    CHECK(harness.state().setup_message_key == "kiosk.setup.pin_format");
    type_pin(harness, "135790");
    CHECK(harness.state().setup_message_key == "kiosk.setup.confirm");
    type_pin(harness, "135791");
    CHECK(harness.state().setup_message_key == "kiosk.setup.pin_mismatch");
    CHECK(harness.state().screen == ScreenId::SetupPin);
    type_pin(harness, "135790");
    type_pin(harness, "135790");
    CHECK(harness.state().screen == ScreenId::Home);

    const auto file = harness.data_directory() / "admin-pin";
    const std::string stored = kiosk_test::read_file(file);
    CHECK(stored.rfind("$argon2id$", 0) == 0);
    CHECK(stored.find("135790") == std::string::npos);
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

    harness.start({});  // the next start serves at once, and the PIN opens the admin page
    CHECK(harness.state().screen == ScreenId::Home);
    tap_corner(harness, 5);
    type_pin(harness, "135790");
    CHECK(harness.state().screen == ScreenId::Admin);
}

TEST_CASE("[A12] a damaged PIN file keeps the admin page closed instead of asking for a new PIN") {
    ApplicationHarness harness;
    std::ofstream(harness.data_directory() / "admin-pin", std::ios::trunc) << "246810\n";
    harness.start({});
    CHECK(harness.state().screen == ScreenId::Home);
    CHECK(harness.state().pin_unreadable);
    tap_corner(harness, 5);
    type_pin(harness, "246810");
    CHECK(harness.state().screen == ScreenId::AdminPin);
}

TEST_CASE("[A13] a commit waiting for another connection's write lock does not hold up the frame thread") {
    ApplicationHarness harness;
    harness.apply(IntentKind::StartDemand);
    harness.set_all(kiosk_test::complete_demand());
    harness.apply(IntentKind::OpenReview);
    sqlite3* blocker = nullptr;
    REQUIRE(sqlite3_open((harness.data_directory() / "terminal.sqlite").c_str(), &blocker) == SQLITE_OK);
    REQUIRE(sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    // apply() returns while the lock is still held, so the commit cannot have happened on this thread.
    harness.application().apply(jiebang::kiosk::Intent{IntentKind::Submit, {}, {}, 0, {}});
    CHECK(harness.state().session.submitting);
    CHECK(harness.state().screen == ScreenId::Review);
    harness.application().apply(jiebang::kiosk::Intent{IntentKind::GoHome, {}, {}, 0, {}});
    CHECK(harness.state().screen == ScreenId::Review);  // the applicant's receipt is on its way
    harness.application().apply(jiebang::kiosk::Intent{IntentKind::Submit, {}, {}, 0, {}});  // a double tap
    REQUIRE(sqlite3_exec(blocker, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(blocker);
    harness.settle();
    CHECK_FALSE(harness.state().session.submitting);
    REQUIRE(harness.state().screen == ScreenId::Receipt);
    auto counts = harness.services().store.outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts.value().pending == 1);  // filed once
}

TEST_CASE("[A14] a new board is read on the store worker and shown once its version changed") {
    ApplicationHarness harness;
    CHECK(harness.state().board.version == 0);
    REQUIRE(harness.services().store.replace_board(kiosk_test::two_listing_board(7)).ok());
    harness.advance(1);  // not yet time to poll
    CHECK(harness.state().board.version == 0);
    harness.advance(1.5);
    CHECK(harness.state().board.version == 7);
    CHECK(harness.state().status.board_version == 7);
    CHECK(harness.state().board.listings.size() == 2);
}

TEST_CASE("[A15] 长辈版: one tap on, kept into the session, one question a page, more time, off at the end") {
    jiebang::kiosk::KioskOptions options;
    options.idle_warning_seconds = 120;
    options.idle_countdown_seconds = 30;
    options.elder_idle_warning_seconds = 240;
    options.elder_idle_countdown_seconds = 60;
    ApplicationHarness harness(options);
    CHECK_FALSE(harness.state().elder_mode);
    harness.apply(IntentKind::ToggleElderMode);  // on the attract screen
    CHECK(harness.state().elder_mode);
    harness.apply(IntentKind::StartDemand);
    CHECK(harness.state().elder_mode);  // the session starts in it
    CHECK(harness.state().idle_warning_after_seconds == 240);

    // Consent: one question.
    harness.apply(IntentKind::NextStep);
    CHECK(harness.state().session.step_index == 0);  // refused: not agreed
    CHECK(harness.state().session.attempted_steps.count("consent/consent_personal_data") == 1);
    harness.set("consent_personal_data", true);
    harness.apply(IntentKind::NextStep);
    CHECK(harness.state().session.step_index == 1);
    CHECK(harness.state().session.question_index == 0);
    // The unit step asks its fields one at a time; an empty required one holds the page.
    harness.apply(IntentKind::NextStep);
    CHECK(harness.state().session.question_index == 0);
    harness.set("issuer_name", std::string("江门市蓬江区示例机器人有限公司"));
    harness.apply(IntentKind::NextStep);
    CHECK(harness.state().session.step_index == 1);
    CHECK(harness.state().session.question_index == 1);
    harness.apply(IntentKind::PreviousStep);
    CHECK(harness.state().session.question_index == 0);
    harness.apply(IntentKind::PreviousStep);  // back across the step: the consent's last question
    CHECK(harness.state().session.step_index == 0);
    CHECK(harness.state().session.question_index == 0);

    harness.advance(200);  // more than the standard 120 s, less than 240
    CHECK_FALSE(harness.state().idle_warning);
    harness.advance(45);
    CHECK(harness.state().idle_warning);
    harness.advance(61);
    CHECK(harness.state().screen == ScreenId::Home);
    CHECK_FALSE(harness.state().elder_mode);  // the next applicant starts as configured
    CHECK(harness.state().idle_warning_after_seconds == 120);

    // Configured as the default: every applicant starts in it, and can leave it.
    jiebang::kiosk::KioskOptions elder_default = options;
    elder_default.elder_mode_default = true;
    harness.start(elder_default);
    CHECK(harness.state().elder_mode);
    harness.apply(IntentKind::ToggleElderMode);
    CHECK_FALSE(harness.state().elder_mode);
    harness.apply(IntentKind::StartDemand);
    harness.apply(IntentKind::GoHome);
    CHECK(harness.state().elder_mode);
}

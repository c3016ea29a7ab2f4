// tests/console/test_application.cpp — the console's flow state machine (console/app/console_application,
// docs/console.md section 2) over the stand-in service: sign-in with a real key file, paging by cursor with a
// bounded number of pages held, the lock that clears personal data (S1, A2) and drops late answers, the idle
// lock (A6), actions only through a confirmation that names the item (S4, A4), refusals shown and the dialog
// kept, new arrivals found by the poll.
#include <doctest/doctest.h>
#include <sodium.h>

#include <cstring>

#include "console/app/console_application.hpp"
#include "console_test_support.hpp"

using namespace console_test;

namespace {

struct Harness {
    TemporaryDirectory directory;
    std::unique_ptr<ConsoleCatalogues> catalogues;
    std::shared_ptr<StandInAggregator> aggregator = std::make_shared<StandInAggregator>();
    ConsoleOptions options;
    std::unique_ptr<ConsoleApplication> application;
    std::filesystem::path key_file;
    double clock = 100;

    explicit Harness(int rows, backoffice::Role role = backoffice::Role::Reviewer) {
        REQUIRE(sodium_init() >= 0);
        auto loaded = ConsoleCatalogues::load(JIEBANG_SOURCE_ASSETS_DIR);
        REQUIRE(loaded.ok());
        catalogues = std::move(*loaded);
        aggregator->fill(rows);
        aggregator->identity = county_reviewer();
        aggregator->identity.role = role;
        options.server_endpoint = "tcp://127.0.0.1:1";
        options.server_public_key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
        options.poll_seconds = 3;
        options.idle_lock_minutes = 10;
        key_file = write_test_key(directory.path(), std::string(backoffice::role_name(role)));
        application = std::make_unique<ConsoleApplication>(*catalogues, options,
                                                           std::make_unique<StandInFactory>(aggregator));
        application->set_clock(clock);
    }

    const ConsoleState& state() const { return application->state(); }

    // Runs until every request was answered (bounded: a test fails rather than hangs).
    void settle() {
        for (int round = 0; round < 500; ++round) {
            application->set_clock(clock);
            application->tick();
            if (!application->busy())
                break;
            application->wait_for_progress(20);
        }
        REQUIRE_FALSE(application->busy());
        application->tick();
    }

    void apply(IntentKind kind, std::string text = {}, std::int64_t number = 0, std::int64_t second = 0) {
        Intent intent;
        intent.kind = kind;
        intent.text = std::move(text);
        intent.number = number;
        intent.second = second;
        application->apply(intent);
    }

    void type_passphrase(const std::string& passphrase) {
        auto& buffer = application->edits().passphrase;
        std::memcpy(buffer.data(), passphrase.c_str(), passphrase.size() + 1);
    }

    void sign_in(const std::string& passphrase = test_passphrase) {
        application->edits().key_file = key_file.string();
        type_passphrase(passphrase);
        apply(IntentKind::SignIn);
        settle();
    }
};

bool buffer_is_zero(const std::array<char, 256>& buffer) {
    return std::all_of(buffer.begin(), buffer.end(), [](char character) { return character == 0; });
}

}  // namespace

TEST_CASE("application: a wrong passphrase is refused in words and the passphrase buffer is zeroed (A3)") {
    Harness harness(5);
    harness.sign_in("not the passphrase");
    CHECK(harness.state().flow == FlowState::SignedOut);
    auto refused = backoffice::open_staff_key_file(harness.key_file, "not the passphrase");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "staff_key.wrong_passphrase");
    CHECK(harness.state().sign_in_problem == harness.catalogues->strings.message(refused.error()));
    CHECK(buffer_is_zero(harness.state().edits.passphrase));
    CHECK_FALSE(harness.state().identity.has_value());
}

TEST_CASE("application: signing in shows who, the county's profile, and the first page of the inbox") {
    Harness harness(450);
    harness.sign_in();
    const auto& state = harness.state();
    REQUIRE(state.flow == FlowState::Working);
    CHECK(buffer_is_zero(state.edits.passphrase));
    REQUIRE(state.identity.has_value());
    CHECK(state.identity->name == "李明");
    CHECK(state.identity->profile_id == "jiangmen");
    CHECK(state.view == ViewId::Inbox);
    CHECK(state.inbox.total == 450);
    CHECK(state.inbox.all_count == 450);
    CHECK(state.inbox.stage_counts.at("received") == 450);
    REQUIRE(state.inbox.row_at(0) != nullptr);
    CHECK(state.inbox.row_at(0)->sequence == 450);  // newest first
    CHECK(harness.application->aggregator_label() == "蓬江区科技局");
}

TEST_CASE("application: scrolling walks the cursor pages and keeps only pages near the view (S3)") {
    Harness harness(1000);
    harness.sign_in();
    harness.apply(IntentKind::ShowRows, "", 900, 930);
    harness.settle();
    const auto& inbox = harness.state().inbox;
    REQUIRE(inbox.row_at(910) != nullptr);
    CHECK(inbox.row_at(910)->sequence == 1000 - 910);
    CHECK(inbox.row_at(0) == nullptr);  // far pages were dropped
    CHECK(inbox.pages.size() <= 6);
    CHECK(inbox.cursors.size() >= 5);
    // Back to the top: page 0 is read again with its known cursor.
    harness.apply(IntentKind::ShowRows, "", 0, 30);
    harness.settle();
    REQUIRE(inbox.row_at(5) != nullptr);
    CHECK(inbox.row_at(5)->sequence == 995);
}

TEST_CASE(
    "application: a lock clears every piece of personal data and drops answers asked before it (S1, A2)") {
    Harness harness(20);
    harness.sign_in();
    const std::string first = harness.state().inbox.row_at(0)->submission_id;
    harness.apply(IntentKind::OpenSubmission, first);
    harness.settle();
    REQUIRE(harness.state().detail.record.has_value());
    harness.apply(IntentKind::BeginAction, "", static_cast<std::int64_t>(review::ReviewAction::Return));
    harness.application->edits().reason = "请补充联系人";
    harness.application->edits().search = "压缩机";
    int cleared = 0;
    harness.application->on_clear = [&cleared] { ++cleared; };
    // A request in flight when the lock comes: its answer must not reappear.
    harness.apply(IntentKind::OpenSubmission, harness.state().inbox.row_at(1)->submission_id);
    harness.apply(IntentKind::Lock);
    harness.settle();
    const auto& state = harness.state();
    CHECK(state.flow == FlowState::Locked);
    CHECK(cleared == 1);
    CHECK_FALSE(state.identity.has_value());
    CHECK(state.inbox.pages.empty());
    CHECK(state.inbox.total == 0);
    CHECK_FALSE(state.detail.record.has_value());
    CHECK(state.detail.submission_id.empty());
    CHECK_FALSE(state.dialog.open);
    CHECK(state.edits.reason.empty());
    CHECK(state.edits.search.empty());
    CHECK(state.edits.key_file == harness.key_file.string());  // a lock keeps which key, nothing personal
    CHECK(state.lock_reason_key == "console.lock.by_user");
    // Unlocking starts a new session.
    harness.type_passphrase(test_passphrase);
    harness.apply(IntentKind::SignIn);
    harness.settle();
    CHECK(harness.state().flow == FlowState::Working);
}

TEST_CASE("application: ten minutes without input lock the console (A6)") {
    Harness harness(3);
    harness.sign_in();
    harness.clock += 9 * 60;
    harness.settle();
    CHECK(harness.state().flow == FlowState::Working);
    harness.application->note_activity();
    harness.clock += 9 * 60;
    harness.settle();
    CHECK(harness.state().flow == FlowState::Working);  // activity restarted the count
    harness.clock += 60.5;
    harness.settle();
    CHECK(harness.state().flow == FlowState::Locked);
    CHECK(harness.state().lock_reason_key == "console.lock.idle");
    CHECK(harness.state().inbox.pages.empty());
}

TEST_CASE(
    "application: a return needs a reason, acts only on the item the dialog names, and a refusal keeps the "
    "dialog (S4, A4)") {
    Harness harness(10);
    harness.sign_in();
    const auto target = *harness.state().inbox.row_at(2);
    harness.apply(IntentKind::OpenSubmission, target.submission_id);
    harness.settle();
    harness.apply(IntentKind::BeginAction, "", static_cast<std::int64_t>(review::ReviewAction::Return));
    const auto& dialog = harness.state().dialog;
    REQUIRE(dialog.open);
    CHECK(dialog.receipt_number == target.receipt_number);
    CHECK(dialog.title == target.title);
    CHECK(dialog.needs_reason);
    harness.apply(IntentKind::ConfirmAction);
    harness.settle();
    CHECK(dialog.open);
    CHECK(dialog.problem == harness.catalogues->strings.message(Error("review.reason_required", "")));
    CHECK(harness.aggregator->acted.empty());
    // The person moves on in the inbox meanwhile: the dialog still acts on its own item.
    harness.apply(IntentKind::SelectRow, harness.state().inbox.row_at(0)->submission_id);
    harness.apply(IntentKind::UseReasonTemplate, "console.reason.return.1");
    CHECK(harness.state().edits.reason == harness.catalogues->strings.text("console.reason.return.1"));
    harness.aggregator->fail_next_act = "review.transition";
    harness.apply(IntentKind::ConfirmAction);
    harness.settle();
    CHECK(dialog.open);
    CHECK_FALSE(dialog.problem.empty());
    CHECK(harness.aggregator->acted.empty());
    harness.apply(IntentKind::ConfirmAction);
    harness.settle();
    CHECK_FALSE(dialog.open);
    REQUIRE(harness.aggregator->acted.size() == 1);
    CHECK(harness.aggregator->acted[0].submission_id == target.submission_id);
    CHECK(harness.aggregator->acted[0].reason == harness.catalogues->strings.text("console.reason.return.1"));
    CHECK(harness.state().notice.find(target.receipt_number) != std::string::npos);
    REQUIRE(harness.state().detail.record.has_value());
    CHECK(harness.state().detail.record->row.review_stage == "returned");
    CHECK(harness.state().inbox.stage_counts.at("returned") == 1);
}

TEST_CASE("application: the buttons offer what the review table allows for the role and state") {
    Harness reviewer(1);
    reviewer.sign_in();
    CHECK(reviewer.application->action_allowed("received", review::ReviewAction::Accept));
    CHECK(reviewer.application->action_allowed("forward_queued", review::ReviewAction::Recall));
    CHECK_FALSE(reviewer.application->action_allowed("returned", review::ReviewAction::Accept));      // R6
    CHECK_FALSE(reviewer.application->action_allowed("forward_sent", review::ReviewAction::Return));  // R5
    Harness auditor(1, backoffice::Role::Auditor);
    auditor.sign_in();
    CHECK_FALSE(auditor.application->action_allowed("received", review::ReviewAction::Accept));
}

TEST_CASE("application: the poll brings new arrivals without a reload") {
    Harness harness(5);
    harness.sign_in();
    CHECK(harness.state().inbox.new_arrivals == 0);
    {
        StandInAggregator more;
        more.fill(8, 1790000000 + 5 * 60);
        std::lock_guard<std::mutex> lock(harness.aggregator->mutex);
        for (std::size_t index = 5; index < more.records.size(); ++index) {
            more.records[index].row.sequence = static_cast<std::int64_t>(index + 1);
            harness.aggregator->records.push_back(more.records[index]);
        }
    }
    harness.clock += 3.5;
    harness.settle();
    const auto& inbox = harness.state().inbox;
    CHECK(inbox.total == 8);
    CHECK(inbox.new_arrivals == 3);
    REQUIRE(inbox.row_at(0) != nullptr);
    CHECK(inbox.row_at(0)->sequence == 8);
    harness.apply(IntentKind::AcknowledgeArrivals);
    CHECK(harness.state().inbox.new_arrivals == 0);
}

TEST_CASE("application: a malformed date filter is named and nothing is queried") {
    Harness harness(5);
    harness.sign_in();
    const int searches = harness.aggregator->searches;
    harness.application->edits().date_from = "2026-13-01";
    harness.apply(IntentKind::ApplyFilters);
    harness.settle();
    CHECK(harness.state().inbox.filter_problem.find("2026-13-01") != std::string::npos);
    CHECK(harness.aggregator->searches == searches);
    harness.application->edits().date_from.clear();
    harness.application->edits().search = "第3号";
    harness.apply(IntentKind::ApplyFilters);
    harness.settle();
    CHECK(harness.state().inbox.filter_problem.empty());
    CHECK(harness.state().inbox.total == 1);
}

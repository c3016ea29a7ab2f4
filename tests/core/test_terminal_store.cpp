// tests/core/test_terminal_store.cpp — the terminal's database on real files: committing submissions with
// receipts, daily sequences, idempotent re-commit, the outbox state machine, progress lookup, the purge of
// contact data, the board, status updates, and what happens on a full disk, a read-only or corrupt file
// (garbage, or one damaged page: refused at open), or a database written by a newer program.
#include <doctest/doctest.h>

#include <fstream>

#include "shared/store/terminal_store.hpp"
#include "store_test_support.hpp"
#include "tests/support/damaged_database.hpp"

using namespace jiebang;
using namespace jiebang::store;
namespace support = jiebang::test_support;

namespace {

constexpr int today = 20261122;

std::int64_t count_of(TerminalStore& store, std::string_view sql) {
    auto statement = store.database().prepare(sql);
    REQUIRE(statement.ok());
    REQUIRE(statement->step().value());
    return statement->column_int(0);
}

struct OpenStore {
    support::TemporaryDirectory directory;
    std::filesystem::path file = directory / "terminal.db";
    SigningKey key = SigningKey::generate();
    TerminalIdentity identity = support::identity();
    TerminalStore store = open();

    TerminalStore open() {
        auto opened = TerminalStore::open(file);
        REQUIRE_MESSAGE(opened.ok(), opened.error().code << " " << opened.error().detail);
        return std::move(opened.value());
    }
    CommittedSubmission commit(Submission submission, int date = today) {
        const FormDefinition form =
            submission.kind == SubmissionKind::Demand ? support::demand_form() : support::bid_form();
        auto committed = store.commit_submission(std::move(submission), form, identity, key, date);
        REQUIRE_MESSAGE(committed.ok(), committed.error().code << " " << committed.error().detail);
        return std::move(committed.value());
    }
};

Board sample_board(std::int64_t version) {
    Board board;
    board.version = version;
    board.profile_id = "jiangmen";
    Listing listing;
    listing.id = "JM-2026-007";
    listing.profile_id = "jiangmen";
    listing.title = "新能源汽车电池热管理";
    listing.mechanism = "race";
    listing.issuer_kind = "enterprise";
    listing.issuer_name = "江门某电池有限公司";
    listing.bounty_wan = "500";
    listing.published_at = 1795000000;
    board.listings.push_back(listing);
    listing.id = "JM-2026-008";
    listing.title = "智能制造产线视觉检测";
    board.listings.push_back(listing);
    return board;
}

Submission bid_for(std::string listing_id) {
    Submission bid;
    bid.kind = SubmissionKind::Bid;
    bid.form_version = 1;
    bid.created_at = 1795000100;
    bid.values = {{"listing_id", std::move(listing_id)},
                  {"team_name", std::string("热管理团队")},
                  {"team_lead_name", std::string("李四")},
                  {"contact_mobile", std::string("13900139000")},
                  {"milestones", std::vector<std::string>{"方案", "样机", "验收"}}};
    return bid;
}

}  // namespace

TEST_CASE("identity is saved, read back, and refused when it cannot make receipt numbers") {
    OpenStore fixture;
    auto none = fixture.store.identity();
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
    REQUIRE(fixture.store.save_identity(fixture.identity).ok());
    auto saved = fixture.store.identity();
    REQUIRE(saved.ok());
    REQUIRE(saved->has_value());
    CHECK((*saved)->terminal_id == "440703-007");
    CHECK((*saved)->county_code == "03");
    CHECK((*saved)->terminal_number == 7);
    TerminalIdentity bad = fixture.identity;
    bad.city_code = "J1";
    CHECK(fixture.store.save_identity(bad).error().code == "receipt.format");
    bad = fixture.identity;
    bad.terminal_number = 1000;
    CHECK(fixture.store.save_identity(bad).error().code == "receipt.format");
    bad = fixture.identity;
    bad.terminal_id.clear();
    CHECK_FALSE(fixture.store.save_identity(bad).ok());
    CHECK(fixture.store.identity()->value().terminal_number == 7);
}

// checks terminal_store.hpp invariants 1 and 2
TEST_CASE("committing gives a signed receipt over exactly the stored content, numbered per day") {
    OpenStore fixture;
    const Submission demand = support::demand();
    const CommittedSubmission first = fixture.commit(demand);
    CHECK(first.receipt.number.text().rfind("JM-03-007-20261122-0001-", 0) == 0);
    CHECK(first.submission.id == demand.id);
    CHECK(first.receipt.content_hash == content_hash(demand));
    CHECK(verify_receipt(first.receipt, fixture.key.public_key).ok());
    auto from_payload = parse_qr_payload(first.receipt.qr_payload());
    REQUIRE(from_payload.ok());
    CHECK(verify_receipt(*from_payload, fixture.key.public_key).ok());

    const CommittedSubmission second = fixture.commit(support::demand("第二个项目"));
    const CommittedSubmission third = fixture.commit(support::demand("第三个项目"));
    CHECK(second.receipt.number.sequence == 2);
    CHECK(third.receipt.number.sequence == 3);
    const CommittedSubmission next_day = fixture.commit(support::demand("次日项目"), 20261123);
    CHECK(next_day.receipt.number.sequence == 1);
    CHECK(next_day.receipt.number.day == 23);

    // The numbers continue after a restart; none is handed out twice.
    fixture.store = fixture.open();
    const CommittedSubmission after_restart = fixture.commit(support::demand("重启后"));
    CHECK(after_restart.receipt.number.sequence == 4);
    CHECK(count_of(fixture.store, "SELECT count(DISTINCT receipt_number) FROM submissions") == 5);

    auto stored = fixture.store.committed_submission(first.submission.id);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK(canonical_encoding((*stored)->submission) == canonical_encoding(demand));
    CHECK((*stored)->receipt.signature == first.receipt.signature);
    CHECK_FALSE(fixture.store.committed_submission(new_submission_id())->has_value());
}

TEST_CASE("commit fills the envelope from the identity and refuses what does not belong here") {
    OpenStore fixture;
    Submission bare = support::demand();
    bare.id.clear();
    bare.terminal_id.clear();
    bare.profile_id.clear();
    const CommittedSubmission committed = fixture.commit(bare);
    CHECK(is_submission_id(committed.submission.id));
    CHECK(committed.submission.terminal_id == "440703-007");
    CHECK(committed.submission.profile_id == "jiangmen");
    CHECK(committed.receipt.content_hash == content_hash(committed.submission));

    Submission elsewhere = support::demand();
    elsewhere.terminal_id = "440703-008";
    CHECK(fixture.store
              .commit_submission(elsewhere, support::demand_form(), fixture.identity, fixture.key, today)
              .error()
              .code == "submission.terminal_mismatch");
    CHECK(fixture.store
              .commit_submission(support::demand(), support::demand_form(), fixture.identity, fixture.key,
                                 20261131)
              .error()
              .code == "receipt.format");
    Submission broken_text = support::demand();
    broken_text.values["technical_problem"] = std::string("叶片\xe5\x8f");  // cut mid-character
    auto invalid = fixture.store.commit_submission(broken_text, support::demand_form(), fixture.identity,
                                                   fixture.key, today);
    REQUIRE_FALSE(invalid.ok());
    CHECK(invalid.error().code == "field.invalid_utf8");
    CHECK(invalid.error().field == "technical_problem");
    Submission broken_list = support::demand();
    broken_list.values["co_demand_enterprises"] = std::vector<std::string>{"甲公司", "\xff"};
    CHECK(fixture.store
              .commit_submission(broken_list, support::demand_form(), fixture.identity, fixture.key, today)
              .error()
              .field == "co_demand_enterprises");
    CHECK(count_of(fixture.store, "SELECT count(*) FROM submissions") == 1);
}

TEST_CASE("committing the same submission twice files it once, same id with other content is a conflict") {
    OpenStore fixture;
    const Submission demand = support::demand();
    const CommittedSubmission first = fixture.commit(demand);
    const CommittedSubmission again = fixture.commit(demand);
    CHECK(again.receipt.number.text() == first.receipt.number.text());
    CHECK(again.receipt.signature == first.receipt.signature);
    CHECK(count_of(fixture.store, "SELECT count(*) FROM submissions") == 1);
    Submission changed = demand;
    changed.values["project_name"] = std::string("改过的名称");
    auto conflict = fixture.store.commit_submission(changed, support::demand_form(), fixture.identity,
                                                    fixture.key, today);
    REQUIRE_FALSE(conflict.ok());
    CHECK(conflict.error().code == "submission.id_conflict");
    CHECK(count_of(fixture.store, "SELECT last_sequence FROM receipt_sequence") == 1);
}

// checks terminal_store.hpp invariant 2
TEST_CASE("the 9999th receipt of a day is the last, the next commit is a clear error and stores nothing") {
    OpenStore fixture;
    fixture.commit(support::demand());
    REQUIRE(fixture.store.database().execute("UPDATE receipt_sequence SET last_sequence = 9998").ok());
    const CommittedSubmission last = fixture.commit(support::demand("最后一个"));
    CHECK(last.receipt.number.sequence == 9999);
    CHECK(last.receipt.number.text().find("-9999-") != std::string::npos);
    auto exhausted = fixture.store.commit_submission(support::demand("多出来的"), support::demand_form(),
                                                     fixture.identity, fixture.key, today);
    REQUIRE_FALSE(exhausted.ok());
    CHECK(exhausted.error().code == "receipt.sequence_exhausted");
    CHECK(count_of(fixture.store, "SELECT count(*) FROM submissions") == 2);
    CHECK(count_of(fixture.store, "SELECT count(*) FROM outbox") == 2);
    CHECK(fixture.commit(support::demand("明天的"), 20261123).receipt.number.sequence == 1);
}

// checks terminal_store.hpp invariant 1
TEST_CASE("a full disk during commit is store.disk_full and nothing of the submission is stored") {
    OpenStore fixture;
    fixture.commit(support::demand());
    const auto pages = count_of(fixture.store, "PRAGMA page_count");
    REQUIRE(fixture.store.database().execute("PRAGMA max_page_count = " + std::to_string(pages)).ok());
    Submission large = support::demand("很大的需求");
    large.values["technical_problem"] = std::string(60000, 'x');
    auto full =
        fixture.store.commit_submission(large, support::demand_form(), fixture.identity, fixture.key, today);
    REQUIRE_FALSE(full.ok());
    CHECK(full.error().code == "store.disk_full");
    CHECK(count_of(fixture.store, "SELECT count(*) FROM submissions") == 1);
    CHECK(count_of(fixture.store, "SELECT count(*) FROM outbox") == 1);
    CHECK(count_of(fixture.store, "SELECT last_sequence FROM receipt_sequence") == 1);
    REQUIRE(fixture.store.database().execute("PRAGMA max_page_count = 1073741823").ok());
    const CommittedSubmission later = fixture.commit(large);
    CHECK(later.receipt.number.sequence == 2);
}

TEST_CASE("a read-only terminal database is store.read_only and keeps every submission") {
    OpenStore fixture;
    const CommittedSubmission committed = fixture.commit(support::demand());
    REQUIRE(fixture.store.database().execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    fixture.store = TerminalStore(std::move(fixture.store));  // keep the object valid while we swap files
    { TerminalStore closing = std::move(fixture.store); }
    REQUIRE(support::make_read_only(fixture.file));
    auto read_only = TerminalStore::open(fixture.file);
    support::make_writable(fixture.file);
    REQUIRE_FALSE(read_only.ok());
    CHECK(read_only.error().code == "store.read_only");
    fixture.store = fixture.open();
    auto found = fixture.store.committed_submission(committed.submission.id);
    REQUIRE(found.ok());
    CHECK(found->has_value());
}

// checks database.hpp invariant 2
TEST_CASE("a terminal database from a newer program, or a corrupt one, is refused with its own code") {
    support::TemporaryDirectory directory;
    const auto file = directory / "terminal.db";
    {
        auto store = TerminalStore::open(file);
        REQUIRE(store.ok());
        REQUIRE(store->database().execute("PRAGMA user_version = 99").ok());
    }
    auto newer = TerminalStore::open(file);
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().code == "store.schema_too_new");

    const auto garbage = directory / "garbage.db";
    { std::ofstream(garbage, std::ios::binary) << std::string(4096, '\x7f'); }
    auto corrupt = TerminalStore::open(garbage);
    REQUIRE_FALSE(corrupt.ok());
    CHECK(corrupt.error().code == "store.corrupt");
}

TEST_CASE("a terminal database with one damaged page is refused at open, before anything is written") {
    support::TemporaryDirectory directory;
    const auto file = directory / "terminal.db";
    {
        auto store = TerminalStore::open(file);
        REQUIRE(store.ok());
        const SigningKey key = SigningKey::generate();
        for (int index = 0; index < 40; ++index) {
            Submission demand = support::demand("demand " + std::to_string(index));
            demand.values["technical_problem"] = std::string(1500, 'p');
            REQUIRE(store->commit_submission(demand, support::demand_form(), support::identity(), key, today)
                        .ok());
        }
    }
    const std::int64_t page = support::leaf_page_of(file, "submissions", 5);
    REQUIRE(page > 0);
    support::damage_page(file, page);
    const auto size_before = std::filesystem::file_size(file);
    auto damaged = TerminalStore::open(file);
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().code == "store.corrupt");
    CHECK(std::filesystem::file_size(file) == size_before);
}

// checks terminal_store.hpp invariant 3
TEST_CASE("outbox: pending in commit order, acknowledged or quarantined, quarantine never blocks") {
    OpenStore fixture;
    const auto first = fixture.commit(support::demand("一"));
    const auto second = fixture.commit(support::demand("二"));
    const auto third = fixture.commit(support::demand("三"));
    auto pending = fixture.store.pending_outbox(10);
    REQUIRE(pending.ok());
    REQUIRE(pending->size() == 3);
    CHECK((*pending)[0].submission_id == first.submission.id);
    CHECK((*pending)[0].receipt_number == first.receipt.number.text());
    CHECK((*pending)[0].canonical_content == canonical_encoding(first.submission));
    CHECK((*pending)[0].content_hash == first.receipt.content_hash);
    CHECK((*pending)[0].signature == first.receipt.signature);
    CHECK((*pending)[0].state == OutboxState::Pending);
    CHECK(fixture.store.pending_outbox(2)->size() == 2);

    REQUIRE(fixture.store.record_attempt(first.submission.id, "sync.timeout", 1795000500).ok());
    REQUIRE(fixture.store.record_attempt(first.submission.id, "sync.timeout", 1795000600).ok());
    CHECK(fixture.store.pending_outbox(1)->front().attempts == 2);
    CHECK(fixture.store.pending_outbox(1)->front().last_error == "sync.timeout");

    REQUIRE(fixture.store.mark_quarantined(first.submission.id, "submit.conflict", 1795000700).ok());
    pending = fixture.store.pending_outbox(10);
    REQUIRE(pending->size() == 2);
    CHECK((*pending)[0].submission_id == second.submission.id);  // the quarantined row does not block

    REQUIRE(fixture.store.mark_acknowledged(second.submission.id, 1795000800).ok());
    REQUIRE(fixture.store.mark_acknowledged(second.submission.id, 1795000900).ok());  // repeated ACK
    pending = fixture.store.pending_outbox(10);
    REQUIRE(pending->size() == 1);
    CHECK((*pending)[0].submission_id == third.submission.id);

    auto counts = fixture.store.outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts->pending == 1);
    CHECK(counts->acknowledged == 1);
    CHECK(counts->quarantined == 1);
    CHECK(counts->oldest_pending_created_at == third.submission.created_at);

    auto late_conflict = fixture.store.mark_quarantined(second.submission.id, "submit.conflict", 1795001000);
    REQUIRE_FALSE(late_conflict.ok());
    CHECK(late_conflict.error().code == "outbox.already_acknowledged");
    CHECK(fixture.store.mark_acknowledged(new_submission_id(), 1).error().code == "outbox.not_found");
    CHECK(fixture.store.mark_quarantined(new_submission_id(), "x", 1).error().code == "outbox.not_found");
    CHECK(fixture.store.record_attempt(new_submission_id(), "x", 1).error().code == "outbox.not_found");

    // Nothing pending can be deleted, and an acknowledged row cannot go back, even by hand-written SQL.
    auto delete_pending = fixture.store.database().execute("DELETE FROM outbox WHERE state = 'pending'");
    REQUIRE_FALSE(delete_pending.ok());
    CHECK(delete_pending.error().code == "store.constraint");
    CHECK(fixture.store.database()
              .execute("UPDATE outbox SET state = 'pending' WHERE state = 'acknowledged'")
              .error()
              .code == "store.constraint");
    CHECK(fixture.store.outbox_counts()->pending == 1);

    // A quarantined row that is later acknowledged (resolved at the county) leaves quarantine.
    REQUIRE(fixture.store.mark_acknowledged(first.submission.id, 1795002000).ok());
    CHECK(fixture.store.outbox_counts()->quarantined == 0);
}

TEST_CASE("progress by receipt number: saved, received, then the county's states with reasons") {
    OpenStore fixture;
    const auto committed = fixture.commit(support::demand("精密铸造"));
    const ReceiptNumber number = committed.receipt.number;
    auto saved = fixture.store.progress(number);
    REQUIRE(saved.ok());
    REQUIRE(saved->has_value());
    CHECK((*saved)->state == ProgressState::SavedOnTerminal);
    CHECK((*saved)->title == "精密铸造");
    CHECK((*saved)->kind == SubmissionKind::Demand);

    REQUIRE(fixture.store.mark_acknowledged(committed.submission.id, 1795000500).ok());
    CHECK(fixture.store.progress(number)->value().state == ProgressState::ReceivedByCounty);

    CHECK(fixture.store.last_status_sequence().value() == 0);
    StatusUpdate returned;
    returned.sequence = 1;
    returned.receipt_number = number.text();
    returned.state = ProgressState::ReturnedForCorrection;
    returned.reason = "请补充上年度研发投入";
    returned.updated_at = 1795001000;
    REQUIRE(fixture.store.apply_status_updates({returned}).ok());
    auto after_return = fixture.store.progress(number);
    REQUIRE(after_return->has_value());
    CHECK((*after_return)->state == ProgressState::ReturnedForCorrection);
    CHECK((*after_return)->reason == "请补充上年度研发投入");
    CHECK((*after_return)->updated_at == 1795001000);

    // Typed in lower case without dashes, it is the same receipt.
    std::string typed;
    for (char character : number.text()) {
        if (character != '-')
            typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(character))));
    }
    StatusUpdate accepted = returned;
    accepted.sequence = 2;
    accepted.receipt_number = typed;
    accepted.state = ProgressState::AcceptedByCounty;
    accepted.reason.clear();
    StatusUpdate redelivered = returned;  // sequence 1 again: ignored
    REQUIRE(fixture.store.apply_status_updates({accepted, redelivered}).ok());
    CHECK(fixture.store.progress(number)->value().state == ProgressState::AcceptedByCounty);
    CHECK(fixture.store.last_status_sequence().value() == 2);

    // A receipt from another terminal of the county is found through its status updates.
    ReceiptNumber other = number;
    other.terminal_number = 8;
    StatusUpdate elsewhere;
    elsewhere.sequence = 3;
    elsewhere.receipt_number = other.text();
    elsewhere.state = ProgressState::Published;
    elsewhere.title = "别处的需求";
    elsewhere.updated_at = 1795002000;
    REQUIRE(fixture.store.apply_status_updates({elsewhere}).ok());
    auto other_progress = fixture.store.progress(other);
    REQUIRE(other_progress->has_value());
    CHECK((*other_progress)->state == ProgressState::Published);
    CHECK((*other_progress)->title == "别处的需求");

    ReceiptNumber unknown = number;
    unknown.sequence = 500;
    CHECK_FALSE(fixture.store.progress(unknown)->has_value());

    // A batch with one bad receipt number is refused whole.
    StatusUpdate good = elsewhere;
    good.sequence = 4;
    StatusUpdate bad = elsewhere;
    bad.sequence = 5;
    bad.receipt_number = "JM-03-007";
    CHECK(fixture.store.apply_status_updates({good, bad}).error().code == "receipt.format");
    CHECK(fixture.store.last_status_sequence().value() == 3);
}

// checks terminal_store.hpp invariant 4
TEST_CASE("purge removes contact data only from acknowledged submissions older than retention") {
    OpenStore fixture;
    const auto old_acknowledged = fixture.commit(support::demand("早已确认"));
    const auto recent_acknowledged = fixture.commit(support::demand("刚刚确认"));
    const auto still_pending = fixture.commit(support::demand("尚未上传"));
    const auto quarantined = fixture.commit(support::demand("冲突"));
    const auto bid = fixture.commit(bid_for("JM-2026-007"));
    REQUIRE(fixture.store.mark_acknowledged(old_acknowledged.submission.id, 1000).ok());
    REQUIRE(fixture.store.mark_acknowledged(bid.submission.id, 1000).ok());
    REQUIRE(fixture.store.mark_acknowledged(recent_acknowledged.submission.id, 5000).ok());
    REQUIRE(fixture.store.mark_quarantined(quarantined.submission.id, "submit.conflict", 1000).ok());

    auto purged = fixture.store.purge_personal_data(2000, support::demand_form(), support::bid_form());
    REQUIRE(purged.ok());
    CHECK(*purged == 2);

    auto purged_demand = fixture.store.committed_submission(old_acknowledged.submission.id)->value();
    CHECK(purged_demand.submission.values.count("contact_name") == 0);
    CHECK(purged_demand.submission.values.count("contact_mobile") == 0);
    CHECK(purged_demand.submission.values.count("contact_email") == 0);
    CHECK(std::get<std::string>(purged_demand.submission.values.at("project_name")) == "早已确认");
    CHECK(std::get<std::string>(purged_demand.submission.values.at("budget_total_wan")) == "300");
    // The receipt still verifies: number, original hash and signature are kept.
    CHECK(purged_demand.receipt.content_hash == old_acknowledged.receipt.content_hash);
    CHECK(purged_demand.receipt.number.text() == old_acknowledged.receipt.number.text());
    CHECK(verify_receipt(purged_demand.receipt, fixture.key.public_key).ok());
    CHECK(fixture.store.progress(old_acknowledged.receipt.number)->value().title == "早已确认");

    auto purged_bid = fixture.store.committed_submission(bid.submission.id)->value();
    CHECK(purged_bid.submission.values.count("team_lead_name") == 0);
    CHECK(purged_bid.submission.values.count("contact_mobile") == 0);
    CHECK(purged_bid.submission.values.count("team_name") == 1);

    for (const auto* kept : {&recent_acknowledged, &still_pending, &quarantined}) {
        auto stored = fixture.store.committed_submission(kept->submission.id)->value();
        CHECK(std::get<std::string>(stored.submission.values.at("contact_mobile")) == "13800138000");
        CHECK(content_hash(stored.submission) == kept->receipt.content_hash);
    }
    CHECK(count_of(fixture.store, "SELECT count(*) FROM submissions WHERE purged = 1") == 2);
    CHECK(count_of(fixture.store,
                   "SELECT count(*) FROM submissions WHERE canonical_content LIKE '%13800138000%'") == 3);
    // Purging again finds nothing new.
    CHECK(fixture.store.purge_personal_data(2000, support::demand_form(), support::bid_form()).value() == 0);
}

TEST_CASE("board: replaced whole, read back with its hash, older or tampered boards refused") {
    OpenStore fixture;
    auto empty = fixture.store.board();
    REQUIRE(empty.ok());
    CHECK(empty->version == 0);
    CHECK(empty->listings.empty());

    Board board = sample_board(3);
    REQUIRE(fixture.store.replace_board(board).ok());
    auto stored = fixture.store.board();
    REQUIRE(stored.ok());
    CHECK(stored->version == 3);
    CHECK(stored->listings.size() == 2);
    CHECK(stored->listings[1].title == "智能制造产线视觉检测");
    CHECK(stored->hash_hex == board_hash_hex(board));
    CHECK(canonical_board_encoding(*stored) == canonical_board_encoding(board));

    // A bid's title for the progress screen comes from the board.
    const auto bid = fixture.commit(bid_for("JM-2026-008"));
    CHECK(fixture.store.progress(bid.receipt.number)->value().title == "智能制造产线视觉检测");
    CHECK(fixture.store.progress(bid.receipt.number)->value().kind == SubmissionKind::Bid);

    Board older = sample_board(2);
    CHECK(fixture.store.replace_board(older).error().code == "board.older_version");
    Board tampered = sample_board(4);
    tampered.hash_hex = board_hash_hex(tampered);
    tampered.listings[0].bounty_wan = "5000";
    CHECK(fixture.store.replace_board(tampered).error().code == "board.hash_mismatch");
    Board duplicated = sample_board(4);
    duplicated.listings[1].id = duplicated.listings[0].id;
    CHECK(fixture.store.replace_board(duplicated).error().code == "board.duplicate_listing");
    CHECK(fixture.store.board()->version == 3);  // failed replacements changed nothing

    Board newer = sample_board(4);
    newer.listings.pop_back();
    REQUIRE(fixture.store.replace_board(newer).ok());
    CHECK(fixture.store.board()->listings.size() == 1);
}

TEST_CASE("board: a schema-2 board keeps its issuer USCCs and its hash across a reopen") {
    OpenStore fixture;
    Board board = sample_board(5);
    board.schema = latest_board_schema;
    board.listings[0].issuer_uscc = "91440703MA4UJK122J";
    board.hash_hex = board_hash_hex(board);
    REQUIRE(fixture.store.replace_board(board).ok());
    auto stored = fixture.store.board();
    REQUIRE(stored.ok());
    CHECK(stored->schema == 2);
    CHECK(stored->listings[0].issuer_uscc == "91440703MA4UJK122J");
    CHECK(stored->listings[1].issuer_uscc.empty());
    CHECK(stored->hash_hex == board.hash_hex);
    // A schema-1 board after it (an older county) is stored as schema 1 and still verifies.
    Board older_schema = sample_board(6);
    REQUIRE(fixture.store.replace_board(older_schema).ok());
    auto replaced = fixture.store.board();
    REQUIRE(replaced.ok());
    CHECK(replaced->schema == 1);
    CHECK(replaced->listings[0].issuer_uscc.empty());
}

// checks database.hpp invariant 5 through the terminal store: a damaged hash or signature is never padded
TEST_CASE("a stored hash or signature of the wrong size is store.corrupt, never padded into a receipt") {
    OpenStore fixture;
    const auto committed = fixture.commit(support::demand("签名被截断"));
    // The schema's CHECK refuses such a row; switch the checks off as damage on disk would.
    REQUIRE(fixture.store.database().execute("PRAGMA ignore_check_constraints = ON").ok());
    REQUIRE(fixture.store.database()
                .execute("UPDATE submissions SET signature = substr(signature, 1, 63) WHERE id = ?1",
                         committed.submission.id)
                .ok());
    auto pending = fixture.store.pending_outbox(10);
    REQUIRE_FALSE(pending.ok());
    CHECK(pending.error().code == "store.corrupt");
    auto reprint = fixture.store.committed_submission(committed.submission.id);
    REQUIRE_FALSE(reprint.ok());
    CHECK(reprint.error().code == "store.corrupt");
    // A second tap on the same submission reads the stored hash: a wrong size there is damage too.
    REQUIRE(fixture.store.database()
                .execute("UPDATE submissions SET content_hash = zeroblob(33) WHERE id = ?1",
                         committed.submission.id)
                .ok());
    auto again = fixture.store.commit_submission(committed.submission, support::demand_form(),
                                                 fixture.identity, fixture.key, today);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == "store.corrupt");
}

TEST_CASE("the terminal store's busy timeout is the caller's: a held write lock gives store.busy") {
    OpenStore fixture;
    auto quick = TerminalStore::open(fixture.file, 20);
    REQUIRE(quick.ok());
    CHECK(count_of(*quick, "PRAGMA busy_timeout") == 20);
    CHECK(count_of(fixture.store, "PRAGMA busy_timeout") == default_busy_timeout_milliseconds);
    auto held = Transaction::begin(fixture.store.database());
    REQUIRE(held.ok());
    auto blocked = quick->commit_submission(support::demand(), support::demand_form(), fixture.identity,
                                            fixture.key, today);
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().code == "store.busy");
    REQUIRE(held->commit().ok());
    CHECK(count_of(fixture.store, "SELECT count(*) FROM submissions") == 0);
}

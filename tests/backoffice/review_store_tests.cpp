// tests/backoffice/review_store_tests.cpp — the aggregator store applying the review state machine on a
// real SQLite file: the orders of events that processes cannot produce on demand (an ACK lost and the city's
// decision arriving first, C16-C19; a late ACK after it, R3/R8; the city's entries replayed from 0 after its
// store was replaced, R8), the uplink taking a queued item under the write lock (C10, R7), and the
// all-or-nothing batch (R9), and the board built from demands' fields by role.
#include <doctest/doctest.h>

#include "backoffice_test_support.hpp"
#include "shared/domain/board.hpp"
#include "shared/forms/role_values.hpp"
#include "tests/support/fixtures.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using jiebang::backoffice::test::TempDir;

namespace {

StoredSubmission item(int number) {
    StoredSubmission submission;
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", number);
    submission.submission_id = id;
    submission.kind = "demand";
    submission.receipt_number = "JM-03-041-20261122-" + std::to_string(1000 + number) + "-X";
    submission.canonical_content = "{}";
    submission.origin_signing_key = "key";
    submission.via_node = "440703-041";
    submission.county_admin_code = "440703";
    submission.received_at = 1795000000;
    return submission;
}

struct CountyStore {
    TempDir temp;
    AggregatorStore store = open();

    AggregatorStore open() {
        auto opened = AggregatorStore::open(temp / "county.sqlite");
        REQUIRE(opened.ok());
        REQUIRE(opened->set_setting("role", "county").ok());
        return std::move(opened.value());
    }
    std::string add(int number) {
        auto transaction = store::Transaction::begin(store.database());
        REQUIRE(transaction.ok());
        REQUIRE(store.insert_submission(item(number), nullptr).ok());
        REQUIRE(transaction->commit().ok());
        return item(number).submission_id;
    }
    std::string stage(const std::string& id) {
        auto found = store.find(id);
        REQUIRE(found.ok());
        REQUIRE(found->has_value());
        return (**found).review_stage;
    }
    std::string forward_state(const std::string& id) { return (*store.find(id).value()).forward_state; }
    std::int64_t status_count(const std::string& id) {
        auto count =
            store.database().query_int("SELECT count(*) FROM status_entries WHERE submission_id = ?1", id);
        REQUIRE(count.ok());
        return count.value();
    }
    // Accepted, in a batch, and taken by the uplink: forward_sent.
    void send(const std::string& id) {
        REQUIRE(store.review(id, review::ReviewAction::Accept, "", ActingStaff{}, 1).ok());
        REQUIRE(store.forward({id}, ActingStaff{}, 2).ok());
        auto taken = store.forward_queue(64);
        REQUIRE(taken.ok());
        REQUIRE(stage(id) == "forward_sent");
    }
};

StatusEntry entry(std::int64_t sequence, const std::string& id, const std::string& state,
                  const std::string& reason = "") {
    return StatusEntry{sequence, id, "", state, reason, 1795000100};
}

}  // namespace

TEST_CASE("C16 and R8: the city's decision arrives before the lost ACK - the late ACK changes nothing") {
    CountyStore county;
    const std::string id = county.add(1);
    county.send(id);
    CHECK(county.status_count(id) == 1);  // accepted (C1); forwarding told the applicant nothing new

    // R7: once the uplink has it, the county cannot recall it.
    auto recall = county.store.review(id, review::ReviewAction::Recall, "", ActingStaff{}, 3);
    REQUIRE_FALSE(recall.ok());
    CHECK(recall.error().code == "review.transition");

    REQUIRE(county.store.apply_upstream_status({entry(1, id, "accepted")}, 4).ok());
    CHECK(county.stage(id) == "city_accepted");
    CHECK(county.forward_state(id) == "acknowledged");  // the decision proves the city has it
    CHECK(county.status_count(id) == 1);                // still "accepted" for the applicant

    REQUIRE(county.store.mark_forward_acknowledged(id, 5).ok());  // the ACK of a resend, late
    CHECK(county.stage(id) == "city_accepted");
    CHECK(county.status_count(id) == 1);

    REQUIRE(county.store.apply_upstream_status({entry(2, id, "published")}, 6).ok());
    CHECK(county.stage(id) == "published");
    // The city's store was replaced and its entries are replayed from 0: the older decision is ignored.
    REQUIRE(
        county.store.apply_upstream_status({entry(1, id, "accepted"), entry(2, id, "published")}, 7).ok());
    CHECK(county.stage(id) == "published");
    CHECK(county.status_count(id) == 2);  // accepted, published
}

TEST_CASE("C17 to C19: every city decision settles a forward whose ACK was lost") {
    CountyStore county;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"returned", "city_returned"}, {"rejected", "city_rejected"}, {"published", "published"}};
    int number = 10;
    std::int64_t sequence = 0;
    for (const auto& [code, stage] : cases) {
        const std::string id = county.add(++number);
        county.send(id);
        REQUIRE(county.store.apply_upstream_status({entry(++sequence, id, code, "市级意见")}, 8).ok());
        CHECK(county.stage(id) == stage);
        CHECK(county.forward_state(id) == "acknowledged");
        auto status = county.store.status_since("440703-041", 0, 100);
        REQUIRE(status.ok());
        CHECK(status->back().state == code);
        CHECK(status->back().submission_id == id);
        // The county's reviewer cannot overrule the city (R5).
        CHECK_FALSE(county.store.review(id, review::ReviewAction::Accept, "", ActingStaff{}, 9).ok());
    }
}

TEST_CASE("R9: a batch is all or nothing and holds exactly what was forwarded in it") {
    CountyStore county;
    const std::string accepted = county.add(21);
    const std::string received = county.add(22);
    REQUIRE(county.store.review(accepted, review::ReviewAction::Accept, "", ActingStaff{}, 1).ok());
    auto refused = county.store.forward({accepted, received}, ActingStaff{}, 2);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "review.transition");
    CHECK(refused.error().field == received);
    CHECK(county.stage(accepted) == "accepted");  // rolled back with the batch
    auto batches = county.store.forward_batches();
    REQUIRE(batches.ok());
    CHECK(batches->empty());

    auto batch = county.store.forward({accepted}, ActingStaff{}, 3);
    REQUIRE(batch.ok());
    CHECK(batch->number == 1);
    REQUIRE(county.store.review(received, review::ReviewAction::Accept, "", ActingStaff{}, 4).ok());
    auto second = county.store.forward({received}, ActingStaff{}, 5);
    REQUIRE(second.ok());
    CHECK(second->number == 2);
    REQUIRE(county.store.review(received, review::ReviewAction::Recall, "", ActingStaff{}, 6).ok());
    auto items = county.store.batch_items(2);
    REQUIRE(items.ok());
    CHECK(items->empty());  // recalled before the uplink took it: no longer in the batch
    items = county.store.batch_items(1);
    REQUIRE(items.ok());
    REQUIRE(items->size() == 1);
    CHECK(items->front().submission_id == accepted);
    CHECK(county.store.forward({}, ActingStaff{}, 7).error().code == "review.empty_batch");
}

TEST_CASE("R2: a store without a role refuses review actions instead of guessing its tier") {
    TempDir temp;
    auto store = AggregatorStore::open(temp / "new.sqlite");
    REQUIRE(store.ok());
    auto transaction = store::Transaction::begin(store->database());
    REQUIRE(store->insert_submission(item(31), nullptr).ok());
    REQUIRE(transaction->commit().ok());
    auto outcome = store->review(item(31).submission_id, review::ReviewAction::Accept, "", ActingStaff{}, 1);
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().code == "review.tier_unknown");
}

// The board's listings are read from each demand by field role (role_values.hpp), so a city that renames
// every field of its demand form publishes the same board (issue 15 item 1).
TEST_CASE(
    "publish_board: listings come from the demand's fields by role - renamed field ids change nothing") {
    const FormDefinition& shipped = test_support::fixture_forms().demand();
    const FieldValues values = test_support::complete_demand("jiangmen");
    FormDefinition renamed = shipped;
    FieldValues renamed_values;
    for (FieldDefinition& field : renamed.fields) {
        const std::string old_id = field.id;
        field.id = "renamed_" + old_id;
        if (auto found = values.find(old_id); found != values.end())
            renamed_values.emplace(field.id, found->second);
    }
    REQUIRE(renamed.field("project_name") == nullptr);

    auto publish = [](const FormDefinition& form, const FieldValues& content) {
        TempDir temp;
        auto store = AggregatorStore::open(temp / "city.sqlite");
        REQUIRE(store.ok());
        REQUIRE(store->set_setting("role", "city").ok());
        Submission demand;
        demand.id = item(41).submission_id;
        demand.profile_id = "jiangmen";
        demand.values = content;
        StoredSubmission stored = item(41);
        stored.canonical_content = submission_to_json(demand);
        auto transaction = store::Transaction::begin(store->database());
        REQUIRE(store->insert_submission(stored, nullptr).ok());
        REQUIRE(transaction->commit().ok());
        REQUIRE(store->review(stored.submission_id, review::ReviewAction::Accept, "", ActingStaff{}, 1).ok());
        auto board = store->publish_board(form, ActingStaff{}, 1795000000);
        REQUIRE_MESSAGE(board.ok(), (board.ok() ? std::string() : board.error().code));
        REQUIRE(board->listings.size() == 1);
        return board.value();
    };
    const Board before = publish(shipped, values);
    const Board after = publish(renamed, renamed_values);
    CHECK(board_to_json(after) == board_to_json(before));
    const Listing expected = listing_from_demand(shipped, values);
    CHECK_FALSE(expected.title.empty());
    CHECK(after.listings.front().title == expected.title);
    CHECK(after.listings.front().issuer_name == expected.issuer_name);
    CHECK(after.listings.front().bounty_wan == expected.bounty_wan);
    CHECK(after.listings.front().problem == expected.problem);
    CHECK(after.listings.front().profile_id == "jiangmen");
}

TEST_CASE(
    "aggregator_store.hpp invariant 8: a stored hash of the wrong size is store.corrupt, never padded") {
    CountyStore county;
    const std::string id = county.add(51);
    REQUIRE(county.store.find(id).ok());
    REQUIRE(county.store.database()
                .execute("UPDATE submissions SET content_hash = zeroblob(31) WHERE submission_id = ?1", id)
                .ok());
    auto found = county.store.find(id);
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().code == "store.corrupt");
    // The duplicate check reads the same column: a resend of the damaged item is refused, not compared.
    HashBytes stored{};
    auto again = county.store.insert_submission(item(51), &stored);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == "store.corrupt");
}

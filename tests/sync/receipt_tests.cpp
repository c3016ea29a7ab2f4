// tests/sync/receipt_tests.cpp — receipt numbers bound to their terminal and stored once (issue #11 defect
// 1; docs/protocol.md 5.3.1), with real processes: a terminal squatting on another's number, or on another
// county's, is refused with RECEIPT_MISMATCH and the genuine submission is then stored once; two terminals
// restored from one disk image never get one number stored twice (same keys: the second is RECEIPT_IN_USE
// and quarantined, the queue goes on, and the operator is told when both are online; new keys under a new
// node id: RECEIPT_MISMATCH); at the city a
// number is stored once across counties; a store from before the rule keeps its duplicates, flagged.
#include <doctest/doctest.h>

#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

ErrorReply error_reply(const std::optional<Message>& reply) {
    REQUIRE(reply.has_value());
    REQUIRE(std::holds_alternative<ErrorReply>(reply->body));
    return std::get<ErrorReply>(reply->body);
}

// `committed`'s content signed by `signer` under `number` (a SUBMIT a dishonest terminal could make).
Submit resigned(const store::CommittedSubmission& committed, const ReceiptNumber& number,
                const SigningKey& signer) {
    Submit submit = submit_for(committed);
    submit.receipt_number = number.text();
    submit.signature = sign_receipt(number, committed.receipt.content_hash, signer).signature;
    return submit;
}

}  // namespace

TEST_CASE("a terminal cannot squat on another terminal's or county's receipt number") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal squatter(temp, 7);
    Terminal genuine(temp, 8);
    squatter.enroll(aggregator);
    genuine.enroll(aggregator);
    auto own = squatter.commit(Terminal::demand("抢注的需求"));
    auto theirs = genuine.commit(Terminal::demand("真正的需求"));
    aggregator.start();

    ZmqContext context;
    RawClient client(context, squatter.curve(), aggregator);
    // 007's own content, signed with 007's own key, under 008's receipt number.
    const auto squat =
        error_reply(client.request(resigned(own, theirs.receipt.number, squatter.signing_key())));
    CHECK(squat.error == WireError::ReceiptMismatch);
    CHECK(squat.submission_id == own.submission.id);
    CHECK(squat.detail.find("terminal part 008") != std::string::npos);
    // A number of another county (JM-04, Jianghai) from a Pengjiang terminal.
    ReceiptNumber other_county = own.receipt.number;
    other_county.county_code = "04";
    const auto county = error_reply(client.request(resigned(own, other_county, squatter.signing_key())));
    CHECK(county.error == WireError::ReceiptMismatch);
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 0);

    // The genuine terminal's submission then goes, and is the only row under its number.
    genuine.start_agent(aggregator, {"--exit-when-drained", "--max-seconds", "60"});
    CHECK_MESSAGE(genuine.agent().wait(90) == 0, aggregator.log() << genuine.agent_log());
    const std::string number = theirs.receipt.number.text();
    CHECK(aggregator.count("SELECT count(*) FROM submissions WHERE receipt_number = '" + number + "'") == 1);
    CHECK(aggregator.count("SELECT count(*) FROM submissions WHERE via_node = '440703-008'") == 1);
    std::string shown;
    REQUIRE(staff({"submissions", "show", "--store", aggregator.store(), number}, &shown) == 0);
    CHECK(shown.find(theirs.submission.id) != std::string::npos);
    CHECK(aggregator.log().find("receipt_mismatch") != std::string::npos);
}

TEST_CASE("two terminals restored from one disk image never get one receipt number stored twice") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal original(temp, 7);
    original.enroll(aggregator);
    const auto before = original.commit(Terminal::demand("克隆之前"));  // in the image, pending on both
    Terminal copy(temp, "copy-of-007", original, true);                 // same store, same keys
    Terminal rekeyed(temp, "rekeyed-copy", original, false);            // same store, new keys ...
    rekeyed.enroll_as(aggregator, "440703-009");                        // ... enrolled as a new terminal

    // After the restore each issues "its" next number: the same numbers, for different submissions.
    const auto first = original.commit(Terminal::demand("原机的需求"));
    const auto clash = copy.commit(Terminal::demand("副本的需求"));
    const auto after = copy.commit(Terminal::demand("副本的下一份"));
    const auto stale = rekeyed.commit(Terminal::demand("换了密钥的副本"));
    REQUIRE(clash.receipt.number.text() == first.receipt.number.text());
    REQUIRE(stale.receipt.number.text() == first.receipt.number.text());
    aggregator.start();

    // Both machines online at once, one key: the operator is told.
    ZmqContext context;
    RawClient original_session(context, original.curve(), aggregator);
    RawClient copy_session(context, copy.curve(), aggregator);
    REQUIRE(original_session.request(Hello{NodeKind::Terminal, "test", 0, 0}).has_value());
    REQUIRE(copy_session.request(Hello{NodeKind::Terminal, "test", 0, 0}).has_value());
    CHECK(wait_until(
        [&] { return aggregator.log().find("two connections open at once") != std::string::npos; }));

    original.start_agent(aggregator, {"--exit-when-drained", "--max-seconds", "60"});
    REQUIRE_MESSAGE(original.agent().wait(90) == 0, aggregator.log() << original.agent_log());
    copy.start_agent(aggregator);
    rekeyed.start_agent(aggregator);
    // The copy's clashing item is set aside and the item behind it still goes; the re-keyed copy's items
    // are set aside too (signed with the image's key, or numbered as the image's terminal).
    REQUIRE_MESSAGE(wait_until([&] {
                        const auto counts = copy.counts();
                        return counts.pending == 0 && counts.quarantined == 1 && counts.acknowledged == 2;
                    }),
                    copy.agent_log() << aggregator.log());
    REQUIRE_MESSAGE(
        wait_until([&] { return rekeyed.counts().pending == 0 && rekeyed.counts().quarantined == 2; }),
        rekeyed.agent_log() << aggregator.log());
    auto copy_store = copy.open_store();
    CHECK(copy_store.database()
              .query_int("SELECT count(*) FROM outbox WHERE submission_id = ?1 AND last_error = ?2",
                         clash.submission.id, std::string("sync.receipt_in_use"))
              .value() == 1);
    // The re-keyed copy: the item from the image carries the old key's signature, its new item the old
    // terminal's number.
    auto rekeyed_store = rekeyed.open_store();
    CHECK(rekeyed_store.database()
              .query_int("SELECT count(*) FROM outbox WHERE submission_id = ?1 AND last_error = ?2",
                         before.submission.id, std::string("sync.bad_signature"))
              .value() == 1);
    CHECK(rekeyed_store.database()
              .query_int("SELECT count(*) FROM outbox WHERE submission_id = ?1 AND last_error = ?2",
                         stale.submission.id, std::string("sync.receipt_mismatch"))
              .value() == 1);

    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 3);  // before, first, after
    CHECK(aggregator.count("SELECT count(DISTINCT receipt_number) FROM submissions") == 3);
    CHECK(aggregator.count("SELECT count(*) FROM submissions WHERE submission_id IN ('" +
                           clash.submission.id + "', '" + stale.submission.id + "')") == 0);
    CHECK(aggregator.count("SELECT count(*) FROM submissions WHERE submission_id = '" + after.submission.id +
                           "'") == 1);
    CHECK(aggregator.count("SELECT count(*) FROM submissions WHERE submission_id = '" + before.submission.id +
                           "'") == 1);
}

TEST_CASE("at the city a receipt number is stored once, whichever county forwards it") {
    TempDir temp;
    Aggregator city(temp, "city", "city");
    auto county_keys = CurveKeyPair::generate();
    REQUIRE(county_keys.ok());
    REQUIRE(staff({"terminal", "enroll", "--store", city.store(), "--id", "440703", "--kind", "county",
                   "--county", "440703", "--curve-key", county_keys->public_key}) == 0);
    city.start();

    // A terminal of the county that signed two different submissions under one number (a cloned terminal
    // whose clash the county did not catch, as a store from before the rule could hold).
    SigningTerminal terminal(7);
    terminal.created_at = static_cast<std::int64_t>(std::time(nullptr));
    std::time_t created = static_cast<std::time_t>(terminal.created_at);
    std::tm date{};
    gmtime_r(&created, &date);
    ReceiptNumber number = terminal.receipt_number(1);
    number.year = date.tm_year + 1900;
    number.month = date.tm_mon + 1;
    number.day = date.tm_mday;
    Submit one = terminal.submit(terminal.demand("第一份"), number);
    Submit other = terminal.submit(terminal.demand("第二份"), number);
    one.origin_signing_key = other.origin_signing_key = terminal.node.signing_public_key;

    ZmqContext context;
    RawClient county(context, county_keys.value(), city);
    auto stored = county.request(one);
    REQUIRE(stored.has_value());
    REQUIRE_MESSAGE(std::holds_alternative<Ack>(stored->body), city.log());
    const auto refused = error_reply(county.request(other));
    CHECK(refused.error == WireError::ReceiptInUse);
    CHECK(wire_error_name(refused.error) == "sync.receipt_in_use");
    CHECK(city.count("SELECT count(*) FROM submissions") == 1);
    // The first one sent again is still a duplicate ACK, not a clash with itself.
    auto again = county.request(one);
    REQUIRE(again.has_value());
    REQUIRE(std::holds_alternative<Ack>(again->body));
    CHECK(std::get<Ack>(again->body).disposition == AckDisposition::Duplicate);
}

TEST_CASE("a store written before the rule keeps its duplicate receipt numbers, flagged, and takes no more") {
    TempDir temp;
    const auto file = temp / "aggregator.sqlite";
    {
        // The schema as it was before receipt numbers were unique (migrations 1 and 2), with a duplicate.
        const auto& all = aggregator_store_migrations();
        std::vector<store::Migration> older(all.begin(), all.begin() + 2);
        auto database = store::Database::open(
            file, older, store::OpenOptions{store::Durability::Full, store::IntegrityCheck::OnDemand});
        REQUIRE(database.ok());
        for (const char* id : {"0f8fad5b-d9cb-469f-a165-70867728950e", "1f8fad5b-d9cb-469f-a165-70867728950e",
                               "2f8fad5b-d9cb-469f-a165-70867728950e"}) {
            const std::string number =
                id[0] == '2' ? "JM-03-007-20261122-0002-X" : "JM-03-007-20261122-0001-X";
            REQUIRE(database
                        ->execute(
                            "INSERT INTO submissions (submission_id, kind, receipt_number, content_hash, "
                            "signature, canonical_content, origin_signing_key, via_node, county_admin_code, "
                            "received_at) VALUES ('" +
                            std::string(id) + "', 'demand', '" + number +
                            "', x'00', x'00', '{}', 'key', '440703-007', '440703', 1)")
                        .ok());
        }
    }
    auto store = AggregatorStore::open(file);
    REQUIRE_MESSAGE(store.ok(), store.error().code << " " << store.error().detail);
    CHECK(store->database().query_int("SELECT count(*) FROM submissions").value() == 3);
    CHECK(store->database()
              .query_int("SELECT count(*) FROM submissions WHERE flags = 'receipt_duplicate'")
              .value() == 2);

    StoredSubmission third;
    third.submission_id = "3f8fad5b-d9cb-469f-a165-70867728950e";
    third.kind = "demand";
    third.receipt_number = "JM-03-007-20261122-0001-X";
    third.via_node = "440703-007";
    third.county_admin_code = "440703";
    auto transaction = store::Transaction::begin(store->database());
    REQUIRE(transaction.ok());
    auto outcome = store->insert_submission(third, nullptr);
    REQUIRE(outcome.ok());
    CHECK(outcome.value() == InsertOutcome::ReceiptInUse);
    third.receipt_number = "JM-03-007-20261122-0003-X";
    outcome = store->insert_submission(third, nullptr);
    REQUIRE(outcome.ok());
    CHECK(outcome.value() == InsertOutcome::Stored);
    REQUIRE(transaction->commit().ok());
    CHECK(store->database().query_int("SELECT count(*) FROM submissions").value() == 4);
}

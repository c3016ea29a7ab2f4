// tests/sync/upload_tests.cpp — a terminal's outbox reaches a real jiebang-aggregator over CURVE on loopback:
// stored exactly once and acknowledged; a resend is ACKed as a duplicate; the same id with other content
// gets CONFLICT, is quarantined on the terminal, and the item behind it still goes.
#include <doctest/doctest.h>
#include <zmq.h>

#include "shared/validate/validators.hpp"
#include "sync/protocol/codec.hpp"
#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

TEST_CASE("a terminal's submissions are stored exactly once and acknowledged, a resend is a duplicate") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 7);
    terminal.enroll(aggregator);
    std::vector<store::CommittedSubmission> committed;
    for (int index = 0; index < 5; ++index) {
        committed.push_back(terminal.commit(Terminal::demand("智能装备项目" + std::to_string(index))));
    }
    CHECK(terminal.counts().pending == 5);
    aggregator.start();
    terminal.start_agent(aggregator, {"--exit-when-drained", "--max-seconds", "60"});
    const int agent_exit = terminal.agent().wait(90);
    CHECK_MESSAGE(agent_exit == 0, aggregator.log() << terminal.agent_log());
    CHECK(terminal.counts().pending == 0);
    CHECK(terminal.counts().acknowledged == 5);
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 5);
    CHECK(aggregator.count("SELECT count(DISTINCT submission_id) FROM submissions") == 5);

    // The progress lookup on the terminal now says the county has it.
    auto store = terminal.open_store();
    auto progress = store.progress(committed[0].receipt.number);
    REQUIRE(progress.ok());
    REQUIRE(progress->has_value());
    CHECK((**progress).state == ProgressState::ReceivedByCounty);

    // Sending one again (as after a lost ACK) is answered ACK duplicate and stores nothing new.
    ZmqContext context;
    RawClient client(context, terminal.curve(), aggregator);
    auto reply = client.request(submit_for(committed[2]));
    REQUIRE(reply.has_value());
    REQUIRE(std::holds_alternative<Ack>(reply->body));
    CHECK(std::get<Ack>(reply->body).disposition == AckDisposition::Duplicate);
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 5);

    // The aggregator recorded the terminal's contact for staff.
    std::string listing;
    REQUIRE(staff({"terminal", "list", "--store", aggregator.store()}, &listing) == 0);
    CHECK(listing.find(terminal.identity().terminal_id) != std::string::npos);
    CHECK(listing.find("active") != std::string::npos);
    CHECK(aggregator.process().stop() == 0);
}

TEST_CASE("same id with other content gets CONFLICT, is quarantined, and the next item still goes") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 8);
    terminal.enroll(aggregator);
    auto first = terminal.commit(Terminal::demand("第一项"));
    auto second = terminal.commit(Terminal::demand("第二项"));
    aggregator.start();

    // Something else with the first item's id (validly signed by this terminal) reaches the county first.
    Submission impostor = first.submission;
    impostor.values["project_name"] = std::string("内容不同");
    const ContentHash impostor_hash = content_hash(impostor);
    const Receipt impostor_receipt =
        sign_receipt(first.receipt.number, impostor_hash, terminal.signing_key());
    ZmqContext context;
    RawClient client(context, terminal.curve(), aggregator);
    Submit submit = submit_for(first);
    submit.canonical_content = canonical_encoding(impostor);
    submit.content_hash = impostor_hash;
    submit.signature = impostor_receipt.signature;
    auto reply = client.request(submit);
    REQUIRE(reply.has_value());
    REQUIRE(std::holds_alternative<Ack>(reply->body));

    terminal.start_agent(aggregator, {"--exit-when-drained", "--max-seconds", "60"});
    CHECK(terminal.agent().wait(90) == 0);
    const auto counts = terminal.counts();
    CHECK(counts.pending == 0);
    CHECK(counts.quarantined == 1);
    CHECK(counts.acknowledged == 1);
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 2);
    auto store = AggregatorStore::open(aggregator.store_file());
    REQUIRE(store.ok());
    auto stored_second = store->find(second.submission.id);
    REQUIRE(stored_second.ok());
    CHECK(stored_second->has_value());
}

TEST_CASE("bad content is refused with a permanent error and quarantined, identity comes from the key") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 9);
    Terminal other(temp, 10);
    terminal.enroll(aggregator);
    auto committed = terminal.commit(Terminal::demand("签名测试"));
    aggregator.start();
    ZmqContext context;
    RawClient client(context, terminal.curve(), aggregator);

    SUBCASE("hash mismatch") {
        Submit submit = submit_for(committed);
        submit.content_hash[0] ^= 1;
        auto reply = client.request(submit);
        REQUIRE(reply.has_value());
        REQUIRE(std::holds_alternative<ErrorReply>(reply->body));
        CHECK(std::get<ErrorReply>(reply->body).error == WireError::HashMismatch);
    }
    SUBCASE("a receipt signed by another terminal's key") {
        Submit submit = submit_for(committed);
        submit.signature =
            sign_receipt(committed.receipt.number, committed.receipt.content_hash, other.signing_key())
                .signature;
        auto reply = client.request(submit);
        REQUIRE(reply.has_value());
        REQUIRE(std::holds_alternative<ErrorReply>(reply->body));
        CHECK(std::get<ErrorReply>(reply->body).error == WireError::BadSignature);
    }
    SUBCASE("a terminal may not claim to forward for another") {
        Submit submit = submit_for(committed);
        submit.origin_signing_key = other.signing_key().public_key_text();
        auto reply = client.request(submit);
        REQUIRE(reply.has_value());
        REQUIRE(std::holds_alternative<ErrorReply>(reply->body));
        CHECK(std::get<ErrorReply>(reply->body).error == WireError::NotAllowed);
    }
    SUBCASE("the WELCOME names the enrolled identity") {
        auto reply = client.request(Hello{NodeKind::Terminal, "test", 0, 0});
        REQUIRE(reply.has_value());
        REQUIRE(std::holds_alternative<Welcome>(reply->body));
        CHECK(std::get<Welcome>(reply->body).node_id == terminal.identity().terminal_id);
        CHECK(std::get<Welcome>(reply->body).county_admin_code == "440703");
    }
    CHECK(aggregator.count("SELECT count(*) FROM submissions ") == 0);
}

namespace {
// A valid USCC registered in `admin_code` (GB 11714 organisation check, GB 32100 check character).
std::string make_uscc(const std::string& admin_code, const std::string& organisation) {
    static const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const int organisation_weights[] = {3, 7, 9, 10, 5, 8, 4, 2};
    int organisation_sum = 0;
    for (int index = 0; index < 8; ++index)
        organisation_sum += (organisation[index] - '0') * organisation_weights[index];
    const int organisation_check = 11 - organisation_sum % 11;
    const char organisation_character = organisation_check == 10 ? 'X'
                                        : organisation_check == 11
                                            ? '0'
                                            : static_cast<char>('0' + organisation_check);
    std::string code = "91" + admin_code + organisation + organisation_character;
    int sum = 0;
    int weight = 1;
    for (char character : code) {
        sum += static_cast<int>(alphabet.find(character)) * weight;
        weight = weight * 3 % 31;
    }
    return code + alphabet[(31 - sum % 31) % 31];
}
}  // namespace

TEST_CASE("the county comes from the enrolled terminal and a USCC from elsewhere is flagged, never dropped") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 16);
    terminal.enroll(aggregator);
    const std::string local = make_uscc("440703", "12345678");
    const std::string other_county = make_uscc("440705", "23456789");
    const std::string other_city = make_uscc("110105", "34567890");
    for (const std::string& uscc : {local, other_county, other_city}) {
        auto checked = check_uscc(uscc);
        REQUIRE_MESSAGE(checked.ok(), uscc << " " << checked.error().code);
    }
    auto in_county = terminal.commit(Terminal::demand("本区企业", local));
    auto neighbour = terminal.commit(Terminal::demand("邻区企业", other_county));
    auto outside = terminal.commit(Terminal::demand("外市企业", other_city));
    aggregator.start();
    terminal.start_agent(aggregator, {"--exit-when-drained", "--max-seconds", "60"});
    CHECK(terminal.agent().wait(90) == 0);
    auto store = AggregatorStore::open(aggregator.store_file());
    REQUIRE(store.ok());
    auto flags_of = [&](const store::CommittedSubmission& committed) {
        auto found = store->find(committed.submission.id);
        REQUIRE(found.ok());
        REQUIRE(found->has_value());
        CHECK((**found).county_admin_code == "440703");
        CHECK((**found).via_node == terminal.identity().terminal_id);
        return (**found).flags;
    };
    CHECK(flags_of(in_county) == "");
    CHECK(flags_of(neighbour) == "uscc_other_county");
    CHECK(flags_of(outside) == "uscc_outside_city");
}

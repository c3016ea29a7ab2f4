// tests/sync/security_tests.cpp — the aggregator fails closed and keeps serving good clients: an unenrolled
// CURVE key, a NULL-security client and a revoked key get no session; garbage frames, wrong versions and
// unknown commands get an explicit ERROR; an oversized message costs its sender the connection; through all
// of it an enrolled terminal keeps getting answers; a flood of malformed messages costs a few log lines and
// a summary, not a line each (issue #11 defect 6).
#include <doctest/doctest.h>

#include <regex>

#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {
std::vector<std::string> hello_frames() {
    return encode(Message{1, Hello{NodeKind::Terminal, "test", 0, 0}}).value();
}
bool answers_hello(RawClient& client) {
    auto reply = client.try_request(hello_frames(), 3000);
    return reply.has_value() && std::holds_alternative<Welcome>(reply->body);
}
}  // namespace

TEST_CASE("unenrolled, NULL-security and revoked clients are refused while an enrolled one is served") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal good(temp, 11);
    Terminal stranger(temp, 12);  // never enrolled
    Terminal revoked(temp, 13);
    good.enroll(aggregator);
    revoked.enroll(aggregator);
    REQUIRE(staff({"terminal", "revoke", "--store", aggregator.store(), "--id",
                   revoked.identity().terminal_id}) == 0);
    aggregator.start();
    ZmqContext context;

    RawClient good_client(context, good.curve(), aggregator);
    CHECK(answers_hello(good_client));

    RawClient stranger_client(context, stranger.curve(), aggregator);
    CHECK_FALSE(answers_hello(stranger_client));

    RawClient revoked_client(context, revoked.curve(), aggregator);
    CHECK_FALSE(answers_hello(revoked_client));

    ZmqSocket null_client(context, ZMQ_DEALER);
    REQUIRE(null_client.connect(aggregator.endpoint()).ok());
    REQUIRE(null_client.send_frames(hello_frames(), true).ok());
    auto null_reply = null_client.receive_frames(2000);
    REQUIRE(null_reply.ok());
    CHECK(null_reply->empty());

    CHECK(answers_hello(good_client));
    CHECK(aggregator.log().find("refused an unenrolled CURVE key") != std::string::npos);
    CHECK(aggregator.process().running());
}

TEST_CASE("garbage, wrong versions and oversized messages get errors or a cut connection, never a crash") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal good(temp, 14);
    Terminal noisy(temp, 15);
    good.enroll(aggregator);
    noisy.enroll(aggregator);
    aggregator.start();
    ZmqContext context;
    RawClient good_client(context, good.curve(), aggregator);
    RawClient noisy_client(context, noisy.curve(), aggregator);
    REQUIRE(answers_hello(noisy_client));

    auto garbage = noisy_client.try_request({"not a header"}, 3000);
    REQUIRE(garbage.has_value());
    REQUIRE(std::holds_alternative<ErrorReply>(garbage->body));
    CHECK(std::get<ErrorReply>(garbage->body).error == WireError::BadMessage);

    auto frames = hello_frames();
    frames[0][2] = 9;  // version 9
    auto wrong_version = noisy_client.try_request(frames, 3000);
    REQUIRE(wrong_version.has_value());
    REQUIRE(std::holds_alternative<ErrorReply>(wrong_version->body));
    CHECK(std::get<ErrorReply>(wrong_version->body).error == WireError::UnsupportedVersion);
    CHECK(wrong_version->correlation_id == 1);

    auto reply_command =
        encode(Message{5, Ack{"0f8fad5b-d9cb-469f-a165-70867728950e", AckDisposition::Stored}}).value();
    auto unknown = noisy_client.try_request(reply_command, 3000);
    REQUIRE(unknown.has_value());
    REQUIRE(std::holds_alternative<ErrorReply>(unknown->body));
    CHECK(std::get<ErrorReply>(unknown->body).error == WireError::UnknownCommand);

    auto truncated = hello_frames();
    truncated[1].pop_back();
    auto short_body = noisy_client.try_request(truncated, 3000);
    REQUIRE(short_body.has_value());
    CHECK(std::holds_alternative<ErrorReply>(short_body->body));

    CHECK(answers_hello(good_client));

    // 9 MiB is over ZMQ_MAXMSGSIZE: the server drops that peer's connection instead of reading it.
    const std::string oversized(9 * 1024 * 1024, 'x');
    auto big = noisy_client.try_request({hello_frames()[0], oversized}, 3000);
    CHECK_FALSE(big.has_value());

    CHECK(answers_hello(good_client));
    CHECK(aggregator.process().running());
}

TEST_CASE("a flood of malformed messages writes a few log lines and a summary that counts the rest") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal noisy(temp, 16);
    noisy.enroll(aggregator);
    aggregator.start();
    ZmqContext context;
    RawClient client(context, noisy.curve(), aggregator);
    REQUIRE(answers_hello(client));

    constexpr int flood = 5000;
    for (int index = 0; index < flood; ++index)
        REQUIRE(client.socket().send_frames({"not a header"}).ok());
    int replies = 0;
    int errors = 0;
    while (replies < flood) {
        auto reply = client.receive(10000);
        REQUIRE_MESSAGE(reply.has_value(), "only " << replies << " replies");
        replies++;
        errors += std::holds_alternative<ErrorReply>(reply->body) ? 1 : 0;
    }
    CHECK(errors == flood);
    REQUIRE(aggregator.process().stop() == 0);  // stopping writes the summaries still pending

    const std::string log = aggregator.log();
    int written = 0;
    for (auto position = log.find("refused a message from"); position != std::string::npos;
         position = log.find("refused a message from", position + 1)) {
        written++;
    }
    std::int64_t suppressed = 0;
    const std::regex summary("suppressed ([0-9]+) similar lines \\(refused_message\\)");
    for (auto match = std::sregex_iterator(log.begin(), log.end(), summary); match != std::sregex_iterator();
         ++match) {
        suppressed += std::stoll((*match)[1].str());
    }
    CHECK(written > 0);
    CHECK(written <= 200);  // 20 a kind per 10 s: a flood would have to last 100 s to write more
    CHECK(written + suppressed == flood);
}

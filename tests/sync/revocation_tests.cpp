// tests/sync/revocation_tests.cpp — revocation reaches open sessions and roles are enforced (issue #11
// defects 2 and 3; docs/protocol.md sections 8 and 8c), proved with real processes and socket-monitor
// events: after `jiebang terminal revoke` the open connection is closed at once (DISCONNECTED), the next
// handshake is refused (HANDSHAKE_FAILED_AUTH 400), no later SUBMIT is ACKed or stored; a terminal talking
// to a city server and a county talking to a county server get NOT_ALLOWED from their HELLO on, and a
// terminal's agent pointed at a city says so and keeps its item pending.
#include <doctest/doctest.h>
#include <zmq.h>

#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

constexpr int connection_events = ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

void revoke(const Aggregator& aggregator, const Terminal& terminal) {
    REQUIRE(staff({"terminal", "revoke", "--store", aggregator.store(), "--id",
                   terminal.identity().terminal_id}) == 0);
}

// Nothing that came back on `client` (without waiting) is an ACK.
void check_no_ack(RawClient& client) {
    while (auto reply = client.receive(0))
        CHECK_FALSE(std::holds_alternative<Ack>(reply->body));
}

std::int64_t stored(Aggregator& aggregator, const store::CommittedSubmission& committed) {
    return aggregator.count("SELECT count(*) FROM submissions WHERE submission_id = '" +
                            committed.submission.id + "'");
}

}  // namespace

TEST_CASE("a revoked terminal's next SUBMIT on its open session is never ACKed, and the session is cut") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 21);
    terminal.enroll(aggregator);
    auto first = terminal.commit(Terminal::demand("第一项"));
    auto second = terminal.commit(Terminal::demand("第二项"));
    aggregator.start();

    ZmqContext context;
    RawClient client(context, terminal.curve(), aggregator);
    ConnectionEvents monitor(context, client.socket(), connection_events);
    auto welcome = client.request(Hello{NodeKind::Terminal, "test", 0, 0});
    REQUIRE(welcome.has_value());
    REQUIRE(std::holds_alternative<Welcome>(welcome->body));
    auto acknowledged = client.request(submit_for(first));
    REQUIRE(acknowledged.has_value());
    REQUIRE(std::holds_alternative<Ack>(acknowledged->body));

    revoke(aggregator, terminal);
    // The next message, sent at once on the session that is still open.
    REQUIRE(client.socket().send_frames(encode(Message{7, submit_for(second)}).value(), true).ok());

    REQUIRE_MESSAGE(monitor.wait_for(ZMQ_EVENT_DISCONNECTED).has_value(), aggregator.log());
    const auto refused = monitor.wait_for(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    REQUIRE(refused.has_value());
    CHECK(*refused == 400);  // the reconnect meets ZAP: revoked keys are not admitted
    check_no_ack(client);
    CHECK(stored(aggregator, first) == 1);
    CHECK(stored(aggregator, second) == 0);
    CHECK(aggregator.log().find("is no longer enrolled") != std::string::npos);
    CHECK(aggregator.process().running());
}

TEST_CASE("a revocation closes an idle session at once, without waiting for its next message") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal revoked(temp, 22);
    Terminal other(temp, 23);
    revoked.enroll(aggregator);
    other.enroll(aggregator);
    auto pending = revoked.commit(Terminal::demand("撤销之后"));
    aggregator.start();

    ZmqContext context;
    RawClient client(context, revoked.curve(), aggregator);
    RawClient bystander(context, other.curve(), aggregator);
    ConnectionEvents monitor(context, client.socket(), connection_events);
    ConnectionEvents bystander_monitor(context, bystander.socket(), connection_events);
    REQUIRE(client.request(Hello{NodeKind::Terminal, "test", 0, 0}).has_value());
    REQUIRE(bystander.request(Hello{NodeKind::Terminal, "test", 0, 0}).has_value());

    revoke(aggregator, revoked);
    REQUIRE_MESSAGE(monitor.wait_for(ZMQ_EVENT_DISCONNECTED).has_value(), aggregator.log());
    const auto refused = monitor.wait_for(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    REQUIRE(refused.has_value());
    CHECK(*refused == 400);

    // Whatever the revoked terminal sends now goes nowhere; the other terminal's session was not touched.
    (void)client.socket().send_frames(encode(Message{9, submit_for(pending)}).value(), true);
    auto answered = bystander.request(Hello{NodeKind::Terminal, "test", 0, 0});
    REQUIRE(answered.has_value());
    CHECK(std::holds_alternative<Welcome>(answered->body));
    CHECK(bystander_monitor.seen().empty());
    check_no_ack(client);
    CHECK(stored(aggregator, pending) == 0);
}

TEST_CASE("a city server refuses terminals and a county server refuses counties, by name (the role matrix)") {
    TempDir temp;
    Aggregator city(temp, "city", "city");
    Aggregator county(temp, "county", "county");
    Terminal terminal(temp, 24);
    terminal.enroll(city);  // a staff mistake: a terminal enrolled at the city
    auto submission = terminal.commit(Terminal::demand("送错了地方"));
    // A county enrolled at another county (it should be enrolled at the city).
    REQUIRE(staff({"terminal", "enroll", "--store", county.store(), "--id", "440704", "--kind", "county",
                   "--county", "440704", "--curve-key", city.keys().public_key}) == 0);
    city.start();
    county.start();

    ZmqContext context;
    RawClient at_city(context, terminal.curve(), city);
    auto hello = at_city.request(Hello{NodeKind::Terminal, "test", 0, 0});
    REQUIRE(hello.has_value());
    REQUIRE(std::holds_alternative<ErrorReply>(hello->body));
    CHECK(std::get<ErrorReply>(hello->body).error == WireError::NotAllowed);
    CHECK(std::get<ErrorReply>(hello->body).detail.find("a city server accepts county nodes only") !=
          std::string::npos);
    auto submit = at_city.request(submit_for(submission));
    REQUIRE(submit.has_value());
    REQUIRE(std::holds_alternative<ErrorReply>(submit->body));
    CHECK(std::get<ErrorReply>(submit->body).error == WireError::NotAllowed);
    CHECK(std::get<ErrorReply>(submit->body).submission_id == submission.submission.id);
    CHECK(wire_error_name(WireError::NotAllowed) == "sync.not_allowed");
    CHECK(city.count("SELECT count(*) FROM submissions") == 0);

    RawClient county_at_county(context, city.keys(), county);  // the node enrolled above, by its key
    auto county_hello = county_at_county.request(Hello{NodeKind::County, "test", 0, 0});
    REQUIRE(county_hello.has_value());
    REQUIRE(std::holds_alternative<ErrorReply>(county_hello->body));
    CHECK(std::get<ErrorReply>(county_hello->body).error == WireError::NotAllowed);
    CHECK(
        std::get<ErrorReply>(county_hello->body).detail.find("a county server accepts terminal nodes only") !=
        std::string::npos);

    // The terminal's own agent, pointed at the city, is told why at HELLO and keeps its item pending (not
    // quarantined): once it is pointed at its county, the item goes.
    terminal.start_agent(city);
    CHECK_MESSAGE(
        wait_until([&] { return terminal.agent_log().find("error=sync.not_allowed") != std::string::npos; }),
        terminal.agent_log());
    CHECK(terminal.counts().pending == 1);
    CHECK(terminal.counts().quarantined == 0);
    CHECK(city.count("SELECT count(*) FROM submissions") == 0);
    CHECK(city.log().find("does not serve terminal nodes") != std::string::npos);
}

// tests/sync/vectors_server_tests.cpp — a real jiebang-aggregator behaves as docs/protocol.md says, checked
// with the committed test vectors (tests/sync/vectors/jbsp1-vectors.json) over real CURVE sockets:
//  - each invalid vector gets the ERROR the vectors name, with the correlation id of a readable header or 0
//    (section 10; precedence: frame count and header first, then version, then command, then body);
//  - a reply command sent to a server is unknown_command when its body is well formed, bad_message when not;
//  - the vectors' SUBMIT, sent with the TEST-ONLY keys enrolled, is answered with exactly the bytes of the
//    ACK vectors; a receipt number typed in lower case without dashes is normalised before the signature is
//    checked and stored in its canonical form; SUBMIT adds no status entry, a staff decision does (5.9);
//  - a board snapshot carries board_json whose hash is SHA-256 of board_json without its "hash" member, both
//    for a stored board (the bytes of the BOARD-SNAPSHOT vector) and for one the city publishes (5.8, 14);
//  - the size limit is per frame (4): three frames of 7 MiB are read and answered bad_message; one frame
//    over the limit costs the sender its connection (a DISCONNECTED socket-monitor event), and the client is
//    served again after it reconnects.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "sync_test_support.hpp"
#include "tests/sync/vectors/jbsp_vectors.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;
using Json = nlohmann::ordered_json;

namespace {

const Json& vectors_document() {
    static const Json document = Json::parse(
        read_file(std::filesystem::path(JIEBANG_SOURCE_DIR) / "tests/sync/vectors/jbsp1-vectors.json"));
    return document;
}

const Json& message_vector(const std::string& name) {
    for (const Json& vector : vectors_document().at("messages")) {
        if (vector.at("name") == name)
            return vector;
    }
    FAIL("no message vector named " << name);
    static const Json none;
    return none;
}

std::string bytes_of(const Json& vector, const char* key) {
    return vectors::from_hex(vector.at(key).get<std::string>());
}

std::vector<std::string> frames_of(const Json& vector) {
    return {vectors::from_hex(vector.at("header_hex").get<std::string>()),
            vectors::from_hex(vector.at("body_hex").get<std::string>())};
}

// The TEST-ONLY CURVE key pair of the vectors.
CurveKeyPair test_curve_keys() {
    const Json& keys = vectors_document().at("test_only_keys");
    return CurveKeyPair{keys.at("curve_public_key_z85").get<std::string>(),
                        keys.at("curve_secret_key_z85").get<std::string>()};
}

std::vector<std::string> hello_frames(std::uint64_t correlation_id) {
    return encode(Message{correlation_id, Hello{NodeKind::Terminal, "test", 0, 0}}).value();
}

// Events of a socket, through libzmq's socket monitor (a PAIR socket on inproc).
class SocketMonitor {
  public:
    SocketMonitor(ZmqContext& context, ZmqSocket& socket, const std::string& name)
        : endpoint_("inproc://monitor-" + name), pair_(context, ZMQ_PAIR) {
        REQUIRE(zmq_socket_monitor(socket.handle(), endpoint_.c_str(), ZMQ_EVENT_ALL) == 0);
        REQUIRE(pair_.connect(endpoint_).ok());
    }
    // Waits (bounded) for `event`; every other event is passed over.
    bool wait_for(int event, int timeout_ms) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < deadline) {
            auto frames = pair_.receive_frames(100);
            if (!frames || frames->empty() || (*frames)[0].size() < 2)
                continue;
            const auto* bytes = reinterpret_cast<const unsigned char*>((*frames)[0].data());
            const int received = bytes[0] | (bytes[1] << 8);  // little-endian u16 event number
            if (received == event)
                return true;
        }
        return false;
    }

  private:
    std::string endpoint_;
    ZmqSocket pair_;
};

}  // namespace

TEST_CASE(
    "a real aggregator answers each invalid vector with the ERROR and correlation id the vectors name") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 41);
    terminal.enroll(aggregator);
    aggregator.start();
    ZmqContext context;
    RawClient client(context, terminal.curve(), aggregator);
    REQUIRE(client.try_request(hello_frames(1), 5000).has_value());

    for (const Json& vector : vectors_document().at("invalid_messages")) {
        CAPTURE(vector.at("name").get<std::string>());
        std::vector<std::string> frames;
        for (const Json& frame : vector.at("frames_hex"))
            frames.push_back(vectors::from_hex(frame.get<std::string>()));
        auto reply = client.send_raw(frames);
        REQUIRE(reply.has_value());
        REQUIRE(std::holds_alternative<ErrorReply>(reply->body));
        const auto& error = std::get<ErrorReply>(reply->body);
        const std::string expected = vector.at("server_reply").get<std::string>();
        CHECK(expected.rfind(std::string(wire_error_name(error.error)) + " (", 0) == 0);
        CHECK(std::to_string(reply->correlation_id) ==
              vector.at("server_reply_correlation_id").get<std::string>());
        CHECK(error.submission_id.empty());
    }

    // A reply command sent to a server: unknown_command with a well-formed body, bad_message without.
    auto ack = frames_of(message_vector("ACK stored"));
    auto unknown = client.send_raw(ack);
    REQUIRE(unknown.has_value());
    CHECK(std::get<ErrorReply>(unknown->body).error == WireError::UnknownCommand);
    CHECK(unknown->correlation_id == 2);
    ack[1].pop_back();
    auto malformed = client.send_raw(ack);
    REQUIRE(malformed.has_value());
    CHECK(std::get<ErrorReply>(malformed->body).error == WireError::BadMessage);
    CHECK(malformed->correlation_id == 2);

    CHECK(client.try_request(hello_frames(9), 5000).has_value());  // still served
    CHECK(aggregator.process().running());
}

TEST_CASE("the vectors' SUBMIT under the test keys: ACK bytes as in the vectors, receipt number normalised") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    const Json& keys = vectors_document().at("test_only_keys");
    REQUIRE(staff({"terminal", "enroll", "--store", aggregator.store(), "--id", "440703-007", "--county",
                   "440703", "--curve-key", keys.at("curve_public_key_z85").get<std::string>(),
                   "--signing-key", keys.at("ed25519_public_key_base64url").get<std::string>()}) == 0);
    aggregator.start();
    ZmqContext context;
    RawClient client(context, test_curve_keys(), aggregator);
    REQUIRE(client.try_request(hello_frames(1), 5000).has_value());

    // SUBMIT adds no status entry (the ACK is what tells the terminal "received").
    const Json& submit_vector = message_vector("SUBMIT from a terminal");
    auto submit_frames = frames_of(submit_vector);
    auto submit = std::get<Submit>(decode({submit_frames[0], submit_frames[1]})->body);
    const std::string canonical_number = submit.receipt_number;

    // First as typed by a person: lower case, no dashes. The server normalises, then checks the signature.
    Submit typed = submit;
    typed.receipt_number = vectors_document()
                               .at("receipt_numbers")
                               .at(0)
                               .at("typed_forms_that_normalise_to_it")
                               .at(1)
                               .get<std::string>();
    CHECK(typed.receipt_number != canonical_number);
    auto first = client.send_raw(encode(Message{2, typed}).value());
    REQUIRE(first.has_value());
    if (const auto* refused = std::get_if<ErrorReply>(&first->body))
        MESSAGE("the server refused the SUBMIT: " << refused->detail);
    CHECK(encode(first.value()).value()[1] == bytes_of(message_vector("ACK stored"), "body_hex"));
    CHECK(encode(first.value()).value()[0] == bytes_of(message_vector("ACK stored"), "header_hex"));
    auto stored = AggregatorStore::open(aggregator.store_file());
    REQUIRE(stored.ok());
    auto found = stored->find(submit.submission_id);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((**found).receipt_number == canonical_number);

    // Then the vector's frames as they are (correlation id 2): the same bytes as "ACK duplicate" but for
    // the correlation id; resent with id 3 it is exactly the vector.
    auto again_frames = submit_frames;
    again_frames[0] = encode(Message{3, submit}).value()[0];
    auto again = client.send_raw(again_frames);
    REQUIRE(again.has_value());
    const auto again_bytes = encode(again.value()).value();
    CHECK(again_bytes[0] == bytes_of(message_vector("ACK duplicate"), "header_hex"));
    CHECK(again_bytes[1] == bytes_of(message_vector("ACK duplicate"), "body_hex"));

    auto none = client.request(StatusRequest{0, 1000});
    REQUIRE(none.has_value());
    CHECK(std::get<StatusUpdates>(none->body).latest_sequence == 0);
    CHECK(std::get<StatusUpdates>(none->body).updates.empty());
    REQUIRE(staff({"submissions", "accept", "--store", aggregator.store(), canonical_number}) == 0);
    auto one = client.request(StatusRequest{0, 1000});
    REQUIRE(one.has_value());
    const auto& updates = std::get<StatusUpdates>(one->body);
    REQUIRE(updates.updates.size() == 1);
    CHECK(updates.latest_sequence == 1);
    CHECK(updates.updates[0].sequence == 1);
    CHECK(updates.updates[0].state == "accepted");
    CHECK(updates.updates[0].receipt_number == canonical_number);
}

TEST_CASE("board snapshots: board_json's hash is SHA-256 of board_json without its hash member") {
    TempDir temp;
    const Json& board_vector = vectors_document().at("boards").at(0);
    const std::string board_json = board_vector.at("board_json").get<std::string>();
    const std::string hash_hex = board_vector.at("hash_hex").get<std::string>();
    auto strip_hash = [](const std::string& json, const std::string& hash) {
        const std::string member = "\"hash\":\"" + hash + "\",";
        REQUIRE(json.rfind("{" + member, 0) == 0);
        return "{" + json.substr(1 + member.size());
    };

    SUBCASE("a stored board is sent as the BOARD-SNAPSHOT vector, byte for byte") {
        Aggregator county(temp, "county");
        Terminal terminal(temp, 42);
        terminal.enroll(county);
        {
            auto store = AggregatorStore::open(county.store_file());
            REQUIRE(store.ok());
            REQUIRE(store->store_board(BoardRecord{3, hash_hex, board_json, 1795100000}).ok());
        }
        county.start();
        ZmqContext context;
        RawClient client(context, terminal.curve(), county);
        auto snapshot = client.send_raw(frames_of(message_vector("BOARD-REQUEST")));
        REQUIRE(snapshot.has_value());
        const auto bytes = encode(snapshot.value()).value();
        CHECK(vectors::to_hex(bytes[0]) ==
              message_vector("BOARD-SNAPSHOT").at("header_hex").get<std::string>());
        CHECK(vectors::to_hex(bytes[1]) ==
              message_vector("BOARD-SNAPSHOT").at("body_hex").get<std::string>());
    }

    SUBCASE("a board the city publishes follows the same rule") {
        Aggregator city(temp, "city", "city");
        const Json& keys = vectors_document().at("test_only_keys");
        REQUIRE(staff({"terminal", "enroll", "--store", city.store(), "--kind", "county", "--id", "440703",
                       "--county", "440703", "--curve-key",
                       keys.at("curve_public_key_z85").get<std::string>()}) == 0);
        city.start();
        ZmqContext context;
        RawClient county_client(context, test_curve_keys(), city);
        auto forwarded =
            county_client.send_raw(frames_of(message_vector("SUBMIT forwarded by a county to the city")));
        REQUIRE(forwarded.has_value());
        REQUIRE(std::holds_alternative<Ack>(forwarded->body));
        REQUIRE(staff({"submissions", "accept", "--store", city.store(),
                       "3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b"}) == 0);
        REQUIRE(staff({"board", "publish", "--store", city.store()}) == 0);
        auto snapshot = county_client.request(BoardRequest{0});
        REQUIRE(snapshot.has_value());
        const auto& board = std::get<BoardSnapshot>(snapshot->body);
        REQUIRE(board.version == 1);
        const std::string canonical = strip_hash(board.board_json, board.hash_hex);
        CHECK(hex_encode(content_hash_of_encoding(canonical)) == board.hash_hex);
        auto parsed = board_from_json(board.board_json);
        REQUIRE(parsed.ok());
        CHECK(canonical_board_encoding(parsed.value()) == canonical);
        REQUIRE(parsed->listings.size() == 1);
        CHECK(parsed->listings[0].title == "高精度伺服系统温漂补偿");
        // BOARD-REQUEST is what a node of an older version sends: it gets schema 1, which it parses strictly
        // (no schema member, no issuer_uscc) and whose hash verifies.
        CHECK(parsed->schema == 1);
        CHECK(board.board_json.find("issuer_uscc") == std::string::npos);

        // BOARD-REQUEST-2: the same version in schema 2, the issuer's USCC as the demand filed it.
        auto newer = county_client.request(BoardRequest2{0, 2});
        REQUIRE(newer.has_value());
        REQUIRE(std::holds_alternative<BoardSnapshot>(newer->body));
        const auto& board_2 = std::get<BoardSnapshot>(newer->body);
        CHECK(board_2.version == 1);
        CHECK(board_2.hash_hex != board.hash_hex);
        auto parsed_2 = board_from_json(board_2.board_json);
        REQUIRE(parsed_2.ok());
        CHECK(parsed_2->schema == 2);
        CHECK(parsed_2->hash_hex == board_2.hash_hex);
        REQUIRE(parsed_2->listings.size() == 1);
        const std::string issuer_uscc = parsed_2->listings[0].issuer_uscc;
        CHECK(issuer_uscc.size() == 18);
        const std::string content =
            message_vector("SUBMIT forwarded by a county to the city").at("fields").dump();
        CHECK(content.find(issuer_uscc) != std::string::npos);
        // Asking for schema 1 with BOARD-REQUEST-2 is the same as BOARD-REQUEST.
        auto asked_1 = county_client.request(BoardRequest2{0, 1});
        REQUIRE(asked_1.has_value());
        CHECK(std::get<BoardSnapshot>(asked_1->body).board_json == board.board_json);
    }
}

TEST_CASE("the size limit is per frame: 3 x 7 MiB get an ERROR, one frame over 8 MiB costs the connection") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 43);
    terminal.enroll(aggregator);
    aggregator.start();
    ZmqContext context;
    RawClient client(context, terminal.curve(), aggregator);
    SocketMonitor monitor(context, client.socket(), "size-limit");
    REQUIRE(client.try_request(hello_frames(1), 5000).has_value());

    const std::string seven_mib(7 * 1024 * 1024, 'x');
    auto three_frames = client.send_raw({hello_frames(2)[0], seven_mib, seven_mib}, 10000);
    REQUIRE(three_frames.has_value());
    CHECK(three_frames->correlation_id == 2);
    CHECK(std::get<ErrorReply>(three_frames->body).error == WireError::BadMessage);
    CHECK(std::get<ErrorReply>(three_frames->body).detail == "protocol.frames ");

    // The largest frame a CURVE peer may send: 8 MiB on the wire, of which 33 octets are CURVE's
    // (MESSAGE command name and size 8, nonce 8, MAC 16, flags 1). Read and answered:
    const std::size_t largest = 8 * 1024 * 1024 - 33;
    auto at_limit = client.send_raw({hello_frames(3)[0], std::string(largest, '\0')}, 10000);
    REQUIRE(at_limit.has_value());
    CHECK(std::get<ErrorReply>(at_limit->body).error == WireError::BadMessage);
    // One octet more: the server's ZeroMQ drops the connection without reading the frame.
    REQUIRE(client.socket().send_frames({hello_frames(4)[0], std::string(largest + 1, '\0')}).ok());
    CHECK(monitor.wait_for(ZMQ_EVENT_DISCONNECTED, 10000));
    CHECK(monitor.wait_for(ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 10000));  // the DEALER reconnects by itself
    auto after = client.try_request(hello_frames(5), 5000);
    REQUIRE(after.has_value());
    CHECK(after->correlation_id == 5);
    CHECK(std::holds_alternative<Welcome>(after->body));
}

// tests/sync/older_county_tests.cpp — the adjacent-version rule for TERMINAL-CONDITION (docs/protocol.md 19.2):
// a county of an older version answers the terminal's conditions with ERROR UNKNOWN_COMMAND, and the
// terminal's session keeps uploading; and for BOARD-REQUEST-2 (5.8): refused as unknown, the session asks with
// BOARD-REQUEST and applies the schema-1 board it is sent. The older county is a CURVE ROUTER on loopback written here with the
// real codec: it answers HELLO, HEARTBEAT and SUBMIT as a county does and every other command UNKNOWN_COMMAND.
// The real ClientSession drains one item from an in-memory source. Proven by events: the report refused, then
// the item acknowledged and no longer pending; the wait is bounded only as a guard against a hang.
#include <doctest/doctest.h>
#include <zmq.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "shared/domain/board.hpp"
#include "sync/agent/client_session.hpp"
#include "sync/protocol/codec.hpp"
#include "sync/transport/zmq_support.hpp"

namespace {

using namespace jiebang;
using namespace jiebang::sync;

class OneItemSource final : public UploadSource {
  public:
    explicit OneItemSource(Submit submit) : submit_(std::move(submit)) {}
    Result<std::vector<Submit>> pending(int) override {
        if (acknowledged_.load())
            return std::vector<Submit>{};
        return std::vector<Submit>{submit_};
    }
    Status acknowledged(const std::string&, std::int64_t) override {
        acknowledged_ = true;
        return ok_status();
    }
    Status quarantined(const std::string&, std::string_view, std::int64_t) override { return ok_status(); }
    Status attempt_failed(const std::string&, std::string_view, std::int64_t) override { return ok_status(); }
    Result<Backlog> backlog() override { return Backlog{acknowledged_.load() ? 0 : 1, 0, 0}; }
    Result<std::int64_t> board_version() override { return std::int64_t{0}; }
    Status apply_board(const Board&, const BoardSnapshot&, std::int64_t) override { return ok_status(); }
    Result<std::int64_t> status_sequence() override { return std::int64_t{0}; }
    Status apply_status(const std::vector<StatusEntry>&, std::int64_t) override { return ok_status(); }
    Result<std::optional<TerminalCondition>> terminal_condition() override {
        TerminalCondition condition;
        condition.call_raised_at = 1795000000;
        return std::optional<TerminalCondition>(condition);
    }
    std::atomic<bool> acknowledged_{false};

  private:
    Submit submit_;
};

// Takes the board a session applies (an older county's, in schema 1).
class BoardSource final : public UploadSource {
  public:
    Result<std::vector<Submit>> pending(int) override { return std::vector<Submit>{}; }
    Status acknowledged(const std::string&, std::int64_t) override { return ok_status(); }
    Status quarantined(const std::string&, std::string_view, std::int64_t) override { return ok_status(); }
    Status attempt_failed(const std::string&, std::string_view, std::int64_t) override { return ok_status(); }
    Result<Backlog> backlog() override { return Backlog{0, 0, 0}; }
    Result<std::int64_t> board_version() override { return applied_version_.load(); }
    Status apply_board(const Board& board, const BoardSnapshot&, std::int64_t) override {
        applied_schema_ = board.schema;
        applied_version_ = board.version;
        return ok_status();
    }
    Result<std::int64_t> status_sequence() override { return std::int64_t{0}; }
    Status apply_status(const std::vector<StatusEntry>&, std::int64_t) override { return ok_status(); }
    std::atomic<std::int64_t> applied_version_{0};
    std::atomic<int> applied_schema_{0};
};

struct OlderCounty {
    OlderCounty() {
        REQUIRE(server_keys.ok());
        REQUIRE(configure_server(router, *server_keys, 5000).ok());
        // No ZAP handler here: every client key is let in (the real county's ZAP checks are not under test).
        REQUIRE(router.set_int(zap_enforce_domain_option, 0).ok());
        REQUIRE(router.bind("tcp://127.0.0.1:*").ok());
        std::size_t endpoint_size = sizeof endpoint;
        REQUIRE(zmq_getsockopt(router.handle(), ZMQ_LAST_ENDPOINT, endpoint, &endpoint_size) == 0);
    }
    Result<CurveKeyPair> server_keys = CurveKeyPair::generate();
    ZmqContext context;
    ZmqSocket router{context, ZMQ_ROUTER};
    char endpoint[256] = {};
};

}  // namespace

TEST_CASE("[5.8] an older county refuses BOARD-REQUEST-2 and the session takes its schema-1 board instead") {
    OlderCounty county;
    auto client_keys = CurveKeyPair::generate();
    REQUIRE(client_keys.ok());
    Board board;
    board.version = 4;
    board.profile_id = "jiangmen";
    Listing listing;
    listing.id = "JM-2026-001";
    listing.profile_id = "jiangmen";
    listing.title = "title";
    board.listings = {listing};
    board.hash_hex = board_hash_hex(board);  // schema 1: all an older county knows

    BoardSource source;
    ClientSessionConfig config;
    config.endpoint = county.endpoint;
    config.server_public_key = county.server_keys->public_key;
    config.client_keys = *client_keys;
    config.heartbeat_interval_ms = 200;
    ClientSession session(config, source);
    std::atomic<bool> stop{false};
    std::thread runner([&] { session.run(stop); });

    int newer_requests_refused = 0;
    int older_requests_answered = 0;
    const auto guard = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (source.applied_version_.load() == 0 && std::chrono::steady_clock::now() < guard) {
        auto frames = county.router.receive_frames(100);
        if (!frames || frames->empty())
            continue;
        REQUIRE(frames->size() == 3);
        const std::string peer = (*frames)[0];
        auto message = decode(std::vector<std::string_view>{(*frames)[1], (*frames)[2]});
        REQUIRE(message.ok());
        Body reply = ErrorReply{WireError::UnknownCommand, "", "unknown command"};
        if (std::holds_alternative<Hello>(message->body)) {
            reply = Welcome{"440703-001", "440703", "county", 1795000000, 4, 0, 8, 200};
        } else if (std::holds_alternative<Heartbeat>(message->body)) {
            reply = HeartbeatReply{1795000000, 4, 0};
        } else if (std::holds_alternative<BoardRequest2>(message->body)) {
            ++newer_requests_refused;  // this county predates board schemas
        } else if (std::holds_alternative<BoardRequest>(message->body)) {
            ++older_requests_answered;
            reply = BoardSnapshot{board.version, board.hash_hex, board_to_json(board)};
        }
        auto encoded = encode(Message{message->correlation_id, reply});
        REQUIRE(encoded.ok());
        REQUIRE(county.router.send_frames({peer, (*encoded)[0], (*encoded)[1]}).ok());
    }
    stop = true;
    runner.join();
    CHECK(newer_requests_refused == 1);  // asked once, then BOARD-REQUEST for the rest of the connection
    CHECK(older_requests_answered == 1);
    CHECK(source.applied_version_.load() == 4);
    CHECK(source.applied_schema_.load() == 1);
}

TEST_CASE(
    "[16.5] an older county answers TERMINAL-CONDITION with UNKNOWN_COMMAND and the terminal keeps "
    "uploading") {
    OlderCounty county;
    auto client_keys = CurveKeyPair::generate();
    REQUIRE(client_keys.ok());

    Submit submit;
    submit.submission_id = "3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b";
    submit.kind = SubmissionKindCode::Demand;
    submit.content_hash.fill(7);
    submit.signature.fill(9);
    submit.receipt_number = "JM-03-007-20261122-0001-X";
    submit.canonical_content = "{}";
    OneItemSource source(submit);
    ClientSessionConfig config;
    config.endpoint = county.endpoint;
    config.server_public_key = county.server_keys->public_key;
    config.client_keys = *client_keys;
    config.heartbeat_interval_ms = 200;
    ClientSession session(config, source);
    std::atomic<bool> stop{false};
    std::thread runner([&] { session.run(stop); });

    int conditions_refused = 0;
    bool acknowledged = false;
    const auto guard = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((conditions_refused == 0 || !acknowledged || !source.acknowledged_.load()) &&
           std::chrono::steady_clock::now() < guard) {
        auto frames = county.router.receive_frames(100);
        if (!frames || frames->empty())
            continue;
        REQUIRE(frames->size() == 3);
        const std::string peer = (*frames)[0];
        auto message = decode(std::vector<std::string_view>{(*frames)[1], (*frames)[2]});
        REQUIRE(message.ok());
        Body reply = ErrorReply{WireError::UnknownCommand, "", "unknown command"};
        if (std::holds_alternative<Hello>(message->body)) {
            reply = Welcome{"440703-001", "440703", "county", 1795000000, 0, 0, 8, 200};
        } else if (std::holds_alternative<Heartbeat>(message->body)) {
            reply = HeartbeatReply{1795000000, 0, 0};
        } else if (const auto* sent = std::get_if<Submit>(&message->body)) {
            reply = Ack{sent->submission_id, AckDisposition::Stored};
            acknowledged = true;
        } else if (std::holds_alternative<TerminalCondition>(message->body)) {
            ++conditions_refused;  // this county predates section 19
        }
        auto encoded = encode(Message{message->correlation_id, reply});
        REQUIRE(encoded.ok());
        REQUIRE(county.router.send_frames({peer, (*encoded)[0], (*encoded)[1]}).ok());
    }
    // The session settles: the refusal is not an error that stops anything.
    while (!session.state().conditions_settled && std::chrono::steady_clock::now() < guard)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stop = true;
    runner.join();
    CHECK(conditions_refused >= 1);
    CHECK(acknowledged);
    CHECK(source.acknowledged_.load());
    CHECK(session.state().conditions_settled);
}

// tests/sync/protocol_tests.cpp — JBSP/1 codec: every message round-trips exactly, and malformed input
// (short, trailing, wrong magic/version/command, over-long text, bad UTF-8, bad ids) is refused with the
// documented error code instead of crashing or being accepted.
#include <doctest/doctest.h>

#include "shared/text/utf8.hpp"
#include "sync/protocol/codec.hpp"

using namespace jiebang::sync;

namespace {
const std::string test_id = "0f8fad5b-d9cb-469f-a165-70867728950e";

std::vector<std::string_view> views(const std::vector<std::string>& frames) {
    return {frames.begin(), frames.end()};
}

Message round_trip(const Message& message) {
    auto frames = encode(message);
    REQUIRE(frames.ok());
    REQUIRE(frames->size() == 2);
    CHECK((*frames)[0].size() == header_size);
    auto decoded = decode(views(*frames));
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().code);
    CHECK(decoded->correlation_id == message.correlation_id);
    return decoded.value();
}

std::vector<std::string> submit_frames() {
    Submit submit;
    submit.submission_id = test_id;
    submit.kind = SubmissionKindCode::Bid;
    submit.content_hash.fill(7);
    submit.signature.fill(9);
    submit.receipt_number = "JM-03-007-20261122-0001-X";
    submit.canonical_content = "{\"id\":\"x\",\"values\":{\"project_name\":\"智能制造\"}}";
    return encode(Message{42, submit}).value();
}
}  // namespace

TEST_CASE("every JBSP/1 message round-trips field for field") {
    Submit submit;
    submit.submission_id = test_id;
    submit.kind = SubmissionKindCode::Bid;
    submit.content_hash.fill(0xAB);
    submit.signature.fill(0xCD);
    submit.receipt_number = "JM-03-007-20261122-0001-X";
    submit.canonical_content = "{\"项目\":\"高端装备\"}";
    submit.origin_signing_key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    auto decoded = std::get<Submit>(round_trip(Message{0xFFFFFFFFFFFFFFFFull, submit}).body);
    CHECK(decoded.submission_id == submit.submission_id);
    CHECK(decoded.kind == SubmissionKindCode::Bid);
    CHECK(decoded.content_hash == submit.content_hash);
    CHECK(decoded.signature == submit.signature);
    CHECK(decoded.receipt_number == submit.receipt_number);
    CHECK(decoded.canonical_content == submit.canonical_content);
    CHECK(decoded.origin_signing_key == submit.origin_signing_key);

    Welcome welcome{"440703-007", "440703", "county", 1795000000, 3, 17, 64, 2000};
    auto welcome_back = std::get<Welcome>(round_trip(Message{1, welcome}).body);
    CHECK(welcome_back.node_id == "440703-007");
    CHECK(welcome_back.server_role == "county");
    CHECK(welcome_back.board_version == 3);
    CHECK(welcome_back.status_sequence == 17);
    CHECK(welcome_back.window == 64);
    CHECK(welcome_back.heartbeat_interval_ms == 2000);

    auto hello = std::get<Hello>(round_trip(Message{2, Hello{NodeKind::County, "0.1.0", 5, 6}}).body);
    CHECK(hello.node_kind == NodeKind::County);
    CHECK(hello.board_version == 5);
    CHECK(hello.status_sequence == 6);

    auto ack = std::get<Ack>(round_trip(Message{3, Ack{test_id, AckDisposition::Duplicate}}).body);
    CHECK(ack.disposition == AckDisposition::Duplicate);

    Conflict conflict{test_id, {}};
    conflict.stored_hash.fill(3);
    CHECK(std::get<Conflict>(round_trip(Message{4, conflict}).body).stored_hash == conflict.stored_hash);

    auto error =
        std::get<ErrorReply>(round_trip(Message{5, ErrorReply{WireError::BadSignature, test_id, "x"}}).body);
    CHECK(error.error == WireError::BadSignature);
    CHECK(wire_error_name(error.error) == "sync.bad_signature");

    auto heartbeat = std::get<Heartbeat>(round_trip(Message{6, Heartbeat{1, 2, 3, 4}}).body);
    CHECK(heartbeat.pending == 3);
    CHECK(heartbeat.oldest_pending_created_at == 4);
    CHECK(std::get<HeartbeatReply>(round_trip(Message{7, HeartbeatReply{9, 8, 7}}).body).status_sequence ==
          7);
    CHECK(std::get<BoardRequest>(round_trip(Message{8, BoardRequest{11}}).body).have_version == 11);

    BoardSnapshot snapshot{4, std::string(64, 'a'), "{\"version\":4}"};
    auto snapshot_back = std::get<BoardSnapshot>(round_trip(Message{9, snapshot}).body);
    CHECK(snapshot_back.version == 4);
    CHECK(snapshot_back.board_json == snapshot.board_json);
    CHECK(std::get<BoardSnapshot>(round_trip(Message{9, BoardSnapshot{}}).body).version == 0);

    CHECK(std::get<StatusRequest>(round_trip(Message{10, StatusRequest{12, 500}}).body).max_count == 500);
    StatusUpdates updates;
    updates.latest_sequence = 14;
    updates.updates.push_back(
        {13, test_id, "JM-03-007-20261122-0001-X", "returned", "请补充技术指标", 1795000001});
    updates.updates.push_back({14, test_id, "JM-03-007-20261122-0001-X", "accepted", "", 1795000002});
    auto updates_back = std::get<StatusUpdates>(round_trip(Message{11, updates}).body);
    REQUIRE(updates_back.updates.size() == 2);
    CHECK(updates_back.updates[0].reason == "请补充技术指标");
    CHECK(updates_back.updates[1].state == "accepted");

    // Requeue (docs/protocol.md 22).
    CHECK(std::get<RequeueRequest>(round_trip(Message{12, RequeueRequest{1000}}).body).max_count == 1000);
    auto requeued = std::get<RequeueList>(round_trip(Message{12, RequeueList{{test_id}}}).body);
    REQUIRE(requeued.submission_ids.size() == 1);
    CHECK(requeued.submission_ids[0] == test_id);
    CHECK(std::get<RequeueList>(round_trip(Message{13, RequeueList{}}).body).submission_ids.empty());
}

TEST_CASE("requeue messages are bounded: max_count 1..1000, at most 1000 ids, ids are UUIDs") {
    auto request = encode(Message{1, RequeueRequest{1001}}).value();
    CHECK(decode(views(request)).error().code == "protocol.field");
    CHECK(decode(views(request)).error().field == "max_count");
    RequeueList too_many;
    too_many.submission_ids.assign(max_requeue_items + 1, test_id);
    CHECK(encode(Message{1, too_many}).error().code == "protocol.too_long");
    CHECK_FALSE(encode(Message{1, RequeueList{{"not-a-uuid"}}}).ok());
    auto list = encode(Message{1, RequeueList{{test_id}}}).value();
    list[1].replace(0, 4, std::string("\x00\x00\x03\xe9", 4));  // count 1001
    CHECK(decode(views(list)).error().code == "protocol.too_long");
}

TEST_CASE("[16.5][13.4] terminal conditions round-trip - unknown flags, short and long bodies are refused") {
    TerminalCondition condition{
        1795000000, 1794999000,
        condition_printer_paper_out | condition_printer_cover_open | condition_disk_low, 123456789};
    auto back = std::get<TerminalCondition>(round_trip(Message{21, condition}).body);
    CHECK(back.terminal_time == 1795000000);
    CHECK(back.call_raised_at == 1794999000);
    CHECK(back.condition_flags == condition.condition_flags);
    CHECK(back.free_disk_bytes == 123456789);
    CHECK(std::get<TerminalConditionOk>(round_trip(Message{22, TerminalConditionOk{1795000001}}).body)
              .server_time == 1795000001);
    CHECK(is_known_command(0x16));
    CHECK(is_known_command(0x17));
    CHECK(is_known_command(0x1C));  // BOARD-REQUEST-2 (5.8)
    CHECK_FALSE(is_known_command(0x1D));

    // A flag this version does not define: the encoder will not send it, the decoder names the field.
    TerminalCondition unknown_flag = condition;
    unknown_flag.condition_flags = 1u << 6;
    CHECK(encode(Message{1, unknown_flag}).error().field == "condition_flags");
    auto frames = encode(Message{1, condition}).value();
    REQUIRE(frames[1].size() == 8 + 8 + 4 + 8);
    auto flagged = frames;
    flagged[1][16] = '\x80';  // the top bit of condition_flags
    CHECK(decode(views(flagged)).error().code == "protocol.field");
    CHECK(decode(views(flagged)).error().field == "condition_flags");
    auto short_body = frames;
    short_body[1].pop_back();
    CHECK_FALSE(decode(views(short_body)).ok());
    auto long_body = frames;
    long_body[1].push_back('\0');
    CHECK_FALSE(decode(views(long_body)).ok());
    auto negative = frames;
    negative[1][0] = '\x80';  // terminal_time < 0
    CHECK_FALSE(decode(views(negative)).ok());
}

TEST_CASE("malformed frames are refused with the documented error codes") {
    const auto good = submit_frames();
    REQUIRE(decode(views(good)).ok());

    SUBCASE("wrong frame count") {
        CHECK(decode({good[0]}).error().code == "protocol.frames");
        CHECK(decode({good[0], good[1], good[1]}).error().code == "protocol.frames");
    }
    SUBCASE("bad magic") {
        auto header = good[0];
        header[0] = 'X';
        CHECK(decode({header, good[1]}).error().code == "protocol.magic");
    }
    SUBCASE("unsupported version names the version") {
        auto header = good[0];
        header[2] = 2;
        auto result = decode({header, good[1]});
        CHECK(result.error().code == "protocol.version");
        CHECK(result.error().argument("version") == "2");
    }
    SUBCASE("unknown command") {
        auto header = good[0];
        header[3] = 0x7F;
        CHECK(decode({header, good[1]}).error().code == "protocol.command");
    }
    SUBCASE("short header") {
        CHECK(decode({good[0].substr(0, 11), good[1]}).error().code == "protocol.frames");
    }
    SUBCASE("every truncation of the body is refused") {
        for (std::size_t length = 0; length < good[1].size(); ++length) {
            auto result = decode({good[0], std::string_view(good[1]).substr(0, length)});
            REQUIRE_FALSE(result.ok());
        }
    }
    SUBCASE("trailing bytes") {
        auto body = good[1] + "x";
        CHECK(decode({good[0], body}).error().code == "protocol.trailing");
    }
    SUBCASE("a length prefix larger than the limit") {
        auto body = good[1];
        body[0] = '\x7F';  // submission_id length becomes ~2 GB
        CHECK(decode({good[0], body}).error().code == "protocol.too_long");
    }
    SUBCASE("invalid UTF-8 in a text field") {
        auto body = good[1];
        const auto position = body.find("智");
        REQUIRE(position != std::string::npos);
        body[position] = '\xFF';
        CHECK(decode({good[0], body}).error().code == "protocol.utf8");
    }
    SUBCASE("a submission id that is not a UUID") {
        auto body = good[1];
        body[4] = 'Z';
        CHECK(decode({good[0], body}).error().code == "protocol.field");
    }
}

TEST_CASE("the encoder refuses values it could not send faithfully") {
    Submit submit;
    submit.submission_id = test_id;
    submit.canonical_content = std::string(max_content_bytes + 1, 'a');
    auto result = encode(Message{1, submit});
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "protocol.too_long");
    CHECK(result.error().field == "canonical_content");

    submit.canonical_content = "ok";
    submit.submission_id = "not-a-uuid";
    CHECK_FALSE(encode(Message{1, submit}).ok());
    CHECK_FALSE(encode(Message{1, Heartbeat{-1, 0, 0, 0}}).ok());
    CHECK_FALSE(encode(Message{1, Hello{NodeKind::Terminal, std::string(100, 'v'), 0, 0}}).ok());
}

TEST_CASE("utf8 validation rejects overlong forms and surrogates") {
    CHECK(jiebang::utf8::is_valid("plain ascii"));
    CHECK(jiebang::utf8::is_valid("揭榜挂帅"));
    CHECK_FALSE(jiebang::utf8::is_valid("\xC0\xAF"));      // overlong '/'
    CHECK_FALSE(jiebang::utf8::is_valid("\xED\xA0\x80"));  // surrogate
    CHECK_FALSE(jiebang::utf8::is_valid("\xF4\x90\x80\x80"));
    CHECK_FALSE(jiebang::utf8::is_valid("\xE6\x8F"));
}

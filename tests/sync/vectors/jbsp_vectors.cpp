// tests/sync/vectors/jbsp_vectors.cpp — the JBSP/1 test vectors and the fuzzer's seed corpus, made from the
// real codec (sync/protocol/codec.cpp) and core (canonical encoding, receipts, boards). See jbsp_vectors.hpp.
// Index: [SECTION] Hex  [SECTION] Fixed data  [SECTION] Messages  [SECTION] Invalid messages
//        [SECTION] Typed fields  [SECTION] Vectors file  [SECTION] Seed corpus
#include "tests/sync/vectors/jbsp_vectors.hpp"

#include <sodium.h>
#include <zmq.h>

#include <cctype>
#include <cstdio>
#include <limits>

#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/receipt/receipt.hpp"
#include "tests/sync/fuzz/fuzz_input.hpp"

namespace jiebang::sync::vectors {

using Json = nlohmann::ordered_json;

// [SECTION] Hex
std::string to_hex(std::string_view bytes) {
    return hex_encode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string from_hex(std::string_view hex) {
    auto digit = [](char character) -> int {
        if (character >= '0' && character <= '9')
            return character - '0';
        if (character >= 'a' && character <= 'f')
            return character - 'a' + 10;
        return -1;
    };
    if (hex.size() % 2 != 0)
        return {};
    std::string bytes;
    for (std::size_t index = 0; index < hex.size(); index += 2) {
        const int high = digit(hex[index]);
        const int low = digit(hex[index + 1]);
        if (high < 0 || low < 0)
            return {};
        bytes.push_back(static_cast<char>(high * 16 + low));
    }
    return bytes;
}

namespace {

template <std::size_t N>
std::string hex_of(const std::array<unsigned char, N>& bytes) {
    return hex_encode(bytes.data(), N);
}

// [SECTION] Fixed data
// TEST ONLY: the receipt-signing key of the vectors' terminal comes from the seed 00 01 02 ... 1f.
SigningKey test_signing_key() {
    if (sodium_init() < 0)
        return {};
    std::array<unsigned char, 32> seed{};
    for (std::size_t index = 0; index < seed.size(); ++index)
        seed[index] = static_cast<unsigned char>(index);
    SigningKey key;
    crypto_sign_seed_keypair(key.public_key.data(), key.secret_key.data(), seed.data());
    return key;
}

std::string test_signing_seed_hex() {
    std::string seed;
    for (int index = 0; index < 32; ++index)
        seed.push_back(static_cast<char>(index));
    return to_hex(seed);
}

// TEST ONLY: a CURVE secret key of bytes 20 21 ... 3f, in Z85, and its public half.
std::pair<std::string, std::string> test_curve_keys() {
    std::array<std::uint8_t, 32> secret{};
    for (std::size_t index = 0; index < secret.size(); ++index)
        secret[index] = static_cast<std::uint8_t>(0x20 + index);
    char secret_text[41] = {};
    char public_text[41] = {};
    zmq_z85_encode(secret_text, secret.data(), secret.size());
    zmq_curve_public(public_text, secret_text);
    return {secret_text, public_text};
}

// A demand from terminal 440703-007 (Pengjiang district, Jiangmen) that every form check accepts.
Submission demand_submission() {
    Submission submission;
    submission.id = "3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b";
    submission.kind = SubmissionKind::Demand;
    submission.form_version = 1;
    submission.profile_id = "jiangmen";
    submission.terminal_id = "440703-007";
    submission.created_at = 1795000000;  // 2026-11-18 21:46:40 UTC (2026-11-19 05:46 in Jiangmen)
    submission.values["consent_personal_data"] = true;
    submission.values["issuer_name"] = std::string("江门市示例智能装备有限公司");
    submission.values["issuer_uscc"] = std::string("91440703MA4U111142");
    submission.values["issuer_kind"] = std::string("enterprise");
    submission.values["last_year_revenue_wan"] = std::string("8000");
    submission.values["last_year_rnd_wan"] = std::string("650");
    submission.values["contact_name"] = std::string("李明");
    submission.values["contact_mobile"] = std::string("13800138000");
    submission.values["contact_email"] = std::string("liming@example.com");
    submission.values["industry_field"] = std::string("high_end_equipment");
    submission.values["sub_direction"] = std::string("伺服驱动");
    submission.values["project_name"] = std::string("高精度伺服系统温漂补偿");
    submission.values["technical_problem"] = std::string("高精度伺服控制的温漂问题");
    submission.values["technical_targets"] = std::string("定位误差小于1微米");
    submission.values["budget_total_wan"] = std::string("500");
    submission.values["budget_solver_wan"] = std::string("300");
    submission.values["time_limit_months"] = std::string("24");
    submission.values["ip_ownership"] = std::string("shared");
    submission.values["mechanism"] = std::string("single");
    submission.values["expected_benefits"] = std::string("年新增产值5000万元");
    submission.values["self_funding_commitment"] = true;
    submission.values["credit_declaration"] = true;
    return submission;
}

// Not a valid demand: shows the encoding rules (escapes, a list, false, an empty text left out, bytewise key
// order with a key that sorts before lower-case letters).
Submission encoding_rules_submission() {
    Submission submission;
    submission.id = "00000000-0000-4000-8000-000000000001";
    submission.kind = SubmissionKind::Bid;
    submission.form_version = 1;
    submission.profile_id = "jiaxing";
    submission.terminal_id = "330402-001";
    submission.created_at = 0;
    submission.values["team_name"] = std::string("引号\" 反斜杠\\ 换行\n 制表\t 控制\x01 斜杠/ é 😀");
    submission.values["co_solvers"] = std::vector<std::string>{"乙大学", "甲研究院"};
    submission.values["credit_declaration"] = false;
    submission.values["contact_email"] = std::string("");  // empty: left out
    submission.values["budget_wan"] = std::string("1200.50");
    submission.values["Z_upper_case_key"] = std::string("sorts first");
    return submission;
}

ReceiptNumber receipt_number(std::string city, std::string county, int terminal, int year, int month, int day,
                             int sequence) {
    ReceiptNumber number;
    number.city_code = std::move(city);
    number.county_code = std::move(county);
    number.terminal_number = terminal;
    number.year = year;
    number.month = month;
    number.day = day;
    number.sequence = sequence;
    return number;
}

ReceiptNumber demand_receipt_number() {
    return receipt_number("JM", "03", 7, 2026, 11, 19, 1);
}

Board test_board() {
    Board board;
    board.version = 3;
    board.profile_id = "jiangmen";
    Listing first;
    first.id = "JM-2026-007";
    first.profile_id = "jiangmen";
    first.title = "高精度伺服系统温漂补偿";
    first.industry_id = "advanced_manufacturing";
    first.sub_direction_id = "intelligent_equipment";
    first.project_type_id = "";
    first.mechanism = "single";
    first.issuer_name = "江门市示例智能装备有限公司";
    first.issuer_kind = "enterprise";
    first.problem = "高精度伺服控制的温漂问题";
    first.targets = "定位误差小于1微米";
    first.bounty_wan = "300";
    first.deadline = "2027-06-30";
    first.published_at = 1795100000;
    Listing second;
    second.id = "JM-2026-008";
    second.profile_id = "jiangmen";
    second.title = "Quote \" and backslash \\ and a\nnew line";
    second.industry_id = "new_materials";
    second.sub_direction_id = "";
    second.project_type_id = "key_core_technology";
    second.mechanism = "race";
    second.issuer_name = "五邑大学";
    second.issuer_kind = "non_enterprise";
    second.problem = "问题";
    second.targets = "指标";
    second.bounty_wan = "85.5";
    second.deadline = "";
    second.published_at = 1795100000;
    board.listings = {first, second};
    board.hash_hex = board_hash_hex(board);
    return board;
}

// The same board in schema 2 (docs/protocol.md 14.1): each listing names its issuer's USCC.
Board test_board_schema_2() {
    Board board = test_board();
    board.schema = 2;
    board.listings[0].issuer_uscc = "91440700MA4UABCD5X";
    board.listings[1].issuer_uscc = "12440700455915418Y";
    board.hash_hex = board_hash_hex(board);
    return board;
}

}  // namespace

// [SECTION] Messages
std::vector<MessageVector> message_vectors() {
    const SigningKey key = test_signing_key();
    const Submission demand = demand_submission();
    const std::string content = canonical_encoding(demand);
    const ContentHash hash = content_hash_of_encoding(content);
    const Receipt receipt = sign_receipt(demand_receipt_number(), hash, key);
    const Board board = test_board();

    Submit submit;
    submit.submission_id = demand.id;
    submit.kind = SubmissionKindCode::Demand;
    submit.content_hash = hash;
    submit.signature = receipt.signature;
    submit.receipt_number = receipt.number.text();
    submit.canonical_content = content;
    Submit forwarded = submit;
    forwarded.origin_signing_key = key.public_key_text();

    Conflict conflict{demand.id, content_hash(encoding_rules_submission())};
    StatusUpdates updates{7,
                          {StatusEntry{6, demand.id, receipt.number.text(), "accepted", "", 1795003600},
                           StatusEntry{7, "00000000-0000-4000-8000-000000000002",
                                       receipt_number("JM", "03", 7, 2026, 11, 19, 2).text(), "returned",
                                       "请补充近三年研发投入情况", 1795007200}}};
    const std::int64_t max_i64 = std::numeric_limits<std::int64_t>::max();
    return {
        {"HELLO", "a terminal that holds board 2 and has applied status entries up to 5",
         Message{1, Hello{NodeKind::Terminal, "0.1.0", 2, 5}}},
        {"WELCOME",
         "the county's answer: the enrolled identity of the key, window 64, heartbeat every 2000 ms",
         Message{1, Welcome{"440703-007", "440703", "county", 1795000100, 3, 7, 64, 2000}}},
        {"SUBMIT from a terminal", "the demand of submissions[0]; origin_signing_key empty",
         Message{2, submit}},
        {"SUBMIT forwarded by a county to the city",
         "the same demand; origin_signing_key is the originating terminal's Ed25519 key (base64url, 43 "
         "characters, no padding)",
         Message{3, forwarded}},
        {"ACK stored", "first time stored", Message{2, Ack{demand.id, AckDisposition::Stored}}},
        {"ACK duplicate", "already stored with the same hash",
         Message{3, Ack{demand.id, AckDisposition::Duplicate}}},
        {"CONFLICT", "the server holds other content under this id; stored_hash is what it holds",
         Message{4, conflict}},
        {"ERROR about a submission", "bad_signature (5) for the submission",
         Message{5, ErrorReply{WireError::BadSignature, demand.id, "receipt signature does not verify"}}},
        {"ERROR to an unreadable message",
         "bad_message (1) with correlation id 0: the header of the message could not be read",
         Message{0, ErrorReply{WireError::BadMessage, "", "protocol.frames "}}},
        {"HEARTBEAT", "board 3, status 7, 2 submissions waiting, the oldest created at 1795000000",
         Message{6, Heartbeat{3, 7, 2, 1795000000}}},
        {"HEARTBEAT-REPLY", "", Message{6, HeartbeatReply{1795000200, 3, 7}}},
        {"HEARTBEAT with the largest values", "correlation id 2^64-1, every i64 at 2^63-1",
         Message{std::numeric_limits<std::uint64_t>::max(), Heartbeat{max_i64, max_i64, max_i64, max_i64}}},
        {"BOARD-REQUEST", "", Message{7, BoardRequest{2}}},
        {"BOARD-REQUEST-2", "a client that holds board 2 and parses board schema 2",
         Message{7, BoardRequest2{2, 2}}},
        {"BOARD-SNAPSHOT", "the board of boards[0]",
         Message{7, BoardSnapshot{board.version, board.hash_hex, board_to_json(board)}}},
        {"BOARD-SNAPSHOT when the server has no board", "version 0, empty hash_hex and board_json",
         Message{8, BoardSnapshot{0, "", ""}}},
        {"STATUS-REQUEST", "", Message{9, StatusRequest{5, 1000}}},
        {"STATUS-UPDATES", "entries 6 and 7 for this node", Message{9, updates}},
        {"STATUS-UPDATES with nothing new", "", Message{10, StatusUpdates{7, {}}}},
        {"AUDIT-HEAD", "a county's audit entry 42 (docs/protocol.md 5.11)",
         Message{11, AuditHead{42, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                               1795000300}}},
        {"AUDIT-HEAD-OK", "", Message{11, AuditHeadOk{42}}},
        {"PROGRESS-REQUEST", "section 18.2", Message{11, ProgressRequest{"JM-03-007-20261119-0001-D"}}},
        {"PROGRESS-REPLY", "found, returned, revision 1 (no newer revision)",
         Message{11, ProgressReply{LookupOutcome::Found, "JM-03-007-20261119-0001-D", "returned",
                                   "请补充技术指标", 1795000100, 1, "", "440703"}}},
        {"CORRECTION-REQUEST", "section 18.3, the code as typed",
         Message{12, CorrectionRequest{"JM-03-007-20261119-0001-D", "7kq2 m9xd"}}},
        {"CORRECTION-REPLY", "a wrong code, 3 tries left",
         Message{12, CorrectionReply{CorrectionOutcome::WrongCode, 3, 0, "", 0, "", ""}}},
        {"MONTHLY-REPORT", "section 20, a county's report for November 2026",
         Message{13,
                 MonthlyReportSend{"2026-11", 1795000400, "{\"county\":\"440703\",\"month\":\"2026-11\"}"}}},
        {"MONTHLY-REPORT-OK", "", Message{13, MonthlyReportKept{"2026-11", 1795000400}}},
        {"REQUEUE-REQUEST", "section 22, a terminal holding quarantined items asks",
         Message{14, RequeueRequest{1000}}},
        {"REQUEUE-LIST", "one refused item staff asked to be sent again",
         Message{14, RequeueList{{"3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b"}}}},
        {"REQUEUE-LIST with nothing requeued", "", Message{15, RequeueList{}}},
        {"TERMINAL-CONDITION", "section 19, an open attendant call and the printer out of paper",
         Message{16, TerminalCondition{1795000500, 1795000200, condition_printer_paper_out, 8589934592}}},
        {"TERMINAL-CONDITION-OK", "", Message{16, TerminalConditionOk{1795000501}}},
        {"PROJECT-STAGES-REQUEST", "section 21, a county that applied the city's lifecycle change 41",
         Message{17, ProjectStagesRequest{41}}},
        {"PROJECT-STAGES", "the issuer and one solver of a project in 立项's notice, the county's 70 % share",
         Message{17, ProjectStages{44,
                                   {{44,
                                     "JM-03-007-20261119-0001-D",
                                     "JM-2026-007",
                                     "",
                                     ProjectRoleCode::Issuer,
                                     "in_notice",
                                     1795000600,
                                     {{"county", "49", "0"}}},
                                    {44,
                                     "JM-03-007-20261201-0003-7",
                                     "JM-2026-007",
                                     "",
                                     ProjectRoleCode::Solver,
                                     "in_notice",
                                     1795000600,
                                     {{"county", "49", "0"}}}}}}},
        {"PROJECT-STAGES with nothing for this county", "", Message{18, ProjectStages{52, {}}}},
        {"PROJECT-PROGRESS-REQUEST", "a terminal asks for a receipt's project",
         Message{19, ProjectProgressRequest{"JM-03-007-20261119-0001-D"}}},
        {"PROJECT-PROGRESS-REPLY", "found: 立项 done, under way",
         Message{19, ProjectProgressReply{true, "JMJB-2026-001", "in_progress", 1795000700}}},
    };
}

// [SECTION] Invalid messages
std::vector<InvalidVector> invalid_vectors() {
    const auto hello = encode(Message{1, Hello{NodeKind::Terminal, "0.1.0", 2, 5}}).value();
    const auto submit = encode(message_vectors()[2].message).value();
    auto with_header_byte = [&](std::size_t index, char value) {
        auto frames = hello;
        frames[0][index] = value;
        return frames;
    };
    auto with_body = [&](const std::vector<std::string>& frames, std::string body) {
        return std::vector<std::string>{frames[0], std::move(body)};
    };
    // HELLO body: kind(1) length(4) "0.1.0"(5) board_version(8) status_sequence(8).
    std::string hello_kind_3 = hello[1];
    hello_kind_3[0] = 3;
    std::string hello_long_text = hello[1];
    hello_long_text.replace(1, 4, std::string("\x00\x00\x00\x41", 4));  // 65 > 64
    std::string hello_overlong_utf8 = hello[1];
    hello_overlong_utf8.replace(5, 2, "\xc0\xae");  // "." written as an overlong two-byte form
    std::string submit_upper_id = submit[1];
    submit_upper_id[4] = 'F';  // first character of the UUID ("3f2b..." -> "3F2b...")
    std::string submit_kind_3 = submit[1];
    submit_kind_3[4 + 36] = 3;
    const auto heartbeat = encode(Message{6, Heartbeat{3, 7, 2, 1795000000}}).value();
    std::string heartbeat_negative = heartbeat[1];
    heartbeat_negative[0] = static_cast<char>(0x80);
    const auto status_request = encode(Message{9, StatusRequest{5, 1000}}).value();
    std::string status_zero = status_request[1];
    status_zero.replace(8, 4, std::string(4, '\0'));
    std::string status_1001 = status_request[1];
    status_1001.replace(8, 4, std::string("\x00\x00\x03\xe9", 4));
    const auto updates = encode(Message{10, StatusUpdates{7, {}}}).value();
    std::string updates_1001 = updates[1];
    updates_1001.replace(8, 4, std::string("\x00\x00\x03\xe9", 4));
    const auto requeue_request = encode(Message{14, RequeueRequest{1000}}).value();
    const std::string requeue_zero(4, '\0');
    const auto requeue_list =
        encode(Message{14, RequeueList{{"3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b"}}}).value();
    std::string requeue_list_upper = requeue_list[1];
    requeue_list_upper[8] = 'F';  // after count and length: "3f2b..." -> "3F2b...", a uuid is lower-case
    const auto empty_board = encode(Message{8, BoardSnapshot{0, "", ""}}).value();
    const auto audit_head =
        encode(Message{11, AuditHead{42, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                     1795000300}})
            .value();
    std::string audit_head_zero = audit_head[1];
    audit_head_zero.replace(0, 8, std::string(8, '\0'));
    std::string audit_head_upper = audit_head[1];
    audit_head_upper[8 + 4] = 'F';  // "9f86..." -> "Ff86...": hash_hex is lower-case hex
    std::string empty_board_with_hash = empty_board[1].substr(0, 8) + std::string("\x00\x00\x00\x40", 4) +
                                        std::string(64, 'a') + std::string(4, '\0');
    const auto error = encode(Message{5, ErrorReply{WireError::BadMessage, "", ""}}).value();
    // The first code past the last one section 5.5 assigns.
    std::string error_unassigned = error[1];
    error_unassigned[1] = static_cast<char>(max_wire_error + 1);
    const auto ack = encode(message_vectors()[4].message).value();
    std::string ack_3 = ack[1];
    ack_3.back() = 3;

    return {
        {"one frame (header only)", {hello[0]}, "protocol.frames", "", WireError::BadMessage},
        {"three frames", {hello[0], hello[1], ""}, "protocol.frames", "", WireError::BadMessage},
        {"an empty delimiter frame first (REQ-style)",
         {"", hello[0], hello[1]},
         "protocol.frames",
         "",
         WireError::BadMessage},
        {"header of 11 bytes",
         {hello[0].substr(0, 11), hello[1]},
         "protocol.frames",
         "header",
         WireError::BadMessage},
        {"magic JC", with_header_byte(1, 'C'), "protocol.magic", "header", WireError::BadMessage},
        {"version 2", with_header_byte(2, 2), "protocol.version", "header", WireError::UnsupportedVersion},
        {"command 0x00", with_header_byte(3, 0), "protocol.command", "header", WireError::UnknownCommand},
        {"command 0x0D", with_header_byte(3, 0x0D), "protocol.command", "header", WireError::UnknownCommand},
        {"command 0x0D with a body that is also malformed (the header decides first)",
         {with_header_byte(3, 0x0D)[0], "x"},
         "protocol.command",
         "header",
         WireError::UnknownCommand},
        {"HELLO one byte short", with_body(hello, hello[1].substr(0, hello[1].size() - 1)),
         "protocol.truncated", "status_sequence", WireError::BadMessage},
        {"HELLO with a trailing byte", with_body(hello, hello[1] + std::string(1, '\0')), "protocol.trailing",
         "", WireError::BadMessage},
        {"HELLO node_kind 3", with_body(hello, hello_kind_3), "protocol.field", "node_kind",
         WireError::BadMessage},
        {"HELLO software_version length 65 (limit 64)", with_body(hello, hello_long_text),
         "protocol.too_long", "software_version", WireError::BadMessage},
        {"HELLO software_version with an overlong UTF-8 form", with_body(hello, hello_overlong_utf8),
         "protocol.utf8", "software_version", WireError::BadMessage},
        {"SUBMIT with an upper-case submission_id", with_body(submit, submit_upper_id), "protocol.field",
         "submission_id", WireError::BadMessage},
        {"SUBMIT kind 3", with_body(submit, submit_kind_3), "protocol.field", "kind", WireError::BadMessage},
        {"HEARTBEAT board_version 2^63 (above the i64 range)", with_body(heartbeat, heartbeat_negative),
         "protocol.field", "board_version", WireError::BadMessage},
        {"STATUS-REQUEST max_count 0", with_body(status_request, status_zero), "protocol.field", "max_count",
         WireError::BadMessage},
        {"AUDIT-HEAD sequence 0", with_body(audit_head, audit_head_zero), "protocol.field", "sequence",
         WireError::BadMessage},
        {"AUDIT-HEAD hash_hex in upper case", with_body(audit_head, audit_head_upper), "protocol.field",
         "hash_hex", WireError::BadMessage},
        {"STATUS-REQUEST max_count 1001", with_body(status_request, status_1001), "protocol.field",
         "max_count", WireError::BadMessage},
        {"STATUS-UPDATES count 1001", with_body(updates, updates_1001), "protocol.too_long", "updates",
         WireError::BadMessage},
        {"BOARD-SNAPSHOT version 0 with a hash", with_body(empty_board, empty_board_with_hash),
         "protocol.field", "hash_hex", WireError::BadMessage},
        {"ERROR code 11 (unassigned)", with_body(error, error_unassigned), "protocol.field", "error",
         WireError::BadMessage},
        {"ACK disposition 3", with_body(ack, ack_3), "protocol.field", "disposition", WireError::BadMessage},
        {"REQUEUE-REQUEST max_count 0", with_body(requeue_request, requeue_zero), "protocol.field",
         "max_count", WireError::BadMessage},
        {"REQUEUE-LIST with an upper-case submission_id", with_body(requeue_list, requeue_list_upper),
         "protocol.field", "submission_id", WireError::BadMessage},
    };
}

// [SECTION] Typed fields
namespace {

struct FieldList {
    Json fields = Json::array();
    void add(const std::string& name, const char* type, Json value) {
        fields.push_back(Json{{"field", name}, {"type", type}, {"value", std::move(value)}});
    }
    void u8(const std::string& name, unsigned value) { add(name, "u8", value); }
    void u16(const std::string& name, unsigned value) { add(name, "u16", value); }
    void u32(const std::string& name, std::uint32_t value) { add(name, "u32", value); }
    void i64(const std::string& name, std::int64_t value) { add(name, "i64", std::to_string(value)); }
    void text(const std::string& name, const std::string& value) { add(name, "text", value); }
    void uuid(const std::string& name, const std::string& value, bool optional = false) {
        add(name, optional ? "uuid?" : "uuid", value);
    }
    template <std::size_t N>
    void bytes(const std::string& name, const std::array<unsigned char, N>& value) {
        add(name, N == 32 ? "hash" : "signature", hex_of(value));
    }
};

void list_fields(FieldList& out, const Hello& value) {
    out.u8("node_kind", static_cast<unsigned>(value.node_kind));
    out.text("software_version", value.software_version);
    out.i64("board_version", value.board_version);
    out.i64("status_sequence", value.status_sequence);
}
void list_fields(FieldList& out, const Welcome& value) {
    out.text("node_id", value.node_id);
    out.text("county_admin_code", value.county_admin_code);
    out.text("server_role", value.server_role);
    out.i64("server_time", value.server_time);
    out.i64("board_version", value.board_version);
    out.i64("status_sequence", value.status_sequence);
    out.u32("window", value.window);
    out.u32("heartbeat_interval_ms", value.heartbeat_interval_ms);
}
void list_fields(FieldList& out, const Submit& value) {
    out.uuid("submission_id", value.submission_id);
    out.u8("kind", static_cast<unsigned>(value.kind));
    out.bytes("content_hash", value.content_hash);
    out.bytes("signature", value.signature);
    out.text("receipt_number", value.receipt_number);
    out.text("canonical_content", value.canonical_content);
    out.text("origin_signing_key", value.origin_signing_key);
}
void list_fields(FieldList& out, const Ack& value) {
    out.uuid("submission_id", value.submission_id);
    out.u8("disposition", static_cast<unsigned>(value.disposition));
}
void list_fields(FieldList& out, const Conflict& value) {
    out.uuid("submission_id", value.submission_id);
    out.bytes("stored_hash", value.stored_hash);
}
void list_fields(FieldList& out, const ErrorReply& value) {
    out.u16("error", static_cast<unsigned>(value.error));
    out.uuid("submission_id", value.submission_id, true);
    out.text("detail", value.detail);
}
void list_fields(FieldList& out, const Heartbeat& value) {
    out.i64("board_version", value.board_version);
    out.i64("status_sequence", value.status_sequence);
    out.i64("pending", value.pending);
    out.i64("oldest_pending_created_at", value.oldest_pending_created_at);
}
void list_fields(FieldList& out, const HeartbeatReply& value) {
    out.i64("server_time", value.server_time);
    out.i64("board_version", value.board_version);
    out.i64("status_sequence", value.status_sequence);
}
void list_fields(FieldList& out, const BoardRequest& value) {
    out.i64("have_version", value.have_version);
}
void list_fields(FieldList& out, const BoardRequest2& value) {
    out.i64("have_version", value.have_version);
    out.u8("schema", value.schema);
}
void list_fields(FieldList& out, const BoardSnapshot& value) {
    out.i64("version", value.version);
    out.text("hash_hex", value.hash_hex);
    out.text("board_json", value.board_json);
}
void list_fields(FieldList& out, const StatusRequest& value) {
    out.i64("since_sequence", value.since_sequence);
    out.u32("max_count", value.max_count);
}
void list_fields(FieldList& out, const StatusUpdates& value) {
    out.i64("latest_sequence", value.latest_sequence);
    out.u32("count", static_cast<std::uint32_t>(value.updates.size()));
    for (std::size_t index = 0; index < value.updates.size(); ++index) {
        const StatusEntry& entry = value.updates[index];
        const std::string prefix = "updates[" + std::to_string(index) + "].";
        out.i64(prefix + "sequence", entry.sequence);
        out.uuid(prefix + "submission_id", entry.submission_id);
        out.text(prefix + "receipt_number", entry.receipt_number);
        out.text(prefix + "state", entry.state);
        out.text(prefix + "reason", entry.reason);
        out.i64(prefix + "updated_at", entry.updated_at);
    }
}

void list_fields(FieldList& out, const AuditHead& value) {
    out.i64("sequence", value.sequence);
    out.text("hash_hex", value.hash_hex);
    out.i64("at", value.at);
}
void list_fields(FieldList& out, const AuditHeadOk& value) {
    out.i64("sequence", value.sequence);
}
void list_fields(FieldList& out, const ProgressRequest& value) {
    out.text("receipt_number", value.receipt_number);
}
void list_fields(FieldList& out, const ProgressReply& value) {
    out.u8("outcome", static_cast<unsigned>(value.outcome));
    out.text("receipt_number", value.receipt_number);
    out.text("state", value.state);
    out.text("reason", value.reason);
    out.i64("updated_at", value.updated_at);
    out.u32("revision", value.revision);
    out.text("latest_receipt_number", value.latest_receipt_number);
    out.text("county_admin_code", value.county_admin_code);
}
void list_fields(FieldList& out, const CorrectionRequest& value) {
    out.text("receipt_number", value.receipt_number);
    out.text("access_code", value.access_code);
}
void list_fields(FieldList& out, const CorrectionReply& value) {
    out.u8("outcome", static_cast<unsigned>(value.outcome));
    out.u32("attempts_left", value.attempts_left);
    out.i64("locked_until", value.locked_until);
    out.uuid("submission_id", value.submission_id, true);
    out.u32("revision", value.revision);
    out.text("reason", value.reason);
    out.text("canonical_content", value.canonical_content);
}
void list_fields(FieldList& out, const MonthlyReportSend& value) {
    out.text("month", value.month);
    out.i64("made_at", value.made_at);
    out.text("report_json", value.report_json);
}
void list_fields(FieldList& out, const MonthlyReportKept& value) {
    out.text("month", value.month);
    out.i64("made_at", value.made_at);
}
void list_fields(FieldList& out, const RequeueRequest& value) {
    out.u32("max_count", value.max_count);
}
void list_fields(FieldList& out, const TerminalCondition& value) {
    out.i64("terminal_time", value.terminal_time);
    out.i64("call_raised_at", value.call_raised_at);
    out.u32("condition_flags", value.condition_flags);
    out.i64("free_disk_bytes", value.free_disk_bytes);
}
void list_fields(FieldList& out, const TerminalConditionOk& value) {
    out.i64("server_time", value.server_time);
}
void list_fields(FieldList& out, const ProjectStagesRequest& value) {
    out.i64("after", value.after);
}
void list_fields(FieldList& out, const ProjectStages& value) {
    out.i64("latest", value.latest);
    out.u32("count", static_cast<std::uint32_t>(value.rows.size()));
    for (std::size_t index = 0; index < value.rows.size(); ++index) {
        const ProjectStageRow& row = value.rows[index];
        const std::string prefix = "rows[" + std::to_string(index) + "].";
        out.i64(prefix + "sequence", row.sequence);
        out.text(prefix + "receipt_number", row.receipt_number);
        out.text(prefix + "project_id", row.project_id);
        out.text(prefix + "project_number", row.project_number);
        out.u8(prefix + "role", static_cast<unsigned>(row.role));
        out.text(prefix + "state", row.state);
        out.i64(prefix + "updated_at", row.updated_at);
        out.u32(prefix + "share_count", static_cast<std::uint32_t>(row.shares.size()));
        for (std::size_t cell = 0; cell < row.shares.size(); ++cell) {
            const std::string at = prefix + "shares[" + std::to_string(cell) + "].";
            out.text(at + "party", row.shares[cell].party);
            out.text(at + "due", row.shares[cell].due);
            out.text(at + "paid", row.shares[cell].paid);
        }
    }
}
void list_fields(FieldList& out, const ProjectProgressRequest& value) {
    out.text("receipt_number", value.receipt_number);
}
void list_fields(FieldList& out, const ProjectProgressReply& value) {
    out.u8("found", value.found ? 1 : 0);
    out.text("project_number", value.project_number);
    out.text("state", value.state);
    out.i64("updated_at", value.updated_at);
}
void list_fields(FieldList& out, const RequeueList& value) {
    out.u32("count", static_cast<std::uint32_t>(value.submission_ids.size()));
    for (std::size_t index = 0; index < value.submission_ids.size(); ++index)
        out.uuid("submission_ids[" + std::to_string(index) + "]", value.submission_ids[index]);
}

void append_big_endian(std::string& out, std::uint64_t value, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((value >> shift) & 0xff));
}

}  // namespace

Json fields_of(const Body& body) {
    FieldList out;
    std::visit([&out](const auto& value) { list_fields(out, value); }, body);
    return out.fields;
}

std::string encode_fields(const Json& fields) {
    std::string bytes;
    for (const Json& field : fields) {
        const std::string type = field.at("type").get<std::string>();
        const Json& value = field.at("value");
        if (type == "u8") {
            append_big_endian(bytes, value.get<std::uint64_t>(), 1);
        } else if (type == "u16") {
            append_big_endian(bytes, value.get<std::uint64_t>(), 2);
        } else if (type == "u32") {
            append_big_endian(bytes, value.get<std::uint64_t>(), 4);
        } else if (type == "i64") {
            append_big_endian(bytes, std::stoull(value.get<std::string>()), 8);
        } else if (type == "hash" || type == "signature") {
            bytes += from_hex(value.get<std::string>());
        } else {  // text, uuid, uuid?: u32 length, then the UTF-8 bytes
            const std::string text = value.get<std::string>();
            append_big_endian(bytes, text.size(), 4);
            bytes += text;
        }
    }
    return bytes;
}

// [SECTION] Vectors file
std::string vectors_json() {
    const SigningKey key = test_signing_key();
    const auto [curve_secret, curve_public] = test_curve_keys();
    std::string seed_text;
    {
        const std::string seed = from_hex(test_signing_seed_hex());
        seed_text = base64url_encode(reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
    }
    Json document;
    document["format"] = "jbsp1-test-vectors/1";
    document["about"] =
        "Byte-exact examples for docs/protocol.md (JBSP/1), generated from the reference implementation by "
        "tests/sync/vectors/generate_vectors.cpp and checked by tests/sync/vectors_tests.cpp. Text is UTF-8. "
        "64-bit integers are decimal strings; hashes, signatures and frames are lower-case hex.";
    document["test_only_keys"] = Json{
        {"warning", "TEST ONLY: these keys are published here. Never enrol them at any aggregator."},
        {"ed25519_seed_hex", test_signing_seed_hex()},
        {"ed25519_public_key_hex", hex_of(key.public_key)},
        {"ed25519_public_key_base64url", key.public_key_text()},
        {"receipt_key_file_line", "jiebang-ed25519-secret-v1 " + seed_text},
        {"curve_secret_key_z85", curve_secret},
        {"curve_public_key_z85", curve_public},
        {"curve_key_file_line", "jiebang-curve-secret-v1 " + curve_secret},
    };

    // Receipt numbers and their check characters.
    Json numbers = Json::array();
    for (const ReceiptNumber& number :
         {demand_receipt_number(), receipt_number("JDZ", "02", 12, 2027, 1, 5, 42),
          receipt_number("JX", "11", 999, 2028, 2, 29, 9999)}) {
        const std::string canonical = number.text();
        std::string compact;
        for (char character : canonical.substr(0, canonical.size() - 2)) {
            if (character != '-')
                compact.push_back(character);
        }
        int sum = 0;
        Json values = Json::array();
        for (std::size_t index = 0; index < compact.size(); ++index) {
            const char character = compact[index];
            const int value =
                character >= '0' && character <= '9'
                    ? character - '0'
                    : 10 + static_cast<int>(std::string_view("ABCDEFGHJKMNPQRSTUVWXYZ").find(character));
            values.push_back(value);
            sum += static_cast<int>(index + 1) * value;
        }
        std::string lower = canonical;
        for (char& character : lower)
            character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
        std::string typed_without_dashes;
        for (char character : lower) {
            if (character != '-')
                typed_without_dashes.push_back(character == '0' ? 'o' : character);
        }
        numbers.push_back(
            Json{{"canonical", canonical},
                 {"compact_without_check", compact},
                 {"character_values", values},
                 {"weighted_sum", sum},
                 {"check_index", sum % 31},
                 {"check_character", std::string(1, canonical.back())},
                 {"typed_forms_that_normalise_to_it", Json::array({lower, typed_without_dashes})}});
    }
    document["receipt_numbers"] = numbers;

    // Submissions: canonical content, hash, receipt signature.
    const Submission demand = demand_submission();
    const std::string content = canonical_encoding(demand);
    const ContentHash hash = content_hash_of_encoding(content);
    const Receipt receipt = sign_receipt(demand_receipt_number(), hash, key);
    std::string signed_message = "JB1|" + receipt.number.text() + "|";
    signed_message.append(reinterpret_cast<const char*>(hash.data()), hash.size());
    const Submission rules = encoding_rules_submission();
    const std::string rules_content = canonical_encoding(rules);
    document["submissions"] = Json::array({
        Json{{"name", "a demand from terminal 440703-007 (valid for form version 1, profile jiangmen)"},
             {"canonical_content", content},
             {"canonical_content_hex", to_hex(content)},
             {"content_hash_hex", hex_of(hash)},
             {"receipt_number", receipt.number.text()},
             {"signed_message_hex", to_hex(signed_message)},
             {"signing_key", "test_only_keys.ed25519_* (Ed25519, RFC 8032, pure)"},
             {"signature_hex", hex_of(receipt.signature)},
             {"qr_payload", receipt.qr_payload()}},
        Json{{"name",
              "the encoding rules (not a valid bid: shows escapes, a list, false, an omitted empty text, "
              "bytewise key order)"},
             {"canonical_content", rules_content},
             {"canonical_content_hex", to_hex(rules_content)},
             {"content_hash_hex", hex_of(content_hash_of_encoding(rules_content))}},
    });

    const Board board = test_board();
    const Board board_2 = test_board_schema_2();
    document["boards"] = Json::array({Json{{"name", "board version 3 of Jiangmen with two listings"},
                                           {"board_json", board_to_json(board)},
                                           {"canonical_encoding", canonical_board_encoding(board)},
                                           {"hash_hex", board.hash_hex}},
                                      Json{{"name", "the same board in schema 2 (issuer USCCs)"},
                                           {"board_json", board_to_json(board_2)},
                                           {"canonical_encoding", canonical_board_encoding(board_2)},
                                           {"hash_hex", board_2.hash_hex}}});

    Json messages = Json::array();
    for (const MessageVector& vector : message_vectors()) {
        const auto frames = encode(vector.message).value();
        const Command command = command_of(vector.message.body);
        char code[8];
        std::snprintf(code, sizeof code, "0x%02X", static_cast<unsigned>(command));
        messages.push_back(Json{{"name", vector.name},
                                {"note", vector.note},
                                {"command", code},
                                {"command_name", std::string(command_name(command))},
                                {"correlation_id", std::to_string(vector.message.correlation_id)},
                                {"header_hex", to_hex(frames[0])},
                                {"body_hex", to_hex(frames[1])},
                                {"fields", fields_of(vector.message.body)}});
    }
    document["messages"] = messages;

    Json invalid = Json::array();
    for (const InvalidVector& vector : invalid_vectors()) {
        Json frames = Json::array();
        for (const std::string& frame : vector.frames)
            frames.push_back(to_hex(frame));
        // A server echoes the correlation id of a header it could read (even with the wrong frame count).
        const auto header = decode_header(vector.frames.empty() ? std::string_view() : vector.frames[0]);
        invalid.push_back(
            Json{{"name", vector.name},
                 {"frames_hex", frames},
                 {"decoder_error", vector.decoder_error},
                 {"decoder_field", vector.decoder_field},
                 {"server_reply", std::string(wire_error_name(vector.server_reply)) + " (" +
                                      std::to_string(static_cast<int>(vector.server_reply)) + ")"},
                 {"server_reply_correlation_id", header ? std::to_string(header->correlation_id) : "0"}});
    }
    document["invalid_messages"] = invalid;
    return document.dump(2, ' ', false) + "\n";
}

// [SECTION] Seed corpus
std::vector<std::pair<std::string, std::string>> seed_corpus() {
    auto file_name = [](std::string prefix, const std::string& name) {
        for (char character : name) {
            const bool keep =
                (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9');
            if (keep) {
                prefix.push_back(character);
            } else if (character >= 'A' && character <= 'Z') {
                prefix.push_back(static_cast<char>(character - 'A' + 'a'));
            } else if (!prefix.empty() && prefix.back() != '-') {
                prefix.push_back('-');
            }
        }
        while (!prefix.empty() && prefix.back() == '-')
            prefix.pop_back();
        return prefix;
    };
    std::vector<std::pair<std::string, std::string>> corpus;
    for (const MessageVector& vector : message_vectors()) {
        const auto frames = encode(vector.message).value();
        corpus.emplace_back(file_name("valid-", vector.name), fuzz::join_fuzz_input(frames));
        auto truncated = frames;
        truncated[1].pop_back();
        corpus.emplace_back(file_name("near-truncated-", vector.name), fuzz::join_fuzz_input(truncated));
        auto trailing = frames;
        trailing[1].push_back('\x7f');
        corpus.emplace_back(file_name("near-trailing-", vector.name), fuzz::join_fuzz_input(trailing));
    }
    for (const InvalidVector& vector : invalid_vectors())
        corpus.emplace_back(file_name("invalid-", vector.name), fuzz::join_fuzz_input(vector.frames));
    return corpus;
}

}  // namespace jiebang::sync::vectors

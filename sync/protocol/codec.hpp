// sync/protocol/codec.hpp — the Jiebang sync protocol (JBSP/1, docs/protocol.md) as C++ values, and the
// strict encoder/decoder between those values and ZeroMQ multipart frames.
// Invariants:
//  - Every message is exactly two frames: a 12-byte header ("JB", version, command, correlation id) and one
//    body frame whose layout is fixed per command. A ROUTER's identity frame is not part of the message.
//  - Integers are big-endian; text is a u32 byte length then that many bytes of valid UTF-8; every text
//    field has a maximum length; the decoder rejects short bodies, trailing bytes, invalid UTF-8, unknown
//    commands, versions other than protocol_version, and out-of-range values. It never reads out of bounds.
//  - This file and codec.cpp depend only on the C++ standard library, shared/base/result.hpp (header only)
//    and the core's UTF-8 check (shared/text/utf8.cpp), so the fuzzer builds codec.cpp and utf8.cpp alone
//    with clang.
// Index: [SECTION] Constants  [SECTION] Messages  [SECTION] Encoding
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::sync {

// [SECTION] Constants
inline constexpr std::uint8_t protocol_version = 1;
inline constexpr std::size_t header_size = 12;
inline constexpr std::int64_t max_message_bytes = 8 * 1024 * 1024;  // ZMQ_MAXMSGSIZE on every socket
inline constexpr std::size_t max_content_bytes = 256 * 1024;        // one submission's canonical encoding
inline constexpr std::size_t max_board_bytes = 6 * 1024 * 1024;     // one board snapshot (JSON)
inline constexpr std::size_t max_short_text_bytes = 64;             // ids, versions, codes
inline constexpr std::size_t max_reason_bytes = 2000;               // staff's reason for a return
inline constexpr std::size_t max_status_updates_per_reply = 1000;

enum class Command : std::uint8_t {
    Hello = 0x01,
    Welcome = 0x02,
    Submit = 0x03,
    Ack = 0x04,
    Conflict = 0x05,
    ErrorReply = 0x06,
    Heartbeat = 0x07,
    HeartbeatReply = 0x08,
    BoardRequest = 0x09,
    BoardSnapshot = 0x0A,
    StatusRequest = 0x0B,
    StatusUpdates = 0x0C,
    AuditHead = 0x10,    // county -> city: the head of the county's audit trail (docs/protocol.md 5.11)
    AuditHeadOk = 0x11,  // city -> county: the head is kept
    // Applicant requests (docs/protocol.md section 18), answered by a county to its own terminals.
    ProgressRequest = 0x12,
    ProgressReply = 0x13,
    CorrectionRequest = 0x14,
    CorrectionReply = 0x15,
    // A terminal's conditions (docs/protocol.md section 19), terminal -> county.
    TerminalCondition = 0x16,
    TerminalConditionOk = 0x17,
    // Monthly reports (docs/protocol.md section 20), county -> city.
    MonthlyReportSend = 0x18,
    MonthlyReportKept = 0x19,
    // Requeue of quarantined items staff asked for (docs/protocol.md section 22), terminal -> county.
    RequeueRequest = 0x1A,
    RequeueList = 0x1B,
    // A board request naming the newest board schema the client parses (docs/protocol.md 5.8, 14.1).
    BoardRequest2 = 0x1C,
    // Project stages (docs/protocol.md section 21): city -> county pulls, a terminal's lookup at its county.
    ProjectStagesRequest = 0x4B,
    ProjectStages = 0x4C,
    ProjectProgressRequest = 0x4D,
    ProjectProgressReply = 0x4E,
};
// Whether a command code is one of sections 5, 18, 19, 20, 21 and 22 (0x01-0x0C, 0x10-0x1C, 0x4B-0x4E).
bool is_known_command(std::uint8_t code);
std::string_view command_name(Command command);

// Which kind of client a peer is (from its enrolment; echoed in HELLO for diagnostics only).
enum class NodeKind : std::uint8_t { Terminal = 1, County = 2 };

// Wire error codes (ERROR body). Each has a stable dotted name (error_code_name) used in logs and strings.
enum class WireError : std::uint16_t {
    BadMessage = 1,          // malformed frames or body
    UnsupportedVersion = 2,  // header version is not one the server speaks
    UnknownCommand = 3,
    HashMismatch = 4,      // SHA-256(content) differs from the declared hash (permanent)
    BadSignature = 5,      // receipt signature does not verify under the enrolled key (permanent)
    InvalidContent = 6,    // content is not a valid submission encoding, or ids disagree (permanent)
    StoreUnavailable = 7,  // the server could not commit; retry later (transient)
    NotAllowed = 8,        // the command is not allowed for this peer's role (permanent)
    ReceiptMismatch = 9,   // the receipt number does not belong to the sending node (permanent)
    ReceiptInUse = 10,     // the receipt number is stored for another submission (permanent)
};
inline constexpr std::uint16_t max_wire_error = 10;
std::string_view wire_error_name(WireError error);  // "sync.bad_message", ...
bool wire_error_is_transient(WireError error);

enum class SubmissionKindCode : std::uint8_t { Demand = 1, Bid = 2 };
enum class AckDisposition : std::uint8_t { Stored = 1, Duplicate = 2 };

using HashBytes = std::array<unsigned char, 32>;
using SignatureBytes = std::array<unsigned char, 64>;

// [SECTION] Messages
struct Hello {
    NodeKind node_kind = NodeKind::Terminal;
    std::string software_version;  // <= 64 bytes
    std::int64_t board_version = 0;
    std::int64_t status_sequence = 0;
};

struct Welcome {
    std::string node_id;            // the enrolled id the server knows this key as (from ZAP)
    std::string county_admin_code;  // the enrolled county, 6 digits
    std::string server_role;        // "county" or "city"
    std::int64_t server_time = 0;   // Unix seconds
    std::int64_t board_version = 0;
    std::int64_t status_sequence = 0;  // latest status sequence for this peer
    std::uint32_t window = 0;          // max SUBMITs in flight the server wants
    std::uint32_t heartbeat_interval_ms = 0;
};

struct Submit {
    std::string submission_id;  // UUID v4, lowercase, 36 bytes
    SubmissionKindCode kind = SubmissionKindCode::Demand;
    HashBytes content_hash{};
    SignatureBytes signature{};     // Ed25519 over "JB1|<receipt number>|<hash>"
    std::string receipt_number;     // <= 64 bytes
    std::string canonical_content;  // <= max_content_bytes, the canonical JSON encoding
    std::string
        origin_signing_key;  // base64url Ed25519 key of the terminal; empty when sent by that terminal
};

struct Ack {
    std::string submission_id;
    AckDisposition disposition = AckDisposition::Stored;
};

struct Conflict {
    std::string submission_id;
    HashBytes stored_hash{};
};

struct ErrorReply {
    WireError error = WireError::BadMessage;
    std::string submission_id;  // empty when the error is not about one submission
    std::string detail;         // <= 200 bytes, English, no personal data
};

struct Heartbeat {
    std::int64_t board_version = 0;
    std::int64_t status_sequence = 0;
    std::int64_t pending = 0;                    // the client's backlog, for staff
    std::int64_t oldest_pending_created_at = 0;  // Unix seconds, 0 when nothing is pending
};

struct HeartbeatReply {
    std::int64_t server_time = 0;
    std::int64_t board_version = 0;
    std::int64_t status_sequence = 0;
};

struct BoardRequest {
    std::int64_t have_version = 0;
};

// BOARD-REQUEST-2: as BOARD-REQUEST, and the newest board schema (14.1) the client parses; the server answers
// BOARD-SNAPSHOT with its board in min(schema, its own) — a server that does not know 0x1C answers
// UNKNOWN_COMMAND and the client asks with BOARD-REQUEST (schema 1).
struct BoardRequest2 {
    std::int64_t have_version = 0;
    std::uint8_t schema = 0;  // 1 or more
};

struct BoardSnapshot {
    std::int64_t version = 0;  // 0: the server has no board yet (hash and json empty)
    std::string hash_hex;      // 64 lowercase hex characters, or empty when version is 0
    std::string board_json;    // the board as JSON (shared/domain/board.hpp board_to_json)
};

struct StatusRequest {
    std::int64_t since_sequence = 0;  // the client wants sequences > since_sequence
    std::uint32_t max_count = 0;      // 1..max_status_updates_per_reply
};

struct StatusEntry {
    std::int64_t sequence = 0;
    std::string submission_id;
    std::string receipt_number;
    std::string state;   // progress state code ("received", "returned", ...)
    std::string reason;  // <= max_reason_bytes
    std::int64_t updated_at = 0;
};

struct StatusUpdates {
    std::int64_t latest_sequence = 0;  // the newest sequence the server has for this peer
    std::vector<StatusEntry> updates;  // consecutive, ascending, starting at since_sequence + 1
};

// The newest entry of the sender's audit trail (docs/backoffice.md section 3): the city keeps every head a
// county sends, so the county cannot rewrite history the city has seen a head of.
struct AuditHead {
    std::int64_t sequence = 0;  // >= 1
    std::string hash_hex;       // 64 lowercase hex digits
    std::int64_t at = 0;        // the entry's time, Unix seconds
};

struct AuditHeadOk {
    std::int64_t sequence = 0;  // the head kept
};

// Applicant requests (docs/protocol.md section 18).
inline constexpr std::size_t max_access_code_bytes = 16;

struct ProgressRequest {
    std::string receipt_number;  // canonical form (13.1)
};

enum class LookupOutcome : std::uint8_t { Found = 1, Unknown = 2, OtherCounty = 3 };

struct ProgressReply {
    LookupOutcome outcome = LookupOutcome::Unknown;
    std::string receipt_number;
    std::string state;   // progress code, empty unless Found
    std::string reason;  // the reason the applicant reads (returned, rejected)
    std::int64_t updated_at = 0;
    std::uint32_t revision = 0;         // 1 for a first filing; 0 unless Found
    std::string latest_receipt_number;  // the newest revision's number when a correction followed, else empty
    std::string county_admin_code;      // OtherCounty: the county that holds it; else the server's county
};

struct CorrectionRequest {
    std::string receipt_number;  // canonical form
    std::string access_code;     // as typed, <= max_access_code_bytes
};

// 1 granted, 2 wrong code, 3 locked, 4 unknown, 5 not returned, 6 other county, 7 no code on this receipt.
enum class CorrectionOutcome : std::uint8_t {
    Granted = 1,
    WrongCode = 2,
    Locked = 3,
    Unknown = 4,
    NotReturned = 5,
    OtherCounty = 6,
    NoCode = 7,
};

struct CorrectionReply {
    CorrectionOutcome outcome = CorrectionOutcome::Unknown;
    std::uint32_t attempts_left = 0;  // WrongCode: tries left before the lock
    std::int64_t locked_until = 0;    // Locked: Unix seconds
    std::string submission_id;        // Granted: the returned submission (empty otherwise)
    std::uint32_t revision = 0;       // Granted: its revision number
    std::string reason;               // Granted: the staff's reason for the return
    std::string canonical_content;    // Granted: the content as stored (section 12), else empty
};

// A county's 月报 for one month (docs/protocol.md section 20): the report as JSON (sync/aggregator/
// monthly_report.hpp). The city keeps every one it receives; the newest made_at of a month is current.
struct MonthlyReportSend {
    std::string month;         // "YYYY-MM"
    std::int64_t made_at = 0;  // Unix seconds
    std::string report_json;   // <= max_content_bytes
};

struct MonthlyReportKept {
    std::string month;
    std::int64_t made_at = 0;
};

// Requeue (docs/protocol.md section 22): a terminal that holds quarantined items asks which of them staff
// asked to send again; the county answers with their ids (its own refusals of this node's SUBMITs).
inline constexpr std::size_t max_requeue_items = 1000;

struct RequeueRequest {
    std::uint32_t max_count = 0;  // 1..max_requeue_items
};

struct RequeueList {
    std::vector<std::string> submission_ids;  // at most the request's max_count, oldest refusal first
};

// A terminal's conditions (docs/protocol.md section 19): what the hall attendant and county staff must see.
// The county computes the skew itself (its clock at receipt minus terminal_time), so no signed field is
// needed. Bits of `condition_flags`; any other bit set is protocol.field.
inline constexpr std::uint32_t condition_printer_paper_out = 1u << 0;
inline constexpr std::uint32_t condition_printer_paper_near_end = 1u << 1;
inline constexpr std::uint32_t condition_printer_cover_open = 1u << 2;
inline constexpr std::uint32_t condition_printer_offline = 1u
                                                           << 3;  // no answer, cannot be opened, or an error
inline constexpr std::uint32_t condition_disk_low = 1u << 4;
inline constexpr std::uint32_t condition_clock_refused = 1u
                                                         << 5;  // the terminal issues no receipts (its clock)
inline constexpr std::uint32_t condition_known_flags = (1u << 6) - 1;

struct TerminalCondition {
    std::int64_t terminal_time = 0;   // the terminal's clock when it sent this (Unix seconds)
    std::int64_t call_raised_at = 0;  // the open 呼叫工作人员 call, terminal's clock; 0 = none
    std::uint32_t condition_flags = 0;
    std::int64_t free_disk_bytes = 0;  // on the terminal's data folder; 0 = unknown
};

struct TerminalConditionOk {
    std::int64_t server_time = 0;
};

// Project stages (docs/protocol.md section 21). Status only: no names, no other parties' amounts.
inline constexpr std::size_t max_project_stage_rows = 1000;
inline constexpr std::size_t max_project_share_cells = 8;

struct ProjectStagesRequest {
    std::int64_t after = 0;  // the city's lifecycle cursor the county has applied
};

enum class ProjectRoleCode : std::uint8_t { Issuer = 1, Solver = 2 };

struct ProjectShareCell {
    std::string party;  // a county's or district's party id of the funding plan
    std::string due;    // 10k yuan, decimal text
    std::string paid;   // 10k yuan, decimal text
};

struct ProjectStageRow {
    std::int64_t sequence = 0;  // the city's cursor at which this row was made
    std::string receipt_number;
    std::string project_id;
    std::string project_number;  // empty before 立项
    ProjectRoleCode role = ProjectRoleCode::Issuer;
    std::string state;  // a project state code (docs/lifecycle.md), or a solver's bid state when it ended
    std::int64_t updated_at = 0;
    std::vector<ProjectShareCell> shares;
};

struct ProjectStages {
    std::int64_t latest = 0;  // the cursor to ask after next (every change up to it is in this page or none)
    std::vector<ProjectStageRow> rows;
};

struct ProjectProgressRequest {
    std::string receipt_number;  // canonical form (13.1)
};

struct ProjectProgressReply {
    bool found = false;
    std::string project_number;
    std::string state;
    std::int64_t updated_at = 0;
};

using Body =
    std::variant<Hello, Welcome, Submit, Ack, Conflict, ErrorReply, Heartbeat, HeartbeatReply, BoardRequest,
                 BoardSnapshot, StatusRequest, StatusUpdates, AuditHead, AuditHeadOk, ProgressRequest,
                 ProgressReply, CorrectionRequest, CorrectionReply, MonthlyReportSend, MonthlyReportKept,
                 RequeueRequest, RequeueList, TerminalCondition, TerminalConditionOk, BoardRequest2,
                 ProjectStagesRequest, ProjectStages, ProjectProgressRequest, ProjectProgressReply>;

struct Message {
    std::uint64_t correlation_id = 0;
    Body body;
};

Command command_of(const Body& body);

// [SECTION] Encoding
// Two frames: header and body. Precondition: text fields within their limits (checked; an over-long
// field is an error, never truncated).
Result<std::vector<std::string>> encode(const Message& message);

// Decodes the frames of one message (without any ROUTER identity frame). Error codes:
// protocol.frames, protocol.magic, protocol.version (argument "version"), protocol.command,
// protocol.truncated, protocol.trailing, protocol.too_long (field), protocol.utf8 (field),
// protocol.field (field: an out-of-range value or malformed id).
Result<Message> decode(const std::vector<std::string_view>& frames);

// The header alone (for an ERROR reply to a message whose body failed to decode).
struct Header {
    std::uint8_t version = 0;
    std::uint8_t command = 0;
    std::uint64_t correlation_id = 0;
};
Result<Header> decode_header(std::string_view frame);

bool is_valid_submission_id(std::string_view text);  // 36 chars, lowercase hex, dashes at 8/13/18/23

}  // namespace jiebang::sync

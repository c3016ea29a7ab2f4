// sync/protocol/codec.cpp — strict encoder/decoder for JBSP/1 frames (docs/protocol.md, section 5).
// The decoder reads through a bounds-checked cursor: every read checks the remaining length first, every
// text is length-limited and UTF-8 checked, and a body must be consumed exactly. Errors are values.
//
// Index: [SECTION] Names  [SECTION] Writer  [SECTION] Reader  [SECTION] Encode  [SECTION] Decode
#include "sync/protocol/codec.hpp"

#include "shared/text/utf8.hpp"

#include <cstring>
#include <limits>

namespace jiebang::sync {

// [SECTION] Names
std::string_view command_name(Command command) {
    switch (command) {
        case Command::Hello:
            return "HELLO";
        case Command::Welcome:
            return "WELCOME";
        case Command::Submit:
            return "SUBMIT";
        case Command::Ack:
            return "ACK";
        case Command::Conflict:
            return "CONFLICT";
        case Command::ErrorReply:
            return "ERROR";
        case Command::Heartbeat:
            return "HEARTBEAT";
        case Command::HeartbeatReply:
            return "HEARTBEAT-REPLY";
        case Command::BoardRequest:
            return "BOARD-REQUEST";
        case Command::BoardRequest2:
            return "BOARD-REQUEST-2";
        case Command::BoardSnapshot:
            return "BOARD-SNAPSHOT";
        case Command::StatusRequest:
            return "STATUS-REQUEST";
        case Command::StatusUpdates:
            return "STATUS-UPDATES";
        case Command::AuditHead:
            return "AUDIT-HEAD";
        case Command::AuditHeadOk:
            return "AUDIT-HEAD-OK";
        case Command::ProgressRequest:
            return "PROGRESS-REQUEST";
        case Command::ProgressReply:
            return "PROGRESS-REPLY";
        case Command::CorrectionRequest:
            return "CORRECTION-REQUEST";
        case Command::CorrectionReply:
            return "CORRECTION-REPLY";
        case Command::MonthlyReportSend:
            return "MONTHLY-REPORT";
        case Command::MonthlyReportKept:
            return "MONTHLY-REPORT-OK";
        case Command::RequeueRequest:
            return "REQUEUE-REQUEST";
        case Command::RequeueList:
            return "REQUEUE-LIST";
        case Command::TerminalCondition:
            return "TERMINAL-CONDITION";
        case Command::TerminalConditionOk:
            return "TERMINAL-CONDITION-OK";
        case Command::ProjectStagesRequest:
            return "PROJECT-STAGES-REQUEST";
        case Command::ProjectStages:
            return "PROJECT-STAGES";
        case Command::ProjectProgressRequest:
            return "PROJECT-PROGRESS-REQUEST";
        case Command::ProjectProgressReply:
            return "PROJECT-PROGRESS-REPLY";
    }
    return "UNKNOWN";
}

std::string_view wire_error_name(WireError error) {
    switch (error) {
        case WireError::BadMessage:
            return "sync.bad_message";
        case WireError::UnsupportedVersion:
            return "sync.unsupported_version";
        case WireError::UnknownCommand:
            return "sync.unknown_command";
        case WireError::HashMismatch:
            return "sync.hash_mismatch";
        case WireError::BadSignature:
            return "sync.bad_signature";
        case WireError::InvalidContent:
            return "sync.invalid_content";
        case WireError::StoreUnavailable:
            return "sync.store_unavailable";
        case WireError::NotAllowed:
            return "sync.not_allowed";
        case WireError::ReceiptMismatch:
            return "sync.receipt_mismatch";
        case WireError::ReceiptInUse:
            return "sync.receipt_in_use";
    }
    return "sync.unknown_error";
}

bool wire_error_is_transient(WireError error) {
    return error == WireError::StoreUnavailable || error == WireError::BadMessage ||
           error == WireError::UnsupportedVersion || error == WireError::UnknownCommand;
}

Command command_of(const Body& body) {
    return std::visit(
        [](const auto& value) -> Command {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, Hello>)
                return Command::Hello;
            if constexpr (std::is_same_v<T, Welcome>)
                return Command::Welcome;
            if constexpr (std::is_same_v<T, Submit>)
                return Command::Submit;
            if constexpr (std::is_same_v<T, Ack>)
                return Command::Ack;
            if constexpr (std::is_same_v<T, Conflict>)
                return Command::Conflict;
            if constexpr (std::is_same_v<T, ErrorReply>)
                return Command::ErrorReply;
            if constexpr (std::is_same_v<T, Heartbeat>)
                return Command::Heartbeat;
            if constexpr (std::is_same_v<T, HeartbeatReply>)
                return Command::HeartbeatReply;
            if constexpr (std::is_same_v<T, BoardRequest>)
                return Command::BoardRequest;
            if constexpr (std::is_same_v<T, BoardRequest2>)
                return Command::BoardRequest2;
            if constexpr (std::is_same_v<T, BoardSnapshot>)
                return Command::BoardSnapshot;
            if constexpr (std::is_same_v<T, StatusRequest>)
                return Command::StatusRequest;
            if constexpr (std::is_same_v<T, StatusUpdates>)
                return Command::StatusUpdates;
            if constexpr (std::is_same_v<T, AuditHead>)
                return Command::AuditHead;
            if constexpr (std::is_same_v<T, AuditHeadOk>)
                return Command::AuditHeadOk;
            if constexpr (std::is_same_v<T, ProgressRequest>)
                return Command::ProgressRequest;
            if constexpr (std::is_same_v<T, ProgressReply>)
                return Command::ProgressReply;
            if constexpr (std::is_same_v<T, CorrectionRequest>)
                return Command::CorrectionRequest;
            if constexpr (std::is_same_v<T, CorrectionReply>)
                return Command::CorrectionReply;
            if constexpr (std::is_same_v<T, MonthlyReportSend>)
                return Command::MonthlyReportSend;
            if constexpr (std::is_same_v<T, MonthlyReportKept>)
                return Command::MonthlyReportKept;
            if constexpr (std::is_same_v<T, RequeueRequest>)
                return Command::RequeueRequest;
            if constexpr (std::is_same_v<T, RequeueList>)
                return Command::RequeueList;
            if constexpr (std::is_same_v<T, ProjectStagesRequest>)
                return Command::ProjectStagesRequest;
            if constexpr (std::is_same_v<T, ProjectStages>)
                return Command::ProjectStages;
            if constexpr (std::is_same_v<T, ProjectProgressRequest>)
                return Command::ProjectProgressRequest;
            if constexpr (std::is_same_v<T, ProjectProgressReply>)
                return Command::ProjectProgressReply;
            if constexpr (std::is_same_v<T, TerminalCondition>)
                return Command::TerminalCondition;
            if constexpr (std::is_same_v<T, TerminalConditionOk>)
                return Command::TerminalConditionOk;
        },
        body);
}

bool is_known_command(std::uint8_t code) {
    return (code >= 0x01 && code <= 0x0C) || (code >= 0x10 && code <= 0x1C) || (code >= 0x4B && code <= 0x4E);
}

bool is_valid_submission_id(std::string_view text) {
    if (text.size() != 36)
        return false;
    for (std::size_t index = 0; index < text.size(); ++index) {
        const char character = text[index];
        if (index == 8 || index == 13 || index == 18 || index == 23) {
            if (character != '-')
                return false;
        } else if (!((character >= '0' && character <= '9') || (character >= 'a' && character <= 'f'))) {
            return false;
        }
    }
    return true;
}

namespace {

// [SECTION] Writer
class Writer {
  public:
    void u8(std::uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
    void u16(std::uint16_t value) {
        u8(static_cast<std::uint8_t>(value >> 8));
        u8(static_cast<std::uint8_t>(value));
    }
    void u32(std::uint32_t value) {
        for (int shift = 24; shift >= 0; shift -= 8)
            u8(static_cast<std::uint8_t>(value >> shift));
    }
    void u64(std::uint64_t value) {
        for (int shift = 56; shift >= 0; shift -= 8)
            u8(static_cast<std::uint8_t>(value >> shift));
    }
    void i64(std::int64_t value, const char* field) {
        if (value < 0)
            fail(Error("protocol.field", field, "negative value"));
        u64(static_cast<std::uint64_t>(value));
    }
    template <std::size_t N>
    void fixed(const std::array<unsigned char, N>& value) {
        bytes_.append(reinterpret_cast<const char*>(value.data()), N);
    }
    void text(std::string_view value, std::size_t limit, const char* field) {
        if (value.size() > limit)
            fail(Error("protocol.too_long", field, "text longer than its limit"));
        if (!utf8::is_valid(value))
            fail(Error("protocol.utf8", field, "text is not valid UTF-8"));
        u32(static_cast<std::uint32_t>(value.size()));
        bytes_.append(value);
    }
    void fail(Error error) {
        if (!failed_) {
            error_ = std::move(error);
            failed_ = true;
        }
    }
    bool failed() const { return failed_; }
    const Error& error() const { return error_; }
    std::string take() { return std::move(bytes_); }

  private:
    std::string bytes_;
    Error error_;
    bool failed_ = false;
};

// [SECTION] Reader
class Reader {
  public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}

    std::uint8_t u8(const char* field) {
        if (!need(1, field))
            return 0;
        return static_cast<std::uint8_t>(bytes_[position_++]);
    }
    std::uint16_t u16(const char* field) {
        if (!need(2, field))
            return 0;
        std::uint16_t value = 0;
        for (int index = 0; index < 2; ++index)
            value = static_cast<std::uint16_t>((value << 8) | next());
        return value;
    }
    std::uint32_t u32(const char* field) {
        if (!need(4, field))
            return 0;
        std::uint32_t value = 0;
        for (int index = 0; index < 4; ++index)
            value = (value << 8) | next();
        return value;
    }
    std::uint64_t u64(const char* field) {
        if (!need(8, field))
            return 0;
        std::uint64_t value = 0;
        for (int index = 0; index < 8; ++index)
            value = (value << 8) | next();
        return value;
    }
    std::int64_t i64(const char* field) {
        const std::uint64_t value = u64(field);
        if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            fail(Error("protocol.field", field, "value out of range"));
            return 0;
        }
        return static_cast<std::int64_t>(value);
    }
    template <std::size_t N>
    void fixed(std::array<unsigned char, N>& out, const char* field) {
        if (!need(N, field))
            return;
        std::memcpy(out.data(), bytes_.data() + position_, N);
        position_ += N;
    }
    std::string text(std::size_t limit, const char* field) {
        const std::uint32_t length = u32(field);
        if (failed_)
            return {};
        if (length > limit) {
            fail(Error("protocol.too_long", field, "text longer than its limit"));
            return {};
        }
        if (!need(length, field))
            return {};
        std::string_view value = bytes_.substr(position_, length);
        position_ += length;
        if (!utf8::is_valid(value)) {
            fail(Error("protocol.utf8", field, "text is not valid UTF-8"));
            return {};
        }
        return std::string(value);
    }
    void finish() {
        if (!failed_ && position_ != bytes_.size())
            fail(Error("protocol.trailing", "", "bytes after the body"));
    }
    void fail(Error error) {
        if (!failed_) {
            error_ = std::move(error);
            failed_ = true;
        }
    }
    bool failed() const { return failed_; }
    const Error& error() const { return error_; }

  private:
    bool need(std::size_t count, const char* field) {
        if (failed_)
            return false;
        if (bytes_.size() - position_ < count) {
            fail(Error("protocol.truncated", field, "body ends early"));
            return false;
        }
        return true;
    }
    std::uint8_t next() { return static_cast<std::uint8_t>(bytes_[position_++]); }

    std::string_view bytes_;
    std::size_t position_ = 0;
    Error error_;
    bool failed_ = false;
};

// [SECTION] Encode
void write_body(Writer& writer, const Hello& value) {
    writer.u8(static_cast<std::uint8_t>(value.node_kind));
    writer.text(value.software_version, max_short_text_bytes, "software_version");
    writer.i64(value.board_version, "board_version");
    writer.i64(value.status_sequence, "status_sequence");
}
void write_body(Writer& writer, const Welcome& value) {
    writer.text(value.node_id, max_short_text_bytes, "node_id");
    writer.text(value.county_admin_code, max_short_text_bytes, "county_admin_code");
    writer.text(value.server_role, max_short_text_bytes, "server_role");
    writer.i64(value.server_time, "server_time");
    writer.i64(value.board_version, "board_version");
    writer.i64(value.status_sequence, "status_sequence");
    writer.u32(value.window);
    writer.u32(value.heartbeat_interval_ms);
}
void write_body(Writer& writer, const Submit& value) {
    if (!is_valid_submission_id(value.submission_id))
        writer.fail(Error("protocol.field", "submission_id"));
    writer.text(value.submission_id, 36, "submission_id");
    writer.u8(static_cast<std::uint8_t>(value.kind));
    writer.fixed(value.content_hash);
    writer.fixed(value.signature);
    writer.text(value.receipt_number, max_short_text_bytes, "receipt_number");
    writer.text(value.canonical_content, max_content_bytes, "canonical_content");
    writer.text(value.origin_signing_key, max_short_text_bytes, "origin_signing_key");
}
void write_body(Writer& writer, const Ack& value) {
    writer.text(value.submission_id, 36, "submission_id");
    writer.u8(static_cast<std::uint8_t>(value.disposition));
}
void write_body(Writer& writer, const Conflict& value) {
    writer.text(value.submission_id, 36, "submission_id");
    writer.fixed(value.stored_hash);
}
void write_body(Writer& writer, const ErrorReply& value) {
    writer.u16(static_cast<std::uint16_t>(value.error));
    writer.text(value.submission_id, 36, "submission_id");
    writer.text(value.detail, 200, "detail");
}
void write_body(Writer& writer, const Heartbeat& value) {
    writer.i64(value.board_version, "board_version");
    writer.i64(value.status_sequence, "status_sequence");
    writer.i64(value.pending, "pending");
    writer.i64(value.oldest_pending_created_at, "oldest_pending_created_at");
}
void write_body(Writer& writer, const HeartbeatReply& value) {
    writer.i64(value.server_time, "server_time");
    writer.i64(value.board_version, "board_version");
    writer.i64(value.status_sequence, "status_sequence");
}
void write_body(Writer& writer, const BoardRequest& value) {
    writer.i64(value.have_version, "have_version");
}
void write_body(Writer& writer, const BoardRequest2& value) {
    writer.i64(value.have_version, "have_version");
    writer.u8(value.schema);
}
void write_body(Writer& writer, const BoardSnapshot& value) {
    writer.i64(value.version, "version");
    writer.text(value.hash_hex, 64, "hash_hex");
    writer.text(value.board_json, max_board_bytes, "board_json");
}
void write_body(Writer& writer, const StatusRequest& value) {
    writer.i64(value.since_sequence, "since_sequence");
    writer.u32(value.max_count);
}
void write_body(Writer& writer, const StatusUpdates& value) {
    writer.i64(value.latest_sequence, "latest_sequence");
    if (value.updates.size() > max_status_updates_per_reply)
        writer.fail(Error("protocol.too_long", "updates"));
    writer.u32(static_cast<std::uint32_t>(value.updates.size()));
    for (const StatusEntry& entry : value.updates) {
        writer.i64(entry.sequence, "sequence");
        writer.text(entry.submission_id, 36, "submission_id");
        writer.text(entry.receipt_number, max_short_text_bytes, "receipt_number");
        writer.text(entry.state, max_short_text_bytes, "state");
        writer.text(entry.reason, max_reason_bytes, "reason");
        writer.i64(entry.updated_at, "updated_at");
    }
}

void write_body(Writer& writer, const AuditHead& value) {
    writer.i64(value.sequence, "sequence");
    writer.text(value.hash_hex, 64, "hash_hex");
    writer.i64(value.at, "at");
}
void write_body(Writer& writer, const AuditHeadOk& value) {
    writer.i64(value.sequence, "sequence");
}
void write_body(Writer& writer, const ProgressRequest& value) {
    writer.text(value.receipt_number, max_short_text_bytes, "receipt_number");
}
void write_body(Writer& writer, const ProgressReply& value) {
    writer.u8(static_cast<std::uint8_t>(value.outcome));
    writer.text(value.receipt_number, max_short_text_bytes, "receipt_number");
    writer.text(value.state, max_short_text_bytes, "state");
    writer.text(value.reason, max_reason_bytes, "reason");
    writer.i64(value.updated_at, "updated_at");
    writer.u32(value.revision);
    writer.text(value.latest_receipt_number, max_short_text_bytes, "latest_receipt_number");
    writer.text(value.county_admin_code, max_short_text_bytes, "county_admin_code");
}
void write_body(Writer& writer, const CorrectionRequest& value) {
    writer.text(value.receipt_number, max_short_text_bytes, "receipt_number");
    writer.text(value.access_code, max_access_code_bytes, "access_code");
}
void write_body(Writer& writer, const CorrectionReply& value) {
    if (!value.submission_id.empty() && !is_valid_submission_id(value.submission_id))
        writer.fail(Error("protocol.field", "submission_id"));
    writer.u8(static_cast<std::uint8_t>(value.outcome));
    writer.u32(value.attempts_left);
    writer.i64(value.locked_until, "locked_until");
    writer.text(value.submission_id, 36, "submission_id");
    writer.u32(value.revision);
    writer.text(value.reason, max_reason_bytes, "reason");
    writer.text(value.canonical_content, max_content_bytes, "canonical_content");
}
void write_body(Writer& writer, const MonthlyReportSend& value) {
    writer.text(value.month, 7, "month");
    writer.i64(value.made_at, "made_at");
    writer.text(value.report_json, max_content_bytes, "report_json");
}
void write_body(Writer& writer, const MonthlyReportKept& value) {
    writer.text(value.month, 7, "month");
    writer.i64(value.made_at, "made_at");
}
void write_body(Writer& writer, const TerminalCondition& value) {
    if ((value.condition_flags & ~condition_known_flags) != 0)
        writer.fail(Error("protocol.field", "condition_flags"));
    writer.i64(value.terminal_time, "terminal_time");
    writer.i64(value.call_raised_at, "call_raised_at");
    writer.u32(value.condition_flags);
    writer.i64(value.free_disk_bytes, "free_disk_bytes");
}
void write_body(Writer& writer, const TerminalConditionOk& value) {
    writer.i64(value.server_time, "server_time");
}
void write_body(Writer& writer, const ProjectStagesRequest& value) {
    writer.i64(value.after, "after");
}
void write_body(Writer& writer, const ProjectStages& value) {
    if (value.rows.size() > max_project_stage_rows)
        writer.fail(Error("protocol.too_long", "rows"));
    writer.i64(value.latest, "latest");
    writer.u32(static_cast<std::uint32_t>(value.rows.size()));
    for (const ProjectStageRow& row : value.rows) {
        writer.i64(row.sequence, "sequence");
        writer.text(row.receipt_number, max_short_text_bytes, "receipt_number");
        writer.text(row.project_id, max_short_text_bytes, "project_id");
        writer.text(row.project_number, max_short_text_bytes, "project_number");
        writer.u8(static_cast<std::uint8_t>(row.role));
        writer.text(row.state, max_short_text_bytes, "state");
        writer.i64(row.updated_at, "updated_at");
        if (row.shares.size() > max_project_share_cells)
            writer.fail(Error("protocol.too_long", "shares"));
        writer.u32(static_cast<std::uint32_t>(row.shares.size()));
        for (const ProjectShareCell& cell : row.shares) {
            writer.text(cell.party, max_short_text_bytes, "party");
            writer.text(cell.due, 32, "due");
            writer.text(cell.paid, 32, "paid");
        }
    }
}
void write_body(Writer& writer, const ProjectProgressRequest& value) {
    writer.text(value.receipt_number, max_short_text_bytes, "receipt_number");
}
void write_body(Writer& writer, const ProjectProgressReply& value) {
    writer.u8(value.found ? 1 : 0);
    writer.text(value.project_number, max_short_text_bytes, "project_number");
    writer.text(value.state, max_short_text_bytes, "state");
    writer.i64(value.updated_at, "updated_at");
}
void write_body(Writer& writer, const RequeueRequest& value) {
    writer.u32(value.max_count);
}
void write_body(Writer& writer, const RequeueList& value) {
    if (value.submission_ids.size() > max_requeue_items)
        writer.fail(Error("protocol.too_long", "submission_ids"));
    writer.u32(static_cast<std::uint32_t>(value.submission_ids.size()));
    for (const std::string& submission_id : value.submission_ids) {
        if (!is_valid_submission_id(submission_id))
            writer.fail(Error("protocol.field", "submission_id"));
        writer.text(submission_id, 36, "submission_id");
    }
}

// [SECTION] Decode
// "YYYY-MM", month 01-12 (section 20).
bool is_month(const std::string& text) {
    if (text.size() != 7 || text[4] != '-')
        return false;
    for (std::size_t index : {0u, 1u, 2u, 3u, 5u, 6u}) {
        if (text[index] < '0' || text[index] > '9')
            return false;
    }
    const int month = (text[5] - '0') * 10 + (text[6] - '0');
    return month >= 1 && month <= 12;
}

void check_id(Reader& reader, const std::string& id, bool may_be_empty) {
    if (may_be_empty && id.empty())
        return;
    if (!is_valid_submission_id(id))
        reader.fail(Error("protocol.field", "submission_id", "not a UUID"));
}

Body read_body(Reader& reader, Command command) {
    switch (command) {
        case Command::Hello: {
            Hello value;
            const std::uint8_t kind = reader.u8("node_kind");
            if (kind != 1 && kind != 2)
                reader.fail(Error("protocol.field", "node_kind"));
            value.node_kind = static_cast<NodeKind>(kind);
            value.software_version = reader.text(max_short_text_bytes, "software_version");
            value.board_version = reader.i64("board_version");
            value.status_sequence = reader.i64("status_sequence");
            return value;
        }
        case Command::Welcome: {
            Welcome value;
            value.node_id = reader.text(max_short_text_bytes, "node_id");
            value.county_admin_code = reader.text(max_short_text_bytes, "county_admin_code");
            value.server_role = reader.text(max_short_text_bytes, "server_role");
            value.server_time = reader.i64("server_time");
            value.board_version = reader.i64("board_version");
            value.status_sequence = reader.i64("status_sequence");
            value.window = reader.u32("window");
            value.heartbeat_interval_ms = reader.u32("heartbeat_interval_ms");
            return value;
        }
        case Command::Submit: {
            Submit value;
            value.submission_id = reader.text(36, "submission_id");
            check_id(reader, value.submission_id, false);
            const std::uint8_t kind = reader.u8("kind");
            if (kind != 1 && kind != 2)
                reader.fail(Error("protocol.field", "kind"));
            value.kind = static_cast<SubmissionKindCode>(kind);
            reader.fixed(value.content_hash, "content_hash");
            reader.fixed(value.signature, "signature");
            value.receipt_number = reader.text(max_short_text_bytes, "receipt_number");
            value.canonical_content = reader.text(max_content_bytes, "canonical_content");
            value.origin_signing_key = reader.text(max_short_text_bytes, "origin_signing_key");
            return value;
        }
        case Command::Ack: {
            Ack value;
            value.submission_id = reader.text(36, "submission_id");
            check_id(reader, value.submission_id, false);
            const std::uint8_t disposition = reader.u8("disposition");
            if (disposition != 1 && disposition != 2)
                reader.fail(Error("protocol.field", "disposition"));
            value.disposition = static_cast<AckDisposition>(disposition);
            return value;
        }
        case Command::Conflict: {
            Conflict value;
            value.submission_id = reader.text(36, "submission_id");
            check_id(reader, value.submission_id, false);
            reader.fixed(value.stored_hash, "stored_hash");
            return value;
        }
        case Command::ErrorReply: {
            ErrorReply value;
            const std::uint16_t code = reader.u16("error");
            if (code < 1 || code > max_wire_error)
                reader.fail(Error("protocol.field", "error"));
            value.error = static_cast<WireError>(code);
            value.submission_id = reader.text(36, "submission_id");
            check_id(reader, value.submission_id, true);
            value.detail = reader.text(200, "detail");
            return value;
        }
        case Command::Heartbeat: {
            Heartbeat value;
            value.board_version = reader.i64("board_version");
            value.status_sequence = reader.i64("status_sequence");
            value.pending = reader.i64("pending");
            value.oldest_pending_created_at = reader.i64("oldest_pending_created_at");
            return value;
        }
        case Command::HeartbeatReply: {
            HeartbeatReply value;
            value.server_time = reader.i64("server_time");
            value.board_version = reader.i64("board_version");
            value.status_sequence = reader.i64("status_sequence");
            return value;
        }
        case Command::BoardRequest: {
            BoardRequest value;
            value.have_version = reader.i64("have_version");
            return value;
        }
        case Command::BoardRequest2: {
            BoardRequest2 value;
            value.have_version = reader.i64("have_version");
            value.schema = reader.u8("schema");
            if (!reader.failed() && value.schema == 0)
                reader.fail(Error("protocol.field", "schema"));
            return value;
        }
        case Command::BoardSnapshot: {
            BoardSnapshot value;
            value.version = reader.i64("version");
            value.hash_hex = reader.text(64, "hash_hex");
            value.board_json = reader.text(max_board_bytes, "board_json");
            if (!reader.failed()) {
                const bool empty_board = value.version == 0;
                if (empty_board != value.hash_hex.empty() || (!empty_board && value.hash_hex.size() != 64)) {
                    reader.fail(Error("protocol.field", "hash_hex"));
                }
            }
            return value;
        }
        case Command::StatusRequest: {
            StatusRequest value;
            value.since_sequence = reader.i64("since_sequence");
            value.max_count = reader.u32("max_count");
            if (!reader.failed() && (value.max_count < 1 || value.max_count > max_status_updates_per_reply)) {
                reader.fail(Error("protocol.field", "max_count"));
            }
            return value;
        }
        case Command::StatusUpdates: {
            StatusUpdates value;
            value.latest_sequence = reader.i64("latest_sequence");
            const std::uint32_t count = reader.u32("count");
            if (count > max_status_updates_per_reply) {
                reader.fail(Error("protocol.too_long", "updates"));
                return value;
            }
            for (std::uint32_t index = 0; index < count && !reader.failed(); ++index) {
                StatusEntry entry;
                entry.sequence = reader.i64("sequence");
                entry.submission_id = reader.text(36, "submission_id");
                check_id(reader, entry.submission_id, false);
                entry.receipt_number = reader.text(max_short_text_bytes, "receipt_number");
                entry.state = reader.text(max_short_text_bytes, "state");
                entry.reason = reader.text(max_reason_bytes, "reason");
                entry.updated_at = reader.i64("updated_at");
                value.updates.push_back(std::move(entry));
            }
            return value;
        }
        case Command::AuditHead: {
            AuditHead value;
            value.sequence = reader.i64("sequence");
            value.hash_hex = reader.text(64, "hash_hex");
            value.at = reader.i64("at");
            if (!reader.failed()) {
                if (value.sequence < 1)
                    reader.fail(Error("protocol.field", "sequence"));
                else if (value.hash_hex.size() != 64 ||
                         value.hash_hex.find_first_not_of("0123456789abcdef") != std::string::npos)
                    reader.fail(Error("protocol.field", "hash_hex"));
            }
            return value;
        }
        case Command::AuditHeadOk: {
            AuditHeadOk value;
            value.sequence = reader.i64("sequence");
            return value;
        }
        case Command::ProgressRequest: {
            ProgressRequest value;
            value.receipt_number = reader.text(max_short_text_bytes, "receipt_number");
            return value;
        }
        case Command::ProgressReply: {
            ProgressReply value;
            const std::uint8_t outcome = reader.u8("outcome");
            if (outcome < 1 || outcome > 3)
                reader.fail(Error("protocol.field", "outcome"));
            value.outcome = static_cast<LookupOutcome>(outcome);
            value.receipt_number = reader.text(max_short_text_bytes, "receipt_number");
            value.state = reader.text(max_short_text_bytes, "state");
            value.reason = reader.text(max_reason_bytes, "reason");
            value.updated_at = reader.i64("updated_at");
            value.revision = reader.u32("revision");
            value.latest_receipt_number = reader.text(max_short_text_bytes, "latest_receipt_number");
            value.county_admin_code = reader.text(max_short_text_bytes, "county_admin_code");
            return value;
        }
        case Command::CorrectionRequest: {
            CorrectionRequest value;
            value.receipt_number = reader.text(max_short_text_bytes, "receipt_number");
            value.access_code = reader.text(max_access_code_bytes, "access_code");
            return value;
        }
        case Command::CorrectionReply: {
            CorrectionReply value;
            const std::uint8_t outcome = reader.u8("outcome");
            if (outcome < 1 || outcome > 7)
                reader.fail(Error("protocol.field", "outcome"));
            value.outcome = static_cast<CorrectionOutcome>(outcome);
            value.attempts_left = reader.u32("attempts_left");
            value.locked_until = reader.i64("locked_until");
            value.submission_id = reader.text(36, "submission_id");
            check_id(reader, value.submission_id, true);
            value.revision = reader.u32("revision");
            value.reason = reader.text(max_reason_bytes, "reason");
            value.canonical_content = reader.text(max_content_bytes, "canonical_content");
            return value;
        }
        case Command::MonthlyReportSend: {
            MonthlyReportSend value;
            value.month = reader.text(7, "month");
            value.made_at = reader.i64("made_at");
            value.report_json = reader.text(max_content_bytes, "report_json");
            if (!reader.failed() && !is_month(value.month))
                reader.fail(Error("protocol.field", "month"));
            return value;
        }
        case Command::MonthlyReportKept: {
            MonthlyReportKept value;
            value.month = reader.text(7, "month");
            value.made_at = reader.i64("made_at");
            if (!reader.failed() && !is_month(value.month))
                reader.fail(Error("protocol.field", "month"));
            return value;
        }
        case Command::TerminalCondition: {
            TerminalCondition value;
            value.terminal_time = reader.i64("terminal_time");
            value.call_raised_at = reader.i64("call_raised_at");
            value.condition_flags = reader.u32("condition_flags");
            value.free_disk_bytes = reader.i64("free_disk_bytes");
            if (!reader.failed() && (value.condition_flags & ~condition_known_flags) != 0)
                reader.fail(Error("protocol.field", "condition_flags"));
            return value;
        }
        case Command::TerminalConditionOk: {
            TerminalConditionOk value;
            value.server_time = reader.i64("server_time");
            return value;
        }
        case Command::RequeueRequest: {
            RequeueRequest value;
            value.max_count = reader.u32("max_count");
            if (!reader.failed() && (value.max_count < 1 || value.max_count > max_requeue_items))
                reader.fail(Error("protocol.field", "max_count"));
            return value;
        }
        case Command::ProjectStagesRequest: {
            ProjectStagesRequest value;
            value.after = reader.i64("after");
            return value;
        }
        case Command::ProjectStages: {
            ProjectStages value;
            value.latest = reader.i64("latest");
            const std::uint32_t count = reader.u32("count");
            if (count > max_project_stage_rows) {
                reader.fail(Error("protocol.too_long", "rows"));
                return value;
            }
            for (std::uint32_t index = 0; index < count && !reader.failed(); ++index) {
                ProjectStageRow row;
                row.sequence = reader.i64("sequence");
                row.receipt_number = reader.text(max_short_text_bytes, "receipt_number");
                row.project_id = reader.text(max_short_text_bytes, "project_id");
                row.project_number = reader.text(max_short_text_bytes, "project_number");
                const std::uint8_t role = reader.u8("role");
                if (!reader.failed() && role != 1 && role != 2)
                    reader.fail(Error("protocol.field", "role"));
                row.role = static_cast<ProjectRoleCode>(role);
                row.state = reader.text(max_short_text_bytes, "state");
                row.updated_at = reader.i64("updated_at");
                const std::uint32_t cells = reader.u32("share_count");
                if (cells > max_project_share_cells) {
                    reader.fail(Error("protocol.too_long", "shares"));
                    return value;
                }
                for (std::uint32_t cell = 0; cell < cells && !reader.failed(); ++cell) {
                    ProjectShareCell share;
                    share.party = reader.text(max_short_text_bytes, "party");
                    share.due = reader.text(32, "due");
                    share.paid = reader.text(32, "paid");
                    row.shares.push_back(std::move(share));
                }
                value.rows.push_back(std::move(row));
            }
            return value;
        }
        case Command::ProjectProgressRequest: {
            ProjectProgressRequest value;
            value.receipt_number = reader.text(max_short_text_bytes, "receipt_number");
            return value;
        }
        case Command::ProjectProgressReply: {
            ProjectProgressReply value;
            const std::uint8_t found = reader.u8("found");
            if (!reader.failed() && found > 1)
                reader.fail(Error("protocol.field", "found"));
            value.found = found == 1;
            value.project_number = reader.text(max_short_text_bytes, "project_number");
            value.state = reader.text(max_short_text_bytes, "state");
            value.updated_at = reader.i64("updated_at");
            return value;
        }
        case Command::RequeueList: {
            RequeueList value;
            const std::uint32_t count = reader.u32("count");
            if (count > max_requeue_items) {
                reader.fail(Error("protocol.too_long", "submission_ids"));
                return value;
            }
            for (std::uint32_t index = 0; index < count && !reader.failed(); ++index) {
                std::string submission_id = reader.text(36, "submission_id");
                if (!reader.failed() && !is_valid_submission_id(submission_id))
                    reader.fail(Error("protocol.field", "submission_id"));
                value.submission_ids.push_back(std::move(submission_id));
            }
            return value;
        }
    }
    reader.fail(Error("protocol.command", ""));
    return Hello{};
}

}  // namespace

Result<std::vector<std::string>> encode(const Message& message) {
    Writer header;
    header.u8('J');
    header.u8('B');
    header.u8(protocol_version);
    header.u8(static_cast<std::uint8_t>(command_of(message.body)));
    header.u64(message.correlation_id);
    Writer body;
    std::visit([&body](const auto& value) { write_body(body, value); }, message.body);
    if (body.failed())
        return body.error();
    std::vector<std::string> frames;
    frames.push_back(header.take());
    frames.push_back(body.take());
    return frames;
}

Result<Header> decode_header(std::string_view frame) {
    if (frame.size() != header_size)
        return Error("protocol.frames", "header", "header frame is not 12 bytes");
    if (frame[0] != 'J' || frame[1] != 'B')
        return Error("protocol.magic", "header", "magic is not JB");
    Header header;
    header.version = static_cast<std::uint8_t>(frame[2]);
    header.command = static_cast<std::uint8_t>(frame[3]);
    for (std::size_t index = 4; index < header_size; ++index) {
        header.correlation_id = (header.correlation_id << 8) | static_cast<std::uint8_t>(frame[index]);
    }
    return header;
}

Result<Message> decode(const std::vector<std::string_view>& frames) {
    if (frames.size() != 2)
        return Error("protocol.frames", "", "a message has exactly two frames");
    auto header = decode_header(frames[0]);
    if (!header)
        return header.error();
    if (header->version != protocol_version) {
        return Error("protocol.version", "header", "unsupported protocol version")
            .with("version", std::to_string(header->version));
    }
    if (!is_known_command(header->command)) {
        return Error("protocol.command", "header", "unknown command")
            .with("command", std::to_string(header->command));
    }
    Reader reader(frames[1]);
    Body body = read_body(reader, static_cast<Command>(header->command));
    reader.finish();
    if (reader.failed())
        return reader.error();
    return Message{header->correlation_id, std::move(body)};
}

}  // namespace jiebang::sync

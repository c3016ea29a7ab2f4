// sync/agent/client_session.hpp — the client side of JBSP/1 (docs/protocol.md sections 6 and 7), shared by
// the terminal's sync agent and a county aggregator's upstream link: connect with CURVE, HELLO, upload
// pending items with a window, heartbeats, pull board and status, reconnect with exponential backoff and
// jitter. The session owns no data: an UploadSource says what is pending and where ACKs, CONFLICTs, boards
// and status entries go, so the same state machine drains a terminal outbox or a county's forward queue.
// Invariants: an item leaves pending only through UploadSource::acknowledged (ACK) or ::quarantined
// (CONFLICT or a permanent ERROR); a timeout or transient error only records an attempt; every unanswered
// request is forgotten on reconnect and the items are sent again (the server dedupes). A terminal holding
// quarantined items asks the county once a heartbeat interval which of them staff requeued (REQUEUE-REQUEST,
// docs/protocol.md 22); only UploadSource::requeue moves one back to pending.
// Re-send after a server's restore (docs/operations.md, restore drill): once per connection the session sends
// the newest acknowledged items again (the probe). A server that answers ACK `stored` to one of them had lost
// it — its store was restored from a backup older than that ACK — so every acknowledged item is sent again,
// page by page in commit order, the cursor kept by the source so a restart goes on where it stopped. Re-sent
// items never change state; duplicates cost the server an ACK `duplicate` each. (Why the newest is enough: one
// connection's ACKs arrive in commit order, and a backup is one consistent snapshot.)
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/base/version.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "sync/protocol/codec.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

struct Backlog {
    std::int64_t pending = 0;
    std::int64_t quarantined = 0;
    std::int64_t oldest_pending_created_at = 0;
};

class UploadSource {
  public:
    virtual ~UploadSource() = default;
    // Oldest first; at most `limit` items. Each is a ready SUBMIT body.
    virtual Result<std::vector<Submit>> pending(int limit) = 0;
    virtual Status acknowledged(const std::string& submission_id, std::int64_t now) = 0;
    // Several ACKs at once; a source may record them in one transaction (one fsync instead of one each).
    virtual Status acknowledged_many(const std::vector<std::string>& submission_ids, std::int64_t now) {
        for (const std::string& submission_id : submission_ids) {
            if (auto status = acknowledged(submission_id, now); !status)
                return status;
        }
        return ok_status();
    }
    virtual Status quarantined(const std::string& submission_id, std::string_view error_code,
                               std::int64_t now) = 0;
    virtual Status attempt_failed(const std::string& submission_id, std::string_view error_code,
                                  std::int64_t now) = 0;
    virtual Result<Backlog> backlog() = 0;
    virtual Result<std::int64_t> board_version() = 0;
    // `board` was decoded and its hash verified; `snapshot` is the raw message (for relaying).
    virtual Status apply_board(const Board& board, const BoardSnapshot& snapshot, std::int64_t now) = 0;
    virtual Result<std::int64_t> status_sequence() = 0;
    // Consecutive entries from status_sequence() + 1, applied in one transaction.
    virtual Status apply_status(const std::vector<StatusEntry>& entries, std::int64_t now) = 0;
    virtual void housekeeping(std::int64_t /*now*/) {}
    // The head of this node's audit trail to report to the server (a county to its city, docs/protocol.md
    // 5.11), or nothing when there is none or the server already has it. A terminal reports nothing.
    virtual Result<std::optional<AuditHead>> audit_head_to_send() { return std::optional<AuditHead>(); }
    // The server kept the head sent.
    virtual Status audit_head_kept(const AuditHead& /*head*/, std::int64_t /*now*/) { return ok_status(); }
    // The oldest 月报 not yet kept by the server (a county to its city, docs/protocol.md 20), or nothing.
    virtual Result<std::optional<MonthlyReportSend>> monthly_report_to_send() {
        return std::optional<MonthlyReportSend>();
    }
    // The server kept that report.
    virtual Status monthly_report_kept(const MonthlyReportKept& /*kept*/, std::int64_t /*now*/) {
        return ok_status();
    }
    // Project stages (docs/protocol.md 21): the city's lifecycle cursor this node has applied, or nothing
    // when it keeps no stages (a terminal); a page from the city, applied with its cursor in one transaction.
    virtual Result<std::optional<std::int64_t>> project_stage_cursor() {
        return std::optional<std::int64_t>();
    }
    virtual Status apply_project_stages(const ProjectStages& /*page*/, std::int64_t /*now*/) {
        return ok_status();
    }
    // Staff asked to send these quarantined items again (docs/protocol.md 22): they go back to pending, so
    // the upload sends them next. A source that quarantines nothing it could requeue (a county's forward
    // queue: staff requeue there with ACT requeue) ignores it.
    virtual Status requeue(const std::vector<std::string>& /*submission_ids*/) { return ok_status(); }
    // This node's conditions to report to its county (TERMINAL-CONDITION, docs/protocol.md 19), with
    // `terminal_time` left for the session to fill; nothing when the node reports none (a county).
    virtual Result<std::optional<TerminalCondition>> terminal_condition() {
        return std::optional<TerminalCondition>();
    }
    // The server's clock as it said it in WELCOME or HEARTBEAT-REPLY (docs/protocol.md 19.1): `skew_seconds`
    // is the server's time minus this node's (its clock offset included), corrected by half the round trip;
    // `local_time` is this node's Unix seconds at the reply. A terminal keeps the last one in its store.
    virtual Status clock_learned(std::int64_t /*skew_seconds*/, std::int64_t /*server_time*/,
                                 std::int64_t /*local_time*/) {
        return ok_status();
    }
    // The re-send after a server's restore (see the top of this file). A source that keeps nothing
    // acknowledged (the default) never probes and never re-sends.
    struct Resend {
        std::int64_t position = 0;  // the source's commit order
        Submit submit;
    };
    virtual Result<std::vector<Submit>> newest_acknowledged(int /*limit*/) { return std::vector<Submit>{}; }
    virtual Status begin_resend(std::int64_t /*now*/) { return ok_status(); }
    virtual Result<std::vector<Resend>> resend_page(int /*limit*/) { return std::vector<Resend>{}; }
    virtual Status resend_done_through(std::int64_t /*position*/) { return ok_status(); }
};

// The SUBMIT body for one receipted submission (docs/protocol.md section 5.3): the one mapping from a stored
// row to the wire, shared by both uploaders — a terminal's outbox item (store::OutboxItem) and a county's
// forward-queue row (StoredSubmission); both name the fields alike. `origin_signing_key` is empty when the
// terminal that signed the receipt sends the submission itself.
template <typename Row>
Submit submit_from_row(const Row& row, SubmissionKind kind, std::string origin_signing_key) {
    Submit submit;
    submit.submission_id = row.submission_id;
    submit.kind = kind == SubmissionKind::Bid ? SubmissionKindCode::Bid : SubmissionKindCode::Demand;
    submit.content_hash = row.content_hash;
    submit.signature = row.signature;
    submit.receipt_number = row.receipt_number;
    submit.canonical_content = row.canonical_content;
    submit.origin_signing_key = std::move(origin_signing_key);
    return submit;
}

struct ClientSessionConfig {
    std::string endpoint;           // "tcp://127.0.0.1:5570"
    std::string server_public_key;  // Z85
    CurveKeyPair client_keys;
    NodeKind node_kind = NodeKind::Terminal;
    std::string software_version{jiebang::software_version};  // shared/base/version.hpp
    int window = 64;
    int heartbeat_interval_ms = 2000;
    int reply_timeout_ms = 5000;
    int backoff_initial_ms = 500;
    int backoff_max_ms = 30000;
    int handshake_timeout_ms = 5000;
    int housekeeping_interval_ms = 60000;
    // Added to the system clock wherever this node reads the wall clock for its skew (a test or drill moving
    // the terminal's clock: --clock-offset; docs/operations.md). 0 in service.
    std::int64_t clock_offset_seconds = 0;
};

struct ClientSessionState {
    bool online = false;
    std::int64_t pending = 0;
    std::int64_t quarantined = 0;
    std::int64_t oldest_pending_created_at = 0;
    std::int64_t board_version = 0;
    std::int64_t status_sequence = 0;
    std::string last_error_code;  // empty when the last exchange went well
    std::int64_t last_contact_at = 0;
    std::int64_t acknowledged_total = 0;  // since start
    std::int64_t reconnects = 0;
    std::int64_t resends_started = 0;  // probes a server answered `stored`: it had lost acknowledged items
    std::int64_t resent_stored = 0;    // re-sent items the server stored again (it lacked them)
    bool clock_skew_known = false;
    std::int64_t clock_skew_seconds = 0;  // the server's clock minus this node's, last learned
    // The conditions were reported and kept, or the server does not take them (an older county), or this node
    // reports none: --exit-when-drained waits for this.
    bool conditions_settled = false;
};

class ClientSession {
  public:
    ClientSession(ClientSessionConfig config, UploadSource& source);
    // Runs until `stop` becomes true (checked at least every 100 ms).
    void run(const std::atomic<bool>& stop);
    ClientSessionState state() const;

  private:
    ClientSessionConfig config_;
    UploadSource& source_;
    mutable std::mutex state_mutex_;
    ClientSessionState state_;
};

std::int64_t unix_now();
std::int64_t monotonic_milliseconds();

}  // namespace jiebang::sync

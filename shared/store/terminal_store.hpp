// shared/store/terminal_store.hpp — the terminal's own database: submissions, the outbox the sync agent
// drains, the board received from the city, and progress states received from the county.
// Invariants (tests cite them as "terminal_store.hpp invariant N"):
//  1. commit_submission() is one IMMEDIATE transaction with synchronous=FULL: the receipt sequence, the
//     submission and its outbox row are on disk together, or none is. The receipt is signed only over
//     committed content and returned only after COMMIT succeeded. (Ed25519 is deterministic, so the
//     signature is computed inside the transaction over exactly the bytes written and stored with the row
//     for the outbox; it leaves the store only once COMMIT has returned ok.)
//  2. The day's receipt sequence is bumped in that same transaction: a crash before COMMIT rolls it back
//     together with the submission (that number was never shown), and a committed number is never reused;
//     it runs 1..9999 per day.
//  3. An outbox row leaves `pending` only by an ACK (acknowledged) or a CONFLICT (quarantined); nothing
//     un-ACKed is ever deleted. Quarantined rows never block the rows behind them.
//  4. Contact data (fields marked personal) is purged only from acknowledged submissions, after retention.
//  5. What is read back is what was written, or store.corrupt: a hash or signature of the wrong size, an
//     unknown kind or outbox state is never padded or defaulted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/store/database.hpp"

namespace jiebang::store {

// Who this terminal is: written at enrolment, read at start.
struct TerminalIdentity {
    std::string terminal_id;        // "<county admin code>-<terminal number>", e.g. "440703-007"
    std::string profile_id;         // "jiangmen"
    std::string city_code;          // receipt city code, "JM"
    std::string county_admin_code;  // "440703"
    std::string county_code;        // receipt county code, "03"
    int terminal_number = 0;
};

struct CommittedSubmission {
    Submission submission;
    Receipt receipt;
};

enum class OutboxState { Pending, Acknowledged, Quarantined };
std::string_view outbox_state_name(OutboxState state);

struct OutboxItem {
    std::string submission_id;
    std::string receipt_number;
    SubmissionKind kind = SubmissionKind::Demand;
    std::string canonical_content;  // canonical encoding, what goes on the wire
    ContentHash content_hash{};
    std::array<unsigned char, 64> signature{};
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    std::int64_t created_at = 0;
    std::int64_t acknowledged_at = 0;
    std::string last_error;     // error code only, no personal data
    std::int64_t position = 0;  // the outbox row's position: commit order on this terminal
};

struct OutboxCounts {
    std::int64_t pending = 0;
    std::int64_t acknowledged = 0;
    std::int64_t quarantined = 0;
    std::int64_t oldest_pending_created_at = 0;  // 0 when nothing is pending
};

struct ProgressRecord {
    std::string receipt_number;
    SubmissionKind kind = SubmissionKind::Demand;
    std::string title;  // project name or listing title, for the lookup screen
    ProgressState state = ProgressState::SavedOnTerminal;
    std::string reason;  // staff's reason when returned / rejected
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct StatusUpdate {
    std::int64_t sequence = 0;  // aggregator's status sequence number
    std::string receipt_number;
    ProgressState state = ProgressState::ReceivedByCounty;
    std::string reason;
    std::int64_t updated_at = 0;
    // Shown by progress() when this terminal does not hold the submission itself (filed elsewhere).
    std::string title;
    SubmissionKind kind = SubmissionKind::Demand;
};

// One line of the terminal's receipt history (the admin page's reprint list): no personal data.
struct ReceiptSummary {
    std::string submission_id;
    std::string receipt_number;
    SubmissionKind kind = SubmissionKind::Demand;
    std::string title;  // project name or listing title
    std::int64_t created_at = 0;
};

class TerminalStore {
  public:
    // `busy_timeout_milliseconds`: how long a write waits for another connection's lock before store.busy.
    static Result<TerminalStore> open(const std::filesystem::path& database_file,
                                      int busy_timeout_milliseconds = default_busy_timeout_milliseconds);

    Status save_identity(const TerminalIdentity& identity);
    Result<std::optional<TerminalIdentity>> identity();

    // Allocates the day's next receipt sequence, stores submission + outbox row, commits (fsync), then
    // signs. `local_date` is YYYYMMDD in the hall's time zone.
    // `form` is the submission's form (its id names the submission's kind, else submission.wrong_form); the
    // stored title is read from it by role (shared/forms/role_values.hpp), a bid's from the stored board.
    // An empty id / terminal_id / profile_id is filled from a new UUID / the identity. Committing the same
    // id and content again returns the first receipt (a double tap files once); the same id with other
    // content is submission.id_conflict. Errors: receipt.format (identity or date),
    // receipt.sequence_exhausted (9999 receipts today), submission.terminal_mismatch, and the store.* codes;
    // on any error nothing is stored and no receipt exists.
    Result<CommittedSubmission> commit_submission(Submission submission, const FormDefinition& form,
                                                  const TerminalIdentity& identity, const SigningKey& key,
                                                  int local_date);

    // The state shown to the applicant: the latest status update for the number (by sequence); else
    // "received" once the county ACKed it; else "saved". Empty when the number is unknown here.
    Result<std::optional<ProgressRecord>> progress(const ReceiptNumber& number);
    // A committed submission with its receipt (reprint, idempotent re-commit); empty when unknown.
    Result<std::optional<CommittedSubmission>> committed_submission(std::string_view submission_id);

    // Sync agent side. Pending rows come in commit order. mark_acknowledged is idempotent and also
    // releases a quarantined row; mark_quarantined of an acknowledged row is outbox.already_acknowledged;
    // an unknown id is outbox.not_found. record_attempt counts a failed try of a pending row.
    Result<std::vector<OutboxItem>> pending_outbox(int limit);
    Status mark_acknowledged(std::string_view submission_id, std::int64_t now);
    Status mark_quarantined(std::string_view submission_id, std::string_view error_code, std::int64_t now);
    Status record_attempt(std::string_view submission_id, std::string_view error_code, std::int64_t now);
    // Staff at the county asked to send these quarantined items again (docs/protocol.md 22): each that is
    // quarantined here goes back to pending (its attempts and last error kept), in one transaction; others
    // (unknown, pending, acknowledged) are left as they are. Returns how many moved.
    Result<int> requeue_quarantined(const std::vector<std::string>& submission_ids);
    Result<OutboxCounts> outbox_counts();
    // The re-send after a county restored its store from a backup (docs/operations.md, restore drill). Only
    // acknowledged rows whose content is whole (not purged) are sent again; their state never changes.
    // newest_acknowledged: the rows acknowledged in the newest second of acknowledgement (the probe the agent
    // sends once per connection). begin_resend: records (durably) that every acknowledged row is to be sent
    // again (a no-op while one is recorded). resend_page: the next rows after the recorded cursor, in commit
    // order, empty when none is recorded; an empty page ends the re-send. resend_done_through: moves the
    // cursor once the server answered every row up to `position`.
    Result<std::vector<OutboxItem>> newest_acknowledged(int limit);
    Status begin_resend(std::int64_t now);
    Result<std::vector<OutboxItem>> resend_page(int limit);
    Status resend_done_through(std::int64_t position);
    Result<bool> resend_in_progress();
    // Removes personal fields from acknowledged submissions older than `acknowledged_before`; returns count.
    // The stored content is rewritten without them (hash, signature and receipt number are kept, so the
    // receipt still verifies against the hash) and the row is marked purged; pending rows are never touched.
    Result<int> purge_personal_data(std::int64_t acknowledged_before, const FormDefinition& demand_form,
                                    const FormDefinition& bid_form);

    // Board and status, each applied in one transaction. replace_board refuses a board whose hash_hex (if
    // set) does not match its content (board.hash_mismatch) or whose version is older than the stored one
    // (board.older_version). Status updates with an already-stored sequence are ignored (re-delivery).
    Result<Board> board();
    Status replace_board(const Board& board);
    Status apply_status_updates(const std::vector<StatusUpdate>& updates);
    Result<std::int64_t> last_status_sequence();

    // The last `limit` receipts this terminal issued, newest first (for reprinting behind the admin PIN).
    Result<std::vector<ReceiptSummary>> recent_receipts(int limit);
    // The stored board's version (0 without a board): lets a poll skip reading an unchanged board.
    Result<std::int64_t> board_version();

    Database& database() { return database_; }

  private:
    explicit TerminalStore(Database database) : database_(std::move(database)) {}
    Database database_;
};

}  // namespace jiebang::store

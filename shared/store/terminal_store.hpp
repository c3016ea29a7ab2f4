// shared/store/terminal_store.hpp — the terminal's own database: submissions, the outbox the sync agent
// drains, the board received from the city, and progress states received from the county.
// Invariants:
//  - commit_submission() is one IMMEDIATE transaction with synchronous=FULL: the receipt sequence, the
//    submission and its outbox row are on disk together, or none is. The receipt is signed only over
//    committed content and returned only after COMMIT succeeded.
//  - An outbox row leaves `pending` only by an ACK (acknowledged) or a CONFLICT (quarantined); nothing
//    un-ACKed is ever deleted. Quarantined rows never block the rows behind them.
//  - Contact data (fields marked personal) is purged only from acknowledged submissions, after retention.
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
    std::string terminal_id;       // "<county admin code>-<terminal number>", e.g. "440703-007"
    std::string profile_id;        // "jiangmen"
    std::string city_code;         // receipt city code, "JM"
    std::string county_admin_code; // "440703"
    std::string county_code;       // receipt county code, "03"
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
    std::string last_error;  // error code only, no personal data
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
};

class TerminalStore {
public:
    static Result<TerminalStore> open(const std::filesystem::path& database_file);

    Status save_identity(const TerminalIdentity& identity);
    Result<std::optional<TerminalIdentity>> identity();

    // Allocates the day's next receipt sequence, stores submission + outbox row, commits (fsync), then
    // signs. `local_date` is YYYYMMDD in the hall's time zone.
    Result<CommittedSubmission> commit_submission(Submission submission, const TerminalIdentity& identity,
                                                  const SigningKey& key, int local_date);

    Result<std::optional<ProgressRecord>> progress(const ReceiptNumber& number);

    // Sync agent side.
    Result<std::vector<OutboxItem>> pending_outbox(int limit);
    Status mark_acknowledged(std::string_view submission_id, std::int64_t now);
    Status mark_quarantined(std::string_view submission_id, std::string_view error_code, std::int64_t now);
    Status record_attempt(std::string_view submission_id, std::string_view error_code, std::int64_t now);
    Result<OutboxCounts> outbox_counts();
    // Removes personal fields from acknowledged submissions older than `acknowledged_before`; returns count.
    Result<int> purge_personal_data(std::int64_t acknowledged_before, const FormDefinition& demand_form,
                                    const FormDefinition& bid_form);

    // Board and status, each applied in one transaction.
    Result<Board> board();
    Status replace_board(const Board& board);
    Status apply_status_updates(const std::vector<StatusUpdate>& updates);
    Result<std::int64_t> last_status_sequence();

    Database& database() { return database_; }

private:
    explicit TerminalStore(Database database) : database_(std::move(database)) {}
    Database database_;
};

}  // namespace jiebang::store

// sync/aggregator/aggregator_store.hpp — the aggregator's SQLite store (county and city roles): enrolled
// nodes, submissions with their review state, the consolidated feed, per-node status sequences, boards.
// Shared by the daemon (sync/aggregator/aggregator.cpp) and the staff commands (sync/staff/).
// Invariants:
//  1. Opened through shared/store Database: WAL, synchronous=FULL; schema by numbered migrations. Opened
//    with IntegrityCheck::OnDemand: no full scan at open (start-up time does not grow with the store);
//    damage is store.corrupt from the statement that meets it, or from database().check_integrity().
//  2. Every statement comes from the connection's statement cache (prepare_cached): compiled once per
//    connection, reset and cleared after each use, so the ingest path does no SQL compilation.
//  3. A submission row is never deleted or rewritten: (submission_id, content_hash) is immutable; review,
//    forwarding and listing columns change by staff action only, each change appending a feed event and a
//    status entry for the node that delivered the submission, in the same transaction.
//  4. Status sequences are per node, consecutive from 1 (docs/protocol.md 5.9).
//  5. The caller owns transactions for insert_submission (group commit); every other mutator opens its own.
//  6. nodes_generation() changes in the same transaction as any change to who may connect or how a node is
//     checked (enrolment, revocation, keys, kind, county), by triggers, whoever writes the row.
//  7. A receipt number is stored at most once (a unique index; rows from before that rule keep their
//     duplicates, flagged receipt_duplicate): insert_submission answers ReceiptInUse for a number stored
//     under another submission id, and stores nothing.
// Index:
//   [SECTION] Settings
//   [SECTION] Nodes
//   [SECTION] Submissions
//   [SECTION] Status entries for nodes
//   [SECTION] Boards
//   [SECTION] Feed
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/store/database.hpp"
#include "sync/protocol/codec.hpp"

namespace jiebang::sync {

struct NodeRecord {
    std::string node_id;             // terminal id ("440703-007") or county id ("440703")
    std::string kind = "terminal";   // "terminal" or "county"
    std::string curve_public_key;    // Z85, 40 characters
    std::string signing_public_key;  // base64url Ed25519 (terminals); empty for counties
    std::string county_admin_code;   // 6 digits
    std::int64_t enrolled_at = 0;
    std::int64_t revoked_at = 0;  // 0 = active
    std::int64_t last_seen_at = 0;
    std::int64_t backlog = 0;
    std::int64_t oldest_pending_created_at = 0;
};

// Review states (progress codes of shared/domain/board.hpp): received, accepted, returned, rejected,
// forwarded, published. Forward states (county role): "" none, queued, acknowledged, quarantined.
struct StoredSubmission {
    std::int64_t sequence = 0;  // order of arrival at this aggregator
    std::string submission_id;
    std::string kind;  // "demand" or "bid"
    std::string receipt_number;
    HashBytes content_hash{};
    SignatureBytes signature{};
    std::string canonical_content;
    std::string origin_signing_key;  // base64url Ed25519 key of the terminal that signed the receipt
    std::string via_node;            // the node that delivered it here
    std::string county_admin_code;   // from the delivering node's enrolment (or the forwarding county)
    std::string flags;  // comma-separated: uscc_other_county, clock_ahead, choice.unknown:industry_field, ...
    std::int64_t received_at = 0;
    std::string review_state = "received";
    std::string review_reason;
    std::int64_t reviewed_at = 0;
    std::string forward_state;
    std::string forward_error;
    std::string listing_id;  // demands: the board listing id once published; bids: the listing bid on
    std::string profile_id;
    std::string project_name;  // demand project name or bid team name, for lists
    std::string industry_id;
    std::string unit_name;  // issuer or solver
    std::string unit_uscc;
};

struct SubmissionFilter {
    std::string review_state;  // empty = any
    std::string kind;          // empty = any
    std::string county_admin_code;
    std::string listing_id;  // bids on a listing
    int limit = 0;           // 0 = no limit
};

enum class InsertOutcome { Stored, Duplicate, Conflict, ReceiptInUse };

struct FeedEvent {
    std::int64_t sequence = 0;
    std::int64_t at = 0;
    std::string event;  // received, accepted, returned, rejected, forwarded, published, board
    std::string submission_id;
    std::string receipt_number;
    std::string reason;
};

struct BoardRecord {
    std::int64_t version = 0;
    std::string hash_hex;
    std::string board_json;
    std::int64_t published_at = 0;
};

class AggregatorStore {
  public:
    static Result<AggregatorStore> open(const std::filesystem::path& database_file);

    // [SECTION] Settings (role)
    Status set_setting(std::string_view key, std::string_view value);
    Result<std::string> setting(std::string_view key);  // empty when unset
    // SQLite's PRAGMA data_version on this connection: changes when another connection committed.
    Result<std::int64_t> data_version();

    // [SECTION] Nodes
    Status enroll(const NodeRecord& node);                      // errors: sync.node_exists, sync.key_in_use
    Status revoke(std::string_view node_id, std::int64_t now);  // sync.unknown_node
    Result<std::vector<NodeRecord>> nodes();
    Result<std::optional<NodeRecord>> node(std::string_view node_id);
    Result<std::optional<NodeRecord>> active_node_by_curve_key(std::string_view curve_public_key);
    Result<std::int64_t> nodes_generation();  // invariant 6
    Status record_contact(std::string_view node_id, std::int64_t now, std::int64_t backlog,
                          std::int64_t oldest_pending_created_at, bool with_backlog);

    // [SECTION] Submissions (insert_submission inside the caller's transaction)
    Result<InsertOutcome> insert_submission(const StoredSubmission& submission, HashBytes* stored_hash);
    Result<std::optional<StoredSubmission>> find(std::string_view submission_id_or_receipt);
    Result<std::vector<StoredSubmission>> list(const SubmissionFilter& filter);
    // Staff review; appends feed + status for the delivering node. Errors: sync.unknown_submission,
    // sync.review_transition (argument from/to).
    Status set_review_state(std::string_view submission_id, std::string_view state, std::string_view reason,
                            std::int64_t now);
    Status queue_forward(std::string_view submission_id, std::int64_t now);  // accepted -> queued
    Result<std::vector<StoredSubmission>> forward_queue(int limit);
    Status mark_forward_acknowledged(std::string_view submission_id, std::int64_t now);
    Status mark_forward_quarantined(std::string_view submission_id, std::string_view error_code);
    Status record_forward_attempt(std::string_view submission_id, std::string_view error_code);
    Result<std::int64_t> forward_pending_count();

    // [SECTION] Status entries for nodes
    Result<std::vector<StatusEntry>> status_since(std::string_view node_id, std::int64_t since, int limit);
    Result<std::int64_t> latest_status_sequence(std::string_view node_id);
    // County role: applies status from the city (one transaction, with the new upstream cursor) and relays
    // each entry to the terminal that delivered the submission.
    Status apply_upstream_status(const std::vector<StatusEntry>& entries, std::int64_t now);
    Result<std::int64_t> upstream_status_sequence();

    // [SECTION] Boards
    Result<std::optional<BoardRecord>> latest_board();
    Result<std::int64_t> latest_board_version();   // 0 when there is no board
    Status store_board(const BoardRecord& board);  // a received board (county role); ignores older versions
    // City role: builds board version N+1 from every accepted or published demand, stores it, marks the
    // demands published (status + feed). Returns the new board.
    Result<Board> publish_board(std::int64_t now);

    // [SECTION] Feed
    Result<std::vector<FeedEvent>> feed_since(std::int64_t sequence, int limit);

    store::Database& database() { return database_; }

  private:
    explicit AggregatorStore(store::Database database) : database_(std::move(database)) {}
    Status append_status(const StoredSubmission& submission, std::string_view state, std::string_view reason,
                         std::int64_t now);
    Status append_feed(std::string_view event, std::string_view submission_id, std::string_view receipt,
                       std::string_view reason, std::int64_t now);
    store::Database database_;
};

// The store's schema migrations (for tests that build an older schema and open it again).
const std::vector<store::Migration>& aggregator_store_migrations();

// Reads text from a submission's values ("" when absent or not text).
std::string field_text(const Submission& submission, std::string_view field_id);

}  // namespace jiebang::sync

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
//    forwarding and listing columns change only through the review state machine (docs/review.md,
//    shared/review/), each change appending a feed event and, when the progress code changes, a status
//    entry for the node that delivered the submission, in the same transaction (R1, R4). The review part
//    of this class lives in aggregator_store_review.cpp.
//  4. Status sequences are per node, consecutive from 1 (docs/protocol.md 5.9).
//  5. The caller owns transactions for insert_submission (group commit); every other mutator opens its own.
//  6. nodes_generation() changes in the same transaction as any change to who may connect or how a node is
//     checked (enrolment, revocation, keys, kind, county), by triggers, whoever writes the row.
//  7. A receipt number is stored at most once (a unique index; rows from before that rule keep their
//     duplicates, flagged receipt_duplicate): insert_submission answers ReceiptInUse for a number stored
//     under another submission id, and stores nothing.
//  8. A stored content hash or signature is read strictly (Statement::column_bytes): a blob of another size
//     is store.corrupt, never padded or cut, so a damaged row cannot pass as a duplicate or a conflict.
// Index:
//   [SECTION] Settings
//   [SECTION] Nodes
//   [SECTION] Submissions
//   [SECTION] Review and forwarding
//   [SECTION] Status entries for nodes
//   [SECTION] Boards
//   [SECTION] Feed
//   [SECTION] Staff
//   [SECTION] Audit trail
//   [SECTION] Revisions and applicant requests
//   [SECTION] Staff channel queries
//   [SECTION] Audit heads
//   [SECTION] Monthly reports
//   [SECTION] Refused submissions
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shared/audit/audit_chain.hpp"
#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/review/review_state_machine.hpp"
#include "shared/staff/staff.hpp"
#include "shared/store/database.hpp"
#include "sync/protocol/codec.hpp"

namespace jiebang {
struct FormDefinition;  // shared/forms/form.hpp
}

namespace jiebang::sync {

// A terminal's conditions as it last reported them (TERMINAL-CONDITION, docs/protocol.md 19; migration 15;
// aggregator_store_conditions.cpp). Times on this server's clock unless said otherwise.
struct TerminalConditionRecord {
    std::string node_id;
    std::int64_t received_at = 0;
    std::int64_t terminal_time = 0;  // the terminal's clock in the message
    std::int64_t clock_skew_seconds =
        0;                        // received_at - terminal_time: this server's clock minus the terminal's
    std::int64_t call_since = 0;  // the open 呼叫工作人员 call, moved onto this server's clock; 0 = none
    std::uint32_t condition_flags = 0;  // sync/protocol/codec.hpp condition_*
    std::int64_t free_disk_bytes = 0;
};

// The software version a node announced in its last HELLO (docs/protocol.md 19.3; migration 19;
// aggregator_store_versions.cpp).
struct NodeSoftwareRecord {
    std::string node_id;
    std::string software_version;
    std::int64_t reported_at = 0;  // the HELLO's arrival, this server's clock
};

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

// review_stage: the state of docs/review.md (review::state_name); review_state: its progress code
// (shared/domain/board.hpp: received, accepted, returned, rejected, forwarded, published).
// Forward states (county role): "" none, queued, sent, acknowledged, quarantined.
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
    std::string review_stage = "received";  // review::state_name
    std::int64_t forward_batch = 0;         // 报送 batch number (county), 0 none
    std::int64_t county_decided_at = 0;     // last accept/return/reject by county staff
    std::int64_t city_decided_at = 0;       // last decision of the city (at either tier)
    // The returned submission this one corrects (the content's `resubmission_of`), set by the check of a
    // SUBMIT so insert_submission links the two (docs/review.md R12); not a column: read revisions().
    std::string resubmission_of;
};

// One submission in its item's chain of revisions (docs/protocol.md 18.4): the first filing is revision 1,
// each corrected resubmission the next number; all share the first filing's id as `original_id`.
struct RevisionRecord {
    std::string submission_id;
    std::string receipt_number;
    std::string original_id;
    std::int64_t revision = 1;
    std::string resubmission_of;  // empty for revision 1
    std::string review_state;     // progress code
    std::string review_stage;
    std::string review_reason;
    std::int64_t received_at = 0;
};

// What a CORRECTION-REQUEST's check of the access code decided (docs/protocol.md 18.3).
enum class AccessOutcome : std::uint8_t {
    Granted = 1,
    WrongCode = 2,
    Locked = 3,
    Unknown = 4,
    NotReturned = 5,
    OtherCounty = 6,
    NoCode = 7,
};
struct AccessCheck {
    AccessOutcome outcome = AccessOutcome::Unknown;
    std::int64_t attempts_left = 0;
    std::int64_t locked_until = 0;
    std::optional<StoredSubmission> submission;  // Granted (and NotReturned: for its state only)
    std::int64_t revision = 1;
};
inline constexpr std::int64_t access_code_attempts = 5;
inline constexpr std::int64_t access_code_lock_seconds = 15 * 60;

// Who acts, for the review state machine and the audit trail. Staff working on the store file directly are
// the host's administrator (docs/review.md section 2).
struct ActingStaff {
    review::Actor actor = review::Actor::HostAdministrator;
    std::string staff_id = "host-admin";
    std::string name = "host administrator";
};

// A SUBMIT this aggregator refused for good: the terminal quarantined it, its applicant holds a receipt.
struct RefusedSubmission {
    std::string node_id;
    std::string submission_id;
    std::string receipt_number;
    std::string error_code;  // the wire error's name (sync.bad_signature, sync.conflict, ...)
    std::int64_t first_at = 0;
    std::int64_t last_at = 0;
    std::int64_t attempts = 0;
    std::int64_t requeue_requested_at = 0;  // staff asked the node to send it again (0: not asked)
    std::string requeue_requested_by;       // that staff member's id
};

// A county's 月报 as the city keeps it (docs/protocol.md 20).
struct ReceivedMonthlyReport {
    std::string county_admin_code;
    std::string month;
    std::int64_t made_at = 0;
    std::int64_t received_at = 0;
    std::string report_json;
};

// A 报送 batch (county): numbered 1, 2, 3 ... per store, dated when made (R9).
struct ForwardBatch {
    std::int64_t number = 0;
    std::int64_t created_at = 0;
    std::string created_by;  // staff id
    std::int64_t item_count = 0;
};

// What a review action did.
struct ReviewChange {
    std::string submission_id;
    std::string receipt_number;
    review::ReviewState from = review::ReviewState::Received;
    review::ReviewState to = review::ReviewState::Received;
    bool ignored = false;  // a stale system event (R3)
};

struct SubmissionFilter {
    std::string review_state;  // empty = any
    std::string kind;          // empty = any
    std::string county_admin_code;
    std::string listing_id;  // bids on a listing
    int limit = 0;           // 0 = no limit
};

// A search of the staff channel (docs/protocol.md 17.2 SEARCH); every filter optional (empty / 0).
inline constexpr std::size_t max_search_text_characters = 100;
// The order of a sorted search (docs/protocol.md 17.2 SORTED-SEARCH): by arrival (sequence), or by a column
// and then by arrival (aggregator_store_search.cpp invariant 4).
enum class SearchSort { Received, Stage, County, Title, Unit };
// Flag kinds, bits of StoredSubmission::flags' kinds (aggregator_store_search.cpp flag_kinds_of).
inline constexpr unsigned flag_kind_uscc = 1, flag_kind_receipt = 2, flag_kind_duplicate = 4,
                          flag_kind_policy = 8, flag_kinds_all = 15;
struct SubmissionSearch {
    std::string state;  // progress code
    std::string stage;  // review state
    std::string kind;   // "demand", "bid"
    std::string county;
    std::string via_node;
    std::string industry;
    std::string listing;
    std::int64_t batch = 0;
    std::int64_t received_from = 0;   // at or after
    std::int64_t received_until = 0;  // before
    std::string text;                 // substring of title, unit name or USCC (FTS5 trigram)
    bool newest_first = false;
    std::int64_t after = 0;  // the previous page's next_after
    int page_size = 50;      // 1..1000
    bool count_total = true;
    SearchSort sort = SearchSort::Received;  // newest_first: descending
    unsigned flag_kinds = 0;                 // 0 any; else rows with a flag of one of these kinds
    std::string after_key;                   // sorted by a column: the previous page's next_after_key
};

struct SearchPage {
    std::int64_t total = 0;
    std::int64_t next_after = 0;  // 0: no further page
    std::string next_after_key;   // sorted by a column: that column's value in the last row
    std::vector<StoredSubmission> rows;
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

// A feed event with the submission it is about (empty for board events).
struct FeedWithSubmission {
    FeedEvent event;
    std::string kind;
    std::string county_admin_code;
    std::string title;
    std::string listing_id;
};

// An audit head a city keeps for a county (aggregator_store_heads.cpp).
struct KeptAuditHead {
    std::string node_id;
    std::int64_t received_at = 0;
    AuditHead head;
};

// What keeping a head did: stored (false for a repeat), and what cannot follow from the earlier heads
// ("" when nothing): the county's trail went back or an entry changed its hash.
struct HeadReceipt {
    bool stored = false;
    std::string problem;
};

struct BoardRecord {
    std::int64_t version = 0;
    std::string hash_hex;
    std::string board_json;
    std::int64_t published_at = 0;
};

class AggregatorStore {
  public:
    // Opens the store, creating it when missing: the file 0600 in a folder created 0700 (issue 9 item 6).
    static Result<AggregatorStore> open(const std::filesystem::path& database_file);
    // Opens a store that must already exist (staff commands): never creates one. Errors: staff.store_missing,
    // staff.not_a_store (an empty file, not SQLite, or SQLite without the aggregator's tables), store.corrupt.
    static Result<AggregatorStore> open_existing(const std::filesystem::path& database_file);

    // [SECTION] Settings (role)
    Status set_setting(std::string_view key, std::string_view value);
    Result<std::string> setting(std::string_view key);  // empty when unset
    // SQLite's PRAGMA data_version on this connection: changes when another connection committed.
    Result<std::int64_t> data_version();

    // [SECTION] Nodes
    // Enrolment and revocation append an audit entry in the same transaction; only an admin (or the host's
    // administrator) may. Errors: sync.node_exists, sync.key_in_use, sync.unknown_node, staff.not_permitted.
    Status enroll(const NodeRecord& node, const ActingStaff& by = ActingStaff{});
    Status revoke(std::string_view node_id, std::int64_t now, const ActingStaff& by = ActingStaff{});
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
    // Submissions (of one county, or all for "") with a sequence after `after`, in arrival order: an export's
    // page (docs/protocol.md 17.2 EXPORT-REQUEST).
    Result<std::vector<StoredSubmission>> submissions_after(const std::string& county_admin_code,
                                                            std::int64_t after, int limit);

    // [SECTION] Review and forwarding (aggregator_store_review.cpp; docs/review.md)
    // The tier this store is (setting "role"); review.tier_unknown before the aggregator set it.
    Result<review::Tier> tier();
    // One staff action (accept, return, reject, recall, requeue) through the state machine, in one
    // transaction with its feed event and status entry. Errors: sync.unknown_submission, review.*.
    Result<ReviewChange> review(std::string_view submission_id_or_receipt, review::ReviewAction action,
                                std::string_view reason, const ActingStaff& staff, std::int64_t now);
    // County: a new numbered batch holding exactly these accepted items (all or nothing; the error names the
    // first item that cannot go). Errors: sync.unknown_submission, review.*, review.empty_batch.
    Result<ForwardBatch> forward(const std::vector<std::string>& submission_ids_or_receipts,
                                 const ActingStaff& staff, std::int64_t now);
    Result<std::vector<ForwardBatch>> forward_batches();
    Result<std::vector<StoredSubmission>> batch_items(std::int64_t batch_number);
    // The uplink (county role): items to send, oldest first. Queued items become forward_sent in the same
    // transaction (C10), so a recall can no longer win once an item is handed out (R7); items already sent
    // and not yet answered are returned again (they are resent after a reconnect).
    Result<std::vector<StoredSubmission>> forward_queue(int limit);
    Status mark_forward_acknowledged(std::string_view submission_id, std::int64_t now);            // C11
    Status mark_forward_quarantined(std::string_view submission_id, std::string_view error_code);  // C12
    Status record_forward_attempt(std::string_view submission_id, std::string_view error_code);
    Result<std::int64_t> forward_pending_count();  // queued + sent

    // [SECTION] Status entries for nodes
    Result<std::vector<StatusEntry>> status_since(std::string_view node_id, std::int64_t since, int limit);
    Result<std::int64_t> latest_status_sequence(std::string_view node_id);
    // County role: applies the city's decisions (C16-C26; stale ones are ignored, R3 and R8) in one
    // transaction with the new upstream cursor, relaying each change to the terminal that delivered it.
    Status apply_upstream_status(const std::vector<StatusEntry>& entries, std::int64_t now);
    Result<std::int64_t> upstream_status_sequence();

    // [SECTION] Boards
    Result<std::optional<BoardRecord>> latest_board();
    Result<std::int64_t> latest_board_version();   // 0 when there is no board
    Status store_board(const BoardRecord& board);  // a received board (county role); ignores older versions
    // City role: builds board version N+1 from every accepted or published demand (less withdrawn listings,
    // with the deadlines staff set), stores it, publishes the accepted ones (M6: status + feed). Each listing is read from the demand's fields by role
    // (listing_from_demand, shared/forms/role_values.hpp), never by field id. Returns the new board.
    // Errors: review.* (tier, role).
    Result<Board> publish_board(const FormDefinition& demand_form, const ActingStaff& staff,
                                std::int64_t now);
    // City role, publisher or host administrator: takes a listing of the latest board off the board for good
    // (a non-empty `withdraw_reason`) or sets its deadline ("YYYY-MM-DD", checked by the caller), audited, and
    // publishes the next board version at once: the latest with this change (docs/protocol.md 17.2
    // BOARD-WITHDRAW, BOARD-SET-DEADLINE; migration 20). board.unknown_listing: not on the latest board;
    // board.listing_withdrawn: withdrawn before.
    Result<Board> curate_listing(std::string_view listing_id, std::string_view withdraw_reason,
                                 std::string_view deadline, const ActingStaff& staff, std::int64_t now);

    // [SECTION] Feed
    Result<std::vector<FeedEvent>> feed_since(std::int64_t sequence, int limit);

    // [SECTION] Staff (aggregator_store_staff.cpp; docs/backoffice.md section 1)
    // Enrols a member with the next id (staff-0001 ...). Only an admin (or the host's administrator) may.
    // Errors: staff.not_permitted, staff.bad_name, staff.key_in_use, staff.bad_key.
    Result<backoffice::StaffMember> add_staff(std::string_view name, backoffice::Role role,
                                              std::string_view curve_public_key, const ActingStaff& by,
                                              std::int64_t now);
    Result<std::vector<backoffice::StaffMember>> staff_members();
    Result<std::optional<backoffice::StaffMember>> staff_member(std::string_view staff_id);
    // The active (unrevoked) member with this CURVE public key, for the staff endpoint's ZAP handler.
    Result<std::optional<backoffice::StaffMember>> active_staff_by_curve_key(
        std::string_view curve_public_key);
    // Errors: staff.not_permitted, staff.unknown (no active member with this id).
    Status revoke_staff(std::string_view staff_id, const ActingStaff& by, std::int64_t now);

    // [SECTION] Audit trail (aggregator_store_audit.cpp; docs/backoffice.md section 3)
    // Every staff action above appends its entry in its own transaction. record_audit() is for what changes
    // nothing in the store (an export, a read of personal data): one entry in its own transaction.
    Status record_audit(const ActingStaff& staff, std::string_view action, std::string_view target,
                        std::string_view reason, std::int64_t now);
    // Appends one entry inside a transaction the caller holds, for a change made in this store's database
    // by another module (the project lifecycle's tables, docs/protocol.md 17.20): it commits or rolls back
    // with that change.
    Status record_audit_in_transaction(const ActingStaff& staff, std::string_view action,
                                       std::string_view target, std::string_view reason,
                                       std::string_view state_before, std::string_view state_after,
                                       std::int64_t now);
    Result<std::vector<audit::AuditEntry>> audit_entries(std::int64_t after_sequence, int limit);
    struct AuditVerification {
        std::int64_t entries = 0;
        std::string head_hash;
        std::optional<audit::ChainProblem> problem;
    };
    // Reads the whole trail once, in sequence order (linear, constant memory).
    Result<AuditVerification> verify_audit();

    // [SECTION] Revisions and applicant requests (aggregator_store_resubmission.cpp; docs/protocol.md 18)
    // The chain of revisions holding this submission or receipt, revision order; empty when unknown.
    Result<std::vector<RevisionRecord>> revisions(std::string_view submission_id_or_receipt);
    // Checks an applicant's access code for a receipt asked about by `node` (a terminal), counting wrong
    // codes (access_code_attempts, then locked for access_code_lock_seconds) in one transaction; a granted
    // read of a returned item's content is audited as a read of personal data by that terminal.
    Result<AccessCheck> check_access_code(std::string_view receipt_number, std::string_view typed_code,
                                          const NodeRecord& node, std::int64_t now);
    // [SECTION] Staff channel queries (aggregator_store_search.cpp; docs/protocol.md 17, migration 7)
    // A page of submissions by filters and free text, with the count of all matches. Errors:
    // staff_channel.bad_filter (field: text or page_size).
    Result<SearchPage> search(const SubmissionSearch& search);
    // The audit entries whose target is `target` (a receipt number), newest first.
    Result<std::vector<audit::AuditEntry>> audit_entries_for(std::string_view target, int limit);
    // The feed events of one submission, newest first.
    Result<std::vector<FeedEvent>> feed_for(std::string_view submission_id, int limit);
    // Items the city refused for good (forward_refused), counted per delivering node.
    Result<std::vector<std::pair<std::string, std::int64_t>>> refused_forwards_per_node();
    // Bids per listing id (bids naming no listing are not counted).
    Result<std::vector<std::pair<std::string, std::int64_t>>> bid_counts_per_listing();
    // Feed events after `after` with their submission's kind, county, title and listing (one query).
    Result<std::vector<FeedWithSubmission>> feed_with_submissions(std::int64_t after, int limit);
    Result<std::int64_t> latest_feed_sequence();

    // [SECTION] Audit heads (aggregator_store_heads.cpp; docs/protocol.md 5.11, migration 8)
    // County: the newest audit entry; the head its city has not yet kept (nothing when it has); and what the
    // city kept (after AUDIT-HEAD-OK).
    Result<std::optional<AuditHead>> audit_head();
    Result<std::optional<AuditHead>> audit_head_to_report();
    Status audit_head_reported(const AuditHead& head);
    // City: keeps a head a county reported (one statement: inside the caller's transaction when there is one).
    Result<HeadReceipt> keep_audit_head(std::string_view node_id, const AuditHead& head, std::int64_t now);
    Result<std::vector<KeptAuditHead>> audit_heads_of(std::string_view node_id);

    // [SECTION] Monthly reports (aggregator_store_reports.cpp; docs/protocol.md 20, migration 11)
    // County: a 月报 to send to the city (kept until the city's MONTHLY-REPORT-OK), the oldest unsent one,
    // and the mark that the city kept it.
    Status queue_monthly_report(const MonthlyReportSend& report);
    // Queues the report for the city with its audit entry `send_report` (target: `target`) in one
    // transaction: both or neither (issue 9; docs/protocol.md 20).
    Status send_monthly_report(const MonthlyReportSend& report, const ActingStaff& staff,
                               std::string_view target, std::int64_t now);
    Result<std::optional<MonthlyReportSend>> monthly_report_to_send();
    Status monthly_report_sent(const MonthlyReportKept& kept, std::int64_t now);
    // City: keeps a county's report (its county from the sender's enrolment; a repeat is kept once), and
    // lists what it holds, newest first; the newest made_at of a (county, month) is the current one.
    Status keep_monthly_report(const std::string& county_admin_code, const MonthlyReportSend& report,
                               std::int64_t now);
    Result<std::vector<ReceivedMonthlyReport>> monthly_reports(const std::string& county_admin_code,
                                                               const std::string& month);

    // [SECTION] Refused submissions (aggregator_store_refusals.cpp; issue 9 defect 5, migration 13)
    // A SUBMIT refused for good (in the round's transaction), and its end when the item is stored after all.
    Status record_refusal(const std::string& node_id, const std::string& submission_id,
                          const std::string& receipt_number, const std::string& error_code, std::int64_t now);
    Status clear_refusal(const std::string& submission_id);
    Result<std::vector<RefusedSubmission>> refused_submissions(int limit);  // oldest first
    Result<std::int64_t> refused_submissions_total();
    // Requeue (migration 14, docs/protocol.md 22): a county reviewer or the host's administrator asks the node
    // that sent it to send every refused item with this receipt number again; with one audit entry `requeue`
    // per item in the same transaction. Errors: staff.not_permitted (another role), requeue.wrong_tier (a
    // city), requeue.unknown_receipt (nothing refused here has that number); a refusal changes nothing.
    Result<std::vector<RefusedSubmission>> request_requeue(std::string_view receipt, const ActingStaff& staff,
                                                           std::int64_t now);
    // The node's refused items staff asked to be sent again, oldest refusal first (REQUEUE-LIST).
    Result<std::vector<std::string>> requeue_requests(const std::string& node_id, int limit);
    // A terminal's conditions (migration 15, docs/protocol.md 19): the newest report replaces the last.
    Status record_terminal_condition(const TerminalConditionRecord& condition);
    // Every terminal's last report, by node id.
    Result<std::vector<TerminalConditionRecord>> terminal_conditions();
    // The version in a node's HELLO (migration 19, docs/protocol.md 19.3): the newest HELLO replaces the last.
    Status record_node_software(std::string_view node_id, std::string_view software_version,
                                std::int64_t now);
    // Every node's last announced version, by node id.
    Result<std::vector<NodeSoftwareRecord>> node_software();
    // County: the first kept head that is not an entry of this trail with that hash, or nothing.
    Result<std::optional<audit::ChainProblem>> check_against_heads(const std::vector<KeptAuditHead>& heads);

    store::Database& database() { return database_; }

  private:
    // Inside insert_submission's transaction: links a stored resubmission to the item it corrects and
    // applies resubmission_received to it (C27, C28, M7). Returns the flag to keep when nothing was linked.
    Result<std::string> link_resubmission(const StoredSubmission& submission, std::int64_t now);
    // Possible duplicates (aggregator_store_duplicates.cpp D1-D4): the receipt number of the earliest
    // submission this one repeats ("" none); its comparison keys, kept in insert_submission's transaction;
    // the keys of rows stored before migration 22 (at open, once).
    Result<std::string> possible_duplicate_of(const StoredSubmission& submission);
    Status store_comparison_keys(std::int64_t sequence, const StoredSubmission& submission);
    Status backfill_comparison_keys();
    explicit AggregatorStore(store::Database database) : database_(std::move(database)) {}
    // "SELECT <every column of StoredSubmission> FROM submissions " and the reader of such a row (a hash or
    // signature of another size is store.corrupt).
    static const std::string& select_submissions();
    static Result<StoredSubmission> read_submission_row(const store::Statement& row);
    // Row readers shared by the store's files: a feed row (sequence, at, event, submission_id,
    // receipt_number, reason) and an audit row (the columns of audit_columns, aggregator_store_audit.cpp).
    static FeedEvent read_feed_row(const store::Statement& row);
    static audit::AuditEntry read_audit_row(const store::Statement& row);
    static const std::string& select_audit();
    // Writes one state-machine outcome (columns, feed, status entry) inside the caller's transaction.
    Status write_review(const StoredSubmission& submission, review::Tier tier, review::ReviewAction action,
                        const review::Outcome& outcome, std::string_view reason, std::int64_t batch,
                        std::int64_t now);
    Status append_status(const StoredSubmission& submission, std::string_view state, std::string_view reason,
                         std::int64_t now);
    Status append_feed(std::string_view event, std::string_view submission_id, std::string_view receipt,
                       std::string_view reason, std::int64_t now);
    // Appends one audit entry inside the caller's transaction (the same transaction as the change).
    Status append_audit(const ActingStaff& staff, std::string_view action, std::string_view target,
                        std::string_view reason, std::string_view state_before, std::string_view state_after,
                        std::int64_t now);
    store::Database database_;
};

// The store's schema migrations (for tests that build an older schema and open it again).
const std::vector<store::Migration>& aggregator_store_migrations();

// The schema the review state machine needs (migration 2 of the store; aggregator_store_review.cpp).
const std::string& review_schema_migration();
// Staff members (migration 3; aggregator_store_staff.cpp).
const std::string& staff_schema_migration();
// The audit trail (migration 4; aggregator_store_audit.cpp).
const std::string& audit_schema_migration();
// Revisions and access-code attempts (migration 9; aggregator_store_resubmission.cpp).
const std::string& resubmission_schema_migration();
// The staff channel's search tables and history indexes (migration 7; aggregator_store_search.cpp).
const std::string& search_schema_migration();
// Migration 21: the sort keys and flag kinds of submission_search (aggregator_store_search.cpp).
const std::string& sorted_search_migration();
// Migration 22: the comparison keys of possible duplicates (aggregator_store_duplicates.cpp).
const std::string& comparison_keys_migration();
// Migration 23: a county's table of its receipts' project stages (project_stages.cpp, docs/protocol.md 21).
const std::string& project_stages_migration();
// The audit heads a city keeps, and what a county's city has kept (migration 8; aggregator_store_heads.cpp).
const std::string& audit_heads_schema_migration();
// Monthly reports: a county's outbox, a city's received reports (migration 11; aggregator_store_reports.cpp).
const std::string& monthly_reports_schema_migration();
// SUBMITs refused for good, for staff (migration 13; aggregator_store_refusals.cpp).
const std::string& refusals_schema_migration();
// Staff's requeue requests on those (migration 14; aggregator_store_refusals.cpp).
const std::string& refusals_requeue_migration();
// Terminals' conditions: clock skew, attendant call, printer, disk (migration 15; aggregator_store_conditions.cpp).
const std::string& terminal_conditions_migration();
// The software version each node announced in its last HELLO (migration 19; aggregator_store_versions.cpp).
const std::string& node_software_migration();
// Staff's curation of listings: withdrawn, deadline set (migration 20; aggregator_store_review.cpp).
const std::string& listing_curation_migration();

}  // namespace jiebang::sync

// console/model/staff_model.hpp — what the staff console needs from an aggregator, as plain data and one
// interface, StaffService, with no ImGui, no SDL, no socket and no SQLite in sight. The console's application
// (console/app) calls it only from its model worker (model_worker.hpp); views never see it. The staff
// channel's client (sync/staff_channel) backs it in production (channel_staff_service.hpp); tests may back it
// with a stand-in. Tracy's split is the model: this is the "server" half, the views are the "profiler" half.
// Invariants:
//  1. Every call is one round trip the aggregator answers for the signed-in key; what the aggregator refuses
//     comes back as its Error (code, field, arguments) unchanged, so the console can show its message.
//  2. Queries are answered by the server, a page at a time (paging, sorting, filtering, free text): the
//     console never holds more than the pages it shows.
//  3. Nothing here is logged; rows carry personal data (unit names, titles) and live only in the
//     application's state, which a lock clears.
//
// Index: [SECTION] identity  [SECTION] inbox  [SECTION] submission  [SECTION] fleet, audit, board
//        [SECTION] projects  [SECTION] service
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/audit/audit_chain.hpp"
#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/lifecycle/project.hpp"
#include "shared/paper/summary_table.hpp"
#include "shared/review/review_state_machine.hpp"
#include "shared/staff/staff.hpp"
#include "sync/aggregator/monthly_report.hpp"

namespace jiebang::console::model {

// [SECTION] identity

// Who the aggregator says the signed-in key is (never what the key file says about itself).
struct StaffIdentity {
    std::string staff_id;
    std::string name;  // personal data: shown in the status bar, cleared by a lock
    backoffice::Role role = backoffice::Role::Reviewer;
    review::Tier tier = review::Tier::County;
    std::string area_code;   // the county's (or at the city, the city's) administrative code
    std::string area_name;   // its Chinese name as the aggregator reports it; may be empty
    std::string profile_id;  // the city profile serving that area (found from area_code); may be empty
    std::string software_version;
};

// Where to reach the aggregator's staff endpoint.
struct ConnectionSettings {
    std::string endpoint;           // tcp://host:port
    std::string server_public_key;  // Z85, 40 characters
    int reply_timeout_ms = 10000;
};

// [SECTION] inbox

// One page of the inbox as the server should cut it. Empty strings and zero times mean "any". The staff
// channel orders by arrival only (newest or oldest first) and pages by a cursor: `after` is the previous
// page's next_after, 0 for the first page (docs/protocol.md 17.2 SEARCH).
struct InboxQuery {
    std::string review_stage;  // docs/review.md state name
    std::string kind;          // "demand" or "bid"
    std::string county_admin_code;
    std::string terminal_id;  // the node that delivered it
    std::string industry_id;
    std::int64_t received_from = 0;    // Unix seconds, inclusive
    std::int64_t received_before = 0;  // Unix seconds, exclusive
    std::string text;                  // free text over titles, unit names and USCCs (1..100 characters)
    std::int64_t batch = 0;            // county: the items of this forwarding batch
    // The order: "received" (arrival), "stage", "county", "title" or "unit", then by arrival; newest_first
    // is descending. Anything but arrival, and any flag filter, is a SORTED-SEARCH (docs/protocol.md 17.2).
    std::string sort = "received";
    unsigned flag_kinds = 0;  // 0 any; else items with a flag of these kinds (sync::flag_kind_*)
    bool newest_first = true;
    std::int64_t after = 0;
    std::string after_key;  // sorted by a column: the previous page's next_after_key
    int page_size = 200;

    // The same filter and order (paging aside): pages of equal queries may be stitched together.
    bool same_selection(const InboxQuery& other) const;
};

struct InboxRow {
    std::int64_t sequence = 0;  // order of arrival at the aggregator
    std::string submission_id;
    std::string receipt_number;
    std::string kind;  // "demand" or "bid"
    std::string title;
    std::string unit_name;
    std::string unit_uscc;
    std::string county_admin_code;
    std::string terminal_id;  // the node that delivered it
    std::string industry_id;
    std::string listing_id;
    std::string review_stage = "received";
    std::string progress_state = "received";
    std::string forward_state;
    std::string forward_error;
    std::int64_t batch = 0;
    std::string reason;  // of the last return or rejection (what the applicant reads)
    std::vector<std::string> flags;
    std::int64_t received_at = 0;
};

struct InboxPage {
    std::int64_t total = 0;       // rows matching the query, all pages
    std::int64_t next_after = 0;  // the cursor of the next page; 0 when this is the last
    std::string next_after_key;   // with it, when sorted by a column
    std::vector<InboxRow> rows;
};

// [SECTION] submission

struct HistoryEntry {
    std::int64_t sequence = 0;
    std::int64_t at = 0;
    std::string staff_id;
    std::string staff_name;
    std::string role;
    std::string action;
    std::string reason;
    std::string state_before;
    std::string state_after;
};

struct SubmissionEvent {
    std::int64_t sequence = 0;
    std::int64_t at = 0;
    std::string event;  // received, accepted, returned, ... (the aggregator's feed)
    std::string reason;
};

struct SubmissionRecord {
    InboxRow row;
    std::string canonical_content;  // the signed JSON (shared/domain/submission.hpp), personal data included
    std::array<unsigned char, 32> content_hash{};
    std::vector<HistoryEntry> history;    // oldest first, from the audit trail
    std::vector<SubmissionEvent> events;  // oldest first
};

struct ActionRequest {
    std::string submission_id;
    review::ReviewAction action = review::ReviewAction::Accept;
    std::string reason;  // what the applicant reads (return, reject)
};

struct ActionOutcome {
    std::string submission_id;
    std::string receipt_number;
    std::string review_stage;  // after the action
};

// [SECTION] fleet, audit, board

struct TerminalStatus {
    std::string node_id;
    std::string kind;  // "terminal" or "county"
    std::string county_admin_code;
    bool active = true;
    bool online = false;  // heard from within three heartbeat intervals (the server decides)
    std::int64_t last_seen_at = 0;
    std::int64_t backlog = 0;
    std::int64_t oldest_pending_created_at = 0;
    std::int64_t forward_refused = 0;
    // What the terminal last reported of itself (TERMINAL-CONDITION, docs/protocol.md 19); absent when it
    // never did or the aggregator is older than CONDITIONS-REQUEST.
    bool condition_known = false;
    std::int64_t condition_received_at = 0;
    std::int64_t clock_skew_seconds = 0;    // the aggregator's clock minus the terminal's
    std::int64_t attendant_call_since = 0;  // an open attendant call, aggregator clock; 0 = none
    std::uint32_t condition_flags = 0;      // sync/protocol/codec.hpp condition_*
    std::int64_t free_disk_bytes = 0;
    // The version in the node's last HELLO (VERSIONS, docs/protocol.md 19.3); empty when not known.
    std::string software_version{};
    bool older_release = false;  // older than FleetReport::newest_version (shared/base/version.hpp rules)
};

// The problems a terminal's last condition report names, as console.fleet.condition.* string keys, most
// urgent first (an open call, then the clock when it stops receipts, the printer, the disk); empty: none.
std::vector<std::string> condition_problem_keys(const TerminalStatus& status);

struct QuarantinedItem {
    std::string submission_id;
    std::string receipt_number;
    std::string terminal_id;
    std::string error;  // the city's refusal code
    std::string title;
};

struct FleetReport {
    std::int64_t server_time = 0;
    std::vector<TerminalStatus> nodes;
    // The newest release among the nodes and the aggregator itself; empty when the aggregator predates
    // VERSIONS-REQUEST (then no node's version is known either).
    std::string newest_version;
    std::int64_t older_release_count = 0;
    std::int64_t quarantined_total = 0;
    std::vector<QuarantinedItem> quarantined;
};

struct AuditPage {
    std::vector<audit::AuditEntry> entries;  // oldest first
    std::int64_t verified_entries = 0;
    std::string head_hash;
    std::optional<audit::ChainProblem> problem;  // the first bad entry, when the chain is broken
};

struct BoardPublication {
    std::int64_t version = 0;
    std::int64_t listings = 0;
};

// A forwarding batch (county): numbered 1, 2, 3 ... and dated when made (docs/review.md R9).
struct BatchSummary {
    std::int64_t number = 0;
    std::int64_t created_at = 0;
    std::string created_by;  // staff id
    std::int64_t item_count = 0;
};

// Bids per listing (city): every listing of the newest board, those with no bid included, then listings that
// bids name but the board does not have; and the bids on one listing.
struct ListingBidCount {
    std::string listing_id;
    std::string title;
    bool on_board = true;
    std::int64_t bid_count = 0;
};

struct BidsOverview {
    std::int64_t board_version = 0;
    std::vector<ListingBidCount> listings;
    Board board;  // the newest board as terminals show it (BOARD-COPY): issuer, mechanism, bounty, deadline
    std::string listing_id;      // the listing whose bids are in `bids` (empty: none asked)
    std::vector<InboxRow> bids;  // oldest first
};

// The counties' monthly reports as the city received them (docs/protocol.md 20), newest month first; the list
// carries no content. One report is read with its content: the newest made_at of its county's month.
struct ReceivedReportEntry {
    std::string county_admin_code;
    std::string month;  // YYYY-MM
    std::int64_t made_at = 0;
    std::int64_t received_at = 0;
};

// One filing of an item that was returned and corrected (docs/protocol.md 17.2 REVISIONS, docs/review.md
// R12): revision 1 is the first filing; each resubmission is the next one and names the filing it corrects.
struct RevisionSummary {
    std::string submission_id;
    std::string receipt_number;
    std::int64_t revision = 1;
    std::string resubmission_of;
    std::string review_stage;
    std::string review_reason;  // why it was returned or rejected (what the applicant read)
    std::int64_t received_at = 0;
};

// [SECTION] projects

// The project register (docs/lifecycle.md) as the aggregator lets the caller see it (county staff: their
// county's projects), and the year's count of approved projects against each profile's limit.
struct ProjectYearCount {
    std::string profile_id;
    int year = 0;
    std::int64_t approved = 0;
    std::int64_t limit = 0;  // 0: the profile sets none
};

struct ProjectRegister {
    std::int64_t total = 0;
    std::vector<lifecycle::Project> projects;  // register order (newest first, as the store lists them)
    std::vector<ProjectYearCount> years;
};

// County: a project its receipts are in, as the city told the county (docs/protocol.md 21): status and the
// county's own share only.
struct CountyProject {
    std::string project_id;
    std::string project_number;
    std::string state;
    std::int64_t receipts = 0;
    std::string county_due;
    std::string county_paid;
    std::int64_t updated_at = 0;
};

// One project with its ledger and its timeline (oldest first).
struct ProjectFile {
    lifecycle::Project project;
    std::vector<lifecycle::LifecycleAuditRecord> timeline;
};

// [SECTION] service

// One signed-in session with an aggregator. Calls block until the aggregator answers (or the reply timeout
// passes: staff_channel.timeout); the application makes them on its model worker only.
class StaffService {
  public:
    virtual ~StaffService() = default;
    virtual Result<StaffIdentity> whoami() = 0;
    virtual Result<InboxPage> search(const InboxQuery& query) = 0;
    virtual Result<SubmissionRecord> open(const std::string& submission_id) = 0;
    virtual Result<ActionOutcome> act(const ActionRequest& request) = 0;
    virtual Result<FleetReport> fleet() = 0;
    // The newest `limit` entries of the audit trail and the verification of the whole chain.
    virtual Result<AuditPage> audit(int limit) = 0;
    virtual Result<BoardPublication> publish_board() = 0;
    // City: a listing off the board (non-empty `reason`) or its deadline set (`deadline`); the next version.
    virtual Result<BoardPublication> curate_listing(const std::string& listing_id, const std::string& reason,
                                                    const std::string& deadline) = 0;
    // County: one new numbered batch holding exactly these accepted items, all or nothing (docs/review.md
    // C6).
    virtual Result<BatchSummary> forward(const std::vector<std::string>& submission_ids) = 0;
    // The batches, oldest first.
    virtual Result<std::vector<BatchSummary>> batches() = 0;
    // City: bids per listing, and the bids on `listing_id` when it is not empty.
    virtual Result<BidsOverview> bids(const std::string& listing_id) = 0;
    // Every project the caller may see (all pages of PROJECT-LIST) with the year counts.
    virtual Result<ProjectRegister> projects() = 0;
    virtual Result<ProjectFile> project(const std::string& project_id) = 0;
    // The chain of revisions holding this submission (empty or one entry: never resubmitted).
    virtual Result<std::vector<RevisionSummary>> revisions(const std::string& submission_id) = 0;
    // City: every monthly report kept (each county's resends included), and one county's month with its
    // content.
    virtual Result<std::vector<ReceivedReportEntry>> received_reports() = 0;
    virtual Result<sync::MonthlyReport> received_report(const std::string& county_admin_code,
                                                        const std::string& month) = 0;
    // County: its receipts' projects (COUNTY-PROJECTS-REQUEST).
    virtual Result<std::vector<CountyProject>> county_projects() {
        return Error("staff_channel.unsupported", "projects", "this service has no county projects");
    }
    // Every project the caller may see, read as an export (PROJECT-LIST for_export: the aggregator audits it
    // as export_projects), for the register and ledger XLSX.
    virtual Result<ProjectRegister> projects_for_export() {
        return Error("staff_channel.unsupported", "projects", "this service has no exports");
    }
    // County: what a forwarding batch sent, for its summary table (EXPORT-REQUEST summary: the aggregator
    // keeps an audit entry with `note`, which says what the console does with it: preview, export to a file,
    // print).
    virtual Result<SummaryBatch> summary_batch(std::int64_t batch, const std::string& note) {
        (void)batch;
        (void)note;
        return Error("staff_channel.unsupported", "summary", "this service has no exports");
    }
};

// Opens sessions: given where the aggregator is and the staff key file with its passphrase, a connected
// StaffService. Errors: staff_key.* (the file, the passphrase: nothing reaches the network), sync.key (the
// server key), staff_channel.*.
class StaffServiceFactory {
  public:
    virtual ~StaffServiceFactory() = default;
    virtual Result<std::unique_ptr<StaffService>> connect(const ConnectionSettings& settings,
                                                          const std::filesystem::path& staff_key_file,
                                                          std::string_view passphrase) = 0;
};

}  // namespace jiebang::console::model

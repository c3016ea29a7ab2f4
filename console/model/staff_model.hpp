// console/model/staff_model.hpp — what the staff console needs from an aggregator, as plain data and one
// interface, StaffService, with no ImGui, no SDL, no socket and no SQLite in sight. The console's application
// (console/app) calls it only from its model worker (model_worker.hpp); views never see it. The staff channel's
// client (sync/staff_channel) backs it in production (channel_staff_service.hpp); tests may back it with a
// stand-in. Tracy's split is the model: this is the "server" half, the views are the "profiler" half.
// Invariants:
//  1. Every call is one round trip the aggregator answers for the signed-in key; what the aggregator refuses
//     comes back as its Error (code, field, arguments) unchanged, so the console can show its message.
//  2. Queries are answered by the server, a page at a time (paging, sorting, filtering, free text): the
//     console never holds more than the pages it shows.
//  3. Nothing here is logged; rows carry personal data (unit names, titles) and live only in the
//     application's state, which a lock clears.
//
// Index: [SECTION] identity  [SECTION] inbox  [SECTION] submission  [SECTION] fleet, audit, board
//        [SECTION] service
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/audit/audit_chain.hpp"
#include "shared/base/result.hpp"
#include "shared/review/review_state_machine.hpp"
#include "shared/staff/staff.hpp"
#include "shared/staff/staff_key_file.hpp"

namespace jiebang::console::model {

// [SECTION] identity

// Who the aggregator says the signed-in key is (never what the key file says about itself).
struct StaffIdentity {
    std::string staff_id;
    std::string name;  // personal data: shown in the status bar, cleared by a lock
    backoffice::Role role = backoffice::Role::Reviewer;
    review::Tier tier = review::Tier::County;
    std::string county_admin_code;  // the county's 6-digit code; empty at the city
    std::string profile_id;         // the city profile the aggregator serves ("jiangmen")
    std::string aggregator_id;      // the aggregator's own id or name, as it reports it
};

// Where to reach the aggregator's staff endpoint.
struct ConnectionSettings {
    std::string endpoint;           // tcp://host:port
    std::string server_public_key;  // Z85, 40 characters
    int reply_timeout_ms = 5000;
};

// [SECTION] inbox

enum class SortColumn { Received, Receipt, Title, Unit, County, Terminal, State, Kind, Industry };

// One page of the inbox as the server should cut it. Empty strings and zero times mean "any".
struct InboxQuery {
    std::string review_stage;  // docs/review.md state name
    std::string kind;          // "demand" or "bid"
    std::string county_admin_code;
    std::string terminal_id;
    std::string industry_id;
    std::int64_t received_from = 0;    // Unix seconds, inclusive
    std::int64_t received_before = 0;  // Unix seconds, exclusive
    std::vector<std::string> flags;  // every one of these flags (uscc_other_county, signature, duplicate ...)
    std::string text;                // free text over titles, unit names and USCCs
    SortColumn sort = SortColumn::Received;
    bool descending = true;
    std::int64_t offset = 0;
    int limit = 200;

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
    std::vector<std::string> flags;
    std::int64_t received_at = 0;
};

struct InboxPage {
    std::int64_t total = 0;  // rows matching the query, all pages
    std::int64_t offset = 0;
    std::vector<InboxRow> rows;
    std::map<std::string, std::int64_t> stage_counts;  // per review stage, under the query's other filters
    std::int64_t newest_sequence = 0;                  // the newest arrival at the aggregator
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

struct SubmissionRecord {
    InboxRow row;
    std::string profile_id;
    std::string canonical_content;  // the signed JSON (shared/domain/submission.hpp)
    std::array<unsigned char, 32> content_hash{};
    std::array<unsigned char, 64> signature{};
    std::string origin_signing_key;  // base64url Ed25519 key of the terminal that signed the receipt
    std::string review_reason;       // the reason of the last return or rejection
    std::string forward_state;
    std::int64_t forward_batch = 0;
    std::vector<HistoryEntry> history;  // oldest first, from the audit trail
};

struct ActionRequest {
    std::string submission_id;
    review::ReviewAction action = review::ReviewAction::Accept;
    std::string reason;  // what the applicant reads (return, reject)
};

struct ActionOutcome {
    std::string submission_id;
    std::string review_stage;  // after the action
};

// [SECTION] fleet, audit, board

struct TerminalStatus {
    std::string node_id;
    std::string kind;  // "terminal" or "county"
    std::string county_admin_code;
    bool revoked = false;
    std::int64_t last_seen_at = 0;
    std::int64_t backlog = 0;
    std::int64_t oldest_pending_created_at = 0;
    std::int64_t quarantined = 0;
    std::string software_version;
};

struct AuditPage {
    std::vector<audit::AuditEntry> entries;  // newest last
    std::int64_t verified_entries = 0;
    std::string head_hash;
    std::optional<audit::ChainProblem> problem;  // the first bad entry, when the chain is broken
};

struct BoardPublication {
    std::int64_t version = 0;
    std::int64_t listings = 0;
};

// [SECTION] service

// One signed-in session with an aggregator. Calls block until the aggregator answers (or the reply timeout
// passes: sync.timeout); the application makes them on its model worker only.
class StaffService {
  public:
    virtual ~StaffService() = default;
    virtual Result<StaffIdentity> whoami() = 0;
    virtual Result<InboxPage> search(const InboxQuery& query) = 0;
    virtual Result<SubmissionRecord> open(const std::string& submission_id) = 0;
    virtual Result<ActionOutcome> act(const ActionRequest& request) = 0;
    virtual Result<std::vector<TerminalStatus>> fleet() = 0;
    virtual Result<AuditPage> audit(std::int64_t after_sequence, int limit) = 0;
    virtual Result<BoardPublication> publish_board() = 0;
};

// Opens sessions: given where the aggregator is and the unsealed staff key, a connected StaffService.
class StaffServiceFactory {
  public:
    virtual ~StaffServiceFactory() = default;
    virtual Result<std::unique_ptr<StaffService>> connect(const ConnectionSettings& settings,
                                                          const backoffice::CurveKeyPairText& keys) = 0;
};

std::string_view sort_column_name(SortColumn column);

}  // namespace jiebang::console::model

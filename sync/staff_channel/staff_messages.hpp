// sync/staff_channel/staff_messages.hpp — the staff channel's messages (docs/protocol.md section 17) as C++
// values, and their strict encoder/decoder. The framing is JBSP/1's (section 4: a 12-octet header "JB",
// version 1, command, correlation id; one body frame); only the commands (0x20-0x4A, 0x50-0x57) and bodies
// differ.
// Invariants:
//  1. Every text field has the limit of section 17.2; the encoder refuses an over-long field (never
//     truncates), the decoder refuses it before reading it, and every list count is checked against its
//     limit before any item is read. A body is consumed exactly (protocol.trailing otherwise).
//  2. No value here names who sends it: the server takes the sender from the CURVE key (ZAP User-Id).
//  3. Depends only on the standard library, shared/base/result.hpp and the core's UTF-8 check, like
//     sync/protocol/codec.hpp (no store, no sockets): the console and the CLI use these types as they are.
// Index: [SECTION] Constants  [SECTION] Requests  [SECTION] Replies  [SECTION] Messages  [SECTION] Codec
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::sync::staff {

// [SECTION] Constants
inline constexpr std::uint32_t max_page_size = 200;
inline constexpr std::uint32_t max_forward_items = 500;
inline constexpr std::uint32_t max_list_request = 1000;  // audit, batches, feed
inline constexpr std::size_t max_free_text_characters = 100;
inline constexpr std::uint32_t max_history_entries = 200;
inline constexpr std::uint32_t max_fleet_nodes = 5000;
inline constexpr std::uint32_t max_quarantined_items = 1000;
inline constexpr std::uint32_t max_listings = 5000;
inline constexpr std::uint32_t max_bids = 1000;
inline constexpr std::uint32_t max_staff_members = 10000;
inline constexpr std::size_t max_error_arguments = 8;
inline constexpr std::uint32_t max_project_records = 1000;  // PROJECT-RECORDS (a forfeiture sweep)
inline constexpr std::uint32_t max_project_page = 200;      // PROJECT-REGISTER
inline constexpr std::uint32_t max_project_arguments = 32;  // PROJECT-ACT
inline constexpr std::uint32_t max_year_counts = 100;
inline constexpr std::uint32_t max_requeued_items = 100;     // TERMINAL-REQUEUED: the items of one receipt
inline constexpr std::uint32_t max_export_rows = 5000;       // EXPORT-ROWS: one page
inline constexpr std::uint32_t max_received_reports = 1000;  // RECEIVED-REPORTS
inline constexpr std::uint32_t max_revisions = 100;          // REVISIONS
// EXPORT-ROWS: a page holds at least one row and stops before its contents pass this many octets, so a page
// stays well within the 8 MiB a message may have (sync/protocol/codec.hpp max_message_bytes).
inline constexpr std::size_t export_page_content_bytes = 4 * 1024 * 1024;

enum class StaffCommand : std::uint8_t {
    Error = 0x20,
    WhoAmI = 0x21,
    Identity = 0x22,
    Search = 0x23,
    Page = 0x24,
    Open = 0x25,
    Record = 0x26,
    Act = 0x27,
    Acted = 0x28,
    Forward = 0x29,
    BatchMade = 0x2A,
    FleetRequest = 0x2B,
    Fleet = 0x2C,
    BidsRequest = 0x2D,
    Bids = 0x2E,
    Publish = 0x2F,
    Published = 0x30,
    AuditRequest = 0x31,
    AuditEntries = 0x32,
    AuditVerify = 0x33,
    AuditVerified = 0x34,
    BatchesRequest = 0x35,
    Batches = 0x36,
    FeedRequest = 0x37,
    Feed = 0x38,
    BoardShow = 0x39,
    BoardCopy = 0x3A,
    NodeEnrol = 0x3B,
    NodeRevoke = 0x3C,
    Done = 0x3D,
    StaffAdd = 0x3E,
    StaffAdded = 0x3F,
    StaffList = 0x40,
    StaffMembers = 0x41,
    StaffRevoke = 0x42,
    ProjectCreate = 0x43,
    ProjectRecords = 0x44,
    ProjectAct = 0x45,
    ProjectForfeitOverdue = 0x46,
    ProjectList = 0x47,
    ProjectRegister = 0x48,
    ProjectShow = 0x49,
    ProjectCopy = 0x4A,
    // Requeue of a terminal's refused SUBMIT, exports and the monthly report (docs/protocol.md 17.2, 22).
    TerminalRequeue = 0x50,
    TerminalRequeued = 0x51,
    ExportRequest = 0x52,
    ExportRows = 0x53,
    ReportRequest = 0x54,
    ReportCopy = 0x55,
    ReceivedReportsRequest = 0x56,
    ReceivedReports = 0x57,
    RevisionsRequest = 0x58,
    Revisions = 0x59,
    ConditionsRequest = 0x5A,
    Conditions = 0x5B,
    BoardWithdraw = 0x5C,
    BoardSetDeadline = 0x5D,
    SortedSearch = 0x5E,
    SortedPage = 0x5F,
    CountyProjectsRequest = 0x60,
    CountyProjects = 0x61,
    VersionsRequest = 0x62,
    Versions = 0x63,
};
inline constexpr std::uint8_t first_staff_command = 0x20;
inline constexpr std::uint8_t last_staff_command = 0x63;  // 0x4B-0x4F are not staff commands
std::string_view staff_command_name(StaffCommand command);

// 0 = any in requests.
enum class KindCode : std::uint8_t { Any = 0, Demand = 1, Bid = 2 };
enum class ActCode : std::uint8_t { Accept = 1, Return = 2, Reject = 3, Recall = 4, Requeue = 5 };
enum class RoleCode : std::uint8_t { Reviewer = 1, Publisher = 2, Auditor = 3, Admin = 4 };
enum class NodeKindCode : std::uint8_t { Terminal = 1, County = 2 };

std::string_view kind_name(KindCode kind);       // "", "demand", "bid"
KindCode kind_from_name(std::string_view name);  // Any for anything else
std::string_view act_name(ActCode action);       // "accept", ...
std::string_view role_code_name(RoleCode role);  // "reviewer", ...

// [SECTION] Requests
struct WhoAmI {};

struct SubmissionQuery {
    std::string state;  // progress code
    std::string stage;  // review state (docs/review.md)
    KindCode kind = KindCode::Any;
    std::string county;
    std::string via_node;
    std::string industry;
    std::string listing;
    std::int64_t batch = 0;
    std::int64_t received_from = 0;
    std::int64_t received_until = 0;
    std::string text;  // free text, 1..100 characters, or empty
    bool newest_first = false;
    std::int64_t after = 0;  // PAGE's next_after
    std::uint32_t page_size = 50;
};

// SORTED-SEARCH (docs/protocol.md 17.2): SEARCH's filters, ordered by a column, and a flag filter.
enum class SortCode : std::uint8_t { Received = 1, Stage = 2, County = 3, Title = 4, Unit = 5 };
// Flag kinds, bits of SortedQuery::flag_kinds (0: no flag filter).
enum FlagKindBit : std::uint8_t { FlagUscc = 1, FlagReceipt = 2, FlagDuplicate = 4, FlagPolicy = 8 };
struct SortedQuery {
    SubmissionQuery query;  // newest_first: descending; after: SORTED-PAGE's next_after
    SortCode sort = SortCode::Received;
    std::uint8_t flag_kinds = 0;  // rows with a flag of one of these kinds
    std::string after_key;        // SORTED-PAGE's next_after_key
};

struct OpenSubmission {
    std::string id;  // submission id or receipt number
};

struct Act {
    std::string id;
    ActCode action = ActCode::Accept;
    std::string reason;
};

struct ForwardItems {
    std::vector<std::string> ids;
};

struct FleetRequest {};

struct BidsRequest {
    std::string listing;  // empty: counts only
};

struct PublishBoard {};

struct AuditRequest {
    std::int64_t after = 0;
    std::uint32_t max = 100;
};

struct AuditVerify {};

struct BatchesRequest {
    std::int64_t after = 0;
    std::uint32_t max = 100;
};

struct FeedRequest {
    std::int64_t after = 0;
    std::uint32_t max = 100;
};

struct BoardShow {};

struct NodeEnrol {
    std::string node_id;
    NodeKindCode node_kind = NodeKindCode::Terminal;
    std::string county;
    std::string curve_public_key;
    std::string signing_public_key;
};

struct NodeRevoke {
    std::string node_id;
};

struct StaffAdd {
    std::string name;
    RoleCode role = RoleCode::Reviewer;
    std::string curve_public_key;
};

struct StaffList {};

struct StaffRevoke {
    std::string staff_id;
};

// The project lifecycle after the board (docs/protocol.md 17.20, docs/lifecycle.md). Dates are business dates
// "YYYY-MM-DD"; empty = today in China at the server.
struct ProjectCreate {
    std::string listing;  // a listing of the aggregator's newest board
    std::string county;   // the issuer's county code, or "city_level"
    std::string date;
};

struct ProjectArgument {
    std::string name;  // without "--"
    std::string value;
};

struct ProjectAct {
    std::string project;
    std::string action;  // a `jiebang project` action command: "bid", "select", "pay", ...
    std::string date;
    std::vector<ProjectArgument> arguments;
    std::vector<std::string> flags;
};

struct ProjectForfeitOverdue {
    std::string profile;
    std::string date;
};

struct ProjectList {
    std::string profile;  // empty = any
    std::string county;   // empty = any; "city_level"
    std::string state;    // a project state code, empty = any
    std::uint32_t year = 0;
    std::uint32_t offset = 0;  // the first project of the page (register order)
    bool for_export = false;   // audited as an export
};

struct ProjectShow {
    std::string project;
};

// County: staff ask the terminal that sent a refused SUBMIT to send it again (docs/protocol.md 22).
struct TerminalRequeue {
    std::string receipt_number;  // as people type it; normalised by the server (13.3)
};

// What an export reads (docs/protocol.md 17.2): the 汇总表 of a batch, or every submission.
enum class ExportKind : std::uint8_t { Summary = 1, Full = 2 };

struct ExportRequest {
    ExportKind what = ExportKind::Full;
    std::int64_t batch = 0;   // Summary: the 报送 batch number
    std::string county;       // Full: only this county (empty: all)
    std::int64_t after = 0;   // EXPORT-ROWS' next_after; 0 for the first page
    std::uint32_t max = 200;  // 1..max_export_rows
    std::string note;         // for the audit entry: the format and file (no personal data)
};

// The 月报 of a county's month (docs/protocol.md 20), and with `send` queued for the city.
struct ReportRequest {
    std::string county;
    std::string month;  // "YYYY-MM"
    bool send = false;
    std::string note;  // for the audit entry: the format and file
};

// City: the 月报 its counties sent (docs/protocol.md 20). `current_only`: the newest made_at of one county's
// month, with its JSON (`report show`); else every report kept, without JSON (`report list`).
struct ReceivedReportsRequest {
    std::string county;  // empty: every county (list only)
    std::string month;   // empty: every month (list only)
    bool current_only = false;
    std::string note;  // current_only: the format and file, for the audit entry `export` (empty: none)
};

// The chain of revisions of the item holding this submission or receipt (docs/protocol.md 18.4, 17.2): a
// resubmission's earlier filings and later corrections. No content: each is read with OPEN (audited).
struct RevisionsRequest {
    std::string id;  // submission id or receipt number
};

// The terminals' conditions as they last reported them (TERMINAL-CONDITION, docs/protocol.md 19 and 17.2):
// attendant calls, printer problems, low disks, clock skew. FLEET's version-1 body cannot grow, hence a pair.
struct ConditionsRequest {};

// The software version each node announced in its last HELLO (docs/protocol.md 17.2, 19.3): which terminals
// and counties still run an older release. FLEET's version-1 body cannot grow, hence a pair of its own.
struct VersionsRequest {};

// A county's projects as the city told it (docs/protocol.md 17.2, 21): one row per project its receipts are in.
struct CountyProjectsRequest {};

// City board curation (docs/protocol.md 17.2): a listing of the latest board taken off it for good, with the
// reason staff give, or its deadline set. Each publishes the next board version; the reply is PUBLISHED.
struct BoardWithdraw {
    std::string listing_id;
    std::string reason;  // non-empty, <= 2000 octets
};

struct BoardSetDeadline {
    std::string listing_id;
    std::string deadline;  // "YYYY-MM-DD", not before today in China (UTC+8)
};

// [SECTION] Replies
struct StaffError {
    std::string code;
    std::string field;
    std::string detail;
    std::vector<std::pair<std::string, std::string>> arguments;  // at most max_error_arguments
};

struct Identity {
    std::string staff_id;
    std::string name;
    RoleCode role = RoleCode::Reviewer;
    std::string tier;  // "county" or "city"
    std::string area_code;
    std::string area_name_zh;
    std::string area_name_en;
    std::int64_t server_time = 0;
    std::string software_version;
};

// One submission in a list: no contact data.
struct SubmissionRow {
    std::int64_t sequence = 0;
    std::string submission_id;
    std::string receipt_number;
    KindCode kind = KindCode::Demand;
    std::string county;
    std::string via_node;
    std::string state;
    std::string stage;
    std::string forward_state;
    std::string forward_error;
    std::int64_t batch = 0;
    std::string listing;
    std::string industry;
    std::string flags;
    std::int64_t received_at = 0;
    std::string title;
    std::string unit_name;
    std::string unit_uscc;
    std::string reason;
};

struct Page {
    std::int64_t total = 0;
    std::int64_t next_after = 0;  // 0: last page
    std::vector<SubmissionRow> rows;
};

struct SortedPage {
    Page page;
    std::string next_after_key;  // the sort column's value in the last row ("" sorted by arrival)
};

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
    std::string event;
    std::string reason;
};

struct Record {
    SubmissionRow row;
    std::array<unsigned char, 32> content_hash{};
    std::string canonical_content;  // with the applicant's personal data
    std::vector<HistoryEntry> history;
    std::vector<SubmissionEvent> events;
};

struct Acted {
    std::string submission_id;
    std::string receipt_number;
    std::string from;
    std::string to;
};

struct BatchMade {
    std::int64_t number = 0;
    std::int64_t created_at = 0;
    std::int64_t item_count = 0;
};

struct FleetNode {
    std::string node_id;
    NodeKindCode node_kind = NodeKindCode::Terminal;
    std::string county;
    bool active = true;
    bool online = false;
    std::int64_t last_seen_at = 0;
    std::int64_t backlog = 0;
    std::int64_t oldest_pending_created_at = 0;
    std::int64_t forward_refused = 0;
};

struct QuarantinedItem {
    std::int64_t sequence = 0;
    std::string submission_id;
    std::string receipt_number;
    std::string via_node;
    std::string error;
    std::string title;
};

struct Fleet {
    std::int64_t server_time = 0;
    std::vector<FleetNode> nodes;
    std::int64_t quarantined_total = 0;
    std::vector<QuarantinedItem> quarantined;
};

struct ListingBids {
    std::string listing_id;
    std::string title;
    bool on_board = true;
    std::int64_t bid_count = 0;
};

struct Bids {
    std::int64_t board_version = 0;
    std::vector<ListingBids> listings;
    std::vector<SubmissionRow> bids;  // on the requested listing
};

struct Published {
    std::int64_t version = 0;
    std::string hash_hex;
    std::uint32_t listing_count = 0;
};

struct AuditRow {
    std::int64_t sequence = 0;
    std::int64_t at = 0;
    std::string staff_id;
    std::string staff_name;
    std::string role;
    std::string action;
    std::string target;
    std::string reason;
    std::string state_before;
    std::string state_after;
    std::string previous_hash;
    std::string hash;
};

struct AuditEntries {
    std::vector<AuditRow> entries;
};

struct AuditVerified {
    std::int64_t entries = 0;
    std::string head_hash;
    bool intact = true;
    std::int64_t bad_sequence = 0;
    std::string problem;
};

struct BatchRow {
    std::int64_t number = 0;
    std::int64_t created_at = 0;
    std::string created_by;
    std::int64_t item_count = 0;
};

struct Batches {
    std::vector<BatchRow> batches;
};

struct FeedRow {
    std::int64_t sequence = 0;
    std::int64_t at = 0;
    std::string event;
    std::string submission_id;  // empty for board events
    std::string receipt_number;
    std::string reason;
    KindCode kind = KindCode::Any;
    std::string county;
    std::string title;
    std::string listing;
};

struct Feed {
    std::int64_t latest = 0;
    std::vector<FeedRow> events;
};

struct BoardCopy {
    std::int64_t version = 0;
    std::string hash_hex;
    std::string board_json;
};

struct Done {
    std::string target;
    std::string state;
};

struct MemberRow {
    std::string staff_id;
    std::string name;
    RoleCode role = RoleCode::Reviewer;
    std::string curve_public_key;
    std::int64_t enrolled_at = 0;
    std::int64_t revoked_at = 0;
    std::string enrolled_by;
};

struct StaffAdded {
    MemberRow member;
};

struct StaffMembers {
    std::vector<MemberRow> members;
};

// The audit records (JSON, shared/lifecycle/lifecycle_json.hpp) of the changes a project request made.
struct ProjectRecords {
    std::vector<std::string> records;
};

struct ProjectYearCount {
    std::string profile;
    std::uint32_t year = 0;
    std::int64_t approved = 0;  // 立项 in the year (I11)
    std::int64_t limit = 0;     // the profile's projects_per_year_max, 0 = none
};

struct ProjectRegister {
    std::int64_t total = 0;             // projects matching the filter
    std::vector<std::string> projects;  // project JSON without timeline, from the request's offset
    std::vector<ProjectYearCount> years;
};

struct ProjectCopy {
    std::string project_json;  // with its timeline
};

struct RequeuedItem {
    std::string node_id;  // the node that sent it and is asked to send it again
    std::string submission_id;
    std::string receipt_number;
    std::string error;  // the refusal being requeued
};

struct TerminalRequeued {
    std::vector<RequeuedItem> items;
};

// One submission as an export needs it: the list row's columns, the profile and, for a full export, the
// content with the applicant's personal data (a summary's rows carry none).
struct ExportRow {
    std::int64_t sequence = 0;
    std::string submission_id;
    std::string receipt_number;
    KindCode kind = KindCode::Demand;
    std::string profile;
    std::string county;
    std::string industry;
    std::string stage;
    std::string reason;
    std::string flags;
    std::int64_t received_at = 0;
    std::string title;
    std::string canonical_content;  // empty in a summary
};

struct ExportRows {
    std::int64_t batch_number = 0;      // Summary: the batch; 0 for Full
    std::int64_t batch_created_at = 0;  // Summary: when it was made
    std::int64_t next_after = 0;        // 0: this is the last page
    std::vector<ExportRow> rows;
};

struct ReceivedReport {
    std::string county;
    std::string month;
    std::int64_t made_at = 0;
    std::int64_t received_at = 0;
    std::string report_json;  // current_only only
};

struct ReceivedReports {
    std::vector<ReceivedReport> reports;  // newest first
};

struct RevisionEntry {
    std::string submission_id;
    std::string receipt_number;
    std::int64_t revision = 1;    // 1: the first filing
    std::string resubmission_of;  // the submission this one corrects; empty for revision 1
    std::string review_stage;
    std::string review_reason;  // the reason of the last return or rejection (what the applicant read)
    std::int64_t received_at = 0;
};

struct Revisions {
    std::vector<RevisionEntry> revisions;  // revision order; empty: the item was never resubmitted
};

struct TerminalConditionRow {
    std::string node_id;
    std::int64_t received_at = 0;         // the report's arrival, server clock
    std::int64_t clock_skew_seconds = 0;  // server clock minus the terminal's
    std::int64_t call_since = 0;          // open 呼叫工作人员 call, server clock; 0 = none
    std::uint32_t condition_flags = 0;    // sync/protocol/codec.hpp condition_*
    std::int64_t free_disk_bytes = 0;
};

struct Conditions {
    std::vector<TerminalConditionRow> terminals;  // by node id
};

struct NodeVersionRow {
    std::string node_id;
    std::string software_version;  // as the node's HELLO said it (<= 64 octets)
    std::int64_t reported_at = 0;  // the HELLO's arrival, server clock
};

inline constexpr std::uint32_t max_county_projects = 5000;
struct CountyProjectRow {
    std::string project_id;
    std::string project_number;  // empty before 立项
    std::string state;           // the issuer's state when the issuer is of this county, else a solver's
    std::uint32_t receipts = 0;  // the county's receipts in it
    std::string county_due;      // 万元, the county's share of the plan
    std::string county_paid;     // 万元
    std::int64_t updated_at = 0;
};
struct CountyProjects {
    std::vector<CountyProjectRow> projects;
};

struct Versions {
    std::string server_version;         // the answering aggregator's own software version
    std::vector<NodeVersionRow> nodes;  // by node id
};

struct ReportCopy {
    std::int64_t made_at = 0;
    bool queued = false;      // queued for the city in the transaction of its audit entry
    std::string report_json;  // sync/aggregator/monthly_report.hpp monthly_report_to_json
};

// [SECTION] Messages
using StaffBody =
    std::variant<StaffError, WhoAmI, Identity, SubmissionQuery, Page, OpenSubmission, Record, Act, Acted,
                 ForwardItems, BatchMade, FleetRequest, Fleet, BidsRequest, Bids, PublishBoard, Published,
                 AuditRequest, AuditEntries, AuditVerify, AuditVerified, BatchesRequest, Batches, FeedRequest,
                 Feed, BoardShow, BoardCopy, NodeEnrol, NodeRevoke, Done, StaffAdd, StaffAdded, StaffList,
                 StaffMembers, StaffRevoke, ProjectCreate, ProjectRecords, ProjectAct, ProjectForfeitOverdue,
                 ProjectList, ProjectRegister, ProjectShow, ProjectCopy, TerminalRequeue, TerminalRequeued,
                 ExportRequest, ExportRows, ReportRequest, ReportCopy, ReceivedReportsRequest,
                 ReceivedReports, RevisionsRequest, Revisions, ConditionsRequest, Conditions, VersionsRequest,
                 Versions, BoardWithdraw, BoardSetDeadline, SortedQuery, SortedPage, CountyProjectsRequest,
                 CountyProjects>;

struct StaffMessage {
    std::uint64_t correlation_id = 0;
    StaffBody body;
};

StaffCommand staff_command_of(const StaffBody& body);
bool is_staff_request(StaffCommand command);

// The error as a value (code, field, detail, arguments) and back.
StaffError staff_error_from(const Error& error);
Error error_from(const StaffError& reply);

// [SECTION] Codec
// Two frames: header and body. An over-long field or list is an error naming it (protocol.too_long), never
// truncated.
Result<std::vector<std::string>> encode_staff(const StaffMessage& message);
// Decodes the two frames of one message. Errors as sync/protocol/codec.hpp decode(): protocol.frames,
// protocol.magic, protocol.version, protocol.command (not a staff command), protocol.truncated,
// protocol.trailing, protocol.too_long, protocol.utf8, protocol.field (field: the value out of range).
Result<StaffMessage> decode_staff(const std::vector<std::string_view>& frames);

}  // namespace jiebang::sync::staff

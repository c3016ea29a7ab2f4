// console/app/console_state.hpp — everything the staff console's views show, owned by ConsoleApplication.
// Views read this state and push intents (console_intent.hpp); only the application changes it, and only the
// application reaches the aggregator (through its model worker). The one exception is `edits`: the texts a
// person is typing, which ImGui's text fields edit in place (a desktop text field needs a buffer that lives
// across frames); the application reads them when an intent says so and wipes them on a lock.
// Invariants (docs/console.md cites them as S1..S4):
//  S1  Personal data (submission rows, a submission's content and history, the signed-in person's name, the
//      texts typed into filters and reasons, the passphrase) lives only in `inbox`, `detail`, `dialog`,
//      `fleet`, `audit`, `batches`, `bids`, `projects`, `reports`, `identity` and `edits`;
//      ConsoleApplication::clear_personal_data() resets all of them.
//  S2  `flow` is the state of the sign-in state machine (docs/console.md section 2); views other than the
//      sign-in view are drawn only in FlowState::Working.
//  S3  Inbox rows are held a page at a time, keyed by their offset in the server's order for `inbox.query`;
//      a page answered for another query (an older generation) is dropped, never shown.
//  S4  The action dialog names the item it acts on (receipt number and title) from the moment it opens,
//      and acts only on that item, whatever the inbox or detail view shows meanwhile.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "console/model/staff_model.hpp"
#include "console/model/submission_reading.hpp"
#include "platform/print/table_printout.hpp"

namespace jiebang::console {

enum class FlowState { SignedOut, Unsealing, Working, Locked };
std::string_view flow_state_name(FlowState state);

enum class ViewId { Inbox, Detail, Fleet, Audit, Board, Batches, Projects, Reports };
std::string_view view_name(ViewId view);

// Texts being typed (invariant S1: wiped by a lock). The passphrase is a fixed buffer so that no copy of it
// is left behind in freed heap memory when it grows; it is zeroed after every sign-in attempt.
struct EditBuffers {
    std::string key_file;
    std::array<char, 256> passphrase{};
    std::string search;
    std::string terminal;
    std::string date_from;  // YYYY-MM-DD
    std::string date_until;
    std::string reason;
    std::string listing_reason;    // why a listing is withdrawn (board view)
    std::string listing_deadline;  // YYYY-MM-DD (board view)
};

struct ConnectionStatus {
    std::string endpoint;
    bool online = false;
    double last_contact = 0;  // clock seconds of the last answer
    std::string problem;      // what the last failure was, as a person reads it
};

struct InboxState {
    model::InboxQuery query;  // the filter and order; after/page_size unused
    int generation = 0;       // bumped when the query (or the rows under it) changed (S3)
    bool total_known = false;
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> stage_counts;  // per review stage under the other filters
    std::int64_t all_count = 0;                        // every stage under the other filters
    int counts_generation = 0;
    std::int64_t newest_sequence = 0;    // newest arrival seen under the query
    std::int64_t baseline_sequence = 0;  // newest arrival when the person last looked
    std::int64_t new_arrivals = 0;       // loaded rows newer than the baseline
    // Pages of page_size rows, keyed by page number; the channel pages by cursor, so cursors[k] is the
    // `after` (and, sorted by a column, the key) of page k, known once page k-1 was read (cursors[0] is the
    // start). Far pages are dropped, their cursors kept, so memory stays a few pages whatever the person
    // scrolls through.
    struct Cursor {
        std::int64_t after = 0;
        std::string key;
    };
    std::map<std::int64_t, std::vector<model::InboxRow>> pages;
    std::vector<Cursor> cursors{Cursor{}};
    bool end_seen = false;
    std::set<std::int64_t> pages_in_flight;
    std::int64_t visible_first = 0;  // rows the table showed last frame
    std::int64_t visible_last = 0;
    std::string selected_id;     // submission id
    int selection_serial = 0;    // bumped when the keyboard moved the selection: the table scrolls to it
    std::string filter_problem;  // a filter text that does not parse (a date), as a person reads it
    std::string problem;         // the last failed query
    double last_poll = -1000;

    static constexpr int page_size = 200;
    const model::InboxRow* row_at(std::int64_t index) const;
    // Index of a submission among the loaded rows, -1 when not loaded.
    std::int64_t index_of(const std::string& submission_id) const;
};

struct DetailState {
    std::string submission_id;
    bool loading = false;
    std::optional<model::SubmissionRecord> record;
    std::optional<model::ReadableSubmission> readable;
    // A resubmitted item: its chain of filings, and the filing this one corrects read in full, for the
    // side-by-side comparison (opening it is a read of personal data like any other, audited by the server).
    std::vector<model::RevisionSummary> revisions;
    std::optional<model::ReadableSubmission> previous;
    std::int64_t previous_revision = 0;
    std::string problem;
};

struct ActionDialog {
    bool open = false;
    review::ReviewAction action = review::ReviewAction::Accept;
    std::string submission_id;
    std::string receipt_number;
    std::string title;
    bool needs_reason = false;
    bool sending = false;
    std::string problem;
};

struct FleetState {
    bool loading = false;
    model::FleetReport report;
    double fetched_at = 0;
    std::string problem;
};

struct AuditState {
    bool loading = false;
    std::optional<model::AuditPage> page;
    std::string problem;
};

// Board curation: one listing being withdrawn or given a deadline (docs/protocol.md 17.2 BOARD-WITHDRAW,
// BOARD-SET-DEADLINE), its form open until confirmed or cancelled.
enum class ListingCuration { None, Withdraw, Deadline };

struct BoardState {
    bool confirming = false;
    bool publishing = false;
    ListingCuration curation = ListingCuration::None;
    std::string curated_listing;  // the listing id the form is for
    bool curating = false;        // the request is under way
    std::string curation_problem;
    std::optional<model::BoardPublication> last;
    std::string problem;
};

// Forwarding batches (county): accepted demands to choose from, the batches made, and one batch's items as
// they stand now (what the city did with each).
struct BatchesState {
    bool loading = false;
    std::vector<model::InboxRow> candidates;  // accepted demands in no batch, oldest first (at most 500)
    std::int64_t candidates_total = 0;
    std::set<std::string> chosen;  // submission ids for the next batch
    bool confirming = false;
    bool forwarding = false;
    std::vector<model::BatchSummary> batches;
    std::int64_t open_batch = 0;
    std::vector<model::InboxRow> batch_rows;
    std::string problem;
    // The summary table of the open batch as it prints (platform/print/table_printout): one page as pixels,
    // which the runner turns into a texture (a new `generation`, a new texture); what the last export or
    // print did.
    struct Preview {
        std::int64_t batch = 0;
        int page = 0;
        int generation = 0;
        print::PageImage image;
        bool office_known = true;  // the profile names the receiving office (else that column is left blank)
        bool provisional = false;  // the chosen items before forwarding: `batch` is the number they would get
    };
    std::optional<Preview> preview;
    bool paper_busy = false;   // a preview, export or print in flight
    std::string paper_result;  // where the files went, which printer took it (as a person reads it)
    std::string paper_problem;
};

// Bids per listing (city, board view): every listing with its count, and the bids on the one chosen.
struct BidsState {
    bool loading = false;
    std::optional<model::BidsOverview> overview;
    std::string problem;
};

// The project register and one project's timeline and ledger (docs/lifecycle.md).
struct ProjectsState {
    bool loading = false;
    std::optional<model::ProjectRegister> listing;
    std::string selected;  // project id
    bool opening = false;
    std::optional<model::ProjectFile> open;
    std::string problem;
    bool exporting = false;
    std::string export_result;  // where the XLSX went, as a person reads it
    // County: the projects its receipts are in (docs/protocol.md 21); the city's register is not the
    // county's.
    std::optional<std::vector<model::CountyProject>> county;
};

// The counties' monthly reports as they arrived at the city (docs/protocol.md 20), and the one chosen with
// its content.
struct ReportsState {
    bool loading = false;
    std::optional<std::vector<model::ReceivedReportEntry>> received;  // newest month first
    std::string selected_county;
    std::string selected_month;
    bool opening = false;
    std::optional<sync::MonthlyReport> open;
    std::string problem;
};

struct ConsoleState {
    FlowState flow = FlowState::SignedOut;
    ViewId view = ViewId::Inbox;
    std::optional<model::StaffIdentity> identity;
    std::string sign_in_problem;  // why the last sign-in failed
    std::string lock_reason_key;  // console.lock.* when locked
    ConnectionStatus connection;
    EditBuffers edits;
    InboxState inbox;
    DetailState detail;
    ActionDialog dialog;
    FleetState fleet;
    AuditState audit;
    BoardState board;
    BatchesState batches;
    BidsState bids;
    ProjectsState projects;
    ReportsState reports;
    std::string notice;  // the outcome of the last action, e.g. the accepted message with the receipt number
    double notice_at = 0;

    double now = 0;
    double last_activity = 0;
    double idle_lock_seconds = 600;
    bool quit_requested = false;
    int clear_count = 0;  // how many times personal data was cleared (tests)
};

}  // namespace jiebang::console

// console/app/console_intent.hpp — what a view asks the console application to do. Views never change
// ConsoleState (beyond the text buffers of EditBuffers) and never reach the aggregator; they push intents and
// the application applies them after the frame was drawn, so one frame shows one consistent state.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jiebang::console {

enum class IntentKind {
    SignIn,        // unseal edits.key_file with edits.passphrase and connect
    SignOut,       // end the session, forget the key file name
    Lock,          // end the session, keep the key file name
    ShowView,      // number = ViewId
    ApplyFilters,  // read the filter texts of edits and run the query
    ClearFilters,
    SetStage,             // text = review stage ("" = any)
    SetKind,              // text = "demand" / "bid" / ""
    SetCounty,            // text = county admin code / ""
    SetIndustry,          // text = industry id / ""
    SetOrder,             // flag = newest first (descending); text = the sort ("" keeps it; InboxQuery::sort)
    SetFlagFilter,        // number = flag kinds (0 = any item; sync::flag_kind_* bits)
    AcknowledgeArrivals,  // the person saw the new arrivals: they are no longer tinted
    ShowRows,             // number = first visible row, second = last visible row
    SelectRow,            // text = submission id
    OpenSubmission,       // text = submission id
    NextSubmission,
    PreviousSubmission,
    BackToInbox,
    BeginAction,        // number = review::ReviewAction, for the detail view's submission
    UseReasonTemplate,  // text = string key of the template
    ConfirmAction,
    CancelAction,
    RefreshFleet,
    RefreshAudit,
    AskPublishBoard,
    ConfirmPublishBoard,
    CancelPublishBoard,
    AskCurateListing,  // text = listing id; number = 1 withdraw it, 2 set its deadline (board view)
    ConfirmCurateListing,
    CancelCurateListing,
    ToggleForwardItem,  // text = submission id (batches view)
    ChooseAllForward,   // flag = choose (true) or clear (false)
    AskForward,
    ConfirmForward,
    CancelForward,
    OpenBatch,         // number = batch number
    PreviewSummary,    // number = batch number, second = page (0-based): the summary table as it prints
    PreviewSelection,  // second = page: the chosen items' summary table before forwarding (provisional)
    ClosePreview,
    ExportSummary,  // number = batch number: XLSX and PDF into the export folder
    PrintSummary,   // number = batch number: the PDF to the CUPS queue
    RefreshBatches,
    ShowListingBids,  // text = listing id ("" = counts only; board view)
    RefreshProjects,
    ExportProjects,  // the register and the ledger as one XLSX in the export folder
    OpenProject,     // text = project id
    RefreshReports,
    OpenReport,  // text = "<county admin code> <YYYY-MM>"
    Quit,
};

struct Intent {
    IntentKind kind = IntentKind::ShowView;
    std::string text;
    std::int64_t number = 0;
    std::int64_t second = 0;
    bool flag = false;
};

class IntentQueue {
  public:
    void push(IntentKind kind, std::string text = {}, std::int64_t number = 0, std::int64_t second = 0,
              bool flag = false) {
        intents_.push_back(Intent{kind, std::move(text), number, second, flag});
    }
    std::vector<Intent> take() { return std::exchange(intents_, {}); }
    bool empty() const { return intents_.empty(); }

  private:
    std::vector<Intent> intents_;
};

}  // namespace jiebang::console

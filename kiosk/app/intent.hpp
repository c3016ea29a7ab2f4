// kiosk/app/intent.hpp — what a screen asks the application to do. Screens never change AppState, the store,
// the sync agent or the printer themselves; they push intents and the Application applies them after the
// frame's screens were drawn (so a frame draws one consistent state). Work done off the frame thread comes back
// as intents too (the *Checked/*Stored/*Finished kinds), so only the Application ever changes its state.
#pragma once

#include <any>
#include <string>
#include <vector>

#include "shared/forms/form.hpp"

namespace jiebang::kiosk {

enum class IntentKind {
    Activity,  // any touch: resets the idle timer
    GoHome,    // abandon (wipes the session) and show the attract screen; on a half-filled form asks first
    ConfirmGoHome,  // the applicant confirmed: throw the form away and show the attract screen
    KeepFilling,    // the applicant keeps the form (the question closes)
    StartDemand,
    OpenBoard,
    OpenProgress,
    OpenPolicy,
    Focus,           // text = edit target name ("" = release)
    SetValue,        // text = field id, value = new value (Choice/Declaration/MultiChoice/...)
    AddListItem,     // text = field id
    RemoveListItem,  // text = field id, number = item
    NextStep,
    PreviousStep,
    GoToStep,  // number = step index
    OpenReview,
    Submit,
    PrintReceipt,
    FinishReceipt,   // done: wipe and home
    FilterIndustry,  // text = industry id or ""
    OpenListing,     // text = listing id
    BackToBoard,
    StartBid,  // bid on the selected listing
    LookupProgress,
    OpenCorrection,  // progress screen: the correct-and-resubmit button on a returned item (asks for the access code)
    SubmitCorrectionCode,
    ContinueSession,  // idle warning dismissed
    CornerTap,
    PinDigit,  // text = digit
    PinClear,
    PinSubmit,
    CloseAdmin,
    TestPrint,
    QuitApplication,
    ReprintReceipt,  // admin: text = submission id of one of the recent receipts
    PrintPaper,      // receipt screen: the A4 papers the bureau requires, on the hall's CUPS printer
    ReprintPaper,    // admin: text = submission id of one of the recent receipts (its A4 papers)
    ToggleElderMode,  // elder mode on/off for this applicant (back to the configured default at the session's end)
    ToggleVoice,  // voice guidance on/off for this applicant (follows elder mode again at the session's end)
    SpeakCount,   // text = field id: read its character count aloud (the read-count button)
    CallAttendant,  // the call-staff button: raise a call (kept in the store) and show that help is coming
    CancelAttendantCall,    // the applicant no longer needs help: the call is cleared
    CloseAttendantOverlay,  // the overlay closes; the call stays open
    ClearAttendantCall,     // admin: the attendant came; the call is cleared
    // Results of background work (kiosk/app/background_worker.hpp), applied on the frame thread like the rest.
    PinChecked,            // number = 1 when the PIN matched
    PinStored,             // payload = Result<std::string> (the new hash, or why it could not be stored)
    PrintFinished,         // payload = PrintJobResult (application.hpp)
    PrinterChecked,        // payload = Result<platform::PrinterStatus>
    RecentReceiptsLoaded,  // payload = Result<std::vector<store::ReceiptSummary>>
    ReprintLoaded,        // text = submission id, payload = Result<std::optional<store::CommittedSubmission>>
    StatusPolled,         // payload = StatusPoll (application.hpp)
    SubmitFinished,       // payload = SubmitOutcome (application.hpp)
    ProgressFound,        // payload = ProgressOutcome (application.hpp)
    CorrectionFetched,    // payload = CorrectionFetch (application.hpp)
    PaperLoaded,          // text = submission id, payload = Result<std::optional<store::CommittedSubmission>>
    PaperFinished,        // payload = PaperJobResult (kiosk/app/paper_printing.hpp)
    AttendantCallStored,  // payload = AttendantCallResult (application.hpp)
};

struct Intent {
    IntentKind kind = IntentKind::Activity;
    std::string text;
    FieldValue value;
    int number = 0;
    std::any payload;  // a background result's data (see the kind)
};

class IntentQueue {
  public:
    void push(IntentKind kind, std::string text = {}, int number = 0) {
        intents_.push_back(Intent{kind, std::move(text), {}, number, {}});
    }
    void set_value(std::string field_id, FieldValue value) {
        intents_.push_back(Intent{IntentKind::SetValue, std::move(field_id), std::move(value), 0, {}});
    }
    std::vector<Intent> take() { return std::exchange(intents_, {}); }
    bool empty() const { return intents_.empty(); }

  private:
    std::vector<Intent> intents_;
};

}  // namespace jiebang::kiosk

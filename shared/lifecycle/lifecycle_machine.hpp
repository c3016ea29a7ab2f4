// shared/lifecycle/lifecycle_machine.hpp — the project lifecycle's transitions as pure functions: each action
// is checked against the project's state, the actor's role and the city profile, then applied to the Project
// in memory, returning the audit record. Nothing here touches storage (LifecycleStore loads, calls apply,
// saves); facts about other projects (the year's count of 立项, the next free project number) come in a
// LifecycleContext.
// The table of states and transitions, the roles allowed for each and the invariants are docs/lifecycle.md;
// the invariants' numbers there are cited by tests/core/test_lifecycle*.cpp.
// On error the project is left unchanged (apply works on a copy and assigns it only on success).
// Index: [SECTION] actions  [SECTION] roles  [SECTION] applying
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/lifecycle/project.hpp"
#include "shared/policy/profile.hpp"

namespace jiebang::lifecycle {

// [SECTION] actions

// A project from a board listing. The county is the issuer's (empty = a city-level unit); the board does not
// carry it, so the caller (who has the demand) supplies it.
struct CreateProject {
    Listing listing;
    std::string county_admin_code;
    std::string on;  // date
};

struct AddBid {
    std::string bid_id;
    std::string receipt_number;
    std::string solver_name;
    std::string solver_uscc;
    std::string team;
    std::string on;
};

struct RecordScore {
    std::string bid_id;
    std::string expert_id;
    int score = 0;
    std::string on;
};

struct RecordRecommendation {
    std::string bid_id;
    bool recommended = false;
    std::string note;
    std::string on;
};

struct SelectSolvers {
    std::vector<std::string> bid_ids;
    std::string on;
    bool issuer_consent = false;   // the issuer agreed (required when the issuer leads the choice)
    std::string signing_deadline;  // optional: overrides the profile's signing period
};

struct SignAgreement {
    std::string bid_id;
    std::string signed_on;
    std::string start_on;
    std::string end_on;
    MoneyWan contract_value;
    std::string contract_registration;
};

struct ForfeitUnsigned {
    std::string on;  // after the signing deadline
};

struct RegisterProject {
    std::string on;
};

struct OpenNotice {
    std::string start_on;
};

struct FileObjection {
    std::string received_on;
    std::string summary;
};

struct ResolveObjection {
    int number = 0;
    bool upheld = false;
    std::string on;
    std::string note;
};

struct ApproveProject {
    std::string on;
    std::string project_number;  // optional: the bureau's own number; else the next of the profile's series
    bool waive_notice = false;   // classified or sensitive projects (when the profile allows it)
    std::string waiver_reason;
};

struct PlanFunding {
    std::string on;
    // Optional: the contract amount actually transacted (Jiaxing pays on 实际发生技术合同成交额); replaces
    // the signed contract values as the base of a "contract_amount" scheme.
    std::optional<MoneyWan> actual_contract_amount;
};

struct PayTranche {
    std::string tranche_id;
    std::string paid_on;
};

struct RecordMidtermReview {
    std::string held_on;
    std::string outcome;                  // "continue" or "stop"
    std::vector<std::string> eliminated;  // 赛马: bid ids that do not go on
    std::string note;
};

struct RecordProgress {
    std::string period;  // "2026-05" or "2026-Q2"
    std::string reported_on;
    int completion_basis_points = 0;
    std::string note;
};

struct ExtendProject {
    std::string approved_on;
    std::string new_end;
    std::string reason;
};

struct TerminateProject {
    std::string decided_on;
    std::string reason;
    std::vector<std::pair<std::string, MoneyWan>> recoveries;  // kind ("unspent", "misused") -> amount
};

struct RecordAcceptance {
    std::string applied_on;  // required when the profile sets an application window
    std::string held_on;
    int completion_basis_points = 0;
    std::vector<std::string>
        conditions_met;  // every condition of the profile is met or failed, none unanswered
    std::vector<std::string> conditions_failed;
    std::string note;
};

struct CloseProject {
    std::string on;
    std::string note;
};

struct WithdrawProject {
    std::string on;
    std::string reason;
};

using LifecycleAction =
    std::variant<AddBid, RecordScore, RecordRecommendation, SelectSolvers, SignAgreement, ForfeitUnsigned,
                 RegisterProject, OpenNotice, FileObjection, ResolveObjection, ApproveProject, PlanFunding,
                 PayTranche, RecordMidtermReview, RecordProgress, ExtendProject, TerminateProject,
                 RecordAcceptance, CloseProject, WithdrawProject>;

// The action's stable name ("add_bid", "select", ...), as in the audit record and docs/lifecycle.md.
std::string_view action_name(const LifecycleAction& action);

// [SECTION] roles

// Whether `role` may perform the action named `action` (docs/lifecycle.md, "who"). County staff may not.
bool role_may(Role role, std::string_view action);

// [SECTION] applying

// What the machine needs to know about other projects of the same profile.
struct LifecycleContext {
    int approved_in_year = 0;  // 立项 in the year of an ApproveProject (forfeited/withdrawn not counted)
    std::string next_project_number;    // the next free number of the profile's series for that year
    bool project_number_taken = false;  // an explicit number is used by another project
};

// The year an action counts in for the yearly limit (ApproveProject: its date's year), or nullopt.
std::optional<int> approval_year_of(const LifecycleAction& action);

Result<LifecycleAuditRecord> create_project(const Profile& profile, const Actor& actor,
                                            const CreateProject& request, std::int64_t now, Project& created);

// Checks and applies `action` to `project`. On error `project` is unchanged.
Result<LifecycleAuditRecord> apply_action(const Profile& profile, const LifecycleContext& context,
                                          const Actor& actor, const LifecycleAction& action, std::int64_t now,
                                          Project& project);

// The profile's project number for a year and sequence: "JMJB-2026-001".
std::string project_number_for(const LifecyclePolicy& policy, int year, int sequence);

}  // namespace jiebang::lifecycle

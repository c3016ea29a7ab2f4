// shared/lifecycle/project.hpp — a project after the board, as data: the listing's bids under review (expert
// scores, a recommendation per bid), the selected solvers and their agreements, 入库, 立项 (public notice,
// objections, project number), the funding plan with its ledger (tranches, city/county shares, payments per
// solver), mid-term reviews, progress reports, extensions, termination and recovery, acceptance and closure.
// The states and transitions, who may make each and the numbered invariants are in docs/lifecycle.md; the
// transitions themselves are shared/lifecycle/lifecycle_machine.hpp, the storage LifecycleStore.
// Dates are business dates "YYYY-MM-DD" (empty = not yet); money is MoneyWan (hundredths of 万元).
// Index: [SECTION] states and roles  [SECTION] bids and solvers  [SECTION] 立项: public notice and objections
//        [SECTION] funding plan and ledger  [SECTION] implementation, acceptance, end  [SECTION] the project
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/policy/profile.hpp"

namespace jiebang::lifecycle {

// [SECTION] states and roles

enum class ProjectState {
    Review,            // "review": bids under review (scores, recommendations)
    Selected,          // "selected": solver(s) chosen; the next stage of the profile is pending
    Agreed,            // "agreed": every selected solver signed; further stages pending
    Registered,        // "registered": 入库; further stages pending
    InNotice,          // "in_notice": 立项 public notice running (objections may be filed)
    Approved,          // "approved": 立项 with a project number; further stages pending
    InProgress,        // "in_progress": every stage done; implementation (tranches, reviews, reports)
    Stopped,           // "stopped": the mid-term review concluded "stop": no further funding
    Accepted,          // "accepted": acceptance passed
    AcceptanceFailed,  // "acceptance_failed": acceptance failed; unpaid tranches withheld
    Terminated,        // "terminated": ended early with the bureau's approval; recovery recorded
    Closed,            // "closed": final
    Forfeited,         // "forfeited": contract not signed by the deadline (final)
    Withdrawn,         // "withdrawn": not supported before 立项 or before any payment (final)
};
std::string_view project_state_code(ProjectState state);
std::optional<ProjectState> project_state_from_code(std::string_view code);
bool is_final_state(ProjectState state);  // closed, forfeited, withdrawn

// Who acts. City staff are reviewers, publishers or admins; county staff see (they make no transition).
enum class Role { Reviewer, Publisher, Admin, County };
std::string_view role_code(Role role);
std::optional<Role> role_from_code(std::string_view code);

struct Actor {
    std::string id;  // the staff account id (never a person's name: it goes to the audit trail and logs)
    Role role = Role::County;
};

// [SECTION] bids and solvers

enum class Recommendation { None, Recommended, NotRecommended };
std::string_view recommendation_code(Recommendation recommendation);
std::optional<Recommendation> recommendation_from_code(std::string_view code);

// A bid's place in the project: under review, then selected or not; a selected solver may later be
// eliminated (赛马 mid-term) or forfeit (contract not signed in time).
enum class BidState { UnderReview, NotSelected, Selected, Eliminated, Forfeited };
std::string_view bid_state_code(BidState state);
std::optional<BidState> bid_state_from_code(std::string_view code);

struct ExpertScore {
    std::string expert_id;  // the expert's code on the panel ("E1"), never a name
    int score = 0;          // 0..profile lifecycle score_maximum
    std::string scored_on;
};

struct ProjectBid {
    std::string bid_id;  // the bid's submission id or receipt number (unique in the project)
    std::string receipt_number;
    std::string solver_name;  // the unit (organisation)
    std::string solver_uscc;  // several teams of one unit may bid: not unique
    std::string team;         // the team within the unit, when given
    std::vector<ExpertScore> scores;
    Recommendation recommendation = Recommendation::None;
    std::string recommendation_note;
    BidState state = BidState::UnderReview;
    // Agreement (selected solvers).
    std::string signed_on;
    std::string start_on;
    std::string end_on;
    MoneyWan contract_value;
    std::string contract_registration;  // technology-contract registration number, when the city requires it
    // Elimination (赛马 mid-term review).
    std::string eliminated_on;
    int eliminated_in_review = 0;

    bool active() const { return state == BidState::Selected; }
    bool signed_agreement() const { return !signed_on.empty(); }
};

// [SECTION] 立项: public notice and objections

enum class ObjectionResolution { Open, Upheld, Dismissed };
std::string_view objection_resolution_code(ObjectionResolution resolution);
std::optional<ObjectionResolution> objection_resolution_from_code(std::string_view code);

struct Objection {
    int number = 0;  // 1, 2, ... in the project
    std::string received_on;
    std::string summary;  // what the objection says (project text, may be long)
    ObjectionResolution resolution = ObjectionResolution::Open;
    std::string resolved_on;
    std::string resolution_note;
};

// [SECTION] funding plan and ledger

enum class TrancheState { Planned, Due, Paid, Withheld, Cancelled };
std::string_view tranche_state_code(TrancheState state);
std::optional<TrancheState> tranche_state_from_code(std::string_view code);

// One party's part of a tranche (or of a recovery): city, county, district.
struct PartyAmount {
    std::string party;
    LocalText name;
    MoneyWan amount;
};

struct LedgerTranche {
    std::string tranche_id;  // "contract", "midterm", "acceptance", "advance", "lump_sum"
    LocalText name;
    int basis_points = 0;
    MoneyWan amount;
    std::string condition;  // "agreement_signed", "approved", "midterm_passed", "acceptance_passed"
    TrancheState state = TrancheState::Planned;
    std::string due_since;
    std::string paid_on;
    std::vector<PartyAmount> shares;  // add up to `amount` exactly
};

// What one solver received from one party for one tranche.
struct Payment {
    std::string tranche_id;
    std::string bid_id;
    std::string party;
    MoneyWan amount;
    std::string paid_on;
};

struct FundingPlan {
    std::string planned_on;  // empty = no plan yet
    std::string subsidy_kind;
    LocalText scheme_name;
    std::string method;        // "percent_of_amount" or "fixed"
    std::string amount_basis;  // "bounty", "contract_amount", "none"
    MoneyWan base;             // the amount the rate applied to
    int rate_basis_points = 0;
    MoneyWan cap;
    bool capped = false;
    MoneyWan subsidy;
    std::string cost_share_group;
    std::vector<PartyAmount> shares;  // the subsidy per party, adding up to it exactly
};

// [SECTION] implementation, acceptance, end

struct MidtermReview {
    int number = 0;
    std::string held_on;
    std::string outcome;                  // "continue" or "stop"
    std::vector<std::string> continuing;  // bid ids going on
    std::vector<std::string> eliminated;  // bid ids eliminated by this review (赛马)
    std::string note;
};

struct ProgressReport {
    std::string period;  // "2026-05" (monthly) or "2026-Q2" (quarterly)
    std::string reported_on;
    int completion_basis_points = 0;  // the solver's own estimate, 0..10000
    std::string note;
};

struct Extension {
    int number = 0;
    std::string approved_on;
    std::string previous_end;
    std::string new_end;
    std::string reason;
};

struct Recovery {
    std::string kind;  // "unspent", "misused"
    MoneyWan amount;
    std::vector<PartyAmount> shares;  // back to each party in proportion to what it paid
    std::string decided_on;
};

struct AcceptanceRecord {
    std::string applied_on;
    std::string held_on;
    int completion_basis_points = 0;
    std::vector<std::string> conditions_met;
    std::vector<std::string> conditions_failed;
    bool passed = false;
    std::string note;
};

// [SECTION] the project

struct Project {
    std::string project_id;  // the listing id: one project per listing
    std::string profile_id;
    std::string title;
    std::string issuer_name;
    std::string issuer_kind;        // "enterprise" or "non_enterprise"
    std::string county_admin_code;  // empty = city level
    std::string project_type_id;    // empty when the city has no types
    std::string mechanism;          // "single" (揭榜挂帅) or "race" (赛马)
    MoneyWan bounty;
    ProjectState state = ProjectState::Review;
    std::string created_on;

    std::vector<ProjectBid> bids;
    std::string selected_on;
    std::string selection_decided_by;  // "issuer_with_bureau" or "bureau"
    std::string signing_deadline;      // empty = none
    std::string agreed_on;             // every active solver signed
    std::string registered_on;
    std::string notice_start;
    std::string notice_end;  // the last day of the notice
    bool notice_waived = false;
    std::vector<Objection> objections;
    std::string approved_on;
    int approval_year = 0;
    std::string project_number;
    std::string start_on;
    std::string end_on;  // the current end (after extensions)
    std::string original_end_on;

    FundingPlan funding;
    std::vector<LedgerTranche> tranches;
    std::vector<Payment> payments;
    std::vector<MidtermReview> reviews;
    std::vector<ProgressReport> reports;
    std::vector<Extension> extensions;
    std::vector<Recovery> recoveries;
    std::optional<AcceptanceRecord> acceptance;
    std::string closed_on;
    std::string ended_on;  // forfeited, withdrawn, stopped or terminated on
    std::string ended_reason;

    ProjectBid* bid(std::string_view bid_id);
    const ProjectBid* bid(std::string_view bid_id) const;
    LedgerTranche* tranche(std::string_view tranche_id);
    const LedgerTranche* tranche(std::string_view tranche_id) const;
    std::vector<const ProjectBid*> active_solvers() const;
    MoneyWan paid_total() const;
    MoneyWan paid_to(std::string_view bid_id) const;
    MoneyWan paid_by(std::string_view party) const;
    MoneyWan recovered_total() const;
};

// The audit record a transition returns: who, when, what, the state before and after, and the values the
// action changed as they were and as they are. The caller appends it to the audit trail (shared/audit) in the
// same transaction; LifecycleStore also keeps it as the project's timeline. No personal data: ids, codes,
// dates and amounts only (never names, phone numbers or free text).
struct LifecycleAuditRecord {
    std::int64_t sequence = 0;  // position in the store's timeline (0 until stored)
    std::int64_t at = 0;        // Unix seconds when it was recorded
    std::string actor_id;
    std::string actor_role;  // role_code()
    std::string project_id;
    std::string action;  // "create", "select", "pay_tranche", ... (docs/lifecycle.md)
    std::string state_before;
    std::string state_after;
    std::vector<std::pair<std::string, std::string>> before;
    std::vector<std::pair<std::string, std::string>> after;
};

}  // namespace jiebang::lifecycle

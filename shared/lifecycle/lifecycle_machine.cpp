// shared/lifecycle/lifecycle_machine.cpp — every lifecycle transition: its checks (state, role, profile, input)
// and its effect on the Project, with the audit record. Invariant numbers (I1..) are those of
// docs/lifecycle.md. Checks come before any change; apply_action works on a copy, so a refused action changes
// nothing (I1). Money is exact: the ledger is a tranche x party matrix whose rows add up to the tranches and
// whose columns add up to the parties' shares (I9); payments split each cell among the solvers paid (I10).
//
// Index
//   [SECTION] errors and input checks
//   [SECTION] roles
//   [SECTION] stages, conditions and the ledger
//   [SECTION] create
//   [SECTION] review and selection
//   [SECTION] agreement, registration, approval
//   [SECTION] funding and payments
//   [SECTION] implementation
//   [SECTION] acceptance and the end
//   [SECTION] dispatch
#include "shared/lifecycle/lifecycle_machine.hpp"

#include <algorithm>
#include <set>

#include "shared/lifecycle/calendar_date.hpp"
#include "shared/lifecycle/lifecycle_profile.hpp"
#include "shared/policy/funding.hpp"
#include "shared/text/utf8.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang::lifecycle {

namespace {

// [SECTION] errors and input checks

Error wrong_state(const Project& project, std::string_view action) {
    return Error("lifecycle.wrong_state", "state",
                 std::string(action) + " is not possible in state " +
                     std::string(project_state_code(project.state)))
        .with("value", std::string(project_state_code(project.state)))
        .with("id", std::string(action));
}

Error not_in_profile(const Profile& profile, std::string_view step) {
    return Error("lifecycle.step_not_in_profile", std::string(step),
                 "profile " + profile.id + " has no step " + std::string(step))
        .with("id", std::string(step))
        .with("value", profile.id);
}

Result<CalendarDate> required_date(std::string_view text, std::string_view field) {
    if (text.empty())
        return Error("lifecycle.date_required", std::string(field), std::string(field) + " is required");
    return CalendarDate::parse(text, field);
}

// Free text from staff: valid UTF-8, no control characters except line breaks, at most `limit` characters.
Status check_text(std::string_view text, std::string_view field, std::size_t limit, bool required) {
    if (text.empty()) {
        if (required)
            return Error("lifecycle.text_required", std::string(field), std::string(field) + " is required");
        return ok_status();
    }
    const std::optional<std::size_t> count = utf8::count_code_points(text);
    if (!count)
        return Error("lifecycle.text_invalid", std::string(field), "not valid UTF-8");
    for (char character : text) {
        const auto byte = static_cast<unsigned char>(character);
        if ((byte < 0x20 && character != '\n') || byte == 0x7f)
            return Error("lifecycle.text_invalid", std::string(field), "a control character");
    }
    if (*count > limit) {
        return Error("lifecycle.text_too_long", std::string(field), std::string(field) + " is too long")
            .with("limit", std::to_string(limit))
            .with("count", std::to_string(*count));
    }
    return ok_status();
}

// Ids (bid ids, receipt numbers, expert codes, project numbers): 1..64 characters from A-Z a-z 0-9 - _ . / :
Status check_identifier(std::string_view text, std::string_view field) {
    const bool allowed =
        !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char character) {
            return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
                   (character >= '0' && character <= '9') || character == '-' || character == '_' ||
                   character == '.' || character == '/' || character == ':';
        });
    if (!allowed) {
        return Error("lifecycle.invalid_id", std::string(field),
                     std::string(field) + ": 1 to 64 of A-Z a-z 0-9 - _ . / :")
            .with("value", std::string(text.substr(0, 64)));
    }
    return ok_status();
}

int race_minimum(const Profile& profile) {
    return std::max(2, profile.limits.race_minimum_solvers);
}

std::string join_ids(const std::vector<std::string>& ids) {
    std::string joined;
    for (const std::string& id : ids)
        joined += (joined.empty() ? "" : ",") + id;
    return joined;
}

// The audit record under construction; the state after is filled in by apply_action.
LifecycleAuditRecord audit_for(const Actor& actor, const Project& project, std::string_view action,
                               std::int64_t now) {
    LifecycleAuditRecord record;
    record.at = now;
    record.actor_id = actor.id;
    record.actor_role = std::string(role_code(actor.role));
    record.project_id = project.project_id;
    record.action = std::string(action);
    record.state_before = std::string(project_state_code(project.state));
    return record;
}

// [SECTION] roles

struct ActionRoles {
    std::string_view action;
    bool reviewer;
    bool publisher;
};

// Admin may do everything; county staff nothing. The table of docs/lifecycle.md.
constexpr ActionRoles action_roles[] = {
    {"create", false, true},
    {"add_bid", true, true},
    {"score", true, false},
    {"recommend", true, false},
    {"select", false, true},
    {"agree", false, true},
    {"forfeit", false, true},
    {"register", false, true},
    {"open_notice", false, true},
    {"file_objection", false, true},
    {"resolve_objection", false, false},
    {"approve", false, false},
    {"plan_funding", false, true},
    {"pay_tranche", false, false},
    {"midterm_review", true, false},
    {"progress_report", true, true},
    {"extend", false, false},
    {"terminate", false, false},
    {"accept", true, false},
    {"close", false, true},
    {"withdraw", false, false},
};

// [SECTION] stages, conditions and the ledger

bool stage_done(const Project& project, std::string_view stage) {
    if (stage == "agreement")
        return !project.agreed_on.empty();
    if (stage == "registration")
        return !project.registered_on.empty();
    return !project.approved_on.empty();
}

// The profile's next stage after the selection, or "" when every stage is done.
std::string next_stage(const Project& project, const LifecyclePolicy& policy) {
    for (const std::string& stage : policy.stages) {
        if (!stage_done(project, stage))
            return stage;
    }
    return {};
}

// The state after completing a stage: the stage's own state while others remain, else in progress.
ProjectState state_after_stage(const Project& project, const LifecyclePolicy& policy,
                               std::string_view stage) {
    if (next_stage(project, policy).empty())
        return ProjectState::InProgress;
    if (stage == "agreement")
        return ProjectState::Agreed;
    if (stage == "registration")
        return ProjectState::Registered;
    return ProjectState::Approved;
}

bool before_selection_is_over(const Project& project) {
    return project.state == ProjectState::Review;
}

// Stages are possible from "selected" until every stage is done.
bool in_stages(const Project& project) {
    return project.state == ProjectState::Selected || project.state == ProjectState::Agreed ||
           project.state == ProjectState::Registered || project.state == ProjectState::InNotice ||
           project.state == ProjectState::Approved;
}

// The stage may be taken now (the profile has it, it is the next one) and `date` is not before the steps
// already taken (a signature never predates the selection, 立项 never predates 入库).
Status expect_next_stage(const Profile& profile, const Project& project, std::string_view stage,
                         std::string_view action, std::string_view date) {
    if (!profile.lifecycle->has_stage(stage))
        return not_in_profile(profile, stage);
    if (!in_stages(project))
        return wrong_state(project, action);
    const std::string next = next_stage(project, *profile.lifecycle);
    if (next != stage) {
        return Error("lifecycle.stage_order", "stage",
                     "the next stage is " + next + ", not " + std::string(stage))
            .with("expected", next)
            .with("value", std::string(stage));
    }
    const std::string latest =
        std::max({project.selected_on, project.agreed_on, project.registered_on, project.approved_on});
    if (!date.empty() && date < latest) {
        return Error("lifecycle.date_before_previous_step", "date", "the date is before the previous step")
            .with("value", std::string(date))
            .with("expected", latest);
    }
    return ok_status();
}

// When the agreement becomes the next stage, the signing deadline starts from `on` (unless set already).
void start_signing_period(Project& project, const LifecyclePolicy& policy, const CalendarDate& on) {
    if (next_stage(project, policy) == "agreement" && project.signing_deadline.empty() &&
        policy.signing_period_days > 0) {
        project.signing_deadline = on.plus_days(policy.signing_period_days).to_string();
    }
}

bool condition_met(const Project& project, std::string_view condition) {
    if (condition == "agreement_signed")
        return !project.agreed_on.empty();
    if (condition == "approved")
        return !project.approved_on.empty();
    if (condition == "midterm_passed") {
        return std::any_of(project.reviews.begin(), project.reviews.end(),
                           [](const MidtermReview& review) { return review.outcome == "continue"; });
    }
    if (condition == "acceptance_passed")
        return project.acceptance.has_value() && project.acceptance->passed;
    return false;
}

// I5/I6/I7: a tranche becomes due only when its condition is met and the project has 立项; an ended project's
// unpaid tranches are cancelled; a failed acceptance withholds them.
void refresh_tranches(Project& project, const std::string& on) {
    for (LedgerTranche& tranche : project.tranches) {
        if (tranche.state != TrancheState::Planned && tranche.state != TrancheState::Due)
            continue;
        switch (project.state) {
            case ProjectState::Stopped:
            case ProjectState::Terminated:
            case ProjectState::Forfeited:
            case ProjectState::Withdrawn:
                tranche.state = TrancheState::Cancelled;
                break;
            case ProjectState::AcceptanceFailed:
                tranche.state = TrancheState::Withheld;
                break;
            default:
                if (tranche.state == TrancheState::Planned && !project.approved_on.empty() &&
                    condition_met(project, tranche.condition)) {
                    tranche.state = TrancheState::Due;
                    tranche.due_since = on;
                }
                break;
        }
    }
}

MoneyWan part_by_basis_points(MoneyWan amount, std::int64_t basis_points) {
    return MoneyWan{(amount.hundredths * basis_points + 5000) / 10000};
}

// The tranche x party matrix: each row adds up to its tranche, each column to its party's share (I9).
Result<std::vector<LedgerTranche>> build_ledger(const FundingResult& funding, const LifecyclePolicy& policy,
                                                const std::string& project_type_id) {
    std::vector<LedgerTranche> tranches;
    const std::size_t party_count = funding.shares.size();
    std::vector<std::int64_t> column_assigned(party_count, 0);
    for (std::size_t row = 0; row < funding.tranches.size(); ++row) {
        const FundingTranche& source = funding.tranches[row];
        LedgerTranche tranche;
        tranche.tranche_id = source.id;
        tranche.name = source.name;
        tranche.basis_points = source.basis_points;
        tranche.amount = source.amount;
        tranche.condition = policy.tranche_condition(source.id, project_type_id);
        if (tranche.condition.empty()) {
            return Error("lifecycle.tranche_condition_missing", source.id,
                         "the profile gives no condition for tranche " + source.id)
                .with("id", source.id);
        }
        const bool last_row = row + 1 == funding.tranches.size();
        std::int64_t row_assigned = 0;
        for (std::size_t column = 0; column < party_count; ++column) {
            const FundingShare& share = funding.shares[column];
            std::int64_t cell = 0;
            if (last_row) {
                cell = share.amount.hundredths - column_assigned[column];
            } else if (column + 1 == party_count) {
                cell = source.amount.hundredths - row_assigned;
            } else {
                cell = part_by_basis_points(source.amount, share.basis_points).hundredths;
            }
            if (cell < 0)
                return Error("lifecycle.ledger_inconsistent", source.id, "a negative ledger cell");
            row_assigned += cell;
            column_assigned[column] += cell;
            tranche.shares.push_back(PartyAmount{share.party, share.name, MoneyWan{cell}});
        }
        if (row_assigned != source.amount.hundredths)
            return Error("lifecycle.ledger_inconsistent", source.id, "a ledger row does not add up");
        tranches.push_back(std::move(tranche));
    }
    return tranches;
}

// Splits `amount` into `count` (at least 1) equal parts in hundredths; the last takes the remainder.
std::vector<MoneyWan> equal_parts(MoneyWan amount, std::size_t count) {
    const auto divisor = static_cast<std::int64_t>(std::max<std::size_t>(count, 1));
    const MoneyWan part{amount.hundredths / divisor};
    std::vector<MoneyWan> parts;
    for (std::int64_t position = 0; position < divisor; ++position)
        parts.push_back(
            position + 1 == divisor ? MoneyWan{amount.hundredths - part.hundredths * (divisor - 1)} : part);
    return parts;
}

std::string unpaid_total(const Project& project) {
    MoneyWan total;
    for (const LedgerTranche& tranche : project.tranches) {
        if (tranche.state == TrancheState::Planned || tranche.state == TrancheState::Due)
            total.hundredths += tranche.amount.hundredths;
    }
    return format_money_wan(total);
}

// [SECTION] create

Status check_listing(const Profile& profile, const CreateProject& request) {
    const Listing& listing = request.listing;
    if (auto status = check_identifier(listing.id, "listing_id"); !status)
        return status;
    if (listing.profile_id != profile.id) {
        return Error("lifecycle.profile_mismatch", "profile",
                     "listing of profile " + listing.profile_id + " under profile " + profile.id)
            .with("value", listing.profile_id)
            .with("expected", profile.id);
    }
    if (!profile.has_mechanism(listing.mechanism)) {
        return Error("lifecycle.mechanism_not_in_profile", "mechanism",
                     "profile " + profile.id + " has no mechanism " + listing.mechanism)
            .with("value", listing.mechanism);
    }
    if (!request.county_admin_code.empty() && profile.county_by_code(request.county_admin_code) == nullptr) {
        return Error("lifecycle.unknown_county", "county",
                     "county " + request.county_admin_code + " not in " + profile.id)
            .with("value", request.county_admin_code);
    }
    const bool type_known = profile.project_types.empty()
                                ? listing.project_type_id.empty()
                                : profile.project_type(listing.project_type_id) != nullptr;
    if (!type_known) {
        return Error("lifecycle.unknown_project_type", "project_type",
                     "project type '" + listing.project_type_id + "' is not one of " + profile.id)
            .with("value", listing.project_type_id);
    }
    if (listing.issuer_kind != "enterprise" && listing.issuer_kind != "non_enterprise") {
        return Error("lifecycle.issuer_kind", "issuer_kind", "issuer kind is enterprise or non_enterprise")
            .with("value", listing.issuer_kind);
    }
    if (auto status = check_text(listing.title, "title", 200, true); !status)
        return status;
    return check_text(listing.issuer_name, "issuer_name", 200, true);
}

// [SECTION] review and selection

Status add_bid(const Profile&, const AddBid& input, Project& project, LifecycleAuditRecord& record) {
    if (project.state != ProjectState::Review)
        return wrong_state(project, "add_bid");
    if (auto status = check_identifier(input.bid_id, "bid_id"); !status)
        return status;
    if (!input.receipt_number.empty()) {
        if (auto status = check_identifier(input.receipt_number, "receipt_number"); !status)
            return status;
    }
    if (auto status = check_text(input.solver_name, "solver_name", 200, true); !status)
        return status;
    if (auto status = check_text(input.team, "team", 100, false); !status)
        return status;
    if (!input.solver_uscc.empty()) {
        if (auto checked = check_uscc(input.solver_uscc); !checked)
            return checked.error();
    }
    if (auto date = required_date(input.on, "on"); !date)
        return date.error();
    if (project.bid(input.bid_id) != nullptr) {
        return Error("lifecycle.bid_exists", "bid_id", "bid " + input.bid_id + " is in the project already")
            .with("id", input.bid_id);
    }
    // Several teams of one unit may bid (seed 002 article 5): the unit's code is not unique.
    ProjectBid bid;
    bid.bid_id = input.bid_id;
    bid.receipt_number = input.receipt_number;
    bid.solver_name = input.solver_name;
    bid.solver_uscc = input.solver_uscc;
    bid.team = input.team;
    project.bids.push_back(std::move(bid));
    record.after = {{"bid_id", input.bid_id}, {"bids", std::to_string(project.bids.size())}};
    return ok_status();
}

Result<ProjectBid*> bid_under_review(Project& project, std::string_view bid_id, std::string_view action) {
    if (project.state != ProjectState::Review)
        return wrong_state(project, action);
    ProjectBid* bid = project.bid(bid_id);
    if (bid == nullptr) {
        return Error("lifecycle.unknown_bid", "bid_id", "no bid " + std::string(bid_id) + " in the project")
            .with("id", std::string(bid_id));
    }
    return bid;
}

Status record_score(const Profile& profile, const RecordScore& input, Project& project,
                    LifecycleAuditRecord& record) {
    Result<ProjectBid*> bid = bid_under_review(project, input.bid_id, "score");
    if (!bid)
        return bid.error();
    if (auto status = check_identifier(input.expert_id, "expert_id"); !status)
        return status;
    if (input.score < 0 || input.score > profile.lifecycle->score_maximum) {
        return Error("lifecycle.score_range", "score",
                     "a score is 0.." + std::to_string(profile.lifecycle->score_maximum))
            .with("min", "0")
            .with("max", std::to_string(profile.lifecycle->score_maximum))
            .with("value", std::to_string(input.score));
    }
    if (auto date = required_date(input.on, "on"); !date)
        return date.error();
    record.before = {{"bid_id", input.bid_id}, {"expert_id", input.expert_id}};
    record.after = record.before;
    for (ExpertScore& score : (*bid)->scores) {
        if (score.expert_id == input.expert_id) {  // a correction: the audit keeps the old score
            record.before.emplace_back("score", std::to_string(score.score));
            score.score = input.score;
            score.scored_on = input.on;
            record.after.emplace_back("score", std::to_string(input.score));
            return ok_status();
        }
    }
    (*bid)->scores.push_back(ExpertScore{input.expert_id, input.score, input.on});
    record.after.emplace_back("score", std::to_string(input.score));
    return ok_status();
}

Status record_recommendation(const Profile&, const RecordRecommendation& input, Project& project,
                             LifecycleAuditRecord& record) {
    Result<ProjectBid*> bid = bid_under_review(project, input.bid_id, "recommend");
    if (!bid)
        return bid.error();
    if ((*bid)->scores.empty()) {
        return Error("lifecycle.bid_not_scored", "bid_id", "a bid is scored before it is recommended")
            .with("id", input.bid_id);
    }
    if (auto status = check_text(input.note, "note", 500, false); !status)
        return status;
    if (auto date = required_date(input.on, "on"); !date)
        return date.error();
    record.before = {{"bid_id", input.bid_id},
                     {"recommendation", std::string(recommendation_code((*bid)->recommendation))}};
    (*bid)->recommendation = input.recommended ? Recommendation::Recommended : Recommendation::NotRecommended;
    (*bid)->recommendation_note = input.note;
    record.after = {{"bid_id", input.bid_id},
                    {"recommendation", std::string(recommendation_code((*bid)->recommendation))}};
    return ok_status();
}

Status select_solvers(const Profile& profile, const SelectSolvers& input, Project& project,
                      LifecycleAuditRecord& record) {
    const LifecyclePolicy& policy = *profile.lifecycle;
    if (!before_selection_is_over(project))
        return wrong_state(project, "select");
    Result<CalendarDate> on = required_date(input.on, "on");
    if (!on)
        return on.error();
    int unreviewed = 0;
    for (const ProjectBid& bid : project.bids)
        unreviewed += bid.recommendation == Recommendation::None ? 1 : 0;
    if (project.bids.empty() || unreviewed > 0) {  // I2: the review is complete before the choice
        return Error("lifecycle.bids_not_reviewed", "bids",
                     "every bid needs a recommendation before the selection")
            .with("count", std::to_string(project.bids.empty() ? 0 : unreviewed));
    }
    std::set<std::string> chosen;
    for (const std::string& bid_id : input.bid_ids) {
        const ProjectBid* bid = project.bid(bid_id);
        if (bid == nullptr)
            return Error("lifecycle.unknown_bid", "bid_id", "no bid " + bid_id).with("id", bid_id);
        if (bid->recommendation != Recommendation::Recommended) {
            return Error("lifecycle.bid_not_recommended", "bid_id", "bid " + bid_id + " was not recommended")
                .with("id", bid_id);
        }
        if (!chosen.insert(bid_id).second)
            return Error("lifecycle.bid_named_twice", "bid_id", "bid " + bid_id + " named twice")
                .with("id", bid_id);
    }
    // I3: one solver for 揭榜挂帅, at least the profile's minimum for 赛马.
    const int count = static_cast<int>(chosen.size());
    if (project.mechanism == "race") {
        if (count < race_minimum(profile)) {
            return Error("lifecycle.selection_count", "bid_ids",
                         "a race selects at least " + std::to_string(race_minimum(profile)) + " solvers")
                .with("minimum", std::to_string(race_minimum(profile)))
                .with("count", std::to_string(count));
        }
    } else if (count != 1) {
        return Error("lifecycle.selection_single", "bid_ids",
                     "a single-solver listing selects exactly one solver")
            .with("count", std::to_string(count));
    }
    const std::string& decided_by = project.issuer_kind == "enterprise"
                                        ? policy.enterprise_listing_selection
                                        : policy.non_enterprise_listing_selection;
    if (decided_by == "issuer_with_bureau" && !input.issuer_consent) {
        return Error("lifecycle.issuer_consent_required", "issuer_consent",
                     "the issuer leads this choice: record the issuer's consent");
    }
    if (!input.signing_deadline.empty()) {
        if (!policy.forfeit_when_unsigned)  // a deadline means forfeiture; cities without it set none
            return not_in_profile(profile, "signing_deadline");
        Result<CalendarDate> deadline = CalendarDate::parse(input.signing_deadline, "signing_deadline");
        if (!deadline)
            return deadline.error();
        if (*deadline < *on)
            return Error("lifecycle.deadline_before_selection", "signing_deadline",
                         "the deadline is before the selection");
        project.signing_deadline = deadline->to_string();
    }
    for (ProjectBid& bid : project.bids)
        bid.state = chosen.contains(bid.bid_id) ? BidState::Selected : BidState::NotSelected;
    project.selected_on = on->to_string();
    project.selection_decided_by = decided_by;
    project.state = ProjectState::Selected;
    start_signing_period(project, policy, *on);
    record.after = {{"solvers", join_ids(input.bid_ids)}, {"decided_by", decided_by}};
    if (!project.signing_deadline.empty())
        record.after.emplace_back("signing_deadline", project.signing_deadline);
    return ok_status();
}

// [SECTION] agreement, registration, approval

void complete_agreement(Project& project, const LifecyclePolicy& policy) {
    std::string last_signature;
    std::string earliest_start;
    std::string latest_end;
    for (const ProjectBid* bid : project.active_solvers()) {
        last_signature = std::max(last_signature, bid->signed_on);
        earliest_start = earliest_start.empty() ? bid->start_on : std::min(earliest_start, bid->start_on);
        latest_end = std::max(latest_end, bid->end_on);
    }
    project.agreed_on = last_signature;
    project.start_on = earliest_start;
    project.end_on = latest_end;
    project.original_end_on = latest_end;
    project.state = state_after_stage(project, policy, "agreement");
}

Status sign_agreement(const Profile& profile, const SignAgreement& input, Project& project,
                      LifecycleAuditRecord& record) {
    const LifecyclePolicy& policy = *profile.lifecycle;
    if (auto status = expect_next_stage(profile, project, "agreement", "agree", input.signed_on); !status)
        return status;
    ProjectBid* bid = project.bid(input.bid_id);
    if (bid == nullptr)
        return Error("lifecycle.unknown_bid", "bid_id", "no bid " + input.bid_id).with("id", input.bid_id);
    if (!bid->active())
        return Error("lifecycle.solver_not_active", "bid_id",
                     "bid " + input.bid_id + " is not a selected solver")
            .with("id", input.bid_id);
    if (bid->signed_agreement())
        return Error("lifecycle.agreement_exists", "bid_id", "solver " + input.bid_id + " signed already")
            .with("id", input.bid_id);
    Result<CalendarDate> signed_on = required_date(input.signed_on, "signed_on");
    if (!signed_on)
        return signed_on.error();
    Result<CalendarDate> start = required_date(input.start_on, "start_on");
    if (!start)
        return start.error();
    Result<CalendarDate> end = required_date(input.end_on, "end_on");
    if (!end)
        return end.error();
    // I4: after the deadline the contract can no longer be signed (it is forfeited).
    if (!project.signing_deadline.empty() && signed_on->to_string() > project.signing_deadline) {
        return Error("lifecycle.signing_deadline_passed", "signed_on", "signed after the deadline")
            .with("value", signed_on->to_string())
            .with("expected", project.signing_deadline);
    }
    if (*end <= *start)
        return Error("lifecycle.period_invalid", "end_on", "the end is not after the start");
    const int months = profile.limits.implementation_period_months;
    if (months > 0 && *end > start->plus_months(months)) {
        return Error("lifecycle.period_too_long", "end_on", "longer than the implementation period")
            .with("maximum", std::to_string(months));
    }
    if (input.contract_value.hundredths <= 0)
        return Error("lifecycle.contract_value_required", "contract_value", "the contract value is required");
    if (input.contract_value.hundredths > maximum_money_wan_hundredths)
        return Error("money.too_large", "contract_value", "the contract value is too large");
    if (policy.contract_registration_required && input.contract_registration.empty()) {
        return Error("lifecycle.contract_registration_required", "contract_registration",
                     "the technology contract's registration number is required");
    }
    if (!input.contract_registration.empty()) {
        if (auto status = check_identifier(input.contract_registration, "contract_registration"); !status)
            return status;
    }
    bid->signed_on = signed_on->to_string();
    bid->start_on = start->to_string();
    bid->end_on = end->to_string();
    bid->contract_value = input.contract_value;
    bid->contract_registration = input.contract_registration;
    record.after = {{"bid_id", input.bid_id},
                    {"signed_on", bid->signed_on},
                    {"start_on", bid->start_on},
                    {"end_on", bid->end_on},
                    {"contract_value", format_money_wan(input.contract_value)}};
    const auto active = project.active_solvers();
    if (std::all_of(active.begin(), active.end(),
                    [](const ProjectBid* solver) { return solver->signed_agreement(); })) {
        complete_agreement(project, policy);
        record.after.emplace_back("agreed_on", project.agreed_on);
    }
    return ok_status();
}

Status forfeit_unsigned(const Profile& profile, const ForfeitUnsigned& input, Project& project,
                        LifecycleAuditRecord& record) {
    const LifecyclePolicy& policy = *profile.lifecycle;
    if (!policy.forfeit_when_unsigned)
        return not_in_profile(profile, "forfeit");
    if (auto status = expect_next_stage(profile, project, "agreement", "forfeit", input.on); !status)
        return status;
    Result<CalendarDate> on = required_date(input.on, "on");
    if (!on)
        return on.error();
    if (project.signing_deadline.empty())
        return Error("lifecycle.no_signing_deadline", "signing_deadline",
                     "the project has no signing deadline");
    if (on->to_string() <= project.signing_deadline) {
        return Error("lifecycle.signing_deadline_not_passed", "on", "the signing deadline has not passed")
            .with("expected", project.signing_deadline)
            .with("value", on->to_string());
    }
    std::vector<std::string> forfeited;
    for (ProjectBid& bid : project.bids) {
        if (bid.active() && !bid.signed_agreement()) {
            bid.state = BidState::Forfeited;
            forfeited.push_back(bid.bid_id);
        }
    }
    if (forfeited.empty())
        return Error("lifecycle.nothing_to_forfeit", "bids", "every selected solver has signed");
    const int remaining = static_cast<int>(project.active_solvers().size());
    const int required = project.mechanism == "race" ? race_minimum(profile) : 1;
    record.after = {{"forfeited", join_ids(forfeited)}, {"signing_deadline", project.signing_deadline}};
    if (remaining < required) {
        project.state = ProjectState::Forfeited;
        project.ended_on = on->to_string();
        project.ended_reason = "contract_not_signed";
    } else {
        complete_agreement(project, policy);
        record.after.emplace_back("agreed_on", project.agreed_on);
    }
    return ok_status();
}

Status register_project(const Profile& profile, const RegisterProject& input, Project& project,
                        LifecycleAuditRecord& record) {
    if (auto status = expect_next_stage(profile, project, "registration", "register", input.on); !status)
        return status;
    Result<CalendarDate> on = required_date(input.on, "on");
    if (!on)
        return on.error();
    project.registered_on = on->to_string();
    project.state = state_after_stage(project, *profile.lifecycle, "registration");
    start_signing_period(project, *profile.lifecycle, *on);
    record.after = {{"registered_on", project.registered_on}};
    return ok_status();
}

Status open_notice(const Profile& profile, const OpenNotice& input, Project& project,
                   LifecycleAuditRecord& record) {
    const LifecyclePolicy& policy = *profile.lifecycle;
    if (policy.public_notice_days == 0)
        return not_in_profile(profile, "public_notice");
    if (project.state == ProjectState::InNotice)
        return wrong_state(project, "open_notice");
    if (auto status = expect_next_stage(profile, project, "approval", "open_notice", input.start_on); !status)
        return status;
    Result<CalendarDate> start = required_date(input.start_on, "start_on");
    if (!start)
        return start.error();
    project.notice_start = start->to_string();
    project.notice_end = start->plus_days(policy.public_notice_days - 1).to_string();
    project.state = ProjectState::InNotice;
    record.after = {{"notice_start", project.notice_start}, {"notice_end", project.notice_end}};
    return ok_status();
}

Status file_objection(const Profile&, const FileObjection& input, Project& project,
                      LifecycleAuditRecord& record) {
    if (project.state != ProjectState::InNotice)
        return wrong_state(project, "file_objection");
    Result<CalendarDate> received = required_date(input.received_on, "received_on");
    if (!received)
        return received.error();
    if (received->to_string() < project.notice_start || received->to_string() > project.notice_end) {
        return Error("lifecycle.objection_outside_notice", "received_on",
                     "received outside the notice period")
            .with("from", project.notice_start)
            .with("to", project.notice_end);
    }
    if (auto status = check_text(input.summary, "summary", 2000, true); !status)
        return status;
    Objection objection;
    objection.number = static_cast<int>(project.objections.size()) + 1;
    objection.received_on = received->to_string();
    objection.summary = input.summary;
    project.objections.push_back(std::move(objection));
    record.after = {{"objection", std::to_string(project.objections.back().number)}, {"resolution", "open"}};
    return ok_status();
}

Status resolve_objection(const Profile&, const ResolveObjection& input, Project& project,
                         LifecycleAuditRecord& record) {
    if (project.state != ProjectState::InNotice)
        return wrong_state(project, "resolve_objection");
    if (input.number < 1 || input.number > static_cast<int>(project.objections.size())) {
        return Error("lifecycle.unknown_objection", "number", "no such objection")
            .with("id", std::to_string(input.number));
    }
    Objection& objection = project.objections[static_cast<std::size_t>(input.number - 1)];
    if (objection.resolution != ObjectionResolution::Open) {
        return Error("lifecycle.objection_resolved", "number", "the objection is resolved already")
            .with("id", std::to_string(input.number));
    }
    Result<CalendarDate> on = required_date(input.on, "on");
    if (!on)
        return on.error();
    if (auto status = check_text(input.note, "note", 2000, true); !status)
        return status;
    objection.resolution = input.upheld ? ObjectionResolution::Upheld : ObjectionResolution::Dismissed;
    objection.resolved_on = on->to_string();
    objection.resolution_note = input.note;
    record.before = {{"objection", std::to_string(input.number)}, {"resolution", "open"}};
    record.after = {{"objection", std::to_string(input.number)},
                    {"resolution", std::string(objection_resolution_code(objection.resolution))}};
    return ok_status();
}

Status approve_project(const Profile& profile, const LifecycleContext& context, const ApproveProject& input,
                       Project& project, LifecycleAuditRecord& record) {
    const LifecyclePolicy& policy = *profile.lifecycle;
    if (auto status = expect_next_stage(profile, project, "approval", "approve", input.on); !status)
        return status;
    Result<CalendarDate> on = required_date(input.on, "on");
    if (!on)
        return on.error();
    if (policy.public_notice_days > 0) {
        if (input.waive_notice) {
            if (!policy.public_notice_waivable)
                return Error("lifecycle.notice_not_waivable", "waive_notice",
                             "this city does not waive the notice");
            if (auto status = check_text(input.waiver_reason, "waiver_reason", 500, true); !status)
                return status;
        } else {
            // I8: 立项 only after a notice period without open or upheld objections.
            if (project.state != ProjectState::InNotice)
                return Error("lifecycle.notice_not_opened", "state", "the public notice has not been opened");
            if (on->to_string() <= project.notice_end) {
                return Error("lifecycle.notice_running", "on", "the public notice is still running")
                    .with("to", project.notice_end);
            }
            for (const Objection& objection : project.objections) {
                if (objection.resolution == ObjectionResolution::Open) {
                    return Error("lifecycle.objection_open", "objections", "an objection is not resolved")
                        .with("id", std::to_string(objection.number));
                }
                if (objection.resolution == ObjectionResolution::Upheld) {
                    return Error("lifecycle.objection_upheld", "objections", "an objection was upheld")
                        .with("id", std::to_string(objection.number));
                }
            }
        }
    } else if (input.waive_notice) {
        return not_in_profile(profile, "public_notice");
    }
    // I11: the profile's yearly limit of 立项 (forfeited and withdrawn projects do not count).
    const int limit = profile.limits.projects_per_year_max;
    if (limit > 0 && context.approved_in_year >= limit) {
        return Error("lifecycle.yearly_limit_reached", "on", "the year's limit of projects is reached")
            .with("limit", std::to_string(limit))
            .with("count", std::to_string(context.approved_in_year))
            .with("value", std::to_string(on->year()));
    }
    std::string number = input.project_number;
    if (!number.empty()) {
        if (auto status = check_identifier(number, "project_number"); !status)
            return status;
        if (context.project_number_taken)
            return Error("lifecycle.project_number_taken", "project_number", "number in use")
                .with("value", number);
    } else {
        number = context.next_project_number;
        if (number.empty())
            return Error("lifecycle.project_number_required", "project_number", "no project number");
    }
    project.approved_on = on->to_string();
    project.approval_year = on->year();
    project.project_number = number;
    project.notice_waived = input.waive_notice;
    project.state = state_after_stage(project, policy, "approval");
    start_signing_period(project, policy, *on);
    record.after = {{"approved_on", project.approved_on}, {"project_number", number}};
    if (input.waive_notice)
        record.after.emplace_back("notice_waived", "true");
    if (!project.signing_deadline.empty() && next_stage(project, policy) == "agreement")
        record.after.emplace_back("signing_deadline", project.signing_deadline);
    return ok_status();
}

// [SECTION] funding and payments

Status plan_funding(const Profile& profile, const PlanFunding& input, Project& project,
                    LifecycleAuditRecord& record) {
    const bool plannable = in_stages(project) || project.state == ProjectState::InProgress;
    if (!plannable)
        return wrong_state(project, "plan_funding");
    Result<CalendarDate> on = required_date(input.on, "on");
    if (!on)
        return on.error();
    if (!project.payments.empty()) {  // I12: a plan is fixed once money has been paid
        return Error("lifecycle.funding_already_paid", "funding",
                     "a tranche has been paid: the plan is fixed")
            .with("value", format_money_wan(project.paid_total()));
    }
    const FundingScheme* scheme =
        profile.funding.scheme(profile.funding.default_subsidy_kind, project.project_type_id);
    if (scheme == nullptr)
        return Error("funding.unknown_subsidy_kind", "subsidy_kind", "no scheme for the project type");
    FundingRequest request;
    request.project_type_id = project.project_type_id;
    request.county_admin_code = project.county_admin_code;
    if (input.actual_contract_amount && scheme->amount_basis != "contract_amount") {
        return Error("lifecycle.actual_amount_not_applicable", "actual_contract_amount",
                     "this scheme is not computed from the contract amount")
            .with("value", scheme->amount_basis);
    }
    if (scheme->amount_basis == "bounty") {
        request.amount = project.bounty;
    } else if (scheme->amount_basis == "contract_amount") {
        if (input.actual_contract_amount) {
            request.amount = *input.actual_contract_amount;
        } else {
            if (project.agreed_on.empty())
                return Error("lifecycle.contract_value_missing", "contract_value",
                             "the contracts are not signed yet");
            for (const ProjectBid* solver : project.active_solvers())
                request.amount.hundredths += solver->contract_value.hundredths;
        }
    }
    Result<FundingResult> funding = calculate_funding(profile, request);
    if (!funding)
        return funding.error();
    Result<std::vector<LedgerTranche>> ledger =
        build_ledger(*funding, *profile.lifecycle, project.project_type_id);
    if (!ledger)
        return ledger.error();
    if (!project.funding.planned_on.empty())
        record.before = {{"subsidy", format_money_wan(project.funding.subsidy)}};
    FundingPlan plan;
    plan.planned_on = on->to_string();
    plan.subsidy_kind = funding->subsidy_kind;
    plan.scheme_name = funding->scheme_name;
    plan.method = funding->method;
    plan.amount_basis = funding->amount_basis;
    plan.base = funding->base;
    plan.rate_basis_points = funding->rate_basis_points;
    plan.cap = funding->cap;
    plan.capped = funding->capped;
    plan.subsidy = funding->subsidy;
    plan.cost_share_group = funding->cost_share_group;
    for (const FundingShare& share : funding->shares)
        plan.shares.push_back(PartyAmount{share.party, share.name, share.amount});
    project.funding = std::move(plan);
    project.tranches = std::move(ledger).value();
    refresh_tranches(project, on->to_string());
    record.after = {{"subsidy", format_money_wan(project.funding.subsidy)},
                    {"base", format_money_wan(project.funding.base)},
                    {"capped", project.funding.capped ? "true" : "false"}};
    for (const LedgerTranche& tranche : project.tranches)
        record.after.emplace_back("tranche." + tranche.tranche_id, format_money_wan(tranche.amount));
    for (const PartyAmount& share : project.funding.shares)
        record.after.emplace_back("share." + share.party, format_money_wan(share.amount));
    return ok_status();
}

Status pay_tranche(const Profile&, const PayTranche& input, Project& project, LifecycleAuditRecord& record) {
    LedgerTranche* tranche = project.tranche(input.tranche_id);
    if (tranche == nullptr) {
        return Error("lifecycle.unknown_tranche", "tranche",
                     "no tranche " + input.tranche_id + " in the plan")
            .with("id", input.tranche_id);
    }
    Result<CalendarDate> paid_on = required_date(input.paid_on, "paid_on");
    if (!paid_on)
        return paid_on.error();
    // I5: never before its condition; I6/I7: never once withheld or cancelled; never twice.
    switch (tranche->state) {
        case TrancheState::Due:
            break;
        case TrancheState::Planned:
            return Error("lifecycle.tranche_not_due", "tranche", "the tranche's condition is not met")
                .with("id", tranche->tranche_id)
                .with("expected", tranche->condition);
        case TrancheState::Paid:
            return Error("lifecycle.tranche_paid", "tranche", "the tranche is paid already")
                .with("id", tranche->tranche_id);
        case TrancheState::Withheld:
            return Error("lifecycle.tranche_withheld", "tranche", "the tranche is withheld")
                .with("id", tranche->tranche_id);
        case TrancheState::Cancelled:
            return Error("lifecycle.tranche_cancelled", "tranche", "the tranche is cancelled")
                .with("id", tranche->tranche_id);
    }
    if (paid_on->to_string() < tranche->due_since) {
        return Error("lifecycle.paid_before_due", "paid_on", "paid before the tranche fell due")
            .with("expected", tranche->due_since)
            .with("value", paid_on->to_string());
    }
    // I10: only the solvers active now are paid (an eliminated or forfeited solver receives nothing further).
    const std::vector<const ProjectBid*> payees = project.active_solvers();
    if (payees.empty())
        return Error("lifecycle.no_active_solver", "bids", "no active solver to pay");
    for (const PartyAmount& cell : tranche->shares) {
        const std::vector<MoneyWan> parts = equal_parts(cell.amount, payees.size());
        for (std::size_t position = 0; position < payees.size(); ++position) {
            project.payments.push_back(Payment{tranche->tranche_id, payees[position]->bid_id, cell.party,
                                               parts[position], paid_on->to_string()});
        }
    }
    tranche->state = TrancheState::Paid;
    tranche->paid_on = paid_on->to_string();
    record.before = {{"tranche", tranche->tranche_id}, {"tranche_state", "due"}};
    record.after = {{"tranche", tranche->tranche_id},
                    {"tranche_state", "paid"},
                    {"amount", format_money_wan(tranche->amount)},
                    {"paid_on", tranche->paid_on}};
    for (const ProjectBid* payee : payees)
        record.after.emplace_back("paid_to", payee->bid_id);
    return ok_status();
}

// [SECTION] implementation

Status record_midterm(const Profile&, const RecordMidtermReview& input, Project& project,
                      LifecycleAuditRecord& record) {
    if (project.state != ProjectState::InProgress)
        return wrong_state(project, "midterm_review");
    Result<CalendarDate> held = required_date(input.held_on, "held_on");
    if (!held)
        return held.error();
    if (input.outcome != "continue" && input.outcome != "stop") {
        return Error("lifecycle.midterm_outcome", "outcome", "the outcome is continue or stop")
            .with("value", input.outcome);
    }
    if (auto status = check_text(input.note, "note", 2000, false); !status)
        return status;
    if (!input.eliminated.empty() && project.mechanism != "race")
        return Error("lifecycle.elimination_not_race", "eliminated", "only a race eliminates solvers");
    std::set<std::string> eliminated;
    for (const std::string& bid_id : input.eliminated) {
        const ProjectBid* bid = project.bid(bid_id);
        if (bid == nullptr || !bid->active())
            return Error("lifecycle.solver_not_active", "eliminated", "not an active solver: " + bid_id)
                .with("id", bid_id);
        if (!eliminated.insert(bid_id).second)
            return Error("lifecycle.bid_named_twice", "eliminated", "named twice: " + bid_id)
                .with("id", bid_id);
    }
    MidtermReview review;
    review.number = static_cast<int>(project.reviews.size()) + 1;
    review.held_on = held->to_string();
    review.outcome = input.outcome;
    review.note = input.note;
    for (const ProjectBid* bid : project.active_solvers()) {
        if (!eliminated.contains(bid->bid_id))
            review.continuing.push_back(bid->bid_id);
    }
    review.eliminated.assign(input.eliminated.begin(), input.eliminated.end());
    if (input.outcome == "continue" && review.continuing.empty())
        return Error("lifecycle.no_solver_continues", "eliminated", "a review that continues keeps a solver");
    for (ProjectBid& bid : project.bids) {
        if (eliminated.contains(bid.bid_id)) {
            bid.state = BidState::Eliminated;
            bid.eliminated_on = review.held_on;
            bid.eliminated_in_review = review.number;
        }
    }
    project.reviews.push_back(review);
    record.before = {{"solvers", std::to_string(review.continuing.size() + review.eliminated.size())}};
    record.after = {{"review", std::to_string(review.number)},
                    {"outcome", review.outcome},
                    {"continuing", join_ids(review.continuing)}};
    if (!review.eliminated.empty())
        record.after.emplace_back("eliminated", join_ids(review.eliminated));
    if (input.outcome == "stop") {
        project.state = ProjectState::Stopped;
        project.ended_on = review.held_on;
        project.ended_reason = "midterm_stop";
    }
    refresh_tranches(project, review.held_on);
    // How the funding is concentrated: what is still to pay goes to the solvers that continue.
    record.after.emplace_back("unpaid", unpaid_total(project));
    record.after.emplace_back("shared_by", std::to_string(project.active_solvers().size()));
    return ok_status();
}

bool valid_period(std::string_view period, std::string_view cadence) {
    const auto digits = [](std::string_view text) {
        return std::all_of(text.begin(), text.end(),
                           [](char character) { return character >= '0' && character <= '9'; });
    };
    const bool monthly = period.size() == 7 && period[4] == '-' && digits(period.substr(0, 4)) &&
                         digits(period.substr(5)) && period.substr(5) >= "01" && period.substr(5) <= "12";
    const bool quarterly = period.size() == 7 && period.substr(4, 2) == "-Q" && digits(period.substr(0, 4)) &&
                           period[6] >= '1' && period[6] <= '4';
    if (cadence == "monthly")
        return monthly;
    if (cadence == "quarterly")
        return quarterly;
    return monthly || quarterly;
}

Status record_progress(const Profile& profile, const RecordProgress& input, Project& project,
                       LifecycleAuditRecord& record) {
    if (project.state != ProjectState::InProgress)
        return wrong_state(project, "progress_report");
    if (!valid_period(input.period, profile.lifecycle->progress_report_period)) {
        return Error("lifecycle.period_format", "period",
                     "a period is YYYY-MM or YYYY-Qn as the city reports")
            .with("value", input.period)
            .with("expected", profile.lifecycle->progress_report_period);
    }
    Result<CalendarDate> reported = required_date(input.reported_on, "reported_on");
    if (!reported)
        return reported.error();
    if (input.completion_basis_points < 0 || input.completion_basis_points > 10000)
        return Error("percent.range", "completion", "a percentage is between 0 and 100");
    if (auto status = check_text(input.note, "note", 2000, false); !status)
        return status;
    for (const ProgressReport& report : project.reports) {
        if (report.period == input.period)
            return Error("lifecycle.report_exists", "period", "a report for this period exists")
                .with("value", input.period);
    }
    project.reports.push_back(
        ProgressReport{input.period, reported->to_string(), input.completion_basis_points, input.note});
    record.after = {{"period", input.period},
                    {"completion_percent", format_money_wan(MoneyWan{input.completion_basis_points})}};
    return ok_status();
}

Status extend_project(const Profile& profile, const ExtendProject& input, Project& project,
                      LifecycleAuditRecord& record) {
    if (!profile.lifecycle->extension_allowed)
        return not_in_profile(profile, "extension");
    if (project.state != ProjectState::InProgress)
        return wrong_state(project, "extend");
    Result<CalendarDate> approved = required_date(input.approved_on, "approved_on");
    if (!approved)
        return approved.error();
    Result<CalendarDate> new_end = required_date(input.new_end, "new_end");
    if (!new_end)
        return new_end.error();
    if (new_end->to_string() <= project.end_on) {
        return Error("lifecycle.extension_not_later", "new_end", "the new end is not later")
            .with("value", new_end->to_string())
            .with("expected", project.end_on);
    }
    if (auto status = check_text(input.reason, "reason", 500, true); !status)
        return status;
    Extension extension{static_cast<int>(project.extensions.size()) + 1, approved->to_string(),
                        project.end_on, new_end->to_string(), input.reason};
    record.before = {{"end_on", project.end_on}};
    project.end_on = extension.new_end;
    project.extensions.push_back(std::move(extension));
    record.after = {{"end_on", project.end_on}, {"extension", std::to_string(project.extensions.size())}};
    return ok_status();
}

Status terminate_project(const Profile& profile, const TerminateProject& input, Project& project,
                         LifecycleAuditRecord& record) {
    const LifecyclePolicy& policy = *profile.lifecycle;
    if (!policy.termination_allowed)
        return not_in_profile(profile, "termination");
    if (project.state != ProjectState::InProgress && project.state != ProjectState::Stopped)
        return wrong_state(project, "terminate");
    Result<CalendarDate> decided = required_date(input.decided_on, "decided_on");
    if (!decided)
        return decided.error();
    if (auto status = check_text(input.reason, "reason", 500, true); !status)
        return status;
    MoneyWan total;
    std::set<std::string> kinds;
    for (const auto& [kind, amount] : input.recoveries) {
        if (!policy.is_recoverable(kind)) {
            return Error("lifecycle.recovery_not_applicable", "recoveries",
                         "this city does not recover " + kind)
                .with("value", kind);
        }
        if (!kinds.insert(kind).second)
            return Error("lifecycle.recovery_named_twice", "recoveries", kind + " named twice")
                .with("value", kind);
        if (amount.hundredths <= 0)
            return Error("lifecycle.recovery_amount", "recoveries", "a recovery is a positive amount")
                .with("value", kind);
        total.hundredths += amount.hundredths;
    }
    // I13: what is recovered never exceeds what was paid.
    const MoneyWan paid = project.paid_total();
    if (total > paid) {
        return Error("lifecycle.recovery_exceeds_paid", "recoveries", "more than was paid")
            .with("value", format_money_wan(total))
            .with("total", format_money_wan(paid));
    }
    const std::string unpaid = unpaid_total(project);
    record.before = {{"paid", format_money_wan(paid)}, {"unpaid", unpaid}};
    for (const auto& [kind, amount] : input.recoveries) {
        Recovery recovery;
        recovery.kind = kind;
        recovery.amount = amount;
        recovery.decided_on = decided->to_string();
        // Back to each party in proportion to what it paid; the last party takes the remainder.
        std::vector<PartyAmount> shares;
        for (const PartyAmount& share : project.funding.shares) {
            if (project.paid_by(share.party).hundredths > 0)
                shares.push_back(PartyAmount{share.party, share.name, MoneyWan{}});
        }
        std::int64_t assigned = 0;
        for (std::size_t position = 0; position < shares.size(); ++position) {
            if (position + 1 == shares.size()) {
                shares[position].amount = MoneyWan{amount.hundredths - assigned};
            } else {
                const std::int64_t basis_points =
                    (project.paid_by(shares[position].party).hundredths * 10000 + paid.hundredths / 2) /
                    paid.hundredths;
                shares[position].amount = part_by_basis_points(amount, basis_points);
                assigned += shares[position].amount.hundredths;
            }
        }
        recovery.shares = std::move(shares);
        project.recoveries.push_back(std::move(recovery));
        record.after.emplace_back("recovered." + kind, format_money_wan(amount));
    }
    project.state = ProjectState::Terminated;
    if (project.ended_on.empty())
        project.ended_on = decided->to_string();
    project.ended_reason = project.ended_reason.empty() ? "terminated" : project.ended_reason;
    refresh_tranches(project, decided->to_string());
    record.after.emplace_back("cancelled_unpaid", unpaid);
    return ok_status();
}

// [SECTION] acceptance and the end

Status record_acceptance(const Profile& profile, const RecordAcceptance& input, Project& project,
                         LifecycleAuditRecord& record) {
    const LifecyclePolicy& policy = *profile.lifecycle;
    if (project.state != ProjectState::InProgress)
        return wrong_state(project, "accept");
    Result<CalendarDate> held = required_date(input.held_on, "held_on");
    if (!held)
        return held.error();
    if (policy.midterm_review_required || project.mechanism == "race") {
        if (!condition_met(project, "midterm_passed"))
            return Error("lifecycle.midterm_review_missing", "reviews", "no mid-term review has passed");
    }
    std::string applied_on;
    if (policy.acceptance_application_months > 0 || !input.applied_on.empty()) {
        Result<CalendarDate> applied = required_date(input.applied_on, "applied_on");
        if (!applied)
            return applied.error();
        Result<CalendarDate> end = CalendarDate::parse(project.end_on, "end_on");
        if (!end)
            return end.error();
        // Seed 002 article 13: apply within the month after the end (early acceptance is allowed).
        if (policy.acceptance_application_months > 0 &&
            *applied > end->plus_months(policy.acceptance_application_months)) {
            return Error("lifecycle.acceptance_application_late", "applied_on", "applied too late")
                .with("value", applied->to_string())
                .with("expected", end->plus_months(policy.acceptance_application_months).to_string());
        }
        if (*held < *applied)
            return Error("lifecycle.acceptance_before_application", "held_on", "held before the application");
        applied_on = applied->to_string();
    }
    if (input.completion_basis_points < 0 || input.completion_basis_points > 10000)
        return Error("percent.range", "completion", "a percentage is between 0 and 100");
    if (auto status = check_text(input.note, "note", 2000, false); !status)
        return status;
    std::set<std::string> answered;
    for (const auto* list : {&input.conditions_met, &input.conditions_failed}) {
        for (const std::string& condition : *list) {
            if (policy.acceptance_condition(condition) == nullptr) {
                return Error("lifecycle.unknown_condition", "conditions",
                             "not a condition of this city: " + condition)
                    .with("value", condition);
            }
            if (!answered.insert(condition).second)
                return Error("lifecycle.condition_named_twice", "conditions", condition + " answered twice")
                    .with("value", condition);
        }
    }
    for (const AcceptanceConditionRule& rule : policy.acceptance_conditions) {
        if (!answered.contains(rule.id)) {
            return Error("lifecycle.condition_unanswered", "conditions", "condition not answered: " + rule.id)
                .with("value", rule.id);
        }
    }
    // I7: below the threshold, or any condition failed, the acceptance fails and withholds what is unpaid.
    const int threshold = profile.limits.acceptance_minimum_completion_basis_points;
    AcceptanceRecord acceptance;
    acceptance.applied_on = applied_on;
    acceptance.held_on = held->to_string();
    acceptance.completion_basis_points = input.completion_basis_points;
    acceptance.conditions_met = input.conditions_met;
    acceptance.conditions_failed = input.conditions_failed;
    acceptance.passed = input.completion_basis_points >= threshold && input.conditions_failed.empty();
    acceptance.note = input.note;
    project.acceptance = acceptance;
    project.state = acceptance.passed ? ProjectState::Accepted : ProjectState::AcceptanceFailed;
    refresh_tranches(project, acceptance.held_on);
    record.after = {{"completion_percent", format_money_wan(MoneyWan{input.completion_basis_points})},
                    {"threshold_percent", format_money_wan(MoneyWan{threshold})},
                    {"passed", acceptance.passed ? "true" : "false"}};
    if (!input.conditions_failed.empty())
        record.after.emplace_back("conditions_failed", join_ids(input.conditions_failed));
    for (const LedgerTranche& tranche : project.tranches) {
        if (tranche.state == TrancheState::Withheld || tranche.state == TrancheState::Due)
            record.after.emplace_back("tranche." + tranche.tranche_id,
                                      std::string(tranche_state_code(tranche.state)));
    }
    return ok_status();
}

Status close_project(const Profile&, const CloseProject& input, Project& project,
                     LifecycleAuditRecord& record) {
    const bool closable = project.state == ProjectState::Accepted ||
                          project.state == ProjectState::AcceptanceFailed ||
                          project.state == ProjectState::Terminated || project.state == ProjectState::Stopped;
    if (!closable)
        return wrong_state(project, "close");
    Result<CalendarDate> on = required_date(input.on, "on");
    if (!on)
        return on.error();
    if (auto status = check_text(input.note, "note", 2000, false); !status)
        return status;
    for (const LedgerTranche& tranche : project.tranches) {
        if (tranche.state == TrancheState::Due || tranche.state == TrancheState::Planned) {
            return Error("lifecycle.tranche_outstanding", "tranche", "a tranche is still to be paid")
                .with("id", tranche.tranche_id);
        }
    }
    project.closed_on = on->to_string();
    project.state = ProjectState::Closed;
    record.after = {{"closed_on", project.closed_on},
                    {"paid", format_money_wan(project.paid_total())},
                    {"recovered", format_money_wan(project.recovered_total())}};
    return ok_status();
}

Status withdraw_project(const Profile&, const WithdrawProject& input, Project& project,
                        LifecycleAuditRecord& record) {
    if (!before_selection_is_over(project) && !in_stages(project))
        return wrong_state(project, "withdraw");
    if (!project.payments.empty())
        return Error("lifecycle.funding_already_paid", "funding", "money has been paid: terminate instead");
    Result<CalendarDate> on = required_date(input.on, "on");
    if (!on)
        return on.error();
    if (auto status = check_text(input.reason, "reason", 500, true); !status)
        return status;
    project.state = ProjectState::Withdrawn;
    project.ended_on = on->to_string();
    project.ended_reason = "withdrawn";
    refresh_tranches(project, project.ended_on);
    record.after = {{"ended_on", project.ended_on}};
    return ok_status();
}

// [SECTION] dispatch

template <class... Handlers>
struct Overloaded : Handlers... {
    using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

// The business date of an action (already checked by its handler).
std::string action_date(const LifecycleAction& action) {
    return std::visit(Overloaded{
                          [](const AddBid& input) { return input.on; },
                          [](const RecordScore& input) { return input.on; },
                          [](const RecordRecommendation& input) { return input.on; },
                          [](const SelectSolvers& input) { return input.on; },
                          [](const SignAgreement& input) { return input.signed_on; },
                          [](const ForfeitUnsigned& input) { return input.on; },
                          [](const RegisterProject& input) { return input.on; },
                          [](const OpenNotice& input) { return input.start_on; },
                          [](const FileObjection& input) { return input.received_on; },
                          [](const ResolveObjection& input) { return input.on; },
                          [](const ApproveProject& input) { return input.on; },
                          [](const PlanFunding& input) { return input.on; },
                          [](const PayTranche& input) { return input.paid_on; },
                          [](const RecordMidtermReview& input) { return input.held_on; },
                          [](const RecordProgress& input) { return input.reported_on; },
                          [](const ExtendProject& input) { return input.approved_on; },
                          [](const TerminateProject& input) { return input.decided_on; },
                          [](const RecordAcceptance& input) { return input.held_on; },
                          [](const CloseProject& input) { return input.on; },
                          [](const WithdrawProject& input) { return input.on; },
                      },
                      action);
}

}  // namespace

std::string_view action_name(const LifecycleAction& action) {
    return std::visit(Overloaded{
                          [](const AddBid&) { return std::string_view("add_bid"); },
                          [](const RecordScore&) { return std::string_view("score"); },
                          [](const RecordRecommendation&) { return std::string_view("recommend"); },
                          [](const SelectSolvers&) { return std::string_view("select"); },
                          [](const SignAgreement&) { return std::string_view("agree"); },
                          [](const ForfeitUnsigned&) { return std::string_view("forfeit"); },
                          [](const RegisterProject&) { return std::string_view("register"); },
                          [](const OpenNotice&) { return std::string_view("open_notice"); },
                          [](const FileObjection&) { return std::string_view("file_objection"); },
                          [](const ResolveObjection&) { return std::string_view("resolve_objection"); },
                          [](const ApproveProject&) { return std::string_view("approve"); },
                          [](const PlanFunding&) { return std::string_view("plan_funding"); },
                          [](const PayTranche&) { return std::string_view("pay_tranche"); },
                          [](const RecordMidtermReview&) { return std::string_view("midterm_review"); },
                          [](const RecordProgress&) { return std::string_view("progress_report"); },
                          [](const ExtendProject&) { return std::string_view("extend"); },
                          [](const TerminateProject&) { return std::string_view("terminate"); },
                          [](const RecordAcceptance&) { return std::string_view("accept"); },
                          [](const CloseProject&) { return std::string_view("close"); },
                          [](const WithdrawProject&) { return std::string_view("withdraw"); },
                      },
                      action);
}

bool role_may(Role role, std::string_view action) {
    if (role == Role::Admin)
        return true;
    if (role == Role::County)
        return false;
    for (const ActionRoles& entry : action_roles) {
        if (entry.action == action)
            return role == Role::Reviewer ? entry.reviewer : entry.publisher;
    }
    return false;
}

std::optional<int> approval_year_of(const LifecycleAction& action) {
    if (const auto* approve = std::get_if<ApproveProject>(&action)) {
        Result<CalendarDate> on = CalendarDate::parse(approve->on, "on");
        if (on)
            return on->year();
    }
    return std::nullopt;
}

std::string project_number_for(const LifecyclePolicy& policy, int year, int sequence) {
    std::string number = std::to_string(sequence);
    while (number.size() < 3)
        number.insert(number.begin(), '0');
    return policy.project_number_prefix + "-" + std::to_string(year) + "-" + number;
}

namespace {

Status check_actor(const Profile& profile, const Actor& actor, std::string_view action) {
    if (profile.lifecycle == nullptr) {
        return Error("lifecycle.not_configured", "lifecycle",
                     "profile " + profile.id + " has no lifecycle section")
            .with("value", profile.id);
    }
    if (auto status = check_identifier(actor.id, "actor"); !status)
        return status;
    // I14: every transition is made by a role allowed to make it; county staff only look.
    if (!role_may(actor.role, action)) {
        return Error("lifecycle.role_not_allowed", "role",
                     std::string(role_code(actor.role)) + " may not " + std::string(action))
            .with("value", std::string(role_code(actor.role)))
            .with("id", std::string(action));
    }
    return ok_status();
}

}  // namespace

Result<LifecycleAuditRecord> create_project(const Profile& profile, const Actor& actor,
                                            const CreateProject& request, std::int64_t now,
                                            Project& created) {
    if (auto status = check_actor(profile, actor, "create"); !status)
        return status.error();
    if (auto status = check_listing(profile, request); !status)
        return status.error();
    Result<CalendarDate> on = required_date(request.on, "on");
    if (!on)
        return on.error();
    Result<MoneyWan> bounty = parse_money_wan(request.listing.bounty_wan);
    if (!bounty) {
        Error error = bounty.error();
        error.field = "bounty";
        return error;
    }
    Project project;
    project.project_id = request.listing.id;
    project.profile_id = profile.id;
    project.title = request.listing.title;
    project.issuer_name = request.listing.issuer_name;
    project.issuer_kind = request.listing.issuer_kind;
    project.county_admin_code = request.county_admin_code;
    project.project_type_id = request.listing.project_type_id;
    project.mechanism = request.listing.mechanism;
    project.bounty = *bounty;
    project.state = ProjectState::Review;
    project.created_on = on->to_string();
    LifecycleAuditRecord record = audit_for(actor, project, "create", now);
    record.state_before.clear();
    record.state_after = std::string(project_state_code(project.state));
    record.after = {{"listing", project.project_id},
                    {"mechanism", project.mechanism},
                    {"county", project.county_admin_code.empty() ? "city_level" : project.county_admin_code},
                    {"bounty", format_money_wan(project.bounty)}};
    created = std::move(project);
    return record;
}

Result<LifecycleAuditRecord> apply_action(const Profile& profile, const LifecycleContext& context,
                                          const Actor& actor, const LifecycleAction& action, std::int64_t now,
                                          Project& project) {
    const std::string_view name = action_name(action);
    if (auto status = check_actor(profile, actor, name); !status)
        return status.error();
    if (project.profile_id != profile.id) {
        return Error("lifecycle.profile_mismatch", "profile",
                     "the project belongs to profile " + project.profile_id)
            .with("value", project.profile_id)
            .with("expected", profile.id);
    }
    if (is_final_state(project.state))
        return wrong_state(project, name);
    Project changed = project;
    LifecycleAuditRecord record = audit_for(actor, changed, name, now);
    const Status applied = std::visit(
        Overloaded{
            [&](const AddBid& input) { return add_bid(profile, input, changed, record); },
            [&](const RecordScore& input) { return record_score(profile, input, changed, record); },
            [&](const RecordRecommendation& input) {
                return record_recommendation(profile, input, changed, record);
            },
            [&](const SelectSolvers& input) { return select_solvers(profile, input, changed, record); },
            [&](const SignAgreement& input) { return sign_agreement(profile, input, changed, record); },
            [&](const ForfeitUnsigned& input) { return forfeit_unsigned(profile, input, changed, record); },
            [&](const RegisterProject& input) { return register_project(profile, input, changed, record); },
            [&](const OpenNotice& input) { return open_notice(profile, input, changed, record); },
            [&](const FileObjection& input) { return file_objection(profile, input, changed, record); },
            [&](const ResolveObjection& input) { return resolve_objection(profile, input, changed, record); },
            [&](const ApproveProject& input) {
                return approve_project(profile, context, input, changed, record);
            },
            [&](const PlanFunding& input) { return plan_funding(profile, input, changed, record); },
            [&](const PayTranche& input) { return pay_tranche(profile, input, changed, record); },
            [&](const RecordMidtermReview& input) { return record_midterm(profile, input, changed, record); },
            [&](const RecordProgress& input) { return record_progress(profile, input, changed, record); },
            [&](const ExtendProject& input) { return extend_project(profile, input, changed, record); },
            [&](const TerminateProject& input) { return terminate_project(profile, input, changed, record); },
            [&](const RecordAcceptance& input) { return record_acceptance(profile, input, changed, record); },
            [&](const CloseProject& input) { return close_project(profile, input, changed, record); },
            [&](const WithdrawProject& input) { return withdraw_project(profile, input, changed, record); },
        },
        action);
    if (!applied)
        return applied.error();
    // Stages completed by this action may make tranches due (e.g. 立项 makes Jiangmen's advance due).
    refresh_tranches(changed, action_date(action));
    record.state_after = std::string(project_state_code(changed.state));
    project = std::move(changed);
    return record;
}

}  // namespace jiebang::lifecycle

// shared/lifecycle/project.cpp — the stable codes of the lifecycle's states, roles and ledger states (they are
// stored, printed by the CLI and named in docs/lifecycle.md: never rename one), and the project's lookups.
#include "shared/lifecycle/project.hpp"

#include <array>

namespace jiebang::lifecycle {

namespace {

template <class Enum, std::size_t Count>
std::optional<Enum> from_code(const std::array<std::pair<Enum, std::string_view>, Count>& table,
                              std::string_view code) {
    for (const auto& [value, text] : table) {
        if (text == code)
            return value;
    }
    return std::nullopt;
}

template <class Enum, std::size_t Count>
std::string_view to_code(const std::array<std::pair<Enum, std::string_view>, Count>& table, Enum value) {
    for (const auto& [candidate, text] : table) {
        if (candidate == value)
            return text;
    }
    return "unknown";
}

constexpr std::array<std::pair<ProjectState, std::string_view>, 14> state_codes = {{
    {ProjectState::Review, "review"},
    {ProjectState::Selected, "selected"},
    {ProjectState::Agreed, "agreed"},
    {ProjectState::Registered, "registered"},
    {ProjectState::InNotice, "in_notice"},
    {ProjectState::Approved, "approved"},
    {ProjectState::InProgress, "in_progress"},
    {ProjectState::Stopped, "stopped"},
    {ProjectState::Accepted, "accepted"},
    {ProjectState::AcceptanceFailed, "acceptance_failed"},
    {ProjectState::Terminated, "terminated"},
    {ProjectState::Closed, "closed"},
    {ProjectState::Forfeited, "forfeited"},
    {ProjectState::Withdrawn, "withdrawn"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 4> role_codes = {{
    {Role::Reviewer, "reviewer"},
    {Role::Publisher, "publisher"},
    {Role::Admin, "admin"},
    {Role::County, "county"},
}};

constexpr std::array<std::pair<Recommendation, std::string_view>, 3> recommendation_codes = {{
    {Recommendation::None, ""},
    {Recommendation::Recommended, "recommended"},
    {Recommendation::NotRecommended, "not_recommended"},
}};

constexpr std::array<std::pair<BidState, std::string_view>, 5> bid_state_codes = {{
    {BidState::UnderReview, "under_review"},
    {BidState::NotSelected, "not_selected"},
    {BidState::Selected, "selected"},
    {BidState::Eliminated, "eliminated"},
    {BidState::Forfeited, "forfeited"},
}};

constexpr std::array<std::pair<ObjectionResolution, std::string_view>, 3> resolution_codes = {{
    {ObjectionResolution::Open, "open"},
    {ObjectionResolution::Upheld, "upheld"},
    {ObjectionResolution::Dismissed, "dismissed"},
}};

constexpr std::array<std::pair<TrancheState, std::string_view>, 5> tranche_state_codes = {{
    {TrancheState::Planned, "planned"},
    {TrancheState::Due, "due"},
    {TrancheState::Paid, "paid"},
    {TrancheState::Withheld, "withheld"},
    {TrancheState::Cancelled, "cancelled"},
}};

}  // namespace

std::string_view project_state_code(ProjectState state) {
    return to_code(state_codes, state);
}
std::optional<ProjectState> project_state_from_code(std::string_view code) {
    return from_code(state_codes, code);
}
bool is_final_state(ProjectState state) {
    return state == ProjectState::Closed || state == ProjectState::Forfeited ||
           state == ProjectState::Withdrawn;
}

std::string_view role_code(Role role) {
    return to_code(role_codes, role);
}
std::optional<Role> role_from_code(std::string_view code) {
    return from_code(role_codes, code);
}

std::string_view recommendation_code(Recommendation recommendation) {
    return to_code(recommendation_codes, recommendation);
}

std::optional<Recommendation> recommendation_from_code(std::string_view code) {
    return from_code(recommendation_codes, code);
}

std::string_view bid_state_code(BidState state) {
    return to_code(bid_state_codes, state);
}
std::optional<BidState> bid_state_from_code(std::string_view code) {
    return from_code(bid_state_codes, code);
}

std::string_view objection_resolution_code(ObjectionResolution resolution) {
    return to_code(resolution_codes, resolution);
}

std::optional<ObjectionResolution> objection_resolution_from_code(std::string_view code) {
    return from_code(resolution_codes, code);
}

std::string_view tranche_state_code(TrancheState state) {
    return to_code(tranche_state_codes, state);
}
std::optional<TrancheState> tranche_state_from_code(std::string_view code) {
    return from_code(tranche_state_codes, code);
}

ProjectBid* Project::bid(std::string_view bid_id) {
    for (ProjectBid& entry : bids) {
        if (entry.bid_id == bid_id)
            return &entry;
    }
    return nullptr;
}

const ProjectBid* Project::bid(std::string_view bid_id) const {
    for (const ProjectBid& entry : bids) {
        if (entry.bid_id == bid_id)
            return &entry;
    }
    return nullptr;
}

LedgerTranche* Project::tranche(std::string_view tranche_id) {
    for (LedgerTranche& entry : tranches) {
        if (entry.tranche_id == tranche_id)
            return &entry;
    }
    return nullptr;
}

const LedgerTranche* Project::tranche(std::string_view tranche_id) const {
    for (const LedgerTranche& entry : tranches) {
        if (entry.tranche_id == tranche_id)
            return &entry;
    }
    return nullptr;
}

std::vector<const ProjectBid*> Project::active_solvers() const {
    std::vector<const ProjectBid*> active;
    for (const ProjectBid& entry : bids) {
        if (entry.active())
            active.push_back(&entry);
    }
    return active;
}

MoneyWan Project::paid_total() const {
    MoneyWan total;
    for (const Payment& payment : payments)
        total.hundredths += payment.amount.hundredths;
    return total;
}

MoneyWan Project::paid_to(std::string_view bid_id) const {
    MoneyWan total;
    for (const Payment& payment : payments) {
        if (payment.bid_id == bid_id)
            total.hundredths += payment.amount.hundredths;
    }
    return total;
}

MoneyWan Project::paid_by(std::string_view party) const {
    MoneyWan total;
    for (const Payment& payment : payments) {
        if (payment.party == party)
            total.hundredths += payment.amount.hundredths;
    }
    return total;
}

MoneyWan Project::recovered_total() const {
    MoneyWan total;
    for (const Recovery& recovery : recoveries)
        total.hundredths += recovery.amount.hundredths;
    return total;
}

}  // namespace jiebang::lifecycle

// shared/review/review_state_machine.cpp — the transition table of docs/review.md and the function that reads
// it. The table is the specification: adding a behaviour means adding a row here and in docs/review.md
// (tests/backoffice/review_state_machine_tests.cpp checks that the two say the same).
//
// Index: [SECTION] Names  [SECTION] Table  [SECTION] Decisions
#include "shared/review/review_state_machine.hpp"

#include <array>
#include <string>

namespace jiebang::review {

// [SECTION] Names
namespace {

constexpr std::array<std::string_view, 13> state_names = {
    "received",      "accepted",  "forward_queued", "forward_sent",  "forward_refused",
    "forwarded",     "returned",  "rejected",       "city_accepted", "city_returned",
    "city_rejected", "published", "resubmitted"};

constexpr std::array<std::string_view, 15> action_names = {
    "accept",         "return",         "reject",
    "forward",        "recall",         "requeue",
    "publish",        "uplink_sent",    "uplink_acknowledged",
    "uplink_refused", "city_accepted",  "city_returned",
    "city_rejected",  "city_published", "resubmission_received"};

constexpr std::array<std::string_view, 8> actor_names = {"reviewer",   "publisher", "auditor", "admin",
                                                         "host_admin", "uplink",    "city",    "terminal"};

template <typename Enum, std::size_t N>
std::optional<Enum> from_name(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t index = 0; index < N; ++index) {
        if (names[index] == name)
            return static_cast<Enum>(index);
    }
    return std::nullopt;
}

}  // namespace

std::string_view state_name(ReviewState state) {
    return state_names[static_cast<std::size_t>(state)];
}
std::string_view action_name(ReviewAction action) {
    return action_names[static_cast<std::size_t>(action)];
}
std::string_view actor_name(Actor actor) {
    return actor_names[static_cast<std::size_t>(actor)];
}
std::string_view tier_name(Tier tier) {
    return tier == Tier::County ? "county" : "city";
}
std::string_view queue_effect_name(QueueEffect effect) {
    switch (effect) {
        case QueueEffect::None:
            return "-";
        case QueueEffect::Enqueue:
            return "enqueue";
        case QueueEffect::Cancel:
            return "cancel";
        case QueueEffect::MarkSent:
            return "sent";
        case QueueEffect::Acknowledge:
            return "acknowledged";
        case QueueEffect::Quarantine:
            return "quarantined";
    }
    return "-";
}
std::optional<ReviewState> state_from_name(std::string_view name) {
    return from_name<ReviewState>(state_names, name);
}
std::optional<ReviewAction> action_from_name(std::string_view name) {
    return from_name<ReviewAction>(action_names, name);
}
std::optional<Actor> actor_from_name(std::string_view name) {
    return from_name<Actor>(actor_names, name);
}

bool is_system_actor(Actor actor) {
    return actor == Actor::Uplink || actor == Actor::City || actor == Actor::Terminal;
}

std::string_view progress_code(ReviewState state) {
    switch (state) {
        case ReviewState::Received:
            return "received";
        case ReviewState::Accepted:
        case ReviewState::ForwardQueued:
        case ReviewState::ForwardSent:
        case ReviewState::ForwardRefused:
        case ReviewState::CityAccepted:
            return "accepted";
        case ReviewState::Forwarded:
            return "forwarded";
        case ReviewState::Returned:
        case ReviewState::CityReturned:
        case ReviewState::Resubmitted:
            return "returned";
        case ReviewState::Rejected:
        case ReviewState::CityRejected:
            return "rejected";
        case ReviewState::Published:
            return "published";
    }
    return "received";
}

std::string_view decided_by(Tier tier, ReviewState state) {
    switch (state) {
        case ReviewState::Received:
            return "";
        case ReviewState::CityAccepted:
        case ReviewState::CityReturned:
        case ReviewState::CityRejected:
        case ReviewState::Published:
            return "city";
        default:
            return tier == Tier::County ? "county" : "city";
    }
}

std::optional<ReviewAction> city_action_for_progress_code(std::string_view code) {
    if (code == "accepted")
        return ReviewAction::CityAccepted;
    if (code == "returned")
        return ReviewAction::CityReturned;
    if (code == "rejected")
        return ReviewAction::CityRejected;
    if (code == "published")
        return ReviewAction::CityPublished;
    return std::nullopt;
}

// [SECTION] Table
namespace {

constexpr std::uint32_t reviewer = actor_bit(Actor::Reviewer) | actor_bit(Actor::HostAdministrator);
constexpr std::uint32_t publisher = actor_bit(Actor::Publisher) | actor_bit(Actor::HostAdministrator);
constexpr std::uint32_t uplink = actor_bit(Actor::Uplink);
constexpr std::uint32_t city = actor_bit(Actor::City);
constexpr std::uint32_t terminal = actor_bit(Actor::Terminal);
constexpr bool reason = true;
constexpr bool no_reason = false;

using enum ReviewState;
using A = ReviewAction;
using Q = QueueEffect;
constexpr Tier C = Tier::County;
constexpr Tier M = Tier::City;  // M for municipal: the city tier

constexpr std::array<Transition, 35> table = {{
    // County tier: its own screening.
    {C, Received, A::Accept, Accepted, reviewer, no_reason, Q::None},
    {C, Received, A::Return, Returned, reviewer, reason, Q::None},
    {C, Received, A::Reject, Rejected, reviewer, reason, Q::None},
    {C, Accepted, A::Return, Returned, reviewer, reason, Q::None},
    {C, Accepted, A::Reject, Rejected, reviewer, reason, Q::None},
    // County tier: 报送 batches, recall, the uplink.
    {C, Accepted, A::Forward, ForwardQueued, reviewer, no_reason, Q::Enqueue},
    {C, ForwardQueued, A::Recall, Accepted, reviewer, no_reason, Q::Cancel},
    {C, ForwardQueued, A::Return, Returned, reviewer, reason, Q::Cancel},
    {C, ForwardQueued, A::Reject, Rejected, reviewer, reason, Q::Cancel},
    {C, ForwardQueued, A::UplinkSent, ForwardSent, uplink, no_reason, Q::MarkSent},
    {C, ForwardSent, A::UplinkAcknowledged, Forwarded, uplink, no_reason, Q::Acknowledge},
    {C, ForwardSent, A::UplinkRefused, ForwardRefused, uplink, no_reason, Q::Quarantine},
    {C, ForwardRefused, A::Requeue, ForwardQueued, reviewer, no_reason, Q::Enqueue},
    {C, ForwardRefused, A::Return, Returned, reviewer, reason, Q::Cancel},
    {C, ForwardRefused, A::Reject, Rejected, reviewer, reason, Q::Cancel},
    // County tier: the city's decisions coming down. A decision on an item whose ACK was lost proves that
    // the city has it, so it also settles the forward.
    {C, ForwardSent, A::CityAccepted, CityAccepted, city, no_reason, Q::Acknowledge},
    {C, ForwardSent, A::CityReturned, CityReturned, city, no_reason, Q::Acknowledge},
    {C, ForwardSent, A::CityRejected, CityRejected, city, no_reason, Q::Acknowledge},
    {C, ForwardSent, A::CityPublished, Published, city, no_reason, Q::Acknowledge},
    {C, Forwarded, A::CityAccepted, CityAccepted, city, no_reason, Q::None},
    {C, Forwarded, A::CityReturned, CityReturned, city, no_reason, Q::None},
    {C, Forwarded, A::CityRejected, CityRejected, city, no_reason, Q::None},
    {C, Forwarded, A::CityPublished, Published, city, no_reason, Q::None},
    {C, CityAccepted, A::CityReturned, CityReturned, city, no_reason, Q::None},
    {C, CityAccepted, A::CityRejected, CityRejected, city, no_reason, Q::None},
    {C, CityAccepted, A::CityPublished, Published, city, no_reason, Q::None},
    // County tier: a corrected resubmission names the returned one.
    {C, Returned, A::ResubmissionReceived, Resubmitted, terminal, no_reason, Q::None},
    {C, CityReturned, A::ResubmissionReceived, Resubmitted, terminal, no_reason, Q::None},
    // City tier.
    {M, Received, A::Accept, Accepted, reviewer, no_reason, Q::None},
    {M, Received, A::Return, Returned, reviewer, reason, Q::None},
    {M, Received, A::Reject, Rejected, reviewer, reason, Q::None},
    {M, Accepted, A::Return, Returned, reviewer, reason, Q::None},
    {M, Accepted, A::Reject, Rejected, reviewer, reason, Q::None},
    {M, Accepted, A::Publish, Published, publisher, no_reason, Q::None},
    {M, Returned, A::ResubmissionReceived, Resubmitted, terminal, no_reason, Q::None},
}};

}  // namespace

std::span<const Transition> transitions() {
    return table;
}

// [SECTION] Decisions
Result<Outcome> apply(Tier tier, ReviewState from, ReviewAction action, Actor actor,
                      std::string_view reason_text) {
    const std::string action_text(action_name(action));
    const Transition* match = nullptr;
    bool action_at_tier = false;
    bool actor_may = false;
    for (const Transition& row : table) {
        if (row.tier != tier || row.action != action)
            continue;
        action_at_tier = true;
        if ((row.actors & actor_bit(actor)) != 0) {
            actor_may = true;
            if (row.from == from)
                match = &row;
        }
    }
    if (match == nullptr && is_system_actor(actor))
        return Outcome{nullptr, from, true, {}};  // R3
    if (!action_at_tier) {
        return Error("review.wrong_tier", action_text, "no such action at this tier")
            .with("action", action_text)
            .with("tier", std::string(tier_name(tier)));
    }
    if (!actor_may) {
        return Error("review.not_permitted", action_text, "this role may not make this action")
            .with("actor", std::string(actor_name(actor)))
            .with("action", action_text);
    }
    if (match == nullptr) {
        return Error("review.transition", action_text, "not allowed from this state")
            .with("from", std::string(state_name(from)))
            .with("action", action_text);
    }
    if (match->reason_required && reason_text.empty())
        return Error("review.reason_required", "reason", "a reason the applicant will read is required");
    if (reason_text.size() > max_reason_bytes) {
        return Error("review.reason_too_long", "reason", "the reason is longer than 2000 bytes")
            .with("limit", std::to_string(max_reason_bytes));
    }
    Outcome outcome;
    outcome.transition = match;
    outcome.to = match->to;
    if (progress_code(match->to) != progress_code(from))
        outcome.status_down = progress_code(match->to);
    return outcome;
}

}  // namespace jiebang::review

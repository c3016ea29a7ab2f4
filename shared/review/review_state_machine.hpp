// shared/review/review_state_machine.hpp — the one review state machine of a submission on an aggregator
// (county and city tiers), as data: a table of transitions that says, for each tier, from which state an
// action leads to which state, who may make it (staff role or system party), whether it needs a reason,
// what it does to the county's forward queue, and which progress code travels down to the terminal.
// docs/review.md is the same table in words, with the invariants (R1..R12) that tests cite.
// Pure: no store, no clock, no I/O. The aggregator's store maps its rows to a ReviewState, asks apply()
// and writes the outcome (state, queue, status entry, feed, audit) in one transaction.
// Invariants (numbering of docs/review.md):
//  R1  every change of an item's review state is a row of transitions(); nothing else changes it.
//  R2  a staff action that is not a row for (tier, state) is refused (review.transition / review.wrong_tier /
//      review.not_permitted / review.reason_required) and changes nothing.
//  R3  a system event (uplink, city, terminal) that is not a row for the item's state is stale and is
//      ignored: it changes nothing (a late ACK, a replayed or out-of-date city decision).
//  R6  returned, rejected, city_returned, city_rejected, published and resubmitted have no staff
//      transition out of them: a decision that went to the applicant is not taken back silently.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "shared/base/result.hpp"

namespace jiebang::review {

// Which aggregator the item is on.
enum class Tier : std::uint8_t { County, City };

enum class ReviewState : std::uint8_t {
    Received,        // stored at this tier, nobody has decided yet
    Accepted,        // accepted by this tier's reviewer (county: not in a batch; city: not published)
    ForwardQueued,   // county: accepted and in a numbered batch, not yet handed to the uplink
    ForwardSent,     // county: handed to the uplink; the city may hold it (no ACK seen yet)
    ForwardRefused,  // county: the city refused it for good (the uplink quarantined it)
    Forwarded,       // county: the city ACKed it; from here only the city decides
    Returned,        // this tier returned it for correction (reason)
    Rejected,        // this tier rejected it (reason)
    CityAccepted,    // county: the city accepted it
    CityReturned,    // county: the city returned it (reason)
    CityRejected,    // county: the city rejected it (reason)
    Published,       // on the city's board (city; and at the county once the city says so)
    Resubmitted,     // a corrected resubmission (a new submission naming this one) has arrived
};

enum class ReviewAction : std::uint8_t {
    Accept,
    Return,
    Reject,
    Forward,  // county: into a numbered 报送 batch
    Recall,   // county: take a queued forward back before the uplink has it
    Requeue,  // county: queue a refused forward again
    Publish,  // city: onto the board
    UplinkSent,
    UplinkAcknowledged,
    UplinkRefused,
    CityAccepted,  // a city decision arriving at the county (status entry from the city)
    CityReturned,
    CityRejected,
    CityPublished,
    ResubmissionReceived,
};

// Who makes a transition: a staff role, the host's administrator working on the store file, or a system
// party (the county's uplink to the city, the city's status entries, a terminal's SUBMIT).
enum class Actor : std::uint8_t {
    Reviewer,
    Publisher,
    Auditor,
    Admin,
    HostAdministrator,
    Uplink,
    City,
    Terminal
};

// What a transition does to the county's forward queue (forward_state of the store).
enum class QueueEffect : std::uint8_t {
    None,
    Enqueue,      // joins a batch; forward_state queued
    Cancel,       // leaves its batch; forward_state empty
    MarkSent,     // forward_state sent
    Acknowledge,  // forward_state acknowledged
    Quarantine,   // forward_state quarantined
};

constexpr std::uint32_t actor_bit(Actor actor) {
    return 1u << static_cast<unsigned>(actor);
}

struct Transition {
    Tier tier;
    ReviewState from;
    ReviewAction action;
    ReviewState to;
    std::uint32_t actors;  // actor_bit() of every actor that may make it
    bool reason_required;
    QueueEffect queue;
};

// The whole table, in the order of docs/review.md.
std::span<const Transition> transitions();

struct Outcome {
    const Transition* transition = nullptr;  // nullptr when ignored
    ReviewState to = ReviewState::Received;
    bool ignored = false;          // R3: a stale system event; nothing changes
    std::string_view status_down;  // progress code for the delivering node; empty when it does not change
};

constexpr std::size_t max_reason_bytes = 2000;  // the wire's text(2000) (docs/protocol.md 5.9)

// Decides one action. Errors (field: the action name): review.wrong_tier (no such action at this tier),
// review.not_permitted (this actor may not make it; arguments actor, action), review.transition (not from
// this state; arguments from, action), review.reason_required, review.reason_too_long.
Result<Outcome> apply(Tier tier, ReviewState from, ReviewAction action, Actor actor, std::string_view reason);

bool is_system_actor(Actor actor);

// The progress code a terminal shows for a state (received, accepted, forwarded, returned, rejected,
// published: shared/domain/board.hpp).
std::string_view progress_code(ReviewState state);
// Which tier's decision the state is: "", "county" or "city".
std::string_view decided_by(Tier tier, ReviewState state);
// The city decision a status entry from the city carries, or nothing (received, forwarded, unknown).
std::optional<ReviewAction> city_action_for_progress_code(std::string_view code);

std::string_view state_name(ReviewState state);
std::string_view action_name(ReviewAction action);
std::string_view actor_name(Actor actor);
std::string_view tier_name(Tier tier);
std::string_view queue_effect_name(QueueEffect effect);
std::optional<ReviewState> state_from_name(std::string_view name);
std::optional<ReviewAction> action_from_name(std::string_view name);
std::optional<Actor> actor_from_name(std::string_view name);

}  // namespace jiebang::review

// tests/backoffice/review_state_machine_tests.cpp — the review state machine as data (docs/review.md):
// the table in the code is the table in the document, row for row; every row can be driven; staff actions
// outside the table are refused with a named error (R2); system events outside it are ignored (R3);
// statuses travel down exactly when the progress code changes (R4); the county's authority ends when the
// uplink has the item (R5); final states have no staff way out (R6); recall only before the uplink (R7);
// city decisions only move forward (R8).
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "shared/review/review_state_machine.hpp"

using namespace jiebang::review;

namespace {

std::vector<std::string> split_row(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    std::string cell;
    while (std::getline(stream, cell, '|')) {
        const auto first = cell.find_first_not_of(' ');
        const auto last = cell.find_last_not_of(' ');
        cells.push_back(first == std::string::npos ? std::string() : cell.substr(first, last - first + 1));
    }
    // A row "| a | b |" splits into "", "a", "b": drop the empty cell before the first bar.
    if (!cells.empty() && cells.front().empty())
        cells.erase(cells.begin());
    return cells;
}

std::string who(std::uint32_t actors) {
    std::string text;
    for (int index = 0; index < 8; ++index) {
        if ((actors & (1u << index)) != 0)
            text += (text.empty() ? "" : ", ") + std::string(actor_name(static_cast<Actor>(index)));
    }
    return text;
}

std::string down_code(const Transition& row) {
    auto outcome = apply(row.tier, row.from, row.action, static_cast<Actor>(__builtin_ctz(row.actors)),
                         row.reason_required ? "reason" : "");
    REQUIRE(outcome.ok());
    return outcome->status_down.empty() ? "–" : std::string(outcome->status_down);
}

}  // namespace

TEST_CASE("R1: the table in the code is the table of docs/review.md row for row") {
    std::ifstream file(std::string(JIEBANG_DOCS_DIR) + "/review.md");
    REQUIRE(file.good());
    std::vector<std::vector<std::string>> documented;
    std::string line;
    while (std::getline(file, line)) {
        if (line.rfind("| C", 0) == 0 || line.rfind("| M", 0) == 0)
            documented.push_back(split_row(line));
    }
    const auto table = transitions();
    REQUIRE(documented.size() == table.size());
    int county = 0, city = 0;
    for (std::size_t index = 0; index < table.size(); ++index) {
        const Transition& row = table[index];
        const auto& cells = documented[index];
        REQUIRE(cells.size() == 9);
        const std::string number =
            row.tier == Tier::County ? "C" + std::to_string(++county) : "M" + std::to_string(++city);
        INFO("row " << number);
        CHECK(cells[0] == number);
        CHECK(cells[1] == tier_name(row.tier));
        CHECK(cells[2] == state_name(row.from));
        CHECK(cells[3] == action_name(row.action));
        CHECK(cells[4] == state_name(row.to));
        CHECK(cells[5] == who(row.actors));
        CHECK(cells[6] == (row.reason_required ? "required" : "–"));
        CHECK(cells[7] == (row.queue == QueueEffect::None ? "–" : std::string(queue_effect_name(row.queue))));
        CHECK(cells[8] == down_code(row));
    }
}

TEST_CASE("R2: every staff action outside the table is refused with a named error") {
    const std::vector<Actor> staff = {Actor::Reviewer, Actor::Publisher, Actor::Auditor, Actor::Admin,
                                      Actor::HostAdministrator};
    int refused = 0;
    for (Tier tier : {Tier::County, Tier::City}) {
        for (int state = 0; state <= static_cast<int>(ReviewState::Resubmitted); ++state) {
            for (int action = 0; action <= static_cast<int>(ReviewAction::ResubmissionReceived); ++action) {
                for (Actor actor : staff) {
                    const auto from = static_cast<ReviewState>(state);
                    const auto what = static_cast<ReviewAction>(action);
                    bool in_table = false;
                    for (const Transition& row : transitions()) {
                        in_table = in_table || (row.tier == tier && row.from == from && row.action == what &&
                                                (row.actors & actor_bit(actor)) != 0);
                    }
                    auto outcome = apply(tier, from, what, actor, "a reason");
                    CHECK(outcome.ok() == in_table);
                    if (!outcome.ok()) {
                        ++refused;
                        const std::set<std::string> codes = {"review.transition", "review.wrong_tier",
                                                             "review.not_permitted"};
                        CHECK(codes.count(outcome.error().code) == 1);
                    }
                }
            }
        }
    }
    CHECK(refused > 100);
    // Named errors for the cases a clerk meets.
    CHECK(apply(Tier::City, ReviewState::Accepted, ReviewAction::Forward, Actor::Reviewer, "").error().code ==
          "review.wrong_tier");
    CHECK(apply(Tier::County, ReviewState::Received, ReviewAction::Accept, Actor::Auditor, "").error().code ==
          "review.not_permitted");
    CHECK(apply(Tier::County, ReviewState::Received, ReviewAction::Accept, Actor::Admin, "").error().code ==
          "review.not_permitted");
    CHECK(apply(Tier::City, ReviewState::Accepted, ReviewAction::Publish, Actor::Reviewer, "").error().code ==
          "review.not_permitted");
    CHECK(
        apply(Tier::County, ReviewState::Received, ReviewAction::Return, Actor::Reviewer, "").error().code ==
        "review.reason_required");
    CHECK(apply(Tier::County, ReviewState::Received, ReviewAction::Return, Actor::Reviewer,
                std::string(2001, 'x'))
              .error()
              .code == "review.reason_too_long");
    auto twice = apply(Tier::County, ReviewState::Accepted, ReviewAction::Accept, Actor::Reviewer, "");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == "review.transition");
    CHECK(twice.error().argument("from") == "accepted");
}

TEST_CASE("R3: system events outside the table are stale and change nothing") {
    // A late ACK after the city decided, a replayed city decision, an ACK for a recalled item.
    struct Event {
        ReviewState from;
        ReviewAction action;
        Actor actor;
    };
    const std::vector<Event> events = {
        {ReviewState::CityAccepted, ReviewAction::UplinkAcknowledged, Actor::Uplink},
        {ReviewState::CityReturned, ReviewAction::UplinkAcknowledged, Actor::Uplink},
        {ReviewState::Published, ReviewAction::CityAccepted, Actor::City},
        {ReviewState::CityReturned, ReviewAction::CityAccepted, Actor::City},
        {ReviewState::Returned, ReviewAction::UplinkAcknowledged, Actor::Uplink},
        {ReviewState::Returned, ReviewAction::CityAccepted, Actor::City},
        {ReviewState::Accepted, ReviewAction::UplinkSent, Actor::Uplink},
        {ReviewState::Forwarded, ReviewAction::UplinkAcknowledged, Actor::Uplink}};
    for (const auto& [from, action, actor] : events) {
        auto outcome = apply(Tier::County, from, action, actor, "");
        REQUIRE(outcome.ok());
        CHECK(outcome->ignored);
        CHECK(outcome->to == from);
        CHECK(outcome->status_down.empty());
    }
}

TEST_CASE("R4: a status travels down exactly when the progress code changes") {
    for (const Transition& row : transitions()) {
        auto outcome = apply(row.tier, row.from, row.action, static_cast<Actor>(__builtin_ctz(row.actors)),
                             row.reason_required ? "reason" : "");
        REQUIRE(outcome.ok());
        CHECK(outcome->status_down.empty() == (progress_code(row.from) == progress_code(row.to)));
    }
    // Forwarding into a batch and the uplink taking it: the applicant still sees "accepted".
    CHECK(apply(Tier::County, ReviewState::Accepted, ReviewAction::Forward, Actor::Reviewer, "")
              ->status_down.empty());
    CHECK(apply(Tier::County, ReviewState::ForwardSent, ReviewAction::UplinkAcknowledged, Actor::Uplink, "")
              ->status_down == "forwarded");
}

TEST_CASE("R5 and R6: no county staff row after the uplink took the item and none out of a final state") {
    const std::set<ReviewState> county_done = {ReviewState::ForwardSent,  ReviewState::Forwarded,
                                               ReviewState::CityAccepted, ReviewState::CityReturned,
                                               ReviewState::CityRejected, ReviewState::Published};
    const std::set<ReviewState> final_states = {ReviewState::Returned,     ReviewState::Rejected,
                                                ReviewState::CityReturned, ReviewState::CityRejected,
                                                ReviewState::Published,    ReviewState::Resubmitted};
    const std::uint32_t staff = actor_bit(Actor::Reviewer) | actor_bit(Actor::Publisher) |
                                actor_bit(Actor::Auditor) | actor_bit(Actor::Admin) |
                                actor_bit(Actor::HostAdministrator);
    for (const Transition& row : transitions()) {
        if ((row.actors & staff) == 0)
            continue;
        if (row.tier == Tier::County)
            CHECK_MESSAGE(county_done.count(row.from) == 0, state_name(row.from));
        CHECK_MESSAGE(final_states.count(row.from) == 0, state_name(row.from));
    }
    // Defect 2 of issue 9: after the city returned it, the county cannot accept or forward it again.
    CHECK(apply(Tier::County, ReviewState::CityReturned, ReviewAction::Accept, Actor::Reviewer, "")
              .error()
              .code == "review.transition");
    CHECK(apply(Tier::County, ReviewState::CityReturned, ReviewAction::Forward, Actor::Reviewer, "")
              .error()
              .code == "review.transition");
}

TEST_CASE(
    "R7: recall only before the uplink took the item - return or reject of a queued forward cancels it") {
    auto recall = apply(Tier::County, ReviewState::ForwardQueued, ReviewAction::Recall, Actor::Reviewer, "");
    REQUIRE(recall.ok());
    CHECK(recall->to == ReviewState::Accepted);
    CHECK(recall->transition->queue == QueueEffect::Cancel);
    CHECK(apply(Tier::County, ReviewState::ForwardSent, ReviewAction::Recall, Actor::Reviewer, "")
              .error()
              .code == "review.transition");
    for (ReviewAction action : {ReviewAction::Return, ReviewAction::Reject}) {
        auto outcome = apply(Tier::County, ReviewState::ForwardQueued, action, Actor::Reviewer, "why");
        REQUIRE(outcome.ok());
        CHECK(outcome->transition->queue == QueueEffect::Cancel);
    }
}

TEST_CASE("R8: the city's decisions only move forward - a county event never overwrites one") {
    // Walk every path of city decisions from forwarded; an older decision after a newer one is ignored.
    const std::vector<ReviewAction> decisions = {ReviewAction::CityAccepted, ReviewAction::CityReturned,
                                                 ReviewAction::CityRejected, ReviewAction::CityPublished};
    for (ReviewAction first : decisions) {
        auto after_first = apply(Tier::County, ReviewState::Forwarded, first, Actor::City, "");
        REQUIRE(after_first.ok());
        REQUIRE_FALSE(after_first->ignored);
        // Replaying the same decision, or the uplink's ACK arriving late, changes nothing.
        CHECK(apply(Tier::County, after_first->to, first, Actor::City, "")->ignored);
        CHECK(apply(Tier::County, after_first->to, ReviewAction::UplinkAcknowledged, Actor::Uplink, "")
                  ->ignored);
        if (after_first->to != ReviewState::CityAccepted) {
            for (ReviewAction later : decisions)
                CHECK(apply(Tier::County, after_first->to, later, Actor::City, "")->ignored);
        }
    }
}

TEST_CASE("names round-trip and progress codes are the terminal's codes") {
    for (int state = 0; state <= static_cast<int>(ReviewState::Resubmitted); ++state) {
        const auto value = static_cast<ReviewState>(state);
        CHECK(state_from_name(state_name(value)) == value);
        const std::set<std::string_view> codes = {"received", "accepted", "forwarded",
                                                  "returned", "rejected", "published"};
        CHECK(codes.count(progress_code(value)) == 1);
    }
    for (int action = 0; action <= static_cast<int>(ReviewAction::ResubmissionReceived); ++action)
        CHECK(action_from_name(action_name(static_cast<ReviewAction>(action))) ==
              static_cast<ReviewAction>(action));
    CHECK_FALSE(state_from_name("forwarded ").has_value());
    CHECK(city_action_for_progress_code("returned") == ReviewAction::CityReturned);
    CHECK_FALSE(city_action_for_progress_code("received").has_value());
    CHECK(decided_by(Tier::County, ReviewState::CityReturned) == "city");
    CHECK(decided_by(Tier::County, ReviewState::Returned) == "county");
    CHECK(decided_by(Tier::City, ReviewState::Returned) == "city");
}

// sync/aggregator/submission_check.hpp — the pure check of one SUBMIT at an aggregator (docs/protocol.md
// sections 5.3, 5.3.1 and 5.3.2): what the server verifies before a submission may be stored, and the row
// it would store.
// Invariants:
//  1. Pure: no store, no socket, no clock of its own (the caller passes `now`), so it runs on any thread of
//     the check pool and gives the same answer for the same input.
//  2. A submission passes only when SHA-256(content) equals the declared hash, the content decodes as a
//     submission whose id and kind equal the SUBMIT's, and the receipt signature verifies under the key of
//     the terminal that signed it (a terminal's enrolled key; for a county's forward, the origin key the
//     county sends, accepted only by a city server).
//  3. The receipt number is bound to the sender (5.3.1): its city part is the city of the node's enrolled
//     county, its county part that county's receipt code, and (from a terminal) its terminal part the
//     terminal number in the node id; the content's terminal id is the node's (from a county: a terminal
//     of that county with the receipt's number). Otherwise RECEIPT_MISMATCH.
//  4. The content keeps its form version's contract (5.3.2), or INVALID_CONTENT naming the code and field:
//     the profile is the sender's city, the form version is one this server has, created_at is not
//     negative, agrees with the receipt's date and is at most max_clock_ahead_seconds ahead of `now`, and
//     every field passes the same per-field validation the terminal ran (shared/forms/validation.hpp).
//     What depends on the city's current policy or board can change after the terminal receipted, so it
//     is never refused: a choice among the profile's lists or a listing not on the board is flagged for
//     staff ("choice.unknown:industry_field"), and the profile's cross-field rules are left to review.
//  5. The rules are required: without forms or profiles every SUBMIT is refused (fail closed).
//  6. A refusal is an ERROR naming the wire code and a detail without personal data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/domain/board.hpp"
#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/protocol/codec.hpp"

namespace jiebang::sync {

// An aggregator clock earlier than this (2024-01-01 UTC) is itself wrong: the clock-ahead bound is then not
// applied (a server with a dead clock must not refuse every genuine submission as "from the future").
inline constexpr std::int64_t earliest_plausible_now = 1704067200;

struct SubmissionRules {
    std::string server_role = "county";
    const FormCatalog* forms = nullptr;        // required (invariant 5)
    const ProfileCatalog* profiles = nullptr;  // required (invariant 5)
    std::int64_t max_clock_ahead_seconds = 366LL * 24 * 3600;
};

struct Checked {
    std::optional<ErrorReply> error;  // set when the SUBMIT is refused
    StoredSubmission stored;          // the row to insert, when `error` is empty
};

// `board` is the server's current board (for bids' listings), or null when it has none.
Checked check_submission(const Submit& submit, const NodeRecord& node, const SubmissionRules& rules,
                         std::int64_t now, const Board* board = nullptr);

// Roles (docs/protocol.md section 8c): a county server serves terminals, a city server serves county
// aggregators; every other pairing is refused with NOT_ALLOWED before any command is looked at.
bool server_accepts(std::string_view server_role, std::string_view node_kind);
// "terminal" for a county server, "county" for a city server.
std::string_view accepted_node_kind(std::string_view server_role);

// The city of an enrolled county (6-digit code): its profile and the county part of its receipt numbers
// (the county's receipt code, or the city-level code for the city's own administrative code).
struct NodeCity {
    const Profile* profile = nullptr;
    std::string county_receipt_code;
};
std::optional<NodeCity> city_of_county(const ProfileCatalog& profiles, std::string_view county_admin_code);

// The terminal number a terminal's node id names ("440703-007" with county 440703 -> 7), if it names one.
std::optional<int> terminal_number_of(std::string_view node_id, std::string_view county_admin_code);

// The review flag for a unit's USCC seen from `county` (its 6-digit code): "" when blank or of that county,
// "uscc_invalid", "uscc_other_county" (same city) or "uscc_outside_city".
std::string uscc_flag(const std::string& uscc_text, const std::string& county);

}  // namespace jiebang::sync

// sync/aggregator/submission_check.hpp — the pure check of one SUBMIT at an aggregator (docs/protocol.md
// section 5.3): what the server verifies before a submission may be stored, and the row it would store.
// Invariants:
//  1. Pure: no store, no socket, no clock of its own (the caller passes `now`), so it runs on any thread of
//     the check pool and gives the same answer for the same input.
//  2. A submission passes only when SHA-256(content) equals the declared hash, the content decodes as a
//     submission whose id and kind equal the SUBMIT's, and the receipt signature verifies under the key of
//     the terminal that signed it (a terminal's enrolled key; for a county's forward, the origin key the
//     county sends, accepted only by a city server).
//  3. A refusal is an ERROR naming the wire code and a detail without personal data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sync/aggregator/aggregator_store.hpp"
#include "sync/protocol/codec.hpp"

namespace jiebang::sync {

struct Checked {
    std::optional<ErrorReply> error;  // set when the SUBMIT is refused
    StoredSubmission stored;          // the row to insert, when `error` is empty
};

Checked check_submission(const Submit& submit, const NodeRecord& node, const std::string& server_role,
                         std::int64_t now);

// The review flag for a unit's USCC seen from `county` (its 6-digit code): "" when blank or of that county,
// "uscc_invalid", "uscc_other_county" (same city) or "uscc_outside_city".
std::string uscc_flag(const std::string& uscc_text, const std::string& county);

}  // namespace jiebang::sync

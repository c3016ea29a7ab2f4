// shared/domain/board.hpp — the published list (bang dan, the board) as terminals see it, and progress states.
// The board is versioned: the city publishes version N as a whole; terminals replace theirs atomically.
// A listing is a demand the city selected and published; bids reference it by listing id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"

namespace jiebang {

struct Listing {
    std::string id;  // e.g. "JM-2026-007"
    std::string profile_id;
    std::string title;  // the demand's project name (applicant text, any language)
    std::string industry_id;
    std::string sub_direction_id;
    std::string project_type_id;  // may be empty
    std::string mechanism;        // "single" or "race"
    std::string issuer_name;
    std::string issuer_kind;  // "enterprise" or "non_enterprise" (local-host rule, seed 002 article 5 (5))
    std::string issuer_uscc;  // the issuing unit's USCC as filed (schema 2; empty in a schema-1 board)
    std::string problem;      // technical problem
    std::string targets;      // expected technical targets
    std::string bounty_wan;   // money text, in wan yuan (10,000 yuan)
    std::string deadline;     // "2027-06-30" or empty
    std::int64_t published_at = 0;
};

// Board schemas (docs/protocol.md 14.1): 1 is the original encoding; 2 adds each listing's issuer_uscc (the
// not-affiliated rule compares it with a bidder's USCC) and a top-level "schema":2 member. A schema-1 board has
// no "schema" member. A node that parses only schema 1 asks with BOARD-REQUEST (0x09) and is sent a schema-1
// copy (board_for_schema); a node that parses 2 asks with BOARD-REQUEST-2 (0x1C).
inline constexpr int original_board_schema = 1;
inline constexpr int latest_board_schema = 2;

struct Board {
    std::int64_t version = 0;  // 0 = no board received yet
    std::string profile_id;
    std::vector<Listing> listings;
    std::string hash_hex;                // SHA-256 of the canonical board encoding, checked on receipt
    int schema = original_board_schema;  // what the encoding and hash cover (see above)

    const Listing* listing(std::string_view listing_id) const;
};

std::string canonical_board_encoding(const Board& board);
// The same board in another schema, its hash recomputed: going down to 1 drops what schema 1 cannot say.
Board board_for_schema(const Board& board, int schema);
std::string board_hash_hex(const Board& board);
std::string board_to_json(const Board& board);
Result<Board> board_from_json(std::string_view json_text);

// Where a submission stands, as the progress lookup shows it. Codes are stable (wire + strings).
enum class ProgressState {
    SavedOnTerminal,        // "saved": committed locally, not yet at the county
    ReceivedByCounty,       // "received": the county aggregator has it (ACK)
    ReturnedForCorrection,  // "returned": county staff returned it with a reason
    AcceptedByCounty,       // "accepted": passed the county's first screening and authenticity check
    ForwardedToCity,        // "forwarded": in the county summary table sent to the city
    Published,              // "published": on the board (demands)
    Rejected,               // "rejected"
};
std::string_view progress_state_code(ProgressState state);
std::optional<ProgressState> progress_state_from_code(std::string_view code);

}  // namespace jiebang

// shared/audit/audit_chain.hpp — the hash chain of the audit trail (docs/backoffice.md section 3). Pure: no
// store, no clock. An entry's hash is SHA-256 over a fixed, length-prefixed encoding of every field and the
// previous entry's hash, so editing any field of any entry, deleting an entry or reordering entries changes a
// hash that a later entry (or the verifier) checks.
// Invariants (cited by tests as A1..A4):
//  A1  entries are numbered 1, 2, 3 ... without gaps; entry 1's previous hash is 64 zeros (genesis_hash).
//  A2  hash = SHA-256("jiebang-audit-v1" || field*) where each field (sequence and time in decimal, staff id,
//      staff name, role, action, target, reason, state before, state after, previous hash) is a 4-byte
//      big-endian length followed by its UTF-8 bytes; written as 64 lowercase hex digits.
//  A3  an entry's previous hash is the hash of the entry before it.
//  A4  the verifier reads entries in sequence order one at a time (linear, constant memory) and names the
//      first entry that breaks A1-A3, with what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jiebang::audit {

struct AuditEntry {
    std::int64_t sequence = 0;
    std::int64_t at = 0;  // Unix seconds
    std::string staff_id;
    std::string staff_name;
    std::string role;
    std::string action;  // accept, return, forward, publish, enrol_terminal, add_staff, export, read, ...
    std::string target;  // receipt number, node id, staff id, export name, board version
    std::string reason;
    std::string state_before;
    std::string state_after;
    std::string previous_hash;  // hex
    std::string hash;           // hex
};

inline constexpr std::string_view genesis_hash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The hash an entry must have given its fields and previous_hash (A2).
std::string entry_hash(const AuditEntry& entry);
// Fills sequence, previous_hash and hash of `entry` as the successor of (previous_sequence, previous_hash).
void seal(AuditEntry& entry, std::int64_t previous_sequence, std::string_view previous_hash);

struct ChainProblem {
    std::int64_t sequence = 0;  // the first bad entry (or the one expected where one is missing)
    std::string what;           // "edited", "missing", "out of order", "previous hash does not match"
};

class ChainVerifier {
  public:
    // Feed entries in ascending sequence order; returns false once a problem was found (see problem()).
    bool add(const AuditEntry& entry);
    const std::optional<ChainProblem>& problem() const { return problem_; }
    std::int64_t count() const { return count_; }
    const std::string& head_hash() const { return head_hash_; }  // genesis_hash when empty

  private:
    std::int64_t last_sequence_ = 0;
    std::int64_t count_ = 0;
    std::string head_hash_ = std::string(genesis_hash);
    std::optional<ChainProblem> problem_;
};

}  // namespace jiebang::audit

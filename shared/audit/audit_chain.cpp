// shared/audit/audit_chain.cpp — hashing and verifying the audit chain (invariants A1-A4 in audit_chain.hpp).
#include "shared/audit/audit_chain.hpp"

#include <sodium.h>

#include <array>

#include "shared/domain/sodium_ready.hpp"

namespace jiebang::audit {

namespace {

void absorb(crypto_hash_sha256_state& state, std::string_view field) {
    const auto size = static_cast<std::uint32_t>(field.size());
    const unsigned char length[4] = {static_cast<unsigned char>(size >> 24),
                                     static_cast<unsigned char>(size >> 16),
                                     static_cast<unsigned char>(size >> 8), static_cast<unsigned char>(size)};
    crypto_hash_sha256_update(&state, length, sizeof length);
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(field.data()), field.size());
}

}  // namespace

std::string entry_hash(const AuditEntry& entry) {
    detail::ensure_sodium_ready();
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    const std::string_view magic = "jiebang-audit-v1";
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(magic.data()), magic.size());
    absorb(state, std::to_string(entry.sequence));
    absorb(state, std::to_string(entry.at));
    absorb(state, entry.staff_id);
    absorb(state, entry.staff_name);
    absorb(state, entry.role);
    absorb(state, entry.action);
    absorb(state, entry.target);
    absorb(state, entry.reason);
    absorb(state, entry.state_before);
    absorb(state, entry.state_after);
    absorb(state, entry.previous_hash);
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256_final(&state, digest.data());
    std::string hex(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
}

void seal(AuditEntry& entry, std::int64_t previous_sequence, std::string_view previous_hash) {
    entry.sequence = previous_sequence + 1;
    entry.previous_hash = std::string(previous_hash.empty() ? genesis_hash : previous_hash);
    entry.hash = entry_hash(entry);
}

bool ChainVerifier::add(const AuditEntry& entry) {
    if (problem_)
        return false;
    if (entry.sequence <= last_sequence_) {
        problem_ = ChainProblem{entry.sequence, "out of order"};
        return false;
    }
    if (entry.sequence != last_sequence_ + 1) {
        problem_ = ChainProblem{last_sequence_ + 1, "missing"};
        return false;
    }
    if (entry.previous_hash != head_hash_) {
        problem_ = ChainProblem{entry.sequence, "previous hash does not match"};
        return false;
    }
    if (entry_hash(entry) != entry.hash) {
        problem_ = ChainProblem{entry.sequence, "edited"};
        return false;
    }
    last_sequence_ = entry.sequence;
    head_hash_ = entry.hash;
    ++count_;
    return true;
}

}  // namespace jiebang::audit

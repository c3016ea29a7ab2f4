// shared/staff/staff_key_file.hpp — a staff member's key file: their CURVE key pair with the secret half
// sealed by their passphrase (docs/backoffice.md section 2 gives the format byte for byte).
//
//   jiebang-staff-key-v1
//   staff_id staff-0003
//   role reviewer
//   public_key <Z85, 40 characters>
//   kdf argon2id13 <opslimit> <memlimit bytes>
//   salt <32 hex digits>
//   nonce <48 hex digits>
//   sealed_secret <96 hex digits>
//
// sealed_secret = crypto_secretbox_easy(secret key (32 bytes), nonce, key) with
// key = crypto_pwhash(32 bytes, passphrase, salt, opslimit, memlimit, Argon2id 1.3).
// Invariants:
//  1. The secret half never touches the disk unsealed; the file is written atomically with mode 0600
//     (shared/base/secret_file.hpp) and is never overwritten by enrolment (staff_key.exists).
//  2. Opening checks, in this order: the file is not readable by group or others (staff_key.permissions),
//     at most 4 KiB, the exact lines above (staff_key.malformed, field: the line's name), KDF limits within
//     bounds (a crafted file cannot make us allocate gigabytes), the passphrase opens the box
//     (staff_key.wrong_passphrase), and the opened secret derives the public key in the file
//     (staff_key.inconsistent). Nothing is half-read: any failure returns no key.
//  3. Secrets and derived keys are wiped from memory after use (sodium_memzero).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "shared/base/result.hpp"

namespace jiebang::backoffice {

// Z85 (ZeroMQ RFC 32) for 32-byte keys: 40 characters.
std::string z85_encode_key(const std::array<unsigned char, 32>& key);
std::optional<std::array<unsigned char, 32>> z85_decode_key(std::string_view text);

// A CURVE (X25519) key pair as ZeroMQ wants it: Z85 text. The destructor wipes the secret.
struct CurveKeyPairText {
    std::string public_key;
    std::string secret_key;
    CurveKeyPairText() = default;
    CurveKeyPairText(const CurveKeyPairText&) = default;
    CurveKeyPairText& operator=(const CurveKeyPairText&) = default;
    ~CurveKeyPairText();
};
CurveKeyPairText generate_curve_key_pair();

// How hard the passphrase is stretched. Interactive: Argon2id, 2 passes over 64 MiB (libsodium's
// INTERACTIVE). The values are stored in the file, so a file written with other limits still opens.
struct KeyDerivationLimits {
    std::uint64_t opslimit = 2;
    std::uint64_t memlimit = 64ull * 1024 * 1024;
};

// A passphrase a person chose: at least 8 characters of valid UTF-8, at most 1024 bytes.
// Errors: staff_key.weak_passphrase, staff_key.bad_passphrase.
Status check_new_passphrase(std::string_view passphrase);

// Writes a new key file (invariant 1). Errors: staff_key.exists (field: the path), key.cannot_write,
// staff_key.weak_passphrase, staff_key.bad_passphrase.
Status write_staff_key_file(const std::filesystem::path& file, std::string_view staff_id,
                            std::string_view role, const CurveKeyPairText& keys, std::string_view passphrase,
                            KeyDerivationLimits limits = {});

// The parts of a key file that need no passphrase.
struct StaffKeyFileHeader {
    std::string staff_id;
    std::string role;
    std::string public_key;
};
Result<StaffKeyFileHeader> read_staff_key_file_header(const std::filesystem::path& file);

struct OpenedStaffKey {
    StaffKeyFileHeader header;
    CurveKeyPairText keys;
};
// Opens a key file with the passphrase (invariant 2). Errors: staff_key.cannot_read, staff_key.permissions,
// staff_key.malformed, staff_key.wrong_passphrase, staff_key.inconsistent.
Result<OpenedStaffKey> open_staff_key_file(const std::filesystem::path& file, std::string_view passphrase);

}  // namespace jiebang::backoffice

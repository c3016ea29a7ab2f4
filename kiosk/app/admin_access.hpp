// kiosk/app/admin_access.hpp — who may open the terminal's admin page: the staff PIN, stored only as an
// Argon2id hash (libsodium's crypto_pwhash_str) in the terminal's data folder, and the lockout that slows down
// anyone guessing it. No PIN ships with the software: on a terminal's first start the technician sets one on
// the screen (or with `jiebang-kiosk --set-admin-pin`, which reads it from standard input).
// Files (both 0600, written atomically): `admin-pin` (the crypto_pwhash_str string) and `admin-lockout`
// ("<failures> <locked until, unix seconds>").
// Invariants: (1) the PIN itself is never written anywhere, only its hash; (2) a PIN has 6 to 12 digits;
// (3) a malformed or unreadable `admin-pin` never reads as "no PIN" (that would let anyone at the screen set
// one): the admin page stays closed until the technician removes the file; (4) from the third wrong PIN in a
// row the gesture is locked for 30 s, doubling with each further wrong PIN up to an hour; a right PIN resets
// the count; (5) the lockout survives a restart; (6) hashing and checking take a deliberate ~0.1 s and tens of
// megabytes, so they never run on the frame thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "shared/base/result.hpp"

namespace jiebang::kiosk {

enum class AdminPinState { NotSet, Set, Unreadable };

class AdminAccess {
  public:
    static constexpr int minimum_digits = 6;
    static constexpr int maximum_digits = 12;
    static constexpr int free_attempts = 2;  // wrong PINs before the first lockout

    // Reads both files. Never fails: an unreadable PIN file is AdminPinState::Unreadable (its error is kept).
    static AdminAccess load(const std::filesystem::path& data_directory);

    AdminPinState pin_state() const { return pin_state_; }
    const std::optional<Error>& load_error() const { return load_error_; }
    const std::string& pin_hash() const { return pin_hash_; }

    // Slow (Argon2id): call from a worker. Errors: admin.pin_format (not 6-12 digits), admin.pin_hash.
    static Result<std::string> hash_pin(const std::string& pin);
    static bool pin_matches(const std::string& hash, const std::string& pin);
    static bool pin_well_formed(const std::string& pin);

    // Writes a hash made by hash_pin() as `admin-pin`. Errors: key.cannot_write.
    static Status store_pin_hash(const std::filesystem::path& data_directory, std::string hash);
    // hash_pin() then store_pin_hash(); for --set-admin-pin and the tests.
    static Status set_pin(const std::filesystem::path& data_directory, const std::string& pin);
    void adopt_pin_hash(std::string hash);

    // [4] Seconds the gesture stays locked after `failures` wrong PINs in a row (0 while attempts are free).
    static std::int64_t lockout_seconds(int failures);
    // Seconds left of the current lockout at `now` (unix seconds); 0 when the PIN pad may be used.
    std::int64_t locked_for(std::int64_t now) const;
    int failures() const { return failures_; }
    // Record the outcome of a check and persist it. Errors: key.cannot_write (the state in memory is kept).
    Status record_failure(std::int64_t now);
    Status record_success();

  private:
    Status save_lockout() const;

    std::filesystem::path data_directory_;
    AdminPinState pin_state_ = AdminPinState::NotSet;
    std::optional<Error> load_error_;
    std::string pin_hash_;
    int failures_ = 0;
    std::int64_t locked_until_ = 0;
};

}  // namespace jiebang::kiosk

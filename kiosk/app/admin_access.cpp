// kiosk/app/admin_access.cpp — Argon2id PIN hash and the lockout files (see admin_access.hpp).
#include "kiosk/app/admin_access.hpp"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "shared/base/secret_file.hpp"

namespace jiebang::kiosk {

namespace {

// Argon2id with 3 passes over 32 MiB: about a tenth of a second on a hall PC, and the memory is returned
// right after (libsodium maps it for the call). RFC 9106's second recommended setting is t=3, m=64 MiB; half
// the memory keeps the terminal's peak near its 64 MB budget, and the lockout limits guesses at the screen.
constexpr unsigned long long hash_passes = 3;
constexpr std::size_t hash_memory_bytes = 32u * 1024u * 1024u;

std::filesystem::path pin_file(const std::filesystem::path& data_directory) {
    return data_directory / "admin-pin";
}
std::filesystem::path lockout_file(const std::filesystem::path& data_directory) {
    return data_directory / "admin-lockout";
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

}  // namespace

bool AdminAccess::pin_well_formed(const std::string& pin) {
    return static_cast<int>(pin.size()) >= minimum_digits && static_cast<int>(pin.size()) <= maximum_digits &&
           pin.find_first_not_of("0123456789") == std::string::npos;
}

AdminAccess AdminAccess::load(const std::filesystem::path& data_directory) {
    AdminAccess access;
    access.data_directory_ = data_directory;
    std::error_code error;
    const auto file = pin_file(data_directory);
    if (std::filesystem::exists(file, error)) {
        std::ifstream input(file, std::ios::binary);
        std::ostringstream content;
        content << input.rdbuf();
        const std::string hash = trimmed(content.str());
        // [3] Anything but an Argon2id hash string means someone or something damaged the file: stay closed.
        if (!input || hash.rfind("$argon2id$", 0) != 0 || hash.size() >= crypto_pwhash_STRBYTES) {
            access.pin_state_ = AdminPinState::Unreadable;
            access.load_error_ =
                Error("admin.pin_file", file.string(), "the admin PIN file is not an Argon2id hash");
        } else {
            access.pin_state_ = AdminPinState::Set;
            access.pin_hash_ = hash;
        }
    } else if (error) {
        access.pin_state_ = AdminPinState::Unreadable;
        access.load_error_ = Error("admin.pin_file", file.string(), error.message());
    }
    std::ifstream lockout(lockout_file(data_directory));
    int failures = 0;
    std::int64_t until = 0;
    if (lockout >> failures >> until && failures >= 0 && until >= 0) {
        access.failures_ = failures;
        access.locked_until_ = until;
    }
    return access;
}

Result<std::string> AdminAccess::hash_pin(const std::string& pin) {
    if (!pin_well_formed(pin)) {
        return Error("admin.pin_format", "pin", "the admin PIN needs 6 to 12 digits")
            .with("minimum", std::to_string(minimum_digits))
            .with("maximum", std::to_string(maximum_digits));
    }
    if (sodium_init() < 0)
        return Error("admin.pin_hash", "", "libsodium could not start");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, pin.c_str(), pin.size(), hash_passes, hash_memory_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Error("admin.pin_hash", "", "Argon2id ran out of memory");
    }
    return std::string(hash);
}

bool AdminAccess::pin_matches(const std::string& hash, const std::string& pin) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || sodium_init() < 0)
        return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0;
}

Status AdminAccess::store_pin_hash(const std::filesystem::path& data_directory, std::string hash) {
    std::string content = hash + "\n";
    return write_secret_file(pin_file(data_directory), content);
}

Status AdminAccess::set_pin(const std::filesystem::path& data_directory, const std::string& pin) {
    auto hash = hash_pin(pin);
    if (!hash)
        return hash.error();
    return store_pin_hash(data_directory, *hash);
}

void AdminAccess::adopt_pin_hash(std::string hash) {
    pin_hash_ = std::move(hash);
    pin_state_ = AdminPinState::Set;
    load_error_.reset();
}

std::int64_t AdminAccess::lockout_seconds(int failures) {
    if (failures <= free_attempts)
        return 0;
    const int doublings = std::min(failures - free_attempts - 1, 7);  // 30 s * 2^7 > 1 h
    return std::min<std::int64_t>(3600, std::int64_t{30} << doublings);
}

std::int64_t AdminAccess::locked_for(std::int64_t now) const {
    return std::max<std::int64_t>(0, locked_until_ - now);
}

Status AdminAccess::record_failure(std::int64_t now) {
    ++failures_;
    locked_until_ = now + lockout_seconds(failures_);
    return save_lockout();
}

Status AdminAccess::record_success() {
    if (failures_ == 0 && locked_until_ == 0)
        return ok_status();
    failures_ = 0;
    locked_until_ = 0;
    return save_lockout();
}

Status AdminAccess::save_lockout() const {
    if (data_directory_.empty())
        return ok_status();
    std::string content = std::to_string(failures_) + " " + std::to_string(locked_until_) + "\n";
    return write_secret_file(lockout_file(data_directory_), content);
}

}  // namespace jiebang::kiosk

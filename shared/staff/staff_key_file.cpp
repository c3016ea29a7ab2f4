// shared/staff/staff_key_file.cpp — Z85 keys, CURVE key generation and the sealed staff key file (the format
// and invariants are in staff_key_file.hpp and docs/backoffice.md).
//
// Index: [SECTION] Z85  [SECTION] Keys and passphrases  [SECTION] Writing  [SECTION] Reading
#include "shared/staff/staff_key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "shared/base/secret_file.hpp"
#include "shared/domain/sodium_ready.hpp"
#include "shared/text/utf8.hpp"

namespace jiebang::backoffice {

namespace {
constexpr std::string_view z85_alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
constexpr std::string_view file_magic = "jiebang-staff-key-v1";
constexpr std::size_t max_file_bytes = 4096;
constexpr std::size_t salt_bytes = crypto_pwhash_SALTBYTES;
constexpr std::size_t nonce_bytes = crypto_secretbox_NONCEBYTES;
constexpr std::size_t sealed_bytes = crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES;
// Bounds on the stretching a file may ask for: a crafted file cannot make us run for minutes or allocate
// gigabytes, and a file cannot ask for less than libsodium's minimum.
constexpr std::uint64_t max_opslimit = 16;
constexpr std::uint64_t max_memlimit = 1024ull * 1024 * 1024;

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    std::string text(size * 2 + 1, '\0');
    sodium_bin2hex(text.data(), text.size(), bytes, size);
    text.pop_back();
    return text;
}

bool from_hex(std::string_view text, unsigned char* out, std::size_t size) {
    if (text.size() != size * 2)
        return false;
    for (char character : text) {
        if (!((character >= '0' && character <= '9') || (character >= 'a' && character <= 'f')))
            return false;
    }
    std::size_t written = 0;
    return sodium_hex2bin(out, size, text.data(), text.size(), nullptr, &written, nullptr) == 0 &&
           written == size;
}

// A key derived from the passphrase; wiped when it goes out of scope.
struct DerivedKey {
    std::array<unsigned char, crypto_secretbox_KEYBYTES> bytes{};
    ~DerivedKey() { sodium_memzero(bytes.data(), bytes.size()); }
};

bool derive(DerivedKey& key, std::string_view passphrase, const unsigned char* salt, std::uint64_t opslimit,
            std::uint64_t memlimit) {
    return crypto_pwhash(key.bytes.data(), key.bytes.size(), passphrase.data(), passphrase.size(), salt,
                         opslimit, static_cast<std::size_t>(memlimit), crypto_pwhash_ALG_ARGON2ID13) == 0;
}

Error malformed(std::string_view line, std::string detail) {
    return Error("staff_key.malformed", std::string(line), std::move(detail))
        .with("field", std::string(line));
}

}  // namespace

// [SECTION] Z85
std::string z85_encode_key(const std::array<unsigned char, 32>& key) {
    std::string text;
    text.reserve(40);
    for (std::size_t offset = 0; offset < key.size(); offset += 4) {
        std::uint32_t value = (std::uint32_t{key[offset]} << 24) | (std::uint32_t{key[offset + 1]} << 16) |
                              (std::uint32_t{key[offset + 2]} << 8) | std::uint32_t{key[offset + 3]};
        char group[5];
        for (int index = 4; index >= 0; --index) {
            group[index] = z85_alphabet[value % 85];
            value /= 85;
        }
        text.append(group, 5);
    }
    return text;
}

std::optional<std::array<unsigned char, 32>> z85_decode_key(std::string_view text) {
    if (text.size() != 40)
        return std::nullopt;
    std::array<unsigned char, 32> key{};
    for (std::size_t group = 0; group < 8; ++group) {
        std::uint64_t value = 0;
        for (std::size_t index = 0; index < 5; ++index) {
            const auto position = z85_alphabet.find(text[group * 5 + index]);
            if (position == std::string_view::npos)
                return std::nullopt;
            value = value * 85 + position;
        }
        if (value > 0xFFFFFFFFull)
            return std::nullopt;
        for (int index = 0; index < 4; ++index)
            key[group * 4 + static_cast<std::size_t>(index)] =
                static_cast<unsigned char>(value >> (24 - 8 * index));
    }
    return key;
}

// [SECTION] Keys and passphrases
CurveKeyPairText::~CurveKeyPairText() {
    sodium_memzero(secret_key.data(), secret_key.size());
}

CurveKeyPairText generate_curve_key_pair() {
    detail::ensure_sodium_ready();
    std::array<unsigned char, 32> public_key{}, secret_key{};
    crypto_box_keypair(public_key.data(), secret_key.data());
    CurveKeyPairText pair;
    pair.public_key = z85_encode_key(public_key);
    pair.secret_key = z85_encode_key(secret_key);
    sodium_memzero(secret_key.data(), secret_key.size());
    return pair;
}

Status check_new_passphrase(std::string_view passphrase) {
    if (passphrase.size() > 1024 || !utf8::is_valid(passphrase))
        return Error("staff_key.bad_passphrase", "passphrase",
                     "a passphrase is valid UTF-8, at most 1024 bytes");
    auto count = utf8::count_code_points(passphrase);
    if (!count || *count < 8) {
        return Error("staff_key.weak_passphrase", "passphrase", "a passphrase has at least 8 characters")
            .with("minimum", "8");
    }
    return ok_status();
}

// [SECTION] Writing
Status write_staff_key_file(const std::filesystem::path& file, std::string_view staff_id,
                            std::string_view role, const CurveKeyPairText& keys, std::string_view passphrase,
                            KeyDerivationLimits limits) {
    detail::ensure_sodium_ready();
    if (auto status = check_new_passphrase(passphrase); !status)
        return status;
    std::error_code error_code;
    if (std::filesystem::exists(std::filesystem::symlink_status(file, error_code))) {
        return Error("staff_key.exists", file.string(), "a key file is never overwritten")
            .with("file", file.string());
    }
    auto secret = z85_decode_key(keys.secret_key);
    if (!secret || !z85_decode_key(keys.public_key))
        return Error("staff_key.malformed", "keys", "not a CURVE key pair in Z85");
    std::array<unsigned char, salt_bytes> salt{};
    std::array<unsigned char, nonce_bytes> nonce{};
    std::array<unsigned char, sealed_bytes> sealed{};
    randombytes_buf(salt.data(), salt.size());
    randombytes_buf(nonce.data(), nonce.size());
    DerivedKey key;
    if (!derive(key, passphrase, salt.data(), limits.opslimit, limits.memlimit)) {
        sodium_memzero(secret->data(), secret->size());
        return Error("staff_key.kdf", "kdf", "Argon2id failed (out of memory?)");
    }
    crypto_secretbox_easy(sealed.data(), secret->data(), secret->size(), nonce.data(), key.bytes.data());
    sodium_memzero(secret->data(), secret->size());
    std::string content =
        std::string(file_magic) + "\n" + "staff_id " + std::string(staff_id) + "\n" + "role " +
        std::string(role) + "\n" + "public_key " + keys.public_key + "\n" + "kdf argon2id13 " +
        std::to_string(limits.opslimit) + " " + std::to_string(limits.memlimit) + "\n" + "salt " +
        to_hex(salt.data(), salt.size()) + "\n" + "nonce " + to_hex(nonce.data(), nonce.size()) + "\n" +
        "sealed_secret " + to_hex(sealed.data(), sealed.size()) + "\n";
    return write_secret_file(file, content);
}

// [SECTION] Reading
namespace {

struct ParsedFile {
    StaffKeyFileHeader header;
    std::uint64_t opslimit = 0;
    std::uint64_t memlimit = 0;
    std::array<unsigned char, salt_bytes> salt{};
    std::array<unsigned char, nonce_bytes> nonce{};
    std::array<unsigned char, sealed_bytes> sealed{};
};

Result<std::string> read_bounded(const std::filesystem::path& file) {
    const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (descriptor < 0) {
        return Error("staff_key.cannot_read", file.string(), std::strerror(errno))
            .with("file", file.string());
    }
    struct stat information {};
    if (fstat(descriptor, &information) != 0 || !S_ISREG(information.st_mode)) {
        ::close(descriptor);
        return Error("staff_key.cannot_read", file.string(), "not a regular file")
            .with("file", file.string());
    }
    if ((information.st_mode & 077) != 0) {
        ::close(descriptor);
        return Error("staff_key.permissions", file.string(), "the key file is readable by others (chmod 600)")
            .with("file", file.string());
    }
    std::string content(max_file_bytes + 1, '\0');
    std::size_t total = 0;
    for (;;) {
        const ssize_t count = ::read(descriptor, content.data() + total, content.size() - total);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0) {
            ::close(descriptor);
            return Error("staff_key.cannot_read", file.string(), std::strerror(errno))
                .with("file", file.string());
        }
        if (count == 0)
            break;
        total += static_cast<std::size_t>(count);
        if (total > max_file_bytes) {
            ::close(descriptor);
            return malformed("file", "a staff key file is at most 4096 bytes");
        }
    }
    ::close(descriptor);
    content.resize(total);
    return content;
}

Result<std::uint64_t> parse_number(std::string_view text, std::string_view line) {
    if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return malformed(line, "not a number");
    return std::stoull(std::string(text));
}

Result<ParsedFile> parse(const std::string& content) {
    std::vector<std::string_view> lines;
    std::string_view rest = content;
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        if (end == std::string_view::npos)
            return malformed("file", "the last line has no newline");
        lines.push_back(rest.substr(0, end));
        rest.remove_prefix(end + 1);
    }
    static const std::array<std::string_view, 8> names = {"",    "staff_id", "role",  "public_key",
                                                          "kdf", "salt",     "nonce", "sealed_secret"};
    if (lines.size() != names.size())
        return malformed("file", "a staff key file has exactly 8 lines");
    if (lines[0] != file_magic)
        return malformed("format", "the first line is not jiebang-staff-key-v1");
    std::array<std::string_view, 8> values{};
    for (std::size_t index = 1; index < lines.size(); ++index) {
        const std::string_view line = lines[index];
        if (line.substr(0, names[index].size()) != names[index] || line.size() <= names[index].size() + 1 ||
            line[names[index].size()] != ' ') {
            return malformed(names[index], "line " + std::to_string(index + 1) + " is not '" +
                                               std::string(names[index]) + " <value>'");
        }
        values[index] = line.substr(names[index].size() + 1);
    }
    ParsedFile parsed;
    parsed.header.staff_id = std::string(values[1]);
    parsed.header.role = std::string(values[2]);
    parsed.header.public_key = std::string(values[3]);
    if (parsed.header.staff_id.size() > 64 || !utf8::is_valid(parsed.header.staff_id))
        return malformed("staff_id", "a staff id is at most 64 bytes of UTF-8");
    if (!z85_decode_key(parsed.header.public_key))
        return malformed("public_key", "not a 40-character Z85 key");
    const std::string_view kdf = values[4];
    const auto first_space = kdf.find(' ');
    const auto second_space = kdf.find(' ', first_space == std::string_view::npos ? 0 : first_space + 1);
    if (first_space == std::string_view::npos || second_space == std::string_view::npos ||
        kdf.substr(0, first_space) != "argon2id13") {
        return malformed("kdf", "expected 'kdf argon2id13 <opslimit> <memlimit>'");
    }
    auto opslimit = parse_number(kdf.substr(first_space + 1, second_space - first_space - 1), "kdf");
    auto memlimit = parse_number(kdf.substr(second_space + 1), "kdf");
    if (!opslimit)
        return opslimit.error();
    if (!memlimit)
        return memlimit.error();
    if (*opslimit < crypto_pwhash_OPSLIMIT_MIN || *opslimit > max_opslimit ||
        *memlimit < crypto_pwhash_MEMLIMIT_MIN || *memlimit > max_memlimit) {
        return malformed("kdf", "the key derivation limits are out of bounds");
    }
    parsed.opslimit = *opslimit;
    parsed.memlimit = *memlimit;
    if (!from_hex(values[5], parsed.salt.data(), parsed.salt.size()))
        return malformed("salt", "expected 32 lowercase hex digits");
    if (!from_hex(values[6], parsed.nonce.data(), parsed.nonce.size()))
        return malformed("nonce", "expected 48 lowercase hex digits");
    if (!from_hex(values[7], parsed.sealed.data(), parsed.sealed.size()))
        return malformed("sealed_secret", "expected 96 lowercase hex digits");
    return parsed;
}

}  // namespace

Result<StaffKeyFileHeader> read_staff_key_file_header(const std::filesystem::path& file) {
    auto content = read_bounded(file);
    if (!content)
        return content.error();
    auto parsed = parse(content.value());
    if (!parsed)
        return parsed.error();
    return parsed->header;
}

Result<OpenedStaffKey> open_staff_key_file(const std::filesystem::path& file, std::string_view passphrase) {
    detail::ensure_sodium_ready();
    auto content = read_bounded(file);
    if (!content)
        return content.error();
    auto parsed = parse(content.value());
    if (!parsed)
        return parsed.error();
    DerivedKey key;
    if (!derive(key, passphrase, parsed->salt.data(), parsed->opslimit, parsed->memlimit))
        return Error("staff_key.kdf", "kdf", "Argon2id failed (out of memory?)");
    std::array<unsigned char, crypto_box_SECRETKEYBYTES> secret{};
    if (crypto_secretbox_open_easy(secret.data(), parsed->sealed.data(), parsed->sealed.size(),
                                   parsed->nonce.data(), key.bytes.data()) != 0) {
        return Error("staff_key.wrong_passphrase", file.string(),
                     "the passphrase does not open this key file")
            .with("file", file.string());
    }
    std::array<unsigned char, crypto_box_PUBLICKEYBYTES> derived_public{};
    crypto_scalarmult_base(derived_public.data(), secret.data());
    OpenedStaffKey opened;
    opened.header = parsed->header;
    opened.keys.public_key = z85_encode_key(derived_public);
    opened.keys.secret_key = z85_encode_key(secret);
    sodium_memzero(secret.data(), secret.size());
    if (opened.keys.public_key != parsed->header.public_key) {
        return Error("staff_key.inconsistent", file.string(),
                     "the sealed secret does not match the public key")
            .with("file", file.string());
    }
    return opened;
}

}  // namespace jiebang::backoffice

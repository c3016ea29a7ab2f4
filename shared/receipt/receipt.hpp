// shared/receipt/receipt.hpp — the applicant's proof: a number a person can read aloud and type, and a
// QR code that county staff verify offline.
// Number: CITY-CC-TTT-YYYYMMDD-SSSS-K — city code (letters without I, L, O), county receipt code (2),
// terminal number (3 digits), local date, per-terminal daily sequence (4 digits), one check character
// (mod 31 over the rest, alphabet 23456789ABCDEFGHJKMNPQRSTUVWXYZ) that catches a mistyped or swapped
// character. Parsing accepts lower case and missing dashes; O/I/L are read as 0/1/1.
// QR payload: "JB1|<number>|<content hash, base64url>|<Ed25519 signature, base64url>", the signature over
// "JB1|<number>|<content hash, raw 32 bytes>" with the terminal's key. Verification needs only the
// terminal's public key; any change to number, hash or signature fails it.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/domain/submission.hpp"

namespace jiebang {

struct ReceiptNumber {
    std::string city_code;    // "JM"
    std::string county_code;  // "03"
    int terminal_number = 0;  // 1..999
    int year = 0, month = 0, day = 0;
    int sequence = 0;  // 1..9999 per terminal per day

    std::string text() const;  // canonical form with dashes and check character
    // Ok when every part is in range (city 2-4 letters without I/L/O, county 2 digits, terminal 1..999,
    // a calendar date, sequence 1..9999); receipt.format naming the part otherwise.
    Status validate() const;
    static Result<ReceiptNumber> parse(std::string_view typed);  // errors: receipt.format, receipt.check
};

struct SigningKey {
    std::array<unsigned char, 32> public_key{};
    std::array<unsigned char, 64> secret_key{};  // libsodium layout (seed + public key)

    static SigningKey generate();
    std::string public_key_text() const;  // base64url, 43 chars
    // Key files: one line "jiebang-ed25519-secret-v1 <base64url seed>", mode 0600, written atomically.
    // Errors: key.cannot_read, key.permissions (readable by group/others), key.format, key.cannot_write.
    static Result<SigningKey> load(const std::filesystem::path& secret_key_file);
    Status save(const std::filesystem::path& secret_key_file) const;
};

// Errors: key.public_format.
Result<std::array<unsigned char, 32>> parse_public_key(std::string_view text);

struct Receipt {
    ReceiptNumber number;
    ContentHash content_hash{};
    std::array<unsigned char, 64> signature{};

    std::string qr_payload() const;
};

Receipt sign_receipt(const ReceiptNumber& number, const ContentHash& hash, const SigningKey& key);
// Parses a QR payload; errors: receipt.payload_format, receipt.version, receipt.format, receipt.check.
// Strict: exactly 4 parts, version "JB1", hash 43 and signature 86 base64url characters (no padding).
Result<Receipt> parse_qr_payload(std::string_view payload);
// Ok if the signature matches under `public_key`; receipt.signature otherwise.
Status verify_receipt(const Receipt& receipt, const std::array<unsigned char, 32>& public_key);

// The QR code as a square of modules (true = dark), with no quiet zone, from libqrencode (ECC level M).
struct QrMatrix {
    int size = 0;
    std::vector<bool> modules;  // row-major, size * size
    bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * size + x)]; }
};
// 8-bit mode, smallest version that fits; errors: qr.encode.
Result<QrMatrix> encode_qr(std::string_view payload);

// RFC 4648 base64url without padding; decoding is strict (alphabet, length, no stray bits): base64url.format.
std::string base64url_encode(const unsigned char* bytes, std::size_t size);
Result<std::vector<unsigned char>> base64url_decode(std::string_view text);

}  // namespace jiebang

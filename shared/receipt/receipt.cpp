// shared/receipt/receipt.cpp — receipt numbers with a check character, Ed25519 signing and verification,
// the QR payload and matrix, signing-key files and base64url.
// Invariants (tests cite them as "receipt.cpp invariant N"):
//  1. The check character is the weighted sum (weight = position + 1) of the character values of the
//     compact number without dashes (digits 0..9 -> 0..9, city letters -> 10 + index in
//     ABCDEFGHJKMNPQRSTUVWXYZ), modulo 31, written with the alphabet 23456789ABCDEFGHJKMNPQRSTUVWXYZ.
//     31 is prime and every weight is in 1..30 (the compact number has at most 21 characters), so every
//     single substitution and every adjacent transposition inside one character class changes the sum;
//     a transposition across classes (letter <-> digit) breaks the format and is refused as receipt.format.
//  2. The signed message is exactly "JB1|" + canonical number text + "|" + the 32 raw hash bytes.
//  3. Secret key files are written atomically (temporary file, fsync, rename, directory fsync) with mode
//     0600 and are refused when readable by group or others.
//  4. base64url is RFC 4648's URL-safe alphabet without padding, from libsodium; decoding refuses anything
//     else (another alphabet, padding, an impossible length, stray bits).
//
// Index:
//   [SECTION] Receipt numbers
//   [SECTION] base64url
//   [SECTION] Keys
//   [SECTION] Signing, payload and verification
//   [SECTION] QR matrix
#include "shared/receipt/receipt.hpp"

#include <fcntl.h>
#include <qrencode.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "shared/base/secret_file.hpp"
#include "shared/domain/sodium_ready.hpp"

namespace jiebang {

// [SECTION] Receipt numbers

namespace {

constexpr std::string_view check_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::string_view city_letters = "ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::size_t fixed_tail_length = 2 + 3 + 8 + 4 + 1;  // county, terminal, date, sequence, check

bool is_digit(char character) {
    return character >= '0' && character <= '9';
}

int character_value(char character) {
    if (is_digit(character))
        return character - '0';
    const auto position = city_letters.find(character);
    return position == std::string_view::npos ? -1 : 10 + static_cast<int>(position);
}

char check_character(std::string_view compact_without_check) {
    int sum = 0;
    for (std::size_t index = 0; index < compact_without_check.size(); ++index) {
        sum += static_cast<int>(index + 1) * character_value(compact_without_check[index]);
    }
    return check_alphabet[static_cast<std::size_t>(sum % 31)];
}

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year))
        return 29;
    return days[month - 1];
}

std::string zero_padded(int value, int width) {
    std::string text = std::to_string(value);
    if (static_cast<int>(text.size()) < width)
        text.insert(0, static_cast<std::size_t>(width) - text.size(), '0');
    return text;
}

Error format_error(std::string detail) {
    return Error("receipt.format", "receipt_number", std::move(detail));
}

std::string compact_without_check(const ReceiptNumber& number) {
    return number.city_code + number.county_code + zero_padded(number.terminal_number, 3) +
           zero_padded(number.year, 4) + zero_padded(number.month, 2) + zero_padded(number.day, 2) +
           zero_padded(number.sequence, 4);
}

int parse_digits(std::string_view digits) {
    int value = 0;
    for (char digit : digits)
        value = value * 10 + (digit - '0');
    return value;
}

}  // namespace

Status ReceiptNumber::validate() const {
    if (city_code.size() < 2 || city_code.size() > 4)
        return format_error("city code must be 2 to 4 letters");
    for (char letter : city_code) {
        if (city_letters.find(letter) == std::string_view::npos) {
            return format_error("city code letters are A-Z without I, L and O");
        }
    }
    if (county_code.size() != 2 || !is_digit(county_code[0]) || !is_digit(county_code[1])) {
        return format_error("county code must be 2 digits");
    }
    if (terminal_number < 1 || terminal_number > 999)
        return format_error("terminal number must be 1..999");
    if (year < 2000 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month)) {
        return format_error("the date is not a calendar date");
    }
    if (sequence < 1 || sequence > 9999)
        return format_error("sequence must be 1..9999");
    return ok_status();
}

std::string ReceiptNumber::text() const {
    const std::string compact = compact_without_check(*this);
    return city_code + "-" + county_code + "-" + zero_padded(terminal_number, 3) + "-" +
           zero_padded(year, 4) + zero_padded(month, 2) + zero_padded(day, 2) + "-" +
           zero_padded(sequence, 4) + "-" + check_character(compact);
}

Result<ReceiptNumber> ReceiptNumber::parse(std::string_view typed) {
    std::string compact;
    compact.reserve(typed.size());
    for (char character : typed) {
        if (character == '-' || character == ' ')
            continue;
        if (character >= 'a' && character <= 'z')
            character = static_cast<char>(character - 'a' + 'A');
        if (character == 'O')
            character = '0';
        if (character == 'I' || character == 'L')
            character = '1';
        compact.push_back(character);
    }
    if (compact.size() < fixed_tail_length + 2 || compact.size() > fixed_tail_length + 4) {
        return format_error("a receipt number has 20 to 22 characters without dashes");
    }
    const std::size_t city_length = compact.size() - fixed_tail_length;
    for (std::size_t index = 0; index < compact.size() - 1; ++index) {
        const char character = compact[index];
        const bool ok = index < city_length ? city_letters.find(character) != std::string_view::npos
                                            : is_digit(character);
        if (!ok) {
            return format_error(index < city_length ? "the city code must be letters"
                                                    : "county, terminal, date and sequence must be digits")
                .with("position", std::to_string(index + 1));
        }
    }
    const char typed_check = compact.back();
    if (check_alphabet.find(typed_check) == std::string_view::npos) {
        return format_error("the last character is not a check character");
    }

    ReceiptNumber number;
    std::string_view rest(compact);
    number.city_code = std::string(rest.substr(0, city_length));
    rest.remove_prefix(city_length);
    number.county_code = std::string(rest.substr(0, 2));
    number.terminal_number = parse_digits(rest.substr(2, 3));
    number.year = parse_digits(rest.substr(5, 4));
    number.month = parse_digits(rest.substr(9, 2));
    number.day = parse_digits(rest.substr(11, 2));
    number.sequence = parse_digits(rest.substr(13, 4));
    if (check_character(std::string_view(compact).substr(0, compact.size() - 1)) != typed_check) {
        return Error("receipt.check", "receipt_number",
                     "the check character does not match; a character is mistyped");
    }
    auto valid = number.validate();
    if (!valid)
        return valid.error();
    return number;
}

// [SECTION] base64url

// libsodium's RFC 4648 base64url without padding. Its decoder is as strict as the format: a character
// outside the alphabet, '=' padding, an impossible length and stray bits after the last byte all fail.
std::string base64url_encode(const unsigned char* bytes, std::size_t size) {
    if (size == 0)
        return {};
    constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_ENCODED_LEN(size, variant), '\0');  // the length counts the final NUL
    sodium_bin2base64(text.data(), text.size(), bytes, size, variant);
    text.pop_back();
    return text;
}

Result<std::vector<unsigned char>> base64url_decode(std::string_view text) {
    std::vector<unsigned char> bytes(text.size() * 3 / 4 + 1);
    std::size_t length = 0;
    if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        return Error("base64url.format", "",
                     "not base64url: characters A-Z a-z 0-9 - _ only, no padding, no stray trailing bits");
    }
    bytes.resize(length);
    return bytes;
}

// [SECTION] Keys

namespace {
constexpr std::string_view secret_key_prefix = "jiebang-ed25519-secret-v1 ";
}

SigningKey SigningKey::generate() {
    detail::ensure_sodium_ready();
    SigningKey key;
    crypto_sign_keypair(key.public_key.data(), key.secret_key.data());
    return key;
}

std::string SigningKey::public_key_text() const {
    return base64url_encode(public_key.data(), public_key.size());
}

Result<SigningKey> SigningKey::load(const std::filesystem::path& secret_key_file) {
    detail::ensure_sodium_ready();
    const std::string file_name = secret_key_file.string();
    if (auto private_file = check_secret_file_permissions(secret_key_file); !private_file)
        return private_file.error();
    std::ifstream input(secret_key_file, std::ios::binary);
    std::string line;
    if (!input || !std::getline(input, line)) {
        return Error("key.cannot_read", file_name, "cannot read the key file");
    }
    if (line.size() > 200 || line.rfind(secret_key_prefix, 0) != 0) {
        return Error("key.format", file_name,
                     "the key file does not start with 'jiebang-ed25519-secret-v1 '");
    }
    auto seed = base64url_decode(std::string_view(line).substr(secret_key_prefix.size()));
    if (!seed || seed->size() != crypto_sign_SEEDBYTES) {
        if (seed)
            sodium_memzero(seed->data(), seed->size());
        sodium_memzero(line.data(), line.size());
        return Error("key.format", file_name, "the key file's seed is not 32 bytes of base64url");
    }
    SigningKey key;
    crypto_sign_seed_keypair(key.public_key.data(), key.secret_key.data(), seed->data());
    sodium_memzero(seed->data(), seed->size());
    sodium_memzero(line.data(), line.size());
    return key;
}

Status SigningKey::save(const std::filesystem::path& secret_key_file) const {
    std::string content =
        std::string(secret_key_prefix) + base64url_encode(secret_key.data(), crypto_sign_SEEDBYTES) + "\n";
    return write_secret_file(secret_key_file, content);
}

Result<std::array<unsigned char, 32>> parse_public_key(std::string_view text) {
    auto bytes = base64url_decode(text);
    if (!bytes || bytes->size() != 32) {
        return Error("key.public_format", "public_key",
                     "a public key is 43 characters of base64url (32 bytes)");
    }
    std::array<unsigned char, 32> key{};
    std::memcpy(key.data(), bytes->data(), key.size());
    return key;
}

// [SECTION] Signing, payload and verification

namespace {

constexpr std::string_view payload_version = "JB1";

std::string signed_message(const ReceiptNumber& number, const ContentHash& hash) {
    std::string message = std::string(payload_version) + "|" + number.text() + "|";
    message.append(reinterpret_cast<const char*>(hash.data()), hash.size());
    return message;
}

Error payload_error(std::string detail) {
    return Error("receipt.payload_format", "payload", std::move(detail));
}

}  // namespace

std::string Receipt::qr_payload() const {
    return std::string(payload_version) + "|" + number.text() + "|" +
           base64url_encode(content_hash.data(), content_hash.size()) + "|" +
           base64url_encode(signature.data(), signature.size());
}

Receipt sign_receipt(const ReceiptNumber& number, const ContentHash& hash, const SigningKey& key) {
    detail::ensure_sodium_ready();
    Receipt receipt;
    receipt.number = number;
    receipt.content_hash = hash;
    const std::string message = signed_message(number, hash);
    crypto_sign_detached(receipt.signature.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         key.secret_key.data());
    return receipt;
}

Result<Receipt> parse_qr_payload(std::string_view payload) {
    if (payload.size() > 512)
        return payload_error("the payload is longer than any receipt");
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto bar = payload.find('|', start);
        parts.push_back(
            payload.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
        if (bar == std::string_view::npos)
            break;
        start = bar + 1;
    }
    if (parts[0] != payload_version) {
        if (parts[0].size() >= 3 && parts[0].substr(0, 2) == "JB") {
            return Error("receipt.version", "payload", "unknown receipt payload version")
                .with("version", std::string(parts[0].substr(0, 8)));
        }
        return payload_error("a receipt payload starts with 'JB1|'");
    }
    if (parts.size() != 4)
        return payload_error("a receipt payload has 4 parts separated by '|'");
    auto number = ReceiptNumber::parse(parts[1]);
    if (!number)
        return number.error();
    if (parts[2].size() != 43)
        return payload_error("the content hash must be 43 base64url characters");
    if (parts[3].size() != 86)
        return payload_error("the signature must be 86 base64url characters");
    auto hash = base64url_decode(parts[2]);
    if (!hash || hash->size() != 32)
        return payload_error("the content hash is not valid base64url");
    auto signature = base64url_decode(parts[3]);
    if (!signature || signature->size() != 64)
        return payload_error("the signature is not valid base64url");
    Receipt receipt;
    receipt.number = number.value();
    std::memcpy(receipt.content_hash.data(), hash->data(), 32);
    std::memcpy(receipt.signature.data(), signature->data(), 64);
    return receipt;
}

Status verify_receipt(const Receipt& receipt, const std::array<unsigned char, 32>& public_key) {
    detail::ensure_sodium_ready();
    const std::string message = signed_message(receipt.number, receipt.content_hash);
    if (crypto_sign_verify_detached(receipt.signature.data(),
                                    reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                    public_key.data()) != 0) {
        return Error("receipt.signature", "payload",
                     "the signature does not match this number and hash under the terminal's key");
    }
    return ok_status();
}

// [SECTION] QR matrix

Result<QrMatrix> encode_qr(std::string_view payload) {
    if (payload.empty())
        return Error("qr.encode", "payload", "nothing to encode");
    errno = 0;
    QRcode* code = QRcode_encodeData(static_cast<int>(payload.size()),
                                     reinterpret_cast<const unsigned char*>(payload.data()), 0, QR_ECLEVEL_M);
    if (code == nullptr) {
        return Error("qr.encode", "payload", std::string("libqrencode failed: ") + std::strerror(errno));
    }
    QrMatrix matrix;
    matrix.size = code->width;
    matrix.modules.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
    for (std::size_t index = 0; index < matrix.modules.size(); ++index) {
        matrix.modules[index] = (code->data[index] & 1) != 0;
    }
    QRcode_free(code);
    return matrix;
}

}  // namespace jiebang

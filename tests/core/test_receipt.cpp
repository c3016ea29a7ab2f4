// tests/core/test_receipt.cpp — receipt numbers (format, normalisation, check character), Ed25519 signing
// and offline verification, the QR payload, the QR matrix read back by a real decoder (zbarimg), key files
// and base64url. What a user would notice: a mistyped number accepted as someone else's receipt, a
// forged or altered receipt passing verification, a QR code the county's scanner cannot read.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>

#include "shared/receipt/receipt.hpp"
#include "store_test_support.hpp"

using namespace jiebang;
namespace support = jiebang::test_support;

namespace {

ReceiptNumber sample_number(int sequence = 1) {
    ReceiptNumber number;
    number.city_code = "JM";
    number.county_code = "03";
    number.terminal_number = 7;
    number.year = 2026;
    number.month = 11;
    number.day = 22;
    number.sequence = sequence;
    return number;
}

ContentHash sample_hash(unsigned char seed = 1) {
    ContentHash hash{};
    for (std::size_t index = 0; index < hash.size(); ++index)
        hash[index] = static_cast<unsigned char>(seed + index * 7);
    return hash;
}

std::string without_dashes(const std::string& text) {
    std::string compact;
    for (char character : text) {
        if (character != '-')
            compact.push_back(character);
    }
    return compact;
}

// What the parser would read a typed character as (case, O/I/L folding).
char normalised(char character) {
    if (character >= 'a' && character <= 'z')
        character = static_cast<char>(character - 'a' + 'A');
    if (character == 'O')
        return '0';
    if (character == 'I' || character == 'L')
        return '1';
    return character;
}

}  // namespace

TEST_CASE("receipt number text has the documented shape and parses back") {
    const ReceiptNumber number = sample_number(42);
    const std::string text = number.text();
    CHECK(text.size() == 25);
    CHECK(text.rfind("JM-03-007-20261122-0042-", 0) == 0);
    CHECK(std::string("23456789ABCDEFGHJKMNPQRSTUVWXYZ").find(text.back()) != std::string::npos);
    auto parsed = ReceiptNumber::parse(text);
    REQUIRE(parsed.ok());
    CHECK(parsed->text() == text);
    CHECK(parsed->sequence == 42);
    CHECK(parsed->terminal_number == 7);
    CHECK(parsed->city_code == "JM");

    ReceiptNumber longer = number;
    longer.city_code = "JDZ";
    auto parsed_longer = ReceiptNumber::parse(longer.text());
    REQUIRE(parsed_longer.ok());
    CHECK(parsed_longer->city_code == "JDZ");
}

TEST_CASE("receipt number parsing accepts lower case, missing dashes, spaces and O/I/L for 0/1/1") {
    ReceiptNumber number = sample_number(1011);
    number.terminal_number = 100;
    const std::string text = number.text();
    std::string typed;
    for (char character : without_dashes(text)) {
        if (character == '0')
            character = 'O';
        if (character == '1')
            character = 'l';
        if (character >= 'A' && character <= 'Z' && character != 'O')
            character = static_cast<char>(character - 'A' + 'a');
        typed.push_back(character);
    }
    typed.insert(4, " ");
    auto parsed = ReceiptNumber::parse(typed);
    REQUIRE_MESSAGE(parsed.ok(), typed);
    CHECK(parsed->text() == text);
}

// checks receipt.cpp invariant 1
TEST_CASE("the check character catches every single wrong character and every adjacent swap") {
    const std::string typed_alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::mt19937 random(20261122);
    int substitutions = 0;
    int swaps = 0;
    for (int sample = 0; sample < 40; ++sample) {
        ReceiptNumber number = sample_number(1 + static_cast<int>(random() % 9999));
        number.terminal_number = 1 + static_cast<int>(random() % 999);
        number.county_code = std::to_string(10 + random() % 90);
        number.day = 1 + static_cast<int>(random() % 28);
        number.month = 1 + static_cast<int>(random() % 12);
        const std::string cities[] = {"JM", "JDZ", "JX", "ABCD"};
        number.city_code = cities[random() % 4];
        const std::string compact = without_dashes(number.text());
        REQUIRE(ReceiptNumber::parse(compact).ok());
        for (std::size_t position = 0; position < compact.size(); ++position) {
            for (char replacement : typed_alphabet) {
                if (normalised(replacement) == compact[position])
                    continue;  // reads as the same character
                std::string typo = compact;
                typo[position] = replacement;
                CAPTURE(typo);
                CHECK_FALSE(ReceiptNumber::parse(typo).ok());
                ++substitutions;
            }
        }
        for (std::size_t position = 0; position + 1 < compact.size(); ++position) {
            if (compact[position] == compact[position + 1])
                continue;
            std::string swapped = compact;
            std::swap(swapped[position], swapped[position + 1]);
            CAPTURE(swapped);
            CHECK_FALSE(ReceiptNumber::parse(swapped).ok());
            ++swaps;
        }
    }
    CHECK(substitutions > 20000);
    CHECK(swaps > 500);
}

TEST_CASE("a mistyped check character is receipt.check, malformed numbers are receipt.format") {
    const std::string text = sample_number(5).text();
    std::string wrong_check = text;
    wrong_check.back() = wrong_check.back() == 'Z' ? 'Y' : 'Z';
    auto mistyped = ReceiptNumber::parse(wrong_check);
    REQUIRE_FALSE(mistyped.ok());
    CHECK(mistyped.error().code == "receipt.check");

    for (const char* malformed : {"", "JM-03-007", "JM-03-007-20261122-0005", "JM-03-007-20261122-00005-X",
                                  "12-03-007-20261122-0005-X", "JM-0A-007-20261122-0005-X"}) {
        auto parsed = ReceiptNumber::parse(malformed);
        CAPTURE(malformed);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == "receipt.format");
    }
    // Right check character, impossible parts.
    auto impossible = [](auto change) {
        ReceiptNumber number = sample_number(5);
        change(number);
        return number;
    };
    CHECK(impossible([](ReceiptNumber& n) { n.sequence = 0; }).validate().error().code == "receipt.format");
    CHECK_FALSE(impossible([](ReceiptNumber& n) { n.sequence = 10000; }).validate().ok());
    CHECK_FALSE(impossible([](ReceiptNumber& n) { n.month = 13; }).validate().ok());
    CHECK_FALSE(impossible([](ReceiptNumber& n) { n.month = 2, n.day = 29, n.year = 2027; }).validate().ok());
    CHECK(impossible([](ReceiptNumber& n) { n.month = 2, n.day = 29, n.year = 2028; }).validate().ok());
    CHECK_FALSE(impossible([](ReceiptNumber& n) { n.terminal_number = 0; }).validate().ok());
    CHECK_FALSE(impossible([](ReceiptNumber& n) { n.city_code = "JO"; }).validate().ok());
    ReceiptNumber zero_sequence = sample_number(5);
    zero_sequence.sequence = 0;
    auto parsed_zero = ReceiptNumber::parse(zero_sequence.text());  // check character right, sequence not
    REQUIRE_FALSE(parsed_zero.ok());
    CHECK(parsed_zero.error().code == "receipt.format");
}

// checks receipt.cpp invariant 2
TEST_CASE("a signed receipt verifies offline, any change to number, hash or signature fails") {
    const SigningKey key = SigningKey::generate();
    const Receipt receipt = sign_receipt(sample_number(12), sample_hash(), key);
    CHECK(verify_receipt(receipt, key.public_key).ok());

    Receipt other_number = receipt;
    other_number.number.sequence = 13;
    auto number_result = verify_receipt(other_number, key.public_key);
    REQUIRE_FALSE(number_result.ok());
    CHECK(number_result.error().code == "receipt.signature");

    Receipt other_terminal = receipt;
    other_terminal.number.terminal_number = 8;
    CHECK_FALSE(verify_receipt(other_terminal, key.public_key).ok());

    for (std::size_t byte = 0; byte < 32; byte += 5) {
        Receipt other_hash = receipt;
        other_hash.content_hash[byte] ^= 0x01;
        CHECK_FALSE(verify_receipt(other_hash, key.public_key).ok());
    }
    for (std::size_t byte = 0; byte < 64; byte += 9) {
        Receipt other_signature = receipt;
        other_signature.signature[byte] ^= 0x80;
        CHECK_FALSE(verify_receipt(other_signature, key.public_key).ok());
    }
    const SigningKey other_key = SigningKey::generate();
    CHECK_FALSE(verify_receipt(receipt, other_key.public_key).ok());
    const Receipt forged = sign_receipt(sample_number(12), sample_hash(), other_key);
    CHECK_FALSE(verify_receipt(forged, key.public_key).ok());
}

TEST_CASE("QR payload round-trips and verifies from its text alone") {
    const SigningKey key = SigningKey::generate();
    const Receipt receipt = sign_receipt(sample_number(77), sample_hash(9), key);
    const std::string payload = receipt.qr_payload();
    CHECK(payload.rfind("JB1|" + receipt.number.text() + "|", 0) == 0);
    CHECK(payload.size() == 4 + 25 + 1 + 43 + 1 + 86);
    auto parsed = parse_qr_payload(payload);
    REQUIRE(parsed.ok());
    CHECK(parsed->number.text() == receipt.number.text());
    CHECK(parsed->content_hash == receipt.content_hash);
    CHECK(parsed->signature == receipt.signature);
    auto public_key = parse_public_key(key.public_key_text());
    REQUIRE(public_key.ok());
    CHECK(verify_receipt(*parsed, *public_key).ok());

    // Tampering with the text of the payload: another valid number, another hash, another signature.
    const std::string other_number = sample_number(78).text();
    std::string changed_number = payload;
    changed_number.replace(4, 25, other_number);
    auto parsed_changed = parse_qr_payload(changed_number);
    REQUIRE(parsed_changed.ok());
    CHECK_FALSE(verify_receipt(*parsed_changed, *public_key).ok());
    std::string changed_hash = payload;
    changed_hash[31] = changed_hash[31] == 'A' ? 'B' : 'A';
    auto parsed_hash = parse_qr_payload(changed_hash);
    REQUIRE(parsed_hash.ok());
    CHECK_FALSE(verify_receipt(*parsed_hash, *public_key).ok());
    std::string changed_signature = payload;
    changed_signature[80] = changed_signature[80] == 'A' ? 'B' : 'A';
    auto parsed_signature = parse_qr_payload(changed_signature);
    REQUIRE(parsed_signature.ok());
    CHECK_FALSE(verify_receipt(*parsed_signature, *public_key).ok());
}

TEST_CASE("QR payload parsing is strict about version, parts and lengths") {
    const SigningKey key = SigningKey::generate();
    const std::string payload = sign_receipt(sample_number(3), sample_hash(), key).qr_payload();
    auto code_of = [](const std::string& text) {
        auto parsed = parse_qr_payload(text);
        return parsed.ok() ? std::string("ok") : parsed.error().code;
    };
    CHECK(code_of(payload) == "ok");
    CHECK(code_of("JB2" + payload.substr(3)) == "receipt.version");
    CHECK(code_of("XX1" + payload.substr(3)) == "receipt.payload_format");
    CHECK(code_of(payload + "|extra") == "receipt.payload_format");
    CHECK(code_of(payload.substr(0, payload.rfind('|'))) == "receipt.payload_format");
    CHECK(code_of(payload.substr(0, payload.size() - 1)) == "receipt.payload_format");
    CHECK(code_of(payload + "A") == "receipt.payload_format");
    std::string bad_character = payload;
    bad_character[40] = '+';
    CHECK(code_of(bad_character) == "receipt.payload_format");
    std::string bad_check = payload;
    bad_check[28] = bad_check[28] == 'Z' ? 'Y' : 'Z';
    CHECK(code_of(bad_check) == "receipt.check");
    CHECK(code_of("") == "receipt.payload_format");
    CHECK(code_of(std::string(5000, '|')) == "receipt.payload_format");
}

TEST_CASE("the QR matrix decodes back to the payload with a real scanner (zbarimg)") {
    const SigningKey key = SigningKey::generate();
    const std::string payload = sign_receipt(sample_number(1234), sample_hash(3), key).qr_payload();
    auto matrix = encode_qr(payload);
    REQUIRE(matrix.ok());
    REQUIRE(matrix->size >= 21);
    REQUIRE(matrix->modules.size() == static_cast<std::size_t>(matrix->size * matrix->size));

    // Binary PGM with a 4-module quiet zone, 4 pixels a module.
    const int scale = 4;
    const int quiet = 4;
    const int side = (matrix->size + 2 * quiet) * scale;
    support::TemporaryDirectory directory;
    const auto image = directory / "receipt.pgm";
    {
        std::ofstream out(image, std::ios::binary);
        out << "P5\n" << side << " " << side << "\n255\n";
        for (int y = 0; y < side; ++y) {
            for (int x = 0; x < side; ++x) {
                const int module_x = x / scale - quiet;
                const int module_y = y / scale - quiet;
                const bool inside =
                    module_x >= 0 && module_y >= 0 && module_x < matrix->size && module_y < matrix->size;
                out.put(inside && matrix->dark(module_x, module_y) ? '\0' : static_cast<char>(255));
            }
        }
    }
    const std::string command = "zbarimg --nodbus -q --raw '" + image.string() + "' 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string decoded;
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
        decoded += buffer.data();
    const int status = ::pclose(pipe);
    CHECK(status == 0);
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r'))
        decoded.pop_back();
    CHECK(decoded == payload);
    auto parsed = parse_qr_payload(decoded);
    REQUIRE(parsed.ok());
    CHECK(verify_receipt(*parsed, key.public_key).ok());
}

TEST_CASE("QR encoding refuses what cannot be a code") {
    CHECK(encode_qr("").error().code == "qr.encode");
    CHECK(encode_qr(std::string(4000, 'x')).error().code == "qr.encode");
}

// checks receipt.cpp invariant 3
TEST_CASE("signing keys save with mode 0600, load back, and bad key files are refused clearly") {
    support::TemporaryDirectory directory;
    const auto file = directory / "terminal.key";
    const SigningKey key = SigningKey::generate();
    REQUIRE(key.save(file).ok());
    struct stat file_status {};
    REQUIRE(::stat(file.c_str(), &file_status) == 0);
    CHECK((file_status.st_mode & 0777) == 0600);
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    CHECK(line.rfind("jiebang-ed25519-secret-v1 ", 0) == 0);
    CHECK(line.size() == 26 + 43);
    CHECK(line.find(key.public_key_text()) == std::string::npos);  // the file holds the seed only
    // Only the key file is left behind (no temporary files).
    CHECK(std::distance(std::filesystem::directory_iterator(directory.path()), {}) == 1);

    auto loaded = SigningKey::load(file);
    REQUIRE(loaded.ok());
    CHECK(loaded->public_key == key.public_key);
    CHECK(loaded->secret_key == key.secret_key);
    const Receipt receipt = sign_receipt(sample_number(), sample_hash(), *loaded);
    CHECK(verify_receipt(receipt, key.public_key).ok());

    // Saving again replaces the key atomically.
    const SigningKey second = SigningKey::generate();
    REQUIRE(second.save(file).ok());
    CHECK(SigningKey::load(file)->public_key == second.public_key);

    std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::owner_write |
                                           std::filesystem::perms::others_read);
    auto exposed = SigningKey::load(file);
    REQUIRE_FALSE(exposed.ok());
    CHECK(exposed.error().code == "key.permissions");

    const auto garbage = directory / "garbage.key";
    { std::ofstream(garbage) << "ssh-ed25519 AAAA\n"; }
    std::filesystem::permissions(garbage, std::filesystem::perms::owner_read);
    CHECK(SigningKey::load(garbage).error().code == "key.format");
    const auto short_seed = directory / "short.key";
    { std::ofstream(short_seed) << "jiebang-ed25519-secret-v1 AAAA\n"; }
    std::filesystem::permissions(short_seed, std::filesystem::perms::owner_read);
    CHECK(SigningKey::load(short_seed).error().code == "key.format");
    CHECK(SigningKey::load(directory / "missing.key").error().code == "key.cannot_read");
    CHECK(key.save(directory / "no-such-folder" / "terminal.key").error().code == "key.cannot_write");
}

TEST_CASE("public keys parse from their text form only when exactly 32 bytes") {
    const SigningKey key = SigningKey::generate();
    const std::string text = key.public_key_text();
    CHECK(text.size() == 43);
    auto parsed = parse_public_key(text);
    REQUIRE(parsed.ok());
    CHECK(*parsed == key.public_key);
    CHECK(parse_public_key(text.substr(1)).error().code == "key.public_format");
    CHECK(parse_public_key(text + "AAAA").error().code == "key.public_format");
    CHECK(parse_public_key("").error().code == "key.public_format");
}

// checks receipt.cpp invariant 4
TEST_CASE("base64url matches RFC 4648 vectors and decodes strictly") {
    auto encode = [](const std::string& text) {
        return base64url_encode(reinterpret_cast<const unsigned char*>(text.data()), text.size());
    };
    CHECK(encode("") == "");
    CHECK(encode("f") == "Zg");
    CHECK(encode("fo") == "Zm8");
    CHECK(encode("foo") == "Zm9v");
    CHECK(encode("foob") == "Zm9vYg");
    CHECK(encode("fooba") == "Zm9vYmE");
    CHECK(encode("foobar") == "Zm9vYmFy");
    const unsigned char high[] = {0xfb, 0xff};
    CHECK(base64url_encode(high, 2) == "-_8");
    auto decoded = base64url_decode("Zm9vYmE");
    REQUIRE(decoded.ok());
    CHECK(std::string(decoded->begin(), decoded->end()) == "fooba");
    CHECK(base64url_decode("-_8")->size() == 2);
    CHECK_FALSE(base64url_decode("Zm9vYmE=").ok());  // no padding
    CHECK_FALSE(base64url_decode("Zm9+").ok());      // standard alphabet refused
    CHECK_FALSE(base64url_decode("Z").ok());         // impossible length
    CHECK_FALSE(base64url_decode("Zh").ok());        // stray bits
    std::mt19937 random(7);
    for (std::size_t size = 0; size < 70; ++size) {
        std::vector<unsigned char> bytes(size);
        for (auto& byte : bytes)
            byte = static_cast<unsigned char>(random());
        auto round = base64url_decode(base64url_encode(bytes.data(), bytes.size()));
        REQUIRE(round.ok());
        CHECK(*round == bytes);
    }
}

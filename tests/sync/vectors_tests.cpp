// tests/sync/vectors_tests.cpp — the committed JBSP/1 test vectors (tests/sync/vectors/jbsp1-vectors.json,
// docs/protocol.md section 15) and the fuzzer's seed corpus (tests/sync/fuzz/corpus/) against the codec and
// the core, the way another implementation checks itself:
//  - the files are exactly what the generator makes from today's code (a changed byte is a protocol change);
//  - every message: its typed field list, written out by the spec's rules alone, gives body_hex; the header
//    gives header_hex; the codec decodes the frames to those fields and encodes them back to the same bytes;
//  - every invalid message is refused by the decoder with the named protocol.* code and field;
//  - the submission's hash is SHA-256 of its canonical content, which the core re-encodes byte for byte;
//    the receipt signature verifies under the TEST-ONLY key over "JB1|" + number + "|" + raw hash;
//  - receipt numbers: the check character follows the weighted sum mod 31; typed forms normalise;
//  - the board's hash is SHA-256 of board_json with its leading "hash" member removed, which is the
//    canonical board encoding;
//  - the seed corpus holds every message kind and its near-valid seeds fail only past the header checks.
#include <doctest/doctest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/receipt/receipt.hpp"
#include "sync/protocol/codec.hpp"
#include "tests/sync/fuzz/fuzz_input.hpp"
#include "tests/sync/vectors/jbsp_vectors.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using Json = nlohmann::ordered_json;

namespace {

const std::filesystem::path source_dir = JIEBANG_SOURCE_DIR;
const std::filesystem::path vectors_file = source_dir / "tests/sync/vectors/jbsp1-vectors.json";
const std::filesystem::path corpus_dir = source_dir / "tests/sync/fuzz/corpus";
const std::string regenerate =
    "regenerate with build/tests/sync/jiebang_jbsp_vectors --vectors tests/sync/vectors/jbsp1-vectors.json "
    "--corpus tests/sync/fuzz/corpus, and review the diff: a changed byte is a change of the protocol";

std::string read_bytes(const std::filesystem::path& file) {
    std::ifstream input(file, std::ios::binary);
    std::stringstream buffer;
    buffer << input.rdbuf();
    return buffer.str();
}

const Json& vectors_document() {
    static const Json document = Json::parse(read_bytes(vectors_file));
    return document;
}

std::string sha256_hex(std::string_view bytes) {
    const ContentHash hash = content_hash_of_encoding(bytes);
    return hex_encode(hash);
}

std::string hex(std::string_view bytes) {
    return vectors::to_hex(bytes);
}

std::string unhex(const Json& value) {
    return vectors::from_hex(value.get<std::string>());
}

}  // namespace

TEST_CASE("the committed vectors and seed corpus are what today's codec and core generate") {
    REQUIRE(std::filesystem::exists(vectors_file));
    CHECK_MESSAGE(read_bytes(vectors_file) == vectors::vectors_json(), regenerate);

    std::map<std::string, std::string> committed;
    for (const auto& entry : std::filesystem::directory_iterator(corpus_dir))
        committed[entry.path().filename().string()] = read_bytes(entry.path());
    std::map<std::string, std::string> generated;
    for (const auto& [name, bytes] : vectors::seed_corpus())
        generated[name] = bytes;
    CHECK_MESSAGE(committed == generated, regenerate);
}

TEST_CASE(
    "message vectors: the field list gives the bytes, decode gives the fields, encode gives the bytes") {
    const Json& messages = vectors_document().at("messages");
    std::set<std::string> commands;
    for (const Json& vector : messages) {
        CAPTURE(vector.at("name").get<std::string>());
        const std::string header = unhex(vector.at("header_hex"));
        const std::string body = unhex(vector.at("body_hex"));
        commands.insert(vector.at("command_name").get<std::string>());

        // The header by section 4 alone: "JB", version 1, command, correlation id big-endian.
        std::string expected_header = "JB";
        expected_header.push_back(1);
        expected_header.push_back(
            static_cast<char>(std::stoi(vector.at("command").get<std::string>(), nullptr, 16)));
        const std::uint64_t correlation_id = std::stoull(vector.at("correlation_id").get<std::string>());
        for (int shift = 56; shift >= 0; shift -= 8)
            expected_header.push_back(static_cast<char>((correlation_id >> shift) & 0xff));
        CHECK(hex(header) == hex(expected_header));
        // The body by section 5 alone: the typed fields in order.
        CHECK(hex(vectors::encode_fields(vector.at("fields"))) == hex(body));

        auto decoded = decode({header, body});
        REQUIRE_MESSAGE(decoded.ok(), decoded.error().code << " " << decoded.error().field);
        CHECK(decoded->correlation_id == correlation_id);
        CHECK(command_name(command_of(decoded->body)) == vector.at("command_name").get<std::string>());
        CHECK(vectors::fields_of(decoded->body) == vector.at("fields"));
        auto encoded = encode(decoded.value());
        REQUIRE(encoded.ok());
        CHECK(hex((*encoded)[0]) == hex(header));
        CHECK(hex((*encoded)[1]) == hex(body));
    }
    CHECK(commands.size() == 29);  // every command of sections 5, 18, 19, 20, 21 and 22
}

TEST_CASE("invalid vectors: the decoder refuses each with the named error and field") {
    const Json& invalid = vectors_document().at("invalid_messages");
    CHECK(invalid.size() >= 20);
    for (const Json& vector : invalid) {
        CAPTURE(vector.at("name").get<std::string>());
        std::vector<std::string> frames;
        for (const Json& frame : vector.at("frames_hex"))
            frames.push_back(unhex(frame));
        auto decoded = decode(std::vector<std::string_view>(frames.begin(), frames.end()));
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().code == vector.at("decoder_error").get<std::string>());
        CHECK(decoded.error().field == vector.at("decoder_field").get<std::string>());
    }
}

TEST_CASE(
    "submission vectors: SHA-256 of the canonical content, and the receipt signature under the test key") {
    const Json& keys = vectors_document().at("test_only_keys");
    const std::string seed = unhex(keys.at("ed25519_seed_hex"));
    REQUIRE(seed.size() == 32);
    REQUIRE(sodium_init() >= 0);
    std::array<unsigned char, 32> public_key{};
    std::array<unsigned char, 64> secret_key{};
    crypto_sign_seed_keypair(public_key.data(), secret_key.data(),
                             reinterpret_cast<const unsigned char*>(seed.data()));
    CHECK(hex_encode(public_key) == keys.at("ed25519_public_key_hex").get<std::string>());
    const std::string public_text = keys.at("ed25519_public_key_base64url").get<std::string>();
    CHECK(public_text.size() == 43);  // base64url without '=' padding
    CHECK(public_text.find('=') == std::string::npos);
    CHECK(parse_public_key(public_text).value() == public_key);

    for (const Json& vector : vectors_document().at("submissions")) {
        CAPTURE(vector.at("name").get<std::string>());
        const std::string content = vector.at("canonical_content").get<std::string>();
        CHECK(hex(content) == vector.at("canonical_content_hex").get<std::string>());
        CHECK(sha256_hex(content) == vector.at("content_hash_hex").get<std::string>());
        auto parsed = submission_from_json(content);
        REQUIRE_MESSAGE(parsed.ok(), parsed.error().code);
        CHECK(canonical_encoding(parsed.value()) ==
              content);  // the core's encoding is this exact byte string
    }

    const Json& demand = vectors_document().at("submissions").at(0);
    const std::string number_text = demand.at("receipt_number").get<std::string>();
    auto number = ReceiptNumber::parse(number_text);
    REQUIRE(number.ok());
    CHECK(number->text() == number_text);
    const std::string hash = unhex(demand.at("content_hash_hex"));
    const std::string message = unhex(demand.at("signed_message_hex"));
    CHECK(message == "JB1|" + number_text + "|" + hash);
    const std::string signature = unhex(demand.at("signature_hex"));
    REQUIRE(signature.size() == 64);
    CHECK(crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                      reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                      public_key.data()) == 0);
    Receipt receipt;
    receipt.number = number.value();
    std::copy(hash.begin(), hash.end(), receipt.content_hash.begin());
    std::copy(signature.begin(), signature.end(), receipt.signature.begin());
    CHECK(verify_receipt(receipt, public_key).ok());
    CHECK(receipt.qr_payload() == demand.at("qr_payload").get<std::string>());
    // One changed bit anywhere and it fails.
    receipt.content_hash[0] ^= 1;
    CHECK_FALSE(verify_receipt(receipt, public_key).ok());
}

TEST_CASE("receipt-number vectors: weighted sum mod 31 gives the check character, typed forms normalise") {
    const std::string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    const std::string city_letters = "ABCDEFGHJKMNPQRSTUVWXYZ";
    for (const Json& vector : vectors_document().at("receipt_numbers")) {
        const std::string canonical = vector.at("canonical").get<std::string>();
        CAPTURE(canonical);
        const std::string compact = vector.at("compact_without_check").get<std::string>();
        int sum = 0;
        for (std::size_t index = 0; index < compact.size(); ++index) {
            const char character = compact[index];
            const int value = std::isdigit(static_cast<unsigned char>(character))
                                  ? character - '0'
                                  : 10 + static_cast<int>(city_letters.find(character));
            CHECK(value == vector.at("character_values").at(index).get<int>());
            sum += static_cast<int>(index + 1) * value;
        }
        CHECK(sum == vector.at("weighted_sum").get<int>());
        CHECK(std::string(1, alphabet[static_cast<std::size_t>(sum % 31)]) ==
              vector.at("check_character").get<std::string>());
        CHECK(ReceiptNumber::parse(canonical)->text() == canonical);
        for (const Json& typed : vector.at("typed_forms_that_normalise_to_it")) {
            auto parsed = ReceiptNumber::parse(typed.get<std::string>());
            REQUIRE(parsed.ok());
            CHECK(parsed->text() == canonical);
        }
    }
}

TEST_CASE("board vector: the hash is SHA-256 of board_json without its leading hash member") {
    for (const Json& vector : vectors_document().at("boards")) {
        const std::string board_json = vector.at("board_json").get<std::string>();
        const std::string hash = vector.at("hash_hex").get<std::string>();
        const std::string canonical = vector.at("canonical_encoding").get<std::string>();
        // board_json = '{"hash":"' + hash + '",' + canonical without its opening '{'.
        const std::string member = "\"hash\":\"" + hash + "\",";
        REQUIRE(board_json.rfind("{" + member, 0) == 0);
        CHECK("{" + board_json.substr(1 + member.size()) == canonical);
        CHECK(sha256_hex(canonical) == hash);
        CHECK(sha256_hex(board_json) != hash);  // the mistake the spec used to invite

        auto board = board_from_json(board_json);
        REQUIRE(board.ok());
        CHECK(board->hash_hex == hash);
        CHECK(canonical_board_encoding(board.value()) == canonical);
        CHECK(board_to_json(board.value()) == board_json);
    }
}

TEST_CASE("the seed corpus holds every message kind, and its near-valid seeds fail past the header checks") {
    std::set<std::string> decoded_commands;
    int near_valid = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus_dir)) {
        const std::string name = entry.path().filename().string();
        CAPTURE(name);
        const std::string input = read_bytes(entry.path());
        CHECK(input.size() <= 4096);  // the suite's fuzz run reads at most -max_len=4096 bytes of a seed
        const auto frames =
            fuzz::split_fuzz_input(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
        auto decoded = decode(std::vector<std::string_view>(frames.begin(), frames.end()));
        if (name.rfind("valid-", 0) == 0) {
            REQUIRE(decoded.ok());
            decoded_commands.insert(std::string(command_name(command_of(decoded->body))));
        } else if (name.rfind("near-", 0) == 0) {
            ++near_valid;
            REQUIRE_FALSE(decoded.ok());
            // Past the frame, magic, version and command checks: the body was being read.
            static const std::set<std::string> body_errors = {"protocol.truncated", "protocol.trailing",
                                                              "protocol.too_long", "protocol.utf8",
                                                              "protocol.field"};
            CHECK(body_errors.count(decoded.error().code) == 1);
        } else {
            CHECK(name.rfind("invalid-", 0) == 0);
            CHECK_FALSE(decoded.ok());
        }
    }
    CHECK(decoded_commands.size() == 29);
    CHECK(near_valid >= 24);
}

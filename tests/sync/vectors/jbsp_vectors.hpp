// tests/sync/vectors/jbsp_vectors.hpp — the JBSP/1 test vectors (docs/protocol.md section 15) and the decoder
// fuzzer's seed corpus, both made from the real codec and core: every message kind as byte-exact frames with
// its fields listed in wire order, near-valid frames with the error a decoder must give, a submission's
// canonical content with its hash and receipt signature, receipt numbers with their check characters, and
// a board with its hash.
// Invariants:
//  - Deterministic: the same program always produces the same bytes (fixed ids, times and a fixed TEST-ONLY
//    key seed; Ed25519 is deterministic), so the committed files can be compared with a fresh generation.
//  - The keys here are labelled TEST ONLY and must never be enrolled anywhere.
// tests/sync/vectors/generate_vectors.cpp writes the files; tests/sync/vectors_tests.cpp checks them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sync/protocol/codec.hpp"

namespace jiebang::sync::vectors {

// A valid message of the vectors: its name ("SUBMIT from a terminal") and value.
struct MessageVector {
    std::string name;
    std::string note;
    Message message;
};
std::vector<MessageVector> message_vectors();

// Frames that must not decode, and what a decoder and a server must say.
struct InvalidVector {
    std::string name;
    std::vector<std::string> frames;
    std::string decoder_error;  // protocol.* code from sync::decode
    std::string decoder_field;  // Error::field
    WireError server_reply;     // the ERROR a server answers with
};
std::vector<InvalidVector> invalid_vectors();

// The fields of a body in wire order: [{"field": name, "type": t, "value": v}], types u8 u16 u32 i64 hash
// signature text uuid uuid? (64-bit integers as decimal strings, hashes and signatures as lower-case hex).
nlohmann::ordered_json fields_of(const Body& body);

// The bytes a body's typed field list stands for, written from the list alone (no codec): how another
// implementation reads the vectors.
std::string encode_fields(const nlohmann::ordered_json& fields);

// The whole vectors file (tests/sync/vectors/jbsp1-vectors.json), pretty-printed, ending in a newline.
std::string vectors_json();

// The fuzzer's seed corpus: file name -> input bytes (fuzz_input.hpp framing).
std::vector<std::pair<std::string, std::string>> seed_corpus();

std::string to_hex(std::string_view bytes);
std::string from_hex(std::string_view hex);  // empty on malformed input

}  // namespace jiebang::sync::vectors

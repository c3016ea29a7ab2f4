// tests/sync/fuzz/decoder_fuzzer.cpp — libFuzzer target for the JBSP/1 decoder (sync/protocol/codec.cpp).
// The input is split into frames by a one-byte frame count and two-byte big-endian frame lengths (what is
// left over becomes the last frame; fuzz_input.hpp), so the fuzzer explores frame counts, headers and bodies.
// Its seed corpus (tests/sync/fuzz/corpus/, made by tests/sync/vectors/generate_vectors.cpp from the real
// codec) holds every message kind, valid and near-valid, so even a short run starts past the header checks.
// Whatever decodes must re-encode and decode to the same command: the decoder and the encoder agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "sync/protocol/codec.hpp"
#include "tests/sync/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> frames = jiebang::sync::fuzz::split_fuzz_input(data, size);
    std::vector<std::string_view> views(frames.begin(), frames.end());
    auto decoded = jiebang::sync::decode(views);
    if (decoded.ok()) {
        auto encoded = jiebang::sync::encode(decoded.value());
        if (!encoded.ok())
            std::abort();
        std::vector<std::string_view> again(encoded->begin(), encoded->end());
        auto redecoded = jiebang::sync::decode(again);
        if (!redecoded.ok() || redecoded->body.index() != decoded->body.index())
            std::abort();
        if ((*encoded)[1] != frames[1])
            std::abort();  // canonical: one encoding per value
    }
    return 0;
}

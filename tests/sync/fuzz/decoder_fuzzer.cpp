// tests/sync/fuzz/decoder_fuzzer.cpp — libFuzzer target for the JBSP/1 decoder (sync/protocol/codec.cpp).
// The input is split into frames by a one-byte frame count and two-byte big-endian frame lengths (what is
// left over becomes the last frame), so the fuzzer explores frame counts, headers and bodies. Whatever
// decodes must re-encode and decode to the same command: the decoder and the encoder agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "sync/protocol/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> frames;
    std::size_t position = 0;
    const std::size_t frame_count = size > 0 ? (data[position++] % 4) + 1 : 0;
    for (std::size_t index = 0; index < frame_count; ++index) {
        std::size_t length = size - position;
        if (index + 1 < frame_count && size - position >= 2) {
            length = (static_cast<std::size_t>(data[position]) << 8) | data[position + 1];
            position += 2;
            if (length > size - position)
                length = size - position;
        }
        frames.emplace_back(reinterpret_cast<const char*>(data + position), length);
        position += length;
    }
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

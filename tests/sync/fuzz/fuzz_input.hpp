// tests/sync/fuzz/fuzz_input.hpp — how the decoder fuzzer turns its input bytes into ZeroMQ frames, and back
// (for the seed corpus, tests/sync/vectors/jbsp_vectors.cpp). Standard library only: the fuzzer is built
// with clang apart from the main build.
// Layout: one byte F, frame count = F % 4 + 1; then for every frame but the last a two-byte big-endian
// length and that many bytes (cut short when the input ends); the last frame is whatever is left.
// Invariant: split_fuzz_input(join_fuzz_input(frames)) == frames for 1..4 frames whose all-but-last are
// at most 65535 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace jiebang::sync::fuzz {

inline std::vector<std::string> split_fuzz_input(const std::uint8_t* data, std::size_t size) {
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
    return frames;
}

inline std::string join_fuzz_input(const std::vector<std::string>& frames) {
    std::string input;
    input.push_back(static_cast<char>(frames.empty() ? 0 : frames.size() - 1));
    for (std::size_t index = 0; index < frames.size(); ++index) {
        if (index + 1 < frames.size()) {
            input.push_back(static_cast<char>((frames[index].size() >> 8) & 0xff));
            input.push_back(static_cast<char>(frames[index].size() & 0xff));
        }
        input += frames[index];
    }
    return input;
}

}  // namespace jiebang::sync::fuzz

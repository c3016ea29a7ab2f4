// shared/domain/canonical_json.hpp — the few helpers that write canonical JSON by hand (internal to the
// core). Canonical JSON is what hashes and signatures are computed over, so its bytes must never depend on a
// library's formatting choices: strings are written with the minimal escapes below, integers in plain
// decimal, no whitespace anywhere. Object keys are written by the callers in bytewise-sorted order.
// Escapes (the same as RFC 8259's minimum): '"' -> \", '\\' -> \\, U+0008 \b, U+000C \f, U+000A \n,
// U+000D \r, U+0009 \t, every other byte below 0x20 -> \u00XX (lower-case hex); all other bytes, including
// UTF-8 sequences, are copied unchanged (callers validate UTF-8 before anything is committed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace jiebang::canonical_json {

inline void append_string(std::string& out, std::string_view text) {
    static constexpr char hex_digits[] = "0123456789abcdef";
    out.push_back('"');
    for (char character : text) {
        const auto byte = static_cast<unsigned char>(character);
        switch (character) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (byte < 0x20) {
                    out += "\\u00";
                    out.push_back(hex_digits[byte >> 4]);
                    out.push_back(hex_digits[byte & 0x0f]);
                } else {
                    out.push_back(character);
                }
        }
    }
    out.push_back('"');
}

// `"key":` — the key written as a canonical string followed by a colon.
inline void append_key(std::string& out, std::string_view key) {
    append_string(out, key);
    out.push_back(':');
}

inline void append_integer(std::string& out, std::int64_t value) {
    out += std::to_string(value);
}

}  // namespace jiebang::canonical_json

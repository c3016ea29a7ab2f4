// shared/text/utf8.cpp — strict UTF-8 decoding (RFC 3629): the one place that says what a character is.
// Accepted: well-formed sequences of 1..4 bytes encoding U+0000..U+10FFFF without surrogates.
// Refused: overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF), code points above
// U+10FFFF (F4 90.., F5..FF), stray continuation bytes and sequences cut short by the end of the text.
// Invariant: every function here agrees with decode_one(); nothing repairs or cuts a character.
#include "shared/text/utf8.hpp"

namespace jiebang::utf8 {

namespace {

// Decodes one code point at `offset`. Returns the number of bytes used, or 0 when the bytes there are
// not a well-formed sequence. `code_point` is set only on success.
std::size_t decode_one(std::string_view text, std::size_t offset, char32_t& code_point) {
    const auto byte_at = [&](std::size_t index) { return static_cast<unsigned char>(text[index]); };
    const unsigned char lead = byte_at(offset);
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    std::size_t length = 0;
    char32_t value = 0;
    // Bounds for the second byte: they exclude overlongs, surrogates and values above U+10FFFF.
    unsigned char second_minimum = 0x80;
    unsigned char second_maximum = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        value = lead & 0x0F;
        if (lead == 0xE0)
            second_minimum = 0xA0;  // overlong below U+0800
        if (lead == 0xED)
            second_maximum = 0x9F;  // U+D800..U+DFFF are surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        value = lead & 0x07;
        if (lead == 0xF0)
            second_minimum = 0x90;  // overlong below U+10000
        if (lead == 0xF4)
            second_maximum = 0x8F;  // above U+10FFFF
    } else {
        return 0;  // continuation byte as lead, C0/C1 overlong leads, F5..FF
    }
    if (offset + length > text.size())
        return 0;  // truncated
    for (std::size_t index = 1; index < length; ++index) {
        const unsigned char continuation = byte_at(offset + index);
        const unsigned char minimum = index == 1 ? second_minimum : 0x80;
        const unsigned char maximum = index == 1 ? second_maximum : 0xBF;
        if (continuation < minimum || continuation > maximum)
            return 0;
        value = (value << 6) | (continuation & 0x3F);
    }
    code_point = value;
    return length;
}

}  // namespace

std::optional<std::size_t> count_code_points(std::string_view text) {
    std::size_t count = 0;
    std::size_t offset = 0;
    char32_t code_point = 0;
    while (offset < text.size()) {
        const std::size_t used = decode_one(text, offset, code_point);
        if (used == 0)
            return std::nullopt;
        offset += used;
        ++count;
    }
    return count;
}

bool is_valid(std::string_view text) {
    return !first_invalid_offset(text).has_value();
}

std::optional<std::size_t> first_invalid_offset(std::string_view text) {
    std::size_t offset = 0;
    char32_t code_point = 0;
    while (offset < text.size()) {
        const std::size_t used = decode_one(text, offset, code_point);
        if (used == 0)
            return offset;
        offset += used;
    }
    return std::nullopt;
}

std::optional<std::vector<char32_t>> decode(std::string_view text) {
    std::vector<char32_t> code_points;
    code_points.reserve(text.size());
    std::size_t offset = 0;
    char32_t code_point = 0;
    while (offset < text.size()) {
        const std::size_t used = decode_one(text, offset, code_point);
        if (used == 0)
            return std::nullopt;
        code_points.push_back(code_point);
        offset += used;
    }
    return code_points;
}

void append(std::string& out, char32_t code_point) {
    // Not a scalar value: nothing is appended rather than writing bytes no decoder here would accept.
    if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
        return;
    if (code_point < 0x80) {
        out.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
}

void pop_back_code_point(std::string& text) {
    if (text.empty())
        return;
    // Step back over continuation bytes (at most three) to the lead byte of the last character.
    std::size_t start = text.size() - 1;
    std::size_t stepped = 0;
    while (start > 0 && stepped < 3 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
        --start;
        ++stepped;
    }
    char32_t code_point = 0;
    if (decode_one(text, start, code_point) == text.size() - start) {
        text.erase(start);
    } else {
        text.pop_back();  // not valid UTF-8 at the end: remove one byte so backspace always makes progress
    }
}

std::string prefix(std::string_view text, std::size_t count) {
    std::size_t offset = 0;
    char32_t code_point = 0;
    for (std::size_t taken = 0; taken < count && offset < text.size(); ++taken) {
        const std::size_t used = decode_one(text, offset, code_point);
        if (used == 0)
            break;  // invalid: stop before the bad sequence, never inside it
        offset += used;
    }
    return std::string(text.substr(0, offset));
}

}  // namespace jiebang::utf8

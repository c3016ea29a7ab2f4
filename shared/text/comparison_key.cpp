// shared/text/comparison_key.cpp — see comparison_key.hpp for what two texts have the same key.
#include "shared/text/comparison_key.hpp"

#include "shared/text/utf8.hpp"

namespace jiebang::text {

namespace {

bool dropped(char32_t code_point) {
    if (code_point < 0x80) {
        const bool letter_or_digit = (code_point >= '0' && code_point <= '9') ||
                                     (code_point >= 'a' && code_point <= 'z') ||
                                     (code_point >= 'A' && code_point <= 'Z');
        return !letter_or_digit;  // spaces, controls, punctuation and symbols
    }
    return (code_point >= 0x2000 && code_point <= 0x206F) || (code_point >= 0x3000 && code_point <= 0x303F) ||
           (code_point >= 0xFE30 && code_point <= 0xFE4F) || (code_point >= 0xFF5F && code_point <= 0xFF65) ||
           code_point == 0x00A0 || code_point == 0x00B7 || code_point == 0xFEFF;
}

}  // namespace

std::string comparison_key(std::string_view text) {
    const auto code_points = utf8::decode(text);
    if (!code_points)
        return {};
    std::string key;
    key.reserve(text.size());
    for (char32_t code_point : *code_points) {
        if (code_point >= 0xFF01 && code_point <= 0xFF5E)
            code_point -= 0xFEE0;  // full-width ASCII
        if (dropped(code_point))
            continue;
        if (code_point >= 'A' && code_point <= 'Z')
            code_point += 'a' - 'A';
        utf8::append(key, code_point);
    }
    return key;
}

}  // namespace jiebang::text

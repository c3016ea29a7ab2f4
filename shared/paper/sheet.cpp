// shared/paper/sheet.cpp — the width of a text on paper (see sheet.hpp).
#include "shared/paper/sheet.hpp"

#include <algorithm>

namespace jiebang {

double display_width(const std::string& text) {
    double widest = 0;
    double width = 0;
    for (std::size_t index = 0; index < text.size();) {
        const auto lead = static_cast<unsigned char>(text[index]);
        if (lead == '\n') {
            widest = std::max(widest, width);
            width = 0;
            ++index;
            continue;
        }
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        width +=
            length >= 3 ? 2 : 1;  // CJK, full-width punctuation and the rest of the BMP above U+0800: two
        index += length;
    }
    return std::max(widest, width);
}
}  // namespace jiebang

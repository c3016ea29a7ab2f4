// platform/printer/escpos.cpp — ESC/POS byte building and GB18030 conversion (iconv).
#include "platform/printer/escpos.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstring>

namespace jiebang::platform {

MonochromeImage MonochromeImage::from_modules(int size, const std::vector<bool>& modules, int dots_per_module,
                                              int quiet_modules) {
    MonochromeImage image;
    const int total_modules = size + 2 * quiet_modules;
    image.width = total_modules * dots_per_module;
    image.height = image.width;
    image.dark.assign(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height), false);
    for (int y = 0; y < image.height; ++y) {
        const int module_y = y / dots_per_module - quiet_modules;
        if (module_y < 0 || module_y >= size)
            continue;
        for (int x = 0; x < image.width; ++x) {
            const int module_x = x / dots_per_module - quiet_modules;
            if (module_x < 0 || module_x >= size)
                continue;
            image.dark[static_cast<std::size_t>(y) * image.width + x] =
                modules[static_cast<std::size_t>(module_y) * size + module_x];
        }
    }
    return image;
}

EscPosDocument::EscPosDocument() {
    bytes_ += "\x1b\x40";  // ESC @
    bytes_ += "\x1c\x26";  // FS & : Chinese character mode (GB18030 on Chinese firmware)
}

void EscPosDocument::align(PrintAlignment alignment) {
    bytes_ += "\x1b\x61";
    bytes_.push_back(static_cast<char>(alignment));
}

void EscPosDocument::emphasis(bool on) {
    bytes_ += "\x1b\x45";
    bytes_.push_back(on ? 1 : 0);
}

void EscPosDocument::character_size(int width_multiplier, int height_multiplier) {
    const auto clamp = [](int value) { return value < 1 ? 1 : value > 8 ? 8 : value; };
    bytes_ += "\x1d\x21";
    bytes_.push_back(
        static_cast<char>(((clamp(width_multiplier) - 1) << 4) | (clamp(height_multiplier) - 1)));
}

Status EscPosDocument::text_line(std::string_view utf8_text) {
    iconv_t converter = iconv_open("GB18030", "UTF-8");
    if (converter == reinterpret_cast<iconv_t>(-1)) {
        return Error("printer.encoding", "", "iconv has no UTF-8 -> GB18030 converter");
    }
    std::string input(utf8_text);
    std::string output(input.size() * 2 + 8, '\0');
    char* in_pointer = input.data();
    std::size_t in_left = input.size();
    char* out_pointer = output.data();
    std::size_t out_left = output.size();
    const std::size_t result = iconv(converter, &in_pointer, &in_left, &out_pointer, &out_left);
    const int saved_errno = errno;
    iconv_close(converter);
    if (result == static_cast<std::size_t>(-1)) {
        return Error("printer.encoding", "",
                     std::string("cannot convert receipt text: ") + std::strerror(saved_errno));
    }
    output.resize(output.size() - out_left);
    bytes_ += output;
    bytes_.push_back('\n');
    return ok_status();
}

void EscPosDocument::feed(int lines) {
    bytes_ += "\x1b\x64";
    bytes_.push_back(static_cast<char>(lines < 0 ? 0 : lines > 255 ? 255 : lines));
}

void EscPosDocument::raster(const MonochromeImage& image) {
    const int width_bytes = (image.width + 7) / 8;
    bytes_ += "\x1d\x76\x30";
    bytes_.push_back(0);  // normal density
    bytes_.push_back(static_cast<char>(width_bytes & 0xFF));
    bytes_.push_back(static_cast<char>((width_bytes >> 8) & 0xFF));
    bytes_.push_back(static_cast<char>(image.height & 0xFF));
    bytes_.push_back(static_cast<char>((image.height >> 8) & 0xFF));
    for (int y = 0; y < image.height; ++y) {
        for (int byte_index = 0; byte_index < width_bytes; ++byte_index) {
            unsigned char packed = 0;
            for (int bit = 0; bit < 8; ++bit) {
                const int x = byte_index * 8 + bit;
                if (x < image.width && image.dark[static_cast<std::size_t>(y) * image.width + x]) {
                    packed |= static_cast<unsigned char>(0x80 >> bit);
                }
            }
            bytes_.push_back(static_cast<char>(packed));
        }
    }
}

void EscPosDocument::cut() {
    feed(3);
    bytes_ += "\x1d\x56\x42";
    bytes_.push_back(0);
}

}  // namespace jiebang::platform

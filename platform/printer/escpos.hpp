// platform/printer/escpos.hpp — receipts for ESC/POS thermal printers (the usual 58/80 mm hall printers).
// A document is built as bytes (text converted from UTF-8 to GB18030 with the printer in Chinese mode, the QR
// as a raster bit image with GS v 0); platform/printer/printer_device.hpp sends it and asks the printer how
// it went.
// Invariants: text that cannot be converted is an error (never printed half); a raster is 1 bit a dot,
// rows padded to whole bytes, dark = 1.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::platform {

enum class PrintAlignment { Left = 0, Centre = 1, Right = 2 };

struct MonochromeImage {
    int width = 0;
    int height = 0;
    std::vector<bool> dark;  // row-major, width * height

    // Scales each module of a square matrix to `dots_per_module` dots and adds a quiet zone of `quiet`
    // modules.
    static MonochromeImage from_modules(int size, const std::vector<bool>& modules, int dots_per_module,
                                        int quiet_modules);
};

class EscPosDocument {
  public:
    EscPosDocument();  // ESC @ (initialise) and FS & (Chinese character mode)

    void align(PrintAlignment alignment);
    void emphasis(bool on);
    void character_size(int width_multiplier, int height_multiplier);  // 1..8 each
    // Errors: printer.encoding (text not representable in GB18030 or invalid UTF-8).
    Status text_line(std::string_view utf8_text);
    void feed(int lines);
    void raster(const MonochromeImage& image);  // GS v 0, normal density
    void cut();                                 // feed and partial cut

    const std::string& bytes() const { return bytes_; }

  private:
    std::string bytes_;
};

}  // namespace jiebang::platform

// platform/display/screenshot.hpp — PNG screenshots of what the renderer drew this frame.
// Read with SDL_RenderReadPixels after render() and before present(); written with libpng as 8-bit RGB.
// Invariant: the file is written to "<path>.tmp" and renamed, so a reader never sees a half-written PNG.
#pragma once

#include <SDL.h>

#include <cstdint>
#include <filesystem>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::platform {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // row-major RGB, 3 bytes a pixel
};

// Errors: screenshot.read_pixels.
Result<RgbImage> read_renderer_pixels(SDL_Renderer* renderer);
// Errors: screenshot.write (file and reason in detail).
Status write_png(const RgbImage& image, const std::filesystem::path& file);
// Each output pixel the mean of divisor x divisor screen pixels (documentation pictures at half size).
RgbImage shrink(const RgbImage& image, int divisor);
// `divisor` > 1 writes a smaller picture (the box-filtered screen); 1 writes every pixel (QR decoding).
Status save_screenshot(SDL_Renderer* renderer, const std::filesystem::path& file, int divisor = 1);

}  // namespace jiebang::platform

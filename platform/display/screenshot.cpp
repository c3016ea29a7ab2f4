// platform/display/screenshot.cpp — SDL_RenderReadPixels + libpng (see screenshot.hpp).
#include "platform/display/screenshot.hpp"

#include <png.h>

#include <cstdio>
#include <system_error>

namespace jiebang::platform {

Result<RgbImage> read_renderer_pixels(SDL_Renderer* renderer) {
    int width = 0, height = 0;
    if (SDL_GetRendererOutputSize(renderer, &width, &height) != 0 || width <= 0 || height <= 0) {
        return Error("screenshot.read_pixels", "", SDL_GetError());
    }
    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGB24, image.pixels.data(), width * 3) != 0) {
        return Error("screenshot.read_pixels", "", SDL_GetError());
    }
    return image;
}

Status write_png(const RgbImage& image, const std::filesystem::path& file) {
    std::filesystem::path temporary = file;
    temporary += ".tmp";
    std::FILE* output = std::fopen(temporary.c_str(), "wb");
    if (output == nullptr)
        return Error("screenshot.write", file.string(), "cannot open for writing");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
    if (png == nullptr || info == nullptr) {
        png_destroy_write_struct(&png, &info);
        std::fclose(output);
        return Error("screenshot.write", file.string(), "libpng initialisation failed");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        std::fclose(output);
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        return Error("screenshot.write", file.string(), "libpng write failed");
    }
    png_init_io(png, output);
    png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 3);
    png_write_info(png, info);
    for (int row = 0; row < image.height; ++row) {
        png_write_row(png, image.pixels.data() + static_cast<std::size_t>(row) * image.width * 3);
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    if (std::fclose(output) != 0)
        return Error("screenshot.write", file.string(), "close failed");
    std::error_code error;
    std::filesystem::rename(temporary, file, error);
    if (error)
        return Error("screenshot.write", file.string(), error.message());
    return ok_status();
}

RgbImage shrink(const RgbImage& image, int divisor) {
    if (divisor <= 1)
        return image;
    RgbImage small;
    small.width = image.width / divisor;
    small.height = image.height / divisor;
    small.pixels.resize(static_cast<std::size_t>(small.width) * static_cast<std::size_t>(small.height) * 3);
    const int area = divisor * divisor;
    for (int y = 0; y < small.height; ++y) {
        for (int x = 0; x < small.width; ++x) {
            for (int channel = 0; channel < 3; ++channel) {
                int sum = 0;
                for (int dy = 0; dy < divisor; ++dy) {
                    const std::size_t row = static_cast<std::size_t>(y * divisor + dy) * image.width;
                    for (int dx = 0; dx < divisor; ++dx)
                        sum += image.pixels[(row + static_cast<std::size_t>(x * divisor + dx)) * 3 + channel];
                }
                small.pixels[(static_cast<std::size_t>(y) * small.width + x) * 3 + channel] =
                    static_cast<std::uint8_t>((sum + area / 2) / area);
            }
        }
    }
    return small;
}

Status save_screenshot(SDL_Renderer* renderer, const std::filesystem::path& file, int divisor) {
    auto image = read_renderer_pixels(renderer);
    if (!image)
        return image.error();
    return write_png(shrink(*image, divisor), file);
}

}  // namespace jiebang::platform

// platform/fonts/atlas_cache.cpp — writing and reading the baked atlas (see atlas_cache.hpp for the format and
// the invariants).
// Index: [SECTION] key  [SECTION] writer  [SECTION] reader
#include "platform/fonts/atlas_cache.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <system_error>
#include <type_traits>

namespace jiebang::platform {

namespace {

constexpr char cache_magic[8] = {'J', 'B', 'A', 'T', 'L', 'A', 'S', '\0'};
constexpr std::uint32_t cache_format_version = 1;
constexpr const char* cache_prefix = "font-atlas-";
constexpr const char* cache_extension = ".cache";

// FNV-1a, 64 bits: detects a damaged file (a torn write, a flipped block); the key, compared byte for byte,
// is what decides whether the atlas is the right one.
class Checksum {
  public:
    void add(const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        for (std::size_t index = 0; index < size; ++index) {
            value_ ^= bytes[index];
            value_ *= 0x100000001b3ULL;
        }
    }
    std::uint64_t value() const { return value_; }

  private:
    std::uint64_t value_ = 0xcbf29ce484222325ULL;
};

int role_index(const ImFont* font, const ImFontAtlas& atlas) {
    for (int index = 0; index < atlas.Fonts.Size; ++index) {
        if (atlas.Fonts[index] == font)
            return index;
    }
    return -1;
}

}  // namespace

// [SECTION] key

Result<std::string> atlas_cache_key(const std::vector<FontFace>& faces, float display_scale,
                                    const std::vector<ImWchar>& asset_code_points, AtlasHeight height) {
    std::ostringstream key;
    key << "imgui " << IMGUI_VERSION << " wchar " << sizeof(ImWchar) << " height "
        << (height == AtlasHeight::Tight ? "tight" : "power-of-two") << "\n";
    for (const auto& face : faces) {
        std::error_code error;
        const auto size = std::filesystem::file_size(face.file, error);
        if (error)
            return Error("fonts.read", face.file.string(), "cannot examine: " + error.message());
        const auto modified = std::filesystem::last_write_time(face.file, error);
        if (error)
            return Error("fonts.read", face.file.string(), "cannot examine: " + error.message());
        key << "face " << face.file.string() << " bytes " << size << " modified "
            << modified.time_since_epoch().count() << " index " << face.face_index << " pixels "
            << face.pixel_size * display_scale << " common-chinese " << face.common_chinese << " asset-text "
            << face.asset_text << " role " << static_cast<int>(face.role) << "\n";
    }
    key << "code-points";
    for (ImWchar code_point : asset_code_points)
        key << ' ' << std::hex << static_cast<unsigned>(code_point);
    key << "\n";
    return key.str();
}

std::filesystem::path atlas_cache_file(const std::filesystem::path& directory, const std::string& key) {
    // The name only spreads keys over files; invariant 1 rests on the key stored inside.
    std::uint64_t digest = 0xcbf29ce484222325ULL;
    for (unsigned char byte : key) {
        digest ^= byte;
        digest *= 0x100000001b3ULL;
    }
    char name[17];
    std::snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(digest));
    return directory / (std::string(cache_prefix) + name + cache_extension);
}

// [SECTION] writer

namespace {

class CacheWriter {
  public:
    explicit CacheWriter(std::ofstream& output) : output_(output) {}
    void bytes(const void* data, std::size_t size) {
        checksum_.add(data, size);
        output_.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    template <typename Value>
    void value(Value value) {
        static_assert(std::is_trivially_copyable_v<Value>);
        bytes(&value, sizeof value);
    }
    void text(const std::string& text) {
        value(static_cast<std::uint32_t>(text.size()));
        bytes(text.data(), text.size());
    }
    void finish() {
        const std::uint64_t sum = checksum_.value();
        output_.write(reinterpret_cast<const char*>(&sum), sizeof sum);
    }

  private:
    std::ofstream& output_;
    Checksum checksum_;
};

void keep_newest(const std::filesystem::path& directory, int keep) {
    std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        const auto name = entry.path().filename().string();
        if (name.rfind(cache_prefix, 0) == 0 && entry.path().extension() == cache_extension)
            files.emplace_back(entry.last_write_time(error), entry.path());
    }
    std::sort(files.begin(), files.end(), std::greater<>());
    for (std::size_t index = static_cast<std::size_t>(std::max(keep, 1)); index < files.size(); ++index)
        std::filesystem::remove(files[index].second, error);
}

}  // namespace

Status save_atlas_cache(const std::filesystem::path& directory, const std::string& key, ImFontAtlas& atlas,
                        const FontSet& fonts, int keep) {
    if (atlas.TexPixelsAlpha8 == nullptr || atlas.Fonts.Size == 0)
        return Error("fonts.cache_write", "atlas", "the atlas has no 8-bit pixels (not built, or released)");
    for (const auto& rectangle : atlas.CustomRects) {
        if (rectangle.Font != nullptr)
            return Error("fonts.cache_write", "atlas", "custom glyphs are not cached");
    }
    const auto file = atlas_cache_file(directory, key);
    const auto temporary = std::filesystem::path(file.string() + ".partial");
    {
        std::ofstream output(temporary, std::ios::binary | std::ios::trunc);
        if (!output)
            return Error("fonts.cache_write", temporary.string(), "cannot create");
        CacheWriter writer(output);
        writer.bytes(cache_magic, sizeof cache_magic);
        writer.value(cache_format_version);
        writer.text(key);
        writer.value(static_cast<std::int32_t>(atlas.Flags));
        writer.value(static_cast<std::int32_t>(atlas.TexWidth));
        writer.value(static_cast<std::int32_t>(atlas.TexHeight));
        writer.value(atlas.TexUvWhitePixel);
        for (const auto& line : atlas.TexUvLines)
            writer.value(line);
        writer.value(static_cast<std::int32_t>(atlas.PackIdMouseCursors));
        writer.value(static_cast<std::int32_t>(atlas.PackIdLines));
        writer.value(static_cast<std::uint32_t>(atlas.CustomRects.Size));
        for (const auto& rectangle : atlas.CustomRects) {
            writer.value(rectangle.Width);
            writer.value(rectangle.Height);
            writer.value(rectangle.X);
            writer.value(rectangle.Y);
            writer.value(rectangle.GlyphID);
            writer.value(rectangle.GlyphAdvanceX);
            writer.value(rectangle.GlyphOffset);
        }
        writer.value(static_cast<std::uint32_t>(atlas.Fonts.Size));
        for (const ImFont* font : atlas.Fonts) {
            writer.value(font->FontSize);
            writer.value(font->Ascent);
            writer.value(font->Descent);
            writer.value(font->FallbackChar);
            writer.value(font->EllipsisChar);
            writer.value(font->DotChar);
            writer.value(static_cast<std::int32_t>(font->MetricsTotalSurface));
            writer.value(static_cast<std::uint32_t>(font->Glyphs.Size));
            for (const ImFontGlyph& glyph : font->Glyphs) {
                writer.value(static_cast<std::uint32_t>(glyph.Codepoint));
                writer.value(static_cast<std::uint8_t>(glyph.Colored));
                writer.value(static_cast<std::uint8_t>(glyph.Visible));
                for (float number : {glyph.AdvanceX, glyph.X0, glyph.Y0, glyph.X1, glyph.Y1, glyph.U0,
                                     glyph.V0, glyph.U1, glyph.V1})
                    writer.value(number);
            }
        }
        for (ImFont* role : {fonts.body, fonts.title, fonts.small, fonts.huge})
            writer.value(static_cast<std::int32_t>(role_index(role, atlas)));
        writer.bytes(atlas.TexPixelsAlpha8,
                     static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight));
        writer.finish();
        output.flush();
        if (!output)
            return Error("fonts.cache_write", temporary.string(), "write failed (disk full?)");
    }
    std::error_code error;
    std::filesystem::rename(temporary, file, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        return Error("fonts.cache_write", file.string(), "cannot rename into place");
    }
    keep_newest(directory, keep);
    return ok_status();
}

// [SECTION] reader

namespace {

class CacheReader {
  public:
    explicit CacheReader(std::ifstream& input) : input_(input) {}
    bool bytes(void* data, std::size_t size) {
        if (!input_.read(static_cast<char*>(data), static_cast<std::streamsize>(size)))
            return false;
        checksum_.add(data, size);
        return true;
    }
    template <typename Value>
    bool value(Value& value) {
        static_assert(std::is_trivially_copyable_v<Value>);
        return bytes(&value, sizeof value);
    }
    bool text(std::string& text, std::size_t limit) {
        std::uint32_t size = 0;
        if (!value(size) || size > limit)
            return false;
        text.resize(size);
        return bytes(text.data(), size);
    }
    bool checksum_matches() {
        std::uint64_t stored = 0;
        if (!input_.read(reinterpret_cast<char*>(&stored), sizeof stored))
            return false;
        return stored == checksum_.value() && input_.peek() == std::char_traits<char>::eof();
    }

  private:
    std::ifstream& input_;
    Checksum checksum_;
};

bool inside_unit_square(float u, float v) {
    return u >= 0.0f && u <= 1.0f && v >= 0.0f && v <= 1.0f;
}

Error damaged(const std::filesystem::path& file, const std::string& what) {
    return Error("fonts.cache_damaged", what, file.string());
}

}  // namespace

Result<FontSet> load_atlas_cache(const std::filesystem::path& directory, const std::string& key,
                                 ImFontAtlas& atlas) {
    atlas.Clear();
    const auto file = atlas_cache_file(directory, key);
    std::ifstream input(file, std::ios::binary);
    if (!input)
        return Error("fonts.cache_missing", file.string(), "no cached atlas for this font configuration");
    CacheReader reader(input);
    char magic[sizeof cache_magic] = {};
    std::uint32_t version = 0;
    if (!reader.bytes(magic, sizeof magic) || std::memcmp(magic, cache_magic, sizeof magic) != 0 ||
        !reader.value(version) || version != cache_format_version)
        return damaged(file, "magic");
    std::string stored_key;
    if (!reader.text(stored_key, 1u << 24))
        return damaged(file, "key");
    if (stored_key != key)  // another configuration under the same name: a rebuild, not damage
        return Error("fonts.cache_missing", file.string(), "the cached atlas is for another configuration");
    std::int32_t flags = 0, width = 0, height = 0, mouse_cursors = 0, lines = 0;
    ImVec2 white_pixel;
    ImVec4 line_uvs[IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1];
    if (!reader.value(flags) || !reader.value(width) || !reader.value(height) || !reader.value(white_pixel))
        return damaged(file, "texture");
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384 ||
        !inside_unit_square(white_pixel.x, white_pixel.y))
        return damaged(file, "texture");
    for (auto& line : line_uvs) {
        if (!reader.value(line) || !inside_unit_square(line.x, line.y) || !inside_unit_square(line.z, line.w))
            return damaged(file, "lines");
    }
    std::uint32_t rectangle_count = 0;
    if (!reader.value(mouse_cursors) || !reader.value(lines) || !reader.value(rectangle_count) ||
        rectangle_count > 64)
        return damaged(file, "custom rectangles");
    ImVector<ImFontAtlasCustomRect> rectangles;
    for (std::uint32_t index = 0; index < rectangle_count; ++index) {
        ImFontAtlasCustomRect rectangle;
        if (!reader.value(rectangle.Width) || !reader.value(rectangle.Height) || !reader.value(rectangle.X) ||
            !reader.value(rectangle.Y) || !reader.value(rectangle.GlyphID) ||
            !reader.value(rectangle.GlyphAdvanceX) || !reader.value(rectangle.GlyphOffset))
            return damaged(file, "custom rectangles");
        if (rectangle.X + rectangle.Width > width || rectangle.Y + rectangle.Height > height)
            return damaged(file, "custom rectangles");
        rectangle.Font = nullptr;
        rectangles.push_back(rectangle);
    }
    if (mouse_cursors >= static_cast<std::int32_t>(rectangle_count) ||
        lines >= static_cast<std::int32_t>(rectangle_count))
        return damaged(file, "custom rectangles");

    std::uint32_t font_count = 0;
    if (!reader.value(font_count) || font_count == 0 || font_count > 16)
        return damaged(file, "fonts");
    FontSet set;
    for (std::uint32_t font_index = 0; font_index < font_count; ++font_index) {
        ImFont* font = IM_NEW(ImFont)();
        atlas.Fonts.push_back(font);  // owned by the atlas from here: Clear() deletes it on any error
        font->ContainerAtlas = &atlas;
        std::int32_t surface = 0;
        std::uint32_t glyph_count = 0;
        if (!reader.value(font->FontSize) || !reader.value(font->Ascent) || !reader.value(font->Descent) ||
            !reader.value(font->FallbackChar) || !reader.value(font->EllipsisChar) ||
            !reader.value(font->DotChar) || !reader.value(surface) || !reader.value(glyph_count) ||
            !(font->FontSize > 0.0f && font->FontSize < 1000.0f) || glyph_count == 0 ||
            glyph_count >= 0xFFFF) {
            atlas.Clear();
            return damaged(file, "font " + std::to_string(font_index));
        }
        font->MetricsTotalSurface = surface;
        font->Glyphs.resize(static_cast<int>(glyph_count));
        for (ImFontGlyph& glyph : font->Glyphs) {
            std::uint32_t code_point = 0;
            std::uint8_t colored = 0, visible = 0;
            float numbers[9];
            bool read = reader.value(code_point) && reader.value(colored) && reader.value(visible);
            for (float& number : numbers)
                read = read && reader.value(number);
            if (!read || code_point > 0xFFFF || !inside_unit_square(numbers[5], numbers[6]) ||
                !inside_unit_square(numbers[7], numbers[8])) {
                atlas.Clear();
                return damaged(file, "font " + std::to_string(font_index) + " glyphs");
            }
            glyph.Codepoint = code_point;
            glyph.Colored = colored != 0;
            glyph.Visible = visible != 0;
            glyph.AdvanceX = numbers[0];
            glyph.X0 = numbers[1];
            glyph.Y0 = numbers[2];
            glyph.X1 = numbers[3];
            glyph.Y1 = numbers[4];
            glyph.U0 = numbers[5];
            glyph.V0 = numbers[6];
            glyph.U1 = numbers[7];
            glyph.V1 = numbers[8];
        }
        set.glyph_count += font->Glyphs.Size;
    }
    std::int32_t roles[4] = {-1, -1, -1, -1};
    for (auto& role : roles) {
        if (!reader.value(role) || role < -1 || role >= static_cast<std::int32_t>(font_count)) {
            atlas.Clear();
            return damaged(file, "roles");
        }
    }
    if (roles[0] < 0) {
        atlas.Clear();
        return damaged(file, "roles");
    }
    const std::size_t pixel_count = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    auto* pixels = static_cast<unsigned char*>(IM_ALLOC(pixel_count));
    if (!reader.bytes(pixels, pixel_count) || !reader.checksum_matches()) {
        IM_FREE(pixels);
        atlas.Clear();
        return damaged(file, "pixels or checksum");
    }

    atlas.Flags = flags;
    atlas.TexWidth = width;
    atlas.TexHeight = height;
    atlas.TexUvScale = ImVec2(1.0f / static_cast<float>(width), 1.0f / static_cast<float>(height));
    atlas.TexUvWhitePixel = white_pixel;
    std::copy(std::begin(line_uvs), std::end(line_uvs), std::begin(atlas.TexUvLines));
    atlas.CustomRects = rectangles;
    atlas.PackIdMouseCursors = mouse_cursors;
    atlas.PackIdLines = lines;
    atlas.TexPixelsAlpha8 = pixels;
    atlas.TexReady = true;
    for (ImFont* font : atlas.Fonts)
        font->BuildLookupTable();
    const auto font_for = [&atlas](std::int32_t index) { return index < 0 ? nullptr : atlas.Fonts[index]; };
    set.body = font_for(roles[0]);
    set.title = font_for(roles[1]) != nullptr ? font_for(roles[1]) : set.body;
    set.small = font_for(roles[2]) != nullptr ? font_for(roles[2]) : set.body;
    set.huge = font_for(roles[3]) != nullptr ? font_for(roles[3]) : set.title;
    set.atlas_width = width;
    set.atlas_height = height;
    return set;
}

}  // namespace jiebang::platform

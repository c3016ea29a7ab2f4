// platform/fonts/font_set.cpp — fonts.json parsing, glyph coverage from the assets, atlas build.
// See font_set.hpp for the invariants.
// Index: [SECTION] configuration  [SECTION] glyph coverage  [SECTION] font files  [SECTION] atlas
#include "platform/fonts/font_set.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

namespace jiebang::platform {

// [SECTION] configuration

namespace {

std::optional<FontRole> role_from_name(const std::string& name) {
    if (name == "body")
        return FontRole::Body;
    if (name == "title")
        return FontRole::Title;
    if (name == "small")
        return FontRole::Small;
    if (name == "huge")
        return FontRole::Huge;
    return std::nullopt;
}

Result<std::string> read_whole_file(const std::filesystem::path& file) {
    std::ifstream input(file, std::ios::binary);
    if (!input)
        return Error("fonts.read", file.string(), "cannot open");
    std::ostringstream buffer;
    buffer << input.rdbuf();
    return buffer.str();
}

}  // namespace

Result<std::vector<FontFace>> load_font_configuration(const std::filesystem::path& assets_directory,
                                                      std::string_view file_name) {
    const auto file = assets_directory / file_name;
    auto text = read_whole_file(file);
    if (!text)
        return text.error();
    std::vector<FontFace> faces;
    try {
        const auto document = nlohmann::json::parse(*text);
        const auto& list = document.at("faces");
        for (std::size_t index = 0; index < list.size(); ++index) {
            const auto& entry = list.at(index);
            const std::string key = "faces[" + std::to_string(index) + "]";
            FontFace face;
            const auto role = role_from_name(entry.at("role").get<std::string>());
            if (!role)
                return Error("fonts.format", key + ".role", "unknown role in " + file.string());
            face.role = *role;
            face.file = entry.at("file").get<std::string>();
            face.face_index = entry.value("face_index", 0);
            face.pixel_size = entry.at("pixel_size").get<float>();
            face.portrait_pixel_size = entry.value("portrait_pixel_size", 0.0f);
            face.minimum_pixel_size = entry.value("minimum_pixel_size", 0.0f);
            face.common_chinese = entry.value("common_chinese", false);
            face.asset_text = entry.value("asset_text", true);
            if (face.pixel_size < 8.0f || face.pixel_size > 200.0f) {
                return Error("fonts.format", key + ".pixel_size", "out of range 8..200 in " + file.string());
            }
            for (const auto& [name, size] :
                 {std::pair<const char*, float>{"portrait_pixel_size", face.portrait_pixel_size},
                  {"minimum_pixel_size", face.minimum_pixel_size}}) {
                if (size != 0.0f && (size < 8.0f || size > 200.0f))
                    return Error("fonts.format", key + "." + name, "out of range 8..200 in " + file.string());
            }
            if (!std::filesystem::exists(face.file)) {
                return Error(
                    "fonts.missing_file", face.file.string(),
                    "font file named by " + file.string() + " " + key + " is missing (fonts-noto-cjk)");
            }
            faces.push_back(std::move(face));
        }
    } catch (const nlohmann::json::exception& error) {
        return Error("fonts.format", file.string(), error.what());
    }
    const bool has_body = std::any_of(faces.begin(), faces.end(),
                                      [](const FontFace& face) { return face.role == FontRole::Body; });
    if (!has_body)
        return Error("fonts.format", file.string(), "no face with role body");
    return faces;
}

// [SECTION] glyph coverage

namespace {

// Lenient decoder: glyph coverage only needs the valid code points; invalid bytes are skipped.
void add_code_points(std::string_view text, std::set<ImWchar>& out) {
    std::size_t index = 0;
    while (index < text.size()) {
        const auto lead = static_cast<unsigned char>(text[index]);
        int length = lead < 0x80           ? 1
                     : (lead >> 5) == 0x6  ? 2
                     : (lead >> 4) == 0xE  ? 3
                     : (lead >> 3) == 0x1E ? 4
                                           : 0;
        if (length == 0 || index + static_cast<std::size_t>(length) > text.size()) {
            ++index;
            continue;
        }
        char32_t code_point = length == 1   ? lead
                              : length == 2 ? (lead & 0x1F)
                              : length == 3 ? (lead & 0x0F)
                                            : (lead & 0x07);
        for (int next = 1; next < length; ++next) {
            code_point = (code_point << 6) | (static_cast<unsigned char>(text[index + next]) & 0x3F);
        }
        if (code_point >= 0x20 && code_point <= 0xFFFF)
            out.insert(static_cast<ImWchar>(code_point));
        index += static_cast<std::size_t>(length);
    }
}

}  // namespace

std::vector<ImWchar> collect_asset_code_points(const std::filesystem::path& assets_directory,
                                               const std::string& extra_text) {
    std::set<ImWchar> code_points;
    for (ImWchar ascii = 0x20; ascii < 0x7F; ++ascii)
        code_points.insert(ascii);
    add_code_points(extra_text, code_points);
    for (const char* folder : {"strings", "forms", "profiles"}) {
        const auto directory = assets_directory / folder;
        std::error_code error;
        if (!std::filesystem::is_directory(directory, error))
            continue;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(directory, error)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".json")
                continue;
            auto text = read_whole_file(entry.path());
            if (text)
                add_code_points(*text, code_points);
        }
    }
    return {code_points.begin(), code_points.end()};
}

// [SECTION] font files

namespace {

// A font file mapped read-only for the life of the process. Every face and every atlas (the first one and the
// extension's rebuilds) reads the same pages, and only the pages of glyphs actually baked become resident:
// Noto Sans CJK is 20 MB per weight, and reading it into the heap once per face cost 80 MB of RSS.
struct MappedFontFile {
    void* address = nullptr;
    std::size_t size = 0;
};

std::mutex& mapped_font_files_guard() {
    static std::mutex guard;
    return guard;
}

std::map<std::filesystem::path, MappedFontFile>& mapped_font_files() {
    static std::map<std::filesystem::path, MappedFontFile> mapped;
    return mapped;
}

Result<MappedFontFile> map_font_file(const std::filesystem::path& file) {
    std::lock_guard<std::mutex> lock(mapped_font_files_guard());
    auto& mapped = mapped_font_files();
    if (auto found = mapped.find(file); found != mapped.end())
        return found->second;
    const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0)
        return Error("fonts.read", file.string(), std::string("cannot open: ") + std::strerror(errno));
    struct stat status {};
    if (::fstat(descriptor, &status) != 0 || status.st_size <= 0 ||
        status.st_size > std::numeric_limits<int>::max()) {
        ::close(descriptor);
        return Error("fonts.read", file.string(), "empty, unreadable or too large for Dear ImGui");
    }
    void* address =
        ::mmap(nullptr, static_cast<std::size_t>(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0);
    ::close(descriptor);
    if (address == MAP_FAILED)
        return Error("fonts.read", file.string(), std::string("cannot map: ") + std::strerror(errno));
    MappedFontFile entry{address, static_cast<std::size_t>(status.st_size)};
    mapped_font_files().emplace(file, entry);
    return entry;
}

// Once glyphs are baked the font files are not read until the next atlas build: unmap their pages from this
// process (they stay in the page cache, and a later build faults them back in). Safe while another thread
// reads them: the mapping is private, read-only and never written.
void release_font_file_pages() {
    std::lock_guard<std::mutex> lock(mapped_font_files_guard());
    for (const auto& [file, mapping] : mapped_font_files())
        ::madvise(mapping.address, mapping.size, MADV_DONTNEED);
}

}  // namespace

// [SECTION] atlas

namespace {

// Glyph range arrays must outlive the atlas that was built from them.
FontRanges& process_range_storage() {
    static FontRanges storage;
    return storage;
}

const ImWchar* ranges_for(ImFontAtlas& atlas, const FontFace& face,
                          const std::vector<ImWchar>& asset_code_points,
                          const std::vector<ImWchar>& extra_code_points, FontRanges& storage) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesDefault());
    if (face.common_chinese)
        builder.AddRanges(atlas.GetGlyphRangesChineseSimplifiedCommon());
    if (face.asset_text) {
        for (ImWchar code_point : asset_code_points)
            builder.AddChar(code_point);
    }
    for (ImWchar code_point : extra_code_points)
        builder.AddChar(code_point);
    auto ranges = std::make_unique<ImVector<ImWchar>>();
    builder.BuildRanges(ranges.get());
    storage.push_back(std::move(ranges));
    return storage.back()->Data;
}

}  // namespace

Result<FontSet> build_font_atlas(ImFontAtlas& atlas, const std::vector<FontFace>& faces, float display_scale,
                                 const std::vector<ImWchar>& asset_code_points,
                                 const std::vector<ImWchar>& extra_code_points, FontRanges& range_storage,
                                 AtlasHeight height) {
    atlas.Clear();
    if (height == AtlasHeight::Tight)
        atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    else
        atlas.Flags &= ~ImFontAtlasFlags_NoPowerOfTwoHeight;
    FontSet set;
    for (const auto& face : faces) {
        auto file = map_font_file(face.file);
        if (!file)
            return file.error();
        ImFontConfig config;
        config.FontNo = face.face_index;
        config.FontDataOwnedByAtlas = false;  // the mapping outlives every atlas
        config.OversampleH = 1;  // CJK at these sizes needs no horizontal oversampling; halves the atlas
        config.OversampleV = 1;
        config.PixelSnapH = true;
        ImFont* font = atlas.AddFontFromMemoryTTF(
            file->address, static_cast<int>(file->size), face.pixel_size * display_scale, &config,
            ranges_for(atlas, face, asset_code_points, extra_code_points, range_storage));
        if (font == nullptr)
            return Error("fonts.build", face.file.string(), "ImGui could not load the face");
        // ImGui 1.86 copies font data it does not own (AddFont); point its configuration back at the mapping
        // and drop the 20 MB copy.
        ImFontConfig& stored = atlas.ConfigData.back();
        if (stored.FontData != file->address) {
            IM_FREE(stored.FontData);
            stored.FontData = file->address;
            stored.FontDataOwnedByAtlas = false;
        }
        ImFont** slot = face.role == FontRole::Body    ? &set.body
                        : face.role == FontRole::Title ? &set.title
                        : face.role == FontRole::Small ? &set.small
                                                       : &set.huge;
        if (*slot == nullptr)
            *slot = font;
    }
    const bool built = atlas.Build();
    release_font_file_pages();
    if (!built)
        return Error("fonts.build", "", "atlas build failed");
    if (set.title == nullptr)
        set.title = set.body;
    if (set.small == nullptr)
        set.small = set.body;
    if (set.huge == nullptr)
        set.huge = set.title;
    for (ImFont* font : atlas.Fonts)
        set.glyph_count += font->Glyphs.Size;
    set.atlas_width = atlas.TexWidth;
    set.atlas_height = atlas.TexHeight;
    return set;
}

Result<FontSet> build_font_set(const std::vector<FontFace>& faces, float display_scale,
                               const std::vector<ImWchar>& asset_code_points, AtlasHeight height) {
    auto set = build_font_atlas(*ImGui::GetIO().Fonts, faces, display_scale, asset_code_points, {},
                                process_range_storage(), height);
    if (set)
        ImGui::GetIO().FontDefault = set->body;
    return set;
}

void release_font_pixels() {
    ImGui::GetIO().Fonts->ClearTexData();
#ifdef __GLIBC__
    // The atlas pixels (about 13 MB at 1080p) and the rasteriser's scratch buffers were freed into malloc's
    // arena; hand the pages back so the terminal's resident size reflects what it keeps.
    malloc_trim(0);
#endif
}

}  // namespace jiebang::platform

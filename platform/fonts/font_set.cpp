// platform/fonts/font_set.cpp — fonts.json parsing, glyph coverage from the assets, atlas build.
// See font_set.hpp for the invariants.
#include "platform/fonts/font_set.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
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

Result<std::vector<FontFace>> load_font_configuration(const std::filesystem::path& assets_directory) {
    const auto file = assets_directory / "fonts.json";
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
            face.common_chinese = entry.value("common_chinese", false);
            face.asset_text = entry.value("asset_text", true);
            if (face.pixel_size < 8.0f || face.pixel_size > 200.0f) {
                return Error("fonts.format", key + ".pixel_size", "out of range 8..200 in " + file.string());
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

// [SECTION] atlas

namespace {

// Glyph range arrays must outlive the atlas build; they live here for the process lifetime.
std::vector<std::unique_ptr<ImVector<ImWchar>>>& range_storage() {
    static std::vector<std::unique_ptr<ImVector<ImWchar>>> storage;
    return storage;
}

const ImWchar* ranges_for(const FontFace& face, const std::vector<ImWchar>& asset_code_points) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
    if (face.common_chinese)
        builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon());
    if (face.asset_text) {
        for (ImWchar code_point : asset_code_points)
            builder.AddChar(code_point);
    }
    auto ranges = std::make_unique<ImVector<ImWchar>>();
    builder.BuildRanges(ranges.get());
    range_storage().push_back(std::move(ranges));
    return range_storage().back()->Data;
}

}  // namespace

Result<FontSet> build_font_set(const std::vector<FontFace>& faces, float display_scale,
                               const std::vector<ImWchar>& asset_code_points) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    FontSet set;
    for (const auto& face : faces) {
        ImFontConfig config;
        config.FontNo = face.face_index;
        config.OversampleH = 1;  // CJK at these sizes needs no horizontal oversampling; halves the atlas
        config.OversampleV = 1;
        config.PixelSnapH = true;
        ImFont* font = atlas->AddFontFromFileTTF(face.file.c_str(), face.pixel_size * display_scale, &config,
                                                 ranges_for(face, asset_code_points));
        if (font == nullptr)
            return Error("fonts.build", face.file.string(), "ImGui could not load the face");
        switch (face.role) {
            case FontRole::Body:
                if (set.body == nullptr)
                    set.body = font;
                break;
            case FontRole::Title:
                if (set.title == nullptr)
                    set.title = font;
                break;
            case FontRole::Small:
                if (set.small == nullptr)
                    set.small = font;
                break;
            case FontRole::Huge:
                if (set.huge == nullptr)
                    set.huge = font;
                break;
        }
    }
    if (!atlas->Build())
        return Error("fonts.build", "", "atlas build failed");
    if (set.title == nullptr)
        set.title = set.body;
    if (set.small == nullptr)
        set.small = set.body;
    if (set.huge == nullptr)
        set.huge = set.title;
    ImGui::GetIO().FontDefault = set.body;
    for (ImFont* font : atlas->Fonts)
        set.glyph_count += font->Glyphs.Size;
    set.atlas_width = atlas->TexWidth;
    set.atlas_height = atlas->TexHeight;
    return set;
}

void release_font_pixels() {
    ImGui::GetIO().Fonts->ClearTexData();
}

}  // namespace jiebang::platform

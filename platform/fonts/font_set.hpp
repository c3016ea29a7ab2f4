// platform/fonts/font_set.hpp — the terminal's fonts: which faces (assets/fonts.json), at which pixel sizes
// (scaled with the display), with which glyphs. Dear ImGui 1.86 bakes glyphs ahead of time, so the glyph set
// is every code point found in assets/strings, assets/forms and assets/profiles (every word the UI can show)
// plus, for faces that show what applicants type, ImGui's common simplified-Chinese range.
// Invariants: a missing font file or a malformed fonts.json is an error naming the file and the key, never a
// silent fallback to a font without Chinese; the atlas's CPU-side pixels are released after upload; font files
// are memory-mapped once per process and shared by every face and atlas (never copied into the heap), so only
// the pages of baked glyphs are resident.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::platform {

enum class FontRole { Body, Title, Small, Huge };

struct FontFace {
    FontRole role = FontRole::Body;
    std::filesystem::path file;
    int face_index = 0;             // index inside a .ttc collection (Noto Sans CJK SC is 2)
    float pixel_size = 30.0f;       // at 1920x1080; multiplied by the display scale
    float portrait_pixel_size = 0;  // at 1080x1920 portrait (0: as pixel_size); the kiosk's layout picks one
    float minimum_pixel_size = 0;   // never smaller than this on any panel (0: no floor)
    bool common_chinese = false;    // add ImGui's common simplified-Chinese range
    bool asset_text = true;         // add every code point of the asset files
};

// Reads assets/<file_name> (the terminal's fonts.json; the staff console's console-fonts.json, same format).
// Errors: fonts.read, fonts.format (key named in field), fonts.missing_file.
Result<std::vector<FontFace>> load_font_configuration(const std::filesystem::path& assets_directory,
                                                      std::string_view file_name = "fonts.json");

// Every code point in assets/{strings,forms,profiles}/**/*.json plus `extra_text` (sorted, unique, BMP only:
// ImGui 1.86 is built with 16-bit ImWchar).
std::vector<ImWchar> collect_asset_code_points(const std::filesystem::path& assets_directory,
                                               const std::string& extra_text = {});

struct FontSet {
    ImFont* body = nullptr;
    ImFont* title = nullptr;
    ImFont* small = nullptr;
    ImFont* huge = nullptr;
    int glyph_count = 0;  // glyphs baked across all faces
    int atlas_width = 0;
    int atlas_height = 0;
};

// Glyph range arrays an atlas was built from; they must live as long as the atlas (a later Build() reads them).
using FontRanges = std::vector<std::unique_ptr<ImVector<ImWchar>>>;

// How tall the atlas texture is. Tight: as tall as the glyphs need (the terminal: less memory). Power of two:
// texture coordinates k/height are then exact binary fractions; with other heights SDL's software renderer
// samples some glyphs one row off, and a glyph two rows tall (a hyphen at the console's 17 px) vanishes.
enum class AtlasHeight { Tight, PowerOfTwo };

// Builds `atlas` (cleared first) from `faces` at `display_scale`: every face gets ImGui's default range, the
// common Chinese range when it asks for it, the asset code points when it takes asset text, and
// `extra_code_points` (characters met at run time). Touches no ImGui context state, so a worker thread may
// build a private atlas. Errors: fonts.read, fonts.build.
Result<FontSet> build_font_atlas(ImFontAtlas& atlas, const std::vector<FontFace>& faces, float display_scale,
                                 const std::vector<ImWchar>& asset_code_points,
                                 const std::vector<ImWchar>& extra_code_points, FontRanges& range_storage,
                                 AtlasHeight height = AtlasHeight::Tight);

// Adds every face to ImGui's atlas and builds it. Call Display::rebuild_font_texture() and then
// release_font_pixels() afterwards. Errors: fonts.read, fonts.build.
Result<FontSet> build_font_set(const std::vector<FontFace>& faces, float display_scale,
                               const std::vector<ImWchar>& asset_code_points,
                               AtlasHeight height = AtlasHeight::Tight);
void release_font_pixels();

}  // namespace jiebang::platform

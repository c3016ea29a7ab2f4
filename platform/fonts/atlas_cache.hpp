// platform/fonts/atlas_cache.hpp — a baked font atlas kept on disk, so a start after the first loads the glyph
// pixels and tables instead of rasterising about 5,000 glyphs in four sizes (issue 13 item 9).
// The cache file holds, in order: a magic and format version, the key (everything the atlas was built from:
// Dear ImGui's version, the atlas flags, every face's file with its size and modification time, face index,
// pixel size and ranges, and the code points asked for), the texture size and its white pixel and line UVs,
// the custom rectangles, each font's metrics and glyph table, which font plays which role, the 8-bit pixels,
// and a checksum of all of it. Native byte order: the file never leaves the machine that wrote it.
// Invariants:
//   1. A cache is used only when its key equals, byte for byte, the key of the atlas that would be built now:
//      a changed font file, size, glyph set or ImGui version means a rebuild, never a wrong glyph.
//   2. A file that is short, damaged (checksum), or out of bounds (sizes, UVs, code points) is refused with
//      fonts.cache_damaged and the atlas is left empty; the caller rasterises instead. Loading never crashes on
//      a bad file.
//   3. Only atlases built from the configuration and the asset text are cached: characters met at run time
//      (what an applicant typed) are never written to disk.
//   4. A cache is written to a temporary file and renamed into place: a reader sees the old file or the new one.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <string>
#include <vector>

#include "platform/fonts/font_set.hpp"
#include "shared/base/result.hpp"

namespace jiebang::platform {

// The key of the atlas build_font_atlas() would make from these inputs with no extra code points. Reads each
// face file's size and modification time. Errors: fonts.read (a face file cannot be examined).
Result<std::string> atlas_cache_key(const std::vector<FontFace>& faces, float display_scale,
                                    const std::vector<ImWchar>& asset_code_points, AtlasHeight height);

// The file a key's atlas is kept in, inside `directory` (one file per key: a landscape and a portrait panel,
// or normal and large text, keep one each).
std::filesystem::path atlas_cache_file(const std::filesystem::path& directory, const std::string& key);

// Writes `atlas` (built, with its 8-bit pixels still present) and its role assignment under `key`.
// Keeps at most `keep` cache files in `directory` (the most recently written). Errors: fonts.cache_write.
Status save_atlas_cache(const std::filesystem::path& directory, const std::string& key, ImFontAtlas& atlas,
                        const FontSet& fonts, int keep = 4);

// Fills `atlas` (cleared first) from the cache file for `key`: fonts, glyphs, 8-bit pixels; the atlas is
// ready for GetTexDataAsRGBA32 and drawing. Errors: fonts.cache_missing (no file for this key: the usual
// first start), fonts.cache_damaged (invariant 2; field names what was wrong).
Result<FontSet> load_atlas_cache(const std::filesystem::path& directory, const std::string& key,
                                 ImFontAtlas& atlas);

}  // namespace jiebang::platform

// kiosk/keyboard/font_atlas_extension.hpp — grows the ImGui font atlas when a character outside it appears.
// Dear ImGui 1.86 bakes glyphs ahead of time and cannot add one to a built atlas, so the whole atlas is
// rebuilt with the extra code points — on a worker thread (tens of milliseconds for the common-Chinese
// range), while the UI keeps drawing with the old atlas (the new character shows as '?' for those frames).
// The finished atlas is installed between frames: it becomes io.Fonts, the old one is deleted, and the caller
// re-uploads the texture and takes the new font pointers.
// Wiring in the frame loop (UI thread, before the backend's NewFrame):
//     extension.request(keyboard.take_missing_glyphs());
//     if (auto fonts = extension.install_if_ready()) {
//         display.rebuild_font_texture(); platform::release_font_pixels(); theme.fonts = *fonts; ...
//     }
// With a cache folder, a build of the configuration alone (no characters met at run time) is loaded from the
// cache when its key matches and written to it after rasterising (platform/fonts/atlas_cache.hpp), still on the
// worker: a changed font file, size or glyph set rebuilds in the background and replaces the cache.
// Invariants: the atlas is built with the same faces, sizes and flags as platform::build_font_set plus every
// code point requested so far; builds with characters met at run time are never cached; ImGui's context must own io.Fonts (ImGui::CreateContext() without a shared
// atlas); install_if_ready() never blocks on a running build; the destructor waits for a running build.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/input/glyph_coverage.hpp"
#include "platform/fonts/font_set.hpp"
#include "shared/base/result.hpp"

namespace jiebang::kiosk {

struct AtlasBuildReport {
    double build_milliseconds = 0;  // worker: add faces, rasterise (or load the cache), convert to RGBA
    bool from_cache = false;        // loaded from the atlas cache instead of rasterised
    std::string cache_error;        // why the cache was not read or written (code), empty when all went well
    int glyph_count = 0;
    int atlas_width = 0;
    int atlas_height = 0;
};

class FontAtlasExtension {
  public:
    // `faces`, `display_scale` and `base_code_points` are what the atlas was first built with.
    // `cache_directory` (empty: no cache) keeps the baked atlas of the configuration between starts.
    FontAtlasExtension(std::vector<platform::FontFace> faces, float display_scale,
                       std::vector<ImWchar> base_code_points, std::filesystem::path cache_directory = {});
    ~FontAtlasExtension();
    FontAtlasExtension(const FontAtlasExtension&) = delete;
    FontAtlasExtension& operator=(const FontAtlasExtension&) = delete;

    // Adds code points to the atlas-to-be and starts a background build unless one is running (then they
    // go into the next build). Code points already covered are ignored.
    void request(const std::vector<char32_t>& code_points);
    // Starts a build of the full atlas (every face with every range its configuration asks for) unless one is
    // running. For a fast first frame the runner builds the first atlas with the asset text only — without
    // the common-Chinese range applicants type from — and calls this once the first frame is on screen.
    void complete_in_background();
    bool building() const { return build_.valid(); }
    bool has_waiting() const { return coverage_.has_pending(); }

    // When a build has finished: installs it as ImGui's atlas and returns the new fonts (the caller uploads
    // the texture). Starts the next build if more code points are waiting. Errors: fonts.build.
    std::optional<Result<platform::FontSet>> install_if_ready();

    // Builds and installs synchronously (tests, benchmarks, or when no frame is coming).
    Result<platform::FontSet> build_and_install_now();

    const AtlasBuildReport& last_report() const { return last_report_; }
    const input::GlyphCoverage& coverage() const { return coverage_; }

    struct BuiltAtlas;

  private:
    void start_build();

    std::vector<platform::FontFace> faces_;
    float display_scale_;
    std::vector<ImWchar> base_code_points_;
    std::filesystem::path cache_directory_;
    input::GlyphCoverage coverage_;
    std::future<std::shared_ptr<BuiltAtlas>> build_;
    AtlasBuildReport last_report_;
    platform::FontRanges installed_ranges_;
};

}  // namespace jiebang::kiosk

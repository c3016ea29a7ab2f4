// kiosk/keyboard/font_atlas_extension.cpp — background atlas rebuilds (see font_atlas_extension.hpp).
// The worker touches only its own ImFontAtlas (no ImGui context state); the install runs on the UI thread.
#include "kiosk/keyboard/font_atlas_extension.hpp"

#include <algorithm>

#include <chrono>

#include "platform/fonts/atlas_cache.hpp"
#include "shared/text/utf8.hpp"

namespace jiebang::kiosk {

struct FontAtlasExtension::BuiltAtlas {
    ImFontAtlas* atlas = nullptr;  // IM_NEW; owned until installed
    platform::FontRanges ranges;   // must live as long as the atlas
    platform::FontSet fonts;
    AtlasBuildReport report;
    std::string error;
    ~BuiltAtlas() {
        if (atlas != nullptr)
            IM_DELETE(atlas);
    }
};

namespace {

// The same faces and flags as platform::build_font_set, into a private atlas, plus `extra` code points.
// With a cache folder and no extra code points, the cache is read first and written after a rasterisation.
std::shared_ptr<FontAtlasExtension::BuiltAtlas> build_atlas(std::vector<platform::FontFace> faces,
                                                            float scale,
                                                            std::vector<ImWchar> base_code_points,
                                                            std::vector<ImWchar> extra_code_points,
                                                            std::filesystem::path cache_directory) {
    const auto started = std::chrono::steady_clock::now();
    auto built = std::make_shared<FontAtlasExtension::BuiltAtlas>();
    built->atlas = IM_NEW(ImFontAtlas)();
    std::optional<std::string> cache_key;
    if (!cache_directory.empty() && extra_code_points.empty()) {
        auto key = platform::atlas_cache_key(faces, scale, base_code_points, platform::AtlasHeight::Tight);
        if (key)
            cache_key = std::move(*key);
    }
    if (cache_key) {
        auto cached = platform::load_atlas_cache(cache_directory, *cache_key, *built->atlas);
        if (cached) {
            built->fonts = *cached;
            built->report.from_cache = true;
        } else if (cached.error().code != "fonts.cache_missing") {
            built->report.cache_error = cached.error().code;
        }
    }
    if (!built->report.from_cache) {
        auto fonts = platform::build_font_atlas(*built->atlas, faces, scale, base_code_points,
                                                extra_code_points, built->ranges);
        if (!fonts) {
            built->error = fonts.error().field + ": " + fonts.error().detail;
            return built;
        }
        built->fonts = *fonts;
        if (cache_key) {
            if (auto saved = platform::save_atlas_cache(cache_directory, *cache_key, *built->atlas, *fonts);
                !saved)
                built->report.cache_error = saved.error().code;
        }
    }
    const auto& fonts = built->fonts;
    // The renderer uploads RGBA: convert here, off the UI thread.
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    built->atlas->GetTexDataAsRGBA32(&pixels, &width, &height);
    built->report.glyph_count = fonts.glyph_count;
    built->report.atlas_width = width;
    built->report.atlas_height = height;
    built->report.build_milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return built;
}

input::GlyphCoverage coverage_of(const std::vector<platform::FontFace>& faces,
                                 const std::vector<ImWchar>& base_code_points) {
    // What every face of the first atlas holds: ImGui's default range, the asset text, and common Chinese only
    // if every face has it. A character the body face has but the small or title face lacks (a listing's
    // issuer drawn in small type) must count as missing, or it shows as '?' there.
    std::vector<input::CodePointRange> ranges;
    ImFontAtlas scratch;
    const auto add_list = [&ranges](const ImWchar* list) {
        for (; list[0] != 0; list += 2)
            ranges.emplace_back(list[0], list[1]);
    };
    add_list(scratch.GetGlyphRangesDefault());
    const bool every_face_has_common_chinese =
        !faces.empty() && std::all_of(faces.begin(), faces.end(), [](const platform::FontFace& face) {
            return face.common_chinese || !face.asset_text;  // the huge face shows digits and Latin only
        });
    if (every_face_has_common_chinese)
        add_list(scratch.GetGlyphRangesChineseSimplifiedCommon());
    for (ImWchar code_point : base_code_points)
        ranges.emplace_back(code_point, code_point);
    return input::GlyphCoverage(std::move(ranges));
}

}  // namespace

FontAtlasExtension::FontAtlasExtension(std::vector<platform::FontFace> faces, float display_scale,
                                       std::vector<ImWchar> base_code_points,
                                       std::filesystem::path cache_directory)
    : faces_(std::move(faces)),
      display_scale_(display_scale),
      base_code_points_(std::move(base_code_points)),
      cache_directory_(std::move(cache_directory)),
      coverage_(coverage_of(faces_, base_code_points_)) {}

FontAtlasExtension::~FontAtlasExtension() {
    if (build_.valid())
        build_.wait();
}

void FontAtlasExtension::request(const std::vector<char32_t>& code_points) {
    std::string text;
    for (char32_t code_point : code_points) {
        if (code_point >= 0x20 && code_point <= 0x10FFFF && (code_point < 0xD800 || code_point > 0xDFFF)) {
            utf8::append(text, code_point);
        }
    }
    coverage_.note_text(text);
    if (!build_.valid() && coverage_.has_pending())
        start_build();
}

void FontAtlasExtension::start_build() {
    coverage_.take_pending();
    std::vector<ImWchar> extra_code_points;
    for (char32_t code_point : coverage_.extra_code_points()) {
        if (code_point <= 0xFFFF)  // ImGui 1.86 is built with 16-bit ImWchar
            extra_code_points.push_back(static_cast<ImWchar>(code_point));
    }
    build_ = std::async(std::launch::async, build_atlas, faces_, display_scale_, base_code_points_,
                        std::move(extra_code_points), cache_directory_);
}

void FontAtlasExtension::complete_in_background() {
    if (!build_.valid())
        start_build();
}

std::optional<Result<platform::FontSet>> FontAtlasExtension::install_if_ready() {
    if (!build_.valid())
        return std::nullopt;
    if (build_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return std::nullopt;
    std::shared_ptr<BuiltAtlas> built = build_.get();
    if (coverage_.has_pending())
        start_build();
    if (!built->error.empty())
        return Result<platform::FontSet>(Error("fonts.build", "", built->error));
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* previous = io.Fonts;
    io.Fonts = built->atlas;
    built->atlas = nullptr;
    io.FontDefault = built->fonts.body;
    IM_DELETE(previous);
    installed_ranges_ = std::move(built->ranges);  // a later Build() of this atlas still reads them
    last_report_ = built->report;
    return Result<platform::FontSet>(built->fonts);
}

Result<platform::FontSet> FontAtlasExtension::build_and_install_now() {
    if (!build_.valid() && coverage_.has_pending())
        start_build();
    if (!build_.valid())
        return Error("fonts.build", "", "nothing to build");
    build_.wait();
    auto installed = install_if_ready();
    if (!installed)
        return Error("fonts.build", "", "build did not finish");
    return *installed;
}

}  // namespace jiebang::kiosk

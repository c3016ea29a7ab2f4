// tests/kiosk/test_atlas_cache.cpp — the baked font atlas kept between starts (platform/fonts/atlas_cache.hpp,
// issue 13 item 9): a cached atlas draws exactly what a rasterised one draws; any change of fonts, sizes or glyph
// set misses the cache (invariant 1); a damaged file is refused, never trusted (invariant 2); characters met at
// run time are never written to disk (invariant 3); and the real terminal's second start draws its first frame
// from the cache with the same pixels as the first start.
#include <doctest/doctest.h>

#include <imgui.h>

#include <cstring>
#include <fstream>

#include "kiosk/keyboard/font_atlas_extension.hpp"
#include "kiosk_test_support.hpp"
#include "platform/fonts/atlas_cache.hpp"
#include "platform/fonts/font_set.hpp"

using namespace jiebang::platform;

namespace {

// The terminal's configured faces with only the asset text (no common-Chinese range): quick to rasterise.
std::vector<FontFace> asset_text_faces() {
    auto faces = load_font_configuration(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE_MESSAGE(faces.ok(), faces.error().detail);
    auto list = faces.value();
    for (auto& face : list)
        face.common_chinese = false;
    return list;
}

std::vector<std::filesystem::path> cache_files(const std::filesystem::path& directory) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        if (entry.path().extension() == ".cache")
            files.push_back(entry.path());
    }
    return files;
}

std::string read_bytes(const std::filesystem::path& file) {
    return kiosk_test::read_file(file);
}

void write_bytes(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace

TEST_CASE(
    "a cached atlas has the same glyphs and metrics and pixels as the rasterised one (atlas cache inv. 1)") {
    kiosk_test::TemporaryDirectory directory;
    const auto faces = asset_text_faces();
    const auto code_points = collect_asset_code_points(JIEBANG_SOURCE_ASSETS_DIR);
    const auto key = atlas_cache_key(faces, 1.0f, code_points, AtlasHeight::Tight);
    REQUIRE(key.ok());

    ImFontAtlas built;
    FontRanges ranges;
    auto built_fonts = build_font_atlas(built, faces, 1.0f, code_points, {}, ranges);
    REQUIRE(built_fonts.ok());
    REQUIRE(save_atlas_cache(directory.path(), key.value(), built, built_fonts.value()).ok());

    ImFontAtlas loaded;
    auto loaded_fonts = load_atlas_cache(directory.path(), key.value(), loaded);
    REQUIRE_MESSAGE(loaded_fonts.ok(), loaded_fonts.error().code);
    REQUIRE(loaded.Fonts.Size == built.Fonts.Size);
    CHECK(loaded_fonts.value().glyph_count == built_fonts.value().glyph_count);
    CHECK(loaded.TexWidth == built.TexWidth);
    CHECK(loaded.TexHeight == built.TexHeight);
    CHECK(std::memcmp(loaded.TexPixelsAlpha8, built.TexPixelsAlpha8,
                      static_cast<std::size_t>(built.TexWidth) * static_cast<std::size_t>(built.TexHeight)) ==
          0);
    CHECK(loaded.TexUvWhitePixel.x == built.TexUvWhitePixel.x);
    CHECK(loaded.TexUvWhitePixel.y == built.TexUvWhitePixel.y);
    // Every role points at the font of the same size, and a Chinese line measures and maps the same.
    CHECK(loaded_fonts.value().body->FontSize == built_fonts.value().body->FontSize);
    CHECK(loaded_fonts.value().title->FontSize == built_fonts.value().title->FontSize);
    CHECK(loaded_fonts.value().huge->FontSize == built_fonts.value().huge->FontSize);
    const char* line = "揭榜挂帅 赛马 No. 42";
    for (int index = 0; index < built.Fonts.Size; ++index) {
        const ImFont* original = built.Fonts[index];
        const ImFont* copy = loaded.Fonts[index];
        CHECK(copy->Ascent == original->Ascent);
        CHECK(copy->Descent == original->Descent);
        CHECK(copy->FallbackChar == original->FallbackChar);
        CHECK(copy->CalcTextSizeA(copy->FontSize, 10000.0f, 0.0f, line).x ==
              original->CalcTextSizeA(original->FontSize, 10000.0f, 0.0f, line).x);
        const ImFontGlyph* glyph = copy->FindGlyphNoFallback(static_cast<ImWchar>(U'榜'));
        const ImFontGlyph* expected = original->FindGlyphNoFallback(static_cast<ImWchar>(U'榜'));
        if (expected == nullptr) {  // the huge face holds digits and Latin only
            CHECK(glyph == nullptr);
            continue;
        }
        REQUIRE(glyph != nullptr);
        CHECK(glyph->U0 == expected->U0);
        CHECK(glyph->V1 == expected->V1);
        CHECK(glyph->X1 == expected->X1);
    }
    // The loaded atlas is ready for the renderer's RGBA upload.
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    loaded.GetTexDataAsRGBA32(&pixels, &width, &height);
    CHECK(pixels != nullptr);
    CHECK(width == built.TexWidth);
}

TEST_CASE(
    "another font size or glyph set misses the cache and a damaged file is refused (atlas cache inv. 1 and "
    "2)") {
    kiosk_test::TemporaryDirectory directory;
    auto faces = asset_text_faces();
    auto code_points = collect_asset_code_points(JIEBANG_SOURCE_ASSETS_DIR);
    const auto key = atlas_cache_key(faces, 1.0f, code_points, AtlasHeight::Tight).value();
    {
        ImFontAtlas built;
        FontRanges ranges;
        auto fonts = build_font_atlas(built, faces, 1.0f, code_points, {}, ranges);
        REQUIRE(fonts.ok());
        REQUIRE(save_atlas_cache(directory.path(), key, built, fonts.value()).ok());
    }
    ImFontAtlas atlas;
    SUBCASE("another size") {
        auto larger = faces;
        larger.front().pixel_size += 2.0f;
        const auto other = atlas_cache_key(larger, 1.0f, code_points, AtlasHeight::Tight).value();
        CHECK(other != key);
        auto loaded = load_atlas_cache(directory.path(), other, atlas);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().code == "fonts.cache_missing");
    }
    SUBCASE("another glyph set") {
        code_points.push_back(static_cast<ImWchar>(0x5803));  // a character no asset holds
        const auto other = atlas_cache_key(faces, 1.0f, code_points, AtlasHeight::Tight).value();
        auto loaded = load_atlas_cache(directory.path(), other, atlas);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().code == "fonts.cache_missing");
    }
    SUBCASE("a flipped byte in the pixels") {
        const auto file = atlas_cache_file(directory.path(), key);
        auto bytes = read_bytes(file);
        bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x5A);
        write_bytes(file, bytes);
        auto loaded = load_atlas_cache(directory.path(), key, atlas);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().code == "fonts.cache_damaged");
        CHECK(atlas.Fonts.Size == 0);
    }
    SUBCASE("a file cut short, as by a power cut") {
        const auto file = atlas_cache_file(directory.path(), key);
        auto bytes = read_bytes(file);
        write_bytes(file, bytes.substr(0, bytes.size() / 2));
        auto loaded = load_atlas_cache(directory.path(), key, atlas);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().code == "fonts.cache_damaged");
        CHECK(atlas.Fonts.Size == 0);
    }
    SUBCASE("a file of garbage") {
        write_bytes(atlas_cache_file(directory.path(), key), std::string(4096, '\x7f'));
        auto loaded = load_atlas_cache(directory.path(), key, atlas);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().code == "fonts.cache_damaged");
    }
}

TEST_CASE("characters met at run time are baked in but never written to the cache (atlas cache inv. 3)") {
    kiosk_test::TemporaryDirectory directory;
    ImGui::CreateContext();
    const auto faces = asset_text_faces();
    const auto code_points = collect_asset_code_points(JIEBANG_SOURCE_ASSETS_DIR);
    const auto key = atlas_cache_key(faces, 1.0f, code_points, AtlasHeight::Tight).value();
    constexpr auto rare = static_cast<ImWchar>(0x5803);  // 堃, as in a person's or company's name
    {
        jiebang::kiosk::FontAtlasExtension extension(faces, 1.0f, code_points, directory.path());
        extension.complete_in_background();
        REQUIRE(extension.build_and_install_now().ok());
        CHECK_FALSE(extension.last_report().from_cache);
        CHECK(extension.last_report().cache_error.empty());
    }
    REQUIRE(cache_files(directory.path()).size() == 1);
    const auto written = read_bytes(cache_files(directory.path()).front());
    {
        jiebang::kiosk::FontAtlasExtension extension(faces, 1.0f, code_points, directory.path());
        extension.complete_in_background();
        REQUIRE(extension.build_and_install_now().ok());
        CHECK(extension.last_report().from_cache);
        extension.request({static_cast<char32_t>(rare)});
        auto grown = extension.build_and_install_now();
        REQUIRE(grown.ok());
        CHECK_FALSE(extension.last_report().from_cache);
        CHECK(grown.value().body->FindGlyphNoFallback(rare) != nullptr);  // on screen for this applicant
    }
    // On disk: still the one file, byte for byte, and it does not hold the applicant's character.
    REQUIRE(cache_files(directory.path()).size() == 1);
    CHECK(read_bytes(cache_files(directory.path()).front()) == written);
    ImFontAtlas atlas;
    auto cached = load_atlas_cache(directory.path(), key, atlas);
    REQUIRE(cached.ok());
    CHECK(cached.value().body->FindGlyphNoFallback(rare) == nullptr);
    ImGui::DestroyContext();
}

TEST_CASE("at most the newest four cached atlases are kept") {
    kiosk_test::TemporaryDirectory directory;
    auto faces = asset_text_faces();
    faces.resize(1);
    const std::vector<ImWchar> code_points = {static_cast<ImWchar>(U'榜')};
    ImFontAtlas built;
    FontRanges ranges;
    auto fonts = build_font_atlas(built, faces, 1.0f, code_points, {}, ranges);
    REQUIRE(fonts.ok());
    for (int size = 0; size < 6; ++size) {
        REQUIRE(save_atlas_cache(directory.path(), "key " + std::to_string(size), built, fonts.value()).ok());
    }
    CHECK(cache_files(directory.path()).size() == 4);
    ImFontAtlas newest;
    CHECK(load_atlas_cache(directory.path(), "key 5", newest).ok());
}

TEST_CASE("the terminal's second start draws its first frame from the cached atlas with the same pixels") {
    kiosk_test::TemporaryDirectory directory;
    const std::string script = "screenshot home\nquit\n";
    const auto first = kiosk_test::run_kiosk(directory.path(), script,
                                             "--bench-report " + (directory.path() / "first.json").string());
    REQUIRE_MESSAGE(first.exit_code == 0, first.output);
    REQUIRE(cache_files(directory.path() / "font-cache").size() == 1);
    const auto first_report = read_bytes(directory.path() / "first.json");
    CHECK(first_report.find("\"atlas_from_cache\": false") != std::string::npos);
    const auto first_picture = read_bytes(directory.path() / "shots" / "home.png");
    REQUIRE_FALSE(first_picture.empty());

    const auto second = kiosk_test::run_kiosk(
        directory.path(), script, "--bench-report " + (directory.path() / "second.json").string());
    REQUIRE_MESSAGE(second.exit_code == 0, second.output);
    CHECK(read_bytes(directory.path() / "second.json").find("\"atlas_from_cache\": true") !=
          std::string::npos);
    CHECK(read_bytes(directory.path() / "shots" / "home.png") == first_picture);

    // A damaged cache is not trusted: the terminal rasterises, draws the same picture, and rewrites the file.
    const auto cache = cache_files(directory.path() / "font-cache").front();
    write_bytes(cache, read_bytes(cache).substr(0, 1000));
    const auto third = kiosk_test::run_kiosk(directory.path(), script,
                                             "--bench-report " + (directory.path() / "third.json").string());
    REQUIRE_MESSAGE(third.exit_code == 0, third.output);
    CHECK(third.output.find("fonts.cache_damaged") != std::string::npos);
    CHECK(read_bytes(directory.path() / "third.json").find("\"atlas_from_cache\": false") !=
          std::string::npos);
    CHECK(read_bytes(directory.path() / "shots" / "home.png") == first_picture);
    CHECK(read_bytes(cache).size() > 1000);
}

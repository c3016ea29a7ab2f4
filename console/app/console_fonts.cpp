// console/app/console_fonts.cpp — font atlas with run-time additions (see console_fonts.hpp).
#include "console/app/console_fonts.hpp"

#include "shared/text/utf8.hpp"

namespace jiebang::console {

struct ConsoleFonts::Built {
    ImFontAtlas* atlas = nullptr;  // owned until installed
    platform::FontRanges ranges;
    Result<platform::FontSet> fonts = Error("fonts.build", "", "not built");
    ~Built() {
        if (atlas != nullptr)
            IM_DELETE(atlas);
    }
};

namespace {

std::shared_ptr<ConsoleFonts::Built> build_private_atlas(std::vector<platform::FontFace> faces, float scale,
                                                         std::vector<ImWchar> asset_code_points,
                                                         std::vector<ImWchar> extra) {
    auto built = std::make_shared<ConsoleFonts::Built>();
    built->atlas = IM_NEW(ImFontAtlas)();
    built->fonts = platform::build_font_atlas(*built->atlas, faces, scale, asset_code_points, extra,
                                              built->ranges, platform::AtlasHeight::PowerOfTwo);
    if (built->fonts) {
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        built->atlas->GetTexDataAsRGBA32(&pixels, &width, &height);  // converted here, off the UI thread
    }
    return built;
}

}  // namespace

Result<std::unique_ptr<ConsoleFonts>> ConsoleFonts::load(const std::filesystem::path& assets_directory,
                                                         float scale) {
    auto faces = platform::load_font_configuration(assets_directory, "console-fonts.json");
    if (!faces)
        return faces.error();
    return std::unique_ptr<ConsoleFonts>(
        new ConsoleFonts(std::move(*faces), scale, platform::collect_asset_code_points(assets_directory)));
}

ConsoleFonts::ConsoleFonts(std::vector<platform::FontFace> faces, float scale,
                           std::vector<ImWchar> asset_code_points)
    : faces_(std::move(faces)), scale_(scale), asset_code_points_(std::move(asset_code_points)) {}

ConsoleFonts::~ConsoleFonts() {
    if (build_.valid())
        build_.wait();
}

Result<platform::FontSet> ConsoleFonts::build_first() {
    // What the views' own words need; the common-Chinese range follows on a worker (complete_in_background).
    auto first_faces = faces_;
    for (auto& face : first_faces)
        face.common_chinese = false;
    return platform::build_font_set(first_faces, scale_, asset_code_points_,
                                    platform::AtlasHeight::PowerOfTwo);
}

void ConsoleFonts::check(const std::vector<std::string>& words) {
    const ImFont* font = ImGui::GetIO().FontDefault;
    if (font == nullptr)
        return;
    if (checked_.size() > 50000)
        checked_.clear();
    for (const auto& word : words) {
        if (!checked_.insert(word).second)
            continue;
        const auto code_points = utf8::decode(word);
        if (!code_points)
            continue;
        for (char32_t code_point : *code_points) {
            if (code_point < 0x20 || code_point > 0xFFFF)  // ImGui 1.86: 16-bit ImWchar
                continue;
            const auto character = static_cast<ImWchar>(code_point);
            if (extra_.count(character) != 0 || font->FindGlyphNoFallback(character) != nullptr)
                continue;
            waiting_.insert(character);
        }
    }
}

void ConsoleFonts::start_build() {
    extra_.insert(waiting_.begin(), waiting_.end());
    waiting_.clear();
    auto faces = faces_;
    if (!full_requested_) {
        for (auto& face : faces)
            face.common_chinese = false;
    }
    full_building_ = full_requested_;
    build_ = std::async(std::launch::async, build_private_atlas, std::move(faces), scale_, asset_code_points_,
                        std::vector<ImWchar>(extra_.begin(), extra_.end()));
}

std::optional<Result<platform::FontSet>> ConsoleFonts::update(bool now) {
    if (!build_.valid() && (!waiting_.empty() || (full_requested_ && !full_building_)))
        start_build();
    if (!build_.valid())
        return std::nullopt;
    if (now) {
        build_.wait();
    } else if (build_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return std::nullopt;
    }
    std::shared_ptr<Built> built = build_.get();
    if (!built->fonts)
        return built->fonts;
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* previous = io.Fonts;
    io.Fonts = built->atlas;
    built->atlas = nullptr;
    io.FontDefault = built->fonts->body;
    IM_DELETE(previous);
    installed_ranges_ = std::move(built->ranges);
    return built->fonts;
}

}  // namespace jiebang::console

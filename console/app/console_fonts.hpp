// console/app/console_fonts.hpp — the console's font atlas and the characters it gains at run time.
// Faces come from assets/console-fonts.json (platform/fonts, the same format as the terminal's fonts.json,
// desktop sizes). The first atlas holds every character of the assets (what the views say), so the first
// frame comes quickly; ImGui's common simplified-Chinese range (names and titles applicants typed) is baked on
// a worker right after it (complete_in_background). Rarer characters still appear, so every word drawn is checked once
// against the atlas and missing characters are baked into a new atlas — on a worker interactively (the UI
// keeps drawing with the old atlas meanwhile), at once in scripted runs (so no screenshot shows '?').
// Invariants: atlases are a power of two tall (platform::AtlasHeight: thin glyphs survive SDL's software
// renderer); a new atlas has the same faces and sizes plus every character requested so far; it is
// installed between frames only (UI thread); the set of words already checked holds personal data and is
// cleared with forget_checked_words() on every lock.
#pragma once

#include <imgui.h>

#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "platform/fonts/font_set.hpp"
#include "shared/base/result.hpp"

namespace jiebang::console {

class ConsoleFonts {
  public:
    // Errors: fonts.* (platform/fonts).
    static Result<std::unique_ptr<ConsoleFonts>> load(const std::filesystem::path& assets_directory,
                                                      float scale);
    ~ConsoleFonts();

    // Builds the first atlas into ImGui's context (call Display::rebuild_font_texture() after).
    Result<platform::FontSet> build_first();
    // Asks for the full atlas (the faces' common-Chinese ranges too): the next update() starts it.
    void complete_in_background() { full_requested_ = true; }
    // Notes characters of `words` the atlas lacks.
    void check(const std::vector<std::string>& words);
    void forget_checked_words() { checked_.clear(); }
    // Starts a background build when characters wait and none runs; installs a finished one. Returns the new
    // fonts when an atlas was installed (upload its texture then). `now`: build and install synchronously.
    std::optional<Result<platform::FontSet>> update(bool now);
    bool building() const { return build_.valid(); }

    struct Built;

  private:
    ConsoleFonts(std::vector<platform::FontFace> faces, float scale, std::vector<ImWchar> asset_code_points);
    void start_build();

    std::vector<platform::FontFace> faces_;
    float scale_;
    std::vector<ImWchar> asset_code_points_;
    std::set<ImWchar> extra_;    // characters baked or being baked beyond the first atlas
    std::set<ImWchar> waiting_;  // missing characters not yet in a build
    bool full_requested_ = false;
    bool full_building_ = false;  // the running or installed build has the common-Chinese ranges
    std::unordered_set<std::string> checked_;
    std::future<std::shared_ptr<Built>> build_;
    platform::FontRanges installed_ranges_;
};

}  // namespace jiebang::console

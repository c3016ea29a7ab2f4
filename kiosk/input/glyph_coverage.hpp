// kiosk/input/glyph_coverage.hpp — which characters the terminal's fonts hold at all (FontCharacters: an
// applicant may not type one they lack), which the font atlas can draw, and which it still lacks.
// Dear ImGui 1.86 bakes glyphs ahead of time (the terminal bakes common Chinese); a character outside the
// atlas draws as '?'. The keyboard notes every text it commits here; the platform layer takes the pending
// code points between frames (before the next NewFrame), rebuilds the atlas with glyph_ranges(), and uploads
// the new texture. No ImGui here: ranges are plain inclusive pairs in ImGui's order, 0-terminated.
// Invariants: a code point is pending at most once; once taken it counts as covered; code points above
// `max_code_point` (0xFFFF: Debian's ImGui uses 16-bit ImWchar) are counted as unrenderable, never pending.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace jiebang::input {

using CodePointRange = std::pair<char32_t, char32_t>;  // inclusive

// The characters the fonts themselves hold (their character maps), as merged inclusive ranges: what the
// terminal can ever draw, whatever is baked. A character outside it would show as '?' on the screen, and as
// '?' or a blank on the receipt, the board and the county's tables, so the input refuses it.
// Invariants: nothing above `max_code_point` (0xFFFF: Debian's ImGui keeps 16-bit ImWchar; this is where
// nearly all emoji lie) is ever drawable; without ranges (fonts not read) every character up to it is.
class FontCharacters {
  public:
    FontCharacters() = default;
    explicit FontCharacters(std::vector<CodePointRange> ranges, char32_t max_code_point = 0xFFFF);

    bool drawable(char32_t code_point) const;
    // The first character of `text` that is not drawable (line breaks and tabs count as drawable); nullopt
    // when every one is, or when `text` is not valid UTF-8 (refused elsewhere).
    std::optional<char32_t> first_undrawable(std::string_view text) const;
    bool knows_fonts() const { return !ranges_.empty(); }

  private:
    std::vector<CodePointRange> ranges_;  // sorted, merged
    char32_t max_code_point_ = 0xFFFF;
};

class GlyphCoverage {
  public:
    GlyphCoverage() = default;
    // `baked_ranges`: what the atlas was built with; `max_code_point`: the largest the atlas can hold.
    explicit GlyphCoverage(std::vector<CodePointRange> baked_ranges, char32_t max_code_point = 0xFFFF);
    // From an ImGui-style list: pairs of inclusive bounds terminated by 0.
    static GlyphCoverage from_zero_terminated(const std::uint16_t* ranges, char32_t max_code_point = 0xFFFF);

    bool covers(char32_t code_point) const;
    // Notes the characters of `text` the atlas lacks; returns how many became pending. Invalid UTF-8 is
    // ignored.
    std::size_t note_text(std::string_view text);

    bool has_pending() const { return !pending_.empty(); }
    // The pending code points, sorted; from now on they count as covered (the caller rebuilds the atlas).
    std::vector<char32_t> take_pending();
    // Puts code points back as pending (the rebuild failed or was abandoned).
    void restore_pending(const std::vector<char32_t>& code_points);

    // Baked ranges plus every extra code point taken so far, merged and sorted, as an ImGui glyph range list
    // (pairs, 0-terminated). Feed it to ImFontAtlas::AddFont* when rebuilding.
    std::vector<std::uint16_t> glyph_ranges() const;
    const std::set<char32_t>& extra_code_points() const { return extras_; }
    std::size_t unrenderable_count() const { return unrenderable_.size(); }

  private:
    std::vector<CodePointRange> baked_;  // sorted, merged
    std::set<char32_t> extras_;          // taken: in the next atlas
    std::set<char32_t> pending_;         // seen, not yet taken
    std::set<char32_t> unrenderable_;
    char32_t max_code_point_ = 0xFFFF;
};

}  // namespace jiebang::input

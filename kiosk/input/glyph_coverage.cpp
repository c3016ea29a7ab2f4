// kiosk/input/glyph_coverage.cpp — merged range bookkeeping for the font atlas extension, and the fonts'
// own character set the input checks against.
#include "kiosk/input/glyph_coverage.hpp"

#include <algorithm>

#include "shared/text/utf8.hpp"

namespace jiebang::input {

namespace {

std::vector<CodePointRange> merge_ranges(std::vector<CodePointRange> ranges) {
    std::sort(ranges.begin(), ranges.end());
    std::vector<CodePointRange> merged;
    for (const auto& [first, last] : ranges) {
        if (first > last)
            continue;
        if (!merged.empty() && first <= merged.back().second + 1) {
            merged.back().second = std::max(merged.back().second, last);
        } else {
            merged.emplace_back(first, last);
        }
    }
    return merged;
}

}  // namespace

FontCharacters::FontCharacters(std::vector<CodePointRange> ranges, char32_t max_code_point)
    : ranges_(merge_ranges(std::move(ranges))), max_code_point_(max_code_point) {}

bool FontCharacters::drawable(char32_t code_point) const {
    if (code_point > max_code_point_)
        return false;
    if (code_point == '\n' || code_point == '\r' || code_point == '\t' || ranges_.empty())
        return true;
    auto after = std::upper_bound(ranges_.begin(), ranges_.end(), CodePointRange{code_point, U'\U0010FFFF'});
    if (after == ranges_.begin())
        return false;
    --after;
    return code_point >= after->first && code_point <= after->second;
}

std::optional<char32_t> FontCharacters::first_undrawable(std::string_view text) const {
    const auto code_points = utf8::decode(text);
    if (!code_points)
        return std::nullopt;
    for (char32_t code_point : *code_points) {
        if (!drawable(code_point))
            return code_point;
    }
    return std::nullopt;
}

GlyphCoverage::GlyphCoverage(std::vector<CodePointRange> baked_ranges, char32_t max_code_point)
    : baked_(merge_ranges(std::move(baked_ranges))), max_code_point_(max_code_point) {}

GlyphCoverage GlyphCoverage::from_zero_terminated(const std::uint16_t* ranges, char32_t max_code_point) {
    std::vector<CodePointRange> pairs;
    for (std::size_t index = 0; ranges != nullptr && ranges[index] != 0 && ranges[index + 1] != 0;
         index += 2) {
        pairs.emplace_back(ranges[index], ranges[index + 1]);
    }
    return GlyphCoverage(std::move(pairs), max_code_point);
}

bool GlyphCoverage::covers(char32_t code_point) const {
    if (extras_.count(code_point) != 0)
        return true;
    auto after = std::upper_bound(baked_.begin(), baked_.end(), CodePointRange{code_point, U'\U0010FFFF'});
    if (after == baked_.begin())
        return false;
    --after;
    return code_point >= after->first && code_point <= after->second;
}

std::size_t GlyphCoverage::note_text(std::string_view text) {
    const auto code_points = utf8::decode(text);
    if (!code_points)
        return 0;
    std::size_t added = 0;
    for (char32_t code_point : *code_points) {
        if (code_point < 0x20 || covers(code_point) || pending_.count(code_point) != 0)
            continue;
        if (code_point > max_code_point_) {
            unrenderable_.insert(code_point);
            continue;
        }
        pending_.insert(code_point);
        ++added;
    }
    return added;
}

std::vector<char32_t> GlyphCoverage::take_pending() {
    std::vector<char32_t> taken(pending_.begin(), pending_.end());
    extras_.insert(pending_.begin(), pending_.end());
    pending_.clear();
    return taken;
}

void GlyphCoverage::restore_pending(const std::vector<char32_t>& code_points) {
    for (char32_t code_point : code_points) {
        extras_.erase(code_point);
        if (code_point <= max_code_point_)
            pending_.insert(code_point);
    }
}

std::vector<std::uint16_t> GlyphCoverage::glyph_ranges() const {
    std::vector<CodePointRange> all = baked_;
    for (char32_t code_point : extras_)
        all.emplace_back(code_point, code_point);
    all = merge_ranges(std::move(all));
    std::vector<std::uint16_t> list;
    for (const auto& [first, last] : all) {
        if (first > max_code_point_ || first == 0)
            continue;
        list.push_back(static_cast<std::uint16_t>(first));
        list.push_back(static_cast<std::uint16_t>(std::min(last, max_code_point_)));
    }
    list.push_back(0);
    return list;
}

}  // namespace jiebang::input

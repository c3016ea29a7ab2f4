// tests/input/glyph_coverage_tests.cpp — the bookkeeping behind the font atlas extension: which committed
// characters the atlas lacks, handed over once, merged into the next glyph ranges.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "kiosk/input/glyph_coverage.hpp"

using namespace jiebang::input;

TEST_CASE("characters outside the baked ranges become pending once, then count as covered") {
    const std::uint16_t baked[] = {0x0020, 0x00FF, 0x4E00, 0x4E2D, 0};  // Latin-1 and 一..中
    GlyphCoverage coverage = GlyphCoverage::from_zero_terminated(baked);
    CHECK(coverage.covers(U'a'));
    CHECK(coverage.covers(U'中'));
    CHECK_FALSE(coverage.covers(U'国'));

    CHECK(coverage.note_text("中国a") == 1);
    CHECK(coverage.note_text("国国") == 0);  // already pending
    CHECK(coverage.has_pending());
    CHECK(coverage.note_text("镕") == 1);
    const std::vector<char32_t> taken = coverage.take_pending();
    CHECK(taken == std::vector<char32_t>{U'国', U'镕'});
    CHECK_FALSE(coverage.has_pending());
    CHECK(coverage.covers(U'国'));
    CHECK(coverage.note_text("国") == 0);

    const std::vector<std::uint16_t> ranges = coverage.glyph_ranges();
    const std::vector<std::uint16_t> expected = {0x0020, 0x00FF, 0x4E00, 0x4E2D, 0x56FD,
                                                 0x56FD, 0x9555, 0x9555, 0};
    CHECK(ranges == expected);
}

TEST_CASE("characters the 16-bit atlas cannot hold are counted, never pending") {
    GlyphCoverage coverage({{0x20, 0x7E}});
    CHECK(coverage.note_text("\xF0\xA0\x80\x80") == 0);  // U+20000, CJK Extension B
    CHECK_FALSE(coverage.has_pending());
    CHECK(coverage.unrenderable_count() == 1);
}

TEST_CASE("a failed rebuild puts the code points back") {
    GlyphCoverage coverage({{0x20, 0x7E}});
    coverage.note_text("国");
    const auto taken = coverage.take_pending();
    coverage.restore_pending(taken);
    CHECK(coverage.has_pending());
    CHECK_FALSE(coverage.covers(U'国'));
}

TEST_CASE("adjacent extras merge into one range") {
    GlyphCoverage coverage({{0x20, 0x7E}});
    coverage.note_text("\x7F");  // control, ignored? 0x7F is not below 0x20: it is noted
    coverage.take_pending();
    CHECK(coverage.glyph_ranges() == std::vector<std::uint16_t>{0x20, 0x7F, 0});
}

// tests/input/handwriting_tests.cpp — zinnia with the tegaki simplified-Chinese model on synthesised strokes
// drawn the way people write them (curved 撇 and 捺), in the keyboard's 300x300 pad.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kiosk/input/handwriting_recognizer.hpp"
#include "tests/input/test_support.hpp"

using namespace jiebang::input;

namespace {

constexpr float pad_size = 300;

Stroke straight(StrokePoint from, StrokePoint to, int steps = 12) {
    Stroke stroke;
    for (int step = 0; step <= steps; ++step) {
        const float t = static_cast<float>(step) / static_cast<float>(steps);
        stroke.push_back({from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t});
    }
    return stroke;
}

// Quadratic Bézier through `control`: how a hand draws 撇 and 捺.
Stroke curved(StrokePoint from, StrokePoint control, StrokePoint to, int steps = 14) {
    Stroke stroke;
    for (int step = 0; step <= steps; ++step) {
        const float t = static_cast<float>(step) / static_cast<float>(steps);
        const float a = (1 - t) * (1 - t), b = 2 * (1 - t) * t, c = t * t;
        stroke.push_back({a * from.x + b * control.x + c * to.x, a * from.y + b * control.y + c * to.y});
    }
    return stroke;
}

HandwritingRecognizer& recognizer() {
    static HandwritingRecognizer model = [] {
        auto opened = HandwritingRecognizer::open(jiebang::input::testing::zinnia_model());
        REQUIRE(opened.ok());
        return std::move(opened.value());
    }();
    return model;
}

// Feeds the strokes one by one the way the pad does and returns the candidates after the last stroke.
std::vector<std::string> recognise(const std::vector<Stroke>& strokes) {
    HandwritingStrokes pad(pad_size, pad_size);
    std::vector<std::string> texts;
    for (const Stroke& stroke : strokes) {
        pad.begin_stroke(stroke.front());
        for (std::size_t index = 1; index < stroke.size(); ++index)
            pad.extend_stroke(stroke[index]);
        pad.end_stroke();
        auto candidates = recognizer().recognize(pad, 10);
        REQUIRE(candidates.ok());
        CHECK_FALSE(candidates->empty());  // candidates after each stroke
        texts.clear();
        for (const auto& candidate : *candidates)
            texts.push_back(candidate.text);
    }
    return texts;
}

bool among_top(const std::vector<std::string>& texts, const std::string& wanted, std::size_t top) {
    const auto end = texts.begin() + static_cast<std::ptrdiff_t>(std::min(top, texts.size()));
    return std::find(texts.begin(), end, wanted) != end;
}

}  // namespace

TEST_CASE("handwriting 十 brings 十 among the top candidates") {
    const auto texts = recognise({straight({40, 150}, {260, 150}), straight({150, 30}, {150, 280})});
    CHECK(among_top(texts, "十", 3));
}

TEST_CASE("handwriting 人 brings 人 among the top candidates") {
    const auto texts =
        recognise({curved({150, 40}, {140, 200}, {50, 260}), curved({140, 130}, {180, 230}, {260, 260})});
    CHECK(among_top(texts, "人", 5));
}

TEST_CASE("handwriting 大 brings 大 among the top candidates") {
    const auto texts = recognise({straight({50, 110}, {250, 110}), curved({150, 30}, {140, 220}, {50, 270}),
                                  curved({150, 120}, {190, 230}, {260, 270})});
    CHECK(among_top(texts, "大", 3));
}

TEST_CASE("a different drawing gives different candidates") {
    // A lone horizontal stroke is 一, not 十: the recognizer is really looking at the strokes.
    const auto texts = recognise({straight({40, 150}, {260, 150})});
    CHECK(among_top(texts, "一", 3));
    CHECK_FALSE(among_top(texts, "十", 1));
}

TEST_CASE("an empty pad has no candidates, undo and clear edit the strokes") {
    HandwritingStrokes pad(pad_size, pad_size);
    auto none = recognizer().recognize(pad);
    REQUIRE(none.ok());
    CHECK(none->empty());
    pad.add_stroke(straight({40, 150}, {260, 150}));
    pad.add_stroke(straight({150, 30}, {150, 280}));
    CHECK(pad.strokes().size() == 2);
    pad.undo_stroke();
    CHECK(pad.strokes().size() == 1);
    pad.clear();
    CHECK(pad.empty());
}

TEST_CASE("points outside the pad are clamped, not rejected") {
    HandwritingStrokes pad(pad_size, pad_size);
    pad.add_stroke(straight({-40, 150}, {400, 150}));
    pad.add_stroke(straight({150, -30}, {150, 380}));
    auto candidates = recognizer().recognize(pad, 5);
    REQUIRE(candidates.ok());
    CHECK_FALSE(candidates->empty());
}

TEST_CASE("a missing model is a clear error") {
    auto opened = HandwritingRecognizer::open("/nonexistent/handwriting-zh_CN.model");
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "input.handwriting.model");
    CHECK(opened.error().field == "/nonexistent/handwriting-zh_CN.model");
}

TEST_CASE("the start-up probe accepts the installed model and names a missing or empty one") {
    CHECK(HandwritingRecognizer::probe(jiebang::input::testing::zinnia_model()).ok());
    auto missing = HandwritingRecognizer::probe("/nonexistent/handwriting-zh_CN.model");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "input.handwriting.model");
    const auto empty = std::filesystem::temp_directory_path() / "jiebang-empty-handwriting.model";
    std::ofstream(empty).close();
    auto empty_probe = HandwritingRecognizer::probe(empty);
    std::filesystem::remove(empty);
    REQUIRE_FALSE(empty_probe.ok());
    CHECK(empty_probe.error().field == empty.string());
    // An empty file would fail zinnia's open too: the probe only moves that failure to the pad.
    CHECK_FALSE(HandwritingRecognizer::open(empty).ok());
}

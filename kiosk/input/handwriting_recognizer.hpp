// kiosk/input/handwriting_recognizer.hpp — handwriting recognition with zinnia and the tegaki
// simplified-Chinese model (Debian: libzinnia0, tegaki-zinnia-simplified-chinese).
// HandwritingStrokes is what the pad collects: strokes as point lists in pad coordinates (origin top left,
// y downwards, inside a `box_width` x `box_height` box — the keyboard uses a square pad). The recognizer
// turns them into ranked candidate characters; the keyboard asks again after every finished stroke.
// Invariants: the model is loaded once and read-only; recognition never mutates strokes; returned texts are
// valid UTF-8 (one character each); nothing throws.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::input {

struct StrokePoint {
    float x = 0;
    float y = 0;
};

using Stroke = std::vector<StrokePoint>;

class HandwritingStrokes {
  public:
    HandwritingStrokes(float box_width, float box_height) : box_width_(box_width), box_height_(box_height) {}

    void begin_stroke(StrokePoint point);
    void extend_stroke(StrokePoint point);  // ignored when no stroke is open or the point did not move
    void end_stroke();
    void add_stroke(Stroke stroke);  // a whole stroke at once (tests, scripted input)
    void undo_stroke();
    void clear();

    const std::vector<Stroke>& strokes() const { return strokes_; }
    bool stroke_open() const { return stroke_open_; }
    bool empty() const { return strokes_.empty(); }
    float box_width() const { return box_width_; }
    float box_height() const { return box_height_; }

  private:
    std::vector<Stroke> strokes_;
    bool stroke_open_ = false;
    float box_width_;
    float box_height_;
};

struct HandwritingCandidate {
    std::string text;  // one character, UTF-8
    float score = 0;   // zinnia's score; higher is better
};

class HandwritingRecognizer {
  public:
    // Errors: input.handwriting.model (missing or unreadable model file).
    static Result<HandwritingRecognizer> open(const std::filesystem::path& model_file);
    // The start-up check: the model file is there, readable and not empty. Opening the model makes zinnia map
    // and read all of its 26 MB; the terminal does that only when an applicant first opens the pad, so its
    // start does not peak 23 MB higher for a model most sessions never use. Errors: input.handwriting.model.
    static Status probe(const std::filesystem::path& model_file);
    ~HandwritingRecognizer();
    HandwritingRecognizer(HandwritingRecognizer&&) noexcept;
    HandwritingRecognizer& operator=(HandwritingRecognizer&&) noexcept;

    // Up to `count` candidates, best first; empty when there are no strokes.
    // Error: input.handwriting.recognize (zinnia failed on the strokes).
    Result<std::vector<HandwritingCandidate>> recognize(const HandwritingStrokes& strokes,
                                                        std::size_t count = 10) const;

  private:
    struct Model;
    explicit HandwritingRecognizer(std::unique_ptr<Model> model);
    std::unique_ptr<Model> model_;
};

}  // namespace jiebang::input

// kiosk/input/handwriting_recognizer.cpp — zinnia behind HandwritingRecognizer; the stroke collector.
// zinnia normalises coordinates by the box it is told, so the pad's box is passed through unchanged.
// Index: [SECTION] strokes  [SECTION] recognizer
#include "kiosk/input/handwriting_recognizer.hpp"

#include <zinnia.h>

#include <cmath>
#include <fstream>

#include "shared/text/utf8.hpp"

namespace jiebang::input {

// [SECTION] strokes --------------------------------------------------------------------------------------

void HandwritingStrokes::begin_stroke(StrokePoint point) {
    strokes_.push_back(Stroke{point});
    stroke_open_ = true;
}

void HandwritingStrokes::extend_stroke(StrokePoint point) {
    if (!stroke_open_ || strokes_.empty())
        return;
    const StrokePoint& last = strokes_.back().back();
    if (std::fabs(last.x - point.x) < 0.5f && std::fabs(last.y - point.y) < 0.5f)
        return;
    strokes_.back().push_back(point);
}

void HandwritingStrokes::end_stroke() {
    stroke_open_ = false;
}

void HandwritingStrokes::add_stroke(Stroke stroke) {
    if (stroke.empty())
        return;
    strokes_.push_back(std::move(stroke));
    stroke_open_ = false;
}

void HandwritingStrokes::undo_stroke() {
    if (!strokes_.empty())
        strokes_.pop_back();
    stroke_open_ = false;
}

void HandwritingStrokes::clear() {
    strokes_.clear();
    stroke_open_ = false;
}

// [SECTION] recognizer -----------------------------------------------------------------------------------

struct HandwritingRecognizer::Model {
    zinnia_recognizer_t* recognizer = nullptr;
    ~Model() {
        if (recognizer != nullptr)
            zinnia_recognizer_destroy(recognizer);
    }
};

HandwritingRecognizer::HandwritingRecognizer(std::unique_ptr<Model> model) : model_(std::move(model)) {}
HandwritingRecognizer::~HandwritingRecognizer() = default;
HandwritingRecognizer::HandwritingRecognizer(HandwritingRecognizer&&) noexcept = default;
HandwritingRecognizer& HandwritingRecognizer::operator=(HandwritingRecognizer&&) noexcept = default;

Status HandwritingRecognizer::probe(const std::filesystem::path& model_file) {
    if (!std::filesystem::is_regular_file(model_file)) {
        return Error("input.handwriting.model", model_file.string(),
                     "zinnia model not found (install tegaki-zinnia-simplified-chinese)");
    }
    std::ifstream model(model_file, std::ios::binary);
    char first = 0;
    if (!model || !model.get(first))
        return Error("input.handwriting.model", model_file.string(), "zinnia model unreadable or empty");
    return ok_status();
}

Result<HandwritingRecognizer> HandwritingRecognizer::open(const std::filesystem::path& model_file) {
    if (!std::filesystem::is_regular_file(model_file)) {
        return Error("input.handwriting.model", model_file.string(),
                     "zinnia model not found (install tegaki-zinnia-simplified-chinese)");
    }
    auto model = std::make_unique<Model>();
    model->recognizer = zinnia_recognizer_new();
    if (model->recognizer == nullptr || !zinnia_recognizer_open(model->recognizer, model_file.c_str())) {
        std::string reason = model->recognizer != nullptr ? zinnia_recognizer_strerror(model->recognizer)
                                                          : "zinnia_recognizer_new failed";
        return Error("input.handwriting.model", model_file.string(), reason);
    }
    return HandwritingRecognizer(std::move(model));
}

Result<std::vector<HandwritingCandidate>> HandwritingRecognizer::recognize(const HandwritingStrokes& strokes,
                                                                           std::size_t count) const {
    std::vector<HandwritingCandidate> candidates;
    if (strokes.empty() || count == 0)
        return candidates;
    zinnia_character_t* character = zinnia_character_new();
    if (character == nullptr)
        return Error("input.handwriting.recognize", "", "zinnia_character_new failed");
    const auto to_box = [](float value, float limit) {
        const float clamped = std::fmin(std::fmax(value, 0.0f), limit);
        return static_cast<int>(std::lround(clamped));
    };
    zinnia_character_set_width(character, static_cast<std::size_t>(std::lround(strokes.box_width())));
    zinnia_character_set_height(character, static_cast<std::size_t>(std::lround(strokes.box_height())));
    std::size_t stroke_index = 0;
    for (const Stroke& stroke : strokes.strokes()) {
        if (stroke.empty())
            continue;
        for (const StrokePoint& point : stroke) {
            zinnia_character_add(character, stroke_index, to_box(point.x, strokes.box_width()),
                                 to_box(point.y, strokes.box_height()));
        }
        ++stroke_index;
    }
    zinnia_result_t* result = zinnia_recognizer_classify(model_->recognizer, character, count);
    zinnia_character_destroy(character);
    if (result == nullptr) {
        return Error("input.handwriting.recognize", "", zinnia_recognizer_strerror(model_->recognizer));
    }
    for (std::size_t index = 0; index < zinnia_result_size(result); ++index) {
        const char* value = zinnia_result_value(result, index);
        if (value == nullptr || !utf8::is_valid(value))
            continue;
        candidates.push_back(HandwritingCandidate{value, zinnia_result_score(result, index)});
    }
    zinnia_result_destroy(result);
    return candidates;
}

}  // namespace jiebang::input

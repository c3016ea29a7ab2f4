// platform/script/frame_record.cpp — per-frame widget rectangles and drawn text (see frame_record.hpp).
#include "platform/script/frame_record.hpp"

#include <imgui_internal.h>

#include <algorithm>

namespace jiebang::platform {

FrameRecord& FrameRecord::current() {
    static FrameRecord record;
    return record;
}

void FrameRecord::begin_frame() {
    widgets_.clear();
    texts_.clear();
    smallest_text_ = 0;
}

void FrameRecord::end_frame() {
    duplicates_.clear();
    completed_widgets_.clear();
    for (auto& widget : widgets_) {
        const bool seen = std::any_of(completed_widgets_.begin(), completed_widgets_.end(),
                                      [&](const WidgetRecord& other) { return other.id == widget.id; });
        if (seen) {
            duplicates_.push_back(widget.id);
            continue;
        }
        completed_widgets_.push_back(std::move(widget));
    }
    completed_texts_ = std::move(texts_);
    completed_smallest_text_ = smallest_text_;
    widgets_.clear();
    texts_.clear();
}

void FrameRecord::note_widget(std::string_view id, bool enabled, bool interactive) {
    WidgetRecord record;
    record.interactive = interactive;
    record.id = std::string(id);
    record.min = ImGui::GetItemRectMin();
    record.max = ImGui::GetItemRectMax();
    record.enabled = enabled;
    const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
    if (window != nullptr) {
        // Tappable when its centre is inside the window's clip rectangle (not scrolled away, not under a
        // band).
        const ImRect clip = window->ClipRect;
        const ImVec2 centre((record.min.x + record.max.x) / 2, (record.min.y + record.max.y) / 2);
        record.fully_visible = record.max.y > record.min.y && clip.Contains(centre);
        // Readable when all of it is inside (a pixel of rounding allowed).
        record.wholly_visible = record.max.y > record.min.y && record.min.x >= clip.Min.x - 1 &&
                                record.min.y >= clip.Min.y - 1 && record.max.x <= clip.Max.x + 1 &&
                                record.max.y <= clip.Max.y + 1;
    }
    widgets_.push_back(std::move(record));
}

void FrameRecord::note_text(std::string_view text) {
    if (!text.empty())
        texts_.emplace_back(text);
    if (!text.empty() && ImGui::GetCurrentContext() != nullptr && ImGui::GetCurrentWindowRead() != nullptr) {
        const float size = ImGui::GetFontSize();
        if (smallest_text_ == 0 || size < smallest_text_)
            smallest_text_ = size;
    }
}

const WidgetRecord* FrameRecord::find_widget(std::string_view id) const {
    for (const auto& widget : completed_widgets_) {
        if (widget.id == id)
            return &widget;
    }
    return nullptr;
}

bool FrameRecord::text_visible(std::string_view needle) const {
    return std::any_of(completed_texts_.begin(), completed_texts_.end(),
                       [&](const std::string& text) { return text.find(needle) != std::string::npos; });
}

std::vector<std::string> FrameRecord::widget_ids() const {
    std::vector<std::string> ids;
    for (const auto& widget : completed_widgets_)
        ids.push_back(widget.id);
    return ids;
}

bool FrameRecord::take_scroll_request(std::string_view id) {
    if (scroll_request_.empty() || scroll_request_ != id)
        return false;
    scroll_request_.clear();
    return true;
}

}  // namespace jiebang::platform

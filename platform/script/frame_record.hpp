// platform/script/frame_record.hpp — what the UI drew in a frame, for scripted input and on-screen
// assertions. Every interactive widget notes its stable id (e.g. "home.demand", "field.project_name",
// "kb.key.z") and rectangle right after ImGui submits it; every widget that draws words notes the text. The
// scripted runner taps a widget by id using the rectangle from the last completed frame and checks
// `expect-text` against the text noted in it. The on-screen keyboard (kiosk/keyboard) notes its keys and
// candidates the same way. Invariants: UI thread only; a frame's record is complete only after end_frame();
// ids are unique per frame (a duplicate keeps the first rectangle and is reported by duplicate_ids()).
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace jiebang::platform {

struct WidgetRecord {
    std::string id;
    ImVec2 min{};
    ImVec2 max{};
    bool fully_visible = false;   // its centre is inside its window's clip rectangle (tappable)
    bool wholly_visible = false;  // all of it is inside its window's clip rectangle (readable)
    bool enabled = true;
    bool interactive = true;  // false: a region noted for checks (a field's counter or error), not a control
};

class FrameRecord {
  public:
    // The process-wide record the widgets write into (UI thread only).
    static FrameRecord& current();

    void begin_frame();
    void end_frame();

    // Call right after the ImGui item was submitted: records ImGui's last item rectangle under `id`.
    void note_widget(std::string_view id, bool enabled = true, bool interactive = true);
    // Records words drawn this frame (labels, values, messages) and the current font's size (call it while
    // the font the words are drawn in is pushed).
    void note_text(std::string_view text);

    // From the last completed frame.
    const WidgetRecord* find_widget(std::string_view id) const;
    bool text_visible(std::string_view needle) const;
    std::vector<std::string> widget_ids() const;
    const std::vector<std::string>& texts() const { return completed_texts_; }
    std::vector<std::string> duplicate_ids() const { return duplicates_; }
    // The smallest font size (pixels) any noted text was drawn at in the last frame (0: none).
    float smallest_text_size() const { return completed_smallest_text_; }

    // A widget asks to be scrolled into view next frame (scripted taps, keyboard focus).
    void request_scroll_to(std::string_view id) { scroll_request_ = std::string(id); }
    // True once for the widget whose id was requested; the widget then calls ImGui::SetScrollHereY().
    bool take_scroll_request(std::string_view id);
    bool scroll_request_pending() const { return !scroll_request_.empty(); }
    const std::string& scroll_request() const { return scroll_request_; }

  private:
    std::vector<WidgetRecord> widgets_;
    std::vector<std::string> texts_;
    std::vector<WidgetRecord> completed_widgets_;
    std::vector<std::string> completed_texts_;
    float smallest_text_ = 0;
    float completed_smallest_text_ = 0;
    std::vector<std::string> duplicates_;
    std::string scroll_request_;
};

// Shorthands for widgets: note the last item / some text in the current record.
inline void note_widget(std::string_view id, bool enabled = true) {
    FrameRecord::current().note_widget(id, enabled);
}
// A region noted only for checks (expect-visible), not a control.
inline void note_region(std::string_view id) {
    FrameRecord::current().note_widget(id, true, false);
}
inline void note_text(std::string_view text) {
    FrameRecord::current().note_text(text);
}

}  // namespace jiebang::platform

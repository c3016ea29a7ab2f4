// kiosk/keyboard/on_screen_keyboard.hpp — the on-screen keyboard the terminal shows whenever a text field
// has focus: pinyin (librime), Latin letters, digits and symbols, handwriting (zinnia), and a numeric pad
// chosen automatically for number, phone and money fields (with '@' and '.' on the Latin layout for email).
// Contract between the screens (kiosk/screens, kiosk/widgets) and the keyboard:
//  - A text-field widget calls `request_focus()` when tapped; the keyboard then edits that field's
//  std::string
//    through `draw()` each frame, inside the band the screen reserved at the bottom (`height()` pixels).
//    The screen keeps the edited field visible above that band (it never covers the field being edited).
//  - The keyboard enforces the field's limit (code points) and the numeric pad's grammar; it never writes
//    invalid UTF-8 into the field, nor a character the fonts cannot draw (set_font_characters()), and it types
//    full-width forms as ASCII in codes, amounts, phone numbers and e-mail addresses.
//  - `wipe()` clears every buffer (composition, candidates, strokes, rime session) for the next applicant.
// Widget ids for scripted input: "kb.key.<key>" (e.g. kb.key.z, kb.key.space, kb.key.backspace, kb.key.enter,
// kb.key.1, kb.key.dot), "kb.candidate.<n>" (0-based on the visible page), "kb.page.next",
// "kb.page.previous", "kb.layout.pinyin", "kb.layout.latin", "kb.layout.symbols", "kb.layout.handwriting",
// "kb.hand.pad", "kb.hand.clear", "kb.close".
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/input/glyph_coverage.hpp"
#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"

namespace jiebang::kiosk {

enum class KeyboardLayout { Pinyin, Latin, Symbols, NumericPad, Handwriting };

// Sizes from the panel's layout (kiosk/widgets/panel_layout.hpp): keys at least 64 px, whatever the panel.
struct KeyboardMetrics {
    float key_height = 68.0f;
    float gap = 6.0f;
};

struct KeyboardTarget {
    std::string field_id;              // which field is being edited
    FieldKind kind = FieldKind::Text;  // picks the initial layout (numeric pad for Money/Integer/Mobile...)
    int max_chars = 0;                 // code points; 0 = no limit
    bool multiline = false;            // enter inserts a newline instead of closing
};

class OnScreenKeyboard {
  public:
    OnScreenKeyboard();
    ~OnScreenKeyboard();
    OnScreenKeyboard(const OnScreenKeyboard&) = delete;
    OnScreenKeyboard& operator=(const OnScreenKeyboard&) = delete;

    // Data directories are resolved from the environment/installation; errors are reported through
    // `input_method_error()` and the keyboard falls back to Latin + digits (never crashes the terminal).
    void request_focus(const KeyboardTarget& target);

    // (Added by the input work.) Starts librime (deploying luna_pinyin_simp into
    // "<terminal_data_directory>/rime" on first start, ~0.2-0.5 s) and checks that the zinnia model loads (it is
    // loaded again when an applicant opens the handwriting pad and dropped by wipe(): 26 MB). Call once at
    // start-up with the terminal's data directory; otherwise the first request_focus() starts them with
    // the default directory ($JIEBANG_DATA_DIR, else ~/.local/share/jiebang). Idempotent; the error is also
    // kept in input_method_error().
    Status start_input_methods(const std::filesystem::path& terminal_data_directory);
    // The same on a worker thread, so the terminal's first frame does not wait for librime: the keyboard takes
    // the result over at the next request_focus() or wipe() (waiting if the worker is still running, which
    // only happens when a field is tapped within a fraction of a second of start-up). Errors then appear in
    // input_method_error().
    void start_input_methods_in_background(const std::filesystem::path& terminal_data_directory);
    // Once the start-up worker has finished (never waits): takes its result over and returns it, once.
    std::optional<Status> poll_input_methods();
    void release_focus();
    bool visible() const;
    const KeyboardTarget& target() const;
    KeyboardLayout layout() const;

    // Key height and spacing for this panel (and text size mode); set before drawing and after a change.
    void set_metrics(const KeyboardMetrics& metrics);
    // Height in pixels of the band the keyboard needs at the bottom of the display (from the metrics).
    float height(float display_height) const;
    // Draws the keyboard in the band [top, top + height) of the current ImGui viewport and applies key
    // presses to `text`. Returns true when `text` changed this frame.
    bool draw(std::string& text, float top, float width, float band_height);

    void wipe();
    const std::string& input_method_error() const;

    // The characters the terminal's fonts hold (kiosk/keyboard/font_characters.hpp); a committed text with
    // any other is refused with a notice. Until set, only characters above U+FFFF are refused.
    void set_font_characters(std::shared_ptr<const input::FontCharacters> characters);

    // Font atlas extension hook (added by the input work): characters the keyboard committed or showed as
    // candidates that the current ImGui font cannot draw, each handed over once. The platform layer calls
    // this between frames and passes them to kiosk::FontAtlasExtension
    // (kiosk/keyboard/font_atlas_extension.hpp), which builds the bigger atlas off the UI thread and installs
    // it before a later NewFrame.
    std::vector<char32_t> take_missing_glyphs();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace jiebang::kiosk

// kiosk/keyboard/keyboard_layouts.hpp — the keys of each on-screen keyboard layout, as data (no ImGui).
// Each key has its scripted-input id ("kb.key.<name>", "kb.layout.<layout>", "kb.close"), what it does, the
// text it types, and either a literal label (letters, digits, punctuation) or a string-catalogue key for
// words (assets/strings/*/input.json: the pinyin, Latin, symbols, handwriting and delete labels ...). Widths
// are in key units of the row. Invariants: ids are unique within a layout; every Insert key types valid
// UTF-8; the numeric pad types only digits and '.'; the email variant of the Latin layout has '@' and '.'.
#pragma once

#include <string>
#include <vector>

#include "kiosk/keyboard/on_screen_keyboard.hpp"

namespace jiebang::kiosk {

enum class KeyAction {
    Insert,
    Backspace,
    Enter,
    Space,
    Shift,
    Close,
    SwitchLayout,
    ClearStrokes,
    UndoStroke
};

struct KeyDefinition {
    std::string id;  // "kb.key.z", "kb.key.space", "kb.layout.pinyin", "kb.close"
    KeyAction action = KeyAction::Insert;
    std::string text;                                // typed by Insert keys (before shift)
    std::string label;                               // literal label, or empty when label_key is used
    std::string label_key;                           // string-catalogue key for word labels
    KeyboardLayout target = KeyboardLayout::Pinyin;  // for SwitchLayout
    float width = 1.0f;
};

using KeyRow = std::vector<KeyDefinition>;

struct LayoutVariant {
    bool email = false;                 // '@' and '.' next to space
    bool multiline = false;             // enter reads "new line"
    bool chinese_available = true;      // the pinyin switch is shown
    bool handwriting_available = true;  // the handwriting switch is shown
};

// The key rows of `layout` (handwriting: only the control rows; the pad and candidates are drawn apart).
std::vector<KeyRow> layout_rows(KeyboardLayout layout, const LayoutVariant& variant);

// The name used in "kb.key.<name>" for a typed character: letters and digits as themselves, punctuation by
// name ("dot", "comma", "at", "minus" ...).
std::string key_name_for(const std::string& text);

}  // namespace jiebang::kiosk

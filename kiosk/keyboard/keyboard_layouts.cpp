// kiosk/keyboard/keyboard_layouts.cpp — key rows for pinyin, Latin, symbols, handwriting and the numeric pad.
// Chinese punctuation is written as \u escapes (code carries no Chinese text; labels are the characters).
#include "kiosk/keyboard/keyboard_layouts.hpp"

#include <map>

namespace jiebang::kiosk {

namespace {

KeyDefinition insert_key(const std::string& text, float width = 1.0f) {
    KeyDefinition key;
    key.id = "kb.key." + key_name_for(text);
    key.action = KeyAction::Insert;
    key.text = text;
    key.label = text;
    key.width = width;
    return key;
}

KeyDefinition word_key(const std::string& id, KeyAction action, const std::string& label_key, float width) {
    KeyDefinition key;
    key.id = id;
    key.action = action;
    key.label_key = label_key;
    key.width = width;
    return key;
}

KeyDefinition layout_key(KeyboardLayout target, float width) {
    static const std::map<KeyboardLayout, std::pair<std::string, std::string>> names = {
        {KeyboardLayout::Pinyin, {"kb.layout.pinyin", "input.layout.pinyin"}},
        {KeyboardLayout::Latin, {"kb.layout.latin", "input.layout.latin"}},
        {KeyboardLayout::Symbols, {"kb.layout.symbols", "input.layout.symbols"}},
        {KeyboardLayout::Handwriting, {"kb.layout.handwriting", "input.layout.handwriting"}},
        {KeyboardLayout::NumericPad, {"kb.layout.numeric", "input.layout.numeric"}},
    };
    const auto& [id, label_key] = names.at(target);
    KeyDefinition key = word_key(id, KeyAction::SwitchLayout, label_key, width);
    key.target = target;
    return key;
}

KeyRow characters_row(const std::string& characters) {
    KeyRow row;
    for (char character : characters)
        row.push_back(insert_key(std::string(1, character)));
    return row;
}

KeyRow utf8_row(const std::vector<std::string>& texts) {
    KeyRow row;
    for (const auto& text : texts)
        row.push_back(insert_key(text));
    return row;
}

// The bottom row shared by the letter layouts: layout switches, space, email keys, enter, close.
KeyRow bottom_row(KeyboardLayout current, const LayoutVariant& variant) {
    KeyRow row;
    if (variant.chinese_available) {
        row.push_back(layout_key(
            current == KeyboardLayout::Pinyin ? KeyboardLayout::Latin : KeyboardLayout::Pinyin, 1.4f));
    } else if (current != KeyboardLayout::Latin) {
        row.push_back(layout_key(KeyboardLayout::Latin, 1.4f));
    }
    row.push_back(layout_key(
        current == KeyboardLayout::Symbols ? KeyboardLayout::Latin : KeyboardLayout::Symbols, 1.4f));
    if (variant.handwriting_available)
        row.push_back(layout_key(KeyboardLayout::Handwriting, 1.4f));
    if (variant.email) {
        // Each key exists once per layout (ids must be unique): the letter rows already carry '.',
        // the symbols rows already carry '@'.
        if (current == KeyboardLayout::Symbols) {
            row.push_back(insert_key("."));
        } else {
            row.push_back(insert_key("@"));
        }
    }
    row.push_back(
        word_key("kb.key.space", KeyAction::Space,
                 current == KeyboardLayout::Pinyin ? "input.key.space.pinyin" : "input.key.space.latin",
                 variant.email ? 3.0f : 4.2f));
    row.push_back(word_key("kb.key.enter", KeyAction::Enter,
                           variant.multiline ? "input.key.newline" : "input.key.enter", 1.6f));
    row.push_back(word_key("kb.close", KeyAction::Close, "input.key.close", 1.6f));
    return row;
}

}  // namespace

std::string key_name_for(const std::string& text) {
    static const std::map<std::string, std::string> names = {
        {".", "dot"},
        {",", "comma"},
        {"@", "at"},
        {"-", "minus"},
        {"_", "underscore"},
        {"/", "slash"},
        {":", "colon"},
        {";", "semicolon"},
        {"(", "lparen"},
        {")", "rparen"},
        {"?", "question"},
        {"!", "exclamation"},
        {"'", "apostrophe"},
        {"\"", "quote"},
        {"#", "hash"},
        {"%", "percent"},
        {"&", "ampersand"},
        {"*", "asterisk"},
        {"+", "plus"},
        {"=", "equals"},
        {"\u3002", "cn_period"},
        {"\uff0c", "cn_comma"},
        {"\u3001", "cn_enumeration"},
        {"\uff1b", "cn_semicolon"},
        {"\uff1a", "cn_colon"},
        {"\uff1f", "cn_question"},
        {"\uff01", "cn_exclamation"},
        {"\u201c", "cn_open_quote"},
        {"\u201d", "cn_close_quote"},
        {"\uff08", "cn_lparen"},
        {"\uff09", "cn_rparen"},
        {"\u300a", "cn_open_title"},
        {"\u300b", "cn_close_title"},
        {"\u2014\u2014", "cn_dash"},
        {"\u00a5", "yuan"},
        {"\u2103", "celsius"},
        {"\u2030", "permille"},
    };
    if (auto found = names.find(text); found != names.end())
        return found->second;
    return text;
}

std::vector<KeyRow> layout_rows(KeyboardLayout layout, const LayoutVariant& variant) {
    std::vector<KeyRow> rows;
    const KeyDefinition backspace =
        word_key("kb.key.backspace", KeyAction::Backspace, "input.key.backspace", 1.6f);
    switch (layout) {
        case KeyboardLayout::Pinyin:
        case KeyboardLayout::Latin: {
            rows.push_back(characters_row("1234567890"));
            rows.back().push_back(backspace);
            rows.push_back(characters_row("qwertyuiop"));
            rows.push_back(characters_row("asdfghjkl"));
            KeyRow third;
            if (layout == KeyboardLayout::Latin) {
                third.push_back(word_key("kb.key.shift", KeyAction::Shift, "input.key.shift", 1.4f));
            }
            for (const auto& key : characters_row("zxcvbnm"))
                third.push_back(key);
            third.push_back(insert_key(","));
            third.push_back(insert_key("."));
            if (layout == KeyboardLayout::Pinyin)
                third.push_back(insert_key("'"));
            rows.push_back(third);
            rows.push_back(bottom_row(layout, variant));
            break;
        }
        case KeyboardLayout::Symbols: {
            rows.push_back(characters_row("1234567890"));
            rows.back().push_back(backspace);
            rows.push_back(utf8_row({"\uff0c", "\u3002", "\u3001", "\uff1b", "\uff1a", "\uff1f", "\uff01",
                                     "\u201c", "\u201d", "\u2014\u2014"}));
            rows.push_back(utf8_row(
                {"\uff08", "\uff09", "\u300a", "\u300b", "\u00a5", "%", "\u2103", "\u2030", "+", "="}));
            rows.push_back(characters_row("-_/:;()@#&*"));
            rows.push_back(bottom_row(layout, variant));
            break;
        }
        case KeyboardLayout::Handwriting: {
            KeyRow controls;
            controls.push_back(word_key("kb.hand.clear", KeyAction::ClearStrokes, "input.hand.clear", 1.0f));
            controls.push_back(word_key("kb.hand.undo", KeyAction::UndoStroke, "input.hand.undo", 1.0f));
            controls.push_back(backspace);
            rows.push_back(controls);
            KeyRow bottom;
            bottom.push_back(layout_key(KeyboardLayout::Pinyin, 1.0f));
            bottom.push_back(layout_key(KeyboardLayout::Latin, 1.0f));
            bottom.push_back(layout_key(KeyboardLayout::Symbols, 1.0f));
            rows.push_back(bottom);
            KeyRow last;
            last.push_back(word_key("kb.key.space", KeyAction::Space, "input.key.space.latin", 1.0f));
            last.push_back(word_key("kb.key.enter", KeyAction::Enter,
                                    variant.multiline ? "input.key.newline" : "input.key.enter", 1.0f));
            last.push_back(word_key("kb.close", KeyAction::Close, "input.key.close", 1.0f));
            rows.push_back(last);
            break;
        }
        case KeyboardLayout::NumericPad: {
            rows.push_back(characters_row("123"));
            rows.back().push_back(backspace);
            rows.push_back(characters_row("456"));
            rows.back().push_back(word_key("kb.key.enter", KeyAction::Enter, "input.key.enter", 1.6f));
            rows.push_back(characters_row("789"));
            rows.back().push_back(word_key("kb.close", KeyAction::Close, "input.key.close", 1.6f));
            rows.push_back(characters_row(".0"));
            rows.back().back().width = 2.0f;
            break;
        }
    }
    return rows;
}

}  // namespace jiebang::kiosk

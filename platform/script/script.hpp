// platform/script/script.hpp — the scripted-input language of headless runs (tests, docs screenshots, bench).
// One command a line; '#' starts a comment line; blank lines are ignored:
//   tap <widget-id>            press and release at the centre of the widget (scrolls it into view first)
//   type <text>                text into the focused field ("\n" is a newline, "\\" a backslash)
//   key <backspace|enter>      one editing key on the focused field (a program may accept more key names:
//                              the staff console takes escape, tab, up, down, pageup, pagedown and
//                              shortcuts such as ctrl+j)
//   close-keyboard             tap the keyboard's close key if the keyboard is open (else nothing)
//   wait <frames>              render that many frames
//   idle <seconds>             advance the virtual clock (no input), then render a frame
//   expect-text <text>         the text was drawn in the last frame
//   expect-no-text <text>      the text was not drawn in the last frame
//   expect-widget <widget-id>  the widget was drawn in the last frame
//   expect-visible <widget-id> the widget was drawn in the last frame and lies wholly inside its window's
//                              visible area (not scrolled away, not under the keyboard band)
//   expect-min-text-size <px>  no text in the last frame was drawn in a font smaller than this
//   expect-min-touch-size <px> every control in the last frame is at least this high and wide
//   screenshot <name>          write <screenshots dir>/<name>.png
//   quit                       end the run successfully
// Invariant: a malformed script is refused as a whole before anything runs (script.syntax names the line).
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::platform {

enum class ScriptCommandKind {
    Tap,
    Type,
    Key,
    CloseKeyboard,
    Wait,
    Idle,
    ExpectText,
    ExpectNoText,
    ExpectWidget,
    ExpectVisible,
    ExpectMinTextSize,
    ExpectMinTouchSize,
    Screenshot,
    Quit
};

struct ScriptCommand {
    ScriptCommandKind kind = ScriptCommandKind::Wait;
    std::string argument;  // widget id, text, key name, screenshot name
    double number = 0;     // frames or seconds
    int line = 0;          // 1-based line in the script, for messages
};

// The key names `key` takes unless a program names its own.
inline constexpr std::string_view default_script_key_names[] = {"backspace", "enter"};

// Errors: script.read, script.syntax (field = "<file>:<line>", detail says what is wrong; a key name outside
// `key_names` is a syntax error naming the accepted ones).
Result<std::vector<ScriptCommand>> parse_script(
    std::string_view text, const std::string& source_name,
    std::span<const std::string_view> key_names = default_script_key_names);
Result<std::vector<ScriptCommand>> load_script(
    const std::filesystem::path& file,
    std::span<const std::string_view> key_names = default_script_key_names);

std::string_view script_command_name(ScriptCommandKind kind);

}  // namespace jiebang::platform

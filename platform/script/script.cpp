// platform/script/script.cpp — parser of the scripted-input language (see script.hpp).
#include "platform/script/script.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace jiebang::platform {

namespace {

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t index = 0; index < text.size(); ++index) {
        if (text[index] == '\\' && index + 1 < text.size()) {
            const char next = text[index + 1];
            if (next == 'n') {
                out.push_back('\n');
                ++index;
                continue;
            }
            if (next == '\\') {
                out.push_back('\\');
                ++index;
                continue;
            }
        }
        out.push_back(text[index]);
    }
    return out;
}

bool parse_number(const std::string& text, double& out) {
    if (text.empty())
        return false;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(begin, end, out);
    return result.ec == std::errc() && result.ptr == end && out >= 0;
}

}  // namespace

std::string_view script_command_name(ScriptCommandKind kind) {
    switch (kind) {
        case ScriptCommandKind::Tap:
            return "tap";
        case ScriptCommandKind::Type:
            return "type";
        case ScriptCommandKind::Key:
            return "key";
        case ScriptCommandKind::CloseKeyboard:
            return "close-keyboard";
        case ScriptCommandKind::Wait:
            return "wait";
        case ScriptCommandKind::Idle:
            return "idle";
        case ScriptCommandKind::ExpectText:
            return "expect-text";
        case ScriptCommandKind::ExpectNoText:
            return "expect-no-text";
        case ScriptCommandKind::ExpectWidget:
            return "expect-widget";
        case ScriptCommandKind::ExpectVisible:
            return "expect-visible";
        case ScriptCommandKind::ExpectMinTextSize:
            return "expect-min-text-size";
        case ScriptCommandKind::ExpectMinTouchSize:
            return "expect-min-touch-size";
        case ScriptCommandKind::Screenshot:
            return "screenshot";
        case ScriptCommandKind::Quit:
            return "quit";
    }
    return "?";
}

Result<std::vector<ScriptCommand>> parse_script(std::string_view text, const std::string& source_name,
                                                std::span<const std::string_view> key_names) {
    std::vector<ScriptCommand> commands;
    std::istringstream input{std::string(text)};
    std::string raw_line;
    int line_number = 0;
    while (std::getline(input, raw_line)) {
        ++line_number;
        const std::string line = trim(raw_line);
        if (line.empty() || line.front() == '#')
            continue;
        const auto space = line.find_first_of(" \t");
        const std::string verb = line.substr(0, space);
        const std::string rest = space == std::string::npos ? std::string() : trim(line.substr(space + 1));
        const std::string where = source_name + ":" + std::to_string(line_number);
        ScriptCommand command;
        command.line = line_number;
        const auto need_argument = [&](std::string_view what) -> Status {
            if (rest.empty())
                return Error("script.syntax", where, std::string(verb) + " needs " + std::string(what));
            return ok_status();
        };
        if (verb == "tap" || verb == "expect-widget" || verb == "expect-visible") {
            command.kind = verb == "tap"             ? ScriptCommandKind::Tap
                           : verb == "expect-widget" ? ScriptCommandKind::ExpectWidget
                                                     : ScriptCommandKind::ExpectVisible;
            if (auto status = need_argument("a widget id"); !status)
                return status.error();
            command.argument = rest;
        } else if (verb == "type") {
            command.kind = ScriptCommandKind::Type;
            if (auto status = need_argument("text"); !status)
                return status.error();
            // Keep inner spaces exactly as written after the single separating space.
            command.argument = unescape(std::string_view(raw_line).substr(raw_line.find("type") + 5));
            while (!command.argument.empty() && command.argument.back() == '\r')
                command.argument.pop_back();
        } else if (verb == "close-keyboard") {
            command.kind = ScriptCommandKind::CloseKeyboard;
        } else if (verb == "key") {
            command.kind = ScriptCommandKind::Key;
            if (std::find(key_names.begin(), key_names.end(), rest) == key_names.end()) {
                std::string accepted;
                for (const auto name : key_names)
                    accepted += (accepted.empty() ? "" : ", ") + std::string(name);
                return Error("script.syntax", where, "key takes one of: " + accepted);
            }
            command.argument = rest;
        } else if (verb == "expect-min-text-size" || verb == "expect-min-touch-size") {
            command.kind = verb == "expect-min-text-size" ? ScriptCommandKind::ExpectMinTextSize
                                                          : ScriptCommandKind::ExpectMinTouchSize;
            if (!parse_number(rest, command.number) || command.number <= 0)
                return Error("script.syntax", where, verb + " needs a size in pixels, got '" + rest + "'");
        } else if (verb == "wait" || verb == "idle") {
            command.kind = verb == "wait" ? ScriptCommandKind::Wait : ScriptCommandKind::Idle;
            if (!parse_number(rest, command.number)) {
                return Error("script.syntax", where,
                             verb + " needs a non-negative number, got '" + rest + "'");
            }
        } else if (verb == "expect-text" || verb == "expect-no-text") {
            command.kind =
                verb == "expect-text" ? ScriptCommandKind::ExpectText : ScriptCommandKind::ExpectNoText;
            if (auto status = need_argument("text"); !status)
                return status.error();
            command.argument = unescape(rest);
        } else if (verb == "screenshot") {
            command.kind = ScriptCommandKind::Screenshot;
            if (auto status = need_argument("a name"); !status)
                return status.error();
            if (rest.find_first_of("/\\") != std::string::npos || rest.front() == '.') {
                return Error("script.syntax", where, "screenshot name must be a plain file name");
            }
            command.argument = rest;
        } else if (verb == "quit") {
            command.kind = ScriptCommandKind::Quit;
        } else {
            return Error("script.syntax", where, "unknown command '" + verb + "'");
        }
        commands.push_back(std::move(command));
    }
    return commands;
}

Result<std::vector<ScriptCommand>> load_script(const std::filesystem::path& file,
                                               std::span<const std::string_view> key_names) {
    std::ifstream input(file, std::ios::binary);
    if (!input)
        return Error("script.read", file.string(), "cannot open the script");
    std::ostringstream buffer;
    buffer << input.rdbuf();
    return parse_script(buffer.str(), file.string(), key_names);
}

}  // namespace jiebang::platform

// shared/base/strict_json.cpp — parsing with NUL, trailing-text and duplicate-key checks and key paths, and
// the typed Reader (see strict_json.hpp).
//
// Index: [SECTION] parsing  [SECTION] key paths  [SECTION] Reader
#include "shared/base/strict_json.hpp"

#include <algorithm>
#include <cassert>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace jiebang::strict_json {

// [SECTION] parsing

namespace {

// Where the parser is while it reads: one frame per open object or list.
struct Frame {
    bool list = false;
    std::size_t position = 0;    // a list: the element being read
    std::string key;             // an object: the key whose value is being read
    std::set<std::string> keys;  // an object: the keys seen so far
};

std::string path_of(const std::vector<Frame>& frames) {
    std::string path;
    for (const Frame& frame : frames)
        path = frame.list ? index(path, frame.position) : join(path, frame.key);
    return path;
}

Error syntax_error(std::string_view what, std::size_t position, std::string_view reason) {
    const std::string at = std::to_string(position);
    return Error("json.syntax", "",
                 std::string(what) + " is not valid JSON (at byte " + at + "): " + std::string(reason))
        .with("position", at);
}

}  // namespace

std::optional<std::string> read_document(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        return std::nullopt;
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    if (stream.bad())
        return std::nullopt;
    return buffer.str();
}

Result<Json> parse(std::string_view text, std::string_view what) {
    // nlohmann reads a NUL byte as the end of the input: "{...}\0garbage" would pass as "{...}". A NUL
    // can never be part of valid JSON text (inside a string it must be written \u0000).
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos)
        return syntax_error(what, nul, "a NUL byte");
    std::vector<Frame> frames;
    std::string duplicate_path;
    std::string duplicate_key;
    const Json::parser_callback_t track = [&](int /*depth*/, Json::parse_event_t event, Json& parsed) {
        switch (event) {
            case Json::parse_event_t::object_start:
            case Json::parse_event_t::array_start:
                frames.push_back(Frame{event == Json::parse_event_t::array_start, 0, {}, {}});
                break;
            case Json::parse_event_t::key:
                if (!frames.empty() && parsed.is_string()) {
                    Frame& frame = frames.back();
                    frame.key = parsed.get<std::string>();
                    if (!frame.keys.insert(frame.key).second && duplicate_path.empty()) {
                        duplicate_path = path_of(frames);
                        duplicate_key = frame.key;
                    }
                }
                break;
            case Json::parse_event_t::object_end:
            case Json::parse_event_t::array_end:
                if (!frames.empty())
                    frames.pop_back();
                if (!frames.empty() && frames.back().list)
                    ++frames.back().position;
                break;
            case Json::parse_event_t::value:
                if (!frames.empty() && frames.back().list)
                    ++frames.back().position;
                break;
        }
        return true;
    };
    try {
        Json document = Json::parse(text.begin(), text.end(), track);
        assert(frames.empty());  // every object and list that opened was closed
        if (!duplicate_path.empty()) {
            return Error("json.duplicate_key", duplicate_key,
                         std::string(what) + " names the key '" + duplicate_path + "' twice")
                .with("key", duplicate_key)
                .with("path", duplicate_path);
        }
        return document;
    } catch (const Json::parse_error& parse_error) {
        return syntax_error(what, parse_error.byte, "syntax");
    } catch (const std::exception&) {
        return syntax_error(what, 0, "unreadable");
    }
}

bool is_int64(const Json& value) {
    if (value.is_number_unsigned()) {
        return value.get<std::uint64_t>() <=
               static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    }
    return value.is_number_integer();
}

// [SECTION] key paths

std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index(const std::string& path, std::size_t position) {
    return path + "[" + std::to_string(position) + "]";
}

const char* type_name(const Json& value) {
    if (value.is_null())
        return "null";
    if (value.is_boolean())
        return "a boolean";
    if (value.is_number())
        return "a number";
    if (value.is_string())
        return "a string";
    if (value.is_array())
        return "a list";
    return "an object";
}

// [SECTION] Reader

Reader::Reader(Codes codes, ErrorMaker make_error, std::string comment_prefix)
    : codes_(std::move(codes)),
      make_error_(std::move(make_error)),
      comment_prefix_(std::move(comment_prefix)) {}

void Reader::fail(const std::string& code, const std::string& key_path, const std::string& reason) const {
    throw ReadFailure{make_error_(code, key_path, reason)};
}

bool Reader::is_comment(std::string_view key) const {
    return !comment_prefix_.empty() && key.starts_with(comment_prefix_);
}

void Reader::expect_object(const Json& value, const std::string& path) const {
    if (!value.is_object())
        fail(codes_.wrong_type, path, std::string("expected an object, found ") + type_name(value));
}

void Reader::only_keys(const Json& object, const std::string& path,
                       std::initializer_list<std::string_view> allowed) const {
    expect_object(object, path);
    for (const auto& item : object.items()) {
        if (is_comment(item.key()))
            continue;
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
            fail(codes_.unknown_key, join(path, item.key()), "unknown key");
    }
}

const Json& Reader::member(const Json& object, const std::string& path, std::string_view key) const {
    expect_object(object, path);
    const auto found = object.find(std::string(key));
    if (found == object.end())
        fail(codes_.missing_key, join(path, key), "required key is missing");
    return *found;
}

const Json* Reader::optional_member(const Json& object, const std::string& path, std::string_view key) const {
    expect_object(object, path);
    const auto found = object.find(std::string(key));
    return found == object.end() ? nullptr : &*found;
}

const Json& Reader::list_member(const Json& object, const std::string& path, std::string_view key) const {
    const Json& value = member(object, path, key);
    if (!value.is_array())
        fail(codes_.wrong_type, join(path, key), std::string("expected a list, found ") + type_name(value));
    return value;
}

std::string Reader::text(const Json& value, const std::string& path, bool allow_empty) const {
    if (!value.is_string())
        fail(codes_.wrong_type, path, std::string("expected a string, found ") + type_name(value));
    std::string result = value.get<std::string>();
    if (!allow_empty && result.empty())
        fail(codes_.bad_value, path, "must not be empty");
    return result;
}

std::string Reader::text_member(const Json& object, const std::string& path, std::string_view key,
                                bool allow_empty) const {
    return text(member(object, path, key), join(path, key), allow_empty);
}

std::string Reader::optional_text_member(const Json& object, const std::string& path,
                                         std::string_view key) const {
    const Json* value = optional_member(object, path, key);
    return value == nullptr ? std::string() : text(*value, join(path, key), true);
}

std::int64_t Reader::integer(const Json& value, const std::string& path, std::int64_t minimum,
                             std::int64_t maximum) const {
    if (!is_int64(value))
        fail(codes_.wrong_type, path, std::string("expected a whole number, found ") + type_name(value));
    const std::int64_t number = value.get<std::int64_t>();
    if (number < minimum || number > maximum) {
        fail(codes_.bad_value, path,
             "must be between " + std::to_string(minimum) + " and " + std::to_string(maximum));
    }
    return number;
}

bool Reader::boolean(const Json& value, const std::string& path) const {
    if (!value.is_boolean())
        fail(codes_.wrong_type, path, std::string("expected true or false, found ") + type_name(value));
    return value.get<bool>();
}

bool Reader::optional_boolean_member(const Json& object, const std::string& path, std::string_view key,
                                     bool fallback) const {
    const Json* value = optional_member(object, path, key);
    return value == nullptr ? fallback : boolean(*value, join(path, key));
}

std::vector<std::string> Reader::text_list(const Json& value, const std::string& path, bool unique) const {
    if (!value.is_array())
        fail(codes_.wrong_type, path, std::string("expected a list, found ") + type_name(value));
    std::vector<std::string> items;
    for (std::size_t position = 0; position < value.size(); ++position) {
        std::string item = text(value[position], index(path, position));
        if (unique && std::find(items.begin(), items.end(), item) != items.end())
            fail(codes_.bad_value, index(path, position), "'" + item + "' is listed twice");
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace jiebang::strict_json

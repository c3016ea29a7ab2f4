// shared/domain/strict_json.hpp — parsing JSON input the strict way (internal to the core's .cpp files;
// nlohmann-json never appears in a public core header).
// Strict means: the text must be one valid JSON value, and an object that names the same key twice is an
// error (json.duplicate_key) instead of nlohmann's silent "last one wins", which would drop a value.
// Errors: json.syntax (with the byte position), json.duplicate_key (field = the key).
#pragma once

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::strict_json {

using Json = nlohmann::json;

inline Result<Json> parse(std::string_view text, std::string_view what) {
    std::vector<std::set<std::string>> open_objects;
    std::string duplicate_key;
    bool duplicate = false;
    const Json::parser_callback_t callback = [&](int /*depth*/, Json::parse_event_t event, Json& parsed) {
        switch (event) {
            case Json::parse_event_t::object_start:
                open_objects.emplace_back();
                break;
            case Json::parse_event_t::object_end:
                if (!open_objects.empty())
                    open_objects.pop_back();
                break;
            case Json::parse_event_t::key:
                if (!open_objects.empty() && parsed.is_string() &&
                    !open_objects.back().insert(parsed.get<std::string>()).second && !duplicate) {
                    duplicate = true;
                    duplicate_key = parsed.get<std::string>();
                }
                break;
            default:
                break;
        }
        return true;
    };
    try {
        Json document = Json::parse(text.begin(), text.end(), callback);
        if (duplicate) {
            return Error("json.duplicate_key", duplicate_key,
                         std::string(what) + " names the key '" + duplicate_key + "' twice");
        }
        return document;
    } catch (const Json::parse_error& parse_error) {
        const std::string position = std::to_string(parse_error.byte);
        return Error("json.syntax", "", std::string(what) + " is not valid JSON (at byte " + position + ")")
            .with("position", position);
    } catch (const std::exception&) {
        return Error("json.syntax", "", std::string(what) + " is not valid JSON");
    }
}

// A JSON integer that fits in int64 (nlohmann stores large positive numbers as unsigned).
inline bool is_int64(const Json& value) {
    if (value.is_number_unsigned()) {
        return value.get<std::uint64_t>() <=
               static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    }
    return value.is_number_integer();
}

}  // namespace jiebang::strict_json

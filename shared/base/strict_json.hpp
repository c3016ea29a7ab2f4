// shared/base/strict_json.hpp — the core's one strict JSON reader, internal to the core's .cpp files
// (nlohmann-json never appears in a public core header). The forms, the city profiles, the string
// catalogue, submissions and boards all parse through parse(), and the asset loaders read their documents
// through Reader, so every JSON input is held to the same rules and names what is wrong the same way.
// Invariants (tests cite them as "strict_json.hpp invariant N"):
//  1. parse() accepts one JSON value and nothing else: a NUL byte anywhere (which nlohmann would take as the
//     end of the input, ignoring what follows) and text after the value are json.syntax with the byte
//     position (argument "position").
//  2. An object naming one key twice is json.duplicate_key, never nlohmann's silent "last one wins":
//     field and argument "key" = the key itself, argument "path" = its key path ("fields[3].label.zh").
//  3. A Reader never turns a present value of the wrong type into a default: it fails naming the key path
//     and the reason, with the loader's own codes (form.*, profile.*).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::strict_json {

using Json = nlohmann::json;

// The whole content of a file, or nullopt when it cannot be opened or read.
std::optional<std::string> read_document(const std::filesystem::path& file);

// Parses `text` (invariants 1 and 2); `what` names the input in error details ("submission", "board").
Result<Json> parse(std::string_view text, std::string_view what);

// A JSON integer that fits in int64 (nlohmann stores large positive numbers as unsigned).
bool is_int64(const Json& value);

// Key paths: "a.b", "a[3]"; the top level is "".
std::string join(const std::string& path, std::string_view key);
std::string index(const std::string& path, std::size_t position);
// "a string", "a number", "a list", ... for reasons such as "expected a list, found a string".
const char* type_name(const Json& value);

// Thrown by Reader::fail and caught by the loader that owns the Reader, at its entry point: it never
// crosses a module boundary.
struct ReadFailure {
    Error error;
};

// Typed access to a parsed document with key paths. The loader chooses its error codes and how an Error
// is shaped (which file it names, what goes in `field`); every failure carries the key path and reason.
class Reader {
  public:
    struct Codes {
        std::string missing_key;  // a required key is absent
        std::string unknown_key;  // a key the format does not know
        std::string wrong_type;   // a value of the wrong JSON type
        std::string bad_value;    // the right type, a value out of range or empty
    };
    using ErrorMaker =
        std::function<Error(const std::string& code, const std::string& key_path, const std::string& reason)>;

    // `comment_prefix`: keys starting with it are comments, skipped by only_keys (profiles use "_").
    Reader(Codes codes, ErrorMaker make_error, std::string comment_prefix = {});

    [[noreturn]] void fail(const std::string& code, const std::string& key_path,
                           const std::string& reason) const;
    const Codes& codes() const { return codes_; }
    bool is_comment(std::string_view key) const;

    void expect_object(const Json& value, const std::string& path) const;
    // Refuses any key of `object` outside `allowed` (comments aside).
    void only_keys(const Json& object, const std::string& path,
                   std::initializer_list<std::string_view> allowed) const;
    const Json& member(const Json& object, const std::string& path, std::string_view key) const;
    const Json* optional_member(const Json& object, const std::string& path, std::string_view key) const;
    const Json& list_member(const Json& object, const std::string& path, std::string_view key) const;

    std::string text(const Json& value, const std::string& path, bool allow_empty = false) const;
    std::string text_member(const Json& object, const std::string& path, std::string_view key,
                            bool allow_empty = false) const;
    // "" when absent; may be empty.
    std::string optional_text_member(const Json& object, const std::string& path, std::string_view key) const;
    std::int64_t integer(const Json& value, const std::string& path, std::int64_t minimum,
                         std::int64_t maximum) const;
    bool boolean(const Json& value, const std::string& path) const;
    // `fallback` when absent.
    bool optional_boolean_member(const Json& object, const std::string& path, std::string_view key,
                                 bool fallback) const;
    // Texts, each non-empty; with `unique`, an item listed twice is a bad value.
    std::vector<std::string> text_list(const Json& value, const std::string& path, bool unique = false) const;

  private:
    Codes codes_;
    ErrorMaker make_error_;
    std::string comment_prefix_;
};

}  // namespace jiebang::strict_json

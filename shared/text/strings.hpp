// shared/text/strings.hpp — the UI and message catalogue (assets/strings/<locale>/*.json, one file per area:
// errors.json for the core, kiosk.json, input.json, sync.json ...; a key defined twice fails the load).
// Code carries no Chinese literals: every word an applicant or staff member reads comes from here,
// including error messages (key "error.<code>") whose {placeholders} are filled from Error::arguments.
// Invariants (tests cite them as "strings.hpp invariant N"):
//  1. A missing key yields the key itself in brackets ("[home.title]") so a gap is visible, never empty.
//  2. A key is defined once per locale: twice in one file or in two files fails the load.
// Load errors (field = the file): strings.missing_directory, strings.cannot_read, strings.parse,
// strings.not_object, strings.not_string (nested or non-string value; argument "key"), strings.duplicate_key
// (argument "key", and "other_file" when the first definition is in another file).
// Placeholders: "{name}" is replaced by the argument "name"; in English an argument "name_en", when given,
// is used instead (so an error can carry a field's label in both languages). Unknown placeholders stay.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang {

enum class Locale { Chinese, English };

class StringCatalog {
  public:
    // Loads and merges assets/strings/zh-CN/*.json and assets/strings/en/*.json under `assets_directory`.
    static Result<StringCatalog> load(const std::filesystem::path& assets_directory);

    // The text for `key` in `locale`; falls back to Chinese, then to "[key]".
    const std::string& text(std::string_view key, Locale locale = Locale::Chinese) const;
    bool has(std::string_view key) const;

    // Fills "{name}" placeholders in the template for `key`.
    std::string format(std::string_view key,
                       const std::vector<std::pair<std::string, std::string>>& arguments,
                       Locale locale = Locale::Chinese) const;

    // The plain-language message for an error ("error.<code>"), arguments filled in; {field} and {code} are
    // always available. A code without a message gives "error.unknown" with {code} filled in.
    std::string message(const Error& error, Locale locale = Locale::Chinese) const;

    // Every key of the Chinese catalogue (for glyph coverage and completeness tests).
    std::vector<std::string> keys() const;

    // Every key of the English catalogue (completeness tests).
    std::vector<std::string> english_keys() const;

  private:
    std::map<std::string, std::string, std::less<>> chinese_;
    std::map<std::string, std::string, std::less<>> english_;
};

// Where the assets folder is: $JIEBANG_ASSETS, else an installed program's ../share/jiebang/assets (beside its
// bin folder), else the build-time source path, else ./assets.
std::filesystem::path default_assets_directory();

}  // namespace jiebang

// shared/text/strings.cpp — loading the string catalogue and filling message templates.
// Each assets/strings/<locale>/*.json is one flat JSON object of key -> string, read by the core's strict
// JSON reader (shared/base/strict_json.hpp). Files are read in name order; a key defined twice (in one file
// or across files of a locale) fails the load, as does a nested or non-string value, naming the file and
// the key. zh-CN must exist; en is optional (Chinese is the fallback).
// Invariants: those of strings.hpp (1: text() never returns an empty string for a missing key, it returns
// "[key]"; 2: a key is defined once per locale).
//
// Index: [SECTION] loading  [SECTION] templates  [SECTION] lookup  [SECTION] assets directory
#include "shared/text/strings.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>

#include "shared/base/strict_json.hpp"

namespace jiebang {

namespace {

using TextMap = std::map<std::string, std::string, std::less<>>;

Error load_error(std::string code, const std::filesystem::path& file, std::string detail) {
    Error error(std::move(code), file.string(), std::move(detail));
    error.with("file", file.string());
    return error;
}

// [SECTION] loading

// Reads one catalogue file into `into`; `origin` remembers which file defined each key.
Status load_catalogue_file(const std::filesystem::path& file, TextMap& into,
                           std::map<std::string, std::filesystem::path>& origin) {
    const auto content = strict_json::read_document(file);
    if (!content)
        return load_error("strings.cannot_read", file, "cannot read " + file.string());
    // The core's strict reader: a key given twice in the file (which would silently lose one text) is
    // refused, as is a NUL byte.
    auto document = strict_json::parse(*content, file.string());
    if (!document && document.error().code == "json.duplicate_key") {
        const std::string key = document.error().field;
        Error error =
            load_error("strings.duplicate_key", file, "key '" + key + "' defined twice in the file");
        error.with("key", key);
        return error;
    }
    if (!document)
        return load_error("strings.parse", file, "JSON syntax: " + document.error().detail);
    if (!document->is_object()) {
        return load_error("strings.not_object", file, "the file must be one JSON object of key -> text");
    }
    for (const auto& [key, value] : document->items()) {
        const auto existing = origin.find(key);
        if (existing != origin.end()) {
            Error error = load_error("strings.duplicate_key", file,
                                     "key '" + key + "' already defined in " + existing->second.string());
            error.with("key", key).with("other_file", existing->second.string());
            return error;
        }
        if (!value.is_string()) {
            Error error =
                load_error("strings.not_string", file,
                           "key '" + key + "' must map to a string, not " + std::string(value.type_name()));
            error.with("key", key);
            return error;
        }
    }
    for (const auto& [key, value] : document->items()) {
        into.emplace(key, value.get<std::string>());
        origin.emplace(key, file);
    }
    return ok_status();
}

Status load_locale(const std::filesystem::path& directory, TextMap& into) {
    std::error_code error_code;
    std::vector<std::filesystem::path> files;
    std::filesystem::directory_iterator iterator(directory, error_code);
    if (error_code) {
        return load_error("strings.cannot_read", directory, "cannot list " + directory.string());
    }
    for (const auto& entry : iterator) {
        if (entry.path().extension() == ".json")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::map<std::string, std::filesystem::path> origin;
    for (const auto& file : files) {
        Status status = load_catalogue_file(file, into, origin);
        if (!status)
            return status;
    }
    return ok_status();
}

// [SECTION] templates

// Replaces each "{name}" by its argument; English prefers "name_en". Unknown placeholders stay visible.
std::string fill_placeholders(std::string_view text,
                              const std::vector<std::pair<std::string, std::string>>& arguments,
                              Locale locale) {
    const auto find_argument = [&arguments](std::string_view name) -> const std::string* {
        for (const auto& [key, value] : arguments) {
            if (key == name)
                return &value;
        }
        return nullptr;
    };
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t position = 0;
    while (position < text.size()) {
        const std::size_t open = text.find('{', position);
        if (open == std::string_view::npos)
            break;
        const std::size_t close = text.find('}', open + 1);
        if (close == std::string_view::npos)
            break;
        out.append(text.substr(position, open - position));
        const std::string_view name = text.substr(open + 1, close - open - 1);
        const std::string* value = nullptr;
        if (locale == Locale::English)
            value = find_argument(std::string(name) + "_en");
        if (value == nullptr)
            value = find_argument(name);
        if (value != nullptr) {
            out.append(*value);
        } else {
            out.append(text.substr(open, close - open + 1));
        }
        position = close + 1;
    }
    out.append(text.substr(position));
    return out;
}

}  // namespace

Result<StringCatalog> StringCatalog::load(const std::filesystem::path& assets_directory) {
    StringCatalog catalog;
    const std::filesystem::path chinese_directory = assets_directory / "strings" / "zh-CN";
    const std::filesystem::path english_directory = assets_directory / "strings" / "en";
    std::error_code error_code;
    if (!std::filesystem::is_directory(chinese_directory, error_code)) {
        return load_error("strings.missing_directory", chinese_directory,
                          "no Chinese string catalogue at " + chinese_directory.string());
    }
    if (Status status = load_locale(chinese_directory, catalog.chinese_); !status)
        return status.error();
    if (std::filesystem::is_directory(english_directory, error_code)) {
        if (Status status = load_locale(english_directory, catalog.english_); !status)
            return status.error();
    }
    return catalog;
}

// [SECTION] lookup

const std::string& StringCatalog::text(std::string_view key, Locale locale) const {
    if (locale == Locale::English) {
        const auto english = english_.find(key);
        if (english != english_.end())
            return english->second;
    }
    const auto chinese = chinese_.find(key);
    if (chinese != chinese_.end())
        return chinese->second;
    // A process-wide set keeps the "[key]" texts alive so the returned reference stays valid.
    static std::mutex missing_mutex;
    static std::set<std::string, std::less<>> missing_texts;
    const std::lock_guard lock(missing_mutex);
    return *missing_texts.insert("[" + std::string(key) + "]").first;
}

bool StringCatalog::has(std::string_view key) const {
    return chinese_.find(key) != chinese_.end();
}

std::string StringCatalog::format(std::string_view key,
                                  const std::vector<std::pair<std::string, std::string>>& arguments,
                                  Locale locale) const {
    return fill_placeholders(text(key, locale), arguments, locale);
}

std::string StringCatalog::message(const Error& error, Locale locale) const {
    // Templates may use {field} and {code} besides the error's own arguments (which win when named alike).
    auto arguments = error.arguments;
    arguments.emplace_back("field", error.field);
    arguments.emplace_back("code", error.code);
    const std::string key = "error." + error.code;
    if (has(key))
        return format(key, arguments, locale);
    // No message for this code: a generic one that still names the code, so support can find it.
    if (has("error.unknown"))
        return format("error.unknown", arguments, locale);
    return "[" + error.code + "]";
}

std::vector<std::string> StringCatalog::keys() const {
    std::vector<std::string> all;
    all.reserve(chinese_.size());
    for (const auto& entry : chinese_)
        all.push_back(entry.first);
    return all;
}

std::vector<std::string> StringCatalog::english_keys() const {
    std::vector<std::string> all;
    all.reserve(english_.size());
    for (const auto& entry : english_)
        all.push_back(entry.first);
    return all;
}

// [SECTION] assets directory

std::filesystem::path default_assets_directory() {
    if (const char* from_environment = std::getenv("JIEBANG_ASSETS");
        from_environment != nullptr && *from_environment != '\0') {
        return std::filesystem::path(from_environment);
    }
    {
        // An installed program (the Debian packages: /usr/bin/jiebang-*) finds the packaged assets beside it:
        // <folder of the executable>/../share/jiebang/assets, i.e. /usr/share/jiebang/assets.
        std::error_code error_code;
        const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error_code);
        if (!error_code) {
            const std::filesystem::path installed_assets =
                executable.parent_path().parent_path() / "share" / "jiebang" / "assets";
            if (std::filesystem::is_directory(installed_assets, error_code))
                return installed_assets;
        }
    }
#ifdef JIEBANG_SOURCE_ASSETS_DIR
    {
        std::error_code error_code;
        const std::filesystem::path source_assets(JIEBANG_SOURCE_ASSETS_DIR);
        if (std::filesystem::is_directory(source_assets, error_code))
            return source_assets;
    }
#endif
    return std::filesystem::path("assets");
}

}  // namespace jiebang

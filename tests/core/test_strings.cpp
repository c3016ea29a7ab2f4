// tests/core/test_strings.cpp — the string catalogue: loading assets/strings, placeholders, error messages,
// strict loading (duplicates, nested values), and completeness: every error code the core, the sync daemon,
// the terminal, the platform layer and the staff tool can emit has a message in Chinese and in English.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "shared/text/strings.hpp"

using namespace jiebang;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the system temp directory, removed with everything in it at the end of the test.
struct CatalogueTempDirectory {
    fs::path path;
    CatalogueTempDirectory() {
        std::random_device random;
        path = fs::temp_directory_path() /
               ("jiebang-strings-" + std::to_string(random()) + std::to_string(random()));
        fs::create_directories(path);
    }
    ~CatalogueTempDirectory() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    void write(const fs::path& relative, const std::string& content) const {
        fs::create_directories((path / relative).parent_path());
        std::ofstream(path / relative, std::ios::binary) << content;
    }
};

const fs::path source_assets = JIEBANG_SOURCE_ASSETS_DIR;

std::string read_text(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    return buffer.str();
}

// Adds the error codes constructed in the .cpp/.hpp files under `sources` to `codes`: the first string
// literal passed to Error(...), *error(...) or fail(...), possibly after one plain argument
// (rule_error(rule, "bid.x", ...)), and codes a mapping function returns (return "store.disk_full";).
void scan_error_codes(const fs::path& sources, std::set<std::string>& codes) {
    static const std::regex construction(
        R"re((?:(?:Error|error|fail)\s*[\(\{]\s*(?:[A-Za-z_][\w\.]*\s*,\s*)?|return\s+)"([a-z_]+\.[a-z_]+)")re");
    REQUIRE(fs::is_directory(sources));
    for (const auto& entry : fs::recursive_directory_iterator(sources)) {
        if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp")
            continue;
        const std::string source = read_text(entry.path());
        for (auto match = std::sregex_iterator(source.begin(), source.end(), construction);
             match != std::sregex_iterator(); ++match) {
            codes.insert((*match)[1].str());
        }
    }
}

// Every code has "error.<code>" in the Chinese and in the English catalogue (any file of the locale).
void check_messages_exist(const StringCatalog& catalog, const std::set<std::string>& codes) {
    const std::vector<std::string> english = catalog.english_keys();
    const std::set<std::string> english_keys(english.begin(), english.end());
    for (const std::string& code : codes) {
        CAPTURE(code);
        CHECK(catalog.has("error." + code));
        CHECK(english_keys.contains("error." + code));
    }
}

const fs::path source_root = fs::path(JIEBANG_SOURCE_ASSETS_DIR).parent_path();

}  // namespace

TEST_CASE("strings: the shipped catalogue loads and renders error messages in both languages") {
    const auto catalog = StringCatalog::load(source_assets);
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? "" : catalog.error().detail));

    Error required("field.required", "issuer_uscc");
    required.with("label", "统一社会信用代码").with("label_en", "Unified social credit code");
    CHECK(catalog->message(required) == "请填写“统一社会信用代码”。");
    CHECK(catalog->message(required, Locale::English) == "Please fill in \"Unified social credit code\".");

    Error too_long("field.too_long", "technical_problem");
    too_long.with("label", "技术难题")
        .with("label_en", "Problem")
        .with("limit", "500")
        .with("count", "501")
        .with("over", "1");
    const std::string chinese = catalog->message(too_long);
    CHECK(chinese.find("500") != std::string::npos);
    CHECK(chinese.find("501") != std::string::npos);
    CHECK(chinese.find('{') == std::string::npos);
}

TEST_CASE("strings: a code without a message gets the generic message naming the code") {
    const auto catalog = StringCatalog::load(source_assets);
    REQUIRE(catalog.ok());
    const Error unknown("nothing.like_this", "somewhere");
    const std::string chinese = catalog->message(unknown);
    CHECK(chinese.find("nothing.like_this") != std::string::npos);
    CHECK(chinese.find("工作人员") != std::string::npos);
    CHECK(catalog->message(unknown, Locale::English).find("nothing.like_this") != std::string::npos);
}

// checks strings.hpp invariant 1
TEST_CASE("strings: missing keys are visible, placeholders are filled, English falls back to Chinese") {
    CatalogueTempDirectory folder;
    folder.write("strings/zh-CN/a.json", R"({"greeting": "你好，{name}！", "only.chinese": "只有中文",
                                           "error.sample": "第{item}行：{label}"})");
    folder.write("strings/en/a.json",
                 R"({"greeting": "Hello, {name}!", "error.sample": "Line {item}: {label}"})");
    const auto catalog = StringCatalog::load(folder.path);
    REQUIRE(catalog.ok());
    CHECK(catalog->text("missing.key") == "[missing.key]");
    CHECK(catalog->text("missing.key", Locale::English) == "[missing.key]");
    CHECK(catalog->text("only.chinese", Locale::English) == "只有中文");
    CHECK(catalog->format("greeting", {{"name", "张三"}}) == "你好，张三！");
    CHECK(catalog->format("greeting", {{"name", "Zhang"}}, Locale::English) == "Hello, Zhang!");
    CHECK(catalog->format("greeting", {}) == "你好，{name}！");  // an unfilled placeholder stays visible
    Error sample("sample", "milestones");
    sample.with("item", "3").with("label", "进度安排").with("label_en", "Milestones");
    CHECK(catalog->message(sample) == "第3行：进度安排");
    CHECK(catalog->message(sample, Locale::English) == "Line 3: Milestones");
    CHECK(catalog->has("greeting"));
    CHECK_FALSE(catalog->has("missing.key"));
}

// checks strings.hpp invariant 2
TEST_CASE("strings: malformed catalogue files fail naming the file and the key") {
    SUBCASE("a key defined in two files") {
        CatalogueTempDirectory folder;
        folder.write("strings/zh-CN/a.json", R"({"home.title": "首页"})");
        folder.write("strings/zh-CN/b.json", R"({"home.title": "主页"})");
        const auto catalog = StringCatalog::load(folder.path);
        REQUIRE_FALSE(catalog.ok());
        CHECK(catalog.error().code == "strings.duplicate_key");
        CHECK(catalog.error().argument("key") == "home.title");
        CHECK(catalog.error().field.find("b.json") != std::string::npos);
        CHECK(catalog.error().argument("other_file").find("a.json") != std::string::npos);
    }
    SUBCASE("a key defined twice in one file") {
        CatalogueTempDirectory folder;
        folder.write("strings/zh-CN/a.json", R"({"home.title": "首页", "home.title": "主页"})");
        const auto catalog = StringCatalog::load(folder.path);
        REQUIRE_FALSE(catalog.ok());
        CHECK(catalog.error().code == "strings.duplicate_key");
        CHECK(catalog.error().argument("key") == "home.title");
    }
    SUBCASE("a nested value") {
        CatalogueTempDirectory folder;
        folder.write("strings/zh-CN/a.json", R"({"ok": "好", "home": {"title": "首页"}})");
        const auto catalog = StringCatalog::load(folder.path);
        REQUIRE_FALSE(catalog.ok());
        CHECK(catalog.error().code == "strings.not_string");
        CHECK(catalog.error().argument("key") == "home");
        CHECK(catalog.error().field.find("a.json") != std::string::npos);
    }
    SUBCASE("a number instead of text") {
        CatalogueTempDirectory folder;
        folder.write("strings/en/a.json", R"({"count": 3})");
        folder.write("strings/zh-CN/a.json", R"({"count": "三"})");
        const auto catalog = StringCatalog::load(folder.path);
        REQUIRE_FALSE(catalog.ok());
        CHECK(catalog.error().code == "strings.not_string");
        CHECK(catalog.error().field.find("en") != std::string::npos);
    }
    SUBCASE("not an object, bad syntax, no Chinese folder") {
        CatalogueTempDirectory list_folder;
        list_folder.write("strings/zh-CN/a.json", R"(["a", "b"])");
        CHECK(StringCatalog::load(list_folder.path).error().code == "strings.not_object");
        CatalogueTempDirectory syntax_folder;
        syntax_folder.write("strings/zh-CN/a.json", R"({"a": "b",})");
        CHECK(StringCatalog::load(syntax_folder.path).error().code == "strings.parse");
        CatalogueTempDirectory empty_folder;
        CHECK(StringCatalog::load(empty_folder.path).error().code == "strings.missing_directory");
    }
}

TEST_CASE("strings: default assets directory honours JIEBANG_ASSETS") {
    const char* previous = std::getenv("JIEBANG_ASSETS");
    const std::string saved = previous != nullptr ? previous : "";
    ::setenv("JIEBANG_ASSETS", "/srv/jiebang/assets", 1);
    CHECK(default_assets_directory() == fs::path("/srv/jiebang/assets"));
    ::unsetenv("JIEBANG_ASSETS");
    CHECK(fs::exists(default_assets_directory() / "strings" / "zh-CN" / "errors.json"));
    if (previous != nullptr)
        ::setenv("JIEBANG_ASSETS", saved.c_str(), 1);
}

TEST_CASE("strings: every error code the core emits has a message in Chinese and English") {
    const auto catalog = StringCatalog::load(source_assets);
    REQUIRE(catalog.ok());
    std::set<std::string> codes = {
        // Built from a family name at run time in the validators, so a source scan cannot see them.
        "money.format",   "money.negative", "money.too_many_decimals", "money.too_large",
        "percent.format", "percent.range",  "integer.format"};
    // 1. Codes constructed in the core's sources (see scan_error_codes).
    scan_error_codes(source_root / "shared", codes);
    // 2. Codes the city profiles give their rules ("code": "eligibility.bounty_minimum").
    const fs::path profiles = source_assets / "profiles";
    if (fs::is_directory(profiles)) {
        const std::regex rule_code(R"re("code"\s*:\s*"([a-z_]+\.[a-z_]+)")re");
        for (const auto& entry : fs::directory_iterator(profiles)) {
            const std::string text = read_text(entry.path());
            for (auto match = std::sregex_iterator(text.begin(), text.end(), rule_code);
                 match != std::sregex_iterator(); ++match) {
                codes.insert((*match)[1].str());
            }
        }
    }
    CHECK(codes.size() > 60);  // the scan found the core's codes, not nothing
    CHECK(codes.contains("store.disk_full"));
    CHECK(codes.contains("uscc.check_character"));
    check_messages_exist(*catalog, codes);
    // And the two error catalogues have the same keys.
    const std::vector<std::string> english = catalog->english_keys();
    const std::set<std::string> english_keys(english.begin(), english.end());
    for (const std::string& key : catalog->keys()) {
        if (key.starts_with("error.")) {
            CAPTURE(key);
            CHECK(english_keys.contains(key));
        }
    }
}

TEST_CASE(
    "strings: every error code the sync daemon, the terminal, the platform and the CLI emit has a message in "
    "Chinese and English") {
    // The codes of sync/, kiosk/, platform/ and cli/ reach staff and technicians too: the admin screen shows
    // the sync agent's last error, the tools print the message beside the code.
    const auto catalog = StringCatalog::load(source_assets);
    REQUIRE(catalog.ok());
    std::set<std::string> codes = {
        // Handed to the sync agent's go_offline(...) / quarantined(...) as plain strings, so the scan cannot
        // see them; they end up as the agent's last error code.
        "sync.timeout", "sync.no_connection", "sync.conflict"};
    for (const char* directory : {"sync", "kiosk", "platform", "cli"})
        scan_error_codes(source_root / directory, codes);
    // The scan found each part's codes, not nothing.
    CHECK(codes.size() > 60);
    CHECK(codes.contains("sync.zmq"));
    CHECK(codes.contains("protocol.magic"));
    CHECK(codes.contains("staff.not_a_store"));
    CHECK(codes.contains("options.unknown"));
    CHECK(codes.contains("printer.open"));
    CHECK(codes.contains("file.unreadable"));
    check_messages_exist(*catalog, codes);
}

TEST_CASE("strings: error messages use only placeholders the error carries") {
    // Every {placeholder} of an error message (in any catalogue file: errors.json, sync.json, ...) is one of the
    // argument names the code gives its errors, so a template typo ("{limt}") or a placeholder nothing fills
    // shows up here rather than on the screen.
    std::vector<nlohmann::json> documents;
    for (const char* locale : {"zh-CN", "en"}) {
        for (const auto& entry : fs::directory_iterator(source_assets / "strings" / locale)) {
            if (entry.path().extension() == ".json")
                documents.push_back(nlohmann::json::parse(read_text(entry.path())));
        }
    }
    REQUIRE(documents.size() >= 4);
    const std::set<std::string> known = {"label",
                                         "limit",
                                         "count",
                                         "over",
                                         "item",
                                         "position",
                                         "division",
                                         "min",
                                         "max",
                                         "field",
                                         "code",
                                         "file",
                                         "key",
                                         "reason",
                                         "share",
                                         "total",
                                         "minimum",
                                         "maximum",
                                         "value",
                                         "minimum_revenue",
                                         "minimum_rnd_percent",
                                         "city",
                                         "member",
                                         "listing",
                                         "minimum_percent",
                                         "value_percent",
                                         "decimals",
                                         "expected",
                                         "node",
                                         "id",
                                         "from",
                                         "to",
                                         "version",
                                         "action",
                                         "actor",
                                         "tier",
                                         "sequence",
                                         "what",
                                         "milliseconds",
                                         "status",
                                         "role",
                                         "rule",
                                         "batch",
                                         "last",
                                         "county",
                                         "month",
                                         "state",
                                         "receipt",
                                         "schema",
                                         "latest"};
    const std::regex placeholder(R"(\{([a-z_]+)\})");
    for (const auto& document : documents) {
        for (const auto& [key, value] : document.items()) {
            if (!key.starts_with("error.") || !value.is_string())
                continue;
            const std::string text = value.get<std::string>();
            for (auto match = std::sregex_iterator(text.begin(), text.end(), placeholder);
                 match != std::sregex_iterator(); ++match) {
                CAPTURE(key);
                CHECK(known.contains((*match)[1].str()));
            }
        }
    }
    // The Chinese and English message of a code use the same placeholders (file by file).
    const auto names = [&placeholder](const std::string& text) {
        std::set<std::string> found;
        for (auto match = std::sregex_iterator(text.begin(), text.end(), placeholder);
             match != std::sregex_iterator(); ++match) {
            found.insert((*match)[1].str());
        }
        return found;
    };
    for (const auto& entry : fs::directory_iterator(source_assets / "strings" / "zh-CN")) {
        if (entry.path().extension() != ".json")
            continue;
        const auto chinese_json = nlohmann::json::parse(read_text(entry.path()));
        const auto english_json =
            nlohmann::json::parse(read_text(source_assets / "strings" / "en" / entry.path().filename()));
        for (const auto& [key, value] : chinese_json.items()) {
            if (!key.starts_with("error.") || !value.is_string())
                continue;
            CAPTURE(key);
            REQUIRE(english_json.contains(key));
            CHECK(names(value.get<std::string>()) == names(english_json.at(key).get<std::string>()));
        }
    }
}

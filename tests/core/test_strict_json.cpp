// tests/core/test_strict_json.cpp — the core's one strict JSON reader and everything that reads through it:
// a NUL byte or trailing text never ends the input early, a key given twice is refused with its key path,
// the typed Reader never defaults a value of the wrong type; and the registry of rule kinds, where a kind
// without a check can never be skipped silently.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "shared/base/strict_json.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/validation.hpp"
#include "shared/policy/profile.hpp"
#include "shared/policy/rules.hpp"
#include "shared/text/strings.hpp"
#include "store_test_support.hpp"
#include "tests/support/fixtures.hpp"

using namespace jiebang;
namespace fs = std::filesystem;
namespace support = jiebang::test_support;

namespace {

const fs::path source_assets = JIEBANG_SOURCE_ASSETS_DIR;
const std::string nul_and_garbage("\0garbage", 8);

const ProfileCatalog& shipped_profiles() {
    static const ProfileCatalog catalog = [] {
        auto loaded = ProfileCatalog::load(source_assets);
        REQUIRE(loaded.ok());
        return std::move(loaded).value();
    }();
    return catalog;
}

std::string read_text(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    return buffer.str();
}

void write_text(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

}  // namespace

// checks strict_json.hpp invariant 1
TEST_CASE("strict JSON: a NUL byte ends nothing: a valid demand followed by NUL and garbage is invalid") {
    const FormDefinition& demand_form = support::fixture_forms().demand();
    const std::string demand = support::fixture_text("jiangmen", "demand");
    // Without the NUL the demand parses and validates (jiebang validate reads it with this function) ...
    auto values = field_values_from_json(demand, demand_form);
    REQUIRE(values.ok());
    const ValidationContext context{&demand_form, shipped_profiles().profile("jiangmen"), nullptr};
    CHECK(validate_submission(context, values.value()).empty());
    // ... and with it, it is not JSON at all.
    auto with_nul = field_values_from_json(demand + nul_and_garbage, demand_form);
    REQUIRE_FALSE(with_nul.ok());
    CHECK(with_nul.error().code == "json.syntax");
    CHECK(with_nul.error().argument("position") == std::to_string(demand.size()));

    // The same for a whole submission (what the aggregator parses) and a board (what terminals receive).
    Submission submission = support::demand();
    submission.values = values.value();
    const std::string encoded = submission_to_json(submission);
    REQUIRE(submission_from_json(encoded).ok());
    CHECK(submission_from_json(encoded + nul_and_garbage).error().code == "json.syntax");
    const std::string board = board_to_json(support::fixture_board("jiangmen"));
    REQUIRE(board_from_json(board).ok());
    CHECK(board_from_json(board + nul_and_garbage).error().code == "json.syntax");
    // A NUL inside the text, and text after the value, are refused too.
    CHECK(strict_json::parse(std::string("{\"a\": \"b\0c\"}", 12), "test").error().code == "json.syntax");
    CHECK(strict_json::parse("{\"a\": 1} {\"b\": 2}", "test").error().code == "json.syntax");
    CHECK(strict_json::parse("{\"a\": \"b\\u0000c\"}", "test").ok());  // an escaped NUL is text
}

// checks strict_json.hpp invariant 1 through each asset loader
TEST_CASE("strict JSON: the form, profile and string loaders refuse a NUL byte after a valid file") {
    support::TemporaryDirectory folder;
    const fs::path form = folder / "forms" / "demand.json";
    write_text(form, read_text(source_assets / "forms" / "demand.json") + nul_and_garbage);
    CHECK(FormCatalog::load_file(form).error().code == "form.parse");

    const fs::path profile = folder / "profiles" / "jiangmen.json";
    write_text(profile, read_text(source_assets / "profiles" / "jiangmen.json") + nul_and_garbage);
    CHECK(ProfileCatalog::load_file(profile).error().code == "profile.syntax");

    write_text(folder / "strings" / "zh-CN" / "a.json", std::string("{\"a\": \"甲\"}") + nul_and_garbage);
    CHECK(StringCatalog::load(folder.path()).error().code == "strings.parse");
}

// checks strict_json.hpp invariant 2
TEST_CASE("strict JSON: a key given twice is refused with its key path") {
    auto nested = strict_json::parse(
        R"({"fields": [{"id": "a"}, {"id": "b", "label": {"zh": "甲", "zh": "乙"}}]})", "test");
    REQUIRE_FALSE(nested.ok());
    CHECK(nested.error().code == "json.duplicate_key");
    CHECK(nested.error().argument("path") == "fields[1].label.zh");
    CHECK(nested.error().field == "zh");
    CHECK(nested.error().argument("key") == "zh");
    auto in_list_of_lists = strict_json::parse(R"({"a": [[1, 2], [{"k": 1, "k": 2}]]})", "test");
    CHECK(in_list_of_lists.error().argument("path") == "a[1][0].k");
    // The same key in two different objects is fine.
    CHECK(strict_json::parse(R"({"a": {"k": 1}, "b": {"k": 2}, "k": 3})", "test").ok());
    // Through a submission: the values object names a field twice.
    auto values =
        field_values_from_json(R"({"project_name": "甲", "issuer_name": "乙", "project_name": "丙"})",
                               support::fixture_forms().demand());
    CHECK(values.error().code == "json.duplicate_key");
    CHECK(values.error().field == "project_name");
}

// checks strict_json.hpp invariant 3
TEST_CASE("strict JSON: the Reader fails with the loader's code, the key path and the reason") {
    const strict_json::Reader reader(
        {"test.missing", "test.unknown", "test.type", "test.value"},
        [](const std::string& code, const std::string& key, const std::string& reason) {
            return Error(code, key, reason).with("reason", reason);
        },
        "_");
    const auto document = strict_json::parse(
        R"({"name": 7, "_note": "a comment", "count": 12, "items": ["a", "a"], "flag": "yes", "empty": ""})",
        "test");
    REQUIRE(document.ok());
    const auto failure = [&](const auto& read) -> Error {
        try {
            read();
        } catch (const strict_json::ReadFailure& caught) {
            return caught.error;
        }
        FAIL("no failure");
        return Error();
    };
    const Error type = failure([&] { (void)reader.text_member(*document, "", "name"); });
    CHECK(type.code == "test.type");
    CHECK(type.field == "name");
    CHECK(type.argument("reason") == "expected a string, found a number");
    CHECK(failure([&] { (void)reader.member(*document, "", "absent"); }).code == "test.missing");
    CHECK(failure([&] {
              reader.only_keys(*document, "", {"name", "count", "items", "flag"});
          }).field == "empty");
    CHECK(failure([&] { (void)reader.integer(document->at("count"), "count", 0, 10); }).code == "test.value");
    CHECK(failure([&] { (void)reader.text_list(document->at("items"), "items", true); }).field == "items[1]");
    CHECK(failure([&] { (void)reader.optional_boolean_member(*document, "", "flag", false); }).code ==
          "test.type");
    CHECK(failure([&] { (void)reader.text_member(*document, "", "empty"); }).code == "test.value");
    // Absent optional members read as their fallback; a comment key is not unknown.
    CHECK(reader.optional_boolean_member(*document, "", "absent", true));
    CHECK(reader.optional_text_member(*document, "", "absent").empty());
    reader.only_keys(*document, "", {"name", "count", "items", "flag", "empty"});
}

// checks rules.hpp invariants 1 and 2
TEST_CASE("rule registry: every kind has its parameter table and a check, and the profiles name only these") {
    std::set<std::string_view> names;
    for (const RuleKind& kind : rule_kinds()) {
        CAPTURE(kind.kind);
        CHECK(names.insert(kind.kind).second);
        CHECK(static_cast<bool>(kind.check));
        CHECK_FALSE(kind.parameters.empty());
    }
    for (const Profile& profile : shipped_profiles().all()) {
        for (const ProfileRule& rule : profile.rules) {
            CAPTURE(rule.kind);
            CHECK(find_rule_kind(rule_kinds(), rule.kind) != nullptr);
        }
    }
}

// checks rules.hpp invariant 2
TEST_CASE("rule registry: a kind without a check fails the profile at load, and never passes a submission") {
    const fs::path jingdezhen = source_assets / "profiles" / "jingdezhen.json";
    REQUIRE(ProfileCatalog::load_file(jingdezhen, rule_kinds()).ok());
    // The same registry, one check taken away: a profile naming that kind cannot load.
    std::vector<RuleKind> without_check = rule_kinds();
    for (RuleKind& kind : without_check) {
        if (kind.kind == "local_host_required")
            kind.check = nullptr;
    }
    auto refused = ProfileCatalog::load_file(jingdezhen, without_check);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "profile.rule_without_check");
    CHECK(refused.error().argument("file") == "jingdezhen.json");
    CHECK(refused.error().field.ends_with(".kind"));
    // Jiangmen names no such rule: it still loads against that registry.
    CHECK(ProfileCatalog::load_file(source_assets / "profiles" / "jiangmen.json", without_check).ok());

    // A hand-built profile whose rule kind has no check: validation reports it instead of skipping it.
    Profile profile = *shipped_profiles().profile("jiangmen");
    ProfileRule unknown;
    unknown.kind = "bounty_minimum_typo";
    unknown.form_id = "demand";
    unknown.error_code = "eligibility.bounty_minimum";
    profile.rules.push_back(unknown);
    const ValidationContext context{&support::fixture_forms().demand(), &profile, nullptr};
    const std::vector<Error> errors = validate_submission(context, support::complete_demand("jiangmen"));
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().code == "rule.unknown_kind");
    CHECK(errors.front().argument("rule") == "bounty_minimum_typo");
}

// checks tests/support/fixtures.hpp's invariant
TEST_CASE("fixtures: every city's demand and bid are complete and pass their city's rules") {
    for (const std::string& city : support::fixture_cities()) {
        CAPTURE(city);
        const Profile* profile = shipped_profiles().profile(city);
        REQUIRE(profile != nullptr);
        const Board board = support::fixture_board(city);
        CHECK(board.profile_id == city);
        const ValidationContext demand{&support::fixture_forms().demand(), profile, nullptr};
        const std::vector<Error> demand_errors = validate_submission(demand, support::complete_demand(city));
        for (const Error& error : demand_errors)
            MESSAGE(error.code << " " << error.field);
        CHECK(demand_errors.empty());
        const ValidationContext bid{&support::fixture_forms().bid(), profile, &board};
        const std::vector<Error> bid_errors = validate_submission(bid, support::complete_bid(city));
        for (const Error& error : bid_errors)
            MESSAGE(error.code << " " << error.field);
        CHECK(bid_errors.empty());
        // Complete: every field the city's form asks for has a value.
        const FieldValues demand_values = support::complete_demand(city);
        for (const FieldDefinition& field : support::fixture_forms().demand().fields) {
            if (field.required && support::fixture_forms().demand().field_applies(field, city))
                CHECK_MESSAGE(demand_values.contains(field.id), field.id);
        }
    }
}

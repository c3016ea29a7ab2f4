// tests/cli/test_cli.cpp — the `jiebang` tool end to end: the real binary, real files, real exit codes.
// What a staff member or a script sees: exit 0/1/2/3, JSON on stdout naming field ids and stable codes,
// a reason on stderr, and never a crash on bad input.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "shared/domain/submission.hpp"
#include "shared/policy/profile.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/text/strings.hpp"
#include "tests/support/process.hpp"

namespace {

using jiebang::test::run_process;

const std::string cli = JIEBANG_CLI_PATH;

struct TemporaryDirectory {
    std::filesystem::path path;
    TemporaryDirectory() {
        std::random_device random;
        path = std::filesystem::temp_directory_path() / ("jiebang-cli-" + std::to_string(random()));
        std::filesystem::create_directories(path);
    }
    ~TemporaryDirectory() { std::filesystem::remove_all(path); }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    std::string write(const std::string& name, const std::string& contents) const {
        std::ofstream(path / name, std::ios::binary) << contents;
        return (path / name).string();
    }
};

const jiebang::Profile& jiangmen() {
    static auto catalog = jiebang::ProfileCatalog::load(jiebang::default_assets_directory());
    REQUIRE(catalog.ok());
    const jiebang::Profile* profile = catalog->profile("jiangmen");
    REQUIRE(profile != nullptr);
    return *profile;
}

// A complete, valid Jiangmen demand as an applicant would file it (synthetic unit registered in 蓬江区 440703).
nlohmann::json valid_jiangmen_demand() {
    const auto& profile = jiangmen();
    REQUIRE_FALSE(profile.industries.empty());
    return {
        {"consent_personal_data", true},
        {"industry_field", profile.industries.front().id},
        {"sub_direction", "高性能电机控制"},
        {"project_name", "家电用高效无刷电机控制芯片"},
        {"issuer_name", "江门市示例电器有限公司"},
        {"issuer_uscc", "91440703MA4U111142"},
        {"issuer_kind", "enterprise"},
        {"last_year_revenue_wan", "62000"},
        {"last_year_rnd_wan", "3100"},
        {"contact_name", "李明"},
        {"contact_title", "研发总监"},
        {"contact_mobile", "13812345678"},
        {"contact_email", "liming@example.com"},
        {"co_demand_enterprises", nlohmann::json::array({"江门市另一电器有限公司"})},
        {"technical_problem", "现有电机控制芯片依赖进口，交期长、成本高。"},
        {"technical_targets", "效率由90%提升到96%，待机功耗低于0.5瓦。"},
        {"time_limit_months", "24"},
        {"ip_ownership", "shared"},
        {"mechanism", "single"},
        {"budget_total_wan", "500"},
        {"budget_solver_wan", "300"},
        {"expected_benefits", "年新增产值约2亿元，带动本地配套企业。"},
        {"self_funding_commitment", true},
        {"credit_declaration", true},
    };
}

std::set<std::pair<std::string, std::string>> field_codes(const nlohmann::json& report) {
    std::set<std::pair<std::string, std::string>> pairs;
    for (const auto& error : report.at("errors")) {
        pairs.emplace(error.at("field").get<std::string>(), error.at("code").get<std::string>());
    }
    return pairs;
}

}  // namespace

TEST_CASE("check uscc: a real code passes, each kind of damage is named") {
    auto valid = run_process(cli, {"check", "uscc", "91440300708461136T"});
    CHECK(valid.exit_code == 0);
    CHECK(valid.out.find("440300") != std::string::npos);

    auto lower_case = run_process(cli, {"check", "uscc", "91440300708461136t"});
    CHECK(lower_case.exit_code == 0);

    auto wrong_check = run_process(cli, {"check", "uscc", "91440300708461136U"});
    CHECK(wrong_check.exit_code == 1);
    CHECK(wrong_check.error.find("uscc.") != std::string::npos);

    auto too_short = run_process(cli, {"check", "uscc", "9144030070846113"});
    CHECK(too_short.exit_code == 1);
    CHECK(too_short.error.find("uscc.length") != std::string::npos);

    auto no_code = run_process(cli, {"check", "uscc"});
    CHECK(no_code.exit_code == 2);
}

TEST_CASE("check uscc with a profile tells the county or that it is outside the city") {
    auto inside = run_process(cli, {"check", "uscc", "91440703MA4U111142", "--profile", "jiangmen"});
    CHECK(inside.exit_code == 0);
    CHECK(inside.out.find("440703") != std::string::npos);

    auto outside = run_process(cli, {"check", "uscc", "91440300708461136T", "--profile", "jiangmen"});
    CHECK(outside.exit_code == 1);
    CHECK(outside.error.find("uscc.region_outside_city") != std::string::npos);

    auto unknown_profile = run_process(cli, {"check", "uscc", "91440703MA4U111142", "--profile", "atlantis"});
    CHECK(unknown_profile.exit_code == 2);
    CHECK(unknown_profile.error.find("atlantis") != std::string::npos);
}

TEST_CASE("validate demand: a complete Jiangmen demand is valid") {
    TemporaryDirectory directory;
    auto file = directory.write("demand.json", valid_jiangmen_demand().dump());
    auto result = run_process(cli, {"validate", "demand", file, "--profile", "jiangmen"});
    INFO(result.out, result.error);
    CHECK(result.exit_code == 0);
    auto report = nlohmann::json::parse(result.out);
    CHECK(report.at("valid") == true);
    CHECK(report.at("errors").empty());
}

TEST_CASE("validate demand: every error names its field and code, and the message is Chinese") {
    auto demand = valid_jiangmen_demand();
    demand["issuer_uscc"] = "91440703MA4U111143";  // check character off by one
    demand["contact_mobile"] = "1381234567";       // ten digits
    demand["budget_solver_wan"] = "600";           // more than the total of 500
    std::string five_hundred_one;
    for (int index = 0; index < 501; ++index)
        five_hundred_one += "难";
    demand["technical_problem"] = five_hundred_one;
    demand.erase("project_name");

    TemporaryDirectory directory;
    auto file = directory.write("demand.json", demand.dump());
    auto result = run_process(cli, {"validate", "demand", file, "--profile", "jiangmen"});
    INFO(result.out, result.error);
    CHECK(result.exit_code == 1);
    auto report = nlohmann::json::parse(result.out);
    CHECK(report.at("valid") == false);
    auto pairs = field_codes(report);
    CHECK(pairs.count({"issuer_uscc", "uscc.check_character"}) == 1);
    CHECK(pairs.count({"contact_mobile", "mobile.format"}) == 1);
    CHECK(pairs.count({"technical_problem", "field.too_long"}) == 1);
    CHECK(pairs.count({"project_name", "field.required"}) == 1);
    bool share_error = false;
    for (const auto& [field, code] : pairs)
        share_error = share_error || code == "money.share_exceeds_total";
    CHECK(share_error);
    for (const auto& error : report.at("errors")) {
        const std::string message = error.at("message").get<std::string>();
        CHECK_FALSE(message.empty());
        CHECK(message.find('[') == std::string::npos);  // a missing catalogue entry shows as "[key]"
    }
}

TEST_CASE("validate demand: exactly 500 Chinese characters pass the 500 limit") {
    auto demand = valid_jiangmen_demand();
    std::string five_hundred;
    for (int index = 0; index < 500; ++index)
        five_hundred += "难";
    demand["technical_problem"] = five_hundred;
    TemporaryDirectory directory;
    auto file = directory.write("demand.json", demand.dump());
    auto result = run_process(cli, {"validate", "demand", file, "--profile", "jiangmen"});
    INFO(result.out, result.error);
    CHECK(result.exit_code == 0);
}

TEST_CASE("validate demand: a large group's revenue (3000亿元) is a revenue, not a typing mistake") {
    auto demand = valid_jiangmen_demand();
    demand["last_year_revenue_wan"] = "30000000";  // 3 000 亿元, a national appliance group
    demand["last_year_rnd_wan"] = "1200000";
    TemporaryDirectory directory;
    auto file = directory.write("demand.json", demand.dump());
    auto result = run_process(cli, {"validate", "demand", file, "--profile", "jiangmen"});
    INFO(result.out, result.error);
    CHECK(result.exit_code == 0);

    demand["last_year_revenue_wan"] = "3000000000000";  // runaway zeros are still caught
    file = directory.write("demand.json", demand.dump());
    auto runaway = run_process(cli, {"validate", "demand", file, "--profile", "jiangmen"});
    CHECK(runaway.exit_code == 1);
    CHECK(runaway.out.find("money.too_large") != std::string::npos);
}

TEST_CASE("validate: bad files get a clear error, never a crash") {
    TemporaryDirectory directory;
    auto not_json = directory.write("broken.json", "{\"project_name\": ");
    auto broken = run_process(cli, {"validate", "demand", not_json, "--profile", "jiangmen"});
    CHECK(broken.exit_code == 1);
    CHECK_FALSE(nlohmann::json::parse(broken.out).at("errors").empty());

    auto invalid_utf8 = valid_jiangmen_demand();
    auto utf8_file = directory.write("utf8.json", invalid_utf8.dump());
    {
        // Replace the project name's bytes with a truncated UTF-8 sequence, outside the JSON library's view.
        std::string text = invalid_utf8.dump();
        const std::string name = "\"project_name\":\"";
        auto at = text.find(name);
        REQUIRE(at != std::string::npos);
        text.insert(at + name.size(), "\xe9\x9a");
        utf8_file = directory.write("utf8.json", text);
    }
    auto utf8 = run_process(cli, {"validate", "demand", utf8_file, "--profile", "jiangmen"});
    CHECK(utf8.exit_code == 1);

    auto unknown_field = valid_jiangmen_demand();
    unknown_field["favourite_colour"] = "blue";
    auto unknown_file = directory.write("unknown.json", unknown_field.dump());
    auto unknown = run_process(cli, {"validate", "demand", unknown_file, "--profile", "jiangmen"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.out.find("favourite_colour") != std::string::npos);

    auto missing = run_process(
        cli, {"validate", "demand", (directory.path / "absent.json").string(), "--profile", "jiangmen"});
    CHECK(missing.exit_code == 3);
    CHECK(missing.error.find("absent.json") != std::string::npos);

    auto no_profile = run_process(cli, {"validate", "demand", unknown_file});
    CHECK(no_profile.exit_code == 2);
}

TEST_CASE("funding: Jingdezhen's worked example, 300万 bounty -> 180万 paid 90/54/36") {
    auto result = run_process(cli, {"funding", "--profile", "jingdezhen", "--amount", "300"});
    INFO(result.out, result.error);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json.at("subsidy_wan") == "180");
    std::vector<std::string> tranches;
    for (const auto& tranche : json.at("tranches"))
        tranches.push_back(tranche.at("amount_wan").get<std::string>());
    CHECK(tranches == std::vector<std::string>{"90", "54", "36"});

    auto below = run_process(cli, {"funding", "--profile", "jingdezhen", "--amount", "99"});
    CHECK(below.exit_code == 1);
    CHECK(below.error.find("funding.below_minimum") != std::string::npos);

    auto garbage = run_process(cli, {"funding", "--profile", "jingdezhen", "--amount", "12.345"});
    CHECK(garbage.exit_code == 1);
    CHECK(garbage.error.find("money.too_many_decimals") != std::string::npos);
}

TEST_CASE("keygen and receipt verify: a signed receipt verifies offline and any change fails") {
    TemporaryDirectory directory;
    const auto key_file = (directory.path / "terminal.key").string();
    auto generated = run_process(cli, {"keygen", "--out", key_file});
    REQUIRE(generated.exit_code == 0);
    const std::string public_key = nlohmann::json::parse(generated.out).at("public_key").get<std::string>();

    auto refused = run_process(cli, {"keygen", "--out", key_file});
    CHECK(refused.exit_code == 1);  // never overwrites a terminal's key

    auto key = jiebang::SigningKey::load(key_file);
    REQUIRE(key.ok());
    CHECK(key->public_key_text() == public_key);

    auto number =
        jiebang::ReceiptNumber::parse(jiebang::ReceiptNumber{"JM", "03", 7, 2026, 11, 22, 42}.text());
    REQUIRE(number.ok());
    jiebang::ContentHash hash{};
    hash.fill(0x5a);
    const std::string payload = jiebang::sign_receipt(*number, hash, *key).qr_payload();

    auto verified = run_process(cli, {"receipt", "verify", payload, "--pubkey", public_key});
    INFO(verified.error);
    CHECK(verified.exit_code == 0);
    CHECK(verified.out.find(number->text()) != std::string::npos);

    // Change one character of the signature, of the hash, of the number: each must fail.
    const std::size_t sequence_digit = payload.find("0042") + 3;
    for (std::size_t position : {payload.size() - 2, payload.find('|', 5) + 3, sequence_digit}) {
        std::string tampered = payload;
        tampered[position] = tampered[position] == '2' ? '3' : (tampered[position] == 'A' ? 'B' : 'A');
        auto rejected = run_process(cli, {"receipt", "verify", tampered, "--pubkey", public_key});
        CHECK_MESSAGE(rejected.exit_code == 1, "tampered at " << position << ": " << tampered);
    }

    auto other_key = jiebang::SigningKey::generate();
    auto wrong_key =
        run_process(cli, {"receipt", "verify", payload, "--pubkey", other_key.public_key_text()});
    CHECK(wrong_key.exit_code == 1);
    CHECK(wrong_key.error.find("receipt.signature") != std::string::npos);

    auto garbage = run_process(cli, {"receipt", "verify", "hello", "--pubkey", public_key});
    CHECK(garbage.exit_code == 1);
}

TEST_CASE("unknown commands and options are refused with usage") {
    CHECK(run_process(cli, {"frobnicate"}).exit_code == 2);
    CHECK(run_process(cli, {"funding", "--profile", "jiangmen", "--amount", "1", "--bogus", "x"}).exit_code ==
          2);
    CHECK(run_process(cli, {}).exit_code == 2);
    auto help = run_process(cli, {"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("validate") != std::string::npos);
}

TEST_CASE("profiles and forms show what a terminal in each city asks") {
    auto profiles = run_process(cli, {"profiles"});
    REQUIRE(profiles.exit_code == 0);
    std::set<std::string> ids;
    for (const auto& profile : nlohmann::json::parse(profiles.out))
        ids.insert(profile.at("id").get<std::string>());
    CHECK(ids == std::set<std::string>{"jiangmen", "jingdezhen", "jiaxing"});

    auto jiangmen_form = run_process(cli, {"forms", "show", "demand", "--profile", "jiangmen"});
    REQUIRE(jiangmen_form.exit_code == 0);
    CHECK(jiangmen_form.out.find("last_year_revenue_wan") != std::string::npos);
    CHECK(jiangmen_form.out.find("project_type") == std::string::npos);  // Jiangmen has no project types

    auto jiaxing_form = run_process(cli, {"forms", "show", "demand", "--profile", "jiaxing"});
    REQUIRE(jiaxing_form.exit_code == 0);
    CHECK(jiaxing_form.out.find("project_type") != std::string::npos);
    CHECK(jiaxing_form.out.find("last_year_revenue_wan") == std::string::npos);
}

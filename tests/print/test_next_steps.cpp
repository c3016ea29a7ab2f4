// tests/print/test_next_steps.cpp — the next steps after filing (shared/paper/next_steps.hpp), from each city's
// profile: which papers, how many copies, the seal, which bureau (by the unit's USCC, the city for universities in
// Jingdezhen), by when (the calendar or the listing's deadline), and what happens next; plus the strict loading of
// the profiles' "after_submission" sections (shared/paper/after_submission.hpp invariants 1-2).
#include <doctest/doctest.h>

#include "print_test_support.hpp"
#include "shared/paper/next_steps.hpp"

using namespace jiebang;
using namespace jiebang::print_test;

namespace {

struct Described {
    NextSteps steps;
    std::string text;
};

Described describe(const Submission& submission, const std::string& terminal_county,
                   const Board* listing_board = nullptr, Locale locale = Locale::Chinese) {
    const AfterSubmissionPolicy loaded = policy(submission.profile_id);
    const FormDefinition& form =
        submission.kind == SubmissionKind::Demand ? catalogs().forms.demand() : catalogs().forms.bid();
    auto steps =
        describe_next_steps(next_steps_input(submission, form, profile(submission.profile_id), loaded,
                                             terminal_county, "JDZ-03-002-20220910-0007-X", listing_board),
                            catalogs().strings, locale);
    REQUIRE_MESSAGE(steps.ok(), (steps.ok() ? "" : steps.error().code));
    return Described{*steps, next_steps_text(*steps)};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::int64_t local_noon(int year, int month, int day) {
    std::tm local{};
    local.tm_year = year - 1900;
    local.tm_mon = month - 1;
    local.tm_mday = day;
    local.tm_hour = 12;
    local.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&local));
}

}  // namespace

TEST_CASE("next steps: every city's after_submission section loads and names a bureau for every county") {
    for (const std::string& city : cities()) {
        CAPTURE(city);
        const AfterSubmissionPolicy loaded = policy(city);
        for (const County& county : profile(city).counties) {
            const Bureau* bureau = loaded.county_bureau(county.admin_code);
            REQUIRE(bureau != nullptr);
            CHECK_FALSE(bureau->name.chinese.empty());
            CHECK_FALSE(bureau->name.english.empty());
        }
        CHECK_FALSE(loaded.city_bureau.name.chinese.empty());
        CHECK_FALSE(loaded.demand.documents.empty());
        CHECK_FALSE(loaded.bid.documents.empty());
        // Every document a profile asks for has a print template and a title (platform/print reads them).
        for (const auto* paper : {&loaded.demand, &loaded.bid}) {
            for (const std::string& document : paper->documents) {
                CAPTURE(document);
                CHECK(fs::is_regular_file(assets_directory / "print" / (document + ".json")));
                CHECK(catalogs().strings.has("print.document." + document + ".title"));
            }
        }
    }
    // The flags the seeds set: Jiangmen asks for the self-funding commitment letter with a demand (seed 001 附件2),
    // Jingdezhen for three sealed paper copies with an electronic copy (seed 002 item 6).
    const auto jiangmen = policy("jiangmen");
    CHECK(std::find(jiangmen.demand.documents.begin(), jiangmen.demand.documents.end(),
                    "self_funding_commitment_letter") != jiangmen.demand.documents.end());
    for (const std::string& city : {std::string("jingdezhen"), std::string("jiaxing")}) {
        const auto other = policy(city);
        CHECK(std::find(other.demand.documents.begin(), other.demand.documents.end(),
                        "self_funding_commitment_letter") == other.demand.documents.end());
    }
    const auto jingdezhen = policy("jingdezhen");
    CHECK(jingdezhen.demand.paper_copies == 3);
    CHECK(jingdezhen.demand.seal_required);
    CHECK(jingdezhen.demand.electronic_copy);
}

TEST_CASE("next steps: Jingdezhen demand goes sealed, three copies, to the bureau of the unit's county") {
    // Filed at a terminal in 昌江区; the unit's USCC was registered in 珠山区 (360203): seed 002 says 企业所在县区科技局.
    Submission demand = sample("jingdezhen", "demand");
    const Described described = describe(demand, "360202");
    CHECK(described.steps.recipient.county_admin_code == "360203");
    CHECK(described.steps.paper_copies == 3);
    CHECK(described.steps.seal_required);
    CHECK(described.steps.electronic_copy);
    CHECK_FALSE(described.steps.deadline_passed);
    CHECK(contains(described.text, "加盖单位公章"));
    CHECK(contains(described.text, "一式3份"));
    CHECK(contains(described.text, "电子版"));
    CHECK(contains(described.text, "珠山区科技局"));
    CHECK(contains(described.text, "2022年9月25日前"));
    CHECK(contains(described.text, "《“揭榜挂帅”重大技术需求征集表》"));
    // No address in the profile: the applicant is sent to the hall staff, never given an invented one.
    CHECK(contains(described.text, "地址请向服务大厅工作人员询问"));
    CHECK(contains(described.text, "择机开展调研论证"));
    CHECK(contains(described.text, "JDZ-03-002-20220910-0007-X"));
    REQUIRE(described.steps.steps.size() == 4);
    CHECK(described.steps.steps.front().starts_with("1. "));

    // A USCC outside the city: the terminal's county.
    demand.values["issuer_uscc"] = std::string("91440703MA4U111142");
    CHECK(describe(demand, "360202").steps.recipient.county_admin_code == "360202");
}

TEST_CASE("next steps: Jingdezhen universities and institutes send their demands directly to the city") {
    Submission demand = sample("jingdezhen", "demand");
    demand.values["issuer_kind"] = std::string("non_enterprise");
    const Described described = describe(demand, "360202");
    CHECK(described.steps.recipient.county_admin_code.empty());
    CHECK(contains(described.text, "送至景德镇市科技局"));
}

TEST_CASE("next steps: a calendar date before the filing date is said to have passed") {
    Submission demand = sample("jingdezhen", "demand");
    demand.created_at = local_noon(2022, 10, 8);  // after the counties' 2022-09-25 deadline
    const Described described = describe(demand, "360203");
    CHECK(described.steps.deadline_passed);
    CHECK(contains(described.text, "已过"));
    CHECK(contains(described.text, "请先与珠山区科技局联系"));
}

TEST_CASE("next steps: Jiangmen demand prints the commitment letter too, during the April collection") {
    Submission demand = sample("jiangmen", "demand");
    demand.created_at = local_noon(2026, 4, 15);
    Described described = describe(demand, "440703");
    REQUIRE(described.steps.documents.size() == 2);
    CHECK(described.steps.documents[1] == "self_funding_commitment_letter");
    CHECK(contains(described.text, "自投研发资金承诺函"));
    CHECK(contains(described.text, "送至江门市科学技术局"));
    CHECK(contains(described.text, "请在需求征集期间送达（4月）"));
    CHECK_FALSE(contains(described.text, "不在需求征集期间"));
    // The seeds give no number of copies for Jiangmen: the applicant asks rather than being told a made-up number.
    CHECK(described.steps.paper_copies == 0);
    CHECK(contains(described.text, "份数请按江门市科学技术局的要求准备"));
    CHECK(contains(described.text, "遴选发榜：6月"));

    demand.created_at = local_noon(2026, 6, 2);
    described = describe(demand, "440703");
    CHECK(contains(described.text, "今天不在需求征集期间（4月）"));
    CHECK_FALSE(described.steps.deadline_passed);  // a yearly month, not a date: it is not "passed"
}

TEST_CASE(
    "next steps: Jiaxing collects all year, and a unit registered at city level goes to the city bureau") {
    Submission demand = sample("jiaxing", "demand");
    Described described = describe(demand, "330481");
    CHECK(described.steps.recipient.county_admin_code == "330402");  // 南湖区, from the USCC
    CHECK(contains(described.text, "常态化征集，随时可以送达"));
    CHECK(contains(described.text, "南湖区科技局"));

    demand.values["issuer_uscc"] = std::string("12330400470005615G");  // registered at city level (330400)
    described = describe(demand, "330481");
    CHECK(described.steps.recipient.county_admin_code.empty());
    // The seed prints the city bureau's address and telephone: both are given.
    CHECK(contains(described.text, "送至嘉兴市科学技术局，地址：浙江省嘉兴市中环南路1469号中南大厦8楼"));
    CHECK(contains(described.text, "0573-82159809"));
}

TEST_CASE("next steps: a bid is due by its listing's deadline, read from the board") {
    const Submission bid = sample("jiaxing", "bid");
    const Board listing_board = board("jiaxing");
    Described described = describe(bid, "330481", &listing_board);
    CHECK(contains(described.text, "请在榜单截止日期2026年9月30日前送达"));
    CHECK(contains(described.text, "海宁市科技局"));  // the terminal's county: bids name no unit USCC field
    CHECK_FALSE(described.steps.deadline_passed);

    Submission late = bid;
    late.created_at = local_noon(2026, 10, 9);
    described = describe(late, "330481", &listing_board);
    CHECK(described.steps.deadline_passed);
    CHECK(contains(described.text, "榜单截止日期2026年9月30日已过"));

    // Without the board, Jiangmen falls back to its calendar step (揭榜论证 in July), Jiaxing to the announcement.
    CHECK(contains(describe(sample("jiangmen", "bid"), "440784").text, "请在揭榜论证（7月）之前送达"));
    CHECK(contains(describe(bid, "330481").text, "请按榜单公告要求的时间送达"));
}

TEST_CASE("next steps: English wording for the same facts, and a county the profile lacks is an error") {
    const Submission demand = sample("jingdezhen", "demand");
    const Described english = describe(demand, "360202", nullptr, Locale::English);
    CHECK(contains(english.text, "Zhushan District Science and Technology Bureau"));
    CHECK(contains(english.text, "Prepare 3 paper copies"));
    CHECK(contains(english.text, "2022-09-25") == false);  // the calendar's own wording is used
    CHECK(contains(english.text, "By 25 September 2022"));

    Submission elsewhere = sample("jiangmen", "bid");
    const AfterSubmissionPolicy loaded = policy("jiangmen");
    AfterSubmissionPolicy to_county = loaded;
    to_county.bid.recipient = Recipient::CountyBureau;
    auto steps = describe_next_steps(
        next_steps_input(elsewhere, catalogs().forms.bid(), profile("jiangmen"), to_county, "999999", ""),
        catalogs().strings);
    REQUIRE_FALSE(steps.ok());
    CHECK(steps.error().code == "next_steps.county_unknown");
    CHECK(steps.error().argument("value") == "999999");
    CHECK(contains(catalogs().strings.message(steps.error()), "999999"));

    NextStepsInput missing;
    CHECK(describe_next_steps(missing, catalogs().strings).error().code == "next_steps.missing_input");
}

TEST_CASE("next steps: a malformed after_submission section fails naming the file, the key and the reason") {
    TemporaryDirectory folder;
    const std::string original = read_file(assets_directory / "profiles" / "jingdezhen.json");
    struct Damage {
        std::string from, to, code, key;
    };
    const std::vector<Damage> damages = {
        {R"("paper_copies": 3,)", R"("paper_copies": 3, "copies": 3,)", "profile.unknown_key",
         "after_submission.demand.copies"},
        {R"("seal": true,
      "electronic_copy": true,)",
         R"("seal": "yes",
      "electronic_copy": true,)",
         "profile.wrong_type", "after_submission.demand.seal"},
        {R"("calendar_step": "county_summary")", R"("calendar_step": "no_such_step")",
         "profile.unknown_reference", "after_submission.demand.deadline.calendar_step"},
        {R"({"county": "360281", "name": {"zh": "乐平市科技局")",
         R"({"county": "360299", "name": {"zh": "乐平市科技局")", "profile.unknown_reference",
         "after_submission.county_bureaus[3].county"},
        {R"("deliver_to": "unit_county_bureau",)", R"("deliver_to": "the_unit",)", "profile.invalid_value",
         "after_submission.demand.deliver_to"},
        {R"("city_bureau_for_unit_kinds": ["non_enterprise"],)",
         R"("city_bureau_for_unit_kinds": ["university"],)", "profile.unknown_reference",
         "after_submission.demand.city_bureau_for_unit_kinds[0]"},
    };
    for (const Damage& damage : damages) {
        CAPTURE(damage.key);
        std::string text = original;
        const auto at = text.find(damage.from);
        REQUIRE(at != std::string::npos);
        text.replace(at, damage.from.size(), damage.to);
        fs::create_directories(folder.path / damage.code);
        const fs::path file = folder.path / damage.code / "jingdezhen.json";
        std::ofstream(file, std::ios::binary) << text;
        auto loaded_profile = ProfileCatalog::load_file(file);
        REQUIRE_MESSAGE(loaded_profile.ok(), (loaded_profile.ok() ? "" : loaded_profile.error().detail));
        auto loaded = load_after_submission(*loaded_profile, catalogs().forms);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().code == damage.code);
        CHECK(loaded.error().argument("key") == damage.key);
        CHECK(loaded.error().argument("file") == "jingdezhen.json");
        CHECK_FALSE(loaded.error().argument("reason").empty());
        CHECK(contains(catalogs().strings.message(loaded.error()), damage.key));
    }
    // A profile without the section at all.
    std::string text = original;
    const auto start = text.find("  \"after_submission\":");
    const auto end = text.find("  \"calendar\":");
    REQUIRE(start != std::string::npos);
    text.erase(start, end - start);
    const fs::path file = folder.path / "jingdezhen.json";
    std::ofstream(file, std::ios::binary) << text;
    auto loaded_profile = ProfileCatalog::load_file(file);
    REQUIRE(loaded_profile.ok());
    auto loaded = load_after_submission(*loaded_profile, catalogs().forms);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == "profile.missing_key");
    CHECK(loaded.error().argument("key") == "after_submission");
}

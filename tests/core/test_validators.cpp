// tests/core/test_validators.cpp — USCC (GB 32100-2015 + GB 11714), region mapping, mobile, email, money,
// integers and percentages, with real published codes and one mutation per failure mode.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "shared/text/utf8.hpp"
#include "shared/validate/validators.hpp"

using namespace jiebang;

namespace {

// Real unified social credit codes, as published by the companies (business licences, annual reports).
// Hand check of the first (Huawei): GB 32100 values x weights over chars 1-17 =
// 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831; 831 mod 31 = 25; 31-25 = 6 -> char 18 '6'.
// GB 11714 over chars 9-16 "19220382": 3+63+18+20+0+24+32+4 = 164; 164 mod 11 = 10; 11-10 = 1 -> char 17 '1'.
// Tencent: sum 966, mod 31 = 5, 31-5 = 26 -> 'T' (the alphabet skips I, O, S, V, Z).
constexpr const char* huawei = "914403001922038216";   // 华为技术有限公司 (Shenzhen 440300)
constexpr const char* tencent = "91440300708461136T";  // 深圳市腾讯计算机系统有限公司
constexpr const char* alibaba = "91330100799655058B";  // 阿里巴巴（中国）有限公司 (Hangzhou 330100)
constexpr const char* xiaomi = "91110108551385082Q";  // 北京小米科技有限责任公司 (Haidian 110108)
constexpr const char* byd = "91440300192317458F";     // 比亚迪股份有限公司
constexpr const char* petrochina_group = "91110000100010433L";  // 中国石油天然气集团有限公司

Profile jiangmen_like_profile() {
    Profile profile;
    profile.id = "jiangmen";
    profile.city_admin_code = "440700";
    County pengjiang;
    pengjiang.admin_code = "440703";
    pengjiang.name = {"蓬江区", "Pengjiang"};
    County taishan;
    taishan.admin_code = "440781";
    taishan.name = {"台山市", "Taishan"};
    profile.counties = {pengjiang, taishan};
    return profile;
}

}  // namespace

TEST_CASE("uscc: real published codes pass both checks") {
    for (const char* code : {huawei, tencent, alibaba, xiaomi, byd, petrochina_group}) {
        CAPTURE(code);
        const auto result = check_uscc(code);
        REQUIRE(result.ok());
        CHECK(result->code == code);
    }
    const auto huawei_info = check_uscc(huawei);
    REQUIRE(huawei_info.ok());
    CHECK(huawei_info->admin_division_code == "440300");
    CHECK(huawei_info->organisation_code == "192203821");
}

TEST_CASE("uscc: lower case and surrounding spaces are accepted and normalised") {
    const auto result = check_uscc("  91440300708461136t\t");
    REQUIRE(result.ok());
    CHECK(result->code == "91440300708461136T");
    const auto ideographic = check_uscc(
        "\xE3\x80\x80"
        "91330100799655058b"
        "\xE3\x80\x80");  // U+3000 spaces
    REQUIRE(ideographic.ok());
    CHECK(ideographic->code == "91330100799655058B");
}

TEST_CASE("uscc: organisation check characters X and 0 (synthetic codes built by the GB rules)") {
    // Body 10000018: 3+0+0+0+0+0+4+16 = 23, 11 - 23 mod 11 = 10 -> 'X'.
    // Body 10000004: 3+0+0+0+0+0+0+8 = 11, 11 - 11 mod 11 = 11 -> '0'.
    CHECK(check_uscc("9144070310000018XH").ok());
    CHECK(check_uscc("91440703100000040X").ok());
    CHECK(check_uscc("9144070310000018xh").ok());  // a lower-case x is the same character
    // The same bodies with the other check character are organisation-check failures.
    CHECK(check_uscc("91440703100000180H").error().code == "uscc.organization_check");
    CHECK(check_uscc("9144070310000004XX").error().code == "uscc.organization_check");
}

TEST_CASE("uscc: length failures say how many characters were typed") {
    const auto short_code = check_uscc("91440300708461136");
    REQUIRE_FALSE(short_code.ok());
    CHECK(short_code.error().code == "uscc.length");
    CHECK(short_code.error().argument("count") == "17");
    const auto long_code = check_uscc("914403001922038216X");
    REQUIRE_FALSE(long_code.ok());
    CHECK(long_code.error().code == "uscc.length");
    CHECK(long_code.error().argument("count") == "19");
    const auto empty = check_uscc("   ");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == "uscc.length");
    CHECK(empty.error().argument("count") == "0");
    const auto inner_space = check_uscc("9144 0300708461136T");
    REQUIRE_FALSE(inner_space.ok());
    CHECK(inner_space.error().code == "uscc.length");
}

TEST_CASE("uscc: characters outside the alphabet name their position") {
    struct Case {
        std::string code;
        std::string position;
    };
    const Case cases[] = {
        {"91440300708461136I", "18"},  // I is never used
        {"91O40300708461136T", "3"},   // letter O instead of zero
        {"9144030070846113ZT", "17"},  // Z
        {"S1440300708461136T", "1"},   // S
        {"914403007084611V6T", "16"},  // V
        {"91440300-08461136T", "9"},   // punctuation
    };
    for (const Case& item : cases) {
        CAPTURE(item.code);
        const auto result = check_uscc(item.code);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "uscc.charset");
        CHECK(result.error().argument("position") == item.position);
    }
    // A full-width character outside the alphabet is named at its character position like its ASCII form.
    const auto full_width_letter = check_uscc("9144030070846113\xEF\xBC\xBAT");  // 'Ｚ'
    REQUIRE_FALSE(full_width_letter.ok());
    CHECK(full_width_letter.error().code == "uscc.charset");
    CHECK(full_width_letter.error().argument("position") == "17");
    const auto broken_bytes = check_uscc(
        "9144\xC0\xAF"
        "0300708461136T");  // an overlong sequence at character 5
    REQUIRE_FALSE(broken_bytes.ok());
    CHECK(broken_bytes.error().code == "uscc.charset");
    CHECK(broken_bytes.error().argument("position") == "5");
}

TEST_CASE("[12.5a] uscc: a code in full-width letters and digits is checked as the same code") {
    // "９１４４０３００７０８４６１１３６Ｔ", as a Chinese input method or a pasted text gives it.
    std::string full_width;
    for (char character : std::string("91440300708461136T")) {
        jiebang::utf8::append(full_width, static_cast<char32_t>(0xFF01 + (character - '!')));
    }
    const auto checked = check_uscc(full_width);
    REQUIRE_MESSAGE(checked.ok(), checked.error().code);
    CHECK(checked->code == "91440300708461136T");
    // A full-width typo gets the typo's message, not "not in the alphabet".
    std::string typo = full_width;
    typo.replace(typo.size() - 3, 3, "\xEF\xBC\xB5");  // 'Ｕ' instead of 'Ｔ'
    const auto refused = check_uscc(typo);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "uscc.check_character");
    // The ideographic space around it is ignored like ASCII spaces.
    CHECK(check_uscc("\xE3\x80\x80" + full_width + "\xE3\x80\x80").ok());
    CHECK(to_half_width("\xEF\xBD\x8C\xEF\xBD\x89\xEF\xBC\xA0\xEF\xBC\x91\xEF\xBC\x96\xEF\xBC\x93\xEF\xBC\x8E"
                        "\xEF\xBD\x83\xEF\xBD\x8F\xEF\xBD\x8D")
              .value() == "li@163.com");
    CHECK_FALSE(to_half_width("\xC0\xAF").has_value());
}

TEST_CASE("[12.5a] email: full-width letters, digits, '@' and '.' are the same address") {
    // "ｌｉ＠１６３．ｃｏｍ" and a mixed form.
    CHECK(check_email("\xEF\xBD\x8C\xEF\xBD\x89\xEF\xBC\xA0\xEF\xBC\x91\xEF\xBC\x96\xEF\xBC\x93\xEF\xBC\x8E"
                      "\xEF\xBD\x83\xEF\xBD\x8F\xEF\xBD\x8D")
              .ok());
    CHECK(check_email("liming\xEF\xBC\xA0"
                      "example.com")
              .ok());
    CHECK_FALSE(check_email("liming\xEF\xBC\xA0\xE4\xBE\x8B\xE5\xAD\x90.com").ok());  // 例子 stays refused
}

TEST_CASE("uscc: a typo in the organisation code fails the GB 11714 check") {
    // Huawei with character 10 changed 9 -> 8, and with character 17 changed 1 -> 2.
    for (const char* code : {"914403001822038216", "914403001922038226"}) {
        CAPTURE(code);
        const auto result = check_uscc(code);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "uscc.organization_check");
        CHECK(result.error().argument("position") == "17");
    }
}

TEST_CASE("uscc: a typo outside the organisation code fails only the check character") {
    // Character 2 changed (1 -> 2), character 5 changed (0 -> 1), and the check character itself.
    for (const char* code :
         {"924403001922038216", "914413001922038216", "914403001922038217", "91440300708461136U"}) {
        CAPTURE(code);
        const auto result = check_uscc(code);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "uscc.check_character");
        CHECK(result.error().argument("position") == "18");
    }
    // Swapping two adjacent characters (a common typing slip) is caught too.
    const auto swapped = check_uscc("914430001922038216");
    REQUIRE_FALSE(swapped.ok());
    CHECK(swapped.error().code == "uscc.check_character");
}

TEST_CASE("uscc: synthetic codes with both check characters computed by the rules pass") {
    // Computed with the GB 32100 / GB 11714 formulas (see the header): Jiangmen divisions.
    for (const char* code :
         {"91440703MA4U111142", "91440700123456788A", "12440781123456788R", "91440701MA4U111145"}) {
        CAPTURE(code);
        CHECK(check_uscc(code).ok());
    }
}

TEST_CASE("uscc region: county, city level, or outside the city") {
    const Profile profile = jiangmen_like_profile();

    const auto county = uscc_region(check_uscc("91440703MA4U111142").value(), profile);
    REQUIRE(county.ok());
    REQUIRE(county->county != nullptr);
    CHECK(county->county->admin_code == "440703");
    CHECK_FALSE(county->city_level);

    const auto county_level_city = uscc_region(check_uscc("12440781123456788R").value(), profile);
    REQUIRE(county_level_city.ok());
    REQUIRE(county_level_city->county != nullptr);
    CHECK(county_level_city->county->admin_code == "440781");

    const auto city = uscc_region(check_uscc("91440700123456788A").value(), profile);
    REQUIRE(city.ok());
    CHECK(city->county == nullptr);
    CHECK(city->city_level);

    const auto city_districts = uscc_region(check_uscc("91440701MA4U111145").value(), profile);  // 市辖区
    REQUIRE(city_districts.ok());
    CHECK(city_districts->city_level);

    const auto shenzhen = uscc_region(check_uscc(huawei).value(), profile);
    REQUIRE_FALSE(shenzhen.ok());
    CHECK(shenzhen.error().code == "uscc.region_outside_city");
    CHECK(shenzhen.error().argument("division") == "440300");
    const auto hangzhou = uscc_region(check_uscc(alibaba).value(), profile);
    REQUIRE_FALSE(hangzhou.ok());
    CHECK(hangzhou.error().code == "uscc.region_outside_city");
}

TEST_CASE("mobile: mainland numbers in the ways people type them") {
    for (const char* number :
         {"13812345678", "19912345678", "+86 138 1234 5678", "138-1234-5678", "0086 13812345678",
          "8613812345678", " 13812345678 ",
          "\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94"
          "\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98"}) {  // full-width digits
        CAPTURE(number);
        CHECK(check_mobile(number).ok());
    }
    CHECK(normalize_mobile("+86 138-1234-5678").value() == "13812345678");
    for (const char* number :
         {"", "12812345678", "10012345678", "1381234567", "138123456789", "23812345678", "+1 4155550100",
          "138a2345678", "+86+13812345678", "0755-12345678", "+8513812345678", "1381234567８8"}) {
        CAPTURE(number);
        const Status status = check_mobile(number);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == "mobile.format");
    }
}

TEST_CASE("email: a practical RFC 5321 subset") {
    for (const char* address : {"name@example.com", "a.b-c+tag@mail.example.co", "zhang3@163.com",
                                " user_01@sub.domain-name.cn ", "x@xn--fiqs8s.cn"}) {
        CAPTURE(address);
        CHECK(check_email(address).ok());
    }
    const std::string local_64(64, 'a');
    const std::string local_65(65, 'a');
    CHECK(check_email(local_64 + "@example.com").ok());
    const std::string long_domain = std::string(63, 'b') + "." + std::string(63, 'c') + "." +
                                    std::string(63, 'd') + "." + std::string(60, 'e') +
                                    ".com";  // 256 characters of domain
    for (const std::string& address : {std::string(""),
                                       std::string("name"),
                                       std::string("name@"),
                                       std::string("@example.com"),
                                       std::string("a@@example.com"),
                                       std::string("a@b@example.com"),
                                       std::string("a..b@example.com"),
                                       std::string(".a@example.com"),
                                       std::string("a.@example.com"),
                                       std::string("a@example"),
                                       std::string("a@-example.com"),
                                       std::string("a@example-.com"),
                                       std::string("a@exa_mple.com"),
                                       std::string("a b@example.com"),
                                       std::string("张三@example.com"),
                                       std::string("a@例子.中国"),
                                       std::string("a@example.c"),
                                       std::string("a@example.123"),
                                       std::string("a@example..com"),
                                       local_65 + "@example.com",
                                       std::string("a@") + long_domain,
                                       std::string("a@example.com.")}) {
        CAPTURE(address);
        const Status status = check_email(address);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == "email.format");
    }
}

TEST_CASE("money: 万元 with at most two decimals, exact") {
    struct Good {
        const char* text;
        std::int64_t hundredths;
    };
    const Good good[] = {
        {"300", 30000},
        {"12.5", 1250},
        {"12.50", 1250},
        {"0.01", 1},
        {"0", 0},
        {"007", 700},
        {" 300 ", 30000},
        {"\xEF\xBC\x91\xEF\xBC\x92.5", 1250},                        // "１２.5"
        {"\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x8E\xEF\xBC\x95", 1250},  // "１２．５" full-width point
        {"1000000", 100000000},                                      // the largest accepted amount
    };
    for (const Good& item : good) {
        CAPTURE(item.text);
        const auto money = parse_money_wan(item.text);
        REQUIRE(money.ok());
        CHECK(money->hundredths == item.hundredths);
    }
    struct Bad {
        const char* text;
        const char* code;
    };
    const Bad bad[] = {
        {"", "money.format"},
        {"abc", "money.format"},
        {"1e3", "money.format"},
        {"1,000", "money.format"},
        {".5", "money.format"},
        {"5.", "money.format"},
        {"+5", "money.format"},
        {"12.5万", "money.format"},
        {"NaN", "money.format"},
        {"0x10", "money.format"},
        {"1 000", "money.format"},
        {"1.2.3", "money.format"},
        {"12.345", "money.too_many_decimals"},
        {"0.001", "money.too_many_decimals"},
        {"-1", "money.negative"},
        {"-0.5", "money.negative"},
        {"100000000.01", "money.too_large"},
        {"99999999999999999999", "money.too_large"},
        {"12\xE6\x8F", "money.format"},
    };
    for (const Bad& item : bad) {
        CAPTURE(item.text);
        const auto money = parse_money_wan(item.text);
        REQUIRE_FALSE(money.ok());
        CHECK(money.error().code == item.code);
    }
    CHECK(parse_money_wan("12.345").error().argument("decimals") == "2");
    CHECK(parse_money_wan("200000000").error().argument("max") == "100000000");
}

TEST_CASE("integer and percent") {
    CHECK(parse_integer("24").value() == 24);
    CHECK(parse_integer(" \xEF\xBC\x92\xEF\xBC\x94 ").value() == 24);  // "２４"
    CHECK(parse_integer("-3").value() == -3);
    CHECK(parse_integer("0036").value() == 36);
    for (const char* text : {"", "2.5", "abc", "1e2", "-", "9999999999999999", "24个月"}) {
        CAPTURE(text);
        const auto number = parse_integer(text);
        REQUIRE_FALSE(number.ok());
        CHECK(number.error().code == "integer.format");
    }

    CHECK(parse_percent_basis_points("12.5").value() == 1250);
    CHECK(parse_percent_basis_points("100").value() == 10000);
    CHECK(parse_percent_basis_points("0").value() == 0);
    CHECK(parse_percent_basis_points("12.5%").value() == 1250);
    CHECK(parse_percent_basis_points("33.33").value() == 3333);
    for (const char* text : {"100.01", "-1", "250"}) {
        CAPTURE(text);
        const auto percent = parse_percent_basis_points(text);
        REQUIRE_FALSE(percent.ok());
        CHECK(percent.error().code == "percent.range");
    }
    for (const char* text : {"12.345", "abc", "", "%"}) {
        CAPTURE(text);
        const auto percent = parse_percent_basis_points(text);
        REQUIRE_FALSE(percent.ok());
        CHECK(percent.error().code == "percent.format");
    }
}

TEST_CASE("validators: arbitrary input never crashes and accepted values are consistent") {
    // A fixed-seed sweep over strings built from the characters that matter (digits, letters, separators,
    // signs, bytes of broken UTF-8, full-width digits): every validator returns, and what it accepts obeys
    // its own rules.
    const std::vector<std::string> pieces = {"0",
                                             "1",
                                             "3",
                                             "8",
                                             "9",
                                             "X",
                                             "x",
                                             "A",
                                             "I",
                                             "O",
                                             ".",
                                             "-",
                                             "+",
                                             " ",
                                             "@",
                                             "e",
                                             "%",
                                             "\xEF\xBC\x91",
                                             "\xE3\x80\x80",
                                             "\xC0",
                                             "\xAF",
                                             "\xE6",
                                             "\xED\xA0\x80",
                                             "com",
                                             "86",
                                             "91440300"};
    std::mt19937 generator(20261122);
    std::uniform_int_distribution<std::size_t> piece_index(0, pieces.size() - 1);
    std::uniform_int_distribution<int> length(0, 24);
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        const int count = length(generator);
        for (int index = 0; index < count; ++index)
            text += pieces[piece_index(generator)];
        CAPTURE(text);
        if (const auto uscc = check_uscc(text); uscc.ok()) {
            CHECK(uscc->code.size() == 18);
            CHECK(check_uscc(uscc->code).ok());
        }
        if (const auto money = parse_money_wan(text); money.ok()) {
            CHECK(money->hundredths >= 0);
            CHECK(money->hundredths <= maximum_money_wan_hundredths);
        }
        if (const auto percent = parse_percent_basis_points(text); percent.ok()) {
            CHECK(*percent >= 0);
            CHECK(*percent <= 10000);
        }
        if (const auto mobile = normalize_mobile(text); mobile.ok()) {
            CHECK(mobile->size() == 11);
            CHECK(check_mobile(*mobile).ok());
        }
        if (check_email(text).ok())
            CHECK(text.find('@') != std::string::npos);
        (void)parse_integer(text);
    }
}

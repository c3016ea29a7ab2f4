// tests/kiosk/test_platform.cpp — the platform pieces the terminal relies on, without a display: the script
// language refuses malformed scripts with the line, the ESC/POS encoder prints Chinese as GB18030 and the QR
// as a GS v 0 raster, the font configuration names a real Noto CJK face, glyph coverage includes the UI's
// words.
#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk_test_support.hpp"
#include "platform/fonts/font_set.hpp"
#include "platform/printer/escpos.hpp"
#include "platform/script/script.hpp"

using namespace jiebang::platform;

TEST_CASE("scripts parse one command a line and refuse unknown commands naming the line") {
    auto parsed =
        parse_script("# comment\ntap home.demand\ntype 江门 公司\\n第二行\nwait 3\nidle 1.5\n", "s.txt");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().size() == 4);
    CHECK(parsed.value()[0].kind == ScriptCommandKind::Tap);
    CHECK(parsed.value()[1].argument == "江门 公司\n第二行");
    CHECK(parsed.value()[3].number == doctest::Approx(1.5));
    auto bad = parse_script("tap a\nclick b\n", "s.txt");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "script.syntax");
    CHECK(bad.error().field == "s.txt:2");
    CHECK_FALSE(parse_script("wait -1\n", "s.txt").ok());
    CHECK_FALSE(parse_script("screenshot ../escape\n", "s.txt").ok());
}

TEST_CASE("ESC/POS receipts carry Chinese as GB18030 and the QR as a raster bit image") {
    EscPosDocument document;
    REQUIRE(document.text_line("回执").ok());
    const std::string& bytes = document.bytes();
    CHECK(bytes.find("\xbb\xd8\xd6\xb4\n") != std::string::npos);  // 回执 in GB18030
    const std::vector<bool> modules = {true, false, false, true};
    const auto image = MonochromeImage::from_modules(2, modules, 4, 1);
    CHECK(image.width == 16);
    EscPosDocument with_image;
    with_image.raster(image);
    const std::string raster = with_image.bytes();
    const auto start = raster.find("\x1d\x76\x30");
    REQUIRE(start != std::string::npos);
    CHECK(static_cast<unsigned char>(raster[start + 4]) == 2);   // 16 dots = 2 bytes a row
    CHECK(static_cast<unsigned char>(raster[start + 6]) == 16);  // 16 rows
    // Row 4 (first module row): quiet zone (4 dots), dark module (4 dots), light module, quiet zone.
    CHECK(static_cast<unsigned char>(raster[start + 8 + 4 * 2]) == 0x0F);
    CHECK(static_cast<unsigned char>(raster[start + 8 + 4 * 2 + 1]) == 0x00);
    CHECK_FALSE(with_image.text_line(std::string("\xff\xfe")).ok());  // invalid UTF-8 is refused, not printed
}

TEST_CASE("the font configuration names the Simplified Chinese Noto face and covers every UI word") {
    auto faces = load_font_configuration(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE_MESSAGE(faces.ok(), faces.error().detail);
    CHECK(faces.value().front().face_index == 2);
    const auto code_points = collect_asset_code_points(JIEBANG_SOURCE_ASSETS_DIR);
    for (char32_t needed : {U'揭', U'榜', U'挂', U'帅', U'赛', U'马', U'执'}) {
        CHECK(std::binary_search(code_points.begin(), code_points.end(), static_cast<ImWchar>(needed)));
    }
    kiosk_test::TemporaryDirectory directory;
    std::ofstream(directory.path() / "fonts.json")
        << R"({"faces": [{"role": "body", "file": "/nonexistent.ttc", "pixel_size": 30}]})";
    auto missing = load_font_configuration(directory.path());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "fonts.missing_file");
}

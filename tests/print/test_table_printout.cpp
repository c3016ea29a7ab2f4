// tests/print/test_table_printout.cpp — the 汇总表 of a 报送 batch as paper (platform/print/table_printout.hpp
// invariants 1-4, shared/paper/summary_table.hpp): built by the core from a batch of Jingdezhen demands, written as
// a PDF, read back with poppler (pdftotext) and rendered to PNG (pdftoppm) for a person to look at; and the same
// page as pixels, the console's preview.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "platform/print/table_printout.hpp"
#include "print_test_support.hpp"
#include "shared/paper/summary_table.hpp"

using namespace jiebang;
using namespace jiebang::print_test;

namespace {

// A batch of `count` demands of 珠山区 (Jingdezhen) with titles long enough to wrap, and one bid (never on the table).
SummaryBatch jingdezhen_batch(int count) {
    SummaryBatch batch{12, 1795000000, {}};
    const std::vector<std::string> topics = {"高精度伺服系统温漂补偿与自整定控制算法研究",
                                             "陶瓷基板激光切割工艺及其在功率器件封装中的应用",
                                             "农产品冷链温控与全程追溯平台关键技术攻关"};
    for (int index = 0; index < count; ++index) {
        batch.items.push_back(SummaryItem{true, "jingdezhen", "360203", "ceramics",
                                          "第" + std::to_string(index + 1) + "项：" +
                                              topics[static_cast<std::size_t>(index) % topics.size()]});
    }
    batch.items.push_back(SummaryItem{false, "jingdezhen", "360203", "ceramics", "一项揭榜方案"});
    return batch;
}

}  // namespace

TEST_CASE(
    "the summary table prints on A4 landscape with its title and header and page x of y on every page") {
    const Catalogs& loaded = catalogs();
    auto table =
        build_summary_table(jingdezhen_batch(40), "", "", loaded.strings, loaded.profiles, loaded.forms);
    REQUIRE(table.ok());
    CHECK(table->office_known);
    REQUIRE(table->sheet.rows.size() == 40);  // the bid is not on it (summary_table.hpp invariant 1)
    CHECK(table->sheet.rows[39][0] == "40");

    TemporaryDirectory folder;
    const fs::path pdf = folder.path / "summary-12.pdf";
    auto written = print::write_table_pdf(table->sheet, pdf, assets_directory, loaded.strings);
    REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().code + " " + written.error().detail));
    struct stat status {};
    REQUIRE(::stat(pdf.c_str(), &status) == 0);
    CHECK((status.st_mode & 0777) == 0600);  // invariant 3
    CHECK(written->page_count >= 2);
    CHECK(pdf_page_count(pdf) == written->page_count);

    const PdfText text = read_pdf_text(pdf, folder.path);
    CHECK(text.page_width > text.page_height);  // landscape
    CHECK(text.page_width == doctest::Approx(841.89).epsilon(0.01));
    // Invariant 1: every page says what it is (title, batch line, header) and which page it is.
    const std::string title = loaded.strings.text("sync.export.summary.title");
    const std::string topic_header = loaded.strings.text("sync.export.summary.topic");
    for (int page = 1; page <= written->page_count; ++page) {
        CAPTURE(page);
        std::string page_text;
        for (const Line& line : text.lines) {
            if (line.page == page - 1)
                page_text += line.text + "\n";
        }
        CHECK(page_text.find(title) != std::string::npos);
        CHECK(page_text.find("12") != std::string::npos);
        CHECK(page_text.find(topic_header) != std::string::npos);
        CHECK(page_text.find("第" + std::to_string(page) + "页，共" + std::to_string(written->page_count) +
                             "页") != std::string::npos);
    }
    // Invariant 2: every title whole, once (the words of all lines joined).
    std::string all;
    for (const Line& line : text.lines)
        all += line.text;
    for (int index = 1; index <= 40; ++index) {
        const std::string opening = "第" + std::to_string(index) + "项：";
        CAPTURE(opening);
        CHECK(all.find(opening) != std::string::npos);
    }
    CHECK(all.find("一项揭榜方案") == std::string::npos);
    CHECK(all.find("计划科") != std::string::npos);  // the receiving office from the profile

    // For a person to look at (build/print-screenshots/summary-table-page-1.png).
    const fs::path shots = fs::path(JIEBANG_BINARY_DIR) / "print-screenshots";
    fs::create_directories(shots);
    const auto pages = render_pages(pdf, folder.path, 60, "summary");
    REQUIRE(pages.size() == static_cast<std::size_t>(written->page_count));
    fs::copy_file(pages.front(), shots / "summary-table-page-1.png", fs::copy_options::overwrite_existing);

    // The console's preview: the same page as pixels, landscape, white paper with black text on it.
    auto image = print::render_table_page(table->sheet, 0, 1.5, assets_directory, loaded.strings);
    REQUIRE(image.ok());
    CHECK(image->page_count == written->page_count);
    CHECK(image->width > image->height);
    CHECK(image->rgba.size() == static_cast<std::size_t>(image->width) * image->height * 4);
    std::size_t dark = 0;
    for (std::size_t pixel = 0; pixel < image->rgba.size(); pixel += 4)
        dark += image->rgba[pixel] < 100 ? 1 : 0;
    CHECK(dark > 1000);
    CHECK(dark < image->rgba.size() / 8);
    CHECK_FALSE(
        print::render_table_page(table->sheet, written->page_count, 1.5, assets_directory, loaded.strings)
            .ok());
}

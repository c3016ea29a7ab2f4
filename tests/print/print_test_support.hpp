// tests/print/print_test_support.hpp — what the printing tests share: the sample submissions (tests/print/data,
// one complete demand and bid per city), the boards the bids point at, receipt numbers, the real `jiebang` binary,
// and reading PDFs back with poppler (pdftoppm, pdftotext -bbox-layout) and QR codes with zbar (zbarimg).
// Text read back is grouped by the x position where each line starts: the lines of one table column, page after
// page, form one stream, so a value wrapped over many lines (or continued on the next page) reads back whole,
// while the label column beside it (which poppler interleaves line by line) stays in a stream of its own.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/paper/after_submission.hpp"
#include "shared/policy/profile.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/text/strings.hpp"
#include "tests/support/process.hpp"

namespace jiebang::print_test {

namespace fs = std::filesystem;

inline const std::string cli_path = JIEBANG_CLI_PATH;
inline const fs::path data_directory = JIEBANG_TEST_DATA_DIR;
inline const fs::path assets_directory = JIEBANG_SOURCE_ASSETS_DIR;

struct TemporaryDirectory {
    fs::path path;
    TemporaryDirectory() {
        std::random_device random;
        path = fs::temp_directory_path() / ("jiebang-print-" + std::to_string(random()));
        fs::create_directories(path);
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    std::string write(const std::string& name, const std::string& contents) const {
        std::ofstream(path / name, std::ios::binary) << contents;
        return (path / name).string();
    }
};

inline std::string read_file(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    return buffer.str();
}

struct Catalogs {
    StringCatalog strings;
    FormCatalog forms;
    ProfileCatalog profiles;
};

inline const Catalogs& catalogs() {
    static const Catalogs loaded = [] {
        auto strings = StringCatalog::load(assets_directory);
        auto forms = FormCatalog::load(assets_directory);
        auto profiles = ProfileCatalog::load(assets_directory);
        REQUIRE(strings.ok());
        REQUIRE(forms.ok());
        REQUIRE(profiles.ok());
        return Catalogs{std::move(*strings), std::move(*forms), std::move(*profiles)};
    }();
    return loaded;
}

inline const Profile& profile(const std::string& id) {
    const Profile* found = catalogs().profiles.profile(id);
    REQUIRE(found != nullptr);
    return *found;
}

inline AfterSubmissionPolicy policy(const std::string& profile_id) {
    auto loaded = load_after_submission(profile(profile_id), catalogs().forms);
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().detail));
    return *loaded;
}

inline const std::vector<std::string>& cities() {
    static const std::vector<std::string> ids = {"jiangmen", "jingdezhen", "jiaxing"};
    return ids;
}

inline fs::path sample_file(const std::string& city, const std::string& kind) {
    return data_directory / (city + "_" + kind + ".json");
}

inline Submission sample(const std::string& city, const std::string& kind) {
    auto parsed = submission_from_json(read_file(sample_file(city, kind)));
    REQUIRE_MESSAGE(parsed.ok(), sample_file(city, kind).string());
    return *parsed;
}

// The board each city's sample bid is for: one listing per city (Jingdezhen's from a non-enterprise issuer, so the
// local-host rule applies), deadlines after the sample bids were filed.
inline Board board(const std::string& city) {
    Board board;
    board.version = 3;
    board.profile_id = city;
    Listing listing;
    listing.profile_id = city;
    listing.mechanism = "single";
    listing.issuer_kind = "enterprise";
    listing.published_at = 1780000000;
    if (city == "jiangmen") {
        listing.id = "JM-2026-007";
        listing.title = "家电用高效无刷直流电机控制芯片及全速域控制算法";
        listing.industry_id = "smart_home_appliances";
        listing.issuer_name = "江门市示例智能电器有限公司";
        listing.bounty_wan = "450.25";
        listing.deadline = "2026-08-31";
        listing.mechanism = "race";
    } else if (city == "jingdezhen") {
        listing.id = "JDZ-2026-002";
        listing.title = "陶瓷窑炉烧成过程数字化控制共性技术";
        listing.industry_id = "ceramics";
        listing.issuer_name = "景德镇示例陶瓷学院";
        listing.issuer_kind = "non_enterprise";
        listing.bounty_wan = "150";
        listing.deadline = "2026-10-31";
    } else {
        listing.id = "JX-2026-011";
        listing.title = "高耐候抗PID光伏组件封装胶膜";
        listing.industry_id = "new_energy";
        listing.project_type_id = "enterprise_key";
        listing.issuer_name = "嘉兴市示例新材料科技有限公司";
        listing.bounty_wan = "300";
        listing.deadline = "2026-09-30";
    }
    listing.problem = "见榜单";
    listing.targets = "见榜单";
    board.listings.push_back(listing);
    board.hash_hex = board_hash_hex(board);
    return board;
}

// A valid receipt number for a submission: the profile's city code, the terminal's county and number, its date.
inline std::string receipt_for(const Submission& submission, int sequence = 7) {
    const Profile& city = profile(submission.profile_id);
    ReceiptNumber number;
    number.city_code = city.receipt_city_code;
    const County* county = city.county_by_code(submission.terminal_id.substr(0, 6));
    REQUIRE(county != nullptr);
    number.county_code = county->receipt_code;
    number.terminal_number = std::stoi(submission.terminal_id.substr(7));
    const std::time_t time = static_cast<std::time_t>(submission.created_at);
    std::tm local{};
    localtime_r(&time, &local);
    number.year = local.tm_year + 1900;
    number.month = local.tm_mon + 1;
    number.day = local.tm_mday;
    number.sequence = sequence;
    REQUIRE(number.validate().ok());
    return number.text();
}

// [poppler and zbar]

inline test::ProcessResult run(const std::string& program, const std::vector<std::string>& arguments) {
    return test::run_process(program, arguments);
}

inline int pdf_page_count(const fs::path& pdf) {
    const auto info = run("/usr/bin/pdfinfo", {pdf.string()});
    REQUIRE(info.exit_code == 0);
    std::smatch match;
    REQUIRE(std::regex_search(info.out, match, std::regex(R"(Pages:\s+(\d+))")));
    return std::stoi(match[1].str());
}

inline std::vector<fs::path> render_pages(const fs::path& pdf, const fs::path& directory, int dpi,
                                          const std::string& prefix = "page") {
    const auto result = run("/usr/bin/pdftoppm",
                            {"-r", std::to_string(dpi), "-png", pdf.string(), (directory / prefix).string()});
    REQUIRE_MESSAGE(result.exit_code == 0, result.error);
    std::vector<fs::path> pages;
    for (const auto& entry : fs::directory_iterator(directory)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(prefix + "-") && entry.path().extension() == ".png")
            pages.push_back(entry.path());
    }
    std::sort(pages.begin(), pages.end());
    return pages;
}

// Every QR code zbar finds on an image, one payload each.
inline std::vector<std::string> decode_qr_codes(const fs::path& png) {
    // QR codes only: table rules must never be taken for a one-dimensional barcode.
    const auto result =
        run("/usr/bin/zbarimg", {"--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", png.string()});
    std::vector<std::string> payloads;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty())
            payloads.push_back(line);
    }
    return payloads;
}

struct Word {
    int page = 0;
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
    std::string text;
};

struct Line {
    int page = 0;
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
    std::string text;  // words joined without spaces
};

struct PdfText {
    double page_width = 0, page_height = 0;
    int pages = 0;
    std::vector<Word> words;
    std::vector<Line> lines;
};

inline std::string xml_unescape(std::string text) {
    const std::pair<const char*, const char*> entities[] = {{"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
                                                            {"&apos;", "'"}, {"&#39;", "'"}, {"&amp;", "&"}};
    for (const auto& [entity, character] : entities) {
        for (std::size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1))
            text.replace(at, std::strlen(entity), character);
    }
    return text;
}

// pdftotext -bbox-layout: pages, lines and words with their boxes (points).
inline PdfText read_pdf_text(const fs::path& pdf, const fs::path& scratch) {
    const fs::path html = scratch / (pdf.stem().string() + ".bbox.html");
    const auto result = run("/usr/bin/pdftotext", {"-bbox-layout", pdf.string(), html.string()});
    REQUIRE_MESSAGE(result.exit_code == 0, result.error);
    const std::string text = read_file(html);
    PdfText out;
    const std::regex page_tag(R"re(<page width="([\d.]+)" height="([\d.]+)">)re");
    const std::regex line_tag(
        R"re(<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">)re");
    const std::regex word_tag(
        R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
    int page = -1;
    Line* current_line = nullptr;
    const std::regex any_tag(R"re(<page [^>]*>|<line [^>]*>|<word [^>]*>[^<]*</word>)re");
    for (auto match = std::sregex_iterator(text.begin(), text.end(), any_tag);
         match != std::sregex_iterator(); ++match) {
        const std::string tag = match->str();
        std::smatch parts;
        if (std::regex_match(tag, parts, page_tag)) {
            ++page;
            out.page_width = std::stod(parts[1].str());
            out.page_height = std::stod(parts[2].str());
        } else if (std::regex_match(tag, parts, line_tag)) {
            out.lines.push_back(Line{page, std::stod(parts[1].str()), std::stod(parts[2].str()),
                                     std::stod(parts[3].str()), std::stod(parts[4].str()), ""});
            current_line = &out.lines.back();
        } else if (std::regex_match(tag, parts, word_tag)) {
            Word word{page,
                      std::stod(parts[1].str()),
                      std::stod(parts[2].str()),
                      std::stod(parts[3].str()),
                      std::stod(parts[4].str()),
                      xml_unescape(parts[5].str())};
            if (current_line != nullptr)
                current_line->text += word.text;
            out.words.push_back(std::move(word));
        }
    }
    out.pages = page + 1;
    return out;
}

inline std::string without_whitespace(const std::string& text) {
    std::string out;
    for (char character : text) {
        if (character != ' ' && character != '\n' && character != '\t' && character != '\r')
            out.push_back(character);
    }
    return out;
}

// The lines starting at the same x (to the nearest point), page after page, top to bottom: one stream per column.
inline std::map<long, std::string> column_streams(const PdfText& text, int first_page = 0,
                                                  int end_page = 1 << 30) {
    std::vector<const Line*> ordered;
    for (const Line& line : text.lines) {
        if (line.page >= first_page && line.page < end_page)
            ordered.push_back(&line);
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const Line* a, const Line* b) {
        return a->page != b->page ? a->page < b->page : a->y_min < b->y_min;
    });
    std::map<long, std::string> streams;
    for (const Line* line : ordered)
        streams[std::lround(line->x_min)] += line->text;
    return streams;
}

inline bool in_some_stream(const std::map<long, std::string>& streams, const std::string& value) {
    const std::string wanted = without_whitespace(value);
    return std::any_of(streams.begin(), streams.end(),
                       [&](const auto& stream) { return stream.second.find(wanted) != std::string::npos; });
}

// A short text (a label) laid out in one cell, maybe centred over several lines: consecutive lines of one page, each
// centred near the first, whose texts join to exactly `text`.
inline bool in_one_cell(const PdfText& pdf, const std::string& text, int first_page = 0,
                        int end_page = 1 << 30) {
    const std::string wanted = without_whitespace(text);
    std::vector<const Line*> ordered;
    for (const Line& line : pdf.lines) {
        if (line.page >= first_page && line.page < end_page)
            ordered.push_back(&line);
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const Line* a, const Line* b) {
        return a->page != b->page ? a->page < b->page : a->y_min < b->y_min;
    });
    for (std::size_t start = 0; start < ordered.size(); ++start) {
        const Line& first = *ordered[start];
        if (first.text.empty() || !wanted.starts_with(first.text))
            continue;
        std::string joined = first.text;
        const double centre = (first.x_min + first.x_max) / 2;
        double bottom = first.y_max;
        for (std::size_t next = start + 1; next < ordered.size() && joined.size() < wanted.size(); ++next) {
            const Line& line = *ordered[next];
            if (line.page != first.page || line.y_min > bottom + 12)
                break;
            if (std::abs((line.x_min + line.x_max) / 2 - centre) > 40 &&
                std::abs(line.x_min - first.x_min) > 1)
                continue;  // a line of another cell at about the same height
            if (!wanted.substr(joined.size()).starts_with(line.text))
                continue;
            joined += line.text;
            bottom = line.y_max;
        }
        if (joined == wanted)
            return true;
    }
    return false;
}

// All text of some pages in reading order, without whitespace (for single-column pages such as a letter).
inline std::string page_text(const PdfText& text, int first_page, int end_page) {
    std::vector<const Line*> ordered;
    for (const Line& line : text.lines) {
        if (line.page >= first_page && line.page < end_page)
            ordered.push_back(&line);
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const Line* a, const Line* b) {
        if (a->page != b->page)
            return a->page < b->page;
        if (std::abs(a->y_min - b->y_min) > 2)
            return a->y_min < b->y_min;
        return a->x_min < b->x_min;
    });
    std::string out;
    for (const Line* line : ordered)
        out += line->text;
    return out;
}

}  // namespace jiebang::print_test

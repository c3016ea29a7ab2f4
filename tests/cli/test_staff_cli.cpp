// tests/cli/test_staff_cli.cpp — the staff side of the real `jiebang` binary: `--help` on every group and
// command (found by reading the help itself, so a new command cannot be missed), malformed numbers and dates
// as usage errors naming the option (exit 2), bounded input, stores that are never created by a staff command,
// a damaged store reported as such, staff key files, and the modes of what is created (issue 9 item 6).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "sync/aggregator/aggregator_store.hpp"
#include "tests/support/damaged_database.hpp"
#include "tests/support/process.hpp"

namespace {

using jiebang::test::run_process;
namespace fs = std::filesystem;

const std::string cli = JIEBANG_CLI_PATH;

struct Folder {
    fs::path path;
    Folder() {
        std::random_device random;
        path = fs::temp_directory_path() / ("jiebang-staff-cli-" + std::to_string(random()));
        fs::create_directories(path);
    }
    ~Folder() { fs::remove_all(path); }
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    fs::path operator/(const std::string& name) const { return path / name; }
};

unsigned mode_of(const fs::path& file) {
    struct stat information {};
    REQUIRE(stat(file.c_str(), &information) == 0);
    return information.st_mode & 0777;
}

// A county store with `count` submissions, created the way the aggregator creates it.
fs::path county_store(const Folder& folder, int count) {
    const fs::path file = folder / "data" / "aggregator.sqlite";
    auto store = jiebang::sync::AggregatorStore::open(file);
    REQUIRE(store.ok());
    REQUIRE(store->set_setting("role", "county").ok());
    auto transaction = jiebang::store::Transaction::begin(store->database());
    REQUIRE(transaction.ok());
    for (int number = 0; number < count; ++number) {
        jiebang::sync::StoredSubmission submission;
        char id[40];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", number);
        submission.submission_id = id;
        submission.kind = "demand";
        submission.receipt_number = "JM-03-041-20261122-" + std::to_string(1000 + number) + "-X";
        submission.canonical_content = "{\"padding\":\"" + std::string(600, 'x') + "\"}";
        submission.via_node = "440703-041";
        submission.county_admin_code = "440703";
        submission.project_name = "需求 " + std::to_string(number);
        submission.received_at = 1795000000 + number;
        REQUIRE(store->insert_submission(submission, nullptr).ok());
    }
    REQUIRE(transaction->commit().ok());
    return file;
}

// The subcommands listed under "Subcommands:" in a help text.
std::vector<std::string> subcommands_in(const std::string& help) {
    std::vector<std::string> names;
    std::istringstream lines(help);
    std::string line;
    bool in_list = false;
    while (std::getline(lines, line)) {
        if (line.rfind("Subcommands:", 0) == 0) {
            in_list = true;
            continue;
        }
        if (in_list && line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') {
            std::istringstream words(line);
            std::string name;
            words >> name;
            names.push_back(name);
        } else if (in_list && !line.empty()) {
            in_list = false;
        }
    }
    return names;
}

}  // namespace

TEST_CASE("--help works on the tool and on every group and command") {
    auto top = run_process(cli, {"--help"});
    REQUIRE(top.exit_code == 0);
    const auto groups = subcommands_in(top.out);
    const std::set<std::string> expected = {"submissions", "terminal", "batches", "board", "bids",    "feed",
                                            "export",      "report",   "staff",   "audit", "validate"};
    for (const std::string& name : expected)
        CHECK_MESSAGE(std::find(groups.begin(), groups.end(), name) != groups.end(), name);
    int commands = 0;
    for (const std::string& group : groups) {
        auto help = run_process(cli, {group, "--help"});
        CHECK_MESSAGE(help.exit_code == 0, group);
        CHECK_MESSAGE(
            (help.out.find("Usage:") != std::string::npos || help.out.find("usage:") != std::string::npos),
            group);
        for (const std::string& command : subcommands_in(help.out)) {
            auto inner = run_process(cli, {group, command, "--help"});
            CHECK_MESSAGE(inner.exit_code == 0, group << " " << command);
            CHECK_MESSAGE(inner.out.find("Usage:") != std::string::npos, group << " " << command);
            ++commands;
        }
    }
    CHECK(commands >= 25);
}

TEST_CASE("malformed numbers and dates are usage errors naming the option") {
    Folder folder;
    const std::string store = county_store(folder, 1).string();
    struct Case {
        std::vector<std::string> arguments;
        std::string option;
    };
    const std::vector<Case> cases = {
        {{"submissions", "list", "--store", store, "--limit", "abc"}, "--limit"},
        {{"submissions", "list", "--store", store, "--limit", "0"}, "--limit"},
        {{"feed", "tail", "--store", store, "--from", "xyz"}, "--from"},
        {{"feed", "tail", "--store", store, "--from", "-3"}, "--from"},
        {{"report", "monthly", "--store", store, "--county", "440703", "--month", "2026-1x"}, "--month"},
        {{"report", "monthly", "--store", store, "--county", "440703", "--month", "2026-13"}, "--month"},
        {{"export", "full", "--store", store, "--format", "pdf", "--out", "x"}, "--format"},
        {{"submissions", "list", "--store", store, "--state", "sideways"}, "--state"},
        {{"batches", "show", "--store", store, "1.5"}, "NUMBER"},
        {{"submissions", "return", "--store", store, "JM-1"}, "--reason"},
        {{"submissions", "frobnicate", "--store", store}, "frobnicate"},
    };
    for (const Case& each : cases) {
        auto result = run_process(cli, each.arguments);
        CHECK_MESSAGE(result.exit_code == 2, each.option << ": " << result.error);
        CHECK_MESSAGE(result.error.find(each.option) != std::string::npos, result.error);
    }
}

TEST_CASE(
    "staff commands never create a store: missing, empty and foreign files are errors naming the file") {
    Folder folder;
    const fs::path missing = folder / "no-such.sqlite";
    auto on_missing = run_process(cli, {"submissions", "list", "--store", missing.string()});
    CHECK(on_missing.exit_code == 1);
    CHECK(on_missing.error.find("staff.store_missing") != std::string::npos);
    CHECK(on_missing.error.find(missing.string()) != std::string::npos);
    CHECK_FALSE(fs::exists(missing));

    const fs::path empty = folder / "empty.sqlite";
    std::ofstream(empty).close();
    for (const std::vector<std::string>& command : {std::vector<std::string>{"submissions", "list"},
                                                    {"terminal", "list"},
                                                    {"feed", "tail"},
                                                    {"staff", "list"},
                                                    {"board", "publish"}}) {
        std::vector<std::string> arguments = command;
        arguments.insert(arguments.end(), {"--store", empty.string()});
        auto result = run_process(cli, arguments);
        CHECK(result.exit_code == 1);
        CHECK(result.error.find("staff.not_a_store") != std::string::npos);
        CHECK(result.error.find(empty.string()) != std::string::npos);
    }
    CHECK(fs::file_size(empty) == 0);
    CHECK_FALSE(fs::exists(folder / "empty.sqlite-wal"));

    // An SQLite file of something else (a terminal's store, say) is not turned into an aggregator's.
    const fs::path foreign = folder / "foreign.sqlite";
    {
        auto database = jiebang::store::Database::open(foreign, {{1, "CREATE TABLE outbox (id TEXT);"}});
        REQUIRE(database.ok());
    }
    const auto size = fs::file_size(foreign);
    auto result = run_process(cli, {"staff", "list", "--store", foreign.string()});
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("staff.not_a_store") != std::string::npos);
    CHECK(fs::file_size(foreign) == size);
}

TEST_CASE("validate stops reading /dev/zero at a sane limit with a clear error") {
    auto result = run_process(cli, {"validate", "demand", "/dev/zero", "--profile", "jiangmen"});
    CHECK(result.exit_code == 3);
    CHECK(result.error.find("file.too_large") != std::string::npos);
    CHECK(result.error.find("/dev/zero") != std::string::npos);
}

TEST_CASE("feed tail on a damaged store exits non-zero and names the problem") {
    Folder folder;
    const fs::path store = county_store(folder, 400);
    auto healthy = run_process(cli, {"feed", "tail", "--store", store.string()});
    REQUIRE(healthy.exit_code == 0);
    CHECK(std::count(healthy.out.begin(), healthy.out.end(), '\n') == 400);
    const std::int64_t page = jiebang::test_support::leaf_page_of(store, "submissions", 20);
    REQUIRE(page > 0);
    jiebang::test_support::damage_page(store, page);
    auto damaged = run_process(cli, {"feed", "tail", "--store", store.string()});
    CHECK(damaged.exit_code == 1);
    CHECK(damaged.error.find("store.corrupt") != std::string::npos);
}

TEST_CASE("staff add writes a sealed 0600 key file and a wrong passphrase is a clear error") {
    Folder folder;
    const std::string store = county_store(folder, 0).string();
    const fs::path key = folder / "li-ming.key";
    const std::vector<std::pair<std::string, std::string>> passphrase = {
        {"JIEBANG_PASSPHRASE", "县科技局审核2026"}};
    auto added = run_process(
        cli,
        {"staff", "add", "--store", store, "--name", "李明", "--role", "reviewer", "--key-out", key.string()},
        passphrase);
    INFO(added.error);
    REQUIRE(added.exit_code == 0);
    CHECK(added.out.find("added staff-0001 (reviewer)") != std::string::npos);
    CHECK(mode_of(key) == 0600);

    auto listed = run_process(cli, {"staff", "list", "--store", store});
    REQUIRE(listed.exit_code == 0);
    CHECK(listed.out.find("staff-0001\t李明\treviewer\tactive") != std::string::npos);

    auto opened = run_process(cli, {"staff", "key-info", "--staff-key", key.string()}, passphrase);
    CHECK(opened.exit_code == 0);
    CHECK(opened.out.find("staff-0001") != std::string::npos);
    auto wrong = run_process(cli, {"staff", "key-info", "--staff-key", key.string()},
                             {{"JIEBANG_PASSPHRASE", "县科技局审核2025"}});
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.error.find("staff_key.wrong_passphrase") != std::string::npos);

    // Never over an existing file; a weak passphrase is refused before anything is enrolled.
    auto again = run_process(
        cli,
        {"staff", "add", "--store", store, "--name", "王芳", "--role", "admin", "--key-out", key.string()},
        passphrase);
    CHECK(again.exit_code == 1);
    CHECK(again.error.find("staff_key.exists") != std::string::npos);
    auto weak = run_process(cli,
                            {"staff", "add", "--store", store, "--name", "王芳", "--role", "admin",
                             "--key-out", (folder / "weak.key").string()},
                            {{"JIEBANG_PASSPHRASE", "short"}});
    CHECK(weak.exit_code == 1);
    CHECK(weak.error.find("staff_key.weak_passphrase") != std::string::npos);
    CHECK_FALSE(fs::exists(folder / "weak.key"));
    auto bad_role = run_process(
        cli, {"staff", "add", "--store", store, "--name", "王芳", "--role", "boss", "--key-out", "x"},
        passphrase);
    CHECK(bad_role.exit_code == 2);
    CHECK(bad_role.error.find("--role") != std::string::npos);

    REQUIRE(run_process(cli, {"staff", "revoke", "--store", store, "--id", "staff-0001"}).exit_code == 0);
    listed = run_process(cli, {"staff", "list", "--store", store});
    CHECK(listed.out.find("staff-0001\t李明\treviewer\trevoked") != std::string::npos);
    CHECK(listed.out.find("staff-0002") == std::string::npos);  // nothing half-enrolled above
    CHECK(run_process(cli, {"staff", "revoke", "--store", store, "--id", "staff-0001"}).exit_code == 1);
}

TEST_CASE("stores are created 0600 in a 0700 folder, and exports are 0600") {
    Folder folder;
    const fs::path store = county_store(folder, 2);
    CHECK(mode_of(store.parent_path()) == 0700);
    CHECK(mode_of(store) == 0600);
    if (fs::exists(store.string() + "-wal"))
        CHECK(mode_of(store.string() + "-wal") == 0600);
    const fs::path out = folder / "full.csv";
    auto exported = run_process(cli, {"report", "monthly", "--store", store.string(), "--county", "440703",
                                      "--month", "2026-11", "--format", "csv", "--out", out.string()});
    INFO(exported.error);
    REQUIRE(exported.exit_code == 0);
    CHECK(fs::exists(folder / "full-counts.csv"));  // one table per file (tables.hpp invariant 2)
    CHECK(fs::exists(folder / "full-listings.csv"));
    for (const auto& entry : fs::directory_iterator(folder.path)) {
        if (entry.path().filename().string().rfind("full", 0) == 0)
            CHECK_MESSAGE(mode_of(entry.path()) == 0600, entry.path());
    }
}

namespace {

std::string read_text(const fs::path& file) {
    std::ifstream input(file, std::ios::binary);
    std::ostringstream content;
    content << input.rdbuf();
    return content.str();
}

std::string without_spaces(const std::string& text) {
    std::string kept;
    for (char character : text) {
        if (character != ' ' && character != '\n' && character != '\r' && character != '\f')
            kept += character;
    }
    return kept;
}

}  // namespace

// Issue 9 defect 4 and item 5: the 汇总表 of one batch holds exactly the demands forwarded in it (not the
// accepted ones still waiting, not a demand recalled from it), and prints as a bureau expects: A4 landscape,
// one page wide (every page carries the first and the last column), the header row on every page, and a long
// title kept whole over several lines. Checked the way a clerk prints it: LibreOffice converts the XLSX to PDF,
// poppler reads it back (the pages are also rendered to PNG under the folder for a person to look at).
TEST_CASE(
    "the summary table of a batch prints on A4 landscape, one page wide, header on every page, titles "
    "whole") {
    Folder folder;
    const fs::path file = folder / "data" / "aggregator.sqlite";
    const std::string long_title =
        "面向大尺寸日用陶瓷与艺术陶瓷的高温窑炉智能烧成控制系统：多区温场在线感知、釉面缺陷实时识别与"
        "烧成曲线自适应优化的关键技术研究及其在景德镇陶瓷产区的示范应用";
    {
        auto store = jiebang::sync::AggregatorStore::open(file);
        REQUIRE(store.ok());
        REQUIRE(store->set_setting("role", "county").ok());
        for (int number = 0; number < 42; ++number) {
            jiebang::sync::StoredSubmission submission;
            char id[40];
            std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", number);
            submission.submission_id = id;
            submission.kind = "demand";
            submission.receipt_number = "JDZ-03-041-20261122-" + std::to_string(1000 + number) + "-X";
            submission.canonical_content = "{}";
            submission.via_node = "360203-041";
            submission.county_admin_code = "360203";
            submission.profile_id = "jingdezhen";
            submission.industry_id = "ceramics";
            submission.project_name = number == 7 ? long_title : "陶瓷需求 " + std::to_string(number);
            submission.received_at = 1795000000 + number;
            REQUIRE(store->insert_submission(submission, nullptr).ok());
        }
    }
    auto staff = [&](std::vector<std::string> arguments) {
        arguments.insert(arguments.begin() + 2, {"--store", file.string()});
        auto result = run_process(cli, arguments);
        INFO(result.error);
        CHECK(result.exit_code == 0);
        return result;
    };
    std::vector<std::string> forward = {"submissions", "forward"};
    for (int number = 0; number < 42; ++number) {
        const std::string receipt = "JDZ-03-041-20261122-" + std::to_string(1000 + number) + "-X";
        staff({"submissions", "accept", receipt});
        if (number < 40)
            forward.push_back(receipt);
    }
    staff(forward);  // batch 1: 40 demands; two stay accepted, outside any batch
    staff({"submissions", "recall", "JDZ-03-041-20261122-1039-X"});  // recalled: no longer in batch 1

    const fs::path xlsx = folder / "summary.xlsx";
    staff({"export", "summary", "--batch", "1", "--format", "xlsx", "--out", xlsx.string()});
    const fs::path csv = folder / "summary.csv";
    staff({"export", "summary", "--batch", "1", "--format", "csv", "--out", csv.string()});
    const std::string table = read_text(csv);
    CHECK(table.find("陶瓷需求 38") != std::string::npos);
    CHECK(table.find("陶瓷需求 39") == std::string::npos);   // recalled
    CHECK(table.find("陶瓷需求 40") == std::string::npos);   // accepted, never forwarded
    CHECK(table.find("计划科") != std::string::npos);        // 受理处室 from the profile (seed 002)
    CHECK(table.find("珠山区科技局") != std::string::npos);  // 主管单位: the county's bureau
    // The same table as the PDF the console prints (platform/print/table_printout.hpp): same rows, 0600.
    const fs::path direct = folder / "summary-direct.pdf";
    staff({"export", "summary", "--batch", "1", "--format", "pdf", "--out", direct.string()});
    const auto direct_info = run_process("/usr/bin/pdfinfo", {direct.string()});
    CHECK(direct_info.out.find("841.89 x 595") != std::string::npos);  // A4 landscape
    const std::string direct_text = run_process("/usr/bin/pdftotext", {direct.string(), "-"}).out;
    CHECK(direct_text.find("陶瓷需求 38") != std::string::npos);
    CHECK(direct_text.find("陶瓷需求 39") == std::string::npos);  // recalled
    CHECK(direct_text.find("陶瓷需求 40") == std::string::npos);  // accepted, never forwarded
    CHECK(direct_text.find("珠山区科技局") != std::string::npos);
    CHECK((fs::status(direct).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));

    auto converted =
        run_process("/usr/bin/soffice",
                    {"--headless", "-env:UserInstallation=file://" + (folder / "office-profile").string(),
                     "--convert-to", "pdf", "--outdir", folder.path.string(), xlsx.string()});
    INFO(converted.out << converted.error);
    const fs::path pdf = folder / "summary.pdf";
    REQUIRE(fs::exists(pdf));
    auto info = run_process("/usr/bin/pdfinfo", {pdf.string()});
    REQUIRE(info.exit_code == 0);
    CHECK(info.out.find("841.89 x 595") != std::string::npos);  // A4 landscape (points)
    const auto pages_at = info.out.find("Pages:");
    REQUIRE(pages_at != std::string::npos);
    const int pages = std::stoi(info.out.substr(pages_at + 6));
    CHECK(pages >= 2);  // 39 rows do not fit one page: the header must repeat
    for (int page = 1; page <= pages; ++page) {
        auto text = run_process("/usr/bin/pdftotext",
                                {"-f", std::to_string(page), "-l", std::to_string(page), pdf.string(), "-"});
        REQUIRE(text.exit_code == 0);
        const std::string compact = without_spaces(text.out);
        CAPTURE(page);
        CHECK(compact.find("序号") != std::string::npos);      // the first column, on every page
        CHECK(compact.find("主管单位") != std::string::npos);  // the last column: one page wide
        CHECK(compact.find("重大技术需求（难题）题目") != std::string::npos);  // the header repeated
    }
    auto all_text = run_process("/usr/bin/pdftotext", {pdf.string(), "-"});
    // Whole over its wrapped lines (pdftotext puts the next cell, the bureau, beside the first line).
    std::string all_compact = without_spaces(all_text.out);
    for (std::size_t at = all_compact.find("珠山区科技局"); at != std::string::npos;
         at = all_compact.find("珠山区科技局"))
        all_compact.erase(at, std::string("珠山区科技局").size());
    CHECK(all_compact.find(without_spaces(long_title)) != std::string::npos);
    const char* keep = std::getenv("JIEBANG_PRINT_PAGES_DIR");
    if (keep != nullptr) {
        fs::copy_file(pdf, fs::path(keep) / "summary-batch.pdf", fs::copy_options::overwrite_existing);
        fs::copy_file(xlsx, fs::path(keep) / "summary-batch.xlsx", fs::copy_options::overwrite_existing);
    }
}

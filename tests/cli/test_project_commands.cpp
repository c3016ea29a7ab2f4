// tests/cli/test_project_commands.cpp — `jiebang project …` end to end: the real binary on a real store file,
// a board file as `jiebang board show` prints it, exit codes, the audit record on stdout, refusals on stderr with
// their stable codes, `show` as JSON and the XLSX register read back from the file (python3's zipfile). The
// invariants cited (I4, I5, I7, I11, I14) are those of docs/lifecycle.md.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "shared/domain/board.hpp"
#include "tests/support/process.hpp"

namespace {

using jiebang::test::ProcessResult;
using jiebang::test::run_process;

const std::string project_cli = JIEBANG_CLI_PATH;

struct ProjectFolder {
    std::filesystem::path path;
    ProjectFolder() {
        std::random_device random;
        path = std::filesystem::temp_directory_path() / ("jiebang-project-cli-" + std::to_string(random()));
        std::filesystem::create_directories(path);
    }
    ~ProjectFolder() { std::filesystem::remove_all(path); }
    ProjectFolder(const ProjectFolder&) = delete;
    ProjectFolder& operator=(const ProjectFolder&) = delete;
    std::string store() const { return (path / "projects.sqlite").string(); }
};

// A board of the city with one listing per id, written as the board command prints it.
std::string write_board(const ProjectFolder& folder, const std::string& profile,
                        const std::vector<std::string>& ids, const std::string& issuer_kind,
                        const std::string& bounty, const std::string& mechanism = "single") {
    jiebang::Board board;
    board.version = 3;
    board.profile_id = profile;
    for (const std::string& id : ids) {
        jiebang::Listing listing;
        listing.id = id;
        listing.profile_id = profile;
        listing.title = "陶瓷3D打印釉料攻关";
        listing.industry_id = profile == "jingdezhen" ? "ceramics" : "smart_home_appliances";
        listing.mechanism = mechanism;
        listing.issuer_name = "景德镇示例陶瓷有限公司";
        listing.issuer_kind = issuer_kind;
        listing.problem = "釉料流平性差";
        listing.targets = "良品率提高到95%";
        listing.bounty_wan = bounty;
        listing.published_at = 1780000000;
        board.listings.push_back(listing);
    }
    const std::string file = (folder.path / "board.json").string();
    std::ofstream(file) << jiebang::board_to_json(board);
    return file;
}

// Runs `jiebang project WORDS... --store S` with the actor options for `role` (empty role: none given).
ProcessResult project(const ProjectFolder& folder, std::vector<std::string> words,
                      const std::string& role = "admin") {
    std::vector<std::string> arguments = {"project"};
    arguments.insert(arguments.end(), words.begin(), words.end());
    arguments.insert(arguments.end(), {"--store", folder.store()});
    if (!role.empty())
        arguments.insert(arguments.end(), {"--actor", "staff-" + role, "--role", role});
    return run_process(project_cli, arguments);
}

void done(const ProcessResult& result) {
    INFO("stderr: " << result.error);
    REQUIRE(result.exit_code == 0);
}

nlohmann::json record_of(const ProcessResult& result) {
    done(result);
    return nlohmann::json::parse(result.out);
}

// Reads a file inside the XLSX (a zip) with python3's zipfile: an independent reader of what we wrote.
std::string read_from_xlsx(const std::string& xlsx, const std::string& member) {
    const ProcessResult result = run_process(
        "/usr/bin/python3",
        {"-c",
         "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
         xlsx, member});
    INFO("python3: " << result.error);
    REQUIRE(result.exit_code == 0);
    return result.out;
}

// A Jingdezhen listing taken by the command line through review, selection, 立项, the plan and the contract.
void jingdezhen_contract(const ProjectFolder& folder, const std::string& board, const std::string& id) {
    done(project(folder,
                 {"create", "--profile", "jingdezhen", "--board", board, "--listing", id, "--county",
                  "360203", "--date", "2026-02-01"},
                 "publisher"));
    done(project(folder,
                 {"bid", id, "--bid", "B1", "--solver", "景德镇陶瓷大学", "--team", "釉料团队", "--uscc",
                  "91440703MA4U111142", "--date", "2026-02-10"},
                 "reviewer"));
    done(project(folder,
                 {"bid", id, "--bid", "B2", "--solver", "景德镇陶瓷大学", "--team", "窑炉团队", "--uscc",
                  "91440703MA4U111142", "--date", "2026-02-10"},
                 "reviewer"));
    for (const char* bid : {"B1", "B2"})
        done(project(folder,
                     {"score", id, "--bid", bid, "--expert", "E1", "--score", "86", "--date", "2026-02-20"},
                     "reviewer"));
    done(project(folder, {"recommend", id, "--bid", "B1", "--yes", "--date", "2026-02-21"}, "reviewer"));
    done(project(folder, {"recommend", id, "--bid", "B2", "--no", "--date", "2026-02-21"}, "reviewer"));
    done(project(folder, {"select", id, "--bids", "B1", "--issuer-consent", "--date", "2026-03-01"},
                 "publisher"));
    done(project(folder, {"approve", id, "--date", "2026-03-10"}));
    done(project(folder, {"plan", id, "--date", "2026-03-10"}, "publisher"));
    done(project(folder,
                 {"agree", id, "--bid", "B1", "--start", "2026-04-01", "--end", "2029-03-31", "--value",
                  "300", "--date", "2026-03-20"},
                 "publisher"));
}

}  // namespace

TEST_CASE("jiebang project: a Jingdezhen project from the board to a failed acceptance at 79 % (I5, I7)") {
    ProjectFolder folder;
    const std::string board = write_board(folder, "jingdezhen", {"JDZ-2026-001"}, "enterprise", "300");
    const std::string id = "JDZ-2026-001";
    jingdezhen_contract(folder, board, id);

    const nlohmann::json paid =
        record_of(project(folder, {"pay", id, "--tranche", "contract", "--date", "2026-03-25"}));
    CHECK(paid["action"] == "pay_tranche");
    CHECK(paid["actor"] == "staff-admin");
    CHECK(paid["role"] == "admin");
    CHECK(paid["after"]["amount"] == "90");

    const ProcessResult early = project(folder, {"pay", id, "--tranche", "midterm", "--date", "2026-03-25"});
    CHECK(early.exit_code == 1);
    CHECK(early.error.find("lifecycle.tranche_not_due") != std::string::npos);
    CHECK(early.error.find("不能拨付") != std::string::npos);  // the catalogue's Chinese message
    CHECK(early.out.empty());

    done(project(folder, {"midterm", id, "--outcome", "continue", "--date", "2027-09-15"}, "reviewer"));
    done(project(folder, {"pay", id, "--tranche", "midterm", "--date", "2027-09-20"}));
    const nlohmann::json failed = record_of(
        project(folder,
                {"accept", id, "--completion", "79", "--applied", "2029-04-10", "--met",
                 "documents_genuine,no_unresolved_disputes,funds_used_properly,no_integrity_problems",
                 "--date", "2029-04-20"},
                "reviewer"));
    CHECK(failed["state_after"] == "acceptance_failed");
    CHECK(failed["after"]["tranche.acceptance"] == "withheld");
    const ProcessResult withheld =
        project(folder, {"pay", id, "--tranche", "acceptance", "--date", "2029-05-01"});
    CHECK(withheld.exit_code == 1);
    CHECK(withheld.error.find("lifecycle.tranche_withheld") != std::string::npos);
    done(project(folder, {"close", id, "--date", "2029-05-02"}, "publisher"));

    const ProcessResult shown = run_process(project_cli, {"project", "show", id, "--store", folder.store()});
    done(shown);
    const nlohmann::json document = nlohmann::json::parse(shown.out);
    CHECK(document["state"] == "closed");
    CHECK(document["project_number"] == "JDZJB-2026-001");
    CHECK(document["funding"]["subsidy_wan"] == "180");
    CHECK(document["paid_wan"] == "144");
    CHECK(document["tranches"][2]["state"] == "withheld");
    CHECK(document["bids"].size() == 2);  // two teams of one unit
    CHECK(document["bids"][0]["solver_uscc"] == document["bids"][1]["solver_uscc"]);
    CHECK(document["timeline"].size() == 16);
    CHECK(document["timeline"][0]["action"] == "create");
    CHECK(document["timeline"].back()["action"] == "close");
}

TEST_CASE(
    "jiebang project: roles, deadlines, limits and bad input are refused with codes, nothing written (I4, "
    "I11, I14)") {
    ProjectFolder folder;
    const std::string board = write_board(
        folder, "jingdezhen",
        {"JDZ-2026-101", "JDZ-2026-102", "JDZ-2026-103", "JDZ-2026-104", "JDZ-2026-105", "JDZ-2026-106"},
        "non_enterprise", "200");
    // No store yet: every command but create says so (exit 3).
    const ProcessResult missing = run_process(project_cli, {"project", "list", "--store", folder.store()});
    CHECK(missing.exit_code == 3);
    CHECK(missing.error.find("project.store_missing") != std::string::npos);

    const ProcessResult not_listed = project(folder,
                                             {"create", "--profile", "jingdezhen", "--board", board,
                                              "--listing", "JDZ-2026-999", "--county", "360203"},
                                             "publisher");
    CHECK(not_listed.exit_code == 1);
    CHECK(not_listed.error.find("project.listing_not_on_board") != std::string::npos);
    const ProcessResult county_role = project(folder,
                                              {"create", "--profile", "jingdezhen", "--board", board,
                                               "--listing", "JDZ-2026-101", "--county", "360203"},
                                              "county");
    CHECK(county_role.exit_code == 1);
    CHECK(county_role.error.find("lifecycle.role_not_allowed") != std::string::npos);
    const ProcessResult no_actor = project(folder,
                                           {"create", "--profile", "jingdezhen", "--board", board,
                                            "--listing", "JDZ-2026-101", "--county", "360203"},
                                           "");
    CHECK(no_actor.exit_code == 1);
    CHECK(no_actor.error.find("project.missing_option") != std::string::npos);
    const ProcessResult bad_role =
        run_process(project_cli, {"project", "create", "--store", folder.store(), "--profile", "jingdezhen",
                                  "--board", board, "--listing", "JDZ-2026-101", "--county", "360203",
                                  "--actor", "x", "--role", "boss"});
    CHECK(bad_role.exit_code == 1);
    CHECK(bad_role.error.find("project.bad_value") != std::string::npos);
    const ProcessResult unknown_option =
        project(folder, {"pay", "JDZ-2026-101", "--tranche", "x", "--amount", "9"});
    CHECK(unknown_option.exit_code == 2);
    CHECK(unknown_option.error.find("unknown option --amount") != std::string::npos);
    const ProcessResult unknown_command = project(folder, {"fund", "JDZ-2026-101"});
    CHECK(unknown_command.exit_code == 2);

    for (int number = 1; number <= 6; ++number) {
        const std::string id = "JDZ-2026-10" + std::to_string(number);
        done(project(folder,
                     {"create", "--profile", "jingdezhen", "--board", board, "--listing", id, "--county",
                      "city_level", "--date", "2026-02-01"},
                     "publisher"));
        done(project(folder, {"bid", id, "--bid", "B1", "--solver", "示例研究院", "--date", "2026-02-10"},
                     "reviewer"));
        done(project(folder,
                     {"score", id, "--bid", "B1", "--expert", "E1", "--score", "90", "--date", "2026-02-11"},
                     "reviewer"));
        done(project(folder, {"recommend", id, "--bid", "B1", "--yes", "--date", "2026-02-12"}, "reviewer"));
        done(project(folder, {"select", id, "--bids", "B1", "--date", "2026-03-01"}, "publisher"));
    }
    const ProcessResult bad_date = project(folder, {"approve", "JDZ-2026-101", "--date", "2026-02-30"});
    CHECK(bad_date.exit_code == 1);
    CHECK(bad_date.error.find("lifecycle.date_format") != std::string::npos);
    const ProcessResult by_publisher =
        project(folder, {"approve", "JDZ-2026-101", "--date", "2026-03-10"}, "publisher");
    CHECK(by_publisher.exit_code == 1);
    CHECK(by_publisher.error.find("lifecycle.role_not_allowed") != std::string::npos);
    for (int number = 1; number <= 5; ++number)
        done(project(folder, {"approve", "JDZ-2026-10" + std::to_string(number), "--date", "2026-03-10"}));
    const ProcessResult sixth = project(folder, {"approve", "JDZ-2026-106", "--date", "2026-06-10"});
    CHECK(sixth.exit_code == 1);
    CHECK(sixth.error.find("lifecycle.yearly_limit_reached") != std::string::npos);
    CHECK(sixth.error.find("2026") != std::string::npos);

    // I4: the deadline is 30 days after 立项; signing after it is refused, forfeiting before it too.
    const ProcessResult late = project(folder,
                                       {"agree", "JDZ-2026-101", "--bid", "B1", "--start", "2026-05-01",
                                        "--end", "2029-04-30", "--value", "200", "--date", "2026-04-10"},
                                       "publisher");
    CHECK(late.exit_code == 1);
    CHECK(late.error.find("lifecycle.signing_deadline_passed") != std::string::npos);
    const ProcessResult early =
        project(folder, {"forfeit-overdue", "--profile", "jingdezhen", "--date", "2026-04-09"}, "publisher");
    done(early);
    CHECK(early.out.empty());
    const ProcessResult swept =
        project(folder, {"forfeit-overdue", "--profile", "jingdezhen", "--date", "2026-04-10"}, "publisher");
    done(swept);
    CHECK(std::count(swept.out.begin(), swept.out.end(), '\n') == 5);  // the five approved projects, unsigned
    CHECK(swept.out.find("\"state_after\":\"forfeited\"") != std::string::npos);

    // Forfeited projects free their places: the sixth can now be approved in 2026.
    done(project(folder, {"approve", "JDZ-2026-106", "--date", "2026-06-10"}));
    const ProcessResult listed =
        run_process(project_cli, {"project", "list", "--store", folder.store(), "--year", "2026"});
    done(listed);
    CHECK(listed.out.find("JDZJB-2026-006") != std::string::npos);
    CHECK(listed.out.find("# jingdezhen 2026: 1 / 5") != std::string::npos);
}

TEST_CASE("jiebang project export: the register and the tranche ledger with city and county shares as XLSX") {
    ProjectFolder folder;
    const std::string board = write_board(folder, "jingdezhen", {"JDZ-2026-001"}, "enterprise", "300");
    jingdezhen_contract(folder, board, "JDZ-2026-001");
    done(project(folder, {"pay", "JDZ-2026-001", "--tranche", "contract", "--date", "2026-03-25"}));
    const std::string xlsx = (folder.path / "register.xlsx").string();
    const ProcessResult exported = run_process(
        project_cli, {"project", "export", "--store", folder.store(), "--out", xlsx, "--year", "2026"});
    done(exported);
    CHECK(exported.out.find("1 projects, 3 ledger lines") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(xlsx + ".tmp.xlsx"));
    const std::string strings = read_from_xlsx(xlsx, "xl/sharedStrings.xml");
    for (const char* expected : {"揭榜挂帅项目库", "资金拨付台账", "JDZJB-2026-001", "景德镇示例陶瓷有限公司",
                                 "珠山区", "景德镇陶瓷大学（釉料团队）", "实施中", "任务书签订当年",
                                 "中期评估通过后", "已拨付", "待条件满足", "市财政科技专项资金"}) {
        CAPTURE(expected);
        CHECK(strings.find(expected) != std::string::npos);
    }
    // Amounts are numbers (summable): 180 subsidy and 90 paid in the register, 90 / 54 / 36 in the ledger.
    const std::string register_sheet = read_from_xlsx(xlsx, "xl/worksheets/sheet1.xml");
    CHECK(register_sheet.find("<v>180</v>") != std::string::npos);
    CHECK(register_sheet.find("<v>90</v>") != std::string::npos);
    const std::string ledger_sheet = read_from_xlsx(xlsx, "xl/worksheets/sheet2.xml");
    for (const char* amount : {"<v>90</v>", "<v>54</v>", "<v>36</v>"}) {
        CAPTURE(amount);
        CHECK(ledger_sheet.find(amount) != std::string::npos);
    }
    // A folder that does not exist: a clear error, no file.
    const ProcessResult unwritable = run_process(
        project_cli,
        {"project", "export", "--store", folder.store(), "--out", (folder.path / "no/such/r.xlsx").string()});
    CHECK(unwritable.exit_code == 3);
    CHECK(unwritable.error.find("project.cannot_write") != std::string::npos);
}

TEST_CASE(
    "jiebang project: a Jiangmen 赛马 from review to closure, and a termination with recovery (I8, I10, "
    "I13)") {
    ProjectFolder folder;
    const std::string board =
        write_board(folder, "jiangmen", {"JM-2026-007", "JM-2026-008"}, "enterprise", "500", "race");
    for (const char* id : {"JM-2026-007", "JM-2026-008"}) {
        done(project(folder,
                     {"create", "--profile", "jiangmen", "--board", board, "--listing", id, "--county",
                      "440703", "--date", "2026-06-10"},
                     "publisher"));
        for (const char* solver : {"S1", "S2", "S3"}) {
            done(project(folder,
                         {"bid", id, "--bid", solver, "--solver", "示例研究院", "--date", "2026-07-01"},
                         "reviewer"));
            done(project(
                folder,
                {"score", id, "--bid", solver, "--expert", "E1", "--score", "85", "--date", "2026-07-05"},
                "reviewer"));
            done(project(folder, {"recommend", id, "--bid", solver, "--yes", "--date", "2026-07-05"},
                         "reviewer"));
        }
        done(project(folder, {"select", id, "--bids", "S1,S2,S3", "--issuer-consent", "--date", "2026-07-20"},
                     "publisher"));
        for (const char* solver : {"S1", "S2", "S3"}) {
            done(project(folder,
                         {"agree", id, "--bid", solver, "--start", "2026-10-01", "--end", "2028-09-30",
                          "--value", "200", "--date", "2026-08-20"},
                         "publisher"));
        }
        done(project(folder, {"register", id, "--date", "2026-08-25"}, "publisher"));
        done(project(folder, {"notice", id, "--date", "2026-09-01"}, "publisher"));
    }
    const std::string id = "JM-2026-007";
    done(project(folder, {"object", id, "--summary", "对揭榜方资质有疑问", "--date", "2026-09-03"},
                 "publisher"));
    const ProcessResult open_objection = project(folder, {"approve", id, "--date", "2026-09-08"});
    CHECK(open_objection.exit_code == 1);
    CHECK(open_objection.error.find("lifecycle.objection_open") != std::string::npos);
    done(project(folder, {"resolve", id, "--objection", "1", "--dismissed", "--note", "经核实资质齐全",
                          "--date", "2026-09-06"}));
    done(project(folder, {"approve", id, "--date", "2026-09-08"}));
    done(project(folder, {"plan", id, "--date", "2026-09-08"}, "publisher"));
    done(project(folder, {"pay", id, "--tranche", "advance", "--date", "2026-09-15"}));
    done(project(folder,
                 {"progress", id, "--period", "2027-03", "--completion", "40", "--date", "2027-04-02"},
                 "reviewer"));
    const nlohmann::json review = record_of(
        project(folder, {"midterm", id, "--outcome", "continue", "--eliminate", "S3", "--date", "2027-09-20"},
                "reviewer"));
    CHECK(review["after"]["eliminated"] == "S3");
    CHECK(review["after"]["continuing"] == "S1,S2");
    done(project(folder, {"extend", id, "--new-end", "2029-03-31", "--reason", "设备到货延迟", "--date",
                          "2028-06-01"}));
    done(project(folder, {"accept", id, "--completion", "92.5", "--date", "2029-04-10"}, "reviewer"));
    done(project(folder, {"close", id, "--date", "2029-04-20"}, "publisher"));
    const ProcessResult shown = run_process(project_cli, {"project", "show", id, "--store", folder.store()});
    done(shown);
    const nlohmann::json document = nlohmann::json::parse(shown.out);
    CHECK(document["state"] == "closed");
    CHECK(document["objections"][0]["resolution"] == "dismissed");
    CHECK(document["bids"][2]["state"] == "eliminated");
    CHECK(document["end_on"] == "2029-03-31");
    CHECK(document["original_end_on"] == "2028-09-30");
    CHECK(document["progress_reports"][0]["completion_percent"] == "40");
    CHECK(document["acceptance"]["completion_percent"] == "92.5");
    CHECK(document["funding"]["shares"][0]["amount_wan"] == "21");  // 蓬江 3:7 of 70万
    CHECK(document["funding"]["shares"][1]["amount_wan"] == "49");

    // The second: approved without objections, paid, then terminated with recovery of unspent funds.
    const std::string other = "JM-2026-008";
    done(project(folder, {"approve", other, "--date", "2026-09-08"}));
    done(project(folder, {"plan", other, "--date", "2026-09-08"}, "publisher"));
    done(project(folder, {"pay", other, "--tranche", "advance", "--date", "2026-09-15"}));
    const ProcessResult too_much = project(folder, {"terminate", other, "--reason", "不可抗力",
                                                    "--recover-unspent", "80", "--date", "2027-03-01"});
    CHECK(too_much.exit_code == 1);
    CHECK(too_much.error.find("lifecycle.recovery_exceeds_paid") != std::string::npos);
    const nlohmann::json terminated =
        record_of(project(folder, {"terminate", other, "--reason", "不可抗力", "--recover-unspent", "30",
                                   "--recover-misused", "2.5", "--date", "2027-03-01"}));
    CHECK(terminated["state_after"] == "terminated");
    CHECK(terminated["after"]["recovered.unspent"] == "30");
    CHECK(terminated["after"]["recovered.misused"] == "2.5");

    // The register shows the eliminated solver with its state, from the catalogue.
    const std::string xlsx = (folder.path / "jiangmen.xlsx").string();
    done(run_process(project_cli, {"project", "export", "--store", folder.store(), "--out", xlsx}));
    const std::string strings = read_from_xlsx(xlsx, "xl/sharedStrings.xml");
    CHECK(strings.find("示例研究院（已淘汰）") != std::string::npos);
    CHECK(strings.find("已终止") != std::string::npos);
    CHECK(strings.find("蓬江区") != std::string::npos);
}

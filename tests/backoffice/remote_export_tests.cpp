// tests/backoffice/remote_export_tests.cpp — exports and the monthly report over the staff channel (issue 9
// item 3; docs/protocol.md 17.2 EXPORT-REQUEST, REPORT-REQUEST): `jiebang export summary|full` and `jiebang
// report monthly` with --remote write exactly what they write on the host's store file (the same sheets, cell
// for cell), the aggregator checks the role and puts every export on its audit trail under the member's name,
// and a role without exports or a revoked key gets a clear refusal and no file. Also `report monthly --send`:
// the queued report and its audit entry are one transaction (a failure between them leaves neither).
#include <doctest/doctest.h>

#include <ctime>
#include <filesystem>

#include "remote_county.hpp"
#include "sync/aggregator/monthly_report.hpp"
#include "tests/support/process.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;
namespace fs = std::filesystem;

namespace {

// The sheets of an XLSX as they are stored (worksheets and shared strings), without the workbook's metadata
// (its creation time differs between two files written a second apart).
std::string sheet_contents(const fs::path& xlsx) {
    REQUIRE(fs::exists(xlsx));
    auto listed = jiebang::test::run_process("/usr/bin/unzip", {"-Z1", xlsx.string()});
    REQUIRE(listed.exit_code == 0);
    std::string contents;
    std::istringstream names(listed.out);
    for (std::string name; std::getline(names, name);) {
        if (name.rfind("xl/worksheets/", 0) != 0 && name != "xl/sharedStrings.xml")
            continue;
        auto part = jiebang::test::run_process("/usr/bin/unzip", {"-p", xlsx.string(), name});
        REQUIRE(part.exit_code == 0);
        contents += name + "\n" + part.out + "\n";
    }
    CHECK(contents.find("xl/worksheets/sheet1.xml") != std::string::npos);
    return contents;
}

// This month in China Standard Time, "YYYY-MM" (the 月报's months).
std::string this_month() {
    const std::time_t shifted = std::time(nullptr) + 8 * 3600;
    std::tm day{};
    gmtime_r(&shifted, &day);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d", day.tm_year + 1900, day.tm_mon + 1);
    return text;
}

}  // namespace

TEST_CASE("export and report --remote write what the host writes, each export audited under its reader") {
    RemoteCounty remote(43);
    Aggregator& county = remote.county;
    const std::string first =
        remote.terminal.commit(Terminal::demand("高精度伺服系统温漂补偿")).receipt.number.text();
    const std::string second =
        remote.terminal.commit(Terminal::demand("陶瓷基板激光切割")).receipt.number.text();
    remote.terminal.start_agent(county);
    REQUIRE_MESSAGE(wait_until([&] { return county.count("SELECT count(*) FROM submissions") == 2; }, 60),
                    county.log());
    for (const std::string& receipt : {first, second})
        REQUIRE(jiebang_cli({"submissions", "accept", "--store", county.store(), receipt}).exit_code == 0);
    REQUIRE(jiebang_cli({"submissions", "forward", "--store", county.store(), first, second}).exit_code == 0);
    const fs::path folder = remote.temp.path();
    const std::string month = this_month();

    // The same command on the file (the host's administrator) and over the channel (a reviewer, an auditor).
    auto both = [&](const std::string& role, std::vector<std::string> arguments, const std::string& host_out,
                    const std::string& remote_out) {
        std::vector<std::string> host = arguments;
        host.insert(host.end(), {"--store", county.store()});
        if (!host_out.empty())
            host.insert(host.end(), {"--out", host_out});
        auto on_host = jiebang_cli(host);
        REQUIRE(on_host.exit_code == 0);
        if (!remote_out.empty())
            arguments.insert(arguments.end(), {"--out", remote_out});
        auto over_channel = remote.as(role, arguments);
        REQUIRE(over_channel.exit_code == 0);
        return std::make_pair(on_host, over_channel);
    };

    // 汇总表 of batch 1, XLSX and CSV.
    const std::string summary_host = (folder / "summary-host.xlsx").string();
    const std::string summary_remote = (folder / "summary-remote.xlsx").string();
    both("reviewer", {"export", "summary", "--batch", "1", "--format", "xlsx"}, summary_host, summary_remote);
    CHECK(sheet_contents(summary_host) == sheet_contents(summary_remote));
    CHECK(sheet_contents(summary_remote).find("高精度伺服系统温漂补偿") != std::string::npos);
    both("reviewer", {"export", "summary", "--batch", "1", "--format", "csv"},
         (folder / "summary-host.csv").string(), (folder / "summary-remote.csv").string());
    CHECK(jiebang::sync::test::read_file(folder / "summary-host.csv") ==
          jiebang::sync::test::read_file(folder / "summary-remote.csv"));

    // Every submission with every field (the applicants' contact data included): XLSX, and CSV one file per kind.
    const std::string full_host = (folder / "full-host.xlsx").string();
    const std::string full_remote = (folder / "full-remote.xlsx").string();
    both("auditor", {"export", "full", "--format", "xlsx"}, full_host, full_remote);
    CHECK(sheet_contents(full_host) == sheet_contents(full_remote));
    CHECK(sheet_contents(full_remote).find("陶瓷基板激光切割") != std::string::npos);
    both("auditor", {"export", "full", "--format", "csv"}, (folder / "full-host.csv").string(),
         (folder / "full-remote.csv").string());
    for (const char* kind : {"demand", "bid"}) {
        CAPTURE(kind);
        const fs::path host = folder / ("full-host-" + std::string(kind) + ".csv");
        const fs::path over = folder / ("full-remote-" + std::string(kind) + ".csv");
        REQUIRE(fs::exists(over));
        CHECK(jiebang::sync::test::read_file(host) == jiebang::sync::test::read_file(over));
        CHECK((fs::status(over).permissions() & fs::perms::group_all) == fs::perms::none);
    }
    CHECK(jiebang::sync::test::read_file(folder / "full-remote-demand.csv").find(second) !=
          std::string::npos);

    // 月报: printed, and as CSV (two tables, two files).
    auto printed = both("reviewer", {"report", "monthly", "--county", "440703", "--month", month}, "", "");
    CHECK(printed.first.out == printed.second.out);
    CHECK(printed.second.out.find(month) != std::string::npos);
    both("reviewer", {"report", "monthly", "--county", "440703", "--month", month, "--format", "csv"},
         (folder / "report-host.csv").string(), (folder / "report-remote.csv").string());
    for (const char* table : {"counts", "listings"}) {
        CHECK(jiebang::sync::test::read_file(folder / ("report-host-" + std::string(table) + ".csv")) ==
              jiebang::sync::test::read_file(folder / ("report-remote-" + std::string(table) + ".csv")));
    }

    // Every export is on the audit trail under who read it, in the transaction of the read.
    CHECK(
        county.count("SELECT count(*) FROM audit WHERE action = 'export' AND target = 'summary batch 1' AND "
                     "staff_id = 'staff-0001' AND role = 'reviewer'") == 2);
    CHECK(
        county.count("SELECT count(*) FROM audit WHERE action = 'export' AND target = 'full' AND staff_id = "
                     "'staff-0002' AND role = 'auditor'") == 2);
    CHECK(
        county.count("SELECT count(*) FROM audit WHERE action = 'export' AND target = 'full' AND staff_id = "
                     "'host-admin' AND reason LIKE 'xlsx %full-host.xlsx'") == 1);
    CHECK(county.count(
              "SELECT count(*) FROM audit WHERE action = 'export' AND target = 'report monthly 440703 " +
              month + "' AND staff_id = 'staff-0001'") == 2);

    // A role without exports (the administrator enrols; it reads no submissions) is refused: no file, no entry.
    const std::int64_t audit_before = county.count("SELECT count(*) FROM audit");
    const fs::path refused_file = folder / "refused.xlsx";
    auto admin = remote.as("admin", {"export", "full", "--format", "xlsx", "--out", refused_file.string()});
    CHECK(admin.exit_code == 1);
    CHECK(admin.error.find("staff.not_permitted") != std::string::npos);
    CHECK_FALSE(fs::exists(refused_file));
    auto admin_report =
        remote.as("admin", {"report", "monthly", "--county", "440703", "--month", month, "--send"});
    CHECK(admin_report.exit_code == 1);
    CHECK(admin_report.error.find("staff.not_permitted") != std::string::npos);
    // An auditor reads and exports but changes nothing: it does not send the report.
    auto auditor_send =
        remote.as("auditor", {"report", "monthly", "--county", "440703", "--month", month, "--send"});
    CHECK(auditor_send.exit_code == 1);
    CHECK(auditor_send.error.find("staff.not_permitted") != std::string::npos);
    CHECK(county.count("SELECT count(*) FROM monthly_reports_outbox") == 0);
    CHECK(county.count("SELECT count(*) FROM audit") == audit_before);

    // The reviewer sends the report: queued for the city with its entry.
    auto sent =
        remote.as("reviewer", {"report", "monthly", "--county", "440703", "--month", month, "--send"});
    REQUIRE(sent.exit_code == 0);
    CHECK(sent.error.find("queued the monthly report for the city") != std::string::npos);
    CHECK(county.count("SELECT count(*) FROM monthly_reports_outbox") == 1);
    CHECK(county.count(
              "SELECT count(*) FROM audit WHERE action = 'send_report' AND staff_id = 'staff-0001'") == 1);

    // A revoked key: the aggregator refuses the handshake; no file is written.
    REQUIRE(jiebang_cli({"staff", "revoke", "--store", county.store(), "--id", "staff-0002"}).exit_code == 0);
    const fs::path revoked_file = folder / "revoked.csv";
    auto revoked =
        remote.as("auditor", {"export", "full", "--format", "csv", "--out", revoked_file.string()});
    CHECK(revoked.exit_code == 1);
    CHECK(revoked.error.find("staff_channel.refused") != std::string::npos);
    CHECK_FALSE(fs::exists(revoked_file));
}

TEST_CASE("report monthly --send: the queued report and its audit entry are one transaction") {
    TempDir temp;
    Aggregator county(temp, "county", "county");
    {
        auto store = sync::AggregatorStore::open(county.store_file());
        REQUIRE(store.ok());
        REQUIRE(store->set_setting("role", "county").ok());
        // The audit trail refuses the next entry (a full disk, a damaged page: any failure after the queue).
        REQUIRE(store->database()
                    .execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, "
                             "'audit refused by the test'); END")
                    .ok());
    }
    const std::string month = this_month();
    auto failed = jiebang_cli(
        {"report", "monthly", "--store", county.store(), "--county", "440703", "--month", month, "--send"});
    CHECK(failed.exit_code != 0);
    CHECK(failed.error.find("queued") == std::string::npos);
    CHECK(county.count("SELECT count(*) FROM monthly_reports_outbox") == 0);  // neither the report ...
    CHECK(county.count("SELECT count(*) FROM audit") == 0);                   // ... nor its entry
    {
        auto store = sync::AggregatorStore::open(county.store_file());
        REQUIRE(store.ok());
        REQUIRE(store->database().execute("DROP TRIGGER refuse_audit").ok());
    }
    auto sent = jiebang_cli(
        {"report", "monthly", "--store", county.store(), "--county", "440703", "--month", month, "--send"});
    REQUIRE(sent.exit_code == 0);
    CHECK(county.count("SELECT count(*) FROM monthly_reports_outbox") == 1);
    CHECK(county.count(
              "SELECT count(*) FROM audit WHERE action = 'send_report' AND staff_id = 'host-admin'") == 1);
}

TEST_CASE("report list and show --remote at the city print and write what they do on the city's store file") {
    TempDir temp;
    Aggregator city(temp, "city", "city");
    const std::string month = this_month();
    {
        auto store = sync::AggregatorStore::open(city.store_file());
        REQUIRE(store.ok());
        sync::MonthlyReport report;
        report.county_admin_code = "440703";
        report.month = month;
        report.made_at = 1795000400;
        report.demand.received_in_month = 3;
        report.demand.total_received = 5;
        report.demand.stages_at_end = {{"forwarded", 4}, {"received", 1}};
        report.listings = {{"JM-2026-007", "高精度伺服系统温漂补偿", 2, 3}};
        REQUIRE(store
                    ->keep_monthly_report(
                        "440703",
                        sync::MonthlyReportSend{month, report.made_at, sync::monthly_report_to_json(report)},
                        1795000460)
                    .ok());
    }
    const std::string key = (temp / "auditor.key").string();
    REQUIRE(jiebang_cli({"staff", "add", "--store", city.store(), "--name", "赵敏", "--role", "auditor",
                         "--key-out", key},
                        {{"JIEBANG_PASSPHRASE", passphrase}})
                .exit_code == 0);
    city.start({"--staff-listen", "tcp://127.0.0.1:*"});
    const auto file = city.store_file().parent_path() / "staff-listening.endpoint";
    REQUIRE_MESSAGE(
        bool(wait_until([&] { return fs::exists(file) || !city.process().running(); }) && fs::exists(file)),
        city.log());
    std::string endpoint = jiebang::sync::test::read_file(file);
    while (!endpoint.empty() && (endpoint.back() == '\n' || endpoint.back() == '\r'))
        endpoint.pop_back();
    auto remote = [&](std::vector<std::string> arguments) {
        arguments.insert(arguments.end(),
                         {"--remote", endpoint, "--server-key", city.keys().public_key, "--staff-key", key});
        return jiebang_cli(arguments, {{"JIEBANG_PASSPHRASE", passphrase}});
    };
    auto host = [&](std::vector<std::string> arguments) {
        arguments.insert(arguments.end(), {"--store", city.store()});
        return jiebang_cli(arguments);
    };
    const std::vector<std::string> list = {"report", "list"};
    auto listed_host = host(list);
    auto listed_remote = remote(list);
    REQUIRE(listed_remote.exit_code == 0);
    CHECK(listed_remote.out == listed_host.out);
    CHECK(listed_remote.out.find(month + "  440703") != std::string::npos);
    const std::vector<std::string> show = {"report", "show", "--county", "440703", "--month", month};
    auto shown_remote = remote(show);
    REQUIRE(shown_remote.exit_code == 0);
    CHECK(shown_remote.out == host(show).out);
    CHECK(shown_remote.out.find("高精度伺服系统温漂补偿") != std::string::npos);
    auto csv_remote = remote({"report", "show", "--county", "440703", "--month", month, "--format", "csv",
                              "--out", (temp / "remote.csv").string()});
    REQUIRE(csv_remote.exit_code == 0);
    REQUIRE(host({"report", "show", "--county", "440703", "--month", month, "--format", "csv", "--out",
                  (temp / "host.csv").string()})
                .exit_code == 0);
    for (const char* table : {"counts", "listings"}) {
        CHECK(jiebang::sync::test::read_file(temp / ("remote-" + std::string(table) + ".csv")) ==
              jiebang::sync::test::read_file(temp / ("host-" + std::string(table) + ".csv")));
    }
    CHECK(city.count(
              "SELECT count(*) FROM audit WHERE action = 'export' AND target = 'report received 440703 " +
              month + "' AND staff_id = 'staff-0001'") == 1);
    // A county the city has no report of: the same clear error both ways.
    auto none = remote({"report", "show", "--county", "440704", "--month", month});
    CHECK(none.exit_code == 1);
    CHECK(none.error.find("report.none") != std::string::npos);
}

// tests/backoffice/audit_tests.cpp — the audit trail: the hash chain as data (shared/audit, A1-A4), and the
// trail of a running county aggregator written by real `jiebang` processes, then edited, deleted from and
// reordered with plain SQL behind the aggregator's back; `jiebang audit verify` names the first bad entry.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "backoffice_test_support.hpp"
#include "shared/audit/audit_chain.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;

namespace {

std::vector<audit::AuditEntry> chain(int length) {
    std::vector<audit::AuditEntry> entries;
    std::string previous(audit::genesis_hash);
    for (int index = 0; index < length; ++index) {
        audit::AuditEntry entry;
        entry.at = 1795000000 + index;
        entry.staff_id = "host-admin";
        entry.staff_name = "host administrator";
        entry.role = "host_admin";
        entry.action = index % 2 == 0 ? "accept" : "return";
        entry.target = "JM-03-041-20261122-000" + std::to_string(index) + "-X";
        entry.reason = index % 2 == 0 ? "" : "请补充技术指标";
        entry.state_before = "received";
        entry.state_after = index % 2 == 0 ? "accepted" : "returned";
        audit::seal(entry, index, previous);
        previous = entry.hash;
        entries.push_back(entry);
    }
    return entries;
}

std::optional<audit::ChainProblem> verify(const std::vector<audit::AuditEntry>& entries) {
    audit::ChainVerifier verifier;
    for (const auto& entry : entries) {
        if (!verifier.add(entry))
            break;
    }
    return verifier.problem();
}

// Runs one SQL statement on a store file with a connection of its own, as an intruder with the file would.
void tamper(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(handle, 5000);
    char* message = nullptr;
    const int result = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
    INFO(sql << ": " << (message != nullptr ? message : ""));
    sqlite3_free(message);
    sqlite3_close(handle);
    REQUIRE(result == SQLITE_OK);
}

}  // namespace

TEST_CASE("A1 to A4: the chain verifies and names the first edited or missing or moved entry") {
    const auto entries = chain(6);
    CHECK(entries[0].previous_hash == audit::genesis_hash);
    CHECK(entries[3].previous_hash == entries[2].hash);
    CHECK(entries[5].hash.size() == 64);
    CHECK_FALSE(verify(entries).has_value());

    // Each field is covered by the hash (A2).
    for (int field = 0; field < 10; ++field) {
        auto edited = entries;
        audit::AuditEntry& entry = edited[2];
        switch (field) {
            case 0:
                entry.at += 1;
                break;
            case 1:
                entry.staff_id = "staff-0001";
                break;
            case 2:
                entry.staff_name = "李明";
                break;
            case 3:
                entry.role = "reviewer";
                break;
            case 4:
                entry.action = "reject";
                break;
            case 5:
                entry.target += "Y";
                break;
            case 6:
                entry.reason = "改过的理由";
                break;
            case 7:
                entry.state_before = "accepted";
                break;
            case 8:
                entry.state_after = "rejected";
                break;
            case 9:
                entry.reason = std::string("\0", 1);
                break;
        }
        auto problem = verify(edited);
        REQUIRE_MESSAGE(problem.has_value(), field);
        CHECK(problem->sequence == 3);
        CHECK(problem->what == "edited");
    }
    // An edited entry whose hash was recomputed by the intruder breaks the next link instead (A3).
    auto rehashed = entries;
    rehashed[2].reason = "改过的理由";
    rehashed[2].hash = audit::entry_hash(rehashed[2]);
    CHECK(verify(rehashed)->sequence == 4);
    CHECK(verify(rehashed)->what == "previous hash does not match");
    // Deleted (A1).
    auto deleted = entries;
    deleted.erase(deleted.begin() + 3);
    CHECK(verify(deleted)->sequence == 4);
    CHECK(verify(deleted)->what == "missing");
    // Two entries swapped, sequence numbers and all.
    auto swapped = entries;
    std::swap(swapped[1], swapped[2]);
    CHECK(verify(swapped)->sequence == 2);
    CHECK(verify(swapped)->what == "missing");
    // Or with their sequence numbers swapped back into order: the content no longer matches its place.
    std::swap(swapped[1].sequence, swapped[2].sequence);
    CHECK(verify(swapped)->sequence == 2);
    // Length-prefixing: moving text between adjacent fields changes the hash.
    auto shifted = entries[0];
    shifted.staff_id = "host-adminhost";
    shifted.staff_name = " administrator";
    CHECK(audit::entry_hash(shifted) != entries[0].hash);
}

TEST_CASE("the audit trail of a running county: every staff action, and edits behind its back are found") {
    TempDir temp;
    Aggregator county(temp, "county", "county");
    Terminal terminal(temp, 51);
    terminal.enroll(county);  // entry 1: enrol_terminal by the host's administrator
    const std::string first = terminal.commit(Terminal::demand("数控机床热误差补偿")).receipt.number.text();
    const std::string second = terminal.commit(Terminal::demand("工业机器人减速器")).receipt.number.text();
    county.start();
    terminal.start_agent(county);
    REQUIRE(wait_until([&] { return county.count("SELECT count(*) FROM submissions") == 2; }, 60));

    const std::string store = county.store();
    auto ok = [&](const std::vector<std::string>& arguments,
                  const std::vector<std::pair<std::string, std::string>>& environment = {}) {
        auto result = jiebang_cli(arguments, environment);
        CHECK_MESSAGE(result.exit_code == 0, result.error);
        return result;
    };
    ok({"submissions", "accept", "--store", store, first});                                 // 2
    ok({"submissions", "return", "--store", store, second, "--reason", "请补充技术指标"});  // 3
    ok({"submissions", "forward", "--store", store, first});                                // 4
    ok({"submissions", "recall", "--store", store, first});                                 // 5
    ok({"submissions", "show", "--store", store, second});                                  // 6: a read
    ok({"export", "summary", "--store", store, "--batch", "1", "--format", "csv", "--out",  // 7
        (temp / "s.csv").string()});
    ok({"staff", "add", "--store", store, "--name", "李明", "--role", "auditor", "--key-out",  // 8
        (temp / "auditor.key").string()},
       {{"JIEBANG_PASSPHRASE", "审计员口令2026"}});
    // A refused action changes nothing and leaves no entry (same transaction).
    CHECK(jiebang_cli({"submissions", "accept", "--store", store, second}).exit_code == 1);

    auto listed = ok({"audit", "list", "--store", store});
    std::vector<std::string> actions;
    std::istringstream lines(listed.out);
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
        std::vector<std::string> cells;
        std::istringstream fields(line);
        std::string cell;
        while (std::getline(fields, cell, '\t'))
            cells.push_back(cell);
        REQUIRE(cells.size() == 11);
        CHECK(cells[2] == "host-admin");
        CHECK(cells[4] == "host_admin");
        actions.push_back(cells[5] + " " + cells[6]);
    }
    const std::vector<std::string> expected = {
        "enrol_terminal 440703-051", "accept " + first, "return " + second,       "forward " + first,
        "recall " + first,           "read " + second,  "export summary batch 1", "add_staff staff-0001"};
    CHECK(actions == expected);
    auto intact = ok({"audit", "verify", "--store", store});
    CHECK(intact.out.find("audit trail intact: 8 entries") != std::string::npos);

    // Behind the aggregator's back (it keeps running): an edited reason.
    tamper(county.store_file(), "UPDATE audit SET reason = '同意' WHERE sequence = 3");
    auto edited = jiebang_cli({"audit", "verify", "--store", store});
    CHECK(edited.exit_code == 1);
    CHECK(edited.error.find("audit.broken (sequence 3)") != std::string::npos);
    tamper(county.store_file(), "UPDATE audit SET reason = '请补充技术指标' WHERE sequence = 3");
    CHECK(jiebang_cli({"audit", "verify", "--store", store}).exit_code == 0);

    // A deleted entry.
    tamper(
        county.store_file(),
        "CREATE TABLE saved AS SELECT * FROM audit WHERE sequence = 5; DELETE FROM audit WHERE sequence = 5");
    auto deleted = jiebang_cli({"audit", "verify", "--store", store});
    CHECK(deleted.exit_code == 1);
    CHECK(deleted.error.find("audit.broken (sequence 5)") != std::string::npos);
    tamper(county.store_file(), "INSERT INTO audit SELECT * FROM saved; DROP TABLE saved");
    CHECK(jiebang_cli({"audit", "verify", "--store", store}).exit_code == 0);

    // Two entries reordered (their sequence numbers swapped).
    tamper(county.store_file(),
           "UPDATE audit SET sequence = -1 WHERE sequence = 6; UPDATE audit SET sequence = 6 WHERE sequence "
           "= 7; "
           "UPDATE audit SET sequence = 7 WHERE sequence = -1");
    auto reordered = jiebang_cli({"audit", "verify", "--store", store});
    CHECK(reordered.exit_code == 1);
    CHECK(reordered.error.find("audit.broken (sequence 6)") != std::string::npos);

    CHECK(terminal.agent().stop() == 0);
    CHECK(county.process().stop() == 0);
}

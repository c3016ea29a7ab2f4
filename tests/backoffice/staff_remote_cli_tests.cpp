// tests/backoffice/staff_remote_cli_tests.cpp — `jiebang ... --remote ENDPOINT --server-key Z85 --staff-key
// FILE` against a real county jiebang-aggregator with a staff endpoint (docs/protocol.md 17): the same
// commands staff run on the host, now over the channel, with the aggregator checking the signed-in member's
// role and writing the audit trail under their name. Passphrases come from JIEBANG_PASSPHRASE (own key) and
// JIEBANG_NEW_PASSPHRASE (a new member's key made remotely).
#include <doctest/doctest.h>

#include "remote_county.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;

TEST_CASE("jiebang --remote: a reviewer lists, searches, opens and accepts over the staff channel") {
    RemoteCounty remote;
    const std::string servo =
        remote.terminal.commit(Terminal::demand("高精度伺服系统温漂补偿")).receipt.number.text();
    const std::string other =
        remote.terminal.commit(Terminal::demand("陶瓷基板激光切割")).receipt.number.text();
    remote.terminal.start_agent(remote.county);
    REQUIRE_MESSAGE(
        wait_until([&] { return remote.county.count("SELECT count(*) FROM submissions") == 2; }, 60),
        remote.county.log());

    auto whoami = remote.as("reviewer", {"staff", "whoami"});
    REQUIRE(whoami.exit_code == 0);
    CHECK(whoami.out.find("staff-0001\t张伟\treviewer\tcounty\t440703") != std::string::npos);

    auto found = remote.as("reviewer", {"submissions", "list", "--text", "温漂补偿"});
    REQUIRE(found.exit_code == 0);
    CHECK(found.out.find(servo) != std::string::npos);
    CHECK(found.out.find(other) == std::string::npos);

    auto shown = remote.as("reviewer", {"submissions", "show", servo});
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.out.find("\"contact_mobile\"") != std::string::npos);
    CHECK(shown.out.find("\"action\": \"read\"") != std::string::npos);

    auto accepted = remote.as("reviewer", {"submissions", "accept", servo});
    REQUIRE(accepted.exit_code == 0);
    CHECK(accepted.out == "accept " + servo + " (received -> accepted)\n");
    CHECK(column(remote.county, servo, "review_stage") == "accepted");

    // The same command line prints the same on the host (the host's administrator, on the file).
    auto local = jiebang_cli({"submissions", "list", "--store", remote.county.store(), "--text", "温漂补偿"});
    REQUIRE(local.exit_code == 0);
    auto remote_again = remote.as("reviewer", {"submissions", "list", "--text", "温漂补偿"});
    CHECK(local.out == remote_again.out);

    // The audit trail names the reviewer for the read and the accept, and the auditor can read and verify it
    // remotely; the reviewer cannot.
    auto trail = remote.as("auditor", {"audit", "list"});
    REQUIRE(trail.exit_code == 0);
    CHECK(trail.out.find("staff-0001\t张伟\treviewer\tread\t" + servo) != std::string::npos);
    CHECK(trail.out.find("staff-0001\t张伟\treviewer\taccept\t" + servo) != std::string::npos);
    auto verified = remote.as("auditor", {"audit", "verify"});
    CHECK(verified.exit_code == 0);
    CHECK(verified.out.find("audit trail intact") != std::string::npos);
    auto refused = remote.as("reviewer", {"audit", "list"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.error.find("staff.not_permitted") != std::string::npos);
}

TEST_CASE("jiebang --remote: an admin enrols a staff member remotely - the new key signs in") {
    RemoteCounty remote;
    const std::string new_key = (remote.temp / "new-reviewer.key").string();
    auto added =
        remote.as("admin", {"staff", "add", "--name", "赵敏", "--role", "reviewer", "--key-out", new_key},
                  passphrase, {{"JIEBANG_NEW_PASSPHRASE", "a-new-passphrase"}});
    REQUIRE(added.exit_code == 0);
    CHECK(added.out.find("added staff-0004 (reviewer)") != std::string::npos);
    CHECK((std::filesystem::status(new_key).permissions() & std::filesystem::perms::group_all) ==
          std::filesystem::perms::none);
    CHECK(remote.county.count(
              "SELECT count(*) FROM audit WHERE action = 'add_staff' AND staff_id = 'staff-0003' "
              "AND target = 'staff-0004'") == 1);
    // The new member signs in with their own passphrase.
    auto whoami = jiebang_cli({"staff", "whoami", "--remote", remote.endpoint, "--server-key",
                               remote.county.keys().public_key, "--staff-key", new_key},
                              {{"JIEBANG_PASSPHRASE", "a-new-passphrase"}});
    REQUIRE(whoami.exit_code == 0);
    CHECK(whoami.out.find("staff-0004\t赵敏\treviewer") != std::string::npos);
    // A reviewer may not enrol anyone: refused by the aggregator, nothing stored, no key file written.
    const std::string refused_key = (remote.temp / "refused.key").string();
    auto refused =
        remote.as("reviewer", {"staff", "add", "--name", "钱六", "--role", "admin", "--key-out", refused_key},
                  passphrase, {{"JIEBANG_NEW_PASSPHRASE", "another-passphrase"}});
    CHECK(refused.exit_code == 1);
    CHECK(refused.error.find("staff.not_permitted") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(refused_key));
    CHECK(remote.county.count("SELECT count(*) FROM staff") == 4);
}

TEST_CASE("jiebang --remote: a wrong passphrase and incomplete options are clear errors") {
    RemoteCounty remote;
    auto wrong = remote.as("reviewer", {"terminal", "list"}, "not-the-passphrase");
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.error.find("staff_key.wrong_passphrase") != std::string::npos);
    auto no_key = jiebang_cli({"terminal", "list", "--remote", remote.endpoint});
    CHECK(no_key.exit_code == 2);
    CHECK(no_key.error.find("--server-key") != std::string::npos);
    auto neither = jiebang_cli({"terminal", "list"});
    CHECK(neither.exit_code == 2);
    CHECK(neither.error.find("--store") != std::string::npos);
    auto both =
        jiebang_cli({"terminal", "list", "--store", remote.county.store(), "--remote", remote.endpoint,
                     "--server-key", remote.county.keys().public_key, "--staff-key", remote.key("admin")});
    CHECK(both.exit_code == 2);
    // The fleet view over the channel: the enrolled terminal, as the admin sees it.
    auto fleet = remote.as("admin", {"terminal", "list"});
    REQUIRE(fleet.exit_code == 0);
    CHECK(fleet.out.find(remote.terminal.identity().terminal_id + "\tterminal\t440703\tactive") !=
          std::string::npos);
}

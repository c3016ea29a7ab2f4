// tests/backoffice/staff_channel_tests.cpp — the staff channel (docs/protocol.md section 17) with real
// processes on loopback: a terminal's sync agent filing demands into a county jiebang-aggregator started
// with --staff-listen, staff members added with the real `jiebang staff add`, and the real StaffClient
// (sync/staff_channel) signing in with their sealed key files. Refusals are proven by the reply's error code
// and by the socket monitor's events (ZAP status 400, the connection cut), never by waiting out a timeout;
// "nothing changed" is proven by reading the store.
#include <doctest/doctest.h>

#include "backoffice_test_support.hpp"
#include "sync/staff_channel/staff_client.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;
using namespace jiebang::sync::staff;

namespace {

const std::string passphrase = "county-staff-2026";

// A county with a terminal and four staff members (reviewer, publisher, auditor, admin), started with a
// staff endpoint on a port the kernel chooses.
struct StaffChannel {
    TempDir temp;
    Aggregator county;
    Terminal terminal{temp, 41};
    std::map<std::string, std::filesystem::path> keys;  // role -> key file

    explicit StaffChannel(const std::string& role = "county") : county(temp, role, role) {
        if (role == "county")
            terminal.enroll(county);
        for (const char* staff_role : {"reviewer", "publisher", "auditor", "admin"}) {
            const auto key_file = temp / (std::string(staff_role) + ".key");
            const std::string name = std::string(staff_role) == "reviewer" ? "李明" : "王芳";
            auto added = jiebang_cli({"staff", "add", "--store", county.store(), "--name", name, "--role",
                                      staff_role, "--key-out", key_file.string()},
                                     {{"JIEBANG_PASSPHRASE", passphrase}});
            REQUIRE(added.exit_code == 0);
            keys[staff_role] = key_file;
        }
        county.start(
            {"--staff-listen", "tcp://127.0.0.1:*", "--area-code", role == "county" ? "440703" : "440700"});
    }
    std::string staff_endpoint() {
        const auto file = county.store_file().parent_path() / "staff-listening.endpoint";
        REQUIRE_MESSAGE(
            bool(wait_until([&] { return std::filesystem::exists(file) || !county.process().running(); }) &&
                 std::filesystem::exists(file)),
            county.log());
        std::string endpoint = jiebang::sync::test::read_file(file);
        while (!endpoint.empty() && (endpoint.back() == '\n' || endpoint.back() == '\r'))
            endpoint.pop_back();
        return endpoint;
    }
    std::unique_ptr<StaffClient> sign_in(const std::string& role, const std::string& with = passphrase) {
        StaffConnectionSettings settings;
        settings.endpoint = staff_endpoint();
        settings.server_public_key = county.keys().public_key;
        settings.reply_timeout_ms = 60000;  // a refusal must come from the monitor, long before this
        auto client = StaffClient::open(settings, keys.at(role), with);
        REQUIRE_MESSAGE(client.ok(), (client.ok() ? "" : client.error().code));
        return std::move(client.value());
    }
    std::string file(const std::string& title) {
        return terminal.commit(Terminal::demand(title)).receipt.number.text();
    }
    void wait_county_has(std::int64_t count) {
        REQUIRE_MESSAGE(
            wait_until([&] { return county.count("SELECT count(*) FROM submissions") == count; }, 60),
            county.log() << terminal.agent_log());
    }
    std::int64_t audit_count() { return county.count("SELECT count(*) FROM audit"); }
};

template <class T>
T value_of(Pending<T> pending) {
    auto result = pending.get();
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().code + " " + result.error().field));
    return std::move(result.value());
}

template <class T>
Error error_of(Pending<T> pending) {
    auto result = pending.get();
    REQUIRE(!result.ok());
    return result.error();
}

}  // namespace

TEST_CASE(
    "staff channel: a reviewer signs in, finds a demand by a Chinese substring, opens it (audited) and "
    "accepts it") {
    StaffChannel channel;
    const std::string servo = channel.file("高精度伺服系统温漂补偿");
    const std::string ceramic = channel.file("陶瓷基板激光切割");
    channel.terminal.start_agent(channel.county);
    channel.wait_county_has(2);
    auto client = channel.sign_in("reviewer");

    // Who am I: from the store's record of the key, never from anything the client says.
    const Identity me = value_of(client->whoami());
    CHECK(me.staff_id == "staff-0001");
    CHECK(me.name == "李明");
    CHECK(me.role == RoleCode::Reviewer);
    CHECK(me.tier == "county");
    CHECK(me.area_code == "440703");
    CHECK(!me.area_name_zh.empty());
    CHECK(client->state() == ChannelState::Online);

    // Free text: three or more characters go through the trigram index, two through the scan; both find the
    // Chinese substring inside the title, and only the demand that has it.
    for (const std::string text : {"伺服系统温漂", "温漂", "激光切割"}) {
        SubmissionQuery query;
        query.text = text;
        const Page page = value_of(client->search(query));
        CAPTURE(text);
        REQUIRE(page.rows.size() == 1);
        CHECK(page.total == 1);
        CHECK(page.rows[0].receipt_number == (text == "激光切割" ? ceramic : servo));
        CHECK(page.rows[0].state == "received");
    }
    // Text with other filters (the narrow table's index joins the text index), one character, and a USCC
    // typed in lower case.
    struct TextCase {
        std::string text;
        std::string state;
        std::int64_t total;
    };
    for (const TextCase& each : {TextCase{"温漂", "received", 1}, TextCase{"伺服系统", "received", 1},
                                 TextCase{"温漂", "accepted", 0}, TextCase{"陶", "", 1},
                                 TextCase{"ma4u", "", 2}, TextCase{"4U1111", "received", 2}}) {
        SubmissionQuery query;
        query.text = each.text;
        query.state = each.state;
        query.kind = KindCode::Demand;
        const Page page = value_of(client->search(query));
        CAPTURE(each.text);
        CAPTURE(each.state);
        CHECK(page.total == each.total);
        CHECK(page.rows.size() == static_cast<std::size_t>(each.total));
    }
    // Filters and paging: one row a page, newest first, the cursor leads to the other and then to the end.
    SubmissionQuery by_page;
    by_page.page_size = 1;
    by_page.newest_first = true;
    by_page.county = "440703";
    by_page.kind = KindCode::Demand;
    const Page first = value_of(client->search(by_page));
    CHECK(first.total == 2);
    REQUIRE(first.rows.size() == 1);
    CHECK(first.rows[0].receipt_number == ceramic);
    CHECK(first.next_after == first.rows[0].sequence);
    by_page.after = first.next_after;
    const Page second = value_of(client->search(by_page));
    REQUIRE(second.rows.size() == 1);
    CHECK(second.rows[0].receipt_number == servo);
    CHECK(second.next_after == 0);
    // A filter out of range is refused naming it.
    SubmissionQuery wrong;
    wrong.state = "sideways";
    CHECK(error_of(client->search(wrong)).field == "state");

    // Opening one is a read of personal data: the audit entry is written before the reply, and the history
    // the reply carries already holds it.
    const std::int64_t audit_before = channel.audit_count();
    const Record record = value_of(client->open_submission(servo));
    CHECK(record.row.receipt_number == servo);
    CHECK(record.canonical_content.find("contact_mobile") != std::string::npos);
    REQUIRE(!record.history.empty());
    CHECK(record.history[0].action == "read");
    CHECK(record.history[0].staff_id == "staff-0001");
    REQUIRE(!record.events.empty());
    CHECK(record.events.back().event == "received");
    CHECK(channel.audit_count() == audit_before + 1);
    CHECK(channel.county.count("SELECT count(*) FROM audit WHERE action = 'read' AND staff_id = 'staff-0001' "
                               "AND role = 'reviewer' AND target = '" +
                               servo + "'") == 1);

    // The reviewer accepts it (docs/review.md C1): the store changes, with the reviewer as the actor.
    const Acted acted = value_of(client->act(Act{servo, ActCode::Accept, ""}));
    CHECK(acted.from == "received");
    CHECK(acted.to == "accepted");
    CHECK(column(channel.county, servo, "review_stage") == "accepted");
    CHECK(
        channel.county.count("SELECT count(*) FROM audit WHERE action = 'accept' AND staff_id = 'staff-0001' "
                             "AND target = '" +
                             servo + "' AND state_after = 'accepted'") == 1);
    // A return without a reason is refused by the state machine (R2) and changes nothing.
    const Error no_reason = error_of(client->act(Act{ceramic, ActCode::Return, ""}));
    CHECK(no_reason.code == "review.reason_required");
    CHECK(column(channel.county, ceramic, "review_stage") == "received");
    // The reviewer may not read the audit trail, nor administer staff (17.2): refused, nothing appended.
    const std::int64_t audit_now = channel.audit_count();
    CHECK(error_of(client->audit_entries(0, 10)).code == "staff.not_permitted");
    CHECK(error_of(client->staff_members()).code == "staff.not_permitted");
    CHECK(channel.audit_count() == audit_now);
    // The fleet view shows the terminal that delivered them.
    const Fleet fleet = value_of(client->fleet());
    REQUIRE(fleet.nodes.size() == 1);
    CHECK(fleet.nodes[0].node_id == channel.terminal.identity().terminal_id);
    CHECK(fleet.nodes[0].active);
}

TEST_CASE(
    "staff channel: a reviewer is refused the publisher's action - error code, and the store unchanged") {
    StaffChannel city("city");
    auto reviewer = city.sign_in("reviewer");
    const std::int64_t audit_before = city.audit_count();
    const Error refused = error_of(reviewer->publish_board());
    CHECK(refused.code == "review.not_permitted");
    CHECK(refused.argument("actor") == "reviewer");
    CHECK(city.county.count("SELECT count(*) FROM boards") == 0);
    CHECK(city.audit_count() == audit_before);
    // The publisher may (docs/review.md M6): the refusal was the role's, not the tier's or the store's.
    auto publisher = city.sign_in("publisher");
    const Published published = value_of(publisher->publish_board());
    CHECK(published.version == 1);
    CHECK(city.county.count("SELECT count(*) FROM boards") == 1);
    CHECK(city.county.count(
              "SELECT count(*) FROM audit WHERE action = 'publish_board' AND role = 'publisher'") == 1);
}

TEST_CASE("staff channel: a wrong passphrase never reaches the network") {
    StaffChannel channel;
    StaffConnectionSettings settings;
    settings.endpoint = channel.staff_endpoint();
    settings.server_public_key = channel.county.keys().public_key;
    auto client = StaffClient::open(settings, channel.keys.at("reviewer"), "not-the-passphrase");
    REQUIRE(!client.ok());
    CHECK(client.error().code == "staff_key.wrong_passphrase");
    CHECK(channel.county.log().find("staff zap") == std::string::npos);  // no handshake was attempted
}

TEST_CASE(
    "staff channel: a revoked staff key is refused at the handshake (ZAP status 400), not by a timeout") {
    StaffChannel channel;
    REQUIRE(
        jiebang_cli({"staff", "revoke", "--store", channel.county.store(), "--id", "staff-0003"}).exit_code ==
        0);
    auto auditor = channel.sign_in("auditor");
    const Error refused = error_of(auditor->whoami());
    CHECK(refused.code == "staff_channel.refused");
    CHECK(refused.argument("status") == "400");
    CHECK(auditor->events().handshakes_refused >= 1);
    CHECK(auditor->events().last_refusal_status == 400);
    CHECK(auditor->events().handshakes_succeeded == 0);
    CHECK(auditor->state() == ChannelState::Refused);
    // Final: a later request is refused at once.
    CHECK(error_of(auditor->fleet()).code == "staff_channel.refused");
    // A key that is a terminal's, not a staff member's, is refused the same way.
    StaffConnectionSettings settings;
    settings.endpoint = channel.staff_endpoint();
    settings.server_public_key = channel.county.keys().public_key;
    settings.reply_timeout_ms = 60000;
    auto terminal_key = jiebang::sync::CurveKeyPair::load(channel.temp / "terminal-41.curve");
    REQUIRE(terminal_key.ok());
    auto impostor = StaffClient::open_with_keys(settings, terminal_key->public_key, terminal_key->secret_key);
    REQUIRE(impostor.ok());
    CHECK(error_of((*impostor)->whoami()).code == "staff_channel.refused");
}

TEST_CASE("staff channel: revoking a staff member closes their open session at once") {
    StaffChannel channel;
    auto admin = channel.sign_in("admin");
    auto reviewer = channel.sign_in("reviewer");
    CHECK(value_of(reviewer->whoami()).staff_id == "staff-0001");
    REQUIRE(reviewer->events().handshakes_succeeded == 1);
    // The admin revokes the reviewer over the channel (audited with the admin as actor).
    const Done done = value_of(admin->revoke_staff("staff-0001"));
    CHECK(done.state == "revoked");
    CHECK(channel.county.count("SELECT count(*) FROM audit WHERE action = 'revoke_staff' AND staff_id = "
                               "'staff-0004' AND target = 'staff-0001'") == 1);
    // The server cuts the open connection (the monitor sees it end) and the reconnect meets ZAP's 400.
    REQUIRE_MESSAGE(wait_until([&] { return reviewer->events().disconnects >= 1; }, 20),
                    channel.county.log());
    REQUIRE_MESSAGE(wait_until([&] { return reviewer->state() == ChannelState::Refused; }, 20),
                    channel.county.log());
    CHECK(reviewer->events().last_refusal_status == 400);
    CHECK(error_of(reviewer->whoami()).code == "staff_channel.refused");
    CHECK(channel.county.log().find("staff-0001 is no longer enrolled: closed 1 open connection(s)") !=
          std::string::npos);
    // The admin's own session is untouched.
    CHECK(value_of(admin->whoami()).staff_id == "staff-0004");
}

TEST_CASE(
    "staff channel: a sorted search pages by title and by stage without repeating a row and the flag "
    "filter finds the possible duplicates") {
    // docs/protocol.md 17.2 SORTED-SEARCH; aggregator_store_search.cpp invariant 4; duplicates D1-D3.
    StaffChannel channel;
    const std::string ceramic =
        channel.terminal.commit(Terminal::demand("陶瓷基板激光切割", "91440703MA4U111142"))
            .receipt.number.text();
    const std::string servo =
        channel.terminal.commit(Terminal::demand("高精度伺服系统温漂补偿", "91440703MA4UJK122J"))
            .receipt.number.text();
    // The same title typed again with other spacing and punctuation, by another unit: a possible duplicate.
    const std::string servo_again =
        channel.terminal.commit(Terminal::demand("高精度 伺服系统（温漂补偿）", "9144070310000018XH"))
            .receipt.number.text();
    // Another title by the ceramic demand's unit: a possible duplicate by USCC.
    const std::string battery =
        channel.terminal.commit(Terminal::demand("新型储能电池管理", "91440703MA4U111142"))
            .receipt.number.text();
    channel.terminal.start_agent(channel.county);
    channel.wait_county_has(4);
    auto client = channel.sign_in("reviewer");

    // Every page of a sorted search, one row at a time, following the cursor.
    auto walk = [&](SortCode sort, bool descending, std::uint8_t flag_kinds) {
        SortedQuery sorted;
        sorted.sort = sort;
        sorted.flag_kinds = flag_kinds;
        sorted.query.newest_first = descending;
        sorted.query.page_size = 1;
        std::vector<SubmissionRow> rows;
        for (int page_number = 0; page_number < 10; ++page_number) {
            const SortedPage page = value_of(client->sorted_search(sorted));
            for (const SubmissionRow& row : page.page.rows)
                rows.push_back(row);
            if (page.page.next_after == 0)
                break;
            sorted.query.after = page.page.next_after;
            sorted.after_key = page.next_after_key;
        }
        return rows;
    };
    auto receipts = [](const std::vector<SubmissionRow>& rows) {
        std::vector<std::string> numbers;
        for (const SubmissionRow& row : rows)
            numbers.push_back(row.receipt_number);
        return numbers;
    };

    // By title, both ways: the order of the titles' text, each row once.
    std::vector<std::pair<std::string, std::string>> by_title = {{"陶瓷基板激光切割", ceramic},
                                                                 {"高精度伺服系统温漂补偿", servo},
                                                                 {"高精度 伺服系统（温漂补偿）", servo_again},
                                                                 {"新型储能电池管理", battery}};
    std::sort(by_title.begin(), by_title.end());
    std::vector<std::string> ascending;
    for (const auto& [title, receipt] : by_title)
        ascending.push_back(receipt);
    CHECK(receipts(walk(SortCode::Title, false, 0)) == ascending);
    std::reverse(ascending.begin(), ascending.end());
    CHECK(receipts(walk(SortCode::Title, true, 0)) == ascending);

    // By stage after one is accepted: the received ones by arrival, then the accepted one (the review order of
    // docs/review.md), and the other way round descending.
    value_of(client->act(Act{servo, ActCode::Accept, ""}));
    CHECK(receipts(walk(SortCode::Stage, false, 0)) ==
          std::vector<std::string>{ceramic, servo_again, battery, servo});
    CHECK(receipts(walk(SortCode::Stage, true, 0)) ==
          std::vector<std::string>{servo, battery, servo_again, ceramic});

    // The duplicate filter: the two later ones, each naming the earlier item it repeats.
    const auto duplicates = walk(SortCode::Received, false, FlagDuplicate);
    REQUIRE(receipts(duplicates) == std::vector<std::string>{servo_again, battery});
    CHECK(duplicates[0].flags.find("possible_duplicate:" + servo) != std::string::npos);
    CHECK(duplicates[1].flags.find("possible_duplicate:" + ceramic) != std::string::npos);
    // The first filings are no duplicates of anything; no item here has a receipt problem.
    CHECK(walk(SortCode::Received, false, FlagReceipt).empty());
    CHECK(walk(SortCode::Unit, false, FlagDuplicate | FlagReceipt).size() == 2);

    // A cursor this server did not give and an unknown flag kind are refused, naming the field.
    SortedQuery forged;
    forged.sort = SortCode::Stage;
    forged.query.after = 1;
    forged.after_key = "received";
    CHECK(error_of(client->sorted_search(forged)).field == "after_key");
    SortedQuery unknown_flag;
    unknown_flag.flag_kinds = 16;
    CHECK(error_of(client->sorted_search(unknown_flag)).field == "flag_kinds");

    // The CLI asks the same: the duplicates by title, descending ("新" sorts before "高" by code point).
    const auto listed = jiebang_cli({"submissions", "list", "--store", channel.county.store(), "--flag",
                                     "duplicate", "--sort", "title", "--desc"});
    REQUIRE_MESSAGE(listed.exit_code == 0, listed.error);
    const auto first_line = listed.out.find(servo_again);
    const auto second_line = listed.out.find("\t" + battery);
    CHECK(first_line != std::string::npos);
    CHECK(second_line != std::string::npos);
    CHECK(first_line < second_line);
    // The earlier items are named in the flags column only, never listed as rows of their own.
    CHECK(listed.out.find("\t" + ceramic + "\tdemand") == std::string::npos);
    CHECK(listed.out.find("\t" + servo + "\tdemand") == std::string::npos);
    CHECK(listed.out.find("\t" + battery + "\tdemand") != std::string::npos);
}

// tests/backoffice/staff_messages_tests.cpp — the staff channel's codec (docs/protocol.md section 17;
// sync/staff_channel/staff_messages.hpp invariant 1): every body round-trips, the example of 17.5 is byte
// exact, and malformed bodies (short, trailing, over a limit, bad enumeration, bad UTF-8) are refused with
// the protocol.* code naming the field.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sync/staff_channel/staff_messages.hpp"

namespace jiebang::sync::staff {
namespace {

std::string hex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char byte : bytes) {
        out += digits[byte >> 4];
        out += digits[byte & 0xF];
    }
    return out;
}

StaffMessage round_trip(const StaffBody& body) {
    auto frames = encode_staff(StaffMessage{7, body});
    REQUIRE_MESSAGE(frames.ok(), (frames.ok() ? "" : frames.error().code + " " + frames.error().field));
    std::vector<std::string_view> views(frames->begin(), frames->end());
    auto decoded = decode_staff(views);
    REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.error().code + " " + decoded.error().field));
    CHECK(decoded->correlation_id == 7);
    CHECK(decoded->body.index() == body.index());
    // Encoding the decoded value again gives the same octets: nothing was lost or changed.
    auto again = encode_staff(StaffMessage{7, decoded->body});
    REQUIRE(again.ok());
    CHECK(again.value() == frames.value());
    return decoded.value();
}

SubmissionRow sample_row() {
    SubmissionRow row;
    row.sequence = 42;
    row.submission_id = "3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b";
    row.receipt_number = "JM-03-007-20261119-0001-D";
    row.kind = KindCode::Demand;
    row.county = "440703";
    row.via_node = "440703-007";
    row.state = "returned";
    row.stage = "returned";
    row.batch = 3;
    row.title = "高精度伺服系统温漂补偿";
    row.unit_name = "江门市示例智能装备有限公司";
    row.unit_uscc = "91440703MA4U111142";
    row.reason = "请补充预算说明";
    row.received_at = 1795000000;
    return row;
}

Error decode_error(const std::string& header_hex_command, const std::string& body) {
    std::string header = {
        'J', 'B', 1, static_cast<char>(std::stoi(header_hex_command, nullptr, 16)), 0, 0, 0, 0, 0, 0, 0, 9};
    std::vector<std::string_view> views = {header, body};
    auto decoded = decode_staff(views);
    REQUIRE(!decoded.ok());
    return decoded.error();
}

}  // namespace

TEST_CASE("staff channel: every request and reply round-trips through the codec") {
    SubmissionQuery query;
    query.state = "received";
    query.kind = KindCode::Bid;
    query.text = "伺服";
    query.newest_first = true;
    query.after = 99;
    query.page_size = 200;
    round_trip(query);
    round_trip(WhoAmI{});
    round_trip(Identity{"staff-0001", "李明", RoleCode::Reviewer, "county", "440703", "蓬江区", "Pengjiang",
                        5, "0.1.0"});
    Page page;
    page.total = 1;
    page.rows = {sample_row()};
    auto decoded_page = std::get<Page>(round_trip(page).body);
    CHECK(decoded_page.rows.at(0).title == "高精度伺服系统温漂补偿");
    // SORTED-SEARCH carries SEARCH's body, the sort, the flag kinds and the key cursor; a sort code out of
    // range is refused naming it.
    const SortedQuery sorted{query, SortCode::Title, FlagDuplicate | FlagUscc, "陶瓷基板激光切割"};
    const auto decoded_sorted = std::get<SortedQuery>(round_trip(sorted).body);
    CHECK(decoded_sorted.sort == SortCode::Title);
    CHECK(decoded_sorted.flag_kinds == 5);
    CHECK(decoded_sorted.after_key == "陶瓷基板激光切割");
    CHECK(decoded_sorted.query.text == "伺服");
    const auto decoded_sorted_page = std::get<SortedPage>(round_trip(SortedPage{page, "高精度"}).body);
    CHECK(decoded_sorted_page.next_after_key == "高精度");
    CHECK(decoded_sorted_page.page.rows.at(0).title == "高精度伺服系统温漂补偿");
    auto sorted_frames = encode_staff(StaffMessage{4, sorted});
    REQUIRE(sorted_frames.ok());
    std::string& sorted_body = sorted_frames.value()[1];
    sorted_body[sorted_body.size() - 4 - std::string("陶瓷基板激光切割").size() - 2] =
        6;  // sort: no such column
    std::vector<std::string_view> sorted_views(sorted_frames->begin(), sorted_frames->end());
    const auto bad_sort = decode_staff(sorted_views);
    REQUIRE_FALSE(bad_sort.ok());
    CHECK(bad_sort.error().field == "sort");
    Record record;
    record.row = sample_row();
    record.canonical_content = "{\"created_at\":1}";
    record.history = {{3, 4, "staff-0002", "王芳", "reviewer", "return", "请补充", "received", "returned"}};
    record.events = {{1, 2, "received", ""}};
    round_trip(record);
    round_trip(Act{"JM-03-007-20261119-0001-D", ActCode::Return, "请补充预算说明"});
    round_trip(
        Acted{"3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b", "JM-03-007-20261119-0001-D", "received", "accepted"});
    round_trip(ForwardItems{{"a", "b"}});
    round_trip(BatchMade{1, 2, 3});
    Fleet fleet;
    fleet.nodes = {FleetNode{"440703-007", NodeKindCode::Terminal, "440703", true, false, 1, 2, 3, 4}};
    fleet.quarantined = {{5, "3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b", "JM-03-007-20261119-0001-D",
                          "440703-007", "sync.bad_signature", "标题"}};
    round_trip(fleet);
    round_trip(BidsRequest{"JM-2026-007"});
    Bids bids;
    bids.listings = {{"JM-2026-007", "标题", true, 0}, {"JM-2026-999", "", false, 2}};
    bids.bids = {sample_row()};
    round_trip(bids);
    round_trip(PublishBoard{});
    round_trip(Published{2, std::string(64, 'a'), 3});
    round_trip(AuditRequest{0, 1000});
    round_trip(AuditEntries{{{1, 2, "host-admin", "host administrator", "host_admin", "read", "JM",
                              "personal data", "", "", std::string(64, '0'), std::string(64, 'f')}}});
    round_trip(AuditVerify{});
    round_trip(AuditVerified{10, std::string(64, 'e'), false, 4, "edited"});
    round_trip(BatchesRequest{1, 2});
    round_trip(Batches{{{1, 2, "staff-0001", 3}}});
    round_trip(FeedRequest{0, 10});
    round_trip(Feed{5, {{1, 2, "board", "", "", "2", KindCode::Any, "", "", ""}}});
    round_trip(BoardShow{});
    round_trip(BoardCopy{1, std::string(64, 'b'), "{}"});
    round_trip(NodeEnrol{"440703-007", NodeKindCode::Terminal, "440703", std::string(40, 'x'), "key"});
    round_trip(NodeRevoke{"440703-007"});
    round_trip(Done{"440703-007", "revoked"});
    round_trip(StaffAdd{"李明", RoleCode::Auditor, std::string(40, 'k')});
    round_trip(StaffAdded{{"staff-0004", "李明", RoleCode::Admin, std::string(40, 'k'), 1, 0, "host-admin"}});
    round_trip(StaffList{});
    round_trip(
        StaffMembers{{{"staff-0004", "李明", RoleCode::Admin, std::string(40, 'k'), 1, 0, "host-admin"}}});
    round_trip(StaffRevoke{"staff-0004"});
    // The project requests of 17.20.
    round_trip(ProjectCreate{"JDZ-2026-001", "city_level", "2026-02-01"});
    round_trip(ProjectRecords{{"{\"action\":\"create\"}", "{}"}});
    round_trip(ProjectAct{"JDZ-2026-001", "recommend", "", {{"bid", "B1"}, {"note", "推荐"}}, {"yes"}});
    round_trip(ProjectForfeitOverdue{"jingdezhen", "2026-04-10"});
    round_trip(ProjectList{"jingdezhen", "360203", "in_progress", 2026, 200, true});
    round_trip(ProjectRegister{3, {"{}"}, {{"jingdezhen", 2026, 2, 5}}});
    round_trip(ProjectShow{"JDZ-2026-001"});
    round_trip(ProjectCopy{"{}"});
    // Requeue, exports and the monthly report (0x50-0x55).
    round_trip(TerminalRequeue{"JM-03-007-20261119-0001-D"});
    round_trip(TerminalRequeued{{{"440703-007", "3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b",
                                  "JM-03-007-20261119-0001-D", "sync.invalid_content"}}});
    round_trip(ExportRequest{ExportKind::Summary, 3, "", 0, 5000, "xlsx /tmp/summary.xlsx"});
    round_trip(ExportRequest{ExportKind::Full, 0, "440703", 41, 200, "csv full.csv"});
    ExportRow export_row{42,
                         "3f2b8c4e-5a6d-4e7f-8a9b-0c1d2e3f4a5b",
                         "JM-03-007-20261119-0001-D",
                         KindCode::Bid,
                         "jiangmen",
                         "440703",
                         "advanced_manufacturing",
                         "accepted",
                         "",
                         "clock_ahead",
                         1795000000,
                         "高精度伺服系统温漂补偿",
                         "{\"created_at\":1}"};
    auto decoded_rows = std::get<ExportRows>(round_trip(ExportRows{3, 1795000000, 42, {export_row}}).body);
    CHECK(decoded_rows.rows.at(0).title == "高精度伺服系统温漂补偿");
    CHECK(decoded_rows.rows.at(0).kind == KindCode::Bid);
    round_trip(ReportRequest{"440703", "2026-11", true, "text"});
    round_trip(ReportCopy{1795000400, true, "{}"});
    round_trip(ReceivedReportsRequest{"440703", "2026-11", true, "csv report.csv"});
    round_trip(ReceivedReports{{{"440703", "2026-11", 1795000400, 1795000460, "{}"}}});
    round_trip(ConditionsRequest{});
    auto decoded_conditions = std::get<Conditions>(
        round_trip(Conditions{{{"440703-007", 1795000000, -7200, 1794999000, 0x21, 4096}}}).body);
    REQUIRE(decoded_conditions.terminals.size() == 1);
    CHECK(decoded_conditions.terminals.at(0).clock_skew_seconds == -7200);
    CHECK(decoded_conditions.terminals.at(0).condition_flags == 0x21);
    CHECK(
        std::get<BoardWithdraw>(round_trip(BoardWithdraw{"JM-2026-002", "发榜企业已自行解决"}).body).reason ==
        "发榜企业已自行解决");
    CHECK(
        std::get<BoardSetDeadline>(round_trip(BoardSetDeadline{"JM-2026-001", "2027-06-30"}).body).deadline ==
        "2027-06-30");
    round_trip(CountyProjectsRequest{});
    const auto decoded_county = std::get<CountyProjects>(
        round_trip(
            CountyProjects{{{"JM-2026-007", "JMJB-2026-001", "in_progress", 2, "49", "14.7", 1795000700}}})
            .body);
    REQUIRE(decoded_county.projects.size() == 1);
    CHECK(decoded_county.projects[0].receipts == 2);
    CHECK(decoded_county.projects[0].county_paid == "14.7");
    round_trip(VersionsRequest{});
    auto decoded_versions = std::get<Versions>(
        round_trip(Versions{"0.2.0", {{"440703-007", "0.1.0", 1795000000}, {"440703-008", "0.2.0", 0}}})
            .body);
    CHECK(decoded_versions.server_version == "0.2.0");
    REQUIRE(decoded_versions.nodes.size() == 2);
    CHECK(decoded_versions.nodes.at(0).software_version == "0.1.0");
    CHECK(decoded_versions.nodes.at(0).reported_at == 1795000000);
    // A version over HELLO's 64-octet limit cannot be said, and is not cut short.
    auto long_version =
        encode_staff(StaffMessage{3, Versions{"0.2.0", {{"440703-007", std::string(65, '9'), 0}}}});
    REQUIRE_FALSE(long_version.ok());
    CHECK(long_version.error().field == "software_version");
    round_trip(RevisionsRequest{"JM-03-007-20261119-0001-D"});
    auto decoded_revisions = std::get<Revisions>(
        round_trip(Revisions{{{"0b6f3c1e-7a2d-4c55-9a41-2f7d1c9e8a01", "JM-03-007-20261119-0001-D", 1, "",
                               "resubmitted", "unit name missing", 1795000000},
                              {"4d2a9b70-1c3e-4f8a-b6d5-93e0a1f2c4b7", "JM-03-007-20261121-0004-D", 2,
                               "0b6f3c1e-7a2d-4c55-9a41-2f7d1c9e8a01", "received", "", 1795100000}}})
            .body);
    REQUIRE(decoded_revisions.revisions.size() == 2);
    CHECK(decoded_revisions.revisions.at(1).revision == 2);
    CHECK(decoded_revisions.revisions.at(1).resubmission_of == "0b6f3c1e-7a2d-4c55-9a41-2f7d1c9e8a01");
    CHECK(decoded_revisions.revisions.at(0).review_reason == "unit name missing");
    StaffError error{"review.not_permitted", "publish", "no", {{"actor", "reviewer"}, {"action", "publish"}}};
    auto decoded_error = std::get<StaffError>(round_trip(error).body);
    CHECK(error_from(decoded_error).argument("actor") == "reviewer");
}

TEST_CASE("staff channel: the examples of docs/protocol.md 17.5 are byte exact") {
    auto whoami = encode_staff(StaffMessage{1, WhoAmI{}});
    REQUIRE(whoami.ok());
    CHECK(hex(whoami->at(0)) == "4a4201210000000000000001");
    CHECK(whoami->at(1).empty());
    auto act = encode_staff(StaffMessage{2, Act{"JM-03-007-20261119-0001-D", ActCode::Accept, ""}});
    REQUIRE(act.ok());
    CHECK(hex(act->at(0)) == "4a4201270000000000000002");
    CHECK(hex(act->at(1)) ==
          "00000019"
          "4a4d2d30332d3030372d32303236313131392d303030312d44"
          "01"
          "00000000");
}

TEST_CASE("staff channel: malformed bodies are refused naming the field") {
    // ACT with an action code outside 1..5.
    std::string act_body = std::string("\0\0\0\1x", 5) + std::string(1, '\x09') + std::string(4, '\0');
    Error bad_action = decode_error("27", act_body);
    CHECK(bad_action.code == "protocol.field");
    CHECK(bad_action.field == "action");
    // The same body one octet short, and with one octet too many.
    CHECK(decode_error("27", std::string("\0\0\0\1x\1\0\0\0", 8)).code == "protocol.truncated");
    CHECK(decode_error("27", std::string("\0\0\0\1x\1\0\0\0\0\0", 11)).code == "protocol.trailing");
    // A text over its limit is refused before it is read (the length alone decides).
    Error too_long = decode_error("25", std::string("\0\0\x01\0", 4));
    CHECK(too_long.code == "protocol.too_long");
    CHECK(too_long.field == "id");
    // Invalid UTF-8.
    CHECK(decode_error("25", std::string("\0\0\0\2\xC0\xAF", 6)).code == "protocol.utf8");
    // A list count over its limit (FORWARD: at most 500 items), and an empty batch.
    CHECK(decode_error("29", std::string("\0\0\x01\xF5", 4)).code == "protocol.too_long");
    CHECK(decode_error("29", std::string("\0\0\0\0", 4)).field == "ids");
    // A command outside the staff range, and a terminal command.
    CHECK(decode_error("4b", "").code == "protocol.command");
    // PROJECT-ACT with more than 32 arguments.
    CHECK(decode_error("45", std::string("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x21", 16)).code ==
          "protocol.too_long");
    CHECK(decode_error("01", "").code == "protocol.command");
    CHECK(decode_error("64", "").code == "protocol.command");  // after VERSIONS (0x63)
    // EXPORT-REQUEST of a kind that does not exist (1 summary, 2 full).
    Error bad_kind = decode_error("52", std::string(1, '\x03') + std::string(28, '\0'));
    CHECK(bad_kind.code == "protocol.field");
    CHECK(bad_kind.field == "what");
    // The encoder never truncates: a reason over 2000 octets is an error, not a shorter reason.
    auto over = encode_staff(StaffMessage{3, Act{"x", ActCode::Return, std::string(2001, 'a')}});
    REQUIRE(!over.ok());
    CHECK(over.error().code == "protocol.too_long");
    CHECK(over.error().field == "reason");
}

}  // namespace jiebang::sync::staff

// tests/sync/applicant_requests_tests.cpp — docs/protocol.md section 18 against a real county aggregator on
// loopback: a terminal's agent uploads, staff return an item with the real `jiebang submissions return`,
// another terminal of the county looks the number up (PROGRESS-REQUEST, P1, P2), a wrong access code is
// counted and the fifth locks the receipt (proven by the replies, V3), the right code gives the content to an
// enrolled terminal of the county and is audited (V4), and the corrected resubmission becomes revision 2 of
// the same item while the original turns `resubmitted` (V1, V2; docs/review.md C27, R13).
#include <doctest/doctest.h>

#include "sync/agent/county_requests.hpp"
#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

struct CodedDemand {
    Submission submission;
    std::string code;
};

CodedDemand coded_demand(const std::string& project_name) {
    CodedDemand demand{Terminal::demand(project_name), new_access_code()};
    demand.submission.id = new_submission_id();
    demand.submission.access_code_hash = access_code_hash_of(demand.submission.id, demand.code);
    return demand;
}

CountyLink link_for(const Terminal& terminal, const Aggregator& county) {
    return CountyLink{county.endpoint(), county.keys().public_key, terminal.curve(), 5000};
}

// A code of the right shape that is not `code`.
std::string other_code(const std::string& code) {
    std::string wrong = code;
    wrong[0] = wrong[0] == '2' ? '3' : '2';
    return wrong;
}

}  // namespace

TEST_CASE("access codes: normalised like receipt numbers, hashed with the submission id") {
    const std::string code = new_access_code();
    CHECK(code.size() == 8);
    CHECK(normalise_access_code(code) == code);
    std::string loose = code;
    for (char& character : loose)
        character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    CHECK(normalise_access_code(loose.substr(0, 4) + " - " + loose.substr(4)) == code);
    CHECK(normalise_access_code("ABCD") == "");       // too short
    CHECK(normalise_access_code("ABCD!FGH") == "");   // not of the alphabet
    CHECK(normalise_access_code("oooo iiii") == "");  // O and I are not in the alphabet (nor 0 and 1)
    const std::string id = new_submission_id();
    CHECK(access_code_hash_of(id, code).size() == 64);
    CHECK(access_code_hash_of(id, code) != access_code_hash_of(new_submission_id(), code));

    // The optional envelope members round-trip and keep their bytewise place (docs/protocol.md 18.1).
    Submission submission = Terminal::demand("编码检查");
    submission.id = id;
    submission.profile_id = "jiangmen";
    submission.terminal_id = "440703-007";
    const std::string plain = canonical_encoding(submission);
    CHECK(plain.rfind("{\"created_at\":", 0) == 0);
    submission.access_code_hash = access_code_hash_of(id, code);
    submission.resubmission_of = new_submission_id();
    const std::string linked = canonical_encoding(submission);
    CHECK(linked.rfind("{\"access_code_hash\":", 0) == 0);
    CHECK(linked.find("\"profile\":\"jiangmen\",\"resubmission_of\":") != std::string::npos);
    auto parsed = submission_from_json(linked);
    REQUIRE(parsed.ok());
    CHECK(parsed->resubmission_of == submission.resubmission_of);
    CHECK(parsed->access_code_hash == submission.access_code_hash);
    CHECK(canonical_encoding(parsed.value()) == linked);
    submission.resubmission_of = id;  // naming itself
    auto self = submission_from_json(canonical_encoding(submission));
    REQUIRE_FALSE(self.ok());
    CHECK(self.error().code == "submission.resubmission_of");
}

TEST_CASE("progress anywhere in the county, the access code lock, and a resubmission as revision 2") {
    TempDir temp;
    Aggregator county(temp, "county", "county");
    Terminal filing(temp, 41);
    Terminal other(temp, 42);  // another terminal of the same county: never saw the filing
    filing.enroll(county);
    other.enroll(county);
    CodedDemand first = coded_demand("温漂补偿需返回修改");
    CodedDemand second = coded_demand("另一个待修改的需求");
    auto first_committed = filing.commit(first.submission);
    auto second_committed = filing.commit(second.submission);
    const std::string first_number = first_committed.receipt.number.text();
    const std::string second_number = second_committed.receipt.number.text();

    county.start();
    filing.start_agent(county);
    REQUIRE_MESSAGE(wait_until([&] { return county.count("SELECT count(*) FROM submissions") == 2; }, 60),
                    county.log() << filing.agent_log());
    REQUIRE(staff({"submissions", "return", "--store", county.store(), first_number, "--reason",
                   "请补充技术指标：定位误差"}) == 0);
    REQUIRE(staff({"submissions", "return", "--store", county.store(), second_number, "--reason",
                   "请核对单位名称"}) == 0);

    // P1, P2: the other terminal sees the filing's progress, status only.
    auto progress = ask_progress(link_for(other, county), first_number);
    REQUIRE_MESSAGE(progress.ok(), progress.error().code << " " << progress.error().detail);
    CHECK(progress->outcome == LookupOutcome::Found);
    CHECK(progress->state == "returned");
    CHECK(progress->reason == "请补充技术指标：定位误差");
    CHECK(progress->revision == 1);
    CHECK(progress->latest_receipt_number.empty());
    CHECK(progress->county_admin_code == "440703");
    // A loosely typed number is the same number.
    std::string loose = first_number;
    for (char& character : loose)
        character =
            character == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    auto loose_progress = ask_progress(link_for(other, county), loose);
    REQUIRE(loose_progress.ok());
    CHECK(loose_progress->outcome == LookupOutcome::Found);
    auto unknown = ask_progress(link_for(other, county), "JM-03-042-20260101-0001-2");
    REQUIRE(unknown.ok());
    CHECK(unknown->outcome == LookupOutcome::Unknown);
    CHECK(unknown->state.empty());

    // V3: four wrong codes count down, the fifth locks, and then even the right code is not looked at.
    const CountyLink other_link = link_for(other, county);
    for (std::uint32_t left = 4; left >= 1; --left) {
        auto wrong = ask_correction(other_link, first_number, other_code(first.code));
        REQUIRE(wrong.ok());
        CHECK(wrong->outcome == CorrectionOutcome::WrongCode);
        CHECK(wrong->attempts_left == left);
        CHECK(wrong->canonical_content.empty());
    }
    auto locking = ask_correction(other_link, first_number, other_code(first.code));
    REQUIRE(locking.ok());
    CHECK(locking->outcome == CorrectionOutcome::Locked);
    CHECK(locking->locked_until > 0);
    auto while_locked = ask_correction(other_link, first_number, first.code);
    REQUIRE(while_locked.ok());
    CHECK(while_locked->outcome == CorrectionOutcome::Locked);
    CHECK(while_locked->canonical_content.empty());

    // V4: the right code (typed loosely, at the other terminal) gives the returned content, audited.
    std::string typed = second.code.substr(0, 4) + " " + second.code.substr(4);
    for (char& character : typed)
        character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    auto granted = ask_correction(other_link, second_number, typed);
    REQUIRE(granted.ok());
    CHECK(granted->outcome == CorrectionOutcome::Granted);
    CHECK(granted->submission_id == second.submission.id);
    CHECK(granted->reason == "请核对单位名称");
    CHECK(granted->revision == 1);
    CHECK(granted->canonical_content == canonical_encoding(second_committed.submission));
    CHECK(county.count("SELECT count(*) FROM audit WHERE action = 'content_read_for_correction' AND "
                       "staff_id = '440703-042' AND target = '" +
                       second_number + "'") == 1);

    // The corrected resubmission, filed at the other terminal, names the returned one (V1, V2, C27, R13).
    auto content = submission_from_json(granted->canonical_content);
    REQUIRE(content.ok());
    CodedDemand corrected = coded_demand("另一个待修改的需求");
    corrected.submission.values = content->values;
    corrected.submission.values["issuer_name"] = std::string("江门市示例智能装备有限公司（更正）");
    corrected.submission.resubmission_of = granted->submission_id;
    auto corrected_committed = other.commit(corrected.submission);
    const std::string corrected_number = corrected_committed.receipt.number.text();
    other.start_agent(county);
    REQUIRE_MESSAGE(wait_until([&] { return county.count("SELECT count(*) FROM submissions") == 3; }, 60),
                    county.log() << other.agent_log());
    CHECK(county.count("SELECT count(*) FROM submission_revisions WHERE original_id = '" +
                       second.submission.id + "' AND revision = 2") == 1);
    CHECK(county.count("SELECT count(*) FROM submissions WHERE submission_id = '" + second.submission.id +
                       "' AND review_stage = 'resubmitted' AND review_state = 'returned'") == 1);
    CHECK(county.count("SELECT count(*) FROM submissions WHERE receipt_number = '" + corrected_number +
                       "' AND review_stage = 'received' AND flags NOT LIKE '%resubmission%'") == 1);

    // The original's number now points to the correction; the correction says it is revision 2.
    auto after = ask_progress(other_link, second_number);
    REQUIRE(after.ok());
    CHECK(after->outcome == LookupOutcome::Found);
    CHECK(after->latest_receipt_number == corrected_number);
    auto revision_two = ask_progress(link_for(filing, county), corrected_number);
    REQUIRE(revision_two.ok());
    CHECK(revision_two->revision == 2);
    CHECK(revision_two->state == "received");

    // A correction is only for a returned item: the original, now resubmitted, refuses a second one.
    auto again = ask_correction(other_link, second_number, second.code);
    REQUIRE(again.ok());
    CHECK(again->outcome == CorrectionOutcome::NotReturned);
    CHECK(again->canonical_content.empty());

    CHECK(filing.agent().stop() == 0);
    CHECK(other.agent().stop() == 0);
    CHECK(county.process().stop() == 0);
}

TEST_CASE("applicant requests are a county's: another county's terminal and a city refuse them") {
    TempDir temp;
    Aggregator county(temp, "county", "county");
    Terminal filing(temp, 43);
    Terminal stranger(temp, 44, "440704");  // enrolled at this server, but for another county
    filing.enroll(county);
    stranger.enroll(county);
    CodedDemand demand = coded_demand("他县不可读取");
    auto committed = filing.commit(demand.submission);
    const std::string number = committed.receipt.number.text();
    county.start();
    filing.start_agent(county);
    REQUIRE(wait_until([&] { return county.count("SELECT count(*) FROM submissions") == 1; }, 60));
    REQUIRE(staff({"submissions", "return", "--store", county.store(), number, "--reason", "补充"}) == 0);

    auto progress = ask_progress(link_for(stranger, county), number);
    REQUIRE(progress.ok());
    CHECK(progress->outcome == LookupOutcome::OtherCounty);  // P1
    CHECK(progress->state.empty());
    CHECK(progress->county_admin_code == "440703");
    auto correction = ask_correction(link_for(stranger, county), number, demand.code);
    REQUIRE(correction.ok());
    CHECK(correction->outcome == CorrectionOutcome::OtherCounty);
    CHECK(correction->canonical_content.empty());
    CHECK(county.count("SELECT count(*) FROM audit WHERE action = 'content_read_for_correction'") == 0);

    // A city server serves county nodes only (8c): a terminal's request is NOT_ALLOWED.
    Aggregator city(temp, "city", "city");
    filing.enroll(city);
    city.start();
    auto at_city = ask_progress(link_for(filing, city), number);
    REQUIRE_FALSE(at_city.ok());
    CHECK(at_city.error().code == "sync.not_allowed");

    // Nobody listening: the request says the county is unreachable (the terminal then shows its last
    // known state). The refused connection is immediate on loopback.
    CountyLink nowhere = link_for(filing, county);
    nowhere.endpoint = "tcp://127.0.0.1:1";
    nowhere.reply_timeout_ms = 300;
    auto offline = ask_progress(nowhere, number);
    REQUIRE_FALSE(offline.ok());
    CHECK(offline.error().code == "sync.county_unreachable");

    CHECK(filing.agent().stop() == 0);
    CHECK(county.process().stop() == 0);
    CHECK(city.process().stop() == 0);
}

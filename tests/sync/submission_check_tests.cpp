// tests/sync/submission_check_tests.cpp — the aggregator's pure SUBMIT check (sync/aggregator/
// submission_check.hpp) without processes or sockets: a good terminal SUBMIT becomes the row to store; a
// wrong hash, undecodable content, ids that disagree, a signature under another key and a forward to the
// wrong tier are each refused with their wire code (invariant 2); a receipt number that is not the
// sender's is RECEIPT_MISMATCH (invariant 3); content that breaks its form version is INVALID_CONTENT
// naming code and field, while a wrong clock or a changed policy is only flagged (invariant 4); the USCC
// flags.
#include <doctest/doctest.h>

#include "signed_submit.hpp"
#include "sync/aggregator/submission_check.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {
WireError refusal(const Checked& checked) {
    REQUIRE(checked.error.has_value());
    return checked.error->error;
}
}  // namespace

TEST_CASE("a terminal's signed SUBMIT becomes the row to store, with the sender from the enrolment") {
    SigningTerminal terminal(7);
    const std::int64_t now = terminal.created_at + 100;
    const Submission demand = terminal.demand("精密减速器");
    const Submit submit = terminal.submit(demand, terminal.receipt_number(1));
    const Checked checked = check_submission(submit, terminal.node, rules_for("county"), now);
    REQUIRE_FALSE(checked.error.has_value());
    CHECK(checked.stored.submission_id == demand.id);
    CHECK(checked.stored.kind == "demand");
    CHECK(checked.stored.receipt_number == submit.receipt_number);
    CHECK(checked.stored.content_hash == submit.content_hash);
    CHECK(checked.stored.via_node == "440703-007");
    CHECK(checked.stored.county_admin_code == "440703");
    CHECK(checked.stored.origin_signing_key == terminal.node.signing_public_key);
    CHECK(checked.stored.received_at == now);
    CHECK(checked.stored.profile_id == "jiangmen");
    CHECK(checked.stored.flags.empty());
}

TEST_CASE("each broken part of a SUBMIT is refused with its own wire code (invariant 2)") {
    SigningTerminal terminal(7);
    const std::int64_t now = terminal.created_at + 100;
    const Submission demand = terminal.demand("精密减速器");
    const Submit good = terminal.submit(demand, terminal.receipt_number(1));

    SUBCASE("a hash that is not SHA-256 of the content") {
        Submit submit = good;
        submit.content_hash[0] ^= 1;
        CHECK(refusal(check_submission(submit, terminal.node, rules_for("county"), now)) ==
              WireError::HashMismatch);
    }
    SUBCASE("content that is not a submission") {
        Submit submit = good;
        submit.canonical_content = "{\"not\":\"a submission\"}";
        submit.content_hash = content_hash_of_encoding(submit.canonical_content);
        CHECK(refusal(check_submission(submit, terminal.node, rules_for("county"), now)) ==
              WireError::InvalidContent);
    }
    SUBCASE("a SUBMIT id that is not the content's id") {
        Submit submit = good;
        submit.submission_id = new_submission_id();
        CHECK(refusal(check_submission(submit, terminal.node, rules_for("county"), now)) ==
              WireError::InvalidContent);
    }
    SUBCASE("a SUBMIT kind that is not the content's kind") {
        Submit submit = good;
        submit.kind = SubmissionKindCode::Bid;
        CHECK(refusal(check_submission(submit, terminal.node, rules_for("county"), now)) ==
              WireError::InvalidContent);
    }
    SUBCASE("a receipt signed by another terminal's key") {
        SigningTerminal other(8);
        Submit submit = good;
        submit.signature = sign_receipt(terminal.receipt_number(1), good.content_hash, other.key).signature;
        CHECK(refusal(check_submission(submit, terminal.node, rules_for("county"), now)) ==
              WireError::BadSignature);
    }
    SUBCASE("a signature over another receipt number") {
        Submit submit = good;
        submit.receipt_number = terminal.receipt_number(2).text();
        CHECK(refusal(check_submission(submit, terminal.node, rules_for("county"), now)) ==
              WireError::BadSignature);
    }
    SUBCASE("a receipt number that does not parse") {
        Submit submit = good;
        submit.receipt_number = "JM-03-007";
        CHECK(refusal(check_submission(submit, terminal.node, rules_for("county"), now)) ==
              WireError::InvalidContent);
    }
    SUBCASE("a terminal that names a signing key of its own choosing") {
        Submit submit = good;
        submit.origin_signing_key = terminal.node.signing_public_key;
        CHECK(refusal(check_submission(submit, terminal.node, rules_for("county"), now)) ==
              WireError::NotAllowed);
    }
}

TEST_CASE("a county's forward carries the origin key and is accepted by a city only") {
    SigningTerminal terminal(7);
    const std::int64_t now = terminal.created_at + 100;
    Submit forward = terminal.submit(terminal.demand("精密减速器"), terminal.receipt_number(1));
    forward.origin_signing_key = terminal.node.signing_public_key;
    NodeRecord county;
    county.node_id = "440703";
    county.kind = "county";
    county.county_admin_code = "440703";

    const Checked at_city = check_submission(forward, county, rules_for("city"), now);
    REQUIRE_FALSE(at_city.error.has_value());
    CHECK(at_city.stored.via_node == "440703");
    CHECK(at_city.stored.origin_signing_key == terminal.node.signing_public_key);

    CHECK(refusal(check_submission(forward, county, rules_for("county"), now)) == WireError::NotAllowed);
    Submit without_key = forward;
    without_key.origin_signing_key.clear();
    CHECK(refusal(check_submission(without_key, county, rules_for("city"), now)) == WireError::NotAllowed);
    Submit other_key = forward;
    other_key.origin_signing_key = SigningTerminal(9).node.signing_public_key;
    CHECK(refusal(check_submission(other_key, county, rules_for("city"), now)) == WireError::BadSignature);
}

TEST_CASE("USCC flags say whose county a unit is registered in") {
    CHECK(uscc_flag("", "440703").empty());
    CHECK(uscc_flag("91440703MA4U111142", "440703").empty());
    CHECK(uscc_flag("91440703MA4U111142", "440704") == "uscc_other_county");
    CHECK(uscc_flag("91440703MA4U111142", "330400") == "uscc_outside_city");
    CHECK(uscc_flag("91440703MA4U111143", "440703") == "uscc_invalid");
}

namespace {
// The detail of a refusal: "<code> <field>" for content, words for the rest.
std::string detail_of(const Checked& checked) {
    REQUIRE(checked.error.has_value());
    return checked.error->detail;
}
}  // namespace

TEST_CASE("a receipt number must name the sending terminal's city, county and terminal (invariant 3)") {
    SigningTerminal terminal(7);
    const std::int64_t now = terminal.created_at + 100;
    const SubmissionRules rules = rules_for("county");
    auto with_number = [&](ReceiptNumber number) {
        return check_submission(terminal.submit(terminal.demand("编号测试"), number), terminal.node, rules,
                                now);
    };

    ReceiptNumber other_terminal = terminal.receipt_number(1);
    other_terminal.terminal_number = 8;  // terminal 008's number, signed with 007's own key
    CHECK(refusal(with_number(other_terminal)) == WireError::ReceiptMismatch);
    CHECK(detail_of(with_number(other_terminal)).find("terminal part 008") != std::string::npos);

    CHECK(refusal(with_number(terminal.receipt_number(1, "04"))) ==
          WireError::ReceiptMismatch);  // JM-04: Jianghai
    ReceiptNumber other_city = terminal.receipt_number(1);
    other_city.city_code = "JX";
    CHECK(refusal(with_number(other_city)) == WireError::ReceiptMismatch);
    CHECK(wire_error_name(WireError::ReceiptMismatch) == "sync.receipt_mismatch");

    // The content names another terminal than the one whose number and key it carries.
    Submission elsewhere = terminal.demand("别的终端");
    elsewhere.terminal_id = "440703-008";
    CHECK(refusal(check_submission(terminal.submit(elsewhere, terminal.receipt_number(1)), terminal.node,
                                   rules, now)) == WireError::ReceiptMismatch);

    // Enrolments the number cannot be bound to: a county no profile knows, a node id without a number.
    SigningTerminal unknown_county(7, "110105");
    Submission beijing = unknown_county.demand("未知区县");
    CHECK(refusal(check_submission(unknown_county.submit(beijing, unknown_county.receipt_number(1)),
                                   unknown_county.node, rules, now)) == WireError::ReceiptMismatch);
    SigningTerminal odd_id(7);
    odd_id.node.node_id = "hall-kiosk";
    Submission odd = odd_id.demand("编号");
    CHECK(refusal(check_submission(odd_id.submit(odd, odd_id.receipt_number(1)), odd_id.node, rules, now)) ==
          WireError::ReceiptMismatch);

    // A city-level hall (enrolled under the city's own code) numbers its receipts with the city-level code.
    SigningTerminal city_hall(2, "440700");
    Submission at_city_hall = city_hall.demand("市本级");
    CHECK_FALSE(check_submission(city_hall.submit(at_city_hall, city_hall.receipt_number(1, "00")),
                                 city_hall.node, rules, now)
                    .error.has_value());
}

TEST_CASE("a county's forward must carry a number and a terminal of that county (invariant 3)") {
    SigningTerminal terminal(7);
    const std::int64_t now = terminal.created_at + 100;
    NodeRecord county;
    county.node_id = "440703";
    county.kind = "county";
    county.county_admin_code = "440703";
    NodeRecord neighbour = county;
    neighbour.node_id = "440705";
    neighbour.county_admin_code = "440705";
    Submit forward = terminal.submit(terminal.demand("转报"), terminal.receipt_number(1));
    forward.origin_signing_key = terminal.node.signing_public_key;
    CHECK_FALSE(check_submission(forward, county, rules_for("city"), now).error.has_value());
    // Xinhui forwarding Pengjiang's receipt: the county part is not its own.
    CHECK(refusal(check_submission(forward, neighbour, rules_for("city"), now)) ==
          WireError::ReceiptMismatch);
}

TEST_CASE("content that can never be valid is refused, naming the code and the field (invariant 4)") {
    SigningTerminal terminal(7);
    const std::int64_t now = terminal.created_at + 100;
    const SubmissionRules rules = rules_for("county");
    auto check = [&](const Submission& submission) {
        return check_submission(terminal.submit(submission, terminal.receipt_number(1)), terminal.node, rules,
                                now);
    };
    auto refused_as = [&](const Submission& submission) {
        const Checked checked = check(submission);
        CHECK(refusal(checked) == WireError::InvalidContent);
        return detail_of(checked);
    };

    Submission empty = terminal.demand("空");
    empty.values.clear();
    CHECK(refused_as(empty) == "consent.required consent_personal_data");

    Submission unknown_key = terminal.demand("多余的键");
    unknown_key.values["favourite_colour"] = std::string("blue");
    CHECK(refused_as(unknown_key) == "field.unknown favourite_colour");

    Submission future_form = terminal.demand("未来的表");
    future_form.form_version = 99;
    CHECK(refused_as(future_form) == "form.unknown_version form_version");

    Submission other_city = terminal.demand("外市");
    other_city.profile_id = "jiaxing";
    CHECK(refused_as(other_city) == "submission.profile_mismatch profile");

    Submission negative = terminal.demand("负时间");
    negative.created_at = -5;
    CHECK(refused_as(negative) == "submission.created_at_range created_at");

    Submission year_2200 = terminal.demand("2200年");
    year_2200.created_at = 7258118400;  // 2200-01-01, with a receipt dated 2026-11-22
    CHECK(refused_as(year_2200) == "submission.created_at_receipt_date created_at");

    Submission bad_mobile = terminal.demand("手机号");
    bad_mobile.values["contact_mobile"] = std::string("12345");
    CHECK(refused_as(bad_mobile).ends_with(" contact_mobile"));

    // kind "bid" with a demand's values: judged against the bid form, the demand's keys are unknown there.
    Submission mislabelled = terminal.demand("种类不符");
    mislabelled.kind = SubmissionKind::Bid;
    CHECK(refused_as(mislabelled).rfind("field.unknown ", 0) == 0);

    // A number from the future that agrees with its own receipt date: beyond the configured bound.
    SigningTerminal far_ahead(7);
    far_ahead.created_at = 7258154400;  // 2200-01-01 10:00
    ReceiptNumber number_2200 = far_ahead.receipt_number(1);
    number_2200.year = 2200;
    number_2200.month = 1;
    number_2200.day = 1;
    const Checked ahead = check_submission(far_ahead.submit(far_ahead.demand("遥远的未来"), number_2200),
                                           far_ahead.node, rules, now);
    CHECK(refusal(ahead) == WireError::InvalidContent);
    CHECK(detail_of(ahead) == "submission.created_at_range created_at");
}

TEST_CASE(
    "what a wrong clock or a changed policy explains is flagged for staff, never refused (invariant 4)") {
    SigningTerminal terminal(7);
    const SubmissionRules rules = rules_for("county");

    // The terminal's clock runs three days ahead of the server's: stored, flagged.
    const Checked early =
        check_submission(terminal.submit(terminal.demand("时钟快了"), terminal.receipt_number(1)),
                         terminal.node, rules, terminal.created_at - 3 * 24 * 3600);
    REQUIRE_FALSE(early.error.has_value());
    CHECK(early.stored.flags == "clock_ahead");

    // The server's own clock is dead (1970): no clock bound is applied at all.
    const Checked dead_clock =
        check_submission(terminal.submit(terminal.demand("服务器时钟坏了"), terminal.receipt_number(1)),
                         terminal.node, rules, 1000);
    CHECK_FALSE(dead_clock.error.has_value());

    // An industry the city's current profile no longer lists: stored, flagged.
    Submission retired = terminal.demand("旧行业");
    retired.values["industry_field"] = std::string("retired_industry");
    const Checked flagged = check_submission(terminal.submit(retired, terminal.receipt_number(1)),
                                             terminal.node, rules, terminal.created_at + 100);
    REQUIRE_FALSE(flagged.error.has_value());
    CHECK(flagged.stored.flags == "choice.unknown:industry_field");

    // Without forms or profiles nothing is stored (fail closed), and the client retries later.
    SubmissionRules missing = rules;
    missing.forms = nullptr;
    CHECK(refusal(check_submission(terminal.submit(terminal.demand("无表"), terminal.receipt_number(1)),
                                   terminal.node, missing, terminal.created_at)) ==
          WireError::StoreUnavailable);
}

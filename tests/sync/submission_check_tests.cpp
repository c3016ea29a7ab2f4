// tests/sync/submission_check_tests.cpp — the aggregator's pure SUBMIT check (sync/aggregator/
// submission_check.hpp) without processes or sockets: a good terminal SUBMIT becomes the row to store; a
// wrong hash, undecodable content, ids that disagree, a signature under another key and a forward to the
// wrong tier are each refused with their wire code (invariants 2 and 3); the USCC flags.
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
    const Submission demand = terminal.demand("精密减速器");
    const Submit submit = terminal.submit(demand, terminal.receipt_number(1));
    const Checked checked = check_submission(submit, terminal.node, "county", 1795000100);
    REQUIRE_FALSE(checked.error.has_value());
    CHECK(checked.stored.submission_id == demand.id);
    CHECK(checked.stored.kind == "demand");
    CHECK(checked.stored.receipt_number == submit.receipt_number);
    CHECK(checked.stored.content_hash == submit.content_hash);
    CHECK(checked.stored.via_node == "440703-007");
    CHECK(checked.stored.county_admin_code == "440703");
    CHECK(checked.stored.origin_signing_key == terminal.node.signing_public_key);
    CHECK(checked.stored.received_at == 1795000100);
    CHECK(checked.stored.profile_id == "jiangmen");
    CHECK(checked.stored.flags.empty());
}

TEST_CASE("each broken part of a SUBMIT is refused with its own wire code (invariant 2)") {
    SigningTerminal terminal(7);
    const Submission demand = terminal.demand("精密减速器");
    const Submit good = terminal.submit(demand, terminal.receipt_number(1));

    SUBCASE("a hash that is not SHA-256 of the content") {
        Submit submit = good;
        submit.content_hash[0] ^= 1;
        CHECK(refusal(check_submission(submit, terminal.node, "county", 0)) == WireError::HashMismatch);
    }
    SUBCASE("content that is not a submission") {
        Submit submit = good;
        submit.canonical_content = "{\"not\":\"a submission\"}";
        submit.content_hash = content_hash_of_encoding(submit.canonical_content);
        CHECK(refusal(check_submission(submit, terminal.node, "county", 0)) == WireError::InvalidContent);
    }
    SUBCASE("a SUBMIT id that is not the content's id") {
        Submit submit = good;
        submit.submission_id = new_submission_id();
        CHECK(refusal(check_submission(submit, terminal.node, "county", 0)) == WireError::InvalidContent);
    }
    SUBCASE("a SUBMIT kind that is not the content's kind") {
        Submit submit = good;
        submit.kind = SubmissionKindCode::Bid;
        CHECK(refusal(check_submission(submit, terminal.node, "county", 0)) == WireError::InvalidContent);
    }
    SUBCASE("a receipt signed by another terminal's key") {
        SigningTerminal other(8);
        Submit submit = good;
        submit.signature = sign_receipt(terminal.receipt_number(1), good.content_hash, other.key).signature;
        CHECK(refusal(check_submission(submit, terminal.node, "county", 0)) == WireError::BadSignature);
    }
    SUBCASE("a signature over another receipt number") {
        Submit submit = good;
        submit.receipt_number = terminal.receipt_number(2).text();
        CHECK(refusal(check_submission(submit, terminal.node, "county", 0)) == WireError::BadSignature);
    }
    SUBCASE("a receipt number that does not parse") {
        Submit submit = good;
        submit.receipt_number = "JM-03-007";
        CHECK(refusal(check_submission(submit, terminal.node, "county", 0)) == WireError::InvalidContent);
    }
    SUBCASE("a terminal that names a signing key of its own choosing") {
        Submit submit = good;
        submit.origin_signing_key = terminal.node.signing_public_key;
        CHECK(refusal(check_submission(submit, terminal.node, "county", 0)) == WireError::NotAllowed);
    }
}

TEST_CASE("a county's forward carries the origin key and is accepted by a city only") {
    SigningTerminal terminal(7);
    Submit forward = terminal.submit(terminal.demand("精密减速器"), terminal.receipt_number(1));
    forward.origin_signing_key = terminal.node.signing_public_key;
    NodeRecord county;
    county.node_id = "440703";
    county.kind = "county";
    county.county_admin_code = "440703";

    const Checked at_city = check_submission(forward, county, "city", 1795000100);
    REQUIRE_FALSE(at_city.error.has_value());
    CHECK(at_city.stored.via_node == "440703");
    CHECK(at_city.stored.origin_signing_key == terminal.node.signing_public_key);

    CHECK(refusal(check_submission(forward, county, "county", 0)) == WireError::NotAllowed);
    Submit without_key = forward;
    without_key.origin_signing_key.clear();
    CHECK(refusal(check_submission(without_key, county, "city", 0)) == WireError::NotAllowed);
    Submit other_key = forward;
    other_key.origin_signing_key = SigningTerminal(9).node.signing_public_key;
    CHECK(refusal(check_submission(other_key, county, "city", 0)) == WireError::BadSignature);
}

TEST_CASE("USCC flags say whose county a unit is registered in") {
    CHECK(uscc_flag("", "440703").empty());
    CHECK(uscc_flag("91440703MA4U111142", "440703").empty());
    CHECK(uscc_flag("91440703MA4U111142", "440704") == "uscc_other_county");
    CHECK(uscc_flag("91440703MA4U111142", "330400") == "uscc_outside_city");
    CHECK(uscc_flag("91440703MA4U111143", "440703") == "uscc_invalid");
}

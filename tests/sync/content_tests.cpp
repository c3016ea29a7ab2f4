// tests/sync/content_tests.cpp — the aggregator checks content against the form as the terminal does (issue
// #11 defect 4; docs/protocol.md 5.3.2), with a real aggregator: each of the reported cases (empty values,
// unknown keys, form_version 99, another city's profile, created_at -5 and in 2200, kind "bid" with a
// demand's values) is refused with INVALID_CONTENT naming the code and the field and nothing is stored; a
// real terminal agent quarantines such an item and the valid item behind it is still stored.
#include <doctest/doctest.h>

#include "sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

TEST_CASE("content that can never be valid is refused by a running aggregator, naming code and field") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 7);
    terminal.enroll(aggregator);
    aggregator.start();
    ZmqContext context;
    RawClient client(context, terminal.curve(), aggregator);

    struct Case {
        const char* what;
        std::function<void(Submission&)> spoil;
        std::string detail;
    };
    const std::vector<Case> cases = {
        {"empty values", [](Submission& s) { s.values.clear(); }, "consent.required consent_personal_data"},
        {"an unknown key", [](Submission& s) { s.values["x_extra"] = std::string("1"); },
         "field.unknown x_extra"},
        {"form_version 99", [](Submission& s) { s.form_version = 99; }, "form.unknown_version form_version"},
        {"profile jiaxing", [](Submission& s) { s.profile_id = "jiaxing"; },
         "submission.profile_mismatch profile"},
        {"created_at -5", [](Submission& s) { s.created_at = -5; }, "submission.created_at_range created_at"},
        {"created_at in 2200", [](Submission& s) { s.created_at = 7258118400; },
         "submission.created_at_receipt_date created_at"},
        {"kind bid with a demand's values", [](Submission& s) { s.kind = SubmissionKind::Bid; },
         "field.unknown budget_solver_wan"},
    };
    for (const Case& test : cases) {
        CAPTURE(test.what);
        Submission submission = Terminal::demand("坏内容");
        const auto created = submission.created_at;
        test.spoil(submission);
        // The terminal's store dates the receipt from created_at; keep the receipt on today's date so that
        // only the spoiled part is wrong.
        const auto spoiled_created_at = submission.created_at;
        submission.created_at = created;
        auto committed = terminal.commit(submission);
        committed.submission.created_at = spoiled_created_at;
        Submit submit = submit_for(committed);
        submit.kind = committed.submission.kind == SubmissionKind::Bid ? SubmissionKindCode::Bid
                                                                       : SubmissionKindCode::Demand;
        submit.content_hash = content_hash_of_encoding(submit.canonical_content);
        submit.signature =
            sign_receipt(committed.receipt.number, submit.content_hash, terminal.signing_key()).signature;
        auto reply = client.request(submit);
        REQUIRE(reply.has_value());
        REQUIRE(std::holds_alternative<ErrorReply>(reply->body));
        const auto& error = std::get<ErrorReply>(reply->body);
        CHECK(error.error == WireError::InvalidContent);
        CHECK(error.submission_id == committed.submission.id);
        CHECK(error.detail == test.detail);
    }
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 0);
    CHECK(aggregator.process().running());
}

TEST_CASE("the terminal quarantines content the aggregator refuses and the next item still goes") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 8);
    terminal.enroll(aggregator);
    Submission empty = Terminal::demand("空表");
    empty.values.clear();
    const auto refused = terminal.commit(empty);
    const auto valid = terminal.commit(Terminal::demand("完整的需求"));
    aggregator.start();
    terminal.start_agent(aggregator);
    REQUIRE_MESSAGE(wait_until([&] {
                        const auto counts = terminal.counts();
                        return counts.pending == 0 && counts.quarantined == 1 && counts.acknowledged == 1;
                    }),
                    terminal.agent_log() << aggregator.log());
    auto store = terminal.open_store();
    CHECK(store.database()
              .query_int("SELECT count(*) FROM outbox WHERE submission_id = ?1 AND last_error = ?2",
                         refused.submission.id, std::string("sync.invalid_content"))
              .value() == 1);
    CHECK(aggregator.count("SELECT count(*) FROM submissions") == 1);
    CHECK(aggregator.count("SELECT count(*) FROM submissions WHERE submission_id = '" + valid.submission.id +
                           "'") == 1);
    CHECK(aggregator.log().find("invalid_content") != std::string::npos);

    // County staff see the refused item they could not see before (issue 9 defect 5): its receipt number, the
    // terminal and the refusal, although the store holds none of its content.
    std::string quarantine;
    REQUIRE(staff({"terminal", "quarantine", "--store", aggregator.store()}, &quarantine) == 0);
    CHECK(quarantine.find(refused.receipt.number.text()) != std::string::npos);
    CHECK(quarantine.find("sync.invalid_content") != std::string::npos);
    CHECK(quarantine.find(valid.receipt.number.text()) == std::string::npos);  // stored: not missing
}

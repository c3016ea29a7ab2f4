// tests/sync/signed_submit.hpp — SUBMIT bodies made in memory, signed as a terminal signs them (canonical
// content, SHA-256, Ed25519 over the receipt number and hash), for the pure unit tests of the aggregator's
// submission check and check pool. No store, no socket.
#pragma once

#include <string>

#include "shared/domain/submission.hpp"
#include "shared/receipt/receipt.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/protocol/codec.hpp"

namespace jiebang::sync::test {

// A terminal as the aggregator knows it: the enrolment row, and the signing key only the terminal holds.
struct SigningTerminal {
    NodeRecord node;
    SigningKey key;
    int terminal_number = 0;

    explicit SigningTerminal(int number, const std::string& county = "440703") : terminal_number(number) {
        key = SigningKey::generate();
        node.node_id = county + "-" + (number < 10 ? "00" : number < 100 ? "0" : "") + std::to_string(number);
        node.kind = "terminal";
        node.signing_public_key = key.public_key_text();
        node.county_admin_code = county;
    }

    ReceiptNumber receipt_number(int sequence, const std::string& county_code = "03") const {
        ReceiptNumber number;
        number.city_code = "JM";
        number.county_code = county_code;
        number.terminal_number = terminal_number;
        number.year = 2026;
        number.month = 11;
        number.day = 22;
        number.sequence = sequence;
        return number;
    }

    // A demand as this terminal would commit it (id, terminal and profile filled in).
    Submission demand(const std::string& project_name) const {
        Submission submission;
        submission.id = new_submission_id();
        submission.kind = SubmissionKind::Demand;
        submission.form_version = 1;
        submission.profile_id = "jiangmen";
        submission.terminal_id = node.node_id;
        submission.created_at = 1795000000;
        submission.values["project_name"] = project_name;
        submission.values["industry_field"] = std::string("advanced_manufacturing");
        submission.values["issuer_name"] = std::string("江门市示例智能装备有限公司");
        submission.values["issuer_uscc"] = std::string("91440703MA4U111142");
        submission.values["issuer_kind"] = std::string("enterprise");
        submission.values["technical_problem"] = std::string("高精度伺服控制的温漂问题");
        submission.values["budget_solver_wan"] = std::string("300");
        submission.values["mechanism"] = std::string("single");
        return submission;
    }

    // The SUBMIT this terminal sends for `submission` under `number`.
    Submit submit(const Submission& submission, const ReceiptNumber& number) const {
        Submit submit;
        submit.submission_id = submission.id;
        submit.kind =
            submission.kind == SubmissionKind::Bid ? SubmissionKindCode::Bid : SubmissionKindCode::Demand;
        submit.canonical_content = canonical_encoding(submission);
        submit.content_hash = content_hash_of_encoding(submit.canonical_content);
        const Receipt receipt = sign_receipt(number, submit.content_hash, key);
        submit.signature = receipt.signature;
        submit.receipt_number = number.text();
        return submit;
    }
};

}  // namespace jiebang::sync::test

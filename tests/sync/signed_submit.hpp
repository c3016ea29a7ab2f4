// tests/sync/signed_submit.hpp — SUBMIT bodies made in memory, signed as a terminal signs them (canonical
// content, SHA-256, Ed25519 over the receipt number and hash), for the pure unit tests of the aggregator's
// submission check and check pool, and the rules (forms and profiles from the source assets) they are
// checked under. No store, no socket.
#pragma once

#include <string>

#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"
#include "shared/receipt/receipt.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/aggregator/submission_check.hpp"
#include "sync/protocol/codec.hpp"
#include "tests/support/fixtures.hpp"

namespace jiebang::sync::test {

// The shared complete Jiangmen demand (tests/support/fixtures.hpp: it passes validate_submission with the
// shipped forms and profile), with the project name, the issuer's USCC and a plain mobile number set.
inline FieldValues complete_demand_values(const std::string& project_name, const std::string& uscc) {
    FieldValues values = test_support::complete_demand("jiangmen");
    values["project_name"] = project_name;
    values["issuer_uscc"] = uscc;
    values["contact_mobile"] = std::string("13800138000");
    return values;
}

// A terminal as the aggregator knows it: the enrolment row, and the signing key only the terminal holds.
struct SigningTerminal {
    NodeRecord node;
    SigningKey key;
    int terminal_number = 0;
    std::int64_t created_at = 1795341600;  // 2026-11-22 10:00 UTC, the day of receipt_number()

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

    // A complete, valid Jiangmen demand as this terminal would commit it (id, terminal and profile filled
    // in), created on the receipt date of receipt_number() (2026-11-22, 10:00 UTC).
    Submission demand(const std::string& project_name) const {
        Submission submission;
        submission.id = new_submission_id();
        submission.kind = SubmissionKind::Demand;
        submission.form_version = 1;
        submission.profile_id = "jiangmen";
        submission.terminal_id = node.node_id;
        submission.created_at = created_at;
        submission.values = complete_demand_values(project_name, "91440703MA4U111142");
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

// The forms and profiles of the source tree, loaded once, and rules for a server of `role` over them.
inline const FormCatalog& test_forms() {
    static const FormCatalog forms = FormCatalog::load(JIEBANG_SOURCE_ASSETS_DIR).value();
    return forms;
}
inline const ProfileCatalog& test_profiles() {
    static const ProfileCatalog profiles = ProfileCatalog::load(JIEBANG_SOURCE_ASSETS_DIR).value();
    return profiles;
}
inline SubmissionRules rules_for(const std::string& role) {
    SubmissionRules rules;
    rules.server_role = role;
    rules.forms = &test_forms();
    rules.profiles = &test_profiles();
    return rules;
}

}  // namespace jiebang::sync::test

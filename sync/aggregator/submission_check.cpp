// sync/aggregator/submission_check.cpp — the pure SUBMIT check (see the header for the invariants).
#include "sync/aggregator/submission_check.hpp"

#include <sodium.h>

#include "shared/domain/submission.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang::sync {

std::string uscc_flag(const std::string& uscc_text, const std::string& county) {
    if (uscc_text.empty())
        return {};
    auto uscc = check_uscc(uscc_text);
    if (!uscc)
        return "uscc_invalid";
    if (uscc->admin_division_code == county)
        return {};
    if (uscc->admin_division_code.substr(0, 4) == county.substr(0, 4))
        return "uscc_other_county";
    return "uscc_outside_city";
}

Checked check_submission(const Submit& submit, const NodeRecord& node, const std::string& server_role,
                         std::int64_t now) {
    Checked checked;
    auto fail = [&](WireError error, std::string detail) {
        checked.error = ErrorReply{error, submit.submission_id, std::move(detail)};
        return checked;
    };
    HashBytes hash{};
    crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(submit.canonical_content.data()),
                       submit.canonical_content.size());
    if (hash != submit.content_hash)
        return fail(WireError::HashMismatch, "SHA-256 of the content differs");
    auto parsed = submission_from_json(submit.canonical_content);
    if (!parsed)
        return fail(WireError::InvalidContent, parsed.error().code + " " + parsed.error().field);
    const Submission& submission = parsed.value();
    const bool is_bid = submission.kind == SubmissionKind::Bid;
    if (submission.id != submit.submission_id || is_bid != (submit.kind == SubmissionKindCode::Bid)) {
        return fail(WireError::InvalidContent, "id or kind differ from the content");
    }
    std::string signing_key;
    if (node.kind == "terminal") {
        if (!submit.origin_signing_key.empty())
            return fail(WireError::NotAllowed, "a terminal sends its own key");
        signing_key = node.signing_public_key;
    } else {
        if (server_role != "city" || submit.origin_signing_key.empty()) {
            return fail(WireError::NotAllowed, "forwarding needs a city server and the origin key");
        }
        signing_key = submit.origin_signing_key;
    }
    auto number = ReceiptNumber::parse(submit.receipt_number);
    if (!number)
        return fail(WireError::InvalidContent, "receipt number: " + number.error().code);
    auto key = parse_public_key(signing_key);
    if (!key)
        return fail(WireError::BadSignature, "no usable signing key for this node");
    Receipt receipt{number.value(), submit.content_hash, submit.signature};
    if (auto verified = verify_receipt(receipt, key.value()); !verified) {
        return fail(WireError::BadSignature, "receipt signature does not verify");
    }

    StoredSubmission& stored = checked.stored;
    stored.submission_id = submit.submission_id;
    stored.kind = is_bid ? "bid" : "demand";
    stored.receipt_number = number->text();
    stored.content_hash = submit.content_hash;
    stored.signature = submit.signature;
    stored.canonical_content = submit.canonical_content;
    stored.origin_signing_key = signing_key;
    stored.via_node = node.node_id;
    stored.county_admin_code = node.county_admin_code;
    stored.received_at = now;
    stored.profile_id = submission.profile_id;
    stored.project_name = field_text(submission, is_bid ? "team_name" : "project_name");
    stored.industry_id = field_text(submission, "industry_field");
    stored.unit_name = field_text(submission, is_bid ? "solver_name" : "issuer_name");
    stored.unit_uscc = field_text(submission, is_bid ? "solver_uscc" : "issuer_uscc");
    if (is_bid)
        stored.listing_id = field_text(submission, "listing_id");
    std::vector<std::string> flags;
    if (node.kind == "terminal" && submission.terminal_id != node.node_id)
        flags.push_back("terminal_mismatch");
    if (auto flag = uscc_flag(stored.unit_uscc, node.county_admin_code); !flag.empty())
        flags.push_back(flag);
    for (const std::string& flag : flags)
        stored.flags += (stored.flags.empty() ? "" : ",") + flag;
    return checked;
}

}  // namespace jiebang::sync

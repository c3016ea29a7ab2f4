// sync/aggregator/terminal_requests.cpp — the county's answers to PROGRESS-REQUEST and CORRECTION-REQUEST
// (docs/protocol.md section 18; invariants in terminal_requests.hpp).
#include "sync/aggregator/terminal_requests.hpp"

#include "shared/receipt/receipt.hpp"

namespace jiebang::sync {

namespace {

ErrorReply store_unavailable(const Error& error) {
    return ErrorReply{WireError::StoreUnavailable, "", "store unavailable: " + error.code};
}

// A number that does not parse is looked up as it is: it matches nothing (Unknown), like a typo.
std::string canonical_number(std::string_view typed) {
    auto number = ReceiptNumber::parse(typed);
    return number ? number->text() : std::string(typed);
}

}  // namespace

Body answer_progress_request(AggregatorStore& store, const NodeRecord& node, const ProgressRequest& request) {
    ProgressReply reply;
    reply.receipt_number = canonical_number(request.receipt_number);
    reply.county_admin_code = node.county_admin_code;
    auto chain = store.revisions(reply.receipt_number);
    if (!chain)
        return store_unavailable(chain.error());
    const RevisionRecord* asked = nullptr;
    for (const RevisionRecord& record : chain.value()) {
        if (record.receipt_number == reply.receipt_number)
            asked = &record;
    }
    if (asked == nullptr) {
        reply.outcome = LookupOutcome::Unknown;
        return reply;
    }
    auto stored = store.find(asked->submission_id);
    if (!stored)
        return store_unavailable(stored.error());
    if (!stored->has_value()) {
        reply.outcome = LookupOutcome::Unknown;
        return reply;
    }
    if ((**stored).county_admin_code != node.county_admin_code) {  // P1
        reply.outcome = LookupOutcome::OtherCounty;
        reply.county_admin_code = (**stored).county_admin_code;
        return reply;
    }
    reply.outcome = LookupOutcome::Found;
    reply.state = asked->review_state;
    reply.reason = asked->review_reason;
    reply.updated_at = (**stored).reviewed_at > 0 ? (**stored).reviewed_at : (**stored).received_at;
    reply.revision = static_cast<std::uint32_t>(asked->revision);
    const RevisionRecord& newest = chain->back();
    if (newest.revision > asked->revision)
        reply.latest_receipt_number = newest.receipt_number;
    return reply;
}

Body answer_correction_request(AggregatorStore& store, const NodeRecord& node,
                               const CorrectionRequest& request, std::int64_t now) {
    auto check =
        store.check_access_code(canonical_number(request.receipt_number), request.access_code, node, now);
    if (!check)
        return store_unavailable(check.error());
    CorrectionReply reply;
    reply.outcome = static_cast<CorrectionOutcome>(check->outcome);
    reply.attempts_left = static_cast<std::uint32_t>(check->attempts_left);
    reply.locked_until = check->locked_until;
    if (check->outcome == AccessOutcome::Granted && check->submission) {
        reply.submission_id = check->submission->submission_id;
        reply.revision = static_cast<std::uint32_t>(check->revision);
        reply.reason = check->submission->review_reason;
        reply.canonical_content = check->submission->canonical_content;
    }
    return reply;
}

}  // namespace jiebang::sync

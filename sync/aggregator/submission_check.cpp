// sync/aggregator/submission_check.cpp — the pure SUBMIT check (see the header for the invariants). The
// steps run in the order of docs/protocol.md 5.3; the first that fails decides the reply.
//
// Index: [SECTION] Roles and cities  [SECTION] Content against its form  [SECTION] The check
#include "sync/aggregator/submission_check.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdio>

#include "shared/domain/submission.hpp"
#include "shared/forms/role_values.hpp"
#include "shared/forms/validation.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang::sync {

// [SECTION] Roles and cities
bool server_accepts(std::string_view server_role, std::string_view node_kind) {
    return !node_kind.empty() && node_kind == accepted_node_kind(server_role);
}

std::string_view accepted_node_kind(std::string_view server_role) {
    if (server_role == "county")
        return "terminal";
    if (server_role == "city")
        return "county";
    return {};
}

std::optional<NodeCity> city_of_county(const ProfileCatalog& profiles, std::string_view county_admin_code) {
    for (const Profile& profile : profiles.all()) {
        if (const County* county = profile.county_by_code(county_admin_code); county != nullptr)
            return NodeCity{&profile, county->receipt_code};
        if (profile.city_admin_code == county_admin_code)
            return NodeCity{&profile, profile.city_level_receipt_code};
    }
    return std::nullopt;
}

std::optional<int> terminal_number_of(std::string_view node_id, std::string_view county_admin_code) {
    if (node_id.size() != county_admin_code.size() + 4 || !node_id.starts_with(county_admin_code) ||
        node_id[county_admin_code.size()] != '-') {
        return std::nullopt;
    }
    const std::string_view digits = node_id.substr(county_admin_code.size() + 1);
    if (!std::all_of(digits.begin(), digits.end(), [](char digit) { return digit >= '0' && digit <= '9'; }))
        return std::nullopt;
    const int number = (digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0');
    if (number < 1)
        return std::nullopt;
    return number;
}

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

// [SECTION] Content against its form
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int year, int month, int day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const std::int64_t year_of_era = year - era * 400;
    const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

struct ContentVerdict {
    std::optional<Error> refusal;    // the first defect that breaks the form version's contract
    std::vector<std::string> flags;  // policy or board findings for staff ("code:field")
};

// Errors that depend on the city's current policy or board rather than on the form version: a value may be
// right under the profile and board the terminal had when it receipted, so it is flagged, not refused.
bool depends_on_policy(const FormDefinition& form, const Error& error) {
    if (error.code == "listing.unknown")
        return true;
    if (error.code == "choice.unknown") {
        const FieldDefinition* field = form.field(error.field);
        return field != nullptr && !field->options_source.empty();
    }
    return false;
}

std::string flag_of(const Error& error) {
    return error.field.empty() ? error.code : error.code + ":" + error.field;
}

ContentVerdict check_content(const Submission& submission, const ReceiptNumber& number, const NodeCity& city,
                             const SubmissionRules& rules, std::int64_t now, const Board* board) {
    ContentVerdict verdict;
    auto refuse = [&](std::string code, std::string field, std::string detail) {
        verdict.refusal = Error(std::move(code), std::move(field), std::move(detail));
        return verdict;
    };
    if (submission.profile_id != city.profile->id) {
        return refuse("submission.profile_mismatch", "profile",
                      "the profile is not the city of the sending node (" + city.profile->id + ")");
    }
    const FormDefinition* form = rules.forms->form(submission_kind_name(submission.kind));
    if (form == nullptr || form->version != submission.form_version) {
        return refuse("form.unknown_version", "form_version",
                      "this server has no such version of the " +
                          std::string(submission_kind_name(submission.kind)) + " form");
    }
    // created_at and the receipt's date come from the terminal's clock at the same moment: whatever that
    // clock says, a genuine terminal's pair agrees within a day either side (any time zone).
    constexpr std::int64_t day = 24 * 3600;
    const std::int64_t receipt_midnight = days_from_civil(number.year, number.month, number.day) * day;
    if (submission.created_at < 0)
        return refuse("submission.created_at_range", "created_at", "created_at is negative");
    if (submission.created_at < receipt_midnight - day ||
        submission.created_at >= receipt_midnight + 2 * day) {
        return refuse("submission.created_at_receipt_date", "created_at",
                      "created_at does not fall on the receipt number's date");
    }
    if (now >= earliest_plausible_now) {
        if (submission.created_at > now + rules.max_clock_ahead_seconds) {
            return refuse("submission.created_at_range", "created_at",
                          "created_at is further ahead of this server's clock than max_clock_ahead_days");
        }
        if (submission.created_at > now + day)
            verdict.flags.push_back("clock_ahead");
    }

    const ValidationContext context{form, city.profile, board};
    std::vector<Error> errors;
    for (const auto& [field_id, value] : submission.values) {
        if (form->field(field_id) == nullptr)
            errors.push_back(Error("field.unknown", field_id, "the form has no such field"));
    }
    for (const FieldDefinition& field : form->fields) {
        for (Error& error : validate_field(context, field.id, submission.values))
            errors.push_back(std::move(error));
    }
    for (const Error& error : errors) {
        if (error.code == "listing.unknown" && board == nullptr)
            continue;  // no board here yet: nothing to compare the listing with
        if (!depends_on_policy(*form, error)) {
            verdict.refusal = error;
            return verdict;
        }
        verdict.flags.push_back(flag_of(error));
    }
    // The profile's cross-field rules (eligibility, shares) are the city's current policy, which staff
    // review against anyway; they are neither refused nor flagged here.
    return verdict;
}

}  // namespace

// [SECTION] The check
Checked check_submission(const Submit& submit, const NodeRecord& node, const SubmissionRules& rules,
                         std::int64_t now, const Board* board) {
    Checked checked;
    auto fail = [&](WireError error, std::string detail) {
        if (detail.size() > 200)
            detail.resize(200);  // the wire limit; details are ASCII
        checked.error = ErrorReply{error, submit.submission_id, std::move(detail)};
        return checked;
    };
    if (rules.forms == nullptr || rules.profiles == nullptr)
        return fail(WireError::StoreUnavailable, "this server has no forms or profiles loaded");
    // 1. Hash.
    HashBytes hash{};
    crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(submit.canonical_content.data()),
                       submit.canonical_content.size());
    if (hash != submit.content_hash)
        return fail(WireError::HashMismatch, "SHA-256 of the content differs");
    // 2. Content decodes; ids and kinds agree.
    auto parsed = submission_from_json(submit.canonical_content);
    if (!parsed)
        return fail(WireError::InvalidContent, parsed.error().code + " " + parsed.error().field);
    const Submission& submission = parsed.value();
    const bool is_bid = submission.kind == SubmissionKind::Bid;
    if (submission.id != submit.submission_id || is_bid != (submit.kind == SubmissionKindCode::Bid)) {
        return fail(WireError::InvalidContent, "id or kind differ from the content");
    }
    // 3. Role.
    if (!server_accepts(rules.server_role, node.kind)) {
        return fail(WireError::NotAllowed, "a " + rules.server_role + " server accepts " +
                                               std::string(accepted_node_kind(rules.server_role)) +
                                               " nodes only");
    }
    std::string signing_key;
    if (node.kind == "terminal") {
        if (!submit.origin_signing_key.empty())
            return fail(WireError::NotAllowed, "a terminal sends its own key");
        signing_key = node.signing_public_key;
    } else {
        if (submit.origin_signing_key.empty())
            return fail(WireError::NotAllowed, "forwarding needs the origin key");
        signing_key = submit.origin_signing_key;
    }
    // 4. Signature.
    auto number = ReceiptNumber::parse(submit.receipt_number);
    if (!number)
        return fail(WireError::InvalidContent, number.error().code + " receipt_number");
    auto key = parse_public_key(signing_key);
    if (!key)
        return fail(WireError::BadSignature, "no usable signing key for this node");
    Receipt receipt{number.value(), submit.content_hash, submit.signature};
    if (auto verified = verify_receipt(receipt, key.value()); !verified) {
        return fail(WireError::BadSignature, "receipt signature does not verify");
    }
    // 5. The receipt number belongs to the sender (invariant 3).
    const auto city = city_of_county(*rules.profiles, node.county_admin_code);
    if (!city) {
        return fail(WireError::ReceiptMismatch,
                    "the enrolled county " + node.county_admin_code + " is in no profile of this server");
    }
    if (number->city_code != city->profile->receipt_city_code) {
        return fail(WireError::ReceiptMismatch, "city part " + number->city_code + " is not " +
                                                    city->profile->receipt_city_code +
                                                    " of the enrolled county");
    }
    if (number->county_code != city->county_receipt_code) {
        return fail(WireError::ReceiptMismatch, "county part " + number->county_code + " is not " +
                                                    city->county_receipt_code + " of the enrolled county");
    }
    char terminal_text[8];
    std::snprintf(terminal_text, sizeof terminal_text, "%03d", number->terminal_number);
    const std::string expected_terminal =
        node.kind == "terminal" ? node.node_id : node.county_admin_code + "-" + terminal_text;
    if (node.kind == "terminal" &&
        terminal_number_of(node.node_id, node.county_admin_code) != number->terminal_number) {
        return fail(WireError::ReceiptMismatch,
                    "terminal part " + std::string(terminal_text) + " is not that of node " + node.node_id);
    }
    if (submission.terminal_id != expected_terminal) {
        return fail(WireError::ReceiptMismatch, "the content names another terminal than the receipt's");
    }
    // 6. The content keeps its form version's contract (invariant 4).
    ContentVerdict verdict = check_content(submission, number.value(), *city, rules, now, board);
    if (verdict.refusal) {
        return fail(WireError::InvalidContent, verdict.refusal->code + " " + verdict.refusal->field);
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
    stored.resubmission_of = submission.resubmission_of;
    // The summary columns come from the fields' roles in the submission's form (check_content found it),
    // never from field ids (shared/forms/role_values.hpp).
    const FormDefinition* form = rules.forms->form(submission_kind_name(submission.kind));
    const SubmissionSummary summary = summarize_submission(*form, submission.values);
    stored.project_name = summary.title;
    stored.industry_id = summary.industry_id;
    stored.unit_name = summary.unit_name;
    stored.unit_uscc = summary.unit_uscc;
    if (is_bid)
        stored.listing_id = summary.listing_id;
    std::vector<std::string> flags;
    if (auto flag = uscc_flag(stored.unit_uscc, node.county_admin_code); !flag.empty())
        flags.push_back(flag);
    for (std::string& flag : verdict.flags) {
        if (std::find(flags.begin(), flags.end(), flag) == flags.end())
            flags.push_back(std::move(flag));
    }
    for (const std::string& flag : flags)
        stored.flags += (stored.flags.empty() ? "" : ",") + flag;
    return checked;
}

}  // namespace jiebang::sync

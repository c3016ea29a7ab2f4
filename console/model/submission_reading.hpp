// console/model/submission_reading.hpp — a stored submission as a reviewer reads it: every field of the form
// under its step, with the form's Chinese label, option names instead of ids, money in wan yuan, lists one
// item a line, declarations as words; and the content hash recomputed here, on the reviewer's machine, over
// the signed bytes the aggregator sent, so content changed on the server cannot pass as the receipted one.
// (The terminal's Ed25519 signature is checked by the aggregator on arrival, which stores nothing that fails
// it; the staff channel's RECORD carries no signature to check again here.)
// Pure: no ImGui, no I/O. Words come from the string catalogue (console.json) and the forms/profiles.
// Invariants:
//  1. Fields are looked up in the form by the submission's values, never by hard-coded ids; a value whose key
//     is no field of the form is still shown (under its key, marked unknown), never dropped.
//  2. An option id the profile does not know is shown as its id with the "unknown option" marker, never as
//     another option's name and never hidden.
//  3. Verification is computed from the record's bytes alone: content_hash_ok is SHA-256(canonical content)
//     == the receipt's content hash; false is a finding the detail view shows in red.
#pragma once

#include <string>
#include <vector>

#include "console/model/staff_model.hpp"
#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::console::model {

struct ReadableField {
    std::string field_id;
    std::string label;
    std::string value;       // as a person reads it; may span lines
    bool long_text = false;  // a paragraph (wrap it across the width)
    bool personal = false;   // contact data
    bool unknown = false;    // a key the form does not define, or an option the profile does not know
};

struct ReadableSection {
    std::string title;
    std::vector<ReadableField> fields;
};

struct ReceiptVerification {
    bool content_hash_ok = false;
    std::string problem_key;  // console.verify.* string key when not ok
};

struct ReadableSubmission {
    std::string form_title;
    std::int64_t created_at = 0;  // on the terminal (Unix seconds)
    std::string terminal_id;
    std::vector<ReadableSection> sections;
    ReceiptVerification verification;
};

struct ReadingCatalogues {
    const FormCatalog& forms;
    const ProfileCatalog& profiles;
    const StringCatalog& strings;
};

// Errors: console.content_unreadable (the signed content does not parse: the detail names why).
Result<ReadableSubmission> read_submission(const SubmissionRecord& record,
                                           const ReadingCatalogues& catalogues);

ReceiptVerification verify_record(const SubmissionRecord& record);

// "2026-11-22 14:03" in the machine's local time zone; "" for 0.
std::string local_time_text(std::int64_t unix_seconds);
// "2026-11-22" in local time; "" for 0.
std::string local_date_text(std::int64_t unix_seconds);
// Parses "YYYY-MM-DD" as local midnight; nullopt when malformed or not a calendar date.
std::optional<std::int64_t> parse_local_date(std::string_view text);

}  // namespace jiebang::console::model

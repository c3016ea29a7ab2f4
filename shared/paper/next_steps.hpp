// shared/paper/next_steps.hpp — what the applicant does now, in words: print the papers and seal them, how many
// copies, where to take them (the bureau, its address and phone), by when, and what the bureaus do next.
// The receipt screen shows it and the printout carries it; both get the same lines from describe_next_steps().
// Invariants:
//  1. Every fact comes from the profile's "after_submission" section and calendar, the board's listing and the
//     filed values; every word from assets/strings (next_steps.*); the code holds no city rule and no Chinese.
//  2. The recipient follows the policy: the city bureau; or the county bureau of the unit's county — the county its
//     USCC (the field with role unit_uscc) was registered in (seed 002: 企业所在县区科技局), the city bureau for a
//     unit registered at city level, the terminal's county when the USCC names no county of the city; or the
//     terminal's county bureau. A unit whose kind (role unit_kind) the policy lists goes to the city bureau
//     (Jingdezhen: universities and institutes). Fields are found by role, never by id.
//  3. A date that lies before the filing date is never presented as still open: the text says it has passed
//     and to ask the bureau first (deadline_passed).
//  4. An address the profile does not give is never invented: the text tells the applicant to ask the hall staff.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/paper/after_submission.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang {

struct NextStepsInput {
    SubmissionKind kind = SubmissionKind::Demand;
    const FieldValues* values = nullptr;
    std::int64_t filed_at = 0;   // Unix seconds (Submission::created_at); dates compare in local time
    std::string receipt_number;  // for the progress line; may be empty
    std::string
        terminal_county_code;  // admin code of the terminal's county (or the city's for a city terminal)
    const FormDefinition* form = nullptr;
    const Profile* profile = nullptr;
    const AfterSubmissionPolicy* policy = nullptr;
    const Board* board = nullptr;  // bids: the listing's deadline; may be null
};

// Convenience: the input for a committed submission.
NextStepsInput next_steps_input(const Submission& submission, const FormDefinition& form,
                                const Profile& profile, const AfterSubmissionPolicy& policy,
                                std::string terminal_county_code, std::string receipt_number,
                                const Board* board = nullptr);

struct NextSteps {
    std::vector<std::string> documents;        // document ids to print, in order (assets/print/<id>.json)
    std::vector<std::string> document_titles;  // their titles, as the applicant reads them
    int paper_copies = 0;                      // 0 = the profile states no number
    bool seal_required = false;
    bool electronic_copy = false;
    Bureau recipient;
    std::string deadline;  // the sentence(s) on timing
    bool deadline_passed = false;

    std::string heading;             // "提交后请这样办理"
    std::vector<std::string> steps;  // numbered instructions: print and seal, copies, where, when
    std::string then_heading;        // "之后"
    std::vector<std::string> then;   // what the bureaus do next (from the profile)
    std::string progress;            // where to look up progress with the receipt number
};

// Errors: next_steps.missing_input (a required pointer is null), next_steps.county_unknown (the terminal's county
// is neither a county of the profile nor the city; argument "value").
Result<NextSteps> describe_next_steps(const NextStepsInput& input, const StringCatalog& strings,
                                      Locale locale = Locale::Chinese);

// One text for a screen: heading, the numbered steps, the "then" paragraphs and the progress line, one per line.
std::string next_steps_text(const NextSteps& next_steps);

}  // namespace jiebang

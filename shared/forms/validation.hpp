// shared/forms/validation.hpp — validating a submission's values against its form and city profile.
// The same functions drive the terminal's inline errors (one field, one step) and the final check before
// commit, the CLI's `validate`, and the aggregator's re-check of what arrives. A form is submittable only
// when validate_submission() returns no errors.
// Codes (field set to the field id): field.required, field.too_long, field.invalid_utf8, field.not_allowed,
// list.too_few, list.too_many, choice.unknown, declaration.required, consent.required, listing.unknown,
// field.wrong_type (a list given for a text field ...), field.control_character, field.unknown (a value for
// an id the form does not have), list.item_too_long, list.empty_item, list.duplicate_item, integer.range,
// form.unknown_step, form.missing_context; plus the validators' codes (uscc.*, mobile.format, email.format,
// money.*, integer.format, percent.*), and cross-field rules (money.share_exceeds_total, eligibility.*,
// bid.local_host_required, ...). Arguments: every field error has "label"/"label_en"; too_long "limit",
// "count", "over"; list errors "limit", "count" or "item" (1-based line); integer.range "min", "max".
#pragma once

#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"

namespace jiebang {

struct ValidationContext {
    const FormDefinition* form = nullptr;
    const Profile* profile = nullptr;
    const Board* board = nullptr;  // needed for bids (listing ids, local-host rule)
};

// The field as the applicant reads it under the current values: its first wording whose condition holds (a
// choice's value, or the project type of the listing a bid answers) gives label, help and placeholder; else as
// defined. Errors carry this label.
FieldDefinition worded_field(const ValidationContext& context, const FieldDefinition& field,
                             const FieldValues& values);

// Whether a field is shown given the current values (profile + visible_when).
bool field_visible(const ValidationContext& context, const FieldDefinition& field, const FieldValues& values);

std::vector<Error> validate_field(const ValidationContext& context, std::string_view field_id,
                                  const FieldValues& values);
std::vector<Error> validate_step(const ValidationContext& context, std::string_view step_id,
                                 const FieldValues& values);
// Every field, then the profile's cross-field rules (eligibility, shares, local host, ...).
std::vector<Error> validate_submission(const ValidationContext& context, const FieldValues& values);

// The choice options of a field under the profile/board/current values (for screens and validation).
std::vector<ChoiceOption> field_options(const ValidationContext& context, const FieldDefinition& field,
                                        const FieldValues& values);

}  // namespace jiebang

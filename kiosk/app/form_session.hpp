// kiosk/app/form_session.hpp — pure helpers over a form, a profile and the session's values, shared by the
// wizard screens (to show errors) and the Application (to decide whether Next/Submit may proceed).
// A step's errors are the whole submission's errors that concern the step's visible fields, so that the
// profile's cross-field rules (eligibility, shares, local host) appear next to the field they concern.
#pragma once

#include <string>
#include <vector>

#include "shared/forms/validation.hpp"

namespace jiebang::kiosk {

std::vector<const FieldDefinition*> visible_fields(const ValidationContext& context,
                                                   const StepDefinition& step, const FieldValues& values);
std::vector<Error> errors_for_step(const ValidationContext& context, const StepDefinition& step,
                                   const FieldValues& values);
std::vector<Error> errors_for_field(const std::vector<Error>& errors, std::string_view field_id);
// Reads of the session's values by kind (empty / false when unset).
std::string value_text(const FieldValues& values, std::string_view field_id);
bool value_flag(const FieldValues& values, std::string_view field_id);
std::vector<std::string> value_list(const FieldValues& values, std::string_view field_id);

// Index of the step holding `field_id` among `steps`, or -1.
int step_of_field(const std::vector<const StepDefinition*>& steps, std::string_view field_id);

}  // namespace jiebang::kiosk

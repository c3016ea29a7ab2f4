// kiosk/app/form_session.cpp — step/field helpers (see form_session.hpp).
#include "kiosk/app/form_session.hpp"

#include <algorithm>

namespace jiebang::kiosk {

std::vector<const FieldDefinition*> visible_fields(const ValidationContext& context,
                                                   const StepDefinition& step, const FieldValues& values) {
    std::vector<const FieldDefinition*> fields;
    for (const auto& field_id : step.field_ids) {
        const FieldDefinition* field = context.form->field(field_id);
        if (field == nullptr)
            continue;
        if (context.profile != nullptr && !context.form->field_applies(*field, context.profile->id))
            continue;
        if (!field_visible(context, *field, values))
            continue;
        fields.push_back(field);
    }
    return fields;
}

std::vector<Error> errors_for_step(const ValidationContext& context, const StepDefinition& step,
                                   const FieldValues& values) {
    const auto fields = visible_fields(context, step, values);
    std::vector<Error> errors;
    for (auto& error : validate_submission(context, values)) {
        const bool in_step = std::any_of(fields.begin(), fields.end(), [&](const FieldDefinition* field) {
            return field->id == error.field;
        });
        if (in_step)
            errors.push_back(std::move(error));
    }
    return errors;
}

std::vector<Error> errors_for_field(const std::vector<Error>& errors, std::string_view field_id) {
    std::vector<Error> selected;
    for (const auto& error : errors) {
        if (error.field == field_id)
            selected.push_back(error);
    }
    return selected;
}

std::string value_text(const FieldValues& values, std::string_view field_id) {
    const auto found = values.find(field_id);
    if (found == values.end())
        return {};
    if (const auto* text = std::get_if<std::string>(&found->second))
        return *text;
    return {};
}

bool value_flag(const FieldValues& values, std::string_view field_id) {
    const auto found = values.find(field_id);
    if (found == values.end())
        return false;
    if (const auto* flag = std::get_if<bool>(&found->second))
        return *flag;
    return false;
}

std::vector<std::string> value_list(const FieldValues& values, std::string_view field_id) {
    const auto found = values.find(field_id);
    if (found == values.end())
        return {};
    if (const auto* lines = std::get_if<std::vector<std::string>>(&found->second))
        return *lines;
    return {};
}

int step_of_field(const std::vector<const StepDefinition*>& steps, std::string_view field_id) {
    for (std::size_t index = 0; index < steps.size(); ++index) {
        const auto& ids = steps[index]->field_ids;
        if (std::find(ids.begin(), ids.end(), field_id) != ids.end())
            return static_cast<int>(index);
    }
    return -1;
}

}  // namespace jiebang::kiosk

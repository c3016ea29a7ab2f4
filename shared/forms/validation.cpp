// shared/forms/validation.cpp — per-field, per-step and whole-submission validation of form values.
// Order for one field: does it apply (profile) and is it shown (visible_when)? -> is the value of the right
// type? -> is it empty (required)? -> is the text valid UTF-8 and within its limit (code points)? -> the
// kind's own check (USCC, mobile, email, money, integer, choice, list sizes, listing on the board).
// Invariants (tests cite them as "validation.cpp invariant N"):
//  1. A field hidden by visible_when, or marked asked_by_rule while no rule of the profile asks for it and it
//     holds no value, is neither required nor checked (its value is ignored).
//  2. A value for a field of another city's profile is field.not_allowed; a value for an id the form does
//     not have is field.unknown — never dropped silently.
//  3. Every error carries the field id, a stable code, the field's label in both languages ("label",
//     "label_en") and the numbers its message needs.
//  4. A field that already has an error gets no second one from a cross-field rule.
//
// Index: [SECTION] helpers  [SECTION] visibility  [SECTION] options  [SECTION] one field
//        [SECTION] steps and submissions
#include "shared/forms/validation.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "shared/policy/rules.hpp"
#include "shared/text/utf8.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang {

namespace {

// [SECTION] helpers

Error field_error(const FieldDefinition& field, std::string code, std::string detail = {}) {
    Error error(std::move(code), field.id, std::move(detail));
    error.with("label", field.label.chinese).with("label_en", field.label.english);
    return error;
}

// Re-labels a validator's error (which has no field) for this field, keeping its arguments.
Error attach_to_field(const FieldDefinition& field, const Error& validator_error) {
    Error error = field_error(field, validator_error.code, validator_error.detail);
    for (const auto& [name, value] : validator_error.arguments)
        error.with(name, value);
    return error;
}

// Only spaces, tabs, line breaks and ideographic spaces (U+3000, what a Chinese keyboard's space gives).
bool is_blank(std::string_view text) {
    constexpr std::string_view ideographic_space = "\xE3\x80\x80";
    while (!text.empty()) {
        if (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n') {
            text.remove_prefix(1);
        } else if (text.starts_with(ideographic_space)) {
            text.remove_prefix(ideographic_space.size());
        } else {
            return false;
        }
    }
    return true;
}

// True when a value counts as given (non-blank text, a true declaration, a list with a non-blank line).
bool value_given(const FieldValue& value) {
    if (const auto* text = std::get_if<std::string>(&value))
        return !is_blank(*text);
    if (const auto* flag = std::get_if<bool>(&value))
        return *flag;
    if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        return std::any_of(list->begin(), list->end(),
                           [](const std::string& item) { return !is_blank(item); });
    }
    return false;
}

const FieldValue* find_value(const FieldValues& values, std::string_view field_id) {
    const auto found = values.find(field_id);
    return found == values.end() ? nullptr : &found->second;
}

std::string profile_id_of(const ValidationContext& context) {
    return context.profile != nullptr ? context.profile->id : std::string();
}

// [SECTION] visibility

bool visible_with_depth(const ValidationContext& context, const FieldDefinition& field,
                        const FieldValues& values, int depth) {
    if (context.form == nullptr)
        return false;
    if (!context.form->field_applies(field, profile_id_of(context)))
        return false;
    if (!field.asked_by_rule.empty() &&
        !rule_asks_for_field(context, values, field.asked_by_rule, field.id)) {
        // Not asked: hidden, unless it already holds a value (typed before the answers changed, or filed by a
        // terminal of an earlier release): that is shown and checked, never dropped unseen.
        const FieldValue* value = find_value(values, field.id);
        if (value == nullptr || !value_given(*value))
            return false;
    }
    if (!field.visible_when)
        return true;
    if (depth > 16)
        return false;  // the loader forbids cycles; this only bounds a hand-built definition
    const VisibilityCondition& condition = *field.visible_when;
    const FieldDefinition* controlling = context.form->field(condition.field);
    if (controlling == nullptr || !visible_with_depth(context, *controlling, values, depth + 1))
        return false;
    const FieldValue* value = find_value(values, condition.field);
    if (value == nullptr)
        return false;
    std::string current;
    if (const auto* text = std::get_if<std::string>(value)) {
        current = *text;
    } else if (const auto* flag = std::get_if<bool>(value)) {
        current = *flag ? "true" : "false";
    } else {
        return false;
    }
    return std::find(condition.equals_any.begin(), condition.equals_any.end(), current) !=
           condition.equals_any.end();
}

// [SECTION] options

// The inline label of `id`, or the id itself when the form gives none.
LocalText inline_label(const FieldDefinition& field, const std::string& id) {
    for (const ChoiceOption& option : field.options) {
        if (option.id == id)
            return option.label;
    }
    return LocalText{id, id};
}

bool option_known(const std::vector<ChoiceOption>& options, std::string_view id) {
    return std::any_of(options.begin(), options.end(),
                       [&](const ChoiceOption& option) { return option.id == id; });
}

}  // namespace

FieldDefinition worded_field(const ValidationContext& context, const FieldDefinition& field,
                             const FieldValues& values) {
    FieldDefinition worded = field;
    for (const FieldWording& wording : field.wordings) {
        bool holds = false;
        if (!wording.field.empty()) {
            const FieldValue* value = find_value(values, wording.field);
            const auto* text = value != nullptr ? std::get_if<std::string>(value) : nullptr;
            holds = text != nullptr && std::find(wording.equals_any.begin(), wording.equals_any.end(),
                                                 *text) != wording.equals_any.end();
        } else if (context.form != nullptr && context.board != nullptr) {
            const FieldValue* value = find_value(values, context.form->field_id(FieldRole::Listing));
            const auto* listing_id = value != nullptr ? std::get_if<std::string>(value) : nullptr;
            const Listing* listing = listing_id != nullptr ? context.board->listing(*listing_id) : nullptr;
            holds = listing != nullptr &&
                    std::find(wording.listing_project_types.begin(), wording.listing_project_types.end(),
                              listing->project_type_id) != wording.listing_project_types.end();
        }
        if (holds) {
            worded.label = wording.label;
            worded.help = wording.help;
            worded.placeholder = wording.placeholder;
            break;
        }
    }
    return worded;
}

bool field_visible(const ValidationContext& context, const FieldDefinition& field,
                   const FieldValues& values) {
    return visible_with_depth(context, field, values, 0);
}

std::vector<ChoiceOption> field_options(const ValidationContext& context, const FieldDefinition& field,
                                        const FieldValues& values) {
    const std::string& source = field.options_source;
    if (source.empty())
        return field.options;
    std::vector<ChoiceOption> options;
    if (source == "board.listings") {
        if (context.board == nullptr)
            return options;
        for (const Listing& listing : context.board->listings) {
            options.push_back(ChoiceOption{listing.id, LocalText{listing.title, listing.title}});
        }
        return options;
    }
    if (context.profile == nullptr)
        return options;
    const Profile& profile = *context.profile;
    if (source == "profile.industries") {
        for (const Industry& industry : profile.industries)
            options.push_back(ChoiceOption{industry.id, industry.name});
    } else if (source == "profile.sub_directions") {
        // The sub-directions of the industry chosen in the field playing the industry role.
        const FieldValue* industry_value =
            context.form != nullptr ? find_value(values, context.form->field_id(FieldRole::Industry))
                                    : nullptr;
        const auto* industry_id =
            industry_value != nullptr ? std::get_if<std::string>(industry_value) : nullptr;
        for (const Industry& industry : profile.industries) {
            if (industry_id != nullptr && industry.id == *industry_id)
                options = industry.sub_directions;
        }
    } else if (source == "profile.project_types") {
        for (const ProjectType& type : profile.project_types)
            options.push_back(ChoiceOption{type.id, type.name});
    } else if (source == "profile.mechanisms") {
        for (const std::string& mechanism : profile.mechanisms) {
            options.push_back(ChoiceOption{mechanism, inline_label(field, mechanism)});
        }
    } else if (source == "profile.counties") {
        for (const County& county : profile.counties)
            options.push_back(ChoiceOption{county.admin_code, county.name});
    } else if (source == "profile.solver_kinds") {
        options = profile.solver_kinds;
        // The profile's labels win; the form's inline labels fill any the profile left empty.
        for (ChoiceOption& option : options) {
            if (option.label.chinese.empty())
                option.label = inline_label(field, option.id);
        }
    }
    return options;
}

namespace {

// [SECTION] one field

// Valid UTF-8, no control characters (a line break only in multi-line text), within the limit.
void check_text(const FieldDefinition& field, std::string_view text, bool allow_line_breaks, int item_number,
                std::vector<Error>& errors) {
    const auto with_item = [item_number](Error error) {
        if (item_number > 0)
            error.with("item", std::to_string(item_number));
        return error;
    };
    const auto count = utf8::count_code_points(text);
    if (!count) {
        errors.push_back(with_item(field_error(field, "field.invalid_utf8", "not valid UTF-8")));
        return;
    }
    const bool has_control = std::any_of(text.begin(), text.end(), [allow_line_breaks](char character) {
        const auto byte = static_cast<unsigned char>(character);
        if (allow_line_breaks && (character == '\n' || character == '\r' || character == '\t'))
            return false;
        return byte < 0x20 || byte == 0x7F;
    });
    if (has_control) {
        errors.push_back(
            with_item(field_error(field, "field.control_character", "control character in text")));
        return;
    }
    if (field.max_chars > 0 && *count > static_cast<std::size_t>(field.max_chars)) {
        // A line of a list has its own code so the message can say which line.
        errors.push_back(
            with_item(field_error(field, item_number > 0 ? "list.item_too_long" : "field.too_long",
                                  "longer than the limit")
                          .with("limit", std::to_string(field.max_chars))
                          .with("count", std::to_string(*count))
                          .with("over", std::to_string(*count - static_cast<std::size_t>(field.max_chars)))));
    }
}

void check_item_count(const FieldDefinition& field, std::size_t count, std::vector<Error>& errors) {
    if (field.min_items > 0 && count < static_cast<std::size_t>(field.min_items)) {
        errors.push_back(field_error(field, "list.too_few", "fewer items than required")
                             .with("limit", std::to_string(field.min_items))
                             .with("count", std::to_string(count)));
    }
    if (field.max_items > 0 && count > static_cast<std::size_t>(field.max_items)) {
        errors.push_back(field_error(field, "list.too_many", "more items than allowed")
                             .with("limit", std::to_string(field.max_items))
                             .with("count", std::to_string(count)));
    }
}

bool kind_takes_text(FieldKind kind) {
    switch (kind) {
        case FieldKind::Declaration:
        case FieldKind::Consent:
        case FieldKind::TextList:
        case FieldKind::MultiChoice:
            return false;
        default:
            return true;
    }
}

std::vector<Error> check_field(const ValidationContext& context, const FieldDefinition& defined_field,
                               const FieldValues& values) {
    std::vector<Error> errors;
    // Errors name the field as the applicant reads it (a transfer listing's wording).
    std::optional<FieldDefinition> worded;
    if (!defined_field.wordings.empty())
        worded = worded_field(context, defined_field, values);
    const FieldDefinition& field = worded ? *worded : defined_field;
    const FieldValue* value = find_value(values, field.id);
    const bool given = value != nullptr && value_given(*value);

    if (!field_visible(context, field, values)) {
        // Hidden by visible_when: ignored. Not part of this city's form at all: a value is refused.
        if (given && !context.form->field_applies(field, profile_id_of(context))) {
            errors.push_back(field_error(field, "field.not_allowed", "field is not used by this profile"));
        }
        return errors;
    }

    // Type: text kinds take a string; declarations a boolean; lists a list of strings.
    if (value != nullptr && !std::holds_alternative<std::monostate>(*value)) {
        const bool wants_text = kind_takes_text(field.kind);
        const bool wants_flag = field.kind == FieldKind::Declaration || field.kind == FieldKind::Consent;
        const bool type_ok = wants_text   ? std::holds_alternative<std::string>(*value)
                             : wants_flag ? std::holds_alternative<bool>(*value)
                                          : std::holds_alternative<std::vector<std::string>>(*value);
        if (!type_ok) {
            errors.push_back(field_error(field, "field.wrong_type", "value has the wrong type for this field")
                                 .with("kind", std::string(field_kind_name(field.kind))));
            return errors;
        }
    }

    if (field.kind == FieldKind::Consent || field.kind == FieldKind::Declaration) {
        if (field.required && !given) {
            errors.push_back(field_error(
                field, field.kind == FieldKind::Consent ? "consent.required" : "declaration.required"));
        }
        return errors;
    }

    if (!given) {
        // An empty list with blank lines is still "not given"; blank lines in a given list are reported
        // below.
        if (field.required)
            errors.push_back(field_error(field, "field.required"));
        return errors;
    }

    if (const auto* list = std::get_if<std::vector<std::string>>(value)) {
        if (field.kind == FieldKind::TextList) {
            for (std::size_t index = 0; index < list->size(); ++index) {
                const std::string& item = (*list)[index];
                if (is_blank(item)) {
                    errors.push_back(field_error(field, "list.empty_item", "blank line in the list")
                                         .with("item", std::to_string(index + 1)));
                    continue;
                }
                check_text(field, item, false, static_cast<int>(index + 1), errors);
            }
        } else {  // MultiChoice
            const std::vector<ChoiceOption> options = field_options(context, field, values);
            std::set<std::string> seen;
            for (const std::string& item : *list) {
                if (!option_known(options, item)) {
                    errors.push_back(field_error(field, "choice.unknown", "not one of the options"));
                } else if (!seen.insert(item).second) {
                    errors.push_back(field_error(field, "list.duplicate_item", "option chosen twice"));
                }
            }
        }
        check_item_count(field, list->size(), errors);
        return errors;
    }

    const std::string& text = std::get<std::string>(*value);
    if (!utf8::is_valid(text)) {
        errors.push_back(field_error(field, "field.invalid_utf8", "not valid UTF-8"));
        return errors;
    }
    switch (field.kind) {
        case FieldKind::Text:
            check_text(field, text, false, 0, errors);
            break;
        case FieldKind::Multiline:
            check_text(field, text, true, 0, errors);
            break;
        case FieldKind::Uscc:
            if (auto uscc = check_uscc(text); !uscc)
                errors.push_back(attach_to_field(field, uscc.error()));
            break;
        case FieldKind::Mobile:
            if (Status status = check_mobile(text); !status)
                errors.push_back(attach_to_field(field, status.error()));
            break;
        case FieldKind::Email:
            if (Status status = check_email(text); !status)
                errors.push_back(attach_to_field(field, status.error()));
            break;
        case FieldKind::Money:
            if (auto money = parse_money_wan(text); !money)
                errors.push_back(attach_to_field(field, money.error()));
            break;
        case FieldKind::Percent:
            if (auto percent = parse_percent_basis_points(text); !percent) {
                errors.push_back(attach_to_field(field, percent.error()));
            }
            break;
        case FieldKind::Integer: {
            auto number = parse_integer(text);
            if (!number) {
                errors.push_back(attach_to_field(field, number.error()));
            } else if ((field.min_value && *number < *field.min_value) ||
                       (field.max_value && *number > *field.max_value)) {
                Error error = field_error(field, "integer.range", "outside the allowed range");
                if (field.min_value)
                    error.with("min", std::to_string(*field.min_value));
                if (field.max_value)
                    error.with("max", std::to_string(*field.max_value));
                errors.push_back(std::move(error));
            }
            break;
        }
        case FieldKind::Choice:
            if (!option_known(field_options(context, field, values), text)) {
                errors.push_back(field_error(field, "choice.unknown", "not one of the options"));
            }
            break;
        case FieldKind::Listing:
            if (!option_known(field_options(context, field, values), text)) {
                errors.push_back(field_error(field, "listing.unknown",
                                             context.board == nullptr
                                                 ? "no board on this terminal"
                                                 : "not a listing on the current board"));
            }
            break;
        default:
            break;
    }
    return errors;
}

bool context_complete(const ValidationContext& context) {
    return context.form != nullptr && context.profile != nullptr;
}

Error missing_context_error() {
    return Error("form.missing_context", "", "validation needs a form and a profile");
}

}  // namespace

// [SECTION] steps and submissions

std::vector<Error> validate_field(const ValidationContext& context, std::string_view field_id,
                                  const FieldValues& values) {
    if (!context_complete(context))
        return {missing_context_error()};
    const FieldDefinition* field = context.form->field(field_id);
    if (field == nullptr) {
        return {Error("field.unknown", std::string(field_id), "the form has no such field")};
    }
    return check_field(context, *field, values);
}

std::vector<Error> validate_step(const ValidationContext& context, std::string_view step_id,
                                 const FieldValues& values) {
    if (!context_complete(context))
        return {missing_context_error()};
    const auto step = std::find_if(context.form->steps.begin(), context.form->steps.end(),
                                   [&](const StepDefinition& candidate) { return candidate.id == step_id; });
    if (step == context.form->steps.end()) {
        return {Error("form.unknown_step", std::string(step_id), "the form has no such step")};
    }
    std::vector<Error> errors;
    for (const std::string& field_id : step->field_ids) {
        const FieldDefinition* field = context.form->field(field_id);
        if (field == nullptr)
            continue;
        for (Error& error : check_field(context, *field, values))
            errors.push_back(std::move(error));
    }
    return errors;
}

std::vector<Error> validate_submission(const ValidationContext& context, const FieldValues& values) {
    if (!context_complete(context))
        return {missing_context_error()};
    std::vector<Error> errors;
    // Values for ids the form does not have: never dropped silently.
    for (const auto& [field_id, value] : values) {
        if (context.form->field(field_id) == nullptr) {
            errors.push_back(Error("field.unknown", field_id, "the form has no such field"));
        }
    }
    // Fields in step order, so errors read top to bottom as the applicant saw them.
    for (const StepDefinition& step : context.form->steps) {
        for (const std::string& field_id : step.field_ids) {
            const FieldDefinition* field = context.form->field(field_id);
            if (field == nullptr)
                continue;
            for (Error& error : check_field(context, *field, values))
                errors.push_back(std::move(error));
        }
    }
    // Cross-field rules of the city; a field that already has an error is not reported twice.
    std::set<std::string> fields_with_errors;
    for (const Error& error : errors)
        fields_with_errors.insert(error.field);
    for (Error& error : check_profile_rules(context, values)) {
        if (!error.field.empty() && fields_with_errors.contains(error.field))
            continue;
        errors.push_back(std::move(error));
    }
    return errors;
}

}  // namespace jiebang

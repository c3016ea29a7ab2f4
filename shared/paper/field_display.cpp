// shared/paper/field_display.cpp — filed values as words (see the header's invariants).
#include "shared/paper/field_display.hpp"

#include <variant>

#include "shared/domain/board.hpp"
#include "shared/policy/profile.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang {

const std::string& local_text(const LocalText& text, Locale locale) {
    if (locale == Locale::English && !text.english.empty())
        return text.english;
    return text.chinese;
}

const std::string& field_label(const FieldDefinition& field, Locale locale) {
    return local_text(field.label, locale);
}

namespace {

std::string option_name(const ValidationContext& context, const FieldDefinition& field,
                        const FieldValues& values, const std::string& option_id, Locale locale) {
    for (const ChoiceOption& option : field_options(context, field, values)) {
        if (option.id == option_id && !option.label.chinese.empty())
            return local_text(option.label, locale);
    }
    return option_id;  // invariant 1: never dropped
}

}  // namespace

DisplayedValue displayed_value(const ValidationContext& context, const FieldDefinition& field,
                               const FieldValues& values, const StringCatalog& strings, Locale locale) {
    DisplayedValue shown;
    const auto found = values.find(field.id);
    const FieldValue* value = found == values.end() ? nullptr : &found->second;
    const auto* text = value != nullptr ? std::get_if<std::string>(value) : nullptr;
    const auto* flag = value != nullptr ? std::get_if<bool>(value) : nullptr;
    const auto* list = value != nullptr ? std::get_if<std::vector<std::string>>(value) : nullptr;

    switch (field.kind) {
        case FieldKind::Declaration:
        case FieldKind::Consent: {
            // A required declaration is a statement affirmed; an optional one is a yes/no question (its label
            // is the statement, e.g. "we are an innovation model enterprise").
            const bool affirmed = flag != nullptr && *flag;
            shown.empty = !affirmed;
            const bool statement = field.required || field.kind == FieldKind::Consent;
            const char* key = statement ? (affirmed ? "print.value.affirmed" : "print.value.not_affirmed")
                                        : (affirmed ? "print.value.yes" : "print.value.no");
            shown.items.push_back(strings.text(key, locale));
            return shown;
        }
        case FieldKind::TextList:
        case FieldKind::MultiChoice: {
            shown.list = true;
            if (list != nullptr) {
                for (const std::string& item : *list) {
                    shown.items.push_back(field.kind == FieldKind::MultiChoice
                                              ? option_name(context, field, values, item, locale)
                                              : item);
                }
            } else if (text != nullptr && !text->empty()) {
                shown.items.push_back(*text);  // a single text where a list was expected: still shown
            }
            shown.empty = shown.items.empty();
            return shown;
        }
        default:
            break;
    }
    if (list != nullptr) {  // a list where one value was expected: every item still shown
        shown.items = *list;
        shown.list = true;
        shown.empty = shown.items.empty();
        return shown;
    }
    if (text == nullptr || text->empty()) {
        if (flag != nullptr) {
            shown.items.push_back(strings.text(*flag ? "print.value.yes" : "print.value.no", locale));
            shown.empty = false;
        }
        return shown;
    }
    shown.empty = false;
    switch (field.kind) {
        case FieldKind::Money: {
            const auto money = parse_money_wan(*text);
            shown.items.push_back(strings.format(
                "print.value.money_wan", {{"amount", money ? format_money_wan(*money) : *text}}, locale));
            break;
        }
        case FieldKind::Percent:
            shown.items.push_back(strings.format("print.value.percent", {{"value", *text}}, locale));
            break;
        case FieldKind::Choice:
            shown.items.push_back(option_name(context, field, values, *text, locale));
            break;
        case FieldKind::Listing: {
            const Listing* listing = context.board != nullptr ? context.board->listing(*text) : nullptr;
            if (listing != nullptr && !listing->title.empty()) {
                shown.items.push_back(strings.format(
                    "print.value.listing", {{"title", listing->title}, {"id", listing->id}}, locale));
            } else {
                shown.items.push_back(*text);
            }
            break;
        }
        default:
            shown.items.push_back(*text);
            break;
    }
    return shown;
}

std::string displayed_text(const ValidationContext& context, const FieldDefinition& field,
                           const FieldValues& values, const StringCatalog& strings, Locale locale) {
    const DisplayedValue shown = displayed_value(context, field, values, strings, locale);
    if (shown.empty)
        return {};
    std::string joined;
    for (const std::string& item : shown.items) {
        if (!joined.empty())
            joined += strings.text("print.value.separator", locale);
        joined += item;
    }
    return joined;
}

}  // namespace jiebang

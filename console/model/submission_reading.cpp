// console/model/submission_reading.cpp — labelled fields and receipt verification (see
// submission_reading.hpp).
// Index: [SECTION] times  [SECTION] values  [SECTION] verification  [SECTION] reading
#include "console/model/submission_reading.hpp"

#include <ctime>
#include <set>

#include "shared/domain/submission.hpp"
#include "shared/forms/validation.hpp"

namespace jiebang::console::model {

// [SECTION] times

std::string local_time_text(std::int64_t unix_seconds) {
    if (unix_seconds == 0)
        return {};
    const std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&time, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &local);
    return buffer;
}

std::string local_date_text(std::int64_t unix_seconds) {
    if (unix_seconds == 0)
        return {};
    const std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&time, &local);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
    return buffer;
}

std::optional<std::int64_t> parse_local_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int index = 0; index < 3; ++index) {
        for (std::size_t offset = 0; offset < lengths[index]; ++offset) {
            const char digit = text[starts[index] + offset];
            if (digit < '0' || digit > '9')
                return std::nullopt;
            parts[index] = parts[index] * 10 + (digit - '0');
        }
    }
    std::tm local{};
    local.tm_year = parts[0] - 1900;
    local.tm_mon = parts[1] - 1;
    local.tm_mday = parts[2];
    local.tm_isdst = -1;
    const std::time_t time = std::mktime(&local);
    // mktime normalises 2026-02-31 to March: refuse what did not survive the round trip.
    if (time == static_cast<std::time_t>(-1) || local.tm_year != parts[0] - 1900 ||
        local.tm_mon != parts[1] - 1 || local.tm_mday != parts[2])
        return std::nullopt;
    return static_cast<std::int64_t>(time);
}

// [SECTION] values

namespace {

struct OptionName {
    std::string text;
    bool known = false;
};

OptionName option_name(const std::vector<ChoiceOption>& options, const std::string& id,
                       const StringCatalog& strings) {
    for (const auto& option : options) {
        if (option.id == id)
            return {option.label.chinese.empty() ? id : option.label.chinese, true};
    }
    return {strings.format("console.detail.unknown_option", {{"id", id}}), false};
}

ReadableField readable_value(const ValidationContext& context, const FieldDefinition& field,
                             const FieldValue& value, const FieldValues& values,
                             const StringCatalog& strings) {
    ReadableField readable;
    readable.field_id = field.id;
    readable.label = field.label.chinese;
    readable.personal = field.personal;
    readable.long_text = field.kind == FieldKind::Multiline || field.kind == FieldKind::TextList;
    const auto* text = std::get_if<std::string>(&value);
    const auto* flag = std::get_if<bool>(&value);
    const auto* list = std::get_if<std::vector<std::string>>(&value);
    switch (field.kind) {
        case FieldKind::Money:
            if (text != nullptr)
                readable.value = strings.format("console.detail.money_wan", {{"amount", *text}});
            break;
        case FieldKind::Percent:
            if (text != nullptr)
                readable.value = *text + "%";
            break;
        case FieldKind::Choice:
            if (text != nullptr) {
                const auto name = option_name(field_options(context, field, values), *text, strings);
                readable.value = name.text;
                readable.unknown = !name.known;
            }
            break;
        case FieldKind::MultiChoice:
            if (list != nullptr) {
                const auto options = field_options(context, field, values);
                for (const auto& id : *list) {
                    const auto name = option_name(options, id, strings);
                    readable.value +=
                        (readable.value.empty() ? "" : strings.text("console.detail.list_separator")) +
                        name.text;
                    readable.unknown = readable.unknown || !name.known;
                }
            }
            break;
        case FieldKind::TextList:
            if (list != nullptr) {
                int number = 0;
                for (const auto& line : *list) {
                    readable.value +=
                        (readable.value.empty() ? "" : "\n") + std::to_string(++number) + ". " + line;
                }
            }
            break;
        case FieldKind::Declaration:
        case FieldKind::Consent:
            if (flag != nullptr)
                readable.value =
                    strings.text(*flag ? "console.detail.affirmed" : "console.detail.not_affirmed");
            break;
        default:
            if (text != nullptr)
                readable.value = *text;
            break;
    }
    // A value of a shape the field does not take (text where a list belongs ...) is shown raw, never lost.
    if (readable.value.empty()) {
        if (text != nullptr) {
            readable.value = *text;
        } else if (list != nullptr) {
            for (const auto& line : *list)
                readable.value += (readable.value.empty() ? "" : "\n") + line;
        } else if (flag != nullptr) {
            readable.value = *flag ? "true" : "false";
        }
    }
    return readable;
}

}  // namespace

// [SECTION] verification

ReceiptVerification verify_record(const SubmissionRecord& record) {
    ReceiptVerification verification;
    verification.content_hash_ok = content_hash_of_encoding(record.canonical_content) == record.content_hash;
    if (!verification.content_hash_ok)
        verification.problem_key = "console.verify.hash_mismatch";
    return verification;
}

// [SECTION] reading

Result<ReadableSubmission> read_submission(const SubmissionRecord& record,
                                           const ReadingCatalogues& catalogues) {
    auto parsed = submission_from_json(record.canonical_content);
    if (!parsed) {
        return Error("console.content_unreadable", record.row.receipt_number, parsed.error().code);
    }
    const Submission& submission = *parsed;
    const FormDefinition& form =
        submission.kind == SubmissionKind::Bid ? catalogues.forms.bid() : catalogues.forms.demand();
    const Profile* profile = catalogues.profiles.profile(submission.profile_id);
    ValidationContext context{&form, profile, nullptr};
    ReadableSubmission readable;
    readable.form_title = form.title.chinese;
    readable.created_at = submission.created_at;
    readable.terminal_id = submission.terminal_id;
    readable.verification = verify_record(record);
    std::set<std::string, std::less<>> shown;
    for (const StepDefinition* step : form.steps_for(submission.profile_id)) {
        ReadableSection section;
        section.title = step->title.chinese;
        for (const auto& field_id : step->field_ids) {
            const FieldDefinition* field = form.field(field_id);
            if (field == nullptr)
                continue;
            const auto value = submission.values.find(field_id);
            if (value == submission.values.end())
                continue;
            section.fields.push_back(
                readable_value(context, *field, value->second, submission.values, catalogues.strings));
            shown.insert(field_id);
        }
        if (!section.fields.empty())
            readable.sections.push_back(std::move(section));
    }
    // Invariant 1: values the form (under this profile) does not place are shown, never dropped.
    ReadableSection others;
    others.title = catalogues.strings.text("console.detail.other_values");
    for (const auto& [field_id, value] : submission.values) {
        if (shown.count(field_id) != 0)
            continue;
        const FieldDefinition* field = form.field(field_id);
        FieldDefinition stand_in;
        if (field == nullptr) {
            stand_in.id = field_id;
            stand_in.label = LocalText{field_id, field_id};
            field = &stand_in;
        }
        ReadableField readable_field =
            readable_value(context, *field, value, submission.values, catalogues.strings);
        readable_field.unknown = readable_field.unknown || field == &stand_in;
        others.fields.push_back(std::move(readable_field));
    }
    if (!others.fields.empty())
        readable.sections.push_back(std::move(others));
    return readable;
}

}  // namespace jiebang::console::model

// shared/paper/next_steps.cpp — the next-steps text from the profile's after_submission policy (see the
// header's invariants 1-4).
//
// Index:
//   [SECTION] dates
//   [SECTION] recipient
//   [SECTION] deadline
//   [SECTION] assembling the text
#include "shared/paper/next_steps.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <variant>

#include "shared/forms/role_values.hpp"
#include "shared/paper/field_display.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang {

NextStepsInput next_steps_input(const Submission& submission, const FormDefinition& form,
                                const Profile& profile, const AfterSubmissionPolicy& policy,
                                std::string terminal_county_code, std::string receipt_number,
                                const Board* board) {
    NextStepsInput input;
    input.kind = submission.kind;
    input.values = &submission.values;
    input.filed_at = submission.created_at;
    input.receipt_number = std::move(receipt_number);
    input.terminal_county_code = std::move(terminal_county_code);
    input.form = &form;
    input.profile = &profile;
    input.policy = &policy;
    input.board = board;
    return input;
}

namespace {

// [SECTION] dates

struct LocalDate {
    int year = 0, month = 0, day = 0;
    std::string iso() const {
        char text[40];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        return text;
    }
};

LocalDate local_date(std::int64_t unix_seconds) {
    const std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&time, &local);
    return LocalDate{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

// "2022-09-25" -> the catalogue's date wording; anything else is shown as given.
std::string date_words(const std::string& iso, const StringCatalog& strings, Locale locale) {
    int year = 0, month = 0, day = 0;
    if (iso.size() == 10 && std::sscanf(iso.c_str(), "%4d-%2d-%2d", &year, &month, &day) == 3) {
        char padded_month[16], padded_day[16];
        std::snprintf(padded_month, sizeof padded_month, "%02d", month);
        std::snprintf(padded_day, sizeof padded_day, "%02d", day);
        return strings.format("next_steps.date",
                              {{"year", std::to_string(year)},
                               {"month", std::to_string(month)},
                               {"day", std::to_string(day)},
                               {"month_padded", padded_month},
                               {"day_padded", padded_day}},
                              locale);
    }
    return iso;
}

// [SECTION] recipient

Result<Bureau> choose_recipient(const NextStepsInput& input, const PaperPolicy& paper) {
    const AfterSubmissionPolicy& policy = *input.policy;
    if (paper.recipient == Recipient::CityBureau)
        return policy.city_bureau;
    const auto& city_kinds = paper.city_bureau_for_unit_kinds;
    if (!city_kinds.empty()) {
        const std::string kind = role_text(*input.form, FieldRole::UnitKind, *input.values);
        if (std::find(city_kinds.begin(), city_kinds.end(), kind) != city_kinds.end())
            return policy.city_bureau;
    }
    if (paper.recipient == Recipient::UnitCountyBureau) {
        if (auto uscc = check_uscc(role_text(*input.form, FieldRole::UnitUscc, *input.values))) {
            if (auto region = uscc_region(*uscc, *input.profile)) {
                if (region->county != nullptr) {
                    if (const Bureau* bureau = policy.county_bureau(region->county->admin_code))
                        return *bureau;
                } else if (region->city_level) {
                    return policy.city_bureau;
                }
            }
        }
    }
    if (const Bureau* bureau = policy.county_bureau(input.terminal_county_code))
        return *bureau;
    if (input.terminal_county_code == input.profile->city_admin_code)
        return policy.city_bureau;
    return Error("next_steps.county_unknown", input.terminal_county_code,
                 "the terminal's county is not in profile " + input.profile->id)
        .with("value", input.terminal_county_code);
}

// [SECTION] deadline

const ProfileCalendarEntry* calendar_step(const Profile& profile, const std::string& step_id) {
    for (const ProfileCalendarEntry& entry : profile.calendar) {
        if (entry.step_id == step_id)
            return &entry;
    }
    return nullptr;
}

const Listing* chosen_listing(const NextStepsInput& input) {
    if (input.board == nullptr)
        return nullptr;
    const std::string listing_id = role_text(*input.form, FieldRole::Listing, *input.values);
    return listing_id.empty() ? nullptr : input.board->listing(listing_id);
}

void describe_deadline(const NextStepsInput& input, const PaperPolicy& paper, const std::string& bureau_name,
                       const StringCatalog& strings, Locale locale, NextSteps& out) {
    const LocalDate filed = local_date(input.filed_at);
    const ProfileCalendarEntry* step = paper.deadline.calendar_step.empty()
                                           ? nullptr
                                           : calendar_step(*input.profile, paper.deadline.calendar_step);
    const auto step_arguments = [&](const ProfileCalendarEntry& entry) {
        return std::vector<std::pair<std::string, std::string>>{{"step", local_text(entry.name, locale)},
                                                                {"when", local_text(entry.when, locale)},
                                                                {"bureau", bureau_name}};
    };
    const auto add = [&out](const std::string& sentence) {
        if (!out.deadline.empty())
            out.deadline += ' ';
        out.deadline += sentence;
    };
    switch (paper.deadline.kind) {
        case DeadlineKind::Anytime:
            add(strings.text("next_steps.deadline.anytime", locale));
            return;
        case DeadlineKind::CountyForwardsBy:
            if (step == nullptr)
                break;
            add(strings.format("next_steps.deadline.county_forwards_by", step_arguments(*step), locale));
            if (!step->date.empty() && filed.iso() > step->date) {
                out.deadline_passed = true;
                add(strings.format("next_steps.deadline.step_passed", step_arguments(*step), locale));
            }
            return;
        case DeadlineKind::DuringStep:
            if (step == nullptr)
                break;
            add(strings.format("next_steps.deadline.during_step", step_arguments(*step), locale));
            if (!step->date.empty() ? filed.iso() > step->date
                                    : (step->month != 0 && step->month != filed.month)) {
                out.deadline_passed = !step->date.empty();
                add(strings.format(out.deadline_passed ? "next_steps.deadline.step_passed"
                                                       : "next_steps.deadline.outside_period",
                                   step_arguments(*step), locale));
            }
            return;
        case DeadlineKind::ListingDeadline: {
            const Listing* listing = chosen_listing(input);
            if (listing != nullptr && !listing->deadline.empty()) {
                const std::vector<std::pair<std::string, std::string>> arguments = {
                    {"date", date_words(listing->deadline, strings, locale)}, {"bureau", bureau_name}};
                add(strings.format("next_steps.deadline.listing", arguments, locale));
                if (filed.iso() > listing->deadline) {
                    out.deadline_passed = true;
                    add(strings.format("next_steps.deadline.listing_passed", arguments, locale));
                }
                return;
            }
            if (step != nullptr) {
                add(strings.format("next_steps.deadline.before_step", step_arguments(*step), locale));
                return;
            }
            break;
        }
    }
    add(strings.text("next_steps.deadline.as_announced", locale));
}

}  // namespace

// [SECTION] assembling the text

Result<NextSteps> describe_next_steps(const NextStepsInput& input, const StringCatalog& strings,
                                      Locale locale) {
    if (input.values == nullptr || input.form == nullptr || input.profile == nullptr ||
        input.policy == nullptr)
        return Error("next_steps.missing_input", "", "values, form, profile and policy are required");
    const PaperPolicy& paper = input.policy->paper(input.kind);
    NextSteps out;
    out.documents = paper.documents;
    out.paper_copies = paper.paper_copies;
    out.seal_required = paper.seal_required;
    out.electronic_copy = paper.electronic_copy;
    auto recipient = choose_recipient(input, paper);
    if (!recipient)
        return recipient.error();
    out.recipient = std::move(*recipient);
    const std::string bureau_name = local_text(out.recipient.name, locale);

    std::string documents;
    for (std::size_t index = 0; index < paper.documents.size(); ++index) {
        const std::string title = strings.text("print.document." + paper.documents[index] + ".title", locale);
        out.document_titles.push_back(title);
        if (index > 0) {
            documents +=
                strings.text(index + 1 == paper.documents.size() ? "next_steps.documents.last_separator"
                                                                 : "next_steps.documents.separator",
                             locale);
        }
        documents += strings.format("next_steps.documents.quoted", {{"title", title}}, locale);
    }

    std::vector<std::string> sentences;
    sentences.push_back(strings.format(paper.seal_required ? "next_steps.print_and_seal" : "next_steps.print",
                                       {{"documents", documents}}, locale));
    if (paper.paper_copies > 0) {
        sentences.push_back(
            strings.format(paper.electronic_copy ? "next_steps.copies_with_electronic" : "next_steps.copies",
                           {{"count", std::to_string(paper.paper_copies)}, {"bureau", bureau_name}}, locale));
    } else {
        sentences.push_back(strings.format(
            paper.electronic_copy ? "next_steps.copies_ask_with_electronic" : "next_steps.copies_ask",
            {{"bureau", bureau_name}}, locale));
    }
    const std::string& address = local_text(out.recipient.address, locale);
    std::string deliver =
        strings.format(address.empty() ? "next_steps.deliver_ask_address" : "next_steps.deliver",
                       {{"bureau", bureau_name}, {"address", address}}, locale);
    if (!out.recipient.phone.empty())
        deliver += strings.format("next_steps.phone", {{"phone", out.recipient.phone}}, locale);
    sentences.push_back(std::move(deliver));
    describe_deadline(input, paper, bureau_name, strings, locale, out);
    sentences.push_back(out.deadline);

    out.heading = strings.text("next_steps.heading", locale);
    for (std::size_t index = 0; index < sentences.size(); ++index) {
        out.steps.push_back(
            strings.format("next_steps.numbered",
                           {{"number", std::to_string(index + 1)}, {"text", sentences[index]}}, locale));
    }
    out.then_heading = strings.text("next_steps.then_heading", locale);
    for (const LocalText& paragraph : paper.then)
        out.then.push_back(local_text(paragraph, locale));
    out.progress = input.receipt_number.empty()
                       ? strings.text("next_steps.progress_without_number", locale)
                       : strings.format("next_steps.progress", {{"number", input.receipt_number}}, locale);
    return out;
}

std::string next_steps_text(const NextSteps& next_steps) {
    std::string text = next_steps.heading + "\n";
    for (const std::string& step : next_steps.steps)
        text += step + "\n";
    text += next_steps.then_heading + "\n";
    for (const std::string& paragraph : next_steps.then)
        text += paragraph + "\n";
    text += next_steps.progress + "\n";
    return text;
}

}  // namespace jiebang

// kiosk/app/speech_cues.cpp — the utterance builder (see speech_cues.hpp).
#include "kiosk/app/speech_cues.hpp"

#include <algorithm>

#include "kiosk/app/form_session.hpp"

namespace jiebang::kiosk {

std::string field_utterance(const StringCatalog& strings, const FieldDefinition& field) {
    if (field.help.chinese.empty())
        return strings.format("kiosk.voice.question", {{"label", field.label.chinese}});
    return strings.format("kiosk.voice.question_with_help",
                          {{"label", field.label.chinese}, {"help", field.help.chinese}});
}

std::string error_utterance(const StringCatalog& strings, const FieldDefinition& field, const Error& error) {
    return strings.format("kiosk.voice.error",
                          {{"label", field.label.chinese}, {"message", strings.message(error)}});
}

std::string counter_utterance(const StringCatalog& strings, std::size_t count, int maximum) {
    if (maximum <= 0)
        return strings.format("kiosk.voice.counter_unlimited", {{"count", std::to_string(count)}});
    return strings.format("kiosk.voice.counter",
                          {{"count", std::to_string(count)}, {"max", std::to_string(maximum)}});
}

std::string receipt_number_utterance(const StringCatalog& strings, std::string_view number) {
    std::string spelt;
    const std::string& separator = strings.text("kiosk.voice.character_separator");
    for (char character : number) {
        if (!spelt.empty())
            spelt += separator;
        if (character >= '0' && character <= '9') {
            spelt += strings.text("kiosk.voice.digit." + std::string(1, character));
        } else if (character == '-') {
            spelt += strings.text("kiosk.voice.dash");
        } else {
            spelt.push_back(character);
        }
    }
    return strings.format("kiosk.voice.receipt", {{"number", spelt}});
}

std::string step_utterance(const StringCatalog& strings, int number, int total, const StepDefinition& step) {
    return strings.format("kiosk.voice.step", {{"number", std::to_string(number)},
                                               {"total", std::to_string(total)},
                                               {"title", step.title.chinese}});
}

namespace {

void add_wizard_cues(SpeechCues& result, const AppState& state, const StringCatalog& strings,
                     const ValidationContext& validation, const std::vector<const StepDefinition*>& steps) {
    const ApplicantSession& session = state.session;
    if (steps.empty())
        return;
    const int total = static_cast<int>(steps.size());
    const int index = std::clamp(session.step_index, 0, total - 1);
    const StepDefinition& step = *steps[static_cast<std::size_t>(index)];
    const auto fields = visible_fields(validation, step, session.values);
    const auto errors = errors_for_step(validation, step, session.values);
    const std::string kind = session.kind == FormKind::Demand ? "demand" : "bid";
    const bool one_question = state.elder_mode && !fields.empty();
    // The same rule as the wizard screen: errors show once the field was edited, or Next was pressed.
    const auto add_errors = [&](const FieldDefinition& field, bool attempted) {
        const bool touched = session.touched_fields.count(field.id) > 0 && session.values.count(field.id) > 0;
        if (!attempted && !touched)
            return;
        for (const Error& error : errors_for_field(errors, field.id))
            result.cues.push_back(
                {"error/" + field.id + "/" + error.code, error_utterance(strings, field, error)});
    };
    if (one_question) {
        const int question = std::clamp(session.question_index, 0, static_cast<int>(fields.size()) - 1);
        const FieldDefinition& field = *fields[static_cast<std::size_t>(question)];
        result.page = "wizard/" + kind + "/" + step.id + "/" + field.id;
        std::string text = field_utterance(strings, field);
        if (question == 0)
            text = step_utterance(strings, index + 1, total, step) + text;
        result.cues.push_back({result.page, std::move(text)});
        add_errors(field, session.attempted_steps.count(step.id + "/" + field.id) > 0);
        return;
    }
    result.page = "wizard/" + kind + "/" + step.id;
    result.cues.push_back({result.page, step_utterance(strings, index + 1, total, step)});
    const std::string focused = EditTarget::parse(session.focused).field_id;
    const bool attempted = session.attempted_steps.count(step.id) > 0;
    for (const FieldDefinition* field : fields) {
        if (field->id == focused)
            result.cues.push_back({"field/" + field->id, field_utterance(strings, *field)});
        add_errors(*field, attempted);
    }
}

}  // namespace

SpeechCues speech_cues(const AppState& state, const StringCatalog& strings,
                       const ValidationContext& validation, const std::vector<const StepDefinition*>& steps) {
    SpeechCues result;
    result.page = std::string(screen_name(state.screen));
    const auto title = [&](std::string_view key) {
        result.cues.push_back(
            {result.page, strings.format("kiosk.voice.screen", {{"title", strings.text(key)}})});
    };
    switch (state.screen) {
        case ScreenId::Home:
            result.cues.push_back({result.page, strings.text("kiosk.voice.home")});
            break;
        case ScreenId::Wizard:
            add_wizard_cues(result, state, strings, validation, steps);
            break;
        case ScreenId::Review:
            title("kiosk.review.title");
            break;
        case ScreenId::Receipt:
            if (state.receipt) {
                result.page += "/" + state.receipt->number;
                result.cues.push_back(
                    {result.page, receipt_number_utterance(strings, state.receipt->number)});
            }
            break;
        case ScreenId::Board:
            title("kiosk.board.title");
            break;
        case ScreenId::Listing:
            title("kiosk.listing.title");
            break;
        case ScreenId::Progress:
            title("kiosk.progress.title");
            break;
        case ScreenId::Policy:
            title("policy.explainer.title");
            break;
        case ScreenId::ClockRefused:
            title("kiosk.clock_refused.title");
            result.cues.push_back({result.page, strings.text("kiosk.clock_refused.text")});
            break;
        case ScreenId::AdminPin:
        case ScreenId::Admin:
        case ScreenId::SetupPin:
            break;  // the attendant's pages are not read aloud
    }
    if (state.idle_warning && state.screen != ScreenId::Home)
        result.cues.push_back({"idle", strings.text("kiosk.idle.title")});
    return result;
}

}  // namespace jiebang::kiosk

// kiosk/screens/wizard_screen.cpp — a form step (see wizard_screen.hpp). Errors show for a field once it was
// edited and is not empty, and for every field of the step once Next was pressed on it.
#include "kiosk/screens/wizard_screen.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "kiosk/app/form_session.hpp"
#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/field_widget.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

namespace {

// Whether the staff's reason for a return names this field: its label, or a tail of it of at least four
// characters (Chinese labels end in their head noun: 重大技术需求项目名称 is named by 项目名称).
bool reason_names_field(const std::string& reason, const FieldDefinition& field) {
    const std::string& label = field.label.chinese;
    if (reason.empty() || label.empty())
        return false;
    std::vector<std::size_t> starts;  // byte offsets where a character begins
    for (std::size_t index = 0; index < label.size(); ++index) {
        if ((static_cast<unsigned char>(label[index]) & 0xC0) != 0x80)
            starts.push_back(index);
    }
    for (std::size_t first = 0; first + 4 <= starts.size(); ++first) {
        if (reason.find(label.substr(starts[first])) != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace

void draw_wizard_screen(const ScreenContext& context) {
    const ApplicantSession& session = context.state.session;
    if (context.steps.empty())
        return;
    const int step_count = static_cast<int>(context.steps.size());
    const int index = std::clamp(session.step_index, 0, step_count - 1);
    const StepDefinition& step = *context.steps[static_cast<std::size_t>(index)];

    const FieldValues& values = session.values;
    const auto fields = visible_fields(context.validation, step, values);
    // 长辈版: one question a page.
    const bool one_question = context.state.elder_mode && !fields.empty();
    const int question =
        one_question ? std::clamp(session.question_index, 0, static_cast<int>(fields.size()) - 1) : 0;
    std::string progress = context.format("kiosk.wizard.step_of", {{"number", std::to_string(index + 1)},
                                                                   {"total", std::to_string(step_count)},
                                                                   {"title", step.title.chinese}});
    if (one_question) {
        progress += context.text("kiosk.wizard.question_separator") +
                    context.format("kiosk.wizard.question_of", {{"number", std::to_string(question + 1)},
                                                                {"total", std::to_string(fields.size())}});
    }
    draw_top_bar(context, context.form.title.chinese, progress, true);

    begin_body(context, true);
    ui::progress_bar(static_cast<float>(index + 1) / static_cast<float>(step_count + 1), "");
    if (session.correction) {
        // Correcting a returned submission: the staff's reason stays in view on every step.
        ui::error_text(
            context.format("kiosk.correction.banner", {{"number", session.correction->original_receipt}}));
        ui::label_value(context.text("kiosk.progress.reason"), session.correction->reason);
        ImGui::Dummy(ImVec2(0, ui::theme().px(8)));
    }
    ui::title(step.title.chinese);
    if (!step.hint.chinese.empty())
        ui::muted(step.hint.chinese);
    ImGui::Dummy(ImVec2(0, ui::theme().px(12)));

    const auto errors = errors_for_step(context.validation, step, values);
    if (one_question) {
        const FieldDefinition& field = *fields[static_cast<std::size_t>(question)];
        if (session.correction && reason_names_field(session.correction->reason, field))
            ui::error_text(context.text("kiosk.correction.field_named"));
        const bool attempted = session.attempted_steps.count(step.id + "/" + field.id) > 0;
        const auto field_errors = errors_for_field(errors, field.id);
        if (attempted && !field_errors.empty())
            ui::error_text(context.text("kiosk.wizard.fix_errors"));
        const bool touched = session.touched_fields.count(field.id) > 0;
        draw_field(context, field, field_errors, attempted || (touched && values.count(field.id) > 0));
    } else {
        const bool attempted = session.attempted_steps.count(step.id) > 0;
        if (attempted && !errors.empty())
            ui::error_text(context.text("kiosk.wizard.fix_errors"));
        for (const FieldDefinition* field : fields) {
            if (session.correction && reason_names_field(session.correction->reason, *field))
                ui::error_text(context.text("kiosk.correction.field_named"));
            const bool touched = session.touched_fields.count(field->id) > 0;
            const bool has_value = values.count(field->id) > 0;
            draw_field(context, *field, errors_for_field(errors, field->id),
                       attempted || (touched && has_value));
        }
    }
    end_body();

    std::vector<BarButton> buttons;
    if (index > 0 || question > 0)
        buttons.emplace_back("wizard.back", context.text("kiosk.wizard.back"), IntentKind::PreviousStep);
    if (session.visited_review)
        buttons.emplace_back("wizard.review", context.text("kiosk.wizard.to_review"), IntentKind::OpenReview);
    const bool last =
        index == step_count - 1 && (!one_question || question + 1 >= static_cast<int>(fields.size()));
    buttons.push_back(BarButton("wizard.next",
                                context.text(last ? "kiosk.wizard.check" : "kiosk.wizard.next"),
                                IntentKind::NextStep)
                          .primary()
                          .wide()
                          .right());
    draw_bottom_bar(context, buttons);
}

}  // namespace jiebang::kiosk

// kiosk/screens/review_screen.cpp — the review page before submit (see review_screen.hpp).
#include "kiosk/screens/review_screen.hpp"

#include "kiosk/app/form_session.hpp"
#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/field_widget.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_review_screen(const ScreenContext& context) {
    const ApplicantSession& session = context.state.session;
    draw_top_bar(context, context.text("kiosk.review.title"), context.form.title.chinese, true);
    begin_body(context, true);
    ui::paragraph(context.text("kiosk.review.intro"));
    if (session.submitting)
        ui::heading(context.text("kiosk.review.saving"));
    if (!session.submit_message.empty()) {
        ui::error_text(session.submit_message);
        ImGui::Dummy(ImVec2(0, ui::theme().px(12)));
    }
    const bool blocked = session.submit_blocked_by_errors;
    for (std::size_t index = 0; index < context.steps.size(); ++index) {
        const StepDefinition& step = *context.steps[index];
        const auto errors = errors_for_step(context.validation, step, session.values);
        ui::divider();
        ui::heading(context.format("kiosk.review.step_heading",
                                   {{"number", std::to_string(index + 1)}, {"title", step.title.chinese}}));
        if (ui::button("review.edit." + step.id, context.text("kiosk.review.edit"), ui::ButtonKind::Quiet)) {
            context.intents.push(IntentKind::GoToStep, {}, static_cast<int>(index));
        }
        for (const FieldDefinition* field : visible_fields(context.validation, step, session.values)) {
            const std::string shown = display_value(context, *field);
            ui::label_value(worded_field(context.validation, *field, session.values).label.chinese,
                            shown.empty() ? context.text("kiosk.review.empty") : shown);
            if (blocked) {
                for (const auto& error : errors_for_field(errors, field->id)) {
                    ui::error_text(context.strings.message(error));
                }
            }
        }
    }
    end_body();

    draw_bottom_bar(context,
                    {BarButton("review.back", context.text("kiosk.wizard.back"), IntentKind::GoToStep)
                         .with_number(static_cast<int>(context.steps.size()) - 1),
                     BarButton("review.submit", context.text("kiosk.review.submit"), IntentKind::Submit)
                         .primary()
                         .wide()
                         .right()
                         .enable(!session.submitting)});
}

}  // namespace jiebang::kiosk

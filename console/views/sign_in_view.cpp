// console/views/sign_in_view.cpp — sign-in and unlock (see sign_in_view.hpp).
#include "console/views/sign_in_view.hpp"

#include <algorithm>

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

void draw_sign_in_view(const ViewContext& context) {
    const auto& state = context.state;
    begin_view("##sign_in", context);
    const float width = std::min(context.size.x - ui::theme().px(48), ui::theme().px(560));
    const float height = std::min(context.size.y - ui::theme().px(24), ui::theme().px(420));
    ImGui::SetCursorPos(
        ImVec2((context.size.x - width) / 2, std::max(ui::theme().px(12), (context.size.y - height) / 3)));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::colour::panel);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::theme().px(28), ui::theme().px(22)));
    ImGui::BeginChild("##sign_in_panel", ImVec2(width, height), true,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    const bool locked = state.flow == FlowState::Locked;
    ui::title(context.text(locked ? "console.sign_in.locked_title" : "console.sign_in.title"));
    if (locked && !state.lock_reason_key.empty()) {
        ui::wrapped(context.format(
                        state.lock_reason_key,
                        {{"minutes", std::to_string(static_cast<int>(state.idle_lock_seconds / 60 + 0.5))}}),
                    ui::colour::warning);
    } else {
        ui::muted(context.text("console.sign_in.explain"));
    }
    ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
    const float field_width = ImGui::GetContentRegionAvail().x;
    const bool unsealing = state.flow == FlowState::Unsealing;
    if (unsealing)
        ImGui::BeginDisabled();
    ui::muted(context.text("console.sign_in.key_file"));
    ui::input_text("signin.key_file", context.text("console.sign_in.key_file_hint"), context.edits.key_file,
                   field_width);
    ui::muted(context.text("console.sign_in.passphrase"));
    bool submit =
        ui::input_password("signin.passphrase", context.text("console.sign_in.passphrase_hint"),
                           context.edits.passphrase.data(), context.edits.passphrase.size(), field_width);
    ImGui::Dummy(ImVec2(0, ui::theme().px(4)));
    submit = ui::button("signin.submit",
                        context.text(locked ? "console.sign_in.unlock" : "console.sign_in.submit"),
                        ui::ButtonKind::Primary, true, ui::theme().px(160)) ||
             submit;
    if (unsealing)
        ImGui::EndDisabled();
    if (submit && !unsealing)
        context.intents.push(IntentKind::SignIn);
    if (unsealing) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ui::text(context.text("console.sign_in.unsealing"), ui::colour::muted);
    }
    if (!state.sign_in_problem.empty())
        ui::error_text(state.sign_in_problem);
    ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
    if (state.connection.endpoint.empty()) {
        ui::error_text(context.text("console.sign_in.no_server"));
    } else {
        ui::muted(context.format("console.status.server", {{"endpoint", state.connection.endpoint}}));
    }
    ImGui::EndChild();
    end_view();
}

}  // namespace jiebang::console

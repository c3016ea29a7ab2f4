// console/views/sign_in_view.cpp — sign-in and unlock (see sign_in_view.hpp).
#include "console/views/sign_in_view.hpp"

#include <algorithm>

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

void draw_sign_in_view(const ViewContext& context) {
    const auto& state = context.state;
    begin_view("##sign_in", context);
    // A white panel as tall as what it holds: the content is drawn first (channel 1), the panel behind it
    // once its size is known (channel 0).
    const float padding = ui::theme().px(26);
    const float width = std::min(context.size.x - ui::theme().px(48), ui::theme().px(560));
    const float inner = width - padding * 2;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::SetCursorPos(
        ImVec2((context.size.x - width) / 2 + padding, std::max(padding, context.size.y * 0.18f)));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
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
    const float field_width = inner;
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
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(inner, 0));
    ImGui::EndGroup();
    const ImVec2 top_left(ImGui::GetItemRectMin().x - padding, ImGui::GetItemRectMin().y - padding);
    const ImVec2 bottom_right(ImGui::GetItemRectMax().x + padding, ImGui::GetItemRectMax().y + padding);
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(top_left, bottom_right, ui::colour::panel);
    draw->AddRect(top_left, bottom_right, IM_COL32(200, 207, 218, 255));
    draw->ChannelsMerge();
    end_view();
}

}  // namespace jiebang::console

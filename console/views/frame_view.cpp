// console/views/frame_view.cpp — top bar and status bar (see frame_view.hpp).
#include "console/views/frame_view.hpp"

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

bool may_read_submissions(const model::StaffIdentity& identity) {
    return identity.role != backoffice::Role::Admin;
}

bool may_read_audit(const model::StaffIdentity& identity) {
    return identity.role == backoffice::Role::Auditor || identity.role == backoffice::Role::Admin;
}

}  // namespace

void begin_view(const char* window_name, const ViewContext& context, bool scrollable) {
    ImGui::SetNextWindowPos(context.origin);
    ImGui::SetNextWindowSize(context.size);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (scrollable)
        flags &= ~ImGuiWindowFlags_NoScrollbar;
    ImGui::Begin(window_name, nullptr, flags);
}

void end_view() {
    ImGui::End();
}

float top_bar_height() {
    return ImGui::GetFrameHeight() + ui::theme().px(16);
}

float status_bar_height() {
    return ImGui::GetTextLineHeight() + ui::theme().px(12);
}

void draw_top_bar(const ViewContext& context) {
    const auto& state = context.state;
    ImGui::SetNextWindowPos(context.origin);
    ImGui::SetNextWindowSize(ImVec2(context.size.x, top_bar_height()));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui::colour::bar);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::theme().px(12), ui::theme().px(8)));
    ImGui::Begin("##top_bar", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::PushFont(ui::theme().fonts.title);
    ImGui::AlignTextToFramePadding();
    ui::text(context.text("console.app.name"), ui::colour::primary);
    ImGui::PopFont();
    if (state.identity) {
        const auto& identity = *state.identity;
        const auto view_toggle = [&](const char* id, std::string_view key, ViewId view) {
            ImGui::SameLine();
            const bool selected =
                state.view == view || (view == ViewId::Inbox && state.view == ViewId::Detail);
            if (ui::toggle(id, context.text(key), selected))
                context.intents.push(IntentKind::ShowView, "", static_cast<std::int64_t>(view));
        };
        ImGui::SameLine(0, ui::theme().px(24));
        ImGui::Dummy(ImVec2(0, 0));
        if (may_read_submissions(identity))
            view_toggle("nav.inbox", "console.nav.inbox", ViewId::Inbox);
        if (identity.tier == review::Tier::County &&
            (identity.role == backoffice::Role::Reviewer || identity.role == backoffice::Role::Auditor))
            view_toggle("nav.batches", "console.nav.batches", ViewId::Batches);
        if (identity.role != backoffice::Role::Publisher)
            view_toggle("nav.fleet", "console.nav.fleet", ViewId::Fleet);
        if (identity.tier == review::Tier::City && may_read_submissions(identity))
            view_toggle("nav.board", "console.nav.board", ViewId::Board);
        view_toggle("nav.projects", "console.nav.projects", ViewId::Projects);
        if (identity.tier == review::Tier::City && identity.role != backoffice::Role::Admin)
            view_toggle("nav.reports", "console.nav.reports", ViewId::Reports);
        if (may_read_audit(identity))
            view_toggle("nav.audit", "console.nav.audit", ViewId::Audit);
        // Lock and sign out at the right edge.
        const std::string lock_label = context.text("console.nav.lock");
        const std::string sign_out_label = context.text("console.nav.sign_out");
        const ImGuiStyle& style = ImGui::GetStyle();
        const float right = ImGui::CalcTextSize(lock_label.c_str()).x +
                            ImGui::CalcTextSize(sign_out_label.c_str()).x + style.FramePadding.x * 4 +
                            style.ItemSpacing.x + style.WindowPadding.x;
        ImGui::SameLine(ImGui::GetWindowWidth() - right);
        if (ui::button("nav.lock", lock_label))
            context.intents.push(IntentKind::Lock);
        ImGui::SameLine();
        if (ui::button("nav.sign_out", sign_out_label))
            context.intents.push(IntentKind::SignOut);
    }
    ImGui::End();
}

void draw_status_bar(const ViewContext& context) {
    const auto& state = context.state;
    const float height = status_bar_height();
    ImGui::SetNextWindowPos(ImVec2(context.origin.x, context.origin.y + context.size.y - height));
    ImGui::SetNextWindowSize(ImVec2(context.size.x, height));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui::colour::bar);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::theme().px(12), ui::theme().px(6)));
    ImGui::Begin("##status_bar", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    const auto& application = context.application;
    if (state.identity) {
        const auto& identity = *state.identity;
        ui::text(context.format("console.status.who", {{"name", identity.name},
                                                       {"staff_id", identity.staff_id},
                                                       {"role", application.role_label(identity.role)}}));
        ImGui::SameLine(0, ui::theme().px(24));
        ui::text(context.format("console.status.where", {{"aggregator", application.aggregator_label()},
                                                         {"endpoint", state.connection.endpoint}}),
                 ui::colour::muted);
        ImGui::SameLine(0, ui::theme().px(24));
        if (state.connection.online) {
            ui::text(context.text("console.status.online"), ui::colour::good);
        } else {
            ui::text(context.text("console.status.offline"), ui::colour::danger);
            if (!state.connection.problem.empty()) {
                ImGui::SameLine();
                ui::text(state.connection.problem, ui::colour::danger);
            }
        }
        if (application.busy()) {
            ImGui::SameLine(0, ui::theme().px(24));
            ui::text(context.text("console.status.working"), ui::colour::muted);
        }
        if (!state.notice.empty()) {
            ImGui::SameLine(0, ui::theme().px(24));
            ui::text(state.notice, ui::colour::primary);
        }
    } else {
        ui::text(context.text(state.flow == FlowState::Locked ? "console.status.locked"
                                                              : "console.status.signed_out"),
                 ui::colour::muted);
        if (!state.connection.endpoint.empty()) {
            ImGui::SameLine(0, ui::theme().px(24));
            ui::text(context.format("console.status.server", {{"endpoint", state.connection.endpoint}}),
                     ui::colour::muted);
        }
    }
    ImGui::End();
}

}  // namespace jiebang::console

// console/views/audit_view.cpp — the audit trail and its verification (see audit_view.hpp).
#include "console/views/audit_view.hpp"

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

void draw_audit_view(const ViewContext& context) {
    const auto& audit = context.state.audit;
    begin_view("##audit", context);
    ui::heading(context.text("console.audit.title"));
    if (ui::button("audit.refresh", context.text("console.audit.refresh")))
        context.intents.push(IntentKind::RefreshAudit);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (audit.loading)
        ui::text(context.text("console.audit.loading"), ui::colour::muted);
    if (!audit.problem.empty())
        ui::error_text(audit.problem);
    if (!audit.page) {
        end_view();
        return;
    }
    const auto& page = *audit.page;
    if (page.problem) {
        ui::error_text(context.format(
            "console.audit.broken",
            {{"sequence", std::to_string(page.problem->sequence)}, {"what", page.problem->what}}));
    } else {
        ui::text(context.format("console.audit.intact", {{"count", std::to_string(page.verified_entries)},
                                                         {"head", page.head_hash.substr(0, 16)}}),
                 ui::colour::good);
    }
    const char* column_keys[] = {"console.audit.column.sequence", "console.audit.column.time",
                                 "console.audit.column.who",      "console.audit.column.action",
                                 "console.audit.column.target",   "console.audit.column.change",
                                 "console.audit.column.reason"};
    const int columns = static_cast<int>(std::size(column_keys));
    if (ImGui::BeginTable("audit.table", columns,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                              ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_NoBordersInBody |
                              ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        const float widths[] = {60, 132, 170, 90, 220, 200, 0};
        for (int index = 0; index < columns; ++index) {
            ImGui::TableSetupColumn(
                context.text(column_keys[index]).c_str(),
                widths[index] > 0 ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch,
                ui::theme().px(widths[index]));
        }
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int index = 0; index < columns; ++index) {
            ImGui::TableSetColumnIndex(index);
            ImGui::TableHeader(context.text(column_keys[index]).c_str());
            platform::note_text(context.text(column_keys[index]));
        }
        const auto& strings = context.application.catalogues().strings;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(page.entries.size()));
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const auto& entry = page.entries[page.entries.size() - 1 - static_cast<std::size_t>(row)];
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ui::fitted_text(std::to_string(entry.sequence));
                ImGui::TableSetColumnIndex(1);
                ui::fitted_text(model::local_time_text(entry.at));
                ImGui::TableSetColumnIndex(2);
                ui::fitted_text(entry.staff_name + " (" + entry.staff_id + ")");
                ImGui::TableSetColumnIndex(3);
                const std::string action_key = "console.history.action." + entry.action;
                ui::fitted_text(strings.has(action_key) ? strings.text(action_key) : entry.action);
                ImGui::TableSetColumnIndex(4);
                ui::fitted_text(entry.target);
                ImGui::TableSetColumnIndex(5);
                if (!entry.state_before.empty() || !entry.state_after.empty())
                    ui::fitted_text(context.application.stage_label(entry.state_before) + " → " +
                                    context.application.stage_label(entry.state_after));
                ImGui::TableSetColumnIndex(6);
                ui::fitted_text(entry.reason);
            }
        }
        ImGui::EndTable();
    }
    end_view();
}

}  // namespace jiebang::console

// console/views/fleet_view.cpp — terminals and their health (see fleet_view.hpp).
#include "console/views/fleet_view.hpp"

#include <ctime>

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

// A node is offline when it has not been heard from for this long, stalled when its oldest pending item is
// older than this (both in seconds).
constexpr std::int64_t offline_after = 5 * 60;
constexpr std::int64_t stalled_after = 60 * 60;

}  // namespace

void draw_fleet_view(const ViewContext& context) {
    const auto& fleet = context.state.fleet;
    begin_view("##fleet", context);
    ui::heading(context.text("console.fleet.title"));
    if (ui::button("fleet.refresh", context.text("console.fleet.refresh")))
        context.intents.push(IntentKind::RefreshFleet);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (fleet.loading) {
        ui::text(context.text("console.fleet.loading"), ui::colour::muted);
    } else {
        ui::text(context.format("console.fleet.count", {{"count", std::to_string(fleet.terminals.size())}}),
                 ui::colour::muted);
    }
    if (!fleet.problem.empty())
        ui::error_text(fleet.problem);
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    const char* column_keys[] = {"console.fleet.column.node",        "console.fleet.column.county",
                                 "console.fleet.column.status",      "console.fleet.column.last_seen",
                                 "console.fleet.column.backlog",     "console.fleet.column.oldest",
                                 "console.fleet.column.quarantined", "console.fleet.column.version"};
    const int columns = static_cast<int>(std::size(column_keys));
    if (ImGui::BeginTable("fleet.table", columns,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                              ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                              ImGuiTableFlags_SizingStretchProp,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* key : column_keys)
            ImGui::TableSetupColumn(context.text(key).c_str());
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int index = 0; index < columns; ++index) {
            ImGui::TableSetColumnIndex(index);
            ImGui::TableHeader(context.text(column_keys[index]).c_str());
            platform::note_text(context.text(column_keys[index]));
        }
        for (const auto& node : fleet.terminals) {
            ImGui::TableNextRow();
            const bool offline =
                !node.revoked && (node.last_seen_at == 0 || now - node.last_seen_at > offline_after);
            const bool stalled = !node.revoked && node.backlog > 0 && node.oldest_pending_created_at > 0 &&
                                 now - node.oldest_pending_created_at > stalled_after;
            if (offline || stalled || node.quarantined > 0)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ui::colour::highlight);
            ImGui::TableSetColumnIndex(0);
            ui::text(node.node_id);
            ui::remember("fleet.row." + node.node_id);
            ImGui::TableSetColumnIndex(1);
            ui::text(context.application.county_label(node.county_admin_code));
            ImGui::TableSetColumnIndex(2);
            if (node.revoked) {
                ui::text(context.text("console.fleet.revoked"), ui::colour::muted);
            } else if (offline) {
                ui::text(context.text("console.fleet.offline"), ui::colour::danger);
            } else if (stalled) {
                ui::text(context.text("console.fleet.stalled"), ui::colour::warning);
            } else {
                ui::text(context.text("console.fleet.online"), ui::colour::good);
            }
            ImGui::TableSetColumnIndex(3);
            ui::text(node.last_seen_at == 0 ? context.text("console.fleet.never")
                                            : model::local_time_text(node.last_seen_at));
            ImGui::TableSetColumnIndex(4);
            ui::text(std::to_string(node.backlog));
            ImGui::TableSetColumnIndex(5);
            ui::text(model::local_time_text(node.oldest_pending_created_at));
            ImGui::TableSetColumnIndex(6);
            ui::text(std::to_string(node.quarantined),
                     node.quarantined > 0 ? ui::colour::danger : ui::colour::text);
            ImGui::TableSetColumnIndex(7);
            ui::text(node.software_version);
        }
        ImGui::EndTable();
    }
    end_view();
}

}  // namespace jiebang::console

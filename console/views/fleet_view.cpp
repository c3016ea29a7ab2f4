// console/views/fleet_view.cpp — terminals and their health (see fleet_view.hpp).
#include "console/views/fleet_view.hpp"

#include <ctime>

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

// A node is stalled when its oldest pending item is older than this (seconds). Online or not is the
// server's word (heard from within three heartbeat intervals, docs/protocol.md 17.2 FLEET).
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
        ui::text(
            context.format("console.fleet.count", {{"count", std::to_string(fleet.report.nodes.size())}}),
            ui::colour::muted);
    }
    if (!fleet.problem.empty())
        ui::error_text(fleet.problem);
    const auto& report = fleet.report;
    if (report.older_release_count > 0) {
        ui::text(context.format("console.fleet.versions_summary",
                                {{"newest", report.newest_version},
                                 {"older", std::to_string(report.older_release_count)}}),
                 ui::colour::warning);
    }
    // The server's clock decides how old things are (the office PC's clock may be off).
    const std::int64_t now =
        report.server_time != 0 ? report.server_time : static_cast<std::int64_t>(std::time(nullptr));
    const char* column_keys[] = {"console.fleet.column.node",    "console.fleet.column.county",
                                 "console.fleet.column.status",  "console.fleet.column.last_seen",
                                 "console.fleet.column.backlog", "console.fleet.column.oldest",
                                 "console.fleet.column.refused", "console.fleet.column.kind",
                                 "console.fleet.column.version", "console.fleet.column.conditions"};
    const int columns = static_cast<int>(std::size(column_keys));
    // Few nodes: the table is as tall as its rows; many: it scrolls within most of the view.
    const bool scrolling = report.nodes.size() > 30;
    ImGuiTableFlags table_flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp;
    if (scrolling)
        table_flags |= ImGuiTableFlags_ScrollY;
    if (ImGui::BeginTable("fleet.table", columns, table_flags,
                          ImVec2(0, scrolling ? ImGui::GetContentRegionAvail().y * 0.6f : 0.0f))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* key : column_keys)
            ImGui::TableSetupColumn(context.text(key).c_str());
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int index = 0; index < columns; ++index) {
            ImGui::TableSetColumnIndex(index);
            ImGui::TableHeader(context.text(column_keys[index]).c_str());
            platform::note_text(context.text(column_keys[index]));
        }
        for (const auto& node : report.nodes) {
            ImGui::TableNextRow();
            const bool offline = node.active && !node.online;
            const bool stalled = node.active && node.backlog > 0 && node.oldest_pending_created_at > 0 &&
                                 now - node.oldest_pending_created_at > stalled_after;
            const std::vector<std::string> problems = model::condition_problem_keys(node);
            if (offline || stalled || node.forward_refused > 0 || !problems.empty() || node.older_release)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ui::colour::highlight);
            ImGui::TableSetColumnIndex(0);
            ui::text(node.node_id);
            ui::remember("fleet.row." + node.node_id);
            ImGui::TableSetColumnIndex(1);
            ui::text(context.application.county_label(node.county_admin_code));
            ImGui::TableSetColumnIndex(2);
            if (!node.active) {
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
            ui::text(std::to_string(node.forward_refused),
                     node.forward_refused > 0 ? ui::colour::danger : ui::colour::text);
            ImGui::TableSetColumnIndex(7);
            ui::text(node.kind == "county" ? context.text("console.fleet.county_node") : std::string());
            // What the terminal says of itself: an open call first (the attendant is needed in the hall), then
            // the clock, the printer, the disk; the skew when the clock is fine.
            // The release it runs: amber when older than the newest in the fleet (it needs the upgrade).
            ImGui::TableSetColumnIndex(8);
            if (node.software_version.empty()) {
                ui::text(context.text("console.fleet.version_unknown"), ui::colour::muted);
            } else if (node.older_release) {
                ui::text(context.format("console.fleet.version_older", {{"version", node.software_version},
                                                                        {"newest", report.newest_version}}),
                         ui::colour::warning);
            } else {
                ui::text(node.software_version);
            }
            ImGui::TableSetColumnIndex(9);
            if (!node.condition_known) {
                ui::text(std::string());
            } else if (problems.empty()) {
                ui::text(context.format("console.fleet.condition.fine",
                                        {{"skew", std::to_string(node.clock_skew_seconds)}}),
                         ui::colour::good);
            } else {
                std::string words;
                for (const std::string& key : problems) {
                    const std::string word =
                        key == "console.fleet.condition.call"
                            ? context.format(key,
                                             {{"time", model::local_time_text(node.attendant_call_since)}})
                        : key == "console.fleet.condition.clock_refused"
                            ? context.format(key, {{"skew", std::to_string(node.clock_skew_seconds)}})
                            : context.text(key);
                    words += (words.empty() ? "" : context.text("console.fleet.condition.separator")) + word;
                }
                ui::text(words, problems.front() == "console.fleet.condition.call" ? ui::colour::danger
                                                                                   : ui::colour::warning);
            }
        }
        ImGui::EndTable();
    }
    // Items the city refused for good (docs/review.md forward_refused): open one to requeue, return or reject.
    ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
    if (report.quarantined_total == 0) {
        ui::muted(context.text("console.fleet.quarantined_none"));
    } else {
        ui::heading(context.format("console.fleet.quarantined_title",
                                   {{"count", std::to_string(report.quarantined_total)}}));
        for (const auto& item : report.quarantined) {
            if (ui::button("fleet.quarantined." + item.receipt_number, item.receipt_number,
                           ui::ButtonKind::Quiet))
                context.intents.push(IntentKind::OpenSubmission, item.submission_id);
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ui::text(item.title);
            ImGui::SameLine();
            ui::text(item.terminal_id, ui::colour::muted);
            ImGui::SameLine();
            ui::text(context.application.catalogues().strings.message(Error(item.error, item.receipt_number)),
                     ui::colour::danger);
        }
    }
    end_view();
}

}  // namespace jiebang::console

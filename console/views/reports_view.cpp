// console/views/reports_view.cpp — the monthly reports the city received and one of them in full (see
// reports_view.hpp).
// The tables use the same words as `jiebang report monthly` (sync.report.*), so the console and the printed
// report read alike.
// Index: [SECTION] list  [SECTION] report
#include "console/views/reports_view.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "console/model/submission_reading.hpp"
#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

void header_row(const ViewContext& context, const std::vector<std::string>& keys) {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t index = 0; index < keys.size(); ++index) {
        ImGui::TableSetColumnIndex(static_cast<int>(index));
        const std::string& label = context.text(keys[index]);
        ImGui::TableHeader(label.c_str());
        platform::note_text(label);
    }
}

// [SECTION] list

void draw_received(const ViewContext& context, const std::vector<model::ReceivedReportEntry>& received,
                   float height) {
    const auto& state = context.state.reports;
    const std::vector<std::string> keys = {"console.reports.column.month", "console.reports.column.county",
                                           "console.reports.column.made_at",
                                           "console.reports.column.received_at"};
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("reports.table", static_cast<int>(keys.size()), flags, ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (std::size_t index = 0; index < keys.size(); ++index)
        ImGui::TableSetupColumn(context.text(keys[index]).c_str(), ImGuiTableColumnFlags_WidthStretch,
                                index == 1 ? 2.0f : 1.0f);
    header_row(context, keys);
    // The newest made_at of a county's month is the report that counts; older copies are marked superseded.
    std::map<std::pair<std::string, std::string>, std::int64_t> newest;
    for (const auto& entry : received) {
        auto& made = newest[{entry.county_admin_code, entry.month}];
        made = std::max(made, entry.made_at);
    }
    int index = 0;
    for (const auto& entry : received) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const bool current = newest[{entry.county_admin_code, entry.month}] == entry.made_at;
        const bool selected = current && entry.county_admin_code == state.selected_county &&
                              entry.month == state.selected_month;
        if (selected)
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ui::colour::highlight);
        const std::string row_id = "reports.row." + entry.county_admin_code + "." + entry.month;
        // The first cell is the control; a superseded copy opens the current report of its month.
        if (ImGui::Selectable((entry.month + "##" + row_id + "." + std::to_string(index++)).c_str(),
                              selected))
            context.intents.push(IntentKind::OpenReport, entry.county_admin_code + " " + entry.month);
        if (current)
            ui::remember(row_id);
        platform::note_text(entry.month);
        ImGui::TableSetColumnIndex(1);
        ui::fitted_text(context.application.county_label(entry.county_admin_code),
                        current ? ui::colour::text : ui::colour::muted);
        ImGui::TableSetColumnIndex(2);
        ui::fitted_text(current ? model::local_time_text(entry.made_at)
                                : context.format("console.reports.superseded",
                                                 {{"time", model::local_time_text(entry.made_at)}}),
                        current ? ui::colour::text : ui::colour::muted);
        ImGui::TableSetColumnIndex(3);
        ui::fitted_text(model::local_time_text(entry.received_at));
    }
    ImGui::EndTable();
}

// [SECTION] report

std::string count_of(const std::map<std::string, std::int64_t>& counts, const std::string& stage) {
    const auto found = counts.find(stage);
    return std::to_string(found == counts.end() ? 0 : found->second);
}

void draw_counts(const ViewContext& context, const sync::MonthlyReport& report) {
    const std::vector<std::string> keys = {"sync.report.column.item", "sync.report.column.demand_start",
                                           "sync.report.column.demand_end", "sync.report.column.bid_start",
                                           "sync.report.column.bid_end"};
    if (!ImGui::BeginTable(
            "reports.counts", static_cast<int>(keys.size()),
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp))
        return;
    for (std::size_t index = 0; index < keys.size(); ++index)
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, index == 0 ? 1.6f : 1.0f);
    header_row(context, keys);
    const auto row = [](const std::vector<std::string>& cells) {
        ImGui::TableNextRow();
        for (std::size_t index = 0; index < cells.size(); ++index) {
            ImGui::TableSetColumnIndex(static_cast<int>(index));
            ui::fitted_text(cells[index]);
        }
    };
    row({context.text("sync.report.received_in_month"), "", std::to_string(report.demand.received_in_month),
         "", std::to_string(report.bid.received_in_month)});
    row({context.text("sync.report.total_received"),
         std::to_string(report.demand.total_received - report.demand.received_in_month),
         std::to_string(report.demand.total_received),
         std::to_string(report.bid.total_received - report.bid.received_in_month),
         std::to_string(report.bid.total_received)});
    std::vector<std::string> stages;
    for (const auto* kind : {&report.demand, &report.bid}) {
        for (const auto* counts : {&kind->stages_at_start, &kind->stages_at_end}) {
            for (const auto& [stage, value] : *counts) {
                if (std::find(stages.begin(), stages.end(), stage) == stages.end())
                    stages.push_back(stage);
            }
        }
    }
    for (const std::string& stage : stages) {
        row({context.text("console.stage." + stage), count_of(report.demand.stages_at_start, stage),
             count_of(report.demand.stages_at_end, stage), count_of(report.bid.stages_at_start, stage),
             count_of(report.bid.stages_at_end, stage)});
    }
    ImGui::EndTable();
}

void draw_listings(const ViewContext& context, const sync::MonthlyReport& report) {
    ui::heading(context.text("sync.report.listings"));
    if (report.listings.empty()) {
        ui::muted(context.text("console.reports.no_listings"));
        return;
    }
    const std::vector<std::string> keys = {"sync.report.column.listing", "sync.report.column.title",
                                           "sync.report.column.bids_in_month",
                                           "sync.report.column.bids_total"};
    if (!ImGui::BeginTable(
            "reports.listings", static_cast<int>(keys.size()),
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp))
        return;
    const float weights[] = {1.0f, 3.0f, 0.8f, 0.8f};
    for (std::size_t index = 0; index < keys.size(); ++index)
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, weights[index]);
    header_row(context, keys);
    for (const sync::MonthlyListing& listing : report.listings) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ui::fitted_text(listing.listing_id);
        ImGui::TableSetColumnIndex(1);
        ui::fitted_text(listing.title);
        ImGui::TableSetColumnIndex(2);
        ui::fitted_text(std::to_string(listing.bids_in_month));
        ImGui::TableSetColumnIndex(3);
        ui::fitted_text(std::to_string(listing.bids_total));
    }
    ImGui::EndTable();
}

// Project progress (monthly_report.hpp invariant 5): shown only when the county's report has it.
void draw_projects(const ViewContext& context, const sync::MonthlyReport& report) {
    if (report.projects.empty())
        return;
    ui::heading(context.text("sync.report.projects"));
    const std::vector<std::string> keys = {
        "sync.report.column.project_number", "sync.report.column.listing",
        "sync.report.column.stage",          "sync.report.column.receipts",
        "sync.report.column.county_due",     "sync.report.column.county_paid"};
    if (!ImGui::BeginTable(
            "reports.projects", static_cast<int>(keys.size()),
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp))
        return;
    const float weights[] = {1.2f, 1.0f, 1.4f, 0.7f, 0.8f, 0.8f};
    for (std::size_t index = 0; index < keys.size(); ++index)
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, weights[index]);
    header_row(context, keys);
    for (const sync::MonthlyProject& project : report.projects) {
        ImGui::TableNextRow();
        const std::string cells[] = {project.project_number,
                                     project.project_id,
                                     context.text("lifecycle.state." + project.state),
                                     std::to_string(project.receipts),
                                     project.county_due,
                                     project.county_paid};
        for (int column = 0; column < 6; ++column) {
            ImGui::TableSetColumnIndex(column);
            ui::fitted_text(cells[column]);
        }
    }
    ImGui::EndTable();
}

void draw_report(const ViewContext& context, const sync::MonthlyReport& report) {
    ui::heading(context.format("console.reports.report_title",
                               {{"county", context.application.county_label(report.county_admin_code)},
                                {"month", report.month},
                                {"made_at", model::local_time_text(report.made_at)}}));
    draw_counts(context, report);
    ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
    draw_listings(context, report);
    ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
    draw_projects(context, report);
}

}  // namespace

void draw_reports_view(const ViewContext& context) {
    const auto& state = context.state.reports;
    begin_view("##reports", context, true);
    ui::heading(context.text("console.reports.title"));
    if (ui::button("reports.refresh", context.text("console.reports.refresh")))
        context.intents.push(IntentKind::RefreshReports);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (state.loading && !state.received) {
        ui::text(context.text("console.reports.loading"), ui::colour::muted);
    } else if (state.received) {
        ui::text(context.format("console.reports.count", {{"count", std::to_string(state.received->size())}}),
                 ui::colour::muted);
    }
    if (!state.problem.empty())
        ui::error_text(state.problem);
    if (state.received) {
        if (state.received->empty()) {
            ui::muted(context.text("console.reports.none"));
        } else {
            const float rows = static_cast<float>(std::min<std::size_t>(state.received->size(), 8) + 1);
            draw_received(context, *state.received,
                          std::min(ImGui::GetContentRegionAvail().y * 0.4f,
                                   rows * ImGui::GetFrameHeightWithSpacing() + ui::theme().px(8)));
            ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
            ui::divider();
            if (state.open && state.open->county_admin_code == state.selected_county &&
                state.open->month == state.selected_month)
                draw_report(context, *state.open);
            else if (state.opening)
                ui::muted(context.text("console.reports.opening"));
        }
    }
    end_view();
}

}  // namespace jiebang::console

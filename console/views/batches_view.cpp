// console/views/batches_view.cpp — forwarding batches (see batches_view.hpp).
// Index: [SECTION] candidates  [SECTION] batches  [SECTION] view
#include "console/views/batches_view.hpp"

#include <algorithm>

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

// [SECTION] candidates

void draw_candidates(const ViewContext& context, float height) {
    const auto& batches = context.state.batches;
    const bool reviewer = context.state.identity->role == backoffice::Role::Reviewer;
    ui::heading(
        context.format("console.batches.candidates", {{"count", std::to_string(batches.candidates_total)}}));
    if (reviewer) {
        if (ui::button("batches.all", context.text("console.batches.choose_all")))
            context.intents.push(IntentKind::ChooseAllForward, "", 0, 0, true);
        ImGui::SameLine();
        if (ui::button("batches.none", context.text("console.batches.choose_none")))
            context.intents.push(IntentKind::ChooseAllForward, "", 0, 0, false);
        ImGui::SameLine();
        const std::int64_t next = batches.batches.empty() ? 1 : batches.batches.back().number + 1;
        if (batches.confirming) {
            ImGui::AlignTextToFramePadding();
            ui::text(context.format("console.batches.confirm_question",
                                    {{"count", std::to_string(batches.chosen.size())},
                                     {"number", std::to_string(next)}}),
                     ui::colour::warning);
            ImGui::SameLine();
            if (ui::button("batches.confirm", context.text("console.batches.confirm"),
                           ui::ButtonKind::Primary, !batches.forwarding))
                context.intents.push(IntentKind::ConfirmForward);
            ImGui::SameLine();
            if (ui::button("batches.cancel", context.text("console.dialog.cancel"), ui::ButtonKind::Normal,
                           !batches.forwarding))
                context.intents.push(IntentKind::CancelForward);
        } else if (ui::button("batches.forward",
                              context.format("console.batches.forward",
                                             {{"count", std::to_string(batches.chosen.size())}}),
                              ui::ButtonKind::Primary, !batches.chosen.empty())) {
            context.intents.push(IntentKind::AskForward);
        }
    }
    if (!ImGui::BeginTable("batches.candidates", reviewer ? 5 : 4,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_SizingFixedFit,
                           ImVec2(0, height - ImGui::GetCursorPosY())))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    if (reviewer)
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
    ImGui::TableSetupColumn(context.text("console.column.receipt").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("JM-03-001-20261122-0000-X").x + ImGui::GetFontSize());
    ImGui::TableSetupColumn(context.text("console.column.title").c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(context.text("console.column.unit").c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(context.text("console.column.received").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("2026-12-31 23:59").x + ImGui::GetFontSize());
    ImGui::TableHeadersRow();
    for (const auto& row : batches.candidates) {
        ImGui::TableNextRow();
        int column = 0;
        if (reviewer) {
            ImGui::TableSetColumnIndex(column++);
            if (ui::checkbox("batches.choose." + row.receipt_number, "",
                             batches.chosen.count(row.submission_id) != 0))
                context.intents.push(IntentKind::ToggleForwardItem, row.submission_id);
        }
        ImGui::TableSetColumnIndex(column++);
        ui::fitted_text(row.receipt_number);
        ImGui::TableSetColumnIndex(column++);
        ui::fitted_text(row.title);
        ImGui::TableSetColumnIndex(column++);
        ui::fitted_text(row.unit_name);
        ImGui::TableSetColumnIndex(column++);
        ui::fitted_text(model::local_time_text(row.received_at));
    }
    ImGui::EndTable();
}

// [SECTION] batches

void draw_batches(const ViewContext& context, float height) {
    const auto& batches = context.state.batches;
    const auto& application = context.application;
    ui::heading(
        context.format("console.batches.made_title", {{"count", std::to_string(batches.batches.size())}}));
    if (batches.batches.empty())
        ui::muted(context.text("console.batches.none"));
    for (auto batch = batches.batches.rbegin(); batch != batches.batches.rend(); ++batch) {
        const std::string label =
            context.format("console.batches.batch_line", {{"number", std::to_string(batch->number)},
                                                          {"date", model::local_time_text(batch->created_at)},
                                                          {"by", batch->created_by},
                                                          {"count", std::to_string(batch->item_count)}});
        if (ui::toggle("batches.open." + std::to_string(batch->number), label,
                       batch->number == batches.open_batch))
            context.intents.push(IntentKind::OpenBatch, "", batch->number);
    }
    if (batches.open_batch == 0)
        return;
    ImGui::Dummy(ImVec2(0, ui::theme().px(4)));
    ui::text(context.format("console.batches.items_title", {{"number", std::to_string(batches.open_batch)}}),
             ui::colour::primary);
    if (!ImGui::BeginTable("batches.items", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_SizingFixedFit,
                           ImVec2(0, std::max(ImGui::GetFrameHeight() * 3, height - ImGui::GetCursorPosY()))))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(context.text("console.column.receipt").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("JM-03-001-20261122-0000-X").x + ImGui::GetFontSize());
    ImGui::TableSetupColumn(context.text("console.column.title").c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(context.text("console.batches.city_column").c_str(),
                            ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7);
    ImGui::TableHeadersRow();
    for (const auto& row : batches.batch_rows) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        if (ui::button("batches.item." + row.receipt_number, row.receipt_number, ui::ButtonKind::Quiet))
            context.intents.push(IntentKind::OpenSubmission, row.submission_id);
        ImGui::TableSetColumnIndex(1);
        ui::fitted_text(row.title);
        ImGui::TableSetColumnIndex(2);
        ui::fitted_text(application.stage_label(row.review_stage));
    }
    ImGui::EndTable();
}

}  // namespace

// [SECTION] view

void draw_batches_view(const ViewContext& context) {
    const auto& batches = context.state.batches;
    begin_view("##batches", context);
    ui::title(context.text("console.batches.title"));
    if (ui::button("batches.refresh", context.text("console.fleet.refresh")))
        context.intents.push(IntentKind::RefreshBatches);
    if (batches.loading) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ui::text(context.text("console.fleet.loading"), ui::colour::muted);
    }
    if (!batches.problem.empty())
        ui::error_text(batches.problem);
    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float left = available.x * 0.58f;
    ImGui::BeginChild("batches.left", ImVec2(left, available.y), false);
    draw_candidates(context, available.y);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("batches.right", ImVec2(0, available.y), false);
    draw_batches(context, available.y);
    ImGui::EndChild();
    end_view();
}

}  // namespace jiebang::console

// console/views/batches_view.cpp — forwarding batches (see batches_view.hpp).
// Index: [SECTION] candidates  [SECTION] batches  [SECTION] preview  [SECTION] view
#include "console/views/batches_view.hpp"

#include <algorithm>

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

// [SECTION] candidates

// Forward the chosen items (with the confirmation naming the number), and preview their table first; shown
// above the candidates and above the selection's preview (`offer_preview`: not when it is the one shown).
void draw_forward_controls(const ViewContext& context, bool offer_preview) {
    const auto& batches = context.state.batches;
    const std::int64_t next = batches.batches.empty() ? 1 : batches.batches.back().number + 1;
    if (batches.confirming) {
        ImGui::AlignTextToFramePadding();
        ui::text(context.format(
                     "console.batches.confirm_question",
                     {{"count", std::to_string(batches.chosen.size())}, {"number", std::to_string(next)}}),
                 ui::colour::warning);
        ImGui::SameLine();
        if (ui::button("batches.confirm", context.text("console.batches.confirm"), ui::ButtonKind::Primary,
                       !batches.forwarding))
            context.intents.push(IntentKind::ConfirmForward);
        ImGui::SameLine();
        if (ui::button("batches.cancel", context.text("console.dialog.cancel"), ui::ButtonKind::Normal,
                       !batches.forwarding))
            context.intents.push(IntentKind::CancelForward);
    } else {
        if (ui::button(
                "batches.forward",
                context.format("console.batches.forward", {{"count", std::to_string(batches.chosen.size())}}),
                ui::ButtonKind::Primary, !batches.chosen.empty()))
            context.intents.push(IntentKind::AskForward);
        if (offer_preview) {
            ImGui::SameLine();
            if (ui::button("batches.preview_selection", context.text("console.batches.preview_selection"),
                           ui::ButtonKind::Normal, !batches.chosen.empty() && !batches.paper_busy))
                context.intents.push(IntentKind::PreviewSelection, "", 0, 0);
        }
    }
}

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
        draw_forward_controls(context, true);
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
    // The summary table of this batch: as it prints, as files for the bureau's system, on the office's
    // printer.
    if (ui::button("batches.preview", context.text("console.batches.preview"), ui::ButtonKind::Primary,
                   !batches.paper_busy))
        context.intents.push(IntentKind::PreviewSummary, "", batches.open_batch, 0);
    ImGui::SameLine();
    if (ui::button("batches.export", context.text("console.batches.export"), ui::ButtonKind::Normal,
                   !batches.paper_busy))
        context.intents.push(IntentKind::ExportSummary, "", batches.open_batch);
    ImGui::SameLine();
    if (ui::button("batches.print", context.text("console.batches.print"), ui::ButtonKind::Normal,
                   !batches.paper_busy))
        context.intents.push(IntentKind::PrintSummary, "", batches.open_batch);
    if (batches.paper_busy) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ui::text(context.text("console.batches.paper_busy"), ui::colour::muted);
    }
    if (!batches.paper_problem.empty())
        ui::error_text(batches.paper_problem);
    if (!batches.paper_result.empty())
        ui::wrapped(batches.paper_result, ui::colour::good);
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

// [SECTION] preview

// The page as it prints, scaled to the space given; a pager when the table runs to several pages.
void draw_preview(const ViewContext& context, const BatchesState::Preview& preview) {
    const auto& image = preview.image;
    ui::heading(context.format(
        preview.provisional ? "console.batches.preview_title_provisional" : "console.batches.preview_title",
        {{"number", std::to_string(preview.batch)},
         {"page", std::to_string(preview.page + 1)},
         {"pages", std::to_string(image.page_count)}}));
    // A page of a batch is read again from the aggregator; the selection's is built again from the rows.
    const IntentKind turn = preview.provisional ? IntentKind::PreviewSelection : IntentKind::PreviewSummary;
    const std::int64_t batch = preview.provisional ? 0 : preview.batch;
    if (preview.page > 0) {
        if (ui::button("batches.preview_previous", context.text("console.batches.preview_previous")))
            context.intents.push(turn, "", batch, preview.page - 1);
        ImGui::SameLine();
    }
    if (preview.page + 1 < image.page_count) {
        if (ui::button("batches.preview_next", context.text("console.batches.preview_next")))
            context.intents.push(turn, "", batch, preview.page + 1);
        ImGui::SameLine();
    }
    if (ui::button("batches.preview_close", context.text("console.batches.preview_close"),
                   ui::ButtonKind::Quiet))
        context.intents.push(IntentKind::ClosePreview);
    if (!preview.office_known)
        ui::wrapped(context.text("console.batches.office_unknown"), ui::colour::warning);
    if (preview.provisional && context.state.identity->role == backoffice::Role::Reviewer)
        draw_forward_controls(context, false);
    const ImVec2 available = ImGui::GetContentRegionAvail();
    if (context.summary_preview == nullptr || image.width <= 0 || image.height <= 0 || available.x <= 0)
        return;
    const float scale = std::min(available.x / static_cast<float>(image.width),
                                 std::max(available.y, 1.0f) / static_cast<float>(image.height));
    const ImVec2 size(static_cast<float>(image.width) * scale, static_cast<float>(image.height) * scale);
    const ImVec2 corner = ImGui::GetCursorScreenPos();
    ImGui::Image(context.summary_preview, size);
    // The paper's edge, so a white page reads as paper on the light background.
    ImGui::GetWindowDrawList()->AddRect(corner, ImVec2(corner.x + size.x, corner.y + size.y),
                                        ui::colour::muted);
}

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
    // The preview takes the place of the candidates while it is open (the batch list stays beside it).
    if (batches.preview && (batches.preview->provisional || batches.preview->batch == batches.open_batch))
        draw_preview(context, *batches.preview);
    else
        draw_candidates(context, available.y);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("batches.right", ImVec2(0, available.y), false);
    draw_batches(context, available.y);
    ImGui::EndChild();
    end_view();
}

}  // namespace jiebang::console

// console/views/detail_view.cpp — one submission in full, its receipt check, its history, and the review
// actions with their confirmation (see detail_view.hpp).
// Index: [SECTION] header  [SECTION] fields  [SECTION] revisions  [SECTION] side  [SECTION] view  [SECTION] dialog
#include "console/views/detail_view.hpp"

#include <algorithm>
#include <map>

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

struct ActionButton {
    review::ReviewAction action;
    const char* id;
    const char* key;
    ui::ButtonKind kind;
    ui::Key shortcut;
};

constexpr ActionButton action_buttons[] = {
    {review::ReviewAction::Accept, "detail.accept", "console.action.accept", ui::ButtonKind::Primary,
     ui::Key::Accept},
    {review::ReviewAction::Return, "detail.return", "console.action.return", ui::ButtonKind::Normal,
     ui::Key::Return},
    {review::ReviewAction::Reject, "detail.reject", "console.action.reject", ui::ButtonKind::Danger,
     ui::Key::Reject},
    {review::ReviewAction::Recall, "detail.recall", "console.action.recall", ui::ButtonKind::Normal,
     ui::Key::Recall},
};

// [SECTION] header

void draw_navigation(const ViewContext& context) {
    const auto& state = context.state;
    const bool keys = !state.dialog.open;  // the dialog has the keyboard while it is open
    if (ui::button("detail.back", context.text("console.detail.back")) ||
        (keys && ui::shortcut(ui::Key::Back)))
        context.intents.push(IntentKind::BackToInbox);
    ImGui::SameLine();
    if (ui::button("detail.previous", context.text("console.detail.previous")) ||
        (keys && ui::shortcut(ui::Key::Previous)))
        context.intents.push(IntentKind::PreviousSubmission);
    ImGui::SameLine();
    if (ui::button("detail.next", context.text("console.detail.next")) ||
        (keys && ui::shortcut(ui::Key::Next)))
        context.intents.push(IntentKind::NextSubmission);
    if (!state.detail.record)
        return;
    const auto& row = state.detail.record->row;
    bool any = false;
    for (const auto& button : action_buttons) {
        if (!context.application.action_allowed(row.review_stage, button.action))
            continue;
        ImGui::SameLine(0, any ? -1.0f : ui::theme().px(32));
        any = true;
        if (ui::button(button.id, context.text(button.key), button.kind) ||
            (keys && ui::shortcut(button.shortcut)))
            context.intents.push(IntentKind::BeginAction, "", static_cast<std::int64_t>(button.action));
    }
    if (!any) {
        ImGui::SameLine(0, ui::theme().px(32));
        ImGui::AlignTextToFramePadding();
        ui::text(context.text("console.detail.no_action"), ui::colour::muted);
    }
}

void draw_header(const ViewContext& context, const model::SubmissionRecord& record) {
    const auto& row = record.row;
    const auto& application = context.application;
    ui::heading(row.title.empty() ? row.receipt_number : row.title);
    ui::text(row.receipt_number, ui::colour::primary);
    ImGui::SameLine(0, ui::theme().px(16));
    ui::text(context.text(row.kind == "bid" ? "console.kind.bid_long" : "console.kind.demand_long"));
    ImGui::SameLine(0, ui::theme().px(16));
    ui::tag(application.stage_label(row.review_stage), ui::colour::primary);
    ImGui::SameLine(0, ui::theme().px(16));
    ui::text(
        context.format("console.detail.where", {{"county", application.county_label(row.county_admin_code)},
                                                {"terminal", row.terminal_id}}),
        ui::colour::muted);
    ImGui::SameLine(0, ui::theme().px(16));
    ui::text(
        context.format("console.detail.received_at", {{"time", model::local_time_text(row.received_at)}}),
        ui::colour::muted);
    for (const auto& flag : row.flags) {
        ImGui::SameLine();
        const std::string name(flag.substr(0, flag.find(':')));
        const auto& strings = application.catalogues().strings;
        const std::string key = "console.flag." + name;
        if (name == "possible_duplicate" && flag.size() > name.size() + 1) {
            // Names the earlier item it repeats (docs/review.md section 8), so the clerk can look it up.
            ui::tag(
                context.format("console.detail.duplicate_of", {{"receipt", flag.substr(name.size() + 1)}}),
                ui::colour::danger);
            continue;
        }
        ui::tag(strings.has(key) ? strings.text(key) : flag, ui::colour::danger);
    }
    if (!record.row.reason.empty()) {
        ui::wrapped(context.format("console.detail.reason_given", {{"reason", record.row.reason}}),
                    ui::colour::warning);
    }
}

// [SECTION] fields

void draw_fields(const model::ReadableSubmission& readable) {
    const float label_width = ImGui::GetFontSize() * 13;
    for (std::size_t index = 0; index < readable.sections.size(); ++index) {
        const auto& section = readable.sections[index];
        ImGui::PushFont(ui::theme().fonts.title);
        ui::text(section.title, ui::colour::primary);
        ImGui::PopFont();
        const std::string table_id = "fields." + std::to_string(index);
        if (!ImGui::BeginTable(table_id.c_str(), 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit))
            continue;
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_width);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        for (const auto& field : section.fields) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + label_width);
            ImGui::PushStyleColor(ImGuiCol_Text, ui::colour::muted);
            ImGui::TextUnformatted(field.label.c_str());
            ImGui::PopStyleColor();
            ImGui::PopTextWrapPos();
            platform::note_text(field.label);
            ImGui::TableSetColumnIndex(1);
            ui::wrapped(field.value, field.unknown ? ui::colour::danger : ui::colour::text);
        }
        ImGui::EndTable();
        ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
    }
}

// [SECTION] revisions

// The item's filings, oldest first; each opens in this view.
void draw_revisions(const ViewContext& context, const DetailState& detail) {
    ImGui::PushFont(ui::theme().fonts.title);
    ui::text(context.text("console.revisions.title"), ui::colour::primary);
    ImGui::PopFont();
    for (const model::RevisionSummary& entry : detail.revisions) {
        const bool current = entry.submission_id == detail.submission_id;
        const std::string line = context.format(
            "console.revisions.entry", {{"revision", std::to_string(entry.revision)},
                                        {"receipt", entry.receipt_number},
                                        {"stage", context.application.stage_label(entry.review_stage)},
                                        {"time", model::local_time_text(entry.received_at)}});
        if (current) {
            ui::text(line + context.text("console.revisions.this_one"), ui::colour::primary);
        } else if (ui::button("revisions.open." + entry.receipt_number, line)) {
            context.intents.push(IntentKind::OpenSubmission, entry.submission_id);
        }
        if (!entry.review_reason.empty())
            ui::wrapped(context.format("console.history.reason", {{"reason", entry.review_reason}}),
                        ui::colour::warning);
    }
    ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
}

// This filing beside the one it corrects: the fields whose value changed (added, removed or edited), each with
// both values; the rest is as in the full list below.
void draw_comparison(const ViewContext& context, const model::ReadableSubmission& previous,
                     std::int64_t previous_revision, const model::ReadableSubmission& current) {
    struct Change {
        std::string label;
        std::string before;
        std::string after;
    };
    std::vector<Change> changes;
    std::map<std::string, const model::ReadableField*> earlier;
    for (const auto& section : previous.sections) {
        for (const auto& field : section.fields)
            earlier[field.field_id] = &field;
    }
    for (const auto& section : current.sections) {
        for (const auto& field : section.fields) {
            const auto found = earlier.find(field.field_id);
            const std::string before = found == earlier.end() ? std::string() : found->second->value;
            if (found != earlier.end())
                earlier.erase(found);
            if (before != field.value)
                changes.push_back(Change{field.label, before, field.value});
        }
    }
    for (const auto& [id, field] : earlier)  // answered before, no longer
        changes.push_back(Change{field->label, field->value, std::string()});
    ImGui::PushFont(ui::theme().fonts.title);
    ui::text(
        context.format("console.revisions.compare_title", {{"revision", std::to_string(previous_revision)},
                                                           {"count", std::to_string(changes.size())}}),
        ui::colour::primary);
    ImGui::PopFont();
    if (changes.empty()) {
        ui::muted(context.text("console.revisions.no_change"));
        return;
    }
    if (!ImGui::BeginTable(
            "revisions.compare", 3,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("before", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("after", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    const std::string headers[] = {
        context.text("console.revisions.column.field"),
        context.format("console.revisions.column.before", {{"revision", std::to_string(previous_revision)}}),
        context.text("console.revisions.column.after")};
    for (int column = 0; column < 3; ++column) {
        ImGui::TableSetColumnIndex(column);
        ImGui::TableHeader(headers[column].c_str());
        platform::note_text(headers[column]);
    }
    const std::string empty = context.text("console.revisions.empty_value");
    for (const Change& change : changes) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ui::wrapped(change.label, ui::colour::muted);
        ImGui::TableSetColumnIndex(1);
        ui::wrapped(change.before.empty() ? empty : change.before, ui::colour::muted);
        ImGui::TableSetColumnIndex(2);
        ui::wrapped(change.after.empty() ? empty : change.after, ui::colour::warning);
    }
    ImGui::EndTable();
    ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
}

// [SECTION] side

void draw_verification(const ViewContext& context, const model::ReadableSubmission& readable) {
    const auto& verification = readable.verification;
    ImGui::PushFont(ui::theme().fonts.title);
    ui::text(context.text("console.verify.title"), ui::colour::primary);
    ImGui::PopFont();
    ui::text(
        context.text(verification.content_hash_ok ? "console.verify.hash_ok" : "console.verify.hash_bad"),
        verification.content_hash_ok ? ui::colour::good : ui::colour::danger);
    ui::wrapped(context.text("console.verify.signature_server"), ui::colour::good);
    if (!verification.problem_key.empty())
        ui::wrapped(context.text(verification.problem_key), ui::colour::danger);
    ui::muted(context.format("console.verify.filed", {{"time", model::local_time_text(readable.created_at)},
                                                      {"terminal", readable.terminal_id}}));
}

void draw_history(const ViewContext& context, const model::SubmissionRecord& record) {
    ImGui::Dummy(ImVec2(0, ui::theme().px(8)));
    ImGui::PushFont(ui::theme().fonts.title);
    ui::text(context.text("console.history.title"), ui::colour::primary);
    ImGui::PopFont();
    ui::muted(context.format("console.history.arrived",
                             {{"time", model::local_time_text(record.row.received_at)}}));
    if (record.history.empty()) {
        ui::muted(context.text("console.history.none"));
        return;
    }
    const auto& application = context.application;
    for (const auto& entry : record.history) {
        ui::divider();
        const std::string action_key = "console.history.action." + entry.action;
        const auto& strings = application.catalogues().strings;
        const std::string action = strings.has(action_key) ? strings.text(action_key) : entry.action;
        ui::text(context.format("console.history.entry", {{"time", model::local_time_text(entry.at)},
                                                          {"name", entry.staff_name},
                                                          {"staff_id", entry.staff_id},
                                                          {"action", action}}));
        if (!entry.state_before.empty() || !entry.state_after.empty()) {
            ui::muted(context.format("console.history.change",
                                     {{"before", application.stage_label(entry.state_before)},
                                      {"after", application.stage_label(entry.state_after)}}));
        }
        // A read's reason is the server's note ("personal data"), not a person's words: not shown.
        if (!entry.reason.empty() && entry.action != "read")
            ui::wrapped(context.format("console.history.reason", {{"reason", entry.reason}}),
                        ui::colour::warning);
    }
}

}  // namespace

// [SECTION] view

void draw_detail_view(const ViewContext& context) {
    const auto& detail = context.state.detail;
    begin_view("##detail", context);
    draw_navigation(context);
    ui::divider();
    if (detail.loading && !detail.record) {
        ui::muted(context.text("console.detail.loading"));
    }
    if (!detail.problem.empty())
        ui::error_text(detail.problem);
    if (detail.record) {
        draw_header(context, *detail.record);
        ImGui::Dummy(ImVec2(0, ui::theme().px(4)));
        const ImVec2 available = ImGui::GetContentRegionAvail();
        const float side_width = std::clamp(available.x * 0.32f, ui::theme().px(300), ui::theme().px(520));
        ImGui::BeginChild("detail.fields",
                          ImVec2(available.x - side_width - ImGui::GetStyle().ItemSpacing.x, available.y),
                          true);
        if (detail.revisions.size() > 1)
            draw_revisions(context, detail);
        if (detail.previous && detail.readable)
            draw_comparison(context, *detail.previous, detail.previous_revision, *detail.readable);
        if (detail.readable)
            draw_fields(*detail.readable);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("detail.side", ImVec2(side_width, available.y), true);
        if (detail.readable)
            draw_verification(context, *detail.readable);
        draw_history(context, *detail.record);
        ImGui::EndChild();
    }
    end_view();
}

// [SECTION] dialog

void draw_action_dialog(const ViewContext& context) {
    const auto& dialog = context.state.dialog;
    const char* popup = "##action_dialog";
    if (dialog.open && !ImGui::IsPopupOpen(popup))
        ImGui::OpenPopup(popup);
    const float width = std::min(context.size.x - ui::theme().px(40), ui::theme().px(680));
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    ImGui::SetNextWindowPos(ImVec2(context.size.x / 2, context.size.y / 2), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::theme().px(22), ui::theme().px(18)));
    const bool shown = ImGui::BeginPopupModal(popup, nullptr,
                                              ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                                  ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove);
    ImGui::PopStyleVar();
    if (!shown)
        return;
    if (!dialog.open) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const std::string action(review::action_name(dialog.action));
    ui::heading(context.text("console.dialog.title." + action));
    // S4: the item is named from the moment the dialog opens.
    ui::wrapped(
        context.format("console.dialog.item", {{"receipt", dialog.receipt_number}, {"title", dialog.title}}));
    ui::muted(context.text("console.dialog.explain." + action));
    if (dialog.needs_reason) {
        ImGui::Dummy(ImVec2(0, ui::theme().px(4)));
        ui::muted(context.text("console.dialog.templates"));
        const auto& strings = context.application.catalogues().strings;
        for (int number = 1; number <= 12; ++number) {
            const std::string key = "console.reason." + action + "." + std::to_string(number);
            if (!strings.has(key))
                break;
            if (ui::button("dialog.template." + std::to_string(number), strings.text(key),
                           ui::ButtonKind::Quiet))
                context.intents.push(IntentKind::UseReasonTemplate, key);
        }
        ui::muted(context.text("console.dialog.reason"));
        ui::input_multiline("dialog.reason", context.edits.reason,
                            ImVec2(-1, ImGui::GetTextLineHeightWithSpacing() * 5));
        // ImGui 1.86's text box does not wrap: a reason wider than the box is shown wrapped below it, as the
        // applicant will read it.
        if (ImGui::CalcTextSize(context.edits.reason.c_str()).x > ImGui::GetItemRectSize().x * 0.95f) {
            ui::muted(context.text("console.dialog.preview"));
            ui::wrapped(context.edits.reason);
        }
    }
    if (!dialog.problem.empty())
        ui::error_text(dialog.problem);
    ImGui::Dummy(ImVec2(0, ui::theme().px(4)));
    if (dialog.sending)
        ImGui::BeginDisabled();
    const bool confirm =
        ui::button("dialog.confirm", context.text("console.dialog.confirm." + action),
                   dialog.action == review::ReviewAction::Reject ? ui::ButtonKind::Danger
                                                                 : ui::ButtonKind::Primary) ||
        ui::shortcut(ui::Key::Confirm);
    ImGui::SameLine();
    const bool cancel = ui::button("dialog.cancel", context.text("console.dialog.cancel")) ||
                        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
    if (dialog.sending) {
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ui::text(context.text("console.dialog.sending"), ui::colour::muted);
    }
    if (confirm && !dialog.sending)
        context.intents.push(IntentKind::ConfirmAction);
    if (cancel && !dialog.sending)
        context.intents.push(IntentKind::CancelAction);
    ImGui::EndPopup();
}

}  // namespace jiebang::console

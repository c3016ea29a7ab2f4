// console/views/inbox_view.cpp — the inbox: filters, counts per state and the virtualised table (see
// inbox_view.hpp).
// Index: [SECTION] filters  [SECTION] counts  [SECTION] table  [SECTION] view
#include "console/views/inbox_view.hpp"

#include <imgui_internal.h>

#include <algorithm>

#include "console/model/submission_reading.hpp"
#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

// The review stages in the order of docs/review.md, per tier.
std::vector<std::string_view> stages_for(review::Tier tier) {
    if (tier == review::Tier::City)
        return {"received", "accepted", "returned", "rejected", "published", "resubmitted"};
    return {"received",      "accepted",  "forward_queued", "forward_sent",  "forward_refused",
            "forwarded",     "returned",  "rejected",       "city_accepted", "city_returned",
            "city_rejected", "published", "resubmitted"};
}

std::string flag_label(const ViewContext& context, std::string_view flag) {
    const std::string name(flag.substr(0, flag.find(':')));
    const std::string key = "console.flag." + name;
    const auto& strings = context.application.catalogues().strings;
    return strings.has(key) ? strings.text(key) : std::string(flag);
}

ImU32 stage_colour(std::string_view stage) {
    if (stage == "received" || stage == "resubmitted")
        return ui::colour::primary;
    if (stage == "returned" || stage == "city_returned" || stage == "forward_refused")
        return ui::colour::warning;
    if (stage == "rejected" || stage == "city_rejected")
        return ui::colour::danger;
    return ui::colour::good;
}

// [SECTION] filters

void draw_filters(const ViewContext& context) {
    const auto& state = context.state;
    const auto& query = state.inbox.query;
    const auto& identity = *state.identity;
    const float unit = ui::theme().px(10);
    bool apply = ui::input_text("inbox.search", context.text("console.inbox.search_hint"),
                                context.edits.search, unit * 34);
    ImGui::SameLine();
    apply =
        ui::button("inbox.search_go", context.text("console.inbox.search"), ui::ButtonKind::Primary) || apply;

    std::string chosen;
    std::vector<std::pair<std::string, std::string>> options;
    ImGui::SameLine(0, unit * 2);
    options = {{"", context.text("console.filter.any_kind")},
               {"demand", context.text("console.kind.demand")},
               {"bid", context.text("console.kind.bid")}};
    if (ui::combo("filter.kind", context.text("console.filter.kind"), options, query.kind, chosen, unit * 11))
        context.intents.push(IntentKind::SetKind, chosen);
    const Profile* profile = context.application.profile();
    if (identity.tier == review::Tier::City && profile != nullptr) {
        ImGui::SameLine();
        options = {{"", context.text("console.filter.any_county")}};
        for (const auto& county : profile->counties)
            options.emplace_back(county.admin_code, county.name.chinese);
        if (ui::combo("filter.county", context.text("console.filter.county"), options,
                      query.county_admin_code, chosen, unit * 14))
            context.intents.push(IntentKind::SetCounty, chosen);
    }
    if (profile != nullptr) {
        ImGui::SameLine();
        options = {{"", context.text("console.filter.any_industry")}};
        for (const auto& industry : profile->industries)
            options.emplace_back(industry.id, industry.name.chinese);
        if (ui::combo("filter.industry", context.text("console.filter.industry"), options, query.industry_id,
                      chosen, unit * 18))
            context.intents.push(IntentKind::SetIndustry, chosen);
    }

    // Second row: terminal, dates, flags.
    ImGui::AlignTextToFramePadding();
    ui::text(context.text("console.filter.terminal"), ui::colour::muted);
    ImGui::SameLine();
    apply = ui::input_text("filter.terminal", context.text("console.filter.terminal_hint"),
                           context.edits.terminal, unit * 12) ||
            apply;
    ImGui::SameLine(0, unit * 2);
    ui::text(context.text("console.filter.received"), ui::colour::muted);
    ImGui::SameLine();
    apply = ui::input_text("filter.date_from", context.text("console.filter.date_hint"),
                           context.edits.date_from, unit * 11) ||
            apply;
    ImGui::SameLine();
    ui::text(context.text("console.filter.date_to"), ui::colour::muted);
    ImGui::SameLine();
    apply = ui::input_text("filter.date_until", context.text("console.filter.date_hint"),
                           context.edits.date_until, unit * 11) ||
            apply;
    ImGui::SameLine();
    apply = ui::button("filter.apply", context.text("console.filter.apply")) || apply;
    ImGui::SameLine(0, unit * 1.5f);
    const std::vector<std::pair<unsigned, const char*>> flag_filters = {
        {0, "console.filter.any_flag"},       {15, "console.filter.flagged"},
        {4, "console.filter.flag_duplicate"}, {1, "console.filter.flag_uscc"},
        {2, "console.filter.flag_receipt"},   {8, "console.filter.flag_policy"}};
    options.clear();
    for (const auto& [bits, key] : flag_filters)
        options.emplace_back(std::to_string(bits), context.text(key));
    if (ui::combo("filter.flags", context.text("console.filter.flags"), options,
                  std::to_string(query.flag_kinds), chosen, unit * 12))
        context.intents.push(IntentKind::SetFlagFilter, "", std::stoll(chosen.empty() ? "0" : chosen));
    ImGui::SameLine(0, unit * 1.5f);
    const bool newest_first = query.newest_first;
    const std::string order_key =
        query.sort == "received"
            ? (newest_first ? "console.inbox.order_newest" : "console.inbox.order_oldest")
            : (newest_first ? "console.inbox.order_descending" : "console.inbox.order_ascending");
    if (ui::toggle("inbox.order", context.text(order_key), false))
        context.intents.push(IntentKind::SetOrder, "", 0, 0, !newest_first);
    ImGui::SameLine(0, unit * 1.5f);
    if (ui::button("filter.clear", context.text("console.filter.clear"), ui::ButtonKind::Quiet))
        context.intents.push(IntentKind::ClearFilters);
    if (apply)
        context.intents.push(IntentKind::ApplyFilters);
    if (!state.inbox.filter_problem.empty())
        ui::error_text(state.inbox.filter_problem);
}

// [SECTION] counts

void draw_counts(const ViewContext& context) {
    const auto& inbox = context.state.inbox;
    if (ui::toggle("inbox.stage.any",
                   context.format("console.inbox.count_all", {{"count", std::to_string(inbox.all_count)}}),
                   inbox.query.review_stage.empty()))
        context.intents.push(IntentKind::SetStage, "");
    for (const auto stage : stages_for(context.state.identity->tier)) {
        const auto found = inbox.stage_counts.find(std::string(stage));
        const std::int64_t count = found == inbox.stage_counts.end() ? 0 : found->second;
        if (count == 0 && inbox.query.review_stage != stage)
            continue;  // only states that hold something (and the one filtered on)
        ImGui::SameLine();
        const std::string label = context.format(
            "console.inbox.count_stage",
            {{"stage", context.application.stage_label(stage)}, {"count", std::to_string(count)}});
        if (ui::toggle("inbox.stage." + std::string(stage), label, inbox.query.review_stage == stage))
            context.intents.push(IntentKind::SetStage, std::string(stage));
    }
    if (inbox.new_arrivals > 0) {
        ImGui::SameLine(0, ui::theme().px(20));
        if (ui::button(
                "inbox.arrivals",
                context.format("console.inbox.new_arrivals", {{"count", std::to_string(inbox.new_arrivals)}}),
                ui::ButtonKind::Quiet))
            context.intents.push(IntentKind::AcknowledgeArrivals);
    }
}

// [SECTION] table

struct Column {
    const char* key;
    const char* id;      // "inbox.column.<id>" for scripts
    const char* sample;  // a widest usual value: the column is as wide as it; nullptr = stretch
    float characters;    // or this many CJK characters wide (when sample is "")
    const char* sort;    // the server's order by this column (InboxQuery::sort); nullptr = not sortable
};

// The server sorts (docs/protocol.md 17.2 SORTED-SEARCH): a click on a sortable header orders every row of
// the query by that column, not only the loaded ones. Widths follow the text, so a narrow window gives the
// titles and units (the stretching columns) what is left; a cell that does not fit ends in "…".
constexpr Column columns[] = {
    {"console.column.receipt", "receipt", "JM-03-001-20261122-0000-X", 0, nullptr},
    {"console.column.kind", "kind", "", 2, nullptr},
    {"console.column.title", "title", nullptr, 0, "title"},
    {"console.column.unit", "unit", nullptr, 0, "unit"},
    {"console.column.county", "county", "", 4, "county"},
    {"console.column.terminal", "terminal", "440703-000", 0, nullptr},
    {"console.column.industry", "industry", "", 6, nullptr},
    {"console.column.received", "received", "2026-12-31 23:59", 0, "received"},
    {"console.column.state", "state", "", 5, "stage"},
    {"console.column.flags", "flags", "", 6, nullptr},
};
constexpr int column_count = static_cast<int>(std::size(columns));

float column_width(const Column& column) {
    if (column.sample == nullptr)
        return 0;
    const float text = column.sample[0] != '\0' ? ImGui::CalcTextSize(column.sample).x
                                                : ImGui::GetFontSize() * column.characters;
    return text + ImGui::GetFontSize() * 0.8f;  // room for the sort arrow and the cell padding
}

void draw_table(const ViewContext& context, float height) {
    const auto& state = context.state;
    const auto& inbox = state.inbox;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_NoBordersInBody | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("inbox.table", column_count, flags, ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (int index = 0; index < column_count; ++index) {
        const auto& column = columns[index];
        const float width = column_width(column);
        ImGuiTableColumnFlags column_flags =
            width > 0 ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch;
        if (column.sort == nullptr) {
            column_flags |= ImGuiTableColumnFlags_NoSort;
        } else if (inbox.query.sort == column.sort) {
            // The application's order is the one shown (the table's own memory starts from it).
            column_flags |= ImGuiTableColumnFlags_DefaultSort |
                            (inbox.query.newest_first ? ImGuiTableColumnFlags_PreferSortDescending
                                                      : ImGuiTableColumnFlags_PreferSortAscending);
        }
        ImGui::TableSetupColumn(context.text(column.key).c_str(), column_flags, width,
                                static_cast<ImGuiID>(index));
    }
    // The arrow follows the application's order, whichever control changed it last (the order toggle, a
    // cleared filter): the table's own memory of its sort is set from the query before the headers take clicks.
    if (ImGuiTable* table = ImGui::GetCurrentTable(); table != nullptr) {
        const ImGuiSortDirection wanted =
            inbox.query.newest_first ? ImGuiSortDirection_Descending : ImGuiSortDirection_Ascending;
        for (int index = 0; index < column_count; ++index) {
            const bool sorted_here =
                columns[index].sort != nullptr && inbox.query.sort == columns[index].sort;
            const ImGuiTableColumn& column = table->Columns[index];
            if (sorted_here && (column.SortOrder != 0 || column.SortDirection != wanted))
                ImGui::TableSetColumnSortDirection(index, wanted, false);
        }
    }
    // Headers drawn one by one so that each notes its id ("inbox.column.<id>") for scripts.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int index = 0; index < column_count; ++index) {
        if (!ImGui::TableSetColumnIndex(index))
            continue;
        const std::string& name = context.text(columns[index].key);
        ImGui::TableHeader(name.c_str());
        ui::remember("inbox.column." + std::string(columns[index].id));
        platform::note_text(name);
    }
    if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort != nullptr && sort->SpecsDirty) {
        if (sort->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& spec = sort->Specs[0];
            const bool descending = spec.SortDirection == ImGuiSortDirection_Descending;
            const char* by = spec.ColumnIndex < column_count ? columns[spec.ColumnIndex].sort : nullptr;
            if (by != nullptr && (by != inbox.query.sort || descending != inbox.query.newest_first))
                context.intents.push(IntentKind::SetOrder, by, 0, 0, descending);
        }
        sort->SpecsDirty = false;
    }

    const std::int64_t total = inbox.total_known ? inbox.total : 0;
    // Keyboard: move the selection, open it.
    if (ui::shortcut(ui::Key::Next))
        context.intents.push(IntentKind::NextSubmission);
    if (ui::shortcut(ui::Key::Previous))
        context.intents.push(IntentKind::PreviousSubmission);
    if (ui::shortcut(ui::Key::Open) && !inbox.selected_id.empty())
        context.intents.push(IntentKind::OpenSubmission, inbox.selected_id);
    // A selection the keyboard moved is scrolled into view once (ImGui's per-window storage remembers which
    // move was followed; the view itself keeps nothing).
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID followed = ImGui::GetID("selection_followed");
    if (storage->GetInt(followed, 0) != inbox.selection_serial) {
        storage->SetInt(followed, inbox.selection_serial);
        const std::int64_t selected = inbox.index_of(inbox.selected_id);
        const float row_height = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
        const float top = static_cast<float>(selected) * row_height;
        const float visible = ImGui::GetWindowHeight() - row_height * 2;
        if (selected >= 0 && (top < ImGui::GetScrollY() || top + row_height > ImGui::GetScrollY() + visible))
            ImGui::SetScrollY(std::max(0.0f, top - visible / 2));
    }

    ImGuiListClipper clipper;
    // ImGuiListClipper takes an int: past 2^31 rows the table shows the first 2^31 (the count says the rest).
    clipper.Begin(static_cast<int>(std::min<std::int64_t>(total, 0x7fffffff)));
    std::int64_t first_shown = -1, last_shown = -1;
    while (clipper.Step()) {
        // ImGuiListClipper's first step draws row 0 only to measure a row's height, wherever the view is: it
        // does not count as shown (else page 0 would always look visible and far pages never be dropped).
        const bool measuring =
            clipper.ItemsHeight <= 0 && clipper.DisplayStart == 0 && clipper.DisplayEnd == 1;
        for (int index = clipper.DisplayStart; index < clipper.DisplayEnd; ++index) {
            if (!measuring) {
                if (first_shown < 0 || index < first_shown)
                    first_shown = index;
                last_shown = std::max<std::int64_t>(last_shown, index);
            }
            ImGui::TableNextRow();
            const model::InboxRow* row = inbox.row_at(index);
            ImGui::TableSetColumnIndex(0);
            if (row == nullptr) {
                ui::text(context.text("console.inbox.loading_row"), ui::colour::muted);
                continue;
            }
            const bool is_selected = row->submission_id == inbox.selected_id;
            const std::string id = "inbox.row." + row->receipt_number;
            ImGui::PushID(index);
            const bool clicked = ImGui::Selectable(
                row->receipt_number.c_str(), is_selected,
                ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap);
            ImGui::PopID();
            // The row spans every column; its centre lies outside the first column's clip rectangle, so it is
            // noted under the table's clip rectangle (a click at its centre selects the row).
            ImGuiTable* table = ImGui::GetCurrentTable();
            ImGui::PushClipRect(table->InnerClipRect.Min, table->InnerClipRect.Max, false);
            ui::remember(id);
            ImGui::PopClipRect();
            platform::note_text(row->receipt_number);
            if (clicked)
                context.intents.push(IntentKind::OpenSubmission, row->submission_id);
            if (row->sequence > inbox.baseline_sequence && inbox.baseline_sequence > 0)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ui::colour::highlight);
            ImGui::TableSetColumnIndex(1);
            ui::text(context.text(row->kind == "bid" ? "console.kind.bid" : "console.kind.demand"));
            ImGui::TableSetColumnIndex(2);
            ui::fitted_text(row->title);
            ImGui::TableSetColumnIndex(3);
            ui::fitted_text(row->unit_name);
            ImGui::TableSetColumnIndex(4);
            ui::fitted_text(context.application.county_label(row->county_admin_code));
            ImGui::TableSetColumnIndex(5);
            ui::fitted_text(row->terminal_id);
            ImGui::TableSetColumnIndex(6);
            ui::fitted_text(row->industry_id.empty() ? std::string()
                                                     : context.application.industry_label(row->industry_id));
            ImGui::TableSetColumnIndex(7);
            ui::fitted_text(model::local_time_text(row->received_at));
            ImGui::TableSetColumnIndex(8);
            ui::fitted_text(context.application.stage_label(row->review_stage),
                            stage_colour(row->review_stage));
            ImGui::TableSetColumnIndex(9);
            std::string flag_names;
            for (const auto& flag : row->flags)
                flag_names += (flag_names.empty() ? "" : " ") + flag_label(context, flag);
            ui::fitted_text(flag_names, ui::colour::danger);
        }
    }
    ImGui::EndTable();
    if (first_shown < 0 && total > 0)
        first_shown = last_shown = 0;  // only the measuring step ran (a one-row table)
    if (first_shown >= 0 && (first_shown != inbox.visible_first || last_shown != inbox.visible_last))
        context.intents.push(IntentKind::ShowRows, "", first_shown, last_shown);
}

}  // namespace

// [SECTION] view

void draw_inbox_view(const ViewContext& context) {
    const auto& inbox = context.state.inbox;
    begin_view("##inbox", context);
    draw_filters(context);
    draw_counts(context);
    if (!inbox.problem.empty())
        ui::error_text(inbox.problem);
    if (inbox.total_known) {
        ui::muted(context.format("console.inbox.total", {{"count", std::to_string(inbox.total)}}));
    } else {
        ui::muted(context.text("console.inbox.loading"));
    }
    if (inbox.total_known && inbox.total == 0)
        ui::muted(context.text("console.inbox.empty"));
    draw_table(context, ImGui::GetContentRegionAvail().y);
    end_view();
}

}  // namespace jiebang::console

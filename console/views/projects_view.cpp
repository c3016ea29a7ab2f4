// console/views/projects_view.cpp — the project register, a project's ledger and timeline (see
// projects_view.hpp). Money is shown in wan yuan as the core formats it; a party's cell is found by its party code
// ("city" is the city's budget; every other party is the county's or district's share).
// Index: [SECTION] sums  [SECTION] register  [SECTION] project
#include "console/views/projects_view.hpp"

#include <string>

#include "console/model/submission_reading.hpp"
#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

// [SECTION] sums

bool is_city_party(const lifecycle::PartyAmount& share) {
    return share.party == "city";
}

MoneyWan share_sum(const std::vector<lifecycle::PartyAmount>& shares, bool city) {
    MoneyWan sum;
    for (const auto& share : shares) {
        if (is_city_party(share) == city)
            sum.hundredths += share.amount.hundredths;
    }
    return sum;
}

// What the county (and district) budgets owe now: their cells of the tranches that are due.
MoneyWan county_due(const lifecycle::Project& project) {
    MoneyWan sum;
    for (const auto& tranche : project.tranches) {
        if (tranche.state == lifecycle::TrancheState::Due)
            sum.hundredths += share_sum(tranche.shares, false).hundredths;
    }
    return sum;
}

std::string money(MoneyWan amount) {
    return format_money_wan(amount);
}

ImU32 state_colour(lifecycle::ProjectState state) {
    switch (state) {
        case lifecycle::ProjectState::Accepted:
        case lifecycle::ProjectState::Closed:
            return ui::colour::good;
        case lifecycle::ProjectState::AcceptanceFailed:
        case lifecycle::ProjectState::Forfeited:
        case lifecycle::ProjectState::Stopped:
        case lifecycle::ProjectState::Terminated:
        case lifecycle::ProjectState::Withdrawn:
            return ui::colour::danger;
        default:
            return ui::colour::primary;
    }
}

void header_row(const ViewContext& context, const std::vector<std::string>& keys) {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t index = 0; index < keys.size(); ++index) {
        ImGui::TableSetColumnIndex(static_cast<int>(index));
        const std::string& label = context.text(keys[index]);
        ImGui::TableHeader(label.c_str());
        platform::note_text(label);
    }
}

// [SECTION] register

void draw_year_counts(const ViewContext& context, const model::ProjectRegister& listing) {
    for (const auto& year : listing.years) {
        const Profile* profile = context.application.catalogues().profiles.profile(year.profile_id);
        const std::string name = profile == nullptr ? year.profile_id : profile->city_name.chinese;
        const bool limited = year.limit > 0;
        const std::string line =
            context.format(limited ? "console.projects.year_count" : "console.projects.year_count_unlimited",
                           {{"profile", name},
                            {"year", std::to_string(year.year)},
                            {"approved", std::to_string(year.approved)},
                            {"limit", std::to_string(year.limit)}});
        const bool full = limited && year.approved >= year.limit;
        ui::tag(line, full ? ui::colour::warning : ui::colour::primary);
        if (full) {
            ImGui::SameLine();
            ui::text(context.text("console.projects.year_full"), ui::colour::warning);
        }
    }
}

void draw_register(const ViewContext& context, const model::ProjectRegister& listing, float height) {
    const auto& state = context.state.projects;
    const std::vector<std::string> keys = {
        "console.projects.column.number",       "console.projects.column.listing",
        "console.projects.column.title",        "console.projects.column.issuer",
        "console.projects.column.county",       "console.projects.column.mechanism",
        "console.projects.column.state",        "console.projects.column.approved_on",
        "console.projects.column.subsidy",      "console.projects.column.city_share",
        "console.projects.column.county_share", "console.projects.column.paid",
        "console.projects.column.county_due"};
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("projects.table", static_cast<int>(keys.size()), flags, ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const float weights[] = {1.3f, 1.2f, 2.6f, 2.0f, 1.1f, 0.8f, 1.3f, 1.1f, 1.0f, 0.9f, 0.9f, 0.8f, 0.9f};
    for (std::size_t index = 0; index < keys.size(); ++index)
        ImGui::TableSetupColumn(context.text(keys[index]).c_str(), ImGuiTableColumnFlags_WidthStretch,
                                weights[index]);
    header_row(context, keys);
    for (const lifecycle::Project& project : listing.projects) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const bool selected = project.project_id == state.selected;
        const std::string number = project.project_number.empty() ? std::string("—") : project.project_number;
        const std::string row_id = "projects.row." + project.project_id;
        if (selected)
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ui::colour::highlight);
        // The first cell is the control (its rectangle stays inside the table, so a script can click it).
        if (ImGui::Selectable((number + "##" + row_id).c_str(), selected))
            context.intents.push(IntentKind::OpenProject, project.project_id);
        ui::remember(row_id);
        platform::note_text(number);
        ImGui::TableSetColumnIndex(1);
        ui::fitted_text(project.project_id);
        ImGui::TableSetColumnIndex(2);
        ui::fitted_text(project.title);
        ImGui::TableSetColumnIndex(3);
        ui::fitted_text(project.issuer_name);
        ImGui::TableSetColumnIndex(4);
        ui::fitted_text(project.county_admin_code.empty()
                            ? context.text("console.projects.city_level")
                            : context.application.county_label(project.county_admin_code));
        ImGui::TableSetColumnIndex(5);
        ui::fitted_text(context.text("lifecycle.export.mechanism." + project.mechanism));
        ImGui::TableSetColumnIndex(6);
        ui::fitted_text(
            context.text("lifecycle.state." + std::string(lifecycle::project_state_code(project.state))),
            state_colour(project.state));
        ImGui::TableSetColumnIndex(7);
        ui::fitted_text(project.approved_on);
        ImGui::TableSetColumnIndex(8);
        ui::fitted_text(money(project.funding.subsidy));
        ImGui::TableSetColumnIndex(9);
        ui::fitted_text(money(share_sum(project.funding.shares, true)));
        ImGui::TableSetColumnIndex(10);
        ui::fitted_text(money(share_sum(project.funding.shares, false)));
        ImGui::TableSetColumnIndex(11);
        ui::fitted_text(money(project.paid_total()));
        ImGui::TableSetColumnIndex(12);
        const MoneyWan due = county_due(project);
        ui::fitted_text(money(due), due.hundredths > 0 ? ui::colour::warning : ui::colour::text);
    }
    ImGui::EndTable();
}

// [SECTION] project

void draw_ledger(const ViewContext& context, const lifecycle::Project& project) {
    ui::heading(context.text("console.projects.ledger"));
    if (project.funding.planned_on.empty()) {
        ui::muted(context.text("console.projects.no_plan"));
        return;
    }
    ui::text(context.format("console.projects.subsidy_line", {{"subsidy", money(project.funding.subsidy)},
                                                              {"scheme", project.funding.scheme_name.chinese},
                                                              {"paid", money(project.paid_total())}}));
    // One column per paying party, in the plan's order.
    std::vector<std::string> keys = {"console.projects.ledger.tranche", "console.projects.ledger.condition",
                                     "console.projects.ledger.state", "console.projects.ledger.amount"};
    const int fixed = static_cast<int>(keys.size());
    const int columns = fixed + static_cast<int>(project.funding.shares.size()) + 1;
    if (!ImGui::BeginTable(
            "projects.ledger", columns,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp))
        return;
    for (int index = 0; index < columns; ++index)
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, index == 1 ? 1.6f : 1.0f);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    std::vector<std::string> labels;
    for (const auto& key : keys)
        labels.push_back(context.text(key));
    for (const auto& share : project.funding.shares)
        labels.push_back(share.name.chinese);
    labels.push_back(context.text("console.projects.ledger.paid_on"));
    for (int index = 0; index < columns; ++index) {
        ImGui::TableSetColumnIndex(index);
        ImGui::TableHeader(labels[static_cast<std::size_t>(index)].c_str());
        platform::note_text(labels[static_cast<std::size_t>(index)]);
    }
    for (const auto& tranche : project.tranches) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ui::fitted_text(tranche.name.chinese);
        ImGui::TableSetColumnIndex(1);
        ui::fitted_text(context.text("lifecycle.condition." + tranche.condition));
        ImGui::TableSetColumnIndex(2);
        const ImU32 colour = tranche.state == lifecycle::TrancheState::Paid       ? ui::colour::good
                             : tranche.state == lifecycle::TrancheState::Due      ? ui::colour::warning
                             : tranche.state == lifecycle::TrancheState::Withheld ? ui::colour::danger
                                                                                  : ui::colour::muted;
        ui::fitted_text(context.text("lifecycle.tranche_state." +
                                     std::string(lifecycle::tranche_state_code(tranche.state))),
                        colour);
        ImGui::TableSetColumnIndex(3);
        ui::fitted_text(money(tranche.amount));
        for (std::size_t party = 0; party < project.funding.shares.size(); ++party) {
            ImGui::TableSetColumnIndex(fixed + static_cast<int>(party));
            MoneyWan cell;
            for (const auto& share : tranche.shares) {
                if (share.party == project.funding.shares[party].party)
                    cell = share.amount;
            }
            ui::fitted_text(money(cell));
        }
        ImGui::TableSetColumnIndex(columns - 1);
        ui::fitted_text(tranche.paid_on);
    }
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ui::text(context.text("console.projects.ledger.total"), ui::colour::muted);
    ImGui::TableSetColumnIndex(3);
    ui::text(money(project.funding.subsidy));
    for (std::size_t party = 0; party < project.funding.shares.size(); ++party) {
        ImGui::TableSetColumnIndex(fixed + static_cast<int>(party));
        ui::text(money(project.funding.shares[party].amount));
    }
    ImGui::EndTable();
}

void draw_timeline(const ViewContext& context, const model::ProjectFile& file) {
    ui::heading(context.text("console.projects.timeline"));
    const std::vector<std::string> keys = {
        "console.projects.timeline.when", "console.projects.timeline.action", "console.projects.timeline.who",
        "console.projects.timeline.states"};
    if (!ImGui::BeginTable("projects.timeline", static_cast<int>(keys.size()),
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                               ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY,
                           ImVec2(0, ImGui::GetContentRegionAvail().y)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const float weights[] = {1.3f, 1.6f, 1.2f, 2.0f};
    for (std::size_t index = 0; index < keys.size(); ++index)
        ImGui::TableSetupColumn(context.text(keys[index]).c_str(), ImGuiTableColumnFlags_WidthStretch,
                                weights[index]);
    header_row(context, keys);
    // Newest first: what happened last is what staff look for.
    for (auto record = file.timeline.rbegin(); record != file.timeline.rend(); ++record) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ui::fitted_text(model::local_time_text(record->at));
        ImGui::TableSetColumnIndex(1);
        ui::fitted_text(context.text("console.projects.action." + record->action));
        ImGui::TableSetColumnIndex(2);
        ui::fitted_text(record->actor_id + " (" + record->actor_role + ")", ui::colour::muted);
        ImGui::TableSetColumnIndex(3);
        const std::string before = context.text("lifecycle.state." + record->state_before);
        const std::string after = context.text("lifecycle.state." + record->state_after);
        ui::fitted_text(record->state_before == record->state_after || record->state_before.empty()
                            ? after
                            : before + " → " + after);
    }
    ImGui::EndTable();
}

void draw_project(const ViewContext& context, const model::ProjectFile& file) {
    const lifecycle::Project& project = file.project;
    ui::heading(project.title);
    ui::text(context.text("lifecycle.state." + std::string(lifecycle::project_state_code(project.state))),
             state_colour(project.state));
    ImGui::SameLine(0, ui::theme().px(16));
    ui::muted(project.project_number.empty() ? project.project_id
                                             : project.project_number + " · " + project.project_id);
    // The solvers, each with its state (an eliminated horse-race solver or a forfeited one says so).
    std::string solvers;
    for (const auto& bid : project.bids) {
        if (bid.state == lifecycle::BidState::UnderReview || bid.state == lifecycle::BidState::NotSelected)
            continue;
        std::string name = bid.team.empty()
                               ? bid.solver_name
                               : context.format("lifecycle.export.solver_team",
                                                {{"solver", bid.solver_name}, {"team", bid.team}});
        if (bid.state != lifecycle::BidState::Selected) {
            name = context.format(
                "lifecycle.export.solver_ended",
                {{"solver", name},
                 {"state",
                  context.text("lifecycle.bid_state." + std::string(lifecycle::bid_state_code(bid.state)))}});
        }
        solvers +=
            (solvers.empty() ? std::string() : context.text("lifecycle.export.solver_separator")) + name;
    }
    ui::label_value(context.text("console.projects.solvers"),
                    solvers.empty() ? context.text("console.projects.no_solver") : solvers);
    ImGui::Dummy(ImVec2(0, ui::theme().px(4)));
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = ImGui::GetContentRegionAvail().y;
    ImGui::BeginChild("projects.ledger_panel", ImVec2(width * 0.56f, height), false);
    draw_ledger(context, project);
    ImGui::EndChild();
    ImGui::SameLine(0, ui::theme().px(12));
    ImGui::BeginChild("projects.timeline_panel", ImVec2(0, height), false);
    draw_timeline(context, file);
    ImGui::EndChild();
}

}  // namespace

// County: the projects its receipts are in, as the city told the county (docs/protocol.md 21).
void draw_county_projects(const ViewContext& context, const std::vector<model::CountyProject>& projects) {
    ui::text(context.format("console.projects.count", {{"count", std::to_string(projects.size())}}),
             ui::colour::muted);
    ui::muted(context.text("console.projects.county_note"));
    if (projects.empty()) {
        ui::muted(context.text("console.projects.county_none"));
        return;
    }
    const char* const keys[] = {"sync.report.column.project_number", "sync.report.column.listing",
                                "sync.report.column.stage",          "sync.report.column.receipts",
                                "sync.report.column.county_due",     "sync.report.column.county_paid",
                                "console.projects.updated_at"};
    if (!ImGui::BeginTable("projects.county", 7,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    const float weights[] = {1.2f, 1.0f, 1.4f, 0.7f, 0.9f, 0.9f, 1.1f};
    for (int column = 0; column < 7; ++column)
        ImGui::TableSetupColumn(context.text(keys[column]).c_str(), ImGuiTableColumnFlags_WidthStretch,
                                weights[column]);
    ImGui::TableHeadersRow();
    for (const model::CountyProject& project : projects) {
        ImGui::TableNextRow();
        const std::string cells[] = {project.project_number.empty() ? "-" : project.project_number,
                                     project.project_id,
                                     context.text("lifecycle.state." + project.state),
                                     std::to_string(project.receipts),
                                     project.county_due,
                                     project.county_paid,
                                     model::local_time_text(project.updated_at)};
        for (int column = 0; column < 7; ++column) {
            ImGui::TableSetColumnIndex(column);
            ui::fitted_text(cells[column]);
        }
    }
    ImGui::EndTable();
}

void draw_projects_view(const ViewContext& context) {
    const auto& state = context.state.projects;
    begin_view("##projects", context);
    if (context.state.identity && context.state.identity->tier == review::Tier::County) {
        ui::heading(context.text("console.projects.county_title"));
        if (ui::button("projects.refresh", context.text("console.projects.refresh")))
            context.intents.push(IntentKind::RefreshProjects);
        if (!state.problem.empty())
            ui::error_text(state.problem);
        if (state.county)
            draw_county_projects(context, *state.county);
        else if (state.loading)
            ui::text(context.text("console.projects.loading"), ui::colour::muted);
        end_view();
        return;
    }
    ui::heading(context.text("console.projects.title"));
    if (ui::button("projects.refresh", context.text("console.projects.refresh")))
        context.intents.push(IntentKind::RefreshProjects);
    ImGui::SameLine();
    if (ui::button("projects.export", context.text("console.projects.export"), ui::ButtonKind::Normal,
                   !state.exporting && state.listing.has_value()))
        context.intents.push(IntentKind::ExportProjects);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (state.loading && !state.listing) {
        ui::text(context.text("console.projects.loading"), ui::colour::muted);
    } else if (state.listing) {
        ui::text(context.format("console.projects.count", {{"count", std::to_string(state.listing->total)}}),
                 ui::colour::muted);
    }
    if (!state.problem.empty())
        ui::error_text(state.problem);
    if (!state.export_result.empty())
        ui::wrapped(state.export_result, ui::colour::good);
    if (state.listing) {
        draw_year_counts(context, *state.listing);
        if (state.listing->projects.empty()) {
            ui::muted(context.text("console.projects.none"));
        } else {
            const float rows =
                static_cast<float>(std::min<std::size_t>(state.listing->projects.size(), 8) + 1);
            draw_register(context, *state.listing,
                          std::min(ImGui::GetContentRegionAvail().y * 0.4f,
                                   rows * ImGui::GetFrameHeightWithSpacing() + ui::theme().px(8)));
            ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
            ui::divider();
            if (state.open && state.open->project.project_id == state.selected)
                draw_project(context, *state.open);
            else if (state.opening)
                ui::muted(context.text("console.projects.opening"));
        }
    }
    end_view();
}

}  // namespace jiebang::console

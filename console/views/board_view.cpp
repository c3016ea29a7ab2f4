// console/views/board_view.cpp — board publication, withdrawing a listing or setting its deadline, and the bids
// per listing (see board_view.hpp).
#include "console/views/board_view.hpp"

#include <iterator>

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

namespace {

// City publisher, on the chosen listing: withdraw it (a reason the audit trail keeps) or set its deadline. The
// form names the listing and its title; the application checks it and sends it (docs/protocol.md 17.2).
void draw_curation(const ViewContext& context, const std::string& listing_id, const std::string& title) {
    const auto& board = context.state.board;
    const bool open = board.curation != ListingCuration::None && board.curated_listing == listing_id;
    if (!open) {
        if (ui::button("board.withdraw", context.text("console.board.withdraw")))
            context.intents.push(IntentKind::AskCurateListing, listing_id, 1);
        ImGui::SameLine();
        if (ui::button("board.deadline", context.text("console.board.set_deadline")))
            context.intents.push(IntentKind::AskCurateListing, listing_id, 2);
        return;
    }
    const bool withdraw = board.curation == ListingCuration::Withdraw;
    ui::wrapped(context.format("console.board.curated_listing", {{"listing", listing_id}, {"title", title}}),
                ui::colour::primary);
    ui::wrapped(
        context.text(withdraw ? "console.board.withdraw_question" : "console.board.deadline_question"),
        ui::colour::warning);
    if (withdraw) {
        ui::muted(context.text("console.board.withdraw_reason"));
        ui::input_multiline("board.withdraw_reason", context.edits.listing_reason,
                            ImVec2(-1.0f, ui::theme().px(64)));
    } else {
        ui::input_text("board.deadline_date", context.text("console.board.deadline_hint"),
                       context.edits.listing_deadline, ui::theme().px(200));
    }
    if (!board.curation_problem.empty())
        ui::error_text(board.curation_problem);
    if (board.curating)
        ImGui::BeginDisabled();
    if (ui::button(
            "board.curate_confirm",
            context.text(withdraw ? "console.board.withdraw_confirm" : "console.board.deadline_confirm"),
            ui::ButtonKind::Primary))
        context.intents.push(IntentKind::ConfirmCurateListing);
    ImGui::SameLine();
    if (ui::button("board.curate_cancel", context.text("console.dialog.cancel")))
        context.intents.push(IntentKind::CancelCurateListing);
    if (board.curating)
        ImGui::EndDisabled();
    ImGui::Dummy(ImVec2(0, ui::theme().px(6)));
}

// Every listing of the newest board with its bid count, listings with no bid included (docs/protocol.md 17.2
// BIDS), then the bids on the one chosen.
void draw_bids(const ViewContext& context) {
    const auto& bids = context.state.bids;
    ImGui::Dummy(ImVec2(0, ui::theme().px(8)));
    ui::divider();
    ui::heading(context.text("console.bids.title"));
    if (ui::button("bids.refresh", context.text("console.bids.refresh")))
        context.intents.push(IntentKind::ShowListingBids,
                             bids.overview ? bids.overview->listing_id : std::string());
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (bids.loading && !bids.overview)
        ui::text(context.text("console.bids.loading"), ui::colour::muted);
    else if (bids.overview && bids.overview->board_version > 0)
        ui::text(context.format("console.bids.version",
                                {{"version", std::to_string(bids.overview->board_version)}}),
                 ui::colour::muted);
    if (!bids.problem.empty())
        ui::error_text(bids.problem);
    if (!bids.overview)
        return;
    const auto& overview = *bids.overview;
    if (overview.listings.empty()) {
        ui::muted(context.text("console.bids.no_board"));
        return;
    }
    const float half = ImGui::GetContentRegionAvail().x * 0.62f;
    ImGui::BeginChild("bids.listings", ImVec2(half, 0), false);
    // The listings as terminals show them (issuer, mechanism, bounty, deadline) with their bid counts.
    const char* keys[] = {"console.bids.column.listing", "console.bids.column.title",
                          "console.bids.column.issuer",  "console.bids.column.mechanism",
                          "console.bids.column.bounty",  "console.bids.column.deadline",
                          "console.bids.column.count"};
    constexpr int columns = static_cast<int>(std::size(keys));
    if (ImGui::BeginTable("bids.table", columns,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                              ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        const float weights[] = {1.3f, 2.4f, 2.0f, 0.9f, 0.9f, 1.1f, 0.6f};
        for (int index = 0; index < columns; ++index)
            ImGui::TableSetupColumn(context.text(keys[index]).c_str(), ImGuiTableColumnFlags_WidthStretch,
                                    weights[index]);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int index = 0; index < columns; ++index) {
            ImGui::TableSetColumnIndex(index);
            ImGui::TableHeader(context.text(keys[index]).c_str());
            platform::note_text(context.text(keys[index]));
        }
        for (const auto& listing : overview.listings) {
            const Listing* shown = overview.board.listing(listing.listing_id);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const std::string row_id = "bids.listing." + listing.listing_id;
            const bool chosen = listing.listing_id == overview.listing_id;
            if (chosen)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ui::colour::highlight);
            if (ImGui::Selectable((listing.listing_id + "##" + row_id).c_str(), chosen))
                context.intents.push(IntentKind::ShowListingBids, listing.listing_id);
            ui::remember(row_id);
            platform::note_text(listing.listing_id);
            ImGui::TableSetColumnIndex(1);
            ui::fitted_text(listing.on_board ? listing.title : context.text("console.bids.not_on_board"),
                            listing.on_board ? ui::colour::text : ui::colour::muted);
            if (shown != nullptr) {
                ImGui::TableSetColumnIndex(2);
                ui::fitted_text(shown->issuer_name);
                ImGui::TableSetColumnIndex(3);
                ui::fitted_text(context.text("lifecycle.export.mechanism." + shown->mechanism));
                ImGui::TableSetColumnIndex(4);
                ui::fitted_text(shown->bounty_wan);
                ImGui::TableSetColumnIndex(5);
                ui::fitted_text(shown->deadline);
            }
            ImGui::TableSetColumnIndex(6);
            ui::text(std::to_string(listing.bid_count),
                     listing.bid_count == 0 ? ui::colour::warning : ui::colour::text);
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::SameLine(0, ui::theme().px(12));
    ImGui::BeginChild("bids.on_listing", ImVec2(0, 0), false);
    if (!overview.listing_id.empty()) {
        ui::text(context.format("console.bids.on_listing", {{"listing", overview.listing_id}}),
                 ui::colour::primary);
        const bool publisher =
            context.state.identity && context.state.identity->role == backoffice::Role::Publisher;
        for (const auto& listing : overview.listings) {
            if (publisher && listing.listing_id == overview.listing_id && listing.on_board)
                draw_curation(context, listing.listing_id, listing.title);
        }
        if (overview.bids.empty()) {
            ui::muted(context.text("console.bids.none_on_listing"));
        } else if (ImGui::BeginTable("bids.rows", 4,
                                     ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                         ImGuiTableFlags_SizingStretchProp)) {
            const char* bid_keys[] = {"console.bids.column.receipt", "console.bids.column.unit",
                                      "console.bids.column.county", "console.bids.column.stage"};
            for (const char* key : bid_keys)
                ImGui::TableSetupColumn(context.text(key).c_str());
            ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
            for (int index = 0; index < 4; ++index) {
                ImGui::TableSetColumnIndex(index);
                ImGui::TableHeader(context.text(bid_keys[index]).c_str());
                platform::note_text(context.text(bid_keys[index]));
            }
            for (const auto& bid : overview.bids) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                if (ui::button("bids.open." + bid.receipt_number, bid.receipt_number, ui::ButtonKind::Quiet))
                    context.intents.push(IntentKind::OpenSubmission, bid.submission_id);
                ImGui::TableSetColumnIndex(1);
                ui::fitted_text(bid.unit_name);
                ImGui::TableSetColumnIndex(2);
                ui::fitted_text(context.application.county_label(bid.county_admin_code));
                ImGui::TableSetColumnIndex(3);
                ui::fitted_text(context.application.stage_label(bid.review_stage));
            }
            ImGui::EndTable();
        }
    }
    ImGui::EndChild();
}

}  // namespace

void draw_board_view(const ViewContext& context) {
    const auto& state = context.state;
    const auto& board = state.board;
    begin_view("##board", context);
    ui::heading(context.text("console.board.title"));
    ui::wrapped(context.text("console.board.explain"));
    const auto accepted = state.inbox.stage_counts.find("accepted");
    ui::text(context.format(
        "console.board.accepted",
        {{"count", std::to_string(accepted == state.inbox.stage_counts.end() ? 0 : accepted->second)}}));
    const bool publisher = state.identity && state.identity->role == backoffice::Role::Publisher;
    if (!publisher) {
        ui::muted(context.text("console.board.publisher_only"));
    } else if (board.confirming) {
        ui::wrapped(context.text("console.board.confirm_question"), ui::colour::warning);
        if (board.publishing)
            ImGui::BeginDisabled();
        if (ui::button("board.confirm", context.text("console.board.confirm"), ui::ButtonKind::Primary))
            context.intents.push(IntentKind::ConfirmPublishBoard);
        ImGui::SameLine();
        if (ui::button("board.cancel", context.text("console.dialog.cancel")))
            context.intents.push(IntentKind::CancelPublishBoard);
        if (board.publishing)
            ImGui::EndDisabled();
    } else if (ui::button("board.publish", context.text("console.board.publish"), ui::ButtonKind::Primary)) {
        context.intents.push(IntentKind::AskPublishBoard);
    }
    if (!board.problem.empty())
        ui::error_text(board.problem);
    if (board.last) {
        ui::text(context.format("console.board.published", {{"version", std::to_string(board.last->version)},
                                                            {"count", std::to_string(board.last->listings)}}),
                 ui::colour::good);
    }
    draw_bids(context);
    end_view();
}

}  // namespace jiebang::console

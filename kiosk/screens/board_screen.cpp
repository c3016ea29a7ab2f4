// kiosk/screens/board_screen.cpp — board browsing (see board_screen.hpp).
#include "kiosk/screens/board_screen.hpp"

#include <algorithm>
#include <cctype>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::kiosk {

namespace {

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& character : out)
        character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    return out;
}

std::string industry_name(const Profile& profile, const std::string& industry_id) {
    const Industry* industry = profile.industry(industry_id);
    return industry != nullptr ? industry->name.chinese : industry_id;
}

}  // namespace

std::vector<const Listing*> filtered_listings(const Board& board, std::string_view industry_id,
                                              std::string_view search) {
    std::vector<const Listing*> result;
    std::vector<std::string> words;
    std::string current;
    for (char character : lower_ascii(search)) {
        if (character == ' ') {
            if (!current.empty())
                words.push_back(std::exchange(current, {}));
        } else {
            current.push_back(character);
        }
    }
    if (!current.empty())
        words.push_back(current);
    for (const Listing& listing : board.listings) {
        if (!industry_id.empty() && listing.industry_id != industry_id)
            continue;
        if (words.empty()) {  // no search: no text to build for each of a thousand listings every frame
            result.push_back(&listing);
            continue;
        }
        const std::string haystack =
            lower_ascii(listing.id + " " + listing.title + " " + listing.issuer_name + " " + listing.problem);
        const bool all = std::all_of(words.begin(), words.end(), [&](const std::string& word) {
            return haystack.find(word) != std::string::npos;
        });
        if (all)
            result.push_back(&listing);
    }
    return result;
}

void draw_board_screen(const ScreenContext& context) {
    const ApplicantSession& session = context.state.session;
    const Board& board = context.state.board;
    draw_top_bar(context, context.text("kiosk.board.title"),
                 board.version > 0
                     ? context.format("kiosk.board.version", {{"version", std::to_string(board.version)}})
                     : std::string(),
                 true);
    begin_body(context, false);
    if (board.version == 0 || board.listings.empty()) {
        ui::heading(context.text("kiosk.board.empty"));
        ui::paragraph(context.text("kiosk.board.empty_explanation"));
        end_body();
        return;
    }
    ui::muted(context.text("kiosk.board.filter"));
    const float available = ImGui::GetContentRegionAvail().x;
    float used = 0;
    const auto chip = [&](const std::string& id, const std::string& label, const std::string& industry_id) {
        const float width = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        if (used > 0 && used + ImGui::GetStyle().ItemSpacing.x + width <= available) {
            ImGui::SameLine();
            used += ImGui::GetStyle().ItemSpacing.x;
        } else {
            used = 0;
        }
        used += std::max(width, ui::theme().touch_height() * 1.5f);
        if (ui::option_button(id, label, session.board_industry == industry_id)) {
            context.intents.push(IntentKind::FilterIndustry, industry_id);
        }
    };
    chip("board.filter.all", context.text("kiosk.board.all_industries"), "");
    for (const Industry& industry : context.profile.industries) {
        const bool used_on_board =
            std::any_of(board.listings.begin(), board.listings.end(),
                        [&](const Listing& listing) { return listing.industry_id == industry.id; });
        if (used_on_board)
            chip("board.filter." + industry.id, industry.name.chinese, industry.id);
    }
    ImGui::Dummy(ImVec2(0, ui::theme().px(8)));
    ui::muted(context.text("kiosk.board.search"));
    if (ui::text_box("board.search", session.board_search, context.text("kiosk.board.search_placeholder"),
                     session.focused == "board.search", false, false)) {
        context.intents.push(IntentKind::Focus, "board.search");
    }
    ImGui::Dummy(ImVec2(0, ui::theme().px(8)));
    const auto listings = filtered_listings(board, session.board_industry, session.board_search);
    ui::muted(context.format("kiosk.board.count", {{"count", std::to_string(listings.size())}}));
    // One row per listing, all the same height, drawn only when on screen: a board of 1,000 listings costs a
    // frame no more than one of ten.
    const ui::Theme& theme = ui::theme();
    const float button_width = std::max(theme.touch_height() * 2.0f, theme.px(200));
    const float text_width = ImGui::GetContentRegionAvail().x - button_width - theme.gap() * 2;
    const float text_height =
        ImGui::GetTextLineHeightWithSpacing() +
        (theme.fonts.small != nullptr ? theme.fonts.small->FontSize : ImGui::GetFontSize());
    const float row_height = std::max(theme.touch_height(), text_height) + theme.px(24);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(listings.size()), row_height);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const Listing* listing = listings[static_cast<std::size_t>(row)];
            const float top = ImGui::GetCursorPosY();
            ui::divider();
            ImGui::SetCursorPosY(top + theme.px(12));
            ImGui::BeginGroup();
            ui::single_line(listing->title, text_width);
            ui::single_line(
                context.format("kiosk.board.card_line",
                               {{"id", listing->id},
                                {"issuer", listing->issuer_name},
                                {"industry", industry_name(context.profile, listing->industry_id)},
                                {"bounty", listing->bounty_wan}}),
                text_width, ui::TextStyle::Small);
            ImGui::EndGroup();
            ImGui::SameLine(ImGui::GetContentRegionMax().x - button_width - theme.px(24));
            ImGui::SetCursorPosY(top + (row_height - theme.touch_height()) / 2);
            if (ui::button("board.listing." + listing->id, context.text("kiosk.board.open"),
                           ui::ButtonKind::Secondary, button_width)) {
                context.intents.push(IntentKind::OpenListing, listing->id);
            }
            ImGui::SetCursorPosY(top + row_height);
        }
    }
    clipper.End();
    end_body();
}

}  // namespace jiebang::kiosk

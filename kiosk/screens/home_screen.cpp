// kiosk/screens/home_screen.cpp — attract/home screen (see home_screen.hpp).
#include "kiosk/screens/home_screen.hpp"

#include <algorithm>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_home_screen(const ScreenContext& context) {
    const ui::Theme& theme = ui::theme();
    const TerminalStatus& status = context.state.status;
    ui::begin_panel("home", context.origin, context.size);

    ImGui::SetCursorPos(ImVec2(0, 0));
    if (ui::invisible_area("admin.corner", ImVec2(theme.px(140), theme.px(140)))) {
        context.intents.push(IntentKind::CornerTap);
    }

    const bool portrait = theme.portrait();
    const float margin = portrait ? theme.px(64) : theme.px(96);
    // 长辈版 (and the other buttons of every screen) top right; on a portrait panel above the header.
    const auto utilities = utility_buttons(context);
    float utilities_width = 0;
    for (const auto& button : utilities) {
        utilities_width += std::max(theme.touch_height() * 1.6f, ImGui::CalcTextSize(button.label.c_str()).x +
                                                                     ImGui::GetStyle().FramePadding.x * 2) +
                           theme.gap();
    }
    const float utilities_top = portrait ? theme.px(48) : theme.px(80);
    draw_utility_buttons(context, utilities,
                         ImVec2(context.size.x - margin - utilities_width + theme.gap(), utilities_top));
    const float header_top = portrait ? utilities_top + theme.touch_height() + theme.px(32) : theme.px(80);
    ImGui::SetCursorPos(ImVec2(margin, header_top));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(portrait ? context.size.x - margin
                                    : context.size.x - margin * 1.5f - utilities_width);
    ui::muted(
        context.format("kiosk.home.place", {{"city", status.city_name}, {"county", status.county_name}}));
    ui::title(status.hall_name.empty() ? context.text("kiosk.home.default_hall") : status.hall_name);
    ui::paragraph(context.text("kiosk.home.tagline"));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float header_bottom = ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y;

    // The footer (how it works, the sync line) sits at the bottom; the tiles fill what lies between.
    const float footer_line =
        (theme.fonts.small != nullptr ? theme.fonts.small->FontSize : 28.0f) + theme.px(12);
    const float footer_top = context.size.y - margin * 0.6f - footer_line * 2;
    const float gap = theme.px(40);
    const int columns = portrait ? 1 : 2;
    const int rows = 4 / columns;
    const float tiles_top = header_bottom + gap * (portrait ? 2.0f : 1.5f);
    const float tile_width =
        (context.size.x - margin * 2 - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float room = footer_top - gap - tiles_top;
    const float tile_height =
        std::max(theme.touch_height() * 1.5f,
                 std::min(theme.px(portrait ? 300 : 250),
                          (room - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows)));
    struct TileSpec {
        const char* id;
        const char* title_key;
        const char* description_key;
        IntentKind intent;
    };
    const TileSpec tiles[] = {
        {"home.demand", "kiosk.home.demand", "kiosk.home.demand_description", IntentKind::StartDemand},
        {"home.bid", "kiosk.home.bid", "kiosk.home.bid_description", IntentKind::OpenBoard},
        {"home.progress", "kiosk.home.progress", "kiosk.home.progress_description", IntentKind::OpenProgress},
        {"home.policy", "kiosk.home.policy", "kiosk.home.policy_description", IntentKind::OpenPolicy},
    };
    for (int index = 0; index < 4; ++index) {
        const float x = margin + static_cast<float>(index % columns) * (tile_width + gap);
        const float y = tiles_top + static_cast<float>(index / columns) * (tile_height + gap);
        ImGui::SetCursorPos(ImVec2(x, y));
        const TileSpec& spec = tiles[index];
        if (ui::tile(spec.id, context.text(spec.title_key), context.text(spec.description_key),
                     ImVec2(tile_width, tile_height))) {
            context.intents.push(spec.intent);
        }
    }

    const float footer_y =
        std::max(footer_top, tiles_top + 4 * (tile_height + gap) / static_cast<float>(columns));
    ImGui::SetCursorPos(ImVec2(margin, footer_y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(context.size.x - margin);
    ui::muted(context.text("kiosk.home.footer"));
    ui::muted(context.text(status.sync_state_key.empty() ? "kiosk.sync.unknown" : status.sync_state_key));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ui::end_panel();
}

}  // namespace jiebang::kiosk

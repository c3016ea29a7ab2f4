// kiosk/screens/home_screen.cpp — attract/home screen (see home_screen.hpp).
#include "kiosk/screens/home_screen.hpp"

#include <algorithm>

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

    const float margin = theme.px(96);
    ImGui::SetCursorPos(ImVec2(margin, theme.px(80)));
    ImGui::BeginGroup();
    ui::muted(
        context.format("kiosk.home.place", {{"city", status.city_name}, {"county", status.county_name}}));
    ui::title(status.hall_name.empty() ? context.text("kiosk.home.default_hall") : status.hall_name);
    ui::paragraph(context.text("kiosk.home.tagline"));
    ImGui::EndGroup();

    const float gap = theme.px(40);
    const float tile_width = (context.size.x - margin * 2 - gap) / 2;
    const float tiles_top = theme.px(400);
    const float tile_height = std::min(theme.px(250), (context.size.y - tiles_top - theme.px(150) - gap) / 2);
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
        const float x = margin + static_cast<float>(index % 2) * (tile_width + gap);
        const float y = tiles_top + static_cast<float>(index / 2) * (tile_height + gap);
        ImGui::SetCursorPos(ImVec2(x, y));
        const TileSpec& spec = tiles[index];
        if (ui::tile(spec.id, context.text(spec.title_key), context.text(spec.description_key),
                     ImVec2(tile_width, tile_height))) {
            context.intents.push(spec.intent);
        }
    }

    ImGui::SetCursorPos(ImVec2(margin, context.size.y - theme.px(110)));
    ui::muted(context.text("kiosk.home.footer"));
    ImGui::SetCursorPos(ImVec2(margin, context.size.y - theme.px(70)));
    ui::muted(context.text(status.sync_state_key.empty() ? "kiosk.sync.unknown" : status.sync_state_key));
    ui::end_panel();
}

}  // namespace jiebang::kiosk

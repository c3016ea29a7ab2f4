// kiosk/screens/listing_screen.cpp — listing detail (see listing_screen.hpp).
#include "kiosk/screens/listing_screen.hpp"

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"

namespace jiebang::kiosk {

void draw_listing_screen(const ScreenContext& context) {
    const Listing* listing = context.state.board.listing(context.state.session.selected_listing);
    draw_top_bar(context, context.text("kiosk.listing.title"),
                 listing != nullptr ? listing->id : std::string(), true);
    begin_body(context, true);
    if (listing == nullptr) {
        ui::error_text(context.text("kiosk.listing.gone"));
    } else {
        ui::paragraph(listing->title);  // applicant text: the body face has the common Chinese range
        // A listing of a kind with its own words (a Jiaxing achievement transfer offers a result, it does not
        // ask for one to be solved): "<key>.<project type>" where the catalogue has it.
        const auto label = [&](const std::string& key) -> const std::string& {
            const std::string specific = key + "." + listing->project_type_id;
            return context.text(!listing->project_type_id.empty() && context.strings.has(specific) ? specific
                                                                                                   : key);
        };
        const Industry* industry = context.profile.industry(listing->industry_id);
        ui::label_value(label("kiosk.listing.issuer"), listing->issuer_name);
        ui::label_value(context.text("kiosk.listing.industry"),
                        industry != nullptr ? industry->name.chinese : listing->industry_id);
        ui::label_value(context.text("kiosk.listing.mechanism"),
                        context.text("kiosk.mechanism." + listing->mechanism));
        ui::label_value(label("kiosk.listing.bounty"),
                        context.format("kiosk.money_wan", {{"amount", listing->bounty_wan}}));
        if (!listing->deadline.empty())
            ui::label_value(context.text("kiosk.listing.deadline"), listing->deadline);
        if (listing_closed(*listing, context.state.today))
            ui::error_text(context.format("kiosk.listing.closed", {{"deadline", listing->deadline}}));
        ui::label_value(label("kiosk.listing.problem"), listing->problem);
        ui::label_value(label("kiosk.listing.targets"), listing->targets);
    }
    end_body();
    std::vector<BarButton> buttons{
        BarButton("listing.back", context.text("kiosk.listing.back"), IntentKind::BackToBoard)};
    if (listing != nullptr && !listing_closed(*listing, context.state.today)) {
        buttons.push_back(BarButton("listing.bid", context.text("kiosk.listing.bid"), IntentKind::StartBid)
                              .primary()
                              .wide()
                              .right());
    }
    draw_bottom_bar(context, buttons);
}

}  // namespace jiebang::kiosk

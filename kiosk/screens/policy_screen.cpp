// kiosk/screens/policy_screen.cpp — policy explainer (see policy_screen.hpp). The worked example uses a
// 3,000,000-yuan (300 wan) amount (or the scheme's minimum if higher) in this terminal's county, for each scheme of the profile.
#include "kiosk/screens/policy_screen.hpp"

#include <algorithm>

#include "kiosk/screens/screen_frame.hpp"
#include "kiosk/widgets/ui.hpp"
#include "shared/policy/funding.hpp"

namespace jiebang::kiosk {

namespace {

std::string percent_text(int basis_points) {
    std::string text = std::to_string(basis_points / 100);
    if (basis_points % 100 != 0) {
        const int rest = basis_points % 100;
        text += "." + std::string(rest < 10 ? "0" : "") + std::to_string(rest);
        while (text.back() == '0')
            text.pop_back();
    }
    return text + "%";
}

void draw_worked_example(const ScreenContext& context, const FundingScheme& scheme) {
    FundingRequest request;
    request.project_type_id = scheme.project_type_id;
    request.subsidy_kind = scheme.subsidy_kind;
    request.amount = std::max(MoneyWan::from_wan(300), scheme.minimum_amount);
    request.county_admin_code = context.state.status.identity.county_admin_code;
    const auto result = calculate_funding(context.profile, request);
    ui::heading(scheme.name.chinese);
    for (const auto& key : scheme.explanation_keys)
        ui::paragraph(context.text(key));
    if (!result) {
        ui::error_text(context.strings.message(result.error()));
        return;
    }
    const auto money = [&](MoneyWan amount) {
        return context.format("kiosk.money_wan", {{"amount", format_money_wan(amount)}});
    };
    std::string example;
    if (scheme.method == "fixed") {
        example = context.format("kiosk.policy.example_fixed", {{"subsidy", money(result->subsidy)}});
    } else {
        example =
            context.format("kiosk.policy.example_percent", {{"amount", money(request.amount)},
                                                            {"rate", percent_text(result->rate_basis_points)},
                                                            {"subsidy", money(result->subsidy)}});
    }
    ui::paragraph(example);
    if (result->capped)
        ui::muted(context.text("policy.funding.capped"));
    for (const auto& tranche : result->tranches) {
        ui::muted(context.format("kiosk.policy.tranche", {{"name", tranche.name.chinese},
                                                          {"percent", percent_text(tranche.basis_points)},
                                                          {"amount", money(tranche.amount)}}));
    }
    for (const auto& share : result->shares) {
        ui::muted(context.format("kiosk.policy.share", {{"name", share.name.chinese},
                                                        {"percent", percent_text(share.basis_points)},
                                                        {"amount", money(share.amount)}}));
    }
}

}  // namespace

void draw_policy_screen(const ScreenContext& context) {
    const Profile& profile = context.profile;
    draw_top_bar(context, context.text("policy.explainer.title"), profile.city_name.chinese, true);
    begin_body(context, false);
    for (const auto& paragraph : profile.explainer_paragraphs)
        ui::paragraph(paragraph.chinese);
    ui::divider();
    ui::title(context.text("kiosk.policy.mechanisms"));
    for (const auto& mechanism : profile.mechanisms) {
        ui::heading(context.text("kiosk.mechanism." + mechanism));
        ui::paragraph(context.text("kiosk.mechanism_explained." + mechanism));
    }
    ui::divider();
    ui::title(context.text("kiosk.policy.funding_example"));
    ui::muted(context.text("kiosk.policy.example_note"));
    for (const auto& scheme : profile.funding.schemes)
        draw_worked_example(context, scheme);
    if (!profile.calendar.empty()) {
        ui::divider();
        ui::title(context.text("policy.calendar.title"));
        for (const auto& entry : profile.calendar) {
            ui::label_value(entry.when.chinese, entry.name.chinese);
        }
    }
    end_body();
}

}  // namespace jiebang::kiosk

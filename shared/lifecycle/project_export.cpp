// shared/lifecycle/project_export.cpp — the register and the ledger as tables (see project_export.hpp).
#include "shared/lifecycle/project_export.hpp"

namespace jiebang::lifecycle {

namespace {

// The county of a project as the register names it (a city-level unit's: the catalogue's word for it).
std::string county_name(const StringCatalog& strings, const ProfileCatalog& profiles,
                        const Project& project) {
    if (project.county_admin_code.empty())
        return strings.text("lifecycle.export.county.city_level");
    const Profile* profile = profiles.profile(project.profile_id);
    const County* county = profile == nullptr ? nullptr : profile->county_by_code(project.county_admin_code);
    return county == nullptr ? project.county_admin_code : county->name.chinese;
}

// The solvers chosen, as the register shows them: "unit (team)", an ended solver with its state.
std::string solver_names(const StringCatalog& strings, const Project& project) {
    std::string names;
    for (const lifecycle::ProjectBid& bid : project.bids) {
        if (bid.state == lifecycle::BidState::UnderReview || bid.state == lifecycle::BidState::NotSelected)
            continue;
        std::string name = bid.team.empty()
                               ? bid.solver_name
                               : strings.format("lifecycle.export.solver_team",
                                                {{"solver", bid.solver_name}, {"team", bid.team}});
        if (bid.state != lifecycle::BidState::Selected) {
            name = strings.format(
                "lifecycle.export.solver_ended",
                {{"solver", name},
                 {"state",
                  strings.text("lifecycle.bid_state." + std::string(lifecycle::bid_state_code(bid.state)))}});
        }
        names += (names.empty() ? "" : strings.text("lifecycle.export.solver_separator")) + name;
    }
    return names;
}

// Invariant 2: money columns are numbers shown with two decimals; A4 landscape.
Sheet money_sheet(std::string name, std::string title, std::vector<std::string> header,
                  const std::vector<std::size_t>& money_columns) {
    Sheet sheet;
    sheet.name = std::move(name);
    sheet.title = std::move(title);
    sheet.widths.assign(header.size(), 18);
    sheet.numeric.assign(header.size(), false);
    for (std::size_t column : money_columns)
        sheet.numeric[column] = true;
    sheet.number_format = "0.00";
    sheet.landscape = true;
    sheet.header = std::move(header);
    return sheet;
}

}  // namespace

std::vector<Sheet> project_export_sheets(const std::vector<Project>& projects, const StringCatalog& strings,
                                         const ProfileCatalog& profiles) {
    constexpr std::size_t register_subsidy = 10;
    constexpr std::size_t register_paid = 11;
    Sheet register_sheet = money_sheet(
        strings.text("lifecycle.export.register.sheet"), strings.text("lifecycle.export.register.title"),
        {strings.text("lifecycle.export.column.project_number"),
         strings.text("lifecycle.export.column.listing"), strings.text("lifecycle.export.column.title"),
         strings.text("lifecycle.export.column.issuer"), strings.text("lifecycle.export.column.county"),
         strings.text("lifecycle.export.column.mechanism"), strings.text("lifecycle.export.column.solvers"),
         strings.text("lifecycle.export.column.state"), strings.text("lifecycle.export.column.approved_on"),
         strings.text("lifecycle.export.column.end_on"), strings.text("lifecycle.export.column.subsidy"),
         strings.text("lifecycle.export.column.paid")},
        {register_subsidy, register_paid});
    constexpr std::size_t ledger_share = 6;
    Sheet ledger_sheet = money_sheet(
        strings.text("lifecycle.export.ledger.sheet"), strings.text("lifecycle.export.ledger.title"),
        {strings.text("lifecycle.export.column.project_number"),
         strings.text("lifecycle.export.column.listing"), strings.text("lifecycle.export.column.county"),
         strings.text("lifecycle.export.column.tranche"), strings.text("lifecycle.export.column.condition"),
         strings.text("lifecycle.export.column.party"), strings.text("lifecycle.export.column.share"),
         strings.text("lifecycle.export.column.state"), strings.text("lifecycle.export.column.paid_on")},
        {ledger_share});
    for (const Project& project : projects) {
        const std::string county = county_name(strings, profiles, project);
        register_sheet.rows.push_back(
            {project.project_number, project.project_id, project.title, project.issuer_name, county,
             strings.text("lifecycle.export.mechanism." + project.mechanism), solver_names(strings, project),
             strings.text("lifecycle.state." + std::string(project_state_code(project.state))),
             project.approved_on, project.end_on, format_money_wan(project.funding.subsidy),
             format_money_wan(project.paid_total())});
        for (const LedgerTranche& tranche : project.tranches) {
            for (const PartyAmount& share : tranche.shares) {
                ledger_sheet.rows.push_back({project.project_number, project.project_id, county,
                                             tranche.name.chinese,
                                             strings.text("lifecycle.condition." + tranche.condition),
                                             share.name.chinese, format_money_wan(share.amount),
                                             strings.text("lifecycle.tranche_state." +
                                                          std::string(tranche_state_code(tranche.state))),
                                             tranche.paid_on});
            }
        }
    }
    return {register_sheet, ledger_sheet};
}

}  // namespace jiebang::lifecycle

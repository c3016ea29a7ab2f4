// shared/lifecycle/project_export.hpp — the project register and the tranche ledger as tables a bureau
// files (shared/paper/sheet.hpp): one builder for `jiebang project export` and the staff console's projects
// view, written as XLSX by platform/tables.
// Invariants:
//  1. The register has one row per project in the order given; the ledger one row per tranche share (a party's
//     part of a tranche), so the county's share of every tranche is a row of its own.
//  2. Money columns hold 10k yuan as numbers with two decimals (they can be summed); names come from the
//     catalogue and the profiles, never from the code.
#pragma once

#include <vector>

#include "shared/lifecycle/project.hpp"
#include "shared/paper/sheet.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::lifecycle {

// The register sheet then the ledger sheet.
std::vector<Sheet> project_export_sheets(const std::vector<Project>& projects, const StringCatalog& strings,
                                         const ProfileCatalog& profiles);

}  // namespace jiebang::lifecycle

// shared/paper/summary_table.hpp — the summary table of a county's forwarding batch (seed 002 attachment 2):
// one row per demand forwarded in the batch, in the batch's order, with the receiving office, the industry's
// name, the topic and the recommending (supervising) unit. One builder for every place that shows or writes
// it: `jiebang export summary` (XLSX/CSV), the staff console's preview, PDF and print. Invariants:
//  1. Only demands are rows, numbered 1, 2, 3 … in the order given (a batch is a record of what was sent);
//     bids in a batch are not on the summary table.
//  2. The receiving office and the recommending unit are the ones given, else the profile's city bureau and
//     the county's bureau (assets/policies); `office_known` says whether an office was found at all.
//  3. Every label is a catalogue text (sync.export.summary.*); nothing is in the code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"
#include "shared/paper/sheet.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang {

struct SummaryItem {
    bool demand = true;
    std::string profile_id;
    std::string county_admin_code;
    std::string industry_id;
    std::string title;
};

struct SummaryBatch {
    std::int64_t number = 0;
    std::int64_t created_at = 0;  // Unix seconds; the date is China's (UTC+8)
    std::vector<SummaryItem> items;
};

struct SummaryTable {
    Sheet sheet;
    bool office_known = false;
};

// Errors: those of load_after_submission (the profile's policies).
Result<SummaryTable> build_summary_table(const SummaryBatch& batch, std::string office, std::string authority,
                                         const StringCatalog& strings, const ProfileCatalog& profiles,
                                         const FormCatalog& forms);

}  // namespace jiebang

// sync/aggregator/monthly_report.hpp — the county's 月报 (seed 004 三4: counties report to the city every
// month): per kind, the submissions received in the month and in all, each submission counted once under the
// review stage it had at the end of the month and at the end of the month before (so "what changed since last
// month" is the difference), and 揭榜情况: the bids per listing of the county's board, listings with no bids
// included. Built from the store (the feed records every stage an item reached, with its time); no UI.
// Invariants:
//  1. Every submission of the county received before the month's end is counted exactly once per kind in
//     stages_at_end (the sum of stages_at_end equals total_received), under the last stage it reached before
//     the end; a city decision is counted under its own stage (city_accepted, city_returned, city_rejected,
//     published), never as a county decision.
//  2. Months run in China Standard Time (UTC+8): 2026-12 is [2026-12-01 00:00, 2027-01-01 00:00) +08:00.
//  3. Every listing of the latest board appears in listings, with 0 bids when none came; bids on a listing
//     no longer on the board appear under their listing id with an empty title.
//  5. projects lists every project the county holds a stage for (project_stages.hpp P4), as of when the
//     report is made (the city's stages have no month); an older city ignores the key, an older county's
//     report has none.
//  4. to_json / monthly_report_from_json round-trip; the JSON is what a county sends the city (docs/protocol.md
//     section 20) and what `jiebang report monthly --format json` prints (a project's updated_at is not in it).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::sync {

class AggregatorStore;

struct MonthlyKindCounts {
    std::int64_t received_in_month = 0;
    std::int64_t total_received = 0;                      // received before the month's end
    std::map<std::string, std::int64_t> stages_at_end;    // review stage -> submissions (invariant 1)
    std::map<std::string, std::int64_t> stages_at_start;  // the same at the end of the month before
};

struct MonthlyListing {
    std::string listing_id;
    std::string title;
    std::int64_t bids_in_month = 0;
    std::int64_t bids_total = 0;
};

// Project progress: a project of the county's receipts as the city last told the county (docs/protocol.md
// 21): its state at the month's report and the county's share (every non-city party of the plan), 10k yuan as
// text.
struct MonthlyProject {
    std::string project_id;
    std::string project_number;  // empty before approval
    std::string state;          // the issuer's row's state when the issuer is of this county, else a solver's
    std::int64_t receipts = 0;  // the county's receipts in it (issuer and solvers)
    std::string county_due;
    std::string county_paid;
    std::int64_t updated_at =
        0;  // the city's last change (COUNTY-PROJECTS shows it; not in the report's JSON)
};

struct MonthlyReport {
    std::string county_admin_code;
    std::string month;  // "YYYY-MM"
    std::int64_t made_at = 0;
    MonthlyKindCounts demand;
    MonthlyKindCounts bid;
    std::vector<MonthlyListing> listings;
    std::vector<MonthlyProject> projects;  // "projects" in the JSON: absent from older counties' reports
};

// "YYYY-MM" with a month 01-12 and a year 2000-2999; the bounds of the month (invariant 2), Unix seconds.
Result<std::pair<std::int64_t, std::int64_t>> month_bounds(const std::string& month);

Result<MonthlyReport> build_monthly_report(AggregatorStore& store, const std::string& county_admin_code,
                                           const std::string& month, std::int64_t now);

std::string monthly_report_to_json(const MonthlyReport& report);
// Errors: report.invalid (field names the key) for JSON that is not a monthly report.
Result<MonthlyReport> monthly_report_from_json(const std::string& text);

}  // namespace jiebang::sync

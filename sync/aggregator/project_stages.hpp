// sync/aggregator/project_stages.hpp — project stages down to the counties and the applicant
// (docs/protocol.md section 21): the city answers a county's PROJECT-STAGES-REQUEST from its lifecycle
// timeline; the county keeps the rows of its own receipts (aggregator migration 23) and answers its
// terminals' PROJECT-PROGRESS-REQUEST. Invariants (cited by tests as docs/protocol.md 21 P1-P5):
//  P1 Only county nodes are answered 0x4B, and only with rows of receipts filed in that county (the city's
//     submissions table says where each receipt came from); a terminal's 0x4B is NOT_ALLOWED.
//  P2 A row is status only: the project's id, number and state (for a solver whose bid ended: the bid's state),
//     when it changed, and the asking county's own share cells (due and paid, 10k yuan). No names, no
//     amounts of other parties, no free text.
//  P3 A page covers every lifecycle change up to its `latest`: a project is sent as it is now, so a later page
//     that sends it again changes nothing but what changed since.
//  P4 The county replaces each receipt's row and advances its cursor in one transaction: a restart resumes at
//     the cursor and a replayed page changes nothing.
//  P5 A terminal learns a project's stage for a receipt of its own county only (the table holds nothing else).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/aggregator/monthly_report.hpp"
#include "sync/protocol/codec.hpp"

namespace jiebang::sync {

// City: one page of stages for `county` after the cursor `after` (P1-P3).
Result<ProjectStages> project_stages_for_county(AggregatorStore& store, const std::string& county_admin_code,
                                                std::int64_t after);

// County: the cursor applied so far, and a page applied with it (P4).
Result<std::int64_t> project_stage_cursor(AggregatorStore& store);
Status apply_project_stages(AggregatorStore& store, const ProjectStages& page, std::int64_t now);

// County: a terminal's lookup (P5); found = false when the county holds no project stage for it.
Body answer_project_progress(AggregatorStore& store, const ProjectProgressRequest& request);

// County: one receipt's row, for staff and tests (nothing when none).
struct CountyProjectStage {
    std::string receipt_number;
    std::string project_id;
    std::string project_number;
    int role = 1;  // 1 issuer, 2 solver
    std::string state;
    std::int64_t updated_at = 0;
    std::vector<ProjectShareCell> shares;
};
Result<std::vector<CountyProjectStage>> county_project_stages(AggregatorStore& store);

// County: one line per project its receipts are in (the monthly report's project progress, COUNTY-PROJECTS
// for staff): the issuer's state when the issuer is of this county, else a solver's; the county's share
// (first non-city cell).
Result<std::vector<MonthlyProject>> county_projects(AggregatorStore& store);

}  // namespace jiebang::sync

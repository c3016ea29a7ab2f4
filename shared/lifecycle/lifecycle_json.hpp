// shared/lifecycle/lifecycle_json.hpp — a project, its ledger and its timeline as JSON, for staff tools (the
// CLI's `jiebang project show`, the staff channel's PROJECT-REGISTER and PROJECT-COPY, docs/protocol.md 17.20,
// and the console). Amounts are in 万元 as strings ("180", "23.33"), percentages as strings ("80"), states and
// ids as their stable codes. The store is the source of truth; the reader exists so a client can show what the
// aggregator sent.
// Invariants:
//  1. project_from_json(project_to_json(p, t)) gives back p and t (every stored field is written; the derived
//     totals paid_wan / recovered_wan are not read back).
//  2. The reader refuses what it does not understand (a missing key, a wrong type, an unknown state code,
//     money that is not a 万元 amount) with lifecycle.document_invalid naming the key path; it never
//     defaults a value that is present but wrong.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/lifecycle/project.hpp"

namespace jiebang::lifecycle {

std::string audit_record_to_json(const LifecycleAuditRecord& record);  // one line
std::string project_to_json(const Project& project, const std::vector<LifecycleAuditRecord>& timeline);

struct ProjectDocument {
    Project project;
    std::vector<LifecycleAuditRecord> timeline;
};
Result<ProjectDocument> project_from_json(std::string_view text);
Result<LifecycleAuditRecord> audit_record_from_json(std::string_view text);

}  // namespace jiebang::lifecycle

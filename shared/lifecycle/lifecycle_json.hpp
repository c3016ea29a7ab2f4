// shared/lifecycle/lifecycle_json.hpp — a project, its ledger and its timeline as JSON, for staff tools (the
// CLI's `jiebang project show`, later the staff channel and the console). Amounts are in 万元 as strings
// ("180", "23.33"), percentages as strings ("80"), states and ids as their stable codes. Nothing is parsed back:
// this is output only (the store is the source of truth).
#pragma once

#include <string>
#include <vector>

#include "shared/lifecycle/project.hpp"

namespace jiebang::lifecycle {

std::string audit_record_to_json(const LifecycleAuditRecord& record);  // one line
std::string project_to_json(const Project& project, const std::vector<LifecycleAuditRecord>& timeline);

}  // namespace jiebang::lifecycle

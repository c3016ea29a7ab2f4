// shared/lifecycle/lifecycle_store.hpp — the project lifecycle in SQLite, inside any Jiebang database: a file of
// its own (the CLI's `jiebang project --store S` for now) or the aggregator's store later. It takes the caller's
// Database and keeps to tables named lifecycle_*, with its own schema version (table lifecycle_schema), so it
// never touches the host's PRAGMA user_version or other tables.
// Invariants (docs/lifecycle.md):
//  - I1: a transition is all or nothing: the project, its ledger and its timeline entry are written together
//    or not at all. Inside a transaction the caller holds, the writes join it (under a SAVEPOINT, so a refused
//    or failed action rolls back only its own writes); with none open, the store opens BEGIN IMMEDIATE itself.
//  - I15: the timeline (lifecycle_events) is append-only: every transition adds exactly one entry, the audit
//    record returned to the caller, which the caller also appends to the audit trail (shared/audit).
//  - I11: the yearly limit is counted from the store: 立项 of the same profile in the same year, forfeited and
//    withdrawn projects not counted.
// Errors: store.* from shared/store, lifecycle.unknown_project, lifecycle.project_exists,
// lifecycle.stored_value_invalid (a stored code this program does not know), lifecycle.schema_too_new, and
// every code of the transitions (lifecycle_machine.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/lifecycle/lifecycle_machine.hpp"
#include "shared/lifecycle/project.hpp"
#include "shared/policy/profile.hpp"
#include "shared/store/database.hpp"

namespace jiebang::lifecycle {

struct ProjectFilter {
    std::string profile_id;         // empty = any
    std::string county_admin_code;  // empty = any; "city_level" = projects of city-level units
    std::string state;              // a project_state_code, empty = any
    int approval_year = 0;          // 0 = any
};

class LifecycleStore {
  public:
    explicit LifecycleStore(store::Database& database) : database_(&database) {}

    // Creates or upgrades the lifecycle tables in `database` (idempotent; joins the caller's transaction).
    static Status install(store::Database& database);

    // A project from a board listing (lifecycle.project_exists when the listing has one already).
    Result<LifecycleAuditRecord> create(const Profile& profile, const Actor& actor,
                                        const CreateProject& request, std::int64_t now);
    // Checks and applies one action to a stored project, stores the result and the timeline entry.
    Result<LifecycleAuditRecord> apply(const Profile& profile, std::string_view project_id,
                                       const Actor& actor, const LifecycleAction& action, std::int64_t now);
    // Forfeits, for every project of the profile whose signing deadline is before `on`, the solvers that have
    // not signed (lifecycle docs: the forfeiture sweep). Returns one record per project changed.
    Result<std::vector<LifecycleAuditRecord>> forfeit_overdue(const Profile& profile, const Actor& actor,
                                                              std::string_view on, std::int64_t now);

    Result<std::optional<Project>> load(std::string_view project_id);
    Result<std::vector<Project>> list(const ProjectFilter& filter);
    Result<std::vector<LifecycleAuditRecord>> timeline(std::string_view project_id);
    // 立项 of the profile in `year`, forfeited and withdrawn projects not counted (I11).
    Result<int> approved_in_year(std::string_view profile_id, int year);

  private:
    Result<LifecycleContext> context_for(const Profile& profile, const LifecycleAction& action);
    Status save(const Project& project, std::int64_t now);
    Result<std::int64_t> append_event(const LifecycleAuditRecord& record);
    store::Database* database_;
};

}  // namespace jiebang::lifecycle

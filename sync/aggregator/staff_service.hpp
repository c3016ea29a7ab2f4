// sync/aggregator/staff_service.hpp — what the aggregator answers to one staff request (docs/protocol.md
// 17.2, 17.3), over its store, for a staff member whose record the caller has just read from the store.
// The socket, ZAP and sessions are staff_endpoint.*'s; this file is the requests alone, so tests and the
// benchmark can drive it without a network.
// Invariants:
//  1. Who acts and with which role comes only from the StaffCaller given (the store's record of the key, or
//     the host's administrator for direct file access), never from the request body.
//  2. Reads are checked against the role here (backoffice::check_permission, the table of 17.2); changes
//     are checked by the store (the review table, the administration permissions), in the transaction
//     that makes them, with their audit entry. A refused request changes nothing and appends nothing.
//  3. OPEN appends its `read` audit entry before the reply is made; no entry, no reply (STAFF-ERROR).
//  4. Every reply stays within the limits of 17.2: lists are bounded by the request or the constants of
//     staff_messages.hpp, never cut silently (a list that would exceed its limit says so by its total).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"
#include "shared/staff/staff.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/staff_channel/staff_messages.hpp"

namespace jiebang::sync {

struct StaffServiceSettings {
    std::string tier = "county";  // the aggregator's role
    std::string area_code;
    std::string area_name_zh;
    std::string area_name_en;
    int heartbeat_interval_ms = 2000;  // "online" = heard from within 3 intervals
    // The city profiles (the project lifecycle's rules, docs/lifecycle.md); null: project requests are
    // answered project.unavailable. Owned by whoever made the settings, alive as long as the service.
    const ProfileCatalog* profiles = nullptr;
    // The forms (the board's listings are read from a demand's fields by role); null: PUBLISH is refused
    // staff.assets. Owned like `profiles`.
    const FormCatalog* forms = nullptr;
};

// Who makes a request: a signed-in staff member (the staff endpoint: their record, read from the store just
// now), or the host's administrator working on the store file (`jiebang --store`, docs/backoffice.md 1).
struct StaffCaller {
    ActingStaff acting;  // actor for permissions, the review table and the audit trail
    std::optional<backoffice::StaffMember> member;  // set for a staff member (WHOAMI answers from it)

    static StaffCaller staff(const backoffice::StaffMember& member);
    static StaffCaller host_administrator() { return StaffCaller{}; }
};

class StaffService {
  public:
    StaffService(AggregatorStore& store, StaffServiceSettings settings)
        : store_(store), settings_(std::move(settings)) {}

    // The reply to one request (a staff::StaffError when refused). `request` is a request body
    // (staff::is_staff_request); anything else is answered sync.unknown_command.
    staff::StaffBody handle(const staff::StaffBody& request, const StaffCaller& caller, std::int64_t now);

  private:
    // The project requests of docs/protocol.md 17.20 (staff_service_projects.cpp).
    staff::StaffBody handle_project(const staff::StaffBody& request, const StaffCaller& caller,
                                    std::int64_t now);
    // TERMINAL-REQUEUE, EXPORT-REQUEST and REPORT-REQUEST (staff_service_exports.cpp).
    staff::StaffBody handle_export(const staff::StaffBody& request, const StaffCaller& caller,
                                   std::int64_t now);
    AggregatorStore& store_;
    StaffServiceSettings settings_;
    bool lifecycle_installed_ = false;
};

// A stored submission as a list row (no contact data).
staff::SubmissionRow submission_row(const StoredSubmission& submission);

}  // namespace jiebang::sync

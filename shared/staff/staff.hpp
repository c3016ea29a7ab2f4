// shared/staff/staff.hpp — staff members of an aggregator and their roles (docs/backoffice.md section 1).
// A staff member is a person with a CURVE key pair; the aggregator stores the public half with the member's
// id, name and one role, and checks every action against the role (never against what a client claims).
// Roles: reviewer (screens, forwards), publisher (city: publishes the board), auditor (reads everything,
// the audit trail included; changes nothing), admin (enrols and revokes terminals and staff).
// Invariant: role names are stable codes (store, key files, CLI, audit trail); never rename one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/base/result.hpp"
#include "shared/review/review_state_machine.hpp"

namespace jiebang::backoffice {

enum class Role : std::uint8_t { Reviewer, Publisher, Auditor, Admin };

std::string_view role_name(Role role);
std::optional<Role> role_from_name(std::string_view name);
// The actor of the review state machine a role acts as.
review::Actor review_actor(Role role);

struct StaffMember {
    std::string staff_id;  // "staff-0001"; never reused
    std::string name;      // the person's name (personal data: shown to staff, never logged)
    Role role = Role::Reviewer;
    std::string curve_public_key;  // Z85, 40 characters
    std::int64_t enrolled_at = 0;
    std::int64_t revoked_at = 0;  // 0 = active
    std::string enrolled_by;      // staff id of who enrolled them ("host-admin" for the host's administrator)
};

// What a role may do besides the review actions of docs/review.md (which the review table decides).
enum class Permission : std::uint8_t {
    ReadSubmissions,      // lists, a submission's content with its personal data, the feed, bids
    Export,               // exports and reports
    ReadAuditTrail,       // audit list and verify
    AdministerTerminals,  // enrol and revoke terminals (and counties at the city)
    AdministerStaff,      // enrol and revoke staff
};
std::string_view permission_name(Permission permission);
// reviewer and publisher: read, export; auditor: read, export, audit trail; admin: administer terminals and
// staff, audit trail; the host's administrator: everything. Errors: staff.not_permitted (arguments actor,
// action).
Status check_permission(review::Actor actor, Permission permission);

// The staff id under which the host's administrator acts when working on the store file directly.
inline constexpr std::string_view host_administrator_id = "host-admin";

// A name staff give a person: 1..64 characters of valid UTF-8, no control characters.
// Errors: staff.bad_name (field: name).
Status check_staff_name(std::string_view name);

}  // namespace jiebang::backoffice

// shared/staff/staff.cpp — role names and the checks on a staff member's name (see staff.hpp).
#include "shared/staff/staff.hpp"

#include <array>

#include "shared/text/utf8.hpp"

namespace jiebang::backoffice {

namespace {
constexpr std::array<std::string_view, 4> role_names = {"reviewer", "publisher", "auditor", "admin"};
}

std::string_view role_name(Role role) {
    return role_names[static_cast<std::size_t>(role)];
}

std::optional<Role> role_from_name(std::string_view name) {
    for (std::size_t index = 0; index < role_names.size(); ++index) {
        if (role_names[index] == name)
            return static_cast<Role>(index);
    }
    return std::nullopt;
}

review::Actor review_actor(Role role) {
    switch (role) {
        case Role::Reviewer:
            return review::Actor::Reviewer;
        case Role::Publisher:
            return review::Actor::Publisher;
        case Role::Auditor:
            return review::Actor::Auditor;
        case Role::Admin:
            return review::Actor::Admin;
    }
    return review::Actor::Auditor;
}

std::string_view permission_name(Permission permission) {
    switch (permission) {
        case Permission::ReadSubmissions:
            return "read_submissions";
        case Permission::Export:
            return "export";
        case Permission::ReadAuditTrail:
            return "read_audit_trail";
        case Permission::AdministerTerminals:
            return "administer_terminals";
        case Permission::AdministerStaff:
            return "administer_staff";
    }
    return "";
}

Status check_permission(review::Actor actor, Permission permission) {
    bool allowed = false;
    switch (actor) {
        case review::Actor::HostAdministrator:
            allowed = true;
            break;
        case review::Actor::Reviewer:
        case review::Actor::Publisher:
            allowed = permission == Permission::ReadSubmissions || permission == Permission::Export;
            break;
        case review::Actor::Auditor:
            allowed = permission == Permission::ReadSubmissions || permission == Permission::Export ||
                      permission == Permission::ReadAuditTrail;
            break;
        case review::Actor::Admin:
            allowed = permission == Permission::AdministerTerminals ||
                      permission == Permission::AdministerStaff || permission == Permission::ReadAuditTrail;
            break;
        default:
            allowed = false;
    }
    if (allowed)
        return ok_status();
    return Error("staff.not_permitted", std::string(permission_name(permission)), "this role may not do this")
        .with("actor", std::string(review::actor_name(actor)))
        .with("action", std::string(permission_name(permission)));
}

Status check_staff_name(std::string_view name) {
    auto count = utf8::count_code_points(name);
    if (!count || *count == 0 || *count > 64)
        return Error("staff.bad_name", "name", "a name is 1 to 64 characters of UTF-8");
    for (unsigned char byte : name) {
        if (byte < 0x20 || byte == 0x7F)
            return Error("staff.bad_name", "name", "a name has no control characters");
    }
    return ok_status();
}

}  // namespace jiebang::backoffice

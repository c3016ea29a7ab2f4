// shared/staff/staff.cpp — role names and the checks on a staff member's name (see staff.hpp).
#include "shared/staff/staff.hpp"

#include <array>

#include "shared/text/utf8.hpp"

namespace jiebang::staff {

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

}  // namespace jiebang::staff

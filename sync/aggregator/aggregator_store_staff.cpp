// sync/aggregator/aggregator_store_staff.cpp — the staff part of AggregatorStore: members with one role and a
// CURVE public key each, enrolled and revoked by an admin (docs/backoffice.md section 1). Migration 3.
// Invariants: a staff id is never reused (ids come from a growing number); a member is never deleted,
// only revoked; one public key belongs to one member.
//
// Index: [SECTION] Schema  [SECTION] Members
#include <cstdio>

#include "shared/staff/staff_key_file.hpp"
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

// [SECTION] Schema
const std::string& staff_schema_migration() {
    static const std::string sql = R"sql(
CREATE TABLE staff (
  number INTEGER PRIMARY KEY,
  staff_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('reviewer', 'publisher', 'auditor', 'admin')),
  curve_public_key TEXT NOT NULL UNIQUE,
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0,
  enrolled_by TEXT NOT NULL
);
)sql";
    return sql;
}

namespace {

constexpr const char* staff_columns =
    "SELECT staff_id, name, role, curve_public_key, enrolled_at, revoked_at, enrolled_by FROM staff ";

backoffice::StaffMember read_member(const store::Statement& row) {
    backoffice::StaffMember member;
    member.staff_id = row.column_text(0);
    member.name = row.column_text(1);
    member.role = backoffice::role_from_name(row.column_text(2)).value_or(backoffice::Role::Auditor);
    member.curve_public_key = row.column_text(3);
    member.enrolled_at = row.column_int(4);
    member.revoked_at = row.column_int(5);
    member.enrolled_by = row.column_text(6);
    return member;
}

}  // namespace

// [SECTION] Members
Result<backoffice::StaffMember> AggregatorStore::add_staff(std::string_view name, backoffice::Role role,
                                                           std::string_view curve_public_key,
                                                           const ActingStaff& by, std::int64_t now) {
    JIEBANG_TRY(backoffice::check_permission(by.actor, backoffice::Permission::AdministerStaff));
    JIEBANG_TRY(backoffice::check_staff_name(name));
    if (!backoffice::z85_decode_key(curve_public_key))
        return Error("staff.bad_key", "curve_public_key", "not a 40-character Z85 key");
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const std::int64_t number,
                       database_.query_int("SELECT coalesce(max(number), 0) + 1 FROM staff"));
    char staff_id[32];
    std::snprintf(staff_id, sizeof staff_id, "staff-%04lld", static_cast<long long>(number));
    backoffice::StaffMember member{staff_id, std::string(name), role, std::string(curve_public_key), now,
                                   0,        by.staff_id};
    if (auto status = database_.execute(
            "INSERT INTO staff (number, staff_id, name, role, curve_public_key, enrolled_at, enrolled_by) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            number, member.staff_id, member.name, backoffice::role_name(role), member.curve_public_key, now,
            by.staff_id);
        !status && status.error().code == "store.constraint") {
        return Error("staff.key_in_use", "curve_public_key", "this key is enrolled for another member");
    } else {
        JIEBANG_TRY(status);
    }
    JIEBANG_TRY(append_audit(by, "add_staff", member.staff_id,
                             "role " + std::string(backoffice::role_name(role)), "", "active", now));
    JIEBANG_TRY(transaction.commit());
    return member;
}

Result<std::vector<backoffice::StaffMember>> AggregatorStore::staff_members() {
    return database_.query_rows(std::string(staff_columns) + "ORDER BY number", read_member);
}

Result<std::optional<backoffice::StaffMember>> AggregatorStore::staff_member(std::string_view staff_id) {
    return database_.query_row(std::string(staff_columns) + "WHERE staff_id = ?1", read_member, staff_id);
}

Result<std::optional<backoffice::StaffMember>> AggregatorStore::active_staff_by_curve_key(
    std::string_view curve_public_key) {
    return database_.query_row(std::string(staff_columns) + "WHERE curve_public_key = ?1 AND revoked_at = 0",
                               read_member, curve_public_key);
}

Status AggregatorStore::revoke_staff(std::string_view staff_id, const ActingStaff& by, std::int64_t now) {
    JIEBANG_TRY(backoffice::check_permission(by.actor, backoffice::Permission::AdministerStaff));
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY(database_.execute("UPDATE staff SET revoked_at = ?2 WHERE staff_id = ?1 AND revoked_at = 0",
                                  staff_id, now));
    if (database_.changes() == 0) {
        return Error("staff.unknown", std::string(staff_id), "no active staff member with this id")
            .with("id", std::string(staff_id));
    }
    JIEBANG_TRY(append_audit(by, "revoke_staff", staff_id, "", "active", "revoked", now));
    return transaction.commit();
}

}  // namespace jiebang::sync

// cli/staff/people_commands.cpp — staff members (add, list, revoke, key-info) and, in audit_commands, the
// audit trail. `staff add` writes the member's key file: a new CURVE key pair, made here, whose secret half
// is sealed with the passphrase they choose (shared/staff/staff_key_file.hpp), mode 0600, never over an
// existing file; only the public half goes to the aggregator (on the file with --store, or over the staff
// channel with --remote, where the new member's passphrase comes from JIEBANG_NEW_PASSPHRASE or a prompt).
//
// Index: [SECTION] staff add  [SECTION] staff list and revoke  [SECTION] staff key-info  [SECTION] Registration
#include <filesystem>
#include <memory>

#include "cli/staff/passphrase.hpp"
#include "cli/staff/staff_backend.hpp"
#include "cli/staff/staff_commands.hpp"
#include "cli/staff/store_access.hpp"
#include "shared/staff/staff_key_file.hpp"

namespace jiebang::cli {
namespace {

namespace staff = sync::staff;

struct StaffOptions {
    StaffTarget target;
    std::string name;
    std::string role;
    std::string key_out;
    std::string id;
    std::string staff_key;
};

// [SECTION] staff add
int staff_add(CommandContext& context, const StaffOptions& options) {
    const auto role = backoffice::role_from_name(options.role);
    if (!role)
        return context.fail(Error("staff.bad_value", "--role", "reviewer, publisher, auditor or admin"));
    if (auto checked = backoffice::check_staff_name(options.name); !checked)
        return context.fail(checked.error());
    std::error_code error_code;
    if (std::filesystem::exists(std::filesystem::symlink_status(options.key_out, error_code))) {
        return context.fail(Error("staff_key.exists", options.key_out, "a key file is never overwritten")
                                .with("file", options.key_out));
    }
    auto backend = open_backend(options.target);
    if (!backend)
        return context.fail(backend.error());
    auto passphrase =
        read_passphrase("passphrase for the new staff key: ", true,
                        options.target.is_remote() ? "JIEBANG_NEW_PASSPHRASE" : "JIEBANG_PASSPHRASE");
    if (!passphrase)
        return context.fail(passphrase.error());
    if (auto checked = backoffice::check_new_passphrase(passphrase.value()); !checked)
        return context.fail(checked.error());
    const backoffice::CurveKeyPairText keys = backoffice::generate_curve_key_pair();
    const staff::RoleCode role_code = *role == backoffice::Role::Reviewer    ? staff::RoleCode::Reviewer
                                      : *role == backoffice::Role::Publisher ? staff::RoleCode::Publisher
                                      : *role == backoffice::Role::Auditor   ? staff::RoleCode::Auditor
                                                                             : staff::RoleCode::Admin;
    auto added =
        (*backend)->request<staff::StaffAdded>(staff::StaffAdd{options.name, role_code, keys.public_key});
    if (!added)
        return context.fail(added.error());
    const staff::MemberRow& member = added->member;
    auto written = backoffice::write_staff_key_file(options.key_out, member.staff_id, options.role, keys,
                                                    passphrase.value());
    std::fill(passphrase.value().begin(), passphrase.value().end(), '\0');
    if (!written) {
        // No key file, no usable member: revoke what was just enrolled, and say both.
        (void)(*backend)->request<staff::Done>(staff::StaffRevoke{member.staff_id});
        return context.fail(written.error());
    }
    context.out << "added " << member.staff_id << " (" << options.role << "); key file " << options.key_out
                << "; public key " << member.curve_public_key << "\n";
    return exit_ok;
}

// [SECTION] staff list and revoke
int staff_list(CommandContext& context, const StaffOptions& options) {
    auto backend = open_backend(options.target);
    if (!backend)
        return context.fail(backend.error());
    auto members = (*backend)->request<staff::StaffMembers>(staff::StaffList{});
    if (!members)
        return context.fail(members.error());
    context.out << "id\tname\trole\tstate\tenrolled\tby\tpublic_key\n";
    for (const staff::MemberRow& member : members->members) {
        context.out << member.staff_id << "\t" << member.name << "\t" << staff::role_code_name(member.role)
                    << "\t"
                    << (member.revoked_at > 0 ? "revoked " + local_time(member.revoked_at)
                                              : std::string("active"))
                    << "\t" << local_time(member.enrolled_at) << "\t" << member.enrolled_by << "\t"
                    << member.curve_public_key << "\n";
    }
    return exit_ok;
}

int staff_revoke(CommandContext& context, const StaffOptions& options) {
    auto backend = open_backend(options.target);
    if (!backend)
        return context.fail(backend.error());
    auto done = (*backend)->request<staff::Done>(staff::StaffRevoke{options.id});
    if (!done)
        return context.fail(done.error());
    context.out << "revoked " << options.id << "\n";
    return exit_ok;
}

// Who the aggregator takes the signed-in key for (--remote); the host's administrator has no staff record.
int staff_whoami(CommandContext& context, const StaffOptions& options) {
    auto backend = open_backend(options.target);
    if (!backend)
        return context.fail(backend.error());
    auto identity = (*backend)->request<staff::Identity>(staff::WhoAmI{});
    if (!identity)
        return context.fail(identity.error());
    context.out << identity->staff_id << "\t" << identity->name << "\t"
                << staff::role_code_name(identity->role) << "\t" << identity->tier << "\t"
                << (identity->area_code.empty() ? "-" : identity->area_code) << "\t"
                << (identity->area_name_zh.empty() ? "-" : identity->area_name_zh) << "\n";
    return exit_ok;
}

// [SECTION] staff key-info
int staff_key_info(CommandContext& context, const StaffOptions& options) {
    auto header = backoffice::read_staff_key_file_header(options.staff_key);
    if (!header)
        return context.fail(header.error());
    auto passphrase = read_passphrase("passphrase for " + options.staff_key + ": ", false);
    if (!passphrase)
        return context.fail(passphrase.error());
    auto opened = backoffice::open_staff_key_file(options.staff_key, passphrase.value());
    std::fill(passphrase.value().begin(), passphrase.value().end(), '\0');
    if (!opened)
        return context.fail(opened.error());
    context.out << "staff key " << opened->header.staff_id << " (" << opened->header.role << "), public key "
                << opened->keys.public_key << ": the passphrase opens it\n";
    return exit_ok;
}

}  // namespace

// [SECTION] Registration
void add_people_commands(CLI::App& app, CommandContext& context) {
    auto* group =
        app.add_subcommand("staff", "Staff members, their roles and key files (docs/backoffice.md)");
    group->require_subcommand(1);
    auto options = std::make_shared<StaffOptions>();
    auto* add = group->add_subcommand("add", "Enrol a staff member and write their sealed key file");
    add_target_options(add, options->target);
    add->add_option("--name", options->name, "the person's name")->required();
    add->add_option("--role", options->role, "reviewer, publisher, auditor or admin")
        ->required()
        ->check(CLI::IsMember({"reviewer", "publisher", "auditor", "admin"}));
    add->add_option("--key-out", options->key_out,
                    "the key file to create (0600; passphrase from a prompt or "
                    "JIEBANG_PASSPHRASE)")
        ->required();
    on_parsed(add, context, [&context, options] { return staff_add(context, *options); });
    auto* list = group->add_subcommand("list", "Every staff member, active or revoked");
    add_target_options(list, options->target);
    on_parsed(list, context, [&context, options] { return staff_list(context, *options); });
    auto* revoke = group->add_subcommand("revoke", "Revoke a staff member's key");
    add_target_options(revoke, options->target);
    revoke->add_option("--id", options->id, "staff id (staff-0003)")->required();
    on_parsed(revoke, context, [&context, options] { return staff_revoke(context, *options); });
    auto* whoami =
        group->add_subcommand("whoami", "Who the aggregator signs you in as (id, name, role, tier, area)");
    add_target_options(whoami, options->target);
    on_parsed(whoami, context, [&context, options] { return staff_whoami(context, *options); });
    auto* key_info = group->add_subcommand("key-info", "Check that a passphrase opens a staff key file");
    key_info->add_option("--staff-key", options->staff_key, "the key file")->required();
    on_parsed(key_info, context, [&context, options] { return staff_key_info(context, *options); });
}

}  // namespace jiebang::cli

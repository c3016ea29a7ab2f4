// tests/core/store_test_support.hpp — shared fixtures for the domain, receipt and store tests: a temporary
// folder that removes itself, small hand-built demand and bid forms (the same field ids as assets/forms),
// a terminal identity and a filled-in demand. Real files only; nothing here imitates our own code.
#pragma once

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <random>
#include <string>

#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/store/terminal_store.hpp"

namespace jiebang::test_support {

class TemporaryDirectory {
  public:
    TemporaryDirectory() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("jiebang-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

inline FieldDefinition field(std::string id, FieldKind kind, bool personal = false,
                             std::optional<FieldRole> role = std::nullopt) {
    FieldDefinition definition;
    definition.id = std::move(id);
    definition.kind = kind;
    definition.personal = personal;
    definition.role = role;
    return definition;
}

// A cut-down demand form with the agreed field ids (tests/fields agreement), kinds, personal flags and the
// roles the store reads (title, unit, listing).
inline FormDefinition demand_form() {
    FormDefinition form;
    form.id = "demand";
    form.version = 1;
    form.fields = {field("consent_personal_data", FieldKind::Consent, false, FieldRole::Consent),
                   field("project_name", FieldKind::Text, false, FieldRole::Title),
                   field("issuer_name", FieldKind::Text, false, FieldRole::UnitName),
                   field("issuer_uscc", FieldKind::Uscc, false, FieldRole::UnitUscc),
                   field("contact_name", FieldKind::Text, true),
                   field("contact_title", FieldKind::Text, true),
                   field("contact_mobile", FieldKind::Mobile, true),
                   field("contact_email", FieldKind::Email, true),
                   field("co_demand_enterprises", FieldKind::TextList),
                   field("technical_problem", FieldKind::Multiline),
                   field("time_limit_months", FieldKind::Integer),
                   field("budget_total_wan", FieldKind::Money),
                   field("budget_solver_wan", FieldKind::Money),
                   field("self_funding_commitment", FieldKind::Declaration),
                   field("mechanism", FieldKind::Choice)};
    return form;
}

inline FormDefinition bid_form() {
    FormDefinition form;
    form.id = "bid";
    form.version = 1;
    form.fields = {field("consent_personal_data", FieldKind::Consent, false, FieldRole::Consent),
                   field("listing_id", FieldKind::Listing, false, FieldRole::Listing),
                   field("solver_name", FieldKind::Text, false, FieldRole::UnitName),
                   field("team_name", FieldKind::Text, false, FieldRole::Title),
                   field("team_lead_name", FieldKind::Text, true),
                   field("contact_mobile", FieldKind::Mobile, true),
                   field("contact_email", FieldKind::Email, true),
                   field("milestones", FieldKind::TextList)};
    return form;
}

inline store::TerminalIdentity identity() {
    store::TerminalIdentity identity;
    identity.terminal_id = "440703-007";
    identity.profile_id = "jiangmen";
    identity.city_code = "JM";
    identity.county_admin_code = "440703";
    identity.county_code = "03";
    identity.terminal_number = 7;
    return identity;
}

inline Submission demand(std::string project_name = "高温合金叶片精密铸造") {
    Submission submission;
    submission.id = new_submission_id();
    submission.kind = SubmissionKind::Demand;
    submission.form_version = 1;
    submission.profile_id = "jiangmen";
    submission.terminal_id = "440703-007";
    submission.created_at = 1795000000;
    submission.values = {
        {"consent_personal_data", true},
        {"project_name", std::move(project_name)},
        {"issuer_name", std::string("江门市蓬江区某精密机械有限公司")},
        {"contact_name", std::string("王小明")},
        {"contact_mobile", std::string("13800138000")},
        {"contact_email", std::string("wang@example.com")},
        {"co_demand_enterprises", std::vector<std::string>{"甲公司", "乙公司"}},
        {"technical_problem", std::string("叶片\"缩松\"缺陷\n良率低")},
        {"budget_total_wan", std::string("300")},
        {"budget_solver_wan", std::string("12.5")},
        {"self_funding_commitment", true},
    };
    return submission;
}

// Sets or clears the ext4/tmpfs "immutable" flag: a read-only file even for root (tests run as root in CI).
inline bool set_immutable(const std::filesystem::path& file, bool immutable) {
    const int descriptor = ::open(file.c_str(), O_RDONLY);
    if (descriptor < 0)
        return false;
    int flags = 0;
    bool ok = ::ioctl(descriptor, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = immutable ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ::ioctl(descriptor, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(descriptor);
    return ok;
}

// Makes a file read-only for this process: chmod for ordinary users, the immutable flag for root.
inline bool make_read_only(const std::filesystem::path& file) {
    if (::geteuid() == 0)
        return set_immutable(file, true);
    std::filesystem::permissions(file,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::group_read);
    return true;
}

inline void make_writable(const std::filesystem::path& file) {
    if (::geteuid() == 0)
        set_immutable(file, false);
    std::filesystem::permissions(file,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

}  // namespace jiebang::test_support

// tests/core/test_lifecycle_support.hpp — fixtures for the lifecycle tests: the shipped city profiles, a real
// SQLite file in a temporary folder holding a LifecycleStore, staff actors per role, and short ways to act and
// to expect a refusal by its code. Nothing here imitates the code under test: every action goes through
// LifecycleStore::apply against the real file.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shared/lifecycle/lifecycle_store.hpp"
#include "shared/policy/profile.hpp"
#include "shared/store/database.hpp"
#include "tests/core/store_test_support.hpp"

namespace jiebang::lifecycle::test {

inline const Profile& shipped_profile(const char* id) {
    static const ProfileCatalog catalog = [] {
        Result<ProfileCatalog> loaded = ProfileCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().detail));
        return std::move(loaded).value();
    }();
    const Profile* profile = catalog.profile(id);
    REQUIRE(profile != nullptr);
    return *profile;
}

inline Actor reviewer() {
    return Actor{"staff-r1", Role::Reviewer};
}
inline Actor publisher() {
    return Actor{"staff-p1", Role::Publisher};
}
inline Actor admin() {
    return Actor{"staff-a1", Role::Admin};
}
inline Actor county_viewer() {
    return Actor{"county-v1", Role::County};
}

inline Listing listing(const Profile& profile, std::string id, std::string mechanism, std::string bounty,
                       std::string issuer_kind = "enterprise", std::string project_type = {}) {
    Listing result;
    result.id = std::move(id);
    result.profile_id = profile.id;
    result.title = "高效无刷电机控制芯片攻关";
    result.industry_id = profile.industries.front().id;
    result.mechanism = std::move(mechanism);
    result.issuer_name = "示例电器有限公司";
    result.issuer_kind = std::move(issuer_kind);
    result.bounty_wan = std::move(bounty);
    result.project_type_id = std::move(project_type);
    return result;
}

// A real lifecycle store file; `clock` advances by one second per action so the timeline has distinct times.
class LifecycleFixture {
  public:
    LifecycleFixture() : database_(open_database(folder_ / "lifecycle.sqlite")), store_(database_) {
        const Status installed = LifecycleStore::install(database_);
        REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? std::string() : installed.error().detail));
    }

    static store::Database open_database(const std::filesystem::path& file) {
        Result<store::Database> opened = store::Database::open(file, {});
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? std::string() : opened.error().detail));
        return std::move(opened).value();
    }

    LifecycleStore& store() { return store_; }
    store::Database& database() { return database_; }
    const std::filesystem::path& folder() const { return folder_.path(); }
    std::filesystem::path file() const { return folder_ / "lifecycle.sqlite"; }

    void create(const Profile& profile, const Listing& entry, std::string county, std::string on) {
        Result<LifecycleAuditRecord> record = store_.create(
            profile, publisher(), CreateProject{entry, std::move(county), std::move(on)}, ++clock_);
        REQUIRE_MESSAGE(record.ok(),
                        (record.ok() ? std::string() : record.error().code + " " + record.error().detail));
    }

    Result<LifecycleAuditRecord> act(const Profile& profile, const std::string& project_id,
                                     const Actor& actor, const LifecycleAction& action) {
        return store_.apply(profile, project_id, actor, action, ++clock_);
    }

    // The action must succeed; returns its audit record.
    LifecycleAuditRecord must(const Profile& profile, const std::string& project_id, const Actor& actor,
                              const LifecycleAction& action) {
        Result<LifecycleAuditRecord> record = act(profile, project_id, actor, action);
        const std::string failure =
            record.ok() ? std::string() : record.error().code + " " + record.error().detail;
        REQUIRE_MESSAGE(record.ok(), (std::string(action_name(action)) + ": " + failure));
        return record.value();
    }

    // The action must be refused; returns the error code.
    std::string refused(const Profile& profile, const std::string& project_id, const Actor& actor,
                        const LifecycleAction& action) {
        Result<LifecycleAuditRecord> record = act(profile, project_id, actor, action);
        REQUIRE_MESSAGE(!record.ok(), (std::string(action_name(action)) + " was accepted"));
        return record.error().code;
    }

    Project project(const std::string& project_id) {
        Result<std::optional<Project>> loaded = store_.load(project_id);
        REQUIRE(loaded.ok());
        REQUIRE(loaded->has_value());
        return **loaded;
    }

    // Adds bids, scores each by two experts and recommends (or not) per `recommended`.
    void review_bids(const Profile& profile, const std::string& project_id,
                     const std::vector<std::string>& bid_ids, const std::vector<bool>& recommended,
                     const std::string& on) {
        for (std::size_t position = 0; position < bid_ids.size(); ++position) {
            const std::string& bid_id = bid_ids[position];
            must(profile, project_id, reviewer(),
                 AddBid{bid_id, "R-" + bid_id, "示例大学", "", "团队" + std::to_string(position + 1), on});
            must(profile, project_id, reviewer(),
                 RecordScore{bid_id, "E1", 80 + static_cast<int>(position), on});
            must(profile, project_id, reviewer(), RecordScore{bid_id, "E2", 78, on});
            must(profile, project_id, reviewer(),
                 RecordRecommendation{bid_id, recommended[position], "", on});
        }
    }

  private:
    jiebang::test_support::TemporaryDirectory folder_;
    store::Database database_;
    LifecycleStore store_;
    std::int64_t clock_ = 1'780'000'000;
};

inline std::string money(MoneyWan amount) {
    return format_money_wan(amount);
}

inline std::string value_of(const std::vector<std::pair<std::string, std::string>>& pairs,
                            const std::string& key) {
    for (const auto& [name, value] : pairs) {
        if (name == key)
            return value;
    }
    return "(absent)";
}

}  // namespace jiebang::lifecycle::test

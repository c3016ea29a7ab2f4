// tests/lifecycle/lifecycle_city_support.hpp — a real city jiebang-aggregator with its staff endpoint, a board it
// published, and four staff members (reviewer, publisher, auditor, admin) with their own sealed key files; staff
// run the real `jiebang project … --remote` against it. The board is written into the city's store before it
// starts (as a published board: the lifecycle starts from a listing; how listings come to be is
// tests/backoffice/review_tiers_tests.cpp).
#pragma once

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/domain/board.hpp"
#include "tests/support/process.hpp"
#include "tests/sync/sync_test_support.hpp"

namespace jiebang::lifecycle::test {

using jiebang::sync::test::Aggregator;
using jiebang::sync::test::TempDir;
using jiebang::sync::test::wait_until;

inline const std::string staff_passphrase = "city-staff-2026";

// A listing of `profile` as the city's board carries it.
inline Listing board_listing(const std::string& profile, const std::string& id, const std::string& bounty,
                             const std::string& mechanism = "single",
                             const std::string& issuer_kind = "enterprise",
                             const std::string& project_type = {}) {
    Listing listing;
    listing.id = id;
    listing.profile_id = profile;
    listing.title = "陶瓷3D打印釉料攻关";
    listing.industry_id = profile == "jingdezhen" ? "ceramics"
                          : profile == "jiangmen" ? "smart_home_appliances"
                                                  : "new_energy";
    listing.mechanism = mechanism;
    listing.issuer_name = "示例陶瓷有限公司";
    listing.issuer_kind = issuer_kind;
    listing.project_type_id = project_type;
    listing.problem = "釉料流平性差";
    listing.targets = "良品率提高到95%";
    listing.bounty_wan = bounty;
    listing.deadline = "2026-12-31";
    listing.published_at = 1780000000;
    return listing;
}

class City {
  public:
    City(const std::string& profile, const std::string& area_code, const std::vector<Listing>& listings) {
        Board board;
        board.version = 1;
        board.profile_id = profile;
        board.listings = listings;
        board.hash_hex = board_hash_hex(board);
        {
            auto store = sync::AggregatorStore::open(city_.store_file());
            REQUIRE(store.ok());
            REQUIRE(store->store_board(sync::BoardRecord{1, board.hash_hex, board_to_json(board), 1780000000})
                        .ok());
        }
        for (const char* role : {"reviewer", "publisher", "auditor", "admin"}) {
            auto added = run({"staff", "add", "--store", city_.store(), "--name", "张伟", "--role", role,
                              "--key-out", key(role)});
            REQUIRE_MESSAGE(added.exit_code == 0, added.error);
        }
        city_.start({"--staff-listen", "tcp://127.0.0.1:*", "--area-code", area_code});
        const auto file = city_.store_file().parent_path() / "staff-listening.endpoint";
        REQUIRE_MESSAGE(
            bool(wait_until([&] { return std::filesystem::exists(file) || !city_.process().running(); }) &&
                 std::filesystem::exists(file)),
            city_.log());
        endpoint_ = jiebang::sync::test::read_file(file);
        while (!endpoint_.empty() && (endpoint_.back() == '\n' || endpoint_.back() == '\r'))
            endpoint_.pop_back();
    }

    Aggregator& aggregator() { return city_; }
    const TempDir& folder() const { return temp_; }
    const std::string& endpoint() const { return endpoint_; }
    std::string key(const std::string& role) const { return (temp_ / (role + ".key")).string(); }

    // `jiebang WORDS...` as a process (passphrase from the environment, as a script would give it).
    jiebang::test::ProcessResult run(const std::vector<std::string>& words) const {
        return jiebang::test::run_process(JIEBANG_CLI_PATH, words,
                                          {{"JIEBANG_PASSPHRASE", staff_passphrase}});
    }
    // `jiebang project WORDS... --remote ... --staff-key <role's key>`.
    jiebang::test::ProcessResult as(const std::string& role, std::vector<std::string> words) const {
        words.insert(words.begin(), "project");
        words.insert(words.end(), {"--remote", endpoint_, "--server-key", city_.keys().public_key,
                                   "--staff-key", key(role)});
        return run(words);
    }
    // The same, required to succeed; its stdout.
    std::string must(const std::string& role, const std::vector<std::string>& words) const {
        auto result = as(role, words);
        INFO("jiebang project " << words.front() << " as " << role << ": " << result.error);
        REQUIRE(result.exit_code == 0);
        return result.out;
    }
    nlohmann::json record(const std::string& role, const std::vector<std::string>& words) const {
        return nlohmann::json::parse(must(role, words));
    }
    nlohmann::json show(const std::string& id) const {
        return nlohmann::json::parse(must("auditor", {"show", id}));
    }
    std::int64_t count(const std::string& sql) { return city_.count(sql); }

  private:
    TempDir temp_;
    Aggregator city_{temp_, "city", "city"};
    std::string endpoint_;
};

inline const char* const jingdezhen_conditions =
    "documents_genuine,no_unresolved_disputes,funds_used_properly,no_integrity_problems";

// Review, selection, 立项, the plan and the contract of a Jingdezhen listing, each step by the role it needs.
inline void jingdezhen_contract(const City& city, const std::string& id) {
    city.must("publisher", {"create", "--listing", id, "--county", "360203", "--date", "2026-02-01"});
    city.must("reviewer", {"bid", id, "--bid", "B1", "--solver", "景德镇陶瓷大学", "--team", "釉料团队",
                           "--uscc", "91440703MA4U111142", "--date", "2026-02-10"});
    city.must("reviewer",
              {"score", id, "--bid", "B1", "--expert", "E1", "--score", "86", "--date", "2026-02-20"});
    city.must("reviewer", {"recommend", id, "--bid", "B1", "--yes", "--date", "2026-02-21"});
    city.must("publisher", {"select", id, "--bids", "B1", "--issuer-consent", "--date", "2026-03-01"});
    city.must("admin", {"approve", id, "--date", "2026-03-10"});
    city.must("publisher", {"plan", id, "--date", "2026-03-10"});
    city.must("publisher", {"agree", id, "--bid", "B1", "--start", "2026-04-01", "--end", "2029-03-31",
                            "--value", "300", "--date", "2026-03-20"});
}

// Through the contract, both tranches before acceptance paid, then acceptance at `completion` percent.
inline void jingdezhen_accepted_at(const City& city, const std::string& id, const std::string& completion) {
    jingdezhen_contract(city, id);
    city.must("admin", {"pay", id, "--tranche", "contract", "--date", "2026-03-25"});
    city.must("reviewer", {"midterm", id, "--outcome", "continue", "--date", "2027-09-15"});
    city.must("admin", {"pay", id, "--tranche", "midterm", "--date", "2027-09-20"});
    city.must("reviewer", {"accept", id, "--completion", completion, "--applied", "2029-04-10", "--met",
                           jingdezhen_conditions, "--date", "2029-04-20"});
}

}  // namespace jiebang::lifecycle::test

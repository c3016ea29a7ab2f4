// shared/policy/profile.hpp — a city's policy profile (assets/profiles/<id>.json): counties with their
// administrative-division codes, the industry catalogue, project types, mechanisms, thresholds and
// eligibility, the funding formula and tranches, city:county cost shares, and the calendar.
// Three ship: jiangmen, jingdezhen, jiaxing. Every number comes from the seeds; code holds no city rule.
// Invariant: a profile that loads is complete and consistent (codes unique, every county inside the city,
// shares sum to 100 %, tranches sum to 100 %); a malformed one fails with file, key and reason.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"

namespace jiebang {

// Money in hundredths of 万元 (1 unit = 100 yuan): exact for every amount a form can hold.
struct MoneyWan {
    std::int64_t hundredths = 0;
    static MoneyWan from_wan(std::int64_t wan) { return MoneyWan{wan * 100}; }
    friend auto operator<=>(const MoneyWan&, const MoneyWan&) = default;
};
std::string format_money_wan(MoneyWan amount);  // "180", "12.5", "0.01" (no trailing zeros)

struct County {
    std::string admin_code;    // 6 digits, e.g. "440703"
    LocalText name;
    std::string receipt_code;  // 2 characters used in receipt numbers, e.g. "03"
    std::string cost_share_group;  // key into FundingPolicy::cost_share_groups; empty = none
    std::vector<std::string> also_known_as;  // e.g. 高新区 administered with 江海区
};

struct Industry {
    std::string id;
    LocalText name;
    std::vector<ChoiceOption> sub_directions;
};

struct ProjectType {
    std::string id;  // "industry_common", "enterprise_key", "achievement_transfer", "key_technology"
    LocalText name;
    LocalText description;
};

// One party's share of a subsidy, in percent (basis points to keep 33.33 exact).
struct CostShare {
    std::string party;  // "city", "county"
    int basis_points = 0;
};

struct ProfileCalendarEntry {
    std::string step_id;  // "demand_collection", "board_publication", ...
    LocalText name;
    LocalText when;  // "4月", "常态化"
};

struct Profile {
    std::string id;  // "jiangmen"
    int version = 0;
    LocalText city_name;
    std::string city_admin_code;   // "440700"
    std::string receipt_city_code; // letters without I, L, O: "JM", "JDZ", "JX"
    std::vector<County> counties;
    std::vector<Industry> industries;
    std::vector<ProjectType> project_types;  // empty when the city does not use types
    std::vector<std::string> mechanisms;     // "single", "race"
    std::vector<ChoiceOption> solver_kinds;  // university, institute, enterprise, consortium
    std::vector<ProfileCalendarEntry> calendar;
    std::vector<LocalText> explainer_paragraphs;  // plain-language policy text shown at the terminal

    const County* county_by_code(std::string_view admin_code) const;
    const Industry* industry(std::string_view industry_id) const;
    const ProjectType* project_type(std::string_view type_id) const;
    bool has_mechanism(std::string_view mechanism) const;

    // [owner of policy/: add here] eligibility thresholds and cross-field rules (demand and bid), the
    // funding formula per project type (rate, cap, minimum bounty, tranches), cost-share groups,
    // limits (projects a year, acceptance threshold, duration) — all parsed from the same file.

    std::filesystem::path source_file;
};

class ProfileCatalog {
public:
    // Loads every assets/profiles/*.json.
    static Result<ProfileCatalog> load(const std::filesystem::path& assets_directory);
    static Result<Profile> load_file(const std::filesystem::path& profile_file);

    const Profile* profile(std::string_view profile_id) const;
    const std::vector<Profile>& all() const { return profiles_; }

private:
    std::vector<Profile> profiles_;
};

}  // namespace jiebang

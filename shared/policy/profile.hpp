// shared/policy/profile.hpp — a city's policy profile (assets/profiles/<id>.json): counties with their
// administrative-division codes, the industry catalogue, project types, mechanisms, thresholds and
// eligibility, the funding formula and tranches, city:county cost shares, and the calendar.
// Three ship: jiangmen, jingdezhen, jiaxing. Every number comes from the seeds; code holds no city rule.
// Invariants (tests cite them as "profile.hpp invariant N"):
//  1. A profile that loads is complete and consistent: codes unique, every county inside the city, shares
//     sum to 100 %, tranches sum to 100 %, every rule of a kind the program checks (rules.hpp).
//  2. A malformed profile fails with the file, the key path and the reason; the file is read by the core's
//     one strict JSON reader (a key given twice, a NUL byte: refused).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"

namespace jiebang {

struct LifecyclePolicy;  // shared/lifecycle/lifecycle_profile.hpp: the profile's `lifecycle` section

// Money in hundredths of wan yuan (10,000 yuan) (1 unit = 100 yuan): exact for every amount a form can hold.
struct MoneyWan {
    std::int64_t hundredths = 0;
    static MoneyWan from_wan(std::int64_t wan) { return MoneyWan{wan * 100}; }
    friend auto operator<=>(const MoneyWan&, const MoneyWan&) = default;
};
std::string format_money_wan(MoneyWan amount);  // "180", "12.5", "0.01" (no trailing zeros)

struct County {
    std::string admin_code;  // 6 digits, e.g. "440703"
    LocalText name;
    std::string receipt_code;      // 2 characters used in receipt numbers, e.g. "03"
    std::string cost_share_group;  // key into FundingPolicy::cost_share_groups; empty = none
    std::vector<std::string>
        also_known_as;  // other names, e.g. the High-tech Zone administered with Jianghai
};

struct Industry {
    std::string id;
    LocalText name;
    std::vector<ChoiceOption> sub_directions;
    LocalText group;       // e.g. the cluster the seed lists it under; may be empty
    bool assumed = false;  // not named by the seeds (Jiaxing): a well-known priority industry, to confirm
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
    LocalText name;  // e.g. "city budget"
};

// A named set of counties that split subsidies the same way (Jiangmen "inner": Pengjiang, Jianghai/High-tech
// Zone, Xinhui, Heshan). "city_level" is always defined: projects of units registered at city level.
struct CostShareGroupInfo {
    std::string id;
    LocalText name;
};

// One group's split under one funding scheme; basis points sum to 10000.
struct CostShareGroup {
    std::string group_id;
    std::vector<CostShare> shares;
    std::string explanation_key;  // string-catalogue key explaining the split
};

struct FundingTrancheRule {
    std::string id;  // "contract", "midterm", "acceptance", "lump_sum"
    LocalText name;
    int basis_points = 0;  // tranches of a scheme sum to 10000
};

// How one kind of subsidy is computed. `method` "percent_of_amount": rate x amount, capped, with a minimum
// amount; "fixed": a fixed sum per project whatever the amount.
struct FundingScheme {
    std::string subsidy_kind;     // "open_competition", "platform"
    std::string project_type_id;  // empty = any (cities without types)
    LocalText name;
    std::string method;         // "percent_of_amount" or "fixed"
    std::string amount_basis;   // what the amount is: "bounty", "contract_amount", "none"
    int rate_basis_points = 0;  // percent_of_amount
    MoneyWan cap;               // 0 = no cap
    MoneyWan minimum_amount;    // 0 = none; below it: funding.below_minimum
    MoneyWan fixed_amount;      // fixed
    std::vector<FundingTrancheRule> tranches;
    std::vector<CostShareGroup> cost_shares;    // one per cost-share group of the policy
    std::vector<std::string> explanation_keys;  // string-catalogue keys always shown with the result

    const CostShareGroup* cost_share_group(std::string_view group_id) const;
};

struct FundingPolicy {
    std::string default_subsidy_kind;  // used when a request names none
    std::vector<CostShareGroupInfo> cost_share_groups;
    std::vector<FundingScheme> schemes;

    // The scheme for a subsidy kind (empty = default) and project type; a scheme with an empty type
    // matches any type.
    const FundingScheme* scheme(std::string_view subsidy_kind, std::string_view project_type_id) const;
};

// One cross-field rule the city applies to a form (see shared/policy/rules.hpp for the kinds and their
// parameters). Parameters are typed when the profile loads: text (field ids, values), numbers (money in
// hundredths of wan, percent in basis points, plain integers), lists of text.
struct ProfileRule {
    std::string kind;        // "share_within_total", "issuer_scale", "money_minimum", ...
    std::string form_id;     // "demand" or "bid"
    std::string error_code;  // the code the rule reports, e.g. "eligibility.bounty_minimum"
    std::map<std::string, std::string, std::less<>> text;
    std::map<std::string, std::int64_t, std::less<>> numbers;
    std::map<std::string, std::vector<std::string>, std::less<>> lists;

    const std::string& text_parameter(std::string_view name) const;
    std::int64_t number_parameter(std::string_view name) const;
    const std::vector<std::string>& list_parameter(std::string_view name) const;
};

// Facts about the programme that are not form rules (0 = the seeds state none).
struct ProfileLimits {
    int projects_per_year_max = 0;                       // Jingdezhen 5
    int acceptance_minimum_completion_basis_points = 0;  // Jingdezhen 8000: below 80 % acceptance fails
    int race_minimum_solvers = 0;                        // Jiangmen horse race: two or more solvers
    int implementation_period_months = 0;                // the usual period ("in principle"), for explainers
};

// How demands are collected and reported.
struct CollectionPolicy {
    std::string mode;                                    // "annual" or "continuous" (Jiaxing: all year round)
    std::string county_report_period;                    // "none", "monthly" (Jiaxing monthly report)
    std::string county_visit_period;                     // "none", "quarterly" (Jiaxing quarterly visits)
    std::string county_summary_deadline;                 // ISO date or empty (Jingdezhen 2022-09-25)
    bool non_enterprise_demands_direct_to_city = false;  // Jingdezhen: universities send to the city
};

struct ProfileCalendarEntry {
    std::string step_id;  // "demand_collection", "board_publication", ...
    LocalText name;
    LocalText when;    // text shown to people, e.g. "April", "all year round"
    int month = 0;     // 1..12 when the step has a planned month, else 0
    std::string date;  // ISO date when the seed gives one, else empty
};

struct Profile {
    std::string id;  // "jiangmen"
    int version = 0;
    LocalText city_name;
    std::string city_admin_code;    // "440700"
    std::string receipt_city_code;  // letters without I, L, O: "JM", "JDZ", "JX"
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

    // Eligibility thresholds and cross-field rules (demand and bid), the funding formula per project type
    // (rate, cap, minimum bounty, tranches), cost-share groups, limits — all parsed from the same file.
    std::string city_level_receipt_code;  // county part of receipts for city-level terminals, e.g. "00"
    std::vector<ProfileRule> rules;
    FundingPolicy funding;
    ProfileLimits limits;
    CollectionPolicy collection;
    std::vector<std::string> sources;  // the seed documents the profile is built from
    // The project lifecycle after the board (the optional `lifecycle` section, parsed by shared/lifecycle);
    // null when the profile has none.
    std::shared_ptr<const LifecyclePolicy> lifecycle;

    const ChoiceOption* solver_kind(std::string_view kind_id) const;
    // The rules applying to a form ("demand" / "bid"), in file order.
    std::vector<const ProfileRule*> rules_for(std::string_view form_id) const;

    std::filesystem::path source_file;
};

struct RuleKind;  // shared/policy/rules.hpp

class ProfileCatalog {
  public:
    // Loads every assets/profiles/*.json.
    static Result<ProfileCatalog> load(const std::filesystem::path& assets_directory);
    static Result<Profile> load_file(const std::filesystem::path& profile_file);
    // The same against another registry of rule kinds than rule_kinds() (tests of the loader).
    static Result<Profile> load_file(const std::filesystem::path& profile_file,
                                     const std::vector<RuleKind>& kinds);

    const Profile* profile(std::string_view profile_id) const;
    const std::vector<Profile>& all() const { return profiles_; }

  private:
    std::vector<Profile> profiles_;
};

}  // namespace jiebang

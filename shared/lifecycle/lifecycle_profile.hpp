// shared/lifecycle/lifecycle_profile.hpp — the `lifecycle` section of a city profile (assets/profiles/<id>.json):
// which steps a project goes through after the board and in which order, who chooses the solver, the signing
// deadline and forfeiture, the public notice before 立项, when each funding tranche falls due, what the
// mid-term review, extension, termination and acceptance require. Together with the profile's `limits`
// (projects per year, acceptance threshold, 赛马 minimum, implementation period) and `funding` (subsidy,
// tranches, cost shares) it is all the lifecycle knows about a city: code holds no city rule.
// The section is parsed here and only here (parse_lifecycle_section); shared/policy/profile.cpp hands it the
// section's text after the rest of the profile has loaded, so references to the funding schemes are checked.
// Invariants (a profile that loads with a `lifecycle` section satisfies all of them):
//  1. `stages` names "agreement" and "approval" once each and "registration" at most once, nothing else.
//  2. Every tranche of every scheme of the default subsidy kind has exactly one condition
//     (agreement_signed, approved, midterm_passed or acceptance_passed); conditions name only those tranches.
//  3. Every key listed in `assumed` is a key of the section (a value the seeds do not state, to confirm).
// Errors: the profile.* codes of shared/policy/profile.hpp, field = the key path ("lifecycle.stages[2]").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/policy/profile.hpp"

namespace jiebang {

struct AcceptanceConditionRule {
    std::string id;  // "documents_genuine", "no_unresolved_disputes", ...
    LocalText name;
};

struct TrancheConditionRule {
    std::string tranche_id;       // a tranche id of the funding scheme
    std::string project_type_id;  // empty = every project type (cities without types)
    std::string condition;        // "agreement_signed", "approved", "midterm_passed", "acceptance_passed"
};

struct LifecyclePolicy {
    // Steps after the selection, in the city's order: "agreement", "registration" (入库), "approval" (立项).
    std::vector<std::string> stages;
    // Who chooses the solver: "issuer_with_bureau" (the issuer leads and the bureau agrees: the issuer's consent
    // is recorded) or "bureau", for listings of enterprises and of other issuers.
    std::string enterprise_listing_selection;
    std::string non_enterprise_listing_selection;
    int score_maximum = 100;  // expert scores are whole numbers 0..score_maximum
    // Agreement: days after the step before it by which contracts are signed (0 = no deadline; at least 1 when
    // unsigned contracts are forfeited, and then staff may set another deadline at the selection), whether an
    // unsigned contract is forfeited, whether the technology contract's registration number is required
    // (Jiaxing: registered at the technology market).
    int signing_period_days = 0;
    bool forfeit_when_unsigned = false;
    bool contract_registration_required = false;
    // Approval: public notice length in days (0 = no notice), whether the notice may be waived (classified
    // projects), the prefix of project numbers ("JMJB" -> "JMJB-2026-001").
    int public_notice_days = 0;
    bool public_notice_waivable = false;
    std::string project_number_prefix;
    // Funding: when each tranche falls due, and how a tranche is shared among 赛马 solvers.
    std::vector<TrancheConditionRule> tranche_conditions;
    std::string race_split = "equal";  // "equal": equal parts among the solvers active when it is paid
    // Implementation.
    bool midterm_review_required = false;
    std::string progress_report_period = "none";  // "none", "monthly", "quarterly"
    bool extension_allowed = false;
    bool termination_allowed = false;
    std::vector<std::string> recoverable;  // on termination: "unspent", "misused"
    // Acceptance: apply within N months after the end date (0 = not stated), the conditions besides the
    // completion threshold (profile limits).
    int acceptance_application_months = 0;
    std::vector<AcceptanceConditionRule> acceptance_conditions;
    // Keys whose values the seeds do not state (assumed, to confirm with the bureau), e.g. "public_notice_days".
    std::vector<std::string> assumed;

    bool has_stage(std::string_view stage) const;
    // The condition of a tranche for a project type; empty when none.
    std::string tranche_condition(std::string_view tranche_id, std::string_view project_type_id) const;
    const AcceptanceConditionRule* acceptance_condition(std::string_view condition_id) const;
    bool is_recoverable(std::string_view kind) const;
};

// Parses the `lifecycle` section (its JSON text) of `profile`, whose other parts are loaded already.
Result<LifecyclePolicy> parse_lifecycle_section(std::string_view section_json, const Profile& profile,
                                                std::string_view file_name);

}  // namespace jiebang

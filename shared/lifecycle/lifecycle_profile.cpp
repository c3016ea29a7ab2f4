// shared/lifecycle/lifecycle_profile.cpp — reading the `lifecycle` section of a city profile strictly, through
// the core's strict reader (shared/base/strict_json.hpp): every key present with its type, unknown keys
// refused (keys starting with "_" are comments), values from the closed vocabularies of
// lifecycle_profile.hpp, and the references to the profile's funding schemes checked (invariants 1-3 of the
// header). All lifecycle parsing lives in this file.
// Invariant: a failure names the file, the key path ("lifecycle.agreement.signing_period_days") and the reason,
// with the same profile.* codes as the rest of the profile.
//
// Index
//   [SECTION] lookups
//   [SECTION] reading with key paths
//   [SECTION] the section's parts
//   [SECTION] cross-checks against the profile
#include "shared/lifecycle/lifecycle_profile.hpp"

#include <algorithm>
#include <set>

#include "shared/base/strict_json.hpp"

namespace jiebang {

// [SECTION] lookups

bool LifecyclePolicy::has_stage(std::string_view stage) const {
    return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

std::string LifecyclePolicy::tranche_condition(std::string_view tranche_id,
                                               std::string_view project_type_id) const {
    std::string any_type;
    for (const TrancheConditionRule& rule : tranche_conditions) {
        if (rule.tranche_id != tranche_id)
            continue;
        if (rule.project_type_id == project_type_id)
            return rule.condition;
        if (rule.project_type_id.empty())
            any_type = rule.condition;
    }
    return any_type;
}

const AcceptanceConditionRule* LifecyclePolicy::acceptance_condition(std::string_view condition_id) const {
    for (const AcceptanceConditionRule& rule : acceptance_conditions) {
        if (rule.id == condition_id)
            return &rule;
    }
    return nullptr;
}

bool LifecyclePolicy::is_recoverable(std::string_view kind) const {
    return std::find(recoverable.begin(), recoverable.end(), kind) != recoverable.end();
}

namespace {

// [SECTION] reading with key paths

using Json = strict_json::Json;

// The core's strict reader (shared/base/strict_json.hpp) with the profile's codes and error shape (file, key
// path, reason; "_" keys are comments), plus the section's value kinds: closed choices, ids, bounded whole
// numbers, zh/en texts.
class SectionReader : public strict_json::Reader {
  public:
    explicit SectionReader(std::string file_name)
        : Reader(
              {"profile.missing_key", "profile.unknown_key", "profile.wrong_type", "profile.invalid_value"},
              [file_name](const std::string& code, const std::string& key_path, const std::string& reason) {
                  Error error(code, key_path, file_name + ": " + key_path + ": " + reason);
                  error.with("file", file_name).with("key", key_path).with("reason", reason);
                  return error;
              },
              "_") {}

    static std::string join(const std::string& path, std::string_view key) {
        return strict_json::join(path, key);
    }
    static std::string index(const std::string& path, std::size_t position) {
        return strict_json::index(path, position);
    }

    // An object with only the `allowed` keys (comments aside).
    const Json& object(const Json& value, const std::string& path,
                       std::initializer_list<std::string_view> allowed) const {
        only_keys(value, path, allowed);
        return value;
    }
    // One of `allowed`.
    std::string choice_member(const Json& object, const std::string& path, std::string_view key,
                              std::initializer_list<std::string_view> allowed) const {
        std::string value = text_member(object, path, key);
        if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
            std::string expected;
            for (std::string_view option : allowed)
                expected += (expected.empty() ? "\"" : ", \"") + std::string(option) + "\"";
            fail("profile.invalid_value", join(path, key), "one of " + expected);
        }
        return value;
    }
    // Ids: lower-case ASCII letters, digits and underscores.
    std::string identifier(const Json& value, const std::string& path) const {
        std::string id = text(value, path);
        for (char character : id) {
            const bool allowed = (character >= 'a' && character <= 'z') ||
                                 (character >= '0' && character <= '9') || character == '_';
            if (!allowed)
                fail("profile.invalid_value", path, "an id uses only a-z, 0-9 and _");
        }
        return id;
    }
    int integer_member(const Json& object, const std::string& path, std::string_view key, int minimum,
                       int maximum) const {
        return static_cast<int>(integer(member(object, path, key), join(path, key), minimum, maximum));
    }
    bool boolean_member(const Json& object, const std::string& path, std::string_view key) const {
        return boolean(member(object, path, key), join(path, key));
    }
    const Json& list(const Json& value, const std::string& path) const {
        if (!value.is_array())
            fail("profile.wrong_type", path,
                 std::string("expected a list, found ") + strict_json::type_name(value));
        return value;
    }
    LocalText local_text(const Json& value, const std::string& path) const {
        only_keys(value, path, {"zh", "en"});
        return LocalText{text_member(value, path, "zh"), text_member(value, path, "en")};
    }
};

// [SECTION] the section's parts

constexpr std::string_view section_path = "lifecycle";

void read_stages(const SectionReader& reader, const Json& section, LifecyclePolicy& policy) {
    const std::string path = SectionReader::join(std::string(section_path), "stages");
    const Json& stages = reader.list(reader.member(section, std::string(section_path), "stages"), path);
    for (std::size_t position = 0; position < stages.size(); ++position) {
        const std::string item_path = SectionReader::index(path, position);
        std::string stage = reader.text(stages[position], item_path);
        if (stage != "agreement" && stage != "registration" && stage != "approval")
            reader.fail("profile.invalid_value", item_path,
                        "\"agreement\", \"registration\" or \"approval\"");
        if (policy.has_stage(stage))
            reader.fail("profile.duplicate_code", item_path, "stage named twice");
        policy.stages.push_back(std::move(stage));
    }
    for (const char* required : {"agreement", "approval"}) {
        if (!policy.has_stage(required))
            reader.fail("profile.missing_key", path,
                        std::string("the stage \"") + required + "\" is missing");
    }
}

void read_selection_review_agreement(const SectionReader& reader, const Json& section,
                                     LifecyclePolicy& policy) {
    const std::string root(section_path);
    const std::string selection_path = SectionReader::join(root, "selection");
    const Json& selection = reader.object(reader.member(section, root, "selection"), selection_path,
                                          {"enterprise_listing", "non_enterprise_listing"});
    policy.enterprise_listing_selection = reader.choice_member(
        selection, selection_path, "enterprise_listing", {"issuer_with_bureau", "bureau"});
    policy.non_enterprise_listing_selection = reader.choice_member(
        selection, selection_path, "non_enterprise_listing", {"issuer_with_bureau", "bureau"});

    const std::string review_path = SectionReader::join(root, "review");
    const Json& review =
        reader.object(reader.member(section, root, "review"), review_path, {"score_maximum"});
    policy.score_maximum = reader.integer_member(review, review_path, "score_maximum", 1, 1000);

    const std::string agreement_path = SectionReader::join(root, "agreement");
    const Json& agreement =
        reader.object(reader.member(section, root, "agreement"), agreement_path,
                      {"signing_period_days", "forfeit_when_unsigned", "contract_registration_required"});
    policy.signing_period_days =
        reader.integer_member(agreement, agreement_path, "signing_period_days", 0, 3650);
    policy.forfeit_when_unsigned = reader.boolean_member(agreement, agreement_path, "forfeit_when_unsigned");
    policy.contract_registration_required =
        reader.boolean_member(agreement, agreement_path, "contract_registration_required");
    if (policy.forfeit_when_unsigned && policy.signing_period_days == 0) {
        reader.fail("profile.invalid_value", SectionReader::join(agreement_path, "signing_period_days"),
                    "a forfeiture needs a signing period of at least one day");
    }
}

void read_approval_and_funding(const SectionReader& reader, const Json& section, LifecyclePolicy& policy) {
    const std::string root(section_path);
    const std::string approval_path = SectionReader::join(root, "approval");
    const Json& approval =
        reader.object(reader.member(section, root, "approval"), approval_path,
                      {"public_notice_days", "public_notice_waivable", "project_number_prefix"});
    policy.public_notice_days = reader.integer_member(approval, approval_path, "public_notice_days", 0, 365);
    policy.public_notice_waivable = reader.boolean_member(approval, approval_path, "public_notice_waivable");
    policy.project_number_prefix = reader.text_member(approval, approval_path, "project_number_prefix");
    for (char character : policy.project_number_prefix) {
        const bool allowed = (character >= 'A' && character <= 'Z') || (character >= '0' && character <= '9');
        if (!allowed || policy.project_number_prefix.size() > 12) {
            reader.fail("profile.invalid_value", SectionReader::join(approval_path, "project_number_prefix"),
                        "1 to 12 capital letters and digits");
        }
    }

    const std::string funding_path = SectionReader::join(root, "funding");
    const Json& funding = reader.object(reader.member(section, root, "funding"), funding_path,
                                        {"race_split", "tranche_conditions"});
    policy.race_split = reader.choice_member(funding, funding_path, "race_split", {"equal"});
    const std::string conditions_path = SectionReader::join(funding_path, "tranche_conditions");
    const Json& conditions =
        reader.list(reader.member(funding, funding_path, "tranche_conditions"), conditions_path);
    for (std::size_t position = 0; position < conditions.size(); ++position) {
        const std::string item_path = SectionReader::index(conditions_path, position);
        const Json& entry =
            reader.object(conditions[position], item_path, {"tranche", "project_type", "condition"});
        TrancheConditionRule rule;
        rule.tranche_id = reader.identifier(reader.member(entry, item_path, "tranche"),
                                            SectionReader::join(item_path, "tranche"));
        if (const Json* type = reader.optional_member(entry, item_path, "project_type"))
            rule.project_type_id = reader.identifier(*type, SectionReader::join(item_path, "project_type"));
        rule.condition =
            reader.choice_member(entry, item_path, "condition",
                                 {"agreement_signed", "approved", "midterm_passed", "acceptance_passed"});
        for (const TrancheConditionRule& earlier : policy.tranche_conditions) {
            if (earlier.tranche_id == rule.tranche_id && earlier.project_type_id == rule.project_type_id)
                reader.fail("profile.duplicate_code", item_path,
                            "a condition for this tranche exists already");
        }
        policy.tranche_conditions.push_back(std::move(rule));
    }
}

void read_implementation_and_acceptance(const SectionReader& reader, const Json& section,
                                        LifecyclePolicy& policy) {
    const std::string root(section_path);
    const std::string implementation_path = SectionReader::join(root, "implementation");
    const Json& implementation =
        reader.object(reader.member(section, root, "implementation"), implementation_path,
                      {"midterm_review_required", "progress_report_period", "extension_allowed",
                       "termination_allowed", "recoverable"});
    policy.midterm_review_required =
        reader.boolean_member(implementation, implementation_path, "midterm_review_required");
    policy.progress_report_period = reader.choice_member(
        implementation, implementation_path, "progress_report_period", {"none", "monthly", "quarterly"});
    policy.extension_allowed =
        reader.boolean_member(implementation, implementation_path, "extension_allowed");
    policy.termination_allowed =
        reader.boolean_member(implementation, implementation_path, "termination_allowed");
    const std::string recoverable_path = SectionReader::join(implementation_path, "recoverable");
    const Json& recoverable =
        reader.list(reader.member(implementation, implementation_path, "recoverable"), recoverable_path);
    for (std::size_t position = 0; position < recoverable.size(); ++position) {
        const std::string item_path = SectionReader::index(recoverable_path, position);
        std::string kind = reader.text(recoverable[position], item_path);
        if (kind != "unspent" && kind != "misused")
            reader.fail("profile.invalid_value", item_path, "\"unspent\" or \"misused\"");
        if (policy.is_recoverable(kind))
            reader.fail("profile.duplicate_code", item_path, "named twice");
        policy.recoverable.push_back(std::move(kind));
    }
    if (!policy.recoverable.empty() && !policy.termination_allowed) {
        reader.fail("profile.invalid_value", recoverable_path,
                    "recovery applies only when termination_allowed");
    }

    const std::string acceptance_path = SectionReader::join(root, "acceptance");
    const Json& acceptance = reader.object(reader.member(section, root, "acceptance"), acceptance_path,
                                           {"application_within_months_after_end", "conditions"});
    policy.acceptance_application_months =
        reader.integer_member(acceptance, acceptance_path, "application_within_months_after_end", 0, 24);
    const std::string conditions_path = SectionReader::join(acceptance_path, "conditions");
    const Json& conditions =
        reader.list(reader.member(acceptance, acceptance_path, "conditions"), conditions_path);
    for (std::size_t position = 0; position < conditions.size(); ++position) {
        const std::string item_path = SectionReader::index(conditions_path, position);
        const Json& entry = reader.object(conditions[position], item_path, {"id", "name"});
        AcceptanceConditionRule rule;
        rule.id =
            reader.identifier(reader.member(entry, item_path, "id"), SectionReader::join(item_path, "id"));
        rule.name = reader.local_text(reader.member(entry, item_path, "name"),
                                      SectionReader::join(item_path, "name"));
        if (policy.acceptance_condition(rule.id) != nullptr)
            reader.fail("profile.duplicate_code", SectionReader::join(item_path, "id"),
                        "condition named twice");
        policy.acceptance_conditions.push_back(std::move(rule));
    }
}

// The keys `assumed` may name: "part.key" of the section.
const std::set<std::string, std::less<>>& assumable_keys() {
    static const std::set<std::string, std::less<>> keys = {"selection.enterprise_listing",
                                                            "selection.non_enterprise_listing",
                                                            "review.score_maximum",
                                                            "agreement.signing_period_days",
                                                            "agreement.forfeit_when_unsigned",
                                                            "agreement.contract_registration_required",
                                                            "approval.public_notice_days",
                                                            "approval.public_notice_waivable",
                                                            "approval.project_number_prefix",
                                                            "funding.race_split",
                                                            "funding.tranche_conditions",
                                                            "implementation.midterm_review_required",
                                                            "implementation.progress_report_period",
                                                            "implementation.extension_allowed",
                                                            "implementation.termination_allowed",
                                                            "implementation.recoverable",
                                                            "acceptance.application_within_months_after_end",
                                                            "acceptance.conditions"};
    return keys;
}

void read_assumed(const SectionReader& reader, const Json& section, LifecyclePolicy& policy) {
    const Json* assumed = reader.optional_member(section, std::string(section_path), "assumed");
    if (assumed == nullptr)
        return;
    const std::string path = SectionReader::join(std::string(section_path), "assumed");
    reader.list(*assumed, path);
    for (std::size_t position = 0; position < assumed->size(); ++position) {
        const std::string item_path = SectionReader::index(path, position);
        std::string key = reader.text((*assumed)[position], item_path);
        if (!assumable_keys().contains(key))
            reader.fail("profile.unknown_reference", item_path, "not a key of the lifecycle section");
        policy.assumed.push_back(std::move(key));
    }
}

// [SECTION] cross-checks against the profile

void check_against_profile(const SectionReader& reader, const Profile& profile,
                           const LifecyclePolicy& policy) {
    const std::string conditions_path = "lifecycle.funding.tranche_conditions";
    for (std::size_t position = 0; position < policy.tranche_conditions.size(); ++position) {
        const TrancheConditionRule& rule = policy.tranche_conditions[position];
        const std::string item_path = SectionReader::index(conditions_path, position);
        if (!rule.project_type_id.empty() && profile.project_type(rule.project_type_id) == nullptr)
            reader.fail("profile.unknown_reference", item_path + ".project_type", "not in project_types");
        bool tranche_exists = false;
        for (const FundingScheme& scheme : profile.funding.schemes) {
            if (scheme.subsidy_kind != profile.funding.default_subsidy_kind)
                continue;
            if (!rule.project_type_id.empty() && !scheme.project_type_id.empty() &&
                scheme.project_type_id != rule.project_type_id)
                continue;
            for (const FundingTrancheRule& tranche : scheme.tranches)
                tranche_exists = tranche_exists || tranche.id == rule.tranche_id;
        }
        if (!tranche_exists) {
            reader.fail("profile.unknown_reference", item_path + ".tranche",
                        "no scheme of subsidy kind " + profile.funding.default_subsidy_kind +
                            " has tranche " + rule.tranche_id);
        }
    }
    // Every tranche a project can be planned with has a condition (invariant 2).
    for (const FundingScheme& scheme : profile.funding.schemes) {
        if (scheme.subsidy_kind != profile.funding.default_subsidy_kind)
            continue;
        std::vector<std::string> types;
        if (scheme.project_type_id.empty() && !profile.project_types.empty()) {
            for (const ProjectType& type : profile.project_types)
                types.push_back(type.id);
        } else {
            types.push_back(scheme.project_type_id);
        }
        for (const FundingTrancheRule& tranche : scheme.tranches) {
            for (const std::string& type : types) {
                if (policy.tranche_condition(tranche.id, type).empty()) {
                    reader.fail("profile.missing_key", conditions_path,
                                "no condition for tranche " + tranche.id +
                                    (type.empty() ? std::string() : " of project type " + type));
                }
            }
        }
    }
    if (profile.has_mechanism("race") && profile.limits.race_minimum_solvers < 2) {
        reader.fail("profile.invalid_value", "limits.race_minimum_solvers",
                    "a city with the race mechanism chooses at least 2 solvers");
    }
}

}  // namespace

Result<LifecyclePolicy> parse_lifecycle_section(std::string_view section_json, const Profile& profile,
                                                std::string_view file_name) {
    Result<Json> parsed = strict_json::parse(section_json, std::string(file_name) + " lifecycle");
    if (!parsed)
        return parsed.error();
    try {
        const SectionReader reader{std::string(file_name)};
        const Json& section = reader.object(parsed.value(), std::string(section_path),
                                            {"stages", "selection", "review", "agreement", "approval",
                                             "funding", "implementation", "acceptance", "assumed"});
        LifecyclePolicy policy;
        read_stages(reader, section, policy);
        read_selection_review_agreement(reader, section, policy);
        read_approval_and_funding(reader, section, policy);
        read_implementation_and_acceptance(reader, section, policy);
        read_assumed(reader, section, policy);
        check_against_profile(reader, profile, policy);
        return policy;
    } catch (const strict_json::ReadFailure& failure) {
        return failure.error;
    } catch (const std::exception& failure) {
        return Error("profile.invalid_value", std::string(section_path),
                     std::string(file_name) + ": " + failure.what())
            .with("file", std::string(file_name))
            .with("key", std::string(section_path))
            .with("reason", failure.what());
    }
}

}  // namespace jiebang

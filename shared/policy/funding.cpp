// shared/policy/funding.cpp — the funding calculator: which scheme of the profile applies, the subsidy
// (rate x amount capped, or a fixed sum), the tranches and the city:county cost shares.
// Invariants: arithmetic is exact in hundredths of wan yuan (10,000 yuan) (int64), each rounding is half-up
// to 0.01 wan, the tranches and the shares each add up to the subsidy exactly (the last part takes the
// remainder), and no city rule lives here — rates, caps, minimums, tranches and splits all come from the
// profile.
#include "shared/policy/funding.hpp"

#include <limits>

#include <nlohmann/json.hpp>

namespace jiebang {

namespace {

// Amounts above this are refused so that amount x basis points cannot overflow int64.
constexpr std::int64_t largest_hundredths = std::numeric_limits<std::int64_t>::max() / 10000 - 1;

// hundredths x basis_points / 10000, rounded half-up (both non-negative).
MoneyWan apply_basis_points(MoneyWan amount, int basis_points) {
    return MoneyWan{(amount.hundredths * basis_points + 5000) / 10000};
}

template <class Part>
void split_by_basis_points(MoneyWan total, std::vector<Part>& parts) {
    std::int64_t assigned = 0;
    for (std::size_t position = 0; position < parts.size(); ++position) {
        if (position + 1 == parts.size()) {
            parts[position].amount = MoneyWan{total.hundredths - assigned};
        } else {
            parts[position].amount = apply_basis_points(total, parts[position].basis_points);
            assigned += parts[position].amount.hundredths;
        }
    }
}

}  // namespace

Result<FundingResult> calculate_funding(const Profile& profile, const FundingRequest& request) {
    if (request.amount.hundredths < 0) {
        return Error("money.negative", "amount", "the amount is negative")
            .with("value", format_money_wan(request.amount));
    }
    if (request.amount.hundredths > largest_hundredths) {
        return Error("money.too_large", "amount", "the amount is too large to calculate with")
            .with("value", format_money_wan(request.amount));
    }

    const std::string subsidy_kind =
        request.subsidy_kind.empty() ? profile.funding.default_subsidy_kind : request.subsidy_kind;
    bool kind_known = false;
    for (const FundingScheme& candidate : profile.funding.schemes) {
        if (candidate.subsidy_kind == subsidy_kind)
            kind_known = true;
    }
    if (!kind_known) {
        return Error("funding.unknown_subsidy_kind", "subsidy_kind",
                     "profile " + profile.id + " has no subsidy kind " + subsidy_kind)
            .with("subsidy_kind", subsidy_kind);
    }

    if (!profile.project_types.empty()) {
        if (profile.project_type(request.project_type_id) == nullptr) {
            return Error("funding.unknown_project_type", "project_type",
                         request.project_type_id.empty()
                             ? "profile " + profile.id + " needs a project type"
                             : "profile " + profile.id + " has no project type " + request.project_type_id)
                .with("project_type", request.project_type_id);
        }
    } else if (!request.project_type_id.empty()) {
        return Error("funding.unknown_project_type", "project_type",
                     "profile " + profile.id + " does not use project types")
            .with("project_type", request.project_type_id);
    }
    const FundingScheme* scheme = profile.funding.scheme(subsidy_kind, request.project_type_id);
    if (scheme == nullptr) {
        return Error("funding.unknown_subsidy_kind", "subsidy_kind",
                     "no scheme for subsidy kind " + subsidy_kind + " and project type " +
                         request.project_type_id)
            .with("subsidy_kind", subsidy_kind);
    }

    std::string group_id = "city_level";
    if (!request.county_admin_code.empty()) {
        const County* county = profile.county_by_code(request.county_admin_code);
        if (county == nullptr) {
            return Error("funding.unknown_county", "county",
                         "county " + request.county_admin_code + " is not in " + profile.id)
                .with("county", request.county_admin_code);
        }
        group_id = county->cost_share_group;
    }
    const CostShareGroup* group = scheme->cost_share_group(group_id);
    if (group == nullptr) {  // a loaded profile always has one; guard against hand-built profiles
        return Error("funding.unknown_county", "county", "no cost-share split for group " + group_id)
            .with("county", request.county_admin_code);
    }

    FundingResult result;
    result.subsidy_kind = subsidy_kind;
    result.project_type_id = request.project_type_id;
    result.scheme_name = scheme->name;
    result.method = scheme->method;
    result.amount_basis = scheme->amount_basis;
    result.county_admin_code = request.county_admin_code;
    result.cost_share_group = group_id;
    result.rule_keys = scheme->explanation_keys;

    if (scheme->method == "fixed") {
        result.base = request.amount;
        result.rate_basis_points = 0;
        result.subsidy = scheme->fixed_amount;
    } else {
        if (scheme->minimum_amount.hundredths > 0 && request.amount < scheme->minimum_amount) {
            return Error("funding.below_minimum", "amount",
                         "the amount is below the minimum of " + format_money_wan(scheme->minimum_amount) +
                             " wan")
                .with("minimum", format_money_wan(scheme->minimum_amount))
                .with("value", format_money_wan(request.amount));
        }
        result.base = request.amount;
        result.rate_basis_points = scheme->rate_basis_points;
        result.cap = scheme->cap;
        result.subsidy = apply_basis_points(request.amount, scheme->rate_basis_points);
        if (scheme->cap.hundredths > 0 && result.subsidy > scheme->cap) {
            result.subsidy = scheme->cap;
            result.capped = true;
            result.rule_keys.push_back("policy.funding.capped");
        }
    }

    for (const FundingTrancheRule& rule : scheme->tranches) {
        result.tranches.push_back(FundingTranche{rule.id, rule.name, rule.basis_points, MoneyWan{}});
    }
    split_by_basis_points(result.subsidy, result.tranches);
    for (const CostShare& share : group->shares) {
        result.shares.push_back(FundingShare{share.party, share.name, share.basis_points, MoneyWan{}});
    }
    split_by_basis_points(result.subsidy, result.shares);
    result.rule_keys.push_back(group->explanation_key);
    return result;
}

std::string funding_result_to_json(const FundingResult& result) {
    nlohmann::ordered_json document;
    document["subsidy_kind"] = result.subsidy_kind;
    document["project_type"] = result.project_type_id;
    document["scheme_name_zh"] = result.scheme_name.chinese;
    document["scheme_name_en"] = result.scheme_name.english;
    document["method"] = result.method;
    document["amount_basis"] = result.amount_basis;
    document["amount_wan"] = format_money_wan(result.base);
    document["rate_basis_points"] = result.rate_basis_points;
    document["cap_wan"] = result.cap.hundredths > 0 ? nlohmann::ordered_json(format_money_wan(result.cap))
                                                    : nlohmann::ordered_json(nullptr);
    document["capped"] = result.capped;
    document["subsidy_wan"] = format_money_wan(result.subsidy);
    document["county_admin_code"] = result.county_admin_code;
    document["cost_share_group"] = result.cost_share_group;
    nlohmann::ordered_json tranches = nlohmann::ordered_json::array();
    for (const FundingTranche& tranche : result.tranches) {
        tranches.push_back({{"id", tranche.id},
                            {"name_zh", tranche.name.chinese},
                            {"name_en", tranche.name.english},
                            {"basis_points", tranche.basis_points},
                            {"amount_wan", format_money_wan(tranche.amount)}});
    }
    document["tranches"] = std::move(tranches);
    nlohmann::ordered_json shares = nlohmann::ordered_json::array();
    for (const FundingShare& share : result.shares) {
        shares.push_back({{"party", share.party},
                          {"name_zh", share.name.chinese},
                          {"name_en", share.name.english},
                          {"basis_points", share.basis_points},
                          {"amount_wan", format_money_wan(share.amount)}});
    }
    document["cost_shares"] = std::move(shares);
    document["rule_keys"] = result.rule_keys;
    return document.dump(2);
}

}  // namespace jiebang

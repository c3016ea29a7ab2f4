// shared/policy/rules.cpp — the cross-field rules a city profile lists (profile "rules"), applied to a
// demand or bid after the per-field checks. Which rules apply, to which fields and with which numbers is
// data in the profile; this file knows the rule kinds, in one registry (rule_kinds(), at the end) that
// gives each kind's parameter table beside its check. The kinds and the codes they report:
//   share_within_total          money.share_exceeds_total: the solver's share is above the total budget
//   issuer_scale                eligibility.revenue_or_rnd: none of revenue >= X, R&D >= Y % of revenue,
//                               the declared title (Jiangmen "innovation model")
//   money_minimum               <code>: a money field below a minimum (Jiangmen total R&D, Jingdezhen bounty)
//   integer_maximum             <code>: a whole number above a maximum (duration in months)
//   issuer_inside_city          eligibility.issuer_outside_city: the issuer's USCC is registered elsewhere
//   local_host_required         bid.local_host_required / bid.local_host_outside_city (Jingdezhen rules,
//                               article 5 (5))
//   consortium_members          bid.consortium_members_required / bid.consortium_member_duplicate /
//                               bid.consortium_member_is_solver
//   solver_not_issuer           bid.solver_is_issuer (a solver may not be the issuer itself, nor a branch of
//                               it: names compared without brackets' width, spaces and the branch part;
//                               and, where the board carries the issuer's USCC (board schema 2), the same
//                               USCC under any name)
//   listing_solver_restriction  bid.solver_kind_not_allowed / bid.solver_outside_city (Jiaxing transfer)
// Invariants: those of rules.hpp; in particular a rule whose inputs are missing or malformed stays silent —
// the per-field check already reports those, and one mistake gets one message.
//
// Index: [SECTION] reading values, [SECTION] rule kinds, [SECTION] registry, [SECTION] entry point
#include "shared/policy/rules.hpp"

#include <algorithm>
#include <cassert>
#include <optional>
#include <set>

#include "shared/validate/validators.hpp"

namespace jiebang {

namespace {

// [SECTION] reading values

std::string trimmed(std::string_view text) {
    const auto is_space = [](std::string_view rest) -> std::size_t {
        if (rest.empty())
            return 0;
        const char first = rest.front();
        if (first == ' ' || first == '\t' || first == '\r' || first == '\n')
            return 1;
        if (rest.substr(0, 3) == "\xE3\x80\x80")
            return 3;  // ideographic space U+3000
        return 0;
    };
    while (std::size_t width = is_space(text))
        text.remove_prefix(width);
    while (!text.empty()) {
        if (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n') {
            text.remove_suffix(1);
        } else if (text.size() >= 3 && text.substr(text.size() - 3) == "\xE3\x80\x80") {
            text.remove_suffix(3);
        } else {
            break;
        }
    }
    return std::string(text);
}

std::string text_value(const FieldValues& values, std::string_view field_id) {
    const auto found = values.find(field_id);
    if (found == values.end())
        return {};
    if (const auto* text = std::get_if<std::string>(&found->second))
        return trimmed(*text);
    return {};
}

bool declared(const FieldValues& values, std::string_view field_id) {
    const auto found = values.find(field_id);
    if (found == values.end())
        return false;
    if (const auto* flag = std::get_if<bool>(&found->second))
        return *flag;
    if (const auto* text = std::get_if<std::string>(&found->second))
        return trimmed(*text) == "true";
    return false;
}

std::vector<std::string> list_value(const FieldValues& values, std::string_view field_id) {
    std::vector<std::string> items;
    const auto found = values.find(field_id);
    if (found == values.end())
        return items;
    if (const auto* list = std::get_if<std::vector<std::string>>(&found->second)) {
        for (const std::string& item : *list) {
            std::string clean = trimmed(item);
            if (!clean.empty())
                items.push_back(std::move(clean));
        }
    }
    return items;
}

std::optional<MoneyWan> money_value(const FieldValues& values, std::string_view field_id) {
    const std::string text = text_value(values, field_id);
    if (text.empty())
        return std::nullopt;
    Result<MoneyWan> money = parse_money_wan(text);
    if (!money)
        return std::nullopt;
    return money.value();
}

std::optional<std::int64_t> integer_value(const FieldValues& values, std::string_view field_id) {
    const std::string text = text_value(values, field_id);
    if (text.empty())
        return std::nullopt;
    Result<std::int64_t> number = parse_integer(text);
    if (!number)
        return std::nullopt;
    return number.value();
}

// Where a USCC field's unit is registered: nullopt when the code is missing or invalid (reported by the
// field check), true when inside the profile's city (a county or city level), false when outside.
std::optional<bool> uscc_inside_city(const FieldValues& values, std::string_view field_id,
                                     const Profile& profile) {
    const std::string text = text_value(values, field_id);
    if (text.empty())
        return std::nullopt;
    Result<UsccInfo> uscc = check_uscc(text);
    if (!uscc)
        return std::nullopt;
    Result<UsccRegion> region = uscc_region(uscc.value(), profile);
    return region.ok();
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

const Listing* chosen_listing(const ValidationContext& context, const FieldValues& values,
                              const ProfileRule& rule) {
    if (context.board == nullptr)
        return nullptr;
    const std::string listing_id = text_value(values, rule.text_parameter("listing_field"));
    if (listing_id.empty())
        return nullptr;
    return context.board->listing(listing_id);
}

Error rule_error(const ProfileRule& rule, std::string code, const std::string& field, std::string detail) {
    Error error(std::move(code), field, std::move(detail));
    error.with("rule", rule.kind);
    return error;
}

// [SECTION] rule kinds

// Every check has the registry's one signature (RuleCheck); context.profile is set when a check runs.

void share_within_total(const ProfileRule& rule, const ValidationContext&, const FieldValues& values,
                        std::vector<Error>& errors) {
    const auto total = money_value(values, rule.text_parameter("total_field"));
    const auto share = money_value(values, rule.text_parameter("share_field"));
    if (!total || !share || *share <= *total)
        return;
    errors.push_back(rule_error(rule, rule.error_code, rule.text_parameter("share_field"),
                                "the solver's share is above the total budget")
                         .with("share", format_money_wan(*share))
                         .with("total", format_money_wan(*total)));
}

void issuer_scale(const ProfileRule& rule, const ValidationContext&, const FieldValues& values,
                  std::vector<Error>& errors) {
    if (declared(values, rule.text_parameter("declaration_field")))
        return;
    const auto revenue = money_value(values, rule.text_parameter("revenue_field"));
    const auto research = money_value(values, rule.text_parameter("rnd_field"));
    if (!revenue || !research)
        return;
    const MoneyWan minimum_revenue{rule.number_parameter("minimum_revenue_wan")};
    const std::int64_t minimum_ratio = rule.number_parameter("minimum_rnd_percent");  // basis points
    if (*revenue >= minimum_revenue)
        return;
    // R&D / revenue >= ratio, exactly: research x 10000 >= revenue x ratio (both below 10^14 hundredths).
    if (revenue->hundredths > 0 && research->hundredths * 10000 >= revenue->hundredths * minimum_ratio)
        return;
    errors.push_back(rule_error(rule, rule.error_code, rule.text_parameter("revenue_field"),
                                "none of the issuer conditions holds (revenue, R&D ratio, declared title)")
                         .with("minimum_revenue", format_money_wan(minimum_revenue))
                         .with("minimum_rnd_percent", format_money_wan(MoneyWan{minimum_ratio}))
                         .with("revenue", format_money_wan(*revenue))
                         .with("rnd", format_money_wan(*research)));
}

void money_minimum(const ProfileRule& rule, const ValidationContext&, const FieldValues& values,
                   std::vector<Error>& errors) {
    const auto amount = money_value(values, rule.text_parameter("field"));
    const MoneyWan minimum{rule.number_parameter("minimum_wan")};
    if (!amount || *amount >= minimum)
        return;
    errors.push_back(
        rule_error(rule, rule.error_code, rule.text_parameter("field"), "the amount is below the minimum")
            .with("minimum", format_money_wan(minimum))
            .with("value", format_money_wan(*amount)));
}

void integer_maximum(const ProfileRule& rule, const ValidationContext&, const FieldValues& values,
                     std::vector<Error>& errors) {
    const auto number = integer_value(values, rule.text_parameter("field"));
    const std::int64_t maximum = rule.number_parameter("maximum");
    if (!number || *number <= maximum)
        return;
    errors.push_back(
        rule_error(rule, rule.error_code, rule.text_parameter("field"), "the number is above the maximum")
            .with("maximum", std::to_string(maximum))
            .with("value", std::to_string(*number)));
}

void issuer_inside_city(const ProfileRule& rule, const ValidationContext& context, const FieldValues& values,
                        std::vector<Error>& errors) {
    const Profile& profile = *context.profile;
    const std::string& kind_field = rule.text_parameter("kind_field");
    const std::vector<std::string>& kinds = rule.list_parameter("kinds");
    if (!kind_field.empty() && !kinds.empty() && !contains(kinds, text_value(values, kind_field)))
        return;
    const auto inside = uscc_inside_city(values, rule.text_parameter("uscc_field"), profile);
    if (!inside || *inside)
        return;
    errors.push_back(rule_error(rule, rule.error_code, rule.text_parameter("uscc_field"),
                                "the issuer is registered outside the city")
                         .with("city", profile.city_name.chinese));
}

// Whether the chosen listing and the solver's kind and registration call for a local host enterprise.
bool local_host_needed(const ProfileRule& rule, const ValidationContext& context, const FieldValues& values) {
    const Listing* listing = chosen_listing(context, values, rule);
    if (listing == nullptr || !contains(rule.list_parameter("listing_issuer_kinds"), listing->issuer_kind))
        return false;
    const std::string solver_kind = text_value(values, rule.text_parameter("solver_kind_field"));
    if (contains(rule.list_parameter("always_kinds"), solver_kind))
        return true;
    if (!contains(rule.list_parameter("outside_city_kinds"), solver_kind))
        return false;
    const auto inside = uscc_inside_city(values, rule.text_parameter("solver_uscc_field"), *context.profile);
    return inside.has_value() && !*inside;
}

bool local_host_asks_for(const ProfileRule& rule, const ValidationContext& context, const FieldValues& values,
                         std::string_view field_id) {
    if (field_id != rule.text_parameter("host_name_field") &&
        field_id != rule.text_parameter("host_uscc_field"))
        return false;
    // A listing this store's board does not hold (it left the board; staff reprint an old bid): the rule
    // cannot tell, so the fields are asked rather than hidden.
    const std::string listing_id = text_value(values, rule.text_parameter("listing_field"));
    if (!listing_id.empty() && chosen_listing(context, values, rule) == nullptr)
        return true;
    return local_host_needed(rule, context, values);
}

void local_host_required(const ProfileRule& rule, const ValidationContext& context, const FieldValues& values,
                         std::vector<Error>& errors) {
    const Profile& profile = *context.profile;
    if (!local_host_needed(rule, context, values))
        return;
    const std::string& host_name_field = rule.text_parameter("host_name_field");
    const std::string& host_uscc_field = rule.text_parameter("host_uscc_field");
    if (text_value(values, host_name_field).empty()) {
        errors.push_back(
            rule_error(rule, rule.error_code, host_name_field, "a local host enterprise must be named")
                .with("city", profile.city_name.chinese));
    }
    if (text_value(values, host_uscc_field).empty()) {
        errors.push_back(rule_error(rule, rule.error_code, host_uscc_field, "the local host's USCC is needed")
                             .with("city", profile.city_name.chinese));
        return;
    }
    const auto host_inside = uscc_inside_city(values, host_uscc_field, profile);
    if (host_inside.has_value() && !*host_inside) {
        errors.push_back(rule_error(rule, "bid.local_host_outside_city", host_uscc_field,
                                    "the local host is registered outside the city")
                             .with("city", profile.city_name.chinese));
    }
}

void consortium_members(const ProfileRule& rule, const ValidationContext&, const FieldValues& values,
                        std::vector<Error>& errors) {
    if (text_value(values, rule.text_parameter("solver_kind_field")) !=
        rule.text_parameter("consortium_kind"))
        return;
    const std::string& members_field = rule.text_parameter("members_field");
    const std::vector<std::string> members = list_value(values, members_field);
    const std::int64_t minimum = rule.number_parameter("minimum_members");
    if (static_cast<std::int64_t>(members.size()) < minimum) {
        errors.push_back(
            rule_error(rule, rule.error_code, members_field, "a consortium names its other members")
                .with("minimum", std::to_string(minimum)));
        return;
    }
    std::set<std::string> seen;
    for (const std::string& member : members) {
        if (!seen.insert(member).second) {
            errors.push_back(
                rule_error(rule, "bid.consortium_member_duplicate", members_field, "a member is listed twice")
                    .with("member", member));
            return;
        }
    }
    const std::string solver_name = text_value(values, rule.text_parameter("solver_name_field"));
    if (!solver_name.empty() && seen.count(solver_name) != 0) {
        errors.push_back(rule_error(rule, "bid.consortium_member_is_solver", members_field,
                                    "the lead unit is listed again as a member")
                             .with("member", solver_name));
    }
}

// An organisation's name as the affiliation check compares it: full-width forms as ASCII (so the brackets
// U+FF08/U+FF09 are '(' and ')'), no spaces, Latin letters in upper case, and without the part that names a
// branch: a bracketed part holding one of `branch_markers` ("Parent Co. (X branch)") or a trailing branch
// name after the last of `parent_endings` ("Parent Co. X branch" -> "Parent Co."). The markers and endings
// are the profile's data (Chinese words stay out of code).
std::string organisation_key(std::string_view name, const std::vector<std::string>& branch_markers,
                             const std::vector<std::string>& parent_endings) {
    const auto half_width = to_half_width(name);
    if (!half_width)
        return trimmed(name);
    std::string key;
    for (std::size_t index = 0; index < half_width->size(); ++index) {
        const char character = (*half_width)[index];
        if (character == ' ' || character == '\t' || character == '\r' || character == '\n')
            continue;
        key.push_back(character >= 'a' && character <= 'z' ? static_cast<char>(character - 'a' + 'A')
                                                           : character);
    }
    const auto names_branch = [&branch_markers](std::string_view part) {
        return std::any_of(branch_markers.begin(), branch_markers.end(), [part](const std::string& marker) {
            return !marker.empty() && part.find(marker) != std::string_view::npos;
        });
    };
    // Bracketed parts naming a branch, wherever they stand.
    for (std::size_t open = key.find('('); open != std::string::npos; open = key.find('(', open)) {
        const std::size_t close = key.find(')', open);
        if (close == std::string::npos)
            break;
        if (names_branch(std::string_view(key).substr(open, close - open))) {
            key.erase(open, close - open + 1);
        } else {
            open = close;
        }
    }
    // A branch named after the parent without brackets: cut after the parent's last legal ending.
    for (const std::string& marker : branch_markers) {
        if (marker.empty() || !key.ends_with(marker))
            continue;
        const std::size_t marker_start = key.size() - marker.size();
        std::size_t parent_end = std::string::npos;
        for (const std::string& ending : parent_endings) {
            if (ending.empty() || marker_start < ending.size())
                continue;
            const std::size_t found = key.rfind(ending, marker_start - ending.size());
            if (found != std::string::npos &&
                (parent_end == std::string::npos || found + ending.size() > parent_end))
                parent_end = found + ending.size();
        }
        if (parent_end != std::string::npos && parent_end < marker_start)
            key.erase(parent_end);
        break;
    }
    return key;
}

void solver_not_issuer(const ProfileRule& rule, const ValidationContext& context, const FieldValues& values,
                       std::vector<Error>& errors) {
    const Listing* listing = chosen_listing(context, values, rule);
    if (listing == nullptr)
        return;
    // The same unit under another name: the USCCs, as check_uscc normalises them (case, width, spaces).
    const std::string& uscc_field = rule.text_parameter("solver_uscc_field");
    if (!uscc_field.empty() && !listing->issuer_uscc.empty()) {
        Result<UsccInfo> solver_uscc = check_uscc(text_value(values, uscc_field));
        Result<UsccInfo> issuer_uscc = check_uscc(listing->issuer_uscc);
        if (solver_uscc && issuer_uscc && solver_uscc->code == issuer_uscc->code) {
            errors.push_back(rule_error(rule, rule.error_code, uscc_field,
                                        "the solver's USCC is the issuer's: the same unit may not bid"));
            return;
        }
    }
    const std::string solver_name = text_value(values, rule.text_parameter("solver_name_field"));
    if (solver_name.empty())
        return;
    const std::vector<std::string>& markers = rule.list_parameter("branch_markers");
    const std::vector<std::string>& endings = rule.list_parameter("parent_endings");
    const std::string solver_key = organisation_key(solver_name, markers, endings);
    if (solver_key.empty() || solver_key != organisation_key(listing->issuer_name, markers, endings))
        return;
    errors.push_back(rule_error(rule, rule.error_code, rule.text_parameter("solver_name_field"),
                                "the solver is the issuer of the listing, or a branch of it"));
}

void listing_solver_restriction(const ProfileRule& rule, const ValidationContext& context,
                                const FieldValues& values, std::vector<Error>& errors) {
    const Listing* listing = chosen_listing(context, values, rule);
    if (listing == nullptr ||
        !contains(rule.list_parameter("listing_project_types"), listing->project_type_id))
        return;
    const std::string& kind_field = rule.text_parameter("solver_kind_field");
    const std::string solver_kind = text_value(values, kind_field);
    if (solver_kind.empty())
        return;
    if (!contains(rule.list_parameter("allowed_kinds"), solver_kind)) {
        errors.push_back(
            rule_error(rule, rule.error_code, kind_field, "this kind of solver may not bid on the listing")
                .with("project_type", listing->project_type_id));
        return;
    }
    const std::string& uscc_field = rule.text_parameter("solver_uscc_field");
    const auto inside = uscc_inside_city(values, uscc_field, *context.profile);
    if (inside.has_value() && !*inside) {
        errors.push_back(rule_error(rule, "bid.solver_outside_city", uscc_field,
                                    "the solver must be registered inside the city for this listing")
                             .with("city", context.profile->city_name.chinese));
    }
}

}  // namespace

// [SECTION] registry

const std::vector<RuleKind>& rule_kinds() {
    using enum RuleParameterType;
    static const std::vector<RuleKind> kinds = {
        {"share_within_total",
         "",
         "money.share_exceeds_total",
         {{"total_field", Field, true}, {"share_field", Field, true}},
         share_within_total},
        {"issuer_scale",
         "demand",
         "eligibility.revenue_or_rnd",
         {{"revenue_field", Field, true},
          {"rnd_field", Field, true},
          {"declaration_field", Field, true},
          {"minimum_revenue_wan", Money, true},
          {"minimum_rnd_percent", Percent, true}},
         issuer_scale},
        {"money_minimum", "", "", {{"field", Field, true}, {"minimum_wan", Money, true}}, money_minimum},
        {"integer_maximum", "", "", {{"field", Field, true}, {"maximum", Integer, true}}, integer_maximum},
        {"issuer_inside_city",
         "demand",
         "eligibility.issuer_outside_city",
         {{"uscc_field", Field, true}, {"kind_field", Field, false}, {"kinds", List, false}},
         issuer_inside_city},
        {"local_host_required",
         "bid",
         "bid.local_host_required",
         {{"listing_field", Field, true},
          {"listing_issuer_kinds", List, true},
          {"solver_kind_field", Field, true},
          {"always_kinds", SolverKinds, true},
          {"outside_city_kinds", SolverKinds, true},
          {"solver_uscc_field", Field, true},
          {"host_name_field", Field, true},
          {"host_uscc_field", Field, true}},
         local_host_required,
         local_host_asks_for},
        {"consortium_members",
         "bid",
         "bid.consortium_members_required",
         {{"solver_kind_field", Field, true},
          {"consortium_kind", Text, true},
          {"members_field", Field, true},
          {"solver_name_field", Field, true},
          {"minimum_members", Integer, true}},
         consortium_members},
        {"solver_not_issuer",
         "bid",
         "bid.solver_is_issuer",
         {{"listing_field", Field, true},
          {"solver_name_field", Field, true},
          {"solver_uscc_field", Field, false},
          {"branch_markers", List, false},
          {"parent_endings", List, false}},
         solver_not_issuer},
        {"listing_solver_restriction",
         "bid",
         "bid.solver_kind_not_allowed",
         {{"listing_field", Field, true},
          {"listing_project_types", ProjectTypes, true},
          {"solver_kind_field", Field, true},
          {"allowed_kinds", SolverKinds, true},
          {"solver_uscc_field", Field, true}},
         listing_solver_restriction},
    };
    return kinds;
}

const RuleKind* find_rule_kind(const std::vector<RuleKind>& kinds, std::string_view kind) {
    for (const RuleKind& candidate : kinds) {
        if (candidate.kind == kind)
            return &candidate;
    }
    return nullptr;
}

// [SECTION] entry point

std::vector<Error> check_profile_rules(const ValidationContext& context, const FieldValues& values) {
    std::vector<Error> errors;
    if (context.profile == nullptr || context.form == nullptr)
        return errors;
    for (const ProfileRule* rule : context.profile->rules_for(context.form->id)) {
        const RuleKind* kind = find_rule_kind(rule_kinds(), rule->kind);
        if (kind == nullptr || kind->check == nullptr) {
            // Only a hand-built profile gets here (the loader refuses such a rule): fail closed.
            errors.push_back(Error("rule.unknown_kind", "", "the profile names a rule kind that has no check")
                                 .with("rule", rule->kind));
            continue;
        }
        assert(context.profile != nullptr);  // the checks read the profile
        kind->check(*rule, context, values, errors);
    }
    return errors;
}

bool rule_asks_for_field(const ValidationContext& context, const FieldValues& values, std::string_view kind,
                         std::string_view field_id) {
    if (context.profile == nullptr || context.form == nullptr)
        return false;
    const RuleKind* rule_kind = find_rule_kind(rule_kinds(), kind);
    if (rule_kind == nullptr || rule_kind->asks_for_field == nullptr)
        return false;
    for (const ProfileRule* rule : context.profile->rules_for(context.form->id)) {
        if (rule->kind == kind && rule_kind->asks_for_field(*rule, context, values, field_id))
            return true;
    }
    return false;
}

Status check_acceptance_completion(const Profile& profile, int completion_basis_points) {
    const int minimum = profile.limits.acceptance_minimum_completion_basis_points;
    if (minimum > 0 && completion_basis_points < minimum) {
        return Error("acceptance.below_threshold", "completion_percent",
                     "completion is below the acceptance threshold")
            .with("minimum_percent", format_money_wan(MoneyWan{minimum}))
            .with("value_percent", format_money_wan(MoneyWan{completion_basis_points}));
    }
    return ok_status();
}

}  // namespace jiebang

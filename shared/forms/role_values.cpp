// shared/forms/role_values.cpp — reading a submission's values by field role (see role_values.hpp).
#include "shared/forms/role_values.hpp"

#include <cassert>
#include <variant>

namespace jiebang {

std::string role_text(const FormDefinition& form, FieldRole role, const FieldValues& values) {
    const FieldDefinition* field = form.field_with_role(role);
    if (field == nullptr)
        return {};
    const auto found = values.find(field->id);
    if (found == values.end())
        return {};
    if (const auto* text = std::get_if<std::string>(&found->second))
        return *text;
    return {};
}

std::string submission_title(const FormDefinition& form, const FieldValues& values,
                             const std::function<std::string(std::string_view listing_id)>& listing_title) {
    if (form.field_with_role(FieldRole::Listing) == nullptr)
        return role_text(form, FieldRole::Title, values);
    const std::string listing_id = role_text(form, FieldRole::Listing, values);
    if (listing_id.empty())
        return {};
    std::string title = listing_title ? listing_title(listing_id) : std::string();
    if (title.empty())
        title = listing_id;
    assert(!title.empty());  // invariant 2: never empty while the listing id is given
    return title;
}

std::string submission_title(const FormDefinition& form, const FieldValues& values, const Board& board) {
    return submission_title(form, values, [&board](std::string_view listing_id) {
        const Listing* listing = board.listing(listing_id);
        return listing != nullptr ? listing->title : std::string();
    });
}

SubmissionSummary summarize_submission(const FormDefinition& form, const FieldValues& values) {
    SubmissionSummary summary;
    summary.title = role_text(form, FieldRole::Title, values);
    summary.unit_name = role_text(form, FieldRole::UnitName, values);
    summary.unit_uscc = role_text(form, FieldRole::UnitUscc, values);
    summary.industry_id = role_text(form, FieldRole::Industry, values);
    summary.listing_id = role_text(form, FieldRole::Listing, values);
    return summary;
}

Listing listing_from_demand(const FormDefinition& demand_form, const FieldValues& values) {
    Listing listing;
    listing.title = role_text(demand_form, FieldRole::Title, values);
    listing.industry_id = role_text(demand_form, FieldRole::Industry, values);
    listing.sub_direction_id = role_text(demand_form, FieldRole::SubDirection, values);
    listing.project_type_id = role_text(demand_form, FieldRole::ProjectType, values);
    listing.mechanism = role_text(demand_form, FieldRole::Mechanism, values);
    listing.issuer_name = role_text(demand_form, FieldRole::UnitName, values);
    listing.issuer_kind = role_text(demand_form, FieldRole::UnitKind, values);
    listing.issuer_uscc = role_text(demand_form, FieldRole::UnitUscc, values);
    listing.problem = role_text(demand_form, FieldRole::Problem, values);
    listing.targets = role_text(demand_form, FieldRole::Targets, values);
    listing.bounty_wan = role_text(demand_form, FieldRole::Bounty, values);
    return listing;
}

}  // namespace jiebang

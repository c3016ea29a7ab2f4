// shared/forms/role_values.hpp — what the system reads from a submission's values by field role: the
// title a receipt and the progress lookup show, the summary columns the aggregator stores, and the board
// listing built from an accepted demand. Every function finds fields through FormDefinition::field_with_role
// (form.hpp), never by id, so renaming a field in assets/forms changes none of these results.
// Invariants (tests cite them as "role_values.hpp invariant N"):
//  1. A role no field plays, a missing value or a value that is not text reads as "" — never another
//     field's value.
//  2. A demand's title is its title field; a bid's title is the title of the listing it answers, or the
//     listing id when the listing is not known here (never empty while the listing id is given).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "shared/domain/board.hpp"
#include "shared/forms/form.hpp"

namespace jiebang {

// The text value of the field playing `role` ("" per invariant 1).
std::string role_text(const FormDefinition& form, FieldRole role, const FieldValues& values);

// The title of a submission of `form` (invariant 2). `listing_title` gives the title of a listing id, or
// "" when it does not know the listing.
std::string submission_title(const FormDefinition& form, const FieldValues& values,
                             const std::function<std::string(std::string_view listing_id)>& listing_title);
// The same, the listing looked up on `board`.
std::string submission_title(const FormDefinition& form, const FieldValues& values, const Board& board);

// The columns the aggregator keeps beside a submission for lists, filters and exports.
struct SubmissionSummary {
    std::string title;      // the title role (demand project name, bid team / project name)
    std::string unit_name;  // issuer (demand) or solver (bid)
    std::string unit_uscc;
    std::string industry_id;  // "" for bids
    std::string listing_id;   // "" for demands
};
SubmissionSummary summarize_submission(const FormDefinition& form, const FieldValues& values);

// The listing an accepted demand becomes on the board: every field filled from the demand's roles; id,
// profile_id, deadline and published_at are the publisher's to set.
Listing listing_from_demand(const FormDefinition& demand_form, const FieldValues& values);

}  // namespace jiebang

// console/model/staff_model.cpp — the small helpers of the model's data types (see staff_model.hpp).
#include "console/model/staff_model.hpp"

namespace jiebang::console::model {

bool InboxQuery::same_selection(const InboxQuery& other) const {
    return review_stage == other.review_stage && kind == other.kind &&
           county_admin_code == other.county_admin_code && terminal_id == other.terminal_id &&
           industry_id == other.industry_id && received_from == other.received_from &&
           received_before == other.received_before && text == other.text && batch == other.batch &&
           newest_first == other.newest_first;
}

}  // namespace jiebang::console::model

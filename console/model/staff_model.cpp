// console/model/staff_model.cpp — the small helpers of the model's data types (see staff_model.hpp).
#include "console/model/staff_model.hpp"

namespace jiebang::console::model {

bool InboxQuery::same_selection(const InboxQuery& other) const {
    return review_stage == other.review_stage && kind == other.kind &&
           county_admin_code == other.county_admin_code && terminal_id == other.terminal_id &&
           industry_id == other.industry_id && received_from == other.received_from &&
           received_before == other.received_before && flags == other.flags && text == other.text &&
           sort == other.sort && descending == other.descending;
}

std::string_view sort_column_name(SortColumn column) {
    switch (column) {
        case SortColumn::Received:
            return "received";
        case SortColumn::Receipt:
            return "receipt";
        case SortColumn::Title:
            return "title";
        case SortColumn::Unit:
            return "unit";
        case SortColumn::County:
            return "county";
        case SortColumn::Terminal:
            return "terminal";
        case SortColumn::State:
            return "state";
        case SortColumn::Kind:
            return "kind";
        case SortColumn::Industry:
            return "industry";
    }
    return "received";
}

}  // namespace jiebang::console::model

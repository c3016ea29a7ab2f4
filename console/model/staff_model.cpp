// console/model/staff_model.cpp — the small helpers of the model's data types (see staff_model.hpp).
#include "console/model/staff_model.hpp"

#include "sync/protocol/codec.hpp"

namespace jiebang::console::model {

bool InboxQuery::same_selection(const InboxQuery& other) const {
    return review_stage == other.review_stage && kind == other.kind &&
           county_admin_code == other.county_admin_code && terminal_id == other.terminal_id &&
           industry_id == other.industry_id && received_from == other.received_from &&
           received_before == other.received_before && text == other.text && batch == other.batch &&
           sort == other.sort && flag_kinds == other.flag_kinds && newest_first == other.newest_first;
}

std::vector<std::string> condition_problem_keys(const TerminalStatus& status) {
    std::vector<std::string> keys;
    if (!status.condition_known)
        return keys;
    if (status.attendant_call_since > 0)
        keys.push_back("console.fleet.condition.call");
    if ((status.condition_flags & sync::condition_clock_refused) != 0)
        keys.push_back("console.fleet.condition.clock_refused");
    const std::pair<std::uint32_t, const char*> flags[] = {
        {sync::condition_printer_paper_out, "console.fleet.condition.paper_out"},
        {sync::condition_printer_paper_near_end, "console.fleet.condition.paper_near_end"},
        {sync::condition_printer_cover_open, "console.fleet.condition.cover_open"},
        {sync::condition_printer_offline, "console.fleet.condition.printer_offline"},
        {sync::condition_disk_low, "console.fleet.condition.disk_low"}};
    for (const auto& [flag, key] : flags) {
        if ((status.condition_flags & flag) != 0)
            keys.push_back(key);
    }
    return keys;
}

}  // namespace jiebang::console::model

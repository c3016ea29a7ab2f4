// shared/paper/summary_table.cpp — the summary table of a forwarding batch (see summary_table.hpp).
#include "shared/paper/summary_table.hpp"

#include <ctime>

#include "shared/paper/after_submission.hpp"

namespace jiebang {

namespace {

// The day of a moment in China Standard Time (UTC+8), the halls' time zone, as year, month, day.
std::vector<std::pair<std::string, std::string>> china_date_arguments(std::int64_t seconds) {
    const std::time_t shifted = static_cast<std::time_t>(seconds + 8 * 3600);
    std::tm day{};
    gmtime_r(&shifted, &day);
    return {{"year", std::to_string(day.tm_year + 1900)},
            {"month", std::to_string(day.tm_mon + 1)},
            {"day", std::to_string(day.tm_mday)}};
}

std::string industry_name(const ProfileCatalog& profiles, const std::string& profile_id,
                          const std::string& industry_id) {
    if (const Profile* profile = profiles.profile(profile_id)) {
        if (const Industry* industry = profile->industry(industry_id))
            return industry->name.chinese;
    }
    return industry_id;
}

}  // namespace

Result<SummaryTable> build_summary_table(const SummaryBatch& batch, std::string office, std::string authority,
                                         const StringCatalog& strings, const ProfileCatalog& profiles,
                                         const FormCatalog& forms) {
    // Invariant 2: the first item whose profile is known names the offices.
    for (const SummaryItem& item : batch.items) {
        const Profile* profile = profiles.profile(item.profile_id);
        if (profile == nullptr)
            continue;
        JIEBANG_TRY_ASSIGN(const AfterSubmissionPolicy policy, load_after_submission(*profile, forms));
        if (office.empty())
            office = policy.city_bureau.receiving_office.chinese;
        if (authority.empty()) {
            if (const Bureau* bureau = policy.county_bureau(item.county_admin_code))
                authority = bureau->name.chinese;
        }
        break;
    }
    SummaryTable table;
    table.office_known = !office.empty();
    Sheet& sheet = table.sheet;
    sheet.name = "summary";
    sheet.landscape = true;
    sheet.title = strings.text("sync.export.summary.title");
    sheet.subtitle = strings.text("sync.export.summary.recommending_unit") + authority + "    " +
                     strings.format("sync.export.summary.batch", {{"batch", std::to_string(batch.number)}}) +
                     "    " +
                     strings.format("sync.export.summary.date", china_date_arguments(batch.created_at));
    sheet.header = {strings.text("sync.export.summary.sequence"), strings.text("sync.export.summary.office"),
                    strings.text("sync.export.summary.industry"), strings.text("sync.export.summary.topic"),
                    strings.text("sync.export.summary.authority")};
    sheet.widths = {7, 16, 22, 60, 24};
    sheet.numeric = {true, false, false, false, false};
    int number = 0;
    for (const SummaryItem& item : batch.items) {
        if (!item.demand)
            continue;  // invariant 1
        sheet.rows.push_back({std::to_string(++number), office,
                              industry_name(profiles, item.profile_id, item.industry_id), item.title,
                              authority});
    }
    return table;
}

}  // namespace jiebang

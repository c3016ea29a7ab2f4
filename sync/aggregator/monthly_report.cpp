// sync/aggregator/monthly_report.cpp — building the county's 月报 from the store (see monthly_report.hpp).
//
// Index: [SECTION] Month  [SECTION] Stages  [SECTION] Listings  [SECTION] JSON
#include "sync/aggregator/monthly_report.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

#include "shared/domain/board.hpp"
#include "shared/review/review_state_machine.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/aggregator/project_stages.hpp"

namespace jiebang::sync {

namespace {

using Json = nlohmann::ordered_json;

constexpr review::ReviewState all_stages[] = {
    review::ReviewState::Received,       review::ReviewState::Accepted,
    review::ReviewState::ForwardQueued,  review::ReviewState::ForwardSent,
    review::ReviewState::ForwardRefused, review::ReviewState::Forwarded,
    review::ReviewState::Returned,       review::ReviewState::Rejected,
    review::ReviewState::CityAccepted,   review::ReviewState::CityReturned,
    review::ReviewState::CityRejected,   review::ReviewState::Published,
    review::ReviewState::Resubmitted};

// [SECTION] Month
std::int64_t start_of_month(int year, int month) {
    std::tm time{};
    time.tm_year = year - 1900;
    time.tm_mon = month - 1;
    time.tm_mday = 1;
    return static_cast<std::int64_t>(timegm(&time)) - 8 * 3600;  // 00:00 +08:00
}

// [SECTION] Stages
// Each submission of the county received before `end`, counted under the last stage it reached before `end`
// (invariant 1). An item whose feed holds no stage before `end` (none should) counts as received.
Status count_stages(store::Database& database, const std::string& county, std::int64_t end,
                    std::map<std::string, std::int64_t>& demand, std::map<std::string, std::int64_t>& bid) {
    std::string stage_list;
    for (review::ReviewState stage : all_stages)
        stage_list +=
            std::string(stage_list.empty() ? "'" : ", '") + std::string(review::state_name(stage)) + "'";
    const std::string sql =
        "SELECT s.kind, coalesce((SELECT f.event FROM feed f WHERE f.submission_id = s.submission_id AND "
        "f.at < ?2 "
        "AND f.event IN (" +
        stage_list +
        ") ORDER BY f.sequence DESC LIMIT 1), 'received'), count(*) FROM submissions s WHERE "
        "s.county_admin_code = "
        "?1 AND s.received_at < ?2 GROUP BY 1, 2";
    return database.for_each_row(
        sql,
        [&](const store::Statement& row) {
            auto& counts = row.column_text(0) == "demand" ? demand : bid;
            counts[row.column_text(1)] += row.column_int(2);
        },
        county, end);
}

Status count_received(store::Database& database, const std::string& county, std::int64_t start,
                      std::int64_t end, MonthlyReport& report) {
    return database.for_each_row(
        "SELECT kind, sum(received_at >= ?2), count(*) FROM submissions WHERE county_admin_code = ?1 AND "
        "received_at < ?3 GROUP BY kind",
        [&](const store::Statement& row) {
            MonthlyKindCounts& counts = row.column_text(0) == "demand" ? report.demand : report.bid;
            counts.received_in_month = row.column_int(1);
            counts.total_received = row.column_int(2);
        },
        county, start, end);
}

// [SECTION] Listings
Status count_listings(AggregatorStore& store, const std::string& county, std::int64_t start, std::int64_t end,
                      MonthlyReport& report) {
    auto board = store.latest_board();
    if (!board)
        return board.error();
    if (board->has_value()) {
        auto parsed = board_from_json((*board)->board_json);
        if (!parsed)
            return parsed.error();
        for (const Listing& listing : parsed->listings)
            report.listings.push_back(MonthlyListing{listing.id, listing.title, 0, 0});
    }
    return store.database().for_each_row(
        "SELECT listing_id, sum(received_at >= ?2), count(*) FROM submissions WHERE kind = 'bid' AND "
        "county_admin_code = ?1 AND received_at < ?3 GROUP BY listing_id ORDER BY listing_id",
        [&](const store::Statement& row) {
            const std::string listing_id = row.column_text(0);
            MonthlyListing* found = nullptr;
            for (MonthlyListing& listing : report.listings) {
                if (listing.listing_id == listing_id)
                    found = &listing;
            }
            if (found == nullptr) {
                report.listings.push_back(MonthlyListing{listing_id, "", 0, 0});
                found = &report.listings.back();
            }
            found->bids_in_month = row.column_int(1);
            found->bids_total = row.column_int(2);
        },
        county, start, end);
}

// [SECTION] JSON
Json counts_json(const MonthlyKindCounts& counts) {
    Json object;
    object["received_in_month"] = counts.received_in_month;
    object["total_received"] = counts.total_received;
    object["stages_at_end"] = Json::object();
    for (const auto& [stage, count] : counts.stages_at_end)
        object["stages_at_end"][stage] = count;
    object["stages_at_start"] = Json::object();
    for (const auto& [stage, count] : counts.stages_at_start)
        object["stages_at_start"][stage] = count;
    return object;
}

Error invalid(const std::string& field) {
    return Error("report.invalid", field, "not a monthly report");
}

Result<MonthlyKindCounts> counts_from_json(const Json& object, const std::string& path) {
    MonthlyKindCounts counts;
    if (!object.is_object())
        return invalid(path);
    for (const char* key : {"received_in_month", "total_received"}) {
        if (!object.contains(key) || !object[key].is_number_integer() || object[key].get<std::int64_t>() < 0)
            return invalid(path + "." + key);
    }
    counts.received_in_month = object["received_in_month"].get<std::int64_t>();
    counts.total_received = object["total_received"].get<std::int64_t>();
    for (const char* key : {"stages_at_end", "stages_at_start"}) {
        if (!object.contains(key) || !object[key].is_object())
            return invalid(path + "." + key);
        auto& target = std::string(key) == "stages_at_end" ? counts.stages_at_end : counts.stages_at_start;
        for (const auto& [stage, count] : object[key].items()) {
            if (!review::state_from_name(stage) || !count.is_number_integer() ||
                count.get<std::int64_t>() < 0)
                return invalid(path + "." + key + "." + stage);
            target[stage] = count.get<std::int64_t>();
        }
    }
    return counts;
}

}  // namespace

Result<std::pair<std::int64_t, std::int64_t>> month_bounds(const std::string& month) {
    const bool shaped = month.size() == 7 && month[4] == '-' &&
                        month.find_first_not_of("0123456789", 0) == 4 &&
                        month.substr(5).find_first_not_of("0123456789") == std::string::npos;
    if (!shaped)
        return Error("report.month", "month", "expected YYYY-MM").with("value", month);
    const int year = std::stoi(month.substr(0, 4));
    const int number = std::stoi(month.substr(5, 2));
    if (year < 2000 || year > 2999 || number < 1 || number > 12)
        return Error("report.month", "month", "expected YYYY-MM").with("value", month);
    return std::pair{start_of_month(year, number),
                     number == 12 ? start_of_month(year + 1, 1) : start_of_month(year, number + 1)};
}

Result<MonthlyReport> build_monthly_report(AggregatorStore& store, const std::string& county_admin_code,
                                           const std::string& month, std::int64_t now) {
    auto bounds = month_bounds(month);
    if (!bounds)
        return bounds.error();
    const auto [start, end] = bounds.value();
    MonthlyReport report;
    report.county_admin_code = county_admin_code;
    report.month = month;
    report.made_at = now;
    store::Database& database = store.database();
    if (auto status = count_received(database, county_admin_code, start, end, report); !status)
        return status.error();
    if (auto status = count_stages(database, county_admin_code, end, report.demand.stages_at_end,
                                   report.bid.stages_at_end);
        !status)
        return status.error();
    if (auto status = count_stages(database, county_admin_code, start, report.demand.stages_at_start,
                                   report.bid.stages_at_start);
        !status)
        return status.error();
    if (auto status = count_listings(store, county_admin_code, start, end, report); !status)
        return status.error();
    // Invariant 5: the projects the county holds stages for (only a county's uplink fills the table).
    JIEBANG_TRY_ASSIGN(report.projects, county_projects(store));
    return report;
}

std::string monthly_report_to_json(const MonthlyReport& report) {
    Json document;
    document["county"] = report.county_admin_code;
    document["month"] = report.month;
    document["made_at"] = report.made_at;
    document["demand"] = counts_json(report.demand);
    document["bid"] = counts_json(report.bid);
    document["listings"] = Json::array();
    for (const MonthlyListing& listing : report.listings) {
        document["listings"].push_back({{"listing_id", listing.listing_id},
                                        {"title", listing.title},
                                        {"bids_in_month", listing.bids_in_month},
                                        {"bids_total", listing.bids_total}});
    }
    document["projects"] = Json::array();
    for (const MonthlyProject& project : report.projects) {
        document["projects"].push_back({{"project_id", project.project_id},
                                        {"project_number", project.project_number},
                                        {"state", project.state},
                                        {"receipts", project.receipts},
                                        {"county_due", project.county_due},
                                        {"county_paid", project.county_paid}});
    }
    return document.dump(2) + "\n";
}

Result<MonthlyReport> monthly_report_from_json(const std::string& text) {
    const Json document = Json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        return invalid("");
    MonthlyReport report;
    if (!document.contains("county") || !document["county"].is_string())
        return invalid("county");
    if (!document.contains("month") || !document["month"].is_string() ||
        !month_bounds(document["month"].get<std::string>()))
        return invalid("month");
    if (!document.contains("made_at") || !document["made_at"].is_number_integer())
        return invalid("made_at");
    report.county_admin_code = document["county"].get<std::string>();
    report.month = document["month"].get<std::string>();
    report.made_at = document["made_at"].get<std::int64_t>();
    for (const char* kind : {"demand", "bid"}) {
        if (!document.contains(kind))
            return invalid(kind);
        auto counts = counts_from_json(document[kind], kind);
        if (!counts)
            return counts.error();
        (std::string(kind) == "demand" ? report.demand : report.bid) = counts.value();
    }
    if (!document.contains("listings") || !document["listings"].is_array())
        return invalid("listings");
    for (const Json& item : document["listings"]) {
        if (!item.is_object() || !item.contains("listing_id") || !item["listing_id"].is_string() ||
            !item.contains("title") || !item["title"].is_string() || !item.contains("bids_in_month") ||
            !item["bids_in_month"].is_number_integer() || !item.contains("bids_total") ||
            !item["bids_total"].is_number_integer())
            return invalid("listings");
        report.listings.push_back(MonthlyListing{
            item["listing_id"].get<std::string>(), item["title"].get<std::string>(),
            item["bids_in_month"].get<std::int64_t>(), item["bids_total"].get<std::int64_t>()});
    }
    if (document.contains("projects")) {  // invariant 5: an older county's report has none
        if (!document["projects"].is_array())
            return invalid("projects");
        for (const Json& item : document["projects"]) {
            for (const char* key : {"project_id", "project_number", "state", "county_due", "county_paid"}) {
                if (!item.is_object() || !item.contains(key) || !item[key].is_string())
                    return invalid("projects");
            }
            if (!item.contains("receipts") || !item["receipts"].is_number_integer())
                return invalid("projects");
            report.projects.push_back(MonthlyProject{
                item["project_id"].get<std::string>(), item["project_number"].get<std::string>(),
                item["state"].get<std::string>(), item["receipts"].get<std::int64_t>(),
                item["county_due"].get<std::string>(), item["county_paid"].get<std::string>()});
        }
    }
    return report;
}

}  // namespace jiebang::sync

// sync/aggregator/project_stages.cpp — see project_stages.hpp (docs/protocol.md section 21, P1-P5).
// Index: [SECTION] City  [SECTION] County store  [SECTION] Terminal lookup
#include "sync/aggregator/project_stages.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "shared/lifecycle/lifecycle_store.hpp"
#include "shared/receipt/receipt.hpp"

namespace jiebang::sync {

namespace {

// A text member of a JSON object ("" when absent or not a text).
std::string text_of(const nlohmann::json& object, const char* key) {
    if (!object.is_object())
        return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// Events read per page: each may add a project's rows (an issuer and a few solvers), so a page stays well
// under max_project_stage_rows.
constexpr int events_per_page = 200;

Result<bool> has_lifecycle_tables(store::Database& database) {
    JIEBANG_TRY_ASSIGN(
        const std::int64_t tables,
        database.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                           "'lifecycle_events'"));
    return tables > 0;
}

// The county a receipt was filed in, as the city's submissions table has it ("" when the city has no such item).
Result<std::string> county_of_receipt(store::Database& database, const std::string& receipt) {
    JIEBANG_TRY_ASSIGN(auto county,
                       database.query_row(
                           "SELECT county_admin_code FROM submissions WHERE receipt_number = ?1 "
                           "ORDER BY sequence LIMIT 1",
                           [](const store::Statement& row) { return row.column_text(0); }, receipt));
    return county.value_or(std::string());
}

// The county's share cells of a project in its own county (P2): every party but the city's.
std::vector<ProjectShareCell> county_cells(const lifecycle::Project& project, const std::string& county) {
    std::vector<ProjectShareCell> cells;
    if (project.county_admin_code != county)
        return cells;
    for (const lifecycle::PartyAmount& share : project.funding.shares) {
        if (share.party == "city" || cells.size() == max_project_share_cells)
            continue;
        cells.push_back(ProjectShareCell{share.party, format_money_wan(share.amount),
                                         format_money_wan(project.paid_by(share.party))});
    }
    return cells;
}

// The rows of one project for `county` (P1, P2).
Result<std::vector<ProjectStageRow>> rows_of(store::Database& database, const lifecycle::Project& project,
                                             const std::string& county, std::int64_t sequence,
                                             std::int64_t at) {
    std::vector<ProjectStageRow> rows;
    const std::string state(lifecycle::project_state_code(project.state));
    // The issuer: the demand published as this listing (through the search table's listing index, whose
    // partial condition the query repeats so that SQLite may use it).
    JIEBANG_TRY_ASSIGN(
        auto issuer,
        database.query_row(
            "SELECT s.receipt_number, s.county_admin_code FROM submission_search x JOIN submissions s "
            "ON s.sequence = x.sequence WHERE x.listing_id = ?1 AND x.listing_id != '' AND x.kind = "
            "'demand' ORDER BY x.sequence LIMIT 1",
            [](const store::Statement& row) {
                return std::make_pair(row.column_text(0), row.column_text(1));
            },
            project.project_id));
    if (issuer && issuer->second == county) {
        rows.push_back(ProjectStageRow{sequence, issuer->first, project.project_id, project.project_number,
                                       ProjectRoleCode::Issuer, state, at, county_cells(project, county)});
    }
    for (const lifecycle::ProjectBid& bid : project.bids) {
        if (bid.receipt_number.empty())
            continue;
        auto number = ReceiptNumber::parse(bid.receipt_number);
        const std::string receipt = number ? number->text() : bid.receipt_number;
        JIEBANG_TRY_ASSIGN(const std::string filed_in, county_of_receipt(database, receipt));
        if (filed_in != county)
            continue;
        const bool ended = bid.state == lifecycle::BidState::Eliminated ||
                           bid.state == lifecycle::BidState::Forfeited ||
                           bid.state == lifecycle::BidState::NotSelected;
        rows.push_back(ProjectStageRow{sequence, receipt, project.project_id, project.project_number,
                                       ProjectRoleCode::Solver,
                                       ended ? std::string(lifecycle::bid_state_code(bid.state)) : state, at,
                                       county_cells(project, county)});
    }
    return rows;
}

}  // namespace

// [SECTION] City
Result<ProjectStages> project_stages_for_county(AggregatorStore& store, const std::string& county_admin_code,
                                                std::int64_t after) {
    store::Database& database = store.database();
    ProjectStages page;
    page.latest = after;
    JIEBANG_TRY_ASSIGN(const bool kept, has_lifecycle_tables(database));
    if (!kept)
        return page;  // no project yet
    // A project is read after its events: if it changed meanwhile, the newer state goes out now and again
    // with its next event, which is all P3 asks.
    struct Event {
        std::int64_t sequence;
        std::string project_id;
        std::int64_t at;
    };
    JIEBANG_TRY_ASSIGN(auto events,
                       database.query_rows(
                           "SELECT sequence, project_id, at FROM lifecycle_events WHERE sequence > ?1 "
                           "ORDER BY sequence LIMIT ?2",
                           [](const store::Statement& row) {
                               return Event{row.column_int(0), row.column_text(1), row.column_int(2)};
                           },
                           after, static_cast<std::int64_t>(events_per_page)));
    // A row's time is its project's last change in this page (the state it carries is the project's now).
    std::map<std::string, std::int64_t> last_change;
    for (const Event& event : events)
        last_change[event.project_id] = std::max(last_change[event.project_id], event.at);
    lifecycle::LifecycleStore lifecycle(database);
    std::set<std::string> sent;
    for (const Event& event : events) {
        if (!sent.count(event.project_id)) {
            JIEBANG_TRY_ASSIGN(auto project, lifecycle.load(event.project_id));
            if (project.has_value()) {
                JIEBANG_TRY_ASSIGN(auto rows, rows_of(database, *project, county_admin_code, event.sequence,
                                                      last_change[event.project_id]));
                if (page.rows.size() + rows.size() > max_project_stage_rows)
                    break;  // the next page starts at this event (P3)
                for (ProjectStageRow& row : rows)
                    page.rows.push_back(std::move(row));
            }
            sent.insert(event.project_id);
        }
        page.latest = event.sequence;  // every change up to here is in this page, as the project is now
    }
    return page;
}

// [SECTION] County store
const std::string& project_stages_migration() {
    static const std::string sql = R"sql(
CREATE TABLE county_project_stages (
  receipt_number TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  project_number TEXT NOT NULL,
  role INTEGER NOT NULL,
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  shares_json TEXT NOT NULL,
  city_sequence INTEGER NOT NULL,
  applied_at INTEGER NOT NULL
);
CREATE INDEX county_project_stages_project ON county_project_stages (project_id);
CREATE TABLE project_stage_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), after INTEGER NOT NULL);
INSERT INTO project_stage_cursor (id, after) VALUES (1, 0);
)sql";
    return sql;
}

Result<std::int64_t> project_stage_cursor(AggregatorStore& store) {
    return store.database().query_int("SELECT after FROM project_stage_cursor WHERE id = 1");
}

Status apply_project_stages(AggregatorStore& store, const ProjectStages& page, std::int64_t now) {
    store::Database& database = store.database();
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database));
    JIEBANG_TRY_ASSIGN(const std::int64_t cursor, project_stage_cursor(store));
    if (page.latest <= cursor)
        return {};  // a replayed page (P4)
    for (const ProjectStageRow& row : page.rows) {
        nlohmann::json shares = nlohmann::json::array();
        for (const ProjectShareCell& cell : row.shares)
            shares.push_back({{"party", cell.party}, {"due", cell.due}, {"paid", cell.paid}});
        JIEBANG_TRY(database.execute(
            "INSERT INTO county_project_stages (receipt_number, project_id, project_number, role, state, "
            "updated_at, shares_json, city_sequence, applied_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
            "ON CONFLICT (receipt_number) DO UPDATE SET project_id = excluded.project_id, project_number = "
            "excluded.project_number, role = excluded.role, state = excluded.state, updated_at = "
            "excluded.updated_at, shares_json = excluded.shares_json, city_sequence = "
            "excluded.city_sequence, "
            "applied_at = excluded.applied_at",
            row.receipt_number, row.project_id, row.project_number, static_cast<std::int64_t>(row.role),
            row.state, row.updated_at, shares.dump(), row.sequence, now));
    }
    JIEBANG_TRY(database.execute("UPDATE project_stage_cursor SET after = ?1 WHERE id = 1", page.latest));
    return transaction.commit();
}

Result<std::vector<CountyProjectStage>> county_project_stages(AggregatorStore& store) {
    return store.database().query_rows(
        "SELECT receipt_number, project_id, project_number, role, state, updated_at, shares_json FROM "
        "county_project_stages ORDER BY project_id, role, receipt_number",
        [](const store::Statement& row) {
            CountyProjectStage stage{row.column_text(0),
                                     row.column_text(1),
                                     row.column_text(2),
                                     static_cast<int>(row.column_int(3)),
                                     row.column_text(4),
                                     row.column_int(5),
                                     {}};
            const auto shares = nlohmann::json::parse(row.column_text(6), nullptr, false);
            if (shares.is_array()) {
                for (const auto& cell : shares)
                    stage.shares.push_back(ProjectShareCell{text_of(cell, "party"), text_of(cell, "due"),
                                                            text_of(cell, "paid")});
            }
            return stage;
        });
}

Result<std::vector<MonthlyProject>> county_projects(AggregatorStore& store) {
    return store.database().query_rows(
        "SELECT project_id, max(project_number), coalesce(max(CASE role WHEN 1 THEN state END), min(state)), "
        "count(*), max(shares_json), max(updated_at) FROM county_project_stages GROUP BY project_id ORDER BY "
        "project_id",
        [](const store::Statement& row) {
            MonthlyProject project{
                row.column_text(0), row.column_text(1), row.column_text(2), row.column_int(3), "", "",
                row.column_int(5)};
            const auto shares = nlohmann::json::parse(row.column_text(4), nullptr, false);
            if (shares.is_array() && !shares.empty()) {
                project.county_due = text_of(shares[0], "due");
                project.county_paid = text_of(shares[0], "paid");
            }
            return project;
        });
}

// [SECTION] Terminal lookup
Body answer_project_progress(AggregatorStore& store, const ProjectProgressRequest& request) {
    auto number = ReceiptNumber::parse(request.receipt_number);
    const std::string receipt = number ? number->text() : request.receipt_number;
    auto row = store.database().query_row(
        "SELECT project_number, state, updated_at FROM county_project_stages WHERE receipt_number = ?1",
        [](const store::Statement& found) {
            return ProjectProgressReply{true, found.column_text(0), found.column_text(1),
                                        found.column_int(2)};
        },
        receipt);
    if (!row)
        return ErrorReply{WireError::StoreUnavailable, "", "store unavailable: " + row.error().code};
    return row->value_or(ProjectProgressReply{});
}

}  // namespace jiebang::sync

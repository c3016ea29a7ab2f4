// shared/lifecycle/lifecycle_store.cpp — storing projects, their ledgers and timelines in lifecycle_* tables.
// A project is read whole and written whole (the row and its child rows, replaced in one transaction): the
// machine (lifecycle_machine.cpp) decides, the store only keeps. Columns are declared once per table in a
// `*_fields` visitor (a generic lambda) used for writing, reading and the column list alike, so they cannot
// drift apart.
//
// Index
//   [SECTION] schema
//   [SECTION] write scope (the caller's transaction or our own)
//   [SECTION] column visitors
//   [SECTION] tables as fields
//   [SECTION] reading and writing a project
//   [SECTION] timeline
//   [SECTION] LifecycleStore
#include "shared/lifecycle/lifecycle_store.hpp"

#include <sqlite3.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "shared/base/strict_json.hpp"
#include "shared/lifecycle/calendar_date.hpp"
#include "shared/lifecycle/lifecycle_profile.hpp"

namespace jiebang::lifecycle {

namespace {

// [SECTION] schema

constexpr int schema_version = 1;

constexpr std::string_view schema_version_1 = R"sql(
CREATE TABLE lifecycle_projects (
  project_id TEXT PRIMARY KEY, profile_id TEXT NOT NULL, title TEXT NOT NULL, issuer_name TEXT NOT NULL,
  issuer_kind TEXT NOT NULL, county_admin_code TEXT NOT NULL, project_type_id TEXT NOT NULL,
  mechanism TEXT NOT NULL, bounty INTEGER NOT NULL, state TEXT NOT NULL, created_on TEXT NOT NULL,
  selected_on TEXT NOT NULL, selection_decided_by TEXT NOT NULL, signing_deadline TEXT NOT NULL,
  agreed_on TEXT NOT NULL, registered_on TEXT NOT NULL, notice_start TEXT NOT NULL, notice_end TEXT NOT NULL,
  notice_waived INTEGER NOT NULL, approved_on TEXT NOT NULL, approval_year INTEGER NOT NULL,
  project_number TEXT UNIQUE, start_on TEXT NOT NULL, end_on TEXT NOT NULL, original_end_on TEXT NOT NULL,
  funding_planned_on TEXT NOT NULL, subsidy_kind TEXT NOT NULL, scheme_name_zh TEXT NOT NULL,
  scheme_name_en TEXT NOT NULL, funding_method TEXT NOT NULL, amount_basis TEXT NOT NULL,
  funding_base INTEGER NOT NULL, rate_basis_points INTEGER NOT NULL, funding_cap INTEGER NOT NULL,
  funding_capped INTEGER NOT NULL, subsidy INTEGER NOT NULL, cost_share_group TEXT NOT NULL,
  closed_on TEXT NOT NULL, ended_on TEXT NOT NULL, ended_reason TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX lifecycle_projects_year ON lifecycle_projects (profile_id, approval_year);
CREATE TABLE lifecycle_bids (
  project_id TEXT NOT NULL, position INTEGER NOT NULL, bid_id TEXT NOT NULL, receipt_number TEXT NOT NULL,
  solver_name TEXT NOT NULL, solver_uscc TEXT NOT NULL, team TEXT NOT NULL, recommendation TEXT NOT NULL,
  recommendation_note TEXT NOT NULL, state TEXT NOT NULL, signed_on TEXT NOT NULL, start_on TEXT NOT NULL,
  end_on TEXT NOT NULL, contract_value INTEGER NOT NULL, contract_registration TEXT NOT NULL,
  eliminated_on TEXT NOT NULL, eliminated_in_review INTEGER NOT NULL, PRIMARY KEY (project_id, bid_id));
CREATE TABLE lifecycle_scores (
  project_id TEXT NOT NULL, bid_id TEXT NOT NULL, position INTEGER NOT NULL, expert_id TEXT NOT NULL,
  score INTEGER NOT NULL, scored_on TEXT NOT NULL, PRIMARY KEY (project_id, bid_id, expert_id));
CREATE TABLE lifecycle_objections (
  project_id TEXT NOT NULL, number INTEGER NOT NULL, received_on TEXT NOT NULL, summary TEXT NOT NULL,
  resolution TEXT NOT NULL, resolved_on TEXT NOT NULL, resolution_note TEXT NOT NULL,
  PRIMARY KEY (project_id, number));
CREATE TABLE lifecycle_funding_shares (
  project_id TEXT NOT NULL, position INTEGER NOT NULL, party TEXT NOT NULL, name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL, amount INTEGER NOT NULL, PRIMARY KEY (project_id, party));
CREATE TABLE lifecycle_tranches (
  project_id TEXT NOT NULL, position INTEGER NOT NULL, tranche_id TEXT NOT NULL, name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL, basis_points INTEGER NOT NULL, amount INTEGER NOT NULL, condition TEXT NOT NULL,
  state TEXT NOT NULL, due_since TEXT NOT NULL, paid_on TEXT NOT NULL, PRIMARY KEY (project_id, tranche_id));
CREATE TABLE lifecycle_tranche_shares (
  project_id TEXT NOT NULL, tranche_id TEXT NOT NULL, position INTEGER NOT NULL, party TEXT NOT NULL,
  name_zh TEXT NOT NULL, name_en TEXT NOT NULL, amount INTEGER NOT NULL,
  PRIMARY KEY (project_id, tranche_id, party));
CREATE TABLE lifecycle_payments (
  project_id TEXT NOT NULL, position INTEGER NOT NULL, tranche_id TEXT NOT NULL, bid_id TEXT NOT NULL,
  party TEXT NOT NULL, amount INTEGER NOT NULL, paid_on TEXT NOT NULL,
  PRIMARY KEY (project_id, tranche_id, bid_id, party));
CREATE TABLE lifecycle_reviews (
  project_id TEXT NOT NULL, number INTEGER NOT NULL, held_on TEXT NOT NULL, outcome TEXT NOT NULL,
  continuing TEXT NOT NULL, eliminated TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (project_id, number));
CREATE TABLE lifecycle_progress_reports (
  project_id TEXT NOT NULL, position INTEGER NOT NULL, period TEXT NOT NULL, reported_on TEXT NOT NULL,
  completion_basis_points INTEGER NOT NULL, note TEXT NOT NULL, PRIMARY KEY (project_id, period));
CREATE TABLE lifecycle_extensions (
  project_id TEXT NOT NULL, number INTEGER NOT NULL, approved_on TEXT NOT NULL, previous_end TEXT NOT NULL,
  new_end TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (project_id, number));
CREATE TABLE lifecycle_recoveries (
  project_id TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, amount INTEGER NOT NULL,
  decided_on TEXT NOT NULL, PRIMARY KEY (project_id, kind));
CREATE TABLE lifecycle_recovery_shares (
  project_id TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL, party TEXT NOT NULL,
  name_zh TEXT NOT NULL, name_en TEXT NOT NULL, amount INTEGER NOT NULL, PRIMARY KEY (project_id, kind, party));
CREATE TABLE lifecycle_acceptance (
  project_id TEXT PRIMARY KEY, applied_on TEXT NOT NULL, held_on TEXT NOT NULL,
  completion_basis_points INTEGER NOT NULL, conditions_met TEXT NOT NULL, conditions_failed TEXT NOT NULL,
  passed INTEGER NOT NULL, note TEXT NOT NULL);
CREATE TABLE lifecycle_events (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT, project_id TEXT NOT NULL, at INTEGER NOT NULL,
  actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, action TEXT NOT NULL, state_before TEXT NOT NULL,
  state_after TEXT NOT NULL, before_json TEXT NOT NULL, after_json TEXT NOT NULL);
CREATE INDEX lifecycle_events_project ON lifecycle_events (project_id, sequence);
)sql";

// The child tables a project's save replaces (every one has project_id).
constexpr std::string_view child_tables[] = {
    "lifecycle_bids",           "lifecycle_scores",     "lifecycle_objections",
    "lifecycle_funding_shares", "lifecycle_tranches",   "lifecycle_tranche_shares",
    "lifecycle_payments",       "lifecycle_reviews",    "lifecycle_progress_reports",
    "lifecycle_extensions",     "lifecycle_recoveries", "lifecycle_recovery_shares",
    "lifecycle_acceptance"};

// [SECTION] write scope (the caller's transaction or our own)

// Inside the caller's transaction: a SAVEPOINT, released on commit, rolled back to (and released) otherwise.
// With none open: BEGIN IMMEDIATE ... COMMIT, rolled back otherwise.
class WriteScope {
  public:
    static Result<WriteScope> begin(store::Database& database) {
        const bool nested = sqlite3_get_autocommit(database.handle()) == 0;
        if (auto status = database.execute(nested ? "SAVEPOINT lifecycle_write" : "BEGIN IMMEDIATE"); !status)
            return status.error();
        return WriteScope(database, nested);
    }
    WriteScope(WriteScope&& other) noexcept
        : database_(other.database_), nested_(other.nested_), open_(std::exchange(other.open_, false)) {}
    WriteScope(const WriteScope&) = delete;
    WriteScope& operator=(const WriteScope&) = delete;
    WriteScope& operator=(WriteScope&&) = delete;
    ~WriteScope() {
        if (!open_)
            return;
        if (nested_) {
            (void)database_->execute("ROLLBACK TO lifecycle_write");
            (void)database_->execute("RELEASE lifecycle_write");
        } else {
            (void)database_->execute("ROLLBACK");
        }
    }
    Status commit() {
        Status status = database_->execute(nested_ ? "RELEASE lifecycle_write" : "COMMIT");
        if (status)
            open_ = false;
        return status;
    }

  private:
    WriteScope(store::Database& database, bool nested) : database_(&database), nested_(nested) {}
    store::Database* database_;
    bool nested_;
    bool open_ = true;
};

// [SECTION] column visitors

std::string join_list(const std::vector<std::string>& items) {
    std::string joined;
    for (const std::string& item : items)
        joined += (joined.empty() ? "" : ",") + item;
    return joined;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::size_t end = comma == std::string::npos ? text.size() : comma;
        items.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

// Enum codes, in one overload set for the visitors.
std::string_view to_text(ProjectState value) {
    return project_state_code(value);
}
std::string_view to_text(BidState value) {
    return bid_state_code(value);
}
std::string_view to_text(Recommendation value) {
    return recommendation_code(value);
}
std::string_view to_text(ObjectionResolution value) {
    return objection_resolution_code(value);
}
std::string_view to_text(TrancheState value) {
    return tranche_state_code(value);
}
bool from_text(std::string_view text, ProjectState& value) {
    auto parsed = project_state_from_code(text);
    return parsed ? (value = *parsed, true) : false;
}
bool from_text(std::string_view text, BidState& value) {
    auto parsed = bid_state_from_code(text);
    return parsed ? (value = *parsed, true) : false;
}
bool from_text(std::string_view text, Recommendation& value) {
    auto parsed = recommendation_from_code(text);
    return parsed ? (value = *parsed, true) : false;
}
bool from_text(std::string_view text, ObjectionResolution& value) {
    auto parsed = objection_resolution_from_code(text);
    return parsed ? (value = *parsed, true) : false;
}
bool from_text(std::string_view text, TrancheState& value) {
    auto parsed = tranche_state_from_code(text);
    return parsed ? (value = *parsed, true) : false;
}

// Collects the column names, in order.
struct ColumnNames {
    std::vector<std::string_view> names;
    template <class Value>
    void text(std::string_view name, Value&) {
        names.push_back(name);
    }
    template <class Value>
    void number(std::string_view name, Value&) {
        names.push_back(name);
    }
    template <class Value>
    void code(std::string_view name, Value&) {
        names.push_back(name);
    }
    template <class Value>
    void list(std::string_view name, Value&) {
        names.push_back(name);
    }
    template <class Value>
    void optional_text(std::string_view name, Value&) {
        names.push_back(name);
    }
};

// Binds the values to ?1, ?2, ... in column order.
struct ColumnBinder {
    store::Statement& statement;
    int index = 0;
    void text(std::string_view, const std::string& value) {
        statement.bind(++index, std::string_view(value));
    }
    void optional_text(std::string_view, const std::string& value) {
        if (value.empty())
            statement.bind_null(++index);
        else
            statement.bind(++index, std::string_view(value));
    }
    void number(std::string_view, const int& value) {
        statement.bind(++index, static_cast<std::int64_t>(value));
    }
    void number(std::string_view, const bool& value) { statement.bind(++index, std::int64_t{value ? 1 : 0}); }
    void number(std::string_view, const MoneyWan& value) { statement.bind(++index, value.hundredths); }
    template <class Enum>
    void code(std::string_view, const Enum& value) {
        statement.bind(++index, to_text(value));
    }
    void list(std::string_view, const std::vector<std::string>& value) {
        const std::string joined = join_list(value);
        statement.bind(++index, std::string_view(joined));
    }
};

// Reads the columns in order; an unknown stored code is reported, never guessed.
struct ColumnReader {
    const store::Statement& statement;
    int index = 0;
    std::string bad_column;
    void text(std::string_view, std::string& value) { value = statement.column_text(index++); }
    void optional_text(std::string_view, std::string& value) {
        value = statement.column_is_null(index) ? std::string() : statement.column_text(index);
        ++index;
    }
    void number(std::string_view, int& value) { value = static_cast<int>(statement.column_int(index++)); }
    void number(std::string_view, bool& value) { value = statement.column_int(index++) != 0; }
    void number(std::string_view, MoneyWan& value) { value.hundredths = statement.column_int(index++); }
    template <class Enum>
    void code(std::string_view name, Enum& value) {
        if (!from_text(statement.column_text(index++), value) && bad_column.empty())
            bad_column = std::string(name);
    }
    void list(std::string_view, std::vector<std::string>& value) {
        value = split_list(statement.column_text(index++));
    }
};

// [SECTION] tables as fields

constexpr auto project_fields = [](auto& fields, auto& project) {
    fields.text("project_id", project.project_id);
    fields.text("profile_id", project.profile_id);
    fields.text("title", project.title);
    fields.text("issuer_name", project.issuer_name);
    fields.text("issuer_kind", project.issuer_kind);
    fields.text("county_admin_code", project.county_admin_code);
    fields.text("project_type_id", project.project_type_id);
    fields.text("mechanism", project.mechanism);
    fields.number("bounty", project.bounty);
    fields.code("state", project.state);
    fields.text("created_on", project.created_on);
    fields.text("selected_on", project.selected_on);
    fields.text("selection_decided_by", project.selection_decided_by);
    fields.text("signing_deadline", project.signing_deadline);
    fields.text("agreed_on", project.agreed_on);
    fields.text("registered_on", project.registered_on);
    fields.text("notice_start", project.notice_start);
    fields.text("notice_end", project.notice_end);
    fields.number("notice_waived", project.notice_waived);
    fields.text("approved_on", project.approved_on);
    fields.number("approval_year", project.approval_year);
    fields.optional_text("project_number", project.project_number);
    fields.text("start_on", project.start_on);
    fields.text("end_on", project.end_on);
    fields.text("original_end_on", project.original_end_on);
    fields.text("funding_planned_on", project.funding.planned_on);
    fields.text("subsidy_kind", project.funding.subsidy_kind);
    fields.text("scheme_name_zh", project.funding.scheme_name.chinese);
    fields.text("scheme_name_en", project.funding.scheme_name.english);
    fields.text("funding_method", project.funding.method);
    fields.text("amount_basis", project.funding.amount_basis);
    fields.number("funding_base", project.funding.base);
    fields.number("rate_basis_points", project.funding.rate_basis_points);
    fields.number("funding_cap", project.funding.cap);
    fields.number("funding_capped", project.funding.capped);
    fields.number("subsidy", project.funding.subsidy);
    fields.text("cost_share_group", project.funding.cost_share_group);
    fields.text("closed_on", project.closed_on);
    fields.text("ended_on", project.ended_on);
    fields.text("ended_reason", project.ended_reason);
};

constexpr auto bid_fields = [](auto& fields, auto& bid) {
    fields.text("bid_id", bid.bid_id);
    fields.text("receipt_number", bid.receipt_number);
    fields.text("solver_name", bid.solver_name);
    fields.text("solver_uscc", bid.solver_uscc);
    fields.text("team", bid.team);
    fields.code("recommendation", bid.recommendation);
    fields.text("recommendation_note", bid.recommendation_note);
    fields.code("state", bid.state);
    fields.text("signed_on", bid.signed_on);
    fields.text("start_on", bid.start_on);
    fields.text("end_on", bid.end_on);
    fields.number("contract_value", bid.contract_value);
    fields.text("contract_registration", bid.contract_registration);
    fields.text("eliminated_on", bid.eliminated_on);
    fields.number("eliminated_in_review", bid.eliminated_in_review);
};

constexpr auto score_fields = [](auto& fields, auto& score) {
    fields.text("expert_id", score.expert_id);
    fields.number("score", score.score);
    fields.text("scored_on", score.scored_on);
};

constexpr auto objection_fields = [](auto& fields, auto& objection) {
    fields.number("number", objection.number);
    fields.text("received_on", objection.received_on);
    fields.text("summary", objection.summary);
    fields.code("resolution", objection.resolution);
    fields.text("resolved_on", objection.resolved_on);
    fields.text("resolution_note", objection.resolution_note);
};

constexpr auto party_fields = [](auto& fields, auto& share) {
    fields.text("party", share.party);
    fields.text("name_zh", share.name.chinese);
    fields.text("name_en", share.name.english);
    fields.number("amount", share.amount);
};

constexpr auto tranche_fields = [](auto& fields, auto& tranche) {
    fields.text("tranche_id", tranche.tranche_id);
    fields.text("name_zh", tranche.name.chinese);
    fields.text("name_en", tranche.name.english);
    fields.number("basis_points", tranche.basis_points);
    fields.number("amount", tranche.amount);
    fields.text("condition", tranche.condition);
    fields.code("state", tranche.state);
    fields.text("due_since", tranche.due_since);
    fields.text("paid_on", tranche.paid_on);
};

constexpr auto payment_fields = [](auto& fields, auto& payment) {
    fields.text("tranche_id", payment.tranche_id);
    fields.text("bid_id", payment.bid_id);
    fields.text("party", payment.party);
    fields.number("amount", payment.amount);
    fields.text("paid_on", payment.paid_on);
};

constexpr auto review_fields = [](auto& fields, auto& review) {
    fields.number("number", review.number);
    fields.text("held_on", review.held_on);
    fields.text("outcome", review.outcome);
    fields.list("continuing", review.continuing);
    fields.list("eliminated", review.eliminated);
    fields.text("note", review.note);
};

constexpr auto report_fields = [](auto& fields, auto& report) {
    fields.text("period", report.period);
    fields.text("reported_on", report.reported_on);
    fields.number("completion_basis_points", report.completion_basis_points);
    fields.text("note", report.note);
};

constexpr auto extension_fields = [](auto& fields, auto& extension) {
    fields.number("number", extension.number);
    fields.text("approved_on", extension.approved_on);
    fields.text("previous_end", extension.previous_end);
    fields.text("new_end", extension.new_end);
    fields.text("reason", extension.reason);
};

constexpr auto recovery_fields = [](auto& fields, auto& recovery) {
    fields.text("kind", recovery.kind);
    fields.number("amount", recovery.amount);
    fields.text("decided_on", recovery.decided_on);
};

constexpr auto acceptance_fields = [](auto& fields, auto& acceptance) {
    fields.text("applied_on", acceptance.applied_on);
    fields.text("held_on", acceptance.held_on);
    fields.number("completion_basis_points", acceptance.completion_basis_points);
    fields.list("conditions_met", acceptance.conditions_met);
    fields.list("conditions_failed", acceptance.conditions_failed);
    fields.number("passed", acceptance.passed);
    fields.text("note", acceptance.note);
};

// [SECTION] reading and writing a project

// A row's key columns (project_id, then e.g. position or tranche_id) followed by the record's fields.
struct KeyColumn {
    std::string_view name;
    std::string text;         // used when `is_number` is false
    std::int64_t number = 0;  // used when `is_number` is true
    bool is_number = false;
};

KeyColumn text_key(std::string_view name, std::string value) {
    return KeyColumn{name, std::move(value), 0, false};
}
KeyColumn number_key(std::string_view name, std::int64_t value) {
    return KeyColumn{name, {}, value, true};
}

template <class Record, class FieldsFunction>
Status insert_row(store::Database& database, std::string_view table, const std::vector<KeyColumn>& keys,
                  const Record& record, FieldsFunction fields_function) {
    ColumnNames names;
    fields_function(names, record);
    std::string columns;
    std::string values;
    int count = 0;
    for (const KeyColumn& key : keys) {
        columns += (count == 0 ? "" : ", ") + std::string(key.name);
        values += (count == 0 ? "?" : ", ?") + std::to_string(count + 1);
        ++count;
    }
    for (std::string_view name : names.names) {
        columns += ", " + std::string(name);
        values += ", ?" + std::to_string(++count);
    }
    auto statement = database.prepare_cached("INSERT INTO " + std::string(table) + " (" + columns +
                                             ") VALUES (" + values + ")");
    if (!statement)
        return statement.error();
    int index = 0;
    for (const KeyColumn& key : keys) {
        if (key.is_number)
            statement->bind(++index, key.number);
        else
            statement->bind(++index, std::string_view(key.text));
    }
    ColumnBinder binder{statement.value(), index};
    fields_function(binder, record);
    return statement->run();
}

// Reads every row of `table` for the project, ordered by `order`; `take` receives each record.
template <class Record, class FieldsFunction>
Status read_rows(store::Database& database, std::string_view table, std::string_view project_id,
                 std::string_view extra_condition, std::string_view extra_value, std::string_view order,
                 FieldsFunction fields_function, const std::function<void(Record&&)>& take) {
    ColumnNames names;
    Record probe{};
    fields_function(names, probe);
    std::string columns;
    for (std::string_view name : names.names)
        columns += (columns.empty() ? "" : ", ") + std::string(name);
    std::string sql = "SELECT " + columns + " FROM " + std::string(table) + " WHERE project_id = ?1";
    if (!extra_condition.empty())
        sql += " AND " + std::string(extra_condition) + " = ?2";
    sql += " ORDER BY " + std::string(order);
    auto statement = database.prepare_cached(sql);
    if (!statement)
        return statement.error();
    statement->bind(1, project_id);
    if (!extra_condition.empty())
        statement->bind(2, extra_value);
    while (true) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            return ok_status();
        Record record{};
        ColumnReader reader{statement.value(), 0, {}};
        fields_function(reader, record);
        if (!reader.bad_column.empty()) {
            return Error("lifecycle.stored_value_invalid", std::string(table) + "." + reader.bad_column,
                         "a stored code this program does not know")
                .with("field", std::string(table) + "." + reader.bad_column);
        }
        take(std::move(record));
    }
}

Result<std::optional<Project>> read_project(store::Database& database, std::string_view project_id) {
    ColumnNames names;
    Project probe;
    project_fields(names, probe);
    std::string columns;
    for (std::string_view name : names.names)
        columns += (columns.empty() ? "" : ", ") + std::string(name);
    Project project;
    {  // the cached statement is reset when this block ends, before the child rows are read
        auto statement =
            database.prepare_cached("SELECT " + columns + " FROM lifecycle_projects WHERE project_id = ?1");
        if (!statement)
            return statement.error();
        statement->bind(1, project_id);
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            return std::optional<Project>();
        ColumnReader reader{statement.value(), 0, {}};
        project_fields(reader, project);
        if (!reader.bad_column.empty()) {
            return Error("lifecycle.stored_value_invalid", "lifecycle_projects." + reader.bad_column,
                         "a stored code this program does not know")
                .with("field", "lifecycle_projects." + reader.bad_column);
        }
    }

    const std::string id(project_id);
    Status status = read_rows<ProjectBid>(database, "lifecycle_bids", id, "", "", "position", bid_fields,
                                          [&](ProjectBid&& bid) { project.bids.push_back(std::move(bid)); });
    for (ProjectBid& bid : project.bids) {
        if (status) {
            status = read_rows<ExpertScore>(
                database, "lifecycle_scores", id, "bid_id", bid.bid_id, "position", score_fields,
                [&](ExpertScore&& score) { bid.scores.push_back(std::move(score)); });
        }
    }
    if (status) {
        status = read_rows<Objection>(
            database, "lifecycle_objections", id, "", "", "number", objection_fields,
            [&](Objection&& objection) { project.objections.push_back(std::move(objection)); });
    }
    if (status) {
        status = read_rows<PartyAmount>(
            database, "lifecycle_funding_shares", id, "", "", "position", party_fields,
            [&](PartyAmount&& share) { project.funding.shares.push_back(std::move(share)); });
    }
    if (status) {
        status = read_rows<LedgerTranche>(
            database, "lifecycle_tranches", id, "", "", "position", tranche_fields,
            [&](LedgerTranche&& tranche) { project.tranches.push_back(std::move(tranche)); });
    }
    for (LedgerTranche& tranche : project.tranches) {
        if (status) {
            status = read_rows<PartyAmount>(
                database, "lifecycle_tranche_shares", id, "tranche_id", tranche.tranche_id, "position",
                party_fields, [&](PartyAmount&& share) { tranche.shares.push_back(std::move(share)); });
        }
    }
    if (status) {
        status =
            read_rows<Payment>(database, "lifecycle_payments", id, "", "", "position", payment_fields,
                               [&](Payment&& payment) { project.payments.push_back(std::move(payment)); });
    }
    if (status) {
        status = read_rows<MidtermReview>(
            database, "lifecycle_reviews", id, "", "", "number", review_fields,
            [&](MidtermReview&& review) { project.reviews.push_back(std::move(review)); });
    }
    if (status) {
        status = read_rows<ProgressReport>(
            database, "lifecycle_progress_reports", id, "", "", "position", report_fields,
            [&](ProgressReport&& report) { project.reports.push_back(std::move(report)); });
    }
    if (status) {
        status = read_rows<Extension>(
            database, "lifecycle_extensions", id, "", "", "number", extension_fields,
            [&](Extension&& extension) { project.extensions.push_back(std::move(extension)); });
    }
    if (status) {
        status = read_rows<Recovery>(
            database, "lifecycle_recoveries", id, "", "", "position", recovery_fields,
            [&](Recovery&& recovery) { project.recoveries.push_back(std::move(recovery)); });
    }
    for (Recovery& recovery : project.recoveries) {
        if (status) {
            status = read_rows<PartyAmount>(
                database, "lifecycle_recovery_shares", id, "kind", recovery.kind, "position", party_fields,
                [&](PartyAmount&& share) { recovery.shares.push_back(std::move(share)); });
        }
    }
    if (status) {
        status = read_rows<AcceptanceRecord>(
            database, "lifecycle_acceptance", id, "", "", "project_id", acceptance_fields,
            [&](AcceptanceRecord&& acceptance) { project.acceptance = std::move(acceptance); });
    }
    if (!status)
        return status.error();
    return std::optional<Project>(std::move(project));
}

Status write_project(store::Database& database, const Project& project, std::int64_t now) {
    ColumnNames names;
    Project probe;
    project_fields(names, probe);
    std::string columns = "updated_at";
    std::string values = "?1";
    std::string updates = "updated_at = excluded.updated_at";
    int count = 1;
    for (std::string_view name : names.names) {
        columns += ", " + std::string(name);
        values += ", ?" + std::to_string(++count);
        if (name != "project_id")
            updates += ", " + std::string(name) + " = excluded." + std::string(name);
    }
    {
        auto statement =
            database.prepare_cached("INSERT INTO lifecycle_projects (" + columns + ") VALUES (" + values +
                                    ") ON CONFLICT (project_id) DO UPDATE SET " + updates);
        if (!statement)
            return statement.error();
        statement->bind(1, now);
        ColumnBinder binder{statement.value(), 1};
        project_fields(binder, project);
        if (auto status = statement->run(); !status)
            return status;
    }
    for (std::string_view table : child_tables) {
        auto statement =
            database.prepare_cached("DELETE FROM " + std::string(table) + " WHERE project_id = ?1");
        if (!statement)
            return statement.error();
        statement->bind(1, std::string_view(project.project_id));
        if (auto status = statement->run(); !status)
            return status;
    }
    const std::string& id = project.project_id;
    for (std::size_t position = 0; position < project.bids.size(); ++position) {
        const ProjectBid& bid = project.bids[position];
        Status status = insert_row(
            database, "lifecycle_bids",
            {text_key("project_id", id), number_key("position", static_cast<std::int64_t>(position))}, bid,
            bid_fields);
        for (std::size_t score = 0; status && score < bid.scores.size(); ++score) {
            status = insert_row(database, "lifecycle_scores",
                                {text_key("project_id", id), text_key("bid_id", bid.bid_id),
                                 number_key("position", static_cast<std::int64_t>(score))},
                                bid.scores[score], score_fields);
        }
        if (!status)
            return status;
    }
    for (const Objection& objection : project.objections) {
        if (auto status = insert_row(database, "lifecycle_objections", {text_key("project_id", id)},
                                     objection, objection_fields);
            !status)
            return status;
    }
    for (std::size_t position = 0; position < project.funding.shares.size(); ++position) {
        if (auto status = insert_row(
                database, "lifecycle_funding_shares",
                {text_key("project_id", id), number_key("position", static_cast<std::int64_t>(position))},
                project.funding.shares[position], party_fields);
            !status)
            return status;
    }
    for (std::size_t position = 0; position < project.tranches.size(); ++position) {
        const LedgerTranche& tranche = project.tranches[position];
        Status status = insert_row(
            database, "lifecycle_tranches",
            {text_key("project_id", id), number_key("position", static_cast<std::int64_t>(position))},
            tranche, tranche_fields);
        for (std::size_t share = 0; status && share < tranche.shares.size(); ++share) {
            status = insert_row(database, "lifecycle_tranche_shares",
                                {text_key("project_id", id), text_key("tranche_id", tranche.tranche_id),
                                 number_key("position", static_cast<std::int64_t>(share))},
                                tranche.shares[share], party_fields);
        }
        if (!status)
            return status;
    }
    for (std::size_t position = 0; position < project.payments.size(); ++position) {
        if (auto status = insert_row(
                database, "lifecycle_payments",
                {text_key("project_id", id), number_key("position", static_cast<std::int64_t>(position))},
                project.payments[position], payment_fields);
            !status)
            return status;
    }
    for (const MidtermReview& review : project.reviews) {
        if (auto status = insert_row(database, "lifecycle_reviews", {text_key("project_id", id)}, review,
                                     review_fields);
            !status)
            return status;
    }
    for (std::size_t position = 0; position < project.reports.size(); ++position) {
        if (auto status = insert_row(
                database, "lifecycle_progress_reports",
                {text_key("project_id", id), number_key("position", static_cast<std::int64_t>(position))},
                project.reports[position], report_fields);
            !status)
            return status;
    }
    for (const Extension& extension : project.extensions) {
        if (auto status = insert_row(database, "lifecycle_extensions", {text_key("project_id", id)},
                                     extension, extension_fields);
            !status)
            return status;
    }
    for (std::size_t position = 0; position < project.recoveries.size(); ++position) {
        const Recovery& recovery = project.recoveries[position];
        Status status = insert_row(
            database, "lifecycle_recoveries",
            {text_key("project_id", id), number_key("position", static_cast<std::int64_t>(position))},
            recovery, recovery_fields);
        for (std::size_t share = 0; status && share < recovery.shares.size(); ++share) {
            status = insert_row(database, "lifecycle_recovery_shares",
                                {text_key("project_id", id), text_key("kind", recovery.kind),
                                 number_key("position", static_cast<std::int64_t>(share))},
                                recovery.shares[share], party_fields);
        }
        if (!status)
            return status;
    }
    if (project.acceptance) {
        if (auto status = insert_row(database, "lifecycle_acceptance", {text_key("project_id", id)},
                                     *project.acceptance, acceptance_fields);
            !status)
            return status;
    }
    return ok_status();
}

// [SECTION] timeline

std::string pairs_to_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& [key, value] : pairs)
        list.push_back(nlohmann::ordered_json::array({key, value}));
    return list.dump();
}

std::vector<std::pair<std::string, std::string>> pairs_from_json(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> pairs;
    Result<strict_json::Json> list = strict_json::parse(text, "lifecycle event");
    if (!list || !list->is_array())
        return pairs;  // written by pairs_to_json only; nothing else is stored there
    for (const auto& entry : *list) {
        if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string())
            pairs.emplace_back(entry[0].get<std::string>(), entry[1].get<std::string>());
    }
    return pairs;
}

}  // namespace

// [SECTION] LifecycleStore

Status LifecycleStore::install(store::Database& database) {
    auto scope = WriteScope::begin(database);
    if (!scope)
        return scope.error();
    if (auto status = database.execute("CREATE TABLE IF NOT EXISTS lifecycle_schema (id INTEGER PRIMARY KEY "
                                       "CHECK (id = 1), version INTEGER NOT NULL)");
        !status)
        return status;
    auto version = database.query_int("SELECT version FROM lifecycle_schema WHERE id = 1");
    if (!version)
        return version.error();
    if (*version > schema_version) {
        return Error("lifecycle.schema_too_new", "lifecycle_schema",
                     "the lifecycle tables have version " + std::to_string(*version) +
                         "; this program knows " + std::to_string(schema_version))
            .with("value", std::to_string(*version))
            .with("expected", std::to_string(schema_version));
    }
    if (*version < 1) {
        if (auto status = database.execute(schema_version_1); !status)
            return status;
        if (auto status = database.execute("INSERT INTO lifecycle_schema (id, version) VALUES (1, 1)");
            !status)
            return status;
    }
    return scope->commit();
}

Status LifecycleStore::save(const Project& project, std::int64_t now) {
    return write_project(*database_, project, now);
}

Result<std::int64_t> LifecycleStore::append_event(const LifecycleAuditRecord& record) {
    auto statement = database_->prepare_cached(
        "INSERT INTO lifecycle_events (project_id, at, actor_id, actor_role, action, state_before, "
        "state_after, "
        "before_json, after_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!statement)
        return statement.error();
    const std::string before = pairs_to_json(record.before);
    const std::string after = pairs_to_json(record.after);
    statement->bind(1, std::string_view(record.project_id))
        .bind(2, record.at)
        .bind(3, std::string_view(record.actor_id))
        .bind(4, std::string_view(record.actor_role))
        .bind(5, std::string_view(record.action))
        .bind(6, std::string_view(record.state_before))
        .bind(7, std::string_view(record.state_after))
        .bind(8, std::string_view(before))
        .bind(9, std::string_view(after));
    if (auto status = statement->run(); !status)
        return status.error();
    return database_->last_insert_rowid();
}

Result<LifecycleAuditRecord> LifecycleStore::create(const Profile& profile, const Actor& actor,
                                                    const CreateProject& request, std::int64_t now) {
    auto scope = WriteScope::begin(*database_);
    if (!scope)
        return scope.error();
    Project project;
    Result<LifecycleAuditRecord> record = create_project(profile, actor, request, now, project);
    if (!record)
        return record;
    auto existing = database_->query_int("SELECT COUNT(*) FROM lifecycle_projects WHERE project_id = ?1",
                                         project.project_id);
    if (!existing)
        return existing.error();
    if (*existing > 0) {
        return Error("lifecycle.project_exists", "listing_id",
                     "listing " + project.project_id + " has a project")
            .with("id", project.project_id);
    }
    if (auto status = save(project, now); !status)
        return status.error();
    auto sequence = append_event(*record);
    if (!sequence)
        return sequence.error();
    record->sequence = *sequence;
    if (auto status = scope->commit(); !status)
        return status.error();
    return record;
}

Result<LifecycleContext> LifecycleStore::context_for(const Profile& profile, const LifecycleAction& action) {
    LifecycleContext context;
    const std::optional<int> year = approval_year_of(action);
    if (!year || profile.lifecycle == nullptr)
        return context;
    auto approved = approved_in_year(profile.id, *year);
    if (!approved)
        return approved.error();
    context.approved_in_year = *approved;
    const auto& approve = std::get<ApproveProject>(action);
    if (!approve.project_number.empty()) {
        auto taken = database_->query_int("SELECT COUNT(*) FROM lifecycle_projects WHERE project_number = ?1",
                                          approve.project_number);
        if (!taken)
            return taken.error();
        context.project_number_taken = *taken > 0;
        return context;
    }
    auto numbered = database_->query_int(
        "SELECT COUNT(*) FROM lifecycle_projects WHERE profile_id = ?1 AND approval_year = ?2 AND "
        "project_number IS "
        "NOT NULL",
        profile.id, *year);
    if (!numbered)
        return numbered.error();
    for (std::int64_t sequence = *numbered + 1;; ++sequence) {
        const std::string candidate =
            project_number_for(*profile.lifecycle, *year, static_cast<int>(sequence));
        auto taken = database_->query_int("SELECT COUNT(*) FROM lifecycle_projects WHERE project_number = ?1",
                                          candidate);
        if (!taken)
            return taken.error();
        if (*taken == 0) {
            context.next_project_number = candidate;
            return context;
        }
    }
}

Result<LifecycleAuditRecord> LifecycleStore::apply(const Profile& profile, std::string_view project_id,
                                                   const Actor& actor, const LifecycleAction& action,
                                                   std::int64_t now) {
    auto scope = WriteScope::begin(*database_);
    if (!scope)
        return scope.error();
    auto loaded = read_project(*database_, project_id);
    if (!loaded)
        return loaded.error();
    if (!loaded->has_value()) {
        return Error("lifecycle.unknown_project", "project", "no project " + std::string(project_id))
            .with("id", std::string(project_id));
    }
    Project project = std::move(**loaded);
    auto context = context_for(profile, action);
    if (!context)
        return context.error();
    Result<LifecycleAuditRecord> record = apply_action(profile, *context, actor, action, now, project);
    if (!record)
        return record;
    if (auto status = save(project, now); !status)
        return status.error();
    auto sequence = append_event(*record);
    if (!sequence)
        return sequence.error();
    record->sequence = *sequence;
    if (auto status = scope->commit(); !status)
        return status.error();
    return record;
}

Result<std::vector<LifecycleAuditRecord>> LifecycleStore::forfeit_overdue(const Profile& profile,
                                                                          const Actor& actor,
                                                                          std::string_view on,
                                                                          std::int64_t now) {
    Result<CalendarDate> date = CalendarDate::parse(on, "on");
    if (!date)
        return date.error();
    if (profile.lifecycle == nullptr || !profile.lifecycle->forfeit_when_unsigned) {
        return Error("lifecycle.step_not_in_profile", "forfeit",
                     "profile " + profile.id + " forfeits nothing")
            .with("id", "forfeit")
            .with("value", profile.id);
    }
    auto scope = WriteScope::begin(*database_);
    if (!scope)
        return scope.error();
    std::vector<std::string> candidates;
    {
        auto statement = database_->prepare_cached(
            "SELECT project_id FROM lifecycle_projects WHERE profile_id = ?1 AND signing_deadline != '' AND "
            "signing_deadline < ?2 AND agreed_on = '' AND state IN ('selected', 'registered', 'in_notice', "
            "'approved') ORDER BY project_id");
        if (!statement)
            return statement.error();
        statement->bind(1, std::string_view(profile.id)).bind(2, on);
        while (true) {
            auto row = statement->step();
            if (!row)
                return row.error();
            if (!row.value())
                break;
            candidates.push_back(statement->column_text(0));
        }
    }
    std::vector<LifecycleAuditRecord> records;
    for (const std::string& project_id : candidates) {
        Result<LifecycleAuditRecord> record =
            apply(profile, project_id, actor, ForfeitUnsigned{date->to_string()}, now);
        if (!record) {
            // Not this project's turn (e.g. the agreement is not its next stage yet): nothing to forfeit.
            if (record.error().code == "lifecycle.stage_order" ||
                record.error().code == "lifecycle.nothing_to_forfeit")
                continue;
            return record.error();
        }
        records.push_back(std::move(record).value());
    }
    if (auto status = scope->commit(); !status)
        return status.error();
    return records;
}

Result<std::optional<Project>> LifecycleStore::load(std::string_view project_id) {
    return read_project(*database_, project_id);
}

Result<std::vector<Project>> LifecycleStore::list(const ProjectFilter& filter) {
    std::vector<std::string> ids;
    {
        auto statement = database_->prepare_cached(
            "SELECT project_id FROM lifecycle_projects WHERE (?1 = '' OR profile_id = ?1) AND (?2 = '' OR "
            "county_admin_code = ?2 OR (?2 = 'city_level' AND county_admin_code = '')) AND (?3 = '' OR state "
            "= ?3) "
            "AND (?4 = 0 OR approval_year = ?4) ORDER BY approval_year, project_number, project_id");
        if (!statement)
            return statement.error();
        statement->bind(1, std::string_view(filter.profile_id))
            .bind(2, std::string_view(filter.county_admin_code))
            .bind(3, std::string_view(filter.state))
            .bind(4, static_cast<std::int64_t>(filter.approval_year));
        while (true) {
            auto row = statement->step();
            if (!row)
                return row.error();
            if (!row.value())
                break;
            ids.push_back(statement->column_text(0));
        }
    }
    std::vector<Project> projects;
    for (const std::string& id : ids) {
        auto project = read_project(*database_, id);
        if (!project)
            return project.error();
        if (project->has_value())
            projects.push_back(std::move(**project));
    }
    return projects;
}

Result<std::vector<LifecycleAuditRecord>> LifecycleStore::timeline(std::string_view project_id) {
    auto statement = database_->prepare_cached(
        "SELECT sequence, at, actor_id, actor_role, action, state_before, state_after, before_json, "
        "after_json FROM "
        "lifecycle_events WHERE project_id = ?1 ORDER BY sequence");
    if (!statement)
        return statement.error();
    statement->bind(1, project_id);
    std::vector<LifecycleAuditRecord> records;
    while (true) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            return records;
        LifecycleAuditRecord record;
        record.sequence = statement->column_int(0);
        record.at = statement->column_int(1);
        record.actor_id = statement->column_text(2);
        record.actor_role = statement->column_text(3);
        record.project_id = std::string(project_id);
        record.action = statement->column_text(4);
        record.state_before = statement->column_text(5);
        record.state_after = statement->column_text(6);
        record.before = pairs_from_json(statement->column_text(7));
        record.after = pairs_from_json(statement->column_text(8));
        records.push_back(std::move(record));
    }
}

Result<int> LifecycleStore::approved_in_year(std::string_view profile_id, int year) {
    auto count = database_->query_int(
        "SELECT COUNT(*) FROM lifecycle_projects WHERE profile_id = ?1 AND approval_year = ?2 AND "
        "approved_on != '' "
        "AND state NOT IN ('forfeited', 'withdrawn')",
        profile_id, year);
    if (!count)
        return count.error();
    return static_cast<int>(*count);
}

}  // namespace jiebang::lifecycle

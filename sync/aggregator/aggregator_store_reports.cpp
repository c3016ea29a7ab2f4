// sync/aggregator/aggregator_store_reports.cpp — monthly reports in AggregatorStore (docs/protocol.md section 20,
// sync/aggregator/monthly_report.hpp). A county queues its 月报 for the city; the uplink sends the oldest unsent
// one (MONTHLY-REPORT) and marks it sent on MONTHLY-REPORT-OK; the city keeps what it receives. Migration 11.
// Invariants:
//  1. A queued report stays unsent until the city's MONTHLY-REPORT-OK names its month and made_at, so a lost
//     reply means the report is sent again, never lost.
//  2. The city keeps every report a county sent, under the county of the sender's enrolment (never a county a
//     payload names); the same (county, month, made_at) sent again is kept once.
//
// Index: [SECTION] Schema  [SECTION] County side  [SECTION] City side
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

// [SECTION] Schema
const std::string& monthly_reports_schema_migration() {
    static const std::string sql = R"sql(
CREATE TABLE monthly_reports_outbox (
  month TEXT NOT NULL,
  made_at INTEGER NOT NULL,
  report_json TEXT NOT NULL,
  sent_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, made_at)
);
CREATE TABLE monthly_reports (
  county_admin_code TEXT NOT NULL,
  month TEXT NOT NULL,
  made_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  report_json TEXT NOT NULL,
  PRIMARY KEY (county_admin_code, month, made_at)
);
)sql";
    return sql;
}

// [SECTION] County side
Status AggregatorStore::queue_monthly_report(const MonthlyReportSend& report) {
    return database_.execute(
        "INSERT INTO monthly_reports_outbox (month, made_at, report_json) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (month, made_at) DO UPDATE SET report_json = excluded.report_json, sent_at = 0",
        report.month, report.made_at, report.report_json);
}

Status AggregatorStore::send_monthly_report(const MonthlyReportSend& report, const ActingStaff& staff,
                                            std::string_view target, std::int64_t now) {
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY(queue_monthly_report(report));
    JIEBANG_TRY(append_audit(staff, "send_report", target, "city", "", "", now));
    return transaction.commit();
}

Result<std::optional<MonthlyReportSend>> AggregatorStore::monthly_report_to_send() {
    return database_.query_row(
        "SELECT month, made_at, report_json FROM monthly_reports_outbox WHERE sent_at = 0 ORDER BY made_at, "
        "month "
        "LIMIT 1",
        [](const store::Statement& row) {
            return MonthlyReportSend{row.column_text(0), row.column_int(1), row.column_text(2)};
        });
}

Status AggregatorStore::monthly_report_sent(const MonthlyReportKept& kept, std::int64_t now) {
    return database_.execute(
        "UPDATE monthly_reports_outbox SET sent_at = ?3 WHERE month = ?1 AND made_at = ?2", kept.month,
        kept.made_at, now);
}

// [SECTION] City side
Status AggregatorStore::keep_monthly_report(const std::string& county_admin_code,
                                            const MonthlyReportSend& report, std::int64_t now) {
    return database_.execute(
        "INSERT INTO monthly_reports (county_admin_code, month, made_at, received_at, report_json) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
        county_admin_code, report.month, report.made_at, now, report.report_json);
}

Result<std::vector<ReceivedMonthlyReport>> AggregatorStore::monthly_reports(
    const std::string& county_admin_code, const std::string& month) {
    return database_.query_rows(
        "SELECT county_admin_code, month, made_at, received_at, report_json FROM monthly_reports "
        "WHERE (?1 = '' OR county_admin_code = ?1) AND (?2 = '' OR month = ?2) "
        "ORDER BY month DESC, county_admin_code, made_at DESC",
        [](const store::Statement& row) {
            return ReceivedMonthlyReport{row.column_text(0), row.column_text(1), row.column_int(2),
                                         row.column_int(3), row.column_text(4)};
        },
        county_admin_code, month);
}

}  // namespace jiebang::sync

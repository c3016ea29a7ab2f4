// sync/aggregator/staff_service_exports.cpp — the staff requests that read for a file or queue a report:
// TERMINAL-REQUEUE (a terminal's refused SUBMIT sent again, docs/protocol.md 22), EXPORT-REQUEST (the 汇总表 of
// a 报送 batch, every submission), REPORT-REQUEST (the county's 月报, and with `send` queued for the city) and
// RECEIVED-REPORTS-REQUEST (the 月报 a city received), docs/protocol.md 17.2. The client lays the rows out (cli/staff/tables.*): the server checks the role, writes
// the audit entry and returns the rows, so an export made on the host and one made over the channel hold the
// same rows.
// Invariants:
//  1. Export permission (backoffice::Permission::Export) is checked before anything is read; a refused request
//     appends nothing.
//  2. Every page of an export appends its `export` audit entry before the rows are returned (a full export's
//     rows carry the applicants' personal data); no entry, no rows.
//  3. A page holds at most the request's `max` rows and stops before its contents pass
//     export_page_content_bytes (at least one row), so every reply fits a message; next_after says where the
//     next page starts (0: none).
//  4. REPORT-REQUEST with `send` queues the report and appends `send_report` in one transaction (both or
//     neither), then the `export` entry of the read; only a county reviewer (or the host's administrator)
//     sends, only at a county.
#include <string>

#include "sync/aggregator/monthly_report.hpp"
#include "sync/aggregator/staff_service.hpp"

namespace jiebang::sync {

namespace {

using namespace staff;

StaffBody refused(const Error& error) {
    return staff_error_from(error);
}

ExportRow export_row(const StoredSubmission& submission, bool with_content) {
    ExportRow row;
    row.sequence = submission.sequence;
    row.submission_id = submission.submission_id;
    row.receipt_number = submission.receipt_number;
    row.kind = submission.kind == "bid" ? KindCode::Bid : KindCode::Demand;
    row.profile = submission.profile_id;
    row.county = submission.county_admin_code;
    row.industry = submission.industry_id;
    row.stage = submission.review_stage;
    row.reason = submission.review_reason;
    row.flags = submission.flags;
    row.received_at = submission.received_at;
    row.title = submission.project_name;
    if (with_content)
        row.canonical_content = submission.canonical_content;
    return row;
}

// Fills `reply` from `rows` (in sequence order) after `after`, at most `max` rows within the byte budget.
void fill_page(ExportRows& reply, const std::vector<StoredSubmission>& rows, std::int64_t after,
               std::uint32_t max, bool with_content, bool more_in_store) {
    std::size_t bytes = 0;
    for (const StoredSubmission& submission : rows) {
        if (submission.sequence <= after)
            continue;
        const std::size_t size = with_content ? submission.canonical_content.size() : 0;
        if (reply.rows.size() == max || (!reply.rows.empty() && bytes + size > export_page_content_bytes)) {
            reply.next_after = reply.rows.back().sequence;
            return;
        }
        bytes += size;
        reply.rows.push_back(export_row(submission, with_content));
    }
    reply.next_after = more_in_store && !reply.rows.empty() ? reply.rows.back().sequence : 0;
}

}  // namespace

StaffBody StaffService::handle_export(const StaffBody& request, const StaffCaller& caller, std::int64_t now) {
    if (const auto* requeue = std::get_if<TerminalRequeue>(&request)) {
        auto rows = store_.request_requeue(requeue->receipt_number, caller.acting, now);
        if (!rows)
            return refused(rows.error());
        TerminalRequeued reply;
        for (const RefusedSubmission& row : rows.value()) {
            if (reply.items.size() == max_requeued_items)
                break;
            reply.items.push_back(
                RequeuedItem{row.node_id, row.submission_id, row.receipt_number, row.error_code});
        }
        return reply;
    }
    if (auto allowed = backoffice::check_permission(caller.acting.actor, backoffice::Permission::Export);
        !allowed)
        return refused(allowed.error());

    if (const auto* received = std::get_if<ReceivedReportsRequest>(&request)) {
        // City: what the counties sent (docs/protocol.md 20); the current one of a month with its JSON.
        if (received->current_only && (received->county.empty() || received->month.empty()))
            return refused(
                Error("staff_channel.bad_filter", "month", "a county and a month").with("field", "month"));
        auto reports = store_.monthly_reports(received->county, received->month);
        if (!reports)
            return refused(reports.error());
        ReceivedReports reply;
        for (const ReceivedMonthlyReport& report : reports.value()) {
            if (reply.reports.size() == max_received_reports ||
                (received->current_only && !reply.reports.empty()))
                break;
            reply.reports.push_back(
                ReceivedReport{report.county_admin_code, report.month, report.made_at, report.received_at,
                               received->current_only ? report.report_json : std::string()});
        }
        if (received->current_only && reply.reports.empty()) {
            return refused(Error("report.none", "--month", "no report of that county for that month")
                               .with("county", received->county)
                               .with("month", received->month));
        }
        if (received->current_only && !received->note.empty()) {
            if (auto audited = store_.record_audit(
                    caller.acting, "export", "report received " + received->county + " " + received->month,
                    received->note, now);
                !audited)
                return refused(audited.error());
        }
        return reply;
    }

    if (const auto* report_request = std::get_if<ReportRequest>(&request)) {
        const std::string target = "report monthly " + report_request->county + " " + report_request->month;
        if (auto bounds = month_bounds(report_request->month); !bounds) {
            return refused(
                Error("staff_channel.bad_filter", "month", "a month is YYYY-MM").with("field", "month"));
        }
        if (report_request->county.empty())
            return refused(
                Error("staff_channel.bad_filter", "county", "a county code").with("field", "county"));
        if (report_request->send) {
            if (caller.acting.actor != review::Actor::Reviewer &&
                caller.acting.actor != review::Actor::HostAdministrator) {
                return refused(Error("staff.not_permitted", "send", "only a county reviewer sends the report")
                                   .with("actor", std::string(review::actor_name(caller.acting.actor)))
                                   .with("action", "send_report"));
            }
            if (settings_.tier != "county")
                return refused(Error("staff.wrong_role", "--send", "only a county sends its monthly report"));
        }
        auto report = build_monthly_report(store_, report_request->county, report_request->month, now);
        if (!report)
            return refused(report.error());
        ReportCopy reply;
        reply.made_at = report->made_at;
        reply.report_json = monthly_report_to_json(report.value());
        if (report_request->send) {
            // The city receives it through the county's uplink (docs/protocol.md 20), with its audit entry.
            if (auto sent = store_.send_monthly_report(
                    MonthlyReportSend{report_request->month, report->made_at, reply.report_json},
                    caller.acting, target, now);
                !sent)
                return refused(sent.error());
            reply.queued = true;
        }
        if (auto audited = store_.record_audit(caller.acting, "export", target, report_request->note, now);
            !audited)
            return refused(audited.error());
        return reply;
    }

    const auto& export_request = std::get<ExportRequest>(request);
    if (export_request.max < 1 || export_request.max > max_export_rows)
        return refused(Error("staff_channel.bad_filter", "max", "1 to 5000 rows").with("field", "max"));
    ExportRows reply;
    std::string target;
    if (export_request.what == ExportKind::Summary) {
        auto batches = store_.forward_batches();
        if (!batches)
            return refused(batches.error());
        const ForwardBatch* batch = nullptr;
        for (const ForwardBatch& candidate : batches.value()) {
            if (candidate.number == export_request.batch)
                batch = &candidate;
        }
        if (batch == nullptr) {
            return refused(Error("staff.unknown_batch", "--batch", "no such forwarding batch in this store")
                               .with("batch", std::to_string(export_request.batch))
                               .with("last", std::to_string(batches->empty() ? 0 : batches->back().number)));
        }
        auto items = store_.batch_items(batch->number);
        if (!items)
            return refused(items.error());
        reply.batch_number = batch->number;
        reply.batch_created_at = batch->created_at;
        fill_page(reply, items.value(), export_request.after, export_request.max, false, false);
        target = "summary batch " + std::to_string(batch->number);
    } else {
        // One row more than the page can hold tells whether another page follows.
        auto rows = store_.submissions_after(export_request.county, export_request.after,
                                             static_cast<int>(export_request.max) + 1);
        if (!rows)
            return refused(rows.error());
        const bool more = rows->size() > export_request.max;
        fill_page(reply, rows.value(), export_request.after, export_request.max, true, more);
        target = export_request.county.empty() ? "full" : "full county " + export_request.county;
    }
    // Invariant 2: on the record before the rows leave.
    std::string reason = export_request.note;
    if (export_request.after > 0 || reply.next_after > 0) {
        reason += (reason.empty() ? "" : "; ") + std::string("rows after ") +
                  std::to_string(export_request.after) + ": " + std::to_string(reply.rows.size());
    }
    if (auto audited = store_.record_audit(caller.acting, "export", target, reason, now); !audited)
        return refused(audited.error());
    return reply;
}

}  // namespace jiebang::sync

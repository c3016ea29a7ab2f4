// cli/staff/export_commands.cpp — exports a bureau uses as they are (the county summary table per forwarding batch, the full data)
// and the monthly report (seed 004). Labels come from assets/strings (keys sync.export.*, sync.report.*).
//
// Index: [SECTION] Values  [SECTION] export summary  [SECTION] export full  [SECTION] report monthly
//        [SECTION] Registration
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/staff/staff_commands.hpp"
#include "cli/staff/store_access.hpp"
#include "cli/staff/tables.hpp"

namespace jiebang::cli {
namespace {

using Json = nlohmann::ordered_json;
using sync::StoredSubmission;

struct ExportOptions {
    std::string store;
    std::string format;
    std::string out;
    std::string county;
    std::string office;
    std::string authority;
};

// [SECTION] Values
std::string value_text(CommandContext& context, const FieldValue& value) {
    if (const auto* text = std::get_if<std::string>(&value))
        return *text;
    if (const auto* flag = std::get_if<bool>(&value))
        return context.text(*flag ? "sync.value.yes" : "sync.value.no");
    if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        std::string joined;
        for (const std::string& item : *list)
            joined += (joined.empty() ? "" : "\n") + item;
        return joined;
    }
    return {};
}

// Writes the export and records it in the audit trail; without its audit entry the file is removed again.
int write_sheets(CommandContext& context, sync::AggregatorStore& store, const std::string& what,
                 const ExportOptions& options, const std::vector<Sheet>& sheets) {
    Status written =
        options.format == "xlsx" ? write_xlsx(options.out, sheets) : write_csv(options.out, sheets);
    if (!written)
        return context.fail(written.error());
    if (auto audited = store.record_audit(host_administrator(), "export", what,
                                          options.format + " " + options.out, now_seconds());
        !audited) {
        std::error_code ignored;
        std::filesystem::remove(options.out, ignored);
        return context.fail(audited.error());
    }
    std::size_t rows = 0;
    for (const Sheet& sheet : sheets)
        rows += sheet.rows.size();
    context.out << "wrote " << rows << " rows to " << options.out << "\n";
    return exit_ok;
}

// [SECTION] export summary
int export_summary(CommandContext& context, const ExportOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    sync::SubmissionFilter filter;
    filter.county_admin_code = options.county;
    auto all = store->list(filter);
    if (!all)
        return context.fail(all.error());
    Sheet sheet;
    sheet.name = "summary";
    sheet.title = context.text("sync.export.summary.title");
    sheet.subtitle = context.text("sync.export.summary.recommending_unit");
    sheet.header = {context.text("sync.export.summary.sequence"), context.text("sync.export.summary.office"),
                    context.text("sync.export.summary.industry"), context.text("sync.export.summary.topic"),
                    context.text("sync.export.summary.authority")};
    int number = 0;
    for (const StoredSubmission& row : all.value()) {
        if (row.kind != "demand")
            continue;
        if (row.review_state != "accepted" && row.review_state != "forwarded" &&
            row.review_state != "published")
            continue;
        const std::string county = context.county_name(row.profile_id, row.county_admin_code);
        const std::string office = options.office.empty() ? county : options.office;
        const std::string authority = options.authority.empty() ? county : options.authority;
        sheet.rows.push_back({std::to_string(++number), office,
                              context.industry_name(row.profile_id, row.industry_id), row.project_name,
                              authority});
    }
    return write_sheets(context, store.value(), "summary", options, {sheet});
}

// [SECTION] export full
int export_full(CommandContext& context, const ExportOptions& options) {
    const FormCatalog* forms = context.forms();
    if (forms == nullptr)
        return context.failure(Error("staff.assets", "assets/forms", "the forms could not be loaded"));
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    sync::SubmissionFilter filter;
    filter.county_admin_code = options.county;
    auto all = store->list(filter);
    if (!all)
        return context.fail(all.error());
    std::vector<Sheet> sheets;
    for (const FormDefinition* form : {&forms->demand(), &forms->bid()}) {
        Sheet sheet;
        sheet.name = form->id;
        sheet.header = {
            context.text("sync.export.column.receipt"),     context.text("sync.export.column.county"),
            context.text("sync.export.column.state"),       context.text("sync.export.column.reason"),
            context.text("sync.export.column.received_at"), context.text("sync.export.column.flags")};
        for (const FieldDefinition& field : form->fields)
            sheet.header.push_back(field.label.chinese);
        for (const StoredSubmission& row : all.value()) {
            if (row.kind != form->id)
                continue;
            auto submission = submission_from_json(row.canonical_content);
            if (!submission)
                return context.fail(submission.error());
            std::vector<std::string> values = {row.receipt_number,
                                               context.county_name(row.profile_id, row.county_admin_code),
                                               row.review_state,
                                               row.review_reason,
                                               local_time(row.received_at),
                                               row.flags};
            for (const FieldDefinition& field : form->fields) {
                auto found = submission->values.find(field.id);
                values.push_back(found == submission->values.end() ? std::string()
                                                                   : value_text(context, found->second));
            }
            sheet.rows.push_back(std::move(values));
        }
        sheets.push_back(std::move(sheet));
    }
    return write_sheets(context, store.value(), "full", options, sheets);
}

// [SECTION] report monthly
struct ReportOptions {
    std::string store;
    std::string county;
    std::string month;
    std::string format = "text";
    std::string out;
};

// Month boundaries are in China Standard Time (UTC+8), the halls' time zone.
std::pair<std::int64_t, std::int64_t> month_bounds(const std::string& month) {
    const int year = std::stoi(month.substr(0, 4));
    const int number = std::stoi(month.substr(5, 2));
    auto start_of = [](int y, int m) {
        std::tm time{};
        time.tm_year = y - 1900;
        time.tm_mon = m - 1;
        time.tm_mday = 1;
        return static_cast<std::int64_t>(timegm(&time)) - 8 * 3600;
    };
    return {start_of(year, number), number == 12 ? start_of(year + 1, 1) : start_of(year, number + 1)};
}

int report_monthly(CommandContext& context, const ReportOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    const auto bounds = month_bounds(options.month);
    std::map<std::string, std::int64_t> counts;
    auto events = store->database().prepare(
        "SELECT s.kind || '.' || f.event, count(*) FROM feed f JOIN submissions s ON s.submission_id = "
        "f.submission_id WHERE s.county_admin_code = ?1 AND f.at >= ?2 AND f.at < ?3 GROUP BY 1");
    if (!events)
        return context.fail(events.error());
    events->bind(1, options.county).bind(2, bounds.first).bind(3, bounds.second);
    for (;;) {
        auto row = events->step();
        if (!row)
            return context.fail(row.error());
        if (!row.value())
            break;
        counts[events->column_text(0)] = events->column_int(1);
    }
    auto totals = store->database().prepare(
        "SELECT kind, count(*), sum(review_state = 'received') FROM submissions WHERE county_admin_code = ?1 "
        "AND received_at < ?2 GROUP BY kind");
    if (!totals)
        return context.fail(totals.error());
    totals->bind(1, options.county).bind(2, bounds.second);
    for (;;) {
        auto row = totals->step();
        if (!row)
            return context.fail(row.error());
        if (!row.value())
            break;
        counts[totals->column_text(0) + ".total"] = totals->column_int(1);
        counts[totals->column_text(0) + ".awaiting_review"] = totals->column_int(2);
    }
    auto listings = store->database().prepare(
        "SELECT listing_id, count(*) FROM submissions WHERE kind = 'bid' AND county_admin_code = ?1 AND "
        "received_at >= ?2 AND received_at < ?3 GROUP BY listing_id ORDER BY listing_id");
    if (!listings)
        return context.fail(listings.error());
    listings->bind(1, options.county).bind(2, bounds.first).bind(3, bounds.second);
    std::vector<std::pair<std::string, std::int64_t>> bids_per_listing;
    for (;;) {
        auto row = listings->step();
        if (!row)
            return context.fail(row.error());
        if (!row.value())
            break;
        bids_per_listing.emplace_back(listings->column_text(0), listings->column_int(1));
    }

    static const std::vector<std::string> keys = {
        "demand.received",  "demand.accepted",  "demand.returned",    "demand.rejected",
        "demand.forwarded", "demand.published", "demand.total",       "demand.awaiting_review",
        "bid.received",     "bid.accepted",     "bid.returned",       "bid.rejected",
        "bid.forwarded",    "bid.total",        "bid.awaiting_review"};
    std::vector<std::vector<std::string>> rows;
    for (const std::string& key : keys)
        rows.push_back({key, context.text("sync.report." + key), std::to_string(counts[key])});
    for (const auto& [listing, count] : bids_per_listing) {
        rows.push_back({"bids_per_listing." + listing,
                        context.text("sync.report.bids_per_listing") + " " + listing, std::to_string(count)});
    }

    std::ostringstream rendered;
    if (options.format == "json") {
        Json document;
        document["county"] = options.county;
        document["month"] = options.month;
        for (const auto& row : rows)
            document["counts"][row[0]] = std::stoll(row[2]);
        rendered << document.dump(2) << "\n";
    } else if (options.format == "csv") {
        rendered << "\xEF\xBB\xBF"
                 << "key,label,count\r\n";
        for (const auto& row : rows)
            rendered << csv_field(row[0]) << "," << csv_field(row[1]) << "," << row[2] << "\r\n";
    } else {
        rendered << context.text("sync.report.title") << " " << options.county << " " << options.month
                 << "\n";
        for (const auto& row : rows)
            rendered << row[1] << ": " << row[2] << "\n";
    }
    if (auto audited = store->record_audit(host_administrator(), "export", "report monthly",
                                           options.county + " " + options.month, now_seconds());
        !audited) {
        return context.fail(audited.error());
    }
    if (options.out.empty()) {
        context.out << rendered.str();
        return exit_ok;
    }
    std::ofstream file(options.out, std::ios::binary | std::ios::trunc);
    if (!file || !(file << rendered.str()) || !file.flush())
        return context.fail(Error("staff.cannot_write", options.out, "cannot write the report"));
    context.out << "wrote the monthly report to " << options.out << "\n";
    return exit_ok;
}

}  // namespace

// [SECTION] Registration
void add_export_commands(CLI::App& app, CommandContext& context) {
    auto* exports = app.add_subcommand("export", "Exports: the county summary table, the full data");
    exports->require_subcommand(1);
    auto options = std::make_shared<ExportOptions>();
    const auto formats = CLI::IsMember({"xlsx", "csv"});
    auto* summary =
        exports->add_subcommand("summary", "The summary table of the demands recommended to the city");
    auto* full = exports->add_subcommand("full", "Every submission with every field");
    for (CLI::App* command : {summary, full}) {
        add_store_option(command, options->store);
        command->add_option("--format", options->format, "xlsx or csv")->required()->check(formats);
        command->add_option("--out", options->out, "the file to write (0600)")->required();
        command->add_option("--county", options->county, "only this county");
    }
    summary->add_option("--office", options->office, "the receiving office named on the summary table");
    summary->add_option("--authority", options->authority,
                        "the supervising authority named on the summary table");
    on_parsed(summary, context, [&context, options] { return export_summary(context, *options); });
    on_parsed(full, context, [&context, options] { return export_full(context, *options); });

    auto* report = app.add_subcommand("report", "Reports: the county's monthly report");
    report->require_subcommand(1);
    auto report_options = std::make_shared<ReportOptions>();
    auto* monthly =
        report->add_subcommand("monthly", "One county's month: submissions by state, bids per listing");
    add_store_option(monthly, report_options->store);
    monthly->add_option("--county", report_options->county, "county administrative code")->required();
    monthly->add_option("--month", report_options->month, "YYYY-MM (China Standard Time)")
        ->required()
        ->check(CLI::Validator(
            [](std::string& value) {
                static const std::regex pattern(R"(^(20[0-9]{2}|21[0-9]{2})-(0[1-9]|1[0-2])$)");
                return std::regex_match(value, pattern) ? std::string() : std::string("expected YYYY-MM");
            },
            "YYYY-MM", "month"));
    monthly->add_option("--format", report_options->format, "text, json or csv")
        ->check(CLI::IsMember({"text", "json", "csv"}));
    monthly->add_option("--out", report_options->out, "write to this file instead of the output");
    on_parsed(monthly, context,
              [&context, report_options] { return report_monthly(context, *report_options); });
}

}  // namespace jiebang::cli

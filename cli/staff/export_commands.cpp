// cli/staff/export_commands.cpp — exports a bureau uses as they are (the county summary table per forwarding
// batch, the full data) and the monthly report (seed 004). Labels come from assets/strings (keys
// sync.export.*, sync.report.*).
//
// Index: [SECTION] Values  [SECTION] export summary  [SECTION] export full  [SECTION] report monthly
//        [SECTION] report received  [SECTION] Registration
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/staff/staff_backend.hpp"
#include "cli/staff/staff_commands.hpp"
#include "cli/staff/store_access.hpp"
#include "platform/print/table_printout.hpp"
#include "platform/tables/tables.hpp"
#include "shared/paper/summary_table.hpp"
#include "shared/text/utf8.hpp"
#include "sync/aggregator/monthly_report.hpp"

namespace jiebang::cli {
namespace {

using Json = nlohmann::ordered_json;
using sync::StoredSubmission;

namespace staff = sync::staff;

struct ExportOptions {
    StaffTarget target;
    std::string format;
    std::string out;
    std::string county;
    std::string office;
    std::string authority;
    std::int64_t batch = 0;
};

// [SECTION] Values
// A value as a clerk reads it: option names rather than ids (inline labels, the profile's industries and
// counties), yes/no, lists one per line.
std::string option_text(CommandContext& context, const FieldDefinition& field, const std::string& profile_id,
                        const std::string& option) {
    for (const ChoiceOption& choice : field.options) {
        if (choice.id == option && !choice.label.chinese.empty())
            return choice.label.chinese;
    }
    if (field.options_source == "profile.industries")
        return context.industry_name(profile_id, option);
    if (field.options_source == "profile.counties")
        return context.county_name(profile_id, option);
    return option;
}

std::string value_text(CommandContext& context, const FieldDefinition& field, const std::string& profile_id,
                       const FieldValue& value) {
    if (const auto* text = std::get_if<std::string>(&value)) {
        if (field.kind == FieldKind::Choice)
            return option_text(context, field, profile_id, *text);
        return *text;
    }
    if (const auto* flag = std::get_if<bool>(&value))
        return context.text(*flag ? "sync.value.yes" : "sync.value.no");
    if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        std::string joined;
        for (const std::string& item : *list) {
            joined +=
                (joined.empty() ? "" : "\n") +
                (field.kind == FieldKind::MultiChoice ? option_text(context, field, profile_id, item) : item);
        }
        return joined;
    }
    return {};
}

// The audit entry's note for an export written to `out` (format and file; at most 400 octets on the wire).
std::string export_note(const std::string& format, const std::string& out) {
    std::string note = format + " " + out;
    if (note.size() > 400)
        note = format + " " + std::filesystem::path(out).filename().string();
    return note.size() > 400 ? utf8::prefix(note, 100) : note;
}

// Writes the export the aggregator returned (and put on the audit trail: staff_service_exports.cpp).
int write_sheets(CommandContext& context, const std::string& format, const std::string& out,
                 const std::vector<Sheet>& sheets) {
    const bool xlsx = format == "xlsx";
    const std::vector<std::filesystem::path> files =
        xlsx ? std::vector<std::filesystem::path>{out} : tables::csv_files(out, sheets);
    Status written = xlsx ? tables::write_xlsx(out, sheets) : tables::write_csv(out, sheets);
    if (!written)
        return context.fail(written.error());
    for (std::size_t index = 0; index < files.size(); ++index) {
        std::size_t rows = 0;
        if (xlsx) {
            for (const Sheet& sheet : sheets)
                rows += sheet.rows.size();
        } else {
            rows = sheets[index].rows.size();
        }
        context.out << "wrote " << rows << " rows to " << files[index].string() << "\n";
    }
    return exit_ok;
}

// Every page of an export (EXPORT-REQUEST, docs/protocol.md 17.2); each page is on the audit trail.
Result<staff::ExportRows> export_rows(StaffBackend& backend, staff::ExportRequest request) {
    staff::ExportRows all;
    for (;;) {
        auto page = backend.request<staff::ExportRows>(request);
        if (!page)
            return page.error();
        all.batch_number = page->batch_number;
        all.batch_created_at = page->batch_created_at;
        for (auto& row : page->rows)
            all.rows.push_back(std::move(row));
        if (page->next_after == 0)
            return all;
        request.after = page->next_after;
    }
}

// [SECTION] export summary
// The summary table (seed 002 attachment 2) of one forwarding batch: exactly the demands forwarded in it,
// whatever the city decided since (a batch is a record of what was sent). The receiving office comes from the
// profile's city bureau (or --office), the supervising unit from the county's bureau (or --authority); the
// table itself is the core's (shared/paper/summary_table.hpp), the one the staff console previews and prints.
int export_summary(CommandContext& context, const ExportOptions& options) {
    const StringCatalog* strings = context.strings();
    const FormCatalog* forms = context.forms();
    const ProfileCatalog* profiles = context.profiles();
    if (strings == nullptr || forms == nullptr || profiles == nullptr)
        return context.failure(
            Error("staff.assets", "assets", "the strings, forms or profiles could not be loaded"));
    auto opened = open_backend(options.target);
    if (!opened)
        return context.fail(opened.error());
    StaffBackend& backend = *opened.value();
    staff::ExportRequest request;
    request.what = staff::ExportKind::Summary;
    request.batch = options.batch;
    request.max = staff::max_export_rows;
    request.note = export_note(options.format, options.out);
    auto batch = export_rows(backend, request);
    if (!batch)
        return context.fail(batch.error());
    SummaryBatch summary{batch->batch_number, batch->batch_created_at, {}};
    for (const staff::ExportRow& row : batch->rows) {
        summary.items.push_back(SummaryItem{row.kind == staff::KindCode::Demand, row.profile, row.county,
                                            row.industry, row.title});
    }
    auto table = build_summary_table(summary, options.office, options.authority, *strings, *profiles, *forms);
    if (!table)
        return context.fail(table.error());
    if (!table->office_known)
        context.error << "note: the profile names no receiving office; that column is left for the clerk "
                         "(give --office to fill it)\n";
    if (options.format == "pdf") {  // the paper the console prints (platform/print/table_printout.hpp)
        auto printed =
            print::write_table_pdf(table->sheet, options.out, default_assets_directory(), *strings);
        if (!printed)
            return context.fail(printed.error());
        context.out << "wrote " << table->sheet.rows.size() << " rows on " << printed->page_count
                    << " pages to " << options.out << "\n";
        return exit_ok;
    }
    return write_sheets(context, options.format, options.out, {table->sheet});
}

// [SECTION] export full
int export_full(CommandContext& context, const ExportOptions& options) {
    const FormCatalog* forms = context.forms();
    if (forms == nullptr)
        return context.failure(Error("staff.assets", "assets/forms", "the forms could not be loaded"));
    auto opened = open_backend(options.target);
    if (!opened)
        return context.fail(opened.error());
    StaffBackend& backend = *opened.value();
    staff::ExportRequest request;
    request.what = staff::ExportKind::Full;
    request.county = options.county;
    request.max = staff::max_export_rows;
    request.note = export_note(options.format, options.out);
    auto all = export_rows(backend, request);
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
        sheet.widths = {28, 14, 12, 24, 17, 16};
        sheet.numeric.assign(sheet.header.size(), false);
        for (const FieldDefinition& field : form->fields) {
            sheet.header.push_back(field.label.chinese);
            const bool number = field.kind == FieldKind::Integer || field.kind == FieldKind::Money ||
                                field.kind == FieldKind::Percent;
            sheet.widths.push_back(number ? 14 : 24);
            sheet.numeric.push_back(number);
        }
        for (const staff::ExportRow& row : all->rows) {
            if (staff::kind_name(row.kind) != form->id)
                continue;
            auto submission = submission_from_json(row.canonical_content);
            if (!submission)
                return context.fail(submission.error());
            std::vector<std::string> values = {row.receipt_number,
                                               context.county_name(row.profile, row.county),
                                               context.text("console.stage." + row.stage),
                                               row.reason,
                                               local_time(row.received_at),
                                               row.flags};
            for (const FieldDefinition& field : form->fields) {
                auto found = submission->values.find(field.id);
                values.push_back(found == submission->values.end()
                                     ? std::string()
                                     : value_text(context, field, row.profile, found->second));
            }
            sheet.rows.push_back(std::move(values));
        }
        sheets.push_back(std::move(sheet));
    }
    return write_sheets(context, options.format, options.out, sheets);
}

// [SECTION] report monthly
struct ReportOptions {
    StaffTarget target;  // the store file or the staff channel
    std::string county;
    std::string month;
    std::string format = "text";
    std::string out;
    bool send = false;
};

// A county's projects (COUNTY-PROJECTS, docs/protocol.md 17.2 and 21): one line each, TSV.
int report_projects(CommandContext& context, const ReportOptions& options) {
    auto opened = open_backend(options.target);
    if (!opened)
        return context.fail(opened.error());
    auto projects = opened.value()->request<staff::CountyProjects>(staff::CountyProjectsRequest{});
    if (!projects)
        return context.fail(projects.error());
    context.out << "project\tnumber\tstate\treceipts\tcounty_due\tcounty_paid\tupdated\n";
    for (const staff::CountyProjectRow& row : projects->projects) {
        context.out << row.project_id << "\t" << (row.project_number.empty() ? "-" : row.project_number)
                    << "\t" << row.state << "\t" << row.receipts << "\t"
                    << (row.county_due.empty() ? "-" : row.county_due) << "\t"
                    << (row.county_paid.empty() ? "-" : row.county_paid) << "\t" << local_time(row.updated_at)
                    << "\n";
    }
    return exit_ok;
}

// The monthly report as two tables: the counts (received, then each review stage at the end of the month
// before and of this month, per kind) and the bids per listing.
std::vector<Sheet> report_sheets(CommandContext& context, const sync::MonthlyReport& report) {
    Sheet counts;
    counts.name = "counts";
    counts.title = context.text("sync.report.title") + " " +
                   context.county_name("", report.county_admin_code) + " " + report.month;
    counts.header = {context.text("sync.report.column.item"), context.text("sync.report.column.demand_start"),
                     context.text("sync.report.column.demand_end"),
                     context.text("sync.report.column.bid_start"),
                     context.text("sync.report.column.bid_end")};
    counts.widths = {26, 16, 16, 18, 18};
    counts.numeric = {false, true, true, true, true};
    auto count = [](const std::map<std::string, std::int64_t>& map, const std::string& key) {
        const auto found = map.find(key);
        return std::to_string(found == map.end() ? 0 : found->second);
    };
    counts.rows.push_back({context.text("sync.report.received_in_month"), "",
                           std::to_string(report.demand.received_in_month), "",
                           std::to_string(report.bid.received_in_month)});
    counts.rows.push_back({context.text("sync.report.total_received"),
                           std::to_string(report.demand.total_received - report.demand.received_in_month),
                           std::to_string(report.demand.total_received),
                           std::to_string(report.bid.total_received - report.bid.received_in_month),
                           std::to_string(report.bid.total_received)});
    std::vector<std::string> stages;
    for (const auto* counts_of : {&report.demand, &report.bid}) {
        for (const auto* map : {&counts_of->stages_at_start, &counts_of->stages_at_end}) {
            for (const auto& [stage, value] : *map) {
                if (std::find(stages.begin(), stages.end(), stage) == stages.end())
                    stages.push_back(stage);
            }
        }
    }
    for (const std::string& stage : stages) {
        counts.rows.push_back(
            {context.text("console.stage." + stage), count(report.demand.stages_at_start, stage),
             count(report.demand.stages_at_end, stage), count(report.bid.stages_at_start, stage),
             count(report.bid.stages_at_end, stage)});
    }
    Sheet listings;
    listings.name = "listings";
    listings.title = context.text("sync.report.listings");
    listings.header = {context.text("sync.report.column.listing"), context.text("sync.report.column.title"),
                       context.text("sync.report.column.bids_in_month"),
                       context.text("sync.report.column.bids_total")};
    listings.widths = {16, 50, 14, 14};
    listings.numeric = {false, false, true, true};
    for (const sync::MonthlyListing& listing : report.listings) {
        listings.rows.push_back({listing.listing_id, listing.title, std::to_string(listing.bids_in_month),
                                 std::to_string(listing.bids_total)});
    }
    std::vector<Sheet> sheets = {counts, listings};
    if (!report.projects.empty()) {  // project progress (monthly_report.hpp invariant 5)
        Sheet projects;
        projects.name = "projects";
        projects.title = context.text("sync.report.projects");
        projects.header = {context.text("sync.report.column.project_number"),
                           context.text("sync.report.column.listing"),
                           context.text("sync.report.column.stage"),
                           context.text("sync.report.column.receipts"),
                           context.text("sync.report.column.county_due"),
                           context.text("sync.report.column.county_paid")};
        projects.widths = {18, 16, 22, 12, 16, 16};
        projects.numeric = {false, false, false, true, true, true};
        for (const sync::MonthlyProject& project : report.projects) {
            projects.rows.push_back(
                {project.project_number, project.project_id, context.text("lifecycle.state." + project.state),
                 std::to_string(project.receipts), project.county_due, project.county_paid});
        }
        sheets.push_back(std::move(projects));
    }
    return sheets;
}

int report_monthly(CommandContext& context, const ReportOptions& options) {
    const bool to_file = options.format == "xlsx" || options.format == "csv";
    if (to_file && options.out.empty())
        return context.fail(Error("staff.missing_option", "--out", "xlsx and csv reports go to a file"));
    auto opened = open_backend(options.target);
    if (!opened)
        return context.fail(opened.error());
    StaffBackend& backend = *opened.value();
    // The aggregator builds it, checks the role, queues it with --send (with its audit entry, in one
    // transaction) and records the read (staff_service_exports.cpp).
    auto copy = backend.request<staff::ReportCopy>(staff::ReportRequest{
        options.county, options.month, options.send,
        options.out.empty() ? options.format : export_note(options.format, options.out)});
    if (!copy)
        return context.fail(copy.error());
    auto report = sync::monthly_report_from_json(copy->report_json);
    if (!report)
        return context.fail(report.error());
    if (copy->queued)
        context.error << "queued the monthly report for the city; the uplink sends it\n";
    const std::vector<Sheet> sheets = report_sheets(context, report.value());
    if (to_file)
        return write_sheets(context, options.format, options.out, sheets);
    std::ostringstream rendered;
    if (options.format == "json") {
        rendered << copy->report_json;
    } else {
        for (const Sheet& sheet : sheets) {
            rendered << sheet.title << "\n";
            for (std::size_t column = 0; column < sheet.header.size(); ++column)
                rendered << (column > 0 ? " | " : "") << sheet.header[column];
            rendered << "\n";
            for (const auto& row : sheet.rows) {
                for (std::size_t column = 0; column < row.size(); ++column)
                    rendered << (column > 0 ? " | " : "") << row[column];
                rendered << "\n";
            }
            rendered << "\n";
        }
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

// [SECTION] report received
// The city: the monthly reports its counties sent (docs/protocol.md 20), newest first; `show` renders the
// current one (the newest made_at) of a county's month like the county's own `report monthly`.
int report_list(CommandContext& context, const ReportOptions& options) {
    auto opened = open_backend(options.target);
    if (!opened)
        return context.fail(opened.error());
    auto reports = opened.value()->request<staff::ReceivedReports>(
        staff::ReceivedReportsRequest{options.county, options.month, false, ""});
    if (!reports)
        return context.fail(reports.error());
    for (const staff::ReceivedReport& report : reports->reports) {
        context.out << report.month << "  " << report.county << "  " << context.county_name("", report.county)
                    << "  made " << local_time(report.made_at) << "  received "
                    << local_time(report.received_at) << "\n";
    }
    if (reports->reports.empty())
        context.out << "no monthly reports received\n";
    return exit_ok;
}

int report_show(CommandContext& context, const ReportOptions& options) {
    const bool to_file = options.format == "xlsx" || options.format == "csv";
    if (to_file && options.out.empty())
        return context.fail(Error("staff.missing_option", "--out", "xlsx and csv reports go to a file"));
    auto opened = open_backend(options.target);
    if (!opened)
        return context.fail(opened.error());
    auto reports = opened.value()->request<staff::ReceivedReports>(staff::ReceivedReportsRequest{
        options.county, options.month, true, to_file ? export_note(options.format, options.out) : ""});
    if (!reports)
        return context.fail(reports.error());
    if (reports->reports.empty()) {
        return context.fail(Error("report.none", "--month", "no report of that county for that month")
                                .with("county", options.county)
                                .with("month", options.month));
    }
    auto report = sync::monthly_report_from_json(reports->reports.front().report_json);
    if (!report)
        return context.fail(report.error());
    if (options.format == "json") {
        context.out << sync::monthly_report_to_json(report.value());
        return exit_ok;
    }
    const std::vector<Sheet> sheets = report_sheets(context, report.value());
    if (to_file)
        return write_sheets(context, options.format, options.out, sheets);
    for (const Sheet& sheet : sheets) {
        context.out << sheet.title << "\n";
        for (const auto& row : sheet.rows) {
            for (std::size_t column = 0; column < row.size(); ++column)
                context.out << (column > 0 ? " | " : "") << row[column];
            context.out << "\n";
        }
        context.out << "\n";
    }
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
        add_target_options(command, options->target);
        if (command == summary)  // the summary table also as the PDF the console prints
            command->add_option("--format", options->format, "xlsx, csv or pdf")
                ->required()
                ->check(CLI::IsMember({"xlsx", "csv", "pdf"}));
        else
            command->add_option("--format", options->format, "xlsx or csv")->required()->check(formats);
        command->add_option("--out", options->out, "the file to write (0600)")->required();
    }
    full->add_option("--county", options->county, "only this county");
    summary->add_option("--office", options->office, "the receiving office named on the summary table");
    summary->add_option("--authority", options->authority,
                        "the supervising authority named on the summary table");
    summary->add_option("--batch", options->batch, "the forwarding batch number (see `jiebang batches`)")
        ->required()
        ->check(whole_number(1, 1000000000));
    on_parsed(summary, context, [&context, options] { return export_summary(context, *options); });
    on_parsed(full, context, [&context, options] { return export_full(context, *options); });

    auto* report =
        app.add_subcommand("report", "Reports: the county's monthly report, and what the city received");
    report->require_subcommand(1);
    auto report_options = std::make_shared<ReportOptions>();
    auto* monthly =
        report->add_subcommand("monthly", "One county's month: submissions by state, bids per listing");
    add_target_options(monthly, report_options->target);
    monthly->add_option("--county", report_options->county, "county administrative code")->required();
    monthly->add_option("--month", report_options->month, "YYYY-MM (China Standard Time)")
        ->required()
        ->check(CLI::Validator(
            [](std::string& value) {
                static const std::regex pattern(R"(^(20[0-9]{2}|21[0-9]{2})-(0[1-9]|1[0-2])$)");
                return std::regex_match(value, pattern) ? std::string() : std::string("expected YYYY-MM");
            },
            "YYYY-MM", "month"));
    monthly
        ->add_option("--format", report_options->format, "text, json, csv (two files) or xlsx (two sheets)")
        ->check(CLI::IsMember({"text", "json", "csv", "xlsx"}));
    monthly->add_option("--out", report_options->out, "write to this file instead of the output (0600)");
    monthly->add_flag("--send", report_options->send,
                      "county: also queue it for the city (sent by the uplink)");
    on_parsed(monthly, context,
              [&context, report_options] { return report_monthly(context, *report_options); });

    auto* list = report->add_subcommand("list", "City: the monthly reports the counties sent");
    add_target_options(list, report_options->target);
    list->add_option("--county", report_options->county, "only this county");
    list->add_option("--month", report_options->month, "only this month (YYYY-MM)");
    on_parsed(list, context, [&context, report_options] { return report_list(context, *report_options); });
    auto* show = report->add_subcommand("show", "City: one county's current monthly report for a month");
    add_target_options(show, report_options->target);
    show->add_option("--county", report_options->county, "county administrative code")->required();
    show->add_option("--month", report_options->month, "YYYY-MM")->required();
    show->add_option("--format", report_options->format, "text, json, csv (two files) or xlsx (two sheets)")
        ->check(CLI::IsMember({"text", "json", "csv", "xlsx"}));
    show->add_option("--out", report_options->out, "the file for csv or xlsx (0600)");
    on_parsed(show, context, [&context, report_options] { return report_show(context, *report_options); });
    auto* county_projects = report->add_subcommand(
        "projects", "County: the projects its receipts are in, as the city told it (status and its share)");
    add_target_options(county_projects, report_options->target);
    on_parsed(county_projects, context,
              [&context, report_options] { return report_projects(context, *report_options); });
}

}  // namespace jiebang::cli

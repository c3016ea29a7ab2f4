// sync/staff/staff_commands.cpp — implementation of the staff commands listed in staff_commands.hpp.
// Invariants: every command opens the store itself and changes it only through AggregatorStore (which
// appends feed and status entries in the same transaction); exports write to a temporary file and rename
// it into place, so a failed export never leaves half a file; CSV is RFC 4180 (CRLF, quotes doubled) in
// UTF-8 with a BOM so that Excel reads Chinese correctly.
//
// Index: [SECTION] Arguments  [SECTION] Shared helpers  [SECTION] terminal  [SECTION] submissions
//        [SECTION] board and bids  [SECTION] Tables (CSV / XLSX)  [SECTION] export  [SECTION] report
//        [SECTION] feed  [SECTION] Dispatch
#include "sync/staff/staff_commands.hpp"

#include <xlsxwriter.h>

#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/text/strings.hpp"
#include "sync/agent/client_session.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

namespace {

using Json = nlohmann::ordered_json;

// [SECTION] Arguments
struct Arguments {
    std::map<std::string, std::string> options;
    std::vector<std::string> positional;
};

struct UsageError {
    std::string message;
};

// Parses --key VALUE pairs; `allowed` lists the option names the command accepts.
std::variant<Arguments, UsageError> parse(const std::vector<std::string>& words, std::size_t from,
                                          const std::set<std::string>& allowed) {
    Arguments parsed;
    for (std::size_t index = from; index < words.size(); ++index) {
        const std::string& word = words[index];
        if (word.rfind("--", 0) == 0) {
            const std::string name = word.substr(2);
            if (allowed.count(name) == 0)
                return UsageError{"unknown option " + word};
            if (index + 1 >= words.size())
                return UsageError{word + " needs a value"};
            parsed.options[name] = words[++index];
        } else {
            parsed.positional.push_back(word);
        }
    }
    return parsed;
}

class Context {
  public:
    Context(std::ostream& output, std::ostream& error) : out(output), error_stream(error) {}
    std::ostream& out;
    std::ostream& error_stream;
    std::optional<StringCatalog> strings;
    std::optional<ProfileCatalog> profiles;
    std::optional<FormCatalog> forms;

    int fail(const Error& error) {
        error_stream << "error: " << error.code;
        if (!error.field.empty())
            error_stream << " (" << error.field << ")";
        if (strings && strings->has("error." + error.code)) {
            error_stream << ": " << strings->message(error);
        } else if (!error.detail.empty()) {
            error_stream << ": " << error.detail;
        }
        error_stream << "\n";
        return 1;
    }
    int usage(const std::string& message) {
        error_stream << "usage error: " << message << "\n(see `jiebang help` for the staff commands)\n";
        return 2;
    }
    const std::string& text(const std::string& key) { return strings ? strings->text(key) : key; }
    void load_assets() {
        const auto assets = default_assets_directory();
        if (auto loaded = StringCatalog::load(assets); loaded)
            strings = std::move(loaded.value());
        if (auto loaded = ProfileCatalog::load(assets); loaded)
            profiles = std::move(loaded.value());
        if (auto loaded = FormCatalog::load(assets); loaded)
            forms = std::move(loaded.value());
    }
    std::string county_name(const std::string& profile_id, const std::string& admin_code) {
        if (profiles) {
            if (const Profile* profile = profiles->profile(profile_id)) {
                if (const County* county = profile->county_by_code(admin_code))
                    return county->name.chinese;
            }
        }
        return admin_code;
    }
    std::string industry_name(const std::string& profile_id, const std::string& industry_id) {
        if (profiles) {
            if (const Profile* profile = profiles->profile(profile_id)) {
                if (const Industry* industry = profile->industry(industry_id))
                    return industry->name.chinese;
            }
        }
        return industry_id;
    }
};

// [SECTION] Shared helpers
std::string format_time(std::int64_t seconds) {
    if (seconds <= 0)
        return "-";
    std::time_t value = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&value, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

Result<AggregatorStore> open_store(const Arguments& arguments) {
    auto found = arguments.options.find("store");
    if (found == arguments.options.end())
        return Error("staff.missing_option", "--store", "--store PATH is required");
    if (!std::filesystem::exists(found->second)) {
        return Error("staff.store_missing", found->second, "no aggregator store at this path");
    }
    return AggregatorStore::open(found->second);
}

std::string option(const Arguments& arguments, const std::string& name) {
    auto found = arguments.options.find(name);
    return found == arguments.options.end() ? std::string() : found->second;
}

Json submission_summary(const StoredSubmission& submission) {
    Json row;
    row["sequence"] = submission.sequence;
    row["submission_id"] = submission.submission_id;
    row["receipt_number"] = submission.receipt_number;
    row["kind"] = submission.kind;
    row["county"] = submission.county_admin_code;
    row["via"] = submission.via_node;
    row["review_state"] = submission.review_state;
    row["review_reason"] = submission.review_reason;
    row["review_stage"] = submission.review_stage;
    row["forward_state"] = submission.forward_state;
    row["forward_batch"] = submission.forward_batch;
    row["listing_id"] = submission.listing_id;
    row["flags"] = submission.flags;
    row["received_at"] = format_time(submission.received_at);
    row["title"] = submission.project_name;
    row["unit"] = submission.unit_name;
    return row;
}

// [SECTION] terminal
int terminal_command(Context& context, const std::vector<std::string>& words) {
    if (words.size() < 2)
        return context.usage("terminal enroll|revoke|list");
    const std::string& action = words[1];
    auto parsed = parse(words, 2, {"store", "id", "county", "curve-key", "signing-key", "kind"});
    if (auto* usage = std::get_if<UsageError>(&parsed))
        return context.usage(usage->message);
    const Arguments& arguments = std::get<Arguments>(parsed);
    auto store = open_store(arguments);
    if (!store)
        return context.fail(store.error());
    const std::int64_t now = unix_now();

    if (action == "enroll") {
        NodeRecord node;
        node.node_id = option(arguments, "id");
        node.county_admin_code = option(arguments, "county");
        node.curve_public_key = option(arguments, "curve-key");
        node.signing_public_key = option(arguments, "signing-key");
        node.kind = option(arguments, "kind").empty() ? "terminal" : option(arguments, "kind");
        node.enrolled_at = now;
        if (node.node_id.empty() || node.node_id.size() > 64) {
            return context.fail(
                Error("staff.missing_option", "--id", "--id NODE_ID (1..64 characters) is required"));
        }
        if (node.kind != "terminal" && node.kind != "county") {
            return context.fail(Error("staff.bad_value", "--kind", "--kind is terminal or county"));
        }
        if (node.county_admin_code.size() != 6 ||
            node.county_admin_code.find_first_not_of("0123456789") != std::string::npos) {
            return context.fail(
                Error("staff.bad_value", "--county", "--county is a 6-digit administrative code"));
        }
        if (!is_valid_curve_key_text(node.curve_public_key)) {
            return context.fail(
                Error("staff.bad_value", "--curve-key", "--curve-key is a 40-character Z85 key"));
        }
        if (node.kind == "terminal") {
            if (auto key = parse_public_key(node.signing_public_key); !key) {
                return context.fail(Error("staff.bad_value", "--signing-key",
                                          "--signing-key is the terminal's Ed25519 key (base64url)"));
            }
        }
        if (auto status = store->enroll(node); !status)
            return context.fail(status.error());
        context.out << "enrolled " << node.kind << " " << node.node_id << " (county "
                    << node.county_admin_code << ")\n";
        return 0;
    }
    if (action == "revoke") {
        if (auto status = store->revoke(option(arguments, "id"), now); !status)
            return context.fail(status.error());
        context.out << "revoked " << option(arguments, "id") << "\n";
        return 0;
    }
    if (action == "list") {
        auto nodes = store->nodes();
        if (!nodes)
            return context.fail(nodes.error());
        context.out << "id\tkind\tcounty\tstate\tlast_seen\tbacklog\toldest_pending\n";
        for (const NodeRecord& node : nodes.value()) {
            context.out << node.node_id << "\t" << node.kind << "\t" << node.county_admin_code << "\t"
                        << (node.revoked_at > 0 ? "revoked" : "active") << "\t"
                        << format_time(node.last_seen_at) << "\t" << node.backlog << "\t"
                        << format_time(node.oldest_pending_created_at) << "\n";
        }
        return 0;
    }
    return context.usage("terminal enroll|revoke|list");
}

// [SECTION] submissions
int submissions_command(Context& context, const std::vector<std::string>& words) {
    if (words.size() < 2)
        return context.usage("submissions list|show|accept|return|reject|forward");
    const std::string& action = words[1];
    auto parsed = parse(words, 2, {"store", "state", "kind", "county", "limit", "reason"});
    if (auto* usage = std::get_if<UsageError>(&parsed))
        return context.usage(usage->message);
    const Arguments& arguments = std::get<Arguments>(parsed);
    auto store = open_store(arguments);
    if (!store)
        return context.fail(store.error());
    const std::int64_t now = unix_now();

    if (action == "list") {
        SubmissionFilter filter;
        filter.review_state = option(arguments, "state");
        filter.kind = option(arguments, "kind");
        filter.county_admin_code = option(arguments, "county");
        if (!option(arguments, "limit").empty())
            filter.limit = std::atoi(option(arguments, "limit").c_str());
        auto rows = store->list(filter);
        if (!rows)
            return context.fail(rows.error());
        context.out << "sequence\treceipt\tkind\tcounty\tstate\tforward\tflags\treceived\ttitle\n";
        for (const StoredSubmission& row : rows.value()) {
            context.out << row.sequence << "\t" << row.receipt_number << "\t" << row.kind << "\t"
                        << row.county_admin_code << "\t" << row.review_state << "\t"
                        << (row.forward_state.empty() ? "-" : row.forward_state) << "\t"
                        << (row.flags.empty() ? "-" : row.flags) << "\t" << format_time(row.received_at)
                        << "\t" << row.project_name << "\n";
        }
        return 0;
    }
    if (action == "forward") {
        // One numbered batch holding every item named (all or nothing).
        if (arguments.positional.empty())
            return context.usage("submissions forward ID_OR_RECEIPT...");
        auto batch = store->forward(arguments.positional, ActingStaff{}, now);
        if (!batch)
            return context.fail(batch.error());
        context.out << "forward batch " << batch->number << " with " << batch->item_count << " items\n";
        return 0;
    }
    if (arguments.positional.size() != 1)
        return context.usage("submissions " + action + " ID_OR_RECEIPT");
    const std::string& id = arguments.positional[0];
    if (action == "show") {
        auto found = store->find(id);
        if (!found)
            return context.fail(found.error());
        if (!found->has_value()) {
            return context.fail(
                Error("sync.unknown_submission", id, "no such submission or receipt").with("id", id));
        }
        const StoredSubmission& submission = **found;
        Json document = submission_summary(submission);
        document["content_hash"] = hex_encode(submission.content_hash);
        document["content"] = Json::parse(submission.canonical_content, nullptr, false);
        context.out << document.dump(2) << "\n";
        return 0;
    }
    static const std::map<std::string, review::ReviewAction> actions = {
        {"accept", review::ReviewAction::Accept},
        {"return", review::ReviewAction::Return},
        {"reject", review::ReviewAction::Reject},
        {"recall", review::ReviewAction::Recall},
        {"requeue", review::ReviewAction::Requeue}};
    auto found_action = actions.find(action);
    if (found_action == actions.end())
        return context.usage("submissions list|show|accept|return|reject|forward|recall|requeue");
    auto change = store->review(id, found_action->second, option(arguments, "reason"), ActingStaff{}, now);
    if (!change)
        return context.fail(change.error());
    context.out << action << " " << change->receipt_number << " (" << review::state_name(change->from)
                << " -> " << review::state_name(change->to) << ")\n";
    return 0;
}

// [SECTION] board and bids
int board_command(Context& context, const std::vector<std::string>& words) {
    if (words.size() < 2)
        return context.usage("board publish|show");
    auto parsed = parse(words, 2, {"store"});
    if (auto* usage = std::get_if<UsageError>(&parsed))
        return context.usage(usage->message);
    auto store = open_store(std::get<Arguments>(parsed));
    if (!store)
        return context.fail(store.error());
    if (words[1] == "publish") {
        auto board = store->publish_board(ActingStaff{}, unix_now());
        if (!board)
            return context.fail(board.error());
        context.out << "published board version " << board->version << " with " << board->listings.size()
                    << " listings\n";
        return 0;
    }
    if (words[1] == "show") {
        auto board = store->latest_board();
        if (!board)
            return context.fail(board.error());
        if (!board->has_value())
            return context.fail(Error("sync.no_board", "", "no board has been published yet"));
        context.out << (**board).board_json << "\n";
        return 0;
    }
    return context.usage("board publish|show");
}

int bids_command(Context& context, const std::vector<std::string>& words) {
    if (words.size() < 2 || words[1] != "list")
        return context.usage("bids list --store S [--listing ID]");
    auto parsed = parse(words, 2, {"store", "listing"});
    if (auto* usage = std::get_if<UsageError>(&parsed))
        return context.usage(usage->message);
    const Arguments& arguments = std::get<Arguments>(parsed);
    auto store = open_store(arguments);
    if (!store)
        return context.fail(store.error());
    SubmissionFilter filter;
    filter.kind = "bid";
    filter.listing_id = option(arguments, "listing");
    auto rows = store->list(filter);
    if (!rows)
        return context.fail(rows.error());
    std::map<std::string, std::vector<StoredSubmission>> by_listing;
    for (const StoredSubmission& row : rows.value())
        by_listing[row.listing_id].push_back(row);
    context.out << "listing\tbids\treceipt\tsolver\tteam\tstate\n";
    for (const auto& [listing, bids] : by_listing) {
        for (const StoredSubmission& bid : bids) {
            context.out << listing << "\t" << bids.size() << "\t" << bid.receipt_number << "\t"
                        << bid.unit_name << "\t" << bid.project_name << "\t" << bid.review_state << "\n";
        }
    }
    return 0;
}

// [SECTION] Tables (CSV / XLSX)
struct Sheet {
    std::string name;
    std::string title;  // a title row above the header; empty for none
    std::string subtitle;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char character : value) {
        if (character == '"')
            quoted += '"';
        quoted += character;
    }
    return quoted + "\"";
}

Status write_csv(const std::filesystem::path& file, const std::vector<Sheet>& sheets) {
    const std::filesystem::path temporary = file.string() + ".tmp";
    {
        std::ofstream output(temporary, std::ios::binary | std::ios::trunc);
        if (!output)
            return Error("staff.cannot_write", file.string(), "cannot create the output file");
        output << "\xEF\xBB\xBF";
        bool first_sheet = true;
        for (const Sheet& sheet : sheets) {
            if (!first_sheet)
                output << "\r\n";
            first_sheet = false;
            auto write_row = [&output](const std::vector<std::string>& row) {
                for (std::size_t index = 0; index < row.size(); ++index) {
                    output << (index > 0 ? "," : "") << csv_field(row[index]);
                }
                output << "\r\n";
            };
            write_row(sheet.header);
            for (const auto& row : sheet.rows)
                write_row(row);
        }
        if (!output.flush())
            return Error("staff.cannot_write", file.string(), "writing the output failed");
    }
    std::error_code error_code;
    std::filesystem::rename(temporary, file, error_code);
    if (error_code)
        return Error("staff.cannot_write", file.string(), error_code.message());
    return ok_status();
}

Status write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets) {
    const std::string temporary = file.string() + ".tmp.xlsx";
    lxw_workbook* workbook = workbook_new(temporary.c_str());
    if (workbook == nullptr)
        return Error("staff.cannot_write", file.string(), "cannot create the workbook");
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    format_set_border(bold, LXW_BORDER_THIN);
    lxw_format* cell = workbook_add_format(workbook);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* title = workbook_add_format(workbook);
    format_set_bold(title);
    format_set_font_size(title, 16);
    for (const Sheet& sheet : sheets) {
        lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
        lxw_row_t row = 0;
        if (!sheet.title.empty()) {
            worksheet_write_string(worksheet, row++, 0, sheet.title.c_str(), title);
            if (!sheet.subtitle.empty())
                worksheet_write_string(worksheet, row++, 0, sheet.subtitle.c_str(), nullptr);
        }
        for (std::size_t column = 0; column < sheet.header.size(); ++column) {
            worksheet_write_string(worksheet, row, static_cast<lxw_col_t>(column),
                                   sheet.header[column].c_str(), bold);
            worksheet_set_column(worksheet, static_cast<lxw_col_t>(column), static_cast<lxw_col_t>(column),
                                 column == 0 ? 8 : 24, nullptr);
        }
        ++row;
        for (const auto& values : sheet.rows) {
            for (std::size_t column = 0; column < values.size(); ++column) {
                worksheet_write_string(worksheet, row, static_cast<lxw_col_t>(column), values[column].c_str(),
                                       cell);
            }
            ++row;
        }
    }
    const lxw_error result = workbook_close(workbook);
    if (result != LXW_NO_ERROR) {
        return Error("staff.cannot_write", file.string(), lxw_strerror(result));
    }
    std::error_code error_code;
    std::filesystem::rename(temporary, file, error_code);
    if (error_code)
        return Error("staff.cannot_write", file.string(), error_code.message());
    return ok_status();
}

std::string value_text(Context& context, const FieldValue& value) {
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

// [SECTION] export
int export_command(Context& context, const std::vector<std::string>& words) {
    if (words.size() < 2)
        return context.usage("export summary|full --store S --format xlsx|csv --out FILE");
    const std::string& what = words[1];
    auto parsed = parse(words, 2, {"store", "format", "out", "county", "office", "authority"});
    if (auto* usage = std::get_if<UsageError>(&parsed))
        return context.usage(usage->message);
    const Arguments& arguments = std::get<Arguments>(parsed);
    const std::string format = option(arguments, "format");
    const std::string out = option(arguments, "out");
    if (format != "xlsx" && format != "csv") {
        return context.fail(Error("staff.bad_value", "--format", "--format is xlsx or csv"));
    }
    if (out.empty())
        return context.fail(Error("staff.missing_option", "--out", "--out FILE is required"));
    auto store = open_store(arguments);
    if (!store)
        return context.fail(store.error());
    SubmissionFilter filter;
    filter.county_admin_code = option(arguments, "county");
    auto all = store->list(filter);
    if (!all)
        return context.fail(all.error());

    std::vector<Sheet> sheets;
    if (what == "summary") {
        Sheet sheet;
        sheet.name = "summary";
        sheet.title = context.text("sync.export.summary.title");
        sheet.subtitle = context.text("sync.export.summary.recommending_unit");
        sheet.header = {
            context.text("sync.export.summary.sequence"), context.text("sync.export.summary.office"),
            context.text("sync.export.summary.industry"), context.text("sync.export.summary.topic"),
            context.text("sync.export.summary.authority")};
        int number = 0;
        for (const StoredSubmission& row : all.value()) {
            if (row.kind != "demand")
                continue;
            if (row.review_state != "accepted" && row.review_state != "forwarded" &&
                row.review_state != "published") {
                continue;
            }
            const std::string county = context.county_name(row.profile_id, row.county_admin_code);
            const std::string office =
                option(arguments, "office").empty() ? county : option(arguments, "office");
            const std::string authority =
                option(arguments, "authority").empty() ? county : option(arguments, "authority");
            sheet.rows.push_back({std::to_string(++number), office,
                                  context.industry_name(row.profile_id, row.industry_id), row.project_name,
                                  authority});
        }
        sheets.push_back(std::move(sheet));
    } else if (what == "full") {
        if (!context.forms) {
            return context.fail(Error("staff.assets", "assets/forms", "the forms could not be loaded"));
        }
        for (const FormDefinition* form : {&context.forms->demand(), &context.forms->bid()}) {
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
                    continue;
                std::vector<std::string> values = {row.receipt_number,
                                                   context.county_name(row.profile_id, row.county_admin_code),
                                                   row.review_state,
                                                   row.review_reason,
                                                   format_time(row.received_at),
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
    } else {
        return context.usage("export summary|full");
    }
    Status written = format == "xlsx" ? write_xlsx(out, sheets) : write_csv(out, sheets);
    if (!written)
        return context.fail(written.error());
    std::size_t rows = 0;
    for (const Sheet& sheet : sheets)
        rows += sheet.rows.size();
    context.out << "wrote " << rows << " rows to " << out << "\n";
    return 0;
}

// [SECTION] report
// Month boundaries are in China Standard Time (UTC+8), the halls' time zone.
Result<std::pair<std::int64_t, std::int64_t>> month_bounds(const std::string& month) {
    if (month.size() != 7 || month[4] != '-')
        return Error("staff.bad_value", "--month", "--month is YYYY-MM");
    const int year = std::atoi(month.substr(0, 4).c_str());
    const int number = std::atoi(month.substr(5, 2).c_str());
    if (year < 2000 || year > 2200 || number < 1 || number > 12) {
        return Error("staff.bad_value", "--month", "--month is YYYY-MM");
    }
    auto start_of = [](int y, int m) {
        std::tm time{};
        time.tm_year = y - 1900;
        time.tm_mon = m - 1;
        time.tm_mday = 1;
        return static_cast<std::int64_t>(timegm(&time)) - 8 * 3600;
    };
    return std::make_pair(start_of(year, number),
                          number == 12 ? start_of(year + 1, 1) : start_of(year, number + 1));
}

int report_command(Context& context, const std::vector<std::string>& words) {
    if (words.size() < 2 || words[1] != "monthly") {
        return context.usage("report monthly --store S --county CODE --month YYYY-MM");
    }
    auto parsed = parse(words, 2, {"store", "county", "month", "format", "out"});
    if (auto* usage = std::get_if<UsageError>(&parsed))
        return context.usage(usage->message);
    const Arguments& arguments = std::get<Arguments>(parsed);
    const std::string county = option(arguments, "county");
    if (county.empty())
        return context.fail(Error("staff.missing_option", "--county", "--county CODE is required"));
    auto bounds = month_bounds(option(arguments, "month"));
    if (!bounds)
        return context.fail(bounds.error());
    const std::string format = option(arguments, "format").empty() ? "text" : option(arguments, "format");
    if (format != "text" && format != "json" && format != "csv") {
        return context.fail(Error("staff.bad_value", "--format", "--format is text, json or csv"));
    }
    auto store = open_store(arguments);
    if (!store)
        return context.fail(store.error());

    // Events of the month by kind, from the feed; totals and backlog from the submissions.
    std::map<std::string, std::int64_t> counts;
    auto events = store->database().prepare(
        "SELECT s.kind || '.' || f.event, count(*) FROM feed f JOIN submissions s ON s.submission_id = "
        "f.submission_id "
        "WHERE s.county_admin_code = ?1 AND f.at >= ?2 AND f.at < ?3 GROUP BY 1");
    if (!events)
        return context.fail(events.error());
    events->bind(1, county).bind(2, bounds->first).bind(3, bounds->second);
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
        "AND "
        "received_at < ?2 GROUP BY kind");
    if (!totals)
        return context.fail(totals.error());
    totals->bind(1, county).bind(2, bounds->second);
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
        "received_at >= ?2 "
        "AND received_at < ?3 GROUP BY listing_id ORDER BY listing_id");
    if (!listings)
        return context.fail(listings.error());
    listings->bind(1, county).bind(2, bounds->first).bind(3, bounds->second);
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
    for (const std::string& key : keys) {
        rows.push_back({key, context.text("sync.report." + key), std::to_string(counts[key])});
    }
    for (const auto& [listing, count] : bids_per_listing) {
        rows.push_back({"bids_per_listing." + listing,
                        context.text("sync.report.bids_per_listing") + " " + listing, std::to_string(count)});
    }

    std::ostringstream rendered;
    if (format == "json") {
        Json document;
        document["county"] = county;
        document["month"] = option(arguments, "month");
        for (const auto& row : rows)
            document["counts"][row[0]] = std::stoll(row[2]);
        rendered << document.dump(2) << "\n";
    } else if (format == "csv") {
        rendered << "\xEF\xBB\xBF"
                 << "key,label,count\r\n";
        for (const auto& row : rows)
            rendered << csv_field(row[0]) << "," << csv_field(row[1]) << "," << row[2] << "\r\n";
    } else {
        rendered << context.text("sync.report.title") << " " << county << " " << option(arguments, "month")
                 << "\n";
        for (const auto& row : rows)
            rendered << row[1] << ": " << row[2] << "\n";
    }
    const std::string out = option(arguments, "out");
    if (out.empty()) {
        context.out << rendered.str();
        return 0;
    }
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    if (!file || !(file << rendered.str()) || !file.flush()) {
        return context.fail(Error("staff.cannot_write", out, "cannot write the report"));
    }
    context.out << "wrote the monthly report to " << out << "\n";
    return 0;
}

// [SECTION] feed
int feed_command(Context& context, const std::vector<std::string>& words) {
    if (words.size() < 2 || words[1] != "tail")
        return context.usage("feed tail --store S [--from SEQUENCE]");
    auto parsed = parse(words, 2, {"store", "from", "limit"});
    if (auto* usage = std::get_if<UsageError>(&parsed))
        return context.usage(usage->message);
    const Arguments& arguments = std::get<Arguments>(parsed);
    auto store = open_store(arguments);
    if (!store)
        return context.fail(store.error());
    const std::int64_t from =
        option(arguments, "from").empty() ? 0 : std::atoll(option(arguments, "from").c_str());
    const int limit = option(arguments, "limit").empty() ? 0 : std::atoi(option(arguments, "limit").c_str());
    auto events = store->feed_since(from, limit);
    if (!events)
        return context.fail(events.error());
    for (const FeedEvent& event : events.value()) {
        Json line;
        line["sequence"] = event.sequence;
        line["at"] = format_time(event.at);
        line["event"] = event.event;
        if (!event.submission_id.empty()) {
            line["submission_id"] = event.submission_id;
            line["receipt_number"] = event.receipt_number;
            if (auto found = store->find(event.submission_id); found && found->has_value()) {
                line["kind"] = (**found).kind;
                line["county"] = (**found).county_admin_code;
                line["title"] = (**found).project_name;
                line["listing_id"] = (**found).listing_id;
            }
        }
        if (!event.reason.empty())
            line["reason"] = event.reason;
        context.out << line.dump() << "\n";
    }
    return 0;
}

}  // namespace

// [SECTION] Dispatch
const std::vector<std::string>& staff_command_groups() {
    static const std::vector<std::string> groups = {"terminal", "submissions", "board", "bids",
                                                    "export",   "report",      "feed"};
    return groups;
}

int run_staff_command(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& error) {
    Context context(out, error);
    if (arguments.empty())
        return context.usage("a staff command group is required");
    try {
        context.load_assets();
        const std::string& group = arguments[0];
        if (group == "terminal")
            return terminal_command(context, arguments);
        if (group == "submissions")
            return submissions_command(context, arguments);
        if (group == "board")
            return board_command(context, arguments);
        if (group == "bids")
            return bids_command(context, arguments);
        if (group == "export")
            return export_command(context, arguments);
        if (group == "report")
            return report_command(context, arguments);
        if (group == "feed")
            return feed_command(context, arguments);
        return context.usage("unknown command group " + group);
    } catch (const std::exception& exception) {
        return context.fail(Error("staff.internal", "", exception.what()));
    }
}

}  // namespace jiebang::sync

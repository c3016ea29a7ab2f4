// cli/project_commands.cpp — `jiebang project …` (see the header for the commands). A thin layer: it parses
// options strictly (cli/options.hpp), turns them into the core's lifecycle actions, and prints what the core
// returns. No lifecycle rule lives here. Words a person reads (export titles, state names) come from
// assets/strings (lifecycle.*); errors print their stable code with the catalogue's message.
// Invariants: an option that is not understood, given twice, or has a bad value is refused (exit 2 for usage,
// 1 for a bad value) before anything is written; an export is written to a temporary file and renamed into
// place, so a failed export never leaves half a file.
//
// Index
//   [SECTION] context: assets, store, errors
//   [SECTION] option values
//   [SECTION] create and the transitions
//   [SECTION] show and list
//   [SECTION] export
//   [SECTION] dispatch
#include "cli/project_commands.hpp"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <variant>

#include "cli/options.hpp"
#include "cli/staff/staff_backend.hpp"
#include "platform/tables/tables.hpp"
#include "shared/domain/board.hpp"
#include "shared/lifecycle/calendar_date.hpp"
#include "shared/lifecycle/lifecycle_json.hpp"
#include "shared/lifecycle/lifecycle_profile.hpp"
#include "shared/lifecycle/lifecycle_request.hpp"
#include "shared/lifecycle/lifecycle_store.hpp"
#include "shared/lifecycle/project_export.hpp"
#include "shared/policy/profile.hpp"
#include "shared/store/database.hpp"
#include "shared/text/strings.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang::cli {
namespace {

using lifecycle::LifecycleAction;
using lifecycle::LifecycleAuditRecord;
using lifecycle::LifecycleStore;
using lifecycle::Project;

constexpr int exit_ok = 0;
constexpr int exit_invalid = 1;
constexpr int exit_usage = 2;
constexpr int exit_failure = 3;

// [SECTION] context: assets, store, errors

class Context {
  public:
    Context(std::ostream& out, std::ostream& error) : out_(out), error_(error) {}

    std::ostream& out() { return out_; }

    // Loads the string catalogue and the profiles once; false (and a reason on stderr) when they are missing.
    bool load_assets() {
        if (strings_)
            return true;
        const std::filesystem::path directory = default_assets_directory();
        auto strings = StringCatalog::load(directory);
        if (!strings) {
            error_ << "jiebang: cannot load strings from " << directory.string() << ": "
                   << strings.error().code << " " << strings.error().detail << "\n";
            return false;
        }
        auto profiles = ProfileCatalog::load(directory);
        if (!profiles) {
            error_ << "jiebang: cannot load profiles: " << profiles.error().code << " "
                   << profiles.error().detail << "\n";
            return false;
        }
        strings_ = std::move(strings).value();
        profiles_ = std::move(profiles).value();
        return true;
    }
    const StringCatalog& strings() const { return *strings_; }
    const ProfileCatalog& profiles() const { return *profiles_; }

    const std::string& text(std::string_view key) const { return strings_->text(key); }

    int fail(const Error& error) {
        error_ << error.code << ": ";
        if (strings_) {
            error_ << strings_->message(error, Locale::Chinese) << " / "
                   << strings_->message(error, Locale::English);
        } else {
            error_ << error.detail;
        }
        if (!error.field.empty())
            error_ << " [" << error.field << "]";
        error_ << "\n";
        return exit_invalid;
    }
    int tool_failure(const Error& error) {
        fail(error);
        return exit_failure;
    }
    int usage(const std::string& line) {
        error_ << "usage: jiebang project " << line << "\n";
        return exit_usage;
    }

    // Opens the store file (it must exist unless `create_file`), with the lifecycle tables installed.
    std::optional<store::Database> open_store(const ParsedOptions& options, bool create_file,
                                              int& exit_code) {
        const auto path = options.value("store");
        if (!path) {
            exit_code = usage("... --store FILE (the project store)");
            return std::nullopt;
        }
        std::error_code ignored;
        if (!create_file && !std::filesystem::exists(*path, ignored)) {
            exit_code = tool_failure(
                Error("project.store_missing", *path, "no project store at " + *path).with("file", *path));
            return std::nullopt;
        }
        auto database = store::Database::open(*path, {});
        if (!database) {
            exit_code = tool_failure(database.error());
            return std::nullopt;
        }
        if (auto installed = LifecycleStore::install(database.value()); !installed) {
            exit_code = tool_failure(installed.error());
            return std::nullopt;
        }
        return std::move(database).value();
    }

    const Profile* profile(const std::string& profile_id) {
        const Profile* found = profiles_->profile(profile_id);
        if (found == nullptr)
            fail(Error("project.unknown_profile", "--profile", "no profile " + profile_id)
                     .with("value", profile_id));
        return found;
    }

  private:
    std::ostream& out_;
    std::ostream& error_;
    std::optional<StringCatalog> strings_;
    std::optional<ProfileCatalog> profiles_;
};

// [SECTION] option values

// The options every action takes on a store file, and the remote ones (docs/protocol.md 17.20).
const std::set<std::string> local_values = {"store", "actor", "role", "date"};
const std::set<std::string> remote_values = {"remote", "server-key", "staff-key"};
const char* const target_usage =
    "(--store S --actor ID --role ROLE | --remote ENDPOINT --server-key Z85 --staff-key FILE) [--date "
    "YYYY-MM-DD]";

std::set<std::string> with_common_values(std::initializer_list<std::string> own) {
    std::set<std::string> names = local_values;
    names.insert(remote_values.begin(), remote_values.end());
    names.insert(own.begin(), own.end());
    return names;
}

Error missing_option(const std::string& name) {
    return Error("project.missing_option", "--" + name, "--" + name + " is required")
        .with("field", "--" + name);
}

Error bad_value(const std::string& name, const std::string& value, const std::string& detail) {
    return Error("project.bad_value", "--" + name, "--" + name + ": " + detail)
        .with("field", "--" + name)
        .with("value", value);
}

Result<std::string> required(const ParsedOptions& options, const std::string& name) {
    auto value = options.value(name);
    if (!value || value->empty())
        return missing_option(name);
    return *value;
}

Result<lifecycle::Actor> actor_of(const ParsedOptions& options) {
    Result<std::string> id = required(options, "actor");
    if (!id)
        return id.error();
    Result<std::string> role_text = required(options, "role");
    if (!role_text)
        return role_text.error();
    const std::optional<lifecycle::Role> role = lifecycle::role_from_code(*role_text);
    if (!role)
        return bad_value("role", *role_text, "reviewer, publisher, admin or county");
    return lifecycle::Actor{*id, *role};
}

// --date, else today in China.
Result<std::string> date_of(const ParsedOptions& options) {
    if (auto given = options.value("date")) {
        Result<lifecycle::CalendarDate> date = lifecycle::CalendarDate::parse(*given, "--date");
        if (!date)
            return date.error();
        return date->to_string();
    }
    return lifecycle::CalendarDate::in_china_at(static_cast<std::int64_t>(std::time(nullptr))).to_string();
}

// The one positional word after the command: the project id.
Result<std::string> project_argument(const ParsedOptions& options) {
    if (options.positional.size() != 1)
        return Error("project.missing_option", "PROJECT", "name one project").with("field", "PROJECT");
    return options.positional[0];
}

// Whether the command goes to an aggregator (--remote). With --remote, who acts comes from the staff key:
// --store, --actor and --role are refused, and --server-key and --staff-key are required; without it the
// remote options are refused. Returns the usage problem, or empty.
std::string target_problem(const ParsedOptions& options) {
    const bool remote = options.value("remote").has_value();
    if (remote) {
        for (const char* name : {"store", "actor", "role"}) {
            if (options.value(name))
                return std::string("with --remote, who acts comes from your staff key: no --") + name;
        }
        for (const char* name : {"server-key", "staff-key"}) {
            if (!options.value(name))
                return std::string("--remote needs --") + name;
        }
        return {};
    }
    for (const char* name : {"server-key", "staff-key"}) {
        if (options.value(name))
            return std::string("--") + name + " goes with --remote";
    }
    return {};
}

// Signs in to the aggregator named by --remote (the passphrase from JIEBANG_PASSPHRASE or the terminal).
Result<std::unique_ptr<StaffBackend>> connect(const ParsedOptions& options) {
    StaffTarget target;
    target.remote = options.value("remote").value_or("");
    target.server_key = options.value("server-key").value_or("");
    target.staff_key = options.value("staff-key").value_or("");
    return open_backend(target);
}

// [SECTION] create and the transitions

// The command's own named arguments (everything but the target and date options), for the core's builder.
lifecycle::ActionArguments arguments_of(const ParsedOptions& options) {
    lifecycle::ActionArguments arguments;
    for (const auto& [name, value] : options.values) {
        if (!local_values.contains(name) && !remote_values.contains(name))
            arguments.values.emplace(name, value);
    }
    arguments.flags.insert(options.flags.begin(), options.flags.end());
    return arguments;
}

int print_remote_records(Context& context, const Result<sync::staff::ProjectRecords>& records) {
    if (!records)
        return context.fail(records.error());
    for (const std::string& record : records->records)
        context.out() << record << "\n";
    return exit_ok;
}

int run_action(Context& context, const lifecycle::ActionCommand& command,
               const std::vector<std::string>& words) {
    std::set<std::string> values = with_common_values({});
    values.insert(command.values.begin(), command.values.end());
    const std::set<std::string> flags(command.flags.begin(), command.flags.end());
    const std::string usage =
        command.name + " " + target_usage + " " + command.usage.substr(command.name.size() + 1);
    const ParsedOptions options = parse_options(words, values, flags);
    if (!options.error.empty())
        return context.usage(usage + "   (" + options.error + ")");
    if (const std::string problem = target_problem(options); !problem.empty())
        return context.usage(usage + "   (" + problem + ")");
    if (!context.load_assets())
        return exit_failure;
    Result<std::string> project_id = project_argument(options);
    if (!project_id)
        return context.usage(usage);
    Result<std::string> date = date_of(options);
    if (!date)
        return context.fail(date.error());
    const lifecycle::ActionArguments arguments = arguments_of(options);
    // The same builder the aggregator runs: a bad value is refused here before anything is sent.
    Result<LifecycleAction> action = lifecycle::action_from_arguments(command.name, arguments, *date);
    if (!action)
        return context.fail(action.error());
    if (options.value("remote")) {
        auto backend = connect(options);
        if (!backend)
            return context.fail(backend.error());
        sync::staff::ProjectAct request{*project_id, command.name, *date, {}, {}};
        for (const auto& [name, value] : arguments.values)
            request.arguments.push_back(sync::staff::ProjectArgument{name, value});
        request.flags.assign(arguments.flags.begin(), arguments.flags.end());
        return print_remote_records(context, (*backend)->request<sync::staff::ProjectRecords>(request));
    }
    Result<lifecycle::Actor> actor = actor_of(options);
    if (!actor)
        return context.fail(actor.error());
    int exit_code = exit_ok;
    std::optional<store::Database> database = context.open_store(options, false, exit_code);
    if (!database)
        return exit_code;
    LifecycleStore store(*database);
    auto loaded = store.load(*project_id);
    if (!loaded)
        return context.tool_failure(loaded.error());
    if (!loaded->has_value()) {
        return context.fail(Error("lifecycle.unknown_project", "PROJECT", "no project " + *project_id)
                                .with("id", *project_id));
    }
    const Profile* profile = context.profile((*loaded)->profile_id);
    if (profile == nullptr)
        return exit_failure;
    Result<LifecycleAuditRecord> record =
        store.apply(*profile, *project_id, *actor, *action, static_cast<std::int64_t>(std::time(nullptr)));
    if (!record)
        return context.fail(record.error());
    context.out() << lifecycle::audit_record_to_json(*record) << "\n";
    return exit_ok;
}

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return Error("file.unreadable", path, "cannot open for reading");
    std::ostringstream contents;
    contents << file.rdbuf();
    if (file.bad())
        return Error("file.unreadable", path, "read error");
    return contents.str();
}

int create_command(Context& context, const std::vector<std::string>& words) {
    const std::string usage =
        std::string("create ") + target_usage +
        " --listing ID --county CODE|city_level [--profile P --board BOARD.json]   (on a "
        "store file the listing comes from the board file; remotely from the "
        "aggregator's newest board)";
    const ParsedOptions options =
        parse_options(words, with_common_values({"profile", "board", "listing", "county"}), {});
    if (!options.error.empty() || !options.positional.empty())
        return context.usage(usage);
    if (const std::string problem = target_problem(options); !problem.empty())
        return context.usage(usage + "   (" + problem + ")");
    if (!context.load_assets())
        return exit_failure;
    const bool remote = options.value("remote").has_value();
    if (remote && (options.value("profile") || options.value("board")))
        return context.usage(usage +
                             "   (with --remote the listing is the aggregator's: no --profile, --board)");
    for (const char* name : {"listing", "county"}) {
        if (!options.value(name))
            return context.fail(missing_option(name));
    }
    Result<std::string> date = date_of(options);
    if (!date)
        return context.fail(date.error());
    if (remote) {
        auto backend = connect(options);
        if (!backend)
            return context.fail(backend.error());
        return print_remote_records(
            context, (*backend)->request<sync::staff::ProjectRecords>(sync::staff::ProjectCreate{
                         *options.value("listing"), *options.value("county"), *date}));
    }
    for (const char* name : {"profile", "board"}) {
        if (!options.value(name))
            return context.fail(missing_option(name));
    }
    Result<lifecycle::Actor> actor = actor_of(options);
    if (!actor)
        return context.fail(actor.error());
    const Profile* profile = context.profile(*options.value("profile"));
    if (profile == nullptr)
        return exit_invalid;
    Result<std::string> board_text = read_text_file(*options.value("board"));
    if (!board_text)
        return context.fail(board_text.error());
    Result<Board> board = board_from_json(*board_text);
    if (!board)
        return context.fail(board.error());
    const Listing* listing = board->listing(*options.value("listing"));
    if (listing == nullptr) {
        return context.fail(
            Error("project.listing_not_on_board", "--listing", "the board has no such listing")
                .with("id", *options.value("listing")));
    }
    const std::string county = *options.value("county") == "city_level" ? "" : *options.value("county");
    int exit_code = exit_ok;
    std::optional<store::Database> database = context.open_store(options, true, exit_code);
    if (!database)
        return exit_code;
    LifecycleStore store(*database);
    Result<LifecycleAuditRecord> record =
        store.create(*profile, *actor, lifecycle::CreateProject{*listing, county, *date},
                     static_cast<std::int64_t>(std::time(nullptr)));
    if (!record)
        return context.fail(record.error());
    context.out() << lifecycle::audit_record_to_json(*record) << "\n";
    return exit_ok;
}

int forfeit_overdue_command(Context& context, const std::vector<std::string>& words) {
    const std::string usage = std::string("forfeit-overdue ") + target_usage + " --profile P";
    const ParsedOptions options = parse_options(words, with_common_values({"profile"}), {});
    if (!options.error.empty() || !options.positional.empty())
        return context.usage(usage);
    if (const std::string problem = target_problem(options); !problem.empty())
        return context.usage(usage + "   (" + problem + ")");
    if (!context.load_assets())
        return exit_failure;
    Result<std::string> profile_id = required(options, "profile");
    if (!profile_id)
        return context.fail(profile_id.error());
    Result<std::string> date = date_of(options);
    if (!date)
        return context.fail(date.error());
    if (options.value("remote")) {
        auto backend = connect(options);
        if (!backend)
            return context.fail(backend.error());
        return print_remote_records(context, (*backend)->request<sync::staff::ProjectRecords>(
                                                 sync::staff::ProjectForfeitOverdue{*profile_id, *date}));
    }
    Result<lifecycle::Actor> actor = actor_of(options);
    if (!actor)
        return context.fail(actor.error());
    const Profile* profile = context.profile(*profile_id);
    if (profile == nullptr)
        return exit_invalid;
    int exit_code = exit_ok;
    std::optional<store::Database> database = context.open_store(options, false, exit_code);
    if (!database)
        return exit_code;
    LifecycleStore store(*database);
    auto records =
        store.forfeit_overdue(*profile, *actor, *date, static_cast<std::int64_t>(std::time(nullptr)));
    if (!records)
        return context.fail(records.error());
    for (const LifecycleAuditRecord& record : *records)
        context.out() << lifecycle::audit_record_to_json(record) << "\n";
    return exit_ok;
}

// [SECTION] show and list

int show_command(Context& context, const std::vector<std::string>& words) {
    const std::string usage =
        "show (--store S | --remote ENDPOINT --server-key Z85 --staff-key FILE) PROJECT";
    std::set<std::string> values = remote_values;
    values.insert("store");
    const ParsedOptions options = parse_options(words, values, {});
    if (!options.error.empty() || options.positional.size() != 1)
        return context.usage(usage);
    if (const std::string problem = target_problem(options); !problem.empty())
        return context.usage(usage + "   (" + problem + ")");
    if (!context.load_assets())
        return exit_failure;
    if (options.value("remote")) {
        auto backend = connect(options);
        if (!backend)
            return context.fail(backend.error());
        auto copy =
            (*backend)->request<sync::staff::ProjectCopy>(sync::staff::ProjectShow{options.positional[0]});
        if (!copy)
            return context.fail(copy.error());
        context.out() << copy->project_json << "\n";
        return exit_ok;
    }
    int exit_code = exit_ok;
    std::optional<store::Database> database = context.open_store(options, false, exit_code);
    if (!database)
        return exit_code;
    LifecycleStore store(*database);
    auto project = store.load(options.positional[0]);
    if (!project)
        return context.tool_failure(project.error());
    if (!project->has_value()) {
        return context.fail(Error("lifecycle.unknown_project", "PROJECT", "no such project")
                                .with("id", options.positional[0]));
    }
    auto timeline = store.timeline(options.positional[0]);
    if (!timeline)
        return context.tool_failure(timeline.error());
    context.out() << lifecycle::project_to_json(**project, *timeline) << "\n";
    return exit_ok;
}

// The register as read from a store file or an aggregator: the projects of a filter and, for each profile and
// year they were approved in, the year's count of approved projects (lixiang) against the profile's limit.
struct RegisterRead {
    std::vector<Project> projects;
    std::map<std::pair<std::string, int>, std::pair<std::int64_t, std::int64_t>>
        years;  // -> (approved, limit)
};

// Reads the register; on failure returns the exit code (the error printed).
std::variant<RegisterRead, int> read_register(Context& context, const ParsedOptions& options,
                                              const lifecycle::ProjectFilter& filter, bool for_export) {
    RegisterRead read;
    if (options.value("remote")) {
        auto backend = connect(options);
        if (!backend)
            return context.fail(backend.error());
        sync::staff::ProjectList request{filter.profile_id,
                                         filter.county_admin_code,
                                         filter.state,
                                         static_cast<std::uint32_t>(filter.approval_year),
                                         0,
                                         for_export};
        for (;;) {
            auto page = (*backend)->request<sync::staff::ProjectRegister>(request);
            if (!page)
                return context.fail(page.error());
            for (const std::string& text : page->projects) {
                auto document = lifecycle::project_from_json(text);
                if (!document)
                    return context.fail(document.error());
                read.projects.push_back(std::move(document->project));
            }
            for (const sync::staff::ProjectYearCount& year : page->years)
                read.years[{year.profile, static_cast<int>(year.year)}] = {year.approved, year.limit};
            request.for_export = false;  // audited once
            request.offset = static_cast<std::uint32_t>(read.projects.size());
            if (page->projects.empty() || static_cast<std::int64_t>(read.projects.size()) >= page->total)
                break;
        }
        return read;
    }
    int exit_code = exit_ok;
    std::optional<store::Database> database = context.open_store(options, false, exit_code);
    if (!database)
        return exit_code;
    LifecycleStore store(*database);
    auto projects = store.list(filter);
    if (!projects)
        return context.tool_failure(projects.error());
    read.projects = std::move(projects).value();
    for (const Project& project : read.projects) {
        if (project.approval_year <= 0 || read.years.contains({project.profile_id, project.approval_year}))
            continue;
        auto approved = store.approved_in_year(project.profile_id, project.approval_year);
        if (!approved)
            return context.tool_failure(approved.error());
        const Profile* profile = context.profiles().profile(project.profile_id);
        read.years[{project.profile_id, project.approval_year}] = {
            *approved, profile == nullptr ? 0 : profile->limits.projects_per_year_max};
    }
    return read;
}

// The register's filter from --profile, --county, --state, --year.
Result<lifecycle::ProjectFilter> filter_of(const ParsedOptions& options) {
    lifecycle::ProjectFilter filter;
    filter.profile_id = options.value("profile").value_or("");
    filter.county_admin_code = options.value("county").value_or("");
    filter.state = options.value("state").value_or("");
    if (!filter.state.empty() && !lifecycle::project_state_from_code(filter.state))
        return bad_value("state", filter.state, "a project state (docs/lifecycle.md)");
    if (auto year = options.value("year")) {
        Result<std::int64_t> parsed = parse_integer(*year);
        if (!parsed || *parsed < 1900 || *parsed > 9999)
            return bad_value("year", *year, "a year such as 2026");
        filter.approval_year = static_cast<int>(*parsed);
    }
    return filter;
}

int list_command(Context& context, const std::vector<std::string>& words) {
    std::set<std::string> values = remote_values;
    values.insert({"store", "profile", "county", "state", "year"});
    const std::string usage =
        "list (--store S | --remote ENDPOINT --server-key Z85 --staff-key FILE) [--profile P] "
        "[--county CODE|city_level] [--state STATE] [--year YYYY] [--json]";
    const ParsedOptions options = parse_options(words, values, {"json"});
    if (!options.error.empty() || !options.positional.empty())
        return context.usage(usage);
    if (const std::string problem = target_problem(options); !problem.empty())
        return context.usage(usage + "   (" + problem + ")");
    if (!context.load_assets())
        return exit_failure;
    Result<lifecycle::ProjectFilter> filter = filter_of(options);
    if (!filter)
        return context.fail(filter.error());
    auto read = read_register(context, options, *filter, false);
    if (const int* exit_code = std::get_if<int>(&read))
        return *exit_code;
    const RegisterRead& register_read = std::get<RegisterRead>(read);
    const std::vector<Project>& projects = register_read.projects;
    if (options.flag("json")) {
        context.out() << "[";
        for (std::size_t position = 0; position < projects.size(); ++position) {
            const Project& project = projects[position];
            nlohmann::ordered_json row = {
                {"project", project.project_id},
                {"profile", project.profile_id},
                {"project_number", project.project_number},
                {"county", project.county_admin_code},
                {"mechanism", project.mechanism},
                {"state", std::string(lifecycle::project_state_code(project.state))},
                {"approved_on", project.approved_on},
                {"subsidy_wan", format_money_wan(project.funding.subsidy)},
                {"paid_wan", format_money_wan(project.paid_total())}};
            context.out() << (position == 0 ? "\n  " : ",\n  ") << row.dump();
        }
        context.out() << "\n]\n";
        return exit_ok;
    }
    for (const Project& project : projects) {
        context.out() << project.project_id << "\t"
                      << (project.project_number.empty() ? "-" : project.project_number) << "\t"
                      << lifecycle::project_state_code(project.state) << "\t"
                      << (project.county_admin_code.empty() ? "city_level" : project.county_admin_code)
                      << "\t" << project.mechanism << "\t" << format_money_wan(project.funding.subsidy)
                      << "\t" << format_money_wan(project.paid_total()) << "\n";
    }
    // The year's count against the profile's limit, for each profile and year a listed project was approved in.
    std::set<std::pair<std::string, int>> listed;
    for (const Project& project : projects) {
        if (project.approval_year > 0)
            listed.insert({project.profile_id, project.approval_year});
    }
    for (const auto& key : listed) {
        const auto found = register_read.years.find(key);
        if (found == register_read.years.end())
            continue;
        const auto [approved, limit] = found->second;
        context.out() << "# " << key.first << " " << key.second << ": " << approved
                      << (limit > 0 ? " / " + std::to_string(limit) : std::string()) << "\n";
    }
    return exit_ok;
}

// [SECTION] export

// The register and the ledger go through the tool's one XLSX writer (platform/tables/tables.hpp): A4, header
// repeated and frozen, temporary file renamed into place with mode 0600. Money columns hold numbers (so
// they can be summed) shown with two decimals.

Status write_workbook(const std::filesystem::path& file, const std::vector<Sheet>& sheets) {
    if (Status written = tables::write_xlsx(file, sheets); !written) {
        Error error = written.error();
        error.code = "project.cannot_write";  // the project commands' code for an export not written
        error.with("file", file.string());
        return error;
    }
    return ok_status();
}

int export_command(Context& context, const std::vector<std::string>& words) {
    std::set<std::string> values = remote_values;
    values.insert({"store", "out", "profile", "county", "year"});
    const ParsedOptions options = parse_options(words, values, {});
    if (!options.error.empty() || !options.positional.empty())
        return context.usage(
            "export (--store S | --remote ENDPOINT --server-key Z85 --staff-key FILE) --out "
            "FILE.xlsx [--profile P] [--county CODE|city_level] [--year YYYY]");
    if (const std::string problem = target_problem(options); !problem.empty())
        return context.usage("export ...   (" + problem + ")");
    if (!context.load_assets())
        return exit_failure;
    Result<std::string> out = required(options, "out");
    if (!out)
        return context.fail(out.error());
    Result<lifecycle::ProjectFilter> filter = filter_of(options);
    if (!filter)
        return context.fail(filter.error());
    auto read = read_register(context, options, *filter, true);
    if (const int* exit_code = std::get_if<int>(&read))
        return *exit_code;
    const std::vector<Project>* projects = &std::get<RegisterRead>(read).projects;

    const std::vector<Sheet> sheets =
        lifecycle::project_export_sheets(*projects, context.strings(), context.profiles());
    if (Status written = write_workbook(*out, sheets); !written)
        return context.tool_failure(written.error());
    context.out() << "wrote " << *out << ": " << sheets[0].rows.size() << " projects, "
                  << sheets[1].rows.size() << " ledger lines\n";
    return exit_ok;
}

// [SECTION] dispatch

const char* const project_usage =
    "usage: jiebang project COMMAND (--store S | --remote ENDPOINT --server-key Z85 --staff-key FILE) ...\n"
    "  (docs/lifecycle.md; on a store file actions take --actor ID --role ROLE; [--date YYYY-MM-DD])\n"
    "  create --profile P --board BOARD.json --listing ID --county CODE|city_level\n"
    "  bid | score | recommend | select | agree | forfeit | forfeit-overdue | register | notice | object |\n"
    "  resolve | approve | plan | pay | midterm | progress | extend | terminate | accept | close | withdraw\n"
    "  show PROJECT | list [--profile P] [--county C] [--state S] [--year Y] [--json] |\n"
    "  export --out FILE.xlsx [--profile P] [--county C] [--year Y]\n"
    "Run `jiebang project COMMAND` without options for its usage line.\n";

}  // namespace

int run_project_command(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& error) {
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "help") {
        (arguments.empty() ? error : out) << project_usage;
        return arguments.empty() ? exit_usage : exit_ok;
    }
    Context context(out, error);
    const std::string& command = arguments[0];
    const std::vector<std::string> words(arguments.begin() + 1, arguments.end());
    if (command == "create")
        return create_command(context, words);
    if (command == "forfeit-overdue")
        return forfeit_overdue_command(context, words);
    if (command == "show")
        return show_command(context, words);
    if (command == "list")
        return list_command(context, words);
    if (command == "export")
        return export_command(context, words);
    if (const lifecycle::ActionCommand* found = lifecycle::action_command(command); found != nullptr)
        return run_action(context, *found, words);
    error << "jiebang project: unknown command '" << command << "'\n" << project_usage;
    return exit_usage;
}

}  // namespace jiebang::cli

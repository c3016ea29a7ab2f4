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

#include <xlsxwriter.h>

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

#include "cli/options.hpp"
#include "shared/domain/board.hpp"
#include "shared/lifecycle/calendar_date.hpp"
#include "shared/lifecycle/lifecycle_json.hpp"
#include "shared/lifecycle/lifecycle_profile.hpp"
#include "shared/lifecycle/lifecycle_store.hpp"
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

// The options every action takes, plus the command's own.
const std::set<std::string> action_values = {"store", "actor", "role", "date"};

std::set<std::string> with_action_values(std::initializer_list<std::string> own) {
    std::set<std::string> names = action_values;
    names.insert(own.begin(), own.end());
    return names;
}

Error missing_option(const std::string& name) {
    return Error("project.missing_option", "--" + name, "--" + name + " is required")
        .with("field", "--" + name);
}

Error bad_value(const std::string& name, const std::string& value, const std::string& detail) {
    return Error("project.bad_value", "--" + name, "--" + name + ": " + detail).with("value", value);
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

Result<MoneyWan> money_option(const ParsedOptions& options, const std::string& name) {
    Result<std::string> text = required(options, name);
    if (!text)
        return text.error();
    Result<MoneyWan> amount = parse_money_wan(*text);
    if (!amount) {
        Error error = amount.error();
        error.field = "--" + name;
        return error;
    }
    return amount;
}

Result<int> percent_option(const ParsedOptions& options, const std::string& name) {
    Result<std::string> text = required(options, name);
    if (!text)
        return text.error();
    Result<std::int64_t> basis_points = parse_percent_basis_points(*text);
    if (!basis_points) {
        Error error = basis_points.error();
        error.field = "--" + name;
        return error;
    }
    return static_cast<int>(*basis_points);
}

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        if (!item.empty())
            items.push_back(item);
    }
    return items;
}

// The one positional word after the command: the project id.
Result<std::string> project_argument(const ParsedOptions& options) {
    if (options.positional.size() != 1)
        return Error("project.missing_option", "PROJECT", "name one project").with("field", "PROJECT");
    return options.positional[0];
}

// [SECTION] create and the transitions

// Builds the action from the options, or the error that refuses them.
using ActionBuilder = std::function<Result<LifecycleAction>(const ParsedOptions&, const std::string& date)>;

struct ActionCommand {
    std::string usage;
    std::set<std::string> values;
    std::set<std::string> flags;
    ActionBuilder build;
};

int run_action(Context& context, const ActionCommand& command, const std::vector<std::string>& words) {
    const ParsedOptions options = parse_options(words, command.values, command.flags);
    if (!options.error.empty())
        return context.usage(command.usage + "   (" + options.error + ")");
    if (!context.load_assets())
        return exit_failure;
    Result<std::string> project_id = project_argument(options);
    if (!project_id)
        return context.usage(command.usage);
    Result<lifecycle::Actor> actor = actor_of(options);
    if (!actor)
        return context.fail(actor.error());
    Result<std::string> date = date_of(options);
    if (!date)
        return context.fail(date.error());
    Result<LifecycleAction> action = command.build(options, *date);
    if (!action)
        return context.fail(action.error());
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

const std::map<std::string, ActionCommand, std::less<>>& action_commands() {
    using namespace lifecycle;
    static const std::map<std::string, ActionCommand, std::less<>> commands = {
        {"bid",
         {"bid --store S PROJECT --bid ID --solver NAME [--uscc CODE] [--team NAME] [--receipt NUMBER]",
          with_action_values({"bid", "solver", "uscc", "team", "receipt"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> bid = required(options, "bid");
              if (!bid)
                  return bid.error();
              Result<std::string> solver = required(options, "solver");
              if (!solver)
                  return solver.error();
              return LifecycleAction{AddBid{*bid, options.value("receipt").value_or(""), *solver,
                                            options.value("uscc").value_or(""),
                                            options.value("team").value_or(""), date}};
          }}},
        {"score",
         {"score --store S PROJECT --bid ID --expert CODE --score N",
          with_action_values({"bid", "expert", "score"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> bid = required(options, "bid");
              if (!bid)
                  return bid.error();
              Result<std::string> expert = required(options, "expert");
              if (!expert)
                  return expert.error();
              Result<std::string> score_text = required(options, "score");
              if (!score_text)
                  return score_text.error();
              Result<std::int64_t> score = parse_integer(*score_text);
              if (!score || *score < 0 || *score > 100000)
                  return bad_value("score", *score_text, "a whole number");
              return LifecycleAction{RecordScore{*bid, *expert, static_cast<int>(*score), date}};
          }}},
        {"recommend",
         {"recommend --store S PROJECT --bid ID (--yes | --no) [--note TEXT]",
          with_action_values({"bid", "note"}),
          {"yes", "no"},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> bid = required(options, "bid");
              if (!bid)
                  return bid.error();
              if (options.flag("yes") == options.flag("no"))
                  return bad_value("yes", "", "give --yes or --no");
              return LifecycleAction{
                  RecordRecommendation{*bid, options.flag("yes"), options.value("note").value_or(""), date}};
          }}},
        {"select",
         {"select --store S PROJECT --bids ID[,ID...] [--issuer-consent] [--signing-deadline DATE]",
          with_action_values({"bids", "signing-deadline"}),
          {"issuer-consent"},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> bids = required(options, "bids");
              if (!bids)
                  return bids.error();
              return LifecycleAction{SelectSolvers{split_commas(*bids), date, options.flag("issuer-consent"),
                                                   options.value("signing-deadline").value_or("")}};
          }}},
        {"agree",
         {"agree --store S PROJECT --bid ID --start DATE --end DATE --value WAN [--registration NUMBER]",
          with_action_values({"bid", "start", "end", "value", "registration"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> bid = required(options, "bid");
              if (!bid)
                  return bid.error();
              Result<std::string> start = required(options, "start");
              if (!start)
                  return start.error();
              Result<std::string> end = required(options, "end");
              if (!end)
                  return end.error();
              Result<MoneyWan> value = money_option(options, "value");
              if (!value)
                  return value.error();
              return LifecycleAction{SignAgreement{*bid, date, *start, *end, *value,
                                                   options.value("registration").value_or("")}};
          }}},
        {"forfeit",
         {"forfeit --store S PROJECT",
          action_values,
          {},
          [](const ParsedOptions&, const std::string& date) -> Result<LifecycleAction> {
              return LifecycleAction{ForfeitUnsigned{date}};
          }}},
        {"register",
         {"register --store S PROJECT",
          action_values,
          {},
          [](const ParsedOptions&, const std::string& date) -> Result<LifecycleAction> {
              return LifecycleAction{RegisterProject{date}};
          }}},
        {"notice",
         {"notice --store S PROJECT   (the notice starts on --date)",
          action_values,
          {},
          [](const ParsedOptions&, const std::string& date) -> Result<LifecycleAction> {
              return LifecycleAction{OpenNotice{date}};
          }}},
        {"object",
         {"object --store S PROJECT --summary TEXT",
          with_action_values({"summary"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> summary = required(options, "summary");
              if (!summary)
                  return summary.error();
              return LifecycleAction{FileObjection{date, *summary}};
          }}},
        {"resolve",
         {"resolve --store S PROJECT --objection N (--upheld | --dismissed) --note TEXT",
          with_action_values({"objection", "note"}),
          {"upheld", "dismissed"},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> number_text = required(options, "objection");
              if (!number_text)
                  return number_text.error();
              Result<std::int64_t> number = parse_integer(*number_text);
              if (!number || *number < 1 || *number > 100000)
                  return bad_value("objection", *number_text, "the objection's number");
              if (options.flag("upheld") == options.flag("dismissed"))
                  return bad_value("upheld", "", "give --upheld or --dismissed");
              return LifecycleAction{ResolveObjection{static_cast<int>(*number), options.flag("upheld"), date,
                                                      options.value("note").value_or("")}};
          }}},
        {"approve",
         {"approve --store S PROJECT [--number NUMBER] [--waive-notice REASON]",
          with_action_values({"number", "waive-notice"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              const std::optional<std::string> waiver = options.value("waive-notice");
              return LifecycleAction{ApproveProject{date, options.value("number").value_or(""),
                                                    waiver.has_value(), waiver.value_or("")}};
          }}},
        {"plan",
         {"plan --store S PROJECT [--actual-amount WAN]",
          with_action_values({"actual-amount"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              PlanFunding plan{date, std::nullopt};
              if (options.value("actual-amount")) {
                  Result<MoneyWan> amount = money_option(options, "actual-amount");
                  if (!amount)
                      return amount.error();
                  plan.actual_contract_amount = *amount;
              }
              return LifecycleAction{plan};
          }}},
        {"pay",
         {"pay --store S PROJECT --tranche ID",
          with_action_values({"tranche"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> tranche = required(options, "tranche");
              if (!tranche)
                  return tranche.error();
              return LifecycleAction{PayTranche{*tranche, date}};
          }}},
        {"midterm",
         {"midterm --store S PROJECT --outcome continue|stop [--eliminate ID[,ID...]] [--note TEXT]",
          with_action_values({"outcome", "eliminate", "note"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> outcome = required(options, "outcome");
              if (!outcome)
                  return outcome.error();
              return LifecycleAction{
                  RecordMidtermReview{date, *outcome, split_commas(options.value("eliminate").value_or("")),
                                      options.value("note").value_or("")}};
          }}},
        {"progress",
         {"progress --store S PROJECT --period YYYY-MM|YYYY-Qn --completion PERCENT [--note TEXT]",
          with_action_values({"period", "completion", "note"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> period = required(options, "period");
              if (!period)
                  return period.error();
              Result<int> completion = percent_option(options, "completion");
              if (!completion)
                  return completion.error();
              return LifecycleAction{
                  RecordProgress{*period, date, *completion, options.value("note").value_or("")}};
          }}},
        {"extend",
         {"extend --store S PROJECT --new-end DATE --reason TEXT",
          with_action_values({"new-end", "reason"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<std::string> new_end = required(options, "new-end");
              if (!new_end)
                  return new_end.error();
              return LifecycleAction{ExtendProject{date, *new_end, options.value("reason").value_or("")}};
          }}},
        {"terminate",
         {"terminate --store S PROJECT --reason TEXT [--recover-unspent WAN] [--recover-misused WAN]",
          with_action_values({"reason", "recover-unspent", "recover-misused"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              TerminateProject termination{date, options.value("reason").value_or(""), {}};
              for (const char* kind : {"unspent", "misused"}) {
                  const std::string option = std::string("recover-") + kind;
                  if (!options.value(option))
                      continue;
                  Result<MoneyWan> amount = money_option(options, option);
                  if (!amount)
                      return amount.error();
                  termination.recoveries.emplace_back(kind, *amount);
              }
              return LifecycleAction{termination};
          }}},
        {"accept",
         {"accept --store S PROJECT --completion PERCENT [--applied DATE] [--met ID,...] [--failed ID,...]",
          with_action_values({"completion", "applied", "met", "failed", "note"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              Result<int> completion = percent_option(options, "completion");
              if (!completion)
                  return completion.error();
              return LifecycleAction{RecordAcceptance{
                  options.value("applied").value_or(""), date, *completion,
                  split_commas(options.value("met").value_or("")),
                  split_commas(options.value("failed").value_or("")), options.value("note").value_or("")}};
          }}},
        {"close",
         {"close --store S PROJECT [--note TEXT]",
          with_action_values({"note"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              return LifecycleAction{CloseProject{date, options.value("note").value_or("")}};
          }}},
        {"withdraw",
         {"withdraw --store S PROJECT --reason TEXT",
          with_action_values({"reason"}),
          {},
          [](const ParsedOptions& options, const std::string& date) -> Result<LifecycleAction> {
              return LifecycleAction{WithdrawProject{date, options.value("reason").value_or("")}};
          }}},
    };
    return commands;
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
        "create --store S --profile P --board BOARD.json --listing ID --county CODE|city_level";
    const ParsedOptions options =
        parse_options(words, with_action_values({"profile", "board", "listing", "county"}), {});
    if (!options.error.empty() || !options.positional.empty())
        return context.usage(usage);
    if (!context.load_assets())
        return exit_failure;
    for (const char* name : {"profile", "board", "listing", "county"}) {
        if (!options.value(name))
            return context.fail(missing_option(name));
    }
    Result<lifecycle::Actor> actor = actor_of(options);
    if (!actor)
        return context.fail(actor.error());
    Result<std::string> date = date_of(options);
    if (!date)
        return context.fail(date.error());
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
    const ParsedOptions options = parse_options(words, with_action_values({"profile"}), {});
    if (!options.error.empty() || !options.positional.empty())
        return context.usage("forfeit-overdue --store S --profile P");
    if (!context.load_assets())
        return exit_failure;
    Result<std::string> profile_id = required(options, "profile");
    if (!profile_id)
        return context.fail(profile_id.error());
    Result<lifecycle::Actor> actor = actor_of(options);
    if (!actor)
        return context.fail(actor.error());
    Result<std::string> date = date_of(options);
    if (!date)
        return context.fail(date.error());
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
    const ParsedOptions options = parse_options(words, {"store"}, {});
    if (!options.error.empty() || options.positional.size() != 1)
        return context.usage("show --store S PROJECT");
    if (!context.load_assets())
        return exit_failure;
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

std::string county_name(const Context& context, const Project& project) {
    if (project.county_admin_code.empty())
        return context.text("lifecycle.export.county.city_level");
    const Profile* profile = context.profiles().profile(project.profile_id);
    const County* county = profile == nullptr ? nullptr : profile->county_by_code(project.county_admin_code);
    return county == nullptr ? project.county_admin_code : county->name.chinese;
}

// The solvers chosen, as the register shows them: "unit (team)", an ended solver with its state.
std::string solver_names(const Context& context, const Project& project) {
    std::string names;
    for (const lifecycle::ProjectBid& bid : project.bids) {
        if (bid.state == lifecycle::BidState::UnderReview || bid.state == lifecycle::BidState::NotSelected)
            continue;
        std::string name = bid.team.empty()
                               ? bid.solver_name
                               : context.strings().format("lifecycle.export.solver_team",
                                                          {{"solver", bid.solver_name}, {"team", bid.team}});
        if (bid.state != lifecycle::BidState::Selected) {
            name = context.strings().format(
                "lifecycle.export.solver_ended",
                {{"solver", name},
                 {"state",
                  context.text("lifecycle.bid_state." + std::string(lifecycle::bid_state_code(bid.state)))}});
        }
        names += (names.empty() ? "" : context.text("lifecycle.export.solver_separator")) + name;
    }
    return names;
}

int list_command(Context& context, const std::vector<std::string>& words) {
    const ParsedOptions options =
        parse_options(words, {"store", "profile", "county", "state", "year"}, {"json"});
    if (!options.error.empty() || !options.positional.empty())
        return context.usage(
            "list --store S [--profile P] [--county CODE|city_level] [--state STATE] [--year YYYY] [--json]");
    if (!context.load_assets())
        return exit_failure;
    Result<lifecycle::ProjectFilter> filter = filter_of(options);
    if (!filter)
        return context.fail(filter.error());
    int exit_code = exit_ok;
    std::optional<store::Database> database = context.open_store(options, false, exit_code);
    if (!database)
        return exit_code;
    LifecycleStore store(*database);
    auto projects = store.list(*filter);
    if (!projects)
        return context.tool_failure(projects.error());
    if (options.flag("json")) {
        context.out() << "[";
        for (std::size_t position = 0; position < projects->size(); ++position) {
            const Project& project = (*projects)[position];
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
    for (const Project& project : *projects) {
        context.out() << project.project_id << "\t"
                      << (project.project_number.empty() ? "-" : project.project_number) << "\t"
                      << lifecycle::project_state_code(project.state) << "\t"
                      << (project.county_admin_code.empty() ? "city_level" : project.county_admin_code)
                      << "\t" << project.mechanism << "\t" << format_money_wan(project.funding.subsidy)
                      << "\t" << format_money_wan(project.paid_total()) << "\n";
    }
    // The year's count against the profile's limit, for each profile and year listed.
    std::map<std::pair<std::string, int>, int> years;
    for (const Project& project : *projects) {
        if (project.approval_year > 0)
            years[{project.profile_id, project.approval_year}] = 0;
    }
    for (auto& [key, count] : years) {
        auto approved = store.approved_in_year(key.first, key.second);
        if (!approved)
            return context.tool_failure(approved.error());
        const Profile* profile = context.profiles().profile(key.first);
        const int limit = profile == nullptr ? 0 : profile->limits.projects_per_year_max;
        context.out() << "# " << key.first << " " << key.second << ": " << *approved
                      << (limit > 0 ? " / " + std::to_string(limit) : std::string()) << "\n";
    }
    return exit_ok;
}

// [SECTION] export

struct Cell {
    std::string text;
    std::optional<double> number;  // money in wan yuan, written as a number so it can be summed
};

struct ExportSheet {
    std::string name;
    std::string title;
    std::vector<std::string> header;
    std::vector<std::vector<Cell>> rows;
};

Cell text_cell(std::string text) {
    return Cell{std::move(text), std::nullopt};
}
Cell money_cell(MoneyWan amount) {
    return Cell{format_money_wan(amount), static_cast<double>(amount.hundredths) / 100.0};
}

Status write_workbook(const std::filesystem::path& file, const std::vector<ExportSheet>& sheets) {
    const std::string temporary = file.string() + ".tmp.xlsx";
    lxw_workbook* workbook = workbook_new(temporary.c_str());
    if (workbook == nullptr)
        return Error("project.cannot_write", file.string(), "cannot create the workbook")
            .with("file", file.string());
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    format_set_border(bold, LXW_BORDER_THIN);
    lxw_format* cell_format = workbook_add_format(workbook);
    format_set_border(cell_format, LXW_BORDER_THIN);
    format_set_text_wrap(cell_format);
    format_set_align(cell_format, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* money_format = workbook_add_format(workbook);
    format_set_border(money_format, LXW_BORDER_THIN);
    format_set_num_format(money_format, "0.00");
    lxw_format* title_format = workbook_add_format(workbook);
    format_set_bold(title_format);
    format_set_font_size(title_format, 16);
    for (const ExportSheet& sheet : sheets) {
        lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
        worksheet_write_string(worksheet, 0, 0, sheet.title.c_str(), title_format);
        for (std::size_t column = 0; column < sheet.header.size(); ++column) {
            const auto index = static_cast<lxw_col_t>(column);
            worksheet_write_string(worksheet, 1, index, sheet.header[column].c_str(), bold);
            worksheet_set_column(worksheet, index, index, 18, nullptr);
        }
        lxw_row_t row = 2;
        for (const auto& values : sheet.rows) {
            for (std::size_t column = 0; column < values.size(); ++column) {
                const auto index = static_cast<lxw_col_t>(column);
                if (values[column].number)
                    worksheet_write_number(worksheet, row, index, *values[column].number, money_format);
                else
                    worksheet_write_string(worksheet, row, index, values[column].text.c_str(), cell_format);
            }
            ++row;
        }
    }
    const lxw_error result = workbook_close(workbook);
    std::error_code error_code;
    if (result != LXW_NO_ERROR) {
        std::filesystem::remove(temporary, error_code);
        return Error("project.cannot_write", file.string(), lxw_strerror(result)).with("file", file.string());
    }
    std::filesystem::rename(temporary, file, error_code);
    if (error_code) {
        std::filesystem::remove(temporary, error_code);
        return Error("project.cannot_write", file.string(), error_code.message()).with("file", file.string());
    }
    return ok_status();
}

int export_command(Context& context, const std::vector<std::string>& words) {
    const ParsedOptions options = parse_options(words, {"store", "out", "profile", "county", "year"}, {});
    if (!options.error.empty() || !options.positional.empty())
        return context.usage(
            "export --store S --out FILE.xlsx [--profile P] [--county CODE|city_level] [--year YYYY]");
    if (!context.load_assets())
        return exit_failure;
    Result<std::string> out = required(options, "out");
    if (!out)
        return context.fail(out.error());
    Result<lifecycle::ProjectFilter> filter = filter_of(options);
    if (!filter)
        return context.fail(filter.error());
    int exit_code = exit_ok;
    std::optional<store::Database> database = context.open_store(options, false, exit_code);
    if (!database)
        return exit_code;
    LifecycleStore store(*database);
    auto projects = store.list(*filter);
    if (!projects)
        return context.tool_failure(projects.error());

    ExportSheet register_sheet{
        context.text("lifecycle.export.register.sheet"),
        context.text("lifecycle.export.register.title"),
        {context.text("lifecycle.export.column.project_number"),
         context.text("lifecycle.export.column.listing"), context.text("lifecycle.export.column.title"),
         context.text("lifecycle.export.column.issuer"), context.text("lifecycle.export.column.county"),
         context.text("lifecycle.export.column.mechanism"), context.text("lifecycle.export.column.solvers"),
         context.text("lifecycle.export.column.state"), context.text("lifecycle.export.column.approved_on"),
         context.text("lifecycle.export.column.end_on"), context.text("lifecycle.export.column.subsidy"),
         context.text("lifecycle.export.column.paid")},
        {}};
    ExportSheet ledger_sheet{
        context.text("lifecycle.export.ledger.sheet"),
        context.text("lifecycle.export.ledger.title"),
        {context.text("lifecycle.export.column.project_number"),
         context.text("lifecycle.export.column.listing"), context.text("lifecycle.export.column.county"),
         context.text("lifecycle.export.column.tranche"), context.text("lifecycle.export.column.condition"),
         context.text("lifecycle.export.column.party"), context.text("lifecycle.export.column.share"),
         context.text("lifecycle.export.column.state"), context.text("lifecycle.export.column.paid_on")},
        {}};
    for (const Project& project : *projects) {
        const std::string county = county_name(context, project);
        register_sheet.rows.push_back(
            {text_cell(project.project_number), text_cell(project.project_id), text_cell(project.title),
             text_cell(project.issuer_name), text_cell(county),
             text_cell(context.text("lifecycle.export.mechanism." + project.mechanism)),
             text_cell(solver_names(context, project)),
             text_cell(context.text("lifecycle.state." +
                                    std::string(lifecycle::project_state_code(project.state)))),
             text_cell(project.approved_on), text_cell(project.end_on), money_cell(project.funding.subsidy),
             money_cell(project.paid_total())});
        for (const lifecycle::LedgerTranche& tranche : project.tranches) {
            for (const lifecycle::PartyAmount& share : tranche.shares) {
                ledger_sheet.rows.push_back(
                    {text_cell(project.project_number), text_cell(project.project_id), text_cell(county),
                     text_cell(tranche.name.chinese),
                     text_cell(context.text("lifecycle.condition." + tranche.condition)),
                     text_cell(share.name.chinese), money_cell(share.amount),
                     text_cell(context.text("lifecycle.tranche_state." +
                                            std::string(lifecycle::tranche_state_code(tranche.state)))),
                     text_cell(tranche.paid_on)});
            }
        }
    }
    if (Status written = write_workbook(*out, {register_sheet, ledger_sheet}); !written)
        return context.tool_failure(written.error());
    context.out() << "wrote " << *out << ": " << register_sheet.rows.size() << " projects, "
                  << ledger_sheet.rows.size() << " ledger lines\n";
    return exit_ok;
}

// [SECTION] dispatch

const char* const project_usage =
    "usage: jiebang project COMMAND --store S ...   (docs/lifecycle.md; actions take --actor ID --role ROLE "
    "[--date YYYY-MM-DD])\n"
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
    const auto& commands = action_commands();
    if (const auto found = commands.find(command); found != commands.end())
        return run_action(context, found->second, words);
    error << "jiebang project: unknown command '" << command << "'\n" << project_usage;
    return exit_usage;
}

}  // namespace jiebang::cli

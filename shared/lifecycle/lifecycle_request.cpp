// shared/lifecycle/lifecycle_request.cpp — the table of `jiebang project` action commands and the builder of
// a LifecycleAction from named arguments (see the header for the invariants). No lifecycle rule lives here:
// the values are only read (money, percentages, whole numbers); the machine checks them.
#include "shared/lifecycle/lifecycle_request.hpp"

#include <functional>
#include <sstream>

#include "shared/validate/validators.hpp"

namespace jiebang::lifecycle {

namespace {

Error missing_option(const std::string& name) {
    return Error("project.missing_option", "--" + name, "--" + name + " is required")
        .with("field", "--" + name);
}

Error bad_value(const std::string& name, const std::string& value, const std::string& detail) {
    return Error("project.bad_value", "--" + name, "--" + name + ": " + detail)
        .with("field", "--" + name)
        .with("value", value);
}

class Arguments {
  public:
    explicit Arguments(const ActionArguments& arguments) : arguments_(arguments) {}
    std::string optional(const std::string& name) const {
        const auto found = arguments_.values.find(name);
        return found == arguments_.values.end() ? std::string() : found->second;
    }
    bool has(const std::string& name) const { return arguments_.values.contains(name); }
    bool flag(const std::string& name) const { return arguments_.flags.contains(name); }
    Result<std::string> required(const std::string& name) const {
        const auto found = arguments_.values.find(name);
        if (found == arguments_.values.end() || found->second.empty())
            return missing_option(name);
        return found->second;
    }
    Result<MoneyWan> money(const std::string& name) const {
        Result<std::string> text = required(name);
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
    Result<int> percent(const std::string& name) const {
        Result<std::string> text = required(name);
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
    std::vector<std::string> list(const std::string& name) const {
        std::vector<std::string> items;
        std::stringstream stream(optional(name));
        std::string item;
        while (std::getline(stream, item, ',')) {
            if (!item.empty())
                items.push_back(item);
        }
        return items;
    }

  private:
    const ActionArguments& arguments_;
};

using Builder = std::function<Result<LifecycleAction>(const Arguments&, const std::string& date)>;

struct CommandEntry {
    ActionCommand command;
    Builder build;
};

const std::vector<CommandEntry>& entries() {
    static const std::vector<CommandEntry> table = {
        {{"bid",
          "bid PROJECT --bid ID --solver NAME [--uscc CODE] [--team NAME] [--receipt NUMBER]",
          {"bid", "solver", "uscc", "team", "receipt"},
          {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> bid = arguments.required("bid");
             if (!bid)
                 return bid.error();
             Result<std::string> solver = arguments.required("solver");
             if (!solver)
                 return solver.error();
             return LifecycleAction{AddBid{*bid, arguments.optional("receipt"), *solver,
                                           arguments.optional("uscc"), arguments.optional("team"), date}};
         }},
        {{"score", "score PROJECT --bid ID --expert CODE --score N", {"bid", "expert", "score"}, {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> bid = arguments.required("bid");
             if (!bid)
                 return bid.error();
             Result<std::string> expert = arguments.required("expert");
             if (!expert)
                 return expert.error();
             Result<std::string> score_text = arguments.required("score");
             if (!score_text)
                 return score_text.error();
             Result<std::int64_t> score = parse_integer(*score_text);
             if (!score || *score < 0 || *score > 100000)
                 return bad_value("score", *score_text, "a whole number");
             return LifecycleAction{RecordScore{*bid, *expert, static_cast<int>(*score), date}};
         }},
        {{"recommend",
          "recommend PROJECT --bid ID (--yes | --no) [--note TEXT]",
          {"bid", "note"},
          {"yes", "no"}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> bid = arguments.required("bid");
             if (!bid)
                 return bid.error();
             if (arguments.flag("yes") == arguments.flag("no"))
                 return bad_value("yes", "", "give --yes or --no");
             return LifecycleAction{
                 RecordRecommendation{*bid, arguments.flag("yes"), arguments.optional("note"), date}};
         }},
        {{"select",
          "select PROJECT --bids ID[,ID...] [--issuer-consent] [--signing-deadline DATE]",
          {"bids", "signing-deadline"},
          {"issuer-consent"}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> bids = arguments.required("bids");
             if (!bids)
                 return bids.error();
             return LifecycleAction{SelectSolvers{arguments.list("bids"), date,
                                                  arguments.flag("issuer-consent"),
                                                  arguments.optional("signing-deadline")}};
         }},
        {{"agree",
          "agree PROJECT --bid ID --start DATE --end DATE --value WAN [--registration NUMBER]",
          {"bid", "start", "end", "value", "registration"},
          {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> bid = arguments.required("bid");
             if (!bid)
                 return bid.error();
             Result<std::string> start = arguments.required("start");
             if (!start)
                 return start.error();
             Result<std::string> end = arguments.required("end");
             if (!end)
                 return end.error();
             Result<MoneyWan> value = arguments.money("value");
             if (!value)
                 return value.error();
             return LifecycleAction{
                 SignAgreement{*bid, date, *start, *end, *value, arguments.optional("registration")}};
         }},
        {{"forfeit", "forfeit PROJECT", {}, {}},
         [](const Arguments&, const std::string& date) -> Result<LifecycleAction> {
             return LifecycleAction{ForfeitUnsigned{date}};
         }},
        {{"register", "register PROJECT   (enter the project register)", {}, {}},
         [](const Arguments&, const std::string& date) -> Result<LifecycleAction> {
             return LifecycleAction{RegisterProject{date}};
         }},
        {{"notice", "notice PROJECT   (the notice starts on --date)", {}, {}},
         [](const Arguments&, const std::string& date) -> Result<LifecycleAction> {
             return LifecycleAction{OpenNotice{date}};
         }},
        {{"object", "object PROJECT --summary TEXT", {"summary"}, {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> summary = arguments.required("summary");
             if (!summary)
                 return summary.error();
             return LifecycleAction{FileObjection{date, *summary}};
         }},
        {{"resolve",
          "resolve PROJECT --objection N (--upheld | --dismissed) --note TEXT",
          {"objection", "note"},
          {"upheld", "dismissed"}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> number_text = arguments.required("objection");
             if (!number_text)
                 return number_text.error();
             Result<std::int64_t> number = parse_integer(*number_text);
             if (!number || *number < 1 || *number > 100000)
                 return bad_value("objection", *number_text, "the objection's number");
             if (arguments.flag("upheld") == arguments.flag("dismissed"))
                 return bad_value("upheld", "", "give --upheld or --dismissed");
             return LifecycleAction{ResolveObjection{static_cast<int>(*number), arguments.flag("upheld"),
                                                     date, arguments.optional("note")}};
         }},
        {{"approve",
          "approve PROJECT [--number NUMBER] [--waive-notice REASON]",
          {"number", "waive-notice"},
          {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             return LifecycleAction{ApproveProject{date, arguments.optional("number"),
                                                   arguments.has("waive-notice"),
                                                   arguments.optional("waive-notice")}};
         }},
        {{"plan", "plan PROJECT [--actual-amount WAN]", {"actual-amount"}, {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             PlanFunding plan{date, std::nullopt};
             if (arguments.has("actual-amount")) {
                 Result<MoneyWan> amount = arguments.money("actual-amount");
                 if (!amount)
                     return amount.error();
                 plan.actual_contract_amount = *amount;
             }
             return LifecycleAction{plan};
         }},
        {{"pay", "pay PROJECT --tranche ID", {"tranche"}, {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> tranche = arguments.required("tranche");
             if (!tranche)
                 return tranche.error();
             return LifecycleAction{PayTranche{*tranche, date}};
         }},
        {{"midterm",
          "midterm PROJECT --outcome continue|stop [--eliminate ID[,ID...]] [--note TEXT]",
          {"outcome", "eliminate", "note"},
          {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> outcome = arguments.required("outcome");
             if (!outcome)
                 return outcome.error();
             return LifecycleAction{RecordMidtermReview{date, *outcome, arguments.list("eliminate"),
                                                        arguments.optional("note")}};
         }},
        {{"progress",
          "progress PROJECT --period YYYY-MM|YYYY-Qn --completion PERCENT [--note TEXT]",
          {"period", "completion", "note"},
          {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> period = arguments.required("period");
             if (!period)
                 return period.error();
             Result<int> completion = arguments.percent("completion");
             if (!completion)
                 return completion.error();
             return LifecycleAction{RecordProgress{*period, date, *completion, arguments.optional("note")}};
         }},
        {{"extend", "extend PROJECT --new-end DATE --reason TEXT", {"new-end", "reason"}, {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<std::string> new_end = arguments.required("new-end");
             if (!new_end)
                 return new_end.error();
             return LifecycleAction{ExtendProject{date, *new_end, arguments.optional("reason")}};
         }},
        {{"terminate",
          "terminate PROJECT --reason TEXT [--recover-unspent WAN] [--recover-misused WAN]",
          {"reason", "recover-unspent", "recover-misused"},
          {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             TerminateProject termination{date, arguments.optional("reason"), {}};
             for (const char* kind : {"unspent", "misused"}) {
                 const std::string option = std::string("recover-") + kind;
                 if (!arguments.has(option))
                     continue;
                 Result<MoneyWan> amount = arguments.money(option);
                 if (!amount)
                     return amount.error();
                 termination.recoveries.emplace_back(kind, *amount);
             }
             return LifecycleAction{termination};
         }},
        {{"accept",
          "accept PROJECT --completion PERCENT [--applied DATE] [--met ID,...] [--failed ID,...]",
          {"completion", "applied", "met", "failed", "note"},
          {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             Result<int> completion = arguments.percent("completion");
             if (!completion)
                 return completion.error();
             return LifecycleAction{RecordAcceptance{arguments.optional("applied"), date, *completion,
                                                     arguments.list("met"), arguments.list("failed"),
                                                     arguments.optional("note")}};
         }},
        {{"close", "close PROJECT [--note TEXT]", {"note"}, {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             return LifecycleAction{CloseProject{date, arguments.optional("note")}};
         }},
        {{"withdraw", "withdraw PROJECT --reason TEXT", {"reason"}, {}},
         [](const Arguments& arguments, const std::string& date) -> Result<LifecycleAction> {
             return LifecycleAction{WithdrawProject{date, arguments.optional("reason")}};
         }},
    };
    return table;
}

const CommandEntry* entry(std::string_view name) {
    for (const CommandEntry& each : entries()) {
        if (each.command.name == name)
            return &each;
    }
    return nullptr;
}

}  // namespace

const std::vector<ActionCommand>& action_commands() {
    static const std::vector<ActionCommand> commands = [] {
        std::vector<ActionCommand> list;
        for (const CommandEntry& each : entries())
            list.push_back(each.command);
        return list;
    }();
    return commands;
}

const ActionCommand* action_command(std::string_view name) {
    const CommandEntry* found = entry(name);
    return found == nullptr ? nullptr : &found->command;
}

Result<LifecycleAction> action_from_arguments(std::string_view command, const ActionArguments& arguments,
                                              std::string_view date) {
    const CommandEntry* found = entry(command);
    if (found == nullptr) {
        return Error("project.unknown_command", "command", "no project command " + std::string(command))
            .with("value", std::string(command));
    }
    for (const auto& [name, value] : arguments.values) {
        if (!found->command.values.contains(name)) {
            return Error("project.unknown_option", "--" + name, "the command takes no --" + name)
                .with("field", "--" + name)
                .with("command", std::string(command));
        }
    }
    for (const std::string& name : arguments.flags) {
        if (!found->command.flags.contains(name)) {
            return Error("project.unknown_option", "--" + name, "the command takes no flag --" + name)
                .with("field", "--" + name)
                .with("command", std::string(command));
        }
    }
    return found->build(Arguments(arguments), std::string(date));
}

}  // namespace jiebang::lifecycle

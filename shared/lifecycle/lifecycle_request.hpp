// shared/lifecycle/lifecycle_request.hpp — a lifecycle action as named arguments: the words of
// `jiebang project COMMAND --name value --flag` on the command line and the body of the staff channel's
// PROJECT-ACT (docs/protocol.md 17.20). One table of commands and one builder, so that an action typed at the
// host (on a project store file) and one sent to the city's aggregator are read by the same code and refused
// the same way; the aggregator builds the action from the arguments itself (the client never sends a
// LifecycleAction it made).
// Invariants:
//  1. An argument the command does not take, or a flag given a value, is refused (project.unknown_option),
//     never ignored; a missing required argument is project.missing_option, a malformed value
//     project.bad_value — each naming the argument as "--name" (the same words on both paths).
//  2. Nothing here reads a clock, a store or the caller's identity: who acts is the caller's business.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/lifecycle/lifecycle_machine.hpp"

namespace jiebang::lifecycle {

struct ActionArguments {
    std::map<std::string, std::string, std::less<>> values;  // "--bid B1" -> values["bid"] = "B1"
    std::set<std::string, std::less<>> flags;                // "--yes" -> flags {"yes"}
};

// One `jiebang project` action command: its name, usage line (without the store or remote options), the
// arguments that take a value and the flags.
struct ActionCommand {
    std::string name;
    std::string usage;
    std::set<std::string, std::less<>> values;
    std::set<std::string, std::less<>> flags;
};

// Every action command, in the order of docs/lifecycle.md.
const std::vector<ActionCommand>& action_commands();
const ActionCommand* action_command(std::string_view name);

// The action the command's arguments describe, dated `date` (a business date, checked by the machine).
// Errors: project.unknown_command, project.unknown_option, project.missing_option, project.bad_value.
Result<LifecycleAction> action_from_arguments(std::string_view command, const ActionArguments& arguments,
                                              std::string_view date);

}  // namespace jiebang::lifecycle

// cli/staff/staff_commands.hpp — the county/city staff commands of `jiebang`, over an aggregator's store.
// Each group lives in its own file; `jiebang GROUP --help` lists its commands and options:
//
//   terminal    enroll | revoke | list | quarantine | requeue   (review_commands.cpp)
//   submissions list | show | accept | return | reject | forward | recall | requeue
//   batches     list | show                                (forwarding batches)
//   board       publish | show
//   bids        list
//   feed        tail
//   export      summary | full                             (export_commands.cpp)
//   report      monthly
//   staff       add | list | revoke | key-info             (people_commands.cpp)
//   audit       list | verify                              (audit_commands.cpp)
//
// Every command opens an existing store (--store FILE; a missing, empty or foreign file is an error naming
// it, never a new store) and acts as the host's administrator (docs/backoffice.md section 1), recorded as such
// in the audit trail (every change, enrolment, revocation, export and read of a submission's personal data).
// Output holds what staff asked for; nothing is logged.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_context.hpp"

namespace jiebang::cli {

void add_staff_commands(CLI::App& app, CommandContext& context);

// The groups (one function per file).
void add_review_commands(CLI::App& app, CommandContext& context);
void add_export_commands(CLI::App& app, CommandContext& context);
void add_people_commands(CLI::App& app, CommandContext& context);
void add_audit_commands(CLI::App& app, CommandContext& context);

}  // namespace jiebang::cli

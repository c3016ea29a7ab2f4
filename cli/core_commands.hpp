// cli/core_commands.hpp — the `jiebang` commands that need only the core library: check uscc, validate,
// funding, keygen, receipt verify|parse, profiles, forms show. Output is JSON where a program may read it,
// and every error names the field id and its stable code (exit codes: cli/command_context.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_context.hpp"

namespace jiebang::cli {

void add_core_commands(CLI::App& app, CommandContext& context);

}  // namespace jiebang::cli

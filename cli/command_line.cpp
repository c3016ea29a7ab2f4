// cli/command_line.cpp — builds the CLI11 application of `jiebang` and runs the command that parsed.
// Invariant: nothing is read or written before the whole command line has parsed; a parse error prints
// "usage error: <what CLI11 says, naming the option>" and exits 2.
#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "cli/command_context.hpp"
#include "cli/core_commands.hpp"
#include "cli/print_commands.hpp"
#include "cli/project_commands.hpp"
#include "cli/staff/staff_commands.hpp"

namespace jiebang::cli {

int run_command_line(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& error) {
    CommandContext context(out, error);
    CLI::App app{
        "jiebang — the core of the 揭榜挂帅 system on the command line, and the staff's work on an "
        "aggregator's "
        "store.\nAssets are read from $JIEBANG_ASSETS, else the source tree's assets/.",
        "jiebang"};
    app.require_subcommand(1);
    app.fallthrough(false);
    app.get_formatter()->column_width(38);
    add_core_commands(app, context);
    add_staff_commands(app, context);
    // `print …` keeps its own parser too (cli/print_commands.hpp): every word after "print" goes to it.
    CLI::App* print =
        app.add_subcommand("print", "Printouts: the filed form as an A4 PDF, optionally via CUPS");
    print->prefix_command();
    print->set_help_flag();
    print->callback([&context, print, &out, &error] {
        auto rest = print->remaining();
        context.action = [rest, &out, &error] { return print_command(rest, out, error); };
    });
    // `project …` keeps its own parser (cli/project_commands.hpp, which also answers `project --help`): CLI11
    // hands it every word after "project" unparsed.
    CLI::App* project =
        app.add_subcommand("project", "Projects after the board: 揭榜 to acceptance (docs/lifecycle.md)");
    project->prefix_command();
    project->set_help_flag();
    project->callback([&context, project, &out, &error] {
        auto rest = project->remaining();
        context.action = [rest, &out, &error] { return run_project_command(rest, out, error); };
    });

    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        // `--help` on the innermost command that was named.
        const CLI::App* shown = &app;
        while (true) {
            auto parsed = shown->get_subcommands();
            if (parsed.empty())
                break;
            shown = parsed.front();
        }
        out << shown->help();
        return exit_ok;
    } catch (const CLI::CallForAllHelp&) {
        out << app.help("", CLI::AppFormatMode::All);
        return exit_ok;
    } catch (const CLI::ParseError& parse_error) {
        // The innermost command that parsed, to say which command was wrong.
        const CLI::App* innermost = &app;
        std::string path = "jiebang";
        while (!innermost->get_subcommands().empty()) {
            innermost = innermost->get_subcommands().front();
            path += " " + innermost->get_name();
        }
        error << "usage error: " << parse_error.what();
        if (innermost->get_require_subcommand_min() > 0 && innermost->get_subcommands().empty()) {
            // "A subcommand is required": say which word was not one, and which are.
            auto at = arguments.begin();
            if (innermost != &app) {
                at = std::find(arguments.begin(), arguments.end(), innermost->get_name());
                if (at != arguments.end())
                    ++at;
            }
            if (at != arguments.end() && !at->empty() && (*at)[0] != '-')
                error << ": '" << *at << "' is not a command of `" << path << "`";
            error << " (one of:";
            for (const CLI::App* command : innermost->get_subcommands([](const CLI::App*) { return true; }))
                error << " " << command->get_name();
            error << ")";
        }
        error << "\n(see `" << path << " --help`)\n";
        return exit_usage;
    }
    if (!context.action) {
        error << "usage error: no command\n";
        return exit_usage;
    }
    try {
        return context.action();
    } catch (const std::exception& exception) {
        // Libraries that throw are caught at their boundary; this is the last line, never silent.
        error << "error: cli.internal: " << exception.what() << "\n";
        return exit_failure;
    }
}

}  // namespace jiebang::cli

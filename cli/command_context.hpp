// cli/command_context.hpp — what every `jiebang` command shares: the output streams, the exit codes, the
// assets (strings, profiles, forms; loaded on first use), error output with stable codes and messages from
// assets/strings, and the bounded reading of input files.
// Exit codes: 0 ok; 1 invalid input or a refused action (the message names what is wrong, with its code);
// 2 usage (unknown command or option, a missing or malformed option value: CLI11 names the option);
// 3 the tool could not work (assets missing, a file unreadable).
// Invariant: a command runs only after the whole command line parsed; parsing never touches a file.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_invalid = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_failure = 3;

// Every input file the tool reads is read through this bound (issue 11 item 7).
inline constexpr std::size_t max_input_file_bytes = 16 * 1024 * 1024;

class CommandContext {
  public:
    CommandContext(std::ostream& output, std::ostream& error_output) : out(output), error(error_output) {}
    std::ostream& out;
    std::ostream& error;
    std::function<int()> action;  // set by the callback of the command that parsed

    // Loaded on first use; nullptr (after saying why on `error`) when the assets cannot be loaded.
    const StringCatalog* strings();
    const ProfileCatalog* profiles();
    const FormCatalog* forms();

    // "error: CODE (FIELD): message" on `error`; returns exit_invalid (fail) or exit_failure (failure).
    int fail(const Error& error_value);
    int failure(const Error& error_value);
    // A catalogue text by key, the key itself when missing.
    std::string text(const std::string& key);
    // A county's name (the code itself when unknown); an empty profile id looks in every profile.
    std::string county_name(const std::string& profile_id, const std::string& admin_code);
    std::string industry_name(const std::string& profile_id, const std::string& industry_id);

  private:
    int write_error(const Error& error_value, int code);
    bool assets_tried_ = false;
    std::optional<StringCatalog> strings_;
    std::optional<ProfileCatalog> profiles_;
    std::optional<FormCatalog> forms_;
    void load_assets();
};

// Registers `run` to be the action when `command` is the one that parsed.
inline void on_parsed(CLI::App* command, CommandContext& context, std::function<int()> run) {
    command->callback([&context, run = std::move(run)] { context.action = run; });
}

// A whole decimal number within [minimum, maximum], checked on the text before CLI11 converts it, so that
// `--limit abc` says "expected a whole number from 1 to 1000000" and names the option (exit 2).
inline CLI::Validator whole_number(long long minimum, long long maximum) {
    const std::string expected =
        "expected a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum);
    return CLI::Validator(
        [minimum, maximum, expected](std::string& value) -> std::string {
            if (value.empty() || value.size() > 18 ||
                value.find_first_not_of("0123456789") != std::string::npos)
                return expected + ", got '" + value + "'";
            const long long number = std::stoll(value);
            return number < minimum || number > maximum ? expected + ", got " + value : std::string();
        },
        "N", "whole number");
}

// Reads a whole file of at most `limit` bytes. Errors: file.unreadable (field: the path), file.too_large
// (field: the path, argument limit).
Result<std::string> read_bounded_file(const std::string& path, std::size_t limit = max_input_file_bytes);

}  // namespace jiebang::cli

// cli/options.hpp — a small, strict command-line parser: positional words and `--name value` / `--flag` options.
// Unknown options are an error (never silently ignored), and so is an option given twice or missing its value.
// Used only by `jiebang project …` (cli/project_commands.cpp) until it moves to CLI11 like the other commands.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace jiebang::cli {

struct ParsedOptions {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;  // "--profile jiangmen" -> values["profile"] = "jiangmen"
    std::set<std::string> flags;                // "--json" -> flags {"json"}
    std::string error;                          // empty when parsing succeeded

    std::optional<std::string> value(const std::string& name) const {
        auto found = values.find(name);
        if (found == values.end())
            return std::nullopt;
        return found->second;
    }
    bool flag(const std::string& name) const { return flags.count(name) != 0; }
};

// `value_options` take a value, `flag_options` do not; anything else starting with "--" is an error.
inline ParsedOptions parse_options(const std::vector<std::string>& arguments,
                                   const std::set<std::string>& value_options,
                                   const std::set<std::string>& flag_options) {
    ParsedOptions parsed;
    for (std::size_t index = 0; index < arguments.size(); ++index) {
        const std::string& word = arguments[index];
        if (word.size() > 2 && word.rfind("--", 0) == 0) {
            std::string name = word.substr(2);
            if (flag_options.count(name) != 0) {
                parsed.flags.insert(name);
            } else if (value_options.count(name) != 0) {
                if (index + 1 >= arguments.size()) {
                    parsed.error = "option --" + name + " needs a value";
                    return parsed;
                }
                if (parsed.values.count(name) != 0) {
                    parsed.error = "option --" + name + " given twice";
                    return parsed;
                }
                parsed.values[name] = arguments[++index];
            } else {
                parsed.error = "unknown option --" + name;
                return parsed;
            }
        } else {
            parsed.positional.push_back(word);
        }
    }
    return parsed;
}

}  // namespace jiebang::cli

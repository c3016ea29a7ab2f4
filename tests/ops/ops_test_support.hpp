// tests/ops/ops_test_support.hpp — small helpers of the operations tests: running jiebang-aggregator's one-shot
// commands (--backup-now, --restore) as real processes and reading what they printed, file digests to prove a
// refused operation changed nothing. The daemons, terminals and waits come from tests/sync/sync_test_support.hpp.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "shared/domain/submission.hpp"
#include "tests/sync/sync_test_support.hpp"

namespace jiebang::ops::test {

struct Ran {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

// Runs `program arguments...` to its end (bounded by the program itself: these commands do not wait).
inline Ran run_program(const std::string& program, const std::vector<std::string>& arguments) {
    std::string command = program;
    for (const std::string& argument : arguments)
        command += " '" + argument + "'";
    command += " 2>&1";
    Ran ran;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t read = 0;
    while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        ran.output.append(buffer, read);
    const int status = pclose(pipe);
    ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return ran;
}

inline Ran aggregator_command(const std::vector<std::string>& arguments) {
    return run_program(sync::test::binary("jiebang-aggregator"), arguments);
}

// SHA-256 of a file's bytes (all zero when it does not exist).
inline ContentHash file_digest(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file))
        return ContentHash{};
    return content_hash_of_encoding(sync::test::read_file(file));
}

}  // namespace jiebang::ops::test

// tests/support/process.hpp — runs a real program for end-to-end tests and captures what it said.
// fork + execv with pipes for stdout/stderr (no shell, so arguments need no quoting); returns the exit code
// (or 128 + signal). Invariant: the child gets the parent's environment plus `extra_environment`.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace jiebang::test {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string error;
};

inline ProcessResult run_process(
    const std::string& program, const std::vector<std::string>& arguments,
    const std::vector<std::pair<std::string, std::string>>& extra_environment = {},
    const std::string& standard_input = {}) {
    ProcessResult result;
    int out_pipe[2], error_pipe[2], in_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(error_pipe) != 0 || pipe(in_pipe) != 0)
        return result;
    pid_t child = fork();
    if (child == 0) {
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        dup2(error_pipe[1], 2);
        close(in_pipe[1]);
        close(out_pipe[0]);
        close(error_pipe[0]);
        for (const auto& [name, value] : extra_environment)
            setenv(name.c_str(), value.c_str(), 1);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const auto& argument : arguments)
            argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        execv(program.c_str(), argv.data());
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(error_pipe[1]);
    if (!standard_input.empty()) {
        ssize_t written = write(in_pipe[1], standard_input.data(), standard_input.size());
        (void)written;
    }
    close(in_pipe[1]);
    pollfd descriptors[2] = {{out_pipe[0], POLLIN, 0}, {error_pipe[0], POLLIN, 0}};
    int open_count = 2;
    char buffer[4096];
    while (open_count > 0) {
        if (poll(descriptors, 2, -1) < 0)
            break;
        for (auto& descriptor : descriptors) {
            if (descriptor.fd < 0 || descriptor.revents == 0)
                continue;
            ssize_t count = read(descriptor.fd, buffer, sizeof buffer);
            if (count <= 0) {
                close(descriptor.fd);
                descriptor.fd = -1;
                --open_count;
                continue;
            }
            (descriptor.fd == out_pipe[0] ? result.out : result.error)
                .append(buffer, static_cast<size_t>(count));
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace jiebang::test

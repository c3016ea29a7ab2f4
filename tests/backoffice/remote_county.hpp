// tests/backoffice/remote_county.hpp — a real county jiebang-aggregator with a staff endpoint and staff members
// of every role but publisher (keys sealed with one passphrase), a terminal enrolled at it, and `jiebang ...
// --remote` run as one of them. Shared by the tests that drive the staff commands over the channel.
// Invariant: every process is real and on loopback; the staff endpoint's port is the one the aggregator
// reports (<data-dir>/staff-listening.endpoint), never guessed.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "backoffice_test_support.hpp"

namespace jiebang::backoffice::test {

inline const std::string passphrase = "remote-staff-2026";

struct RemoteCounty {
    TempDir temp;
    Aggregator county{temp, "county", "county"};
    Terminal terminal;
    std::string endpoint;

    // `terminal_number`: the enrolled terminal's number; `extra`: more jiebang-aggregator arguments.
    explicit RemoteCounty(int terminal_number = 41, const std::vector<std::string>& extra = {})
        : terminal(temp, terminal_number) {
        terminal.enroll(county);
        for (const char* role : {"reviewer", "auditor", "admin"}) {
            REQUIRE(jiebang_cli({"staff", "add", "--store", county.store(), "--name", "张伟", "--role", role,
                                 "--key-out", key(role)},
                                {{"JIEBANG_PASSPHRASE", passphrase}})
                        .exit_code == 0);
        }
        start(extra);
    }
    // Starts (or restarts) the aggregator with its staff endpoint and reads the endpoint back.
    void start(const std::vector<std::string>& extra = {}) {
        const auto file = county.store_file().parent_path() / "staff-listening.endpoint";
        std::error_code ignored;
        std::filesystem::remove(file, ignored);
        std::vector<std::string> arguments = {"--staff-listen",
                                              endpoint.empty() ? std::string("tcp://127.0.0.1:*") : endpoint,
                                              "--area-code", "440703"};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        county.start(arguments);
        REQUIRE_MESSAGE(
            bool(wait_until([&] { return std::filesystem::exists(file) || !county.process().running(); }) &&
                 std::filesystem::exists(file)),
            county.log());
        endpoint = jiebang::sync::test::read_file(file);
        while (!endpoint.empty() && (endpoint.back() == '\n' || endpoint.back() == '\r'))
            endpoint.pop_back();
    }
    std::string key(const std::string& role) const { return (temp / (role + ".key")).string(); }
    // `jiebang ARGUMENTS... --remote ... --staff-key <role's key>`.
    jiebang::test::ProcessResult as(const std::string& role, std::vector<std::string> arguments,
                                    const std::string& with = passphrase,
                                    std::vector<std::pair<std::string, std::string>> environment = {}) {
        arguments.insert(arguments.end(), {"--remote", endpoint, "--server-key", county.keys().public_key,
                                           "--staff-key", key(role)});
        environment.push_back({"JIEBANG_PASSPHRASE", with});
        return jiebang_cli(arguments, environment);
    }
};

}  // namespace jiebang::backoffice::test

// cli/staff/passphrase.hpp — where a staff member's passphrase comes from: the environment variable
// JIEBANG_PASSPHRASE (scripts), else the controlling terminal with echo off (asked twice when choosing one).
// Invariant: never from a command-line argument (visible to every local user in ps), never echoed, wiped
// from the buffers it passed through.
#pragma once

#include <string>

#include "shared/base/result.hpp"

namespace jiebang::cli {

// Errors: staff.no_passphrase (no variable and no terminal), staff.passphrase_mismatch (confirmation differs).
Result<std::string> read_passphrase(const std::string& prompt, bool confirm);

}  // namespace jiebang::cli

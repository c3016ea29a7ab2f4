// cli/staff/passphrase.hpp — where a staff member's passphrase comes from: the environment variable
// JIEBANG_PASSPHRASE (scripts; JIEBANG_NEW_PASSPHRASE for a new member's key made remotely), else the controlling terminal with echo off (asked twice when choosing one).
// Invariant: never from a command-line argument (visible to every local user in ps), never echoed, wiped
// from the buffers it passed through.
#pragma once

#include <string>

#include "shared/base/result.hpp"

namespace jiebang::cli {

// Errors: staff.no_passphrase (no variable and no terminal), staff.passphrase_mismatch (confirmation differs).
// `variable` is the environment variable that may hold it: JIEBANG_PASSPHRASE for one's own key;
// `jiebang staff add --remote` reads the new member's from JIEBANG_NEW_PASSPHRASE (the admin's own key
// takes JIEBANG_PASSPHRASE).
Result<std::string> read_passphrase(const std::string& prompt, bool confirm,
                                    const char* variable = "JIEBANG_PASSPHRASE");

}  // namespace jiebang::cli

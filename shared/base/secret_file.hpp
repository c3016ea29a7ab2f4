// shared/base/secret_file.hpp — writing a secret (a key file) so that it is either wholly there or not at
// all. Temporary file created 0600 beside the target, every byte written, fsync, rename over the target,
// fsync of the folder: a kill or a power cut at any point leaves the old file or the new one, never a torn or
// empty one (a torn key would keep a terminal from ever starting again). The content buffer is wiped
// afterwards. Errors: key.cannot_write (field: the path, detail: what failed and the OS's reason).
// Reading one: every program that loads a secret key file (the Ed25519 receipt key, the CURVE transport key)
// first calls check_secret_file_permissions, so a key that group or others can read is refused everywhere
// with the same error, which names the file and the fix.
#pragma once

#include <filesystem>
#include <string>

#include "shared/base/result.hpp"

namespace jiebang {

// Writes `content` to `file` atomically and durably with mode 0600, then zeroes `content`.
Status write_secret_file(const std::filesystem::path& file, std::string& content);

// Ok when `file` exists and neither group nor others have any permission on it (mode 0600 or stricter).
// Errors (field: the path): key.cannot_read (it cannot be looked at; detail: the OS's reason),
// key.permissions (detail: its mode and the fix, "chmod 600 <path>").
Status check_secret_file_permissions(const std::filesystem::path& file);

}  // namespace jiebang

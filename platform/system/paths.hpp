// platform/system/paths.hpp — where the terminal keeps its state, and how much room is left there.
// Data directory: --data-dir, else $XDG_STATE_HOME/jiebang, else ./jiebang-data. It holds the SQLite store,
// the terminal's signing key and the printer output file of demo runs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "shared/base/result.hpp"

namespace jiebang::platform {

std::filesystem::path default_data_directory();
// Creates the directory (and parents) with mode 0700. Errors: paths.create.
Status ensure_private_directory(const std::filesystem::path& directory);
// Bytes available to this user on the file system holding `path`; nullopt if unknown.
std::optional<std::uint64_t> free_disk_bytes(const std::filesystem::path& path);

}  // namespace jiebang::platform

// kiosk/input/input_paths.hpp — where the input methods find their data on a terminal.
// Shared, read-only data comes from Debian packages (/usr/share/rime-data, the tegaki zinnia model); the
// per-terminal librime user directory (deployed schema, build cache) lives under the terminal's data
// directory. Environment overrides (for tests, benches and unusual installs): JIEBANG_DATA_DIR (terminal data
// directory), JIEBANG_RIME_SHARED_DATA, JIEBANG_ZINNIA_MODEL. Invariant: nothing here creates directories or
// touches the disk; engines do that when they start.
#pragma once

#include <filesystem>

namespace jiebang::input {

struct InputMethodPaths {
    std::filesystem::path rime_shared_data;  // schemas and dictionaries (Debian rime-data-* packages)
    std::filesystem::path rime_user_data;    // this terminal's deployed schema; no learned words are kept
    std::filesystem::path zinnia_model;      // tegaki-zinnia-simplified-chinese
};

// The terminal's data directory: $JIEBANG_DATA_DIR, else $XDG_DATA_HOME/jiebang, else ~/.local/share/jiebang.
std::filesystem::path default_terminal_data_directory();

// Paths under `terminal_data_directory` (rime user data in "<dir>/rime"), Debian defaults for shared data,
// each overridable by the environment variables above.
InputMethodPaths input_method_paths(const std::filesystem::path& terminal_data_directory);
InputMethodPaths default_input_method_paths();

}  // namespace jiebang::input

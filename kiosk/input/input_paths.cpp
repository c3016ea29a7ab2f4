// kiosk/input/input_paths.cpp — resolves the input methods' data paths from the environment and Debian
// defaults.
#include "kiosk/input/input_paths.hpp"

#include <cstdlib>
#include <string>

namespace jiebang::input {

namespace {

std::filesystem::path environment_path(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0')
        return {};
    return std::filesystem::path(value);
}

}  // namespace

std::filesystem::path default_terminal_data_directory() {
    if (auto explicit_directory = environment_path("JIEBANG_DATA_DIR"); !explicit_directory.empty()) {
        return explicit_directory;
    }
    if (auto xdg_data = environment_path("XDG_DATA_HOME"); !xdg_data.empty())
        return xdg_data / "jiebang";
    if (auto home = environment_path("HOME"); !home.empty())
        return home / ".local" / "share" / "jiebang";
    return std::filesystem::path("jiebang-data");
}

InputMethodPaths input_method_paths(const std::filesystem::path& terminal_data_directory) {
    InputMethodPaths paths;
    paths.rime_shared_data = environment_path("JIEBANG_RIME_SHARED_DATA");
    if (paths.rime_shared_data.empty())
        paths.rime_shared_data = "/usr/share/rime-data";
    paths.rime_user_data = terminal_data_directory / "rime";
    paths.zinnia_model = environment_path("JIEBANG_ZINNIA_MODEL");
    if (paths.zinnia_model.empty()) {
        paths.zinnia_model = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";
    }
    return paths;
}

InputMethodPaths default_input_method_paths() {
    return input_method_paths(default_terminal_data_directory());
}

}  // namespace jiebang::input

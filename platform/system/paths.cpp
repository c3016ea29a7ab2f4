// platform/system/paths.cpp — data directory resolution and free-space query (see paths.hpp).
#include "platform/system/paths.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cstdlib>

namespace jiebang::platform {

std::filesystem::path default_data_directory() {
    const char* state_home = std::getenv("XDG_STATE_HOME");
    if (state_home != nullptr && state_home[0] == '/')
        return std::filesystem::path(state_home) / "jiebang";
    return std::filesystem::current_path() / "jiebang-data";
}

Status ensure_private_directory(const std::filesystem::path& directory) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error)
        return Error("paths.create", directory.string(), error.message());
    if (::chmod(directory.c_str(), 0700) != 0)
        return Error("paths.create", directory.string(), "chmod 0700 failed");
    return ok_status();
}

std::optional<std::uint64_t> free_disk_bytes(const std::filesystem::path& path) {
    struct statvfs info {};
    if (::statvfs(path.c_str(), &info) != 0)
        return std::nullopt;
    return static_cast<std::uint64_t>(info.f_bavail) * static_cast<std::uint64_t>(info.f_frsize);
}

}  // namespace jiebang::platform

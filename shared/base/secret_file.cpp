// shared/base/secret_file.cpp — see secret_file.hpp: temp file, write, fsync, rename, folder fsync; and the
// permission check every reader of a secret key file makes first.
#include "shared/base/secret_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace jiebang {

Status write_secret_file(const std::filesystem::path& file, std::string& content) {
    const std::string file_name = file.string();
    const std::filesystem::path directory =
        file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::string temporary = file_name + ".tmp-XXXXXX";
    const int descriptor = ::mkstemp(temporary.data());  // created with mode 0600
    if (descriptor < 0) {
        sodium_memzero(content.data(), content.size());
        return Error("key.cannot_write", file_name,
                     std::string("cannot create the key file: ") + std::strerror(errno));
    }
    auto fail = [&](const char* what) {
        const std::string reason = std::string(what) + ": " + std::strerror(errno);
        ::close(descriptor);
        ::unlink(temporary.c_str());
        sodium_memzero(content.data(), content.size());
        return Status(Error("key.cannot_write", file_name, reason));
    };
    if (::fchmod(descriptor, 0600) != 0)
        return fail("cannot set the key file's mode");
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t count = ::write(descriptor, content.data() + written, content.size() - written);
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0)
            return fail("cannot write the key file");
        written += static_cast<std::size_t>(count);
    }
    if (::fsync(descriptor) != 0)
        return fail("cannot flush the key file");
    sodium_memzero(content.data(), content.size());
    if (::close(descriptor) != 0) {
        ::unlink(temporary.c_str());
        return Error("key.cannot_write", file_name,
                     std::string("cannot close the key file: ") + std::strerror(errno));
    }
    if (::rename(temporary.c_str(), file_name.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        return Error("key.cannot_write", file_name, "cannot put the key file in place: " + reason);
    }
    const int directory_descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
    if (directory_descriptor >= 0) {
        ::fsync(directory_descriptor);
        ::close(directory_descriptor);
    }
    return ok_status();
}

Status check_secret_file_permissions(const std::filesystem::path& file) {
    const std::string file_name = file.string();
    struct stat file_status {};
    if (::stat(file_name.c_str(), &file_status) != 0) {
        return Error("key.cannot_read", file_name,
                     std::string("cannot read the key file: ") + std::strerror(errno));
    }
    if ((file_status.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(file_status.st_mode & 07777));
        return Error("key.permissions", file_name,
                     "the secret key file " + file_name + " has mode " + mode +
                         ": group or others may read it, so it is refused; make it private with: chmod 600 " +
                         file_name);
    }
    return ok_status();
}

}  // namespace jiebang

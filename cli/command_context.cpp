// cli/command_context.cpp — assets, error output and bounded file reading for every `jiebang` command.
#include "cli/command_context.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jiebang::cli {

void CommandContext::load_assets() {
    if (assets_tried_)
        return;
    assets_tried_ = true;
    const auto directory = default_assets_directory();
    if (auto loaded = StringCatalog::load(directory); loaded) {
        strings_ = std::move(loaded.value());
    } else {
        error << "jiebang: cannot load strings from " << directory.string() << ": " << loaded.error().code
              << " " << loaded.error().field << "\n";
    }
    if (auto loaded = ProfileCatalog::load(directory); loaded) {
        profiles_ = std::move(loaded.value());
    } else {
        error << "jiebang: cannot load profiles: " << loaded.error().code << " " << loaded.error().field
              << "\n";
    }
    if (auto loaded = FormCatalog::load(directory); loaded) {
        forms_ = std::move(loaded.value());
    } else {
        error << "jiebang: cannot load forms: " << loaded.error().code << " " << loaded.error().field << "\n";
    }
}

const StringCatalog* CommandContext::strings() {
    load_assets();
    return strings_ ? &*strings_ : nullptr;
}
const ProfileCatalog* CommandContext::profiles() {
    load_assets();
    return profiles_ ? &*profiles_ : nullptr;
}
const FormCatalog* CommandContext::forms() {
    load_assets();
    return forms_ ? &*forms_ : nullptr;
}

int CommandContext::write_error(const Error& error_value, int code) {
    error << "error: " << error_value.code;
    if (!error_value.field.empty())
        error << " (" << error_value.field << ")";
    const StringCatalog* catalog = strings();
    if (catalog != nullptr && catalog->has("error." + error_value.code)) {
        error << ": " << catalog->message(error_value);
    } else if (!error_value.detail.empty()) {
        error << ": " << error_value.detail;
    }
    error << "\n";
    return code;
}

int CommandContext::fail(const Error& error_value) {
    return write_error(error_value, exit_invalid);
}

int CommandContext::failure(const Error& error_value) {
    return write_error(error_value, exit_failure);
}

std::string CommandContext::text(const std::string& key) {
    const StringCatalog* catalog = strings();
    return catalog != nullptr ? catalog->text(key) : key;
}

std::string CommandContext::county_name(const std::string& profile_id, const std::string& admin_code) {
    if (const ProfileCatalog* catalog = profiles()) {
        if (const Profile* profile = catalog->profile(profile_id)) {
            if (const County* county = profile->county_by_code(admin_code))
                return county->name.chinese;
        }
        if (profile_id.empty()) {  // any profile's county with this code (administrative codes are national)
            for (const Profile& profile : catalog->all()) {
                if (const County* county = profile.county_by_code(admin_code))
                    return county->name.chinese;
            }
        }
    }
    return admin_code;
}

std::string CommandContext::industry_name(const std::string& profile_id, const std::string& industry_id) {
    if (const ProfileCatalog* catalog = profiles()) {
        if (const Profile* profile = catalog->profile(profile_id)) {
            if (const Industry* industry = profile->industry(industry_id))
                return industry->name.chinese;
        }
    }
    return industry_id;
}

Result<std::string> read_bounded_file(const std::string& path, std::size_t limit) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0)
        return Error("file.unreadable", path, std::strerror(errno)).with("file", path);
    std::string content;
    char buffer[65536];
    for (;;) {
        const ssize_t count = ::read(descriptor, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0) {
            const std::string reason = std::strerror(errno);
            ::close(descriptor);
            return Error("file.unreadable", path, reason).with("file", path);
        }
        if (count == 0)
            break;
        if (content.size() + static_cast<std::size_t>(count) > limit) {
            ::close(descriptor);
            return Error("file.too_large", path, "the file is larger than the tool reads")
                .with("file", path)
                .with("limit", std::to_string(limit));
        }
        content.append(buffer, static_cast<std::size_t>(count));
    }
    ::close(descriptor);
    return content;
}

}  // namespace jiebang::cli

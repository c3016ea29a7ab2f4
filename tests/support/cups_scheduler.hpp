// tests/support/cups_scheduler.hpp — a CUPS scheduler of the test's own (its configuration, spool and socket in a
// temporary folder, so it neither needs nor disturbs the machine's scheduler), to which a test adds a cups-pdf
// virtual printer with lpadmin; and where cups-pdf puts a finished job. Used by tests/print (the CLI) and
// tests/kiosk (the terminal's A4 papers). Invariant: the scheduler is stopped when the object goes.
#pragma once

#include <doctest/doctest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/process.hpp"

namespace jiebang::test {

namespace cups_detail {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    return buffer.str();
}

struct TemporaryDirectory {
    fs::path path;
    TemporaryDirectory() {
        std::random_device random;
        path = fs::temp_directory_path() / ("jiebang-cups-" + std::to_string(random()));
        fs::create_directories(path);
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
};

inline bool socket_accepts(const fs::path& socket_path) {
    const int descriptor = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (descriptor < 0)
        return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    const bool connected = ::connect(descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(descriptor);
    return connected;
}

}  // namespace cups_detail

// A cupsd of the test's own, listening only on a unix socket in a temporary folder.
class PrivateScheduler {
    using TemporaryDirectory = cups_detail::TemporaryDirectory;

  public:
    PrivateScheduler() {
        root_ = folder_.path / "cups";
        for (const char* sub : {"spool", "cache", "state", "log", "tmp", "ppd"})
            std::filesystem::create_directories(root_ / sub);
        std::filesystem::permissions(
            folder_.path, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                              std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                              std::filesystem::perms::others_exec);
        std::filesystem::permissions(root_ / "tmp",
                                     std::filesystem::perms::all | std::filesystem::perms::sticky_bit);
        socket_ = root_ / "cups.sock";
        std::ofstream(root_ / "cupsd.conf")
            << "Listen " << socket_.string() << "\n"
            << "LogLevel warn\nWebInterface No\nBrowsing No\n"
            << "DefaultAuthType None\n"
            << "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            << "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
            << "<Policy default>\n  <Limit All>\n    Order deny,allow\n"
            << "  </Limit>\n</Policy>\n";
        std::ofstream(root_ / "cups-files.conf")
            << "ServerRoot " << root_.string() << "\nRequestRoot " << (root_ / "spool").string()
            << "\nCacheDir " << (root_ / "cache").string() << "\nStateDir " << (root_ / "state").string()
            << "\nTempDir " << (root_ / "tmp").string() << "\nErrorLog "
            << (root_ / "log" / "error_log").string() << "\nAccessLog "
            << (root_ / "log" / "access_log").string() << "\nPageLog "
            << (root_ / "log" / "page_log").string() << "\nPrintcap " << (root_ / "printcap").string()
            << "\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\nSystemGroup root lpadmin\nUser lp\nGroup "
               "lp\n";
        REQUIRE_MESSAGE(std::filesystem::exists("/usr/sbin/cupsd"),
                        "cupsd is missing: run scripts/setup (package cups)");
        pid_ = fork();
        if (pid_ == 0) {
            const std::string log = (root_ / "log" / "cupsd.out").string();
            FILE* output = std::freopen(log.c_str(), "w", stderr);
            (void)output;
            execl("/usr/sbin/cupsd", "cupsd", "-f", "-c", (root_ / "cupsd.conf").c_str(), "-s",
                  (root_ / "cups-files.conf").c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        // Ready when its socket accepts a connection; gone if the process ended.
        for (int attempt = 0; attempt < 600; ++attempt) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                why_not_ = "cupsd exited: " + cups_detail::read_file(root_ / "log" / "cupsd.out") +
                           cups_detail::read_file(root_ / "log" / "error_log");
                return;
            }
            if (cups_detail::socket_accepts(socket_)) {
                running_ = true;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        why_not_ = "cupsd did not open its socket: " + cups_detail::read_file(root_ / "log" / "error_log");
    }
    ~PrivateScheduler() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status = 0;
            waitpid(pid_, &status, 0);
        }
    }
    PrivateScheduler(const PrivateScheduler&) = delete;
    PrivateScheduler& operator=(const PrivateScheduler&) = delete;

    bool running() const { return running_; }
    const std::string& why_not() const { return why_not_; }
    const std::filesystem::path& socket() const { return socket_; }
    std::string log() const { return cups_detail::read_file(root_ / "log" / "error_log"); }
    std::vector<std::pair<std::string, std::string>> environment() const {
        return {{"CUPS_SERVER", socket_.string()}};
    }

  private:
    TemporaryDirectory folder_;
    std::filesystem::path root_, socket_;
    pid_t pid_ = -1;
    bool running_ = false;
    std::string why_not_;
};

// Where cups-pdf puts a finished job: ~/PDF for a local user such as root, ANONYMOUS for others
// (/etc/cups/cups-pdf.conf). The file name carries the job title and "job_<id>" (any job when job_id is 0).
inline std::optional<std::filesystem::path> find_cups_pdf_output(const std::string& title, int job_id) {
    std::vector<std::filesystem::path> folders = {"/var/spool/cups-pdf/ANONYMOUS"};
    if (const passwd* user = getpwuid(getuid())) {
        folders.push_back(std::filesystem::path(user->pw_dir) / "PDF");
        folders.push_back(std::filesystem::path("/var/spool/cups-pdf") / user->pw_name);
    }
    std::string wanted_title = title;
    std::transform(wanted_title.begin(), wanted_title.end(), wanted_title.begin(), ::tolower);
    const std::string wanted_job = job_id > 0 ? "job_" + std::to_string(job_id) : "job_";
    for (const std::filesystem::path& folder : folders) {
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
            std::string name = entry.path().filename().string();
            std::transform(name.begin(), name.end(), name.begin(), ::tolower);
            if (name.find(wanted_title) != std::string::npos && name.find(wanted_job) != std::string::npos &&
                entry.path().extension() == ".pdf") {
                return entry.path();
            }
        }
    }
    return std::nullopt;
}

}  // namespace jiebang::test

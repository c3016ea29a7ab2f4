// tests/kiosk/test_systemd.cpp — the real jiebang-kiosk talking to a stand-in for systemd: the test binds a
// unix datagram socket, starts the terminal interactively (no script, SDL's offscreen driver) with
// NOTIFY_SOCKET and WATCHDOG_USEC pointing at it, as a Type=notify unit with WatchdogSec= would, and reads
// what arrives: READY=1, then WATCHDOG=1 pings from the idle attract screen, then STOPPING=1 after SIGTERM
// and a clean exit.
// Invariants: every wait is bounded by a generous timeout (nothing here measures speed); each message's
// sender is checked through SCM_CREDENTIALS to be the process this test started (what NotifyAccess=main
// needs); the terminal is killed if the test gives up on it, so nothing outlives the test.
#include <dirent.h>
#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kiosk_test_support.hpp"
#include "tests/support/process.hpp"

using kiosk_test::TemporaryDirectory;

namespace {

// One datagram from the notify socket: who sent it and the assignments it carried ("READY=1", ...).
struct Notification {
    pid_t sender = 0;
    std::vector<std::string> assignments;
};

// The service manager's end: a bound unix datagram socket that asks the kernel for the sender's credentials.
class NotifySocket {
  public:
    explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
        descriptor_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        if (path.string().size() >= sizeof address.sun_path)
            return;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        const int enabled = 1;
        bound_ = descriptor_ >= 0 &&
                 ::bind(descriptor_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                 ::setsockopt(descriptor_, SOL_SOCKET, SO_PASSCRED, &enabled, sizeof enabled) == 0;
    }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;
    ~NotifySocket() {
        if (descriptor_ >= 0)
            ::close(descriptor_);
    }
    bool bound() const { return bound_; }

    // The next datagram, or nothing once `seconds` have passed.
    std::optional<Notification> receive(double seconds) {
        pollfd waiting{descriptor_, POLLIN, 0};
        if (::poll(&waiting, 1, static_cast<int>(seconds * 1000)) <= 0)
            return std::nullopt;
        char payload[4096];
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
        iovec vector{payload, sizeof payload - 1};
        msghdr message{};
        message.msg_iov = &vector;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        const ssize_t length = ::recvmsg(descriptor_, &message, MSG_CMSG_CLOEXEC);
        if (length < 0)
            return std::nullopt;
        Notification notification;
        for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
             header = CMSG_NXTHDR(&message, header)) {
            if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_CREDENTIALS) {
                ucred credentials{};
                std::memcpy(&credentials, CMSG_DATA(header), sizeof credentials);
                notification.sender = credentials.pid;
            }
        }
        std::istringstream lines(std::string(payload, static_cast<std::size_t>(length)));
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty())
                notification.assignments.push_back(line);
        }
        return notification;
    }

  private:
    std::filesystem::path path_;
    int descriptor_ = -1;
    bool bound_ = false;
};

// Sets environment variables (a null value removes one) for this process and puts them back afterwards. The
// child inherits them, so it needs no setenv between fork and exec in this multi-threaded test.
class ScopedEnvironment {
  public:
    explicit ScopedEnvironment(const std::vector<std::pair<std::string, const char*>>& variables) {
        for (const auto& [name, value] : variables) {
            const char* previous = std::getenv(name.c_str());
            saved_.emplace_back(name,
                                previous != nullptr ? std::optional<std::string>(previous) : std::nullopt);
            if (value != nullptr) {
                ::setenv(name.c_str(), value, 1);
            } else {
                ::unsetenv(name.c_str());
            }
        }
    }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;
    ~ScopedEnvironment() {
        for (const auto& [name, value] : saved_) {
            if (value) {
                ::setenv(name.c_str(), value->c_str(), 1);
            } else {
                ::unsetenv(name.c_str());
            }
        }
    }

  private:
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// The parent process id of `process` from /proc, or -1 when it is gone.
pid_t parent_of(pid_t process) {
    std::ifstream stat("/proc/" + std::to_string(process) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return -1;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream rest(line.substr(close + 1));
    std::string state;
    pid_t parent = -1;
    rest >> state >> parent;
    return parent;
}

// The last resort when the terminal never told us its pid: SIGKILL every child of this test process.
void kill_children_of_this_process() {
    DIR* processes = ::opendir("/proc");
    if (processes == nullptr)
        return;
    while (const dirent* entry = ::readdir(processes)) {
        const pid_t process = static_cast<pid_t>(std::atoi(entry->d_name));
        if (process > 0 && parent_of(process) == ::getpid())
            ::kill(process, SIGKILL);
    }
    ::closedir(processes);
}

bool carries(const Notification& notification, const std::string& assignment) {
    return std::find(notification.assignments.begin(), notification.assignments.end(), assignment) !=
           notification.assignments.end();
}

}  // namespace

TEST_CASE(
    "under systemd the terminal says READY after its first frame, feeds the watchdog while idle and says "
    "STOPPING on SIGTERM") {
    TemporaryDirectory data;
    const std::string socket_path = (data.path() / "notify.socket").string();
    NotifySocket notify_socket(socket_path);
    REQUIRE(notify_socket.bound());

    // As systemd sets them for a unit with WatchdogSec=4s; SDL's offscreen driver stands in for the hall's
    // display, and no --script makes this the interactive frame loop the hall runs.
    ScopedEnvironment environment({{"NOTIFY_SOCKET", socket_path.c_str()},
                                   {"WATCHDOG_USEC", "4000000"},
                                   {"WATCHDOG_PID", nullptr},
                                   {"SDL_VIDEODRIVER", "offscreen"}});
    jiebang::test::ProcessResult result;
    std::atomic<bool> finished{false};
    std::thread terminal([&result, &finished, &data] {
        result = jiebang::test::run_process(
            JIEBANG_KIOSK_BINARY, {"--data-dir", data.path().string(), "--assets", JIEBANG_SOURCE_ASSETS_DIR,
                                   "--size", "1920x1080"});
        finished = true;
    });
    struct JoinOrKill {
        std::thread& thread;
        ~JoinOrKill() {
            if (!thread.joinable())
                return;
            // Still running only when a REQUIRE below gave up on the terminal.
            kill_children_of_this_process();
            thread.join();
        }
    } join_or_kill{terminal};

    std::vector<std::string> received;  // every assignment in order, for the failure messages
    pid_t terminal_process = 0;
    // Reads until `assignment` arrives or `seconds` pass; checks that every sender is the terminal itself.
    const auto wait_for = [&](const std::string& assignment, double seconds) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < deadline) {
            const double left =
                std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
            auto notification = notify_socket.receive(std::max(0.001, left));
            if (!notification)
                continue;
            received.insert(received.end(), notification->assignments.begin(),
                            notification->assignments.end());
            if (terminal_process == 0) {
                terminal_process = notification->sender;
                // The main process of the unit is the one this test started: its parent is this process.
                CHECK(parent_of(terminal_process) == ::getpid());
            }
            CHECK(notification->sender == terminal_process);
            if (carries(*notification, assignment))
                return true;
        }
        return false;
    };
    const auto said = [&received] {
        std::string text;
        for (const auto& assignment : received)
            text += assignment + " ";
        return text;
    };

    // The first start builds the store, keys, the pinyin deployment and the font atlas: generous bound.
    REQUIRE_MESSAGE(wait_for("READY=1", 120), "received: " << said());
    CHECK(received.front() == "READY=1");  // nothing before it: the watchdog runs only after start-up
    // The attract screen sleeps up to 5 s between frames; the pings keep coming from the loop regardless.
    REQUIRE_MESSAGE(wait_for("WATCHDOG=1", 30), "received: " << said());
    REQUIRE_MESSAGE(wait_for("WATCHDOG=1", 30), "received: " << said());

    REQUIRE(::kill(terminal_process, SIGTERM) == 0);
    REQUIRE_MESSAGE(wait_for("STOPPING=1", 30), "received: " << said());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!finished && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE_MESSAGE(finished.load(), "the terminal did not exit within 30 s of SIGTERM");
    terminal.join();
    CHECK_MESSAGE(result.exit_code == 0, result.error);
    CHECK(std::count(received.begin(), received.end(), std::string("READY=1")) == 1);
    CHECK(received.back() == "STOPPING=1");
}

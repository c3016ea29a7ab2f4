// platform/system/systemd_notifier.cpp — sd_notify and sd_watchdog_enabled from libsystemd behind
// SystemdNotifier (see systemd_notifier.hpp).
#include "platform/system/systemd_notifier.hpp"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace jiebang::platform {

SystemdNotifier SystemdNotifier::from_environment() {
    SystemdNotifier notifier;
    const char* socket = std::getenv("NOTIFY_SOCKET");
    notifier.under_systemd_ = socket != nullptr && socket[0] != '\0';
    if (!notifier.under_systemd_)
        return notifier;
    std::uint64_t microseconds = 0;
    // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID is unset or names this process.
    if (sd_watchdog_enabled(0, &microseconds) > 0)
        notifier.watchdog_interval_ = std::chrono::microseconds(microseconds);
    return notifier;
}

std::chrono::milliseconds SystemdNotifier::longest_wait(std::chrono::milliseconds wanted) const {
    if (!under_systemd_ || watchdog_interval_.count() <= 0)
        return wanted;
    const auto sixth = std::chrono::duration_cast<std::chrono::milliseconds>(watchdog_interval_ / 6);
    return std::max(std::chrono::milliseconds(1), std::min(wanted, sixth));
}

Status SystemdNotifier::ready() {
    return send("READY=1");
}

Status SystemdNotifier::keep_alive() {
    if (!under_systemd_ || watchdog_interval_.count() <= 0)
        return ok_status();
    const auto now = std::chrono::steady_clock::now();
    if (pinged_ && now - last_ping_ < watchdog_interval_ / 4)
        return ok_status();
    pinged_ = true;
    last_ping_ = now;
    return send("WATCHDOG=1");
}

Status SystemdNotifier::stopping() {
    return send("STOPPING=1");
}

Status SystemdNotifier::send(const char* assignment) {
    if (!under_systemd_)
        return ok_status();
    const int sent = sd_notify(0, assignment);
    if (sent > 0)
        return ok_status();
    // 0: NOTIFY_SOCKET vanished from the environment after start; < 0: -errno of the socket write.
    const std::string reason = sent == 0 ? std::string("NOTIFY_SOCKET is not set") : std::strerror(-sent);
    return Error("systemd.notify", assignment, std::string("sd_notify(") + assignment + "): " + reason)
        .with("reason", reason);
}

}  // namespace jiebang::platform

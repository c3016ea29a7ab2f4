// platform/system/systemd_notifier.hpp — tells systemd (sd_notify(3), libsystemd) that this process is
// ready, still alive, and stopping: the readiness and watchdog half of a Type=notify unit.
// Invariants:
//  - Outside systemd (no NOTIFY_SOCKET in the environment) every call does nothing and returns ok.
//  - It owns no thread: keep_alive() pings only when the caller's loop calls it, so a loop that hangs misses
//    its pings and systemd restarts the process, which is what the watchdog is for.
//  - keep_alive() sends WATCHDOG=1 at most once per quarter of the watchdog interval, and longest_wait() is at
//    most a sixth of it; a loop that never blocks longer than longest_wait() between two calls therefore
//    pings at least every 5/12 of WatchdogSec (sd_watchdog_enabled(3) advises every half), plus the time its
//    own work takes.
//  - Never throws. Errors: systemd.notify (the notification socket could not be written).
#pragma once

#include <chrono>

#include "shared/base/result.hpp"

namespace jiebang::platform {

class SystemdNotifier {
  public:
    // Reads NOTIFY_SOCKET and the watchdog settings systemd gave this process (WATCHDOG_USEC, WATCHDOG_PID),
    // leaving the environment as it is.
    static SystemdNotifier from_environment();

    bool under_systemd() const { return under_systemd_; }
    // WatchdogSec= of the unit; zero when systemd expects no pings from this process.
    std::chrono::microseconds watchdog_interval() const { return watchdog_interval_; }
    // `wanted`, shortened when needed so that blocking this long between keep_alive() calls pings in time.
    std::chrono::milliseconds longest_wait(std::chrono::milliseconds wanted) const;

    // READY=1: start-up is complete; systemd starts the watchdog from here.
    Status ready();
    // WATCHDOG=1 when a quarter of the watchdog interval has passed since the last ping; otherwise nothing.
    Status keep_alive();
    // STOPPING=1: the process is shutting down of its own accord (a signal, an operator's quit).
    Status stopping();

  private:
    Status send(const char* assignment);

    bool under_systemd_ = false;
    std::chrono::microseconds watchdog_interval_{0};
    bool pinged_ = false;
    std::chrono::steady_clock::time_point last_ping_{};
};

}  // namespace jiebang::platform

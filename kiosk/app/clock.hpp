// kiosk/app/clock.hpp — the one clock the terminal's state machine reads. The Application asks it for
// monotonic seconds (idle timer, corner-tap window, PIN lockout countdown, print retries, status polls) and
// for wall-clock seconds (a submission's created_at, the receipt's date, the lockout that survives a restart).
// Interactive runs use SystemClock; scripted runs and the tests use VirtualClock, which moves only when told
// (the script's `wait` and `idle`, a test's advance()), so the same journey gives the same screens.
// Both take an offset added to the wall clock (--clock-offset, tests and drills: a terminal whose RTC is wrong).
// Invariants: (1) monotonic_seconds() never goes backwards; (2) a VirtualClock's wall clock moves with its
// monotonic clock, second for second; (3) the offset moves the wall clock only, never the monotonic one.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>

namespace jiebang::kiosk {

class Clock {
  public:
    virtual ~Clock() = default;
    virtual double monotonic_seconds() const = 0;
    virtual std::int64_t unix_seconds() const = 0;
};

class SystemClock final : public Clock {
  public:
    explicit SystemClock(std::int64_t offset_seconds = 0) : offset_seconds_(offset_seconds) {}
    double monotonic_seconds() const override {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    }
    std::int64_t unix_seconds() const override {
        return static_cast<std::int64_t>(std::time(nullptr)) + offset_seconds_;
    }

  private:
    std::int64_t offset_seconds_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

class VirtualClock final : public Clock {
  public:
    // Starts at 1000 s (never 0: "no activity yet" reads as 0) and at the real date, so receipts carry today.
    explicit VirtualClock(std::int64_t offset_seconds = 0)
        : unix_start_(static_cast<std::int64_t>(std::time(nullptr)) + offset_seconds) {}
    double monotonic_seconds() const override { return now_; }
    std::int64_t unix_seconds() const override {
        return unix_start_ + static_cast<std::int64_t>(now_ - start_);
    }
    void advance(double seconds) {
        if (seconds > 0)
            now_ += seconds;
    }

  private:
    static constexpr double start_ = 1000.0;
    double now_ = start_;
    std::int64_t unix_start_;
};

}  // namespace jiebang::kiosk

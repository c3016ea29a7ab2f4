// tests/kiosk/fake_printer.hpp — a pseudo-terminal standing in for the hall's ESC/POS printer. The terminal
// opens the pty's device path (/dev/pts/N) as its printer; a thread on the master side answers each real-time
// status request (DLE EOT n, n = 1..4) with the byte the test set, and keeps every other byte it receives (the
// receipts). `set_silent()` makes it a printer that never answers (a one-way device); `set_slow()` makes it
// accept bytes slowly (a 9600-baud serial printer) for the benchmark.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace kiosk_test {

class FakePrinter {
  public:
    // Status bytes of a healthy printer: fixed bits only (bit 1 and bit 4 set).
    static constexpr std::array<unsigned char, 4> healthy = {0x12, 0x12, 0x12, 0x12};
    // Paper out: DLE EOT 2 "printing stopped by paper end" (bit 5), DLE EOT 4 "paper not present" (bits 5, 6).
    static constexpr std::array<unsigned char, 4> paper_out = {0x12, 0x32, 0x12, 0x72};
    static constexpr std::array<unsigned char, 4> cover_open = {0x1A, 0x16, 0x12, 0x12};
    static constexpr std::array<unsigned char, 4> paper_near_end = {0x12, 0x12, 0x12, 0x1E};

    FakePrinter() {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0)
            throw std::runtime_error("no pseudo-terminal");
        device_path_ = ::ptsname(master_);
        // Held open for the test's whole life, so the master never sees a hang-up between the terminal's opens.
        slave_ = ::open(device_path_.c_str(), O_RDWR | O_NOCTTY);
        termios settings{};
        ::tcgetattr(slave_, &settings);
        ::cfmakeraw(&settings);
        ::tcsetattr(slave_, TCSANOW, &settings);
        thread_ = std::thread([this]() { serve(); });
    }
    ~FakePrinter() {
        stopping_ = true;
        thread_.join();
        ::close(slave_);
        ::close(master_);
    }
    FakePrinter(const FakePrinter&) = delete;
    FakePrinter& operator=(const FakePrinter&) = delete;

    const std::string& device_path() const { return device_path_; }
    void set_status(std::array<unsigned char, 4> status) {
        std::lock_guard lock(mutex_);
        status_ = status;
        silent_ = false;
    }
    void set_silent() {
        std::lock_guard lock(mutex_);
        silent_ = true;
    }
    // Accept at most `bytes_per_second` (0 = as fast as the pty goes).
    void set_slow(int bytes_per_second) { bytes_per_second_ = bytes_per_second; }
    std::string received() const {
        std::lock_guard lock(mutex_);
        return received_;
    }
    int status_requests() const { return status_requests_; }

  private:
    void serve() {
        std::string pending;  // a DLE EOT split across reads
        while (!stopping_) {
            pollfd waiting{master_, POLLIN, 0};
            if (::poll(&waiting, 1, 20) <= 0 || (waiting.revents & POLLIN) == 0)
                continue;
            const int rate = bytes_per_second_;
            char buffer[4096];
            const std::size_t chunk =
                rate > 0 ? static_cast<std::size_t>(std::max(1, rate / 50)) : sizeof buffer;
            const ssize_t got = ::read(master_, buffer, std::min(chunk, sizeof buffer));
            if (got <= 0)
                continue;
            pending.append(buffer, static_cast<std::size_t>(got));
            std::string answers;
            {
                std::lock_guard lock(mutex_);
                std::size_t index = 0;
                for (; index < pending.size(); ++index) {
                    if (pending[index] == 0x10 && index + 2 >= pending.size())
                        break;  // maybe the start of a request: wait for its other bytes
                    if (pending[index] == 0x10 && pending[index + 1] == 0x04 && pending[index + 2] >= 1 &&
                        pending[index + 2] <= 4) {
                        ++status_requests_;
                        if (!silent_)
                            answers.push_back(static_cast<char>(status_[pending[index + 2] - 1]));
                        index += 2;
                        continue;
                    }
                    received_.push_back(pending[index]);
                }
                pending.erase(0, index);
            }
            if (!answers.empty())
                (void)!::write(master_, answers.data(), answers.size());
            if (rate > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    int master_ = -1;
    int slave_ = -1;
    std::string device_path_;
    mutable std::mutex mutex_;
    std::array<unsigned char, 4> status_ = healthy;
    bool silent_ = false;
    std::string received_;
    std::atomic<int> status_requests_{0};
    std::atomic<int> bytes_per_second_{0};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace kiosk_test

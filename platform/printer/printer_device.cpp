// platform/printer/printer_device.cpp — DLE EOT status queries, raw device set-up, bounded writes (see the
// header).
//
// Index: [SECTION] status bytes  [SECTION] device  [SECTION] print
#include "platform/printer/printer_device.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace jiebang::platform {

// [SECTION] status bytes

std::vector<std::string> PrinterStatus::problem_codes() const {
    if (!answered)
        return {"printer.no_answer"};
    std::vector<std::string> codes;
    if (offline)
        codes.emplace_back("printer.offline");
    if (cover_open)
        codes.emplace_back("printer.cover_open");
    if (paper_out)
        codes.emplace_back("printer.paper_out");
    if (error)
        codes.emplace_back("printer.error");
    if (paper_near_end)
        codes.emplace_back("printer.paper_near_end");
    return codes;
}

namespace {

// [2] Every ESC/POS status byte has bit 1 and bit 4 set and bits 0 and 7 clear.
bool well_formed_status_byte(unsigned char byte) {
    return (byte & 0x93) == 0x12;
}

}  // namespace

PrinterStatus decode_printer_status(const std::vector<unsigned char>& replies) {
    PrinterStatus status;
    if (replies.size() < 4)
        return status;
    for (unsigned char byte : replies) {
        if (!well_formed_status_byte(byte))
            return status;
    }
    status.answered = true;
    const unsigned char printer = replies[0];  // n = 1: printer status
    const unsigned char offline = replies[1];  // n = 2: offline cause
    const unsigned char error = replies[2];    // n = 3: error cause
    const unsigned char paper = replies[3];    // n = 4: roll paper sensor
    status.offline = (printer & 0x08) != 0;
    status.cover_open = (offline & 0x04) != 0;
    status.paper_out = (offline & 0x20) != 0 || (paper & 0x60) != 0;
    status.error = (offline & 0x40) != 0 || (error & (0x08 | 0x20 | 0x40)) != 0;
    status.paper_near_end = (paper & 0x0C) != 0;
    return status;
}

// [SECTION] device

PrinterTargetKind printer_target_kind(const std::filesystem::path& target) {
    if (target.empty())
        return PrinterTargetKind::None;
    struct stat information {};
    if (::stat(target.c_str(), &information) == 0)
        return S_ISCHR(information.st_mode) ? PrinterTargetKind::Device : PrinterTargetKind::File;
    // An unplugged USB printer has no /dev/usb/lp0: still a device (that cannot be opened), never a new file.
    return target.string().rfind("/dev/", 0) == 0 ? PrinterTargetKind::Device : PrinterTargetKind::File;
}

namespace {

class Descriptor {
  public:
    explicit Descriptor(int descriptor) : descriptor_(descriptor) {}
    ~Descriptor() {
        if (descriptor_ >= 0)
            ::close(descriptor_);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return descriptor_; }
    int release() { return std::exchange(descriptor_, -1); }

  private:
    int descriptor_;
};

struct OpenedDevice {
    int descriptor = -1;
    bool readable = false;
};

Result<OpenedDevice> open_device(const std::filesystem::path& target) {
    OpenedDevice device;
    device.descriptor = ::open(target.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    device.readable = device.descriptor >= 0;
    if (device.descriptor < 0 && (errno == EACCES || errno == EROFS || errno == EINVAL)) {
        // A write-only device still prints; it just cannot be asked how it is.
        device.descriptor = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    }
    if (device.descriptor < 0)
        return Error("printer.open", target.string(), std::strerror(errno));
    // [3] A serial printer or a pseudo-terminal: raw bytes both ways, no echo, no newline translation.
    if (::isatty(device.descriptor) != 0) {
        termios settings{};
        if (::tcgetattr(device.descriptor, &settings) == 0) {
            ::cfmakeraw(&settings);
            ::tcsetattr(device.descriptor, TCSANOW, &settings);
        }
        ::tcflush(device.descriptor, TCIFLUSH);
    } else if (device.readable) {
        unsigned char stale[64];
        while (::read(device.descriptor, stale, sizeof stale) > 0) {
        }
    }
    return device;
}

// Writes everything within `timeout`. Errors: printer.write.
Status write_all(int descriptor, const std::filesystem::path& target, std::string_view bytes,
                 std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t result = ::write(descriptor, bytes.data() + written, bytes.size() - written);
        if (result > 0) {
            written += static_cast<std::size_t>(result);
            continue;
        }
        if (result < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return Error("printer.write", target.string(), std::strerror(errno));
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return Error("printer.write", target.string(),
                         "the printer took no data for too long (" + std::to_string(written) + " of " +
                             std::to_string(bytes.size()) + " bytes sent)");
        }
        pollfd waiting{descriptor, POLLOUT, 0};
        ::poll(&waiting, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    }
    return ok_status();
}

std::optional<unsigned char> ask_status_byte(int descriptor, int request, std::chrono::milliseconds timeout) {
    const unsigned char command[3] = {0x10, 0x04, static_cast<unsigned char>(request)};  // DLE EOT n
    if (::write(descriptor, command, sizeof command) != static_cast<ssize_t>(sizeof command))
        return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        pollfd waiting{descriptor, POLLIN, 0};
        const int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0 || (waiting.revents & POLLIN) == 0)
            return std::nullopt;
        unsigned char reply = 0;
        const ssize_t got = ::read(descriptor, &reply, 1);
        if (got == 1)
            return reply;
        if (got < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        return std::nullopt;
    }
}

PrinterStatus ask_status(const OpenedDevice& device, const PrinterOptions& options) {
    if (!device.readable)
        return PrinterStatus{};
    std::vector<unsigned char> replies;
    for (int request = 1; request <= 4; ++request) {
        const auto reply = ask_status_byte(device.descriptor, request, options.answer_timeout);
        if (!reply)
            return PrinterStatus{};  // one unanswered request: the rest would only wait as long
        replies.push_back(*reply);
    }
    return decode_printer_status(replies);
}

}  // namespace

Result<PrinterStatus> query_printer_status(const std::filesystem::path& target,
                                           const PrinterOptions& options) {
    auto device = open_device(target);
    if (!device)
        return device.error();
    Descriptor owner(device->descriptor);
    return ask_status(*device, options);
}

// [SECTION] print

namespace {

Error not_ready(const std::filesystem::path& target, const PrinterStatus& status) {
    std::string codes;
    for (const auto& code : status.problem_codes())
        codes += (codes.empty() ? "" : " ") + code;
    return Error("printer.not_ready", target.string(), codes).with("problems", codes);
}

PrintReport write_to_file(const std::filesystem::path& target, std::string_view bytes) {
    PrintReport report;
    Descriptor file(::open(target.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
    if (file.get() < 0) {
        report.error = Error("printer.open", target.string(), std::strerror(errno));
        return report;
    }
    if (auto written = write_all(file.get(), target, bytes, std::chrono::seconds(10)); !written) {
        report.error = written.error();
        return report;
    }
    if (::close(file.release()) != 0) {
        report.error = Error("printer.write", target.string(), std::strerror(errno));
        return report;
    }
    report.outcome = PrintOutcome::WrittenToFile;
    return report;
}

}  // namespace

PrintReport print_with_status(const std::filesystem::path& target, std::string_view bytes,
                              const PrinterOptions& options) {
    const PrinterTargetKind kind = printer_target_kind(target);
    if (kind == PrinterTargetKind::None) {
        PrintReport report;
        report.error = Error("printer.none", "", "no printer is configured");
        return report;
    }
    if (kind == PrinterTargetKind::File)
        return write_to_file(target, bytes);

    PrintReport report;
    auto device = open_device(target);
    if (!device) {
        report.error = device.error();
        return report;
    }
    Descriptor owner(device->descriptor);
    report.before = ask_status(*device, options);
    // [1] A printer that says it cannot print gets nothing: the applicant is told at once, not after a wait.
    if (report.before->answered && !report.before->ready()) {
        report.error = not_ready(target, *report.before);
        return report;
    }
    // The time a slow printer may take to accept a receipt (a QR raster is ~10 KB at 9600 baud: ~10 s).
    const auto write_timeout = std::chrono::milliseconds(15000 + static_cast<std::int64_t>(bytes.size()));
    if (auto written = write_all(owner.get(), target, bytes, write_timeout); !written) {
        report.error = written.error();
        return report;
    }
    if (::isatty(owner.get()) != 0)
        ::tcdrain(owner.get());
    if (!report.before->answered) {
        report.outcome = PrintOutcome::Unconfirmed;
        return report;
    }
    // The request queues behind whatever of the receipt the device or the line still buffers (a serial
    // printer at 9,600 baud takes about a millisecond a byte), so the answer may take that long to come.
    PrinterOptions after_options = options;
    after_options.answer_timeout = std::min<std::chrono::milliseconds>(
        std::chrono::milliseconds(15000),
        options.answer_timeout + std::chrono::milliseconds(static_cast<std::int64_t>(bytes.size())));
    report.after = ask_status(*device, after_options);
    if (!report.after->answered) {
        report.outcome = PrintOutcome::Unconfirmed;
    } else if (!report.after->ready()) {
        // Paper ran out or the cover opened during the print: the receipt is not (wholly) out.
        report.error = not_ready(target, *report.after);
    } else {
        report.outcome = PrintOutcome::Printed;
    }
    return report;
}

}  // namespace jiebang::platform

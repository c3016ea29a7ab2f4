// platform/printer/printer_device.hpp — talking to the hall's ESC/POS receipt printer so that the terminal can
// tell the truth about a print: the printer's real-time status (DLE EOT n, n = 1..4: offline, cover open,
// paper out, paper near end, errors) is asked before the receipt is sent and again after it, and a print
// reports what happened — printed, sent but unconfirmed (a printer that does not answer status requests), or
// not printed and why. A regular file as the target (development, demos) is written and reported as such.
// Blocking I/O with bounded waits: call it from a worker thread, never from the frame thread.
// Invariants: (1) nothing is sent to a printer that reported offline, cover open, paper out or an error before
// the print; (2) a status byte is accepted only with the fixed bits ESC/POS gives every status byte
// (bit 1 and bit 4 set, bits 0 and 7 clear), anything else counts as no answer; (3) a character device or a
// terminal (a serial printer, the tests' pseudo-terminal) is switched to raw mode, so no byte of a raster
// image is translated; (4) a print never waits longer than the configured answer time per status byte, plus
// the time the device takes to accept the bytes (at most 15 s + 1 ms a byte), plus, for the status after the
// print, 1 ms a byte sent (the request queues behind the receipt on a slow line), at most 15 s.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::platform {

enum class PrinterTargetKind { None, File, Device };

// What DLE EOT 1..4 said. `answered` is false when the printer did not reply (unidirectional device, wrong
// cable, powered off): then nothing else is known.
struct PrinterStatus {
    bool answered = false;
    bool offline = false;
    bool cover_open = false;
    bool paper_out = false;
    bool paper_near_end = false;
    bool error = false;  // mechanical, cutter or unrecoverable error (DLE EOT 3)

    // The printer said it can print (near end still prints).
    bool ready() const { return answered && !offline && !cover_open && !paper_out && !error; }
    // Stable codes of each problem, for the admin page and the heartbeat: printer.offline, printer.cover_open,
    // printer.paper_out, printer.paper_near_end, printer.error, printer.no_answer. Empty when all is well.
    std::vector<std::string> problem_codes() const;
};

// Decodes the four status bytes (DLE EOT 1, 2, 3, 4 in that order). A byte without the fixed bits, or fewer
// than four bytes, reads as not answered.
PrinterStatus decode_printer_status(const std::vector<unsigned char>& replies);

enum class PrintOutcome {
    Printed,      // the printer was ready before and after: the paper is out
    Unconfirmed,  // sent, but the printer does not answer status requests: nobody knows
    NotPrinted,   // refused before sending (status) or failed while sending; `error` or the status says why
    WrittenToFile,
};

struct PrintReport {
    PrintOutcome outcome = PrintOutcome::NotPrinted;
    std::optional<PrinterStatus> before;
    std::optional<PrinterStatus> after;
    std::optional<Error> error;  // printer.open, printer.write, printer.not_ready (with the problem codes)
};

struct PrinterOptions {
    std::chrono::milliseconds answer_timeout{400};  // per status byte
};

PrinterTargetKind printer_target_kind(const std::filesystem::path& target);

// Asks DLE EOT 1..4 on `target` (a device). Errors: printer.open; a printer that does not answer is a status
// with answered = false, not an error.
Result<PrinterStatus> query_printer_status(const std::filesystem::path& target,
                                           const PrinterOptions& options);

// Status, send, status. A file target is appended to (created 0600) and reported as WrittenToFile.
PrintReport print_with_status(const std::filesystem::path& target, std::string_view bytes,
                              const PrinterOptions& options);

}  // namespace jiebang::platform

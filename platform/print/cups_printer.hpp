// platform/print/cups_printer.hpp — handing a PDF to a CUPS print queue (libcups), e.g. the service hall's A4
// printer named in the terminal's configuration, and asking how the job is doing.
// The CUPS server is the one libcups would use (CUPS_SERVER, ~/.cups/client.conf, /etc/cups/client.conf, else the
// local scheduler), so a test can point it at a private scheduler.
// Invariants:
//  1. Each failure is told apart and named: the scheduler cannot be reached (print.cups_unavailable, argument
//     "reason"), no queue has that name (print.printer_unknown, argument "value"), the queue refused the job
//     (print.job_failed, arguments "value" and "reason"), the file cannot be read (file.unreadable).
//  2. Nothing waits longer than the connection timeout given; no personal data is sent as the job's title (the
//     caller passes the receipt number).
#pragma once

#include <filesystem>
#include <string>

#include "shared/base/result.hpp"

namespace jiebang::print {

struct CupsJobRequest {
    std::string printer;         // queue name, e.g. "hall-a4"; empty: the scheduler's default queue
    std::filesystem::path file;  // a PDF
    std::string title;           // job title (the receipt number)
    int copies = 1;
    std::string media = "A4";
    int connect_timeout_ms = 5000;
};

// The job id CUPS assigned.
Result<int> print_with_cups(const CupsJobRequest& request);

enum class CupsJobState { Pending, Held, Processing, Stopped, Canceled, Aborted, Completed };
std::string_view cups_job_state_name(CupsJobState state);

// The state of a job on a queue; errors as print_with_cups, print.job_failed when CUPS does not know the job.
Result<CupsJobState> cups_job_state(const std::string& printer, int job_id, int connect_timeout_ms = 5000);

}  // namespace jiebang::print

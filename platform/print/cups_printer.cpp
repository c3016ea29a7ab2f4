// platform/print/cups_printer.cpp — libcups: connect to the scheduler, check the queue, submit the PDF, read a
// job's state (see the header's invariants 1-2).
#include "platform/print/cups_printer.hpp"

#include <cups/cups.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace jiebang::print {

namespace {

struct Connection {
    http_t* http = nullptr;
    ~Connection() {
        if (http != nullptr)
            httpClose(http);
    }
};

std::string server_name() {
    const char* server = cupsServer();
    return server != nullptr ? server : "";
}

Status connect(Connection& connection, int timeout_ms) {
    errno = 0;
    connection.http =
        httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, timeout_ms, nullptr);
    if (connection.http == nullptr) {
        const std::string reason = errno != 0 ? std::strerror(errno) : std::string(cupsLastErrorString());
        return Error("print.cups_unavailable", server_name(), "cannot connect to CUPS at " + server_name())
            .with("reason", server_name() + ": " + reason);
    }
    return ok_status();
}

// The queue exists and is not stopped.
Status check_queue(Connection& connection, const std::string& printer) {
    cups_dest_t* destination = cupsGetNamedDest(connection.http, printer.c_str(), nullptr);
    if (destination == nullptr) {
        const ipp_status_t status = cupsLastError();
        if (status == IPP_STATUS_OK || status == IPP_STATUS_ERROR_NOT_FOUND)
            return Error("print.printer_unknown", printer, "no such CUPS queue").with("value", printer);
        return Error("print.cups_unavailable", server_name(), cupsLastErrorString())
            .with("reason", cupsLastErrorString());
    }
    const char* state = cupsGetOption("printer-state", destination->num_options, destination->options);
    const bool stopped = state != nullptr && std::strcmp(state, "5") == 0;
    cupsFreeDests(1, destination);
    if (stopped) {
        return Error("print.job_failed", printer, "the queue is stopped")
            .with("value", printer)
            .with("reason", "printer stopped");
    }
    return ok_status();
}

}  // namespace

std::string_view cups_job_state_name(CupsJobState state) {
    switch (state) {
        case CupsJobState::Pending:
            return "pending";
        case CupsJobState::Held:
            return "held";
        case CupsJobState::Processing:
            return "processing";
        case CupsJobState::Stopped:
            return "stopped";
        case CupsJobState::Canceled:
            return "canceled";
        case CupsJobState::Aborted:
            return "aborted";
        case CupsJobState::Completed:
            return "completed";
    }
    return "unknown";
}

Result<int> print_with_cups(const CupsJobRequest& request) {
    if (access(request.file.c_str(), R_OK) != 0) {
        return Error("file.unreadable", request.file.string(),
                     request.file.string() + ": " + std::strerror(errno));
    }
    Connection connection;
    if (Status connected = connect(connection, request.connect_timeout_ms); !connected)
        return connected.error();
    // No queue named: the scheduler's default one (lpoptions -d / the server's default), named in errors.
    std::string printer = request.printer;
    if (printer.empty()) {
        cups_dest_t* fallback = cupsGetNamedDest(connection.http, nullptr, nullptr);
        if (fallback == nullptr)
            return Error("print.printer_unknown", "", "CUPS has no default queue").with("value", "(default)");
        printer = fallback->name;
        cupsFreeDests(1, fallback);
    }
    if (Status queue = check_queue(connection, printer); !queue)
        return queue.error();
    cups_option_t* options = nullptr;
    int option_count = 0;
    option_count =
        cupsAddOption("copies", std::to_string(std::max(request.copies, 1)).c_str(), option_count, &options);
    if (!request.media.empty())
        option_count = cupsAddOption("media", request.media.c_str(), option_count, &options);
    const int job = cupsPrintFile2(connection.http, printer.c_str(), request.file.c_str(),
                                   request.title.c_str(), option_count, options);
    cupsFreeOptions(option_count, options);
    if (job <= 0) {
        return Error("print.job_failed", printer, cupsLastErrorString())
            .with("value", printer)
            .with("reason", cupsLastErrorString());
    }
    return job;
}

Result<CupsJobState> cups_job_state(const std::string& printer, int job_id, int connect_timeout_ms) {
    Connection connection;
    if (Status connected = connect(connection, connect_timeout_ms); !connected)
        return connected.error();
    cups_job_t* jobs = nullptr;
    const int count = cupsGetJobs2(connection.http, &jobs, printer.c_str(), 0, CUPS_WHICHJOBS_ALL);
    std::optional<CupsJobState> state;
    for (int index = 0; index < count; ++index) {
        if (jobs[index].id != job_id)
            continue;
        switch (jobs[index].state) {
            case IPP_JSTATE_PENDING:
                state = CupsJobState::Pending;
                break;
            case IPP_JSTATE_HELD:
                state = CupsJobState::Held;
                break;
            case IPP_JSTATE_PROCESSING:
                state = CupsJobState::Processing;
                break;
            case IPP_JSTATE_STOPPED:
                state = CupsJobState::Stopped;
                break;
            case IPP_JSTATE_CANCELED:
                state = CupsJobState::Canceled;
                break;
            case IPP_JSTATE_ABORTED:
                state = CupsJobState::Aborted;
                break;
            case IPP_JSTATE_COMPLETED:
                state = CupsJobState::Completed;
                break;
        }
    }
    cupsFreeJobs(count, jobs);
    if (!state) {
        return Error("print.job_failed", printer, "CUPS does not know job " + std::to_string(job_id))
            .with("value", printer)
            .with("reason", "job " + std::to_string(job_id) + " unknown");
    }
    return *state;
}

}  // namespace jiebang::print

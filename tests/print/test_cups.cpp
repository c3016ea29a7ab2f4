// tests/print/test_cups.cpp — printing through a real CUPS scheduler (platform/print/cups_printer.hpp invariant 1):
// the test starts its own cupsd (its own configuration, spool and socket in a temporary folder, so it neither needs
// nor disturbs the machine's scheduler), adds a cups-pdf virtual printer with lpadmin, prints a form with
// `jiebang print form --printer`, follows the job to "completed" and finds the PDF cups-pdf wrote (root's jobs go to
// ~/PDF, anonymous ones to /var/spool/cups-pdf/ANONYMOUS) and reads the receipt's QR code back off its pages. Then: an unknown queue and a scheduler that is not
// running are each told apart by their code and exit status. The scheduler is stopped at the end of each case.
// Only when cupsd cannot start at all does the case stop early, saying why in its output.
#include <cups/cups.h>
#include <doctest/doctest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <thread>

#include "platform/print/cups_printer.hpp"
#include "print_test_support.hpp"

using namespace jiebang;
using namespace jiebang::print_test;

namespace {

bool socket_accepts(const fs::path& socket_path) {
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

// A cupsd of the test's own, listening only on a unix socket in a temporary folder.
class PrivateScheduler {
  public:
    PrivateScheduler() {
        root_ = folder_.path / "cups";
        for (const char* sub : {"spool", "cache", "state", "log", "tmp", "ppd"})
            fs::create_directories(root_ / sub);
        fs::permissions(folder_.path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                          fs::perms::others_read | fs::perms::others_exec);
        fs::permissions(root_ / "tmp", fs::perms::all | fs::perms::sticky_bit);
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
        REQUIRE_MESSAGE(fs::exists("/usr/sbin/cupsd"), "cupsd is missing: run scripts/setup (package cups)");
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
                why_not_ = "cupsd exited: " + read_file(root_ / "log" / "cupsd.out") +
                           read_file(root_ / "log" / "error_log");
                return;
            }
            if (socket_accepts(socket_)) {
                running_ = true;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        why_not_ = "cupsd did not open its socket: " + read_file(root_ / "log" / "error_log");
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
    const fs::path& socket() const { return socket_; }
    std::string log() const { return read_file(root_ / "log" / "error_log"); }
    std::vector<std::pair<std::string, std::string>> environment() const {
        return {{"CUPS_SERVER", socket_.string()}};
    }

  private:
    TemporaryDirectory folder_;
    fs::path root_, socket_;
    pid_t pid_ = -1;
    bool running_ = false;
    std::string why_not_;
};

// Where cups-pdf puts a finished job: ~/PDF for a local user such as root, ANONYMOUS for others
// (/etc/cups/cups-pdf.conf). The file name carries the job title and "job_<id>".
std::optional<fs::path> find_cups_pdf_output(const std::string& title, int job_id) {
    std::vector<fs::path> folders = {"/var/spool/cups-pdf/ANONYMOUS"};
    if (const passwd* user = getpwuid(getuid())) {
        folders.push_back(fs::path(user->pw_dir) / "PDF");
        folders.push_back(fs::path("/var/spool/cups-pdf") / user->pw_name);
    }
    std::string wanted_title = title;
    std::transform(wanted_title.begin(), wanted_title.end(), wanted_title.begin(), ::tolower);
    const std::string wanted_job = "job_" + std::to_string(job_id);
    for (const fs::path& folder : folders) {
        std::error_code error;
        for (const auto& entry : fs::directory_iterator(folder, error)) {
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

std::vector<std::string> print_arguments(const TemporaryDirectory& folder, const Submission& submission,
                                         const std::string& receipt, const std::string& printer) {
    return {"print",        "form",
            "--submission", folder.write("submission.json", submission_to_json(submission)),
            "--profile",    submission.profile_id,
            "--receipt",    receipt,
            "--out",        (folder.path / "form.pdf").string(),
            "--printer",    printer};
}

}  // namespace

TEST_CASE("cups: the form prints on a cups-pdf queue of a real scheduler, and an unknown queue is named") {
    PrivateScheduler scheduler;
    if (!scheduler.running()) {
        MESSAGE("SKIPPED: cupsd could not be started here, so printing through CUPS was not tested: "
                << scheduler.why_not());
        return;
    }
    const std::string printer = "jiebang-test-pdf";
    const auto added = test::run_process(
        "/usr/sbin/lpadmin",
        {"-p", printer, "-E", "-v", "cups-pdf:/", "-P", "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"},
        scheduler.environment());
    INFO(added.error);
    REQUIRE(added.exit_code == 0);

    TemporaryDirectory folder;
    const Submission demand = sample("jingdezhen", "demand");
    // A sequence of its own per run, so an old file from an earlier run can never be taken for this one.
    const int sequence = 1000 + static_cast<int>(getpid() % 8000);
    const std::string receipt = receipt_for(demand, sequence);
    const auto printed = test::run_process(cli_path, print_arguments(folder, demand, receipt, printer),
                                           scheduler.environment());
    INFO(printed.error);
    REQUIRE(printed.exit_code == 0);
    const auto report = nlohmann::json::parse(printed.out);
    REQUIRE(report.contains("job_id"));
    const int job_id = report.at("job_id").get<int>();
    CHECK(job_id > 0);
    CHECK(report.at("printer") == printer);

    // Follow the job through the scheduler until it ends.
    cupsSetServer(scheduler.socket().c_str());
    std::optional<print::CupsJobState> final_state;
    for (int attempt = 0; attempt < 1200 && !final_state; ++attempt) {
        auto state = print::cups_job_state(printer, job_id);
        REQUIRE_MESSAGE(state.ok(), (state.ok() ? "" : state.error().detail));
        if (*state == print::CupsJobState::Completed || *state == print::CupsJobState::Aborted ||
            *state == print::CupsJobState::Canceled || *state == print::CupsJobState::Stopped) {
            final_state = *state;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    INFO(scheduler.log());
    REQUIRE(final_state.has_value());
    REQUIRE(print::cups_job_state_name(*final_state) == "completed");

    const auto output = find_cups_pdf_output(receipt, job_id);
    REQUIRE_MESSAGE(output.has_value(), "cups-pdf wrote no file for job " << job_id);
    MESSAGE("cups-pdf wrote " << output->string());
    CHECK(pdf_page_count(*output) == pdf_page_count(folder.path / "form.pdf"));
    // cups-pdf re-renders through PostScript (the text becomes outlines), so what proves it is our printout is the
    // QR code on each printed page, read back by zbar: it carries the receipt number.
    fs::create_directories(folder.path / "printed");
    const auto printed_pages = render_pages(*output, folder.path / "printed", 150);
    REQUIRE_FALSE(printed_pages.empty());
    for (const fs::path& page : printed_pages) {
        CAPTURE(page.filename().string());
        CHECK(decode_qr_codes(page) == std::vector<std::string>{receipt});
    }
    std::error_code ignored;
    fs::remove(*output, ignored);

    // A queue that does not exist: named, exit 1 (the printer name is wrong), the PDF is still there.
    const auto unknown = test::run_process(
        cli_path, print_arguments(folder, demand, receipt, "no-such-printer"), scheduler.environment());
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.error.find("print.printer_unknown") != std::string::npos);
    CHECK(unknown.error.find("no-such-printer") != std::string::npos);
    CHECK(fs::is_regular_file(folder.path / "form.pdf"));
    auto missing_job = print::cups_job_state(printer, job_id + 1000);
    REQUIRE_FALSE(missing_job.ok());
    CHECK(missing_job.error().code == "print.job_failed");
}

TEST_CASE("cups: a scheduler that is not running is told apart, and the PDF is kept") {
    TemporaryDirectory folder;
    const Submission demand = sample("jiaxing", "demand");
    const std::string receipt = receipt_for(demand);
    const auto result = test::run_process(cli_path, print_arguments(folder, demand, receipt, "hall-a4"),
                                          {{"CUPS_SERVER", (folder.path / "no-scheduler.sock").string()}});
    CHECK(result.exit_code == 3);
    CHECK(result.error.find("print.cups_unavailable") != std::string::npos);
    CHECK(result.error.find("no-scheduler.sock") != std::string::npos);
    CHECK(fs::is_regular_file(folder.path / "form.pdf"));
    const auto report = nlohmann::json::parse(result.out);
    CHECK_FALSE(report.contains("job_id"));
    CHECK(report.at("receipt_number") == receipt);

    // The library call itself: a file that cannot be read is refused before anything is sent.
    print::CupsJobRequest request;
    request.printer = "hall-a4";
    request.file = folder.path / "not-there.pdf";
    auto job = print::print_with_cups(request);
    REQUIRE_FALSE(job.ok());
    CHECK(job.error().code == "file.unreadable");
}

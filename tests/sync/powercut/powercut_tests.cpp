// tests/sync/powercut/powercut_tests.cpp — power loss, not only kill -9 (issue #11; docs/protocol.md
// section 2 goal 1 and section 7). SIGKILL cannot catch a missing fsync: the kernel still writes the dead
// process's page cache. A power cut can, and ext4 has one on demand: EXT4_IOC_SHUTDOWN with
// EXT4_GOING_FLAGS_NOLOGFLUSH (what xfstests' godown does) stops the file system at once, dropping every
// page and journal block that no fsync forced out.
// The workload: the aggregator's and two terminals' stores on a small ext4 image mounted through a loop
// device (mount option commit=60, so the journal's own 5-second commit cannot rescue an unsynced write within
// the run); two real terminal processes (powercut_terminal.cpp: TerminalStore::commit_submission, as the
// kiosk files) and two jiebang-sync-agent processes stream demands to a real jiebang-aggregator. Then the
// power is cut — every process frozen (SIGSTOP) so none acts after the cut, the shutdown ioctl, SIGKILL —, the
// image is unmounted and mounted again, and:
//   1. every submission a terminal printed a receipt for is in that terminal's store, once, with its hash;
//   2. every submission a terminal had recorded as ACKed is in the aggregator's store, once, with its hash
//      (checked before anything restarts, so a re-upload cannot hide a loss);
//   3. after restarting the aggregator and the agents, every receipted submission reaches the aggregator
//      exactly once and every outbox drains with nothing quarantined.
// Self-checks: the same run with tests/sync/powercut/fsync_noop_shim.cpp in LD_PRELOAD (fsync and fdatasync
// become no-ops) in the aggregator must fail check 2, and in the terminals' processes must fail check 1, so
// the test is known to see a lost fsync on either side.
// Without root, loop devices or ext4 the cases print "POWER-CUT TEST SKIPPED: <reason>", which ctest turns
// into a visible skip (SKIP_REGULAR_EXPRESSION in CMakeLists.txt), never a pass.
// Index: [SECTION] Loop disk  [SECTION] Workload  [SECTION] Checks  [SECTION] Tests
#include <doctest/doctest.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "../sync_test_support.hpp"
#include "tests/support/process.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

// The ext4 shutdown request (linux/fs/ext4/ext4.h; not in the UAPI headers of Debian 12): _IOR('X', 125,
// __u32), and its flag "do not flush the journal or the data".
constexpr unsigned long ext4_shutdown_request = _IOR('X', 125, std::uint32_t);
constexpr std::uint32_t ext4_going_flags_nologflush = 0x2;

constexpr const char* skip_marker = "POWER-CUT TEST SKIPPED: ";

std::string find_program(std::initializer_list<const char*> candidates) {
    for (const char* candidate : candidates) {
        if (access(candidate, X_OK) == 0)
            return candidate;
    }
    return {};
}

// [SECTION] Loop disk
// The test's mounts live in a mount namespace of its own (unshare, then "/" made private so nothing
// propagates back): if the test process dies without cleaning up (ctest's timeout, a signal), the mount
// disappears with the namespace's last process and `mount -o loop` (autoclear) frees the loop device.
// Returns "" or why the namespace could not be made (then the mounts are made in the machine's namespace and
// the destructor alone cleans up).
std::string enter_private_mount_namespace() {
    static const std::string outcome = [] {
        if (::unshare(CLONE_NEWNS) != 0)
            return std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
            return std::string("making / private: ") + std::strerror(errno);
        return std::string();
    }();
    return outcome;
}

// An ext4 image mounted through a loop device; unmounted by the destructor.
class LoopDisk {
  public:
    LoopDisk(std::filesystem::path image, std::filesystem::path mount_point)
        : image_(std::move(image)), mount_point_(std::move(mount_point)) {}
    LoopDisk(const LoopDisk&) = delete;
    LoopDisk& operator=(const LoopDisk&) = delete;
    ~LoopDisk() {
        if (mounted_)
            (void)jiebang::test::run_process(umount_, {"-l", mount_point_.string()});
    }

    // Why this machine cannot run the test, or "" when the image is made and mounted; the caller skips with
    // the reason.
    std::string prepare(int megabytes) {
        mkfs_ = find_program({"/usr/sbin/mkfs.ext4", "/sbin/mkfs.ext4"});
        mount_ = find_program({"/usr/bin/mount", "/bin/mount"});
        umount_ = find_program({"/usr/bin/umount", "/bin/umount"});
        if (geteuid() != 0)
            return "mounting a loop device needs root";
        if (mkfs_.empty() || mount_.empty() || umount_.empty())
            return "mkfs.ext4, mount or umount is not installed";
        if (access("/dev/loop-control", F_OK) != 0 && access("/dev/loop0", F_OK) != 0)
            return "this machine has no loop devices (/dev/loop-control, /dev/loop0)";
        if (read_file("/proc/filesystems").find("ext4") == std::string::npos)
            return "the kernel has no ext4";
        if (const std::string refused = enter_private_mount_namespace(); !refused.empty())
            MESSAGE("mounting in the machine's namespace: " << refused);
        { std::ofstream image(image_, std::ios::binary | std::ios::trunc); }
        std::filesystem::resize_file(image_, static_cast<std::uintmax_t>(megabytes) * 1024 * 1024);
        const auto made = jiebang::test::run_process(mkfs_, {"-q", "-F", image_.string()});
        REQUIRE_MESSAGE(made.exit_code == 0, "mkfs.ext4: " << made.error);
        std::filesystem::create_directories(mount_point_);
        if (const std::string refused = mount(); !refused.empty())
            return "mount -o loop refused (no free or usable loop device?): " + refused;
        return {};
    }

    // "" when mounted, else mount's complaint. commit=60: see the top of the file.
    std::string mount() {
        const auto mounted = jiebang::test::run_process(
            mount_, {"-t", "ext4", "-o", "loop,commit=60", image_.string(), mount_point_.string()});
        if (mounted.exit_code != 0)
            return mounted.error;
        mounted_ = true;
        return {};
    }
    void remount() {
        const std::string refused = mount();
        REQUIRE_MESSAGE(refused.empty(), "mount after the power cut: " << refused);
    }
    void unmount() {
        const auto unmounted = jiebang::test::run_process(umount_, {mount_point_.string()});
        REQUIRE_MESSAGE(unmounted.exit_code == 0, "umount: " << unmounted.error);
        mounted_ = false;
    }
    // Makes everything written so far durable (the state of a machine that has been running for a while).
    void sync() {
        const int descriptor = ::open(mount_point_.c_str(), O_RDONLY | O_DIRECTORY);
        REQUIRE(descriptor >= 0);
        CHECK(::syncfs(descriptor) == 0);
        ::close(descriptor);
    }
    // The power cut: from here on the file system writes nothing, and what no fsync forced out is gone.
    void cut_power() {
        const int descriptor = ::open(mount_point_.c_str(), O_RDONLY | O_DIRECTORY);
        REQUIRE(descriptor >= 0);
        std::uint32_t flags = ext4_going_flags_nologflush;
        const int result = ::ioctl(descriptor, ext4_shutdown_request, &flags);
        const int error = errno;
        ::close(descriptor);
        REQUIRE_MESSAGE(result == 0, "EXT4_IOC_SHUTDOWN: " << std::strerror(error));
    }
    const std::filesystem::path& root() const { return mount_point_; }

  private:
    std::filesystem::path image_;
    std::filesystem::path mount_point_;
    std::string mkfs_, mount_, umount_;
    bool mounted_ = false;
};

// [SECTION] Workload
// A process of the workload. At the power cut every one is frozen first (SIGSTOP, and waited for until it
// has stopped): a system call in flight finishes, but the process cannot return to its code, so it can
// neither print a receipt nor send an ACK after the cut — as with real power, where nothing runs after it.
// (Without the freeze an fsync that is in flight while the shutdown ioctl runs may return 0 although its
// data is gone, and the writer would print a receipt the real world could never have printed.)
class WorkloadProcess {
  public:
    WorkloadProcess() = default;
    WorkloadProcess(const WorkloadProcess&) = delete;
    WorkloadProcess& operator=(const WorkloadProcess&) = delete;
    ~WorkloadProcess() { kill(); }

    // `preload`: a library for LD_PRELOAD in the child only ("" for none).
    void start(const std::string& program, const std::vector<std::string>& arguments,
               const std::filesystem::path& log, const std::string& preload = {}) {
        REQUIRE(pid_ <= 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int descriptor = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            dup2(descriptor, 1);
            dup2(descriptor, 2);
            if (!preload.empty())
                setenv("LD_PRELOAD", preload.c_str(), 1);
            std::vector<char*> argv;
            argv.push_back(const_cast<char*>(program.c_str()));
            for (const auto& argument : arguments)
                argv.push_back(const_cast<char*>(argument.c_str()));
            argv.push_back(nullptr);
            execv(program.c_str(), argv.data());
            _exit(127);
        }
    }
    // SIGSTOP, then waits (bounded) until the process has stopped or ended.
    void freeze() {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGSTOP);
        const bool settled = wait_until(
            [this] {
                int status = 0;
                const pid_t changed = waitpid(pid_, &status, WNOHANG | WUNTRACED);
                if (changed == pid_ && !WIFSTOPPED(status))
                    pid_ = -1;  // it had ended by itself
                return changed == pid_ || pid_ <= 0;
            },
            10);
        REQUIRE_MESSAGE(settled, "a workload process did not stop within 10 s");
    }
    // SIGKILL (a frozen process too) and reap.
    void kill() {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    // SIGTERM and a bounded wait for the end; SIGKILL if it does not end.
    void stop() {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGTERM);
        const bool ended = wait_until([this] { return waitpid(pid_, nullptr, WNOHANG) == pid_; }, 15);
        if (ended)
            pid_ = -1;
        kill();
    }

  private:
    pid_t pid_ = -1;
};

// A terminal of the workload: its store, keys and enrolment on the disk; its processes and logs outside.
struct PowerCutTerminal {
    std::string terminal_id;
    std::filesystem::path store_file;
    std::filesystem::path signing_key_file;
    std::filesystem::path curve_key_file;
    std::filesystem::path writer_log;
    std::filesystem::path agent_log;
    WorkloadProcess writer;
    WorkloadProcess agent;
};

// Where the self-check turns fsync into a no-op.
enum class FsyncOff { Nowhere, InAggregator, InTerminals };

struct Outcome {
    std::map<std::string, std::string> receipted;     // submission id -> content hash hex
    std::map<std::string, std::string> acknowledged;  // submission id -> content hash hex (terminal's view)
    // One line per lost, doubled or unreadable thing, by check (file comment): 1, 2 and 3.
    std::vector<std::string> terminal_losses;
    std::vector<std::string> aggregator_losses;
    std::vector<std::string> restart_losses;
    bool drained = false;
};

std::int64_t count_rows(store::Database& database, const char* sql, const std::string& id) {
    auto count = database.query_int(sql, id);
    return count ? count.value() : -1;
}

// Submission id -> hash hex of the outbox rows in `state` (the test's view of a terminal store).
std::map<std::string, std::string> outbox_rows(const std::filesystem::path& store_file, const char* state) {
    std::map<std::string, std::string> rows;
    auto store = store::TerminalStore::open(store_file);
    REQUIRE_MESSAGE(store.ok(), store.error().code);
    auto statement = store->database().prepare(
        "SELECT s.id, hex(s.content_hash) FROM outbox o JOIN submissions s ON s.id = o.submission_id "
        "WHERE o.state = ?1");
    REQUIRE(statement.ok());
    statement->bind(1, std::string_view(state));
    while (true) {
        auto row = statement->step();
        REQUIRE(row.ok());
        if (!row.value())
            break;
        std::string hash = statement->column_text(1);
        std::transform(hash.begin(), hash.end(), hash.begin(), [](char c) { return std::tolower(c); });
        rows[statement->column_text(0)] = hash;
    }
    return rows;
}

struct PrintedReceipt {
    std::string id;
    std::string hash_hex;
};

// The receipts a writer printed, in the order it printed them.
std::vector<PrintedReceipt> receipts_in_log(const std::filesystem::path& log) {
    std::vector<PrintedReceipt> receipts;
    std::istringstream lines(read_file(log));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string tag;
        PrintedReceipt receipt;
        if (words >> tag >> receipt.id >> receipt.hash_hex && tag == "receipted" &&
            receipt.hash_hex.size() == 64) {
            receipts.push_back(receipt);
        }
    }
    return receipts;
}

// [SECTION] Checks
// Checks 1 and 2 of the file comment, on the stores as the remount left them.
void check_after_remount(Outcome& outcome, std::vector<std::unique_ptr<PowerCutTerminal>>& terminals,
                         const std::filesystem::path& aggregator_store) {
    for (auto& terminal : terminals) {
        auto store = store::TerminalStore::open(terminal->store_file);
        if (!store) {
            outcome.terminal_losses.push_back("terminal " + terminal->terminal_id +
                                              " store unreadable after the cut: " + store.error().code);
            continue;
        }
        const auto receipts = receipts_in_log(terminal->writer_log);
        for (std::size_t index = 0; index < receipts.size(); ++index) {
            const std::string& id = receipts[index].id;
            const std::string& hash = receipts[index].hash_hex;
            auto committed = store->committed_submission(id);
            const bool present =
                committed && committed->has_value() && hex_encode((**committed).receipt.content_hash) == hash;
            const std::int64_t outbox_rows_for_id =
                count_rows(store->database(), "SELECT count(*) FROM outbox WHERE submission_id = ?1", id);
            if (!present || outbox_rows_for_id != 1) {
                outcome.terminal_losses.push_back(
                    "receipted " + id + " of " + terminal->terminal_id +
                    " lost from the terminal store (receipt " + std::to_string(index + 1) + " of " +
                    std::to_string(receipts.size()) + ", outbox rows: " + std::to_string(outbox_rows_for_id) +
                    ")");
            }
        }
    }
    auto store = AggregatorStore::open(aggregator_store);
    if (!store) {
        outcome.aggregator_losses.push_back("aggregator store unreadable after the cut: " +
                                            store.error().code);
        return;
    }
    for (const auto& [id, hash] : outcome.acknowledged) {
        const std::int64_t rows =
            count_rows(store->database(), "SELECT count(*) FROM submissions WHERE submission_id = ?1", id);
        auto found = store->find(id);
        const bool same = found && found->has_value() && hex_encode((**found).content_hash) == hash;
        if (rows != 1 || !same) {
            outcome.aggregator_losses.push_back(
                "acknowledged " + id + " lost at the aggregator (rows: " + std::to_string(rows) + ")");
        }
    }
}

// Check 3: every receipted submission at the aggregator exactly once, after restart and drain.
void check_after_restart(Outcome& outcome, const std::filesystem::path& aggregator_store) {
    auto store = AggregatorStore::open(aggregator_store);
    REQUIRE_MESSAGE(store.ok(), store.error().code);
    for (const auto& [id, hash] : outcome.receipted) {
        const std::int64_t rows =
            count_rows(store->database(), "SELECT count(*) FROM submissions WHERE submission_id = ?1", id);
        auto found = store->find(id);
        const bool same = found && found->has_value() && hex_encode((**found).content_hash) == hash;
        if (rows != 1 || !same) {
            outcome.restart_losses.push_back("receipted " + id +
                                             " not at the aggregator exactly once after " +
                                             "restart (rows: " + std::to_string(rows) + ")");
        }
    }
    auto total = store->database().query_int("SELECT count(*) FROM submissions");
    auto distinct = store->database().query_int("SELECT count(DISTINCT submission_id) FROM submissions");
    REQUIRE(total.ok());
    REQUIRE(distinct.ok());
    if (total.value() != distinct.value())
        outcome.restart_losses.push_back("the aggregator holds a submission twice");
}

// The whole scenario on a mounted disk; `fsync_off` names the processes that run under the shim until the cut.
Outcome run_power_cut(const TempDir& temp, LoopDisk& disk, FsyncOff fsync_off, std::uint32_t seed) {
    const bool aggregator_shimmed = fsync_off == FsyncOff::InAggregator;
    const bool terminals_shimmed = fsync_off == FsyncOff::InTerminals;
    Outcome outcome;
    const std::filesystem::path county_dir = disk.root() / "county";
    const std::filesystem::path aggregator_store = county_dir / "aggregator.sqlite";
    const std::filesystem::path aggregator_log = temp / "aggregator.log";
    std::string endpoint = "tcp://127.0.0.1:*";  // the kernel picks the port; restarts reuse it

    // Installation: keys, stores, enrolment; then everything is made durable, as on a machine in service.
    std::filesystem::create_directories(county_dir);
    auto server_keys = CurveKeyPair::load_or_create(county_dir / "curve.key");
    REQUIRE(server_keys.ok());
    REQUIRE(AggregatorStore::open(aggregator_store).ok());
    std::vector<std::unique_ptr<PowerCutTerminal>> terminals;
    for (int number : {31, 32}) {
        auto terminal = std::make_unique<PowerCutTerminal>();
        const std::string name = "terminal-" + std::to_string(number);
        terminal->terminal_id = "440703-0" + std::to_string(number);
        terminal->store_file = disk.root() / (name + ".sqlite");
        terminal->signing_key_file = disk.root() / (name + ".key");
        terminal->curve_key_file = disk.root() / (name + ".curve");
        terminal->writer_log = temp / (name + "-writer.log");
        terminal->agent_log = temp / (name + "-agent.log");
        store::TerminalIdentity identity{terminal->terminal_id, "jiangmen", "JM", "440703", "03", number};
        {
            auto store = store::TerminalStore::open(terminal->store_file);
            REQUIRE(store.ok());
            REQUIRE(store->save_identity(identity).ok());
        }
        const SigningKey signing_key = SigningKey::generate();
        REQUIRE(signing_key.save(terminal->signing_key_file).ok());
        auto curve = CurveKeyPair::load_or_create(terminal->curve_key_file);
        REQUIRE(curve.ok());
        REQUIRE(staff({"terminal", "enroll", "--store", aggregator_store.string(), "--id",
                       terminal->terminal_id, "--county", "440703", "--curve-key", curve->public_key,
                       "--signing-key", signing_key.public_key_text()}) == 0);
        terminals.push_back(std::move(terminal));
    }
    disk.sync();

    // Power on: the aggregator, and per terminal its sync agent and its writer.
    const std::string shim = JIEBANG_FSYNC_NOOP_SHIM;
    auto aggregator_arguments = [&] {
        return std::vector<std::string>{"--data-dir",
                                        county_dir.string(),
                                        "--listen",
                                        endpoint,
                                        "--role",
                                        "county",
                                        "--batch-max",
                                        "16",
                                        "--heartbeat-interval-ms",
                                        "300",
                                        "--handshake-timeout-ms",
                                        "3000"};
    };
    auto agent_arguments = [&](PowerCutTerminal& terminal) {
        return std::vector<std::string>{"--store",
                                        terminal.store_file.string(),
                                        "--key-file",
                                        terminal.curve_key_file.string(),
                                        "--endpoint",
                                        endpoint,
                                        "--server-key",
                                        server_keys->public_key,
                                        "--window",
                                        "8",
                                        "--heartbeat-interval-ms",
                                        "300",
                                        "--reply-timeout-ms",
                                        "2000"};
    };
    WorkloadProcess aggregator;
    aggregator.start(binary("jiebang-aggregator"), aggregator_arguments(), aggregator_log,
                     aggregator_shimmed ? shim : "");
    // The aggregator writes the endpoint it bound to <data dir>/listening.endpoint.
    const std::filesystem::path endpoint_file = county_dir / "listening.endpoint";
    REQUIRE_MESSAGE(wait_until([&] { return std::filesystem::exists(endpoint_file); }, 30),
                    "the aggregator did not start listening:\n"
                        << read_file(aggregator_log));
    endpoint = read_file(endpoint_file);
    while (!endpoint.empty() && (endpoint.back() == '\n' || endpoint.back() == '\r'))
        endpoint.pop_back();
    REQUIRE(endpoint.rfind("tcp://127.0.0.1:", 0) == 0);
    for (auto& terminal : terminals) {
        terminal->agent.start(binary("jiebang-sync-agent"), agent_arguments(*terminal), terminal->agent_log,
                              terminals_shimmed ? shim : "");
        terminal->writer.start(
            JIEBANG_POWERCUT_TERMINAL,
            {terminal->store_file.string(), terminal->signing_key_file.string(), "5000", "15"},
            terminal->writer_log, terminals_shimmed ? shim : "");
    }

    // Stream until both terminals have had ACKs, then cut the power at a random moment shortly after.
    auto acknowledged_now = [&] {
        std::map<std::string, std::string> all;
        for (auto& terminal : terminals) {
            auto rows = outbox_rows(terminal->store_file, "acknowledged");
            all.insert(rows.begin(), rows.end());
        }
        return all;
    };
    auto each_terminal_acknowledged = [&](std::size_t at_least) {
        for (auto& terminal : terminals) {
            if (outbox_rows(terminal->store_file, "acknowledged").size() < at_least)
                return false;
        }
        return true;
    };
    const bool streaming = wait_until([&] { return each_terminal_acknowledged(40); }, 40);
    REQUIRE_MESSAGE(streaming, "no ACKs before the cut; aggregator log:\n"
                                   << read_file(aggregator_log) << "\nagent log:\n"
                                   << read_file(terminals[0]->agent_log) << "\nwriter log:\n"
                                   << read_file(terminals[0]->writer_log));
    std::mt19937 random(seed);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 400)(random)));
    // The cut: freeze everything (nothing acts after the cut), note what was ACKed, cut, kill.
    for (auto& terminal : terminals) {
        terminal->writer.freeze();
        terminal->agent.freeze();
    }
    aggregator.freeze();
    outcome.acknowledged = acknowledged_now();
    disk.cut_power();
    for (auto& terminal : terminals) {
        terminal->writer.kill();
        terminal->agent.kill();
    }
    aggregator.kill();
    for (auto& terminal : terminals) {
        for (const PrintedReceipt& receipt : receipts_in_log(terminal->writer_log))
            outcome.receipted[receipt.id] = receipt.hash_hex;
    }
    MESSAGE("power cut after " << outcome.receipted.size() << " receipts and " << outcome.acknowledged.size()
                               << " ACKs");

    disk.unmount();
    disk.remount();
    check_after_remount(outcome, terminals, aggregator_store);

    // Power back on, without the shim: the restart must deliver everything the terminals still hold.
    aggregator.start(binary("jiebang-aggregator"), aggregator_arguments(), aggregator_log);
    for (auto& terminal : terminals)
        terminal->agent.start(binary("jiebang-sync-agent"), agent_arguments(*terminal), terminal->agent_log);
    outcome.drained = wait_until(
        [&] {
            for (auto& terminal : terminals) {
                if (!outbox_rows(terminal->store_file, "pending").empty())
                    return false;
            }
            return true;
        },
        60);
    for (auto& terminal : terminals) {
        if (!outbox_rows(terminal->store_file, "quarantined").empty())
            outcome.restart_losses.push_back("terminal " + terminal->terminal_id +
                                             " quarantined a submission");
    }
    for (auto& terminal : terminals)
        terminal->agent.stop();
    aggregator.stop();
    check_after_restart(outcome, aggregator_store);
    return outcome;
}

std::string describe(const std::vector<std::string>& losses) {
    std::string text;
    const std::size_t shown = std::min<std::size_t>(losses.size(), 10);
    for (std::size_t index = 0; index < shown; ++index)
        text += losses[index] + "\n";
    if (losses.size() > shown)
        text += "... and " + std::to_string(losses.size() - shown) + " more\n";
    return text;
}

// Runs the scenario, or prints the skip marker and returns nothing.
std::optional<Outcome> run_or_skip(const TempDir& temp, FsyncOff fsync_off, std::uint32_t seed) {
    LoopDisk disk(temp / "disk.img", temp / "disk");
    if (const std::string reason = disk.prepare(96); !reason.empty()) {
        std::cout << skip_marker << reason << std::endl;
        return std::nullopt;
    }
    return run_power_cut(temp, disk, fsync_off, seed);
}

}  // namespace

// [SECTION] Tests
TEST_CASE("a power cut mid-stream loses no receipted and no acknowledged submission and doubles none") {
    TempDir temp;
    const auto outcome = run_or_skip(temp, FsyncOff::Nowhere, 20261202);
    if (!outcome)
        return;
    CHECK(outcome->receipted.size() >= 80);
    CHECK(outcome->acknowledged.size() >= 80);
    CHECK_MESSAGE(outcome->terminal_losses.empty(), describe(outcome->terminal_losses));
    CHECK_MESSAGE(outcome->aggregator_losses.empty(), describe(outcome->aggregator_losses));
    CHECK_MESSAGE(outcome->restart_losses.empty(), describe(outcome->restart_losses));
    CHECK(outcome->drained);
}

// The self-checks: the same run with fsync a no-op in one tier must fail the check that guards that tier.
TEST_CASE("self-check: with fsync a no-op in the aggregator (LD_PRELOAD shim) the test sees lost ACKs") {
    TempDir temp;
    const auto outcome = run_or_skip(temp, FsyncOff::InAggregator, 20261203);
    if (!outcome)
        return;
    REQUIRE(read_file(temp / "aggregator.log").find("fsync_noop_shim") != std::string::npos);
    CHECK(outcome->acknowledged.size() >= 80);
    CHECK_MESSAGE(!outcome->aggregator_losses.empty(),
                  "no ACKed submission lost although the aggregator fsynced nothing: the test is blind");
    CHECK(!outcome->restart_losses.empty());  // the terminals will never send what the county ACKed again
    MESSAGE("acknowledged submissions lost at the aggregator without fsync: "
            << outcome->aggregator_losses.size() << "\n"
            << describe(outcome->aggregator_losses));
}

TEST_CASE("self-check: with fsync a no-op in the terminals (LD_PRELOAD shim) the test sees lost receipts") {
    TempDir temp;
    const auto outcome = run_or_skip(temp, FsyncOff::InTerminals, 20261204);
    if (!outcome)
        return;
    REQUIRE(read_file(temp / "terminal-31-writer.log").find("fsync_noop_shim") != std::string::npos);
    CHECK(outcome->receipted.size() >= 80);
    CHECK_MESSAGE(!outcome->terminal_losses.empty(),
                  "no receipted submission lost although the terminals fsynced nothing: the test is blind");
    MESSAGE("receipted submissions lost on the terminals without fsync: "
            << outcome->terminal_losses.size() << "\n"
            << describe(outcome->terminal_losses));
}

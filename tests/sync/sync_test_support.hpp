// tests/sync/sync_test_support.hpp — helpers for the sync end-to-end tests: temporary folders, loopback
// ports chosen by the kernel, background processes (jiebang-aggregator, jiebang-sync-agent) that can be stopped or killed -9,
// terminals with real stores, signing keys and committed submissions, and bounded waits.
// Invariant: every wait is bounded (a test fails instead of hanging); every child is killed by its owner's
// destructor; an aggregator binds a wildcard port and reports the port the kernel gave it
// (<data-dir>/listening.endpoint), which the test reads back: parallel tests never collide, and no port is
// guessed free and then lost to another process before the bind.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <zmq.h>
#include "shared/domain/submission.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/store/terminal_store.hpp"
#include "shared/text/strings.hpp"

#include "cli/command_line.hpp"
#include "signed_submit.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/protocol/codec.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync::test {

inline std::string binary(const std::string& name) {
    return std::string(JIEBANG_BINARY_DIR) + "/sync/" + name;
}

class TempDir {
  public:
    TempDir() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("jiebang-sync-test-" + std::to_string(getpid()) + "-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code error;
        std::filesystem::remove_all(path_, error);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

// Polls `condition` every 50 ms for at most `seconds`.
inline bool wait_until(const std::function<bool()>& condition, double seconds = 30) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return condition();
}

class Process {
  public:
    Process() = default;
    Process(const std::string& program, const std::vector<std::string>& arguments,
            const std::filesystem::path& log) {
        start(program, arguments, log);
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process() { kill_hard(); }

    void start(const std::string& program, const std::vector<std::string>& arguments,
               const std::filesystem::path& log) {
        pid_ = fork();
        if (pid_ == 0) {
            int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            dup2(fd, 1);
            dup2(fd, 2);
            std::vector<char*> argv;
            argv.push_back(const_cast<char*>(program.c_str()));
            for (const auto& argument : arguments)
                argv.push_back(const_cast<char*>(argument.c_str()));
            argv.push_back(nullptr);
            execv(program.c_str(), argv.data());
            _exit(127);
        }
        exited_ = false;
    }
    bool running() {
        if (pid_ <= 0 || exited_)
            return false;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return false;
        }
        return true;
    }
    // Waits (bounded) for the process to end; returns its exit code or -1 if it did not end.
    int wait(double seconds = 30) {
        wait_until([this] { return !running(); }, seconds);
        return running() ? -1 : exit_code_;
    }
    int stop(double seconds = 15) {
        if (running())
            ::kill(pid_, SIGTERM);
        return wait(seconds);
    }
    void kill_hard() {
        if (running()) {
            ::kill(pid_, SIGKILL);
            wait(10);
        }
    }

  private:
    pid_t pid_ = -1;
    bool exited_ = true;
    int exit_code_ = -1;
};

inline std::string read_file(const std::filesystem::path& file) {
    std::ifstream input(file, std::ios::binary);
    std::stringstream buffer;
    buffer << input.rdbuf();
    return buffer.str();
}

inline int staff(const std::vector<std::string>& arguments, std::string* out = nullptr,
                 std::string* error = nullptr) {
    std::ostringstream out_stream, error_stream;
    const int code = jiebang::cli::run_command_line(arguments, out_stream, error_stream);
    if (out != nullptr)
        *out = out_stream.str();
    if (error != nullptr)
        *error = error_stream.str();
    if (code != 0)
        MESSAGE("staff command said: " << error_stream.str());
    return code;
}

// An aggregator with its data folder, port and public key.
class Aggregator {
  public:
    Aggregator(const TempDir& temp, const std::string& name, const std::string& role = "county")
        : data_dir_(temp / name), log_(temp / (name + ".log")), role_(role) {
        std::filesystem::create_directories(data_dir_);
        auto keys = CurveKeyPair::load_or_create(data_dir_ / "curve.key");
        REQUIRE(keys.ok());
        keys_ = keys.value();
        auto store = AggregatorStore::open(store_file());  // creates the schema so staff can enroll first
        REQUIRE(store.ok());
    }
    // Starts the daemon and waits (bounded) until it listens. The first start binds a port the kernel
    // chooses; a restart binds the same port again, so agents configured with endpoint() reconnect.
    void start(const std::vector<std::string>& extra = {}) {
        const std::filesystem::path endpoint_file = data_dir_ / "listening.endpoint";
        std::error_code ignored;
        std::filesystem::remove(endpoint_file, ignored);
        std::vector<std::string> arguments = {"--data-dir",
                                              data_dir_.string(),
                                              "--listen",
                                              port_ == 0 ? std::string("tcp://127.0.0.1:*") : endpoint(),
                                              "--role",
                                              role_,
                                              "--heartbeat-interval-ms",
                                              "300",
                                              "--handshake-timeout-ms",
                                              "3000"};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        process_.start(binary("jiebang-aggregator"), arguments, log_);
        const bool listening =
            wait_until([&] { return std::filesystem::exists(endpoint_file) || !process_.running(); });
        if (!listening || !std::filesystem::exists(endpoint_file))
            return;  // it did not come up: the test sees that through process() and the log
        const std::string bound = read_file(endpoint_file);
        const std::size_t colon = bound.rfind(':');
        REQUIRE_MESSAGE(colon != std::string::npos, "listening.endpoint: " << bound);
        const int port = std::stoi(bound.substr(colon + 1));
        REQUIRE(port > 0);
        if (port_ == 0)
            port_ = port;
        CHECK(port == port_);
    }
    Process& process() { return process_; }
    // The endpoint the aggregator listens on (known once it has started).
    std::string endpoint() const {
        REQUIRE_MESSAGE(port_ != 0, "the aggregator has not started listening yet");
        return "tcp://127.0.0.1:" + std::to_string(port_);
    }
    const CurveKeyPair& keys() const { return keys_; }
    std::filesystem::path store_file() const { return data_dir_ / "aggregator.sqlite"; }
    std::string store() const { return store_file().string(); }
    std::string log() const { return read_file(log_); }
    std::int64_t count(const std::string& sql) {
        auto store = AggregatorStore::open(store_file());
        REQUIRE(store.ok());
        auto value = store->database().query_int(sql);
        REQUIRE(value.ok());
        return value.value();
    }

  private:
    std::filesystem::path data_dir_;
    std::filesystem::path log_;
    std::string role_;
    CurveKeyPair keys_;
    Process process_;
    int port_ = 0;
};

// A terminal: its store, identity, signing key and CURVE key file, enrolled at an aggregator.
class Terminal {
  public:
    Terminal(const TempDir& temp, int number, const std::string& county = "440703")
        : store_file_(temp / ("terminal-" + std::to_string(number) + ".sqlite")),
          key_file_(temp / ("terminal-" + std::to_string(number) + ".curve")),
          log_(temp / ("agent-" + std::to_string(number) + ".log")) {
        identity_.terminal_id = county + "-" +
                                (number < 10    ? "00"
                                 : number < 100 ? "0"
                                                : "") +
                                std::to_string(number);
        identity_.profile_id = "jiangmen";
        identity_.city_code = "JM";
        identity_.county_admin_code = county;
        identity_.county_code = "03";
        identity_.terminal_number = number;
        signing_key_ = SigningKey::generate();
        auto keys = CurveKeyPair::load_or_create(key_file_);
        REQUIRE(keys.ok());
        curve_ = keys.value();
        auto store = store::TerminalStore::open(store_file_);
        REQUIRE(store.ok());
        REQUIRE(store->save_identity(identity_).ok());
    }

    // A terminal restored from `image`'s disk: a copy of its store (identity, outbox, daily sequence) under
    // other file names; with `same_keys` also its CURVE and signing keys (a plain copy of the disk), else
    // fresh keys (the copy was given new keys, but its store still says it is `image`).
    Terminal(const TempDir& temp, const std::string& name, const Terminal& image, bool same_keys)
        : store_file_(temp / (name + ".sqlite")),
          key_file_(temp / (name + ".curve")),
          log_(temp / ("agent-" + name + ".log")),
          identity_(image.identity_) {
        std::filesystem::copy_file(image.store_file_, store_file_);
        if (same_keys) {
            std::filesystem::copy_file(image.key_file_, key_file_);
            signing_key_ = image.signing_key_;
        } else {
            signing_key_ = SigningKey::generate();
        }
        auto keys = CurveKeyPair::load_or_create(key_file_);
        REQUIRE(keys.ok());
        curve_ = keys.value();
    }

    void enroll(const Aggregator& aggregator) { enroll_as(aggregator, identity_.terminal_id); }
    void enroll_as(const Aggregator& aggregator, const std::string& node_id) {
        REQUIRE(staff({"terminal", "enroll", "--store", aggregator.store(), "--id", node_id, "--county",
                       identity_.county_admin_code, "--curve-key", curve_.public_key, "--signing-key",
                       signing_key_.public_key_text()}) == 0);
    }

    // A complete, valid Jiangmen demand (signed_submit.hpp complete_demand_values), created now.
    static Submission demand(const std::string& project_name,
                             const std::string& uscc = "91440703MA4U111142") {
        Submission submission;
        submission.kind = SubmissionKind::Demand;
        submission.form_version = 1;
        submission.created_at = static_cast<std::int64_t>(std::time(nullptr));
        submission.values = complete_demand_values(project_name, uscc);
        return submission;
    }

    // Commits as the kiosk does: the receipt's date is the (UTC, in tests) date of created_at.
    store::CommittedSubmission commit(Submission submission) {
        auto store = store::TerminalStore::open(store_file_);
        REQUIRE(store.ok());
        auto forms = FormCatalog::load(default_assets_directory());
        REQUIRE(forms.ok());
        const FormDefinition& form = submission.kind == SubmissionKind::Bid ? forms->bid() : forms->demand();
        const std::time_t created = static_cast<std::time_t>(submission.created_at);
        std::tm date{};
        gmtime_r(&created, &date);
        const int local_date = (date.tm_year + 1900) * 10000 + (date.tm_mon + 1) * 100 + date.tm_mday;
        auto committed =
            store->commit_submission(std::move(submission), form, identity_, signing_key_, local_date);
        REQUIRE_MESSAGE(committed.ok(), committed.error().code << " " << committed.error().detail);
        return committed.value();
    }

    void start_agent(const Aggregator& aggregator, const std::vector<std::string>& extra = {}) {
        std::vector<std::string> arguments = {"--store",
                                              store_file_.string(),
                                              "--key-file",
                                              key_file_.string(),
                                              "--endpoint",
                                              aggregator.endpoint(),
                                              "--server-key",
                                              aggregator.keys().public_key,
                                              "--heartbeat-interval-ms",
                                              "300",
                                              "--reply-timeout-ms",
                                              "2000"};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        agent_.start(binary("jiebang-sync-agent"), arguments, log_);
    }
    Process& agent() { return agent_; }

    store::OutboxCounts counts() {
        auto store = store::TerminalStore::open(store_file_);
        REQUIRE(store.ok());
        auto counts = store->outbox_counts();
        REQUIRE(counts.ok());
        return counts.value();
    }
    store::TerminalStore open_store() {
        auto store = store::TerminalStore::open(store_file_);
        REQUIRE(store.ok());
        return std::move(store.value());
    }
    const store::TerminalIdentity& identity() const { return identity_; }
    const SigningKey& signing_key() const { return signing_key_; }
    const CurveKeyPair& curve() const { return curve_; }
    std::string agent_log() const { return read_file(log_); }

  private:
    std::filesystem::path store_file_;
    std::filesystem::path key_file_;
    std::filesystem::path log_;
    store::TerminalIdentity identity_;
    SigningKey signing_key_;
    CurveKeyPair curve_;
    Process agent_;
};

// The SUBMIT a terminal's agent sends for a committed submission (a demand).
inline Submit submit_for(const store::CommittedSubmission& committed) {
    Submit submit;
    submit.submission_id = committed.submission.id;
    submit.kind = committed.submission.kind == SubmissionKind::Bid ? SubmissionKindCode::Bid
                                                                   : SubmissionKindCode::Demand;
    submit.content_hash = committed.receipt.content_hash;
    submit.signature = committed.receipt.signature;
    submit.receipt_number = committed.receipt.number.text();
    submit.canonical_content = canonical_encoding(committed.submission);
    return submit;
}

// The events of one socket's monitor (zmq_socket_monitor): what happened to its connections, as libzmq saw
// it. Tests prove a refusal or a cut connection by these events, never by waiting out a timeout.
class ConnectionEvents {
  public:
    ConnectionEvents(ZmqContext& context, ZmqSocket& socket, int events) : pair_(context, ZMQ_PAIR) {
        static int counter = 0;
        const std::string endpoint =
            "inproc://test-monitor-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
        REQUIRE(zmq_socket_monitor(socket.handle(), endpoint.c_str(), events) == 0);
        REQUIRE(pair_.connect(endpoint).ok());
    }
    // Waits (at most timeout_ms) for the next event of kind `event`, skipping others; returns its value
    // (for ZMQ_EVENT_HANDSHAKE_FAILED_AUTH the ZAP status code, e.g. 400).
    std::optional<int> wait_for(int event, int timeout_ms = 20000) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < deadline) {
            auto frames = pair_.receive_frames(100);
            if (!frames || frames->empty() || (*frames)[0].size() < 6)
                continue;
            std::uint16_t kind = 0;
            std::uint32_t value = 0;
            std::memcpy(&kind, (*frames)[0].data(), 2);
            std::memcpy(&value, (*frames)[0].data() + 2, 4);
            seen_.push_back(kind);
            if (kind == event)
                return static_cast<int>(value);
        }
        return std::nullopt;
    }
    const std::vector<int>& seen() const { return seen_; }

  private:
    ZmqSocket pair_;
    std::vector<int> seen_;
};

// A raw JBSP client for tests: one DEALER with the given keys, request/response with a bounded wait.
class RawClient {
  public:
    RawClient(ZmqContext& context, const CurveKeyPair& keys, const Aggregator& aggregator)
        : socket_(context, ZMQ_DEALER) {
        REQUIRE(configure_client(socket_, keys, aggregator.keys().public_key, 3000).ok());
        REQUIRE(socket_.connect(aggregator.endpoint()).ok());
    }
    std::optional<Message> request(const Body& body, int timeout_ms = 5000) {
        auto frames = encode(Message{++correlation_, body});
        REQUIRE(frames.ok());
        REQUIRE(socket_.send_frames(frames.value()).ok());
        return receive(timeout_ms);
    }
    // Sends without waiting for a connection; empty when the send could not go or nothing came back.
    std::optional<Message> try_request(const std::vector<std::string>& frames, int timeout_ms) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (!socket_.send_frames(frames, true).ok()) {
            if (std::chrono::steady_clock::now() > deadline)
                return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return receive(timeout_ms);
    }
    std::optional<Message> send_raw(const std::vector<std::string>& frames, int timeout_ms = 5000) {
        REQUIRE(socket_.send_frames(frames).ok());
        return receive(timeout_ms);
    }
    std::optional<Message> receive(int timeout_ms) {
        auto frames = socket_.receive_frames(timeout_ms);
        if (!frames || frames->empty())
            return std::nullopt;
        std::vector<std::string_view> views(frames->begin(), frames->end());
        auto message = decode(views);
        REQUIRE(message.ok());
        return message.value();
    }
    ZmqSocket& socket() { return socket_; }

  private:
    ZmqSocket socket_;
    std::uint64_t correlation_ = 0;
};

}  // namespace jiebang::sync::test

// sync/aggregator/aggregator.cpp — jiebang-aggregator's server loop, ZAP handler, submission checks, county
// upstream link and configuration (docs/protocol.md sections 5, 7, 8).
// Invariants:
//  - The ZAP handler is bound before the ROUTER, and the ROUTER enforces the ZAP domain: no handshake
//    completes without a "200" from the handler, which answers 200 only for an active enrolled CURVE key.
//  - The sender of a message is the ZAP User-Id (node id) of the message; bodies never name the sender.
//  - SUBMITs gathered in one poll round are written in one transaction; ACK/CONFLICT replies are sent only
//    after COMMIT returned ok (synchronous=FULL). If the commit fails every SUBMIT of the round gets a
//    transient ERROR and nothing is acknowledged.
//  - Rounds are committed in the order they arrived. The checks of a round (SHA-256, JSON, Ed25519: pure,
//    no store access) run on a thread pool while the round before it is written and fsynced; at most two
//    rounds are in flight, and a stop commits and answers the pending one before the process exits.
//  - Log lines carry node ids, submission ids, codes and counts only.
//
// Index: [SECTION] Configuration  [SECTION] Logging and systemd  [SECTION] ZAP handler
//        [SECTION] Submission checks  [SECTION] County upstream  [SECTION] Server loop
#include "sync/aggregator/aggregator.hpp"

#include <sodium.h>
#include <zmq.h>

#include <toml++/toml.h>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

#ifdef JIEBANG_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "shared/domain/submission.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/validate/validators.hpp"
#include "sync/agent/client_session.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/protocol/codec.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

// [SECTION] Configuration
namespace {
Result<int> parse_positive(std::string_view key, std::string_view text) {
    int value = 0;
    for (char character : text) {
        if (character < '0' || character > '9' || value > 100000000) {
            return Error("config.value", std::string(key), "expected a positive whole number");
        }
        value = value * 10 + (character - '0');
    }
    if (text.empty() || value <= 0)
        return Error("config.value", std::string(key), "expected a positive whole number");
    return value;
}

Status check_config(const AggregatorConfig& config) {
    if (config.data_dir.empty())
        return Error("config.usage", "data_dir", "--data-dir is required");
    if (config.role != "county" && config.role != "city") {
        return Error("config.value", "role", "role must be county or city");
    }
    if (!config.upstream_endpoint.empty() && config.role != "county") {
        return Error("config.value", "upstream.endpoint", "only a county aggregator has an upstream");
    }
    if (!config.upstream_endpoint.empty() && !is_valid_curve_key_text(config.upstream_public_key)) {
        return Error("config.value", "upstream.server_public_key",
                     "the city's 40-character Z85 CURVE public key");
    }
    return ok_status();
}
}  // namespace

Status apply_aggregator_toml(AggregatorConfig& config, const std::filesystem::path& file) {
    toml::table table;
    try {
        table = toml::parse_file(file.string());
    } catch (const toml::parse_error& error) {
        return Error("config.file", file.string(), std::string(error.description()))
            .with("line", std::to_string(error.source().begin.line));
    }
    static const std::vector<std::string> top_keys = {
        "role",      "listen",  "data_dir", "window", "heartbeat_interval_ms", "handshake_timeout_ms",
        "batch_max", "upstream"};
    for (const auto& [key, node] : table) {
        if (std::find(top_keys.begin(), top_keys.end(), std::string(key.str())) == top_keys.end()) {
            return Error("config.key", std::string(key.str()), "unknown key in " + file.string());
        }
    }
    auto text = [&](const toml::node_view<toml::node> view, const char* key, std::string& out) -> Status {
        if (!view)
            return ok_status();
        if (!view.is_string())
            return Error("config.value", key, "expected text");
        out = view.value<std::string>().value_or("");
        return ok_status();
    };
    auto number = [&](const toml::node_view<toml::node> view, const char* key, int& out) -> Status {
        if (!view)
            return ok_status();
        if (!view.is_integer() || view.value<std::int64_t>().value_or(0) <= 0) {
            return Error("config.value", key, "expected a positive whole number");
        }
        out = static_cast<int>(view.value<std::int64_t>().value_or(1));
        return ok_status();
    };
    std::string data_dir;
    for (auto status :
         {text(table["role"], "role", config.role), text(table["listen"], "listen", config.listen),
          text(table["data_dir"], "data_dir", data_dir), number(table["window"], "window", config.window),
          number(table["heartbeat_interval_ms"], "heartbeat_interval_ms", config.heartbeat_interval_ms),
          number(table["handshake_timeout_ms"], "handshake_timeout_ms", config.handshake_timeout_ms),
          number(table["batch_max"], "batch_max", config.batch_max)}) {
        if (!status)
            return status;
    }
    if (!data_dir.empty())
        config.data_dir = data_dir;
    if (auto upstream = table["upstream"]; upstream) {
        if (!upstream.is_table())
            return Error("config.value", "upstream", "expected a table [upstream]");
        for (const auto& [key, node] : *upstream.as_table()) {
            const std::string name(key.str());
            if (name != "endpoint" && name != "server_public_key" && name != "reply_timeout_ms") {
                return Error("config.key", "upstream." + name, "unknown key in " + file.string());
            }
        }
        for (auto status :
             {text(upstream["endpoint"], "upstream.endpoint", config.upstream_endpoint),
              text(upstream["server_public_key"], "upstream.server_public_key", config.upstream_public_key),
              number(upstream["reply_timeout_ms"], "upstream.reply_timeout_ms",
                     config.upstream_reply_timeout_ms)}) {
            if (!status)
                return status;
        }
    }
    return ok_status();
}

Result<AggregatorConfig> parse_aggregator_arguments(const std::vector<std::string>& arguments) {
    AggregatorConfig config;
    std::map<std::string, std::string> flags;
    for (std::size_t index = 0; index < arguments.size(); ++index) {
        const std::string& argument = arguments[index];
        if (argument == "--print-public-key") {
            config.print_public_key = true;
            continue;
        }
        if (argument == "--check-store") {
            config.check_store = true;
            continue;
        }
        static const std::vector<std::string> known = {"--data-dir",
                                                       "--config",
                                                       "--listen",
                                                       "--role",
                                                       "--upstream",
                                                       "--upstream-key",
                                                       "--window",
                                                       "--batch-max",
                                                       "--heartbeat-interval-ms",
                                                       "--handshake-timeout-ms"};
        if (std::find(known.begin(), known.end(), argument) == known.end()) {
            return Error("config.usage", argument, "unknown option " + argument);
        }
        if (index + 1 >= arguments.size())
            return Error("config.usage", argument, argument + " needs a value");
        flags[argument] = arguments[++index];
    }
    if (auto found = flags.find("--config"); found != flags.end()) {
        if (auto status = apply_aggregator_toml(config, found->second); !status)
            return status.error();
    }
    for (const auto& [flag, value] : flags) {
        if (flag == "--data-dir")
            config.data_dir = value;
        if (flag == "--listen")
            config.listen = value;
        if (flag == "--role")
            config.role = value;
        if (flag == "--upstream")
            config.upstream_endpoint = value;
        if (flag == "--upstream-key")
            config.upstream_public_key = value;
        int* target = flag == "--window"                  ? &config.window
                      : flag == "--batch-max"             ? &config.batch_max
                      : flag == "--heartbeat-interval-ms" ? &config.heartbeat_interval_ms
                      : flag == "--handshake-timeout-ms"  ? &config.handshake_timeout_ms
                                                          : nullptr;
        if (target != nullptr) {
            auto number = parse_positive(flag, value);
            if (!number)
                return number.error();
            *target = number.value();
        }
    }
    if (auto status = check_config(config); !status)
        return status.error();
    return config;
}

// [SECTION] Logging and systemd
namespace {
class Log {
  public:
    explicit Log(std::ostream& out) : out_(out) {}
    void line(const std::string& text) {
        std::lock_guard lock(mutex_);
        out_ << "jiebang-aggregator: " << text << std::endl;
    }

  private:
    std::ostream& out_;
    std::mutex mutex_;
};

// The next step for an operator, for the store errors that need a person (appended to a log line).
std::string operator_hint(const Error& error) {
    if (error.code == "store.corrupt")
        return "; the store file is damaged: jiebang-aggregator --check-store lists SQLite's findings";
    return {};
}

void notify_systemd([[maybe_unused]] const char* state) {
#ifdef JIEBANG_HAVE_SYSTEMD
    sd_notify(0, state);
#endif
}

// [SECTION] ZAP handler
// ZAP/1.0 (RFC 27): request frames version, request id, domain, address, identity, mechanism, credentials;
// reply frames version, request id, status code, status text, user id, metadata.
void run_zap_handler(ZmqSocket& socket, const std::filesystem::path& store_file,
                     const std::atomic<bool>& stop, Log& log) {
    auto store = AggregatorStore::open(store_file);
    if (!store) {
        log.line("zap: cannot open store (" + store.error().code + "); refusing every client");
    }
    while (!stop.load()) {
        auto frames = socket.receive_frames(100);
        if (!frames || frames->empty())
            continue;
        const auto& request = frames.value();
        std::string status_code = "400";
        std::string status_text = "not enrolled";
        std::string user_id;
        if (request.size() >= 7 && request[0] == "1.0" && request[2] == zap_domain && request[5] == "CURVE" &&
            request[6].size() == 32 && store) {
            char key_text[41] = {};
            zmq_z85_encode(key_text, reinterpret_cast<const std::uint8_t*>(request[6].data()), 32);
            auto node = store->active_node_by_curve_key(key_text);
            if (node && node->has_value()) {
                status_code = "200";
                status_text = "OK";
                user_id = (**node).node_id;
            } else if (!node) {
                status_text = "store unavailable";
                log.line("zap: store error " + node.error().code);
            } else {
                log.line("zap: refused an unenrolled CURVE key");
            }
        } else {
            log.line("zap: refused a handshake that is not CURVE in domain jiebang");
        }
        const std::string request_id = request.size() > 1 ? request[1] : std::string();
        (void)socket.send_frames({"1.0", request_id, status_code, status_text, user_id, ""});
    }
}

// [SECTION] Submission checks
struct Checked {
    std::optional<ErrorReply> error;
    StoredSubmission stored;
};

std::string uscc_flag(const std::string& uscc_text, const std::string& county) {
    if (uscc_text.empty())
        return {};
    auto uscc = check_uscc(uscc_text);
    if (!uscc)
        return "uscc_invalid";
    if (uscc->admin_division_code == county)
        return {};
    if (uscc->admin_division_code.substr(0, 4) == county.substr(0, 4))
        return "uscc_other_county";
    return "uscc_outside_city";
}

Checked check_submission(const Submit& submit, const NodeRecord& node, const std::string& server_role,
                         std::int64_t now) {
    Checked checked;
    auto fail = [&](WireError error, std::string detail) {
        checked.error = ErrorReply{error, submit.submission_id, std::move(detail)};
        return checked;
    };
    HashBytes hash{};
    crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(submit.canonical_content.data()),
                       submit.canonical_content.size());
    if (hash != submit.content_hash)
        return fail(WireError::HashMismatch, "SHA-256 of the content differs");
    auto parsed = submission_from_json(submit.canonical_content);
    if (!parsed)
        return fail(WireError::InvalidContent, parsed.error().code + " " + parsed.error().field);
    const Submission& submission = parsed.value();
    const bool is_bid = submission.kind == SubmissionKind::Bid;
    if (submission.id != submit.submission_id || is_bid != (submit.kind == SubmissionKindCode::Bid)) {
        return fail(WireError::InvalidContent, "id or kind differ from the content");
    }
    std::string signing_key;
    if (node.kind == "terminal") {
        if (!submit.origin_signing_key.empty())
            return fail(WireError::NotAllowed, "a terminal sends its own key");
        signing_key = node.signing_public_key;
    } else {
        if (server_role != "city" || submit.origin_signing_key.empty()) {
            return fail(WireError::NotAllowed, "forwarding needs a city server and the origin key");
        }
        signing_key = submit.origin_signing_key;
    }
    auto number = ReceiptNumber::parse(submit.receipt_number);
    if (!number)
        return fail(WireError::InvalidContent, "receipt number: " + number.error().code);
    auto key = parse_public_key(signing_key);
    if (!key)
        return fail(WireError::BadSignature, "no usable signing key for this node");
    Receipt receipt{number.value(), submit.content_hash, submit.signature};
    if (auto verified = verify_receipt(receipt, key.value()); !verified) {
        return fail(WireError::BadSignature, "receipt signature does not verify");
    }

    StoredSubmission& stored = checked.stored;
    stored.submission_id = submit.submission_id;
    stored.kind = is_bid ? "bid" : "demand";
    stored.receipt_number = number->text();
    stored.content_hash = submit.content_hash;
    stored.signature = submit.signature;
    stored.canonical_content = submit.canonical_content;
    stored.origin_signing_key = signing_key;
    stored.via_node = node.node_id;
    stored.county_admin_code = node.county_admin_code;
    stored.received_at = now;
    stored.profile_id = submission.profile_id;
    stored.project_name = field_text(submission, is_bid ? "team_name" : "project_name");
    stored.industry_id = field_text(submission, "industry_field");
    stored.unit_name = field_text(submission, is_bid ? "solver_name" : "issuer_name");
    stored.unit_uscc = field_text(submission, is_bid ? "solver_uscc" : "issuer_uscc");
    if (is_bid)
        stored.listing_id = field_text(submission, "listing_id");
    std::vector<std::string> flags;
    if (node.kind == "terminal" && submission.terminal_id != node.node_id)
        flags.push_back("terminal_mismatch");
    if (auto flag = uscc_flag(stored.unit_uscc, node.county_admin_code); !flag.empty())
        flags.push_back(flag);
    for (const std::string& flag : flags)
        stored.flags += (stored.flags.empty() ? "" : ",") + flag;
    return checked;
}

// [SECTION] County upstream
class CountyUploadSource : public UploadSource {
  public:
    explicit CountyUploadSource(AggregatorStore& store) : store_(store) {}

    Result<std::vector<Submit>> pending(int limit) override {
        auto queue = store_.forward_queue(limit);
        if (!queue)
            return queue.error();
        std::vector<Submit> result;
        for (const StoredSubmission& stored : queue.value()) {
            Submit submit;
            submit.submission_id = stored.submission_id;
            submit.kind = stored.kind == "bid" ? SubmissionKindCode::Bid : SubmissionKindCode::Demand;
            submit.content_hash = stored.content_hash;
            submit.signature = stored.signature;
            submit.receipt_number = stored.receipt_number;
            submit.canonical_content = stored.canonical_content;
            submit.origin_signing_key = stored.origin_signing_key;
            result.push_back(std::move(submit));
        }
        return result;
    }
    Status acknowledged(const std::string& submission_id, std::int64_t now) override {
        return store_.mark_forward_acknowledged(submission_id, now);
    }
    Status quarantined(const std::string& submission_id, std::string_view error_code, std::int64_t) override {
        return store_.mark_forward_quarantined(submission_id, error_code);
    }
    Status attempt_failed(const std::string& submission_id, std::string_view error_code,
                          std::int64_t) override {
        return store_.record_forward_attempt(submission_id, error_code);
    }
    Result<Backlog> backlog() override {
        auto count = store_.forward_pending_count();
        if (!count)
            return count.error();
        return Backlog{count.value(), 0, 0};
    }
    Result<std::int64_t> board_version() override {
        auto board = store_.latest_board();
        if (!board)
            return board.error();
        return board->has_value() ? (**board).version : 0;
    }
    Status apply_board(const Board& board, const BoardSnapshot& snapshot, std::int64_t now) override {
        return store_.store_board(BoardRecord{board.version, snapshot.hash_hex, snapshot.board_json, now});
    }
    Result<std::int64_t> status_sequence() override { return store_.upstream_status_sequence(); }
    Status apply_status(const std::vector<StatusEntry>& entries, std::int64_t now) override {
        return store_.apply_upstream_status(entries, now);
    }

  private:
    AggregatorStore& store_;
};

void run_upstream(const AggregatorConfig& config, const CurveKeyPair& keys, const std::atomic<bool>& stop,
                  Log& log) {
    auto store = AggregatorStore::open(config.store_file());
    if (!store) {
        log.line("upstream: cannot open store (" + store.error().code + ")");
        return;
    }
    CountyUploadSource source(store.value());
    ClientSessionConfig session_config;
    session_config.endpoint = config.upstream_endpoint;
    session_config.server_public_key = config.upstream_public_key;
    session_config.client_keys = keys;
    session_config.node_kind = NodeKind::County;
    session_config.window = config.window;
    session_config.heartbeat_interval_ms = config.heartbeat_interval_ms;
    session_config.reply_timeout_ms = config.upstream_reply_timeout_ms;
    session_config.handshake_timeout_ms = config.handshake_timeout_ms;
    ClientSession session(session_config, source);
    log.line("upstream: connecting to the city at " + config.upstream_endpoint);
    session.run(stop);
}

// [SECTION] Server loop
struct Incoming {
    std::string routing_id;
    std::string node_id;
    std::vector<std::string> frames;
};

struct PendingCheck {
    const Incoming* incoming = nullptr;
    std::uint64_t correlation_id = 0;
    Submit submit;
    NodeRecord node;
    Checked checked;
};

struct Contact {
    bool with_backlog = false;
    std::int64_t backlog = 0;
    std::int64_t oldest = 0;
};

// The messages of one poll round, its SUBMITs with their checks, and the nodes heard from. Kept (at a fixed
// address: replies are addressed through pointers into `messages`) until its transaction committed and
// its replies were sent.
struct Round {
    std::vector<Incoming> messages;
    std::vector<PendingCheck> submits;
    std::map<std::string, Contact> contacts;
    std::int64_t now = 0;
    std::atomic<std::size_t> next_check{0};   // the next SUBMIT to claim for checking
    std::atomic<std::size_t> checks_done{0};  // SUBMITs whose check has finished
    std::size_t workers = 0;                  // pool threads inside this round (guarded by the pool's mutex)
};

// Threads that run the pure SUBMIT checks (SHA-256, JSON, Ed25519) of posted rounds, oldest round first, so
// that the server thread can write and fsync one round while the next is being checked. The server thread
// helps with the round it waits for, so a round is never left waiting for a busy pool.
class CheckPool {
  public:
    CheckPool(std::size_t threads, std::string server_role) : server_role_(std::move(server_role)) {
        for (std::size_t index = 0; index < threads; ++index)
            threads_.emplace_back([this] { work(); });
    }
    CheckPool(const CheckPool&) = delete;
    CheckPool& operator=(const CheckPool&) = delete;
    ~CheckPool() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        work_posted_.notify_all();
        for (std::thread& thread : threads_)
            thread.join();
    }

    void post(Round& round) {
        if (round.submits.empty())
            return;
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(&round);
        }
        work_posted_.notify_all();
    }

    // Checks whatever of the round no thread has claimed yet, then waits until every check of the round is
    // done and no pool thread still holds the round.
    void finish(Round& round) {
        while (check_next(round)) {
        }
        std::unique_lock lock(mutex_);
        queue_.erase(std::remove(queue_.begin(), queue_.end(), &round), queue_.end());
        round_finished_.wait(
            lock, [&] { return round.checks_done.load() == round.submits.size() && round.workers == 0; });
    }

  private:
    // Claims and checks one SUBMIT of the round; false when none was left to claim.
    bool check_next(Round& round) {
        const std::size_t index = round.next_check.fetch_add(1);
        if (index >= round.submits.size())
            return false;
        PendingCheck& pending = round.submits[index];
        pending.checked = check_submission(pending.submit, pending.node, server_role_, round.now);
        if (round.checks_done.fetch_add(1) + 1 == round.submits.size()) {
            std::lock_guard lock(mutex_);
            round_finished_.notify_all();
        }
        return true;
    }

    void work() {
        std::unique_lock lock(mutex_);
        while (true) {
            work_posted_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_)
                return;
            Round* round = queue_.front();
            if (round->next_check.load() >= round->submits.size()) {
                queue_.pop_front();  // every check claimed; the server thread waits for the last ones
                continue;
            }
            round->workers++;
            lock.unlock();
            while (check_next(*round)) {
            }
            lock.lock();
            round->workers--;
            round_finished_.notify_all();
        }
    }

    std::string server_role_;
    std::mutex mutex_;
    std::condition_variable work_posted_;
    std::condition_variable round_finished_;
    std::deque<Round*> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

std::size_t check_threads() {
    const std::size_t cores = std::max<std::size_t>(1, std::thread::hardware_concurrency());
    return std::clamp<std::size_t>(cores - 1, 1, 3);  // the server thread checks too
}

class Server {
  public:
    Server(const AggregatorConfig& config, AggregatorStore& store, ZmqSocket& router, Log& log)
        : config_(config), store_(store), router_(router), log_(log), pool_(check_threads(), config.role) {}

    // Takes the messages of a new poll round (possibly none): decodes them, answers what needs no commit,
    // and posts the checks of their SUBMITs; then commits the round taken before and sends its replies.
    // So one round is checked while the previous one is written and fsynced; every ACK and CONFLICT still
    // goes out only after the COMMIT of its own round, and rounds are written in the order they arrived.
    void take(std::vector<Incoming> messages) {
        std::unique_ptr<Round> next;
        if (!messages.empty())
            next = start(std::move(messages));
        if (pending_ != nullptr)
            finish(*pending_);
        pending_ = std::move(next);
    }
    // True while a round waits for its commit: the caller then polls without waiting and calls take() again.
    bool has_pending() const { return pending_ != nullptr; }

  private:
    std::unique_ptr<Round> start(std::vector<Incoming> messages) {
        auto round = std::make_unique<Round>();
        round->messages = std::move(messages);
        round->now = unix_now();
        const std::int64_t now = round->now;
        for (const Incoming& incoming : round->messages) {
            if (incoming.node_id.empty())
                continue;  // cannot happen with ZAP enforced; never trust it
            auto node = node_record(incoming.node_id);
            if (!node)
                continue;
            round->contacts[incoming.node_id];
            std::vector<std::string_view> views(incoming.frames.begin(), incoming.frames.end());
            auto message = decode(views);
            if (!message) {
                refuse(incoming, views, message.error());
                continue;
            }
            const std::uint64_t id = message->correlation_id;
            std::visit(
                [&](auto& body) {
                    using T = std::decay_t<decltype(body)>;
                    if constexpr (std::is_same_v<T, Hello>) {
                        reply(incoming, id, welcome(*node, now));
                    } else if constexpr (std::is_same_v<T, Heartbeat>) {
                        round->contacts[incoming.node_id] =
                            Contact{true, body.pending, body.oldest_pending_created_at};
                        reply(incoming, id,
                              HeartbeatReply{now, board_version(), status_sequence(node->node_id)});
                    } else if constexpr (std::is_same_v<T, BoardRequest>) {
                        reply(incoming, id, board_snapshot());
                    } else if constexpr (std::is_same_v<T, StatusRequest>) {
                        auto entries = store_.status_since(node->node_id, body.since_sequence,
                                                           static_cast<int>(body.max_count));
                        if (!entries) {
                            reply(incoming, id,
                                  ErrorReply{WireError::StoreUnavailable, "", "status unavailable"});
                        } else {
                            reply(incoming, id,
                                  StatusUpdates{status_sequence(node->node_id), entries.value()});
                        }
                    } else if constexpr (std::is_same_v<T, Submit>) {
                        round->submits.push_back(PendingCheck{&incoming, id, std::move(body), *node, {}});
                    } else {
                        reply(incoming, id, ErrorReply{WireError::UnknownCommand, "", "not a request"});
                    }
                },
                message->body);
        }
        pool_.post(*round);
        return round;
    }

    void finish(Round& round) {
        pool_.finish(round);
        std::vector<std::pair<const Incoming*, std::pair<std::uint64_t, StoredSubmission>>> inserts;
        for (PendingCheck& pending : round.submits) {
            if (pending.checked.error) {
                log_.line("refused submission " + pending.submit.submission_id + " from " +
                          pending.node.node_id + ": " +
                          std::string(wire_error_name(pending.checked.error->error)));
                reply(*pending.incoming, pending.correlation_id, *pending.checked.error);
            } else {
                inserts.push_back(
                    {pending.incoming, {pending.correlation_id, std::move(pending.checked.stored)}});
            }
        }
        if (inserts.empty() && round.contacts.empty())
            return;

        // Group commit: one transaction for the whole round, replies after COMMIT.
        std::vector<std::pair<const Incoming*, Message>> replies;
        Status committed = commit_round(inserts, round.contacts, round.now, replies);
        if (!committed) {
            log_.line("commit failed (" + committed.error().code + "); " + std::to_string(inserts.size()) +
                      " submissions answered with store_unavailable" + operator_hint(committed.error()));
            for (const auto& [incoming, insert] : inserts) {
                reply(*incoming, insert.first,
                      ErrorReply{WireError::StoreUnavailable, insert.second.submission_id, "commit failed"});
            }
            return;
        }
        for (const auto& [incoming, message] : replies)
            reply(*incoming, message.correlation_id, message.body);
    }

    Status commit_round(
        const std::vector<std::pair<const Incoming*, std::pair<std::uint64_t, StoredSubmission>>>& inserts,
        const std::map<std::string, Contact>& contacts, std::int64_t now,
        std::vector<std::pair<const Incoming*, Message>>& replies) {
        auto transaction = store::Transaction::begin(store_.database());
        if (!transaction)
            return transaction.error();
        for (const auto& [incoming, insert] : inserts) {
            HashBytes stored_hash{};
            auto outcome = store_.insert_submission(insert.second, &stored_hash);
            if (!outcome)
                return outcome.error();
            if (outcome.value() == InsertOutcome::Conflict) {
                log_.line("conflict for submission " + insert.second.submission_id + " from " +
                          incoming->node_id);
                replies.push_back(
                    {incoming, Message{insert.first, Conflict{insert.second.submission_id, stored_hash}}});
            } else {
                const auto disposition = outcome.value() == InsertOutcome::Stored ? AckDisposition::Stored
                                                                                  : AckDisposition::Duplicate;
                replies.push_back(
                    {incoming, Message{insert.first, Ack{insert.second.submission_id, disposition}}});
            }
        }
        for (const auto& [node_id, contact] : contacts) {
            if (auto status = store_.record_contact(node_id, now, contact.backlog, contact.oldest,
                                                    contact.with_backlog);
                !status) {
                return status;
            }
        }
        return transaction->commit();
    }

    std::optional<NodeRecord> node_record(const std::string& node_id) {
        const std::int64_t now_ms = monotonic_milliseconds();
        if (now_ms - nodes_loaded_ms_ > 2000) {
            nodes_.clear();
            nodes_loaded_ms_ = now_ms;
        }
        auto cached = nodes_.find(node_id);
        if (cached != nodes_.end())
            return cached->second;
        auto node = store_.node(node_id);
        if (!node || !node->has_value())
            return std::nullopt;
        nodes_[node_id] = **node;
        return **node;
    }

    Welcome welcome(const NodeRecord& node, std::int64_t now) {
        return Welcome{node.node_id,
                       node.county_admin_code,
                       config_.role,
                       now,
                       board_version(),
                       status_sequence(node.node_id),
                       static_cast<std::uint32_t>(config_.window),
                       static_cast<std::uint32_t>(config_.heartbeat_interval_ms)};
    }

    std::int64_t board_version() {
        auto board = store_.latest_board();
        return board && board->has_value() ? (**board).version : 0;
    }
    std::int64_t status_sequence(const std::string& node_id) {
        auto sequence = store_.latest_status_sequence(node_id);
        return sequence ? sequence.value() : 0;
    }
    BoardSnapshot board_snapshot() {
        auto board = store_.latest_board();
        if (!board || !board->has_value())
            return BoardSnapshot{};
        return BoardSnapshot{(**board).version, (**board).hash_hex, (**board).board_json};
    }

    void refuse(const Incoming& incoming, const std::vector<std::string_view>& views, const Error& error) {
        std::uint64_t correlation_id = 0;
        if (!views.empty()) {
            if (auto header = decode_header(views[0]); header)
                correlation_id = header->correlation_id;
        }
        WireError wire = WireError::BadMessage;
        if (error.code == "protocol.version")
            wire = WireError::UnsupportedVersion;
        if (error.code == "protocol.command")
            wire = WireError::UnknownCommand;
        log_.line("refused a message from " + incoming.node_id + ": " + error.code + " " + error.field);
        reply(incoming, correlation_id, ErrorReply{wire, "", error.code + " " + error.field});
    }

    void reply(const Incoming& incoming, std::uint64_t correlation_id, const Body& body) {
        auto frames = encode(Message{correlation_id, body});
        if (!frames) {
            log_.line("cannot encode a reply: " + frames.error().code);
            return;
        }
        frames->insert(frames->begin(), incoming.routing_id);
        if (auto sent = router_.send_frames(frames.value(), true); !sent) {
            log_.line("reply to " + incoming.node_id + " dropped: " + sent.error().code);
        }
    }

    const AggregatorConfig& config_;
    AggregatorStore& store_;
    ZmqSocket& router_;
    Log& log_;
    std::unique_ptr<Round> pending_;  // taken, checks posted, not yet committed
    CheckPool pool_;                  // after pending_: its threads are joined before pending_ goes away
    std::map<std::string, NodeRecord> nodes_;
    std::int64_t nodes_loaded_ms_ = 0;
};

}  // namespace

int check_aggregator_store(const AggregatorConfig& config, std::ostream& out, std::ostream& log_stream) {
    Log log(log_stream);
    const std::filesystem::path file = config.store_file();
    std::error_code error_code;
    if (!std::filesystem::is_regular_file(file, error_code)) {
        log.line("check: there is no store at " + file.string());
        return 1;
    }
    auto store = AggregatorStore::open(file);
    if (!store) {
        log.line("check: " + store.error().code + " " + store.error().detail);
        return 1;
    }
    if (auto checked = store->database().check_integrity(); !checked) {
        log.line("check: " + checked.error().code + " " + checked.error().detail);
        return 1;
    }
    out << "store ok: " << file.string() << "\n";
    return 0;
}

int run_aggregator(const AggregatorConfig& config, const std::atomic<bool>& stop, std::ostream& log_stream) {
    Log log(log_stream);
    if (sodium_init() < 0) {
        log.line("libsodium failed to initialise");
        return 1;
    }
    std::error_code error_code;
    std::filesystem::create_directories(config.data_dir, error_code);
    auto keys = CurveKeyPair::load_or_create(config.key_file());
    if (!keys) {
        log.line("cannot load or create the CURVE key: " + keys.error().code + " " + keys.error().field);
        return 1;
    }
    auto store = AggregatorStore::open(config.store_file());
    if (!store) {
        log.line("cannot open the store: " + store.error().code + " " + store.error().detail +
                 operator_hint(store.error()));
        return 1;
    }
    if (auto status = store->set_setting("role", config.role); !status) {
        log.line("cannot write the store: " + status.error().code);
        return 1;
    }

    ZmqContext context;
    std::atomic<bool> stop_threads{false};
    ZmqSocket zap(context, ZMQ_REP);
    if (auto status = zap.bind(zap_endpoint); !status) {
        log.line("cannot bind the ZAP handler: " + status.error().detail);
        return 1;
    }
    std::thread zap_thread([&] { run_zap_handler(zap, config.store_file(), stop_threads, log); });

    ZmqSocket router(context, ZMQ_ROUTER);
    Status setup = configure_server(router, keys.value(), config.handshake_timeout_ms);
    if (setup)
        setup = router.bind(config.listen);
    if (!setup) {
        log.line("cannot listen on " + config.listen + ": " + setup.error().detail);
        stop_threads = true;
        zap_thread.join();
        return 1;
    }
    std::thread upstream_thread;
    if (config.role == "county" && !config.upstream_endpoint.empty()) {
        upstream_thread = std::thread([&] { run_upstream(config, keys.value(), stop_threads, log); });
    }
    // The endpoint actually bound: with a wildcard port ("tcp://127.0.0.1:*") the kernel chooses one. It is
    // logged and written to <data-dir>/listening.endpoint (whole or not at all), so whoever started the
    // daemon (the tests: no guessed free port, no race) can connect.
    char bound[256] = {};
    std::size_t bound_size = sizeof bound - 1;
    const std::string listening =
        zmq_getsockopt(router.handle(), ZMQ_LAST_ENDPOINT, bound, &bound_size) == 0 ? bound : config.listen;
    {
        const std::filesystem::path endpoint_file = config.data_dir / "listening.endpoint";
        std::ofstream(endpoint_file.string() + ".new", std::ios::trunc) << listening << "\n";
        std::error_code renamed;
        std::filesystem::rename(endpoint_file.string() + ".new", endpoint_file, renamed);
        if (renamed)
            log.line("cannot write " + endpoint_file.string() + ": " + renamed.message());
    }
    log.line("listening on " + listening + " as " + config.role + ", public key " + keys->public_key);
    notify_systemd("READY=1");

    Server server(config, store.value(), router, log);
    std::int64_t last_watchdog_ms = 0;
    std::int64_t rounds = 0;
    std::int64_t messages = 0;
    while (!stop.load()) {
        std::vector<Incoming> round;
        std::string user_id;
        auto frames = router.receive_frames(server.has_pending() ? 0 : 200, &user_id);
        while (frames && !frames->empty() && static_cast<int>(round.size()) < config.batch_max) {
            Incoming incoming;
            incoming.node_id = user_id;
            incoming.routing_id = std::move(frames->front());
            incoming.frames.assign(std::make_move_iterator(frames->begin() + 1),
                                   std::make_move_iterator(frames->end()));
            round.push_back(std::move(incoming));
            frames = router.receive_frames(0, &user_id);
        }
        if (!frames) {
            log.line("receive failed: " + frames.error().detail);
        } else if (!frames->empty()) {
            // The round is full and one more message was already read: it joins this round (batch_max + 1).
            Incoming incoming;
            incoming.node_id = user_id;
            incoming.routing_id = std::move(frames->front());
            incoming.frames.assign(std::make_move_iterator(frames->begin() + 1),
                                   std::make_move_iterator(frames->end()));
            round.push_back(std::move(incoming));
        }
        if (!round.empty()) {
            rounds++;
            messages += static_cast<std::int64_t>(round.size());
        }
        server.take(std::move(round));
        const std::int64_t now_ms = monotonic_milliseconds();
        if (now_ms - last_watchdog_ms > 1000) {
            notify_systemd("WATCHDOG=1");
            last_watchdog_ms = now_ms;
        }
    }
    server.take({});  // commits and answers the round still pending
    notify_systemd("STOPPING=1");
    log.line("stopping after " + std::to_string(messages) + " messages in " + std::to_string(rounds) +
             " rounds");
    stop_threads = true;
    if (upstream_thread.joinable())
        upstream_thread.join();
    zap_thread.join();
    router.close();
    zap.close();
    return 0;
}

}  // namespace jiebang::sync

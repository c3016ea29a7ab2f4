// sync/agent/client_session.cpp — the JBSP/1 client state machine (OFFLINE -> CONNECTING -> ONLINE ->
// BACKOFF). One thread, one DEALER socket at a time; every request gets a fresh correlation id, and replies
// to ids this socket did not send (stale after a reconnect) are ignored.
//
// Index: [SECTION] Clock  [SECTION] Session state  [SECTION] Run loop
#include "sync/agent/client_session.hpp"

#include <zmq.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <thread>

namespace jiebang::sync {

// [SECTION] Clock
std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
std::int64_t unix_milliseconds() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
std::int64_t monotonic_milliseconds() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

ClientSession::ClientSession(ClientSessionConfig config, UploadSource& source)
    : config_(std::move(config)), source_(source) {}

ClientSessionState ClientSession::state() const {
    std::lock_guard lock(state_mutex_);
    return state_;
}

// [SECTION] Session state
namespace {

// Resend: an acknowledged item sent again (the probe or a re-send page); its answer never changes its state.
enum class RequestKind {
    Hello,
    Submit,
    Heartbeat,
    Board,
    Status,
    AuditHead,
    MonthlyReport,
    Resend,
    ProjectStages,
    Requeue,
    Condition
};

struct PendingRequest {
    PendingRequest() = default;
    PendingRequest(RequestKind kind_of_request, std::string submission, std::int64_t since,
                   std::int64_t sent_at, AuditHead head = {}, MonthlyReportKept report = {})
        : kind(kind_of_request),
          submission_id(std::move(submission)),
          since_sequence(since),
          sent_at_ms(sent_at),
          audit_head(std::move(head)),
          monthly_report(std::move(report)) {}
    RequestKind kind = RequestKind::Hello;
    std::string submission_id;
    std::int64_t since_sequence = 0;
    std::int64_t sent_at_ms = 0;
    AuditHead audit_head;              // for RequestKind::AuditHead: what was sent
    MonthlyReportKept monthly_report;  // for RequestKind::MonthlyReport: which report was sent
    TerminalCondition condition;       // for RequestKind::Condition: what was sent
    int board_schema = 1;              // for RequestKind::Board: 2 when asked with BOARD-REQUEST-2
};

// Whether two condition reports say the same (the terminal's clock reading aside).
bool same_condition(const TerminalCondition& left, const TerminalCondition& right) {
    return left.call_raised_at == right.call_raised_at && left.condition_flags == right.condition_flags &&
           (left.free_disk_bytes / (64 * 1024 * 1024)) == (right.free_disk_bytes / (64 * 1024 * 1024));
}

// A kept report is sent again this often even unchanged, so the county's measure of the skew stays fresh.
constexpr std::int64_t condition_refresh_ms = 60000;

// A server that does not keep audit heads (a county server, or a city of an older version) is asked again
// only this rarely, so that its refusal costs one ERROR a minute, not one a heartbeat.
constexpr std::int64_t audit_head_refused_retry_ms = 60000;

class Connection {
  public:
    Connection(ZmqContext& context, const ClientSessionConfig& config)
        : socket_(context, ZMQ_DEALER), handshakes_(context, ZMQ_PAIR) {
        status_ = configure_client(socket_, config.client_keys, config.server_public_key,
                                   config.handshake_timeout_ms);
        // libzmq reconnects the DEALER by itself (a restarted server is met again without this session going
        // offline): its monitor tells of every completed handshake, and each one gets a new probe.
        static std::atomic<int> monitors{0};
        const std::string monitor = "inproc://jiebang-client-handshakes-" + std::to_string(++monitors);
        if (status_ &&
            zmq_socket_monitor(socket_.handle(), monitor.c_str(), ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0)
            status_ = zmq_error("monitoring the connection");
        if (status_)
            status_ = handshakes_.connect(monitor);
        if (status_)
            status_ = socket_.connect(config.endpoint);
    }
    // True when a CURVE handshake completed since the last call (a connection or a reconnection).
    bool handshake_completed() {
        bool completed = false;
        for (auto event = handshakes_.receive_frames(0); event && !event->empty();
             event = handshakes_.receive_frames(0))
            completed = true;
        return completed;
    }
    const Status& status() const { return status_; }
    ZmqSocket& socket() { return socket_; }

    // Sends a request; false when it could not be queued (not connected yet).
    bool send(const Body& body, PendingRequest request, std::string* error_code) {
        const std::uint64_t id = ++next_correlation_id_;
        auto frames = encode(Message{id, body});
        if (!frames) {
            *error_code = frames.error().code;
            return false;
        }
        if (auto sent = socket_.send_frames(frames.value(), true); !sent) {
            if (sent.error().code != "sync.would_block")
                *error_code = sent.error().code;
            return false;
        }
        requests_[id] = std::move(request);
        if (requests_[id].kind == RequestKind::Submit)
            in_flight_ids_.insert(requests_[id].submission_id);
        return true;
    }

    std::map<std::uint64_t, PendingRequest>& requests() { return requests_; }
    std::set<std::string>& in_flight_ids() { return in_flight_ids_; }
    bool has_request(RequestKind kind) const {
        for (const auto& [id, request] : requests_) {
            if (request.kind == kind)
                return true;
        }
        return false;
    }
    std::int64_t submits_in_flight() const { return static_cast<std::int64_t>(in_flight_ids_.size()); }

    // Removes and returns the request with `id`, if this connection sent it.
    std::optional<PendingRequest> take(std::uint64_t id) {
        auto found = requests_.find(id);
        if (found == requests_.end())
            return std::nullopt;
        PendingRequest request = std::move(found->second);
        requests_.erase(found);
        if (request.kind == RequestKind::Submit)
            in_flight_ids_.erase(request.submission_id);
        return request;
    }

  private:
    ZmqSocket socket_;
    ZmqSocket handshakes_;  // the monitor's end; closed before socket_ (declared after it)
    Status status_;
    std::uint64_t next_correlation_id_ = 0;
    std::map<std::uint64_t, PendingRequest> requests_;
    std::set<std::string> in_flight_ids_;
};

}  // namespace

// [SECTION] Run loop
void ClientSession::run(const std::atomic<bool>& stop) {
    ZmqContext context;
    std::mt19937_64 random(std::random_device{}());
    std::unique_ptr<Connection> connection;
    int backoff_ms = config_.backoff_initial_ms;
    std::int64_t next_connect_ms = 0;
    std::int64_t connected_since_ms = 0;
    std::int64_t last_received_ms = 0;
    std::int64_t last_heartbeat_ms = 0;
    std::int64_t last_counts_ms = 0;
    std::int64_t last_housekeeping_ms = 0;
    std::int64_t next_audit_head_ms = 0;
    std::int64_t next_monthly_report_ms = 0;
    std::int64_t next_requeue_ms = 0;
    std::int64_t next_project_stages_ms = 0;  // the next pull of project stages (county -> city, 21)
    std::int64_t next_condition_ms = 0;       // the next look at this node's conditions
    std::int64_t condition_kept_ms = 0;       // when the server last kept a report
    std::optional<TerminalCondition> condition_kept;
    std::int64_t uploads_paused_until_ms = 0;
    bool hello_sent = false;
    bool welcomed = false;
    int window = config_.window;
    std::int64_t server_board_version = 0;
    std::int64_t server_status_sequence = 0;
    bool board_request_2_unknown = false;  // the server answered BOARD-REQUEST-2 with UNKNOWN_COMMAND
    // The re-send (see the header): probe ids of this connection, the page in flight and its last position.
    bool probed = false;
    std::set<std::string> probe_ids;
    std::set<std::string> resend_waiting;
    std::int64_t resend_page_last = 0;
    bool resend_active = true;  // a re-send may be recorded (from before a restart): look once

    auto set_error = [this](std::string code) {
        std::lock_guard lock(state_mutex_);
        state_.last_error_code = std::move(code);
    };
    auto jittered = [&random](int milliseconds) {
        std::uniform_int_distribution<int> spread(milliseconds / 2, milliseconds + milliseconds / 2);
        return spread(random);
    };
    auto go_offline = [&](std::string reason) {
        connection.reset();
        hello_sent = welcomed = false;
        probed = false;
        board_request_2_unknown = false;  // the server may have been upgraded: ask with 0x1C again
        probe_ids.clear();
        resend_waiting.clear();  // the page is sent again on the next connection (its cursor did not move)
        resend_page_last = 0;
        next_connect_ms = monotonic_milliseconds() + jittered(backoff_ms);
        backoff_ms = std::min(backoff_ms * 2, config_.backoff_max_ms);
        set_error(std::move(reason));
        std::lock_guard lock(state_mutex_);
        state_.online = false;
    };
    auto refresh_counts = [&]() {
        auto backlog = source_.backlog();
        auto board = source_.board_version();
        auto sequence = source_.status_sequence();
        std::lock_guard lock(state_mutex_);
        if (backlog) {
            state_.pending = backlog->pending;
            state_.quarantined = backlog->quarantined;
            state_.oldest_pending_created_at = backlog->oldest_pending_created_at;
        }
        if (board)
            state_.board_version = board.value();
        if (sequence)
            state_.status_sequence = sequence.value();
    };
    // The server's time in WELCOME and HEARTBEAT-REPLY: the skew against this node's clock (offset included),
    // the server's whole second taken at its middle and moved on by half the round trip.
    const auto learn_clock = [&](const PendingRequest& request, const Body& body, std::int64_t received_ms) {
        std::int64_t server_time = 0;
        if (const auto* welcome = std::get_if<Welcome>(&body))
            server_time = welcome->server_time;
        else if (const auto* reply = std::get_if<HeartbeatReply>(&body))
            server_time = reply->server_time;
        else
            return;
        const std::int64_t round_trip_ms = std::max<std::int64_t>(0, received_ms - request.sent_at_ms);
        const std::int64_t local_ms = unix_milliseconds() + config_.clock_offset_seconds * 1000;
        const std::int64_t server_ms = server_time * 1000 + 500 + round_trip_ms / 2;
        const std::int64_t difference_ms = server_ms - local_ms;
        const std::int64_t skew =
            difference_ms >= 0 ? (difference_ms + 500) / 1000 : -((-difference_ms + 500) / 1000);
        if (auto status = source_.clock_learned(skew, server_time, local_ms / 1000); !status)
            set_error(status.error().code);
        std::lock_guard lock(state_mutex_);
        state_.clock_skew_known = true;
        state_.clock_skew_seconds = skew;
    };
    source_.housekeeping(unix_now());
    refresh_counts();
    std::vector<std::string> acknowledged_ids;

    while (!stop.load()) {
        std::int64_t now_ms = monotonic_milliseconds();
        std::string error_code;

        // Connect.
        if (!connection) {
            if (now_ms < next_connect_ms) {
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(std::min<std::int64_t>(50, next_connect_ms - now_ms)));
                continue;
            }
            connection = std::make_unique<Connection>(context, config_);
            if (!connection->status()) {
                const std::string code = connection->status().error().code;
                go_offline(code);
                continue;
            }
            connected_since_ms = now_ms;
            last_received_ms = now_ms;
            last_heartbeat_ms = now_ms;
            {
                std::lock_guard lock(state_mutex_);
                state_.reconnects++;
            }
        }

        if (!hello_sent) {
            auto board = source_.board_version();
            auto sequence = source_.status_sequence();
            Hello hello{config_.node_kind, config_.software_version, board ? board.value() : 0,
                        sequence ? sequence.value() : 0};
            hello_sent =
                connection->send(hello, PendingRequest{RequestKind::Hello, {}, 0, now_ms}, &error_code);
            if (!hello_sent && now_ms - connected_since_ms > config_.reply_timeout_ms) {
                go_offline(error_code.empty() ? "sync.no_connection" : error_code);
                continue;
            }
        }

        // Receive everything that is there (wait up to 50 ms for the first).
        auto frames = connection->socket().receive_frames(50);
        while (frames && !frames->empty()) {
            now_ms = monotonic_milliseconds();
            const std::int64_t now = unix_now();
            std::vector<std::string_view> views(frames->begin(), frames->end());
            auto message = decode(views);
            if (!message) {
                set_error(message.error().code);
            } else {
                last_received_ms = now_ms;
                backoff_ms = config_.backoff_initial_ms;
                auto request = connection->take(message->correlation_id);
                if (request) {
                    learn_clock(*request, message->body, now_ms);
                    std::visit(
                        [&](const auto& body) {
                            using T = std::decay_t<decltype(body)>;
                            if constexpr (std::is_same_v<T, Welcome>) {
                                welcomed = true;
                                window =
                                    std::max(1, std::min<int>(config_.window, static_cast<int>(body.window)));
                                server_board_version = body.board_version;
                                server_status_sequence = body.status_sequence;
                                set_error("");
                            } else if constexpr (std::is_same_v<T, Ack>) {
                                if (request->kind == RequestKind::Resend &&
                                    request->submission_id == body.submission_id) {
                                    resend_waiting.erase(body.submission_id);
                                    const bool lost = body.disposition == AckDisposition::Stored;
                                    if (lost) {
                                        std::lock_guard lock(state_mutex_);
                                        state_.resent_stored++;
                                    }
                                    if (probe_ids.erase(body.submission_id) > 0 && lost) {
                                        // The server lacked an item it had acknowledged: send them all again.
                                        if (auto begun = source_.begin_resend(now); !begun) {
                                            set_error(begun.error().code);
                                        } else {
                                            resend_active = true;
                                            std::lock_guard lock(state_mutex_);
                                            state_.resends_started++;
                                        }
                                    }
                                }
                                if (request->kind == RequestKind::Submit &&
                                    request->submission_id == body.submission_id) {
                                    acknowledged_ids.push_back(body.submission_id);
                                }
                            } else if constexpr (std::is_same_v<T, Conflict>) {
                                if (request->kind == RequestKind::Resend) {
                                    // Cannot happen for content the server acknowledged; never block on it.
                                    resend_waiting.erase(request->submission_id);
                                    probe_ids.erase(request->submission_id);
                                }
                                if (request->kind == RequestKind::Submit &&
                                    request->submission_id == body.submission_id) {
                                    if (auto status =
                                            source_.quarantined(body.submission_id, "sync.conflict", now);
                                        !status) {
                                        set_error(status.error().code);
                                    }
                                }
                            } else if constexpr (std::is_same_v<T, AuditHeadOk>) {
                                if (request->kind == RequestKind::AuditHead &&
                                    request->audit_head.sequence == body.sequence) {
                                    if (auto status = source_.audit_head_kept(request->audit_head, now);
                                        !status)
                                        set_error(status.error().code);
                                }
                            } else if constexpr (std::is_same_v<T, MonthlyReportKept>) {
                                if (request->kind == RequestKind::MonthlyReport &&
                                    request->monthly_report.month == body.month &&
                                    request->monthly_report.made_at == body.made_at) {
                                    if (auto status = source_.monthly_report_kept(body, now); !status)
                                        set_error(status.error().code);
                                    next_monthly_report_ms = 0;  // the next queued one, at once
                                }
                            } else if constexpr (std::is_same_v<T, TerminalConditionOk>) {
                                if (request->kind == RequestKind::Condition) {
                                    condition_kept = request->condition;
                                    condition_kept_ms = now_ms;
                                    std::lock_guard lock(state_mutex_);
                                    state_.conditions_settled = true;
                                }
                            } else if constexpr (std::is_same_v<T, ProjectStages>) {
                                if (request->kind == RequestKind::ProjectStages) {
                                    if (auto status = source_.apply_project_stages(body, now); !status) {
                                        set_error(status.error().code);
                                    } else if (body.latest > request->since_sequence) {
                                        next_project_stages_ms = 0;  // the city had more: the next page now
                                    }
                                }
                            } else if constexpr (std::is_same_v<T, RequeueList>) {
                                if (request->kind == RequestKind::Requeue && !body.submission_ids.empty()) {
                                    if (auto status = source_.requeue(body.submission_ids); !status)
                                        set_error(status.error().code);
                                    refresh_counts();
                                }
                            } else if constexpr (std::is_same_v<T, ErrorReply>) {
                                const std::string code(wire_error_name(body.error));
                                if (request->kind == RequestKind::Board && request->board_schema > 1 &&
                                    body.error == WireError::UnknownCommand) {
                                    // A server of an older version (no BOARD-REQUEST-2, docs/protocol.md
                                    // 5.8): this connection asks with BOARD-REQUEST, for a schema-1 board.
                                    board_request_2_unknown = true;
                                    return;
                                }
                                if (request->kind == RequestKind::Condition) {
                                    // A county of an older version (UNKNOWN_COMMAND) or a refusal: reported
                                    // again much later; the upload is unaffected.
                                    next_condition_ms = now_ms + audit_head_refused_retry_ms;
                                    std::lock_guard lock(state_mutex_);
                                    state_.conditions_settled = true;
                                    return;
                                }
                                if (request->kind == RequestKind::ProjectStages) {
                                    // A city of an older version (UNKNOWN_COMMAND) or a refusal: asked again
                                    // much later; nothing else is affected.
                                    next_project_stages_ms = now_ms + audit_head_refused_retry_ms;
                                    return;
                                }
                                if (request->kind == RequestKind::Requeue) {
                                    // A county of an older version (UNKNOWN_COMMAND): asked again much later;
                                    // the upload is unaffected.
                                    next_requeue_ms = now_ms + audit_head_refused_retry_ms;
                                    return;
                                }
                                if (request->kind == RequestKind::MonthlyReport) {
                                    // Not kept (a city of an older version, or refused): kept queued, asked
                                    // again much later; the upload is unaffected.
                                    next_monthly_report_ms = now_ms + audit_head_refused_retry_ms;
                                    set_error(code);
                                    return;
                                }
                                if (request->kind == RequestKind::Resend) {
                                    // A transient error keeps it in the page (sent again on reconnect); a
                                    // permanent one is final for this item: its state stays acknowledged.
                                    probe_ids.erase(request->submission_id);
                                    if (!wire_error_is_transient(body.error))
                                        resend_waiting.erase(request->submission_id);
                                    else
                                        uploads_paused_until_ms = now_ms + jittered(backoff_ms);
                                    return;
                                }
                                if (request->kind == RequestKind::AuditHead) {
                                    // Not kept: the upload is unaffected; ask again much later.
                                    next_audit_head_ms = now_ms + audit_head_refused_retry_ms;
                                    return;
                                }
                                set_error(code);
                                if (request->kind == RequestKind::Submit) {
                                    if (wire_error_is_transient(body.error)) {
                                        (void)source_.attempt_failed(request->submission_id, code, now);
                                        uploads_paused_until_ms = now_ms + jittered(backoff_ms);
                                        backoff_ms = std::min(backoff_ms * 2, config_.backoff_max_ms);
                                    } else {
                                        (void)source_.quarantined(request->submission_id, code, now);
                                    }
                                }
                            } else if constexpr (std::is_same_v<T, HeartbeatReply>) {
                                server_board_version = body.board_version;
                                server_status_sequence = body.status_sequence;
                            } else if constexpr (std::is_same_v<T, BoardSnapshot>) {
                                auto ours = source_.board_version();
                                if (body.version > 0 && ours && body.version > ours.value()) {
                                    auto board = board_from_json(body.board_json);
                                    if (!board || board->hash_hex != body.hash_hex ||
                                        board->version != body.version) {
                                        set_error("sync.board_hash_mismatch");
                                    } else if (auto status = source_.apply_board(board.value(), body, now);
                                               !status) {
                                        set_error(status.error().code);
                                    }
                                }
                            } else if constexpr (std::is_same_v<T, StatusUpdates>) {
                                bool consecutive = true;
                                std::int64_t expected = request->since_sequence + 1;
                                for (const StatusEntry& entry : body.updates) {
                                    consecutive = consecutive && entry.sequence == expected++;
                                }
                                if (!consecutive) {
                                    set_error("sync.status_gap");
                                } else if (!body.updates.empty()) {
                                    if (auto status = source_.apply_status(body.updates, now); !status) {
                                        set_error(status.error().code);
                                    }
                                }
                                server_status_sequence = body.latest_sequence;
                            }
                        },
                        message->body);
                }
                std::lock_guard lock(state_mutex_);
                state_.online = true;
                state_.last_contact_at = now;
            }
            frames = connection->socket().receive_frames(0);
        }
        // Every ACK of this drain is recorded together (one local transaction where the source supports it).
        if (!acknowledged_ids.empty()) {
            if (auto status = source_.acknowledged_many(acknowledged_ids, unix_now()); !status) {
                set_error(status.error().code);
            } else {
                std::lock_guard lock(state_mutex_);
                state_.acknowledged_total += static_cast<std::int64_t>(acknowledged_ids.size());
                state_.last_error_code.clear();
            }
            acknowledged_ids.clear();
        }
        if (!frames) {
            go_offline(frames.error().code);
            continue;
        }

        now_ms = monotonic_milliseconds();
        const std::int64_t now = unix_now();

        // Timeouts: any request unanswered too long, or silence for three heartbeat intervals.
        bool timed_out = false;
        for (const auto& [id, request] : connection->requests()) {
            if (now_ms - request.sent_at_ms > config_.reply_timeout_ms)
                timed_out = true;
        }
        if (timed_out ||
            now_ms - last_received_ms >
                3 * static_cast<std::int64_t>(config_.heartbeat_interval_ms) + config_.reply_timeout_ms) {
            for (const std::string& id : connection->in_flight_ids())
                (void)source_.attempt_failed(id, "sync.timeout", now);
            go_offline("sync.timeout");
            continue;
        }
        if (!welcomed)
            continue;

        // Upload: fill the window with pending items not already in flight.
        // Refill when at most half the window is in flight, so the outbox is read once per half window.
        if (now_ms >= uploads_paused_until_ms && connection->submits_in_flight() <= window / 2) {
            auto pending = source_.pending(window + static_cast<int>(connection->submits_in_flight()));
            if (!pending) {
                set_error(pending.error().code);
            } else {
                for (const Submit& submit : pending.value()) {
                    if (connection->submits_in_flight() >= window)
                        break;
                    if (connection->in_flight_ids().count(submit.submission_id) > 0)
                        continue;
                    if (!connection->send(
                            submit, PendingRequest{RequestKind::Submit, submit.submission_id, 0, now_ms},
                            &error_code)) {
                        if (!error_code.empty()) {
                            // The item cannot be encoded (over a limit): it can never go; quarantine it.
                            (void)source_.quarantined(submit.submission_id, error_code, now);
                            error_code.clear();
                            continue;
                        }
                        break;
                    }
                }
            }
        }

        // The probe (once per connection and reconnection) and the re-send pages, after pending items.
        if (connection->handshake_completed())
            probed = false;
        if (!probed) {
            probed = true;
            auto newest = source_.newest_acknowledged(std::max(1, window / 2));
            if (!newest) {
                set_error(newest.error().code);
            } else {
                for (const Submit& submit : newest.value()) {
                    if (connection->send(submit,
                                         PendingRequest{RequestKind::Resend, submit.submission_id, 0, now_ms},
                                         &error_code))
                        probe_ids.insert(submit.submission_id);
                }
            }
        }
        if (resend_active && now_ms >= uploads_paused_until_ms && resend_waiting.empty() &&
            probe_ids.empty() && connection->submits_in_flight() == 0) {
            if (resend_page_last > 0) {
                if (auto moved = source_.resend_done_through(resend_page_last); !moved)
                    set_error(moved.error().code);
                resend_page_last = 0;
            }
            auto page = source_.resend_page(std::max(1, window / 2));
            if (!page) {
                set_error(page.error().code);
            } else if (page->empty()) {
                resend_active = false;  // none recorded, or finished (the source ended it)
            } else {
                for (const UploadSource::Resend& item : page.value()) {
                    if (!connection->send(
                            item.submit,
                            PendingRequest{RequestKind::Resend, item.submit.submission_id, 0, now_ms},
                            &error_code))
                        break;
                    resend_waiting.insert(item.submit.submission_id);
                    resend_page_last = item.position;
                }
            }
        }

        // Board and status pulls, when the server is ahead.
        auto our_board = source_.board_version();
        if (our_board && server_board_version > our_board.value() &&
            !connection->has_request(RequestKind::Board)) {
            PendingRequest pending{RequestKind::Board, {}, 0, now_ms};
            if (board_request_2_unknown) {
                connection->send(BoardRequest{our_board.value()}, pending, &error_code);
            } else {
                pending.board_schema = latest_board_schema;
                connection->send(
                    BoardRequest2{our_board.value(), static_cast<std::uint8_t>(latest_board_schema)}, pending,
                    &error_code);
            }
        }
        auto our_sequence = source_.status_sequence();
        if (our_sequence && server_status_sequence > our_sequence.value() &&
            !connection->has_request(RequestKind::Status)) {
            connection->send(
                StatusRequest{our_sequence.value(), static_cast<std::uint32_t>(max_status_updates_per_reply)},
                PendingRequest{RequestKind::Status, {}, our_sequence.value(), now_ms}, &error_code);
        }

        // Heartbeat and counts.
        if (now_ms - last_counts_ms >= 250) {
            refresh_counts();
            last_counts_ms = now_ms;
        }
        if (now_ms - last_heartbeat_ms >= config_.heartbeat_interval_ms &&
            !connection->has_request(RequestKind::Heartbeat)) {
            ClientSessionState snapshot = state();
            Heartbeat heartbeat{snapshot.board_version, snapshot.status_sequence, snapshot.pending,
                                snapshot.oldest_pending_created_at};
            if (connection->send(heartbeat, PendingRequest{RequestKind::Heartbeat, {}, 0, now_ms},
                                 &error_code)) {
                last_heartbeat_ms = now_ms;
            }
        }
        // The audit head (county -> city), when it changed, at most once a heartbeat interval.
        if (now_ms >= next_audit_head_ms && !connection->has_request(RequestKind::AuditHead)) {
            next_audit_head_ms = now_ms + config_.heartbeat_interval_ms;
            auto head = source_.audit_head_to_send();
            if (!head) {
                set_error(head.error().code);
            } else if (head->has_value()) {
                connection->send(**head, PendingRequest{RequestKind::AuditHead, {}, 0, now_ms, **head},
                                 &error_code);
            }
        }
        // Queued monthly reports (county -> city), one at a time, the oldest first.
        if (now_ms >= next_monthly_report_ms && !connection->has_request(RequestKind::MonthlyReport)) {
            next_monthly_report_ms = now_ms + config_.heartbeat_interval_ms;
            auto report = source_.monthly_report_to_send();
            if (!report) {
                set_error(report.error().code);
            } else if (report->has_value()) {
                const MonthlyReportKept sent{(**report).month, (**report).made_at};
                connection->send(**report,
                                 PendingRequest{RequestKind::MonthlyReport, {}, 0, now_ms, {}, sent},
                                 &error_code);
            }
        }
        // Project stages (county -> city, docs/protocol.md 21): once a heartbeat interval, at once again while
        // the city has more.
        if (welcomed && now_ms >= next_project_stages_ms &&
            !connection->has_request(RequestKind::ProjectStages)) {
            next_project_stages_ms = now_ms + config_.heartbeat_interval_ms;
            auto cursor = source_.project_stage_cursor();
            if (!cursor) {
                set_error(cursor.error().code);
            } else if (cursor->has_value()) {
                connection->send(ProjectStagesRequest{**cursor},
                                 PendingRequest{RequestKind::ProjectStages, {}, **cursor, now_ms},
                                 &error_code);
            }
        }
        // Requeues staff asked for (terminal -> county, docs/protocol.md 22): only while something is
        // quarantined, at most once a heartbeat interval.
        if (config_.node_kind == NodeKind::Terminal && now_ms >= next_requeue_ms &&
            !connection->has_request(RequestKind::Requeue) && state().quarantined > 0) {
            next_requeue_ms = now_ms + config_.heartbeat_interval_ms;
            connection->send(RequeueRequest{static_cast<std::uint32_t>(max_requeue_items)},
                             PendingRequest{RequestKind::Requeue, {}, 0, now_ms}, &error_code);
        }
        // This node's conditions (terminal -> county, docs/protocol.md 19): looked at once a heartbeat interval,
        // sent when they changed since the server last kept them, and once a minute anyway.
        if (welcomed && now_ms >= next_condition_ms && !connection->has_request(RequestKind::Condition)) {
            next_condition_ms = now_ms + config_.heartbeat_interval_ms;
            auto condition = source_.terminal_condition();
            if (!condition) {
                set_error(condition.error().code);
            } else if (!condition->has_value()) {
                std::lock_guard lock(state_mutex_);
                state_.conditions_settled = true;
            } else if (!condition_kept || !same_condition(*condition_kept, **condition) ||
                       now_ms - condition_kept_ms >= condition_refresh_ms) {
                TerminalCondition report = **condition;
                report.terminal_time = std::max<std::int64_t>(0, now + config_.clock_offset_seconds);
                PendingRequest pending{RequestKind::Condition, {}, 0, now_ms};
                pending.condition = report;
                connection->send(report, pending, &error_code);
            }
        }
        if (now_ms - last_housekeeping_ms >= config_.housekeeping_interval_ms) {
            source_.housekeeping(now);
            last_housekeeping_ms = now_ms;
        }
    }
}

}  // namespace jiebang::sync

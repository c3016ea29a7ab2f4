// sync/staff_channel/staff_client.cpp — the staff client's worker: one thread owns the DEALER, its socket
// monitor and a wake-up pair; callers hand it requests through a locked queue and get futures (see the
// header for the invariants). Errors made here: staff_channel.timeout, staff_channel.refused (argument
// status), staff_channel.closed, staff_channel.unexpected_reply, staff_channel.encode.
//
// Index: [SECTION] Worker  [SECTION] Opening  [SECTION] Requests
#include "sync/staff_channel/staff_client.hpp"

#include <sodium.h>
#include <zmq.h>

#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "shared/staff/staff_key_file.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync::staff {

std::string_view channel_state_name(ChannelState state) {
    switch (state) {
        case ChannelState::Connecting:
            return "connecting";
        case ChannelState::Online:
            return "online";
        case ChannelState::Refused:
            return "refused";
        case ChannelState::Closed:
            return "closed";
    }
    return "";
}

namespace {

using Clock = std::chrono::steady_clock;
using Completion = std::function<void(Result<StaffBody>)>;

struct Outgoing {
    StaffBody body;
    Completion complete;
    Clock::time_point deadline;
};

struct InFlight {
    Completion complete;
    Clock::time_point deadline;
};

Error refused_error(int status) {
    return Error("staff_channel.refused", "staff_key",
                 "the aggregator refused this staff key (not enrolled, or revoked)")
        .with("status", std::to_string(status));
}

}  // namespace

// [SECTION] Worker
class StaffClient::Worker {
  public:
    Worker(StaffConnectionSettings settings, CurveKeyPair keys)
        : settings_(std::move(settings)), keys_(std::move(keys)) {}

    ~Worker() { stop(); }

    Status start() {
        static std::atomic<std::uint64_t> instances{0};
        const std::string suffix = std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
                                   std::to_string(instances.fetch_add(1));
        wake_endpoint_ = "inproc://staff-client-wake-" + suffix;
        monitor_endpoint_ = "inproc://staff-client-monitor-" + suffix;
        dealer_ = ZmqSocket(context_, ZMQ_DEALER);
        if (auto status =
                configure_client(dealer_, keys_, settings_.server_public_key, settings_.handshake_timeout_ms);
            !status) {
            return status;
        }
        if (zmq_socket_monitor(dealer_.handle(), monitor_endpoint_.c_str(),
                               ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED |
                                   ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) != 0) {
            return zmq_error("zmq_socket_monitor");
        }
        monitor_ = ZmqSocket(context_, ZMQ_PAIR);
        JIEBANG_TRY(monitor_.connect(monitor_endpoint_));
        wake_receiver_ = ZmqSocket(context_, ZMQ_PAIR);
        JIEBANG_TRY(wake_receiver_.bind(wake_endpoint_));
        wake_sender_ = ZmqSocket(context_, ZMQ_PAIR);
        JIEBANG_TRY(wake_sender_.connect(wake_endpoint_));
        JIEBANG_TRY(dealer_.connect(settings_.endpoint));
        thread_ = std::thread([this] { run(); });
        return ok_status();
    }

    void stop() {
        if (!thread_.joinable())
            return;
        stopping_ = true;
        wake();
        thread_.join();
    }

    void submit(StaffBody body, Completion complete) {
        if (state_.load() == ChannelState::Refused) {
            complete(refused_error(events().last_refusal_status));
            return;
        }
        {
            std::unique_lock<std::mutex> lock(queue_mutex_);
            if (closed_) {  // the worker has drained the queue for the last time
                lock.unlock();
                complete(Error("staff_channel.closed", "", "the staff client is closed"));
                return;
            }
            queue_.push_back(Outgoing{std::move(body), std::move(complete),
                                      Clock::now() + std::chrono::milliseconds(settings_.reply_timeout_ms)});
        }
        wake();
    }

    ChannelState state() const { return state_.load(); }
    ChannelEvents events() const {
        std::lock_guard<std::mutex> lock(events_mutex_);
        return events_;
    }
    const std::string& public_key() const { return keys_.public_key; }

  private:
    void wake() {
        std::lock_guard<std::mutex> lock(wake_mutex_);
        (void)wake_sender_.send_frames({std::string(1, 'w')}, true);
    }

    void run() {
        while (!stopping_) {
            zmq_pollitem_t items[] = {{dealer_.handle(), 0, ZMQ_POLLIN, 0},
                                      {monitor_.handle(), 0, ZMQ_POLLIN, 0},
                                      {wake_receiver_.handle(), 0, ZMQ_POLLIN, 0}};
            const bool waiting_to_send = !outbox_.empty() && state_.load() != ChannelState::Refused;
            (void)zmq_poll(items, 3, waiting_to_send ? 20 : 100);
            if (items[2].revents & ZMQ_POLLIN) {
                while (true) {
                    auto frames = wake_receiver_.receive_frames(0);
                    if (!frames || frames->empty())
                        break;
                }
            }
            take_queue();
            read_monitor();
            read_replies();
            send_outbox();
            expire(Clock::now());
        }
        state_ = ChannelState::Closed;
        fail_everything(Error("staff_channel.closed", "", "the staff client is closed"));
        (void)zmq_socket_monitor(dealer_.handle(), nullptr, 0);
        dealer_.close();
        monitor_.close();
        wake_receiver_.close();
        wake_sender_.close();
    }

    void take_queue() {
        std::deque<Outgoing> taken;
        {
            std::lock_guard<std::mutex> lock(queue_mutex_);
            taken.swap(queue_);
        }
        for (Outgoing& outgoing : taken) {
            if (state_.load() == ChannelState::Refused) {
                outgoing.complete(refused_error(events().last_refusal_status));
                continue;
            }
            outbox_.push_back(std::move(outgoing));
        }
    }

    void read_monitor() {
        while (true) {
            auto frames = monitor_.receive_frames(0);
            if (!frames || frames->empty())
                return;
            if ((*frames)[0].size() < 6)
                continue;
            std::uint16_t event = 0;
            std::uint32_t value = 0;
            std::memcpy(&event, (*frames)[0].data(), 2);
            std::memcpy(&value, (*frames)[0].data() + 2, 4);
            std::lock_guard<std::mutex> lock(events_mutex_);
            if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
                events_.handshakes_succeeded++;
                if (state_.load() != ChannelState::Refused)
                    state_ = ChannelState::Online;
            } else if (event == ZMQ_EVENT_DISCONNECTED) {
                events_.disconnects++;
                if (state_.load() == ChannelState::Online)
                    state_ = ChannelState::Connecting;
            } else if (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
                events_.handshakes_refused++;
                events_.last_refusal_status = static_cast<int>(value);
                if (value == 400) {
                    state_ = ChannelState::Refused;  // invariant 3: final
                    refusal_pending_ = true;
                }
            }
        }
    }

    void read_replies() {
        if (refusal_pending_) {
            refusal_pending_ = false;
            const int status = events().last_refusal_status;
            for (Outgoing& outgoing : outbox_)
                outgoing.complete(refused_error(status));
            outbox_.clear();
            for (auto& [id, flight] : in_flight_)
                flight.complete(refused_error(status));
            in_flight_.clear();
            (void)zmq_disconnect(dealer_.handle(), settings_.endpoint.c_str());  // stop reconnecting
        }
        while (true) {
            auto frames = dealer_.receive_frames(0);
            if (!frames || frames->empty())
                return;
            std::vector<std::string_view> views(frames->begin(), frames->end());
            auto message = decode_staff(views);
            if (!message)
                continue;  // a malformed reply answers nothing; its request times out
            auto found = in_flight_.find(message->correlation_id);
            if (found == in_flight_.end())
                continue;  // invariant 2: unknown ids are dropped
            Completion complete = std::move(found->second.complete);
            in_flight_.erase(found);
            complete(std::move(message->body));
        }
    }

    void send_outbox() {
        while (!outbox_.empty() && state_.load() != ChannelState::Refused) {
            Outgoing& outgoing = outbox_.front();
            const std::uint64_t id = next_correlation_id_;
            auto frames = encode_staff(StaffMessage{id, outgoing.body});
            if (!frames) {
                Error error = frames.error();
                error.code = "staff_channel.encode";
                outgoing.complete(std::move(error));
                outbox_.pop_front();
                continue;
            }
            auto sent = dealer_.send_frames(frames.value(), true);
            if (!sent)
                return;  // no connection yet (ZMQ_IMMEDIATE): try again on the next round
            ++next_correlation_id_;
            in_flight_.emplace(id, InFlight{std::move(outgoing.complete), outgoing.deadline});
            outbox_.pop_front();
        }
    }

    void expire(Clock::time_point now) {
        auto timeout = [this] {
            return Error("staff_channel.timeout", settings_.endpoint, "the aggregator did not answer in time")
                .with("milliseconds", std::to_string(settings_.reply_timeout_ms));
        };
        for (auto outgoing = outbox_.begin(); outgoing != outbox_.end();) {
            if (outgoing->deadline <= now) {
                outgoing->complete(timeout());
                outgoing = outbox_.erase(outgoing);
            } else {
                ++outgoing;
            }
        }
        for (auto flight = in_flight_.begin(); flight != in_flight_.end();) {
            if (flight->second.deadline <= now) {
                flight->second.complete(timeout());
                flight = in_flight_.erase(flight);
            } else {
                ++flight;
            }
        }
    }

    // Invariant 2 at the end: after this, submit() completes new requests itself.
    void fail_everything(const Error& error) {
        {
            std::lock_guard<std::mutex> lock(queue_mutex_);
            closed_ = true;
            for (Outgoing& outgoing : queue_)
                outbox_.push_back(std::move(outgoing));
            queue_.clear();
        }
        for (Outgoing& outgoing : outbox_)
            outgoing.complete(error);
        outbox_.clear();
        for (auto& [id, flight] : in_flight_)
            flight.complete(error);
        in_flight_.clear();
    }

    StaffConnectionSettings settings_;
    CurveKeyPair keys_;
    ZmqContext context_;
    ZmqSocket dealer_;
    ZmqSocket monitor_;
    ZmqSocket wake_receiver_;
    ZmqSocket wake_sender_;
    std::mutex wake_mutex_;
    std::string wake_endpoint_;
    std::string monitor_endpoint_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<ChannelState> state_{ChannelState::Connecting};
    mutable std::mutex events_mutex_;
    ChannelEvents events_;
    bool refusal_pending_ = false;
    std::mutex queue_mutex_;
    bool closed_ = false;          // under queue_mutex_
    std::deque<Outgoing> queue_;   // handed over by callers
    std::deque<Outgoing> outbox_;  // the worker's, not yet sent
    std::map<std::uint64_t, InFlight> in_flight_;
    std::uint64_t next_correlation_id_ = 1;
};

// [SECTION] Opening
StaffClient::StaffClient(std::unique_ptr<Worker> worker) : worker_(std::move(worker)) {}
StaffClient::~StaffClient() = default;

Result<std::unique_ptr<StaffClient>> StaffClient::open(const StaffConnectionSettings& settings,
                                                       const std::filesystem::path& staff_key_file,
                                                       std::string_view passphrase) {
    if (!is_valid_curve_key_text(settings.server_public_key))
        return Error("sync.key", "server_key", "not a 40-character Z85 CURVE key");
    auto opened = backoffice::open_staff_key_file(staff_key_file, passphrase);
    if (!opened)
        return opened.error();
    return open_with_keys(settings, opened->keys.public_key, opened->keys.secret_key);
}

Result<std::unique_ptr<StaffClient>> StaffClient::open_with_keys(const StaffConnectionSettings& settings,
                                                                 const std::string& public_key,
                                                                 const std::string& secret_key) {
    if (!is_valid_curve_key_text(settings.server_public_key))
        return Error("sync.key", "server_key", "not a 40-character Z85 CURVE key");
    if (settings.endpoint.empty())
        return Error("staff_channel.endpoint", "endpoint", "no endpoint given");
    auto worker = std::make_unique<Worker>(settings, CurveKeyPair{public_key, secret_key});
    if (auto started = worker->start(); !started)
        return started.error();
    return std::unique_ptr<StaffClient>(new StaffClient(std::move(worker)));
}

ChannelState StaffClient::state() const {
    return worker_->state();
}
ChannelEvents StaffClient::events() const {
    return worker_->events();
}
const std::string& StaffClient::public_key() const {
    return worker_->public_key();
}

// [SECTION] Requests
template <class Reply>
Pending<Reply> StaffClient::request(StaffBody body) {
    auto promise = std::make_shared<std::promise<Result<Reply>>>();
    Pending<Reply> future = promise->get_future();
    worker_->submit(std::move(body), [promise](Result<StaffBody> reply) {
        if (!reply) {
            promise->set_value(reply.error());
        } else if (auto* value = std::get_if<Reply>(&reply.value())) {
            promise->set_value(std::move(*value));
        } else if (auto* error = std::get_if<StaffError>(&reply.value())) {
            promise->set_value(error_from(*error));
        } else {
            promise->set_value(Error("staff_channel.unexpected_reply", "command",
                                     std::string("the aggregator answered with ") +
                                         std::string(staff_command_name(staff_command_of(reply.value())))));
        }
    });
    return future;
}

Pending<StaffBody> StaffClient::send(const StaffBody& request) {
    auto promise = std::make_shared<std::promise<Result<StaffBody>>>();
    Pending<StaffBody> future = promise->get_future();
    worker_->submit(request, [promise](Result<StaffBody> reply) { promise->set_value(std::move(reply)); });
    return future;
}

Pending<Identity> StaffClient::whoami() {
    return request<Identity>(WhoAmI{});
}
Pending<Page> StaffClient::search(const SubmissionQuery& query) {
    return request<Page>(query);
}
Pending<SortedPage> StaffClient::sorted_search(const SortedQuery& query) {
    return request<SortedPage>(query);
}
Pending<Record> StaffClient::open_submission(const std::string& id_or_receipt) {
    return request<Record>(OpenSubmission{id_or_receipt});
}
Pending<Acted> StaffClient::act(const Act& action) {
    return request<Acted>(action);
}
Pending<BatchMade> StaffClient::forward(const std::vector<std::string>& ids_or_receipts) {
    return request<BatchMade>(ForwardItems{ids_or_receipts});
}
Pending<Fleet> StaffClient::fleet() {
    return request<Fleet>(FleetRequest{});
}
Pending<Bids> StaffClient::bids(const std::string& listing) {
    return request<Bids>(BidsRequest{listing});
}
Pending<Published> StaffClient::publish_board() {
    return request<Published>(PublishBoard{});
}
Pending<AuditEntries> StaffClient::audit_entries(std::int64_t after, std::uint32_t max) {
    return request<AuditEntries>(AuditRequest{after, max});
}
Pending<AuditVerified> StaffClient::verify_audit() {
    return request<AuditVerified>(AuditVerify{});
}
Pending<Batches> StaffClient::batches(std::int64_t after, std::uint32_t max) {
    return request<Batches>(BatchesRequest{after, max});
}
Pending<Feed> StaffClient::feed(std::int64_t after, std::uint32_t max) {
    return request<Feed>(FeedRequest{after, max});
}
Pending<BoardCopy> StaffClient::board() {
    return request<BoardCopy>(BoardShow{});
}
Pending<Done> StaffClient::enrol_node(const NodeEnrol& node) {
    return request<Done>(node);
}
Pending<Done> StaffClient::revoke_node(const std::string& node_id) {
    return request<Done>(NodeRevoke{node_id});
}
Pending<StaffAdded> StaffClient::add_staff(const StaffAdd& member) {
    return request<StaffAdded>(member);
}
Pending<StaffMembers> StaffClient::staff_members() {
    return request<StaffMembers>(StaffList{});
}
Pending<Done> StaffClient::revoke_staff(const std::string& staff_id) {
    return request<Done>(StaffRevoke{staff_id});
}

}  // namespace jiebang::sync::staff

// sync/aggregator/staff_endpoint.cpp — the staff endpoint: its ZAP handler, its serving loop and the
// cutting of revoked members' sessions (see the header for the invariants).
//
// Index: [SECTION] ZAP  [SECTION] Server  [SECTION] Start and stop
#include "sync/aggregator/staff_endpoint.hpp"

#include <zmq.h>

#include <fstream>
#include <map>

#include "sync/staff_channel/staff_messages.hpp"

namespace jiebang::sync {

// [SECTION] ZAP
// The staff endpoint's ZAP is the aggregator's one handler (zap_handler.hpp) with the staff policy: domain
// jiebang-staff, an active staff member's key, the staff id as User-Id.
const ZapPolicy& staff_zap_policy() {
    static const ZapPolicy policy{staff_zap_domain,
                                  "staff zap",
                                  "staff_zap",
                                  "not a staff key",
                                  "refused a key that is no active staff member's",
                                  "staff key"};
    return policy;
}

ZapDecision staff_zap_reply(const std::vector<std::string>& request, const ActiveStaffLookup* lookup) {
    return answer_zap_with_records(staff_zap_policy(), request, lookup, &backoffice::StaffMember::staff_id);
}

namespace {

void run_staff_zap(ZmqSocket& socket, const std::filesystem::path& store_file, const std::atomic<bool>& stop,
                   Log& log) {
    serve_zap(
        socket, store_file, staff_zap_policy(),
        [](AggregatorStore& store, std::string_view key) {
            return admitted_id(store.active_staff_by_curve_key(key), &backoffice::StaffMember::staff_id);
        },
        stop, log);
}

std::string error_code_for(const Error& decode_error) {
    if (decode_error.code == "protocol.version")
        return "sync.unsupported_version";
    if (decode_error.code == "protocol.command")
        return "sync.unknown_command";
    return "sync.bad_message";
}

}  // namespace

// [SECTION] Server
class StaffEndpoint::Server {
  public:
    Server(AggregatorStore store, StaffServiceSettings settings, ZmqSocket& router, Log& log)
        : store_(std::move(store)), service_(store_, std::move(settings)), router_(router), log_(log) {}

    void run(const std::atomic<bool>& stop) {
        while (!stop.load()) {
            std::string user_id;
            int source_fd = -1;
            auto frames = router_.receive_frames(200, &user_id, &source_fd);
            cut_revoked_sessions();
            if (!frames) {
                log_.limited("staff_receive", "staff endpoint: receive failed: " + frames.error().detail);
                continue;
            }
            if (frames->empty())
                continue;
            serve(std::move(frames.value()), user_id, source_fd);
        }
    }

  private:
    void serve(std::vector<std::string> frames, const std::string& staff_id, int source_fd) {
        const std::string routing_id = frames.front();
        std::vector<std::string_view> views(frames.begin() + 1, frames.end());
        const std::string peer = connection_peer(source_fd);
        if (staff_id.empty())
            return;  // cannot happen with ZAP enforced; never trust it
        auto member = store_.staff_member(staff_id);
        std::uint64_t correlation_id = 0;
        if (!views.empty() && views[0].size() == 12 && views[0][0] == 'J' && views[0][1] == 'B') {
            for (int index = 0; index < 8; ++index)
                correlation_id = (correlation_id << 8) | static_cast<std::uint8_t>(views[0][4 + index]);
        }
        if (!member) {
            reply(routing_id, correlation_id,
                  staff::staff_error_from(Error("sync.store_unavailable", "", "staff records unavailable")));
            return;
        }
        if (!member->has_value() || (**member).revoked_at != 0) {
            // Invariant 2: revoked since the handshake: no reply, and the connection goes.
            const bool closed = disconnect_connection(source_fd, peer);
            log_.limited("staff_revoked", "staff endpoint: refused a request of " + staff_id +
                                              ", who is no longer enrolled" +
                                              (closed ? "; connection closed" : ""));
            return;
        }
        remember(staff_id, source_fd, peer);
        auto message = staff::decode_staff(views);
        if (!message) {
            log_.limited("staff_bad_message", "staff endpoint: refused a message of " + staff_id + ": " +
                                                  message.error().code + " " + message.error().field);
            reply(routing_id, correlation_id,
                  staff::StaffError{error_code_for(message.error()),
                                    message.error().field,
                                    message.error().code + " " + message.error().field,
                                    {}});
            return;
        }
        const staff::StaffCommand command = staff::staff_command_of(message->body);
        if (!staff::is_staff_request(command)) {
            reply(routing_id, message->correlation_id,
                  staff::StaffError{"sync.unknown_command", "command", "not a request", {}});
            return;
        }
        staff::StaffBody answer = service_.handle(message->body, StaffCaller::staff(**member), unix_now());
        if (command == staff::StaffCommand::StaffRevoke)
            data_version_ = -1;  // this connection's own commit does not move data_version: look again now
        if (const auto* refused = std::get_if<staff::StaffError>(&answer)) {
            log_.limited("staff_refused",
                         "staff endpoint: " + std::string(staff::staff_command_name(command)) + " of " +
                             staff_id + " refused: " + refused->code);
        }
        reply(routing_id, message->correlation_id, std::move(answer));
    }

    void reply(const std::string& routing_id, std::uint64_t correlation_id, staff::StaffBody body) {
        auto frames = staff::encode_staff(staff::StaffMessage{correlation_id, std::move(body)});
        if (!frames) {
            // A reply over its limits is a bug here; the client still gets an answer, not a timeout.
            log_.line("staff endpoint: cannot encode a reply: " + frames.error().code + " " +
                      frames.error().field);
            frames = staff::encode_staff(staff::StaffMessage{
                correlation_id,
                staff::StaffError{"staff.internal", frames.error().field, "reply too large", {}}});
            if (!frames)
                return;
        }
        frames->insert(frames->begin(), routing_id);
        if (auto sent = router_.send_frames(frames.value(), true); !sent)
            log_.limited("staff_reply_dropped", "staff endpoint: reply dropped: " + sent.error().code);
    }

    void remember(const std::string& staff_id, int fd, const std::string& peer) {
        if (fd < 0 || peer.empty())
            return;
        for (auto& [other, descriptors] : connections_) {
            if (other != staff_id)
                descriptors.erase(fd);  // the descriptor number was reused
        }
        connections_[staff_id][fd] = peer;
    }

    // Invariant 3.
    void cut_revoked_sessions() {
        auto version = store_.data_version();
        if (!version || version.value() == data_version_)
            return;
        data_version_ = version.value();
        for (auto staff = connections_.begin(); staff != connections_.end();) {
            auto member = store_.staff_member(staff->first);
            if (!member || (member->has_value() && (**member).revoked_at == 0)) {
                ++staff;
                continue;
            }
            int closed = 0;
            for (const auto& [fd, peer] : staff->second)
                closed += disconnect_connection(fd, peer) ? 1 : 0;
            log_.line("staff endpoint: " + staff->first + " is no longer enrolled: closed " +
                      std::to_string(closed) + " open connection(s)");
            staff = connections_.erase(staff);
        }
    }

    static std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

    AggregatorStore store_;
    StaffService service_;
    ZmqSocket& router_;
    Log& log_;
    std::int64_t data_version_ = -1;
    std::map<std::string, std::map<int, std::string>> connections_;  // staff id -> descriptor -> peer
};

// [SECTION] Start and stop
StaffEndpoint::StaffEndpoint(const AggregatorConfig& config, const CurveKeyPair& server_keys,
                             StaffServiceSettings settings, Log& log)
    : config_(config), server_keys_(server_keys), settings_(std::move(settings)), log_(log) {}

StaffEndpoint::~StaffEndpoint() {
    stop();
}

Status StaffEndpoint::start() {
    auto store = AggregatorStore::open(config_.store_file());
    if (!store)
        return store.error();
    zap_ = ZmqSocket(context_, ZMQ_REP);
    JIEBANG_TRY(zap_.bind(zap_endpoint));  // this context's own handler: it never sees terminal handshakes
    zap_thread_ = std::thread([this] { run_staff_zap(zap_, config_.store_file(), stop_, log_); });
    router_ = ZmqSocket(context_, ZMQ_ROUTER);
    Status setup = configure_server(router_, server_keys_, config_.handshake_timeout_ms);
    if (setup)
        setup = router_.set_text(ZMQ_ZAP_DOMAIN, staff_zap_domain);
    if (setup)
        setup = router_.bind(config_.staff_listen);
    if (!setup) {
        stop();
        return setup;
    }
    char bound[256] = {};
    std::size_t bound_size = sizeof bound - 1;
    bound_endpoint_ = zmq_getsockopt(router_.handle(), ZMQ_LAST_ENDPOINT, bound, &bound_size) == 0
                          ? std::string(bound)
                          : config_.staff_listen;
    {
        const std::filesystem::path endpoint_file = config_.data_dir / "staff-listening.endpoint";
        std::ofstream(endpoint_file.string() + ".new", std::ios::trunc) << bound_endpoint_ << "\n";
        std::error_code renamed;
        std::filesystem::rename(endpoint_file.string() + ".new", endpoint_file, renamed);
        if (renamed)
            log_.line("cannot write " + endpoint_file.string() + ": " + renamed.message());
    }
    server_ = std::make_unique<Server>(std::move(store.value()), settings_, router_, log_);
    server_thread_ = std::thread([this] { server_->run(stop_); });
    log_.line("staff endpoint listening on " + bound_endpoint_);
    return ok_status();
}

void StaffEndpoint::stop() {
    stop_ = true;
    if (server_thread_.joinable())
        server_thread_.join();
    if (zap_thread_.joinable())
        zap_thread_.join();
    router_.close();
    zap_.close();
    server_.reset();
}

}  // namespace jiebang::sync

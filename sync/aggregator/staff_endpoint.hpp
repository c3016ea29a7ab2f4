// sync/aggregator/staff_endpoint.hpp — jiebang-aggregator's staff endpoint (docs/protocol.md section 17):
// a second CURVE ROUTER, in its own ZeroMQ context with its own ZAP thread (the aggregator's one handler,
// zap_handler.hpp, with staff_zap_policy: domain "jiebang-staff") that admits only enrolled, unrevoked staff
// keys, served by its own thread and store connection, so that the terminal endpoint's loop (aggregator.cpp)
// is untouched by staff traffic.
// Invariants:
//  1. Fail closed: the ROUTER enforces its ZAP domain; the handler answers 200 only for a CURVE key that is
//     an active staff member's, with the staff id as User-Id; 400 for anything else; 300/500 when the store
//     is busy/unreadable (as zap_handler.hpp invariant 2).
//  2. The sender of a request is the User-Id of its frames; its staff record is read from the store for
//     every request, and its role decides (staff_service.hpp). A member revoked since the handshake gets
//     no reply and the connection is cut.
//  3. Revocation reaches open sessions: when PRAGMA data_version shows another connection committed, the
//     records of every member with an open connection are read again, and the connections of a revoked
//     one are closed at once (their descriptors, ZMQ_SRCFD), as for nodes (docs/protocol.md 8).
//  4. Log lines carry staff ids, command names and error codes only.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/staff/staff.hpp"
#include "sync/aggregator/aggregator_config.hpp"
#include "sync/aggregator/aggregator_log.hpp"
#include "sync/aggregator/staff_service.hpp"
#include "sync/aggregator/zap_handler.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

inline constexpr const char* staff_zap_domain = "jiebang-staff";

// Looks an active staff member up by the Z85 CURVE public key (AggregatorStore::active_staff_by_curve_key).
using ActiveStaffLookup =
    std::function<Result<std::optional<backoffice::StaffMember>>(std::string_view curve_key)>;

// The staff endpoint's rules for the aggregator's one ZAP handler (zap_handler.hpp): domain jiebang-staff,
// an active staff member's key admitted with its staff id as User-Id; 400/300/500 as for the nodes.
const ZapPolicy& staff_zap_policy();
// The reply to one ZAP request on the staff endpoint; `lookup` is null when the store could not be opened.
ZapDecision staff_zap_reply(const std::vector<std::string>& request, const ActiveStaffLookup* lookup);

class StaffEndpoint {
  public:
    StaffEndpoint(const AggregatorConfig& config, const CurveKeyPair& server_keys,
                  StaffServiceSettings settings, Log& log);
    ~StaffEndpoint();  // stop()
    StaffEndpoint(const StaffEndpoint&) = delete;
    StaffEndpoint& operator=(const StaffEndpoint&) = delete;

    // Opens its store connection, binds the ZAP handler and config.staff_listen, writes the endpoint it bound
    // to <data-dir>/staff-listening.endpoint, and starts serving. Errors: sync.zmq (bind), store.*.
    Status start();
    void stop();
    const std::string& endpoint() const { return bound_endpoint_; }

    class Server;  // the serving loop (staff_endpoint.cpp)

  private:
    const AggregatorConfig& config_;
    CurveKeyPair server_keys_;
    StaffServiceSettings settings_;
    Log& log_;
    std::string bound_endpoint_;
    ZmqContext context_;
    ZmqSocket zap_;
    ZmqSocket router_;
    std::atomic<bool> stop_{false};
    std::thread zap_thread_;
    std::thread server_thread_;
    std::unique_ptr<Server> server_;
};

}  // namespace jiebang::sync

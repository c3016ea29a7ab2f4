// sync/aggregator/zap_handler.hpp — the ZAP handler (ZeroMQ RFC 27) that admits CURVE clients to
// jiebang-aggregator's ROUTER: only an active enrolled key gets a session, and its enrolled node id becomes
// the User-Id every message from it carries (docs/protocol.md section 8).
// Invariants:
//  1. Fail closed: "200" only for a CURVE handshake in domain "jiebang" whose key is enrolled and not
//     revoked; every other request gets no User-Id.
//  2. The status says why (RFC 27): "400" the key is not admitted (not CURVE, wrong domain, malformed,
//     unenrolled or revoked); "300" the store is busy (temporary, the client's reconnect will be answered);
//     "500" the store cannot be read (internal error). A store failure is never reported as "400".
//  3. zap_reply() is pure apart from the lookup it is given; run_zap_handler() owns the socket and its own
//     store connection (reopened on demand when it could not be opened).
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "sync/aggregator/aggregator_log.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

// Looks an active node up by its Z85 CURVE public key (AggregatorStore::active_node_by_curve_key).
using ActiveNodeLookup = std::function<Result<std::optional<NodeRecord>>(std::string_view curve_key)>;

struct ZapDecision {
    std::vector<std::string> reply;  // version, request id, status code, status text, user id, metadata
    std::string log_line;            // what to log, empty when nothing is worth a line
    std::string log_kind;            // its rate-limit kind (aggregator_log.hpp invariant 3)
};

// The reply to one ZAP request (frames: version, request id, domain, address, identity, mechanism,
// credentials). `lookup` is null when the store could not be opened.
ZapDecision zap_reply(const std::vector<std::string>& request, const ActiveNodeLookup* lookup);

// Answers requests on `socket` (a REP bound to zap_endpoint) until `stop` is set.
void run_zap_handler(ZmqSocket& socket, const std::filesystem::path& store_file,
                     const std::atomic<bool>& stop, Log& log);

}  // namespace jiebang::sync

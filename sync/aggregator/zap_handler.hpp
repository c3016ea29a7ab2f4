// sync/aggregator/zap_handler.hpp — the ZAP handler (ZeroMQ RFC 27) that admits CURVE clients to
// jiebang-aggregator's sockets: the nodes' ROUTER (node_zap_policy: an active enrolled key gets a session, its
// node id becomes the User-Id every message from it carries, docs/protocol.md section 8) and the staff
// endpoint's (staff_zap_policy in staff_endpoint.hpp: an active staff member's key, its staff id). One
// handler serves both; a ZapPolicy says what differs (domain, status and log texts), a lookup who is admitted.
// Invariants:
//  1. Fail closed: "200" only for a CURVE handshake in the policy's domain whose key the lookup admits;
//     every other request gets no User-Id.
//  2. The status says why (RFC 27): "400" the key is not admitted (not CURVE, wrong domain, malformed,
//     unknown or revoked); "300" the store is busy (temporary, the client's reconnect will be answered);
//     "500" the store cannot be read (internal error). A store failure is never reported as "400".
//  3. answer_zap() is pure apart from the lookup it is given; serve_zap() owns the socket and its own
//     store connection (reopened on demand when it could not be opened).
//  4. Log lines name codes only: never a key or an address.
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

struct ZapDecision {
    std::vector<std::string> reply;  // version, request id, status code, status text, user id, metadata
    std::string log_line;            // what to log, empty when nothing is worth a line
    std::string log_kind;            // its rate-limit kind (aggregator_log.hpp invariant 3)
};

// What differs between the sockets one handler serves.
struct ZapPolicy {
    std::string_view domain;          // the socket's ZMQ_ZAP_DOMAIN
    std::string_view log_name;        // how its log lines start ("zap", "staff zap")
    std::string_view kind;            // its rate-limit kinds: <kind>_store, <kind>_refused
    std::string_view refused_status;  // the status text of a 400
    std::string_view refused_key;     // what a key the lookup does not admit logs
    std::string_view clients;         // who is refused while the store cannot be opened ("client")
};

// The nodes' ROUTER: domain "jiebang", enrolled and not revoked nodes.
const ZapPolicy& node_zap_policy();

// The User-Id of the key's holder when admitted, nullopt when not, an error when the store failed.
using AdmittedKeyLookup = std::function<Result<std::optional<std::string>>(std::string_view curve_key)>;
// The same on the handler's own store connection.
using StoreKeyLookup =
    std::function<Result<std::optional<std::string>>(AggregatorStore& store, std::string_view curve_key)>;

// The reply to one ZAP request (frames: version, request id, domain, address, identity, mechanism,
// credentials). `lookup` is null when the store could not be opened.
ZapDecision answer_zap(const ZapPolicy& policy, const std::vector<std::string>& request,
                       const AdmittedKeyLookup* lookup);

// A record lookup as a User-Id lookup: `id` is the record's id member (NodeRecord::node_id,
// StaffMember::staff_id).
template <class Record>
Result<std::optional<std::string>> admitted_id(const Result<std::optional<Record>>& record,
                                               std::string Record::*id) {
    if (!record)
        return record.error();
    if (!record->has_value())
        return std::optional<std::string>();
    return std::optional<std::string>((**record).*id);
}

// answer_zap() over a lookup of records (null when the store could not be opened).
template <class Record>
ZapDecision answer_zap_with_records(
    const ZapPolicy& policy, const std::vector<std::string>& request,
    const std::function<Result<std::optional<Record>>(std::string_view curve_key)>* lookup,
    std::string Record::*id) {
    if (lookup == nullptr)
        return answer_zap(policy, request, nullptr);
    const AdmittedKeyLookup admitted = [lookup, id](std::string_view key) {
        return admitted_id((*lookup)(key), id);
    };
    return answer_zap(policy, request, &admitted);
}

// Answers requests on `socket` (a REP bound to the context's ZAP endpoint) until `stop` is set.
void serve_zap(ZmqSocket& socket, const std::filesystem::path& store_file, const ZapPolicy& policy,
               const StoreKeyLookup& lookup, const std::atomic<bool>& stop, Log& log);

// The nodes' ROUTER, by NodeRecord (AggregatorStore::active_node_by_curve_key).
using ActiveNodeLookup = std::function<Result<std::optional<NodeRecord>>(std::string_view curve_key)>;
ZapDecision zap_reply(const std::vector<std::string>& request, const ActiveNodeLookup* lookup);
void run_zap_handler(ZmqSocket& socket, const std::filesystem::path& store_file,
                     const std::atomic<bool>& stop, Log& log);

}  // namespace jiebang::sync

// sync/aggregator/zap_handler.cpp — ZAP/1.0 requests answered from the store for a ZapPolicy (see the header
// for the invariants). Log lines name codes only: never a key or an address.
#include "sync/aggregator/zap_handler.hpp"

#include <zmq.h>

#include <cstdint>

namespace jiebang::sync {

const ZapPolicy& node_zap_policy() {
    static const ZapPolicy policy{zap_domain, "zap", "zap", "not enrolled", "refused an unenrolled CURVE key",
                                  "client"};
    return policy;
}

ZapDecision answer_zap(const ZapPolicy& policy, const std::vector<std::string>& request,
                       const AdmittedKeyLookup* lookup) {
    ZapDecision decision;
    const std::string name(policy.log_name);
    const std::string store_kind = std::string(policy.kind) + "_store";
    const std::string refused_kind = std::string(policy.kind) + "_refused";
    std::string status_code = "400";
    std::string status_text(policy.refused_status);
    std::string user_id;
    if (request.size() >= 7 && request[0] == "1.0" && request[2] == policy.domain && request[5] == "CURVE" &&
        request[6].size() == 32) {
        if (lookup == nullptr) {
            status_code = "500";
            status_text = "store unavailable";
            decision.log_line = name + ": the store cannot be opened; answering 500";
            decision.log_kind = store_kind;
        } else {
            char key_text[41] = {};
            zmq_z85_encode(key_text, reinterpret_cast<const std::uint8_t*>(request[6].data()), 32);
            auto admitted = (*lookup)(key_text);
            if (admitted && admitted->has_value()) {
                status_code = "200";
                status_text = "OK";
                user_id = **admitted;
            } else if (!admitted) {
                const bool busy = admitted.error().code == "store.busy";
                status_code = busy ? "300" : "500";
                status_text = busy ? "store busy" : "store unavailable";
                decision.log_line =
                    name + ": store error " + admitted.error().code + "; answering " + status_code;
                decision.log_kind = store_kind;
            } else {
                decision.log_line = name + ": " + std::string(policy.refused_key);
                decision.log_kind = refused_kind;
            }
        }
    } else {
        decision.log_line =
            name + ": refused a handshake that is not CURVE in domain " + std::string(policy.domain);
        decision.log_kind = refused_kind;
    }
    const std::string request_id = request.size() > 1 ? request[1] : std::string();
    decision.reply = {"1.0", request_id, status_code, status_text, user_id, ""};
    return decision;
}

void serve_zap(ZmqSocket& socket, const std::filesystem::path& store_file, const ZapPolicy& policy,
               const StoreKeyLookup& lookup, const std::atomic<bool>& stop, Log& log) {
    std::optional<AggregatorStore> store;
    std::string last_open_error;
    auto open_store = [&] {
        auto opened = AggregatorStore::open(store_file);
        if (opened) {
            store.emplace(std::move(opened.value()));
            last_open_error.clear();
        } else if (opened.error().code != last_open_error) {
            last_open_error = opened.error().code;
            log.line(std::string(policy.log_name) + ": cannot open store (" + last_open_error +
                     "); refusing every " + std::string(policy.clients));
        }
    };
    open_store();
    while (!stop.load()) {
        auto frames = socket.receive_frames(100);
        if (!frames || frames->empty())
            continue;
        if (!store)
            open_store();
        AdmittedKeyLookup admitted = [&](std::string_view key) { return lookup(*store, key); };
        ZapDecision decision = answer_zap(policy, frames.value(), store ? &admitted : nullptr);
        if (!decision.log_line.empty())
            log.limited(decision.log_kind, decision.log_line);
        (void)socket.send_frames(decision.reply);
    }
}

// The NodeRecord-shaped entry points of the nodes' ROUTER.
ZapDecision zap_reply(const std::vector<std::string>& request, const ActiveNodeLookup* lookup) {
    return answer_zap_with_records(node_zap_policy(), request, lookup, &NodeRecord::node_id);
}

void run_zap_handler(ZmqSocket& socket, const std::filesystem::path& store_file,
                     const std::atomic<bool>& stop, Log& log) {
    serve_zap(
        socket, store_file, node_zap_policy(),
        [](AggregatorStore& store, std::string_view key) {
            return admitted_id(store.active_node_by_curve_key(key), &NodeRecord::node_id);
        },
        stop, log);
}

}  // namespace jiebang::sync

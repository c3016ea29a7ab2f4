// sync/aggregator/zap_handler.cpp — ZAP/1.0 requests answered from the node table (see the header for the
// invariants). Log lines name codes only: never a key or an address.
#include "sync/aggregator/zap_handler.hpp"

#include <zmq.h>

#include <cstdint>

namespace jiebang::sync {

ZapDecision zap_reply(const std::vector<std::string>& request, const ActiveNodeLookup* lookup) {
    ZapDecision decision;
    std::string status_code = "400";
    std::string status_text = "not enrolled";
    std::string user_id;
    if (request.size() >= 7 && request[0] == "1.0" && request[2] == zap_domain && request[5] == "CURVE" &&
        request[6].size() == 32) {
        if (lookup == nullptr) {
            status_code = "500";
            status_text = "store unavailable";
            decision.log_line = "zap: the store cannot be opened; answering 500";
            decision.log_kind = "zap_store";
        } else {
            char key_text[41] = {};
            zmq_z85_encode(key_text, reinterpret_cast<const std::uint8_t*>(request[6].data()), 32);
            auto node = (*lookup)(key_text);
            if (node && node->has_value()) {
                status_code = "200";
                status_text = "OK";
                user_id = (**node).node_id;
            } else if (!node) {
                const bool busy = node.error().code == "store.busy";
                status_code = busy ? "300" : "500";
                status_text = busy ? "store busy" : "store unavailable";
                decision.log_line = "zap: store error " + node.error().code + "; answering " + status_code;
                decision.log_kind = "zap_store";
            } else {
                decision.log_line = "zap: refused an unenrolled CURVE key";
                decision.log_kind = "zap_refused";
            }
        }
    } else {
        decision.log_line = "zap: refused a handshake that is not CURVE in domain jiebang";
        decision.log_kind = "zap_refused";
    }
    const std::string request_id = request.size() > 1 ? request[1] : std::string();
    decision.reply = {"1.0", request_id, status_code, status_text, user_id, ""};
    return decision;
}

void run_zap_handler(ZmqSocket& socket, const std::filesystem::path& store_file,
                     const std::atomic<bool>& stop, Log& log) {
    std::optional<AggregatorStore> store;
    std::string last_open_error;
    auto open_store = [&] {
        auto opened = AggregatorStore::open(store_file);
        if (opened) {
            store.emplace(std::move(opened.value()));
            last_open_error.clear();
        } else if (opened.error().code != last_open_error) {
            last_open_error = opened.error().code;
            log.line("zap: cannot open store (" + last_open_error + "); refusing every client");
        }
    };
    open_store();
    while (!stop.load()) {
        auto frames = socket.receive_frames(100);
        if (!frames || frames->empty())
            continue;
        if (!store)
            open_store();
        ActiveNodeLookup lookup = [&](std::string_view key) { return store->active_node_by_curve_key(key); };
        ZapDecision decision = zap_reply(frames.value(), store ? &lookup : nullptr);
        if (!decision.log_line.empty())
            log.limited(decision.log_kind, decision.log_line);
        (void)socket.send_frames(decision.reply);
    }
}

}  // namespace jiebang::sync

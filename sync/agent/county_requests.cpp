// sync/agent/county_requests.cpp — PROGRESS-REQUEST and CORRECTION-REQUEST over a connection of their own
// (see county_requests.hpp).
#include "sync/agent/county_requests.hpp"

#include <zmq.h>

#include <atomic>
#include <chrono>

namespace jiebang::sync {

namespace {

template <typename Reply>
Result<Reply> ask(const CountyLink& link, const Body& request) {
    static std::atomic<std::uint64_t> next_id{1};
    const std::uint64_t id = next_id.fetch_add(1);
    ZmqContext context;
    ZmqSocket socket(context, ZMQ_DEALER);
    if (auto status =
            configure_client(socket, link.client_keys, link.server_public_key, link.reply_timeout_ms);
        !status) {
        return status.error();
    }
    if (auto status = socket.connect(link.endpoint); !status)
        return status.error();
    auto frames = encode(Message{id, request});
    if (!frames)
        return frames.error();
    // ZMQ_IMMEDIATE holds a message until the connection is up: wait for it at most the reply timeout.
    if (auto status = socket.set_int(ZMQ_SNDTIMEO, link.reply_timeout_ms); !status)
        return status.error();
    if (auto sent = socket.send_frames(frames.value()); !sent) {
        return Error("sync.county_unreachable", "", "could not queue the request: " + sent.error().code);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(link.reply_timeout_ms);
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
                .count();
        if (left <= 0)
            return Error("sync.county_unreachable", "", "no reply from the county in time");
        auto received = socket.receive_frames(static_cast<int>(left));
        if (!received)
            return Error("sync.county_unreachable", "", received.error().code);
        if (received->empty())
            continue;
        std::vector<std::string_view> views(received->begin(), received->end());
        auto message = decode(views);
        if (!message || message->correlation_id != id)
            continue;  // not an answer to this request
        if (const auto* error = std::get_if<ErrorReply>(&message->body)) {
            return Error(std::string(wire_error_name(error->error)), "", error->detail);
        }
        if (const auto* reply = std::get_if<Reply>(&message->body))
            return *reply;
        return Error("sync.unexpected_reply", "", std::string(command_name(command_of(message->body))));
    }
}

}  // namespace

Result<ProgressReply> ask_progress(const CountyLink& link, std::string_view receipt_number) {
    return ask<ProgressReply>(link, ProgressRequest{std::string(receipt_number)});
}

Result<ProjectProgressReply> ask_project_progress(const CountyLink& link, std::string_view receipt_number) {
    return ask<ProjectProgressReply>(link, ProjectProgressRequest{std::string(receipt_number)});
}

Result<CorrectionReply> ask_correction(const CountyLink& link, std::string_view receipt_number,
                                       std::string_view access_code) {
    return ask<CorrectionReply>(link,
                                CorrectionRequest{std::string(receipt_number), std::string(access_code)});
}

}  // namespace jiebang::sync

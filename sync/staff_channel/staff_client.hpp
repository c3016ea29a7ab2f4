// sync/staff_channel/staff_client.hpp — a staff member's connection to their aggregator's staff endpoint
// (docs/protocol.md section 17): typed requests, each answered by a future of its typed Result.
//
// How to use it without blocking (a UI): call a request function once (it returns at once), keep the
// future, and each frame ask `ready(future)`; when it is ready, `future.get()` gives the Result (a value or
// an Error with a stable code: the server's STAFF-ERROR, or staff_channel.timeout / .refused / .closed).
// The command line simply calls `.get()`, which waits. One worker thread owns the socket; request
// functions may be called from any thread.
//
// Invariants:
//  1. The staff key file is opened with the passphrase before any socket exists: a wrong passphrase
//     (staff_key.wrong_passphrase) never reaches the network. The secret key lives only in this object.
//  2. Every future is fulfilled exactly once: with the reply of its correlation id, with
//     staff_channel.timeout after reply_timeout_ms, with staff_channel.refused as soon as the server's ZAP
//     handler refused the key (socket monitor: handshake failed, status 400; argument `status`), or with
//     staff_channel.closed when the client is destroyed. A reply to an unknown correlation id is dropped.
//  3. A refusal is final for this client (a revoked staff key is never enrolled again): every later request
//     fails at once with staff_channel.refused.
//  4. No UI or store include: the console and the CLI share this file.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <string_view>

#include "shared/base/result.hpp"
#include "sync/staff_channel/staff_messages.hpp"

namespace jiebang::sync::staff {

struct StaffConnectionSettings {
    std::string endpoint;           // e.g. tcp://county.example:5580
    std::string server_public_key;  // the aggregator's CURVE key, Z85 (jiebang-aggregator --print-public-key)
    int reply_timeout_ms = 10000;
    int handshake_timeout_ms = 5000;
};

enum class ChannelState { Connecting, Online, Refused, Closed };
std::string_view channel_state_name(ChannelState state);

// What the socket monitor saw (tests prove refusals and cut sessions by these, never by timeouts).
struct ChannelEvents {
    std::int64_t handshakes_succeeded = 0;
    std::int64_t disconnects = 0;
    std::int64_t handshakes_refused = 0;
    int last_refusal_status = 0;  // the ZAP status of the last refused handshake (400, 300, 500)
};

template <class Reply>
using Pending = std::future<Result<Reply>>;

// True when the future can be read without waiting.
template <class Reply>
bool ready(const Pending<Reply>& pending) {
    return pending.valid() && pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

class StaffClient {
  public:
    // Opens the staff key file with the passphrase (staff_key.* errors: permissions, malformed, wrong
    // passphrase, inconsistent), checks the server key (sync.key) and starts connecting. Nothing is sent
    // until the first request.
    static Result<std::unique_ptr<StaffClient>> open(const StaffConnectionSettings& settings,
                                                     const std::filesystem::path& staff_key_file,
                                                     std::string_view passphrase);
    // The same with a key pair (Z85 public and secret) already opened.
    static Result<std::unique_ptr<StaffClient>> open_with_keys(const StaffConnectionSettings& settings,
                                                               const std::string& public_key,
                                                               const std::string& secret_key);
    ~StaffClient();  // unanswered futures get staff_channel.closed
    StaffClient(const StaffClient&) = delete;
    StaffClient& operator=(const StaffClient&) = delete;

    Pending<Identity> whoami();
    Pending<Page> search(const SubmissionQuery& query);
    Pending<SortedPage> sorted_search(const SortedQuery& query);
    Pending<Record> open_submission(const std::string& id_or_receipt);  // audited as a read at the server
    Pending<Acted> act(const Act& action);
    Pending<BatchMade> forward(const std::vector<std::string>& ids_or_receipts);
    Pending<Fleet> fleet();
    Pending<Bids> bids(const std::string& listing = {});
    Pending<Published> publish_board();
    Pending<AuditEntries> audit_entries(std::int64_t after, std::uint32_t max);
    Pending<AuditVerified> verify_audit();
    Pending<Batches> batches(std::int64_t after, std::uint32_t max);
    Pending<Feed> feed(std::int64_t after, std::uint32_t max);
    Pending<BoardCopy> board();
    Pending<Done> enrol_node(const NodeEnrol& node);
    Pending<Done> revoke_node(const std::string& node_id);
    Pending<StaffAdded> add_staff(const StaffAdd& member);
    Pending<StaffMembers> staff_members();
    Pending<Done> revoke_staff(const std::string& staff_id);
    // Any request; the reply body as it came (a STAFF-ERROR included), or this client's own error (timeout,
    // refused, closed). For code that handles replies generically (the command line's backends).
    Pending<StaffBody> send(const StaffBody& request);

    ChannelState state() const;
    ChannelEvents events() const;
    const std::string& public_key() const;

    class Worker;  // the thread that owns the socket (staff_client.cpp)

  private:
    explicit StaffClient(std::unique_ptr<Worker> worker);
    template <class Reply>
    Pending<Reply> request(StaffBody body);
    std::unique_ptr<Worker> worker_;
};

}  // namespace jiebang::sync::staff

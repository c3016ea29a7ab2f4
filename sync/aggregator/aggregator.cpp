// sync/aggregator/aggregator.cpp — jiebang-aggregator's server loop (docs/protocol.md sections 5, 7, 8): the
// ROUTER, poll rounds, group commit, replies; start-up and --check-store. The other jobs have their own
// files: aggregator_config (flags and TOML), aggregator_log (log lines, systemd), zap_handler (who may
// connect), submission_check (is a SUBMIT storable), check_pool (checks off the server thread),
// county_upstream (the county's link to the city).
// Invariants:
//  1. The ZAP handler is bound before the ROUTER, and the ROUTER enforces the ZAP domain: no handshake
//     completes without a "200" from the handler, which answers 200 only for an active enrolled CURVE key.
//  2. The sender of a message is the ZAP User-Id (node id) of the message; bodies never name the sender.
//  3. SUBMITs gathered in one poll round are written in one transaction; ACK/CONFLICT replies are sent only
//     after COMMIT returned ok (synchronous=FULL). If the commit fails every SUBMIT of the round gets a
//     transient ERROR and nothing is acknowledged.
//  4. Rounds are committed in the order they arrived. The checks of a round (pure, no store access) run on
//     the check pool while the round before it is written and fsynced; at most two rounds are in flight,
//     and a stop commits and answers the pending one before the process exits.
//  5. Log lines carry node ids, submission ids, codes and counts only.
//
// Index: [SECTION] Server loop  [SECTION] Store check  [SECTION] Start-up
#include "sync/aggregator/aggregator.hpp"

#include <sodium.h>
#include <zmq.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <ostream>
#include <thread>

#include "shared/text/strings.hpp"
#include "sync/agent/client_session.hpp"
#include "sync/aggregator/aggregator_log.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/aggregator/backup.hpp"
#include "sync/aggregator/check_pool.hpp"
#include "sync/aggregator/county_upstream.hpp"
#include "sync/aggregator/metrics.hpp"
#include "sync/aggregator/monthly_report.hpp"
#include "sync/aggregator/project_stages.hpp"
#include "sync/aggregator/staff_endpoint.hpp"
#include "sync/aggregator/terminal_requests.hpp"
#include "sync/aggregator/zap_handler.hpp"
#include "sync/protocol/codec.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

// [SECTION] Server loop
namespace {

struct Incoming {
    std::string routing_id;
    std::string node_id;
    std::vector<std::string> frames;
    int source_fd = -1;  // the TCP connection it came on (ZMQ_SRCFD), to cut a revoked node's connection
    std::string peer;    // that connection's remote address, to recognise the descriptor later
};

struct Contact {
    bool with_backlog = false;
    std::int64_t backlog = 0;
    std::int64_t oldest = 0;
};

// The messages of one poll round, its SUBMITs with their checks, and the nodes heard from. Kept (at a fixed
// address: the check pool holds it) until its transaction committed and its replies were sent.
// An AUDIT-HEAD a county sent its city (docs/protocol.md 5.11): kept in the round's transaction, answered
// after its COMMIT like an ACK.
struct PendingHead {
    std::size_t message_index = 0;
    std::uint64_t correlation_id = 0;
    AuditHead head;
};

// A MONTHLY-REPORT a county sent its city (docs/protocol.md 20): kept in the round's transaction under the
// county of the sender's enrolment, answered after its COMMIT.
struct PendingReport {
    std::size_t message_index = 0;
    std::uint64_t correlation_id = 0;
    std::string county_admin_code;
    MonthlyReportSend report;
};

// A SUBMIT refused for good, recorded for staff in the round's transaction (aggregator_store_refusals.cpp).
struct Refusal {
    std::string node_id;
    std::string submission_id;
    std::string receipt_number;
    std::string error_code;
};

struct Round {
    std::vector<Incoming> messages;
    CheckRound checks;
    std::map<std::string, Contact> contacts;
    std::map<std::string, std::string> software_versions;  // node id -> its HELLO's (docs/protocol.md 19.3)
    std::vector<PendingHead> heads;
    std::vector<PendingReport> reports;
    std::vector<Refusal> refusals;
};

class Server {
  public:
    Server(const AggregatorConfig& config, const SubmissionRules& rules, AggregatorStore& store,
           ZmqSocket& router, Log& log)
        : config_(config),
          store_(store),
          router_(router),
          log_(log),
          pool_(check_threads(),
                [rules](const Submit& submit, const NodeRecord& node, std::int64_t now, const Board* board) {
                    return check_submission(submit, node, rules, now, board);
                }) {}

    // Takes the messages of a new poll round (possibly none): decodes them, answers what needs no commit,
    // and posts the checks of their SUBMITs; then commits the round taken before and sends its replies.
    // So one round is checked while the previous one is written and fsynced; every ACK and CONFLICT still
    // goes out only after the COMMIT of its own round, and rounds are written in the order they arrived.
    void take(std::vector<Incoming> messages) {
        refresh_nodes();
        std::unique_ptr<Round> next;
        if (!messages.empty())
            next = start(std::move(messages));
        if (pending_ != nullptr)
            finish(*pending_);
        pending_ = std::move(next);
    }
    // True while a round waits for its commit: the caller then polls without waiting and calls take() again.
    bool has_pending() const { return pending_ != nullptr; }

  private:
    std::unique_ptr<Round> start(std::vector<Incoming> messages) {
        auto round = std::make_unique<Round>();
        round->messages = std::move(messages);
        round->checks.now = unix_now();
        round->checks.board = board_;
        const std::int64_t now = round->checks.now;
        for (std::size_t index = 0; index < round->messages.size(); ++index) {
            const Incoming& incoming = round->messages[index];
            if (incoming.node_id.empty())
                continue;  // cannot happen with ZAP enforced; never trust it
            std::vector<std::string_view> views(incoming.frames.begin(), incoming.frames.end());
            auto node = node_record(incoming.node_id);
            if (!node) {
                reply(incoming, correlation_of(views),
                      ErrorReply{WireError::StoreUnavailable, "", "enrolment unavailable"});
                continue;
            }
            if (!node->has_value() || (**node).revoked_at != 0) {
                cut_inactive(incoming);  // revoked since its handshake: no reply, no ACK, no connection
                continue;
            }
            const NodeRecord& enrolled = **node;
            remember_connection(incoming);
            round->contacts[incoming.node_id];
            if (!server_accepts(config_.role, enrolled.kind)) {
                log_.limited("wrong_role", "refused a message from " + incoming.node_id + ": a " +
                                               config_.role + " server does not serve " + enrolled.kind +
                                               " nodes");
                reply(incoming, correlation_of(views),
                      ErrorReply{WireError::NotAllowed, submission_id_of(views),
                                 "a " + config_.role + " server accepts " +
                                     std::string(accepted_node_kind(config_.role)) + " nodes only, not " +
                                     enrolled.kind + " nodes"});
                continue;
            }
            auto message = decode(views);
            if (!message) {
                refuse(incoming, views, message.error());
                continue;
            }
            const std::uint64_t id = message->correlation_id;
            const auto* node_record_of_sender = &enrolled;
            std::visit(
                [&](auto& body) {
                    using T = std::decay_t<decltype(body)>;
                    if constexpr (std::is_same_v<T, Hello>) {
                        round->software_versions[incoming.node_id] = body.software_version;
                        reply(incoming, id, welcome(*node_record_of_sender, now));
                    } else if constexpr (std::is_same_v<T, Heartbeat>) {
                        round->contacts[incoming.node_id] =
                            Contact{true, body.pending, body.oldest_pending_created_at};
                        reply(incoming, id,
                              HeartbeatReply{now, board_version(), status_sequence(incoming.node_id)});
                    } else if constexpr (std::is_same_v<T, BoardRequest>) {
                        reply(incoming, id, board_snapshot(original_board_schema));
                    } else if constexpr (std::is_same_v<T, BoardRequest2>) {
                        reply(incoming, id, board_snapshot(body.schema));
                    } else if constexpr (std::is_same_v<T, StatusRequest>) {
                        auto entries = store_.status_since(incoming.node_id, body.since_sequence,
                                                           static_cast<int>(body.max_count));
                        if (!entries) {
                            reply(incoming, id,
                                  ErrorReply{WireError::StoreUnavailable, "", "status unavailable"});
                        } else {
                            reply(incoming, id,
                                  StatusUpdates{status_sequence(incoming.node_id), entries.value()});
                        }
                    } else if constexpr (std::is_same_v<T, AuditHead>) {
                        if (config_.role != "city") {
                            reply(incoming, id,
                                  ErrorReply{WireError::NotAllowed, "", "only a city keeps audit heads"});
                        } else {
                            round->heads.push_back(PendingHead{index, id, body});
                        }
                    } else if constexpr (std::is_same_v<T, MonthlyReportSend>) {
                        if (config_.role != "city" || node_record_of_sender->kind != "county") {
                            reply(
                                incoming, id,
                                ErrorReply{WireError::NotAllowed, "", "only a city keeps counties' reports"});
                        } else if (auto parsed = monthly_report_from_json(body.report_json);
                                   !parsed || parsed->month != body.month ||
                                   parsed->county_admin_code != node_record_of_sender->county_admin_code) {
                            reply(incoming, id,
                                  ErrorReply{WireError::InvalidContent, "",
                                             "not this county's monthly report for that month"});
                        } else {
                            round->reports.push_back(PendingReport{
                                index, id, node_record_of_sender->county_admin_code, std::move(body)});
                        }
                    } else if constexpr (std::is_same_v<T, RequeueRequest>) {
                        // Staff's requeues of this node's refused SUBMITs (docs/protocol.md 22): a read.
                        auto requested =
                            store_.requeue_requests(incoming.node_id, static_cast<int>(body.max_count));
                        if (!requested) {
                            reply(incoming, id,
                                  ErrorReply{WireError::StoreUnavailable, "", "requeues unavailable"});
                        } else {
                            reply(incoming, id, RequeueList{std::move(requested.value())});
                        }
                    } else if constexpr (std::is_same_v<T, TerminalCondition>) {
                        // A terminal's conditions (docs/protocol.md 19): the skew is measured here.
                        const std::int64_t skew = now - body.terminal_time;
                        TerminalConditionRecord record{
                            incoming.node_id,
                            now,
                            body.terminal_time,
                            skew,
                            body.call_raised_at > 0 ? body.call_raised_at + skew : 0,
                            body.condition_flags,
                            body.free_disk_bytes};
                        if (node_record_of_sender->kind != "terminal") {
                            reply(incoming, id,
                                  ErrorReply{WireError::NotAllowed, "", "only terminals report conditions"});
                        } else if (auto recorded = store_.record_terminal_condition(record); !recorded) {
                            reply(incoming, id,
                                  ErrorReply{WireError::StoreUnavailable, "", "conditions unavailable"});
                        } else {
                            reply(incoming, id, TerminalConditionOk{now});
                        }
                    } else if constexpr (std::is_same_v<T, ProjectStagesRequest>) {
                        // Project stages for a county's receipts (docs/protocol.md 21, P1): a city's answer
                        // to its counties only.
                        if (config_.role != "city" || node_record_of_sender->kind != "county") {
                            reply(incoming, id,
                                  ErrorReply{WireError::NotAllowed, "", "only a city answers its counties"});
                        } else if (auto page = project_stages_for_county(
                                       store_, node_record_of_sender->county_admin_code, body.after);
                                   !page) {
                            reply(incoming, id,
                                  ErrorReply{WireError::StoreUnavailable, "", "project stages unavailable"});
                        } else {
                            reply(incoming, id, std::move(page.value()));
                        }
                    } else if constexpr (std::is_same_v<T, ProjectProgressRequest>) {
                        if (config_.role != "county" || node_record_of_sender->kind != "terminal") {
                            reply(
                                incoming, id,
                                ErrorReply{WireError::NotAllowed, "", "only a county answers its terminals"});
                        } else {
                            reply(incoming, id, answer_project_progress(store_, body));
                        }
                    } else if constexpr (std::is_same_v<T, ProgressRequest>) {
                        reply(incoming, id, answer_progress_request(store_, *node_record_of_sender, body));
                    } else if constexpr (std::is_same_v<T, CorrectionRequest>) {
                        reply(incoming, id,
                              answer_correction_request(store_, *node_record_of_sender, body, now));
                    } else if constexpr (std::is_same_v<T, Submit>) {
                        round->checks.submits.push_back(
                            PendingCheck{index, id, std::move(body), *node_record_of_sender, {}});
                    } else {
                        reply(incoming, id, ErrorReply{WireError::UnknownCommand, "", "not a request"});
                    }
                },
                message->body);
        }
        pool_.post(round->checks);
        return round;
    }

    void finish(Round& round) {
        pool_.finish(round.checks);
        std::vector<std::pair<const Incoming*, std::pair<std::uint64_t, StoredSubmission>>> inserts;
        for (PendingCheck& pending : round.checks.submits) {
            const Incoming& incoming = round.messages[pending.message_index];
            if (auto node = node_record(incoming.node_id);
                node && (!node->has_value() || (**node).revoked_at != 0)) {
                cut_inactive(incoming);  // revoked while its round was being checked: nothing is stored
                continue;
            }
            if (pending.checked.error) {
                log_.limited("refused_submission",
                             "refused submission " + pending.submit.submission_id + " from " +
                                 pending.node.node_id + ": " +
                                 std::string(wire_error_name(pending.checked.error->error)));
                reply(incoming, pending.correlation_id, *pending.checked.error);
                if (pending.checked.error->error != WireError::StoreUnavailable) {
                    round.refusals.push_back(Refusal{
                        pending.node.node_id, pending.submit.submission_id, pending.submit.receipt_number,
                        std::string(wire_error_name(pending.checked.error->error))});
                }
            } else {
                inserts.push_back({&incoming, {pending.correlation_id, std::move(pending.checked.stored)}});
            }
        }
        if (inserts.empty() && round.contacts.empty())
            return;

        // Group commit: one transaction for the whole round, replies after COMMIT.
        std::vector<std::pair<const Incoming*, Message>> replies;
        Status committed = commit_round(inserts, round, round.checks.now, replies);
        if (!committed) {
            log_.error("commit failed (" + committed.error().code + "); " + std::to_string(inserts.size()) +
                       " submissions answered with store_unavailable" + operator_hint(committed.error()));
            for (const auto& [incoming, insert] : inserts) {
                reply(*incoming, insert.first,
                      ErrorReply{WireError::StoreUnavailable, insert.second.submission_id, "commit failed"});
            }
            for (const PendingHead& pending : round.heads) {
                reply(round.messages[pending.message_index], pending.correlation_id,
                      ErrorReply{WireError::StoreUnavailable, "", "commit failed"});
            }
            for (const PendingReport& pending : round.reports) {
                reply(round.messages[pending.message_index], pending.correlation_id,
                      ErrorReply{WireError::StoreUnavailable, "", "commit failed"});
            }
            return;
        }
        for (const auto& [incoming, message] : replies)
            reply(*incoming, message.correlation_id, message.body);
    }

    Status commit_round(
        const std::vector<std::pair<const Incoming*, std::pair<std::uint64_t, StoredSubmission>>>& inserts,
        const Round& round, std::int64_t now, std::vector<std::pair<const Incoming*, Message>>& replies) {
        const std::map<std::string, Contact>& contacts = round.contacts;
        auto transaction = store::Transaction::begin(store_.database());
        if (!transaction)
            return transaction.error();
        for (const auto& [incoming, insert] : inserts) {
            HashBytes stored_hash{};
            auto outcome = store_.insert_submission(insert.second, &stored_hash);
            if (!outcome)
                return outcome.error();
            if (outcome.value() == InsertOutcome::ReceiptInUse) {
                log_.limited("receipt_in_use", "refused submission " + insert.second.submission_id +
                                                   " from " + incoming->node_id + ": its receipt number " +
                                                   insert.second.receipt_number + " is stored for another");
                replies.push_back(
                    {incoming,
                     Message{insert.first, ErrorReply{WireError::ReceiptInUse, insert.second.submission_id,
                                                      "the receipt number is stored for another "
                                                      "submission"}}});
                if (auto recorded = store_.record_refusal(
                        incoming->node_id, insert.second.submission_id, insert.second.receipt_number,
                        std::string(wire_error_name(WireError::ReceiptInUse)), now);
                    !recorded)
                    return recorded;
            } else if (outcome.value() == InsertOutcome::Conflict) {
                if (auto recorded = store_.record_refusal(incoming->node_id, insert.second.submission_id,
                                                          insert.second.receipt_number, "sync.conflict", now);
                    !recorded)
                    return recorded;
                log_.limited("conflict", "conflict for submission " + insert.second.submission_id + " from " +
                                             incoming->node_id);
                replies.push_back(
                    {incoming, Message{insert.first, Conflict{insert.second.submission_id, stored_hash}}});
            } else {
                const auto disposition = outcome.value() == InsertOutcome::Stored ? AckDisposition::Stored
                                                                                  : AckDisposition::Duplicate;
                if (auto cleared = store_.clear_refusal(insert.second.submission_id); !cleared)
                    return cleared;  // stored after all: no longer missing (refusals invariant 2)
                replies.push_back(
                    {incoming, Message{insert.first, Ack{insert.second.submission_id, disposition}}});
            }
        }
        for (const Refusal& refusal : round.refusals) {
            if (auto recorded = store_.record_refusal(refusal.node_id, refusal.submission_id,
                                                      refusal.receipt_number, refusal.error_code, now);
                !recorded)
                return recorded;
        }
        for (const PendingHead& pending : round.heads) {
            const Incoming& incoming = round.messages[pending.message_index];
            auto kept = store_.keep_audit_head(incoming.node_id, pending.head, now);
            if (!kept)
                return kept.error();
            if (!kept->problem.empty()) {
                // The county's trail cannot follow from what it reported before: someone rewrote it.
                log_.error("audit head of " + incoming.node_id + ": its trail " + kept->problem +
                           " (docs/backoffice.md section 3; check with jiebang audit verify --heads-from)");
            }
            replies.push_back(
                {&incoming, Message{pending.correlation_id, AuditHeadOk{pending.head.sequence}}});
        }
        for (const PendingReport& pending : round.reports) {
            const Incoming& incoming = round.messages[pending.message_index];
            if (auto kept = store_.keep_monthly_report(pending.county_admin_code, pending.report, now); !kept)
                return kept;
            replies.push_back(
                {&incoming, Message{pending.correlation_id,
                                    MonthlyReportKept{pending.report.month, pending.report.made_at}}});
        }
        for (const auto& [node_id, contact] : contacts) {
            if (auto status = store_.record_contact(node_id, now, contact.backlog, contact.oldest,
                                                    contact.with_backlog);
                !status) {
                return status;
            }
        }
        for (const auto& [node_id, version] : round.software_versions) {
            if (auto status = store_.record_node_software(node_id, version, now); !status)
                return status;
        }
        return transaction->commit();
    }

    // The node's enrolment (revoked ones included), from a cache that refresh_nodes() empties whenever the
    // node table changed; an error only when the store cannot be read.
    Result<std::optional<NodeRecord>> node_record(const std::string& node_id) {
        auto cached = nodes_.find(node_id);
        if (cached != nodes_.end())
            return cached->second;
        auto node = store_.node(node_id);
        if (!node)
            return node.error();
        nodes_[node_id] = node.value();
        return node.value();
    }

    // Revocation reaches open sessions (docs/protocol.md 8): once per loop iteration, PRAGMA data_version
    // tells whether another connection committed; only then is the nodes generation read, and only when it
    // moved are the cache dropped and the open connections of every node no longer active cut at once.
    void refresh_nodes() {
        auto version = store_.data_version();
        if (version && version.value() == data_version_)
            return;
        data_version_ = version ? version.value() : -1;
        refresh_board();
        auto generation = store_.nodes_generation();
        if (generation && generation.value() == nodes_generation_)
            return;
        nodes_generation_ = generation ? generation.value() : -1;
        nodes_.clear();
        for (auto node_connections = connections_.begin(); node_connections != connections_.end();) {
            auto node = node_record(node_connections->first);
            if (!node || (node->has_value() && (**node).revoked_at == 0)) {
                ++node_connections;
                continue;
            }
            int closed = 0;
            for (const auto& [fd, peer] : node_connections->second) {
                closed += disconnect_connection(fd, peer) ? 1 : 0;
                connection_owners_.erase(fd);
            }
            log_.line("node " + node_connections->first + " is no longer enrolled: closed " +
                      std::to_string(closed) + " open connection(s)");
            node_connections = connections_.erase(node_connections);
        }
    }

    // The board the checks of bids compare listings with: parsed once per version (a county's comes from
    // the city through the upstream link, a city's from staff: both are other connections' commits).
    void refresh_board() {
        auto version = store_.latest_board_version();
        if (!version || version.value() == board_version_)
            return;
        auto record = store_.latest_board();
        if (!record || !record->has_value())
            return;
        auto board = board_from_json((**record).board_json);
        if (!board) {
            log_.line("board version " + std::to_string((**record).version) +
                      " cannot be read: " + board.error().code + "; bids are checked without it");
            board_version_ = version.value();
            board_.reset();
            return;
        }
        board_version_ = version.value();
        board_ = std::make_shared<const Board>(std::move(board.value()));
    }

    // Notes which connection a node's message came on, so that a revocation can cut it.
    void remember_connection(const Incoming& incoming) {
        if (incoming.source_fd < 0 || incoming.peer.empty())
            return;
        auto owner = connection_owners_.find(incoming.source_fd);
        if (owner != connection_owners_.end() && owner->second != incoming.node_id) {
            connections_[owner->second].erase(incoming.source_fd);  // the descriptor was reused
            if (connections_[owner->second].empty())
                connections_.erase(owner->second);
        }
        auto& known = connections_[incoming.node_id];
        if (known.find(incoming.source_fd) == known.end()) {
            // A new connection of a node that still has another one open: two machines with one key, as
            // two terminals restored from one disk image are (docs/protocol.md 5.3.1). Their receipt
            // numbers are kept apart by the checks; the operator hears of it here.
            for (auto other = known.begin(); other != known.end();) {
                if (connection_peer(other->first) != other->second) {  // closed since
                    if (auto owner_of = connection_owners_.find(other->first);
                        owner_of != connection_owners_.end() && owner_of->second == incoming.node_id) {
                        connection_owners_.erase(owner_of);
                    }
                    other = known.erase(other);
                    continue;
                }
                log_.limited("two_connections", "node " + incoming.node_id +
                                                    " has two connections open at once (" + other->second +
                                                    " and " + incoming.peer +
                                                    "): two machines with one key, a copy of its disk?");
                ++other;
            }
        }
        connection_owners_[incoming.source_fd] = incoming.node_id;
        known[incoming.source_fd] = incoming.peer;
    }

    // A message from a node that is no longer enrolled: not answered (a terminal keeps its items pending,
    // so a revocation made by mistake loses nothing), and its connection is cut; ZAP refuses the next
    // handshake.
    void cut_inactive(const Incoming& incoming) {
        const bool closed = disconnect_connection(incoming.source_fd, incoming.peer);
        log_.limited("revoked_node", "refused a message from " + incoming.node_id +
                                         ", which is no longer enrolled" +
                                         (closed ? "; connection closed" : ""));
    }

    Welcome welcome(const NodeRecord& node, std::int64_t now) {
        return Welcome{node.node_id,
                       node.county_admin_code,
                       config_.role,
                       now,
                       board_version(),
                       status_sequence(node.node_id),
                       static_cast<std::uint32_t>(config_.window),
                       static_cast<std::uint32_t>(config_.heartbeat_interval_ms)};
    }

    std::int64_t board_version() {
        auto board = store_.latest_board();
        return board && board->has_value() ? (**board).version : 0;
    }
    std::int64_t status_sequence(const std::string& node_id) {
        auto sequence = store_.latest_status_sequence(node_id);
        return sequence ? sequence.value() : 0;
    }
    // The newest board in the newest schema the client parses (docs/protocol.md 5.8): as stored when the
    // client reads the stored schema, else a copy re-encoded in the client's schema with its own hash. The
    // copy is made once per board version (a board can be megabytes) and kept until the next version.
    BoardSnapshot board_snapshot(int client_schema) {
        auto board = store_.latest_board();
        if (!board || !board->has_value())
            return BoardSnapshot{};
        BoardSnapshot stored{(**board).version, (**board).hash_hex, (**board).board_json};
        if (client_schema >= latest_board_schema)
            return stored;
        if (older_schema_copy_ && older_schema_copy_->first == client_schema &&
            older_schema_copy_->second.version == stored.version && stored.version > 0)
            return older_schema_copy_->second;
        auto parsed = board_from_json(stored.board_json);
        if (!parsed)
            return stored;  // the store checked it when it was kept; a client refuses it as before
        if (parsed->schema <= client_schema)
            return stored;
        const Board copy = board_for_schema(parsed.value(), client_schema);
        BoardSnapshot converted{copy.version, copy.hash_hex, board_to_json(copy)};
        older_schema_copy_ = std::make_pair(client_schema, converted);
        return converted;
    }

    static std::uint64_t correlation_of(const std::vector<std::string_view>& views) {
        if (!views.empty()) {
            if (auto header = decode_header(views[0]); header)
                return header->correlation_id;
        }
        return 0;
    }
    // The submission id of a SUBMIT (for an ERROR about it), "" for anything else.
    static std::string submission_id_of(const std::vector<std::string_view>& views) {
        auto message = decode(views);
        if (message) {
            if (const auto* submit = std::get_if<Submit>(&message->body))
                return submit->submission_id;
        }
        return {};
    }

    void refuse(const Incoming& incoming, const std::vector<std::string_view>& views, const Error& error) {
        const std::uint64_t correlation_id = correlation_of(views);
        WireError wire = WireError::BadMessage;
        if (error.code == "protocol.version")
            wire = WireError::UnsupportedVersion;
        if (error.code == "protocol.command")
            wire = WireError::UnknownCommand;
        log_.limited("refused_message",
                     "refused a message from " + incoming.node_id + ": " + error.code + " " + error.field);
        reply(incoming, correlation_id, ErrorReply{wire, "", error.code + " " + error.field});
    }

    void reply(const Incoming& incoming, std::uint64_t correlation_id, const Body& body) {
        auto frames = encode(Message{correlation_id, body});
        if (!frames) {
            log_.error("cannot encode a reply: " + frames.error().code);
            return;
        }
        frames->insert(frames->begin(), incoming.routing_id);
        if (auto sent = router_.send_frames(frames.value(), true); !sent) {
            log_.limited("reply_dropped", "reply to " + incoming.node_id + " dropped: " + sent.error().code);
        }
    }

    const AggregatorConfig& config_;
    AggregatorStore& store_;
    ZmqSocket& router_;
    Log& log_;
    std::unique_ptr<Round> pending_;  // taken, checks posted, not yet committed
    CheckPool pool_;                  // after pending_: its threads are joined before pending_ goes away
    std::map<std::string, std::optional<NodeRecord>> nodes_;  // enrolment by node id (nullopt: unknown)
    std::int64_t data_version_ = -1;
    std::int64_t board_version_ = -1;
    std::shared_ptr<const Board> board_;
    std::optional<std::pair<int, BoardSnapshot>> older_schema_copy_;  // (schema, copy) of the newest board
    std::int64_t nodes_generation_ = -1;
    std::map<std::string, std::map<int, std::string>> connections_;  // node id -> descriptor -> peer
    std::map<int, std::string> connection_owners_;                   // descriptor -> node id
};

}  // namespace

// [SECTION] Store check
int check_aggregator_store(const AggregatorConfig& config, std::ostream& out, std::ostream& log_stream) {
    Log log(log_stream);
    const std::filesystem::path file = config.store_file();
    std::error_code error_code;
    if (!std::filesystem::is_regular_file(file, error_code)) {
        log.line("check: there is no store at " + file.string());
        return 1;
    }
    auto store = AggregatorStore::open(file);
    if (!store) {
        log.line("check: " + store.error().code + " " + store.error().detail);
        return 1;
    }
    if (auto checked = store->database().check_integrity(); !checked) {
        log.line("check: " + checked.error().code + " " + checked.error().detail);
        return 1;
    }
    out << "store ok: " << file.string() << "\n";
    return 0;
}

// [SECTION] Start-up
int run_aggregator(const AggregatorConfig& config, const std::atomic<bool>& stop, std::ostream& log_stream) {
    Log log(log_stream);
    // Under systemd, journald reads each line's priority from its "<N>" prefix (aggregator_log.hpp inv. 4).
    log.use_priority_prefixes(&log_stream == &std::cerr && stderr_is_journal());
    if (sodium_init() < 0) {
        log.line("libsodium failed to initialise");
        return 1;
    }
    std::error_code error_code;
    std::filesystem::create_directories(config.data_dir, error_code);
    // Held until exit: a --restore (or a second daemon on the same folder) is refused while it runs.
    auto lock = StoreLock::acquire(config.data_dir);
    if (!lock) {
        log.error("cannot start: " + lock.error().code + " " + lock.error().field + ": " +
                  lock.error().detail);
        return 1;
    }
    auto keys = CurveKeyPair::load_or_create(config.key_file());
    if (!keys) {
        log.error("cannot load or create the CURVE key: " + keys.error().code + " " + keys.error().field +
                  ": " + keys.error().detail);
        return 1;
    }
    auto store = AggregatorStore::open(config.store_file());
    if (!store) {
        log.error("cannot open the store: " + store.error().code + " " + store.error().detail +
                  operator_hint(store.error()));
        return 1;
    }
    if (auto status = store->set_setting("role", config.role); !status) {
        log.error("cannot write the store: " + status.error().code);
        return 1;
    }
    // Every submission is checked against its form and its city's profile (docs/protocol.md 5.3.2): a
    // server that cannot load them does not start, rather than store what it cannot check.
    const std::filesystem::path assets =
        config.assets_directory.empty() ? default_assets_directory() : config.assets_directory;
    auto forms = FormCatalog::load(assets);
    if (!forms) {
        log.error("cannot load the forms from " + assets.string() + ": " + forms.error().code + " " +
                  forms.error().field + " " + forms.error().detail + " (set --assets)");
        return 1;
    }
    auto profiles = ProfileCatalog::load(assets);
    if (!profiles) {
        log.error("cannot load the city profiles from " + assets.string() + ": " + profiles.error().code +
                  " " + profiles.error().field + " " + profiles.error().detail + " (set --assets)");
        return 1;
    }
    SubmissionRules rules;
    rules.server_role = config.role;
    rules.forms = &forms.value();
    rules.profiles = &profiles.value();
    rules.max_clock_ahead_seconds = static_cast<std::int64_t>(config.max_clock_ahead_days) * 24 * 3600;

    ZmqContext context;
    std::atomic<bool> stop_threads{false};
    ZmqSocket zap(context, ZMQ_REP);
    if (auto status = zap.bind(zap_endpoint); !status) {
        log.error("cannot bind the ZAP handler: " + status.error().detail);
        return 1;
    }
    std::thread zap_thread([&] { run_zap_handler(zap, config.store_file(), stop_threads, log); });

    ZmqSocket router(context, ZMQ_ROUTER);
    Status setup = configure_server(router, keys.value(), config.handshake_timeout_ms);
    if (setup)
        setup = router.bind(config.listen);
    if (!setup) {
        log.error("cannot listen on " + config.listen + ": " + setup.error().detail);
        stop_threads = true;
        zap_thread.join();
        return 1;
    }
    // The staff endpoint (docs/protocol.md 17): its own context, ZAP handler, thread and store connection.
    std::unique_ptr<StaffEndpoint> staff_endpoint;
    if (!config.staff_listen.empty()) {
        StaffServiceSettings staff_settings;
        staff_settings.tier = config.role;
        staff_settings.area_code = config.area_code;
        staff_settings.heartbeat_interval_ms = config.heartbeat_interval_ms;
        staff_settings.profiles = &profiles.value();  // the project lifecycle's rules (protocol.md 17.20)
        staff_settings.forms = &forms.value();        // the board's listings, by field role
        for (const Profile& profile : profiles->all()) {
            if (config.area_code.empty())
                break;
            if (profile.city_admin_code == config.area_code) {
                staff_settings.area_name_zh = profile.city_name.chinese;
                staff_settings.area_name_en = profile.city_name.english;
            } else if (const County* county = profile.county_by_code(config.area_code); county != nullptr) {
                staff_settings.area_name_zh = county->name.chinese;
                staff_settings.area_name_en = county->name.english;
            }
        }
        staff_endpoint = std::make_unique<StaffEndpoint>(config, keys.value(), staff_settings, log);
        if (auto started = staff_endpoint->start(); !started) {
            log.error("cannot listen for staff on " + config.staff_listen + ": " + started.error().code +
                      " " + started.error().detail);
            staff_endpoint.reset();
            stop_threads = true;
            zap_thread.join();
            return 1;
        }
    }
    std::thread upstream_thread;
    if (config.role == "county" && !config.upstream_endpoint.empty()) {
        upstream_thread = std::thread([&] { run_upstream(config, keys.value(), stop_threads, log); });
    }
    // The endpoint actually bound: with a wildcard port ("tcp://127.0.0.1:*") the kernel chooses one. It is
    // logged and written to <data-dir>/listening.endpoint (whole or not at all), so whoever started the
    // daemon (the tests: no guessed free port, no race) can connect.
    char bound[256] = {};
    std::size_t bound_size = sizeof bound - 1;
    const std::string listening =
        zmq_getsockopt(router.handle(), ZMQ_LAST_ENDPOINT, bound, &bound_size) == 0 ? bound : config.listen;
    {
        const std::filesystem::path endpoint_file = config.data_dir / "listening.endpoint";
        std::ofstream(endpoint_file.string() + ".new", std::ios::trunc) << listening << "\n";
        std::error_code renamed;
        std::filesystem::rename(endpoint_file.string() + ".new", endpoint_file, renamed);
        if (renamed)
            log.error("cannot write " + endpoint_file.string() + ": " + renamed.message());
    }
    log.line("listening on " + listening + " as " + config.role + ", public key " + keys->public_key);
    // Scheduled online backups on their own thread and connection (sync/aggregator/backup.hpp).
    std::unique_ptr<BackupScheduler> backups;
    if (!config.backup_dir.empty()) {
        backups =
            std::make_unique<BackupScheduler>(config.store_file(), config.backup_dir,
                                              config.backup_interval_minutes, config.backup_keep_days, log);
        backups->start();
    }
    // The metrics file for node_exporter (sync/aggregator/metrics.hpp), on its own thread and connection.
    std::unique_ptr<MetricsWriter> metrics;
    if (!config.metrics_file.empty()) {
        metrics = std::make_unique<MetricsWriter>(
            config.store_file(), config.metrics_file, config.metrics_interval_seconds,
            [&backups]() -> std::int64_t {
                if (backups)
                    return backups->last_backup_at();
                return 0;
            },
            log);
        metrics->start();
    }
    notify_systemd("READY=1");

    Server server(config, rules, store.value(), router, log);
    std::int64_t last_watchdog_ms = 0;
    std::int64_t rounds = 0;
    std::int64_t messages = 0;
    while (!stop.load()) {
        std::vector<Incoming> round;
        std::string user_id;
        int source_fd = -1;
        auto take_message = [&](std::vector<std::string>& frames_read) {
            Incoming incoming;
            incoming.node_id = user_id;
            incoming.source_fd = source_fd;
            incoming.peer = connection_peer(source_fd);
            incoming.routing_id = std::move(frames_read.front());
            incoming.frames.assign(std::make_move_iterator(frames_read.begin() + 1),
                                   std::make_move_iterator(frames_read.end()));
            round.push_back(std::move(incoming));
        };
        auto frames = router.receive_frames(server.has_pending() ? 0 : 200, &user_id, &source_fd);
        while (frames && !frames->empty() && static_cast<int>(round.size()) < config.batch_max) {
            take_message(frames.value());
            frames = router.receive_frames(0, &user_id, &source_fd);
        }
        if (!frames) {
            log.error("receive failed: " + frames.error().detail);
        } else if (!frames->empty()) {
            // The round is full and one more message was already read: it joins this round (batch_max + 1).
            take_message(frames.value());
        }
        if (!round.empty()) {
            rounds++;
            messages += static_cast<std::int64_t>(round.size());
        }
        server.take(std::move(round));
        log.flush();
        const std::int64_t now_ms = monotonic_milliseconds();
        if (now_ms - last_watchdog_ms > 1000) {
            notify_systemd("WATCHDOG=1");
            last_watchdog_ms = now_ms;
        }
    }
    server.take({});  // commits and answers the round still pending
    notify_systemd("STOPPING=1");
    if (metrics)
        metrics->stop();  // its last write counts the round committed just above
    if (backups)
        backups->stop();
    if (staff_endpoint)
        staff_endpoint->stop();
    stop_threads = true;
    if (upstream_thread.joinable())
        upstream_thread.join();
    zap_thread.join();
    log.flush_all();  // every suppressed line is counted in a summary (aggregator_log.hpp invariant 3)
    log.line("stopping after " + std::to_string(messages) + " messages in " + std::to_string(rounds) +
             " rounds");
    router.close();
    zap.close();
    return 0;
}

}  // namespace jiebang::sync

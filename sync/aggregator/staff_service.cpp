// sync/aggregator/staff_service.cpp — the staff requests of docs/protocol.md 17 over the aggregator's store
// (see the header for the invariants).
//
// Index: [SECTION] Helpers  [SECTION] Submissions  [SECTION] Review  [SECTION] Dispatch
//        [SECTION] Fleet, bids and board  [SECTION] Audit and feed  [SECTION] Administration
#include "sync/aggregator/staff_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "shared/base/version.hpp"
#include "shared/domain/board.hpp"
#include "shared/lifecycle/calendar_date.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/review/review_state_machine.hpp"
#include "sync/aggregator/project_stages.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

namespace {

using namespace staff;

// [SECTION] Helpers
StaffBody refusal(const Error& error) {
    return staff_error_from(error);
}

RoleCode role_code(backoffice::Role role) {
    switch (role) {
        case backoffice::Role::Reviewer:
            return RoleCode::Reviewer;
        case backoffice::Role::Publisher:
            return RoleCode::Publisher;
        case backoffice::Role::Auditor:
            return RoleCode::Auditor;
        case backoffice::Role::Admin:
            return RoleCode::Admin;
    }
    return RoleCode::Auditor;
}

backoffice::Role role_of(RoleCode code) {
    switch (code) {
        case RoleCode::Reviewer:
            return backoffice::Role::Reviewer;
        case RoleCode::Publisher:
            return backoffice::Role::Publisher;
        case RoleCode::Auditor:
            return backoffice::Role::Auditor;
        case RoleCode::Admin:
            return backoffice::Role::Admin;
    }
    return backoffice::Role::Auditor;
}

MemberRow member_row(const backoffice::StaffMember& member) {
    return MemberRow{member.staff_id,    member.name,       role_code(member.role), member.curve_public_key,
                     member.enrolled_at, member.revoked_at, member.enrolled_by};
}

Status permitted(const StaffCaller& caller, backoffice::Permission permission) {
    return backoffice::check_permission(caller.acting.actor, permission);
}

Error bad_filter(const char* field, const char* detail) {
    return Error("staff_channel.bad_filter", field, detail).with("field", field);
}

bool is_progress_code(std::string_view code) {
    static const std::set<std::string_view> codes = {"received", "accepted", "forwarded",
                                                     "returned", "rejected", "published"};
    return codes.contains(code);
}

}  // namespace

StaffCaller StaffCaller::staff(const backoffice::StaffMember& member) {
    return StaffCaller{ActingStaff{backoffice::review_actor(member.role), member.staff_id, member.name},
                       member};
}

SubmissionRow submission_row(const StoredSubmission& submission) {
    SubmissionRow row;
    row.sequence = submission.sequence;
    row.submission_id = submission.submission_id;
    row.receipt_number = submission.receipt_number;
    row.kind = submission.kind == "bid" ? KindCode::Bid : KindCode::Demand;
    row.county = submission.county_admin_code;
    row.via_node = submission.via_node;
    row.state = submission.review_state;
    row.stage = submission.review_stage;
    row.forward_state = submission.forward_state;
    row.forward_error = submission.forward_error;
    row.batch = submission.forward_batch;
    row.listing = submission.listing_id;
    row.industry = submission.industry_id;
    row.flags = submission.flags;
    row.received_at = submission.received_at;
    row.title = submission.project_name;
    row.unit_name = submission.unit_name;
    row.unit_uscc = submission.unit_uscc;
    row.reason = submission.review_reason;
    return row;
}

namespace {

// [SECTION] Submissions
// SEARCH, or SORTED-SEARCH when `sorted` is given (its query is `query`).
StaffBody search(AggregatorStore& store, const SubmissionQuery& query, const SortedQuery* sorted = nullptr) {
    if (!query.state.empty() && !is_progress_code(query.state))
        return refusal(bad_filter("state", "not a progress code"));
    if (!query.stage.empty() && !review::state_from_name(query.stage))
        return refusal(bad_filter("stage", "not a review state"));
    if (query.page_size < 1 || query.page_size > max_page_size)
        return refusal(bad_filter("page_size", "a page holds 1 to 200 rows"));
    if (query.received_from > 0 && query.received_until > 0 && query.received_until < query.received_from)
        return refusal(bad_filter("received_until", "the range ends before it starts"));
    SubmissionSearch search;
    search.state = query.state;
    search.stage = query.stage;
    search.kind = std::string(kind_name(query.kind));
    search.county = query.county;
    search.via_node = query.via_node;
    search.industry = query.industry;
    search.listing = query.listing;
    search.batch = query.batch;
    search.received_from = query.received_from;
    search.received_until = query.received_until;
    search.text = query.text;
    search.newest_first = query.newest_first;
    search.after = query.after;
    search.page_size = static_cast<int>(query.page_size);
    if (sorted != nullptr) {
        if ((sorted->flag_kinds & ~flag_kinds_all) != 0)
            return refusal(bad_filter("flag_kinds", "flag kinds are the bits 1, 2, 4 and 8"));
        static constexpr SearchSort sorts[] = {SearchSort::Received, SearchSort::Stage, SearchSort::County,
                                               SearchSort::Title, SearchSort::Unit};
        search.sort = sorts[static_cast<int>(sorted->sort) - 1];
        search.flag_kinds = sorted->flag_kinds;
        search.after_key = sorted->after_key;
    }
    auto found = store.search(search);
    if (!found) {
        Error error = found.error();
        if (error.code == "staff_channel.bad_filter")
            error.with("field", error.field);
        return refusal(error);
    }
    Page page;
    page.total = found->total;
    page.next_after = found->next_after;
    for (const StoredSubmission& row : found->rows)
        page.rows.push_back(submission_row(row));
    if (sorted != nullptr)
        return SortedPage{std::move(page), found->next_after_key};
    return page;
}

StaffBody open(AggregatorStore& store, const OpenSubmission& request, const StaffCaller& caller,
               std::int64_t now) {
    auto found = store.find(request.id);
    if (!found)
        return refusal(found.error());
    if (!found->has_value()) {
        return refusal(Error("sync.unknown_submission", request.id, "no such submission or receipt")
                           .with("id", request.id));
    }
    const StoredSubmission& submission = **found;
    // Invariant 3: the read of personal data is on the record before anything is shown.
    if (auto audited =
            store.record_audit(caller.acting, "read", submission.receipt_number, "personal data", now);
        !audited) {
        return refusal(audited.error());
    }
    Record record;
    record.row = submission_row(submission);
    record.content_hash = submission.content_hash;
    record.canonical_content = submission.canonical_content;
    auto history = store.audit_entries_for(submission.receipt_number, static_cast<int>(max_history_entries));
    if (!history)
        return refusal(history.error());
    for (const audit::AuditEntry& entry : history.value()) {
        record.history.push_back(HistoryEntry{entry.sequence, entry.at, entry.staff_id, entry.staff_name,
                                              entry.role, entry.action, entry.reason, entry.state_before,
                                              entry.state_after});
    }
    auto events = store.feed_for(submission.submission_id, static_cast<int>(max_history_entries));
    if (!events)
        return refusal(events.error());
    for (const FeedEvent& event : events.value())
        record.events.push_back(SubmissionEvent{event.sequence, event.at, event.event, event.reason});
    return record;
}

// The chain of revisions of an item (docs/protocol.md 17.2 REVISIONS): ids, stages and reasons, no content.
StaffBody revisions(AggregatorStore& store, const RevisionsRequest& request) {
    auto chain = store.revisions(request.id);
    if (!chain)
        return refusal(chain.error());
    Revisions reply;
    for (const RevisionRecord& record : chain.value()) {
        reply.revisions.push_back(RevisionEntry{record.submission_id, record.receipt_number, record.revision,
                                                record.resubmission_of, record.review_stage,
                                                record.review_reason, record.received_at});
    }
    return reply;
}

// [SECTION] Review
StaffBody act(AggregatorStore& store, const Act& request, const StaffCaller& caller, std::int64_t now) {
    review::ReviewAction action = review::ReviewAction::Accept;
    switch (request.action) {
        case ActCode::Accept:
            action = review::ReviewAction::Accept;
            break;
        case ActCode::Return:
            action = review::ReviewAction::Return;
            break;
        case ActCode::Reject:
            action = review::ReviewAction::Reject;
            break;
        case ActCode::Recall:
            action = review::ReviewAction::Recall;
            break;
        case ActCode::Requeue:
            action = review::ReviewAction::Requeue;
            break;
    }
    auto change = store.review(request.id, action, request.reason, caller.acting, now);
    if (!change)
        return refusal(change.error());
    return Acted{change->submission_id, change->receipt_number, std::string(review::state_name(change->from)),
                 std::string(review::state_name(change->to))};
}

StaffBody forward(AggregatorStore& store, const ForwardItems& request, const StaffCaller& caller,
                  std::int64_t now) {
    auto batch = store.forward(request.ids, caller.acting, now);
    if (!batch)
        return refusal(batch.error());
    return BatchMade{batch->number, batch->created_at, batch->item_count};
}

// BOARD-WITHDRAW and BOARD-SET-DEADLINE (docs/protocol.md 17.2): the request is checked here (a reason, a real
// date not before today in China), the role, tier and listing by the store, which publishes the next version.
StaffBody curate(AggregatorStore& store, const std::string& listing_id, const std::string& reason,
                 const std::string& deadline, const StaffCaller& caller, std::int64_t now) {
    if (listing_id.empty())
        return refusal(Error("board.listing_missing", "listing", "which listing"));
    if (deadline.empty() && reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return refusal(Error("board.reason_missing", "reason", "a withdrawal says why"));
    if (!deadline.empty()) {
        auto date = lifecycle::CalendarDate::parse(deadline, "deadline");
        if (!date)
            return refusal(Error("board.deadline_invalid", "deadline", "not a date").with("value", deadline));
        if (*date < lifecycle::CalendarDate::in_china_at(now))
            return refusal(Error("board.deadline_past", "deadline", "before today").with("value", deadline));
    }
    auto board = store.curate_listing(listing_id, reason, deadline, caller.acting, now);
    if (!board)
        return refusal(board.error());
    Published published;
    published.version = board->version;
    published.hash_hex = board->hash_hex;
    published.listing_count = static_cast<std::uint32_t>(board->listings.size());
    return published;
}

StaffBody publish(AggregatorStore& store, const FormCatalog* forms, const StaffCaller& caller,
                  std::int64_t now) {
    if (forms == nullptr)
        return refusal(Error("staff.assets", "assets/forms", "the forms are not loaded: no board is built"));
    auto board = store.publish_board(forms->demand(), caller.acting, now);
    if (!board)
        return refusal(board.error());
    auto record = store.latest_board();
    if (!record)
        return refusal(record.error());
    Published published;
    published.version = board->version;
    published.hash_hex = record->has_value() ? (**record).hash_hex : std::string();
    published.listing_count = static_cast<std::uint32_t>(board->listings.size());
    return published;
}

}  // namespace

// [SECTION] Dispatch
StaffBody StaffService::handle(const StaffBody& request, const StaffCaller& caller, std::int64_t now) {
    using backoffice::Permission;
    auto reads = [&]() { return permitted(caller, Permission::ReadSubmissions); };
    return std::visit(
        [&](const auto& body) -> StaffBody {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, WhoAmI>) {
                if (!caller.member) {
                    return refusal(
                        Error("staff.not_permitted", "whoami", "the host's administrator has no staff record")
                            .with("actor", "host_admin")
                            .with("action", "whoami"));
                }
                const backoffice::StaffMember& member = *caller.member;
                return Identity{member.staff_id,
                                member.name,
                                role_code(member.role),
                                settings_.tier,
                                settings_.area_code,
                                settings_.area_name_zh,
                                settings_.area_name_en,
                                now,
                                std::string(software_version)};
            } else if constexpr (std::is_same_v<T, SubmissionQuery>) {
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                return search(store_, body);
            } else if constexpr (std::is_same_v<T, SortedQuery>) {
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                return search(store_, body.query, &body);
            } else if constexpr (std::is_same_v<T, OpenSubmission>) {
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                return open(store_, body, caller, now);
            } else if constexpr (std::is_same_v<T, RevisionsRequest>) {
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                return revisions(store_, body);
            } else if constexpr (std::is_same_v<T, ConditionsRequest>) {
                // Like FLEET, for every role: ids, times and flags, nothing personal (docs/protocol.md 19).
                auto conditions = store_.terminal_conditions();
                if (!conditions)
                    return refusal(conditions.error());
                Conditions reply;
                for (const TerminalConditionRecord& condition : conditions.value()) {
                    if (reply.terminals.size() == max_fleet_nodes)
                        break;
                    reply.terminals.push_back(TerminalConditionRow{
                        condition.node_id, condition.received_at, condition.clock_skew_seconds,
                        condition.call_since, condition.condition_flags, condition.free_disk_bytes});
                }
                return reply;
            } else if constexpr (std::is_same_v<T, CountyProjectsRequest>) {
                // Status and the county's own share only (docs/protocol.md 21 P2): read like SEARCH, not audited.
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                auto projects = county_projects(store_);
                if (!projects)
                    return refusal(projects.error());
                CountyProjects reply;
                for (const MonthlyProject& project : projects.value()) {
                    if (reply.projects.size() == max_county_projects)
                        break;
                    reply.projects.push_back(
                        CountyProjectRow{project.project_id, project.project_number, project.state,
                                         static_cast<std::uint32_t>(project.receipts), project.county_due,
                                         project.county_paid, project.updated_at});
                }
                return reply;
            } else if constexpr (std::is_same_v<T, VersionsRequest>) {
                // Like FLEET, for every role: node ids, version texts and times (docs/protocol.md 19.3).
                auto versions = store_.node_software();
                if (!versions)
                    return refusal(versions.error());
                Versions reply;
                reply.server_version = std::string(software_version);
                for (const NodeSoftwareRecord& node : versions.value()) {
                    if (reply.nodes.size() == max_fleet_nodes)
                        break;
                    reply.nodes.push_back(
                        NodeVersionRow{node.node_id, node.software_version, node.reported_at});
                }
                return reply;
            } else if constexpr (std::is_same_v<T, Act>) {
                return act(store_, body, caller, now);
            } else if constexpr (std::is_same_v<T, ForwardItems>) {
                return forward(store_, body, caller, now);
            } else if constexpr (std::is_same_v<T, PublishBoard>) {
                return publish(store_, settings_.forms, caller, now);
            } else if constexpr (std::is_same_v<T, BoardWithdraw>) {
                return curate(store_, body.listing_id, body.reason, "", caller, now);
            } else if constexpr (std::is_same_v<T, BoardSetDeadline>) {
                return curate(store_, body.listing_id, "", body.deadline, caller, now);
            } else if constexpr (std::is_same_v<T, FleetRequest>) {
                // [SECTION] Fleet, bids and board
                auto nodes = store_.nodes();
                if (!nodes)
                    return refusal(nodes.error());
                auto refused = store_.refused_forwards_per_node();
                if (!refused)
                    return refusal(refused.error());
                Fleet fleet;
                fleet.server_time = now;
                const std::int64_t online_after = now - (3 * settings_.heartbeat_interval_ms + 999) / 1000;
                for (const NodeRecord& node : nodes.value()) {
                    if (fleet.nodes.size() == max_fleet_nodes)
                        break;
                    FleetNode row;
                    row.node_id = node.node_id;
                    row.node_kind = node.kind == "county" ? NodeKindCode::County : NodeKindCode::Terminal;
                    row.county = node.county_admin_code;
                    row.active = node.revoked_at == 0;
                    row.online = row.active && node.last_seen_at > 0 && node.last_seen_at >= online_after;
                    row.last_seen_at = node.last_seen_at;
                    row.backlog = node.backlog;
                    row.oldest_pending_created_at = node.oldest_pending_created_at;
                    for (const auto& [via, count] : refused.value()) {
                        if (via == node.node_id)
                            row.forward_refused = count;
                    }
                    fleet.nodes.push_back(std::move(row));
                }
                SubmissionSearch quarantined;
                quarantined.stage = "forward_refused";
                quarantined.page_size = static_cast<int>(max_quarantined_items);
                auto items = store_.search(quarantined);
                if (!items)
                    return refusal(items.error());
                fleet.quarantined_total = items->total;
                for (const StoredSubmission& item : items->rows) {
                    fleet.quarantined.push_back(QuarantinedItem{item.sequence, item.submission_id,
                                                                item.receipt_number, item.via_node,
                                                                item.forward_error, item.project_name});
                }
                // SUBMITs this aggregator refused for good: the sender quarantined them and the store holds no
                // content (sequence 0, no title), but the applicant holds a receipt (issue 9 defect 5).
                auto refused_total = store_.refused_submissions_total();
                if (!refused_total)
                    return refusal(refused_total.error());
                fleet.quarantined_total += refused_total.value();
                const auto room = static_cast<int>(max_quarantined_items - fleet.quarantined.size());
                auto refused_items = store_.refused_submissions(room);
                if (!refused_items)
                    return refusal(refused_items.error());
                for (const RefusedSubmission& item : refused_items.value()) {
                    fleet.quarantined.push_back(QuarantinedItem{0, item.submission_id, item.receipt_number,
                                                                item.node_id, item.error_code, ""});
                }
                return fleet;
            } else if constexpr (std::is_same_v<T, BidsRequest>) {
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                Bids bids;
                auto counts = store_.bid_counts_per_listing();
                if (!counts)
                    return refusal(counts.error());
                std::map<std::string, std::int64_t> remaining(counts->begin(), counts->end());
                auto record = store_.latest_board();
                if (!record)
                    return refusal(record.error());
                if (record->has_value()) {
                    auto board = board_from_json((**record).board_json);
                    if (!board)
                        return refusal(board.error());
                    bids.board_version = board->version;
                    for (const Listing& listing : board->listings) {
                        const auto count = remaining.find(listing.id);
                        bids.listings.push_back(ListingBids{listing.id, listing.title, true,
                                                            count == remaining.end() ? 0 : count->second});
                        if (count != remaining.end())
                            remaining.erase(count);
                    }
                }
                for (const auto& [listing_id, count] : remaining)
                    bids.listings.push_back(ListingBids{listing_id, "", false, count});
                if (bids.listings.size() > max_listings)
                    bids.listings.resize(max_listings);
                if (!body.listing.empty()) {
                    SubmissionSearch on_listing;
                    on_listing.kind = "bid";
                    on_listing.listing = body.listing;
                    on_listing.page_size = static_cast<int>(max_bids);
                    on_listing.count_total = false;
                    auto rows = store_.search(on_listing);
                    if (!rows)
                        return refusal(rows.error());
                    for (const StoredSubmission& row : rows->rows)
                        bids.bids.push_back(submission_row(row));
                }
                return bids;
            } else if constexpr (std::is_same_v<T, BoardShow>) {
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                auto record = store_.latest_board();
                if (!record)
                    return refusal(record.error());
                if (!record->has_value())
                    return BoardCopy{};
                return BoardCopy{(**record).version, (**record).hash_hex, (**record).board_json};
            } else if constexpr (std::is_same_v<T, AuditRequest>) {
                // [SECTION] Audit and feed
                if (auto allowed = permitted(caller, Permission::ReadAuditTrail); !allowed)
                    return refusal(allowed.error());
                if (body.max < 1 || body.max > max_list_request)
                    return refusal(bad_filter("max", "1 to 1000 entries"));
                auto entries = store_.audit_entries(body.after, static_cast<int>(body.max));
                if (!entries)
                    return refusal(entries.error());
                AuditEntries reply;
                for (const audit::AuditEntry& entry : entries.value()) {
                    reply.entries.push_back(AuditRow{entry.sequence, entry.at, entry.staff_id,
                                                     entry.staff_name, entry.role, entry.action, entry.target,
                                                     entry.reason, entry.state_before, entry.state_after,
                                                     entry.previous_hash, entry.hash});
                }
                return reply;
            } else if constexpr (std::is_same_v<T, AuditVerify>) {
                if (auto allowed = permitted(caller, Permission::ReadAuditTrail); !allowed)
                    return refusal(allowed.error());
                auto verified = store_.verify_audit();
                if (!verified)
                    return refusal(verified.error());
                AuditVerified reply;
                reply.entries = verified->entries;
                reply.head_hash = verified->head_hash;
                reply.intact = !verified->problem.has_value();
                if (verified->problem) {
                    reply.bad_sequence = verified->problem->sequence;
                    reply.problem = verified->problem->what;
                }
                return reply;
            } else if constexpr (std::is_same_v<T, BatchesRequest>) {
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                if (body.max < 1 || body.max > max_list_request)
                    return refusal(bad_filter("max", "1 to 1000 batches"));
                auto batches = store_.forward_batches();
                if (!batches)
                    return refusal(batches.error());
                Batches reply;
                for (const ForwardBatch& batch : batches.value()) {
                    if (batch.number <= body.after)
                        continue;
                    if (reply.batches.size() == body.max)
                        break;
                    reply.batches.push_back(
                        BatchRow{batch.number, batch.created_at, batch.created_by, batch.item_count});
                }
                return reply;
            } else if constexpr (std::is_same_v<T, FeedRequest>) {
                if (auto allowed = reads(); !allowed)
                    return refusal(allowed.error());
                if (body.max < 1 || body.max > max_list_request)
                    return refusal(bad_filter("max", "1 to 1000 events"));
                auto events = store_.feed_with_submissions(body.after, static_cast<int>(body.max));
                if (!events)
                    return refusal(events.error());
                auto latest = store_.latest_feed_sequence();
                if (!latest)
                    return refusal(latest.error());
                Feed feed;
                feed.latest = latest.value();
                for (const FeedWithSubmission& event : events.value()) {
                    feed.events.push_back(FeedRow{event.event.sequence, event.event.at, event.event.event,
                                                  event.event.submission_id, event.event.receipt_number,
                                                  event.event.reason, kind_from_name(event.kind),
                                                  event.county_admin_code, event.title, event.listing_id});
                }
                return feed;
            } else if constexpr (std::is_same_v<T, NodeEnrol>) {
                // [SECTION] Administration
                NodeRecord node;
                node.node_id = body.node_id;
                node.kind = body.node_kind == NodeKindCode::County ? "county" : "terminal";
                node.county_admin_code = body.county;
                node.curve_public_key = body.curve_public_key;
                node.signing_public_key = body.signing_public_key;
                node.enrolled_at = now;
                if (node.node_id.empty())
                    return refusal(Error("staff.bad_value", "node_id", "a node id").with("field", "node_id"));
                if (node.county_admin_code.size() != 6 ||
                    node.county_admin_code.find_first_not_of("0123456789") != std::string::npos) {
                    return refusal(Error("staff.bad_value", "county", "a 6-digit administrative code")
                                       .with("field", "county"));
                }
                if (!is_valid_curve_key_text(node.curve_public_key)) {
                    return refusal(Error("staff.bad_value", "curve_public_key", "a 40-character Z85 key")
                                       .with("field", "curve_public_key"));
                }
                if (node.kind == "terminal" && !parse_public_key(node.signing_public_key)) {
                    return refusal(
                        Error("staff.bad_value", "signing_public_key", "the terminal's Ed25519 key")
                            .with("field", "signing_public_key"));
                }
                if (auto status = store_.enroll(node, caller.acting); !status)
                    return refusal(status.error());
                return Done{node.node_id, "active"};
            } else if constexpr (std::is_same_v<T, NodeRevoke>) {
                if (auto status = store_.revoke(body.node_id, now, caller.acting); !status)
                    return refusal(status.error());
                return Done{body.node_id, "revoked"};
            } else if constexpr (std::is_same_v<T, StaffAdd>) {
                auto added = store_.add_staff(body.name, role_of(body.role), body.curve_public_key,
                                              caller.acting, now);
                if (!added)
                    return refusal(added.error());
                return StaffAdded{member_row(added.value())};
            } else if constexpr (std::is_same_v<T, StaffList>) {
                if (auto allowed = permitted(caller, Permission::AdministerStaff); !allowed)
                    return refusal(allowed.error());
                auto members = store_.staff_members();
                if (!members)
                    return refusal(members.error());
                StaffMembers reply;
                for (const backoffice::StaffMember& each : members.value()) {
                    if (reply.members.size() == max_staff_members)
                        break;
                    reply.members.push_back(member_row(each));
                }
                return reply;
            } else if constexpr (std::is_same_v<T, StaffRevoke>) {
                if (auto status = store_.revoke_staff(body.staff_id, caller.acting, now); !status)
                    return refusal(status.error());
                return Done{body.staff_id, "revoked"};
            } else if constexpr (std::is_same_v<T, ProjectCreate> || std::is_same_v<T, ProjectAct> ||
                                 std::is_same_v<T, ProjectForfeitOverdue> || std::is_same_v<T, ProjectList> ||
                                 std::is_same_v<T, ProjectShow>) {
                return handle_project(request, caller, now);
            } else if constexpr (std::is_same_v<T, TerminalRequeue> || std::is_same_v<T, ExportRequest> ||
                                 std::is_same_v<T, ReportRequest> ||
                                 std::is_same_v<T, ReceivedReportsRequest>) {
                return handle_export(request, caller, now);
            } else {
                return refusal(Error("sync.unknown_command", "command", "not a staff request"));
            }
        },
        request);
}

}  // namespace jiebang::sync

// console/model/channel_staff_service.cpp — StaffService over the staff client (see
// channel_staff_service.hpp).
// Index: [SECTION] conversions  [SECTION] service  [SECTION] factory
#include "console/model/channel_staff_service.hpp"

#include <algorithm>

#include "shared/base/version.hpp"
#include "shared/lifecycle/lifecycle_json.hpp"
#include "sync/staff_channel/staff_client.hpp"

namespace jiebang::console::model {

namespace {

namespace staff = sync::staff;

// [SECTION] conversions

backoffice::Role role_of(staff::RoleCode code) {
    switch (code) {
        case staff::RoleCode::Reviewer:
            return backoffice::Role::Reviewer;
        case staff::RoleCode::Publisher:
            return backoffice::Role::Publisher;
        case staff::RoleCode::Auditor:
            return backoffice::Role::Auditor;
        case staff::RoleCode::Admin:
            return backoffice::Role::Admin;
    }
    return backoffice::Role::Auditor;
}

std::vector<std::string> split_flags(const std::string& flags) {
    std::vector<std::string> list;
    std::size_t start = 0;
    while (start < flags.size()) {
        const auto comma = flags.find(',', start);
        const auto end = comma == std::string::npos ? flags.size() : comma;
        if (end > start)
            list.push_back(flags.substr(start, end - start));
        start = end + 1;
    }
    return list;
}

InboxRow row_of(const staff::SubmissionRow& row) {
    InboxRow converted;
    converted.sequence = row.sequence;
    converted.submission_id = row.submission_id;
    converted.receipt_number = row.receipt_number;
    converted.kind = std::string(staff::kind_name(row.kind));
    converted.title = row.title;
    converted.unit_name = row.unit_name;
    converted.unit_uscc = row.unit_uscc;
    converted.county_admin_code = row.county;
    converted.terminal_id = row.via_node;
    converted.industry_id = row.industry;
    converted.listing_id = row.listing;
    converted.review_stage = row.stage;
    converted.progress_state = row.state;
    converted.forward_state = row.forward_state;
    converted.forward_error = row.forward_error;
    converted.batch = row.batch;
    converted.reason = row.reason;
    converted.flags = split_flags(row.flags);
    converted.received_at = row.received_at;
    return converted;
}

Result<staff::ActCode> act_code(review::ReviewAction action) {
    switch (action) {
        case review::ReviewAction::Accept:
            return staff::ActCode::Accept;
        case review::ReviewAction::Return:
            return staff::ActCode::Return;
        case review::ReviewAction::Reject:
            return staff::ActCode::Reject;
        case review::ReviewAction::Recall:
            return staff::ActCode::Recall;
        case review::ReviewAction::Requeue:
            return staff::ActCode::Requeue;
        default:
            return Error("review.not_permitted", std::string(review::action_name(action)))
                .with("actor", "console")
                .with("action", std::string(review::action_name(action)));
    }
}

// [SECTION] service

class ChannelStaffService final : public StaffService {
  public:
    explicit ChannelStaffService(std::unique_ptr<staff::StaffClient> client) : client_(std::move(client)) {}

    Result<StaffIdentity> whoami() override {
        auto reply = client_->whoami().get();
        if (!reply)
            return reply.error();
        StaffIdentity identity;
        identity.staff_id = reply->staff_id;
        identity.name = reply->name;
        identity.role = role_of(reply->role);
        identity.tier = reply->tier == "city" ? review::Tier::City : review::Tier::County;
        identity.area_code = reply->area_code;
        identity.area_name = reply->area_name_zh;
        identity.software_version = reply->software_version;
        return identity;
    }

    Result<InboxPage> search(const InboxQuery& query) override {
        staff::SubmissionQuery request;
        request.stage = query.review_stage;
        request.kind = staff::kind_from_name(query.kind);
        request.county = query.county_admin_code;
        request.via_node = query.terminal_id;
        request.industry = query.industry_id;
        request.received_from = query.received_from;
        request.received_until = query.received_before;
        request.text = query.text;
        request.batch = query.batch;
        request.newest_first = query.newest_first;
        request.after = query.after;
        request.page_size = static_cast<std::uint32_t>(std::clamp(query.page_size, 1, 200));
        InboxPage page;
        auto fill = [&page](const staff::Page& reply) {
            page.total = reply.total;
            page.next_after = reply.next_after;
            page.rows.reserve(reply.rows.size());
            for (const auto& row : reply.rows)
                page.rows.push_back(row_of(row));
        };
        if (query.sort == "received" && query.flag_kinds == 0) {
            // Arrival order with no flag filter: SEARCH, which every aggregator knows.
            auto reply = client_->search(request).get();
            if (!reply)
                return reply.error();
            fill(*reply);
            return page;
        }
        static const std::vector<std::string> sorts = {"received", "stage", "county", "title", "unit"};
        const auto found = std::find(sorts.begin(), sorts.end(), query.sort);
        if (found == sorts.end())
            return Error("staff_channel.bad_filter", "sort", "no such order").with("field", "sort");
        staff::SortedQuery sorted;
        sorted.query = request;
        sorted.sort = static_cast<staff::SortCode>(found - sorts.begin() + 1);
        sorted.flag_kinds = static_cast<std::uint8_t>(query.flag_kinds & 0xFF);
        sorted.after_key = query.after_key;
        auto reply = client_->sorted_search(sorted).get();
        if (!reply)
            return reply.error();
        fill(reply->page);
        page.next_after_key = reply->next_after_key;
        return page;
    }

    Result<SubmissionRecord> open(const std::string& submission_id) override {
        auto reply = client_->open_submission(submission_id).get();
        if (!reply)
            return reply.error();
        SubmissionRecord record;
        record.row = row_of(reply->row);
        record.canonical_content = std::move(reply->canonical_content);
        record.content_hash = reply->content_hash;
        for (auto entry = reply->history.rbegin(); entry != reply->history.rend(); ++entry) {
            record.history.push_back(HistoryEntry{entry->sequence, entry->at, entry->staff_id,
                                                  entry->staff_name, entry->role, entry->action,
                                                  entry->reason, entry->state_before, entry->state_after});
        }
        for (auto event = reply->events.rbegin(); event != reply->events.rend(); ++event)
            record.events.push_back(SubmissionEvent{event->sequence, event->at, event->event, event->reason});
        return record;
    }

    Result<ActionOutcome> act(const ActionRequest& request) override {
        auto code = act_code(request.action);
        if (!code)
            return code.error();
        staff::Act action;
        action.id = request.submission_id;
        action.action = *code;
        action.reason = request.reason;
        auto reply = client_->act(action).get();
        if (!reply)
            return reply.error();
        return ActionOutcome{reply->submission_id, reply->receipt_number, reply->to};
    }

    Result<FleetReport> fleet() override {
        auto reply = client_->fleet().get();
        if (!reply)
            return reply.error();
        FleetReport report;
        report.server_time = reply->server_time;
        for (const auto& node : reply->nodes) {
            TerminalStatus status;
            status.node_id = node.node_id;
            status.kind = node.node_kind == staff::NodeKindCode::County ? "county" : "terminal";
            status.county_admin_code = node.county;
            status.active = node.active;
            status.online = node.online;
            status.last_seen_at = node.last_seen_at;
            status.backlog = node.backlog;
            status.oldest_pending_created_at = node.oldest_pending_created_at;
            status.forward_refused = node.forward_refused;
            report.nodes.push_back(std::move(status));
        }
        // The terminals' own reports, joined by node id. An aggregator that predates the request shows the
        // fleet without them.
        auto conditions = request<staff::Conditions>(staff::ConditionsRequest{});
        if (!conditions && conditions.error().code != "sync.unknown_command")
            return conditions.error();
        if (conditions) {
            for (const auto& condition : conditions->terminals) {
                for (auto& status : report.nodes) {
                    if (status.node_id != condition.node_id)
                        continue;
                    status.condition_known = true;
                    status.condition_received_at = condition.received_at;
                    status.clock_skew_seconds = condition.clock_skew_seconds;
                    status.attendant_call_since = condition.call_since;
                    status.condition_flags = condition.condition_flags;
                    status.free_disk_bytes = condition.free_disk_bytes;
                }
            }
        }
        // The nodes' versions, marked against the newest in the fleet (the aggregator's own included: it
        // is upgraded first). An aggregator that predates the request shows the fleet without them.
        auto versions = request<staff::Versions>(staff::VersionsRequest{});
        if (!versions && versions.error().code != "sync.unknown_command")
            return versions.error();
        if (versions) {
            std::vector<std::string> announced{versions->server_version};
            for (const auto& node : versions->nodes)
                announced.push_back(node.software_version);
            report.newest_version = newest_software_version(announced);
            for (const auto& node : versions->nodes) {
                for (auto& status : report.nodes) {
                    if (status.node_id != node.node_id)
                        continue;
                    status.software_version = node.software_version;
                    status.older_release =
                        compare_software_versions(node.software_version, report.newest_version) < 0;
                    report.older_release_count += status.older_release ? 1 : 0;
                }
            }
        }
        report.quarantined_total = reply->quarantined_total;
        for (const auto& item : reply->quarantined) {
            report.quarantined.push_back(QuarantinedItem{item.submission_id, item.receipt_number,
                                                         item.via_node, item.error, item.title});
        }
        return report;
    }

    Result<AuditPage> audit(int limit) override {
        auto verified = client_->verify_audit().get();
        if (!verified)
            return verified.error();
        AuditPage page;
        page.verified_entries = verified->entries;
        page.head_hash = verified->head_hash;
        if (!verified->intact)
            page.problem = audit::ChainProblem{verified->bad_sequence, verified->problem};
        const std::int64_t after = std::max<std::int64_t>(0, verified->entries - limit);
        auto entries =
            client_->audit_entries(after, static_cast<std::uint32_t>(std::clamp(limit, 1, 1000))).get();
        if (!entries)
            return entries.error();
        for (const auto& row : entries->entries) {
            page.entries.push_back(audit::AuditEntry{
                row.sequence, row.at, row.staff_id, row.staff_name, row.role, row.action, row.target,
                row.reason, row.state_before, row.state_after, row.previous_hash, row.hash});
        }
        return page;
    }

    Result<BoardPublication> publish_board() override {
        auto reply = client_->publish_board().get();
        if (!reply)
            return reply.error();
        return BoardPublication{reply->version, static_cast<std::int64_t>(reply->listing_count)};
    }

    Result<BoardPublication> curate_listing(const std::string& listing_id, const std::string& reason,
                                            const std::string& deadline) override {
        auto reply = deadline.empty()
                         ? request<staff::Published>(staff::BoardWithdraw{listing_id, reason})
                         : request<staff::Published>(staff::BoardSetDeadline{listing_id, deadline});
        if (!reply)
            return reply.error();
        return BoardPublication{reply->version, static_cast<std::int64_t>(reply->listing_count)};
    }

    Result<BatchSummary> forward(const std::vector<std::string>& submission_ids) override {
        auto reply = client_->forward(submission_ids).get();
        if (!reply)
            return reply.error();
        return BatchSummary{reply->number, reply->created_at, {}, reply->item_count};
    }

    Result<std::vector<BatchSummary>> batches() override {
        std::vector<BatchSummary> all;
        std::int64_t after = 0;
        while (true) {
            auto reply = client_->batches(after, staff::max_list_request).get();
            if (!reply)
                return reply.error();
            for (const auto& batch : reply->batches)
                all.push_back(
                    BatchSummary{batch.number, batch.created_at, batch.created_by, batch.item_count});
            if (reply->batches.size() < staff::max_list_request)
                return all;
            after = reply->batches.back().number;
        }
    }

    Result<BidsOverview> bids(const std::string& listing_id) override {
        auto reply = request<staff::Bids>(staff::BidsRequest{listing_id});
        if (!reply)
            return reply.error();
        BidsOverview overview;
        overview.board_version = reply->board_version;
        for (const auto& listing : reply->listings) {
            overview.listings.push_back(
                ListingBidCount{listing.listing_id, listing.title, listing.on_board, listing.bid_count});
        }
        auto copy = request<staff::BoardCopy>(staff::BoardShow{});
        if (!copy)
            return copy.error();
        if (copy->version > 0) {
            auto board = board_from_json(copy->board_json);
            if (!board)
                return board.error();
            overview.board = std::move(board).value();
        }
        overview.listing_id = listing_id;
        for (const auto& row : reply->bids)
            overview.bids.push_back(row_of(row));
        return overview;
    }

    Result<ProjectRegister> projects() override { return read_projects(false); }
    Result<std::vector<CountyProject>> county_projects() override {
        auto reply = request<staff::CountyProjects>(staff::CountyProjectsRequest{});
        if (!reply)
            return reply.error();
        std::vector<CountyProject> projects;
        for (const auto& row : reply->projects) {
            projects.push_back(CountyProject{row.project_id, row.project_number, row.state, row.receipts,
                                             row.county_due, row.county_paid, row.updated_at});
        }
        return projects;
    }
    Result<ProjectRegister> projects_for_export() override { return read_projects(true); }

    Result<ProjectRegister> read_projects(bool for_export) {
        ProjectRegister result;
        staff::ProjectList query;
        query.for_export = for_export;
        while (true) {
            auto reply = request<staff::ProjectRegister>(query);
            if (!reply)
                return reply.error();
            for (const std::string& text : reply->projects) {
                auto document = lifecycle::project_from_json(text);
                if (!document)
                    return document.error();
                result.projects.push_back(std::move(document->project));
            }
            result.total = reply->total;
            result.years.clear();
            for (const auto& year : reply->years) {
                result.years.push_back(
                    ProjectYearCount{year.profile, static_cast<int>(year.year), year.approved, year.limit});
            }
            if (reply->projects.empty() || static_cast<std::int64_t>(result.projects.size()) >= reply->total)
                return result;
            query.for_export = false;  // audited once, for the first page
            query.offset = static_cast<std::uint32_t>(result.projects.size());
        }
    }

    Result<std::vector<RevisionSummary>> revisions(const std::string& submission_id) override {
        auto reply = request<staff::Revisions>(staff::RevisionsRequest{submission_id});
        if (!reply)
            return reply.error();
        std::vector<RevisionSummary> chain;
        for (const auto& entry : reply->revisions) {
            chain.push_back(RevisionSummary{entry.submission_id, entry.receipt_number, entry.revision,
                                            entry.resubmission_of, entry.review_stage, entry.review_reason,
                                            entry.received_at});
        }
        return chain;
    }

    Result<std::vector<ReceivedReportEntry>> received_reports() override {
        auto reply = request<staff::ReceivedReports>(staff::ReceivedReportsRequest{"", "", false, ""});
        if (!reply)
            return reply.error();
        std::vector<ReceivedReportEntry> entries;
        for (const auto& report : reply->reports)
            entries.push_back(
                ReceivedReportEntry{report.county, report.month, report.made_at, report.received_at});
        return entries;
    }

    Result<sync::MonthlyReport> received_report(const std::string& county_admin_code,
                                                const std::string& month) override {
        auto reply = request<staff::ReceivedReports>(
            staff::ReceivedReportsRequest{county_admin_code, month, true, ""});
        if (!reply)
            return reply.error();
        if (reply->reports.empty())
            return Error("report.none", "month", "no report of that county for that month")
                .with("county", county_admin_code)
                .with("month", month);
        return sync::monthly_report_from_json(reply->reports.front().report_json);
    }

    Result<SummaryBatch> summary_batch(std::int64_t batch, const std::string& note) override {
        staff::ExportRequest export_request;
        export_request.what = staff::ExportKind::Summary;
        export_request.batch = batch;
        export_request.max = staff::max_export_rows;
        export_request.note = note;
        SummaryBatch summary;
        for (;;) {
            auto page = request<staff::ExportRows>(export_request);
            if (!page)
                return page.error();
            summary.number = page->batch_number;
            summary.created_at = page->batch_created_at;
            for (const auto& row : page->rows) {
                summary.items.push_back(SummaryItem{row.kind == staff::KindCode::Demand, row.profile,
                                                    row.county, row.industry, row.title});
            }
            if (page->next_after == 0)
                return summary;
            export_request.after = page->next_after;
        }
    }

    Result<ProjectFile> project(const std::string& project_id) override {
        auto reply = request<staff::ProjectCopy>(staff::ProjectShow{project_id});
        if (!reply)
            return reply.error();
        auto document = lifecycle::project_from_json(reply->project_json);
        if (!document)
            return document.error();
        return ProjectFile{std::move(document->project), std::move(document->timeline)};
    }

  private:
    // One request of any kind; a STAFF-ERROR becomes its Error.
    template <class Reply>
    Result<Reply> request(const staff::StaffBody& body) {
        auto reply = client_->send(body).get();
        if (!reply)
            return reply.error();
        if (auto* value = std::get_if<Reply>(&reply.value()))
            return std::move(*value);
        if (auto* refused = std::get_if<staff::StaffError>(&reply.value()))
            return staff::error_from(*refused);
        return Error("staff_channel.unexpected_reply", "command",
                     "the aggregator answered with another message");
    }
    std::unique_ptr<staff::StaffClient> client_;
};

// [SECTION] factory

class ChannelStaffServiceFactory final : public StaffServiceFactory {
  public:
    Result<std::unique_ptr<StaffService>> connect(const ConnectionSettings& settings,
                                                  const std::filesystem::path& staff_key_file,
                                                  std::string_view passphrase) override {
        staff::StaffConnectionSettings connection;
        connection.endpoint = settings.endpoint;
        connection.server_public_key = settings.server_public_key;
        connection.reply_timeout_ms = settings.reply_timeout_ms;
        auto client = staff::StaffClient::open(connection, staff_key_file, passphrase);
        if (!client)
            return client.error();
        return std::unique_ptr<StaffService>(new ChannelStaffService(std::move(*client)));
    }
};

}  // namespace

std::unique_ptr<StaffServiceFactory> make_channel_staff_service_factory() {
    return std::make_unique<ChannelStaffServiceFactory>();
}

}  // namespace jiebang::console::model

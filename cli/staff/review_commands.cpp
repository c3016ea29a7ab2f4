// cli/staff/review_commands.cpp — the staff's daily commands: terminals, submissions and their review
// (through the state machine of docs/review.md), forwarding batches, the board, bids, the feed. Each works on
// the store file (--store, the host's administrator) or over the staff channel (--remote ...): it builds the
// request of docs/protocol.md 17.2, hands it to its backend (staff_backend.hpp) and prints the reply, so
// both ways print the same and the aggregator's checks are the only ones.
// Invariant: every change goes through the aggregator's StaffService and AggregatorStore (which apply
// review::apply() and write the feed, status and audit entries in the same transaction); this file only
// parses, calls and prints.
//
// Index: [SECTION] Output helpers  [SECTION] terminal  [SECTION] submissions  [SECTION] batches
//        [SECTION] board and bids  [SECTION] feed  [SECTION] Registration
#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/staff/staff_backend.hpp"
#include "cli/staff/staff_commands.hpp"
#include "cli/staff/store_access.hpp"
#include "shared/base/version.hpp"
#include "shared/receipt/receipt.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace staff = sync::staff;

// [SECTION] Output helpers
Json submission_summary(const staff::SubmissionRow& submission) {
    Json row;
    row["sequence"] = submission.sequence;
    row["submission_id"] = submission.submission_id;
    row["receipt_number"] = submission.receipt_number;
    row["kind"] = std::string(staff::kind_name(submission.kind));
    row["county"] = submission.county;
    row["via"] = submission.via_node;
    row["review_state"] = submission.state;
    row["review_stage"] = submission.stage;
    row["review_reason"] = submission.reason;
    row["forward_state"] = submission.forward_state;
    row["forward_batch"] = submission.batch;
    row["listing_id"] = submission.listing;
    row["flags"] = submission.flags;
    row["received_at"] = utc_time(submission.received_at);
    row["title"] = submission.title;
    row["unit"] = submission.unit_name;
    return row;
}

// Opens the backend, or prints why not; nullptr then (the caller returns exit_invalid).
std::unique_ptr<StaffBackend> backend_or_fail(CommandContext& context, const StaffTarget& target,
                                              int& exit_code, const FormCatalog* forms = nullptr) {
    auto backend = open_backend(target, forms);
    if (!backend) {
        exit_code = context.fail(backend.error());
        return nullptr;
    }
    return std::move(backend.value());
}

// Every row of a search, page by page (at most `limit` rows; 0 = all).
Result<std::vector<staff::SubmissionRow>> all_rows(StaffBackend& backend, staff::SubmissionQuery query,
                                                   int limit) {
    std::vector<staff::SubmissionRow> rows;
    for (;;) {
        const std::size_t wanted =
            limit > 0 ? static_cast<std::size_t>(limit) - rows.size() : staff::max_page_size;
        query.page_size = static_cast<std::uint32_t>(std::min<std::size_t>(wanted, staff::max_page_size));
        auto page = backend.request<staff::Page>(query);
        if (!page)
            return page.error();
        for (auto& row : page->rows)
            rows.push_back(std::move(row));
        if (page->next_after == 0 || (limit > 0 && rows.size() >= static_cast<std::size_t>(limit)))
            return rows;
        query.after = page->next_after;
    }
}

// The same through SORTED-SEARCH (docs/protocol.md 17.2): ordered by a column, filtered by flag kinds.
Result<std::vector<staff::SubmissionRow>> all_sorted_rows(StaffBackend& backend, staff::SortedQuery sorted,
                                                          int limit) {
    std::vector<staff::SubmissionRow> rows;
    for (;;) {
        const std::size_t wanted =
            limit > 0 ? static_cast<std::size_t>(limit) - rows.size() : staff::max_page_size;
        sorted.query.page_size =
            static_cast<std::uint32_t>(std::min<std::size_t>(wanted, staff::max_page_size));
        auto page = backend.request<staff::SortedPage>(sorted);
        if (!page)
            return page.error();
        for (auto& row : page->page.rows)
            rows.push_back(std::move(row));
        if (page->page.next_after == 0 || (limit > 0 && rows.size() >= static_cast<std::size_t>(limit)))
            return rows;
        sorted.query.after = page->page.next_after;
        sorted.after_key = page->next_after_key;
    }
}

// [SECTION] terminal
struct TerminalOptions {
    StaffTarget target;
    std::string id;
    std::string county;
    std::string curve_key;
    std::string signing_key;
    std::string kind = "terminal";
};

int terminal_enroll(CommandContext& context, const TerminalOptions& options) {
    if (!sync::is_valid_curve_key_text(options.curve_key)) {
        return context.fail(Error("staff.bad_value", "--curve-key", "--curve-key is a 40-character Z85 key"));
    }
    if (options.kind == "terminal") {
        if (auto key = parse_public_key(options.signing_key); !key) {
            return context.fail(Error("staff.bad_value", "--signing-key",
                                      "--signing-key is the terminal's Ed25519 key (base64url)"));
        }
    }
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    staff::NodeEnrol request{
        options.id, options.kind == "county" ? staff::NodeKindCode::County : staff::NodeKindCode::Terminal,
        options.county, options.curve_key, options.signing_key};
    auto done = backend->request<staff::Done>(request);
    if (!done)
        return context.fail(done.error());
    context.out << "enrolled " << options.kind << " " << options.id << " (county " << options.county << ")\n";
    return exit_ok;
}

int terminal_revoke(CommandContext& context, const TerminalOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    auto done = backend->request<staff::Done>(staff::NodeRevoke{options.id});
    if (!done)
        return context.fail(done.error());
    context.out << "revoked " << options.id << "\n";
    return exit_ok;
}

int terminal_list(CommandContext& context, const TerminalOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    auto fleet = backend->request<staff::Fleet>(staff::FleetRequest{});
    if (!fleet)
        return context.fail(fleet.error());
    context.out << "id\tkind\tcounty\tstate\tlast_seen\tbacklog\toldest_pending\tonline\trefused\n";
    for (const staff::FleetNode& node : fleet->nodes) {
        context.out << node.node_id << "\t"
                    << (node.node_kind == staff::NodeKindCode::County ? "county" : "terminal") << "\t"
                    << node.county << "\t" << (node.active ? "active" : "revoked") << "\t"
                    << local_time(node.last_seen_at) << "\t" << node.backlog << "\t"
                    << local_time(node.oldest_pending_created_at) << "\t"
                    << (node.online ? "online" : "offline") << "\t" << node.forward_refused << "\n";
    }
    // The release each node announced in its last HELLO (docs/protocol.md 19.3), "older" against the newest
    // in the fleet (this aggregator's own included). An aggregator older than the request says so in a line.
    auto versions = backend->request<staff::Versions>(staff::VersionsRequest{});
    if (!versions) {
        if (versions.error().code != "sync.unknown_command")
            return context.fail(versions.error());
        context.out << "\n(this aggregator does not report software versions)\n";
    } else {
        std::vector<std::string> announced{versions->server_version};
        for (const staff::NodeVersionRow& node : versions->nodes)
            announced.push_back(node.software_version);
        const std::string newest = newest_software_version(announced);
        context.out << "\naggregator\t" << versions->server_version << "\n";
        context.out << "id\tsoftware_version\tannounced\trelease\n";
        for (const staff::NodeVersionRow& node : versions->nodes) {
            context.out << node.node_id << "\t" << node.software_version << "\t"
                        << local_time(node.reported_at) << "\t"
                        << (compare_software_versions(node.software_version, newest) < 0
                                ? "older (newest " + newest + ")"
                                : "newest")
                        << "\n";
        }
    }
    // The terminals' conditions (docs/protocol.md 19) over CONDITIONS-REQUEST, on the store file and remotely
    // alike. An aggregator older than the request says so in a line; the fleet above stands.
    auto conditions = backend->request<staff::Conditions>(staff::ConditionsRequest{});
    if (!conditions) {
        if (conditions.error().code != "sync.unknown_command")
            return context.fail(conditions.error());
        context.out << "\n(this aggregator does not report terminal conditions)\n";
        return exit_ok;
    }
    if (conditions->terminals.empty())
        return exit_ok;
    context.out << "\nid\treported\tclock_skew_seconds\tattendant_call_since\tprinter\tdisk\n";
    for (const staff::TerminalConditionRow& condition : conditions->terminals) {
        std::string printer;
        for (const auto& [flag, word] : {std::pair{sync::condition_printer_paper_out, "paper_out"},
                                         std::pair{sync::condition_printer_paper_near_end, "paper_near_end"},
                                         std::pair{sync::condition_printer_cover_open, "cover_open"},
                                         std::pair{sync::condition_printer_offline, "offline"}}) {
            if ((condition.condition_flags & flag) != 0)
                printer += (printer.empty() ? "" : ",") + std::string(word);
        }
        const bool disk_low = (condition.condition_flags & sync::condition_disk_low) != 0;
        context.out << condition.node_id << "\t" << local_time(condition.received_at) << "\t"
                    << condition.clock_skew_seconds
                    << ((condition.condition_flags & sync::condition_clock_refused) != 0 ? " (no receipts)"
                                                                                         : "")
                    << "\t" << (condition.call_since > 0 ? "CALL " + local_time(condition.call_since) : "-")
                    << "\t" << (printer.empty() ? "ok" : printer) << "\t" << (disk_low ? "LOW " : "")
                    << condition.free_disk_bytes / (1024 * 1024) << " MiB\n";
    }
    return exit_ok;
}

// The county's forwards the city refused for good (forward_refused), with the city's error: staff requeue
// one (`submissions requeue`) once it is fixed, or return or reject it. Then the SUBMITs this server refused
// for good (no title: the store holds no content): the terminal quarantined them and their applicants hold
// receipts; they are fixed at the sender (re-enrolment, a newer form) and leave the list once stored.
int terminal_quarantine(CommandContext& context, const TerminalOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    auto fleet = backend->request<staff::Fleet>(staff::FleetRequest{});
    if (!fleet)
        return context.fail(fleet.error());
    context.out << "receipt\tvia\terror\ttitle\n";
    for (const staff::QuarantinedItem& item : fleet->quarantined) {
        context.out << item.receipt_number << "\t" << item.via_node << "\t" << item.error << "\t"
                    << item.title << "\n";
    }
    if (fleet->quarantined_total > static_cast<std::int64_t>(fleet->quarantined.size())) {
        context.out << "(" << fleet->quarantined.size() << " of " << fleet->quarantined_total
                    << " shown, oldest first)\n";
    }
    return exit_ok;
}

// County: the terminal that sent a refused SUBMIT is asked to send it again (docs/protocol.md 22): the county
// keeps the request with its audit entry; the terminal learns it over its sync channel, puts the quarantined
// item back in its queue and sends it. Stored, it leaves the quarantine list; refused again, it shows again
// with the new refusal.
int terminal_requeue(CommandContext& context, const TerminalOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    auto requeued = backend->request<staff::TerminalRequeued>(staff::TerminalRequeue{options.id});
    if (!requeued)
        return context.fail(requeued.error());
    for (const staff::RequeuedItem& item : requeued->items) {
        context.out << "requeue " << item.receipt_number << " (" << item.error << "): terminal "
                    << item.node_id << " sends it again when it next asks\n";
    }
    return exit_ok;
}

// [SECTION] submissions
struct SubmissionOptions {
    StaffTarget target;
    std::string state;
    std::string stage;
    std::string kind;
    std::string county;
    std::string via;
    std::string industry;
    std::string text;
    bool newest_first = false;
    std::string sort = "received";
    std::vector<std::string> flag_kinds;
    int limit = 0;
    std::string reason;
    std::vector<std::string> ids;
};

int submissions_list(CommandContext& context, const SubmissionOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    staff::SubmissionQuery query;
    query.state = options.state;
    query.stage = options.stage;
    query.kind = staff::kind_from_name(options.kind);
    query.county = options.county;
    query.via_node = options.via;
    query.industry = options.industry;
    query.text = options.text;
    query.newest_first = options.newest_first;
    // Arrival order without a flag filter is SEARCH, which every server knows; anything else SORTED-SEARCH.
    auto rows = [&]() -> Result<std::vector<staff::SubmissionRow>> {
        if (options.sort == "received" && options.flag_kinds.empty())
            return all_rows(*backend, query, options.limit);
        staff::SortedQuery sorted;
        sorted.query = query;
        const std::vector<std::string> sorts = {"received", "stage", "county", "title", "unit"};
        sorted.sort = static_cast<staff::SortCode>(std::find(sorts.begin(), sorts.end(), options.sort) -
                                                   sorts.begin() + 1);
        const std::vector<std::pair<std::string, std::uint8_t>> kinds = {
            {"any", 15}, {"uscc", 1}, {"receipt", 2}, {"duplicate", 4}, {"policy", 8}};
        for (const std::string& kind : options.flag_kinds) {
            for (const auto& [name, bits] : kinds)
                sorted.flag_kinds |= name == kind ? bits : 0;
        }
        return all_sorted_rows(*backend, sorted, options.limit);
    }();
    if (!rows)
        return context.fail(rows.error());
    context.out << "sequence\treceipt\tkind\tcounty\tstate\tstage\tbatch\tflags\treceived\ttitle\n";
    for (const staff::SubmissionRow& row : rows.value()) {
        context.out << row.sequence << "\t" << row.receipt_number << "\t" << staff::kind_name(row.kind)
                    << "\t" << row.county << "\t" << row.state << "\t" << row.stage << "\t"
                    << (row.batch > 0 ? std::to_string(row.batch) : "-") << "\t"
                    << (row.flags.empty() ? "-" : row.flags) << "\t" << local_time(row.received_at) << "\t"
                    << row.title << "\n";
    }
    return exit_ok;
}

int submissions_show(CommandContext& context, const SubmissionOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    // The content holds the applicant's personal data: the aggregator records the read before it answers.
    auto record = backend->request<staff::Record>(staff::OpenSubmission{options.ids.front()});
    if (!record)
        return context.fail(record.error());
    Json document = submission_summary(record->row);
    document["content_hash"] = hex_encode(record->content_hash);
    document["content"] = Json::parse(record->canonical_content, nullptr, false);
    Json history = Json::array();
    for (const staff::HistoryEntry& entry : record->history) {
        history.push_back(Json{{"sequence", entry.sequence},
                               {"at", utc_time(entry.at)},
                               {"staff_id", entry.staff_id},
                               {"staff_name", entry.staff_name},
                               {"role", entry.role},
                               {"action", entry.action},
                               {"reason", entry.reason},
                               {"state_before", entry.state_before},
                               {"state_after", entry.state_after}});
    }
    document["history"] = history;
    context.out << document.dump(2) << "\n";
    return exit_ok;
}

int submissions_review(CommandContext& context, const SubmissionOptions& options, staff::ActCode action) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    auto acted = backend->request<staff::Acted>(staff::Act{options.ids.front(), action, options.reason});
    if (!acted)
        return context.fail(acted.error());
    context.out << staff::act_name(action) << " " << acted->receipt_number << " (" << acted->from << " -> "
                << acted->to << ")\n";
    return exit_ok;
}

int submissions_forward(CommandContext& context, const SubmissionOptions& options) {
    if (options.ids.size() > staff::max_forward_items) {
        return context.fail(Error("staff.bad_value", "ID_OR_RECEIPT", "at most 500 items in one batch")
                                .with("field", "ID_OR_RECEIPT"));
    }
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    auto batch = backend->request<staff::BatchMade>(staff::ForwardItems{options.ids});
    if (!batch)
        return context.fail(batch.error());
    context.out << "forward batch " << batch->number << " with " << batch->item_count << " items\n";
    return exit_ok;
}

// [SECTION] batches
struct BatchOptions {
    StaffTarget target;
    std::int64_t number = 0;
};

int batches_list(CommandContext& context, const BatchOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    context.out << "batch\tdate\tby\titems\n";
    std::int64_t after = 0;
    for (;;) {
        auto batches =
            backend->request<staff::Batches>(staff::BatchesRequest{after, staff::max_list_request});
        if (!batches)
            return context.fail(batches.error());
        for (const staff::BatchRow& batch : batches->batches) {
            context.out << batch.number << "\t" << local_time(batch.created_at) << "\t" << batch.created_by
                        << "\t" << batch.item_count << "\n";
            after = batch.number;
        }
        if (batches->batches.size() < staff::max_list_request)
            return exit_ok;
    }
}

int batches_show(CommandContext& context, const BatchOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    staff::SubmissionQuery query;
    query.batch = options.number;
    auto rows = all_rows(*backend, query, 0);
    if (!rows)
        return context.fail(rows.error());
    context.out << "receipt\tkind\tstage\ttitle\n";
    for (const staff::SubmissionRow& item : rows.value()) {
        context.out << item.receipt_number << "\t" << staff::kind_name(item.kind) << "\t" << item.stage
                    << "\t" << item.title << "\n";
    }
    return exit_ok;
}

// [SECTION] board and bids
int board_publish(CommandContext& context, const StaffTarget& target) {
    int failed = exit_ok;
    // On a store file the listings are built here, from each demand's fields by role: the forms are needed.
    const FormCatalog* forms = target.is_remote() ? nullptr : context.forms();
    if (!target.is_remote() && forms == nullptr)
        return context.failure(Error("staff.assets", "assets/forms", "the forms could not be loaded"));
    auto backend = backend_or_fail(context, target, failed, forms);
    if (!backend)
        return failed;
    auto published = backend->request<staff::Published>(staff::PublishBoard{});
    if (!published)
        return context.fail(published.error());
    context.out << "published board version " << published->version << " with " << published->listing_count
                << " listings\n";
    return exit_ok;
}

// City: a listing off the board for good (`reason`) or its deadline set (`deadline`); the aggregator checks
// the role, the listing and the date, and publishes the next board version at once.
int board_curate(CommandContext& context, const StaffTarget& target, const std::string& listing,
                 const std::string& reason, const std::string& deadline) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, target, failed);
    if (!backend)
        return failed;
    auto published = deadline.empty()
                         ? backend->request<staff::Published>(staff::BoardWithdraw{listing, reason})
                         : backend->request<staff::Published>(staff::BoardSetDeadline{listing, deadline});
    if (!published)
        return context.fail(published.error());
    context.out << (deadline.empty() ? "withdrew " + listing : "deadline of " + listing + " is " + deadline)
                << ": published board version " << published->version << " with " << published->listing_count
                << " listings\n";
    return exit_ok;
}

int board_show(CommandContext& context, const StaffTarget& target) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, target, failed);
    if (!backend)
        return failed;
    auto board = backend->request<staff::BoardCopy>(staff::BoardShow{});
    if (!board)
        return context.fail(board.error());
    if (board->version == 0)
        return context.fail(Error("sync.no_board", "", "no board has been published yet"));
    context.out << board->board_json << "\n";
    return exit_ok;
}

// Every listing of the board, those with no bid included (count 0), then listings only bids name.
int bids_list(CommandContext& context, const StaffTarget& target, const std::string& listing) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, target, failed);
    if (!backend)
        return failed;
    auto counts = backend->request<staff::Bids>(staff::BidsRequest{});
    if (!counts)
        return context.fail(counts.error());
    context.out << "listing\tbids\treceipt\tsolver\tteam\tstate\n";
    for (const staff::ListingBids& each : counts->listings) {
        if (!listing.empty() && each.listing_id != listing)
            continue;
        if (each.bid_count == 0) {
            context.out << each.listing_id << "\t0\t-\t-\t-\t-\n";
            continue;
        }
        auto bids = backend->request<staff::Bids>(staff::BidsRequest{each.listing_id});
        if (!bids)
            return context.fail(bids.error());
        for (const staff::SubmissionRow& bid : bids->bids) {
            context.out << each.listing_id << "\t" << each.bid_count << "\t" << bid.receipt_number << "\t"
                        << bid.unit_name << "\t" << bid.title << "\t" << bid.state << "\n";
        }
    }
    return exit_ok;
}

// [SECTION] feed
struct FeedOptions {
    StaffTarget target;
    std::int64_t from = 0;
    int limit = 0;
};

int feed_tail(CommandContext& context, const FeedOptions& options) {
    int failed = exit_ok;
    auto backend = backend_or_fail(context, options.target, failed);
    if (!backend)
        return failed;
    std::int64_t after = options.from;
    std::int64_t written = 0;
    for (;;) {
        std::uint32_t wanted = staff::max_list_request;
        if (options.limit > 0)
            wanted = static_cast<std::uint32_t>(std::min<std::int64_t>(wanted, options.limit - written));
        auto feed = backend->request<staff::Feed>(staff::FeedRequest{after, wanted});
        if (!feed)
            return context.fail(feed.error());  // a damaged store is an error, never a short line
        for (const staff::FeedRow& event : feed->events) {
            Json line;
            line["sequence"] = event.sequence;
            line["at"] = utc_time(event.at);
            line["event"] = event.event;
            if (!event.submission_id.empty()) {
                line["submission_id"] = event.submission_id;
                line["receipt_number"] = event.receipt_number;
                if (event.kind != staff::KindCode::Any) {
                    line["kind"] = std::string(staff::kind_name(event.kind));
                    line["county"] = event.county;
                    line["title"] = event.title;
                    line["listing_id"] = event.listing;
                }
            }
            if (!event.reason.empty())
                line["reason"] = event.reason;
            context.out << line.dump() << "\n";
            after = event.sequence;
            ++written;
        }
        if (feed->events.size() < wanted || (options.limit > 0 && written >= options.limit))
            return exit_ok;
    }
}

}  // namespace

// [SECTION] Registration
void add_review_commands(CLI::App& app, CommandContext& context) {
    // terminal
    auto* terminal = app.add_subcommand("terminal", "Terminals (and counties, at the city) enrolled here");
    terminal->require_subcommand(1);
    auto terminal_options = std::make_shared<TerminalOptions>();
    auto* enroll = terminal->add_subcommand("enroll", "Enrol a terminal's keys (or a county's, at the city)");
    add_target_options(enroll, terminal_options->target);
    enroll->add_option("--id", terminal_options->id, "terminal id (440703-007) or county code")
        ->required()
        ->check(CLI::Validator(
            [](std::string& value) { return value.empty() || value.size() > 64 ? "1 to 64 characters" : ""; },
            "ID", "node id"));
    enroll->add_option("--county", terminal_options->county, "the 6-digit administrative code")
        ->required()
        ->check(CLI::Validator(
            [](std::string& value) {
                return value.size() == 6 && value.find_first_not_of("0123456789") == std::string::npos
                           ? ""
                           : "a 6-digit administrative code";
            },
            "CODE", "county code"));
    enroll->add_option("--curve-key", terminal_options->curve_key, "the client's CURVE public key (Z85)")
        ->required();
    enroll->add_option("--signing-key", terminal_options->signing_key,
                       "the terminal's Ed25519 key (base64url)");
    enroll->add_option("--kind", terminal_options->kind, "terminal or county")
        ->check(CLI::IsMember({"terminal", "county"}));
    on_parsed(enroll, context,
              [&context, terminal_options] { return terminal_enroll(context, *terminal_options); });
    auto* revoke = terminal->add_subcommand("revoke", "Refuse a terminal's key from its next handshake");
    add_target_options(revoke, terminal_options->target);
    revoke->add_option("--id", terminal_options->id, "terminal id")->required();
    on_parsed(revoke, context,
              [&context, terminal_options] { return terminal_revoke(context, *terminal_options); });
    auto* list_terminals =
        terminal->add_subcommand("list", "Terminals with last contact, backlog, oldest pending");
    add_target_options(list_terminals, terminal_options->target);
    on_parsed(list_terminals, context,
              [&context, terminal_options] { return terminal_list(context, *terminal_options); });
    auto* quarantine =
        terminal->add_subcommand("quarantine",
                                 "Items refused for good: forwards the city refused, and terminals' "
                                 "submissions this server refused (their applicants hold receipts)");
    add_target_options(quarantine, terminal_options->target);
    on_parsed(quarantine, context,
              [&context, terminal_options] { return terminal_quarantine(context, *terminal_options); });
    auto* requeue = terminal->add_subcommand(
        "requeue", "County: ask the terminal to send a submission this server refused again (once fixed)");
    add_target_options(requeue, terminal_options->target);
    requeue->add_option("RECEIPT", terminal_options->id, "the receipt number (see `terminal quarantine`)")
        ->required();
    on_parsed(requeue, context,
              [&context, terminal_options] { return terminal_requeue(context, *terminal_options); });

    // submissions
    auto* submissions = app.add_subcommand("submissions", "Submissions and their review (docs/review.md)");
    submissions->require_subcommand(1);
    auto options = std::make_shared<SubmissionOptions>();
    auto* list = submissions->add_subcommand("list", "Submissions, oldest first (or as --sort says)");
    add_target_options(list, options->target);
    list->add_option("--state", options->state, "progress code")
        ->check(CLI::IsMember({"received", "accepted", "forwarded", "returned", "rejected", "published"}));
    list->add_option("--stage", options->stage, "review state (docs/review.md), e.g. forward_refused")
        ->check(CLI::IsMember({"received", "accepted", "forward_queued", "forward_sent", "forward_refused",
                               "forwarded", "returned", "rejected", "city_accepted", "city_returned",
                               "city_rejected", "published", "resubmitted"}));
    list->add_option("--kind", options->kind, "demand or bid")->check(CLI::IsMember({"demand", "bid"}));
    list->add_option("--county", options->county, "county administrative code");
    list->add_option("--via", options->via,
                     "the node that delivered it (terminal id, or county at the city)");
    list->add_option("--industry", options->industry, "industry id of the city profile");
    list->add_option("--text", options->text,
                     "a substring of the title, unit name or USCC (1 to 100 characters)");
    list->add_flag("--newest-first,--desc", options->newest_first, "newest first (with --sort: descending)");
    list->add_option("--sort", options->sort, "order by received (default), stage, county, title or unit")
        ->check(CLI::IsMember({"received", "stage", "county", "title", "unit"}));
    list->add_option("--flag", options->flag_kinds,
                     "only flagged items of this kind: any, uscc, receipt, duplicate, policy (repeatable)")
        ->check(CLI::IsMember({"any", "uscc", "receipt", "duplicate", "policy"}));
    list->add_option("--limit", options->limit, "at most this many")->check(whole_number(1, 1000000));
    on_parsed(list, context, [&context, options] { return submissions_list(context, *options); });
    auto* show =
        submissions->add_subcommand("show", "One submission as JSON: record, content, history (audited)");
    add_target_options(show, options->target);
    show->add_option("ID_OR_RECEIPT", options->ids, "submission id or receipt number")
        ->required()
        ->expected(1);
    on_parsed(show, context, [&context, options] { return submissions_show(context, *options); });
    const std::vector<std::tuple<const char*, const char*, staff::ActCode, bool>> actions = {
        {"accept", "Accept (this tier's screening passed)", staff::ActCode::Accept, false},
        {"return", "Return for correction; the applicant reads the reason", staff::ActCode::Return, true},
        {"reject", "Reject; the applicant reads the reason", staff::ActCode::Reject, true},
        {"recall", "County: take a queued forward back before the uplink has it", staff::ActCode::Recall,
         false},
        {"requeue", "County: queue a forward the city refused again", staff::ActCode::Requeue, false}};
    for (const auto& [name, description, action, needs_reason] : actions) {
        auto* command = submissions->add_subcommand(name, description);
        add_target_options(command, options->target);
        command->add_option("ID_OR_RECEIPT", options->ids, "submission id or receipt number")
            ->required()
            ->expected(1);
        if (needs_reason)
            command
                ->add_option("--reason", options->reason, "what the applicant will read (at most 2000 bytes)")
                ->required();
        on_parsed(command, context, [&context, options, action = action] {
            return submissions_review(context, *options, action);
        });
    }
    auto* forward =
        submissions->add_subcommand("forward", "County: forward accepted items as one numbered batch");
    add_target_options(forward, options->target);
    forward->add_option("ID_OR_RECEIPT", options->ids, "the items of the batch (at most 500)")->required();
    on_parsed(forward, context, [&context, options] { return submissions_forward(context, *options); });

    // batches
    auto* batches = app.add_subcommand("batches", "County: the numbered forwarding batches");
    batches->require_subcommand(1);
    auto batch_options = std::make_shared<BatchOptions>();
    auto* list_batches = batches->add_subcommand("list", "Every batch with its date and size");
    add_target_options(list_batches, batch_options->target);
    on_parsed(list_batches, context,
              [&context, batch_options] { return batches_list(context, *batch_options); });
    auto* show_batch = batches->add_subcommand("show", "The items of one batch and where they stand");
    add_target_options(show_batch, batch_options->target);
    show_batch->add_option("NUMBER", batch_options->number, "batch number")
        ->required()
        ->check(whole_number(1, 999999999));
    on_parsed(show_batch, context,
              [&context, batch_options] { return batches_show(context, *batch_options); });

    // board and bids
    auto* board = app.add_subcommand("board", "The city's board of listings");
    board->require_subcommand(1);
    auto board_target = std::make_shared<StaffTarget>();
    auto* publish = board->add_subcommand("publish", "City: a new board version from the accepted demands");
    add_target_options(publish, *board_target);
    on_parsed(publish, context, [&context, board_target] { return board_publish(context, *board_target); });
    auto board_listing = std::make_shared<std::string>();
    auto board_reason = std::make_shared<std::string>();
    auto board_deadline = std::make_shared<std::string>();
    auto* withdraw = board->add_subcommand("withdraw", "City: take a listing off the board (a new version)");
    add_target_options(withdraw, *board_target);
    withdraw->add_option("--listing", *board_listing, "the listing id, e.g. JM-2026-001")->required();
    withdraw->add_option("--reason", *board_reason, "why (kept in the audit trail)")->required();
    on_parsed(withdraw, context, [&context, board_target, board_listing, board_reason] {
        return board_curate(context, *board_target, *board_listing, *board_reason, "");
    });
    auto* deadline = board->add_subcommand("deadline", "City: set a listing's deadline (a new version)");
    add_target_options(deadline, *board_target);
    deadline->add_option("--listing", *board_listing, "the listing id, e.g. JM-2026-001")->required();
    deadline->add_option("--date", *board_deadline, "YYYY-MM-DD, not before today")->required();
    on_parsed(deadline, context, [&context, board_target, board_listing, board_deadline] {
        return board_curate(context, *board_target, *board_listing, "", *board_deadline);
    });
    auto* show_board = board->add_subcommand("show", "The latest board as JSON");
    add_target_options(show_board, *board_target);
    on_parsed(show_board, context, [&context, board_target] { return board_show(context, *board_target); });

    auto* bids = app.add_subcommand("bids", "Bids per listing");
    bids->require_subcommand(1);
    auto bids_listing = std::make_shared<std::string>();
    auto* list_bids = bids->add_subcommand("list", "Bids per listing, listings with no bid included");
    add_target_options(list_bids, *board_target);
    list_bids->add_option("--listing", *bids_listing, "only this listing");
    on_parsed(list_bids, context, [&context, board_target, bids_listing] {
        return bids_list(context, *board_target, *bids_listing);
    });

    // feed
    auto* feed = app.add_subcommand("feed", "The aggregator's event feed");
    feed->require_subcommand(1);
    auto feed_options = std::make_shared<FeedOptions>();
    auto* tail = feed->add_subcommand("tail", "Events after a sequence number, as JSON lines");
    add_target_options(tail, feed_options->target);
    tail->add_option("--from", feed_options->from, "events with a larger sequence (default 0)")
        ->check(whole_number(0, 999999999999999999LL));
    tail->add_option("--limit", feed_options->limit, "at most this many")->check(whole_number(1, 1000000));
    on_parsed(tail, context, [&context, feed_options] { return feed_tail(context, *feed_options); });
}

void add_staff_commands(CLI::App& app, CommandContext& context) {
    add_review_commands(app, context);
    add_export_commands(app, context);
    add_people_commands(app, context);
    add_audit_commands(app, context);
}

}  // namespace jiebang::cli

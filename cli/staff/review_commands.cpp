// cli/staff/review_commands.cpp — the staff's daily commands on an aggregator's store: terminals, submissions
// and their review (through the state machine of docs/review.md), 报送 batches, the board, bids, the feed.
// Invariant: every change goes through AggregatorStore (which applies review::apply() and writes the feed,
// status and audit entries in the same transaction); this file only parses, calls and prints.
//
// Index: [SECTION] Output helpers  [SECTION] terminal  [SECTION] submissions  [SECTION] batches
//        [SECTION] board and bids  [SECTION] feed  [SECTION] Registration
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/staff/staff_commands.hpp"
#include "cli/staff/store_access.hpp"
#include "shared/receipt/receipt.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::cli {
namespace {

using Json = nlohmann::ordered_json;
using sync::AggregatorStore;
using sync::StoredSubmission;

// [SECTION] Output helpers
Json submission_summary(const StoredSubmission& submission) {
    Json row;
    row["sequence"] = submission.sequence;
    row["submission_id"] = submission.submission_id;
    row["receipt_number"] = submission.receipt_number;
    row["kind"] = submission.kind;
    row["county"] = submission.county_admin_code;
    row["via"] = submission.via_node;
    row["review_state"] = submission.review_state;
    row["review_stage"] = submission.review_stage;
    row["review_reason"] = submission.review_reason;
    row["forward_state"] = submission.forward_state;
    row["forward_batch"] = submission.forward_batch;
    row["listing_id"] = submission.listing_id;
    row["flags"] = submission.flags;
    row["received_at"] = utc_time(submission.received_at);
    row["title"] = submission.project_name;
    row["unit"] = submission.unit_name;
    return row;
}

// [SECTION] terminal
struct TerminalOptions {
    std::string store;
    std::string id;
    std::string county;
    std::string curve_key;
    std::string signing_key;
    std::string kind = "terminal";
};

int terminal_enroll(CommandContext& context, const TerminalOptions& options) {
    sync::NodeRecord node;
    node.node_id = options.id;
    node.county_admin_code = options.county;
    node.curve_public_key = options.curve_key;
    node.signing_public_key = options.signing_key;
    node.kind = options.kind;
    node.enrolled_at = now_seconds();
    if (!sync::is_valid_curve_key_text(node.curve_public_key)) {
        return context.fail(Error("staff.bad_value", "--curve-key", "--curve-key is a 40-character Z85 key"));
    }
    if (node.kind == "terminal") {
        if (auto key = parse_public_key(node.signing_public_key); !key) {
            return context.fail(Error("staff.bad_value", "--signing-key",
                                      "--signing-key is the terminal's Ed25519 key (base64url)"));
        }
    }
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    if (auto status = store->enroll(node); !status)
        return context.fail(status.error());
    context.out << "enrolled " << node.kind << " " << node.node_id << " (county " << node.county_admin_code
                << ")\n";
    return exit_ok;
}

int terminal_revoke(CommandContext& context, const TerminalOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    if (auto status = store->revoke(options.id, now_seconds()); !status)
        return context.fail(status.error());
    context.out << "revoked " << options.id << "\n";
    return exit_ok;
}

int terminal_list(CommandContext& context, const TerminalOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    auto nodes = store->nodes();
    if (!nodes)
        return context.fail(nodes.error());
    context.out << "id\tkind\tcounty\tstate\tlast_seen\tbacklog\toldest_pending\n";
    for (const sync::NodeRecord& node : nodes.value()) {
        context.out << node.node_id << "\t" << node.kind << "\t" << node.county_admin_code << "\t"
                    << (node.revoked_at > 0 ? "revoked" : "active") << "\t" << local_time(node.last_seen_at)
                    << "\t" << node.backlog << "\t" << local_time(node.oldest_pending_created_at) << "\n";
    }
    return exit_ok;
}

// [SECTION] submissions
struct SubmissionOptions {
    std::string store;
    std::string state;
    std::string kind;
    std::string county;
    int limit = 0;
    std::string reason;
    std::vector<std::string> ids;
};

int submissions_list(CommandContext& context, const SubmissionOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    sync::SubmissionFilter filter;
    filter.review_state = options.state;
    filter.kind = options.kind;
    filter.county_admin_code = options.county;
    filter.limit = options.limit;
    auto rows = store->list(filter);
    if (!rows)
        return context.fail(rows.error());
    context.out << "sequence\treceipt\tkind\tcounty\tstate\tstage\tbatch\tflags\treceived\ttitle\n";
    for (const StoredSubmission& row : rows.value()) {
        context.out << row.sequence << "\t" << row.receipt_number << "\t" << row.kind << "\t"
                    << row.county_admin_code << "\t" << row.review_state << "\t" << row.review_stage << "\t"
                    << (row.forward_batch > 0 ? std::to_string(row.forward_batch) : "-") << "\t"
                    << (row.flags.empty() ? "-" : row.flags) << "\t" << local_time(row.received_at) << "\t"
                    << row.project_name << "\n";
    }
    return exit_ok;
}

int submissions_show(CommandContext& context, const SubmissionOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    const std::string& id = options.ids.front();
    auto found = store->find(id);
    if (!found)
        return context.fail(found.error());
    if (!found->has_value())
        return context.fail(
            Error("sync.unknown_submission", id, "no such submission or receipt").with("id", id));
    const StoredSubmission& submission = **found;
    // The content holds the applicant's personal data: the read is recorded before anything is shown.
    if (auto audited = store->record_audit(host_administrator(), "read", submission.receipt_number,
                                           "personal data", now_seconds());
        !audited) {
        return context.fail(audited.error());
    }
    Json document = submission_summary(submission);
    document["content_hash"] = hex_encode(submission.content_hash);
    document["content"] = Json::parse(submission.canonical_content, nullptr, false);
    context.out << document.dump(2) << "\n";
    return exit_ok;
}

int submissions_review(CommandContext& context, const SubmissionOptions& options,
                       review::ReviewAction action) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    auto change =
        store->review(options.ids.front(), action, options.reason, host_administrator(), now_seconds());
    if (!change)
        return context.fail(change.error());
    context.out << review::action_name(action) << " " << change->receipt_number << " ("
                << review::state_name(change->from) << " -> " << review::state_name(change->to) << ")\n";
    return exit_ok;
}

int submissions_forward(CommandContext& context, const SubmissionOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    auto batch = store->forward(options.ids, host_administrator(), now_seconds());
    if (!batch)
        return context.fail(batch.error());
    context.out << "forward batch " << batch->number << " with " << batch->item_count << " items\n";
    return exit_ok;
}

// [SECTION] batches
struct BatchOptions {
    std::string store;
    std::int64_t number = 0;
};

int batches_list(CommandContext& context, const BatchOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    auto batches = store->forward_batches();
    if (!batches)
        return context.fail(batches.error());
    context.out << "batch\tdate\tby\titems\n";
    for (const sync::ForwardBatch& batch : batches.value()) {
        context.out << batch.number << "\t" << local_time(batch.created_at) << "\t" << batch.created_by
                    << "\t" << batch.item_count << "\n";
    }
    return exit_ok;
}

int batches_show(CommandContext& context, const BatchOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    auto items = store->batch_items(options.number);
    if (!items)
        return context.fail(items.error());
    context.out << "receipt\tkind\tstage\ttitle\n";
    for (const StoredSubmission& item : items.value()) {
        context.out << item.receipt_number << "\t" << item.kind << "\t" << item.review_stage << "\t"
                    << item.project_name << "\n";
    }
    return exit_ok;
}

// [SECTION] board and bids
int board_publish(CommandContext& context, const std::string& store_path) {
    auto store = open_existing_store(store_path);
    if (!store)
        return context.fail(store.error());
    auto board = store->publish_board(host_administrator(), now_seconds());
    if (!board)
        return context.fail(board.error());
    context.out << "published board version " << board->version << " with " << board->listings.size()
                << " listings\n";
    return exit_ok;
}

int board_show(CommandContext& context, const std::string& store_path) {
    auto store = open_existing_store(store_path);
    if (!store)
        return context.fail(store.error());
    auto board = store->latest_board();
    if (!board)
        return context.fail(board.error());
    if (!board->has_value())
        return context.fail(Error("sync.no_board", "", "no board has been published yet"));
    context.out << (**board).board_json << "\n";
    return exit_ok;
}

int bids_list(CommandContext& context, const std::string& store_path, const std::string& listing) {
    auto store = open_existing_store(store_path);
    if (!store)
        return context.fail(store.error());
    sync::SubmissionFilter filter;
    filter.kind = "bid";
    filter.listing_id = listing;
    auto rows = store->list(filter);
    if (!rows)
        return context.fail(rows.error());
    std::map<std::string, std::vector<StoredSubmission>> by_listing;
    for (const StoredSubmission& row : rows.value())
        by_listing[row.listing_id].push_back(row);
    context.out << "listing\tbids\treceipt\tsolver\tteam\tstate\n";
    for (const auto& [listing_id, bids] : by_listing) {
        for (const StoredSubmission& bid : bids) {
            context.out << listing_id << "\t" << bids.size() << "\t" << bid.receipt_number << "\t"
                        << bid.unit_name << "\t" << bid.project_name << "\t" << bid.review_state << "\n";
        }
    }
    return exit_ok;
}

// [SECTION] feed
struct FeedOptions {
    std::string store;
    std::int64_t from = 0;
    int limit = 0;
};

int feed_tail(CommandContext& context, const FeedOptions& options) {
    auto store = open_existing_store(options.store);
    if (!store)
        return context.fail(store.error());
    auto events = store->feed_since(options.from, options.limit);
    if (!events)
        return context.fail(events.error());
    for (const sync::FeedEvent& event : events.value()) {
        Json line;
        line["sequence"] = event.sequence;
        line["at"] = utc_time(event.at);
        line["event"] = event.event;
        if (!event.submission_id.empty()) {
            line["submission_id"] = event.submission_id;
            line["receipt_number"] = event.receipt_number;
            auto found = store->find(event.submission_id);
            if (!found)
                return context.fail(found.error());  // a damaged store is an error, never a short line
            if (found->has_value()) {
                line["kind"] = (**found).kind;
                line["county"] = (**found).county_admin_code;
                line["title"] = (**found).project_name;
                line["listing_id"] = (**found).listing_id;
            }
        }
        if (!event.reason.empty())
            line["reason"] = event.reason;
        context.out << line.dump() << "\n";
    }
    return exit_ok;
}

}  // namespace

// [SECTION] Registration
void add_review_commands(CLI::App& app, CommandContext& context) {
    // terminal
    auto* terminal = app.add_subcommand("terminal", "Terminals (and counties, at the city) enrolled here");
    terminal->require_subcommand(1);
    auto terminal_options = std::make_shared<TerminalOptions>();
    auto* enroll = terminal->add_subcommand("enroll", "Enrol a terminal's keys (or a county's, at the city)");
    add_store_option(enroll, terminal_options->store);
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
    add_store_option(revoke, terminal_options->store);
    revoke->add_option("--id", terminal_options->id, "terminal id")->required();
    on_parsed(revoke, context,
              [&context, terminal_options] { return terminal_revoke(context, *terminal_options); });
    auto* list_terminals =
        terminal->add_subcommand("list", "Terminals with last contact, backlog, oldest pending");
    add_store_option(list_terminals, terminal_options->store);
    on_parsed(list_terminals, context,
              [&context, terminal_options] { return terminal_list(context, *terminal_options); });

    // submissions
    auto* submissions = app.add_subcommand("submissions", "Submissions and their review (docs/review.md)");
    submissions->require_subcommand(1);
    auto options = std::make_shared<SubmissionOptions>();
    auto* list = submissions->add_subcommand("list", "Submissions, oldest first");
    add_store_option(list, options->store);
    list->add_option("--state", options->state, "progress code")
        ->check(CLI::IsMember({"received", "accepted", "forwarded", "returned", "rejected", "published"}));
    list->add_option("--kind", options->kind, "demand or bid")->check(CLI::IsMember({"demand", "bid"}));
    list->add_option("--county", options->county, "county administrative code");
    list->add_option("--limit", options->limit, "at most this many")->check(whole_number(1, 1000000));
    on_parsed(list, context, [&context, options] { return submissions_list(context, *options); });
    auto* show = submissions->add_subcommand("show", "One submission as JSON: record and content");
    add_store_option(show, options->store);
    show->add_option("ID_OR_RECEIPT", options->ids, "submission id or receipt number")
        ->required()
        ->expected(1);
    on_parsed(show, context, [&context, options] { return submissions_show(context, *options); });
    const std::vector<std::tuple<const char*, const char*, review::ReviewAction, bool>> actions = {
        {"accept", "Accept (this tier's screening passed)", review::ReviewAction::Accept, false},
        {"return", "Return for correction; the applicant reads the reason", review::ReviewAction::Return,
         true},
        {"reject", "Reject; the applicant reads the reason", review::ReviewAction::Reject, true},
        {"recall", "County: take a queued forward back before the uplink has it",
         review::ReviewAction::Recall, false},
        {"requeue", "County: queue a forward the city refused again", review::ReviewAction::Requeue, false}};
    for (const auto& [name, description, action, needs_reason] : actions) {
        auto* command = submissions->add_subcommand(name, description);
        add_store_option(command, options->store);
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
    add_store_option(forward, options->store);
    forward->add_option("ID_OR_RECEIPT", options->ids, "the items of the batch")->required();
    on_parsed(forward, context, [&context, options] { return submissions_forward(context, *options); });

    // batches
    auto* batches = app.add_subcommand("batches", "County: the numbered 报送 batches");
    batches->require_subcommand(1);
    auto batch_options = std::make_shared<BatchOptions>();
    auto* list_batches = batches->add_subcommand("list", "Every batch with its date and size");
    add_store_option(list_batches, batch_options->store);
    on_parsed(list_batches, context,
              [&context, batch_options] { return batches_list(context, *batch_options); });
    auto* show_batch = batches->add_subcommand("show", "The items of one batch and where they stand");
    add_store_option(show_batch, batch_options->store);
    show_batch->add_option("NUMBER", batch_options->number, "batch number")
        ->required()
        ->check(whole_number(1, 999999999));
    on_parsed(show_batch, context,
              [&context, batch_options] { return batches_show(context, *batch_options); });

    // board and bids
    auto* board = app.add_subcommand("board", "The city's board (榜单)");
    board->require_subcommand(1);
    auto board_store = std::make_shared<std::string>();
    auto* publish = board->add_subcommand("publish", "City: a new board version from the accepted demands");
    add_store_option(publish, *board_store);
    on_parsed(publish, context, [&context, board_store] { return board_publish(context, *board_store); });
    auto* show_board = board->add_subcommand("show", "The latest board as JSON");
    add_store_option(show_board, *board_store);
    on_parsed(show_board, context, [&context, board_store] { return board_show(context, *board_store); });

    auto* bids = app.add_subcommand("bids", "Bids (揭榜) per listing");
    bids->require_subcommand(1);
    auto bids_listing = std::make_shared<std::string>();
    auto* list_bids = bids->add_subcommand("list", "Bids grouped by listing");
    add_store_option(list_bids, *board_store);
    list_bids->add_option("--listing", *bids_listing, "only this listing");
    on_parsed(list_bids, context, [&context, board_store, bids_listing] {
        return bids_list(context, *board_store, *bids_listing);
    });

    // feed
    auto* feed = app.add_subcommand("feed", "The aggregator's event feed");
    feed->require_subcommand(1);
    auto feed_options = std::make_shared<FeedOptions>();
    auto* tail = feed->add_subcommand("tail", "Events after a sequence number, as JSON lines");
    add_store_option(tail, feed_options->store);
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

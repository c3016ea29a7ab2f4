// sync/aggregator/aggregator_store_review.cpp — the review part of AggregatorStore: staff review actions,
// 报送 batches, the county's forward queue as the uplink sees it, the city's decisions coming down, and
// publishing the board. Every change of an item's review state is decided by review::apply() (the table of
// docs/review.md) and written here with its feed event and status entry in the same transaction (R1, R4).
// Migration 2 of the store (the columns the machine needs) is defined here too.
//
// Index: [SECTION] Schema  [SECTION] Writing an outcome  [SECTION] Staff actions  [SECTION] Batches
//        [SECTION] Uplink  [SECTION] City decisions  [SECTION] Publishing
#include <cstdio>
#include <ctime>

#include "shared/forms/role_values.hpp"
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

using review::Actor;
using review::QueueEffect;
using review::ReviewAction;
using review::ReviewState;
using review::Tier;

// [SECTION] Schema
// Migration 2: review_stage holds the state of docs/review.md; existing rows get theirs from the columns of
// version 1 (review_state, forward_state) and the store's role.
const std::string& review_schema_migration() {
    static const std::string sql = R"sql(
ALTER TABLE submissions ADD COLUMN review_stage TEXT NOT NULL DEFAULT 'received';
ALTER TABLE submissions ADD COLUMN forward_batch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN county_decided_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN city_decided_at INTEGER NOT NULL DEFAULT 0;
UPDATE submissions SET review_stage = CASE
  WHEN review_state = 'received' THEN 'received'
  WHEN review_state = 'published' THEN 'published'
  WHEN review_state = 'forwarded' THEN 'forwarded'
  WHEN forward_state = 'acknowledged' THEN 'city_' || review_state
  WHEN review_state = 'accepted' AND forward_state = 'queued' THEN 'forward_queued'
  WHEN review_state = 'accepted' AND forward_state = 'quarantined' THEN 'forward_refused'
  ELSE review_state END;
CREATE TABLE forward_batches (
  number INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX submissions_batch ON submissions (forward_batch) WHERE forward_batch > 0;
)sql";
    return sql;
}

namespace {

Error unknown_submission(std::string_view id) {
    return Error("sync.unknown_submission", std::string(id), "no such submission or receipt")
        .with("id", std::string(id));
}

Result<ReviewState> stage_of(const StoredSubmission& submission) {
    auto state = review::state_from_name(submission.review_stage);
    if (!state) {
        return Error("store.corrupt", "review_stage", "unknown review stage in the store");
    }
    return *state;
}

bool is_county_decision(Tier tier, ReviewAction action) {
    return tier == Tier::County && (action == ReviewAction::Accept || action == ReviewAction::Return ||
                                    action == ReviewAction::Reject);
}

bool is_city_decision(Tier tier, ReviewAction action) {
    if (tier == Tier::City) {
        return action == ReviewAction::Accept || action == ReviewAction::Return ||
               action == ReviewAction::Reject || action == ReviewAction::Publish;
    }
    return action == ReviewAction::CityAccepted || action == ReviewAction::CityReturned ||
           action == ReviewAction::CityRejected || action == ReviewAction::CityPublished;
}

}  // namespace

// [SECTION] Writing an outcome
Status AggregatorStore::write_review(const StoredSubmission& submission, Tier tier, ReviewAction action,
                                     const review::Outcome& outcome, std::string_view reason,
                                     std::int64_t batch, std::int64_t now) {
    const QueueEffect queue = outcome.transition->queue;
    std::string forward_state = submission.forward_state;
    std::int64_t forward_batch = submission.forward_batch;
    switch (queue) {
        case QueueEffect::None:
            break;
        case QueueEffect::Enqueue:
            forward_state = "queued";
            if (batch > 0)
                forward_batch = batch;
            break;
        case QueueEffect::Cancel:
            forward_state.clear();
            forward_batch = 0;
            break;
        case QueueEffect::MarkSent:
            forward_state = "sent";
            break;
        case QueueEffect::Acknowledge:
            forward_state = "acknowledged";
            break;
        case QueueEffect::Quarantine:
            forward_state = "quarantined";
            break;
    }
    // A row that tells the applicant something new sets the reason they read (empty for an acceptance).
    const bool new_decision = !outcome.status_down.empty();
    JIEBANG_TRY(database_.execute(
        "UPDATE submissions SET review_stage = ?2, review_state = ?3, review_reason = CASE WHEN ?4 THEN ?5 "
        "ELSE review_reason END, reviewed_at = ?6, forward_state = ?7, forward_batch = ?8, forward_error = "
        "CASE WHEN ?7 = 'queued' THEN '' ELSE forward_error END, county_decided_at = CASE WHEN ?9 THEN ?6 "
        "ELSE county_decided_at END, city_decided_at = CASE WHEN ?10 THEN ?6 ELSE city_decided_at END "
        "WHERE submission_id = ?1",
        submission.submission_id, review::state_name(outcome.to), review::progress_code(outcome.to),
        new_decision, reason, now, forward_state, forward_batch, is_county_decision(tier, action),
        is_city_decision(tier, action)));
    JIEBANG_TRY(append_feed(review::state_name(outcome.to), submission.submission_id,
                            submission.receipt_number, reason, now));
    if (new_decision)
        return append_status(submission, outcome.status_down, reason, now);
    return ok_status();
}

Result<Tier> AggregatorStore::tier() {
    JIEBANG_TRY_ASSIGN(const std::string role, setting("role"));
    if (role == "county")
        return Tier::County;
    if (role == "city")
        return Tier::City;
    return Error("review.tier_unknown", "role",
                 "the store has no role yet: start jiebang-aggregator with --role county|city once");
}

// [SECTION] Staff actions
Result<ReviewChange> AggregatorStore::review(std::string_view submission_id_or_receipt, ReviewAction action,
                                             std::string_view reason, const ActingStaff& staff,
                                             std::int64_t now) {
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const Tier tier_now, tier());
    JIEBANG_TRY_ASSIGN(auto found, find(submission_id_or_receipt));
    if (!found.has_value())
        return unknown_submission(submission_id_or_receipt);
    const StoredSubmission& submission = *found;
    JIEBANG_TRY_ASSIGN(const ReviewState from, stage_of(submission));
    auto outcome = review::apply(tier_now, from, action, staff.actor, reason);
    if (!outcome) {
        Error error = outcome.error();
        error.with("id", submission.receipt_number);
        return error;
    }
    ReviewChange change{submission.submission_id, submission.receipt_number, from, outcome->to,
                        outcome->ignored};
    if (outcome->ignored)
        return change;
    JIEBANG_TRY(write_review(submission, tier_now, action, outcome.value(), reason, 0, now));
    JIEBANG_TRY(append_audit(staff, review::action_name(action), submission.receipt_number, reason,
                             review::state_name(from), review::state_name(outcome->to), now));
    JIEBANG_TRY(transaction.commit());
    return change;
}

// [SECTION] Batches
Result<ForwardBatch> AggregatorStore::forward(const std::vector<std::string>& submission_ids_or_receipts,
                                              const ActingStaff& staff, std::int64_t now) {
    if (submission_ids_or_receipts.empty())
        return Error("review.empty_batch", "", "a batch needs at least one accepted submission");
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const Tier tier_now, tier());
    JIEBANG_TRY_ASSIGN(const std::int64_t next,
                       database_.query_int("SELECT coalesce(max(number), 0) + 1 FROM forward_batches"));
    ForwardBatch batch{next, now, staff.staff_id, 0};
    JIEBANG_TRY(
        database_.execute("INSERT INTO forward_batches (number, created_at, created_by) VALUES (?1, ?2, ?3)",
                          batch.number, batch.created_at, batch.created_by));
    for (const std::string& id : submission_ids_or_receipts) {
        JIEBANG_TRY_ASSIGN(auto found, find(id));
        if (!found.has_value())
            return unknown_submission(id);
        const StoredSubmission& submission = *found;
        JIEBANG_TRY_ASSIGN(const ReviewState from, stage_of(submission));
        auto outcome = review::apply(tier_now, from, ReviewAction::Forward, staff.actor, "");
        if (!outcome) {
            Error error = outcome.error();
            error.field = id;
            error.with("id", submission.receipt_number);
            return error;
        }
        JIEBANG_TRY(write_review(submission, tier_now, ReviewAction::Forward, outcome.value(), "",
                                 batch.number, now));
        JIEBANG_TRY(append_audit(staff, "forward", submission.receipt_number,
                                 "batch " + std::to_string(batch.number), review::state_name(from),
                                 review::state_name(outcome->to), now));
        ++batch.item_count;
    }
    JIEBANG_TRY(transaction.commit());
    return batch;
}

Result<std::vector<ForwardBatch>> AggregatorStore::forward_batches() {
    return database_.query_rows(
        "SELECT b.number, b.created_at, b.created_by, (SELECT count(*) FROM submissions s WHERE "
        "s.forward_batch = b.number) FROM forward_batches b ORDER BY b.number",
        [](const store::Statement& row) {
            return ForwardBatch{row.column_int(0), row.column_int(1), row.column_text(2), row.column_int(3)};
        });
}

Result<std::vector<StoredSubmission>> AggregatorStore::batch_items(std::int64_t batch_number) {
    return database_.query_rows(select_submissions() + "WHERE forward_batch = ?1 ORDER BY sequence",
                                read_submission_row, batch_number);
}

// [SECTION] Uplink
Result<std::vector<StoredSubmission>> AggregatorStore::forward_queue(int limit) {
    auto select = [&]() {
        return database_.query_rows(
            select_submissions() + "WHERE forward_state IN ('queued', 'sent') ORDER BY sequence LIMIT ?1",
            read_submission_row, static_cast<std::int64_t>(limit));
    };
    // A read first: the uplink asks often and the queue is usually empty or already sent.
    JIEBANG_TRY_ASSIGN(auto seen, select());
    bool any_queued = false;
    for (const StoredSubmission& item : seen)
        any_queued = any_queued || item.forward_state == "queued";
    if (!any_queued)
        return seen;
    // Hand the queued ones out (C10) under the write lock: a recall committed before this sees them queued
    // and wins; one after it finds them sent and is refused (R7).
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(auto items, select());
    JIEBANG_TRY_ASSIGN(const Tier tier_now, tier());
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    for (StoredSubmission& item : items) {
        if (item.forward_state != "queued")
            continue;
        JIEBANG_TRY_ASSIGN(const ReviewState from, stage_of(item));
        JIEBANG_TRY_ASSIGN(const review::Outcome outcome,
                           review::apply(tier_now, from, ReviewAction::UplinkSent, Actor::Uplink, ""));
        if (outcome.ignored)
            continue;
        JIEBANG_TRY(write_review(item, tier_now, ReviewAction::UplinkSent, outcome, "", 0, now));
        item.forward_state = "sent";
        item.review_stage = review::state_name(outcome.to);
    }
    JIEBANG_TRY(transaction.commit());
    return items;
}

Status AggregatorStore::mark_forward_acknowledged(std::string_view submission_id, std::int64_t now) {
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const Tier tier_now, tier());
    JIEBANG_TRY_ASSIGN(auto found, find(submission_id));
    if (!found.has_value())
        return transaction.commit();
    JIEBANG_TRY_ASSIGN(const ReviewState from, stage_of(*found));
    JIEBANG_TRY_ASSIGN(const review::Outcome outcome,
                       review::apply(tier_now, from, ReviewAction::UplinkAcknowledged, Actor::Uplink, ""));
    if (outcome.ignored)  // a late or repeated ACK (R3, R8)
        return transaction.commit();
    JIEBANG_TRY(write_review(*found, tier_now, ReviewAction::UplinkAcknowledged, outcome, "", 0, now));
    return transaction.commit();
}

Status AggregatorStore::mark_forward_quarantined(std::string_view submission_id,
                                                 std::string_view error_code) {
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const Tier tier_now, tier());
    JIEBANG_TRY_ASSIGN(auto found, find(submission_id));
    if (!found.has_value())
        return transaction.commit();
    const StoredSubmission& submission = *found;
    JIEBANG_TRY_ASSIGN(const ReviewState from, stage_of(submission));
    JIEBANG_TRY_ASSIGN(const review::Outcome outcome,
                       review::apply(tier_now, from, ReviewAction::UplinkRefused, Actor::Uplink, ""));
    if (!outcome.ignored) {
        const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        JIEBANG_TRY(write_review(submission, tier_now, ReviewAction::UplinkRefused, outcome, "", 0, now));
    }
    JIEBANG_TRY(record_forward_attempt(submission.submission_id, error_code));
    return transaction.commit();
}

Status AggregatorStore::record_forward_attempt(std::string_view submission_id, std::string_view error_code) {
    return database_.execute("UPDATE submissions SET forward_error = ?2 WHERE submission_id = ?1",
                             submission_id, error_code);
}

Result<std::int64_t> AggregatorStore::forward_pending_count() {
    return database_.query_int("SELECT count(*) FROM submissions WHERE forward_state IN ('queued', 'sent')");
}

// [SECTION] City decisions
Status AggregatorStore::apply_upstream_status(const std::vector<StatusEntry>& entries, std::int64_t now) {
    if (entries.empty())
        return ok_status();
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const Tier tier_now, tier());
    for (const StatusEntry& entry : entries) {
        const auto action = review::city_action_for_progress_code(entry.state);
        if (!action)
            continue;  // "received" (the city stored it) changes nothing here
        JIEBANG_TRY_ASSIGN(auto found, find(entry.submission_id));
        if (!found.has_value())
            continue;
        JIEBANG_TRY_ASSIGN(const ReviewState from, stage_of(*found));
        JIEBANG_TRY_ASSIGN(const review::Outcome outcome,
                           review::apply(tier_now, from, *action, Actor::City, entry.reason));
        if (outcome.ignored)  // older than what is applied, or for an item this county never sent (R3, R8)
            continue;
        JIEBANG_TRY(write_review(*found, tier_now, *action, outcome, entry.reason, 0, now));
    }
    JIEBANG_TRY(database_.execute("UPDATE upstream_cursor SET status_sequence = ?1 WHERE id = 1",
                                  entries.back().sequence));
    return transaction.commit();
}

// [SECTION] Publishing
// Board version N+1 from every published or accepted demand (an accepted one becomes published), less the
// listings staff withdrew, with the deadlines they set (listing_curation).
Result<Board> AggregatorStore::publish_board(const FormDefinition& demand_form, const ActingStaff& staff,
                                             std::int64_t now) {
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const Tier tier_now, tier());
    // The role and tier are checked before anything is built, also when no demand is waiting.
    JIEBANG_TRY(review::apply(tier_now, ReviewState::Accepted, ReviewAction::Publish, staff.actor, ""));
    JIEBANG_TRY_ASSIGN(const auto previous, latest_board());
    SubmissionFilter filter;
    filter.kind = "demand";
    JIEBANG_TRY_ASSIGN(const auto all, list(filter));
    struct Curation {
        std::int64_t withdrawn_at = 0;
        std::string deadline;
    };
    JIEBANG_TRY_ASSIGN(
        const auto curated,
        database_.query_rows(
            "SELECT listing_id, withdrawn_at, deadline FROM listing_curation",
            [](const store::Statement& row) {
                return std::pair{row.column_text(0), Curation{row.column_int(1), row.column_text(2)}};
            }));

    Board board;
    board.version = previous.has_value() ? previous->version + 1 : 1;
    board.schema = latest_board_schema;  // older nodes are sent a schema-1 copy (docs/protocol.md 5.8)
    std::time_t seconds = static_cast<std::time_t>(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    const std::string year = std::to_string(utc.tm_year + 1900);
    int next_listing_number = 0;
    for (const StoredSubmission& submission : all) {
        if (!submission.listing_id.empty())
            next_listing_number++;
    }
    for (const StoredSubmission& stored : all) {
        JIEBANG_TRY_ASSIGN(const ReviewState stage, stage_of(stored));
        if (stage != ReviewState::Accepted && stage != ReviewState::Published)
            continue;
        JIEBANG_TRY_ASSIGN(const Submission submission, submission_from_json(stored.canonical_content));
        Listing listing = listing_from_demand(demand_form, submission.values);
        listing.id = stored.listing_id;
        if (listing.id.empty()) {
            const std::string city = stored.receipt_number.substr(0, stored.receipt_number.find('-'));
            char number[16];
            std::snprintf(number, sizeof number, "%03d", ++next_listing_number);
            listing.id = city + "-" + year + "-" + number;
        }
        board.profile_id = submission.profile_id;
        listing.profile_id = submission.profile_id;
        listing.published_at =
            stage == ReviewState::Published && stored.reviewed_at > 0 ? stored.reviewed_at : now;
        bool withdrawn = false;
        for (const auto& [id, curation] : curated) {
            if (id != listing.id)
                continue;
            withdrawn = curation.withdrawn_at > 0;
            if (!curation.deadline.empty())
                listing.deadline = curation.deadline;
        }
        if (!withdrawn)  // off the board for good; the demand keeps its stage and its listing id
            board.listings.push_back(listing);
        if (stage == ReviewState::Accepted) {
            JIEBANG_TRY_ASSIGN(const review::Outcome outcome,
                               review::apply(tier_now, stage, ReviewAction::Publish, staff.actor, ""));
            JIEBANG_TRY(database_.execute("UPDATE submissions SET listing_id = ?2 WHERE submission_id = ?1",
                                          stored.submission_id, listing.id));
            JIEBANG_TRY(write_review(stored, tier_now, ReviewAction::Publish, outcome, "", 0, now));
            JIEBANG_TRY(append_audit(staff, "publish", stored.receipt_number, listing.id,
                                     review::state_name(stage), review::state_name(outcome.to), now));
        }
    }
    board.hash_hex = board_hash_hex(board);
    JIEBANG_TRY(store_board(BoardRecord{board.version, board.hash_hex, board_to_json(board), now}));
    JIEBANG_TRY(append_audit(staff, "publish_board", "board " + std::to_string(board.version),
                             std::to_string(board.listings.size()) + " listings", "", board.hash_hex, now));
    JIEBANG_TRY(transaction.commit());
    return board;
}

// Board curation (docs/protocol.md 17.2 BOARD-WITHDRAW / BOARD-SET-DEADLINE; migration 20, table
// listing_curation): the listing must be on the latest board; the change is kept (so every later PUBLISH
// applies it too), audited, and the next board version, the latest with this change, is published in one
// transaction.
Result<Board> AggregatorStore::curate_listing(std::string_view listing_id, std::string_view withdraw_reason,
                                              std::string_view deadline, const ActingStaff& staff,
                                              std::int64_t now) {
    JIEBANG_TRY_ASSIGN(auto transaction, store::Transaction::begin(database_));
    JIEBANG_TRY_ASSIGN(const Tier tier_now, tier());
    JIEBANG_TRY(review::apply(tier_now, ReviewState::Accepted, ReviewAction::Publish, staff.actor, ""));
    JIEBANG_TRY_ASSIGN(const auto previous, latest_board());
    bool listed = false;
    if (previous.has_value()) {
        JIEBANG_TRY_ASSIGN(const Board latest, board_from_json(previous->board_json));
        listed = latest.listing(listing_id) != nullptr;
    }
    if (!listed) {
        JIEBANG_TRY_ASSIGN(const std::int64_t withdrawn,
                           database_.query_int("SELECT count(*) FROM listing_curation WHERE listing_id = ?1 "
                                               "AND withdrawn_at > 0",
                                               listing_id));
        return Error(withdrawn > 0 ? "board.listing_withdrawn" : "board.unknown_listing", "listing",
                     "not on the latest board")
            .with("listing", std::string(listing_id));
    }
    if (!withdraw_reason.empty()) {
        JIEBANG_TRY(database_.execute(
            "INSERT INTO listing_curation (listing_id, withdrawn_at, withdraw_reason) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (listing_id) DO UPDATE SET withdrawn_at = excluded.withdrawn_at, "
            "withdraw_reason = excluded.withdraw_reason",
            listing_id, now, withdraw_reason));
        JIEBANG_TRY(append_audit(staff, "withdraw_listing", std::string(listing_id),
                                 std::string(withdraw_reason), "published", "withdrawn", now));
    } else {
        JIEBANG_TRY(
            database_.execute("INSERT INTO listing_curation (listing_id, deadline) VALUES (?1, ?2) "
                              "ON CONFLICT (listing_id) DO UPDATE SET deadline = excluded.deadline",
                              listing_id, deadline));
        JIEBANG_TRY(
            append_audit(staff, "set_deadline", std::string(listing_id), "", "", std::string(deadline), now));
    }
    // The next version is the latest with this one change: nothing newly accepted joins (that is PUBLISH).
    JIEBANG_TRY_ASSIGN(Board board, board_from_json(previous->board_json));
    if (!withdraw_reason.empty()) {
        std::erase_if(board.listings, [&](const Listing& listing) { return listing.id == listing_id; });
    } else {
        for (Listing& listing : board.listings) {
            if (listing.id == listing_id)
                listing.deadline = std::string(deadline);
        }
    }
    board.version = previous->version + 1;
    board.hash_hex = board_hash_hex(board);
    JIEBANG_TRY(store_board(BoardRecord{board.version, board.hash_hex, board_to_json(board), now}));
    JIEBANG_TRY(append_audit(staff, "publish_board", "board " + std::to_string(board.version),
                             std::to_string(board.listings.size()) + " listings", "", board.hash_hex, now));
    JIEBANG_TRY(transaction.commit());
    return board;
}

const std::string& listing_curation_migration() {
    static const std::string sql = R"sql(
CREATE TABLE listing_curation (
  listing_id TEXT PRIMARY KEY,
  withdrawn_at INTEGER NOT NULL DEFAULT 0,
  withdraw_reason TEXT NOT NULL DEFAULT '',
  deadline TEXT NOT NULL DEFAULT ''
);
)sql";
    return sql;
}

}  // namespace jiebang::sync

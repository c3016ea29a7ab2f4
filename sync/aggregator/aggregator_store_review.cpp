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
    auto statement = database_.prepare_cached(
        "UPDATE submissions SET review_stage = ?2, review_state = ?3, review_reason = CASE WHEN ?4 THEN ?5 "
        "ELSE review_reason END, reviewed_at = ?6, forward_state = ?7, forward_batch = ?8, forward_error = "
        "CASE WHEN ?7 = 'queued' THEN '' ELSE forward_error END, county_decided_at = CASE WHEN ?9 THEN ?6 "
        "ELSE county_decided_at END, city_decided_at = CASE WHEN ?10 THEN ?6 ELSE city_decided_at END "
        "WHERE submission_id = ?1");
    if (!statement)
        return statement.error();
    statement->bind(1, submission.submission_id)
        .bind(2, review::state_name(outcome.to))
        .bind(3, review::progress_code(outcome.to))
        .bind(4, static_cast<std::int64_t>(new_decision))
        .bind(5, reason)
        .bind(6, now)
        .bind(7, forward_state)
        .bind(8, forward_batch)
        .bind(9, static_cast<std::int64_t>(is_county_decision(tier, action)))
        .bind(10, static_cast<std::int64_t>(is_city_decision(tier, action)));
    if (auto status = statement->run(); !status)
        return status;
    if (auto status = append_feed(review::state_name(outcome.to), submission.submission_id,
                                  submission.receipt_number, reason, now);
        !status) {
        return status;
    }
    if (new_decision)
        return append_status(submission, outcome.status_down, reason, now);
    return ok_status();
}

Result<Tier> AggregatorStore::tier() {
    auto role = setting("role");
    if (!role)
        return role.error();
    if (role.value() == "county")
        return Tier::County;
    if (role.value() == "city")
        return Tier::City;
    return Error("review.tier_unknown", "role",
                 "the store has no role yet: start jiebang-aggregator with --role county|city once");
}

// [SECTION] Staff actions
Result<ReviewChange> AggregatorStore::review(std::string_view submission_id_or_receipt, ReviewAction action,
                                             std::string_view reason, const ActingStaff& staff,
                                             std::int64_t now) {
    auto transaction = store::Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    auto tier_now = tier();
    if (!tier_now)
        return tier_now.error();
    auto found = find(submission_id_or_receipt);
    if (!found)
        return found.error();
    if (!found->has_value())
        return unknown_submission(submission_id_or_receipt);
    const StoredSubmission& submission = **found;
    auto from = stage_of(submission);
    if (!from)
        return from.error();
    auto outcome = review::apply(tier_now.value(), from.value(), action, staff.actor, reason);
    if (!outcome) {
        Error error = outcome.error();
        error.with("id", submission.receipt_number);
        return error;
    }
    ReviewChange change{submission.submission_id, submission.receipt_number, from.value(), outcome->to,
                        outcome->ignored};
    if (outcome->ignored)
        return change;
    if (auto status = write_review(submission, tier_now.value(), action, outcome.value(), reason, 0, now);
        !status) {
        return status.error();
    }
    if (auto status = append_audit(staff, review::action_name(action), submission.receipt_number, reason,
                                   review::state_name(from.value()), review::state_name(outcome->to), now);
        !status) {
        return status.error();
    }
    if (auto status = transaction->commit(); !status)
        return status.error();
    return change;
}

// [SECTION] Batches
Result<ForwardBatch> AggregatorStore::forward(const std::vector<std::string>& submission_ids_or_receipts,
                                              const ActingStaff& staff, std::int64_t now) {
    if (submission_ids_or_receipts.empty())
        return Error("review.empty_batch", "", "a batch needs at least one accepted submission");
    auto transaction = store::Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    auto tier_now = tier();
    if (!tier_now)
        return tier_now.error();
    auto next = database_.query_int("SELECT coalesce(max(number), 0) + 1 FROM forward_batches");
    if (!next)
        return next.error();
    ForwardBatch batch{next.value(), now, staff.staff_id, 0};
    auto insert = database_.prepare_cached(
        "INSERT INTO forward_batches (number, created_at, created_by) VALUES (?1, ?2, ?3)");
    if (!insert)
        return insert.error();
    insert->bind(1, batch.number).bind(2, batch.created_at).bind(3, batch.created_by);
    if (auto status = insert->run(); !status)
        return status.error();
    for (const std::string& id : submission_ids_or_receipts) {
        auto found = find(id);
        if (!found)
            return found.error();
        if (!found->has_value())
            return unknown_submission(id);
        const StoredSubmission& submission = **found;
        auto from = stage_of(submission);
        if (!from)
            return from.error();
        auto outcome = review::apply(tier_now.value(), from.value(), ReviewAction::Forward, staff.actor, "");
        if (!outcome) {
            Error error = outcome.error();
            error.field = id;
            error.with("id", submission.receipt_number);
            return error;
        }
        if (auto status = write_review(submission, tier_now.value(), ReviewAction::Forward, outcome.value(),
                                       "", batch.number, now);
            !status) {
            return status.error();
        }
        if (auto status = append_audit(
                staff, "forward", submission.receipt_number, "batch " + std::to_string(batch.number),
                review::state_name(from.value()), review::state_name(outcome->to), now);
            !status) {
            return status.error();
        }
        ++batch.item_count;
    }
    if (auto status = transaction->commit(); !status)
        return status.error();
    return batch;
}

Result<std::vector<ForwardBatch>> AggregatorStore::forward_batches() {
    auto statement = database_.prepare_cached(
        "SELECT b.number, b.created_at, b.created_by, (SELECT count(*) FROM submissions s WHERE "
        "s.forward_batch = b.number) FROM forward_batches b ORDER BY b.number");
    if (!statement)
        return statement.error();
    std::vector<ForwardBatch> result;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        result.push_back(ForwardBatch{statement->column_int(0), statement->column_int(1),
                                      statement->column_text(2), statement->column_int(3)});
    }
    return result;
}

Result<std::vector<StoredSubmission>> AggregatorStore::batch_items(std::int64_t batch_number) {
    auto statement =
        database_.prepare_cached(select_submissions() + "WHERE forward_batch = ?1 ORDER BY sequence");
    if (!statement)
        return statement.error();
    statement->bind(1, batch_number);
    std::vector<StoredSubmission> result;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        result.push_back(read_submission_row(statement.value()));
    }
    return result;
}

// [SECTION] Uplink
Result<std::vector<StoredSubmission>> AggregatorStore::forward_queue(int limit) {
    auto select = [&]() -> Result<std::vector<StoredSubmission>> {
        auto statement = database_.prepare_cached(
            select_submissions() + "WHERE forward_state IN ('queued', 'sent') ORDER BY sequence LIMIT ?1");
        if (!statement)
            return statement.error();
        statement->bind(1, static_cast<std::int64_t>(limit));
        std::vector<StoredSubmission> result;
        for (;;) {
            auto row = statement->step();
            if (!row)
                return row.error();
            if (!row.value())
                break;
            result.push_back(read_submission_row(statement.value()));
        }
        return result;
    };
    // A read first: the uplink asks often and the queue is usually empty or already sent.
    auto seen = select();
    if (!seen)
        return seen.error();
    bool any_queued = false;
    for (const StoredSubmission& item : seen.value())
        any_queued = any_queued || item.forward_state == "queued";
    if (!any_queued)
        return seen;
    // Hand the queued ones out (C10) under the write lock: a recall committed before this sees them queued
    // and wins; one after it finds them sent and is refused (R7).
    auto transaction = store::Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    auto items = select();
    if (!items)
        return items.error();
    auto tier_now = tier();
    if (!tier_now)
        return tier_now.error();
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    for (StoredSubmission& item : items.value()) {
        if (item.forward_state != "queued")
            continue;
        auto from = stage_of(item);
        if (!from)
            return from.error();
        auto outcome =
            review::apply(tier_now.value(), from.value(), ReviewAction::UplinkSent, Actor::Uplink, "");
        if (!outcome)
            return outcome.error();
        if (outcome->ignored)
            continue;
        if (auto status =
                write_review(item, tier_now.value(), ReviewAction::UplinkSent, outcome.value(), "", 0, now);
            !status) {
            return status.error();
        }
        item.forward_state = "sent";
        item.review_stage = review::state_name(outcome->to);
    }
    if (auto status = transaction->commit(); !status)
        return status.error();
    return items;
}

Status AggregatorStore::mark_forward_acknowledged(std::string_view submission_id, std::int64_t now) {
    auto transaction = store::Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    auto tier_now = tier();
    if (!tier_now)
        return tier_now.error();
    auto found = find(submission_id);
    if (!found)
        return found.error();
    if (!found->has_value())
        return transaction->commit();
    const StoredSubmission& submission = **found;
    auto from = stage_of(submission);
    if (!from)
        return from.error();
    auto outcome =
        review::apply(tier_now.value(), from.value(), ReviewAction::UplinkAcknowledged, Actor::Uplink, "");
    if (!outcome)
        return outcome.error();
    if (outcome->ignored)  // a late or repeated ACK (R3, R8)
        return transaction->commit();
    if (auto status = write_review(submission, tier_now.value(), ReviewAction::UplinkAcknowledged,
                                   outcome.value(), "", 0, now);
        !status) {
        return status;
    }
    return transaction->commit();
}

Status AggregatorStore::mark_forward_quarantined(std::string_view submission_id,
                                                 std::string_view error_code) {
    auto transaction = store::Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    auto tier_now = tier();
    if (!tier_now)
        return tier_now.error();
    auto found = find(submission_id);
    if (!found)
        return found.error();
    if (!found->has_value())
        return transaction->commit();
    const StoredSubmission& submission = **found;
    auto from = stage_of(submission);
    if (!from)
        return from.error();
    auto outcome =
        review::apply(tier_now.value(), from.value(), ReviewAction::UplinkRefused, Actor::Uplink, "");
    if (!outcome)
        return outcome.error();
    if (!outcome->ignored) {
        const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        if (auto status = write_review(submission, tier_now.value(), ReviewAction::UplinkRefused,
                                       outcome.value(), "", 0, now);
            !status) {
            return status;
        }
    }
    if (auto status = record_forward_attempt(submission.submission_id, error_code); !status)
        return status;
    return transaction->commit();
}

Status AggregatorStore::record_forward_attempt(std::string_view submission_id, std::string_view error_code) {
    auto statement =
        database_.prepare_cached("UPDATE submissions SET forward_error = ?2 WHERE submission_id = ?1");
    if (!statement)
        return statement.error();
    statement->bind(1, submission_id).bind(2, error_code);
    return statement->run();
}

Result<std::int64_t> AggregatorStore::forward_pending_count() {
    return database_.query_int("SELECT count(*) FROM submissions WHERE forward_state IN ('queued', 'sent')");
}

// [SECTION] City decisions
Status AggregatorStore::apply_upstream_status(const std::vector<StatusEntry>& entries, std::int64_t now) {
    if (entries.empty())
        return ok_status();
    auto transaction = store::Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    auto tier_now = tier();
    if (!tier_now)
        return tier_now.error();
    for (const StatusEntry& entry : entries) {
        const auto action = review::city_action_for_progress_code(entry.state);
        if (!action)
            continue;  // "received" (the city stored it) changes nothing here
        auto found = find(entry.submission_id);
        if (!found)
            return found.error();
        if (!found->has_value())
            continue;
        const StoredSubmission& submission = **found;
        auto from = stage_of(submission);
        if (!from)
            return from.error();
        auto outcome = review::apply(tier_now.value(), from.value(), *action, Actor::City, entry.reason);
        if (!outcome)
            return outcome.error();
        if (outcome->ignored)  // older than what is applied, or for an item this county never sent (R3, R8)
            continue;
        if (auto status =
                write_review(submission, tier_now.value(), *action, outcome.value(), entry.reason, 0, now);
            !status) {
            return status;
        }
    }
    auto cursor = database_.prepare_cached("UPDATE upstream_cursor SET status_sequence = ?1 WHERE id = 1");
    if (!cursor)
        return cursor.error();
    cursor->bind(1, entries.back().sequence);
    if (auto status = cursor->run(); !status)
        return status;
    return transaction->commit();
}

// [SECTION] Publishing
Result<Board> AggregatorStore::publish_board(const ActingStaff& staff, std::int64_t now) {
    auto transaction = store::Transaction::begin(database_);
    if (!transaction)
        return transaction.error();
    auto tier_now = tier();
    if (!tier_now)
        return tier_now.error();
    // The role and tier are checked before anything is built, also when no demand is waiting.
    if (auto allowed =
            review::apply(tier_now.value(), ReviewState::Accepted, ReviewAction::Publish, staff.actor, "");
        !allowed) {
        return allowed.error();
    }
    auto previous = latest_board();
    if (!previous)
        return previous.error();
    SubmissionFilter filter;
    filter.kind = "demand";
    auto all = list(filter);
    if (!all)
        return all.error();

    Board board;
    board.version = previous->has_value() ? (**previous).version + 1 : 1;
    std::time_t seconds = static_cast<std::time_t>(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    const std::string year = std::to_string(utc.tm_year + 1900);
    int next_listing_number = 0;
    for (const StoredSubmission& submission : all.value()) {
        if (!submission.listing_id.empty())
            next_listing_number++;
    }
    for (const StoredSubmission& stored : all.value()) {
        auto stage = stage_of(stored);
        if (!stage)
            return stage.error();
        if (stage.value() != ReviewState::Accepted && stage.value() != ReviewState::Published)
            continue;
        auto parsed = submission_from_json(stored.canonical_content);
        if (!parsed)
            return parsed.error();
        const Submission& submission = parsed.value();
        Listing listing;
        listing.id = stored.listing_id;
        if (listing.id.empty()) {
            const std::string city = stored.receipt_number.substr(0, stored.receipt_number.find('-'));
            char number[16];
            std::snprintf(number, sizeof number, "%03d", ++next_listing_number);
            listing.id = city + "-" + year + "-" + number;
        }
        board.profile_id = submission.profile_id;
        listing.profile_id = submission.profile_id;
        listing.title = field_text(submission, "project_name");
        listing.industry_id = field_text(submission, "industry_field");
        listing.sub_direction_id = field_text(submission, "sub_direction");
        listing.project_type_id = field_text(submission, "project_type");
        listing.mechanism = field_text(submission, "mechanism");
        listing.issuer_name = field_text(submission, "issuer_name");
        listing.issuer_kind = field_text(submission, "issuer_kind");
        listing.problem = field_text(submission, "technical_problem");
        listing.targets = field_text(submission, "technical_targets");
        listing.bounty_wan = field_text(submission, "budget_solver_wan");
        listing.published_at =
            stage.value() == ReviewState::Published && stored.reviewed_at > 0 ? stored.reviewed_at : now;
        board.listings.push_back(listing);
        if (stage.value() == ReviewState::Accepted) {
            auto outcome =
                review::apply(tier_now.value(), stage.value(), ReviewAction::Publish, staff.actor, "");
            if (!outcome)
                return outcome.error();
            auto listing_statement =
                database_.prepare_cached("UPDATE submissions SET listing_id = ?2 WHERE submission_id = ?1");
            if (!listing_statement)
                return listing_statement.error();
            listing_statement->bind(1, stored.submission_id).bind(2, listing.id);
            if (auto status = listing_statement->run(); !status)
                return status.error();
            if (auto status = write_review(stored, tier_now.value(), ReviewAction::Publish, outcome.value(),
                                           "", 0, now);
                !status) {
                return status.error();
            }
            if (auto status =
                    append_audit(staff, "publish", stored.receipt_number, listing.id,
                                 review::state_name(stage.value()), review::state_name(outcome->to), now);
                !status) {
                return status.error();
            }
        }
    }
    board.hash_hex = board_hash_hex(board);
    if (auto status = store_board(BoardRecord{board.version, board.hash_hex, board_to_json(board), now});
        !status) {
        return status.error();
    }
    if (auto status =
            append_audit(staff, "publish_board", "board " + std::to_string(board.version),
                         std::to_string(board.listings.size()) + " listings", "", board.hash_hex, now);
        !status) {
        return status.error();
    }
    if (auto status = transaction->commit(); !status)
        return status.error();
    return board;
}

}  // namespace jiebang::sync

// sync/agent/sync_agent.cpp — the terminal's UploadSource over TerminalStore, and the SyncAgent thread.
// The purge of personal fields runs at start and every housekeeping interval; it needs the forms (which
// fields are personal), so start() refuses to run without them (sync.assets_unavailable): an agent that
// could never purge would keep applicants' contact data forever without anyone noticing.
#include "sync/agent/sync_agent.hpp"

#include <mutex>

#include "shared/forms/form.hpp"
#include "shared/store/terminal_conditions.hpp"
#include "shared/store/terminal_store.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::sync {

class SyncAgent::Source : public UploadSource {
  public:
    Source(store::TerminalStore store, FormCatalog forms, std::int64_t retention_seconds,
           std::filesystem::path data_directory, std::shared_ptr<std::atomic<std::uint32_t>> kiosk_flags)
        : store_(std::move(store)),
          forms_(std::move(forms)),
          retention_seconds_(retention_seconds),
          data_directory_(std::move(data_directory)),
          kiosk_flags_(std::move(kiosk_flags)) {}

    Result<std::vector<Submit>> pending(int limit) override {
        auto items = store_.pending_outbox(limit);
        if (!items)
            return items.error();
        std::vector<Submit> result;
        result.reserve(items->size());
        for (const store::OutboxItem& item : items.value())
            result.push_back(submit_from_row(item, item.kind, {}));
        return result;
    }
    Status acknowledged(const std::string& submission_id, std::int64_t now) override {
        return store_.mark_acknowledged(submission_id, now);
    }
    Status acknowledged_many(const std::vector<std::string>& submission_ids, std::int64_t now) override {
        auto transaction = store::Transaction::begin(store_.database());
        if (!transaction)
            return transaction.error();
        for (const std::string& submission_id : submission_ids) {
            if (auto status = store_.mark_acknowledged(submission_id, now); !status)
                return status;
        }
        return transaction->commit();
    }
    Status quarantined(const std::string& submission_id, std::string_view error_code,
                       std::int64_t now) override {
        return store_.mark_quarantined(submission_id, error_code, now);
    }
    Status attempt_failed(const std::string& submission_id, std::string_view error_code,
                          std::int64_t now) override {
        return store_.record_attempt(submission_id, error_code, now);
    }
    Status requeue(const std::vector<std::string>& submission_ids) override {
        auto moved = store_.requeue_quarantined(submission_ids);
        if (!moved)
            return moved.error();
        return ok_status();
    }
    Result<Backlog> backlog() override {
        auto counts = store_.outbox_counts();
        if (!counts)
            return counts.error();
        return Backlog{counts->pending, counts->quarantined, counts->oldest_pending_created_at};
    }
    Result<std::int64_t> board_version() override {
        auto board = store_.board();
        if (!board)
            return board.error();
        return board->version;
    }
    Status apply_board(const Board& board, const BoardSnapshot&, std::int64_t) override {
        return store_.replace_board(board);
    }
    Result<std::int64_t> status_sequence() override { return store_.last_status_sequence(); }
    Status apply_status(const std::vector<StatusEntry>& entries, std::int64_t) override {
        std::vector<store::StatusUpdate> updates;
        updates.reserve(entries.size());
        for (const StatusEntry& entry : entries) {
            store::StatusUpdate update;
            update.sequence = entry.sequence;
            update.receipt_number = entry.receipt_number;
            update.state = progress_state_from_code(entry.state).value_or(ProgressState::ReceivedByCounty);
            update.reason = entry.reason;
            update.updated_at = entry.updated_at;
            updates.push_back(std::move(update));
        }
        return store_.apply_status_updates(updates);
    }
    Result<std::vector<Submit>> newest_acknowledged(int limit) override {
        auto items = store_.newest_acknowledged(limit);
        if (!items)
            return items.error();
        std::vector<Submit> result;
        for (const store::OutboxItem& item : items.value())
            result.push_back(submit_from_row(item, item.kind, {}));
        return result;
    }
    Status begin_resend(std::int64_t now) override { return store_.begin_resend(now); }
    Result<std::vector<Resend>> resend_page(int limit) override {
        auto items = store_.resend_page(limit);
        if (!items)
            return items.error();
        std::vector<Resend> result;
        for (const store::OutboxItem& item : items.value())
            result.push_back(Resend{item.position, submit_from_row(item, item.kind, {})});
        return result;
    }
    Status resend_done_through(std::int64_t position) override {
        return store_.resend_done_through(position);
    }
    Result<std::optional<TerminalCondition>> terminal_condition() override {
        TerminalCondition condition;
        auto call = store::open_attendant_call(store_.database());
        if (!call)
            return call.error();
        condition.call_raised_at = call->value_or(0);
        condition.condition_flags = kiosk_flags_->load() & condition_known_flags & ~condition_disk_low;
        std::error_code error;
        const auto space = std::filesystem::space(data_directory_, error);
        if (!error) {
            condition.free_disk_bytes = static_cast<std::int64_t>(space.available);
            if (space.available < disk_low_bytes)
                condition.condition_flags |= condition_disk_low;
        }
        return std::optional<TerminalCondition>(condition);
    }
    Status clock_learned(std::int64_t skew_seconds, std::int64_t server_time,
                         std::int64_t local_time) override {
        return store::save_clock_reading(store_.database(),
                                         store::ClockReading{skew_seconds, server_time, local_time});
    }
    void housekeeping(std::int64_t now) override {
        (void)store_.purge_personal_data(now - retention_seconds_, forms_.demand(), forms_.bid());
    }

  private:
    store::TerminalStore store_;
    FormCatalog forms_;
    std::int64_t retention_seconds_;
    std::filesystem::path data_directory_;
    std::shared_ptr<std::atomic<std::uint32_t>> kiosk_flags_;
    // Below this the terminal reports its disk low (a day's receipts and more still fit; the attendant acts).
    static constexpr std::uintmax_t disk_low_bytes = 512ull * 1024 * 1024;
};

SyncAgent::SyncAgent(SyncAgentConfig config) : config_(std::move(config)) {}

SyncAgent::~SyncAgent() {
    stop();
}

Status SyncAgent::start() {
    if (running_.load())
        return ok_status();
    if (!is_valid_curve_key_text(config_.aggregator_public_key)) {
        return Error("sync.key", "aggregator_public_key", "not a 40-character Z85 CURVE key");
    }
    const std::filesystem::path assets =
        config_.assets_directory.empty() ? default_assets_directory() : config_.assets_directory;
    auto forms = FormCatalog::load(assets);
    if (!forms) {
        return Error("sync.assets_unavailable", assets.string(),
                     "cannot load the forms from the assets folder " + assets.string() + " (" +
                         forms.error().code + " " + forms.error().field +
                         "): without them the personal data of sent submissions can never be purged; give "
                         "the folder with --assets DIR (or JIEBANG_ASSETS)");
    }
    auto store = store::TerminalStore::open(config_.terminal_store_path);
    if (!store)
        return store.error();
    source_ = std::make_unique<Source>(std::move(store.value()), std::move(forms.value()),
                                       config_.retention_seconds, config_.terminal_store_path.parent_path(),
                                       kiosk_flags_);

    ClientSessionConfig session;
    session.endpoint = config_.aggregator_endpoint;
    session.server_public_key = config_.aggregator_public_key;
    session.client_keys = config_.terminal_keys;
    session.node_kind = NodeKind::Terminal;
    session.window = config_.window;
    session.heartbeat_interval_ms = config_.heartbeat_interval_ms;
    session.reply_timeout_ms = config_.reply_timeout_ms;
    session.backoff_initial_ms = config_.backoff_initial_ms;
    session.backoff_max_ms = config_.backoff_max_ms;
    session.housekeeping_interval_ms = config_.housekeeping_interval_ms;
    session.clock_offset_seconds = config_.clock_offset_seconds;
    session_ = std::make_unique<ClientSession>(session, *source_);
    stop_ = false;
    running_ = true;
    thread_ = std::thread([this] { session_->run(stop_); });
    return ok_status();
}

void SyncAgent::stop() {
    stop_ = true;
    if (thread_.joinable())
        thread_.join();
    running_ = false;
}

SyncAgentState SyncAgent::snapshot() const {
    SyncAgentState result;
    result.running = running_.load();
    if (!session_)
        return result;
    const ClientSessionState state = session_->state();
    result.online = state.online;
    result.pending = state.pending;
    result.quarantined = state.quarantined;
    result.oldest_pending_age_seconds =
        state.oldest_pending_created_at > 0
            ? std::max<std::int64_t>(0, unix_now() - state.oldest_pending_created_at)
            : 0;
    result.board_version = state.board_version;
    result.status_sequence = state.status_sequence;
    result.last_error_code = state.last_error_code;
    result.last_contact_at = state.last_contact_at;
    result.acknowledged_since_start = state.acknowledged_total;
    result.conditions_settled = state.conditions_settled;
    result.clock_skew_known = state.clock_skew_known;
    result.clock_skew_seconds = state.clock_skew_seconds;
    return result;
}

}  // namespace jiebang::sync

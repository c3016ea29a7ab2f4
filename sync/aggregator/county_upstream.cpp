// sync/aggregator/county_upstream.cpp — the county's forward queue as an UploadSource, and the upstream
// session's thread body (see the header for the invariants).
#include "sync/aggregator/county_upstream.hpp"

#include "sync/aggregator/project_stages.hpp"

namespace jiebang::sync {

Result<std::vector<Submit>> CountyUploadSource::pending(int limit) {
    auto queue = store_.forward_queue(limit);
    if (!queue)
        return queue.error();
    std::vector<Submit> result;
    result.reserve(queue->size());
    for (const StoredSubmission& stored : queue.value()) {
        const SubmissionKind kind = stored.kind == "bid" ? SubmissionKind::Bid : SubmissionKind::Demand;
        result.push_back(submit_from_row(stored, kind, stored.origin_signing_key));
    }
    return result;
}

Status CountyUploadSource::acknowledged(const std::string& submission_id, std::int64_t now) {
    return store_.mark_forward_acknowledged(submission_id, now);
}

Status CountyUploadSource::quarantined(const std::string& submission_id, std::string_view error_code,
                                       std::int64_t) {
    return store_.mark_forward_quarantined(submission_id, error_code);
}

Status CountyUploadSource::attempt_failed(const std::string& submission_id, std::string_view error_code,
                                          std::int64_t) {
    return store_.record_forward_attempt(submission_id, error_code);
}

Result<Backlog> CountyUploadSource::backlog() {
    auto count = store_.forward_pending_count();
    if (!count)
        return count.error();
    return Backlog{count.value(), 0, 0};
}

Result<std::int64_t> CountyUploadSource::board_version() {
    auto board = store_.latest_board();
    if (!board)
        return board.error();
    return board->has_value() ? (**board).version : 0;
}

Status CountyUploadSource::apply_board(const Board& board, const BoardSnapshot& snapshot, std::int64_t now) {
    return store_.store_board(BoardRecord{board.version, snapshot.hash_hex, snapshot.board_json, now});
}

Result<std::int64_t> CountyUploadSource::status_sequence() {
    return store_.upstream_status_sequence();
}

Status CountyUploadSource::apply_status(const std::vector<StatusEntry>& entries, std::int64_t now) {
    return store_.apply_upstream_status(entries, now);
}

Result<std::optional<AuditHead>> CountyUploadSource::audit_head_to_send() {
    return store_.audit_head_to_report();
}

Status CountyUploadSource::audit_head_kept(const AuditHead& head, std::int64_t) {
    return store_.audit_head_reported(head);
}

Result<std::optional<MonthlyReportSend>> CountyUploadSource::monthly_report_to_send() {
    return store_.monthly_report_to_send();
}

Status CountyUploadSource::monthly_report_kept(const MonthlyReportKept& kept, std::int64_t now) {
    return store_.monthly_report_sent(kept, now);
}

Result<std::optional<std::int64_t>> CountyUploadSource::project_stage_cursor() {
    auto cursor = sync::project_stage_cursor(store_);
    if (!cursor)
        return cursor.error();
    return std::optional<std::int64_t>(cursor.value());
}

Status CountyUploadSource::apply_project_stages(const ProjectStages& page, std::int64_t now) {
    return sync::apply_project_stages(store_, page, now);
}

void run_upstream(const AggregatorConfig& config, const CurveKeyPair& keys, const std::atomic<bool>& stop,
                  Log& log) {
    auto store = AggregatorStore::open(config.store_file());
    if (!store) {
        log.line("upstream: cannot open store (" + store.error().code + ")");
        return;
    }
    CountyUploadSource source(store.value());
    ClientSessionConfig session_config;
    session_config.endpoint = config.upstream_endpoint;
    session_config.server_public_key = config.upstream_public_key;
    session_config.client_keys = keys;
    session_config.node_kind = NodeKind::County;
    session_config.window = config.window;
    session_config.heartbeat_interval_ms = config.heartbeat_interval_ms;
    session_config.reply_timeout_ms = config.upstream_reply_timeout_ms;
    session_config.handshake_timeout_ms = config.handshake_timeout_ms;
    ClientSession session(session_config, source);
    log.line("upstream: connecting to the city at " + config.upstream_endpoint);
    session.run(stop);
}

}  // namespace jiebang::sync

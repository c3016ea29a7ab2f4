// sync/aggregator/county_upstream.hpp — a county aggregator's link to its city (docs/protocol.md section 7):
// a ClientSession (the same client state machine a terminal runs) whose UploadSource is the county's
// forward queue, and which stores the city's boards and relays its status entries down to the terminals.
// Invariants:
//  1. The upstream has its own store connection; it writes forward states, boards and relayed status only.
//  2. A forwarded SUBMIT is built by submit_from_row() like a terminal's (one mapping), plus the origin
//     terminal's signing key so that the city verifies the terminal's receipt signature.
#pragma once

#include <atomic>

#include "sync/agent/client_session.hpp"
#include "sync/aggregator/aggregator_config.hpp"
#include "sync/aggregator/aggregator_log.hpp"
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

// The county's forward queue as an UploadSource.
class CountyUploadSource : public UploadSource {
  public:
    explicit CountyUploadSource(AggregatorStore& store) : store_(store) {}

    Result<std::vector<Submit>> pending(int limit) override;
    Status acknowledged(const std::string& submission_id, std::int64_t now) override;
    Status quarantined(const std::string& submission_id, std::string_view error_code,
                       std::int64_t now) override;
    Status attempt_failed(const std::string& submission_id, std::string_view error_code,
                          std::int64_t now) override;
    Result<Backlog> backlog() override;
    Result<std::int64_t> board_version() override;
    Status apply_board(const Board& board, const BoardSnapshot& snapshot, std::int64_t now) override;
    Result<std::int64_t> status_sequence() override;
    Status apply_status(const std::vector<StatusEntry>& entries, std::int64_t now) override;
    // The county's audit head for its city (docs/protocol.md 5.11), until the city kept it.
    Result<std::optional<AuditHead>> audit_head_to_send() override;
    // Project stages from the city (docs/protocol.md 21, project_stages.hpp P4).
    Result<std::optional<std::int64_t>> project_stage_cursor() override;
    Status apply_project_stages(const ProjectStages& page, std::int64_t now) override;
    Status audit_head_kept(const AuditHead& head, std::int64_t now) override;
    // The county's queued monthly reports (docs/protocol.md 20), until the city kept each.
    Result<std::optional<MonthlyReportSend>> monthly_report_to_send() override;
    Status monthly_report_kept(const MonthlyReportKept& kept, std::int64_t now) override;

  private:
    AggregatorStore& store_;
};

// Runs the county's upstream session until `stop` is set (config.upstream_endpoint must be set).
void run_upstream(const AggregatorConfig& config, const CurveKeyPair& keys, const std::atomic<bool>& stop,
                  Log& log);

}  // namespace jiebang::sync

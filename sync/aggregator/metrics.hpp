// sync/aggregator/metrics.hpp — the aggregator's metrics in the Prometheus text exposition format (version
// 0.0.4), written to a file for node_exporter's textfile collector (issue 16 item 6; docs/operations.md
// "Metrics").
// Metrics (all gauges unless named *_total):
//   jiebang_submissions{state="received|accepted|returned|rejected|forwarded|published"}  stored, by progress
//   jiebang_submissions_stored_total            submissions stored since the store was made (ingest rate:
//                                               rate() of it; it never goes down, rows are never deleted)
//   jiebang_ingest_per_second                   stored per second between the last two writes of the file
//   jiebang_node_backlog{node}                  items a node reported pending (HEARTBEAT), per active node
//   jiebang_node_oldest_pending_age_seconds{node}  age of that node's oldest pending item (0: none)
//   jiebang_node_last_seen_age_seconds{node}    since the node's last message
//   jiebang_terminal_clock_skew_seconds{node}   this server's clock minus the terminal's (docs/protocol.md 19)
//   jiebang_terminal_attendant_call_open{node}  1 while a 呼叫工作人员 call is open at the terminal
//   jiebang_terminal_printer_problem{node}      1 while its receipt printer reports a problem
//   jiebang_terminal_disk_low{node}             1 while it reports its disk low
//   jiebang_oldest_pending_age_seconds          the largest of those ages (0: nothing pending anywhere)
//   jiebang_forward_pending                     county: items queued or sent to the city, not yet answered
//   jiebang_store_size_bytes                    the store file and its WAL
//   jiebang_last_backup_timestamp_seconds       the newest backup (0: none), and
//   jiebang_last_backup_age_seconds             its age (absent when there is no backup)
//   jiebang_metrics_written_timestamp_seconds   when this file was written
// Invariants:
//  1. Labels carry node ids and state codes only (no personal data); label values are escaped as the format
//     requires (backslash, double quote, newline).
//  2. The file is replaced by rename(2) of a complete temporary file in the same folder, so a reader sees the
//     previous whole file or the new whole file, never a part; it is mode 0644 (node_exporter runs as another
//     user, and nothing in it is personal).
//  3. Every metric has one # HELP and one # TYPE line before its samples, and names match
//     [a-zA-Z_:][a-zA-Z0-9_:]*.
// Errors: metrics.write (field: the file).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "shared/base/result.hpp"

namespace jiebang::sync {

class AggregatorStore;
class Log;

// What the text needs besides the store.
struct MetricsContext {
    std::filesystem::path store_file;   // for its size (and its -wal)
    std::int64_t last_backup_at = 0;    // 0: no backup
    std::int64_t previous_stored = -1;  // jiebang_submissions_stored_total at the previous write (-1: none)
    std::int64_t previous_written_at = 0;
};

// The exposition text for the store as it is now. Sets context.previous_* for the next call.
Result<std::string> render_metrics(AggregatorStore& store, MetricsContext& context, std::int64_t now);

// Writes `text` to `file` atomically (invariant 2).
Status write_metrics_file(const std::filesystem::path& file, const std::string& text);

// Rewrites the file every interval on a thread of its own with its own store connection; a failure is logged
// (once per kind of failure) and tried again at the next interval.
class MetricsWriter {
  public:
    MetricsWriter(std::filesystem::path store_file, std::filesystem::path metrics_file, int interval_seconds,
                  std::function<std::int64_t()> last_backup_at, Log& log);
    MetricsWriter(const MetricsWriter&) = delete;
    MetricsWriter& operator=(const MetricsWriter&) = delete;
    ~MetricsWriter();
    void start();
    void stop();  // writes the file once more, then ends the thread

  private:
    void write_once(AggregatorStore& store, MetricsContext& context);
    std::filesystem::path store_file_;
    std::filesystem::path metrics_file_;
    int interval_seconds_;
    std::function<std::int64_t()> last_backup_at_;
    Log& log_;
    std::string last_error_code_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace jiebang::sync

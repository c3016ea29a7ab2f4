// sync/aggregator/metrics.cpp — the Prometheus text of the aggregator's state, its atomic file, and the writer
// thread (see the header for the metrics and the invariants).
//
// Index: [SECTION] Text  [SECTION] File  [SECTION] Writer
#include "sync/aggregator/metrics.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <sstream>

#include "sync/aggregator/aggregator_log.hpp"
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

// [SECTION] Text
namespace {

// Label values escaped as the exposition format requires (invariant 1).
std::string escaped(std::string_view value) {
    std::string text;
    for (const char character : value) {
        if (character == '\\')
            text += "\\\\";
        else if (character == '"')
            text += "\\\"";
        else if (character == '\n')
            text += "\\n";
        else
            text += character;
    }
    return text;
}

class Exposition {
  public:
    // Starts a metric: its HELP and TYPE lines (invariant 3).
    void metric(const char* name, const char* type, const char* help) {
        text_ << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
        name_ = name;
    }
    void sample(double value) { text_ << name_ << " " << number(value) << "\n"; }
    void sample(const char* label, std::string_view label_value, double value) {
        text_ << name_ << "{" << label << "=\"" << escaped(label_value) << "\"} " << number(value) << "\n";
    }
    std::string text() const { return text_.str(); }

  private:
    static std::string number(double value) {
        char buffer[64];
        if (value == static_cast<double>(static_cast<std::int64_t>(value)))
            std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(value));
        else
            std::snprintf(buffer, sizeof buffer, "%.6g", value);
        return buffer;
    }
    std::ostringstream text_;
    std::string name_;
};

std::int64_t file_bytes(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    return error ? 0 : static_cast<std::int64_t>(size);
}

}  // namespace

Result<std::string> render_metrics(AggregatorStore& store, MetricsContext& context, std::int64_t now) {
    store::Database& database = store.database();
    // One read transaction: every figure of one write comes from the same snapshot.
    JIEBANG_TRY(database.execute("BEGIN"));
    struct EndRead {
        store::Database& database;
        ~EndRead() { (void)database.execute("COMMIT"); }
    } end_read{database};

    std::map<std::string, std::int64_t> by_state;
    for (const char* state : {"received", "accepted", "returned", "rejected", "forwarded", "published"})
        by_state[state] = 0;  // every state present, so a dashboard never sees a series vanish
    JIEBANG_TRY(database.for_each_row(
        "SELECT review_state, count(*) FROM submissions GROUP BY review_state",
        [&](const store::Statement& row) { by_state[row.column_text(0)] = row.column_int(1); }));
    JIEBANG_TRY_ASSIGN(const std::int64_t stored,
                       database.query_int("SELECT max(sequence) FROM submissions"));
    struct NodeFigures {
        std::string node_id;
        std::int64_t backlog = 0;
        std::int64_t oldest_pending_created_at = 0;
        std::int64_t last_seen_at = 0;
    };
    JIEBANG_TRY_ASSIGN(
        const std::vector<NodeFigures> nodes,
        database.query_rows("SELECT node_id, backlog, oldest_pending_created_at, last_seen_at FROM nodes "
                            "WHERE revoked_at = 0 ORDER BY node_id",
                            [](const store::Statement& row) {
                                return NodeFigures{row.column_text(0), row.column_int(1), row.column_int(2),
                                                   row.column_int(3)};
                            }));
    // Terminals' conditions (TERMINAL-CONDITION, docs/protocol.md 19; migration 15).
    struct ConditionFigures {
        std::string node_id;
        std::int64_t skew = 0;
        std::int64_t call_since = 0;
        std::int64_t flags = 0;
    };
    JIEBANG_TRY_ASSIGN(
        const std::vector<ConditionFigures> conditions,
        database.query_rows("SELECT node_id, clock_skew_seconds, call_since, condition_flags FROM "
                            "terminal_conditions WHERE node_id IN (SELECT node_id FROM nodes "
                            "WHERE revoked_at = 0) ORDER BY node_id",
                            [](const store::Statement& row) {
                                return ConditionFigures{row.column_text(0), row.column_int(1),
                                                        row.column_int(2), row.column_int(3)};
                            }));
    JIEBANG_TRY_ASSIGN(
        const std::int64_t forward_pending,
        database.query_int("SELECT count(*) FROM submissions WHERE forward_state IN ('queued', 'sent')"));

    Exposition out;
    out.metric("jiebang_submissions", "gauge", "Submissions stored, by progress state.");
    for (const auto& [state, count] : by_state)
        out.sample("state", state, static_cast<double>(count));
    out.metric("jiebang_submissions_stored_total", "counter",
               "Submissions stored since the store was made (rows are never deleted).");
    out.sample(static_cast<double>(stored));
    out.metric("jiebang_ingest_per_second", "gauge",
               "Submissions stored per second since the previous write.");
    double rate = 0;
    if (context.previous_stored >= 0 && now > context.previous_written_at)
        rate = static_cast<double>(std::max<std::int64_t>(0, stored - context.previous_stored)) /
               static_cast<double>(now - context.previous_written_at);
    out.sample(rate);
    std::int64_t oldest_age = 0;
    out.metric("jiebang_node_backlog", "gauge", "Items a node reported pending in its last heartbeat.");
    for (const NodeFigures& node : nodes)
        out.sample("node", node.node_id, static_cast<double>(node.backlog));
    out.metric("jiebang_node_oldest_pending_age_seconds", "gauge",
               "Age of the oldest item a node reported pending (0: none).");
    for (const NodeFigures& node : nodes) {
        const std::int64_t age = node.backlog > 0 && node.oldest_pending_created_at > 0
                                     ? std::max<std::int64_t>(0, now - node.oldest_pending_created_at)
                                     : 0;
        oldest_age = std::max(oldest_age, age);
        out.sample("node", node.node_id, static_cast<double>(age));
    }
    out.metric("jiebang_node_last_seen_age_seconds", "gauge",
               "Seconds since the node's last message (the time since enrolment when never seen).");
    for (const NodeFigures& node : nodes)
        out.sample("node", node.node_id,
                   static_cast<double>(
                       node.last_seen_at > 0 ? std::max<std::int64_t>(0, now - node.last_seen_at) : 0));
    out.metric("jiebang_terminal_clock_skew_seconds", "gauge",
               "This server's clock minus the terminal's, at its last condition report.");
    for (const ConditionFigures& condition : conditions)
        out.sample("node", condition.node_id, static_cast<double>(condition.skew));
    out.metric("jiebang_terminal_attendant_call_open", "gauge",
               "1 while an applicant's call for the hall attendant is open at the terminal.");
    for (const ConditionFigures& condition : conditions)
        out.sample("node", condition.node_id, condition.call_since > 0 ? 1.0 : 0.0);
    out.metric("jiebang_terminal_printer_problem", "gauge",
               "1 while the terminal's receipt printer reports paper out, near end, cover open or offline.");
    for (const ConditionFigures& condition : conditions)
        out.sample("node", condition.node_id, (condition.flags & 0x0F) != 0 ? 1.0 : 0.0);
    out.metric("jiebang_terminal_disk_low", "gauge", "1 while the terminal reports its disk low.");
    for (const ConditionFigures& condition : conditions)
        out.sample("node", condition.node_id, (condition.flags & 0x10) != 0 ? 1.0 : 0.0);
    out.metric("jiebang_oldest_pending_age_seconds", "gauge",
               "The oldest item pending on any node, seconds (0: nothing pending).");
    out.sample(static_cast<double>(oldest_age));
    out.metric("jiebang_forward_pending", "gauge",
               "County: items queued or sent to the city, not yet answered.");
    out.sample(static_cast<double>(forward_pending));
    out.metric("jiebang_store_size_bytes", "gauge", "The store file and its write-ahead log, bytes.");
    out.sample(static_cast<double>(file_bytes(context.store_file) +
                                   file_bytes(context.store_file.string() + "-wal")));
    out.metric("jiebang_last_backup_timestamp_seconds", "gauge",
               "When the newest backup was taken (0: none).");
    out.sample(static_cast<double>(context.last_backup_at));
    if (context.last_backup_at > 0) {
        out.metric("jiebang_last_backup_age_seconds", "gauge", "Age of the newest backup, seconds.");
        out.sample(static_cast<double>(std::max<std::int64_t>(0, now - context.last_backup_at)));
    }
    out.metric("jiebang_metrics_written_timestamp_seconds", "gauge", "When this file was written.");
    out.sample(static_cast<double>(now));
    context.previous_stored = stored;
    context.previous_written_at = now;
    return out.text();
}

// [SECTION] File
Status write_metrics_file(const std::filesystem::path& file, const std::string& text) {
    const std::filesystem::path temporary =
        file.parent_path() / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
    const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (descriptor < 0)
        return Error("metrics.write", file.string(), "cannot create the temporary file beside it");
    ::fchmod(descriptor, 0644);  // readable by node_exporter whatever the umask (invariant 2)
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t result = ::write(descriptor, text.data() + written, text.size() - written);
        if (result <= 0)
            break;
        written += static_cast<std::size_t>(result);
    }
    ::close(descriptor);
    std::error_code error;
    if (written != text.size()) {
        std::filesystem::remove(temporary, error);
        return Error("metrics.write", file.string(), "cannot write the file (disk full?)");
    }
    std::filesystem::rename(temporary, file, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        return Error("metrics.write", file.string(), "cannot rename the new file into place");
    }
    return ok_status();
}

// [SECTION] Writer
MetricsWriter::MetricsWriter(std::filesystem::path store_file, std::filesystem::path metrics_file,
                             int interval_seconds, std::function<std::int64_t()> last_backup_at, Log& log)
    : store_file_(std::move(store_file)),
      metrics_file_(std::move(metrics_file)),
      interval_seconds_(interval_seconds),
      last_backup_at_(std::move(last_backup_at)),
      log_(log) {}

MetricsWriter::~MetricsWriter() {
    stop();
}

void MetricsWriter::start() {
    thread_ = std::thread([this] {
        auto store = AggregatorStore::open(store_file_);
        if (!store) {
            log_.error("metrics: cannot open the store: " + store.error().code);
            return;
        }
        MetricsContext context;
        context.store_file = store_file_;
        auto next = std::chrono::steady_clock::now();
        while (!stop_.load()) {
            if (std::chrono::steady_clock::now() >= next) {
                write_once(store.value(), context);
                next = std::chrono::steady_clock::now() + std::chrono::seconds(interval_seconds_);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        write_once(store.value(), context);
    });
}

void MetricsWriter::stop() {
    stop_ = true;
    if (thread_.joinable())
        thread_.join();
}

void MetricsWriter::write_once(AggregatorStore& store, MetricsContext& context) {
    context.last_backup_at = last_backup_at_ ? last_backup_at_() : 0;
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto text = render_metrics(store, context, now);
    Status written = text ? write_metrics_file(metrics_file_, text.value()) : Status(text.error());
    if (!written) {
        if (written.error().code != last_error_code_)  // once per kind of failure, not every interval
            log_.error("metrics: " + written.error().code + " " + written.error().field + ": " +
                       written.error().detail);
        last_error_code_ = written.error().code;
    } else {
        last_error_code_.clear();
    }
}

}  // namespace jiebang::sync

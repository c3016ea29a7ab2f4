// sync/aggregator/aggregator_log.hpp — jiebang-aggregator's log lines and its systemd notifications.
// Lines a peer can cause (a malformed message, a refused submission or handshake) are rate-limited per kind,
// so that a flood costs a few lines and a summary, never a line per message.
// Invariants:
//  1. Every line is one write under a mutex, prefixed "jiebang-aggregator: ", so threads never interleave.
//  2. Lines carry node ids, submission ids, codes and counts only: never personal data.
//  3. Of the limited lines of one kind, at most `burst` are written per `interval_ms`; the others are
//     counted, and every counted line is reported in a summary "suppressed K similar lines (kind)" once its
//     interval has ended (at the next limited() or flush() call) or at flush_all(). Written lines plus the
//     summaries' counts equal the lines asked for: none vanishes unaccounted.
//  4. Under systemd with stderr connected to the journal (JOURNAL_STREAM names stderr), every line starts with
//     its syslog priority as "<N>" (sd-daemon(3)), which journald reads and strips: errors an operator must
//     act on are <3>, lines a peer caused <4>, summaries <5>, the rest <6>. Elsewhere lines carry no prefix.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

#include "shared/base/result.hpp"

namespace jiebang::sync {

struct LogRateLimit {
    int burst = 20;                    // limited lines of one kind written per interval
    std::int64_t interval_ms = 10000;  // the interval, milliseconds
};

// Priorities of syslog(3), as journald reads them from a line's "<N>" prefix.
enum class LogPriority { Error = 3, Warning = 4, Notice = 5, Info = 6 };

// True when file descriptor 2 is the journal stream systemd connected (JOURNAL_STREAM, systemd.exec(5)).
bool stderr_is_journal();

class Log {
  public:
    using Clock = std::function<std::int64_t()>;  // milliseconds, monotonic
    explicit Log(std::ostream& out, LogRateLimit limit = {}, Clock clock = {});

    // A line that is always written (start, stop, store failures: things an operator must see).
    void line(const std::string& text, LogPriority priority = LogPriority::Info);
    // A line about a failure an operator must act on (priority Error).
    void error(const std::string& text) { line(text, LogPriority::Error); }
    // Prefixes lines with their priority (invariant 4).
    void use_priority_prefixes(bool use) { priority_prefixes_ = use; }
    // A line a peer can cause, limited per `kind` (invariant 3); priority Warning.
    void limited(std::string_view kind, const std::string& text);
    // Writes the summaries of kinds whose interval has ended (call now and then, e.g. once a poll round).
    void flush();
    // Writes every pending summary (at stop).
    void flush_all();

  private:
    struct KindState {
        std::int64_t interval_start_ms = 0;
        int written = 0;
        std::int64_t suppressed = 0;
    };
    void write(const std::string& text, LogPriority priority);  // caller holds mutex_
    void summarise(const std::string& kind, KindState& state);  // caller holds mutex_

    std::ostream& out_;
    bool priority_prefixes_ = false;
    LogRateLimit limit_;
    Clock clock_;
    std::mutex mutex_;
    std::map<std::string, KindState, std::less<>> kinds_;
};

// The next step for an operator, for the store errors that need a person (appended to a log line); empty
// for the others.
std::string operator_hint(const Error& error);

// sd_notify(state) when built with libsystemd and started by systemd; nothing otherwise.
void notify_systemd(const char* state);

}  // namespace jiebang::sync

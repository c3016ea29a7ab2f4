// sync/aggregator/aggregator_log.cpp — log lines, their rate limit, and systemd notifications (see the
// header for the invariants).
#include "sync/aggregator/aggregator_log.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <string>

#ifdef JIEBANG_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace jiebang::sync {

Log::Log(std::ostream& out, LogRateLimit limit, Clock clock)
    : out_(out), limit_(limit), clock_(std::move(clock)) {
    if (!clock_) {
        clock_ = [] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                .count();
        };
    }
}

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    struct stat status {};
    if (stream == nullptr || ::fstat(2, &status) != 0)
        return false;
    return std::string(stream) == std::to_string(static_cast<unsigned long long>(status.st_dev)) + ":" +
                                      std::to_string(static_cast<unsigned long long>(status.st_ino));
}

void Log::write(const std::string& text, LogPriority priority) {
    if (priority_prefixes_)
        out_ << "<" << static_cast<int>(priority) << ">";
    out_ << "jiebang-aggregator: " << text << std::endl;
}

void Log::summarise(const std::string& kind, KindState& state) {
    if (state.suppressed > 0) {
        write("suppressed " + std::to_string(state.suppressed) + " similar lines (" + kind + ")",
              LogPriority::Notice);
    }
    state.suppressed = 0;
}

void Log::line(const std::string& text, LogPriority priority) {
    std::lock_guard lock(mutex_);
    write(text, priority);
}

void Log::limited(std::string_view kind, const std::string& text) {
    const std::int64_t now_ms = clock_();
    std::lock_guard lock(mutex_);
    auto found = kinds_.find(kind);
    if (found == kinds_.end())
        found = kinds_.emplace(std::string(kind), KindState{now_ms, 0, 0}).first;
    KindState& state = found->second;
    if (now_ms - state.interval_start_ms >= limit_.interval_ms) {
        summarise(found->first, state);
        state.interval_start_ms = now_ms;
        state.written = 0;
    }
    if (state.written < limit_.burst) {
        state.written++;
        write(text, LogPriority::Warning);
    } else {
        state.suppressed++;
    }
}

void Log::flush() {
    const std::int64_t now_ms = clock_();
    std::lock_guard lock(mutex_);
    for (auto& [kind, state] : kinds_) {
        if (state.suppressed > 0 && now_ms - state.interval_start_ms >= limit_.interval_ms) {
            summarise(kind, state);
            state.interval_start_ms = now_ms;
            state.written = 0;
        }
    }
}

void Log::flush_all() {
    std::lock_guard lock(mutex_);
    for (auto& [kind, state] : kinds_)
        summarise(kind, state);
}

std::string operator_hint(const Error& error) {
    if (error.code == "store.corrupt")
        return "; the store file is damaged: jiebang-aggregator --check-store lists SQLite's findings";
    return {};
}

void notify_systemd([[maybe_unused]] const char* state) {
#ifdef JIEBANG_HAVE_SYSTEMD
    sd_notify(0, state);
#endif
}

}  // namespace jiebang::sync

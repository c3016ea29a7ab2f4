// sync/aggregator/aggregator_log.cpp — log lines and systemd notifications (see the header).
#include "sync/aggregator/aggregator_log.hpp"

#ifdef JIEBANG_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace jiebang::sync {

void Log::line(const std::string& text) {
    std::lock_guard lock(mutex_);
    out_ << "jiebang-aggregator: " << text << std::endl;
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

// sync/aggregator/aggregator_log.hpp — jiebang-aggregator's log lines and its systemd notifications.
// Invariants:
//  1. Every line is one write under a mutex, prefixed "jiebang-aggregator: ", so threads never interleave.
//  2. Lines carry node ids, submission ids, codes and counts only: never personal data.
#pragma once

#include <mutex>
#include <ostream>
#include <string>

#include "shared/base/result.hpp"

namespace jiebang::sync {

class Log {
  public:
    explicit Log(std::ostream& out) : out_(out) {}
    void line(const std::string& text);

  private:
    std::ostream& out_;
    std::mutex mutex_;
};

// The next step for an operator, for the store errors that need a person (appended to a log line); empty
// for the others.
std::string operator_hint(const Error& error);

// sd_notify(state) when built with libsystemd and started by systemd; nothing otherwise.
void notify_systemd(const char* state);

}  // namespace jiebang::sync

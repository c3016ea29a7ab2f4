// tests/sync/log_tests.cpp — the aggregator's log rate limit (sync/aggregator/aggregator_log.hpp invariant
// 3) on a virtual clock: at most `burst` lines of a kind per interval, the rest counted and summarised once
// the interval has ended or at flush_all(); kinds are limited separately; plain lines are never limited.
#include <doctest/doctest.h>

#include <regex>
#include <sstream>

#include "sync/aggregator/aggregator_log.hpp"

using namespace jiebang::sync;

namespace {

int count_of(const std::string& text, const std::string& needle) {
    int count = 0;
    for (auto position = text.find(needle); position != std::string::npos;
         position = text.find(needle, position + 1)) {
        count++;
    }
    return count;
}

// The sum of the K in every "suppressed K similar lines (kind)".
std::int64_t suppressed_total(const std::string& text, const std::string& kind) {
    const std::regex summary("suppressed ([0-9]+) similar lines \\(" + kind + "\\)");
    std::int64_t total = 0;
    for (auto match = std::sregex_iterator(text.begin(), text.end(), summary);
         match != std::sregex_iterator(); ++match) {
        total += std::stoll((*match)[1].str());
    }
    return total;
}

}  // namespace

TEST_CASE("a flood of one kind writes `burst` lines per interval and a summary of the rest (invariant 3)") {
    std::ostringstream out;
    std::int64_t now_ms = 1000;
    Log log(out, LogRateLimit{5, 10000}, [&] { return now_ms; });

    for (int index = 0; index < 1000; ++index)
        log.limited("refused_message", "refused a message from 440703-007: protocol.magic");
    CHECK(count_of(out.str(), "refused a message") == 5);
    CHECK(out.str().find("suppressed") == std::string::npos);  // the interval has not ended

    log.flush();  // still within the interval: nothing to write yet
    CHECK(out.str().find("suppressed") == std::string::npos);

    now_ms += 10000;
    log.flush();
    CHECK(out.str().find("suppressed 995 similar lines (refused_message)") != std::string::npos);

    // The next interval starts afresh.
    for (int index = 0; index < 7; ++index)
        log.limited("refused_message", "refused a message from 440703-007: protocol.magic");
    CHECK(count_of(out.str(), "refused a message") == 10);
    log.flush_all();
    CHECK(out.str().find("suppressed 2 similar lines (refused_message)") != std::string::npos);
    CHECK(count_of(out.str(), "refused a message") + suppressed_total(out.str(), "refused_message") == 1007);
}

TEST_CASE("kinds are limited separately, plain lines never, and a quiet kind needs no summary") {
    std::ostringstream out;
    std::int64_t now_ms = 0;
    Log log(out, LogRateLimit{2, 1000}, [&] { return now_ms; });
    for (int index = 0; index < 10; ++index) {
        log.limited("zap_refused", "zap: refused an unenrolled CURVE key");
        log.limited("conflict", "conflict for submission x from 440703-007");
        log.line("plain " + std::to_string(index));
    }
    CHECK(count_of(out.str(), "zap: refused") == 2);
    CHECK(count_of(out.str(), "conflict for") == 2);
    CHECK(count_of(out.str(), "plain ") == 10);
    now_ms = 5000;
    log.limited("conflict", "conflict for submission y from 440703-007");  // a new interval: summary first
    const std::string text = out.str();
    CHECK(text.find("suppressed 8 similar lines (conflict)") < text.find("submission y"));
    log.flush_all();
    CHECK(suppressed_total(out.str(), "zap_refused") == 8);
    log.flush_all();  // nothing counted since: nothing more written
    CHECK(suppressed_total(out.str(), "zap_refused") == 8);
    CHECK(count_of(out.str(), "jiebang-aggregator: ") == count_of(out.str(), "\n"));  // one prefix per line
}

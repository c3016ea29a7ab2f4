// kiosk/app/clock_trust.cpp — the receipt clock check (see clock_trust.hpp). JIEBANG_BUILD_DAY_UNIX_SECONDS
// comes from kiosk/CMakeLists.txt (string(TIMESTAMP), which honours SOURCE_DATE_EPOCH).
#include "kiosk/app/clock_trust.hpp"

#include <cstdlib>

#ifndef JIEBANG_BUILD_DAY_UNIX_SECONDS
#error "kiosk/CMakeLists.txt defines JIEBANG_BUILD_DAY_UNIX_SECONDS for this file"
#endif

namespace jiebang::kiosk {

std::int64_t software_build_day() {
    return static_cast<std::int64_t>(JIEBANG_BUILD_DAY_UNIX_SECONDS);
}

ClockVerdict check_terminal_clock(std::int64_t terminal_now,
                                  const std::optional<store::ClockReading>& reading, int skew_limit_seconds,
                                  std::int64_t earliest_plausible) {
    if (terminal_now < earliest_plausible)
        return ClockVerdict::BeforeBuildDay;
    if (!reading)
        return ClockVerdict::SkewUnknown;
    const std::int64_t magnitude = reading->skew_seconds < 0 ? -reading->skew_seconds : reading->skew_seconds;
    if (magnitude > skew_limit_seconds)
        return ClockVerdict::TooFarFromCounty;
    return ClockVerdict::Trusted;
}

bool receipts_allowed(ClockVerdict verdict) {
    return verdict == ClockVerdict::Trusted || verdict == ClockVerdict::SkewUnknown;
}

std::string_view clock_verdict_key(ClockVerdict verdict) {
    switch (verdict) {
        case ClockVerdict::Trusted:
            return "kiosk.clock.verdict.trusted";
        case ClockVerdict::SkewUnknown:
            return "kiosk.clock.verdict.unknown";
        case ClockVerdict::TooFarFromCounty:
            return "kiosk.clock.verdict.too_far";
        case ClockVerdict::BeforeBuildDay:
            return "kiosk.clock.verdict.before_build";
    }
    return "kiosk.clock.verdict.unknown";
}

}  // namespace jiebang::kiosk

// kiosk/app/clock_trust.hpp — whether the terminal's clock may stamp a receipt (issue 16 item 5,
// docs/protocol.md 19.1, docs/terminal.md "Time"). A receipt's number carries the date and the submission its
// created_at, both from this clock; a wrong clock would stamp wrong dates on paper the applicant keeps.
// Invariants: (1) a clock before the software's build day is refused whatever else is known (an RTC whose
// battery died boots in 2000; the county need never have been reached); (2) a known skew (the county's clock
// minus this terminal's, learned by the sync agent and kept in the store) beyond the limit is refused;
// (3) an unknown skew with a clock after the build day is trusted: store-and-forward keeps working offline;
// (4) the check is pure: it reads only its arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "shared/store/terminal_conditions.hpp"

namespace jiebang::kiosk {

enum class ClockVerdict {
    Trusted,           // the county's clock agrees within the limit
    SkewUnknown,       // never reached the county; the clock is after the build day: receipts are issued
    TooFarFromCounty,  // no receipt: |skew| > limit
    BeforeBuildDay,    // no receipt: the clock is before the software was built
};

// The start of the UTC day this software was built (SOURCE_DATE_EPOCH when set: reproducible builds).
std::int64_t software_build_day();

ClockVerdict check_terminal_clock(std::int64_t terminal_now,
                                  const std::optional<store::ClockReading>& reading, int skew_limit_seconds,
                                  std::int64_t earliest_plausible);
bool receipts_allowed(ClockVerdict verdict);
// The string key (kiosk.clock.verdict.*) that names the verdict for the attendant.
std::string_view clock_verdict_key(ClockVerdict verdict);

}  // namespace jiebang::kiosk

// shared/lifecycle/calendar_date.hpp — civil dates (proleptic Gregorian) for the project lifecycle: signing
// deadlines, public-notice periods, contract periods, extensions, payment days. Business dates are what staff
// write on paper ("2026-09-30"); they carry no time of day and no time zone.
// Invariants: (1) a CalendarDate that exists is valid (parse refuses 2026-02-30, 2026-13-01, "2026-9-1");
// (2) plus_months keeps the day, or takes the month's last day when the month is shorter (01-31 + 1 month =
// 02-28/29), so "within one month of the end date" is never longer than the calendar month.
// Errors: lifecycle.date_format (field = the caller's field name, argument "value").
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "shared/base/result.hpp"

namespace jiebang::lifecycle {

class CalendarDate {
  public:
    // "YYYY-MM-DD", years 1900..9999.
    static Result<CalendarDate> parse(std::string_view text, std::string_view field);
    static CalendarDate from_day_number(std::int64_t days_since_1970);
    // The date in China (UTC+8) at a Unix time: what "today" means for the bureaus.
    static CalendarDate in_china_at(std::int64_t unix_seconds);

    int year() const { return year_; }
    int month() const { return month_; }
    int day() const { return day_; }
    std::int64_t day_number() const;  // days since 1970-01-01
    std::string to_string() const;    // "2026-09-30"

    CalendarDate plus_days(std::int64_t days) const;
    CalendarDate plus_months(int months) const;

    friend auto operator<=>(const CalendarDate&, const CalendarDate&) = default;

  private:
    CalendarDate(int year, int month, int day) : year_(year), month_(month), day_(day) {}
    int year_ = 1970;
    int month_ = 1;
    int day_ = 1;
};

}  // namespace jiebang::lifecycle

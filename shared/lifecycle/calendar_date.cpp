// shared/lifecycle/calendar_date.cpp — civil-date arithmetic by day numbers (Howard Hinnant's algorithms for
// days_from_civil / civil_from_days), exact for every date parse() accepts.
#include "shared/lifecycle/calendar_date.hpp"

#include <algorithm>

namespace jiebang::lifecycle {

namespace {

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : lengths[month - 1];
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

}  // namespace

Result<CalendarDate> CalendarDate::parse(std::string_view text, std::string_view field) {
    const auto refuse = [&] {
        return Error("lifecycle.date_format", std::string(field),
                     std::string(field) + ": a date is written YYYY-MM-DD")
            .with("value", std::string(text));
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return refuse();
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int part = 0; part < 3; ++part) {
        for (std::size_t offset = 0; offset < lengths[part]; ++offset) {
            const char character = text[starts[part] + offset];
            if (character < '0' || character > '9')
                return refuse();
            parts[part] = parts[part] * 10 + (character - '0');
        }
    }
    const int year = parts[0];
    const int month = parts[1];
    const int day = parts[2];
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return refuse();
    return CalendarDate(year, month, day);
}

CalendarDate CalendarDate::from_day_number(std::int64_t days_since_1970) {
    const std::int64_t shifted = days_since_1970 + 719468;
    const std::int64_t era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
    const auto day_of_era = static_cast<unsigned>(shifted - era * 146097);
    const unsigned year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned month_index = (5 * day_of_year + 2) / 153;
    const unsigned day = day_of_year - (153 * month_index + 2) / 5 + 1;
    const unsigned month = month_index < 10 ? month_index + 3 : month_index - 9;
    const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
    return CalendarDate(static_cast<int>(year), static_cast<int>(month), static_cast<int>(day));
}

CalendarDate CalendarDate::in_china_at(std::int64_t unix_seconds) {
    constexpr std::int64_t china_offset_seconds = 8 * 3600;
    const std::int64_t local = unix_seconds + china_offset_seconds;
    const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    return from_day_number(days);
}

std::int64_t CalendarDate::day_number() const {
    return days_from_civil(year_, static_cast<unsigned>(month_), static_cast<unsigned>(day_));
}

std::string CalendarDate::to_string() const {
    std::string text = std::to_string(year_);
    while (text.size() < 4)
        text.insert(text.begin(), '0');
    text += month_ < 10 ? "-0" : "-";
    text += std::to_string(month_);
    text += day_ < 10 ? "-0" : "-";
    text += std::to_string(day_);
    return text;
}

CalendarDate CalendarDate::plus_days(std::int64_t days) const {
    return from_day_number(day_number() + days);
}

CalendarDate CalendarDate::plus_months(int months) const {
    const int month_index = year_ * 12 + (month_ - 1) + months;
    const int year = month_index / 12;
    const int month = month_index % 12 + 1;
    const int day = std::min(day_, days_in_month(year, month));
    return CalendarDate(year, month, day);
}

}  // namespace jiebang::lifecycle

// shared/store/terminal_conditions.cpp — the clock reading and the attendant call in the terminal store (see
// terminal_conditions.hpp; tables of terminal migration 3 in terminal_store.cpp).
#include "shared/store/terminal_conditions.hpp"

namespace jiebang::store {

Status save_clock_reading(Database& database, const ClockReading& reading) {
    return database.execute(
        "INSERT INTO clock_reading (singleton, skew_seconds, server_time, learned_at) VALUES (1, ?1, ?2, ?3) "
        "ON CONFLICT (singleton) DO UPDATE SET skew_seconds = excluded.skew_seconds, "
        "server_time = excluded.server_time, learned_at = excluded.learned_at",
        reading.skew_seconds, reading.server_time, reading.learned_at);
}

Result<std::optional<ClockReading>> load_clock_reading(Database& database) {
    return database.query_row(
        "SELECT skew_seconds, server_time, learned_at FROM clock_reading WHERE singleton = 1",
        [](const Statement& row) {
            return ClockReading{row.column_int(0), row.column_int(1), row.column_int(2)};
        });
}

Result<std::optional<std::int64_t>> open_attendant_call(Database& database) {
    return database.query_row("SELECT raised_at FROM attendant_call WHERE singleton = 1",
                              [](const Statement& row) { return row.column_int(0); });
}

Status raise_attendant_call(Database& database, std::int64_t now) {
    return database.execute(
        "INSERT INTO attendant_call (singleton, raised_at) VALUES (1, ?1) ON CONFLICT (singleton) DO NOTHING",
        now);
}

Status clear_attendant_call(Database& database) {
    return database.execute("DELETE FROM attendant_call WHERE singleton = ?1", std::int64_t{1});
}

}  // namespace jiebang::store

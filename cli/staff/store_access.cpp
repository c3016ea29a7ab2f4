// cli/staff/store_access.cpp — opening stores for staff, the acting identity, and times (store_access.hpp).
#include "cli/staff/store_access.hpp"

#include <ctime>

namespace jiebang::cli {

CLI::Option* add_store_option(CLI::App* command, std::string& store_path) {
    return command->add_option("--store", store_path, "the aggregator's store (SQLite file); never created")
        ->required();
}

Result<sync::AggregatorStore> open_existing_store(const std::string& store_path) {
    return sync::AggregatorStore::open_existing(store_path);
}

sync::ActingStaff host_administrator() {
    return sync::ActingStaff{};
}

std::string local_time(std::int64_t seconds) {
    if (seconds <= 0)
        return "-";
    const std::time_t value = static_cast<std::time_t>(seconds);
    std::tm local{};
    localtime_r(&value, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &local);
    return buffer;
}

std::string utc_time(std::int64_t seconds) {
    if (seconds <= 0)
        return "-";
    const std::time_t value = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&value, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::int64_t now_seconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

}  // namespace jiebang::cli

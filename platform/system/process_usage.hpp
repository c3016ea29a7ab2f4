// platform/system/process_usage.hpp — this process's memory and CPU time, for the benchmark and admin mode.
#pragma once

#include <cstdint>

namespace jiebang::platform {

struct ProcessUsage {
    std::int64_t resident_bytes = 0;       // VmRSS
    std::int64_t peak_resident_bytes = 0;  // VmHWM
    double cpu_seconds = 0;                // user + system
};

ProcessUsage current_process_usage();

}  // namespace jiebang::platform

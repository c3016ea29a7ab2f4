// platform/system/process_usage.hpp — this process's memory and CPU time, for the benchmark and admin mode, and
// the one memory setting a long-running terminal needs.
#pragma once

#include <cstdint>

namespace jiebang::platform {

struct ProcessUsage {
    std::int64_t resident_bytes = 0;       // VmRSS
    std::int64_t peak_resident_bytes = 0;  // VmHWM
    double cpu_seconds = 0;                // user + system
};

ProcessUsage current_process_usage();

// glibc gives each thread that allocates its own malloc arena, and what is freed into one stays resident; the
// terminal's short-lived workers (librime start-up, font atlas builds) left about 16 MB in theirs. Call first
// thing in main(), before any thread starts: every thread then shares one arena (measured settled RSS
// 78 -> 62 MB; the terminal's threads rarely allocate at the same time). No-op outside glibc.
void use_single_malloc_arena();

}  // namespace jiebang::platform

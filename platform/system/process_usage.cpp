// platform/system/process_usage.cpp — reads /proc/self/status and getrusage (see process_usage.hpp).
#include "platform/system/process_usage.hpp"

#include <sys/resource.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <fstream>
#include <string>

namespace jiebang::platform {

ProcessUsage current_process_usage() {
    ProcessUsage usage;
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:" || key == "VmHWM:") {
            std::int64_t kilobytes = 0;
            status >> kilobytes;
            (key == "VmRSS:" ? usage.resident_bytes : usage.peak_resident_bytes) = kilobytes * 1024;
        }
        status.ignore(4096, '\n');
    }
    struct rusage resources {};
    if (getrusage(RUSAGE_SELF, &resources) == 0) {
        usage.cpu_seconds =
            static_cast<double>(resources.ru_utime.tv_sec + resources.ru_stime.tv_sec) +
            static_cast<double>(resources.ru_utime.tv_usec + resources.ru_stime.tv_usec) / 1e6;
    }
    return usage;
}

void use_single_malloc_arena() {
#ifdef __GLIBC__
    mallopt(M_ARENA_MAX, 1);
#endif
}

}  // namespace jiebang::platform

// tests/sync/powercut/fsync_noop_shim.cpp — an LD_PRELOAD library for the power-cut test's self-check ONLY:
// it replaces every call a program (and SQLite inside it) makes to push written data to the disk — fsync,
// fdatasync, syncfs, sync, sync_file_range — with one that does nothing and reports success. Under it a
// program behaves as if synchronous=OFF everywhere, so a real power cut loses what it acknowledged; the
// self-check runs the power-cut workload under this shim and requires the test to notice the loss.
// On load it says so on stderr, so a log always shows whether a process ran without durable writes.
// Invariant: never linked into anything; only ever named in LD_PRELOAD by tests/sync/powercut.
//
// No libc headers are included: their declarations carry exception specifications that would have to be
// matched exactly; the symbols below only need the C names and the ABI types.
#include <cstddef>
#include <cstdint>

extern "C" {

long write(int descriptor, const void* bytes, std::size_t count);

int fsync(int) {
    return 0;
}
int fdatasync(int) {
    return 0;
}
int syncfs(int) {
    return 0;
}
void sync() {}
int sync_file_range(int, std::int64_t, std::int64_t, unsigned int) {
    return 0;
}

}  // extern "C"

namespace {
[[gnu::constructor]] void announce() {
    static const char message[] =
        "fsync_noop_shim: fsync, fdatasync, syncfs, sync are no-ops in this process\n";
    (void)write(2, message, sizeof message - 1);
}
}  // namespace

// sync/aggregator/backup.hpp — online backups of the aggregator's store, and their restore (issue 16 item 3;
// docs/operations.md "Backups and the restore drill").
// A backup is `VACUUM INTO` on a connection of its own: one read transaction, so it is a consistent snapshot
// of the store as of one commit, and in WAL mode it never blocks the server's writers (ingest goes on; only the
// checkpoint waits until the snapshot is read). The scheduler runs it on its own thread.
// Invariants (tests cite them as "backup.hpp invariant N"):
//  1. A file named aggregator-YYYYMMDDTHHMMSSZ.sqlite in the backup folder is whole and has passed SQLite's
//     quick_check: it is written as a hidden .partial file, checked, fsynced, then renamed (and the folder
//     fsynced). A backup that fails leaves no file under a backup's name.
//  2. Backups are files of mode 0600 (they hold applicants' contact data, like the store).
//  3. Pruning removes backups older than keep_days, never the newest one, and nothing but backups' names.
//  4. A restore changes nothing while another process holds the store's lock (the daemon holds it from start
//     to exit) and nothing when the backup fails its full integrity_check, is not an aggregator store, or is
//     newer than this program; the backup file itself is never written. The replaced store (with its -wal and
//     -shm) is kept aside as aggregator.sqlite.replaced-<time>, never deleted.
//  5. Log lines and errors name files, times, counts and codes only.
// Errors: backup.folder (cannot create or use the folder), backup.write (VACUUM INTO or the rename failed),
// backup.check (the written or restored file fails its integrity check), backup.not_a_store,
// backup.store_in_use, backup.no_store, backup.missing (the file to restore does not exist), store.*.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::sync {

class Log;

struct BackupFile {
    std::filesystem::path path;
    std::int64_t taken_at = 0;  // Unix seconds, from the name
    std::uintmax_t bytes = 0;
};

// The name of a backup taken at `at` (UTC): aggregator-20260302T101500Z.sqlite.
std::string backup_file_name(std::int64_t at);

// Writes one backup of `store_file` into `folder` (created 0700 when missing). Invariants 1, 2.
Result<BackupFile> write_backup(const std::filesystem::path& store_file, const std::filesystem::path& folder,
                                std::int64_t now);

// The backups in `folder` (files with a backup's name only), newest first.
Result<std::vector<BackupFile>> list_backups(const std::filesystem::path& folder);

// Removes backups taken more than keep_days before `now`, never the newest (invariant 3); returns how many.
Result<int> prune_backups(const std::filesystem::path& folder, int keep_days, std::int64_t now);

// An exclusive lock on <data_dir>/aggregator.lock (flock), held while the object lives: the daemon holds it,
// --restore takes it. backup.store_in_use when another process holds it.
class StoreLock {
  public:
    static Result<StoreLock> acquire(const std::filesystem::path& data_dir);
    StoreLock(StoreLock&& other) noexcept;
    StoreLock& operator=(StoreLock&& other) = delete;
    StoreLock(const StoreLock&) = delete;
    StoreLock& operator=(const StoreLock&) = delete;
    ~StoreLock();

  private:
    explicit StoreLock(int descriptor) : descriptor_(descriptor) {}
    int descriptor_ = -1;
};

struct RestoreReport {
    std::filesystem::path restored;    // the store now in place
    std::filesystem::path kept_aside;  // the replaced store, empty when there was none
    std::int64_t backup_taken_at = 0;  // from the backup's name, 0 when it has another name
    std::int64_t submissions = 0;      // rows in the restored store
    int schema_version_before = 0;     // of the backup
    int schema_version_after = 0;      // after migrating forward
};

// Restores `backup` as the store at `store_file` (in `data_dir`, whose lock it takes). Invariant 4.
Result<RestoreReport> restore_backup(const std::filesystem::path& backup,
                                     const std::filesystem::path& data_dir,
                                     const std::filesystem::path& store_file, std::int64_t now);

// Scheduled backups on a thread of their own: one at start when the newest backup is older than the
// interval (or there is none), then one every interval; each followed by pruning. Failures are logged and
// tried again at the next interval; the server never waits for a backup.
class BackupScheduler {
  public:
    BackupScheduler(std::filesystem::path store_file, std::filesystem::path folder, int interval_minutes,
                    int keep_days, Log& log);
    BackupScheduler(const BackupScheduler&) = delete;
    BackupScheduler& operator=(const BackupScheduler&) = delete;
    ~BackupScheduler();
    void start();
    void stop();
    // Unix seconds of the newest backup in the folder (0: none), kept current by the thread.
    std::int64_t last_backup_at() const { return last_backup_at_.load(); }

  private:
    void run();
    std::filesystem::path store_file_;
    std::filesystem::path folder_;
    std::int64_t interval_seconds_;
    int keep_days_;
    Log& log_;
    std::atomic<bool> stop_{false};
    std::atomic<std::int64_t> last_backup_at_{0};
    std::thread thread_;
};

}  // namespace jiebang::sync

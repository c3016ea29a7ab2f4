// sync/aggregator/backup.cpp — online backups (VACUUM INTO), pruning, the store lock, restore, and the
// scheduler thread (see the header for the invariants).
//
// Index: [SECTION] Names and files  [SECTION] Backup  [SECTION] Store lock  [SECTION] Restore
//        [SECTION] Scheduler
#include "sync/aggregator/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "sync/aggregator/aggregator_log.hpp"
#include "sync/aggregator/aggregator_store.hpp"

namespace jiebang::sync {

// [SECTION] Names and files
namespace {

constexpr std::string_view backup_prefix = "aggregator-";
constexpr std::string_view backup_suffix = "Z.sqlite";

std::string utc_stamp(std::int64_t at) {
    const std::time_t time = static_cast<std::time_t>(at);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char text[32] = {};
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%S", &parts);
    return text;
}

// The time in a backup's name, or 0 when the name is not a backup's.
std::int64_t taken_at_from_name(const std::string& name) {
    if (name.size() != backup_prefix.size() + 15 + backup_suffix.size() ||
        name.rfind(backup_prefix, 0) != 0 ||
        name.compare(name.size() - backup_suffix.size(), backup_suffix.size(), backup_suffix) != 0)
        return 0;
    const std::string stamp = name.substr(backup_prefix.size(), 15);
    std::tm parts{};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char separator = 0;
    if (std::sscanf(stamp.c_str(), "%4d%2d%2d%c%2d%2d%2d", &year, &month, &day, &separator, &hour, &minute,
                    &second) != 7 ||
        separator != 'T')
        return 0;
    parts.tm_year = year - 1900;
    parts.tm_mon = month - 1;
    parts.tm_mday = day;
    parts.tm_hour = hour;
    parts.tm_min = minute;
    parts.tm_sec = second;
    const std::int64_t at = static_cast<std::int64_t>(timegm(&parts));
    return backup_file_name(at) == name ? at : 0;
}

Status sync_path(const std::filesystem::path& path, const char* code) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0)
        return Error(code, path.string(), "cannot open to flush it to disk");
    const int flushed = ::fsync(descriptor);
    ::close(descriptor);
    if (flushed != 0)
        return Error(code, path.string(), "fsync failed");
    return ok_status();
}

// A raw connection to a candidate file (a backup being written or restored), never through Database::open:
// that would migrate or switch journal modes before the file is known to be sound.
class RawConnection {
  public:
    explicit RawConnection(const std::filesystem::path& file) {
        if (sqlite3_open_v2(file.c_str(), &handle_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            sqlite3_close_v2(handle_);
            handle_ = nullptr;
        }
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    ~RawConnection() { sqlite3_close_v2(handle_); }
    bool open() const { return handle_ != nullptr; }
    // Every row's first column as text (at most `limit` rows); nullopt-like empty plus `error` on failure.
    std::vector<std::string> column(const char* sql, std::string& error, int limit = 100) {
        std::vector<std::string> rows;
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(handle_, sql, -1, &statement, nullptr) != SQLITE_OK) {
            error = sqlite3_errmsg(handle_);
            return rows;
        }
        int result = SQLITE_ROW;
        while (static_cast<int>(rows.size()) < limit && (result = sqlite3_step(statement)) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(statement, 0);
            rows.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
        }
        if (result != SQLITE_ROW && result != SQLITE_DONE)
            error = sqlite3_errmsg(handle_);
        sqlite3_finalize(statement);
        return rows;
    }

  private:
    sqlite3* handle_ = nullptr;
};

// PRAGMA quick_check or integrity_check of a candidate file: ok, or backup.check with the first finding.
Status check_candidate(const std::filesystem::path& file, const char* pragma) {
    RawConnection connection(file);
    if (!connection.open())
        return Error("backup.check", file.string(), "cannot open the file as a database");
    std::string error;
    const auto findings = connection.column(pragma, error, 5);
    if (!error.empty())
        return Error("backup.check", file.string(), "the integrity check could not run: " + error);
    if (findings.empty() || findings.front() != "ok")
        return Error(
            "backup.check", file.string(),
            "the file fails its integrity check: " + (findings.empty() ? "no answer" : findings.front()));
    return ok_status();
}

}  // namespace

std::string backup_file_name(std::int64_t at) {
    return std::string(backup_prefix) + utc_stamp(at) + std::string(backup_suffix);
}

Result<std::vector<BackupFile>> list_backups(const std::filesystem::path& folder) {
    std::vector<BackupFile> backups;
    std::error_code error;
    if (!std::filesystem::exists(folder, error))
        return backups;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        std::error_code ignored;
        if (!entry.is_regular_file(ignored))
            continue;
        const std::int64_t taken_at = taken_at_from_name(entry.path().filename().string());
        if (taken_at == 0)
            continue;
        backups.push_back(BackupFile{entry.path(), taken_at, entry.file_size(ignored)});
    }
    if (error)
        return Error("backup.folder", folder.string(), "cannot list the folder: " + error.message());
    std::sort(backups.begin(), backups.end(),
              [](const BackupFile& left, const BackupFile& right) { return left.taken_at > right.taken_at; });
    return backups;
}

// [SECTION] Backup
Result<BackupFile> write_backup(const std::filesystem::path& store_file, const std::filesystem::path& folder,
                                std::int64_t now) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(store_file, error))
        return Error("backup.no_store", store_file.string(), "there is no store to back up");
    if (!std::filesystem::exists(folder, error)) {
        std::filesystem::create_directories(folder, error);
        if (error)
            return Error("backup.folder", folder.string(), "cannot create the folder: " + error.message());
        std::filesystem::permissions(folder, std::filesystem::perms::owner_all, error);
    }
    if (!std::filesystem::is_directory(folder, error))
        return Error("backup.folder", folder.string(), "not a folder");
    const std::filesystem::path final_path = folder / backup_file_name(now);
    const std::filesystem::path partial = folder / ("." + backup_file_name(now) + ".partial");
    std::filesystem::remove(partial, error);
    {
        // A connection of its own: VACUUM INTO reads one snapshot in one read transaction (WAL: writers go on).
        auto store = AggregatorStore::open(store_file);
        if (!store)
            return store.error();
        // SQLite creates the file with 0644 less the umask: the umask makes it 0600 from its first byte
        // (invariant 2; the shipped unit runs with UMask=0077 anyway, this covers a manual run).
        const mode_t previous_mask = ::umask(0077);
        auto statement = store->database().prepare("VACUUM INTO ?1");
        Status vacuumed = statement ? Status(ok_status()) : Status(statement.error());
        if (statement) {
            statement->bind(1, std::string_view(partial.string()));
            vacuumed = statement->run();
        }
        ::umask(previous_mask);
        if (!vacuumed) {
            std::filesystem::remove(partial, error);
            return Error("backup.write", final_path.string(), vacuumed.error().detail);
        }
    }
    std::filesystem::permissions(
        partial, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, error);
    if (auto checked = check_candidate(partial, "PRAGMA quick_check(5)"); !checked) {
        std::filesystem::remove(partial, error);
        return checked.error();
    }
    if (auto flushed = sync_path(partial, "backup.write"); !flushed) {
        std::filesystem::remove(partial, error);
        return flushed.error();
    }
    std::filesystem::rename(partial, final_path, error);
    if (error) {
        std::filesystem::remove(partial, error);
        return Error("backup.write", final_path.string(), "cannot rename the finished backup");
    }
    if (auto flushed = sync_path(folder, "backup.write"); !flushed)
        return flushed.error();
    return BackupFile{final_path, now, std::filesystem::file_size(final_path, error)};
}

Result<int> prune_backups(const std::filesystem::path& folder, int keep_days, std::int64_t now) {
    JIEBANG_TRY_ASSIGN(std::vector<BackupFile> backups, list_backups(folder));
    int removed = 0;
    const std::int64_t oldest_kept = now - static_cast<std::int64_t>(keep_days) * 24 * 3600;
    for (std::size_t index = 1; index < backups.size(); ++index) {  // index 0, the newest, is always kept
        if (backups[index].taken_at >= oldest_kept)
            continue;
        std::error_code error;
        if (std::filesystem::remove(backups[index].path, error))
            removed++;
        else if (error)
            return Error("backup.folder", backups[index].path.string(), "cannot remove: " + error.message());
    }
    return removed;
}

// [SECTION] Store lock
Result<StoreLock> StoreLock::acquire(const std::filesystem::path& data_dir) {
    const std::filesystem::path file = data_dir / "aggregator.lock";
    const int descriptor = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (descriptor < 0)
        return Error("backup.store_in_use", file.string(), "cannot open the store's lock file");
    if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
        ::close(descriptor);
        return Error("backup.store_in_use", data_dir.string(),
                     "another jiebang-aggregator holds this data folder; stop it first "
                     "(systemctl stop jiebang-aggregator)");
    }
    return StoreLock(descriptor);
}

StoreLock::StoreLock(StoreLock&& other) noexcept : descriptor_(other.descriptor_) {
    other.descriptor_ = -1;
}

StoreLock::~StoreLock() {
    if (descriptor_ >= 0)
        ::close(descriptor_);  // releases the flock
}

// [SECTION] Restore
namespace {

// Moves `from` to `to` when it exists.
Status move_if_present(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::error_code error;
    if (!std::filesystem::exists(from, error))
        return ok_status();
    std::filesystem::rename(from, to, error);
    if (error)
        return Error("backup.write", from.string(), "cannot move it aside: " + error.message());
    return ok_status();
}

}  // namespace

Result<RestoreReport> restore_backup(const std::filesystem::path& backup,
                                     const std::filesystem::path& data_dir,
                                     const std::filesystem::path& store_file, std::int64_t now) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(backup, error))
        return Error("backup.missing", backup.string(), "there is no such backup file");
    std::filesystem::create_directories(data_dir, error);
    JIEBANG_TRY_ASSIGN(StoreLock lock, StoreLock::acquire(data_dir));
    RestoreReport report;
    report.restored = store_file;
    report.backup_taken_at = taken_at_from_name(backup.filename().string());

    // The candidate is a copy, so the backup itself is never written (not even a -shm beside it).
    const std::filesystem::path candidate = store_file.string() + ".restoring";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(candidate.string() + suffix, error);
    std::filesystem::copy_file(backup, candidate, error);
    if (error)
        return Error("backup.write", candidate.string(), "cannot copy the backup: " + error.message());
    std::filesystem::permissions(
        candidate, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, error);
    auto discard = [&candidate](Error refused) {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(candidate.string() + suffix, ignored);
        return refused;
    };
    if (auto checked = check_candidate(candidate, "PRAGMA integrity_check(5)"); !checked) {
        Error refused = checked.error();
        refused.field = backup.string();
        return discard(refused);
    }
    {
        RawConnection connection(candidate);
        std::string sql_error;
        const auto tables = connection.column(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
            "('submissions', 'nodes', 'settings')",
            sql_error);
        if (!sql_error.empty() || tables.empty() || tables.front() != "3")
            return discard(Error("backup.not_a_store", backup.string(),
                                 "the file is a database but not an aggregator's store"));
        const auto version = connection.column("PRAGMA user_version", sql_error);
        report.schema_version_before = version.empty() ? 0 : std::atoi(version.front().c_str());
    }
    {
        // Migrates forward (one transaction) and refuses a newer store (store.schema_too_new) untouched.
        auto restored = AggregatorStore::open(candidate);
        if (!restored) {
            Error refused = restored.error();
            refused.field = backup.string();
            return discard(refused);
        }
        report.schema_version_after = restored->database().user_version();
        JIEBANG_TRY_ASSIGN(report.submissions,
                           restored->database().query_int("SELECT count(*) FROM submissions"));
        if (auto noted = restored->set_setting("restored_from", backup.filename().string()); !noted)
            return discard(noted.error());
        if (auto noted = restored->set_setting("restored_at", std::to_string(now)); !noted)
            return discard(noted.error());
    }  // closed: its WAL is checkpointed into the file
    if (std::filesystem::exists(store_file, error)) {
        report.kept_aside = store_file.string() + ".replaced-" + utc_stamp(now) + "Z";
        for (const char* suffix : {"", "-wal", "-shm"}) {
            if (auto moved =
                    move_if_present(store_file.string() + suffix, report.kept_aside.string() + suffix);
                !moved)
                return discard(moved.error());
        }
    } else {
        for (const char* suffix :
             {"-wal", "-shm"})  // a stray WAL must never be replayed into the restored store
            if (auto moved = move_if_present(store_file.string() + suffix,
                                             store_file.string() + ".stray-" + utc_stamp(now) + "Z" + suffix);
                !moved)
                return discard(moved.error());
    }
    std::filesystem::rename(candidate, store_file, error);
    if (error)
        return discard(Error("backup.write", store_file.string(), "cannot put the restored store in place"));
    if (auto flushed = sync_path(data_dir, "backup.write"); !flushed)
        return flushed.error();
    return report;
}

// [SECTION] Scheduler
BackupScheduler::BackupScheduler(std::filesystem::path store_file, std::filesystem::path folder,
                                 int interval_minutes, int keep_days, Log& log)
    : store_file_(std::move(store_file)),
      folder_(std::move(folder)),
      interval_seconds_(static_cast<std::int64_t>(interval_minutes) * 60),
      keep_days_(keep_days),
      log_(log) {}

BackupScheduler::~BackupScheduler() {
    stop();
}

void BackupScheduler::start() {
    if (auto backups = list_backups(folder_); backups && !backups->empty())
        last_backup_at_ = backups->front().taken_at;
    thread_ = std::thread([this] { run(); });
}

void BackupScheduler::stop() {
    stop_ = true;
    if (thread_.joinable())
        thread_.join();
}

void BackupScheduler::run() {
    auto now = [] {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    std::int64_t next_attempt = 0;  // 0: decide from the newest backup
    while (!stop_.load()) {
        const std::int64_t current = now();
        if (next_attempt == 0) {
            // A newest backup dated in the future (the clock was wrong when it was taken) must not postpone
            // every backup until that date: back up now.
            const std::int64_t newest = last_backup_at_.load();
            next_attempt = newest > current ? current : newest + interval_seconds_;
        }
        if (current >= next_attempt) {
            const auto started = std::chrono::steady_clock::now();
            auto written = write_backup(store_file_, folder_, current);
            if (!written) {
                log_.error("backup failed: " + written.error().code + " " + written.error().field + ": " +
                           written.error().detail + "; next attempt in " +
                           std::to_string(interval_seconds_ / 60) + " minutes");
            } else {
                last_backup_at_ = written->taken_at;
                const auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now() - started)
                                              .count();
                std::string line = "backup written: " + written->path.filename().string() + ", " +
                                   std::to_string(written->bytes) + " bytes in " +
                                   std::to_string(milliseconds) + " ms";
                if (auto pruned = prune_backups(folder_, keep_days_, current); !pruned)
                    line += "; pruning failed: " + pruned.error().code;
                else if (pruned.value() > 0)
                    line += "; " + std::to_string(pruned.value()) + " older than " +
                            std::to_string(keep_days_) + " days removed";
                log_.line(line);
            }
            next_attempt = current + interval_seconds_;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace jiebang::sync

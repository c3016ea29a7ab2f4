// tests/support/damaged_database.hpp — damages a real SQLite file the way a failing disk does: one page of
// a named table overwritten with junk. The page is chosen through SQLite's dbstat table, so a test knows
// which reads will meet the damage and which will not.
// Invariant: call leaf_page_of() and damage_page() only while no connection to the file is open;
// leaf_page_of() first moves the write-ahead log into the main file, so the damaged page is the live one.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace jiebang::test_support {

// The page number of the `nth` (from 0) leaf page of `table`, or 0 when the table has fewer leaf pages.
inline std::int64_t leaf_page_of(const std::filesystem::path& file, const std::string& table, int nth) {
    sqlite3* handle = nullptr;
    std::int64_t page = 0;
    if (sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK &&
        sqlite3_exec(handle, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(handle,
                               "SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' "
                               "ORDER BY pageno LIMIT 1 OFFSET ?2",
                               -1, &statement, nullptr) == SQLITE_OK) {
            sqlite3_bind_text(statement, 1, table.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(statement, 2, nth);
            if (sqlite3_step(statement) == SQLITE_ROW)
                page = sqlite3_column_int64(statement, 0);
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(handle);
    return page;
}

// Overwrites page `page` (1-based, as SQLite counts) with 0x5a bytes.
inline void damage_page(const std::filesystem::path& file, std::int64_t page, int page_size = 4096) {
    std::fstream out(file, std::ios::binary | std::ios::in | std::ios::out);
    out.seekp((page - 1) * page_size);
    out << std::string(static_cast<std::size_t>(page_size), '\x5a');
}

}  // namespace jiebang::test_support

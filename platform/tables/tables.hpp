// platform/tables/tables.hpp — writing exports: CSV (RFC 4180, CRLF, quotes doubled, UTF-8 with a BOM so that
// Excel reads Chinese) and XLSX (libxlsxwriter) laid out for A4 paper. Every export is written here: the CLI's
// staff exports (cli/staff/export_commands.cpp), the project register and ledger (cli/project_commands.cpp) and
// the staff console's (console/). The table itself is core data (shared/paper/sheet.hpp).
// Invariants:
//  1. A file is written to a temporary name with mode 0600 and renamed into place, so a failed export never
//     leaves half a file and no export is readable by others.
//  2. A CSV file holds exactly one table (one header, rows of the header's width): several sheets are several
//     files (csv_files names them).
//  3. XLSX sheets print on A4 one page wide, the header row repeated on every page; rows are high enough for
//     their wrapped text (estimated from the column widths, a CJK character taking two columns), so no title
//     is cut to one line; the header is frozen and filtered; a column marked numeric holds numbers.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/paper/sheet.hpp"

namespace jiebang::tables {

std::string csv_field(const std::string& value);
// The files write_csv writes for these sheets: FILE itself for one sheet, else FILE's stem + "-" + sheet name
// + ".csv" beside it (invariant 2).
std::vector<std::filesystem::path> csv_files(const std::filesystem::path& file,
                                             const std::vector<Sheet>& sheets);
Status write_csv(const std::filesystem::path& file, const std::vector<Sheet>& sheets);
Status write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets);

}  // namespace jiebang::tables

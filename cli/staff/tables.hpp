// cli/staff/tables.hpp — writing exports: CSV (RFC 4180, CRLF, quotes doubled, UTF-8 with a BOM so that Excel
// reads Chinese) and XLSX (libxlsxwriter) laid out for A4 paper. Every export of the tool is written here: the
// staff exports (cli/staff/export_commands.cpp) and the project register and ledger (cli/project_commands.cpp).
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

namespace jiebang::cli {

struct Sheet {
    std::string name;      // sheet name (XLSX) or file name part (CSV)
    std::string title;     // a title row above the header; empty for none
    std::string subtitle;  // a line under the title
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    // Layout (XLSX). widths: characters per column (default 24, the first 8); numeric: columns whose values are
    // written as numbers when they parse as one; landscape: A4 landscape instead of portrait.
    std::vector<double> widths;
    std::vector<bool> numeric;
    std::string
        number_format;  // Excel format of the numeric columns' numbers ("0.00" for money); "" = General
    bool landscape = false;
};

std::string csv_field(const std::string& value);
// The files write_csv writes for these sheets: FILE itself for one sheet, else FILE's stem + "-" + sheet name
// + ".csv" beside it (invariant 2).
std::vector<std::filesystem::path> csv_files(const std::filesystem::path& file,
                                             const std::vector<Sheet>& sheets);
Status write_csv(const std::filesystem::path& file, const std::vector<Sheet>& sheets);
Status write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets);

// How many character columns a text takes on paper (CJK and full-width characters two, others one), for
// the longest of its lines.
double display_width(const std::string& text);

}  // namespace jiebang::cli

// cli/staff/tables.hpp — writing exports: CSV (RFC 4180, CRLF, quotes doubled, UTF-8 with a BOM so that Excel
// reads Chinese) and XLSX (libxlsxwriter). Invariant: a file is written to a temporary name with mode 0600
// and renamed into place, so a failed export never leaves half a file and no export is readable by others.
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
};

std::string csv_field(const std::string& value);
Status write_csv(const std::filesystem::path& file, const std::vector<Sheet>& sheets);
Status write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets);

}  // namespace jiebang::cli

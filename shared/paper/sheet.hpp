// shared/paper/sheet.hpp — a table as a bureau receives it (the summary table, the full export, the project
// register and ledger): a title, a line under it, a header and rows of text, with how it is laid out on A4.
// Plain data: platform/tables writes it as XLSX or CSV, platform/print as a PDF, the console previews that
// PDF. Invariant: every row has the header's width (the writers check it).
#pragma once

#include <string>
#include <vector>

namespace jiebang {

struct Sheet {
    std::string name;      // sheet name (XLSX) or file name part (CSV)
    std::string title;     // a title row above the header; empty for none
    std::string subtitle;  // a line under the title
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    // Layout (XLSX). widths: characters per column (default 24, the first 8); numeric: columns whose values
    // are written as numbers when they parse as one; landscape: A4 landscape instead of portrait.
    std::vector<double> widths;
    std::vector<bool> numeric;
    std::string
        number_format;  // Excel format of the numeric columns' numbers ("0.00" for money); "" = General
    bool landscape = false;
};

// How many character columns a text takes on paper (CJK and full-width characters two, others one), for
// the longest of its lines.
double display_width(const std::string& text);

}  // namespace jiebang

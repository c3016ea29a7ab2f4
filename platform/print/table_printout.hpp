// platform/print/table_printout.hpp — a table (shared/paper/sheet.hpp: the summary table of a forwarding
// batch) as printed paper: an A4 PDF (landscape when the sheet says so) drawn with cairo and Pango in the
// print style's font (assets/print/style.json), and the same page as pixels for an on-screen preview that is
// the paper itself. Invariants:
//  1. Every page carries the title, the line under it (the batch, its number and date, the recommending unit),
//     the header row and "page x of y": a page taken alone says what it is and where it belongs.
//  2. No text is cut: every cell is laid out at its column's width (word-or-character wrapping) and a row is as
//     tall as its tallest cell; a row never splits (a table row is a line of a list, not a page of prose).
//  3. The file is written beside its name with mode 0600 and renamed into place: a failure leaves nothing.
//  4. A glyph the font cannot draw fails the printout (print.unprintable_character) instead of printing a box.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/paper/sheet.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::print {

struct TablePrintout {
    int page_count = 0;
};

// Writes `sheet` as a PDF. Errors: print.asset, print.unprintable_character, print.pdf_write (file).
Result<TablePrintout> write_table_pdf(const Sheet& sheet, const std::filesystem::path& output,
                                      const std::filesystem::path& assets_directory,
                                      const StringCatalog& strings);

// One page (0-based) as RGBA pixels, `pixels_per_point` pixels for each point of paper, white paper. Errors:
// print.asset, print.page_unknown (value: the page asked for, 1-based).
struct PageImage {
    int width = 0;
    int height = 0;
    int page_count = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4
};
Result<PageImage> render_table_page(const Sheet& sheet, int page, double pixels_per_point,
                                    const std::filesystem::path& assets_directory,
                                    const StringCatalog& strings);

}  // namespace jiebang::print

// platform/tables/tables.cpp — CSV and XLSX writers of the exports (see tables.hpp).
#include "platform/tables/tables.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

namespace jiebang::tables {

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char character : value) {
        if (character == '"')
            quoted += '"';
        quoted += character;
    }
    return quoted + "\"";
}

std::vector<std::filesystem::path> csv_files(const std::filesystem::path& file,
                                             const std::vector<Sheet>& sheets) {
    if (sheets.size() == 1)
        return {file};
    std::vector<std::filesystem::path> files;
    for (const Sheet& sheet : sheets) {
        std::filesystem::path name = file;
        name.replace_filename(file.stem().string() + "-" + sheet.name + ".csv");
        files.push_back(name);
    }
    return files;
}

namespace {

// Invariant 1: the temporary file is made 0600 before anything is written to it (the writers then open it again,
// which keeps its mode), and kept so when it takes its name. Until 2026-12-04 the writers left the process's
// umask, usually 0644: the console's test of the export found it.
Status create_private(const std::filesystem::path& temporary, const std::filesystem::path& file) {
    const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (descriptor < 0)
        return Error("staff.cannot_write", file.string(), "cannot create the output file");
    ::close(descriptor);
    std::error_code error_code;
    std::filesystem::permissions(temporary,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, error_code);
    return ok_status();
}

Status rename_into_place(const std::filesystem::path& temporary, const std::filesystem::path& file) {
    std::error_code error_code;
    std::filesystem::permissions(temporary,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, error_code);
    if (error_code) {
        std::filesystem::remove(temporary, error_code);
        return Error("staff.cannot_write", file.string(), "cannot make the file private");
    }
    std::filesystem::rename(temporary, file, error_code);
    if (error_code)
        return Error("staff.cannot_write", file.string(), error_code.message());
    return ok_status();
}

Status write_one_csv(const std::filesystem::path& file, const Sheet& sheet) {
    const std::filesystem::path temporary = file.string() + ".tmp";
    JIEBANG_TRY(create_private(temporary, file));
    {
        std::ofstream output(temporary, std::ios::binary | std::ios::trunc);
        if (!output)
            return Error("staff.cannot_write", file.string(), "cannot create the output file");
        output << "\xEF\xBB\xBF";
        auto write_row = [&output](const std::vector<std::string>& row) {
            for (std::size_t index = 0; index < row.size(); ++index)
                output << (index > 0 ? "," : "") << csv_field(row[index]);
            output << "\r\n";
        };
        write_row(sheet.header);
        for (const auto& row : sheet.rows)
            write_row(row);
        if (!output.flush())
            return Error("staff.cannot_write", file.string(), "writing the output failed");
    }
    return rename_into_place(temporary, file);
}

// A whole or decimal number as a spreadsheet reads it (no leading '+', no exponent, no thousands separator).
bool parse_number(const std::string& text, double& value) {
    if (text.empty() || text.size() > 24)
        return false;
    std::size_t digits = 0;
    bool point = false;
    for (std::size_t index = 0; index < text.size(); ++index) {
        const char character = text[index];
        if (character == '-' && index == 0)
            continue;
        if (character == '.' && !point) {
            point = true;
            continue;
        }
        if (character < '0' || character > '9')
            return false;
        ++digits;
    }
    if (digits == 0)
        return false;
    value = std::strtod(text.c_str(), nullptr);
    return true;
}

double column_width(const Sheet& sheet, std::size_t column) {
    if (column < sheet.widths.size())
        return sheet.widths[column];
    return column == 0 ? 8 : 24;
}

// Lines a cell needs at this column width (invariant 3); a cell's own line breaks count.
int lines_needed(const std::string& text, double width) {
    int lines = 0;
    std::size_t begin = 0;
    for (;;) {
        const std::size_t end = text.find('\n', begin);
        const std::string line =
            text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        const double usable = width > 2 ? width - 1 : 1;
        lines += std::max(1, static_cast<int>(std::ceil(display_width(line) / usable)));
        if (end == std::string::npos)
            break;
        begin = end + 1;
    }
    return lines;
}

}  // namespace

Status write_csv(const std::filesystem::path& file, const std::vector<Sheet>& sheets) {
    const auto files = csv_files(file, sheets);
    for (std::size_t index = 0; index < sheets.size(); ++index) {
        if (Status written = write_one_csv(files[index], sheets[index]); !written)
            return written;
    }
    return ok_status();
}

Status write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets) {
    const std::string temporary = file.string() + ".tmp.xlsx";
    JIEBANG_TRY(create_private(temporary, file));
    lxw_workbook* workbook = workbook_new(temporary.c_str());
    if (workbook == nullptr)
        return Error("staff.cannot_write", file.string(), "cannot create the workbook");
    lxw_format* header_format = workbook_add_format(workbook);
    format_set_bold(header_format);
    format_set_border(header_format, LXW_BORDER_THIN);
    format_set_text_wrap(header_format);
    format_set_align(header_format, LXW_ALIGN_CENTER);
    format_set_align(header_format, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format* cell = workbook_add_format(workbook);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* number_cell = workbook_add_format(workbook);
    format_set_border(number_cell, LXW_BORDER_THIN);
    format_set_align(number_cell, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* title = workbook_add_format(workbook);
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_align(title, LXW_ALIGN_CENTER);
    lxw_format* subtitle = workbook_add_format(workbook);
    constexpr double line_height = 16.5;  // points per wrapped line of the 11 pt default font with CJK glyphs
    for (const Sheet& sheet : sheets) {
        lxw_format* sheet_number_cell = number_cell;
        if (!sheet.number_format.empty()) {
            sheet_number_cell = workbook_add_format(workbook);
            format_set_border(sheet_number_cell, LXW_BORDER_THIN);
            format_set_align(sheet_number_cell, LXW_ALIGN_VERTICAL_TOP);
            format_set_num_format(sheet_number_cell, sheet.number_format.c_str());
        }
        lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
        worksheet_set_paper(worksheet, 9);  // A4
        if (sheet.landscape)
            worksheet_set_landscape(worksheet);
        else
            worksheet_set_portrait(worksheet);
        worksheet_fit_to_pages(worksheet, 1, 0);  // one page wide, as many pages long as it takes
        worksheet_set_margins(worksheet, 0.5, 0.5, 0.6, 0.6);
        const auto last_column = static_cast<lxw_col_t>(sheet.header.empty() ? 0 : sheet.header.size() - 1);
        lxw_row_t row = 0;
        if (!sheet.title.empty()) {
            if (last_column > 0)
                worksheet_merge_range(worksheet, row, 0, row, last_column, sheet.title.c_str(), title);
            else
                worksheet_write_string(worksheet, row, 0, sheet.title.c_str(), title);
            worksheet_set_row(worksheet, row, 28, nullptr);
            ++row;
            if (!sheet.subtitle.empty()) {
                if (last_column > 0)
                    worksheet_merge_range(worksheet, row, 0, row, last_column, sheet.subtitle.c_str(),
                                          subtitle);
                else
                    worksheet_write_string(worksheet, row, 0, sheet.subtitle.c_str(), subtitle);
                ++row;
            }
        }
        const lxw_row_t header_row = row;
        int header_lines = 1;
        for (std::size_t column = 0; column < sheet.header.size(); ++column) {
            const auto index = static_cast<lxw_col_t>(column);
            worksheet_write_string(worksheet, row, index, sheet.header[column].c_str(), header_format);
            worksheet_set_column(worksheet, index, index, column_width(sheet, column), nullptr);
            header_lines =
                std::max(header_lines, lines_needed(sheet.header[column], column_width(sheet, column)));
        }
        worksheet_set_row(worksheet, row, line_height * header_lines + 4, nullptr);
        ++row;
        for (const auto& values : sheet.rows) {
            int lines = 1;
            for (std::size_t column = 0; column < values.size(); ++column) {
                const auto index = static_cast<lxw_col_t>(column);
                double number = 0;
                if (column < sheet.numeric.size() && sheet.numeric[column] &&
                    parse_number(values[column], number)) {
                    worksheet_write_number(worksheet, row, index, number, sheet_number_cell);
                } else {
                    worksheet_write_string(worksheet, row, index, values[column].c_str(), cell);
                    lines = std::max(lines, lines_needed(values[column], column_width(sheet, column)));
                }
            }
            worksheet_set_row(worksheet, row, line_height * lines + 4, nullptr);
            ++row;
        }
        if (!sheet.header.empty()) {
            worksheet_repeat_rows(worksheet, header_row, header_row);
            worksheet_freeze_panes(worksheet, header_row + 1, 0);
            worksheet_autofilter(worksheet, header_row, 0, row > header_row + 1 ? row - 1 : header_row,
                                 last_column);
        }
    }
    const lxw_error result = workbook_close(workbook);
    if (result != LXW_NO_ERROR)
        return Error("staff.cannot_write", file.string(), lxw_strerror(result));
    return rename_into_place(temporary, file);
}

}  // namespace jiebang::tables

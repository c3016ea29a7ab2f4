// cli/staff/tables.cpp — CSV and XLSX writers of the exports (see tables.hpp).
#include "cli/staff/tables.hpp"

#include <xlsxwriter.h>

#include <fstream>

namespace jiebang::cli {

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

Status write_csv(const std::filesystem::path& file, const std::vector<Sheet>& sheets) {
    const std::filesystem::path temporary = file.string() + ".tmp";
    {
        std::ofstream output(temporary, std::ios::binary | std::ios::trunc);
        if (!output)
            return Error("staff.cannot_write", file.string(), "cannot create the output file");
        output << "\xEF\xBB\xBF";
        bool first_sheet = true;
        for (const Sheet& sheet : sheets) {
            if (!first_sheet)
                output << "\r\n";
            first_sheet = false;
            auto write_row = [&output](const std::vector<std::string>& row) {
                for (std::size_t index = 0; index < row.size(); ++index) {
                    output << (index > 0 ? "," : "") << csv_field(row[index]);
                }
                output << "\r\n";
            };
            write_row(sheet.header);
            for (const auto& row : sheet.rows)
                write_row(row);
        }
        if (!output.flush())
            return Error("staff.cannot_write", file.string(), "writing the output failed");
    }
    std::error_code error_code;
    std::filesystem::rename(temporary, file, error_code);
    if (error_code)
        return Error("staff.cannot_write", file.string(), error_code.message());
    return ok_status();
}

Status write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets) {
    const std::string temporary = file.string() + ".tmp.xlsx";
    lxw_workbook* workbook = workbook_new(temporary.c_str());
    if (workbook == nullptr)
        return Error("staff.cannot_write", file.string(), "cannot create the workbook");
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    format_set_border(bold, LXW_BORDER_THIN);
    lxw_format* cell = workbook_add_format(workbook);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* title = workbook_add_format(workbook);
    format_set_bold(title);
    format_set_font_size(title, 16);
    for (const Sheet& sheet : sheets) {
        lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
        lxw_row_t row = 0;
        if (!sheet.title.empty()) {
            worksheet_write_string(worksheet, row++, 0, sheet.title.c_str(), title);
            if (!sheet.subtitle.empty())
                worksheet_write_string(worksheet, row++, 0, sheet.subtitle.c_str(), nullptr);
        }
        for (std::size_t column = 0; column < sheet.header.size(); ++column) {
            worksheet_write_string(worksheet, row, static_cast<lxw_col_t>(column),
                                   sheet.header[column].c_str(), bold);
            worksheet_set_column(worksheet, static_cast<lxw_col_t>(column), static_cast<lxw_col_t>(column),
                                 column == 0 ? 8 : 24, nullptr);
        }
        ++row;
        for (const auto& values : sheet.rows) {
            for (std::size_t column = 0; column < values.size(); ++column) {
                worksheet_write_string(worksheet, row, static_cast<lxw_col_t>(column), values[column].c_str(),
                                       cell);
            }
            ++row;
        }
    }
    const lxw_error result = workbook_close(workbook);
    if (result != LXW_NO_ERROR) {
        return Error("staff.cannot_write", file.string(), lxw_strerror(result));
    }
    std::error_code error_code;
    std::filesystem::rename(temporary, file, error_code);
    if (error_code)
        return Error("staff.cannot_write", file.string(), error_code.message());
    return ok_status();
}

}  // namespace jiebang::cli

// platform/print/table_printout.cpp — a table as A4 paper (see table_printout.hpp).
#include "platform/print/table_printout.hpp"

#include <cairo-pdf.h>
#include <fcntl.h>
#include <pango/pangocairo.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "platform/print/page_layout.hpp"
#include "platform/print/print_documents.hpp"

namespace jiebang::print {

namespace {

using namespace layout;

Error write_error(const std::filesystem::path& output, const std::string& reason) {
    return Error("print.pdf_write", output.string(), output.string() + ": " + reason)
        .with("file", output.string())
        .with("reason", reason);
}

// The pages of a sheet laid out on one Pango context (a PDF's or an image's, with the same metrics).
class TableLayout {
  public:
    TableLayout(const Sheet& sheet, const PrintStyle& style, const StringCatalog& strings,
                PangoContext* pango)
        : style_(style), strings_(strings), pango_(pango) {
        fonts_.family = style.font_family;
        fonts_.body_pt = style.body_pt;
        fonts_.small_pt = style.small_pt;
        fonts_.title_pt = style.title_pt;
        fonts_.line_spacing = style.line_spacing;
        const double long_side = std::max(style.page_width_mm, style.page_height_mm) * points_per_mm;
        const double short_side = std::min(style.page_width_mm, style.page_height_mm) * points_per_mm;
        page_width = sheet.landscape ? long_side : short_side;
        page_height = sheet.landscape ? short_side : long_side;
        left_ = style.margin_left_mm * points_per_mm;
        width_ = page_width - left_ - style.margin_right_mm * points_per_mm;
        padding_ = style.cell_padding_mm * points_per_mm;
        // Columns in proportion to the sheet's widths (characters; default 24, the first 8).
        std::vector<double> weights;
        for (std::size_t column = 0; column < sheet.header.size(); ++column)
            weights.push_back(column < sheet.widths.size() ? sheet.widths[column] : column == 0 ? 8 : 24);
        double total = 0;
        for (double weight : weights)
            total += weight;
        double x = 0;
        for (double weight : weights) {
            column_x_.push_back(x);
            column_width_.push_back(width_ * weight / total);
            x += width_ * weight / total;
        }
        title_ = paragraph(sheet.title, Face::Title, Align::Center, width_);
        subtitle_ = paragraph(sheet.subtitle, Face::Small, Align::Left, width_);
        header_ = row_of(sheet.header, Face::SmallBold);
        for (const auto& row : sheet.rows)
            rows_.push_back(row_of(row, Face::Body));
        paginate();
    }

    double page_width = 0, page_height = 0;
    int page_count() const { return static_cast<int>(pages_.size()); }
    int unknown_glyphs() const { return unknown_glyphs_; }

    // Draws page `page` (0-based) on `cairo`, whose origin is the page's top left, in points.
    void draw(cairo_t* cairo, int page) const {
        cairo_set_source_rgb(cairo, 0, 0, 0);
        const double top = style_.margin_top_mm * points_per_mm;
        title_->draw(cairo, left_, top, 0, title_->line_count());
        subtitle_->draw(cairo, left_, top + title_->height() + 2 * points_per_mm, 0, subtitle_->line_count());
        draw_page(cairo, pages_[static_cast<std::size_t>(page)], padding_, style_.line_width_pt);
        const auto footer = paragraph(
            strings_.format("print.table.page",
                            {{"page", std::to_string(page + 1)}, {"pages", std::to_string(page_count())}}),
            Face::Small, Align::Center, width_);
        footer->draw(cairo, left_, page_height - style_.margin_bottom_mm * points_per_mm - footer->height(),
                     0, footer->line_count());
    }

  private:
    struct LaidRow {
        std::vector<ParagraphPointer> cells;
        double height = 0;
    };

    ParagraphPointer paragraph(const std::string& text, Face face, Align align, double width) const {
        auto laid = std::make_shared<const Paragraph>(pango_, fonts_, TextSpec{text, face, align, 0}, width);
        unknown_glyphs_ += laid->unknown_glyphs();
        return laid;
    }

    LaidRow row_of(const std::vector<std::string>& texts, Face face) const {
        LaidRow row;
        row.height = style_.minimum_row_mm * points_per_mm;
        for (std::size_t column = 0; column < column_x_.size(); ++column) {
            const std::string text = column < texts.size() ? texts[column] : std::string();
            row.cells.push_back(paragraph(text, face, Align::Left, column_width_[column] - 2 * padding_));
            row.height = std::max(row.height, row.cells.back()->height() + 2 * padding_);
        }
        return row;
    }

    void place(Page& page, const LaidRow& row, double y, bool shaded) const {
        for (std::size_t column = 0; column < row.cells.size(); ++column) {
            PlacedCell cell =
                make_placed_cell(left_ + column_x_[column], y, column_width_[column], row.height);
            cell.text = row.cells[column].get();
            cell.first_line = 0;
            cell.end_line = row.cells[column]->line_count();
            cell.shaded = shaded;
            page.cells.push_back(cell);
        }
    }

    // Invariant 1 and 2: the header on every page, whole rows only.
    void paginate() {
        const double table_top = style_.margin_top_mm * points_per_mm + title_->height() + 4 * points_per_mm +
                                 subtitle_->height() + 2 * points_per_mm;
        const double bottom =
            page_height - style_.margin_bottom_mm * points_per_mm - style_.small_pt * 2.2;  // the footer
        auto start_page = [&] {
            pages_.emplace_back();
            place(pages_.back(), header_, table_top, true);
            return table_top + header_.height;
        };
        double y = start_page();
        bool page_has_rows = false;
        for (const LaidRow& row : rows_) {
            if (page_has_rows && y + row.height > bottom) {
                y = start_page();
                page_has_rows = false;
            }
            place(pages_.back(), row, y, false);
            y += row.height;
            page_has_rows = true;
        }
    }

    const PrintStyle& style_;
    const StringCatalog& strings_;
    PangoContext* pango_;
    Fonts fonts_;
    double left_ = 0, width_ = 0, padding_ = 0;
    std::vector<double> column_x_, column_width_;
    ParagraphPointer title_, subtitle_;
    LaidRow header_;
    std::vector<LaidRow> rows_;
    std::vector<Page> pages_;
    mutable int unknown_glyphs_ = 0;
};

PangoContext* pango_for(cairo_t* cairo) {
    PangoContext* pango = pango_cairo_create_context(cairo);
    cairo_font_options_t* font_options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(font_options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(font_options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango, font_options);
    cairo_font_options_destroy(font_options);
    pango_context_set_round_glyph_positions(pango, FALSE);
    return pango;
}

Result<PrintStyle> style_for(const std::filesystem::path& assets_directory) {
    auto style = load_print_style(assets_directory);
    if (!style)
        return style.error();
    return style;
}

}  // namespace

Result<TablePrintout> write_table_pdf(const Sheet& sheet, const std::filesystem::path& output,
                                      const std::filesystem::path& assets_directory,
                                      const StringCatalog& strings) {
    JIEBANG_TRY_ASSIGN(const PrintStyle style, style_for(assets_directory));
    std::error_code error_code;
    const std::filesystem::path directory = output.has_parent_path() ? output.parent_path() : ".";
    if (!std::filesystem::is_directory(directory, error_code))
        return write_error(output, "no such folder");
    const std::filesystem::path temporary =
        directory / ("." + output.filename().string() + ".tmp-" + std::to_string(getpid()));
    // Invariant 3: 0600 from the start (cairo creates the file with the process's umask otherwise).
    {
        const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (descriptor < 0)
            return write_error(output, "cannot create the file");
        ::close(descriptor);
    }
    // A first layout for the page size (it does not depend on the surface).
    cairo_surface_t* surface = cairo_pdf_surface_create(temporary.c_str(), 100, 100);
    cairo_t* cairo = cairo_create(surface);
    PangoContext* pango = pango_for(cairo);
    TablePrintout printout;
    std::optional<Error> failure;
    {
        TableLayout layout(sheet, style, strings, pango);
        cairo_pdf_surface_set_size(surface, layout.page_width, layout.page_height);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, sheet.title.c_str());
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "jiebang");
        if (layout.unknown_glyphs() > 0) {
            failure = Error("print.unprintable_character", "table", "the font cannot draw some characters")
                          .with("label", sheet.title);
        } else {
            for (int page = 0; page < layout.page_count(); ++page) {
                layout.draw(cairo, page);
                cairo_show_page(cairo);
            }
            printout.page_count = layout.page_count();
        }
    }
    g_object_unref(pango);
    cairo_destroy(cairo);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (!failure && status != CAIRO_STATUS_SUCCESS)
        failure = write_error(output, cairo_status_to_string(status));
    if (!failure) {
        std::filesystem::rename(temporary, output, error_code);
        if (error_code)
            failure = write_error(output, error_code.message());
    }
    if (failure) {
        std::filesystem::remove(temporary, error_code);
        return *failure;
    }
    return printout;
}

Result<PageImage> render_table_page(const Sheet& sheet, int page, double pixels_per_point,
                                    const std::filesystem::path& assets_directory,
                                    const StringCatalog& strings) {
    JIEBANG_TRY_ASSIGN(const PrintStyle style, style_for(assets_directory));
    // Laid out on a recording of the page size first, then drawn at the asked scale.
    cairo_surface_t* measure_surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t* measure = cairo_create(measure_surface);
    PangoContext* pango = pango_for(measure);
    PageImage image;
    std::optional<Error> failure;
    {
        TableLayout layout(sheet, style, strings, pango);
        image.page_count = layout.page_count();
        if (page < 0 || page >= layout.page_count()) {
            failure = Error("print.page_unknown", std::to_string(page), "no such page")
                          .with("value", std::to_string(page + 1));
        } else {
            image.width = static_cast<int>(layout.page_width * pixels_per_point + 0.5);
            image.height = static_cast<int>(layout.page_height * pixels_per_point + 0.5);
            cairo_surface_t* surface =
                cairo_image_surface_create(CAIRO_FORMAT_ARGB32, image.width, image.height);
            cairo_t* cairo = cairo_create(surface);
            cairo_set_source_rgb(cairo, 1, 1, 1);
            cairo_paint(cairo);
            cairo_scale(cairo, pixels_per_point, pixels_per_point);
            layout.draw(cairo, page);
            cairo_surface_flush(surface);
            // cairo's ARGB32 is premultiplied native-endian; the paper is opaque, so alpha is 255 throughout.
            const unsigned char* data = cairo_image_surface_get_data(surface);
            const int stride = cairo_image_surface_get_stride(surface);
            image.rgba.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) *
                              4);
            for (int y = 0; y < image.height; ++y) {
                const auto* source =
                    reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
                std::uint8_t* target = image.rgba.data() + static_cast<std::size_t>(y) * image.width * 4;
                for (int x = 0; x < image.width; ++x) {
                    const std::uint32_t pixel = source[x];
                    target[x * 4 + 0] = static_cast<std::uint8_t>((pixel >> 16) & 0xFF);
                    target[x * 4 + 1] = static_cast<std::uint8_t>((pixel >> 8) & 0xFF);
                    target[x * 4 + 2] = static_cast<std::uint8_t>(pixel & 0xFF);
                    target[x * 4 + 3] = 255;
                }
            }
            cairo_destroy(cairo);
            cairo_surface_destroy(surface);
        }
    }
    g_object_unref(pango);
    cairo_destroy(measure);
    cairo_surface_destroy(measure_surface);
    if (failure)
        return *failure;
    return image;
}

}  // namespace jiebang::print

// platform/print/form_printout.cpp — building the printout's pages from the submission, the form, the profile's
// paper policy and the print templates, and writing the PDF (see the header's invariants 1-4).
//
// Index:
//   [SECTION] checks before printing
//   [SECTION] page furniture
//   [SECTION] table documents
//   [SECTION] letters
//   [SECTION] next steps
//   [SECTION] writing the PDF
#include "platform/print/form_printout.hpp"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <set>
#include <variant>

#include "platform/print/page_layout.hpp"
#include "platform/print/print_documents.hpp"
#include "shared/forms/validation.hpp"
#include "shared/paper/field_display.hpp"
#include "shared/paper/next_steps.hpp"
#include "shared/receipt/receipt.hpp"

namespace jiebang::print {

namespace {

using namespace layout;

// [SECTION] checks before printing

bool has_value(const FieldValue& value) {
    if (const auto* text = std::get_if<std::string>(&value))
        return !text->empty();
    if (const auto* flag = std::get_if<bool>(&value))
        return *flag;
    if (const auto* list = std::get_if<std::vector<std::string>>(&value))
        return !list->empty();
    return false;
}

// Invariant 1: every value has a place on the paper.
Status check_every_value_prints(const Submission& submission, const FormDefinition& form,
                                const ValidationContext& validation, Locale locale) {
    for (const auto& [field_id, value] : submission.values) {
        const FieldDefinition* field = form.field(field_id);
        if (field == nullptr)
            return Error("field.unknown", field_id, "the " + form.id + " form has no field " + field_id);
        if (has_value(value) && !field_visible(validation, *field, submission.values)) {
            return Error("print.hidden_value", field_id, "a value for a field the form does not show")
                .with("label", field_label(*field, locale))
                .with("label_en", field->label.english);
        }
    }
    return ok_status();
}

// Invariant 2: the QR names this receipt and this submission.
Result<std::string> checked_qr_payload(const PrintRequest& request, const std::string& canonical_number) {
    if (request.qr_payload.empty())
        return canonical_number;
    const auto mismatch = [&] {
        return Error("print.receipt_mismatch", "qr_payload",
                     "the QR payload is for another receipt or submission")
            .with("value", canonical_number);
    };
    if (request.qr_payload.starts_with("JB1|")) {
        auto receipt = parse_qr_payload(request.qr_payload);
        if (!receipt)
            return receipt.error();
        if (receipt->number.text() != canonical_number ||
            receipt->content_hash != content_hash(*request.submission))
            return mismatch();
        return request.qr_payload;
    }
    auto number = ReceiptNumber::parse(request.qr_payload);
    if (!number || number->text() != canonical_number)
        return mismatch();
    return canonical_number;
}

bool font_family_installed(const std::string& family) {
    PangoFontMap* font_map = pango_cairo_font_map_get_default();
    PangoFontFamily** families = nullptr;
    int count = 0;
    pango_font_map_list_families(font_map, &families, &count);
    bool found = false;
    for (int index = 0; index < count && !found; ++index)
        found = g_ascii_strcasecmp(pango_font_family_get_name(families[index]), family.c_str()) == 0;
    g_free(families);
    return found;
}

// [SECTION] page furniture

struct Geometry {
    double page_width = 0, page_height = 0;
    double left = 0, right = 0, table_width = 0;
    double header_top = 0, qr_size = 0, content_top = 0, content_bottom = 0, footer_baseline_top = 0;
    double padding = 0;
};

Geometry page_geometry(const PrintStyle& style, double footer_height) {
    Geometry geometry;
    geometry.page_width = style.page_width_mm * points_per_mm;
    geometry.page_height = style.page_height_mm * points_per_mm;
    geometry.left = style.margin_left_mm * points_per_mm;
    geometry.right = geometry.page_width - style.margin_right_mm * points_per_mm;
    geometry.table_width = geometry.right - geometry.left;
    geometry.header_top = style.margin_top_mm * points_per_mm;
    geometry.qr_size = style.qr_mm * points_per_mm;
    geometry.content_top = geometry.header_top + geometry.qr_size + 3 * points_per_mm;
    geometry.footer_baseline_top =
        geometry.page_height - style.margin_bottom_mm * points_per_mm - footer_height;
    geometry.content_bottom = geometry.footer_baseline_top - 2 * points_per_mm;
    geometry.padding = style.cell_padding_mm * points_per_mm;
    return geometry;
}

void draw_qr(cairo_t* cairo, const QrMatrix& qr, double x, double y, double size) {
    const int quiet = 4;
    const double module = size / (qr.size + 2 * quiet);
    cairo_set_source_rgb(cairo, 1, 1, 1);
    cairo_rectangle(cairo, x, y, size, size);
    cairo_fill(cairo);
    cairo_set_source_rgb(cairo, 0, 0, 0);
    for (int row = 0; row < qr.size; ++row) {
        int column = 0;
        while (column < qr.size) {
            if (!qr.dark(column, row)) {
                ++column;
                continue;
            }
            const int start = column;
            while (column < qr.size && qr.dark(column, row))
                ++column;
            // Runs of dark modules as one rectangle; a hair of overlap so no seam shows between rows.
            cairo_rectangle(cairo, x + (quiet + start) * module, y + (quiet + row) * module,
                            (column - start) * module, module + 0.01);
        }
    }
    cairo_fill(cairo);
}

// [SECTION] table documents

// Builds the bands of one document; the first failure (a character the font cannot draw) is kept in `failure`.
class DocumentBuilder {
  public:
    DocumentBuilder(const PrintRequest& request, const PrintStyle& style, const Geometry& geometry,
                    const FormDefinition& form, PangoContext* pango)
        : request_(request),
          style_(style),
          geometry_(geometry),
          form_(form),
          pango_(pango),
          strings_(*request.strings),
          locale_(request.locale) {
        fonts_.family = style.font_family;
        fonts_.body_pt = style.body_pt;
        fonts_.small_pt = style.small_pt;
        fonts_.title_pt = style.title_pt;
        fonts_.line_spacing = style.line_spacing;
        letter_fonts_ = fonts_;
        letter_fonts_.line_spacing = std::max(style.line_spacing, 1.6);
        validation_.form = &form;
        validation_.profile = request.profile;
        validation_.board = request.board;
        width_ = geometry.table_width;
        label_width_ = style.label_fraction * width_;
        group_width_ = style.group_fraction * width_;
        // Two fields side by side right of a group's label: narrower labels, so the values keep their room.
        inner_label_width_ = 0.7 * label_width_;
    }

    std::optional<Error> failure;

    ParagraphPointer paragraph(const std::string& text, Face face, Align align, double cell_width,
                               const Fonts* fonts = nullptr, double indent_em = 0) {
        TextSpec spec{text, face, align, indent_em};
        return std::make_shared<const Paragraph>(pango_, fonts != nullptr ? *fonts : fonts_, spec,
                                                 std::max(cell_width - 2 * geometry_.padding, 1.0));
    }

    std::string text(const std::string& key) const { return strings_.text(key, locale_); }

    Band title_band(const std::string& title) {
        Band band;
        Row row;
        Cell cell = make_cell(0, width_, paragraph(title, Face::Title, Align::Center, width_));
        cell.border = false;
        row.cells.push_back(cell);
        band.rows.push_back(row);
        return band;
    }

    Cell label_cell(const std::string& label, double x, double width, Align align = Align::Center) {
        Cell cell = make_cell(x, width, paragraph(label, Face::Body, align, width));
        cell.continued = paragraph(strings_.format("print.label.continued", {{"label", label}}, locale_),
                                   Face::Body, align, width);
        cell.shaded = true;
        return cell;
    }

    // The value cell of a field (not a list): the printed value, or "(not filled in)".
    Cell value_cell(const FieldDefinition& field, double x, double width) {
        const DisplayedValue shown =
            displayed_value(validation_, field, request_.submission->values, strings_, locale_);
        std::string value;
        for (const std::string& item : shown.items) {
            if (!value.empty())
                value += strings_.text("print.value.separator", locale_);
            value += item;
        }
        const bool statement =
            (field.kind == FieldKind::Declaration && field.required) || field.kind == FieldKind::Consent;
        const std::string& help = local_text(field.help, locale_);
        if (statement && !help.empty())
            value =
                strings_.format("print.value.declaration", {{"mark", value}, {"statement", help}}, locale_);
        if (value.empty())
            value = text("print.value.empty");
        Cell cell = make_cell(x, width, checked(field, paragraph(value, Face::Body, Align::Left, width)));
        cell.center_vertically = field.kind != FieldKind::Multiline;
        return cell;
    }

    // Keeps the first value the font cannot draw as the failure (invariant 1).
    ParagraphPointer checked(const FieldDefinition& field, ParagraphPointer text) {
        if (!failure && text->unknown_glyphs() > 0) {
            failure = Error("print.unprintable_character", field.id, "the print font cannot draw a character")
                          .with("label", field_label(field, locale_))
                          .with("label_en", field.label.english);
        }
        return text;
    }

    bool shown(const FieldDefinition& field) const {
        return field_visible(validation_, field, request_.submission->values);
    }

    static bool is_list(const FieldDefinition& field) {
        return field.kind == FieldKind::TextList || field.kind == FieldKind::MultiChoice;
    }

    // One row of one or two fields starting at x0 (right of a group's label cell).
    Row field_row(const std::vector<const FieldDefinition*>& fields, double x0, double label_width) {
        Row row;
        row.minimum_height = style_.minimum_row_mm * points_per_mm;
        const double available = width_ - x0;
        if (fields.size() == 1) {
            row.cells.push_back(label_cell(field_label(*fields[0], locale_), x0, label_width));
            row.cells.push_back(value_cell(*fields[0], x0 + label_width, available - label_width));
            return row;
        }
        const double value_width = (available - 2 * label_width) / 2;
        double x = x0;
        for (const FieldDefinition* field : fields) {
            row.cells.push_back(label_cell(field_label(*field, locale_), x, label_width));
            row.cells.push_back(value_cell(*field, x + label_width, value_width));
            x += label_width + value_width;
        }
        return row;
    }

    double natural_height(const Row& row) const {
        double tallest = 0;
        for (const Cell& cell : row.cells) {
            if (cell.text)
                tallest = std::max(tallest, cell.text->height());
        }
        return std::max(tallest + 2 * geometry_.padding, row.minimum_height);
    }

    // A list field: its label spanning a numbered sub-table.
    Band list_band(const FieldDefinition& field, const std::string& item_header_key) {
        Band band;
        band.span = label_cell(field_label(field, locale_), 0, label_width_);
        const double number_width = 14 * points_per_mm;
        const double item_x = label_width_ + number_width;
        const double item_width = width_ - item_x;
        const DisplayedValue shown_value =
            displayed_value(validation_, field, request_.submission->values, strings_, locale_);
        const double minimum = style_.minimum_row_mm * points_per_mm;
        if (shown_value.items.empty()) {
            Row row;
            row.minimum_height = minimum;
            row.cells.push_back(make_cell(
                label_width_, width_ - label_width_,
                paragraph(text("print.list.none"), Face::Body, Align::Left, width_ - label_width_)));
            band.rows.push_back(row);
        } else {
            Row header;
            header.minimum_height = minimum;
            Cell number = label_cell(text("print.list.number"), label_width_, number_width);
            number.continued = number.text;
            Cell item = label_cell(text(item_header_key.empty() ? "print.list.item" : item_header_key),
                                   item_x, item_width);
            item.continued = item.text;
            header.cells = {number, item};
            band.rows.push_back(header);
            for (std::size_t index = 0; index < shown_value.items.size(); ++index) {
                Row row;
                row.minimum_height = minimum;
                row.cells.push_back(
                    make_cell(label_width_, number_width,
                              paragraph(std::to_string(index + 1), Face::Body, Align::Center, number_width)));
                row.cells.push_back(make_cell(item_x, item_width,
                                              checked(field, paragraph(shown_value.items[index], Face::Body,
                                                                       Align::Left, item_width))));
                band.rows.push_back(row);
            }
        }
        fit_span(band);
        band.keep_together = true;
        return band;
    }

    // The span cell must not be taller than its rows: the last row grows to fit it.
    void fit_span(Band& band) const {
        if (!band.span || !band.span->text || band.rows.empty())
            return;
        double rows_height = 0;
        for (const Row& row : band.rows)
            rows_height += natural_height(row);
        const double needed = band.span->text->height() + 2 * geometry_.padding;
        if (needed > rows_height)
            band.rows.back().minimum_height = natural_height(band.rows.back()) + (needed - rows_height);
    }

    std::vector<Band> table_bands(const PrintDocument& document) {
        std::vector<Band> bands;
        bands.push_back(title_band(text(document.title_key)));
        std::set<std::string> placed;
        for (const TableBand& layout_band : document.bands) {
            if (layout_band.group_key.empty()) {
                const TableRow& row = layout_band.rows.front();
                for (const std::string& id : row.field_ids)
                    placed.insert(id);
                std::vector<const FieldDefinition*> fields = visible_fields(row);
                if (fields.empty())
                    continue;
                if (fields.size() == 1 && is_list(*fields[0])) {
                    const auto header = document.list_item_headers.find(fields[0]->id);
                    bands.push_back(list_band(*fields[0], header == document.list_item_headers.end()
                                                              ? std::string()
                                                              : header->second));
                    continue;
                }
                Band band;
                band.rows.push_back(field_row(fields, 0, label_width_));
                bands.push_back(std::move(band));
                continue;
            }
            Band band;
            for (const TableRow& row : layout_band.rows) {
                for (const std::string& id : row.field_ids)
                    placed.insert(id);
                std::vector<const FieldDefinition*> fields = visible_fields(row);
                if (!fields.empty()) {
                    band.rows.push_back(field_row(fields, group_width_,
                                                  fields.size() == 1 ? label_width_ : inner_label_width_));
                }
            }
            if (band.rows.empty())
                continue;
            band.span = label_cell(text(layout_band.group_key), 0, group_width_);
            band.keep_together = true;
            fit_span(band);
            bands.push_back(std::move(band));
        }
        // Invariant 2 of print_documents.hpp: a field the template does not name is still printed.
        for (const StepDefinition& step : form_.steps) {
            for (const std::string& id : step.field_ids) {
                const FieldDefinition* field = form_.field(id);
                if (field == nullptr || placed.contains(id) || !shown(*field))
                    continue;
                if (is_list(*field)) {
                    bands.push_back(list_band(*field, std::string()));
                } else {
                    Band band;
                    band.rows.push_back(field_row({field}, 0, label_width_));
                    bands.push_back(std::move(band));
                }
            }
        }
        bands.push_back(signature_band(document));
        return bands;
    }

    std::vector<const FieldDefinition*> visible_fields(const TableRow& row) const {
        std::vector<const FieldDefinition*> fields;
        for (const std::string& id : row.field_ids) {
            const FieldDefinition* field = form_.field(id);
            if (field != nullptr && shown(*field))
                fields.push_back(field);
        }
        return fields;
    }

    Band signature_band(const PrintDocument& document) {
        Band band;
        Row row;
        row.minimum_height = style_.signature_height_mm * points_per_mm;
        const double half = width_ / 2;
        for (const std::string& key : {document.signature_unit_key, document.signature_person_key}) {
            const double x = row.cells.empty() ? 0 : half;
            Cell cell = make_cell(x, half, paragraph(text(key), Face::Body, Align::Left, half));
            cell.bottom_text = paragraph(text("print.signature.date"), Face::Body, Align::Right, half);
            cell.center_vertically = false;
            row.cells.push_back(cell);
        }
        band.rows.push_back(row);
        band.keep_together = true;
        return band;
    }

    // [SECTION] letters

    std::vector<Band> letter_bands(const PrintDocument& document) {
        std::vector<std::pair<std::string, std::string>> arguments;
        for (const FieldDefinition& field : form_.fields) {
            std::string value;
            if (shown(field))
                value = displayed_text(validation_, field, request_.submission->values, strings_, locale_);
            arguments.emplace_back(field.id, value.empty() ? text("print.value.blank") : value);
        }
        arguments.emplace_back("city_bureau", local_text(request_.policy->city_bureau.name, locale_));
        arguments.emplace_back("city", local_text(request_.profile->city_name, locale_));

        std::vector<Band> bands;
        Band title = title_band(text(document.title_key));
        title.rows.front().minimum_height =
            title.rows.front().cells.front().text->height() + 8 * points_per_mm;
        bands.push_back(std::move(title));
        const auto text_band = [&](const std::string& content, Align align, double indent_em, double x,
                                   double width, double space_before) {
            Band band;
            Row row;
            Cell cell =
                make_cell(x, width, paragraph(content, Face::Body, align, width, &letter_fonts_, indent_em));
            cell.border = false;
            cell.center_vertically = false;
            row.cells.push_back(cell);
            band.rows.push_back(row);
            band.space_before = space_before;
            return band;
        };
        bands.push_back(text_band(strings_.format(document.salutation_key, arguments, locale_), Align::Left,
                                  0, 0, width_, 4 * points_per_mm));
        for (const std::string& key : document.paragraph_keys) {
            Band band = text_band(strings_.format(key, arguments, locale_), Align::Justify, 2, 0, width_, 0);
            // A paragraph carries applicant text: the font must draw every character of it.
            if (!failure && band.rows.front().cells.front().text->unknown_glyphs() > 0) {
                failure = Error("print.unprintable_character", key, "the print font cannot draw a character")
                              .with("label", text(document.title_key))
                              .with("label_en", strings_.text(document.title_key, Locale::English));
            }
            bands.push_back(std::move(band));
        }
        Band signature;
        signature.keep_together = true;
        signature.space_before = 12 * points_per_mm;
        for (const std::string& key : document.signature_keys) {
            Row row;
            row.minimum_height = 14 * points_per_mm;
            Cell cell = make_cell(
                width_ * 0.45, width_ * 0.55,
                paragraph(strings_.format(key, arguments, locale_), Face::Body, Align::Left, width_ * 0.55));
            cell.border = false;
            row.cells.push_back(cell);
            signature.rows.push_back(row);
        }
        bands.push_back(std::move(signature));
        return bands;
    }

    // [SECTION] next steps

    Band next_steps_band(const NextSteps& next_steps) {
        Band band;
        band.keep_together = true;
        band.space_before = 5 * points_per_mm;
        Row heading;
        Cell heading_cell =
            make_cell(0, width_, paragraph(next_steps.heading, Face::Bold, Align::Left, width_));
        heading_cell.shaded = true;
        heading_cell.center_vertically = true;
        heading.cells.push_back(heading_cell);
        heading.minimum_height = 8 * points_per_mm;
        band.rows.push_back(heading);
        std::string body = text("print.next_steps.note") + "\n";
        for (const std::string& step : next_steps.steps)
            body += step + "\n";
        body += next_steps.then_heading;
        for (const std::string& paragraph_text : next_steps.then)
            body += "\n" + paragraph_text;
        body += "\n" + next_steps.progress;
        Row content;
        Cell content_cell = make_cell(0, width_, paragraph(body, Face::Body, Align::Left, width_));
        content_cell.center_vertically = false;
        content.cells.push_back(content_cell);
        band.rows.push_back(content);
        return band;
    }

  private:
    const PrintRequest& request_;
    const PrintStyle& style_;
    const Geometry& geometry_;
    const FormDefinition& form_;
    PangoContext* pango_;
    const StringCatalog& strings_;
    Locale locale_;
    Fonts fonts_, letter_fonts_;
    ValidationContext validation_;
    double width_ = 0, label_width_ = 0, group_width_ = 0, inner_label_width_ = 0;
};

// [SECTION] writing the PDF

struct CairoPdf {
    cairo_surface_t* surface = nullptr;
    cairo_t* cairo = nullptr;
    PangoContext* pango = nullptr;
    ~CairoPdf() {
        if (pango != nullptr)
            g_object_unref(pango);
        if (cairo != nullptr)
            cairo_destroy(cairo);
        if (surface != nullptr)
            cairo_surface_destroy(surface);
    }
};

std::string two_digits(int number) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d", number);
    return text;
}

std::string filed_time(const PrintRequest& request) {
    const std::time_t time = static_cast<std::time_t>(request.submission->created_at);
    std::tm local{};
    localtime_r(&time, &local);
    return request.strings->format("print.header.date_time",
                                   {{"year", std::to_string(local.tm_year + 1900)},
                                    {"month", std::to_string(local.tm_mon + 1)},
                                    {"day", std::to_string(local.tm_mday)},
                                    {"hour", two_digits(local.tm_hour)},
                                    {"minute", two_digits(local.tm_min)}},
                                   request.locale);
}

Error write_error(const std::filesystem::path& output, const std::string& reason) {
    return Error("print.pdf_write", output.string(), output.string() + ": " + reason)
        .with("file", output.string())
        .with("reason", reason);
}

}  // namespace

Result<PrintedPdf> render_submission_pdf(const PrintRequest& request, const std::filesystem::path& output) {
    if (request.submission == nullptr || request.forms == nullptr || request.profile == nullptr ||
        request.policy == nullptr || request.strings == nullptr) {
        return Error("next_steps.missing_input", "",
                     "submission, forms, profile, policy and strings are required");
    }
    const Submission& submission = *request.submission;
    const StringCatalog& strings = *request.strings;
    if (submission.profile_id != request.profile->id) {
        return Error("print.profile_mismatch", submission.profile_id, "the submission is for another profile")
            .with("value", submission.profile_id);
    }
    const FormDefinition& form =
        submission.kind == SubmissionKind::Demand ? request.forms->demand() : request.forms->bid();
    ValidationContext validation{&form, request.profile, request.board};
    if (Status every_value = check_every_value_prints(submission, form, validation, request.locale);
        !every_value)
        return every_value.error();
    auto number = ReceiptNumber::parse(request.receipt_number);
    if (!number)
        return number.error();
    const std::string receipt_number = number->text();
    auto payload = checked_qr_payload(request, receipt_number);
    if (!payload)
        return payload.error();
    auto qr = encode_qr(*payload);
    if (!qr)
        return qr.error();

    auto style = load_print_style(request.assets_directory);
    if (!style)
        return style.error();
    if (!font_family_installed(style->font_family)) {
        return Error("print.font_missing", style->font_family, "no font family " + style->font_family)
            .with("value", style->font_family);
    }
    std::vector<PrintDocument> documents;
    for (const std::string& document_id : request.policy->paper(submission.kind).documents) {
        auto document = load_print_document(request.assets_directory, document_id, *request.forms, strings);
        if (!document)
            return document.error();
        if (document->form_id != form.id) {
            return Error("print.kind_mismatch", document_id,
                         "the template is for the " + document->form_id + " form")
                .with("file", document->source_file.filename().string());
        }
        documents.push_back(std::move(*document));
    }
    auto next_steps =
        describe_next_steps(next_steps_input(submission, form, *request.profile, *request.policy,
                                             request.terminal_county_code, receipt_number, request.board),
                            strings, request.locale);
    if (!next_steps)
        return next_steps.error();

    // Invariant 3: write beside the output, rename into place.
    std::error_code error_code;
    const std::filesystem::path directory = output.has_parent_path() ? output.parent_path() : ".";
    if (!std::filesystem::is_directory(directory, error_code))
        return write_error(output, "no such folder");
    const std::filesystem::path temporary =
        directory / ("." + output.filename().string() + ".tmp-" + std::to_string(getpid()));
    const auto fail = [&](Error error) -> Result<PrintedPdf> {
        std::filesystem::remove(temporary, error_code);
        return error;
    };

    CairoPdf pdf;
    const double footer_height = style->small_pt * 1.6;
    const Geometry geometry = page_geometry(*style, footer_height);
    pdf.surface = cairo_pdf_surface_create(temporary.c_str(), geometry.page_width, geometry.page_height);
    if (cairo_surface_status(pdf.surface) != CAIRO_STATUS_SUCCESS)
        return fail(write_error(output, cairo_status_to_string(cairo_surface_status(pdf.surface))));
    cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_TITLE, receipt_number.c_str());
    cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_CREATOR, "jiebang");
    pdf.cairo = cairo_create(pdf.surface);
    pdf.pango = pango_cairo_create_context(pdf.cairo);
    cairo_font_options_t* font_options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(font_options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(font_options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pdf.pango, font_options);
    cairo_font_options_destroy(font_options);
    pango_context_set_round_glyph_positions(pdf.pango, FALSE);

    // Lay out and draw each document in turn; the bands own the paragraphs the pages point to, so a document's
    // pages are drawn while its bands exist.
    const std::string filed =
        strings.format("print.header.filed",
                       {{"date", filed_time(request)}, {"terminal", submission.terminal_id}}, request.locale);
    const std::string receipt_line =
        strings.format("print.header.receipt", {{"number", receipt_number}}, request.locale);
    PrintedPdf printed;
    printed.receipt_number = receipt_number;
    for (std::size_t index = 0; index < documents.size(); ++index) {
        const PrintDocument& document = documents[index];
        DocumentBuilder builder(request, *style, geometry, form, pdf.pango);
        std::vector<Band> bands = document.type == DocumentType::Table ? builder.table_bands(document)
                                                                       : builder.letter_bands(document);
        if (index == 0)
            bands.push_back(builder.next_steps_band(*next_steps));
        if (builder.failure)
            return fail(*builder.failure);
        const double line_height = style->body_pt * style->line_spacing * 1.2;
        Paginator paginator(geometry.left, geometry.content_top, geometry.content_bottom, geometry.padding,
                            line_height);
        for (const Band& band : bands)
            paginator.add(band);
        const std::vector<Page> pages = paginator.take_pages();
        const std::string title = strings.text(document.title_key, request.locale);
        const double header_width =
            geometry.table_width - geometry.qr_size - 4 * points_per_mm + 2 * geometry.padding;
        const auto receipt_text = builder.paragraph(receipt_line, Face::Bold, Align::Left, header_width);
        const auto filed_text = builder.paragraph(filed, Face::Small, Align::Left, header_width);
        const int page_total = static_cast<int>(pages.size());
        for (int page = 0; page < page_total; ++page) {
            cairo_t* cairo = pdf.cairo;
            cairo_set_source_rgb(cairo, 0, 0, 0);
            if (page == 0 && !document.attachment_key.empty()) {
                const auto attachment =
                    builder.paragraph(strings.text(document.attachment_key, request.locale), Face::Bold,
                                      Align::Left, header_width);
                attachment->draw(cairo, geometry.left, geometry.header_top, 0, attachment->line_count());
            }
            const double header_bottom = geometry.header_top + geometry.qr_size;
            filed_text->draw(cairo, geometry.left, header_bottom - filed_text->height(), 0,
                             filed_text->line_count());
            receipt_text->draw(cairo, geometry.left,
                               header_bottom - filed_text->height() - receipt_text->height(), 0,
                               receipt_text->line_count());
            draw_qr(cairo, *qr, geometry.right - geometry.qr_size, geometry.header_top, geometry.qr_size);
            cairo_set_source_rgb(cairo, 0, 0, 0);
            draw_page(cairo, pages[static_cast<std::size_t>(page)], geometry.padding, style->line_width_pt);
            const auto footer =
                builder.paragraph(strings.format("print.footer.page",
                                                 {{"document", title},
                                                  {"page", std::to_string(page + 1)},
                                                  {"pages", std::to_string(page_total)}},
                                                 request.locale),
                                  Face::Small, Align::Center, geometry.table_width + 2 * geometry.padding);
            footer->draw(cairo, geometry.left, geometry.footer_baseline_top, 0, footer->line_count());
            cairo_show_page(cairo);
        }
        printed.documents.push_back(document.id);
        printed.pages_per_document.push_back(page_total);
        printed.page_count += page_total;
    }
    cairo_destroy(pdf.cairo);
    pdf.cairo = nullptr;
    cairo_surface_finish(pdf.surface);
    const cairo_status_t status = cairo_surface_status(pdf.surface);
    if (status != CAIRO_STATUS_SUCCESS)
        return fail(write_error(output, cairo_status_to_string(status)));
    std::filesystem::rename(temporary, output, error_code);
    if (error_code)
        return fail(write_error(output, error_code.message()));
    return printed;
}

}  // namespace jiebang::print

// platform/print/page_layout.cpp — paragraphs, rows, bands and pages (see the header's invariants 1-3).
//
// Index:
//   [SECTION] paragraphs
//   [SECTION] pagination
//   [SECTION] drawing
#include "platform/print/page_layout.hpp"

#include <algorithm>

namespace jiebang::print::layout {

// [SECTION] paragraphs

namespace {

double font_size(const Fonts& fonts, Face face) {
    switch (face) {
        case Face::Small:
        case Face::SmallBold:
            return fonts.small_pt;
        case Face::Title:
            return fonts.title_pt;
        default:
            return fonts.body_pt;
    }
}

bool bold(Face face) {
    return face == Face::Bold || face == Face::SmallBold || face == Face::Title;
}

}  // namespace

Paragraph::Paragraph(PangoContext* context, const Fonts& fonts, const TextSpec& spec, double width) {
    layout_ = pango_layout_new(context);
    PangoFontDescription* description = pango_font_description_new();
    pango_font_description_set_family(description, fonts.family.c_str());
    pango_font_description_set_weight(description, bold(spec.face) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    const double size = font_size(fonts, spec.face);
    pango_font_description_set_absolute_size(description, size * PANGO_SCALE);
    pango_layout_set_font_description(layout_, description);
    pango_font_description_free(description);
    pango_layout_set_width(layout_, static_cast<int>(std::max(width, 1.0) * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_line_spacing(layout_, static_cast<float>(fonts.line_spacing));
    switch (spec.align) {
        case Align::Left:
            pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
            break;
        case Align::Center:
            pango_layout_set_alignment(layout_, PANGO_ALIGN_CENTER);
            break;
        case Align::Right:
            pango_layout_set_alignment(layout_, PANGO_ALIGN_RIGHT);
            break;
        case Align::Justify:
            pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
            pango_layout_set_justify(layout_, TRUE);
            break;
    }
    if (spec.first_line_indent_em > 0)
        pango_layout_set_indent(layout_, static_cast<int>(spec.first_line_indent_em * size * PANGO_SCALE));
    // Plain text, never markup: applicant text such as "<b>" stays as typed. No hyphen is ever inserted where a
    // word wraps: a wrapped e-mail address or code must read exactly as filed.
    pango_layout_set_text(layout_, spec.text.c_str(), static_cast<int>(spec.text.size()));
    PangoAttrList* attributes = pango_attr_list_new();
    pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(layout_, attributes);
    pango_attr_list_unref(attributes);

    PangoLayoutIter* iterator = pango_layout_get_iter(layout_);
    do {
        PangoRectangle logical{};
        pango_layout_iter_get_line_extents(iterator, nullptr, &logical);
        int top = 0, bottom = 0;
        pango_layout_iter_get_line_yrange(iterator, &top, &bottom);
        Line line;
        line.x = static_cast<double>(logical.x) / PANGO_SCALE;
        line.top = static_cast<double>(top) / PANGO_SCALE;
        line.bottom = static_cast<double>(bottom) / PANGO_SCALE;
        line.baseline = static_cast<double>(pango_layout_iter_get_baseline(iterator)) / PANGO_SCALE;
        lines_.push_back(line);
    } while (pango_layout_iter_next_line(iterator));
    pango_layout_iter_free(iterator);
}

Paragraph::~Paragraph() {
    if (layout_ != nullptr)
        g_object_unref(layout_);
}

double Paragraph::height(int first, int end) const {
    if (end <= first || first < 0 || end > line_count())
        return 0;
    return lines_[static_cast<std::size_t>(end - 1)].bottom - lines_[static_cast<std::size_t>(first)].top;
}

int Paragraph::unknown_glyphs() const {
    return pango_layout_get_unknown_glyphs_count(layout_);
}

void Paragraph::draw(cairo_t* cairo, double x, double y, int first, int end) const {
    if (end <= first)
        return;
    const double origin = lines_[static_cast<std::size_t>(first)].top;
    for (int index = first; index < end; ++index) {
        const Line& line = lines_[static_cast<std::size_t>(index)];
        PangoLayoutLine* layout_line = pango_layout_get_line_readonly(layout_, index);
        cairo_move_to(cairo, x + line.x, y + line.baseline - origin);
        pango_cairo_show_layout_line(cairo, layout_line);
    }
}

// [SECTION] pagination

Paginator::Paginator(double left, double top, double bottom, double padding, double line_height)
    : left_(left), top_(top), bottom_(bottom), padding_(padding), line_height_(line_height), y_(top) {
    pages_.emplace_back();
}

void Paginator::new_page() {
    pages_.emplace_back();
    y_ = top_;
}

std::vector<Page> Paginator::take_pages() {
    while (pages_.size() > 1 && pages_.back().cells.empty())
        pages_.pop_back();
    return std::move(pages_);
}

double Paginator::cell_remaining_height(const Cell& cell, const CellState& state, bool continuation) const {
    if (state.finished) {
        if (continuation && cell.continued)
            return cell.continued->height();
        return 0;
    }
    return state.paragraph == nullptr
               ? 0
               : state.paragraph->height(state.next_line, state.paragraph->line_count());
}

double Paginator::natural_height(const Band& band) const {
    double total = band.space_before;
    for (const Row& row : band.rows) {
        double tallest = 0;
        for (const Cell& cell : row.cells) {
            if (cell.text)
                tallest = std::max(tallest, cell.text->height());
            if (cell.bottom_text)
                tallest =
                    std::max(tallest, cell.bottom_text->height() + (cell.text ? cell.text->height() : 0));
        }
        total += std::max(tallest + 2 * padding_, row.minimum_height);
    }
    return total;
}

void Paginator::place_row(const Row& row, std::vector<std::pair<int, std::pair<double, double>>>& segments) {
    std::vector<CellState> states(row.cells.size());
    for (std::size_t index = 0; index < row.cells.size(); ++index) {
        states[index].paragraph = row.cells[index].text.get();
        states[index].finished = states[index].paragraph == nullptr;
    }
    bool continuation = false;
    for (;;) {
        double content = 0;
        for (std::size_t index = 0; index < row.cells.size(); ++index) {
            double needed = cell_remaining_height(row.cells[index], states[index], continuation);
            if (!continuation && row.cells[index].bottom_text)
                needed += row.cells[index].bottom_text->height() + line_height_;
            content = std::max(content, needed);
        }
        const double height = std::max(content + 2 * padding_, continuation ? 0.0 : row.minimum_height);
        const double available = bottom_ - y_;
        const bool at_top = y_ <= top_ + 0.01;
        if (height <= available) {
            // Fits: place every cell's remaining lines.
            for (std::size_t index = 0; index < row.cells.size(); ++index) {
                const Cell& cell = row.cells[index];
                CellState& state = states[index];
                PlacedCell placed = make_placed_cell(left_ + cell.x, y_, cell.width, height);
                placed.border = cell.border;
                placed.shaded = cell.shaded;
                placed.center_vertically = cell.center_vertically;
                if (!state.finished) {
                    placed.text = state.paragraph;
                    placed.first_line = state.next_line;
                    placed.end_line = state.paragraph->line_count();
                    state.finished = true;
                } else if (continuation && cell.continued) {
                    placed.text = cell.continued.get();
                    placed.end_line = cell.continued->line_count();
                }
                if (!continuation)
                    placed.bottom_text = cell.bottom_text.get();
                pages_.back().cells.push_back(placed);
            }
            segments.push_back({static_cast<int>(pages_.size()) - 1, {y_, y_ + height}});
            y_ += height;
            return;
        }
        // Does not fit. A long row (more than a third of a page) is split between lines when at least two lines fit
        // here; a short one moves whole to the next page, so a label or a short answer is never torn apart.
        const double room = available - 2 * padding_;
        const bool long_row = height > (bottom_ - top_) / 3;
        if (!at_top && (room < 2 * line_height_ || !long_row)) {
            new_page();
            continue;
        }
        double cut = 0;
        for (std::size_t index = 0; index < row.cells.size(); ++index) {
            const CellState& state = states[index];
            if (state.finished)
                continue;
            int end = state.next_line;
            while (end < state.paragraph->line_count() &&
                   state.paragraph->height(state.next_line, end + 1) <= room + 0.01) {
                ++end;
            }
            cut = std::max(cut, state.paragraph->height(state.next_line, end));
        }
        // Not even one line fits on an empty page: impossible with the sizes style.json allows, but if it ever
        // happened, one line of each unfinished cell is placed anyway (overflowing) rather than looping forever.
        const bool force_one_line = cut <= 0 && at_top;
        if (cut <= 0 && !at_top) {
            new_page();
            continue;
        }
        const double piece_height = available;  // the piece runs to the page's bottom edge
        for (std::size_t index = 0; index < row.cells.size(); ++index) {
            const Cell& cell = row.cells[index];
            CellState& state = states[index];
            PlacedCell placed = make_placed_cell(left_ + cell.x, y_, cell.width, piece_height);
            placed.border = cell.border;
            placed.shaded = cell.shaded;
            placed.center_vertically = false;
            if (!state.finished) {
                int end = state.next_line;
                while (end < state.paragraph->line_count() &&
                       state.paragraph->height(state.next_line, end + 1) <= cut + 0.01) {
                    ++end;
                }
                if (force_one_line && end == state.next_line)
                    ++end;
                placed.text = state.paragraph;
                placed.first_line = state.next_line;
                placed.end_line = end;
                state.next_line = end;
                state.finished = end >= state.paragraph->line_count();
                placed.center_vertically = state.finished && cell.center_vertically && !continuation;
            } else if (continuation && cell.continued) {
                placed.text = cell.continued.get();
                placed.end_line = cell.continued->line_count();
            }
            pages_.back().cells.push_back(placed);
        }
        segments.push_back({static_cast<int>(pages_.size()) - 1, {y_, y_ + piece_height}});
        new_page();
        continuation = true;
    }
}

void Paginator::add(const Band& band) {
    const double natural = natural_height(band);
    const double page_room = bottom_ - top_;
    if (band.keep_together && natural <= page_room && y_ + natural > bottom_)
        new_page();
    if (y_ > top_ + 0.01)
        y_ += band.space_before;
    std::vector<std::pair<int, std::pair<double, double>>> segments;
    for (const Row& row : band.rows)
        place_row(row, segments);
    if (!band.span || segments.empty())
        return;
    // The span cell covers the band's rows page by page; its text on the first page, "continued" after.
    std::size_t start = 0;
    bool first_page = true;
    while (start < segments.size()) {
        const int page = segments[start].first;
        double from = segments[start].second.first, to = segments[start].second.second;
        std::size_t next = start + 1;
        while (next < segments.size() && segments[next].first == page) {
            to = segments[next].second.second;
            ++next;
        }
        const Cell& span = *band.span;
        PlacedCell placed = make_placed_cell(left_ + span.x, from, span.width, to - from);
        placed.border = span.border;
        placed.shaded = span.shaded;
        const Paragraph* text = first_page ? span.text.get() : span.continued.get();
        if (text != nullptr) {
            placed.text = text;
            placed.end_line = text->line_count();
        }
        pages_[static_cast<std::size_t>(page)].cells.push_back(placed);
        first_page = false;
        start = next;
    }
}

// [SECTION] drawing

void draw_page(cairo_t* cairo, const Page& page, double padding, double line_width) {
    for (const PlacedCell& cell : page.cells) {
        if (cell.shaded) {
            cairo_set_source_rgb(cairo, 0.92, 0.92, 0.92);
            cairo_rectangle(cairo, cell.x, cell.y, cell.width, cell.height);
            cairo_fill(cairo);
        }
    }
    cairo_set_source_rgb(cairo, 0, 0, 0);
    for (const PlacedCell& cell : page.cells) {
        if (cell.text != nullptr && cell.end_line > cell.first_line) {
            const double text_height = cell.text->height(cell.first_line, cell.end_line);
            double y = cell.y + padding;
            if (cell.center_vertically && cell.bottom_text == nullptr)
                y = cell.y + std::max(padding, (cell.height - text_height) / 2);
            cell.text->draw(cairo, cell.x + padding, y, cell.first_line, cell.end_line);
        }
        if (cell.bottom_text != nullptr) {
            const double height = cell.bottom_text->height();
            cell.bottom_text->draw(cairo, cell.x + padding, cell.y + cell.height - padding - height, 0,
                                   cell.bottom_text->line_count());
        }
    }
    cairo_set_line_width(cairo, line_width);
    for (const PlacedCell& cell : page.cells) {
        if (!cell.border)
            continue;
        cairo_rectangle(cairo, cell.x, cell.y, cell.width, cell.height);
        cairo_stroke(cairo);
    }
}

}  // namespace jiebang::print::layout

// platform/print/page_layout.hpp — the printout's layout engine: text paragraphs laid out by Pango, bordered cells
// in rows, rows in bands (a band may have a label cell spanning its rows), bands flowed onto pages and drawn with
// cairo. Internal to platform/print (no other module includes it).
// Invariants:
//  1. No text is cut: a long row (taller than a third of a page) that does not fit in the space left on a page is
//     split between two lines of its text and continues on the next page (a label cell shows its continuation text
//     there, e.g. "技术难题概述（续）"); a short row, or a long one when less than two lines would fit, moves whole
//     to the next page, as does a band marked keep_together that fits on a page of its own.
//  2. Text never leaves its cell: every paragraph is laid out at its cell's inner width (word-or-character
//     wrapping, so a long e-mail address or code wraps too) and a row is as tall as its tallest cell.
//  3. Every line is drawn exactly once (a split paragraph draws its first lines on one page and the rest on the
//     next), so text extracted from the PDF holds each value once, in order.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jiebang::print::layout {

inline constexpr double points_per_mm = 72.0 / 25.4;

enum class Face { Body, Bold, Small, SmallBold, Title };
enum class Align { Left, Center, Right, Justify };

struct Fonts {
    std::string family;
    double body_pt = 10.5, small_pt = 8.5, title_pt = 16;
    double line_spacing = 1.15;
};

struct TextSpec {
    std::string text;
    Face face = Face::Body;
    Align align = Align::Left;
    double first_line_indent_em = 0;
};

// A text laid out at a fixed width; remembers where each line sits (points, relative to the layout's top).
class Paragraph {
  public:
    Paragraph(PangoContext* context, const Fonts& fonts, const TextSpec& spec, double width);
    ~Paragraph();
    Paragraph(const Paragraph&) = delete;
    Paragraph& operator=(const Paragraph&) = delete;

    int line_count() const { return static_cast<int>(lines_.size()); }
    // Height of lines [first, end).
    double height(int first, int end) const;
    double height() const { return height(0, line_count()); }
    // Characters the font cannot draw (shown as boxes).
    int unknown_glyphs() const;
    // Draws lines [first, end) with the top of line `first` at y.
    void draw(cairo_t* cairo, double x, double y, int first, int end) const;

  private:
    struct Line {
        double x = 0, top = 0, bottom = 0, baseline = 0;
    };
    PangoLayout* layout_ = nullptr;
    std::vector<Line> lines_;
};

using ParagraphPointer = std::shared_ptr<const Paragraph>;

struct Cell {
    double x = 0, width = 0;       // points, from the table's left edge
    ParagraphPointer text;         // may be null (an empty cell)
    ParagraphPointer continued;    // shown instead in later pieces of a split row (a label's "(continued)")
    ParagraphPointer bottom_text;  // drawn at the cell's bottom, right (the signature's date line)
    bool border = true;
    bool shaded = false;
    bool center_vertically = true;
};

inline Cell make_cell(double x, double width, ParagraphPointer text) {
    Cell cell;
    cell.x = x;
    cell.width = width;
    cell.text = std::move(text);
    return cell;
}

struct Row {
    std::vector<Cell> cells;
    double minimum_height = 0;
};

struct Band {
    std::optional<Cell> span;  // a label cell left of the rows, spanning them on each page they reach
    std::vector<Row> rows;
    bool keep_together = false;  // start on a new page rather than split, when it fits on one
    double space_before = 0;
};

struct PlacedCell {
    double x = 0, y = 0, width = 0, height = 0;  // page coordinates, points
    const Paragraph* text = nullptr;
    int first_line = 0, end_line = 0;
    const Paragraph* bottom_text = nullptr;
    bool border = true, shaded = false, center_vertically = true;
};

inline PlacedCell make_placed_cell(double x, double y, double width, double height) {
    PlacedCell placed;
    placed.x = x;
    placed.y = y;
    placed.width = width;
    placed.height = height;
    return placed;
}

struct Page {
    std::vector<PlacedCell> cells;
};

// Flows bands onto pages whose content area runs from `top` to `bottom` (points), the table starting at `left`.
class Paginator {
  public:
    Paginator(double left, double top, double bottom, double padding, double line_height);
    void add(const Band& band);
    std::vector<Page> take_pages();

  private:
    struct CellState {
        const Paragraph* paragraph = nullptr;
        int next_line = 0;
        bool finished = false;
    };
    void new_page();
    double natural_height(const Band& band) const;
    double cell_remaining_height(const Cell& cell, const CellState& state, bool continuation) const;
    // Places `row` (maybe in pieces); returns the y ranges placed per page for the band's span cell.
    void place_row(const Row& row, std::vector<std::pair<int, std::pair<double, double>>>& segments);

    double left_, top_, bottom_, padding_, line_height_;
    double y_ = 0;
    std::vector<Page> pages_;
};

// Draws a page's cells (borders, shading, text).
void draw_page(cairo_t* cairo, const Page& page, double padding, double line_width);

}  // namespace jiebang::print::layout

// platform/print/print_documents.hpp — the printed documents as data (assets/print/*.json): how the page looks
// (style.json) and what each document holds: a bordered table of the form's fields in the seed's row order
// ("type": "table": the demand form of seed 002 附件1, the bid form of seed 004) or a letter whose paragraphs
// are catalogue texts with the filed values in them ("type": "letter": Jiangmen's self-funding commitment).
// File layout of a table: {"type": "table", "form": "demand", "attachment_key"?, "rows": [ROW...],
// "list_item_headers"? {field id: key}, "signature": {"unit_key", "person_key"}} where ROW is a list of one or two
// field ids, or {"group_key", "rows": [[ids]...]} (a label cell spanning its rows). A letter: {"type": "letter",
// "form", "attachment_key"?, "salutation_key", "paragraph_keys": [...], "signature_keys": [...]}. Every key is a
// string-catalogue key; the title is "print.document.<id>.title".
// Invariants:
//  1. A document that loads names only fields of its form, each at most once; a list field (text_list,
//     multi_choice) stands alone in its row, outside groups; every key it names is in the catalogue.
//  2. Field ids live in the templates (data), never in the code; fields a table does not name are still printed
//     (after its rows), so a field added to a form can never be left off the paper.
//  3. Failures name the file, the key path and the reason (print.asset), or the missing document
//     (print.document_unknown).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::print {

struct PrintStyle {
    std::string font_family;
    double page_width_mm = 210, page_height_mm = 297;
    double margin_left_mm = 20, margin_right_mm = 20, margin_top_mm = 12, margin_bottom_mm = 12;
    double title_pt = 16, body_pt = 10.5, small_pt = 8.5;
    double qr_mm = 24;
    double label_fraction = 0.2;   // a label cell's share of the table width
    double group_fraction = 0.16;  // a group's spanning label cell
    double cell_padding_mm = 1.8;
    double minimum_row_mm = 9;
    double line_width_pt = 0.8;
    double signature_height_mm = 45;
    double line_spacing = 1.15;
};

struct TableRow {
    std::vector<std::string> field_ids;  // one or two
};

struct TableBand {
    std::string group_key;  // empty: a plain row
    std::vector<TableRow> rows;
};

enum class DocumentType { Table, Letter };

struct PrintDocument {
    std::string id;  // file stem, e.g. "demand_form"
    DocumentType type = DocumentType::Table;
    std::string form_id;  // "demand" / "bid"
    std::string title_key;
    std::string attachment_key;  // may be empty
    // table
    std::vector<TableBand> bands;
    std::map<std::string, std::string> list_item_headers;  // field id -> key of the item column's heading
    std::string signature_unit_key, signature_person_key;
    // letter
    std::string salutation_key;
    std::vector<std::string> paragraph_keys;
    std::vector<std::string> signature_keys;

    std::filesystem::path source_file;
};

// assets/print/style.json; errors: print.asset.
Result<PrintStyle> load_print_style(const std::filesystem::path& assets_directory);
// assets/print/<document_id>.json checked against the forms and the catalogue (invariant 1); errors: print.asset,
// print.document_unknown.
Result<PrintDocument> load_print_document(const std::filesystem::path& assets_directory,
                                          const std::string& document_id, const FormCatalog& forms,
                                          const StringCatalog& strings);

}  // namespace jiebang::print

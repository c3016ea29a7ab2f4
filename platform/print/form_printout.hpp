// platform/print/form_printout.hpp — the filed form on A4 paper, as a PDF: the documents the city profile asks
// for (seed 002 附件1 for a demand, the 揭榜意向表 of seed 004 for a bid, Jiangmen's 自投研发资金承诺函 with a
// demand), each laid out like the seed's table with every field the applicant filled, the receipt number and QR
// code on every page, boxes for the signature, the seal and the date, and the next steps after the form.
// Rendered with cairo + Pango in Noto Sans CJK SC (assets/print/style.json); no SDL, no ImGui.
// Invariants:
//  1. Every value of the submission is printed or the printout is refused: a value for a field the form does not
//     have is field.unknown, a value for a field the city's form does not show is print.hidden_value (both name
//     the field), a value the font cannot draw is print.unprintable_character. Labels come from the form, option
//     names from the profile or the board, money in 万元 (shared/paper/field_display.hpp).
//  2. Every page carries the receipt number and a QR code of `qr_payload` (the signed receipt payload of
//     shared/receipt, else the receipt number); a signed payload must name the same receipt number and the
//     submission's content hash (print.receipt_mismatch).
//  3. The PDF is written to a temporary file beside `output` and renamed into place: a failure leaves no partial
//     file and an existing file untouched.
//  4. No Chinese in this code; every printed word comes from assets (forms, profiles, strings, print templates).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/paper/after_submission.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::print {

struct PrintRequest {
    const Submission* submission = nullptr;
    const FormCatalog* forms = nullptr;
    const Profile* profile = nullptr;
    const AfterSubmissionPolicy* policy = nullptr;
    const StringCatalog* strings = nullptr;
    const Board* board = nullptr;  // bids: the listing's title and deadline; may be null
    std::filesystem::path assets_directory;
    std::string receipt_number;  // as typed or canonical; printed canonical
    std::string qr_payload;      // empty: the QR carries the receipt number
    std::string
        terminal_county_code;  // where the next steps send the papers when the unit's county is unknown
    Locale locale = Locale::Chinese;
};

struct PrintedPdf {
    int page_count = 0;
    std::vector<std::string> documents;   // document ids in print order
    std::vector<int> pages_per_document;  // same order
    std::string receipt_number;           // canonical
};

// Errors: the invariants' codes; receipt.format / receipt.check / receipt.payload_format (bad number or payload);
// print.profile_mismatch, print.kind_mismatch, print.asset, print.document_unknown, print.font_missing,
// print.pdf_write, qr.encode, next_steps.*.
Result<PrintedPdf> render_submission_pdf(const PrintRequest& request, const std::filesystem::path& output);

}  // namespace jiebang::print

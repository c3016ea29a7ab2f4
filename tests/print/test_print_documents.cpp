// tests/print/test_print_documents.cpp — the print templates (assets/print/*.json, platform/print/print_documents.hpp
// invariants 1-3): they load, the form tables name every field of their form (the printout's fallback for a
// forgotten field is a safety net, not the plan), and a damaged template fails naming the file, the key and why.
#include <doctest/doctest.h>

#include <set>

#include "platform/print/print_documents.hpp"
#include "print_test_support.hpp"

using namespace jiebang;
using namespace jiebang::print_test;

namespace {

std::set<std::string> placed_fields(const print::PrintDocument& document) {
    std::set<std::string> placed;
    for (const auto& band : document.bands) {
        for (const auto& row : band.rows)
            placed.insert(row.field_ids.begin(), row.field_ids.end());
    }
    return placed;
}

}  // namespace

TEST_CASE("print templates: the style and every document load, and the form tables name every field") {
    auto style = print::load_print_style(assets_directory);
    REQUIRE(style.ok());
    CHECK(style->font_family == "Noto Sans CJK SC");
    CHECK(style->page_width_mm == 210);
    CHECK(style->page_height_mm == 297);

    for (const auto& [document_id, form_id] :
         {std::pair<std::string, std::string>{"demand_form", "demand"}, {"bid_form", "bid"}}) {
        CAPTURE(document_id);
        auto document =
            print::load_print_document(assets_directory, document_id, catalogs().forms, catalogs().strings);
        REQUIRE_MESSAGE(document.ok(), (document.ok() ? "" : document.error().detail));
        CHECK(document->type == print::DocumentType::Table);
        CHECK(document->form_id == form_id);
        const std::set<std::string> placed = placed_fields(*document);
        for (const FieldDefinition& field : catalogs().forms.form(form_id)->fields) {
            CAPTURE(field.id);
            CHECK(placed.contains(field.id));
        }
    }
    auto letter = print::load_print_document(assets_directory, "self_funding_commitment_letter",
                                             catalogs().forms, catalogs().strings);
    REQUIRE_MESSAGE(letter.ok(), (letter.ok() ? "" : letter.error().detail));
    CHECK(letter->type == print::DocumentType::Letter);
    CHECK(letter->form_id == "demand");
    CHECK(letter->paragraph_keys.size() >= 3);

    auto unknown = print::load_print_document(assets_directory, "no_such_document", catalogs().forms,
                                              catalogs().strings);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "print.document_unknown");
    CHECK(print::load_print_document(assets_directory, "../profiles/jiangmen", catalogs().forms,
                                     catalogs().strings)
              .error()
              .code == "print.document_unknown");
}

TEST_CASE("print templates: a damaged template fails naming the file, the key and the reason") {
    TemporaryDirectory folder;
    const std::string original = read_file(assets_directory / "print" / "demand_form.json");
    struct Damage {
        std::string from, to, key;
    };
    const std::vector<Damage> damages = {
        {R"(["project_name"],)", R"(["project_title"],)", "rows[2][0]"},
        {R"(["project_name"],)", R"(["project_name"], ["project_name"],)", "rows[3][0]"},
        {R"(["co_demand_enterprises"],)", R"(["co_demand_enterprises", "project_type"],)", "rows[9][0]"},
        {R"("type": "table",)", R"("type": "table", "colour": "red",)", "colour"},
        {R"("group_key": "print.demand_form.budget")", R"("group_key": "print.demand_form.no_such_key")",
         "rows[12].group_key"},
        {R"("type": "table",)", R"("type": "poster",)", "type"},
        {R"("form": "demand",)", R"("form": "demand", "form": "bid",)", "form"},
    };
    fs::create_directories(folder.path / "print");
    for (const Damage& damage : damages) {
        CAPTURE(damage.key);
        std::string text = original;
        const auto at = text.find(damage.from);
        REQUIRE(at != std::string::npos);
        text.replace(at, damage.from.size(), damage.to);
        std::ofstream(folder.path / "print" / "demand_form.json", std::ios::binary) << text;
        auto loaded =
            print::load_print_document(folder.path, "demand_form", catalogs().forms, catalogs().strings);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().code == "print.asset");
        CHECK(loaded.error().argument("file") == "demand_form.json");
        CHECK(loaded.error().argument("key") == damage.key);
        CHECK_FALSE(loaded.error().argument("reason").empty());
        const std::string message = catalogs().strings.message(loaded.error());
        CHECK(message.find("demand_form.json") != std::string::npos);
    }
    std::ofstream(folder.path / "print" / "style.json", std::ios::binary)
        << R"({"font_family": "Noto Sans CJK SC"})";
    auto style = print::load_print_style(folder.path);
    REQUIRE_FALSE(style.ok());
    CHECK(style.error().code == "print.asset");
    CHECK(style.error().argument("key") == "page_width_mm");
}

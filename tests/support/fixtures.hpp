// tests/support/fixtures.hpp — one complete demand and one complete bid per city (jiangmen, jingdezhen,
// jiaxing), shared by the tests instead of hand-written copies. They are JSON files in
// tests/support/fixtures/ in the format `jiebang validate` reads (<city>-demand.json, <city>-bid.json),
// with the board each bid's listing is on (<city>-board.json, board_to_json format).
// Invariant: each demand and bid passes validate_submission() with the shipped forms and its city's
// shipped profile (and board) — tests/core/test_fixtures.cpp checks it; a test changes one thing at a time.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"

namespace jiebang::test_support {

inline const std::vector<std::string>& fixture_cities() {
    static const std::vector<std::string> cities = {"jiangmen", "jingdezhen", "jiaxing"};
    return cities;
}

// `what`: "demand", "bid" or "board".
inline std::filesystem::path fixture_file(const std::string& city, const std::string& what) {
    return std::filesystem::path(JIEBANG_TEST_FIXTURES_DIR) / (city + "-" + what + ".json");
}

inline std::string fixture_text(const std::string& city, const std::string& what) {
    std::ifstream stream(fixture_file(city, what), std::ios::binary);
    REQUIRE_MESSAGE(stream.good(), "no fixture " << fixture_file(city, what).string());
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    return buffer.str();
}

inline const FormCatalog& fixture_forms() {
    static const FormCatalog forms = [] {
        auto loaded = FormCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().detail));
        return std::move(loaded).value();
    }();
    return forms;
}

inline FieldValues fixture_values(const std::string& city, const std::string& what) {
    const FormDefinition& form = what == "bid" ? fixture_forms().bid() : fixture_forms().demand();
    auto values = field_values_from_json(fixture_text(city, what), form);
    REQUIRE_MESSAGE(values.ok(), city << "-" << what << ": " << (values.ok() ? "" : values.error().detail));
    return std::move(values).value();
}

inline FieldValues complete_demand(const std::string& city) {
    return fixture_values(city, "demand");
}

inline FieldValues complete_bid(const std::string& city) {
    return fixture_values(city, "bid");
}

inline Board fixture_board(const std::string& city) {
    auto board = board_from_json(fixture_text(city, "board"));
    REQUIRE_MESSAGE(board.ok(), city << "-board: " << (board.ok() ? "" : board.error().detail));
    return std::move(board).value();
}

}  // namespace jiebang::test_support

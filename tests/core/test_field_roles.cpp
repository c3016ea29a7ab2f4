// tests/core/test_field_roles.cpp — fields looked up by role, not by id: the shipped forms give every role
// the code needs to exactly one field, a form file that breaks that fails to load naming the role, and
// renaming field ids in a copy of the form files changes no receipt title, board listing or stored summary
// (the functions of shared/forms/role_values.hpp and the terminal store that use them).
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shared/forms/form.hpp"
#include "shared/forms/role_values.hpp"
#include "shared/store/terminal_store.hpp"
#include "store_test_support.hpp"
#include "tests/support/fixtures.hpp"

using namespace jiebang;
namespace fs = std::filesystem;
namespace support = jiebang::test_support;
using Json = nlohmann::json;

namespace {

const fs::path source_assets = JIEBANG_SOURCE_ASSETS_DIR;

Json read_json(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    return Json::parse(buffer.str());
}

void write_json(const fs::path& file, const Json& document) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << document.dump(2);
}

// Renames field ids everywhere a form file names them: the field, the steps, visible_when conditions.
Json renamed(Json form, const std::map<std::string, std::string>& new_ids) {
    for (Json& field : form["fields"]) {
        if (const auto found = new_ids.find(field["id"].get<std::string>()); found != new_ids.end())
            field["id"] = found->second;
        if (field.contains("visible_when")) {
            Json& condition = field["visible_when"];
            if (const auto found = new_ids.find(condition["field"].get<std::string>());
                found != new_ids.end())
                condition["field"] = found->second;
        }
    }
    for (Json& step : form["steps"]) {
        for (Json& field_id : step["fields"]) {
            if (const auto found = new_ids.find(field_id.get<std::string>()); found != new_ids.end())
                field_id = found->second;
        }
    }
    return form;
}

FieldValues renamed_values(const FieldValues& values, const std::map<std::string, std::string>& new_ids) {
    FieldValues result;
    for (const auto& [field_id, value] : values) {
        const auto found = new_ids.find(field_id);
        result[found != new_ids.end() ? found->second : field_id] = value;
    }
    return result;
}

Error load_failure(const support::TemporaryDirectory& folder, const Json& form) {
    const fs::path file = folder / "demand.json";
    write_json(file, form);
    auto loaded = FormCatalog::load_file(file);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().argument("file") == file.string());
    return loaded.error();
}

Json& field_json(Json& form, const std::string& field_id) {
    for (Json& field : form["fields"]) {
        if (field["id"] == field_id)
            return field;
    }
    FAIL("no field " << field_id);
    return form;
}

FieldValues demand_values() {
    return support::complete_demand("jiangmen");
}

FieldValues bid_values() {
    return support::complete_bid("jiangmen");
}

// The shared Jiangmen board, its listing renamed so that a title read from it cannot be the demand's.
Board sample_board() {
    Board board = support::fixture_board("jiangmen");
    REQUIRE(board.listings.size() == 1);
    board.listings.front().title = "新能源汽车电池热管理";
    board.hash_hex = board_hash_hex(board);
    return board;
}

}  // namespace

// checks form.hpp invariant 3
TEST_CASE("field roles: the shipped forms give every role the code needs to exactly one field") {
    const auto catalog = FormCatalog::load(source_assets);
    REQUIRE(catalog.ok());
    for (const FormDefinition* form : {&catalog->demand(), &catalog->bid()}) {
        CAPTURE(form->id);
        CHECK_FALSE(required_field_roles(form->id).empty());
        for (const FieldRole role : required_field_roles(form->id)) {
            CAPTURE(field_role_name(role));
            int players = 0;
            for (const FieldDefinition& field : form->fields)
                players += field.role == role ? 1 : 0;
            CHECK(players == 1);
        }
    }
    // The roles the code reads sit on the fields the seeds' tables name.
    CHECK(catalog->demand().field_id(FieldRole::Title) == "project_name");
    CHECK(catalog->demand().field_id(FieldRole::UnitUscc) == "issuer_uscc");
    CHECK(catalog->demand().field_id(FieldRole::Bounty) == "budget_solver_wan");
    CHECK(catalog->bid().field_id(FieldRole::Listing) == "listing_id");
    CHECK(catalog->bid().field_id(FieldRole::Title) == "team_name");
    CHECK(catalog->bid().field_id(FieldRole::Industry).empty());
    // Every role has a name that reads back to it.
    for (const FieldRole role : required_field_roles("demand"))
        CHECK(field_role_from_name(field_role_name(role)) == role);
    CHECK_FALSE(field_role_from_name("headline").has_value());
}

// checks form.hpp invariants 3 and 4
TEST_CASE("field roles: a form file whose roles are wrong fails to load naming the role") {
    support::TemporaryDirectory folder;
    const Json shipped = read_json(source_assets / "forms" / "demand.json");

    SUBCASE("a needed role nobody plays") {
        Json form = shipped;
        field_json(form, "project_name").erase("role");
        const Error error = load_failure(folder, form);
        CHECK(error.code == "form.missing_role");
        CHECK(error.argument("role") == "title");
        CHECK(error.argument("key") == "fields");
    }
    SUBCASE("two fields with one role") {
        Json form = shipped;
        field_json(form, "sub_direction")["role"] = "title";
        const Error error = load_failure(folder, form);
        CHECK(error.code == "form.duplicate_role");
        CHECK(error.argument("role") == "title");
        CHECK(error.detail.find("project_name") != std::string::npos);
    }
    SUBCASE("a role that does not exist") {
        Json form = shipped;
        field_json(form, "expected_benefits")["role"] = "benefits";
        const Error error = load_failure(folder, form);
        CHECK(error.code == "form.unknown_role");
        CHECK(error.argument("key") == "fields[expected_benefits].role");
    }
    SUBCASE("a field of a kind that cannot play the role") {
        Json form = shipped;
        field_json(form, "issuer_uscc").erase("role");
        field_json(form, "issuer_name")["role"] = "unit_uscc";  // a text field cannot be the USCC
        const Error error = load_failure(folder, form);
        CHECK(error.code == "form.role_wrong_kind");
        CHECK(error.argument("key") == "fields[issuer_name].role");
    }
    SUBCASE("a role is a string") {
        Json form = shipped;
        field_json(form, "project_name")["role"] = 7;
        CHECK(load_failure(folder, form).code == "form.wrong_type");
    }
}

// checks role_values.hpp invariants 1 and 2
TEST_CASE("field roles: titles, summaries and listings are read by role") {
    const auto catalog = FormCatalog::load(source_assets);
    REQUIRE(catalog.ok());
    const Board board = sample_board();

    CHECK(submission_title(catalog->demand(), demand_values(), board) == "高效变频压缩机控制技术");
    CHECK(submission_title(catalog->bid(), bid_values(), board) == "新能源汽车电池热管理");
    FieldValues unknown_listing = bid_values();
    unknown_listing["listing_id"] = std::string("JM-2026-099");
    CHECK(submission_title(catalog->bid(), unknown_listing, board) == "JM-2026-099");
    CHECK(submission_title(catalog->bid(), {}, board).empty());
    // A value of the wrong type reads as empty, never as another field's value.
    FieldValues listed_title = demand_values();
    listed_title["project_name"] = std::vector<std::string>{"甲"};
    CHECK(submission_title(catalog->demand(), listed_title, board).empty());

    const SubmissionSummary demand = summarize_submission(catalog->demand(), demand_values());
    CHECK(demand.title == "高效变频压缩机控制技术");
    CHECK(demand.unit_name == "江门市蓬江区示例电器有限公司");
    CHECK(demand.unit_uscc == "91440703MA4U111142");
    CHECK(demand.industry_id == "smart_home_appliances");
    CHECK(demand.listing_id.empty());
    const SubmissionSummary bid = summarize_submission(catalog->bid(), bid_values());
    CHECK(bid.title == "变频控制攻关团队");
    CHECK(bid.unit_name == "江门市示例智能装备有限公司");
    CHECK(bid.unit_uscc == "91440703MA4UJK122J");
    CHECK(bid.industry_id.empty());
    CHECK(bid.listing_id == "JM-2026-001");

    const Listing listing = listing_from_demand(catalog->demand(), demand_values());
    CHECK(listing.title == "高效变频压缩机控制技术");
    CHECK(listing.industry_id == "smart_home_appliances");
    CHECK(listing.sub_direction_id == "变频控制");
    CHECK(listing.project_type_id.empty());
    CHECK(listing.mechanism == "race");
    CHECK(listing.issuer_name == "江门市蓬江区示例电器有限公司");
    CHECK(listing.issuer_kind == "enterprise");
    CHECK(listing.problem == "现有压缩机在低频运行时噪声大、能效低。\n希望攻克低频稳定控制。");
    CHECK(listing.targets == "能效比由3.2提高到4.0以上；低频噪声低于35分贝。");
    CHECK(listing.bounty_wan == "300");
}

TEST_CASE("field roles: renaming field ids in the form files changes no title, summary or listing") {
    const auto shipped = FormCatalog::load(source_assets);
    REQUIRE(shipped.ok());
    // Every field a role names gets a new id, in a copy of the assets.
    const std::map<std::string, std::string> new_ids = {
        {"project_name", "demand_title"},     {"issuer_name", "organisation"},
        {"issuer_uscc", "organisation_code"}, {"issuer_kind", "organisation_kind"},
        {"industry_field", "sector"},         {"sub_direction", "sector_detail"},
        {"mechanism", "how_solved"},          {"technical_problem", "problem_text"},
        {"technical_targets", "target_text"}, {"budget_solver_wan", "offered_wan"},
        {"listing_id", "answered_listing"},   {"team_name", "bid_title"},
        {"solver_name", "solving_unit"},      {"solver_uscc", "solving_unit_code"},
        {"solver_kind", "solving_unit_kind"},
    };
    support::TemporaryDirectory assets;
    for (const char* form_id : {"demand", "bid"}) {
        const fs::path file = fs::path("forms") / (std::string(form_id) + ".json");
        write_json(assets / file.string(), renamed(read_json(source_assets / file), new_ids));
    }
    const auto copied = FormCatalog::load(assets.path());
    REQUIRE_MESSAGE(copied.ok(), (copied.ok() ? std::string() : copied.error().detail));
    REQUIRE(copied->demand().field("project_name") == nullptr);
    REQUIRE(copied->demand().field("demand_title") != nullptr);

    const Board board = sample_board();
    const FieldValues demand = renamed_values(demand_values(), new_ids);
    const FieldValues bid = renamed_values(bid_values(), new_ids);
    CHECK(submission_title(copied->demand(), demand, board) ==
          submission_title(shipped->demand(), demand_values(), board));
    CHECK(submission_title(copied->bid(), bid, board) ==
          submission_title(shipped->bid(), bid_values(), board));
    CHECK(submission_title(copied->bid(), bid, board) == "新能源汽车电池热管理");

    const SubmissionSummary before = summarize_submission(shipped->demand(), demand_values());
    const SubmissionSummary after = summarize_submission(copied->demand(), demand);
    CHECK(after.title == before.title);
    CHECK(after.unit_name == before.unit_name);
    CHECK(after.unit_uscc == before.unit_uscc);
    CHECK(after.industry_id == before.industry_id);
    const SubmissionSummary bid_before = summarize_submission(shipped->bid(), bid_values());
    const SubmissionSummary bid_after = summarize_submission(copied->bid(), bid);
    CHECK(bid_after.title == bid_before.title);
    CHECK(bid_after.unit_name == bid_before.unit_name);
    CHECK(bid_after.unit_uscc == bid_before.unit_uscc);
    CHECK(bid_after.listing_id == "JM-2026-001");

    const Listing listing_before = listing_from_demand(shipped->demand(), demand_values());
    const Listing listing_after = listing_from_demand(copied->demand(), demand);
    CHECK(board_to_json(Board{1, "jiangmen", {listing_after}, ""}) ==
          board_to_json(Board{1, "jiangmen", {listing_before}, ""}));
    CHECK(listing_after.bounty_wan == "300");

    // The terminal store's title (what the progress lookup shows) follows the role too.
    support::TemporaryDirectory folder;
    auto store = store::TerminalStore::open(folder / "terminal.db");
    REQUIRE(store.ok());
    REQUIRE(store->replace_board(board).ok());
    const SigningKey key = SigningKey::generate();
    Submission demand_submission;
    demand_submission.kind = SubmissionKind::Demand;
    demand_submission.form_version = 1;
    demand_submission.created_at = 1795000000;
    demand_submission.values = demand;
    auto committed =
        store->commit_submission(demand_submission, copied->demand(), support::identity(), key, 20261122);
    REQUIRE_MESSAGE(committed.ok(), committed.error().code);
    CHECK(store->progress(committed->receipt.number)->value().title == "高效变频压缩机控制技术");
    Submission bid_submission = demand_submission;
    bid_submission.id.clear();
    bid_submission.kind = SubmissionKind::Bid;
    bid_submission.values = bid;
    auto committed_bid =
        store->commit_submission(bid_submission, copied->bid(), support::identity(), key, 20261122);
    REQUIRE_MESSAGE(committed_bid.ok(), committed_bid.error().code);
    CHECK(store->progress(committed_bid->receipt.number)->value().title == "新能源汽车电池热管理");
    // The store refuses a form that is not the submission's.
    bid_submission.id.clear();
    CHECK(store->commit_submission(bid_submission, copied->demand(), support::identity(), key, 20261122)
              .error()
              .code == "submission.wrong_form");
}

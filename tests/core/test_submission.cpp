// tests/core/test_submission.cpp — submission identity, canonical encoding, content hash, strict JSON,
// field values typed by the form, the personal-data purge, and the board's encoding and hash.
// What a user would notice: a receipt hash that changed when nothing changed (or did not change when
// something did), a number typed as 300 turning into "300.0", a misspelt field silently dropped.
#include <doctest/doctest.h>

#include <set>

#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "store_test_support.hpp"

using namespace jiebang;
namespace support = jiebang::test_support;

TEST_CASE("submission ids are random lower-case UUID v4") {
    std::set<std::string> seen;
    for (int index = 0; index < 1000; ++index) {
        const std::string id = new_submission_id();
        CHECK(is_submission_id(id));
        CHECK(id[14] == '4');
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
    CHECK_FALSE(is_submission_id("6F9619FF-8B86-D011-B42D-00C04FC964FF"));
    CHECK_FALSE(is_submission_id("6f9619ff8b86d011b42d00c04fc964ff"));
}

TEST_CASE("canonical encoding has the documented exact bytes") {
    Submission submission;
    submission.id = "0b9c1f4e-8a1d-4c55-9e0a-2f7d3b6a1c00";
    submission.kind = SubmissionKind::Bid;
    submission.form_version = 3;
    submission.profile_id = "jingdezhen";
    submission.terminal_id = "360202-001";
    submission.created_at = 1795000000;
    submission.values = {{"team_name", std::string("陶瓷\t\"釉\"\\组\x01")},
                         {"declaration_not_affiliated", true},
                         {"milestones", std::vector<std::string>{"b", "a"}},
                         {"track_record", std::string()},
                         {"local_host_name", std::monostate{}},
                         {"consortium_members", std::vector<std::string>{}}};
    CHECK(canonical_encoding(submission) ==
          "{\"created_at\":1795000000,\"form_version\":3,\"id\":\"0b9c1f4e-8a1d-4c55-9e0a-2f7d3b6a1c00\","
          "\"kind\":\"bid\",\"profile\":\"jingdezhen\",\"terminal\":\"360202-001\",\"values\":{"
          "\"declaration_not_affiliated\":true,\"milestones\":[\"b\",\"a\"],"
          "\"team_name\":\"陶瓷\\t\\\"釉\\\"\\\\组\\u0001\"}}");
    CHECK(submission_to_json(submission) == canonical_encoding(submission));
}

TEST_CASE("canonical encoding does not depend on key order or whitespace of the input") {
    const std::string first =
        R"({"id":"0b9c1f4e-8a1d-4c55-9e0a-2f7d3b6a1c00","kind":"demand","form_version":1,"profile":"jiangmen",)"
        R"("terminal":"440703-007","created_at":5,"values":{"z":"1","a":true,"m":["x","y"]}})";
    const std::string second =
        "{ \"values\" : { \"m\" : [ \"x\" , \"y\" ], \"a\" : true, \"z\" : \"1\" },\n  \"created_at\": 5, "
        "\"terminal\": \"440703-007\", \"profile\": \"jiangmen\", \"form_version\": 1, \"kind\": \"demand\", "
        "\"id\": \"0b9c1f4e-8a1d-4c55-9e0a-2f7d3b6a1c00\" }";
    auto parsed_first = submission_from_json(first);
    auto parsed_second = submission_from_json(second);
    REQUIRE(parsed_first.ok());
    REQUIRE(parsed_second.ok());
    CHECK(canonical_encoding(*parsed_first) == canonical_encoding(*parsed_second));
    CHECK(content_hash(*parsed_first) == content_hash(*parsed_second));
    // The canonical bytes parse back to the same bytes (what the aggregator does on arrival).
    auto again = submission_from_json(canonical_encoding(*parsed_first));
    REQUIRE(again.ok());
    CHECK(canonical_encoding(*again) == canonical_encoding(*parsed_first));
}

TEST_CASE("a real demand survives the JSON round trip byte for byte, Chinese and escapes included") {
    const Submission submission = support::demand();
    auto parsed = submission_from_json(submission_to_json(submission));
    REQUIRE(parsed.ok());
    CHECK(canonical_encoding(*parsed) == canonical_encoding(submission));
    CHECK(hex_encode(content_hash(*parsed)) == hex_encode(content_hash(submission)));
    CHECK(hex_encode(content_hash(submission)).size() == 64);
}

TEST_CASE("the content hash changes when any value or envelope field changes") {
    const Submission original = support::demand();
    const ContentHash original_hash = content_hash(original);
    CHECK(content_hash(original) == original_hash);  // deterministic

    for (const auto& [field_id, value] : original.values) {
        Submission changed = original;
        FieldValue& target = changed.values.at(field_id);
        if (auto* text = std::get_if<std::string>(&target)) {
            text->back() = static_cast<char>(text->back() ^ 1);
        } else if (auto* flag = std::get_if<bool>(&target)) {
            *flag = !*flag;
        } else if (auto* lines = std::get_if<std::vector<std::string>>(&target)) {
            std::swap(lines->front(), lines->back());
        }
        CAPTURE(field_id);
        CHECK(content_hash(changed) != original_hash);
        Submission removed = original;
        removed.values.erase(field_id);
        CHECK(content_hash(removed) != original_hash);
    }
    auto changed_envelope = [&](auto change) {
        Submission changed = original;
        change(changed);
        return content_hash(changed) != original_hash;
    };
    CHECK(changed_envelope([](Submission& s) { s.id = new_submission_id(); }));
    CHECK(changed_envelope([](Submission& s) { s.kind = SubmissionKind::Bid; }));
    CHECK(changed_envelope([](Submission& s) { s.form_version = 2; }));
    CHECK(changed_envelope([](Submission& s) { s.profile_id = "jiaxing"; }));
    CHECK(changed_envelope([](Submission& s) { s.terminal_id = "440703-008"; }));
    CHECK(changed_envelope([](Submission& s) { s.created_at += 1; }));
}

TEST_CASE("submission JSON is strict and names the offending key") {
    const std::string valid = submission_to_json(support::demand());
    auto with = [&](const std::string& from, const std::string& to) {
        std::string text = valid;
        const auto position = text.find(from);
        REQUIRE(position != std::string::npos);
        text.replace(position, from.size(), to);
        return submission_from_json(text);
    };
    auto wrong_created = with("\"created_at\":1795000000", "\"created_at\":\"1795000000\"");
    REQUIRE_FALSE(wrong_created.ok());
    CHECK(wrong_created.error().code == "json.wrong_type");
    CHECK(wrong_created.error().field == "created_at");

    auto wrong_value = with("\"self_funding_commitment\":true", "\"self_funding_commitment\":1");
    REQUIRE_FALSE(wrong_value.ok());
    CHECK(wrong_value.error().code == "json.wrong_type");
    CHECK(wrong_value.error().field == "values.self_funding_commitment");

    auto wrong_list = with("[\"甲公司\",\"乙公司\"]", "[\"甲公司\",2]");
    REQUIRE_FALSE(wrong_list.ok());
    CHECK(wrong_list.error().field == "values.co_demand_enterprises");

    auto unknown = with("\"kind\":", "\"kinds\":1,\"kind\":");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "json.unknown_key");
    CHECK(unknown.error().field == "kinds");

    auto missing = with("\"profile\":\"jiangmen\",", "");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "json.missing_key");
    CHECK(missing.error().field == "profile");

    auto bad_kind = with("\"kind\":\"demand\"", "\"kind\":\"offer\"");
    REQUIRE_FALSE(bad_kind.ok());
    CHECK(bad_kind.error().code == "submission.kind");

    auto bad_id = with("\"id\":\"", "\"id\":\"X");
    REQUIRE_FALSE(bad_id.ok());
    CHECK(bad_id.error().code == "submission.id_format");

    auto syntax = submission_from_json(valid.substr(0, valid.size() - 1));
    REQUIRE_FALSE(syntax.ok());
    CHECK(syntax.error().code == "json.syntax");
    CHECK(submission_from_json("[1,2]").error().code == "json.wrong_type");
    CHECK(submission_from_json("").error().code == "json.syntax");
}

TEST_CASE("field values from JSON follow the form's kinds") {
    const FormDefinition form = support::demand_form();
    auto values = field_values_from_json(
        R"({"budget_total_wan": 300, "budget_solver_wan": 12.5, "time_limit_months": 18,
            "project_name": "精密铸造", "self_funding_commitment": true, "consent_personal_data": true,
            "co_demand_enterprises": ["甲公司"], "contact_title": null, "issuer_uscc": "91440703MA4UJ8LX2K"})",
        form);
    REQUIRE(values.ok());
    CHECK(std::get<std::string>(values->at("budget_total_wan")) == "300");
    CHECK(std::get<std::string>(values->at("budget_solver_wan")) == "12.5");
    CHECK(std::get<std::string>(values->at("time_limit_months")) == "18");
    CHECK(std::get<std::string>(values->at("project_name")) == "精密铸造");
    CHECK(std::get<bool>(values->at("self_funding_commitment")));
    CHECK(std::get<std::vector<std::string>>(values->at("co_demand_enterprises")).size() == 1);
    CHECK(values->count("contact_title") == 0);

    // Numbers that are not exact in binary still come out as typed; text stays untouched.
    auto decimals =
        field_values_from_json(R"({"budget_total_wan": 0.1, "budget_solver_wan": "12.50"})", form);
    REQUIRE(decimals.ok());
    CHECK(std::get<std::string>(decimals->at("budget_total_wan")) == "0.1");
    CHECK(std::get<std::string>(decimals->at("budget_solver_wan")) == "12.50");
    auto negative = field_values_from_json(R"({"budget_total_wan": -5})", form);
    REQUIRE(negative.ok());  // the money validator refuses it with its own code
    CHECK(std::get<std::string>(negative->at("budget_total_wan")) == "-5");

    auto unknown = field_values_from_json(R"({"project_nmae": "x"})", form);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "form.unknown_field");
    CHECK(unknown.error().field == "project_nmae");

    auto text_as_number = field_values_from_json(R"({"project_name": 12})", form);
    REQUIRE_FALSE(text_as_number.ok());
    CHECK(text_as_number.error().code == "json.wrong_type");
    CHECK(text_as_number.error().field == "project_name");

    auto declaration_as_text = field_values_from_json(R"({"self_funding_commitment": "yes"})", form);
    REQUIRE_FALSE(declaration_as_text.ok());
    CHECK(declaration_as_text.error().field == "self_funding_commitment");

    auto list_as_text = field_values_from_json(R"({"co_demand_enterprises": "甲公司"})", form);
    REQUIRE_FALSE(list_as_text.ok());
    CHECK(list_as_text.error().field == "co_demand_enterprises");

    auto huge = field_values_from_json(R"({"budget_total_wan": 1e300})", form);
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().field == "budget_total_wan");

    CHECK(field_values_from_json("[]", form).error().code == "json.wrong_type");
    CHECK(field_values_from_json("{\"project_name\":", form).error().code == "json.syntax");
}

TEST_CASE("a key given twice is an error, never a silently dropped value") {
    auto values = field_values_from_json(
        R"({"project_name": "甲", "issuer_name": "乙", "project_name": "丙"})", support::demand_form());
    REQUIRE_FALSE(values.ok());
    CHECK(values.error().code == "json.duplicate_key");
    CHECK(values.error().field == "project_name");
    std::string submission = submission_to_json(support::demand());
    submission.insert(submission.find("\"values\":{") + 10, "\"contact_name\":\"x\",");
    auto parsed = submission_from_json(submission);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "json.duplicate_key");
    CHECK(parsed.error().field == "contact_name");
    // The same key in two different objects is fine.
    CHECK(board_from_json(R"({"version":1,"profile":"jiangmen","listings":[]})").ok());
    auto board = board_from_json(R"({"version":1,"profile":"jiangmen","listings":[],"version":2})");
    REQUIRE_FALSE(board.ok());
    CHECK(board.error().code == "json.duplicate_key");
    auto huge = submission_from_json(
        R"({"id":"0b9c1f4e-8a1d-4c55-9e0a-2f7d3b6a1c00","kind":"demand","form_version":1,)"
        R"("profile":"p","terminal":"t","created_at":18446744073709551615,"values":{}})");
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().field == "created_at");
}

TEST_CASE("field values JSON round trip") {
    const Submission submission = support::demand();
    auto parsed = field_values_from_json(field_values_to_json(submission.values), support::demand_form());
    REQUIRE(parsed.ok());
    CHECK(field_values_to_json(*parsed) == field_values_to_json(submission.values));
}

TEST_CASE("without_personal_fields drops contact data and keeps everything else") {
    const Submission submission = support::demand();
    const FieldValues kept = without_personal_fields(submission.values, support::demand_form());
    CHECK(kept.count("contact_name") == 0);
    CHECK(kept.count("contact_mobile") == 0);
    CHECK(kept.count("contact_email") == 0);
    CHECK(kept.size() == submission.values.size() - 3);
    CHECK(std::get<std::string>(kept.at("project_name")) == "高温合金叶片精密铸造");
    CHECK(std::get<std::string>(kept.at("issuer_name")) == "江门市蓬江区某精密机械有限公司");
}

namespace {
Board sample_board() {
    Board board;
    board.version = 4;
    board.profile_id = "jingdezhen";
    Listing first;
    first.id = "JDZ-2026-001";
    first.profile_id = "jingdezhen";
    first.title = "高档日用陶瓷釉料配方";
    first.industry_id = "ceramics";
    first.mechanism = "single";
    first.issuer_name = "景德镇某陶瓷有限公司";
    first.issuer_kind = "enterprise";
    first.problem = "釉面针孔";
    first.targets = "针孔率<0.5%";
    first.bounty_wan = "300";
    first.deadline = "2027-06-30";
    first.published_at = 1795000000;
    Listing second = first;
    second.id = "JDZ-2026-002";
    second.issuer_kind = "non_enterprise";
    second.mechanism = "race";
    board.listings = {first, second};
    return board;
}
}  // namespace

TEST_CASE("board JSON round trip keeps content, order and hash") {
    const Board board = sample_board();
    const std::string json = board_to_json(board);
    CHECK(json.rfind("{\"hash\":\"" + board_hash_hex(board) + "\",\"listings\":[{", 0) == 0);
    auto parsed = board_from_json(json);
    REQUIRE(parsed.ok());
    CHECK(parsed->version == 4);
    CHECK(parsed->listings.size() == 2);
    CHECK(parsed->listings[1].id == "JDZ-2026-002");
    CHECK(parsed->hash_hex == board_hash_hex(board));
    CHECK(canonical_board_encoding(*parsed) == canonical_board_encoding(board));
    REQUIRE(parsed->listing("JDZ-2026-002") != nullptr);
    CHECK(parsed->listing("JDZ-2026-002")->issuer_kind == "non_enterprise");
    CHECK(parsed->listing("JDZ-2026-999") == nullptr);
}

TEST_CASE("board schema 2 carries the issuer's USCC and a schema-1 copy drops it with its own hash") {
    Board board = sample_board();
    board.schema = latest_board_schema;
    board.listings[0].issuer_uscc = "91360203705512348M";
    board.hash_hex = board_hash_hex(board);
    const std::string json = board_to_json(board);
    CHECK(json.find("\"schema\":2,\"version\":4}") != std::string::npos);
    auto parsed = board_from_json(json);
    REQUIRE(parsed.ok());
    CHECK(parsed->schema == 2);
    CHECK(parsed->listings[0].issuer_uscc == "91360203705512348M");
    CHECK(parsed->hash_hex == board.hash_hex);
    // The USCC is covered by the hash.
    Board other = board;
    other.listings[0].issuer_uscc = "91360202MA35A1B20F";
    CHECK(board_hash_hex(other) != board.hash_hex);

    // The copy an older node is sent: no schema member, no issuer_uscc, and it hashes as schema 1 does.
    const Board older = board_for_schema(board, original_board_schema);
    const std::string older_json = board_to_json(older);
    CHECK(older_json.find("schema") == std::string::npos);
    CHECK(older_json.find("issuer_uscc") == std::string::npos);
    CHECK(older.hash_hex == board_hash_hex(sample_board()));
    auto older_parsed = board_from_json(older_json);
    REQUIRE(older_parsed.ok());
    CHECK(older_parsed->schema == 1);
    CHECK(older_parsed->listings[0].issuer_uscc.empty());

    // A schema this program does not know, and a schema-2 listing without its USCC, are refused by name.
    std::string future = json;
    future.erase(1, future.find(','));  // drop the hash
    future.replace(future.find("\"schema\":2"), 10, "\"schema\":3");
    auto refused = board_from_json(future);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "board.schema_unsupported");
    std::string missing = json;
    missing.erase(1, missing.find(','));
    const std::size_t uscc = missing.find("\"issuer_uscc\":\"91360203705512348M\",");
    REQUIRE(uscc != std::string::npos);
    missing.erase(uscc, std::string("\"issuer_uscc\":\"91360203705512348M\",").size());
    auto incomplete = board_from_json(missing);
    REQUIRE_FALSE(incomplete.ok());
    CHECK(incomplete.error().field == "listings[0].issuer_uscc");
}

TEST_CASE("board hash covers every listing field and the order, a wrong hash is refused") {
    const Board board = sample_board();
    const std::string original = board_hash_hex(board);
    Board reordered = board;
    std::swap(reordered.listings[0], reordered.listings[1]);
    CHECK(board_hash_hex(reordered) != original);
    Board retitled = board;
    retitled.listings[0].title += "。";
    CHECK(board_hash_hex(retitled) != original);
    Board newer = board;
    newer.version = 5;
    CHECK(board_hash_hex(newer) != original);

    std::string json = board_to_json(board);
    json.replace(json.find("300"), 3, "900");
    auto tampered = board_from_json(json);
    REQUIRE_FALSE(tampered.ok());
    CHECK(tampered.error().code == "board.hash_mismatch");

    std::string duplicate = board_to_json(board);
    duplicate.replace(duplicate.find("JDZ-2026-002"), 12, "JDZ-2026-001");
    duplicate.erase(1, duplicate.find(','));  // drop the hash so the duplicate itself is what fails
    auto duplicated = board_from_json(duplicate);
    REQUIRE_FALSE(duplicated.ok());
    CHECK(duplicated.error().code == "board.duplicate_listing");

    auto wrong_type = board_from_json(R"({"version":"4","profile":"jingdezhen","listings":[]})");
    REQUIRE_FALSE(wrong_type.ok());
    CHECK(wrong_type.error().field == "version");
    auto missing = board_from_json(R"({"version":4,"profile":"jingdezhen","listings":[{"id":"x"}]})");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "json.missing_key");
    CHECK(missing.error().field.rfind("listings[0].", 0) == 0);
}

TEST_CASE("progress state codes are stable and round-trip") {
    CHECK(progress_state_code(ProgressState::SavedOnTerminal) == "saved");
    CHECK(progress_state_code(ProgressState::ReceivedByCounty) == "received");
    CHECK(progress_state_code(ProgressState::ReturnedForCorrection) == "returned");
    CHECK(progress_state_code(ProgressState::AcceptedByCounty) == "accepted");
    CHECK(progress_state_code(ProgressState::ForwardedToCity) == "forwarded");
    CHECK(progress_state_code(ProgressState::Published) == "published");
    CHECK(progress_state_code(ProgressState::Rejected) == "rejected");
    for (const char* code :
         {"saved", "received", "returned", "accepted", "forwarded", "published", "rejected"}) {
        auto state = progress_state_from_code(code);
        REQUIRE(state.has_value());
        CHECK(progress_state_code(*state) == code);
    }
    CHECK_FALSE(progress_state_from_code("approved").has_value());
}

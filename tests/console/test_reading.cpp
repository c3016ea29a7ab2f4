// tests/console/test_reading.cpp — a stored submission as the reviewer reads it (console/model/
// submission_reading): form labels, option names instead of ids, money in 万元, long texts kept whole, values
// outside the form kept (invariant 1), unknown options marked (invariant 2), and the content hash recomputed
// (invariant 3); local dates.
#include <doctest/doctest.h>

#include "console/model/submission_reading.hpp"
#include "console_test_support.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

using namespace console_test;

namespace {

struct Catalogues {
    StringCatalog strings = StringCatalog::load(JIEBANG_SOURCE_ASSETS_DIR).value();
    ProfileCatalog profiles = ProfileCatalog::load(JIEBANG_SOURCE_ASSETS_DIR).value();
    model::ReadingCatalogues view() const {
        return {jiebang::test_support::fixture_forms(), profiles, strings};
    }
};

const model::ReadableField* find_field(const model::ReadableSubmission& readable, const std::string& label) {
    for (const auto& section : readable.sections) {
        for (const auto& field : section.fields) {
            if (field.label == label)
                return &field;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("reading: every field under its form label, option names, money in wan, long texts whole") {
    Catalogues catalogues;
    StandInAggregator aggregator;
    aggregator.fill(1);
    const auto& record = aggregator.records.front();
    auto readable = model::read_submission(record, catalogues.view());
    REQUIRE(readable.ok());
    const FormDefinition& form = jiebang::test_support::fixture_forms().demand();
    // The industry field (found by role) shows the profile's name, not the id.
    const FieldDefinition* industry = form.field_with_role(FieldRole::Industry);
    REQUIRE(industry != nullptr);
    const auto* shown_industry = find_field(*readable, industry->label.chinese);
    REQUIRE(shown_industry != nullptr);
    const Profile* jiangmen = catalogues.profiles.profile("jiangmen");
    REQUIRE(jiangmen != nullptr);
    const auto values = jiebang::test_support::complete_demand("jiangmen");
    const auto& industry_id = std::get<std::string>(values.at(industry->id));
    CHECK(shown_industry->value == jiangmen->industry(industry_id)->name.chinese);
    CHECK_FALSE(shown_industry->unknown);
    // Money in 万元.
    const FieldDefinition* bounty = form.field_with_role(FieldRole::Bounty);
    const auto* shown_bounty = find_field(*readable, bounty->label.chinese);
    REQUIRE(shown_bounty != nullptr);
    CHECK(shown_bounty->value == std::get<std::string>(values.at(bounty->id)) + " 万元");
    // The problem text in full, marked as a paragraph.
    const FieldDefinition* problem = form.field_with_role(FieldRole::Problem);
    const auto* shown_problem = find_field(*readable, problem->label.chinese);
    REQUIRE(shown_problem != nullptr);
    CHECK(shown_problem->value == std::get<std::string>(values.at(problem->id)));
    CHECK(shown_problem->long_text);
    // Every value of the submission is shown somewhere.
    std::size_t shown = 0;
    for (const auto& section : readable->sections)
        shown += section.fields.size();
    CHECK(shown == values.size());
    CHECK(readable->verification.content_hash_ok);
}

TEST_CASE("reading: an unknown option is marked and a key outside the form is kept (invariants 1 and 2)") {
    Catalogues catalogues;
    const FormDefinition& form = jiebang::test_support::fixture_forms().demand();
    Submission submission;
    submission.id = new_submission_id();
    submission.profile_id = "jiangmen";
    submission.terminal_id = "440703-001";
    submission.created_at = 1790000000;
    submission.values = jiebang::test_support::complete_demand("jiangmen");
    submission.values[std::string(form.field_id(FieldRole::Industry))] = std::string("no_such_industry");
    submission.values["an_old_field"] = std::string("旧表单的内容");
    model::SubmissionRecord record;
    record.canonical_content = canonical_encoding(submission);
    record.content_hash = content_hash(submission);
    auto readable = model::read_submission(record, catalogues.view());
    REQUIRE(readable.ok());
    const auto* industry = find_field(*readable, form.field_with_role(FieldRole::Industry)->label.chinese);
    REQUIRE(industry != nullptr);
    CHECK(industry->unknown);
    CHECK(industry->value.find("no_such_industry") != std::string::npos);
    const auto* old = find_field(*readable, "an_old_field");
    REQUIRE(old != nullptr);
    CHECK(old->value == "旧表单的内容");
    CHECK(old->unknown);
}

TEST_CASE("reading: content changed on the server fails the recomputed hash (invariant 3)") {
    Catalogues catalogues;
    StandInAggregator aggregator;
    aggregator.fill(1);
    auto record = aggregator.records.front();
    const auto position = record.canonical_content.find("高效");
    REQUIRE(position != std::string::npos);
    record.canonical_content.replace(position, 6, "低效");
    auto readable = model::read_submission(record, catalogues.view());
    REQUIRE(readable.ok());
    CHECK_FALSE(readable->verification.content_hash_ok);
    CHECK(readable->verification.problem_key == "console.verify.hash_mismatch");
    CHECK(catalogues.strings.has(readable->verification.problem_key));
}

TEST_CASE("reading: content that does not parse is an error naming the receipt, never a blank page") {
    Catalogues catalogues;
    model::SubmissionRecord record;
    record.row.receipt_number = "JM-03-001-20261122-0001-X";
    record.canonical_content = "{\"id\":";
    auto readable = model::read_submission(record, catalogues.view());
    REQUIRE_FALSE(readable.ok());
    CHECK(readable.error().code == "console.content_unreadable");
    CHECK(catalogues.strings.message(readable.error()).find(record.row.receipt_number) != std::string::npos);
}

TEST_CASE("reading: local dates parse strictly and print back") {
    auto day = model::parse_local_date("2026-11-22");
    REQUIRE(day.has_value());
    CHECK(model::local_date_text(*day) == "2026-11-22");
    CHECK(model::local_time_text(*day) == "2026-11-22 00:00");
    CHECK_FALSE(model::parse_local_date("2026-02-31").has_value());
    CHECK_FALSE(model::parse_local_date("2026-1-5").has_value());
    CHECK_FALSE(model::parse_local_date("20261122").has_value());
    CHECK(model::local_time_text(0).empty());
}

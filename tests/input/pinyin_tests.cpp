// tests/input/pinyin_tests.cpp — pinyin through the real librime with luna_pinyin_simp, deployed into a fresh
// terminal data directory: composition, candidates, paging, backspace, punctuation, the per-applicant wipe,
// and that nothing is learned from one applicant to the next.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/input/test_support.hpp"

using namespace jiebang::input;
using jiebang::input::testing::pinyin_engine;
using jiebang::input::testing::terminal_data_directory;

namespace {

PinyinSession open_session() {
    auto session = PinyinSession::open(pinyin_engine());
    REQUIRE(session.ok());
    return std::move(session.value());
}

void type_letters(PinyinSession& session, const std::string& letters) {
    for (char letter : letters) {
        const PinyinKeyOutcome outcome = session.type_character(letter);
        CHECK(outcome.handled);
        CHECK(outcome.committed.empty());
    }
}

std::vector<std::string> candidate_texts(const PinyinComposition& composition) {
    std::vector<std::string> texts;
    for (const auto& candidate : composition.candidates)
        texts.push_back(candidate.text);
    return texts;
}

}  // namespace

TEST_CASE("typing zhongguo and choosing the first candidate commits 中国") {
    PinyinSession session = open_session();
    type_letters(session, "zhongguo");
    const PinyinComposition composition = session.composition();
    CHECK(composition.raw_input == "zhongguo");
    CHECK(composition.preedit == "zhong guo");
    REQUIRE_FALSE(composition.candidates.empty());
    CHECK(composition.candidates[0].text == "中国");
    CHECK(composition.candidates.size() == 8);  // the page size we deploy

    auto committed = session.select_candidate(0);
    REQUIRE(committed.ok());
    CHECK(*committed == "中国");
    CHECK_FALSE(session.composing());
    CHECK(session.composition().candidates.empty());
}

TEST_CASE("a candidate covering part of the input keeps composing the rest") {
    PinyinSession session = open_session();
    type_letters(session, "zhongguoren");
    // Pick a candidate for the first syllable only, then finish with the rest.
    auto composition = session.composition();
    std::size_t single_character_index = composition.candidates.size();
    for (std::size_t index = 0; index < composition.candidates.size(); ++index) {
        if (composition.candidates[index].text == "中")
            single_character_index = index;
    }
    if (single_character_index == composition.candidates.size()) {
        // 中 is not on the first page for the whole phrase; type just its syllable instead.
        session.escape();
        type_letters(session, "zhong");
        single_character_index = 0;
    }
    auto first = session.select_candidate(single_character_index);
    REQUIRE(first.ok());
    if (first->empty()) {
        CHECK(session.composing());
        auto rest = session.select_candidate(0);
        REQUIRE(rest.ok());
        CHECK(rest->rfind("中", 0) == 0);
    } else {
        CHECK(*first == "中");
    }
}

TEST_CASE("paging moves through the candidates and back") {
    PinyinSession session = open_session();
    type_letters(session, "shi");
    const PinyinComposition first_page = session.composition();
    CHECK(first_page.page_number == 0);
    CHECK_FALSE(first_page.last_page);
    CHECK_FALSE(session.previous_page());

    REQUIRE(session.next_page());
    const PinyinComposition second_page = session.composition();
    CHECK(second_page.page_number == 1);
    CHECK(candidate_texts(second_page) != candidate_texts(first_page));

    // Choosing on the second page commits that page's candidate.
    const std::string wanted = second_page.candidates.at(3).text;
    REQUIRE(session.previous_page());
    CHECK(candidate_texts(session.composition()) == candidate_texts(first_page));
    REQUIRE(session.next_page());
    auto committed = session.select_candidate(3);
    REQUIRE(committed.ok());
    CHECK(*committed == wanted);
}

TEST_CASE("backspace edits the composition, then stops being handled") {
    PinyinSession session = open_session();
    type_letters(session, "zhongguo");
    CHECK(session.backspace().handled);
    CHECK(session.composition().raw_input == "zhonggu");
    CHECK(session.composition().candidates.at(0).text != "中国");
    for (int removed = 0; removed < 7; ++removed)
        CHECK(session.backspace().handled);
    CHECK_FALSE(session.composing());
    // With nothing composed the keyboard deletes from the field itself.
    CHECK_FALSE(session.backspace().handled);
}

TEST_CASE("enter commits the letters as typed, escape drops them") {
    PinyinSession session = open_session();
    type_letters(session, "wifi");
    const PinyinKeyOutcome entered = session.enter();
    CHECK(entered.handled);
    CHECK(entered.committed == "wifi");
    type_letters(session, "zhong");
    CHECK(session.escape().handled);
    CHECK_FALSE(session.composing());
}

TEST_CASE("punctuation typed in pinyin mode comes out full width") {
    PinyinSession session = open_session();
    const PinyinKeyOutcome comma = session.type_character(',');
    CHECK(comma.committed == "，");
    type_letters(session, "hao");
    const PinyinKeyOutcome full_stop = session.type_character('.');
    // The period first commits the composition's first candidate, then the full stop.
    CHECK(full_stop.committed == "好。");
    CHECK_FALSE(session.composing());
    type_letters(session, "hao");
    // Digits do not select candidates on glass: the composition is committed and the digit left to the field.
    const PinyinKeyOutcome digit = session.type_character('1');
    CHECK(digit.committed == "好");
    CHECK_FALSE(digit.handled);
}

TEST_CASE("the wipe clears the composition for the next applicant") {
    PinyinSession session = open_session();
    type_letters(session, "zhong");
    REQUIRE(session.composing());
    REQUIRE(session.reset().ok());
    CHECK_FALSE(session.composing());
    CHECK(session.composition().raw_input.empty());
    CHECK(session.composition().candidates.empty());
    type_letters(session, "guo");
    CHECK(session.composition().raw_input == "guo");
}

TEST_CASE("choosing a rare candidate does not re-rank candidates for the next applicant") {
    PinyinSession session = open_session();
    type_letters(session, "zhongguo");
    const std::vector<std::string> ranking_before = candidate_texts(session.composition());
    REQUIRE(ranking_before.size() >= 3);
    const std::string rare = ranking_before[2];
    // The first applicant picks the third candidate twice (librime would learn it and move it up).
    for (int round = 0; round < 2; ++round) {
        if (!session.composing())
            type_letters(session, "zhongguo");
        auto committed = session.select_candidate(2);
        REQUIRE(committed.ok());
        CHECK(*committed == rare);
    }
    REQUIRE(session.reset().ok());
    type_letters(session, "zhongguo");
    CHECK(candidate_texts(session.composition()) == ranking_before);
    // No user dictionary was created anywhere in the terminal's rime directory.
    bool user_dictionary_found = false;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(terminal_data_directory())) {
        if (entry.path().extension() == ".userdb")
            user_dictionary_found = true;
    }
    CHECK_FALSE(user_dictionary_found);
}

TEST_CASE("deployment writes the no-learning patch into the terminal's data directory") {
    const PinyinEngine& engine = pinyin_engine();
    const auto user_directory = engine.options().user_data_directory;
    CHECK(user_directory == terminal_data_directory() / "rime");
    CHECK(std::filesystem::exists(user_directory / "luna_pinyin_simp.custom.yaml"));
    CHECK(std::filesystem::exists(user_directory / "build" / "luna_pinyin_simp.schema.yaml"));
    CHECK(engine.deployment().full_check);
    // A second start in the same process returns the same engine; another directory is refused.
    auto again = PinyinEngine::start(input_method_paths(terminal_data_directory()));
    REQUIRE(again.ok());
    CHECK(*again == &engine);
    auto elsewhere = PinyinEngine::start(input_method_paths(terminal_data_directory() / "other"));
    REQUIRE_FALSE(elsewhere.ok());
    CHECK(elsewhere.error().code == "input.pinyin.already_started");
}

TEST_CASE("selecting beyond the page is an error, not a crash") {
    PinyinSession session = open_session();
    type_letters(session, "zhongguo");
    auto missing = session.select_candidate(50);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "input.pinyin.no_candidate");
    CHECK(session.composing());
}

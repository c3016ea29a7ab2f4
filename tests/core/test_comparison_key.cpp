// tests/core/test_comparison_key.cpp — the key the possible-duplicate check compares titles and USCCs by
// (shared/text/comparison_key.hpp invariants 1-3).
#include <doctest/doctest.h>

#include "shared/text/comparison_key.hpp"

using jiebang::text::comparison_key;

TEST_CASE("comparison key: spacing and punctuation and full-width letters do not make another title") {
    // Invariants 1 and 2: the same title typed again another way.
    const std::string key = comparison_key("高精度伺服系统温漂补偿技术 (二期)");
    CHECK(key == comparison_key("高精度伺服系统 温漂补偿技术（二期）"));
    CHECK(key == comparison_key("\u3000高精度伺服系统温漂补偿技术——二期。"));
    CHECK(comparison_key("ＡＩ视觉检测") == comparison_key("ai 视觉-检测"));
    CHECK(comparison_key("《新材料》研发、应用") == comparison_key("新材料研发应用"));
    CHECK(comparison_key("91440703MA4U11114 2") == comparison_key("91440703ma4u111142"));
}

TEST_CASE("comparison key: different words stay different") {
    CHECK(comparison_key("高精度伺服系统温漂补偿") != comparison_key("高精度伺服系统温度补偿"));
    CHECK(comparison_key("AI视觉检测2") != comparison_key("AI视觉检测3"));
    CHECK(comparison_key("AI视觉检测") == "ai视觉检测");
}

TEST_CASE("comparison key: only punctuation or invalid UTF-8 has the empty key") {
    // Invariant 3 and the end of invariant 2: nothing left to compare.
    CHECK(comparison_key(" 。，—— ").empty());
    CHECK(comparison_key("").empty());
    CHECK(comparison_key("ab\xC0\xAF").empty());
}

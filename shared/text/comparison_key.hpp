// shared/text/comparison_key.hpp — the key under which two texts count as "the same" for staff: the
// possible-duplicate check of the aggregator (docs/review.md, flag possible_duplicate) compares titles and
// USCCs by it, so that a title typed again with other spaces, full-width letters or other punctuation is
// still found.
// Invariants:
//  1. Full-width ASCII (U+FF01..U+FF5E) reads as ASCII and the ideographic space as a space; ASCII letters
//     are lower-cased.
//  2. Whitespace, ASCII punctuation and symbols, general punctuation (U+2000..U+206F), CJK symbols and
//     punctuation (U+3000..U+303F), CJK compatibility forms (U+FE30..U+FE4F) and half-width CJK
//     punctuation (U+FF5F..U+FF65) are dropped; letters, digits and ideographs are kept in order.
//  3. Text that is not valid UTF-8 has the empty key (it is compared with nothing).
#pragma once

#include <string>
#include <string_view>

namespace jiebang::text {

std::string comparison_key(std::string_view text);

}  // namespace jiebang::text

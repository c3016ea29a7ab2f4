// shared/base/version.cpp — comparing announced software versions (rules in version.hpp).
#include "shared/base/version.hpp"

#include <algorithm>
#include <cstdint>

namespace jiebang {
namespace {

struct ParsedVersion {
    std::vector<std::uint64_t> numbers;
    std::string_view suffix;  // what follows the numbers ("-rc1"), or the whole text when it has none
    bool has_numbers = false;
};

ParsedVersion parse(std::string_view text) {
    ParsedVersion parsed;
    std::size_t position = 0;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
        std::uint64_t number = 0;
        while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
            if (number < 1'000'000'000'000ULL)  // a longer run compares as the largest: no overflow
                number = number * 10 + static_cast<std::uint64_t>(text[position] - '0');
            ++position;
        }
        parsed.numbers.push_back(number);
        parsed.has_numbers = true;
        if (position + 1 < text.size() && text[position] == '.' && text[position + 1] >= '0' &&
            text[position + 1] <= '9') {
            ++position;
            continue;
        }
        break;
    }
    parsed.suffix = text.substr(position);
    return parsed;
}

}  // namespace

int compare_software_versions(std::string_view left, std::string_view right) {
    const ParsedVersion a = parse(left);
    const ParsedVersion b = parse(right);
    if (a.has_numbers != b.has_numbers)
        return a.has_numbers ? 1 : -1;
    const std::size_t parts = std::max(a.numbers.size(), b.numbers.size());
    for (std::size_t index = 0; index < parts; ++index) {
        const std::uint64_t x = index < a.numbers.size() ? a.numbers[index] : 0;
        const std::uint64_t y = index < b.numbers.size() ? b.numbers[index] : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (a.suffix.empty() != b.suffix.empty())
        return a.suffix.empty() ? 1 : -1;
    const int text = a.suffix.compare(b.suffix);
    return text < 0 ? -1 : (text > 0 ? 1 : 0);
}

std::string newest_software_version(const std::vector<std::string>& versions) {
    std::string newest;
    for (const std::string& version : versions) {
        if (version.empty())
            continue;
        if (newest.empty() || compare_software_versions(version, newest) > 0)
            newest = version;
    }
    return newest;
}

}  // namespace jiebang

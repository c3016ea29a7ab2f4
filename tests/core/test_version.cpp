// tests/core/test_version.cpp — the software version comes from CMake (project(VERSION) → JIEBANG_VERSION →
// shared/base/version.hpp) and nowhere else: no source file outside the tests spells it.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "shared/base/version.hpp"

namespace fs = std::filesystem;

// checks version.hpp's invariant
TEST_CASE("version: one number from CMake, spelled by no source file") {
    const std::string version(jiebang::software_version);
    CHECK(std::regex_match(version, std::regex(R"(\d+\.\d+\.\d+)")));
    const fs::path root = fs::path(JIEBANG_SOURCE_ASSETS_DIR).parent_path();
    const std::string literal = "\"" + version + "\"";
    int files = 0;
    for (const char* area : {"shared", "sync", "kiosk", "cli", "platform"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / area)) {
            const auto extension = entry.path().extension();
            if (extension != ".cpp" && extension != ".hpp" && extension != ".h")
                continue;
            std::ifstream stream(entry.path(), std::ios::binary);
            std::ostringstream text;
            text << stream.rdbuf();
            ++files;
            CHECK_MESSAGE(text.str().find(literal) == std::string::npos,
                          entry.path().string() << " spells the version " << literal);
        }
    }
    CHECK(files > 50);  // the tree was found and read
}

// checks version.hpp's comparison rules 1 and 2 (what the fleet view marks as an older release)
TEST_CASE("version: announced versions compare by their numbers and a suffix is a pre-release") {
    using jiebang::compare_software_versions;
    CHECK(compare_software_versions("0.10.0", "0.9.9") > 0);  // numbers, not text
    CHECK(compare_software_versions("0.9.9", "0.10.0") < 0);
    CHECK(compare_software_versions("1.2", "1.2.0") == 0);  // a missing part is 0
    CHECK(compare_software_versions("0.2.0-rc1", "0.2.0") < 0);
    CHECK(compare_software_versions("0.2.0-rc2", "0.2.0-rc1") > 0);
    CHECK(compare_software_versions("unknown", "0.0.1") < 0);
    CHECK(compare_software_versions("0.1.0", "0.1.0") == 0);
    CHECK(compare_software_versions("99999999999999999999.0", "1.0") > 0);  // no overflow
    CHECK(jiebang::newest_software_version({"0.1.0", "", "0.10.0", "0.9.0", "0.10.0-rc1"}) == "0.10.0");
    CHECK(jiebang::newest_software_version({}).empty());
}

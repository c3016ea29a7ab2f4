// shared/base/version.hpp — the software version: project(VERSION ...) in the top CMakeLists.txt is the only
// place it is written; CMake hands it to every target that links the core (JIEBANG_VERSION). The terminal
// shows it on the admin screen and the receipt, the sync agent and the county upstream send it in HELLO.
// Invariant: no source file spells a version number itself (tests/core/test_version.cpp checks it).
// Staff compare the versions nodes announce (docs/protocol.md 19.3) with compare_software_versions:
//  1. Dot-separated numeric parts compare as numbers ("0.10.0" is newer than "0.9.9"); a missing part is 0.
//  2. After the numbers, a version with a suffix ("0.2.0-rc1") is older than the same numbers without one;
//     two suffixes compare as text. Text that does not start with a digit is older than any number.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#ifndef JIEBANG_VERSION
#error "JIEBANG_VERSION comes from CMake (jiebang_core's compile definitions); build through CMake"
#endif

namespace jiebang {

inline constexpr std::string_view software_version = JIEBANG_VERSION;

// Negative when `left` is older than `right`, 0 when the same release, positive when newer (rules above).
int compare_software_versions(std::string_view left, std::string_view right);
// The newest of `versions` by compare_software_versions; empty when there are none (empty texts ignored).
std::string newest_software_version(const std::vector<std::string>& versions);

}  // namespace jiebang

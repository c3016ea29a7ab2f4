// shared/base/version.hpp — the software version: project(VERSION ...) in the top CMakeLists.txt is the only
// place it is written; CMake hands it to every target that links the core (JIEBANG_VERSION). The terminal
// shows it on the admin screen and the receipt, the sync agent and the county upstream send it in HELLO.
// Invariant: no source file spells a version number itself (tests/core/test_version.cpp checks it).
#pragma once

#include <string_view>

#ifndef JIEBANG_VERSION
#error "JIEBANG_VERSION comes from CMake (jiebang_core's compile definitions); build through CMake"
#endif

namespace jiebang {

inline constexpr std::string_view software_version = JIEBANG_VERSION;

}  // namespace jiebang

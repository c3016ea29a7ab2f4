// tests/input/test_support.hpp — shared helpers for the input tests: one librime engine per test process
// in a fresh temporary terminal data directory (removed at exit), and the zinnia model from Debian.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "kiosk/input/input_paths.hpp"
#include "kiosk/input/pinyin_engine.hpp"

namespace jiebang::input::testing {

// A temporary directory for this test process, removed when the process ends.
class TemporaryDirectory {
  public:
    TemporaryDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "jiebang-input-XXXXXX").string();
        if (mkdtemp(pattern.data()) != nullptr)
            path_ = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        if (!path_.empty())
            std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

inline const std::filesystem::path& terminal_data_directory() {
    static TemporaryDirectory directory;
    return directory.path();
}

inline PinyinEngine& pinyin_engine() {
    static PinyinEngine* engine = [] {
        auto started = PinyinEngine::start(input_method_paths(terminal_data_directory()));
        REQUIRE_MESSAGE(started.ok(),
                        (started.ok() ? "" : started.error().code + ": " + started.error().detail));
        return *started;
    }();
    return *engine;
}

inline std::filesystem::path zinnia_model() {
    return input_method_paths(terminal_data_directory()).zinnia_model;
}

}  // namespace jiebang::input::testing

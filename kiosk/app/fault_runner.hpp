// kiosk/app/fault_runner.hpp — "never a dead screen": when the terminal cannot start its service (a full disk,
// a damaged store, a missing font, broken assets, unreadable keys) it does not exit. It shows a screen that
// tells the applicant the terminal is out of service and to ask at the window, and tells the attendant what is
// wrong (in words, the error's code and the file it concerns, free space in the data folder) and what to do.
// It runs the same frame loop contract as the terminal: READY=1 after its first frame and WATCHDOG=1 from the
// loop, so systemd neither restarts it in a loop nor kills it; SIGTERM ends it.
// Fonts: the configured faces if they load, else the first CJK font found among the system's usual files, else
// Dear ImGui's built-in font with the English texts only (it has no Chinese glyphs). Texts: the string
// catalogue if it loads, else built-in English.
// Invariants: (1) nothing in the data folder is written or removed (the damaged store stays as found, for the
// technician); (2) the screen names the error's code; (3) scripted runs accept only wait, expect-text,
// expect-no-text, expect-widget, screenshot and quit (there is nothing to tap).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "platform/display/display.hpp"
#include "platform/script/script.hpp"
#include "platform/system/systemd_notifier.hpp"
#include "shared/base/result.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::kiosk {

// Which explanation the attendant gets: kiosk.fault.cause.<name>.
std::string_view fault_cause(const Error& error, std::optional<std::uint64_t> free_disk_bytes);

class FaultRunner {
  public:
    FaultRunner(platform::Display& display, std::filesystem::path assets_directory,
                std::filesystem::path data_directory, Error error);

    // Fonts and texts, with the fallbacks above; never fails.
    void prepare();
    int run_interactive(platform::SystemdNotifier& systemd);
    int run_script(const std::vector<platform::ScriptCommand>& commands,
                   const std::filesystem::path& screenshots);
    Status frame(const std::filesystem::path* screenshot = nullptr);

  private:
    std::string text(const std::string& key,
                     const std::vector<std::pair<std::string, std::string>>& arguments = {}) const;
    void draw();

    platform::Display& display_;
    std::filesystem::path assets_directory_;
    std::filesystem::path data_directory_;
    Error error_;
    std::optional<StringCatalog> strings_;
    bool chinese_ = false;   // a font with Chinese glyphs was loaded
    std::string font_note_;  // which font is used, for the attendant
};

}  // namespace jiebang::kiosk

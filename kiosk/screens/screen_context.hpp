// kiosk/screens/screen_context.hpp — what every screen gets: read-only state and catalogues, where to push
// intents, and the rectangle it may draw in (the display minus the keyboard band).
// Invariant: a screen draws from `state` and pushes intents; it holds no state of its own between frames
// (anything that must survive lives in AppState) and never reaches the store, the sync agent or the printer.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/app/app_state.hpp"
#include "kiosk/app/intent.hpp"
#include "shared/forms/validation.hpp"
#include "shared/policy/profile.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::kiosk {

struct ScreenContext {
    const AppState& state;
    const StringCatalog& strings;
    const FormDefinition& form;  // the session's form (demand or bid)
    const Profile& profile;
    ValidationContext validation;              // form + profile + board
    std::vector<const StepDefinition*> steps;  // the session form's steps under the profile
    IntentQueue& intents;
    ImVec2 origin;  // the screen's drawing area (the display minus the keyboard band)
    ImVec2 size;
    bool keyboard_open = false;  // then there is no bottom bar: the body gets its room

    // In the elder-friendly mode a key's simpler wording ("<key>.elder") where the catalogue has one.
    std::string wording(std::string_view key) const {
        if (state.elder_mode) {
            std::string simpler = std::string(key) + ".elder";
            if (strings.has(simpler))
                return simpler;
        }
        return std::string(key);
    }
    const std::string& text(std::string_view key) const { return strings.text(wording(key)); }
    std::string format(std::string_view key,
                       const std::vector<std::pair<std::string, std::string>>& arguments) const {
        return strings.format(wording(key), arguments);
    }
};

}  // namespace jiebang::kiosk

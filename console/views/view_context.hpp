// console/views/view_context.hpp — what every view of the staff console gets: the state to read, the
// application's labels (read-only), the text buffers it may edit in place, where to push intents, and the
// rectangle it may draw in.
// Invariant: a view draws from `state`, edits only `edits`, pushes intents, keeps nothing between frames and
// never reaches the aggregator (console_application.hpp invariant A1).
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "console/app/console_application.hpp"
#include "console/app/console_intent.hpp"
#include "console/app/console_state.hpp"

namespace jiebang::console {

struct ViewContext {
    const ConsoleState& state;
    const ConsoleApplication& application;
    EditBuffers& edits;
    IntentQueue& intents;
    ImVec2 origin;
    ImVec2 size;
    // The summary table preview as a texture the runner owns (nullptr: none yet); state.batches.preview says
    // its size.
    ImTextureID summary_preview = nullptr;

    const std::string& text(std::string_view key) const { return application.catalogues().strings.text(key); }
    std::string format(std::string_view key,
                       const std::vector<std::pair<std::string, std::string>>& arguments) const {
        return application.catalogues().strings.format(key, arguments);
    }
};

// A borderless window filling the context's rectangle; always call end_view().
void begin_view(const char* window_name, const ViewContext& context, bool scrollable = false);
void end_view();

}  // namespace jiebang::console

// kiosk/app/speech_cues.hpp — what voice guidance reads for the state on screen (the utterance builder). Pure:
// no audio, no SDL; the Application diffs the cues against what it already said and hands new text to the
// speech engine (platform/speech/speech_engine.hpp). docs/terminal.md "Voice guidance".
// Invariants:
//  1. Every word comes from the string catalogue (assets/strings/zh-CN/kiosk.json "kiosk.voice.*") or the
//     form's and profile's own Chinese texts; nothing is a literal here.
//  2. Nothing the applicant typed is ever read aloud (others stand near a hall terminal): labels, help, error
//     messages, counts and the receipt number only.
//  3. A cue's key names what it reads (the page, a field, an error code): the same key is said once per page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/app/app_state.hpp"
#include "shared/forms/validation.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::kiosk {

struct SpeechCue {
    std::string key;
    std::string text;
};

// The page being shown (a screen, a wizard step or question, a receipt) and what to read on it, in order.
struct SpeechCues {
    std::string page;
    std::vector<SpeechCue> cues;
};

SpeechCues speech_cues(const AppState& state, const StringCatalog& strings,
                       const ValidationContext& validation, const std::vector<const StepDefinition*>& steps);

// The question: the field's label and its help.
std::string field_utterance(const StringCatalog& strings, const FieldDefinition& field);
// An inline error as the screen shows it, with the field it concerns.
std::string error_utterance(const StringCatalog& strings, const FieldDefinition& field, const Error& error);
// The character counter, when asked (the read-count button).
std::string counter_utterance(const StringCatalog& strings, std::size_t count, int maximum);
// The receipt number, one character at a time (digits as words, dashes as pauses).
std::string receipt_number_utterance(const StringCatalog& strings, std::string_view number);
std::string step_utterance(const StringCatalog& strings, int number, int total, const StepDefinition& step);

}  // namespace jiebang::kiosk

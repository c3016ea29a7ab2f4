// kiosk/input/pinyin_engine.hpp — pinyin input through librime (schema luna_pinyin_simp, simplified output).
// PinyinEngine is librime itself: one per process (librime is a process-wide singleton). Starting it writes
// two small patches into the terminal's rime user directory — the schema list reduced to luna_pinyin_simp and
// the page size, and `translator/enable_user_dict: false` so that nothing one applicant types is learned
// and re-ranked for the next — then runs librime's deployer headlessly (first start: full deployment, later
// starts: only when the shared data changed).
// PinyinSession is one composition: feed it letters and editing keys, read the preedit and the current page
// of candidates, page, select, and take the committed text. `reset()` destroys the librime session (its
// commit history and any partial composition) and opens a fresh one: that is the per-applicant wipe.
// Invariants: no function throws; every text returned is valid UTF-8 from librime; one thread uses a session.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/input/input_paths.hpp"
#include "shared/base/result.hpp"

namespace jiebang::input {

struct PinyinEngineOptions {
    std::filesystem::path shared_data_directory = "/usr/share/rime-data";
    std::filesystem::path user_data_directory;  // created when missing; holds the deployed schema only
    int page_size = 8;                          // candidates per page of the candidate bar
};

struct PinyinDeployment {
    double deploy_milliseconds = 0;  // time spent in librime's deployer at this start
    bool full_check = false;         // true on the first start in this user directory
};

class PinyinEngine {
  public:
    // Starts librime once per process. A second call with the same user directory returns the running
    // engine; with another directory it fails (input.pinyin.already_started). Errors: input.pinyin.user_data
    // (directory not writable), input.pinyin.deploy (deployer failed), input.pinyin.schema_missing
    // (luna_pinyin_simp not available: install rime-data-luna-pinyin).
    static Result<PinyinEngine*> start(const PinyinEngineOptions& options);
    static Result<PinyinEngine*> start(const InputMethodPaths& paths);

    const PinyinEngineOptions& options() const { return options_; }
    const PinyinDeployment& deployment() const { return deployment_; }

    static constexpr const char* schema_id = "luna_pinyin_simp";

  private:
    PinyinEngine() = default;
    PinyinEngineOptions options_;
    PinyinDeployment deployment_;
};

struct PinyinCandidate {
    std::string text;
    std::string comment;  // librime's annotation (often empty)
};

// What the candidate bar shows.
struct PinyinComposition {
    std::string raw_input;  // the letters typed, e.g. "zhongguo"
    std::string preedit;    // librime's segmented form, e.g. "zhong guo" (with already chosen characters)
    std::vector<PinyinCandidate> candidates;  // the current page
    int page_number = 0;                      // 0-based
    bool last_page = true;
    bool composing() const { return !raw_input.empty(); }
};

// The effect of one key: any text librime committed (e.g. the full-width comma U+FF0C for ","), to be
// inserted first, and whether librime took the key; when it did not, the caller inserts the character itself
// (e.g. a digit).
struct PinyinKeyOutcome {
    bool handled = false;
    std::string committed;
};

class PinyinSession {
  public:
    // Errors: input.pinyin.session (librime refused a session), input.pinyin.schema_missing.
    static Result<PinyinSession> open(PinyinEngine& engine);
    ~PinyinSession();
    PinyinSession(PinyinSession&& other) noexcept;
    PinyinSession& operator=(PinyinSession&& other) noexcept;
    PinyinSession(const PinyinSession&) = delete;
    PinyinSession& operator=(const PinyinSession&) = delete;

    // Printable ASCII: lowercase letters and the apostrophe (syllable separator) compose; any other
    // character first commits the highlighted candidate, then goes to librime (punctuation becomes full
    // width).
    PinyinKeyOutcome type_character(char character);
    PinyinKeyOutcome backspace();  // removes the last letter of the composition
    PinyinKeyOutcome space();      // commits the highlighted candidate while composing
    PinyinKeyOutcome enter();      // commits the raw letters while composing
    PinyinKeyOutcome escape();     // drops the composition
    bool next_page();              // false when there is no further page
    bool previous_page();          // false on the first page
    // Chooses candidate `index_on_page`; returns the committed text (empty when the candidate covered only
    // part of the input and the composition goes on with the rest). Error: input.pinyin.no_candidate.
    Result<std::string> select_candidate(std::size_t index_on_page);

    PinyinComposition composition() const;
    bool composing() const;

    // Per-applicant wipe: a new librime session (no composition, no commit history).
    Status reset();

  private:
    explicit PinyinSession(std::uintptr_t session_id) : session_id_(session_id) {}
    PinyinKeyOutcome process(int key_symbol);
    std::string take_commit();
    std::uintptr_t session_id_ = 0;
};

}  // namespace jiebang::input

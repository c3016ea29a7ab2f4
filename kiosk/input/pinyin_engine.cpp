// kiosk/input/pinyin_engine.cpp — librime behind PinyinEngine / PinyinSession.
// Index: [SECTION] deployment patches, [SECTION] engine start, [SECTION] session.
// librime keeps global state: RimeSetup() may run once per process, so the engine is a process singleton.
// Keys go to librime as X11 keysyms (what its key bindings are written in).
#include "kiosk/input/pinyin_engine.hpp"

#include <rime_api.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

namespace jiebang::input {

namespace {

// X11 keysyms librime understands.
constexpr int key_backspace = 0xff08;
constexpr int key_return = 0xff0d;
constexpr int key_escape = 0xff1b;
constexpr int key_page_up = 0xff55;
constexpr int key_page_down = 0xff56;
constexpr int key_space = 0x20;

// [SECTION] deployment patches ---------------------------------------------------------------------------

// Only our schema is deployed (faster first start, no warnings about schemas Debian does not ship).
std::string default_patch(int page_size) {
    std::ostringstream text;
    text << "# Written by jiebang at every start; edits are overwritten.\n"
         << "patch:\n"
         << "  schema_list:\n"
         << "    - schema: " << PinyinEngine::schema_id << "\n"
         << "  menu/page_size: " << page_size << "\n";
    return text.str();
}

// No user dictionary: what one applicant selects never re-ranks candidates for the next one.
std::string schema_patch() {
    return "# Written by jiebang at every start; edits are overwritten.\n"
           "# No learning: one applicant's choices must not re-rank candidates for the next applicant.\n"
           "patch:\n"
           "  translator/enable_user_dict: false\n";
}

std::string read_whole_file(const std::filesystem::path& path) {
    std::ifstream input(path, std::ios::binary);
    if (!input)
        return {};
    std::ostringstream contents;
    contents << input.rdbuf();
    return contents.str();
}

// Writes `contents` when the file differs; returns whether it wrote, or an error.
Result<bool> write_if_changed(const std::filesystem::path& path, const std::string& contents) {
    if (read_whole_file(path) == contents)
        return false;
    std::ofstream output(path, std::ios::binary | std::ios::trunc);
    output << contents;
    output.close();
    if (!output)
        return Error("input.pinyin.user_data", path.string(), "cannot write rime patch file");
    return true;
}

// [SECTION] engine start -------------------------------------------------------------------------------

struct RunningEngine {
    std::unique_ptr<PinyinEngine> engine;
    // librime keeps the char* it was given in its traits; keep the strings alive for the process.
    std::string shared_data;
    std::string user_data;
    std::string log_directory;
};

RunningEngine& running_engine() {
    static RunningEngine running;
    return running;
}

}  // namespace

Result<PinyinEngine*> PinyinEngine::start(const InputMethodPaths& paths) {
    PinyinEngineOptions options;
    options.shared_data_directory = paths.rime_shared_data;
    options.user_data_directory = paths.rime_user_data;
    return start(options);
}

Result<PinyinEngine*> PinyinEngine::start(const PinyinEngineOptions& options) {
    RunningEngine& running = running_engine();
    if (running.engine) {
        if (running.engine->options_.user_data_directory == options.user_data_directory) {
            return running.engine.get();
        }
        return Error("input.pinyin.already_started", options.user_data_directory.string(),
                     "librime runs once per process, already started with " + running.user_data);
    }
    if (options.user_data_directory.empty()) {
        return Error("input.pinyin.user_data", "", "no rime user data directory given");
    }
    if (!std::filesystem::exists(options.shared_data_directory / "luna_pinyin.dict.yaml")) {
        return Error("input.pinyin.schema_missing", options.shared_data_directory.string(),
                     "luna_pinyin dictionary not found (install rime-data-luna-pinyin)");
    }
    std::error_code filesystem_error;
    std::filesystem::create_directories(options.user_data_directory / "log", filesystem_error);
    if (filesystem_error) {
        return Error("input.pinyin.user_data", options.user_data_directory.string(),
                     filesystem_error.message());
    }
    auto default_written = write_if_changed(options.user_data_directory / "default.custom.yaml",
                                            default_patch(options.page_size));
    if (!default_written)
        return default_written.error();
    auto schema_written = write_if_changed(
        options.user_data_directory / (std::string(schema_id) + ".custom.yaml"), schema_patch());
    if (!schema_written)
        return schema_written.error();
    const bool full_check = *default_written || *schema_written ||
                            !std::filesystem::exists(options.user_data_directory / "build" /
                                                     (std::string(schema_id) + ".schema.yaml"));

    running.shared_data = options.shared_data_directory.string();
    running.user_data = options.user_data_directory.string();
    running.log_directory = (options.user_data_directory / "log").string();

    RIME_STRUCT(RimeTraits, traits);
    traits.shared_data_dir = running.shared_data.c_str();
    traits.user_data_dir = running.user_data.c_str();
    traits.distribution_name = "jiebang";
    traits.distribution_code_name = "jiebang";
    traits.distribution_version = "1";
    traits.app_name = "rime.jiebang";
    traits.min_log_level = 2;  // errors only; librime never logs what is typed at that level
    traits.log_dir = running.log_directory.c_str();

    const auto deploy_started = std::chrono::steady_clock::now();
    RimeSetup(&traits);
    RimeInitialize(&traits);
    if (RimeStartMaintenance(full_check ? True : False))
        RimeJoinMaintenanceThread();
    const auto deploy_finished = std::chrono::steady_clock::now();

    auto engine = std::unique_ptr<PinyinEngine>(new PinyinEngine());
    engine->options_ = options;
    engine->deployment_.full_check = full_check;
    engine->deployment_.deploy_milliseconds =
        std::chrono::duration<double, std::milli>(deploy_finished - deploy_started).count();
    running.engine = std::move(engine);

    // Prove the schema works before reporting success.
    auto probe = PinyinSession::open(*running.engine);
    if (!probe) {
        RimeFinalize();
        running.engine.reset();
        return probe.error();
    }
    return running.engine.get();
}

// [SECTION] session ------------------------------------------------------------------------------------

namespace {

// A librime session with our schema selected, or the reason there is none.
Result<RimeSessionId> create_schema_session() {
    const RimeSessionId session_id = RimeCreateSession();
    if (session_id == 0)
        return Error("input.pinyin.session", "", "librime refused to create a session");
    if (!RimeSelectSchema(session_id, PinyinEngine::schema_id)) {
        RimeDestroySession(session_id);
        return Error("input.pinyin.schema_missing", PinyinEngine::schema_id, "schema not deployed");
    }
    char current_schema[64] = {};
    if (!RimeGetCurrentSchema(session_id, current_schema, sizeof current_schema) ||
        std::string(current_schema) != PinyinEngine::schema_id) {
        RimeDestroySession(session_id);
        return Error("input.pinyin.schema_missing", PinyinEngine::schema_id, "schema not selectable");
    }
    return session_id;
}

}  // namespace

Result<PinyinSession> PinyinSession::open(PinyinEngine& /*engine*/) {
    auto session_id = create_schema_session();
    if (!session_id)
        return session_id.error();
    return PinyinSession(*session_id);
}

PinyinSession::~PinyinSession() {
    if (session_id_ != 0)
        RimeDestroySession(session_id_);
}

PinyinSession::PinyinSession(PinyinSession&& other) noexcept : session_id_(other.session_id_) {
    other.session_id_ = 0;
}

PinyinSession& PinyinSession::operator=(PinyinSession&& other) noexcept {
    if (this != &other) {
        if (session_id_ != 0)
            RimeDestroySession(session_id_);
        session_id_ = other.session_id_;
        other.session_id_ = 0;
    }
    return *this;
}

std::string PinyinSession::take_commit() {
    RIME_STRUCT(RimeCommit, commit);
    std::string text;
    if (RimeGetCommit(session_id_, &commit)) {
        if (commit.text != nullptr)
            text = commit.text;
        RimeFreeCommit(&commit);
    }
    return text;
}

PinyinKeyOutcome PinyinSession::process(int key_symbol) {
    PinyinKeyOutcome outcome;
    if (session_id_ == 0)
        return outcome;
    outcome.handled = RimeProcessKey(session_id_, key_symbol, 0) != 0;
    outcome.committed = take_commit();
    return outcome;
}

PinyinKeyOutcome PinyinSession::type_character(char character) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte < 0x20 || byte > 0x7e)
        return {};
    const bool letter = (byte >= 'a' && byte <= 'z') || byte == '\'';
    if (letter || !composing())
        return process(byte);
    // On glass, punctuation and digits end the composition (librime would page on ',' '.' and select on
    // digits): commit the highlighted candidate, then type the character.
    PinyinKeyOutcome finished = space();
    PinyinKeyOutcome typed = process(byte);
    typed.committed = finished.committed + typed.committed;
    return typed;
}

PinyinKeyOutcome PinyinSession::backspace() {
    return process(key_backspace);
}
PinyinKeyOutcome PinyinSession::space() {
    return process(key_space);
}
PinyinKeyOutcome PinyinSession::enter() {
    return process(key_return);
}
PinyinKeyOutcome PinyinSession::escape() {
    return process(key_escape);
}

bool PinyinSession::next_page() {
    if (!composing())
        return false;
    const int page_before = composition().page_number;
    process(key_page_down);
    return composition().page_number != page_before;
}

bool PinyinSession::previous_page() {
    if (!composing())
        return false;
    const int page_before = composition().page_number;
    process(key_page_up);
    return composition().page_number != page_before;
}

Result<std::string> PinyinSession::select_candidate(std::size_t index_on_page) {
    RimeApi* api = rime_get_api();
    if (session_id_ == 0 || !api->select_candidate_on_current_page(session_id_, index_on_page)) {
        return Error("input.pinyin.no_candidate", "", "no candidate at that index on this page")
            .with("index", std::to_string(index_on_page));
    }
    return take_commit();
}

PinyinComposition PinyinSession::composition() const {
    PinyinComposition result;
    if (session_id_ == 0)
        return result;
    if (const char* raw = rime_get_api()->get_input(session_id_); raw != nullptr)
        result.raw_input = raw;
    RIME_STRUCT(RimeContext, context);
    if (!RimeGetContext(session_id_, &context))
        return result;
    if (context.composition.preedit != nullptr)
        result.preedit = context.composition.preedit;
    result.page_number = context.menu.page_no;
    result.last_page = context.menu.is_last_page != 0;
    for (int index = 0; index < context.menu.num_candidates; ++index) {
        const RimeCandidate& candidate = context.menu.candidates[index];
        result.candidates.push_back(PinyinCandidate{candidate.text != nullptr ? candidate.text : "",
                                                    candidate.comment != nullptr ? candidate.comment : ""});
    }
    RimeFreeContext(&context);
    return result;
}

bool PinyinSession::composing() const {
    if (session_id_ == 0)
        return false;
    const char* raw = rime_get_api()->get_input(session_id_);
    return raw != nullptr && *raw != '\0';
}

Status PinyinSession::reset() {
    if (session_id_ != 0) {
        RimeDestroySession(session_id_);
        session_id_ = 0;
    }
    auto session_id = create_schema_session();
    if (!session_id)
        return session_id.error();
    session_id_ = *session_id;
    return ok_status();
}

}  // namespace jiebang::input

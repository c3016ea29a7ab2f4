// kiosk/keyboard/on_screen_keyboard.cpp — the ImGui on-screen keyboard (see on_screen_keyboard.hpp).
// Index: [SECTION] state, [SECTION] focus and wipe, [SECTION] editing, [SECTION] drawing helpers,
//        [SECTION] draw (candidate bar, key rows, handwriting pad).
// Every key, candidate, page button and the pad note their id and rectangle in platform::FrameRecord, so the
// scripted runner taps them like a finger. Input methods that fail to start leave Latin, symbols and digits.
#include "kiosk/keyboard/on_screen_keyboard.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <optional>
#include <set>

#include "kiosk/input/field_editor.hpp"
#include "kiosk/input/handwriting_recognizer.hpp"
#include "kiosk/input/input_paths.hpp"
#include "kiosk/input/pinyin_engine.hpp"
#include "kiosk/keyboard/keyboard_layouts.hpp"
#include "platform/script/frame_record.hpp"
#include "shared/text/strings.hpp"
#include "shared/text/utf8.hpp"

namespace jiebang::kiosk {

// [SECTION] state ----------------------------------------------------------------------------------------

namespace {

constexpr float design_key_height = 68.0f;  // the key height the other sizes below are designed against
constexpr float pad_box = 300.0f;           // recognizer coordinates of the handwriting pad
constexpr double notice_seconds = 3.0;

const ImU32 band_colour = IM_COL32(226, 230, 236, 255);
const ImU32 key_colour = IM_COL32(255, 255, 255, 255);
const ImU32 key_pressed_colour = IM_COL32(200, 214, 240, 255);
const ImU32 control_colour = IM_COL32(196, 203, 214, 255);
const ImU32 active_colour = IM_COL32(38, 110, 220, 255);
const ImU32 text_colour = IM_COL32(20, 24, 32, 255);
const ImU32 muted_colour = IM_COL32(90, 98, 110, 255);
const ImU32 notice_colour = IM_COL32(190, 30, 30, 255);
const ImU32 pad_colour = IM_COL32(255, 253, 240, 255);
const ImU32 guide_colour = IM_COL32(220, 200, 170, 255);
const ImU32 ink_colour = IM_COL32(20, 20, 20, 255);

}  // namespace

struct StartedInputMethods {
    std::optional<input::PinyinSession> pinyin;
    std::filesystem::path handwriting_model;  // set when the model loaded
    Status result;
};

// Everything the keyboard holds between frames (also what wipe() clears).
struct KeyboardState {
    KeyboardMetrics metrics;
    KeyboardTarget target;
    bool visible = false;
    KeyboardLayout layout = KeyboardLayout::Pinyin;
    bool shifted = false;
    input::FieldRules rules;
    // What the fonts can draw: a committed character outside it is refused with a notice (never a '?').
    std::shared_ptr<const input::FontCharacters> font_characters = std::make_shared<input::FontCharacters>();

    std::optional<StringCatalog> strings;
    std::optional<input::PinyinSession> pinyin;
    // The zinnia model (26 MB, every page read by each recognition) is loaded only while an applicant uses the
    // handwriting pad and dropped at the wipe; start_input_methods() checks once that it loads.
    std::filesystem::path handwriting_model;
    bool handwriting_available = false;
    std::optional<input::HandwritingRecognizer> recognizer;
    input::HandwritingStrokes strokes{pad_box, pad_box};
    std::vector<input::HandwritingCandidate> hand_candidates;
    bool input_methods_started = false;
    std::future<StartedInputMethods> starting;  // running start-up worker, if any
    Status start_result;                        // what the start-up reported
    std::string error;  // input_method_error(): why pinyin or handwriting is unavailable

    std::string notice;  // a refused key ("the field is full"), shown for a few seconds
    double notice_until = 0;

    std::set<char32_t> missing_glyphs;    // pending for take_missing_glyphs()
    std::set<char32_t> requested_glyphs;  // already handed over (never requested twice)

    bool chinese_available() const { return pinyin.has_value(); }
    std::string text(std::string_view key) const {
        return strings ? strings->text(key) : "[" + std::string(key) + "]";
    }
};

struct OnScreenKeyboard::State : KeyboardState {};

OnScreenKeyboard::OnScreenKeyboard() : state_(std::make_unique<State>()) {
    State& state = *state_;
    if (auto strings = StringCatalog::load(default_assets_directory())) {
        state.strings = std::move(*strings);
    } else {
        state.error = strings.error().code;
    }
}

namespace {

// What the start-up worker hands to the UI thread: librime and zinnia are started off the UI thread (librime
// deploys its schema on a terminal's first start) and only touched by the UI thread after the hand-over.
StartedInputMethods start_input_methods_now(const std::filesystem::path& terminal_data_directory) {
    StartedInputMethods started;
    const input::InputMethodPaths paths = input::input_method_paths(terminal_data_directory);
    if (auto engine = input::PinyinEngine::start(paths)) {
        if (auto session = input::PinyinSession::open(**engine)) {
            started.pinyin.emplace(std::move(*session));
        } else {
            started.result = session.error();
        }
    } else {
        started.result = engine.error();
    }
    // Checked, not opened: the model is loaded when an applicant first opens the pad (load_handwriting).
    if (auto probed = input::HandwritingRecognizer::probe(paths.zinnia_model)) {
        started.handwriting_model = paths.zinnia_model;
    } else if (started.result.ok()) {
        started.result = probed.error();
    }
    return started;
}

// Takes over what the start-up worker produced; waits for it when it is still running.
void finish_starting_input_methods(KeyboardState& state) {
    if (!state.starting.valid())
        return;
    StartedInputMethods started = state.starting.get();
    if (started.pinyin)
        state.pinyin.emplace(std::move(*started.pinyin));
    if (!started.handwriting_model.empty()) {
        state.handwriting_model = started.handwriting_model;
        state.handwriting_available = true;
    }
    if (!started.result.ok())
        state.error = started.result.error().code;
    state.start_result = started.result;
}

}  // namespace

void OnScreenKeyboard::start_input_methods_in_background(
    const std::filesystem::path& terminal_data_directory) {
    State& state = *state_;
    if (state.input_methods_started)
        return;
    state.input_methods_started = true;
    state.starting = std::async(std::launch::async, start_input_methods_now, terminal_data_directory);
}

std::optional<Status> OnScreenKeyboard::poll_input_methods() {
    State& state = *state_;
    if (!state.starting.valid() ||
        state.starting.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return std::nullopt;
    finish_starting_input_methods(state);
    return state.start_result;
}

Status OnScreenKeyboard::start_input_methods(const std::filesystem::path& terminal_data_directory) {
    start_input_methods_in_background(terminal_data_directory);
    finish_starting_input_methods(*state_);
    return state_->start_result;
}

OnScreenKeyboard::~OnScreenKeyboard() {
    if (state_->starting.valid())
        state_->starting.wait();
}

// [SECTION] focus and wipe -------------------------------------------------------------------------------

namespace {

KeyboardLayout initial_layout(FieldKind kind, bool chinese_available) {
    if (input::uses_numeric_pad(kind))
        return KeyboardLayout::NumericPad;
    if (kind == FieldKind::Email || kind == FieldKind::Uscc || !chinese_available)
        return KeyboardLayout::Latin;
    return KeyboardLayout::Pinyin;
}

// Loads the handwriting model when the applicant first opens the pad in this session (a few milliseconds).
bool load_handwriting(KeyboardState& state) {
    if (state.recognizer)
        return true;
    if (!state.handwriting_available)
        return false;
    auto recognizer = input::HandwritingRecognizer::open(state.handwriting_model);
    if (!recognizer) {
        state.error = recognizer.error().code;
        state.handwriting_available = false;
        return false;
    }
    state.recognizer.emplace(std::move(*recognizer));
    return true;
}

void drop_composition(KeyboardState& state) {
    if (state.pinyin && state.pinyin->composing())
        state.pinyin->escape();
    state.strokes.clear();
    state.hand_candidates.clear();
}

}  // namespace

void OnScreenKeyboard::request_focus(const KeyboardTarget& target) {
    State& state = *state_;
    if (!state.input_methods_started)
        start_input_methods_in_background(input::default_terminal_data_directory());
    finish_starting_input_methods(state);
    const bool same_field =
        state.visible && state.target.field_id == target.field_id && state.target.kind == target.kind;
    state.target = target;
    state.visible = true;
    state.rules = input::field_rules_for(target.kind, target.max_chars, target.multiline);
    state.rules.characters = state.font_characters.get();
    if (same_field)
        return;
    drop_composition(state);
    state.layout = initial_layout(target.kind, state.chinese_available());
    state.shifted = target.kind == FieldKind::Uscc;
    state.notice.clear();
}

void OnScreenKeyboard::release_focus() {
    State& state = *state_;
    drop_composition(state);
    state.visible = false;
    state.notice.clear();
}

bool OnScreenKeyboard::visible() const {
    return state_->visible;
}
const KeyboardTarget& OnScreenKeyboard::target() const {
    return state_->target;
}
KeyboardLayout OnScreenKeyboard::layout() const {
    return state_->layout;
}
const std::string& OnScreenKeyboard::input_method_error() const {
    return state_->error;
}

void OnScreenKeyboard::wipe() {
    State& state = *state_;
    finish_starting_input_methods(state);
    if (state.pinyin) {
        if (auto reset = state.pinyin->reset(); !reset) {
            state.error = reset.error().code;
            state.pinyin.reset();
        }
    }
    state.strokes.clear();
    state.hand_candidates.clear();
    state.recognizer.reset();
    state.notice.clear();
    state.visible = false;
    state.shifted = false;
    state.target = KeyboardTarget{};
    state.rules = input::FieldRules{};
    state.layout = initial_layout(FieldKind::Text, state.chinese_available());
}

void OnScreenKeyboard::set_font_characters(std::shared_ptr<const input::FontCharacters> characters) {
    state_->font_characters = std::move(characters);
    state_->rules.characters = state_->font_characters.get();
}

std::vector<char32_t> OnScreenKeyboard::take_missing_glyphs() {
    State& state = *state_;
    std::vector<char32_t> taken(state.missing_glyphs.begin(), state.missing_glyphs.end());
    state.requested_glyphs.insert(state.missing_glyphs.begin(), state.missing_glyphs.end());
    state.missing_glyphs.clear();
    return taken;
}

void OnScreenKeyboard::set_metrics(const KeyboardMetrics& metrics) {
    state_->metrics = metrics;
}

float OnScreenKeyboard::height(float /*display_height*/) const {
    const KeyboardMetrics& metrics = state_->metrics;
    // The candidate bar is one key high; five rows of keys (four on the numeric pad).
    const int rows = state_->layout == KeyboardLayout::NumericPad ? 4 : 5;
    return static_cast<float>(rows + 1) * metrics.key_height + static_cast<float>(rows + 2) * metrics.gap;
}

// [SECTION] editing --------------------------------------------------------------------------------------

namespace {

// Records characters of `text` that the current font cannot draw (the platform extends the atlas).
void note_missing_glyphs(KeyboardState& state, std::string_view text);

}  // namespace

// Everything a key does to the field goes through here: one edit applied, refused with a notice, or ignored.
class KeyboardEditor {
  public:
    KeyboardEditor(KeyboardState& state, std::string& field) : state_(state), field_(field) {}

    bool changed() const { return changed_; }

    void commit(const std::string& text) {
        if (text.empty())
            return;
        if (auto appended = input::append_to_field(field_, text, state_.rules); !appended) {
            refuse(appended.error());
            return;
        }
        changed_ = true;
        note_missing_glyphs(state_, text);
    }

    void refuse(const Error& error) {
        state_.notice = state_.strings ? state_.strings->message(error) : error.code;
        state_.notice_until = ImGui::GetTime() + notice_seconds;
    }

    void type(const std::string& text) {
        std::string typed = text;
        if (state_.shifted && state_.layout == KeyboardLayout::Latin && typed.size() == 1 &&
            typed[0] >= 'a' && typed[0] <= 'z') {
            typed[0] = static_cast<char>(typed[0] - 'a' + 'A');
        }
        if (state_.layout == KeyboardLayout::Pinyin && state_.pinyin && typed.size() == 1) {
            const input::PinyinKeyOutcome outcome = state_.pinyin->type_character(typed[0]);
            commit(outcome.committed);
            if (!outcome.handled)
                commit(typed);
            return;
        }
        commit(typed);
    }

    void backspace() {
        if (state_.layout == KeyboardLayout::Pinyin && state_.pinyin && state_.pinyin->composing()) {
            state_.pinyin->backspace();
            return;
        }
        if (input::backspace_field(field_))
            changed_ = true;
    }

    void space() {
        if (state_.layout == KeyboardLayout::Pinyin && state_.pinyin && state_.pinyin->composing()) {
            commit(state_.pinyin->space().committed);
            return;
        }
        commit(" ");
    }

    // Returns false when enter closes the keyboard (one-line field, nothing composing).
    bool enter() {
        if (state_.layout == KeyboardLayout::Pinyin && state_.pinyin && state_.pinyin->composing()) {
            commit(state_.pinyin->enter().committed);
            return true;
        }
        if (state_.rules.multiline) {
            commit("\n");
            return true;
        }
        return false;
    }

    void choose_pinyin(std::size_t index) {
        if (!state_.pinyin)
            return;
        auto committed = state_.pinyin->select_candidate(index);
        if (!committed) {
            refuse(committed.error());
            return;
        }
        commit(*committed);
    }

    void choose_handwriting(std::size_t index) {
        if (index >= state_.hand_candidates.size())
            return;
        commit(state_.hand_candidates[index].text);
        state_.strokes.clear();
        state_.hand_candidates.clear();
    }

  private:
    KeyboardState& state_;
    std::string& field_;
    bool changed_ = false;
};

namespace {

void note_missing_glyphs(KeyboardState& state, std::string_view text) {
    ImFont* font = ImGui::GetFont();
    if (font == nullptr)
        return;
    const auto code_points = utf8::decode(text);
    if (!code_points)
        return;
    for (char32_t code_point : *code_points) {
        if (code_point < 0x20 || code_point > 0xFFFF)
            continue;
        if (state.requested_glyphs.count(code_point) != 0)
            continue;
        if (font->FindGlyphNoFallback(static_cast<ImWchar>(code_point)) == nullptr) {
            state.missing_glyphs.insert(code_point);
        }
    }
}

void recognise_strokes(KeyboardState& state) {
    state.hand_candidates.clear();
    if (!state.recognizer || state.strokes.empty())
        return;
    if (auto candidates = state.recognizer->recognize(state.strokes, 10)) {
        state.hand_candidates = std::move(*candidates);
        for (const auto& candidate : state.hand_candidates)
            note_missing_glyphs(state, candidate.text);
    }
}

// [SECTION] drawing helpers ------------------------------------------------------------------------------

// A touch key: a button noting its id and label for scripted input. Returns true when tapped.
bool touch_key(const std::string& id, const std::string& label, ImVec2 position, ImVec2 size, ImU32 fill,
               bool enabled = true) {
    ImGui::SetCursorScreenPos(position);
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("key", size);
    const bool held = ImGui::IsItemActive();
    platform::note_widget(id, enabled);
    ImGui::PopID();
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const ImVec2 corner(position.x + size.x, position.y + size.y);
    draw_list->AddRectFilled(position, corner, held ? key_pressed_colour : fill);  // square: one blit
    draw_list->AddRect(position, corner, IM_COL32(170, 176, 186, 255));
    if (!label.empty()) {
        const ImVec2 text_size = ImGui::CalcTextSize(label.c_str());
        // Whole pixels: a label between pixels is resampled, and thin strokes (the bar of an 'e') fade.
        const ImVec2 text_position(std::floor(position.x + (size.x - text_size.x) / 2),
                                   std::floor(position.y + (size.y - text_size.y) / 2));
        const ImU32 colour = !enabled ? muted_colour : fill == active_colour ? IM_COL32_WHITE : text_colour;
        draw_list->AddText(text_position, colour, label.c_str());
        platform::note_text(label);
    }
    return pressed && enabled;
}

}  // namespace

// [SECTION] draw -----------------------------------------------------------------------------------------

bool OnScreenKeyboard::draw(std::string& text, float top, float width, float band_height) {
    State& state = *state_;
    if (!state.visible)
        return false;
    // Sizes other than the keys' own are designed against a 68 px key and follow the key height.
    const float scale = state.metrics.key_height / design_key_height;
    const float spacing = state.metrics.gap;
    KeyboardEditor editor(state, text);

    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(width, band_height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, band_colour);
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                                       ImGuiWindowFlags_NoFocusOnAppearing;
    ImGui::Begin("##jiebang_on_screen_keyboard", nullptr, flags);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();

    // Candidate bar: composition, candidates and paging; otherwise the hint, the counter and notices.
    const float bar_height = state.metrics.key_height;
    const ImVec2 bar_min(spacing, top + spacing);
    const float bar_width = width - 2 * spacing;
    float bar_cursor = bar_min.x + 2 * spacing;  // words in the bar do not touch the screen's edge
    const float text_offset_y = (bar_height - ImGui::GetTextLineHeight()) / 2;
    const bool notice_active = !state.notice.empty() && ImGui::GetTime() < state.notice_until;
    if (!notice_active)
        state.notice.clear();

    const bool pinyin_bar =
        state.layout == KeyboardLayout::Pinyin && state.pinyin && state.pinyin->composing();
    const bool hand_bar = state.layout == KeyboardLayout::Handwriting && !state.hand_candidates.empty();
    if (pinyin_bar) {
        const input::PinyinComposition composition = state.pinyin->composition();
        for (const auto& candidate : composition.candidates)
            note_missing_glyphs(state, candidate.text);
        draw_list->AddText(ImVec2(bar_cursor, bar_min.y + text_offset_y), active_colour,
                           composition.preedit.c_str());
        platform::note_text(composition.preedit);
        bar_cursor += std::max(ImGui::CalcTextSize(composition.preedit.c_str()).x + 3 * spacing, 160 * scale);
        const float page_button_width = 96 * scale;
        const float candidates_end = bar_min.x + bar_width - 2 * (page_button_width + spacing);
        for (std::size_t index = 0; index < composition.candidates.size(); ++index) {
            const std::string& label = composition.candidates[index].text;
            const float candidate_width =
                std::max(ImGui::CalcTextSize(label.c_str()).x + 32 * scale, 72 * scale);
            if (bar_cursor + candidate_width > candidates_end)
                break;
            if (touch_key("kb.candidate." + std::to_string(index), label, ImVec2(bar_cursor, bar_min.y),
                          ImVec2(candidate_width, bar_height), index == 0 ? active_colour : key_colour)) {
                editor.choose_pinyin(index);
            }
            bar_cursor += candidate_width + spacing;
        }
        const ImVec2 page_size(page_button_width, bar_height);
        const float previous_x = bar_min.x + bar_width - 2 * page_button_width - spacing;
        if (touch_key("kb.page.previous", "<", ImVec2(previous_x, bar_min.y), page_size, control_colour,
                      composition.page_number > 0)) {
            state.pinyin->previous_page();
        }
        if (touch_key("kb.page.next", ">", ImVec2(previous_x + page_button_width + spacing, bar_min.y),
                      page_size, control_colour, !composition.last_page)) {
            state.pinyin->next_page();
        }
    } else if (hand_bar) {
        for (std::size_t index = 0; index < state.hand_candidates.size(); ++index) {
            const std::string& label = state.hand_candidates[index].text;
            const float candidate_width = 88 * scale;
            if (bar_cursor + candidate_width > bar_min.x + bar_width)
                break;
            if (touch_key("kb.candidate." + std::to_string(index), label, ImVec2(bar_cursor, bar_min.y),
                          ImVec2(candidate_width, bar_height), index == 0 ? active_colour : key_colour)) {
                editor.choose_handwriting(index);
            }
            bar_cursor += candidate_width + spacing;
        }
    } else {
        std::string hint;
        if (notice_active) {
            hint = state.notice;
        } else if (!state.chinese_available() && state.layout != KeyboardLayout::NumericPad) {
            hint = state.text("input.unavailable");
        } else if (state.layout == KeyboardLayout::Pinyin) {
            hint = state.text("input.pinyin.hint");
        } else if (state.layout == KeyboardLayout::Handwriting) {
            hint = state.text(state.strokes.empty() ? "input.hand.hint" : "input.hand.waiting");
        }
        draw_list->AddText(ImVec2(bar_cursor, bar_min.y + text_offset_y),
                           notice_active ? notice_colour : muted_colour, hint.c_str());
        if (!hint.empty())
            platform::note_text(hint);
    }
    if (state.rules.max_chars > 0 && !pinyin_bar && !hand_bar) {
        const auto count = utf8::count_code_points(text).value_or(0);
        const std::string counter =
            state.strings
                ? state.strings->format("input.counter", {{"count", std::to_string(count)},
                                                          {"limit", std::to_string(state.rules.max_chars)}})
                : std::to_string(count) + "/" + std::to_string(state.rules.max_chars);
        const float counter_width = ImGui::CalcTextSize(counter.c_str()).x;
        draw_list->AddText(ImVec2(bar_min.x + bar_width - counter_width, bar_min.y + text_offset_y),
                           muted_colour, counter.c_str());
        platform::note_text(counter);
    }

    // Key area below the bar.
    const float keys_top = bar_min.y + bar_height + spacing;
    const float row_height = state.metrics.key_height;
    float keys_left = spacing;
    float keys_width = width - 2 * spacing;

    LayoutVariant variant;
    variant.email = state.target.kind == FieldKind::Email;
    variant.multiline = state.rules.multiline;
    variant.chinese_available = state.chinese_available();
    variant.handwriting_available = state.handwriting_available;
    const std::vector<KeyRow> rows = layout_rows(state.layout, variant);

    bool close_requested = false;
    if (state.layout == KeyboardLayout::Handwriting) {
        // The pad: a square with a diagonal-cross writing guide; strokes follow the finger, candidates come
        // after each stroke.
        const float side = std::min(band_height - (keys_top - top) - spacing, keys_width * 0.5f);
        const ImVec2 pad_min(keys_left, keys_top);
        const ImVec2 pad_max(pad_min.x + side, pad_min.y + side);
        ImGui::SetCursorScreenPos(pad_min);
        ImGui::InvisibleButton("kb.hand.pad", ImVec2(side, side));
        platform::note_widget("kb.hand.pad");
        const auto to_pad = [&](ImVec2 point) {
            return input::StrokePoint{(point.x - pad_min.x) * pad_box / side,
                                      (point.y - pad_min.y) * pad_box / side};
        };
        if (ImGui::IsItemActivated())
            state.strokes.begin_stroke(to_pad(ImGui::GetIO().MousePos));
        if (ImGui::IsItemActive())
            state.strokes.extend_stroke(to_pad(ImGui::GetIO().MousePos));
        if (ImGui::IsItemDeactivated()) {
            state.strokes.end_stroke();
            recognise_strokes(state);
        }
        draw_list->AddRectFilled(pad_min, pad_max, pad_colour);
        draw_list->AddRect(pad_min, pad_max, guide_colour, 0.0f, 0, 2.0f);
        const ImVec2 centre((pad_min.x + pad_max.x) / 2, (pad_min.y + pad_max.y) / 2);
        draw_list->AddLine(ImVec2(pad_min.x, centre.y), ImVec2(pad_max.x, centre.y), guide_colour);
        draw_list->AddLine(ImVec2(centre.x, pad_min.y), ImVec2(centre.x, pad_max.y), guide_colour);
        draw_list->AddLine(pad_min, pad_max, guide_colour);
        draw_list->AddLine(ImVec2(pad_max.x, pad_min.y), ImVec2(pad_min.x, pad_max.y), guide_colour);
        for (const input::Stroke& stroke : state.strokes.strokes()) {
            std::vector<ImVec2> points;
            for (const auto& point : stroke) {
                points.emplace_back(pad_min.x + point.x * side / pad_box,
                                    pad_min.y + point.y * side / pad_box);
            }
            if (points.size() == 1)
                points.push_back(ImVec2(points[0].x + 1, points[0].y + 1));
            draw_list->AddPolyline(points.data(), static_cast<int>(points.size()), ink_colour, 0,
                                   6.0f * scale);
        }
        keys_left = pad_max.x + 2 * spacing;
        keys_width = width - keys_left - spacing;
    }

    // Key rows: widths in key units, scaled so the widest row fills the area; rows centred.
    float widest_units = 0;
    for (const KeyRow& row : rows) {
        float units = 0;
        for (const auto& key : row)
            units += key.width;
        widest_units = std::max(widest_units, units);
    }
    const std::size_t row_count = rows.size();
    const float available_height = band_height - (keys_top - top) - spacing;
    const float fitted_row_height = std::min(
        row_height * (state.layout == KeyboardLayout::Handwriting ? 1.4f : 1.0f),
        (available_height - static_cast<float>(row_count - 1) * spacing) / static_cast<float>(row_count));
    float block_width = keys_width;
    if (state.layout == KeyboardLayout::NumericPad)
        block_width = std::min(keys_width, 900.0f * scale);
    std::size_t widest_key_count = 1;
    for (const KeyRow& row : rows)
        widest_key_count = std::max(widest_key_count, row.size());
    const float unit = (block_width - static_cast<float>(widest_key_count - 1) * spacing) / widest_units;
    const float block_left = keys_left + (keys_width - block_width) / 2;
    for (std::size_t row_index = 0; row_index < row_count; ++row_index) {
        const KeyRow& row = rows[row_index];
        float row_width = static_cast<float>(row.size() - 1) * spacing;
        for (const auto& key : row)
            row_width += key.width * unit;
        float x = state.layout == KeyboardLayout::NumericPad ? block_left
                                                             : block_left + (block_width - row_width) / 2;
        const float y = keys_top + static_cast<float>(row_index) * (fitted_row_height + spacing);
        for (const KeyDefinition& key : row) {
            const ImVec2 size(key.width * unit, fitted_row_height);
            std::string label = key.label_key.empty() ? key.label : state.text(key.label_key);
            if (state.shifted && state.layout == KeyboardLayout::Latin && label.size() == 1 &&
                label[0] >= 'a' && label[0] <= 'z') {
                label[0] = static_cast<char>(label[0] - 'a' + 'A');
            }
            const bool current_layout = key.action == KeyAction::SwitchLayout && key.target == state.layout;
            const bool shift_on = key.action == KeyAction::Shift && state.shifted;
            const ImU32 fill = current_layout || shift_on        ? active_colour
                               : key.action == KeyAction::Insert ? key_colour
                                                                 : control_colour;
            if (key.action == KeyAction::Insert)
                note_missing_glyphs(state, label);  // e.g. U+2103 on symbols
            if (touch_key(key.id, label, ImVec2(x, y), size, fill)) {
                switch (key.action) {
                    case KeyAction::Insert:
                        editor.type(key.text);
                        break;
                    case KeyAction::Backspace:
                        if (state.layout == KeyboardLayout::Handwriting && !state.strokes.empty()) {
                            state.strokes.undo_stroke();
                            recognise_strokes(state);
                        } else {
                            editor.backspace();
                        }
                        break;
                    case KeyAction::Space:
                        editor.space();
                        break;
                    case KeyAction::Enter:
                        if (!editor.enter())
                            close_requested = true;
                        break;
                    case KeyAction::Shift:
                        state.shifted = !state.shifted;
                        break;
                    case KeyAction::Close:
                        close_requested = true;
                        break;
                    case KeyAction::SwitchLayout:
                        drop_composition(state);
                        state.layout = key.target;
                        if (state.layout == KeyboardLayout::Handwriting && !load_handwriting(state))
                            state.layout = initial_layout(state.target.kind, state.chinese_available());
                        break;
                    case KeyAction::ClearStrokes:
                        state.strokes.clear();
                        state.hand_candidates.clear();
                        break;
                    case KeyAction::UndoStroke:
                        state.strokes.undo_stroke();
                        recognise_strokes(state);
                        break;
                }
            }
            x += size.x + spacing;
        }
    }

    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(3);
    if (close_requested)
        release_focus();
    return editor.changed();
}

}  // namespace jiebang::kiosk

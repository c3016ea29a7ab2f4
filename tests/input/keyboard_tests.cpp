// tests/input/keyboard_tests.cpp — the ImGui on-screen keyboard driven headlessly like a finger: an ImGui
// context without a window, taps at the centre of the rectangles the keyboard notes in platform::FrameRecord
// (the same ids the kiosk's scripted runner taps), with the real librime and zinnia behind it.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/keyboard/font_atlas_extension.hpp"
#include "kiosk/keyboard/font_characters.hpp"
#include "kiosk/keyboard/keyboard_layouts.hpp"
#include "kiosk/keyboard/on_screen_keyboard.hpp"
#include "platform/script/frame_record.hpp"
#include "tests/input/test_support.hpp"

using namespace jiebang;
using namespace jiebang::kiosk;
using platform::FrameRecord;

namespace {

constexpr float display_width = 1920;
constexpr float display_height = 1080;

// One ImGui context with the built-in ASCII font, and a keyboard using this process's terminal data
// directory.
class KeyboardHarness {
  public:
    KeyboardHarness() {
        setenv("JIEBANG_DATA_DIR", input::testing::terminal_data_directory().c_str(), 1);
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(display_width, display_height);
        io.Fonts->AddFontDefault();
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
        keyboard = std::make_unique<OnScreenKeyboard>();
        const Status started = keyboard->start_input_methods(input::testing::terminal_data_directory());
        REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error().code));
    }
    ~KeyboardHarness() {
        keyboard.reset();
        ImGui::DestroyContext();
    }

    void focus(FieldKind kind, int max_chars = 0) {
        keyboard->request_focus(KeyboardTarget{"field.test", kind, max_chars, kind == FieldKind::Multiline});
        frame();
    }

    void frame() {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60.0f;
        io.MousePos = pointer;
        io.MouseDown[0] = pointer_down;
        FrameRecord::current().begin_frame();
        ImGui::NewFrame();
        if (keyboard->visible()) {
            band = keyboard->height(display_height);
            if (keyboard->draw(text, display_height - band, display_width, band))
                ++changes;
        }
        FrameRecord::current().end_frame();
        ImGui::Render();
    }

    const platform::WidgetRecord& widget(const std::string& id) {
        const platform::WidgetRecord* record = FrameRecord::current().find_widget(id);
        REQUIRE_MESSAGE(record != nullptr, "widget not drawn: " << id);
        return *record;
    }

    void tap(const std::string& id) {
        const platform::WidgetRecord& record = widget(id);
        pointer = ImVec2((record.min.x + record.max.x) / 2, (record.min.y + record.max.y) / 2);
        frame();
        pointer_down = true;
        frame();
        pointer_down = false;
        frame();  // the press happens here, after this frame's widgets were drawn
        pointer = ImVec2(-1000, -1000);
        frame();  // so the record shows the result
    }

    void tap_keys(const std::string& letters) {
        for (char letter : letters)
            tap("kb.key." + std::string(1, letter));
    }

    // Draws one stroke on the pad; `points` are in the recognizer's 300x300 box.
    void stroke(const std::vector<ImVec2>& points) {
        const platform::WidgetRecord& pad = widget("kb.hand.pad");
        const float side = pad.max.x - pad.min.x;
        const auto screen = [&](ImVec2 point) {
            return ImVec2(pad.min.x + point.x * side / 300.0f, pad.min.y + point.y * side / 300.0f);
        };
        pointer = screen(points.front());
        frame();
        pointer_down = true;
        for (const ImVec2& point : points) {
            pointer = screen(point);
            frame();
        }
        pointer_down = false;
        frame();
        pointer = ImVec2(-1000, -1000);
        frame();
    }

    bool drawn(const std::string& id) const { return FrameRecord::current().find_widget(id) != nullptr; }

    std::unique_ptr<OnScreenKeyboard> keyboard;
    std::string text;
    int changes = 0;
    float band = 0;
    ImVec2 pointer{-1000, -1000};
    bool pointer_down = false;
};

std::vector<ImVec2> line(ImVec2 from, ImVec2 to, int steps = 10) {
    std::vector<ImVec2> points;
    for (int step = 0; step <= steps; ++step) {
        const float t = static_cast<float>(step) / static_cast<float>(steps);
        points.emplace_back(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
    }
    return points;
}

}  // namespace

TEST_CASE("tapping z h o n g g u o and the first candidate puts 中国 in the field") {
    KeyboardHarness harness;
    REQUIRE(harness.keyboard->input_method_error().empty());
    harness.focus(FieldKind::Text, 60);
    CHECK(harness.keyboard->layout() == KeyboardLayout::Pinyin);
    harness.tap_keys("zhongguo");
    CHECK(harness.text.empty());  // composing, nothing committed yet
    CHECK(FrameRecord::current().text_visible("zhong guo"));
    CHECK(harness.drawn("kb.candidate.0"));
    harness.tap("kb.candidate.0");
    CHECK(harness.text == "中国");
    CHECK(harness.changes == 1);
    CHECK_FALSE(harness.drawn("kb.candidate.0"));
    // Backspace with nothing composed deletes a character from the field.
    harness.tap("kb.key.backspace");
    CHECK(harness.text == "中");
}

TEST_CASE("the candidate bar pages forward and back") {
    KeyboardHarness harness;
    harness.focus(FieldKind::Text);
    harness.tap_keys("shi");
    const auto first_page = FrameRecord::current().texts();
    harness.tap("kb.page.next");
    CHECK(FrameRecord::current().texts() != first_page);
    harness.tap("kb.page.previous");
    harness.tap("kb.candidate.0");
    CHECK(harness.text == "是");
}

TEST_CASE("the numeric pad is chosen for money and refuses what money cannot be") {
    KeyboardHarness harness;
    harness.focus(FieldKind::Money);
    CHECK(harness.keyboard->layout() == KeyboardLayout::NumericPad);
    CHECK_FALSE(harness.drawn("kb.key.a"));
    for (const char* key : {"1", "2", "dot", "5", "dot", "0", "7"})
        harness.tap(std::string("kb.key.") + key);
    CHECK(harness.text == "12.50");
    harness.tap("kb.key.backspace");
    CHECK(harness.text == "12.5");
}

TEST_CASE("the numeric pad for a mobile number takes eleven digits starting 1[3-9]") {
    KeyboardHarness harness;
    harness.focus(FieldKind::Mobile, 11);
    CHECK(harness.keyboard->layout() == KeyboardLayout::NumericPad);
    for (char digit : std::string("2138001380001"))
        harness.tap(std::string("kb.key.") + digit);
    CHECK(harness.text == "13800138000");
}

TEST_CASE("email fields get the Latin layout with @ and .") {
    KeyboardHarness harness;
    harness.focus(FieldKind::Email);
    CHECK(harness.keyboard->layout() == KeyboardLayout::Latin);
    harness.tap_keys("li");
    harness.tap("kb.key.at");
    harness.tap_keys("qq");
    harness.tap("kb.key.dot");
    harness.tap_keys("com");
    CHECK(harness.text == "li@qq.com");
}

TEST_CASE("a full field refuses the commit and says so, without changing the text") {
    KeyboardHarness harness;
    harness.text = "ab";
    harness.focus(FieldKind::Text, 3);
    harness.tap_keys("zhongguo");
    harness.tap("kb.candidate.0");  // two characters, one place left
    CHECK(harness.text == "ab");
    CHECK(harness.changes == 0);
    const auto& texts = FrameRecord::current().texts();
    const bool notice_shown = std::any_of(texts.begin(), texts.end(), [](const std::string& text) {
        return text.find("3") != std::string::npos && text != "3/3" && text != "2/3";
    });
    CHECK(notice_shown);
    harness.tap_keys("a");
    CHECK(harness.text == "ab");  // 'a' composes pinyin; space commits it as 啊 — which fits
    harness.tap("kb.key.space");
    CHECK(harness.text == "ab啊");
}

TEST_CASE("handwriting on the pad offers the character after the strokes") {
    KeyboardHarness harness;
    harness.focus(FieldKind::Text);
    harness.tap("kb.layout.handwriting");
    CHECK(harness.keyboard->layout() == KeyboardLayout::Handwriting);
    harness.stroke(line(ImVec2(40, 150), ImVec2(260, 150)));
    CHECK(harness.drawn("kb.candidate.0"));  // candidates after the first stroke
    harness.stroke(line(ImVec2(150, 30), ImVec2(150, 280)));
    CHECK(FrameRecord::current().text_visible("十"));
    harness.tap("kb.candidate.0");
    CHECK(harness.text == "十");
    CHECK_FALSE(harness.drawn("kb.candidate.0"));  // the pad is clear for the next character
}

TEST_CASE("the wipe drops the composition and hides the keyboard") {
    KeyboardHarness harness;
    harness.focus(FieldKind::Text);
    harness.tap_keys("zhong");
    REQUIRE(harness.drawn("kb.candidate.0"));
    harness.keyboard->wipe();
    CHECK_FALSE(harness.keyboard->visible());
    harness.focus(FieldKind::Text);
    CHECK_FALSE(harness.drawn("kb.candidate.0"));
    harness.tap("kb.key.space");
    CHECK(harness.text == " ");

    // Strokes on the handwriting pad are dropped too.
    harness.tap("kb.layout.handwriting");
    harness.stroke(line(ImVec2(40, 150), ImVec2(260, 150)));
    REQUIRE(harness.drawn("kb.candidate.0"));
    harness.keyboard->wipe();
    harness.focus(FieldKind::Text);
    harness.tap("kb.layout.handwriting");
    CHECK_FALSE(harness.drawn("kb.candidate.0"));
    // The wipe also unloaded the handwriting model; the next applicant's pad loads it again and works.
    harness.stroke(line(ImVec2(40, 150), ImVec2(260, 150)));
    CHECK(harness.drawn("kb.candidate.0"));
}

TEST_CASE("enter closes the keyboard on a one-line field and adds a line in a paragraph") {
    KeyboardHarness harness;
    harness.focus(FieldKind::Text);
    harness.tap("kb.key.enter");
    CHECK_FALSE(harness.keyboard->visible());
    harness.focus(FieldKind::Multiline, 500);
    harness.tap("kb.key.enter");
    CHECK(harness.keyboard->visible());
    CHECK(harness.text == "\n");
}

TEST_CASE("keys are touch sized and stay inside the keyboard's band") {
    KeyboardHarness harness;
    for (FieldKind kind : {FieldKind::Text, FieldKind::Money}) {
        harness.focus(kind);
        const float top = display_height - harness.band;
        for (const std::string& id : FrameRecord::current().widget_ids()) {
            const platform::WidgetRecord& record = harness.widget(id);
            CHECK_MESSAGE(record.max.y - record.min.y >= 64.0f, id);
            CHECK_MESSAGE(record.max.x - record.min.x >= 64.0f, id);
            CHECK_MESSAGE(record.min.y >= top, id);
            CHECK_MESSAGE(record.max.y <= display_height, id);
        }
        CHECK(FrameRecord::current().duplicate_ids().empty());
    }
}

TEST_CASE("characters the atlas lacks are reported once for the atlas extension") {
    KeyboardHarness harness;  // the built-in font has ASCII only
    harness.focus(FieldKind::Text);
    harness.tap_keys("zhongguo");
    harness.tap("kb.candidate.0");
    const std::vector<char32_t> missing = harness.keyboard->take_missing_glyphs();
    CHECK(std::find(missing.begin(), missing.end(), U'中') != missing.end());
    CHECK(std::find(missing.begin(), missing.end(), U'国') != missing.end());
    CHECK(harness.keyboard->take_missing_glyphs().empty());
}

TEST_CASE("the atlas extension adds a missing character to ImGui's atlas") {
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    platform::FontFace face;
    face.file = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    face.face_index = 2;
    face.pixel_size = 20;
    std::vector<ImWchar> base;
    for (ImWchar ascii = 0x20; ascii < 0x7F; ++ascii)
        base.push_back(ascii);
    {
        FontAtlasExtension extension({face}, 1.0f, base);
        CHECK_FALSE(extension.coverage().covers(U'镕'));
        extension.request({U'镕', U'a'});
        auto installed = extension.build_and_install_now();
        REQUIRE(installed.ok());
        REQUIRE(installed->body != nullptr);
        CHECK(ImGui::GetIO().Fonts->Fonts.Size == 1);
        CHECK(installed->body->FindGlyphNoFallback(static_cast<ImWchar>(U'镕')) != nullptr);
        CHECK(installed->body->FindGlyphNoFallback(static_cast<ImWchar>(U'中')) ==
              nullptr);  // only what was asked
        CHECK(extension.last_report().glyph_count > 95);
        extension.request({U'镕'});  // already there: no new build
        CHECK_FALSE(extension.building());
    }
    ImGui::DestroyContext();
}

TEST_CASE("the atlas extension builds in the background and installs between frames") {
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::GetIO().Fonts->AddFontDefault();
    ImGui::GetIO().Fonts->Build();
    const ImFontAtlas* before = ImGui::GetIO().Fonts;
    platform::FontFace face;
    face.file = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    face.face_index = 2;
    face.pixel_size = 20;
    {
        FontAtlasExtension extension({face}, 1.0f, {});
        extension.request({U'喆'});
        CHECK(extension.building());
        extension.request({U'堃'});  // arrives during the build: waits for the next one
        std::optional<Result<platform::FontSet>> installed;
        int polls = 0;
        while (!(installed = extension.install_if_ready())) {
            CHECK(ImGui::GetIO().Fonts == before);  // the UI keeps the old atlas meanwhile
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            REQUIRE(++polls < 30000);
        }
        REQUIRE(installed->ok());
        CHECK(ImGui::GetIO().Fonts != before);
        CHECK((*installed)->body->FindGlyphNoFallback(static_cast<ImWchar>(U'喆')) != nullptr);
        CHECK(extension.building());  // the second character's build started on install
        auto second = extension.build_and_install_now();
        REQUIRE(second.ok());
        CHECK(second->body->FindGlyphNoFallback(static_cast<ImWchar>(U'堃')) != nullptr);
        CHECK(second->body->FindGlyphNoFallback(static_cast<ImWchar>(U'喆')) != nullptr);
    }
    ImGui::DestroyContext();
}

TEST_CASE("when pinyin cannot start the keyboard falls back to Latin and digits and says why") {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(display_width, display_height);
    io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    {
        OnScreenKeyboard keyboard;
        const Status started = keyboard.start_input_methods("/proc/jiebang-not-writable");
        REQUIRE_FALSE(started.ok());
        CHECK(started.error().code.rfind("input.pinyin.", 0) == 0);
        CHECK(keyboard.input_method_error() == started.error().code);
        keyboard.request_focus(KeyboardTarget{"field.name", FieldKind::Text, 0, false});
        CHECK(keyboard.layout() == KeyboardLayout::Latin);
        std::string text;
        FrameRecord::current().begin_frame();
        ImGui::NewFrame();
        keyboard.draw(text, display_height - keyboard.height(display_height), display_width,
                      keyboard.height(display_height));
        FrameRecord::current().end_frame();
        ImGui::Render();
        CHECK(FrameRecord::current().find_widget("kb.layout.pinyin") == nullptr);
        CHECK(FrameRecord::current().find_widget("kb.key.a") != nullptr);
    }
    ImGui::DestroyContext();
}

// A scripted tap (and a finger) must find exactly one key per id: a duplicate id made taps ambiguous and
// printed a warning every frame while an email field was edited.
TEST_CASE("every key id is unique in every layout and variant, and email fields get '@' and '.'") {
    using jiebang::kiosk::KeyboardLayout;
    for (KeyboardLayout layout : {KeyboardLayout::Pinyin, KeyboardLayout::Latin, KeyboardLayout::Symbols,
                                  KeyboardLayout::Handwriting, KeyboardLayout::NumericPad}) {
        for (bool email : {false, true}) {
            for (bool multiline : {false, true}) {
                jiebang::kiosk::LayoutVariant variant;
                variant.email = email;
                variant.multiline = multiline;
                std::set<std::string> ids;
                for (const auto& row : jiebang::kiosk::layout_rows(layout, variant)) {
                    for (const auto& key : row) {
                        CHECK_MESSAGE(ids.insert(key.id).second, "duplicate key id "
                                                                     << key.id << " in layout "
                                                                     << static_cast<int>(layout)
                                                                     << (email ? " (email)" : ""));
                    }
                }
                if (email && (layout == KeyboardLayout::Latin || layout == KeyboardLayout::Symbols)) {
                    CHECK(ids.count("kb.key.at") == 1);
                    CHECK(ids.count("kb.key.dot") == 1);
                }
            }
        }
    }
}

TEST_CASE("[12.5b] a pinyin candidate the fonts cannot draw is refused with a notice, never written") {
    KeyboardHarness harness;
    harness.text = "ab";
    // Fonts that hold ASCII only: 中国 cannot be drawn.
    harness.keyboard->set_font_characters(
        std::make_shared<const input::FontCharacters>(std::vector<input::CodePointRange>{{0x20, 0x7E}}));
    harness.focus(FieldKind::Text, 100);
    harness.tap_keys("zhongguo");
    harness.tap("kb.candidate.0");
    CHECK(harness.text == "ab");
    CHECK(harness.changes == 0);
    CHECK(FrameRecord::current().text_visible("本机无法显示这个字符"));
}

TEST_CASE("[12.5b] the terminal's font files are read for what they can draw") {
    auto faces = platform::load_font_configuration(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(faces.ok());
    auto characters = read_font_characters(*faces);
    REQUIRE_MESSAGE(characters.ok(), (characters.ok() ? "" : characters.error().code));
    CHECK(characters->knows_fonts());
    for (const char* drawable : {"中国江门揭榜挂帅", "ABCxyz0123@.", "（，。）", "\xEF\xBC\x91"}) {
        CAPTURE(drawable);
        CHECK(characters->first_undrawable(drawable) == std::nullopt);
    }
    // An emoji (above U+FFFF) never draws.
    CHECK(characters->first_undrawable("\xF0\x9F\x98\x80") == std::optional<char32_t>(0x1F600));
    // A missing font file is an error naming the file, never "everything drawable".
    auto broken = *faces;
    broken.front().file = "/nonexistent/font.ttc";
    const auto refused = read_font_characters(broken);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "fonts.read");
}

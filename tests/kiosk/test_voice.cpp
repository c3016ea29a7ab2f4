// tests/kiosk/test_voice.cpp — voice guidance (issue 13 item 3, docs/terminal.md "Voice guidance"): the
// utterance builder without audio; the speech engine (espeak-ng) into a WAV file, interrupted by a new
// utterance and silenced by stop() at a chunk it reports (an event, not a timeout); and whole journeys of the
// real jiebang-kiosk with --speech-wav: a valid, non-silent RIFF/WAVE whose length fits what was said, the
// receipt number spoken digit by digit, nothing appended after the idle wipe, no growth with voice off.
//
// Index: [SECTION] the utterance builder  [SECTION] the speech engine  [SECTION] whole journeys
#include <doctest/doctest.h>

#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <vector>

#include "application_harness.hpp"
#include "kiosk/app/speech_cues.hpp"
#include "platform/speech/speech_engine.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/text/utf8.hpp"

using jiebang::kiosk::IntentKind;
using kiosk_test::ApplicationHarness;
using kiosk_test::TemporaryDirectory;

namespace {

struct Wave {
    bool valid = false;
    int sample_rate = 0;
    std::vector<std::int16_t> samples;
    double seconds() const { return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0; }
    double rms() const {
        double sum = 0;
        for (auto sample : samples)
            sum += static_cast<double>(sample) * sample;
        return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
    }
};

std::uint32_t little_endian(const std::string& bytes, std::size_t at, int count) {
    std::uint32_t value = 0;
    for (int index = count - 1; index >= 0; --index)
        value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(index)]);
    return value;
}

// A RIFF/WAVE file as the engine writes it: PCM, 16-bit mono, sizes that match the file.
Wave read_wave(const std::filesystem::path& file) {
    Wave wave;
    const std::string bytes = kiosk_test::read_file(file);
    if (bytes.size() < 44 || bytes.compare(0, 4, "RIFF") != 0 || bytes.compare(8, 8, "WAVEfmt ") != 0 ||
        bytes.compare(36, 4, "data") != 0)
        return wave;
    if (little_endian(bytes, 4, 4) != bytes.size() - 8 || little_endian(bytes, 40, 4) != bytes.size() - 44 ||
        little_endian(bytes, 20, 2) != 1 || little_endian(bytes, 22, 2) != 1 ||
        little_endian(bytes, 34, 2) != 16)
        return wave;
    wave.sample_rate = static_cast<int>(little_endian(bytes, 24, 4));
    wave.samples.resize((bytes.size() - 44) / 2);
    std::memcpy(wave.samples.data(), bytes.data() + 44, wave.samples.size() * 2);
    wave.valid = true;
    return wave;
}

struct LogLine {
    std::string kind;  // said, cut, stop
    std::string reason;
    std::uint64_t before = 0;
    std::uint64_t after = 0;
    std::string text;
};

std::vector<LogLine> read_log(const std::filesystem::path& file) {
    std::vector<LogLine> lines;
    std::istringstream input(kiosk_test::read_file(file));
    std::string line;
    while (std::getline(input, line)) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t tab = line.find('\t'); tab != std::string::npos; tab = line.find('\t', start)) {
            fields.push_back(line.substr(start, tab - start));
            start = tab + 1;
        }
        fields.push_back(line.substr(start));
        LogLine entry;
        entry.kind = fields[0];
        if (entry.kind == "stop" && fields.size() == 3) {
            entry.reason = fields[1];
            entry.before = entry.after = std::stoull(fields[2]);
        } else if (fields.size() == 4) {
            entry.before = std::stoull(fields[1]);
            entry.after = std::stoull(fields[2]);
            entry.text = fields[3];
        }
        lines.push_back(entry);
    }
    return lines;
}

const jiebang::StringCatalog& strings() {
    static const auto catalog = jiebang::StringCatalog::load(JIEBANG_SOURCE_ASSETS_DIR);
    REQUIRE(catalog.ok());
    return catalog.value();
}

}  // namespace

// [SECTION] the utterance builder

TEST_CASE(
    "voice: the utterance builder reads a field's label and help, an error, a count, a receipt number") {
    ApplicationHarness harness;
    const auto& form = harness.services().forms.demand();
    const auto* issuer = form.field_with_role(jiebang::FieldRole::UnitName);
    REQUIRE(issuer != nullptr);
    const std::string question = jiebang::kiosk::field_utterance(strings(), *issuer);
    CHECK(question.find(issuer->label.chinese) != std::string::npos);
    CHECK(question.find(issuer->help.chinese) != std::string::npos);

    const jiebang::Error missing("field.required", issuer->id, "");
    const std::string error = jiebang::kiosk::error_utterance(strings(), *issuer, missing);
    CHECK(error.find(strings().message(missing)) != std::string::npos);
    CHECK(error.find(issuer->label.chinese) != std::string::npos);

    CHECK(jiebang::kiosk::counter_utterance(strings(), 15, 100) ==
          strings().format("kiosk.voice.counter", {{"count", "15"}, {"max", "100"}}));

    // Digit by digit: every digit a word, dashes a pause, letters as they are; no digit string is left for
    // the voice to read as a large number.
    const std::string spoken =
        jiebang::kiosk::receipt_number_utterance(strings(), "JM-03-001-20261203-0012-K");
    const std::string& digit_zero = strings().text("kiosk.voice.digit.0");
    const std::string& digit_three = strings().text("kiosk.voice.digit.3");
    const std::string& separator = strings().text("kiosk.voice.character_separator");
    CHECK(spoken.find(digit_zero + separator + digit_three) != std::string::npos);
    for (char digit = '0'; digit <= '9'; ++digit)
        CHECK(spoken.find(digit) == std::string::npos);
    CHECK(spoken.find("J" + separator + "M") != std::string::npos);
}

TEST_CASE(
    "voice: cues follow the page - the step and question, then errors once they show - never the values") {
    jiebang::kiosk::KioskOptions options;
    options.elder_mode_default = true;
    ApplicationHarness harness(options);
    CHECK(harness.state().voice_on);  // on with 长辈版
    harness.apply(IntentKind::StartDemand);
    auto cues =
        jiebang::kiosk::speech_cues(harness.state(), strings(), harness.application().validation_context(),
                                    harness.application().session_steps());
    REQUIRE(cues.cues.size() == 1);
    const auto* consent = harness.services().forms.demand().field_with_role(jiebang::FieldRole::Consent);
    REQUIRE(consent != nullptr);
    CHECK(cues.cues[0].text.find(consent->label.chinese) != std::string::npos);

    harness.application().apply(jiebang::kiosk::Intent{IntentKind::SetValue, consent->id, true, 0, {}});
    harness.apply(IntentKind::NextStep);
    const auto* issuer = harness.services().forms.demand().field_with_role(jiebang::FieldRole::UnitName);
    cues = jiebang::kiosk::speech_cues(harness.state(), strings(), harness.application().validation_context(),
                                       harness.application().session_steps());
    REQUIRE(!cues.cues.empty());
    CHECK(cues.cues[0].text.find(issuer->label.chinese) != std::string::npos);
    CHECK(cues.cues.size() == 1);  // no error before Next

    harness.apply(IntentKind::NextStep);  // empty: the error shows
    cues = jiebang::kiosk::speech_cues(harness.state(), strings(), harness.application().validation_context(),
                                       harness.application().session_steps());
    REQUIRE(cues.cues.size() == 2);
    CHECK(cues.cues[1].key.rfind("error/" + issuer->id + "/", 0) == 0);

    harness.set(issuer->id, std::string("江门市蓬江区示例机器人有限公司"));
    harness.settle();
    cues = jiebang::kiosk::speech_cues(harness.state(), strings(), harness.application().validation_context(),
                                       harness.application().session_steps());
    for (const auto& cue : cues.cues)
        CHECK(cue.text.find("示例机器人") == std::string::npos);  // what was typed is never read aloud
}

// [SECTION] the speech engine

TEST_CASE("voice: a new utterance interrupts the one being spoken and stop() silences it at once") {
    TemporaryDirectory folder;
    jiebang::platform::SpeechOptions options;
    options.wav_file = folder.path() / "speech.wav";
    options.log_file = folder.path() / "speech.log";
    jiebang::platform::SpeechEngine engine(options);
    // The worker reports its first chunk and waits there until the test has acted: the interruption is proved
    // by events, not by timing.
    std::mutex mutex;
    std::condition_variable changed;
    bool chunk_seen = false;
    bool released = false;
    bool hold = true;
    engine.on_chunk_written = [&](std::uint64_t) {
        std::unique_lock lock(mutex);
        if (!hold)
            return;
        chunk_seen = true;
        changed.notify_all();
        changed.wait(lock, [&]() { return released; });
    };
    std::string long_text;
    for (int index = 0; index < 20; ++index)
        long_text += strings().text("kiosk.voice.home");
    const auto wait_for_chunk_then = [&](const std::function<void()>& action) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&]() { return chunk_seen; });
        action();
        hold = false;
        released = true;
        changed.notify_all();
    };

    engine.say(long_text);
    wait_for_chunk_then([&]() { engine.say(strings().text("kiosk.review.title")); });
    engine.wait_until_idle();
    REQUIRE(engine.availability() == jiebang::platform::SpeechAvailability::Ready);
    auto log = read_log(options.log_file);
    REQUIRE(log.size() == 2);
    CHECK(log[0].kind == "cut");
    CHECK(log[1].kind == "said");
    CHECK(log[1].text == strings().text("kiosk.review.title"));
    CHECK(log[1].before == log[0].after);  // not a sample of the long text after the new one began
    CHECK(log[1].after > log[1].before);

    {
        std::lock_guard lock(mutex);
        chunk_seen = false;
        released = false;
        hold = true;
    }
    engine.say(long_text);
    std::uint64_t at_stop = 0;
    wait_for_chunk_then([&]() {
        engine.stop("wipe");
        at_stop = engine.wav_data_bytes();
    });
    engine.wait_until_idle();
    CHECK(engine.wav_data_bytes() == at_stop);  // nothing after stop()
    log = read_log(options.log_file);
    REQUIRE(log.size() == 4);
    CHECK(log[2].kind == "stop");
    CHECK(log[2].reason == "wipe");
    CHECK(log[3].kind == "cut");
    CHECK(log[3].after == at_stop);
    const Wave wave = read_wave(options.wav_file);
    CHECK(wave.valid);
    CHECK(wave.samples.size() * 2 == at_stop);
}

// [SECTION] whole journeys

TEST_CASE(
    "voice: a whole demand journey with voice on - the WAV fits what was said, the receipt is spelt, "
    "the idle wipe silences it") {
    TemporaryDirectory data;
    const auto wav = data.path() / "speech.wav";
    const auto run =
        kiosk_test::run_kiosk(data.path(),
                              "tap mode.voice\nexpect-text " + strings().text("kiosk.voice.turn_off") +
                                  kiosk_test::demand_steps + R"(
tap review.submit
expect-text 提交成功
screenshot voice-receipt
idle 400
expect-text 发布技术需求
)",
                              "--speech-wav " + kiosk_test::quote(wav.string()));
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    const Wave wave = read_wave(wav);
    REQUIRE(wave.valid);
    CHECK(wave.rms() > 300.0);  // speech, not silence
    const auto log = read_log(wav.string() + ".log");
    std::size_t characters = 0;
    int utterances = 0;
    for (const auto& line : log) {
        if (line.kind != "said")
            continue;
        ++utterances;
        CHECK_MESSAGE(line.after > line.before, line.text);  // every utterance made sound
        characters += jiebang::utf8::count_code_points(line.text).value_or(0);
    }
    CHECK(utterances >= 8);  // every step, the review, the receipt
    // Mandarin at the terminal's pace: between a tenth of a second and a second a character.
    CHECK(wave.seconds() >= 0.1 * static_cast<double>(characters));
    CHECK(wave.seconds() <= 1.0 * static_cast<double>(characters));

    // The receipt number, digit by digit: read back into a number that parses with its check character.
    const std::string& separator = strings().text("kiosk.voice.character_separator");
    std::string number;
    bool receipt_said = false;
    std::size_t receipt_line = 0;
    for (std::size_t index = 0; index < log.size(); ++index) {
        const std::string prefix = strings().format("kiosk.voice.receipt", {{"number", "\x01"}});
        const auto marker = prefix.find('\x01');
        if (log[index].kind != "said" || log[index].text.compare(0, marker, prefix, 0, marker) != 0)
            continue;
        receipt_said = true;
        receipt_line = index;
        CHECK(log[index].after > log[index].before);  // the WAV grew while it was spoken
        std::string spelt = log[index].text.substr(marker);
        spelt = spelt.substr(0, spelt.size() - (prefix.size() - marker - 1));
        std::size_t start = 0;
        while (start <= spelt.size()) {
            auto end = spelt.find(separator, start);
            if (end == std::string::npos)
                end = spelt.size();
            const std::string piece = spelt.substr(start, end - start);
            for (char digit = '0'; digit <= '9'; ++digit) {
                if (piece == strings().text("kiosk.voice.digit." + std::string(1, digit)))
                    number.push_back(digit);
            }
            if (piece == strings().text("kiosk.voice.dash"))
                number.push_back('-');
            if (piece.size() == 1 && piece[0] >= 'A' && piece[0] <= 'Z')
                number += piece;
            start = end + separator.size();
        }
    }
    REQUIRE(receipt_said);
    CHECK_MESSAGE(jiebang::ReceiptNumber::parse(number).ok(), number);
    CHECK(number.rfind("JM-03-001-", 0) == 0);

    // The idle wipe: a stop after the receipt, and not a sample after it.
    std::size_t wipe_line = 0;
    for (std::size_t index = receipt_line; index < log.size(); ++index) {
        if (log[index].kind == "stop" && log[index].reason == "wipe")
            wipe_line = index;
    }
    REQUIRE(wipe_line > receipt_line);
    CHECK(log[wipe_line].after == wave.samples.size() * 2);
    for (std::size_t index = wipe_line + 1; index < log.size(); ++index)
        CHECK(log[index].kind == "stop");  // voice follows the configured 长辈版 (off): nothing more is said

    // Voice off (the configured default): a journey appends nothing.
    const auto size_before = std::filesystem::file_size(wav);
    const auto quiet = kiosk_test::run_kiosk(data.path(),
                                             "tap home.demand\ntap field.consent_personal_data\n"
                                             "tap wizard.next\nidle 400\n",
                                             "--speech-wav " + kiosk_test::quote(wav.string()));
    REQUIRE_MESSAGE(quiet.exit_code == 0, quiet.output);
    CHECK(std::filesystem::file_size(wav) == size_before);
}

namespace {

void run_elder_voice(const std::string& panel) {
    TemporaryDirectory data;
    const auto wav = data.path() / "speech.wav";
    const auto run = kiosk_test::run_kiosk(data.path(), R"(
expect-widget mode.voice
screenshot voice-elder-home
tap home.demand
tap field.consent_personal_data
tap wizard.next
tap field.issuer_name
type 江门市蓬江区示例机器人有限公司
expect-visible field.issuer_name
expect-visible field.issuer_name.counter
screenshot voice-elder-question-keyboard
close-keyboard
expect-min-touch-size 96
tap field.issuer_name.count_aloud
screenshot voice-elder-question
tap mode.voice
tap wizard.next
)",
                                           "--elder-mode --screenshot-divisor 2 --size " + panel +
                                               " --speech-wav " + kiosk_test::quote(wav.string()));
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    const auto log = read_log(wav.string() + ".log");
    REQUIRE(!log.empty());
    CHECK(log.front().text == strings().text("kiosk.voice.home"));
    bool count_said = false;
    for (const auto& line : log)
        count_said = count_said ||
                     line.text == strings().format("kiosk.voice.counter", {{"count", "15"}, {"max", "100"}});
    CHECK(count_said);
    REQUIRE(log.back().kind == "stop");  // the speaker button: off, and nothing said on the next question
    CHECK(log.back().reason == "off");
    CHECK(log.back().after == std::filesystem::file_size(wav) - 44);
    const char* target = std::getenv("JIEBANG_KIOSK_SCREENSHOT_DIR");
    if (target != nullptr && target[0] != '\0') {
        const auto directory = std::filesystem::path(target) / "layouts" / panel;
        std::filesystem::create_directories(directory);
        for (const auto& entry : std::filesystem::directory_iterator(data.path() / "shots"))
            std::filesystem::copy_file(entry.path(), directory / entry.path().filename(),
                                       std::filesystem::copy_options::overwrite_existing);
    }
}

}  // namespace

TEST_CASE(
    "voice: 长辈版 speaks by default on a landscape 1920x1080 panel - speaker button, count on request") {
    run_elder_voice("1920x1080");
}

TEST_CASE(
    "voice: 长辈版 speaks by default on a portrait 1080x1920 panel - speaker button, count on request") {
    run_elder_voice("1080x1920");
}

TEST_CASE("voice: without an audio device the terminal runs silently, says so once and on the admin page") {
    const std::string script = R"(
tap home.demand
tap field.consent_personal_data
tap wizard.next
tap nav.home
)" + kiosk_test::open_admin_page() +
                               R"(expect-text 440703-001
wait 2
)";
    // (The same path serves espeak-ng's own failures, speech.engine and speech.voice: the engine is then
    // Unavailable before it opens the device.)
    for (const auto& [prefix, code] : {std::pair<std::string, std::string>{
             "SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=no_such_driver", "speech.audio"}}) {
        CAPTURE(code);
        TemporaryDirectory data;
        const auto run =
            kiosk_test::run_kiosk(data.path(),
                                  script + "expect-text " + strings().message(jiebang::Error(code, "", "")) +
                                      "\nexpect-text " + code + "\nscreenshot admin-voice\n",
                                  "--elder-mode", prefix);
        REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        std::size_t logged = 0;
        for (auto at = run.output.find(code + ":"); at != std::string::npos;
             at = run.output.find(code + ":", at + 1))
            ++logged;
        CHECK_MESSAGE(logged == 1, run.output);
    }
}

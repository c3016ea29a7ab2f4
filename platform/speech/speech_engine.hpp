// platform/speech/speech_engine.hpp — spoken guidance: espeak-ng's Mandarin voice (library API, synchronous
// synthesis) on a worker thread of its own, played through SDL2's audio device or, headless, appended to a
// WAV file with a log of what was said (tests, docs/terminal.md "Voice guidance").
// Invariants:
//  1. say() and stop() never wait for synthesis or audio: the frame thread only hands over a text.
//  2. A new say() interrupts what is being spoken; after stop() returns, nothing said before it reaches the
//     loudspeaker or the WAV file (a chunk is written only under the lock stop() takes, and only while its
//     utterance is still the current one) — the idle wipe relies on this for privacy.
//  3. Fail soft: without espeak-ng's data, the Mandarin voice, the audio device or a writable WAV file the
//     engine is Unavailable with an error code, logs it once, and every call is a no-op.
//  4. espeak-ng is touched only from the worker thread (it is one global engine per process).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace jiebang::platform {

struct SpeechOptions {
    std::string voice = "cmn";       // espeak-ng's Mandarin
    int words_per_minute = 150;      // slower than espeak's 175: the hall's elders listen
    std::filesystem::path wav_file;  // headless: append here instead of playing (empty = the audio device)
    std::filesystem::path log_file;  // with wav_file: one line per utterance and per stop
};

enum class SpeechAvailability { NotStarted, Starting, Ready, Unavailable };

class SpeechEngine {
  public:
    explicit SpeechEngine(SpeechOptions options);
    ~SpeechEngine();
    SpeechEngine(const SpeechEngine&) = delete;
    SpeechEngine& operator=(const SpeechEngine&) = delete;

    // Starts the worker and the engine (espeak-ng, the device) if not yet started; returns at once.
    void prepare();
    // Speaks `text` (UTF-8), interrupting whatever was being said. Prepares the engine first if needed.
    void say(std::string text);
    // Silence now. `reason` goes to the headless log ("wipe", "off").
    void stop(std::string_view reason);
    // Until nothing is queued or being synthesised (scripted runs and tests; never on the interactive loop).
    void wait_until_idle();

    SpeechAvailability availability() const;
    // speech.engine (espeak-ng could not start), speech.voice (no Mandarin voice), speech.audio (no audio
    // device), speech.wav (the WAV file cannot be written); empty unless Unavailable.
    std::string unavailable_code() const;
    // Bytes of audio data written to the WAV file so far (headless), for the log and the tests.
    std::uint64_t wav_data_bytes() const;

    // Tests only: called on the worker after each chunk was written (outside the lock), with the bytes so far.
    std::function<void(std::uint64_t)> on_chunk_written;

    // Called by espeak-ng's callback on the worker thread: writes one chunk unless interrupted.
    bool write_chunk(const short* samples, int count);

  private:
    void run();
    bool start_engine();  // on the worker: espeak-ng and the output
    void fail(std::string code, const std::string& detail);
    void log_line(const std::string& line);  // under mutex_
    void update_wav_header();                // under mutex_

    SpeechOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::thread worker_;
    SpeechAvailability availability_ = SpeechAvailability::NotStarted;
    std::string unavailable_code_;
    std::optional<std::string> pending_;
    std::uint64_t generation_ = 0;  // bumped by say() and stop(): chunks of an older utterance are dropped
    std::uint64_t speaking_generation_ = 0;
    bool synthesising_ = false;
    bool quit_ = false;
    int sample_rate_ = 22050;
    std::uint32_t audio_device_ = 0;  // SDL_AudioDeviceID, 0 = none (headless)
    std::FILE* wav_ = nullptr;
    std::uint64_t wav_bytes_ = 0;
};

}  // namespace jiebang::platform

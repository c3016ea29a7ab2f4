// platform/speech/speech_engine.cpp — espeak-ng on a worker, to SDL audio or a WAV file (see speech_engine.hpp).
//
// Index: [SECTION] frame-thread side  [SECTION] worker  [SECTION] output
#include "platform/speech/speech_engine.hpp"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>

#include <cstring>
#include <iostream>

namespace jiebang::platform {

namespace {

// espeak-ng's callback has no user pointer in synchronous mode: the worker sets the engine it works for.
thread_local SpeechEngine* worker_engine = nullptr;

int synthesis_callback(short* samples, int count, espeak_EVENT* /*events*/) {
    if (worker_engine == nullptr || samples == nullptr || count <= 0)
        return 0;
    return worker_engine->write_chunk(samples, count) ? 0 : 1;  // 1 asks espeak-ng to abort
}

// One line of the log: no tabs or newlines inside a field.
std::string flat(std::string text) {
    for (char& character : text) {
        if (character == '\n' || character == '\t' || character == '\r')
            character = ' ';
    }
    return text;
}

void put_le(std::FILE* file, std::uint32_t value, int bytes) {
    for (int index = 0; index < bytes; ++index)
        std::fputc(static_cast<int>((value >> (8 * index)) & 0xFF), file);
}

}  // namespace

// [SECTION] frame-thread side

SpeechEngine::SpeechEngine(SpeechOptions options) : options_(std::move(options)) {}

SpeechEngine::~SpeechEngine() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
        ++generation_;
        pending_.reset();
    }
    changed_.notify_all();
    if (worker_.joinable())
        worker_.join();
    if (audio_device_ != 0) {
        SDL_CloseAudioDevice(audio_device_);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    if (wav_ != nullptr)
        std::fclose(wav_);
}

void SpeechEngine::prepare() {
    std::lock_guard lock(mutex_);
    if (availability_ != SpeechAvailability::NotStarted)
        return;
    availability_ = SpeechAvailability::Starting;
    worker_ = std::thread([this]() { run(); });
}

void SpeechEngine::say(std::string text) {
    prepare();
    {
        std::lock_guard lock(mutex_);
        if (availability_ == SpeechAvailability::Unavailable)
            return;
        ++generation_;
        pending_ = std::move(text);
        if (audio_device_ != 0)
            SDL_ClearQueuedAudio(audio_device_);
    }
    changed_.notify_all();
}

void SpeechEngine::stop(std::string_view reason) {
    std::lock_guard lock(mutex_);
    ++generation_;
    pending_.reset();
    if (audio_device_ != 0)
        SDL_ClearQueuedAudio(audio_device_);
    if (wav_ != nullptr)
        log_line("stop\t" + std::string(reason) + "\t" + std::to_string(wav_bytes_));
}

void SpeechEngine::wait_until_idle() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this]() {
        return availability_ == SpeechAvailability::NotStarted ||
               availability_ == SpeechAvailability::Unavailable ||
               (availability_ == SpeechAvailability::Ready && !pending_ && !synthesising_);
    });
}

SpeechAvailability SpeechEngine::availability() const {
    std::lock_guard lock(mutex_);
    return availability_;
}

std::string SpeechEngine::unavailable_code() const {
    std::lock_guard lock(mutex_);
    return unavailable_code_;
}

std::uint64_t SpeechEngine::wav_data_bytes() const {
    std::lock_guard lock(mutex_);
    return wav_bytes_;
}

// [SECTION] worker

void SpeechEngine::fail(std::string code, const std::string& detail) {
    std::cerr << "jiebang-kiosk: " << code << ": " << detail << "; voice guidance is off\n";
    {
        std::lock_guard lock(mutex_);
        availability_ = SpeechAvailability::Unavailable;
        unavailable_code_ = std::move(code);
        pending_.reset();
    }
    changed_.notify_all();
}

bool SpeechEngine::start_engine() {
    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
        fail("speech.engine", "espeak-ng could not start (is espeak-ng-data installed?)");
        return false;
    }
    if (espeak_SetVoiceByName(options_.voice.c_str()) != EE_OK) {
        fail("speech.voice", "espeak-ng has no voice '" + options_.voice + "'");
        return false;
    }
    espeak_SetParameter(espeakRATE, options_.words_per_minute, 0);
    espeak_SetSynthCallback(synthesis_callback);
    std::lock_guard lock(mutex_);
    sample_rate_ = rate;
    if (!options_.wav_file.empty()) {
        // Appending: an existing file keeps its samples (same format: this engine wrote it).
        std::error_code error;
        const bool existing = std::filesystem::file_size(options_.wav_file, error) > 44 && !error;
        wav_ = std::fopen(options_.wav_file.c_str(), existing ? "r+b" : "w+b");
        if (wav_ == nullptr) {
            availability_ = SpeechAvailability::Unavailable;
            unavailable_code_ = "speech.wav";
            std::cerr << "jiebang-kiosk: speech.wav: cannot write " << options_.wav_file << "\n";
            return false;
        }
        wav_bytes_ = existing ? std::filesystem::file_size(options_.wav_file) - 44 : 0;
        update_wav_header();
        return true;
    }
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        availability_ = SpeechAvailability::Unavailable;
        unavailable_code_ = "speech.audio";
        std::cerr << "jiebang-kiosk: speech.audio: " << SDL_GetError() << "; voice guidance is off\n";
        return false;
    }
    SDL_AudioSpec wanted{};
    wanted.freq = rate;
    wanted.format = AUDIO_S16SYS;
    wanted.channels = 1;
    wanted.samples = 2048;
    audio_device_ = SDL_OpenAudioDevice(nullptr, 0, &wanted, nullptr, 0);
    if (audio_device_ == 0) {
        availability_ = SpeechAvailability::Unavailable;
        unavailable_code_ = "speech.audio";
        std::cerr << "jiebang-kiosk: speech.audio: " << SDL_GetError() << "; voice guidance is off\n";
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return false;
    }
    SDL_PauseAudioDevice(audio_device_, 0);
    return true;
}

void SpeechEngine::run() {
    worker_engine = this;
    const bool started = start_engine();
    {
        std::lock_guard lock(mutex_);
        if (started)
            availability_ = SpeechAvailability::Ready;
        if (!started)
            pending_.reset();
    }
    changed_.notify_all();
    if (!started)
        return;
    for (;;) {
        std::string text;
        std::uint64_t before = 0;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this]() { return quit_ || pending_.has_value(); });
            if (quit_)
                break;
            text = std::move(*pending_);
            pending_.reset();
            speaking_generation_ = generation_;
            synthesising_ = true;
            before = wav_bytes_;
        }
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
        {
            std::lock_guard lock(mutex_);
            if (wav_ != nullptr) {
                const bool whole = speaking_generation_ == generation_;
                log_line(std::string(whole ? "said" : "cut") + "\t" + std::to_string(before) + "\t" +
                         std::to_string(wav_bytes_) + "\t" + flat(text));
            }
            synthesising_ = false;
        }
        changed_.notify_all();
    }
    espeak_Terminate();
}

// [SECTION] output

bool SpeechEngine::write_chunk(const short* samples, int count) {
    std::uint64_t written = 0;
    {
        std::lock_guard lock(mutex_);
        if (speaking_generation_ != generation_ || quit_)
            return false;  // interrupted: nothing more of this utterance
        const auto bytes = static_cast<std::uint32_t>(count) * 2;
        if (audio_device_ != 0)
            SDL_QueueAudio(audio_device_, samples, bytes);
        if (wav_ != nullptr) {
            std::fseek(wav_, 0, SEEK_END);
            std::fwrite(samples, 2, static_cast<std::size_t>(count), wav_);
            wav_bytes_ += bytes;
            update_wav_header();
        }
        written = wav_bytes_;
    }
    if (on_chunk_written)
        on_chunk_written(written);
    return true;
}

void SpeechEngine::update_wav_header() {
    // RIFF/WAVE, PCM, 16-bit mono, little-endian; sizes rewritten after every chunk so the file is always valid.
    std::fseek(wav_, 0, SEEK_SET);
    std::fwrite("RIFF", 1, 4, wav_);
    put_le(wav_, static_cast<std::uint32_t>(36 + wav_bytes_), 4);
    std::fwrite("WAVEfmt ", 1, 8, wav_);
    put_le(wav_, 16, 4);
    put_le(wav_, 1, 2);  // PCM
    put_le(wav_, 1, 2);  // mono
    put_le(wav_, static_cast<std::uint32_t>(sample_rate_), 4);
    put_le(wav_, static_cast<std::uint32_t>(sample_rate_) * 2, 4);
    put_le(wav_, 2, 2);
    put_le(wav_, 16, 2);
    std::fwrite("data", 1, 4, wav_);
    put_le(wav_, static_cast<std::uint32_t>(wav_bytes_), 4);
    std::fflush(wav_);
}

void SpeechEngine::log_line(const std::string& line) {
    if (options_.log_file.empty())
        return;
    if (std::FILE* log = std::fopen(options_.log_file.c_str(), "a")) {
        std::fputs((line + "\n").c_str(), log);
        std::fclose(log);
    }
}

}  // namespace jiebang::platform

// EspeakSpeech (see espeak_speech.h). espeak-ng keeps global state, so one worker thread owns
// every call into it; say() only hands text over under a mutex.
#include "platform/native/espeak_speech.h"

#include <espeak-ng/espeak_ng.h>

#include <mutex>
#include <utility>

namespace idekort::platform {

struct EspeakSpeech::Shared {
    std::mutex mutex;
    std::condition_variable wake;
    std::string text, language;   // the newest text waiting to be spoken
    bool waiting = false;
    bool quit = false;
    std::string error;
    SampleSink sink;
    bool to_device = false;
    // For the synth callback (it runs on the worker, inside espeak_ng_Synthesize).
    std::string speaking_text, speaking_language;
};

namespace {

// espeak-ng calls this with each piece of synthesised sound; returning 1 aborts the utterance,
// which we do as soon as a newer text waits (the person moved on).
EspeakSpeech::Shared* g_shared = nullptr;   // one EspeakSpeech per process: espeak-ng is global

int on_samples(short* samples, int count, espeak_EVENT*) {
    EspeakSpeech::Shared* s = g_shared;
    if (!s) return 1;
    if (s->sink && samples && count > 0) s->sink(s->speaking_text, s->speaking_language, samples, count);
    std::lock_guard<std::mutex> lock(s->mutex);
    return s->waiting || s->quit ? 1 : 0;
}

std::string describe(espeak_ng_STATUS status) {
    char buffer[256] = {};
    espeak_ng_GetStatusCodeMessage(status, buffer, sizeof buffer);
    return buffer;
}

// espeak-ng cannot be started again after espeak_ng_Terminate() in the same process (a second
// start synthesises nothing), so it is started once, by the first voice, and left running.
std::string start_engine(bool to_device) {
    static std::once_flag once;
    static std::string failure;
    std::call_once(once, [&] {
        espeak_ng_InitializePath(nullptr);
        espeak_ng_ERROR_CONTEXT context = nullptr;
        const espeak_ng_STATUS status = espeak_ng_Initialize(&context);
        if (status != ENS_OK) {
            failure = "espeak-ng could not start: " + describe(status);
            espeak_ng_ClearErrorContext(&context);
            return;
        }
        // The sound device when asked for one; otherwise, or when there is none, synthesis only.
        const espeak_ng_STATUS output = to_device
            // Synchronous playback: the worker waits while it speaks, so the synth callback can
            // cut an utterance short when the person moves on.
            ? espeak_ng_InitializeOutput(static_cast<espeak_ng_OUTPUT_MODE>(ENOUTPUT_MODE_SYNCHRONOUS | ENOUTPUT_MODE_SPEAK_AUDIO), 0, nullptr) : ENS_OK;
        if (!to_device || output != ENS_OK) {
            if (to_device) failure = "no sound device for speech: " + describe(output);
            espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr);
        }
    });
    return failure;
}

void run(std::shared_ptr<EspeakSpeech::Shared> s) {
    if (std::string failure = start_engine(s->to_device); !failure.empty()) {
        const bool fatal = failure.rfind("espeak-ng could not start", 0) == 0;
        std::lock_guard<std::mutex> lock(s->mutex);
        s->error = std::move(failure);
        if (fatal) return;
    }
    espeak_SetSynthCallback(on_samples);
    std::string voice;
    for (;;) {
        std::string text, language;
        {
            std::unique_lock<std::mutex> lock(s->mutex);
            s->wake.wait(lock, [&] { return s->waiting || s->quit; });
            if (s->quit) break;
            text = std::move(s->text);
            language = std::move(s->language);
            s->waiting = false;
        }
        if (text.empty()) continue;   // stop(): silence
        if (language != voice) {
            if (const espeak_ng_STATUS v = espeak_ng_SetVoiceByName(language.c_str()); v != ENS_OK) {
                std::lock_guard<std::mutex> lock(s->mutex);
                s->error = "no espeak-ng voice '" + language + "': " + describe(v);
                continue;
            }
            voice = language;
        }
        s->speaking_text = text;
        s->speaking_language = language;
        espeak_ng_Synthesize(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
        espeak_ng_Synchronize();
        // An utterance the callback cut short leaves the rest of its text queued inside
        // espeak-ng; drop it, or it comes before the next text.
        espeak_ng_Cancel();
    }
}

} // namespace

// The worker (and with it espeak-ng and the sound device) starts at the first say(): a kiosk
// whose visitors never turn speech on never opens the sound device.
EspeakSpeech::EspeakSpeech() : m_shared(std::make_shared<Shared>()) { m_shared->to_device = true; }

EspeakSpeech::EspeakSpeech(SampleSink sink) : m_shared(std::make_shared<Shared>()) { m_shared->sink = std::move(sink); }

void EspeakSpeech::start() {
    if (m_worker.joinable()) return;
    g_shared = m_shared.get();
    m_worker = std::thread(run, m_shared);
}

EspeakSpeech::~EspeakSpeech() {
    if (!m_worker.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->quit = true;
    }
    m_shared->wake.notify_one();
    m_worker.join();
    g_shared = nullptr;
}

void EspeakSpeech::say(const std::string& text, const std::string& language) {
    if (text.empty()) return;
    start();
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->text = text;
        m_shared->language = language;
        m_shared->waiting = true;
    }
    m_shared->wake.notify_one();
}

void EspeakSpeech::stop() {
    if (!m_worker.joinable()) return;
    // An empty text interrupts what is spoken (the callback aborts) and then says nothing.
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->text.clear();
        m_shared->waiting = true;
    }
    m_shared->wake.notify_one();
}

std::string EspeakSpeech::last_error() const {
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    return m_shared->error;
}

} // namespace idekort::platform

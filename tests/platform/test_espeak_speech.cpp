// Tests for platform/native/espeak_speech.h with the real espeak-ng and its Danish voice: the
// kiosk's words become sound (samples), on the worker thread, in the language asked for, and
// a newer text interrupts an older one. The samples go to a sink instead of a sound card.
#include "platform/native/espeak_speech.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>

using namespace idekort;

namespace {

struct Heard {
    std::mutex mutex;
    std::set<std::string> texts;      // "da: ..." for every text that produced sound
    std::atomic<long> samples{0};
    std::atomic<long> loud{0};        // samples far from silence: a voice, not zeros
};

// Waits (with a deadline, never a fixed sleep) until `done` holds.
template <class Done>
bool eventually(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

} // namespace

TEST_CASE("[EspeakSpeech] a Danish field label is spoken by the Danish voice on the worker thread") {
    Heard heard;
    platform::EspeakSpeech speech([&](const std::string& text, const std::string& language, const short* samples, int count) {
        {
            std::lock_guard<std::mutex> lock(heard.mutex);
            heard.texts.insert(language + ": " + text);
        }
        heard.samples += count;
        for (int i = 0; i < count; ++i)
            if (samples[i] > 2000 || samples[i] < -2000) ++heard.loud;
    });
    const std::string said = "Giv idéen en kort titel, tekstfelt. Æblegrød på Østbanetorvet.";
    speech.say(said, "da");   // returns at once: the voice works on its own thread
    REQUIRE(eventually([&] { return heard.loud > 1000; }));
    CHECK(speech.last_error().empty());
    std::lock_guard<std::mutex> lock(heard.mutex);
    CHECK(heard.texts.count("da: " + said) == 1);
}

TEST_CASE("[EspeakSpeech] a newer text interrupts the one being spoken; English has its voice too") {
    Heard heard;
    std::atomic<long> first_samples{0};
    platform::EspeakSpeech speech([&](const std::string& text, const std::string& language, const short*, int count) {
        if (text.rfind("Første", 0) == 0) first_samples += count;
        std::lock_guard<std::mutex> lock(heard.mutex);
        heard.texts.insert(language + ": " + text);
    });
    std::string long_text = "Første tekst.";
    for (int i = 0; i < 40; ++i) long_text += " Den her sætning er lang, og den bliver ved og ved.";
    speech.say(long_text, "da");
    REQUIRE(eventually([&] { return first_samples > 0; }));
    speech.say("Next, button", "en");
    REQUIRE(eventually([&] {
        std::lock_guard<std::mutex> lock(heard.mutex);
        return heard.texts.count("en: Next, button") == 1;
    }));
    // The long Danish text was cut short: 40 sentences would be about a minute of sound
    // (22,050 samples a second); far less of it was made.
    CHECK(first_samples < 22050L * 30);
    CHECK(speech.last_error().empty());
}

// EspeakSpeech: the kiosk's voice (issue 17; app/core/narrator.h's SpeechOutput) on espeak-ng,
// Debian's libespeak-ng with its Danish voice ("da", espeak-ng-data).
//
// Implements:
//  [X] say() returns at once: synthesis runs on a worker thread, never in the frame; the
//      worker and the sound device start at the first say()
//  [X] a newer say() interrupts the one being spoken (the synth callback aborts), and only the
//      newest waiting text is spoken: the focus moving fast does not queue a backlog
//  [X] Danish and English voices by the UI's language
//  [X] output to the sound device (espeak-ng's own audio), or to a sample sink (tests, and a
//      kiosk without a sound device keeps running silent, with the reason in last_error())
//  [ ] SSML, rate and pitch settings (espeak's defaults: about 175 words a minute)
#pragma once

#include "app/core/narrator.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace idekort::platform {

class EspeakSpeech final : public SpeechOutput {
public:
    // Receives the synthesised 16-bit mono samples of each piece of an utterance, with the
    // text and language being spoken (tests listen here instead of a sound card).
    using SampleSink = std::function<void(const std::string& text, const std::string& language, const short* samples, int count)>;

    // Speaks through the sound device; without one, silently (last_error() says why).
    EspeakSpeech();
    // Sends the samples to `sink` instead of a sound device.
    explicit EspeakSpeech(SampleSink sink);
    ~EspeakSpeech() override;
    EspeakSpeech(const EspeakSpeech&) = delete;
    EspeakSpeech& operator=(const EspeakSpeech&) = delete;

    void say(const std::string& text, const std::string& language) override;
    void stop() override;

    // Why speech is unavailable or silent ("" when it works): no espeak-ng data, no voice, no device.
    std::string last_error() const;

    // What the caller and the worker share (espeak_speech.cpp).
    struct Shared;

private:
    void start();
    std::shared_ptr<Shared> m_shared;
    std::thread m_worker;
};

} // namespace idekort::platform

// Narrator: what a kiosk says aloud (issue 17; EN 301 549 §5.1 "closed functionality": a kiosk
// cannot run the person's own screen reader). From the item registry's widgets of each frame
// (semantic_item.h) it decides the next utterance: the focused control's name, role, value,
// problem and help when the focus moves or the control changes, and the live status texts
// (saved, the idle countdown, "fix what is marked") when they change. Plain logic, so it is
// tested without a sound card; the speech itself is the platform's (SpeechOutput).
#pragma once

#include "app/core/semantic_item.h"

#include <cstdint>
#include <string>
#include <vector>

namespace idekort {

// The platform's speech (platform/native/espeak_speech.cpp): speaks on its own thread, never
// blocks the frame. A newer say() interrupts what is being said, as screen readers do.
class SpeechOutput {
public:
    virtual ~SpeechOutput() = default;
    // `language` "da" or "en": picks the voice.
    virtual void say(const std::string& text, const std::string& language) = 0;
    virtual void stop() = 0;
};

// Words for roles and states in the UI's language ("knap", "afkrydsningsfelt", "valgt"), from
// the strings (a11y.role.* keys), passed in so the narrator stays free of the string table.
struct NarratorWords {
    std::string button, text_field, checkbox, radio, checked, not_checked, invalid;
};

class Narrator {
public:
    // What to say after this frame, or "" when nothing changed that is worth saying.
    std::string next(const std::vector<SemanticItem>& items, const NarratorWords& words);
    // Forget what was said (a new screen language, speech turned on): the focus is said again.
    void reset();

private:
    std::uint32_t m_focus = 0;
    std::string m_focus_words;
    std::string m_status;
};

} // namespace idekort

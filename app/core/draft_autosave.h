// DraftAutosave: keeps the text being typed in the store, so a crash, a power cut or a closed
// tab never loses more than the last ~300 ms of typing (the target for autosave).
//
// Every edit bumps a revision. The first edit after a quiet spell is saved at once (so a
// single word is never only in memory); later edits are saved at most every
// `debounce_seconds` while typing continues, and once more when it stops. The state says
// "saved" only when the store has acknowledged the newest revision; an older acknowledgement
// that arrives late does not count.
#pragma once

#include "app/core/card_store.h"

#include <functional>
#include <string>

namespace idekort {

class DraftAutosave {
public:
    static constexpr double debounce_seconds = 0.3;

    enum class State { Empty, Unsaved, Saving, Saved, Failed };

    explicit DraftAutosave(CardStore& store) : m_store(store) {}

    // The card changed (the caller edits it through card()). `now` is the frame time.
    void edited(double now);
    // Saves if a save is due. Returns the seconds until the next one is due (the runner's
    // wake-up), or a negative number when nothing is pending.
    double tick(double now);
    // Saves unsaved text now, without waiting for the debounce (the app is about to quit).
    void flush(double now);
    // Starts a new card (after the old one was kept or completed); the old one stays stored.
    void start_new(IdeaCard fresh);
    // Continues a stored draft saved at `revision`: later saves count on from there, so the
    // store's "never replace a newer revision" rule keeps accepting them.
    void resume(IdeaCard stored, std::int64_t revision);

    IdeaCard& card() { return m_card; }
    const IdeaCard& card() const { return m_card; }
    State state() const { return m_state; }
    std::int64_t revision() const { return m_revision; }
    const std::string& error() const { return m_error; }

private:
    void save(double now);

    CardStore& m_store;
    IdeaCard m_card;
    std::int64_t m_revision = 0;        // of the text in m_card
    std::int64_t m_saved_revision = 0;  // newest acknowledged by the store
    std::int64_t m_sent_revision = 0;   // newest handed to the store
    double m_last_edit = -1;
    double m_last_save = -1e9;
    State m_state = State::Empty;
    std::string m_error;
    unsigned m_generation = 0;          // bumps on start_new: late answers for an old card are dropped
};

} // namespace idekort

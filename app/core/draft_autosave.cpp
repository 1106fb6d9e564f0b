// DraftAutosave (see draft_autosave.h).
#include "app/core/draft_autosave.h"

#include "common/clock.h"

namespace idekort {

void DraftAutosave::edited(double now) {
    ++m_revision;
    m_last_edit = now;
    if (m_state != State::Saving) m_state = State::Unsaved;
    tick(now);
}

double DraftAutosave::tick(double now) {
    if (m_sent_revision >= m_revision) return -1; // nothing new to save
    const double since_save = now - m_last_save;
    // A tenth of a millisecond of slack: a frame loop that sleeps exactly the returned time must
    // find the save due, whatever floating point made of the subtraction.
    if (since_save >= debounce_seconds - 1e-4) {
        save(now);
        return m_sent_revision >= m_revision ? -1 : debounce_seconds;
    }
    return debounce_seconds - since_save;
}

void DraftAutosave::save(double now) {
    m_card.updated_at = utc_now();
    const std::int64_t revision = m_revision;
    const unsigned generation = m_generation;
    m_sent_revision = revision;
    m_last_save = now;
    m_state = State::Saving;
    m_store.save_draft(m_card, revision, [this, revision, generation](Status s) {
        if (generation != m_generation) return;
        if (!s) {
            m_state = State::Failed;
            m_error = s.error().describe();
            m_sent_revision = m_saved_revision; // retry on the next tick
            return;
        }
        if (revision > m_saved_revision) m_saved_revision = revision;
        m_state = m_saved_revision >= m_revision ? State::Saved : (m_sent_revision > m_saved_revision ? State::Saving : State::Unsaved);
    });
}

void DraftAutosave::flush(double now) {
    if (m_sent_revision < m_revision) save(now);
}

void DraftAutosave::start_new(IdeaCard fresh) {
    ++m_generation;
    m_card = std::move(fresh);
    m_revision = m_saved_revision = m_sent_revision = 0;
    m_last_save = -1e9;
    m_state = State::Empty;
    m_error.clear();
}

void DraftAutosave::resume(IdeaCard stored, std::int64_t revision) {
    start_new(std::move(stored));
    m_revision = m_saved_revision = m_sent_revision = revision;
    m_state = State::Saved;
}

} // namespace idekort

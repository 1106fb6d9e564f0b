// MeetingModel (see meeting_model.h).
#include "app/office/meeting_model.h"

#include "common/card_json.h"

#include <cstdio>
#include <cstdlib>

namespace idekort::office {

bool MeetingModel::take(protocol::MeetingReply reply, std::int64_t now_ms) {
    bool changed = !m_meeting || m_meeting->revision != reply.revision || m_meeting->meeting_id != reply.meeting_id ||
                   m_meeting->cards.size() != reply.cards.size();
    if (!changed)
        for (std::size_t i = 0; i < reply.cards.size(); ++i)
            changed = changed || reply.cards[i].state != m_meeting->cards[i].state || reply.cards[i].version != m_meeting->cards[i].version;
    m_cards.clear();
    for (const protocol::StoredCardEntry& entry : reply.cards) {
        MeetingCard c;
        c.entry = entry;
        // A card whose text cannot be read still shows its receipt; the meeting goes on.
        if (auto card = card_from_json(entry.card_json)) c.card = std::move(card).value();
        m_cards.push_back(std::move(c));
    }
    m_meeting = std::move(reply);
    const protocol::AgendaEntry* now = current_entry();
    const std::string current = now ? now->card_id : std::string();
    if (current != m_current_card) {
        m_current_card = current;
        m_current_since_ms = now_ms;
        changed = true;
    }
    return changed;
}

int MeetingModel::current() const {
    if (!m_meeting) return -1;
    for (std::size_t i = 0; i < m_meeting->agenda.size(); ++i)
        if (!decision(m_meeting->agenda[i].card_id)) return static_cast<int>(i);
    return -1;
}

const protocol::AgendaEntry* MeetingModel::current_entry() const {
    const int at = current();
    return at < 0 ? nullptr : &m_meeting->agenda[static_cast<std::size_t>(at)];
}

const MeetingCard* MeetingModel::card(const std::string& card_id) const {
    for (const MeetingCard& c : m_cards)
        if (c.entry.card_id == card_id) return &c;
    return nullptr;
}

const protocol::DecisionEntry* MeetingModel::decision(const std::string& card_id) const {
    if (!m_meeting) return nullptr;
    for (const protocol::DecisionEntry& d : m_meeting->decisions)
        if (d.card_id == card_id) return &d;
    return nullptr;
}

const protocol::DecisionEntry* MeetingModel::last_decision() const {
    if (!m_meeting) return nullptr;
    const protocol::DecisionEntry* last = nullptr;
    for (const protocol::DecisionEntry& d : m_meeting->decisions)
        if (!last || d.at >= last->at) last = &d;   // RFC 3339 UTC text sorts as time
    return last;
}

std::vector<protocol::ScoreEntry> MeetingModel::scores(const std::string& card_id, const std::string& director) const {
    std::vector<protocol::ScoreEntry> out;
    if (!m_meeting) return out;
    for (const protocol::ScoreEntry& s : m_meeting->scores)
        if (s.card_id == card_id && (director.empty() || s.director == director)) out.push_back(s);
    return out;
}

ScoreTally MeetingModel::tally(const std::string& card_id, const std::string& director) const {
    ScoreTally t;
    for (const protocol::ScoreEntry& s : scores(card_id, director)) {
        if (s.score == "yes") ++t.yes;
        else if (s.score == "partly") ++t.partly;
        else if (s.score == "no") ++t.no;
    }
    return t;
}

std::int64_t MeetingModel::seconds_left(std::int64_t now_ms) const {
    const protocol::AgendaEntry* now = current_entry();
    if (!now) return 0;
    const std::int64_t end = m_current_since_ms + now->minutes * 60'000;
    // Whole seconds, rounded up while time remains, so "00:00" shows only once it is over.
    const std::int64_t left = end - now_ms;
    return left >= 0 ? (left + 999) / 1000 : -((-left) / 1000);
}

std::vector<NamedItem> criteria_for(const ProgrammeConfig& programme, const std::string& theme) {
    std::vector<NamedItem> out = programme.criteria;
    if (const ProgrammeTheme* t = programme.theme(theme))
        for (const NamedItem& own : t->scoring_criteria) out.push_back(own);
    return out;
}

std::string countdown_text(std::int64_t seconds_left) {
    const std::int64_t s = std::llabs(seconds_left);
    char text[32];
    std::snprintf(text, sizeof text, "%s%02lld:%02lld", seconds_left < 0 ? "-" : "", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    return text;
}

} // namespace idekort::office

// MeetingModel: the screening meeting (issue 15) as the office app holds it between two polls of
// GET /api/v1/meetings/{meeting}: the agenda, which card is current, the directors' scores and
// the decisions, the cards' text, and the current card's time box. No ImGui here: the room view,
// the director's tablet and the chair's decision draw from it, and tests read it alone.
//
// Every participant works out the same current card without asking the server for one: the
// first agenda card without a decision. A decision moves the whole room to the next card.
#pragma once

#include "common/idea_card.h"
#include "common/programme_config.h"
#include "common/protocol/meetings.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idekort::office {

struct MeetingCard {
    protocol::StoredCardEntry entry;   // state, theme and version as the last poll said
    IdeaCard card;                     // the text (the server leaves the contact part out)
};

struct ScoreTally {
    int yes = 0, partly = 0, no = 0;
    int total() const { return yes + partly + no; }
};

class MeetingModel {
public:
    // Takes a poll's answer; true when something a person sees changed (the revision, the cards'
    // states or the current card). `now_ms` starts the time box of a card that just became current.
    bool take(protocol::MeetingReply reply, std::int64_t now_ms);
    void clear() { *this = MeetingModel{}; }

    bool open() const { return m_meeting.has_value(); }
    const protocol::MeetingReply& meeting() const { return *m_meeting; }
    std::int64_t revision() const { return m_meeting ? m_meeting->revision : -1; }

    // The index into the agenda of the current card, -1 when every card is decided (or none).
    int current() const;
    const protocol::AgendaEntry* current_entry() const;
    const MeetingCard* card(const std::string& card_id) const;
    const protocol::DecisionEntry* decision(const std::string& card_id) const;
    // The last decision made in the meeting (by its time), for the room after the card moved on.
    const protocol::DecisionEntry* last_decision() const;

    // The scores of a card, one director's or all.
    std::vector<protocol::ScoreEntry> scores(const std::string& card_id, const std::string& director = {}) const;
    ScoreTally tally(const std::string& card_id, const std::string& director = {}) const;

    // Seconds left of the current card's time box (negative once over), from when this device
    // first saw it current: a room's screen and the tablets around it see it within a poll.
    std::int64_t seconds_left(std::int64_t now_ms) const;
    std::int64_t current_since_ms() const { return m_current_since_ms; }

private:
    std::optional<protocol::MeetingReply> m_meeting;
    std::vector<MeetingCard> m_cards;
    std::string m_current_card;          // the card whose time box runs
    std::int64_t m_current_since_ms = 0;
};

// The criteria a card of `theme` is scored on: the programme's general ones, then the theme's own.
std::vector<NamedItem> criteria_for(const ProgrammeConfig& programme, const std::string& theme);
// "12:05" for a countdown; "-01:30" once the time box is over.
std::string countdown_text(std::int64_t seconds_left);

} // namespace idekort::office

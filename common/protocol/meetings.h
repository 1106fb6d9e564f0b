// Screening meeting messages (issue 14): the central office plans a meeting (date, themes,
// participants, an agenda of cards with a time box each); each director scores each card on the
// programme's general criteria and the theme's own (yes / partly / no, with a note); decisions
// are recorded against the scores. Participants poll the meeting and compare its `revision`,
// which grows with every score and decision (a meeting room where several directors score at
// once; the workshop issue adds push).
#pragma once

#include "common/json_reader.h"
#include "common/protocol/cards.h"
#include "common/json_writer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace idekort::protocol {

namespace route {
constexpr char meetings[] = "/api/v1/meetings";                                      // POST: plan one; GET: list them
constexpr char meeting[] = "/api/v1/meetings/{meeting}";                              // GET: poll it
constexpr char meeting_scores[] = "/api/v1/meetings/{meeting}/cards/{uuid}/scores";     // PUT: a director's scores
constexpr char meeting_decision[] = "/api/v1/meetings/{meeting}/cards/{uuid}/decision"; // POST: a TransitionRequest
} // namespace route

struct AgendaEntry {
    std::string card_id;
    std::int64_t minutes = 0;      // the card's time box

    void write(json::Writer& w) const;
    static AgendaEntry read(json::ObjectReader& r);
    bool operator==(const AgendaEntry& o) const { return card_id == o.card_id && minutes == o.minutes; }
};

// POST /api/v1/meetings
struct MeetingRequest {
    std::string held_on;           // YYYY-MM-DD
    std::vector<std::string> themes;
    std::vector<std::string> participants;   // user names of director accounts
    std::vector<AgendaEntry> agenda;

    void write(json::Writer& w) const;
    static MeetingRequest read(json::ObjectReader& r);
    bool operator==(const MeetingRequest& o) const {
        return held_on == o.held_on && themes == o.themes && participants == o.participants && agenda == o.agenda;
    }
};

// One score: in a request the card and director come from the path and the session.
struct ScoreEntry {
    std::string card_id;
    std::string director;
    std::string criterion;         // a general criterion's id or the card's theme's
    std::string score;             // "yes", "partly" or "no"
    std::string note;

    void write(json::Writer& w) const;
    static ScoreEntry read(json::ObjectReader& r);
    bool operator==(const ScoreEntry& o) const {
        return card_id == o.card_id && director == o.director && criterion == o.criterion && score == o.score && note == o.note;
    }
};

// PUT /api/v1/meetings/{meeting}/cards/{uuid}/scores: replaces the director's scores of the card.
struct ScoresRequest {
    std::vector<ScoreEntry> scores;

    void write(json::Writer& w) const;
    static ScoresRequest read(json::ObjectReader& r);
    bool operator==(const ScoresRequest& o) const { return scores == o.scores; }
};

struct ScoresReply {
    std::int64_t revision = 0;

    void write(json::Writer& w) const;
    static ScoresReply read(json::ObjectReader& r);
    bool operator==(const ScoresReply& o) const { return revision == o.revision; }
};

// A decision, and the scores' tally when it was made.
struct DecisionEntry {
    std::string card_id;
    std::string decision;          // invite_to_pitch, ask_for_more or close
    std::string by;
    std::string at;
    std::int64_t yes = 0, partly = 0, no = 0;

    void write(json::Writer& w) const;
    static DecisionEntry read(json::ObjectReader& r);
    bool operator==(const DecisionEntry& o) const {
        return card_id == o.card_id && decision == o.decision && by == o.by && at == o.at && yes == o.yes && partly == o.partly && no == o.no;
    }
};

// GET /api/v1/meetings/{meeting} (and the reply to POST).
struct MeetingReply {
    std::string meeting_id;
    std::string held_on;
    std::vector<std::string> themes;
    std::vector<std::string> participants;
    std::vector<AgendaEntry> agenda;
    std::vector<ScoreEntry> scores;
    std::vector<DecisionEntry> decisions;
    std::int64_t revision = 0;
    // The agenda's cards as they are now (issue 15: a director's tablet shows the card, and a
    // director may not list cards): state, theme, version (for the decision) and the card's text
    // without its contact part and without the sender. Servers before issue 15 send none.
    std::vector<StoredCardEntry> cards;

    void write(json::Writer& w) const;
    static MeetingReply read(json::ObjectReader& r);
    bool operator==(const MeetingReply& o) const {
        return meeting_id == o.meeting_id && held_on == o.held_on && themes == o.themes && participants == o.participants &&
               agenda == o.agenda && scores == o.scores && decisions == o.decisions && revision == o.revision && cards == o.cards;
    }
};

// One line of GET /api/v1/meetings (issue 15: the office's list of meetings): what a person
// needs to pick a meeting, without its scores or cards. `decided_cards` counts the agenda's
// cards with a decision in this meeting, so "3 of 5 decided" needs no second request.
struct MeetingSummary {
    std::string meeting_id;
    std::string held_on;
    std::vector<std::string> themes;
    std::vector<std::string> participants;
    std::int64_t agenda_cards = 0;
    std::int64_t decided_cards = 0;
    std::int64_t revision = 0;

    void write(json::Writer& w) const;
    static MeetingSummary read(json::ObjectReader& r);
    bool operator==(const MeetingSummary& o) const {
        return meeting_id == o.meeting_id && held_on == o.held_on && themes == o.themes && participants == o.participants &&
               agenda_cards == o.agenda_cards && decided_cards == o.decided_cards && revision == o.revision;
    }
};

// GET /api/v1/meetings[?from=YYYY-MM-DD]: the meetings the account may see, the latest date first.
struct MeetingListReply {
    std::vector<MeetingSummary> meetings;

    void write(json::Writer& w) const;
    static MeetingListReply read(json::ObjectReader& r);
    bool operator==(const MeetingListReply& o) const { return meetings == o.meetings; }
};

} // namespace idekort::protocol

// Screening meeting messages on the wire (see meetings.h).
#include "common/protocol/meetings.h"

namespace idekort::protocol {

namespace {
void write_texts(json::Writer& w, const char* name, const std::vector<std::string>& items) {
    w.key(name).begin_array();
    for (const std::string& item : items) w.value(item);
    w.end_array();
}
template <class T>
void write_list(json::Writer& w, const char* name, const std::vector<T>& items) {
    w.key(name).begin_array();
    for (const T& item : items) item.write(w);
    w.end_array();
}
template <class T>
std::vector<T> read_list(json::ObjectReader& r, const char* name) {
    return r.object_list<T>(name, [](json::ObjectReader& item) { return T::read(item); });
}
} // namespace

void AgendaEntry::write(json::Writer& w) const { w.begin_object().member("card_id", card_id).member("minutes", minutes).end_object(); }

AgendaEntry AgendaEntry::read(json::ObjectReader& r) {
    AgendaEntry a;
    a.card_id = r.text("card_id");
    a.minutes = r.integer("minutes");
    return a;
}

void MeetingRequest::write(json::Writer& w) const {
    w.begin_object().member("held_on", held_on);
    write_texts(w, "themes", themes);
    write_texts(w, "participants", participants);
    write_list(w, "agenda", agenda);
    w.end_object();
}

MeetingRequest MeetingRequest::read(json::ObjectReader& r) {
    MeetingRequest m;
    m.held_on = r.text("held_on");
    m.themes = r.text_list("themes");
    m.participants = r.text_list("participants");
    m.agenda = read_list<AgendaEntry>(r, "agenda");
    return m;
}

void ScoreEntry::write(json::Writer& w) const {
    w.begin_object();
    if (!card_id.empty()) w.member("card_id", card_id);
    if (!director.empty()) w.member("director", director);
    w.member("criterion", criterion).member("score", score).member("note", note).end_object();
}

ScoreEntry ScoreEntry::read(json::ObjectReader& r) {
    ScoreEntry s;
    s.card_id = r.optional_text("card_id").value_or("");
    s.director = r.optional_text("director").value_or("");
    s.criterion = r.text("criterion");
    s.score = r.text("score");
    s.note = r.optional_text("note").value_or("");
    return s;
}

void ScoresRequest::write(json::Writer& w) const {
    w.begin_object();
    write_list(w, "scores", scores);
    w.end_object();
}

ScoresRequest ScoresRequest::read(json::ObjectReader& r) {
    ScoresRequest s;
    s.scores = read_list<ScoreEntry>(r, "scores");
    return s;
}

void ScoresReply::write(json::Writer& w) const { w.begin_object().member("revision", revision).end_object(); }

ScoresReply ScoresReply::read(json::ObjectReader& r) {
    ScoresReply s;
    s.revision = r.integer("revision");
    return s;
}

void DecisionEntry::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).member("decision", decision).member("by", by).member("at", at).member("yes", yes)
        .member("partly", partly).member("no", no).end_object();
}

DecisionEntry DecisionEntry::read(json::ObjectReader& r) {
    DecisionEntry d;
    d.card_id = r.text("card_id");
    d.decision = r.text("decision");
    d.by = r.text("by");
    d.at = r.text("at");
    d.yes = r.integer("yes");
    d.partly = r.integer("partly");
    d.no = r.integer("no");
    return d;
}

void MeetingReply::write(json::Writer& w) const {
    w.begin_object().member("meeting_id", meeting_id).member("held_on", held_on);
    write_texts(w, "themes", themes);
    write_texts(w, "participants", participants);
    write_list(w, "agenda", agenda);
    write_list(w, "scores", scores);
    write_list(w, "decisions", decisions);
    write_list(w, "cards", cards);
    w.member("revision", revision).end_object();
}

MeetingReply MeetingReply::read(json::ObjectReader& r) {
    MeetingReply m;
    m.meeting_id = r.text("meeting_id");
    m.held_on = r.text("held_on");
    m.themes = r.text_list("themes");
    m.participants = r.text_list("participants");
    m.agenda = read_list<AgendaEntry>(r, "agenda");
    m.scores = read_list<ScoreEntry>(r, "scores");
    m.decisions = read_list<DecisionEntry>(r, "decisions");
    m.revision = r.integer("revision");
    if (r.has("cards")) m.cards = read_list<StoredCardEntry>(r, "cards");
    return m;
}

void MeetingSummary::write(json::Writer& w) const {
    w.begin_object().member("meeting_id", meeting_id).member("held_on", held_on);
    write_texts(w, "themes", themes);
    write_texts(w, "participants", participants);
    w.member("agenda_cards", agenda_cards).member("decided_cards", decided_cards).member("revision", revision).end_object();
}

MeetingSummary MeetingSummary::read(json::ObjectReader& r) {
    MeetingSummary m;
    m.meeting_id = r.text("meeting_id");
    m.held_on = r.text("held_on");
    m.themes = r.text_list("themes");
    m.participants = r.text_list("participants");
    m.agenda_cards = r.integer("agenda_cards");
    m.decided_cards = r.integer("decided_cards");
    m.revision = r.integer("revision");
    return m;
}

void MeetingListReply::write(json::Writer& w) const {
    w.begin_object();
    write_list(w, "meetings", meetings);
    w.end_object();
}

MeetingListReply MeetingListReply::read(json::ObjectReader& r) {
    MeetingListReply m;
    m.meetings = read_list<MeetingSummary>(r, "meetings");
    return m;
}

} // namespace idekort::protocol

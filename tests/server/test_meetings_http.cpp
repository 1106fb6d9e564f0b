// The office's lists (issue 15) over HTTP, on the real idekort-server with a real SQLite file:
// GET /api/v1/meetings (the meetings an account may see, the latest date first, with each one's
// agenda size and decided cards; ?from= keeps the later ones; a bad query is 422 naming it) and
// a director's "Mine kort" (GET /api/v1/cards?mine=1: the cards of their themes between triage
// and closing, and nothing without mine=1).
#include "common/protocol/cards.h"
#include "common/protocol/meetings.h"
#include "office_server.h"

#include <algorithm>
#include <set>

using namespace idekort;
using namespace idekort::test;

namespace {

protocol::MeetingListReply meetings_of(OfficeServer& s, const std::string& who, const std::string& query = {}) {
    auto r = s.get("/api/v1/meetings" + query, who);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    auto reply = protocol::from_json<protocol::MeetingListReply>(r.body);
    REQUIRE_MESSAGE(reply.ok(), r.body);
    return reply.value();
}

std::vector<std::string> dates_of(const protocol::MeetingListReply& list) {
    std::vector<std::string> out;
    for (const auto& m : list.meetings) out.push_back(m.held_on);
    return out;
}

std::set<std::string> ids_of(const protocol::CardListReply& list) {
    std::set<std::string> out;
    for (const auto& c : list.cards) out.insert(c.card_id);
    return out;
}

std::string plan(OfficeServer& s, const protocol::MeetingRequest& m) {
    auto r = s.http->post("/api/v1/meetings", protocol::to_json(m), s.tokens["tove"]);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return protocol::from_json<protocol::MeetingReply>(r.body).value().meeting_id;
}

std::string json_text(const std::string& body, const char* name) {
    json::ObjectReader r(body, JsonLimits{});
    return r.optional_text(name).value_or("");
}

} // namespace

TEST_CASE("[meetings http] the list: every meeting for the central office, a director's own, the latest first, with progress") {
    OfficeServer s(read_project_file("assets/programme/programme.json"));
    s.account("dagmar", "director", {"climate"});
    s.account("ib", "director", {"integration"});
    const std::string a = s.submit("Cykelværksted"), b = s.submit("Fælles kompost"), c = s.submit("Sprogcafé");
    const std::int64_t a_version = s.move(a, {triage("climate"), act("plan_screening")});
    s.move(b, {triage("climate"), act("plan_screening")});
    s.move(c, {triage("integration"), act("plan_screening")});

    const std::string december = plan(s, {"2026-12-03", {"climate"}, {"dorte", "dagmar"}, {{a, 20}, {b, 10}}});
    const std::string january = plan(s, {"2027-01-14", {"integration"}, {"ib"}, {{c, 15}}});
    const std::string november = plan(s, {"2026-11-05", {"climate"}, {"dagmar"}, {}});

    // The central office and the administrator see every meeting, the latest date first.
    for (const char* who : {"tove", "ada"}) {
        CAPTURE(who);
        CHECK(dates_of(meetings_of(s, who)) == std::vector<std::string>{"2027-01-14", "2026-12-03", "2026-11-05"});
    }
    // A director sees the meetings they take part in, and only those.
    CHECK(dates_of(meetings_of(s, "dorte")) == std::vector<std::string>{"2026-12-03"});
    CHECK(dates_of(meetings_of(s, "dagmar")) == std::vector<std::string>{"2026-12-03", "2026-11-05"});
    CHECK(dates_of(meetings_of(s, "ib")) == std::vector<std::string>{"2027-01-14"});
    // Roles without meetings are refused, as the route table says.
    auto facilitator = s.get("/api/v1/meetings", "finn");
    CHECK(facilitator.status == 403);
    CHECK(json_text(facilitator.body, "error") == "forbidden");
    CHECK(s.http->get("/api/v1/meetings", "").status == 401);

    // Each line: date, themes, participants, agenda size and how many of its cards are decided.
    auto line = meetings_of(s, "dagmar").meetings.front();
    CHECK(line.meeting_id == december);
    CHECK(line.themes == std::vector<std::string>{"climate"});
    CHECK(line.participants == std::vector<std::string>{"dagmar", "dorte"});
    CHECK(line.agenda_cards == 2);
    CHECK(line.decided_cards == 0);
    const std::int64_t before = line.revision;
    protocol::TransitionRequest invite = act("invite_to_pitch");
    invite.version = a_version;
    auto decided = s.http->post("/api/v1/meetings/" + december + "/cards/" + a + "/decision", protocol::to_json(invite), s.tokens["dorte"]);
    REQUIRE_MESSAGE(decided.status == 200, decided.body);
    line = meetings_of(s, "tove").meetings[1];
    CHECK(line.meeting_id == december);
    CHECK(line.decided_cards == 1);
    CHECK(line.agenda_cards == 2);
    CHECK(line.revision > before);
    CHECK(meetings_of(s, "tove").meetings[2].meeting_id == november);
    CHECK(meetings_of(s, "tove").meetings[2].agenda_cards == 0);
    CHECK(meetings_of(s, "ib").meetings[0].meeting_id == january);

    // ?from= keeps the meetings held on that day or later; the order stays.
    CHECK(dates_of(meetings_of(s, "tove", "?from=2026-12-03")) == std::vector<std::string>{"2027-01-14", "2026-12-03"});
    CHECK(dates_of(meetings_of(s, "dagmar", "?from=2026-12-04")).empty());
    CHECK(meetings_of(s, "tove", "?from=2027-02-01").meetings.empty());
}

TEST_CASE("[meetings http] a bad query is refused in words that name it") {
    OfficeServer s(read_project_file("assets/programme/programme.json"));
    for (const char* query : {"?from=3.%20december", "?from=2026-13-01", "?from=", "?from=2026-12-3"}) {
        CAPTURE(query);
        auto r = s.get(std::string("/api/v1/meetings") + query, "tove");
        CHECK(r.status == 422);
        CHECK(json_text(r.body, "field") == "from");
        CHECK(json_text(r.body, "rule") == "invalid_date");
        CHECK(json_text(r.body, "message").find("YYYY-MM-DD") != std::string::npos);
    }
    auto unknown = s.get("/api/v1/meetings?until=2026-12-03", "tove");
    CHECK(unknown.status == 422);
    CHECK(json_text(unknown.body, "field") == "until");
    CHECK(json_text(unknown.body, "rule") == "unknown_parameter");
}

TEST_CASE("[meetings http] Mine kort: a director lists the cards of their themes past triage, and only with mine=1") {
    OfficeServer s(read_project_file("assets/programme/programme.json"));
    const std::string received = s.submit("Ny idé");
    const std::string triaged = s.submit("Sorteret");
    const std::string screening = s.submit("Til screening");
    const std::string invited = s.submit("Inviteret");
    const std::string funded = s.submit("Finansieret");
    const std::string learned = s.submit("Læring");
    const std::string closed = s.submit("Lukket");
    const std::string other_theme = s.submit("Andet tema");
    s.move(triaged, {triage("climate")});
    s.move(screening, {triage("climate"), act("plan_screening")});
    s.move(invited, {triage("climate"), act("plan_screening"), act("invite_to_pitch")});
    s.move(funded, {triage("climate"), act("plan_screening"), act("invite_to_pitch"), act("record_pitch"), fund(20000)});
    s.move(learned, {triage("climate"), act("plan_screening"), act("invite_to_pitch"), act("record_pitch"), fund(20000), learn()});
    s.move(closed, {triage("climate"), act("plan_screening"), close_no_fit()});
    s.move(other_theme, {triage("integration"), act("plan_screening")});
    (void)received;

    // Dorte answers for climate: her cards in screening, invited, funded and learning, not the
    // ones before triage's end, not the closed one, not another theme's.
    auto mine = s.get("/api/v1/cards?mine=1&sort=state_since", "dorte");
    REQUIRE_MESSAGE(mine.status == 200, mine.body);
    const auto list = protocol::from_json<protocol::CardListReply>(mine.body).value();
    CHECK(ids_of(list) == std::set<std::string>{screening, invited, funded, learned});
    // Longest in its state first (the order asked), each with its state and since when.
    for (std::size_t i = 1; i < list.cards.size(); ++i) CHECK(list.cards[i - 1].state_since <= list.cards[i].state_since);
    for (const auto& card : list.cards) {
        CHECK_FALSE(card.state_since.empty());
        // The contact part as the pipeline view gives it: not before the invitation to pitch.
        if (card.card_id == screening) CHECK(card.card_json.find("\"contact\"") == std::string::npos);
        CHECK(card.sender.empty());
    }

    // Without mine=1 a director lists nothing, and is told what to add.
    for (const char* query : {"", "?mine=0", "?state=received"}) {
        CAPTURE(query);
        auto all = s.get(std::string("/api/v1/cards") + query, "dorte");
        CHECK(all.status == 400);
        CHECK(json_text(all.body, "field") == "mine");
        CHECK(json_text(all.body, "message").find("mine=1") != std::string::npos);
    }
    CHECK(s.get("/api/v1/cards?mine=yes", "dorte").status == 400);
    // A theme filter inside mine=1 cannot reach another director's theme.
    auto other = s.get("/api/v1/cards?mine=1&theme=integration", "dorte");
    REQUIRE(other.status == 200);
    CHECK(protocol::from_json<protocol::CardListReply>(other.body).value().cards.empty());
    // A director without themes has no cards.
    s.account("dina", "director", {});
    auto none = s.get("/api/v1/cards?mine=1", "dina");
    REQUIRE(none.status == 200);
    CHECK(protocol::from_json<protocol::CardListReply>(none.body).value().cards.empty());
    // The central office's mine=1 is every theme past triage; its plain list is unchanged.
    auto office = s.get("/api/v1/cards?mine=1", "tove");
    REQUIRE(office.status == 200);
    CHECK(ids_of(protocol::from_json<protocol::CardListReply>(office.body).value()) ==
          std::set<std::string>{screening, invited, funded, learned, other_theme});
    CHECK(protocol::from_json<protocol::CardListReply>(s.get("/api/v1/cards", "tove").body).value().cards.size() == 8);
    CHECK(s.get("/api/v1/cards?mine=1", "finn").status == 403);
    CHECK(s.get("/api/v1/cards/export", "dorte").status == 403);   // exports stay the central office's
}

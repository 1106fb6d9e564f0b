// The screening meeting (issue 15) by label, headless, against the real idekort-server: the
// central office plans a meeting from the cards in screening and shows it as the room view; two
// directors on two tablets score the same card and both scores count on every screen; the chair
// invites to pitch with a date and the room moves on to the next card; a decision on a card
// someone else decided first is told in words with the card as it is now; a score being written
// is kept on the tablet until the server acknowledged it.
//
// Three office apps run in one process here, each with its own ImGui context: a Seat makes its
// desk's context the current one before the desk is used (ImGui keeps one current context).
#include "office_fixture.h"

#include "app/office/meeting_model.h"

#include <thread>

using namespace idekort;
using namespace idekort::test;

namespace {

struct Seat {
    std::unique_ptr<OfficeDesk> desk;
    ImGuiContext* context = nullptr;
    Seat(const std::string& url, float width, float height) {
        ImGui::SetCurrentContext(nullptr);   // so the runner's new context becomes the current one
        desk = std::make_unique<OfficeDesk>(make_temp_dir("idekort-meeting-desk") + "/office.db", url, width, height);
        context = ImGui::GetCurrentContext();
    }
    ~Seat() {
        ImGui::SetCurrentContext(context);
        desk.reset();
        ImGui::SetCurrentContext(nullptr);
    }
    OfficeDesk& operator()() {
        ImGui::SetCurrentContext(context);
        return *desk;
    }
};

// A card sent as a kiosk sends it, given the first theme and passed on to screening.
std::pair<std::string, std::string> card_in_screening(OfficeServer& server, const std::string& title) {
    const auto [id, receipt] = server.send_card(title);
    for (const char* action : {"triage", "plan_screening"}) {
        protocol::TransitionRequest request;
        request.action = action;
        request.version = server.view(id).version;
        if (request.action == "triage") request.theme = shipped_programme().themes[0].id;
        auto r = server.client->post("/api/v1/cards/" + id + "/transitions", protocol::to_json(request), server.tokens["ada"]);
        REQUIRE_MESSAGE(r.status == 200, r.body);
    }
    return {id, receipt};
}

void director(OfficeServer& server, const std::string& name) {
    server.account(name, "director");
    auto r = server.client->request("PUT", "/api/v1/admin/users/" + name + "/themes",
                                    protocol::to_json(protocol::AccountThemesRequest{{shipped_programme().themes[0].id}}),
                                    {{"Authorization", "Bearer " + server.tokens["ada"]}, {"Content-Type", "application/json"}});
    REQUIRE_MESSAGE(r.status == 200, r.body);
}

protocol::MeetingReply meeting_on_server(OfficeServer& server, const std::string& id) {
    auto r = server.client->get("/api/v1/meetings/" + id, server.tokens["ada"]);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return protocol::from_json<protocol::MeetingReply>(r.body).value();
}

// Scrolls the page with a finger until `label` is in sight (a tablet's page is taller than the
// screen), then presses it as OfficeDesk::press does.
void reveal(OfficeDesk& desk, std::string_view label) {
    const float h = ImGui::GetIO().DisplaySize.y;
    for (int i = 0; i < 16 && !desk.shows(label); ++i) {
        desk.wait_until([&] { return !desk.http.busy(); }, "a quiet moment to scroll");
        if (desk.shows(label)) break;
        // Toward the widget where the app laid it out but clipped it; looking further down
        // first when it is not laid out at all.
        bool down = i < 8;
        for (const auto& it : desk.app.semantic_items())
            if (it.label == label) down = it.rect.y > h / 2;
        // Both ways within the lower part of the screen: the page begins below the top bar, the
        // tabs and the meeting's own header (about a third of a tablet's height).
        desk.runner->drag(40, h * (down ? 0.9f : 0.45f), 40, h * (down ? 0.45f : 0.9f));
        desk.runner->frames(3);
    }
}
// Waits until `label` shows somewhere on the page, scrolling to look for it.
void sees(OfficeDesk& desk, std::string_view label) {
    desk.wait_until([&] {
        if (desk.shows(label)) return true;
        reveal(desk, label);
        return desk.shows(label);
    }, std::string(label).c_str(), 40);
}
void tap(OfficeDesk& desk, std::string_view label) {
    reveal(desk, label);
    desk.press(label);
}
void write(OfficeDesk& desk, std::string_view label, std::string_view text) {
    reveal(desk, label);
    desk.type(label, text);
}

std::string criterion(int i) { return shipped_programme().criteria[static_cast<std::size_t>(i)].name.da; }

void open_on_tablet(OfficeDesk& tablet, const std::string& user, const std::string& meeting_id) {
    tablet.sign_in(user);
    tablet.wait_until([&] { return tablet.state("screen") == "meeting"; }, "the director's meeting screen");
    tablet.type("Mødets id", meeting_id);
    tablet.press("Åbn mødet");
    tablet.wait_until([&] { return tablet.state("meeting_view") == "tablet" && tablet.state("meeting_current") != ""; }, "the tablet with the current card");
}

} // namespace

TEST_CASE("meeting: planned by the office, scored by two directors on tablets, decided by the chair, seen in the room") {
    OfficeServer server;
    server.account("tove", "triage");
    director(server, "dorte");
    director(server, "dagmar");
    const auto [first, first_receipt] = card_in_screening(server, "Cykelværksted til mødet");
    const auto [second, second_receipt] = card_in_screening(server, "Det næste kort på dagsordenen");

    // The room's screen: the central office plans the meeting from the cards in screening.
    Seat room(server.url(), 1920, 1080);
    room().sign_in("tove");
    room().wait_until([&] { return room().state("screen") == "inbox"; }, "the inbox");
    room().press("Møder");
    room().press("Planlæg et møde …");
    room().press(shipped_programme().themes[0].name.da);
    room().type("Direktører (brugernavne, adskilt med komma)", "dorte, dagmar");
    tap(room(), first_receipt + " · Cykelværksted til mødet (" + shipped_programme().themes[0].name.da + ")");
    tap(room(), second_receipt + " · Det næste kort på dagsordenen (" + shipped_programme().themes[0].name.da + ")");
    tap(room(), "Planlæg mødet");
    room().wait_until([&] { return room().state("meeting_view") == "room" && room().state("meeting_current") == first; }, "the room view of the new meeting");
    const std::string meeting_id = room().state("meeting_id");
    CHECK(meeting_on_server(server, meeting_id).agenda.size() == 2);
    room().wait_for("Mødets id: " + meeting_id);
    room().wait_for("Nu: 1. Cykelværksted til mødet (10 min)");
    CHECK(room().shows("dorte: har ikke vurderet endnu"));
    // The countdown of the card's time box is on the wall.
    room().wait_until([&] {
        for (const auto& item : room().app.semantic_items())
            if (item.label.size() == 5 && item.label[2] == ':' && (item.label.rfind("09", 0) == 0 || item.label == "10:00")) return true;
        return false;
    }, "the countdown of the ten minutes");

    // Two directors on two tablets score the same card.
    Seat dorte(server.url(), 1024, 768);
    open_on_tablet(dorte(), "dorte", meeting_id);
    CHECK(dorte().state("meeting_current") == first);
    sees(dorte(), "Cykelværksted til mødet");
    tap(dorte(), criterion(0) + ": Ja");
    tap(dorte(), criterion(1) + ": Ja");
    write(dorte(), "Note om " + criterion(1), "Stor gevinst for plejehjemmene");
    tap(dorte(), criterion(2) + ": Delvis");
    tap(dorte(), "Send min vurdering");
    dorte().wait_until([&] { return dorte().state("meeting_message") == "Din vurdering er modtaget."; }, "dorte's scores acknowledged");

    Seat dagmar(server.url(), 1024, 768);
    open_on_tablet(dagmar(), "dagmar", meeting_id);
    tap(dagmar(), criterion(0) + ": Nej");
    tap(dagmar(), criterion(1) + ": Delvis");
    tap(dagmar(), "Send min vurdering");
    dagmar().wait_until([&] { return dagmar().state("meeting_message") == "Din vurdering er modtaget."; }, "dagmar's scores acknowledged");

    // Both count: on the server, in the room and on each tablet.
    const auto scored = meeting_on_server(server, meeting_id);
    CHECK(scored.scores.size() == 5);
    room().wait_for("dorte: 2 ja · 1 delvis · 0 nej");
    room().wait_for("dagmar: 0 ja · 1 delvis · 1 nej");
    room().wait_for(criterion(1) + ": Ja – Stor gevinst for plejehjemmene");
    sees(dorte(), "dagmar: 0 ja · 1 delvis · 1 nej");
    sees(dagmar(), "dorte: 2 ja · 1 delvis · 0 nej");

    // The chair (dorte) invites to pitch with a date; a wrong date is said at the field first.
    tap(dorte(), "Inviter til pitch …");
    write(dorte(), "Dato for pitch (ÅÅÅÅ-MM-DD)", "næste uge");
    tap(dorte(), "Send beslutningen");
    dorte().wait_for("Skriv datoen for pitch som ÅÅÅÅ-MM-DD.");
    CHECK(server.view(first).state == CardState::InScreening);
    tap(dorte(), "Dato for pitch (ÅÅÅÅ-MM-DD)");
    for (int i = 0; i < 12; ++i) dorte().runner->press_key(platform::NullKey::Backspace);
    dorte().runner->type_text("2026-12-10");
    dorte().runner->frames(2);
    tap(dorte(), "Send beslutningen");
    dorte().wait_until([&] { return server.view(first).state == CardState::InvitedToPitch; }, "the card invited to pitch");
    CHECK(server.view(first).log.back().why == "Inviteret til pitch den 2026-12-10");
    // Every screen moves on to the next card and shows the decision with both scores.
    const std::string decided = "Besluttet: Inviteret til pitch (dorte) · 2 ja · 2 delvis · 1 nej";
    for (Seat* seat : {&room, &dorte, &dagmar}) {
        (*seat)().wait_until([&] { return (*seat)().state("meeting_current") == second; }, "the next card");
        sees((*seat)(), "Seneste beslutning: Cykelværksted til mødet");
        sees((*seat)(), "dorte: 2 ja · 1 delvis · 0 nej");
        sees((*seat)(), "dagmar: 0 ja · 1 delvis · 1 nej");
    }
    room().wait_for(decided);

    // A stale decision: dagmar writes a close with feedback while dorte decides first.
    tap(dagmar(), "Luk med svar …");
    write(dagmar(), "Svar til den, der skrev idéen", "Tak, men den passer ikke i år.");
    protocol::TransitionRequest other;
    other.action = "ask_for_more";
    other.version = server.view(second).version;
    other.feedback = "Fortæl mere om, hvem der vil stå for værkstedet.";
    REQUIRE(server.client->post("/api/v1/meetings/" + meeting_id + "/cards/" + second + "/decision", protocol::to_json(other),
                                server.tokens["dorte"]).status == 200);
    // Whether her device heard of it by its poll or by her pressing send (409), she is told in
    // words, with the card as it is now; the other decision stands.
    if (dagmar().shows("Send beslutningen")) {
        const SemanticItem* send = find_item(dagmar().app.semantic_items(), "Send beslutningen");
        if (send) dagmar().runner->click(send->rect.centre_x(), send->rect.centre_y());
    }
    dagmar().wait_until([&] { return dagmar().state("meeting_message") ==
                              "En anden har allerede besluttet om kortet: det står nu som Tema sat. Skærmen viser mødet, som det er nu."; },
                        "the stale decision told in words");
    CHECK(server.view(second).state == CardState::Triaged);
    sees(dagmar(), "Alle kort på dagsordenen er besluttet.");
    room().wait_for("Besluttet: Bedt om mere (dorte) · 0 ja · 0 delvis · 0 nej");
}

TEST_CASE("meeting: a score being written stays on the tablet until the server has it") {
    OfficeServer server;
    director(server, "dorte");
    const auto [card, receipt] = card_in_screening(server, "Vurderes uden forbindelse");
    protocol::MeetingRequest plan{"2026-12-03", {shipped_programme().themes[0].id}, {"dorte"}, {{card, 15}}};
    auto planned = server.client->post("/api/v1/meetings", protocol::to_json(plan), server.tokens["ada"]);
    REQUIRE_MESSAGE(planned.status == 201, planned.body);
    const std::string meeting_id = protocol::from_json<protocol::MeetingReply>(planned.body).value().meeting_id;
    const std::string db = make_temp_dir("idekort-meeting-tablet") + "/office.db";
    {
        ImGui::SetCurrentContext(nullptr);
        OfficeDesk tablet(db, server.url(), 1024, 768);
        open_on_tablet(tablet, "dorte", meeting_id);
        tap(tablet, criterion(0) + ": Delvis");
        write(tablet, "Note om " + criterion(0), "Målgruppen er for snæver");
        tablet.runner->frames(3);
        tablet.runner->settle_store();
    }   // the tablet closes (a crash, a closed tab) before anything was sent
    CHECK(meeting_on_server(server, meeting_id).scores.empty());
    {
        ImGui::SetCurrentContext(nullptr);
        OfficeDesk tablet(db, server.url(), 1024, 768);
        // The meeting opens again by itself, with the score as it was left.
        tablet.wait_until([&] { return tablet.state("meeting_view") == "tablet" && tablet.state("meeting_current") == card; }, "the meeting again");
        CHECK(tablet.state("meeting_message") == "Ikke sendt endnu: gemt på denne enhed, til serveren har modtaget det.");
        tap(tablet, "Send min vurdering");
        tablet.wait_until([&] { return tablet.state("meeting_message") == "Din vurdering er modtaget."; }, "the kept score acknowledged");
        const auto scores = meeting_on_server(server, meeting_id).scores;
        REQUIRE(scores.size() == 1);
        CHECK(scores[0].score == "partly");
        CHECK(scores[0].note == "Målgruppen er for snæver");
    }
}

TEST_CASE("meeting model: the current card, the tally and the countdown") {
    protocol::MeetingReply m;
    m.meeting_id = "m";
    m.participants = {"dorte", "dagmar"};
    m.agenda = {{"a", 10}, {"b", 5}};
    m.scores = {{"a", "dorte", "target_group", "yes", ""}, {"a", "dagmar", "target_group", "no", ""}, {"a", "dagmar", "gain_potential", "partly", ""}};
    m.revision = 3;
    office::MeetingModel model;
    CHECK(model.take(m, 1'000'000));
    CHECK(model.current() == 0);
    CHECK(model.tally("a").total() == 3);
    CHECK(model.tally("a", "dagmar").partly == 1);
    CHECK(model.seconds_left(1'000'000) == 600);
    CHECK(model.seconds_left(1'000'001) == 600);   // rounded up while time remains
    CHECK(model.seconds_left(1'000'000 + 601'000) == -1);
    CHECK(office::countdown_text(600) == "10:00");
    CHECK(office::countdown_text(-75) == "-01:15");
    CHECK_FALSE(model.take(m, 2'000'000));   // nothing moved: nothing to draw
    m.decisions = {{"a", "invite_to_pitch", "dorte", "2026-12-03T10:00:00.000Z", 1, 1, 1}};
    m.revision = 4;
    CHECK(model.take(m, 3'000'000));
    CHECK(model.current() == 1);
    CHECK(model.seconds_left(3'000'000) == 300);   // the next card's time box starts when it became current
    REQUIRE(model.last_decision());
    CHECK(model.last_decision()->card_id == "a");
}

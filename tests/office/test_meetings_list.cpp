// The office's lists (issue 15) by label, headless, against the real idekort-server: the central
// office sees every screening meeting under "Møder" (the latest date first, with how many cards
// are decided) and opens one with a press; a director sees only the meetings they take part in
// and reaches their tablet from the list, not by typing an id; a director's "Mine kort" lists the
// cards of their themes past triage with stage and days waited, and a row opens the card's
// pipeline page, whose way back returns to the list.
#include "office_fixture.h"

using namespace idekort;
using namespace idekort::test;

namespace {

const std::string& theme_id(std::size_t i) { return shipped_programme().themes[i].id; }
const std::string& theme_words(std::size_t i) { return shipped_programme().themes[i].name.da; }

// Takes the card through `actions` as the administrator.
void move_card(OfficeServer& server, const std::string& id, std::vector<protocol::TransitionRequest> actions) {
    for (protocol::TransitionRequest& request : actions) {
        request.version = server.view(id).version;
        auto r = server.client->post("/api/v1/cards/" + id + "/transitions", protocol::to_json(request), server.tokens["ada"]);
        REQUIRE_MESSAGE(r.status == 200, r.body);
    }
}
protocol::TransitionRequest act(const char* action, const std::string& theme = {}) {
    protocol::TransitionRequest r;
    r.action = action;
    r.theme = theme;
    if (r.action == "close") {
        r.reason = "no_strategic_fit";
        r.feedback = "Tak for idéen.";
    }
    return r;
}

void director(OfficeServer& server, const std::string& name, const std::string& theme) {
    server.account(name, "director");
    auto r = server.client->request("PUT", "/api/v1/admin/users/" + name + "/themes", protocol::to_json(protocol::AccountThemesRequest{{theme}}),
                                    {{"Authorization", "Bearer " + server.tokens["ada"]}, {"Content-Type", "application/json"}});
    REQUIRE_MESSAGE(r.status == 200, r.body);
}

std::string plan(OfficeServer& server, const protocol::MeetingRequest& m) {
    auto r = server.client->post("/api/v1/meetings", protocol::to_json(m), server.tokens["ada"]);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return protocol::from_json<protocol::MeetingReply>(r.body).value().meeting_id;
}

const SemanticItem& item(OfficeDesk& desk, std::string_view label) {
    const SemanticItem* found = find_item(desk.app.semantic_items(), label);
    REQUIRE_MESSAGE(found, std::string(label));
    return *found;
}

// Tab until the widget `label` has the keyboard's focus (at most 30 presses), as a person
// without a pointer does.
void tab_to(OfficeDesk& desk, std::string_view label) {
    for (int i = 0; i < 30; ++i) {
        const SemanticItem* found = find_item(desk.app.semantic_items(), label);
        if (found && found->focused) return;
        desk.runner->press_key(platform::NullKey::Tab);
    }
    std::string seen;
    for (const auto& i : desk.app.semantic_items()) if (i.focused) seen += "'" + i.label + "' ";
    FAIL("Tab never reached " << std::string(label) << "; focused: " << seen);
}

} // namespace

TEST_CASE("meetings list: the office sees every meeting, the latest first, and opens one; a director reaches their own from the list") {
    OfficeServer server;
    server.account("tove", "triage");
    director(server, "dorte", theme_id(0));
    director(server, "ib", theme_id(1));
    const auto [first, first_receipt] = server.send_card("Cykelværksted på listen");
    const auto [other, other_receipt] = server.send_card("Sprogcafé på listen");
    move_card(server, first, {act("triage", theme_id(0)), act("plan_screening")});
    move_card(server, other, {act("triage", theme_id(1)), act("plan_screening")});
    const std::string december = plan(server, {"2026-12-03", {theme_id(0)}, {"dorte"}, {{first, 15}}});
    const std::string january = plan(server, {"2027-01-14", {theme_id(1)}, {"ib"}, {{other, 15}}});
    const std::string december_line = "2026-12-03 · " + theme_words(0) + " · 0 af 1 kort afgjort";
    const std::string january_line = "2027-01-14 · " + theme_words(1) + " · 0 af 1 kort afgjort";

    {
        OfficeDesk desk(make_temp_dir("idekort-meetings-desk") + "/office.db", server.url(), 1920, 1080);
        desk.sign_in("tove");
        desk.wait_until([&] { return desk.state("screen") == "inbox"; }, "the inbox");
        desk.press("Møder");
        desk.wait_for(december_line);
        desk.wait_for(january_line);
        CHECK(desk.state("meetings_listed") == "2");
        // The latest date on top; each line a finger's height at least.
        CHECK(item(desk, january_line).rect.y < item(desk, december_line).rect.y);
        CHECK(item(desk, december_line).rect.height >= 44);
        // Opening by id stays possible below the list, as does planning.
        CHECK(desk.shows("Mødets id"));
        CHECK(desk.shows("Planlæg et møde …"));
        desk.press(december_line);
        desk.wait_until([&] { return desk.state("meeting_view") == "room" && desk.state("meeting_current") == first; }, "the room view");
        CHECK(desk.state("meeting_id") == december);
        desk.wait_for("Mødets id: " + december);
        // Back to the list: the decision made meanwhile shows in its line.
        protocol::TransitionRequest invite = act("invite_to_pitch");
        invite.version = server.view(first).version;
        auto decided = server.client->post("/api/v1/meetings/" + december + "/cards/" + first + "/decision", protocol::to_json(invite),
                                           server.tokens["dorte"]);
        REQUIRE_MESSAGE(decided.status == 200, decided.body);
        desk.press("Forlad mødet");
        desk.wait_for("2026-12-03 · " + theme_words(0) + " · Alle 1 kort afgjort");
    }
    {
        // A director: only the meeting they take part in, opened on the tablet by a press.
        OfficeDesk tablet(make_temp_dir("idekort-meetings-tablet") + "/office.db", server.url(), 1024, 768);
        tablet.sign_in("ib");
        tablet.wait_until([&] { return tablet.state("screen") == "meeting" && tablet.state("meetings_listed") == "1"; }, "ib's meetings");
        CHECK(tablet.shows(january_line));
        CHECK_FALSE(tablet.shows("2026-12-03 · " + theme_words(0) + " · Alle 1 kort afgjort"));
        // By the keyboard alone: Tab to the meeting's line, Enter opens it.
        tab_to(tablet, january_line);
        tablet.runner->press_key(platform::NullKey::Enter);
        tablet.wait_until([&] { return tablet.state("meeting_view") == "tablet" && tablet.state("meeting_current") == other; }, "ib's tablet");
        CHECK(tablet.state("meeting_id") == january);
    }
}

TEST_CASE("Mine kort: a director sees the cards of their theme past triage, with stage and days waited, and opens one") {
    OfficeServer server;
    director(server, "dorte", theme_id(0));
    const auto [received, r1] = server.send_card("Nyt kort uden tema");
    const auto [triaged, r2] = server.send_card("Kort med tema sat");
    const auto [screening, r3] = server.send_card("Kort til screening");
    const auto [invited, r4] = server.send_card("Kort inviteret til pitch");
    const auto [closed, r5] = server.send_card("Kort der er lukket");
    const auto [elsewhere, r6] = server.send_card("Kort i et andet tema");
    (void)received, (void)r1, (void)r2, (void)r3, (void)r4, (void)r5, (void)r6;
    move_card(server, triaged, {act("triage", theme_id(0))});
    move_card(server, screening, {act("triage", theme_id(0)), act("plan_screening")});
    move_card(server, invited, {act("triage", theme_id(0)), act("plan_screening"), act("invite_to_pitch")});
    move_card(server, closed, {act("triage", theme_id(0)), act("plan_screening"), act("close")});
    move_card(server, elsewhere, {act("triage", theme_id(1)), act("plan_screening")});

    OfficeDesk desk(make_temp_dir("idekort-mine-desk") + "/office.db", server.url(), 1024, 768);
    desk.sign_in("dorte");
    desk.wait_until([&] { return desk.state("screen") == "meeting"; }, "the director's first screen");
    desk.press("Mine kort");
    desk.wait_until([&] { return desk.state("my_cards") == "2"; }, "Mine kort listed");
    CHECK(desk.shows("Kort til screening"));
    CHECK(desk.shows("Kort inviteret til pitch"));
    for (const char* absent : {"Nyt kort uden tema", "Kort med tema sat", "Kort der er lukket", "Kort i et andet tema"}) {
        CAPTURE(absent);
        CHECK_FALSE(desk.shows(absent));
    }
    // Each row says the stage and how long the card has waited in it (all moved just now).
    CHECK(desk.shows("Til screening"));
    CHECK(desk.shows("Inviteret til pitch"));
    CHECK(desk.shows("0 dage"));
    CHECK(desk.shows("2 kort"));
    CHECK(item(desk, "Kort til screening").rect.height >= 44);
    // The longest in its stage first: the card in screening moved before the invited one.
    CHECK(item(desk, "Kort til screening").rect.y < item(desk, "Kort inviteret til pitch").rect.y);

    // A row opens the card's pipeline page; its way back returns to the list.
    desk.press("Kort inviteret til pitch");
    desk.wait_until([&] { return desk.state("screen") == "journey"; }, "the card's pipeline page");
    desk.wait_for("Tilbage til Mine kort");
    desk.press("Tilbage til Mine kort");
    desk.wait_until([&] { return desk.state("screen") == "my_cards" && desk.state("my_cards") == "2"; }, "Mine kort again");

    // The keyboard alone: Tab to a row, Enter opens the card.
    tab_to(desk, "Kort til screening");
    desk.runner->press_key(platform::NullKey::Enter);
    desk.wait_until([&] { return desk.state("screen") == "journey"; }, "the card's page by the keyboard");
}

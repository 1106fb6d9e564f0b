// The office app (issue 15) by label, headless, against the real idekort-server: sign in, the
// session kept across a restart and forgotten by signing out; the triage inbox: set a theme
// with the mouse and with a digit key, pass on with P, merge a duplicate (the two cards side
// by side), close with feedback; a card someone else changed first (409) said in words with the
// card as it is now; feedback typed while the server is away kept on the device and sent later.
#include "office_fixture.h"

#include "app/office/inbox_model.h"
#include "common/card_json.h"
#include "common/rfc3339.h"

#include <sqlite3.h>

#include <csignal>
#include <thread>

using namespace idekort;
using namespace idekort::test;

namespace {

// The theme buttons of the card beside the table: "1 <the first theme's name>", ...
std::string theme_button(int n) { return std::to_string(n) + " " + shipped_programme().themes[static_cast<std::size_t>(n - 1)].name.da; }

} // namespace

TEST_CASE("office: sign in, the session survives a restart, signing out forgets it") {
    OfficeServer server;
    server.account("tove", "triage");
    server.account("finn", "facilitator");
    const std::string db = make_temp_dir("idekort-office-desk") + "/office.db";
    {
        OfficeDesk desk(db, server.url());
        desk.wait_until([&] { return desk.state("screen") == "sign_in"; }, "the sign-in screen");
        // A wrong password is said in words; nothing else happens.
        desk.type("Brugernavn", "tove");
        desk.type("Adgangskode", "not the password");
        desk.press("Log ind");
        desk.wait_until([&] { return desk.state("notice") == "Brugernavn eller adgangskode er forkert."; }, "the refusal in words");
        CHECK(desk.state("screen") == "sign_in");
        desk.press("Adgangskode");
        for (int i = 0; i < 20; ++i) desk.runner->press_key(platform::NullKey::Backspace);
        desk.runner->type_text(office_password);
        desk.press("Log ind");
        desk.wait_until([&] { return desk.state("screen") == "inbox"; }, "the inbox after signing in");
        CHECK(desk.state("role") == "triage");
        CHECK(desk.shows("tove · sekretariatet"));
        // Danish and English, switched live.
        desk.press("English");
        desk.wait_for("Sign out");
        CHECK(desk.state("language") == "en");
        desk.press("Dansk");
        desk.wait_for("Log ud");
    }
    {
        // A restart (a reload in the browser) stays signed in: the token is in the device store.
        OfficeDesk desk(db, server.url());
        desk.wait_until([&] { return desk.state("screen") == "inbox"; }, "the inbox without signing in again");
        CHECK(desk.state("username") == "tove");
        desk.press("Log ud");
        desk.wait_until([&] { return desk.state("screen") == "sign_in"; }, "the sign-in screen after signing out");
    }
    {
        OfficeDesk desk(db, server.url());
        desk.wait_until([&] { return desk.state("screen") == "sign_in"; }, "the sign-in screen: the session was forgotten");
        // An account without office screens is told so.
        desk.sign_in("finn");
        desk.wait_until([&] { return desk.state("screen") == "no_screens"; }, "the facilitator's words");
        CHECK(desk.shows("finn · facilitator"));
    }
}

TEST_CASE("office: every theme's button shows its whole name, on a desk, a laptop and a tablet") {
    OfficeServer server;
    server.account("tove", "triage");
    const auto card = server.send_card("Cykelværksted");
    for (const auto& [width, height] : {std::pair{1920.0f, 1080.0f}, std::pair{1366.0f, 768.0f}, std::pair{1024.0f, 768.0f}}) {
        CAPTURE(width);
        OfficeDesk desk(make_temp_dir("idekort-office-desk") + "/office.db", server.url(), width, height);
        desk.sign_in("tove");
        desk.wait_until([&] { return desk.state("cards") == "1"; }, "the card in the inbox");
        desk.press(card.second);
        desk.wait_for(theme_button(1));
        for (int n = 1; n <= static_cast<int>(shipped_programme().themes.size()); ++n) {
            const SemanticItem* button = find_item(desk.app.semantic_items(), theme_button(n));
            REQUIRE(button != nullptr);
            // ImGui cuts a sized button's words at its edge, and the pane cuts what reaches past it.
            const float words = ImGui::CalcTextSize(theme_button(n).c_str()).x;
            CHECK_MESSAGE(button->rect.width >= words + 2 * ImGui::GetStyle().FramePadding.x,
                          theme_button(n) << ": " << words << " px of words in a " << button->rect.width << " px button");
            CHECK_MESSAGE(!button->cut, theme_button(n) << ": cut by its pane, " << button->shown.width << " of " << button->rect.width << " px shown");
        }
    }
}

TEST_CASE("office: triage a card, pass it on, merge a duplicate and close another with feedback") {
    OfficeServer server;
    server.account("tove", "triage");
    const auto [a_id, a_receipt] = server.send_card("Cykelværksted A");
    const auto [b_id, b_receipt] = server.send_card("Cykelværksted B (dublet)");
    const auto [c_id, c_receipt] = server.send_card("Lukkes med svar C");
    const auto [d_id, d_receipt] = server.send_card("Tastaturets kort D");
    OfficeDesk desk(make_temp_dir("idekort-office-desk") + "/office.db", server.url());
    desk.sign_in("tove");
    desk.wait_until([&] { return desk.state("cards") == "4"; }, "four cards in the inbox");

    // Card A: a theme by button, then passed on to screening.
    desk.press(a_receipt);
    desk.press(theme_button(1));
    desk.wait_until([&] { return server.view(a_id).state == CardState::Triaged; }, "card A triaged on the server");
    CHECK(server.view(a_id).theme == shipped_programme().themes[0].id);
    desk.press("Giv videre til screening (P)");
    desk.wait_until([&] { return server.view(a_id).state == CardState::InScreening; }, "card A in screening");
    desk.wait_for("Gemt: Til screening");

    // Card D by keyboard: a digit sets the theme, P passes on.
    desk.press(d_receipt);
    desk.wait_for(theme_button(2));
    desk.key(ImGuiKey_2);
    desk.wait_until([&] { return server.view(d_id).state == CardState::Triaged; }, "card D triaged by the key 2");
    CHECK(server.view(d_id).theme == shipped_programme().themes[1].id);
    desk.wait_for("Giv videre til screening (P)");
    desk.key(ImGuiKey_P);
    desk.wait_until([&] { return server.view(d_id).state == CardState::InScreening; }, "card D passed on by P");

    // Card B merged into A: both shown side by side, then the duplicate closed with words.
    desk.press(b_receipt);
    desk.press("Flet som dublet …");
    desk.press(a_receipt);
    desk.wait_for("Dette kort bliver tilbage");
    CHECK(desk.state("selected") == b_id);
    desk.type("Svar til den, der skrev idéen", "Din idé er lagt sammen med en næsten ens idé.");
    desk.press("Flet: luk dubletten");
    desk.wait_until([&] { return server.view(b_id).state == CardState::Closed; }, "card B closed as a duplicate");
    CHECK(server.view(b_id).merged_into == a_id);
    CHECK(server.view(b_id).feedback == "Din idé er lagt sammen med en næsten ens idé.");

    // Card C closed with feedback; without words it is refused at the field first.
    desk.press(c_receipt);
    desk.press("Luk med svar …");
    desk.press("Luk idéen og send svaret");
    desk.wait_for("Skriv et svar til den, der skrev idéen.");
    CHECK(server.view(c_id).state == CardState::Received);
    desk.type("Svar til den, der skrev idéen", "Tak! Idéen passer ikke til temaerne i år.");
    desk.press("Luk idéen og send svaret");
    desk.wait_until([&] { return server.view(c_id).state == CardState::Closed; }, "card C closed");
    CHECK(server.view(c_id).feedback == "Tak! Idéen passer ikke til temaerne i år.");
    CHECK(server.view(c_id).close_reason == std::optional<std::string>("no_strategic_fit"));
}

TEST_CASE("office: a card changed by someone else first is said in words, with its state now") {
    OfficeServer server;
    server.account("tove", "triage");
    const auto [id, receipt] = server.send_card("To på samme kort");
    OfficeDesk desk(make_temp_dir("idekort-office-desk") + "/office.db", server.url());
    desk.sign_in("tove");
    desk.press(receipt);
    desk.wait_for(theme_button(1));
    // Meanwhile the administrator sets another theme on the server.
    protocol::TransitionRequest other;
    other.action = "triage";
    other.version = server.view(id).version;
    other.theme = shipped_programme().themes[1].id;
    REQUIRE(server.client->post("/api/v1/cards/" + id + "/transitions", protocol::to_json(other), server.tokens["ada"]).status == 200);
    desk.press(theme_button(1));
    desk.wait_until([&] { return desk.state("message").find("ændret af en anden") != std::string::npos; }, "the stale decision in words");
    CHECK(desk.state("message").find("Tema sat") != std::string::npos);
    CHECK(server.view(id).theme == shipped_programme().themes[1].id);   // the other decision stands
    // The card on screen is the current one: a second press now works.
    desk.press(theme_button(1));
    desk.wait_until([&] { return server.view(id).theme == shipped_programme().themes[0].id; }, "the theme set on the current version");
}

TEST_CASE("office: feedback typed while the server is away is kept on the device and sent later") {
    OfficeServer server;
    server.account("tove", "triage");
    const auto [id, receipt] = server.send_card("Skrevet uden forbindelse");
    const std::string db = make_temp_dir("idekort-office-desk") + "/office.db";
    const std::string words = "Tak for idéen. Den passer desværre ikke ind lige nu.";
    {
        OfficeDesk desk(db, server.url());
        desk.sign_in("tove");
        desk.press(receipt);
        desk.press("Luk med svar …");
        desk.type("Svar til den, der skrev idéen", words);
        desk.runner->frames(3);
        desk.runner->settle_store();
    }   // the app is closed (a crash, a closed tab) before anything was sent
    {
        OfficeDesk desk(db, server.url());
        desk.wait_until([&] { return desk.state("screen") == "inbox"; }, "the inbox");
        desk.press(receipt);
        desk.wait_for("Luk idéen og send svaret");
        CHECK(desk.state("message") == "Ikke sendt endnu: gemt på denne enhed, til serveren har modtaget det.");
        desk.press("Luk idéen og send svaret");
        desk.wait_until([&] { return server.view(id).state == CardState::Closed; }, "the kept feedback sent");
        CHECK(server.view(id).feedback == words);
    }
}

TEST_CASE("inbox model: filters, search and sort over the cards") {
    std::vector<protocol::StoredCardEntry> cards;
    const std::int64_t now = 1'800'000'000'000;
    for (int i = 0; i < 30; ++i) {
        protocol::StoredCardEntry e;
        e.card_id = "id-" + std::to_string(i);
        e.receipt = "R" + std::to_string(100 + i);
        e.received_at = format_utc_ms(now - static_cast<std::int64_t>(i) * 86400000);
        e.theme = i % 3 == 0 ? "" : "climate";
        e.state = i % 2 == 0 ? CardState::Received : CardState::Triaged;
        IdeaCard card;
        card.id = e.card_id;
        card.title = "Idé " + std::to_string(i) + (i == 7 ? " om Ældre" : "");
        card.departments = {i % 5 == 0 ? "so" : "bu"};
        e.card_json = card_to_json(card);
        cards.push_back(e);
    }
    office::InboxModel model;
    model.set_cards(cards, now);
    CHECK(model.view().size() == 30);
    CHECK(model.rows()[static_cast<std::size_t>(model.view().front())].days_waiting == 29);   // the longest waiting first
    office::InboxFilter f;
    f.query = "ældre";
    model.set_filter(f);
    REQUIRE(model.view().size() == 1);
    CHECK(model.rows()[static_cast<std::size_t>(model.view()[0])].entry.receipt == "R107");
    f = {};
    f.theme = "-";
    f.min_days = 14;
    model.set_filter(f);
    CHECK(model.view().size() == 5);   // 15, 18, 21, 24, 27
    f = {};
    f.department = "so";
    f.state = CardState::Received;
    model.set_filter(f);
    CHECK(model.view().size() == 3);   // 0, 10, 20
    CHECK(office::InboxModel::waiting_too_long(model.rows()[20]));
    CHECK_FALSE(office::InboxModel::waiting_too_long(model.rows()[10]));

    // Typed and erased a letter at a time (a typed letter only narrows the view it has), with a
    // theme filter on and the sort by title: each view is what a fresh model gives for the same
    // filter, in the same order.
    model.set_sort(office::InboxColumn::Title, true);
    f = {};
    f.theme = "climate";
    const std::string typed = "idé 1";
    std::vector<std::string> queries;
    for (std::size_t n = 0; n <= typed.size(); ++n) queries.push_back(typed.substr(0, n));
    for (std::size_t n = typed.size(); n-- > 0;) queries.push_back(typed.substr(0, n));
    queries.push_back("IDÉ 2");   // another word at once, in capitals
    for (const std::string& q : queries) {
        CAPTURE(q);
        f.query = q;
        model.set_filter(f);
        office::InboxModel fresh;
        fresh.set_cards(cards, now);
        fresh.set_sort(office::InboxColumn::Title, true);
        fresh.set_filter(f);
        CHECK(model.view() == fresh.view());
    }
    f.query = "idé 1";
    model.set_filter(f);
    CHECK(model.view().size() == 8);   // "Idé 1" and "Idé 10"-"19" under climate (not 12, 15, 18): 1, 10, 11, 13, 14, 16, 17, 19
}

TEST_CASE("office: an expired session and an unreachable server are said in words, with a way on") {
    OfficeServer server;
    server.account("tove", "triage");
    const auto [id, receipt] = server.send_card("Når forbindelsen svigter");
    const std::string db = make_temp_dir("idekort-office-desk") + "/office.db";
    OfficeDesk desk(db, server.url());
    desk.sign_in("tove");
    desk.press(receipt);
    desk.press("Luk med svar …");
    const std::string words = "Skrevet før sessionen udløb.";
    desk.type("Svar til den, der skrev idéen", words);

    // The session ends on the server (as when it expires): the app's token, read from its device
    // store, is logged out behind its back.
    desk.runner->settle_store();
    std::string token;
    {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(handle, "SELECT value FROM office_settings WHERE key = 'session.token'", -1, &st, nullptr) == SQLITE_OK);
        if (sqlite3_step(st) == SQLITE_ROW) token = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        sqlite3_close(handle);
    }
    REQUIRE(!token.empty());
    REQUIRE(server.client->post("/api/v1/admin/logout", "", token).status == 200);
    desk.press("Luk idéen og send svaret");
    desk.wait_until([&] { return desk.state("screen") == "sign_in"; }, "the sign-in screen after the session ended");
    CHECK(desk.state("notice") == "Din session er udløbet. Log ind igen; det du har skrevet, er gemt på enheden.");
    CHECK(server.view(id).state == CardState::Received);
    // The way on: sign in again, and the words are still on the card.
    desk.type("Adgangskode", office_password);
    desk.press("Log ind");
    desk.wait_until([&] { return desk.state("screen") == "inbox"; }, "the inbox again");
    desk.wait_for("Luk idéen og send svaret");

    // The server goes away: pressing send says so in words, the words stay on the device, and
    // the button is there to send again when the server is back.
    server.server->stop(SIGTERM);
    desk.press("Luk idéen og send svaret");
    desk.wait_until([&] { return desk.state("message").find("Serveren svarer ikke") != std::string::npos; }, "the unreachable server in words");
    CHECK(desk.state("message").find("gemt på denne enhed") != std::string::npos);
    CHECK(desk.shows("Luk idéen og send svaret"));
}

// The workshop's wall (issue 16, point 2), headless and driven by label as a facilitator would,
// against the real idekort-server on loopback with real SQLite files, through the real libcurl
// transport: sign in, create a workshop, watch participants' cards arrive (polling changes since
// R), make a cluster and put a card in it, hide a card, merge a duplicate, run a dot vote and
// see the ranking change; the QR code is there for the join link.
#include "app/wall/wall_app.h"
#include "platform/native/beast_live_channel.h"
#include "platform/native/curl_transport.h"
#include "platform/null/null_runner.h"
#include "workshop_fixture.h"

#include <chrono>
#include <csignal>
#include <functional>
#include <map>
#include <thread>

using namespace idekort;
using idekort::platform::NullRunner;

namespace {

const AssetSource& built_assets() {
    static const DirectoryAssets assets(IDEKORT_ASSET_DIR);
    return assets;
}

// Frames until `done` holds, with a deadline: the server and the transport's thread answer in
// their own time on a busy machine.
bool frames_until(NullRunner& runner, const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        runner.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));   // the transport's thread gets a turn
    }
    runner.frames(2);
    return true;
}

std::string labels(const Application& app) {
    std::string seen;
    for (const auto& i : app.semantic_items())
        if (i.visible) seen += "'" + i.label + "' ";
    return seen;
}

const SemanticItem& item(const Application& app, const std::string& label) {
    const SemanticItem* found = find_item(app.semantic_items(), label);
    if (!found) FAIL("no visible widget labelled '" << label << "'; seen: " << labels(app));
    return *found;
}

bool shows(const Application& app, const std::string& label) { return find_item(app.semantic_items(), label) != nullptr; }

void press(NullRunner& runner, const Application& app, const std::string& label) {
    const SemanticItem target = item(app, label);
    runner.click(target.rect.centre_x(), target.rect.centre_y());
    runner.frames(2);
}

void type_into(NullRunner& runner, const Application& app, const std::string& label, const std::string& text) {
    press(runner, app, label);
    runner.type_text(text);
    runner.frame();
}

struct Participant {
    test::WorkshopServer& ws;
    std::string code, token;
    std::string write(const std::string& title) {
        const std::string id = to_string(new_uuid());
        test::HttpClient client(ws.server->port());
        const auto r = client.put("/api/v1/workshops/" + code + "/cards/" + id, test::short_card(title), token);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return id;
    }
    void vote(const std::string& card_id, int dots) {
        test::HttpClient client(ws.server->port());
        const auto r = client.put("/api/v1/workshops/" + code + "/votes",
                                  "{\"card_id\":\"" + card_id + "\",\"dots\":" + std::to_string(dots) + "}", token);
        REQUIRE_MESSAGE(r.status == 200, r.body);
    }
};

// A wall that starts signed in and on the workshop, as IDEKORT_WALL_SESSION and --workshop start it.
wall::WallSettings opened_on(const std::string& session, const std::string& code) {
    wall::WallSettings settings;
    settings.session_token = session;
    settings.workshop_code = code;
    return settings;
}

struct Wall {
    explicit Wall(test::WorkshopServer& ws, wall::WallSettings settings = {}, bool with_live = false)
        : offer_live(with_live), app((settings.server_url = "http://127.0.0.1:" + std::to_string(ws.server->port()), settings)),
          runner(app, environment(), 1920, 1080) {
        REQUIRE_MESSAGE(runner.init_status().ok(), (runner.init_status().ok() ? "" : runner.init_status().error().describe()));
        runner.frames(3);
    }
    AppEnvironment environment() {
        AppEnvironment env;
        env.assets = &built_assets();
        env.http = &transport;
        if (offer_live) env.live = &live;
        // The runner's save capability, as the native runner's --export-dir: the test keeps the files.
        env.save_file = [this](std::string name, std::string bytes, std::function<void(Expected<std::string>)> done) {
            saved[name] = std::move(bytes);
            done("/exports/" + name);
        };
        return env;
    }
    // Signs in on the wall's first screen as the facilitator types it; returns on the open screen.
    void sign_in(const std::string& username) {
        type_into(runner, app, "Brugernavn", username);
        type_into(runner, app, "Adgangskode", test::workshop_password);
        press(runner, app, "Log ind");
        REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Titel på en ny workshop"); }), labels(app));
    }
    bool offer_live;
    std::map<std::string, std::string> saved;   // what the wall saved, by file name
    platform::CurlTransport transport;
    platform::BeastLiveChannel live;
    wall::WallApp app;
    NullRunner runner;
};

} // namespace

TEST_CASE("[wall] a facilitator signs in, creates a workshop, and runs it: cards arrive, clusters, hiding, merging, a dot vote") {
    test::WorkshopServer ws;
    (void)ws.login("anne", "facilitator");   // the account; the wall signs in by itself below
    Wall wall(ws);
    auto& app = wall.app;
    auto& runner = wall.runner;

    wall.sign_in("anne");
    // The password is nowhere the mirror, a test dump or the state could show it.
    for (const auto& i : app.semantic_items()) CHECK(i.value.find(test::workshop_password) == std::string::npos);
    CHECK(app.state_json().find(test::workshop_password) == std::string::npos);

    type_into(runner, app, "Titel på en ny workshop", "Mobilitet på Dokk1");
    press(runner, app, "Opret workshop");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Mobilitet på Dokk1"); }), labels(app));
    const std::string code = app.client().code();
    REQUIRE(code.size() == 8);
    // The code in large type, read aloud in two halves, and the QR code of the join link.
    CHECK(shows(app, "Kode: " + code.substr(0, 4) + " " + code.substr(4)));
    const std::string link = "http://127.0.0.1:" + std::to_string(ws.server->port()) + "/workshop/?workshop=" + code;
    CHECK(shows(app, "QR-kode til " + link));
    CHECK(wall::encode_qr(link).side >= 21);

    // Two phones join and write; the wall shows each card once, as it arrives.
    Participant first{ws, code, ws.join(code)}, second{ws, code, ws.join(code)};
    const std::string bikes = first.write("Cykelstativer ved Dokk1");
    const std::string buses = second.write("Flere natbusser");
    const std::string twice = second.write("Cykelstativer igen");
    const std::string rude = first.write("Noget der skal skjules");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Noget der skal skjules"); }), labels(app));
    for (const char* title : {"Cykelstativer ved Dokk1", "Flere natbusser", "Cykelstativer igen"}) CHECK(shows(app, title));
    CHECK(app.client().board().cards().size() == 4);

    // A cluster without a name is said at the field (the button is never greyed out), and no
    // cluster is made.
    press(runner, app, "Ny klynge");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return item(app, "Navn på ny klynge").error == "Skriv klyngens navn først."; }), labels(app));
    CHECK(item(app, "Navn på ny klynge").invalid);
    CHECK(app.client().board().clusters().empty());

    // A named cluster; the chosen card is put in it and is drawn under its heading.
    type_into(runner, app, "Navn på ny klynge", "Cykler");
    press(runner, app, "Ny klynge");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Cykler"); }), labels(app));
    press(runner, app, "Cykelstativer ved Dokk1");
    press(runner, app, "Læg i Cykler");
    REQUIRE(frames_until(runner, [&] {
        const auto* c = app.client().board().card(bikes);
        return c && c->cluster_id && !c->cluster_id->empty();
    }));
    const SemanticItem heading = item(app, "Cykler");
    const SemanticItem card = item(app, "Cykelstativer ved Dokk1");
    CHECK(card.rect.y > heading.rect.y);
    CHECK(card.rect.x == doctest::Approx(heading.rect.x).epsilon(0.01));

    // Dragged with a finger from the new cards onto the cluster's heading, as on a touch wall
    // (dropped on a card instead, it would be merged into that card).
    const SemanticItem buses_card = item(app, "Flere natbusser");
    const SemanticItem target = item(app, "Cykler");
    runner.drag(buses_card.rect.centre_x(), buses_card.rect.centre_y(), target.rect.centre_x(), target.rect.centre_y());
    REQUIRE_MESSAGE(frames_until(runner, [&] {
        const auto* c = app.client().board().card(buses);
        return c && c->cluster_id && !c->cluster_id->empty();
    }), labels(app));
    CHECK(item(app, "Flere natbusser").rect.x == doctest::Approx(heading.rect.x).epsilon(0.01));

    // Moderation: hidden, it leaves the ranking (and the phones, tests/workshop).
    press(runner, app, "Noget der skal skjules");
    press(runner, app, "Skjul kortet");
    REQUIRE(frames_until(runner, [&] { return app.client().board().card(rude)->status == "hidden"; }));
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Noget der skal skjules (skjult)"); }), labels(app));

    // A duplicate merged into the card it repeats: it leaves the wall.
    press(runner, app, "Cykelstativer igen");
    press(runner, app, "Flet ind i et andet kort");
    press(runner, app, "Cykelstativer ved Dokk1");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return !shows(app, "Cykelstativer igen"); }), labels(app));
    CHECK(app.client().board().card(twice)->status == "merged");

    // The dot vote: started on the wall, the phones' dots change the ranking on it.
    press(runner, app, "Start afstemning");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Stop afstemning"); }), labels(app));
    first.vote(bikes, 1);
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "1. Cykelstativer ved Dokk1 (1)"); }), labels(app));
    second.vote(buses, 3);
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "1. Flere natbusser (3)"); }), labels(app));
    CHECK(shows(app, "2. Cykelstativer ved Dokk1 (1)"));
    // A card chosen during the vote: every tool whole on the 1080-line screen (the ranking steps
    // aside until the card is let go; its dots stay on the card).
    press(runner, app, "Cykelstativer ved Dokk1");
    for (const char* tool : {"Skjul kortet", "Tag ud af klyngen", "Flet ind i et andet kort", "Fortryd"}) {
        const SemanticItem t = item(app, tool);
        CHECK_MESSAGE(t.rect.y + t.rect.height <= 1080.0f, tool << " ends at " << t.rect.y + t.rect.height);
    }
    press(runner, app, "Fortryd");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "1. Flere natbusser (3)"); }), labels(app));
    press(runner, app, "Stop afstemning");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Start afstemning"); }), labels(app));
}

TEST_CASE("[wall] a new workshop's settings reach the server; at the end the wall saves the exports and promotes a cluster and a card") {
    test::WorkshopServer ws;
    (void)ws.login("anne", "facilitator");
    const std::string office = ws.login("tom", "triage");
    Wall wall(ws);
    auto& app = wall.app;
    auto& runner = wall.runner;
    wall.sign_in("anne");

    // The settings, each with one touch: two themes, a 90-minute box, 5 dots, cards approved first.
    type_into(runner, app, "Titel på en ny workshop", "Cykler i midtbyen");
    press(runner, app, "Digitalisering & Smart City");
    press(runner, app, "Klima");
    CHECK(item(app, "Klima").checked);
    press(runner, app, "90 min");
    CHECK(item(app, "90 min").checked);
    CHECK_FALSE(item(app, "60 min").checked);
    press(runner, app, "5 prikker");
    press(runner, app, "Godkend kortene, før de vises på væggen");
    press(runner, app, "Opret workshop");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Cykler i midtbyen"); }), labels(app));
    const std::string code = app.client().code();
    test::HttpClient client(ws.server->port());
    const auto info = client.get("/api/v1/workshops/" + code);
    REQUIRE_MESSAGE(info.status == 200, info.body);
    CHECK(test::number_of(info.body, "time_box_minutes") == 90);
    CHECK(test::number_of(info.body, "dots_per_participant") == 5);
    CHECK(test::text_of(info.body, "moderation") == "moderated");
    CHECK_MESSAGE(info.body.find("[\"digital_smart_city\",\"climate\"]") != std::string::npos, info.body);   // the programme's order
    // The time box counts down on the wall (89 if the minute turned meanwhile).
    CHECK_MESSAGE((shows(app, "Tid tilbage: 90 min") || shows(app, "Tid tilbage: 89 min")), labels(app));

    // Moderated: the cards wait until the facilitator shows them.
    Participant phone{ws, code, ws.join(code)};
    const std::string racks = phone.write("Flere cykelstativer");
    const std::string lanes = phone.write("Bredere cykelstier");
    const std::string lone = phone.write("Cykelværksted på biblioteket");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Cykelværksted på biblioteket (venter)"); }), labels(app));
    CHECK(app.client().board().card(racks)->status == "pending");
    for (const std::string title : {"Flere cykelstativer", "Bredere cykelstier", "Cykelværksted på biblioteket"}) {
        press(runner, app, title + " (venter)");   // named as drawn, for a screen reader too
        press(runner, app, "Vis kortet på væggen");
    }
    REQUIRE(frames_until(runner, [&] {
        for (const auto& id : {racks, lanes, lone})
            if (app.client().board().card(id)->status != "shown") return false;
        return true;
    }));
    // A cluster for one of the workshop's two themes: asked after its name, one touch, in place
    // of the QR code, and all on the projector's screen. "Fortryd" keeps the name typed.
    const std::string qr = "QR-kode til " + app.client().join_url();
    type_into(runner, app, "Navn på ny klynge", "Cykelinfrastruktur");
    press(runner, app, "Ny klynge");
    const std::string asked = "Hvilket tema er klyngen \"Cykelinfrastruktur\" til?";
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, asked); }), labels(app));
    CHECK_FALSE(shows(app, qr));
    press(runner, app, "Fortryd");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, qr); }), labels(app));
    CHECK(app.client().board().clusters().empty());
    press(runner, app, "Ny klynge");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, asked); }), labels(app));
    for (const char* choice : {"Digitalisering & Smart City", "Klima", "Fortryd"}) {
        const SemanticItem c = item(app, choice);
        CHECK_MESSAGE(c.rect.y + c.rect.height <= 1080.0f, choice << " ends at " << c.rect.y + c.rect.height);
    }
    press(runner, app, "Klima");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Cykelinfrastruktur"); }), labels(app));
    CHECK(app.client().board().clusters().front().theme == "climate");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Tema: Klima"); }), labels(app));   // under the cluster's name
    for (const std::string title : {"Flere cykelstativer", "Bredere cykelstier"}) {
        press(runner, app, title);
        press(runner, app, "Læg i Cykelinfrastruktur");
    }
    REQUIRE(frames_until(runner, [&] { return app.client().board().cards_in(app.client().board().clusters().front().cluster_id, false).size() == 2; }));
    press(runner, app, "Start afstemning");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Stop afstemning"); }), labels(app));
    phone.vote(racks, 4);
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "1. Flere cykelstativer (4)"); }), labels(app));

    // The ending: the QR code steps aside for the exports and the promotion, all on the screen.
    CHECK(shows(app, qr));
    press(runner, app, "Afslutning");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Gem som regneark (CSV)"); }), labels(app));
    CHECK_FALSE(shows(app, qr));
    for (const char* tool : {"Gem som regneark (CSV)", "Gem som data (JSON)", "Gem opsummering til print", "Gem QR-kode til print",
                             "Tilbage til væggen", "Log ud"}) {
        const SemanticItem t = item(app, tool);
        CHECK_MESSAGE(t.rect.y + t.rect.height <= 1080.0f, tool << " ends at " << t.rect.y + t.rect.height);
    }
    press(runner, app, "Gem som regneark (CSV)");
    const std::string csv_name = "workshop-" + code + ".csv";
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Gemt: /exports/" + csv_name); }), labels(app));
    const std::string csv = wall.saved[csv_name];
    // Every cell quoted (server/api/card_export.cpp); the ranked card with its cluster and dots.
    CHECK_MESSAGE(csv.find("\"rank\",\"card_id\",\"title\"") != std::string::npos, csv);
    CHECK(csv.find("\"1\",\"" + racks + "\",\"Flere cykelstativer\"") != std::string::npos);
    CHECK(csv.find("\"Cykelinfrastruktur\",\"4\"") != std::string::npos);
    press(runner, app, "Gem som data (JSON)");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return wall.saved.count("workshop-" + code + ".json") > 0; }), labels(app));
    CHECK(wall.saved["workshop-" + code + ".json"].find("\"Cykelværksted på biblioteket\"") != std::string::npos);
    press(runner, app, "Gem opsummering til print");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return wall.saved.count("workshop-" + code + "-summary.html") > 0; }), labels(app));
    // A page to print, in the wall's language: the cluster under its colour and theme, ranked.
    const std::string summary = wall.saved["workshop-" + code + "-summary.html"];
    CHECK_MESSAGE(summary.find("<h2 style=\"background:#1f5fbf\">Cykelinfrastruktur · 4 prikker</h2>\n<p class=\"theme\">Tema: Klima</p>") !=
                      std::string::npos, summary);
    const auto racks_row = summary.find("<td class=\"dots\">4</td><td><strong>Flere cykelstativer</strong>");
    const auto lanes_row = summary.find("<td class=\"dots\">0</td><td><strong>Bredere cykelstier</strong>");
    CHECK((racks_row != std::string::npos && lanes_row != std::string::npos && racks_row < lanes_row));

    // The join sheet to print: the title, the code in two halves, the link, and the QR code's
    // every dark module (the same code the wall shows) as a unit square.
    press(runner, app, "Gem QR-kode til print");
    const std::string sheet_name = "workshop-" + code + "-qr.svg";
    REQUIRE_MESSAGE(frames_until(runner, [&] { return wall.saved.count(sheet_name) > 0; }), labels(app));
    const std::string sheet = wall.saved[sheet_name];
    CHECK(sheet.find("<svg") != std::string::npos);
    CHECK(sheet.find(">Cykler i midtbyen</text>") != std::string::npos);
    CHECK(sheet.find(">Kode: " + code.substr(0, 4) + " " + code.substr(4) + "</text>") != std::string::npos);
    CHECK(sheet.find(">" + app.client().join_url() + "</text>") != std::string::npos);
    const wall::QrModules modules = wall::encode_qr(app.client().join_url());
    std::size_t dark = 0, squares = 0;
    for (bool d : modules.dark) dark += d ? 1 : 0;
    for (std::size_t at = 0; (at = sheet.find("h1v1h-1z", at)) != std::string::npos; at += 8) ++squares;
    CHECK(dark > 100);
    CHECK(squares == dark);

    // The cluster, from the button under its name; then the lone card, chosen and promoted alone.
    press(runner, app, "Løft til indbakken: Cykelinfrastruktur");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return labels(app).find("'I indbakken med kvittering ") != std::string::npos; }), labels(app));
    CHECK_FALSE(shows(app, "Løft til indbakken: Cykelinfrastruktur"));   // not promoted twice by a second touch
    press(runner, app, "Cykelværksted på biblioteket");
    press(runner, app, "Løft kortet til indbakken");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return !shows(app, "Løft kortet til indbakken") && !app.client().busy(); }), labels(app));
    const auto inbox = client.get("/api/v1/cards", office);
    REQUIRE(inbox.status == 200);
    CHECK(inbox.body.find("\"title\": \"Cykelinfrastruktur\"") != std::string::npos);   // cereal's spacing
    CHECK(inbox.body.find("\"title\": \"Cykelværksted på biblioteket\"") != std::string::npos);
    CHECK(inbox.body.find("\"workshop\": \"" + code + "\"") != std::string::npos);
    CHECK(inbox.body.find("\"theme\": \"climate\"") != std::string::npos);               // the cluster's own theme
    CHECK(inbox.body.find("\"theme\": \"digital_smart_city\"") != std::string::npos);   // the lone card: the workshop's first
    // The provenance in Danish, the card's language: the workshop, the cluster, its cards and dots.
    CHECK_MESSAGE(inbox.body.find("Fra workshoppen \\\"Cykler i midtbyen\\\" (" + code + "), klyngen \\\"Cykelinfrastruktur\\\": 2 kort, 4 prikker.") !=
                      std::string::npos, inbox.body);

    press(runner, app, "Tilbage til væggen");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, qr); }), labels(app));
}

TEST_CASE("[wall] a cluster promoted before (by another wall) is not promoted twice: the wall is told the card it already became") {
    test::WorkshopServer ws;
    const std::string session = ws.login("anne", "facilitator");
    const std::string office = ws.login("tom", "triage");
    const std::string code = ws.create(session);
    Participant phone{ws, code, ws.join(code)};
    const std::string card = phone.write("Flere natbusser");
    test::HttpClient client(ws.server->port());
    const auto cluster = client.post("/api/v1/workshops/" + code + "/clusters", "{\"name\":\"Natten\",\"colour\":\"#1f5fbf\"}", session);
    REQUIRE(cluster.status == 201);
    const std::string cluster_id = test::text_of(cluster.body, "cluster_id");
    REQUIRE(client.post("/api/v1/workshops/" + code + "/cards/" + card + "/move", "{\"cluster_id\":\"" + cluster_id + "\"}", session).status == 200);
    // The first wall's promotion (this one through the API), then a wall opened anew.
    const auto first = client.post("/api/v1/workshops/" + code + "/promote", "{\"cluster_id\":\"" + cluster_id + "\"}", session);
    REQUIRE_MESSAGE(first.status == 201, first.body);
    Wall wall(ws, opened_on(session, code));
    auto& app = wall.app;
    auto& runner = wall.runner;
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Flere natbusser"); }), labels(app));
    press(runner, app, "Afslutning");
    press(runner, app, "Løft til indbakken: Natten");
    const std::string said = "I indbakken med kvittering " + test::text_of(first.body, "receipt");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, said); }), labels(app));
    const std::string inbox = client.get("/api/v1/cards", office).body;
    const std::string titled = "\"title\": \"Natten\"";   // cereal's spacing
    REQUIRE(inbox.find(titled) != std::string::npos);
    CHECK(inbox.find(titled) == inbox.rfind(titled));   // one card from the cluster, not two
}

TEST_CASE("[wall] a title on three lines: the QR code gives up height so the sidebar's tools stay on the 1080-line screen") {
    test::WorkshopServer ws;
    const std::string session = ws.login("anne", "facilitator");
    test::HttpClient client(ws.server->port());
    const auto made = client.post("/api/v1/workshops",
                                  "{\"title\":\"Aftener og weekender i Aarhus Midtby for unge og ældre\",\"themes\":[\"climate\"],"
                                  "\"time_box_minutes\":45,\"moderation\":\"open\",\"dots_per_participant\":3}", session);
    REQUIRE_MESSAGE(made.status == 201, made.body);
    const std::string code = test::text_of(made.body, "code");
    Participant phone{ws, code, ws.join(code)};
    const std::string a = phone.write("Natbus til Gellerup"), b = phone.write("Delecykler ved Dokk1");
    REQUIRE(client.post("/api/v1/workshops/" + code + "/voting", "{\"open\":true}", session).status == 200);
    phone.vote(a, 2);
    phone.vote(b, 1);
    Wall wall(ws, opened_on(session, code));
    auto& app = wall.app;
    auto& runner = wall.runner;
    // The ranking under the vote's words, the longest the sidebar gets.
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "2. Delecykler ved Dokk1 (1)"); }), labels(app));
    runner.frames(3);
    const SemanticItem make = item(app, "Ny klynge");
    CHECK_MESSAGE(make.rect.y + make.rect.height <= 1080.0f, "\"Ny klynge\" ends at " << make.rect.y + make.rect.height);
    const SemanticItem qr = item(app, "QR-kode til " + app.client().join_url());
    CHECK(qr.rect.height >= 150.0f);
    CHECK(qr.rect.height < 240.0f);   // it gave up height for the title
}

TEST_CASE("[wall] a wrong password is said in words and forgotten; a code that is no workshop is said too") {
    test::WorkshopServer ws;
    (void)ws.login("anne", "facilitator");
    Wall wall(ws);
    auto& app = wall.app;
    auto& runner = wall.runner;
    type_into(runner, app, "Brugernavn", "anne");
    type_into(runner, app, "Adgangskode", "not the password at all");
    press(runner, app, "Log ind");
    const std::string said = "Brugernavn eller adgangskode passer ikke, eller kontoen er ikke facilitator.";
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, said); }), labels(app));
    CHECK(shows(app, "Log ind"));

    type_into(runner, app, "Adgangskode", test::workshop_password);
    press(runner, app, "Log ind");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Åbn"); }), labels(app));
    type_into(runner, app, "Eller åbn en workshop med dens kode", "0OIL0OIL");
    press(runner, app, "Åbn");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Der er ingen workshop med den kode (8 tegn, uden 0, O, 1 og I)."); }),
                    labels(app));
}

TEST_CASE("[wall] a wall that loses the server keeps its cards, says so, and catches up by itself") {
    test::WorkshopServer ws;
    const std::string session = ws.login("anne", "facilitator");
    const std::string code = ws.create(session);
    Participant phone{ws, code, ws.join(code)};
    phone.write("Før afbrydelsen");
    Wall wall(ws, opened_on(session, code));
    auto& app = wall.app;
    auto& runner = wall.runner;
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Før afbrydelsen"); }), labels(app));
    // The proxy in front of the server goes away: the next poll gets no answer.
    const std::uint16_t port = ws.server->port();
    ws.server->stop(SIGTERM);
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Serveren svarer ikke. Væggen viser det seneste og prøver igen af sig selv."); }),
                    labels(app));
    CHECK(shows(app, "Før afbrydelsen"));
    // Back on the same address and files; a card written meanwhile comes once, the old one stays once.
    ws.server = std::make_unique<test::ServerProcess>(IDEKORT_SERVER_BIN, std::vector<std::string>{
        "--data-dir", ws.dir + "/data", "--web-root", ws.web, "--submission-key", "workshop-test-key-0001"}, port);
    REQUIRE_MESSAGE(ws.server->started(), ws.server->log());
    phone.write("Efter afbrydelsen");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Efter afbrydelsen"); }), labels(app));
    CHECK_FALSE(shows(app, "Serveren svarer ikke. Væggen viser det seneste og prøver igen af sig selv."));
    CHECK(app.client().board().cards().size() == 2);
}

TEST_CASE("[wall] with a WebSocket the wall is told at once and stops polling; when it drops, polling and a reconnect catch up") {
    test::WorkshopServer ws;
    const std::string session = ws.login("anne", "facilitator");
    const std::string code = ws.create(session);
    Participant phone{ws, code, ws.join(code)};
    phone.write("Før forbindelsen");
    Wall wall(ws, opened_on(session, code), true);
    auto& app = wall.app;
    auto& runner = wall.runner;
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Før forbindelsen") && app.client().live(); }), labels(app));
    // Subscribed: a card comes through the WebSocket, with no poll in between.
    const std::int64_t polls = app.client().polls();
    const std::int64_t messages = app.client().live_messages();
    phone.write("Over WebSocket");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Over WebSocket"); }), labels(app));
    CHECK(app.client().live_messages() > messages);
    CHECK(app.client().polls() == polls);
    // The facilitator's own move comes back the same way.
    type_into(runner, app, "Navn på ny klynge", "Live");
    press(runner, app, "Ny klynge");
    press(runner, app, "Klima");   // the workshop has two themes: the cluster's is asked
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Live"); }), labels(app));
    CHECK(app.client().polls() == polls);

    // The server goes away and comes back on the same address and files: the wall says so, polls,
    // opens the WebSocket again from its revision, and every card is there once.
    const std::uint16_t port = ws.server->port();
    ws.server->stop(SIGTERM);
    REQUIRE_MESSAGE(frames_until(runner, [&] { return !app.client().live(); }), labels(app));
    ws.server = std::make_unique<test::ServerProcess>(IDEKORT_SERVER_BIN, std::vector<std::string>{
        "--data-dir", ws.dir + "/data", "--web-root", ws.web, "--submission-key", "workshop-test-key-0001"}, port);
    REQUIRE_MESSAGE(ws.server->started(), ws.server->log());
    phone.write("Efter genstart");
    REQUIRE_MESSAGE(frames_until(runner, [&] { return shows(app, "Efter genstart") && app.client().live(); }), labels(app));
    CHECK(app.client().board().cards().size() == 3);
}

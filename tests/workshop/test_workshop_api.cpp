// The live workshop's REST API (issue 16, point 1) over the real server binary and real SQLite
// files: creating, joining, cards with moderation, clusters, merges, dot votes that never double,
// changes since a revision, exports, and promotion into the office's inbox with provenance.
#include "common/protocol/workshop.h"
#include "server/api/api.h"
#include "workshop_fixture.h"

#include <atomic>
#include <map>
#include <regex>
#include <set>
#include <thread>

using namespace idekort;
using namespace idekort::test;

namespace {

std::string new_id() { return to_string(new_uuid()); }

// Every card the reader sees after applying the changes since `since`, by id.
std::map<std::string, std::string> titles(const std::string& body) {
    std::map<std::string, std::string> out;
    auto d = parse(body);
    REQUIRE(d.IsObject());
    for (const auto& c : d["cards"].GetArray()) out[c["card_id"].GetString()] = c["title"].GetString();
    return out;
}

std::int64_t dots_of(const std::string& body, const std::string& card_id) {
    auto d = parse(body);
    for (const auto& c : d["cards"].GetArray())
        if (card_id == c["card_id"].GetString()) return c["dots"].GetInt64();
    return -1;
}

} // namespace

TEST_CASE("[workshop] a facilitator creates a workshop with a code that reads aloud; others may not") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string triage = ws.login("tom", "triage");
    HttpClient client(ws.server->port());
    std::set<std::string> codes;
    for (int i = 0; i < 20; ++i) {
        const std::string code = ws.create(facilitator);
        REQUIRE(code.size() == 8);
        CHECK(code.find_first_of("01OI") == std::string::npos);
        CHECK(protocol::normalise_join_code(code) == code);
        codes.insert(code);
    }
    CHECK(codes.size() == 20);
    const std::string code = *codes.begin();
    // Typed in lower case with a space, it is the same workshop; the join link is on the info.
    std::string typed = code.substr(0, 4) + "%20" + code.substr(4);
    for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto info = client.get("/api/v1/workshops/" + typed);
    REQUIRE_MESSAGE(info.status == 200, info.body);
    CHECK(text_of(info.body, "code") == code);
    CHECK(text_of(info.body, "title") == "Mobilitet på Dokk1");
    CHECK(text_of(info.body, "join_path") == "/workshop/?workshop=" + code);

    auto nobody = client.post("/api/v1/workshops", "{\"title\":\"x\"}");
    CHECK(nobody.status == 401);
    auto wrong_role = client.post("/api/v1/workshops", "{\"title\":\"x\"}", triage);
    CHECK(wrong_role.status == 403);
    auto bad = client.post("/api/v1/workshops", "{\"title\":\"x\",\"moderation\":\"later\"}", facilitator);
    CHECK(bad.status == 422);
    CHECK(text_of(bad.body, "field") == "moderation");
    auto bad_theme = client.post("/api/v1/workshops", "{\"title\":\"x\",\"themes\":[\"no_such\"]}", facilitator);
    CHECK(bad_theme.status == 422);
    CHECK(text_of(bad_theme.body, "field") == "themes[0]");
    auto unknown = client.get("/api/v1/workshops/0OIL0OIL");
    CHECK(unknown.status == 404);
    CHECK(text_of(unknown.body, "field") == "code");
    // A participant token runs nothing.
    const std::string participant = ws.join(code);
    CHECK(client.post("/api/v1/workshops/" + code + "/voting", "{\"open\":true}", participant).status == 403);
    CHECK(client.post("/api/v1/workshops/" + code + "/clusters", "{\"name\":\"A\"}", participant).status == 403);
    // Another facilitator runs nothing of Anne's.
    const std::string other = ws.login("ole", "facilitator");
    CHECK(client.post("/api/v1/workshops/" + code + "/voting", "{\"open\":true}", other).status == 403);
}

TEST_CASE("[workshop] moderation: a card waits for the facilitator, hides again; contact details never leave") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator, "moderated");
    const std::string alice = ws.join(code), bob = ws.join(code);
    HttpClient client(ws.server->port());
    const std::string id = new_id();
    const std::string secret_mail = "hemmelig.person@aarhus.dk", secret_name = "Hemmelig Person";
    auto put = client.put("/api/v1/workshops/" + code + "/cards/" + id,
                          short_card("Cykelhotel", ",\"contact_name\":\"" + secret_name + "\",\"contact_email\":\"" + secret_mail + "\""), alice);
    REQUIRE_MESSAGE(put.status == 201, put.body);
    const std::string changes = "/api/v1/workshops/" + code + "/changes?since=0";
    std::vector<std::string> bodies;
    auto wall = client.get(changes, facilitator);
    auto seen_by_bob = client.get(changes, bob);
    auto seen_by_alice = client.get(changes, alice);
    CHECK(titles(wall.body).at(id) == "Cykelhotel");
    CHECK(titles(seen_by_bob.body).at(id).empty());   // pending: Bob knows nothing of its text
    CHECK(titles(seen_by_alice.body).at(id) == "Cykelhotel");   // her own
    bodies.insert(bodies.end(), {wall.body, seen_by_bob.body, seen_by_alice.body});

    auto approve = client.post("/api/v1/workshops/" + code + "/cards/" + id + "/move", "{\"hidden\":false}", facilitator);
    REQUIRE_MESSAGE(approve.status == 200, approve.body);
    seen_by_bob = client.get(changes, bob);
    CHECK(titles(seen_by_bob.body).at(id) == "Cykelhotel");
    auto hide = client.post("/api/v1/workshops/" + code + "/cards/" + id + "/move", "{\"hidden\":true}", facilitator);
    REQUIRE(hide.status == 200);
    seen_by_bob = client.get(changes, bob);
    CHECK(titles(seen_by_bob.body).at(id).empty());
    bodies.insert(bodies.end(), {approve.body, hide.body, seen_by_bob.body, client.get(changes, facilitator).body});
    for (const char* format : {"json", "csv", "summary"})
        bodies.push_back(client.get("/api/v1/workshops/" + code + "/export?format=" + std::string(format), facilitator).body);
    for (const auto& body : bodies) {
        CHECK(body.find(secret_mail) == std::string::npos);
        CHECK(body.find(secret_name) == std::string::npos);
    }
    // Bad input is named; nothing stored.
    auto untitled = client.put("/api/v1/workshops/" + code + "/cards/" + new_id(), "{\"title\":\"  \"}", alice);
    CHECK(untitled.status == 422);
    CHECK(text_of(untitled.body, "field") == "title");
    auto long_title = client.put("/api/v1/workshops/" + code + "/cards/" + new_id(), "{\"title\":\"" + std::string(400, 'x') + "\"}", alice);
    CHECK(long_title.status == 422);
    CHECK(text_of(long_title.body, "message").find("longer than") != std::string::npos);
    CHECK(client.put("/api/v1/workshops/" + code + "/cards/" + new_id(), short_card("x"), "not-a-token").status == 401);
    CHECK(titles(client.get(changes, facilitator).body).size() == 1);
}

TEST_CASE("[workshop] a card sent again is stored once; a different card under its id is refused") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator);
    const std::string alice = ws.join(code);
    HttpClient client(ws.server->port());
    const std::string id = new_id();
    CHECK(client.put("/api/v1/workshops/" + code + "/cards/" + id, short_card("Bybus"), alice).status == 201);
    auto again = client.put("/api/v1/workshops/" + code + "/cards/" + id, short_card("Bybus"), alice);
    CHECK(again.status == 200);
    CHECK(again.body.find("\"duplicate\":true") != std::string::npos);
    auto other = client.put("/api/v1/workshops/" + code + "/cards/" + id, short_card("Letbane"), alice);
    CHECK(other.status == 409);
    CHECK(titles(client.get("/api/v1/workshops/" + code + "/changes?since=0", facilitator).body).size() == 1);
}

TEST_CASE("[workshop] dots: N per participant, set not added, kept across a reload; closed voting refuses") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator, "open", 3);
    const std::string alice = ws.join(code), bob = ws.join(code);
    HttpClient client(ws.server->port());
    const std::string a = new_id(), b = new_id();
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + a, short_card("Bybus"), alice).status == 201);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + b, short_card("Letbane"), bob).status == 201);
    const std::string votes = "/api/v1/workshops/" + code + "/votes";
    auto closed = client.put(votes, "{\"card_id\":\"" + a + "\",\"dots\":1}", alice);
    CHECK(closed.status == 409);
    CHECK(text_of(closed.body, "error") == "voting_closed");
    REQUIRE(client.post("/api/v1/workshops/" + code + "/voting", "{\"open\":true}", facilitator).status == 200);

    // Alice puts 2 dots on A, and her phone sends it again (a reload, a retry): still 2.
    for (int i = 0; i < 3; ++i) {
        auto r = client.put(votes, "{\"card_id\":\"" + a + "\",\"dots\":2}", alice);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        CHECK(number_of(r.body, "dots_left") == 1);
    }
    auto too_many = client.put(votes, "{\"card_id\":\"" + b + "\",\"dots\":2}", alice);
    CHECK(too_many.status == 409);
    CHECK(text_of(too_many.body, "error") == "too_many_dots");
    CHECK(text_of(too_many.body, "message").find("1 are left") != std::string::npos);
    REQUIRE(client.put(votes, "{\"card_id\":\"" + b + "\",\"dots\":1}", alice).status == 200);
    REQUIRE(client.put(votes, "{\"card_id\":\"" + b + "\",\"dots\":3}", bob).status == 200);
    // The ranking: B (4) before A (2).
    const std::string changes = "/api/v1/workshops/" + code + "/changes?since=0";
    auto wall = client.get(changes, facilitator);
    CHECK(dots_of(wall.body, a) == 2);
    CHECK(dots_of(wall.body, b) == 4);
    // A reload: the same token reads its own dots back, nothing to spend twice.
    auto reloaded = client.get(changes, alice);
    CHECK(number_of(reloaded.body, "dots_left") == 0);
    CHECK(reloaded.body.find("\"my_votes\":[") != std::string::npos);
    // Taking a dot back frees it.
    REQUIRE(client.put(votes, "{\"card_id\":\"" + a + "\",\"dots\":0}", alice).status == 200);
    CHECK(number_of(client.get(changes, alice).body, "dots_left") == 2);
    auto csv = client.get("/api/v1/workshops/" + code + "/export?format=csv", facilitator);
    REQUIRE(csv.status == 200);
    CHECK(csv.body.rfind("\xEF\xBB\xBF\"rank\"", 0) == 0);
    CHECK(csv.body.find("\"1\",\"" + b + "\",\"Letbane\"") != std::string::npos);
    REQUIRE(client.post("/api/v1/workshops/" + code + "/voting", "{\"open\":false}", facilitator).status == 200);
    CHECK(client.put(votes, "{\"card_id\":\"" + b + "\",\"dots\":1}", alice).status == 409);
}

TEST_CASE("[workshop] changes since a revision: every change once, in any number of steps") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator);
    const std::string alice = ws.join(code);
    HttpClient client(ws.server->port());
    std::map<std::string, std::string> wall;   // applied by id, as the wall does
    std::int64_t revision = 0;
    int delivered = 0;
    auto poll = [&] {
        auto r = client.get("/api/v1/workshops/" + code + "/changes?since=" + std::to_string(revision), facilitator);
        REQUIRE(r.status == 200);
        for (const auto& [id, title] : titles(r.body)) { wall[id] = title; ++delivered; }
        const std::int64_t next = number_of(r.body, "revision");
        CHECK(next >= revision);
        revision = next;
    };
    std::vector<std::string> ids;
    for (int i = 0; i < 30; ++i) {
        ids.push_back(new_id());
        REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + ids.back(), short_card("Idé " + std::to_string(i)), alice).status == 201);
        if (i % 7 == 0) poll();
    }
    poll();
    CHECK(wall.size() == 30);
    CHECK(delivered == 30);   // no card twice
    poll();                   // nothing new: nothing again
    CHECK(delivered == 30);
    auto bad = client.get("/api/v1/workshops/" + code + "/changes?since=x", facilitator);
    CHECK(bad.status == 400);
    CHECK(text_of(bad.body, "field") == "since");
}

TEST_CASE("[workshop] clusters, merging duplicates, and a cluster promoted into the inbox with its provenance") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string office = ws.login("tom", "triage");
    const std::string code = ws.create(facilitator);
    const std::string alice = ws.join(code), bob = ws.join(code);
    HttpClient client(ws.server->port());
    const std::string a = new_id(), b = new_id(), dup = new_id(), lone = new_id();
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + a, short_card("Bybus om natten"), alice).status == 201);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + b, short_card("Delecykler"), bob).status == 201);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + dup, short_card("Natbus"), bob).status == 201);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + lone,
                       short_card("Grøn tag", ",\"contact_name\":\"Bo Ek\",\"contact_email\":\"bo@aarhus.dk\""), alice).status == 201);
    auto cluster = client.post("/api/v1/workshops/" + code + "/clusters", "{\"name\":\"Transport\",\"colour\":\"#2a9d8f\",\"theme\":\"climate\"}", facilitator);
    REQUIRE_MESSAGE(cluster.status == 201, cluster.body);
    const std::string cluster_id = text_of(cluster.body, "cluster_id");
    CHECK(client.post("/api/v1/workshops/" + code + "/clusters", "{\"name\":\"X\",\"colour\":\"red\"}", facilitator).status == 422);
    for (const auto& id : {a, b})
        REQUIRE(client.post("/api/v1/workshops/" + code + "/cards/" + id + "/move", "{\"cluster_id\":\"" + cluster_id + "\"}", facilitator).status == 200);
    CHECK(client.post("/api/v1/workshops/" + code + "/cards/" + a + "/move", "{\"cluster_id\":\"c-none\"}", facilitator).status == 404);
    REQUIRE(client.post("/api/v1/workshops/" + code + "/voting", "{\"open\":true}", facilitator).status == 200);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/votes", "{\"card_id\":\"" + dup + "\",\"dots\":2}", alice).status == 200);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/votes", "{\"card_id\":\"" + a + "\",\"dots\":1}", alice).status == 200);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/votes", "{\"card_id\":\"" + b + "\",\"dots\":3}", bob).status == 200);
    // "Natbus" duplicates "Bybus om natten": its dots join it, Alice's total stays 3.
    auto merge = client.post("/api/v1/workshops/" + code + "/cards/" + dup + "/move", "{\"merge_into\":\"" + a + "\"}", facilitator);
    REQUIRE_MESSAGE(merge.status == 200, merge.body);
    CHECK(text_of(merge.body, "status") == "merged");
    CHECK(client.post("/api/v1/workshops/" + code + "/cards/" + a + "/move", "{\"merge_into\":\"" + a + "\"}", facilitator).status == 422);
    auto wall = client.get("/api/v1/workshops/" + code + "/changes?since=0", facilitator);
    CHECK(dots_of(wall.body, a) == 3);
    CHECK(dots_of(wall.body, dup) == 0);
    CHECK(number_of(client.get("/api/v1/workshops/" + code + "/changes?since=0", alice).body, "dots_left") == 0);

    auto promoted = client.post("/api/v1/workshops/" + code + "/promote", "{\"cluster_id\":\"" + cluster_id + "\"}", facilitator);
    REQUIRE_MESSAGE(promoted.status == 201, promoted.body);
    CHECK(number_of(promoted.body, "dots") == 6);
    CHECK(text_of(promoted.body, "workshop") == code);
    for (const auto& id : {a, b, dup}) CHECK(promoted.body.find(id) != std::string::npos);
    CHECK(promoted.body.find(lone) == std::string::npos);
    CHECK(client.post("/api/v1/workshops/" + code + "/promote", "{}", facilitator).status == 422);
    CHECK(client.post("/api/v1/workshops/" + code + "/promote", "{\"cluster_id\":\"" + cluster_id + "\"}", alice).status == 403);

    // The office's inbox has it: from the workshop channel, with the workshop, the cards and the dots.
    auto inbox = client.get("/api/v1/cards", office);
    REQUIRE(inbox.status == 200);
    const std::string inbox_id = text_of(promoted.body, "inbox_card_id");
    CHECK(inbox.body.find(inbox_id) != std::string::npos);
    CHECK(inbox.body.find("\"channel\": \"workshop\"") != std::string::npos);   // cereal's spacing
    CHECK(inbox.body.find("\"workshop\": \"" + code + "\"") != std::string::npos);
    CHECK(inbox.body.find("Transport") != std::string::npos);
    // The provenance in the card's language, from the strings files (status.provenance.*).
    CHECK_MESSAGE(inbox.body.find("klyngen \\\"Transport\\\": 3 kort, 6 prikker.") != std::string::npos, inbox.body);
    // Promoted again (a second touch, a wall opened anew): the same inbox card, not a second one.
    auto again = client.post("/api/v1/workshops/" + code + "/promote", "{\"cluster_id\":\"" + cluster_id + "\"}", facilitator);
    REQUIRE_MESSAGE(again.status == 200, again.body);
    CHECK(text_of(again.body, "inbox_card_id") == inbox_id);
    CHECK(text_of(again.body, "receipt") == text_of(promoted.body, "receipt"));
    CHECK(number_of(again.body, "dots") == 6);
    const std::string after = client.get("/api/v1/cards", office).body;
    const std::string titled = "\"title\": \"Transport\"";   // cereal's spacing
    REQUIRE(after.find(titled) != std::string::npos);
    CHECK(after.find(titled) == after.rfind(titled));   // one card titled by the cluster
    // A single card keeps its author's contact for the office (and only there).
    auto single = client.post("/api/v1/workshops/" + code + "/promote", "{\"card_id\":\"" + lone + "\"}", facilitator);
    REQUIRE_MESSAGE(single.status == 201, single.body);
    CHECK(client.get("/api/v1/cards", office).body.find("bo@aarhus.dk") != std::string::npos);
    CHECK(client.get("/api/v1/workshops/" + code + "/changes?since=0", bob).body.find("bo@aarhus.dk") == std::string::npos);
}

TEST_CASE("[workshop] every workshop route in the API's list refuses no token and a wrong one; the public ones answer") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator);
    HttpClient client(ws.server->port());
    int checked = 0;
    for (const auto& route : server::Api::routes()) {
        if (route.pattern.rfind(protocol::workshop_route::prefix, 0) != 0) continue;
        std::string target = std::regex_replace(route.pattern, std::regex("\\{code\\}"), code);
        target = std::regex_replace(target, std::regex("\\{uuid\\}"), new_id());
        CAPTURE(route.method);
        CAPTURE(target);
        const auto none = client.request(route.method, target, "{}", {{"Content-Type", "application/json"}});
        const auto wrong = client.request(route.method, target, "{}", {{"Content-Type", "application/json"}, {"Authorization", "Bearer nobody-has-this-token-0000"}});
        if (route.access == server::Access::Public) {
            CHECK(none.status / 100 == 2);
        } else {
            CHECK(none.status == 401);
            CHECK(text_of(none.body, "error") == "unauthorized");
            CHECK(wrong.status == 401);
        }
        ++checked;
    }
    CHECK(checked == 11);
}

TEST_CASE("[workshop] joining is limited per address: a script is held back, the next address still joins") {
    // Behind the venue's trusted proxy each phone is its own address; three joins from one address
    // are the bucket here (the default holds a room of 400).
    WorkshopServer ws({"--trusted-proxy", "127.0.0.0/8", "--rate-join", "0.001:3"});
    const std::string code = ws.create(ws.login("anne", "facilitator"));
    HttpClient client(ws.server->port());
    const auto join_from = [&](const std::string& address) {
        return client.request("POST", "/api/v1/workshops/" + code + "/participants", {}, {{"X-Forwarded-For", address}});
    };
    for (int i = 0; i < 3; ++i) REQUIRE(join_from("198.51.100.40").status == 201);
    const auto held = join_from("198.51.100.40");
    CHECK(held.status == 429);
    CHECK(text_of(held.body, "error") == "rate_limited");
    CHECK(!held.header("retry-after").empty());
    CHECK(join_from("198.51.100.41").status == 201);
    // Only joining is limited: the workshop still answers the held-back address.
    CHECK(client.request("GET", "/api/v1/workshops/" + code, {}, {{"X-Forwarded-For", "198.51.100.40"}}).status == 200);
}

TEST_CASE("[workshop] the printable summary: an A4 page of the clusters and their ranked cards, in Danish or English, the cards' words escaped") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator);
    const std::string alice = ws.join(code), bob = ws.join(code);
    HttpClient client(ws.server->port());
    const std::string racks = new_id(), lanes = new_id(), loose = new_id(), rude = new_id();
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + racks, short_card("Flere cykelstativer"), alice).status == 201);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + lanes, short_card("Bredere cykelstier"), bob).status == 201);
    // A participant's words that would be markup in a page: printed as written, never run.
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + loose, short_card("Skilte <script>alert(1)</script> & kort"), bob).status == 201);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + rude, short_card("Reklame"), bob).status == 201);
    auto cluster = client.post("/api/v1/workshops/" + code + "/clusters", "{\"name\":\"Cykler\",\"colour\":\"#1f5fbf\",\"theme\":\"climate\"}", facilitator);
    REQUIRE(cluster.status == 201);
    const std::string cluster_id = text_of(cluster.body, "cluster_id");
    for (const auto& id : {racks, lanes})
        REQUIRE(client.post("/api/v1/workshops/" + code + "/cards/" + id + "/move", "{\"cluster_id\":\"" + cluster_id + "\"}", facilitator).status == 200);
    REQUIRE(client.post("/api/v1/workshops/" + code + "/cards/" + rude + "/move", "{\"hidden\":true}", facilitator).status == 200);
    REQUIRE(client.post("/api/v1/workshops/" + code + "/voting", "{\"open\":true}", facilitator).status == 200);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/votes", "{\"card_id\":\"" + lanes + "\",\"dots\":3}", alice).status == 200);
    REQUIRE(client.put("/api/v1/workshops/" + code + "/votes", "{\"card_id\":\"" + racks + "\",\"dots\":1}", bob).status == 200);

    const auto da = client.get("/api/v1/workshops/" + code + "/export?format=summary", facilitator);
    REQUIRE_MESSAGE(da.status == 200, da.body);
    CHECK(da.header("content-type") == "text/html; charset=utf-8");
    CHECK(da.header("content-disposition") == "attachment; filename=\"workshop-" + code + "-summary.html\"");
    CHECK(da.header("content-security-policy").find("default-src 'none'") == 0);
    const std::string& page = da.body;
    CHECK(page.find("<html lang=\"da\">") != std::string::npos);
    CHECK(page.find("@page{size:A4") != std::string::npos);
    CHECK(page.find("<h1>Opsummering: Mobilitet på Dokk1</h1>") != std::string::npos);
    CHECK_MESSAGE(page.find("Workshop " + code + ", ") != std::string::npos, page);
    CHECK_MESSAGE(page.find("3 kort på væggen i 1 klynge, 4 prikker i alt.") != std::string::npos, page);
    // The cluster under its colour and theme, its cards ranked by dots: 3 before 1.
    CHECK_MESSAGE(page.find("<h2 style=\"background:#1f5fbf\">Cykler · 4 prikker</h2>") != std::string::npos, page);
    CHECK(page.find("Tema: Klima") != std::string::npos);
    const auto first = page.find("<td class=\"dots\">3</td><td><strong>Bredere cykelstier</strong>");
    const auto second = page.find("<td class=\"dots\">1</td><td><strong>Flere cykelstativer</strong>");
    CHECK(first != std::string::npos);
    CHECK(second != std::string::npos);
    CHECK(first < second);
    CHECK(page.find("Flere stativer ved Bredere cykelstier") != std::string::npos);   // the idea under its title
    // The card in no cluster, escaped; the hidden one counted, not listed.
    CHECK(page.find("<h2 class=\"plain\">Uden klynge · 0 prikker</h2>") != std::string::npos);
    CHECK(page.find("Skilte &lt;script&gt;alert(1)&lt;/script&gt; &amp; kort") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("Reklame") == std::string::npos);
    CHECK(page.find("Skjult af facilitatoren: 1 kort.") != std::string::npos);

    const auto en = client.get("/api/v1/workshops/" + code + "/export?format=summary&lang=en", facilitator);
    REQUIRE(en.status == 200);
    CHECK(en.body.find("<html lang=\"en\">") != std::string::npos);
    CHECK(en.body.find("<h1>Summary: Mobilitet på Dokk1</h1>") != std::string::npos);
    CHECK(en.body.find("Theme: Climate") != std::string::npos);
    CHECK(en.body.find("Not in a cluster") != std::string::npos);
    CHECK(client.get("/api/v1/workshops/" + code + "/export?format=summary", alice).status == 403);
}

TEST_CASE("[workshop] a cluster promoted by eight asks at once becomes one inbox card; every ask gets its receipt") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string office = ws.login("tom", "triage");
    const std::string code = ws.create(facilitator);
    const std::string alice = ws.join(code);
    HttpClient client(ws.server->port());
    const std::string card = new_id();
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + card, short_card("Natbusser"), alice).status == 201);
    auto cluster = client.post("/api/v1/workshops/" + code + "/clusters", "{\"name\":\"Samtidig\",\"colour\":\"#1f5fbf\",\"theme\":\"climate\"}", facilitator);
    REQUIRE(cluster.status == 201);
    const std::string cluster_id = text_of(cluster.body, "cluster_id");
    REQUIRE(client.post("/api/v1/workshops/" + code + "/cards/" + card + "/move", "{\"cluster_id\":\"" + cluster_id + "\"}", facilitator).status == 200);

    // Two walls and a double touch: eight asks released together, each on its own connection.
    constexpr int asks = 8;
    std::vector<HttpResult> answers(asks);
    std::atomic<int> ready{0};
    std::vector<std::thread> walls;
    for (int i = 0; i < asks; ++i)
        walls.emplace_back([&, i] {
            HttpClient own(ws.server->port());
            ++ready;
            while (ready.load() < asks) std::this_thread::yield();
            answers[i] = own.post("/api/v1/workshops/" + code + "/promote", "{\"cluster_id\":\"" + cluster_id + "\"}", facilitator);
        });
    for (auto& t : walls) t.join();
    int created = 0;
    std::set<std::string> inbox_ids;
    for (const auto& a : answers) {
        REQUIRE_MESSAGE((a.status == 201 || a.status == 200), a.status << " " << a.body);
        created += a.status == 201 ? 1 : 0;
        inbox_ids.insert(text_of(a.body, "inbox_card_id"));
    }
    CHECK(created == 1);
    CHECK(inbox_ids.size() == 1);
    const std::string inbox = client.get("/api/v1/cards", office).body;
    const std::string titled = "\"title\": \"Samtidig\"";   // cereal's spacing
    REQUIRE(inbox.find(titled) != std::string::npos);
    CHECK(inbox.find(titled) == inbox.rfind(titled));
}

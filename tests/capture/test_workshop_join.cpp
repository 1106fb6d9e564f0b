// A live workshop's participant in the capture app (issue 16), headless and by label on a
// 390x844 phone, against the real idekort-server on loopback with the real libcurl transport and
// a real SQLite store: the join link's code opens the workshop's title, a short card written
// with the wizard's fields reaches the wall once, the dot vote changes the ranking the facilitator
// reads, and a restart on the same store is the same participant (the dots are not doubled).
// Nothing is lost: a card written while the server is gone waits on the device and arrives once
// when it is back, and cards sent through a proxy that drops, resets after the commit, answers
// 500/503 or a portal page all arrive exactly once (the same id on every retry).
#include "app_session.h"

#include "common/protocol/protocol.h"
#include "platform/native/curl_transport.h"
#include "server_harness.h"
#include "tests/sync/fault_proxy.h"
#include "workshop_fixture.h"

#include <chrono>
#include <csignal>
#include <functional>
#include <thread>

using namespace idekort;
using idekort::test::AppState;

namespace {

// The capture app on a phone with a real store and libcurl, opened by the join link's code.
struct Phone {
    std::unique_ptr<platform::SqliteExecutor> store;
    platform::CurlTransport http;
    capture::CaptureApp app;
    std::optional<platform::NullRunner> runner;
    Phone(const std::string& database, const std::string& server_url, const std::string& code)
        : store(platform::SqliteExecutor::open(database).value()), app(settings(server_url, code)) {
        AppEnvironment env = test::test_environment();
        env.store = store.get();
        env.http = &http;
        runner.emplace(app, env, 390.0f, 844.0f);
        REQUIRE(runner->init_status().ok());
        runner->settle_store();
    }
    static CaptureSettings settings(const std::string& server_url, const std::string& code) {
        CaptureSettings s = test::kiosk_settings(false);
        s.server_url = server_url;
        s.workshop_code = code;
        return s;
    }
    AppState state() const { return AppState(app); }
    std::string workshop(const char* member) const {
        const auto& v = state()["workshop"][member];
        return v.IsString() ? v.GetString() : std::to_string(v.GetInt64());
    }
    void press(std::string_view label) { test::press(*runner, app, label); }
    void type(std::string_view label, std::string_view text) { test::type_into(*runner, app, label, text); }
    bool shows(std::string_view label) const { return test::shows(app, label); }
    // Drags the page with a finger until `label` is on screen (the list is below the form on a
    // phone), as a person would; false when it is nowhere.
    bool sees(std::string_view label) {
        const float bottom = 844;
        for (int i = 0; i < 16; ++i) {
            const SemanticItem* found = find_item(app.semantic_items(), label);
            if (found && found->rect.centre_y() > 8 && found->rect.centre_y() < bottom - 8) return true;
            const bool down = i < 8;
            runner->drag(8, bottom * (down ? 0.75f : 0.25f), 8, bottom * (down ? 0.25f : 0.75f));
            runner->frames(2);
        }
        return false;
    }
    std::string labels() const {
        std::string seen;
        for (const auto& i : app.semantic_items()) seen += "'" + i.label + "' ";
        return seen;
    }
    // Draws frames (the runner delivers HTTP and store answers before each) until `done`, for at
    // most `seconds` (30), then two more so the answer is drawn.
    void wait_for(const std::function<bool()>& done, const char* what, int seconds = 30) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (!done()) {
            REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "waited " << seconds << " s for " << what << "; state: " << app.state_json() << "\nlabels: " << labels());
            runner->frame();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));   // not a wait for time: yields to libcurl's thread
        }
        runner->frames(2);
    }
    int outbox(const char* state) const {
        int n = 0;
        for (const auto& c : AppState(app)["workshop"]["outbox"].GetArray()) n += std::string(c["state"].GetString()) == state;
        return n;
    }
    void write(const std::string& title) {
        type("Giv idéen en kort titel", title);
        type("Hvilken udfordring løser idéen?", "Lange ventetider på bussen om aftenen.");
        type("Hvad er idéen?", "Flere afgange efter kl. 22 på de store linjer.");
        press("Send kortet");
    }
};

// The facilitator's view: every card on the server with its dots, from changes?since=0.
struct Facilitator {
    test::WorkshopServer& ws;
    std::string session, code;
    rapidjson::Document changes() {
        test::HttpClient client(ws.server->port());
        auto r = client.get("/api/v1/workshops/" + code + "/changes?since=0", session);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return test::parse(r.body);
    }
    // How many cards on the server carry `title`.
    int cards_titled(const std::string& title) {
        int n = 0;
        for (const auto& c : changes()["cards"].GetArray()) n += title == c["title"].GetString();
        return n;
    }
    std::int64_t dots_on(const std::string& title) {
        for (const auto& c : changes()["cards"].GetArray())
            if (title == c["title"].GetString()) return c["dots"].GetInt64();
        return -1;
    }
    // The titles, most dots first (the ranking the wall shows).
    std::vector<std::string> ranking() {
        std::vector<std::pair<std::int64_t, std::string>> cards;
        for (const auto& c : changes()["cards"].GetArray()) cards.emplace_back(c["dots"].GetInt64(), c["title"].GetString());
        std::stable_sort(cards.begin(), cards.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        std::vector<std::string> titles;
        for (const auto& c : cards) titles.push_back(c.second);
        return titles;
    }
    void voting(bool open) {
        test::HttpClient client(ws.server->port());
        auto r = client.post("/api/v1/workshops/" + code + "/voting", open ? "{\"open\":true}" : "{\"open\":false}", session);
        REQUIRE_MESSAGE(r.status == 200, r.body);
    }
};

std::string url_of(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

} // namespace

TEST_CASE("[workshop-join] by the join link: the title, a card on the wall once, dots that change the ranking, and a restart is the same participant") {
    test::WorkshopServer ws;
    Facilitator anne{ws, ws.login("anne", "facilitator"), ""};
    anne.code = ws.create(anne.session, "open", 3);
    // Another participant's card is on the wall first.
    {
        test::HttpClient client(ws.server->port());
        auto r = client.put("/api/v1/workshops/" + anne.code + "/cards/" + to_string(new_uuid()), test::short_card("Cykelstativer"),
                            ws.join(anne.code));
        REQUIRE_MESSAGE(r.status == 201, r.body);
    }
    const std::string dir = test::make_temp_dir("idekort-workshop-join");
    const std::string database = dir + "/phone.db";
    std::string participant;
    {
        // The code as a person might type it from the wall: lower case, with a dash.
        std::string typed = anne.code;
        for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        typed.insert(4, "-");
        Phone phone(database, url_of(ws.server->port()), typed);
        phone.wait_for([&] { return phone.shows("Mobilitet på Dokk1") && phone.sees("1. Cykelstativer (0 prikker)"); }, "the workshop's title and card");
        participant = phone.workshop("participant");
        CHECK_FALSE(participant.empty());
        CHECK(phone.sees("Afstemningen er ikke startet endnu."));

        // The card's own rules: nothing written is nothing sent, and the field says why.
        phone.press("Send kortet");
        CHECK(test::require_item(phone.app, "Giv idéen en kort titel").error == "Udfyld feltet.");
        CHECK(test::require_item(phone.app, "Hvad er idéen?").error == "Udfyld feltet.");
        CHECK(phone.outbox("waiting") + phone.outbox("sent") == 0);

        phone.write("Flere natbusser");
        phone.wait_for([&] { return phone.outbox("sent") == 1; }, "the card sent");
        CHECK(phone.sees("»Flere natbusser« er sendt til væggen."));
        CHECK(anne.cards_titled("Flere natbusser") == 1);
        phone.wait_for([&] { return phone.sees("2. Flere natbusser (0 prikker)"); },
                       "the participant's own card in the list");

        // The dot vote: two dots on the new card move it above the other.
        anne.voting(true);
        phone.wait_for([&] { return phone.sees("Du har 3 prikker tilbage."); }, "voting open");
        phone.press("Giv en prik: Flere natbusser");
        phone.wait_for([&] { return phone.sees("Du har 2 prikker tilbage."); }, "the first dot");
        phone.press("Giv en prik: Flere natbusser");
        phone.wait_for([&] { return phone.sees("Du har 1 prik tilbage.") && phone.sees("1. Flere natbusser (2 prikker)"); },
                       "the second dot and the ranking");
        CHECK(anne.dots_on("Flere natbusser") == 2);
        CHECK(anne.ranking().front() == "Flere natbusser");
    }
    // A restart (a reload in the browser) on the same store: the same participant, dots not doubled.
    Phone again(database, url_of(ws.server->port()), anne.code);
    again.wait_for([&] { return again.sees("Du har 1 prik tilbage."); }, "the dots left after the restart");
    CHECK(again.workshop("participant") == participant);
    CHECK(again.sees("»Flere natbusser« er sendt til væggen."));
    again.press("Giv en prik: Flere natbusser");
    again.wait_for([&] { return again.sees("Du har 0 prikker tilbage."); }, "the last dot");
    CHECK(anne.dots_on("Flere natbusser") == 3);
    CHECK(anne.cards_titled("Flere natbusser") == 1);
}

TEST_CASE("[workshop-join] a code that is no workshop, and one that cannot be a code, are said at the field") {
    test::WorkshopServer ws;
    const std::string dir = test::make_temp_dir("idekort-workshop-join");
    {
        Phone phone(dir + "/phone.db", url_of(ws.server->port()), "ABCD-EFGH");
        phone.wait_for([&] { return phone.workshop("join") == "failed"; }, "the refusal");
        CHECK(test::require_item(phone.app, "Workshoppens kode").error ==
              "Der er ingen workshop med koden ABCDEFGH. Tjek koden på væggen, og prøv igen.");
        CHECK(phone.shows("Prøv igen"));
    }
    Phone typo(dir + "/typo.db", url_of(ws.server->port()), "0000");
    typo.wait_for([&] { return typo.workshop("join") == "failed"; }, "the refusal");
    CHECK(test::require_item(typo.app, "Workshoppens kode").error ==
          "Det ligner ikke en workshopkode. En kode har 8 tegn, fx ABCD-EFGH. Ret koden, og prøv igen.");
}

TEST_CASE("[workshop-join] nothing lost: a card written while the server is gone waits on the device and arrives once") {
    test::WorkshopServer ws;
    Facilitator anne{ws, ws.login("anne", "facilitator"), ""};
    anne.code = ws.create(anne.session);
    const std::string dir = test::make_temp_dir("idekort-workshop-join");
    const std::uint16_t port = ws.server->port();
    {
        Phone phone(dir + "/phone.db", url_of(port), anne.code);
        phone.wait_for([&] { return phone.shows("Mobilitet på Dokk1"); }, "the workshop");
        ws.server->stop(SIGTERM);
        phone.write("Skrevet uden forbindelse");
        phone.wait_for([&] { return phone.outbox("waiting") == 1 && phone.state()["workshop"]["outbox"][0]["attempts"].GetInt64() >= 2; },
                       "two tries that got no answer");
        CHECK(phone.sees("»Skrevet uden forbindelse« venter på forbindelse og sendes af sig selv."));
        CHECK(phone.sees("Ingen forbindelse lige nu. Dine kort venter på enheden og sendes, når der er forbindelse."));
    }
    // The app closed with the card unsent; the server comes back on the same address and files.
    ws.server = std::make_unique<test::ServerProcess>(IDEKORT_SERVER_BIN, std::vector<std::string>{
        "--data-dir", ws.dir + "/data", "--web-root", ws.web, "--submission-key", "workshop-test-key-0001"}, port);
    REQUIRE_MESSAGE(ws.server->started(), ws.server->log());
    Phone phone(dir + "/phone.db", url_of(port), anne.code);
    phone.wait_for([&] { return phone.outbox("sent") == 1; }, "the waiting card sent after the restart");
    CHECK(anne.cards_titled("Skrevet uden forbindelse") == 1);
}

TEST_CASE("[workshop-join] through a proxy that drops, resets after the commit and answers 500, 503 or a portal page, every card arrives once") {
    test::WorkshopServer ws;
    Facilitator anne{ws, ws.login("anne", "facilitator"), ""};
    anne.code = ws.create(anne.session);
    test::FaultProxy proxy(ws.server->port(), 16);
    const std::string dir = test::make_temp_dir("idekort-workshop-join");
    Phone phone(dir + "/phone.db", url_of(proxy.port()), anne.code);
    phone.wait_for([&] { return phone.shows("Mobilitet på Dokk1"); }, "the workshop");
    test::FaultMix mix = test::FaultMix::all_kinds(0.5);
    mix.weight[static_cast<int>(test::Fault::ResetAfterCommit)] += 0.5;   // the answer lost after the commit, often
    mix.latency_ms = 50;
    mix.bytes_per_second = 50000;
    proxy.set_mix(mix);
    constexpr int cards = 8;
    for (int i = 0; i < cards; ++i) {
        phone.write("Kort " + std::to_string(i + 1));
        phone.wait_for([&] { return phone.outbox("waiting") + phone.outbox("sent") == i + 1; }, "the card on the device");
    }
    // A card that met five faults in a row waits 1 + 2 + 4 + 8 + 16 s before its next try.
    phone.wait_for([&] { return phone.outbox("sent") == cards; }, "every card sent", 150);
    proxy.set_mix(test::FaultMix::none());
    for (int i = 0; i < cards; ++i) CHECK(anne.cards_titled("Kort " + std::to_string(i + 1)) == 1);
    CHECK(anne.changes()["cards"].GetArray().Size() == cards);
    const auto counts = proxy.counts();
    CHECK(counts[static_cast<int>(test::Fault::ResetAfterCommit)] > 0);
}

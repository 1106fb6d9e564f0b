// "Følg din idé" (issue 15, the capture app's part), headless and by label, against the real
// idekort-server on loopback with the real libcurl transport and a real SQLite store: a card sent
// from this device is followed by tapping it, then by its code typed forgivingly, while the
// office moves it on through the pipeline API (a triage account signs in, sets the theme and
// closes it with feedback) until the closed feedback shows. A code that is no code, a code no
// card has and a server that is gone are said in words with the code kept in the field. A kiosk
// lists no earlier person's cards, takes a typed code, and its idle wipe forgets the code.
#include "app_session.h"

#include "common/card_id.h"
#include "common/protocol/protocol.h"
#include "platform/native/curl_transport.h"
#include "server_harness.h"
#include "tests/store/store_test_support.h"
#include "tests/test_support.h"

#include <chrono>
#include <csignal>
#include <functional>
#include <thread>

using namespace idekort;
using idekort::test::AppState;

namespace {

constexpr const char* key = "follow-test-submission-key-0001";
constexpr const char* password = "follow-test-password-1";

// The real server with a triage account, signed in.
struct Office {
    Office() : dir(test::make_temp_dir("idekort-follow")), web(test::make_temp_dir("idekort-follow-web")) {
        REQUIRE(file_io::write_file(web + "/index.html", "<!doctype html><title>idekort</title>").ok());
        server = std::make_unique<test::ServerProcess>(IDEKORT_SERVER_BIN,
            std::vector<std::string>{"--data-dir", dir + "/data", "--web-root", web, "--submission-key", key, "--rate-ip", "0",
                                     "--rate-login", "0", "--rate-key", "0", "--rate-key-address", "0", "--rate-status", "0"});
        REQUIRE_MESSAGE(server->started(), server->log());
        client = std::make_unique<test::HttpClient>(server->port());
        REQUIRE(test::create_account(IDEKORT_SERVER_BIN, dir + "/data", "tove", password, "triage"));
        auto r = client->post("/api/v1/admin/login", std::string("{\"username\":\"tove\",\"password\":\"") + password + "\"}");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        token = protocol::from_json<protocol::LoginReply>(r.body).value().token;
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

    // The office moves the card on as triage would: the answer's card, or the test fails.
    protocol::PipelineCardReply move(const std::string& card_id, protocol::TransitionRequest request) {
        auto now = client->get("/api/v1/cards/" + card_id + "/pipeline", token);
        REQUIRE_MESSAGE(now.status == 200, now.body);
        request.version = protocol::from_json<protocol::PipelineCardReply>(now.body).value().version;
        auto r = client->post("/api/v1/cards/" + card_id + "/transitions", protocol::to_json(request), token);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return protocol::from_json<protocol::PipelineCardReply>(r.body).value();
    }

    std::string dir, web, token;
    std::unique_ptr<test::ServerProcess> server;
    std::unique_ptr<test::HttpClient> client;
};

// The capture app on a phone-sized screen (or a kiosk) with a real store and libcurl, sending to
// `server_url` with the deployment's key.
struct Device {
    std::unique_ptr<platform::SqliteExecutor> store;
    platform::CurlTransport http;
    capture::CaptureApp app;
    std::optional<platform::NullRunner> runner;
    Device(const std::string& database, const std::string& server_url, bool kiosk)
        : store(platform::SqliteExecutor::open(database).value()), app(settings(server_url, kiosk)) {
        AppEnvironment env = test::test_environment();
        env.store = store.get();
        env.http = &http;
        runner.emplace(app, env, kiosk ? 1080.0f : 390.0f, kiosk ? 1920.0f : 844.0f);
        REQUIRE(runner->init_status().ok());
        runner->settle_store();
    }
    static CaptureSettings settings(const std::string& server_url, bool kiosk) {
        CaptureSettings s = test::kiosk_settings(kiosk);
        s.server_url = server_url;
        if (!kiosk) s.submission_key = key;   // a kiosk would use its enrollment; it only asks here
        return s;
    }
    AppState state() const { return AppState(app); }
    void press(std::string_view label) { test::press(*runner, app, label); }
    void type(std::string_view label, std::string_view text) { test::type_into(*runner, app, label, text); }
    bool shows(std::string_view label) const { return test::shows(app, label); }
    // Draws frames (the runner delivers HTTP answers before each) until `done`, for at most 20 s.
    void wait_for(const std::function<bool()>& done, const char* what) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!done()) {
            REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "waited 20 s for " << what << "; state: " << app.state_json());
            runner->frame();
            std::this_thread::yield();
        }
        runner->frames(2);   // the answer drawn
    }
    // The card ids in the outbox, read from the store directly.
    std::vector<std::string> outbox_ids() {
        CardStore cards(*store);
        std::vector<std::string> ids;
        bool done = false;
        cards.list_outbox([&](Expected<std::vector<OutboxEntry>> o) {
            for (const OutboxEntry& e : o.value()) ids.push_back(e.card.id);
            done = true;
        });
        while (!done) { store->wait_idle(); store->deliver(); }
        return ids;
    }
    std::string follow(const char* member) const { return state()["follow"][member].GetString(); }
    void wait_for_answer() {
        wait_for([&] { return follow("outcome") != "asking"; }, "the status route's answer");
    }
};

// Writes and sends a short card through the wizard; returns its title.
std::string send_card(Device& d, const char* title) {
    d.press("Ny idé");
    d.press("Klima");
    d.press("Næste ›");
    d.type("Hvilken udfordring løser idéen?", "Lange ventetider på cykelparkering ved rådhuset.");
    d.type("Hvem har udfordringen?", "Medarbejdere, der cykler");
    d.press("Næste ›");
    d.type("Giv idéen en kort titel", title);
    d.type("Hvad er idéen?", "Overdækkede stativer i gården.");
    d.press("Næste ›");
    d.type("Hvad bliver bedre, hvis idéen lykkes?", "Flere cykler til arbejde.");
    // The rest is optional: on to the review.
    for (int i = 0; i < 6 && d.state().text("step") != "review"; ++i) d.press("Næste ›");
    d.press("Send idéen");
    d.runner->settle_store();
    REQUIRE(d.state().text("screen") == "thanks");
    return title;
}

// A code as a person might type it from the thanks screen: lower case, spaces for the dash, and
// O for 0 and I for 1 wherever the code has those digits.
std::string typed_carelessly(const std::string& code) {
    std::string out;
    for (char c : code) {
        if (c == '-') out += "  ";
        else if (c == '0') out += 'o';
        else if (c == '1') out += 'I';
        else out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

} // namespace

TEST_CASE("[Follow] a sent card is followed by a tap, then by its code typed carelessly, until the closed feedback shows") {
    Office office;
    Device phone(test::temp_database(), office.url(), false);
    const std::string title = send_card(phone, "Cykelskure i gården");
    phone.press("Færdig");
    phone.wait_for([&] { return std::string(phone.state()["sent"][0]["phase"].GetString()) == "received"; }, "the card to arrive");
    const std::string receipt = phone.state()["sent"][0]["receipt"].GetString();
    const std::vector<std::string> ids = phone.outbox_ids();
    REQUIRE(ids.size() == 1);
    const std::string card_id = ids[0];

    // Tapping the finished card on the start screen asks where it is: received.
    phone.press("Følg idéen: " + title);
    CHECK(phone.state().text("screen") == "follow");
    CHECK(phone.follow("typed") == receipt);
    phone.wait_for_answer();
    CHECK(phone.follow("outcome") == "found");
    CHECK(phone.shows("Modtaget. Din idé er kommet frem til Borgmesterens Afdeling."));
    CHECK(phone.shows("Idé " + receipt));

    // The office sets the theme and closes it with words for the author.
    protocol::TransitionRequest triage;
    triage.action = "triage";
    triage.theme = "climate";
    office.move(card_id, triage);
    protocol::TransitionRequest close;
    close.action = "close";
    close.reason = "no_strategic_fit";
    close.feedback = "Tak for idéen! Ejendomsservice har allerede stativerne med i næste års plan.";
    CHECK(office.move(card_id, close).state == CardState::Closed);

    // Back on the start screen, "Følg din idé" with the code typed as people type it.
    phone.press("‹ Tilbage");
    phone.press("Følg din idé");
    CHECK(phone.follow("typed").empty());
    phone.type("Koden fra kvitteringen", typed_carelessly(receipt));
    phone.press("Vis hvor idéen er");
    phone.wait_for_answer();
    CHECK(phone.follow("receipt") == receipt);
    CHECK(phone.follow("state") == "closed");
    CHECK(phone.shows("Idéen er lukket."));
    CHECK(phone.shows("Svar til dig"));
    CHECK(phone.shows(close.feedback));
}

TEST_CASE("[Follow] no code, an unknown code and a server that is gone are said in words; the typed code stays") {
    Office office;
    Device phone(test::temp_database(), office.url(), false);
    phone.press("Følg din idé");

    phone.type("Koden fra kvitteringen", "ABC");
    phone.press("Vis hvor idéen er");
    CHECK(phone.follow("outcome") == "bad_code");
    const SemanticItem field = test::require_item(phone.app, "Koden fra kvitteringen");
    CHECK(field.invalid);
    CHECK(field.error == "Det ligner ikke en kode fra en kvittering. En kode har 8 tegn, fx 7K3M-Q9XD. Ret koden, og prøv igen.");
    CHECK(phone.follow("typed") == "ABC");

    // A well-formed code that no card has.
    const std::string unknown = receipt_code(new_uuid());
    test::press(*phone.runner, phone.app, "Koden fra kvitteringen");
    for (int i = 0; i < 3; ++i) phone.runner->press_key(platform::NullKey::Backspace);
    phone.runner->type_text(unknown);
    phone.runner->frame();
    phone.press("Prøv igen");
    phone.wait_for_answer();
    CHECK(phone.follow("outcome") == "unknown");
    CHECK(phone.shows("Ingen idé har koden " + unknown + " endnu. Tjek koden. Er idéen lige sendt, kan den stadig være på vej."));
    CHECK(phone.follow("typed") == unknown);

    // The server is gone: no connection, said once, and the code is still there to try again.
    office.server->stop(SIGTERM);
    phone.press("Prøv igen");
    phone.wait_for_answer();
    CHECK(phone.follow("outcome") == "offline");
    CHECK(phone.shows("Ingen forbindelse, så status kan ikke hentes lige nu. Koden står stadig i feltet: prøv igen, når der er forbindelse."));
    CHECK(phone.follow("typed") == unknown);
    CHECK(phone.shows("Prøv igen"));
}

TEST_CASE("[Follow] a kiosk lists no earlier person's cards, follows a typed code, and its idle wipe forgets the code") {
    Office office;
    const std::string database = test::temp_database();
    std::string receipt;
    const std::string title = "Kiosk-idé om grønne tage";
    {
        // An earlier person's card, sent from this very device.
        Device earlier(database, office.url(), false);
        send_card(earlier, title.c_str());
        earlier.wait_for([&] { return std::string(earlier.state()["sent"][0]["phase"].GetString()) == "received"; }, "the card to arrive");
        receipt = earlier.state()["sent"][0]["receipt"].GetString();
    }
    Device kiosk(database, office.url(), true);
    REQUIRE(kiosk.state().text("screen") == "attract");
    kiosk.press("Følg din idé");
    CHECK(kiosk.state().text("screen") == "follow");
    // Nothing of the earlier person: no card to tap, no title, no code filled in.
    for (const SemanticItem& item : kiosk.app.semantic_items()) {
        CHECK_MESSAGE(item.label.find(title) == std::string::npos, item.label);
        CHECK_MESSAGE(item.label.find(receipt) == std::string::npos, item.label);
        CHECK_MESSAGE(item.label.rfind("Følg idéen", 0) == std::string::npos, item.label);
    }
    CHECK(kiosk.follow("typed").empty());

    kiosk.type("Koden fra kvitteringen", typed_carelessly(receipt));
    kiosk.press("Vis hvor idéen er");
    kiosk.wait_for_answer();
    CHECK(kiosk.follow("outcome") == "found");
    CHECK(kiosk.shows("Modtaget. Din idé er kommet frem til Borgmesterens Afdeling."));

    // The person walks away: the idle timeout wipes the code and the answer.
    kiosk.runner->advance(31);
    kiosk.runner->advance(21);
    kiosk.runner->frames(3);
    CHECK(kiosk.state().text("screen") == "attract");
    kiosk.press("Følg din idé");
    CHECK(kiosk.follow("typed").empty());
    CHECK(kiosk.follow("outcome") == "none");
    for (const SemanticItem& item : kiosk.app.semantic_items()) CHECK_MESSAGE(item.label.find(receipt) == std::string::npos, item.label);
}

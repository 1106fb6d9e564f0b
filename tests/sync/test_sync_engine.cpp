// The sync engine's rules (sync_engine.h) on a real SQLite store, with a clock the test moves and
// answers the test writes: what is sent, when, how often, and what the user is shown.
#include "sync_test_support.h"

#include "../test_support.h"
#include "app/core/string_table.h"
#include "common/card_json.h"

#include <algorithm>
#include <optional>
#include <set>

using namespace idekort;
using namespace idekort::test;
using idekort::platform::SqliteExecutor;

namespace {

SyncSettings test_settings() {
    SyncSettings s;
    s.server_url = "https://idekort.test:8080/";
    s.credential = "key-1";
    s.max_parallel = 2;
    s.backoff_base_seconds = 2;
    s.backoff_cap_seconds = 300;
    s.probe_interval_seconds = 10;
    s.random_seed = 42;
    return s;
}

struct Rig {
    std::string path;
    std::unique_ptr<SqliteExecutor> executor;
    std::unique_ptr<CardStore> store;
    ScriptedTransport net;
    ManualClock time;
    std::unique_ptr<SyncEngine> engine;
    std::vector<std::string> ids;

    explicit Rig(int cards, SyncSettings settings = test_settings(), std::string db = temp_database()) : path(std::move(db)) {
        executor = SqliteExecutor::open(path).value();
        store = std::make_unique<CardStore>(*executor);
        REQUIRE(wait_status(*executor, [&](auto done) { store->open(done); }).ok());
        ids = complete_cards(*executor, *store, cards);
        engine = std::make_unique<SyncEngine>(*store, net, time.clock());
        engine->configure(settings);
        engine->start();
        settle();
    }

    // What the frame loop does, until nothing more happens.
    void settle() {
        for (int round = 0; round < 1000; ++round) {
            executor->wait_idle();
            const int n = executor->deliver() + net.deliver();
            engine->tick();
            if (n == 0 && !executor->busy() && net.answered.empty()) return;
        }
        FAIL("the engine did not settle");
    }
    void advance(double seconds) {
        time.now += seconds;
        settle();
    }
    // Answers every waiting card request with a receipt.
    int answer_all_with_receipts() {
        int n = 0;
        while (!net.waiting.empty()) {
            const std::string id = card_id_of(net.waiting.front().request);
            net.answer(receipt_for(id, "RCPT-" + std::to_string(n++)));
            settle();
        }
        return n;
    }
    std::vector<OutboxRow> stored_rows() {
        return wait_value<std::vector<OutboxRow>>(*executor, [&](auto done) { store->list_outbox_rows(done); }).value();
    }
};

HttpResponse no_answer(const char* why = "Connection refused") {
    HttpResponse r;
    r.network_error = why;
    return r;
}

HttpResponse captive_portal() {
    HttpResponse r;
    r.status = 200;
    r.headers = {{"content-type", "text/html"}};
    r.body = "<html><body>Log in to CityWiFi</body></html>";
    return r;
}

} // namespace

TEST_CASE("[SyncEngine] each waiting card is PUT once with the credential and its stored JSON; the receipt is kept") {
    Rig rig(3);
    REQUIRE(rig.net.waiting.size() == 2); // max_parallel
    const HttpRequest first = rig.net.waiting.front().request;
    CHECK(first.method == "PUT");
    CHECK(first.url == "https://idekort.test:8080/api/v1/cards/" + rig.ids[0]);
    CHECK(std::find(first.headers.begin(), first.headers.end(), std::pair<std::string, std::string>{"Authorization", "Bearer key-1"}) !=
          first.headers.end());
    auto card = card_from_json(first.body);
    REQUIRE(card.ok());
    CHECK(card.value().id == rig.ids[0]);
    CHECK(rig.engine->card_state(rig.ids[0]).phase == CardPhase::Sending);
    CHECK(rig.engine->card_state(rig.ids[2]).phase == CardPhase::Waiting);

    const auto revision_before = rig.engine->status().revision;
    CHECK(rig.answer_all_with_receipts() == 3);
    CHECK(rig.engine->settled());
    CHECK(rig.engine->status().revision > revision_before); // a screen of sent cards knows to re-read
    const auto state = rig.engine->card_state(rig.ids[1]);
    CHECK(state.phase == CardPhase::Received);
    CHECK(state.receipt == "RCPT-1");
    CHECK(state.received_at == "2026-11-27T08:00:00Z");
    CHECK(rig.engine->status().received == 3);
    CHECK(rig.engine->status().waiting == 0);
    CHECK_FALSE(rig.engine->status().last_success_at.empty());
    for (const auto& row : rig.stored_rows()) {
        CHECK(row.state == OutboxState::Received);
        CHECK(row.receipt.rfind("RCPT-", 0) == 0);
        CHECK(row.attempts == 1);
    }
    // Nothing is sent again, however long we wait.
    rig.advance(3600);
    CHECK(rig.net.waiting.empty());
}

TEST_CASE("[SyncEngine] a card is never sent twice at once: double 'send now', rescans, network-back") {
    Rig rig(1);
    REQUIRE(rig.net.waiting.size() == 1);
    rig.engine->send_now();
    rig.engine->send_now();
    rig.engine->network_changed(true);
    rig.engine->outbox_changed();
    rig.settle();
    CHECK(rig.net.waiting.size() == 1);
    CHECK(rig.engine->status().sending == 1);
}

TEST_CASE("[SyncEngine] a captive portal's 200 page is not a receipt: the card waits and is retried within seconds") {
    Rig rig(1);
    rig.net.answer(captive_portal());
    rig.settle();
    const auto state = rig.engine->card_state(rig.ids[0]);
    CHECK(state.phase == CardPhase::Waiting);
    CHECK(state.code == "not_our_server");
    CHECK(state.reason_key == "sync.reason.offline");
    CHECK(rig.engine->status().connection == Connection::Offline);
    CHECK(rig.engine->status().received == 0);
    CHECK(rig.engine->seconds_until_due() <= 2.0); // first retry: within the backoff base
    rig.advance(2.0);
    REQUIRE(rig.net.waiting.size() == 1);
    CHECK(card_id_of(rig.net.waiting.front().request) == rig.ids[0]);
}

TEST_CASE("[SyncEngine] 200 from our server without this card's receipt is not success either") {
    Rig rig(1);
    rig.net.answer(ours(200, "{\"card_id\":\"someone-else\",\"receipt\":\"X\"}"));
    rig.settle();
    CHECK(rig.engine->card_state(rig.ids[0]).phase == CardPhase::Waiting);
    CHECK(rig.engine->card_state(rig.ids[0]).code == "bad_envelope");
    CHECK(rig.engine->status().connection == Connection::Online);
}

TEST_CASE("[SyncEngine] 409 is a conflict for a person: shown with the fields, not retried until asked") {
    Rig rig(1);
    rig.net.answer(ours(409, R"({"error":"conflict","message":"another card has this id","fields":["title","idea"]})"));
    rig.settle();
    auto state = rig.engine->card_state(rig.ids[0]);
    CHECK(state.phase == CardPhase::NeedsAttention);
    CHECK(state.reason_key == "sync.reason.conflict");
    CHECK(state.field == "title,idea");
    CHECK(rig.engine->status().needs_attention == 1);
    CHECK(rig.stored_rows()[0].state == OutboxState::Conflict);
    rig.advance(3600);
    rig.engine->send_now();
    rig.settle();
    CHECK(rig.net.waiting.empty());
    rig.engine->retry(rig.ids[0]);
    rig.settle();
    CHECK(rig.net.waiting.size() == 1);
}

TEST_CASE("[SyncEngine] 409 receipt_taken: the card gets a new id and receipt, is sent again at once, and says so") {
    // Issue 13, point 7: the same id would get receipt_taken forever.
    Rig rig(1);
    const std::string old_id = rig.ids[0];
    const auto first = rig.net.answer(ours(409, R"({"error":"receipt_taken","field":"id","rule":"receipt_taken","message":"another card already has this card's receipt code"})"));
    rig.settle();
    const std::string new_id = rig.engine->current_id(old_id);
    CHECK(new_id != old_id);
    REQUIRE(parse_uuid(new_id).ok());
    REQUIRE(rig.net.waiting.size() == 1);                      // again, at once, not after a backoff
    CHECK(card_id_of(rig.net.waiting.front().request) == new_id);
    // The same card, but for its id.
    auto before = card_from_json(first.body).value();
    auto after = card_from_json(rig.net.waiting.front().request.body).value();
    CHECK(after.id == new_id);
    after.id = before.id;
    CHECK(card_to_json(after) == card_to_json(before));
    // The store has it under the new id only, so a restart never sends the old one again.
    auto rows = rig.stored_rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].id == new_id);
    rig.answer_all_with_receipts();
    const auto state = rig.engine->card_state(new_id);
    CHECK(state.phase == CardPhase::Received);
    CHECK(state.reason_key == "sync.reason.new_receipt");
    CHECK(rig.stored_rows()[0].state == OutboxState::Received);
    CHECK(rig.engine->settled());
}

TEST_CASE("[SyncEngine] 422 keeps the server's field and rule as the reason; nothing is retried in a loop") {
    Rig rig(2);
    rig.net.answer(ours(422, R"({"error":"validation","field":"title","rule":"too_long","message":"title is longer than 120"})"));
    rig.settle();
    const auto state = rig.engine->card_state(rig.ids[0]);
    CHECK(state.phase == CardPhase::NeedsAttention);
    CHECK(state.reason_key == "validation.too_long");
    CHECK(state.field == "title");
    CHECK(state.message == "title is longer than 120");
    CHECK(rig.engine->status().last_error_code == "validation");
    // The next card is not held up by the refused one.
    rig.answer_all_with_receipts();
    CHECK(rig.engine->card_state(rig.ids[1]).phase == CardPhase::Received);
    rig.advance(3600);
    CHECK(rig.net.waiting.empty());
    const auto rows = rig.stored_rows();
    CHECK(rows[0].error_rule == "too_long");
    CHECK(rows[0].state == OutboxState::Failed);
}

TEST_CASE("[SyncEngine] a revoked token stops all sending until a new credential comes") {
    Rig rig(3);
    rig.net.answer(ours(403, R"({"error":"revoked","message":"this device was revoked"})"));
    rig.net.answer(ours(403, R"({"error":"revoked","message":"this device was revoked"})"));
    rig.settle();
    const auto status = rig.engine->status();
    CHECK(status.credential_rejected);
    CHECK(status.credential_error == "revoked");
    CHECK(status.waiting == 3);
    CHECK(rig.engine->card_state(rig.ids[0]).reason_key == "sync.reason.credential");
    rig.advance(3600);
    rig.engine->send_now();
    rig.settle();
    CHECK(rig.net.waiting.empty());
    SyncSettings renewed = test_settings();
    renewed.credential = "key-2";
    rig.engine->configure(renewed);
    rig.settle();
    REQUIRE(rig.net.waiting.size() == 2);
    CHECK_FALSE(rig.engine->status().credential_rejected);
    CHECK(rig.answer_all_with_receipts() == 3);
    CHECK(rig.stored_rows()[0].attempts == 1); // the refused exchanges were not the card's fault
}

TEST_CASE("[SyncEngine] 429's Retry-After holds even against 'send now'") {
    Rig rig(1);
    rig.net.answer(ours(429, R"({"error":"rate_limited","message":"slow down"})", {{"retry-after", "30"}}));
    rig.settle();
    CHECK(rig.engine->card_state(rig.ids[0]).reason_key == "sync.reason.busy");
    rig.engine->send_now();
    rig.advance(29);
    CHECK(rig.net.waiting.empty());
    CHECK(rig.engine->seconds_until_due() == doctest::Approx(1.0));
    rig.advance(1);
    CHECK(rig.net.waiting.size() == 1);
}

TEST_CASE("[SyncEngine] transient failures back off with full jitter up to the cap, and never give up") {
    SyncSettings s = test_settings();
    s.max_parallel = 1;
    Rig rig(1, s);
    double longest = 0;
    for (int attempt = 1; attempt <= 25; ++attempt) {
        REQUIRE_MESSAGE(rig.net.waiting.size() == 1, "attempt " << attempt);
        rig.net.answer(ours(503, R"({"error":"internal","message":"try later"})"));
        rig.settle();
        // Wake when the engine asks to (a rescan of the outbox may come first) until it sends.
        double waited = 0;
        while (rig.net.waiting.empty() && waited < 1000) {
            const double wait = rig.engine->seconds_until_due();
            REQUIRE(wait < 1000);
            waited += wait;
            rig.advance(wait);
        }
        CHECK(waited <= std::min(300.0, 2.0 * (1 << std::min(attempt - 1, 20))) + 0.01);
        longest = std::max(longest, waited);
    }
    CHECK(longest > 60);            // it did grow ...
    CHECK(longest <= 300);          // ... but never past the cap
    CHECK(rig.stored_rows()[0].attempts == 25);
    REQUIRE(rig.net.waiting.size() == 1);
    CHECK(rig.engine->card_state(rig.ids[0]).reason_key == "sync.reason.server_error");
    rig.net.answer(receipt_for(rig.ids[0], "LATE-0001"));
    rig.settle();
    CHECK(rig.engine->card_state(rig.ids[0]).receipt == "LATE-0001");
}

TEST_CASE("[SyncEngine] after a failure the queue sends one card at a time until one gets through") {
    Rig rig(6);
    REQUIRE(rig.net.waiting.size() == 2);
    rig.net.answer(no_answer());
    rig.net.answer(no_answer());
    rig.settle();
    rig.engine->send_now();
    rig.settle();
    CHECK(rig.net.waiting.size() == 1);
    rig.net.answer(receipt_for(card_id_of(rig.net.waiting.front().request), "R-1"));
    rig.settle();
    CHECK(rig.net.waiting.size() == 2); // the way is clear again
}

TEST_CASE("[SyncEngine] offline, a health probe finds the way back and everything is retried at once") {
    SyncSettings s = test_settings();
    s.backoff_base_seconds = 120; // a long backoff that the probe must cut short
    Rig rig(2, s);
    rig.net.answer(no_answer());
    rig.net.answer(no_answer());
    rig.settle();
    CHECK(rig.engine->status().connection == Connection::Offline);
    rig.advance(rig.engine->seconds_until_due());
    REQUIRE(rig.net.waiting.size() == 1);
    const HttpRequest probe = rig.net.waiting.front().request;
    if (probe.method == "GET") {
        CHECK(probe.url == "https://idekort.test:8080/healthz");
        rig.net.answer(ours(200, R"({"status":"ok"})"));
        rig.settle();
        CHECK(rig.engine->status().connection == Connection::Online);
        REQUIRE(rig.net.waiting.size() == 1);
        CHECK(rig.net.waiting.front().request.method == "PUT");
    } else {
        // The backoff happened to be shorter than the probe interval: the card itself went.
        CHECK(probe.method == "PUT");
    }
}

TEST_CASE("[SyncEngine] the browser's online event retries at once, without waiting out the backoff") {
    SyncSettings s = test_settings();
    s.backoff_base_seconds = 200;
    s.probe_interval_seconds = 1000;
    Rig rig(1, s);
    rig.net.answer(no_answer("Failed to fetch"));
    rig.settle();
    rig.engine->network_changed(false);
    rig.advance(1);
    if (rig.net.waiting.empty()) { // (unless the jitter drew a retry inside the second)
        rig.engine->network_changed(true);
        rig.settle();
    }
    CHECK(rig.net.waiting.size() == 1);
}

TEST_CASE("[SyncEngine] backlog progress counts the cards of the current run") {
    Rig rig(4);
    auto s = rig.engine->status();
    CHECK(s.backlog_total == 4);
    CHECK(s.backlog_done == 0);
    rig.net.answer(receipt_for(rig.ids[0], "A"));
    rig.settle();
    s = rig.engine->status();
    CHECK(s.backlog_done == 1);
    CHECK(s.backlog_total == 4);
    rig.answer_all_with_receipts();
    s = rig.engine->status();
    CHECK(s.backlog_total == 0); // the run is over
}

TEST_CASE("[SyncEngine] a card completed later is found by outbox_changed() and sent") {
    Rig rig(0);
    CHECK(rig.engine->settled());
    const auto ids = complete_cards(*rig.executor, *rig.store, 1, "Ny");
    rig.engine->outbox_changed();
    rig.settle();
    REQUIRE(rig.net.waiting.size() == 1);
    CHECK(card_id_of(rig.net.waiting.front().request) == ids[0]);
    CHECK(rig.engine->card_state(ids[0]).phase == CardPhase::Sending);
    CHECK(rig.engine->card_state("not-a-card").phase == CardPhase::SavedOnDevice);
}

TEST_CASE("[SyncEngine] after a restart, received cards stay received and waiting ones are sent") {
    const std::string db = temp_database();
    std::vector<std::string> ids;
    {
        Rig rig(2, test_settings(), db);
        ids = rig.ids;
        rig.net.answer(receipt_for(ids[0], "KEEP-0001"));
        rig.net.answer(no_answer());
        rig.settle();
    }
    Rig again(0, test_settings(), db);
    CHECK(again.engine->card_state(ids[0]).receipt == "KEEP-0001");
    REQUIRE(again.net.waiting.size() == 1);
    CHECK(card_id_of(again.net.waiting.front().request) == ids[1]);
}

TEST_CASE("[SyncEngine] enrollment stores the device token and the server, and a restarted engine uses them") {
    const std::string db = temp_database();
    SyncSettings unconfigured;
    unconfigured.random_seed = 1;
    {
        Rig rig(1, unconfigured, db);
        CHECK_FALSE(rig.engine->status().configured);
        CHECK(rig.net.waiting.empty());
        std::optional<Status> result;
        rig.engine->enroll("https://kiosk-server.test", "WRONG", "Kiosk 1", [&](Status s) { result = s; });
        REQUIRE(rig.net.waiting.size() == 1);
        CHECK(rig.net.waiting.front().request.body == R"({"code":"WRONG","name":"Kiosk 1"})");
        rig.net.answer(ours(401, R"({"error":"invalid_code","message":"unknown code"})"));
        rig.settle();
        REQUIRE(result.has_value());
        CHECK(result->error().where == "invalid_code");
        result.reset();
        rig.engine->enroll("https://kiosk-server.test", "ABCD-1234", "Kiosk 1", [&](Status s) { result = s; });
        const HttpRequest enroll = rig.net.answer(ours(201, R"({"device_id":"dev-7","token":"secret-token"})"));
        CHECK(enroll.url == "https://kiosk-server.test/api/v1/devices/enroll");
        rig.settle();
        REQUIRE(result.has_value());
        CHECK(result->ok());
        CHECK(rig.engine->status().credential_kind == CredentialKind::DeviceToken);
        REQUIRE(rig.net.waiting.size() == 1); // the waiting card goes at once
    }
    Rig again(0, unconfigured, db);
    CHECK(again.engine->status().configured);
    REQUIRE(again.net.waiting.size() == 1);
    const auto& headers = again.net.waiting.front().request.headers;
    CHECK(std::find(headers.begin(), headers.end(), std::pair<std::string, std::string>{"Authorization", "Bearer secret-token"}) !=
          headers.end());
    CHECK(again.net.waiting.front().request.url.rfind("https://kiosk-server.test/api/v1/cards/", 0) == 0);
}

TEST_CASE("[SyncEngine] every reason a card can show has words in Danish and English") {
    const auto da = StringTable::parse(read_project_file("assets/strings/da.strings"), "da.strings");
    const auto en = StringTable::parse(read_project_file("assets/strings/en.strings"), "en.strings");
    REQUIRE(da.ok());
    REQUIRE(en.ok());
    const std::vector<HttpResponse> answers = {
        no_answer(),
        captive_portal(),
        ours(503, R"({"error":"internal"})"),
        ours(429, R"({"error":"rate_limited"})"),
        ours(409, R"({"error":"conflict","fields":["idea"]})"),
        ours(422, R"({"error":"validation","field":"contact.email","rule":"invalid_email"})"),
        ours(413, R"({"error":"body_too_large"})"),
        ours(400, R"({"error":"invalid_json"})"),
    };
    SyncSettings one_at_a_time = test_settings();
    one_at_a_time.max_parallel = 1;
    std::set<std::string> seen;
    for (const auto& answer : answers) {
        Rig rig(1, one_at_a_time);
        rig.net.answer(answer);
        rig.settle();
        const std::string key = rig.engine->card_state(rig.ids[0]).reason_key;
        REQUIRE_FALSE(key.empty());
        CHECK_MESSAGE(da.value().has(key), key);
        CHECK_MESSAGE(en.value().has(key), key);
        seen.insert(key);
    }
    Rig revoked(1, one_at_a_time);
    revoked.net.answer(ours(403, R"({"error":"revoked"})"));
    revoked.settle();
    const std::string key = revoked.engine->card_state(revoked.ids[0]).reason_key;
    CHECK(da.value().has(key));
    CHECK(en.value().has(key));
    seen.insert(key);
    CHECK(seen.size() == 8); // offline, server_error, busy, conflict, invalid_email, too_large, rejected, credential
    // A card whose receipt code was taken arrives under a new one, and says so.
    Rig renamed(1, one_at_a_time);
    renamed.net.answer(ours(409, R"({"error":"receipt_taken"})"));
    renamed.settle();
    renamed.answer_all_with_receipts();
    const std::string new_receipt = renamed.engine->card_state(renamed.engine->current_id(renamed.ids[0])).reason_key;
    CHECK(new_receipt == "sync.reason.new_receipt");
    CHECK(da.value().has(new_receipt));
    CHECK(en.value().has(new_receipt));
    for (const char* code : {"invalid_code", "expired_code", "used_code", "network", "not_our_server", "server_url"}) {
        CHECK_MESSAGE(da.value().has(std::string("enroll.error.") + code), code);
        CHECK_MESSAGE(en.value().has(std::string("enroll.error.") + code), code);
    }
}

TEST_CASE("[SyncEngine] nothing goes to a plain http:// server on another machine, and enrollment there is refused") {
    SyncSettings settings = test_settings();
    settings.server_url = "http://idekort.aarhus.dk";
    Rig rig(1, settings);
    CHECK(rig.net.waiting.empty());
    CHECK(rig.engine->status().last_error_code == "insecure_url");
    std::optional<Status> enrolled;
    rig.engine->enroll("http://kiosk-server.example", "ABCD-1234", "Kiosk 1", [&](Status s) { enrolled = s; });
    rig.settle();
    REQUIRE(enrolled.has_value());
    CHECK(enrolled->error().where == "server_url");
    CHECK(rig.net.waiting.empty());
    // Allowed explicitly (a closed network), it sends.
    settings.allow_plain_http = true;
    rig.engine->configure(settings);
    rig.settle();
    CHECK(rig.net.waiting.size() == 1);
}

// [SECTION] Privacy (issue 13, point 11)

namespace {

// A card whose words are found nowhere else in the files, so a search for them can only find it.
IdeaCard private_card() {
    IdeaCard c = completed_card("Synlig titel");
    c.idea = "HEMMELIG-IDE-7Q2X om kantinen";
    c.has_contact = true;
    c.contact.name = "Aase Hemmeligsen";
    c.contact.email = "aase.hemmelig@example.dk";
    c.contact.consent_to_contact = true;
    return c;
}

// Completes `card` on the rig's device after autosaving drafts of it, as the wizard does.
void write_and_complete(Rig& rig, IdeaCard card) {
    for (int revision = 1; revision <= 3; ++revision)
        REQUIRE(wait_status(*rig.executor, [&](auto done) { rig.store->save_draft(card, revision, done); }).ok());
    REQUIRE(wait_status(*rig.executor, [&](auto done) { rig.store->complete(card, "2026-11-27T07:00:00Z", done); }).ok());
    rig.engine->outbox_changed();
    rig.settle();
}

} // namespace

TEST_CASE("[SyncEngine] a kiosk forgets a received card's idea and contact at once: not a byte left in the files, -wal included") {
    SyncSettings settings = test_settings();
    settings.keep_sent_days = 0;
    Rig rig(0, settings);
    const IdeaCard card = private_card();
    write_and_complete(rig, card);
    CHECK_FALSE(files_holding(rig.path, "HEMMELIG-IDE-7Q2X").empty());   // the search does find it while it waits
    REQUIRE(rig.answer_all_with_receipts() == 1);
    rig.settle();
    CHECK(rig.engine->settled());
    CHECK(rig.engine->status().forgotten == 1);
    for (const char* secret : {"HEMMELIG-IDE-7Q2X", "Hemmeligsen", "aase.hemmelig@example.dk", "kantinen"}) {
        CAPTURE(secret);
        CHECK(files_holding(rig.path, secret).empty());
    }
    // What the person needs stays: the title, the state and the receipt.
    auto outbox = wait_value<std::vector<OutboxEntry>>(*rig.executor, [&](auto done) { rig.store->list_outbox(done); });
    REQUIRE(outbox.ok());
    REQUIRE(outbox.value().size() == 1);
    CHECK(outbox.value()[0].card.title == "Synlig titel");
    CHECK(outbox.value()[0].state == OutboxState::Received);
    CHECK(outbox.value()[0].receipt == "RCPT-0");
    CHECK(outbox.value()[0].card.idea.empty());
    CHECK_FALSE(outbox.value()[0].card.has_contact);
}

TEST_CASE("[SyncEngine] a personal device keeps a received card for the days its setting says, then forgets it") {
    SyncSettings settings = test_settings();
    settings.keep_sent_days = 30;
    Rig rig(0, settings);
    rig.time.rfc3339 = true;   // received_at (2026-11-27T08:00:00Z) is compared with the clock
    write_and_complete(rig, private_card());
    REQUIRE(rig.answer_all_with_receipts() == 1);
    rig.advance(29 * 24 * 3600.0);
    auto outbox = wait_value<std::vector<OutboxEntry>>(*rig.executor, [&](auto done) { rig.store->list_outbox(done); });
    REQUIRE(outbox.ok());
    CHECK(outbox.value()[0].card.idea == "HEMMELIG-IDE-7Q2X om kantinen");   // a person may still look at it
    rig.advance(2 * 24 * 3600.0);   // past 30 days; the next rescan forgets it
    outbox = wait_value<std::vector<OutboxEntry>>(*rig.executor, [&](auto done) { rig.store->list_outbox(done); });
    REQUIRE(outbox.ok());
    CHECK(outbox.value()[0].card.idea.empty());
    CHECK(outbox.value()[0].card.title == "Synlig titel");
    CHECK(outbox.value()[0].receipt == "RCPT-0");
    CHECK(files_holding(rig.path, "HEMMELIG-IDE-7Q2X").empty());
}

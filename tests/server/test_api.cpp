// In-process handler tests for the API (server/api.h) on a real SQLite file: what a kiosk, a
// browser, a submitter and an administrator would see for each request.
#include "api_fixture.h"

#include "server/api/card_export.h"
#include "common/rfc3339.h"

#include <thread>

using namespace idekort;
using namespace idekort::test;
using namespace std::chrono_literals;

TEST_CASE("[api] a card is stored once: 201 first, 200 with the same receipt after, 409 when it differs") {
    ApiFixture f;
    const std::string card = ApiFixture::new_card();
    const std::string id = ApiFixture::json_string(card, "id");
    auto first = f.put_card(card);
    REQUIRE_MESSAGE(first.status == 201, first.body);
    CHECK(first.content_type == "application/json; charset=utf-8");
    CHECK(ApiFixture::json_string(first.body, "receipt") == receipt_code(parse_uuid(id).value()));
    CHECK(first.body.find("\"duplicate\":false") != std::string::npos);

    f.now += 10min;
    auto again = f.put_card(card);
    CHECK(again.status == 200);
    CHECK(ApiFixture::json_string(again.body, "receipt") == ApiFixture::json_string(first.body, "receipt"));
    CHECK(ApiFixture::json_string(again.body, "received_at") == ApiFixture::json_string(first.body, "received_at"));
    CHECK(again.body.find("\"duplicate\":true") != std::string::npos);

    // Under the public key the 409 says "conflict" and no more: anyone who learnt a card's id
    // must not probe another person's card field by field.
    auto blind = f.call("PUT", "/api/v1/cards/" + id, replace_once(card, "Fælles cykelværksted", "Et andet værksted"), submission_key);
    CHECK(blind.status == 409);
    CHECK(ApiFixture::json_string(blind.body, "error") == "conflict");
    CHECK(blind.body.find("fields") == std::string::npos);
    CHECK(blind.body.find("title") == std::string::npos);

    // An enrolled device is told which fields differ.
    const std::string device = f.enroll_device();
    auto changed = f.call("PUT", "/api/v1/cards/" + id, replace_once(card, "Fælles cykelværksted", "Et andet værksted"), device);
    CHECK(changed.status == 409);
    CHECK(ApiFixture::json_string(changed.body, "error") == "conflict");
    CHECK(changed.body.find("\"fields\":[\"title\"]") != std::string::npos);

    // A changed e-mail is named as "contact", and the address is never echoed.
    auto contact = f.call("PUT", "/api/v1/cards/" + id, replace_once(card, "aase.orum@example.dk", "other@example.dk"), device);
    CHECK(contact.status == 409);
    CHECK(contact.body.find("\"fields\":[\"contact\"]") != std::string::npos);
    CHECK(contact.body.find("example.dk") == std::string::npos);
    CHECK(f.store->card_count().value() == 1);
}

TEST_CASE("[api] bad cards get 400 or 422 naming the field, and nothing is stored") {
    ApiFixture f;
    const std::string card = ApiFixture::new_card();
    const std::string id = ApiFixture::json_string(card, "id");
    const auto put = [&](const std::string& body, const std::string& path_id) { return f.call("PUT", "/api/v1/cards/" + path_id, body, submission_key); };

    auto broken = put(card.substr(0, card.size() - 5), id);
    CHECK(broken.status == 400);
    CHECK(ApiFixture::json_string(broken.body, "error") == "invalid_json");

    auto nan = put(replace_once(card, "\"schema\":1", "\"schema\":NaN"), id);
    CHECK(nan.status == 400);
    std::string deep = "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}";
    auto nested = put(deep, id);
    CHECK(nested.status == 400);
    CHECK(nested.body.find("deeper") != std::string::npos);

    auto unknown = put(replace_once(card, "\"partners\"", "\"partnerz\""), id);
    CHECK(unknown.status == 422);
    CHECK(ApiFixture::json_string(unknown.body, "field") == "partnerz");

    auto no_title = put(replace_once(card, "\"title\":\"Fælles cykelværksted for skoler og plejehjem\"", "\"title\":\"  \""), id);
    CHECK(no_title.status == 422);
    CHECK(ApiFixture::json_string(no_title.body, "error") == "validation");
    CHECK(ApiFixture::json_string(no_title.body, "field") == "title");
    CHECK(ApiFixture::json_string(no_title.body, "rule") == "required");

    // A theme that is not even an id (a programme's ids are a-z, 0-9 and _); an id the
    // programme no longer has is accepted ([blackbox] "older programme").
    auto bad_theme = put(replace_once(card, "\"co_creation\"", "\"Co-creation!\""), id);
    CHECK(bad_theme.status == 422);
    CHECK(ApiFixture::json_string(bad_theme.body, "field") == "theme");
    CHECK(ApiFixture::json_string(bad_theme.body, "rule") == "invalid_choice");

    auto other_id = put(card, to_string(new_uuid()));
    CHECK(other_id.status == 400);
    CHECK(ApiFixture::json_string(other_id.body, "error") == "id_mismatch");

    auto not_uuid = put(card, "..%2F..%2Fetc");
    CHECK(not_uuid.status == 400);
    CHECK(ApiFixture::json_string(not_uuid.body, "field") == "id");
    CHECK(f.store->card_count().value() == 0);
}

TEST_CASE("[api] card submission needs a known device token or submission key") {
    ApiFixture f;
    const std::string card = ApiFixture::new_card();
    CHECK(f.put_card(card, "").status == 401);
    auto wrong = f.put_card(card, "not-a-real-token-at-all");
    CHECK(wrong.status == 401);
    CHECK(ApiFixture::json_string(wrong.body, "error") == "unauthorized");
    CHECK(f.store->card_count().value() == 0);
    CHECK(f.put_card(card).status == 201);
    auto listed = f.store->list_cards({});
    REQUIRE(listed.value().size() == 1);
    CHECK(listed.value()[0].sender.rfind("key:", 0) == 0);
    CHECK(listed.value()[0].sender.find(submission_key) == std::string::npos); // the key itself is not kept
}

TEST_CASE("[api] enrollment: a one-time code becomes a device token; revoked devices are refused") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    auto code_response = f.call("POST", "/api/v1/admin/enrollment-codes", "{\"lifetime_minutes\":60}", admin);
    REQUIRE(code_response.status == 201);
    const std::string code = ApiFixture::json_string(code_response.body, "code");
    CHECK(code.size() == 14);

    auto no_name = f.call("POST", "/api/v1/devices/enroll", "{\"code\":\"" + code + "\"}");
    CHECK(no_name.status == 422);
    CHECK(ApiFixture::json_string(no_name.body, "field") == "name");

    // Typed in lower case without dashes, as a person might.
    std::string typed;
    for (char c : code) if (c != '-') typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    auto enrolled = f.call("POST", "/api/v1/devices/enroll", "{\"code\":\"" + typed + "\",\"name\":\"Kiosk Rådhuset 1\"}");
    REQUIRE_MESSAGE(enrolled.status == 201, enrolled.body);
    const std::string token = ApiFixture::json_string(enrolled.body, "token");
    const std::string device_id = ApiFixture::json_string(enrolled.body, "device_id");
    CHECK(token.size() >= 43);

    auto reused = f.call("POST", "/api/v1/devices/enroll", "{\"code\":\"" + code + "\",\"name\":\"Another\"}");
    CHECK(reused.status == 401);
    CHECK(ApiFixture::json_string(reused.body, "error") == "used_code");
    CHECK(ApiFixture::json_string(f.call("POST", "/api/v1/devices/enroll", "{\"code\":\"AAAA-BBBB-CCCC\",\"name\":\"x\"}").body, "error") == "invalid_code");

    CHECK(f.put_card(ApiFixture::new_card(), token).status == 201);
    auto devices = f.call("GET", "/api/v1/admin/devices", {}, admin);
    REQUIRE(devices.status == 200);
    CHECK(devices.body.find("\"name\":\"Kiosk Rådhuset 1\"") != std::string::npos);
    CHECK(devices.body.find("\"cards\":1") != std::string::npos);
    CHECK(devices.body.find("\"revoked_at\":null") != std::string::npos);
    CHECK(f.store->list_cards({}).value()[0].sender == "device:" + device_id);
    // Only a hash of the token is stored.
    const std::string files = file_io::read_file(f.dir + "/idekort.db").value() + file_io::read_file(f.dir + "/idekort.db-wal").value();
    CHECK(files.find(token) == std::string::npos);
    CHECK(files.find(server::crypto::token_hash(token)) != std::string::npos);

    auto revoked = f.call("POST", "/api/v1/admin/devices/" + device_id + "/revoke", {}, admin);
    CHECK(revoked.status == 200);
    CHECK(revoked.body.find("\"revoked_at\":null") == std::string::npos);
    auto refused = f.put_card(ApiFixture::new_card(), token);
    CHECK(refused.status == 403);
    CHECK(ApiFixture::json_string(refused.body, "error") == "revoked");
    CHECK(f.call("POST", "/api/v1/admin/devices/no-such-device/revoke", {}, admin).status == 404);

    // An expired code.
    auto short_code = f.call("POST", "/api/v1/admin/enrollment-codes", "{\"lifetime_minutes\":1}", admin);
    f.now += 2min;
    auto expired = f.call("POST", "/api/v1/devices/enroll", "{\"code\":\"" + ApiFixture::json_string(short_code.body, "code") + "\",\"name\":\"Late\"}");
    CHECK(expired.status == 401);
    CHECK(ApiFixture::json_string(expired.body, "error") == "expired_code");
    CHECK(f.call("POST", "/api/v1/admin/enrollment-codes", "{\"lifetime_minutes\":0}", admin).status == 422);
}

TEST_CASE("[api] every enrollment code expires: a week without a lifetime, never beyond 90 days") {
    // Issue 13, point 13: a code without a lifetime used to be valid for ever.
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    const auto enrol = [&](const std::string& code, const char* name) {
        return f.call("POST", "/api/v1/devices/enroll", "{\"code\":\"" + code + "\",\"name\":\"" + name + "\"}");
    };
    const std::string plain = ApiFixture::json_string(f.call("POST", "/api/v1/admin/enrollment-codes", "{}", admin).body, "code");
    const std::string kept = ApiFixture::json_string(f.call("POST", "/api/v1/admin/enrollment-codes", "{}", admin).body, "code");
    REQUIRE_FALSE(plain.empty());
    auto too_long = f.call("POST", "/api/v1/admin/enrollment-codes", "{\"lifetime_minutes\":129601}", admin);
    CHECK(too_long.status == 422);
    CHECK(ApiFixture::json_string(too_long.body, "field") == "lifetime_minutes");
    f.now += std::chrono::hours(24 * 7 - 1);
    CHECK(enrol(kept, "Within the week").status == 201);
    f.now += std::chrono::hours(2);
    auto late = enrol(plain, "After a week");
    CHECK(late.status == 401);
    CHECK(ApiFixture::json_string(late.body, "error") == "expired_code");
}

TEST_CASE("[api] logins: wrong passwords hold back that address for that account; one answer for every refusal; sessions expire") {
    server::ApiConfig config = test_api_config();
    config.max_failed_logins = 3;
    config.lockout = std::chrono::minutes(15);
    config.session_lifetime = std::chrono::hours(1);
    ApiFixture f(config);
    const std::string token = f.login_as("triage");   // account "triage1"
    const auto login = [&](const std::string& name, const std::string& password, const std::string& ip = "192.0.2.1") {
        return f.call("POST", "/api/v1/admin/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}", {}, ip);
    };
    const auto wrong = login("triage1", "wrong password 1");
    CHECK(wrong.status == 401);
    CHECK(ApiFixture::json_string(wrong.body, "error") == "invalid_credentials");
    CHECK(login("triage1", "wrong password 2").body == wrong.body);
    CHECK(login("triage1", "wrong password 3").body == wrong.body);
    // Held back now: the right password gets the very answer a wrong one got, and so does a
    // name no account has, before and after its own failures.
    const auto held = login("triage1", admin_password);
    CHECK(held.status == 401);
    CHECK(held.body == wrong.body);
    CHECK(held.headers.empty());
    for (int i = 0; i < 4; ++i) {
        const auto unknown = login("nobody", "whatever at all");
        CHECK(unknown.status == 401);
        CHECK(unknown.body == wrong.body);
        CHECK(unknown.headers.empty());
    }
    // Nobody else is locked out: the same account from another address logs in.
    CHECK(login("triage1", admin_password, "198.51.100.20").status == 200);

    f.now += 16min;
    CHECK(login("triage1", admin_password).status == 200);

    CHECK(f.call("GET", "/api/v1/cards", {}, token).status == 200);
    f.now += 2h;
    auto expired = f.call("GET", "/api/v1/cards", {}, token);
    CHECK(expired.status == 401);
    CHECK(ApiFixture::json_string(expired.body, "error") == "session_expired");
}

TEST_CASE("[api] logout ends the session, and admins create accounts with roles") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    auto made = f.call("POST", "/api/v1/admin/users", "{\"username\":\"dir.ector\",\"password\":\"a long enough password\",\"role\":\"director\"}", admin);
    CHECK(made.status == 201);
    CHECK(f.call("POST", "/api/v1/admin/users", "{\"username\":\"dir.ector\",\"password\":\"a long enough password\",\"role\":\"director\"}", admin).status == 409);
    CHECK(f.call("POST", "/api/v1/admin/users", "{\"username\":\"weak\",\"password\":\"short\",\"role\":\"triage\"}", admin).status == 422);
    CHECK(f.call("POST", "/api/v1/admin/users", "{\"username\":\"x\",\"password\":\"a long enough password\",\"role\":\"king\"}", admin).status == 422);
    auto session = f.call("POST", "/api/v1/admin/login", "{\"username\":\"dir.ector\",\"password\":\"a long enough password\"}");
    REQUIRE(session.status == 200);
    CHECK(ApiFixture::json_string(session.body, "role") == "director");
    const std::string director = ApiFixture::json_string(session.body, "token");
    CHECK(f.call("GET", "/api/v1/admin/session", {}, director).status == 200);
    // A director lists only "Mine kort" (mine=1, issue 15), and is told so.
    auto cards = f.call("GET", "/api/v1/cards", {}, director);
    CHECK(cards.status == 400);
    CHECK(ApiFixture::json_string(cards.body, "field") == "mine");
    CHECK(f.call("GET", "/api/v1/cards/export", {}, director).status == 403);
    CHECK(f.call("POST", "/api/v1/admin/logout", {}, director).status == 200);
    CHECK(f.call("GET", "/api/v1/admin/session", {}, director).status == 401);
}

TEST_CASE("[api] the submitter's status page says the stage only: no theme, no arrival time, never contact details") {
    ApiFixture f;
    const std::string card = ApiFixture::new_card();
    auto put = f.put_card(card);
    const std::string receipt = ApiFixture::json_string(put.body, "receipt");
    std::string typed = receipt;
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto status = f.call("GET", "/api/v1/status/" + typed);
    REQUIRE(status.status == 200);
    CHECK(ApiFixture::json_string(status.body, "receipt") == receipt);
    CHECK(ApiFixture::json_string(status.body, "state") == "received");
    CHECK(status.body.find("theme") == std::string::npos);
    CHECK(status.body.find("received_at") == std::string::npos);
    CHECK(status.body.find(ApiFixture::json_string(put.body, "received_at").substr(0, 16)) == std::string::npos);
    CHECK(status.body.find("Ørum") == std::string::npos);
    CHECK(status.body.find("example.dk") == std::string::npos);
    CHECK(f.call("GET", "/api/v1/status/ZZZZ-ZZZZ").status == 404);
    CHECK(f.call("GET", "/api/v1/status/not-a-code!").status == 400);
}

TEST_CASE("[api] lists page through cards with filters; exports are CSV and JSON") {
    ApiFixture f;
    for (int i = 0; i < 5; ++i) {
        const std::string theme = i % 2 ? "climate" : "co_creation";
        REQUIRE(f.put_card(ApiFixture::new_card("\"co_creation\"", "\"" + theme + "\"")).status == 201);
        f.now += 1h;
    }
    REQUIRE(f.put_card(ApiFixture::new_card("Fælles cykelværksted for skoler og plejehjem", "=HYPERLINK(\\\"http://evil\\\")")).status == 201);
    const std::string triage = f.login_as("triage");

    auto page1 = f.call("GET", "/api/v1/cards?limit=4", {}, triage);
    REQUIRE(page1.status == 200);
    rapidjson::Document d;
    d.Parse(page1.body.c_str());
    REQUIRE(d["cards"].Size() == 4);
    REQUIRE(d["next_cursor"].IsString());
    CHECK(d["cards"][0]["card"]["title"].IsString());
    auto page2 = f.call("GET", std::string("/api/v1/cards?limit=4&cursor=") + d["next_cursor"].GetString(), {}, triage);
    d.Parse(page2.body.c_str());
    CHECK(d["cards"].Size() == 2);
    CHECK(d["next_cursor"].IsNull());

    d.Parse(f.call("GET", "/api/v1/cards?theme=climate", {}, triage).body.c_str());
    CHECK(d["cards"].Size() == 2);
    const std::string since = format_utc_ms(std::chrono::duration_cast<std::chrono::milliseconds>((f.now - 150min).time_since_epoch()).count());
    d.Parse(f.call("GET", "/api/v1/cards?since=" + since, {}, triage).body.c_str());
    CHECK(d["cards"].Size() == 3);
    auto bad = f.call("GET", "/api/v1/cards?since=yesterday", {}, triage);
    CHECK(bad.status == 400);
    CHECK(ApiFixture::json_string(bad.body, "field") == "since");
    CHECK(f.call("GET", "/api/v1/cards?colour=red", {}, triage).status == 400);

    auto csv = f.call("GET", "/api/v1/cards/export?format=csv", {}, triage);
    REQUIRE(csv.status == 200);
    CHECK(csv.content_type == "text/csv; charset=utf-8");
    CHECK(csv.body.rfind("\xEF\xBB\xBF\"card_id\",", 0) == 0);
    CHECK(csv.body.find("\"'=HYPERLINK(\"\"http://evil\"\")\"") != std::string::npos);
    CHECK(csv.body.find(",\"=") == std::string::npos);   // no cell starts a formula
    CHECK(csv.body.find("Åse Ørum") != std::string::npos);
    auto json = f.call("GET", "/api/v1/cards/export?format=json&theme=climate", {}, triage);
    d.Parse(json.body.c_str());
    CHECK(d["cards"].Size() == 2);
    CHECK(f.call("GET", "/api/v1/cards/export?format=xls", {}, triage).status == 400);
}

TEST_CASE("[api] rate limits answer 429 with Retry-After, per key, per device and per address") {
    server::ApiConfig config = test_api_config();
    config.per_key = {0.5, 2};
    ApiFixture f(config);
    CHECK(f.put_card(ApiFixture::new_card()).status == 201);
    CHECK(f.put_card(ApiFixture::new_card()).status == 201);
    auto limited = f.put_card(ApiFixture::new_card());
    CHECK(limited.status == 429);
    CHECK(ApiFixture::json_string(limited.body, "error") == "rate_limited");
    REQUIRE(!limited.headers.empty());
    CHECK(limited.headers[0] == std::make_pair(std::string("Retry-After"), std::string("2")));

    server::ApiConfig per_device = test_api_config();
    per_device.per_device = {0.5, 1};
    ApiFixture d(per_device);
    const std::string admin = d.login_as("admin");
    auto code = d.call("POST", "/api/v1/admin/enrollment-codes", "{}", admin);
    auto device = d.call("POST", "/api/v1/devices/enroll", "{\"code\":\"" + ApiFixture::json_string(code.body, "code") + "\",\"name\":\"k\"}");
    const std::string token = ApiFixture::json_string(device.body, "token");
    CHECK(d.put_card(ApiFixture::new_card(), token).status == 201);
    CHECK(d.put_card(ApiFixture::new_card(), token).status == 429);
    CHECK(d.put_card(ApiFixture::new_card()).status == 201);   // the submission key has its own bucket

    server::ApiConfig per_ip = test_api_config();
    per_ip.per_ip = {1, 3};
    ApiFixture g(per_ip);
    for (int i = 0; i < 3; ++i) CHECK(g.call("GET", "/api/v1/status/ZZZZ-ZZZZ", {}, {}, "198.51.100.7").status == 404);
    CHECK(g.call("GET", "/api/v1/status/ZZZZ-ZZZZ", {}, {}, "198.51.100.7").status == 429);
    CHECK(g.call("GET", "/api/v1/status/ZZZZ-ZZZZ", {}, {}, "198.51.100.8").status == 404);   // another address is not affected
    CHECK(g.call("GET", "/healthz", {}, {}, "198.51.100.7").status == 200);                  // probes are never limited
}

TEST_CASE("[api] unknown routes are 404, wrong methods 405 with Allow, and metrics count ingest") {
    server::ApiConfig config = test_api_config();
    config.metrics_token = "metrics-token-0123456789";
    ApiFixture f(config);
    CHECK(f.call("GET", "/api/v2/cards").status == 404);
    auto wrong = f.call("DELETE", "/api/v1/cards/" + to_string(new_uuid()));
    CHECK(wrong.status == 405);
    REQUIRE(!wrong.headers.empty());
    CHECK(wrong.headers[0].second == "PUT");
    REQUIRE(f.put_card(ApiFixture::new_card()).status == 201);
    CHECK(f.call("GET", "/metrics").status == 401);
    CHECK(f.call("GET", "/metrics", {}, "metrics-token-wrong-wrong").status == 401);
    CHECK(f.call("GET", "/metrics", {}, submission_key).status == 401);
    auto metrics = f.call("GET", "/metrics", {}, "metrics-token-0123456789");
    CHECK(metrics.status == 200);
    CHECK(metrics.content_type.rfind("text/plain; version=0.0.4", 0) == 0);
    CHECK(metrics.body.find("idekort_cards_stored 1\n") != std::string::npos);
    CHECK(metrics.body.find("idekort_ingest_seconds_count 1\n") != std::string::npos);
}

TEST_CASE("[api] without a metrics token, /metrics is off") {
    ApiFixture f;
    const auto off = f.call("GET", "/metrics");
    CHECK(off.status == 404);
    CHECK(off.body.find("metrics-token") != std::string::npos);
}

TEST_CASE("[api] argon2id runs off the thread that handles the request") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    const auto answered_on = [&](const std::string& method, const std::string& target, const std::string& body, const std::string& bearer) {
        server::ApiRequest r{method, target, bearer.empty() ? "" : "Bearer " + bearer, body, "192.0.2.1", "application/json"};
        auto promise = std::make_shared<std::promise<std::thread::id>>();
        auto future = promise->get_future();
        f.api.handle(r, [promise](server::ApiResponse response) {
            CHECK(response.status < 300);
            promise->set_value(std::this_thread::get_id());
        });
        return future.get();
    };
    CHECK(answered_on("POST", "/api/v1/admin/login", "{\"username\":\"admin1\",\"password\":\"" + std::string(admin_password) + "\"}", {}) !=
          std::this_thread::get_id());
    CHECK(answered_on("POST", "/api/v1/admin/users", "{\"username\":\"new.one\",\"password\":\"long enough password\",\"role\":\"triage\"}", admin) !=
          std::this_thread::get_id());
}

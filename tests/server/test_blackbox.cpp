// Black-box tests: the real idekort-server binary on a free loopback port with a real SQLite
// file, driven over HTTP as kiosks, browsers and administrators would.
#include "common/card_fields.h"
#include "common/card_id.h"
#include "common/card_json.h"
#include "common/card_validation.h"
#include "common/file_io.h"
#include "server/api/api.h"
#include "server/store/sqlite_storage.h"
#include "server_harness.h"
#include "test_support.h"

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/ (one definition in the program)
#include <rapidjson/document.h>

#include <sqlite3.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <regex>
#include <set>
#include <thread>

using namespace idekort;
using namespace idekort::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* key = "blackbox-submission-key-01";
constexpr const char* password = "a password long enough";

std::string field(const std::string& body, const char* name) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    return d.IsObject() && d.HasMember(name) && d[name].IsString() ? d[name].GetString() : "";
}

std::string fixture() { return read_project_file("tests/fixtures/card-v1.json"); }

std::string new_card(std::string& id) {
    id = to_string(new_uuid());
    return card_with_id(fixture(), id);
}

struct BlackBox {
    explicit BlackBox(std::vector<std::string> extra = {}) : dir(make_temp_dir("idekort-bb")), web(make_temp_dir("idekort-bb-web")) {
        REQUIRE(file_io::write_file(web + "/index.html", "<!doctype html><title>idekort</title>").ok());
        REQUIRE(file_io::write_file(dir + "/secret.txt", "TOP-SECRET-CONTENT").ok());
        std::vector<std::string> args{"--data-dir", dir + "/data", "--web-root", web, "--submission-key", key};
        args.insert(args.end(), extra.begin(), extra.end());
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN, args);
        REQUIRE_MESSAGE(server->started(), server->log());
    }
    std::string login(const std::string& username, const std::string& role) {
        REQUIRE(create_account(IDEKORT_SERVER_BIN, dir + "/data", username, password, role));
        HttpClient client(server->port());
        auto r = client.post("/api/v1/admin/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return field(r.body, "token");
    }
    std::int64_t rows() {
        auto store = server::SqliteStorage::open(dir + "/data/idekort.db");
        REQUIRE(store.ok());
        return store.value()->card_count().value();
    }
    std::string dir, web;
    std::unique_ptr<ServerProcess> server;
};

} // namespace

TEST_CASE("[blackbox] the same card from 50 connections at once: one 201, 49 200, one row") {
    BlackBox bb;
    std::string id;
    const std::string card = new_card(id);
    constexpr int n = 50;
    std::vector<std::unique_ptr<HttpClient>> clients;
    for (int i = 0; i < n; ++i) {
        clients.push_back(std::make_unique<HttpClient>(bb.server->port()));
        REQUIRE(clients.back()->get("/healthz").status == 200);   // connected before the race
    }
    std::mutex m;
    std::condition_variable go;
    bool started = false;
    std::vector<HttpResult> results(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            { std::unique_lock<std::mutex> lock(m); go.wait(lock, [&] { return started; }); }
            results[i] = clients[i]->put("/api/v1/cards/" + id, card, key);
        });
    { std::lock_guard<std::mutex> lock(m); started = true; }
    go.notify_all();
    for (auto& t : threads) t.join();
    int created = 0, duplicate = 0;
    std::set<std::string> receipts, times;
    for (const auto& r : results) {
        created += r.status == 201;
        duplicate += r.status == 200;
        receipts.insert(field(r.body, "receipt"));
        times.insert(field(r.body, "received_at"));
        CHECK(r.header("x-idekort-server").rfind("idekort-server/", 0) == 0);
    }
    CHECK(created == 1);
    CHECK(duplicate == n - 1);
    CHECK(receipts.size() == 1);
    CHECK(times.size() == 1);
    CHECK(bb.rows() == 1);
}

TEST_CASE("[blackbox] a different card under a taken id gets 409; under the browsers' key without the differing fields") {
    BlackBox bb;
    HttpClient client(bb.server->port());
    std::string id;
    const std::string card = new_card(id);
    REQUIRE(client.put("/api/v1/cards/" + id, card, key).status == 201);
    auto conflict = client.put("/api/v1/cards/" + id, replace_once(replace_once(card, "Cyklistforbundet", "DGI"), "Værktøj", "Penge"), key);
    CHECK(conflict.status == 409);
    CHECK(field(conflict.body, "error") == "conflict");
    CHECK(conflict.body.find("fields") == std::string::npos);   // test_api.cpp: a device is told which
    CHECK(conflict.header("content-type") == "application/json; charset=utf-8");
    CHECK(bb.rows() == 1);
}

TEST_CASE("[blackbox] enrollment and revocation, end to end") {
    BlackBox bb;
    const std::string admin = bb.login("admin", "admin");
    HttpClient client(bb.server->port());
    auto code = client.post("/api/v1/admin/enrollment-codes", "{\"lifetime_minutes\":10}", admin);
    REQUIRE(code.status == 201);
    auto enrolled = client.post("/api/v1/devices/enroll", "{\"code\":\"" + field(code.body, "code") + "\",\"name\":\"Kiosk Dokk1\"}");
    REQUIRE(enrolled.status == 201);
    const std::string token = field(enrolled.body, "token"), device = field(enrolled.body, "device_id");
    CHECK(field(client.post("/api/v1/devices/enroll", "{\"code\":\"" + field(code.body, "code") + "\",\"name\":\"again\"}").body, "error") == "used_code");
    std::string id;
    CHECK(client.put("/api/v1/cards/" + id, new_card(id), token).status == 201);
    auto devices = client.get("/api/v1/admin/devices", admin);
    CHECK(devices.body.find("\"cards\":1") != std::string::npos);
    CHECK(client.post("/api/v1/admin/devices/" + device + "/revoke", "", admin).status == 200);
    auto refused = client.put("/api/v1/cards/" + id, new_card(id), token);
    CHECK(refused.status == 403);
    CHECK(field(refused.body, "error") == "revoked");
}

TEST_CASE("[blackbox] every admin route refuses no token, a wrong one and an expired one") {
    BlackBox bb({"--session-lifetime", "1"});
    const std::string admin = bb.login("admin", "admin");
    HttpClient client(bb.server->port());
    const auto concrete = [](const std::string& pattern) { return std::regex_replace(pattern, std::regex("\\{[a-z_]+\\}"), "x"); };
    std::this_thread::sleep_for(1100ms);
    int checked = 0;
    for (const auto& route : server::Api::routes()) {
        if (route.access != server::Access::Session) continue;
        CAPTURE(route.pattern);
        const std::string target = concrete(route.pattern);
        CHECK(client.request(route.method, target, "{}").status == 401);
        CHECK(client.request(route.method, target, "{}", {{"Authorization", "Bearer wrong"}}).status == 401);
        auto expired = client.request(route.method, target, "{}", {{"Authorization", "Bearer " + admin}});
        CHECK(expired.status == 401);
        CHECK(field(expired.body, "error") == "session_expired");
        ++checked;
    }
    CHECK(checked >= 8);
}

TEST_CASE("[blackbox] every card validation accepts is accepted: six long fields of 4,000 emoji, 96 kB of them") {
    // Issue 13, point 8: the limits count characters, the body limit counts bytes. A valid card
    // with emoji or CJK text must not get 413 forever.
    BlackBox bb({"--rate-ip", "0"});
    HttpClient client(bb.server->port());
    IdeaCard card = card_from_json(fixture()).value();
    card.id = to_string(new_uuid());
    const std::string emoji = "\xF0\x9F\x92\xA1"; // U+1F4A1, the light bulb
    for (const CardField& f : card_fields())
        if (f.kind == FieldKind::Block) {
            field_text(f, card).clear();
            for (std::size_t i = 0; i < f.max_chars; ++i) field_text(f, card) += emoji;
        }
    REQUIRE(validate_card(card, test::shipped_programme(), CardCheck::Complete).empty());
    const std::string body = card_to_json(card);
    REQUIRE(body.size() > 96 * 1000);
    auto r = client.put("/api/v1/cards/" + card.id, body, key);
    CHECK_MESSAGE(r.status == 201, r.status << " " << r.body);
    CHECK(field(r.body, "receipt") == receipt_code(parse_uuid(card.id).value()));
    CHECK(bb.rows() == 1);
}

TEST_CASE("[blackbox] a card made against an older programme is accepted; its theme is left to the office") {
    // Issue 13, point 9: the theme "weather" and the department "nasa" were dropped from the
    // programme while the card waited in an outbox.
    BlackBox bb({"--rate-ip", "0"});
    HttpClient client(bb.server->port());
    IdeaCard card = card_from_json(fixture()).value();
    card.id = to_string(new_uuid());
    card.theme = "weather";
    card.departments.push_back("nasa");
    auto r = client.put("/api/v1/cards/" + card.id, card_to_json(card), key);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    const std::string receipt = field(r.body, "receipt");
    auto status = client.get("/api/v1/status/" + receipt);
    REQUIRE(status.status == 200);
    CHECK(field(status.body, "theme").empty());   // for the central office to decide
    auto store = server::SqliteStorage::open(bb.dir + "/data/idekort.db");
    REQUIRE(store.ok());
    auto stored = store.value()->card_by_receipt(receipt);
    REQUIRE(stored.ok());
    REQUIRE(stored.value().has_value());
    auto kept = card_from_json(stored.value()->body);
    REQUIRE(kept.ok());
    CHECK(kept.value().theme == "weather");        // the person's choice is kept
    CHECK(kept.value().departments.back() == "nasa");
}

TEST_CASE("[blackbox] limits and bad input: each is refused, and afterwards the server still works") {
    BlackBox bb({"--read-timeout", "1", "--idle-timeout", "1", "--rate-ip", "0"});
    const std::uint16_t port = bb.server->port();
    HttpClient client(port);
    std::string id;
    const std::string card = new_card(id);

    SUBCASE("body over the largest valid card: 413") {
        auto big = client.put("/api/v1/cards/" + id, std::string(server::max_request_body_bytes, ' ') + card, key);
        CHECK(big.status == 413);
        CHECK(field(big.body, "error") == "body_too_large");
        CHECK(!big.header("x-idekort-server").empty());
    }
    SUBCASE("headers over the limit: 431") {
        auto big = client.request("GET", "/healthz", {}, {{"X-Padding", std::string(9000, 'a')}});
        CHECK(big.status == 431);
    }
    SUBCASE("slow-loris: a request trickling in is cut off at the read timeout") {
        const auto reply = raw_exchange(port, "PUT /api/v1/cards/" + id + " HTTP/1.1\r\nHost: x\r\nContent-Length: 999\r\n\r\n{\"a\":", 10s);
        CHECK(reply.closed_by_server);   // after the 1 s read timeout, long before our 10 s
        CHECK(reply.bytes.find("201") == std::string::npos);
    }
    SUBCASE("an idle connection is closed at the idle timeout") {
        const auto reply = raw_exchange(port, "", 10s);
        CHECK(reply.closed_by_server);
        CHECK(reply.bytes.empty());
    }
    SUBCASE("not HTTP at all: 400 and the connection closes") {
        const auto reply = raw_exchange(port, "HELLO\x01\x02 garbage\r\n\r\n", 10s);
        CHECK(reply.bytes.find("400 Bad Request") != std::string::npos);
        CHECK(reply.closed_by_server);
    }
    SUBCASE("deep JSON, NaN and broken UTF-8: 400 naming the problem") {
        auto deep = client.put("/api/v1/cards/" + id, std::string(5000, '[') + std::string(5000, ']'), key);
        CHECK(deep.status == 400);
        CHECK(client.put("/api/v1/cards/" + id, replace_once(card, "\"schema\":1", "\"schema\":NaN"), key).status == 400);
        CHECK(client.put("/api/v1/cards/" + id, replace_once(card, "Fælles", "F\xC3\x28lles"), key).status == 400);
    }
    SUBCASE("rate limit per submission key: 429 with Retry-After") {
        BlackBox limited({"--rate-key", "1:3"});
        HttpClient c(limited.server->port());
        int answered429 = 0;
        std::string retry_after;
        for (int i = 0; i < 6; ++i) {
            std::string other;
            auto r = c.put("/api/v1/cards/" + other, new_card(other), key);
            if (r.status == 429) { ++answered429; retry_after = r.header("retry-after"); }
        }
        CHECK(answered429 >= 2);
        CHECK(std::atoi(retry_after.c_str()) >= 1);
    }
    SUBCASE("connections over --max-connections are closed at once") {
        BlackBox capped({"--max-connections", "2", "--idle-timeout", "30"});
        HttpClient first(capped.server->port()), second(capped.server->port());
        REQUIRE(first.get("/healthz").status == 200);
        REQUIRE(second.get("/healthz").status == 200);
        const auto third = raw_exchange(capped.server->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 10s);
        CHECK(third.closed_by_server);
        CHECK(third.bytes.empty());
        CHECK(first.get("/healthz").status == 200);   // the two open ones are unaffected
    }
    SUBCASE("static files never leave the web root") {
        for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/./../secret.txt",
                                   "/..\\secret.txt", "/index.html%00.txt"}) {
            CAPTURE(target);
            const std::string reply = raw_exchange(port, std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10s).bytes;
            CHECK(reply.find("TOP-SECRET") == std::string::npos);
            CHECK(reply.find("200 OK") == std::string::npos);
        }
        // A symlink inside the web root that points out of it is not followed.
        REQUIRE(::symlink((bb.dir + "/secret.txt").c_str(), (bb.web + "/leak.txt").c_str()) == 0);
        auto leak = client.get("/leak.txt");
        CHECK(leak.status == 404);
        CHECK(leak.body.find("TOP-SECRET") == std::string::npos);
        auto index = client.get("/");
        CHECK(index.status == 200);
        CHECK(index.header("content-type") == "text/html; charset=utf-8");
    }
    // After each of the above: alive, and a good card is accepted.
    HttpClient fresh(port);
    CHECK(fresh.get("/healthz").status == 200);
    std::string good;
    CHECK(fresh.put("/api/v1/cards/" + good, new_card(good), key).status == 201);
}

TEST_CASE("[blackbox] the CSV export escapes formulas that submitters typed") {
    BlackBox bb;
    HttpClient client(bb.server->port());
    std::string id;
    std::string card = replace_once(new_card(id), "Fælles cykelværksted for skoler og plejehjem", "=cmd|' /C calc'!A0");
    card = replace_once(card, "\"partners\":\"Cyklistforbundet\"", "\"partners\":\"@SUM(1+1)\"");
    REQUIRE(client.put("/api/v1/cards/" + id, card, key).status == 201);
    const std::string triage = bb.login("triage", "triage");
    auto csv = client.get("/api/v1/cards/export?format=csv", triage);
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-disposition").find("attachment") != std::string::npos);
    CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv.body.find("\"'=cmd|' /C calc'!A0\"") != std::string::npos);
    CHECK(csv.body.find("\"'@SUM(1+1)\"") != std::string::npos);
    for (const char* starter : {",\"=", ",\"@", ",\"+", ",\"-"}) CHECK(csv.body.find(starter) == std::string::npos);
}

TEST_CASE("[blackbox] SIGTERM stops gracefully and closes the database cleanly") {
    BlackBox bb;
    HttpClient client(bb.server->port());
    std::string id;
    REQUIRE(client.put("/api/v1/cards/" + id, new_card(id), key).status == 201);
    const int status = bb.server->stop(SIGTERM);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    struct stat st{};
    CHECK(::stat((bb.dir + "/data/idekort.db-wal").c_str(), &st) != 0);   // checkpointed and removed
    CHECK(bb.rows() == 1);
}

TEST_CASE("[blackbox] logs are JSON lines without contact details or client addresses") {
    BlackBox bb;
    HttpClient client(bb.server->port());
    std::string id;
    REQUIRE(client.put("/api/v1/cards/" + id, new_card(id), key).status == 201);
    REQUIRE(client.put("/api/v1/cards/" + id, replace_once(card_with_id(fixture(), id), "aase.orum", "other"), key).status == 409);
    bb.server->stop(SIGTERM);
    const std::string log = bb.server->log();
    CHECK(log.find("aase.orum") == std::string::npos);
    CHECK(log.find("Ørum") == std::string::npos);
    CHECK(log.find("12 34 56 78") == std::string::npos);
    // The only address in the log is the one the server listens on, in its "listening" line.
    const auto first = log.find("127.0.0.1");
    CHECK(first == log.find("\"address\":\"127.0.0.1\"") + 11);
    CHECK(log.find("127.0.0.1", first + 1) == std::string::npos);
    std::size_t start = 0;
    while (start < log.size()) {
        const std::size_t end = log.find('\n', start);
        const std::string line = log.substr(start, end - start);
        rapidjson::Document d;
        d.Parse(line.c_str());
        CAPTURE(line);
        CHECK((d.IsObject() && d.HasMember("ts") && d.HasMember("msg")));
        start = end == std::string::npos ? log.size() : end + 1;
    }
}

TEST_CASE("[blackbox] create-admin refuses weak passwords, bad names and taken names") {
    const std::string data = make_temp_dir("idekort-admin");
    CHECK(!create_account(IDEKORT_SERVER_BIN, data, "boss", "short", "admin"));
    CHECK(!create_account(IDEKORT_SERVER_BIN, data, "Boss Man", password, "admin"));
    CHECK(!create_account(IDEKORT_SERVER_BIN, data, "boss", password, "king"));
    CHECK(create_account(IDEKORT_SERVER_BIN, data, "boss", password, "admin"));
    CHECK(!create_account(IDEKORT_SERVER_BIN, data, "boss", password, "admin"));
}

// [SECTION] Backups (issue 13, "Deployment")

namespace {

// (first column, second column) of every row `sql` gives, from a database file.
std::map<std::string, std::string> pairs_in(const std::string& path, const char* sql) {
    std::map<std::string, std::string> out;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    while (sqlite3_step(st) == SQLITE_ROW)
        out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

// The number of rows of every table, by name.
std::map<std::string, std::string> table_sizes(const std::string& path) {
    std::map<std::string, std::string> sizes;
    for (const auto& [table, unused] : pairs_in(path, "SELECT name, type FROM sqlite_master WHERE type = 'table'")) {
        const std::string sql = "SELECT '" + table + "', count(*) FROM \"" + table + "\"";
        for (const auto& row : pairs_in(path, sql.c_str())) sizes.insert(row);
    }
    return sizes;
}

std::string text_of(const std::string& path) {
    auto read = file_io::read_file(path);
    return read ? read.value() : std::string();
}

int run_server_command(const std::string& arguments, const std::string& output) {
    const int rc = std::system(("'" + std::string(IDEKORT_SERVER_BIN) + "' " + arguments + " >'" + output + "' 2>&1").c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

} // namespace

TEST_CASE("[backup] a backup taken while cards keep arriving restores to the same cards and receipts") {
    BlackBox bb({"--rate-ip", "0", "--rate-key", "0", "--rate-key-address", "0"});
    bb.login("office", "admin");   // a user and a session: more than the cards table is restored
    const std::string live = bb.dir + "/data/idekort.db", backup = bb.dir + "/idekort-backup.db";
    std::atomic<bool> stop{false};
    std::atomic<int> acknowledged{0};
    std::thread writer([&] {
        HttpClient client(bb.server->port());
        while (!stop) {
            const std::string id = to_string(new_uuid());
            const auto r = client.put("/api/v1/cards/" + id, card_with_id(fixture(), id), key);
            if (r.status == 201) ++acknowledged;
        }
    });
    const auto wait_for = [&](int n) {
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (acknowledged < n) {
            if (std::chrono::steady_clock::now() >= deadline) { // stop the writer first, so the failure is reported, not an abort
                stop = true;
                writer.join();
                FAIL("only " << acknowledged << " cards arrived, waiting for " << n);
            }
            std::this_thread::sleep_for(5ms);
        }
    };
    wait_for(100);
    const int before = acknowledged;
    const int rc = run_server_command("backup --data-dir '" + bb.dir + "/data' --to '" + backup + "'", bb.dir + "/backup.log");
    const int after = acknowledged;
    wait_for(after + 50);   // the server went on taking cards through and after the backup
    stop = true;
    writer.join();
    REQUIRE_MESSAGE(rc == 0, text_of(bb.dir + "/backup.log"));
    CHECK(text_of(bb.dir + "/backup.log").find("backed up") != std::string::npos);
    CHECK(::access((backup + "-wal").c_str(), F_OK) != 0);   // one self-contained file

    // The backup is the database at one commit: every card acknowledged before it started, none
    // that did not exist, each with the receipt the live database has.
    const auto saved = pairs_in(backup, "SELECT card_id, receipt FROM cards");
    const auto now_live = pairs_in(live, "SELECT card_id, receipt FROM cards");
    MESSAGE("acknowledged before the backup " << before << ", in the backup " << saved.size() << ", acknowledged when it ended "
                                              << after << ", on the server at the end " << now_live.size());
    CHECK(saved.size() >= static_cast<std::size_t>(before));
    CHECK(saved.size() <= static_cast<std::size_t>(after) + 1);   // a card may be committed, its 201 not yet read
    CHECK(now_live.size() > saved.size());
    for (const auto& [id, receipt] : saved) {
        const auto it = now_live.find(id);
        REQUIRE(it != now_live.end());
        CHECK(it->second == receipt);
    }
    const auto saved_sizes = table_sizes(backup);
    CHECK(saved_sizes.at("users") == "1");
    bb.server->stop(SIGTERM);

    // Restore into a fresh data directory: the same rows in every table, the same receipts.
    const std::string restored_dir = bb.dir + "/restored";
    REQUIRE(::mkdir(restored_dir.c_str(), 0750) == 0);
    REQUIRE(run_server_command("restore --data-dir '" + restored_dir + "' --from '" + backup + "'", bb.dir + "/restore.log") == 0);
    CHECK(pairs_in(restored_dir + "/idekort.db", "SELECT card_id, receipt FROM cards") == saved);
    CHECK(table_sizes(restored_dir + "/idekort.db") == saved_sizes);
    // ...and a server on it answers for them.
    ServerProcess again(IDEKORT_SERVER_BIN, {"--data-dir", restored_dir, "--web-root", bb.web, "--submission-key", key});
    REQUIRE_MESSAGE(again.started(), again.log());
    HttpClient client(again.port());
    const auto status = client.get("/api/v1/status/" + saved.begin()->second);
    CHECK(status.status == 200);
    CHECK(field(status.body, "receipt") == saved.begin()->second);
    again.stop(SIGTERM);

    // A damaged file is refused before anything is overwritten.
    REQUIRE(file_io::write_file(bb.dir + "/damaged.db", "SQLite format 3" + std::string(4096, 'x')).ok());
    CHECK(run_server_command("restore --data-dir '" + restored_dir + "' --from '" + bb.dir + "/damaged.db'", bb.dir + "/damaged.log") != 0);
    CHECK(text_of(bb.dir + "/damaged.log").find("damaged.db") != std::string::npos);
    CHECK(pairs_in(restored_dir + "/idekort.db", "SELECT card_id, receipt FROM cards") == saved);
}

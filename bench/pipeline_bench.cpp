// The pipeline's data generator and benchmarks (issue 14; docs/BENCHMARKS.md).
//
// Generator: a realistic programme of `cards` cards (default 100,000) received over the last four
// years into a real SQLite file, migrated by the server's own store: every state, a transition
// log with who and how long, first decisions, test cards with learning, and the money ledger.
// Older cards are further along or closed; the newest are still received or triaged. It writes
// the store's tables directly, in one transaction, because 400,000 transitions through the API
// would take hours of fsyncs and add nothing the benchmarks measure.
//
// Benchmarks, against the real idekort-server binary on that file:
//  1. GET /api/v1/dashboard (this year, and this year for one theme): p50/p99 over `requests`;
//  2. a filtered inbox page (theme + state, 50 rows; and waiting=1 sorted by state_since):
//     p50/p99 over `requests`;
//  3. transitions under load: 64 connections each triage their own received cards as fast as
//     answers come; p50/p99 per transition, and afterwards every acknowledged transition is
//     counted in the log (nothing lost) and no card moved twice.
// Targets (issue 14): dashboard p99 <= 50 ms, inbox page p99 <= 20 ms, transition p99 <= 50 ms.
//
// Usage: bench_pipeline <idekort-server binary> [cards=100000] [requests=200] [connections=64]
#include "common/card_id.h"
#include "common/file_io.h"
#include "common/rfc3339.h"
#include "server/store/sqlite_storage.h"
#include "server_harness.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace idekort;
using SteadyClock = std::chrono::steady_clock;

namespace {

const char* const submission_key = "pipeline-benchmark-key-01";
const char* const password = "benchmark password 1";
const std::vector<std::string> themes = {"internationalisation", "integration", "digital_smart_city", "co_creation", "climate", "citizen_value"};
const std::vector<std::string> words = {"cykel", "byhave", "natbus", "robot", "ældre", "skole", "bibliotek", "affald", "energi", "frivillig"};
constexpr std::int64_t day_ms = 24LL * 60 * 60 * 1000;
constexpr std::int64_t step_amounts[] = {25000, 125000, 250000};

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    std::fprintf(stderr, "sqlite: %s\n", message ? message : "failed");
    sqlite3_free(message);
    return false;
}

struct Prepared {
    sqlite3_stmt* s = nullptr;
    Prepared(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) std::fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
    }
    ~Prepared() { sqlite3_finalize(s); }
    Prepared& text(int i, const std::string& v) { sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
    Prepared& integer(int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); return *this; }
    Prepared& null(int i) { sqlite3_bind_null(s, i); return *this; }
    bool run() {
        const bool ok = sqlite3_step(s) == SQLITE_DONE;
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return ok;
    }
};

// The generated programme: `cards` cards into data_dir/idekort.db.
bool generate(const std::string& data_dir, int cards, std::mt19937& rng) {
    {
        auto store = server::SqliteStorage::open(data_dir + "/idekort.db");   // the server's schema, migrated
        if (!store) { std::fprintf(stderr, "%s\n", store.error().describe().c_str()); return false; }
    }
    sqlite3* db = nullptr;
    if (sqlite3_open((data_dir + "/idekort.db").c_str(), &db) != SQLITE_OK) return false;
    exec(db, "PRAGMA synchronous=OFF");
    const auto fixture = file_io::read_file(IDEKORT_SOURCE_DIR "/tests/fixtures/card-v1.json");
    if (!fixture) return false;
    exec(db, "BEGIN");
    Prepared card(db, "INSERT INTO cards (card_id, receipt, received_ms, sender, state, theme, body, pipeline_step, pipeline_version, close_reason, "
                      "changed_ms, first_decision_ms) VALUES (?1, ?2, ?3, 'key:benchmark', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    Prepared log(db, "INSERT INTO card_transitions (card_id, version, action, from_state, to_state, step, by_account, role, at_ms, why, in_state_ms, theme) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'generated', ?10, ?11)");
    Prepared test(db, "INSERT INTO test_cards (card_id, step, hypothesis, test, measure, success_criterion, period_from, period_to, budget_dkk, owner, "
                      "created_ms, believed, observed, learned, learning_decision, learned_ms) VALUES (?1, ?2, 'Vi tror, at ...', 'For at afprøve det vil vi ...', "
                      "'... og måle ...', 'Vi har ret, hvis ...', '2026-01-01', '2026-03-31', ?3, 'Ejer', ?4, ?5, ?6, ?7, ?8, ?9)");
    Prepared money(db, "INSERT INTO money_ledger (card_id, theme, step, year, amount_dkk, at_ms, by_account) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'director')");
    const std::int64_t now = now_ms(), start = now - 4 * 365 * day_ms;
    std::uniform_real_distribution<double> unit(0, 1);
    std::int64_t transitions = 0;
    for (int i = 0; i < cards; ++i) {
        const std::string id = to_string(new_uuid());
        char receipt[16];
        std::snprintf(receipt, sizeof receipt, "B%07d", i);
        const std::int64_t received = start + static_cast<std::int64_t>(unit(rng) * static_cast<double>(now - start));
        const std::string theme = themes[rng() % themes.size()];
        std::string body = test::card_with_id(fixture.value(), id);
        body.replace(body.find("Fælles cykelværksted"), std::string("Fælles cykelværksted").size(), words[rng() % words.size()] + " " + words[rng() % words.size()]);
        // How far the card goes: most are closed after screening; a few reach step 3.
        const double fate = unit(rng);
        const int depth = fate < 0.15 ? 1 : fate < 0.55 ? 3 : fate < 0.70 ? 4 : fate < 0.85 ? 6 : fate < 0.95 ? 8 : 10;
        const bool closes = unit(rng) < 0.8;
        std::string state = "received";
        int step = 0, version = 0;
        std::int64_t at = received, first_decision = 0;
        std::string close_reason;
        const auto move = [&](const char* action, const char* to, int new_step) {
            const std::int64_t next = at + static_cast<std::int64_t>((1 + unit(rng) * 20) * static_cast<double>(day_ms));
            if (next > now) return false;   // not yet: the card waits where it is
            ++version;
            log.text(1, id).integer(2, version).text(3, action).text(4, state).text(5, to).integer(6, new_step)
                .text(7, "generator").text(8, "admin").integer(9, next).integer(10, next - at).text(11, theme);
            if (!log.run()) return false;
            if (state == "in_screening" && !first_decision) first_decision = next;
            state = to;
            step = new_step;
            at = next;
            ++transitions;
            return true;
        };
        bool going = true;
        if (depth >= 1) going = move("triage", "triaged", 0);
        if (going && depth >= 2) going = move("plan_screening", "in_screening", 0);
        if (going && depth >= 3) going = move(depth == 3 ? "close" : "invite_to_pitch", depth == 3 ? "closed" : "invited_to_pitch", 0);
        if (depth == 3 && state == "closed") close_reason = "no_strategic_fit";
        if (going && depth >= 5 && state != "closed") going = move("record_pitch", "pitched", 0);
        for (int k = 1; going && state != "closed" && depth >= 4 + 2 * k && k <= 3; ++k) {
            going = move("fund_step", "step_funded", k);
            if (!going) break;
            const std::int64_t budget = step_amounts[k - 1] / (1 + static_cast<std::int64_t>(rng() % 4));
            const std::int64_t year = std::stoll(format_utc_ms(at).substr(0, 4));   // the ledger's year: the decision's, UTC
            money.text(1, id).text(2, theme).integer(3, k).integer(4, year).integer(5, budget).integer(6, at).run();
            const std::int64_t funded_at = at;
            const bool learned = move("record_learning", "learning_recorded", k);
            test.text(1, id).integer(2, k).integer(3, budget).integer(4, funded_at);
            if (learned) test.text(5, "at det virker").text(6, "det virkede delvist").text(7, "mindre skala").text(8, "next_step").integer(9, at);
            else test.text(5, "").text(6, "").text(7, "").text(8, "").null(9);
            test.run();
            going = learned;
        }
        if (going && closes && state != "closed" && state != "received" && depth > 3 && move("close", "closed", step))
            close_reason = step > 0 ? "stopped_after_test" : "no_strategic_fit";
        card.text(1, id).text(2, receipt).integer(3, received).text(4, state).text(5, theme).text(6, body).integer(7, step).integer(8, version);
        if (close_reason.empty()) card.null(9); else card.text(9, close_reason);
        if (version) card.integer(10, at); else card.null(10);
        if (first_decision) card.integer(11, first_decision); else card.null(11);
        if (!card.run()) { std::fprintf(stderr, "insert card: %s\n", sqlite3_errmsg(db)); return false; }
    }
    // Contact details live in their own table (migration 8): the generated cards' contacts move
    // there as the server stores them, so the inbox and dashboard read bodies of the real size.
    const bool ok = exec(db, "INSERT INTO card_contacts (card_id, name, workplace, email, phone, consent_to_contact) "
                             "SELECT card_id, json_extract(body, '$.contact.name'), json_extract(body, '$.contact.workplace'), "
                             "json_extract(body, '$.contact.email'), json_extract(body, '$.contact.phone'), "
                             "json_extract(body, '$.contact.consent_to_contact') FROM cards WHERE json_type(body, '$.contact') IS NOT NULL") &&
                    exec(db, "UPDATE cards SET body = json_remove(body, '$.contact') WHERE json_type(body, '$.contact') IS NOT NULL") &&
                    exec(db, "COMMIT") && exec(db, "ANALYZE");
    sqlite3_close(db);
    std::printf("generated %d cards, %lld transitions\n", cards, static_cast<long long>(transitions));
    return ok;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::string token_of(const std::string& body) {
    const std::size_t at = body.find("\"token\":\"");
    return at == std::string::npos ? std::string() : body.substr(at + 9, body.find('"', at + 9) - at - 9);
}

// p50 and p99 in ms of `requests` GETs of `target`; false when any answer was not 200.
bool measure(test::HttpClient& http, const std::string& token, const std::string& target, int requests, const char* what) {
    std::vector<double> ms;
    std::size_t bytes = 0;
    for (int i = 0; i < requests; ++i) {
        const auto t0 = SteadyClock::now();
        auto r = http.get(target, token);
        ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
        if (r.status != 200) { std::fprintf(stderr, "%s: %d %s\n", target.c_str(), r.status, r.body.substr(0, 200).c_str()); return false; }
        bytes = r.body.size();
    }
    std::printf("%-44s p50 %6.1f ms  p99 %6.1f ms  (%d requests, %zu bytes)\n", what, percentile(ms, 0.5), percentile(ms, 0.99), requests, bytes);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_pipeline <idekort-server binary> [cards=100000] [requests=200] [connections=64]\n");
        return 2;
    }
    const std::string binary = argv[1];
    const int cards = argc > 2 ? std::atoi(argv[2]) : 100000;
    const int requests = argc > 3 ? std::atoi(argv[3]) : 200;
    const int connections = argc > 4 ? std::atoi(argv[4]) : 64;
    std::mt19937 rng(14);
    const std::string dir = test::make_temp_dir("idekort-pipeline-bench"), data = dir + "/data", web = dir + "/web";
    std::filesystem::create_directories(data);
    std::filesystem::create_directories(web);
    if (!file_io::write_file(web + "/index.html", "<!doctype html>").ok()) { std::fprintf(stderr, "cannot write %s\n", web.c_str()); return 1; }
    const auto t0 = SteadyClock::now();
    if (!generate(data, cards, rng)) return 1;
    std::printf("generation took %.1f s\n", std::chrono::duration<double>(SteadyClock::now() - t0).count());
    if (!test::create_account(binary, data, "bench", password, "admin")) { std::fprintf(stderr, "create-admin failed\n"); return 1; }
    test::ServerProcess server(binary, {"--data-dir", data, "--web-root", web, "--submission-key", submission_key, "--rate-ip", "0",
                                        "--rate-login", "0", "--programme", IDEKORT_SOURCE_DIR "/assets/programme/programme.json"});
    if (!server.started()) { std::fprintf(stderr, "%s\n", server.log().c_str()); return 1; }
    test::HttpClient http(server.port(), std::chrono::seconds(30));
    const std::string token = token_of(http.post("/api/v1/admin/login", std::string("{\"username\":\"bench\",\"password\":\"") + password + "\"}").body);
    if (token.empty()) { std::fprintf(stderr, "login failed\n"); return 1; }

    bool ok = measure(http, token, "/api/v1/dashboard", requests, "dashboard (this year, every theme)");
    ok = measure(http, token, "/api/v1/dashboard?theme=climate", requests, "dashboard (this year, one theme)") && ok;
    ok = measure(http, token, "/api/v1/dashboard?year=2024&format=csv", requests, "dashboard (2024, CSV)") && ok;
    ok = measure(http, token, "/api/v1/cards?theme=climate&state=triaged&limit=50", requests, "inbox page (theme + state, 50 rows)") && ok;
    ok = measure(http, token, "/api/v1/cards?waiting=1&sort=state_since&limit=50", requests, "inbox page (waiting, by state_since, 50)") && ok;
    ok = measure(http, token, "/api/v1/cards?q=natbus&theme=climate&limit=50", requests, "inbox page (search + theme, 50 rows)") && ok;

    // Transitions under load: each connection triages its own received cards.
    std::vector<std::string> received;
    {
        sqlite3* db = nullptr;
        sqlite3_open_v2((data + "/idekort.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        {
            Prepared q(db, "SELECT card_id FROM cards WHERE state = 'received' ORDER BY seq");
            while (sqlite3_step(q.s) == SQLITE_ROW) received.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0)));
        }
        sqlite3_close(db);
    }
    const std::size_t per_connection = std::min<std::size_t>(received.size() / static_cast<std::size_t>(connections), 40);
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(connections));
    std::atomic<long> acknowledged{0}, failed{0};
    const std::int64_t load_start = now_ms();
    const auto l0 = SteadyClock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
        threads.emplace_back([&, c] {
            test::HttpClient client(server.port(), std::chrono::seconds(30));
            for (std::size_t i = 0; i < per_connection; ++i) {
                const std::string& id = received[static_cast<std::size_t>(c) * per_connection + i];
                const auto t = SteadyClock::now();
                auto r = client.post("/api/v1/cards/" + id + "/transitions", "{\"action\":\"triage\",\"version\":0,\"theme\":\"climate\",\"why\":\"load\"}", token);
                latencies[static_cast<std::size_t>(c)].push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count());
                (r.status == 200 ? acknowledged : failed)++;
            }
        });
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - l0).count();
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    // Nothing lost: every acknowledged transition is in the log, once.
    long logged = -1, moved_twice = -1;
    {
        sqlite3* db = nullptr;
        sqlite3_open_v2((data + "/idekort.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        {
            Prepared q(db, "SELECT COUNT(*), COUNT(*) - COUNT(DISTINCT card_id) FROM card_transitions WHERE why = 'load' AND at_ms >= ?1");
            q.integer(1, load_start);
            if (sqlite3_step(q.s) == SQLITE_ROW) {
                logged = static_cast<long>(sqlite3_column_int64(q.s, 0));
                moved_twice = static_cast<long>(sqlite3_column_int64(q.s, 1));
            }
        }
        sqlite3_close(db);
    }
    std::printf("%-44s p50 %6.1f ms  p99 %6.1f ms  (%ld transitions on %d connections, %.0f/s; %ld refused)\n",
                "transition under load", percentile(all, 0.5), percentile(all, 0.99), acknowledged.load(), connections,
                static_cast<double>(acknowledged.load()) / seconds, failed.load());
    std::printf("nothing lost: %ld acknowledged, %ld in the log, %ld cards moved twice\n", acknowledged.load(), logged, moved_twice);
    std::printf("targets: dashboard p99 <= 50 ms, inbox page p99 <= 20 ms, transition p99 <= 50 ms\n");
    return ok && failed == 0 && logged == acknowledged && moved_twice == 0 ? 0 : 1;
}

// The live workshop under a full room (issue 16): N participants (300) each join, keep a
// WebSocket open, write 2 cards and set their dots (sent twice, as a retry would) while the
// facilitator's wall is connected. Says whether every card reached the wall once and every dot
// counted once, the time from a card's PUT to its arrival on the wall (p50, p99, max), and the
// server's resident memory with every WebSocket open. Results: docs/BENCHMARKS.md.
//
// Usage: bench_workshop <idekort-server binary> [participants=300] [client threads=16]
#include "live_client.h"
#include "server_harness.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

using namespace idekort::test;
using Clock = std::chrono::steady_clock;

namespace {
std::string text_of(const std::string& body, const char* name) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    return d.IsObject() && d.HasMember(name) && d[name].IsString() ? d[name].GetString() : "";
}
std::string uuid_like(int p, int c) {   // a valid v4 UUID per card, no randomness needed
    char out[40];
    std::snprintf(out, sizeof out, "%08x-0000-4000-8000-%012x", p + 1, c + 1);
    return out;
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: bench_workshop <idekort-server> [participants] [client threads]\n"); return 2; }
    const std::string binary = argv[1];
    const int participants = argc > 2 ? std::atoi(argv[2]) : 300;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 16;
    const std::string dir = make_temp_dir("idekort-wsbench");
    const std::string password = "a password long enough";
    if (!create_account(binary, dir + "/data", "anne", password, "facilitator")) return 1;
    ServerProcess server(binary, {"--data-dir", dir + "/data", "--web-root", dir, "--submission-key", "bench-key-000000001"});
    if (!server.started()) { std::fprintf(stderr, "%s\n", server.log().c_str()); return 1; }
    HttpClient admin(server.port());
    const std::string session = text_of(admin.post("/api/v1/admin/login", "{\"username\":\"anne\",\"password\":\"" + password + "\"}").body, "token");
    const std::string code = text_of(admin.post("/api/v1/workshops", "{\"title\":\"Bench\",\"dots_per_participant\":3}", session).body, "code");
    admin.post("/api/v1/workshops/" + code + "/voting", "{\"open\":true}", session);

    LiveClient wall;
    if (!wall.connect(server.port(), code, session, 0)) { std::fprintf(stderr, "wall: %s\n", wall.error.c_str()); return 1; }
    const long rss_before = rss_kib(server.pid());

    // Every participant joins and keeps a WebSocket open (subscribed, not reading: a phone asleep).
    std::vector<std::string> tokens(participants);
    std::vector<std::unique_ptr<LiveClient>> phones(participants);
    for (int p = 0; p < participants; ++p) {
        tokens[p] = text_of(admin.post("/api/v1/workshops/" + code + "/participants", "").body, "token");
        phones[p] = std::make_unique<LiveClient>();
        if (!phones[p]->connect(server.port(), code, tokens[p], 0)) { std::fprintf(stderr, "phone %d: %s\n", p, phones[p]->error.c_str()); return 1; }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));   // settle before measuring memory (a benchmark, not a test)
    const long rss_open = rss_kib(server.pid());

    std::mutex sent_mutex;
    std::map<std::string, Clock::time_point> sent;
    std::atomic<int> next{0}, failures{0};
    const std::int64_t expected_dots = participants;
    std::thread wall_reader([&] {
        wall.read_until([&] {
            if (static_cast<int>(wall.cards.size()) < 2 * participants) return false;
            std::int64_t dots = 0;
            for (const auto& [id, seen] : wall.cards) dots += seen.dots;
            return dots == expected_dots;
        }, std::chrono::seconds(180));
    });
    const auto started = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            HttpClient client(server.port());
            for (int p; (p = next++) < participants;) {
                for (int c = 0; c < 2; ++c) {
                    const std::string id = uuid_like(p, c);
                    { std::lock_guard lock(sent_mutex); sent[id] = Clock::now(); }
                    auto r = client.put("/api/v1/workshops/" + code + "/cards/" + id,
                                        "{\"title\":\"Idé " + std::to_string(p) + "-" + std::to_string(c) + "\",\"idea\":\"Flere cykelstativer\"}", tokens[p]);
                    if (r.status != 201) ++failures;
                }
                for (int round = 0; round < 2; ++round) {   // one dot on the own first card, sent twice
                    auto r = client.put("/api/v1/workshops/" + code + "/votes", "{\"card_id\":\"" + uuid_like(p, 0) + "\",\"dots\":1}", tokens[p]);
                    if (r.status != 200) ++failures;
                }
            }
        });
    for (auto& t : pool) t.join();
    const double submit_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    wall_reader.join();
    const long rss_after = rss_kib(server.pid());

    std::vector<double> latency_ms;
    int twice = 0;
    std::int64_t dots = 0;
    for (const auto& [id, seen] : wall.cards) {
        twice += seen.deliveries > 1;   // a card's dots change its state: counted, not an error
        dots += seen.dots;
        if (auto it = sent.find(id); it != sent.end()) latency_ms.push_back(std::chrono::duration<double, std::milli>(seen.first - it->second).count());
    }
    std::sort(latency_ms.begin(), latency_ms.end());
    auto pct = [&](double q) { return latency_ms.empty() ? 0.0 : latency_ms[std::min(latency_ms.size() - 1, static_cast<std::size_t>(q * latency_ms.size()))]; };
    std::printf("participants %d, client threads %d, open WebSockets %d (+ the wall)\n", participants, threads, participants);
    std::printf("cards on the wall %zu of %d; dots on the wall %lld of %lld; failed requests %d; wall messages %lld\n",
                wall.cards.size(), 2 * participants, static_cast<long long>(dots), static_cast<long long>(expected_dots), failures.load(),
                static_cast<long long>(wall.messages));
    std::printf("submitted -> on the wall: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu cards); all submitted in %.1f s\n",
                pct(0.50), pct(0.99), latency_ms.empty() ? 0.0 : latency_ms.back(), latency_ms.size(), submit_seconds);
    std::printf("server RSS: %ld KiB idle with the wall, %ld KiB with %d WebSockets open, %ld KiB after\n", rss_before, rss_open, participants, rss_after);
    const bool ok = static_cast<int>(wall.cards.size()) == 2 * participants && dots == expected_dots && failures == 0;
    return ok ? 0 : 1;
}

// bench_wall_frames: the CPU time of a frame of the workshop's wall with 300 cards in 6 clusters
// (issue 16: "the wall's frame CPU p99 with 300 cards"). The real WallApp and ImGui run in the
// headless runner at 1920x1080 against the real idekort-server on loopback, with the cards
// written by participants and clustered through the API; so this is the wall's and ImGui's work
// per frame (layout, wrapping 300 titles, the item registry, draw lists). GL submission is not
// included (the projector PC's GPU driver does it).
// Then, with the wall on the live WebSocket (BeastLiveChannel), 50 more cards one at a time:
// "submitted → on the wall" from the start of the participant's PUT to the frame that has it.
// Usage: bench_wall_frames [cards]   (default 300)
#include "app/wall/wall_app.h"
#include "platform/native/beast_live_channel.h"
#include "platform/native/curl_transport.h"
#include "platform/null/null_runner.h"
#include "server_harness.h"

#include "common/card_id.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

using namespace idekort;

namespace {

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

std::string member(const std::string& body, const std::string& name) {
    const auto at = body.find("\"" + name + "\":\"");
    if (at == std::string::npos) return {};
    const auto start = at + name.size() + 4;
    return body.substr(start, body.find('"', start) - start);
}

int fail(const std::string& why) {
    std::fprintf(stderr, "bench_wall_frames: %s\n", why.c_str());
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    const int cards = argc > 1 ? std::atoi(argv[1]) : 300;
    const std::string dir = test::make_temp_dir("idekort-wall-bench");
    const std::string web = test::make_temp_dir("idekort-wall-bench-web");
    if (!test::create_account(IDEKORT_SERVER_BIN, dir + "/data", "anne", "a password long enough", "facilitator")) return fail("no account");
    test::ServerProcess server(IDEKORT_SERVER_BIN, {"--data-dir", dir + "/data", "--web-root", web, "--submission-key", "wall-bench-key-0001"});
    if (!server.started()) return fail(server.log());
    test::HttpClient http(server.port());
    const std::string token = member(http.post("/api/v1/admin/login", "{\"username\":\"anne\",\"password\":\"a password long enough\"}").body, "token");
    const std::string code = member(http.post("/api/v1/workshops", "{\"title\":\"Mobilitet i Aarhus\",\"themes\":[],\"time_box_minutes\":45,"
                                                                    "\"moderation\":\"open\",\"dots_per_participant\":3}", token).body, "code");
    if (code.empty()) return fail("no workshop");
    const std::string w = "/api/v1/workshops/" + code;
    std::vector<std::string> clusters;
    for (const char* name : {"Cykler", "Busser og tog", "Grønne byrum", "Deling", "Sikre skoleveje", "Parkering"})
        clusters.push_back(member(http.post(w + "/clusters", std::string("{\"name\":\"") + name + "\",\"colour\":\"#1f5fbf\"}", token).body, "cluster_id"));
    std::vector<std::string> people;
    for (int i = 0; i < 30; ++i) people.push_back(member(http.post(w + "/participants", "").body, "token"));
    for (int i = 0; i < cards; ++i) {
        const std::string id = to_string(new_uuid());
        const std::string title = "Cykelstativer og bedre belysning ved Dokk1 " + std::to_string(i + 1);
        if (http.put(w + "/cards/" + id, "{\"title\":\"" + title + "\",\"challenge\":\"x\",\"idea\":\"y\"}", people[static_cast<std::size_t>(i) % people.size()]).status != 201)
            return fail("card refused");
        http.post(w + "/cards/" + id + "/move", "{\"cluster_id\":\"" + clusters[static_cast<std::size_t>(i) % clusters.size()] + "\"}", token);
    }

    const DirectoryAssets assets(IDEKORT_ASSET_DIR);
    platform::CurlTransport transport;
    platform::BeastLiveChannel live;
    AppEnvironment env;
    env.assets = &assets;
    env.http = &transport;
    env.live = &live;
    wall::WallSettings settings;
    settings.server_url = "http://127.0.0.1:" + std::to_string(server.port());
    settings.session_token = token;
    settings.workshop_code = code;
    wall::WallApp app(settings);
    platform::NullRunner runner(app, env, 1920, 1080);
    if (!runner.init_status().ok()) return fail(runner.init_status().error().describe());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (static_cast<int>(app.client().board().cards().size()) < cards) {
        if (std::chrono::steady_clock::now() > deadline) return fail("the wall did not get every card within 60 s");
        runner.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    runner.frames(10);
    std::vector<double> ms;
    for (int i = 0; i < 600; ++i) {
        const double before = thread_cpu_ms();
        runner.frame();
        ms.push_back(thread_cpu_ms() - before);
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))]; };
    std::printf("wall %d cards in 6 clusters, 1920x1080, %zu frames: CPU p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", cards, ms.size(), at(0.5),
                at(0.99), ms.back());

    const auto subscribed = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!app.client().live()) {
        if (std::chrono::steady_clock::now() > subscribed) return fail("the wall did not subscribe within 30 s");
        runner.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::vector<double> latency;
    for (int i = 0; i < 50; ++i) {
        const std::string id = to_string(new_uuid());
        const auto before = std::chrono::steady_clock::now();
        if (http.put(w + "/cards/" + id, "{\"title\":\"Live " + std::to_string(i) + "\",\"challenge\":\"x\",\"idea\":\"y\"}", people[0]).status != 201)
            return fail("card refused");
        while (!app.client().board().card(id)) {
            if (std::chrono::steady_clock::now() - before > std::chrono::seconds(10)) return fail("a card did not reach the wall within 10 s");
            runner.frame();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        latency.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count());
    }
    std::sort(latency.begin(), latency.end());
    std::printf("submitted -> on the wall over the WebSocket, %zu cards one at a time: p50 %.1f ms, p99 %.1f ms, max %.1f ms (polls meanwhile: %lld)\n",
                latency.size(), latency[latency.size() / 2], latency[static_cast<std::size_t>(0.99 * static_cast<double>(latency.size() - 1))],
                latency.back(), static_cast<long long>(app.client().polls()));
    return 0;
}

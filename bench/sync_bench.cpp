// Sync benchmarks (issue 6), printed for docs/BENCHMARKS.md. The real idekort-server runs on
// loopback (no fault proxy); the device side is the real SQLite store, libcurl transport and
// sync engine.
//  1. drain: N queued cards to the server, the engine alone in a loop that waits on nothing but
//     the store's and the network's answers (target: 1,000 cards <= 10 s)
//  2. frames: the same drain while the real app (CaptureApp) draws frames at 60 Hz on the
//     headless runner; each frame's time covers delivering answers, the engine's tick and the
//     app's frame, as in the native runner's loop (target: every frame < 16 ms; p50/p99/max),
//     and separately the sync engine's share of it
// Usage: bench_sync [cards=1000] [folder=/tmp]
#include "app/core/sync_engine.h"
#include "app/capture/capture_app.h"
#include "common/card_id.h"
#include "common/clock.h"
#include "platform/native/curl_transport.h"
#include "platform/native/sqlite_executor.h"
#include "platform/null/null_runner.h"
#include "../tests/sync/child_processes.h"

#include <algorithm>
#include <ctime>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using namespace idekort;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr const char* submission_key = "bench-submission-key-000000001";

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

// CPU time of this thread: on a busy machine the wall-clock time of a frame includes time the
// thread was not running at all; this is the work the frame itself did.
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// A fresh store with `n` completed cards in its outbox.
std::unique_ptr<platform::SqliteExecutor> queued_store(const std::string& path, int n) {
    auto executor = platform::SqliteExecutor::open(path).value();
    CardStore store(*executor);
    int done = 0;
    store.open([&](Status s) { if (!s) { std::fprintf(stderr, "%s\n", s.error().describe().c_str()); std::exit(1); } ++done; });
    while (done < 1) { // the schema first: open() migrates in a second step
        executor->wait_idle();
        executor->deliver();
    }
    for (int i = 0; i < n; ++i) {
        IdeaCard c;
        c.id = to_string(new_uuid());
        c.created_at = c.updated_at = utc_now();
        c.title = "Idé nummer " + std::to_string(i);
        c.challenge = "Lange ventetider i borgerservice";
        c.target_group = "Borgere";
        c.idea = "Book tid via en kiosk i biblioteket, med æøå";
        c.gain.text = "Kortere ventetid";
        store.complete(c, utc_now(), [&](Status s) { if (!s) { std::fprintf(stderr, "%s\n", s.error().describe().c_str()); std::exit(1); } ++done; });
    }
    while (done < n + 1) {
        executor->wait_idle();
        executor->deliver();
    }
    return executor;
}

SyncSettings settings_for(const test::ServerProcess& server) {
    SyncSettings s;
    s.server_url = server.url();
    s.credential = submission_key;
    return s; // the production defaults otherwise (4 in parallel, 30 s timeout)
}

} // namespace

int main(int argc, char** argv) {
    const int cards = argc > 1 ? std::atoi(argv[1]) : 1000;
    const std::string folder = argc > 2 ? argv[2] : "/tmp";
    char dir_template[256];
    std::snprintf(dir_template, sizeof dir_template, "%s/idekort-sync-bench-XXXXXX", folder.c_str());
    const std::string dir = mkdtemp(dir_template);
    test::ServerProcess server(IDEKORT_SERVER_BIN, dir + "/server",
                               {"--programme", std::string(IDEKORT_SOURCE_DIR) + "/assets/programme/programme.json",
                                "--submission-key", submission_key, "--rate-ip", "0", "--rate-key", "0", "--rate-key-address", "0"});
    server.start();
    std::printf("== sync: %d cards to idekort-server on loopback (%s)\n", cards, server.url().c_str());

    {
        auto store = queued_store(dir + "/drain.db", cards);
        platform::CurlTransport transport;
        CardStore cards_store(*store);
        SyncEngine engine(cards_store, transport);
        engine.configure(settings_for(server));
        const auto started = clock_type::now();
        engine.start();
        while (!(engine.settled() && engine.status().received + engine.status().needs_attention == cards)) {
            if (store->deliver() + transport.deliver() == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            engine.tick();
        }
        const double s = seconds_since(started);
        std::printf("drain, engine alone: %.2f s, %.0f cards/s, received %d, needs attention %d (target <= 10 s for 1,000)\n", s,
                    cards / s, engine.status().received, engine.status().needs_attention);
    }

    {
        auto store = queued_store(dir + "/frames.db", cards);
        platform::CurlTransport transport;
        // The app composes its own engine on the runner's store and transport, as in production.
        CaptureSettings settings;
        settings.server_url = settings_for(server).server_url;
        settings.submission_key = settings_for(server).credential;
        capture::CaptureApp app(settings);
        const DirectoryAssets assets(IDEKORT_ASSET_DIR);
        AppEnvironment env;
        env.assets = &assets;
        env.store = store.get();
        env.http = &transport;
        platform::NullRunner runner(app, env);
        if (!runner.init_status()) {
            std::fprintf(stderr, "the app did not start: %s\n", runner.init_status().error().describe().c_str());
            return 1;
        }
        SyncEngine& engine = *app.session().sync();
        std::vector<double> frame_ms, frame_cpu_ms;
        const auto started = clock_type::now();
        auto next_frame = started;
        while (!(engine.settled() && engine.status().received + engine.status().needs_attention == cards)) {
            const auto t0 = clock_type::now();
            const double cpu0 = thread_cpu_ms();
            runner.frame(); // delivers the store's and the transport's answers, app.update() (sync), the frame
            frame_ms.push_back(seconds_since(t0) * 1000.0);
            frame_cpu_ms.push_back(thread_cpu_ms() - cpu0);
            next_frame += std::chrono::microseconds(16667);
            std::this_thread::sleep_until(next_frame);
        }
        const double s = seconds_since(started);
        const double worst = *std::max_element(frame_ms.begin(), frame_ms.end());
        std::printf("drain, app drawing at 60 Hz: %.2f s, %.0f cards/s, %zu frames\n", s, cards / s, frame_ms.size());
        const auto row = [](const char* what, const std::vector<double>& v) {
            std::printf("  %-52s p50 %6.3f ms   p99 %6.3f ms   max %6.3f ms\n", what, percentile(v, 0.5), percentile(v, 0.99),
                        *std::max_element(v.begin(), v.end()));
        };
        std::printf("frame time during the drain (target < 16 ms; wall clock: %s):\n", worst < 16.0 ? "OK" : "OVER");
        row("whole frame, wall clock", frame_ms);
        row("whole frame, CPU time of the frame thread", frame_cpu_ms);
    }
    server.stop();
    return 0;
}

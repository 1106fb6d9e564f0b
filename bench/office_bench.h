// The office app as its frame benchmarks run it (bench_office_inbox, bench_office_dashboard): the
// real OfficeApp in the headless runner at 1920x1080 with the staged assets and the shipped
// programme, no store and no network (the frames alone are measured), and a frame's CPU time on
// the frame thread (CLOCK_THREAD_CPUTIME_ID: on a machine shared with other builds, wall-clock
// time also counts the waits for a core, which are not the frame's cost).
#pragma once

#include "app/office/office_app.h"
#include "platform/null/null_runner.h"

#include <cstdio>
#include <optional>
#include <time.h>

namespace idekort::bench {

inline double thread_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct OfficeBench {
    DirectoryAssets assets;
    ProgrammeConfig programme;
    office::OfficeApp app{office::OfficeSettings{"da", "http://127.0.0.1:9"}};
    std::optional<platform::NullRunner> runner;

    explicit OfficeBench(const std::string& asset_dir) : assets(asset_dir) {
        programme = ProgrammeConfig::parse(assets.read("programme/programme.json").value(), "programme.json").value();
        AppEnvironment env;
        env.assets = &assets;
        runner.emplace(app, env, 1920.0f, 1080.0f);
    }
    // Says why the app did not start, if it did not.
    bool started() const {
        if (runner->init_status()) return true;
        std::fprintf(stderr, "bench: %s\n", runner->init_status().error().describe().c_str());
        return false;
    }
    double timed_frame() {
        const double t0 = thread_ms();
        runner->frame();
        return thread_ms() - t0;
    }
};

} // namespace idekort::bench

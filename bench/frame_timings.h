// Frame timings of the frame benchmarks (bench_wizard_frames, bench_office_inbox): the times of
// one scenario's frames, reported as p50, p99 and max in one line.
#pragma once

#include <algorithm>
#include <cstdio>
#include <vector>

namespace idekort::bench {

struct Timings {
    std::vector<double> ms;
    void report(const char* name) {
        std::sort(ms.begin(), ms.end());
        const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))]; };
        std::printf("%-10s %5zu frames: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", name, ms.size(), at(0.5), at(0.99), ms.back());
    }
};

} // namespace idekort::bench

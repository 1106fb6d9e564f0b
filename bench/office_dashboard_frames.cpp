// bench_office_dashboard: the CPU time of a frame of the office app's dashboard (issue 15): the
// real OfficeApp and ImGui in the headless runner at 1920x1080, showing a programme's figures as
// large as the API gives them (six themes x eight stages, money for three steps in every theme
// against a budget, the medians, and the 200 waiting cards the API lists at most). The charts
// are ImDrawList rectangles and one line of words per bar for the registry; the waiting table
// draws through ImGuiListClipper. GL submission is not included (as bench_office_inbox).
//
// Scenarios: idle (the dashboard as it stands) and scroll (the mouse wheel over the waiting
// table). Times are the frame's CPU time on the frame thread (CLOCK_THREAD_CPUTIME_ID).
// Usage: bench_office_dashboard [assets dir]
#include "frame_timings.h"
#include "office_bench.h"

#include "imgui.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <time.h>

using namespace idekort;

namespace {

// A year of a busy programme, as the API would give it to the central office.
protocol::DashboardReply figures(const ProgrammeConfig& programme) {
    protocol::DashboardReply d;
    d.generated_at = "2026-12-01T08:00:00.000Z";
    d.year = 2026;
    const CardState states[] = {CardState::Received, CardState::Triaged, CardState::InScreening, CardState::InvitedToPitch,
                                CardState::Pitched, CardState::StepFunded, CardState::LearningRecorded, CardState::Closed};
    std::int64_t n = 0;
    for (const auto& t : programme.themes) {
        d.themes.push_back(protocol::DashboardTheme{t.id, protocol::BilingualText{t.name.da, t.name.en}});
        for (CardState s : states) d.funnel.push_back(protocol::FunnelCount{s, t.id, 40 + (n++ * 37) % 400});
        for (std::int64_t step = 1; step <= 3; ++step) d.money.push_back(protocol::MoneyLine{t.id, step, 25000 * step * (1 + n % 4)});
        d.budgets.push_back(protocol::BudgetLine{t.id, 1500000, 0, 1500000});
    }
    d.days_to_first_decision = protocol::MedianDays{23, 552, 1800};
    for (int i = 0; i < 7; ++i) d.days_in_state.push_back(protocol::StateDays{states[i], protocol::MedianDays{3 + i * 4, (3 + i * 4) * 24, 900}});
    for (int i = 0; i < 200; ++i)
        d.waiting.push_back(protocol::WaitingCard{"00000000-0000-4000-8000-" + std::to_string(100000000000LL + i), "R" + std::to_string(1000000 + i),
                                                  "Cykelværksted nr. " + std::to_string(i), programme.themes[static_cast<std::size_t>(i) % programme.themes.size()].id,
                                                  states[i % 7], "2026-10-01T08:00:00.000Z", 60 - i / 4});
    d.waiting_total = 1234;
    return d;
}

} // namespace

int main(int argc, char** argv) {
    bench::OfficeBench office(argc > 1 ? argv[1] : IDEKORT_ASSET_DIR);
    if (!office.started()) return 1;
    office::OfficeApp& app = office.app;
    app.show_dashboard(figures(office.programme), "bench");
    office.runner->frames(10);
    std::printf("# office dashboard frame CPU time (headless runner, 1920x1080, %zu widgets and lines of words)\n", app.semantic_items().size());
    {
        bench::Timings t;
        for (int i = 0; i < 600; ++i) t.ms.push_back(office.timed_frame());
        t.report("idle");
    }
    {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(1400, 900);   // over the waiting cards' table
        bench::Timings t;
        for (int i = 0; i < 600; ++i) {
            io.AddMouseWheelEvent(0, i % 200 < 100 ? -3.0f : 3.0f);
            t.ms.push_back(office.timed_frame());
        }
        t.report("scroll");
    }
    return 0;
}

// bench_a11y_frames: what the accessibility kit costs a frame (issue 17: +20 µs a frame was the
// prototype's figure). A bare ImGui context draws 500 visible items (250 buttons, 125 check
// boxes, 125 annotated text lines) in one window, headless, for 2,000 frames in each of:
//   bare      no registry attached: ImGui alone
//   registry  the item registry recording, annotating and computing its change signature
//   pushed    as registry, plus semantic_item.h's JSON built on the frames it changed (the
//             browser's push), with the mouse moving every frame (hover must not cause pushes)
// Printed: µs a frame as the median of wall time and the mean of the thread's CPU time (the
// machine is shared: a mean of wall time measures the neighbours' compilers, not us), and how
// many frames pushed JSON. Run a build from before a change and one after, one after the other,
// to compare on the same machine at the same load (docs/BENCHMARKS.md).
#include "app/ui/item_registry.h"
#include "tests/ui/bare_imgui.h"

#include "imgui.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <time.h>

using namespace idekort;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int frames = 2000;

// The CPU time this thread has used, in µs: what a frame costs us, whatever else runs.
double thread_cpu_us() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

void draw_items(ui::ItemRegistry* registry, int frame) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(4000, 40000));
    ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration);
    static bool ticks[125] = {};
    for (int i = 0; i < 125; ++i) {
        ImGui::PushID(i);
        if (registry) registry->role_next_item(SemanticRole::Button);
        ImGui::Button("Knap");
        ImGui::SameLine();
        if (registry) registry->role_next_item(SemanticRole::Button);
        ImGui::Button("Anden knap");
        ImGui::SameLine();
        ImGui::Checkbox("Valg", &ticks[i]);
        ImGui::TextUnformatted("En linje tekst, som en skærmlæser skal have");
        if (registry) {
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            registry->add_text(SemanticRole::Text, "En linje tekst, som en skærmlæser skal have", SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y});
        }
        ImGui::PopID();
    }
    (void)frame;
    ImGui::End();
}

void run(const char* name, bool attach, bool push) {
    const test::BareContext context(ImVec2(4000, 40000));
    ImGuiIO& io = ImGui::GetIO();
    ui::ItemRegistry registry;
    if (attach) registry.attach(ImGui::GetCurrentContext());
    std::vector<double> us;
    std::uint64_t seen = 0;
    int pushes = 0;
    std::size_t json_bytes = 0;
    double cpu = 0;
    for (int f = 0; f < frames + 50; ++f) {
        io.AddMousePosEvent(static_cast<float>(f % 400), static_cast<float>((f * 7) % 3000));   // hover moves
        const double c0 = thread_cpu_us();
        const auto t0 = Clock::now();
        ImGui::NewFrame();
        draw_items(attach ? &registry : nullptr, f);
        ImGui::Render();
        if (push && registry.generation() != seen) {
            seen = registry.generation();
            const std::string json = to_json(registry.items());
            json_bytes = json.size();
            ++pushes;
        }
        const auto t1 = Clock::now();
        const double c1 = thread_cpu_us();
        if (f >= 50) {
            us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
            cpu += c1 - c0;
        }
    }
    std::sort(us.begin(), us.end());
    std::printf("%-9s %zu items: median %.1f us wall, mean %.1f us CPU a frame; JSON pushes %d (%zu bytes each)\n", name,
                attach ? registry.items().size() : std::size_t{500}, us[us.size() / 2], cpu / static_cast<double>(us.size()),
                pushes, json_bytes);
    registry.detach();
}

} // namespace

int main() {
    run("bare", false, false);
    run("registry", true, false);
    run("pushed", true, true);
    return 0;
}

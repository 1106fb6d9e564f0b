// bench_office_inbox: the CPU time of a frame of the office app's triage inbox with 10,000 cards
// (issue 15 target: p99 <= 2 ms). The real OfficeApp and ImGui in the headless runner; the table
// draws through ImGuiListClipper, so a frame lays out one screenful of rows, not 10,000. GL
// submission is not included (as bench_wizard_frames).
//
// Scenarios, each timed frame by frame:
//   idle      the inbox as it stands (the selected card beside the table)
//   keys      J every frame: the next card is selected, the table scrolls to it
//   search    a letter typed into the search field every frame (the view is filtered again)
//   scroll    the mouse wheel over the table, down and up
// Times are the frame's CPU time on the frame thread (not wall-clock: see thread_ms()).
// Usage: bench_office_inbox [cards] [assets dir]
#include "common/card_json.h"
#include "common/rfc3339.h"
#include "frame_timings.h"
#include "office_bench.h"

#include "imgui.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <time.h>

using namespace idekort;

namespace {

using bench::Timings;

// `n` cards as the server lists them: varied titles, themes, departments, states and ages.
std::vector<protocol::StoredCardEntry> cards(int n, const ProgrammeConfig& programme) {
    std::vector<protocol::StoredCardEntry> out;
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const char* words[] = {"Cykelværksted", "Fælles madordning", "Digital tavle", "Grøn transport", "Mentorordning", "Søvnhjælp",
                           "Genbrugsbutik", "Læsehjælp"};
    for (int i = 0; i < n; ++i) {
        IdeaCard card;
        card.id = "00000000-0000-4000-8000-" + std::to_string(100000000000LL + i);
        card.title = std::string(words[i % 8]) + " nr. " + std::to_string(i);
        card.challenge = "Udfordringen for kort " + std::to_string(i) + ": ældre borgere kommer sjældent ud.";
        card.idea = "Idéen er at samle elever og beboere om et fælles projekt, uge for uge.";
        card.departments = {programme.departments[static_cast<std::size_t>(i) % programme.departments.size()].id};
        protocol::StoredCardEntry e;
        e.card_id = card.id;
        e.receipt = "R" + std::to_string(1000000 + i);
        e.received_at = format_utc_ms(now - static_cast<std::int64_t>(i % 60) * 86400000 - i * 1000LL);
        e.state = i % 4 == 0 ? CardState::Triaged : CardState::Received;
        e.theme = i % 4 == 0 ? programme.themes[static_cast<std::size_t>(i) % programme.themes.size()].id : "";
        e.card_json = card_to_json(card);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
    bench::OfficeBench office(argc > 2 ? argv[2] : IDEKORT_ASSET_DIR);
    if (!office.started()) return 1;
    office::OfficeApp& app = office.app;
    platform::NullRunner& runner = *office.runner;
    app.show_cards(cards(n, office.programme), "bench");
    runner.frames(10);
    std::printf("# office inbox frame CPU time, %d cards (headless runner, 1920x1080)\n", static_cast<int>(app.inbox().rows().size()));
    ImGuiIO& io = ImGui::GetIO();
    {
        Timings t;
        for (int i = 0; i < 600; ++i) t.ms.push_back(office.timed_frame());
        t.report("idle");
    }
    {
        Timings t;
        for (int i = 0; i < 600; ++i) {
            io.AddKeyEvent(ImGuiKey_J, i % 2 == 0);   // pressed one frame, released the next
            t.ms.push_back(office.timed_frame());
        }
        t.report("keys");
    }
    {
        const SemanticItem* search = find_item(app.semantic_items(), "Søg i teksten");
        if (!search) return std::fprintf(stderr, "bench: no search field\n"), 1;
        runner.click(search->rect.centre_x(), search->rect.centre_y());
        Timings t;
        const char* letters[] = {"c", "y", "k", "e", "l"};
        // "cykel" typed a letter a frame, then taken back a letter a frame: each frame filters
        // the 10,000 cards again.
        for (int i = 0; i < 200; ++i) {
            if (i % 10 < 5) {
                io.AddInputCharactersUTF8(letters[i % 5]);
            } else {
                io.AddKeyEvent(ImGuiKey_Backspace, true);
                io.AddKeyEvent(ImGuiKey_Backspace, false);
            }
            t.ms.push_back(office.timed_frame());
            if (i == 4) std::printf("         (\"cykel\" shows %zu cards)\n", app.inbox().view().size());
        }
        t.report("search");
        
    }
    {
        io.AddMousePosEvent(400, 600);
        Timings t;
        for (int i = 0; i < 600; ++i) {
            io.AddMouseWheelEvent(0, i % 200 < 100 ? -3.0f : 3.0f);
            t.ms.push_back(office.timed_frame());
        }
        t.report("scroll");
    }
    return 0;
}

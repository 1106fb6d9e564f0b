// The child of the store crash test: autosaves drafts in a loop, as fast as the store
// acknowledges them, and prints "ACK <id> <revision>" once each save's callback has been
// delivered (the moment the UI would show "saved"). The parent SIGKILLs it at a random moment.
// Usage: store_crash_child <database path>
#include "app/core/card_store.h"
#include "platform/native/sqlite_executor.h"

#include <cstdio>
#include <string>

using namespace idekort;

// The idea text of revision `r`: ~10 KB, every line naming the revision, so a torn write would
// show as a mismatch.
std::string idea_text(std::int64_t r) {
    std::string s;
    while (s.size() < 10000) s += "revision " + std::to_string(r) + " æøå – ";
    return s;
}

int main(int argc, char** argv) {
    if (argc != 2) { std::fprintf(stderr, "usage: store_crash_child <db>\n"); return 2; }
    auto executor = platform::SqliteExecutor::open(argv[1]);
    if (!executor) { std::fprintf(stderr, "%s\n", executor.error().describe().c_str()); return 1; }
    CardStore store(*executor.value());
    bool opened = false, failed = false;
    store.open([&](Status s) { opened = s.ok(); failed = !s.ok(); });
    while (!opened && !failed) executor.value()->deliver();
    if (failed) return 1;
    std::printf("READY\n");
    std::fflush(stdout);

    const char* ids[] = {"0b7e3c1a-2f4d-4e6a-8b9c-1d2e3f4a5b6c", "1c8f4d2b-3a5e-4f7b-9cad-2e3f4a5b6c7d",
                         "2d9a5e3c-4b6f-4a8c-8dbe-3f4a5b6c7d8e"};
    std::int64_t revision = 0;
    int in_flight = 0;
    for (;;) {
        // Keep two saves in flight, like a fast typist with a debounced autosave.
        while (in_flight < 2) {
            ++revision;
            IdeaCard card;
            card.id = ids[revision % 3];
            card.created_at = card.updated_at = "2026-11-27T06:30:00Z";
            card.title = "rev " + std::to_string(revision);
            card.idea = idea_text(revision);
            ++in_flight;
            const std::string id = card.id;
            const std::int64_t rev = revision;
            store.save_draft(card, rev, [id, rev, &in_flight](Status s) {
                --in_flight;
                if (s.ok()) std::printf("ACK %s %lld\n", id.c_str(), static_cast<long long>(rev));
                else std::printf("ERR %s\n", s.error().describe().c_str());
                std::fflush(stdout);
            });
        }
        executor.value()->deliver();
    }
}

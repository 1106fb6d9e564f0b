// The crash test: a child process autosaves drafts in a loop and is SIGKILLed at random
// moments (IDEKORT_CRASH_KILLS times, 200 by default). After each kill the database must open,
// and every draft whose save was acknowledged before the kill must be there, intact, at that
// revision or a later one.
#include "store_test_support.h"

#include "common/card_json.h"

#include <csignal>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace idekort;
using namespace idekort::test;

namespace {

struct ChildRun {
    std::map<std::string, std::int64_t> acked;   // id -> highest acknowledged revision
    int acks = 0;
};

// Starts the child, waits until it has acknowledged `first_acks` saves (a state, so a busy
// machine cannot make a run save nothing), lets it go on for `run_ms` more, kills it, and
// returns everything it acknowledged.
ChildRun run_and_kill(const std::string& db, int first_acks, int run_ms) {
    int out[2];
    REQUIRE(pipe(out) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execl(IDEKORT_CRASH_CHILD, IDEKORT_CRASH_CHILD, db.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    FILE* in = fdopen(out[0], "r");
    char line[256];
    ChildRun run;
    const auto take_ack = [&] {
        std::istringstream words(line);
        std::string kind, id;
        long long rev = 0;
        words >> kind >> id >> rev;
        REQUIRE_MESSAGE(kind == "ACK", line);
        auto& best = run.acked[id];
        best = std::max<std::int64_t>(best, rev);
        ++run.acks;
    };
    // Wait for READY so the kill lands while saving, not while opening.
    REQUIRE(std::fgets(line, sizeof line, in) != nullptr);
    REQUIRE(std::string(line) == "READY\n");
    for (int i = 0; i < first_acks; ++i) {
        REQUIRE_MESSAGE(std::fgets(line, sizeof line, in) != nullptr, "the child ended before its save " << i + 1);
        take_ack();
    }
    usleep(static_cast<useconds_t>(run_ms) * 1000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    while (std::fgets(line, sizeof line, in)) take_ack();
    fclose(in);
    return run;
}

} // namespace

TEST_CASE("[CardStore] SIGKILL during autosave never loses an acknowledged draft") {
    const char* env = std::getenv("IDEKORT_CRASH_KILLS");
    const int kills = env ? std::atoi(env) : 200;
    const std::string db = temp_database();
    std::mt19937 random(20261127);
    std::uniform_int_distribution<int> first_acks(1, 3);
    std::uniform_int_distribution<int> run_ms(0, 20);
    long long total_acks = 0;
    int losses = 0;
    for (int k = 0; k < kills; ++k) {
        const ChildRun run = run_and_kill(db, first_acks(random), run_ms(random));
        total_acks += run.acks;

        auto executor = platform::SqliteExecutor::open(db);
        REQUIRE_MESSAGE(executor.ok(), "the database does not open after kill " << k);
        CardStore store(*executor.value());
        REQUIRE(wait_status(*executor.value(), [&](auto done) { store.open(done); }).ok());
        auto drafts = wait_value<std::vector<DraftSummary>>(*executor.value(), [&](auto done) { store.list_drafts(done); });
        REQUIRE(drafts.ok());
        std::map<std::string, std::int64_t> stored;
        for (const auto& d : drafts.value()) stored[d.id] = d.revision;
        for (const auto& [id, rev] : run.acked) {
            if (stored.count(id) == 0 || stored[id] < rev) {
                ++losses;
                FAIL_CHECK("kill " << k << ": draft " << id << " acknowledged at revision " << rev
                                   << " but stored at " << (stored.count(id) ? stored[id] : -1));
                continue;
            }
            auto card = wait_value<IdeaCard>(*executor.value(), [&](auto done) { store.load_draft(id, done); });
            REQUIRE(card.ok());
            CHECK(card.value().title == "rev " + std::to_string(stored[id]));
            CHECK(card.value().idea.find("revision " + std::to_string(stored[id]) + " ") == 0);
            CHECK(card.value().idea.size() >= 10000);
        }
        // Every child numbers its revisions from 1, which the store would rightly refuse as older
        // than what is stored; so each run starts on an empty table and checks its own saves.
        REQUIRE(wait_value<SqlBatchResult>(*executor.value(), [&](auto done) { executor.value()->run({{"DELETE FROM drafts", {}}}, done); }).ok());
    }
    MESSAGE(kills << " kills, " << total_acks << " acknowledged saves checked, " << losses << " losses");
    CHECK(losses == 0);
    CHECK(total_acks >= kills); // every run saved before its kill (waited for above)
}

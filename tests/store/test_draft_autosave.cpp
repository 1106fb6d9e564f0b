// DraftAutosave over the real store: typing is saved within the debounce window, not on every
// keystroke, and "saved" means the newest text was acknowledged.
#include "store_test_support.h"

#include "app/core/draft_autosave.h"
#include "common/card_id.h"

using namespace idekort;
using namespace idekort::test;
using idekort::platform::SqliteExecutor;

namespace {

// Counts the batches that reach the real executor.
class CountingExecutor final : public SqlExecutor {
public:
    explicit CountingExecutor(SqlExecutor& inner) : m_inner(inner) {}
    void run(std::vector<SqlStatement> batch, Callback done) override { ++batches; m_inner.run(std::move(batch), std::move(done)); }
    int deliver() override { return m_inner.deliver(); }
    bool busy() const override { return m_inner.busy(); }
    std::string describe() const override { return m_inner.describe(); }
    StoreCondition condition() const override { return m_inner.condition(); }
    int batches = 0;

private:
    SqlExecutor& m_inner;
};

struct Fixture {
    std::unique_ptr<SqliteExecutor> sqlite = SqliteExecutor::open(temp_database()).value();
    CountingExecutor executor{*sqlite};
    CardStore store{executor};
    DraftAutosave autosave{store};
    Fixture() {
        REQUIRE(wait_status(executor, [&](auto done) { store.open(done); }).ok());
        IdeaCard card;
        card.id = to_string(new_uuid());
        card.created_at = "2026-11-27T06:30:00Z";
        autosave.start_new(card);
        executor.batches = 0;
    }
    void settle() {
        sqlite->wait_idle();
        executor.deliver();
    }
    std::string stored_title() {
        return wait_value<IdeaCard>(executor, [&](auto done) { store.load_draft(autosave.card().id, done); }).value().title;
    }
};

} // namespace

TEST_CASE("[DraftAutosave] the first keystroke is saved at once, and 'saved' follows the acknowledgement") {
    Fixture f;
    CHECK(f.autosave.state() == DraftAutosave::State::Empty);
    f.autosave.card().title = "H";
    f.autosave.edited(0.0);
    CHECK(f.autosave.state() == DraftAutosave::State::Saving);
    CHECK(f.executor.batches == 1);
    f.settle();
    CHECK(f.autosave.state() == DraftAutosave::State::Saved);
    CHECK(f.stored_title() == "H");
}

TEST_CASE("[DraftAutosave] continuous typing is saved at most every 300 ms, and the last text always") {
    Fixture f;
    const std::string text = "Fælles cykelværksted for skoler og plejehjem";
    double t = 0;
    std::string typed;
    for (std::size_t i = 0; i < text.size(); ++i, t += 0.05) { // 20 keystrokes a second
        typed += text[i];
        f.autosave.card().title = typed;
        f.autosave.edited(t);
        f.settle();
    }
    // Typing stopped; the frame loop keeps ticking until nothing is pending.
    for (double wait = f.autosave.tick(t); wait >= 0; wait = f.autosave.tick(t)) {
        t += wait;
        f.settle();
    }
    f.settle();
    const int expected_max = static_cast<int>(text.size() * 0.05 / DraftAutosave::debounce_seconds) + 2;
    CHECK(f.executor.batches <= expected_max);
    CHECK(f.executor.batches >= 2);
    CHECK(f.autosave.state() == DraftAutosave::State::Saved);
    CHECK(f.stored_title() == text);
}

TEST_CASE("[DraftAutosave] a late acknowledgement of older text does not say 'saved'") {
    Fixture f;
    f.autosave.card().title = "a";
    f.autosave.edited(0.0);       // revision 1 sent
    f.autosave.card().title = "ab";
    f.autosave.edited(0.1);       // revision 2, waits for the debounce
    f.settle();                   // revision 1 acknowledged
    CHECK(f.autosave.state() != DraftAutosave::State::Saved);
    CHECK(f.autosave.tick(0.2) > 0);
    f.autosave.tick(0.31);        // revision 2 sent
    f.settle();
    CHECK(f.autosave.state() == DraftAutosave::State::Saved);
    CHECK(f.stored_title() == "ab");
}

TEST_CASE("[DraftAutosave] after start_new, answers for the old card change nothing") {
    Fixture f;
    f.autosave.card().title = "old";
    f.autosave.edited(0.0);
    IdeaCard fresh;
    fresh.id = to_string(new_uuid());
    f.autosave.start_new(fresh);
    f.settle();
    CHECK(f.autosave.state() == DraftAutosave::State::Empty);
}

TEST_CASE("[DraftAutosave] flush saves text still inside the debounce window (the app is quitting)") {
    Fixture f;
    f.autosave.card().title = "a";
    f.autosave.edited(0.0);
    f.settle();
    f.autosave.card().title = "ab";
    f.autosave.edited(0.05); // due only at 0.3
    f.autosave.flush(0.06);
    f.settle();
    CHECK(f.autosave.state() == DraftAutosave::State::Saved);
    CHECK(f.stored_title() == "ab");
}

// CaptureSession over the real store, without ImGui: a card is started, typed, left, resumed,
// sent and wiped as the capture screens do it, and a store that is still opening loses nothing.
#include "store_test_support.h"

#include "app/core/capture_session.h"
#include "common/card_json.h"
#include "common/file_io.h"

using namespace idekort;
using namespace idekort::test;
using idekort::platform::SqliteExecutor;

namespace {

ProgrammeConfig shipped_programme() {
    const std::string file = std::string(IDEKORT_SOURCE_DIR) + "/assets/programme/programme.json";
    return ProgrammeConfig::parse(file_io::read_file(file).value(), file).value();
}

IdeaCard example_card() {
    const std::string file = std::string(IDEKORT_SOURCE_DIR) + "/assets/samples/example-card.json";
    return card_from_json(file_io::read_file(file).value()).value();
}

// A store whose platform is still opening it (the browser's worker at start-up): batches wait
// until open_now(), as the worker runs them only once its database is open.
class OpeningExecutor final : public SqlExecutor {
public:
    explicit OpeningExecutor(SqlExecutor& inner) : m_inner(inner) {}
    void run(std::vector<SqlStatement> batch, Callback done) override {
        if (m_open) return m_inner.run(std::move(batch), std::move(done));
        m_waiting.emplace_back(std::move(batch), std::move(done));
    }
    int deliver() override { return m_inner.deliver(); }
    bool busy() const override { return !m_waiting.empty() || m_inner.busy(); }
    std::string describe() const override { return m_open ? m_inner.describe() : "opening"; }
    StoreCondition condition() const override { return m_open ? m_inner.condition() : StoreCondition::Opening; }
    void open_now() {
        m_open = true;
        for (auto& [batch, done] : m_waiting) m_inner.run(std::move(batch), std::move(done));
        m_waiting.clear();
    }

private:
    SqlExecutor& m_inner;
    bool m_open = false;
    std::vector<std::pair<std::vector<SqlStatement>, Callback>> m_waiting;
};

// The frame loop: deliver answers and run update() until the store is quiet.
void settle(SqlExecutor& executor, CaptureSession& session, double& now) {
    pump_until(executor, [&] {
        now += 0.05;
        session.update(now);
        return !executor.busy();
    });
}

} // namespace

TEST_CASE("[CaptureSession] a card typed, left and resumed keeps its text; sending moves it to the outbox once") {
    const ProgrammeConfig programme = shipped_programme();
    auto sqlite = SqliteExecutor::open(temp_database()).value();
    CaptureSession session(programme, Channel::Web, sqlite.get(), nullptr, {});
    session.open();
    double now = 0;
    settle(*sqlite, session, now);

    session.start_new("da");
    const std::string id = session.card().id;
    CHECK(session.card().origin.channel == Channel::Web);   // the channel the product was told
    session.card().title = "Fælles elcykler";
    session.edited(now);
    session.keep_draft(now);
    settle(*sqlite, session, now);
    REQUIRE(session.shelf()->entries().size() == 1);
    CHECK(session.shelf()->entries()[0].title == "Fælles elcykler");

    session.start_new("da");   // another card in between
    std::optional<bool> resumed;
    session.resume(id, [&](bool ok) { resumed = ok; });
    pump_until(*sqlite, [&] { return resumed.has_value(); });
    CHECK(*resumed);
    CHECK(session.card().title == "Fælles elcykler");

    // An unfinished card is refused with nothing stored; a complete one is completed once.
    std::string receipt;
    CHECK(session.send(receipt, [](Status) { FAIL("an invalid card reached the store"); }) == CaptureSession::SendResult::Invalid);
    IdeaCard complete = example_card();
    complete.id = id;
    session.card() = complete;
    std::optional<Status> stored;
    REQUIRE(session.send(receipt, [&](Status s) { stored = s; }) == CaptureSession::SendResult::Completing);
    CHECK(receipt.size() >= 8);
    CHECK(session.card().id != id);   // typing goes on into a blank card, never the sent one
    pump_until(*sqlite, [&] { return stored.has_value(); });
    CHECK(stored->ok());
    CardStore reader(*sqlite);
    const auto outbox = wait_value<std::vector<OutboxEntry>>(*sqlite, [&](auto done) { reader.list_outbox(done); }).value();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].id == id);
}

TEST_CASE("[CaptureSession] a kiosk's wipe removes the stored draft and the text in memory") {
    const ProgrammeConfig programme = shipped_programme();
    auto sqlite = SqliteExecutor::open(temp_database()).value();
    CaptureSession session(programme, Channel::Kiosk, sqlite.get(), nullptr, {});
    session.open();
    double now = 0;
    session.start_new("da");
    session.card().challenge = "Lange ventetider";
    session.edited(now);
    settle(*sqlite, session, now);
    REQUIRE(session.shelf()->opened());
    session.forget_card();
    settle(*sqlite, session, now);
    CHECK(session.card().challenge.empty());
    CardStore reader(*sqlite);
    CHECK(wait_value<std::vector<DraftSummary>>(*sqlite, [&](auto done) { reader.list_drafts(done); }).value().empty());
}

TEST_CASE("[CaptureSession] typing while the device store is still opening is kept, and the notice says so until it opens") {
    const ProgrammeConfig programme = shipped_programme();
    auto sqlite = SqliteExecutor::open(temp_database()).value();
    OpeningExecutor opening(*sqlite);
    CaptureSession session(programme, Channel::Web, &opening, nullptr, {});
    session.open();
    CHECK(session.store_notice() == StoreNotice::Opening);
    double now = 0;
    session.start_new("da");
    const std::string id = session.card().id;
    session.card().title = "Skrevet før lageret var åbent";
    session.edited(now);
    for (int i = 0; i < 20; ++i) session.update(now += 0.05);   // the autosave asks; the store waits
    opening.open_now();
    settle(opening, session, now);
    CHECK(session.store_notice() == StoreNotice::None);
    CardStore reader(*sqlite);
    const auto drafts = wait_value<std::vector<DraftSummary>>(*sqlite, [&](auto done) { reader.list_drafts(done); }).value();
    REQUIRE(drafts.size() == 1);
    CHECK(drafts[0].id == id);
    CHECK(drafts[0].title == "Skrevet før lageret var åbent");
}

TEST_CASE("[CaptureSession] where cards go: the command line first, then the page's settings") {
    CaptureSettings settings;
    SyncSettings s = sync_settings(settings, R"({"server":"https://idekort.aarhus.dk","key":"page-key-0123456789"})");
    CHECK(s.server_url == "https://idekort.aarhus.dk");
    CHECK(s.credential == "page-key-0123456789");
    settings.server_url = "http://127.0.0.1:9000";
    settings.submission_key = "cli-key-0123456789";
    s = sync_settings(settings, R"({"server":"https://idekort.aarhus.dk","key":"page-key-0123456789"})");
    CHECK(s.server_url == "http://127.0.0.1:9000");
    CHECK(s.credential == "cli-key-0123456789");
    // A broken page setting is ignored, never a crash: the kiosk's enrollment may still apply.
    CHECK(sync_settings(CaptureSettings{}, "{not json").server_url.empty());
}

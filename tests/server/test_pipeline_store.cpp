// The pipeline in the server's store (issue 14) on real SQLite files: the migration that adds a
// card's place and version keeps every older card; the transition log only grows (the database
// itself refuses UPDATE and DELETE); a decision made against a card's old version changes
// nothing; a director's themes.
#include "common/programme_config.h"
#include "server/store/sqlite_storage.h"
#include "server_harness.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace idekort;
using namespace idekort::server;

namespace {
ProgrammeConfig programme() {
    auto p = ProgrammeConfig::parse(test::read_project_file("assets/programme/programme.json"), "programme.json");
    REQUIRE(p.ok());
    return p.value();
}

IngestItem item(const std::string& id, const std::string& receipt) {
    return IngestItem{id, receipt, "", "{\"title\":\"Grøn skolegård\"}", "key:test", 1000};
}

// The raw SQLite answer to `sql` on the file: what anyone with the file could try.
std::string exec_error(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string out = rc == SQLITE_OK ? "" : (message ? message : "failed");
    sqlite3_free(message);
    sqlite3_close(db);
    return out;
}

TransitionRecord by_triage(PipelineAction action, std::int64_t at_ms) {
    TransitionRecord r;
    r.action = action;
    r.by = "aase";
    r.role = Role::Triage;
    r.at_ms = at_ms;
    r.why = "klart tema";
    return r;
}

PipelineDecider triage_to(const std::string& theme, std::int64_t seen_version) {
    return [theme, seen_version](const CardPipeline& card) {
        PipelineRequest request;
        request.action = PipelineAction::Triage;
        request.expected_version = seen_version;
        request.theme = theme;
        static const ProgrammeConfig p = programme();
        return decide(card.position, request, PipelineActor{Role::Triage, {}}, p);
    };
}
} // namespace

TEST_CASE("[pipeline store] the migration keeps a schema-1 file's cards, each at version 0 in its state") {
    const std::string path = test::make_temp_dir("idekort-pipeline") + "/idekort.db";
    {
        auto old = SqliteStorage::open(path, 1);
        REQUIRE(old.ok());
        CHECK(old.value()->schema_version().value() == 1);
        REQUIRE(old.value()->ingest({item("card-a", "AAAA-AAAA"), item("card-b", "BBBB-BBBB")}).ok());
    }
    auto store = SqliteStorage::open(path);
    REQUIRE(store.ok());
    CHECK(store.value()->schema_version().value() == SqliteStorage::latest_schema_version());
    CHECK(store.value()->card_count().value() == 2);
    auto a = store.value()->card_pipeline("card-a");
    REQUIRE(a.ok());
    REQUIRE(a.value().has_value());
    CHECK(a.value()->receipt == "AAAA-AAAA");
    CHECK(a.value()->position.state == CardState::Received);
    CHECK(a.value()->position.version == 0);
    CHECK(a.value()->changed_ms == 1000);   // no transition yet: the arrival
    CHECK(store.value()->transitions("card-a").value().empty());
}

TEST_CASE("[pipeline store] a transition moves the card and appends who, role, when and why; the log refuses UPDATE and DELETE") {
    const std::string path = test::make_temp_dir("idekort-pipeline") + "/idekort.db";
    auto opened = SqliteStorage::open(path);
    REQUIRE(opened.ok());
    SqliteStorage& store = *opened.value();
    REQUIRE(store.ingest({item("card-a", "AAAA-AAAA")}).ok());

    auto moved = store.transition("card-a", triage_to("climate", 0), by_triage(PipelineAction::Triage, 5000));
    REQUIRE(moved.ok());
    REQUIRE(moved.value().decision);
    CHECK(moved.value().card->position.state == CardState::Triaged);
    CHECK(moved.value().card->position.version == 1);

    // Read back from the file, not from the reply.
    auto card = store.card_pipeline("card-a").value();
    CHECK(card->position.theme == "climate");
    CHECK(card->position.version == 1);
    CHECK(card->changed_ms == 5000);
    auto listed = store.list_cards(CardFilter{"climate", CardState::Triaged, std::nullopt, std::nullopt, 0, 10}).value();
    REQUIRE(listed.size() == 1);   // the inbox filters see the new place
    const auto log = store.transitions("card-a").value();
    REQUIRE(log.size() == 1);
    CHECK(log[0].version == 1);
    CHECK(log[0].action == PipelineAction::Triage);
    CHECK(log[0].from == CardState::Received);
    CHECK(log[0].to == CardState::Triaged);
    CHECK(log[0].by == "aase");
    CHECK(log[0].role == Role::Triage);
    CHECK(log[0].at_ms == 5000);
    CHECK(log[0].why == "klart tema");

    // The log is evidence: not even someone with the file and sqlite3 rewrites or removes a row.
    CHECK(exec_error(path, "UPDATE card_transitions SET by_account = 'someone else'").find("append-only") != std::string::npos);
    CHECK(exec_error(path, "DELETE FROM card_transitions").find("append-only") != std::string::npos);
    CHECK(store.transitions("card-a").value().size() == 1);
    CHECK(store.transitions("card-a").value()[0].by == "aase");
}

TEST_CASE("[pipeline store] a decision against an older version changes nothing and logs nothing") {
    const std::string path = test::make_temp_dir("idekort-pipeline") + "/idekort.db";
    auto opened = SqliteStorage::open(path);
    REQUIRE(opened.ok());
    SqliteStorage& store = *opened.value();
    REQUIRE(store.ingest({item("card-a", "AAAA-AAAA")}).ok());
    REQUIRE(store.transition("card-a", triage_to("climate", 0), by_triage(PipelineAction::Triage, 5000)).value().decision);

    // A second person saw version 0 and chose another theme.
    auto late = store.transition("card-a", triage_to("integration", 0), by_triage(PipelineAction::Triage, 6000));
    REQUIRE(late.ok());
    CHECK_FALSE(late.value().decision);
    CHECK(late.value().decision.refusal.kind == Refusal::Stale);
    REQUIRE(late.value().card.has_value());
    CHECK(late.value().card->position.theme == "climate");   // told what happened
    CHECK(store.card_pipeline("card-a").value()->position.theme == "climate");
    CHECK(store.card_pipeline("card-a").value()->position.version == 1);
    CHECK(store.transitions("card-a").value().size() == 1);

    auto missing = store.transition("no-such-card", triage_to("climate", 0), by_triage(PipelineAction::Triage, 7000));
    REQUIRE(missing.ok());
    CHECK_FALSE(missing.value().card.has_value());
}

TEST_CASE("[pipeline store] a director's themes are kept per account and replaced whole") {
    auto opened = SqliteStorage::open(test::make_temp_dir("idekort-pipeline") + "/idekort.db");
    REQUIRE(opened.ok());
    SqliteStorage& store = *opened.value();
    AdminUser dorte;
    dorte.username = "dorte";
    dorte.role = Role::Director;
    dorte.password_hash = "x";
    REQUIRE(store.create_user(dorte).value());
    const std::int64_t id = store.user_by_name("dorte").value()->user_id;
    CHECK(store.account_themes(id).value().empty());
    CHECK(store.set_account_themes("dorte", {"integration", "climate"}).value());
    CHECK(store.account_themes(id).value() == std::vector<std::string>{"climate", "integration"});
    CHECK(store.set_account_themes("dorte", {"co_creation"}).value());
    CHECK(store.account_themes(id).value() == std::vector<std::string>{"co_creation"});
    CHECK_FALSE(store.set_account_themes("nobody", {"climate"}).value());
}

TEST_CASE("[pipeline store] a group commit answers each transition alone: a refused or failing one leaves the others stored") {
    const std::string path = test::make_temp_dir("idekort-pipeline-group") + "/idekort.db";
    auto store = SqliteStorage::open(path);
    REQUIRE(store.ok());
    REQUIRE(store.value()->ingest({item("card-a", "AAAA-AAAA"), item("card-b", "BBBB-BBBB"), item("card-c", "CCCC-CCCC"),
                                   item("card-d", "DDDD-DDDD")}).ok());
    // card-c was triaged once already: its log holds version 1.
    REQUIRE(store.value()->transition("card-c", triage_to("climate", 0), by_triage(PipelineAction::Triage, 2000)).value().decision);
    // A decider that writes version 1 again: the log's UNIQUE (card_id, version) fails inside the
    // transaction, after the card's row was already updated.
    const PipelineDecider writes_a_logged_version = [](const CardPipeline& card) {
        PipelineDecision d;
        PipelinePosition after = card.position;
        after.state = CardState::Closed;
        after.close_reason = CloseReason::NoStrategicFit;
        d.after = after;   // version not raised
        return d;
    };
    std::vector<TransitionJob> jobs = {
        {"card-a", triage_to("climate", 0), by_triage(PipelineAction::Triage, 3000), {}},
        {"card-b", triage_to("climate", 5), by_triage(PipelineAction::Triage, 3000), {}},   // stale: refused
        {"card-c", writes_a_logged_version, by_triage(PipelineAction::Close, 3000), {}},     // fails in SQL
        {"card-d", triage_to("integration", 0), by_triage(PipelineAction::Triage, 3000), {}},
    };
    auto outcomes = store.value()->transition_group(jobs);
    REQUIRE(outcomes.ok());
    REQUIRE(outcomes.value().size() == 4);
    CHECK(outcomes.value()[0].ok());
    CHECK(outcomes.value()[0].value().decision);
    CHECK(outcomes.value()[1].ok());
    CHECK_FALSE(outcomes.value()[1].value().decision);
    CHECK(outcomes.value()[1].value().decision.refusal.kind == Refusal::Stale);
    CHECK_FALSE(outcomes.value()[2].ok());
    CHECK(outcomes.value()[3].ok());
    CHECK(outcomes.value()[3].value().decision);

    // Read back from a fresh connection: what was committed is on disk.
    store.value().reset();
    auto reopened = SqliteStorage::open(path);
    REQUIRE(reopened.ok());
    const auto state = [&](const char* id) { return reopened.value()->card_pipeline(id).value()->position; };
    CHECK(state("card-a").state == CardState::Triaged);
    CHECK(state("card-a").theme == "climate");
    CHECK(state("card-b").state == CardState::Received);
    CHECK(reopened.value()->transitions("card-b").value().empty());
    CHECK(state("card-c").state == CardState::Triaged);   // its failed close took back its own update only
    CHECK(state("card-c").version == 1);
    CHECK(reopened.value()->transitions("card-c").value().size() == 1);
    CHECK(state("card-d").state == CardState::Triaged);
    CHECK(state("card-d").theme == "integration");
}

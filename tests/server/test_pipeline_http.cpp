// The pipeline over HTTP (issue 14): the real idekort-server binary on a loopback port with a
// real SQLite file, and real accounts of every role logged in with passwords. The table: every
// action of the process, from every state, by every role (a director of the card's theme and one
// of another theme counted apart), allowed and refused, with the status and error a client gets
// and the card's place read back afterwards. Then: two directors deciding at once (one wins, the
// other gets 409 with the card as it is now), refusals in words (422), and the log.
//
// The process table itself is checked by hand, row by row, in tests/common/test_pipeline.cpp;
// here the expectation for each cell comes from decide(), and what is tested is that the server
// applies it: the route, the account's role and themes, the stored version, the status codes.
#include "common/card_id.h"
#include "common/card_json.h"
#include "common/pipeline.h"
#include "common/programme_config.h"
#include "common/protocol/cards.h"
#include "common/protocol/meetings.h"
#include "common/protocol/pipeline.h"
#include "common/protocol/message.h"
#include "common/file_io.h"
#include "server_harness.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

using namespace idekort;
using namespace idekort::test;

namespace {

constexpr const char* key = "pipeline-submission-key-01";
constexpr const char* password = "a password long enough";

std::string programme_with_theme_criteria();

ProgrammeConfig programme() {
    auto p = ProgrammeConfig::parse(programme_with_theme_criteria(), "programme.json");
    REQUIRE(p.ok());
    return p.value();
}

// Who asks, as the test names them: the role, and for directors whether the card's theme is theirs.
struct Asker {
    const char* name;
    const char* role;
    std::vector<std::string> themes;
};
const std::vector<Asker> askers = {
    {"ada", "admin", {}},
    {"tove", "triage", {}},
    {"dorte", "director", {"climate"}},       // answers for the cards' theme
    {"dan", "director", {"integration"}},     // answers for another theme
    {"finn", "facilitator", {}},
};

// The shipped programme, with the climate theme's own screening criterion and the integration
// theme's yearly budget (the shipped file sets none).
std::string programme_with_theme_criteria() {
    std::string p = replace_once(read_project_file("assets/programme/programme.json"), "\"id\": \"climate\",",
                                 "\"id\": \"climate\", \"theme_criteria\": [{\"id\": \"less_co2\", \"text\": {\"da\": \"Mindre CO2\", \"en\": \"Less CO2\"}}],");
    return replace_once(p, "\"id\": \"integration\",", "\"id\": \"integration\", \"yearly_budget_dkk\": 50000,");
}

struct Office {
    Office() : dir(make_temp_dir("idekort-pipeline-http")), web(make_temp_dir("idekort-pipeline-web")) {
        REQUIRE(file_io::write_file(web + "/index.html", "<!doctype html><title>idekort</title>").ok());
        REQUIRE(file_io::write_file(dir + "/programme.json", programme_with_theme_criteria()).ok());
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN,
            std::vector<std::string>{"--data-dir", dir + "/data", "--web-root", web, "--submission-key", key, "--rate-ip", "0",
                                     "--rate-login", "0", "--rate-key", "0", "--rate-key-address", "0", "--rate-status", "0",
                                     "--programme", dir + "/programme.json"});
        REQUIRE_MESSAGE(server->started(), server->log());
        client = std::make_unique<HttpClient>(server->port());
        for (const Asker& a : askers) {
            REQUIRE(create_account(IDEKORT_SERVER_BIN, dir + "/data", a.name, password, a.role));
            auto r = client->post("/api/v1/admin/login", std::string("{\"username\":\"") + a.name + "\",\"password\":\"" + password + "\"}");
            REQUIRE_MESSAGE(r.status == 200, r.body);
            tokens[a.name] = json_text(r.body, "token");
        }
        for (const Asker& a : askers) {
            if (a.themes.empty()) continue;
            protocol::AccountThemesRequest themes{a.themes};
            auto r = client->request("PUT", std::string("/api/v1/admin/users/") + a.name + "/themes", protocol::to_json(themes),
                                     {{"Authorization", "Bearer " + tokens["ada"]}, {"Content-Type", "application/json"}});
            REQUIRE_MESSAGE(r.status == 200, r.body);
        }
    }

    // Another account, logged in, with `themes`.
    void add_account(const std::string& name, const char* role, const std::vector<std::string>& themes) {
        REQUIRE(create_account(IDEKORT_SERVER_BIN, dir + "/data", name, password, role));
        auto r = client->post("/api/v1/admin/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}");
        REQUIRE(r.status == 200);
        tokens[name] = json_text(r.body, "token");
        if (themes.empty()) return;
        auto t = client->request("PUT", "/api/v1/admin/users/" + name + "/themes", protocol::to_json(protocol::AccountThemesRequest{themes}),
                                 {{"Authorization", "Bearer " + tokens["ada"]}, {"Content-Type", "application/json"}});
        REQUIRE(t.status == 200);
    }

    HttpResult put_json(const std::string& target, const std::string& body, const std::string& asker) {
        return client->request("PUT", target, body, {{"Authorization", "Bearer " + tokens[asker]}, {"Content-Type", "application/json"}});
    }

    static std::string json_text(const std::string& body, const char* name) {
        json::ObjectReader r(body, JsonLimits{});
        return r.optional_text(name).value_or("");
    }

    // A new card, received.
    std::string new_card() {
        const std::string id = to_string(new_uuid());
        auto r = client->put("/api/v1/cards/" + id, card_with_id(read_project_file("tests/fixtures/card-v1.json"), id), key);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return id;
    }

    HttpResult transition(const std::string& card, const std::string& asker, const protocol::TransitionRequest& request) {
        return client->post("/api/v1/cards/" + card + "/transitions", protocol::to_json(request), tokens[asker]);
    }

    protocol::PipelineCardReply view(const std::string& card, const std::string& asker = "ada") {
        auto r = client->get("/api/v1/cards/" + card + "/pipeline", tokens[asker]);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        auto reply = protocol::from_json<protocol::PipelineCardReply>(r.body);
        REQUIRE_MESSAGE(reply.ok(), r.body);
        return reply.value();
    }

    std::string dir, web;
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<HttpClient> client;
    std::map<std::string, std::string> tokens;
    std::string survivor;   // the card duplicates are merged into
};

// A complete request for `action` on a card in `state`: what the office app would send.
protocol::TransitionRequest request_for(PipelineAction action, CardState state, std::int64_t version, const std::string& survivor) {
    protocol::TransitionRequest r;
    r.action = std::string(to_string(action));
    r.version = version;
    r.why = "test table";
    switch (action) {
    case PipelineAction::Triage: r.theme = "climate"; break;
    case PipelineAction::MergeDuplicate: r.merged_into = survivor; r.feedback = "Din idé er lagt sammen med en lignende."; break;
    case PipelineAction::AskForMore: r.feedback = "Hvem er målgruppen helt præcist?"; break;
    case PipelineAction::FundStep:
        r.test_card = protocol::TestCardEntry{0, "Vi tror, at elever og ældre får glæde af at reparere cykler sammen",
                                              "For at afprøve det vil vi holde tre eftermiddage på ét plejehjem",
                                              "og måle, hvor mange der kommer igen", "Vi har ret, hvis halvdelen kommer igen",
                                              "2027-01-01", "2027-03-31", 20000, "Åse Ørum", "", "", "", ""};
        break;
    case PipelineAction::RecordLearning:
        r.learning = protocol::LearningEntry{"at de ville komme igen", "otte af tolv kom igen", "faste tider virker bedst", "next_step"};
        break;
    case PipelineAction::Close:
        r.reason = state == CardState::StepFunded || state == CardState::LearningRecorded ? "stopped_after_test" : "no_strategic_fit";
        r.feedback = "Tak for idéen; den går ikke videre nu.";
        break;
    default: break;
    }
    return r;
}

// The admin's way from received to `state`.
const std::map<CardState, std::vector<PipelineAction>> path_to = {
    {CardState::Received, {}},
    {CardState::Triaged, {PipelineAction::Triage}},
    {CardState::InScreening, {PipelineAction::Triage, PipelineAction::PlanScreening}},
    {CardState::InvitedToPitch, {PipelineAction::Triage, PipelineAction::PlanScreening, PipelineAction::InviteToPitch}},
    {CardState::Pitched, {PipelineAction::Triage, PipelineAction::PlanScreening, PipelineAction::InviteToPitch, PipelineAction::RecordPitch}},
    {CardState::StepFunded, {PipelineAction::Triage, PipelineAction::PlanScreening, PipelineAction::InviteToPitch, PipelineAction::RecordPitch,
                             PipelineAction::FundStep}},
    {CardState::LearningRecorded, {PipelineAction::Triage, PipelineAction::PlanScreening, PipelineAction::InviteToPitch,
                                   PipelineAction::RecordPitch, PipelineAction::FundStep, PipelineAction::RecordLearning}},
    {CardState::Closed, {PipelineAction::Close}},
};

// A fresh card in `state`, and its version.
std::pair<std::string, std::int64_t> card_in(Office& office, CardState state) {
    const std::string id = office.new_card();
    std::int64_t version = 0;
    CardState now = CardState::Received;
    for (PipelineAction step : path_to.at(state)) {
        auto r = office.transition(id, "ada", request_for(step, now, version, office.survivor));
        REQUIRE_MESSAGE(r.status == 200, r.body);
        auto moved = protocol::from_json<protocol::PipelineCardReply>(r.body);
        REQUIRE(moved.ok());
        version = moved.value().version;
        now = moved.value().state;
    }
    REQUIRE(now == state);
    return {id, version};
}

PipelineActor actor_of(const Asker& a) {
    return PipelineActor{parse_role(a.role).value(), a.themes};
}

} // namespace

TEST_CASE("[pipeline http] every action from every state by every role: allowed moves the card, refused says why and changes nothing") {
    Office office;
    office.survivor = office.new_card();
    const ProgrammeConfig p = programme();
    const std::vector<CardState> states = {CardState::Received, CardState::Triaged, CardState::InScreening, CardState::InvitedToPitch,
                                           CardState::Pitched, CardState::StepFunded, CardState::LearningRecorded, CardState::Closed};
    int allowed = 0, refused_role = 0, refused_theme = 0, refused_state = 0, refused_route = 0;
    for (PipelineAction action : all_pipeline_actions()) {
        for (CardState state : states) {
            // Refusals leave the card as it was, so one card serves every refusal of this cell;
            // each allowed move needs a card of its own.
            auto [shared_card, shared_version] = card_in(office, state);
            for (const Asker& asker : askers) {
                const std::string action_name(to_string(action)), state_name(to_string(state)), who = asker.name;
                CAPTURE(action_name);
                CAPTURE(state_name);
                CAPTURE(who);
                PipelinePosition position;
                position.state = state;
                position.theme = state == CardState::Received || state == CardState::Closed ? "" : "climate";
                position.step = state == CardState::StepFunded || state == CardState::LearningRecorded ? 1 : 0;
                position.version = shared_version;
                PipelineRequest probe;
                probe.action = action;
                probe.expected_version = shared_version;
                const auto wire = request_for(action, state, shared_version, office.survivor);
                probe.theme = wire.theme;
                probe.merged_into = wire.merged_into;
                probe.reason = wire.reason.empty() ? std::nullopt : parse_close_reason(wire.reason);
                probe.feedback = wire.feedback;
                const PipelineDecision expected = decide(position, probe, actor_of(asker), p);

                std::string card = shared_card;
                if (expected) card = card_in(office, state).first;
                const HttpResult r = office.transition(card, asker.name, wire);
                CAPTURE(r.body);
                if (std::string(asker.role) == "facilitator") {
                    // Facilitators run workshops; the route itself is closed to them.
                    CHECK(r.status == 403);
                    CHECK(Office::json_text(r.body, "error") == "forbidden");
                    ++refused_route;
                } else if (expected) {
                    REQUIRE(r.status == 200);
                    auto moved = protocol::from_json<protocol::PipelineCardReply>(r.body).value();
                    CHECK(moved.state == expected.after->state);
                    CHECK(moved.version == shared_version + 1);
                    const auto stored = office.view(card);
                    CHECK(stored.state == expected.after->state);
                    CHECK(stored.step == expected.after->step);
                    REQUIRE(!stored.log.empty());
                    CHECK(stored.log.back().by == who);
                    CHECK(stored.log.back().role == asker.role);
                    CHECK(stored.log.back().action == action_name);
                    CHECK(stored.log.back().why == "test table");
                    ++allowed;
                } else {
                    const int want = expected.refusal.kind == Refusal::NotYourRole || expected.refusal.kind == Refusal::NotYourTheme ? 403
                                   : expected.refusal.kind == Refusal::Invalid ? 422 : 409;
                    CHECK(r.status == want);
                    auto refusal = protocol::from_json<protocol::TransitionRefusalReply>(r.body);
                    REQUIRE_MESSAGE(refusal.ok(), r.body);
                    CHECK(refusal.value().message == expected.refusal.message);   // in words
                    REQUIRE(refusal.value().current.has_value());
                    CHECK(refusal.value().current->state == state);
                    CHECK(refusal.value().current->version == shared_version);
                    if (expected.refusal.kind == Refusal::NotYourRole) { CHECK(refusal.value().error == "not_your_role"); ++refused_role; }
                    if (expected.refusal.kind == Refusal::NotYourTheme) { CHECK(refusal.value().error == "not_your_theme"); ++refused_theme; }
                    if (expected.refusal.kind == Refusal::WrongState) { CHECK(refusal.value().error == "wrong_state"); ++refused_state; }
                    CHECK(expected.refusal.kind != Refusal::Stale);
                }
            }
            // Whatever was refused, the shared card is where it was.
            CHECK(office.view(shared_card).version == shared_version);
        }
    }
    // The table has every kind of cell, not only refusals.
    CHECK(allowed >= 30);
    CHECK(refused_role > 0);
    CHECK(refused_theme > 0);
    CHECK(refused_state > 0);
    CHECK(refused_route == static_cast<int>(all_pipeline_actions().size() * states.size()));
}

TEST_CASE("[pipeline http] two directors decide at once: one wins, the other gets 409 with the card as it is now") {
    Office office;
    office.add_account("dagmar", "director", {"climate"});
    for (int round = 0; round < 8; ++round) {
        auto [card, version] = card_in(office, CardState::InScreening);
        // Dorte invites to pitch; Dagmar, who saw the same version, closes the card.
        protocol::TransitionRequest invite = request_for(PipelineAction::InviteToPitch, CardState::InScreening, version, "");
        protocol::TransitionRequest close = request_for(PipelineAction::Close, CardState::InScreening, version, "");
        HttpResult invited, closed;
        std::atomic<int> ready{0};
        const auto go = [&](const char* who, const protocol::TransitionRequest& request, HttpResult& out) {
            HttpClient own(office.server->port());
            ++ready;
            while (ready < 2) std::this_thread::yield();
            out = own.post("/api/v1/cards/" + card + "/transitions", protocol::to_json(request), office.tokens[who]);
        };
        std::thread a(go, "dorte", std::cref(invite), std::ref(invited));
        std::thread b(go, "dagmar", std::cref(close), std::ref(closed));
        a.join();
        b.join();
        CAPTURE(invited.body);
        CAPTURE(closed.body);
        REQUIRE(((invited.status == 200) != (closed.status == 200)));
        const HttpResult& loser = invited.status == 200 ? closed : invited;
        const CardState won = invited.status == 200 ? CardState::InvitedToPitch : CardState::Closed;
        CHECK(loser.status == 409);
        auto refusal = protocol::from_json<protocol::TransitionRefusalReply>(loser.body);
        REQUIRE(refusal.ok());
        CHECK(refusal.value().error == "stale_version");
        CHECK(refusal.value().message.find("changed since you saw it") != std::string::npos);
        REQUIRE(refusal.value().current.has_value());
        CHECK(refusal.value().current->state == won);           // told what happened
        CHECK(refusal.value().current->version == version + 1);
        const auto stored = office.view(card);
        CHECK(stored.state == won);
        CHECK(stored.log.size() == static_cast<std::size_t>(version + 1));   // one row per transition, none for the loser
    }
}

TEST_CASE("[pipeline http] bad requests are refused in words that name the problem, and the card is unchanged") {
    Office office;
    auto [card, version] = card_in(office, CardState::Triaged);
    const auto refuse = [&](const std::string& body, int status, const std::string& field, const std::string& words) {
        CAPTURE(body);
        auto r = office.client->post("/api/v1/cards/" + card + "/transitions", body, office.tokens["tove"]);
        CAPTURE(r.body);
        CHECK(r.status == status);
        if (!field.empty()) CHECK(Office::json_text(r.body, "field") == field);
        CHECK(Office::json_text(r.body, "message").find(words) != std::string::npos);
    };
    const std::string v = std::to_string(version);
    refuse("{\"version\":" + v + "}", 422, "action", "action is required");
    refuse("{\"action\":\"approve\",\"version\":" + v + "}", 422, "action", "action must be one of triage, merge_duplicate");
    refuse("{\"action\":\"triage\"}", 422, "version", "version is required");
    refuse("{\"action\":\"triage\",\"version\":" + v + ",\"theme\":\"space\"}", 422, "", "'space' is not one of the programme's themes");
    refuse("{\"action\":\"close\",\"version\":" + v + ",\"reason\":\"boring\",\"feedback\":\"x\"}", 422, "reason", "reason must be one of no_strategic_fit");
    refuse("{\"action\":\"close\",\"version\":" + v + ",\"reason\":\"no_strategic_fit\"}", 422, "", "write the author a few words on why");
    refuse("{\"action\":\"merge_duplicate\",\"version\":" + v + ",\"merged_into\":\"" + to_string(new_uuid()) + "\",\"feedback\":\"x\"}", 422,
           "merged_into", "merged_into names no card on this server");
    refuse("{\"action\":\"merge_duplicate\",\"version\":" + v + ",\"merged_into\":\"" + card + "\",\"feedback\":\"x\"}", 422, "merged_into",
           "a card cannot be a duplicate of itself");
    refuse("not json", 400, "", "");
    auto missing = office.client->post("/api/v1/cards/" + to_string(new_uuid()) + "/transitions",
                                       "{\"action\":\"triage\",\"version\":0,\"theme\":\"climate\"}", office.tokens["tove"]);
    CHECK(missing.status == 404);
    auto unknown_theme = office.client->request("PUT", "/api/v1/admin/users/dorte/themes", "{\"themes\":[\"climate\",\"space\"]}",
                                                {{"Authorization", "Bearer " + office.tokens["ada"]}, {"Content-Type", "application/json"}});
    CHECK(unknown_theme.status == 422);
    CHECK(Office::json_text(unknown_theme.body, "field") == "themes[1]");
    const auto after = office.view(card);
    CHECK(after.version == version);
    CHECK(after.state == CardState::Triaged);
}

TEST_CASE("[pipeline http] each role sees the actions it may take on a card") {
    Office office;
    auto [card, version] = card_in(office, CardState::InScreening);
    (void)version;
    CHECK(office.view(card, "tove").actions.empty());   // screening is the directors'
    const auto own = office.view(card, "dorte").actions;
    CHECK(std::find(own.begin(), own.end(), "invite_to_pitch") != own.end());
    CHECK(std::find(own.begin(), own.end(), "close") != own.end());
    CHECK(office.view(card, "dan").actions.empty());    // not his theme
    auto facilitator = office.client->get("/api/v1/cards/" + card + "/pipeline", office.tokens["finn"]);
    CHECK(facilitator.status == 403);
}

TEST_CASE("[pipeline http] a screening meeting: planned with its agenda, scored by two directors as participants poll, decided against the scores") {
    Office office;
    office.add_account("dagmar", "director", {"climate"});
    auto [first, first_version] = card_in(office, CardState::InScreening);
    auto [second, second_version] = card_in(office, CardState::InScreening);
    auto [triaged, triaged_version] = card_in(office, CardState::Triaged);
    (void)second_version;
    (void)triaged_version;
    const auto plan = [&](const protocol::MeetingRequest& m) { return office.client->post("/api/v1/meetings", protocol::to_json(m), office.tokens["tove"]); };

    // Planning refuses, naming the member, what would make a meeting that cannot work.
    auto not_screened = plan({"2026-12-03", {"climate"}, {"dorte"}, {{triaged, 15}}});
    CHECK(not_screened.status == 422);
    CHECK(Office::json_text(not_screened.body, "field") == "agenda[0].card_id");
    CHECK(Office::json_text(not_screened.body, "message").find("is triaged; plan it for screening") != std::string::npos);
    auto not_director = plan({"2026-12-03", {"climate"}, {"dorte", "tove"}, {{first, 15}}});
    CHECK(not_director.status == 422);
    CHECK(Office::json_text(not_director.body, "field") == "participants[1]");
    CHECK(plan({"3 December", {"climate"}, {"dorte"}, {{first, 15}}}).status == 422);
    CHECK(plan({"2026-12-03", {"integration"}, {"dorte"}, {{first, 15}}}).status == 422);   // the card's theme is not screened
    CHECK(plan({"2026-12-03", {"climate"}, {"dorte"}, {{first, 0}}}).status == 422);

    auto planned = plan({"2026-12-03", {"climate"}, {"dorte", "dagmar"}, {{first, 20}, {second, 10}}});
    REQUIRE_MESSAGE(planned.status == 201, planned.body);
    auto meeting = protocol::from_json<protocol::MeetingReply>(planned.body).value();
    CHECK(meeting.agenda.size() == 2);
    CHECK(meeting.agenda[0].minutes == 20);
    const std::string at = "/api/v1/meetings/" + meeting.meeting_id;
    const auto poll = [&](const std::string& who) {
        auto r = office.client->get(at, office.tokens[who]);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return protocol::from_json<protocol::MeetingReply>(r.body).value();
    };
    CHECK(office.client->get(at, office.tokens["dan"]).status == 403);   // not a participant
    const std::int64_t start = poll("dagmar").revision;
    // The director's tablet has the agenda's cards to read (issue 15), without who wrote them.
    {
        const auto with_cards = poll("dagmar");
        REQUIRE(with_cards.cards.size() == 2);
        CHECK(with_cards.cards[0].card_id == first);
        CHECK(with_cards.cards[0].state == CardState::InScreening);
        CHECK(with_cards.cards[0].sender.empty());
        auto card = card_from_json(with_cards.cards[0].card_json);
        REQUIRE(card.ok());
        CHECK_FALSE(card.value().title.empty());
        CHECK_FALSE(card.value().has_contact);
        CHECK(with_cards.cards[0].card_json.find("contact") == std::string::npos);
    }

    // Dorte scores the first card on the general criteria and the theme's own.
    protocol::ScoresRequest dorte{{{"", "", "target_group", "yes", "Klar målgruppe: plejehjemsbeboere"},
                                   {"", "", "gain_potential", "partly", ""},
                                   {"", "", "cross_organisational", "yes", ""},
                                   {"", "", "less_co2", "no", "Ingen CO2-effekt"}}};
    auto scored = office.put_json(at + "/cards/" + first + "/scores", protocol::to_json(dorte), "dorte");
    REQUIRE_MESSAGE(scored.status == 200, scored.body);
    // Dagmar, polling, sees the revision move and Dorte's scores.
    const auto seen = poll("dagmar");
    CHECK(seen.revision > start);
    CHECK(std::count_if(seen.scores.begin(), seen.scores.end(), [](const protocol::ScoreEntry& e) { return e.director == "dorte"; }) == 4);
    protocol::ScoresRequest dagmar{{{"", "", "target_group", "yes", ""}, {"", "", "gain_potential", "yes", ""}}};
    REQUIRE(office.put_json(at + "/cards/" + first + "/scores", protocol::to_json(dagmar), "dagmar").status == 200);
    CHECK(poll("dorte").revision > seen.revision);

    // Scores that cannot count are refused in words.
    auto unknown = office.put_json(at + "/cards/" + first + "/scores", "{\"scores\":[{\"criterion\":\"beauty\",\"score\":\"yes\"}]}", "dorte");
    CHECK(unknown.status == 422);
    CHECK(Office::json_text(unknown.body, "field") == "scores[0].criterion");
    auto maybe = office.put_json(at + "/cards/" + first + "/scores", "{\"scores\":[{\"criterion\":\"target_group\",\"score\":\"maybe\"}]}", "dorte");
    CHECK(maybe.status == 422);
    CHECK(Office::json_text(maybe.body, "field") == "scores[0].score");
    CHECK(office.put_json(at + "/cards/" + first + "/scores", protocol::to_json(dagmar), "dan").status == 403);
    CHECK(office.put_json(at + "/cards/" + first + "/scores", protocol::to_json(dagmar), "tove").status == 403);
    CHECK(office.put_json(at + "/cards/" + triaged + "/scores", protocol::to_json(dagmar), "dorte").status == 404);   // not on the agenda
    CHECK(poll("dorte").scores.size() == 6);   // the refusals changed nothing

    // The decision, against the scores: recorded with their tally, and the card moves.
    auto not_decision = office.client->post(at + "/cards/" + first + "/decision",
                                            protocol::to_json(request_for(PipelineAction::FundStep, CardState::InScreening, first_version, "")),
                                            office.tokens["dorte"]);
    CHECK(not_decision.status == 422);
    auto invited = office.client->post(at + "/cards/" + first + "/decision",
                                       protocol::to_json(request_for(PipelineAction::InviteToPitch, CardState::InScreening, first_version, "")),
                                       office.tokens["dorte"]);
    REQUIRE_MESSAGE(invited.status == 200, invited.body);
    CHECK(protocol::from_json<protocol::PipelineCardReply>(invited.body).value().state == CardState::InvitedToPitch);
    auto closed = office.client->post(at + "/cards/" + second + "/decision",
                                      protocol::to_json(request_for(PipelineAction::Close, CardState::InScreening, 2, "")),
                                      office.tokens["dagmar"]);
    REQUIRE_MESSAGE(closed.status == 200, closed.body);
    const auto after = poll("tove");
    REQUIRE(after.decisions.size() == 2);
    const auto& decision = after.decisions[0].card_id == first ? after.decisions[0] : after.decisions[1];
    CHECK(decision.decision == "invite_to_pitch");
    CHECK(decision.by == "dorte");
    CHECK(decision.yes == 4);
    CHECK(decision.partly == 1);
    CHECK(decision.no == 1);
    const auto& other = after.decisions[0].card_id == second ? after.decisions[0] : after.decisions[1];
    CHECK(other.decision == "close");
    CHECK(other.yes + other.partly + other.no == 0);
    const auto card = office.view(first);
    CHECK(card.state == CardState::InvitedToPitch);
    CHECK(card.log.back().by == "dorte");
    // A decided card takes no more scores.
    CHECK(office.put_json(at + "/cards/" + first + "/scores", protocol::to_json(dorte), "dorte").status == 409);
}

TEST_CASE("[pipeline http] funded steps carry test cards and learning; the ledger refuses a budget overrun in words with what remains") {
    Office office;
    office.add_account("ib", "director", {"integration"});
    // Two integration cards (budget 50,000 kr. a year) pitched; the climate theme has no budget.
    const auto pitched_in = [&](const std::string& theme) {
        const std::string id = office.new_card();
        std::int64_t version = 0;
        for (PipelineAction step : path_to.at(CardState::Pitched)) {
            auto request = request_for(step, CardState::Received, version, "");
            if (step == PipelineAction::Triage) request.theme = theme;
            auto r = office.transition(id, "ada", request);
            REQUIRE_MESSAGE(r.status == 200, r.body);
            version = protocol::from_json<protocol::PipelineCardReply>(r.body).value().version;
        }
        return std::make_pair(id, version);
    };
    auto [first, first_version] = pitched_in("integration");
    auto [second, second_version] = pitched_in("integration");

    // No test card, or one over the step's amount: refused, naming the member.
    auto bare = request_for(PipelineAction::FundStep, CardState::Pitched, first_version, "");
    bare.test_card.reset();
    auto no_card = office.transition(first, "ib", bare);
    CHECK(no_card.status == 422);
    CHECK(Office::json_text(no_card.body, "field") == "test_card");
    auto greedy = request_for(PipelineAction::FundStep, CardState::Pitched, first_version, "");
    greedy.test_card->budget_dkk = 25001;
    auto too_much = office.transition(first, "ib", greedy);
    CHECK(too_much.status == 422);
    CHECK(Office::json_text(too_much.body, "message").find("0 to 25000 kr., the amount of step 1") != std::string::npos);
    auto vague = request_for(PipelineAction::FundStep, CardState::Pitched, first_version, "");
    vague.test_card->success_criterion = " ";
    auto unclear = office.transition(first, "ib", vague);
    CHECK(unclear.status == 422);
    CHECK(Office::json_text(unclear.body, "field") == "test_card.success_criterion");

    // 20,000 + 20,000 fit the 50,000; its learning, then step 2 at 20,000 more would not.
    auto funded = office.transition(first, "ib", request_for(PipelineAction::FundStep, CardState::Pitched, first_version, ""));
    REQUIRE_MESSAGE(funded.status == 200, funded.body);
    REQUIRE(office.transition(second, "ib", request_for(PipelineAction::FundStep, CardState::Pitched, second_version, "")).status == 200);
    auto learned = office.transition(first, "ib", request_for(PipelineAction::RecordLearning, CardState::StepFunded, first_version + 1, ""));
    REQUIRE_MESSAGE(learned.status == 200, learned.body);
    auto step_two = office.transition(first, "ib", request_for(PipelineAction::FundStep, CardState::LearningRecorded, first_version + 2, ""));
    CHECK(step_two.status == 422);
    auto refusal = protocol::from_json<protocol::TransitionRefusalReply>(step_two.body);
    REQUIRE(refusal.ok());
    CHECK(refusal.value().error == "over_budget");
    CHECK(refusal.value().message.find("past its budget of 50000 kr.") != std::string::npos);
    CHECK(refusal.value().message.find("10000 kr. remain") != std::string::npos);
    REQUIRE(refusal.value().current.has_value());
    CHECK(refusal.value().current->state == CardState::LearningRecorded);
    // 10,000 still fits.
    auto modest = request_for(PipelineAction::FundStep, CardState::LearningRecorded, first_version + 2, "");
    modest.test_card->budget_dkk = 10000;
    REQUIRE(office.transition(first, "ib", modest).status == 200);

    const auto card = office.view(first, "ib");
    CHECK(card.step == 2);
    REQUIRE(card.test_cards.size() == 2);
    CHECK(card.test_cards[0].step == 1);
    CHECK(card.test_cards[0].hypothesis.rfind("Vi tror, at", 0) == 0);
    CHECK(card.test_cards[0].budget_dkk == 20000);
    CHECK(card.test_cards[0].observed == "otte af tolv kom igen");
    CHECK(card.test_cards[0].learning_decision == "next_step");
    CHECK(card.test_cards[1].budget_dkk == 10000);
    CHECK(card.test_cards[1].learning_decision.empty());

    auto ledger = office.client->get("/api/v1/ledger", office.tokens["tove"]);
    REQUIRE_MESSAGE(ledger.status == 200, ledger.body);
    const auto money = protocol::from_json<protocol::LedgerReply>(ledger.body).value();
    const auto integration = std::find_if(money.themes.begin(), money.themes.end(), [](const protocol::LedgerTheme& t) { return t.theme == "integration"; });
    REQUIRE(integration != money.themes.end());
    CHECK(integration->budget_dkk == std::optional<std::int64_t>(50000));
    CHECK(integration->committed_dkk == 50000);
    CHECK(integration->remaining_dkk == std::optional<std::int64_t>(0));
    REQUIRE(integration->steps.size() == 2);
    CHECK(integration->steps[0].committed_dkk == 40000);
    CHECK(integration->steps[0].cards == 2);
    CHECK(integration->steps[1].committed_dkk == 10000);
    const auto climate = std::find_if(money.themes.begin(), money.themes.end(), [](const protocol::LedgerTheme& t) { return t.theme == "climate"; });
    CHECK_FALSE(climate->budget_dkk.has_value());
    CHECK(office.client->get("/api/v1/ledger?year=next", office.tokens["tove"]).status == 400);
}

// [SECTION] Done means (issue 14): the whole process through the API.

namespace {
// The public status page, as the person holding the receipt sees it.
protocol::CardStatusReply status_of(Office& office, const std::string& receipt) {
    auto r = office.client->get("/api/v1/status/" + receipt);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    auto reply = protocol::from_json<protocol::CardStatusReply>(r.body, protocol::message_limits(), json::Unknown::Refuse);
    REQUIRE_MESSAGE(reply.ok(), r.body);
    // Nothing else: no names, scores, theme, or times beyond the day of the last change.
    // The receipt itself is random and may hold "T1" or "ada", so it is taken out first.
    std::string body = r.body;
    for (auto at = body.find(receipt); at != std::string::npos; at = body.find(receipt))
        body.erase(at, receipt.size());
    for (const char* never : {"dorte", "tove", "ada", "target_group", "climate", "received_at", "T0", "T1", "T2"})
        CHECK_MESSAGE(body.find(never) == std::string::npos, (std::string(never) + " in " + r.body));
    return reply.value();
}

std::vector<std::string> actions_of(Office& office, const std::string& card, const char* who) { return office.view(card, who).actions; }
bool has(const std::vector<std::string>& actions, const char* action) { return std::find(actions.begin(), actions.end(), action) != actions.end(); }

std::int64_t move(Office& office, const std::string& card, const char* who, protocol::TransitionRequest request) {
    auto r = office.transition(card, who, request);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return protocol::from_json<protocol::PipelineCardReply>(r.body).value().version;
}
} // namespace

TEST_CASE("[pipeline http] done means: one card from received to step 3, another closed early with feedback; every role's view and the status page at each stage") {
    Office office;
    const std::string idea = office.new_card();
    const std::string weak = office.new_card();
    const std::string receipt = office.view(idea).receipt;
    const std::string weak_receipt = office.view(weak).receipt;

    auto s = status_of(office, receipt);
    CHECK(s.state == CardState::Received);
    REQUIRE(s.stage.has_value());
    CHECK(s.stage->da.rfind("Modtaget", 0) == 0);
    CHECK(s.stage->en.rfind("Received", 0) == 0);
    CHECK(s.next->da.find("Borgmesterens Afdeling sorterer") != std::string::npos);
    CHECK(s.changed_on.size() == 10);
    CHECK(s.feedback.empty());
    // Received: the central office sorts; no director acts yet; a facilitator sees nothing.
    CHECK(has(actions_of(office, idea, "tove"), "triage"));
    CHECK(actions_of(office, idea, "dorte").empty());
    CHECK(has(actions_of(office, idea, "ada"), "triage"));
    CHECK(office.client->get("/api/v1/cards/" + idea + "/pipeline", office.tokens["finn"]).status == 403);

    std::int64_t v = move(office, idea, "tove", request_for(PipelineAction::Triage, CardState::Received, 0, ""));
    std::int64_t w = move(office, weak, "tove", request_for(PipelineAction::Triage, CardState::Received, 0, ""));
    CHECK(status_of(office, receipt).stage->en == "Sorted under a theme.");
    CHECK(has(actions_of(office, idea, "tove"), "plan_screening"));
    CHECK(actions_of(office, idea, "dorte").empty());
    v = move(office, idea, "tove", request_for(PipelineAction::PlanScreening, CardState::Triaged, v, ""));
    w = move(office, weak, "tove", request_for(PipelineAction::PlanScreening, CardState::Triaged, w, ""));
    CHECK(status_of(office, receipt).stage->da == "På dagsordenen til direktørernes screeningsmøde.");
    // In screening: the theme's director decides; triage and the other theme's director do not.
    CHECK(actions_of(office, idea, "tove").empty());
    CHECK(has(actions_of(office, idea, "dorte"), "invite_to_pitch"));
    CHECK(actions_of(office, idea, "dan").empty());

    // The meeting: scores, then the decisions against them.
    auto planned = office.client->post("/api/v1/meetings",
                                       protocol::to_json(protocol::MeetingRequest{"2026-12-03", {"climate"}, {"dorte"}, {{idea, 15}, {weak, 10}}}),
                                       office.tokens["tove"]);
    REQUIRE_MESSAGE(planned.status == 201, planned.body);
    const std::string meeting = "/api/v1/meetings/" + protocol::from_json<protocol::MeetingReply>(planned.body).value().meeting_id;
    REQUIRE(office.put_json(meeting + "/cards/" + idea + "/scores",
                            "{\"scores\":[{\"criterion\":\"target_group\",\"score\":\"yes\"},{\"criterion\":\"gain_potential\",\"score\":\"yes\"}]}", "dorte").status == 200);
    REQUIRE(office.put_json(meeting + "/cards/" + weak + "/scores",
                            "{\"scores\":[{\"criterion\":\"target_group\",\"score\":\"no\",\"note\":\"Uklar målgruppe\"}]}", "dorte").status == 200);
    auto invited = office.client->post(meeting + "/cards/" + idea + "/decision",
                                       protocol::to_json(request_for(PipelineAction::InviteToPitch, CardState::InScreening, v, "")), office.tokens["dorte"]);
    REQUIRE_MESSAGE(invited.status == 200, invited.body);
    v += 1;
    auto close = request_for(PipelineAction::Close, CardState::InScreening, w, "");
    close.feedback = "Tak for idéen. Den passer ikke til klimatemaets kriterier lige nu; prøv gerne igen med en tydeligere målgruppe.";
    auto closed = office.client->post(meeting + "/cards/" + weak + "/decision", protocol::to_json(close), office.tokens["dorte"]);
    REQUIRE_MESSAGE(closed.status == 200, closed.body);

    // The early closure, as its author sees it: closed, why in the directors' words, nothing more.
    s = status_of(office, weak_receipt);
    CHECK(s.state == CardState::Closed);
    CHECK(s.stage->da == "Idéen er lukket.");
    CHECK(s.feedback == close.feedback);
    CHECK(s.next->en.find("Thank you for sharing it") != std::string::npos);
    for (const char* who : {"tove", "dorte", "dan", "ada"}) CHECK(actions_of(office, weak, who).empty());
    CHECK(office.view(weak, "tove").close_reason == std::optional<std::string>("no_strategic_fit"));

    CHECK(status_of(office, receipt).stage->en == "You are invited to pitch your idea.");
    CHECK(has(actions_of(office, idea, "tove"), "record_pitch"));   // the office records the pitch
    v = move(office, idea, "tove", request_for(PipelineAction::RecordPitch, CardState::InvitedToPitch, v, ""));
    CHECK(status_of(office, receipt).stage->da == "Din idé er pitchet.");
    CHECK(has(actions_of(office, idea, "dorte"), "fund_step"));
    CHECK_FALSE(has(actions_of(office, idea, "tove"), "fund_step"));

    for (int step = 1; step <= 3; ++step) {
        CAPTURE(step);
        v = move(office, idea, "dorte", request_for(PipelineAction::FundStep, step == 1 ? CardState::Pitched : CardState::LearningRecorded, v, ""));
        s = status_of(office, receipt);
        CHECK(s.state == CardState::StepFunded);
        CHECK(s.stage->da == "Idéen testes nu (trin " + std::to_string(step) + ").");
        CHECK(s.stage->en == "The idea is being tested (step " + std::to_string(step) + ").");
        CHECK(has(actions_of(office, idea, "dorte"), "record_learning"));
        CHECK(actions_of(office, idea, "dan").empty());
        v = move(office, idea, "dorte", request_for(PipelineAction::RecordLearning, CardState::StepFunded, v, ""));
        CHECK(status_of(office, receipt).stage->en == "The test of step " + std::to_string(step) + " has ended, and what you learned is gathered.");
    }
    // After the programme's last step only a close is left.
    const auto last = actions_of(office, idea, "dorte");
    CHECK_FALSE(has(last, "fund_step"));
    CHECK(has(last, "close"));
    const auto card = office.view(idea, "ada");
    CHECK(card.step == 3);
    CHECK(card.test_cards.size() == 3);
    CHECK(card.log.size() == 10);   // triage, plan, invite, pitch, and three times fund + learning
    CHECK(card.log[2].by == "dorte");
    CHECK(card.log[2].role == "director");
}

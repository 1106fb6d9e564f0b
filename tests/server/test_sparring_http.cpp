// A card's sparring partner and advice log over HTTP (issue 14, "Competences, not only money"),
// on the real idekort-server with a real SQLite file: the partner is an account (shown with its
// role) or a named person, the log keeps every piece of advice oldest first, a director works on
// the cards of their own themes only, and bad input is refused with words. Then the advice track:
// a programme file with no funding steps at all runs the same process, and every route and the
// dashboard cope with zero steps.
#include "common/protocol/sparring.h"
#include "office_server.h"

using namespace idekort;
using namespace idekort::test;

namespace {

// The shipped programme with its funding steps turned off: an advice track.
std::string advice_only_programme() {
    std::string p = read_project_file("assets/programme/programme.json");
    const std::size_t from = p.find("\"investment_steps\"");
    REQUIRE(from != std::string::npos);
    const std::size_t open = p.find('[', from), close = p.find(']', open);
    return p.substr(0, open + 1) + p.substr(close);
}

protocol::SparringReply sparring_of(const HttpResult& r) {
    auto reply = protocol::from_json<protocol::SparringReply>(r.body);
    REQUIRE_MESSAGE(reply.ok(), r.body);
    return reply.value();
}

HttpResult put_partner(OfficeServer& s, const std::string& card, const std::string& who, const std::string& body) {
    return s.http->request("PUT", "/api/v1/cards/" + card + "/sparring", body,
                           {{"Authorization", "Bearer " + s.tokens[who]}, {"Content-Type", "application/json"}});
}

HttpResult post_advice(OfficeServer& s, const std::string& card, const std::string& who, const std::string& body) {
    return s.http->post("/api/v1/cards/" + card + "/advice", body, s.tokens[who]);
}

} // namespace

TEST_CASE("[sparring http] a sparring partner (an account or a named person) and a log of advice, for the roles that work on the card") {
    OfficeServer s(read_project_file("assets/programme/programme.json"));
    const std::string card = s.submit();
    s.move(card, {triage("climate")});

    auto empty = s.get("/api/v1/cards/" + card + "/sparring", "tove");
    REQUIRE(empty.status == 200);
    CHECK_FALSE(sparring_of(empty).partner.has_value());
    CHECK(sparring_of(empty).advice.empty());

    auto account = put_partner(s, card, "tove", R"({"account":"dorte"})");
    REQUIRE_MESSAGE(account.status == 200, account.body);
    auto partner = sparring_of(account).partner;
    REQUIRE(partner.has_value());
    CHECK(partner->account == "dorte");
    CHECK(partner->role == "director");
    CHECK(partner->set_by == "tove");

    auto first = post_advice(s, card, "dorte", R"({"given_on":"2026-11-30","agreed":"Mål fremmødet i tre uger","next_step":"Nyt møde 14/12"})");
    REQUIRE_MESSAGE(first.status == 201, first.body);
    auto second = post_advice(s, card, "ada", R"({"given_on":"2026-12-14","agreed":"Fortsæt med to skoler"})");
    REQUIRE_MESSAGE(second.status == 201, second.body);
    const auto log = sparring_of(second).advice;
    REQUIRE(log.size() == 2);
    CHECK(log[0].agreed == "Mål fremmødet i tre uger");
    CHECK(log[0].next_step == "Nyt møde 14/12");
    CHECK(log[0].by == "dorte");
    CHECK(log[1].given_on == "2026-12-14");
    CHECK(log[1].by == "ada");

    // A named person from outside replaces the account; the advice log stays.
    auto person = put_partner(s, card, "ada", R"({"name":"Åse Ørum","organisation":"Aarhus Universitet"})");
    REQUIRE_MESSAGE(person.status == 200, person.body);
    const auto now = sparring_of(s.get("/api/v1/cards/" + card + "/sparring", "dorte"));
    REQUIRE(now.partner.has_value());
    CHECK(now.partner->account.empty());
    CHECK(now.partner->role.empty());
    CHECK(now.partner->name == "Åse Ørum");
    CHECK(now.partner->organisation == "Aarhus Universitet");
    CHECK(now.advice.size() == 2);

    SUBCASE("who may not") {
        s.account("dan", "director", {"integration"});
        CHECK(s.get("/api/v1/cards/" + card + "/sparring", "dan").status == 403);   // a director of another theme
        CHECK(put_partner(s, card, "dan", R"({"name":"X"})").status == 403);
        CHECK(post_advice(s, card, "dan", R"({"given_on":"2026-11-30","agreed":"x"})").status == 403);
        CHECK(s.get("/api/v1/cards/" + card + "/sparring", "finn").status == 403);
        CHECK(s.http->get("/api/v1/cards/" + card + "/sparring").status == 401);
        CHECK(s.get("/api/v1/cards/" + to_string(new_uuid()) + "/sparring", "tove").status == 404);
        CHECK(sparring_of(s.get("/api/v1/cards/" + card + "/sparring", "tove")).advice.size() == 2);   // nothing changed
    }
    SUBCASE("bad input is refused with words that name the field, and nothing is stored") {
        const std::vector<std::pair<std::string, std::string>> bad_partners = {
            {R"({})", "account"}, {R"({"account":"dorte","name":"Åse"})", "name"}, {R"({"account":"nobody"})", "account"}};
        for (const auto& [body, field] : bad_partners) {
            CAPTURE(body);
            auto r = put_partner(s, card, "tove", body);
            CHECK(r.status == 422);
            CHECK(r.body.find("\"field\":\"" + field + "\"") != std::string::npos);
        }
        const std::vector<std::pair<std::string, std::string>> bad_advice = {
            {R"({"given_on":"30/11/2026","agreed":"x"})", "given_on"}, {R"({"given_on":"2026-11-30","agreed":"  "})", "agreed"}};
        for (const auto& [body, field] : bad_advice) {
            CAPTURE(body);
            auto r = post_advice(s, card, "tove", body);
            CHECK(r.status == 422);
            CHECK(r.body.find("\"field\":\"" + field + "\"") != std::string::npos);
        }
        const auto after = sparring_of(s.get("/api/v1/cards/" + card + "/sparring", "tove"));
        CHECK(after.partner->name == "Åse Ørum");
        CHECK(after.advice.size() == 2);
    }
}

TEST_CASE("[sparring http] with no funding steps (an advice track) the process, the sparring routes and the dashboard all work") {
    OfficeServer s(advice_only_programme());
    const std::string advised = s.submit(), closed = s.submit();
    // A "step" on the advice track is advice, not money: its test card's budget is 0.
    s.move(advised, {triage("climate"), act("plan_screening"), act("invite_to_pitch"), act("record_pitch"), fund(0)});
    s.move(closed, {triage("integration"), act("plan_screening"), close_no_fit()});

    auto over = s.http->post("/api/v1/cards/" + advised + "/transitions", [&] {
        auto r = fund(1000);
        r.version = 5;
        return protocol::to_json(r);
    }(), s.tokens["ada"]);
    CHECK(over.status == 422);   // no money on an advice track, said in words
    CHECK(over.body.find("advice without money") != std::string::npos);

    auto partner = put_partner(s, advised, "tove", R"({"account":"ada"})");
    REQUIRE_MESSAGE(partner.status == 200, partner.body);
    CHECK(sparring_of(partner).partner->role == "admin");
    REQUIRE(post_advice(s, advised, "ada", R"({"given_on":"2026-11-30","agreed":"Kontakt til Cyklistforbundet"})").status == 201);

    auto view = s.get("/api/v1/cards/" + advised + "/pipeline", "ada");
    REQUIRE(view.status == 200);
    const auto card = protocol::from_json<protocol::PipelineCardReply>(view.body).value();
    CHECK(card.state == CardState::StepFunded);
    CHECK(card.step == 1);
    REQUIRE(card.test_cards.size() == 1);
    CHECK(card.test_cards[0].budget_dkk == 0);

    const auto d = s.dashboard("ada");
    CHECK(d.money.size() <= 1);
    for (const auto& m : d.money) CHECK(m.committed_dkk == 0);
    for (const auto& b : d.budgets) CHECK(b.committed_dkk == 0);
    CHECK(d.days_to_first_decision.cards == 2);
    auto csv = s.get("/api/v1/dashboard?format=csv", "tove");
    CHECK(csv.status == 200);
    auto ledger = s.get("/api/v1/ledger", "ada");
    CHECK(ledger.status == 200);
    auto status = s.http->get("/api/v1/status/" + card.receipt);
    CHECK(status.status == 200);
}

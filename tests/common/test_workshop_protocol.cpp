// The live workshop's messages (common/protocol/workshop.h): join codes as people type them, and
// the messages to JSON and back, with refusals that name the member.
#include "common/protocol/message.h"
#include "common/protocol/workshop.h"

#include <doctest/doctest.h>

using namespace idekort;
using namespace idekort::protocol;

TEST_CASE("[workshop] join codes: typed in any case, with spaces or dashes; never 0, O, 1 or I") {
    CHECK(normalise_join_code("abcd efgh") == "ABCDEFGH");
    CHECK(normalise_join_code("ABCD-2345") == "ABCD2345");
    CHECK(normalise_join_code("ABCD0FGH").empty());   // zero is not in the alphabet
    CHECK(normalise_join_code("ABCDOFGH").empty());   // nor O
    CHECK(normalise_join_code("ABCD1FGH").empty());
    CHECK(normalise_join_code("ABCDIFGH").empty());
    CHECK(normalise_join_code("ABCDEFG").empty());    // too short
    CHECK(normalise_join_code("ABCDEFGHJ").empty());  // too long
    for (char c : std::string(join_code_alphabet)) CHECK(std::string("01OI").find(c) == std::string::npos);
}

TEST_CASE("[workshop] changes round trip, and a subscription names what is wrong") {
    WorkshopChanges c;
    c.revision = 42;
    WorkshopInfo info;
    info.code = "ABCDEFGH";
    info.title = "Mobilitet på Dokk1";
    info.themes = {"climate"};
    info.moderation = "open";
    info.join_path = "/workshop/?workshop=ABCDEFGH";
    c.workshop = info;
    c.clusters.push_back({"c-1", "Transport", "#2a9d8f", "climate", 40});
    WallCard card;
    card.card_id = "5f0c1c9e-8a53-4b53-9d44-3c1c7e1f2a10";
    card.title = "Cykelhotel";
    card.status = "shown";
    card.cluster_id = "c-1";
    card.dots = 4;
    card.revision = 41;
    c.cards.push_back(card);
    c.dots_left = 1;
    c.my_votes.push_back({card.card_id, 2});
    const std::string text = to_json(c);
    auto back = from_json<WorkshopChanges>(text, message_limits(), json::Unknown::Refuse);
    REQUIRE_MESSAGE(back, text);
    CHECK(to_json(back.value()) == text);
    CHECK(text.find("contact") == std::string::npos);

    CHECK(from_json<LiveSubscribe>("{\"type\":\"subscribe\",\"token\":\"t\",\"since\":7}").value().since == 7);
    auto wrong = from_json<LiveSubscribe>("{\"type\":\"hello\",\"token\":\"t\"}");
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().where == "type");
    auto negative = from_json<LiveSubscribe>("{\"type\":\"subscribe\",\"token\":\"t\",\"since\":-1}");
    REQUIRE_FALSE(negative);
    CHECK(negative.error().where == "since");
}

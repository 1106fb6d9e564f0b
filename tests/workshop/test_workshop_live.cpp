// The live workshop's WebSocket (issue 16, point 2) over the real server binary: a wall that
// loses its connection resumes from the last revision it saw with no duplicates and no gaps;
// refusals are said; and a room of participants writing and voting while the wall watches (the
// small version of bench/workshop_bench.cpp).
#include "live_client.h"
#include "workshop_fixture.h"

#include <atomic>
#include <thread>

using namespace idekort;
using namespace idekort::test;
using namespace std::chrono_literals;

TEST_CASE("[workshop-live] a wall that drops its connection resumes from its revision: every card once, none missing") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator);
    const std::string alice = ws.join(code);
    constexpr int total = 60;
    std::vector<std::string> ids;
    for (int i = 0; i < total; ++i) ids.push_back(to_string(new_uuid()));

    LiveClient wall;
    REQUIRE_MESSAGE(wall.connect(ws.server->port(), code, facilitator, 0), wall.error);
    REQUIRE(wall.read_until([&] { return wall.messages >= 1; }, 10s));   // live, nothing yet
    std::atomic<int> written{0};
    std::thread phone([&] {
        HttpClient client(ws.server->port());
        for (int i = 0; i < total; ++i) {
            auto r = client.put("/api/v1/workshops/" + code + "/cards/" + ids[i], short_card("Idé " + std::to_string(i)), alice);
            if (r.status == 201) ++written;
        }
    });
    // The wall sees some, then its network drops while cards keep coming.
    CHECK(wall.read_until([&] { return wall.cards.size() >= 15; }, 20s));
    wall.drop();
    const std::int64_t seen_before = static_cast<std::int64_t>(wall.cards.size());
    // Cards arrive while it is away (the phone goes on), then it reconnects from its revision.
    while (written < 40) std::this_thread::sleep_for(5ms);   // waits for a state, bounded by the phone thread
    REQUIRE_MESSAGE(wall.connect(ws.server->port(), code, facilitator, wall.revision), wall.error);
    phone.join();
    CHECK(written == total);
    CHECK(wall.read_until([&] { return static_cast<int>(wall.cards.size()) == total; }, 20s));
    CHECK(seen_before < total);
    for (const auto& id : ids) {
        INFO(id);
        REQUIRE(wall.cards.count(id) == 1);
        CHECK(wall.cards[id].deliveries == 1);
    }
}

TEST_CASE("[workshop-live] a token that is nobody's is refused with words; a participant sees only shown cards") {
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator, "moderated");
    LiveClient stranger;
    REQUIRE(stranger.connect(ws.server->port(), code, "nobody", 0));
    CHECK_FALSE(stranger.read_until([] { return false; }, 10s));
    CHECK(stranger.last_error_message.find("join again") != std::string::npos);

    const std::string alice = ws.join(code), bob = ws.join(code);
    LiveClient phone;
    REQUIRE(phone.connect(ws.server->port(), code, bob, 0));
    REQUIRE(phone.read_until([&] { return phone.messages >= 1; }, 10s));
    HttpClient client(ws.server->port());
    const std::string id = to_string(new_uuid());
    REQUIRE(client.put("/api/v1/workshops/" + code + "/cards/" + id, short_card("Cykelhotel"), alice).status == 201);
    REQUIRE(phone.read_until([&] { return phone.cards.count(id) == 1; }, 10s));
    CHECK(phone.cards[id].title.empty());   // pending moderation: Bob sees that it is there, not what it says
    REQUIRE(client.post("/api/v1/workshops/" + code + "/cards/" + id + "/move", "{\"hidden\":false}", facilitator).status == 200);
    CHECK(phone.read_until([&] { return phone.cards[id].title == "Cykelhotel"; }, 10s));
}

TEST_CASE("[workshop-live] a room writes and votes while the wall watches: every card on the wall once, every dot once") {
    const int participants = std::getenv("IDEKORT_WORKSHOP_PARTICIPANTS") ? std::atoi(std::getenv("IDEKORT_WORKSHOP_PARTICIPANTS")) : 30;
    WorkshopServer ws;
    const std::string facilitator = ws.login("anne", "facilitator");
    const std::string code = ws.create(facilitator, "open", 3);
    HttpClient admin(ws.server->port());
    REQUIRE(admin.post("/api/v1/workshops/" + code + "/voting", "{\"open\":true}", facilitator).status == 200);
    LiveClient wall;
    REQUIRE(wall.connect(ws.server->port(), code, facilitator, 0));
    REQUIRE(wall.read_until([&] { return wall.messages >= 1; }, 10s));

    std::atomic<int> failures{0};
    std::vector<std::string> first_cards(participants);
    std::vector<std::thread> room;
    for (int p = 0; p < participants; ++p)
        room.emplace_back([&, p] {
            HttpClient client(ws.server->port());
            auto joined = client.post("/api/v1/workshops/" + code + "/participants", "");
            const std::string token = text_of(joined.body, "token");
            for (int c = 0; c < 2; ++c) {
                const std::string id = to_string(new_uuid());
                if (c == 0) first_cards[p] = id;
                if (client.put("/api/v1/workshops/" + code + "/cards/" + id, short_card("Idé " + std::to_string(p) + "-" + std::to_string(c)), token).status != 201)
                    ++failures;
            }
            // Each puts 1 dot on its own first card and 2 on its neighbour's, sending each twice (a retry).
            for (int round = 0; round < 2; ++round) {
                if (client.put("/api/v1/workshops/" + code + "/votes", "{\"card_id\":\"" + first_cards[p] + "\",\"dots\":1}", token).status != 200) ++failures;
            }
        });
    for (auto& t : room) t.join();
    CHECK(failures == 0);
    REQUIRE(wall.read_until([&] { return static_cast<int>(wall.cards.size()) == 2 * participants; }, 60s));
    std::int64_t dots = 0;
    // The last state of every card: the wall has applied every change.
    REQUIRE(wall.read_until([&] {
        std::int64_t sum = 0;
        for (const auto& [id, seen] : wall.cards) sum += seen.dots;
        dots = sum;
        return sum == participants;
    }, 30s));
    CHECK(dots == participants);   // every dot once, none doubled by the retry
}

// Contact privacy on the server (issue 14, GDPR Art. 5 and 25), in-process on a real SQLite file
// with the API's test clock: contact details live in their own table (moved there by a
// migration, nothing lost); who sees them is a table of role x state for the card list, the
// exports and the pipeline view; a closed card's contact details are erased the configured
// number of months after closure (at startup and periodically too), an administrator erases
// them on request, and each erasure is logged; a resend stays "already received" throughout.
#include "api_fixture.h"

#include "common/card_json.h"
#include "common/protocol/message.h"
#include "common/protocol/pipeline.h"
#include "server/api/card_export.h"
#include "server/housekeeper.h"
#include "transition_requests.h"

#include <sqlite3.h>

#include <atomic>
#include <thread>

using namespace idekort;
using namespace idekort::test;
using namespace std::chrono_literals;

namespace {
constexpr const char* contact_name = "Åse Ørum";   // the fixture card's contact

std::string card_id_of(const std::string& put_body) { return ApiFixture::json_string(put_body, "card_id"); }

// The card as the office lists it (its stored JSON included).
std::string listed(ApiFixture& f, const std::string& token, const std::string& id) {
    auto r = f.call("GET", "/api/v1/cards?limit=1000", {}, token);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    const std::size_t at = r.body.find(id);
    REQUIRE(at != std::string::npos);
    return r.body.substr(at, r.body.find("\"card_id\"", at + 1) - at);
}

// The card's JSON as card_to_json writes it (the form a device sends and the office reads).
std::string kept_json_canonical(const IdeaCard& card) { return card_to_json(card); }

void close_card(ApiFixture& f, const std::string& token, const std::string& id) {
    auto closed = f.call("POST", "/api/v1/cards/" + id + "/transitions",
                         R"({"action":"close","version":0,"reason":"withdrawn","feedback":"Trukket tilbage efter aftale."})", token);
    REQUIRE_MESSAGE(closed.status == 200, closed.body);
}
} // namespace

TEST_CASE("[privacy] a closed card's contact details are erased the configured months after closure, and the erasure is logged") {
    ApiFixture f;   // 12 months, the default
    const std::string triage = f.login_as("triage");
    auto put = f.put_card(ApiFixture::new_card());
    REQUIRE(put.status == 201);
    const std::string closed = card_id_of(put.body);
    auto other = f.put_card(ApiFixture::new_card());
    const std::string open = card_id_of(other.body);
    close_card(f, triage, closed);

    f.now += 11 * 30 * 24h;   // not yet (sessions last hours: the office logs in again)
    CHECK(listed(f, f.login_as("triage"), closed).find(contact_name) != std::string::npos);
    f.now += 31 * 24h + 2h;   // past 12 months; the next request runs the sweep
    const std::string later = f.login_as("triage");
    const std::string after = listed(f, later, closed);
    CHECK(after.find(contact_name) == std::string::npos);
    CHECK(after.find("aase.orum@example.dk") == std::string::npos);
    CHECK(after.find("Fælles cykelværksted") != std::string::npos);   // the idea itself stays
    CHECK(f.store->contact_erased_at(closed).value().has_value());
    // A card that is not closed keeps its contact.
    CHECK(listed(f, later, open).find(contact_name) != std::string::npos);
    CHECK_FALSE(f.store->contact_erased_at(open).value().has_value());
}

TEST_CASE("[privacy] an administrator erases a card's contact details on request; the erasure is logged and said once") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    const std::string triage = f.login_as("triage");
    auto put = f.put_card(ApiFixture::new_card());
    const std::string id = card_id_of(put.body);
    CHECK(f.call("POST", "/api/v1/admin/cards/" + id + "/erase-contact", {}, triage).status == 403);
    auto erased = f.call("POST", "/api/v1/admin/cards/" + id + "/erase-contact", {}, admin);
    REQUIRE_MESSAGE(erased.status == 200, erased.body);
    auto reply = protocol::from_json<protocol::ContactErasureReply>(erased.body);
    REQUIRE(reply.ok());
    CHECK(reply.value().card_id == id);
    CHECK(listed(f, triage, id).find(contact_name) == std::string::npos);
    auto again = f.call("POST", "/api/v1/admin/cards/" + id + "/erase-contact", {}, admin);
    CHECK(again.status == 409);
    CHECK(ApiFixture::json_string(again.body, "message").find("already erased on") != std::string::npos);
    CHECK(f.call("POST", "/api/v1/admin/cards/" + to_string(new_uuid()) + "/erase-contact", {}, admin).status == 404);
    // The card is still there, its idea and its place in the pipeline.
    auto view = f.call("GET", "/api/v1/cards/" + id + "/pipeline", {}, triage);
    CHECK(view.status == 200);
}

namespace {
using protocol::TransitionRequest;

// The request for `action`, as the office app sends it.
TransitionRequest request(PipelineAction action, std::int64_t version) {
    TransitionRequest r = action == PipelineAction::Triage ? triage("climate")
                          : action == PipelineAction::FundStep ? fund(20000)
                          : action == PipelineAction::RecordLearning ? learn()
                          : action == PipelineAction::Close ? close_no_fit()
                                                            : act(std::string(to_string(action)).c_str());
    r.version = version;
    return r;
}

// A fresh card (with the fixture's contact) moved by an administrator along `path`.
std::string card_along(ApiFixture& f, const std::string& admin, const std::vector<PipelineAction>& path) {
    auto put = f.put_card(ApiFixture::new_card());
    REQUIRE_MESSAGE(put.status == 201, put.body);
    const std::string id = card_id_of(put.body);
    std::int64_t version = 0;
    for (PipelineAction a : path) {
        auto r = f.call("POST", "/api/v1/cards/" + id + "/transitions", protocol::to_json(request(a, version)), admin);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        version = protocol::from_json<protocol::PipelineCardReply>(r.body).value().version;
    }
    return id;
}

// What one role sees of one card's contact through one route: refused, hidden, or shown.
enum class Seen { Refused, Hidden, Shown };
const char* name_of(Seen s) { return s == Seen::Refused ? "refused" : s == Seen::Hidden ? "hidden" : "shown"; }

Seen in_text(const server::ApiResponse& r, const std::string& id) {
    if (r.status == 403) return Seen::Refused;
    REQUIRE_MESSAGE(r.status == 200, r.body);
    REQUIRE(r.body.find(id) != std::string::npos);   // the card itself is there either way
    const bool name = r.body.find(contact_name) != std::string::npos;
    const bool email = r.body.find("aase.orum@example.dk") != std::string::npos;
    CHECK(name == email);
    return name ? Seen::Shown : Seen::Hidden;
}
} // namespace

TEST_CASE("[privacy] who sees a card's contact: every role x every state, in the card list, both exports and the pipeline view") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    using A = PipelineAction;
    const std::vector<A> to_pitch{A::Triage, A::PlanScreening, A::InviteToPitch};
    struct Row {
        const char* state;
        std::vector<A> path;
        bool director_sees;   // in the pipeline view: only from "invited to pitch" on
    };
    const std::vector<Row> rows = {
        {"received", {}, false},
        {"triaged", {A::Triage}, false},
        {"in_screening", {A::Triage, A::PlanScreening}, false},
        {"invited_to_pitch", to_pitch, true},
        {"pitched", {A::Triage, A::PlanScreening, A::InviteToPitch, A::RecordPitch}, true},
        {"step_funded", {A::Triage, A::PlanScreening, A::InviteToPitch, A::RecordPitch, A::FundStep}, true},
        {"learning_recorded", {A::Triage, A::PlanScreening, A::InviteToPitch, A::RecordPitch, A::FundStep, A::RecordLearning}, true},
        {"closed before a pitch", {A::Triage, A::Close}, false},
        {"closed after an invitation to pitch", {A::Triage, A::PlanScreening, A::InviteToPitch, A::Close}, true},
    };
    std::map<std::string, std::string> token;
    for (const char* role : {"admin", "triage", "director", "facilitator"}) token[role] = f.login_as(role);
    REQUIRE(f.store->set_account_themes("director" + std::to_string(f.accounts - 1), {"climate"}).value());
    for (const Row& row : rows) {
        const std::string id = card_along(f, admin, row.path);
        for (const auto& [role, bearer] : token) {
            CAPTURE(row.state);
            CAPTURE(role);
            const bool office = role == "admin" || role == "triage";
            const Seen listed = office ? Seen::Shown : Seen::Refused;
            auto list = f.call("GET", "/api/v1/cards?limit=1000", {}, bearer);
            if (role == "director") {
                // A director lists only with mine=1 ("Mine kort", issue 15): the cards of their
                // themes past triage and not closed, with the contact as the pipeline view has it.
                CHECK(list.status == 400);
                CHECK(ApiFixture::json_string(list.body, "field") == "mine");
                auto mine = f.call("GET", "/api/v1/cards?mine=1&limit=1000", {}, bearer);
                REQUIRE(mine.status == 200);
                const bool listed_mine = row.path.size() >= 2 && row.path.back() != A::Close;
                if (!listed_mine) CHECK(mine.body.find(id) == std::string::npos);
                else CHECK(std::string(name_of(in_text(mine, id))) == name_of(row.director_sees ? Seen::Shown : Seen::Hidden));
            } else {
                CHECK(std::string(name_of(in_text(list, id))) == name_of(listed));
            }
            CHECK(std::string(name_of(in_text(f.call("GET", "/api/v1/cards/export?format=json", {}, bearer), id))) == name_of(listed));
            CHECK(std::string(name_of(in_text(f.call("GET", "/api/v1/cards/export?format=csv", {}, bearer), id))) == name_of(listed));
            auto view = f.call("GET", "/api/v1/cards/" + id + "/pipeline", {}, bearer);
            const Seen expected = role == "facilitator" ? Seen::Refused : office || row.director_sees ? Seen::Shown : Seen::Hidden;
            CHECK(std::string(name_of(in_text(view, id))) == name_of(expected));
            if (expected == Seen::Shown) {
                auto reply = protocol::from_json<protocol::PipelineCardReply>(view.body);
                REQUIRE(reply.ok());
                REQUIRE(reply.value().contact.has_value());
                CHECK(reply.value().contact->name == contact_name);
                CHECK(reply.value().contact->consent_to_contact);
            }
        }
    }
}

TEST_CASE("[privacy] contact details live in their own table: no card body in the file holds them, and an erasure deletes the row") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    auto put = f.put_card(ApiFixture::new_card());
    REQUIRE(put.status == 201);
    const std::string id = card_id_of(put.body);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((f.dir + "/idekort.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    const auto count = [&](const char* sql) {
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql, -1, &q, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(q) == SQLITE_ROW);
        const auto n = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
        return n;
    };
    CHECK(count("SELECT COUNT(*) FROM cards WHERE body LIKE '%orum@example%' OR json_type(body, '$.contact') IS NOT NULL") == 0);
    CHECK(count("SELECT COUNT(*) FROM card_contacts WHERE email = 'aase.orum@example.dk'") == 1);
    REQUIRE(f.call("POST", "/api/v1/admin/cards/" + id + "/erase-contact", {}, admin).status == 200);
    CHECK(count("SELECT COUNT(*) FROM card_contacts") == 0);
    CHECK(count("SELECT COUNT(*) FROM contact_erasures WHERE reason = 'on_request'") == 1);
    sqlite3_close(db);
}

TEST_CASE("[privacy] a resend is 'already received' with its contact, still after the contact is erased; another contact is a conflict") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    const std::string triage = f.login_as("triage");
    const std::string card = ApiFixture::new_card();
    auto put = f.put_card(card);
    REQUIRE(put.status == 201);
    const std::string id = card_id_of(put.body);
    auto again = f.put_card(card);
    CHECK(again.status == 200);
    CHECK(again.body.find("\"duplicate\":true") != std::string::npos);
    auto other = f.put_card(replace_once(card, "aase.orum@example.dk", "aase@example.dk"));
    CHECK(other.status == 409);
    REQUIRE(f.call("POST", "/api/v1/admin/cards/" + id + "/erase-contact", {}, admin).status == 200);
    auto after = f.put_card(card);
    CHECK_MESSAGE(after.status == 200, after.body);
    CHECK(listed(f, triage, id).find(contact_name) == std::string::npos);   // the resend brings nothing back
    CHECK_FALSE(f.store->card_contact(id).value().has_value());
}

TEST_CASE("[privacy] migration 8 moves each card's contact out of its body into the table; nothing is lost and a resend stays a duplicate") {
    const std::string path = make_temp_dir("idekort-privacy") + "/idekort.db";
    const std::string kept_json = ApiFixture::new_card(), erased_json = ApiFixture::new_card(), anonymous_json = ApiFixture::new_card();
    const IdeaCard kept = card_from_json(kept_json).value(), erased = card_from_json(erased_json).value();
    IdeaCard anonymous = card_from_json(anonymous_json).value();
    anonymous.has_contact = false;
    anonymous.contact = {};
    const auto old_item = [](const IdeaCard& c, const std::string& receipt) {
        server::IngestItem item{c.id, receipt, "climate", card_to_json(c), "key:test", 1000, std::nullopt};
        return item;   // as a schema-7 server stored it: the contact inside the body
    };
    {
        auto old = server::SqliteStorage::open(path, 7);
        REQUIRE(old.ok());
        REQUIRE(old.value()->ingest({old_item(kept, "AAAA-AAAA"), old_item(erased, "BBBB-BBBB"), old_item(anonymous, "CCCC-CCCC")}).ok());
    }
    {   // An erasure as schema 7 made it: logged, and the contact cut out of a (then minified) body.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        const std::string sql = "INSERT INTO contact_erasures (card_id, by_account, reason, at_ms) VALUES ('" + erased.id +
                                "', 'admin1', 'on_request', 2000); UPDATE cards SET body = json_remove(body, '$.contact') WHERE card_id = '" +
                                erased.id + "';";
        REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    auto opened = server::SqliteStorage::open(path);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().describe()));
    server::SqliteStorage& store = *opened.value();
    auto contact = store.card_contact(kept.id).value();
    REQUIRE(contact.has_value());
    CHECK(contact->name == kept.contact.name);
    CHECK(contact->email == kept.contact.email);
    CHECK(contact->phone == kept.contact.phone);
    CHECK(contact->workplace == kept.contact.workplace);
    CHECK(contact->consent_to_contact == kept.contact.consent_to_contact);
    CHECK_FALSE(store.card_contact(erased.id).value().has_value());
    CHECK_FALSE(store.card_contact(anonymous.id).value().has_value());
    // The card as the office gets it is the card as it arrived, contact included.
    auto listed_cards = store.list_cards(server::CardFilter{}).value();
    REQUIRE(listed_cards.size() == 3);
    CHECK(server::card_body_for(listed_cards[0], server::Role::Triage) == kept_json_canonical(kept));
    // Resends: the same three cards again, as a device holds them.
    std::vector<server::IngestItem> resend;
    for (const auto& [c, receipt] : {std::pair{kept, "AAAA-AAAA"}, std::pair{erased, "BBBB-BBBB"}, std::pair{anonymous, "CCCC-CCCC"}}) {
        server::IngestItem item{c.id, receipt, "climate", {}, "key:test", 3000, std::nullopt};
        server::set_card_parts(item, c);
        resend.push_back(item);
    }
    auto outcomes = store.ingest(resend).value();
    for (const auto& o : outcomes) CHECK(o.result == server::IngestResult::Duplicate);
}

TEST_CASE("[privacy] the erasure sweep runs without any request: at startup and then periodically") {
    ApiFixture f;
    const std::string triage = f.login_as("triage");
    auto put = f.put_card(ApiFixture::new_card());
    const std::string id = card_id_of(put.body);
    close_card(f, triage, id);
    f.now += 13 * 30 * 24h;
    // No office request comes; the housekeeping the server runs at startup erases it.
    f.api.run_housekeeping();
    CHECK_FALSE(f.store->card_contact(id).value().has_value());
    CHECK(f.store->contact_erased_at(id).value().has_value());

    // The housekeeper runs its job once at once and then every period, until it is destroyed.
    std::atomic<int> runs{0};
    {
        server::Housekeeper keeper(std::chrono::milliseconds(10), [&] { ++runs; });
        CHECK(runs.load() == 1);
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (runs.load() < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
        CHECK(runs.load() >= 3);
    }
    const int stopped = runs.load();
    CHECK(runs.load() == stopped);
}

// The office's dashboard (issue 15) by label, headless, against the real idekort-server with a
// real SQLite file, seeded through the API as the pipeline's HTTP tests seed it: the funnel's
// counts shown equal the API's, money per theme and step against a budget, the speed of
// decisions, a card waiting too long (its row opens the card); a director sees their own themes only; the CSV export is a real file equal to the
// server's CSV; the PNG export, which needs drawn pixels, is said to be impossible headless (it is
// tested on the real window in tests/native/office_screenshots.sh); a programme without
// investment steps gets words instead of the money chart.
#include "office_fixture.h"

#include "app/core/string_table.h"
#include "app/office/dashboard_model.h"
#include "common/protocol/dashboard.h"

#include <sqlite3.h>

#include <thread>

using namespace idekort;
using namespace idekort::test;

namespace {

// The shipped programme with a yearly budget for climate (the shipped file sets none).
std::string budgeted_programme() {
    return replace_once(read_project_file("assets/programme/programme.json"), "\"id\": \"climate\",",
                        "\"id\": \"climate\", \"yearly_budget_dkk\": 100000,");
}

// The shipped programme as an advice track: no investment steps.
std::string zero_step_programme() {
    std::string p = read_project_file("assets/programme/programme.json");
    const auto from = p.find("\"investment_steps\": [");
    const auto to = p.find(']', from);
    REQUIRE(from != std::string::npos);
    return p.replace(from, to - from + 1, "\"investment_steps\": []");
}

protocol::TransitionRequest act(const char* action) {
    protocol::TransitionRequest r;
    r.action = action;
    r.why = "dashboard screen test";
    return r;
}

// Takes `card` through `actions` as the administrator.
void move(OfficeServer& server, const std::string& card, std::vector<protocol::TransitionRequest> actions) {
    std::int64_t version = 0;
    for (auto& request : actions) {
        request.version = version;
        auto r = server.client->post("/api/v1/cards/" + card + "/transitions", protocol::to_json(request), server.tokens["ada"]);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        version = protocol::from_json<protocol::PipelineCardReply>(r.body).value().version;
    }
}

protocol::TransitionRequest triage(const char* theme) {
    auto r = act("triage");
    r.theme = theme;
    return r;
}

protocol::TransitionRequest fund(std::int64_t dkk) {
    auto r = act("fund_step");
    r.test_card = protocol::TestCardEntry{0, "Vi tror, at elever og ældre vil reparere cykler sammen",
                                          "For at afprøve det vil vi holde tre eftermiddage", "og måle, hvor mange der kommer igen",
                                          "Vi har ret, hvis halvdelen kommer igen", "2027-01-01", "2027-03-31", dkk, "Åse Ørum", "", "", "", ""};
    return r;
}

protocol::TransitionRequest close_no_fit() {
    auto r = act("close");
    r.reason = "no_strategic_fit";
    r.feedback = "Tak for idéen; den passer ikke til temaerne nu.";
    return r;
}

// Makes `card` look as if it entered its state `days` ago, in the server's own database file
// (waiting too long needs days to pass; the server reads the file on every request).
void backdate(OfficeServer& server, const std::string& card, int days) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((server.dir + "/data/idekort.db").c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    const std::string sql = "UPDATE cards SET changed_ms = CAST(strftime('%s','now') AS INTEGER) * 1000 - " + std::to_string(days) +
                            " * 86400000 WHERE card_id = '" + card + "'";
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

protocol::DashboardReply api_dashboard(OfficeServer& server, const std::string& who) {
    auto r = server.client->get("/api/v1/dashboard", server.tokens[who]);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    auto reply = protocol::from_json<protocol::DashboardReply>(r.body);
    REQUIRE(reply.ok());
    return reply.value();
}

UiStrings danish() {
    auto strings = UiStrings::load(office_assets());
    REQUIRE(strings.ok());
    UiStrings s = std::move(strings).value();
    s.set_language("da");
    return s;
}

// The funnel's rows as the screen must say them: the API's counts summed per stage.
std::vector<std::string> funnel_words(const protocol::DashboardReply& d, const UiStrings& s) {
    office::DashboardModel model;
    model.set(d);
    std::vector<std::string> out;
    for (const auto& c : model.funnel())
        out.push_back(s("office.dashboard.funnel_row", {{"stage", s(office::state_key(c.state))}, {"count", std::to_string(c.count)}}));
    return out;
}

void wait_for_dashboard(OfficeDesk& desk) {
    desk.wait_until([&] { return desk.state("screen") == "dashboard" && desk.state("dashboard_loaded") == "1"; }, "the dashboard's figures");
}

} // namespace

TEST_CASE("office dashboard: the funnel, money against the budget and the speed of decisions as the API gives them; CSV exported") {
    OfficeServer server(budgeted_programme());
    server.account("dorte", "director");
    const auto [funded, funded_receipt] = server.send_card("Cykelværksted med penge");
    const auto [closed, closed_receipt] = server.send_card("Lukket idé");
    const auto [screening, screening_receipt] = server.send_card("Til screening");
    const auto [untouched, untouched_receipt] = server.send_card("Ikke rørt endnu");
    backdate(server, untouched, 20);   // received 20 days ago as far as its state goes: waiting too long
    move(server, funded, {triage("climate"), act("plan_screening"), act("invite_to_pitch"), act("record_pitch"), fund(20000)});
    move(server, closed, {triage("integration"), act("plan_screening"), close_no_fit()});
    move(server, screening, {triage("climate"), act("plan_screening")});

    const std::string exports = make_temp_dir("idekort-office-exports");
    OfficeDesk desk(make_temp_dir("idekort-office-desk") + "/office.db", server.url(), 1920, 1080, exports);
    desk.sign_in("ada");
    desk.wait_until([&] { return desk.state("screen") == "inbox"; }, "the inbox");
    desk.press("Overblik");
    wait_for_dashboard(desk);

    const UiStrings s = danish();
    const protocol::DashboardReply d = api_dashboard(server, "ada");
    // Every stage's bar says its count in words, and the counts are the API's.
    for (const std::string& row : funnel_words(d, s)) CHECK_MESSAGE(desk.shows(row), row);
    CHECK(desk.shows("Modtaget: 1 kort"));
    CHECK(desk.shows("Til screening: 1 kort"));
    CHECK(desk.shows("Trin bevilget: 1 kort"));
    CHECK(desk.shows("Lukket: 1 kort"));

    // Climate's money: step 1's 20,000 of its 100,000 budget; a theme without a budget says so.
    CHECK(desk.shows("Klima: 20.000 kr. bevilget af 100.000 kr., 80.000 kr. tilbage (trin 1: 20.000 kr.)"));
    const office::DashboardModel model = [&] { office::DashboardModel m; m.set(d); return m; }();
    for (const auto& m : model.money())
        if (m.theme == "integration") CHECK(desk.shows(m.name.da + ": 0 kr. bevilget, intet årligt budget (intet bevilget)"));
    // The speed of decisions: one card decided after screening (the closed one and the invited one).
    REQUIRE(d.days_to_first_decision.median_days.has_value());
    CHECK(desk.shows(s("office.dashboard.first_decision", {{"days", std::to_string(*d.days_to_first_decision.median_days)},
                                                            {"cards", std::to_string(d.days_to_first_decision.cards)}})));
    // The waiting card in the table; pressed, it opens beside the figures with its place.
    REQUIRE(d.waiting_total == 1);
    CHECK(desk.shows("Kort der har ventet over 14 dage: 1"));
    desk.press(untouched_receipt);
    desk.wait_for("Ikke rørt endnu");
    const protocol::DashboardTheme* waiting_theme = model.theme(d.waiting[0].theme);   // the author's own choice
    REQUIRE(waiting_theme != nullptr);
    desk.wait_for("Modtaget · " + waiting_theme->name.da);
    CHECK(desk.shows(untouched_receipt + " · har ventet 20 dage, siden " + d.waiting[0].since.substr(0, 10)));
    desk.press("Tilbage til listen");
    desk.wait_for(untouched_receipt);

    // The CSV: a real file, the server's own CSV of the same figures.
    desk.press("Eksportér CSV");
    desk.wait_until([&] { return !desk.state("exported").empty(); }, "the CSV saved");
    const std::string path = desk.state("exported");
    CHECK(path == exports + "/idekort-dashboard-" + std::to_string(d.year) + ".csv");
    const auto csv = file_io::read_file(path);
    REQUIRE(csv.ok());
    CHECK(csv.value().rfind("\xEF\xBB\xBF", 0) == 0);   // UTF-8 with BOM, as the server writes it
    CHECK(csv.value().find("climate") != std::string::npos);
    CHECK(csv.value().find("20000") != std::string::npos);
    desk.wait_for("Gemt som " + path);

    // The PNG needs the drawn frame, which the headless runner has not: said in words.
    desk.press("Eksportér PNG");
    desk.wait_for("Her kan der ikke gemmes filer. Brug overblikket på en computer.");

    // Filtered to one theme, the funnel counts only that theme's cards.
    desk.press("Tema");
    desk.press("Klima");
    desk.wait_until([&] { return desk.shows("Lukket: 0 kort"); }, "the funnel narrowed to climate");
    CHECK(desk.shows("Trin bevilget: 1 kort"));
    CHECK(desk.shows("Til screening: 1 kort"));
}

TEST_CASE("office dashboard: a director's dashboard, a tab beside the meeting, shows only the themes they answer for") {
    OfficeServer server(budgeted_programme());
    server.account("dorte", "director");
    auto t = server.client->request("PUT", "/api/v1/admin/users/dorte/themes", protocol::to_json(protocol::AccountThemesRequest{{"climate"}}),
                                    {{"Authorization", "Bearer " + server.tokens["ada"]}, {"Content-Type", "application/json"}});
    REQUIRE_MESSAGE(t.status == 200, t.body);
    const auto [a, a_receipt] = server.send_card("Klimaidé");
    const auto [b, b_receipt] = server.send_card("Integrationsidé");
    move(server, a, {triage("climate")});
    move(server, b, {triage("integration")});

    OfficeDesk desk(make_temp_dir("idekort-office-desk") + "/office.db", server.url());
    desk.sign_in("dorte");
    // A director lands on the screening meeting; the dashboard is the tab beside it.
    desk.wait_until([&] { return desk.state("screen") == "meeting"; }, "the meeting screen");
    desk.press("Overblik");
    wait_for_dashboard(desk);
    const protocol::DashboardReply d = api_dashboard(server, "dorte");
    REQUIRE(d.themes.size() == 1);
    for (const std::string& row : funnel_words(d, danish())) CHECK_MESSAGE(desk.shows(row), row);
    CHECK(desk.shows("Tema sat: 1 kort"));   // climate's card only
    CHECK(desk.shows("Klima: 0 kr. bevilget af 100.000 kr., 100.000 kr. tilbage (intet bevilget)"));
    for (const auto& item : desk.app.semantic_items()) CHECK_MESSAGE(item.label.find("Integration") != 0, item.label);
    CHECK_FALSE(desk.shows("Indbakke"));   // a director has no inbox to go to
}

TEST_CASE("office dashboard: a programme without investment steps shows no money chart and says so") {
    OfficeServer server(zero_step_programme());
    const auto [a, a_receipt] = server.send_card("Sparring uden penge");
    move(server, a, {triage("climate"), act("plan_screening")});
    OfficeDesk desk(make_temp_dir("idekort-office-desk") + "/office.db", server.url());
    desk.sign_in("ada");
    desk.wait_until([&] { return desk.state("screen") == "inbox"; }, "the inbox");
    desk.press("Overblik");
    wait_for_dashboard(desk);
    const protocol::DashboardReply d = api_dashboard(server, "ada");
    CHECK(desk.shows(danish()("office.dashboard.no_money", {{"year", std::to_string(d.year)}})));
    CHECK_FALSE(desk.shows("Temaets budget"));
    for (const auto& item : desk.app.semantic_items()) CHECK_MESSAGE(item.label.find(" kr. bevilget") == std::string::npos, item.label);
    CHECK(desk.shows("Til screening: 1 kort"));
}

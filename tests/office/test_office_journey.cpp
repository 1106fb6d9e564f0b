// A card's pipeline page in the office app (issue 15), by label, headless, against the real
// idekort-server, store and transport: from "invited to pitch" through the pitch, step 1's test
// card (a budget over the step refused in the server's words), its learning, and step 2 (over
// the theme's yearly budget, refused with what remains, then funded); a no-go after the pitch
// closed with feedback, written while another director recorded the pitch first (409 in words)
// and kept on the device across a restart; and an advice track, where the test card has no money.
#include "office_fixture.h"

#include "app/office/journey_model.h"
#include "common/rfc3339.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>

using namespace idekort;
using namespace idekort::test;

namespace {

const std::string open_page = "Kortets forløb: pitch, testkort og læring";

// The shipped programme file changed by `change`, written where the server and the app read it.
std::string programme_file(const std::function<void(rapidjson::Document&)>& change) {
    rapidjson::Document doc;
    doc.Parse(read_project_file("assets/programme/programme.json").c_str());
    REQUIRE(!doc.HasParseError());
    change(doc);
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> writer(out);
    doc.Accept(writer);
    const std::string path = make_temp_dir("idekort-office-programme") + "/programme.json";
    REQUIRE(file_io::write_file(path, out.GetString()).ok());
    return path;
}

// The staged assets with another programme file: the app reads the programme the server runs.
class ProgrammeAssets final : public AssetSource {
public:
    explicit ProgrammeAssets(std::string programme_path) : m_path(std::move(programme_path)) {}
    Expected<std::string> read(std::string_view name) const override {
        if (name == "programme/programme.json") return file_io::read_file(m_path);
        return office_assets().read(name);
    }

private:
    std::string m_path;
};

// The administrator moves a card on through the API, as the triage office and the screening
// meeting do before the pipeline page takes over.
void move(OfficeServer& server, const std::string& card, const std::string& action, const std::string& theme = {}) {
    protocol::TransitionRequest r;
    r.action = action;
    r.version = server.view(card).version;
    r.theme = theme;
    const auto reply = server.client->post("/api/v1/cards/" + card + "/transitions", protocol::to_json(r), server.tokens["ada"]);
    REQUIRE_MESSAGE(reply.status == 200, reply.body);
}

std::string invited_card(OfficeServer& server, const std::string& title, std::string* receipt) {
    const auto [id, code] = server.send_card(title);
    move(server, id, "triage", shipped_programme().themes[0].id);
    move(server, id, "plan_screening");
    move(server, id, "invite_to_pitch");
    *receipt = code;
    return id;
}

// The editor is taller than a tablet's screen: a widget below the fold is scrolled to with the
// wheel over the page, as a person would, before it is pressed.
void bring_into_view(OfficeDesk& desk, std::string_view label) {
    const float height = ImGui::GetIO().DisplaySize.y, width = ImGui::GetIO().DisplaySize.x;
    const auto visible = [&] {
        const SemanticItem* item = find_item(desk.app.semantic_items(), label);
        return item && item->rect.y >= 0 && item->rect.y + item->rect.height <= height - 2;
    };
    // The page is there once its card arrived (its history is drawn) and no answer is on the way.
    desk.wait_until([&] { return find_item(desk.app.semantic_items(), label) != nullptr || (desk.shows("Forløbet") && !desk.http.busy()); },
                    std::string(label).c_str());
    if (visible()) return;
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < 10; ++i) {   // from the top of the page ...
        io.AddMousePosEvent(width * 0.75f, height * 0.6f);
        io.AddMouseWheelEvent(0, 5.0f);
        desk.runner->frames(2);
    }
    for (int i = 0; i < 80 && !visible(); ++i) {   // ... down to it
        io.AddMousePosEvent(width * 0.75f, height * 0.6f);
        io.AddMouseWheelEvent(0, -1.0f);
        desk.runner->frames(2);
    }
    REQUIRE_MESSAGE(visible(), "not in view: " << std::string(label));
}
void press(OfficeDesk& desk, std::string_view label) {
    if (desk.state("screen") == "journey") bring_into_view(desk, label);
    desk.press(label);
}
void type(OfficeDesk& desk, std::string_view label, std::string_view text) {
    press(desk, label);
    desk.runner->type_text(text);
    desk.runner->frames(2);
}

void clear_and_type(OfficeDesk& desk, std::string_view label, std::string_view text) {
    press(desk, label);
    for (int i = 0; i < 40; ++i) desk.runner->press_key(platform::NullKey::Backspace);
    desk.runner->type_text(text);
    desk.runner->frames(2);
}

void fill_test_card(OfficeDesk& desk, const std::string& what, const std::string& budget) {
    type(desk, "Vi tror, at …", "ældre og elever vil mødes om " + what);
    type(desk, "For at afprøve det vil vi …", "holde tre værkstedseftermiddage");
    type(desk, "… og måle …", "hvor mange der kommer igen");
    type(desk, "Vi har ret, hvis …", "halvdelen kommer igen");
    type(desk, "Periode fra (ÅÅÅÅ-MM-DD)", "2027-02-01");
    type(desk, "Periode til (ÅÅÅÅ-MM-DD)", "2027-04-30");
    if (!budget.empty()) type(desk, desk.shows("Budget i kr. (højst 25.000)") ? "Budget i kr. (højst 25.000)" : "Budget i kr. (højst 125.000)", budget);
    type(desk, "Ejer af testen", "Plejehjemmet Solbakken");
}

std::string this_year() {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return format_utc_ms(now).substr(0, 4);
}

} // namespace

TEST_CASE("office journey: the pitch, step 1's test card, its learning and step 2, with the step's amount and the theme's budget") {
    const std::string theme = shipped_programme().themes[0].id;
    OfficeServer server(file_io::read_file(programme_file([&](rapidjson::Document& doc) {
        for (auto& t : doc["themes"].GetArray())
            if (t["id"].GetString() == theme) t.AddMember("yearly_budget_dkk", 140000, doc.GetAllocator());
    })).value());
    std::string receipt;
    const std::string id = invited_card(server, "Cykelværksted med pitch", &receipt);
    OfficeDesk desk(make_temp_dir("idekort-office-desk") + "/office.db", server.url());
    desk.sign_in("ada");
    press(desk, receipt);
    press(desk, open_page);
    desk.wait_until([&] { return desk.state("screen") == "journey"; }, "the card's pipeline page");

    // The pitch: the contact details are there from the invitation on.
    desk.wait_for("Pitchen er holdt");
    CHECK(desk.shows("Åse Ørum"));
    CHECK(desk.shows("aase.orum@example.dk"));
    type(desk, "Dato for pitchen (ÅÅÅÅ-MM-DD)", "15/1");
    press(desk, "Pitchen er holdt");
    desk.wait_for("Skriv pitchens dato som ÅÅÅÅ-MM-DD, fx 2027-01-15.");
    CHECK(server.view(id).state == CardState::InvitedToPitch);
    clear_and_type(desk, "Dato for pitchen (ÅÅÅÅ-MM-DD)", "2027-01-15");
    type(desk, "Note til forløbet (valgfri)", "Direktørerne var positive");
    press(desk, "Pitchen er holdt");
    desk.wait_until([&] { return server.view(id).state == CardState::Pitched; }, "the pitch recorded on the server");
    CHECK(server.view(id).log.back().why == "pitch 2027-01-15: Direktørerne var positive");

    // Go: step 1's test card, with the step's amount and the theme's budget this year.
    press(desk, "Go: bevilg trin 1 og skriv testkortet");
    desk.wait_for("Trin 1: højst 25.000 kr.");
    desk.wait_for("Tilbage af temaets budget i " + this_year() + ": 140.000 kr. af 140.000 kr.");
    fill_test_card(desk, "cykler", "30.000");
    press(desk, "Bevilg trin 1 med dette testkort");
    // Over the step's amount: the server's words, and nothing typed is gone.
    desk.wait_until([&] { return desk.state("journey_message").find("0 to 25000 kr., the amount of step 1") != std::string::npos; },
                    "the server's words for a budget over the step");
    CHECK(server.view(id).state == CardState::Pitched);
    CHECK(desk.state("journey_editing") == "fund_step");
    clear_and_type(desk, "Budget i kr. (højst 25.000)", "25.000");
    press(desk, "Bevilg trin 1 med dette testkort");
    desk.wait_until([&] { return server.view(id).state == CardState::StepFunded; }, "step 1 funded");
    {
        const auto card = server.view(id);
        REQUIRE(card.test_cards.size() == 1);
        CHECK(card.test_cards[0].budget_dkk == 25000);
        CHECK(card.test_cards[0].hypothesis == "ældre og elever vil mødes om cykler");
        CHECK(card.test_cards[0].period_to == "2027-04-30");
        CHECK(card.test_cards[0].owner == "Plejehjemmet Solbakken");
    }

    // The learning and the decision: the next step.
    desk.wait_for("Gem læringen og beslutningen");
    type(desk, "Det troede vi", "at eleverne ville komme");
    type(desk, "Det så vi", "at beboerne kom oftere end eleverne");
    type(desk, "Det lærte vi", "at værkstedet skal ligge i skoletiden");
    press(desk, "Gem læringen og beslutningen");
    desk.wait_for("Vælg beslutningen: næste trin, stop eller giv videre.");
    CHECK(server.view(id).state == CardState::StepFunded);
    press(desk, "Næste trin");
    press(desk, "Gem læringen og beslutningen");
    desk.wait_until([&] { return server.view(id).state == CardState::LearningRecorded; }, "the learning recorded");
    CHECK(server.view(id).test_cards[0].learned == "at værkstedet skal ligge i skoletiden");
    CHECK(server.view(id).test_cards[0].learning_decision == "next_step");

    // Step 2: over what remains of the theme's budget, said with the server's words.
    press(desk, "Næste trin: skriv testkortet for trin 2");
    desk.wait_for("Trin 2: højst 125.000 kr.");
    desk.wait_for("Tilbage af temaets budget i " + this_year() + ": 115.000 kr. af 140.000 kr.");
    fill_test_card(desk, "knallerter", "125.000");
    press(desk, "Bevilg trin 2 med dette testkort");
    desk.wait_until([&] { return desk.state("journey_message").find("115000 kr. remain") != std::string::npos; },
                    "the server's words for a budget over the theme's");
    CHECK(server.view(id).state == CardState::LearningRecorded);
    clear_and_type(desk, "Budget i kr. (højst 125.000)", "100000");
    press(desk, "Bevilg trin 2 med dette testkort");
    desk.wait_until([&] { return server.view(id).state == CardState::StepFunded; }, "step 2 funded");
    CHECK(server.view(id).step == 2);
    CHECK(server.view(id).test_cards.back().budget_dkk == 100000);
    desk.wait_for("Læring fra trin 2");
}

TEST_CASE("office journey: a no-go after the pitch closes with feedback; a 409 in words; the feedback kept across a restart") {
    OfficeServer server;
    std::string receipt;
    const std::string id = invited_card(server, "Lukkes efter pitch", &receipt);
    const std::string db = make_temp_dir("idekort-office-desk") + "/office.db";
    const std::string words = "Tak for pitchen. Idéen passer bedre i forvaltningens egen drift.";
    {
        OfficeDesk desk(db, server.url());
        desk.sign_in("ada");
        press(desk, receipt);
        press(desk, open_page);
        type(desk, "Dato for pitchen (ÅÅÅÅ-MM-DD)", "2027-01-20");
        // Meanwhile another director records the pitch first.
        move(server, id, "record_pitch");
        press(desk, "Pitchen er holdt");
        desk.wait_until([&] { return desk.state("journey_message").find("ændret af en anden") != std::string::npos; }, "the stale decision in words");
        CHECK(desk.state("journey_message").find("Har pitchet") != std::string::npos);
        // The page shows the card as it is now: the directors' go/no-go.
        press(desk, "No-go: luk med svar …");
        press(desk, "Luk idéen og send svaret");
        desk.wait_for("Skriv et svar til den, der skrev idéen.");
        CHECK(server.view(id).state == CardState::Pitched);
        type(desk, "Svar til den, der skrev idéen", words);
        desk.runner->frames(3);
        desk.runner->settle_store();
    }   // closed (a crash, a closed tab) before anything was sent
    {
        OfficeDesk desk(db, server.url());
        desk.wait_until([&] { return desk.state("screen") == "inbox"; }, "the inbox, signed in from the kept session");
        press(desk, receipt);
        press(desk, open_page);
        desk.wait_for("Luk idéen og send svaret");
        CHECK(desk.state("journey_message") == "Ikke sendt endnu: gemt på denne enhed, til serveren har modtaget det.");
        press(desk, "Luk idéen og send svaret");
        desk.wait_until([&] { return server.view(id).state == CardState::Closed; }, "the card closed with the kept feedback");
        CHECK(server.view(id).feedback == words);
        CHECK(server.view(id).close_reason == std::optional<std::string>("no_strategic_fit"));
        desk.wait_for(words);
    }
}

TEST_CASE("office journey: on an advice track the test card has no money fields, and the step is funded with 0") {
    const std::string programme = programme_file([](rapidjson::Document& doc) { doc["investment_steps"].SetArray(); });
    OfficeServer server(file_io::read_file(programme).value());
    const ProgrammeAssets assets(programme);
    std::string receipt;
    const std::string id = invited_card(server, "Rådgivning uden penge", &receipt);
    move(server, id, "record_pitch");
    OfficeDesk desk(make_temp_dir("idekort-office-desk") + "/office.db", server.url(), 1024, 768, {}, &assets);
    desk.sign_in("ada");
    press(desk, receipt);
    press(desk, open_page);
    press(desk, "Go: bevilg trin 1 og skriv testkortet");
    desk.wait_for("Rådgivningsforløb: programmet har ingen investeringstrin, så testkortet er uden penge.");
    CHECK(!desk.shows("Trin 1: højst 0 kr."));
    CHECK(!desk.shows("Budget i kr. (højst 0)"));
    fill_test_card(desk, "råd", "");
    press(desk, "Bevilg trin 1 med dette testkort");
    desk.wait_until([&] { return server.view(id).state == CardState::StepFunded; }, "the advice step started");
    CHECK(server.view(id).test_cards.at(0).budget_dkk == 0);
    // Its learning, then a stop closed with feedback.
    type(desk, "Det troede vi", "at en rådgiver var nok");
    type(desk, "Det så vi", "at der manglede en driftsaftale");
    type(desk, "Det lærte vi", "at driften skal med fra start");
    press(desk, "Stop");
    press(desk, "Gem læringen og beslutningen");
    desk.wait_until([&] { return server.view(id).state == CardState::LearningRecorded; }, "the learning recorded");
    press(desk, "Stop: luk med svar …");
    type(desk, "Svar til den, der skrev idéen", "Tak. Rådgivningen viste, at driften må med fra start.");
    press(desk, "Luk idéen og send svaret");
    desk.wait_until([&] { return server.view(id).state == CardState::Closed; }, "closed after the advice");
    CHECK(server.view(id).close_reason == std::optional<std::string>("stopped_after_test"));
}

TEST_CASE("journey model: kroner, dates, the step's money and the problems a person is told") {
    using namespace idekort::office;
    CHECK(parse_kroner("25.000") == 25000);
    CHECK(parse_kroner("25 000 kr.") == 25000);
    CHECK(parse_kroner("100000") == 100000);
    CHECK(!parse_kroner("25,5"));
    CHECK(!parse_kroner(""));
    CHECK(format_kroner(125000) == "125.000");
    CHECK(format_kroner(0) == "0");
    CHECK(is_iso_date("2028-02-29"));
    CHECK(!is_iso_date("2027-02-29"));
    CHECK(!is_iso_date("15/1"));
    ProgrammeConfig programme = shipped_programme();
    CHECK(next_step_money(programme, 1).amount_dkk == 125000);
    programme.investment_steps.clear();
    CHECK(next_step_money(programme, 0).advice);
    JourneyDraft d;
    d.request.action = "fund_step";
    d.request.test_card = protocol::TestCardEntry{};
    CHECK(draft_problems(d, next_step_money(programme, 0)).size() == 6);   // no budget on an advice track
    // A draft goes to the device store and back whole, the budget as typed.
    d.budget_text = "25.0";
    d.request.test_card->hypothesis = "noget";
    const auto back = protocol::from_json<JourneyDraft>(protocol::to_json(d));
    REQUIRE(back.ok());
    CHECK(back.value().budget_text == "25.0");
    CHECK(back.value().request == d.request);
}

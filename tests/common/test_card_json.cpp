// Tests for common/card_json.h: every field round-trips, the saved v1 fixture still loads, and
// hostile JSON gives an error that names the problem, never a crash.
#include "common/card_json.h"

#include "tests/test_support.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace idekort;

namespace {

IdeaCard full_card() {
    IdeaCard c;
    c.id = "3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93";
    c.created_at = "2026-11-27T06:30:00Z";
    c.updated_at = "2026-11-27T06:41:12.250Z";
    c.language = "en";
    c.origin = {Channel::Workshop, "tablet-7", "AAR-42"};
    c.title = "Æblegrød \"med\" \\ og emoji \xF0\x9F\x8D\x8E";
    c.theme = "climate";
    c.challenge = "Line 1\nLine 2\ttabbed";
    c.target_group = "Børn";
    c.idea = "Idé";
    c.gain = {"Mindre spild", {"economy", "climate"}};
    c.departments = {"tm", "bu"};
    c.partners = "Frivillige";
    c.first_test = "Én skole";
    c.needs = "25.000 kr.";
    c.has_contact = true;
    c.contact = {"Åse", "Solbakken", "aase@example.dk", "+45 12345678", true};
    return c;
}

std::string fixture(const char* name) { return test::read_project_file(std::string("tests/fixtures/") + name); }

using test::replace_once;

} // namespace

TEST_CASE("[CardJson] every field round-trips, with and without the contact part") {
    const IdeaCard card = full_card();
    const std::string json = card_to_json(card);
    CHECK(json.find("\"title\":") != std::string::npos); // named, readable fields
    auto back = card_from_json(json);
    REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().describe()));
    CHECK(back.value() == card);

    IdeaCard anonymous = card;
    anonymous.has_contact = false;
    anonymous.contact = {};
    const std::string anon_json = card_to_json(anonymous);
    CHECK(anon_json.find("contact") == std::string::npos);
    CHECK(card_from_json(anon_json).value() == anonymous);
}

TEST_CASE("[CardJson] a card saved by version 1 still loads") {
    auto card = card_from_json(fixture("card-v1.json"));
    REQUIRE_MESSAGE(card.ok(), (card.ok() ? "" : card.error().describe()));
    CHECK(card.value().schema == 1);
    CHECK(card.value().title == "Fælles cykelværksted for skoler og plejehjem");
    CHECK(card.value().origin.channel == Channel::Kiosk);
    CHECK(card.value().departments == std::vector<std::string>{"bu", "so"});
    CHECK(card.value().contact.name == "Åse Ørum");
    CHECK(card.value().contact.consent_to_contact);
}

TEST_CASE("[CardJson] hostile input: each case is an error naming the problem") {
    const std::string good = fixture("card-v1.json");
    struct Case { const char* name; std::string json; const char* where; const char* message; };
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const std::vector<Case> cases = {
        {"empty", "", "byte 0", "not valid JSON"},
        {"truncated", good.substr(0, good.size() / 2), "", "not valid JSON"},
        {"not an object", "[1,2,3]", "card", "expected an object"},
        {"deep nesting", deep, "byte 16", "nested deeper than 16 levels"},
        {"10 MB string", "{\"title\":\"" + std::string(10 * 1024 * 1024, 'x') + "\"}", "size", "at most"},
        {"huge number (found by the fuzzer)", replace_once(good, "\"schema\":1", "\"schema\":4" + std::string(300, '0') + "e0"), "", "a number longer than 24 characters"},
        {"exponent (found by the fuzzer)", replace_once(good, "\"schema\":1", "\"schema\":0e99"), "", "only whole numbers are accepted"},
        {"fraction", replace_once(good, "\"schema\":1", "\"schema\":1.0"), "", "only whole numbers are accepted"},
        {"NaN", replace_once(good, "\"schema\":1", "\"schema\":NaN"), "", "not valid JSON"},
        {"Infinity", replace_once(good, "\"schema\":1", "\"schema\":Infinity"), "", "not valid JSON"},
        {"invalid UTF-8", replace_once(good, "Fælles", "F\xE6lles"), "", "invalid UTF-8"},
        {"escaped lone surrogate (found by the fuzzer)", replace_once(good, "Fælles", "F\\udddd"), "", "invalid UTF-8"},
        {"escaped lone high surrogate in a key", replace_once(good, "\"title\":", "\"x\\ud800\":1,\"title\":"), "", "surrogate pair in string is invalid"},
        {"wrong type", replace_once(good, "\"title\":\"Fælles cykelværksted for skoler og plejehjem\"", "\"title\":42"), "title", "must be text"},
        {"wrong type in contact", replace_once(good, "\"consent_to_contact\":true", "\"consent_to_contact\":\"yes\""), "contact.consent_to_contact", "must be true or false"},
        {"negative schema", replace_once(good, "\"schema\":1", "\"schema\":-1"), "schema", "must be a whole number"},
        {"future schema", replace_once(good, "\"schema\":1", "\"schema\":99"), "schema", "schema version 99 is not supported"},
        {"missing field", replace_once(good, "\"idea\":", "\"idee\":"), "idee", "unknown member"},
        {"unknown field", replace_once(good, "\"title\":", "\"admin\":true,\"title\":"), "admin", "unknown member"},
        {"unknown nested field", replace_once(good, "\"channel\":\"kiosk\"", "\"channel\":\"kiosk\",\"ip\":\"10.0.0.1\""), "origin.ip", "unknown member"},
        {"unknown channel", replace_once(good, "\"channel\":\"kiosk\"", "\"channel\":\"fax\""), "origin.channel", "'fax' is not a channel"},
        {"list instead of text", replace_once(good, "\"partners\":\"Cyklistforbundet\"", "\"partners\":[\"a\"]"), "partners", "must be text"},
        {"text instead of a list", replace_once(good, "\"departments\":[\"bu\",\"so\"]", "\"departments\":\"bu\""), "departments", "must be a list"},
        {"a list of numbers", replace_once(good, "\"departments\":[\"bu\",\"so\"]", "\"departments\":[1]"), "departments", "must be text"},
        {"invalid UTF-8 is placed at its byte", "{\"schema\":1,\"title\":\"ab\xC3\"}", "byte 23", "invalid UTF-8"},
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        auto r = card_from_json(c.json);
        REQUIRE_FALSE(r.ok());
        const std::string got = r.error().describe();
        CAPTURE(got);
        if (*c.where) CHECK(r.error().where == c.where);
        CHECK(r.error().message.find(c.message) != std::string::npos);
    }
}

TEST_CASE("[CardJson] the stored text is byte for byte what earlier versions wrote") {
    // The server tells a resent card from a conflicting one by comparing its canonical text with
    // the stored row's, so the writer's output must never change for the same card. This is what
    // cereal's JSONOutputArchive (NoIndent) wrote before the writer moved to memory.
    const std::string expected = "{\n\"schema\": 1,\n\"id\": \"3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93\",\n"
        "\"created_at\": \"2026-11-27T06:30:00Z\",\n\"updated_at\": \"2026-11-27T06:41:12.250Z\",\n\"language\": \"en\",\n"
        "\"origin\": {\n\"channel\": \"workshop\",\n\"device\": \"tablet-7\",\n\"workshop\": \"AAR-42\"\n},\n"
        "\"title\": \"Æblegrød \\\"med\\\" \\\\ og emoji \xF0\x9F\x8D\x8E\",\n\"theme\": \"climate\",\n"
        "\"challenge\": \"Line 1\\nLine 2\\ttabbed\",\n\"target_group\": \"Børn\",\n\"idea\": \"Idé\",\n"
        "\"gain\": {\n\"text\": \"Mindre spild\",\n\"kinds\": [\n\"economy\",\n\"climate\"\n]\n},\n"
        "\"departments\": [\n\"tm\",\n\"bu\"\n],\n\"partners\": \"Frivillige\",\n\"first_test\": \"Én skole\",\n"
        "\"needs\": \"25.000 kr.\",\n\"contact\": {\n\"name\": \"Åse\",\n\"workplace\": \"Solbakken\",\n"
        "\"email\": \"aase@example.dk\",\n\"phone\": \"+45 12345678\",\n\"consent_to_contact\": true\n}\n}";
    CHECK(card_to_json(full_card()) == expected);

    IdeaCard empty_lists = full_card();
    empty_lists.gain.kinds.clear();
    empty_lists.departments.clear();
    const std::string json = card_to_json(empty_lists);
    CHECK(json.find("\"kinds\": []") != std::string::npos);
    CHECK(json.find("\"departments\": []") != std::string::npos);
}

TEST_CASE("[CardJson] a missing required member is named") {
    const std::string good = fixture("card-v1.json");
    auto r = card_from_json(replace_once(good, "\"needs\":\"Værktøj og en pædagog i 20 timer.\",", ""));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == "needs");
    CHECK(r.error().message == "missing");
}

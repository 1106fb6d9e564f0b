// Tests for common/card_fields.h: the one table of the card's fields, and what reads it.
#include "common/card_fields.h"
#include "common/card_json.h"
#include "common/card_validation.h"

#include <doctest/doctest.h>

// cereal's archive first: it makes RapidJSON's assertions throw, and every file of a program
// must see the same RapidJSON (common/json_guard.cpp), or card_json.cpp's catch never fires.
#include <cereal/archives/json.hpp>
#include <rapidjson/document.h>

#include <set>

using namespace idekort;

namespace {
IdeaCard sample_card() {
    IdeaCard c;
    c.id = "8f0e5a3c-1d2b-4c6e-9a7f-0b1c2d3e4f50";
    c.created_at = c.updated_at = "2026-11-27T08:00:00.000Z";
    c.title = "Grøn skolegård";
    c.gain.kinds = {"climate"};
    c.departments = {"a", "b"};
    c.has_contact = true;
    c.contact.email = "aase@example.dk";
    return c;
}
} // namespace

TEST_CASE("[CardFields] the table names every member the card's JSON has, and no other") {
    rapidjson::Document doc;
    const std::string json = card_to_json(sample_card());
    doc.Parse(json.c_str());
    REQUIRE(doc.IsObject());
    std::set<std::string> written, listed;
    for (const auto& m : doc.GetObject()) {
        const std::string name = m.name.GetString();
        if (m.value.IsObject())
            for (const auto& inner : m.value.GetObject()) written.insert(name + "." + inner.name.GetString());
        else written.insert(name);
    }
    for (const CardField& f : card_fields()) listed.insert(std::string(f.path));
    CHECK(written == listed);
}

TEST_CASE("[CardFields] limits and required fields are the validation's") {
    IdeaCard c = sample_card();
    const CardField* title = find_card_field("title");
    REQUIRE(title);
    CHECK(title->max_chars == CardLimits::title);
    field_text(*title, c) = std::string(title->max_chars + 1, 'x');
    ProgrammeConfig none;
    bool too_long = false;
    for (const FieldProblem& p : validate_card(c, none, CardCheck::Draft)) too_long |= p.field == "title" && p.rule == "too_long";
    CHECK(too_long);
    std::set<std::string> required;
    for (const FieldProblem& p : validate_card(IdeaCard{}, none, CardCheck::Complete))
        if (p.rule == "required") required.insert(p.field);
    std::set<std::string> table;
    for (const CardField& f : card_fields())
        if (f.required_when_complete) table.insert(std::string(f.path));
    CHECK(required == table);
}

TEST_CASE("[CardFields] two cards differ in the members whose fields differ, contact only by name") {
    const IdeaCard a = sample_card();
    IdeaCard b = a;
    CHECK(differing_members(a, b).empty());
    b.contact.email = "other@example.dk";
    b.gain.text = "mere";
    b.origin.device = "kiosk-2";
    CHECK(differing_members(a, b) == std::vector<std::string>{"origin", "gain", "contact"});
    IdeaCard c = a;
    c.has_contact = false;
    CHECK(differing_members(a, c) == std::vector<std::string>{"contact"});
}

TEST_CASE("[CardFields] the CSV shows lists, consent and channel as people read them") {
    IdeaCard c = sample_card();
    CHECK(field_display(*find_card_field("departments[1]"), c) == "a;b");
    CHECK(field_display(*find_card_field("contact.consent_to_contact"), c) == "no");
    c.has_contact = false;
    CHECK(field_display(*find_card_field("contact.consent_to_contact"), c).empty());
    CHECK(field_display(*find_card_field("origin.channel"), c) == "web");
}

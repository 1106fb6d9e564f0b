// Tests for common/card_validation.h: the validation table, draft versus complete.
#include "common/card_validation.h"

#include "common/card_fields.h"
#include "common/card_json.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

using namespace idekort;

namespace {

const ProgrammeConfig& programme() { return test::shipped_programme(); }

IdeaCard fixture_card() {
    return card_from_json(test::read_project_file("tests/fixtures/card-v1.json")).value();
}

// "field:rule" for each problem, for compact comparisons.
std::vector<std::string> problems(const IdeaCard& card, CardCheck check) {
    std::vector<std::string> out;
    for (const auto& p : validate_card(card, programme(), check)) out.push_back(p.field + ":" + p.rule);
    return out;
}

} // namespace

TEST_CASE("[Validation] the fixture card is complete and valid") {
    CHECK(problems(fixture_card(), CardCheck::Complete).empty());
}

TEST_CASE("[Validation] a fresh draft may be empty; completing it names every required field") {
    IdeaCard draft = fixture_card();
    draft.title = draft.challenge = draft.target_group = draft.idea = draft.gain.text = "";
    CHECK(problems(draft, CardCheck::Draft).empty());
    CHECK(problems(draft, CardCheck::Complete) ==
          std::vector<std::string>{"title:required", "challenge:required", "target_group:required", "idea:required", "gain.text:required"});
}

TEST_CASE("[Validation] the rule table") {
    struct Case { const char* name; void (*change)(IdeaCard&); const char* expected; };
    const std::vector<Case> cases = {
        {"blank title", [](IdeaCard& c) { c.title = "   \n"; }, "title:required"},
        {"title of 121 characters", [](IdeaCard& c) { c.title = std::string(); for (int i = 0; i < 121; ++i) c.title += "æ"; }, "title:too_long"},
        {"invalid UTF-8", [](IdeaCard& c) { c.idea = "bad \xFF"; }, "idea:invalid_text"},
        {"bad id", [](IdeaCard& c) { c.id = "not-a-uuid"; }, "id:invalid_id"},
        {"local time", [](IdeaCard& c) { c.created_at = "2026-11-27T07:30:00+01:00"; }, "created_at:invalid_timestamp"},
        {"language", [](IdeaCard& c) { c.language = "sv"; }, "language:unknown_language"},
        {"a theme that is no id", [](IdeaCard& c) { c.theme = "Weather & Climate"; }, "theme:invalid_choice"},
        {"a department that is no id", [](IdeaCard& c) { c.departments.push_back(std::string(65, 'a')); }, "departments[2]:invalid_choice"},
        {"department twice", [](IdeaCard& c) { c.departments.push_back("bu"); }, "departments[2]:duplicate"},
        {"a gain kind that is no id", [](IdeaCard& c) { c.gain.kinds = {""}; }, "gain.kinds[0]:invalid_choice"},
        {"ids beyond the encoded size", [](IdeaCard& c) { for (int i = 0; i < 3000; ++i) c.departments.push_back("department_" + std::to_string(i) + std::string(40, 'x')); }, "card:too_large"},
        {"email", [](IdeaCard& c) { c.contact.email = "aase at example"; }, "contact.email:invalid_email"},
        {"two @", [](IdeaCard& c) { c.contact.email = "a@b@example.dk"; }, "contact.email:invalid_email"},
        {"phone", [](IdeaCard& c) { c.contact.phone = "call me"; }, "contact.phone:invalid_phone"},
        {"consent without a way", [](IdeaCard& c) { c.contact.email.clear(); c.contact.phone.clear(); }, "contact.consent_to_contact:consent_needs_contact_way"},
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        IdeaCard card = fixture_card();
        c.change(card);
        CHECK(problems(card, CardCheck::Complete) == std::vector<std::string>{c.expected});
    }
}

TEST_CASE("[Validation] a card made against an older programme is valid, and the drift is named") {
    // The theme "weather" and the department "nasa" were renamed or dropped after the card was
    // queued: the card keeps them, and the server leaves the theme to the central office.
    IdeaCard card = fixture_card();
    card.theme = "weather";
    card.departments.push_back("nasa");
    card.gain.kinds = {"fame"};
    CHECK(problems(card, CardCheck::Complete).empty());
    CHECK(programme_drift(card, programme()) == std::vector<std::string>{"theme", "departments[2]", "gain.kinds[0]"});
    CHECK(programme_drift(fixture_card(), programme()).empty());
}

TEST_CASE("[Validation] every card within the character limits fits the encoded size, in emoji too") {
    // Each text field at its limit in 4-byte characters (the worst case for UTF-8), with a
    // contact part and every programme id: the JSON is within CardLimits::json_bytes, which is
    // the server's body limit, so no valid card can be refused as too large.
    IdeaCard card = fixture_card();
    const std::string emoji = "\xF0\x9F\x98\x80"; // U+1F600
    for (const CardField& f : card_fields())
        if (f.is_text() && f.max_chars > 0) {
            std::string& value = field_text(f, card);
            value.clear();
            for (std::size_t i = 0; i < f.max_chars; ++i) value += emoji;
        }
    card.contact.email.clear(); // an address of emoji is not an address; the phone likewise
    card.contact.phone = "+45 12 34 56 78";
    card.contact.consent_to_contact = false;
    card.departments.clear();
    for (const auto& d : programme().departments) card.departments.push_back(d.id);
    CHECK(problems(card, CardCheck::Complete).empty());
    const std::size_t bytes = card_to_json(card).size();
    MESSAGE("the largest emoji card is " << bytes << " bytes");
    CHECK(bytes > 64 * 1024);   // more than the old body limit: the case of issue 13
    CHECK(bytes <= CardLimits::json_bytes);
}

TEST_CASE("[Validation] the theme may be left to the central office") {
    IdeaCard card = fixture_card();
    card.theme.clear();
    CHECK(problems(card, CardCheck::Complete).empty());
}

TEST_CASE("[Validation] the length limit counts characters: 120 × 'ø' passes, 240 bytes") {
    IdeaCard card = fixture_card();
    card.title.clear();
    for (int i = 0; i < 120; ++i) card.title += "ø";
    CHECK(problems(card, CardCheck::Complete).empty());
    const auto p = validate_card([&] { card.title += "x"; return card; }(), programme(), CardCheck::Draft);
    REQUIRE(p.size() == 1);
    CHECK(p[0].limit == CardLimits::title);
}

TEST_CASE("[Validation] sanitise strips control characters, keeps newlines in long texts") {
    IdeaCard card = fixture_card();
    card.title = "  Cykel\x07værksted\n ";
    card.idea = "Linje 1\nLinje\x1B 2";
    const IdeaCard clean = sanitise_card(card);
    CHECK(clean.title == "Cykelværksted");
    CHECK(clean.idea == "Linje 1\nLinje 2");
}

#include "common/clock.h"

TEST_CASE("[Clock] timestamps are UTC in the card schema's form, and validate") {
    const std::string t = utc_timestamp(std::chrono::system_clock::time_point(std::chrono::milliseconds(1795760493256LL)));
    CHECK(t == "2026-11-27T06:21:33.256Z");
    IdeaCard card = fixture_card();
    card.updated_at = utc_now();
    CHECK(problems(card, CardCheck::Draft).empty());
}

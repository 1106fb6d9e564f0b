// Tests for app/core/narrator.h: what the kiosk says when the focus moves, a field changes, or
// a status appears; and what it does not repeat (every letter typed, an unchanged screen).
#include "app/core/narrator.h"

#include <doctest/doctest.h>

using namespace idekort;

namespace {

const NarratorWords words{"knap", "tekstfelt", "afkrydsningsfelt", "valgmulighed", "valgt", "ikke valgt", "har en fejl"};

SemanticItem control(std::uint32_t id, SemanticRole role, std::string label, bool focused = false) {
    SemanticItem item;
    item.id = id;
    item.role = role;
    item.label = std::move(label);
    item.focused = focused;
    item.visible = true;
    return item;
}

} // namespace

TEST_CASE("[Narrator] the focused field is said with its role, value, problem and help; typing is not read back") {
    Narrator narrator;
    SemanticItem title = control(1, SemanticRole::TextInput, "Giv idéen en kort titel", true);
    title.description = "Højst 80 tegn.";
    title.invalid = true;
    title.error = "Udfyld feltet.";
    std::vector<SemanticItem> items{control(2, SemanticRole::Button, "Næste ›"), title};
    CHECK(narrator.next(items, words) == "Giv idéen en kort titel, tekstfelt, Udfyld feltet., Højst 80 tegn.");
    CHECK(narrator.next(items, words).empty());   // nothing changed: nothing said again
    // Typing: the field is active and its value grows; not read at every letter.
    items[1].active = true;
    items[1].invalid = false;
    items[1].error.clear();
    items[1].value = "Kor";
    CHECK(narrator.next(items, words).empty());
    // The focus moves on: the next control is said.
    items[1].focused = false;
    items[1].active = false;
    items[0].focused = true;
    CHECK(narrator.next(items, words) == "Næste ›, knap");
}

TEST_CASE("[Narrator] check boxes say their state, and a status is said when it appears or changes") {
    Narrator narrator;
    SemanticItem economy = control(3, SemanticRole::Checkbox, "Økonomi", true);
    std::vector<SemanticItem> items{economy};
    CHECK(narrator.next(items, words) == "Økonomi, afkrydsningsfelt, ikke valgt");
    items[0].checked = true;
    CHECK(narrator.next(items, words) == "Økonomi, afkrydsningsfelt, valgt");
    SemanticItem status;
    status.role = SemanticRole::Status;
    status.label = "Ret det markerede, før du går videre.";
    items.push_back(status);
    CHECK(narrator.next(items, words) == "Ret det markerede, før du går videre.");
    CHECK(narrator.next(items, words).empty());
    narrator.reset();
    CHECK(narrator.next(items, words) == "Økonomi, afkrydsningsfelt, valgt. Ret det markerede, før du går videre.");
}

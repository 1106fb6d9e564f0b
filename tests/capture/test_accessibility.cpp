// Tests for the kit's annotation API (app/ui/item_registry.h, widgets.h) as the capture screens
// use it: what a screen reader is told about each step (headings, the progress, groups of
// choices, help and problems tied to their fields, live status), that the mirror is rebuilt
// only for changes a person notices, and that its actions (focus, press, edit) reach ImGui.
#include "app_session.h"
#include "tests/store/store_test_support.h"

#include "app/core/narrator.h"
#include "platform/native/sqlite_executor.h"

#include "imgui.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace idekort;
using idekort::test::temp_database;
using Session = idekort::test::AppSession;

namespace {

const SemanticItem* find_role(const std::vector<SemanticItem>& items, SemanticRole role, std::string_view label = {}) {
    for (const SemanticItem& it : items)
        if (it.role == role && (label.empty() || it.label == label)) return &it;
    return nullptr;
}

const SemanticItem* find_id(const std::vector<SemanticItem>& items, std::uint32_t id) {
    for (const SemanticItem& it : items)
        if (it.id == id) return &it;
    return nullptr;
}

// Every control of the screen has a role a screen reader knows and a name.
void check_every_control_named(const std::vector<SemanticItem>& items) {
    for (const SemanticItem& it : items) {
        if (it.role == SemanticRole::Other) FAIL_CHECK("an item without a role: id " << it.id << " '" << it.label << "'");
        CHECK_MESSAGE(!it.label.empty(), "an item without a name, role " << to_string(it.role));
    }
}

} // namespace

TEST_CASE("[Accessibility] each wizard step says its heading, progress, groups, and which field has which help and problem") {
    Session s(temp_database());
    CHECK(find_role(s.app.semantic_items(), SemanticRole::Heading) != nullptr);   // the start screen's title
    s.press("Ny idé");
    {
        const auto& items = s.app.semantic_items();
        const SemanticItem* heading = find_role(items, SemanticRole::Heading);
        REQUIRE(heading != nullptr);
        CHECK(heading->level == 1);
        const SemanticItem* progress = find_role(items, SemanticRole::Progress);
        REQUIRE(progress != nullptr);
        CHECK(progress->label == "Trin 1 af 8");
        CHECK(progress->value_now == 1);
        CHECK(progress->value_max == 8);
        // The themes are radio buttons in a group named by the step, none chosen yet.
        const SemanticItem* group = find_role(items, SemanticRole::Group, heading->label);
        REQUIRE(group != nullptr);
        const SemanticItem* climate = find_role(items, SemanticRole::Radio, "Klima");
        REQUIRE(climate != nullptr);
        CHECK(climate->parent == group->id);
        CHECK_FALSE(climate->checked);
        CHECK_FALSE(climate->description.empty());   // what the theme covers, read with it
        check_every_control_named(items);
    }
    s.press("Klima");
    CHECK(find_role(s.app.semantic_items(), SemanticRole::Radio, "Klima")->checked);
    s.press("Næste ›");
    CHECK(find_role(s.app.semantic_items(), SemanticRole::Progress)->label == "Trin 2 af 8");
    s.press("Næste ›");   // nothing typed: both fields say what is missing
    {
        const auto& items = s.app.semantic_items();
        const SemanticItem* challenge = find_role(items, SemanticRole::TextInput, "Hvilken udfordring løser idéen?");
        REQUIRE(challenge != nullptr);
        CHECK(challenge->multiline);
        CHECK(challenge->invalid);
        CHECK_FALSE(challenge->error.empty());
        CHECK_FALSE(challenge->description.empty());
        // The label, help and problem are the field's, not text of their own.
        CHECK(find_role(items, SemanticRole::Text, challenge->error) == nullptr);
        CHECK(find_role(items, SemanticRole::Text, challenge->label) == nullptr);
        // "Next" did nothing where the person is: said politely.
        CHECK(find_role(items, SemanticRole::Status, "Ret det markerede, før du går videre.") != nullptr);
        check_every_control_named(items);
    }
    s.type("Hvilken udfordring løser idéen?", "Lange køer");
    {
        const SemanticItem* challenge = find_role(s.app.semantic_items(), SemanticRole::TextInput, "Hvilken udfordring løser idéen?");
        REQUIRE(challenge != nullptr);
        CHECK_FALSE(challenge->invalid);
        CHECK(challenge->error.empty());
        CHECK(challenge->value == "Lange køer");
    }
    s.type("Hvem har udfordringen?", "Borgere");
    s.press("Næste ›");
    s.type("Giv idéen en kort titel", "Kortere køer");
    s.type("Hvad er idéen?", "Tidsbestilling");
    s.press("Næste ›");
    {
        // The kinds of gain: check boxes in a group named by their question.
        const auto& items = s.app.semantic_items();
        const SemanticItem* economy = find_role(items, SemanticRole::Checkbox, "Økonomi");
        REQUIRE(economy != nullptr);
        const SemanticItem* group = find_id(items, economy->parent);
        REQUIRE(group != nullptr);
        CHECK(group->role == SemanticRole::Group);
        CHECK_FALSE(group->label.empty());
        check_every_control_named(items);
    }
}

TEST_CASE("[Accessibility] the mirror is rebuilt for what a person notices, never for a mouse moving") {
    Session s(temp_database());
    s.press("Ny idé");
    s.r().frames(3);
    const std::uint64_t before = s.app.semantic_generation();
    // The mouse wanders over the theme cards: they light up, but nothing a screen reader says changes.
    const SemanticItem& climate = *find_role(s.app.semantic_items(), SemanticRole::Radio, "Klima");
    for (int i = 0; i < 20; ++i) {
        ImGui::GetIO().AddMousePosEvent(climate.rect.x + static_cast<float>(i) * 5, climate.rect.centre_y());
        s.r().frame();
    }
    CHECK(s.app.semantic_generation() == before);
    s.press("Klima");
    CHECK(s.app.semantic_generation() != before);
}

TEST_CASE("[Accessibility] the mirror's focus, press and edit reach ImGui, also for an item scrolled out of view") {
    Session s(temp_database(), false, 390, 500);   // a small screen: "Næste" is below the fold
    s.press("Ny idé");
    const auto item = [&](SemanticRole role, std::string_view label) {
        const SemanticItem* it = find_role(s.app.semantic_items(), role, label);
        REQUIRE(it != nullptr);
        return *it;
    };
    // Focus: ImGui's focus (and its ring) follows.
    const SemanticItem climate = item(SemanticRole::Radio, "Klima");
    s.app.accessibility_action(climate.id, AccessibilityAction::Focus);
    s.r().frames(3);
    CHECK(item(SemanticRole::Radio, "Klima").focused);
    // Press: the theme is chosen.
    s.app.accessibility_action(climate.id, AccessibilityAction::Activate);
    s.r().frames(3);
    CHECK(item(SemanticRole::Radio, "Klima").checked);
    // "Næste" is clipped on this screen, yet named; pressing it scrolls it into view first.
    const SemanticItem next = item(SemanticRole::Button, "Næste ›");
    CHECK_FALSE(next.visible);
    s.app.accessibility_action(next.id, AccessibilityAction::Activate);
    s.r().frames(6);
    CHECK(s.state().text("step") == "challenge");
    // Edit: the field goes into edit, ready for the text bridge.
    const SemanticItem challenge = item(SemanticRole::TextInput, "Hvilken udfordring løser idéen?");
    s.app.accessibility_action(challenge.id, AccessibilityAction::Edit);
    s.r().frames(3);
    CHECK(item(SemanticRole::TextInput, "Hvilken udfordring løser idéen?").active);
}

namespace {

// Stands in for the sound card only: what the app asked the voice to say, and in which language.
// (The voice itself, espeak-ng with its Danish voice, is tested in tests/platform/test_espeak_speech.cpp.)
struct RecordedSpeech final : SpeechOutput {
    std::vector<std::pair<std::string, std::string>> said;   // language, text
    int stops = 0;
    void say(const std::string& text, const std::string& language) override { said.emplace_back(language, text); }
    void stop() override { ++stops; }
};

} // namespace

TEST_CASE("[Accessibility] the kiosk's speech button is on every screen; then the focused field is said in Danish") {
    RecordedSpeech speech;
    const std::string database = temp_database();
    auto store = platform::SqliteExecutor::open(database).value();
    capture::CaptureApp app(test::kiosk_settings(false));
    AppEnvironment env = test::test_environment();
    env.store = store.get();
    env.speech = &speech;
    platform::NullRunner runner(app, env, 1920, 1080);
    REQUIRE(runner.init_status().ok());
    runner.settle_store();
    CHECK(test::shows(app, "Oplæsning: fra"));
    runner.frames(5);
    CHECK(speech.said.empty());   // silent until asked
    test::press(runner, app, "Oplæsning: fra");
    runner.frames(2);
    REQUIRE(test::shows(app, "Oplæsning: til"));
    REQUIRE_FALSE(speech.said.empty());
    CHECK(speech.said.back().first == "da");
    test::press(runner, app, "Ny idé");
    CHECK(test::shows(app, "Oplæsning: til"));   // the button is on the wizard too
    // Said in Danish once the control has the focus. A status ("the draft is saved", written by
    // the autosave on its own clock) may be said after it, so every utterance since is looked at.
    const auto said_in_danish = [&](std::string_view words) {
        for (const auto& [language, text] : speech.said) {
            CAPTURE(text);
            if (language == "da" && text.find(words) == 0) return true;
        }
        return false;
    };
    speech.said.clear();
    test::press(runner, app, "Klima");
    runner.frames(2);
    CHECK(said_in_danish("Klima, valgmulighed, valgt"));
    test::press(runner, app, "Næste ›");
    speech.said.clear();
    test::press(runner, app, "Hvilken udfordring løser idéen?");   // a tap puts the field in edit and focus
    runner.frames(2);
    CHECK(said_in_danish("Hvilken udfordring løser idéen?, tekstfelt"));
    // Off again: the voice is stopped and says nothing more.
    test::press(runner, app, "Oplæsning: til");
    runner.frames(2);
    CHECK(speech.stops == 1);
}

namespace {

// Every control on screen lies inside the display across, and is at least a finger tall (44 px
// at the layout's scale, never less than 44 logical px).
void check_controls_fit(const Application& app, float width) {
    int controls = 0;
    for (const SemanticItem& item : app.semantic_items()) {
        if (!item.visible || !is_control(item.role)) continue;
        ++controls;
        CAPTURE(item.label);
        CHECK(item.rect.x >= -0.5f);
        CHECK(item.rect.x + item.rect.width <= width + 0.5f);
        CHECK(item.rect.height >= 44.0f - 0.5f);
    }
    CHECK(controls > 0);
}

// Runs frames until the app says large text is `on` and its body text is at least `px` tall,
// at most 60 frames (the fonts are rasterised again between two frames).
bool wait_for_text(Session& s, bool on, float px) {
    for (int i = 0; i < 60; ++i) {
        const test::AppState st = s.state();
        if (st["large_text"].GetBool() == on && st["body_px"].GetDouble() >= px) return true;
        s.r().frame();
    }
    return false;
}

} // namespace

// Issue 17, point 4 (EN 301 549 5.1.4, closed functionality): a kiosk's text is read from a
// metre away. The body is 28 px on a 1080 px display, landscape or portrait, and the large-text
// button makes the whole UI 1.4 times larger with every control still on the screen.
TEST_CASE("[Accessibility] a kiosk's text is 28 px at 1080 px in both orientations; large text is 1.4x and nothing leaves the screen") {
    struct Display { float width, height; };
    for (const Display d : {Display{1920, 1080}, Display{1080, 1920}}) {
        CAPTURE(d.width);
        Session s(temp_database(), true, d.width, d.height);
        s.r().frames(3);
        REQUIRE(wait_for_text(s, false, 27.5f));
        CHECK(s.state()["body_px"].GetDouble() < 29.0);
        check_controls_fit(s.app, d.width);

        // The button beside the speech button, on the attract screen as on every other.
        s.press("Stor tekst: fra", true);
        REQUIRE(wait_for_text(s, true, 38.5f));   // 28 x 1.4 = 39.2
        REQUIRE(test::shows(s.app, "Stor tekst: til"));
        check_controls_fit(s.app, d.width);

        // The wizard at large text: the theme step's radio cards and the step buttons fit too.
        s.press("Tryk her for at begynde", true);
        s.r().frames(3);
        REQUIRE(test::shows(s.app, "Klima"));
        check_controls_fit(s.app, d.width);
        s.press("Klima", true);
        s.press("Næste ›", true);
        s.r().frames(3);
        check_controls_fit(s.app, d.width);

        // Off again: back to 28 px, the card kept.
        s.press("Stor tekst: til", true);
        for (int i = 0; i < 60 && s.state()["large_text"].GetBool(); ++i) s.r().frame();
        s.r().frames(3);
        CHECK_FALSE(s.state()["large_text"].GetBool());
        CHECK(s.state()["body_px"].GetDouble() < 29.0);
        CHECK(s.state().text("screen") == "wizard");
        CHECK(s.state().card("theme") == "climate");
    }
}

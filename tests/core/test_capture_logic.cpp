// Tests for the capture UI's plain logic (app/core): the wizard's steps and which problems each
// shows, the kiosk's idle timeout, the on-screen keyboard's layout and keys, and the kiosk
// configuration's errors. They run natively and compiled to wasm under node.
#include "app/core/card_wizard.h"
#include "app/core/idle_watch.h"
#include "app/core/kiosk_config.h"
#include "app/core/onscreen_keyboard.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

using namespace idekort;

namespace {
const ProgrammeConfig& programme() { return test::shipped_programme(); }

IdeaCard blank_card() {
    IdeaCard c;
    c.id = "3f2c7a1e-9b4d-4c8a-a6e2-5d1f0b7c9e42";
    c.created_at = c.updated_at = "2026-11-27T08:00:00Z";
    return c;
}

const KeyboardKey& key_labelled(const OnscreenKeyboard& k, const std::string& label) {
    for (const auto& row : k.rows())
        for (const auto& key : row)
            if (k.label(key) == label) return key;
    FAIL("no key labelled " << label);
    static KeyboardKey none;
    return none;
}
} // namespace

TEST_CASE("[CardWizard] every field of the card belongs to the step that edits it") {
    CHECK(step_of_field("theme") == WizardStep::Theme);
    CHECK(step_of_field("target_group") == WizardStep::Challenge);
    CHECK(step_of_field("title") == WizardStep::Idea);
    CHECK(step_of_field("gain.kinds[1]") == WizardStep::Gain);
    CHECK(step_of_field("departments[0]") == WizardStep::Involved);
    CHECK(step_of_field("needs") == WizardStep::FirstTest);
    CHECK(step_of_field("contact.email") == WizardStep::AboutYou);
    CHECK(step_of_field("id") == WizardStep::Review);
    CHECK(wizard_steps.size() == 8);
    CHECK(step_key(WizardStep::FirstTest) == "first_test");
}

TEST_CASE("[CardWizard] a blank card lacks the challenge, the idea and the gain; optional steps lack nothing") {
    const IdeaCard card = blank_card();
    CHECK(step_problems(card, programme(), WizardStep::Theme).empty());
    const auto challenge = step_problems(card, programme(), WizardStep::Challenge);
    REQUIRE(challenge.size() == 2);
    CHECK(challenge[0].field == "challenge");
    CHECK(challenge[0].rule == "required");
    CHECK(step_problems(card, programme(), WizardStep::FirstTest).empty());
    CHECK(step_problems(card, programme(), WizardStep::AboutYou).empty());
    const auto missing = steps_with_problems(card, programme());
    CHECK(missing == std::vector<WizardStep>{WizardStep::Challenge, WizardStep::Idea, WizardStep::Gain});
}

TEST_CASE("[CardWizard] a problem's words come from the strings, with the limit filled in") {
    const auto lookup = [](const std::string& key) { return key == "validation.too_long" ? std::string("højst {limit} tegn") : key; };
    CHECK(describe_problem(FieldProblem{"title", "too_long", 120}, lookup) == "højst 120 tegn");
    CHECK(describe_problem(FieldProblem{"title", "required", 0}, lookup) == "validation.required");
}

TEST_CASE("[IdleWatch] active, then asking with a countdown, then expired once") {
    IdleWatch idle(90, 20);
    idle.reset(0);
    CHECK(idle.phase(89.9) == IdleWatch::Phase::Active);
    CHECK(idle.wake_in(10) == doctest::Approx(80));
    CHECK(idle.phase(90) == IdleWatch::Phase::Asking);
    CHECK(idle.seconds_left(90) == 20);
    CHECK(idle.seconds_left(100.5) == 10);
    CHECK(idle.wake_in(100.5) <= 1.0);   // the countdown ticks once a second
    CHECK(idle.wake_in(100.5) > 0.4);
    CHECK_FALSE(idle.take_expiry(105));
    CHECK(idle.phase(110) == IdleWatch::Phase::Expired);
    CHECK(idle.take_expiry(110));
    CHECK_FALSE(idle.take_expiry(111)); // the wipe happens once
    CHECK(idle.wake_in(111) < 0);       // and then nothing more to wake for
    idle.input(112);
    CHECK(idle.phase(150) == IdleWatch::Phase::Active);
}

TEST_CASE("[OnscreenKeyboard] Danish letters, shift for one letter, caps lock, digits and symbols") {
    OnscreenKeyboard k;
    CHECK(k.rows().size() == 4);
    CHECK(k.press(key_labelled(k, "æ")).text == "æ");
    k.press(key_labelled(k, "keyboard.shift"));
    CHECK(k.shift());
    CHECK(k.press(key_labelled(k, "Ø")).text == "Ø");
    CHECK_FALSE(k.shift());                          // one letter only
    CHECK(k.press(key_labelled(k, "å")).text == "å");
    k.press(key_labelled(k, "keyboard.caps"));
    CHECK(k.press(key_labelled(k, "Å")).text == "Å");
    CHECK(k.press(key_labelled(k, "B")).text == "B"); // caps stays
    k.press(key_labelled(k, "keyboard.caps"));
    CHECK(k.press(key_labelled(k, "@")).text == "@");
    CHECK(k.press(key_labelled(k, "keyboard.backspace")).backspace);
    CHECK(k.press(key_labelled(k, "keyboard.space")).text == " ");
    k.press(key_labelled(k, "keyboard.symbols"));
    CHECK(k.layer() == OnscreenKeyboard::Layer::Symbols);
    CHECK(k.press(key_labelled(k, "7")).text == "7");
    CHECK(k.press(key_labelled(k, "é")).text == "é");
    k.press(key_labelled(k, "keyboard.letters"));
    CHECK(k.press(key_labelled(k, "keyboard.hide")).hide);
    k.press(key_labelled(k, "keyboard.shift"));
    k.reset();
    CHECK_FALSE(k.shift());
    CHECK(k.layer() == OnscreenKeyboard::Layer::Letters);
}

TEST_CASE("[OnscreenKeyboard] an e-mail address can be typed without changing layer") {
    OnscreenKeyboard k;
    std::string typed;
    for (const char* label : {"a", "n", "n", "a", ".", "s", "ø", "r", "e", "n", "s", "e", "n", "@", "a", "a", "r", "h", "u", "s", ".", "d", "k", "_", "-"})
        typed += k.press(key_labelled(k, label)).text;
    CHECK(typed == "anna.sørensen@aarhus.dk_-");
}

TEST_CASE("[KioskConfig] a good file, and mistakes that name the member") {
    const auto good = parse_kiosk_config(R"({"admin_pin": "4711", "idle_timeout_seconds": 60, "countdown_seconds": 15})", "kiosk.json");
    REQUIRE(good);
    CHECK(good.value().admin_pin == "4711");
    CHECK(good.value().idle_timeout_seconds == 60);
    CHECK(good.value().countdown_seconds == 15);
    CHECK(parse_kiosk_config("{}", "k.json").value().idle_timeout_seconds == 90);
    CHECK(parse_kiosk_config(R"({"admin_pin": 4711})", "k.json").error().describe() == "k.json: admin_pin must be text such as \"4711\"");
    CHECK(parse_kiosk_config(R"({"admin_pin": "47a1"})", "k.json").error().describe() == "k.json: admin_pin must be 4 to 8 digits");
    CHECK(parse_kiosk_config(R"({"idle_timeout_seconds": 5})", "k.json").error().describe() ==
          "k.json: idle_timeout_seconds must be a whole number from 15 to 3600");
    CHECK(parse_kiosk_config(R"({"idle": 90})", "k.json").error().message.find("unknown member 'idle'") == 0);
    CHECK_FALSE(parse_kiosk_config("[1]", "k.json"));
    CHECK(load_kiosk_config("/nonexistent/kiosk.json").error().describe().find("/nonexistent/kiosk.json") != std::string::npos);
}

// Headless UI tests of the first screen: the real IdekortApp in the null runner, driven by
// label through the item registry, as a user would: find the field, type, press the button.
#include "ui_test_support.h"

#include "common/file_io.h"

#include <cstdint>
#include <sys/stat.h>

using namespace idekort;
using idekort::platform::NullKey;
using idekort::platform::NullRunner;
using idekort::test::built_assets;
using idekort::test::require_item;
using idekort::test::test_environment;

TEST_CASE("[FirstScreen] typing Æblegrød into the field and pressing the button notes it") {
    ui::IdekortApp app;
    NullRunner runner(app, test_environment());
    REQUIRE_MESSAGE(runner.init_status().ok(), (runner.init_status().ok() ? std::string() : runner.init_status().error().describe()));
    runner.frames(3);

    const SemanticItem field = require_item(app, "Din idé på én linje");
    CHECK(field.role == SemanticRole::TextInput);
    runner.click(field.rect.centre_x(), field.rect.centre_y());
    CHECK(require_item(app, "Din idé på én linje").active);
    runner.type_text("Æblegrød");
    CHECK(app.state_json().find("\"draft\":\"Æblegrød\"") != std::string::npos);

    const SemanticItem button = require_item(app, "Gem idé");
    CHECK(button.role == SemanticRole::Button);
    runner.click(button.rect.centre_x(), button.rect.centre_y());
    runner.frame();
    const std::string state = app.state_json();
    CHECK(state.find("\"noted\":[\"Æblegrød\"]") != std::string::npos);
    CHECK(state.find("\"draft\":\"\"") != std::string::npos);
    CHECK(state.find("\"presses\":1") != std::string::npos);
}

TEST_CASE("[FirstScreen] Enter in the field submits, an empty field keeps the user there") {
    ui::IdekortApp app;
    NullRunner runner(app, test_environment());
    REQUIRE(runner.init_status().ok());
    runner.frames(3);
    const SemanticItem button = require_item(app, "Gem idé");
    runner.click(button.rect.centre_x(), button.rect.centre_y());
    runner.frame();
    CHECK(app.state_json().find("\"noted\":[]") != std::string::npos);

    const SemanticItem field = require_item(app, "Din idé på én linje");
    runner.click(field.rect.centre_x(), field.rect.centre_y());
    runner.type_text("Cykelværksted");
    runner.press_key(NullKey::Enter);
    CHECK(app.state_json().find("\"noted\":[\"Cykelværksted\"]") != std::string::npos);
}

TEST_CASE("[FirstScreen] switching language keeps the typed text and relabels the widgets") {
    ui::IdekortApp app;
    NullRunner runner(app, test_environment());
    REQUIRE(runner.init_status().ok());
    runner.frames(3);
    const SemanticItem field = require_item(app, "Din idé på én linje");
    runner.click(field.rect.centre_x(), field.rect.centre_y());
    runner.type_text("Grøn skolegård");
    const SemanticItem english = require_item(app, "English");
    runner.click(english.rect.centre_x(), english.rect.centre_y());
    runner.frames(2);
    CHECK(find_item(app.semantic_items(), "Save idea") != nullptr);
    CHECK(find_item(app.semantic_items(), "Your idea in one line") != nullptr);
    CHECK(app.state_json().find("\"draft\":\"Grøn skolegård\"") != std::string::npos);
    CHECK(app.state_json().find("\"language\":\"en\"") != std::string::npos);
}

TEST_CASE("[FirstScreen] a finger tap presses the button and leaves no hover behind") {
    ui::IdekortApp app;
    NullRunner runner(app, test_environment());
    REQUIRE(runner.init_status().ok());
    runner.frames(3);
    const SemanticItem button = require_item(app, "Gem idé");
    runner.tap(button.rect.centre_x(), button.rect.centre_y());
    CHECK(app.state_json().find("\"presses\":1") != std::string::npos);
    CHECK_FALSE(runner.pointer_on_screen());
}

TEST_CASE("[FirstScreen] every control is at least a 44 px touch target") {
    ui::IdekortApp app;
    NullRunner runner(app, test_environment());
    REQUIRE(runner.init_status().ok());
    runner.frames(3);
    int checked = 0;
    for (const SemanticItem& item : app.semantic_items()) {
        if (!item.visible) continue;
        CAPTURE(item.label);
        CHECK(item.rect.height >= 44.0f);
        CHECK(item.rect.width >= 44.0f);
        ++checked;
    }
    CHECK(checked == 3); // language switch, text field, submit
}

TEST_CASE("[IdekortApp] the programme is loaded at start-up; a broken one stops it, naming the place") {
    {
        ui::IdekortApp app;
        NullRunner runner(app, test_environment());
        REQUIRE(runner.init_status().ok());
        CHECK(app.state_json().find("\"themes\":6") != std::string::npos);
    }
    // The shipped assets with one mistake in the programme file.
    auto strings_da = built_assets().read("strings/da.strings").value();
    auto strings_en = built_assets().read("strings/en.strings").value();
    std::string programme = built_assets().read("programme/programme.json").value();
    programme.replace(programme.find("\"en\": \"Climate\""), 17, "\"EN\": \"Climate\"");
    const std::string dir = std::string("/tmp/idekort-broken-") + std::to_string(reinterpret_cast<std::uintptr_t>(&programme));
    for (const char* sub : {"", "/strings", "/programme", "/fonts"}) ::mkdir((dir + sub).c_str(), 0755);
    REQUIRE(file_io::write_file(dir + "/strings/da.strings", strings_da).ok());
    REQUIRE(file_io::write_file(dir + "/strings/en.strings", strings_en).ok());
    REQUIRE(file_io::write_file(dir + "/programme/programme.json", programme).ok());
    ui::IdekortApp app;
    AppEnvironment env = test_environment();
    const DirectoryAssets broken(dir);
    env.assets = &broken;
    NullRunner runner(app, env);
    REQUIRE_FALSE(runner.init_status().ok());
    CHECK(runner.init_status().error().describe() == "programme/programme.json: themes[4].name.en: missing");
}

TEST_CASE("[IdekortApp] a missing asset folder stops start-up with a message naming the file") {
    ui::IdekortApp app;
    AppEnvironment env = test_environment();
    const DirectoryAssets missing("/nonexistent/assets");
    env.assets = &missing;
    NullRunner runner(app, env);
    REQUIRE_FALSE(runner.init_status().ok());
    CHECK(runner.init_status().error().describe().find("/nonexistent/assets/strings/da.strings") != std::string::npos);
    runner.frame(); // harmless: nothing runs with half a configuration
}

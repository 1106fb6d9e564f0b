// Headless UI tests of the app's start: the start screen without a store, the language switch,
// touch, target sizes, and start-up failures that name their cause.
#include "ui_test_support.h"

#include "common/file_io.h"

#include <cstdint>
#include <sys/stat.h>

using namespace idekort;
using idekort::platform::NullRunner;
using idekort::test::AppState;
using idekort::test::built_assets;
using idekort::test::require_item;
using idekort::test::test_environment;

TEST_CASE("[StartScreen] with no store the app still takes a card: typed text lives in memory") {
    capture::CaptureApp app;
    NullRunner runner(app, test_environment());
    REQUIRE_MESSAGE(runner.init_status().ok(), (runner.init_status().ok() ? std::string() : runner.init_status().error().describe()));
    runner.frames(3);
    const SemanticItem button = require_item(app, "Ny idé");
    CHECK(button.role == SemanticRole::Button);
    test::press(runner, app, "Ny idé");
    test::press(runner, app, "Ved ikke – lad innovationsteamet vælge");
    test::press(runner, app, "Næste ›");
    const SemanticItem field = require_item(app, "Hvilken udfordring løser idéen?");
    CHECK(field.role == SemanticRole::TextInput);
    test::type_into(runner, app, "Hvilken udfordring løser idéen?", "Æblegrød");
    CHECK(require_item(app, "Hvilken udfordring løser idéen?").active);
    CHECK(AppState(app).card("challenge") == "Æblegrød");
}

TEST_CASE("[StartScreen] switching language relabels the widgets and tells the platform") {
    capture::CaptureApp app;
    AppEnvironment env = test_environment();
    std::vector<std::string> told;   // the browser page's notices follow this
    env.language_changed = [&](std::string_view language) { told.emplace_back(language); };
    NullRunner runner(app, env);
    REQUIRE(runner.init_status().ok());
    runner.frames(3);
    CHECK(told == std::vector<std::string>{"da"});
    test::press(runner, app, "English");
    CHECK(find_item(app.semantic_items(), "New idea") != nullptr);
    CHECK(find_item(app.semantic_items(), "Dansk") != nullptr);
    CHECK(AppState(app).text("language") == "en");
    CHECK(told == std::vector<std::string>{"da", "en"});
}

TEST_CASE("[StartScreen] a finger tap presses the button and leaves no hover behind") {
    capture::CaptureApp app;
    NullRunner runner(app, test_environment());
    REQUIRE(runner.init_status().ok());
    runner.frames(3);
    const SemanticItem button = require_item(app, "Ny idé");
    runner.tap(button.rect.centre_x(), button.rect.centre_y());
    CHECK(AppState(app).text("screen") == "wizard");
    CHECK_FALSE(runner.pointer_on_screen());
}

TEST_CASE("[StartScreen] every control is at least a 44 px touch target") {
    capture::CaptureApp app;
    NullRunner runner(app, test_environment());
    REQUIRE(runner.init_status().ok());
    runner.frames(3);
    int checked = 0;
    for (const SemanticItem& item : app.semantic_items()) {
        if (!item.visible || !is_control(item.role)) continue;   // words and groups are no touch targets
        CAPTURE(item.label);
        CHECK(item.rect.height >= 44.0f);
        CHECK(item.rect.width >= 44.0f);
        ++checked;
    }
    CHECK(checked == 4); // language switch, "new idea", "follow your idea", "join a workshop"
}

TEST_CASE("[CaptureApp] the programme is loaded at start-up; a broken one stops it, naming the place") {
    {
        capture::CaptureApp app;
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
    capture::CaptureApp app;
    AppEnvironment env = test_environment();
    const DirectoryAssets broken(dir);
    env.assets = &broken;
    NullRunner runner(app, env);
    REQUIRE_FALSE(runner.init_status().ok());
    CHECK(runner.init_status().error().describe() == "programme/programme.json: themes[4].name.en: missing");
}

TEST_CASE("[CaptureApp] a missing asset folder stops start-up with a message naming the file") {
    capture::CaptureApp app;
    AppEnvironment env = test_environment();
    const DirectoryAssets missing("/nonexistent/assets");
    env.assets = &missing;
    NullRunner runner(app, env);
    REQUIRE_FALSE(runner.init_status().ok());
    CHECK(runner.init_status().error().describe().find("/nonexistent/assets/strings/da.strings") != std::string::npos);
    runner.frame(); // harmless: nothing runs with half a configuration
}

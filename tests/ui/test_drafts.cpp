// Headless UI tests of drafts on the first screen with the real native store on a real file:
// "saved" appears only after the store acknowledged the commit, and the drafts are there again
// when the app starts anew on the same file.
#include "ui_test_support.h"

#include "platform/native/sqlite_executor.h"
#include "tests/store/store_test_support.h"

#include "imgui.h"

#include <cstdlib>
#include <memory>
#include <optional>

using namespace idekort;
using idekort::platform::NullKey;
using idekort::platform::NullRunner;
using idekort::platform::SqliteExecutor;
using idekort::test::require_item;
using idekort::test::test_environment;

namespace {
using idekort::test::temp_database;
// The real app in the headless runner on a real SQLite store at `database`, started and with
// the store's first answers delivered.
struct AppOnStore {
    std::unique_ptr<SqliteExecutor> store;
    ui::IdekortApp app;
    std::optional<NullRunner> runner;
    explicit AppOnStore(const std::string& database) : store(SqliteExecutor::open(database).value()) {
        AppEnvironment env = test_environment();
        env.store = store.get();
        runner.emplace(app, env);
        REQUIRE(runner->init_status().ok());
        runner->settle_store();
    }
    std::string state() const { return app.state_json(); }
};

void type_and_save(NullRunner& runner, const Application& app, const char* text) {
    const SemanticItem field = require_item(app, "Din idé på én linje");
    runner.click(field.rect.centre_x(), field.rect.centre_y());
    runner.type_text(text);
    runner.press_key(NullKey::Enter);
}
} // namespace

TEST_CASE("[Drafts] a saved idea shows 'saved' after the commit and is listed after a restart") {
    const std::string db = temp_database();
    {
        AppOnStore a(db);
        NullRunner& runner = *a.runner;
        ui::IdekortApp& app = a.app;
        CHECK(app.state_json().find("\"opened\":true") != std::string::npos);
        type_and_save(runner, app, "Grøn skolegård");
        runner.settle_store();
        CHECK(app.state_json().find("\"drafts\":[{\"title\":\"Grøn skolegård\",\"state\":\"saved\",\"label\":\"drafts.saved\"}]") != std::string::npos);
    }
    AppOnStore a(db);
    ui::IdekortApp& app = a.app;
    CHECK(app.state_json().find("\"drafts\":[{\"title\":\"Grøn skolegård\",\"state\":\"saved\",\"label\":\"drafts.saved\"}]") != std::string::npos);
}

TEST_CASE("[Drafts] until the store answers, the draft says 'saving', never 'saved'") {
    AppOnStore a(temp_database());
    NullRunner& runner = *a.runner;
    ui::IdekortApp& app = a.app;
    const SemanticItem field = require_item(app, "Din idé på én linje");
    runner.click(field.rect.centre_x(), field.rect.centre_y());
    runner.type_text("Cykel");
    // Press Enter and look before the runner delivers the store's answer.
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Enter, true);
    a.store->wait_idle(); // nothing queued yet: the save is queued by the frame below
    runner.frame();
    CHECK(app.state_json().find("\"state\":\"saving\"") != std::string::npos);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Enter, false);
    runner.settle_store();
    CHECK(app.state_json().find("\"state\":\"saved\"") != std::string::npos);
}

TEST_CASE("[Drafts] a store in memory only is said on screen in words") {
    AppOnStore a(":memory:");
    ui::IdekortApp& app = a.app;
    CHECK(app.state_json().find("\"durable\":false") != std::string::npos);
    CHECK(app.state_json().find("\"where\":\"memory only\"") != std::string::npos);
}

TEST_CASE("[Drafts] 'saved on this device' is said only when the store is durable") {
    for (const bool durable : {true, false}) {
        CAPTURE(durable);
        AppOnStore a(durable ? temp_database() : ":memory:");
        NullRunner& runner = *a.runner;
        ui::IdekortApp& app = a.app;
        type_and_save(runner, app, "Cykel");
        runner.settle_store();
        const std::string expected = durable ? "\"label\":\"drafts.saved\"" : "\"label\":\"drafts.saved_memory\"";
        CHECK(app.state_json().find(expected) != std::string::npos);
    }
}

TEST_CASE("[Drafts] text being typed is in the store before the button is pressed") {
    const std::string db = temp_database();
    {
        AppOnStore a(db);
        NullRunner& runner = *a.runner;
        ui::IdekortApp& app = a.app;
        const SemanticItem field = require_item(app, "Din idé på én linje");
        runner.click(field.rect.centre_x(), field.rect.centre_y());
        runner.type_text("Halvt skrevet idé");
        runner.frames(30); // half a second of frames: past the 300 ms debounce
        runner.settle_store();
        // The app "crashes" here: no button was pressed.
    }
    AppOnStore a(db);
    ui::IdekortApp& app = a.app;
    CHECK(app.state_json().find("\"title\":\"Halvt skrevet idé\"") != std::string::npos);
}

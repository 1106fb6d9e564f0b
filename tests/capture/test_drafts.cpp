// Headless UI tests of drafts on the start screen and in the wizard with the real native store on a real file:
// "saved" appears only after the store acknowledged the commit, and the drafts are there again
// when the app starts anew on the same file.
#include "app_session.h"

#include "app/capture/sync_view.h"

#include "platform/native/sqlite_executor.h"
#include "tests/store/store_test_support.h"

#include "imgui.h"

#include <cstdlib>
#include <regex>
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
using AppOnStore = test::AppSession;

// Starts a card, types its title, and leaves it for the start screen (the draft stays).
void type_and_leave(NullRunner& runner, const Application& app, const char* title) {
    test::press(runner, app, "Ny idé");
    test::press(runner, app, "Ved ikke – lad innovationsteamet vælge");
    test::press(runner, app, "Næste ›");
    test::type_into(runner, app, "Hvilken udfordring løser idéen?", "En udfordring");
    test::type_into(runner, app, "Hvem har udfordringen?", "Nogen");
    test::press(runner, app, "Næste ›");
    test::type_into(runner, app, "Giv idéen en kort titel", title);
    for (int i = 0; i < 2; ++i) test::press(runner, app, "‹ Tilbage");
    test::press(runner, app, "Afbryd");
}
} // namespace

TEST_CASE("[Drafts] a saved idea shows 'saved' after the commit and is listed after a restart") {
    const std::string db = temp_database();
    {
        AppOnStore a(db);
        NullRunner& runner = *a.runner;
        capture::CaptureApp& app = a.app;
        CHECK(app.state_json().find("\"opened\":true") != std::string::npos);
        type_and_leave(runner, app, "Grøn skolegård");
        runner.settle_store();
        CHECK(app.state_json().find("\"drafts\":[{\"title\":\"Grøn skolegård\",\"state\":\"saved\",\"label\":\"drafts.saved\"}]") != std::string::npos);
    }
    AppOnStore a(db);
    capture::CaptureApp& app = a.app;
    CHECK(app.state_json().find("\"drafts\":[{\"title\":\"Grøn skolegård\",\"state\":\"saved\",\"label\":\"drafts.saved\"}]") != std::string::npos);
}

TEST_CASE("[Drafts] until the store answers, the wizard says 'saving', never 'saved'") {
    AppOnStore a(temp_database());
    NullRunner& runner = *a.runner;
    capture::CaptureApp& app = a.app;
    test::press(runner, app, "Ny idé");
    test::press(runner, app, "Ved ikke – lad innovationsteamet vælge");
    test::press(runner, app, "Næste ›");
    const SemanticItem field = require_item(app, "Hvem har udfordringen?");
    runner.click(field.rect.centre_x(), field.rect.centre_y());
    // Type and look before the runner delivers the store's answer.
    ImGui::GetIO().AddInputCharactersUTF8("Cykel");
    a.store->wait_idle(); // nothing queued yet: the save is queued by the frame below
    runner.frame();
    CHECK(app.state_json().find("\"save\":\"saving\"") != std::string::npos);
    a.store->wait_idle(); // committed, but not yet delivered to the app: still "saving"
    CHECK(app.state_json().find("\"save\":\"saving\"") != std::string::npos);
    runner.settle_store();
    CHECK(app.state_json().find("\"save\":\"saved\"") != std::string::npos);
}

TEST_CASE("[Drafts] a store in memory only is said on screen in words") {
    AppOnStore a(":memory:");
    capture::CaptureApp& app = a.app;
    CHECK(app.state_json().find("\"durable\":false") != std::string::npos);
    CHECK(app.state_json().find("\"where\":\"memory only\"") != std::string::npos);
}

TEST_CASE("[Drafts] 'saved on this device' is said only when the store is durable") {
    for (const bool durable : {true, false}) {
        CAPTURE(durable);
        AppOnStore a(durable ? temp_database() : ":memory:");
        NullRunner& runner = *a.runner;
        capture::CaptureApp& app = a.app;
        type_and_leave(runner, app, "Cykel");
        runner.settle_store();
        const std::string expected = durable ? "\"label\":\"drafts.saved\"" : "\"label\":\"drafts.saved_memory\"";
        CHECK(app.state_json().find(expected) != std::string::npos);
    }
}

TEST_CASE("[Drafts] text being typed is in the store without leaving the wizard") {
    const std::string db = temp_database();
    {
        AppOnStore a(db);
        NullRunner& runner = *a.runner;
        capture::CaptureApp& app = a.app;
        test::press(runner, app, "Ny idé");
        test::press(runner, app, "Ved ikke – lad innovationsteamet vælge");
        test::press(runner, app, "Næste ›");
        test::type_into(runner, app, "Hvilken udfordring løser idéen?", "Halvt skrevet idé");
        runner.frames(30); // half a second of frames: past the 300 ms debounce
        runner.settle_store();
        // The app "crashes" here: nothing was pressed after typing.
    }
    AppOnStore a(db);
    capture::CaptureApp& app = a.app;
    CHECK(app.state_json().find("\"drafts\":[{\"title\":\"\",\"state\":\"saved\"") != std::string::npos);
    // An untitled draft is named by its first words (issue 12), not "(uden titel)" alone.
    CHECK(test::shows(app, "Slet: Uden titel: »Halvt skrevet idé«"));
    // ...and says when it was last edited: the draft's own time as the store has it, in words.
    const std::vector<DraftSummary> stored = a.drafts();
    REQUIRE(stored.size() == 1);
    const std::string edited = "redigeret " + capture::readable_time(stored[0].updated_at);
    CHECK_MESSAGE(std::regex_match(edited, std::regex("redigeret \\d\\d-\\d\\d-\\d{4} \\d\\d:\\d\\d UTC")), edited);
    bool said = false;
    for (const SemanticItem& item : app.semantic_items())
        if (item.label.find(edited) != std::string::npos) said = true;
    CHECK_MESSAGE(said, "no text on the start screen says '" << edited << "'");
    test::press(*a.runner, app, "Fortsæt: Uden titel: »Halvt skrevet idé«");
    a.runner->settle_store();
    CHECK(test::AppState(app).card("challenge") == "Halvt skrevet idé");
}

// AppSession: the real CaptureApp in the headless runner on the real native store at a file
// (a kiosk or a personal device, at a given screen size), started, with the store's first
// answers delivered; plus ways to press and type by label and to read the store directly.
#pragma once

#include "ui_test_support.h"

#include "app/core/card_store.h"
#include "platform/native/sqlite_executor.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace idekort::test {

struct AppSession {
    std::unique_ptr<platform::SqliteExecutor> store;
    capture::CaptureApp app;
    std::optional<platform::NullRunner> runner;
    explicit AppSession(const std::string& database, bool kiosk = false, float width = 1280, float height = 800)
        : store(platform::SqliteExecutor::open(database).value()), app(kiosk_settings(kiosk)) {
        AppEnvironment env = test_environment();
        env.store = store.get();
        runner.emplace(app, env, width, height);
        REQUIRE(runner->init_status().ok());
        runner->settle_store();
    }
    platform::NullRunner& r() { return *runner; }
    AppState state() const { return AppState(app); }
    void press(std::string_view label, bool touch = false) { test::press(*runner, app, label, touch); }
    void type(std::string_view label, std::string_view text) { type_into(*runner, app, label, text); }

    // Reads a list from the store directly (what survives the app).
    std::vector<DraftSummary> drafts() {
        CardStore cards(*store);
        std::vector<DraftSummary> out;
        bool done = false;
        cards.list_drafts([&](Expected<std::vector<DraftSummary>> d) { out = d.value(); done = true; });
        while (!done) { store->wait_idle(); store->deliver(); }
        return out;
    }
    std::vector<OutboxEntry> outbox() {
        CardStore cards(*store);
        std::vector<OutboxEntry> out;
        bool done = false;
        cards.list_outbox([&](Expected<std::vector<OutboxEntry>> o) { out = o.value(); done = true; });
        while (!done) { store->wait_idle(); store->deliver(); }
        return out;
    }
};

} // namespace idekort::test

// Helpers for headless UI tests: a NullRunner around the real CaptureApp with the built assets.
#pragma once

#include "app/capture/capture_app.h"
#include "platform/null/null_runner.h"

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/
#include <rapidjson/document.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "imgui.h"

namespace idekort::test {

// The assets the build staged beside the native binary.
inline const AssetSource& built_assets() {
    static const DirectoryAssets assets(IDEKORT_ASSET_DIR);
    return assets;
}

inline AppEnvironment test_environment() {
    AppEnvironment env;
    env.assets = &built_assets();
    return env;
}

// A kiosk's settings as the tests use them: 30 s to the question, 20 s to answer, PIN 4711.
inline CaptureSettings kiosk_settings(bool kiosk = true) {
    CaptureSettings s;
    s.kiosk = kiosk;
    s.kiosk_settings.idle_timeout_seconds = 30;
    s.kiosk_settings.countdown_seconds = 20;
    s.kiosk_settings.admin_pin = "4711";
    return s;
}

// Finds a visible widget by label in the last frame, failing the test with the labels seen.
inline const SemanticItem& require_item(const Application& app, std::string_view label) {
    const SemanticItem* item = find_item(app.semantic_items(), label);
    if (!item) {
        std::string seen;
        for (const auto& i : app.semantic_items()) seen += "'" + i.label + "' ";
        FAIL("no visible widget labelled '" << std::string(label) << "'; seen: " << seen);
    }
    return *item;
}

// Presses the widget labelled `label` with the mouse (or a finger with `touch`), then lets the
// app draw the frames that follow a press.
// A widget below the bottom of the screen is first brought up by dragging the page with a
// finger, as a person would.
inline void press(platform::NullRunner& runner, const Application& app, std::string_view label, bool touch = false) {
    const float bottom = ImGui::GetIO().DisplaySize.y;
    for (int i = 0; i < 24; ++i) {
        const SemanticItem* found = find_item(app.semantic_items(), label);
        if (found && found->rect.centre_y() > 8 && found->rect.centre_y() < bottom - 8) break;
        // Not on screen (clipped items have no label yet): look further down first, then up.
        const bool down = found ? found->rect.centre_y() >= bottom - 8 : i < 8;
        runner.drag(8, bottom * (down ? 0.75f : 0.25f), 8, bottom * (down ? 0.25f : 0.75f));
        runner.frames(2);
    }
    const SemanticItem item = require_item(app, label);
    if (touch) runner.tap(item.rect.centre_x(), item.rect.centre_y());
    else runner.click(item.rect.centre_x(), item.rect.centre_y());
    runner.frames(2);
}

// Clicks into the text field labelled `label` and types `text` at the cursor.
inline void type_into(platform::NullRunner& runner, const Application& app, std::string_view label, std::string_view text) {
    press(runner, app, label);
    runner.type_text(text);
    runner.frame();
}

// The app's state_json() parsed, for checks such as state(app)["card"]["title"].
struct AppState {
    rapidjson::Document doc;
    explicit AppState(const Application& app) {
        const std::string json = app.state_json();
        doc.Parse(json.c_str());
        REQUIRE_MESSAGE(!doc.HasParseError(), "state_json is not JSON: " << json);
    }
    const rapidjson::Value& operator[](const char* key) const { return doc[key]; }
    std::string text(const char* key) const { return doc[key].GetString(); }
    std::string card(const char* key) const { return doc["card"][key].GetString(); }
};

// True when some visible widget has this label.
inline bool shows(const Application& app, std::string_view label) { return find_item(app.semantic_items(), label) != nullptr; }

} // namespace idekort::test

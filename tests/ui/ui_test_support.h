// Helpers for headless UI tests: a NullRunner around the real IdekortApp with the built assets.
#pragma once

#include "app/ui/idekort_app.h"
#include "platform/null/null_runner.h"

#include <doctest/doctest.h>

namespace idekort::test {

// The assets the build staged beside the native binary.
inline const AssetSource& built_assets() {
    static const DirectoryAssets assets(IDEKORT_ASSET_DIR);
    return assets;
}

inline AppEnvironment test_environment(const char* language = "da") {
    AppEnvironment env;
    env.assets = &built_assets();
    env.language = language;
    return env;
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

} // namespace idekort::test

// Tests for app/core/semantic_item.h: lookup by label and the JSON the browser bridge reads.
#include "app/core/semantic_item.h"

#include <doctest/doctest.h>

using namespace idekort;

TEST_CASE("[SemanticItem] find_item returns the first visible item with the label") {
    std::vector<SemanticItem> items(3);
    items[0].label = "Gem idé"; items[0].visible = false; items[0].id = 1;
    items[1].label = "Gem idé"; items[1].visible = true; items[1].id = 2;
    items[2].label = "Andet"; items[2].visible = true; items[2].id = 3;
    REQUIRE(find_item(items, "Gem idé") != nullptr);
    CHECK(find_item(items, "Gem idé")->id == 2);
    CHECK(find_item(items, "Mangler") == nullptr);
}

TEST_CASE("[SemanticItem] JSON carries role, rect and state with escaped labels") {
    SemanticItem item;
    item.id = 42;
    item.label = "Din \"idé\"";
    item.role = SemanticRole::TextInput;
    item.rect = {10, 20, 300, 44};
    item.visible = true;
    item.active = true;
    const std::string json = to_json({item});
    CHECK(json == "[{\"id\":42,\"label\":\"Din \\\"idé\\\"\",\"role\":\"textbox\",\"x\":10.0,\"y\":20.0,"
                  "\"width\":300.0,\"height\":44.0,\"visible\":true,\"disabled\":false,\"focused\":false,"
                  "\"active\":true,\"checked\":false,\"invalid\":false,\"value\":\"\"}]");
    CHECK(to_json({}) == "[]");
}

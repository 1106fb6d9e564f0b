// SemanticItem lookup and JSON (see semantic_item.h).
#include "app/core/semantic_item.h"

#include "common/json_writer.h"

#include <cstdio>

namespace idekort {

std::string_view to_string(SemanticRole role) {
    switch (role) {
    case SemanticRole::Button: return "button";
    case SemanticRole::TextInput: return "textbox";
    case SemanticRole::Checkbox: return "checkbox";
    case SemanticRole::Disclosure: return "disclosure";
    case SemanticRole::Slider: return "slider";
    case SemanticRole::Other: return "other";
    }
    return "other";
}

const SemanticItem* find_item(const std::vector<SemanticItem>& items, std::string_view label) {
    for (const auto& item : items)
        if (item.visible && item.label == label) return &item;
    return nullptr;
}

std::string to_json(const std::vector<SemanticItem>& items) {
    std::string out = "[";
    char rect[160];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& it = items[i];
        if (i) out += ',';
        std::snprintf(rect, sizeof rect, "\"x\":%.1f,\"y\":%.1f,\"width\":%.1f,\"height\":%.1f",
                      it.rect.x, it.rect.y, it.rect.width, it.rect.height);
        out += "{\"id\":" + std::to_string(it.id) + ",\"label\":" + json::quote(it.label) +
               ",\"role\":" + json::quote(to_string(it.role)) + "," + rect +
               ",\"visible\":" + (it.visible ? "true" : "false") +
               ",\"disabled\":" + (it.disabled ? "true" : "false") +
               ",\"focused\":" + (it.focused ? "true" : "false") +
               ",\"active\":" + (it.active ? "true" : "false") +
               ",\"checked\":" + (it.checked ? "true" : "false") + "}";
    }
    out += "]";
    return out;
}

} // namespace idekort

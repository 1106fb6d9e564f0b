// ItemRegistry: records every widget ImGui submits each frame (id, label, rect, role, state)
// through ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE; we implement
// ImGuiTestEngineHook_ItemAdd / _ItemInfo instead of linking the test engine).
//
// Readers: the headless UI tests (find by label, click the centre), the browser tests (through
// the platform bridge), and the ARIA mirror of wave 2. It runs with no per-frame calls from the
// app: context hooks open a frame at NewFrame and publish it at EndFrame, so items() always
// holds the last *complete* frame in submission order (= tab order).
//
// ImGui gives no label to fields drawn with a "##id" label (our text fields put their label
// above them as text), so label_next_item() names the next item for the registry, the way an
// HTML <label for> names an input.
#pragma once

#include "app/core/semantic_item.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct ImGuiContext;

namespace idekort::ui {

class ItemRegistry {
public:
    ItemRegistry() = default;
    ItemRegistry(const ItemRegistry&) = delete;
    ItemRegistry& operator=(const ItemRegistry&) = delete;
    ~ItemRegistry();

    // Starts recording on `context` (one registry per context).
    void attach(ImGuiContext* context);
    void detach();

    // The widgets of the last complete frame.
    const std::vector<SemanticItem>& items() const { return m_published; }

    // Names the next submitted item, for fields whose visible label is drawn separately.
    void label_next_item(std::string_view label) { m_next_label = label; }
    // Marks the next submitted item as having a problem shown at it (aria-invalid).
    void mark_next_item_invalid() { m_next_invalid = true; }

    // Called by the hooks (item_registry.cpp); not for app code.
    void on_item_add(std::uint32_t id, float x0, float y0, float x1, float y1, bool disabled);
    void on_item_info(std::uint32_t id, const char* label, int status_flags);
    void on_frame_begin();
    void on_frame_end();
    const char* debug_label(std::uint32_t id) const;

private:
    ImGuiContext* m_context = nullptr;
    std::vector<SemanticItem> m_current;
    std::vector<SemanticItem> m_published;
    std::unordered_map<std::uint32_t, std::size_t> m_index; // id -> position in m_current
    std::string m_next_label;
    bool m_next_invalid = false;
};

} // namespace idekort::ui

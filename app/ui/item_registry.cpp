// ItemRegistry and our implementation of ImGui's item hooks (see item_registry.h).
//
// Facts this relies on (ImGui 1.90.1, measured in CANVAS-A11Y.md):
// - ItemAdd fires for every item with an id, clipped ones included; item_data is NULL for
//   windows, which we drop. InputTextMultiline fires it twice with the same id.
// - ItemInfo fires at the end of most widgets only when not clipped; its label still carries
//   "##suffix", which FindRenderedTextEnd() cuts.
// - Button, Selectable and RadioButton report the same flags; all are "button" here.
#include "app/ui/item_registry.h"

#include <utility>

#include "imgui.h"
#include "imgui_internal.h"

namespace idekort::ui {

namespace {

ItemRegistry* registry_of(ImGuiContext* ctx) { return static_cast<ItemRegistry*>(ctx->TestEngine); }

void hook_frame_begin(ImGuiContext* ctx, ImGuiContextHook* hook) {
    if (ctx->TestEngine == hook->UserData) registry_of(ctx)->on_frame_begin();
}
void hook_frame_end(ImGuiContext* ctx, ImGuiContextHook* hook) {
    if (ctx->TestEngine == hook->UserData) registry_of(ctx)->on_frame_end();
}

} // namespace

ItemRegistry::~ItemRegistry() { detach(); }

void ItemRegistry::attach(ImGuiContext* context) {
    detach();
    m_context = context;
    context->TestEngine = this;
    context->TestEngineHookItems = true;
    ImGuiContextHook begin;
    begin.Type = ImGuiContextHookType_NewFramePost;
    begin.Callback = hook_frame_begin;
    begin.UserData = this;
    ImGui::AddContextHook(context, &begin);
    ImGuiContextHook end;
    end.Type = ImGuiContextHookType_EndFramePost;
    end.Callback = hook_frame_end;
    end.UserData = this;
    ImGui::AddContextHook(context, &end);
}

void ItemRegistry::detach() {
    if (!m_context) return;
    // The context's hooks check TestEngine == this, so clearing it disarms them even if the
    // context outlives us; RemoveContextHook needs the hook ids, which we do not need to keep.
    m_context->TestEngine = nullptr;
    m_context->TestEngineHookItems = false;
    m_context = nullptr;
}

void ItemRegistry::on_frame_begin() {
    m_current.clear();
    m_index.clear();
    m_next_label.clear();
    m_next_invalid = false;
}

void ItemRegistry::on_item_add(std::uint32_t id, float x0, float y0, float x1, float y1, bool disabled) {
    if (const auto it = m_index.find(id); it != m_index.end()) return; // multiline: same id twice
    SemanticItem item;
    item.id = id;
    item.rect = {x0, y0, x1 - x0, y1 - y0};
    item.disabled = disabled;
    if (!m_next_label.empty()) {
        item.label = std::move(m_next_label);
        m_next_label.clear();
    }
    item.invalid = std::exchange(m_next_invalid, false);
    m_index.emplace(id, m_current.size());
    m_current.push_back(std::move(item));
}

void ItemRegistry::on_item_info(std::uint32_t id, const char* label, int flags) {
    const auto it = m_index.find(id);
    if (it == m_index.end()) return;
    SemanticItem& item = m_current[it->second];
    item.visible = true;
    if (item.label.empty() && label) item.label.assign(label, ImGui::FindRenderedTextEnd(label));
    if (flags & ImGuiItemStatusFlags_Inputable) item.role = SemanticRole::TextInput;
    else if (flags & ImGuiItemStatusFlags_Checkable) item.role = SemanticRole::Checkbox;
    else if (flags & ImGuiItemStatusFlags_Openable) item.role = SemanticRole::Disclosure;
    else item.role = SemanticRole::Button;
    item.checked = (flags & (ImGuiItemStatusFlags_Checked | ImGuiItemStatusFlags_Opened)) != 0;
}

void ItemRegistry::on_frame_end() {
    const ImGuiContext& g = *m_context;
    for (SemanticItem& item : m_current) {
        item.active = item.id == g.ActiveId;
        item.focused = item.id == g.NavId && g.NavWindow != nullptr;
        // A slider also reports Inputable; only InputText keeps an InputTextState for its id.
        if (item.role == SemanticRole::TextInput && item.active && g.InputTextState.ID != item.id)
            item.role = SemanticRole::Slider;
    }
    m_published.swap(m_current);
}

const char* ItemRegistry::debug_label(std::uint32_t id) const {
    for (const auto& item : m_published)
        if (item.id == id) return item.label.c_str();
    return nullptr;
}

} // namespace idekort::ui

// [SECTION] ImGui's hook entry points (declared in imgui_internal.h)

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData* item_data) {
    if (!item_data || !ctx->TestEngine) return; // windows have no item data
    const bool disabled = (item_data->InFlags & ImGuiItemFlags_Disabled) != 0;
    idekort::ui::registry_of(ctx)->on_item_add(id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y, disabled);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    if (ctx->TestEngine) idekort::ui::registry_of(ctx)->on_item_info(id, label, flags);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext* ctx, ImGuiID id) {
    return ctx->TestEngine ? idekort::ui::registry_of(ctx)->debug_label(id) : nullptr;
}

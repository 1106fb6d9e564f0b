// ItemRegistry and our implementation of ImGui's item hooks (see item_registry.h).
//
// Facts this relies on (ImGui 1.90.1, measured in CANVAS-A11Y.md):
// - ItemAdd fires for every item with an id, clipped ones included; item_data is NULL for
//   windows, which we drop. InputTextMultiline fires it twice with the same id.
// - ItemInfo fires at the end of most widgets only when not clipped; its label still carries
//   "##suffix", which FindRenderedTextEnd() cuts.
// - Button, Selectable and RadioButton report the same flags; all are "button" here unless the
//   kit said otherwise (role_next_item).
// - ActivateItemByID presses a button or toggles a check box at the next NewFrame; a text field
//   needs the PreferInput | TryToPreserveState flags too. A clipped item cannot be activated, so
//   an action first scrolls its item into view.
#include "app/ui/item_registry.h"

#include <utility>
#include <string>

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

// FNV-1a over the bytes of `value`, folded into `hash`: the change signature.
template <class T>
void fold(std::uint64_t& hash, const T& value) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(&value);
    for (std::size_t i = 0; i < sizeof(T); ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
}
void fold(std::uint64_t& hash, const std::string& text) {
    for (const unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    fold(hash, text.size());
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

ItemRegistry* ItemRegistry::current() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    return ctx ? registry_of(ctx) : nullptr;
}

void ItemRegistry::on_frame_begin() {
    m_current.clear();
    m_index.clear();
    m_next_label.clear();
    m_next_invalid = false;
    m_next = {};
    m_groups.clear();
    m_text_muted = false;
}

void ItemRegistry::role_next_item(SemanticRole role, bool checked, bool multiline) {
    m_next.has_role = true;
    m_next.role = role;
    m_next.checked = checked;
    m_next.multiline = multiline;
}

void ItemRegistry::set_next_item_error(std::string_view message) {
    m_next.error = message;
    m_next_invalid = true;
}

void ItemRegistry::add_annotated(SemanticItem item) {
    // Ids from the words, the role and the group, so a heading keeps its id from frame to frame;
    // the same words twice get the next id along.
    ImGuiID id = ImHashStr(item.label.c_str(), item.label.size(), static_cast<ImGuiID>(item.role) * 7919u + item.parent);
    while (id == 0 || m_index.count(id)) id = ImHashData(&id, sizeof id, 0x9E3779B9u);
    item.id = id;
    if (!m_groups.empty() && item.parent == 0) item.parent = m_groups.back();
    const ImGuiWindow* window = GImGui->CurrentWindow;
    item.visible = !window || window->ClipRect.Overlaps(ImRect(item.rect.x, item.rect.y, item.rect.x + item.rect.width, item.rect.y + item.rect.height));
    m_index.emplace(id, m_current.size());
    m_current.push_back(std::move(item));
}

void ItemRegistry::add_text(SemanticRole role, std::string_view text, const SemanticRect& rect, int level) {
    if (text.empty() || (m_text_muted && role == SemanticRole::Text)) return;
    SemanticItem item;
    item.role = role;
    item.label = text;
    item.rect = rect;
    item.level = level;
    add_annotated(std::move(item));
}

void ItemRegistry::add_progress(std::string_view words, int now, int max, const SemanticRect& rect) {
    SemanticItem item;
    item.role = SemanticRole::Progress;
    item.label = words;
    item.rect = rect;
    item.value_now = now;
    item.value_max = max;
    add_annotated(std::move(item));
}

void ItemRegistry::begin_group(SemanticRole role, std::string_view label) {
    SemanticItem item;
    item.role = role;
    item.label = label;
    if (const ImGuiWindow* window = GImGui->CurrentWindow) {
        const ImVec2 at = window->DC.CursorPos;
        item.rect = {at.x, at.y, window->WorkRect.GetWidth(), 0};
    }
    add_annotated(std::move(item));
    m_groups.push_back(m_current.back().id);
}

void ItemRegistry::end_group() {
    if (!m_groups.empty()) m_groups.pop_back();
}

void ItemRegistry::request_action(std::uint32_t id, Action action) {
    m_action_id = id;
    m_action = action;
    m_action_frames = 0;
    m_action_scrolled = false;
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
    if (m_next.has_role) {
        item.role = m_next.role;
        item.checked = m_next.checked;
        item.multiline = m_next.multiline;
    }
    item.description = std::move(m_next.description);
    item.error = std::move(m_next.error);
    item.value = std::move(m_next.value);
    m_next = {};
    if (!m_groups.empty()) item.parent = m_groups.back();
    if (id == m_action_id) carry_out_action(id, ImRect(x0, y0, x1, y1));
    m_index.emplace(id, m_current.size());
    m_current.push_back(std::move(item));
}

void ItemRegistry::on_item_info(std::uint32_t id, const char* label, int flags) {
    const auto it = m_index.find(id);
    if (it == m_index.end()) return;
    SemanticItem& item = m_current[it->second];
    item.visible = true;
    if (item.label.empty() && label) item.label.assign(label, ImGui::FindRenderedTextEnd(label));
    const bool checked = (flags & (ImGuiItemStatusFlags_Checked | ImGuiItemStatusFlags_Opened)) != 0;
    if (item.role == SemanticRole::Checkbox) item.checked = checked;   // declared by the kit, state from ImGui
    if (item.role != SemanticRole::Other) return;                     // the kit said what it is
    if (flags & ImGuiItemStatusFlags_Inputable) item.role = SemanticRole::TextInput;
    else if (flags & ImGuiItemStatusFlags_Checkable) item.role = SemanticRole::Checkbox;
    else if (flags & ImGuiItemStatusFlags_Openable) item.role = SemanticRole::Disclosure;
    else item.role = SemanticRole::Button;
    item.checked = checked;
}

void ItemRegistry::on_frame_end() {
    const ImGuiContext& g = *m_context;
    for (SemanticItem& item : m_current) {
        item.active = item.id == g.ActiveId;
        item.focused = item.id == g.NavId && g.NavWindow != nullptr;
        // A slider also reports Inputable; only InputText keeps an InputTextState for its id.
        if (item.role == SemanticRole::TextInput && item.active && g.InputTextState.ID != item.id && !item.multiline)
            item.role = SemanticRole::Slider;
    }
    m_published.swap(m_current);
    const std::uint64_t now = signature();
    if (now != m_signature) {
        m_signature = now;
        ++m_generation;
    }
    // An action whose item did not come for a few frames (the screen changed) is dropped.
    if (m_action_id != 0 && ++m_action_frames > 4) m_action_id = 0;
    if (m_frames_wanted > 0) --m_frames_wanted;
}

std::uint64_t ItemRegistry::signature() const {
    // What a person notices: never hover, and rects to whole pixels (a scroll moves them).
    std::uint64_t hash = 1469598103934665603ull;
    for (const SemanticItem& it : m_published) {
        fold(hash, it.id);
        fold(hash, it.label);
        fold(hash, it.role);
        fold(hash, static_cast<int>(it.rect.x));
        fold(hash, static_cast<int>(it.rect.y));
        fold(hash, static_cast<int>(it.rect.width));
        fold(hash, static_cast<int>(it.rect.height));
        const int state = it.visible | it.disabled << 1 | it.focused << 2 | (it.active && it.role == SemanticRole::TextInput) << 3 |
                          it.checked << 4 | it.invalid << 5;
        fold(hash, state);
        fold(hash, it.value_now);
        fold(hash, it.parent);
        fold(hash, it.description);
        fold(hash, it.error);
        fold(hash, it.value);
    }
    return hash;
}

void ItemRegistry::carry_out_action(std::uint32_t id, const ImRect& rect) {
    ImGuiContext& g = *m_context;
    ImGuiWindow* window = g.CurrentWindow;
    if (!window) return;
    // A clipped item cannot be pressed or focused: bring it into view, and act a frame later.
    if (!window->ClipRect.Contains(rect) && !m_action_scrolled) {
        ImGui::ScrollToRectEx(window, rect, ImGuiScrollFlags_KeepVisibleEdgeY);
        m_action_scrolled = true;
        m_frames_wanted = 3;
        return;
    }
    ImGui::SetFocusID(id, window);
    // The nav highlight is ImGui's focus ring: show it, as for keyboard focus.
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
    if (m_action == Action::Activate || m_action == Action::Edit) {
        ImGui::ActivateItemByID(id);
        if (m_action == Action::Edit) g.NavNextActivateFlags = ImGuiActivateFlags_PreferInput | ImGuiActivateFlags_TryToPreserveState;
    }
    m_action_id = 0;
    m_frames_wanted = 3;   // the activation happens at the next NewFrame; then its result is drawn
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
